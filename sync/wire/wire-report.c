/*
** wire-report.c: GET /v1/markets/M/reports/KIND?format=json read back into
** the analytics report types of an-report.h.  The hub writes the envelope
** with an_*_to_json (analytics/an-report-json.c); every client (the office,
** market-report --hub, the protocol test) reads it here and nowhere else.
**
** Method.  A decoded report is an ordinary AnLinesReport, AnStoresReport or
** AnStallsReport, freed with its an_*_report_free.  Its names are borrowed
** from a dataset, as the measures' are: the decoder builds a small
** AnDataset holding only the registry the envelope names (the market, the
** stalls or lines of its rows, the lines a store names), so the report owns
** its strings through the reference every report head keeps.  Score-part
** names and labels are static in the measures; here they are interned.
** The hub's summary sentences travel beside the report (WireReport).
**
** Strictness.  The envelope's kind, market, period and rows, and each
** row's code, are required; any figure that is present must have its type
** (an integer where won or a count belongs, a number or null for a ratio),
** and the first bad one is named.  An absent figure reads as 0, an absent
** or null ratio as undefined, an absent setting as its default: the row
** fields docs/ANALYTICS.md pins are always written, the others may grow.
*/
#include "wire-report.h"
#include <string.h>

/* Any integer the wire reads exactly. */
#define INT_WIRE (G_GINT64_CONSTANT(1) << 53)

/* The decoding state: the first error wins, later reads are no-ops. */
typedef struct {
  GError **error;
  gboolean failed;
  AnDataset *ds;
} Reader;

/* Records the first bad field as BAD_REQUEST "field WHERE.NAME: WHAT". */
static void bad(Reader *rd, const char *where, const char *name, const char *what)
{
  if (rd->failed)
    return;
  rd->failed = TRUE;
  g_set_error(rd->error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field %s%s%s: %s", where,
              where[0] ? "." : "", name, what);
}

