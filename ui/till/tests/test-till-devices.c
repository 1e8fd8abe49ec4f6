/*
** test-till-devices.c: the till's devices under Xvfb, driven through the
** real window in the language the till starts in (messages are compared
** through gettext).  A receipt that could not print stays in the ledger's
** print queue, the printer's trouble said and a retry button shown, and
** the retry prints it without the kick its first print would have had;
** the drawer opens only with a reason, which is logged; the weight dialog
** takes a stable scale weight with F2 and refuses an overload.  The
** devices are the pretend ones of the device tests (tests/devices-testutil.c:
** pseudo-terminals answering DLE EOT or sending CAS frames), and what a
** printer received is read back with the ESC/POS reader.
*/
#include "devices-testutil.h"
#include "escpos-decode.h"
#include "till-app.h"
#include "till-dialogs.h"
#include "till-keys-view.h"
#include "till-test-keys.h"
#include "till-test-util.h"
#include "till-ui.h"
#include "till-window.h"
#include "ui-batch.h"
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <glib/gi18n.h>
#include <string.h>

static GtkApplication *app;
static TillWindow *the_window;

/* A widget by its id in the .ui template. */
static GtkWidget *child(gpointer widget, const char *id)
{
  GObject *o = gtk_widget_get_template_child(GTK_WIDGET(widget), G_OBJECT_TYPE(widget), id);
  if (o == NULL)
    g_error("no template child '%s' in %s", id, G_OBJECT_TYPE_NAME(widget));
  return GTK_WIDGET(o);
}

/* Lets GTK catch up: the window laid out, idles run. */
static void settle(void)
{
  ui_batch_settle(GTK_WIDGET(the_window), 3000);
}

/* Turns the main loop until the label holds want, or fails after timeout_ms. */
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

/* The jobs still queued in the model's ledger. */
static guint queued(TillModel *model)
{
  g_autoptr(GPtrArray) jobs = till_model_print_queued(model, NULL);
  g_assert_nonnull(jobs);
  return jobs->len;
}

