/*
** test-cart.c: the cart without a ledger: lines, discounts, the sale
** discount spread, VAT on taxable/exempt mixes, split tenders with change,
** the paper Onnuri rule at its edges, and refusals with their codes.
*/
#include "pos.h"

static PosProduct *product(int plu, const char *name, PosUnit unit, PosMoney price,
                           PosTaxClass tax)
{
  PosProduct *p = pos_product_new();
  p->plu = plu;
  p->name = g_strdup(name);
  p->line_code = g_strdup(unit == POS_UNIT_KG ? "MEAT" : "FRUIT");
  p->unit = unit;
  p->price = price;
  p->tax = tax;
  return p;
}

static PosCart *cart_new(int rounding)
{
  PosCartRules r = {rounding, POS_ONNURI_CHANGE_PCT_DEFAULT};
  return pos_cart_new(&r);
}

/*
** A settle the cart must refuse: with CODE, and a message holding NEEDLE
** when one is given (the figures a merchant reads).
*/
static void assert_settle_refused(PosCart *cart, PosErrorCode code, const char *needle)
{
  PosTotals t;
  PosSettlement s;
  g_autoptr(GError) e = NULL;
  g_assert_false(pos_cart_settle(cart, &t, &s, &e));
  g_assert_error(e, POS_ERROR, code);
  if (needle)
    g_assert_nonnull(strstr(e->message, needle));
}

/* The receipt identities that every settled cart must satisfy. */
static void assert_reconciles(PosCart *cart, const PosTotals *t, const PosSettlement *s)
{
  PosMoney net = 0;
  for (guint i = 0; i < pos_cart_n_lines(cart); i++)
    net += pos_cart_line(cart, i)->net;
  g_assert_cmpint(t->lines + t->rounding - t->line_discounts - t->sale_discount, ==, t->total);
  g_assert_cmpint(net, ==, t->total);
  g_assert_cmpint(t->taxable + t->exempt, ==, t->total);
  g_assert_cmpint(t->supply + t->vat, ==, t->taxable);
  if (s)
    g_assert_cmpint(s->paid - s->change, ==, t->total);
}

/*
** A settle the cart must accept, paying PAID and giving CHANGE, with the
** receipt identities holding; the counterpart of assert_settle_refused, so
** each accepted scenario is one line (the total follows: paid - change).
** Returns the settlement for further checks.
*/
static PosSettlement assert_settles(PosCart *cart, PosMoney paid, PosMoney change)
{
  PosTotals t;
  PosSettlement s;
  g_assert_true(pos_cart_settle(cart, &t, &s, NULL));
  g_assert_cmpint(s.paid, ==, paid);
  g_assert_cmpint(s.change, ==, change);
  assert_reconciles(cart, &t, &s);
  return s;
}

