/*
** test-till-ui.c: the till's widgets under Xvfb, driven as a merchant would:
** touches are gtk_button_clicked() on the real buttons (found by their ids
** in the .ui templates), typing is text in the real entries, keys are the
** window's actions through their F-key accelerators.
**
** One whole day: a weighed product by its key and the weight dialog, a
** piece product with the quantity typed first, a split tender (card with
** its approval number, then cash), the receipt with its QR; a void from
** today's sales; the day close with the counted cash.  All of it while a
** sync to a hub that never answers runs in the background: the time the
** "Done" touch takes (commit, receipt built) is measured and must stay
** small, and the main loop must keep turning.
*/
#include "qr-view.h"
#include "till-app.h"
#include "till-dialogs.h"
#include "till-keys-view.h"
#include "till-scenario.h"
#include "till-test-keys.h"
#include "till-test-util.h"
#include "ui-test-net.h"
#include "till-ui.h"
#include "till-window.h"
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/*
** Not a speed check (bench-till measures the 50 ms target): what these
** bounds catch is a UI thread waiting for the hanging hub, which would
** last the sync client's request timeout (SYNC_REQUEST_TIMEOUT_MS, 30 s).
** 2 s is far under that and far over a click on a machine at load 20
** under ASan (250 ms failed there: 387 and 454 ms).
*/
#define PAY_CLICK_MAX_US (2000 * 1000)
#define LOOP_LATENCY_MAX_US (2000 * 1000)

/*
** A widget by its id in the .ui template, as a merchant would find it on
** screen.
*/
static GtkWidget *child(gpointer widget, const char *id)
{
  GObject *o = gtk_widget_get_template_child(GTK_WIDGET(widget), G_OBJECT_TYPE(widget), id);
  if (o == NULL)
    g_error("no template child '%s' in %s", id, G_OBJECT_TYPE_NAME(widget));
  return GTK_WIDGET(o);
}

static TillWindow *the_window;   /* the window of the running test */

/* Lets GTK catch up: the window laid out, idles run, dialogs shown. */
static void settle(void)
{
  ui_batch_settle(GTK_WIDGET(the_window), 3000);
}

/* A touch on a button, then GTK catches up. */
static void click(gpointer widget, const char *id)
{
  gtk_button_clicked(GTK_BUTTON(child(widget, id)));
  settle();
}

/* Text into an entry, as the keyboard or scanner would leave it. */
static void type(gpointer widget, const char *id, const char *text)
{
  gtk_entry_set_text(GTK_ENTRY(child(widget, id)), text);
}

/* Presses a key on a toplevel (the window or a dialog), then GTK catches up. */
static void press(gpointer toplevel, guint keyval)
{
  ttu_send_key(GTK_WIDGET(toplevel), keyval, 0, FALSE);
  settle();
}

/* Raises the flag the test waits on. */
static void on_finished(TillSync *sync, gpointer data)
{
  (void)sync;
  *(gboolean *)data = TRUE;
}

/* Notes when the timer really fired. */
static gboolean on_tick(gpointer data)
{
  *(gint64 *)data = g_get_monotonic_time();
  return G_SOURCE_REMOVE;
}

/* How late a 10 ms timer fires: the UI thread's responsiveness. */
static gint64 loop_latency_us(void)
{
  gint64 fired = 0, start = g_get_monotonic_time();
  g_timeout_add(10, on_tick, &fired);
  while (fired == 0)
    g_main_context_iteration(NULL, TRUE);
  return fired - start - 10000;
}

static GtkApplication *app;

/* Swallows a log message. */
static void drop_message(const char *domain, GLogLevelFlags level, const char *message,
                         gpointer data)
{
  (void)domain;
  (void)level;
  (void)message;
  (void)data;
}

/* A shown, laid-out window on model; it becomes the one settle() waits on. */
static TillWindow *new_window(TillModel *model)
{
  the_window = till_window_new(app, model);
  gtk_widget_show(GTK_WIDGET(the_window));
  settle();
  return the_window;
}

