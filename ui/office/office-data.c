/*
** office-data.c: the hub's JSON into the office's structs (see office-data.h).
**
** The parsers are lenient about what they do not need and strict about
** what the screen stands on: a body that is not a JSON object, or a report
** without its "rows" array, is a PARSE error (the hub is not the one the
** protocol describes, or a proxy answered); a missing figure is undefined.
** Money arrives as JSON integers, which cJSON keeps as doubles: exact up to
** 2^53 won, far beyond any market.
*/
#include "mb-csv.h"
#include "office-data.h"
#include "ui-i18n.h"
#include "an-data.h"
#include "wire-codec.h"
#include <string.h>

G_DEFINE_QUARK(office-error-quark, office_error)

/* ---- JSON helpers ------------------------------------------------------------ */

/* A member of o (NULL-safe), or NULL. */
static const cJSON *member(const cJSON *o, const char *name)
{
  return o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
}

/* A string member as a copy, or NULL when absent or null. */
static char *dup_str(const cJSON *o, const char *name)
{
  const cJSON *v = member(o, name);
  return cJSON_IsString(v) ? g_strdup(v->valuestring) : NULL;
}

/* Any integer the wire reads exactly (below 2^53). */
#define INT_WIRE (G_GINT64_CONSTANT(1) << 53)

/* An integer member (won, counts); 0 when absent, null or not an integer. */
static int64_t get_int(const cJSON *o, const char *name)
{
  int64_t v = 0;
  wire_json_get_int(o, name, -INT_WIRE, INT_WIRE, &v);
  return v;
}

/* A ratio member: undefined when absent or null. */
static OfficeRatio get_ratio(const cJSON *o, const char *name)
{
  const cJSON *v = member(o, name);
  OfficeRatio r = {0.0, FALSE};
  if (cJSON_IsNumber(v)) {
    r.value = v->valuedouble;
    r.defined = TRUE;
  }
  return r;
}

/* A flag member; absent means FALSE. */
static gboolean get_bool(const cJSON *o, const char *name)
{
  return cJSON_IsTrue(member(o, name));
}

/* An array of strings as a GStrv (never NULL: empty when absent). */
static GStrv get_strv(const cJSON *o, const char *name)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new();
  const cJSON *item;
  cJSON_ArrayForEach(item, member(o, name)) {
    if (cJSON_IsString(item))
      g_strv_builder_add(b, item->valuestring);
  }
  return g_strv_builder_end(b);
}

/* An array of integers as a GArray of int64_t. */
static GArray *get_int_array(const cJSON *o, const char *name)
{
  const cJSON *arr = member(o, name), *item;
  GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(int64_t),
                                (guint)MAX(0, cJSON_GetArraySize(arr)));
  cJSON_ArrayForEach(item, arr) {
    int64_t v = 0;
    wire_json_int(item, -INT_WIRE, INT_WIRE, &v);
    g_array_append_val(a, v);
  }
  return a;
}

/* The body as a JSON object, or a PARSE error naming what was expected. */
static cJSON *parse_object(GBytes *body, const char *what, GError **error)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data(body, &len) : NULL;
  cJSON *o = data ? cJSON_ParseWithLength(data, len) : NULL;
  if (o == NULL || !cJSON_IsObject(o)) {
    cJSON_Delete(o);
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the hub's %s is not a JSON object",
                what);
    return NULL;
  }
  return o;
}

/* The "rows" array every report has; a PARSE error without it. */
static const cJSON *report_rows(const cJSON *root, const char *what, GError **error)
{
  const cJSON *rows = member(root, "rows");
  if (!cJSON_IsArray(rows)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the %s report has no rows", what);
    return NULL;
  }
  return rows;
}

/* The report's market, period, comparison and summary. */
static void parse_head(const cJSON *root, OfficeHead *h)
{
  const cJSON *market = member(root, "market"), *period = member(root, "period");
  const cJSON *compare = member(root, "compare");
  h->market_code = dup_str(market, "code");
  h->market_name = dup_str(market, "name");
  h->from = dup_str(period, "from");
  h->to = dup_str(period, "to");
  h->days = (int)get_int(period, "days");
  if (cJSON_IsObject(compare)) {
    h->compare_from = dup_str(compare, "from");
    h->compare_to = dup_str(compare, "to");
  }
  h->summary = get_strv(root, "summary");
  h->fetched_ms = g_get_real_time() / 1000;
}

