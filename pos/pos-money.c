/*
** pos-money.c: checked won arithmetic, line amounts, quantity parsing.
**
** Every operation works in int64 and checks both the int64 limits (through
** the compiler's overflow builtins) and the ledger's POS_MONEY_MAX, so a
** value that passed here can be summed a few thousand times without any
** further check.  Decimal input ("1.2kg") is parsed digit by digit into
** integers: no float is ever involved.
*/
#include "pos-money.h"
#include "pos-error.h"
#include <string.h>

gboolean pos_money_in_range(PosMoney v)
{
  return v >= -POS_MONEY_MAX && v <= POS_MONEY_MAX;
}

static gboolean overflow(GError **error)
{
  g_set_error(error, POS_ERROR, POS_ERROR_OVERFLOW,
              "amount exceeds the limit of %lld won", (long long)POS_MONEY_MAX);
  return FALSE;
}

gboolean pos_money_add(PosMoney a, PosMoney b, PosMoney *out, GError **error)
{
  PosMoney r;
  if (__builtin_add_overflow(a, b, &r) || !pos_money_in_range(r))
    return overflow(error);
  *out = r;
  return TRUE;
}

/*
** Half up for non-negative products (the only case on a sale); a negative
** quantity (refund documents) mirrors it so that a refund of a line is
** exactly the negative of the line.
*/
gboolean pos_money_line_amount(PosMoney price, int64_t qty_milli, PosMoney *out,
                               GError **error)
{
  int64_t prod;
  if (price < 0 || price > POS_MONEY_MAX) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "price %lld out of range",
                (long long)price);
    return FALSE;
  }
  if (__builtin_mul_overflow(price, qty_milli < 0 ? -qty_milli : qty_milli, &prod)
      || prod > INT64_MAX - 500)
    return overflow(error);
  PosMoney r = (prod + 500) / 1000;
  if (!pos_money_in_range(r))
    return overflow(error);
  *out = qty_milli < 0 ? -r : r;
  return TRUE;
}

PosMoney pos_money_round_down(PosMoney amount, int unit)
{
  if (unit <= 1 || amount <= 0)
    return amount;
  return amount - amount % unit;
}

/*
** Reads "digits[.digits]" into value x 10^scale, refusing more fractional
** digits than scale allows (so "1.2345kg" is an error, not a silent cut).
** Returns the number of bytes consumed, 0 on junk.
*/
static size_t parse_fixed(const char *s, int scale, int64_t *out)
{
  size_t i = 0;
  int64_t v = 0;
  int frac = -1;
  gboolean any = FALSE;
  for (;; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (frac >= 0 && ++frac > scale)
        return 0;
      if (v > (INT64_MAX - 9) / 10)
        return 0;
      v = v * 10 + (c - '0');
      any = TRUE;
    } else if (c == '.' && frac < 0 && scale > 0) {
      frac = 0;
    } else {
      break;
    }
  }
  if (!any)
    return 0;
  for (int k = frac < 0 ? 0 : frac; k < scale; k++) {
    if (v > INT64_MAX / 10)
      return 0;
    v *= 10;
  }
  *out = v;
  return i;
}

gboolean pos_qty_parse(const char *text, PosUnit unit, int geun_g,
                       int64_t *qty_milli, GError **error)
{
  int64_t v = 0, q;
  if (text == NULL || *text == '\0')
    goto bad;
  if (unit == POS_UNIT_PIECE) {
    size_t n = parse_fixed(text, 0, &v);
    if (n == 0 || text[n] != '\0' || v <= 0 || v > POS_QTY_MAX / 1000)
      goto bad;
    q = v * 1000;
  } else {
    /* weights: grams by default; kg and 근 take up to 3 decimals */
    size_t n = parse_fixed(text, 3, &v);
    const char *suffix = text + n;
    if (n == 0)
      goto bad;
    if (*suffix == '\0' || strcmp(suffix, "g") == 0) {
      if (v % 1000 != 0)   /* fractional grams are below any scale */
        goto bad;
      q = v / 1000;
    } else if (strcmp(suffix, "kg") == 0) {
      q = v;                 /* thousandths of a kg are grams */
    } else if (strcmp(suffix, "근") == 0 && geun_g > 0) {
      if (__builtin_mul_overflow(v, (int64_t)geun_g, &q))
        goto bad;
      q = (q + 500) / 1000;
    } else {
      goto bad;
    }
    if (q <= 0 || q > POS_QTY_MAX)
      goto bad;
  }
  *qty_milli = q;
  return TRUE;
bad:
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
              unit == POS_UNIT_PIECE
                ? "quantity '%s' is not a whole number of pieces between 1 and 100000"
                : "weight '%s' must be grams (350g), kilograms (1.2kg) or 근 (1근), above 0 and at most 100 t",
              text ? text : "");
  return FALSE;
}

gboolean pos_money_parse(const char *text, PosMoney *out, GError **error)
{
  PosMoney v = 0;
  gboolean any = FALSE;
  if (text != NULL) {
    for (const char *p = text; *p; p++) {
      if (*p == ',' && any)
        continue;
      if (*p < '0' || *p > '9')
        goto bad;
      v = v * 10 + (*p - '0');
      any = TRUE;
      if (v > POS_MONEY_MAX) {
        g_set_error(error, POS_ERROR, POS_ERROR_OVERFLOW,
                    "amount '%s' exceeds the limit of %lld won", text,
                    (long long)POS_MONEY_MAX);
        return FALSE;
      }
    }
  }
  if (!any)
    goto bad;
  *out = v;
  return TRUE;
bad:
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
              "amount '%s' is not a whole number of won", text ? text : "");
  return FALSE;
}

char *pos_money_format(PosMoney v, char *buf, size_t size)
{
  char digits[32];
  char tmp[48];
  size_t n = 0;
  guint64 u = v < 0 ? (guint64)0 - (guint64)v : (guint64)v;
  g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, u);
  size_t len = strlen(digits);
  if (v < 0)
    tmp[n++] = '-';
  for (size_t i = 0; i < len; i++) {
    if (i > 0 && (len - i) % 3 == 0)
      tmp[n++] = ',';
    tmp[n++] = digits[i];
  }
  tmp[n] = '\0';
  g_strlcpy(buf, tmp, size);
  return buf;
}

char *pos_qty_format(int64_t qty_milli, PosUnit unit, char *buf, size_t size)
{
  int64_t a = qty_milli < 0 ? -qty_milli : qty_milli;
  const char *sign = qty_milli < 0 ? "-" : "";
  if (unit == POS_UNIT_PIECE) {
    if (a % 1000 == 0)
      g_snprintf(buf, size, "%s%lld", sign, (long long)(a / 1000));
    else
      g_snprintf(buf, size, "%s%lld.%03lld", sign, (long long)(a / 1000),
                 (long long)(a % 1000));
  } else if (a < 1000) {
    g_snprintf(buf, size, "%s%lld g", sign, (long long)a);
  } else {
    /* kilograms with the decimals that matter: 1.2 kg, 1.25 kg, 2 kg */
    int64_t frac = a % 1000;
    int digits = 3;
    while (digits > 0 && frac % 10 == 0 && frac != 0) {
      frac /= 10;
      digits--;
    }
    if (frac == 0)
      g_snprintf(buf, size, "%s%lld kg", sign, (long long)(a / 1000));
    else
      g_snprintf(buf, size, "%s%lld.%0*lld kg", sign, (long long)(a / 1000), digits,
                 (long long)frac);
  }
  return buf;
}
