/*
** test-errors.c: errors are data (docs/ERRORS.md).
**
**   /errors/tables/...    every table is complete and consistent: codes dense
**                         from 1, names unique and lower-case, HTTP statuses
**                         valid for the domain, exit statuses from the one
**                         scheme, every name round-trips string -> enum ->
**                         string, every name is documented in ERRORS.md; the
**                         hub table agrees with the wire table and the report
**                         table with the hub table it is turned into
**   /errors/wire/body     the one error body is written and read back
**   /errors/hub/answers   a real hub answers each error case with the status
**                         and code of the code's row, and /metrics has a
**                         label for every code
**   /errors/client/data   the sync client's errors carry the answer's status
**                         and the hub's code as data, through g_error_copy
**   /errors/cli/...       stall, market-hub and market-report exit with the
**                         documented status for a usage error, a missing
**                         database and bad input (and, for the hub's
**                         answers, the status of the hub's code)
**
** The hub runs once for the whole file (started in main), with a small body
** limit so that too_large is cheap to provoke.
*/
#include "hub-testutil.h"
#include "hub-report.h"
#include "sync-client.h"

static struct {
  char *dir, *db;
  HtHub *hub;
  char *admin, *manager, *device;   /* tokens; the manager's market is M01 */
} fx;

/* ---- Tables ------------------------------------------------------------------ */

/* How a domain's HTTP statuses must look. */
typedef enum {
  HTTP_NONE,        /* never on the wire: 0 */
  HTTP_ERROR,       /* an error answer: 400-599 */
  HTTP_WIRE         /* an error answer, or 200 for a per-event verdict */
} HttpRule;

/* A domain's own name -> code lookup, as an int (0: unknown). */
typedef int (*FromName)(const char *name);

static int pos_from_name(const char *name)
{
  PosErrorCode c;
  return pos_error_code_from_name(name, &c) ? (int)c : 0;
}

static int sync_from_name(const char *name)
{
  SyncErrorCode c;
  return sync_error_code_from_name(name, &c) ? (int)c : 0;
}

static int hub_from_name(const char *name)
{
  HubErrorCode c;
  return hub_error_code_from_name(name, &c) ? (int)c : 0;
}

static int wire_from_name(const char *name)
{
  return (int)sync_wire_code_from_name(name);
}

static int report_from_name(const char *name)
{
  gsize n;
  const MposErrorInfo *rows = hub_report_error_table(&n);
  const MposErrorInfo *r = mpos_error_table_find_name(rows, n, name);
  return r ? r->code : 0;
}

/* docs/ERRORS.md, read once: every code must be in it. */
static const char *errors_md(void)
{
  static char *text = NULL;
  if (text == NULL) {
    g_autofree char *path = g_build_filename(tu_env("MPOS_SRCDIR"), "docs", "ERRORS.md", NULL);
    g_autoptr(GError) error = NULL;
    if (!g_file_get_contents(path, &text, NULL, &error))
      g_error("%s", error->message);
  }
  return text;
}

