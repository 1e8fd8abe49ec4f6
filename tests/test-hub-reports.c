/*
** test-hub-reports.c: the office app's endpoints on a real hub process:
** GET /v1/markets, /v1/markets/CODE/stalls and /v1/markets/CODE/reports/KIND,
** for every role and scope, their bad queries, and the report bytes against
** what market-report --db writes from the same database, and the warm-up a
** hub does when it starts.
*/
#include "testutil.h"
#include "hub-testutil.h"

#define Q "?from=2026-11-12&to=2026-11-25"

static char *dir, *db;
static HtHub *hub;
static char *admin, *manager1, *consultant1, *device1;

static void setup(void)
{
  dir = tu_tmpdir();
  db = ht_db_new(dir, "hub.sqlite");
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, &out, NULL, "seed", "--markets", "3", "--stalls", "4", "--days",
                         "28", "--until", "2026-11-25", NULL), ==, 0);
  admin = ht_secret(db, "user", "add", "boss", "--role", "admin", NULL);
  manager1 = ht_secret(db, "user", "add", "kim", "--role", "manager", "--market", "M01", NULL);
  consultant1 = ht_secret(db, "user", "add", "lee", "--role", "consultant", "--market", "M01",
                          NULL);
  hub = ht_hub_start(db, NULL);
  device1 = ht_enroll(hub, db, "M01-S01", "DEV1");
}

static void test_markets_by_role(void)
{
  static const struct {
    char **token;
    long status;
    const char *markets;   /* codes the answer lists, in order */
  } cases[] = {
    {&admin, 200, "M01,M02,M03"},
    {&manager1, 200, "M01"},
    {&consultant1, 200, "M01"},
    {&device1, 403, NULL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *body = NULL;
    long st = ht_http("GET", hub, "/v1/markets", *cases[i].token, NULL, &body);
    g_assert_cmpint(st, ==, cases[i].status);
    if (cases[i].markets == NULL)
      continue;
    g_autoptr(cJSON) o = cJSON_Parse(body);
    GString *codes = g_string_new(NULL);
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(o, "markets"))
      g_string_append_printf(codes, "%s%s", codes->len ? "," : "",
                             cJSON_GetObjectItem(m, "code")->valuestring);
    g_assert_cmpstr(codes->str, ==, cases[i].markets);
    g_string_free(codes, TRUE);
  }
  g_assert_cmpint(ht_http("GET", hub, "/v1/markets", NULL, NULL, NULL), ==, 401);
}

static void test_scopes(void)
{
  static const struct {
    const char *path;
    char **token;
    long status;
  } cases[] = {
    {"/v1/markets/M01/stalls", &admin, 200},
    {"/v1/markets/M01/stalls", &manager1, 200},
    {"/v1/markets/M02/stalls", &manager1, 403},
    {"/v1/markets/M02/stalls", &consultant1, 403},
    {"/v1/markets/M01/stalls", &device1, 403},
    {"/v1/markets/M09/stalls", &admin, 404},
    {"/v1/markets/M01/reports/lines" Q, &consultant1, 200},
    {"/v1/markets/M02/reports/lines" Q, &consultant1, 403},
    {"/v1/markets/M01/reports/stores" Q, &device1, 403},
    {"/v1/markets/M01/reports/lines" Q, NULL, 401},
    {"/v1/markets/M01/reports/profits" Q, &admin, 404},
    {"/v1/markets/M09/reports/lines" Q, &admin, 404},
    {"/v1/markets/M01/reports/lines?from=2026-11-31&to=2026-11-25", &admin, 400},
    {"/v1/markets/M01/reports/lines?from=2026-11-25&to=2026-11-01", &admin, 400},
    {"/v1/markets/M01/reports/lines" Q "&format=docx", &admin, 400},
    {"/v1/markets/M01/reports/lines" Q "&compare=tomorrow", &admin, 400},
    {"/v1/markets/M01/reports/all" Q "&format=json", &admin, 400},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *body = NULL;
    long st = ht_http("GET", hub, cases[i].path, cases[i].token ? *cases[i].token : NULL, NULL,
                      &body);
    if (st != cases[i].status)
      g_error("GET %s: %ld, want %ld: %s", cases[i].path, st, cases[i].status, body);
  }
}

