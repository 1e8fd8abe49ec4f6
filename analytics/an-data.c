/*
** an-data.c: days, periods and the dataset the measures read.
**
** Days are plain integers (days since 1970-01-01) so that a period is a
** range test, a comparison period is a subtraction and a per-day array is
** indexed by day - from.  The calendar conversions are the closed-form
** civil-from-days algorithms of H. Hinnant ("chrono-Compatible Low-Level
** Date Algorithms"), exact for the proleptic Gregorian calendar; no time
** zone is involved because a business day is already a local date.
**
** The registry maps codes to indices once, at load; the fact rows carry
** indices, so the measures never hash a string per row.
*/
#include "mb-clock.h"
#include "an-int.h"
#include <string.h>

G_DEFINE_QUARK(an-error-quark, an_error)

/* Stable names for scripts and JSON errors; never renamed, only added. */
const char *an_error_code_name(int code)
{
  switch (code) {
  case AN_ERROR_INVALID: return "invalid";
  case AN_ERROR_NOT_FOUND: return "not_found";
  case AN_ERROR_EXISTS: return "exists";
  case AN_ERROR_IO: return "io";
  default: return "unknown";
  }
}

/* ---- Days ---------------------------------------------------------------- */

/*
** The market clock's parser and range (mb-clock.h), nothing of its own: a
** day the hub stored is a day a report can ask for.  The range fits AnDay.
*/
G_STATIC_ASSERT(MB_DAY_MAX <= INT32_MAX);
gboolean an_day_parse(const char *text, AnDay *out)
{
  int64_t day;
  if (!mb_day_parse(text, &day))
    return FALSE;
  *out = (AnDay)day;
  return TRUE;
}

/* ISO form, the only one the reports write (mb-clock.h). */
void an_day_format(AnDay day, char out[AN_DAY_ISO_LEN])
{
  mb_day_format(day, out);
}

/* 1970-01-01 was a Thursday (3 when Monday is 0). */
int an_day_weekday(AnDay day)
{
  int r = (int)(((int64_t)day + 3) % 7);
  return r < 0 ? r + 7 : r;
}

/* ---- Periods ------------------------------------------------------------- */

/*
** Both ends checked and ordered, and a bound on the length so that per-day
** arrays stay small.
*/
gboolean an_period_parse(const char *from, const char *to, AnPeriod *out,
                         GError **error)
{
  AnPeriod p;
  if (!an_day_parse(from, &p.from)) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "from: not a day YYYY-MM-DD: %s",
                from ? from : "(none)");
    return FALSE;
  }
  if (!an_day_parse(to, &p.to)) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "to: not a day YYYY-MM-DD: %s",
                to ? to : "(none)");
    return FALSE;
  }
  if (p.to < p.from) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "the period ends (%s) before it starts (%s)",
                to, from);
    return FALSE;
  }
  if (an_period_days(p) > AN_PERIOD_MAX_DAYS) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "the period is longer than %d days",
                AN_PERIOD_MAX_DAYS);
    return FALSE;
  }
  *out = p;
  return TRUE;
}

/* Inclusive length; 0 for the empty period (from > to). */
guint an_period_days(AnPeriod p)
{
  return p.to < p.from ? 0 : (guint)((int64_t)p.to - p.from + 1);
}

/* The equal-length period just before (docs/ANALYTICS.md, Conventions). */
AnPeriod an_period_previous(AnPeriod p)
{
  AnPeriod q;
  q.to = p.from - 1;
  q.from = q.to - (AnDay)an_period_days(p) + 1;
  return q;
}

/* Same date a year earlier; 29 February has none and takes the 28th. */
static AnDay year_before(AnDay day)
{
  int y, m, d;
  mb_day_civil(day, &y, &m, &d);
  if (m == 2 && d == 29)
    d = 28;
  return (AnDay)mb_day_from_civil(y - 1, m, d);
}

/* Same dates a year earlier, for seasonal markets (holidays, kimchi season). */
AnPeriod an_period_last_year(AnPeriod p)
{
  AnPeriod q = { year_before(p.from), year_before(p.to) };
  return q;
}

/* The CLI words of --compare. */
const char *an_compare_name(AnCompare c)
{
  switch (c) {
  case AN_COMPARE_PREVIOUS: return "previous";
  case AN_COMPARE_LAST_YEAR: return "last-year";
  default: return "none";
  }
}

/* The inverse of an_compare_name. */
gboolean an_compare_parse(const char *name, AnCompare *out)
{
  static const AnCompare all[] = { AN_COMPARE_NONE, AN_COMPARE_PREVIOUS, AN_COMPARE_LAST_YEAR };
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS(all); i++) {
    if (strcmp(name, an_compare_name(all[i])) == 0) {
      *out = all[i];
      return TRUE;
    }
  }
  return FALSE;
}

