/*
** an-lines.c: product-line competitiveness of one market.
**
** For each line the market sold in the period or its comparison period:
** share, growth, location quotient against every market of the dataset,
** Dunn's shift-share, stall count and HHI, basket penetration, price index,
** a composite score, a verdict (docs/ANALYTICS.md, "Product lines") and
** the verdict's confidence over resamples of the period's days
** ("Confidence"; an-resample.c).
**
** Why a floor: LQ divides two shares, and a line with one sale in a market
** of millions, or one the city hardly sells, gives ratios of 5 or 50 that
** mean nothing.  Lines under the floor (share and revenue per day, both
** settings) get no LQ, no score and the verdict "minor", and say so.
**
** Why shift-share in integers: its three effects are won amounts that must
** add up to the actual change, to the won, so that a reader can check the
** table by hand; the competitive effect is the rest after the other two are
** rounded, which is exactly R'(g_ml - g_l) up to that rounding.
*/
#include "an-int.h"
#include <math.h>
#include <string.h>

/* Rows own only their explanations; names are borrowed. */
static void row_free(gpointer p)
{
  AnLineRow *r = p;
  if (r != NULL)
    an_row_release(r, r->explain);
}

/* Drops the rows and the dataset reference. */
void an_lines_report_free(AnLinesReport *r)
{
  if (r != NULL)
    an_report_release(r, &r->head, r->rows);
}

/* The won floor grows with the period so that a week and a year compare. */
static int64_t floor_won(const AnQuery *q)
{
  return q->config.lq_min_revenue_per_day * (int64_t)an_period_days(q->period);
}

/* ---- Measures ------------------------------------------------------------- */

/*
** HHI over the stalls that sold the line (positive net revenue only: a stall
** whose refunds exceed its sales holds no share of the line).
*/
static void concentration(const AnScan *s, AnLineRow *row)
{
  int64_t total = 0;
  double hhi = 0;
  row->stalls = 0;
  for (guint st = 0; st < s->n_stalls; st++) {
    int64_t v = s->stall_line[(gsize)st * s->n_lines + row->line];
    if (v > 0) {
      total += v;
      row->stalls++;
    }
  }
  if (total <= 0) {
    row->hhi = an_undef();
    return;
  }
  for (guint st = 0; st < s->n_stalls; st++) {
    int64_t v = s->stall_line[(gsize)st * s->n_lines + row->line];
    if (v > 0) {
      double pct = 100.0 * (double)v / (double)total;
      hhi += pct * pct;
    }
  }
  row->hhi = an_ratio(hhi);
}

/*
** Dunn (1960): change = national + industry mix + competitive, with
** national = R'ml * g_all, mix = R'ml * (g_l - g_all), competitive =
** R'ml * (g_ml - g_l).  Every factor is a ratio of won sums, so each effect
** is computed as a rounded integer quotient.
*/
static void shift_share(const AnScan *s, AnLineRow *row)
{
  const AnLineSums *l = &s->ln[row->line];
  int64_t change = l->revenue - l->prev_revenue;
  int64_t nat_mix;
  row->shift_defined = s->has_prev && l->prev_revenue > 0 && l->city_prev_revenue > 0
                       && s->city_prev_revenue > 0;
  if (!row->shift_defined)
    return;
  row->national = an_muldiv_round(l->prev_revenue, s->city_revenue - s->city_prev_revenue,
                                  s->city_prev_revenue);
  nat_mix = an_muldiv_round(l->prev_revenue, l->city_revenue - l->city_prev_revenue,
                            l->city_prev_revenue);
  row->industry_mix = nat_mix - row->national;
  row->competitive = change - nat_mix;
}

