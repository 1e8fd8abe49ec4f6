/*
** hub-impact.c: one engagement's impact report, start to bytes.
**
** The controls come from the engagement's own market: the hub loads a
** market's stalls in detail and every other market only as the city's
** line sums (hub-report.h), and a stall of the same market shares the
** helped stalls' street, footfall and closing days, which is what the
** difference-in-differences needs to take out.  Stalls of any engagement
** of that market are left out of the controls: help given to them would
** hide the effect.
*/
#include "hub-impact.h"
#include "hub-engagement.h"
#include "mb-clock.h"
#include <string.h>

/* Stall codes of every engagement of the market, each once (borrowed from all). */
static GPtrArray *engaged_stalls(GPtrArray *all)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < all->len; i++) {
    const HubEngagement *e = g_ptr_array_index(all, i);
    for (guint k = 0; k < e->stalls->len; k++)
      if (g_hash_table_add(seen, e->stalls->pdata[k]))
        g_ptr_array_add(out, e->stalls->pdata[k]);
  }
  return out;
}

GBytes *hub_impact_build(HubStore *store, int64_t id, const char *to, HubReportFormat format,
                         GError **error)
{
  if (format == HUB_FORMAT_TEXT) {
    g_set_error_literal(error, HUB_ERROR, HUB_ERROR_INVALID,
                        "the impact report is json, csv, csv-ko, pdf or xlsx"
                        " (its explain is the summary)");
    return NULL;
  }
  g_autoptr(HubEngagement) e = hub_store_engagement_get(store, id, error);
  if (e == NULL)
    return NULL;
  char yesterday[MB_DAY_LEN];
  if (to == NULL) {
    mb_day_format(mb_clock_day(mb_clock_now_ms()) - 1, yesterday);
    to = yesterday;
  }
  AnPeriod window;
  if (!an_impact_window(e->start, to, &window, error)) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  g_autoptr(GPtrArray) all = hub_store_engagement_list(store, e->market_code, error);
  if (all == NULL)
    return NULL;
  g_autoptr(GPtrArray) excluded = engaged_stalls(all);
  g_autoptr(AnDataset) ds =
    hub_store_dataset(store, e->market_code, &window, 1, HUB_NEED_LINES, error);
  if (ds == NULL)
    return NULL;
  AnImpactQuestion q = {id, e->label, e->market_code, e->start, to,
                        (const char *const *)e->stalls->pdata, e->stalls->len,
                        (const char *const *)excluded->pdata, excluded->len};
  g_autoptr(AnImpactReport) r = an_impact_measure(ds, &q, error);
  if (r == NULL) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  gsize len = 0;
  char *text;
  switch (format) {
  case HUB_FORMAT_CSV:
  case HUB_FORMAT_CSV_KO:
    text = an_impact_to_csv(r, format == HUB_FORMAT_CSV_KO ? AN_HEADER_KOREAN : AN_HEADER_NAMES,
                          &len);
    return g_bytes_new_take(text, len);
  case HUB_FORMAT_PDF: {
    GBytes *pdf = an_impact_pdf_bytes(r, error);
    if (pdf == NULL)
      hub_report_error_to_hub(error);
    return pdf;
  }
  case HUB_FORMAT_XLSX: {
    GBytes *xlsx = an_impact_xlsx_bytes(r, error);
    if (xlsx == NULL)
      hub_report_error_to_hub(error);
    return xlsx;
  }
  case HUB_FORMAT_JSON:
  case HUB_FORMAT_TEXT:
    break;
  }
  text = an_impact_to_json(r);
  return g_bytes_new_take(text, strlen(text));
}
