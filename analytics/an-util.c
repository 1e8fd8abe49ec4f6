/*
** an-util.c: the arithmetic and the wording the reports share.
**
** Money stays in integers to the end: an average ticket or a shift-share
** effect is an integer quotient rounded half away from zero (the same rule
** for a refund as for a sale, as in pos-money.c), with a 128-bit product so
** that revenue x revenue never overflows.  Ratios are doubles, but wrapped
** in AnRatio so that "no prior revenue" can never become inf or NaN.
**
** Numbers in sentences are formatted without the C locale's help
** (g_ascii_formatd): a GTK program calls setlocale, and a report must read
** the same whatever the locale of the machine that wrote it.
*/
#include "an-int.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Pinned English codes of the JSON verdict field. */
const char *an_verdict_name(AnVerdict v)
{
  switch (v) {
  case AN_VERDICT_COMPETITIVE: return "competitive";
  case AN_VERDICT_EMERGING: return "emerging";
  case AN_VERDICT_DECLINING: return "declining";
  case AN_VERDICT_MINOR: return "minor";
  case AN_VERDICT_ERODING: return "eroding";
  default: return "stable";
  }
}

/* Korean words for tables and sentences. */
const char *an_verdict_label(AnVerdict v)
{
  switch (v) {
  case AN_VERDICT_COMPETITIVE: return "경쟁력";
  case AN_VERDICT_EMERGING: return "성장";
  case AN_VERDICT_DECLINING: return "쇠퇴";
  case AN_VERDICT_MINOR: return "소규모";
  case AN_VERDICT_ERODING: return "특화 약화";
  default: return "유지";
  }
}

/* ---- Arithmetic ------------------------------------------------------------ */

/* A ratio that cannot divide by zero. */
AnRatio an_div(int64_t a, int64_t b)
{
  return b == 0 ? an_undef() : an_ratio((double)a / (double)b);
}

/*
** Growth needs a positive base: from 0 it is infinite, and from a negative
** net (refunds over sales) its sign would lie.  Both are "undefined", and
** the explain text says why.
*/
AnRatio an_growth(int64_t now, int64_t before)
{
  return before <= 0 ? an_undef() : an_ratio((double)now / (double)before - 1.0);
}

#ifdef __SIZEOF_INT128__
int64_t an_muldiv_round(int64_t a, int64_t b, int64_t c)
{
  __int128 p = (__int128)a * b;
  __int128 q = p / c, r = p % c;
  __int128 ar = r < 0 ? -r : r;
  __int128 ac = c < 0 ? -(__int128)c : c;
  if (2 * ar >= ac && r != 0)
    q += ((p < 0) != (c < 0)) ? -1 : 1;
  if (q > INT64_MAX)
    return INT64_MAX;
  if (q < INT64_MIN)
    return INT64_MIN;
  return (int64_t)q;
}
#else
/* Fallback without 128-bit integers: long double keeps 64 bits of mantissa. */
int64_t an_muldiv_round(int64_t a, int64_t b, int64_t c)
{
  long double v = (long double)a * (long double)b / (long double)c;
  v = v < 0 ? -floorl(-v + 0.5L) : floorl(v + 0.5L);
  if (v >= 9.2e18L)
    return INT64_MAX;
  if (v <= -9.2e18L)
    return INT64_MIN;
  return (int64_t)v;
}
#endif

/* Money quotients (average ticket) with the money rounding rule. */
int64_t an_div_round(int64_t a, int64_t b)
{
  return an_muldiv_round(a, 1, b);
}

