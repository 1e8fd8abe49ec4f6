/*
** an-stalls.c: stall performance for the market manager.
**
** Every stall registered in the market gets a row, sold or not: a stall
** that never synced or sold nothing is exactly what a manager must see.
** Per stall: revenue, receipts, average ticket, daily trend (every day of
** the period, zeros included, so charts line up), percentile among the
** market's stalls, payment mix and Onnuri share, an hour x weekday heatmap,
** last sync and whether it is stale; the market's own trend and heatmap are
** the sums, for the report's charts.
**
** Why a flag on a high Onnuri share: redeeming certificates without a real
** sale (깡) is illegal and docs/DOMAIN.md (Onnuri certificates) asks the
** reports to make odd Onnuri patterns visible; a share is not proof, so the
** flag only says "look".
*/
#include "mb-clock.h"
#include "an-int.h"
#include <string.h>

static const char *const WEEKDAY_KO[AN_WEEKDAYS] = { "월", "화", "수", "목", "금", "토", "일" };

/* Rows own their series and explanations; names are borrowed. */
static void row_free(gpointer p)
{
  AnStallRow *r = p;
  if (r == NULL)
    return;
  g_array_unref(r->daily);
  g_array_unref(r->payment);
  an_row_release(r, r->explain);
}

/* Drops the rows, the market series and the dataset reference. */
void an_stalls_report_free(AnStallsReport *r)
{
  if (r == NULL)
    return;
  g_array_unref(r->daily);
  an_report_release(r, &r->head, r->rows);
}

/* Onnuri tenders are every method named "onnuri..." (paper, card, mobile). */
static gboolean is_onnuri(const char *method)
{
  return g_str_has_prefix(method, "onnuri");
}

/* Largest tender first. */
static gint payment_cmp(gconstpointer a, gconstpointer b)
{
  const AnTenderShare *x = a, *y = b;
  if (x->amount != y->amount)
    return x->amount > y->amount ? -1 : 1;
  return strcmp(x->method, y->method);
}

/* Shares of the net tendered amount (change and refunds already out). */
static void payment_mix(const AnScan *s, guint st, AnStallRow *row)
{
  const int64_t *amounts = s->tender + (gsize)st * s->n_methods;
  int64_t total = 0, onnuri = 0;
  row->payment = g_array_new(FALSE, TRUE, sizeof(AnTenderShare));
  for (guint m = 0; m < s->n_methods; m++) {
    total += amounts[m];
    if (is_onnuri(g_ptr_array_index(s->ds->methods, m)))
      onnuri += amounts[m];
  }
  for (guint m = 0; m < s->n_methods; m++) {
    AnTenderShare t;
    if (amounts[m] == 0)
      continue;
    t.method = g_ptr_array_index(s->ds->methods, m);
    t.amount = amounts[m];
    t.share = total > 0 ? an_div(amounts[m], total) : an_undef();
    g_array_append_val(row->payment, t);
  }
  g_array_sort(row->payment, payment_cmp);
  row->onnuri_share = total > 0 ? an_div(onnuri, total) : an_undef();
  row->onnuri_flag = row->onnuri_share.defined
                     && row->onnuri_share.value >= s->q.config.onnuri_flag_share;
}

/* Copies the stall's series and adds them into the market's. */
static void trend_and_heat(const AnScan *s, guint st, AnStallRow *row, AnStallsReport *r)
{
  const int64_t *hr = s->heat_rev + (gsize)st * AN_WEEKDAYS * AN_HOURS;
  const int64_t *hc = s->heat_rcpt + (gsize)st * AN_WEEKDAYS * AN_HOURS;
  row->daily = g_array_sized_new(FALSE, TRUE, sizeof(AnDailyPoint), s->n_days);
  for (guint d = 0; d < s->n_days; d++) {
    gsize k = (gsize)st * s->n_days + d;
    AnDailyPoint p = { s->q.period.from + (AnDay)d, s->daily_rev[k], s->daily_rcpt[k] };
    AnDailyPoint *m = &g_array_index(r->daily, AnDailyPoint, d);
    g_array_append_val(row->daily, p);
    m->revenue += p.revenue;
    m->receipts += p.receipts;
  }
  for (int w = 0; w < AN_WEEKDAYS; w++) {
    for (int h = 0; h < AN_HOURS; h++) {
      row->heat_revenue[w][h] = hr[w * AN_HOURS + h];
      row->heat_receipts[w][h] = hc[w * AN_HOURS + h];
      r->heat_revenue[w][h] += row->heat_revenue[w][h];
      r->heat_receipts[w][h] += row->heat_receipts[w][h];
    }
  }
}

