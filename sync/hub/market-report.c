/*
** market-report.c: the analytics reports as files, for consultants.
**
**   market-report lines|stores|stalls|all --market M --from DAY --to DAY
**       [--compare previous|last-year|none] [--format json|csv|pdf|text|xlsx]
**       [--header names|ko] [--out FILE]
**       (--db DB | --hub URL --token TOKEN [--ca-file F] [--allow-http])
**
** With --db it reads a hub database directly (read-only use of the rollups);
** with --hub it asks the hub's API, which checks that the token may read the
** market.  Both give the same bytes: the hub builds its answer with the same
** hub_report_build.  "all" is the consultant's full PDF.
**
** Errors go to standard error as "market-report: CODE: message".  The exit
** status is the one scheme of every program (docs/ERRORS.md): 0 ok, 1
** internal, 2 usage, 3 bad input, 4 not found (an unknown market), 5
** refused (token, no database yet), 6 database or file, 7 network or hub;
** each error's comes from its code's row: the hub's table (--db), the
** report table (the analytics' errors), or the hub's own code in its
** answer (--hub), never from the message.
*/
#include "hub-report.h"
#include "market-report-impact.h"
#include "market-report-onnuri.h"
#include "market-report-common.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static const char usage[] = N_(
  "usage: market-report lines|stores|stalls|all --market CODE --from YYYY-MM-DD\n"
  "         --to YYYY-MM-DD [--compare previous|last-year|none]\n"
  "         [--format json|csv|pdf|text|xlsx] [--header names|ko] [--out FILE]\n"
  "         (--db DB | --hub URL --token TOKEN [--ca-file F] [--allow-http])\n"
  "       market-report impact --engagement ID [--to DAY]\n"
  "         [--format json|csv|pdf|xlsx] [--header names|ko] [--out FILE]\n"
  "         (--db DB | --hub URL --token TOKEN --market CODE)\n"
  "       market-report onnuri --market CODE --from DAY --to DAY [--special FROM:TO]...\n"
  "         [--format json|csv|pdf|xlsx] [--header names|ko] [--out FILE]\n"
  "         (--db DB | --hub URL --token TOKEN)\n"
  "'all' is the consultant's PDF with every report; impact, the program's effect\n"
  "for one engagement; onnuri, the managers' review list (docs/ANALYTICS.md).\n"
  "Exit codes: 0 ok, 1 internal, 2 usage, 3 bad input, 4 not found, 5 refused,\n"
  "6 database or file, 7 network or hub (docs/ERRORS.md).\n");

/* The report's route on the hub, its query escaped (transfer full). */
static char *report_route(const char *kind, const char *market, const char *from, const char *to,
                          const char *compare, const char *format)
{
  g_autofree char *m = g_uri_escape_string(market, NULL, FALSE);
  g_autofree char *f = g_uri_escape_string(from, NULL, FALSE);
  g_autofree char *t = g_uri_escape_string(to, NULL, FALSE);
  return g_strdup_printf("/v1/markets/%s/reports/%s?from=%s&to=%s&compare=%s&format=%s", m, kind,
                         f, t, compare, format);
}

static GBytes *from_db(const char *path, HubReportKind kind, const char *market,
                       const char *from, const char *to, AnCompare compare,
                       HubReportFormat format, GError **error)
{
  g_autoptr(HubStore) store = hub_store_open(path, HUB_OPEN_EXISTING, 1, error);
  if (store == NULL)
    return NULL;
  return hub_report_build(store, kind, market, from, to, compare, format, error);
}

