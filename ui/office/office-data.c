/*
** office-data.c: the hub's JSON into the office's structs (see office-data.h).
**
** Reports are decoded by the wire (wire-report.h) into analytics' report
** types, which check every field: a body that is not a report envelope, or
** a field of the wrong type, is a PARSE error naming it (the hub is not the
** one the protocol describes, or a proxy answered).  The office then copies
** what its views show into its refcounted structs.  The registry and the
** market list are still read here (see "what is left" in the wire's notes).
*/
#include "mb-csv.h"
#include "office-data.h"
#include "ui-i18n.h"
#include "an-data.h"
#include "wire-report.h"
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

/*
** A report body through the wire's decoder (wire-report.h), which checks
** every field; a PARSE error names the report and the wire's complaint.
*/
static gboolean decode_report(GBytes *body, const char *what, WireReport *out, GError **error)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data(body, &len) : NULL;
  g_autoptr(GError) bad = NULL;
  if (!wire_report_parse(data, len, out, &bad)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the hub's %s: %s", what, bad->message);
    return FALSE;
  }
  return TRUE;
}

/* A decoded report of the wanted kind, or a PARSE error. */
static gboolean decode_kind(GBytes *body, WireReportKind kind, const char *what, WireReport *out,
                            GError **error)
{
  if (!decode_report(body, what, out, error))
    return FALSE;
  if (out->kind != kind) {
    wire_report_clear(out);
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the hub's %s is another report", what);
    return FALSE;
  }
  return TRUE;
}

/* Strings as a GStrv (never NULL). */
static GStrv strv_of(const GPtrArray *a)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new();
  for (guint i = 0; a && i < a->len; i++)
    g_strv_builder_add(b, g_ptr_array_index(a, i));
  return g_strv_builder_end(b);
}

/* A copy of an ISO day. */
static char *day_dup(AnDay d)
{
  char iso[AN_DAY_ISO_LEN];
  an_day_format(d, iso);
  return g_strdup(iso);
}

/* The report's market, period, comparison and the hub's summary. */
static void head_from(const WireReport *r, OfficeHead *h)
{
  const AnReportHead *a = wire_report_head(r);
  h->market_code = g_strdup(a->market_code);
  h->market_name = g_strdup(a->market_name);
  h->from = day_dup(a->query.period.from);
  h->to = day_dup(a->query.period.to);
  h->days = an_period_days(a->query.period);
  if (a->query.compare != AN_COMPARE_NONE) {
    h->compare_from = day_dup(a->query.compare_period.from);
    h->compare_to = day_dup(a->query.compare_period.to);
  }
  h->summary = strv_of(r->summary);
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

/* A score's parts as a GArray of OfficeScorePart. */
static GArray *parts_from(const AnScorePart *parts)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(OfficeScorePart));
  g_array_set_clear_func(a, score_part_clear);
  for (guint i = 0; i < AN_SCORE_PARTS && parts[i].name; i++) {
    OfficeScorePart p = {g_strdup(parts[i].name), g_strdup(parts[i].label),
                         {parts[i].value.value, parts[i].value.defined}, parts[i].weight};
    g_array_append_val(a, p);
  }
  return a;
}

