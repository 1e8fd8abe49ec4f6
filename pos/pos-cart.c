/*
** pos-cart.c: the sale being rung, its totals, VAT split and tender check.
**
** The cart keeps lines and tenders; totals are derived on demand, never
** stored, so an edit can't leave a stale sum behind.  The sale discount is
** spread over the lines (largest remainder, proportional to each line's
** amount after its own discount) so that every line carries its exact net:
** that is what lets a later refund of some lines give back exactly what was
** paid for them, and lets taxable and exempt totals be plain sums.  The
** rules: docs/DOMAIN.md (Line amounts and rounding, Discounts, VAT, Tenders).
*/
#include "pos-sale.h"
#include "pos-error.h"
#include "pos-int.h"
#include <string.h>

struct PosCart {
  PosCartRules rules;
  GPtrArray *lines;        /* PosLine*, owned */
  GPtrArray *tenders;      /* PosTender*, owned */
  PosMoney sale_discount;
  char *sale_discount_reason;
  char *cash_receipt;
};

void pos_line_free(PosLine *line)
{
  if (line == NULL)
    return;
  g_free(line->name);
  g_free(line->line_code);
  g_free(line->override_reason);
  g_free(line->discount_reason);
  g_free(line);
}

void pos_tender_free(PosTender *t)
{
  if (t == NULL)
    return;
  g_free(t->ref);
  g_free(t);
}

PosCart *pos_cart_new(const PosCartRules *rules)
{
  PosCart *cart = g_new0(PosCart, 1);
  cart->rules = *rules;
  if (cart->rules.rounding_unit != 10 && cart->rules.rounding_unit != 100)
    cart->rules.rounding_unit = 1;
  if (cart->rules.onnuri_change_pct < 1 || cart->rules.onnuri_change_pct > 100)
    cart->rules.onnuri_change_pct = POS_ONNURI_CHANGE_PCT_DEFAULT;
  cart->lines = g_ptr_array_new_with_free_func((GDestroyNotify)pos_line_free);
  cart->tenders = g_ptr_array_new_with_free_func((GDestroyNotify)pos_tender_free);
  return cart;
}

void pos_cart_free(PosCart *cart)
{
  if (cart == NULL)
    return;
  g_ptr_array_unref(cart->lines);
  g_ptr_array_unref(cart->tenders);
  g_free(cart->sale_discount_reason);
  g_free(cart->cash_receipt);
  g_free(cart);
}

void pos_cart_clear_tenders(PosCart *cart)
{
  g_ptr_array_set_size(cart->tenders, 0);
}

void pos_cart_clear(PosCart *cart)
{
  g_ptr_array_set_size(cart->lines, 0);
  g_ptr_array_set_size(cart->tenders, 0);
  cart->sale_discount = 0;
  g_clear_pointer(&cart->sale_discount_reason, g_free);
  g_clear_pointer(&cart->cash_receipt, g_free);
}

guint pos_cart_n_lines(const PosCart *cart) { return cart->lines->len; }
guint pos_cart_n_tenders(const PosCart *cart) { return cart->tenders->len; }
const char *pos_cart_cash_receipt(const PosCart *cart) { return cart->cash_receipt; }
const char *pos_cart_sale_discount_reason(const PosCart *cart)
{
  return cart->sale_discount_reason;
}

const PosLine *pos_cart_line(const PosCart *cart, guint index)
{
  return index < cart->lines->len ? g_ptr_array_index(cart->lines, index) : NULL;
}

const PosTender *pos_cart_tender(const PosCart *cart, guint index)
{
  return index < cart->tenders->len ? g_ptr_array_index(cart->tenders, index) : NULL;
}

static PosLine *line_at(PosCart *cart, int index, GError **error)
{
  if (index < 0 || (guint)index >= cart->lines->len) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no line %d in the cart", index + 1);
    return NULL;
  }
  return g_ptr_array_index(cart->lines, index);
}

static gboolean reason_ok(const char *reason, GError **error)
{
  if (reason == NULL || *reason == '\0' || strlen(reason) > 200
      || !g_utf8_validate(reason, -1, NULL)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "a reason (1-200 bytes of UTF-8) is required");
    return FALSE;
  }
  return TRUE;
}

/*
** Recomputes a line's amount and rounding from unit price and quantity.
** Weighed lines round down to the stall's unit; the difference is kept as
** the line's (negative) rounding so the receipt can show it.
*/
static gboolean line_price(const PosCart *cart, PosLine *line, GError **error)
{
  PosMoney amount;
  if (line->fixed_amount)
    return TRUE;
  if (!pos_money_line_amount(line->unit_price, line->qty_milli, &amount, error))
    return FALSE;
  line->amount = amount;
  line->rounding = line->unit == POS_UNIT_KG
                     ? pos_money_round_down(amount, cart->rules.rounding_unit) - amount
                     : 0;
  if (line->line_discount > line->amount + line->rounding)
    line->line_discount = line->amount + line->rounding;
  return TRUE;
}

