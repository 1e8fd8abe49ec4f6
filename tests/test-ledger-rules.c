/*
** test-ledger-rules.c: the stall ledger's business rules, through the
** public API (pos.h) on a fresh ledger per case (ledger-testutil.h).
**
**   /ledger-rules/outbox        one outbox event per document, product and day close
**   /ledger-rules/void-refund   void and refund rules and the Z report to the won
**   /ledger-rules/business-day  receipt numbers per device and Seoul business day
**
** Expected figures are worked out by hand in the comments next to them, so
** a wrong sum in the library fails here rather than agreeing with itself.
*/
#include "ledger-testutil.h"

#include <string.h>

/* ---- /ledger-rules/outbox ----------------------------------------------------------- */

static void test_outbox(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  g_autoptr(PosLedger) ledger = lt_open_ok(s.path);
  g_assert_true(pos_ledger_init_stall(ledger, "생선가게", 1, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(lt_outbox_count(ledger, -1, NULL), ==, 0);   /* settings are not events */

  lt_add_catalog(ledger);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_PRODUCT, NULL), ==, G_N_ELEMENTS(lt_catalog));
  g_autoptr(PosProduct) tofu = pos_ledger_product_by_plu(ledger, PLU_TOFU, &error);
  g_assert_no_error(error);
  g_autofree char *tofu_ref = g_strdup_printf("%" G_GINT64_FORMAT, tofu->id);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_PRODUCT, tofu_ref), ==, 1);
  tofu->price = 2800;   /* a price change is an event too */
  g_assert_true(pos_ledger_product_save(ledger, tofu, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_PRODUCT, tofu_ref), ==, 2);

  const LtItem a[] = {{PLU_TOFU, 1000}, {PLU_CABBAGE, 1000}};
  g_autoptr(PosSale) s1 = lt_ring(ledger, a, 2, POS_TENDER_CASH, 10000, NULL);
  g_autoptr(PosSale) s2 = lt_ring(ledger, a, 2, POS_TENDER_CARD, 6800, "55554444");
  /* Refused documents queue nothing: underpaid sale, void of a missing sale. */
  g_assert_false(lt_try_ring(ledger, a, 2, POS_TENDER_CASH, 100, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_UNDERPAID);
  g_clear_error(&error);
  g_assert_false(pos_ledger_void(ledger, "no-such-sale", NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpuint(lt_outbox_count(ledger, -1, NULL), ==, G_N_ELEMENTS(lt_catalog) + 1 + 2);

  g_autoptr(PosSale) v1 = NULL;
  g_assert_true(pos_ledger_void(ledger, s1->id, "잘못 찍음", &v1, &error));
  g_assert_no_error(error);
  const int line1 = 1;
  g_autoptr(PosSale) r2 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s2->id, &line1, 1, POS_TENDER_CARD, "시든 배추", &r2,
                                  &error));
  g_assert_no_error(error);
  int64_t session = 0;
  g_assert_true(pos_ledger_open_session(ledger, &session, &error));
  g_assert_no_error(error);
  g_assert_true(pos_ledger_close_day(ledger, 0, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *session_ref = g_strdup_printf("%" G_GINT64_FORMAT, session);

  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, s1->id), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, s2->id), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_VOID, v1->id), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_REFUND, r2->id), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_DAY_CLOSE, session_ref), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, -1, s1->id), ==, 1);   /* nothing else names s1 */
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, NULL), ==, 2);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_VOID, NULL), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_REFUND, NULL), ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_DAY_CLOSE, NULL), ==, 1);
  const guint total = G_N_ELEMENTS(lt_catalog) + 1 + 2 + 1 + 1 + 1;
  g_assert_cmpuint(lt_outbox_count(ledger, -1, NULL), ==, total);

  /* In the order things happened, with unique event ids. */
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(ledger, 1000, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(rows->len, ==, total);
  static const PosEventKind order[] = {
    POS_EVENT_PRODUCT, POS_EVENT_PRODUCT, POS_EVENT_PRODUCT, POS_EVENT_PRODUCT,
    POS_EVENT_SALE, POS_EVENT_SALE, POS_EVENT_VOID, POS_EVENT_REFUND, POS_EVENT_DAY_CLOSE};
  G_STATIC_ASSERT(G_N_ELEMENTS(order) == G_N_ELEMENTS(lt_catalog) + 6);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(rows, i);
    g_assert_cmpint(r->kind, ==, order[i]);
    g_assert_true(pos_uuid_valid(r->event_id));
    g_assert_true(g_hash_table_add(seen, (gpointer)r->event_id));
    g_assert_cmpint(r->attempts, ==, 0);
    if (i > 0)
      g_assert_cmpint(r->seq, >, ((PosOutboxRow *)g_ptr_array_index(rows, i - 1))->seq);
  }

  /* Marking: sent rows leave the pending list, rejected rows are kept. */
  const PosOutboxRow *first = g_ptr_array_index(rows, 0);
  const PosOutboxRow *fifth = g_ptr_array_index(rows, 4);
  g_assert_true(pos_ledger_outbox_mark(ledger, first->event_id, POS_OUTBOX_SENT, NULL, NULL,
                                       &error));
  g_assert_true(pos_ledger_outbox_mark(ledger, fifth->event_id, POS_OUTBOX_REJECTED,
                                       "bad_stall", "unknown stall code", &error));
  g_assert_no_error(error);
  g_assert_false(pos_ledger_outbox_mark(ledger, "01900000-0000-7000-8000-000000000000",
                                        POS_OUTBOX_SENT, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&error);
  int64_t pending = -1, sent = -1, rejected = -1;
  g_assert_true(pos_ledger_outbox_counts(ledger, &pending, &sent, &rejected, &error));
  g_assert_no_error(error);
  g_assert_cmpint(pending, ==, total - 2);
  g_assert_cmpint(sent, ==, 1);
  g_assert_cmpint(rejected, ==, 1);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, s1->id), ==, 0);
  g_assert_cmpuint(lt_outbox_count(ledger, -1, NULL), ==, total - 2);
  lt_check_ok(ledger);
}

