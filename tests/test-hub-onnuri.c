/*
** test-hub-onnuri.c: the Onnuri review list on a market generated with a
** misuse pattern beside honest Onnuri, through the hub's store (SQLite,
** and PostgreSQL as test-hub-onnuri-pg).
**
** The market, 28 days with one special-discount week:
**   M01-MIS   a fruit stall with ordinary card and cash baskets, plus ten
**             one-line sales of exactly 50,000 won paid wholly in paper
**             Onnuri, seven of them in the special week (and an eleventh
**             voided, which must not count): the pattern to find;
**   M01-HERB  a herbal stall whose customers pay most of each multi-line
**             basket in paper Onnuri, every day alike: a share far above
**             its peer, and nothing else;
**   M01-HERB2 its peer, paid by card;
**   M01-F1, M01-F2  fruit stalls paid by card, F1 with two one-line
**             10,000-won sales paid with one paper note (too few to mean
**             anything).
** The list must flag M01-MIS and nothing else, with or without the week.
*/
#include "hub-testutil.h"
#include "xlsx-testutil.h"
#include <math.h>

#define FROM "2026-11-02"
#define TO "2026-11-29"
#define SPECIAL "2026-11-16:2026-11-22"

static char *dir, *db;
static GHashTable *stall_ids;     /* code -> HubStall id */

typedef struct {
  PosCart *cart;
  GPtrArray *events;              /* HubEvent of the stall being generated */
  const char *code;
  guint seq;
} Gen;

static void emit(Gen *g, PosSale *doc, int64_t ms)
{
  pos_uuid7(ms, doc->id);
  g_snprintf(doc->receipt_no, sizeof doc->receipt_no, "%s-%u", g->code, ++g->seq);
  HubEvent *ev = hub_event_new();
  g_strlcpy(ev->id, doc->id, sizeof ev->id);
  ev->kind = doc->kind == POS_DOC_SALE ? HUB_EVENT_SALE : HUB_EVENT_VOID;
  ev->device_time_ms = ms;
  g_autoptr(cJSON) j = wire_sale_to_json(doc);
  ev->json = cJSON_PrintUnformatted(j);
  ev->doc = doc;
  g_ptr_array_add(g->events, ev);
}

/*
** One sale of n products (pieces each) at ms; paper: face value of paper
** Onnuri handed over (0 for none), the rest by card.  Returns the sale
** (owned by its event).
*/
static PosSale *sell(Gen *g, PosProduct *const *products, guint n, int64_t pieces, int64_t ms,
                     int64_t paper)
{
  g_autoptr(GError) error = NULL;
  pos_cart_clear(g->cart);
  for (guint i = 0; i < n; i++)
    g_assert_true(pos_cart_add(g->cart, products[i], pieces * 1000, NULL, &error));
  PosTotals t;
  g_assert_true(pos_cart_totals(g->cart, &t, &error));
  if (paper > 0)
    g_assert_true(pos_cart_add_tender(g->cart, POS_TENDER_ONNURI_PAPER, paper, NULL, &error));
  if (t.total > paper)
    g_assert_true(pos_cart_add_tender(g->cart, POS_TENDER_CARD, t.total - paper, "A1", &error));
  PosSale *doc = pos_sale_from_cart(g->cart, ms, &error);
  g_assert_no_error(error);
  emit(g, doc, ms);
  return doc;
}

static PosProduct *product(int plu, const char *line, int64_t price)
{
  return pos_product_new_simple(plu, "상품", line, POS_UNIT_PIECE, price, POS_TAX_EXEMPT);
}

static void ingest(HubStore *store, Gen *g)
{
  g_autoptr(GError) error = NULL;
  int64_t id = GPOINTER_TO_SIZE(g_hash_table_lookup(stall_ids, g->code));
  g_assert_true(hub_store_ingest(store, id, g->events, pos_now_ms(), &error));
  g_assert_no_error(error);
  for (guint k = 0; k < g->events->len; k++)
    g_assert_cmpint(((HubEvent *)g->events->pdata[k])->status, ==, HUB_STATUS_ACCEPTED);
  g_ptr_array_set_size(g->events, 0);
}

