/*
** an-report-csv.c: the reports as CSV that Korean Excel opens correctly.
**
** Excel reads a CSV without a byte-order mark as CP949 (docs/DOMAIN.md,
** Analytics references), turning Hangul into mojibake: the file starts
** with EF BB BF and ends its records with CRLF (RFC 4180).  One header row, the same
** field names as the JSON rows, then one row per line, store or stall.
** Money is a plain integer (no separators, no "원": Excel must be able to
** sum it), days are ISO (YYYY-MM-DD, which Excel reads as dates), ratios
** are decimals with a point, undefined values are empty cells.
**
** Text cells are quoted when they hold a comma, a quote or a line break.
** Names come from merchants, so a cell that would start a formula (= + - @,
** tab, CR) is prefixed with an apostrophe: the OWASP advice against CSV
** injection, which Excel shows as plain text.
*/
#include "mb-csv.h"
#include "mb-clock.h"
#include "an-int.h"
#include <math.h>
#include <string.h>


typedef struct {
  GString *s;
  gboolean first;    /* no separator before the next cell */
} Csv;

/* A comma before every cell but the first of a row. */
static void cell_sep(Csv *c)
{
  if (!c->first)
    g_string_append_c(c->s, ',');
  c->first = FALSE;
}

/* CRLF, as RFC 4180 and Excel expect. */
static void csv_end_row(Csv *c)
{
  g_string_append(c->s, "\r\n");
  c->first = TRUE;
}

/* Quotes only when needed, doubles quotes, defuses formulas (mb-csv.h). */
static void csv_text(Csv *c, const char *text)
{
  cell_sep(c);
  mb_csv_append_cell(c->s, text);
}

/* Plain digits: Excel must read won as numbers it can sum. */
static void csv_int(Csv *c, int64_t v)
{
  cell_sep(c);
  g_string_append_printf(c->s, "%" G_GINT64_FORMAT, (gint64)v);
}

/* Six significant digits with a point, whatever the locale. */
static void csv_ratio(Csv *c, AnRatio r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  cell_sep(c);
  if (!r.defined || !isfinite(r.value))
    return;
  g_ascii_formatd(buf, sizeof buf, "%.6g", r.value == 0 ? 0.0 : r.value);
  g_string_append(c->s, buf);
}

/* Words Excel reads as booleans. */
static void csv_bool(Csv *c, gboolean v)
{
  cell_sep(c);
  g_string_append(c->s, v ? "TRUE" : "FALSE");
}

/* The one header row: the JSON field names, or their Korean headings. */
static void csv_header(Csv *c, const char *const *names, AnHeader header)
{
  for (guint i = 0; names[i] != NULL; i++)
    csv_text(c, header == AN_HEADER_KOREAN ? an_column_label(names[i]) : names[i]);
  csv_end_row(c);
}

/* The explanation as one cell, sentences separated by " / ". */
static void csv_explain(Csv *c, const GPtrArray *explain)
{
  g_autoptr(GString) s = g_string_new(NULL);
  for (guint i = 0; i < explain->len; i++)
    g_string_append_printf(s, "%s%s", i ? " / " : "", (const char *)g_ptr_array_index(explain, i));
  csv_text(c, s->str);
}

/* market, from, to: every row says what it answers, for a sheet of many. */
static void csv_head_cells(Csv *c, const AnReportHead *h)
{
  char day[AN_DAY_ISO_LEN];
  csv_text(c, h->market_code);
  an_day_format(h->query.period.from, day);
  csv_text(c, day);
  an_day_format(h->query.period.to, day);
  csv_text(c, day);
}

/* Starts with the BOM (see the file comment). */
static Csv csv_begin(void)
{
  Csv c = { g_string_new(MB_CSV_BOM), TRUE };
  return c;
}

/* Hands the text over with its length. */
static char *csv_finish(Csv *c, gsize *length)
{
  if (length)
    *length = c->s->len;
  return g_string_free(c->s, FALSE);
}

