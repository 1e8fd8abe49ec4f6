/*
** test-hub-migrate.c: `market-hub migrate` moves a hub between SQLite and
** PostgreSQL and back, and the tills do not notice.
**
** The source is a SQLite hub seeded with a generated world (two markets
** of two stalls, 12 days of sales, voids and refunds) plus one real till: a `stall`
** ledger that enrolled over HTTP, rang sales, a refund, a void and a day
** close, and synced them; a manager has a token, and one enrollment code
** is still unused.  It is moved to a fresh PostgreSQL database and from
** there to a new SQLite file.  Then:
**   - every report reads the same, byte for byte, on the three hubs, and
**     the raw rows and rollups count and sum the same; the PostgreSQL copy
**     is left vacuumed and analysed;
**   - on both copies the till's own token syncs: its old events sent again
**     come back duplicate (the exactly-once keys moved with them) and a new
**     sale is accepted; the manager's token reads its market;
**   - migrate refuses a target that holds data, the same database twice, a
**     source that is no hub, one of a newer schema, one that is missing;
**   - event ids are unique per market on PostgreSQL, hub-wide on SQLite:
**     a PostgreSQL hub with one id in two markets moves to PostgreSQL, and
**     is refused, whole, by SQLite;
**   - a fault in the middle (a damaged event near the end of the source,
**     the target's connection killed during the copy) leaves the target
**     without a row of the hub (PostgreSQL) or not there at all (a SQLite
**     file the migration made).
**
** Needs the test cluster (MPOS_TEST_PG, the pg fixture).
*/
#include "hub-testutil.h"
#include <sys/stat.h>

#define NOW_DAY "2026-11-20T10:00:00+09:00"
#define NOW_LATE "2026-11-20T19:00:00+09:00"

static char *dir, *src, *ldb, *pg_db, *back, *manager;

/* market-hub migrate --from FROM --to TO: exit status, stdout and stderr. */
static int migrate(const char *from, const char *to, char **out, char **err)
{
  char *argv[] = {(char *)tu_env("MPOS_HUB"), "migrate", "--from", (char *)from, "--to",
                  (char *)to, NULL};
  return tu_run(argv, out, err);
}

/* stall --db LEDGER ARGS... at a fixed time of the till's day. */
static int stall_cmd(const char *now, char **out, ...) G_GNUC_NULL_TERMINATED;
static int stall_cmd(const char *now, char **out, ...)
{
  va_list ap;
  va_start(ap, out);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_STALL"), ldb, ap);
  va_end(ap);
  g_auto(GStrv) env = g_get_environ();
  env = now ? g_environ_setenv(env, "MPOS_NOW", now, TRUE) : g_environ_unsetenv(env, "MPOS_NOW");
  g_autoptr(GError) error = NULL;
  g_autofree char *ignored = NULL, *err = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                    out ? out : &ignored, &err, &status, &error))
    g_error("spawn stall: %s", error->message);
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (rc != 0 && out == NULL)
    g_error("stall %s: %d %s", (char *)argv->pdata[3], rc, err);
  return rc;
}

/* A number of the till's `sync --json` report. */
static int64_t sync_field(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  g_assert_true(cJSON_IsNumber(v));
  return (int64_t)v->valuedouble;
}

/* One sync of the till; its JSON report.  Transfer full. */
static cJSON *till_sync(void)
{
  g_autofree char *out = NULL;
  int rc = stall_cmd(NULL, &out, "--json", "sync", NULL);
  if (rc != 0)
    g_error("stall sync: %d %s", rc, out);
  return cJSON_Parse(out);
}

