/*
** an-stores.c: the core stores (핵심점포) of one market.
**
** Per stall: revenue and receipts from the stall-day rollup (the receipts'
** totals, net of voids and refunds), growth, average ticket, active days,
** stability, its main line and its relative share there (BCG: its revenue
** over the line leader's), the weight of the market's competitive lines in
** its sales; a composite score, an ABC class, the top N (core) and how
** often the core call holds over resamples of the period's days.
**
** Why stability over active days only: markets and stalls close on fixed
** days (many on the 1st and 3rd Sunday); counting those zeros would call a
** regular stall erratic.  Days open are their own measure (active_days and
** the "regularity" part of the score).
**
** Why ABC counts the stall that crosses the cut in the upper class: with
** 50/30/10/5/3/2 revenue the first two hold 80% exactly and must be A, the
** third starts at 80% and is B.  The test is "revenue before this stall is
** under the cut", in integers (percent x total), so 80% is never 79.999%.
*/
#include "an-int.h"
#include <math.h>
#include <string.h>

/* Rows own only their explanations. */
static void row_free(gpointer p)
{
  AnStoreRow *r = p;
  if (r != NULL)
    an_row_release(r, r->explain);
}

/* Drops the rows, the borrowed code list and the dataset reference. */
void an_stores_report_free(AnStoresReport *r)
{
  if (r == NULL)
    return;
  g_ptr_array_unref(r->competitive_lines);
  an_report_release(r, &r->head, r->rows);
}