/* Lines: shift-share effects as three integer columns (empty when undefined). */
char *an_lines_to_csv(const AnLinesReport *r, AnHeader header, gsize *length)
{
  static const char *const head[] = {
    "market", "from", "to", "rank", "line", "name", "revenue", "prev_revenue", "share",
    "growth", "lq", "stalls", "hhi", "penetration", "price_index", "national_effect",
    "industry_mix_effect", "competitive_effect", "score", "verdict", "verdict_ko",
    "confidence", "fragile", "explain", NULL
  };
  Csv c = csv_begin();
  csv_header(&c, head, header);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    csv_head_cells(&c, &r->head);
    csv_int(&c, l->rank);
    csv_text(&c, l->code);
    csv_text(&c, l->name);
    csv_int(&c, l->revenue);
    csv_int(&c, l->prev_revenue);
    csv_ratio(&c, l->share);
    csv_ratio(&c, l->growth);
    csv_ratio(&c, l->lq);
    csv_int(&c, l->stalls);
    csv_ratio(&c, l->hhi);
    csv_ratio(&c, l->penetration);
    csv_ratio(&c, l->price_index);
    if (l->shift_defined) {
      csv_int(&c, l->national);
      csv_int(&c, l->industry_mix);
      csv_int(&c, l->competitive);
    } else {
      csv_text(&c, NULL);
      csv_text(&c, NULL);
      csv_text(&c, NULL);
    }
    csv_ratio(&c, l->score);
    csv_text(&c, an_verdict_name(l->verdict));
    csv_text(&c, an_verdict_label(l->verdict));
    csv_ratio(&c, l->confidence);
    csv_bool(&c, l->fragile);
    csv_explain(&c, l->explain);
    csv_end_row(&c);
  }
  return csv_finish(&c, length);
}

/* The columns a store row and a stall row share, rank to active_days. */
static void csv_stall_head(Csv *c, AnStallHead h)
{
  csv_int(c, h.rank);
  csv_text(c, h.code);
  csv_text(c, h.name);
  csv_int(c, h.revenue);
  csv_int(c, h.prev_revenue);
  csv_ratio(c, h.growth);
  csv_int(c, h.receipts);
  if (h.avg_ticket_defined)
    csv_int(c, h.avg_ticket);
  else
    csv_text(c, NULL);
  csv_int(c, h.active_days);
}

/* Stores: the pinned JSON fields and the reasons. */
char *an_stores_to_csv(const AnStoresReport *r, AnHeader header, gsize *length)
{
  static const char *const head[] = {
    "market", "from", "to", "rank", "stall", "name", "revenue", "prev_revenue", "growth",
    "receipts", "avg_ticket", "active_days", "stability", "main_line", "relative_share",
    "competitive_weight", "score", "abc", "core", "confidence", "fragile", "explain", NULL
  };
  Csv c = csv_begin();
  csv_header(&c, head, header);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStoreRow *s = g_ptr_array_index(r->rows, i);
    char abc[2] = { s->abc, '\0' };
    csv_head_cells(&c, &r->head);
    csv_stall_head(&c, AN_STALL_HEAD(s));
    csv_ratio(&c, s->stability);
    csv_text(&c, s->main_line);
    csv_ratio(&c, s->relative_share);
    csv_ratio(&c, s->competitive_weight);
    csv_ratio(&c, s->score);
    csv_text(&c, abc);
    csv_bool(&c, s->core);
    csv_ratio(&c, s->confidence);
    csv_bool(&c, s->fragile);
    csv_explain(&c, s->explain);
    csv_end_row(&c);
  }
  return csv_finish(&c, length);
}

/* Stalls: flat figures only; series (daily, heatmap) are in the JSON. */
char *an_stalls_to_csv(const AnStallsReport *r, AnHeader header, gsize *length)
{
  static const char *const head[] = {
    "market", "from", "to", "rank", "stall", "name", "revenue", "prev_revenue", "growth",
    "receipts", "avg_ticket", "active_days", "percentile", "onnuri_share", "onnuri_flag",
    "last_sync", "stale", "explain", NULL
  };
  Csv c = csv_begin();
  csv_header(&c, head, header);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStallRow *s = g_ptr_array_index(r->rows, i);
    csv_head_cells(&c, &r->head);
    csv_stall_head(&c, AN_STALL_HEAD(s));
    csv_ratio(&c, s->percentile);
    csv_ratio(&c, s->onnuri_share);
    csv_bool(&c, s->onnuri_flag);
    if (s->last_sync_ms < 0) {
      csv_text(&c, NULL);
    } else {
      g_autofree char *iso = mb_clock_iso(s->last_sync_ms);
      csv_text(&c, iso);
    }
    csv_bool(&c, s->stale);
    csv_explain(&c, s->explain);
    csv_end_row(&c);
  }
  return csv_finish(&c, length);
}