/* Rings, pays, voids and closes through the widgets while a sync hangs. */
static void test_whole_day(void)
{
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(GError) error = NULL;
  g_autoptr(TillModel) model = till_model_new_demo(csv, &error);
  g_assert_no_error(error);
  guint16 port;
  g_autoptr(GSocket) silent = uitu_silent_port(&port);
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", port);
  ttu_enroll(model, url);
  TillWindow *win = new_window(model);
  TillKeysView *keys = TILL_KEYS_VIEW(child(win, "keys"));

  /* a weighed product: its key, then the weight dialog */
  till_keys_view_show_line(keys, "MEAT");
  gtk_button_clicked(GTK_BUTTON(till_keys_view_find_key(keys, 13)));
  settle();
  GtkWidget *d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_WEIGHT_DIALOG(d));
  type(d, "weight_entry", "0g");
  gtk_widget_activate(child(d, "weight_entry"));
  settle();
  g_assert_true(till_window_get_dialog(win) == d);   /* weight 0: refused, still open */
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))), "0 g"));
  /* a bare number is asked back: 450 g or 450 kg? */
  type(d, "weight_entry", "450");
  gtk_widget_activate(child(d, "weight_entry"));
  settle();
  g_assert_true(till_window_get_dialog(win) == d);
  g_assert_true(gtk_widget_get_visible(child(d, "ask_box")));
  g_assert_cmpstr(gtk_button_get_label(GTK_BUTTON(child(d, "ask_g_button"))), ==, "450 g · G");
  g_assert_cmpuint(till_model_n_lines(model), ==, 0);
  /* under the 10 g minimum: asked again, rung on a second Enter */
  type(d, "weight_entry", "5g");
  gtk_widget_activate(child(d, "weight_entry"));
  settle();
  g_assert_true(till_window_get_dialog(win) == d);
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))),
                          "Only 5 g?"));
  g_assert_cmpuint(till_model_n_lines(model), ==, 0);
  type(d, "weight_entry", "450");
  gtk_widget_activate(child(d, "weight_entry"));
  settle();
  click(d, "ask_g_button");
  g_assert_null(till_window_get_dialog(win));
  /* a piece product: the quantity typed first, then its key */
  type(win, "code_entry", "3");
  till_keys_view_show_line(keys, "FRUIT");
  gtk_button_clicked(GTK_BUTTON(till_keys_view_find_key(keys, 1)));
  settle();
  g_assert_cmpuint(till_model_n_lines(model), ==, 2);
  g_assert_cmpint(till_model_line(model, 0)->amount, ==, 7560);
  g_assert_cmpint(till_model_line(model, 1)->qty_milli, ==, 3000);
  g_assert_cmpstr(gtk_entry_get_text(GTK_ENTRY(child(win, "code_entry"))), ==, "");
  /* a scanned barcode: the scanner types it and presses Enter */
  type(win, "code_entry", "8809876543213");
  gtk_widget_activate(child(win, "code_entry"));
  settle();
  g_assert_cmpuint(till_model_n_lines(model), ==, 3);
  PosTotals t;
  till_model_totals(model, &t);
  g_assert_cmpint(t.total, ==, 7560 + 7500 + 2500);
  /* Up and Down walk the lines */
  g_assert_cmpint(till_model_selected(model), ==, 2);
  press(win, GDK_KEY_Up);
  press(win, GDK_KEY_Up);
  g_assert_cmpint(till_model_selected(model), ==, 0);
  press(win, GDK_KEY_Down);
  g_assert_cmpint(till_model_selected(model), ==, 1);

  /* the hub never answers: a push hangs in the background from here on */
  g_assert_true(till_model_sync_now(model, &error));
  g_assert_true(till_sync_running(till_model_sync(model)));

  /* F12 with no day open asks for the float first, typed, then pays */
  press(win, GDK_KEY_F12);
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_CLOSE_DIALOG(d));
  click(d, "open_button");   /* nothing typed: refused, still asking */
  g_assert_false(till_model_day_open(model));
  g_assert_true(till_window_get_dialog(win) == d);
  type(d, "float_entry", "30000");
  click(d, "open_button");
  g_assert_true(till_model_day_open(model));
  /* pay: card with its approval number, then cash */
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_PAYMENT_DIALOG(d));
  press(d, GDK_KEY_F2);   /* card */
  g_assert_true(gtk_widget_get_visible(child(d, "ref_box")));
  type(d, "amount_entry", "10000");
  click(d, "add_button");   /* no approval number: refused */
  g_assert_cmpuint(till_model_pay_n_tenders(model), ==, 0);
  type(d, "ref_entry", "30012345");
  type(d, "amount_entry", "10000");
  click(d, "add_button");
  g_assert_cmpuint(till_model_pay_n_tenders(model), ==, 1);
  g_assert_cmpint(till_model_pay_due(model), ==, 7560);
  /* less than what is due: said, not committed; the part taken stays */
  type(d, "amount_entry", "5000");
  click(d, "done_button");
  g_assert_true(till_window_get_dialog(win) == d);
  g_assert_null(till_model_last_sale(model));
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))),
                          "2,560"));
  g_assert_cmpuint(till_model_pay_n_tenders(model), ==, 2);
  type(d, "amount_entry", "5000");
  gint64 t0 = g_get_monotonic_time();
  gtk_button_clicked(GTK_BUTTON(child(d, "done_button")));
  gint64 pay_us = g_get_monotonic_time() - t0;
  g_test_message("pay click (commit + receipt built) with a hanging sync: %.1f ms",
                 pay_us / 1000.0);
  g_printerr("# pay click with a hanging sync: %.1f ms\n", pay_us / 1000.0);
  g_assert_cmpint(pay_us, <, PAY_CLICK_MAX_US);
  g_assert_true(till_sync_running(till_model_sync(model)));
  gint64 latency = loop_latency_us();
  g_printerr("# main loop latency during the hanging sync: %.1f ms\n", latency / 1000.0);
  g_assert_cmpint(latency, <, LOOP_LATENCY_MAX_US);
  settle();

  /* the ledger has it, as rung */
  const PosSale *sale = till_model_last_sale(model);
  g_assert_nonnull(sale);
  g_autofree char *sale_id = g_strdup(sale->id);
  g_autoptr(PosSale) stored = pos_ledger_load_sale(till_model_ledger(model), sale_id, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(stored->lines->len, ==, 3);
  g_assert_cmpuint(stored->tenders->len, ==, 3);
  const PosTender *card = g_ptr_array_index(stored->tenders, 0);
  g_assert_cmpint(card->method, ==, POS_TENDER_CARD);
  g_assert_cmpstr(card->ref, ==, "30012345");
  g_assert_cmpint(stored->totals.total, ==, 17560);
  g_assert_cmpint(stored->settlement.change, ==, 2440);
  g_assert_true(pos_ledger_check(till_model_ledger(model), &error));
  /* the receipt on screen, with its QR */
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_RECEIPT_DIALOG(d));
  const char *qr = mpos_qr_view_get_text(MPOS_QR_VIEW(child(d, "qr")));
  g_assert_nonnull(strstr(qr, sale_id));
  g_assert_cmpint(mpos_qr_view_get_modules(MPOS_QR_VIEW(child(d, "qr"))), >, 20);
  click(d, "close_button");
  g_assert_null(till_window_get_dialog(win));
  g_assert_cmpuint(till_model_n_lines(model), ==, 0);

  /* void it from today's sales (F5) */
  press(win, GDK_KEY_F5);
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_SALES_DIALOG(d));
  g_assert_true(till_sales_dialog_select(TILL_SALES_DIALOG(d), sale_id));
  click(d, "void_button");   /* no reason yet: refused */
  g_assert_cmpint(till_model_last_sale(model)->kind, ==, POS_DOC_SALE);
  GtkWidget *reason = gtk_bin_get_child(GTK_BIN(child(d, "reason_combo")));
  gtk_entry_set_text(GTK_ENTRY(reason), "잘못 입력");
  click(d, "void_button");
  g_assert_cmpint(till_model_last_sale(model)->kind, ==, POS_DOC_VOID);
  g_assert_cmpstr(till_model_last_sale(model)->original_id, ==, sale_id);
  g_assert_false(gtk_widget_get_sensitive(child(d, "void_button")));   /* the void is shown */
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
  settle();
  g_autoptr(GPtrArray) docs = till_model_sales_today(model, &error);
  g_assert_cmpuint(docs->len, ==, 2);

  /* close the day (F9) with the counted cash */
  press(win, GDK_KEY_F9);
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_CLOSE_DIALOG(d));
  g_assert_cmpstr(gtk_stack_get_visible_child_name(GTK_STACK(child(d, "stack"))), ==, "close");
  /* 0 counted is far beyond the 5,000 won threshold: a recount is asked,
  ** then a confirmation in words, and only Enter on that count closes */
  type(d, "counted_entry", "0");
  click(d, "close_button");
  g_assert_cmpstr(gtk_stack_get_visible_child_name(GTK_STACK(child(d, "stack"))), ==, "close");
  g_assert_true(till_model_day_open(model));
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))),
                          "Count it again"));
  g_assert_cmpstr(gtk_entry_get_text(GTK_ENTRY(child(d, "counted_entry"))), ==, "");
  type(d, "counted_entry", "0");
  click(d, "close_button");
  g_assert_true(till_model_day_open(model));
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))),
                          "short. Close the day with"));
  g_assert_cmpstr(gtk_button_get_label(GTK_BUTTON(child(d, "close_button"))), ==,
                  "Close with the difference · Enter");
  click(d, "close_button");
  g_assert_cmpstr(gtk_stack_get_visible_child_name(GTK_STACK(child(d, "stack"))), ==, "closed");
  g_assert_false(till_model_day_open(model));
  g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(child(d, "difference_value"))), !=, "");
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
  settle();

  /* the sync indicator says syncing; cancel the hanging push and see it end */
  g_assert_true(till_sync_running(till_model_sync(model)));
  gboolean finished = FALSE;
  g_signal_connect(till_model_sync(model), "finished", G_CALLBACK(on_finished), &finished);
  till_sync_cancel(till_model_sync(model));
  g_assert_true(ttu_wait_for(&finished, 15000));
  TillSyncStatus st;
  till_model_sync_status(model, &st);
  g_assert_cmpint(st.pending, >=, 3);   /* sale, void, day close still waiting */
  gtk_widget_destroy(GTK_WIDGET(win));
}

