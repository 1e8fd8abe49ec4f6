/*
** an-summary.c: the reports in a few plain Korean sentences.
**
** The consultant's PDF opens with them and the JSON carries them, so that a
** market manager who reads no table still learns what matters: the lines
** that are competitive, growing or declining, the core stores, the stalls
** that do not sync and the payment patterns worth a look.  Every sentence
** quotes the figure it rests on; none judges beyond the verdicts.
*/
#include "an-int.h"

#define LIST_MAX 5   /* names listed in one sentence before "외 N곳" */

/* Whichever report is present says which market and period. */
static const AnReportHead *set_head(const AnReportSet *set)
{
  if (set->lines)
    return &set->lines->head;
  if (set->stores)
    return &set->stores->head;
  return set->stalls ? &set->stalls->head : NULL;
}

/* "정육(LQ 1.62, 성장 +12.0%), 반찬(...)" for the lines of one verdict. */
static guint lines_of(const AnLinesReport *r, AnVerdict v, GString *out)
{
  guint n = 0;
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *row = g_ptr_array_index(r->rows, i);
    char a[AN_NUM_LEN], b[AN_NUM_LEN];
    if (row->verdict != v)
      continue;
    if (n < LIST_MAX)
      g_string_append_printf(out, "%s%s(LQ %s, 성장 %s)", n ? ", " : "", row->name,
                             an_fmt_num(a, row->lq, 2), an_fmt_pct(b, row->growth, TRUE));
    n++;
  }
  if (n > LIST_MAX)
    g_string_append_printf(out, " 외 %u개", n - LIST_MAX);
  return n;
}

/* "정육(경쟁력, 신뢰도 62.0%)" for the lines whose verdict is fragile. */
static guint fragile_lines(const AnLinesReport *r, GString *out)
{
  guint n = 0;
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *row = g_ptr_array_index(r->rows, i);
    char a[AN_NUM_LEN];
    if (!row->fragile)
      continue;
    if (n < LIST_MAX)
      g_string_append_printf(out, "%s%s(%s, 신뢰도 %s)", n ? ", " : "", row->name,
                             an_verdict_label(row->verdict), an_fmt_pct(a, row->confidence, FALSE));
    n++;
  }
  if (n > LIST_MAX)
    g_string_append_printf(out, " 외 %u개", n - LIST_MAX);
  return n;
}

/* Size, the top line, and the lines of each verdict worth naming. */
static void lines_summary(const AnLinesReport *r, GPtrArray *out)
{
  const AnConfig *c = &r->head.query.config;
  const AnLineRow *top = NULL;
  char a[AN_NUM_LEN], b[AN_NUM_LEN];
  g_autoptr(GString) list = g_string_new(NULL);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *row = g_ptr_array_index(r->rows, i);
    if (top == NULL || row->revenue > top->revenue)
      top = row;
  }
  if (top == NULL || r->revenue <= 0) {
    an_explain(out, "이 기간 상품군 매출 자료가 없습니다.");
    return;
  }
  an_explain(out, "상품군 %u개의 매출 합계는 %s이고, 가장 큰 상품군은 %s(점유율 %s)입니다.",
             r->rows->len, an_fmt_won(a, r->revenue), top->name,
             an_fmt_pct(b, top->share, FALSE));
  if (lines_of(r, AN_VERDICT_COMPETITIVE, list) > 0)
    an_explain(out, "경쟁력 있는 상품군: %s.", list->str);
  else
    an_explain(out, "경쟁력 있는 상품군(LQ %s 이상)으로 판정된 것은 없습니다.",
               an_fmt_num(a, an_ratio(c->lq_competitive), 2));
  g_string_truncate(list, 0);
  if (lines_of(r, AN_VERDICT_EMERGING, list) > 0)
    an_explain(out, "성장하는 상품군: %s.", list->str);
  g_string_truncate(list, 0);
  if (lines_of(r, AN_VERDICT_ERODING, list) > 0)
    an_explain(out, "특화되어 있지만 전체 시장보다 %s 이상 뒤처진 상품군(특화 약화): %s.",
               an_fmt_pct(a, an_ratio(-c->competitive_eroding), FALSE), list->str);
  g_string_truncate(list, 0);
  if (lines_of(r, AN_VERDICT_DECLINING, list) > 0)
    an_explain(out, "쇠퇴하는 상품군: %s.", list->str);
  g_string_truncate(list, 0);
  if (fragile_lines(r, list) > 0)
    an_explain(out, "판정이 불안정한 상품군(기간의 날짜를 다시 뽑으면 %s 미만에서만 같은 판정): "
               "%s.", an_fmt_pct(a, an_ratio(c->fragile_below), FALSE), list->str);
}

