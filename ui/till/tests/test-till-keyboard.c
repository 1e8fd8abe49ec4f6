/*
** test-till-keyboard.c: the till from the keyboard alone, under Xvfb.
**
** Every step is a key event synthesized into the real window or dialog on
** top (gtk_main_do_event, as the X server would deliver it): digits land
** wherever the focus is, so a dialog that opens without the focus in its
** entry, or a key that moves the focus elsewhere, loses the digits and the
** test finds the ledger wrong.  No widget is touched, no text set, no
** button clicked; only the ledger is read afterwards:
**   - a whole sale: a PLU and Enter, a weighed product and its weight, F12,
**     the cash typed, Enter, Enter for the next sale;
**   - a split payment: F2 (card), its amount typed, Enter asks for the
**     approval number, F8 takes that part, Enter pays the rest in cash;
**   - the receipt: F7 prints again, Enter still starts the next sale;
**   - the day close: F9, the counted cash typed, Enter;
**   - no day open: F12 asks for the float (typed, never assumed; after a
**     close the count is offered) before the payment;
**   - a search: Ctrl+F and 초성, or letters typed in the entry, Down, Enter;
**   - a refund: Ctrl+R, the receipt number, part of a line, the
**     confirmation (Esc back, Enter again), Enter.
*/
#include "till-app.h"
#include "till-dialogs.h"
#include "till-scenario.h"
#include "till-ui.h"
#include "till-window.h"
#include "till-test-keys.h"
#include <string.h>

static TillWindow *the_window;

/* Lets GTK catch up: idles, dialogs shown, focus moved. */
static void settle(void)
{
  ui_batch_settle(GTK_WIDGET(the_window), 3000);
  GtkWidget *d = till_window_get_dialog(the_window);
  if (d)
    ui_batch_settle(d, 3000);
}

/* The toplevel the keyboard types into: the dialog on top, else the window. */
static GtkWidget *keyboard_target(void)
{
  GtkWidget *d = till_window_get_dialog(the_window);
  return d ? d : GTK_WIDGET(the_window);
}

/* One key with modifiers (state), pressed and released on the toplevel on top. */
static void send_key_state(guint keyval, GdkModifierType state)
{
  ttu_send_key(keyboard_target(), keyval, state, TRUE);
}

static void send_key(guint keyval)
{
  send_key_state(keyval, 0);
}

/* A key that acts (Enter, an F-key), then GTK catches up. */
static void key(guint keyval)
{
  send_key(keyval);
  settle();
}

/* Text typed key by key (ASCII digits and letters). */
static void type(const char *text)
{
  for (const char *p = text; *p; p++)
    send_key(gdk_unicode_to_keyval((guint32)(unsigned char)*p));
  settle();
}

/* Text typed character by character, Hangul jamo too (as an input method commits them). */
static void type_utf8(const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char(p))
    send_key(gdk_unicode_to_keyval(g_utf8_get_char(p)));
  settle();
}

/* A fresh demo till on screen, the code entry focused as at start. */
static TillModel *open_till(GtkApplication *app)
{
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(GError) error = NULL;
  TillModel *model = till_model_new_demo(csv, &error);
  g_assert_no_error(error);
  the_window = till_window_new(app, model);
  till_window_fit(the_window, 1024, 768);
  gtk_widget_show(GTK_WIDGET(the_window));
  gtk_window_present(GTK_WINDOW(the_window));
  settle();
  return model;
}

/* The last sale as the ledger stored it. Transfer full. */
static PosSale *stored_last_sale(TillModel *model)
{
  g_autoptr(GError) error = NULL;
  const PosSale *last = till_model_last_sale(model);
  g_assert_nonnull(last);
  PosSale *sale = pos_ledger_load_sale(till_model_ledger(model), last->id, &error);
  g_assert_no_error(error);
  return sale;
}

static GtkApplication *the_app;