/* Every scenario builds, and the dialogs open from their keys. */
static void test_scenarios_and_dialogs(void)
{
  const guint fkeys[] = {GDK_KEY_F6, GDK_KEY_F10, GDK_KEY_F5, GDK_KEY_F9, GDK_KEY_F7,
                         GDK_KEY_F2, GDK_KEY_F3, GDK_KEY_F4};
  for (const char *const *name = till_scenario_names(); *name; name++) {
    g_autoptr(GBytes) csv = till_ui_demo_catalog();
    g_autoptr(GError) error = NULL;
    g_autoptr(TillModel) model = till_model_new_demo(csv, &error);
    TillWindow *win = new_window(model);
    g_assert_true(till_scenario_apply(win, *name, &error));
    g_assert_no_error(error);
    settle();
    gtk_widget_destroy(GTK_WIDGET(win));
  }
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(TillModel) model = till_model_new_demo(csv, NULL);
  TillWindow *win = new_window(model);
  /* a sale for F7 (reprint), and a line on screen for F2-F4 */
  g_assert_true(till_model_add_plu(model, 1, NULL));
  g_assert_true(till_model_pay_add(model, POS_TENDER_CASH, "2500", NULL, NULL));
  g_assert_true(till_model_pay_commit(model, NULL));
  g_assert_true(till_model_add_plu(model, 2, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(fkeys); i++) {
    press(win, fkeys[i]);
    GtkWidget *d = till_window_get_dialog(win);
    if (d == NULL)
      g_error("F-key %s opened no dialog", gdk_keyval_name(fkeys[i]));
    gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
    settle();
    g_assert_null(till_window_get_dialog(win));
  }
  gtk_widget_destroy(GTK_WIDGET(win));
}

/* A CAS scale on the master of a pseudo-terminal: one stable frame a tick. */
static gboolean scale_tick(gpointer data)
{
  static const char frame[] = "ST,GS,\x01\x30,+001.234 kg\r\n";
  if (write(GPOINTER_TO_INT(data), frame, sizeof frame - 1) < 0)
    g_debug("scale frame dropped");
  return G_SOURCE_CONTINUE;
}

/* Settles until the label's text holds want, or fails after timeout_ms. */
static void wait_label(GtkWidget *label, const char *want, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  while (strstr(gtk_label_get_text(GTK_LABEL(label)), want) == NULL) {
    if (g_get_monotonic_time() > end)
      g_error("label says '%s', not '%s'", gtk_label_get_text(GTK_LABEL(label)), want);
    g_main_context_iteration(NULL, FALSE);
    g_usleep(10000);
  }
}

/*
** The devices dialog (from Settings): a test page drawn for a printer
** without Korean goes to a file printer off the UI thread; the live
** weight shows a scale played on a pseudo-terminal; Save writes the
** printer's settings to the ledger.
*/
static void test_devices_dialog(void)
{
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(TillModel) model = till_model_new_demo(csv, NULL);
  TillWindow *win = new_window(model);
  g_autofree char *dir = g_dir_make_tmp("till-devices-XXXXXX", NULL);
  g_autofree char *file = g_build_filename(dir, "printer.bin", NULL);
  GtkWidget *d = till_devices_dialog_new(GTK_WINDOW(win), model);
  gtk_widget_show(d);
  settle();

  gtk_entry_set_text(GTK_ENTRY(child(d, "printer_entry")), file);
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(child(d, "hangul_combo")), "raster");
  click(d, "test_button");
  wait_label(child(d, "message_label"), "Test page printed", 10000);
  g_autofree char *bytes = NULL;
  gsize n = 0;
  g_assert_true(g_file_get_contents(file, &bytes, &n, NULL));
  g_assert_cmpint(n, >, 1000);
  g_assert_cmpint(memcmp(bytes, "\x1b\x40", 2), ==, 0);
  g_assert_nonnull(g_strstr_len(bytes, (gssize)n, "\x1d\x76\x30"));

  int master = -1, slave = -1;
  char name[128];
  struct termios tio;
  memset(&tio, 0, sizeof tio);
  cfmakeraw(&tio);
  g_assert_cmpint(openpty(&master, &slave, name, &tio, NULL), ==, 0);
  fcntl(master, F_SETFL, O_NONBLOCK);
  guint tick = g_timeout_add(50, scale_tick, GINT_TO_POINTER(master));
  g_autofree char *uri = g_strdup_printf("serial:%s", name);
  gtk_entry_set_text(GTK_ENTRY(child(d, "scale_entry")), uri);
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(child(d, "live_button")), TRUE);
  wait_label(child(d, "weight_label"), "1.234 kg", 10000);
  gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(child(d, "live_button")), FALSE);
  g_source_remove(tick);

  click(d, "save_button");
  const PosSettings *s = till_model_settings(model);
  g_assert_cmpstr(s->printer_path, ==, file);
  g_assert_cmpstr(s->scale_uri, ==, uri);
  g_assert_true(s->printer_raster);
  /* A printer that is no device URI is refused and named. */
  gtk_entry_set_text(GTK_ENTRY(child(d, "printer_entry")), "lpt1");
  click(d, "save_button");
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))), "printer"));
  gtk_widget_destroy(d);
  gtk_widget_destroy(GTK_WIDGET(win));
  close(master);
  close(slave);
  g_unlink(file);
  g_rmdir(dir);
}

