/*
** pos-doc.c: the committed sale document, its self-check, UUIDv7 ids and
** the clock (business day in Asia/Seoul).  The rules: docs/DOMAIN.md
** (Documents: sales, voids, refunds; Ids and receipt numbers; Business day
** and clocks); their wire form: docs/PROTOCOL.md.
*/
#include "pos-int.h"
#include "mb-clock.h"
#include <string.h>
#include <sys/random.h>

PosLine *pos_line_copy(const PosLine *src)
{
  PosLine *l = g_new0(PosLine, 1);
  *l = *src;
  l->name = g_strdup(src->name);
  l->line_code = g_strdup(src->line_code);
  l->override_reason = g_strdup(src->override_reason);
  l->discount_reason = g_strdup(src->discount_reason);
  return l;
}

PosSale *pos_sale_new(void)
{
  PosSale *s = g_new0(PosSale, 1);
  s->lines = g_ptr_array_new_with_free_func((GDestroyNotify)pos_line_free);
  s->tenders = g_ptr_array_new_with_free_func((GDestroyNotify)pos_tender_free);
  return s;
}

void pos_sale_free(PosSale *s)
{
  if (s == NULL)
    return;
  g_ptr_array_unref(s->lines);
  g_ptr_array_unref(s->tenders);
  g_free(s->sale_discount_reason);
  g_free(s->cash_receipt_id);
  g_free(s->reason);
  g_free(s);
}

static void stamp(PosSale *s, int64_t now_ms)
{
  s->device_time_ms = now_ms;
  pos_uuid7(now_ms, s->id);
  mb_clock_business_day(now_ms, s->business_day);
}

PosSale *pos_sale_from_cart(PosCart *cart, int64_t now_ms, GError **error)
{
  g_autoptr(PosSale) s = pos_sale_new();
  if (!pos_cart_settle(cart, &s->totals, &s->settlement, error))
    return NULL;
  s->kind = POS_DOC_SALE;
  for (guint i = 0; i < pos_cart_n_lines(cart); i++)
    g_ptr_array_add(s->lines, pos_line_copy(pos_cart_line(cart, i)));
  for (guint i = 0; i < pos_cart_n_tenders(cart); i++) {
    const PosTender *src = pos_cart_tender(cart, i);
    PosTender *t = g_new0(PosTender, 1);
    *t = *src;
    t->ref = g_strdup(src->ref);
    g_ptr_array_add(s->tenders, t);
  }
  s->sale_discount_reason = g_strdup(pos_cart_sale_discount_reason(cart));
  s->cash_receipt_id = g_strdup(pos_cart_cash_receipt(cart));
  stamp(s, now_ms);
  return g_steal_pointer(&s);
}

/* Negated copy of a line for a void or refund document. */
static PosLine *reverse_line(const PosLine *src, int line_no)
{
  PosLine *l = pos_line_copy(src);
  l->qty_milli = -src->qty_milli;
  l->amount = -src->amount;
  l->rounding = -src->rounding;
  l->line_discount = -src->line_discount;
  l->sale_discount_share = -src->sale_discount_share;
  l->net = -src->net;
  l->refunded_from = line_no;
  return l;
}

static PosSale *undo_doc(const PosSale *orig, PosDocKind kind, int64_t now_ms,
                         const char *reason)
{
  PosSale *d = pos_sale_new();
  d->kind = kind;
  g_strlcpy(d->original_id, orig->id, sizeof d->original_id);
  g_strlcpy(d->original_receipt_no, orig->receipt_no, sizeof d->original_receipt_no);
  d->reason = g_strdup(reason && *reason ? reason : NULL);
  stamp(d, now_ms);
  return d;
}