/* ---- /ledger-rules/void-refund ------------------------------------------------------- */

static PosLineTotal *line_total(const PosZReport *z, guint i)
{
  g_assert_cmpuint(i, <, z->by_line->len);
  return g_ptr_array_index(z->by_line, i);
}

static void assert_zreport(const PosZReport *z)
{
  /* Sales S1 9,000 (cash 10,000, change 1,000), S2 17,100 (card),
     S3 2,500 (cash 3,000, change 500); S3 voided; S1 line 1 (cabbage 4,000)
     refunded in cash, S2 line 1 (pork net 9,100) refunded by transfer. */
  g_assert_cmpint(z->z_no, ==, 1);
  g_assert_cmpint(z->cash_float, ==, 50000);
  g_assert_cmpint(z->receipts, ==, 3);
  g_assert_cmpint(z->gross, ==, 9000 + 17100 + 2500);
  g_assert_cmpint(z->voids, ==, 1);
  g_assert_cmpint(z->voids_amount, ==, -2500);
  g_assert_cmpint(z->refunds, ==, 2);
  g_assert_cmpint(z->refunds_amount, ==, -4000 - 9100);
  g_assert_cmpint(z->total, ==, 28600 - 2500 - 13100);
  /* taxable: tofu 5,000 (S1) + 2,500 (S3) - 2,500 (void) = 5,000;
     supply: 4,545 + 2,273 - 2,273; VAT 455 + 227 - 227 */
  g_assert_cmpint(z->taxable, ==, 5000);
  g_assert_cmpint(z->supply, ==, 4545);
  g_assert_cmpint(z->vat, ==, 455);
  /* exempt: 4,000 + 17,100 - 4,000 - 9,100 */
  g_assert_cmpint(z->exempt, ==, 8000);
  g_assert_cmpint(z->discounts, ==, 800);
  /* cash: in 10,000 + 3,000, back 3,000 (void) + 4,000 (refund), change
     1,000 + 500 - 500 (the void takes S3's change back) */
  g_assert_cmpint(z->by_tender[POS_TENDER_CASH], ==, 13000 - 3000 - 4000 - 1000);
  g_assert_cmpint(z->by_tender[POS_TENDER_CARD], ==, 17100);
  g_assert_cmpint(z->by_tender[POS_TENDER_TRANSFER], ==, -9100);
  g_assert_cmpint(z->by_tender[POS_TENDER_ZEROPAY], ==, 0);
  g_assert_cmpint(z->by_tender[POS_TENDER_ONNURI_PAPER], ==, 0);
  PosMoney sum = 0;
  for (int m = 0; m < POS_TENDER_N; m++)
    sum += z->by_tender[m];
  g_assert_cmpint(sum, ==, z->total);
  g_assert_cmpint(z->cash_in, ==, 13000);
  g_assert_cmpint(z->change, ==, 1000);
  /* float + cash - change - cash refunds (the void's cash counted out too) */
  g_assert_cmpint(z->expected_cash, ==, 50000 + (13000 - 3000) - 1000 - 4000);
  g_assert_cmpint(z->cash_receipts_pending, ==, 1);
  g_assert_cmpuint(z->by_line->len, ==, 3);
  g_assert_cmpstr(line_total(z, 0)->line_code, ==, "MEAT");
  g_assert_cmpint(line_total(z, 0)->amount, ==, 9100 - 9100);
  g_assert_cmpstr(line_total(z, 1)->line_code, ==, "TOFU");
  g_assert_cmpint(line_total(z, 1)->amount, ==, 5000 + 2500 - 2500);
  g_assert_cmpstr(line_total(z, 2)->line_code, ==, "VEG");
  g_assert_cmpint(line_total(z, 2)->amount, ==, 4000 + 8000 - 4000);
}

