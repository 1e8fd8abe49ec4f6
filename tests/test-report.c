/*
** test-report.c: the market reports end to end on generated data.
**
** A hub is seeded by the generator through the real ingest path.  Then:
**  - /report/rollup-equals-raw: every report built from the rollups equals,
**    byte for byte as JSON, the same report built from a dataset that this
**    test computes straight from the raw document lines with its own SQL;
**  - /report/planted: the reports find what seeds/README.md plants;
**  - /report/formats: CSV for Korean Excel, and the PDF opens with its
**    pages and its text;
**  - /report/period-split: whole months and ragged ends of a period;
**  - /report/months-migration: month tables kept at ingest = the schema 3
**    migration's fill from the day tables;
**  - /report/bad-input: unknown market, bad days, a JSON "all".
*/
#include "hub-report.h"
#include "hub-seed.h"
#include "hub-store-sqlite.h"
#include "wire-codec.h"
#include "testutil.h"
#include <sqlite3.h>
#include <string.h>

#define FROM "2026-10-29"
#define TO "2026-11-25"

static char *dir;
static char *db_path;
static HubStore *store;

static void seed_hub(void)
{
  g_autoptr(GError) e = NULL;
  dir = tu_tmpdir();
  db_path = g_build_filename(dir, "hub.sqlite", NULL);
  store = hub_store_open(db_path, HUB_OPEN_CREATE, 2, &e);
  g_assert_no_error(e);
  g_autoptr(GPtrArray) lines = hub_taxonomy_parse(hub_taxonomy_builtin(), &e);
  g_assert_no_error(e);
  g_assert_true(hub_store_taxonomy_import(store, lines, &e));
  SeedOptions o;
  seed_options_init(&o);
  o.stalls = 10;
  o.days = 84;
  HubSeedStats st;
  g_assert_true(hub_seed_run(store, &o, NULL, NULL, &st, &e));
  g_assert_no_error(e);
  g_test_message("seeded %" G_GUINT64_FORMAT " documents in %.1f s", st.documents, st.seconds);
  g_assert_cmpuint(st.accepted, ==, st.documents);
}

/* ---- The raw path ------------------------------------------------------------ */

typedef struct {
  sqlite3 *db;
  AnDataset *ds;
  GHashTable *stall_index;  /* hub stall id -> ds index + 1 */
} Raw;

static sqlite3_stmt *prep(Raw *r, const char *sql)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
    g_error("prepare: %s: %s", sqlite3_errmsg(r->db), sql);
  return st;
}

static AnDay day_of(sqlite3_stmt *st, int col)
{
  AnDay d;
  g_assert_true(an_day_parse((const char *)sqlite3_column_text(st, col), &d));
  return d;
}

static guint stall_of(Raw *r, sqlite3_stmt *st, int col)
{
  int64_t id = sqlite3_column_int64(st, col);
  gpointer v = g_hash_table_lookup(r->stall_index, &id);
  g_assert_nonnull(v);
  return GPOINTER_TO_UINT(v) - 1;
}

static guint line_of(Raw *r, sqlite3_stmt *st, int col)
{
  guint i;
  const char *code = (const char *)sqlite3_column_text(st, col);
  if (!an_dataset_find_line(r->ds, code, &i))
    g_assert_true(an_dataset_add_line(r->ds, code, code, code, &i, NULL));
  return i;
}

