/*
** test-analytics-stores.c: core stores, ABC classes, top N, by hand.
**
** The market of test-analytics-lines.c (M1, four stalls; M2 the rest of
** the city) with stall-day rows added for April 2024 (compared with March):
**
**   stall  days open (April)               revenue    receipts  before (15 March)
**   S1     1-10, 400,000 and 40 a day      4,000,000  400       3,650,000
**   S2     1: 500,000/75, 2: 1,500,000/75  2,000,000  150       2,050,000
**   S3     1-5, 500,000 and 50 a day       2,500,000  250       2,750,000
**   S4     1-3, 500,000 and 67, 67, 66     1,500,000  200       1,250,000
**
** Line revenue (April): S1 MEAT 3,000,000 VEG 1,000,000; S2 MEAT 1,000,000
** VEG 1,000,000; S3 VEG 1,000,000 FISH 1,500,000; S4 VEG 1,000,000 TTEOK
** 480,000 RARE 20,000.  MEAT is the only competitive line (LQ 2.0).
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <cjson/cJSON.h>
#include <string.h>

#define NOW "2024-04-01"
#define BEFORE "2024-03-15"

static AnDataset *city(void)
{
  AnDataset *ds = an_dataset_new();
  static const char *const lines[] = { "MEAT", "VEG", "FISH", "TTEOK", "RARE", "OTHER" };
  AnDay apr = atu_day(NOW);
  g_assert_true(an_dataset_add_market(ds, "M1", "행복시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "M2", "이웃시장", NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(lines); i++)
    g_assert_true(an_dataset_add_line(ds, lines[i], NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S1", "한우명가", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S2", "정육나라", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S3", "바다수산", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S4", "떡집", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "REF", NULL, "M2", 0, NULL, NULL));
  atu_line_day(ds, "S1", "MEAT", NOW, 3000000);
  atu_line_day(ds, "S2", "MEAT", NOW, 1000000);
  for (guint i = 1; i <= 4; i++) {
    char code[4];
    g_snprintf(code, sizeof code, "S%u", i);
    atu_line_day(ds, code, "VEG", NOW, 1000000);
    atu_line_day(ds, code, "VEG", BEFORE, 1250000);
  }
  atu_line_day(ds, "S3", "FISH", NOW, 1500000);
  atu_line_day(ds, "S4", "TTEOK", NOW, 480000);
  atu_line_day(ds, "S4", "RARE", NOW, 20000);
  atu_line_day(ds, "S1", "MEAT", BEFORE, 2400000);
  atu_line_day(ds, "S2", "MEAT", BEFORE, 800000);
  atu_line_day(ds, "S3", "FISH", BEFORE, 1500000);
  atu_line_day(ds, "REF", "MEAT", NOW, 6000000);
  atu_line_day(ds, "REF", "VEG", NOW, 22000000);
  atu_line_day(ds, "REF", "FISH", NOW, 8500000);
  atu_line_day(ds, "REF", "TTEOK", NOW, 1520000);
  atu_line_day(ds, "REF", "OTHER", NOW, 1980000);
  atu_line_day(ds, "REF", "MEAT", BEFORE, 6800000);
  atu_line_day(ds, "REF", "VEG", BEFORE, 15000000);
  atu_line_day(ds, "REF", "FISH", BEFORE, 6500000);
  atu_line_day(ds, "REF", "TTEOK", BEFORE, 1000000);
  atu_line_day(ds, "REF", "OTHER", BEFORE, 1000000);

  for (AnDay d = 0; d < 10; d++)
    atu_stall_day(ds, "S1", apr + d, 400000, 40);
  atu_stall_day(ds, "S2", apr, 500000, 75);
  atu_stall_day(ds, "S2", apr + 1, 1500000, 75);
  for (AnDay d = 0; d < 5; d++)
    atu_stall_day(ds, "S3", apr + d, 500000, 50);
  atu_stall_day(ds, "S4", apr, 500000, 67);
  atu_stall_day(ds, "S4", apr + 1, 500000, 67);
  atu_stall_day(ds, "S4", apr + 2, 500000, 66);
  atu_stall_day(ds, "S1", atu_day(BEFORE), 3650000, 300);
  atu_stall_day(ds, "S2", atu_day(BEFORE), 2050000, 150);
  atu_stall_day(ds, "S3", atu_day(BEFORE), 2750000, 200);
  atu_stall_day(ds, "S4", atu_day(BEFORE), 1250000, 100);
  return ds;
}

/* The row of a stall/line by code (atu_find_row). */
static const AnStoreRow *row_of(const AnStoresReport *r, const char *code)
{
  return atu_find_row(r->rows, offsetof(AnStoreRow, code), code);
}

