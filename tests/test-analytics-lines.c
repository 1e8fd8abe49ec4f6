/*
** test-analytics-lines.c: product-line measures on a dataset built by hand.
**
** Two markets.  M1 is reported (four stalls, real detail); M2 is the rest
** of the city, pre-summed under one stall REF (as an-data.h allows).  Line
** rollups come one row per stall, line and period.  Every expected figure
** is worked out in the comments from the tables below.
**
** Period 2024-04-01..04-30 (30 days), compared with the previous 30 days
** (2024-03-02..03-31).  Floor: 0.5% of the market and 10,000 won x 30 days =
** 300,000 won.
**
**              M1 now      M1 before   M2 now      M2 before   city now / before
**   MEAT     4,000,000   3,200,000   6,000,000   6,800,000   10,000,000 / 10,000,000
**   VEG      4,000,000   5,000,000  22,000,000  15,000,000   26,000,000 / 20,000,000
**   FISH     1,500,000   1,500,000   8,500,000   6,500,000   10,000,000 /  8,000,000
**   TTEOK      480,000           0   1,520,000   1,000,000    2,000,000 /  1,000,000
**   RARE        20,000           0           0           0       20,000 /          0
**   OTHER            0           0   1,980,000   1,000,000    1,980,000 /  1,000,000
**   total   10,000,000   9,700,000  40,000,000  30,300,000   50,000,000 / 40,000,000
**
** M1 stalls now: MEAT S1 3,000,000 S2 1,000,000; VEG 1,000,000 at each of
** S1..S4; FISH S3; TTEOK and RARE S4.  Before: MEAT S1 2,400,000 S2 800,000;
** VEG 1,250,000 each; FISH S3.  Market receipts now: 1,000.
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#define NOW "2024-04-01"
#define BEFORE "2024-03-15"

static void line_row(AnDataset *ds, const char *stall, const char *line, const char *d,
                     int64_t revenue, int64_t qty, int64_t receipts)
{
  AnLineDay r = { 0 };
  g_autoptr(GError) e = NULL;
  r.stall = atu_stall_ix(ds, stall);
  g_assert_true(an_dataset_find_line(ds, line, &r.line));
  r.day = atu_day(d);
  r.revenue = revenue;
  r.qty_milli = qty;
  r.n_lines = receipts;
  r.receipts = receipts;
  g_assert_true(an_dataset_add_line_day(ds, &r, &e));
  g_assert_no_error(e);
}

/* atu_stall_day on an ISO day. */
static void stall_day(AnDataset *ds, const char *stall, const char *d, int64_t total,
                      int64_t receipts)
{
  atu_stall_day(ds, stall, atu_day(d), total, receipts);
}