/*
** Every market's stalls in detail, every fact summed from doc, doc_line and
** doc_tender per day: no rollup table is read.  Receipts holding a line: a
** sale adds one per line code, a void takes one off, and a refund takes one
** off when, counting it and the refunds before it, it has refunded every
** line of that code on the receipt.
*/
static AnDataset *raw_dataset(void)
{
  Raw r = {NULL, an_dataset_new(), g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL)};
  g_assert_cmpint(sqlite3_open_v2(db_path, &r.db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_stmt *st = prep(&r, "SELECT code, name FROM market ORDER BY code");
  while (sqlite3_step(st) == SQLITE_ROW)
    g_assert_true(an_dataset_add_market(r.ds, (const char *)sqlite3_column_text(st, 0),
                                        (const char *)sqlite3_column_text(st, 1), NULL, NULL));
  sqlite3_finalize(st);
  st = prep(&r, "SELECT code, name_ko, name_en FROM taxonomy ORDER BY code");
  while (sqlite3_step(st) == SQLITE_ROW)
    an_dataset_add_line(r.ds, (const char *)sqlite3_column_text(st, 0),
                        (const char *)sqlite3_column_text(st, 1),
                        (const char *)sqlite3_column_text(st, 2), NULL, NULL);
  sqlite3_finalize(st);
  st = prep(&r, "SELECT s.id, s.code, s.name, m.code, coalesce(s.last_sync_ms, 0) FROM stall s"
                " JOIN market m ON m.id = s.market_id ORDER BY s.code");
  while (sqlite3_step(st) == SQLITE_ROW) {
    guint si;
    int64_t sync = sqlite3_column_int64(st, 4);
    g_assert_true(an_dataset_add_stall(r.ds, (const char *)sqlite3_column_text(st, 1),
                                       (const char *)sqlite3_column_text(st, 2),
                                       (const char *)sqlite3_column_text(st, 3),
                                       sync > 0 ? sync : -1, &si, NULL));
    int64_t id = sqlite3_column_int64(st, 0);
    g_hash_table_insert(r.stall_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
  }
  sqlite3_finalize(st);

  /* lines: money and quantities, then receipts holding each line */
  g_autoptr(GHashTable) receipts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  st = prep(&r,
    "SELECT k, stall_id, business_day, line_code, sum(n) FROM ("
    "  SELECT 's' AS k, d.stall_id, d.business_day, l.line_code,"
    "   count(DISTINCT d.id) * (CASE d.kind WHEN 'sale' THEN 1 ELSE -1 END) AS n"
    "  FROM doc d JOIN doc_line l ON l.doc = d.id WHERE d.kind IN ('sale', 'void')"
    "  GROUP BY d.stall_id, d.business_day, l.line_code, d.kind"
    "  UNION ALL"
    "  SELECT 'r', r.stall_id, r.business_day, rl.line_code, -count(DISTINCT r.id)"
    "  FROM doc r JOIN doc_line rl ON rl.doc = r.id JOIN doc o ON o.doc_id = r.original_id"
    "  WHERE r.kind = 'refund'"
    "   AND (SELECT count(*) FROM doc_line ol WHERE ol.doc = o.id AND ol.line_code = rl.line_code)"
    "     = (SELECT count(*) FROM doc r2 JOIN doc_line l2 ON l2.doc = r2.id"
    "        WHERE r2.original_id = r.original_id AND r2.kind = 'refund' AND r2.id <= r.id"
    "          AND l2.line_code = rl.line_code)"
    "  GROUP BY r.stall_id, r.business_day, rl.line_code)"
    " GROUP BY k, stall_id, business_day, line_code");
  while (sqlite3_step(st) == SQLITE_ROW) {
    g_autofree char *key = g_strdup_printf("%lld|%s|%s", sqlite3_column_int64(st, 1),
                                           sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
    int64_t *n = g_hash_table_lookup(receipts, key);
    if (n == NULL) {
      n = g_new0(int64_t, 1);
      g_hash_table_insert(receipts, g_strdup(key), n);
    }
    *n += sqlite3_column_int64(st, 4);
  }
  sqlite3_finalize(st);
  st = prep(&r, "SELECT d.stall_id, d.business_day, l.line_code, sum(l.net), sum(l.qty_milli),"
                " sum(CASE d.kind WHEN 'sale' THEN 1 ELSE -1 END)"
                " FROM doc d JOIN doc_line l ON l.doc = d.id"
                " GROUP BY d.stall_id, d.business_day, l.line_code");
  while (sqlite3_step(st) == SQLITE_ROW) {
    g_autofree char *key = g_strdup_printf("%lld|%s|%s", sqlite3_column_int64(st, 0),
                                           sqlite3_column_text(st, 1), sqlite3_column_text(st, 2));
    int64_t *n = g_hash_table_lookup(receipts, key);
    AnLineDay row = {stall_of(&r, st, 0), line_of(&r, st, 2), day_of(st, 1),
                     sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
                     sqlite3_column_int64(st, 5), n ? *n : 0};
    g_assert_true(an_dataset_add_line_day(r.ds, &row, NULL));
  }
  sqlite3_finalize(st);

  st = prep(&r, "SELECT stall_id, business_day,"
                " sum(CASE kind WHEN 'sale' THEN 1 WHEN 'void' THEN -1 ELSE 0 END),"
                " sum(total) FROM doc GROUP BY stall_id, business_day");
  while (sqlite3_step(st) == SQLITE_ROW) {
    AnStallDay row = {stall_of(&r, st, 0), day_of(st, 1), sqlite3_column_int64(st, 2),
                      sqlite3_column_int64(st, 3)};
    g_assert_true(an_dataset_add_stall_day(r.ds, &row, NULL));
  }
  sqlite3_finalize(st);

  st = prep(&r, "SELECT stall_id, business_day, ((device_time_ms / 1000 + 32400) / 3600) % 24,"
                " sum(total), sum(CASE kind WHEN 'sale' THEN 1 WHEN 'void' THEN -1 ELSE 0 END)"
                " FROM doc GROUP BY 1, 2, 3");
  while (sqlite3_step(st) == SQLITE_ROW) {
    AnStallHour row = {stall_of(&r, st, 0), day_of(st, 1), sqlite3_column_int(st, 2),
                       sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)};
    g_assert_true(an_dataset_add_stall_hour(r.ds, &row, NULL));
  }
  sqlite3_finalize(st);

  st = prep(&r, "SELECT stall_id, business_day, method, sum(amount) FROM ("
                "  SELECT d.stall_id, d.business_day, t.method, t.amount FROM doc d"
                "  JOIN doc_tender t ON t.doc = d.id"
                "  UNION ALL SELECT stall_id, business_day, 'cash', -change FROM doc"
                "  WHERE change <> 0)"
                " GROUP BY 1, 2, 3");
  while (sqlite3_step(st) == SQLITE_ROW) {
    AnStallTender row = {stall_of(&r, st, 0), day_of(st, 1),
                         an_dataset_method(r.ds, (const char *)sqlite3_column_text(st, 2)),
                         sqlite3_column_int64(st, 3)};
    g_assert_true(an_dataset_add_stall_tender(r.ds, &row, NULL));
  }
  sqlite3_finalize(st);
  sqlite3_close(r.db);
  g_hash_table_unref(r.stall_index);
  return r.ds;
}

/* A report period and its comparison, as the rollups see it. */
typedef struct {
  const char *from, *to;
  AnCompare compare;
} Span;

/* The JSON of one report kind computed from a dataset. */
static char *report_json(AnDataset *ds, const char *market, HubReportKind kind, Span sp)
{
  AnQuery q;
  g_autoptr(GError) e = NULL;
  g_assert_true(an_query_init(&q, ds, market, sp.from, sp.to, sp.compare, NULL, &e));
  q.as_of_ms = 1795618800000;   /* fixed, so sync ages agree */
  g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, &e);
  g_assert_no_error(e);
  if (kind == HUB_REPORT_LINES)
    return an_lines_to_json(lines);
  if (kind == HUB_REPORT_STORES) {
    g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, lines, &e);
    g_assert_no_error(e);
    return an_stores_to_json(stores);
  }
  g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, &q, &e);
  g_assert_no_error(e);
  return an_stalls_to_json(stalls);
}