/* The till's day: enrolled with the running hub h, sales, refund, void, close, synced. */
static void till_day(const HtHub *h)
{
  g_autofree char *code = ht_secret(src, "enroll-code", "--stall", "S001", NULL);
  stall_cmd(NULL, NULL, "init", "--stall-name", "행복청과", "--rounding", "10", NULL);
  stall_cmd(NULL, NULL, "product", "add", "--plu", "1", "--name", "사과", "--line", "FRUIT",
            "--price", "3000", "--unit", "piece", "--tax", "exempt", NULL);
  stall_cmd(NULL, NULL, "product", "add", "--plu", "2", "--name", "돼지고기", "--line", "MEAT",
            "--price", "18000", "--unit", "kg", "--tax", "exempt", NULL);
  stall_cmd(NULL, NULL, "enroll", "--hub", h->base, "--code", code, NULL);
  stall_cmd(NOW_DAY, NULL, "sell", "--item", "1=3", "--pay", "cash=10000", NULL);
  g_autofree char *a = NULL, *b = NULL;
  g_assert_cmpint(stall_cmd(NOW_DAY, &a, "--json", "sell", "--item", "1=2", "--item", "2=450g",
                            "--pay", "card=14100:C1", NULL), ==, 0);
  g_assert_cmpint(stall_cmd(NOW_DAY, &b, "--json", "sell", "--item", "2=1kg", "--pay",
                            "cash=20000", NULL), ==, 0);
  g_autoptr(cJSON) aj = cJSON_Parse(a);
  g_autoptr(cJSON) bj = cJSON_Parse(b);
  stall_cmd(NOW_DAY, NULL, "refund", cJSON_GetObjectItemCaseSensitive(aj, "id")->valuestring,
            "--line", "1", "--reason", "상함", NULL);
  stall_cmd(NOW_DAY, NULL, "void", cJSON_GetObjectItemCaseSensitive(bj, "id")->valuestring,
            NULL);
  stall_cmd(NOW_LATE, NULL, "close-day", "--counted-cash", "60000", "--accept-difference",
            NULL);
  g_autoptr(cJSON) r = till_sync();
  /* 2 products, 3 sales, a refund, a void, a day close */
  g_assert_cmpint(sync_field(r, "accepted"), ==, 8);
}

static void setup(void)
{
  dir = tu_tmpdir();
  src = g_build_filename(dir, "src.sqlite", NULL);
  ldb = g_build_filename(dir, "ledger.sqlite", NULL);
  back = g_build_filename(dir, "back.sqlite", NULL);
  g_free(ht_secret(src, "init", NULL));
  g_autofree char *err = NULL;
  if (ht_cmd(src, NULL, &err, "seed", "--markets", "2", "--stalls", "2", "--days", "12",
             "--until", "2026-11-19", "--seed", "7", NULL) != 0)
    g_error("seed: %s", err);
  g_free(ht_secret(src, "stall", "add", "S001", "--market", "M01", "--name", "행복청과", NULL));
  manager = ht_secret(src, "user", "add", "kim", "--role", "manager", "--market", "M01", NULL);
  g_free(ht_secret(src, "enroll-code", "--stall", "S001", NULL));   /* left unused */
  /* two engagements, so that ids and stall lists must both survive */
  g_free(ht_secret(src, "engagement", "add", "--market", "M01", "--stall", "S001", "--start",
                   "2026-11-15", "--label", "간판 교체", NULL));
  g_free(ht_secret(src, "engagement", "add", "--market", "M01", "--stall", "M01-S01", "--stall",
                   "S001", "--start", "2026-11-10", NULL));
  HtHub *h = ht_hub_start(src, NULL);
  till_day(h);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
  pg_db = ht_pg_database_new();
}

/* The summary of a migration that went through, checked and returned. */
static cJSON *migrated(const char *from, const char *to)
{
  g_autofree char *out = NULL, *err = NULL;
  int rc = migrate(from, to, &out, &err);
  if (rc != 0)
    g_error("migrate: %d %s %s", rc, out, err);
  cJSON *o = cJSON_Parse(out);
  g_assert_nonnull(o);
  g_assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "verified")));
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "mismatches")), ==, 0);
  g_assert_nonnull(strstr(err, "migrating"));   /* progress on stderr */
  return o;
}

static char *report(const char *db, const char *kind, const char *format)
{
  char *argv[] = {(char *)tu_env("MPOS_REPORT"), (char *)kind, "--db", (char *)db, "--market",
                  "M01", "--from", "2026-11-08", "--to", "2026-11-20", "--format",
                  (char *)format, NULL};
  char *out = NULL;
  g_autofree char *err = NULL;
  if (tu_run(argv, &out, &err) != 0)
    g_error("market-report %s %s --db %s: %s", kind, format, db, err);
  return out;
}