/* Revenue per unit here against the other markets together (not the city,
** which would include this market and pull the index towards 1). */
static void price_index(const AnScan *s, AnLineRow *row)
{
  const AnLineSums *l = &s->ln[row->line];
  int64_t other_rev = l->city_revenue - l->revenue;
  int64_t other_qty = l->city_qty_milli - l->qty_milli;
  if (l->revenue <= 0 || l->qty_milli <= 0 || other_rev <= 0 || other_qty <= 0) {
    row->price_index = an_undef();
    return;
  }
  row->price_index = an_ratio(((double)l->revenue / (double)l->qty_milli)
                              / ((double)other_rev / (double)other_qty));
}

/* Maps growth in [-cap, +cap] onto 0..1 (0.5 = no change). */
static AnRatio growth_part(AnRatio g, double cap)
{
  return g.defined ? an_ratio(an_clamp01((g.value + cap) / (2 * cap))) : an_undef();
}

/* v / cap clamped to 0..1: past the cap more is not better. */
static AnRatio capped(AnRatio v, double cap)
{
  return v.defined ? an_ratio(an_clamp01(v.value / cap)) : an_undef();
}

/*
** Six parts, each 0..1, weighted (docs/ANALYTICS.md); kept in the row so
** that the score can be taken apart by the reader.
*/
static void score(const AnConfig *c, AnLineRow *row)
{
  AnRatio over = an_undef();
  if (row->growth.defined && row->city_growth.defined)
    over = an_ratio(row->growth.value - row->city_growth.value);
  AnScorePart parts[AN_SCORE_PARTS] = {
    { "lq", "특화(LQ)", capped(row->lq, c->lq_cap), c->w_lq },
    { "growth", "성장", growth_part(row->growth, c->growth_cap), c->w_growth },
    { "competitive", "경쟁 효과", growth_part(over, c->growth_cap), c->w_competitive },
    { "share", "점유율", capped(row->share, c->share_cap), c->w_share },
    { "penetration", "침투율", capped(row->penetration, c->penetration_cap), c->w_penetration },
    { "breadth", "분산", row->hhi.defined ? an_ratio(1.0 - row->hhi.value / 10000.0)
                                          : an_undef(), c->w_breadth },
  };
  memcpy(row->parts, parts, sizeof parts);
  row->score = row->above_floor ? an_score(row->parts, AN_SCORE_PARTS) : an_undef();
}

/* ---- Verdict and its reasons ------------------------------------------------ */

/*
** Says why growth is missing when it is: no comparison, a new line, or a
** negative base; never a silent blank.
*/
static void explain_growth(const AnScan *s, const AnLineRow *row)
{
  char a[AN_NUM_LEN], b[AN_NUM_LEN], g[AN_NUM_LEN];
  if (!s->has_prev)
    an_explain(row->explain, "비교 기간이 없어 성장률을 계산하지 않았습니다.");
  else if (row->growth.defined)
    an_explain(row->explain, "성장률 %s: 비교 기간 %s → 이번 기간 %s.",
               an_fmt_pct(g, row->growth, TRUE), an_fmt_won(a, row->prev_revenue),
               an_fmt_won(b, row->revenue));
  else if (row->prev_revenue == 0)
    an_explain(row->explain, "비교 기간 매출이 0원이라 성장률은 정의되지 않습니다 "
               "(0으로 나누지 않음): 새로 팔기 시작한 상품군입니다.");
  else
    an_explain(row->explain, "비교 기간 순매출이 %s(환불이 판매보다 많음)이라 성장률을 "
               "정의하지 않습니다.", an_fmt_won(a, row->prev_revenue));
}