static AnDataset *city(void)
{
  AnDataset *ds = an_dataset_new();
  static const char *const lines[][2] = {
    { "MEAT", "정육" }, { "VEG", "채소" }, { "FISH", "수산" }, { "TTEOK", "떡" },
    { "RARE", "희귀품" }, { "OTHER", "기타" },
  };
  g_assert_true(an_dataset_add_market(ds, "M1", "행복시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "M2", "이웃시장", NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(lines); i++)
    g_assert_true(an_dataset_add_line(ds, lines[i][0], lines[i][1], NULL, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S1", "한우명가", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S2", "정육나라", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S3", "바다수산", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "S4", "떡집", "M1", 0, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "REF", "이웃시장 합계", "M2", 0, NULL, NULL));

  /* Quantities: MEAT 200,000 here (20 won a unit) against 400,000 in M2
  ** (15 won); VEG 1,000,000 (4) against 4,400,000 (5); FISH 100,000 (15)
  ** against 850,000 (10); TTEOK 120,000 (4) against 380,000 (4). */
  line_row(ds, "S1", "MEAT", NOW, 3000000, 150000, 225);
  line_row(ds, "S2", "MEAT", NOW, 1000000, 50000, 75);
  for (guint i = 1; i <= 4; i++) {
    char code[4];
    g_snprintf(code, sizeof code, "S%u", i);
    line_row(ds, code, "VEG", NOW, 1000000, 250000, 125);
    line_row(ds, code, "VEG", BEFORE, 1250000, 300000, 130);
  }
  line_row(ds, "S3", "FISH", NOW, 1500000, 100000, 100);
  line_row(ds, "S4", "TTEOK", NOW, 480000, 120000, 60);
  line_row(ds, "S4", "RARE", NOW, 20000, 1000, 2);
  line_row(ds, "S1", "MEAT", BEFORE, 2400000, 120000, 200);
  line_row(ds, "S2", "MEAT", BEFORE, 800000, 40000, 60);
  line_row(ds, "S3", "FISH", BEFORE, 1500000, 100000, 100);

  line_row(ds, "REF", "MEAT", NOW, 6000000, 400000, 500);
  line_row(ds, "REF", "VEG", NOW, 22000000, 4400000, 2000);
  line_row(ds, "REF", "FISH", NOW, 8500000, 850000, 600);
  line_row(ds, "REF", "TTEOK", NOW, 1520000, 380000, 200);
  line_row(ds, "REF", "OTHER", NOW, 1980000, 100000, 100);
  line_row(ds, "REF", "MEAT", BEFORE, 6800000, 400000, 500);
  line_row(ds, "REF", "VEG", BEFORE, 15000000, 3000000, 1500);
  line_row(ds, "REF", "FISH", BEFORE, 6500000, 650000, 500);
  line_row(ds, "REF", "TTEOK", BEFORE, 1000000, 250000, 100);
  line_row(ds, "REF", "OTHER", BEFORE, 1000000, 50000, 50);
  /* A row outside both periods must not count anywhere. */
  line_row(ds, "S1", "MEAT", "2023-12-01", 99000000, 1, 1);

  /* Market receipts now: 400 + 150 + 250 + 200 = 1,000 (penetration base). */
  stall_day(ds, "S1", NOW, 4000000, 400);
  stall_day(ds, "S2", NOW, 2000000, 150);
  stall_day(ds, "S3", NOW, 2500000, 250);
  stall_day(ds, "S4", NOW, 1500000, 200);
  return ds;
}

static AnQuery query(AnDataset *ds, AnCompare compare)
{
  AnQuery q;
  g_autoptr(GError) e = NULL;
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", compare);
  return q;
}

/* The row of a stall/line by code (atu_find_row). */
static const AnLineRow *row_of(const AnLinesReport *r, const char *code)
{
  return atu_find_row(r->rows, offsetof(AnLineRow, code), code);
}

#define EPS 1e-9
#define assert_ratio(r, v) do { g_assert_true((r).defined); \
    g_assert_cmpfloat_with_epsilon((r).value, (v), 1e-6); } while (0)

static void test_shares_growth_lq(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q = query(ds, AN_COMPARE_PREVIOUS);
  g_autoptr(GError) e = NULL;
  g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, &e);
  const AnLineRow *meat, *veg, *fish, *tteok, *rare;
  g_assert_no_error(e);
  g_assert_cmpint(r->revenue, ==, 10000000);       /* the 2023 row is skipped */
  g_assert_cmpint(r->prev_revenue, ==, 9700000);
  assert_ratio(r->growth, 10.0 / 9.7 - 1);
  g_assert_cmpint(r->city_revenue, ==, 50000000);
  g_assert_cmpint(r->city_prev_revenue, ==, 40000000);
  g_assert_cmpuint(r->city_markets, ==, 2);
  g_assert_cmpint(r->receipts, ==, 1000);
  g_assert_cmpuint(r->rows->len, ==, 5);           /* OTHER is not sold in M1 */

  meat = row_of(r, "MEAT");
  assert_ratio(meat->share, 0.4);                  /* 4M / 10M */
  assert_ratio(meat->growth, 0.25);                /* 4.0 / 3.2 - 1 */
  assert_ratio(meat->city_share, 0.2);             /* 10M / 50M */
  assert_ratio(meat->lq, 2.0);                     /* 0.4 / 0.2 */
  g_assert_cmpuint(meat->stalls, ==, 2);
  assert_ratio(meat->hhi, 6250);                   /* 75^2 + 25^2 */
  assert_ratio(meat->penetration, 0.3);            /* 300 / 1000 */
  assert_ratio(meat->price_index, 20.0 / 15.0);
  g_assert_cmpint(meat->verdict, ==, AN_VERDICT_COMPETITIVE);

  veg = row_of(r, "VEG");
  assert_ratio(veg->lq, 0.4 / 0.52);
  assert_ratio(veg->hhi, 2500);                    /* four equal stalls */
  g_assert_cmpuint(veg->stalls, ==, 4);
  assert_ratio(veg->growth, -0.2);
  assert_ratio(veg->price_index, 0.8);             /* 4 / 5 */
  g_assert_cmpint(veg->verdict, ==, AN_VERDICT_DECLINING);

  fish = row_of(r, "FISH");
  assert_ratio(fish->hhi, 10000);                  /* one stall */
  g_assert_cmpuint(fish->stalls, ==, 1);
  assert_ratio(fish->growth, 0);
  assert_ratio(fish->lq, 0.75);
  assert_ratio(fish->price_index, 1.5);
  g_assert_cmpint(fish->verdict, ==, AN_VERDICT_STABLE);

  /* New line: no prior revenue, growth undefined, said so; above the floor. */
  tteok = row_of(r, "TTEOK");
  g_assert_false(tteok->growth.defined);
  g_assert_false(tteok->shift_defined);
  assert_ratio(tteok->lq, 0.048 / 0.04);           /* 1.2 < 1.25 */
  g_assert_cmpint(tteok->verdict, ==, AN_VERDICT_EMERGING);
  {
    gboolean said = FALSE;
    for (guint i = 0; i < tteok->explain->len; i++)
      said |= strstr(g_ptr_array_index(tteok->explain, i), "정의되지 않습니다") != NULL;
    g_assert_true(said);
  }

  /* 20,000 won is 0.2% of the market: under the floor, no LQ, no score. */
  rare = row_of(r, "RARE");
  g_assert_false(rare->above_floor);
  g_assert_false(rare->lq.defined);
  g_assert_false(rare->score.defined);
  g_assert_false(rare->price_index.defined);       /* nobody else sells it */
  g_assert_cmpint(rare->verdict, ==, AN_VERDICT_MINOR);
}

/*
** Dunn with R' = prior revenue here, g_all = 50/40 - 1 = 0.25:
**   MEAT  national 3.2M x 0.25 = 800,000; mix 3.2M x (0 - 0.25) = -800,000;
**         competitive 3.2M x (0.25 - 0) = 800,000; sum 800,000 = 4.0M - 3.2M
**   VEG   1,250,000; 5M x (0.30 - 0.25) = 250,000; 5M x (-0.2 - 0.3) =
**         -2,500,000; sum -1,000,000
**   FISH  375,000; 0; 1.5M x (0 - 0.25) = -375,000; sum 0
** A positive competitive effect: the line grew faster here than in the city.
*/
static void test_shift_share(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q = query(ds, AN_COMPARE_PREVIOUS);
  g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
  const AnLineRow *meat = row_of(r, "MEAT"), *veg = row_of(r, "VEG"), *fish = row_of(r, "FISH");
  g_assert_true(meat->shift_defined);
  g_assert_cmpint(meat->national, ==, 800000);
  g_assert_cmpint(meat->industry_mix, ==, -800000);
  g_assert_cmpint(meat->competitive, ==, 800000);
  g_assert_cmpint(veg->national, ==, 1250000);
  g_assert_cmpint(veg->industry_mix, ==, 250000);
  g_assert_cmpint(veg->competitive, ==, -2500000);
  g_assert_cmpint(fish->national, ==, 375000);
  g_assert_cmpint(fish->industry_mix, ==, 0);
  g_assert_cmpint(fish->competitive, ==, -375000);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *row = g_ptr_array_index(r->rows, i);
    if (row->shift_defined)
      g_assert_cmpint(row->national + row->industry_mix + row->competitive, ==,
                      row->revenue - row->prev_revenue);
  }
}

/*
** Shift-share effects on figures that do not divide evenly still sum to the
** change, to the won: R' = 1,000,001 with g_all = 1/3 and g_l = 2/3.
*/
static void test_shift_share_rounding(void)
{
  g_autoptr(AnDataset) ds = an_dataset_new();
  AnQuery q;
  g_assert_true(an_dataset_add_market(ds, "A", NULL, NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "B", NULL, NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "L", NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "K", NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "a", NULL, "A", -1, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "b", NULL, "B", -1, NULL, NULL));
  line_row(ds, "a", "L", BEFORE, 1000001, 1, 1);
  line_row(ds, "a", "L", NOW, 1234567, 1, 1);
  line_row(ds, "b", "L", BEFORE, 1999999, 1, 1);
  line_row(ds, "b", "L", NOW, 3765433, 1, 1);     /* city L: 3,000,000 -> 5,000,000 */
  line_row(ds, "b", "K", BEFORE, 3000000, 1, 1);  /* city: 6,000,000 -> 8,000,000 */
  line_row(ds, "b", "K", NOW, 3000000, 1, 1);
  atu_query(&q, ds, "A", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
    const AnLineRow *l = row_of(r, "L");
    /* national = 1,000,001 x 2/6 = 333,333.67 -> 333,334; national + mix =
    ** 1,000,001 x 2/3 = 666,667.33 -> 666,667, so mix = 333,333; competitive
    ** = 234,566 - 666,667 = -432,101. */
    g_assert_cmpint(l->national, ==, 333334);
    g_assert_cmpint(l->industry_mix, ==, 333333);
    g_assert_cmpint(l->competitive, ==, -432101);
    g_assert_cmpint(l->national + l->industry_mix + l->competitive, ==, 1234567 - 1000001);
  }
}

/*
** Scores by hand (weights 0.30 lq, 0.20 growth, 0.15 competitive, 0.15
** share, 0.10 penetration, 0.10 breadth):
**   MEAT  1 x .3 + (.55/.6) x .2 + (.55/.6) x .15 + 1 x .15 + 1 x .1
**         + .375 x .1 = .908333 -> 90.83
**   VEG   .384615 x .3 + (.1/.6) x .2 + 0 + .15 + .1 + .075 = .473718 -> 47.37
**   FISH  .375 x .3 + .5 x .2 + (.05/.6) x .15 + .75 x .15 + (1/3) x .1 + 0
**         = .370833 -> 37.08
**   TTEOK growth parts undefined, weights .65 left: (.6 x .3 + .24 x .15 +
**         .2 x .1 + 0) / .65 = .363077 -> 36.31
*/
static void test_score_and_rank(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q = query(ds, AN_COMPARE_PREVIOUS);
  g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
  static const char *const order[] = { "MEAT", "VEG", "FISH", "TTEOK", "RARE" };
  assert_ratio(row_of(r, "MEAT")->score, 90.833333333);
  assert_ratio(row_of(r, "VEG")->score, 47.371794872);
  assert_ratio(row_of(r, "FISH")->score, 37.083333333);
  assert_ratio(row_of(r, "TTEOK")->score, 36.307692308);
  for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
    const AnLineRow *row = g_ptr_array_index(r->rows, i);
    g_assert_cmpstr(row->code, ==, order[i]);
    g_assert_cmpuint(row->rank, ==, i + 1);
  }
}

