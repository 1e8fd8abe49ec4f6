/*
** fuzz-report-query.c: libFuzzer target for the report API's parameters,
** GET /v1/markets/CODE/reports/KIND?from=&to=&compare=&format=.  The input
** is "KIND?QUERY"; the query is split and percent-decoded by GLib's
** g_uri_parse_params, as the HTTP library does for the hub, and the
** values go to hub_report_query_parse, the one reader of them.
**
** Properties: an accepted period is ordered and inside the one range of
** days, and both comparison periods derived from it are ordered.
*/
#include "hub-report.h"
#include "mb-clock.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An ordered period of the one range. */
static gboolean period_sane(AnPeriod p)
{
  return p.from <= p.to && p.from >= MB_DAY_MIN && p.to <= MB_DAY_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup((const char *)data, size);   /* stops at a NUL, as a URL does */
  char *query = strchr(text, '?');
  if (query != NULL)
    *query++ = '\0';
  g_autoptr(GHashTable) params =
    query ? g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
  const char *from = params ? g_hash_table_lookup(params, "from") : NULL;
  const char *to = params ? g_hash_table_lookup(params, "to") : NULL;
  const char *compare = params ? g_hash_table_lookup(params, "compare") : NULL;
  const char *format = params ? g_hash_table_lookup(params, "format") : NULL;
  HubReportQuery q;
  if (!hub_report_query_parse(text, from, to, compare, format, &q, NULL))
    return 0;
  if (!period_sane(q.period) || an_period_previous(q.period).from > an_period_previous(q.period).to
      || an_period_last_year(q.period).from > an_period_last_year(q.period).to)
    abort();
  return 0;
}