/* SQLite -> PostgreSQL -> SQLite: the same hub three times. */
static void test_round_trip(void)
{
  g_autoptr(cJSON) there = migrated(src, pg_db);
  g_autoptr(cJSON) home = migrated(pg_db, back);
  int64_t events = ht_db_int(src, "SELECT count(*) FROM event");
  g_assert_cmpint(events, >, 1000);
  /* the copy is left vacuumed (pages marked all-visible) and analysed */
  g_assert_cmpint(ht_db_int(pg_db, "SELECT relallvisible FROM pg_class WHERE relname = 'doc_key'"),
                  >, 0);
  g_assert_cmpint(ht_db_int(pg_db, "SELECT count(*) FROM pg_stats WHERE tablename = 'roll_day'"
                                   " AND attname = 'stall_id'"), ==, 1);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(there, "events")->valuedouble, ==, events);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(home, "events")->valuedouble, ==, events);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(there, "tokens")->valuedouble, ==, 2);
  static const char *const q[] = {
    "SELECT count(*) FROM market", "SELECT count(*) FROM stall", "SELECT count(*) FROM event",
    "SELECT count(*) FROM doc", "SELECT count(*) FROM doc_line", "SELECT count(*) FROM doc_tender",
    "SELECT count(*) FROM product", "SELECT count(*) FROM day_close", "SELECT sum(total) FROM doc",
    "SELECT count(*) FROM token", "SELECT count(*) FROM enroll_code WHERE used_ms IS NULL",
    "SELECT count(*) FROM taxonomy", "SELECT sum(total) FROM roll_day",
    "SELECT sum(receipts) FROM roll_day", "SELECT sum(revenue) FROM roll_line_day",
    "SELECT sum(revenue) FROM roll_market_line_day", "SELECT sum(revenue) FROM roll_hour",
    "SELECT sum(amount) FROM roll_tender", "SELECT sum(last_sync_ms) FROM stall",
    "SELECT count(*) FROM engagement", "SELECT count(*) FROM engagement_stall"};
  for (guint i = 0; i < G_N_ELEMENTS(q); i++) {
    int64_t a = ht_db_int(src, q[i]), b = ht_db_int(pg_db, q[i]), c = ht_db_int(back, q[i]);
    if (a != b || a != c)
      g_error("%s: source %" G_GINT64_FORMAT ", PostgreSQL %" G_GINT64_FORMAT
              ", back %" G_GINT64_FORMAT, q[i], a, b, c);
    g_assert_cmpint(a, >, 0);
  }
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(there, "engagements")->valuedouble, ==, 2);
  /* the engagements as `engagement list` prints them: ids, stalls, labels */
  g_autofree char *la = NULL, *lb = NULL, *lc = NULL;
  g_assert_cmpint(ht_cmd(src, &la, NULL, "engagement", "list", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(pg_db, &lb, NULL, "engagement", "list", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(back, &lc, NULL, "engagement", "list", NULL), ==, 0);
  g_assert_nonnull(strstr(la, "간판 교체"));
  g_assert_cmpstr(la, ==, lb);
  g_assert_cmpstr(la, ==, lc);
  /* JSON and CSV: test-hub-stores holds every format to the same data */
  static const char *const kinds[][2] = {{"lines", "json"}, {"stores", "csv"},
                                         {"stalls", "json"}, {"stalls", "csv"}};
  for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
    g_autofree char *a = report(src, kinds[i][0], kinds[i][1]);
    g_autofree char *b = report(pg_db, kinds[i][0], kinds[i][1]);
    g_autofree char *c = report(back, kinds[i][0], kinds[i][1]);
    g_assert_cmpuint(strlen(a), >, 0);
    if (strcmp(a, b) != 0 || strcmp(a, c) != 0)
      g_error("%s %s differs after the round trip", kinds[i][0], kinds[i][1]);
  }
}