/*
** The checks every table passes.  name_of is the domain's code -> name
** function (NULL: the table's own lookup is all there is).
*/
static void check_table(const char *what, const MposErrorInfo *rows, gsize n, HttpRule rule,
                        FromName from_name, const char *(*name_of)(int code))
{
  g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
  g_assert_cmpuint(n, >, 0);
  for (gsize i = 0; i < n; i++) {
    const MposErrorInfo *r = &rows[i];
    g_test_message("%s: %s", what, r->name);
    /* dense from 1, in order: a lookup by code is an index */
    g_assert_cmpint(r->code, ==, (int)i + 1);
    /* a stable lower-case name, unique in its table */
    g_assert_nonnull(r->name);
    g_assert_cmpuint(strlen(r->name), >, 0);
    g_assert_cmpuint(strspn(r->name, "abcdefghijklmnopqrstuvwxyz_"), ==, strlen(r->name));
    if (!g_hash_table_add(names, (gpointer)r->name))
      g_error("%s: %s twice", what, r->name);
    /* a default message a person can read */
    g_assert_nonnull(r->message);
    g_assert_cmpuint(strlen(r->message), >, 3);
    /* an exit status of the scheme; usage and ok are never a code's */
    g_assert_cmpint(r->exit_status, >=, MPOS_EXIT_INTERNAL);
    g_assert_cmpint(r->exit_status, <=, MPOS_EXIT_LAST);
    g_assert_cmpint(r->exit_status, !=, MPOS_EXIT_USAGE);
    /* an HTTP status valid for the domain */
    switch (rule) {
    case HTTP_NONE:
      g_assert_cmpint(r->http_status, ==, 0);
      break;
    case HTTP_ERROR:
      g_assert_cmpint(r->http_status, >=, 400);
      g_assert_cmpint(r->http_status, <=, 599);
      break;
    case HTTP_WIRE:
      if (r->http_status != 200) {
        g_assert_cmpint(r->http_status, >=, 400);
        g_assert_cmpint(r->http_status, <=, 599);
      }
      break;
    }
    /* string -> enum -> string */
    g_assert_cmpint(from_name(r->name), ==, r->code);
    g_assert_true(mpos_error_table_find(rows, n, r->code) == r);
    g_assert_true(mpos_error_table_find_name(rows, n, r->name) == r);
    if (name_of)
      g_assert_cmpstr(name_of(r->code), ==, r->name);
    /* documented */
    g_autofree char *quoted = g_strdup_printf("`%s`", r->name);
    if (strstr(errors_md(), quoted) == NULL)
      g_error("%s: %s is not in docs/ERRORS.md", what, r->name);
  }
  /* what is not in the table is not found */
  g_assert_cmpint(from_name("no_such_code"), ==, 0);
  g_assert_cmpint(from_name(NULL), ==, 0);
  g_assert_null(mpos_error_table_find(rows, n, 0));
  g_assert_null(mpos_error_table_find(rows, n, (int)n + 1));
  if (name_of) {
    g_assert_cmpstr(name_of(0), ==, "unknown");
    g_assert_cmpstr(name_of((int)n + 1), ==, "unknown");
  }
}

static const char *wire_name(int code)
{
  return sync_wire_code_name((SyncWireCode)code);
}

static void test_table_pos(void)
{
  gsize n;
  const MposErrorInfo *rows = pos_error_table(&n);
  check_table("pos", rows, n, HTTP_NONE, pos_from_name, pos_error_code_name);
  for (gsize i = 0; i < n; i++)
    g_assert_true(pos_error_info(rows[i].code) == &rows[i]);
  g_assert_null(pos_error_info(0));
  /* the codes scripts have keyed on since the first release keep their numbers */
  g_assert_cmpint(POS_ERROR_INVALID, ==, 1);
  g_assert_cmpint(POS_ERROR_NOT_INITIALISED, ==, 16);
  g_assert_cmpstr(pos_error_code_name(POS_ERROR_UNRECONCILED), ==, "unreconciled");
}

static void test_table_sync(void)
{
  gsize n;
  const MposErrorInfo *rows = sync_error_table(&n);
  check_table("sync", rows, n, HTTP_NONE, sync_from_name, sync_error_code_name);
  for (gsize i = 0; i < n; i++)
    g_assert_true(sync_error_info(rows[i].code) == &rows[i]);
  g_assert_cmpint(SYNC_ERROR_OFFLINE, ==, 1);
  g_assert_cmpint(SYNC_ERROR_CANCELLED, ==, 11);
}

