/*
** test-hub-security.c: who may do what on a real hub.
**
** One table: every endpoint against every kind of caller (admin, manager
** and consultant of the stall's market and of another, the stall's own
** device and another stall's, and wrong, revoked, malformed and missing
** tokens), each with the status and error code it must get.  Then the
** enrollment code rules (one use, expiry), the isolation of stalls' data
** (another stall cannot claim or undo a document), and the receipt page
** (escaped, no links).
*/
#include "hub-testutil.h"

typedef enum {
  ADMIN, MGR_OWN, MGR_OTHER, CON_OWN, CON_OTHER, DEV_OWN, DEV_OTHER,
  WRONG, REVOKED_USER, REVOKED_DEV, MALFORMED, MISSING, N_WHO
} Who;

static const char *const who_names[N_WHO] = {
  "admin", "manager-own", "manager-other", "consultant-own", "consultant-other",
  "device-own", "device-other", "wrong-token", "revoked-user", "revoked-device",
  "malformed-token", "missing-token"};

typedef struct {
  char *dir, *db;
  HtHub *hub;
  char *token[N_WHO];
  char *receipt_id;         /* a sale of S001 */
  PosLedger *ledger;
} Fx;

static Fx fx;

/* A sale of S001, rung on a real ledger and sent by S001's device. */
static void ring_first_sale(void)
{
  g_autoptr(GError) error = NULL;
  fx.ledger = tu_ledger(fx.dir, "행복청과", 10);
  g_autoptr(PosProduct) p = tu_product(fx.ledger, 1, "<script>alert('x')</script> & \"사과\"",
                                       "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, p, 2000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
  g_autoptr(PosSale) sale = NULL;
  g_assert_true(pos_ledger_commit_sale(fx.ledger, cart, &sale, &error));
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ht_doc_event(sale));
  g_autofree char *batch = ht_batch(events), *body = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/events", fx.token[DEV_OWN], batch, &body), ==, 200);
  g_autofree char *res = ht_results(body);
  g_assert_cmpstr(res, ==, "accepted");
  fx.receipt_id = g_strdup(sale->id);
}

/*
** The hub is started first and the registry filled in while it runs: the
** CLI and the server share the database, and revocations must bite at once.
*/
static void setup(void)
{
  fx.dir = tu_tmpdir();
  fx.db = ht_db_new(fx.dir, "hub.sqlite");
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "init", NULL), ==, 0);
  /* the caller x route cases include bad tokens and many enrollments: no
  ** rate limits here (test-hub-hostile tests them) */
  const char *extra[] = {"--auth-fail-rate", "100000", "--enroll-rate", "100000", NULL};
  fx.hub = ht_hub_start(fx.db, extra);
  const char *d = fx.db;
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "market", "add", "M02", "--name", "나래시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         "행복청과", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "stall", "add", "S002", "--market", "M02", "--name",
                         "바다수산", NULL), ==, 0);
  fx.token[ADMIN] = ht_secret(d, "user", "add", "root", "--role", "admin", NULL);
  fx.token[MGR_OWN] = ht_secret(d, "user", "add", "kim", "--role", "manager", "--market", "M01", NULL);
  fx.token[MGR_OTHER] = ht_secret(d, "user", "add", "park", "--role", "manager", "--market", "M02", NULL);
  fx.token[CON_OWN] = ht_secret(d, "user", "add", "lee", "--role", "consultant", "--market", "M01", NULL);
  fx.token[CON_OTHER] = ht_secret(d, "user", "add", "choi", "--role", "consultant", "--market", "M02", NULL);
  fx.token[REVOKED_USER] = ht_secret(d, "user", "add", "gone", "--role", "admin", NULL);
  fx.token[DEV_OWN] = ht_enroll(fx.hub, d, "S001", "DEV1");
  fx.token[DEV_OTHER] = ht_enroll(fx.hub, d, "S002", "DEV2");
  fx.token[REVOKED_DEV] = ht_enroll(fx.hub, d, "S001", "DEV3");
  /* both work until revoked */
  g_assert_cmpint(ht_http("GET", fx.hub, "/v1/taxonomy", fx.token[REVOKED_USER], NULL, NULL), ==, 200);
  g_assert_cmpint(ht_http("GET", fx.hub, "/v1/taxonomy", fx.token[REVOKED_DEV], NULL, NULL), ==, 200);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "user", "revoke", "gone", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(d, NULL, NULL, "device", "revoke", "--stall", "S001", "--device", "DEV3",
                         NULL), ==, 0);
  fx.token[WRONG] = g_strnfill(64, 'a');
  fx.token[MALFORMED] = g_strdup("not-a-token");
  fx.token[MISSING] = NULL;
  ring_first_sale();
}