/*
** On a moved hub the till's token still works: everything it sent before
** is sent again (the outbox marked pending, as a till restored from a
** backup would) and comes back duplicate, but for the unknown events the
** till sent to another hub since this one was copied; a new sale is
** accepted.
*/
static void tills_keep_syncing(const char *db, int64_t unknown)
{
  HtHub *h = ht_hub_start(db, NULL);
  stall_cmd(NULL, NULL, "config", "hub_url", h->base, NULL);
  sqlite3 *l = NULL;
  g_assert_cmpint(sqlite3_open(ldb, &l), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(l, "UPDATE outbox SET state = 'pending'", NULL, NULL, NULL), ==,
                  SQLITE_OK);
  sqlite3_close(l);
  g_autoptr(cJSON) again = till_sync();
  g_assert_cmpint(sync_field(again, "duplicate"), >=, 8);
  g_assert_cmpint(sync_field(again, "accepted"), ==, unknown);
  g_assert_cmpint(sync_field(again, "rejected_now"), ==, 0);
  stall_cmd(NULL, NULL, "sell", "--item", "1", "--pay", "cash=3000", NULL);
  g_autoptr(cJSON) fresh = till_sync();
  g_assert_cmpint(sync_field(fresh, "accepted"), ==, 1);
  g_autofree char *body = NULL, *refused = NULL;
  g_assert_cmpint(ht_http("GET", h, "/v1/markets", manager, NULL, &body), ==, 200);
  g_assert_nonnull(strstr(body, "M01"));
  g_assert_cmpint(ht_http("GET", h, "/v1/markets", "0000000000000000000000000000000000000000"
                                                   "000000000000000000000000", NULL, &refused),
                  ==, 401);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

static void test_tokens(void)
{
  tills_keep_syncing(pg_db, 0);
  tills_keep_syncing(back, 1);   /* the sale rung on the PostgreSQL hub */
}

/* A refusal: its exit status and code, and the target as it was. */
static void expect_refused(const char *from, const char *to, int status, const char *code)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *want = g_strdup_printf("market-hub: error: %s:", code);
  int rc = migrate(from, to, &out, &err);
  if (rc != status || strstr(err, want) == NULL)
    g_error("migrate %s -> %s: %d %s, wanted %d %s", from, to, rc, err, status, code);
  g_assert_cmpstr(out, ==, "");
}

static void test_refusals(void)
{
  int64_t events = ht_db_int(pg_db, "SELECT count(*) FROM event");
  expect_refused(src, pg_db, 5, "target_not_empty");
  expect_refused(src, back, 5, "target_not_empty");
  g_assert_cmpint(ht_db_int(pg_db, "SELECT count(*) FROM event"), ==, events);
  expect_refused(src, src, 3, "migrate_same");
  g_autofree char *dotted = g_build_filename(dir, ".", "src.sqlite", NULL);
  expect_refused(src, dotted, 3, "migrate_same");
  g_autofree char *to = g_build_filename(dir, "never.sqlite", NULL);
  g_autofree char *text = g_build_filename(dir, "notes.txt", NULL);
  g_assert_true(g_file_set_contents(text, "not a hub at all, only some text\n", -1, NULL));
  expect_refused(text, to, 6, "not_a_db");
  g_autofree char *missing = g_build_filename(dir, "missing.sqlite", NULL);
  expect_refused(missing, to, 5, "not_initialised");
  g_autofree char *newer = g_build_filename(dir, "newer.sqlite", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(back, &bytes, &len, NULL));
  g_assert_true(g_file_set_contents(newer, bytes, (gssize)len, NULL));
  g_assert_cmpint(chmod(newer, 0600), ==, 0);
  ht_db_exec(newer, "PRAGMA user_version = 99");
  expect_refused(newer, to, 6, "schema");
  g_assert_false(g_file_test(to, G_FILE_TEST_EXISTS));
}

/* No row of the hub in a PostgreSQL target (its schema may be there, empty). */
static void assert_pg_empty(const char *db)
{
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM market"), ==, 0);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM token"), ==, 0);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM event_key"), ==, 0);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM roll_day"), ==, 0);
}

/*
** A damaged event near the end of the source: the copy has written almost
** everything when it meets it, and rolls all of it back.
*/
static void test_fault_damaged_source(void)
{
  g_autofree char *bad = g_build_filename(dir, "bad.sqlite", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(back, &bytes, &len, NULL));
  g_assert_true(g_file_set_contents(bad, bytes, (gssize)len, NULL));
  g_assert_cmpint(chmod(bad, 0600), ==, 0);
  ht_db_exec(bad, "UPDATE doc SET json = '{\"broken\":' WHERE id = (SELECT max(d.id) FROM doc d"
                  " JOIN stall s ON s.id = d.stall_id WHERE s.code = 'M02-S02')");
  g_autofree char *pg = ht_pg_database_new();
  expect_refused(bad, pg, 6, "migrate_mismatch");
  assert_pg_empty(pg);
  g_autofree char *to = g_build_filename(dir, "half.sqlite", NULL);
  expect_refused(bad, to, 6, "migrate_mismatch");
  g_assert_false(g_file_test(to, G_FILE_TEST_EXISTS));
}

