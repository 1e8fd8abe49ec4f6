/*
** office-data.c: the hub's JSON into the office's structs (see office-data.h).
**
** Reports are decoded by the wire (wire-report.h) into analytics' report
** types, which check every field: a body that is not a report envelope, or
** a field of the wrong type, is a PARSE error naming it (the hub is not the
** one the protocol describes, or a proxy answered).  The office keeps the
** decode as it is, in a refcounted OfficeReport, and its views read the
** analytics rows.  The market list, the stall registry and a stall's
** summary are decoded by the wire too (wire-codec.h: wire_markets_from_json,
** wire_market_stalls_from_json, wire_summary_from_json); the office only
** copies what it keeps and merges the registry into the overview.
*/
#include "mb-csv.h"
#include "office-data.h"
#include "ui-i18n.h"
#include "an-data.h"
#include "wire-report.h"
#include <string.h>

G_DEFINE_QUARK(office-error-quark, office_error)

/* ---- Bodies ----------------------------------------------------------------- */

/* The body as a JSON object (wire_json_parse_object), or a PARSE error naming what was expected. */
static cJSON *parse_object(GBytes *body, const char *what, GError **error)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data(body, &len) : NULL;
  cJSON *o = data ? wire_json_parse_object(data, len, NULL) : NULL;
  if (o == NULL)
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the hub's %s is not a JSON object",
                what);
  return o;
}

/* A wire decoder's complaint as the office's PARSE error about what. */
static void parse_error(GError **error, const char *what, const GError *bad)
{
  g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "the hub's %s: %s", what, bad->message);
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
    parse_error(error, what, bad);
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

/* The wire's decoder (wire_markets_from_json) reads the list; the office keeps copies. */
GPtrArray *office_parse_markets(GBytes *body, GError **error)
{
  g_autoptr(cJSON) root = parse_object(body, "market list", error);
  if (root == NULL)
    return NULL;
  g_autoptr(GError) bad = NULL;
  g_autoptr(GArray) markets = wire_markets_from_json(root, &bad);
  if (markets == NULL) {
    parse_error(error, "market list", bad);
    return NULL;
  }
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)office_market_free);
  for (guint i = 0; i < markets->len; i++) {
    const WireMarket *w = &g_array_index(markets, WireMarket, i);
    OfficeMarket *m = g_new0(OfficeMarket, 1);
    m->code = g_strdup(w->code);
    m->name = g_strdup(w->name);
    m->stalls = (int)w->stalls;
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
    parse_error(error, "taxonomy", bad);
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

/* ---- Reports ------------------------------------------------------------------------------ */

/* The decode and the taxonomy go with the last reference. */
static void report_clear(gpointer p)
{
  OfficeReport *r = p;
  wire_report_clear(&r->wire);
  office_taxonomy_unref(r->taxonomy);
}

/* Held by the model's slot, a stall detail and a page; atomically (built in a worker). */
OfficeReport *office_report_ref(OfficeReport *r)
{
  return g_atomic_rc_box_acquire(r);
}

/* Freed when nothing holds it. */
void office_report_unref(OfficeReport *r)
{
  if (r)
    g_atomic_rc_box_release_full(r, report_clear);
}

/* Whichever report the decode holds. */
const AnReportHead *office_report_head(const OfficeReport *r)
{
  return wire_report_head(&r->wire);
}

/* The taxonomy speaks the UI's language; the report's dataset knows the Korean name. */
const char *office_report_line_name(const OfficeReport *r, const char *code)
{
  guint ix = 0;
  const AnDataset *ds = office_report_head(r)->ds;
  if (r->taxonomy || code == NULL)
    return office_taxonomy_name(r->taxonomy, code);
  if (an_dataset_find_line(ds, code, &ix) && an_dataset_line(ds, ix)->name_ko)
    return an_dataset_line(ds, ix)->name_ko;
  return code;
}

/*
** The report of the wanted kind in a new OfficeReport, its period as ISO
** days; NULL and a PARSE error for another body.
*/
static OfficeReport *report_new(GBytes *body, WireReportKind kind, const char *what,
                                OfficeTaxonomy *taxonomy, GError **error)
{
  g_autoptr(OfficeReport) r = g_atomic_rc_box_new0(OfficeReport);
  if (!decode_kind(body, kind, what, &r->wire, error))
    return NULL;
  const AnReportHead *h = office_report_head(r);
  an_day_format(h->query.period.from, r->from);
  an_day_format(h->query.period.to, r->to);
  r->taxonomy = taxonomy ? office_taxonomy_ref(taxonomy) : NULL;
  return g_steal_pointer(&r);
}

/* ---- Overview ----------------------------------------------------------------------------- */

/*
** The registry's sync times win (0: never, -1 after the merge); a stall of
** the registry (WireStallSync, wire_market_stalls_from_json) the report
** lacks gets an empty row, its names added to the report's dataset, which
** owns them as it owns the report's.
*/
static void merge_registry(AnStallsReport *t, const GArray *registry)
{
  g_autoptr(GHashTable) by_code = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < t->rows->len; i++) {
    AnStallRow *s = t->rows->pdata[i];
    g_hash_table_insert(by_code, (gpointer)s->code, s);
  }
  for (guint i = 0; i < registry->len; i++) {
    const WireStallSync *r = &g_array_index(registry, WireStallSync, i);
    AnStallRow *s = g_hash_table_lookup(by_code, r->code);
    if (s == NULL) {
      guint ix = 0;
      if (!an_dataset_add_stall(t->head.ds, r->code, r->name, t->head.market_code, -1, &ix,
                                NULL))
        continue;
      s = g_new0(AnStallRow, 1);
      s->stall = ix;
      s->code = an_dataset_stall(t->head.ds, ix)->code;
      s->name = an_dataset_stall(t->head.ds, ix)->name;
      s->daily = g_array_new(FALSE, TRUE, sizeof(AnDailyPoint));
      s->payment = g_array_new(FALSE, TRUE, sizeof(AnTenderShare));
      s->explain = g_ptr_array_new_with_free_func(g_free);
      g_ptr_array_add(t->rows, s);
      g_hash_table_insert(by_code, (gpointer)s->code, s);
    }
    s->last_sync_ms = r->last_sync_ms;
  }
}

