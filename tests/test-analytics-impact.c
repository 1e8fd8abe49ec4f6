/*
** test-analytics-impact.c: the impact measure of an-impact.h on datasets
** built by hand, where every figure is known exactly: the effect and its
** won, the interval of a steady market (every resample the same), the
** matching's rules (the size band, the fallback to another line, stalls of
** engagements never controls) and its refusals.  The planted market
** through the hub is test-hub-impact.
*/
#include "analytics-testutil.h"
#include "an-impact.h"
#include <math.h>
#include <string.h>

#define START "2026-03-02"
#define TO "2026-03-29"          /* 28 days after the start */

typedef struct {
  const char *code, *line;
  int64_t pre, post;             /* won a day before and after the start */
} Plant;

/* A market M of the plants, 56 days before START to TO, one line each. */
static AnDataset *market(const Plant *plants, guint n)
{
  static const char *const lines[][2] = {{"FISH", "수산물"}, {"VEG", "채소"}};
  g_autoptr(GError) e = NULL;
  AnDataset *ds = an_dataset_new();
  g_assert_true(an_dataset_add_market(ds, "M", "시장", NULL, &e));
  atu_add_lines(ds, lines, G_N_ELEMENTS(lines));
  AnDay start = atu_day(START), to = atu_day(TO);
  for (guint i = 0; i < n; i++) {
    guint ix, line;
    g_assert_true(an_dataset_add_stall(ds, plants[i].code, NULL, "M", 0, &ix, &e));
    g_assert_true(an_dataset_find_line(ds, plants[i].line, &line));
    int64_t sum = 0;
    for (AnDay d = start - AN_IMPACT_PRE_DAYS; d <= to; d++) {
      int64_t won = d < start ? plants[i].pre : plants[i].post;
      atu_stall_day(ds, plants[i].code, d, won, 10);
      sum += won;
    }
    AnLineDay ld = {ix, line, start, sum, 1000, 1, 1};
    g_assert_true(an_dataset_add_line_day(ds, &ld, &e));
  }
  return ds;
}

static AnImpactReport *measure(AnDataset *ds, const char *const *treated, guint n_treated,
                               const char *const *excluded, guint n_excluded, const char *to,
                               GError **error)
{
  AnImpactQuestion q = {7, "시범", "M", START, to, treated, n_treated, excluded, n_excluded};
  return an_impact_measure(ds, &q, error);
}

static char *joined(const GPtrArray *codes)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < codes->len; i++)
    g_string_append_printf(s, "%s%s", i ? "," : "", (const char *)codes->pdata[i]);
  return g_string_free(s, FALSE);
}

/*
** Treated 100,000 -> 130,000 a day, controls 100,000 -> 110,000: the
** helped stalls grew 1.3 / 1.1 of the controls' growth, +18.18 %, which
** is 20,000 won a day against the 110,000 they would have made.  Steady
** days: every resample gives the same effect, the interval is that point.
*/
static void test_exact_effect(void)
{
  static const Plant plants[] = {{"T", "FISH", 100000, 130000}, {"C1", "FISH", 90000, 99000},
                                 {"C2", "FISH", 110000, 121000}};
  g_autoptr(AnDataset) ds = market(plants, G_N_ELEMENTS(plants));
  static const char *const treated[] = {"T"};
  g_autoptr(GError) e = NULL;
  g_autoptr(AnImpactReport) r = measure(ds, treated, 1, treated, 1, TO, &e);
  g_assert_no_error(e);
  g_assert_true(r->effect.defined);
  g_assert_cmpfloat_with_epsilon(r->effect.value, 1.3 / 1.1 - 1, 1e-12);
  g_assert_cmpint(r->effect_won, ==, 20000);
  g_assert_cmpint(r->treated_pre, ==, 100000);
  g_assert_cmpint(r->treated_post, ==, 130000);
  g_assert_cmpint(r->controls_pre, ==, 100000);
  g_assert_cmpint(r->controls_post, ==, 110000);
  g_assert_cmpfloat_with_epsilon(r->ci_low.value, r->effect.value, 1e-12);
  g_assert_cmpfloat_with_epsilon(r->ci_high.value, r->effect.value, 1e-12);
  g_assert_cmpuint(r->resamples_used, ==, AN_IMPACT_RESAMPLES);
  g_assert_true(r->pre_trend_flat);
  g_assert_cmpfloat_with_epsilon(r->pre_trend.value, 0, 1e-12);
  g_autofree char *c = joined(r->controls);
  g_assert_cmpstr(c, ==, "C1,C2");
  g_assert_cmpuint(r->weeks->len, ==, 12);
  const AnImpactWeek *last = &g_array_index(r->weeks, AnImpactWeek, 11);
  g_assert_cmpint(last->treated, ==, 130000);
  g_assert_cmpint(last->controls, ==, 110000);
  g_assert_cmpuint(r->warnings->len, ==, 0);
  g_assert_cmpuint(r->explain->len, ==, 4);
  g_autofree char *json = an_impact_to_json(r);
  g_assert_nonnull(strstr(json, "\"effect_won_per_day\":20000"));
  g_assert_nonnull(strstr(json, "\"treated\":[\"T\"],\"controls\":[\"C1\",\"C2\"]"));
  g_autoptr(GBytes) pdf = an_impact_pdf_bytes(r, &e);
  g_assert_no_error(e);
  g_assert_cmpmem(g_bytes_get_data(pdf, NULL), 5, "%PDF-", 5);
}