/* A weighed and a piece product, cash typed over the suggestion, next sale. */
static void test_whole_sale(void)
{
  g_autoptr(TillModel) model = open_till(the_app);
  type("1");
  key(GDK_KEY_Return);   /* PLU 1: apples, 2,500 */
  type("13");
  key(GDK_KEY_Return);   /* PLU 13: pork by the kg, asks the weight */
  g_assert_true(TILL_IS_WEIGHT_DIALOG(till_window_get_dialog(the_window)));
  type("450");
  key(GDK_KEY_Return);   /* no unit: asked back, 450 g or 450 kg */
  g_assert_true(TILL_IS_WEIGHT_DIALOG(till_window_get_dialog(the_window)));
  key(GDK_KEY_g);        /* 450 g x 16,800 = 7,560 */
  g_assert_null(till_window_get_dialog(the_window));
  key(GDK_KEY_F12);      /* no day open: the float first */
  g_assert_true(TILL_IS_CLOSE_DIALOG(till_window_get_dialog(the_window)));
  type("50000");
  key(GDK_KEY_Return);
  g_assert_true(TILL_IS_PAYMENT_DIALOG(till_window_get_dialog(the_window)));
  type("20000");         /* replaces the suggested 10,060 */
  key(GDK_KEY_Return);
  g_assert_true(TILL_IS_RECEIPT_DIALOG(till_window_get_dialog(the_window)));
  key(GDK_KEY_F7);       /* printing again (no printer: said) keeps Enter for the next sale */
  key(GDK_KEY_Return);
  g_assert_null(till_window_get_dialog(the_window));
  g_assert_cmpuint(till_model_n_lines(model), ==, 0);

  g_autoptr(PosSale) sale = stored_last_sale(model);
  g_assert_cmpuint(sale->lines->len, ==, 2);
  g_assert_cmpint(sale->totals.total, ==, 2500 + 7560);
  g_assert_cmpuint(sale->tenders->len, ==, 1);
  const PosTender *cash = g_ptr_array_index(sale->tenders, 0);
  g_assert_cmpint(cash->method, ==, POS_TENDER_CASH);
  g_assert_cmpint(cash->amount, ==, 20000);
  g_assert_cmpint(sale->settlement.change, ==, 20000 - 10060);
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/* Card with its approval number, then the rest in cash; then the day closes. */
static void test_split_and_close(void)
{
  g_autoptr(TillModel) model = open_till(the_app);
  g_autoptr(GError) error = NULL;
  type("4");
  key(GDK_KEY_Return);   /* PLU 4 */
  type("1");
  key(GDK_KEY_Return);   /* PLU 1: 2,500 */
  PosTotals t;
  till_model_totals(model, &t);
  g_assert_cmpint(t.total, >, 3000);
  key(GDK_KEY_F12);
  type("0");             /* the float: an empty drawer, typed */
  key(GDK_KEY_Return);
  key(GDK_KEY_F2);       /* card: the focus stays on the amount */
  type("3000");
  key(GDK_KEY_Return);   /* no approval number yet: Enter asks for it */
  g_assert_cmpuint(till_model_pay_n_tenders(model), ==, 0);
  type("30012345");
  key(GDK_KEY_F8);       /* that part taken; cash offered for the rest */
  g_assert_cmpuint(till_model_pay_n_tenders(model), ==, 1);
  key(GDK_KEY_Return);   /* exact cash */
  g_assert_true(TILL_IS_RECEIPT_DIALOG(till_window_get_dialog(the_window)));
  key(GDK_KEY_Return);

  g_autoptr(PosSale) sale = stored_last_sale(model);
  g_assert_cmpuint(sale->tenders->len, ==, 2);
  const PosTender *card = g_ptr_array_index(sale->tenders, 0);
  const PosTender *cash = g_ptr_array_index(sale->tenders, 1);
  g_assert_cmpint(card->method, ==, POS_TENDER_CARD);
  g_assert_cmpint(card->amount, ==, 3000);
  g_assert_cmpstr(card->ref, ==, "30012345");
  g_assert_cmpint(cash->method, ==, POS_TENDER_CASH);
  g_assert_cmpint(cash->amount, ==, t.total - 3000);
  g_assert_cmpint(sale->settlement.change, ==, 0);

  /* the day close: the counted cash typed straight away, Enter */
  PosZReport x;
  g_assert_true(till_model_x_report(model, &x, &error));
  int64_t session = x.session_id;
  PosMoney expected = x.expected_cash;
  pos_zreport_clear(&x);
  key(GDK_KEY_F9);
  g_assert_true(TILL_IS_CLOSE_DIALOG(till_window_get_dialog(the_window)));
  g_autofree char *counted = g_strdup_printf("%" G_GINT64_FORMAT, expected - 100);
  type(counted);
  key(GDK_KEY_Return);
  g_assert_false(till_model_day_open(model));
  PosZReport z;
  g_assert_true(pos_ledger_session_report(till_model_ledger(model), session, &z, &error));
  g_assert_no_error(error);
  g_assert_cmpint(z.closed_ms, >, 0);
  g_assert_cmpint(z.counted_cash, ==, expected - 100);
  g_assert_cmpint(z.cash_difference, ==, -100);
  pos_zreport_clear(&z);
  key(GDK_KEY_Return);   /* the closed page: Enter leaves */
  g_assert_null(till_window_get_dialog(the_window));

  /* the next sale asks before a new day, the count just made offered */
  type("1");
  key(GDK_KEY_Return);
  key(GDK_KEY_F12);
  GtkWidget *d = till_window_get_dialog(the_window);
  g_assert_true(TILL_IS_CLOSE_DIALOG(d));
  GtkEntry *float_entry =
    GTK_ENTRY(gtk_widget_get_template_child(d, TILL_TYPE_CLOSE_DIALOG, "float_entry"));
  g_assert_cmpstr(gtk_entry_get_placeholder_text(float_entry), ==, counted);
  key(GDK_KEY_Return);   /* nothing typed: still asking, no day */
  g_assert_false(till_model_day_open(model));
  g_assert_true(till_window_get_dialog(the_window) == d);
  type(counted);
  key(GDK_KEY_Return);
  g_assert_true(TILL_IS_PAYMENT_DIALOG(till_window_get_dialog(the_window)));
  PosZReport second;
  g_assert_true(till_model_x_report(model, &second, &error));
  g_assert_cmpint(second.session_id, !=, session);
  g_assert_cmpint(second.cash_float, ==, expected - 100);
  g_assert_cmpint(second.z_no, ==, 2);
  pos_zreport_clear(&second);
  key(GDK_KEY_Escape);   /* back to the sale */
  g_assert_null(till_window_get_dialog(the_window));
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/*
** A refund from the keyboard: Ctrl+R, the receipt number typed, Enter
** finds it with the focus on its first line, "2" of the 4 apples, Enter
** shows the confirmation, Esc goes back to the quantities (kept), Enter
** again, Enter refunds and shows its receipt, Enter; the ledger holds 2 apples back in cash (the sale's
** own tender), the pork untouched.
*/
static void test_refund(void)
{
  g_autoptr(TillModel) model = open_till(the_app);
  g_autoptr(GError) error = NULL;
  g_assert_true(till_model_open_day(model, "0", &error));
  till_model_entry_set(model, "4");
  g_assert_true(till_model_add_plu(model, 1, &error));
  g_assert_true(till_model_add_plu(model, 13, &error));
  g_assert_true(till_model_give_weight(model, "450", &error));
  g_assert_true(till_model_pay_begin(model, &error));
  g_assert_true(till_model_pay_add(model, POS_TENDER_CASH, "20000", NULL, &error));
  g_assert_true(till_model_pay_commit(model, &error));
  g_autoptr(PosSale) sale = stored_last_sale(model);
  settle();
  g_assert_null(till_window_get_dialog(the_window));

  send_key_state(GDK_KEY_r, GDK_CONTROL_MASK);
  settle();
  GtkWidget *d = till_window_get_dialog(the_window);
  g_assert_true(TILL_IS_REFUND_DIALOG(d));
  type(sale->receipt_no);
  key(GDK_KEY_Return);
  g_assert_nonnull(till_refund_dialog_sale(TILL_REFUND_DIALOG(d)));
  type("2");
  key(GDK_KEY_Return);   /* the confirmation */
  key(GDK_KEY_Escape);   /* back to the quantities, still in the dialog */
  g_assert_true(till_window_get_dialog(the_window) == d);
  key(GDK_KEY_Return);
  key(GDK_KEY_Return);   /* refund: its receipt shown, Enter puts it away */
  g_assert_true(TILL_IS_RECEIPT_DIALOG(till_window_get_dialog(the_window)));
  key(GDK_KEY_Return);
  g_assert_null(till_window_get_dialog(the_window));

  g_autoptr(PosSale) refund = stored_last_sale(model);
  g_assert_cmpint(refund->kind, ==, POS_DOC_REFUND);
  g_assert_cmpstr(refund->original_id, ==, sale->id);
  g_assert_cmpuint(refund->lines->len, ==, 1);
  const PosLine *l = g_ptr_array_index(refund->lines, 0);
  g_assert_cmpint(l->refunded_from, ==, 0);
  g_assert_cmpint(l->qty_milli, ==, -2000);
  g_assert_cmpint(refund->totals.total, ==, -5000);
  const PosTender *t = g_ptr_array_index(refund->tenders, 0);
  g_assert_cmpint(t->method, ==, POS_TENDER_CASH);
  g_autofree PosRefundLeft *left = pos_ledger_refund_left(till_model_ledger(model), sale, &error);
  g_assert_cmpint(left[0].qty_milli, ==, 2000);
  g_assert_cmpint(left[1].qty_milli, ==, 450);
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/*
** Search from the keyboard: Ctrl+F, 초성 typed, Enter adds the top match;
** then letters typed into the till's own entry open the search with them,
** Down picks the second match, Enter adds it.
*/
static void test_search(void)
{
  g_autoptr(TillModel) model = open_till(the_app);
  send_key_state(GDK_KEY_f, GDK_CONTROL_MASK);
  settle();
  g_assert_true(TILL_IS_SEARCH_DIALOG(till_window_get_dialog(the_window)));
  type_utf8("ㄷㅂ");     /* 두부 1모 */
  key(GDK_KEY_Return);
  g_assert_null(till_window_get_dialog(the_window));
  g_assert_cmpuint(till_model_n_lines(model), ==, 1);
  g_assert_cmpint(till_model_line(model, 0)->plu, ==, 12);
  type_utf8("ㅂ");       /* 배(신고), then 배추김치 */
  key(GDK_KEY_Return);
  g_assert_true(TILL_IS_SEARCH_DIALOG(till_window_get_dialog(the_window)));
  g_autoptr(GArray) hits = till_model_search(model, "ㅂ", 0);
  g_assert_cmpuint(hits->len, >=, 2);
  int second = g_array_index(hits, PosSearchHit, 1).product->plu;
  key(GDK_KEY_Down);
  key(GDK_KEY_Return);
  GtkWidget *d = till_window_get_dialog(the_window);
  if (d != NULL) {       /* a weighed product asks its weight */
    g_assert_true(TILL_IS_WEIGHT_DIALOG(d));
    type("300");
    key(GDK_KEY_Return);
  }
  g_assert_cmpuint(till_model_n_lines(model), ==, 2);
  g_assert_cmpint(till_model_line(model, 1)->plu, ==, second);
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/* Enter saves the settings from any field. */
static void test_settings_enter_saves(void)
{
  g_autoptr(TillModel) model = open_till(the_app);
  key(GDK_KEY_F10);
  g_assert_true(TILL_IS_SETTINGS_DIALOG(till_window_get_dialog(the_window)));
  key(GDK_KEY_End);
  type("2");             /* the stall's name, focused first, gains a "2" */
  key(GDK_KEY_Return);
  g_assert_true(g_str_has_suffix(till_model_settings(model)->stall_name, "2"));
  gtk_widget_destroy(GTK_WIDGET(the_window));
}

/* The app's environment, CSS and F-keys, as stall-pos starts. */
int main(int argc, char **argv)
{
  stall_pos_app_prepare(g_get_monotonic_time());
  gtk_test_init(&argc, &argv, NULL);
  till_ui_load_css();
  the_app = gtk_application_new("org.marketpos.StallPos.Keyboard", G_APPLICATION_NON_UNIQUE);
  g_application_register(G_APPLICATION(the_app), NULL, NULL);
  till_window_set_accels(the_app);
  g_test_add_func("/till-keyboard/whole-sale", test_whole_sale);
  g_test_add_func("/till-keyboard/split-and-close", test_split_and_close);
  g_test_add_func("/till-keyboard/settings-enter-saves", test_settings_enter_saves);
  g_test_add_func("/till-keyboard/refund", test_refund);
  g_test_add_func("/till-keyboard/search", test_search);
  int rc = g_test_run();
  g_object_unref(the_app);
  return rc;
}
