/*
** test-analytics-stalls.c: stall performance and the edge cases of the
** issue: one stall, voids and refunds, empty periods, a stall that never
** synced, undefined values in JSON and CSV.
**
** Market M, the week of Monday 2024-04-01 to Sunday 04-07 (as of midnight
** after it, 2024-04-08 00:00 KST = 1712502000000 ms):
**
**   stall  sales (net of voids and refunds)        receipts  tenders              last sync (KST)
**   A      Mon 600,000 at 10h; Sat 2,400,000 15h   20 + 80   cash 1,000,000,      04-07 20:00
**                                                            onnuri-paper 1.5M,
**                                                            onnuri-mobile 0.5M
**   B      Tue 1,000,000                           8         card 1,000,000       04-01 09:00
**   C      Wed 1,000,000                           3         (none)               04-07 20:00
**   D      nothing                                 0         (none)               never
**   E      Fri 101,001 (a sale of 5,000 voided     2         cash 100,001         04-07 20:00
**          the same day is already netted out);
**          Sat refund -1,000 (no receipt)
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <cjson/cJSON.h>
#include <string.h>

#define SYNC_RECENT G_GINT64_CONSTANT(1712487600000)   /* 2024-04-07 20:00 KST */
#define SYNC_OLD G_GINT64_CONSTANT(1711929600000)      /* 2024-04-01 09:00 KST */

/* atu_stall_day on an ISO day. */
static void stall_day(AnDataset *ds, const char *stall, const char *d, int64_t total,
                      int64_t receipts)
{
  atu_stall_day(ds, stall, atu_day(d), total, receipts);
}

static void hour(AnDataset *ds, const char *stall, const char *d, int h, int64_t revenue,
                 int64_t receipts)
{
  AnStallHour r = { atu_stall_ix(ds, stall), atu_day(d), h, revenue, receipts };
  g_assert_true(an_dataset_add_stall_hour(ds, &r, NULL));
}

static void tender(AnDataset *ds, const char *stall, const char *d, const char *method,
                   int64_t amount)
{
  AnStallTender r = { atu_stall_ix(ds, stall), atu_day(d), an_dataset_method(ds, method), amount };
  g_assert_true(an_dataset_add_stall_tender(ds, &r, NULL));
}

static AnDataset *market(void)
{
  AnDataset *ds = an_dataset_new();
  g_assert_true(an_dataset_add_market(ds, "M", "망원시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "ONE", "외딴시장", NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "A", "=HYPERLINK(\"x\")", "M", SYNC_RECENT, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "B", "김씨네, \"원조\"", "M", SYNC_OLD, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "C", "청과", "M", SYNC_RECENT, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "D", "새가게", "M", -1, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "E", "잡화", "M", SYNC_RECENT, NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "Z", "유일한 가게", "ONE", SYNC_RECENT, NULL, NULL));
  stall_day(ds, "A", "2024-04-01", 600000, 20);
  stall_day(ds, "A", "2024-04-06", 2400000, 80);
  hour(ds, "A", "2024-04-01", 10, 600000, 20);
  hour(ds, "A", "2024-04-06", 15, 2400000, 80);
  tender(ds, "A", "2024-04-01", "cash", 600000);
  tender(ds, "A", "2024-04-06", "cash", 400000);
  tender(ds, "A", "2024-04-06", "onnuri-paper", 1500000);
  tender(ds, "A", "2024-04-06", "onnuri-mobile", 500000);
  stall_day(ds, "B", "2024-04-02", 1000000, 8);
  tender(ds, "B", "2024-04-02", "card", 1000000);
  stall_day(ds, "C", "2024-04-03", 1000000, 3);
  stall_day(ds, "E", "2024-04-05", 101001, 2);
  stall_day(ds, "E", "2024-04-06", -1000, 0);
  tender(ds, "E", "2024-04-05", "cash", 101001);
  tender(ds, "E", "2024-04-06", "cash", -1000);
  stall_day(ds, "Z", "2024-04-03", 50000, 5);
  /* The week before: A sold 2,000,000, so its growth is +50%. */
  stall_day(ds, "A", "2024-03-27", 2000000, 60);
  return ds;
}

/* The row of a stall/line by code (atu_find_row). */
static const AnStallRow *row_of(const AnStallsReport *r, const char *code)
{
  return atu_find_row(r->rows, offsetof(AnStallRow, code), code);
}

#define assert_ratio(r, v) do { g_assert_true((r).defined); \
    g_assert_cmpfloat_with_epsilon((r).value, (v), 1e-9); } while (0)