static void plant_market(void)
{
  static const char *const stalls[] = {"M01-MIS", "M01-HERB", "M01-HERB2", "M01-F1", "M01-F2"};
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "market", "add", "M01", "--name", "온누리시장", NULL), ==, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(HubStore) store = hub_store_open(db, HUB_OPEN_EXISTING, 1, &error);
  g_assert_no_error(error);
  stall_ids = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS(stalls); i++) {
    g_assert_cmpint(ht_cmd(db, NULL, NULL, "stall", "add", stalls[i], "--market", "M01",
                           "--name", stalls[i], NULL), ==, 0);
    g_autoptr(HubStall) st = hub_store_stall_get(store, stalls[i], &error);
    g_assert_no_error(error);
    g_hash_table_insert(stall_ids, (gpointer)stalls[i], GSIZE_TO_POINTER((gsize)st->id));
  }
  int64_t first, special_from;
  g_assert_true(mb_day_parse(FROM, &first));
  g_assert_true(mb_day_parse("2026-11-16", &special_from));
  PosCartRules rules = {1, POS_ONNURI_CHANGE_PCT_DEFAULT};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
  g_autoptr(PosProduct) apple = product(1, "FRUIT", 3100);
  g_autoptr(PosProduct) pear = product(2, "FRUIT", 4700);
  g_autoptr(PosProduct) gift = product(3, "FRUIT", 50000);
  g_autoptr(PosProduct) note = product(4, "FRUIT", 10000);
  g_autoptr(PosProduct) root = product(5, "HERB", 6300);
  g_autoptr(PosProduct) bark = product(6, "HERB", 8900);
  PosProduct *fruit[] = {apple, pear}, *herbs[] = {root, bark};
  for (guint s = 0; s < G_N_ELEMENTS(stalls); s++) {
    Gen g = {cart, events, stalls[s], 0};
    gboolean herb = g_str_has_prefix(stalls[s], "M01-HERB");
    int fakes = 0;
    for (int64_t d = first; d < first + 28; d++) {
      int64_t day_ms = mb_clock_day_start_ms(d);
      for (int k = 0; k < 6; k++) {   /* ordinary baskets: two lines, 1-3 pieces each */
        int64_t ms = day_ms + (9 + k) * 3600000LL, pieces = 1 + (d + k) % 3;
        if (s == 1) {                  /* HERB: most of each basket in 10,000-won notes */
          int64_t total = pieces * (6300 + 8900);
          sell(&g, herbs, 2, pieces, ms, k < 4 ? total / 10000 * 10000 : 0);
        } else {
          sell(&g, herb ? herbs : fruit, 2, pieces, ms, 0);
        }
      }
      gboolean in_week = d >= special_from && d < special_from + 7;
      if (s == 0 && (in_week ? fakes < 8 : (fakes >= 8 && fakes < 10) || d == first + 3)) {
        sell(&g, &gift, 1, 1, day_ms + 19 * 3600000LL, 50000);
        fakes++;
      }
      if (s == 3 && (d == first + 5 || d == first + 9))
        sell(&g, &note, 1, 1, day_ms + 18 * 3600000LL, 10000);
    }
    if (s == 0) {   /* a fake sale voided at once counts for nothing */
      int64_t ms = mb_clock_day_start_ms(first + 20) + 20 * 3600000LL;
      PosSale *sale = sell(&g, &gift, 1, 1, ms, 50000);
      emit(&g, pos_sale_void_of(sale, ms + 60000, "잘못 입력"), ms + 60000);
    }
    ingest(store, &g);
  }
}

static void setup(void)
{
  dir = tu_tmpdir();
  db = ht_db_new(dir, "hub.sqlite");
  plant_market();
}

