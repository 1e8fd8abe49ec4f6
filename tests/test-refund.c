/*
** test-refund.c: refunds of parts of lines (issue 14, item 5) on a real
** ledger: a number of pieces and a weight, never more than is left after
** earlier refunds (with the amount left in the refusal), the last part
** repaying the line's net to the won with discounts shared, receipts of
** earlier days found by number and by their QR, the sale's own tender by
** default, paper Onnuri never back as cash, and the refunds on the X report.
** Every document written must reconcile (pos_sale_check, pos_ledger_check).
*/
#include "testutil.h"
#include <string.h>

typedef struct {
  char *dir;
  PosLedger *ledger;
  PosProduct *apple, *pork;
} Fx;

static void fx_setup(Fx *fx, gconstpointer data)
{
  (void)data;
  fx->dir = tu_tmpdir();
  fx->ledger = tu_ledger(fx->dir, "행복청과", 10);
  fx->apple = tu_product(fx->ledger, 1, "사과", "FRUIT", POS_UNIT_PIECE, 2500, POS_TAX_EXEMPT);
  fx->pork = tu_product(fx->ledger, 13, "돼지 앞다리살", "MEAT", POS_UNIT_KG, 16800,
                        POS_TAX_TAXABLE);
}

static void fx_teardown(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_assert_true(pos_ledger_check(fx->ledger, &error));
  pos_product_free(fx->apple);
  pos_product_free(fx->pork);
  pos_ledger_close(fx->ledger);
  tu_tmpdir_free(fx->dir);
}

/* Four apples and 750 g of pork with 500 won off the pork and 1,000 off the sale. */
static PosSale *ring(Fx *fx, PosTenderMethod method, PosMoney paid, const char *ref)
{
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx->ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx->apple, 4000, NULL, &error));
  g_assert_true(pos_cart_add(cart, fx->pork, 750, NULL, &error));
  g_assert_true(pos_cart_discount_line(cart, 1, 500, "덤", &error));
  g_assert_true(pos_cart_discount_sale(cart, 1000, "단골", &error));
  g_assert_true(pos_cart_add_tender(cart, method, paid, ref, &error));
  PosSale *s = NULL;
  g_assert_true(pos_ledger_commit_sale(fx->ledger, cart, &s, &error));
  return s;
}

static PosMoney net_of(const PosSale *s, guint line)
{
  return ((const PosLine *)g_ptr_array_index(s->lines, line))->net;
}

static void refund_ok(Fx *fx, const char *key, int line, int64_t qty, PosTenderMethod m,
                      PosSale **out)
{
  g_autoptr(GError) error = NULL;
  PosRefundPart part = {line, qty};
  g_assert_true(pos_ledger_refund_parts(fx->ledger, key, &part, 1, m, NULL, out, &error));
  g_assert_no_error(error);
  g_assert_true(pos_sale_check(*out, &error));
}