/* One sentence per measure, with the numbers that made it. */
static void explain_measures(const AnScan *s, const AnLinesReport *r, const AnLineRow *row)
{
  const AnConfig *c = &s->q.config;
  char a[AN_NUM_LEN], b[AN_NUM_LEN], d[AN_NUM_LEN], e[AN_NUM_LEN];
  an_explain(row->explain, "매출 %s, 시장 매출 %s 중 점유율 %s.", an_fmt_won(a, row->revenue),
             an_fmt_won(b, r->revenue), an_fmt_pct(d, row->share, FALSE));
  explain_growth(s, row);
  if (!row->above_floor) {
    an_explain(row->explain, "하한 미만(점유율 %s 이상이면서 기간 매출 %s 이상이어야 함)이라 "
               "LQ·점수·판정을 하지 않았습니다.",
               an_fmt_pct(a, an_ratio(c->lq_min_share), FALSE), an_fmt_won(b, floor_won(&s->q)));
  } else if (row->lq.defined) {
    an_explain(row->explain, "LQ %s = 시장 점유율 %s ÷ 전체 %u개 시장의 점유율 %s.",
               an_fmt_num(a, row->lq, 2), an_fmt_pct(b, row->share, FALSE), r->city_markets,
               an_fmt_pct(d, row->city_share, FALSE));
    if (r->city_markets <= 1)
      an_explain(row->explain, "비교할 다른 시장의 자료가 없어 LQ는 1입니다.");
  }
  if (row->shift_defined) {
    char f[AN_NUM_LEN];
    an_explain(row->explain, "변동 분해(Dunn): 전체 성장 효과 %s + 업종 구성 효과 %s + "
               "경쟁 효과 %s = 변동 %s.", an_fmt_won(a, row->national),
               an_fmt_won(b, row->industry_mix), an_fmt_won(d, row->competitive),
               an_fmt_won(e, row->revenue - row->prev_revenue));
    an_explain(row->explain, row->competitive >= 0
               ? "경쟁 효과가 0 이상: 이 시장에서 전체 시장(%s)보다 빠르게 성장했습니다."
               : "경쟁 효과가 음수: 이 시장에서 전체 시장(%s)보다 느리게 성장했습니다.",
               an_fmt_pct(f, row->city_growth, TRUE));
  }
  if (row->hhi.defined)
    an_explain(row->explain, "판매 점포 %u곳, HHI %s%s.", row->stalls,
               an_fmt_num(a, row->hhi, 0),
               row->hhi.value > c->hhi_high ? " (소수 점포에 매우 집중)" : "");
  if (row->penetration.defined)
    an_explain(row->explain, "영수증 침투율 %s: 시장 영수증 %s건 중 %s건에 포함.",
               an_fmt_pct(a, row->penetration, FALSE), an_fmt_int(b, r->receipts),
               an_fmt_int(d, row->receipts));
  if (row->price_index.defined)
    an_explain(row->explain, "가격지수 %s: 단위당 매출을 다른 시장과 비교(1보다 크면 비쌈).",
               an_fmt_num(a, row->price_index, 2));
  else
    an_explain(row->explain, "다른 시장의 같은 상품군 판매(수량)가 없어 가격지수가 없습니다.");
}

/*
** What a verdict reads, from the line's revenue here, the market's, the
** line's in the city and the city's (the comparison period's figures come
** from the scan and stay put): the report's row and every resample of its
** days go through here, so they judge alike.
*/
typedef struct {
  int64_t revenue;
  AnRatio share, growth, city_share, city_growth, lq;
  AnRatio gap;                  /* growth - city growth: competitive effect / base */
  gboolean above_floor;
} LineFigures;

static void line_figures(const AnScan *s, guint line, int64_t revenue, int64_t market_revenue,
                         int64_t city_line_revenue, int64_t city_revenue, LineFigures *f)
{
  const AnConfig *c = &s->q.config;
  const AnLineSums *l = &s->ln[line];
  f->revenue = revenue;
  f->share = market_revenue > 0 ? an_div(revenue, market_revenue) : an_undef();
  f->growth = s->has_prev ? an_growth(revenue, l->prev_revenue) : an_undef();
  f->city_share = city_revenue > 0 ? an_div(city_line_revenue, city_revenue) : an_undef();
  f->city_growth = s->has_prev ? an_growth(city_line_revenue, l->city_prev_revenue)
                               : an_undef();
  f->above_floor = revenue > 0 && f->share.defined && f->share.value >= c->lq_min_share
                   && revenue >= floor_won(&s->q);
  f->lq = f->above_floor && f->city_share.defined && f->city_share.value > 0
          ? an_ratio(f->share.value / f->city_share.value) : an_undef();
  f->gap = f->growth.defined && f->city_growth.defined && s->city_prev_revenue > 0
           ? an_ratio(f->growth.value - f->city_growth.value) : an_undef();
}

