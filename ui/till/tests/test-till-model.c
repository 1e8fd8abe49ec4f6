/*
** test-till-model.c: every flow of the till, driven through the model with
** no display: ringing piece and weighed goods (keys, PLUs, barcodes, scale
** labels), editing the cart, discounts, every tender and the split tender,
** the commit, receipts and printing, voids and refunds, the day close,
** products and settings (sync and language: test-till-sync.c).  Bad
** input is checked for its error code and for a message that says what
** to do.
**
** Each test works on a throwaway demo ledger (the demo catalog, weighed
** lines rounded down to 10 won, in-store layout 21PPPPPWWWWWC) at a fixed
** clock (MPOS_NOW).
*/
#include "till-model.h"
#include "till-print.h"
#include "till-test-util.h"
#include <glib/gstdio.h>
#include <string.h>

/* The cart's totals by value, for short assertions. */
static PosTotals totals(TillModel *m)
{
  PosTotals t;
  till_model_totals(m, &t);
  return t;
}

/* ---- Ringing ----------------------------------------------------------------- */

static void test_ring_piece_and_weighed(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  g_autoptr(GError) error = NULL;
  g_assert_true(till_model_add_plu(m, 1, &error));   /* 사과 2,500 */
  g_assert_true(till_model_add_plu(m, 1, &error));   /* tapped twice: one line of 2 */
  g_assert_cmpuint(till_model_n_lines(m), ==, 1);
  g_assert_cmpint(till_model_line(m, 0)->qty_milli, ==, 2000);
  till_model_entry_set(m, "3");                        /* 3 more, typed first */
  g_assert_true(till_model_add_plu(m, 1, &error));
  g_assert_cmpint(till_model_line(m, 0)->qty_milli, ==, 5000);
  g_assert_cmpstr(till_model_entry(m), ==, "");
  /* weighed, weight typed before the key: 450 g of pork at 16,800/kg */
  till_model_entry_set(m, "450g");
  g_assert_true(till_model_add_plu(m, 13, &error));
  const PosLine *l = till_model_line(m, 1);
  g_assert_cmpint(l->qty_milli, ==, 450);
  g_assert_cmpint(l->amount, ==, 7560);
  g_assert_cmpint(till_model_selected(m), ==, 1);
  /* weighed, no weight: parked until one is given, in kg then with 근 */
  g_assert_true(till_model_add_code(m, "3", &error));
  g_assert_nonnull(till_model_pending(m));
  g_assert_cmpint(till_model_pending(m)->plu, ==, 3);
  g_assert_true(till_model_give_weight(m, "1.25 kg", &error));
  g_assert_null(till_model_pending(m));
  g_assert_cmpint(till_model_line(m, 2)->amount, ==, 7500);
  g_assert_true(till_model_add_plu(m, 14, &error));  /* 한우 62,000/kg */
  g_assert_true(till_model_give_weight(m, "근", &error));   /* 1 근 = 600 g */
  l = till_model_line(m, 3);
  g_assert_cmpint(l->qty_milli, ==, 600);
  g_assert_cmpint(l->amount, ==, 37200);
  /* kimchi (taxable) 333 g: 4,662 rounded down to 4,660 */
  g_assert_true(till_model_add_plu(m, 8, &error));
  g_assert_true(till_model_give_weight(m, "333g", &error));
  l = till_model_line(m, 4);
  g_assert_cmpint(l->amount + l->rounding, ==, 4660);
  g_assert_no_error(error);
  PosTotals t = totals(m);
  g_assert_cmpint(t.total, ==, 12500 + 7560 + 7500 + 37200 + 4660);
  g_assert_cmpint(t.taxable, ==, 4660);
  g_assert_cmpint(t.exempt, ==, t.total - 4660);
  g_assert_cmpint(t.supply + t.vat, ==, t.taxable);
  g_assert_cmpint(t.vat, ==, 424);
  /* the preview the weight dialog shows matches the line */
  PosMoney preview;
  g_assert_true(till_model_preview_amount(m, 14000, POS_UNIT_KG, 333, &preview, NULL));
  g_assert_cmpint(preview, ==, 4660);
}

