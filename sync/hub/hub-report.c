/*
** hub-report.c: one report, start to bytes.
**
** The periods come first (the dataset is loaded for exactly them), then the
** measures, then the writer.  Stores need the lines report (which lines are
** competitive), so it is always computed when stores are asked for; the full
** PDF computes all three.  The analytics' errors are turned into the hub's
** here, through the one table of the report errors (hub-report.h).
*/
#include "hub-report.h"
#include <string.h>

static const char *const kind_names[] = {"lines", "stores", "stalls", "all"};
static const char *const format_names[] = {"json", "csv", "pdf", "text", "xlsx", "csv-ko"};

gboolean hub_report_kind_parse(const char *name, HubReportKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS(kind_names); i++)
    if (name && strcmp(name, kind_names[i]) == 0) {
      *out = (HubReportKind)i;
      return TRUE;
    }
  return FALSE;
}

gboolean hub_report_format_parse(const char *name, HubReportFormat *out)
{
  for (guint i = 0; i < G_N_ELEMENTS(format_names); i++)
    if (name && strcmp(name, format_names[i]) == 0) {
      *out = (HubReportFormat)i;
      return TRUE;
    }
  return FALSE;
}

const char *hub_report_content_type(HubReportFormat format)
{
  switch (format) {
  case HUB_FORMAT_CSV:
  case HUB_FORMAT_CSV_KO: return "text/csv; charset=utf-8";
  case HUB_FORMAT_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  case HUB_FORMAT_PDF: return "application/pdf";
  case HUB_FORMAT_TEXT: return "text/plain; charset=utf-8";
  case HUB_FORMAT_JSON: break;
  }
  return "application/json";
}

/* ---- The report errors --------------------------------------------------- */

#define HUB_REPORT_ROW_(id, name, http, exit, message, hub) \
  {AN_ERROR_##id, name, http, exit, message},
static const MposErrorInfo report_rows[] = {HUB_REPORT_ERROR_CODES(HUB_REPORT_ROW_)};
#undef HUB_REPORT_ROW_

#define HUB_REPORT_HUB_(id, name, http, exit, message, hub) HUB_ERROR_##hub,
static const HubErrorCode report_hub_codes[] = {HUB_REPORT_ERROR_CODES(HUB_REPORT_HUB_)};
#undef HUB_REPORT_HUB_

const MposErrorInfo *hub_report_error_info(int an_code)
{
  return mpos_error_table_find(report_rows, G_N_ELEMENTS(report_rows), an_code);
}

const MposErrorInfo *hub_report_error_table(gsize *n)
{
  *n = G_N_ELEMENTS(report_rows);
  return report_rows;
}

HubErrorCode hub_report_error_hub_code(int an_code)
{
  for (guint i = 0; i < G_N_ELEMENTS(report_rows); i++)
    if (report_rows[i].code == an_code)
      return report_hub_codes[i];
  return HUB_ERROR_INVALID;
}

void hub_report_error_to_hub(GError **error)
{
  if (error && *error && (*error)->domain == AN_ERROR) {
    (*error)->code = hub_report_error_hub_code((*error)->code);
    (*error)->domain = HUB_ERROR;
  }
}

/* The formats that hold several reports at once, hence 'all'. */
static gboolean whole_set_format(HubReportFormat format)
{
  return format == HUB_FORMAT_PDF || format == HUB_FORMAT_TEXT || format == HUB_FORMAT_XLSX;
}

static GBytes *take_text(char *text, gsize len)
{
  return g_bytes_new_take(text, len);
}

/*
** Cheapest checks first, each with its own message; the period goes through
** the analytics' own parser so that the API refuses exactly what the
** report would.
*/
gboolean hub_report_query_parse(const char *kind, const char *from, const char *to,
                                const char *compare, const char *format, HubReportQuery *out,
                                GError **error)
{
  HubReportQuery q;
  if (!hub_report_kind_parse(kind, &q.kind)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND,
                "no report '%s': lines, stores, stalls or all", kind ? kind : "");
    return FALSE;
  }
  if (!an_compare_parse(compare ? compare : "previous", &q.compare)) {
    g_set_error_literal(error, HUB_ERROR, HUB_ERROR_INVALID,
                        "compare must be previous, last-year or none");
    return FALSE;
  }
  if (!hub_report_format_parse(format ? format : "json", &q.format)) {
    g_set_error_literal(error, HUB_ERROR, HUB_ERROR_INVALID,
                        "format must be json, csv, csv-ko, pdf, text or xlsx");
    return FALSE;
  }
  if (q.kind == HUB_REPORT_ALL && !whole_set_format(q.format)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                "'all' is the full PDF: ask for lines, stores or stalls as %s",
                format_names[q.format]);
    return FALSE;
  }
  if (!an_period_parse(from, to, &q.period, error)) {
    hub_report_error_to_hub(error);
    return FALSE;
  }
  *out = q;
  return TRUE;
}