/* A member of o (NULL-safe). */
static const cJSON *member(const cJSON *o, const char *name)
{
  return o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

/* An integer member: 0 when absent; any other type than an integer is refused. */
static int64_t rd_int(Reader *rd, const cJSON *o, const char *where, const char *name)
{
  const cJSON *v = member(o, name);
  int64_t out = 0;
  if (v != NULL && !cJSON_IsNull(v) && !wire_json_int(v, -INT_WIRE, INT_WIRE, &out))
    bad(rd, where, name, "must be an integer");
  return out;
}

/* A ratio member: undefined when absent or null, refused when not a number. */
static AnRatio rd_ratio(Reader *rd, const cJSON *o, const char *where, const char *name)
{
  const cJSON *v = member(o, name);
  AnRatio r = { 0.0, FALSE };
  if (cJSON_IsNumber(v)) {
    r.value = v->valuedouble;
    r.defined = TRUE;
  } else if (v != NULL && !cJSON_IsNull(v)) {
    bad(rd, where, name, "must be a number or null");
  }
  return r;
}

/* A flag member: FALSE when absent. */
static gboolean rd_bool(Reader *rd, const cJSON *o, const char *where, const char *name)
{
  const cJSON *v = member(o, name);
  if (v != NULL && !cJSON_IsBool(v))
    bad(rd, where, name, "must be true or false");
  return cJSON_IsTrue(v);
}

/* A string member, NULL when absent or null; refused when another type. Transfer none. */
static const char *rd_str(Reader *rd, const cJSON *o, const char *where, const char *name)
{
  const cJSON *v = member(o, name);
  if (v != NULL && !cJSON_IsNull(v) && !cJSON_IsString(v))
    bad(rd, where, name, "must be a string or null");
  return cJSON_GetStringValue(v);
}

/* An array of strings as a new GPtrArray of copies (empty when absent). */
static GPtrArray *rd_strings(Reader *rd, const cJSON *o, const char *where, const char *name)
{
  GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
  const cJSON *arr = member(o, name), *item;
  if (arr != NULL && !cJSON_IsArray(arr)) {
    bad(rd, where, name, "must be an array of strings");
    return a;
  }
  cJSON_ArrayForEach(item, arr) {
    if (!cJSON_IsString(item)) {
      bad(rd, where, name, "must be an array of strings");
      break;
    }
    g_ptr_array_add(a, g_strdup(item->valuestring));
  }
  return a;
}

/* A period object {"from","to"} as days; required. */
static AnPeriod rd_period(Reader *rd, const cJSON *o, const char *name)
{
  AnPeriod p = { 0, 0 };
  const cJSON *v = member(o, name);
  if (!an_day_parse(cJSON_GetStringValue(member(v, "from")), &p.from)
      || !an_day_parse(cJSON_GetStringValue(member(v, "to")), &p.to) || p.from > p.to)
    bad(rd, "", name, "needs days from <= to, YYYY-MM-DD");
  return p;
}

/* The settings, over the defaults; the table names the groups and keys. */
static void rd_config(Reader *rd, const cJSON *o, AnConfig *c)
{
  guint n;
  const AnConfigKey *keys = an_config_keys(&n);
  an_config_init(c);
  for (guint i = 0; i < n; i++) {
    const cJSON *v = member(member(o, keys[i].group), keys[i].key);
    if (v == NULL || cJSON_IsNull(v))
      continue;
    if (!cJSON_IsNumber(v)) {
      bad(rd, keys[i].group, keys[i].key, "must be a number");
      return;
    }
    an_config_set_value(c, &keys[i], v->valuedouble);
  }
}

/* The envelope's head: market, period, comparison, instant, settings. */
static void rd_head(Reader *rd, const cJSON *o, AnReportHead *h)
{
  const cJSON *market = member(o, "market"), *compare = member(o, "compare");
  const char *code = cJSON_GetStringValue(member(market, "code"));
  const char *as_of = cJSON_GetStringValue(member(o, "as_of"));
  guint ix = 0;
  h->ds = rd->ds;
  if (code == NULL || !an_dataset_add_market(rd->ds, code, rd_str(rd, market, "market", "name"),
                                             &ix, NULL)) {
    bad(rd, "market", "code", "must be a string");
    return;
  }
  h->market_code = an_dataset_market(rd->ds, ix)->code;
  h->market_name = an_dataset_market(rd->ds, ix)->name;
  h->query.market = ix;
  h->query.period = rd_period(rd, o, "period");
  if (compare != NULL && !cJSON_IsNull(compare)) {
    if (!an_compare_parse(cJSON_GetStringValue(member(compare, "mode")), &h->query.compare))
      bad(rd, "compare", "mode", "must be \"previous\" or \"last-year\"");
    h->query.compare_period = rd_period(rd, o, "compare");
  }
  if (as_of != NULL) {
    g_autoptr(GDateTime) t = g_date_time_new_from_iso8601(as_of, NULL);
    if (t == NULL)
      bad(rd, "", "as_of", "must be an ISO 8601 instant");
    else
      h->query.as_of_ms = g_date_time_to_unix(t) * 1000 + g_date_time_get_microsecond(t) / 1000;
  }
  rd_config(rd, member(o, "config"), &h->query.config);
}

/* score_parts: up to AN_SCORE_PARTS of {name, label, value, weight}. */
static void rd_parts(Reader *rd, const cJSON *row, AnScorePart parts[AN_SCORE_PARTS])
{
  const cJSON *item;
  guint i = 0;
  cJSON_ArrayForEach(item, member(row, "score_parts")) {
    if (i == AN_SCORE_PARTS) {
      bad(rd, "row", "score_parts", "too many parts");
      return;
    }
    const char *name = rd_str(rd, item, "score_parts", "name");
    const char *label = rd_str(rd, item, "score_parts", "label");
    AnRatio w = rd_ratio(rd, item, "score_parts", "weight");
    parts[i].name = name ? g_intern_string(name) : NULL;
    parts[i].label = label ? g_intern_string(label) : NULL;
    parts[i].value = rd_ratio(rd, item, "score_parts", "value");
    parts[i].weight = w.defined ? w.value : 0.0;
    i++;
  }
}

/* A line of the dataset by code, added (named after itself) when new. Transfer none. */
static const char *line_code(Reader *rd, const char *code)
{
  guint ix;
  if (!an_dataset_find_line(rd->ds, code, &ix)
      && !an_dataset_add_line(rd->ds, code, NULL, NULL, &ix, NULL))
    return NULL;
  return an_dataset_line(rd->ds, ix)->code;
}

/* The stall-head fields a store row and a stall row share; FALSE without a code. */
#define RD_STALL_HEAD(rd, j, row, last_sync)                                               \
  rd_stall_head(rd, j, last_sync, &(row)->stall, &(row)->code, &(row)->name, &(row)->rank, \
                &(row)->revenue, &(row)->prev_revenue, &(row)->growth, &(row)->receipts, \
                &(row)->avg_ticket_defined, &(row)->avg_ticket, &(row)->active_days)

/* See RD_STALL_HEAD: the stall is added to the dataset, which owns its names. */
static gboolean rd_stall_head(Reader *rd, const cJSON *j, int64_t last_sync, guint *stall,
                              const char **code, const char **name, guint *rank,
                              int64_t *revenue, int64_t *prev_revenue, AnRatio *growth,
                              int64_t *receipts, gboolean *avg_defined, int64_t *avg,
                              guint *active_days)
{
  const char *c = cJSON_GetStringValue(member(j, "stall"));
  const AnMarket *m = an_dataset_market(rd->ds, 0);
  if (c == NULL || !an_dataset_add_stall(rd->ds, c, rd_str(rd, j, "row", "name"), m->code,
                                         last_sync, stall, NULL)) {
    bad(rd, "row", "stall", "must be a string, once a report");
    return FALSE;
  }
  *code = an_dataset_stall(rd->ds, *stall)->code;
  *name = an_dataset_stall(rd->ds, *stall)->name;
  *rank = (guint)rd_int(rd, j, "row", "rank");
  *revenue = rd_int(rd, j, "row", "revenue");
  *prev_revenue = rd_int(rd, j, "row", "prev_revenue");
  *growth = rd_ratio(rd, j, "row", "growth");
  *receipts = rd_int(rd, j, "row", "receipts");
  *avg_defined = cJSON_IsNumber(member(j, "avg_ticket"));
  *avg = rd_int(rd, j, "row", "avg_ticket");
  *active_days = (guint)rd_int(rd, j, "row", "active_days");
  return TRUE;
}

/* Every report opens alike: its head, then the totals' revenue, prev_revenue and growth
** (in that order, so the first bad field named is the same).  Returns the totals. */
static const cJSON *rd_head_totals(Reader *rd, const cJSON *o, AnReportHead *h,
                                   int64_t *revenue, int64_t *prev_revenue, AnRatio *growth)
{
  const cJSON *t = member(o, "totals");
  rd_head(rd, o, h);
  *revenue = rd_int(rd, t, "totals", "revenue");
  *prev_revenue = rd_int(rd, t, "totals", "prev_revenue");
  *growth = rd_ratio(rd, t, "totals", "growth");
  return t;
}

/* The rows array, required; each row read by read_row into rows until the first error.
** One loop for the three reports, whose rows differ only in their reader. */
static void rd_rows(Reader *rd, const cJSON *o, GPtrArray *rows,
                    gpointer (*read_row)(Reader *rd, const cJSON *j))
{
  const cJSON *arr = member(o, "rows"), *j;
  if (!cJSON_IsArray(arr))
    bad(rd, "", "rows", "must be an array");
  cJSON_ArrayForEach(j, arr) {
    if (rd->failed)
      break;
    g_ptr_array_add(rows, read_row(rd, j));
  }
}

/* ---- Lines ----------------------------------------------------------------- */

/* Rows own only their explanations, as the measures' do. */
static void line_row_free(gpointer p)
{
  AnLineRow *r = p;
  g_ptr_array_unref(r->explain);
  g_free(r);
}

/* The verdict by its pinned name. */
static AnVerdict rd_verdict(Reader *rd, const cJSON *j)
{
  const char *name = rd_str(rd, j, "row", "verdict");
  for (int v = AN_VERDICT_COMPETITIVE; name && v <= AN_VERDICT_ERODING; v++)
    if (strcmp(name, an_verdict_name((AnVerdict)v)) == 0)
      return (AnVerdict)v;
  bad(rd, "row", "verdict", "must be a verdict name");
  return AN_VERDICT_MINOR;
}

/* One line row; the line joins the dataset with its Korean name. */
static gpointer rd_line_row(Reader *rd, const cJSON *j)
{
  const char *code = cJSON_GetStringValue(member(j, "line"));
  AnLineRow *l = g_new0(AnLineRow, 1);
  l->explain = rd_strings(rd, j, "row", "explain");
  if (code == NULL || !an_dataset_add_line(rd->ds, code, rd_str(rd, j, "row", "name"), NULL,
                                           &l->line, NULL)) {
    bad(rd, "row", "line", "must be a string, once a report");
    return l;
  }
  l->code = an_dataset_line(rd->ds, l->line)->code;
  l->name = an_dataset_line(rd->ds, l->line)->name_ko;
  l->rank = (guint)rd_int(rd, j, "row", "rank");
  l->revenue = rd_int(rd, j, "row", "revenue");
  l->prev_revenue = rd_int(rd, j, "row", "prev_revenue");
  l->share = rd_ratio(rd, j, "row", "share");
  l->growth = rd_ratio(rd, j, "row", "growth");
  l->lq = rd_ratio(rd, j, "row", "lq");
  l->stalls = (guint)rd_int(rd, j, "row", "stalls");
  l->hhi = rd_ratio(rd, j, "row", "hhi");
  l->penetration = rd_ratio(rd, j, "row", "penetration");
  l->price_index = rd_ratio(rd, j, "row", "price_index");
  l->score = rd_ratio(rd, j, "row", "score");
  l->verdict = rd_verdict(rd, j);
  l->above_floor = rd_bool(rd, j, "row", "above_floor");
  l->confidence = rd_ratio(rd, j, "row", "confidence");
  l->fragile = rd_bool(rd, j, "row", "fragile");
  l->city_share = rd_ratio(rd, j, "row", "city_share");
  l->city_growth = rd_ratio(rd, j, "row", "city_growth");
  l->qty_milli = rd_int(rd, j, "row", "qty_milli");
  l->receipts = rd_int(rd, j, "row", "receipts");
  const cJSON *ss = member(j, "shift_share");
  l->shift_defined = cJSON_IsObject(ss);
  l->national = rd_int(rd, ss, "shift_share", "national");
  l->industry_mix = rd_int(rd, ss, "shift_share", "industry_mix");
  l->competitive = rd_int(rd, ss, "shift_share", "competitive");
  rd_parts(rd, j, l->parts);
  return l;
}

/* The lines report: totals and rows. */
static AnLinesReport *rd_lines(Reader *rd, const cJSON *o)
{
  AnLinesReport *r = g_new0(AnLinesReport, 1);
  r->rows = g_ptr_array_new_with_free_func(line_row_free);
  const cJSON *t = rd_head_totals(rd, o, &r->head, &r->revenue, &r->prev_revenue, &r->growth);
  r->receipts = rd_int(rd, t, "totals", "receipts");
  r->city_revenue = rd_int(rd, t, "totals", "city_revenue");
  r->city_prev_revenue = rd_int(rd, t, "totals", "city_prev_revenue");
  r->city_growth = rd_ratio(rd, t, "totals", "city_growth");
  r->city_markets = (guint)rd_int(rd, t, "totals", "city_markets");
  rd_rows(rd, o, r->rows, rd_line_row);
  return r;
}

/* ---- Stores ----------------------------------------------------------------- */

/* Rows own only their explanations. */
static void store_row_free(gpointer p)
{
  AnStoreRow *r = p;
  g_ptr_array_unref(r->explain);
  g_free(r);
}

/* One store row; its main line joins the dataset (the envelope has no name for it). */
static gpointer rd_store_row(Reader *rd, const cJSON *j)
{
  AnStoreRow *s = g_new0(AnStoreRow, 1);
  s->explain = rd_strings(rd, j, "row", "explain");
  if (!RD_STALL_HEAD(rd, j, s, -1))
    return s;
  const char *abc = rd_str(rd, j, "row", "abc");
  const char *main_line = rd_str(rd, j, "row", "main_line");
  s->stability = rd_ratio(rd, j, "row", "stability");
  s->score = rd_ratio(rd, j, "row", "score");
  if (abc == NULL || strlen(abc) != 1 || abc[0] < 'A' || abc[0] > 'C')
    bad(rd, "row", "abc", "must be \"A\", \"B\" or \"C\"");
  s->abc = abc && abc[0] >= 'A' && abc[0] <= 'C' ? abc[0] : 'C';
  s->core = rd_bool(rd, j, "row", "core");
  s->confidence = rd_ratio(rd, j, "row", "confidence");
  s->fragile = rd_bool(rd, j, "row", "fragile");
  s->sole_seller = rd_bool(rd, j, "row", "sole_seller");
  s->main_line = main_line ? line_code(rd, main_line) : NULL;
  s->relative_share = rd_ratio(rd, j, "row", "relative_share");
  s->competitive_weight = rd_ratio(rd, j, "row", "competitive_weight");
  rd_parts(rd, j, s->parts);
  return s;
}

/* The stores report: totals with the competitive lines, and rows. */
static AnStoresReport *rd_stores(Reader *rd, const cJSON *o)
{
  AnStoresReport *r = g_new0(AnStoresReport, 1);
  r->rows = g_ptr_array_new_with_free_func(store_row_free);
  r->competitive_lines = g_ptr_array_new();
  const cJSON *t = rd_head_totals(rd, o, &r->head, &r->revenue, &r->prev_revenue, &r->growth);
  g_autoptr(GPtrArray) lines = rd_strings(rd, t, "totals", "competitive_lines");
  for (guint i = 0; i < lines->len && !rd->failed; i++)
    g_ptr_array_add(r->competitive_lines, (gpointer)line_code(rd, lines->pdata[i]));
  rd_rows(rd, o, r->rows, rd_store_row);
  return r;
}

/* ---- Stalls ----------------------------------------------------------------- */

/* Rows own their series and explanations. */
static void stall_row_free(gpointer p)
{
  AnStallRow *r = p;
  g_array_unref(r->daily);
  g_array_unref(r->payment);
  g_ptr_array_unref(r->explain);
  g_free(r);
}

/* An array of integers into v[0..n) exactly; a shorter or longer one is refused. */
static void rd_ints(Reader *rd, const cJSON *arr, const char *name, int64_t *v, guint n)
{
  const cJSON *item;
  guint i = 0;
  if (!cJSON_IsArray(arr) || (guint)cJSON_GetArraySize(arr) != n) {
    bad(rd, "series", name, "must be an array of the documented length");
    return;
  }
  cJSON_ArrayForEach(item, arr) {
    if (!wire_json_int(item, -INT_WIRE, INT_WIRE, &v[i++]))
      bad(rd, "series", name, "must hold integers");
  }
}

/* daily {"from","to","revenue":[..],"receipts":[..]}: one point a day from "from". */
static GArray *rd_daily(Reader *rd, const cJSON *d)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(AnDailyPoint));
  AnDay from = 0;
  const cJSON *rev = member(d, "revenue");
  guint n = cJSON_IsArray(rev) ? (guint)cJSON_GetArraySize(rev) : 0;
  if (d == NULL || (n > 0 && !an_day_parse(cJSON_GetStringValue(member(d, "from")), &from))) {
    bad(rd, "", "daily", "needs from, revenue and receipts");
    return a;
  }
  g_autofree int64_t *r = g_new0(int64_t, n + 1);
  g_autofree int64_t *c = g_new0(int64_t, n + 1);
  rd_ints(rd, rev, "revenue", r, n);
  rd_ints(rd, member(d, "receipts"), "receipts", c, n);
  for (guint i = 0; i < n; i++) {
    AnDailyPoint p = { from + (AnDay)i, r[i], c[i] };
    g_array_append_val(a, p);
  }
  return a;
}