/*
** A cash sale's receipt to a printer out of paper: the sale is in the
** ledger, the job stays queued, nothing but status requests reached the
** printer, the message says "out of paper" and the retry button shows.
** Paper loaded (a ready printer set), the retry prints the receipt once,
** with no drawer kick, and the button goes.
*/
static void test_print_queue(void)
{
  g_autoptr(TillModel) model = ttu_demo_model();
  g_autoptr(GError) error = NULL;
  the_window = till_window_new(app, model);
  gtk_widget_show(GTK_WIDGET(the_window));
  settle();
  g_autofree char *sale_id = ttu_ring_cash_sale(model);
  const PosSale *sale = till_model_last_sale(model);
  g_assert_cmpstr(sale->id, ==, sale_id);
  GtkWidget *message = child(the_window, "message_label");
  GtkWidget *retry = child(the_window, "retry_button");
  g_assert_false(gtk_widget_get_visible(retry));

  FakePrinterScript out_of_paper = {
    .status1 = FAKE_STATUS(0), .status2 = FAKE_STATUS(0x20), .status4 = FAKE_STATUS(0x60)};
  FakePrinter *empty = fake_printer_serial(&out_of_paper);
  g_assert_true(till_model_set_setting(model, "printer_path", fake_printer_uri(empty), &error));
  g_assert_true(till_ui_print_receipt(model, sale, TRUE, &error));
  g_autoptr(GError) paper_out = g_error_new_literal(POS_ERROR, POS_ERROR_PAPER_OUT, "paper");
  g_autofree char *trouble = till_model_printer_trouble(paper_out);
  wait_label(message, trouble, 15000);
  settle();
  g_assert_true(gtk_widget_get_visible(retry));
  g_assert_cmpuint(queued(model), ==, 1);
  g_autoptr(PosSale) stored = pos_ledger_load_sale(till_model_ledger(model), sale_id, &error);
  g_assert_nonnull(stored);
  g_autoptr(GBytes) sent_empty = fake_printer_stop(empty);
  g_autofree char *decoded_empty = escpos_decode_bytes(sent_empty);
  g_assert_cmpuint(escpos_count(decoded_empty, "status "), >=, 1);
  g_assert_cmpuint(escpos_count(decoded_empty, "cut"), ==, 0);
  g_assert_cmpuint(escpos_count(decoded_empty, "kick"), ==, 0);

  FakePrinterScript ready = {
    .status1 = FAKE_STATUS(0), .status2 = FAKE_STATUS(0), .status4 = FAKE_STATUS(0)};
  FakePrinter *good = fake_printer_serial(&ready);
  g_assert_true(till_model_set_setting(model, "printer_path", fake_printer_uri(good), &error));
  gtk_button_clicked(GTK_BUTTON(retry));
  wait_label(message, _("Printed."), 15000);
  settle();
  g_assert_cmpuint(queued(model), ==, 0);
  g_assert_false(gtk_widget_get_visible(retry));
  g_autoptr(GBytes) sent_good = fake_printer_stop(good);
  g_autofree char *decoded_good = escpos_decode_bytes(sent_good);
  g_assert_cmpuint(escpos_count(decoded_good, "cut"), ==, 1);
  g_assert_cmpuint(escpos_count(decoded_good, "kick"), ==, 0);
  g_assert_nonnull(strstr(decoded_good, sale->receipt_no));
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/*
** The first print of a cash sale on a ready printer opens the drawer; the
** same receipt printed again (the ledger queued it before) does not, even
** when asked as a first print.
*/
static void test_kick_once(void)
{
  g_autoptr(TillModel) model = ttu_demo_model();
  g_autoptr(GError) error = NULL;
  the_window = till_window_new(app, model);
  gtk_widget_show(GTK_WIDGET(the_window));
  settle();
  g_autofree char *sale_id = ttu_ring_cash_sale(model);
  const PosSale *sale = till_model_last_sale(model);
  GtkWidget *message = child(the_window, "message_label");
  FakePrinterScript ready = {
    .status1 = FAKE_STATUS(0), .status2 = FAKE_STATUS(0), .status4 = FAKE_STATUS(0)};
  for (int round = 0; round < 2; round++) {
    FakePrinter *printer = fake_printer_serial(&ready);
    g_assert_true(till_model_set_setting(model, "printer_path", fake_printer_uri(printer),
                                         &error));
    till_model_set_message(model, FALSE, "");
    g_assert_true(till_ui_print_receipt(model, sale, TRUE, &error));
    wait_label(message, _("Printed."), 15000);
    g_autoptr(GBytes) sent = fake_printer_stop(printer);
    g_autofree char *decoded = escpos_decode_bytes(sent);
    g_assert_cmpuint(escpos_count(decoded, "kick"), ==, round == 0 ? 1 : 0);
    g_assert_cmpuint(escpos_count(decoded, "cut"), ==, 1);
  }
  g_assert_cmpuint(queued(model), ==, 0);
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/* Presses a key on a toplevel (the window or a dialog), then GTK catches up. */
static void press(gpointer toplevel, guint keyval)
{
  ttu_send_key(GTK_WIDGET(toplevel), keyval, 0, FALSE);
  settle();
}

/* The weight dialog of the demo's first weighed meat key, with the scale at uri. */
static GtkWidget *weigh(TillModel *model, const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(till_model_set_setting(model, "scale_uri", uri, &error));
  TillKeysView *keys = TILL_KEYS_VIEW(child(the_window, "keys"));
  till_keys_view_show_line(keys, "MEAT");
  gtk_button_clicked(GTK_BUTTON(till_keys_view_find_key(keys, 13)));
  settle();
  GtkWidget *d = till_window_get_dialog(the_window);
  g_assert_true(TILL_IS_WEIGHT_DIALOG(d));
  g_assert_true(gtk_widget_get_visible(child(d, "scale_box")));
  return d;
}

/*
** The live weight in the weight dialog: an overloaded scale is shown and
** F2 refuses it with what to do; a stable frame from a pseudo-terminal
** scale is taken with F2 and becomes the line's weight (1,234 g); a
** silent scale leaves typing as it was.
*/
static void test_scale_weight(void)
{
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(TillModel) model = till_model_new_demo(csv, NULL);
  the_window = till_window_new(app, model);
  gtk_widget_show(GTK_WIDGET(the_window));
  settle();

  static const char *const overload[] = {"OL,GS,\x01\x30,-------- kg\r\n", NULL};
  FakeScale *over = fake_scale_start(overload);
  GtkWidget *d = weigh(model, fake_scale_uri(over));
  wait_label(child(d, "scale_label"), _("Overload: take the load off"), 10000);
  press(d, GDK_KEY_F2);
  g_assert_true(till_window_get_dialog(the_window) == d);
  g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))), ==,
                  _("The scale is overloaded: take some off and weigh again."));
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
  settle();
  fake_scale_stop(over);

  static const char *const stable[] = {"US,GS,\x01\x30,+001.190 kg\r\n",
                                       "ST,GS,\x01\x30,+001.234 kg\r\n", NULL};
  FakeScale *scale = fake_scale_start(stable);
  d = weigh(model, fake_scale_uri(scale));
  wait_label(child(d, "scale_label"), "1.234 kg", 10000);
  press(d, GDK_KEY_F2);
  g_assert_null(till_window_get_dialog(the_window));
  fake_scale_stop(scale);
  g_assert_cmpuint(till_model_n_lines(model), ==, 1);
  g_assert_cmpint(till_model_line(model, 0)->qty_milli, ==, 1234);

  static const char *const silent[] = {NULL};
  FakeScale *mute = fake_scale_start(silent);
  d = weigh(model, fake_scale_uri(mute));
  press(d, GDK_KEY_F2);
  g_assert_true(till_window_get_dialog(the_window) == d);
  gtk_entry_set_text(GTK_ENTRY(child(d, "weight_entry")), "1근");
  gtk_widget_activate(child(d, "weight_entry"));
  settle();
  g_assert_null(till_window_get_dialog(the_window));
  g_assert_cmpuint(till_model_n_lines(model), ==, 2);
  fake_scale_stop(mute);
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/* How many drawer openings the ledger at path logged with reason. */
static int drawer_logged(const char *path, const char *reason)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(db, "SELECT count(*) FROM drawer_open WHERE reason = ?1",
                                     -1, &st, NULL), ==, SQLITE_OK);
  sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
  g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
  int n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

