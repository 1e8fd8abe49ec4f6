/*
** hub-testutil.h: helpers for the hub tests (tests/test-hub-*.c): running
** market-hub commands, a real hub process on 127.0.0.1 with a port it
** picks itself, HTTP requests with libcurl, and reading the hub's database
** directly to prove what was (not) stored.
**
** Every hub test runs against both stores: with MPOS_TEST_STORE=postgres
** (the NAME-pg registrations of tests/CMakeLists.txt) ht_db_new hands out
** a fresh PostgreSQL database made from the base connection string in
** MPOS_TEST_PG (the cluster of tests/pg-cluster.sh) instead of a SQLite
** file, and ht_db_int / ht_db_exec run their SQL through libpq or SQLite
** alike.  The tests keep their SQL to what both dialects read.
**
** Header-only (static functions) because tests/CMakeLists.txt builds each
** test from its own .c and testutil.c.  The hub is found through MPOS_HUB.
** The hub child is base/mb-hub.h's: it dies with its test, so a failed
** assertion never leaves a server behind.
*/
#ifndef HUB_TESTUTIL_H
#define HUB_TESTUTIL_H

#include "hub-store.h"
#include "mb-hub.h"
#include "testutil.h"
#include "wire-codec.h"
#include <curl/curl.h>
#include <errno.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HT_UNUSED G_GNUC_UNUSED

/* Runs market-hub --db DB ARGS... (NULL-terminated); returns its exit status. */
static HT_UNUSED int ht_cmd(const char *db, char **out, char **err, ...)
{
  va_list ap;
  va_start(ap, err);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_HUB"), db, ap);
  va_end(ap);
  return tu_run((char **)argv->pdata, out, err);
}

/*
** Runs market-report: first (a subcommand, or NULL), the NULL-terminated
** args, then `where value` (--db FILE, or --hub URL for the API); returns
** its exit status.  The report tests wrap it in their own variadic calls.
*/
static HT_UNUSED int ht_report_v(char **out, char **err, const char *first, va_list args,
                                 const char *where, const char *value)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)tu_env("MPOS_REPORT"));
  if (first != NULL)
    g_ptr_array_add(argv, (gpointer)first);
  for (const char *a; (a = va_arg(args, const char *)) != NULL;)
    g_ptr_array_add(argv, (gpointer)a);
  g_ptr_array_add(argv, (gpointer)where);
  g_ptr_array_add(argv, (gpointer)value);
  g_ptr_array_add(argv, NULL);
  return tu_run((char **)argv->pdata, out, err);
}

/* The last non-empty line of text (a copy). */
static HT_UNUSED char *ht_last_line(const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
  for (int i = (int)g_strv_length(lines) - 1; i >= 0; i--)
    if (lines[i][0] != '\0')
      return g_strdup(lines[i]);
  return g_strdup("");
}

/* Runs a command that must succeed and returns its last output line. */
static HT_UNUSED char *ht_secret(const char *db, ...)
{
  va_list ap;
  va_start(ap, db);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_HUB"), db, ap);
  va_end(ap);
  g_autofree char *out = NULL, *err = NULL;
  int rc = tu_run((char **)argv->pdata, &out, &err);
  if (rc != 0)
    g_error("market-hub %s failed (%d): %s", (char *)argv->pdata[3], rc, err);
  return ht_last_line(out);
}

/* The hub child of base/mb-hub.h: port, base URL and pid are its fields. */
typedef MbHub HtHub;

/*
** Starts `market-hub --db DB serve --listen 127.0.0.1:0 EXTRA...` through
** the shared fixture (mb_hub_start: port from its first line, /healthz
** waited for); a hub that does not start ends the test.  Stop it with
** mb_hub_stop (exit status) or mb_hub_stop_with.
*/
static HT_UNUSED HtHub *ht_hub_start(const char *db, const char *const *extra)
{
  g_autoptr(GError) error = NULL;
  HtHub *h = mb_hub_start(tu_env("MPOS_HUB"), db, NULL, extra, 0, &error);
  if (h == NULL)
    g_error("%s", error->message);
  return h;
}

/* libcurl write callback: the answer into a GString. */
static size_t ht_collect(char *data, size_t size, size_t n, void *user)
{
  g_string_append_len((GString *)user, data, (gssize)(size * n));
  return size * n;
}