/* Score parts live in 0..1. */
double an_clamp01(double v)
{
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/*
** An undefined part (no growth without a comparison period, no LQ under the
** floor) drops out and the remaining weights are renormalised, so that a
** missing figure neither rewards nor punishes; the parts stay in the report
** so the reader sees which ones counted.
*/
AnRatio an_score(const AnScorePart *parts, guint n)
{
  double sum = 0, weights = 0;
  for (guint i = 0; i < n; i++) {
    if (!parts[i].value.defined || parts[i].weight <= 0)
      continue;
    sum += parts[i].weight * an_clamp01(parts[i].value.value);
    weights += parts[i].weight;
  }
  return weights > 0 ? an_ratio(100.0 * sum / weights) : an_undef();
}

/* Pointers only, no free function (see an-int.h). */
GPtrArray *an_borrowed_copy(GPtrArray *rows)
{
  GPtrArray *copy = g_ptr_array_sized_new(rows->len);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add(copy, g_ptr_array_index(rows, i));
  return copy;
}

/* ---- Text ------------------------------------------------------------------- */

/* Digits backwards into a small buffer: no printf per figure. */
void an_string_append_int(GString *s, int64_t v)
{
  char digits[24];
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int n = (int)sizeof digits;
  do {
    digits[--n] = (char)('0' + u % 10);
    u /= 10;
  } while (u > 0);
  if (v < 0)
    digits[--n] = '-';
  g_string_append_len(s, digits + n, (gssize)sizeof digits - n);
}

/* Thousands separators as Korean documents print them (1,234,567). */
const char *an_fmt_int(char buf[AN_NUM_LEN], int64_t v)
{
  char digits[24];
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  int n = 0, o = 0;
  do {
    digits[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u > 0);
  if (v < 0)
    buf[o++] = '-';
  for (int i = n - 1; i >= 0; i--) {
    buf[o++] = digits[i];
    if (i > 0 && i % 3 == 0)
      buf[o++] = ',';
  }
  buf[o] = '\0';
  return buf;
}

/* Money in sentences carries its unit. */
const char *an_fmt_won(char buf[AN_NUM_LEN], int64_t v)
{
  char n[AN_NUM_LEN];
  g_snprintf(buf, AN_NUM_LEN, "%s원", an_fmt_int(n, v));
  return buf;
}

/* Rounds first so that -0.04% prints as 0.0%, not -0.0%. */
const char *an_fmt_pct(char buf[AN_NUM_LEN], AnRatio r, gboolean sign)
{
  char n[G_ASCII_DTOSTR_BUF_SIZE];
  double p;
  if (!r.defined || !isfinite(r.value)) {
    g_strlcpy(buf, "없음", AN_NUM_LEN);
    return buf;
  }
  p = round(r.value * 1000.0) / 10.0;
  if (p == 0)
    p = 0;
  g_ascii_formatd(n, sizeof n, "%.1f", p);
  g_snprintf(buf, AN_NUM_LEN, "%s%s%%", sign && p > 0 ? "+" : "", n);
  return buf;
}

/* A fixed number of decimals, locale-free. */
const char *an_fmt_num(char buf[AN_NUM_LEN], AnRatio r, int digits)
{
  char fmt[8];
  if (!r.defined || !isfinite(r.value)) {
    g_strlcpy(buf, "없음", AN_NUM_LEN);
    return buf;
  }
  g_snprintf(fmt, sizeof fmt, "%%.%df", CLAMP(digits, 0, 6));
  g_ascii_formatd(buf, AN_NUM_LEN, fmt, r.value);
  return buf;
}

/* Explanations are formatted sentences owned by the row. */
void an_explain(GPtrArray *explain, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_ptr_array_add(explain, g_strdup_vprintf(fmt, ap));
  va_end(ap);
}

/* Both ends and the length: "30일" avoids an off-by-one reading. */
char *an_fmt_period(AnPeriod p)
{
  char a[AN_DAY_ISO_LEN], b[AN_DAY_ISO_LEN];
  an_day_format(p.from, a);
  an_day_format(p.to, b);
  return g_strdup_printf("%s ~ %s (%u일)", a, b, an_period_days(p));
}

/*
** A file is written whole or not at all: GLib writes a temporary file and
** renames it over the target.  A target that exists and is no regular file
** (/dev/null, a FIFO, a terminal) is written through instead: renaming over
** it would replace the device with a file, which as root breaks the machine.
*/
gboolean an_write_file(const char *path, const void *data, gsize length, GError **error)
{
  g_autoptr(GError) e = NULL;
  if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)
      && !g_file_test(path, G_FILE_TEST_IS_DIR)) {
    FILE *f = fopen(path, "wb");
    gboolean ok = f != NULL && fwrite(data, 1, length, f) == length;
    if (f != NULL && fclose(f) != 0)
      ok = FALSE;
    if (!ok)
      g_set_error(error, AN_ERROR, AN_ERROR_IO, "cannot write %s", path);
    return ok;
  }
  if (!g_file_set_contents(path, data, (gssize)length, &e)) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "%s", e->message);
    return FALSE;
  }
  return TRUE;
}