/*
** The order matters and is documented: a line that shrank past the cut is
** declining even if still specialised (the consultant must see it first);
** a line too small is not judged; then specialisation, split by its
** dynamics: a specialised line growing clearly slower than the city is
** "eroding" (its LQ is a past strength), the others competitive; then
** growth that outpaced the city (or a new line); the rest holds its ground.
*/
static AnVerdict classify(const AnScan *s, guint line, const LineFigures *f)
{
  const AnConfig *c = &s->q.config;
  int64_t prev = s->ln[line].prev_revenue;
  gboolean prev_mattered = s->prev_revenue > 0 && prev >= floor_won(&s->q)
                           && (double)prev / (double)s->prev_revenue >= c->lq_min_share;
  if (f->growth.defined && f->growth.value <= c->growth_declining && prev_mattered)
    return AN_VERDICT_DECLINING;
  if (!f->above_floor)
    return AN_VERDICT_MINOR;
  if (f->lq.defined && f->lq.value >= c->lq_competitive)
    return f->gap.defined && f->gap.value <= c->competitive_eroding ? AN_VERDICT_ERODING
                                                                    : AN_VERDICT_COMPETITIVE;
  if (s->has_prev && prev == 0 && f->revenue > 0)
    return AN_VERDICT_EMERGING;
  if (f->growth.defined && f->growth.value >= c->growth_emerging && f->gap.defined
      && f->gap.value > 0)
    return AN_VERDICT_EMERGING;
  return AN_VERDICT_STABLE;
}

/* The verdict's sentence, with the figures that decided it. */
static void explain_verdict(const AnScan *s, AnLineRow *row, const LineFigures *f)
{
  const AnConfig *c = &s->q.config;
  char a[AN_NUM_LEN], b[AN_NUM_LEN], d[AN_NUM_LEN], e[AN_NUM_LEN];
  switch (row->verdict) {
  case AN_VERDICT_DECLINING:
    an_explain(row->explain, "판정 쇠퇴: 성장률 %s ≤ %s.", an_fmt_pct(a, row->growth, TRUE),
               an_fmt_pct(b, an_ratio(c->growth_declining), TRUE));
    break;
  case AN_VERDICT_MINOR:
    an_explain(row->explain, "판정 소규모: 판단하기에 매출이 작습니다.");
    break;
  case AN_VERDICT_ERODING: {
    char w[AN_NUM_LEN];
    an_explain(row->explain, "판정 특화 약화: LQ %s ≥ %s로 특화되어 있지만, 성장률이 전체 시장의 "
               "같은 상품군보다 %s 낮아(기준 %s 이하) 경쟁 효과 %s로 밀리고 있습니다.",
               an_fmt_num(a, row->lq, 2), an_fmt_num(b, an_ratio(c->lq_competitive), 2),
               an_fmt_pct(d, f->gap, TRUE), an_fmt_pct(e, an_ratio(c->competitive_eroding), TRUE),
               row->shift_defined ? an_fmt_won(w, row->competitive) : "없음");
    break;
  }
  case AN_VERDICT_COMPETITIVE:
    if (f->gap.defined)
      an_explain(row->explain, "판정 경쟁력: LQ %s ≥ %s이고, 전체 시장 대비 성장률 차이 %s가 "
                 "약화 기준 %s보다 높아 특화를 지키고 있습니다.", an_fmt_num(a, row->lq, 2),
                 an_fmt_num(b, an_ratio(c->lq_competitive), 2), an_fmt_pct(d, f->gap, TRUE),
                 an_fmt_pct(e, an_ratio(c->competitive_eroding), TRUE));
    else
      an_explain(row->explain, "판정 경쟁력: LQ %s ≥ %s (비교 자료가 없어 동향은 보지 않았습니다).",
                 an_fmt_num(a, row->lq, 2), an_fmt_num(b, an_ratio(c->lq_competitive), 2));
    break;
  case AN_VERDICT_EMERGING:
    if (s->has_prev && row->prev_revenue == 0)
      an_explain(row->explain, "판정 성장: 비교 기간에 없던 상품군이 하한을 넘었습니다.");
    else
      an_explain(row->explain, "판정 성장: 성장률 %s ≥ %s, 전체 시장의 %s보다 높음.",
                 an_fmt_pct(a, row->growth, TRUE),
                 an_fmt_pct(b, an_ratio(c->growth_emerging), TRUE),
                 an_fmt_pct(d, row->city_growth, TRUE));
    break;
  default:
    an_explain(row->explain, "판정 유지: LQ %s < %s, 성장률 %s.", an_fmt_num(a, row->lq, 2),
               an_fmt_num(b, an_ratio(c->lq_competitive), 2), an_fmt_pct(d, row->growth, TRUE));
    break;
  }
  if (row->score.defined)
    an_explain(row->explain, "점수 %s/100 (부분 점수와 가중치는 score_parts).",
               an_fmt_num(a, row->score, 1));
}