/*
** One HTTP request; returns the status (0 when the transfer failed) and the
** body in *body (may be NULL).  token NULL sends no Authorization header.
*/
static HT_UNUSED long ht_http_full(const char *method, const char *url, const char *token,
                                   const char *data, gsize len, char **body,
                                   const char *cafile)
{
  CURL *c = curl_easy_init();
  GString *resp = g_string_new(NULL);
  struct curl_slist *hdr = NULL;
  g_autofree char *auth = token ? g_strdup_printf("Authorization: Bearer %s", token) : NULL;
  if (auth)
    hdr = curl_slist_append(hdr, auth);
  hdr = curl_slist_append(hdr, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ht_collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (cafile)
    curl_easy_setopt(c, CURLOPT_CAINFO, cafile);
  if (data) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  }
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(hdr);
  curl_easy_cleanup(c);
  if (body)
    *body = g_string_free(resp, FALSE);
  else
    g_string_free(resp, TRUE);
  return status;
}

/* A request to a path of the hub under test. */
static HT_UNUSED long ht_http(const char *method, const HtHub *h, const char *path,
                              const char *token, const char *data, char **body)
{
  g_autofree char *url = g_strconcat(h->base, path, NULL);
  return ht_http_full(method, url, token, data, data ? strlen(data) : 0, body, NULL);
}

/* The "code" of an error answer ("" when there is none). */
static HT_UNUSED char *ht_error_code(const char *body)
{
  g_autoptr(cJSON) o = cJSON_Parse(body ? body : "");
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
  return g_strdup(cJSON_IsString(c) ? c->valuestring : "");
}

/* Enrolls a device over HTTP with a fresh code; returns its token. */
static HT_UNUSED char *ht_enroll(const HtHub *h, const char *db, const char *stall,
                                 const char *device)
{
  g_autofree char *code = ht_secret(db, "enroll-code", "--stall", stall, NULL);
  g_autofree char *req = g_strdup_printf("{\"code\":\"%s\",\"device_id\":\"%s\"}", code, device);
  g_autofree char *body = NULL;
  long st = ht_http("POST", h, "/v1/enroll", NULL, req, &body);
  if (st != 200)
    g_error("enroll %s: %ld %s", stall, st, body);
  g_autoptr(cJSON) o = cJSON_Parse(body);
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "token");
  return g_strdup(t->valuestring);
}

/* TRUE when this run's hubs are on PostgreSQL (MPOS_TEST_STORE=postgres). */
static HT_UNUSED gboolean ht_store_pg(void)
{
  return g_strcmp0(g_getenv("MPOS_TEST_STORE"), "postgres") == 0;
}

/*
** A libpq connection with the base string's settings and dbname (NULL:
** the base's own database); a connection that fails ends the test.
*/
static HT_UNUSED PGconn *ht_pg_connect(const char *conninfo)
{
  PGconn *pg = PQconnectdb(conninfo);
  if (PQstatus(pg) != CONNECTION_OK)
    g_error("%s: %s", conninfo, PQerrorMessage(pg));
  return pg;
}

/* Runs SQL (no result wanted) on a PostgreSQL database; failure ends the test. */
static HT_UNUSED void ht_pg_exec(const char *conninfo, const char *sql)
{
  PGconn *pg = ht_pg_connect(conninfo);
  PGresult *res = PQexec(pg, sql);
  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
    g_error("%s: %s", sql, PQerrorMessage(pg));
  PQclear(res);
  PQfinish(pg);
}

/*
** A new, empty PostgreSQL database on the test cluster: its connection
** string (transfer full).  The name is random, so tests run in parallel;
** the cluster is thrown away at the end (pg-stop), databases and all.
*/
static HT_UNUSED char *ht_pg_database_new(void)
{
  const char *base = tu_env("MPOS_TEST_PG");
  char name[32];
  g_snprintf(name, sizeof name, "mpos_%08x%08x", g_random_int(), g_random_int());
  g_autofree char *sql = g_strdup_printf("CREATE DATABASE %s", name);
  ht_pg_exec(base, sql);
  return g_strdup_printf("%s dbname=%s", base, name);
}

/*
** The hub database of a test: the SQLite file dir/file, or under
** MPOS_TEST_STORE=postgres a fresh PostgreSQL database.  Transfer full.
*/
static HT_UNUSED char *ht_db_new(const char *dir, const char *file)
{
  return ht_store_pg() ? ht_pg_database_new() : g_build_filename(dir, file, NULL);
}