/*
** A void gives back exactly what the sale took: every line, every tender
** and every total negated, so the day's sums drop the sale to the won.
*/
PosSale *pos_sale_void_of(const PosSale *orig, int64_t now_ms, const char *reason)
{
  PosSale *d = undo_doc(orig, POS_DOC_VOID, now_ms, reason);
  for (guint i = 0; i < orig->lines->len; i++)
    g_ptr_array_add(d->lines, reverse_line(g_ptr_array_index(orig->lines, i), (int)i));
  for (guint i = 0; i < orig->tenders->len; i++) {
    const PosTender *src = g_ptr_array_index(orig->tenders, i);
    PosTender *t = g_new0(PosTender, 1);
    t->method = src->method;
    t->amount = -src->amount;
    t->ref = g_strdup(src->ref);
    g_ptr_array_add(d->tenders, t);
  }
  const PosMoney *from = &orig->totals.lines;
  PosMoney *to = &d->totals.lines;
  for (size_t i = 0; i < sizeof d->totals / sizeof(PosMoney); i++)
    to[i] = -from[i];
  d->settlement.paid = -orig->settlement.paid;
  d->settlement.change = -orig->settlement.change;
  d->settlement.onnuri_paper_spent = -orig->settlement.onnuri_paper_spent;
  return d;
}

/* v x q / whole, half up, for v >= 0 and 0 <= q <= whole, without overflow:
** (v % whole) x q stays below whole^2 <= POS_QTY_MAX^2, far inside int64. */
static PosMoney share_of(PosMoney v, int64_t q, int64_t whole)
{
  return (v / whole) * q + ((v % whole) * q + whole / 2) / whole;
}

/*
** The negated part q of line src (number no).  In the sale's own signs:
** amount is unit price x q as on any line (a price-barcode line goes back
** whole), net its share of the line's net capped by what is left (the last
** part takes exactly what is left), and never above amount (on a weighed
** line a part's half-up amount can fall a won below its share); what lies
** between amount and net is told as the line's discount, the sale discount
** and the rounding, in proportion, so the document reconciles as any other.
*/
static PosLine *part_line(const PosLine *src, int no, int64_t q, PosMoney net_left,
                          gboolean last, GError **error)
{
  PosMoney amount = src->amount, net;
  if (!src->fixed_amount && !pos_money_line_amount(src->unit_price, q, &amount, error))
    return NULL;
  net = last ? net_left : MIN(share_of(src->net, q, src->qty_milli), net_left);
  net = MIN(net, amount);
  PosMoney diff = amount - net;
  PosMoney ld = MIN(share_of(src->line_discount, q, src->qty_milli), diff);
  PosMoney sd = MIN(share_of(src->sale_discount_share, q, src->qty_milli), diff - ld);
  PosLine *l = pos_line_copy(src);
  l->qty_milli = -q;
  l->amount = -amount;
  l->rounding = diff - ld - sd;
  l->line_discount = -ld;
  l->sale_discount_share = -sd;
  l->net = -net;
  l->refunded_from = no;
  return l;
}

/* Checks one part against the original and what is left; the quantity it takes. */
static gboolean part_qty(const PosSale *orig, const PosRefundPart *parts, guint i,
                         const PosRefundLeft *left, int64_t *q, GError **error)
{
  int no = parts[i].line_no;
  if (no < 0 || (guint)no >= orig->lines->len) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "line %d of %s does not exist", no + 1,
                orig->receipt_no);
    return FALSE;
  }
  for (guint k = 0; k < i; k++)
    if (parts[k].line_no == no) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "line %d is given twice", no + 1);
      return FALSE;
    }
  const PosLine *src = g_ptr_array_index(orig->lines, no);
  int64_t qty_left = left ? left[no].qty_milli : src->qty_milli;
  char have[32], want[32];
  if (qty_left <= 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE, "line %d of %s was already refunded",
                no + 1, orig->receipt_no);
    return FALSE;
  }
  *q = parts[i].qty_milli == 0 ? qty_left : parts[i].qty_milli;
  if (*q < 0 || (src->unit == POS_UNIT_PIECE && *q % 1000 != 0)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "line %d: refund a whole number of pieces, more than 0", no + 1);
    return FALSE;
  }
  if (*q > qty_left) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                "line %d of %s has only %s left to refund, not %s", no + 1, orig->receipt_no,
                pos_qty_format(qty_left, src->unit, have, sizeof have),
                pos_qty_format(*q, src->unit, want, sizeof want));
    return FALSE;
  }
  if (src->fixed_amount && *q != src->qty_milli) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "line %d was priced by its barcode: it is refunded whole", no + 1);
    return FALSE;
  }
  return TRUE;
}