int main(int argc, char **argv)
{
  mb_i18n_cli_init(MB_CLI_DOMAIN);
  if (argc >= 2 && strcmp(argv[1], "impact") == 0)
    return market_report_impact(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "onnuri") == 0)
    return market_report_onnuri(argc, argv);
  g_autofree char *market = NULL, *from = NULL, *to = NULL, *compare = NULL, *format = NULL;
  g_autofree char *out = NULL, *db = NULL, *hub = NULL, *token = NULL, *ca_file = NULL;
  g_autofree char *header = NULL;
  gboolean allow_http = FALSE, version = FALSE;
  GOptionEntry entries[] = {
    {"market", 0, 0, G_OPTION_ARG_STRING, &market, N_("market code"), "CODE"},
    {"from", 0, 0, G_OPTION_ARG_STRING, &from, N_("first day"), "YYYY-MM-DD"},
    {"to", 0, 0, G_OPTION_ARG_STRING, &to, N_("last day"), "YYYY-MM-DD"},
    {"compare", 0, 0, G_OPTION_ARG_STRING, &compare, N_("previous (default), last-year, none"), "MODE"},
    {"format", 0, 0, G_OPTION_ARG_STRING, &format,
     N_("json (default), csv, pdf, xlsx (Excel), or text (the plain-Korean summary)"), "FORMAT"},
    {"header", 0, 0, G_OPTION_ARG_STRING, &header,
     N_("CSV heading row: names (the JSON's, default) or ko (Korean)"), "HEADER"},
    {"out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("write here (default: standard output)"), "FILE"},
    {"db", 0, 0, G_OPTION_ARG_FILENAME, &db,
     N_("a hub database: a SQLite file or a PostgreSQL URI"), "DB"},
    {"hub", 0, 0, G_OPTION_ARG_STRING, &hub, N_("a hub URL"), "URL"},
    {"token", 0, 0, G_OPTION_ARG_STRING, &token, N_("your token for --hub"), "TOKEN"},
    {"ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("CA bundle for a private hub"), "FILE"},
    {"allow-http", 0, 0, G_OPTION_ARG_NONE, &allow_http, N_("plain HTTP to any host"), NULL},
    {"version", 0, 0, G_OPTION_ARG_NONE, &version, N_("the version and the schemas it reads"), NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("lines|stores|stalls|all");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries(ctx, entries, MB_CLI_DOMAIN);
  g_option_context_set_description(ctx, _(usage));
  if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
    fprintf(stderr, "market-report: usage: %s\n%s", error->message, _(usage));
    return MPOS_EXIT_USAGE;
  }
  if (version) {
    printf("market-report %s (hub schema %d on SQLite, %d on PostgreSQL, protocol %d)\n",
           mb_version(), hub_store_schema_version_of(FALSE), hub_store_schema_version_of(TRUE),
           WIRE_PROTOCOL_VERSION);
    return 0;
  }
  HubReportKind kind;
  HubReportFormat fmt;
  AnCompare cmp;
  const char *why = NULL;
  if (argc != 2 || !hub_report_kind_parse(argv[1], &kind))
    why = N_("give one report: lines, stores, stalls or all");
  else if (market == NULL || from == NULL || to == NULL)
    why = N_("--market, --from and --to are required");
  else if (!hub_report_format_parse(format ? format : (kind == HUB_REPORT_ALL ? "pdf" : "json"),
                                    &fmt) || fmt == HUB_FORMAT_CSV_KO)
    why = N_("--format is json, csv, pdf, text or xlsx");
  else if (header != NULL && strcmp(header, "names") != 0 && strcmp(header, "ko") != 0)
    why = N_("--header is names or ko");
  else if (header != NULL && fmt != HUB_FORMAT_CSV)
    why = N_("--header goes with --format csv");
  else if (!an_compare_parse(compare ? compare : "previous", &cmp))
    why = N_("--compare is previous, last-year or none");
  else if ((db == NULL) == (hub == NULL))
    why = N_("give either --db DB or --hub URL");
  else if (hub != NULL && token == NULL)
    why = N_("--hub needs --token");
  if (why != NULL)
    return market_report_usage_error(usage, _(why));
  if (header != NULL && strcmp(header, "ko") == 0)
    fmt = HUB_FORMAT_CSV_KO;
  g_autoptr(GBytes) bytes = NULL;
  if (db != NULL) {
    bytes = from_db(db, kind, market, from, to, cmp, fmt, &error);
  } else {
    const MarketReportRemote remote = {hub, token, ca_file, allow_http};
    g_autofree char *route =
      report_route(argv[1], market, from, to, an_compare_name(cmp),
                   fmt == HUB_FORMAT_CSV_KO ? "csv-ko"
                   : format ? format : (kind == HUB_REPORT_ALL ? "pdf" : "json"));
    bytes = market_report_remote_get(&remote, route, &error);
  }
  if (bytes == NULL || !market_report_emit(bytes, out, &error))
    return market_report_fail(error);
  return 0;
}
