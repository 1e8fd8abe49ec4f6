/*
** an-impact.c: the impact of one engagement, a difference-in-differences
** of daily revenue against matched control stalls (an-impact.h).
**
** One scan of the market (an-scan.c) over the whole window gives each
** stall's revenue by day and by line.  Matching, the effect, the bootstrap
** and the pre-trend then only read two per-day sums, the treated group's
** and the controls', so the resampling costs resamples x days whatever the
** number of stalls.
**
** Why the ratio of ratios: a helped stall and its controls differ in size,
** so their levels are not comparable, but their growth is.  Dividing the
** treated group's growth by the controls' takes out what moved the whole
** market (a holiday, the weather, a city-wide slump) and leaves what
** changed for the helped stalls only.
**
** Why resample days: stalls of one market share each day's weather and
** footfall, so a day is the unit that varies.  Each resample draws the pre
** days and the post days again with replacement, keeping both groups'
** figures of a day together, and measures the effect again; the 5th and
** 95th percentiles of those effects are the 90 % interval.  GRand is
** seeded with a constant: the interval is reproducible to the last digit.
*/
#include "an-impact.h"
#include "an-int.h"
#include <math.h>
#include <string.h>

gboolean an_impact_window(const char *start, const char *to, AnPeriod *window, GError **error)
{
  AnDay s, t;
  if (start == NULL || to == NULL || !an_day_parse(start, &s) || !an_day_parse(to, &t)) {
    g_set_error_literal(error, AN_ERROR, AN_ERROR_INVALID,
                        "the start and the last day must be days YYYY-MM-DD");
    return FALSE;
  }
  if (t - s + 1 < AN_IMPACT_MIN_POST_DAYS) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                "too early: the report needs at least %d days from the start %s to %s",
                AN_IMPACT_MIN_POST_DAYS, start, to);
    return FALSE;
  }
  if (t - s + 1 + AN_IMPACT_PRE_DAYS > AN_PERIOD_MAX_DAYS) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "the period after the start is too long");
    return FALSE;
  }
  window->from = s - AN_IMPACT_PRE_DAYS;
  window->to = t;
  return TRUE;
}

static void match_free(AnImpactMatch *m)
{
  if (m->controls)
    g_ptr_array_unref(m->controls);
  g_free(m);
}

void an_impact_report_free(AnImpactReport *r)
{
  if (r == NULL)
    return;
  g_clear_pointer(&r->matches, g_ptr_array_unref);
  g_clear_pointer(&r->treated, g_ptr_array_unref);
  g_clear_pointer(&r->controls, g_ptr_array_unref);
  g_clear_pointer(&r->weeks, g_array_unref);
  g_clear_pointer(&r->warnings, g_ptr_array_unref);
  g_free(r->label);
  an_report_release(r, &r->head, r->explain);
}

/* What matching reads of one stall of the market. */
typedef struct {
  guint local;
  int64_t pre;          /* revenue over the pre period */
  gint main_line;       /* -1 without line revenue */
  gboolean treated, excluded;
} Candidate;

/* The local stall of a code, or NOT_FOUND. */
static gboolean local_of(const AnScan *s, const char *code, guint *local, GError **error)
{
  guint ix;
  if (!an_dataset_find_stall(s->ds, code, &ix) || s->local[ix] < 0) {
    g_set_error(error, AN_ERROR, AN_ERROR_NOT_FOUND, "no stall %s in market %s", code,
                an_dataset_market(s->ds, s->q.market)->code);
    return FALSE;
  }
  *local = (guint)s->local[ix];
  return TRUE;
}

static Candidate *candidates(const AnScan *s, guint pre_days)
{
  Candidate *c = g_new0(Candidate, s->n_stalls + 1);
  for (guint st = 0; st < s->n_stalls; st++) {
    c[st].local = st;
    for (guint d = 0; d < pre_days; d++)
      c[st].pre += s->daily_rev[(gsize)st * s->n_days + d];
    c[st].main_line = -1;
    int64_t best = 0;
    for (guint l = 0; l < s->n_lines; l++) {
      int64_t v = s->stall_line[(gsize)st * s->n_lines + l];
      if (v > best) {
        best = v;
        c[st].main_line = (gint)l;
      }
    }
  }
  return c;
}