/* Rank, sync, Onnuri and the busiest hour, each with its figures. */
static void explain_row(const AnScan *s, const AnStallsReport *r, AnStallRow *row)
{
  const AnConfig *c = &s->q.config;
  char a[AN_NUM_LEN], b[AN_NUM_LEN], d[AN_NUM_LEN];
  int bw = -1, bh = -1;
  an_explain(row->explain, "매출 %s, 영수증 %s건, 객단가 %s, 영업일 %u/%u일.",
             an_fmt_won(a, row->revenue), an_fmt_int(b, row->receipts),
             row->avg_ticket_defined ? an_fmt_won(d, row->avg_ticket) : "없음",
             row->active_days, s->n_days);
  if (row->percentile.defined)
    an_explain(row->explain, "시장 %u개 점포 중 매출 %u위, 백분위 %s (100이 최상위).",
               r->rows->len, row->rank, an_fmt_num(a, row->percentile, 0));
  else
    an_explain(row->explain, "시장에 점포가 하나뿐이라 백분위가 없습니다.");
  if (row->last_sync_ms < 0) {
    an_explain(row->explain, "한 번도 동기화하지 않았습니다: 판매 자료가 허브에 없을 수 있습니다.");
  } else {
    g_autofree char *iso = mb_clock_iso(row->last_sync_ms);
    int64_t age_ms = s->q.as_of_ms - row->last_sync_ms;
    if (row->stale)
      an_explain(row->explain, "마지막 동기화 %s: 기준 시각보다 %s일 전 (%d일 초과).", iso,
                 an_fmt_int(a, age_ms / 86400000), c->stale_days);
    else
      an_explain(row->explain, "마지막 동기화 %s.", iso);
  }
  if (row->onnuri_flag)
    an_explain(row->explain, "온누리상품권 비중 %s ≥ %s: 결제 내역을 확인해 보세요.",
               an_fmt_pct(a, row->onnuri_share, FALSE),
               an_fmt_pct(b, an_ratio(c->onnuri_flag_share), FALSE));
  else if (row->onnuri_share.defined)
    an_explain(row->explain, "온누리상품권 비중 %s.", an_fmt_pct(a, row->onnuri_share, FALSE));
  for (int w = 0; w < AN_WEEKDAYS; w++)
    for (int h = 0; h < AN_HOURS; h++)
      if (row->heat_revenue[w][h] > 0
          && (bw < 0 || row->heat_revenue[w][h] > row->heat_revenue[bw][bh]))
        bw = w, bh = h;
  if (bw >= 0)
    an_explain(row->explain, "매출이 가장 많은 시간대: %s요일 %d시 (%s).", WEEKDAY_KO[bw], bh,
               an_fmt_won(a, row->heat_revenue[bw][bh]));
}

/* Revenue order, code for ties: the report must not depend on input order. */
static gint revenue_cmp(gconstpointer a, gconstpointer b)
{
  const AnStallRow *x = *(const AnStallRow *const *)a, *y = *(const AnStallRow *const *)b;
  if (x->revenue != y->revenue)
    return x->revenue > y->revenue ? -1 : 1;
  return strcmp(x->code, y->code);
}

/*
** Percentile rank with ties at their mid rank, scaled so the top stall is
** 100 and the bottom 0: (below + (equal - 1) / 2) / (n - 1).  Undefined for
** a one-stall market, where "among its stalls" has no meaning.  Rows are
** sorted by revenue, descending, so equal revenues are adjacent.
*/
static void percentiles(GPtrArray *rows)
{
  guint n = rows->len, i = 0;
  while (i < n) {
    guint j = i;
    const AnStallRow *first = g_ptr_array_index(rows, i);
    while (j < n && ((const AnStallRow *)g_ptr_array_index(rows, j))->revenue == first->revenue)
      j++;
    for (guint k = i; k < j; k++) {
      AnStallRow *row = g_ptr_array_index(rows, k);
      guint below = n - j, equal = j - i;
      row->percentile = n < 2 ? an_undef()
                        : an_ratio(100.0 * (below + (equal - 1) / 2.0) / (double)(n - 1));
    }
    i = j;
  }
}

/* Every registered stall of the market, sold or not. */
AnStallsReport *an_stalls_rank(AnDataset *ds, const AnQuery *q, GError **error)
{
  g_autoptr(AnScan) s = an_scan_new(ds, q, AN_SCAN_DAYS | AN_SCAN_TENDERS | AN_SCAN_HOURS,
                                    error);
  AnStallsReport *r;
  int64_t onnuri = 0, tendered = 0;
  if (s == NULL)
    return NULL;
  r = g_new0(AnStallsReport, 1);
  an_head_init(&r->head, ds, q);
  r->rows = g_ptr_array_new_with_free_func(row_free);
  r->daily = g_array_sized_new(FALSE, TRUE, sizeof(AnDailyPoint), s->n_days);
  g_array_set_size(r->daily, s->n_days);
  for (guint d = 0; d < s->n_days; d++)
    g_array_index(r->daily, AnDailyPoint, d).day = q->period.from + (AnDay)d;
  for (guint st = 0; st < s->n_stalls; st++) {
    const AnStallSums *sum = &s->st[st];
    const AnStall *info = an_dataset_stall(ds, s->stall_ids[st]);
    AnStallRow *row = g_new0(AnStallRow, 1);
    AN_STALL_HEAD_FILL(s, st, row);
    row->last_sync_ms = info->last_sync_ms;
    row->stale = info->last_sync_ms < 0
                 || r->head.query.as_of_ms - info->last_sync_ms
                    > (int64_t)q->config.stale_days * 86400000;
    payment_mix(s, st, row);
    trend_and_heat(s, st, row, r);
    for (guint m = 0; m < s->n_methods; m++) {
      int64_t v = s->tender[(gsize)st * s->n_methods + m];
      tendered += v;
      if (is_onnuri(g_ptr_array_index(ds->methods, m)))
        onnuri += v;
    }
    r->revenue += sum->revenue;
    r->prev_revenue += sum->prev_revenue;
    r->receipts += sum->receipts;
    g_ptr_array_add(r->rows, row);
  }
  r->growth = s->has_prev ? an_growth(r->revenue, r->prev_revenue) : an_undef();
  r->onnuri_share = tendered > 0 ? an_div(onnuri, tendered) : an_undef();
  g_ptr_array_sort(r->rows, revenue_cmp);
  percentiles(r->rows);
  s->q.as_of_ms = r->head.query.as_of_ms;
  for (guint i = 0; i < r->rows->len; i++) {
    AnStallRow *row = g_ptr_array_index(r->rows, i);
    row->rank = i + 1;
    explain_row(s, r, row);
  }
  return r;
}