/* One integer from the hub database, SQLite file or PostgreSQL alike. */
static HT_UNUSED int64_t ht_db_int(const char *db, const char *sql)
{
  int64_t v = -1;
  if (hub_store_is_postgres(db)) {
    PGconn *pg = ht_pg_connect(db);
    PGresult *res = PQexec(pg, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1)
      g_error("%s: %s", sql, PQerrorMessage(pg));
    v = PQgetisnull(res, 0, 0) ? 0 : g_ascii_strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    PQfinish(pg);
    return v;
  }
  sqlite3 *d = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2(d, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  else
    g_error("%s: %s", sql, sqlite3_errmsg(d));
  sqlite3_finalize(st);
  sqlite3_close(d);
  return v;
}

/* Runs SQL that returns nothing on the hub database; failure ends the test. */
static HT_UNUSED void ht_db_exec(const char *db, const char *sql)
{
  if (hub_store_is_postgres(db)) {
    ht_pg_exec(db, sql);
    return;
  }
  sqlite3 *d = NULL;
  char *msg = NULL;
  if (sqlite3_open(db, &d) != SQLITE_OK || sqlite3_exec(d, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error("%s: %s", sql, msg ? msg : sqlite3_errmsg(d));
  sqlite3_close(d);
}

/* The table of users: "user" in SQLite, hub_user in PostgreSQL (where user is a word). */
static HT_UNUSED const char *ht_users_table(const char *db)
{
  return hub_store_is_postgres(db) ? "hub_user" : "user";
}

/* A fingerprint of everything ingest writes: equal before and after = nothing stored. */
static HT_UNUSED char *ht_db_counts(const char *db)
{
  static const char *const q[] = {
    "SELECT count(*) FROM event", "SELECT count(*) FROM doc", "SELECT count(*) FROM doc_line",
    "SELECT count(*) FROM doc_tender", "SELECT count(*) FROM product",
    "SELECT count(*) FROM day_close", "SELECT count(*) FROM roll_day",
    "SELECT coalesce(sum(total) + sum(receipts) + sum(sales), 0) FROM roll_day",
    "SELECT coalesce(sum(revenue) + sum(lines) + sum(receipts), 0) FROM roll_line_day",
    "SELECT coalesce(sum(revenue) + sum(receipts), 0) FROM roll_hour",
    "SELECT coalesce(sum(amount), 0) FROM roll_tender"};
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < G_N_ELEMENTS(q); i++)
    g_string_append_printf(s, "%" G_GINT64_FORMAT " ", ht_db_int(db, q[i]));
  return g_string_free(s, FALSE);
}

/* ---- Stall documents from the real pos library ------------------------------ */

/* The wire event of a document, with a fresh event id. Transfer full. */
static HT_UNUSED cJSON *ht_doc_event(const PosSale *s)
{
  char id[POS_UUID_LEN + 1];
  pos_uuid7(pos_now_ms(), id);
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "kind", pos_doc_kind_name(s->kind));
  cJSON_AddNumberToObject(ev, "device_time_ms", (double)s->device_time_ms);
  cJSON_AddStringToObject(ev, "business_day", s->business_day);
  cJSON_AddItemToObject(ev, "doc", wire_sale_to_json(s));
  return ev;
}

/* {"device_id":..,"sent_ms":now,"events":[...]} taking the events (transfer full). */
static HT_UNUSED char *ht_batch(cJSON *events)
{
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "device_id", "TEST");
  cJSON_AddNumberToObject(o, "sent_ms", (double)pos_now_ms());
  cJSON_AddItemToObject(o, "events", events);
  char *raw = cJSON_PrintUnformatted(o);
  char *out = g_strdup(raw);
  cJSON_free(raw);
  return out;
}

/* The statuses of a batch answer joined ("accepted,duplicate,rejected:code"). */
static HT_UNUSED char *ht_results(const char *body)
{
  g_autoptr(cJSON) o = cJSON_Parse(body ? body : "");
  const cJSON *r, *results = cJSON_GetObjectItemCaseSensitive(o, "results");
  GString *s = g_string_new(NULL);
  cJSON_ArrayForEach(r, results) {
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(r, "code");
    if (s->len)
      g_string_append_c(s, ',');
    g_string_append(s, cJSON_IsString(st) ? st->valuestring : "?");
    if (cJSON_IsString(code))
      g_string_append_printf(s, ":%s", code->valuestring);
  }
  return g_string_free(s, FALSE);
}

/* ---- One hub for a whole file -------------------------------------------- */

/* A test of a file whose tests share one hub: its GTest path and function. */
typedef struct {
  const char *path;
  GTestFunc fn;
} HtTest;

/*
** main() of a test file whose tests share one hub (test-hub-ingest,
** test-hub-security, test-errors): libcurl initialised once, setup() starts
** the hub and fills it, the tests (a table ending in {NULL, NULL}) run in
** the table's order (later ones may rely on what earlier ones stored),
** teardown() stops the hub and must find it healthy.  Returns g_test_run's
** status.
*/
static HT_UNUSED int ht_main(int argc, char **argv, void (*setup)(void), void (*teardown)(void),
                             const HtTest *tests)
{
  g_test_init(&argc, &argv, NULL);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  setup();
  for (const HtTest *t = tests; t->path != NULL; t++)
    g_test_add_func(t->path, t->fn);
  int rc = g_test_run();
  teardown();
  curl_global_cleanup();
  return rc;
}

#endif