#define assert_ratio(r, v) do { g_assert_true((r).defined); \
    g_assert_cmpfloat_with_epsilon((r).value, (v), 1e-6); } while (0)

/*
** Scores (weights .30 size, .15 growth, .15 stability, .10 regularity, .15
** competitive lines, .15 relative share; growth mapped from -30%..+30%):
**   S1  1 x .3 + ((4/3.65 - 1 + .3)/.6) x .15 + 1 x .15 + (10/30) x .1
**       + .75 x .15 + 1 x .15 = .844806
**   S2  .5 x .3 + ((2/2.05 - 1 + .3)/.6) x .15 + (1 - .5) x .15 + (2/30) x .1
**       + .5 x .15 + (1/3) x .15 = .425569   (MEAT and VEG tie at 1,000,000:
**       the first line in the taxonomy is its main line; leader S1 3,000,000)
**   S3  (.625 x .3 + ((2.5/2.75 - 1 + .3)/.6) x .15 + .15 + (5/30) x .1 + 0)
**       / .85 = .478164   (main line FISH, which it alone sells here: no
**       "relative" part, whose weight drops out; its competitive part is
**       VEG, the line it shares, which is not competitive: 0.  Before the
**       sole-seller rule it had full marks on "relative" and ranked second)
**   S4  .375 x .3 + ((1.5/1.25 - 1 + .3)/.6) x .15 + .15 + (3/30) x .1 + 0
**       + 1 x .15 = .5475     (main line VEG, four equal leaders)
*/
static void test_core_stores(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q;
  g_autoptr(GError) e = NULL;
  g_assert_true(an_query_init(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS,
                              NULL, &e));
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, &e);
    const AnStoreRow *s1, *s2, *s3, *s4;
    static const char *const order[] = { "S1", "S4", "S3", "S2" };
    g_assert_no_error(e);
    g_assert_cmpint(r->revenue, ==, 10000000);
    g_assert_cmpint(r->prev_revenue, ==, 9700000);
    g_assert_cmpuint(r->competitive_lines->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(r->competitive_lines, 0), ==, "MEAT");
    s1 = row_of(r, "S1");
    s2 = row_of(r, "S2");
    s3 = row_of(r, "S3");
    s4 = row_of(r, "S4");
    g_assert_cmpint(s1->receipts, ==, 400);
    g_assert_cmpint(s1->avg_ticket, ==, 10000);
    g_assert_cmpint(s2->avg_ticket, ==, 13333);        /* 2,000,000 / 150 = 13,333.3 */
    g_assert_cmpint(s4->avg_ticket, ==, 7500);
    g_assert_cmpuint(s1->active_days, ==, 10);
    g_assert_cmpuint(s2->active_days, ==, 2);
    assert_ratio(s1->stability, 0);                    /* the same every day */
    assert_ratio(s2->stability, 0.5);                  /* mean 1M, sd 500,000 */
    assert_ratio(s1->growth, 4.0 / 3.65 - 1);
    assert_ratio(s1->competitive_weight, 0.75);
    assert_ratio(s1->relative_share, 1.0);
    g_assert_cmpstr(s1->main_line, ==, "MEAT");
    g_assert_cmpstr(s2->main_line, ==, "MEAT");
    assert_ratio(s2->relative_share, 1.0 / 3.0);
    g_assert_cmpstr(s3->main_line, ==, "FISH");
    assert_ratio(s3->competitive_weight, 0);
    assert_ratio(s1->score, 84.4805936);
    assert_ratio(s2->score, 42.5569106);
    assert_ratio(s3->score, 47.8163993);
    g_assert_true(s3->sole_seller);
    g_assert_false(s3->parts[5].value.defined);        /* relative: nobody to beat */
    assert_ratio(s3->relative_share, 1.0);             /* the figure keeps its meaning */
    g_assert_false(s1->sole_seller);
    assert_ratio(s4->score, 54.75);
    for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
      const AnStoreRow *row = g_ptr_array_index(r->rows, i);
      g_assert_cmpstr(row->code, ==, order[i]);
      g_assert_cmpuint(row->rank, ==, i + 1);
      g_assert_true(row->core == (i < 2));            /* top N = 2 */
    }
    /* ABC by revenue: S1 (before 0%) A, S3 (40%) A, S2 (65%) A, S4 (85%) B. */
    g_assert_cmpint(s1->abc, ==, 'A');
    g_assert_cmpint(s3->abc, ==, 'A');
    g_assert_cmpint(s2->abc, ==, 'A');
    g_assert_cmpint(s4->abc, ==, 'B');
  }
}