/*
** The app's own environment (language, no GLX, no bus), GTK, the
** accelerators.
*/
/*
** The keys written on the buttons of the discount, sales and cash
** dialogs do what the buttons do (F5/F6 choose the discount's mode, F7
** reprints, F1/F2 choose paid-in or paid-out).
*/
static void test_button_keys(void)
{
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(TillModel) model = till_model_new_demo(csv, NULL);
  TillWindow *win = new_window(model);
  g_assert_true(till_model_open_day(model, "50000", NULL));
  g_assert_true(till_model_add_plu(model, 1, NULL));
  till_model_select(model, 0);
  press(win, GDK_KEY_F3);
  GtkWidget *d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_DISCOUNT_DIALOG(d));
  press(d, GDK_KEY_F6);
  g_assert_true(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(child(d, "price_mode"))));
  press(d, GDK_KEY_F5);
  g_assert_true(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(child(d, "amount_mode"))));
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
  settle();
  g_assert_true(till_model_pay_begin(model, NULL));
  g_assert_true(till_model_pay_add(model, POS_TENDER_CASH, "2500", NULL, NULL));
  g_assert_true(till_model_pay_commit(model, NULL));
  press(win, GDK_KEY_F5);
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_SALES_DIALOG(d));
  g_assert_true(till_sales_dialog_select(TILL_SALES_DIALOG(d), till_model_last_sale(model)->id));
  press(d, GDK_KEY_F7);   /* reprint: no printer set, said in the dialog */
  g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))),
                          "printer"));
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
  settle();
  g_action_group_activate_action(G_ACTION_GROUP(win), "cash-move", NULL);
  settle();
  d = till_window_get_dialog(win);
  g_assert_true(TILL_IS_CASH_DIALOG(d));
  g_assert_true(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(child(d, "in_button"))));
  press(d, GDK_KEY_F2);
  g_assert_true(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(child(d, "out_button"))));
  g_assert_false(gtk_toggle_button_get_active(GTK_TOGGLE_BUTTON(child(d, "in_button"))));
  type(d, "amount_entry", "2000");
  type(d, "reason_entry", "배달비");
  click(d, "ok_button");
  g_assert_null(till_window_get_dialog(win));
  PosZReport x;
  g_assert_true(till_model_x_report(model, &x, NULL));
  g_assert_cmpint(x.paid_out, ==, 2000);
  g_assert_cmpint(x.expected_cash, ==, 50000 + 2500 - 2000);
  pos_zreport_clear(&x);
  gtk_widget_destroy(GTK_WIDGET(win));
}

int main(int argc, char **argv)
{
  /* the environment stall-pos starts in: language, no GLX, no bus autolaunch */
  stall_pos_app_prepare(g_get_monotonic_time());
  gtk_test_init(&argc, &argv, NULL);
  /* g_test_init turns debug messages on; GdkPixbuf's flood the log */
  g_log_set_handler("GdkPixbuf", G_LOG_LEVEL_DEBUG, drop_message, NULL);
  till_ui_load_css();
  app = gtk_application_new("org.marketpos.StallPos.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register(G_APPLICATION(app), NULL, NULL);
  till_window_set_accels(app);
  g_test_add_func("/till-ui/whole-day", test_whole_day);
  g_test_add_func("/till-ui/scenarios-and-dialogs", test_scenarios_and_dialogs);
  g_test_add_func("/till-ui/devices-dialog", test_devices_dialog);
  g_test_add_func("/till-ui/button-keys", test_button_keys);
  int rc = g_test_run();
  g_object_unref(app);
  return rc;
}
