/*
** office-data.h: what the office app shows, parsed from the hub's JSON.
**
** The hub answers the office with the documents of docs/PROTOCOL.md (the
** market list, a market's stall registry, a stall's summary, the taxonomy)
** and the reports of docs/ANALYTICS.md.  The parsers here turn those bodies
** into plain structs once, in the worker thread that fetched them, so the
** UI thread only reads figures and never walks JSON.  No GTK here: the model
** tests read the same structs headless.
**
** Reports are the wire's decode (wire-report.h) into analytics' report
** types, kept as they are: no copy.  Every struct that a view keeps is
** reference counted (atomically: it is built in a worker and handed to the
** UI thread), so a view can keep the last good data on screen while a
** newer fetch replaces the model's copy.  Ratios the hub sends as null stay
** undefined (AnRatio.defined FALSE): the screen shows "-" for them, never 0.
*/
#ifndef OFFICE_DATA_H
#define OFFICE_DATA_H

#include "wire-report.h"
#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define OFFICE_ERROR (office_error_quark())
GQuark office_error_quark(void);

typedef enum {
  OFFICE_ERROR_PARSE = 1,     /* the hub's answer is not the documented JSON */
  OFFICE_ERROR_INVALID,       /* a bad argument: a day, a period, a market */
  OFFICE_ERROR_IO             /* a file could not be read or written */
} OfficeErrorCode;

/* ---- Small documents ---------------------------------------------------------- */

typedef struct {
  char *code, *name;
  int stalls;
} OfficeMarket;

void office_market_free(OfficeMarket *m);

/* GET /v1/markets: an array of OfficeMarket * (transfer full). */
GPtrArray *office_parse_markets(GBytes *body, GError **error);

/* The product-line names of GET /v1/taxonomy, by code. */
typedef struct _OfficeTaxonomy OfficeTaxonomy;

/* Transfer full (office_taxonomy_unref). */
OfficeTaxonomy *office_parse_taxonomy(GBytes *body, GError **error);
OfficeTaxonomy *office_taxonomy_ref(OfficeTaxonomy *t);
void office_taxonomy_unref(OfficeTaxonomy *t);
/* The line's name in the UI's language, or the code itself. Transfer none. */
const char *office_taxonomy_name(const OfficeTaxonomy *t, const char *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeTaxonomy, office_taxonomy_unref)

/* ---- Reports -------------------------------------------------------------------- */

/*
** A report as the views read it: the wire's decode itself (analytics'
** AnLinesReport, AnStoresReport or AnStallsReport: the views read their
** rows, AnLineRow, AnStoreRow, AnStallRow, directly), held with a
** reference count so that a page can keep it on screen while a newer
** fetch replaces the model's, and what the office adds to it: the period
** as ISO days (compared with the model's), the taxonomy that names the
** product lines in the UI's language, and for the overview the comparison
** period's receipts.
**
** The overview (office_parse_overview) is the stalls report with the
** registry merged in: a row's last_sync_ms is the registry's (-1: never),
** and a stall of the registry the report lacks gets an empty row (rank 0,
** no series) at the end.
*/
typedef struct {
  WireReport wire;                  /* exactly one of lines, stores, stalls */
  char from[11], to[11];            /* the period, ISO days */
  OfficeTaxonomy *taxonomy;         /* a reference, or NULL */
  gboolean prev_known;              /* overview: the comparison period's receipts were read */
  int64_t prev_receipts;
} OfficeReport;

OfficeReport *office_report_ref(OfficeReport *r);
void office_report_unref(OfficeReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeReport, office_report_unref)
/* The head of the report (market, query, config). Transfer none. */
const AnReportHead *office_report_head(const OfficeReport *r);
/*
** A product line's name in the UI's language: the taxonomy's, else the
** report's own name, else the code.  Transfer none.
*/
const char *office_report_line_name(const OfficeReport *r, const char *code);

/*
** Parses the stalls report of the period, and optionally (prev may be
** NULL) any report of the comparison period whose totals carry the
** market's "receipts" (the model fetches the lines report, compare=none,
** the cheapest), and merges the registry of GET /v1/markets/CODE/stalls
** (may be NULL).  Transfer full.
*/
OfficeReport *office_parse_overview(GBytes *report, GBytes *prev, GBytes *registry,
                                    GError **error);
/* The overview's row of that stall, or NULL. Transfer none. */
const AnStallRow *office_overview_find(const OfficeReport *o, const char *code);

/* The lines report; taxonomy (may be NULL) names the lines. Transfer full. */
OfficeReport *office_parse_lines(GBytes *report, OfficeTaxonomy *taxonomy, GError **error);
/* The stores report; taxonomy (may be NULL) names the main lines. Transfer full. */
OfficeReport *office_parse_stores(GBytes *report, OfficeTaxonomy *taxonomy, GError **error);

/* ---- One stall ----------------------------------------------------------------------- */

/* A code, its display name and an amount: a product line or a tender. */
typedef struct {
  char *code, *name;
  int64_t amount;
} OfficeAmount;

typedef struct {
  OfficeReport *overview;           /* a reference: the stall's row lives there */
  const AnStallRow *stall;          /* borrowed from overview */
  int64_t total, receipts, voids, refunds;
  GPtrArray *lines;                 /* OfficeAmount *, by amount, names from the taxonomy */
} OfficeStallDetail;

/*
** The stall's row from overview and its GET /v1/stalls/CODE/summary for
** the product lines (named with taxonomy, may be NULL).  Transfer full.
*/
OfficeStallDetail *office_parse_stall(OfficeReport *overview, const char *code,
                                      GBytes *summary, const OfficeTaxonomy *taxonomy,
                                      GError **error);
OfficeStallDetail *office_stall_detail_ref(OfficeStallDetail *d);
void office_stall_detail_unref(OfficeStallDetail *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeStallDetail, office_stall_detail_unref)

/* ---- CSV ----------------------------------------------------------------------------------- */

/*
** The stall's daily series as CSV in the hub's conventions (UTF-8 with a
** BOM, CRLF, ISO days, integer won): market, stall, day, revenue,
** receipts.  Transfer full.
*/
GBytes *office_stall_daily_csv(const OfficeStallDetail *d);

G_END_DECLS
#endif