/* The hub must stop cleanly (status 0). */
static void teardown(void)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  pos_ledger_close(fx.ledger);
  for (int i = 0; i < N_WHO; i++)
    g_free(fx.token[i]);
  g_free(fx.receipt_id);
  g_free(fx.db);
  tu_tmpdir_free(fx.dir);
}

typedef struct {
  const char *name, *method, *path, *body;
  int expect[N_WHO];
} Case;

#define ALL(s) {s, s, s, s, s, s, s, s, s, s, s, s}
#define BAD 401, 401, 401, 401, 401

static const Case cases[] = {
  {"healthz", "GET", "/healthz", NULL, ALL(200)},
  {"metrics", "GET", "/metrics", NULL, {200, 403, 403, 403, 403, 403, 403, BAD}},
  {"receipt", "GET", "/r/%s", NULL, ALL(200)},
  {"receipt-unknown", "GET", "/r/01a2155d-d280-7142-8fd4-8339e1bd175e", NULL, ALL(404)},
  {"receipt-bad-id", "GET", "/r/..%2F..%2Fetc", NULL, ALL(404)},
  {"enroll-unknown-code", "POST", "/v1/enroll", "{\"code\":\"AAAA-BBBB-CCCC\",\"device_id\":\"X1\"}",
   ALL(404)},
  {"enroll-bad-body", "POST", "/v1/enroll", "{\"code\":7}", ALL(400)},
  {"events", "POST", "/v1/events", "{\"events\":[]}", {403, 403, 403, 403, 403, 200, 200, BAD}},
  {"taxonomy", "GET", "/v1/taxonomy", NULL, {200, 200, 200, 200, 200, 200, 200, BAD}},
  {"summary", "GET", "/v1/stalls/S001/summary?from=2020-01-01&to=2099-12-31", NULL,
   {200, 200, 403, 200, 403, 200, 403, BAD}},
  {"summary-other-stall", "GET", "/v1/stalls/S002/summary?from=2020-01-01&to=2099-12-31", NULL,
   {200, 403, 200, 403, 200, 403, 200, BAD}},
  {"summary-unknown-stall", "GET", "/v1/stalls/S999/summary?from=2020-01-01&to=2099-12-31", NULL,
   {404, 404, 404, 404, 404, 404, 404, BAD}},
  {"summary-bad-days", "GET", "/v1/stalls/S001/summary?from=2026-02-30&to=2026-03-01", NULL,
   {400, 400, 400, 400, 400, 400, 400, BAD}},
  {"enroll-code", "POST", "/v1/stalls/S001/enroll-code", "", {200, 200, 403, 403, 403, 403, 403, BAD}},
  {"engagement-add", "POST", "/v1/markets/M01/engagements",
   "{\"stalls\":[\"S001\"],\"start\":\"2026-10-01\",\"label\":\"x\"}",
   {200, 200, 403, 200, 403, 403, 403, BAD}},
  {"engagement-add-other-stall", "POST", "/v1/markets/M01/engagements",
   "{\"stalls\":[\"S002\"],\"start\":\"2026-10-01\"}", {400, 400, 403, 400, 403, 403, 403, BAD}},
  {"engagement-add-bad-body", "POST", "/v1/markets/M01/engagements", "{\"stalls\":\"S001\"}",
   {400, 400, 403, 400, 403, 403, 403, BAD}},
  {"engagements", "GET", "/v1/markets/M01/engagements", NULL, {200, 200, 403, 200, 403, 403, 403, BAD}},
  {"engagements-unknown-market", "GET", "/v1/markets/M09/engagements", NULL,
   {404, 404, 404, 404, 404, 403, 403, BAD}},
  {"impact-too-early", "GET", "/v1/markets/M01/engagements/1/impact?to=2026-10-03", NULL,
   {400, 400, 403, 400, 403, 403, 403, BAD}},
  {"impact-unknown", "GET", "/v1/markets/M01/engagements/999/impact", NULL,
   {404, 404, 403, 404, 403, 403, 403, BAD}},
  {"impact-other-market", "GET", "/v1/markets/M02/engagements/1/impact?to=2026-10-20", NULL,
   {404, 403, 404, 403, 404, 403, 403, BAD}},
  {"onnuri", "GET", "/v1/markets/M01/reports/onnuri?from=2026-10-01&to=2026-10-31", NULL,
   {200, 200, 403, 200, 403, 403, 403, BAD}},
  {"onnuri-xlsx", "GET", "/v1/markets/M01/reports/onnuri?from=2026-10-01&to=2026-10-31&format=xlsx",
   NULL, {200, 200, 403, 200, 403, 403, 403, BAD}},
  {"onnuri-csv-ko", "GET",
   "/v1/markets/M01/reports/onnuri?from=2026-10-01&to=2026-10-31&format=csv-ko", NULL,
   {200, 200, 403, 200, 403, 403, 403, BAD}},
  {"onnuri-text", "GET", "/v1/markets/M01/reports/onnuri?from=2026-10-01&to=2026-10-31&format=text",
   NULL, {400, 400, 400, 400, 400, 400, 400, BAD}},     /* the query is read first, as -bad-special */
  {"onnuri-bad-special", "GET",
   "/v1/markets/M01/reports/onnuri?from=2026-10-01&to=2026-10-31&special=2026-10-05", NULL,
   {400, 400, 400, 400, 400, 400, 400, BAD}},
  {"wrong-method", "DELETE", "/v1/events", NULL, ALL(405)},
  {"unknown-path", "GET", "/v1/nothing", NULL, ALL(404)},
  {"unknown-version", "GET", "/v2/taxonomy", NULL, ALL(404)},
};