/* Without the floor the 0.2% line gets an LQ: 0.002 / (20,000 / 50M) = 5. */
static void test_floor_off(void)
{
  g_autoptr(AnDataset) ds = city();
  AnConfig c;
  AnQuery q;
  an_config_init(&c);
  c.lq_min_share = 0;
  c.lq_min_revenue_per_day = 0;
  g_assert_true(an_query_init(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS,
                              &c, NULL));
  {
    g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
    const AnLineRow *rare = row_of(r, "RARE");
    g_assert_true(rare->above_floor);
    assert_ratio(rare->lq, 5.0);
    /* A wild ratio: exactly what the floor is for. */
    g_assert_cmpint(rare->verdict, ==, AN_VERDICT_COMPETITIVE);
  }
}

/* No comparison: growth and shift-share undefined everywhere, no NaN. */
static void test_no_compare(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q = query(ds, AN_COMPARE_NONE);
  g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *row = g_ptr_array_index(r->rows, i);
    g_assert_false(row->growth.defined);
    g_assert_false(row->shift_defined);
    g_assert_cmpint(row->prev_revenue, ==, 0);
  }
  g_assert_cmpint(row_of(r, "MEAT")->verdict, ==, AN_VERDICT_COMPETITIVE);
}

static cJSON *json_row(cJSON *doc, const char *key, const char *code)
{
  cJSON *rows = cJSON_GetObjectItemCaseSensitive(doc, "rows"), *row;
  cJSON_ArrayForEach(row, rows) {
    cJSON *k = cJSON_GetObjectItemCaseSensitive(row, key);
    if (cJSON_IsString(k) && strcmp(k->valuestring, code) == 0)
      return row;
  }
  g_error("no JSON row %s", code);
  return NULL;
}

