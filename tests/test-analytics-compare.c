/*
** test-analytics-compare.c: the same period a year before (--compare
** last-year), where data exists and where it does not.
**
** Market OLD sold in April 2023 and April 2024 (MEAT 2,000,000 then
** 2,500,000: +25%); market NEW opened in 2024 (VEG 1,000,000 in April
** 2024 only).  OLD against last year gets its growth; NEW against last year
** has nothing to compare with, and says so (JSON compare.has_data false, a
** summary sentence) instead of calling every line new.
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <cjson/cJSON.h>
#include <string.h>

static AnDataset *city(void)
{
  AnDataset *ds = an_dataset_new();
  g_assert_true(an_dataset_add_market(ds, "OLD", "오래된시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "NEW", "새시장", NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "MEAT", NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "VEG", NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "O1", NULL, "OLD", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "N1", NULL, "NEW", 0, NULL, NULL));
  atu_line_day(ds, "O1", "MEAT", "2023-04-10", 2000000);
  atu_line_day(ds, "O1", "MEAT", "2024-04-10", 2500000);
  atu_stall_day(ds, "O1", atu_day("2023-04-10"), 2000000, 100);
  atu_stall_day(ds, "O1", atu_day("2024-04-10"), 2500000, 120);
  atu_line_day(ds, "N1", "VEG", "2024-04-10", 1000000);
  atu_stall_day(ds, "N1", atu_day("2024-04-10"), 1000000, 80);
  /* the month just before, which "previous" would compare with */
  atu_line_day(ds, "O1", "MEAT", "2024-03-10", 9000000);
  return ds;
}

/* Whether any sentence of the report's JSON summary holds needle. */
static gboolean summary_says(cJSON *doc, const char *needle)
{
  cJSON *s;
  cJSON_ArrayForEach(s, cJSON_GetObjectItem(doc, "summary"))
    if (strstr(s->valuestring, needle) != NULL)
      return TRUE;
  return FALSE;
}

static void test_last_year(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q;
  atu_query(&q, ds, "OLD", "2024-04-01", "2024-04-30", AN_COMPARE_LAST_YEAR);
  {
    g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
    const AnLineRow *meat = g_ptr_array_index(r->rows, 0);
    g_autofree char *json = an_lines_to_json(r);
    cJSON *doc = cJSON_Parse(json), *cmp = cJSON_GetObjectItem(doc, "compare");
    char day[AN_DAY_ISO_LEN];
    an_day_format(q.compare_period.from, day);
    g_assert_cmpstr(day, ==, "2023-04-01");
    g_assert_cmpstr(meat->code, ==, "MEAT");
    g_assert_cmpint(meat->prev_revenue, ==, 2000000);     /* a year before, not March */
    g_assert_cmpfloat_with_epsilon(meat->growth.value, 0.25, 1e-12);
    g_assert_cmpstr(cJSON_GetObjectItem(cmp, "mode")->valuestring, ==, "last-year");
    g_assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cmp, "has_data")));
    g_assert_false(summary_says(doc, "자료가 없어"));
    cJSON_Delete(doc);
  }
  atu_query(&q, ds, "NEW", "2024-04-01", "2024-04-30", AN_COMPARE_LAST_YEAR);
  {
    g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
    g_autoptr(AnStallsReport) st = an_stalls_rank(ds, &q, NULL);
    const AnLineRow *veg = g_ptr_array_index(r->rows, 0);
    g_autofree char *json = an_lines_to_json(r);
    g_autofree char *stalls_json = an_stalls_to_json(st);
    cJSON *doc = cJSON_Parse(json), *sdoc = cJSON_Parse(stalls_json);
    g_assert_false(veg->growth.defined);
    g_assert_false(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "compare"),
                                                    "has_data")));
    g_assert_true(summary_says(doc, "전년 같은 기간)에는 이 시장의 매출 자료가 없어"));
    g_assert_true(summary_says(sdoc, "전년 같은 기간)에는 이 시장의 매출 자료가 없어"));
    cJSON_Delete(doc);
    cJSON_Delete(sdoc);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/compare/last-year", test_last_year);
  return g_test_run();
}