static AnStallsReport *week(AnDataset *ds, const char *market, AnCompare compare)
{
  AnQuery q;
  g_autoptr(GError) e = NULL;
  AnStallsReport *r;
  atu_query(&q, ds, market, "2024-04-01", "2024-04-07", compare);
  r = an_stalls_rank(ds, &q, &e);
  g_assert_no_error(e);
  return r;
}

/*
** Revenue order A 3,000,000, B and C 1,000,000, E 100,001, D 0 (n = 5):
** percentile = (below + (equal - 1)/2) / 4: A 4/4 = 100, B and C (2 + .5)/4
** = 62.5, E 1/4 = 25, D 0.
*/
static void test_rank_percentile_sync(void)
{
  g_autoptr(AnDataset) ds = market();
  g_autoptr(AnStallsReport) r = week(ds, "M", AN_COMPARE_PREVIOUS);
  const AnStallRow *a = row_of(r, "A"), *b = row_of(r, "B"), *c = row_of(r, "C");
  const AnStallRow *d = row_of(r, "D"), *e = row_of(r, "E");
  g_assert_cmpuint(r->rows->len, ==, 5);            /* Z is another market */
  g_assert_cmpint(r->revenue, ==, 5100001);
  g_assert_cmpint(r->receipts, ==, 113);
  g_assert_cmpint(r->head.query.as_of_ms, ==, G_GINT64_CONSTANT(1712502000000));
  assert_ratio(a->percentile, 100);
  assert_ratio(b->percentile, 62.5);
  assert_ratio(c->percentile, 62.5);
  assert_ratio(e->percentile, 25);
  assert_ratio(d->percentile, 0);
  g_assert_cmpuint(a->rank, ==, 1);
  g_assert_cmpuint(d->rank, ==, 5);
  g_assert_cmpint(a->avg_ticket, ==, 30000);
  g_assert_cmpint(b->avg_ticket, ==, 125000);
  g_assert_cmpint(c->avg_ticket, ==, 333333);        /* 333,333.3 */
  assert_ratio(a->growth, 0.5);
  g_assert_false(b->growth.defined);                 /* nothing the week before */
  /* Sync: B's last sync is 6.6 days old (> 3), D never synced. */
  g_assert_false(a->stale);
  g_assert_true(b->stale);
  g_assert_true(d->stale);
  g_assert_cmpint(d->last_sync_ms, ==, -1);
  g_assert_false(d->avg_ticket_defined);
  g_assert_cmpint(d->revenue, ==, 0);
}

/* A refund day lowers revenue and shows in the trend, but is not a day open. */
static void test_voids_refunds(void)
{
  g_autoptr(AnDataset) ds = market();
  g_autoptr(AnStallsReport) r = week(ds, "M", AN_COMPARE_NONE);
  const AnStallRow *e = row_of(r, "E");
  g_assert_cmpint(e->revenue, ==, 100001);           /* 101,001 - 1,000 */
  g_assert_cmpint(e->receipts, ==, 2);
  g_assert_cmpint(e->avg_ticket, ==, 50001);          /* 50,000.5 rounds half up */
  g_assert_cmpuint(e->active_days, ==, 1);
  g_assert_cmpuint(e->daily->len, ==, 7);
  g_assert_cmpint(g_array_index(e->daily, AnDailyPoint, 4).revenue, ==, 101001);
  g_assert_cmpint(g_array_index(e->daily, AnDailyPoint, 5).revenue, ==, -1000);
  g_assert_cmpint(g_array_index(e->daily, AnDailyPoint, 5).day, ==, atu_day("2024-04-06"));
  /* The market's trend sums the stalls: Saturday 2,400,000 - 1,000. */
  g_assert_cmpint(g_array_index(r->daily, AnDailyPoint, 5).revenue, ==, 2399000);
}