/* heatmap {"revenue": 7 x [24], "receipts": 7 x [24]}, Monday first. */
static void rd_heatmap(Reader *rd, const cJSON *h, int64_t rev[AN_WEEKDAYS][AN_HOURS],
                       int64_t rcpt[AN_WEEKDAYS][AN_HOURS])
{
  const cJSON *r = member(h, "revenue"), *c = member(h, "receipts");
  if (cJSON_GetArraySize(r) != AN_WEEKDAYS || cJSON_GetArraySize(c) != AN_WEEKDAYS) {
    bad(rd, "", "heatmap", "needs 7 weekdays of revenue and receipts");
    return;
  }
  for (int d = 0; d < AN_WEEKDAYS; d++) {
    rd_ints(rd, cJSON_GetArrayItem(r, d), "revenue", rev[d], AN_HOURS);
    rd_ints(rd, cJSON_GetArrayItem(c, d), "receipts", rcpt[d], AN_HOURS);
  }
}

/* payment [{method, amount, share}]: methods join the dataset, which owns them. */
static GArray *rd_payment(Reader *rd, const cJSON *j)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(AnTenderShare));
  const cJSON *item;
  cJSON_ArrayForEach(item, member(j, "payment")) {
    const char *method = cJSON_GetStringValue(member(item, "method"));
    if (method == NULL) {
      bad(rd, "payment", "method", "must be a string");
      break;
    }
    guint ix = an_dataset_method(rd->ds, method);
    AnTenderShare t = { g_ptr_array_index(rd->ds->methods, ix),
                        rd_int(rd, item, "payment", "amount"),
                        rd_ratio(rd, item, "payment", "share") };
    g_array_append_val(a, t);
  }
  return a;
}