/* The head's strings go with the report that holds it. */
static void head_clear(OfficeHead *h)
{
  g_free(h->market_code);
  g_free(h->market_name);
  g_free(h->from);
  g_free(h->to);
  g_free(h->compare_from);
  g_free(h->compare_to);
  g_strfreev(h->summary);
}

/* A score part's strings, freed by its GArray. */
static void score_part_clear(gpointer p)
{
  OfficeScorePart *part = p;
  g_free(part->name);
  g_free(part->label);
}

/* score_parts [{name, label, value, weight}] as a GArray of OfficeScorePart. */
static GArray *parse_parts(const cJSON *row)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(OfficeScorePart));
  g_array_set_clear_func(a, score_part_clear);
  const cJSON *item;
  cJSON_ArrayForEach(item, member(row, "score_parts")) {
    OfficeScorePart p = {dup_str(item, "name"), dup_str(item, "label"),
                         get_ratio(item, "value"), 0.0};
    OfficeRatio w = get_ratio(item, "weight");
    p.weight = w.defined ? w.value : 0.0;
    g_array_append_val(a, p);
  }
  return a;
}

/* ---- Markets and taxonomy -------------------------------------------------------------- */

/* For the market list's GPtrArray. */
void office_market_free(OfficeMarket *m)
{
  if (m == NULL)
    return;
  g_free(m->code);
  g_free(m->name);
  g_free(m);
}

/* Only markets with a code are kept; a missing name shows the code. */
GPtrArray *office_parse_markets(GBytes *body, GError **error)
{
  g_autoptr(cJSON) root = parse_object(body, "market list", error);
  const cJSON *arr = member(root, "markets"), *item;
  if (root == NULL)
    return NULL;
  if (!cJSON_IsArray(arr)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the market list has no markets");
    return NULL;
  }
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)office_market_free);
  cJSON_ArrayForEach(item, arr) {
    char *code = dup_str(item, "code");
    if (code == NULL)
      continue;
    OfficeMarket *m = g_new0(OfficeMarket, 1);
    m->code = code;
    m->name = dup_str(item, "name");
    if (m->name == NULL)
      m->name = g_strdup(code);
    m->stalls = (int)get_int(item, "stalls");
    g_ptr_array_add(out, m);
  }
  return out;
}

struct _OfficeTaxonomy {
  GHashTable *ko, *en;              /* code -> name */
};

/* The taxonomy's tables are freed with its last reference. */
static void taxonomy_clear(gpointer p)
{
  OfficeTaxonomy *t = p;
  g_hash_table_unref(t->ko);
  g_hash_table_unref(t->en);
}

/* Both languages are kept, the UI picks one at display time. */
OfficeTaxonomy *office_parse_taxonomy(GBytes *body, GError **error)
{
  g_autoptr(cJSON) root = parse_object(body, "taxonomy", error);
  if (root == NULL)
    return NULL;
  g_autoptr(GError) bad = NULL;
  g_autoptr(GPtrArray) lines = wire_taxonomy_from_json(root, &bad);
  if (lines == NULL) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the hub's taxonomy: %s",
                bad->message);
    return NULL;
  }
  OfficeTaxonomy *t = g_atomic_rc_box_new0(OfficeTaxonomy);
  t->ko = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->en = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < lines->len; i++) {
    const WireLine *l = g_ptr_array_index(lines, i);
    g_hash_table_replace(t->ko, g_strdup(l->code), g_strdup(l->name_ko));
    g_hash_table_replace(t->en, g_strdup(l->code), g_strdup(l->name_en));
  }
  return t;
}

/* Shared between the model and the jobs in flight. */
OfficeTaxonomy *office_taxonomy_ref(OfficeTaxonomy *t)
{
  return g_atomic_rc_box_acquire(t);
}

/* The tables go with the last reference. */
void office_taxonomy_unref(OfficeTaxonomy *t)
{
  if (t)
    g_atomic_rc_box_release_full(t, taxonomy_clear);
}