/* Payment mix, the Onnuri flag, and the weekday x hour heatmap. */
static void test_payments_heatmap(void)
{
  g_autoptr(AnDataset) ds = market();
  g_autoptr(AnStallsReport) r = week(ds, "M", AN_COMPARE_NONE);
  const AnStallRow *a = row_of(r, "A"), *b = row_of(r, "B"), *c = row_of(r, "C");
  const AnTenderShare *top;
  assert_ratio(a->onnuri_share, 2.0 / 3.0);          /* 2,000,000 / 3,000,000 */
  g_assert_true(a->onnuri_flag);                     /* >= 60% */
  assert_ratio(b->onnuri_share, 0);
  g_assert_false(b->onnuri_flag);
  g_assert_false(c->onnuri_share.defined);           /* no tenders at all */
  g_assert_cmpuint(a->payment->len, ==, 3);
  top = &g_array_index(a->payment, AnTenderShare, 0);
  g_assert_cmpstr(top->method, ==, "onnuri-paper");
  g_assert_cmpint(top->amount, ==, 1500000);
  assert_ratio(top->share, 0.5);
  /* Tenders of the market: onnuri 2,000,000 of 4,100,001. */
  assert_ratio(r->onnuri_share, 2000000.0 / 4100001.0);
  g_assert_cmpint(a->heat_revenue[0][10], ==, 600000);     /* Monday 10h */
  g_assert_cmpint(a->heat_revenue[5][15], ==, 2400000);    /* Saturday 15h */
  g_assert_cmpint(a->heat_receipts[5][15], ==, 80);
  g_assert_cmpint(r->heat_revenue[5][15], ==, 2400000);
  g_assert_cmpint(r->heat_revenue[6][15], ==, 0);
}

/* One stall: no percentile (said so); the report still works. */
static void test_one_stall(void)
{
  g_autoptr(AnDataset) ds = market();
  g_autoptr(AnStallsReport) r = week(ds, "ONE", AN_COMPARE_PREVIOUS);
  const AnStallRow *z = row_of(r, "Z");
  gboolean said = FALSE;
  g_assert_cmpuint(r->rows->len, ==, 1);
  g_assert_false(z->percentile.defined);
  for (guint i = 0; i < z->explain->len; i++)
    said |= strstr(g_ptr_array_index(z->explain, i), "하나뿐") != NULL;
  g_assert_true(said);
}

/* A period without any row: every stall listed with zeros, nothing NaN. */
static void test_empty_period(void)
{
  g_autoptr(AnDataset) ds = market();
  AnQuery q;
  g_autoptr(GError) e = NULL;
  g_assert_true(an_query_init(&q, ds, "M", "2025-01-01", "2025-01-31", AN_COMPARE_LAST_YEAR,
                              NULL, &e));
  {
    g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, &q, &e);
    g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, &e);
    g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, lines, &e);
    AnReportSet set = { lines, stores, stalls };
    g_autofree char *j1 = an_stalls_to_json(stalls);
    g_autofree char *j2 = an_lines_to_json(lines);
    g_autofree char *j3 = an_stores_to_json(stores);
    g_autofree char *csv = an_lines_to_csv(lines, AN_HEADER_NAMES, NULL);
    g_autoptr(GBytes) pdf = NULL;
    cJSON *doc = cJSON_Parse(j2);
    g_assert_no_error(e);
    g_assert_cmpuint(stalls->rows->len, ==, 5);
    g_assert_cmpuint(lines->rows->len, ==, 0);
    g_assert_cmpuint(stores->rows->len, ==, 5);
    for (guint i = 0; i < stores->rows->len; i++) {
      const AnStoreRow *s = g_ptr_array_index(stores->rows, i);
      g_assert_cmpint(s->abc, ==, 'C');
      g_assert_false(s->core);
      g_assert_false(s->score.defined);
    }
    for (guint i = 0; i < stalls->rows->len; i++) {
      const AnStallRow *s = g_ptr_array_index(stalls->rows, i);
      assert_ratio(s->percentile, 50);               /* all tied at 0 */
      g_assert_false(s->avg_ticket_defined);
    }
    g_assert_nonnull(doc);
    g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "rows")), ==, 0);
    g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "totals"), "growth")));
    cJSON_Delete(doc);
    g_assert_null(strstr(j1, "nan"));
    g_assert_null(strstr(j3, "nan"));
    g_assert_cmpstr(strstr(csv, "\r\n") + 2, ==, "");   /* a header and no rows */
    pdf = an_report_pdf_bytes(&set, &e);
    g_assert_no_error(e);
    g_assert_true(memcmp(g_bytes_get_data(pdf, NULL), "%PDF-", 5) == 0);
  }
}