/* ---- The dataset --------------------------------------------------------- */

/*
** The by-market grouping: for each kind of stall row, the row indices
** ordered by market (a counting sort, O(rows)), and where each market's
** run starts.  Built once by an_dataset_seal; dropped by any add.
*/
struct AnDatasetIndex {
  guint *rows[AN_ROWS_N];
  guint *start[AN_ROWS_N];       /* n_markets + 1 offsets */
};

/* Drops the grouping: any new row or registry entry would make it wrong. */
static void unseal(AnDataset *ds)
{
  if (ds->index == NULL)
    return;
  for (int k = 0; k < AN_ROWS_N; k++) {
    g_free(ds->index->rows[k]);
    g_free(ds->index->start[k]);
  }
  g_clear_pointer(&ds->index, g_free);
}

/* The array of one kind of stall row. */
static GArray *rows_array(const AnDataset *ds, AnRowKind kind)
{
  return kind == AN_ROWS_STALL_DAYS ? ds->stall_days
         : kind == AN_ROWS_STALL_HOURS ? ds->stall_hours : ds->stall_tenders;
}

/* The market of each row of one kind, into markets[]. */
static void row_markets(const AnDataset *ds, AnRowKind kind, guint *markets)
{
  const AnStall *stalls = (const AnStall *)(const void *)ds->stalls->data;
  GArray *a = rows_array(ds, kind);
  for (guint i = 0; i < a->len; i++) {
    guint stall = kind == AN_ROWS_STALL_DAYS ? g_array_index(a, AnStallDay, i).stall
                  : kind == AN_ROWS_STALL_HOURS ? g_array_index(a, AnStallHour, i).stall
                  : g_array_index(a, AnStallTender, i).stall;
    markets[i] = stalls[stall].market;
  }
}

/* A counting sort by market: two passes, no comparison, stable order. */
void an_dataset_seal(AnDataset *ds)
{
  guint nm = ds->markets->len;
  unseal(ds);
  ds->index = g_new0(struct AnDatasetIndex, 1);
  for (int k = 0; k < AN_ROWS_N; k++) {
    GArray *a = rows_array(ds, (AnRowKind)k);
    guint *start = g_new0(guint, nm + 2), *fill = g_new0(guint, nm + 1);
    guint *rows = g_new(guint, a->len + 1), *market = g_new(guint, a->len + 1);
    row_markets(ds, (AnRowKind)k, market);
    for (guint i = 0; i < a->len; i++)
      start[market[i] + 1]++;
    for (guint m = 0; m < nm; m++)
      start[m + 1] += start[m];
    for (guint i = 0; i < a->len; i++)
      rows[start[market[i]] + fill[market[i]]++] = i;
    g_free(fill);
    g_free(market);
    ds->index->rows[k] = rows;
    ds->index->start[k] = start;
  }
}

/* A market's run of row indices, or "all rows" when not sealed. */
const guint *an_dataset_market_rows(const AnDataset *ds, AnRowKind kind, guint market, guint *n)
{
  if (ds->index == NULL || market >= ds->markets->len) {
    *n = rows_array(ds, kind)->len;
    return NULL;
  }
  *n = ds->index->start[kind][market + 1] - ds->index->start[kind][market];
  return ds->index->rows[kind] + ds->index->start[kind][market];
}

/* Clear functions: the registry arrays own their strings. */
static void market_clear(gpointer p)
{
  AnMarket *m = p;
  g_free(m->code);
  g_free(m->name);
}

/* See market_clear. */
static void stall_clear(gpointer p)
{
  AnStall *s = p;
  g_free(s->code);
  g_free(s->name);
}

/* See market_clear. */
static void line_clear(gpointer p)
{
  AnLine *l = p;
  g_free(l->code);
  g_free(l->name_ko);
  g_free(l->name_en);
}

/* Arrays by value (rows are small structs), hash tables only for codes. */
AnDataset *an_dataset_new(void)
{
  AnDataset *ds = g_new0(AnDataset, 1);
  ds->ref_count = 1;
  ds->markets = g_array_new(FALSE, TRUE, sizeof(AnMarket));
  g_array_set_clear_func(ds->markets, market_clear);
  ds->stalls = g_array_new(FALSE, TRUE, sizeof(AnStall));
  g_array_set_clear_func(ds->stalls, stall_clear);
  ds->lines = g_array_new(FALSE, TRUE, sizeof(AnLine));
  g_array_set_clear_func(ds->lines, line_clear);
  ds->methods = g_ptr_array_new_with_free_func(g_free);
  ds->line_days = g_array_new(FALSE, FALSE, sizeof(AnLineDay));
  ds->stall_days = g_array_new(FALSE, FALSE, sizeof(AnStallDay));
  ds->stall_hours = g_array_new(FALSE, FALSE, sizeof(AnStallHour));
  ds->stall_tenders = g_array_new(FALSE, FALSE, sizeof(AnStallTender));
  /* Keys are owned by the registry arrays' entries (g_strdup'd copies here). */
  ds->market_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  ds->stall_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  ds->line_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  ds->method_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return ds;
}