/*
** Coefficient of variation (population standard deviation / mean) of the
** daily revenue of the days with receipts, by Welford's update so that a
** year of large figures loses no precision.  Undefined with fewer than two
** such days or a mean that is not positive.
*/
static AnRatio variation(const AnScan *s, guint st, double *mean_out, double *sd_out)
{
  double mean = 0, m2 = 0;
  guint n = 0;
  for (guint d = 0; d < s->n_days; d++) {
    gsize k = (gsize)st * s->n_days + d;
    double x, delta;
    if (s->daily_rcpt[k] <= 0)
      continue;
    x = (double)s->daily_rev[k];
    n++;
    delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  *mean_out = mean;
  *sd_out = n > 0 ? sqrt(m2 / n) : 0;
  if (n < 2 || mean <= 0)
    return an_undef();
  return an_ratio(*sd_out / mean);
}

/* The plain figures first, and why growth is missing when it is. */
static void explain_basics(const AnScan *s, AnStoreRow *row)
{
  char a[AN_NUM_LEN], b[AN_NUM_LEN], c[AN_NUM_LEN];
  an_explain(row->explain, "매출 %s, 영수증 %s건, 객단가 %s, 영업일 %u/%u일.",
             an_fmt_won(a, row->revenue), an_fmt_int(b, row->receipts),
             row->avg_ticket_defined ? an_fmt_won(c, row->avg_ticket) : "없음",
             row->active_days, s->n_days);
  if (!s->has_prev)
    an_explain(row->explain, "비교 기간이 없어 성장률을 계산하지 않았습니다.");
  else if (row->growth.defined)
    an_explain(row->explain, "성장률 %s: 비교 기간 %s → 이번 기간 %s.",
               an_fmt_pct(a, row->growth, TRUE), an_fmt_won(b, row->prev_revenue),
               an_fmt_won(c, row->revenue));
  else
    an_explain(row->explain, "비교 기간 매출이 %s이라 성장률은 정의되지 않습니다.",
               an_fmt_won(a, row->prev_revenue));
}

/*
** Where a stall stands among the market's lines, kept for the resamples:
** its main line and what counts for the "competitive" score part.
*/
typedef struct {
  gint main_line;               /* -1: no line revenue */
  AnRatio contested;            /* the competitive part (see line_position) */
} StallPosition;

/*
** Main line, relative share, weight of the competitive lines.  A stall that
** is the only seller of a line is measured against nobody there: its
** relative share is 1 by construction and, when the line is competitive,
** the line's LQ is its own sales.  So the score's "relative" part leaves
** out a sole seller (sole_seller), and its "competitive" part (contested)
** counts only competitive lines other stalls of the market sell too, over
** the stall's revenue outside the lines it alone sells.  The row's
** relative_share and competitive_weight keep their plain meaning.
*/
static void line_position(const AnScan *s, const gboolean *competitive,
                          const int64_t *leader, const guint *sellers, guint st,
                          AnStoreRow *row, StallPosition *pos)
{
  const int64_t *mine = s->stall_line + (gsize)st * s->n_lines;
  int64_t best = 0, in_comp = 0, positive = 0, contested_comp = 0, alone = 0;
  gint main_line = -1;
  for (guint l = 0; l < s->n_lines; l++) {
    if (mine[l] <= 0)
      continue;
    positive += mine[l];
    if (sellers[l] <= 1)
      alone += mine[l];
    if (competitive[l]) {
      in_comp += mine[l];
      if (sellers[l] > 1)
        contested_comp += mine[l];
    }
    if (mine[l] > best) {
      best = mine[l];
      main_line = (gint)l;
    }
  }
  row->relative_share = an_undef();
  row->competitive_weight = positive > 0 ? an_div(in_comp, positive) : an_undef();
  pos->contested = positive - alone > 0 ? an_div(contested_comp, positive - alone) : an_undef();
  pos->main_line = main_line;
  if (main_line >= 0) {
    row->main_line = an_dataset_line(s->ds, (guint)main_line)->code;
    row->main_line_name = an_dataset_line(s->ds, (guint)main_line)->name_ko;
    row->relative_share = an_div(best, leader[main_line]);
    row->sole_seller = sellers[main_line] <= 1;
  }
}

/* Stability, main line and competitive lines, with their inputs. */
static void explain_position(const AnStoresReport *r, AnStoreRow *row, const StallPosition *pos,
                             double mean, double sd)
{
  char a[AN_NUM_LEN], b[AN_NUM_LEN], c[AN_NUM_LEN];
  if (row->stability.defined)
    an_explain(row->explain, "안정성(일매출 변동계수) %s: 영업일 평균 %s, 표준편차 %s "
               "(낮을수록 안정).", an_fmt_num(a, row->stability, 2),
               an_fmt_won(b, (int64_t)llround(mean)), an_fmt_won(c, (int64_t)llround(sd)));
  else
    an_explain(row->explain, "영업일이 2일 미만이거나 매출이 없어 안정성을 계산하지 않았습니다.");
  if (row->main_line != NULL && row->sole_seller) {
    an_explain(row->explain, "주력 상품군 %s을(를) 시장에서 혼자 팝니다: 겨룰 점포가 없어 "
               "상대 점유율은 점수에서 뺐습니다.", row->main_line_name);
  } else if (row->main_line != NULL && row->relative_share.defined) {
    if (row->relative_share.value >= 1.0)
      an_explain(row->explain, "주력 상품군 %s에서 시장 1위 점포입니다.", row->main_line_name);
    else
      an_explain(row->explain, "주력 상품군 %s: 1위 점포 대비 상대 점유율 %s.", row->main_line_name,
                 an_fmt_num(a, row->relative_share, 2));
  }
  if (r->competitive_lines->len == 0)
    an_explain(row->explain, "이 기간 시장에 경쟁력 상품군이 없습니다.");
  else if (row->competitive_weight.defined)
    an_explain(row->explain, "경쟁력 상품군 매출 비중 %s.",
               an_fmt_pct(a, row->competitive_weight, FALSE));
  if (row->competitive_weight.defined
      && (!pos->contested.defined || pos->contested.value != row->competitive_weight.value))
    an_explain(row->explain, "혼자 파는 상품군은 경쟁력 부분 점수에서 뺐습니다(그 LQ는 이 점포 "
               "자신의 매출이므로): 다른 점포와 함께 파는 경쟁력 상품군의 비중 %s.",
               an_fmt_pct(a, pos->contested, FALSE));
}

/*
** Six parts, each 0..1, weighted (docs/ANALYTICS.md); no sales, no score.
** Reads only the row's figures and pos, so a resample scores a scratch row.
*/
static void score(const AnScan *s, int64_t leader_revenue, const StallPosition *pos,
                  AnStoreRow *row)
{
  const AnConfig *c = &s->q.config;
  AnRatio size = leader_revenue > 0 ? an_ratio(an_clamp01((double)row->revenue
                                                          / (double)leader_revenue))
                                    : an_undef();
  AnRatio growth = row->growth.defined
                   ? an_ratio(an_clamp01((row->growth.value + c->growth_cap) / (2 * c->growth_cap)))
                   : an_undef();
  AnRatio stab = row->stability.defined ? an_ratio(an_clamp01(1.0 - row->stability.value / c->cv_cap))
                                        : an_undef();
  AnRatio rel = row->relative_share.defined && !row->sole_seller ? an_ratio(an_clamp01(row->relative_share.value))
                                            : an_undef();
  AnScorePart parts[AN_SCORE_PARTS] = {
    { "size", "규모", size, c->ws_size },
    { "growth", "성장", growth, c->ws_growth },
    { "stability", "안정성", stab, c->ws_stability },
    { "regularity", "영업일", an_div(row->active_days, s->n_days), c->ws_regularity },
    { "competitive", "경쟁력 상품군", pos->contested, c->ws_competitive },
    { "relative", "상대 점유율", rel, c->ws_relative },
  };
  memcpy(row->parts, parts, sizeof parts);
  row->score = row->revenue > 0 ? an_score(row->parts, AN_SCORE_PARTS) : an_undef();
}

/* Score order; stalls without a score last, by revenue, then code. */
static gint rank_cmp(gconstpointer a, gconstpointer b)
{
  const AnStoreRow *x = *(const AnStoreRow *const *)a, *y = *(const AnStoreRow *const *)b;
  return an_score_order(x->score, x->revenue, x->code, y->score, y->revenue, y->code);
}

/* Revenue order for ABC; code for ties. */
static gint revenue_cmp(gconstpointer a, gconstpointer b)
{
  const AnStoreRow *x = *(const AnStoreRow *const *)a, *y = *(const AnStoreRow *const *)b;
  if (x->revenue != y->revenue)
    return x->revenue > y->revenue ? -1 : 1;
  return strcmp(x->code, y->code);
}

/* Pareto classes by revenue, integers only (see the file comment). */
static void abc(const AnStoresReport *r, const AnConfig *c)
{
  g_autoptr(GPtrArray) by_rev = an_borrowed_copy(r->rows);
  int64_t total = 0, before = 0;
  char a[AN_NUM_LEN];
  g_ptr_array_sort(by_rev, revenue_cmp);
  for (guint i = 0; i < by_rev->len; i++) {
    const AnStoreRow *row = g_ptr_array_index(by_rev, i);
    if (row->revenue > 0)
      total += row->revenue;
  }
  for (guint i = 0; i < by_rev->len; i++) {
    AnStoreRow *row = g_ptr_array_index(by_rev, i);
    AnRatio cum = an_div(before, total);
    if (row->revenue <= 0 || total <= 0)
      row->abc = 'C';
    else if (before * 100 < (int64_t)c->abc_a_pct * total)
      row->abc = 'A';
    else if (before * 100 < (int64_t)(c->abc_a_pct + c->abc_b_pct) * total)
      row->abc = 'B';
    else
      row->abc = 'C';
    if (row->revenue <= 0 || total <= 0)
      an_explain(row->explain, "ABC %c: 이 기간 매출이 없습니다.", row->abc);
    else
      an_explain(row->explain, "ABC %c: 매출 %u위, 앞선 점포들의 누적 비중 %s (A < %d%%, "
                 "B < %d%%).", row->abc, i + 1, an_fmt_pct(a, cum, FALSE), c->abc_a_pct,
                 c->abc_a_pct + c->abc_b_pct);
    if (row->revenue > 0)
      before += row->revenue;
  }
}

/* A given lines report must answer exactly this query. */
static gboolean same_question(const AnQuery *a, const AnQuery *b)
{
  return a->market == b->market && a->period.from == b->period.from
         && a->period.to == b->period.to && a->compare == b->compare
         && (a->compare == AN_COMPARE_NONE || (a->compare_period.from == b->compare_period.from
                                              && a->compare_period.to == b->compare_period.to));
}

/* Which lines are competitive, from a lines report of the same question. */
static gboolean competitive_set(AnDataset *ds, const AnQuery *q, const AnLinesReport *given,
                                gboolean *competitive, GPtrArray *codes, GError **error)
{
  g_autoptr(AnLinesReport) own = NULL;
  const AnLinesReport *lines = given;
  if (lines == NULL) {
    /* only the verdicts are read: the lines' confidence would be resampled
    ** for nothing (a third of a stores report of a year) */
    AnQuery verdicts_only = *q;
    verdicts_only.config.resamples = 0;
    own = an_lines_rank(ds, &verdicts_only, error);
    if (own == NULL)
      return FALSE;
    lines = own;
  } else if (lines->head.ds != ds || !same_question(&lines->head.query, q)) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                "the lines report answers another dataset, market or period");
    return FALSE;
  }
  for (guint i = 0; i < lines->rows->len; i++) {
    const AnLineRow *l = g_ptr_array_index(lines->rows, i);
    if (l->verdict == AN_VERDICT_COMPETITIVE) {
      competitive[l->line] = TRUE;
      g_ptr_array_add(codes, (gpointer)l->code);
    }
  }
  return TRUE;
}

