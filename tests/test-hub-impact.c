/*
** test-hub-impact.c: the program's engagements and the impact report, on
** a market generated with the effect planted, through the hub's store
** (SQLite, and PostgreSQL as test-hub-impact-pg).
**
** The market: two fish stalls that get help from the start day and sell
** 20 % more from then on (the planted uplift), four fish stalls of their
** size without help (the controls to find), a fish stall five times
** bigger and a vegetable stall (never good controls), and a fish stall
** whose revenue climbs 1 % a day throughout, helped in a second
** engagement (its stalls are never controls; its own report must warn
** that the groups did not move together before the start).  Every day
** has a market-wide shock shared by all stalls (weather, footfall) and a
** small shock of each stall's own, so the difference-in-differences has
** something to take out.  Sales go through the real ingest with the pos
** library's documents, as a till's would.
*/
#include "hub-testutil.h"
#include "hub-engagement.h"
#include "xlsx-testutil.h"
#include <math.h>

#define START "2026-09-28"
#define TO "2026-10-25"
#define UPLIFT 0.20

static char *dir, *db;

typedef struct {
  const char *code, *line;
  double base;                 /* won a day */
  gboolean treated;            /* +UPLIFT from START */
  double trend;                /* growth a day, compounded */
} Plant;

static const Plant plants[] = {
  {"M01-T1", "FISH", 400000, TRUE, 0},     {"M01-T2", "FISH", 600000, TRUE, 0},
  {"M01-C1", "FISH", 380000, FALSE, 0},    {"M01-C2", "FISH", 450000, FALSE, 0},
  {"M01-C3", "FISH", 550000, FALSE, 0},    {"M01-C4", "FISH", 700000, FALSE, 0},
  {"M01-BIG", "FISH", 3000000, FALSE, 0},  {"M01-VEG", "VEG", 500000, FALSE, 0},
  {"M01-E1", "FISH", 500000, FALSE, 0.01},
};

/* Three receipts of one line a day whose sum is the day's planted revenue. */
static void ring_day(PosCart *cart, const PosProduct *p, int64_t day_ms, int64_t won,
                     const char *code, guint *seq, GPtrArray *events)
{
  int64_t pieces = MAX(3, won / 1000);
  for (int k = 0; k < 3; k++) {
    int64_t n = k < 2 ? pieces / 3 : pieces - 2 * (pieces / 3);
    int64_t ms = day_ms + (10 + 3 * k) * 3600000LL;
    g_autoptr(GError) error = NULL;
    pos_cart_clear(cart);
    g_assert_true(pos_cart_add(cart, p, n * 1000, NULL, &error));
    PosTotals t;
    g_assert_true(pos_cart_totals(cart, &t, &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, t.total, "A1", &error));
    PosSale *doc = pos_sale_from_cart(cart, ms, &error);
    g_assert_no_error(error);
    pos_uuid7(ms, doc->id);
    g_snprintf(doc->receipt_no, sizeof doc->receipt_no, "%s-%u", code, ++*seq);
    HubEvent *ev = hub_event_new();
    g_strlcpy(ev->id, doc->id, sizeof ev->id);
    ev->kind = HUB_EVENT_SALE;
    ev->device_time_ms = ms;
    g_autoptr(cJSON) j = wire_sale_to_json(doc);
    ev->json = cJSON_PrintUnformatted(j);
    ev->doc = doc;
    g_ptr_array_add(events, ev);
  }
}