/* Reports keep a reference because they borrow names from the registry. */
AnDataset *an_dataset_ref(AnDataset *ds)
{
  g_return_val_if_fail(ds != NULL, NULL);
  g_atomic_int_inc(&ds->ref_count);
  return ds;
}

/* Frees everything with the last reference. */
void an_dataset_unref(AnDataset *ds)
{
  if (ds == NULL || !g_atomic_int_dec_and_test(&ds->ref_count))
    return;
  g_array_unref(ds->markets);
  g_array_unref(ds->stalls);
  g_array_unref(ds->lines);
  g_ptr_array_unref(ds->methods);
  g_array_unref(ds->line_days);
  g_array_unref(ds->stall_days);
  g_array_unref(ds->stall_hours);
  g_array_unref(ds->stall_tenders);
  g_hash_table_unref(ds->market_ix);
  g_hash_table_unref(ds->stall_ix);
  g_hash_table_unref(ds->line_ix);
  g_hash_table_unref(ds->method_ix);
  unseal(ds);
  g_free(ds);
}

/* Codes end up in CSV cells, JSON strings and PDF text: refuse control bytes. */
static gboolean code_ok(const char *code, const char *what, GError **error)
{
  gboolean ok = code != NULL && *code != '\0' && g_utf8_validate(code, -1, NULL);
  for (const char *p = code; ok && *p; p++)
    ok = (guchar)*p >= 0x20 && *p != 0x7F;
  if (!ok)
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "%s code: empty, not UTF-8 or with "
                "control characters", what);
  return ok;
}

/* Names are shown, never keyed: invalid UTF-8 is repaired rather than refused. */
static char *name_dup(const char *name, const char *fallback)
{
  return g_utf8_make_valid(name != NULL && *name != '\0' ? name : fallback, -1);
}

/* Index lookup: the hash stores index + 1 so that 0 means absent. */
static gboolean find(GHashTable *ix, const char *code, guint *index)
{
  gpointer v = code ? g_hash_table_lookup(ix, code) : NULL;
  if (v == NULL)
    return FALSE;
  if (index)
    *index = GPOINTER_TO_UINT(v) - 1;
  return TRUE;
}

/* Reserves a code for the entry about to be appended at index next. */
static gboolean claim(GHashTable *ix, const char *code, guint next, const char *what,
                      GError **error)
{
  if (!code_ok(code, what, error))
    return FALSE;
  if (g_hash_table_contains(ix, code)) {
    g_set_error(error, AN_ERROR, AN_ERROR_EXISTS, "%s %s added twice", what, code);
    return FALSE;
  }
  g_hash_table_insert(ix, g_strdup(code), GUINT_TO_POINTER(next + 1));
  return TRUE;
}

/* Registry entries are appended; their index is their identity. */
gboolean an_dataset_add_market(AnDataset *ds, const char *code, const char *name,
                               guint *index, GError **error)
{
  AnMarket m;
  if (!claim(ds->market_ix, code, ds->markets->len, "market", error))
    return FALSE;
  unseal(ds);
  m.code = g_strdup(code);
  m.name = name_dup(name, code);
  g_array_append_val(ds->markets, m);
  if (index)
    *index = ds->markets->len - 1;
  return TRUE;
}

/*
** The market must exist first: a stall row is attributed through it.
** The hub stores "never synced" as 0; any value <= 0 means never here.
*/
gboolean an_dataset_add_stall(AnDataset *ds, const char *code, const char *name,
                              const char *market_code, int64_t last_sync_ms,
                              guint *index, GError **error)
{
  AnStall s;
  guint market;
  if (!find(ds->market_ix, market_code, &market)) {
    g_set_error(error, AN_ERROR, AN_ERROR_NOT_FOUND, "stall %s: no market %s",
                code ? code : "?", market_code ? market_code : "(none)");
    return FALSE;
  }
  if (!claim(ds->stall_ix, code, ds->stalls->len, "stall", error))
    return FALSE;
  unseal(ds);
  s.code = g_strdup(code);
  s.name = name_dup(name, code);
  s.market = market;
  s.last_sync_ms = last_sync_ms <= 0 ? -1 : last_sync_ms;
  g_array_append_val(ds->stalls, s);
  if (index)
    *index = ds->stalls->len - 1;
  return TRUE;
}