/* |log(size ratio)|: 0 for the same size, symmetric in both directions. */
static double size_distance(int64_t a, int64_t b)
{
  return fabs(log((double)a / (double)b));
}

typedef struct {
  guint local;
  double distance;
} Near;

static gint near_order(gconstpointer a, gconstpointer b)
{
  const Near *x = a, *y = b;
  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return x->local < y->local ? -1 : x->local > y->local;
}

/*
** Up to AN_IMPACT_MAX_CONTROLS untreated, unengaged stalls nearest in pre
** revenue within the size band, of the same main line when any is (else
** of any line, and *same_line says so).
*/
static GArray *nearest(const AnScan *s, const Candidate *c, guint t, gboolean *same_line)
{
  double band = log(AN_IMPACT_SIZE_BAND);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(Near));
  for (int pass = 0; pass < 2 && out->len == 0; pass++) {
    for (guint st = 0; st < s->n_stalls; st++) {
      if (c[st].treated || c[st].excluded || c[st].pre <= 0)
        continue;
      if (pass == 0 && c[st].main_line != c[t].main_line)
        continue;
      double dist = size_distance(c[st].pre, c[t].pre);
      if (dist <= band + 1e-12) {
        Near n = {st, dist};
        g_array_append_val(out, n);
      }
    }
    *same_line = pass == 0;
  }
  g_array_sort(out, near_order);
  if (out->len > AN_IMPACT_MAX_CONTROLS)
    g_array_set_size(out, AN_IMPACT_MAX_CONTROLS);
  return out;
}

/* (T_post / T_pre) / (C_post / C_pre) - 1, undefined unless all are positive. */
static AnRatio did(double t_pre, double t_post, double c_pre, double c_post)
{
  if (t_pre <= 0 || t_post <= 0 || c_pre <= 0 || c_post <= 0)
    return an_undef();
  return an_ratio((t_post / t_pre) / (c_post / c_pre) - 1.0);
}