static gboolean qty_ok(const PosLine *line, int64_t qty_milli, GError **error)
{
  if (qty_milli <= 0 || qty_milli > POS_QTY_MAX
      || (line->unit == POS_UNIT_PIECE && qty_milli % 1000 != 0)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                line->unit == POS_UNIT_PIECE
                  ? "%s: quantity must be a whole number of pieces above 0"
                  : "%s: weight must be above 0 g and at most 100 t",
                line->name);
    return FALSE;
  }
  return TRUE;
}

static PosLine *line_from_product(const PosProduct *product)
{
  PosLine *line = g_new0(PosLine, 1);
  line->product_id = product->id;
  line->plu = product->plu;
  line->name = g_strdup(product->name);
  line->line_code = g_strdup(product->line_code);
  line->unit = product->unit;
  line->tax = product->tax;
  line->list_price = product->price;
  line->unit_price = product->price;
  line->refunded_from = -1;
  return line;
}

static gboolean product_sellable(const PosProduct *product, GError **error)
{
  if (!product->active) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE, "%s (PLU %d) is not active",
                product->name, product->plu);
    return FALSE;
  }
  return pos_product_validate(product, error);
}

gboolean pos_cart_add(PosCart *cart, const PosProduct *product, int64_t qty_milli,
                      int *index, GError **error)
{
  if (!product_sellable(product, error))
    return FALSE;
  PosLine *line = line_from_product(product);
  line->qty_milli = qty_milli;
  if (!qty_ok(line, qty_milli, error) || !line_price(cart, line, error)) {
    pos_line_free(line);
    return FALSE;
  }
  g_ptr_array_add(cart->lines, line);
  if (index)
    *index = (int)cart->lines->len - 1;
  return TRUE;
}

/*
** A price-carrying in-store barcode fixes the amount; the quantity is
** derived from the catalog price (grams for weighed goods) only for the
** receipt and the rollups, and may not be edited afterwards.
*/
gboolean pos_cart_add_priced(PosCart *cart, const PosProduct *product, PosMoney amount,
                             int *index, GError **error)
{
  if (!product_sellable(product, error))
    return FALSE;
  if (amount <= 0 || amount > 100000000) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s: barcode amount must be between 1 and 100,000,000 won", product->name);
    return FALSE;
  }
  PosLine *line = line_from_product(product);
  line->fixed_amount = TRUE;
  line->amount = amount;
  line->unit_price = product->price;
  if (product->unit == POS_UNIT_KG && product->price > 0)
    line->qty_milli = MAX(1, (amount * 1000 + product->price / 2) / product->price);
  else
    line->qty_milli = 1000;
  g_ptr_array_add(cart->lines, line);
  if (index)
    *index = (int)cart->lines->len - 1;
  return TRUE;
}

gboolean pos_cart_set_qty(PosCart *cart, int index, int64_t qty_milli, GError **error)
{
  PosLine *line = line_at(cart, index, error);
  if (line == NULL || !qty_ok(line, qty_milli, error))
    return FALSE;
  if (line->fixed_amount) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                "%s: the quantity comes from a priced barcode", line->name);
    return FALSE;
  }
  int64_t old = line->qty_milli;
  line->qty_milli = qty_milli;
  if (!line_price(cart, line, error)) {
    line->qty_milli = old;
    line_price(cart, line, NULL);
    return FALSE;
  }
  return TRUE;
}

gboolean pos_cart_remove(PosCart *cart, int index, GError **error)
{
  if (line_at(cart, index, error) == NULL)
    return FALSE;
  g_ptr_array_remove_index(cart->lines, (guint)index);
  return TRUE;
}

gboolean pos_cart_override_price(PosCart *cart, int index, PosMoney unit_price,
                                 const char *reason, GError **error)
{
  PosLine *line = line_at(cart, index, error);
  if (line == NULL || !reason_ok(reason, error))
    return FALSE;
  if (line->fixed_amount) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                "%s: the price comes from a priced barcode", line->name);
    return FALSE;
  }
  if (unit_price < 0 || unit_price > 100000000) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "price must be between 0 and 100,000,000 won");
    return FALSE;
  }
  PosMoney old = line->unit_price;
  line->unit_price = unit_price;
  if (!line_price(cart, line, error)) {
    line->unit_price = old;
    line_price(cart, line, NULL);
    return FALSE;
  }
  g_free(line->override_reason);
  line->override_reason = unit_price == line->list_price ? NULL : g_strdup(reason);
  return TRUE;
}