/* Lines keep both names: Korean for reports, English for the office app. */
gboolean an_dataset_add_line(AnDataset *ds, const char *code, const char *name_ko,
                             const char *name_en, guint *index, GError **error)
{
  AnLine l;
  if (!claim(ds->line_ix, code, ds->lines->len, "line", error))
    return FALSE;
  l.code = g_strdup(code);
  l.name_ko = name_dup(name_ko, code);
  l.name_en = name_dup(name_en, l.name_ko);
  g_array_append_val(ds->lines, l);
  if (index)
    *index = ds->lines->len - 1;
  return TRUE;
}

/* Lookups by code, for the hub mapping its rows to indices. */
gboolean an_dataset_find_market(const AnDataset *ds, const char *code, guint *index)
{
  return find(ds->market_ix, code, index);
}

/* See an_dataset_find_market. */
gboolean an_dataset_find_stall(const AnDataset *ds, const char *code, guint *index)
{
  return find(ds->stall_ix, code, index);
}

/* See an_dataset_find_market. */
gboolean an_dataset_find_line(const AnDataset *ds, const char *code, guint *index)
{
  return find(ds->line_ix, code, index);
}

/* Methods are interned on first sight: the hub need not know them in advance. */
guint an_dataset_method(AnDataset *ds, const char *name)
{
  guint ix;
  const char *n = name != NULL && *name != '\0' ? name : "unknown";
  if (find(ds->method_ix, n, &ix))
    return ix;
  g_ptr_array_add(ds->methods, g_utf8_make_valid(n, -1));
  g_hash_table_insert(ds->method_ix, g_strdup(n), GUINT_TO_POINTER(ds->methods->len));
  return ds->methods->len - 1;
}

/* Borrowed entries; a bad index is a programming error, caught loudly. */
const AnMarket *an_dataset_market(const AnDataset *ds, guint index)
{
  g_return_val_if_fail(index < ds->markets->len, NULL);
  return &g_array_index(ds->markets, AnMarket, index);
}

/* See an_dataset_market. */
const AnStall *an_dataset_stall(const AnDataset *ds, guint index)
{
  g_return_val_if_fail(index < ds->stalls->len, NULL);
  return &g_array_index(ds->stalls, AnStall, index);
}

/* See an_dataset_market. */
const AnLine *an_dataset_line(const AnDataset *ds, guint index)
{
  g_return_val_if_fail(index < ds->lines->len, NULL);
  return &g_array_index(ds->lines, AnLine, index);
}

/* Every fact row names a stall; checked once here, never in the passes. */
static gboolean stall_ok(const AnDataset *ds, guint stall, GError **error)
{
  if (stall < ds->stalls->len)
    return TRUE;
  g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "stall index %u out of range", stall);
  return FALSE;
}

/* Rows are checked at the door so the passes can index without checks. */
gboolean an_dataset_add_line_day(AnDataset *ds, const AnLineDay *row, GError **error)
{
  if (!stall_ok(ds, row->stall, error))
    return FALSE;
  if (row->line >= ds->lines->len) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "line index %u out of range", row->line);
    return FALSE;
  }
  g_array_append_vals(ds->line_days, row, 1);
  return TRUE;
}

/* See an_dataset_add_line_day. */
gboolean an_dataset_add_stall_day(AnDataset *ds, const AnStallDay *row, GError **error)
{
  if (!stall_ok(ds, row->stall, error))
    return FALSE;
  unseal(ds);
  g_array_append_vals(ds->stall_days, row, 1);
  return TRUE;
}

/* The hour indexes the heatmap: out of range would write outside it. */
gboolean an_dataset_add_stall_hour(AnDataset *ds, const AnStallHour *row, GError **error)
{
  if (!stall_ok(ds, row->stall, error))
    return FALSE;
  if (row->hour < 0 || row->hour > 23) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "hour %d outside 0..23", row->hour);
    return FALSE;
  }
  unseal(ds);
  g_array_append_vals(ds->stall_hours, row, 1);
  return TRUE;
}

/* The method indexes the per-stall tender sums. */
gboolean an_dataset_add_stall_tender(AnDataset *ds, const AnStallTender *row,
                                     GError **error)
{
  if (!stall_ok(ds, row->stall, error))
    return FALSE;
  if (row->method >= ds->methods->len) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "tender method index %u unknown",
                row->method);
    return FALSE;
  }
  unseal(ds);
  g_array_append_vals(ds->stall_tenders, row, 1);
  return TRUE;
}