/* All measures of one line; the verdict last, as it reads the others. */
static AnLineRow *line_row(const AnScan *s, const AnLinesReport *r, guint line)
{
  const AnConfig *c = &s->q.config;
  const AnLineSums *l = &s->ln[line];
  const AnLine *info = an_dataset_line(s->ds, line);
  AnLineRow *row = g_new0(AnLineRow, 1);
  LineFigures f;
  line_figures(s, line, l->revenue, r->revenue, l->city_revenue, s->city_revenue, &f);
  row->line = line;
  row->code = info->code;
  row->name = info->name_ko;
  row->explain = g_ptr_array_new_with_free_func(g_free);
  row->revenue = l->revenue;
  row->prev_revenue = l->prev_revenue;
  row->qty_milli = l->qty_milli;
  row->receipts = l->receipts;
  row->share = f.share;
  row->growth = f.growth;
  row->city_share = f.city_share;
  row->city_growth = f.city_growth;
  row->above_floor = f.above_floor;
  row->lq = f.lq;
  shift_share(s, row);
  concentration(s, row);
  row->penetration = r->receipts > 0 ? an_div(l->receipts, r->receipts) : an_undef();
  price_index(s, row);
  score(c, row);
  explain_measures(s, r, row);
  row->verdict = classify(s, line, &f);
  explain_verdict(s, row, &f);
  row->confidence = an_undef();
  return row;
}