/*
** Periods chosen to read every part of the rollups: days only (inside a
** month), one whole month with a comparison that starts on the last day
** of a month, whole months with ragged ends on both sides in both
** periods, and a comparison a year back where nothing was sold.  Data
** runs from 2026-09-03 (84 days to 2026-11-25).
*/
static const Span spans[] = {
  {FROM, TO, AN_COMPARE_PREVIOUS},
  {"2026-10-01", "2026-10-31", AN_COMPARE_PREVIOUS},
  {"2026-09-10", "2026-11-20", AN_COMPARE_PREVIOUS},
  {"2026-09-01", "2026-11-25", AN_COMPARE_LAST_YEAR},
  {"2026-11-25", "2026-11-25", AN_COMPARE_NONE},
};

static void test_rollup_equals_raw(void)
{
  g_autoptr(AnDataset) raw = raw_dataset();
  static const char *const markets[] = {"M01", "M02", "M03", "M04", "M05"};
  for (guint p = 0; p < G_N_ELEMENTS(spans); p++) {
    AnPeriod periods[2];
    guint n = 1;
    g_assert_true(an_period_parse(spans[p].from, spans[p].to, &periods[0], NULL));
    if (spans[p].compare != AN_COMPARE_NONE)
      periods[n++] = spans[p].compare == AN_COMPARE_PREVIOUS ? an_period_previous(periods[0])
                                                             : an_period_last_year(periods[0]);
    for (guint m = 0; m < G_N_ELEMENTS(markets); m++) {
      g_autoptr(GError) e = NULL;
      g_autoptr(AnDataset) rolled = hub_store_dataset(store, markets[m], periods, n,
                                                      HUB_NEED_ALL, &e);
      g_assert_no_error(e);
      /* lines and stores are built without hours and tenders: same answer */
      g_autoptr(AnDataset) lean = hub_store_dataset(store, markets[m], periods, n,
                                                    HUB_NEED_LINES, &e);
      g_assert_no_error(e);
      for (int k = HUB_REPORT_LINES; k <= HUB_REPORT_STALLS; k++) {
        g_autofree char *a = report_json(rolled, markets[m], (HubReportKind)k, spans[p]);
        g_autofree char *b = report_json(raw, markets[m], (HubReportKind)k, spans[p]);
        if (strcmp(a, b) != 0)
          g_error("%s %s..%s report %d differs between rollups and raw lines:\n%.600s\n---\n%.600s",
                  markets[m], spans[p].from, spans[p].to, k, a, b);
        if (k != HUB_REPORT_STALLS) {
          g_autofree char *c = report_json(lean, markets[m], (HubReportKind)k, spans[p]);
          g_assert_cmpstr(c, ==, a);
        }
      }
    }
  }
}