/* An unknown code shows as itself rather than as nothing. */
const char *office_taxonomy_name(const OfficeTaxonomy *t, const char *code)
{
  const char *name = NULL;
  if (t == NULL || code == NULL)
    return code;
  if (!ui_i18n_korean())
    name = g_hash_table_lookup(t->en, code);
  if (name == NULL)
    name = g_hash_table_lookup(t->ko, code);
  return name ? name : code;
}

/* ---- Overview ----------------------------------------------------------------------------- */

/* For the overview's GPtrArray. */
static void stall_free(gpointer p)
{
  OfficeStall *s = p;
  g_free(s->code);
  g_free(s->name);
  g_free(s->first_day);
  g_clear_pointer(&s->daily_revenue, g_array_unref);
  g_clear_pointer(&s->daily_receipts, g_array_unref);
  g_clear_pointer(&s->payment, g_array_unref);
  g_strfreev(s->explain);
  g_free(s);
}

/* A payment's method string, freed by its GArray. */
static void payment_clear(gpointer p)
{
  g_free(((OfficePayment *)p)->method);
}

/* A stall of the registry the report does not list: no figures, no series. */
static OfficeStall *stall_new(const char *code, const char *name)
{
  OfficeStall *s = g_new0(OfficeStall, 1);
  s->code = g_strdup(code);
  s->name = g_strdup(name ? name : code);
  s->last_sync_ms = -1;
  s->daily_revenue = g_array_new(FALSE, FALSE, sizeof(int64_t));
  s->daily_receipts = g_array_new(FALSE, FALSE, sizeof(int64_t));
  s->payment = g_array_new(FALSE, TRUE, sizeof(OfficePayment));
  g_array_set_clear_func(s->payment, payment_clear);
  s->explain = g_new0(char *, 1);
  return s;
}

/* "heatmap": {"revenue": [[24 x int] x 7]} into heat. */
static void parse_heat(const cJSON *heatmap, int64_t heat[OFFICE_WEEKDAYS][OFFICE_HOURS])
{
  const cJSON *rows = member(heatmap, "revenue");
  for (int d = 0; d < OFFICE_WEEKDAYS; d++) {
    const cJSON *row = cJSON_GetArrayItem(rows, d);
    for (int h = 0; h < OFFICE_HOURS; h++) {
      const cJSON *v = cJSON_GetArrayItem(row, h);
      heat[d][h] = cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
    }
  }
}

/* One row of the stalls report. */
static OfficeStall *parse_stall_row(const cJSON *row)
{
  g_autofree char *code = dup_str(row, "stall"), *name = dup_str(row, "name");
  if (code == NULL)
    return NULL;
  OfficeStall *s = stall_new(code, name);
  s->rank = (guint)get_int(row, "rank");
  s->revenue = get_int(row, "revenue");
  s->prev_revenue = get_int(row, "prev_revenue");
  s->receipts = get_int(row, "receipts");
  s->growth = get_ratio(row, "growth");
  s->percentile = get_ratio(row, "percentile");
  s->onnuri_share = get_ratio(row, "onnuri_share");
  s->onnuri_flag = get_bool(row, "onnuri_flag");
  s->avg_ticket_defined = cJSON_IsNumber(member(row, "avg_ticket"));
  s->avg_ticket = get_int(row, "avg_ticket");
  s->active_days = (guint)get_int(row, "active_days");
  if (cJSON_IsNumber(member(row, "last_sync_ms")) && get_int(row, "last_sync_ms") > 0)
    s->last_sync_ms = get_int(row, "last_sync_ms");
  const cJSON *daily = member(row, "daily"), *item;
  s->first_day = dup_str(daily, "from");
  g_array_unref(s->daily_revenue);
  g_array_unref(s->daily_receipts);
  s->daily_revenue = get_int_array(daily, "revenue");
  s->daily_receipts = get_int_array(daily, "receipts");
  parse_heat(member(row, "heatmap"), s->heat);
  cJSON_ArrayForEach(item, member(row, "payment")) {
    OfficePayment p = {dup_str(item, "method"), get_int(item, "amount"),
                       get_ratio(item, "share")};
    if (p.method)
      g_array_append_val(s->payment, p);
  }
  g_strfreev(s->explain);
  s->explain = get_strv(row, "explain");
  return s;
}

