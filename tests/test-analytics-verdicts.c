/*
** test-analytics-verdicts.c: verdicts with their weight (docs/ANALYTICS.md,
** "Product lines", "Core stores", "Confidence").
**
** Two planted markets:
**
** The eroding line.  Market M1 (three stalls, one line each, the same
** takings every day of April 2024) against M2, the rest of the city, April
** compared with March:
**
**   line    M1 Mar -> Apr          M2 Mar -> Apr            city growth  M1 gap
**   SPEC    3,000,000 -> 3,000,000  1,300,000 -> 2,000,000  +16.3%       -16.3 points
**   HOLD    2,500,000 -> 3,000,000  1,700,000 -> 2,000,000  +19.0%       +1.0 point
**   OTHER   4,000,000 -> 4,000,000  30,000,000 -> 30,000,000
**
** SPEC and HOLD have the same LQ (30% of M1 against 5/44 of the city:
** 2.64): HOLD keeps pace with the city and is competitive; SPEC stood still
** while the city's SPEC grew, a competitive effect of -16.3% of its base, so
** it is specialised but losing ground ("eroding").  Steady days: every
** resample sees the same market, so both calls have confidence 1.
**
** The fragile core call.  Market P, April 2024, no comparison, four stalls
** each alone in its line, top 2 core: A sells 1,000,000 every day (the
** clear first), D 100,000 (clearly not core), B and C 500,000 +- up to
** 200,000 a day from a fixed pseudo-random sequence (the same in size, in
** days open and nearly in spread): which of them is second depends on
** which days are drawn, so the report's call for B and C must come out
** fragile, A's and D's solid.
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include "wire-report.h"
#include <cjson/cJSON.h>
#include <string.h>

#define NOW "2024-04-01"
#define BEFORE "2024-03-15"

static AnDataset *eroding_city(void)
{
  AnDataset *ds = an_dataset_new();
  static const struct {
    const char *stall, *line;
    int64_t before, now, ref_before, ref_now;
  } plant[] = {
    { "S1", "SPEC", 3000000, 3000000, 1300000, 2000000 },
    { "S2", "HOLD", 2500000, 3000000, 1700000, 2000000 },
    { "S3", "OTHER", 4000000, 4000000, 30000000, 30000000 },
  };
  AnDay apr = atu_day(NOW);
  g_assert_true(an_dataset_add_market(ds, "M1", "특화시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "M2", "이웃시장", NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "REF", NULL, "M2", 0, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(plant); i++) {
    g_assert_true(an_dataset_add_line(ds, plant[i].line, NULL, NULL, NULL, NULL));
    g_assert_true(an_dataset_add_stall(ds, plant[i].stall, NULL, "M1", 0, NULL, NULL));
    atu_line_day(ds, plant[i].stall, plant[i].line, BEFORE, plant[i].before);
    atu_line_day(ds, plant[i].stall, plant[i].line, NOW, plant[i].now);
    atu_line_day(ds, "REF", plant[i].line, BEFORE, plant[i].ref_before);
    atu_line_day(ds, "REF", plant[i].line, NOW, plant[i].ref_now);
    for (AnDay d = 0; d < 30; d++)
      atu_stall_day(ds, plant[i].stall, apr + d, plant[i].now / 30, 10);
    atu_stall_day(ds, plant[i].stall, atu_day(BEFORE), plant[i].before, 300);
  }
  return ds;
}

static const AnLineRow *line_of(const AnLinesReport *r, const char *code)
{
  return atu_find_row(r->rows, offsetof(AnLineRow, code), code);
}

static const AnStoreRow *store_of(const AnStoresReport *r, const char *code)
{
  return atu_find_row(r->rows, offsetof(AnStoreRow, code), code);
}

/* Whether any explanation of a row holds needle. */
static gboolean explains(const GPtrArray *explain, const char *needle)
{
  for (guint i = 0; i < explain->len; i++)
    if (strstr(g_ptr_array_index(explain, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* The planted eroding line is told apart from the one holding up. */
static void test_eroding_line(void)
{
  g_autoptr(AnDataset) ds = eroding_city();
  AnQuery q;
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
    g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, r, NULL);
    const AnLineRow *spec = line_of(r, "SPEC"), *hold = line_of(r, "HOLD");
    g_autofree char *json = an_lines_to_json(r);
    g_autoptr(GError) e = NULL;
    cJSON *doc;
    g_assert_cmpfloat_with_epsilon(spec->lq.value, 0.3 / (5.0 / 44.0), 1e-9);
    g_assert_cmpfloat_with_epsilon(hold->lq.value, spec->lq.value, 1e-9);
    g_assert_cmpint(spec->verdict, ==, AN_VERDICT_ERODING);
    g_assert_cmpstr(an_verdict_name(spec->verdict), ==, "eroding");
    g_assert_true(spec->competitive < 0);
    g_assert_true(explains(spec->explain, "판정 특화 약화"));
    g_assert_true(explains(spec->explain, "-16.3%"));
    g_assert_cmpint(hold->verdict, ==, AN_VERDICT_COMPETITIVE);
    g_assert_true(explains(hold->explain, "특화를 지키고"));
    g_assert_cmpint(line_of(r, "OTHER")->verdict, ==, AN_VERDICT_STABLE);
    /* steady days: every resample says the same */
    g_assert_cmpfloat(spec->confidence.value, ==, 1.0);
    g_assert_false(spec->fragile);
    /* a line losing ground is not one of the market's strengths */
    g_assert_cmpuint(stores->competitive_lines->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(stores->competitive_lines, 0), ==, "HOLD");
    doc = cJSON_Parse(json);
    g_assert_nonnull(doc);
    for (int i = 0; i < cJSON_GetArraySize(cJSON_GetObjectItem(doc, "rows")); i++) {
      cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "rows"), i);
      g_assert_true(cJSON_IsNumber(cJSON_GetObjectItem(row, "confidence")));
      g_assert_true(cJSON_IsBool(cJSON_GetObjectItem(row, "fragile")));
      if (strcmp(cJSON_GetObjectItem(row, "line")->valuestring, "SPEC") == 0)
        g_assert_cmpstr(cJSON_GetObjectItem(row, "verdict")->valuestring, ==, "eroding");
    }
    cJSON_Delete(doc);
    {
      g_auto(WireReport) back = { 0 };
      g_assert_true(wire_report_parse(json, strlen(json), &back, &e));
      g_assert_no_error(e);
      g_assert_cmpint(line_of(back.lines, "SPEC")->verdict, ==, AN_VERDICT_ERODING);
    }
  }
  /* the cut is a setting: at -20 points SPEC holds up */
  {
    AnConfig c;
    g_autoptr(GError) e = NULL;
    an_config_init(&c);
    g_assert_true(an_config_load_data(&c, "[lines]\ncompetitive_eroding=-0.2\n", -1, &e));
    g_assert_no_error(e);
    g_assert_true(an_query_init(&q, ds, "M1", "2024-04-01", "2024-04-30",
                                AN_COMPARE_PREVIOUS, &c, &e));
    {
      g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
      g_assert_cmpint(line_of(r, "SPEC")->verdict, ==, AN_VERDICT_COMPETITIVE);
    }
  }
  /* without a comparison there is no dynamics to judge: competitive */
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_NONE);
  {
    g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
    g_assert_cmpint(line_of(r, "SPEC")->verdict, ==, AN_VERDICT_COMPETITIVE);
    g_assert_true(explains(line_of(r, "SPEC")->explain, "동향은 보지 않았습니다"));
  }
}

