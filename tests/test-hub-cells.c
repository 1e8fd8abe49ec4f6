/*
** test-hub-cells.c: the heatmap cell blobs (hub-cells.h) and their SQL
** functions, and what a report says about a database whose cells are bad.
**
**  - /hub-cells/add: cells_add sums element by element, takes a NULL as
**    nothing, and refuses blobs of other sizes, non-blobs and overflow;
**  - /hub-cells/sum: cells_sum builds the blob of a GROUP BY, and refuses a
**    pair index or a size out of range;
**  - /hub-cells/decode: a blob of the wrong size is refused, the sum left
**    alone;
**  - /hub-cells/corrupt-hub: a report over a month whose cells are cut
**    short, or hold a day the month does not have, fails with the store's
**    DB error naming the table.
*/
#include "hub-cells.h"
#include "hub-report.h"
#include "testutil.h"
#include <string.h>

static sqlite3 *memory_db(void)
{
  sqlite3 *db;
  g_assert_cmpint(sqlite3_open(":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint(hub_cells_register(db), ==, SQLITE_OK);
  return db;
}

/*
** Runs a one-value query; on success the blob's cells (n of them) go to
** out; otherwise the error message comes back (transfer full).
*/
static char *query_cells(sqlite3 *db, const char *sql, int64_t *out, guint n, int *type)
{
  sqlite3_stmt *st;
  char *err = NULL;
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &st, NULL), ==, SQLITE_OK);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *type = sqlite3_column_type(st, 0);
    if (*type == SQLITE_BLOB) {
      memset(out, 0, n * sizeof *out);
      g_assert_true(hub_cells_add_blob(out, n, sqlite3_column_blob(st, 0),
                                       sqlite3_column_bytes(st, 0)));
    }
  } else {
    err = g_strdup(sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  return err;
}

/* A blob literal of little-endian int64 from a list of values. */
static char *blob_literal(const int64_t *v, guint n)
{
  g_autofree guint8 *bytes = g_malloc(8 * n);
  GString *s = g_string_new("x'");
  hub_cells_encode(v, n, bytes);
  for (guint i = 0; i < 8 * n; i++)
    g_string_append_printf(s, "%02x", bytes[i]);
  g_string_append_c(s, '\'');
  return g_string_free(s, FALSE);
}

static void test_add(void)
{
  sqlite3 *db = memory_db();
  const int64_t a[4] = {1000, 2, -500, 7};
  const int64_t b[4] = {250, 1, 500, G_MAXINT64 - 7};
  g_autofree char *la = blob_literal(a, 4);
  g_autofree char *lb = blob_literal(b, 4);
  g_autofree char *sum_sql = g_strdup_printf("SELECT cells_add(%s, %s)", la, lb);
  int64_t out[4];
  int type = 0;
  g_autofree char *err = query_cells(db, sum_sql, out, 4, &type);
  g_assert_null(err);
  g_assert_cmpint(type, ==, SQLITE_BLOB);
  g_assert_cmpint(out[0], ==, 1250);
  g_assert_cmpint(out[1], ==, 3);
  g_assert_cmpint(out[2], ==, 0);
  g_assert_cmpint(out[3], ==, G_MAXINT64);

  g_autofree char *null_sql = g_strdup_printf("SELECT cells_add(NULL, %s)", lb);
  g_autofree char *err2 = query_cells(db, null_sql, out, 4, &type);
  g_assert_null(err2);
  g_assert_cmpint(out[3], ==, G_MAXINT64 - 7);

  static const char *const bad[] = {"SELECT cells_add(x'0100000000000000', x'01')",
                                    "SELECT cells_add(x'01', x'01')",
                                    "SELECT cells_add(x'0100000000000000', 'text')"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *e = query_cells(db, bad[i], out, 4, &type);
    g_assert_nonnull(e);
    g_assert_true(g_str_has_prefix(e, "cells_add:"));
  }
  /* the last cell of b + b overflows */
  g_autofree char *over_sql = g_strdup_printf("SELECT cells_add(%s, %s)", lb, lb);
  g_autofree char *e3 = query_cells(db, over_sql, out, 4, &type);
  g_assert_cmpstr(e3, ==, "cells_add: a cell overflows int64");
  sqlite3_close(db);
}

static void test_sum(void)
{
  sqlite3 *db = memory_db();
  int64_t out[48];
  int type = 0;
  g_autofree char *err =
    query_cells(db, "SELECT cells_sum(24, column1, column2, column3) FROM (VALUES (7, 1000, 1), (7, 500, 2),"
                    " (23, -300, -1), (0, 5, 1))", out, 48, &type);
  g_assert_null(err);
  g_assert_cmpint(out[14], ==, 1500);
  g_assert_cmpint(out[15], ==, 3);
  g_assert_cmpint(out[46], ==, -300);
  g_assert_cmpint(out[47], ==, -1);
  g_assert_cmpint(out[0], ==, 5);
  g_assert_cmpint(out[1], ==, 1);
  int64_t rest = 0;
  for (guint i = 2; i < 14; i++)
    rest += out[i] != 0;
  g_assert_cmpint(rest, ==, 0);

  /* no rows: NULL, not an empty blob */
  g_autofree char *e0 =
    query_cells(db, "SELECT cells_sum(24, 1, 1, 1) WHERE 0", out, 48, &type);
  g_assert_null(e0);
  g_assert_cmpint(type, ==, SQLITE_NULL);

  static const char *const bad[] = {
    "SELECT cells_sum(24, 24, 1, 1)",
    "SELECT cells_sum(24, -1, 1, 1)",
    "SELECT cells_sum(0, 0, 1, 1)",
    "SELECT cells_sum(169, 0, 1, 1)",
    "SELECT cells_sum(column1, 0, 1, 1) FROM (VALUES (24), (168))",
    "SELECT cells_sum(24, 0, column1, 1) FROM (VALUES (9223372036854775807), (1))",
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *e = query_cells(db, bad[i], out, 48, &type);
    g_test_message("%s: %s", bad[i], e ? e : "(no error)");
    g_assert_nonnull(e);
    g_assert_true(g_str_has_prefix(e, "cells_sum:"));
  }
  sqlite3_close(db);
}

static void test_decode(void)
{
  int64_t sum[2] = {5, 6};
  const int64_t one[2] = {1, 1};
  guint8 blob[16];
  hub_cells_encode(one, 2, blob);
  g_assert_false(hub_cells_add_blob(sum, 2, blob, 15));
  g_assert_false(hub_cells_add_blob(sum, 2, blob, 24));
  g_assert_false(hub_cells_add_blob(sum, 2, NULL, 0));
  g_assert_cmpint(sum[0], ==, 5);
  g_assert_cmpint(sum[1], ==, 6);
  g_assert_true(hub_cells_add_blob(sum, 2, blob, 16));
  g_assert_cmpint(sum[0], ==, 6);
  g_assert_cmpint(sum[1], ==, 7);
}

/*
** Writes behind the open hub's back: its own connection to the file runs sql.
** The corrupt-hub test cuts cells short three times this way.
*/
static void corrupt_with(const char *path, const char *sql)
{
  sqlite3 *db;
  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close(db);
}

/* A hub with one market and stall whose October heatmap is cut to 100 bytes. */
static void test_corrupt_hub(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "hub.sqlite", NULL);
  g_autoptr(GError) e = NULL;
  HubStore *store = hub_store_open(path, HUB_OPEN_CREATE, 2, &e);
  g_assert_no_error(e);
  /* as `market-hub serve` sizes its readers */
  g_assert_true(hub_store_cache_readers(store, 8, &e));
  g_assert_true(hub_store_market_add(store, "M01", "가상시장", &e));
  g_assert_true(hub_store_stall_add(store, "M01-S01", "M01", "채소가게", &e));
  corrupt_with(path, "INSERT INTO roll_heat_month SELECT id, '2026-10', zeroblob(100) FROM stall");
  /* lines do not read the heatmap; stalls do, and say what is wrong */
  g_autoptr(GBytes) lines = hub_report_build(store, HUB_REPORT_LINES, "M01", "2026-10-01",
                                             "2026-10-31", AN_COMPARE_NONE, HUB_FORMAT_JSON, &e);
  g_assert_no_error(e);
  g_assert_nonnull(lines);
  g_autoptr(GBytes) stalls = hub_report_build(store, HUB_REPORT_STALLS, "M01", "2026-10-01",
                                              "2026-10-31", AN_COMPARE_NONE, HUB_FORMAT_JSON, &e);
  g_assert_null(stalls);
  g_assert_error(e, HUB_ERROR, HUB_ERROR_DB);
  g_assert_nonnull(strstr(e->message, "roll_heat_month"));
  /* a period with no whole month reads the day cells only: no error */
  g_clear_error(&e);
  g_autoptr(GBytes) part = hub_report_build(store, HUB_REPORT_STALLS, "M01", "2026-10-02",
                                            "2026-10-31", AN_COMPARE_NONE, HUB_FORMAT_JSON, &e);
  g_assert_no_error(e);
  g_assert_nonnull(part);
  /* ... unless a day's cells are cut short */
  corrupt_with(path, "INSERT INTO roll_heat_day SELECT id, '2026-11-05', zeroblob(100) FROM stall");
  g_autoptr(GBytes) cut = hub_report_build(store, HUB_REPORT_STALLS, "M01", "2026-11-02",
                                           "2026-11-20", AN_COMPARE_NONE, HUB_FORMAT_JSON, &e);
  g_assert_null(cut);
  g_assert_error(e, HUB_ERROR, HUB_ERROR_DB);
  g_assert_cmpstr(e->message, ==, "roll_heat_day: cells of the wrong size");

  /* daily totals: August cut short, and September with figures on a 31st */
  int64_t september[HUB_DAY_CELLS_PAIRS * 2] = {0};
  september[2 * 30] = 5000;
  september[2 * 30 + 1] = 1;
  g_autofree char *sep = blob_literal(september, G_N_ELEMENTS(september));
  g_autofree char *insert = g_strdup_printf(
    "INSERT INTO roll_day_cells SELECT id, '2026-08', zeroblob(40) FROM stall;"
    "INSERT INTO roll_day_cells SELECT id, '2026-09', %s FROM stall", sep);
  corrupt_with(path, insert);
  static const struct { const char *from, *to, *says; } days[] = {
    {"2026-08-01", "2026-08-31", "roll_day_cells: cells of the wrong size"},
    {"2026-09-01", "2026-09-30", "roll_day_cells: a day after the month's end"},
    /* both as the comparison period of October and November: summed, still checked */
    {"2026-10-01", "2026-11-30", "roll_day_cells: cells of the wrong size"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(days); i++) {
    g_clear_error(&e);
    g_autoptr(GBytes) b = hub_report_build(store, HUB_REPORT_LINES, "M01", days[i].from,
                                           days[i].to, AN_COMPARE_PREVIOUS, HUB_FORMAT_JSON, &e);
    g_assert_null(b);
    g_assert_error(e, HUB_ERROR, HUB_ERROR_DB);
    g_assert_cmpstr(e->message, ==, days[i].says);
  }
  hub_store_close(store);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/hub-cells/add", test_add);
  g_test_add_func("/hub-cells/sum", test_sum);
  g_test_add_func("/hub-cells/decode", test_decode);
  g_test_add_func("/hub-cells/corrupt-hub", test_corrupt_hub);
  return g_test_run();
}