/* The registry's sync times win; its stalls missing from the report are added. */
static void merge_registry(OfficeOverview *o, const cJSON *registry)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new(g_str_hash, g_str_equal);
  const cJSON *item;
  for (guint i = 0; i < o->stalls->len; i++) {
    OfficeStall *s = o->stalls->pdata[i];
    g_hash_table_insert(by_code, s->code, s);
  }
  cJSON_ArrayForEach(item, member(registry, "stalls")) {
    const cJSON *code = member(item, "code");
    if (!cJSON_IsString(code))
      continue;
    OfficeStall *s = g_hash_table_lookup(by_code, code->valuestring);
    if (s == NULL) {
      g_autofree char *name = dup_str(item, "name");
      s = stall_new(code->valuestring, name);
      g_ptr_array_add(o->stalls, s);
      g_hash_table_insert(by_code, s->code, s);
    }
    int64_t ms = get_int(item, "last_sync_ms");
    s->last_sync_ms = ms > 0 ? ms : -1;
  }
}

/* The hub's settings the overview shows (flag share, stale days). */
static void parse_stalls_config(OfficeOverview *o, const cJSON *root)
{
  const cJSON *stalls = member(member(root, "config"), "stalls");
  OfficeRatio flag = get_ratio(stalls, "onnuri_flag_share");
  int64_t stale = get_int(stalls, "stale_days");
  o->onnuri_flag_share = flag.defined ? flag.value : 0.6;
  o->stale_days = stale > 0 ? (int)stale : 3;
}

/* A report without rows is an error; the previous period and the registry are optional. */
OfficeOverview *office_parse_overview(GBytes *report, GBytes *prev, GBytes *registry,
                                      GError **error)
{
  g_autoptr(cJSON) root = parse_object(report, "stalls report", error);
  g_autoptr(cJSON) prev_root = NULL, reg_root = NULL;
  const cJSON *rows = root ? report_rows(root, "stalls", error) : NULL, *row;
  if (rows == NULL)
    return NULL;
  if (prev && (prev_root = parse_object(prev, "previous period's report", error)) == NULL)
    return NULL;
  if (registry && (reg_root = parse_object(registry, "stall registry", error)) == NULL)
    return NULL;
  g_autoptr(OfficeOverview) o = g_atomic_rc_box_new0(OfficeOverview);
  o->stalls = g_ptr_array_new_with_free_func(stall_free);
  parse_head(root, &o->head);
  const cJSON *totals = member(root, "totals");
  o->revenue = get_int(totals, "revenue");
  o->prev_revenue = get_int(totals, "prev_revenue");
  o->receipts = get_int(totals, "receipts");
  o->growth = get_ratio(totals, "growth");
  o->onnuri_share = get_ratio(totals, "onnuri_share");
  parse_stalls_config(o, root);
  if (prev_root) {
    o->prev_known = TRUE;
    o->prev_receipts = get_int(member(prev_root, "totals"), "receipts");
  }
  cJSON_ArrayForEach(row, rows) {
    OfficeStall *s = parse_stall_row(row);
    if (s)
      g_ptr_array_add(o->stalls, s);
  }
  if (reg_root)
    merge_registry(o, reg_root);
  return g_steal_pointer(&o);
}

/* The overview's head and stalls go with its last reference. */
static void overview_clear(gpointer p)
{
  OfficeOverview *o = p;
  head_clear(&o->head);
  g_clear_pointer(&o->stalls, g_ptr_array_unref);
}

/* A stall page holds the overview its row lives in. */
OfficeOverview *office_overview_ref(OfficeOverview *o)
{
  return g_atomic_rc_box_acquire(o);
}

/* Freed when neither the model nor a stall page holds it. */
void office_overview_unref(OfficeOverview *o)
{
  if (o)
    g_atomic_rc_box_release_full(o, overview_clear);
}

/* Stalls are few (hundreds): a scan is cheaper than a table. */
const OfficeStall *office_overview_find(const OfficeOverview *o, const char *code)
{
  for (guint i = 0; o && code && i < o->stalls->len; i++) {
    const OfficeStall *s = o->stalls->pdata[i];
    if (strcmp(s->code, code) == 0)
      return s;
  }
  return NULL;
}

/* ---- One stall ------------------------------------------------------------------------------ */