static const char *code_for(int status, const Case *c)
{
  switch (status) {
  case 400: return strstr(c->name, "body") ? "bad_json" : "bad_request";
  case 401: return "unauthorized";
  case 403: return "forbidden";
  case 404: /* a receipt address is for people: an HTML page, no JSON code */
    return g_str_has_prefix(c->path, "/r/") ? "" : strstr(c->path, "/v2/") ? "unsupported_version"
                                                                          : "not_found";
  case 405: return "method_not_allowed";
  default: return "";
  }
}

/* Every case as every caller; a mismatch names the case and the caller. */
static void test_matrix(void)
{
  guint checked = 0;
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    const Case *c = &cases[i];
    g_autofree char *path = strstr(c->path, "%s") ? g_strdup_printf("/r/%s", fx.receipt_id)
                                                  : g_strdup(c->path);
    for (int w = 0; w < N_WHO; w++) {
      g_autofree char *body = NULL;
      long st = ht_http(c->method, fx.hub, path, fx.token[w], c->body, &body);
      if (st != c->expect[w])
        g_error("%s as %s: status %ld, expected %d (%s)", c->name, who_names[w], st,
                c->expect[w], body);
      if (st == 200 && g_str_has_suffix(c->name, "-xlsx") && !g_str_has_prefix(body, "PK"))
        g_error("%s as %s: not a workbook (zip)", c->name, who_names[w]);
      if (st >= 400) {
        g_autofree char *code = ht_error_code(body);
        const char *want = code_for((int)st, c);
        if (strcmp(code, want) != 0 && !(st == 400 && strcmp(code, "bad_request") == 0))
          g_error("%s as %s: code %s, expected %s", c->name, who_names[w], code, want);
      }
      checked++;
    }
  }
  g_assert_cmpuint(checked, ==, G_N_ELEMENTS(cases) * N_WHO);
}

/* A POST /v1/enroll body. */
static char *enroll_body(const char *code, const char *device)
{
  return g_strdup_printf("{\"code\":\"%s\",\"device_id\":\"%s\",\"stall_name\":\"x\"}", code,
                         device);
}

/*
** One use, expiry, sloppy typing, field checks that do not spend the code,
** and codes issued by a manager over HTTP.
*/
static void test_enroll_codes(void)
{
  g_autofree char *code = ht_secret(fx.db, "enroll-code", "--stall", "S001", NULL);
  g_autofree char *req = enroll_body(code, "T1"), *body = NULL, *body2 = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req, &body), ==, 200);
  g_assert_nonnull(strstr(body, "\"code\":\"S001\""));
  g_assert_nonnull(strstr(body, "\"market\":{\"code\":\"M01\""));
  /* replayed: refused, and no second token */
  int64_t tokens = ht_db_int(fx.db, "SELECT count(*) FROM token");
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req, &body2), ==, 409);
  g_autofree char *c2 = ht_error_code(body2);
  g_assert_cmpstr(c2, ==, "code_used");
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM token"), ==, tokens);

  /* typed sloppily (lower case, no dashes) it is still the same code */
  g_autofree char *code3 = ht_secret(fx.db, "enroll-code", "--stall", "S002", NULL);
  g_autofree char *sloppy = g_ascii_strdown(code3, -1);
  GString *g = g_string_new(NULL);
  for (const char *p = sloppy; *p; p++)
    if (*p != '-')
      g_string_append_c(g, *p);
  g_autofree char *plain = g_string_free(g, FALSE);
  g_autofree char *req3 = enroll_body(plain, "T3");
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req3, NULL), ==, 200);

  /* made 8 days ago: expired */
  g_setenv("MPOS_NOW", "2020-01-01T09:00:00+09:00", TRUE);
  g_autofree char *old = ht_secret(fx.db, "enroll-code", "--stall", "S001", NULL);
  g_unsetenv("MPOS_NOW");
  g_autofree char *req4 = enroll_body(old, "T4"), *body4 = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req4, &body4), ==, 409);
  g_autofree char *c4 = ht_error_code(body4);
  g_assert_cmpstr(c4, ==, "code_used");

  /* a device id that is not plain text */
  g_autofree char *code5 = ht_secret(fx.db, "enroll-code", "--stall", "S001", NULL);
  g_autofree char *req5 = enroll_body(code5, "<b>"), *body5 = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req5, &body5), ==, 400);
  /* ...which did not spend the code */
  g_autofree char *req6 = enroll_body(code5, "T6");
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req6, NULL), ==, 200);

  /* managers issue codes over HTTP for their own market's stalls */
  g_autofree char *body7 = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/stalls/S001/enroll-code", fx.token[MGR_OWN], "",
                          &body7), ==, 200);
  g_autoptr(cJSON) o = cJSON_Parse(body7);
  const cJSON *c7 = cJSON_GetObjectItemCaseSensitive(o, "code");
  g_assert_true(cJSON_IsString(c7));
  g_autofree char *req7 = enroll_body(c7->valuestring, "T7");
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/enroll", NULL, req7, NULL), ==, 200);
}

