/*
** an-scan.c: the query, and the one pass per kind of row that feeds every
** report.
**
** Why a scan object rather than each report summing what it needs: the
** stores report needs the lines report's verdicts and the same stall sums
** as the stalls report; summing once into arrays indexed by the market's
** stalls keeps each report a plain loop, and keeps the cost linear in the
** rows (the speed target is a city-year in under a second).
**
** Rows of other markets still count in the line rollups: they are the city
** reference of LQ, shift-share and price index.
*/
#include "mb-clock.h"
#include "an-int.h"
#include <string.h>

/* The checks every report repeats: a query may be built by hand. */
gboolean an_query_check(const AnDataset *ds, const AnQuery *q, GError **error)
{
  guint days = an_period_days(q->period);
  if (q->market >= ds->markets->len) {
    g_set_error(error, AN_ERROR, AN_ERROR_NOT_FOUND, "market index %u out of range",
                q->market);
    return FALSE;
  }
  if (days == 0 || days > AN_PERIOD_MAX_DAYS) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "the period must be 1..%d days",
                AN_PERIOD_MAX_DAYS);
    return FALSE;
  }
  if (q->compare != AN_COMPARE_NONE) {
    AnPeriod c = q->compare_period;
    if (an_period_days(c) == 0 || an_period_days(c) > AN_PERIOD_MAX_DAYS
        || (c.to >= q->period.from && c.from <= q->period.to)) {
      g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                  "the comparison period must be a real period before the report period");
      return FALSE;
    }
  }
  return an_config_validate(&q->config, error);
}

/* Builds the query in a copy and commits only when it checks. */
gboolean an_query_init(AnQuery *q, const AnDataset *ds, const char *market_code,
                       const char *from, const char *to, AnCompare compare,
                       const AnConfig *config, GError **error)
{
  AnQuery n;
  memset(&n, 0, sizeof n);
  if (!an_dataset_find_market(ds, market_code, &n.market)) {
    g_set_error(error, AN_ERROR, AN_ERROR_NOT_FOUND, "no market %s",
                market_code ? market_code : "(none)");
    return FALSE;
  }
  if (!an_period_parse(from, to, &n.period, error))
    return FALSE;
  n.compare = compare;
  if (compare == AN_COMPARE_PREVIOUS)
    n.compare_period = an_period_previous(n.period);
  else if (compare == AN_COMPARE_LAST_YEAR)
    n.compare_period = an_period_last_year(n.period);
  else
    n.compare_period.from = 1, n.compare_period.to = 0;   /* empty */
  if (config)
    n.config = *config;
  else
    an_config_init(&n.config);
  if (!an_query_check(ds, &n, error))
    return FALSE;
  *q = n;
  return TRUE;
}

/*
** The default instant for sync ages is the end of the period, so that an
** old report reads the same tomorrow.
*/
void an_head_init(AnReportHead *h, AnDataset *ds, const AnQuery *q)
{
  const AnMarket *m = an_dataset_market(ds, q->market);
  h->ds = an_dataset_ref(ds);
  h->query = *q;
  if (h->query.as_of_ms == 0)   /* midnight after the last day, Seoul time */
    h->query.as_of_ms = mb_clock_day_start_ms((int64_t)q->period.to + 1);
  h->market_code = m->code;
  h->market_name = m->name;
}

/*
** What every report's free ends with, and why it is one function: the rows
** (the array frees them), the head's dataset reference, the report itself.
*/
void an_report_release(gpointer report, AnReportHead *head, GPtrArray *rows)
{
  g_ptr_array_unref(rows);
  g_clear_pointer(&head->ds, an_dataset_unref);
  g_free(report);
}

/* The same for a row: its explanations, then the row itself. */
void an_row_release(gpointer row, GPtrArray *explain)
{
  g_ptr_array_unref(explain);
  g_free(row);
}

/*
** The stores and the stalls reports open each row alike, from the same
** stall sums: who it is, revenue and its growth, receipts, the average
** ticket (won, half up; undefined without receipts), active days.  The two
** row types are distinct, hence pointers (see AN_STALL_HEAD_FILL).
*/
void an_stall_head(const AnScan *s, guint st, guint *stall, const char **code,
                   const char **name, GPtrArray **explain, int64_t *revenue,
                   int64_t *prev_revenue, AnRatio *growth, int64_t *receipts,
                   gboolean *avg_defined, int64_t *avg, guint *active_days)
{
  const AnStallSums *sum = &s->st[st];
  const AnStall *info = an_dataset_stall(s->ds, s->stall_ids[st]);
  *stall = s->stall_ids[st];
  *code = info->code;
  *name = info->name;
  *explain = g_ptr_array_new_with_free_func(g_free);
  *revenue = sum->revenue;
  *prev_revenue = sum->prev_revenue;
  *growth = s->has_prev ? an_growth(sum->revenue, sum->prev_revenue) : an_undef();
  *receipts = sum->receipts;
  *avg_defined = sum->receipts > 0;
  *avg = *avg_defined ? an_div_round(sum->revenue, sum->receipts) : 0;
  *active_days = sum->active_days;
}