/* For the stall detail's lines. */
static void amount_free(gpointer p)
{
  OfficeAmount *a = p;
  g_free(a->code);
  g_free(a->name);
  g_free(a);
}

/* Largest first; equal amounts by code, so the order never flickers. */
static int amount_cmp(gconstpointer pa, gconstpointer pb)
{
  const OfficeAmount *a = *(OfficeAmount *const *)pa, *b = *(OfficeAmount *const *)pb;
  if (a->amount != b->amount)
    return a->amount > b->amount ? -1 : 1;
  return strcmp(a->code, b->code);
}

/* The stall must be in the overview: the summary alone has no series. */
OfficeStallDetail *office_parse_stall(OfficeOverview *overview, const char *code,
                                      GBytes *summary, const OfficeTaxonomy *taxonomy,
                                      GError **error)
{
  const OfficeStall *stall = office_overview_find(overview, code);
  if (stall == NULL) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "no stall %s in market %s",
                code ? code : "?", overview ? overview->head.market_code : "?");
    return NULL;
  }
  g_autoptr(cJSON) root = parse_object(summary, "stall summary", error);
  if (root == NULL)
    return NULL;
  OfficeStallDetail *d = g_atomic_rc_box_new0(OfficeStallDetail);
  d->overview = office_overview_ref(overview);
  d->stall = stall;
  d->head.market_code = g_strdup(overview->head.market_code);
  d->head.market_name = g_strdup(overview->head.market_name);
  d->head.from = dup_str(root, "from");
  d->head.to = dup_str(root, "to");
  d->head.days = overview->head.days;
  d->head.summary = g_new0(char *, 1);
  d->head.fetched_ms = g_get_real_time() / 1000;
  d->total = get_int(root, "total");
  d->receipts = get_int(root, "receipts");
  d->voids = get_int(root, "voids");
  d->refunds = get_int(root, "refunds");
  d->lines = g_ptr_array_new_with_free_func(amount_free);
  const cJSON *item;
  cJSON_ArrayForEach(item, member(root, "by_line")) {
    if (!cJSON_IsNumber(item) || item->string == NULL)
      continue;
    OfficeAmount *a = g_new0(OfficeAmount, 1);
    a->code = g_strdup(item->string);
    a->name = g_strdup(office_taxonomy_name(taxonomy, item->string));
    a->amount = (int64_t)item->valuedouble;
    g_ptr_array_add(d->lines, a);
  }
  g_ptr_array_sort(d->lines, amount_cmp);
  return d;
}

/* The detail's copy of its head, its lines and its hold on the overview. */
static void stall_detail_clear(gpointer p)
{
  OfficeStallDetail *d = p;
  head_clear(&d->head);
  g_clear_pointer(&d->lines, g_ptr_array_unref);
  office_overview_unref(d->overview);
}

/* Held by the model's slot and by an export in flight. */
OfficeStallDetail *office_stall_detail_ref(OfficeStallDetail *d)
{
  return g_atomic_rc_box_acquire(d);
}

/* Freed when neither the model nor an export holds it. */
void office_stall_detail_unref(OfficeStallDetail *d)
{
  if (d)
    g_atomic_rc_box_release_full(d, stall_detail_clear);
}

/* ---- Product lines ----------------------------------------------------------------------------- */

/* For the lines report's GPtrArray. */
static void line_free(gpointer p)
{
  OfficeLine *l = p;
  g_free(l->code);
  g_free(l->name);
  g_free(l->verdict);
  g_clear_pointer(&l->parts, g_array_unref);
  g_strfreev(l->explain);
  g_free(l);
}