/* The world above, 56 days before START to TO, through hub_store_ingest. */
static void plant_market(void)
{
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "market", "add", "M01", "--name", "효과시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "market", "add", "M02", "--name", "옆시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "stall", "add", "M02-S1", "--market", "M02", "--name",
                         "옆가게", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS(plants); i++)
    g_assert_cmpint(ht_cmd(db, NULL, NULL, "stall", "add", plants[i].code, "--market", "M01",
                           "--name", plants[i].code, NULL), ==, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(HubStore) store = hub_store_open(db, HUB_OPEN_EXISTING, 1, &error);
  g_assert_no_error(error);
  int64_t start, first;
  g_assert_true(mb_day_parse(START, &start));
  first = start - 56;
  int64_t last;
  g_assert_true(mb_day_parse(TO, &last));
  PosCartRules rules = {1, POS_ONNURI_CHANGE_PCT_DEFAULT};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  GRand *rand = g_rand_new_with_seed(7);
  double *market = g_new(double, last - first + 1);
  for (int64_t d = first; d <= last; d++)   /* the shock every stall shares that day */
    market[d - first] = g_rand_double_range(rand, 0.7, 1.3);
  for (guint i = 0; i < G_N_ELEMENTS(plants); i++) {
    const Plant *pl = &plants[i];
    g_autoptr(PosProduct) p =
      pos_product_new_simple(1, "상품", pl->line, POS_UNIT_PIECE, 1000, POS_TAX_EXEMPT);
    g_autoptr(HubStall) st = hub_store_stall_get(store, pl->code, &error);
    g_assert_no_error(error);
    g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
    guint seq = 0;
    for (int64_t d = first; d <= last; d++) {
      double won = pl->base * market[d - first] * g_rand_double_range(rand, 0.95, 1.05)
                   * pow(1 + pl->trend, (double)(d - first));
      if (pl->treated && d >= start)
        won *= 1 + UPLIFT;
      ring_day(cart, p, mb_clock_day_start_ms(d), (int64_t)won, pl->code, &seq, events);
    }
    g_assert_true(hub_store_ingest(store, st->id, events, pos_now_ms(), &error));
    g_assert_no_error(error);
    for (guint k = 0; k < events->len; k++)
      g_assert_cmpint(((HubEvent *)events->pdata[k])->status, ==, HUB_STATUS_ACCEPTED);
  }
  g_free(market);
  g_rand_free(rand);
}

static void setup(void)
{
  dir = tu_tmpdir();
  db = ht_db_new(dir, "hub.sqlite");
  plant_market();
}

static void teardown(void)
{
  tu_tmpdir_free(dir);
  g_free(db);
}

/* Runs market-report ARGS... with --db; returns its exit status. */
static int report(char **out, char **err, ...)
{
  va_list ap;
  va_start(ap, err);
  int rc = ht_report_v(out, err, NULL, ap, "--db", db);
  va_end(ap);
  return rc;
}

static char *codes(const cJSON *arr)
{
  GString *s = g_string_new(NULL);
  const cJSON *c;
  cJSON_ArrayForEach(c, arr)
    g_string_append_printf(s, "%s%s", s->len ? "," : "", c->valuestring);
  return g_string_free(s, FALSE);
}

static double num(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  g_assert_true(cJSON_IsNumber(v));
  return v->valuedouble;
}

/* add prints the id on its last line; list shows both engagements. */
static void test_engagement_add_list(void)
{
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(db, &out, NULL, "engagement", "add", "--market", "M01", "--stall",
                         "M01-T2", "--stall", "M01-T1", "--stall", "M01-T1", "--start", START,
                         "--label", "시장닥터 1기", NULL), ==, 0);
  g_autofree char *id = ht_last_line(out);
  g_assert_cmpstr(id, ==, "1");
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(db, &out, NULL, "engagement", "add", "--market", "M01", "--stall",
                         "M01-E1", "--start", START, NULL), ==, 0);
  g_autofree char *id2 = ht_last_line(out);
  g_assert_cmpstr(id2, ==, "2");
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(db, &out, NULL, "engagement", "list", "--market", "M01", NULL), ==, 0);
  g_assert_cmpstr(out, ==, "1\tM01\t" START "\tM01-T1,M01-T2\t시장닥터 1기\n"
                           "2\tM01\t" START "\tM01-E1\t\n");
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(db, &out, NULL, "engagement", "list", "--market", "M02", NULL), ==, 0);
  g_assert_cmpstr(out, ==, "");
}

/* Bad input is refused with its code, and nothing is half-stored. */
static void test_engagement_refused(void)
{
  static const struct {
    const char *market, *stall, *start, *label;
    int exit;
    const char *code;
  } cases[] = {
    {"M01", "M02-S1", START, "x", 3, "bad_request"},     /* a stall of another market */
    {"M01", "M01-NONE", START, "x", 4, "not_found"},
    {"M09", "M01-T1", START, "x", 4, "not_found"},
    {"M01", "M01-T1", "2026-13-01", "x", 3, "bad_request"},
    {"M01", "M01-T1", START, "bad\tlabel", 3, "bad_request"},
    {"M01", "bad code", START, "x", 3, "bad_request"},
  };
  int64_t before = ht_db_int(db, "SELECT count(*) FROM engagement_stall");
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *err = NULL;
    g_assert_cmpint(ht_cmd(db, NULL, &err, "engagement", "add", "--market", cases[i].market,
                           "--stall", "M01-C1", "--stall", cases[i].stall, "--start",
                           cases[i].start, "--label", cases[i].label, NULL), ==, cases[i].exit);
    g_autofree char *want = g_strdup_printf("market-hub: error: %s: ", cases[i].code);
    g_assert_true(g_str_has_prefix(err, want));
  }
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM engagement_stall"), ==, before);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM engagement"), ==, 2);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "engagement", "add", "--market", "M01", NULL), ==, 2);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "engagement", "remove", NULL), ==, 2);
}