static gint double_order(gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The bootstrap over days (the file's comment says why days). */
static void bootstrap(AnImpactReport *r, const int64_t *tsum, const int64_t *csum,
                      guint pre_days, guint post_days)
{
  g_autoptr(GArray) effects = g_array_sized_new(FALSE, FALSE, sizeof(double), AN_IMPACT_RESAMPLES);
  GRand *rand = g_rand_new_with_seed(AN_IMPACT_SEED);
  for (guint b = 0; b < AN_IMPACT_RESAMPLES; b++) {
    double t[2] = {0, 0}, c[2] = {0, 0};
    for (guint i = 0; i < pre_days + post_days; i++) {
      gboolean post = i >= pre_days;
      guint d = post ? pre_days + (guint)g_rand_int_range(rand, 0, (gint32)post_days)
                     : (guint)g_rand_int_range(rand, 0, (gint32)pre_days);
      t[post] += (double)tsum[d];
      c[post] += (double)csum[d];
    }
    AnRatio e = did(t[0], t[1], c[0], c[1]);
    if (e.defined)
      g_array_append_val(effects, e.value);
  }
  g_rand_free(rand);
  r->resamples = AN_IMPACT_RESAMPLES;
  r->resamples_used = effects->len;
  if (effects->len < AN_IMPACT_RESAMPLES / 2)
    return;
  g_array_sort(effects, double_order);
  /* nearest rank: the smallest value with at least 5 % (95 %) at or below it */
  double tail = (1.0 - AN_IMPACT_LEVEL) / 2.0;
  guint lo = (guint)ceil(tail * effects->len) - 1;
  guint hi = (guint)ceil((1.0 - tail) * effects->len) - 1;
  r->ci_low = an_ratio(g_array_index(effects, double, lo));
  r->ci_high = an_ratio(g_array_index(effects, double, hi));
}

/*
** The gap g(d) = T(d) / mean T_pre - C(d) / mean C_pre over the pre days:
** both groups at their own pre level, so g hovers around 0 when they move
** together.  Its least-squares slope (per week) with its standard error;
** "not flat" when the slope is both clear (|t| >= 2) and material (the
** gap drifts 5 % of the level or more over the pre period).
*/
static void pre_trend(AnImpactReport *r, const int64_t *tsum, const int64_t *csum,
                      guint pre_days)
{
  double tm = 0, cm = 0;
  for (guint d = 0; d < pre_days; d++) {
    tm += (double)tsum[d];
    cm += (double)csum[d];
  }
  r->pre_trend_flat = TRUE;
  if (tm <= 0 || cm <= 0 || pre_days < 3)
    return;
  tm /= pre_days;
  cm /= pre_days;
  double xm = (pre_days - 1) / 2.0, gm = 0, sxx = 0, sxy = 0;
  double *g = g_new(double, pre_days);
  for (guint d = 0; d < pre_days; d++) {
    g[d] = (double)tsum[d] / tm - (double)csum[d] / cm;
    gm += g[d];
  }
  gm /= pre_days;
  for (guint d = 0; d < pre_days; d++) {
    sxx += (d - xm) * (d - xm);
    sxy += (d - xm) * (g[d] - gm);
  }
  double slope = sxy / sxx, sse = 0;
  for (guint d = 0; d < pre_days; d++) {
    double e = g[d] - gm - slope * (d - xm);
    sse += e * e;
  }
  g_free(g);
  double se = sqrt(sse / (pre_days - 2) / sxx);
  r->pre_trend = an_ratio(slope * 7);
  r->pre_trend_se = an_ratio(se * 7);
  r->pre_trend_flat = !(fabs(slope) >= 2 * se && fabs(slope) * pre_days >= 0.05);
}

/* Weeks from the start backwards and forwards, the last one cut at the end. */
static void weeks(AnImpactReport *r, const int64_t *tsum, const int64_t *csum, guint n_days,
                  guint n_treated, guint n_controls)
{
  r->weeks = g_array_new(FALSE, TRUE, sizeof(AnImpactWeek));
  for (guint d0 = 0; d0 < n_days; d0 += 7) {
    AnImpactWeek w = {r->head.query.period.from + (AnDay)d0, MIN(7u, n_days - d0), 0, 0};
    int64_t t = 0, c = 0;
    for (guint d = d0; d < d0 + w.days; d++) {
      t += tsum[d];
      c += csum[d];
    }
    w.treated = an_div_round(t, (int64_t)n_treated * w.days);
    w.controls = an_div_round(c, (int64_t)n_controls * w.days);
    g_array_append_val(r->weeks, w);
  }
}

/* "A, B, C". Transfer full. */
static char *codes_joined(const GPtrArray *codes)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < codes->len; i++)
    g_string_append_printf(out, "%s%s", i ? ", " : "", (const char *)codes->pdata[i]);
  return g_string_free(out, FALSE);
}

static void explain(AnImpactReport *r)
{
  char a[AN_NUM_LEN], b[AN_NUM_LEN], c[AN_NUM_LEN], d[AN_NUM_LEN];
  g_autofree char *tcodes = codes_joined(r->treated);
  g_autofree char *ccodes = codes_joined(r->controls);
  an_explain(r->explain,
             "지원받은 점포 %u곳(%s)을 지원이 없던 비슷한 점포 %u곳(%s)과 비교했습니다: "
             "주력 상품군이 같고 시작 전 %d일 매출이 절반에서 두 배 사이인 같은 시장의 점포입니다.",
             r->treated->len, tcodes, r->controls->len, ccodes, AN_IMPACT_PRE_DAYS);
  an_explain(r->explain,
             "점포당 하루 평균 매출은 시작 전 %d일 동안 지원 점포 %s, 비교 점포 %s였고, "
             "시작 후 %u일 동안 지원 점포 %s, 비교 점포 %s였습니다.",
             AN_IMPACT_PRE_DAYS, an_fmt_won(a, r->treated_pre), an_fmt_won(b, r->controls_pre),
             an_period_days(r->post), an_fmt_won(c, r->treated_post),
             an_fmt_won(d, r->controls_post));
  if (!r->effect.defined) {
    an_explain(r->explain, "한쪽 무리의 매출이 0이어서 효과를 계산할 수 없습니다.");
    return;
  }
  an_explain(r->explain,
             "비교 점포의 변화만큼을 빼면, 지원 점포의 매출 변화는 %s(점포당 하루 약 %s)입니다.",
             an_fmt_pct(a, r->effect, TRUE), an_fmt_won(b, r->effect_won));
  if (r->ci_low.defined && r->ci_high.defined) {
    gboolean clear = r->ci_low.value > 0 || r->ci_high.value < 0;
    an_explain(r->explain,
               "90%% 구간은 %s ~ %s입니다(날짜를 %u번 다시 뽑아 계산한 부트스트랩, 시드 %u). %s",
               an_fmt_pct(a, r->ci_low, TRUE), an_fmt_pct(b, r->ci_high, TRUE), r->resamples,
               AN_IMPACT_SEED,
               clear ? "구간이 0을 포함하지 않아, 이 차이는 우연보다는 지원과 함께 생긴 변화로 볼 만합니다."
                     : "구간이 0을 포함하므로, 이 차이가 우연일 수 있습니다.");
  }
}

