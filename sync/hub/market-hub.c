/*
** market-hub.c: the hub program's entry: the global options, the table of
** commands (each implemented in a market-hub-GROUP.c file beside this one,
** declared in market-hub-int.h), help drawn from that table, and the
** helpers every command shares.
**
**   market-hub [--db FILE] COMMAND [ARGS...]
**
** Admin commands act on the database file directly: whoever can write the
** file is an admin, which is how an operator bootstraps the first admin
** token.  They may run while `serve` is running (SQLite WAL: the CLI waits
** for the server's writer at most a few seconds).  Output is plain lines
** for scripts; a command that makes a secret (a token, an enrollment code)
** prints it alone on the last line of standard output.  Errors go to
** standard error as "market-hub: error: CODE: message"; the exit status is
** the one scheme of every program (docs/ERRORS.md, mpos-errors.h): 0 on
** success, 2 for a usage mistake, otherwise the exit status of the error's
** code in its table (3 bad input, 4 not found, 5 refused, 6 database or
** file, 7 listening).
*/
#include "market-hub-int.h"
#include "mb-install.h"
#include "wire-codec.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/*
** Error lines carry the stable code first, for scripts, and the exit
** status is the code's: HubErrors through the hub table, a file GLib could
** not read as the hub's io, a flag GLib could not parse as usage.
*/
int mh_fail(const GError *error)
{
  const MposErrorInfo *info =
    error->domain == HUB_ERROR      ? hub_error_info(error->code)
    : error->domain == G_FILE_ERROR ? hub_error_info(HUB_ERROR_IO)
                                    : NULL;
  gboolean is_usage = error->domain == G_OPTION_ERROR;
  const char *code = is_usage ? "usage" : info ? info->name : "internal";
  fprintf(stderr, "market-hub: error: %s: %s\n", code, error->message);
  return is_usage ? MPOS_EXIT_USAGE : (int)mpos_error_exit(info);
}

/* A usage mistake: what was expected, and where to look. */
int mh_usage(const char *fmt, const char *arg)
{
  fprintf(stderr, "market-hub: error: usage: ");
  fprintf(stderr, "%s%s\n", fmt, arg ? arg : "");
  fputs(_("(market-hub --help lists the commands)\n"), stderr);
  return MPOS_EXIT_USAGE;
}

/*
** Parses a subcommand's flags; on return argv holds only the positional
** arguments, argv[0] being the subcommand.  Exactly n_pos positionals are
** required, so a stray word is an error rather than silently ignored.
** Every flag is declared FILENAME (bytes as given): GOption would convert
** STRING from the locale's charset and refuse Korean names under LANG=C;
** names are UTF-8 by contract and the store checks them.
*/
gboolean mh_parse_flags(const char *summary, GOptionEntry *entries, int *argc,
                        char ***argv, int n_pos, GError **error)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new(summary);
  g_option_context_add_main_entries(ctx, entries, MB_CLI_DOMAIN);
  g_option_context_set_help_enabled(ctx, TRUE);
  if (!g_option_context_parse(ctx, argc, argv, error))
    return FALSE;
  if (*argc != n_pos + 1) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s %s",
                (*argv)[0], summary);
    return FALSE;
  }
  return TRUE;
}

/*
** The start the "VERB ... | list" commands share (taxonomy import, market
** add, stall add): argv[1] must be verb or "list", else usage_line; the
** verb takes one positional and verb_entries, list none and list_entries.
** Returns -1 to go on, with *is_verb set and argv[0] the subcommand, or
** the exit status to return.
*/
int mh_verb_or_list(const char *verb, const char *usage_line, const char *verb_summary,
                    GOptionEntry *verb_entries, const char *list_summary,
                    GOptionEntry *list_entries, int *argc, char ***argv, gboolean *is_verb)
{
  g_autoptr(GError) error = NULL;
  gboolean v = *argc >= 2 && strcmp((*argv)[1], verb) == 0;
  if (*argc < 2 || (!v && strcmp((*argv)[1], "list") != 0))
    return mh_usage(usage_line, NULL);
  (*argc)--, (*argv)++;
  if (!mh_parse_flags(v ? verb_summary : list_summary, v ? verb_entries : list_entries, argc,
                   argv, v ? 1 : 0, &error))
    return mh_fail(error);
  *is_verb = v;
  return -1;
}

/* Admin commands need one reader only, and never create a database. */
HubStore *mh_open_store(const MhCli *cli, GError **error)
{
  return hub_store_open(cli->db, HUB_OPEN_EXISTING, 1, error);
}

