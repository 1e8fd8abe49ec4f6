/*
** test-hub-stores.c: the same events give the same reports, byte for byte,
** from a hub on SQLite and a hub on PostgreSQL.
**
** Both hubs are seeded with the same generated world (seed is
** deterministic for a given --seed and --until), which goes through each
** store's real ingest: sales, voids and refunds over several months, so
** the periods below cross month boundaries (both stores read whole months
** from their month tables and the ragged ends from the day tables: each
** store's own split must still agree).  Then every kind and format market-report writes is asked of
** both, over a period with ragged ends, one inside a month, and with each
** comparison period, and the files must be identical; and the JSON and
** CSV reports once more as a PostgreSQL `market-hub serve` answers them
** (its pool splits a report over two connections).
**
** Then the PostgreSQL hub is taken back to schema 1 and migrated (the
** month tables filled from the day rows) and must agree again, and a
** damaged cell row must be refused as the database's fault.
**
** Needs the test cluster (MPOS_TEST_PG, the pg fixture).
*/
#include "hub-testutil.h"

static char *dir, *sq_db, *pg_db;

/* init and seed a hub; the same world whatever the store. */
static void seed(const char *db)
{
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "init", NULL), ==, 0);
  g_autofree char *err = NULL;
  int rc = ht_cmd(db, NULL, &err, "seed", "--markets", "3", "--stalls", "3", "--days", "75",
                  "--until", "2026-11-20", "--seed", "7", NULL);
  if (rc != 0)
    g_error("seed %s: %s", db, err);
}

/* A report from one hub database: market-report's stdout. */
static char *report(const char *db, const char *kind, const char *format, const char *market,
                    const char *from, const char *to, const char *compare, gsize *len)
{
  char *argv[] = {(char *)tu_env("MPOS_REPORT"), (char *)kind, "--db", (char *)db,
                  "--market", (char *)market, "--from", (char *)from, "--to", (char *)to,
                  "--compare", (char *)compare, "--format", (char *)format, NULL};
  char *out = NULL;
  g_autofree char *err = NULL;
  int rc = tu_run(argv, &out, &err);
  if (rc != 0)
    g_error("market-report %s %s --db %s: %d %s", kind, format, db, rc, err);
  *len = strlen(out);
  return out;
}

static void setup(void)
{
  dir = tu_tmpdir();
  sq_db = g_build_filename(dir, "hub.sqlite", NULL);
  pg_db = ht_pg_database_new();
  seed(sq_db);
  seed(pg_db);
}

/* The seeded registry and raw rows are the same in both stores. */
static void test_same_rows(void)
{
  static const char *const q[] = {
    "SELECT count(*) FROM market", "SELECT count(*) FROM stall", "SELECT count(*) FROM event",
    "SELECT count(*) FROM doc", "SELECT count(*) FROM doc_line",
    "SELECT count(*) FROM doc_tender", "SELECT sum(total) FROM doc",
    "SELECT sum(total) FROM roll_day", "SELECT sum(receipts) FROM roll_day",
    "SELECT sum(revenue) FROM roll_line_day", "SELECT sum(receipts) FROM roll_line_day",
    "SELECT sum(revenue) FROM roll_market_line_day", "SELECT sum(revenue) FROM roll_hour",
    "SELECT sum(amount) FROM roll_tender", "SELECT count(*) FROM roll_day"};
  for (guint i = 0; i < G_N_ELEMENTS(q); i++) {
    int64_t a = ht_db_int(sq_db, q[i]), b = ht_db_int(pg_db, q[i]);
    if (a != b)
      g_error("%s: SQLite %" G_GINT64_FORMAT ", PostgreSQL %" G_GINT64_FORMAT, q[i], a, b);
    g_assert_cmpint(a, >, 0);
  }
}

