/*
** test-hub-stores.c: the same events give the same reports, byte for byte,
** from a hub on SQLite and a hub on PostgreSQL.
**
** Both hubs are seeded with the same generated world (seed is
** deterministic for a given --seed and --until), which goes through each
** store's real ingest: sales, voids and refunds over several months, so
** the periods below cross month boundaries (the SQLite store reads whole
** months from its month tables, PostgreSQL sums days: the two must still
** agree).  Then every kind and format market-report writes is asked of
** both, over a period with ragged ends, one inside a month, and with each
** comparison period, and the files must be identical.
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
                                 {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, tests);
}