/* Whole months from the month tables, ragged ends from the day tables. */
static void test_period_split(void)
{
  static const struct {
    const char *from, *to, *head_from, *head_to, *tail_from, *tail_to, *m_from, *m_to;
  } cases[] = {
    /* inside one month, and a whole month short by a day either side */
    {"2026-11-03", "2026-11-20", "2026-11-03", "2026-11-20", "9", "0", "9", "0"},
    {"2026-11-01", "2026-11-29", "2026-11-01", "2026-11-29", "9", "0", "9", "0"},
    {"2026-11-02", "2026-11-30", "2026-11-02", "2026-11-30", "9", "0", "9", "0"},
    {"2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", "9", "0", "9", "0"},
    /* exactly one month, February of a leap year included */
    {"2026-11-01", "2026-11-30", "9", "0", "9", "0", "2026-11", "2026-11"},
    {"2028-02-01", "2028-02-29", "9", "0", "9", "0", "2028-02", "2028-02"},
    {"2028-02-01", "2028-02-28", "2028-02-01", "2028-02-28", "9", "0", "9", "0"},
    /* ragged ends across a year end */
    {"2025-11-26", "2026-11-25", "2025-11-26", "2025-11-30", "2026-11-01", "2026-11-25",
     "2025-12", "2026-10"},
    {"2025-12-31", "2026-02-01", "2025-12-31", "2025-12-31", "2026-02-01", "2026-02-01",
     "2026-01", "2026-01"},
    /* two ragged months with no whole month between */
    {"2026-10-15", "2026-11-14", "2026-10-15", "2026-11-14", "9", "0", "9", "0"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    AnPeriod p;
    char head[2][AN_DAY_ISO_LEN], tail[2][AN_DAY_ISO_LEN], months[2][AN_DAY_ISO_LEN];
    g_assert_true(an_period_parse(cases[i].from, cases[i].to, &p, NULL));
    hub_period_split(p, head, tail, months);
    g_test_message("%s..%s", cases[i].from, cases[i].to);
    g_assert_cmpstr(head[0], ==, cases[i].head_from);
    g_assert_cmpstr(head[1], ==, cases[i].head_to);
    g_assert_cmpstr(tail[0], ==, cases[i].tail_from);
    g_assert_cmpstr(tail[1], ==, cases[i].tail_to);
    g_assert_cmpstr(months[0], ==, cases[i].m_from);
    g_assert_cmpstr(months[1], ==, cases[i].m_to);
  }
}

/* Every row of a table in key order, one line each, for comparing two databases. */
static char *table_text(sqlite3 *db, const char *table)
{
  g_autofree char *sql = g_strdup_printf("SELECT * FROM %s ORDER BY 1, 2, 3", table);
  sqlite3_stmt *st;
  GString *out = g_string_new(NULL);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &st, NULL), ==, SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      if (sqlite3_column_type(st, c) == SQLITE_BLOB) {
        const guint8 *b = sqlite3_column_blob(st, c);
        for (int i = 0; i < sqlite3_column_bytes(st, c); i++)
          g_string_append_printf(out, "%02x", b[i]);
        g_string_append_c(out, '|');
      } else {
        g_string_append_printf(out, "%s|", (const char *)sqlite3_column_text(st, c));
      }
    }
    g_string_append_c(out, '\n');
  }
  sqlite3_finalize(st);
  return g_string_free(out, FALSE);
}