/* A lines report of another question is refused, the same one is used. */
static void test_lines_given(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q, other;
  g_autoptr(GError) e = NULL;
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  atu_query(&other, ds, "M1", "2024-04-01", "2024-04-29", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, NULL);
    g_autoptr(AnLinesReport) wrong = an_lines_rank(ds, &other, NULL);
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, lines, &e);
    g_autoptr(AnStoresReport) bad = NULL;
    g_assert_no_error(e);
    g_assert_nonnull(r);
    bad = an_stores_rank(ds, &q, wrong, &e);
    g_assert_null(bad);
    g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  }
}

/*
** Pareto on 500,000 / 300,000 / 100,000 / 50,000 / 30,000 / 20,000 (total
** 1,000,000), plus a stall without sales and one whose refunds exceed its
** sales: revenue before each is 0%, 50%, 80%, 90%, 95%, 98%, so A A B B C C,
** and both non-positive ones are C.  80% exactly starts B: the cut holds.
*/
static void test_abc_and_top_n(void)
{
  static const int64_t revenue[] = { 500000, 300000, 100000, 50000, 30000, 20000, 0, -5000 };
  static const char abc[] = "AABBCCCC";
  g_autoptr(AnDataset) ds = an_dataset_new();
  AnConfig c;
  AnQuery q;
  AnDay apr = atu_day(NOW);
  g_assert_true(an_dataset_add_market(ds, "P", NULL, NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "L", NULL, NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(revenue); i++) {
    char code[8];
    g_snprintf(code, sizeof code, "P%u", i);
    g_assert_true(an_dataset_add_stall(ds, code, NULL, "P", 0, NULL, NULL));
    atu_stall_day(ds, code, apr, revenue[i], revenue[i] > 0 ? 10 : 0);
  }
  an_config_init(&c);
  c.top_n = 3;
  g_assert_true(an_query_init(&q, ds, "P", "2024-04-01", "2024-04-30", AN_COMPARE_NONE, &c, NULL));
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, NULL);
    guint core = 0;
    for (guint i = 0; i < G_N_ELEMENTS(revenue); i++) {
      char code[8];
      g_snprintf(code, sizeof code, "P%u", i);
      g_assert_cmpint(row_of(r, code)->abc, ==, abc[i]);
    }
    for (guint i = 0; i < r->rows->len; i++)
      core += ((const AnStoreRow *)g_ptr_array_index(r->rows, i))->core ? 1 : 0;
    g_assert_cmpuint(core, ==, 3);
    g_assert_false(row_of(r, "P6")->score.defined);  /* no sales: no score, never core */
    g_assert_false(row_of(r, "P6")->avg_ticket_defined);
    g_assert_false(row_of(r, "P7")->core);
  }
  c.top_n = 0;
  g_assert_true(an_query_init(&q, ds, "P", "2024-04-01", "2024-04-30", AN_COMPARE_NONE, &c, NULL));
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, NULL);
    for (guint i = 0; i < r->rows->len; i++)
      g_assert_false(((const AnStoreRow *)g_ptr_array_index(r->rows, i))->core);
  }
}