/* A catalog EAN, a weight label and a price label from the scale. */
static void test_ring_barcodes(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  g_autoptr(GError) error = NULL;
  g_assert_true(till_model_add_code(m, "8809876543213", &error));   /* 두부, EAN */
  g_assert_cmpint(till_model_line(m, 0)->plu, ==, 12);
  /* a scale label: 21 + PLU 00013 + 00450 g + check digit */
  g_autofree char *label = ttu_ean13("210001300450");
  g_assert_true(till_model_add_code(m, label, &error));
  g_assert_no_error(error);
  const PosLine *l = till_model_line(m, 1);
  g_assert_cmpint(l->plu, ==, 13);
  g_assert_cmpint(l->qty_milli, ==, 450);
  g_assert_cmpint(l->amount, ==, 7560);
  /* a scale that prints the price instead: the amount is fixed */
  g_assert_true(till_model_set_setting(m, "instore_pattern", "22PPPPPVVVVVC", &error));
  g_autofree char *priced = ttu_ean13("220001307560");
  g_assert_true(till_model_add_code(m, priced, &error));
  g_assert_no_error(error);
  l = till_model_line(m, 2);
  g_assert_true(l->fixed_amount);
  g_assert_cmpint(l->amount, ==, 7560);
  g_assert_false(till_model_set_qty(m, 2, "500g", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "label");
}

/* Every way a code, a weight or a price can be wrong, each with its message. */
static void test_ring_bad_input(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  /* weight 0, in every spelling */
  const char *zeros[] = {"0", "0g", "0.000kg", "0근"};
  for (guint i = 0; i < G_N_ELEMENTS(zeros); i++) {
    g_assert_true(till_model_add_plu(m, 13, NULL));
    g_assert_false(till_model_give_weight(m, zeros[i], &error));
    ttu_assert_refused(error, POS_ERROR_INVALID, "more than 0 g");
    g_clear_error(&error);
    g_assert_nonnull(till_model_pending(m));   /* still waiting for a weight */
    till_model_cancel_pending(m);
  }
  g_assert_cmpuint(till_model_n_lines(m), ==, 0);
  /* junk weight and a fractional piece count */
  g_assert_true(till_model_add_plu(m, 13, NULL));
  g_assert_false(till_model_give_weight(m, "a lot", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "is not a weight");
  g_clear_error(&error);
  till_model_cancel_pending(m);
  till_model_entry_set(m, "1.5");
  g_assert_false(till_model_add_plu(m, 1, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "whole number");
  g_clear_error(&error);
  till_model_entry_set(m, "");
  /* an unknown barcode, a misread one, and something that is no code */
  g_autofree char *unknown = ttu_ean13("880000000001");
  g_assert_false(till_model_add_code(m, unknown, &error));
  ttu_assert_refused(error, POS_ERROR_NOT_FOUND, "No product has the code");
  g_clear_error(&error);
  g_autofree char *good = ttu_ean13("880000000001");
  good[12] = good[12] == '9' ? '0' : (char)(good[12] + 1);
  g_assert_false(till_model_add_code(m, good, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "check digit");
  g_clear_error(&error);
  g_assert_false(till_model_add_code(m, "12a", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "neither a PLU");
  g_clear_error(&error);
  g_assert_false(till_model_add_code(m, "", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "Scan a barcode");
  g_clear_error(&error);
  g_assert_false(till_model_add_code(m, "777", &error));
  ttu_assert_refused(error, POS_ERROR_NOT_FOUND, "777");
  g_clear_error(&error);
  /* a price that overflows: typed beyond the till's limit, beyond a price's
     limit, and a weight that takes a line past the limit */
  g_assert_true(till_model_add_plu(m, 14, NULL));
  g_assert_true(till_model_give_weight(m, "1kg", NULL));
  g_assert_false(till_model_override_price(m, 0, "99999999999999", "흥정", &error));
  ttu_assert_refused(error, POS_ERROR_OVERFLOW, "limit");
  g_clear_error(&error);
  g_assert_false(till_model_override_price(m, 0, "200000000", "흥정", &error));
  ttu_assert_refused(error, POS_ERROR_OVERFLOW, "100,000,000");
  g_clear_error(&error);
  g_assert_true(till_model_override_price(m, 0, "100000000", "흥정", &error));
  g_assert_false(till_model_set_qty(m, 0, "100000kg", &error));
  ttu_assert_refused(error, POS_ERROR_OVERFLOW, "over the till's limit");
  g_clear_error(&error);
  g_assert_cmpint(till_model_line(m, 0)->qty_milli, ==, 1000);   /* unchanged */
  g_assert_false(till_model_override_price(m, 0, "50000", "", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "reason");
  g_clear_error(&error);
  /* nothing selected */
  till_model_select(m, -1);
  g_assert_false(till_model_remove_line(m, -1, &error));
  ttu_assert_refused(error, POS_ERROR_NOT_FOUND, "Touch a line");
  g_clear_error(&error);
  /* an inactive product */
  g_assert_true(till_model_product_set_active(m, 5, FALSE, NULL));
  g_assert_false(till_model_add_plu(m, 5, &error));
  g_clear_error(&error);
  g_assert_false(till_model_add_code(m, "5", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "not sold any more");
  g_clear_error(&error);
  /* the message line shows the last refusal */
  gboolean is_error = FALSE;
  g_assert_nonnull(strstr(till_model_message(m, &is_error), "not sold any more"));
  g_assert_true(is_error);
}

/* ---- Cart edits and discounts ---------------------------------------------- */

static void test_cart_edits(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  g_assert_true(till_model_add_plu(m, 1, NULL));     /* 2,500 */
  g_assert_true(till_model_add_plu(m, 13, NULL));
  g_assert_true(till_model_give_weight(m, "1kg", NULL));   /* 16,800 */
  g_assert_true(till_model_set_qty(m, 0, "4", &error));
  g_assert_cmpint(totals(m).total, ==, 10000 + 16800);
  g_assert_true(till_model_set_qty(m, 1, "0.5kg", &error));
  g_assert_cmpint(totals(m).total, ==, 10000 + 8400);
  g_assert_false(till_model_set_qty(m, 1, "0", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "more than 0 g");
  g_clear_error(&error);
  g_assert_false(till_model_set_qty(m, 0, "0", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "at least 1");
  g_clear_error(&error);
  /* line discount: a reason is required, and it cannot pass the amount */
  g_assert_false(till_model_discount_line(m, 0, "1000", "", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "reason");
  g_clear_error(&error);
  g_assert_false(till_model_discount_line(m, 0, "10001", "덤", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "more than the line");
  g_clear_error(&error);
  g_assert_true(till_model_discount_line(m, 0, "1,000", "덤", &error));
  g_assert_cmpint(totals(m).total, ==, 9000 + 8400);
  /* sale discount */
  g_assert_false(till_model_discount_sale(m, "20000", "단골", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "more than the sale");
  g_clear_error(&error);
  g_assert_true(till_model_discount_sale(m, "400", "단골", &error));
  PosTotals t = totals(m);
  g_assert_cmpint(t.total, ==, 17000);
  g_assert_cmpint(t.line_discounts, ==, 1000);
  g_assert_cmpint(t.sale_discount, ==, 400);
  g_assert_cmpint(till_model_sale_discount(m), ==, 400);
  g_assert_cmpint(t.lines + t.rounding - t.line_discounts - t.sale_discount, ==, t.total);
  /* removing a line takes the sale discount with it when it no longer fits */
  g_assert_true(till_model_discount_sale(m, "8000", "단골", &error));
  g_assert_true(till_model_remove_line(m, 0, &error));
  g_assert_cmpint(till_model_sale_discount(m), ==, 8000);
  g_assert_true(till_model_set_qty(m, 0, "100g", &error));   /* 1,680: less than 8,000 */
  g_assert_no_error(error);
  g_assert_true(till_model_remove_line(m, 0, &error));
  g_assert_cmpuint(till_model_n_lines(m), ==, 0);
  g_assert_cmpint(till_model_selected(m), ==, -1);
  g_assert_cmpint(totals(m).total, ==, 0);
}

/* ---- Payment ------------------------------------------------------------------- */

static void test_pay_bad(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  g_assert_false(till_model_pay_begin(m, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "empty");
  g_clear_error(&error);
  ttu_fill_cart(m);
  g_assert_true(till_model_pay_begin(m, &error));
  g_assert_true(till_model_paying(m));
  /* paying less than the total */
  g_assert_true(till_model_pay_add(m, POS_TENDER_CASH, "10000", NULL, &error));
  g_assert_cmpint(till_model_pay_due(m), ==, 7560);
  g_assert_cmpint(till_model_pay_change(m), ==, 0);
  g_assert_false(till_model_pay_commit(m, &error));
  ttu_assert_refused(error, POS_ERROR_UNDERPAID, "7,560 won short");
  g_clear_error(&error);
  g_assert_cmpuint(till_model_n_lines(m), ==, 2);   /* nothing lost */
  g_assert_null(till_model_last_sale(m));
  g_autoptr(GPtrArray) none = till_model_sales_today(m, NULL);
  g_assert_cmpuint(none->len, ==, 0);
  /* card: approval number required, never more than what is due */
  g_assert_false(till_model_pay_add(m, POS_TENDER_CARD, "7560", "", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "approval number");
  g_clear_error(&error);
  g_assert_false(till_model_pay_add(m, POS_TENDER_CARD, "7560", "12 34", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "letters, digits");
  g_clear_error(&error);
  g_assert_false(till_model_pay_add(m, POS_TENDER_ZEROPAY, "20000", "ZP1", &error));
  ttu_assert_refused(error, POS_ERROR_OVERPAID, "no change");
  g_clear_error(&error);
  g_assert_false(till_model_pay_add(m, POS_TENDER_CASH, "0", NULL, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "more than 0");
  g_clear_error(&error);
  g_assert_false(till_model_pay_add(m, POS_TENDER_CASH, "99999999999999", NULL, &error));
  ttu_assert_refused(error, POS_ERROR_OVERFLOW, "limit");
  g_clear_error(&error);
  g_assert_false(till_model_pay_add(m, POS_TENDER_CASH, "만원", NULL, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "digits only");
  g_clear_error(&error);
  /* paper Onnuri: change only once 60% is spent */
  g_assert_true(till_model_pay_remove(m, 0, &error));
  g_assert_cmpuint(till_model_pay_n_tenders(m), ==, 0);
  g_assert_true(till_model_pay_add(m, POS_TENDER_ONNURI_PAPER, "50000", NULL, &error));
  g_assert_false(till_model_pay_commit(m, &error));
  ttu_assert_refused(error, POS_ERROR_ONNURI_CHANGE, "60%");
  g_clear_error(&error);
  till_model_pay_cancel(m);
  g_assert_false(till_model_paying(m));
  g_assert_cmpuint(till_model_pay_n_tenders(m), ==, 0);
}

/* Hands the print's result back to the waiting test. */
static void on_printed(GObject *src, GAsyncResult *res, gpointer data)
{
  (void)src;
  *(GAsyncResult **)data = g_object_ref(res);
}

/*
** Card + paper Onnuri + cash with change; the stored document, the receipt,
** the print.
*/
static void test_pay_split_and_receipt(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  g_autoptr(GError) error = NULL;
  g_assert_true(till_model_set_setting(m, "printer_path", "", &error));
  ttu_fill_cart(m);
  g_assert_true(till_model_pay_begin(m, &error));
  g_assert_true(till_model_pay_add(m, POS_TENDER_CARD, "5000", "30012345", &error));
  g_assert_true(till_model_pay_add(m, POS_TENDER_ONNURI_PAPER, "10000", NULL, &error));
  g_assert_cmpint(till_model_pay_due(m), ==, 2560);
  g_assert_true(till_model_pay_add(m, POS_TENDER_CASH, "10000", NULL, &error));
  g_assert_cmpint(till_model_pay_paid(m), ==, 25000);
  GError *bad = NULL;
  g_assert_false(till_model_set_cash_receipt(m, "010-12", &bad));
  ttu_assert_refused(bad, POS_ERROR_INVALID, "10 to 18 digits");
  g_clear_error(&bad);
  g_assert_true(till_model_set_cash_receipt(m, "010-1234-5678", &error));
  g_assert_cmpint(till_model_pay_due(m), ==, 0);
  g_assert_cmpint(till_model_pay_change(m), ==, 7440);
  g_assert_true(till_model_pay_commit(m, &error));
  g_assert_no_error(error);
  /* committed: on disk, the cart empty, the document on screen */
  const PosSale *s = till_model_last_sale(m);
  g_assert_nonnull(s);
  g_assert_cmpuint(till_model_n_lines(m), ==, 0);
  g_assert_false(till_model_paying(m));
  g_autoptr(PosSale) stored = pos_ledger_load_sale(till_model_ledger(m), s->id, &error);
  g_assert_nonnull(stored);
  g_assert_cmpint(stored->totals.total, ==, 17560);
  g_assert_cmpint(stored->settlement.change, ==, 7440);
  g_assert_cmpuint(stored->tenders->len, ==, 3);
  g_assert_cmpstr(stored->cash_receipt_id, ==, "01012345678");
  g_assert_true(pos_ledger_check(till_model_ledger(m), &error));
  /* the receipt: text, QR, ESC/POS; no printer set is said plainly */
  g_autofree char *text = till_model_receipt_text(m, s, &error);
  g_assert_nonnull(strstr(text, s->receipt_no));
  g_autofree char *qr = till_model_receipt_qr(m, s);
  g_assert_null(qr);   /* not enrolled: a QR would lead nowhere */
  GError *e2 = NULL;
  g_assert_null(till_model_printer(m, &e2));
  ttu_assert_refused(e2, POS_ERROR_IO, "No printer");
  g_clear_error(&e2);
  g_autofree char *dir = g_dir_make_tmp("till-print-XXXXXX", &error);
  g_autofree char *out = g_build_filename(dir, "printer.bin", NULL);
  g_assert_true(till_model_set_setting(m, "printer_path", out, &error));
  const char *printer = till_model_printer(m, &error);
  g_autoptr(GBytes) bytes = till_model_receipt_escpos(m, s, TRUE, &error);
  g_assert_nonnull(bytes);
  /* the print runs in a worker thread; wait for it */
  GAsyncResult *result = NULL;
  till_print_async(bytes, printer, NULL, on_printed, &result);
  while (result == NULL)
    g_main_context_iteration(NULL, TRUE);
  gboolean done = till_print_finish(result, &error);
  g_object_unref(result);
  g_assert_true(done);
  g_autofree char *printed = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(out, &printed, &len, NULL));
  g_assert_cmpuint(len, ==, g_bytes_get_size(bytes));
  g_assert_cmpint((guchar)printed[0], ==, 0x1b);   /* ESC: the drawer kick or init */
  g_unlink(out);
  g_rmdir(dir);
  /* the sync status counts it */
  TillSyncStatus st;
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.pending, >=, 1);
  g_assert_cmpint(st.state, ==, TILL_SYNC_NOT_ENROLLED);
}


/* ---- Voids, refunds, the day close ------------------------------------------ */

static void test_void_and_refund(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  g_autofree char *first = ttu_ring_cash_sale(m);
  g_autofree char *second = ttu_ring_cash_sale(m);
  g_autoptr(GPtrArray) docs = till_model_sales_today(m, &error);
  g_assert_cmpuint(docs->len, ==, 2);
  g_assert_cmpstr(((PosSale *)g_ptr_array_index(docs, 0))->id, ==, second);  /* newest first */
  g_assert_false(till_model_sale_reversed(docs, g_ptr_array_index(docs, 1)));
  /* void: a reason first */
  g_assert_false(till_model_void(m, first, "  ", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "reason");
  g_clear_error(&error);
  g_assert_true(till_model_void(m, first, "잘못 입력", &error));
  g_assert_no_error(error);
  const PosSale *v = till_model_last_sale(m);
  g_assert_cmpint(v->kind, ==, POS_DOC_VOID);
  g_assert_cmpstr(v->original_id, ==, first);
  g_assert_cmpint(v->totals.total, ==, -17560);
  g_assert_false(till_model_void(m, first, "again", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "already voided");
  g_clear_error(&error);
  g_autoptr(GPtrArray) after = till_model_sales_today(m, &error);
  g_assert_cmpuint(after->len, ==, 3);
  for (guint i = 0; i < after->len; i++) {
    const PosSale *d = g_ptr_array_index(after, i);
    if (strcmp(d->id, first) == 0)
      g_assert_true(till_model_sale_reversed(after, d));
  }
  /* refund the pork line of the second sale */
  int lines[] = {1};
  g_assert_false(till_model_refund(m, second, lines, 0, POS_TENDER_CASH, "반품", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "Choose the lines");
  g_clear_error(&error);
  g_assert_true(till_model_refund(m, second, lines, 1, POS_TENDER_CASH, "반품", &error));
  g_assert_cmpint(till_model_last_sale(m)->totals.total, ==, -7560);
  g_assert_false(till_model_refund(m, second, lines, 1, POS_TENDER_CASH, "반품", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "already refunded");
  g_clear_error(&error);
  g_assert_true(pos_ledger_check(till_model_ledger(m), &error));
}

/*
** Open with a float, sell, X report, refusals, close with an over/short,
** nothing left to close.
*/
static void test_close_day(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  PosZReport z;
  g_assert_false(till_model_day_open(m));
  g_assert_false(till_model_x_report(m, &z, &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "No day is open");
  g_clear_error(&error);
  g_assert_true(till_model_open_day(m, "50,000", &error));
  g_assert_true(till_model_day_open(m));
  g_assert_false(till_model_open_day(m, "0", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "already open");
  g_clear_error(&error);
  g_autofree char *id = ttu_ring_cash_sale(m);
  g_assert_true(till_model_x_report(m, &z, &error));
  g_assert_cmpint(z.receipts, ==, 1);
  g_assert_cmpint(z.expected_cash, ==, 50000 + 17560);
  pos_zreport_clear(&z);
  /* a sale on screen blocks the close; bad counted cash is refused */
  g_assert_true(till_model_add_plu(m, 1, NULL));
  g_assert_false(till_model_close_day(m, "67560", &z, &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "Finish or clear");
  g_clear_error(&error);
  till_model_clear_cart(m);
  g_assert_false(till_model_close_day(m, "-5", &z, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "digits only");
  g_clear_error(&error);
  g_assert_true(till_model_close_day(m, "67,000", &z, &error));
  g_assert_no_error(error);
  g_assert_cmpint(z.counted_cash, ==, 67000);
  g_assert_cmpint(z.cash_difference, ==, -560);
  g_autofree char *text = till_model_zreport_text(m, &z, &error);
  g_assert_nonnull(text);
  g_autoptr(GBytes) escpos = till_model_zreport_escpos(m, &z, &error);
  g_assert_nonnull(escpos);
  pos_zreport_clear(&z);
  g_assert_false(till_model_day_open(m));
  g_assert_false(till_model_close_day(m, "0", &z, &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "nothing to close");
  g_clear_error(&error);
}

/* ---- Products and settings ------------------------------------------------------- */

static void test_products(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  g_assert_cmpuint(till_model_products(m)->len, ==, 16);
  GPtrArray *lines = till_model_lines(m);
  g_assert_cmpuint(lines->len, ==, 6);
  g_assert_cmpstr(g_ptr_array_index(lines, 0), ==, "FRUIT");
  g_assert_cmpstr(till_model_line_label(m, "FRUIT"), ==, "Fruit");
  g_assert_cmpstr(till_model_line_label(m, "ZZZ"), ==, "ZZZ");
  /* add */
  g_autoptr(PosProduct) p = pos_product_new();
  p->plu = till_model_next_plu(m);
  g_assert_cmpint(p->plu, ==, 17);
  p->name = g_strdup("고등어 1손");
  p->line_code = g_strdup("FISH");
  p->price = 200000000;
  g_assert_false(till_model_product_save(m, p, &error));
  ttu_assert_refused(error, POS_ERROR_OVERFLOW, "100,000,000");
  g_clear_error(&error);
  p->price = 9000;
  p->tax = POS_TAX_EXEMPT;
  g_free(p->barcode);
  p->barcode = g_strdup("8801234567890");
  g_assert_false(till_model_product_save(m, p, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "check digit");
  g_clear_error(&error);
  g_clear_pointer(&p->barcode, g_free);
  g_assert_true(till_model_product_save(m, p, &error));
  g_assert_no_error(error);
  const PosProduct *saved = till_model_product(m, 17);
  g_assert_nonnull(saved);
  g_assert_cmpint(saved->quick_key, ==, 16);
  g_assert_cmpuint(till_model_lines(m)->len, ==, 7);
  /* the same PLU again is a conflict */
  g_autoptr(PosProduct) dup = pos_product_copy(saved);
  dup->id = 0;
  g_assert_false(till_model_product_save(m, dup, &error));
  ttu_assert_refused(error, POS_ERROR_CONFLICT, "already has");
  g_clear_error(&error);
  /* deactivate, and it leaves the grid */
  g_assert_true(till_model_product_set_active(m, 17, FALSE, &error));
  g_assert_false(till_model_product(m, 17)->active);
  g_assert_cmpuint(till_model_lines(m)->len, ==, 6);
  /* arrange: PLU 3 (key 2) to the front */
  g_assert_true(till_model_product_move(m, 3, -2, &error));
  g_assert_cmpint(till_model_product(m, 3)->quick_key, ==, 0);
  g_assert_cmpint(till_model_product(m, 1)->quick_key, ==, 1);
  g_assert_cmpint(till_model_product(m, 2)->quick_key, ==, 2);
  g_assert_cmpint(((PosProduct *)g_ptr_array_index(till_model_products(m), 0))->plu, ==, 3);
  g_assert_false(till_model_product_move(m, 17, 1, &error));   /* inactive */
  g_clear_error(&error);
  /* import: a bad file changes nothing and says where */
  g_autofree char *dir = g_dir_make_tmp("till-csv-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename(dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename(dir, "good.csv", NULL);
  g_assert_true(g_file_set_contents(bad, "plu,name,line,price,unit,tax\n"
                                         "30,떡,TTEOK,abc,piece,taxable\n", -1, NULL));
  g_assert_true(g_file_set_contents(good, "plu,name,line,price,unit,tax\n"
                                          "30,인절미 1팩,TTEOK,3000,piece,taxable\n"
                                          "1,사과(부사) 1개,FRUIT,2700,piece,exempt\n", -1,
                                    NULL));
  PosImportStats st;
  g_assert_false(till_model_import_csv(m, bad, &st, &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "nothing changed");
  g_clear_error(&error);
  g_assert_null(till_model_product(m, 30));
  g_assert_true(till_model_import_csv(m, good, &st, &error));
  g_assert_cmpuint(st.inserted, ==, 1);
  g_assert_cmpuint(st.updated, ==, 1);
  g_assert_cmpint(till_model_product(m, 1)->price, ==, 2700);
  g_unlink(bad);
  g_unlink(good);
  g_rmdir(dir);
}

/*
** Settings by key with their refusals; a fresh ledger and a file that is no
** ledger.
*/
static void test_settings(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  g_assert_false(till_model_is_new(m));
  g_assert_true(till_model_set_setting(m, "stall_name", "  행복상회  ", &error));
  g_assert_cmpstr(till_model_settings(m)->stall_name, ==, "행복상회");
  g_assert_false(till_model_set_setting(m, "business_no", "12-34", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "10 digits");
  g_clear_error(&error);
  g_assert_false(till_model_set_setting(m, "rounding_unit", "5", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "1, 10 or 100");
  g_clear_error(&error);
  g_assert_true(till_model_set_setting(m, "rounding_unit", "100", &error));
  g_assert_cmpint(till_model_settings(m)->rounding_unit, ==, 100);
  /* the new rounding applies to the next cart: 450 g of pork = 7,500 */
  g_assert_true(till_model_add_plu(m, 13, NULL));
  g_assert_true(till_model_give_weight(m, "450", NULL));
  g_assert_cmpint(totals(m).total, ==, 7500);
  g_assert_false(till_model_set_setting(m, "hub_url", "ftp://hub", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "https://");
  g_clear_error(&error);
  /* a fresh ledger gets a placeholder stall and says it is new */
  g_autofree char *dir = g_dir_make_tmp("till-new-XXXXXX", NULL);
  g_autofree char *path = g_build_filename(dir, "ledger.sqlite", NULL);
  TillModel *fresh = till_model_new(path, &error);
  g_assert_no_error(error);
  g_assert_true(till_model_is_new(fresh));
  g_assert_cmpuint(till_model_products(fresh)->len, ==, 0);
  g_object_unref(fresh);
  TillModel *again = till_model_new(path, &error);
  g_assert_false(till_model_is_new(again));
  g_object_unref(again);
  const char *ext[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(ext); i++) {
    g_autofree char *f = g_strconcat(path, ext[i], NULL);
    g_unlink(f);
  }
  g_rmdir(dir);
  /* a file that is not a ledger */
  g_autofree char *junk_dir = g_dir_make_tmp("till-junk-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename(junk_dir, "junk.sqlite", NULL);
  g_assert_true(g_file_set_contents(junk, "not a database at all, just some text here "
                                          "long enough to look like a header.....", -1, NULL));
  g_assert_null(till_model_new(junk, &error));
  ttu_assert_refused(error, POS_ERROR_NOT_A_DB, "ledger");
  g_clear_error(&error);
  g_unlink(junk);
  g_rmdir(junk_dir);
}

/* A fixed clock (ttu_init): days and receipt numbers do not depend on the date. */
/*
** Paid-in and paid-out: refusals in the merchant's words, the expected
** cash to the won, and the threshold question of the close.
*/
static void test_cash_move(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  PosZReport z;
  PosMoney diff = 0;
  g_assert_false(till_model_cash_move(m, POS_CASH_IN, "1000", "잔돈", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "start the day");
  g_clear_error(&error);
  g_assert_true(till_model_open_day(m, "50000", &error));
  g_autofree char *id = ttu_ring_cash_sale(m);   /* 17,560 cash: expected 67,560 */
  g_assert_false(till_model_cash_move(m, POS_CASH_IN, "", "잔돈", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "Type an amount");
  g_clear_error(&error);
  g_assert_false(till_model_cash_move(m, POS_CASH_IN, "0", "잔돈", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "1 won or more");
  g_clear_error(&error);
  g_assert_false(till_model_cash_move(m, POS_CASH_IN, "1000", "  ", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "Say why");
  g_clear_error(&error);
  g_assert_false(till_model_cash_move(m, POS_CASH_OUT, "67561", "은행", &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "does not hold that much");
  g_clear_error(&error);
  g_assert_true(till_model_cash_move(m, POS_CASH_IN, "20,000", "잔돈", &error));
  g_assert_true(till_model_cash_move(m, POS_CASH_OUT, "7560", "배달비", &error));
  g_assert_no_error(error);
  g_assert_nonnull(strstr(till_model_message(m, NULL), "7,560"));
  g_assert_true(till_model_x_report(m, &z, &error));
  g_assert_cmpint(z.paid_in, ==, 20000);
  g_assert_cmpint(z.paid_out, ==, 7560);
  g_assert_cmpint(z.expected_cash, ==, 80000);   /* 67,560 + 20,000 - 7,560 */
  pos_zreport_clear(&z);
  /* The default threshold is 5,000 won either way. */
  g_assert_false(till_model_difference_beyond(m, 75000, &diff));
  g_assert_cmpint(diff, ==, -5000);
  g_assert_true(till_model_difference_beyond(m, 74999, &diff));
  g_assert_cmpint(diff, ==, -5001);
  g_assert_true(till_model_difference_beyond(m, 85001, &diff));
  g_assert_true(till_model_set_setting(m, "cash_diff_threshold", "10000", &error));
  g_assert_false(till_model_difference_beyond(m, 85001, &diff));
  g_assert_false(till_model_set_setting(m, "cash_diff_threshold", "abc", &error));
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_assert_true(till_model_close_day(m, "80000", &z, &error));
  g_assert_cmpint(z.cash_difference, ==, 0);
  g_autofree char *text = till_model_zreport_text(m, &z, &error);
  g_assert_nonnull(strstr(text, "입금"));
  g_assert_nonnull(strstr(text, "출금"));
  /* product lines by their names, not their codes */
  g_assert_nonnull(strstr(text, till_model_line_label(m, "MEAT")));
  g_assert_cmpstr(till_model_line_label(m, "MEAT"), !=, "MEAT");
  g_assert_null(strstr(text, "MEAT"));
  g_assert_null(strstr(text, "FRUIT"));
  pos_zreport_clear(&z);
  /* No day open: nothing to compare with. */
  g_assert_false(till_model_difference_beyond(m, 0, &diff));
}

/*
** A number typed before a weighed product's key: with a unit it rings at
** once; without one the product waits and the number is kept for the
** weight dialog's question (3 g or 3 kg?).
*/
static void test_ring_bare_weight(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  till_model_entry_set(m, "450g");
  g_assert_true(till_model_add_plu(m, 13, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(till_model_n_lines(m), ==, 1);
  g_assert_cmpint(till_model_line(m, 0)->qty_milli, ==, 450);
  g_assert_null(till_model_pending(m));
  g_assert_null(till_model_pending_typed(m));
  till_model_entry_set(m, "3");
  g_assert_true(till_model_add_plu(m, 13, &error));
  g_assert_cmpuint(till_model_n_lines(m), ==, 1);   /* nothing rung yet */
  g_assert_nonnull(till_model_pending(m));
  g_assert_cmpstr(till_model_pending_typed(m), ==, "3");
  g_assert_true(till_model_give_weight(m, "3kg", &error));
  g_assert_cmpint(till_model_line(m, 1)->qty_milli, ==, 3000);
  g_assert_null(till_model_pending_typed(m));
  /* a piece product still takes a bare count */
  till_model_entry_set(m, "3");
  g_assert_true(till_model_add_plu(m, 1, &error));
  g_assert_cmpint(till_model_line(m, 2)->qty_milli, ==, 3000);
}

int main(int argc, char **argv)
{
  ttu_init(&argc, &argv);
  g_test_add_func("/till/ring/piece-and-weighed", test_ring_piece_and_weighed);
  g_test_add_func("/till/ring/barcodes", test_ring_barcodes);
  g_test_add_func("/till/ring/bare-weight", test_ring_bare_weight);
  g_test_add_func("/till/ring/bad-input", test_ring_bad_input);
  g_test_add_func("/till/cart/edits", test_cart_edits);
  g_test_add_func("/till/pay/bad", test_pay_bad);
  g_test_add_func("/till/pay/split-and-receipt", test_pay_split_and_receipt);
  g_test_add_func("/till/day/void-and-refund", test_void_and_refund);
  g_test_add_func("/till/day/close", test_close_day);
  g_test_add_func("/till/day/cash-move", test_cash_move);
  g_test_add_func("/till/products", test_products);
  g_test_add_func("/till/settings", test_settings);
  return g_test_run();
}