static void test_void_refund(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  g_autoptr(PosLedger) ledger = lt_new_stall(s.path, 100);
  g_assert_true(pos_ledger_open_day(ledger, 50000, &error));
  g_assert_no_error(error);
  g_assert_false(pos_ledger_open_day(ledger, 10000, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);

  /* S1: 2 tofu 5,000 taxable + cabbage 4,000 exempt = 9,000; cash 10,000. */
  g_autoptr(PosSale) s1 = NULL;
  {
    const LtItem items[] = {{PLU_TOFU, 2000}, {PLU_CABBAGE, 1000}};
    g_autoptr(PosCart) cart = lt_fill_cart(ledger, items, 2);
    g_assert_true(pos_cart_set_cash_receipt(cart, "010-1234-5678", &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &s1, &error));
    g_assert_no_error(error);
  }
  g_assert_cmpint(s1->totals.total, ==, 9000);
  g_assert_cmpint(s1->totals.supply, ==, 4545);   /* round(5,000 / 1.1) */
  g_assert_cmpint(s1->totals.vat, ==, 455);
  g_assert_cmpint(s1->settlement.change, ==, 1000);

  /* S2: 2 cabbages 8,000 + pork 555 g: 18,000 x 0.555 = 9,990, down to the
     100 won: 9,900 (rounding -90), less 800 덤 = 9,100; total 17,100 by card. */
  g_autoptr(PosSale) s2 = NULL;
  {
    const LtItem items[] = {{PLU_CABBAGE, 2000}, {PLU_PORK, 555}};
    g_autoptr(PosCart) cart = lt_fill_cart(ledger, items, 2);
    g_assert_true(pos_cart_discount_line(cart, 1, 800, "덤", &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, 17100, "30012345", &error));
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &s2, &error));
    g_assert_no_error(error);
  }
  g_assert_cmpint(s2->totals.lines, ==, 17990);
  g_assert_cmpint(s2->totals.rounding, ==, -90);
  g_assert_cmpint(s2->totals.line_discounts, ==, 800);
  g_assert_cmpint(s2->totals.total, ==, 17100);
  g_assert_cmpint(s2->totals.taxable, ==, 0);

  /* S3: one tofu 2,500, cash 3,000, change 500. */
  const LtItem one_tofu[] = {{PLU_TOFU, 1000}};
  g_autoptr(PosSale) s3 = lt_ring(ledger, one_tofu, 1, POS_TENDER_CASH, 3000, NULL);
  g_assert_cmpint(s3->settlement.change, ==, 500);

  /* Void S3: an exact negative copy pointing at it. */
  g_autoptr(PosSale) v3 = NULL;
  g_assert_true(pos_ledger_void(ledger, s3->id, "손님 변심", &v3, &error));
  g_assert_no_error(error);
  g_assert_cmpint(v3->kind, ==, POS_DOC_VOID);
  g_assert_cmpstr(v3->original_id, ==, s3->id);
  g_assert_cmpint(v3->totals.total, ==, -2500);
  g_assert_cmpint(v3->totals.supply, ==, -2273);
  g_assert_cmpint(v3->totals.vat, ==, -227);
  g_assert_cmpint(v3->settlement.paid, ==, -3000);
  g_assert_cmpint(v3->settlement.change, ==, -500);
  g_assert_cmpstr(v3->reason, ==, "손님 변심");

  g_autofree char *before = lt_fingerprint(s.path);
  /* Void twice: STATE. */
  g_assert_false(pos_ledger_void(ledger, s3->id, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* By receipt number too. */
  g_assert_false(pos_ledger_void(ledger, s3->receipt_no, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* Refund of a voided sale: STATE. */
  const int line0 = 0, line1 = 1;
  g_assert_false(pos_ledger_refund(ledger, s3->id, &line0, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* A void is not a sale: it can be neither voided nor refunded. */
  g_assert_false(pos_ledger_void(ledger, v3->id, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_assert_false(pos_ledger_refund(ledger, v3->id, &line0, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_autofree char *after_refused = lt_fingerprint(s.path);
  g_assert_cmpstr(after_refused, ==, before);

  /* Refund S1's cabbage in cash. */
  g_autoptr(PosSale) r1 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s1->id, &line1, 1, POS_TENDER_CASH, "시든 배추",
                                  &r1, &error));
  g_assert_no_error(error);
  g_assert_cmpint(r1->kind, ==, POS_DOC_REFUND);
  g_assert_cmpstr(r1->original_id, ==, s1->id);
  g_assert_cmpint(r1->totals.total, ==, -4000);
  g_assert_cmpint(r1->totals.exempt, ==, -4000);
  g_assert_cmpint(r1->totals.taxable, ==, 0);
  g_assert_cmpuint(r1->lines->len, ==, 1);
  g_assert_cmpint(((PosLine *)g_ptr_array_index(r1->lines, 0))->refunded_from, ==, 1);
  g_assert_cmpint(((PosLine *)g_ptr_array_index(r1->lines, 0))->qty_milli, ==, -1000);

  g_free(before);
  before = lt_fingerprint(s.path);
  /* The same line twice: STATE; with a fresh line beside it: still STATE, all or nothing. */
  g_assert_false(pos_ledger_refund(ledger, s1->id, &line1, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  const int both[] = {0, 1};
  g_assert_false(pos_ledger_refund(ledger, s1->id, both, 2, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* One line twice in one request is a malformed request: INVALID. */
  const int twice[] = {0, 0};
  g_assert_false(pos_ledger_refund(ledger, s1->id, twice, 2, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&error);
  /* A line that does not exist: NOT_FOUND. */
  const int line7 = 7;
  g_assert_false(pos_ledger_refund(ledger, s1->id, &line7, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&error);
  /* Void after a partial refund: STATE. */
  g_assert_false(pos_ledger_void(ledger, s1->id, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_free(after_refused);
  after_refused = lt_fingerprint(s.path);
  g_assert_cmpstr(after_refused, ==, before);

  /* Refund S2's pork by transfer: amount -9,990, rounding +90, discount -800. */
  g_autoptr(PosSale) r2 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s2->id, &line1, 1, POS_TENDER_TRANSFER, "상함",
                                  &r2, &error));
  g_assert_no_error(error);
  const PosLine *pork = g_ptr_array_index(r2->lines, 0);
  g_assert_cmpint(pork->amount, ==, -9990);
  g_assert_cmpint(pork->rounding, ==, 90);
  g_assert_cmpint(pork->line_discount, ==, -800);
  g_assert_cmpint(pork->net, ==, -9100);
  g_assert_cmpint(r2->totals.total, ==, -9100);

  /* Receipt numbers run on over sales, voids and refunds alike. */
  g_autofree char *device = lt_device_id(ledger);
  g_autofree char *r2_no = g_strdup_printf("%s-%s-0006", device, TEST_DAY_COMPACT);
  g_assert_cmpstr(r2->receipt_no, ==, r2_no);

  PosZReport x;
  g_assert_true(pos_ledger_x_report(ledger, &x, &error));
  g_assert_no_error(error);
  assert_zreport(&x);
  g_assert_cmpint(x.closed_ms, ==, 0);
  pos_zreport_clear(&x);

  PosZReport z;
  g_assert_true(pos_ledger_close_day(ledger, 54500, &z, &error));
  g_assert_no_error(error);
  assert_zreport(&z);
  g_assert_cmpint(z.counted_cash, ==, 54500);
  g_assert_cmpint(z.cash_difference, ==, 54500 - 55000);
  g_assert_cmpint(z.closed_ms, >, 0);
  g_assert_cmpstr(z.business_day, ==, TEST_DAY);
  const int64_t session = z.session_id;
  pos_zreport_clear(&z);

  /* The reprint of the closed day has the same figures. */
  PosZReport again;
  g_assert_true(pos_ledger_session_report(ledger, session, &again, &error));
  g_assert_no_error(error);
  assert_zreport(&again);
  g_assert_cmpint(again.cash_difference, ==, -500);
  pos_zreport_clear(&again);

  /* The day is closed: no X report, no second close; a new sale opens Z 2. */
  g_assert_false(pos_ledger_x_report(ledger, &x, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_assert_false(pos_ledger_close_day(ledger, 0, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* Refunding a closed day's sale is fine and lands in the new session. */
  g_autoptr(PosSale) r3 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s1->id, &line0, 1, POS_TENDER_CASH, NULL, &r3, &error));
  g_assert_no_error(error);
  g_assert_cmpint(r3->session_id, !=, session);
  g_assert_true(pos_ledger_x_report(ledger, &x, &error));
  g_assert_no_error(error);
  g_assert_cmpint(x.z_no, ==, 2);
  g_assert_cmpint(x.refunds, ==, 1);
  g_assert_cmpint(x.expected_cash, ==, -5000);   /* zero float, 5,000 paid out */
  pos_zreport_clear(&x);
  lt_check_ok(ledger);
  g_unsetenv("MPOS_NOW");
}

/* ---- /ledger-rules/business-day --------------------------------------------------------- */

static void test_business_day(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  /* 23:59:59 in Seoul on 2 March is 14:59:59 UTC; one second later is 3 March. */
  g_setenv("MPOS_NOW", "2026-03-02T14:59:59Z", TRUE);
  g_autoptr(PosLedger) ledger = lt_new_stall(s.path, 1);
  g_autofree char *device = lt_device_id(ledger);
  g_assert_cmpuint(strlen(device), >=, 4);
  const LtItem a[] = {{PLU_CABBAGE, 1000}};

  g_autoptr(PosSale) d1a = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autoptr(PosSale) d1b = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_setenv("MPOS_NOW", "2026-03-02T15:00:00Z", TRUE);
  g_autoptr(PosSale) d2a = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autoptr(PosSale) d2b = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  /* a void on the next day takes that day's number, not the original's */
  g_autoptr(PosSale) v = NULL;
  g_assert_true(pos_ledger_void(ledger, d1b->id, NULL, &v, &error));
  g_assert_no_error(error);

  const struct {
    const PosSale *doc;
    const char *day;
    const char *number;
  } want[] = {
    {d1a, "2026-03-02", "20260302-0001"}, {d1b, "2026-03-02", "20260302-0002"},
    {d2a, "2026-03-03", "20260303-0001"}, {d2b, "2026-03-03", "20260303-0002"},
    {v, "2026-03-03", "20260303-0003"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    g_autofree char *rno = g_strdup_printf("%s-%s", device, want[i].number);
    g_assert_cmpstr(want[i].doc->business_day, ==, want[i].day);
    g_assert_cmpstr(want[i].doc->receipt_no, ==, rno);
    g_autoptr(PosSale) back = lt_load_ok(ledger, rno);
    g_assert_cmpstr(back->id, ==, want[i].doc->id);
  }
  g_autoptr(GPtrArray) day1 = lt_list_ids(ledger, "2026-03-02");
  g_autoptr(GPtrArray) day2 = lt_list_ids(ledger, "2026-03-03");
  g_autoptr(GPtrArray) day3 = lt_list_ids(ledger, "2026-03-04");
  g_assert_cmpuint(day1->len, ==, 2);
  g_assert_cmpuint(day2->len, ==, 3);
  g_assert_cmpuint(day3->len, ==, 0);
  g_assert_cmpstr(g_ptr_array_index(day2, 2), ==, v->id);

  /* A week later, in the morning: numbering restarts again. */
  g_setenv("MPOS_NOW", "2026-03-10T06:30:00+09:00", TRUE);
  g_autoptr(PosSale) d3 = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autofree char *rno3 = g_strdup_printf("%s-20260310-0001", device);
  g_assert_cmpstr(d3->receipt_no, ==, rno3);
  /* The clock set back to an earlier day continues that day's numbers: unique. */
  g_setenv("MPOS_NOW", "2026-03-02T12:00:00+09:00", TRUE);
  g_autoptr(PosSale) back_day = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autofree char *rno4 = g_strdup_printf("%s-20260302-0003", device);
  g_assert_cmpstr(back_day->receipt_no, ==, rno4);

  /* Another till of the same stall has its own device id, so its numbers
     for the same day never clash with these. */
  g_autofree char *path2 = g_build_filename(s.dir, "till2.sqlite", NULL);
  g_autoptr(PosLedger) till2 = lt_new_stall(path2, 1);
  g_autofree char *device2 = lt_device_id(till2);
  g_autoptr(PosSale) other = lt_ring(till2, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_assert_true(g_str_has_prefix(other->receipt_no, device2));
  g_assert_true(g_str_has_suffix(other->receipt_no, "-20260302-0001"));
  lt_check_ok(ledger);
  lt_check_ok(till2);
  g_unsetenv("MPOS_NOW");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_unsetenv("MPOS_NOW");
  g_test_add_func("/ledger-rules/outbox", test_outbox);
  g_test_add_func("/ledger-rules/void-refund", test_void_refund);
  g_test_add_func("/ledger-rules/business-day", test_business_day);
  return g_test_run();
}
