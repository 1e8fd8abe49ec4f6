/*
** hub-onnuri.h: the Onnuri review list of a market, from the hub's store.
**
** The signals (an-onnuri.h) need what the rollups do not keep: each sale
** paid with Onnuri, with its total, its number of lines and the paper
** face value handed over.  The store reads them from its documents (sales
** not voided, of the market and the period); the rollups give the rest.
*/
#ifndef HUB_ONNURI_H
#define HUB_ONNURI_H

#include "hub-report.h"
#include "an-onnuri.h"

G_BEGIN_DECLS

/*
** The market's sales from..to (YYYY-MM-DD, inclusive) that hold an Onnuri
** tender, voided ones left out.  NOT_FOUND for an unknown market, INVALID
** for bad days.  GArray of AnOnnuriReceipt, transfer full.
*/
GArray *hub_store_onnuri_receipts(HubStore *store, const char *market_code, const char *from,
                                  const char *to, GError **error);

/*
** The review list as JSON, CSV (csv-ko: Korean headings), PDF or an Excel
** workbook (text is INVALID).  special: n periods of special-discount
** weeks (may be 0).  Transfer full.
*/
GBytes *hub_onnuri_build(HubStore *store, const char *market_code, const char *from,
                         const char *to, const AnPeriod *special, guint n_special,
                         HubReportFormat format, GError **error);

G_END_DECLS
#endif
