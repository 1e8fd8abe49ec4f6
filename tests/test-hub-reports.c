/*
** test-hub-reports.c: the office app's endpoints on a real hub process:
** GET /v1/markets, /v1/markets/CODE/stalls and /v1/markets/CODE/reports/KIND,
** for every role and scope, their bad queries, and the report bytes against
** what market-report --db writes from the same database.
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