/*
** The month tables two ways: kept at ingest batch by batch (the seeded
** hub), and filled by the schema 3 migration from the day tables (a copy
** taken back to version 2: without the month tables, nor the engagements
** of schema 4, which the same open migrates on).  They must agree row for
** row.
*/
static void test_months_migration(void)
{
  static const char *const tables[] = {"roll_line_month", "roll_market_line_month",
                                       "roll_heat_day", "roll_heat_month",
                                       "roll_tender_month", "roll_day_cells"};
  g_autofree char *copy = g_build_filename(dir, "hub-v2.sqlite", NULL);
  g_autoptr(GError) e = NULL;
  sqlite3 *db, *old;
  g_assert_cmpint(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_autofree char *vacuum = g_strdup_printf("VACUUM INTO '%s'", copy);
  g_assert_cmpint(sqlite3_exec(db, vacuum, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_open(copy, &old), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
    g_autofree char *drop = g_strdup_printf("DROP TABLE %s", tables[i]);
    g_assert_cmpint(sqlite3_exec(old, drop, NULL, NULL, NULL), ==, SQLITE_OK);
  }
  g_assert_cmpint(sqlite3_exec(old, "DROP TABLE engagement_stall; DROP TABLE engagement", NULL,
                               NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(old, "PRAGMA user_version = 2", NULL, NULL, NULL), ==,
                  SQLITE_OK);
  sqlite3_close(old);
  HubStore *migrated = hub_store_open(copy, HUB_OPEN_EXISTING, 1, &e);
  g_assert_no_error(e);
  hub_store_close(migrated);
  g_assert_cmpint(sqlite3_open_v2(copy, &old, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
    g_autofree char *kept = table_text(db, tables[i]);
    g_autofree char *filled = table_text(old, tables[i]);
    g_assert_cmpuint(strlen(kept), >, 0);
    g_assert_cmpstr(kept, ==, filled);
  }
  sqlite3_close(old);
  sqlite3_close(db);
}

static cJSON *report(HubReportKind kind, const char *market)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(GBytes) b = hub_report_build(store, kind, market, FROM, TO, AN_COMPARE_PREVIOUS,
                                         HUB_FORMAT_JSON, &e);
  g_assert_no_error(e);
  gsize len;
  const char *text = g_bytes_get_data(b, &len);
  cJSON *j = cJSON_ParseWithLength(text, len);
  g_assert_nonnull(j);
  return j;
}

static const cJSON *row_where(const cJSON *rep, const char *field, const char *value)
{
  const cJSON *row;
  cJSON_ArrayForEach(row, cJSON_GetObjectItem(rep, "rows")) {
    const cJSON *f = cJSON_GetObjectItem(row, field);
    if (cJSON_IsString(f) && strcmp(f->valuestring, value) == 0)
      return row;
  }
  g_error("no row with %s = %s", field, value);
  return NULL;
}

static double num(const cJSON *row, const char *field)
{
  const cJSON *f = cJSON_GetObjectItem(row, field);
  g_assert_true(cJSON_IsNumber(f));
  return f->valuedouble;
}

static const char *str(const cJSON *row, const char *field)
{
  const cJSON *f = cJSON_GetObjectItem(row, field);
  g_assert_true(cJSON_IsString(f));
  return f->valuestring;
}

static void test_planted(void)
{
  /* 1. M01 is a fish market; 4. M04 a herbal-medicine market */
  g_autoptr(cJSON) m01 = report(HUB_REPORT_LINES, "M01");
  const cJSON *fish = row_where(m01, "line", "FISH");
  g_assert_cmpfloat(num(fish, "lq"), >, 1.25);
  g_assert_cmpstr(str(fish, "verdict"), ==, "competitive");
  g_assert_cmpstr(str(cJSON_GetArrayItem(cJSON_GetObjectItem(m01, "rows"), 0), "line"), ==, "FISH");
  g_autoptr(cJSON) m04 = report(HUB_REPORT_LINES, "M04");
  g_assert_cmpstr(str(row_where(m04, "line", "HERB"), "verdict"), ==, "competitive");
  /* 2. BANCHAN grows in M02 and declines in M03 */
  g_autoptr(cJSON) m02 = report(HUB_REPORT_LINES, "M02");
  g_autoptr(cJSON) m03 = report(HUB_REPORT_LINES, "M03");
  const cJSON *up = row_where(m02, "line", "BANCHAN"), *down = row_where(m03, "line", "BANCHAN");
  g_test_message("BANCHAN growth: M02 %.3f (%s), M03 %.3f (%s)", num(up, "growth"),
                 str(up, "verdict"), num(down, "growth"), str(down, "verdict"));
  g_assert_cmpfloat(num(up, "growth"), >, 0.15);
  g_assert_cmpfloat(num(down, "growth"), <, -0.1);
  g_assert_cmpstr(str(down, "verdict"), ==, "declining");
  /* 3. the two core stores of every market are S01 and S02 */
  static const char *const markets[] = {"M01", "M02", "M03", "M04", "M05"};
  for (guint m = 0; m < G_N_ELEMENTS(markets); m++) {
    g_autoptr(cJSON) stores = report(HUB_REPORT_STORES, markets[m]);
    g_autofree char *s1 = g_strdup_printf("%s-S01", markets[m]);
    g_autofree char *s2 = g_strdup_printf("%s-S02", markets[m]);
    int n_core = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItem(stores, "rows")) {
      if (!cJSON_IsTrue(cJSON_GetObjectItem(row, "core")))
        continue;
      n_core++;
      const char *code = str(row, "stall");
      if (strcmp(code, s1) != 0 && strcmp(code, s2) != 0)
        g_error("%s: core store %s is not one of the planted %s, %s", markets[m], code, s1, s2);
    }
    g_assert_cmpint(n_core, ==, 2);
  }
  /* 5. M03-S03's paper Onnuri stands out; 6. M05's last stall never synced */
  g_autoptr(cJSON) stalls3 = report(HUB_REPORT_STALLS, "M03");
  g_assert_cmpfloat(num(row_where(stalls3, "stall", "M03-S03"), "onnuri_share"), >, 0.4);
  g_assert_cmpfloat(num(row_where(stalls3, "stall", "M03-S04"), "onnuri_share"), <, 0.3);
  g_autoptr(cJSON) stalls5 = report(HUB_REPORT_STALLS, "M05");
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItem(row_where(stalls5, "stall", "M05-S10"), "last_sync")));
  g_assert_true(cJSON_IsString(cJSON_GetObjectItem(row_where(stalls5, "stall", "M05-S09"), "last_sync")));
}

