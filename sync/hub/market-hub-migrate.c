/*
** market-hub-migrate.c: `migrate --from SRC --to DST`, a hub moved to
** another store (hub-migrate.h: SQLite or PostgreSQL on either side).
**
** The global --db is not used: both ends are named, so that the command
** line says which way the copy goes.  Progress goes to standard error
** (one line redrawn on a terminal, a line per market otherwise, as seed
** does on standard output), the JSON summary to standard output; a
** difference found afterwards prints the summary too and exits with
** migrate_mismatch's status.
*/
#include "market-hub-int.h"
#include "hub-migrate.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  gboolean terminal;
  char market[24];         /* the market of the last stall, for the plain lines */
} MigrateMeter;

/* A stall's code begins with its market's ("M01-S03"): a line per market. */
static void migrate_progress(const char *stall_code, guint stall_no, guint n_stalls,
                             guint64 events, gpointer data)
{
  MigrateMeter *m = data;
  if (m->terminal) {
    fprintf(stderr, "\r%s %u/%u, %" G_GUINT64_FORMAT " %s", _("migrating: stalls"), stall_no,
            n_stalls, events, _("events"));
    if (stall_no == n_stalls)
      fputc('\n', stderr);
    return;
  }
  const char *dash = strchr(stall_code, '-');
  gsize len = dash ? (gsize)(dash - stall_code) : strlen(stall_code);
  if (stall_no == n_stalls || strncmp(m->market, stall_code, len) != 0 || m->market[len] != '\0') {
    fprintf(stderr, "%s %u/%u, %" G_GUINT64_FORMAT " %s\n", _("migrating: stalls"), stall_no,
            n_stalls, events, _("events"));
    g_strlcpy(m->market, stall_code, MIN(len + 1, sizeof m->market));
  }
}

int mh_cmd_migrate(const MhCli *cli, int argc, char **argv)
{
  (void)cli;
  g_autofree char *from = NULL, *to = NULL;
  GOptionEntry entries[] = {
    {"from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("the hub to copy (a file or a PostgreSQL string)"), "DB"},
    {"to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("the empty hub to fill (made when missing)"), "DB"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("--from DB --to DB", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  if (from == NULL || to == NULL || *from == '\0' || *to == '\0')
    return mh_usage("market-hub migrate --from DB --to DB", NULL);
  MigrateMeter meter = {isatty(STDERR_FILENO), ""};
  g_autofree char *summary = NULL;
  gboolean ok = hub_migrate(from, to, migrate_progress, &meter, &summary, &error);
  if (summary != NULL)
    printf("%s\n", summary);
  return ok ? 0 : mh_fail(error);
}