static void teardown(void)
{
  g_hash_table_unref(stall_ids);
  tu_tmpdir_free(dir);
  g_free(db);
}

/* market-report onnuri ARGS... --db DB: its exit status. */
static int report(char **out, char **err, ...)
{
  va_list ap;
  va_start(ap, err);
  int rc = ht_report_v(out, err, "onnuri", ap, "--db", db);
  va_end(ap);
  return rc;
}

static const cJSON *row_of(const cJSON *o, const char *stall)
{
  const cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(o, "rows"))
    if (g_strcmp0(cJSON_GetObjectItem(r, "stall")->valuestring, stall) == 0)
      return r;
  g_assert_not_reached();
}

static char *signals(const cJSON *row)
{
  GString *s = g_string_new(NULL);
  const cJSON *x;
  cJSON_ArrayForEach(x, cJSON_GetObjectItem(row, "signals"))
    g_string_append_printf(s, "%s%s", s->len ? "," : "", x->valuestring);
  return g_string_free(s, FALSE);
}

/* Exactly the misuse stall, with the week; the herbal stall only as a note. */
static void check_list(const char *out, const char *misuse_signals)
{
  g_autoptr(cJSON) o = cJSON_Parse(out);
  g_assert_nonnull(o);
  g_assert_cmpint(cJSON_GetObjectItem(o, "flagged")->valueint, ==, 1);
  const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "rows"), 0);
  g_assert_cmpstr(cJSON_GetObjectItem(first, "stall")->valuestring, ==, "M01-MIS");
  const cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(o, "rows"))
    g_assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "flagged"))
                  == (g_strcmp0(cJSON_GetObjectItem(r, "stall")->valuestring, "M01-MIS") == 0));
  const cJSON *mis = row_of(o, "M01-MIS"), *herb = row_of(o, "M01-HERB");
  g_autofree char *ms = signals(mis), *hs = signals(herb);
  g_assert_cmpstr(ms, ==, misuse_signals);
  g_assert_cmpstr(hs, ==, "peers");
  g_assert_cmpint(cJSON_GetObjectItem(mis, "round_receipts")->valueint, ==, 10);
  g_assert_cmpint(cJSON_GetObjectItem(mis, "round_amount")->valueint, ==, 500000);
  g_assert_cmpint(cJSON_GetObjectItem(row_of(o, "M01-F1"), "round_receipts")->valueint, ==, 2);
  g_assert_cmpfloat(cJSON_GetObjectItem(herb, "onnuri_share")->valuedouble, >, 0.5);
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(mis, "reasons")), >=, 3);
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(herb, "reasons")), >=, 1);
}

static void test_flags_only_misuse(void)
{
  g_autofree char *out = NULL;
  g_assert_cmpint(report(&out, NULL, "--market", "M01", "--from", FROM, "--to", TO,
                         "--special", SPECIAL, NULL), ==, 0);
  check_list(out, "round,ticket,burst");
}

/* Without the special weeks the burst is not read, and the list is the same. */
static void test_without_special_weeks(void)
{
  g_autofree char *out = NULL;
  g_assert_cmpint(report(&out, NULL, "--market", "M01", "--from", FROM, "--to", TO, NULL), ==, 0);
  check_list(out, "round,ticket");
}