static AnDataset *fragile_market(void)
{
  AnDataset *ds = an_dataset_new();
  static const char *const stalls[] = { "A", "B", "C", "D" };
  AnDay apr = atu_day(NOW);
  guint32 x = 12345;
  g_assert_true(an_dataset_add_market(ds, "P", "접전시장", NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(stalls); i++) {
    char line[8];
    g_snprintf(line, sizeof line, "L%s", stalls[i]);
    g_assert_true(an_dataset_add_line(ds, line, NULL, NULL, NULL, NULL));
    g_assert_true(an_dataset_add_stall(ds, stalls[i], NULL, "P", 0, NULL, NULL));
  }
  for (AnDay d = 0; d < 30; d++) {
    int64_t b, c;
    x = x * 1103515245u + 12345u;
    b = 300000 + (int64_t)((x >> 8) % 400001);
    x = x * 1103515245u + 12345u;
    c = 300000 + (int64_t)((x >> 8) % 400001);
    atu_stall_day(ds, "A", apr + d, 1000000, 50);
    atu_stall_day(ds, "B", apr + d, b, 30);
    atu_stall_day(ds, "C", apr + d, c, 30);
    atu_stall_day(ds, "D", apr + d, 100000, 10);
    atu_line_day(ds, "A", "LA", "2024-04-10", 1000000);
    atu_line_day(ds, "B", "LB", "2024-04-10", b);
    atu_line_day(ds, "C", "LC", "2024-04-10", c);
    atu_line_day(ds, "D", "LD", "2024-04-10", 100000);
  }
  return ds;
}

/* The close second place is marked fragile; the clear calls are not. */
static void test_fragile_core(void)
{
  g_autoptr(AnDataset) ds = fragile_market();
  AnQuery q;
  atu_query(&q, ds, "P", "2024-04-01", "2024-04-30", AN_COMPARE_NONE);
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, NULL);
    g_autoptr(AnStoresReport) again = an_stores_rank(ds, &q, NULL, NULL);
    const AnStoreRow *a = store_of(r, "A"), *b = store_of(r, "B"), *c = store_of(r, "C");
    const AnStoreRow *d = store_of(r, "D");
    const AnStoreRow *second = b->core ? b : c, *third = b->core ? c : b;
    GPtrArray *summary;
    AnReportSet set = { NULL, r, NULL };
    gboolean said = FALSE;
    g_test_message("confidence A %.2f B %.2f (core %d) C %.2f (core %d) D %.2f",
                   a->confidence.value, b->confidence.value, b->core, c->confidence.value,
                   c->core, d->confidence.value);
    g_assert_true(a->core);
    g_assert_true(b->core != c->core);
    g_assert_false(d->core);
    g_assert_cmpfloat(a->confidence.value, >=, 0.95);
    g_assert_false(a->fragile);
    g_assert_cmpfloat(d->confidence.value, ==, 1.0);
    g_assert_true(second->fragile);
    g_assert_cmpfloat(second->confidence.value, <, 0.8);
    g_assert_cmpfloat(second->confidence.value, >, 0.2);
    g_assert_true(third->fragile);
    g_assert_true(explains(second->explain, "불안정한 판정"));
    /* seeded: the same question gives the same confidence */
    for (guint i = 0; i < r->rows->len; i++) {
      const AnStoreRow *x = g_ptr_array_index(r->rows, i);
      g_assert_cmpfloat(x->confidence.value, ==, store_of(again, x->code)->confidence.value);
    }
    /* the office reads the marks back from the hub's JSON */
    {
      g_autofree char *json = an_stores_to_json(r);
      g_auto(WireReport) back = { 0 };
      g_autoptr(GError) e = NULL;
      g_assert_true(wire_report_parse(json, strlen(json), &back, &e));
      g_assert_no_error(e);
      for (guint i = 0; i < r->rows->len; i++) {
        const AnStoreRow *x = g_ptr_array_index(r->rows, i);
        const AnStoreRow *y = store_of(back.stores, x->code);
        g_assert_cmpfloat_with_epsilon(y->confidence.value, x->confidence.value, 1e-9);
        g_assert_true(y->fragile == x->fragile);
      }
    }
    summary = an_report_summary(&set);
    for (guint i = 0; i < summary->len; i++)
      if (strstr(g_ptr_array_index(summary, i), "불안정") != NULL
          && strstr(g_ptr_array_index(summary, i), second->code) != NULL)
        said = TRUE;
    g_ptr_array_unref(summary);
    g_assert_true(said);
  }
}