static void test_table_wire(void)
{
  gsize n;
  const MposErrorInfo *rows = sync_wire_table(&n);
  check_table("wire", rows, n, HTTP_WIRE, wire_from_name, wire_name);
  for (gsize i = 0; i < n; i++) {
    SyncWireCode c = (SyncWireCode)rows[i].code;
    g_assert_true(sync_wire_info(c) == &rows[i]);
    g_assert_cmpint(sync_wire_code_is_verdict(c), ==, rows[i].http_status == 200);
  }
  /* the protocol's codes, as PROTOCOL.md lists them, with their statuses */
  static const struct { SyncWireCode code; const char *name; int status; } protocol[] = {
    {SYNC_WIRE_BAD_JSON, "bad_json", 400}, {SYNC_WIRE_BAD_REQUEST, "bad_request", 400},
    {SYNC_WIRE_UNAUTHORIZED, "unauthorized", 401}, {SYNC_WIRE_FORBIDDEN, "forbidden", 403},
    {SYNC_WIRE_NOT_FOUND, "not_found", 404},
    {SYNC_WIRE_UNSUPPORTED_VERSION, "unsupported_version", 404},
    {SYNC_WIRE_METHOD_NOT_ALLOWED, "method_not_allowed", 405},
    {SYNC_WIRE_CODE_USED, "code_used", 409}, {SYNC_WIRE_TOO_LARGE, "too_large", 413},
    {SYNC_WIRE_TIMEOUT, "timeout", 408}, {SYNC_WIRE_BUSY, "busy", 503},
    {SYNC_WIRE_INTERNAL, "internal", 500}, {SYNC_WIRE_UNRECONCILED, "unreconciled", 200},
    {SYNC_WIRE_UNKNOWN_ORIGINAL, "unknown_original", 200},
    {SYNC_WIRE_WRONG_STALL, "wrong_stall", 200},
    {SYNC_WIRE_DB_UNREACHABLE, "db_unreachable", 503}};
  for (guint i = 0; i < G_N_ELEMENTS(protocol); i++) {
    g_assert_cmpstr(sync_wire_code_name(protocol[i].code), ==, protocol[i].name);
    g_assert_cmpint(sync_wire_info(protocol[i].code)->http_status, ==, protocol[i].status);
  }
  g_assert_null(sync_wire_info(SYNC_WIRE_NONE));
  g_assert_cmpint(sync_wire_code_from_name("teapot"), ==, SYNC_WIRE_NONE);
}

/*
** The hub's rows go out as wire codes: a 500 row as "internal", every other
** under its own name, which must be a wire code with the same status.
*/
static void test_table_hub(void)
{
  gsize n;
  const MposErrorInfo *rows = hub_error_table(&n);
  check_table("hub", rows, n, HTTP_ERROR, hub_from_name, hub_error_code_name);
  for (gsize i = 0; i < n; i++) {
    const MposErrorInfo *r = &rows[i];
    g_assert_true(hub_error_info(r->code) == r);
    g_autoptr(GError) e = g_error_new_literal(HUB_ERROR, r->code, "x");
    SyncWireCode w = hub_error_wire_code(e);
    if (r->http_status == 500) {
      g_assert_cmpint(w, ==, SYNC_WIRE_INTERNAL);
    } else {
      g_test_message("hub %s -> wire %s", r->name, sync_wire_code_name(w));
      g_assert_cmpstr(sync_wire_code_name(w), ==, r->name);
      g_assert_cmpint(sync_wire_info(w)->http_status, ==, r->http_status);
      g_assert_false(sync_wire_code_is_verdict(w));
    }
  }
  g_autoptr(GError) other = g_error_new_literal(POS_ERROR, POS_ERROR_INVALID, "x");
  g_assert_cmpint(hub_error_wire_code(other), ==, SYNC_WIRE_INTERNAL);
  g_assert_cmpint(HUB_ERROR_INVALID, ==, 1);
  g_assert_cmpint(HUB_ERROR_LISTEN, ==, 15);
}

/* The analytics' codes keep their names and become hub errors of the same status. */
static void test_table_report(void)
{
  gsize n;
  const MposErrorInfo *rows = hub_report_error_table(&n);
  check_table("report", rows, n, HTTP_ERROR, report_from_name, an_error_code_name);
  g_assert_cmpuint(n, ==, AN_ERROR_IO);   /* one row per AN_ERROR code */
  for (gsize i = 0; i < n; i++) {
    const MposErrorInfo *r = &rows[i];
    g_assert_true(hub_report_error_info(r->code) == r);
    const MposErrorInfo *hub = hub_error_info(hub_report_error_hub_code(r->code));
    g_assert_nonnull(hub);
    g_assert_cmpint(hub->http_status, ==, r->http_status);
    g_assert_cmpint(hub->exit_status, ==, r->exit_status);
  }
}

/* The scheme itself: nine statuses, each with its own name. */
static void test_exit_scheme(void)
{
  static const char *const want[] = {"ok",      "internal", "usage",   "input",  "not_found",
                                     "refused", "storage",  "network", "device"};
  g_assert_cmpint(MPOS_EXIT_LAST, ==, 8);
  for (int s = 0; s <= MPOS_EXIT_LAST; s++) {
    g_assert_cmpstr(mpos_exit_name((MposExit)s), ==, want[s]);
    g_autofree char *row = g_strdup_printf("| %d |", s);
    if (strstr(errors_md(), row) == NULL)
      g_error("exit status %d is not in docs/ERRORS.md's scheme", s);
  }
  g_assert_cmpstr(mpos_exit_name((MposExit)9), ==, "unknown");
  g_assert_cmpint(mpos_error_exit(NULL), ==, MPOS_EXIT_INTERNAL);
}