/* Matching: fills matches, treated, controls and the candidates' flags. */
static gboolean match(AnImpactReport *r, const AnScan *s, Candidate *c,
                      const AnImpactQuestion *q, GError **error)
{
  for (guint i = 0; i < q->n_excluded; i++) {
    guint l;
    if (local_of(s, q->excluded[i], &l, NULL))
      c[l].excluded = TRUE;
  }
  g_autoptr(GArray) tl = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < q->n_treated; i++) {
    guint l;
    if (!local_of(s, q->treated[i], &l, error))
      return FALSE;
    c[l].treated = TRUE;
    g_array_append_val(tl, l);
  }
  gboolean *is_control = g_new0(gboolean, s->n_stalls + 1);
  for (guint i = 0; i < tl->len; i++) {
    guint t = g_array_index(tl, guint, i);
    const AnStall *st = an_dataset_stall(s->ds, s->stall_ids[t]);
    if (c[t].pre <= 0) {
      an_explain(r->warnings, "%s은(는) 시작 전 매출이 없어 비교에서 뺐습니다.", st->code);
      continue;
    }
    AnImpactMatch *m = g_new0(AnImpactMatch, 1);
    m->code = st->code;
    m->name = st->name;
    m->main_line = c[t].main_line >= 0 ? an_dataset_line(s->ds, (guint)c[t].main_line)->code
                                       : NULL;
    m->pre_revenue = c[t].pre;
    m->controls = g_ptr_array_new();
    g_autoptr(GArray) near = nearest(s, c, t, &m->same_line);
    for (guint k = 0; k < near->len; k++) {
      guint cl = g_array_index(near, Near, k).local;
      g_ptr_array_add(m->controls, an_dataset_stall(s->ds, s->stall_ids[cl])->code);
      is_control[cl] = TRUE;
    }
    if (near->len == 0) {
      an_explain(r->warnings, "%s과(와) 규모가 비슷한 비교 점포가 없어 비교에서 뺐습니다.",
                 st->code);
      match_free(m);
      continue;
    }
    if (!m->same_line)
      an_explain(r->warnings,
                 "%s과(와) 주력 상품군이 같은 비교 점포가 없어, 규모만 비슷한 다른 상품군 "
                 "점포와 비교했습니다.", st->code);
    g_ptr_array_add(r->matches, m);
    g_ptr_array_add(r->treated, (gpointer)st->code);
  }
  for (guint st = 0; st < s->n_stalls; st++)
    if (is_control[st])
      g_ptr_array_add(r->controls, an_dataset_stall(s->ds, s->stall_ids[st])->code);
  g_free(is_control);
  if (r->treated->len == 0) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                "no stall of engagement %" G_GINT64_FORMAT " could be matched with a control"
                " stall (same market, no engagement, revenue before the start)",
                q->engagement_id);
    return FALSE;
  }
  return TRUE;
}