/*
** The one rank order of the lines and the stores reports: scored rows
** first, by score, high first; then by revenue, high first; code breaks ties.
*/
gint an_score_order(AnRatio xs, int64_t xrev, const char *xcode, AnRatio ys, int64_t yrev,
                    const char *ycode)
{
  if (xs.defined != ys.defined)
    return xs.defined ? -1 : 1;
  if (xs.defined && xs.value != ys.value)
    return xs.value > ys.value ? -1 : 1;
  if (xrev != yrev)
    return xrev > yrev ? -1 : 1;
  return strcmp(xcode, ycode);
}

/* ---- Passes ----------------------------------------------------------------- */

/*
** Line rollups: city sums for every market, market sums and the stall x
** line matrix for the market.  A row dated in neither period is skipped.
*/
static void scan_lines(AnScan *s, guint flags)
{
  const AnDataset *ds = s->ds;
  const AnStall *stalls = (const AnStall *)(const void *)ds->stalls->data;
  g_autofree gboolean *market_seen = g_new0(gboolean, ds->markets->len);
  for (guint i = 0; i < ds->line_days->len; i++) {
    const AnLineDay *r = &g_array_index(ds->line_days, AnLineDay, i);
    gboolean cur = r->day >= s->q.period.from && r->day <= s->q.period.to;
    gboolean prev = !cur && s->has_prev && r->day >= s->q.compare_period.from
                    && r->day <= s->q.compare_period.to;
    AnLineSums *l = &s->ln[r->line];
    gint local = s->local[r->stall];
    if (!cur && !prev)
      continue;
    if (cur) {
      l->city_revenue += r->revenue;
      l->city_qty_milli += r->qty_milli;
      s->city_revenue += r->revenue;
      if (r->revenue != 0)
        market_seen[stalls[r->stall].market] = TRUE;
    } else {
      l->city_prev_revenue += r->revenue;
      s->city_prev_revenue += r->revenue;
    }
    if (local < 0)
      continue;
    if (cur) {
      l->revenue += r->revenue;
      l->qty_milli += r->qty_milli;
      l->receipts += r->receipts;
      s->revenue += r->revenue;
      s->st[local].line_revenue += r->revenue;
      if (flags & AN_SCAN_STALL_LINES)
        s->stall_line[(gsize)local * s->n_lines + r->line] += r->revenue;
    } else {
      l->prev_revenue += r->revenue;
      s->prev_revenue += r->revenue;
    }
  }
  for (guint m = 0; m < ds->markets->len; m++)
    s->city_markets += market_seen[m] ? 1 : 0;
}

/* Stall days: period sums, and per-day arrays (rows may repeat a day). */
static void scan_days(AnScan *s)
{
  const AnDataset *ds = s->ds;
  guint n;
  const guint *rows = an_dataset_market_rows(ds, AN_ROWS_STALL_DAYS, s->q.market, &n);
  for (guint j = 0; j < n; j++) {
    const AnStallDay *r = &g_array_index(ds->stall_days, AnStallDay, rows ? rows[j] : j);
    gint local = s->local[r->stall];
    if (local < 0)
      continue;
    if (r->day >= s->q.period.from && r->day <= s->q.period.to) {
      gsize k = (gsize)local * s->n_days + (gsize)(r->day - s->q.period.from);
      s->st[local].revenue += r->total;
      s->st[local].receipts += r->receipts;
      s->daily_rev[k] += r->total;
      s->daily_rcpt[k] += r->receipts;
    } else if (s->has_prev && r->day >= s->q.compare_period.from
               && r->day <= s->q.compare_period.to) {
      s->st[local].prev_revenue += r->total;
      s->st[local].prev_receipts += r->receipts;
    }
  }
  for (guint st = 0; st < s->n_stalls; st++)
    for (guint d = 0; d < s->n_days; d++)
      s->st[st].active_days += s->daily_rcpt[(gsize)st * s->n_days + d] > 0 ? 1 : 0;
}