/*
** A refund takes lines, or parts of them, back at their net (after the
** line's discount and its share of the sale discount), so what is repaid
** is what was paid for them; its VAT is split on its own taxable part.
** A whole line never refunded before is the exact negation of the line.
*/
PosSale *pos_sale_refund_parts_of(const PosSale *orig, const PosRefundPart *parts, guint n,
                                  const PosRefundLeft *left, PosTenderMethod method,
                                  int64_t now_ms, const char *reason, GError **error)
{
  if (n == 0 || (unsigned)method >= POS_TENDER_N) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "a refund needs at least one line and a payment method");
    return NULL;
  }
  g_autoptr(PosSale) d = undo_doc(orig, POS_DOC_REFUND, now_ms, reason);
  for (guint i = 0; i < n; i++) {
    int64_t q;
    if (!part_qty(orig, parts, i, left, &q, error))
      return NULL;
    int no = parts[i].line_no;
    const PosLine *src = g_ptr_array_index(orig->lines, no);
    PosMoney net_left = left ? left[no].net : src->net;
    int64_t qty_left = left ? left[no].qty_milli : src->qty_milli;
    PosLine *l = q == src->qty_milli ? reverse_line(src, no)
                                     : part_line(src, no, q, net_left, q == qty_left, error);
    if (l == NULL)
      return NULL;
    PosTotals *t = &d->totals;
    t->lines += l->amount;
    t->rounding += l->rounding;
    t->line_discounts += l->line_discount;
    t->sale_discount += l->sale_discount_share;
    t->total += l->net;
    if (l->tax == POS_TAX_TAXABLE)
      t->taxable += l->net;
    else
      t->exempt += l->net;
    g_ptr_array_add(d->lines, l);
  }
  pos_vat_split(d->totals.taxable, &d->totals.supply, &d->totals.vat);
  if (d->totals.total != 0) {
    PosTender *t = g_new0(PosTender, 1);
    t->method = method;
    t->amount = d->totals.total;
    g_ptr_array_add(d->tenders, t);
  }
  d->settlement.paid = d->totals.total;
  return g_steal_pointer(&d);
}

/* Whole lines: the parts with nothing refunded before. */
PosSale *pos_sale_refund_of(const PosSale *orig, const int *line_nos, guint n_lines,
                            PosTenderMethod method, int64_t now_ms, const char *reason,
                            GError **error)
{
  g_autofree PosRefundPart *parts = g_new0(PosRefundPart, MAX(n_lines, 1));
  for (guint i = 0; i < n_lines; i++)
    parts[i].line_no = line_nos[i];
  return pos_sale_refund_parts_of(orig, parts, n_lines, NULL, method, now_ms, reason, error);
}

/* Cash counts net of the change it gave; the first method wins a tie. */
PosTenderMethod pos_refund_default_method(const PosSale *orig)
{
  PosMoney by[POS_TENDER_N] = {0};
  PosTenderMethod best = POS_TENDER_CASH;
  gboolean any = FALSE;
  for (guint i = 0; i < orig->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(orig->tenders, i);
    by[t->method] += t->amount;
  }
  by[POS_TENDER_CASH] -= orig->settlement.change;
  for (guint i = 0; i < orig->tenders->len; i++) {
    PosTenderMethod m = ((const PosTender *)g_ptr_array_index(orig->tenders, i))->method;
    if (!any || by[m] > by[best]) {
      best = m;
      any = TRUE;
    }
  }
  return best;
}

static gboolean check_fail(GError **error, const PosSale *s, const char *what)
{
  g_set_error(error, POS_ERROR, POS_ERROR_UNRECONCILED, "document %s does not reconcile: %s",
              s->id, what);
  return FALSE;
}

