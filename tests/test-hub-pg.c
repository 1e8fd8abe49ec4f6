/*
** test-hub-pg.c: the hub on PostgreSQL when the database is wrong or goes
** away: each case a clear error with its stable code and exit status, and
** nothing written.
**
**   a string libpq cannot parse      bad_request      3
**   a port nobody listens on         db_unreachable   7
**   a wrong password                 db_login         5  (the right one works)
**   a database that does not exist   not_initialised  5
**   an empty database, not init      not_initialised  5  (no table made)
**   another application's database   not_a_db         6  (its table untouched)
**   a hub of a newer schema          schema           6  (init changes nothing)
**   the connection killed mid-batch  the batch refused whole (503
**                                    db_unreachable), then the
**                                    till's retry stored exactly once
**   two hubs on one database         a batch retried on the second hub is a
**                                    duplicate there; a revoked token fails
**                                    on both at once (no token cache)
**   a fresh hub's statistics         init analyses the empty tables; after
**                                    its first 1,000 events the hub analyses
**                                    the lookups itself (autovacuum off for
**                                    them here), and the documents' lookup
**                                    plans as an index scan
**   text COPY must escape            a line name with a tab, a newline, a
**                                    carriage return and a backslash is
**                                    stored as it was sent, in the line and
**                                    in the stored JSON
**
** Needs the test cluster (MPOS_TEST_PG, the pg fixture of
** tests/CMakeLists.txt), whose role mpos_pw logs in with a password.
*/
#include "hub-testutil.h"
#include <netinet/in.h>
#include <sys/socket.h>

/* HUB_PG_ANALYZE_AFTER of sync/hub/postgres/hub-store-pg.h, which tests do not include. */
#define HUB_PG_ANALYZE_AFTER_TEST 1000

/* Runs market-hub and checks its exit status and the code on stderr. */
static void expect(const char *db, int rc, const char *code, ...)
{
  va_list ap;
  va_start(ap, code);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_HUB"), db, ap);
  va_end(ap);
  g_autofree char *out = NULL, *err = NULL;
  int got = tu_run((char **)argv->pdata, &out, &err);
  if (got != rc || (code && strstr(err, code) == NULL))
    g_error("market-hub --db '%s' %s: exit %d (want %d) %s", db, (char *)argv->pdata[3], got,
            rc, err);
}

/* The number of tables of a database (the fingerprint of "nothing written"). */
static int64_t n_tables(const char *db)
{
  return ht_db_int(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
}

/* A loopback port nobody listens on: bound, read back, closed. */
static int free_port(void)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  g_assert_cmpint(bind(fd, (struct sockaddr *)&a, sizeof a), ==, 0);
  g_assert_cmpint(getsockname(fd, (struct sockaddr *)&a, &len), ==, 0);
  close(fd);
  return ntohs(a.sin_port);
}

/* The database string alone chooses the store. */
static void test_which_store(void)
{
  static const char *const pg[] = {"postgresql://u@h/db", "postgres://h/db", "host=/tmp",
                                   "dbname=hub user=mpos", " service = hub"};
  static const char *const sqlite[] = {"hub.sqlite", "/var/lib/hub.sqlite", "./host=x",
                                       "my-file=1", "=x", "postgresql:/x", ""};
  for (guint i = 0; i < G_N_ELEMENTS(pg); i++)
    g_assert_true(hub_store_is_postgres(pg[i]));
  for (guint i = 0; i < G_N_ELEMENTS(sqlite); i++)
    g_assert_false(hub_store_is_postgres(sqlite[i]));
}

static void test_bad_strings(void)
{
  expect("postgresql://[nowhere", 3, "bad_request", "market", "list", NULL);
  expect("host=/tmp dbname=x nosuchkey=1", 3, "bad_request", "init", NULL);
  g_autofree char *refused = g_strdup_printf("host=127.0.0.1 port=%d user=mpos dbname=x"
                                             " connect_timeout=5", free_port());
  expect(refused, 7, "db_unreachable", "init", NULL);
  g_autofree char *uri = g_strdup_printf("postgresql://mpos@127.0.0.1:%d/x", free_port());
  expect(uri, 7, "db_unreachable", "market", "list", NULL);
}

