/*
** market-report-impact.c: did the program's help work?  The impact report
** of one engagement as a file (docs/ANALYTICS.md, "Program impact").
**
**   market-report impact --engagement ID [--to DAY]
**       [--format json|csv|pdf|xlsx] [--header names|ko] [--out FILE]
**       (--db DB | --hub URL --token TOKEN --market CODE [--ca-file F] [--allow-http])
**
** Reads the hub database directly, or asks a running hub's route
** GET /v1/markets/CODE/engagements/ID/impact (the same bytes), as
** `market-report` does for the other reports; the route names the
** engagement's market, so --hub needs --market.  Errors are "market-report: CODE: message" with the
** code's exit status.
*/
#include "market-report-impact.h"
#include "hub-impact.h"
#include "market-report-common.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static const char usage[] = N_(
  "usage: market-report impact --engagement ID [--to YYYY-MM-DD]\n"
  "         [--format json|csv|pdf|xlsx] [--header names|ko] [--out FILE]\n"
  "         (--db DB | --hub URL --token TOKEN --market CODE [--ca-file F] [--allow-http])\n");

int market_report_impact(int argc, char **argv)
{
  g_autofree char *to = NULL, *format = NULL, *header = NULL, *out = NULL, *db = NULL;
  g_autofree char *remote_hub = NULL, *token = NULL, *ca_file = NULL, *market = NULL;
  gboolean allow_http = FALSE;
  gint64 id = 0;
  GOptionEntry entries[] = {
    {"engagement", 0, 0, G_OPTION_ARG_INT64, &id, N_("the engagement's id"), "ID"},
    {"to", 0, 0, G_OPTION_ARG_STRING, &to, N_("last day looked at (default yesterday)"),
     "YYYY-MM-DD"},
    {"format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json (default), csv, pdf or xlsx"),
     "FORMAT"},
    {"header", 0, 0, G_OPTION_ARG_STRING, &header, N_("CSV heading row: names (default) or ko"),
     "names|ko"},
    {"out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("write here (default: standard output)"),
     "FILE"},
    {"db", 0, 0, G_OPTION_ARG_FILENAME, &db,
     N_("a hub database: a SQLite file or a PostgreSQL URI"), "DB"},
    {"hub", 0, 0, G_OPTION_ARG_STRING, &remote_hub, N_("a hub URL"), "URL"},
    {"token", 0, 0, G_OPTION_ARG_STRING, &token, N_("your token for --hub"), "TOKEN"},
    {"ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("CA bundle for a private hub"), "FILE"},
    {"allow-http", 0, 0, G_OPTION_ARG_NONE, &allow_http, N_("plain HTTP to any host"), NULL},
    {"market", 0, 0, G_OPTION_ARG_STRING, &market, N_("the engagement's market (with --hub)"),
     "CODE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("impact");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries(ctx, entries, MB_CLI_DOMAIN);
  if (!g_option_context_parse(ctx, &argc, &argv, &error))
    return market_report_usage_error(usage, error->message);
  HubReportFormat fmt;
  if (argc != 2)
    return market_report_usage_error(usage, _("one report: impact"));
  if (id <= 0)
    return market_report_usage_error(usage, _("--engagement ID is required"));
  if ((db == NULL) == (remote_hub == NULL))
    return market_report_usage_error(usage, _("give either --db DB or --hub URL"));
  if (remote_hub != NULL && token == NULL)
    return market_report_usage_error(usage, _("--hub needs --token"));
  if (remote_hub != NULL && market == NULL)
    return market_report_usage_error(usage, _("--hub needs --market, the engagement's market"));
  /* csv-ko is the HTTP name of --format csv --header ko */
  if (!hub_report_format_parse(format ? format : "json", &fmt) || fmt == HUB_FORMAT_TEXT
      || fmt == HUB_FORMAT_CSV_KO)
    return market_report_usage_error(usage, _("--format is json, csv, pdf or xlsx"));
  if (header != NULL && strcmp(header, "names") != 0 && strcmp(header, "ko") != 0)
    return market_report_usage_error(usage, _("--header is names or ko"));
  if (header != NULL && fmt != HUB_FORMAT_CSV)
    return market_report_usage_error(usage, _("--header goes with --format csv"));
  if (header != NULL && strcmp(header, "ko") == 0)
    fmt = HUB_FORMAT_CSV_KO;
  g_autoptr(GBytes) bytes = NULL;
  if (db != NULL) {
    g_autoptr(HubStore) store = hub_store_open(db, HUB_OPEN_EXISTING, 1, &error);
    bytes = store ? hub_impact_build(store, id, to, fmt, &error) : NULL;
  } else {
    MarketReportRemote remote = {remote_hub, token, ca_file, allow_http};
    g_autofree char *m = g_uri_escape_string(market, NULL, FALSE);
    g_autofree char *t = to ? g_uri_escape_string(to, NULL, FALSE) : NULL;
    g_autofree char *path = g_strdup_printf(
      "/v1/markets/%s/engagements/%" G_GINT64_FORMAT "/impact?format=%s%s%s", m, (gint64)id,
      fmt == HUB_FORMAT_CSV_KO ? "csv-ko" : format ? format : "json", t ? "&to=" : "",
      t ? t : "");
    bytes = market_report_remote_get(&remote, path, &error);
  }
  if (bytes == NULL)
    return market_report_fail(error);
  if (!market_report_emit(bytes, out, &error))
    return market_report_fail(error);
  return 0;
}
