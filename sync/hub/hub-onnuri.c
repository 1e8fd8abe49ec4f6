/*
** hub-onnuri.c: the Onnuri review list of a market, start to bytes: the
** rollups of the period (stall totals, tenders, line sums) as for the
** stalls report, the Onnuri sales from the documents, then an-onnuri.h.
*/
#include "hub-onnuri.h"
#include <string.h>

GBytes *hub_onnuri_build(HubStore *store, const char *market_code, const char *from,
                         const char *to, const AnPeriod *special, guint n_special,
                         HubReportFormat format, GError **error)
{
  AnPeriod period;
  if (format == HUB_FORMAT_TEXT) {
    g_set_error_literal(error, HUB_ERROR, HUB_ERROR_INVALID,
                        "the Onnuri review is json, csv, csv-ko, pdf or xlsx (each row says why)");
    return NULL;
  }
  if (!an_period_parse(from, to, &period, error)) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  g_autoptr(GArray) receipts = hub_store_onnuri_receipts(store, market_code, from, to, error);
  if (receipts == NULL)
    return NULL;
  g_autoptr(AnDataset) ds = hub_store_dataset(store, market_code, &period, 1, HUB_NEED_ALL, error);
  if (ds == NULL)
    return NULL;
  AnQuery q;
  g_autoptr(AnOnnuriReport) r = NULL;
  if (!an_query_init(&q, ds, market_code, from, to, AN_COMPARE_NONE, NULL, error)
      || (r = an_onnuri_review(ds, &q, (const AnOnnuriReceipt *)(void *)receipts->data,
                               receipts->len, special, n_special, error)) == NULL) {
    hub_report_error_to_hub(error);
    return NULL;
  }
  gsize len = 0;
  char *text;
  switch (format) {
  case HUB_FORMAT_CSV:
  case HUB_FORMAT_CSV_KO:
    text = an_onnuri_to_csv(r, format == HUB_FORMAT_CSV_KO ? AN_HEADER_KOREAN : AN_HEADER_NAMES,
                          &len);
    return g_bytes_new_take(text, len);
  case HUB_FORMAT_PDF: {
    GBytes *pdf = an_onnuri_pdf_bytes(r, error);
    if (pdf == NULL)
      hub_report_error_to_hub(error);
    return pdf;
  }
  case HUB_FORMAT_XLSX: {
    GBytes *xlsx = an_onnuri_xlsx_bytes(r, error);
    if (xlsx == NULL)
      hub_report_error_to_hub(error);
    return xlsx;
  }
  case HUB_FORMAT_JSON:
  case HUB_FORMAT_TEXT:
    break;
  }
  text = an_onnuri_to_json(r);
  return g_bytes_new_take(text, strlen(text));
}