/* Pinned fields; undefined growth is null in JSON and an empty CSV cell. */
static void test_writers(void)
{
  static const char *const pinned[] = { "line", "revenue", "share", "growth", "lq", "stalls",
                                        "hhi", "penetration", "price_index", "score", "verdict" };
  g_autoptr(AnDataset) ds = city();
  AnQuery q = query(ds, AN_COMPARE_PREVIOUS);
  g_autoptr(AnLinesReport) r = an_lines_rank(ds, &q, NULL);
  g_autofree char *json = an_lines_to_json(r);
  gsize len = 0;
  g_autofree char *csv = an_lines_to_csv(r, AN_HEADER_NAMES, &len);
  cJSON *doc = cJSON_Parse(json), *tteok, *meat;
  g_auto(GStrv) lines = NULL;
  g_assert_nonnull(doc);
  g_assert_null(strstr(json, "nan"));
  g_assert_null(strstr(json, "inf"));
  g_assert_cmpstr(cJSON_GetObjectItem(doc, "report")->valuestring, ==, "lines");
  g_assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "rows")));
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "rows")), ==, 5);
  meat = json_row(doc, "line", "MEAT");
  for (guint i = 0; i < G_N_ELEMENTS(pinned); i++)
    g_assert_nonnull(cJSON_GetObjectItemCaseSensitive(meat, pinned[i]));
  g_assert_cmpfloat(cJSON_GetObjectItem(meat, "revenue")->valuedouble, ==, 4000000);
  g_assert_cmpfloat_with_epsilon(cJSON_GetObjectItem(meat, "lq")->valuedouble, 2.0, EPS);
  g_assert_cmpstr(cJSON_GetObjectItem(meat, "verdict")->valuestring, ==, "competitive");
  g_assert_cmpfloat(cJSON_GetObjectItem(cJSON_GetObjectItem(meat, "shift_share"),
                                        "competitive")->valuedouble, ==, 800000);
  tteok = json_row(doc, "line", "TTEOK");
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(tteok, "growth")));
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(tteok, "shift_share")));
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(json_row(doc, "line", "RARE"), "lq")));
  g_assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "summary")));
  cJSON_Delete(doc);

  /* CSV: BOM, CRLF, header + 5 rows; TTEOK's growth cell (10th) is empty. */
  g_assert_cmpuint(len, ==, strlen(csv));
  g_assert_true(memcmp(csv, "\xEF\xBB\xBF" "market,from,to,rank,line,", 25) == 0);
  g_assert_true(g_str_has_suffix(csv, "\r\n"));
  lines = g_strsplit(csv, "\r\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 7);   /* 6 records and the empty tail */
  g_assert_null(strchr(lines[0], '\n'));
  for (guint i = 1; i <= 5; i++) {
    if (g_str_has_prefix(lines[i], "M1,2024-04-01,2024-04-30,4,TTEOK,떡,480000,0,0.048,,1.2,1,"))
      break;
    g_assert_cmpuint(i, <, 5);
  }
  g_assert_nonnull(strstr(csv, "M1,2024-04-01,2024-04-30,1,MEAT,정육,4000000,3200000,0.4,0.25,2,2,"
                               "6250,0.3,1.33333,800000,-800000,800000,90.8333,competitive,경쟁력,"));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/lines/shares-growth-lq", test_shares_growth_lq);
  g_test_add_func("/analytics/lines/shift-share", test_shift_share);
  g_test_add_func("/analytics/lines/shift-share-rounding", test_shift_share_rounding);
  g_test_add_func("/analytics/lines/score-rank", test_score_and_rank);
  g_test_add_func("/analytics/lines/floor-off", test_floor_off);
  g_test_add_func("/analytics/lines/no-compare", test_no_compare);
  g_test_add_func("/analytics/lines/writers", test_writers);
  return g_test_run();
}
