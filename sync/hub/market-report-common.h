/*
** market-report-common.h: what the `market-report` commands (the report
** kinds in market-report.c, impact and onnuri) share: asking a running hub
** instead of reading its database (the GET with a personal token; the
** bytes are the same as with --db), writing the report where --out says,
** and telling a failure, --db or --hub, as "market-report: CODE: message"
** with the code's exit status.
*/
#ifndef MARKET_REPORT_COMMON_H
#define MARKET_REPORT_COMMON_H

#include "mpos-errors.h"
#include <glib.h>

G_BEGIN_DECLS

/* The hub's connection flags, as the command line gives them. */
typedef struct {
  const char *hub;                /* base URL; trailing slashes ignored */
  const char *token;
  const char *ca_file;            /* or NULL */
  gboolean allow_http;
} MarketReportRemote;

/*
** GET hub + path_and_query (already escaped) with the token: the answer's
** bytes on 200, else NULL and the sync client's error (the hub's code in
** an error answer).  Transfer full.
*/
GBytes *market_report_remote_get(const MarketReportRemote *r, const char *path_and_query,
                                 GError **error);

/*
** Writes a finished report to the file out (made whole or not at all, a
** line on stderr saying so) or, for NULL or "-", to standard output.
** FALSE with the error when it cannot.
*/
gboolean market_report_emit(GBytes *bytes, const char *out, GError **error);

/* The table row of an error of either path (transfer none; NULL: internal). */
const MposErrorInfo *market_report_error_info(const GError *e);

/* Tells e as "market-report: CODE: message"; returns the code's exit status. */
int market_report_fail(const GError *e);

/* Tells a usage error: why (already translated), then the command's
** usage text (an N_() string, translated here); returns MPOS_EXIT_USAGE. */
int market_report_usage_error(const char *usage, const char *why);

G_END_DECLS
#endif