/* The receipts in the totals of a previous period's report (lines or stalls). */
static int64_t report_receipts(const WireReport *r)
{
  return r->lines ? r->lines->receipts : r->stalls ? r->stalls->receipts : 0;
}

/* A report without rows is an error; the previous period and the registry are optional. */
OfficeReport *office_parse_overview(GBytes *report, GBytes *prev, GBytes *registry,
                                    GError **error)
{
  g_auto(WireReport) prev_r = {0};
  g_autoptr(cJSON) reg_root = NULL;
  g_autoptr(GArray) reg = NULL;
  const char *reg_market = NULL;
  g_autoptr(OfficeReport) o = report_new(report, WIRE_REPORT_STALLS, "stalls report", NULL,
                                         error);
  if (o == NULL)
    return NULL;
  if (prev && !decode_report(prev, "previous period's report", &prev_r, error))
    return NULL;
  if (registry && (reg_root = parse_object(registry, "stall registry", error)) == NULL)
    return NULL;
  if (reg_root) {
    g_autoptr(GError) bad = NULL;
    if ((reg = wire_market_stalls_from_json(reg_root, &reg_market, &bad)) == NULL) {
      parse_error(error, "stall registry", bad);
      return NULL;
    }
  }
  if (prev) {
    o->prev_known = TRUE;
    o->prev_receipts = report_receipts(&prev_r);
  }
  if (reg)
    merge_registry(o->wire.stalls, reg);
  for (guint i = 0; i < o->wire.stalls->rows->len; i++) {
    AnStallRow *s = o->wire.stalls->rows->pdata[i];
    if (s->last_sync_ms <= 0)
      s->last_sync_ms = -1;
  }
  return g_steal_pointer(&o);
}