/* "두부가게(핵심점포, 신뢰도 55.0%)" for the stores whose call is fragile. */
static guint fragile_stores(const AnStoresReport *r, GString *out)
{
  guint n = 0;
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStoreRow *row = g_ptr_array_index(r->rows, i);
    char a[AN_NUM_LEN];
    if (!row->fragile)
      continue;
    if (n < LIST_MAX)
      g_string_append_printf(out, "%s%s(%s, 신뢰도 %s)", n ? ", " : "", row->name,
                             row->core ? "핵심점포" : "핵심점포 아님",
                             an_fmt_pct(a, row->confidence, FALSE));
    n++;
  }
  if (n > LIST_MAX)
    g_string_append_printf(out, " 외 %u곳", n - LIST_MAX);
  return n;
}

/* The core stores and how much of the market the A class holds. */
static void stores_summary(const AnStoresReport *r, GPtrArray *out)
{
  g_autoptr(GString) core = g_string_new(NULL);
  int64_t a_rev = 0;
  guint n_a = 0, n_core = 0;
  char a[AN_NUM_LEN], b[AN_NUM_LEN];
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStoreRow *row = g_ptr_array_index(r->rows, i);
    if (row->core) {
      g_string_append_printf(core, "%s%s(점수 %s, 매출 %s)", n_core ? ", " : "", row->name,
                             an_fmt_num(a, row->score, 1), an_fmt_won(b, row->revenue));
      n_core++;
    }
    if (row->abc == 'A') {
      n_a++;
      a_rev += row->revenue;
    }
  }
  if (n_core > 0)
    an_explain(out, "핵심점포(상위 %u곳): %s.", n_core, core->str);
  else
    an_explain(out, "이 기간 매출이 있는 점포가 없어 핵심점포를 정하지 않았습니다.");
  if (n_a > 0 && r->revenue > 0)
    an_explain(out, "A등급 점포 %u곳(전체 %u곳)이 점포 매출의 %s를 차지합니다.", n_a,
               r->rows->len, an_fmt_pct(a, an_div(a_rev, r->revenue), FALSE));
  g_string_truncate(core, 0);
  if (fragile_stores(r, core) > 0)
    an_explain(out, "판정이 불안정한 점포(기간의 날짜를 다시 뽑으면 %s 미만에서만 같은 판정): %s.",
               an_fmt_pct(a, an_ratio(r->head.query.config.fragile_below), FALSE), core->str);
}

/* Names of the rows matching a test, at most LIST_MAX. */
static guint stalls_where(const AnStallsReport *r, gboolean (*test)(const AnStallRow *),
                          GString *out)
{
  guint n = 0;
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStallRow *row = g_ptr_array_index(r->rows, i);
    if (!test(row))
      continue;
    if (n < LIST_MAX)
      g_string_append_printf(out, "%s%s", n ? ", " : "", row->name);
    n++;
  }
  if (n > LIST_MAX)
    g_string_append_printf(out, " 외 %u곳", n - LIST_MAX);
  return n;
}

