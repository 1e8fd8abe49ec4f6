/*
** market-hub-int.h: what the files of the market-hub program share: the
** global options, the error and usage lines, the flag parsing, and one
** function per command (market-hub-admin.c, market-hub-backup.c,
** market-hub-serve.c, market-hub-seed.c, market-hub-migrate.c,
** market-hub-engagement.c), which
** market-hub.c dispatches to from its table.
**
** Each command takes its own argv (argv[0] the command's name) and returns
** the program's exit status (docs/ERRORS.md).  Nothing here allocates for
** the caller except mh_open_store (transfer full); every other pointer is
** transfer none.
*/
#ifndef MARKET_HUB_INT_H
#define MARKET_HUB_INT_H

#include "hub-store.h"
#include <glib.h>

G_BEGIN_DECLS

/* The global options, given before the command. */
typedef struct {
  const char *db;
} MhCli;

int mh_fail(const GError *error);
int mh_usage(const char *fmt, const char *arg);
gboolean mh_parse_flags(const char *summary, GOptionEntry *entries, int *argc, char ***argv,
                        int n_pos, GError **error);
int mh_verb_or_list(const char *verb, const char *usage_line, const char *verb_summary,
                    GOptionEntry *verb_entries, const char *list_summary,
                    GOptionEntry *list_entries, int *argc, char ***argv, gboolean *is_verb);
/* transfer full */
HubStore *mh_open_store(const MhCli *cli, GError **error);

/* market-hub-admin.c */
int mh_cmd_init(const MhCli *cli, int argc, char **argv);
int mh_cmd_taxonomy(const MhCli *cli, int argc, char **argv);
int mh_cmd_market(const MhCli *cli, int argc, char **argv);
int mh_cmd_stall(const MhCli *cli, int argc, char **argv);
int mh_cmd_enroll_code(const MhCli *cli, int argc, char **argv);
int mh_cmd_user(const MhCli *cli, int argc, char **argv);
int mh_cmd_device(const MhCli *cli, int argc, char **argv);
/* market-hub-backup.c */
int mh_cmd_backup(const MhCli *cli, int argc, char **argv);
int mh_cmd_restore(const MhCli *cli, int argc, char **argv);
/* market-hub-serve.c */
int mh_cmd_serve(const MhCli *cli, int argc, char **argv);
/* market-hub-seed.c */
int mh_cmd_seed(const MhCli *cli, int argc, char **argv);
/* market-hub-migrate.c */
int mh_cmd_migrate(const MhCli *cli, int argc, char **argv);
/* market-hub-engagement.c */
int mh_cmd_engagement(const MhCli *cli, int argc, char **argv);

G_END_DECLS
#endif