/* An analytics ratio as the office keeps it. */
static OfficeRatio ratio(AnRatio r)
{
  OfficeRatio o = {r.value, r.defined};
  return o;
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

/* One row of the stalls report, decoded by the wire. */
static OfficeStall *stall_from(const AnStallRow *row)
{
  OfficeStall *s = stall_new(row->code, row->name);
  s->rank = row->rank;
  s->revenue = row->revenue;
  s->prev_revenue = row->prev_revenue;
  s->receipts = row->receipts;
  s->growth = ratio(row->growth);
  s->percentile = ratio(row->percentile);
  s->onnuri_share = ratio(row->onnuri_share);
  s->onnuri_flag = row->onnuri_flag;
  s->avg_ticket_defined = row->avg_ticket_defined;
  s->avg_ticket = row->avg_ticket;
  s->active_days = row->active_days;
  s->last_sync_ms = row->last_sync_ms > 0 ? row->last_sync_ms : -1;
  const AnDailyPoint *p = (const AnDailyPoint *)(const void *)row->daily->data;
  s->first_day = row->daily->len ? day_dup(p[0].day) : g_strdup("");
  for (guint i = 0; i < row->daily->len; i++) {
    g_array_append_val(s->daily_revenue, p[i].revenue);
    g_array_append_val(s->daily_receipts, p[i].receipts);
  }
  memcpy(s->heat, row->heat_revenue, sizeof s->heat);
  for (guint i = 0; i < row->payment->len; i++) {
    const AnTenderShare *t = &g_array_index(row->payment, AnTenderShare, i);
    OfficePayment pay = {g_strdup(t->method), t->amount, ratio(t->share)};
    g_array_append_val(s->payment, pay);
  }
  g_strfreev(s->explain);
  s->explain = strv_of(row->explain);
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

/* The receipts in the totals of a previous period's report (lines or stalls). */
static int64_t report_receipts(const WireReport *r)
{
  return r->lines ? r->lines->receipts : r->stalls ? r->stalls->receipts : 0;
}

/* A report without rows is an error; the previous period and the registry are optional. */
OfficeOverview *office_parse_overview(GBytes *report, GBytes *prev, GBytes *registry,
                                      GError **error)
{
  g_auto(WireReport) r = {0};
  g_auto(WireReport) prev_r = {0};
  g_autoptr(cJSON) reg_root = NULL;
  if (!decode_kind(report, WIRE_REPORT_STALLS, "stalls report", &r, error))
    return NULL;
  if (prev && !decode_report(prev, "previous period's report", &prev_r, error))
    return NULL;
  if (registry && (reg_root = parse_object(registry, "stall registry", error)) == NULL)
    return NULL;
  const AnStallsReport *t = r.stalls;
  g_autoptr(OfficeOverview) o = g_atomic_rc_box_new0(OfficeOverview);
  o->stalls = g_ptr_array_new_with_free_func(stall_free);
  head_from(&r, &o->head);
  o->revenue = t->revenue;
  o->prev_revenue = t->prev_revenue;
  o->receipts = t->receipts;
  o->growth = ratio(t->growth);
  o->onnuri_share = ratio(t->onnuri_share);
  o->onnuri_flag_share = t->head.query.config.onnuri_flag_share;
  o->stale_days = t->head.query.config.stale_days;
  if (prev) {
    o->prev_known = TRUE;
    o->prev_receipts = report_receipts(&prev_r);
  }
  for (guint i = 0; i < t->rows->len; i++)
    g_ptr_array_add(o->stalls, stall_from(g_ptr_array_index(t->rows, i)));
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
static OfficeLine *line_from(const AnLineRow *row, const OfficeTaxonomy *taxonomy)
{
  OfficeLine *l = g_new0(OfficeLine, 1);
  l->code = g_strdup(row->code);
  l->name = g_strdup(taxonomy ? office_taxonomy_name(taxonomy, row->code) : row->name);
  l->rank = row->rank;
  l->revenue = row->revenue;
  l->prev_revenue = row->prev_revenue;
  l->share = ratio(row->share);
  l->growth = ratio(row->growth);
  l->lq = ratio(row->lq);
  l->hhi = ratio(row->hhi);
  l->penetration = ratio(row->penetration);
  l->price_index = ratio(row->price_index);
  l->score = ratio(row->score);
  l->city_share = ratio(row->city_share);
  l->city_growth = ratio(row->city_growth);
  l->stalls = row->stalls;
  l->verdict = g_strdup(an_verdict_name(row->verdict));
  l->above_floor = row->above_floor;
  l->shift_defined = row->shift_defined;
  l->national = row->national;
  l->industry_mix = row->industry_mix;
  l->competitive = row->competitive;
  l->parts = parts_from(row->parts);
  l->explain = strv_of(row->explain);
  return l;
}

/* The lines report with the hub's cut-offs, for the chart's dashed line. */
OfficeLines *office_parse_lines(GBytes *report, const OfficeTaxonomy *taxonomy,
                                GError **error)
{
  g_auto(WireReport) r = {0};
  if (!decode_kind(report, WIRE_REPORT_LINES, "lines report", &r, error))
    return NULL;
  const AnLinesReport *t = r.lines;
  OfficeLines *l = g_atomic_rc_box_new0(OfficeLines);
  head_from(&r, &l->head);
  l->revenue = t->revenue;
  l->prev_revenue = t->prev_revenue;
  l->growth = ratio(t->growth);
  l->city_growth = ratio(t->city_growth);
  l->lq_cut = t->head.query.config.lq_competitive;
  l->hhi_high = t->head.query.config.hhi_high;
  l->rows = g_ptr_array_new_with_free_func(line_free);
  for (guint i = 0; i < t->rows->len; i++)
    g_ptr_array_add(l->rows, line_from(g_ptr_array_index(t->rows, i), taxonomy));
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
static OfficeStore *store_from(const AnStoreRow *row, const OfficeTaxonomy *taxonomy)
{
  OfficeStore *s = g_new0(OfficeStore, 1);
  s->code = g_strdup(row->code);
  s->name = g_strdup(row->name);
  s->rank = row->rank;
  s->revenue = row->revenue;
  s->prev_revenue = row->prev_revenue;
  s->receipts = row->receipts;
  s->growth = ratio(row->growth);
  s->stability = ratio(row->stability);
  s->score = ratio(row->score);
  s->relative_share = ratio(row->relative_share);
  s->competitive_weight = ratio(row->competitive_weight);
  s->avg_ticket_defined = row->avg_ticket_defined;
  s->avg_ticket = row->avg_ticket;
  s->active_days = row->active_days;
  s->abc = row->abc;
  s->core = row->core;
  s->main_line = g_strdup(row->main_line);
  if (s->main_line)
    s->main_line_name = g_strdup(office_taxonomy_name(taxonomy, s->main_line));
  s->parts = parts_from(row->parts);
  s->explain = strv_of(row->explain);
  return s;
}

/* The stores report, with the ABC classes counted for the chart. */
OfficeStores *office_parse_stores(GBytes *report, const OfficeTaxonomy *taxonomy,
                                  GError **error)
{
  g_auto(WireReport) r = {0};
  if (!decode_kind(report, WIRE_REPORT_STORES, "stores report", &r, error))
    return NULL;
  const AnStoresReport *t = r.stores;
  OfficeStores *s = g_atomic_rc_box_new0(OfficeStores);
  head_from(&r, &s->head);
  s->revenue = t->revenue;
  s->prev_revenue = t->prev_revenue;
  s->growth = ratio(t->growth);
  s->competitive_lines = strv_of(t->competitive_lines);
  s->top_n = t->head.query.config.top_n;
  s->rows = g_ptr_array_new_with_free_func(store_free);
  for (guint i = 0; i < t->rows->len; i++) {
    OfficeStore *store = store_from(g_ptr_array_index(t->rows, i), taxonomy);
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