/*
** Every kind and format, over periods that cut months in every way: ragged
** at both ends across two whole months, inside one month, and exactly one
** month; with each comparison.
*/
static void test_same_reports(void)
{
  static const char *const kinds[] = {"lines", "stores", "stalls", "all"};
  static const char *const formats[] = {"json", "csv", "pdf", "text"};
  static const char *const periods[][2] = {
    {"2026-09-13", "2026-11-18"}, {"2026-10-05", "2026-10-19"}, {"2026-10-01", "2026-10-31"}};
  static const char *const compares[] = {"previous", "last-year", "none"};
  guint compared = 0;
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    for (guint f = 0; f < G_N_ELEMENTS(formats); f++)
      for (guint p = 0; p < G_N_ELEMENTS(periods); p++)
        for (guint c = 0; c < G_N_ELEMENTS(compares); c++) {
          /* 'all' is the whole report: as PDF or as the plain-Korean summary */
          if (strcmp(kinds[k], "all") == 0 && f < 2)
            continue;
          gsize la = 0, lb = 0;
          g_autofree char *a = report(sq_db, kinds[k], formats[f], "M02", periods[p][0],
                                      periods[p][1], compares[c], &la);
          g_autofree char *b = report(pg_db, kinds[k], formats[f], "M02", periods[p][0],
                                      periods[p][1], compares[c], &lb);
          if (la != lb || memcmp(a, b, la) != 0)
            g_error("%s %s %s..%s --compare %s differs between the stores", kinds[k],
                    formats[f], periods[p][0], periods[p][1], compares[c]);
          g_assert_cmpuint(la, >, 0);
          compared++;
        }
  g_assert_cmpuint(compared, >, 40);
}

/*
** The same reports from `market-hub serve` on PostgreSQL, whose pool lets
** a report read its comparison periods on a second connection in the
** first one's snapshot (hub-store-pg-report.c): the bytes must still be
** the SQLite store's.  market-report --db opens one connection and so
** reads everything on it; this is the other path.
*/
static void test_same_reports_served(void)
{
  static const char *const kinds[] = {"lines", "stores", "stalls"};
  static const char *const periods[][2] = {{"2026-09-13", "2026-11-18"},
                                           {"2026-10-01", "2026-10-31"}};
  static const char *const compares[] = {"previous", "last-year"};
  g_autofree char *token = ht_secret(pg_db, "user", "add", "served", "--role", "admin", NULL);
  HtHub *hub = ht_hub_start(pg_db, NULL);
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    for (guint p = 0; p < G_N_ELEMENTS(periods); p++)
      for (guint c = 0; c < G_N_ELEMENTS(compares); c++)
        for (int f = 0; f < 2; f++) {
          const char *format = f == 0 ? "json" : "csv";
          gsize la = 0;
          g_autofree char *a = report(sq_db, kinds[k], format, "M02", periods[p][0],
                                      periods[p][1], compares[c], &la);
          g_autofree char *path = g_strdup_printf(
            "/v1/markets/M02/reports/%s?from=%s&to=%s&compare=%s&format=%s", kinds[k],
            periods[p][0], periods[p][1], compares[c], format);
          g_autofree char *b = NULL;
          g_assert_cmpint(ht_http("GET", hub, path, token, NULL, &b), ==, 200);
          if (strlen(b) != la || memcmp(a, b, la) != 0)
            g_error("%s served by the PostgreSQL hub differs from the SQLite store's", path);
        }
  g_assert_cmpint(mb_hub_stop(hub), ==, 0);
}

/*
** Schema 2 (PostgreSQL) added month tables and cells filled from the day
** rows.  The seeded hub is taken back to version 1 (schema 2's objects
** dropped, the version set back: what the old DDL alone made, with the
** same day rows; schema 3's engagements dropped as well), opened again
** by market-hub (which migrates), and must then give the SQLite store's
** reports again: a migration that filled nothing, or filled it wrong,
** would read empty or wrong months.
*/
static const char v2_tables[] =
  "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename IN"
  " ('roll_line_month', 'roll_market_line_month', 'roll_tender_month', 'roll_heat_day',"
  " 'roll_heat_month', 'roll_day_cells')";

