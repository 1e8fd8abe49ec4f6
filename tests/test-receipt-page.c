/*
** test-receipt-page.c: the receipt page (GET /r/ID) as a customer's phone
** gets it, in a real browser: headless Chromium from Debian.
**
** A stall whose names hold HTML and script (the stall, its market, a
** product, a discount reason) sells one receipt through the real sync
** path.  Then: the page's headers (a strict Content-Security-Policy,
** Referrer-Policy no-referrer) read with libcurl; the DOM Chromium builds
** after loading it (--dump-dom) holds the names as text, no element they
** smuggled in, and no trace of a script having run; a phone-sized
** screenshot (390x844) is written to BUILD/receipt-page.png, to be looked
** at (Korean glyphs, not boxes) and checked here for ink; an unknown and
** a malformed id each give a plain HTML 404 page.
**
** Chromium runs as root in CI, which needs --no-sandbox; every run has a
** fresh profile and a time limit (timeout 30), and the whole test takes a
** few seconds.
*/
#include "hub-testutil.h"
#include <cairo.h>

/* What the tills may write, and what must come back as text. */
#define EVIL_STALL "<script>document.title='pwned-stall'</script>행복청과"
#define EVIL_MARKET "가온시장 <img src=x onerror=\"document.title='pwned-market'\">"
#define EVIL_PRODUCT "<iframe src=\"https://example.org/\"></iframe>사과"
#define EVIL_REASON "<b onmouseover=alert(1)>단골</b>"

typedef struct {
  char *dir, *db;
  HtHub *hub;
  char *receipt_id;
} Fx;

static Fx fx;

/* A hub with hostile names; one sale with a hostile product and reason, synced. */
static void setup(void)
{
  g_autoptr(GError) error = NULL;
  fx.dir = tu_tmpdir();
  fx.db = g_build_filename(fx.dir, "hub.sqlite", NULL);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "market", "add", "M01", "--name", EVIL_MARKET, NULL),
                  ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         EVIL_STALL, NULL), ==, 0);
  fx.hub = ht_hub_start(fx.db, NULL);
  g_autofree char *token = ht_enroll(fx.hub, fx.db, "S001", "PN2B");
  g_setenv("MPOS_NOW", "2026-11-26T10:30:00+09:00", TRUE);
  PosLedger *ledger = tu_ledger(fx.dir, "행복청과", 10);
  PosProduct *p = tu_product(ledger, 1, EVIL_PRODUCT, "FRUIT", POS_UNIT_PIECE, 3000,
                             POS_TAX_EXEMPT);
  PosCartRules rules;
  pos_ledger_cart_rules(ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, p, 2000, NULL, &error));
  g_assert_true(pos_cart_discount_sale(cart, 500, EVIL_REASON, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
  g_autoptr(PosSale) sale = NULL;
  g_assert_true(pos_ledger_commit_sale(ledger, cart, &sale, &error));
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ht_doc_event(sale));
  g_autofree char *batch = ht_batch(events), *answer = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/events", token, batch, &answer), ==, 200);
  g_autofree char *res = ht_results(answer);
  g_assert_cmpstr(res, ==, "accepted");
  fx.receipt_id = g_strdup(sale->id);
  pos_product_free(p);
  pos_ledger_close(ledger);
}

static void teardown(void)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  g_free(fx.receipt_id);
  g_free(fx.db);
  tu_tmpdir_free(fx.dir);
}

/* libcurl header callback: every header line into a GString, lower-cased names kept as sent. */
static size_t collect_header(char *data, size_t size, size_t n, void *user)
{
  g_string_append_len((GString *)user, data, (gssize)(size * n));
  return size * n;
}

/* GET path: the status, the headers as one text and the body. */
static long get_with_headers(const char *path, char **headers, char **body)
{
  g_autofree char *url = g_strconcat(fx.hub->base, path, NULL);
  CURL *c = curl_easy_init();
  GString *h = g_string_new(NULL), *b = g_string_new(NULL);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ht_collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(c);
  *headers = g_string_free(h, FALSE);
  *body = g_string_free(b, FALSE);
  return status;
}

/* The one value of a header (case-insensitive name), or NULL. Transfer full. */
static char *header_value(const char *headers, const char *name)
{
  g_auto(GStrv) lines = g_strsplit(headers, "\r\n", -1);
  char *found = NULL;
  gsize n = strlen(name);
  for (guint i = 0; lines[i]; i++)
    if (g_ascii_strncasecmp(lines[i], name, n) == 0 && lines[i][n] == ':') {
      if (found != NULL)
        g_error("header %s sent twice", name);
      found = g_strstrip(g_strdup(lines[i] + n + 1));
    }
  return found;
}

/* Headers every receipt answer must carry: a page that can run, load and embed nothing. */
static void assert_page_headers(const char *headers)
{
  g_autofree char *csp = header_value(headers, "Content-Security-Policy");
  g_autofree char *referrer = header_value(headers, "Referrer-Policy");
  g_autofree char *type = header_value(headers, "Content-Type");
  g_autofree char *sniff = header_value(headers, "X-Content-Type-Options");
  g_assert_cmpstr(csp, ==, "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
                           " form-action 'none'; frame-ancestors 'none'");
  g_assert_cmpstr(referrer, ==, "no-referrer");
  g_assert_cmpstr(type, ==, "text/html; charset=utf-8");
  g_assert_cmpstr(sniff, ==, "nosniff");
}

