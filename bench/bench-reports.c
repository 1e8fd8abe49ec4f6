/*
** bench-reports.c: how long the market reports take, and what the rollups
** cost at ingest.
**
**   bench-reports market-year [STALLS] [DAYS] [DIR]   (default 200, 365)
**   bench-reports city-year [MARKETS] [STALLS] [DAYS] [DIR]  (default 50, 100, 365)
**   bench-reports city-year-pg [MARKETS] [STALLS] [DAYS]     (the same on PostgreSQL)
**   bench-reports existing HUB [MARKET]               (default M01)
**   bench-reports period HUB MARKET FROM TO [RUNS]    (default 5)
**   bench-reports one HUB MARKET KIND FORMAT FROM TO [RUNS]  (default 20)
**
** market-year: generates one market's year with the seed generator and
** feeds it through the real ingest (hub_seed_run: documents, lines, tenders
** and the rollups, in the ingest's own transactions), then times every
** report end to end from the store (hub_report_build: load from the
** rollups, measures, writer), five runs each, and the same product-line
** figures computed as plain SQL over the raw document lines.
**
** city-year: its raw lines would not fit this machine, so the rollup rows
** of every stall and day are written straight into a fresh hub (plausible
** figures from a fixed seed, no documents), then the reports of one market
** are timed the same way: the city is the reference every market's LQ,
** shift-share and price index read.  city-year-pg writes the same rows
** (same generator, same seed) with COPY into a PostgreSQL hub made afresh
** on the server of $MPOS_BENCH_PG (bench/with-pg.sh).
**
** existing: HUB is a SQLite file or a PostgreSQL database string (as
** `market-hub --db` takes it), so the same reports are timed on either
** store of the same data.
**
** period: the three JSON reports of one market and period against the
** period before, each built once unmeasured (so the readers' pages and
** the heap are warm) and then RUNS times, for bench/duckdb/peer.mjs, which
** reads these lines.  Every report line ends with the median CPU time of
** the process over the same runs, the figure to compare under load.
**
** one: a single report (e.g. all pdf), built once unmeasured and then RUNS
** times, the same line as period's: what to run under `perf record`.
**
** The rollups' share of ingest is measured separately with callgrind (see
** docs/BENCHMARKS.md): instructions are repeatable where seconds are not.
*/
#include "mb-clock.h"
#include "hub-report.h"
#include "hub-cells.h"
#include "hub-seed.h"
#include "hub-store-sqlite.h"
#include "hub-store-pg.h"
#include <libpq-fe.h>
#include <sqlite3.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void die(const char *what, GError *e)
{
  fprintf(stderr, "bench-reports: %s: %s\n", what, e ? e->message : "failed");
  exit(1);
}