/* Core order of a resample: score, then revenue, then code (as rank_cmp). */
typedef struct {
  AnRatio score;
  int64_t revenue;
  const char *code;
  guint local;
} Scored;

static gint scored_cmp(gconstpointer a, gconstpointer b)
{
  const Scored *x = a, *y = b;
  return an_score_order(x->score, x->revenue, x->code, y->score, y->revenue, y->code);
}

/*
** One stall's takings over a resample's days: revenue (won, integers), days
** open and the sums of the coefficient of variation over the drawn open
** days, each day as often as drawn.
*/
typedef struct {
  int64_t revenue;
  double open, sum, sum2;
} Drawn;

/*
** The stalls' days day-major, [n_days x n_stalls], for drawn_all: revenue,
** and an open day's revenue as a double with 1 for the day (0 and 0 on a
** day without receipts).  Built once per report and read by every
** resample, whose days are then whole rows of the stalls.
*/
typedef struct {
  int64_t *rev;
  double *open_x, *open;
} DayMajor;

static void day_major_init(const AnScan *s, DayMajor *m)
{
  const gsize n = (gsize)s->n_days * s->n_stalls + 1;
  m->rev = g_new0(int64_t, n);
  m->open_x = g_new0(double, n);
  m->open = g_new0(double, n);
  for (guint st = 0; st < s->n_stalls; st++)
    for (guint d = 0; d < s->n_days; d++) {
      const gsize from = (gsize)st * s->n_days + d, to = (gsize)d * s->n_stalls + st;
      m->rev[to] = s->daily_rev[from];
      if (s->daily_rcpt[from] > 0) {
        m->open_x[to] = (double)s->daily_rev[from];
        m->open[to] = 1;
      }
    }
}

