/*
** hub-report.h: the analytics reports of a market, from the hub's rollups.
**
** The store loads exactly the rollup rows a report needs into an AnDataset
** (the market's own stalls in detail, every other market summed per line as
** the city reference), the analytics module computes the measures, and its
** writers make JSON, CSV or PDF.  Both `market-report --db` and the hub's
** GET /v1/markets/CODE/reports/KIND endpoint go through hub_report_build,
** so the file and the HTTP answer are the same bytes.
*/
#ifndef HUB_REPORT_H
#define HUB_REPORT_H

#include "hub-store.h"
#include "an-report.h"

G_BEGIN_DECLS

typedef enum {
  HUB_REPORT_LINES = 0,
  HUB_REPORT_STORES,
  HUB_REPORT_STALLS,
  HUB_REPORT_ALL        /* all three: the consultant's full PDF */
} HubReportKind;

typedef enum {
  HUB_FORMAT_JSON = 0,
  HUB_FORMAT_CSV,
  HUB_FORMAT_PDF,
  HUB_FORMAT_TEXT,      /* the plain-Korean summary, a sentence a line */
  HUB_FORMAT_XLSX,      /* the Excel workbook, every report asked for */
  HUB_FORMAT_CSV_KO     /* CSV with Korean headings ("csv-ko"; --header ko) */
} HubReportFormat;

/*
** The report errors: the analytics module's AN_ERROR codes (an-data.h; it
** depends on nothing of ours, so its table is kept here, where reports
** meet the hub).  X(AN ID, name, HTTP status, exit status, default
** message, HUB ID): the name is an_error_code_name()'s, and a report
** error reaches an HTTP answer or market-report's exit status as the hub
** error of the last column, whose status and exit status are the same
** (tests/test-errors.c holds them to that).
*/
#define HUB_REPORT_ERROR_CODES(X)                                                          \
  X(INVALID, "invalid", 400, MPOS_EXIT_INPUT, "bad input: a day, a period, a setting",     \
    INVALID)                                                                               \
  X(NOT_FOUND, "not_found", 404, MPOS_EXIT_NOT_FOUND, "no such market, stall or line",     \
    NOT_FOUND)                                                                             \
  X(EXISTS, "exists", 400, MPOS_EXIT_INPUT, "a code given twice to one report", INVALID)   \
  X(IO, "io", 500, MPOS_EXIT_STORAGE, "a report file could not be read or written", IO)

/* The row of an AN_ERROR code; NULL for an unknown one. */
const MposErrorInfo *hub_report_error_info(int an_code);
/* The whole table; *n gets its length. */
const MposErrorInfo *hub_report_error_table(gsize *n);
/* The hub error an AN_ERROR code becomes (INVALID for an unknown one). */
HubErrorCode hub_report_error_hub_code(int an_code);
/*
** An AN_ERROR in *error turns into its HUB_ERROR in place (the table
** above); any other error, or none, is left as it is.  Every report the
** hub builds (hub-report.c, hub-impact.c, hub-onnuri.c) hands its
** analytics errors on through this.
*/
void hub_report_error_to_hub(GError **error);

gboolean hub_report_kind_parse(const char *name, HubReportKind *out);
gboolean hub_report_format_parse(const char *name, HubReportFormat *out);
const char *hub_report_content_type(HubReportFormat format);

/* A report request as the API receives it, checked. */
typedef struct {
  HubReportKind kind;
  AnPeriod period;
  AnCompare compare;
  HubReportFormat format;
} HubReportQuery;

/*
** Reads the API's report parameters, untrusted text from a URL: kind
** (NOT_FOUND when no such report), from and to (days of the one range, in
** order, within an_period_parse's length), compare (NULL: previous) and
** format (NULL: json), and the pair kind all with json or csv (INVALID).
** Strings: transfer none.
*/
gboolean hub_report_query_parse(const char *kind, const char *from, const char *to,
                                const char *compare, const char *format, HubReportQuery *out,
                                GError **error);

/*
** Builds one report.  INVALID for bad days (the message says which),
** NOT_FOUND for an unknown market; a JSON or CSV kind ALL is INVALID (only
** the PDF and the text summary hold all three).  Transfer full.
*/
GBytes *hub_report_build(HubStore *store, HubReportKind kind, const char *market_code,
                         const char *from, const char *to, AnCompare compare,
                         HubReportFormat format, GError **error);

G_END_DECLS
#endif