/* ---- the commands ---------------------------------------------------------------- */

typedef struct {
  const char *name;
  int (*run)(const MhCli *cli, int argc, char **argv);
  const char *help;
} Command;

static const Command commands[] = {
  {"init", mh_cmd_init, N_("init [--taxonomy FILE]          create or migrate the database")},
  {"serve", mh_cmd_serve, "serve [--listen HOST:PORT] [--tls-cert F --tls-key F] [--max-body N]\n"
                       "      [--max-events N] [--max-connections N] [--timeout S] [--readers N]\n"
                       "      [--threads N] [--max-per-address N] [--header-timeout S]\n"
                       "      [--enroll-rate N] [--auth-fail-rate N] [--no-access-log]\n"
                       "      [--allow-readable-db]"},
  {"market", mh_cmd_market, "market add CODE --name NAME | market list"},
  {"stall", mh_cmd_stall, "stall add CODE --market CODE --name NAME | stall list [--market CODE]"},
  {"user", mh_cmd_user, "user add NAME --role admin|manager|consultant [--market CODE]...\n"
                     "      user revoke NAME | user token NAME | user list"},
  {"enroll-code", mh_cmd_enroll_code, "enroll-code --stall CODE [--qr-png FILE]"},
  {"device", mh_cmd_device, "device revoke --stall CODE [--device ID]"},
  {"taxonomy", mh_cmd_taxonomy, "taxonomy import FILE | taxonomy list"},
  {"backup", mh_cmd_backup, N_("backup --to DIR [--keep N]       an online backup of the database")},
  {"restore", mh_cmd_restore, N_("restore --from FILE             replace the database with a checked backup")},
  {"engagement", mh_cmd_engagement,
   N_("engagement add --market CODE --stall CODE [--stall CODE]... --start DAY [--label TEXT]\n"
      "      engagement list [--market CODE]    the program's help to stalls (impact report)")},
  {"seed", mh_cmd_seed, N_("seed [--markets N] [--stalls N] [--days N] [--until DAY] [--receipts N]\n"
                        "      [--seed N]\n"
                        "      fill the hub with the generated demo markets (seeds/README.md)")},
  {"migrate", mh_cmd_migrate, N_("migrate --from DB --to DB        copy a hub into an empty one (SQLite or PostgreSQL)")},
};

/* The command list is the table itself, so help cannot drift from it. */
static void help(void)
{
  fputs(_("usage: market-hub [--db DB] COMMAND ...\n\n"
          "The Market POS hub. DB is a SQLite file, or a PostgreSQL database as a\n"
          "postgresql:// URI or a libpq keyword string (\"host=/run/pg dbname=hub\");\n"
          "it defaults to $MPOS_HUB_DB or hub.sqlite.\n\n"), stdout);
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    printf("  %s\n", _(commands[i].help));
  fputs(_("\nSee market-hub(1) and docs/hub.md.\n"), stdout);
}

/*
** Global options (--db) come before the command; the command parses the
** rest with its own flags.
*/
int main(int argc, char **argv)
{
  mb_i18n_cli_init(MB_CLI_DOMAIN);
  MhCli cli = {g_getenv("MPOS_HUB_DB") ? g_getenv("MPOS_HUB_DB") : "hub.sqlite"};
  int i = 1;
  while (i < argc && g_str_has_prefix(argv[i], "--")) {
    if (strcmp(argv[i], "--help") == 0) {
      help();
      return 0;
    }
    if (strcmp(argv[i], "--version") == 0) {
      printf("market-hub %s (hub schema %d on SQLite, %d on PostgreSQL, protocol %d)\n",
             mb_version(), hub_store_schema_version_of(FALSE), hub_store_schema_version_of(TRUE),
             WIRE_PROTOCOL_VERSION);
      return 0;
    }
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
      cli.db = argv[i + 1];
      i += 2;
    } else if (g_str_has_prefix(argv[i], "--db=")) {
      cli.db = argv[i] + 5;
      i++;
    } else {
      return mh_usage(_("unknown option "), argv[i]);
    }
  }
  if (i >= argc)
    return mh_usage("market-hub [--db FILE] COMMAND ...", NULL);
  if (*cli.db == '\0')
    return mh_usage(_("--db needs a file name"), NULL);
  for (guint k = 0; k < G_N_ELEMENTS(commands); k++)
    if (strcmp(argv[i], commands[k].name) == 0)
      return commands[k].run(&cli, argc - i, argv + i);
  return mh_usage(_("unknown command "), argv[i]);
}