static void test_weighed_rounding(void)
{
  g_autoptr(PosProduct) pork = product(2, "삼겹살", POS_UNIT_KG, 23800, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(100);
  PosTotals t;
  int idx;
  /* 377 g x 23,800 = 8,972.6 -> 8,973 half up -> 8,900 at a 100-won unit */
  g_assert_true(pos_cart_add(cart, pork, 377, &idx, NULL));
  const PosLine *l = pos_cart_line(cart, (guint)idx);
  g_assert_cmpint(l->amount, ==, 8973);
  g_assert_cmpint(l->rounding, ==, -73);
  g_assert_true(pos_cart_totals(cart, &t, NULL));
  g_assert_cmpint(t.total, ==, 8900);
  g_assert_cmpint(t.exempt, ==, 8900);
  g_assert_cmpint(t.vat, ==, 0);
  assert_reconciles(cart, &t, NULL);
  /* weight edit re-prices: 1 근 = 600 g -> 14,280 */
  g_assert_true(pos_cart_set_qty(cart, idx, 600, NULL));
  g_assert_true(pos_cart_totals(cart, &t, NULL));
  g_assert_cmpint(t.total, ==, 14200);
}

static void test_mix_and_sale_discount(void)
{
  g_autoptr(PosProduct) apple = product(1, "사과", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  g_autoptr(PosProduct) kimchi = product(3, "김치", POS_UNIT_PIECE, 8000, POS_TAX_TAXABLE);
  g_autoptr(PosCart) cart = cart_new(1);
  PosTotals t;
  g_assert_true(pos_cart_add(cart, apple, 3000, NULL, NULL));    /* 9,000 exempt */
  g_assert_true(pos_cart_add(cart, kimchi, 1000, NULL, NULL));   /* 8,000 taxable */
  g_assert_true(pos_cart_discount_sale(cart, 1000, "단골", NULL));
  g_assert_true(pos_cart_totals(cart, &t, NULL));
  /* 1,000 spread 9:8 -> 529.4 and 470.6 -> 529 + 470 = 999, the last won to the
     larger remainder (kimchi .6) -> apple 529, kimchi 471 */
  g_assert_cmpint(pos_cart_line(cart, 0)->sale_discount_share, ==, 529);
  g_assert_cmpint(pos_cart_line(cart, 1)->sale_discount_share, ==, 471);
  g_assert_cmpint(t.total, ==, 16000);
  g_assert_cmpint(t.exempt, ==, 8471);
  g_assert_cmpint(t.taxable, ==, 7529);
  /* 7,529 / 1.1 = 6,844.5 -> 6,845 half up; VAT 684 */
  g_assert_cmpint(t.supply, ==, 6845);
  g_assert_cmpint(t.vat, ==, 684);
  assert_reconciles(cart, &t, NULL);
  /* a discount above the goods is refused */
  g_autoptr(GError) e = NULL;
  g_assert_true(pos_cart_discount_sale(cart, 17001, "too much", NULL));
  g_assert_false(pos_cart_totals(cart, &t, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  /* a discount needs a reason */
  g_assert_false(pos_cart_discount_sale(cart, 100, "", &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
}

static void test_line_discount_and_override(void)
{
  g_autoptr(PosProduct) apple = product(1, "사과", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(1);
  g_autoptr(GError) e = NULL;
  PosTotals t;
  g_assert_true(pos_cart_add(cart, apple, 5000, NULL, NULL));           /* 15,000 */
  g_assert_true(pos_cart_override_price(cart, 0, 2800, "흥정", NULL));  /* 14,000 */
  g_assert_true(pos_cart_discount_line(cart, 0, 1000, "덤", NULL));     /* 13,000 */
  g_assert_true(pos_cart_totals(cart, &t, NULL));
  g_assert_cmpint(t.lines, ==, 14000);
  g_assert_cmpint(t.line_discounts, ==, 1000);
  g_assert_cmpint(t.total, ==, 13000);
  g_assert_cmpstr(pos_cart_line(cart, 0)->override_reason, ==, "흥정");
  g_assert_false(pos_cart_discount_line(cart, 0, 14001, "too much", &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(pos_cart_override_price(cart, 0, 100, NULL, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(pos_cart_override_price(cart, 7, 100, "x", &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&e);
  g_assert_false(pos_cart_override_price(cart, 0, 100000001, "x", &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
}

static void test_bad_lines(void)
{
  g_autoptr(PosProduct) pork = product(2, "삼겹살", POS_UNIT_KG, 23800, POS_TAX_EXEMPT);
  g_autoptr(PosProduct) apple = product(1, "사과", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(1);
  g_autoptr(GError) e = NULL;
  g_assert_false(pos_cart_add(cart, pork, 0, NULL, &e));        /* weight 0 */
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(pos_cart_add(cart, apple, 1500, NULL, &e));    /* half a piece */
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  apple->active = FALSE;
  g_assert_false(pos_cart_add(cart, apple, 1000, NULL, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&e);
  /* many maximal lines: the total overflows and is refused, not wrapped */
  pork->price = 100000000;
  for (int i = 0; i < 12; i++)
    g_assert_true(pos_cart_add(cart, pork, 1000000, NULL, NULL)); /* 10^11 each */
  PosTotals t;
  g_assert_false(pos_cart_totals(cart, &t, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
  g_assert_cmpuint(pos_cart_n_lines(cart), ==, 12);
}

static void test_split_tender(void)
{
  g_autoptr(PosProduct) apple = product(1, "사과", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(1);
  g_autoptr(GError) e = NULL;
  g_assert_true(pos_cart_add(cart, apple, 7000, NULL, NULL));                 /* 21,000 */
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, 10000, "12345678", NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ONNURI_MOBILE, 5000, "QR1", NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, NULL));
  assert_settles(cart, 25000, 4000);
  /* card needs its approval number */
  g_assert_false(pos_cart_add_tender(cart, POS_TENDER_CARD, 1000, NULL, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(pos_cart_add_tender(cart, POS_TENDER_CASH, 0, NULL, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  /* paying less than the total */
  pos_cart_clear_tenders(cart);
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 20999, NULL, NULL));
  assert_settle_refused(cart, POS_ERROR_UNDERPAID, "1 won short");
  /* electronic tenders cannot give change */
  pos_cart_clear_tenders(cart);
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, 21001, "1", NULL));
  assert_settle_refused(cart, POS_ERROR_OVERPAID, NULL);
  /* exact cash, no change */
  pos_cart_clear_tenders(cart);
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 21000, NULL, NULL));
  assert_settles(cart, 21000, 0);
  /* empty cart */
  pos_cart_clear(cart);
  assert_settle_refused(cart, POS_ERROR_INVALID, NULL);
}

/* Paper Onnuri at the 60% edge: 6,000 of 10,000 spent gives change; 5,999 not. */
static void test_onnuri_edges(void)
{
  g_autoptr(PosProduct) item = product(1, "나물", POS_UNIT_PIECE, 6000, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(1);
  g_assert_true(pos_cart_add(cart, item, 1000, NULL, NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ONNURI_PAPER, 10000, NULL, NULL));
  g_assert_cmpint(assert_settles(cart, 10000, 4000).onnuri_paper_spent, ==, 6000);
  /* one won less spent: refused, with the figures */
  g_assert_true(pos_cart_override_price(cart, 0, 5999, "흥정", NULL));
  assert_settle_refused(cart, POS_ERROR_ONNURI_CHANGE, "60%");
  /* paper plus card: the card part comes first, paper covers 5,999 - 1,000 */
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, 1000, "99", NULL));
  assert_settle_refused(cart, POS_ERROR_ONNURI_CHANGE, NULL);   /* 4,999 of 10,000: no change */
  /* paper below the total, cash for the rest */
  pos_cart_clear_tenders(cart);
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ONNURI_PAPER, 5000, NULL, NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 1000, NULL, NULL));
  assert_settles(cart, 6000, 1);
  /* paper over the total and cash on top: refused */
  pos_cart_clear_tenders(cart);
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ONNURI_PAPER, 8000, NULL, NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 1000, NULL, NULL));
  assert_settle_refused(cart, POS_ERROR_OVERPAID, NULL);
}

static void test_priced_barcode_and_cash_receipt(void)
{
  g_autoptr(PosProduct) fish = product(7, "고등어", POS_UNIT_KG, 12000, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(100);
  g_autoptr(GError) e = NULL;
  PosTotals t;
  g_assert_true(pos_cart_add_priced(cart, fish, 12500, NULL, NULL));
  const PosLine *l = pos_cart_line(cart, 0);
  g_assert_true(l->fixed_amount);
  g_assert_cmpint(l->amount, ==, 12500);
  g_assert_cmpint(l->qty_milli, ==, 1042);   /* 12,500 / 12,000 kg = 1.0417 kg */
  g_assert_true(pos_cart_totals(cart, &t, NULL));
  g_assert_cmpint(t.total, ==, 12500);       /* no rounding on a priced label */
  g_assert_false(pos_cart_set_qty(cart, 0, 500, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&e);
  g_assert_true(pos_cart_set_cash_receipt(cart, "010-1234-5678", NULL));
  g_assert_cmpstr(pos_cart_cash_receipt(cart), ==, "01012345678");
  g_assert_false(pos_cart_set_cash_receipt(cart, "12345", &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(pos_cart_set_cash_receipt(cart, "010-abcd-5678", &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
}

/* The zero sale: a free 덤 line settles with no tender. */
static void test_zero_total(void)
{
  g_autoptr(PosProduct) green = product(9, "파", POS_UNIT_PIECE, 0, POS_TAX_EXEMPT);
  g_autoptr(PosCart) cart = cart_new(1);
  g_assert_true(pos_cart_add(cart, green, 1000, NULL, NULL));
  assert_settles(cart, 0, 0);   /* total = paid - change = 0 */
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/cart/weighed-rounding", test_weighed_rounding);
  g_test_add_func("/cart/vat/mix-and-sale-discount", test_mix_and_sale_discount);
  g_test_add_func("/cart/line-discount-and-override", test_line_discount_and_override);
  g_test_add_func("/cart/bad-lines", test_bad_lines);
  g_test_add_func("/cart/tender/split", test_split_tender);
  g_test_add_func("/cart/tender/onnuri-edges", test_onnuri_edges);
  g_test_add_func("/cart/priced-barcode-and-cash-receipt", test_priced_barcode_and_cash_receipt);
  g_test_add_func("/cart/zero-total", test_zero_total);
  return g_test_run();
}