/* The API answers what market-report --db writes from the same file. */
static void test_same_bytes(void)
{
  static const char *const kinds[] = {"lines", "stores", "stalls"};
  static const char *const formats[] = {"json", "csv"};
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    for (guint f = 0; f < G_N_ELEMENTS(formats); f++) {
      g_autofree char *path = g_strdup_printf("/v1/markets/M01/reports/%s" Q "&format=%s",
                                              kinds[k], formats[f]);
      g_autofree char *body = NULL;
      g_assert_cmpint(ht_http("GET", hub, path, manager1, NULL, &body), ==, 200);
      char *argv[] = {(char *)tu_env("MPOS_REPORT"), (char *)kinds[k], "--db", db,
                      "--market", "M01", "--from", "2026-11-12", "--to", "2026-11-25",
                      "--format", (char *)formats[f], NULL};
      g_autofree char *file = NULL;
      g_assert_cmpint(tu_run(argv, &file, NULL), ==, 0);
      g_assert_cmpstr(body, ==, file);
    }
  g_autofree char *pdf = NULL;
  g_assert_cmpint(ht_http("GET", hub, "/v1/markets/M01/reports/all" Q "&format=pdf", admin,
                          NULL, &pdf), ==, 200);
  g_assert_true(g_str_has_prefix(pdf, "%PDF-"));
}

/* The report as market-report --db writes it from the database now. */
static char *report_file(const char *kind, const char *from, const char *to)
{
  char *argv[] = {(char *)tu_env("MPOS_REPORT"), (char *)kind, "--db", db, "--market", "M01",
                  "--from", (char *)from, "--to", (char *)to, NULL};
  char *file = NULL;
  g_assert_cmpint(tu_run(argv, &file, NULL), ==, 0);
  return file;
}

/* GET of a report of M01 as the manager; asserts 200. */
static char *report_http(const char *kind, const char *from, const char *to)
{
  g_autofree char *path =
    g_strdup_printf("/v1/markets/M01/reports/%s?from=%s&to=%s", kind, from, to);
  char *body = NULL;
  g_assert_cmpint(ht_http("GET", hub, path, manager1, NULL, &body), ==, 200);
  return body;
}

/*
** The report cache (hub-report-cache.h) never answers with old data: a
** question asked again gets the same bytes, and after a write by another
** process (a stall added with the CLI) or by the hub itself (a sale
** ingested) the answer is the database's new one, as market-report --db
** writes it.
*/
static void test_cache_follows_data(void)
{
  g_autofree char *first = report_http("stores", "2026-11-12", "2026-11-25");
  g_autofree char *again = report_http("stores", "2026-11-12", "2026-11-25");
  g_assert_cmpstr(again, ==, first);
  g_assert_null(strstr(first, "M01-S77"));

  g_assert_cmpint(ht_cmd(db, NULL, NULL, "stall", "add", "M01-S77", "--market", "M01",
                         "--name", "새점포", NULL), ==, 0);
  g_autofree char *added = report_http("stores", "2026-11-12", "2026-11-25");
  g_assert_nonnull(strstr(added, "M01-S77"));
  g_autofree char *file = report_file("stores", "2026-11-12", "2026-11-25");
  g_assert_cmpstr(added, ==, file);

  /* a sale of today through the hub's own ingest, on M01-S01 */
  g_autoptr(GError) error = NULL;
  g_autofree char *ldir = g_build_filename(dir, "till", NULL);
  g_assert_cmpint(g_mkdir_with_parents(ldir, 0700), ==, 0);
  PosLedger *ledger = tu_ledger(ldir, "행복청과", 10);
  g_autoptr(PosProduct) pear =
    tu_product(ledger, 1, "배", "FRUIT", POS_UNIT_PIECE, 7000, POS_TAX_EXEMPT);
  g_assert_true(pos_ledger_open_day(ledger, 50000, &error));
  PosCartRules rules;
  pos_ledger_cart_rules(ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, pear, 3000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 21000, NULL, &error));
  g_autoptr(PosSale) sale = NULL;
  g_assert_true(pos_ledger_commit_sale(ledger, cart, &sale, &error));
  const char *day = sale->business_day;
  g_autofree char *before = report_http("lines", day, day);
  g_autofree char *before_again = report_http("lines", day, day);
  g_assert_cmpstr(before_again, ==, before);
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ht_doc_event(sale));
  g_autofree char *batch = ht_batch(events);
  g_autofree char *answer = NULL;
  g_assert_cmpint(ht_http("POST", hub, "/v1/events", device1, batch, &answer), ==, 200);
  g_autofree char *results = ht_results(answer);
  g_assert_cmpstr(results, ==, "accepted");
  g_autofree char *after = report_http("lines", day, day);
  g_assert_cmpstr(after, !=, before);
  g_assert_nonnull(strstr(after, "\"revenue\":21000"));
  g_autofree char *after_file = report_file("lines", day, day);
  g_assert_cmpstr(after, ==, after_file);
  pos_ledger_close(ledger);
}