/*
** Re-derives every sum from the lines and tenders and checks the identities
** of pos-sale.h.  The ledger runs it before every commit and in
** pos_ledger_check(); the hub runs the same check on what it receives.
** Sums stay in range: each of at most a few thousand terms is bounded by
** POS_MONEY_MAX, far from int64 overflow.
*/
gboolean pos_sale_check(const PosSale *s, GError **error)
{
  PosTotals t = {0};
  PosMoney paid = 0, sign = s->kind == POS_DOC_SALE ? 1 : -1;
  if (s->lines->len == 0)
    return check_fail(error, s, "no lines");
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    if (!pos_money_in_range(l->amount) || !pos_money_in_range(l->net)
        || !pos_money_in_range(l->line_discount) || !pos_money_in_range(l->rounding)
        || !pos_money_in_range(l->sale_discount_share))
      return check_fail(error, s, "an amount out of range");
    if (l->net != l->amount + l->rounding - l->line_discount - l->sale_discount_share)
      return check_fail(error, s, "line net");
    if (l->qty_milli * sign <= 0 || l->amount * sign < 0 || l->line_discount * sign < 0
        || l->sale_discount_share * sign < 0 || l->rounding * sign > 0)
      return check_fail(error, s, "line signs");
    if (!l->fixed_amount) {
      PosMoney expect;
      if (!pos_money_line_amount(l->unit_price, l->qty_milli, &expect, NULL)
          || expect != l->amount)
        return check_fail(error, s, "line amount is not price x quantity");
    }
    t.lines += l->amount;
    t.rounding += l->rounding;
    t.line_discounts += l->line_discount;
    t.sale_discount += l->sale_discount_share;
    if (l->tax == POS_TAX_TAXABLE)
      t.taxable += l->net;
    else
      t.exempt += l->net;
  }
  t.total = t.lines + t.rounding - t.line_discounts - t.sale_discount;
  pos_vat_split(t.taxable, &t.supply, &t.vat);
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *tn = g_ptr_array_index(s->tenders, i);
    if (!pos_money_in_range(tn->amount) || tn->amount * sign <= 0)
      return check_fail(error, s, "tender amount");
    paid += tn->amount;
  }
  if (memcmp(&t, &s->totals, sizeof t) != 0)
    return check_fail(error, s, "totals differ from the lines");
  if (t.total != t.taxable + t.exempt || t.taxable != t.supply + t.vat)
    return check_fail(error, s, "tax split");
  if (paid != s->settlement.paid || s->settlement.change * sign < 0
      || paid - s->settlement.change != t.total)
    return check_fail(error, s, "tenders do not pay the total");
  return TRUE;
}

/*
** UUIDv7 (RFC 9562 section 5.7): 48 bits of Unix ms, version 7, 12 bits
** rand_a used as a counter so that ids made in the same millisecond still
** sort in order (method 1 of section 6.2), variant 10, 62 random bits.
*/
void pos_uuid7(int64_t unix_ms, char out[POS_UUID_LEN + 1])
{
  static GMutex lock;
  static int64_t last_ms;
  static guint counter;
  guint8 b[16];
  if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
    for (size_t i = 0; i < sizeof b; i++)   /* getrandom on Linux does not fail */
      b[i] = (guint8)g_random_int();
  }
  g_mutex_lock(&lock);
  if (unix_ms <= last_ms) {
    unix_ms = last_ms;
    if (++counter > 0xfff) {                /* counter spent: borrow the next ms */
      unix_ms = ++last_ms;
      counter = 0;
    }
  } else {
    last_ms = unix_ms;
    counter = ((guint)b[6] << 4 | b[7] >> 4) & 0x7ff;  /* random start, room to count */
  }
  guint seq = counter;
  g_mutex_unlock(&lock);
  for (int i = 0; i < 6; i++)
    b[i] = (guint8)(unix_ms >> (40 - 8 * i));
  b[6] = (guint8)(0x70 | ((seq >> 8) & 0x0f));
  b[7] = (guint8)(seq & 0xff);
  b[8] = (guint8)(0x80 | (b[8] & 0x3f));
  g_snprintf(out, POS_UUID_LEN + 1,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15]);
}

gboolean pos_uuid_valid(const char *text)
{
  if (text == NULL || strlen(text) != POS_UUID_LEN)
    return FALSE;
  for (int i = 0; i < POS_UUID_LEN; i++) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-')
        return FALSE;
    } else if (!g_ascii_isxdigit(c) || g_ascii_isupper(c)) {
      return FALSE;
    }
  }
  return TRUE;
}

/*
** The market clock's now (mb-clock.h): MPOS_NOW lets tests and the
** scripted demo ring a day at a fixed time.
*/
int64_t pos_now_ms(void)
{
  return mb_clock_now_ms();
}