gboolean pos_cart_discount_line(PosCart *cart, int index, PosMoney won, const char *reason,
                                GError **error)
{
  PosLine *line = line_at(cart, index, error);
  if (line == NULL)
    return FALSE;
  if (won != 0 && !reason_ok(reason, error))
    return FALSE;
  if (won < 0 || won > line->amount + line->rounding) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s: discount must be between 0 and the line amount", line->name);
    return FALSE;
  }
  line->line_discount = won;
  g_free(line->discount_reason);
  line->discount_reason = won ? g_strdup(reason) : NULL;
  return TRUE;
}

gboolean pos_cart_discount_sale(PosCart *cart, PosMoney won, const char *reason,
                                GError **error)
{
  if (won != 0 && !reason_ok(reason, error))
    return FALSE;
  if (won < 0 || won > POS_MONEY_MAX) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "sale discount must not be negative");
    return FALSE;
  }
  cart->sale_discount = won;
  g_free(cart->sale_discount_reason);
  cart->sale_discount_reason = won ? g_strdup(reason) : NULL;
  return TRUE;
}

gboolean pos_cart_set_cash_receipt(PosCart *cart, const char *identifier, GError **error)
{
  GString *digits = g_string_new(NULL);
  for (const char *p = identifier ? identifier : ""; *p; p++) {
    if (*p >= '0' && *p <= '9')
      g_string_append_c(digits, *p);
    else if (*p != '-' && *p != ' ')
      break;
  }
  gboolean ok = identifier != NULL && digits->len >= 10 && digits->len <= 18
                && strspn(identifier, "0123456789- ") == strlen(identifier);
  if (!ok) {
    g_string_free(digits, TRUE);
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "cash-receipt identifier must be 10-18 digits (phone, business or card number)");
    return FALSE;
  }
  g_free(cart->cash_receipt);
  cart->cash_receipt = g_string_free(digits, FALSE);
  return TRUE;
}

gboolean pos_cart_add_tender(PosCart *cart, PosTenderMethod method, PosMoney amount,
                             const char *ref, GError **error)
{
  if ((unsigned)method >= POS_TENDER_N) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "unknown payment method");
    return FALSE;
  }
  if (amount <= 0 || amount > POS_MONEY_MAX) {
    g_set_error(error, POS_ERROR, amount > 0 ? POS_ERROR_OVERFLOW : POS_ERROR_INVALID,
                "%s: amount must be between 1 and %lld won",
                pos_tender_method_name(method), (long long)POS_MONEY_MAX);
    return FALSE;
  }
  if (ref != NULL && *ref == '\0')
    ref = NULL;
  if (ref == NULL && pos_tender_method_needs_ref(method)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s: the approval or reference number is required",
                pos_tender_method_name(method));
    return FALSE;
  }
  if (ref != NULL && (strlen(ref) > 40 || strspn(ref, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") != strlen(ref))) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s: reference must be 1-40 letters, digits or '-'",
                pos_tender_method_name(method));
    return FALSE;
  }
  PosTender *t = g_new0(PosTender, 1);
  t->method = method;
  t->amount = amount;
  t->ref = g_strdup(ref);
  g_ptr_array_add(cart->tenders, t);
  return TRUE;
}

void pos_vat_split(PosMoney taxable, PosMoney *supply, PosMoney *vat)
{
  /* round(T / 1.1) = round(10 T / 11), half away from zero; |T| <= 10^12 */
  PosMoney a = taxable < 0 ? -taxable : taxable;
  PosMoney s = (a * 10 + 5) / 11;
  *supply = taxable < 0 ? -s : s;
  *vat = taxable - *supply;
}

gboolean pos_onnuri_change_allowed(PosMoney face, PosMoney spent, int threshold_pct)
{
  if (face <= 0)
    return FALSE;
  return (__int128)spent * 100 >= (__int128)threshold_pct * face;
}

/*
** Spreads the sale discount over the lines by the largest-remainder method:
** each line first gets floor(D x base / B), then the won left over go one by
** one to the largest remainders (ties to the earlier line).  128-bit
** intermediates: D x base can reach 10^24.
*/
static void spread_sale_discount(PosCart *cart, PosMoney discount, PosMoney base_sum)
{
  guint n = cart->lines->len;
  g_autofree PosMoney *rem = g_new0(PosMoney, n);
  PosMoney given = 0;
  for (guint i = 0; i < n; i++) {
    PosLine *l = g_ptr_array_index(cart->lines, i);
    PosMoney base = l->amount + l->rounding - l->line_discount;
    __int128 num = (__int128)discount * base;
    l->sale_discount_share = base_sum > 0 ? (PosMoney)(num / base_sum) : 0;
    rem[i] = base_sum > 0 ? (PosMoney)(num % base_sum) : 0;
    given += l->sale_discount_share;
  }
  while (given < discount) {
    guint best = 0;
    for (guint i = 1; i < n; i++)
      if (rem[i] > rem[best])
        best = i;
    PosLine *l = g_ptr_array_index(cart->lines, best);
    l->sale_discount_share++;
    rem[best] = -1;
    given++;
  }
}

