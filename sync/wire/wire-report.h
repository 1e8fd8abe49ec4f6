/*
** wire-report.h: the report envelopes of GET /v1/markets/M/reports/KIND
** (format=json) read back into the analytics types of an-report.h.
**
** The hub writes them with an_*_to_json (analytics/an-report-json.c);
** clients read them with these functions and nowhere else.  Apart from
** wire-codec.h because it brings in analytics' plain data types: the wire
** may depend on them, analytics never on the wire, and the stall side,
** which has no reports, links mpos_wire without them (mpos_wire_report).
*/
#ifndef WIRE_REPORT_H
#define WIRE_REPORT_H

#include "wire-codec.h"
#include "an-report.h"

G_BEGIN_DECLS

typedef enum {
  WIRE_REPORT_LINES = 0,
  WIRE_REPORT_STORES,
  WIRE_REPORT_STALLS
} WireReportKind;

/*
** A report envelope, read.  Exactly one of lines, stores, stalls is set
** (by kind), owned, with its names in its own dataset (head.ds).  A store
** row's main_line_name is NULL: the envelope carries the code only.
*/
typedef struct {
  WireReportKind kind;
  AnLinesReport *lines;
  AnStoresReport *stores;
  AnStallsReport *stalls;
  GPtrArray *summary;        /* char *, the hub's sentences; owned */
} WireReport;

/*
** Decodes an envelope: BAD_REQUEST names the first bad field ("field
** row.revenue: must be an integer"); *out is zeroed on failure.
*/
gboolean wire_report_from_json(const cJSON *o, WireReport *out, GError **error);
/* The same from a body, read by the strict reader (wire_json_parse_object's errors). */
gboolean wire_report_parse(const char *body, gsize len, WireReport *out, GError **error);
/* The head of the report it holds (out of a successful decode). Transfer none. */
const AnReportHead *wire_report_head(const WireReport *r);
void wire_report_clear(WireReport *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(WireReport, wire_report_clear)

G_END_DECLS
#endif