/*
** The band and the rules: a stall three times bigger, one of another
** engagement and one of another line are passed over while a same-line
** stall of the right size exists; with only the other line left, it is
** taken, with a warning.
*/
static void test_matching_rules(void)
{
  static const Plant plants[] = {{"T", "FISH", 100000, 120000}, {"BIG", "FISH", 300000, 300000},
                                 {"E", "FISH", 100000, 100000}, {"V", "VEG", 100000, 100000},
                                 {"C", "FISH", 120000, 120000}};
  g_autoptr(AnDataset) ds = market(plants, G_N_ELEMENTS(plants));
  static const char *const treated[] = {"T"}, *const engaged[] = {"T", "E"};
  g_autoptr(GError) e = NULL;
  g_autoptr(AnImpactReport) r = measure(ds, treated, 1, engaged, 2, TO, &e);
  g_assert_no_error(e);
  g_autofree char *c = joined(r->controls);
  g_assert_cmpstr(c, ==, "C");
  const AnImpactMatch *m = g_ptr_array_index(r->matches, 0);
  g_assert_true(m->same_line);
  g_assert_cmpstr(m->main_line, ==, "FISH");
  g_assert_cmpint(m->pre_revenue, ==, 100000 * AN_IMPACT_PRE_DAYS);
  static const char *const engaged2[] = {"T", "E", "C"};
  g_autoptr(AnImpactReport) r2 = measure(ds, treated, 1, engaged2, 3, TO, &e);
  g_assert_no_error(e);
  g_autofree char *c2 = joined(r2->controls);
  g_assert_cmpstr(c2, ==, "V");
  g_assert_false(((AnImpactMatch *)g_ptr_array_index(r2->matches, 0))->same_line);
  g_assert_cmpuint(r2->warnings->len, ==, 1);
}

/* No control, too few days, an unknown stall: refused with their codes. */
static void test_refusals(void)
{
  static const Plant plants[] = {{"T", "FISH", 100000, 120000}, {"BIG", "FISH", 300000, 300000}};
  g_autoptr(AnDataset) ds = market(plants, G_N_ELEMENTS(plants));
  static const char *const treated[] = {"T"}, *const unknown[] = {"NOPE"};
  GError *e = NULL;
  g_assert_null(measure(ds, treated, 1, treated, 1, TO, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_null(measure(ds, treated, 1, treated, 1, "2026-03-07", &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_null(measure(ds, unknown, 1, NULL, 0, TO, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_NOT_FOUND);
  g_clear_error(&e);
  AnPeriod w;
  g_assert_true(an_impact_window(START, "2026-03-08", &w, NULL));
  g_assert_cmpint(w.from, ==, atu_day(START) - AN_IMPACT_PRE_DAYS);
  g_assert_false(an_impact_window(START, "2026-03-07", &w, NULL));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/impact/exact-effect", test_exact_effect);
  g_test_add_func("/analytics/impact/matching-rules", test_matching_rules);
  g_test_add_func("/analytics/impact/refusals", test_refusals);
  return g_test_run();
}