gboolean pos_cart_totals(PosCart *cart, PosTotals *out, GError **error)
{
  PosTotals t = {0};
  PosMoney base_sum = 0;
  for (guint i = 0; i < cart->lines->len; i++) {
    PosLine *l = g_ptr_array_index(cart->lines, i);
    if (!pos_money_add(t.lines, l->amount, &t.lines, error)
        || !pos_money_add(base_sum, l->amount + l->rounding - l->line_discount, &base_sum,
                          error))
      return FALSE;
    t.rounding += l->rounding;
    t.line_discounts += l->line_discount;
  }
  if (cart->sale_discount > base_sum) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "sale discount %lld is more than the %lld won it applies to",
                (long long)cart->sale_discount, (long long)base_sum);
    return FALSE;
  }
  spread_sale_discount(cart, cart->sale_discount, base_sum);
  t.sale_discount = cart->sale_discount;
  for (guint i = 0; i < cart->lines->len; i++) {
    PosLine *l = g_ptr_array_index(cart->lines, i);
    l->net = l->amount + l->rounding - l->line_discount - l->sale_discount_share;
    if (l->tax == POS_TAX_TAXABLE)
      t.taxable += l->net;
    else
      t.exempt += l->net;
  }
  t.total = base_sum - t.sale_discount;
  pos_vat_split(t.taxable, &t.supply, &t.vat);
  *out = t;
  return TRUE;
}

/*
** Tender check.  Electronic tenders (card, Zero Pay, Onnuri card/mobile,
** transfer) can never give change, so together they may not exceed the
** total.  Paper Onnuri is applied next: if its face value exceeds what is
** left, the rest comes back in cash only under the Onnuri rule, and no cash
** is taken on top.  Cash pays the remainder and gives the change.
*/
gboolean pos_cart_settle(PosCart *cart, PosTotals *totals, PosSettlement *out,
                         GError **error)
{
  PosMoney electronic = 0, paper = 0, cash = 0;
  char a[32], b[32], c[32];
  if (!pos_cart_totals(cart, totals, error))
    return FALSE;
  if (cart->lines->len == 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "the cart is empty");
    return FALSE;
  }
  for (guint i = 0; i < cart->tenders->len; i++) {
    PosTender *t = g_ptr_array_index(cart->tenders, i);
    PosMoney *sum = t->method == POS_TENDER_CASH ? &cash
                    : t->method == POS_TENDER_ONNURI_PAPER ? &paper
                                                           : &electronic;
    if (!pos_money_add(*sum, t->amount, sum, error))
      return FALSE;
  }
  PosSettlement s = {0};
  if (!pos_money_add(electronic + paper, cash, &s.paid, error))
    return FALSE;
  if (s.paid < totals->total) {
    g_set_error(error, POS_ERROR, POS_ERROR_UNDERPAID, "paid %s of %s won: %s won short",
                pos_money_format(s.paid, a, sizeof a),
                pos_money_format(totals->total, b, sizeof b),
                pos_money_format(totals->total - s.paid, c, sizeof c));
    return FALSE;
  }
  if (electronic > totals->total) {
    g_set_error(error, POS_ERROR, POS_ERROR_OVERPAID,
                "card and other electronic payments (%s won) exceed the total (%s won); "
                "they cannot give change",
                pos_money_format(electronic, a, sizeof a),
                pos_money_format(totals->total, b, sizeof b));
    return FALSE;
  }
  PosMoney due = totals->total - electronic;
  if (paper > due) {
    if (cash > 0) {
      g_set_error(error, POS_ERROR, POS_ERROR_OVERPAID,
                  "Onnuri certificates already cover the total: no cash is needed");
      return FALSE;
    }
    if (!pos_onnuri_change_allowed(paper, due, cart->rules.onnuri_change_pct)) {
      g_set_error(error, POS_ERROR, POS_ERROR_ONNURI_CHANGE,
                  "paper Onnuri: only %s of %s won spent; cash change needs at least %d%% "
                  "of the face value spent",
                  pos_money_format(due, a, sizeof a), pos_money_format(paper, b, sizeof b),
                  cart->rules.onnuri_change_pct);
      return FALSE;
    }
    s.onnuri_paper_spent = due;
    s.change = paper - due;
  } else {
    s.onnuri_paper_spent = paper;
    s.change = cash - (due - paper);
  }
  *out = s;
  return TRUE;
}