/* ---- The wire body ------------------------------------------------------------ */

static void test_wire_body(void)
{
  gsize n;
  const MposErrorInfo *rows = sync_wire_table(&n);
  for (gsize i = 0; i < n; i++) {
    SyncWireCode c = (SyncWireCode)rows[i].code;
    g_autofree char *body = sync_wire_error_body(c, "just so");
    g_auto(SyncWireError) w = {0};
    g_assert_true(sync_wire_error_parse(body, strlen(body), &w));
    g_assert_cmpint(w.code, ==, c);
    g_assert_cmpstr(w.name, ==, rows[i].name);
    g_assert_cmpstr(w.message, ==, "just so");
    /* no message: the row's own */
    g_autofree char *plain = sync_wire_error_body(c, NULL);
    g_auto(SyncWireError) p = {0};
    g_assert_true(sync_wire_error_parse(plain, strlen(plain), &p));
    g_assert_cmpstr(p.message, ==, rows[i].message);
  }
  /* a code from a newer hub is kept as text, with no enum */
  static const char newer[] = "{\"error\":{\"code\":\"teapot\",\"message\":\"short and stout\"}}";
  g_auto(SyncWireError) t = {0};
  g_assert_true(sync_wire_error_parse(newer, strlen(newer), &t));
  g_assert_cmpint(t.code, ==, SYNC_WIRE_NONE);
  g_assert_cmpstr(t.name, ==, "teapot");
  /* not an error body at all */
  static const char *const junk[] = {"", "<html>502</html>", "{\"error\":\"busy\"}",
                                     "{\"error\":{\"code\":7}}", "[1]", "{\"status\":\"ok\"}"};
  for (guint i = 0; i < G_N_ELEMENTS(junk); i++) {
    g_auto(SyncWireError) j = {0};
    g_assert_false(sync_wire_error_parse(junk[i], strlen(junk[i]), &j));
    g_assert_cmpint(j.code, ==, SYNC_WIRE_NONE);
    g_assert_null(j.name);
    g_assert_null(j.message);
  }
  g_auto(SyncWireError) none = {0};
  g_assert_false(sync_wire_error_parse(NULL, 0, &none));
}

/* ---- The hub's answers ----------------------------------------------------------- */

/* One request; the answer must have the row's status and code, and a message. */
static void expect_answer(const char *method, const char *path, const char *token,
                          const char *body, SyncWireCode want)
{
  g_autofree char *answer = NULL;
  long status = ht_http(method, fx.hub, path, token, body, &answer);
  g_test_message("%s %s -> %ld %s", method, path, status, answer);
  const MposErrorInfo *row = sync_wire_info(want);
  g_assert_cmpint(status, ==, row->http_status);
  g_auto(SyncWireError) w = {0};
  g_assert_true(sync_wire_error_parse(answer, strlen(answer), &w));
  g_assert_cmpint(w.code, ==, want);
  g_assert_cmpstr(w.name, ==, row->name);
  g_assert_nonnull(w.message);
  g_assert_cmpuint(strlen(w.message), >, 0);
}

