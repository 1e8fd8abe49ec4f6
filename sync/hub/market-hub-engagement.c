/*
** market-hub-engagement.c: the program's engagements from the command line.
**
**   market-hub engagement add --market M --stall S [--stall S2 ...]
**                             --start DAY [--label TEXT]
**   market-hub engagement list [--market M]
**
** add prints a sentence, then the new id alone on the last line, so a
** script takes `tail -n 1`.  list prints one tab-separated line an
** engagement: id, market, start, stalls (comma-separated), label.  Errors
** are "market-hub: error: CODE: message" with the code's exit status, as
** in every other command (market-hub-int.h).
*/
#include "market-hub-int.h"
#include "hub-engagement.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

static const char usage_line[] =
  "market-hub engagement add --market CODE --stall CODE [--stall CODE]... --start DAY"
  " [--label TEXT] | engagement list [--market CODE]";

static int add(HubStore *store, const char *market, char **stalls, const char *start,
               const char *label)
{
  g_autoptr(GError) error = NULL;
  int64_t id = 0;
  if (!hub_store_engagement_add(store, market, (const char *const *)stalls,
                                g_strv_length(stalls), start, label, &id, &error))
    return mh_fail(error);
  printf(_("engagement of %u stalls in market %s from %s added\n"), g_strv_length(stalls),
         market, start);
  printf("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

static int list(HubStore *store, const char *market)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = hub_store_engagement_list(store, market, &error);
  if (all == NULL)
    return mh_fail(error);
  for (guint i = 0; i < all->len; i++) {
    const HubEngagement *e = g_ptr_array_index(all, i);
    g_autoptr(GString) codes = g_string_new(NULL);
    for (guint k = 0; k < e->stalls->len; k++)
      g_string_append_printf(codes, "%s%s", k ? "," : "", (const char *)e->stalls->pdata[k]);
    printf("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", e->id, e->market_code, e->start,
           codes->str, e->label);
  }
  return 0;
}

int mh_cmd_engagement(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *market = NULL, *start = NULL, *label = NULL;
  g_auto(GStrv) stalls = NULL;
  GOptionEntry entries[] = {
    {"market", 0, 0, G_OPTION_ARG_FILENAME, &market, N_("market code"), "CODE"},
    {"stall", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &stalls, N_("a stall helped (repeatable)"),
     "CODE"},
    {"start", 0, 0, G_OPTION_ARG_FILENAME, &start, N_("first day of the help"), "YYYY-MM-DD"},
    {"label", 0, 0, G_OPTION_ARG_FILENAME, &label, N_("what the help is"), "TEXT"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0))
    return mh_usage(usage_line, NULL);
  gboolean is_add = strcmp(argv[1], "add") == 0;
  argc--, argv++;
  g_autoptr(GOptionContext) ctx = g_option_context_new(is_add ? "add" : "list");
  g_option_context_add_main_entries(ctx, entries, MB_CLI_DOMAIN);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &error))
    return mh_fail(error);
  if (argc != 1 || (is_add && (market == NULL || stalls == NULL || start == NULL))
      || (!is_add && (stalls != NULL || start != NULL || label != NULL)))
    return mh_usage(usage_line, NULL);
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  if (store == NULL)
    return mh_fail(error);
  return is_add ? add(store, market, stalls, start, label) : list(store, market);
}