/*
** The process's CPU time in ms: on a machine shared with other work the
** wall time of a report counts the waits for a core, its CPU time only
** its own work (one thread builds a report).
*/
static double cpu_ms(void)
{
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* RUNS timed runs of one report, after one untimed when warm: median, min, max in ms. */
static void time_report_runs(HubStore *store, HubReportKind kind, HubReportFormat format,
                             const char *market, const char *from, const char *to, int runs,
                             gboolean warm)
{
  static const char *const kinds[] = {"lines", "stores", "stalls", "all"};
  static const char *const formats[] = {"json", "csv", "pdf", "text", "xlsx", "csv-ko"};
  g_autofree double *ms = g_new(double, runs);
  g_autofree double *cpu = g_new(double, runs);
  gsize size = 0;
  for (int i = warm ? -1 : 0; i < runs; i++) {
    g_autoptr(GError) e = NULL;
    gint64 t0 = g_get_monotonic_time();
    double c0 = cpu_ms();
    g_autoptr(GBytes) b =
      hub_report_build(store, kind, market, from, to, AN_COMPARE_PREVIOUS, format, &e);
    if (i >= 0) {
      ms[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
      cpu[i] = cpu_ms() - c0;
    }
    if (b == NULL)
      die("report", e);
    size = g_bytes_get_size(b);
  }
  qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
  qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
  printf("  %-6s %-4s  median %8.1f ms  (min %.1f, max %.1f)  %zu bytes  cpu %.1f ms\n",
         kinds[kind], formats[format], ms[runs / 2], ms[0], ms[runs - 1], size, cpu[runs / 2]);
}

/* Five timed runs of one report, the first cold where the store is. */
static void time_report(HubStore *store, HubReportKind kind, HubReportFormat format,
                        const char *market, const char *from, const char *to)
{
  time_report_runs(store, kind, format, market, from, to, 5, FALSE);
}

static void time_all(HubStore *store, const char *market, const char *from, const char *to)
{
  printf("reports of %s for %s .. %s against the period before:\n", market, from, to);
  for (int k = HUB_REPORT_LINES; k <= HUB_REPORT_STALLS; k++) {
    time_report(store, (HubReportKind)k, HUB_FORMAT_JSON, market, from, to);
    time_report(store, (HubReportKind)k, HUB_FORMAT_CSV, market, from, to);
  }
  time_report(store, HUB_REPORT_ALL, HUB_FORMAT_PDF, market, from, to);
}

/* The product-line revenue and receipts of a market straight from raw lines. */
static void time_raw_sql(const char *path, const char *from, const char *to)
{
  sqlite3 *db;
  double ms[5];
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die("open raw", NULL);
  for (int i = 0; i < 5; i++) {
    sqlite3_stmt *st;
    gint64 t0 = g_get_monotonic_time();
    sqlite3_prepare_v2(db,
                       "SELECT d.stall_id, l.line_code, sum(l.net), sum(l.qty_milli),"
                       " count(DISTINCT d.id) FROM doc d JOIN doc_line l ON l.doc = d.id"
                       " WHERE d.business_day BETWEEN ?1 AND ?2"
                       " GROUP BY d.stall_id, l.line_code", -1, &st, NULL);
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
      rows++;
    sqlite3_finalize(st);
    ms[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
    if (rows == 0)
      die("raw SQL found no rows", NULL);
  }
  qsort(ms, 5, sizeof *ms, cmp_double);
  printf("  raw SQL, line x stall sums over the period's raw lines: median %.1f ms"
         " (min %.1f, max %.1f)\n", ms[2], ms[0], ms[4]);
  sqlite3_close(db);
}

static HubStore *fresh_hub(const char *dir, char **path)
{
  g_autoptr(GError) e = NULL;
  *path = g_build_filename(dir, "bench-hub.sqlite", NULL);
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *f = g_strconcat(*path, suffixes[i], NULL);
    remove(f);
  }
  HubStore *store = hub_store_open(*path, HUB_OPEN_CREATE, 2, &e);
  if (store && !hub_store_cache_readers(store, 64, &e))
    die("hub", e);
  g_autoptr(GPtrArray) lines = store ? hub_taxonomy_parse(hub_taxonomy_builtin(), &e) : NULL;
  if (lines == NULL || !hub_store_taxonomy_import(store, lines, &e))
    die("hub", e);
  return store;
}

static int market_year(int stalls, int days, const char *dir)
{
  g_autofree char *path = NULL;
  g_autoptr(HubStore) store = fresh_hub(dir, &path);
  SeedOptions o;
  HubSeedStats st;
  g_autoptr(GError) e = NULL;
  seed_options_init(&o);
  o.markets = 1;
  o.stalls = stalls;
  o.days = days;
  if (!hub_seed_run(store, &o, NULL, NULL, &st, &e))
    die("seed", e);
  printf("market-year: %d stalls x %d days = %" G_GUINT64_FORMAT " documents through the"
         " real ingest in %.1f s = %.0f documents/s\n", stalls, days, st.documents, st.seconds,
         (double)st.documents / st.seconds);
  time_all(store, "M01", "2026-10-27", "2026-11-25");
  time_all(store, "M01", "2026-01-01", "2026-06-30");
  time_raw_sql(path, "2026-10-27", "2026-11-25");
  time_raw_sql(path, "2026-01-01", "2026-06-30");
  return 0;
}

/*
** Where city-year's rollup rows go: bound statements on a SQLite hub, or
** COPY text on a PostgreSQL one (sent every 100 stalls, one COPY a table:
** a connection runs one COPY at a time).  The PostgreSQL tables carry the
** market first in their keys; stall ids are made 1, 2, ... in market
** order, so a stall's market is (id - 1) / stalls + 1.
*/
typedef struct {
  sqlite3_stmt *ld, *dy, *hr, *tn;
  PGconn *pg;
  GString *copy_ld, *copy_dy, *copy_hr, *copy_tn;
  int stalls;
} CitySink;

static void city_copy(CitySink *k, const char *sql, GString *rows)
{
  PGresult *res = PQexec(k->pg, sql);
  gboolean ok = PQresultStatus(res) == PGRES_COPY_IN;
  PQclear(res);
  ok = ok && PQputCopyData(k->pg, rows->str, (int)rows->len) == 1
       && PQputCopyEnd(k->pg, NULL) == 1;
  while ((res = PQgetResult(k->pg)) != NULL) {
    ok = ok && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
  }
  if (!ok)
    die(PQerrorMessage(k->pg), NULL);
  g_string_truncate(rows, 0);
}

static void city_flush(CitySink *k)
{
  if (k->pg == NULL)
    return;
  city_copy(k, "COPY roll_line_day FROM STDIN", k->copy_ld);
  city_copy(k, "COPY roll_day FROM STDIN", k->copy_dy);
  city_copy(k, "COPY roll_hour FROM STDIN", k->copy_hr);
  city_copy(k, "COPY roll_tender FROM STDIN", k->copy_tn);
}

static void city_line(CitySink *k, int id, const char *day, const char *line, int64_t rev,
                      int receipts)
{
  if (k->pg) {
    g_string_append_printf(k->copy_ld, "%d\t%d\t%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                           "\t%d\t%d\n", (id - 1) / k->stalls + 1, id, day, line, rev, rev / 10,
                           receipts, receipts);
    return;
  }
  sqlite3_bind_int(k->ld, 1, id);
  sqlite3_bind_text(k->ld, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(k->ld, 3, line, -1, SQLITE_STATIC);
  sqlite3_bind_int64(k->ld, 4, rev);
  sqlite3_bind_int64(k->ld, 5, rev / 10);
  sqlite3_bind_int(k->ld, 6, receipts);
  sqlite3_bind_int(k->ld, 7, receipts);
  sqlite3_step(k->ld);
  sqlite3_reset(k->ld);
}

/* roll_day: sales = receipts, gross = total, a quarter taxable. */
static void city_day(CitySink *k, int id, const char *day, int receipts, int64_t total)
{
  const int64_t taxable = total / 4, supply = total / 4 * 10 / 11;
  if (k->pg) {
    g_string_append_printf(k->copy_dy, "%d\t%d\t%s\t%d\t0\t0\t%d\t%" G_GINT64_FORMAT
                           "\t0\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                           "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t0\n",
                           (id - 1) / k->stalls + 1, id, day, receipts, receipts, total, total,
                           taxable, supply, taxable - supply, total - taxable);
    return;
  }
  sqlite3_bind_int(k->dy, 1, id);
  sqlite3_bind_text(k->dy, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(k->dy, 3, receipts);
  sqlite3_bind_int64(k->dy, 4, total);
  sqlite3_bind_int64(k->dy, 5, taxable);
  sqlite3_bind_int64(k->dy, 6, supply);
  sqlite3_bind_int64(k->dy, 7, taxable - supply);
  sqlite3_bind_int64(k->dy, 8, total - taxable);
  sqlite3_step(k->dy);
  sqlite3_reset(k->dy);
}

static void city_hour(CitySink *k, int id, const char *day, int hour, int64_t revenue,
                      int receipts)
{
  if (k->pg) {
    g_string_append_printf(k->copy_hr, "%d\t%d\t%s\t%d\t%" G_GINT64_FORMAT "\t%d\n",
                           (id - 1) / k->stalls + 1, id, day, hour, revenue, receipts);
    return;
  }
  sqlite3_bind_int(k->hr, 1, id);
  sqlite3_bind_text(k->hr, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(k->hr, 3, hour);
  sqlite3_bind_int64(k->hr, 4, revenue);
  sqlite3_bind_int(k->hr, 5, receipts);
  sqlite3_step(k->hr);
  sqlite3_reset(k->hr);
}

static void city_tender(CitySink *k, int id, const char *day, const char *method, int64_t amount)
{
  if (k->pg) {
    g_string_append_printf(k->copy_tn, "%d\t%d\t%s\t%s\t%" G_GINT64_FORMAT "\n",
                           (id - 1) / k->stalls + 1, id, day, method, amount);
    return;
  }
  sqlite3_bind_int(k->tn, 1, id);
  sqlite3_bind_text(k->tn, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(k->tn, 3, method, -1, SQLITE_STATIC);
  sqlite3_bind_int64(k->tn, 4, amount);
  sqlite3_step(k->tn);
  sqlite3_reset(k->tn);
}

/* A store on pg (a PostgreSQL server string; NULL: a SQLite file in dir). */
static HubStore *fresh_city_hub(const char *pg, const char *dir, char **path)
{
  if (pg == NULL)
    return fresh_hub(dir, path);
  PGconn *c = PQconnectdb(pg);
  PGresult *res = PQexec(c, "DROP DATABASE IF EXISTS bench_city");
  PQclear(res);
  res = PQexec(c, "CREATE DATABASE bench_city");
  if (PQresultStatus(res) != PGRES_COMMAND_OK)
    die(PQerrorMessage(c), NULL);
  PQclear(res);
  PQfinish(c);
  *path = g_strdup_printf("%s dbname=bench_city", pg);
  g_autoptr(GError) e = NULL;
  HubStore *store = hub_store_open(*path, HUB_OPEN_CREATE, 2, &e);
  g_autoptr(GPtrArray) lines = store ? hub_taxonomy_parse(hub_taxonomy_builtin(), &e) : NULL;
  if (lines == NULL || !hub_store_taxonomy_import(store, lines, &e))
    die("hub", e);
  return store;
}

/*
** Rollup rows straight into the store: no documents, plausible sums, the
** same rows from the same seed on either store (pg: a PostgreSQL server
** string, in whose database bench_city the hub is made; NULL: SQLite).
*/
static int city_year(int markets, int stalls, int days, const char *dir, const char *pg)
{
  static const char *const lines[] = {"VEG", "FRUIT", "FISH", "MEAT", "BANCHAN", "TTEOK",
                                      "DRIED", "GRAIN", "HERB", "CLOTH", "HOUSE", "EATERY"};
  static const char *const methods[] = {"cash", "card", "zeropay", "onnuri-paper"};
  g_autofree char *path = NULL;
  g_autoptr(HubStore) store = fresh_city_hub(pg, dir, &path);
  g_autoptr(GError) e = NULL;
  for (int m = 1; m <= markets; m++) {
    g_autofree char *mc = g_strdup_printf("M%02d", m);
    g_autofree char *name = g_strdup_printf("가상시장 %d", m);
    if (!hub_store_market_add(store, mc, name, &e))
      die("market", e);
    for (int s = 1; s <= stalls; s++) {
      g_autofree char *sc = g_strdup_printf("%s-S%03d", mc, s);
      if (!hub_store_stall_add(store, sc, mc, sc, &e))
        die("stall", e);
    }
  }
  CitySink k = {.stalls = stalls};
  sqlite3 *db = NULL;
  if (pg) {
    k.pg = PQconnectdb(path);
    PGresult *res = PQexec(k.pg, "BEGIN");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
      die(PQerrorMessage(k.pg), NULL);
    PQclear(res);
    k.copy_ld = g_string_new(NULL);
    k.copy_dy = g_string_new(NULL);
    k.copy_hr = g_string_new(NULL);
    k.copy_tn = g_string_new(NULL);
  } else {
    if (sqlite3_open(path, &db) != SQLITE_OK)
      die("open", NULL);
    sqlite3_exec(db, "PRAGMA synchronous=OFF; BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO roll_line_day VALUES(?1,?2,?3,?4,?5,?6,?7)", -1, &k.ld,
                       NULL);
    sqlite3_prepare_v2(db, "INSERT INTO roll_day VALUES(?1,?2,?3,0,0,?3,?4,0,?4,?5,?6,?7,?8,0)",
                       -1, &k.dy, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO roll_hour VALUES(?1,?2,?3,?4,?5)", -1, &k.hr, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO roll_tender VALUES(?1,?2,?3,?4)", -1, &k.tn, NULL);
  }
  g_autoptr(GRand) r = g_rand_new_with_seed(20261126);
  gint64 t0 = g_get_monotonic_time();
  guint64 rows = 0;
  AnDay last;
  an_day_parse("2026-11-25", &last);
  for (int id = 1; id <= markets * stalls; id++) {
    int main_line = g_rand_int_range(r, 0, G_N_ELEMENTS(lines));
    for (int d = 0; d < days; d++) {
      char day[AN_DAY_ISO_LEN];
      an_day_format(last - d, day);
      int receipts = g_rand_int_range(r, 20, 80);
      int64_t total = 0;
      for (int l = 0; l < 3; l++) {
        int line = (main_line + l) % (int)G_N_ELEMENTS(lines);
        int64_t rev = (int64_t)receipts * g_rand_int_range(r, 3000, 30000) / (l + 1);
        total += rev;
        city_line(&k, id, day, lines[line], rev, receipts / (l + 1));
        rows++;
      }
      city_day(&k, id, day, receipts, total);
      for (int h = 8; h < 20; h += 2)
        city_hour(&k, id, day, h, total / 6, receipts / 6);
      for (guint m = 0; m < G_N_ELEMENTS(methods); m++)
        city_tender(&k, id, day, methods[m], total / 4);
      rows += 1 + 6 + G_N_ELEMENTS(methods);
    }
    if (id % 100 == 0)
      city_flush(&k);
  }
  city_flush(&k);
  if (pg) {
    /* what ingest keeps beside the stall rows: the market's line per day,
    ** and the month tables and cells of schema 2 */
    PGresult *res = PQexec(k.pg, "INSERT INTO roll_market_line_day SELECT market_id, day,"
                                 " line_code, sum(revenue), sum(qty_milli), sum(lines),"
                                 " sum(receipts) FROM roll_line_day GROUP BY 1, 2, 3");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
      die(PQerrorMessage(k.pg), NULL);
    PQclear(res);
    res = PQexec(k.pg, hub_pg_months_fill);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
      die(PQerrorMessage(k.pg), NULL);
    PQclear(res);
    /* left as `market-hub migrate --to` leaves a copy: vacuumed and analysed */
    for (int i = 0; i < 2; i++) {
      res = PQexec(k.pg, i == 0 ? "COMMIT" : "VACUUM (ANALYZE)");
      if (PQresultStatus(res) != PGRES_COMMAND_OK)
        die(PQerrorMessage(k.pg), NULL);
      PQclear(res);
    }
    PQfinish(k.pg);
    g_string_free(k.copy_ld, TRUE);
    g_string_free(k.copy_dy, TRUE);
    g_string_free(k.copy_hr, TRUE);
    g_string_free(k.copy_tn, TRUE);
  } else {
    sqlite3_finalize(k.ld);
    sqlite3_finalize(k.dy);
    sqlite3_finalize(k.hr);
    sqlite3_finalize(k.tn);
    /* what ingest keeps beside the stall rows: the market's line per day, and
    ** the month tables and heatmap cells of schema 3 */
    if (sqlite3_exec(db, "INSERT INTO roll_market_line_day SELECT s.market_id, r.day,"
                         " r.line_code, sum(r.revenue), sum(r.qty_milli), sum(r.lines),"
                         " sum(r.receipts) FROM roll_line_day r JOIN stall s"
                         " ON s.id = r.stall_id GROUP BY 1, 2, 3", NULL, NULL, NULL) != SQLITE_OK
        || hub_cells_register(db) != SQLITE_OK
        || sqlite3_exec(db, hub_sq_months_fill, NULL, NULL, NULL) != SQLITE_OK
        || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
      die(sqlite3_errmsg(db), NULL);
    sqlite3_close(db);
  }
  printf("city-year on %s: %d markets x %d stalls x %d days: %" G_GUINT64_FORMAT
         " rollup rows written straight in %.1f s (no raw lines: they would not fit)\n",
         pg ? "PostgreSQL" : "SQLite", markets, stalls, days, rows,
         (double)(g_get_monotonic_time() - t0) / 1e6);
  time_all(store, "M07", "2026-10-27", "2026-11-25");
  time_all(store, "M07", "2026-01-01", "2026-06-30");
  return 0;
}

/* The dataset load alone (the rollup reads), five runs: median in ms. */
static void time_load(HubStore *store, const char *market, const char *from, const char *to,
                      HubDatasetNeeds needs, const char *what)
{
  AnPeriod p[2];
  double ms[5];
  if (!an_period_parse(from, to, &p[0], NULL))
    die("period", NULL);
  p[1] = an_period_previous(p[0]);
  for (int i = 0; i < 5; i++) {
    g_autoptr(GError) e = NULL;
    gint64 t0 = g_get_monotonic_time();
    g_autoptr(AnDataset) ds = hub_store_dataset(store, market, p, 2, needs, &e);
    ms[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
    if (ds == NULL)
      die("load", e);
  }
  qsort(ms, 5, sizeof *ms, cmp_double);
  printf("  load for %-6s      median %8.1f ms  (min %.1f, max %.1f)\n", what, ms[2], ms[0],
         ms[4]);
}

/* The last day with sales ("" when none), read with the store's own client. */
static void last_sales_day(const char *path, char last[AN_DAY_ISO_LEN])
{
  if (hub_store_is_postgres(path)) {
    PGconn *pg = PQconnectdb(path);
    PGresult *res = PQexec(pg, "SELECT max(day) FROM roll_day");
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
      die(PQerrorMessage(pg), NULL);
    if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
      g_strlcpy(last, PQgetvalue(res, 0, 0), AN_DAY_ISO_LEN);
    PQclear(res);
    PQfinish(pg);
    return;
  }
  sqlite3 *db;
  sqlite3_stmt *st;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2(db, "SELECT max(day) FROM roll_day", -1, &st, NULL) != SQLITE_OK)
    die("open raw", NULL);
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
    g_strlcpy(last, (const char *)sqlite3_column_text(st, 0), AN_DAY_ISO_LEN);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/*
** Reports on a hub that already holds data (a market-year left by an
** earlier run, or a real hub): a month's ragged 30 days, a calendar month,
** the last 365 days and twelve whole months, each against the period
** before, ending on the last day with sales.
*/
static int existing(const char *path, const char *market)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(HubStore) store = hub_store_open(path, HUB_OPEN_EXISTING, 2, &e);
  /* the readers sized as `market-hub serve` sizes them */
  if (store == NULL || !hub_store_cache_readers(store, 64, &e))
    die("open", e);
  char last_text[AN_DAY_ISO_LEN] = "";
  last_sales_day(path, last_text);
  AnDay last;
  if (!an_day_parse(last_text, &last))
    die("the hub has no sales", NULL);
  int y, m, d;
  mb_day_civil(last, &y, &m, &d);
  AnDay month_start = (AnDay)mb_day_from_civil(y, m, 1);
  AnDay prev_month_start = (AnDay)mb_day_from_civil(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, 1);
  AnDay year_start = (AnDay)mb_day_from_civil(y - 1, m, 1);
  const AnDay spans[][2] = {{last - 29, last},
                            {prev_month_start, month_start - 1},
                            {last - 364, last},
                            {year_start, month_start - 1}};
  for (guint i = 0; i < G_N_ELEMENTS(spans); i++) {
    char from[AN_DAY_ISO_LEN], to[AN_DAY_ISO_LEN];
    an_day_format(spans[i][0], from);
    an_day_format(spans[i][1], to);
    time_all(store, market, from, to);
    time_load(store, market, from, to, HUB_NEED_LINES, "lines");
    time_load(store, market, from, to, HUB_NEED_HOURS_TENDERS, "stalls");
  }
  return 0;
}

/* The JSON reports of one period, warm, on a store sized as the server's. */
static int period(const char *path, const char *market, const char *from, const char *to,
                  int runs)
{
  g_autoptr(GError) e = NULL;
  if (runs < 1 || runs > 1000)
    die("RUNS must be 1 to 1000", NULL);
  g_autoptr(HubStore) store = hub_store_open(path, HUB_OPEN_EXISTING, 2, &e);
  if (store == NULL || !hub_store_cache_readers(store, 64, &e))
    die("open", e);
  printf("reports of %s for %s .. %s against the period before:\n", market, from, to);
  for (int k = HUB_REPORT_LINES; k <= HUB_REPORT_STALLS; k++)
    time_report_runs(store, (HubReportKind)k, HUB_FORMAT_JSON, market, from, to, runs, TRUE);
  return 0;
}

/* A single report, warm, RUNS times: the one to profile. */
static int one(const char *path, const char *market, const char *kind, const char *format,
               const char *from, const char *to, int runs)
{
  g_autoptr(GError) e = NULL;
  HubReportKind k;
  HubReportFormat f;
  if (!hub_report_kind_parse(kind, &k) || !hub_report_format_parse(format, &f))
    die("KIND is lines, stores, stalls or all; FORMAT json, csv, csv-ko, pdf, text or xlsx", NULL);
  if (runs < 1 || runs > 10000)
    die("RUNS must be 1 to 10000", NULL);
  g_autoptr(HubStore) store = hub_store_open(path, HUB_OPEN_EXISTING, 2, &e);
  if (store == NULL || !hub_store_cache_readers(store, 64, &e))
    die("open", e);
  printf("report of %s for %s .. %s against the period before:\n", market, from, to);
  time_report_runs(store, k, f, market, from, to, runs, TRUE);
  return 0;
}

int main(int argc, char **argv)
{
#if defined(__GLIBC__)
  /* the heap kept as `market-hub serve` keeps it (sync/hub/market-hub.c): the
  ** reports' arrays are then reused, not faulted in again on every run */
  mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
  if (argc >= 3 && g_strcmp0(argv[1], "existing") == 0)
    return existing(argv[2], argc > 3 ? argv[3] : "M01");
  if (argc >= 6 && g_strcmp0(argv[1], "period") == 0)
    return period(argv[2], argv[3], argv[4], argv[5], argc > 6 ? atoi(argv[6]) : 5);
  if (argc >= 8 && g_strcmp0(argv[1], "one") == 0)
    return one(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7],
               argc > 8 ? atoi(argv[8]) : 20);
  if (argc >= 2 && g_strcmp0(argv[1], "market-year") == 0)
    return market_year(argc > 2 ? atoi(argv[2]) : 200, argc > 3 ? atoi(argv[3]) : 365,
                       argc > 4 ? argv[4] : g_get_tmp_dir());
  if (argc >= 2 && g_strcmp0(argv[1], "city-year") == 0)
    return city_year(argc > 2 ? atoi(argv[2]) : 50, argc > 3 ? atoi(argv[3]) : 100,
                     argc > 4 ? atoi(argv[4]) : 365, argc > 5 ? argv[5] : g_get_tmp_dir(), NULL);
  if (argc >= 2 && g_strcmp0(argv[1], "city-year-pg") == 0) {
    if (g_getenv("MPOS_BENCH_PG") == NULL)
      die("city-year-pg needs $MPOS_BENCH_PG (bench/with-pg.sh sets it)", NULL);
    return city_year(argc > 2 ? atoi(argv[2]) : 50, argc > 3 ? atoi(argv[3]) : 100,
                     argc > 4 ? atoi(argv[4]) : 365, NULL, g_getenv("MPOS_BENCH_PG"));
  }
  fprintf(stderr, "usage: bench-reports market-year [STALLS] [DAYS] [DIR]\n"
                  "       bench-reports existing HUB.sqlite|POSTGRESQL-STRING [MARKET]\n"
                  "       bench-reports period HUB MARKET FROM TO [RUNS]\n"
                  "       bench-reports one HUB MARKET KIND FORMAT FROM TO [RUNS]\n"
                  "       bench-reports city-year [MARKETS] [STALLS] [DAYS] [DIR]\n"
                  "       bench-reports city-year-pg [MARKETS] [STALLS] [DAYS]\n");
  return 2;
}