/* One stall row; last_sync_ms null means never (-1). */
static gpointer rd_stall_row(Reader *rd, const cJSON *j)
{
  AnStallRow *s = g_new0(AnStallRow, 1);
  const cJSON *sync = member(j, "last_sync_ms");
  int64_t last = cJSON_IsNull(sync) || sync == NULL ? -1 : rd_int(rd, j, "row", "last_sync_ms");
  s->explain = rd_strings(rd, j, "row", "explain");
  s->daily = rd_daily(rd, member(j, "daily"));
  s->payment = rd_payment(rd, j);
  if (!RD_STALL_HEAD(rd, j, s, last))
    return s;
  s->last_sync_ms = last;
  s->percentile = rd_ratio(rd, j, "row", "percentile");
  s->onnuri_share = rd_ratio(rd, j, "row", "onnuri_share");
  s->onnuri_flag = rd_bool(rd, j, "row", "onnuri_flag");
  s->stale = rd_bool(rd, j, "row", "stale");
  rd_heatmap(rd, member(j, "heatmap"), s->heat_revenue, s->heat_receipts);
  return s;
}

/* The stalls report: the market's totals and series, and rows. */
static AnStallsReport *rd_stalls(Reader *rd, const cJSON *o)
{
  AnStallsReport *r = g_new0(AnStallsReport, 1);
  r->rows = g_ptr_array_new_with_free_func(stall_row_free);
  const cJSON *t = rd_head_totals(rd, o, &r->head, &r->revenue, &r->prev_revenue, &r->growth);
  r->receipts = rd_int(rd, t, "totals", "receipts");
  r->onnuri_share = rd_ratio(rd, t, "totals", "onnuri_share");
  r->daily = rd_daily(rd, member(t, "daily"));
  rd_heatmap(rd, member(t, "heatmap"), r->heat_revenue, r->heat_receipts);
  rd_rows(rd, o, r->rows, rd_stall_row);
  return r;
}