static void test_hub_answers(void)
{
  expect_answer("GET", "/v1/markets", NULL, NULL, SYNC_WIRE_UNAUTHORIZED);
  expect_answer("GET", "/v1/markets", "0123456789abcdef0123456789abcdef"
                "0123456789abcdef0123456789abcdef", NULL, SYNC_WIRE_UNAUTHORIZED);
  expect_answer("GET", "/v1/markets", fx.device, NULL, SYNC_WIRE_FORBIDDEN);
  expect_answer("GET", "/metrics", fx.manager, NULL, SYNC_WIRE_FORBIDDEN);
  expect_answer("GET", "/v2/markets", fx.admin, NULL, SYNC_WIRE_UNSUPPORTED_VERSION);
  expect_answer("GET", "/no/such/path", fx.admin, NULL, SYNC_WIRE_NOT_FOUND);
  expect_answer("GET", "/v1/markets/M99/stalls", fx.admin, NULL, SYNC_WIRE_NOT_FOUND);
  expect_answer("DELETE", "/v1/markets", fx.admin, NULL, SYNC_WIRE_METHOD_NOT_ALLOWED);
  expect_answer("POST", "/v1/enroll", NULL, "not json", SYNC_WIRE_BAD_JSON);
  expect_answer("POST", "/v1/enroll", NULL, "{\"code\":7}", SYNC_WIRE_BAD_REQUEST);
  expect_answer("GET", "/v1/markets/M01/reports/lines?from=2026-13-45&to=2026-11-25",
                fx.manager, NULL, SYNC_WIRE_BAD_REQUEST);
  expect_answer("POST", "/v1/enroll", NULL,
                "{\"code\":\"AAAA-BBBB-CCCC\",\"device_id\":\"D9\"}", SYNC_WIRE_NOT_FOUND);
  /* one code, two trades */
  g_autofree char *code = ht_secret(fx.db, "enroll-code", "--stall", "S001", NULL);
  g_autofree char *req = g_strdup_printf("{\"code\":\"%s\",\"device_id\":\"D2\"}", code);
  g_autofree char *first = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req, &first), ==, 200);
  expect_answer("POST", "/v1/enroll", NULL, req, SYNC_WIRE_CODE_USED);
  /* over the hub's body limit (started with --max-body 1024) */
  g_autofree char *big = g_strnfill(2048, ' ');
  expect_answer("POST", "/v1/events", fx.device, big, SYNC_WIRE_TOO_LARGE);

  /* every code of the table is a label of the metrics, counted or not */
  g_autofree char *metrics = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, "/metrics", fx.admin, NULL, &metrics), ==, 200);
  gsize n;
  const MposErrorInfo *rows = sync_wire_table(&n);
  for (gsize i = 0; i < n; i++) {
    g_autofree char *label = g_strdup_printf("mhub_rejects_total{code=\"%s\"} ", rows[i].name);
    if (strstr(metrics, label) == NULL)
      g_error("no metric %s", label);
  }
  g_assert_nonnull(strstr(metrics, "mhub_rejects_total{code=\"other\"} 0\n"));
  g_assert_nonnull(strstr(metrics, "mhub_rejects_total{code=\"unauthorized\"} 2\n"));
  g_assert_nonnull(strstr(metrics, "mhub_rejects_total{code=\"code_used\"} 1\n"));
  /* and the statuses of the answers above are labels too */
  g_assert_nonnull(strstr(metrics, "mhub_requests_total{path=\"/v1/enroll\",code=\"409\"} 1\n"));
  g_assert_nonnull(strstr(metrics, "mhub_requests_total{path=\"/v1/markets\",code=\"405\"} 1\n"));
}

/* ---- The client's data ----------------------------------------------------------- */

/* sync_http_get of a path of the hub under test. */
static GBytes *get(const char *path, const char *token, GError **error)
{
  g_autofree char *url = g_strconcat(fx.hub->base, path, NULL);
  return sync_http_get(url, token, NULL, error);
}