/* The groups' revenue by day of the window, summed over their stalls. */
static void group_sums(const AnScan *s, const AnImpactReport *r, int64_t *tsum, int64_t *csum)
{
  const GPtrArray *groups[2] = {r->treated, r->controls};
  int64_t *sums[2] = {tsum, csum};
  for (guint g = 0; g < 2; g++)
    for (guint i = 0; i < groups[g]->len; i++) {
      guint ix, st;
      an_dataset_find_stall(s->ds, groups[g]->pdata[i], &ix);
      st = (guint)s->local[ix];
      for (guint d = 0; d < s->n_days; d++)
        sums[g][d] += s->daily_rev[(gsize)st * s->n_days + d];
    }
}

AnImpactReport *an_impact_measure(AnDataset *ds, const AnImpactQuestion *q, GError **error)
{
  AnPeriod window;
  char from[AN_DAY_ISO_LEN];
  if (!an_impact_window(q->start, q->to, &window, error))
    return NULL;
  an_day_format(window.from, from);
  AnQuery query;
  if (!an_query_init(&query, ds, q->market_code, from, q->to, AN_COMPARE_NONE, NULL, error))
    return NULL;
  g_autoptr(AnScan) s =
    an_scan_new(ds, &query, AN_SCAN_LINES | AN_SCAN_STALL_LINES | AN_SCAN_DAYS, error);
  if (s == NULL)
    return NULL;
  AnImpactReport *r = g_new0(AnImpactReport, 1);
  an_head_init(&r->head, ds, &query);
  r->explain = g_ptr_array_new_with_free_func(g_free);
  r->warnings = g_ptr_array_new_with_free_func(g_free);
  r->matches = g_ptr_array_new_with_free_func((GDestroyNotify)match_free);
  r->treated = g_ptr_array_new();
  r->controls = g_ptr_array_new();
  r->engagement_id = q->engagement_id;
  r->label = g_strdup(q->label ? q->label : "");
  r->start = window.from + AN_IMPACT_PRE_DAYS;
  r->pre = (AnPeriod){window.from, r->start - 1};
  r->post = (AnPeriod){r->start, window.to};
  guint pre_days = AN_IMPACT_PRE_DAYS, post_days = s->n_days - pre_days;
  g_autofree Candidate *c = candidates(s, pre_days);
  if (!match(r, s, c, q, error)) {
    an_impact_report_free(r);
    return NULL;
  }
  g_autofree int64_t *tsum = g_new0(int64_t, s->n_days);
  g_autofree int64_t *csum = g_new0(int64_t, s->n_days);
  group_sums(s, r, tsum, csum);
  int64_t t[2] = {0, 0}, k[2] = {0, 0};
  for (guint d = 0; d < s->n_days; d++) {
    t[d >= pre_days] += tsum[d];
    k[d >= pre_days] += csum[d];
  }
  int64_t nt = r->treated->len, nc = r->controls->len;
  r->treated_pre = an_div_round(t[0], nt * pre_days);
  r->treated_post = an_div_round(t[1], nt * post_days);
  r->controls_pre = an_div_round(k[0], nc * pre_days);
  r->controls_post = an_div_round(k[1], nc * post_days);
  r->effect = did((double)t[0], (double)t[1], (double)k[0], (double)k[1]);
  if (r->effect.defined) {
    /* what the treated stalls made after the start against what they would
       have made: their pre total grown as the controls' grew, in integers */
    int64_t expected = an_muldiv_round(t[0], k[1], k[0]);
    r->effect_won = an_div_round(t[1] - expected, nt * post_days);
  }
  r->ci_low = r->ci_high = an_undef();
  bootstrap(r, tsum, csum, pre_days, post_days);
  pre_trend(r, tsum, csum, pre_days);
  if (!r->pre_trend_flat) {
    char a[AN_NUM_LEN];
    an_explain(r->warnings,
               "시작 전에도 두 무리의 격차가 한 주에 %s씩 움직였습니다: 지원 전부터 달랐던 "
               "흐름이 효과에 섞였을 수 있으니 조심해서 읽으십시오.",
               an_fmt_pct(a, r->pre_trend, TRUE));
  }
  weeks(r, tsum, csum, s->n_days, (guint)nt, (guint)nc);
  explain(r);
  return r;
}