/* The password role of the fixture: wrong password refused, right one let in. */
static void test_password(void)
{
  const char *base = tu_env("MPOS_TEST_PG");
  g_autofree char *wrong = g_strdup_printf("%s user=mpos_pw password=wrong dbname=mpos_pw", base);
  g_autofree char *none = g_strdup_printf("%s user=mpos_pw dbname=mpos_pw", base);
  g_autofree char *right = g_strdup_printf("%s user=mpos_pw password=right dbname=mpos_pw", base);
  expect(wrong, 5, "db_login", "init", NULL);
  g_assert_cmpint(n_tables(right), ==, 0);
  expect(none, 5, "db_login", "init", NULL);
  g_autofree char *nobody = g_strdup_printf("%s user=nobody_here dbname=postgres", base);
  expect(nobody, 5, "db_login", "market", "list", NULL);
  g_autofree char *no_db = g_strdup_printf("%s user=mpos_pw password=right dbname=nothing", base);
  expect(no_db, 5, "not_initialised", "market", "list", NULL);
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(right, &out, NULL, "init", NULL), ==, 0);
  g_assert_null(strstr(out, "right"));   /* the password is never echoed */
  g_assert_cmpint(n_tables(right), >, 10);
}

/* Missing, empty, foreign, newer: refused before anything is written. */
static void test_wrong_databases(void)
{
  g_autofree char *missing = g_strdup_printf("%s dbname=mpos_no_such_db", tu_env("MPOS_TEST_PG"));
  expect(missing, 5, "not_initialised", "market", "list", NULL);

  g_autofree char *empty = ht_pg_database_new();
  expect(empty, 5, "not_initialised", "market", "list", NULL);
  expect(empty, 5, "not_initialised", "serve", "--listen", "127.0.0.1:0", NULL);
  g_assert_cmpint(n_tables(empty), ==, 0);

  g_autofree char *other = ht_pg_database_new();
  ht_db_exec(other, "CREATE TABLE invoices(id integer PRIMARY KEY, amount bigint)");
  ht_db_exec(other, "INSERT INTO invoices VALUES(1, 500)");
  expect(other, 6, "not_a_db", "init", NULL);
  expect(other, 6, "not_a_db", "market", "list", NULL);
  g_assert_cmpint(n_tables(other), ==, 1);
  g_assert_cmpint(ht_db_int(other, "SELECT amount FROM invoices"), ==, 500);

  g_autofree char *newer = ht_pg_database_new();
  g_assert_cmpint(ht_cmd(newer, NULL, NULL, "init", NULL), ==, 0);
  ht_db_exec(newer, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
  int64_t tables = n_tables(newer);
  expect(newer, 6, "schema", "init", NULL);
  expect(newer, 6, "schema", "market", "add", "M01", "--name", "가온시장", NULL);
  g_assert_cmpint(n_tables(newer), ==, tables);
  g_assert_cmpint(ht_db_int(newer, "SELECT count(*) FROM market"), ==, 0);
}

/* ---- A connection killed in the middle of a batch ---------------------------- */

typedef struct {
  const HtHub *hub;
  const char *token, *batch;
  long status;
  char *body;
} Post;

static gpointer post_thread(gpointer data)
{
  Post *p = data;
  p->status = ht_http("POST", p->hub, "/v1/events", p->token, p->batch, &p->body);
  return NULL;
}

/* A batch of n sales of the ledger's product, each a fresh document. */
static char *sales_batch(PosLedger *ledger, const PosProduct *p, int n)
{
  cJSON *events = cJSON_CreateArray();
  PosCartRules rules;
  pos_ledger_cart_rules(ledger, &rules);
  for (int i = 0; i < n; i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosCart) cart = pos_cart_new(&rules);
    g_assert_true(pos_cart_add(cart, p, 1000 * (i + 1), NULL, &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 100000, NULL, &error));
    g_autoptr(PosSale) sale = NULL;
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &sale, &error));
    cJSON_AddItemToArray(events, ht_doc_event(sale));
  }
  return ht_batch(events);
}

