/*
** market-report-onnuri.c: the Onnuri review list of a market as a file,
** for its manager (docs/ANALYTICS.md, "Onnuri review").
**
**   market-report onnuri --market M --from DAY --to DAY
**       [--special FROM:TO]... [--format json|csv|pdf|xlsx] [--header names|ko]
**       [--out FILE] (--db DB | --hub URL --token TOKEN [--ca-file F] [--allow-http])
**
** --hub asks a running hub's GET /v1/markets/CODE/reports/onnuri instead
** of reading its database: the same bytes.
**
** --special gives the special-discount weeks of the period (온누리상품권
** 특별할인), when paper certificates are bought cheap and a burst of them
** at one stall means more than at other times; without it the burst
** signal is not read, and each row says so.
*/
#include "market-report-onnuri.h"
#include "hub-onnuri.h"
#include "market-report-common.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static const char usage[] = N_(
  "usage: market-report onnuri --market CODE --from YYYY-MM-DD --to YYYY-MM-DD\n"
  "         [--special YYYY-MM-DD:YYYY-MM-DD]... [--format json|csv|pdf|xlsx]\n"
  "         [--header names|ko] [--out FILE]\n"
  "         (--db DB | --hub URL --token TOKEN [--ca-file F] [--allow-http])\n");

/* "FROM:TO" as a period; FALSE for anything else. */
static gboolean special_parse(const char *text, AnPeriod *out)
{
  g_auto(GStrv) parts = g_strsplit(text, ":", -1);
  return g_strv_length(parts) == 2 && an_period_parse(parts[0], parts[1], out, NULL);
}

int market_report_onnuri(int argc, char **argv)
{
  g_autofree char *market = NULL, *from = NULL, *to = NULL, *format = NULL, *out = NULL;
  g_autofree char *db = NULL, *header = NULL;
  g_autofree char *remote_hub = NULL, *token = NULL, *ca_file = NULL;
  gboolean allow_http = FALSE;
  g_auto(GStrv) special = NULL;
  GOptionEntry entries[] = {
    {"market", 0, 0, G_OPTION_ARG_STRING, &market, N_("market code"), "CODE"},
    {"from", 0, 0, G_OPTION_ARG_STRING, &from, N_("first day"), "YYYY-MM-DD"},
    {"to", 0, 0, G_OPTION_ARG_STRING, &to, N_("last day"), "YYYY-MM-DD"},
    {"special", 0, 0, G_OPTION_ARG_STRING_ARRAY, &special,
     N_("special-discount weeks (repeatable)"), "FROM:TO"},
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
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("onnuri");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries(ctx, entries, MB_CLI_DOMAIN);
  if (!g_option_context_parse(ctx, &argc, &argv, &error))
    return market_report_usage_error(usage, error->message);
  HubReportFormat fmt;
  if (argc != 2)
    return market_report_usage_error(usage, _("one report: onnuri"));
  if (market == NULL || from == NULL || to == NULL)
    return market_report_usage_error(usage, _("--market, --from and --to are required"));
  if ((db == NULL) == (remote_hub == NULL))
    return market_report_usage_error(usage, _("give either --db DB or --hub URL"));
  if (remote_hub != NULL && token == NULL)
    return market_report_usage_error(usage, _("--hub needs --token"));
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
  guint n = special ? g_strv_length(special) : 0;
  g_autofree AnPeriod *weeks = g_new0(AnPeriod, n + 1);
  for (guint i = 0; i < n; i++)
    if (!special_parse(special[i], &weeks[i]))
      return market_report_usage_error(usage, _("--special is FROM:TO, two days in order"));
  g_autoptr(GBytes) bytes = NULL;
  if (db != NULL) {
    g_autoptr(HubStore) store = hub_store_open(db, HUB_OPEN_EXISTING, 1, &error);
    bytes = store ? hub_onnuri_build(store, market, from, to, weeks, n, fmt, &error) : NULL;
  } else {
    MarketReportRemote remote = {remote_hub, token, ca_file, allow_http};
    g_autofree char *m = g_uri_escape_string(market, NULL, FALSE);
    g_autofree char *f = g_uri_escape_string(from, NULL, FALSE);
    g_autofree char *t = g_uri_escape_string(to, NULL, FALSE);
    g_autofree char *weeks_list = n ? g_strjoinv(",", special) : NULL;
    g_autofree char *w = weeks_list ? g_uri_escape_string(weeks_list, ":", FALSE) : NULL;
    g_autofree char *path = g_strdup_printf(
      "/v1/markets/%s/reports/onnuri?from=%s&to=%s&format=%s%s%s", m, f, t,
      fmt == HUB_FORMAT_CSV_KO ? "csv-ko" : format ? format : "json", w ? "&special=" : "",
      w ? w : "");
    bytes = market_report_remote_get(&remote, path, &error);
  }
  if (bytes == NULL)
    return market_report_fail(error);
  if (!market_report_emit(bytes, out, &error))
    return market_report_fail(error);
  return 0;
}