/* Pieces: 1 then 2 then the rest (1); the four parts together are the line. */
static void test_pieces(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(PosSale) sale = ring(fx, POS_TENDER_CASH, 30000, NULL);
  g_autoptr(PosSale) a = NULL, b = NULL, c = NULL;
  refund_ok(fx, sale->id, 0, 1000, POS_TENDER_CASH, &a);
  refund_ok(fx, sale->receipt_no, 0, 2000, POS_TENDER_CASH, &b);
  const PosLine *la = g_ptr_array_index(a->lines, 0);
  g_assert_cmpint(la->qty_milli, ==, -1000);
  g_assert_cmpint(la->amount, ==, -2500);
  g_assert_cmpint(la->refunded_from, ==, 0);
  g_autofree PosRefundLeft *left = pos_ledger_refund_left(fx->ledger, sale, NULL);
  g_assert_cmpint(left[0].qty_milli, ==, 1000);
  g_assert_cmpint(left[1].qty_milli, ==, 750);
  /* more than is left: STATE, and the message says what is */
  g_autoptr(GError) error = NULL;
  PosRefundPart two = {0, 2000};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &two, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_assert_nonnull(strstr(error->message, "only 1 left"));
  refund_ok(fx, sale->id, 0, 0, POS_TENDER_CASH, &c);   /* 0: the rest */
  g_assert_cmpint(-(a->totals.total + b->totals.total + c->totals.total), ==, net_of(sale, 0));
  g_clear_error(&error);
  PosRefundPart again = {0, 0};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &again, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_assert_nonnull(strstr(error->message, "already refunded"));
  /* the whole-line call sees the line as taken too */
  g_clear_error(&error);
  g_assert_false(pos_ledger_refund(fx->ledger, sale->id, (int[]){0}, 1, POS_TENDER_CASH, NULL,
                                   NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
}

/* A weight: 300 g of 750, then the rest; the VAT split on each refund's own part. */
static void test_weight(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(PosSale) sale = ring(fx, POS_TENDER_CASH, 30000, NULL);
  g_autoptr(PosSale) a = NULL, b = NULL;
  refund_ok(fx, sale->id, 1, 300, POS_TENDER_CASH, &a);
  const PosLine *l = g_ptr_array_index(a->lines, 0);
  g_assert_cmpint(l->qty_milli, ==, -300);
  g_assert_cmpint(l->amount, ==, -5040);              /* 16,800 x 0.3 */
  PosMoney supply, vat;
  pos_vat_split(a->totals.taxable, &supply, &vat);
  g_assert_cmpint(a->totals.vat, ==, vat);
  g_assert_cmpint(a->totals.taxable, ==, a->totals.total);
  refund_ok(fx, sale->id, 1, 0, POS_TENDER_CASH, &b);
  g_assert_cmpint(((const PosLine *)g_ptr_array_index(b->lines, 0))->qty_milli, ==, -450);
  g_assert_cmpint(-(a->totals.total + b->totals.total), ==, net_of(sale, 1));
  /* pieces must be whole; a weight more than 0 */
  g_autoptr(GError) error = NULL;
  PosRefundPart half = {0, 500};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &half, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&error);
  PosRefundPart bad = {7, 0};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &bad, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
}

/* A weighed line priced by its barcode (its weight derived) goes back whole only. */
static void test_priced_whole(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx->ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add_priced(cart, fx->pork, 6300, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 6300, NULL, &error));
  g_autoptr(PosSale) sale = NULL;
  g_assert_true(pos_ledger_commit_sale(fx->ledger, cart, &sale, &error));
  const PosLine *l = g_ptr_array_index(sale->lines, 0);
  g_assert_true(l->fixed_amount);
  g_assert_cmpint(l->qty_milli, >, 100);
  PosRefundPart part = {0, 100};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &part, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_autoptr(PosSale) r = NULL;
  refund_ok(fx, sale->id, 0, 0, POS_TENDER_CASH, &r);
  g_assert_cmpint(r->totals.total, ==, -6300);
}

/* Found by receipt number and by either form of its QR; the sale's tender by default. */
static void test_lookup_and_tender(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(PosSale) sale = ring(fx, POS_TENDER_CARD, 21100, "30012345");
  g_assert_cmpint(pos_refund_default_method(sale), ==, POS_TENDER_CARD);
  g_autofree char *urn = g_strdup_printf("urn:uuid:%s", sale->id);
  g_autofree char *page = g_strdup_printf("https://hub.example/r/%s", sale->id);
  g_autoptr(PosSale) by_urn = pos_ledger_load_sale(fx->ledger, urn, NULL);
  g_autoptr(PosSale) by_page = pos_ledger_load_sale(fx->ledger, page, NULL);
  g_assert_nonnull(by_urn);
  g_assert_nonnull(by_page);
  g_assert_cmpstr(by_urn->id, ==, sale->id);
  g_assert_cmpstr(by_page->id, ==, sale->id);
  char id[POS_UUID_LEN + 1];
  g_assert_false(pos_receipt_qr_id(sale->receipt_no, id));
  g_assert_false(pos_receipt_qr_id("urn:uuid:not-a-uuid", id));
  g_autofree char *junk = g_strdup_printf("hub/r/%s", sale->id);   /* no scheme */
  g_assert_false(pos_receipt_qr_id(junk, id));
  g_autoptr(PosSale) r = NULL;
  refund_ok(fx, page, 0, 1000, pos_refund_default_method(by_page), &r);
  g_assert_cmpint(((const PosTender *)g_ptr_array_index(r->tenders, 0))->method, ==,
                  POS_TENDER_CARD);
  /* cash counts net of its change: 15,000 card, 20,000 cash with 10,000 back */
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx->ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx->apple, 10000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, 15000, "1", &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 20000, NULL, &error));
  g_autoptr(PosSale) split = NULL;
  g_assert_true(pos_ledger_commit_sale(fx->ledger, cart, &split, &error));
  g_assert_cmpint(pos_refund_default_method(split), ==, POS_TENDER_CARD);
}

