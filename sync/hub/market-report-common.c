/*
** market-report-common.c: what the `market-report` commands share
** (market-report-common.h).  The hub's routes give the same bytes as the
** database path (hub-report.c, hub-impact.c, hub-onnuri.c), so --hub only
** builds the URL and hands the answer on; the sync client checks TLS,
** timeouts and the hub's error answers.
*/
#include "market-report-common.h"
#include "hub-report.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

GBytes *market_report_remote_get(const MarketReportRemote *r, const char *path_and_query,
                                 GError **error)
{
  SyncClientOptions o;
  g_autofree char *base = g_strdup(r->hub);
  while (g_str_has_suffix(base, "/"))
    base[strlen(base) - 1] = '\0';
  g_autofree char *url = g_strconcat(base, path_and_query, NULL);
  sync_client_options_init(&o);
  o.ca_file = r->ca_file;
  o.allow_insecure_http = r->allow_http;
  o.request_timeout_ms = 120000;     /* a PDF of a big market takes a while */
  return sync_http_get(url, r->token, &o, error);
}

/*
** The hub's table for --db (a file GLib could not write is the hub's io),
** the report table for the analytics' own errors, the sync client's for
** --hub, where an error answer is described by the hub's code in it.
*/
const MposErrorInfo *market_report_error_info(const GError *e)
{
  if (e->domain == HUB_ERROR)
    return hub_error_info(e->code);
  if (e->domain == AN_ERROR)
    return hub_report_error_info(e->code);
  if (e->domain == G_FILE_ERROR)
    return hub_error_info(HUB_ERROR_IO);
  return sync_error_info_of(e);
}

gboolean market_report_emit(GBytes *bytes, const char *out, GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  if (out != NULL && strcmp(out, "-") != 0) {
    if (!an_write_file(out, data, len, error))
      return FALSE;
    fprintf(stderr, _("market-report: wrote %s (%zu bytes)\n"), out, len);
    return TRUE;
  }
  if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "cannot write the report to standard output");
    return FALSE;
  }
  return TRUE;
}

int market_report_fail(const GError *e)
{
  const MposErrorInfo *info = market_report_error_info(e);
  fprintf(stderr, "market-report: %s: %s\n", info ? info->name : "internal", e->message);
  return (int)mpos_error_exit(info);
}

int market_report_usage_error(const char *usage, const char *why)
{
  fprintf(stderr, "market-report: usage: %s\n%s", why, _(usage));
  return MPOS_EXIT_USAGE;
}