/* Runs headless Chromium on the page with extra arguments; its standard output. */
static char *chromium(const char *path, const char *const *args)
{
  g_autofree char *url = g_strconcat(fx.hub->base, path, NULL);
  g_autofree char *profile = g_build_filename(fx.dir, "chromium-profile", NULL);
  g_autofree char *profile_arg = g_strconcat("--user-data-dir=", profile, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  const char *const fixed[] = {"timeout", "30", "chromium", "--headless", "--no-sandbox",
                               "--disable-gpu", "--no-first-run", "--disable-extensions",
                               "--hide-scrollbars", "--lang=ko-KR", profile_arg};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(argv, (gpointer)fixed[i]);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (gpointer)args[i]);
  g_ptr_array_add(argv, url);
  g_ptr_array_add(argv, NULL);
  char *out = NULL;
  g_autofree char *err = NULL;
  int rc = tu_run((char **)argv->pdata, &out, &err);
  if (rc != 0)
    g_error("chromium exited %d: %s", rc, err);
  return out;
}

/* The page's headers, from the server itself. */
static void test_headers(void)
{
  g_autofree char *path = g_strdup_printf("/r/%s", fx.receipt_id), *headers = NULL, *body = NULL;
  g_assert_cmpint(get_with_headers(path, &headers, &body), ==, 200);
  assert_page_headers(headers);
  g_assert_nonnull(strstr(body, "<html lang=\"ko\">"));
}

/*
** The DOM after Chromium loaded the page: the names as text (the
** serializer writes a text node's "<" as "&lt;"), none of the elements
** they carry, and the title as the hub wrote it (each script would have
** changed it).
*/
static void test_dom(void)
{
  g_autofree char *path = g_strdup_printf("/r/%s", fx.receipt_id);
  const char *args[] = {"--dump-dom", NULL};
  g_autofree char *dom = chromium(path, args);
  g_assert_nonnull(strstr(dom, "<h1>&lt;script&gt;document.title='pwned-stall'&lt;/script&gt;행복청과</h1>"));
  g_assert_nonnull(strstr(dom, "가온시장 &lt;img src=x onerror=\"document.title='pwned-market'\"&gt;"));
  g_assert_nonnull(strstr(dom, "&lt;iframe src=\"https://example.org/\"&gt;&lt;/iframe&gt;사과"));
  g_assert_nonnull(strstr(dom, "영수증"));
  g_assert_nonnull(strstr(dom, "합계"));
  static const char *const injected[] = {"<script", "<img", "<iframe", "<b ", "pwned-stall</title>",
                                         "pwned-market</title>"};
  for (guint i = 0; i < G_N_ELEMENTS(injected); i++)
    if (strstr(dom, injected[i]) != NULL)
      g_error("the DOM holds %s:\n%s", injected[i], dom);
  g_assert_nonnull(strstr(dom, "<title>영수증 "));
}

/*
** A phone's viewport, 390x844 CSS pixels: the PNG has that size and ink on
** it (the receipt's text).  It stays in the build directory to be looked at.
*/
static void test_screenshot(void)
{
  g_autofree char *path = g_strdup_printf("/r/%s", fx.receipt_id);
  g_autofree char *png = g_build_filename(tu_env("MPOS_BUILDDIR"), "receipt-page.png", NULL);
  g_autofree char *shot = g_strconcat("--screenshot=", png, NULL);
  unlink(png);
  const char *args[] = {shot, "--window-size=390,844", NULL};
  g_autofree char *out = chromium(path, args);
  cairo_surface_t *s = cairo_image_surface_create_from_png(png);
  g_assert_cmpint(cairo_surface_status(s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint(cairo_image_surface_get_width(s), ==, 390);
  g_assert_cmpint(cairo_image_surface_get_height(s), ==, 844);
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  guint dark = 0;
  for (int y = 0; y < 844; y++)
    for (int x = 0; x < 390; x++) {
      guint32 v = *(const guint32 *)(px + y * stride + x * 4);
      if (((v >> 16) & 0xff) < 96 && ((v >> 8) & 0xff) < 96 && (v & 0xff) < 96)
        dark++;
    }
  cairo_surface_destroy(s);
  g_test_message("%u dark pixels in %s", dark, png);
  g_assert_cmpuint(dark, >, 2000);   /* a page of text, not a blank one */
}

/* An unknown id and ids that are no UUID: the plain page, 404, the same headers. */
static void test_not_found(void)
{
  static const char *const paths[] = {"/r/01a2155d-d280-7142-8fd4-8339e1bd175e", "/r/nope",
                                      "/r/01A2155D-D280-7142-8FD4-8339E1BD175E", "/r/",
                                      "/r/%3Cscript%3E"};
  for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
    g_autofree char *headers = NULL, *body = NULL;
    g_assert_cmpint(get_with_headers(paths[i], &headers, &body), ==, 404);
    assert_page_headers(headers);
    g_assert_nonnull(strstr(body, "영수증을 찾을 수 없습니다"));
    g_assert_null(strstr(body, "script"));
  }
  const char *args[] = {"--dump-dom", NULL};
  g_autofree char *dom = chromium("/r/nope", args);
  g_assert_nonnull(strstr(dom, "영수증을 찾을 수 없습니다"));
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/receipt-page/headers", test_headers},
    {"/receipt-page/dom", test_dom},
    {"/receipt-page/screenshot", test_screenshot},
    {"/receipt-page/not-found", test_not_found},
    {NULL, NULL},
  };
  return ht_main(argc, argv, setup, teardown, tests);
}