/* The planted uplift is found, inside its interval, against the right controls. */
static void test_impact_recovers_uplift(void)
{
  g_autofree char *out = NULL, *again = NULL;
  g_assert_cmpint(report(&out, NULL, "impact", "--engagement", "1", "--to", TO, NULL), ==, 0);
  g_assert_cmpint(report(&again, NULL, "impact", "--engagement", "1", "--to", TO, NULL), ==, 0);
  g_assert_cmpstr(out, ==, again);   /* the seeded bootstrap: the same bytes */
  g_autoptr(cJSON) o = cJSON_Parse(out);
  g_assert_nonnull(o);
  double effect = num(o, "effect"), lo = num(o, "ci_low"), hi = num(o, "ci_high");
  g_test_message("effect %.4f, 90%% %.4f .. %.4f", effect, lo, hi);
  g_assert_cmpfloat(lo, <=, UPLIFT);
  g_assert_cmpfloat(hi, >=, UPLIFT);
  g_assert_cmpfloat(fabs(effect - UPLIFT), <, 0.05);
  g_assert_cmpfloat(lo, >, 0.0);
  g_autofree char *t = codes(cJSON_GetObjectItem(o, "treated"));
  g_autofree char *c = codes(cJSON_GetObjectItem(o, "controls"));
  g_assert_cmpstr(t, ==, "M01-T1,M01-T2");
  g_assert_cmpstr(c, ==, "M01-C1,M01-C2,M01-C3,M01-C4");
  g_assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "pre_trend_flat")));
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(o, "weekly")), ==, 12);
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(o, "warnings")), ==, 0);
  const cJSON *ci = cJSON_GetObjectItem(o, "ci");
  g_assert_cmpfloat(num(ci, "level"), ==, 0.9);
  g_assert_cmpfloat(num(ci, "resamples"), ==, 2000);
}

/* A treated stall that grew before the start gets the pre-trend warning. */
static void test_impact_pre_trend(void)
{
  g_autofree char *out = NULL;
  g_assert_cmpint(report(&out, NULL, "impact", "--engagement", "2", "--to", TO, NULL), ==, 0);
  g_autoptr(cJSON) o = cJSON_Parse(out);
  g_assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "pre_trend_flat")));
  g_assert_cmpfloat(num(o, "pre_trend"), >, 0.03);
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(o, "warnings")), >=, 1);
  g_autofree char *c = codes(cJSON_GetObjectItem(o, "controls"));
  g_assert_null(strstr(c, "M01-T"));   /* helped stalls are never controls */
}