/* One stall: its own leader, A, core; no competitive line (one market). */
static void test_one_stall(void)
{
  g_autoptr(AnDataset) ds = an_dataset_new();
  AnQuery q;
  g_assert_true(an_dataset_add_market(ds, "ONE", "외딴시장", NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "L", NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "Z", NULL, "ONE", 0, NULL, NULL));
  atu_line_day(ds, "Z", "L", NOW, 700000);
  atu_stall_day(ds, "Z", atu_day(NOW), 700000, 7);
  atu_query(&q, ds, "ONE", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, NULL);
    const AnStoreRow *z = row_of(r, "Z");
    g_assert_cmpuint(r->rows->len, ==, 1);
    g_assert_cmpint(z->abc, ==, 'A');
    g_assert_true(z->core);
    assert_ratio(z->relative_share, 1.0);
    g_assert_false(z->growth.defined);               /* nothing in March */
    g_assert_false(z->stability.defined);            /* one day open */
    g_assert_cmpuint(r->competitive_lines->len, ==, 0);
  }
}

/* Pinned JSON fields; undefined values are null; CSV empty cells. */
static void test_writers(void)
{
  static const char *const pinned[] = { "stall", "revenue", "growth", "receipts", "avg_ticket",
                                        "active_days", "stability", "score", "abc", "core" };
  g_autoptr(AnDataset) ds = city();
  AnQuery q;
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnStoresReport) r = an_stores_rank(ds, &q, NULL, NULL);
    g_autofree char *json = an_stores_to_json(r);
    g_autofree char *csv = an_stores_to_csv(r, AN_HEADER_NAMES, NULL);
    cJSON *doc = cJSON_Parse(json), *rows, *first;
    g_assert_nonnull(doc);
    rows = cJSON_GetObjectItem(doc, "rows");
    g_assert_cmpint(cJSON_GetArraySize(rows), ==, 4);
    first = cJSON_GetArrayItem(rows, 0);
    for (guint i = 0; i < G_N_ELEMENTS(pinned); i++)
      g_assert_nonnull(cJSON_GetObjectItemCaseSensitive(first, pinned[i]));
    g_assert_cmpstr(cJSON_GetObjectItem(first, "stall")->valuestring, ==, "S1");
    g_assert_true(cJSON_IsTrue(cJSON_GetObjectItem(first, "core")));
    g_assert_cmpstr(cJSON_GetObjectItem(first, "abc")->valuestring, ==, "A");
    g_assert_cmpfloat(cJSON_GetObjectItem(first, "avg_ticket")->valuedouble, ==, 10000);
    g_assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 3), "core")));
    cJSON_Delete(doc);
    g_assert_true(g_str_has_prefix(csv, "\xEF\xBB\xBF" "market,from,to,rank,stall,name,revenue,"));
    g_assert_nonnull(strstr(csv, "\r\nM1,2024-04-01,2024-04-30,1,S1,한우명가,4000000,3650000,"));
    g_assert_nonnull(strstr(csv, ",A,TRUE,"));
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/stores/core", test_core_stores);
  g_test_add_func("/analytics/stores/lines-given", test_lines_given);
  g_test_add_func("/analytics/stores/abc-top-n", test_abc_and_top_n);
  g_test_add_func("/analytics/stores/one-stall", test_one_stall);
  g_test_add_func("/analytics/stores/writers", test_writers);
  return g_test_run();
}
