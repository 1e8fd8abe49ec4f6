/*
** bench-sales.h: the sales the hub benchmarks send, made the same way by
** bench-ingest (over HTTP, against its floors) and bench-decode (the
** decoding alone), so their figures are of the same documents.
**
** Five products (pieces and weights, taxable and exempt); sale k of
** device d has 1-3 lines, a weight between 250 g and 1.15 kg on the
** products by the kg, and is paid by card (odd k) or in cash with change.
** Header-only (static functions), as bench-hub.h, because
** bench/CMakeLists.txt builds each benchmark from its own .c file.
*/
#ifndef BENCH_SALES_H
#define BENCH_SALES_H

#include "pos.h"

#define BENCH_CATALOG_LEN 5

/* The five products; free with bench_catalog_free. */
static G_GNUC_UNUSED void bench_catalog_init(PosProduct *catalog[BENCH_CATALOG_LEN])
{
  catalog[0] = pos_product_new_simple(1, "사과", "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  catalog[1] = pos_product_new_simple(2, "김치", "BANCHAN", POS_UNIT_KG, 12000, POS_TAX_TAXABLE);
  catalog[2] = pos_product_new_simple(3, "고등어", "FISH", POS_UNIT_PIECE, 5000, POS_TAX_EXEMPT);
  catalog[3] = pos_product_new_simple(4, "돼지고기", "MEAT", POS_UNIT_KG, 21000, POS_TAX_EXEMPT);
  catalog[4] = pos_product_new_simple(5, "가래떡", "TTEOK", POS_UNIT_PIECE, 3500, POS_TAX_TAXABLE);
}

static G_GNUC_UNUSED void bench_catalog_free(PosProduct *catalog[BENCH_CATALOG_LEN])
{
  for (int i = 0; i < BENCH_CATALOG_LEN; i++)
    pos_product_free(catalog[i]);
}

/*
** Sale k of device d at t_ms, receipt number "BDDD-YYYYMMDD-KKKK".  A
** failure ends the benchmark, whose figures would mean nothing.  Transfer
** full.
*/
static G_GNUC_UNUSED PosSale *bench_sale_new(PosProduct *const catalog[BENCH_CATALOG_LEN],
                                             int d, int k, int64_t t_ms)
{
  g_autoptr(GError) e = NULL;
  PosCartRules rules = {10, 60};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  for (int i = 0; i < 1 + k % 3; i++) {
    const PosProduct *p = catalog[(k + i * 2) % BENCH_CATALOG_LEN];
    int64_t qty = p->unit == POS_UNIT_KG ? 250 + (k * 37) % 900 : 1000 * (1 + k % 3);
    if (!pos_cart_add(cart, p, qty, NULL, &e))
      g_error("cart: %s", e->message);
  }
  PosTotals t;
  if (!pos_cart_totals(cart, &t, &e))
    g_error("totals: %s", e->message);
  if (k % 2)
    pos_cart_add_tender(cart, POS_TENDER_CARD, t.total, "A12345", &e);
  else
    pos_cart_add_tender(cart, POS_TENDER_CASH, (t.total / 10000 + 1) * 10000, NULL, &e);
  PosSale *s = pos_sale_from_cart(cart, t_ms, &e);
  if (s == NULL)
    g_error("sale: %s", e->message);
  g_snprintf(s->receipt_no, sizeof s->receipt_no, "B%03d-%.4s%.2s%.2s-%04d", d,
             s->business_day, s->business_day + 5, s->business_day + 8, k % 10000);
  return s;
}

#endif