static void test_formats(void)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(GBytes) csv = hub_report_build(store, HUB_REPORT_LINES, "M01", FROM, TO,
                                           AN_COMPARE_PREVIOUS, HUB_FORMAT_CSV, &e);
  g_assert_no_error(e);
  gsize len;
  const char *text = g_bytes_get_data(csv, &len);
  g_assert_true(len > 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0);
  g_assert_nonnull(g_strstr_len(text, (gssize)len, "\r\n"));
  g_assert_nonnull(g_strstr_len(text, (gssize)len, "FISH"));
  g_autoptr(GBytes) pdf = hub_report_build(store, HUB_REPORT_ALL, "M01", FROM, TO,
                                           AN_COMPARE_PREVIOUS, HUB_FORMAT_PDF, &e);
  g_assert_no_error(e);
  g_autofree char *path = g_build_filename(dir, "m01.pdf", NULL);
  g_assert_true(g_file_set_contents(path, g_bytes_get_data(pdf, NULL),
                                    (gssize)g_bytes_get_size(pdf), NULL));
  char *info_argv[] = {"pdfinfo", path, NULL};
  g_autofree char *info = NULL;
  g_assert_cmpint(tu_run(info_argv, &info, NULL), ==, 0);
  g_assert_nonnull(strstr(info, "Pages:"));
  int pages = atoi(strstr(info, "Pages:") + 6);
  g_test_message("PDF: %d pages, %zu bytes", pages, g_bytes_get_size(pdf));
  g_assert_cmpint(pages, >=, 4);
  g_assert_nonnull(strstr(info, "(A4)"));
  char *text_argv[] = {"pdftotext", path, "-", NULL};
  g_autofree char *pdf_text = NULL;
  g_assert_cmpint(tu_run(text_argv, &pdf_text, NULL), ==, 0);
  g_assert_nonnull(strstr(pdf_text, "바다마루시장"));
  g_assert_nonnull(strstr(pdf_text, "수산물"));

  /* the workbook of every report is a zip; the Korean CSV has Korean headings */
  g_autoptr(GBytes) xlsx = hub_report_build(store, HUB_REPORT_ALL, "M01", FROM, TO,
                                            AN_COMPARE_LAST_YEAR, HUB_FORMAT_XLSX, &e);
  g_assert_no_error(e);
  g_assert_cmpmem(g_bytes_get_data(xlsx, NULL), 4, "PK\x03\x04", 4);
  g_autoptr(GBytes) csv_ko = hub_report_build(store, HUB_REPORT_STORES, "M01", FROM, TO,
                                              AN_COMPARE_PREVIOUS, HUB_FORMAT_CSV_KO, &e);
  g_assert_no_error(e);
  g_assert_true(g_str_has_prefix(g_bytes_get_data(csv_ko, NULL),
                                 "\xEF\xBB\xBF시장,시작일,종료일,순위,점포 코드,"));
  HubReportQuery q;
  g_assert_true(hub_report_query_parse("all", FROM, TO, NULL, "xlsx", &q, NULL));
  g_assert_cmpint(q.format, ==, HUB_FORMAT_XLSX);
  g_assert_true(hub_report_query_parse("lines", FROM, TO, NULL, "csv-ko", &q, NULL));
  g_assert_cmpint(q.format, ==, HUB_FORMAT_CSV_KO);
  g_assert_false(hub_report_query_parse("all", FROM, TO, NULL, "csv-ko", &q, &e));
  g_assert_error(e, HUB_ERROR, HUB_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(hub_report_query_parse("lines", FROM, TO, NULL, "xls", &q, &e));
  g_assert_error(e, HUB_ERROR, HUB_ERROR_INVALID);
  g_clear_error(&e);
  /* the command line: --header only with csv, and only names or ko */
  static const char *const bad[][2] = {{"--format=json", "--header=ko"},
                                       {"--format=csv", "--header=kr"},
                                       {"--format=csv-ko", "--out=-"}};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    char *argv[] = {(char *)g_getenv("MPOS_REPORT"), (char *)"lines", (char *)"--db", db_path,
                    (char *)"--market=M01", (char *)"--from=" FROM, (char *)"--to=" TO,
                    (char *)bad[i][0], (char *)bad[i][1], NULL};
    g_autofree char *err = NULL;
    g_assert_cmpint(tu_run(argv, NULL, &err), ==, 2);
  }
  {
    char *argv[] = {(char *)g_getenv("MPOS_REPORT"), (char *)"lines", (char *)"--db", db_path,
                    (char *)"--market=M01", (char *)"--from=" FROM, (char *)"--to=" TO,
                    (char *)"--format=csv", (char *)"--header=ko", NULL};
    g_autofree char *out = NULL;
    g_assert_cmpint(tu_run(argv, &out, NULL), ==, 0);
    g_assert_true(g_str_has_prefix(out, "\xEF\xBB\xBF시장,시작일,종료일,순위,상품군 코드,"));
  }
}