/* ---- The envelope ------------------------------------------------------------ */

/* The report's kind by its "report" member; the one report of that kind; the summary. */
gboolean wire_report_from_json(const cJSON *o, WireReport *out, GError **error)
{
  Reader rd = { error, FALSE, an_dataset_new() };
  const char *kind = cJSON_GetStringValue(member(o, "report"));
  memset(out, 0, sizeof *out);
  if (kind && strcmp(kind, "lines") == 0) {
    out->kind = WIRE_REPORT_LINES;
    out->lines = rd_lines(&rd, o);
  } else if (kind && strcmp(kind, "stores") == 0) {
    out->kind = WIRE_REPORT_STORES;
    out->stores = rd_stores(&rd, o);
  } else if (kind && strcmp(kind, "stalls") == 0) {
    out->kind = WIRE_REPORT_STALLS;
    out->stalls = rd_stalls(&rd, o);
  } else {
    an_dataset_unref(rd.ds);
    bad(&rd, "", "report", "must be \"lines\", \"stores\" or \"stalls\"");
    return FALSE;
  }
  out->summary = rd_strings(&rd, o, "", "summary");
  if (rd.failed) {
    wire_report_clear(out);
    return FALSE;
  }
  return TRUE;
}

/* Parses a body strictly (wire_json_parse_object), then wire_report_from_json. */
gboolean wire_report_parse(const char *body, gsize len, WireReport *out, GError **error)
{
  g_autoptr(cJSON) o = wire_json_parse_object(body, len, error);
  if (o == NULL) {
    memset(out, 0, sizeof *out);
    return FALSE;
  }
  return wire_report_from_json(o, out, error);
}

/* The head of whichever report it holds. Transfer none. */
const AnReportHead *wire_report_head(const WireReport *r)
{
  return r->lines ? &r->lines->head : r->stores ? &r->stores->head : &r->stalls->head;
}

/* The report (and through it the dataset) and the summary. */
void wire_report_clear(WireReport *r)
{
  g_clear_pointer(&r->lines, an_lines_report_free);
  g_clear_pointer(&r->stores, an_stores_report_free);
  g_clear_pointer(&r->stalls, an_stalls_report_free);
  g_clear_pointer(&r->summary, g_ptr_array_unref);
}