/*
** The test holds a lock the batch needs (the stall's row, which every
** batch updates), so the hub's transaction is caught mid-way with its
** events written; the backend serving it is then terminated.  The batch
** must come back refused, leave nothing, and the same batch sent again
** (the till's retry, to a second hub on the same database) must be stored
** once and then answered duplicate.
*/
static void test_killed_batch(void)
{
  g_autofree char *tmp = tu_tmpdir();
  g_autofree char *db = ht_pg_database_new();
  g_free(ht_secret(db, "init", NULL));
  g_free(ht_secret(db, "market", "add", "M01", "--name", "가온시장", NULL));
  g_free(ht_secret(db, "stall", "add", "S001", "--market", "M01", "--name", "행복청과", NULL));
  HtHub *hub1 = ht_hub_start(db, NULL);
  HtHub *hub2 = ht_hub_start(db, NULL);
  g_autofree char *device = ht_enroll(hub1, db, "S001", "DEV1");
  PosLedger *ledger = tu_ledger(tmp, "행복청과", 10);
  g_autoptr(PosProduct) p = tu_product(ledger, 1, "사과", "FRUIT", POS_UNIT_PIECE, 3000,
                                       POS_TAX_EXEMPT);
  g_autofree char *batch = sales_batch(ledger, p, 20);
  g_autofree char *before = ht_db_counts(db);

  PGconn *blocker = ht_pg_connect(db);
  PQclear(PQexec(blocker, "BEGIN"));
  PGresult *res = PQexec(blocker, "SELECT 1 FROM stall WHERE code = 'S001' FOR UPDATE");
  g_assert_cmpint(PQresultStatus(res), ==, PGRES_TUPLES_OK);
  PQclear(res);
  Post post = {hub1, device, batch, 0, NULL};
  GThread *t = g_thread_new("post", post_thread, &post);
  /* the hub's backend waits on the lock once the batch's rows are written */
  int64_t pid = 0;
  for (int i = 0; i < 600 && pid == 0; i++) {
    g_usleep(50 * 1000);
    res = PQexec(blocker, "SELECT coalesce(max(pid), 0) FROM pg_stat_activity"
                          " WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                          " AND datname = current_database()");
    pid = g_ascii_strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
  }
  g_assert_cmpint(pid, >, 0);
  g_autofree char *kill = g_strdup_printf("SELECT pg_terminate_backend(%" G_GINT64_FORMAT ")",
                                          pid);
  res = PQexec(blocker, kill);
  g_assert_cmpstr(PQgetvalue(res, 0, 0), ==, "t");
  PQclear(res);
  g_thread_join(t);
  PQclear(PQexec(blocker, "ROLLBACK"));
  PQfinish(blocker);
  g_assert_cmpint(post.status, ==, 503);
  g_autofree char *code = ht_error_code(post.body);
  g_assert_cmpstr(code, ==, "db_unreachable");
  g_free(post.body);
  g_autofree char *after_kill = ht_db_counts(db);
  g_assert_cmpstr(after_kill, ==, before);

  /* the till retries; this time on the other hub */
  g_autofree char *body = NULL;
  g_assert_cmpint(ht_http("POST", hub2, "/v1/events", device, batch, &body), ==, 200);
  g_autofree char *results = ht_results(body);
  g_assert_null(strstr(results, "duplicate"));
  g_assert_null(strstr(results, "rejected"));
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc"), ==, 20);
  g_assert_cmpint(ht_db_int(db, "SELECT sum(receipts) FROM roll_day"), ==, 20);
  /* and again on the first hub, whose connection was the one killed */
  g_clear_pointer(&body, g_free);
  g_assert_cmpint(ht_http("POST", hub1, "/v1/events", device, batch, &body), ==, 200);
  g_autofree char *again = ht_results(body);
  g_assert_null(strstr(again, "accepted"));
  g_assert_nonnull(strstr(again, "duplicate"));
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc"), ==, 20);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM event"), ==, 20);
  g_assert_cmpint(ht_db_int(db, "SELECT sum(receipts) FROM roll_day"), ==, 20);

  /* a revoked device stops at once on both hubs: nothing caches tokens */
  g_free(ht_secret(db, "device", "revoke", "--stall", "S001", NULL));
  for (HtHub *h = hub1; h; h = h == hub1 ? hub2 : NULL) {
    g_clear_pointer(&body, g_free);
    g_assert_cmpint(ht_http("POST", h, "/v1/events", device, batch, &body), ==, 401);
  }
  g_assert_cmpint(mb_hub_stop(hub1), ==, 0);
  g_assert_cmpint(mb_hub_stop(hub2), ==, 0);
  pos_ledger_close(ledger);
  tu_tmpdir_free(g_steal_pointer(&tmp));
}