/* One row of the lines report; the name in the UI's language when known. */
static OfficeLine *parse_line_row(const cJSON *row, const OfficeTaxonomy *taxonomy)
{
  char *code = dup_str(row, "line");
  if (code == NULL)
    return NULL;
  OfficeLine *l = g_new0(OfficeLine, 1);
  l->code = code;
  l->name = taxonomy ? g_strdup(office_taxonomy_name(taxonomy, code)) : dup_str(row, "name");
  if (l->name == NULL)
    l->name = g_strdup(code);
  l->rank = (guint)get_int(row, "rank");
  l->revenue = get_int(row, "revenue");
  l->prev_revenue = get_int(row, "prev_revenue");
  l->share = get_ratio(row, "share");
  l->growth = get_ratio(row, "growth");
  l->lq = get_ratio(row, "lq");
  l->hhi = get_ratio(row, "hhi");
  l->penetration = get_ratio(row, "penetration");
  l->price_index = get_ratio(row, "price_index");
  l->score = get_ratio(row, "score");
  l->city_share = get_ratio(row, "city_share");
  l->city_growth = get_ratio(row, "city_growth");
  l->stalls = (guint)get_int(row, "stalls");
  l->verdict = dup_str(row, "verdict");
  if (l->verdict == NULL)
    l->verdict = g_strdup("minor");
  l->above_floor = get_bool(row, "above_floor");
  const cJSON *shift = member(row, "shift_share");
  l->shift_defined = cJSON_IsObject(shift);
  l->national = get_int(shift, "national");
  l->industry_mix = get_int(shift, "industry_mix");
  l->competitive = get_int(shift, "competitive");
  l->parts = parse_parts(row);
  l->explain = get_strv(row, "explain");
  return l;
}

/* The lines report with the hub's cut-offs, for the chart's dashed line. */
OfficeLines *office_parse_lines(GBytes *report, const OfficeTaxonomy *taxonomy,
                                GError **error)
{
  g_autoptr(cJSON) root = parse_object(report, "lines report", error);
  const cJSON *rows = root ? report_rows(root, "lines", error) : NULL, *row;
  if (rows == NULL)
    return NULL;
  OfficeLines *l = g_atomic_rc_box_new0(OfficeLines);
  parse_head(root, &l->head);
  const cJSON *totals = member(root, "totals");
  const cJSON *cfg = member(member(root, "config"), "lines");
  OfficeRatio cut = get_ratio(cfg, "lq_competitive"), hhi = get_ratio(cfg, "hhi_high");
  l->revenue = get_int(totals, "revenue");
  l->prev_revenue = get_int(totals, "prev_revenue");
  l->growth = get_ratio(totals, "growth");
  l->city_growth = get_ratio(totals, "city_growth");
  l->lq_cut = cut.defined ? cut.value : 1.25;
  l->hhi_high = hhi.defined ? hhi.value : 1800;
  l->rows = g_ptr_array_new_with_free_func(line_free);
  cJSON_ArrayForEach(row, rows) {
    OfficeLine *line = parse_line_row(row, taxonomy);
    if (line)
      g_ptr_array_add(l->rows, line);
  }
  return l;
}

/* The report's head and rows go with its last reference. */
static void lines_clear(gpointer p)
{
  OfficeLines *l = p;
  head_clear(&l->head);
  g_clear_pointer(&l->rows, g_ptr_array_unref);
}

/* Held by the model's slot; atomically, as it is built in a worker. */
OfficeLines *office_lines_ref(OfficeLines *l)
{
  return g_atomic_rc_box_acquire(l);
}

/* Freed with the last reference. */
void office_lines_unref(OfficeLines *l)
{
  if (l)
    g_atomic_rc_box_release_full(l, lines_clear);
}

/* ---- Core stores --------------------------------------------------------------------------------- */

/* For the stores report's GPtrArray. */
static void store_free(gpointer p)
{
  OfficeStore *s = p;
  g_free(s->code);
  g_free(s->name);
  g_free(s->main_line);
  g_free(s->main_line_name);
  g_clear_pointer(&s->parts, g_array_unref);
  g_strfreev(s->explain);
  g_free(s);
}