/* The lists of the stalls summary: each a question a manager acts on. */
static gboolean never_synced(const AnStallRow *r) { return r->last_sync_ms < 0; }
static gboolean stale_only(const AnStallRow *r) { return r->last_sync_ms >= 0 && r->stale; }
static gboolean onnuri_flagged(const AnStallRow *r) { return r->onnuri_flag; }
static gboolean no_sales(const AnStallRow *r) { return r->receipts <= 0; }

/* Totals, then every list a manager must act on. */
static void stalls_summary(const AnStallsReport *r, GPtrArray *out)
{
  const AnConfig *c = &r->head.query.config;
  g_autoptr(GString) list = g_string_new(NULL);
  char a[AN_NUM_LEN], b[AN_NUM_LEN], d[AN_NUM_LEN];
  guint n;
  an_explain(out, "점포 %u곳의 매출 %s, 영수증 %s건, 객단가 %s.", r->rows->len,
             an_fmt_won(a, r->revenue), an_fmt_int(b, r->receipts),
             r->receipts > 0 ? an_fmt_won(d, an_div_round(r->revenue, r->receipts)) : "없음");
  if ((n = stalls_where(r, no_sales, list)) > 0)
    an_explain(out, "이 기간 판매 기록이 없는 점포 %u곳: %s.", n, list->str);
  g_string_truncate(list, 0);
  if ((n = stalls_where(r, never_synced, list)) > 0)
    an_explain(out, "한 번도 동기화하지 않은 점포 %u곳: %s.", n, list->str);
  g_string_truncate(list, 0);
  if ((n = stalls_where(r, stale_only, list)) > 0)
    an_explain(out, "%d일 넘게 동기화하지 않은 점포 %u곳: %s.", c->stale_days, n, list->str);
  g_string_truncate(list, 0);
  if ((n = stalls_where(r, onnuri_flagged, list)) > 0)
    an_explain(out, "온누리상품권 비중이 %s 이상인 점포 %u곳: %s (결제 내역 확인 권장).",
               an_fmt_pct(a, an_ratio(c->onnuri_flag_share), FALSE), n, list->str);
}

/*
** Whether the comparison period holds any of the market's sales: last
** year's period of a market that joined this year holds none, and its
** growths are then missing for that reason, not because every line is new.
*/
static gboolean compare_has_data(const AnReportSet *set)
{
  if (set->lines && set->lines->prev_revenue != 0)
    return TRUE;
  if (set->stores && set->stores->prev_revenue != 0)
    return TRUE;
  return set->stalls != NULL && set->stalls->prev_revenue != 0;
}

/* The market and period first, then each report's sentences. */
GPtrArray *an_report_summary(const AnReportSet *set)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  const AnReportHead *h = set_head(set);
  g_autofree char *period = NULL;
  if (h == NULL)
    return out;
  period = an_fmt_period(h->query.period);
  if (h->query.compare != AN_COMPARE_NONE) {
    g_autofree char *cmp = an_fmt_period(h->query.compare_period);
    an_explain(out, "%s, %s의 분석입니다 (비교 기간 %s).", h->market_name, period, cmp);
    if (!compare_has_data(set))
      an_explain(out, "비교 기간(%s)에는 이 시장의 매출 자료가 없어 성장률과 변동 분해를 계산하지 "
                 "않았습니다.", h->query.compare == AN_COMPARE_LAST_YEAR ? "전년 같은 기간"
                                                                      : "직전 기간");
  } else {
    an_explain(out, "%s, %s의 분석입니다 (비교 기간 없음).", h->market_name, period);
  }
  if (set->lines) {
    char a[AN_NUM_LEN], b[AN_NUM_LEN];
    if (set->lines->growth.defined)
      an_explain(out, "시장 매출은 비교 기간보다 %s 변했습니다 (전체 시장 %s).",
                 an_fmt_pct(a, set->lines->growth, TRUE),
                 an_fmt_pct(b, set->lines->city_growth, TRUE));
    lines_summary(set->lines, out);
  }
  if (set->stores)
    stores_summary(set->stores, out);
  if (set->stalls)
    stalls_summary(set->stalls, out);
  return out;
}