static void test_migrated_from_v1(void)
{
  /* schema 3's engagement tables go too: the migrations after 1 all run again */
  ht_pg_exec(pg_db, "BEGIN; DROP TABLE engagement_stall, engagement;"
                    " DROP TABLE roll_line_month, roll_market_line_month,"
                    " roll_tender_month, roll_heat_day, roll_heat_month, roll_day_cells;"
                    " DROP AGGREGATE hub_cells_sum(integer, integer, bigint, bigint);"
                    " DROP FUNCTION hub_cells_step, hub_cells_add;"
                    " UPDATE meta SET value = '1' WHERE key = 'schema_version'; COMMIT");
  g_assert_cmpint(ht_db_int(pg_db, v2_tables), ==, 0);
  g_assert_cmpint(ht_cmd(pg_db, NULL, NULL, "market", "list", NULL), ==, 0);
  /* every migration after 1 ran: 2 (months) and 3 (engagements) */
  g_assert_cmpint(ht_db_int(pg_db, "SELECT value::integer FROM meta"
                                   " WHERE key = 'schema_version'"), ==, 3);
  g_assert_cmpint(ht_db_int(pg_db, v2_tables), ==, 6);
  g_assert_cmpint(ht_db_int(pg_db, "SELECT count(*) FROM pg_tables WHERE schemaname ="
                                   " current_schema() AND tablename LIKE 'engagement%'"), ==, 2);
  static const char *const same[] = {
    "SELECT count(*) FROM roll_line_month", "SELECT sum(revenue) FROM roll_line_month",
    "SELECT sum(receipts) FROM roll_market_line_month", "SELECT sum(amount) FROM roll_tender_month",
    "SELECT count(*) FROM roll_heat_day", "SELECT count(*) FROM roll_heat_month",
    "SELECT count(*) FROM roll_day_cells"};
  for (guint i = 0; i < G_N_ELEMENTS(same); i++)
    g_assert_cmpint(ht_db_int(pg_db, same[i]), ==, ht_db_int(sq_db, same[i]));
  /* ragged ends around a whole month: both the day and the month tables */
  static const char *const kinds[][2] = {{"stalls", "json"}, {"lines", "csv"}};
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
    gsize la = 0, lb = 0;
    g_autofree char *a = report(sq_db, kinds[k][0], kinds[k][1], "M02", "2026-09-13",
                                "2026-11-18", "previous", &la);
    g_autofree char *b = report(pg_db, kinds[k][0], kinds[k][1], "M02", "2026-09-13",
                                "2026-11-18", "previous", &lb);
    if (la != lb || memcmp(a, b, la) != 0)
      g_error("%s %s differs after the migration", kinds[k][0], kinds[k][1]);
  }
}

/*
** A damaged cell row is the database's fault, said as such (db, exit 6),
** never a report with a day that does not exist: figures on the 31st of
** September; so is a statement that fails among the report's pipelined
** reads.  Last, on the migrated hub.
*/
static void test_damaged_cells(void)
{
  ht_pg_exec(pg_db, "UPDATE roll_day_cells SET cells = overlay(cells PLACING int8send(1)"
                    " FROM 481 FOR 8) WHERE month = '2026-09'");
  char *argv[] = {(char *)tu_env("MPOS_REPORT"), "stalls", "--db", pg_db, "--market", "M02",
                  "--from", "2026-09-01", "--to", "2026-09-30", "--format", "json", NULL};
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(tu_run(argv, &out, &err), ==, 6);
  g_assert_nonnull(strstr(err, "roll_day_cells: a day after the month's end"));
  g_assert_nonnull(strstr(err, "db"));

  /* a statement failing in the middle of the report's one pipeline: the
  ** report is refused, and the next one (the table back) is whole again */
  ht_pg_exec(pg_db, "ALTER TABLE roll_tender_month RENAME TO roll_tender_month_gone");
  char *stalls[] = {(char *)tu_env("MPOS_REPORT"), "stalls", "--db", pg_db, "--market", "M02",
                    "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json", NULL};
  g_clear_pointer(&out, g_free);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(tu_run(stalls, &out, &err), ==, 6);
  g_assert_nonnull(strstr(err, "reading the rollups"));
  ht_pg_exec(pg_db, "ALTER TABLE roll_tender_month_gone RENAME TO roll_tender_month");
  gsize la = 0, lb = 0;
  g_autofree char *a = report(sq_db, "stalls", "json", "M02", "2026-10-01", "2026-10-31",
                              "none", &la);
  g_autofree char *b = report(pg_db, "stalls", "json", "M02", "2026-10-01", "2026-10-31",
                              "none", &lb);
  g_assert_true(la == lb && memcmp(a, b, la) == 0);
}

static void teardown(void)
{
  g_free(sq_db);
  g_free(pg_db);
  tu_tmpdir_free(dir);
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {{"/hub-stores/same-rows", test_same_rows},
                                 {"/hub-stores/same-reports", test_same_reports},
                                 {"/hub-stores/same-reports-served", test_same_reports_served},
                                 {"/hub-stores/migrated-from-v1", test_migrated_from_v1},
                                 {"/hub-stores/damaged-cells", test_damaged_cells},
                                 {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, tests);
}