GBytes *hub_report_build(HubStore *store, HubReportKind kind, const char *market_code,
                         const char *from, const char *to, AnCompare compare,
                         HubReportFormat format, GError **error)
{
  AnPeriod periods[2];
  guint n = 1;
  if (kind == HUB_REPORT_ALL && !whole_set_format(format)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                "'all' is the full PDF: ask for lines, stores or stalls as %s",
                format_names[format]);
    return NULL;
  }
  if (!an_period_parse(from, to, &periods[0], error)) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  if (compare != AN_COMPARE_NONE)
    periods[n++] = compare == AN_COMPARE_PREVIOUS ? an_period_previous(periods[0])
                                                  : an_period_last_year(periods[0]);
  HubDatasetNeeds needs = kind == HUB_REPORT_LINES || kind == HUB_REPORT_STORES ? HUB_NEED_LINES
                          : kind == HUB_REPORT_STALLS ? HUB_NEED_HOURS_TENDERS
                                                      : HUB_NEED_ALL;
  g_autoptr(AnDataset) ds = hub_store_dataset(store, market_code, periods, n, needs, error);
  if (ds == NULL)
    return NULL;
  AnQuery q;
  if (!an_query_init(&q, ds, market_code, from, to, compare, NULL, error)) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  g_autoptr(AnLinesReport) lines = NULL;
  g_autoptr(AnStoresReport) stores = NULL;
  g_autoptr(AnStallsReport) stalls = NULL;
  gboolean ok = TRUE;
  /* Stores alone show no line (but in the plain-Korean summary): they rank
  ** their own lines then, whose confidence they need not resample. */
  if (kind == HUB_REPORT_LINES || kind == HUB_REPORT_ALL
      || (kind == HUB_REPORT_STORES && format == HUB_FORMAT_TEXT))
    ok = (lines = an_lines_rank(ds, &q, error)) != NULL;
  if (ok && (kind == HUB_REPORT_STORES || kind == HUB_REPORT_ALL))
    ok = (stores = an_stores_rank(ds, &q, lines, error)) != NULL;
  if (ok && (kind == HUB_REPORT_STALLS || kind == HUB_REPORT_ALL))
    ok = (stalls = an_stalls_rank(ds, &q, error)) != NULL;
  if (!ok) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  gsize len = 0;
  char *text;
  switch (format) {
  case HUB_FORMAT_JSON:
    text = kind == HUB_REPORT_LINES    ? an_lines_to_json(lines)
           : kind == HUB_REPORT_STORES ? an_stores_to_json(stores)
                                       : an_stalls_to_json(stalls);
    return take_text(text, strlen(text));
  case HUB_FORMAT_CSV:
  case HUB_FORMAT_CSV_KO: {
    AnHeader header = format == HUB_FORMAT_CSV_KO ? AN_HEADER_KOREAN : AN_HEADER_NAMES;
    text = kind == HUB_REPORT_LINES    ? an_lines_to_csv(lines, header, &len)
           : kind == HUB_REPORT_STORES ? an_stores_to_csv(stores, header, &len)
                                       : an_stalls_to_csv(stalls, header, &len);
    return take_text(text, len);
  }
  case HUB_FORMAT_XLSX: {
    AnReportSet set = {kind == HUB_REPORT_STORES ? NULL : lines, stores, stalls};
    GBytes *xlsx = an_report_xlsx_bytes(&set, error);
    if (xlsx == NULL)
      hub_report_error_to_hub(error);
    return xlsx;
  }
  case HUB_FORMAT_TEXT: {
    AnReportSet set = {lines, stores, stalls};
    g_autoptr(GPtrArray) sentences = an_report_summary(&set);
    GString *out = g_string_new(NULL);
    for (guint i = 0; i < sentences->len; i++)
      g_string_append_printf(out, "%s\n", (const char *)g_ptr_array_index(sentences, i));
    len = out->len;
    return take_text(g_string_free(out, FALSE), len);
  }
  case HUB_FORMAT_PDF: {
    /* a stores PDF shows the stores only, though they were ranked with the lines */
    AnReportSet set = {kind == HUB_REPORT_STORES ? NULL : lines, stores, stalls};
    GBytes *pdf = an_report_pdf_bytes(&set, error);
    if (pdf == NULL)
      hub_report_error_to_hub(error);
    return pdf;
  }
  }
  return NULL;
}