/*
** The target's server ends the session while the copy is under way (the
** import's lock on event_key shows that events are being written): the
** server rolls the one transaction back, and nothing is left.
*/
static void test_fault_connection_lost(void)
{
  g_autofree char *pg = ht_pg_database_new();
  g_autofree char *name = g_strdup(g_strrstr(pg, "dbname=") + strlen("dbname="));   /* the last one counts */
  char *argv[] = {(char *)tu_env("MPOS_HUB"), "migrate", "--from", src, "--to", pg, NULL};
  GPid pid;
  int err_fd = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                         G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &pid, NULL,
                                         NULL, &err_fd, &error));
  g_autofree char *find = g_strdup_printf(
    "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE a.datname = '%s' AND l.relation = 'event_key'::regclass"
    " AND l.mode = 'RowExclusiveLock'", name);
  PGconn *watch = ht_pg_connect(pg);
  gboolean killed = FALSE;
  for (int i = 0; i < 20000 && !killed; i++) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid)
      g_error("migrate ended (%d) before its connection could be cut", status);
    PGresult *res = PQexec(watch, find);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0) {
      g_autofree char *kill = g_strdup_printf("SELECT pg_terminate_backend(%s)",
                                              PQgetvalue(res, 0, 0));
      PQclear(PQexec(watch, kill));
      killed = TRUE;
    }
    PQclear(res);
    if (!killed)
      g_usleep(1000);
  }
  PQfinish(watch);
  g_assert_true(killed);
  int status = 0;
  g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
  g_spawn_close_pid(pid);
  char buf[4096];
  ssize_t n = read(err_fd, buf, sizeof buf - 1);
  close(err_fd);
  buf[n > 0 ? n : 0] = '\0';
  g_assert_true(WIFEXITED(status));
  /* db_unreachable (7) when the next batch finds the session gone, db (6) mid-statement */
  if (WEXITSTATUS(status) != 7 && WEXITSTATUS(status) != 6)
    g_error("migrate after its connection was cut: %d %s", WEXITSTATUS(status), buf);
  assert_pg_empty(pg);
}

/*
** Event ids are unique per market on PostgreSQL, hub-wide on SQLite: a
** PostgreSQL hub where two markets hold one event id does not become a
** SQLite hub (the second comes back duplicate), and nothing is written.
*/
static void test_event_ids_per_market(void)
{
  const char *pg = pg_db;   /* the last test: the round trip's hub is changed */
  /* market ids are kept: M01 is 1, M02 is 2 */
  g_assert_cmpint(ht_db_int(pg, "SELECT id FROM market WHERE code = 'M02'"), ==, 2);
  ht_pg_exec(pg, "UPDATE event_key SET event_id = (SELECT min(event_id) FROM event_key"
                 " WHERE market_id = 1) WHERE market_id = 2 AND event_id = (SELECT"
                 " min(event_id) FROM event_key WHERE market_id = 2)");
  ht_pg_exec(pg, "UPDATE event SET event_id = (SELECT min(event_id) FROM event"
                 " WHERE market_id = 1) WHERE market_id = 2 AND event_id = (SELECT"
                 " min(event_id) FROM event WHERE market_id = 2)");
  g_assert_cmpint(ht_db_int(pg, "SELECT count(DISTINCT event_id) FROM event_key"), ==,
                  ht_db_int(pg, "SELECT count(*) FROM event_key") - 1);
  g_autofree char *to = g_build_filename(dir, "shared-ids.sqlite", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(migrate(pg, to, &out, &err), ==, 6);
  g_assert_nonnull(strstr(err, "migrate_mismatch"));
  g_assert_nonnull(strstr(err, "duplicate"));
  g_assert_false(g_file_test(to, G_FILE_TEST_EXISTS));
  /* into PostgreSQL, where the rule is the same, it moves */
  g_autofree char *pg2 = ht_pg_database_new();
  g_autoptr(cJSON) o2 = migrated(pg, pg2);
}

static void teardown(void)
{
  g_free(src);
  g_free(ldb);
  g_free(back);
  g_free(pg_db);
  g_free(manager);
  tu_tmpdir_free(dir);
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {{"/hub-migrate/round-trip", test_round_trip},
                                 {"/hub-migrate/tokens", test_tokens},
                                 {"/hub-migrate/refusals", test_refusals},
                                 {"/hub-migrate/fault-damaged-source", test_fault_damaged_source},
                                 {"/hub-migrate/fault-connection-lost",
                                  test_fault_connection_lost},
                                 {"/hub-migrate/event-ids-per-market", test_event_ids_per_market},
                                 {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, tests);
}
