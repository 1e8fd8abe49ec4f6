/*
** market-report-onnuri.c: the Onnuri review list of a market as a file,
** for its manager (docs/ANALYTICS.md, "Onnuri review").
**
**   market-report onnuri --market M --from DAY --to DAY
**       [--special FROM:TO]... [--format json|csv|pdf|xlsx] [--header names|ko]
**       [--out FILE] --db DB
**
** --special gives the special-discount weeks of the period (온누리상품권
** 특별할인), when paper certificates are bought cheap and a burst of them
** at one stall means more than at other times; without it the burst
** signal is not read, and each row says so.
*/
#include "market-report-onnuri.h"
#include "hub-onnuri.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static const char usage[] = N_(
  "usage: market-report onnuri --market CODE --from YYYY-MM-DD --to YYYY-MM-DD\n"
  "         [--special YYYY-MM-DD:YYYY-MM-DD]... [--format json|csv|pdf|xlsx]\n"
  "         [--header names|ko] [--out FILE] --db DB\n");

static int fail(const GError *e)
{
  const MposErrorInfo *info = e->domain == HUB_ERROR      ? hub_error_info(e->code)
                              : e->domain == AN_ERROR     ? hub_report_error_info(e->code)
                              : e->domain == G_FILE_ERROR ? hub_error_info(HUB_ERROR_IO)
                                                          : NULL;
  fprintf(stderr, "market-report: %s: %s\n", info ? info->name : "internal", e->message);
  return (int)mpos_error_exit(info);
}

static int usage_error(const char *why)
{
  fprintf(stderr, "market-report: usage: %s\n%s", why, _(usage));
  return MPOS_EXIT_USAGE;
}

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
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GOptionContext) ctx = g_option_context_new("onnuri");
  g_autoptr(GError) error = NULL;
  g_option_context_add_main_entries(ctx, entries, MB_CLI_DOMAIN);
  if (!g_option_context_parse(ctx, &argc, &argv, &error))
    return usage_error(error->message);
  HubReportFormat fmt;
  if (argc != 2)
    return usage_error(_("one report: onnuri"));
  if (market == NULL || from == NULL || to == NULL)
    return usage_error(_("--market, --from and --to are required"));
  if (db == NULL)
    return usage_error(_("--db DB is required"));
  /* csv-ko is the HTTP name of --format csv --header ko */
  if (!hub_report_format_parse(format ? format : "json", &fmt) || fmt == HUB_FORMAT_TEXT
      || fmt == HUB_FORMAT_CSV_KO)
    return usage_error(_("--format is json, csv, pdf or xlsx"));
  if (header != NULL && strcmp(header, "names") != 0 && strcmp(header, "ko") != 0)
    return usage_error(_("--header is names or ko"));
  if (header != NULL && fmt != HUB_FORMAT_CSV)
    return usage_error(_("--header goes with --format csv"));
  if (header != NULL && strcmp(header, "ko") == 0)
    fmt = HUB_FORMAT_CSV_KO;
  guint n = special ? g_strv_length(special) : 0;
  g_autofree AnPeriod *weeks = g_new0(AnPeriod, n + 1);
  for (guint i = 0; i < n; i++)
    if (!special_parse(special[i], &weeks[i]))
      return usage_error(_("--special is FROM:TO, two days in order"));
  g_autoptr(HubStore) store = hub_store_open(db, HUB_OPEN_EXISTING, 1, &error);
  g_autoptr(GBytes) bytes =
    store ? hub_onnuri_build(store, market, from, to, weeks, n, fmt, &error) : NULL;
  if (bytes == NULL)
    return fail(error);
  gsize len;
  const char *data = g_bytes_get_data(bytes, &len);
  if (out != NULL && strcmp(out, "-") != 0) {
    if (!an_write_file(out, data, len, &error))
      return fail(error);
    fprintf(stderr, _("market-report: wrote %s (%zu bytes)\n"), out, len);
    return 0;
  }
  if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
    g_set_error(&error, HUB_ERROR, HUB_ERROR_IO, "cannot write the report to standard output");
    return fail(error);
  }
  return 0;
}