static void test_formats_and_errors(void)
{
  g_autofree char *csv = NULL, *pdf = NULL;
  g_assert_cmpint(report(&csv, NULL, "--market", "M01", "--from", FROM, "--to", TO, "--special",
                         SPECIAL, "--format", "csv", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(csv, "\xEF\xBB\xBF" "market,from,to,stall,name,flagged"));
  g_auto(GStrv) rows = g_strsplit(csv, "\r\n", -1);
  g_assert_cmpint(g_strv_length(rows), ==, 1 + 5 + 1);
  g_assert_true(g_str_has_prefix(rows[1], "M01," FROM "," TO ",M01-MIS,M01-MIS,TRUE,"));
  g_assert_cmpint(report(&pdf, NULL, "--market", "M01", "--from", FROM, "--to", TO, "--format",
                         "pdf", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(pdf, "%PDF-"));
  static const struct {
    const char *market, *from, *special, *format;
    int exit;
  } cases[] = {
    {"M09", FROM, SPECIAL, "json", 4},
    {"M01", "2026-12-01", SPECIAL, "json", 3},     /* from after to */
    {"M01", FROM, "2026-11-16", "json", 2},
    {"M01", FROM, SPECIAL, "text", 2},
    {"M01", FROM, SPECIAL, "csv-ko", 2},           /* HTTP's name; here --header ko */
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *err = NULL;
    g_assert_cmpint(report(NULL, &err, "--market", cases[i].market, "--from", cases[i].from,
                           "--to", TO, "--special", cases[i].special, "--format",
                           cases[i].format, NULL), ==, cases[i].exit);
    g_assert_true(g_str_has_prefix(err, "market-report: "));
  }
}

/*
** The workbook read back against the JSON of the same list: the two
** sheets, the Korean headings, the special week as a real date, the
** flagged stall first with its flag as a boolean, its won with separators
** and its Onnuri share as a percentage of the same fraction, the reasons
** in one wrapped cell, the frozen heading row.  Then the Korean CSV.
*/
static void test_workbook(void)
{
  g_autofree char *json = NULL, *err = NULL, *csv = NULL;
  g_autofree char *path = g_build_filename(dir, "onnuri.xlsx", NULL);
  g_autofree char *book = NULL, *strings = NULL, *styles = NULL, *summary = NULL;
  g_autofree char *list = NULL, *v = NULL, *fmt = NULL, *flag = NULL, *rev = NULL;
  g_autofree char *rev_fmt = NULL, *share = NULL, *share_fmt = NULL;
  guint style = 0;
  GDate epoch, week;
  g_assert_cmpint(report(&json, NULL, "--market", "M01", "--from", FROM, "--to", TO,
                         "--special", SPECIAL, NULL), ==, 0);
  g_assert_cmpint(report(NULL, &err, "--market", "M01", "--from", FROM, "--to", TO,
                         "--special", SPECIAL, "--format", "xlsx", "--out", path, NULL), ==, 0);
  g_autoptr(cJSON) o = cJSON_Parse(json);
  const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "rows"), 0);
  book = xu_member(path, "xl/workbook.xml");
  g_assert_nonnull(strstr(book, "<sheet name=\"요약\""));
  g_assert_nonnull(strstr(strstr(book, "<sheet name=\"요약\""), "<sheet name=\"확인 목록\""));
  strings = xu_member(path, "xl/sharedStrings.xml");
  static const char *const headings[] = {"확인 대상", "온누리 비중", "같은 상품군 온누리 비중",
                                         "딱 떨어지는 금액 영수증(건)", "살펴볼 이유", "M01-MIS"};
  for (guint i = 0; i < G_N_ELEMENTS(headings); i++)
    g_assert_nonnull(strstr(strings, headings[i]));
  g_assert_null(strstr(strings, ">round_receipts<"));
  styles = xu_member(path, "xl/styles.xml");
  summary = xu_member(path, "xl/worksheets/sheet1.xml");
  xu_cell_of(summary, "B5", &style, &v);                     /* the special week's first day */
  fmt = xu_format_of(styles, style);
  g_assert_cmpstr(fmt, ==, "yyyy-mm-dd");
  g_date_clear(&epoch, 1);
  g_date_clear(&week, 1);
  g_date_set_dmy(&epoch, 30, G_DATE_DECEMBER, 1899);
  g_date_set_dmy(&week, 16, G_DATE_NOVEMBER, 2026);
  g_assert_cmpfloat(g_ascii_strtod(v, NULL), ==, (double)g_date_days_between(&epoch, &week));
  list = xu_member(path, "xl/worksheets/sheet2.xml");
  g_assert_nonnull(strstr(list, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
  g_assert_nonnull(strstr(list, "<c r=\"C2\" t=\"b\""));    /* flagged, a boolean */
  xu_cell_of(list, "C2", &style, &flag);
  g_assert_cmpstr(flag, ==, "1");
  xu_cell_of(list, "F2", &style, &rev);                       /* revenue */
  rev_fmt = xu_format_of(styles, style);
  g_assert_cmpstr(rev_fmt, ==, "#,##0");
  g_assert_cmpfloat(g_ascii_strtod(rev, NULL), ==,
                    cJSON_GetObjectItem(first, "revenue")->valuedouble);
  xu_cell_of(list, "I2", &style, &share);                     /* onnuri_share */
  share_fmt = xu_format_of(styles, style);
  g_assert_cmpstr(share_fmt, ==, "0.0%");
  g_assert_cmpfloat(fabs(g_ascii_strtod(share, NULL)
                         - cJSON_GetObjectItem(first, "onnuri_share")->valuedouble), <, 1e-9);
  g_assert_nonnull(strstr(list, "<c r=\"W2\""));           /* the reasons */
  g_assert_null(strstr(list, "<c r=\"A7\""));              /* five stalls */
  g_assert_cmpint(report(&csv, NULL, "--market", "M01", "--from", FROM, "--to", TO,
                         "--format", "csv", "--header", "ko", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(csv, "\xEF\xBB\xBF" "시장,시작일,종료일,점포 코드,이름,확인 대상,"));
  g_assert_cmpint(report(NULL, NULL, "--market", "M01", "--from", FROM, "--to", TO,
                         "--format", "xlsx", "--header", "ko", NULL), ==, 2);
}

/* market-report onnuri ARGS... --hub URL (no --db): its exit status. */
static int report_remote(char **out, char **err, const char *url, ...)
{
  va_list ap;
  va_start(ap, url);
  int rc = ht_report_v(out, err, "onnuri", ap, "--hub", url);
  va_end(ap);
  return rc;
}

/*
** --hub with a manager's token gives the bytes --db gives, the special
** weeks passed on; an unknown market is not_found (exit 4), as with --db.
*/
static void test_over_hub(void)
{
  g_autofree char *token = ht_secret(db, "user", "add", "kim", "--role", "manager", "--market",
                                     "M01", NULL);
  HtHub *hub = ht_hub_start(db, NULL);
  g_autofree char *local = NULL, *remote = NULL, *err = NULL;
  g_assert_cmpint(report(&local, NULL, "--market", "M01", "--from", FROM, "--to", TO,
                         "--special", SPECIAL, "--format", "csv", NULL), ==, 0);
  g_assert_cmpint(report_remote(&remote, NULL, hub->base, "--market", "M01", "--from", FROM,
                                "--to", TO, "--special", SPECIAL, "--format", "csv", "--token",
                                token, NULL), ==, 0);
  g_assert_cmpstr(remote, ==, local);
  g_assert_nonnull(strstr(remote, ",burst"));     /* the week reached the hub */
  g_assert_cmpint(report_remote(NULL, &err, hub->base, "--market", "M09", "--from", FROM, "--to",
                                TO, "--token", token, NULL), ==, 4);
  g_assert_true(g_str_has_prefix(err, "market-report: not_found: "));
  g_assert_cmpint(mb_hub_stop(hub), ==, 0);
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/hub/onnuri/flags-only-misuse", test_flags_only_misuse},
    {"/hub/onnuri/without-special-weeks", test_without_special_weeks},
    {"/hub/onnuri/formats-errors", test_formats_and_errors},
    {"/hub/onnuri/workbook", test_workbook},
    {"/hub/onnuri/over-hub", test_over_hub},
    {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, tests);
}