/* Stalls are few (hundreds): a scan is cheaper than a table. */
const AnStallRow *office_overview_find(const OfficeReport *o, const char *code)
{
  for (guint i = 0; o && code && i < o->wire.stalls->rows->len; i++) {
    const AnStallRow *s = o->wire.stalls->rows->pdata[i];
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
OfficeStallDetail *office_parse_stall(OfficeReport *overview, const char *code,
                                      GBytes *summary, const OfficeTaxonomy *taxonomy,
                                      GError **error)
{
  const AnStallRow *stall = office_overview_find(overview, code);
  if (stall == NULL) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "no stall %s in market %s",
                code ? code : "?", overview ? office_report_head(overview)->market_code : "?");
    return NULL;
  }
  g_autoptr(cJSON) root = parse_object(summary, "stall summary", error);
  if (root == NULL)
    return NULL;
  g_autoptr(GError) bad = NULL;
  g_auto(WireSummary) w = {0};
  if (!wire_summary_from_json(root, &w, &bad)) {
    parse_error(error, "stall summary", bad);
    return NULL;
  }
  OfficeStallDetail *d = g_atomic_rc_box_new0(OfficeStallDetail);
  d->overview = office_report_ref(overview);
  d->stall = stall;
  d->total = w.total;
  d->receipts = w.receipts;
  d->voids = w.voids;
  d->refunds = w.refunds;
  d->lines = g_ptr_array_new_with_free_func(amount_free);
  for (guint i = 0; i < w.by_line->len; i++) {
    const WireAmount *x = &g_array_index(w.by_line, WireAmount, i);
    OfficeAmount *a = g_new0(OfficeAmount, 1);
    a->code = g_strdup(x->key);
    a->name = g_strdup(office_taxonomy_name(taxonomy, x->key));
    a->amount = x->amount;
    g_ptr_array_add(d->lines, a);
  }
  g_ptr_array_sort(d->lines, amount_cmp);
  return d;
}

/* The detail's lines and its hold on the overview. */
static void stall_detail_clear(gpointer p)
{
  OfficeStallDetail *d = p;
  g_clear_pointer(&d->lines, g_ptr_array_unref);
  office_report_unref(d->overview);
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

/* ---- Lines and stores ----------------------------------------------------------------------- */

/* The lines report, its lines named in the UI's language by taxonomy. */
OfficeReport *office_parse_lines(GBytes *report, OfficeTaxonomy *taxonomy, GError **error)
{
  return report_new(report, WIRE_REPORT_LINES, "lines report", taxonomy, error);
}

/* The stores report, the main lines named by taxonomy. */
OfficeReport *office_parse_stores(GBytes *report, OfficeTaxonomy *taxonomy, GError **error)
{
  return report_new(report, WIRE_REPORT_STORES, "stores report", taxonomy, error);
}

/* ---- CSV -------------------------------------------------------------------------------------------- */

/* The hub has no per-stall CSV of series, so the office writes one in its conventions. */
GBytes *office_stall_daily_csv(const OfficeStallDetail *d)
{
  const AnStallRow *s = d->stall;
  const char *market = office_report_head(d->overview)->market_code;
  GString *out = g_string_new(MB_CSV_BOM "market,stall,name,day,revenue,receipts\r\n");
  for (guint i = 0; i < s->daily->len; i++) {
    const AnDailyPoint *p = &g_array_index(s->daily, AnDailyPoint, i);
    char iso[AN_DAY_ISO_LEN];
    an_day_format(p->day, iso);
    mb_csv_append_cell(out, market ? market : "");
    g_string_append_c(out, ',');
    mb_csv_append_cell(out, s->code);
    g_string_append_c(out, ',');
    mb_csv_append_cell(out, s->name);
    g_string_append_printf(out, ",%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "\r\n", iso,
                           (gint64)p->revenue, (gint64)p->receipts);
  }
  return g_string_free_to_bytes(out);
}