/* The value of a metric line "NAME VALUE" in a /metrics text, or -1 when absent. */
static long metric(const char *text, const char *name)
{
  g_autofree char *key = g_strdup_printf("\n%s ", name);
  const char *at = strstr(text, key);
  return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

/* The hub's /metrics text, for the admin. */
static char *metrics(const HtHub *h)
{
  char *body = NULL;
  g_assert_cmpint(ht_http("GET", h, "/metrics", admin, NULL, &body), ==, 200);
  return body;
}

/*
** The warm-up of a starting hub (sync/hub/hub-warm.h): /healthz answered
** before it ends (ht_hub_start waits for that), it ends by itself having
** built the three reports of each of the three markets without keeping them
** in the report cache, a hub stopped in the middle of it exits cleanly,
** and --no-warm-up does none.  --report-cache 0 keeps no report at all.
*/
static void test_warm_up(void)
{
  long done = 0, built = -1;
  for (int i = 0; i < 600 && done != 1; i++) {
    g_autofree char *text = metrics(hub);
    done = metric(text, "mhub_warm_up_done");
    built = metric(text, "mhub_warm_up_reports");
    g_assert_cmpint(done, >=, 0);
    if (done != 1)
      g_usleep(100 * 1000);
  }
  g_assert_cmpint(done, ==, 1);
  g_assert_cmpint(built, ==, 9);

  HtHub *fresh = ht_hub_start(db, NULL);
  for (int i = 0; i < 600; i++) {
    g_autofree char *text = metrics(fresh);
    if (metric(text, "mhub_warm_up_done") == 1)
      break;
    g_usleep(100 * 1000);
  }
  {
    g_autofree char *text = metrics(fresh);
    g_assert_cmpint(metric(text, "mhub_warm_up_done"), ==, 1);
    g_assert_cmpint(metric(text, "mhub_report_cache_entries"), ==, 0);
  }
  g_assert_cmpint(ht_http("GET", fresh, "/v1/markets/M01/reports/lines" Q, admin, NULL, NULL),
                  ==, 200);
  {
    g_autofree char *text = metrics(fresh);
    g_assert_cmpint(metric(text, "mhub_report_cache_entries"), ==, 1);
  }
  g_assert_cmpint(mb_hub_stop(fresh), ==, 0);

  HtHub *stopped = ht_hub_start(db, NULL);
  g_assert_cmpint(mb_hub_stop(stopped), ==, 0);

  const char *const cold[] = {"--no-warm-up", "--report-cache", "0", NULL};
  HtHub *plain = ht_hub_start(db, cold);
  g_assert_cmpint(ht_http("GET", plain, "/v1/markets/M01/reports/lines" Q, admin, NULL, NULL),
                  ==, 200);
  g_autofree char *text = metrics(plain);
  g_assert_cmpint(metric(text, "mhub_warm_up_done"), ==, -1);
  g_assert_cmpint(metric(text, "mhub_report_cache_entries"), ==, 0);
  g_assert_cmpint(metric(text, "mhub_up"), ==, 1);
  g_assert_cmpint(mb_hub_stop(plain), ==, 0);
}

/* A stall list with sync state: seeded stalls synced, none "never". */
static void test_stall_list(void)
{
  g_autofree char *body = NULL;
  g_assert_cmpint(ht_http("GET", hub, "/v1/markets/M01/stalls", admin, NULL, &body), ==, 200);
  g_autoptr(cJSON) o = cJSON_Parse(body);
  const cJSON *stalls = cJSON_GetObjectItem(o, "stalls");
  g_assert_cmpint(cJSON_GetArraySize(stalls), ==, 4);
  const cJSON *s;
  cJSON_ArrayForEach(s, stalls) {
    g_assert_true(cJSON_IsString(cJSON_GetObjectItem(s, "code")));
    g_assert_true(cJSON_IsString(cJSON_GetObjectItem(s, "last_sync")));
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  setup();
  g_test_add_func("/hub/reports/markets-by-role", test_markets_by_role);
  g_test_add_func("/hub/reports/scopes", test_scopes);
  g_test_add_func("/hub/reports/same-bytes", test_same_bytes);
  g_test_add_func("/hub/reports/stall-list", test_stall_list);
  g_test_add_func("/hub/reports/cache-follows-data", test_cache_follows_data);
  g_test_add_func("/hub/reports/warm-up", test_warm_up);
  int rc = g_test_run();
  mb_hub_stop(hub);
  g_free(admin);
  g_free(manager1);
  g_free(consultant1);
  g_free(device1);
  g_free(db);
  tu_tmpdir_free(dir);
  return rc;
}