/* One row of the stores report. */
static OfficeStore *parse_store_row(const cJSON *row, const OfficeTaxonomy *taxonomy)
{
  char *code = dup_str(row, "stall");
  if (code == NULL)
    return NULL;
  OfficeStore *s = g_new0(OfficeStore, 1);
  g_autofree char *abc = dup_str(row, "abc");
  s->code = code;
  s->name = dup_str(row, "name");
  if (s->name == NULL)
    s->name = g_strdup(code);
  s->rank = (guint)get_int(row, "rank");
  s->revenue = get_int(row, "revenue");
  s->prev_revenue = get_int(row, "prev_revenue");
  s->receipts = get_int(row, "receipts");
  s->growth = get_ratio(row, "growth");
  s->stability = get_ratio(row, "stability");
  s->score = get_ratio(row, "score");
  s->relative_share = get_ratio(row, "relative_share");
  s->competitive_weight = get_ratio(row, "competitive_weight");
  s->avg_ticket_defined = cJSON_IsNumber(member(row, "avg_ticket"));
  s->avg_ticket = get_int(row, "avg_ticket");
  s->active_days = (guint)get_int(row, "active_days");
  s->abc = abc && (abc[0] == 'A' || abc[0] == 'B') ? abc[0] : 'C';
  s->core = get_bool(row, "core");
  s->main_line = dup_str(row, "main_line");
  if (s->main_line)
    s->main_line_name = g_strdup(office_taxonomy_name(taxonomy, s->main_line));
  s->parts = parse_parts(row);
  s->explain = get_strv(row, "explain");
  return s;
}

/* The stores report, with the ABC classes counted for the chart. */
OfficeStores *office_parse_stores(GBytes *report, const OfficeTaxonomy *taxonomy,
                                  GError **error)
{
  g_autoptr(cJSON) root = parse_object(report, "stores report", error);
  const cJSON *rows = root ? report_rows(root, "stores", error) : NULL, *row;
  if (rows == NULL)
    return NULL;
  OfficeStores *s = g_atomic_rc_box_new0(OfficeStores);
  parse_head(root, &s->head);
  const cJSON *totals = member(root, "totals");
  int64_t top_n = get_int(member(member(root, "config"), "stores"), "top_n");
  s->revenue = get_int(totals, "revenue");
  s->prev_revenue = get_int(totals, "prev_revenue");
  s->growth = get_ratio(totals, "growth");
  s->competitive_lines = get_strv(totals, "competitive_lines");
  s->top_n = top_n > 0 ? (int)top_n : 2;
  s->rows = g_ptr_array_new_with_free_func(store_free);
  cJSON_ArrayForEach(row, rows) {
    OfficeStore *store = parse_store_row(row, taxonomy);
    if (store == NULL)
      continue;
    g_ptr_array_add(s->rows, store);
    s->abc_count[store->abc - 'A']++;
    s->abc_revenue[store->abc - 'A'] += store->revenue;
  }
  return s;
}

/* The report's head, competitive lines and rows go with its last reference. */
static void stores_clear(gpointer p)
{
  OfficeStores *s = p;
  head_clear(&s->head);
  g_strfreev(s->competitive_lines);
  g_clear_pointer(&s->rows, g_ptr_array_unref);
}

/* Held by the model's slot; atomically, as it is built in a worker. */
OfficeStores *office_stores_ref(OfficeStores *s)
{
  return g_atomic_rc_box_acquire(s);
}

/* Freed with the last reference. */
void office_stores_unref(OfficeStores *s)
{
  if (s)
    g_atomic_rc_box_release_full(s, stores_clear);
}

/* ---- CSV -------------------------------------------------------------------------------------------- */

/* The hub has no per-stall CSV of series, so the office writes one in its conventions. */
GBytes *office_stall_daily_csv(const OfficeStallDetail *d)
{
  const OfficeStall *s = d->stall;
  GString *out = g_string_new(MB_CSV_BOM "market,stall,name,day,revenue,receipts\r\n");
  AnDay first = 0;
  if (s->first_day == NULL || !an_day_parse(s->first_day, &first))
    return g_string_free_to_bytes(out);
  for (guint i = 0; i < s->daily_revenue->len; i++) {
    char iso[AN_DAY_ISO_LEN];
    int64_t receipts = i < s->daily_receipts->len
                         ? g_array_index(s->daily_receipts, int64_t, i) : 0;
    an_day_format(first + (AnDay)i, iso);
    mb_csv_append_cell(out, d->head.market_code ? d->head.market_code : "");
    g_string_append_c(out, ',');
    mb_csv_append_cell(out, s->code);
    g_string_append_c(out, ',');
    mb_csv_append_cell(out, s->name);
    g_string_append_printf(out, ",%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "\r\n", iso,
                           (gint64)g_array_index(s->daily_revenue, int64_t, i),
                           (gint64)receipts);
  }
  return g_string_free_to_bytes(out);
}