/* resamples=0 turns confidence off (null), and bad settings are refused. */
static void test_settings(void)
{
  g_autoptr(AnDataset) ds = fragile_market();
  AnConfig c;
  AnQuery q;
  g_autoptr(GError) e = NULL;
  an_config_init(&c);
  g_assert_true(an_config_load_data(&c, "[confidence]\nresamples=0\n", -1, &e));
  g_assert_true(an_query_init(&q, ds, "P", "2024-04-01", "2024-04-30", AN_COMPARE_NONE, &c, &e));
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, NULL);
    g_autofree char *json = an_stores_to_json(r);
    cJSON *doc = cJSON_Parse(json);
    cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "rows"), 0);
    g_assert_false(store_of(r, "A")->confidence.defined);
    g_assert_false(store_of(r, "B")->fragile);
    g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "confidence")));
    cJSON_Delete(doc);
  }
  an_config_init(&c);
  g_assert_false(an_config_load_data(&c, "[confidence]\nresamples=-1\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_config_load_data(&c, "[confidence]\nfragile_below=1.5\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_config_load_data(&c, "[lines]\ncompetitive_eroding=0.1\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_assert_cmpint(c.resamples, ==, 100);              /* all or nothing */
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/verdicts/eroding-line", test_eroding_line);
  g_test_add_func("/analytics/verdicts/fragile-core", test_fragile_core);
  g_test_add_func("/analytics/verdicts/settings", test_settings);
  return g_test_run();
}