/* Paper Onnuri never comes back as cash from a sale that took no cash. */
static void test_onnuri_paper(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(PosSale) sale = ring(fx, POS_TENDER_ONNURI_PAPER, 21100, NULL);
  g_autoptr(GError) error = NULL;
  PosRefundPart one = {0, 1000};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &one, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_assert_nonnull(strstr(error->message, "onnuri-paper"));
  g_autoptr(PosSale) r = NULL;
  refund_ok(fx, sale->id, 0, 1000, pos_refund_default_method(sale), &r);
  g_assert_cmpint(((const PosTender *)g_ptr_array_index(r->tenders, 0))->method, ==,
                  POS_TENDER_ONNURI_PAPER);
}

/* The X report counts each partial refund and nets it out, cash included. */
static void test_x_report(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSale) sale = ring(fx, POS_TENDER_CASH, 30000, NULL);
  PosZReport before, after;
  g_assert_true(pos_ledger_x_report(fx->ledger, &before, &error));
  g_autoptr(PosSale) a = NULL, b = NULL;
  refund_ok(fx, sale->id, 0, 1000, POS_TENDER_CASH, &a);
  refund_ok(fx, sale->id, 1, 250, POS_TENDER_CASH, &b);
  g_assert_true(pos_ledger_x_report(fx->ledger, &after, &error));
  g_assert_cmpint(after.refunds, ==, before.refunds + 2);
  g_assert_cmpint(after.refunds_amount, ==, a->totals.total + b->totals.total);
  g_assert_cmpint(after.total, ==, before.total + a->totals.total + b->totals.total);
  g_assert_cmpint(after.expected_cash, ==,
                  before.expected_cash + a->totals.total + b->totals.total);
  pos_zreport_clear(&before);
  pos_zreport_clear(&after);
}

/* A voided sale has nothing left. */
static void test_voided(Fx *fx, gconstpointer data)
{
  (void)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSale) sale = ring(fx, POS_TENDER_CASH, 30000, NULL);
  g_assert_true(pos_ledger_void(fx->ledger, sale->id, "잘못 찍음", NULL, &error));
  g_autofree PosRefundLeft *left = pos_ledger_refund_left(fx->ledger, sale, &error);
  g_assert_cmpint(left[0].qty_milli, ==, 0);
  g_assert_cmpint(left[1].net, ==, 0);
  PosRefundPart one = {0, 1000};
  g_assert_false(pos_ledger_refund_parts(fx->ledger, sale->id, &one, 1, POS_TENDER_CASH, NULL,
                                         NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("/refund/parts/pieces", test_pieces);
  ADD("/refund/parts/weight", test_weight);
  ADD("/refund/parts/priced-whole", test_priced_whole);
  ADD("/refund/lookup-and-tender", test_lookup_and_tender);
  ADD("/refund/onnuri-paper", test_onnuri_paper);
  ADD("/refund/x-report", test_x_report);
  ADD("/refund/voided", test_voided);
  return g_test_run();
}