/* Tenders of the period, per stall and method. */
static void scan_tenders(AnScan *s)
{
  const AnDataset *ds = s->ds;
  guint n;
  const guint *rows = an_dataset_market_rows(ds, AN_ROWS_STALL_TENDERS, s->q.market, &n);
  for (guint j = 0; j < n; j++) {
    const AnStallTender *r = &g_array_index(ds->stall_tenders, AnStallTender, rows ? rows[j] : j);
    gint local = s->local[r->stall];
    if (local >= 0 && r->day >= s->q.period.from && r->day <= s->q.period.to)
      s->tender[(gsize)local * s->n_methods + r->method] += r->amount;
  }
}

/* Hours of the period into weekday x hour cells. */
static void scan_hours(AnScan *s)
{
  const AnDataset *ds = s->ds;
  guint n;
  const guint *rows = an_dataset_market_rows(ds, AN_ROWS_STALL_HOURS, s->q.market, &n);
  for (guint j = 0; j < n; j++) {
    const AnStallHour *r = &g_array_index(ds->stall_hours, AnStallHour, rows ? rows[j] : j);
    gint local = s->local[r->stall];
    gsize k;
    if (local < 0 || r->day < s->q.period.from || r->day > s->q.period.to)
      continue;
    k = (gsize)local * AN_WEEKDAYS * AN_HOURS + (gsize)an_day_weekday(r->day) * AN_HOURS
        + (gsize)r->hour;
    s->heat_rev[k] += r->revenue;
    s->heat_rcpt[k] += r->receipts;
  }
}

/* Arrays sized by the market and the period only; each pass is one loop. */
AnScan *an_scan_new(const AnDataset *ds, const AnQuery *q, guint flags, GError **error)
{
  AnScan *s;
  if (!an_query_check(ds, q, error))
    return NULL;
  s = g_new0(AnScan, 1);
  s->ds = ds;
  s->q = *q;
  s->has_prev = q->compare != AN_COMPARE_NONE;
  s->n_days = an_period_days(q->period);
  s->local = g_new(gint, ds->stalls->len + 1);
  s->stall_ids = g_new(guint, ds->stalls->len + 1);
  for (guint i = 0; i < ds->stalls->len; i++) {
    const AnStall *st = an_dataset_stall(ds, i);
    s->local[i] = -1;
    if (st->market == q->market) {
      s->local[i] = (gint)s->n_stalls;
      s->stall_ids[s->n_stalls++] = i;
    }
  }
  s->st = g_new0(AnStallSums, s->n_stalls + 1);
  s->n_lines = ds->lines->len;
  s->ln = g_new0(AnLineSums, s->n_lines + 1);
  s->n_methods = ds->methods->len;
  if (flags & AN_SCAN_STALL_LINES)
    s->stall_line = g_new0(int64_t, (gsize)s->n_stalls * s->n_lines + 1);
  if (flags & AN_SCAN_DAYS) {
    s->daily_rev = g_new0(int64_t, (gsize)s->n_stalls * s->n_days + 1);
    s->daily_rcpt = g_new0(int64_t, (gsize)s->n_stalls * s->n_days + 1);
  }
  if (flags & AN_SCAN_TENDERS)
    s->tender = g_new0(int64_t, (gsize)s->n_stalls * s->n_methods + 1);
  if (flags & AN_SCAN_HOURS) {
    s->heat_rev = g_new0(int64_t, (gsize)s->n_stalls * AN_WEEKDAYS * AN_HOURS + 1);
    s->heat_rcpt = g_new0(int64_t, (gsize)s->n_stalls * AN_WEEKDAYS * AN_HOURS + 1);
  }
  if (flags & (AN_SCAN_LINES | AN_SCAN_STALL_LINES))
    scan_lines(s, flags);
  if (flags & AN_SCAN_DAYS)
    scan_days(s);
  if (flags & AN_SCAN_TENDERS)
    scan_tenders(s);
  if (flags & AN_SCAN_HOURS)
    scan_hours(s);
  return s;
}

/* Frees the arrays. */
void an_scan_free(AnScan *s)
{
  if (s == NULL)
    return;
  g_free(s->local);
  g_free(s->stall_ids);
  g_free(s->st);
  g_free(s->ln);
  g_free(s->stall_line);
  g_free(s->daily_rev);
  g_free(s->daily_rcpt);
  g_free(s->tender);
  g_free(s->heat_rev);
  g_free(s->heat_rcpt);
  g_free(s);
}