/*
** The store writes documents with COPY's text format, which gives a tab,
** a newline, a carriage return and a backslash a meaning of their own: a
** name holding all four must come back exactly (an unescaped one would
** split the row or fail the batch).
*/
static void test_copy_escapes(void)
{
  g_autofree char *tmp = tu_tmpdir();
  g_autofree char *db = ht_pg_database_new();
  g_free(ht_secret(db, "init", NULL));
  g_free(ht_secret(db, "market", "add", "M01", "--name", "가온시장", NULL));
  g_free(ht_secret(db, "stall", "add", "S001", "--market", "M01", "--name", "행복청과", NULL));
  HtHub *hub = ht_hub_start(db, NULL);
  g_autofree char *device = ht_enroll(hub, db, "S001", "DEV1");
  PosLedger *ledger = tu_ledger(tmp, "행복청과", 10);
  g_autoptr(PosProduct) p = tu_product(ledger, 1, "사과\t부사\n\\특\r상", "FRUIT",
                                       POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  g_autofree char *batch = sales_batch(ledger, p, 3);
  g_autofree char *body = NULL;
  g_assert_cmpint(ht_http("POST", hub, "/v1/events", device, batch, &body), ==, 200);
  g_autofree char *results = ht_results(body);
  g_assert_null(strstr(results, "rejected"));
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc_line"
                                " WHERE name = E'사과\\t부사\\n\\\\특\\r상'"), ==, 3);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc"
                                " WHERE json::jsonb -> 'lines' -> 0 ->> 'name'"
                                " = E'사과\\t부사\\n\\\\특\\r상'"), ==, 3);
  g_assert_cmpint(mb_hub_stop(hub), ==, 0);
  pos_ledger_close(ledger);
  tu_tmpdir_free(g_steal_pointer(&tmp));
}

/* The generic plan of the ingest's document lookup, as EXPLAIN prints it. */
static char *lookup_plan(const char *db)
{
  PGconn *pg = ht_pg_connect(db);
  PQclear(PQexec(pg, "SET plan_cache_mode = force_generic_plan"));
  PQclear(PQexec(pg, "PREPARE lookup(text[]) AS SELECT doc_id, stall_id, kind, business_day"
                     " FROM doc_key WHERE doc_id = ANY($1)"));
  PGresult *res = PQexec(pg, "EXPLAIN EXECUTE lookup('{a,b}')");
  g_assert_cmpint(PQresultStatus(res), ==, PGRES_TUPLES_OK);
  GString *plan = g_string_new(NULL);
  for (int i = 0; i < PQntuples(res); i++)
    g_string_append_printf(plan, "%s\n", PQgetvalue(res, i, 0));
  PQclear(res);
  PQfinish(pg);
  return g_string_free(plan, FALSE);
}

/*
** Statistics right from the start (hub-store-pg-stats.c): a fresh hub's
** lookups get theirs from the hub, not from autovacuum, which is off for
** them here so that only the hub can have made them.
*/
static void test_fresh_statistics(void)
{
  g_autofree char *db = ht_pg_database_new();
  g_free(ht_secret(db, "init", NULL));
  g_assert_cmpint(ht_db_int(db, "SELECT reltuples FROM pg_class WHERE relname = 'doc_key'"),
                  ==, 0);   /* analysed empty (never analysed is -1) */
  ht_db_exec(db, "ALTER TABLE doc_key SET (autovacuum_enabled = off)");
  ht_db_exec(db, "ALTER TABLE event_key SET (autovacuum_enabled = off)");
  static const char doc_stats[] = "SELECT count(*) FROM pg_stats WHERE tablename = 'doc_key'"
                                  " AND attname = 'doc_id'";
  g_assert_cmpint(ht_db_int(db, doc_stats), ==, 0);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(ht_cmd(db, &out, &err, "seed", "--markets", "1", "--stalls", "3", "--days",
                         "12", "--until", "2026-11-20", NULL), ==, 0);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc_key"), >, HUB_PG_ANALYZE_AFTER_TEST);
  g_assert_cmpint(ht_db_int(db, doc_stats), ==, 1);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM pg_stats WHERE tablename = 'event_key'"
                                " AND attname = 'event_id'"), ==, 1);
  g_autofree char *plan = lookup_plan(db);
  if (strstr(plan, "Index") == NULL || strstr(plan, "Seq Scan") != NULL)
    g_error("the lookup's plan is not an index scan:\n%s", plan);
}

static void setup(void)
{
}

static void teardown(void)
{
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {{"/hub-pg/which-store", test_which_store},
                                 {"/hub-pg/bad-strings", test_bad_strings},
                                 {"/hub-pg/password", test_password},
                                 {"/hub-pg/wrong-databases", test_wrong_databases},
                                 {"/hub-pg/killed-batch", test_killed_batch},
                                 {"/hub-pg/copy-escapes", test_copy_escapes},
                                 {"/hub-pg/fresh-statistics", test_fresh_statistics},
                                 {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, tests);
}