static void test_bad_input(void)
{
  static const struct {
    HubReportKind kind;
    const char *market, *from, *to;
    HubReportFormat format;
    int code;
  } cases[] = {
    {HUB_REPORT_LINES, "M99", FROM, TO, HUB_FORMAT_JSON, HUB_ERROR_NOT_FOUND},
    {HUB_REPORT_LINES, "M01", "2026-11-31", TO, HUB_FORMAT_JSON, HUB_ERROR_INVALID},
    {HUB_REPORT_LINES, "M01", TO, FROM, HUB_FORMAT_JSON, HUB_ERROR_INVALID},
    {HUB_REPORT_ALL, "M01", FROM, TO, HUB_FORMAT_JSON, HUB_ERROR_INVALID},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) e = NULL;
    g_autoptr(GBytes) b = hub_report_build(store, cases[i].kind, cases[i].market, cases[i].from,
                                           cases[i].to, AN_COMPARE_PREVIOUS, cases[i].format, &e);
    g_assert_null(b);
    g_assert_error(e, HUB_ERROR, cases[i].code);
  }
  /* an empty period: a report with no revenue, not an error */
  g_autoptr(cJSON) j = NULL;
  g_autoptr(GError) e = NULL;
  g_autoptr(GBytes) b = hub_report_build(store, HUB_REPORT_STORES, "M01", "2020-01-01",
                                         "2020-01-31", AN_COMPARE_PREVIOUS, HUB_FORMAT_JSON, &e);
  g_assert_no_error(e);
  j = cJSON_ParseWithLength(g_bytes_get_data(b, NULL), g_bytes_get_size(b));
  const cJSON *row;
  cJSON_ArrayForEach(row, cJSON_GetObjectItem(j, "rows"))
    g_assert_cmpfloat(num(row, "revenue"), ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  seed_hub();
  g_test_add_func("/report/period-split", test_period_split);
  g_test_add_func("/report/rollup-equals-raw", test_rollup_equals_raw);
  g_test_add_func("/report/months-migration", test_months_migration);
  g_test_add_func("/report/planted", test_planted);
  g_test_add_func("/report/formats", test_formats);
  g_test_add_func("/report/bad-input", test_bad_input);
  int rc = g_test_run();
  hub_store_close(store);
  g_free(db_path);
  tu_tmpdir_free(dir);
  return rc;
}