static void test_client_data(void)
{
  g_autoptr(GError) e = NULL;
  /* 404 with the hub's code: HTTP, described by not_found */
  g_assert_null(get("/v1/markets/M99/reports/lines?from=2026-11-01&to=2026-11-02",
                    fx.manager, &e));
  g_assert_error(e, SYNC_ERROR, SYNC_ERROR_HTTP);
  g_assert_cmpint(sync_error_http_status(e), ==, 404);
  g_assert_cmpint(sync_error_hub_code(e), ==, SYNC_WIRE_NOT_FOUND);
  g_assert_cmpstr(sync_error_hub_name(e), ==, "not_found");
  g_assert_nonnull(sync_error_hub_message(e));
  g_assert_true(sync_error_info_of(e) == sync_wire_info(SYNC_WIRE_NOT_FOUND));
  g_assert_cmpint(mpos_error_exit(sync_error_info_of(e)), ==, MPOS_EXIT_NOT_FOUND);
  g_assert_false(sync_error_is_transient(e));
  /* the data survives a copy (a GTask's, the office's rewording) */
  g_autoptr(GError) copy = g_error_copy(e);
  g_assert_cmpint(sync_error_http_status(copy), ==, 404);
  g_assert_cmpint(sync_error_hub_code(copy), ==, SYNC_WIRE_NOT_FOUND);
  g_assert_cmpstr(sync_error_hub_message(copy), ==, sync_error_hub_message(e));
  g_clear_error(&e);

  /* 401 and 403: UNAUTHORIZED, told apart by the data */
  g_assert_null(get("/v1/markets", "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0",
                    &e));
  g_assert_error(e, SYNC_ERROR, SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint(sync_error_http_status(e), ==, 401);
  g_assert_cmpint(sync_error_hub_code(e), ==, SYNC_WIRE_UNAUTHORIZED);
  g_assert_cmpint(mpos_error_exit(sync_error_info_of(e)), ==, MPOS_EXIT_REFUSED);
  g_clear_error(&e);
  g_assert_null(get("/v1/markets", fx.device, &e));
  g_assert_error(e, SYNC_ERROR, SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint(sync_error_http_status(e), ==, 403);
  g_assert_cmpint(sync_error_hub_code(e), ==, SYNC_WIRE_FORBIDDEN);
  g_assert_cmpstr(sync_error_info_of(e)->name, ==, "unauthorized");
  g_clear_error(&e);

  /* a 400 names bad_request, exit 3 */
  g_assert_null(get("/v1/markets/M01/reports/lines?from=2026-11-02&to=2026-11-01",
                    fx.manager, &e));
  g_assert_cmpint(sync_error_http_status(e), ==, 400);
  g_assert_cmpint(mpos_error_exit(sync_error_info_of(e)), ==, MPOS_EXIT_INPUT);
  g_clear_error(&e);

  /* no answer at all: no status, no hub code, the transport's words as data */
  g_assert_null(sync_http_get("http://127.0.0.1:9/v1/markets", fx.manager, NULL, &e));
  g_assert_error(e, SYNC_ERROR, SYNC_ERROR_OFFLINE);
  g_assert_cmpint(sync_error_http_status(e), ==, 0);
  g_assert_cmpint(sync_error_hub_code(e), ==, SYNC_WIRE_NONE);
  g_assert_null(sync_error_hub_name(e));
  g_assert_nonnull(sync_error_reason(e));
  g_assert_nonnull(strstr(e->message, sync_error_reason(e)));
  g_assert_true(sync_error_is_transient(e));
  g_assert_cmpint(mpos_error_exit(sync_error_info_of(e)), ==, MPOS_EXIT_NETWORK);
  g_clear_error(&e);

  /* other domains carry no such data */
  g_autoptr(GError) pos = g_error_new_literal(POS_ERROR, POS_ERROR_STATE, "x");
  g_assert_cmpint(sync_error_http_status(pos), ==, 0);
  g_assert_cmpint(sync_error_hub_code(pos), ==, SYNC_WIRE_NONE);
  g_assert_true(sync_error_info_of(pos) == pos_error_info(POS_ERROR_STATE));
  g_autoptr(GError) other = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_assert_null(sync_error_info_of(other));
}

/* ---- The three programs ----------------------------------------------------------- */

typedef struct {
  int rc;
  char *out, *err;
} Run;

static void run_clear(Run *r)
{
  g_free(r->out);
  g_free(r->err);
  memset(r, 0, sizeof *r);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

/* Runs argv (NULL-terminated list after program), keeping the output. */
static void run(Run *r, const char *program, ...)
{
  va_list ap;
  const char *a;
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)program);
  va_start(ap, program);
  while ((a = va_arg(ap, const char *)) != NULL)
    g_ptr_array_add(argv, (char *)a);
  va_end(ap);
  g_ptr_array_add(argv, NULL);
  run_clear(r);
  r->rc = tu_run((char **)argv->pdata, &r->out, &r->err);
  g_test_message("%s ... -> %d\nstdout: %s\nstderr: %s", program, r->rc, r->out, r->err);
}

/* The exit status and the code on standard error ("PROGRAM: ...CODE: "). */
static void expect(const Run *r, int rc, const char *code)
{
  if (r->rc != rc)
    g_error("exit %d, wanted %d\nstderr: %s", r->rc, rc, r->err);
  if (code) {
    g_autofree char *needle = g_strdup_printf(" %s: ", code);
    if (strstr(r->err, needle) == NULL)
      g_error("stderr does not name %s: %s", code, r->err);
  }
}

/* The code of stall --json's error object. */
static char *json_code(const char *out)
{
  g_autoptr(cJSON) o = cJSON_Parse(out ? out : "");
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
  return g_strdup(cJSON_IsString(c) ? c->valuestring : "");
}

static void test_cli_stall(void)
{
  const char *stall = tu_env("MPOS_STALL");
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *db = g_build_filename(dir, "ledger.sqlite", NULL);
  g_autofree char *fresh = g_build_filename(dir, "fresh.sqlite", NULL);
  g_autofree char *nowhere = g_build_filename(dir, "no", "such", "dir", "l.sqlite", NULL);
  g_auto(Run) r = {0};

  /* usage: 2, with the code "usage" in --json */
  run(&r, stall, "--db", db, "--json", "frobnicate", NULL);
  expect(&r, 2, NULL);
  g_autofree char *c1 = json_code(r.out);
  g_assert_cmpstr(c1, ==, "usage");
  run(&r, stall, "--db", db, "sales", "--bogus", NULL);
  expect(&r, 2, NULL);

  /* a missing database: the ledger is made empty and has no stall (5);
  ** one that cannot be made is a file error (6) */
  run(&r, stall, "--db", fresh, "--json", "config", NULL);
  expect(&r, 5, "not_initialised");
  g_autofree char *c2 = json_code(r.out);
  g_assert_cmpstr(c2, ==, "not_initialised");
  run(&r, stall, "--db", nowhere, "--json", "sales", NULL);
  expect(&r, 6, "io");
  g_autofree char *c3 = json_code(r.out);
  g_assert_cmpstr(c3, ==, "io");

  /* bad input: 3 */
  run(&r, stall, "--db", db, "init", "--stall-name", "오류상회", NULL);
  expect(&r, 0, NULL);
  run(&r, stall, "--db", db, "--json", "product", "add", "--plu", "1", "--name", "사과",
      "--line", "FRUIT", "--price", "abc", "--unit", "piece", "--tax", "exempt", NULL);
  expect(&r, 3, "invalid");
  g_autofree char *c4 = json_code(r.out);
  g_assert_cmpstr(c4, ==, "invalid");
  /* not found: 4; a state refused: 5 */
  run(&r, stall, "--db", db, "product", "edit", "--plu", "9", "--price", "100", NULL);
  expect(&r, 4, "not_found");
  run(&r, stall, "--db", db, "init", "--stall-name", "again", NULL);
  expect(&r, 5, "state");

  /* the hub refused the code: the client's own code (refused, 3) with the
  ** answer's status as data in --json */
  run(&r, stall, "--db", db, "--json", "enroll", "--hub", fx.hub->base, "--code",
      "AAAA-BBBB-CCCC", NULL);
  expect(&r, 3, "refused");
  g_autoptr(cJSON) o = cJSON_Parse(r.out);
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(e, "code")->valuestring, ==, "refused");
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(e, "http_status")->valueint, ==, 404);
  /* not enrolled: 5 */
  run(&r, stall, "--db", db, "sync", NULL);
  expect(&r, 5, "not_enrolled");
  tu_tmpdir_free(g_steal_pointer(&dir));
}