/*
** The drawer from the window (Ctrl+O): no reason is refused in the dialog
** and nothing is sent; a reason touched is logged, and the kick reaches a
** printer that is out of paper (the kick asks no status), on the pin and
** pulse of the settings.
*/
static void test_open_drawer(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("till-drawer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "ledger.sqlite", NULL);
  g_autoptr(TillModel) model = till_model_new(path, &error);
  g_assert_no_error(error);
  the_window = till_window_new(app, model);
  gtk_widget_show(GTK_WIDGET(the_window));
  settle();
  FakePrinterScript out_of_paper = {
    .status1 = FAKE_STATUS(0), .status2 = FAKE_STATUS(0x20), .status4 = FAKE_STATUS(0x60)};
  FakePrinter *printer = fake_printer_serial(&out_of_paper);
  g_assert_true(till_model_set_setting(model, "printer_path", fake_printer_uri(printer), &error));
  g_assert_true(till_model_set_setting(model, "drawer_pin", "5", &error));

  g_action_group_activate_action(G_ACTION_GROUP(the_window), "open-drawer", NULL);
  settle();
  GtkWidget *d = till_window_get_dialog(the_window);
  g_assert_true(TILL_IS_DRAWER_DIALOG(d));
  gtk_button_clicked(GTK_BUTTON(child(d, "open_button")));
  settle();
  g_assert_true(till_window_get_dialog(the_window) == d);
  g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(child(d, "message_label"))), !=, "");

  const char *reason = _("Change for a customer");
  gtk_entry_set_text(GTK_ENTRY(child(d, "reason_entry")), reason);
  gtk_button_clicked(GTK_BUTTON(child(d, "open_button")));
  settle();
  g_assert_null(till_window_get_dialog(the_window));
  wait_label(child(the_window, "message_label"),
             _("The drawer opened (the reason is logged)."), 15000);
  g_assert_cmpint(drawer_logged(path, reason), ==, 1);

  /* a paid-out opens the drawer through the same logged path */
  g_assert_true(till_model_open_day(model, "10000", &error));
  g_action_group_activate_action(G_ACTION_GROUP(the_window), "cash-move", NULL);
  settle();
  d = till_window_get_dialog(the_window);
  g_assert_true(TILL_IS_CASH_DIALOG(d));
  till_cash_dialog_set(TILL_CASH_DIALOG(d), POS_CASH_OUT, "3000", "배달비");
  gtk_button_clicked(GTK_BUTTON(child(d, "ok_button")));
  settle();
  g_assert_null(till_window_get_dialog(the_window));
  g_autofree char *why = g_strdup_printf(_("Paid out: %s"), "배달비");
  wait_label(child(the_window, "message_label"),
             _("The drawer opened (the reason is logged)."), 15000);
  g_assert_cmpint(drawer_logged(path, why), ==, 1);
  PosZReport x;
  g_assert_true(till_model_x_report(model, &x, &error));
  g_assert_cmpint(x.paid_out, ==, 3000);
  g_assert_cmpint(x.expected_cash, ==, 7000);
  pos_zreport_clear(&x);

  g_autoptr(GBytes) sent = fake_printer_stop(printer);
  g_autofree char *decoded = escpos_decode_bytes(sent);
  g_assert_cmpstr(decoded, ==, "kick pin=5 on=50 off=500\nkick pin=5 on=50 off=500\n");
  gtk_widget_destroy(GTK_WIDGET(the_window));
  g_clear_object(&model);
  g_autoptr(GDir) files = g_dir_open(dir, 0, NULL);
  for (const char *f; files && (f = g_dir_read_name(files)) != NULL;) {
    g_autofree char *fp = g_build_filename(dir, f, NULL);
    g_unlink(fp);
  }
  g_rmdir(dir);
}

int main(int argc, char **argv)
{
  stall_pos_app_prepare(g_get_monotonic_time());
  ttu_init(&argc, &argv);
  gtk_init(&argc, &argv);
  till_ui_load_css();
  app = gtk_application_new("org.marketpos.StallPos.TestDevices", G_APPLICATION_NON_UNIQUE);
  g_application_register(G_APPLICATION(app), NULL, NULL);
  till_window_set_accels(app);
  g_test_add_func("/till-devices/print-queue", test_print_queue);
  g_test_add_func("/till-devices/kick-once", test_kick_once);
  g_test_add_func("/till-devices/open-drawer", test_open_drawer);
  g_test_add_func("/till-devices/scale-weight", test_scale_weight);
  int rc = g_test_run();
  g_object_unref(app);
  return rc;
}