/* What S001's figures are, as its manager sees them. */
static char *s001_summary(void)
{
  g_autofree char *body = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, "/v1/stalls/S001/summary?from=2020-01-01&to=2099-12-31",
                          fx.token[MGR_OWN], NULL, &body), ==, 200);
  g_autoptr(cJSON) o = cJSON_Parse(body);
  cJSON_DeleteItemFromObject(o, "last_sync");
  char *raw = cJSON_PrintUnformatted(o);
  char *out = g_strdup(raw);
  cJSON_free(raw);
  return out;
}

/*
** Another stall's device can neither re-send S001's document as its own
** nor void it: the token decides the stall, and originals are looked up
** within that stall only.
*/
static void test_isolation(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = s001_summary();
  g_assert_nonnull(strstr(before, "\"total\":6000"));
  g_autoptr(PosSale) orig = pos_ledger_load_sale(fx.ledger, fx.receipt_id, &error);
  g_assert_no_error(error);
  g_autoptr(PosSale) v = NULL;
  g_assert_true(pos_ledger_void(fx.ledger, fx.receipt_id, "test", &v, &error));
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ht_doc_event(orig));
  cJSON_AddItemToArray(events, ht_doc_event(v));
  g_autofree char *batch = ht_batch(events), *body = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/events", fx.token[DEV_OTHER], batch, &body), ==, 200);
  g_autofree char *res = ht_results(body);
  g_assert_cmpstr(res, ==, "rejected:wrong_stall,rejected:unknown_original");
  g_autofree char *after = s001_summary();
  g_assert_cmpstr(before, ==, after);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM doc"), ==, 1);
  /* the summary of S002 saw nothing either */
  g_autofree char *b2 = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, "/v1/stalls/S002/summary?from=2020-01-01&to=2099-12-31",
                          fx.token[DEV_OTHER], NULL, &b2), ==, 200);
  g_assert_nonnull(strstr(b2, "\"total\":0"));
}

/* Till-supplied text is escaped, and the page links nowhere. */
static void test_receipt_page(void)
{
  g_autofree char *path = g_strdup_printf("/r/%s", fx.receipt_id), *html = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, path, NULL, NULL, &html), ==, 200);
  g_assert_nonnull(strstr(html, "행복청과"));
  g_assert_nonnull(strstr(html, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;"));
  g_assert_null(strstr(html, "<script"));
  g_assert_null(strstr(html, "<a "));
  g_assert_null(strstr(html, "href"));
  g_assert_null(strstr(html, "src="));
  g_assert_nonnull(strstr(html, "6,000"));
  g_assert_nonnull(strstr(html, "면세물품가액"));
}

/* Secrets never reach the database in the clear. */
static void test_hashed_at_rest(void)
{
  for (int w = ADMIN; w <= DEV_OTHER; w++) {
    g_autofree char *q = g_strdup_printf("SELECT count(*) FROM token WHERE hash = '%s'"
                                         " OR device_id = '%s'", fx.token[w], fx.token[w]);
    g_assert_cmpint(ht_db_int(fx.db, q), ==, 0);
    g_autofree char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, fx.token[w], -1);
    g_autofree char *q2 = g_strdup_printf("SELECT count(*) FROM token WHERE hash = '%s'", h);
    g_assert_cmpint(ht_db_int(fx.db, q2), ==, 1);
  }
}

/* One hub and one registry for all tests of this file. */
int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/hub-security/matrix", test_matrix},
    {"/hub-security/enroll-codes", test_enroll_codes},
    {"/hub-security/isolation", test_isolation},
    {"/hub-security/receipt-page", test_receipt_page},
    {"/hub-security/hashed-at-rest", test_hashed_at_rest},
    {NULL, NULL},
  };
  return ht_main(argc, argv, setup, teardown, tests);
}