static void day_major_clear(DayMajor *m)
{
  g_free(m->rev);
  g_free(m->open_x);
  g_free(m->open);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(DayMajor, day_major_clear)

/*
** Every stall's takings over one resample's days, into the columns
** rev/open/sum/sum2 [n_stalls].  A day not drawn is skipped whole; a drawn
** day adds one contiguous row to all stalls (vectorised), a closed day
** adding zeros.  Each stall still adds its days in day order with the same
** products as one stall at a time would ((count x value) x value for the
** squares), so the doubles, and hence every score and core call, are the
** same to the bit; the revenue is integers, exact in any order.
*/
static void drawn_all(const AnScan *s, const DayMajor *m, const guint32 *counts, int64_t *rev,
                      double *open, double *sum, double *sum2)
{
  const guint n = s->n_stalls;
  memset(rev, 0, sizeof *rev * n);
  memset(open, 0, sizeof *open * n);
  memset(sum, 0, sizeof *sum * n);
  memset(sum2, 0, sizeof *sum2 * n);
  for (guint d = 0; d < s->n_days; d++) {
    const int64_t c = counts[d];
    const double cd = (double)counts[d];
    const int64_t *r = m->rev + (gsize)d * n;
    const double *x = m->open_x + (gsize)d * n, *o = m->open + (gsize)d * n;
    if (c == 0)
      continue;
    for (guint st = 0; st < n; st++) {
      const double t = cd * x[st];
      rev[st] += c * r[st];
      open[st] += cd * o[st];
      sum[st] += t;
      sum2[st] += t * x[st];
    }
  }
}

/*
** A stall's figures in a resample, in a scratch row: revenue and growth
** from its drawn takings, days open and stability over the drawn open
** days, its main line's revenue re-weighed by its takings against the
** re-weighed leader.  What the scan cannot resample stays: the comparison
** period, the competitive lines, the stall's line mix.
*/
static void resampled_row(const AnScan *s, guint st, const Drawn *w, const int64_t *leader,
                          const StallPosition *pos, const AnStoreRow *real, AnStoreRow *tmp)
{
  memset(tmp, 0, sizeof *tmp);
  tmp->revenue = w->revenue;
  tmp->growth = s->has_prev ? an_growth(w->revenue, s->st[st].prev_revenue) : an_undef();
  tmp->active_days = (guint)w->open;
  tmp->stability = an_undef();
  if (w->open >= 2 && w->sum > 0) {
    double mean = w->sum / w->open, var = w->sum2 / w->open - mean * mean;
    tmp->stability = an_ratio(sqrt(var > 0 ? var : 0) / mean);
  }
  tmp->sole_seller = real->sole_seller;
  tmp->relative_share = an_undef();
  if (pos->main_line >= 0) {
    int64_t mine = an_resample_scale(s->stall_line[(gsize)st * s->n_lines + (guint)pos->main_line],
                                     w->revenue, s->st[st].revenue);
    tmp->relative_share = an_div(mine, leader[pos->main_line]);
  }
}

/*
** Confidence of the core calls (docs/ANALYTICS.md): each resample of the
** period's days scores every stall again and takes the top N; a stall's
** confidence is the share of resamples in which its core status is the
** report's.
*/
static void core_confidence(const AnScan *s, const AnStoresReport *r, const StallPosition *pos)
{
  const AnConfig *c = &s->q.config;
  guint n_res = 0;
  g_autofree guint32 *counts = an_resample_days(s, &n_res);
  g_autofree Drawn *drawn = NULL;
  g_auto(DayMajor) days = {NULL, NULL, NULL};
  g_autofree int64_t *d_rev = NULL;
  g_autofree double *d_open = NULL, *d_sum = NULL, *d_sum2 = NULL;
  g_autofree int64_t *leader = NULL;
  g_autofree gboolean *main_of_some = NULL;
  g_autofree guint *agree = NULL;
  g_autofree Scored *scored = NULL;
  g_autofree AnStoreRow **by_local = NULL;
  g_autofree gboolean *core = NULL;
  if (counts == NULL)
    return;
  drawn = g_new0(Drawn, s->n_stalls + 1);
  day_major_init(s, &days);
  d_rev = g_new0(int64_t, s->n_stalls + 1);
  d_open = g_new0(double, s->n_stalls + 1);
  d_sum = g_new0(double, s->n_stalls + 1);
  d_sum2 = g_new0(double, s->n_stalls + 1);
  leader = g_new0(int64_t, s->n_lines + 1);
  main_of_some = g_new0(gboolean, s->n_lines + 1);
  for (guint st = 0; st < s->n_stalls; st++)
    if (pos[st].main_line >= 0)
      main_of_some[pos[st].main_line] = TRUE;
  agree = g_new0(guint, s->n_stalls + 1);
  scored = g_new0(Scored, s->n_stalls + 1);
  core = g_new0(gboolean, s->n_stalls + 1);
  by_local = g_new0(AnStoreRow *, s->n_stalls + 1);
  for (guint i = 0; i < r->rows->len; i++) {
    AnStoreRow *row = g_ptr_array_index(r->rows, i);
    by_local[s->local[row->stall]] = row;
  }
  for (guint k = 0; k < n_res; k++) {
    const guint32 *ck = counts + (gsize)k * s->n_days;
    int64_t leader_revenue = 0;
    guint n_core = 0;
    memset(leader, 0, sizeof(int64_t) * (s->n_lines + 1));
    drawn_all(s, &days, ck, d_rev, d_open, d_sum, d_sum2);
    for (guint st = 0; st < s->n_stalls; st++) {
      const int64_t *mine = s->stall_line + (gsize)st * s->n_lines;
      drawn[st] = (Drawn){ d_rev[st], d_open[st], d_sum[st], d_sum2[st] };
      leader_revenue = MAX(leader_revenue, drawn[st].revenue);
      for (guint l = 0; l < s->n_lines; l++)
        if (mine[l] > 0 && main_of_some[l])
          leader[l] = MAX(leader[l], an_resample_scale(mine[l], drawn[st].revenue,
                                                       s->st[st].revenue));
    }
    for (guint st = 0; st < s->n_stalls; st++) {
      AnStoreRow tmp;
      resampled_row(s, st, &drawn[st], leader, &pos[st], by_local[st], &tmp);
      score(s, leader_revenue, &pos[st], &tmp);
      scored[st] = (Scored){ tmp.score, tmp.revenue, by_local[st]->code, st };
      core[st] = FALSE;
    }
    qsort(scored, s->n_stalls, sizeof *scored, scored_cmp);
    for (guint i = 0; i < s->n_stalls && n_core < (guint)c->top_n; i++)
      if (scored[i].score.defined) {
        core[scored[i].local] = TRUE;
        n_core++;
      }
    for (guint st = 0; st < s->n_stalls; st++)
      agree[st] += core[st] == by_local[st]->core;
  }
  for (guint st = 0; st < s->n_stalls; st++) {
    AnStoreRow *row = by_local[st];
    char a[AN_NUM_LEN];
    row->confidence = an_div(agree[st], n_res);
    row->fragile = row->confidence.value < c->fragile_below;
    an_explain(row->explain, row->fragile
               ? "신뢰도 %s: 기간의 날짜를 다시 뽑은 %u회 중 %u회만 %s이었던 불안정한 판정입니다."
               : "신뢰도 %s: 기간의 날짜를 다시 뽑은 %u회 중 %u회 %s.",
               an_fmt_pct(a, row->confidence, FALSE), n_res, agree[st],
               row->core ? "핵심점포" : "핵심점포 아님");
  }
}

/* Leaders of each line and of the market first, then one row per stall. */
AnStoresReport *an_stores_rank(AnDataset *ds, const AnQuery *q,
                               const AnLinesReport *lines, GError **error)
{
  g_autoptr(AnScan) s = an_scan_new(ds, q, AN_SCAN_LINES | AN_SCAN_STALL_LINES | AN_SCAN_DAYS,
                                    error);
  g_autofree gboolean *competitive = NULL;
  g_autofree int64_t *leader = NULL;
  g_autofree guint *sellers = NULL;
  g_autofree StallPosition *pos = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new();
  int64_t leader_revenue = 0;
  guint core = 0;
  AnStoresReport *r;
  if (s == NULL)
    return NULL;
  competitive = g_new0(gboolean, s->n_lines + 1);
  if (!competitive_set(ds, q, lines, competitive, codes, error))
    return NULL;
  leader = g_new0(int64_t, s->n_lines + 1);
  sellers = g_new0(guint, s->n_lines + 1);
  pos = g_new0(StallPosition, s->n_stalls + 1);
  for (guint st = 0; st < s->n_stalls; st++) {
    for (guint l = 0; l < s->n_lines; l++) {
      int64_t v = s->stall_line[(gsize)st * s->n_lines + l];
      leader[l] = MAX(leader[l], v);
      sellers[l] += v > 0;
    }
    leader_revenue = MAX(leader_revenue, s->st[st].revenue);
  }
  r = g_new0(AnStoresReport, 1);
  an_head_init(&r->head, ds, q);
  r->rows = g_ptr_array_new_with_free_func(row_free);
  r->competitive_lines = g_steal_pointer(&codes);
  for (guint st = 0; st < s->n_stalls; st++) {
    const AnStallSums *sum = &s->st[st];
    AnStoreRow *row = g_new0(AnStoreRow, 1);
    double mean = 0, sd = 0;
    AN_STALL_HEAD_FILL(s, st, row);
    row->stability = variation(s, st, &mean, &sd);
    line_position(s, competitive, leader, sellers, st, row, &pos[st]);
    score(s, leader_revenue, &pos[st], row);
    explain_basics(s, row);
    explain_position(r, row, &pos[st], mean, sd);
    row->confidence = an_undef();
    r->revenue += sum->revenue;
    r->prev_revenue += sum->prev_revenue;
    g_ptr_array_add(r->rows, row);
  }
  r->growth = s->has_prev ? an_growth(r->revenue, r->prev_revenue) : an_undef();
  g_ptr_array_sort(r->rows, rank_cmp);
  abc(r, &q->config);
  for (guint i = 0; i < r->rows->len; i++) {
    AnStoreRow *row = g_ptr_array_index(r->rows, i);
    char a[AN_NUM_LEN];
    row->rank = i + 1;
    row->core = row->score.defined && core < (guint)q->config.top_n;
    if (row->core) {
      core++;
      an_explain(row->explain, "핵심점포: 점수 %s로 %u위 (시장별 상위 %d곳).",
                 an_fmt_num(a, row->score, 1), row->rank, q->config.top_n);
    } else if (row->score.defined) {
      an_explain(row->explain, "점수 %s/100, %u위.", an_fmt_num(a, row->score, 1), row->rank);
    }
  }
  core_confidence(s, r, pos);
  return r;
}
