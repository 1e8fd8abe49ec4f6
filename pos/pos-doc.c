/*
** pos-doc.c: the committed sale document, its self-check, UUIDv7 ids and
** the clock (business day in Asia/Seoul).
*/
#include "pos-int.h"
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

static gboolean check_fail(GError **error, const PosSale *s, const char *what)
{
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "document %s does not reconcile: %s",
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

/* Korea has kept UTC+9 without daylight saving since 1988. */
#define SEOUL_OFFSET_MS (9LL * 3600 * 1000)

void pos_business_day(int64_t unix_ms, char out[11])
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc((unix_ms + SEOUL_OFFSET_MS) / 1000);
  if (dt == NULL) {
    g_strlcpy(out, "1970-01-01", 11);
    return;
  }
  g_snprintf(out, 11, "%04d-%02d-%02d", g_date_time_get_year(dt),
             g_date_time_get_month(dt), g_date_time_get_day_of_month(dt));
}

/*
** MPOS_NOW lets tests and the scripted demo ring a day at a fixed time; it
** takes an ISO 8601 time with a zone ("2026-11-26T09:30:00+09:00").
*/
int64_t pos_now_ms(void)
{
  const char *fixed = g_getenv("MPOS_NOW");
  if (fixed != NULL && *fixed != '\0') {
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601(fixed, NULL);
    if (dt != NULL)
      return g_date_time_to_unix(dt) * 1000 + g_date_time_get_microsecond(dt) / 1000;
  }
  return g_get_real_time() / 1000;
}