/*
** Confidence (docs/ANALYTICS.md): in each resample of the period's days,
** every stall's line revenue is re-weighed by its takings on the drawn days
** (line rollups may come pre-summed by month, the stall-day totals are
** daily), the market's and the city's sums follow, and each line is judged
** again with classify().  The comparison period and the other markets stay
** as they are: the doubt is about this period here.
*/
static void confidence(const AnScan *s, AnLinesReport *r)
{
  guint n_res = 0;
  g_autofree guint32 *counts = an_resample_days(s, &n_res);
  g_autofree int64_t *taken = NULL, *line_rev = NULL, *by_day = NULL;
  g_autofree guint *agree = NULL;
  g_autofree AnLineRow **by_line = NULL;
  if (counts == NULL)
    return;
  taken = g_new0(int64_t, s->n_stalls + 1);
  by_day = an_resample_by_day(s);
  line_rev = g_new0(int64_t, s->n_lines + 1);
  agree = g_new0(guint, s->n_lines + 1);
  by_line = g_new0(AnLineRow *, s->n_lines + 1);
  for (guint i = 0; i < r->rows->len; i++) {
    AnLineRow *row = g_ptr_array_index(r->rows, i);
    by_line[row->line] = row;
  }
  for (guint k = 0; k < n_res; k++) {
    int64_t market = s->revenue;
    an_resample_stall_revenue(s, by_day, counts + (gsize)k * s->n_days, taken);
    for (guint l = 0; l < s->n_lines; l++)
      line_rev[l] = s->ln[l].revenue;
    for (guint st = 0; st < s->n_stalls; st++) {
      const int64_t *mine = s->stall_line + (gsize)st * s->n_lines;
      for (guint l = 0; l < s->n_lines; l++) {
        int64_t moved = an_resample_scale(mine[l], taken[st], s->st[st].revenue) - mine[l];
        line_rev[l] += moved;
        market += moved;
      }
    }
    for (guint l = 0; l < s->n_lines; l++) {
      LineFigures f;
      if (by_line[l] == NULL)
        continue;
      line_figures(s, l, line_rev[l], market, s->ln[l].city_revenue - s->ln[l].revenue
                   + line_rev[l], s->city_revenue - s->revenue + market, &f);
      agree[l] += classify(s, l, &f) == by_line[l]->verdict;
    }
  }
  for (guint l = 0; l < s->n_lines; l++) {
    AnLineRow *row = by_line[l];
    char a[AN_NUM_LEN];
    if (row == NULL)
      continue;
    row->confidence = an_div(agree[l], n_res);
    row->fragile = row->confidence.value < s->q.config.fragile_below;
    an_explain(row->explain, row->fragile
               ? "신뢰도 %s: 기간의 날짜를 다시 뽑은 %u회 중 같은 판정이 %u회뿐인 불안정한 판정입니다."
               : "신뢰도 %s: 기간의 날짜를 다시 뽑은 %u회 중 %u회 같은 판정.",
               an_fmt_pct(a, row->confidence, FALSE), n_res, agree[l]);
  }
}

/* Judged lines by score, then the unjudged by revenue; code breaks ties. */
static gint row_cmp(gconstpointer a, gconstpointer b)
{
  const AnLineRow *x = *(const AnLineRow *const *)a, *y = *(const AnLineRow *const *)b;
  return an_score_order(x->score, x->revenue, x->code, y->score, y->revenue, y->code);
}

/*
** Rows for the lines the market sold in either period; others would be
** noise in a market report (the city has lines a market never carries).
*/
AnLinesReport *an_lines_rank(AnDataset *ds, const AnQuery *q, GError **error)
{
  g_autoptr(AnScan) s = an_scan_new(ds, q, AN_SCAN_LINES | AN_SCAN_STALL_LINES | AN_SCAN_DAYS,
                                    error);
  AnLinesReport *r;
  if (s == NULL)
    return NULL;
  r = g_new0(AnLinesReport, 1);
  an_head_init(&r->head, ds, q);
  r->rows = g_ptr_array_new_with_free_func(row_free);
  r->revenue = s->revenue;
  r->prev_revenue = s->prev_revenue;
  r->growth = s->has_prev ? an_growth(s->revenue, s->prev_revenue) : an_undef();
  for (guint st = 0; st < s->n_stalls; st++)
    r->receipts += s->st[st].receipts;
  r->city_revenue = s->city_revenue;
  r->city_prev_revenue = s->city_prev_revenue;
  r->city_growth = s->has_prev ? an_growth(s->city_revenue, s->city_prev_revenue) : an_undef();
  r->city_markets = s->city_markets;
  for (guint l = 0; l < s->n_lines; l++) {
    const AnLineSums *sum = &s->ln[l];
    if (sum->revenue != 0 || sum->prev_revenue != 0 || sum->receipts != 0)
      g_ptr_array_add(r->rows, line_row(s, r, l));
  }
  confidence(s, r);
  g_ptr_array_sort(r->rows, row_cmp);
  for (guint i = 0; i < r->rows->len; i++)
    ((AnLineRow *)g_ptr_array_index(r->rows, i))->rank = i + 1;
  return r;
}