static void test_cli_hub(void)
{
  const char *hub = tu_env("MPOS_HUB");
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *missing = g_build_filename(dir, "missing.sqlite", NULL);
  g_auto(Run) r = {0};
  run(&r, hub, "--db", fx.db, "frobnicate", NULL);
  expect(&r, 2, "usage");
  run(&r, hub, "--db", fx.db, "market", "add", "M09", NULL);             /* no --name */
  expect(&r, 2, "usage");
  run(&r, hub, "--db", missing, "market", "list", NULL);
  expect(&r, 5, "not_initialised");
  g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
  run(&r, hub, "--db", fx.db, "market", "add", "m 9", "--name", "x", NULL);
  expect(&r, 3, "bad_request");
  run(&r, hub, "--db", fx.db, "stall", "list", "--market", "M99", NULL);
  expect(&r, 4, "not_found");
  run(&r, hub, "--db", fx.db, "market", "add", "M01", "--name", "again", NULL);
  expect(&r, 5, "exists");
  run(&r, hub, "--db", fx.db, "taxonomy", "import", "/nonexistent.csv", NULL);
  expect(&r, 6, "io");
  tu_tmpdir_free(g_steal_pointer(&dir));
}

static void test_cli_report(void)
{
  const char *report = tu_env("MPOS_REPORT");
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *missing = g_build_filename(dir, "missing.sqlite", NULL);
  g_autofree char *nowhere = g_build_filename(dir, "no", "such", "dir", "r.json", NULL);
  g_auto(Run) r = {0};
#define DAYS "--from", "2026-11-01", "--to", "2026-11-07"
  /* usage: 2 */
  run(&r, report, "lines", "--market", "M01", DAYS, NULL);            /* no --db or --hub */
  expect(&r, 2, NULL);
  g_assert_nonnull(strstr(r.err, "market-report: usage: "));
  run(&r, report, "cakes", "--market", "M01", DAYS, "--db", fx.db, NULL);
  expect(&r, 2, NULL);
  /* a missing database: 5 */
  run(&r, report, "lines", "--market", "M01", DAYS, "--db", missing, NULL);
  expect(&r, 5, "not_initialised");
  /* bad input: 3, from the file and through the hub alike */
  run(&r, report, "lines", "--market", "M01", "--from", "2026-13-45", "--to", "2026-11-07",
      "--db", fx.db, NULL);
  expect(&r, 3, "bad_request");
  run(&r, report, "lines", "--market", "M01", "--from", "2026-13-45", "--to", "2026-11-07",
      "--hub", fx.hub->base, "--token", fx.manager, NULL);
  expect(&r, 3, "bad_request");
  /* an unknown market: 4, the hub's not_found */
  run(&r, report, "lines", "--market", "M99", DAYS, "--db", fx.db, NULL);
  expect(&r, 4, "not_found");
  run(&r, report, "lines", "--market", "M99", DAYS, "--hub", fx.hub->base, "--token",
      fx.manager, NULL);
  expect(&r, 4, "not_found");
  /* refused: 5, an unknown token and a market outside the token's */
  run(&r, report, "lines", "--market", "M01", DAYS, "--hub", fx.hub->base, "--token",
      "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0", NULL);
  expect(&r, 5, "unauthorized");
  run(&r, report, "lines", "--market", "M02", DAYS, "--hub", fx.hub->base, "--token",
      fx.manager, NULL);
  expect(&r, 5, "unauthorized");
  /* a file that cannot be written: 6; a hub that is not there: 7 */
  run(&r, report, "lines", "--market", "M01", DAYS, "--db", fx.db, "--out", nowhere, NULL);
  expect(&r, 6, "io");
  run(&r, report, "lines", "--market", "M01", DAYS, "--hub", "http://127.0.0.1:9",
      "--token", fx.manager, NULL);
  expect(&r, 7, "offline");
  run(&r, report, "lines", "--market", "M01", DAYS, "--hub", "ftp://example.org",
      "--token", fx.manager, NULL);
  expect(&r, 3, "bad_url");
#undef DAYS
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* ---- main -------------------------------------------------------------------------- */

/* A hub with two markets, an admin, a manager of M01 and a device of S001. */
static void setup(void)
{
  fx.dir = tu_tmpdir();
  fx.db = ht_db_new(fx.dir, "hub.sqlite");
  const char *d = fx.db;
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "market", "add", "M02", "--name", "나래시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         "행복청과", NULL), ==, 0);
  fx.admin = ht_secret(d, "user", "add", "root", "--role", "admin", NULL);
  fx.manager = ht_secret(d, "user", "add", "kim", "--role", "manager", "--market", "M01", NULL);
  static const char *const extra[] = {"--max-body", "1024", NULL};
  fx.hub = ht_hub_start(d, extra);
  fx.device = ht_enroll(fx.hub, d, "S001", "DEV1");
}

static void teardown(void)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  g_free(fx.admin);
  g_free(fx.manager);
  g_free(fx.device);
  g_free(fx.db);
  tu_tmpdir_free(fx.dir);
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/errors/tables/pos", test_table_pos},
    {"/errors/tables/sync", test_table_sync},
    {"/errors/tables/wire", test_table_wire},
    {"/errors/tables/hub", test_table_hub},
    {"/errors/tables/report", test_table_report},
    {"/errors/tables/exit-scheme", test_exit_scheme},
    {"/errors/wire/body", test_wire_body},
    {"/errors/hub/answers", test_hub_answers},
    {"/errors/client/data", test_client_data},
    {"/errors/cli/stall", test_cli_stall},
    {"/errors/cli/market-hub", test_cli_hub},
    {"/errors/cli/market-report", test_cli_report},
    {NULL, NULL},
  };
  return ht_main(argc, argv, setup, teardown, tests);
}