/* CSV and PDF of the same report; the refusals of market-report impact. */
static void test_impact_formats_and_errors(void)
{
  g_autofree char *csv = NULL, *pdf = NULL, *err = NULL;
  g_assert_cmpint(report(&csv, NULL, "impact", "--engagement", "1", "--to", TO, "--format",
                         "csv", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(csv, "\xEF\xBB\xBF" "market,engagement,start,week_from"));
  g_auto(GStrv) rows = g_strsplit(csv, "\r\n", -1);
  g_assert_cmpint(g_strv_length(rows), ==, 1 + 12 * 2 + 1);
  g_assert_cmpint(report(&pdf, NULL, "impact", "--engagement", "1", "--to", TO, "--format",
                         "pdf", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(pdf, "%PDF-"));
  static const struct {
    const char *id, *to, *format;
    int exit;
  } cases[] = {
    {"9", TO, "json", 4},                   /* no such engagement */
    {"1", "2026-10-01", "json", 3},         /* fewer than 7 days after the start */
    {"1", "2026-02-30", "json", 3},
    {"1", TO, "text", 2},
    {"1", TO, "csv-ko", 2},                 /* HTTP's name; the command line says --header ko */
    {"0", TO, "json", 2},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(report(NULL, &err, "impact", "--engagement", cases[i].id, "--to",
                           cases[i].to, "--format", cases[i].format, NULL), ==, cases[i].exit);
    g_assert_true(g_str_has_prefix(err, "market-report: "));
  }
}

/* Excel's serial number of an ISO day (days since 1899-12-30). */
static double excel_day(const char *iso)
{
  GDate epoch, day;
  g_date_clear(&epoch, 1);
  g_date_clear(&day, 1);
  g_date_set_dmy(&epoch, 30, G_DATE_DECEMBER, 1899);
  g_date_set_parse(&day, iso);
  g_assert_true(g_date_valid(&day));
  return (double)g_date_days_between(&epoch, &day);
}

/*
** The workbook of the planted market's engagement read back against the
** JSON of the same report: the sheets, the Korean headings, the effect as
** a percentage of the same fraction, each week's won with separators and
** its real date, the frozen heading row, and the line chart of both
** groups over the weekly cells.  Then the CSV's Korean headings, and
** --header where it does not belong.
*/
static void test_impact_workbook(void)
{
  g_autofree char *json = NULL, *err = NULL, *csv = NULL;
  g_autofree char *path = g_build_filename(dir, "impact.xlsx", NULL);
  g_autofree char *book = NULL, *strings = NULL, *styles = NULL, *summary = NULL;
  g_autofree char *weeks = NULL, *chart = NULL, *fmt = NULL, *v = NULL;
  guint style = 0;
  g_assert_cmpint(report(&json, NULL, "impact", "--engagement", "1", "--to", TO, NULL), ==, 0);
  g_assert_cmpint(report(NULL, &err, "impact", "--engagement", "1", "--to", TO, "--format",
                         "xlsx", "--out", path, NULL), ==, 0);
  g_autoptr(cJSON) o = cJSON_Parse(json);
  const cJSON *weekly = cJSON_GetObjectItem(o, "weekly");
  g_assert_cmpint(cJSON_GetArraySize(weekly), ==, 12);
  book = xu_member(path, "xl/workbook.xml");
  const char *at = book;
  static const char *const sheets[] = {"요약", "주별 추이", "매칭"};
  for (guint i = 0; i < G_N_ELEMENTS(sheets); i++) {
    g_autofree char *key = g_strdup_printf("<sheet name=\"%s\"", sheets[i]);
    at = strstr(at, key);
    g_assert_nonnull(at);
  }
  strings = xu_member(path, "xl/sharedStrings.xml");
  static const char *const headings[] = {"지원 점포 일평균 매출(원)", "비교 점포 일평균 매출(원)",
                                         "주 시작일", "지원 전 매출(원)", "비교 점포",
                                         "90% 구간 하한", "M01-C1"};
  for (guint i = 0; i < G_N_ELEMENTS(headings); i++)
    g_assert_nonnull(strstr(strings, headings[i]));
  g_assert_null(strstr(strings, ">treated_revenue<"));
  styles = xu_member(path, "xl/styles.xml");
  summary = xu_member(path, "xl/worksheets/sheet1.xml");
  xu_cell_of(summary, "B8", &style, &v);                     /* 효과 */
  g_assert_cmpfloat(fabs(g_ascii_strtod(v, NULL) - num(o, "effect")), <, 1e-9);
  fmt = xu_format_of(styles, style);
  g_assert_cmpstr(fmt, ==, "0.0%");
  weeks = xu_member(path, "xl/worksheets/sheet2.xml");
  g_assert_nonnull(strstr(weeks, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
  for (int w = 0; w < 12; w++) {
    const cJSON *row = cJSON_GetArrayItem(weekly, w);
    g_autofree char *a = g_strdup_printf("A%d", w + 2), *d = g_strdup_printf("D%d", w + 2);
    g_autofree char *e = g_strdup_printf("E%d", w + 2), *day = NULL, *tr = NULL, *co = NULL;
    g_autofree char *day_fmt = NULL, *won_fmt = NULL;
    xu_cell_of(weeks, a, &style, &day);
    day_fmt = xu_format_of(styles, style);
    g_assert_cmpstr(day_fmt, ==, "yyyy-mm-dd");
    g_assert_cmpfloat(g_ascii_strtod(day, NULL), ==,
                      excel_day(cJSON_GetObjectItem(row, "from")->valuestring));
    xu_cell_of(weeks, d, &style, &tr);
    won_fmt = xu_format_of(styles, style);
    g_assert_cmpstr(won_fmt, ==, "#,##0");
    g_assert_cmpfloat(g_ascii_strtod(tr, NULL), ==, num(row, "treated"));
    xu_cell_of(weeks, e, &style, &co);
    g_assert_cmpfloat(g_ascii_strtod(co, NULL), ==, num(row, "controls"));
  }
  g_assert_null(strstr(weeks, "<c r=\"D14\""));
  chart = xu_member(path, "xl/charts/chart1.xml");
  g_assert_nonnull(strstr(chart, "<c:lineChart>"));
  g_assert_nonnull(strstr(chart, "'주별 추이'!$D$2:$D$13"));
  g_assert_nonnull(strstr(chart, "'주별 추이'!$E$2:$E$13"));
  g_assert_nonnull(strstr(chart, "<c:legend>"));
  g_assert_cmpint(report(&csv, NULL, "impact", "--engagement", "1", "--to", TO, "--format",
                         "csv", "--header", "ko", NULL), ==, 0);
  g_assert_true(g_str_has_prefix(csv, "\xEF\xBB\xBF" "시장,지원 번호,지원 시작일,주 시작일,"));
  g_assert_cmpint(report(NULL, NULL, "impact", "--engagement", "1", "--to", TO, "--format",
                         "pdf", "--header", "ko", NULL), ==, 2);
  g_assert_cmpint(report(NULL, NULL, "impact", "--engagement", "1", "--to", TO, "--format",
                         "csv", "--header", "en", NULL), ==, 2);
}

/* Runs market-report ARGS... with --hub URL (no --db); returns its exit status. */
static int report_remote(char **out, char **err, const char *url, ...)
{
  va_list ap;
  va_start(ap, url);
  int rc = ht_report_v(out, err, NULL, ap, "--hub", url);
  va_end(ap);
  return rc;
}

/*
** --hub asks the hub's route with a manager's token and gets the bytes
** --db gives (JSON, and the CSV with Korean headings); an unknown
** engagement is not_found; --hub needs --token and --market, and never
** goes with --db.
*/
static void test_impact_over_hub(void)
{
  g_autofree char *token = ht_secret(db, "user", "add", "kim", "--role", "manager", "--market",
                                     "M01", NULL);
  HtHub *hub = ht_hub_start(db, NULL);
  g_autofree char *local = NULL, *remote = NULL, *local_csv = NULL, *remote_csv = NULL;
  g_autofree char *err = NULL;
  g_assert_cmpint(report(&local, NULL, "impact", "--engagement", "1", "--to", TO, NULL), ==, 0);
  g_assert_cmpint(report_remote(&remote, NULL, hub->base, "impact", "--engagement", "1", "--to",
                                TO, "--market", "M01", "--token", token, NULL), ==, 0);
  g_assert_cmpstr(remote, ==, local);
  g_assert_cmpint(report(&local_csv, NULL, "impact", "--engagement", "1", "--to", TO, "--format",
                         "csv", "--header", "ko", NULL), ==, 0);
  g_assert_cmpint(report_remote(&remote_csv, NULL, hub->base, "impact", "--engagement", "1",
                                "--to", TO, "--market", "M01", "--token", token, "--format",
                                "csv", "--header", "ko", NULL), ==, 0);
  g_assert_cmpstr(remote_csv, ==, local_csv);
  g_assert_true(g_str_has_prefix(remote_csv, "\xEF\xBB\xBF" "시장,"));
  g_assert_cmpint(report_remote(NULL, &err, hub->base, "impact", "--engagement", "9", "--to", TO,
                                "--market", "M01", "--token", token, NULL), ==, 4);
  g_assert_true(g_str_has_prefix(err, "market-report: not_found: "));
  g_assert_cmpint(report_remote(NULL, NULL, hub->base, "impact", "--engagement", "1", "--market",
                                "M01", NULL), ==, 2);            /* no token */
  g_assert_cmpint(report_remote(NULL, NULL, hub->base, "impact", "--engagement", "1", "--token",
                                token, NULL), ==, 2);            /* no market */
  g_assert_cmpint(report(NULL, NULL, "impact", "--engagement", "1", "--market", "M01", "--token",
                         token, "--hub", hub->base, NULL), ==, 2);   /* --db and --hub */
  g_assert_cmpint(mb_hub_stop(hub), ==, 0);
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/hub/impact/engagement-add-list", test_engagement_add_list},
    {"/hub/impact/engagement-refused", test_engagement_refused},
    {"/hub/impact/recovers-uplift", test_impact_recovers_uplift},
    {"/hub/impact/pre-trend", test_impact_pre_trend},
    {"/hub/impact/formats-errors", test_impact_formats_and_errors},
    {"/hub/impact/workbook", test_impact_workbook},
    {"/hub/impact/over-hub", test_impact_over_hub},
    {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, tests);
}