/* Pinned fields, null last_sync and onnuri_share, CSV quoting and formulas. */
static void test_writers(void)
{
  static const char *const pinned[] = { "stall", "revenue", "receipts", "avg_ticket",
                                        "percentile", "onnuri_share", "last_sync" };
  g_autoptr(AnDataset) ds = market();
  g_autoptr(AnStallsReport) r = week(ds, "M", AN_COMPARE_PREVIOUS);
  g_autofree char *json = an_stalls_to_json(r);
  gsize len = 0;
  g_autofree char *csv = an_stalls_to_csv(r, AN_HEADER_NAMES, &len);
  cJSON *doc = cJSON_Parse(json), *row;
  g_assert_nonnull(doc);
  cJSON_ArrayForEach(row, cJSON_GetObjectItem(doc, "rows")) {
    const char *code = cJSON_GetObjectItem(row, "stall")->valuestring;
    for (guint i = 0; i < G_N_ELEMENTS(pinned); i++)
      g_assert_nonnull(cJSON_GetObjectItemCaseSensitive(row, pinned[i]));
    if (strcmp(code, "D") == 0) {
      g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "last_sync")));
      g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "avg_ticket")));
      g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(row, "onnuri_share")));
    }
    if (strcmp(code, "A") == 0) {
      g_assert_cmpstr(cJSON_GetObjectItem(row, "last_sync")->valuestring, ==,
                      "2024-04-07T20:00:00+09:00");
      cJSON *daily = cJSON_GetObjectItem(row, "daily");
      cJSON *heat = cJSON_GetObjectItem(cJSON_GetObjectItem(row, "heatmap"), "revenue");
      g_assert_cmpstr(cJSON_GetObjectItem(daily, "from")->valuestring, ==, "2024-04-01");
      g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(daily, "revenue")), ==, 7);
      g_assert_cmpfloat(cJSON_GetArrayItem(cJSON_GetObjectItem(daily, "revenue"), 5)->valuedouble,
                        ==, 2400000);
      g_assert_cmpfloat(cJSON_GetArrayItem(cJSON_GetArrayItem(heat, 5), 15)->valuedouble, ==,
                        2400000);
    }
  }
  cJSON_Delete(doc);
  /* BOM, CRLF only (no bare LF), a name with a comma and quotes quoted and
  ** doubled, a name that starts a formula defused with an apostrophe. */
  g_assert_true(memcmp(csv, "\xEF\xBB\xBF", 3) == 0);
  for (gsize i = 0; i < len; i++)
    if (csv[i] == '\n')
      g_assert_cmpint(csv[i - 1], ==, '\r');
  g_assert_nonnull(strstr(csv, ",\"김씨네, \"\"원조\"\"\","));
  g_assert_nonnull(strstr(csv, ",\"'=HYPERLINK(\"\"x\"\")\","));
  g_assert_nonnull(strstr(csv, "2024-04-07T20:00:00+09:00"));
  g_assert_nonnull(strstr(csv, ",D,새가게,0,0,,0,,0,0,,FALSE,,TRUE,"));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/stalls/rank-percentile-sync", test_rank_percentile_sync);
  g_test_add_func("/analytics/stalls/voids-refunds", test_voids_refunds);
  g_test_add_func("/analytics/stalls/payments-heatmap", test_payments_heatmap);
  g_test_add_func("/analytics/stalls/one-stall", test_one_stall);
  g_test_add_func("/analytics/stalls/empty-period", test_empty_period);
  g_test_add_func("/analytics/stalls/writers", test_writers);
  return g_test_run();
}
