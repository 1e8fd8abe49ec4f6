/*
** market-hub.c: the hub program: `init`, `serve`, and the admin commands
** (markets, stalls, users, enrollment codes, devices, taxonomy).
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
#include "mb-clock.h"
#include "mb-file.h"
#include "mb-install.h"
#include "hub-qr.h"
#include "hub-server.h"
#include "hub-seed.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

typedef struct {
  const char *db;
} Cli;

/*
** Error lines carry the stable code first, for scripts, and the exit
** status is the code's: HubErrors through the hub table, a file GLib could
** not read as the hub's io, a flag GLib could not parse as usage.
*/
static int fail(const GError *error)
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
static int usage(const char *fmt, const char *arg)
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
static gboolean parse_flags(const char *summary, GOptionEntry *entries, int *argc,
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
static int verb_or_list(const char *verb, const char *usage_line, const char *verb_summary,
                        GOptionEntry *verb_entries, const char *list_summary,
                        GOptionEntry *list_entries, int *argc, char ***argv,
                        gboolean *is_verb)
{
  g_autoptr(GError) error = NULL;
  gboolean v = *argc >= 2 && strcmp((*argv)[1], verb) == 0;
  if (*argc < 2 || (!v && strcmp((*argv)[1], "list") != 0))
    return usage(usage_line, NULL);
  (*argc)--, (*argv)++;
  if (!parse_flags(v ? verb_summary : list_summary, v ? verb_entries : list_entries, argc,
                   argv, v ? 1 : 0, &error))
    return fail(error);
  *is_verb = v;
  return -1;
}

/* Admin commands need one reader only, and never create a database. */
static HubStore *open_store(const Cli *cli, GError **error)
{
  return hub_store_open(cli->db, HUB_OPEN_EXISTING, 1, error);
}

/* ---- init, taxonomy ---------------------------------------------------------- */

static gboolean import_text(HubStore *store, const char *text, guint *n, GError **error)
{
  g_autoptr(GPtrArray) lines = hub_taxonomy_parse(text, error);
  if (lines == NULL || !hub_store_taxonomy_import(store, lines, error))
    return FALSE;
  *n = lines->len;
  return TRUE;
}

/* Idempotent: a second init migrates if needed and leaves data alone. */
static int cmd_init(const Cli *cli, int argc, char **argv)
{
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    {"taxonomy", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("taxonomy CSV instead of the built-in"), "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!parse_flags("- create or migrate the hub database", entries, &argc, &argv, 0, &error))
    return fail(error);
  g_autoptr(HubStore) store = hub_store_open(cli->db, HUB_OPEN_CREATE, 1, &error);
  g_autoptr(GPtrArray) have = store ? hub_store_taxonomy_list(store, &error) : NULL;
  if (have == NULL)
    return fail(error);
  g_autofree char *text = NULL;
  guint n = have->len;
  if (file && !g_file_get_contents(file, &text, NULL, &error))
    return fail(error);
  if ((file || have->len == 0)
      && !import_text(store, text ? text : hub_taxonomy_builtin(), &n, &error))
    return fail(error);
  /* a PostgreSQL string may hold a password: never echoed */
  printf(_("hub ready at %s (schema %d, %u product lines)\n"),
         hub_store_is_postgres(cli->db) ? _("the PostgreSQL database") : cli->db,
         hub_store_schema_version(store), n);
  return 0;
}

/* import upserts the lines of a CSV (all or nothing); list prints them. */
static int cmd_taxonomy(const Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  gboolean import;
  int rc = verb_or_list("import", "market-hub taxonomy import FILE | taxonomy list", "FILE",
                        entries, "", entries, &argc, &argv, &import);
  if (rc >= 0)
    return rc;
  g_autoptr(HubStore) store = open_store(cli, &error);
  if (store == NULL)
    return fail(error);
  if (import) {
    g_autofree char *text = NULL;
    guint n = 0;
    if (!g_file_get_contents(argv[1], &text, NULL, &error)
        || !import_text(store, text, &n, &error))
      return fail(error);
    printf(_("%u product lines imported\n"), n);
    return 0;
  }
  g_autoptr(GPtrArray) lines = hub_store_taxonomy_list(store, &error);
  if (lines == NULL)
    return fail(error);
  for (guint i = 0; i < lines->len; i++) {
    const HubLine *l = g_ptr_array_index(lines, i);
    printf("%s\t%s\t%s\n", l->code, l->name_ko, l->name_en);
  }
  return 0;
}

/* ---- markets and stalls ------------------------------------------------------- */

static int cmd_market(const Cli *cli, int argc, char **argv)
{
  g_autofree char *name = NULL;
  GOptionEntry add_entries[] = {
    {"name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("market name"), "NAME"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry no_entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  gboolean add;
  int rc = verb_or_list("add", "market-hub market add CODE --name NAME | market list",
                        "CODE --name NAME", add_entries, "", no_entries, &argc, &argv, &add);
  if (rc >= 0)
    return rc;
  if (add && name == NULL)
    return usage("market-hub market add CODE --name NAME", NULL);
  g_autoptr(HubStore) store = open_store(cli, &error);
  if (store == NULL)
    return fail(error);
  if (add) {
    if (!hub_store_market_add(store, argv[1], name, &error))
      return fail(error);
    printf(_("market %s added\n"), argv[1]);
    return 0;
  }
  g_autoptr(GPtrArray) list = hub_store_market_list(store, &error);
  if (list == NULL)
    return fail(error);
  for (guint i = 0; i < list->len; i++) {
    const HubMarket *m = g_ptr_array_index(list, i);
    printf("%s\t%s\t%" G_GINT64_FORMAT "\n", m->code, m->name, m->n_stalls);
  }
  return 0;
}

/* stall add and stall list; a stall belongs to exactly one market. */
static int cmd_stall(const Cli *cli, int argc, char **argv)
{
  g_autofree char *name = NULL, *market = NULL;
  GOptionEntry entries[] = {
    {"market", 0, 0, G_OPTION_ARG_FILENAME, &market, N_("market code"), "CODE"},
    {"name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("stall name (add)"), "NAME"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  gboolean add;
  int rc = verb_or_list("add", "market-hub stall add CODE --market CODE --name NAME"
                        " | stall list [--market CODE]", "CODE --market CODE --name NAME",
                        entries, "[--market CODE]", entries, &argc, &argv, &add);
  if (rc >= 0)
    return rc;
  if (add && (name == NULL || market == NULL))
    return usage("market-hub stall add CODE --market CODE --name NAME", NULL);
  g_autoptr(HubStore) store = open_store(cli, &error);
  if (store == NULL)
    return fail(error);
  if (add) {
    if (!hub_store_stall_add(store, argv[1], market, name, &error))
      return fail(error);
    printf(_("stall %s added to market %s\n"), argv[1], market);
    return 0;
  }
  g_autoptr(GPtrArray) list = hub_store_stall_list(store, market, &error);
  if (list == NULL)
    return fail(error);
  for (guint i = 0; i < list->len; i++) {
    const HubStall *s = g_ptr_array_index(list, i);
    g_autofree char *sync = s->last_sync_ms ? mb_clock_iso(s->last_sync_ms) : g_strdup("never");
    printf("%s\t%s\t%s\t%s\n", s->code, s->name, s->market_code, sync);
  }
  return 0;
}

/* ---- enrollment codes, users, devices ------------------------------------------ */

static int cmd_enroll_code(const Cli *cli, int argc, char **argv)
{
  g_autofree char *stall_code = NULL, *png = NULL;
  GOptionEntry entries[] = {
    {"stall", 0, 0, G_OPTION_ARG_FILENAME, &stall_code, N_("stall code"), "CODE"},
    {"qr-png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("also write the code as a QR PNG"), "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!parse_flags("--stall CODE [--qr-png FILE]", entries, &argc, &argv, 0, &error))
    return fail(error);
  if (stall_code == NULL)
    return usage("market-hub enroll-code --stall CODE [--qr-png FILE]", NULL);
  g_autoptr(HubStore) store = open_store(cli, &error);
  g_autoptr(HubStall) stall = store ? hub_store_stall_get(store, stall_code, &error) : NULL;
  g_autofree char *code = NULL;
  int64_t expires = 0;
  if (stall == NULL
      || !hub_store_enroll_code_new(store, stall_code, pos_now_ms(), &code, &expires, &error))
    return fail(error);
  if (png && !hub_qr_write_png(code, png, &error))
    return fail(error);
  g_autofree char *until = mb_clock_iso(expires);
  printf(_("enrollment code for stall %s %s (%s %s), one use, valid until %s\n"), stall->code,
         stall->name, stall->market_code, stall->market_name, until);
  if (png)
    printf(_("QR code written to %s\n"), png);
  printf("%s\n", code);
  return 0;
}

/* The token is printed once, alone on the last line. */
static int user_add(HubStore *store, const char *name, const char *role_name,
                    char **markets)
{
  g_autoptr(GError) error = NULL;
  HubRole role;
  if (role_name == NULL || !hub_role_parse(role_name, &role))
    return usage(_("--role must be admin, manager or consultant"), NULL);
  g_autofree char *token = NULL;
  if (!hub_store_user_add(store, name, role, (const char *const *)markets, &token, &error))
    return fail(error);
  g_autofree char *list = markets ? g_strjoinv(",", markets) : g_strdup(_("all markets"));
  printf(_("user %s added: %s of %s\n"), name, role_name, list);
  printf(_("token (shown once, keep it secret):\n%s\n"), token);
  return 0;
}

/* user add, revoke, token and list share one flag table. */
static int cmd_user(const Cli *cli, int argc, char **argv)
{
  g_autofree char *role = NULL;
  g_auto(GStrv) markets = NULL;
  GOptionEntry entries[] = {
    {"role", 0, 0, G_OPTION_ARG_FILENAME, &role, N_("admin, manager or consultant"), "ROLE"},
    {"market", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &markets, N_("a market (repeatable)"), "CODE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry none[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  static const char *const subs[] = {"add", "revoke", "token", "list"};
  guint sub = 0;
  while (argc >= 2 && sub < G_N_ELEMENTS(subs) && strcmp(argv[1], subs[sub]) != 0)
    sub++;
  if (argc < 2 || sub == G_N_ELEMENTS(subs))
    return usage("market-hub user add NAME --role ROLE [--market CODE]... | user revoke NAME"
                 " | user token NAME | user list", NULL);
  argc--, argv++;
  g_autoptr(GError) error = NULL;
  if (!parse_flags(sub == 0 ? "NAME --role ROLE [--market CODE]..." : sub == 3 ? "" : "NAME",
                   sub == 0 ? entries : none, &argc, &argv, sub == 3 ? 0 : 1, &error))
    return fail(error);
  g_autoptr(HubStore) store = open_store(cli, &error);
  if (store == NULL)
    return fail(error);
  if (sub == 0)
    return user_add(store, argv[1], role, markets);
  if (sub == 1) {
    guint n = 0;
    if (!hub_store_user_revoke(store, argv[1], &n, &error))
      return fail(error);
    printf(_("user %s revoked (%u tokens)\n"), argv[1], n);
    return 0;
  }
  if (sub == 2) {
    g_autofree char *token = NULL;
    if (!hub_store_user_token(store, argv[1], &token, &error))
      return fail(error);
    printf(_("new token for %s (shown once, keep it secret):\n%s\n"), argv[1], token);
    return 0;
  }
  g_autoptr(GPtrArray) list = hub_store_user_list(store, &error);
  if (list == NULL)
    return fail(error);
  for (guint i = 0; i < list->len; i++)
    printf("%s\n", (const char *)g_ptr_array_index(list, i));
  return 0;
}

/* device revoke: for a lost or replaced till. */
static int cmd_device(const Cli *cli, int argc, char **argv)
{
  g_autofree char *stall = NULL, *device = NULL;
  GOptionEntry entries[] = {
    {"stall", 0, 0, G_OPTION_ARG_FILENAME, &stall, N_("stall code"), "CODE"},
    {"device", 0, 0, G_OPTION_ARG_FILENAME, &device, N_("one device id (default: all)"), "ID"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (argc < 2 || strcmp(argv[1], "revoke") != 0)
    return usage("market-hub device revoke --stall CODE [--device ID]", NULL);
  argc--, argv++;
  g_autoptr(GError) error = NULL;
  if (!parse_flags("--stall CODE [--device ID]", entries, &argc, &argv, 0, &error))
    return fail(error);
  if (stall == NULL)
    return usage("market-hub device revoke --stall CODE [--device ID]", NULL);
  g_autoptr(HubStore) store = open_store(cli, &error);
  guint n = 0;
  if (store == NULL || !hub_store_device_revoke(store, stall, device, &n, &error))
    return fail(error);
  printf(_("%u device tokens of stall %s revoked\n"), n, stall);
  return 0;
}

/* ---- backup, restore ------------------------------------------------------------ */

/*
** A backup's file name: hub-YYYYMMDD-HHMMSS-mmm.sqlite in UTC, so names
** sort by age; .pgdump (a pg_dump archive) for a hub on PostgreSQL.  Both
** suffixes have the same length, so one length test serves both.
*/
#define BACKUP_PREFIX "hub-"
#define BACKUP_SUFFIX ".sqlite"
#define BACKUP_SUFFIX_PG ".pgdump"
G_STATIC_ASSERT(sizeof BACKUP_SUFFIX == sizeof BACKUP_SUFFIX_PG);

static gboolean is_backup_name(const char *name)
{
  return g_str_has_prefix(name, BACKUP_PREFIX)
         && (g_str_has_suffix(name, BACKUP_SUFFIX) || g_str_has_suffix(name, BACKUP_SUFFIX_PG))
         && strlen(name) == strlen(BACKUP_PREFIX "20261202-013600-000" BACKUP_SUFFIX);
}

/* The byte order of the names is their age order. */
static gint newest_first(gconstpointer a, gconstpointer b)
{
  return -strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
** Deletes the backups of dir beyond the newest keep (only files named as
** this command names them: anything else in dir is left alone).
*/
static gboolean prune_backups(const char *dir, int keep, GError **error)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, error);
  if (d == NULL)
    return FALSE;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(d)) != NULL;)
    if (is_backup_name(n))
      g_ptr_array_add(names, g_strdup(n));
  g_ptr_array_sort(names, newest_first);
  for (guint i = (guint)keep; i < names->len; i++) {
    g_autofree char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
    if (g_remove(path) != 0) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "removing %s: %s", path, g_strerror(errno));
      return FALSE;
    }
    printf(_("removed %s\n"), path);
  }
  return TRUE;
}

/*
** An online backup of the live database (hub_store_backup: the hub keeps
** serving and ingesting), named by the time it started, then the oldest
** beyond --keep removed.  The path of the new file is the last line.
*/
static int cmd_backup(const Cli *cli, int argc, char **argv)
{
  g_autofree char *to = NULL;
  int keep = 0;
  GOptionEntry entries[] = {
    {"to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("directory of the backups"), "DIR"},
    {"keep", 0, 0, G_OPTION_ARG_INT, &keep, N_("keep the newest N backups (default: all)"), "N"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!parse_flags("--to DIR [--keep N]", entries, &argc, &argv, 0, &error))
    return fail(error);
  if (to == NULL || keep < 0)
    return usage("market-hub backup --to DIR [--keep N] (N at least 1)", NULL);
  if (g_mkdir_with_parents(to, 0700) != 0) {
    g_set_error(&error, HUB_ERROR, HUB_ERROR_IO, "making %s: %s", to, g_strerror(errno));
    return fail(error);
  }
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf(BACKUP_PREFIX "%s-%03d%s", stamp,
                                          g_date_time_get_microsecond(now) / 1000,
                                          hub_store_is_postgres(cli->db) ? BACKUP_SUFFIX_PG
                                                                         : BACKUP_SUFFIX);
  g_autofree char *dest = g_build_filename(to, name, NULL);
  if (!hub_store_backup(cli->db, dest, &error)
      || (keep > 0 && !prune_backups(to, keep, &error)))
    return fail(error);
  /* a PostgreSQL string may hold a password: never echoed */
  printf(_("backup of %s written:\n%s\n"),
         hub_store_is_postgres(cli->db) ? "PostgreSQL" : cli->db, dest);
  return 0;
}

/* Replaces the database with a checked backup (hub_store_restore says what is checked). */
static int cmd_restore(const Cli *cli, int argc, char **argv)
{
  g_autofree char *from = NULL;
  GOptionEntry entries[] = {
    {"from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("the backup file"), "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!parse_flags("--from FILE", entries, &argc, &argv, 0, &error))
    return fail(error);
  if (from == NULL)
    return usage("market-hub restore --from FILE", NULL);
  if (!hub_store_restore(cli->db, from, &error))
    return fail(error);
  if (hub_store_is_postgres(cli->db))
    printf(_("%s restored from %s\n"), "PostgreSQL", from);
  else
    printf(_("%s restored from %s (the replaced file is %s.before-restore)\n"), cli->db, from,
           cli->db);
  return 0;
}

/* ---- serve ------------------------------------------------------------------------ */

/*
** Every sale of a market and the hashes of its tokens are in the database:
** a hub does not serve one that other local users may read (or its WAL,
** which holds the latest batches), unless told so.  A file that cannot be
** examined is left to the store's open to report.
*/
static gboolean db_private(const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  if (mb_db_check_private(path, &local) || !g_error_matches(local, MB_ERROR, MB_ERROR_EXPOSED))
    return TRUE;
  g_set_error(error, HUB_ERROR, HUB_ERROR_EXPOSED,
              "%s; or serve it anyway with --allow-readable-db", local->message);
  return FALSE;
}

/*
** Every connection is a file descriptor, and so is every database file and
** reader: the soft limit (often 1024) is raised to the hard one, which
** only the administrator can move.  When even that is too small for the
** connection limit, the limit is lowered to fit and said so: past it, the
** kernel would refuse accept() with EMFILE and the listening socket would
** stay ready, a connection no one answers until one closes.
*/
static void raise_file_limit(HubServerOptions *o)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
      getrlimit(RLIMIT_NOFILE, &rl);
  }
  /* the busy reserve, the store's files and readers, the daemon's own */
  rlim_t spare = 16 + 300;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < o->max_connections + spare) {
    guint fit = rl.rlim_cur > spare + 1 ? (guint)(rl.rlim_cur - spare) : 1;
    fprintf(stderr, "market-hub: warning: the open-file limit (%llu) leaves room for %u"
                    " connections, not %u; raise it (ulimit -n, LimitNOFILE=)\n",
            (unsigned long long)rl.rlim_cur, fit, o->max_connections);
    o->max_connections = fit;
  }
}

static int cmd_serve(const Cli *cli, int argc, char **argv)
{
  HubServerOptions o;
  hub_server_options_init(&o);
  g_autofree char *listen = NULL, *cert = NULL, *key = NULL;
  gint64 max_body = (gint64)o.max_body;
  int max_events = (int)o.max_events, max_conn = (int)o.max_connections;
  int timeout = (int)o.timeout_s, readers = 8, threads = (int)o.threads;
  int per_address = (int)o.per_address, header_timeout = (int)o.header_timeout_s;
  int enroll_rate = (int)o.enroll_per_minute, auth_rate = (int)o.auth_failures_per_minute;
  gboolean no_access_log = FALSE, allow_readable = FALSE;
  GOptionEntry entries[] = {
    {"listen", 0, 0, G_OPTION_ARG_FILENAME, &listen, N_("address (default 127.0.0.1:8080)"), "HOST:PORT"},
    {"tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("TLS certificate (PEM)"), "FILE"},
    {"tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("TLS private key (PEM)"), "FILE"},
    {"max-body", 0, 0, G_OPTION_ARG_INT64, &max_body, N_("request body limit in bytes"), "N"},
    {"max-events", 0, 0, G_OPTION_ARG_INT, &max_events, N_("events per batch"), "N"},
    {"max-connections", 0, 0, G_OPTION_ARG_INT, &max_conn, N_("concurrent connections"), "N"},
    {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("idle connection timeout"), "SECONDS"},
    {"readers", 0, 0, G_OPTION_ARG_INT, &readers, N_("read connections (PostgreSQL: the pool)"), "N"},
    {"threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("worker threads"), "N"},
    {"max-per-address", 0, 0, G_OPTION_ARG_INT, &per_address,
     N_("concurrent connections from one address"), "N"},
    {"header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
     N_("seconds for a request's headers to arrive"), "SECONDS"},
    {"enroll-rate", 0, 0, G_OPTION_ARG_INT, &enroll_rate,
     N_("enrollment attempts per address and minute"), "N"},
    {"auth-fail-rate", 0, 0, G_OPTION_ARG_INT, &auth_rate,
     N_("failed authentications per address and minute"), "N"},
    {"no-access-log", 0, 0, G_OPTION_ARG_NONE, &no_access_log,
     N_("no request lines on standard error"), NULL},
    {"allow-readable-db", 0, 0, G_OPTION_ARG_NONE, &allow_readable,
     N_("serve a database that group or others may read"), NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!parse_flags("[--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [limits]", entries,
                   &argc, &argv, 0, &error)) {
    hub_server_options_clear(&o);
    return fail(error);
  }
  if (max_body < 1024 || max_body > G_GINT64_CONSTANT(1) << 30 || max_events < 1
      || max_events > 100000 || max_conn < 1 || max_conn > 10000 || timeout < 1
      || timeout > 3600 || readers < 1 || readers > 256 || threads < 1 || threads > 256
      || per_address < 1 || per_address > 10000 || header_timeout < 1 || header_timeout > 3600
      || enroll_rate < 1 || enroll_rate > 100000 || auth_rate < 1 || auth_rate > 100000) {
    hub_server_options_clear(&o);
    return usage(_("a limit is out of range (max-body 1 KiB-1 GiB, max-events 1-100000,"
                   " max-connections 1-10000, timeout 1-3600, readers 1-256, threads 1-256,"
                   " max-per-address 1-10000, header-timeout 1-3600, enroll-rate and"
                   " auth-fail-rate 1-100000)"), NULL);
  }
  if (listen) {
    g_free(o.listen);
    o.listen = g_steal_pointer(&listen);
  }
  o.tls_cert = g_steal_pointer(&cert);
  o.tls_key = g_steal_pointer(&key);
  o.max_body = (gsize)max_body;
  o.max_events = (guint)max_events;
  o.max_connections = (guint)max_conn;
  o.timeout_s = (guint)timeout;
  o.threads = (guint)threads;
  o.per_address = (guint)per_address;
  o.header_timeout_s = (guint)header_timeout;
  o.enroll_per_minute = (guint)enroll_rate;
  o.auth_failures_per_minute = (guint)auth_rate;
  o.access_log = !no_access_log;
  raise_file_limit(&o);

  /* Signals are taken synchronously by this thread: block them before the
  ** server's threads exist so that they all inherit the mask. */
  sigset_t sigs;
#if defined(__GLIBC__)
  /* A batch allocates and frees a few hundred KB (its body, its JSON tree)
  ** per request on every connection thread.  With glibc's defaults those
  ** blocks are mmapped or trimmed back to the kernel each time, and the
  ** page faults cost more than the ingest itself; keep them in the heap.
  ** No fastbins either: a batch frees some ten thousand small blocks (its
  ** JSON tree), and every later request of 1 KiB or more (an SQLite page
  ** buffer, the answer's array) made glibc merge them all first
  ** (malloc_consolidate: 6% of the hub's CPU at ingest).  Without
  ** fastbins they merge as they are freed, which costs less in all, and
  ** the per-thread cache still serves the small sizes (docs/BENCHMARKS.md,
  ** "Hub ingest"). */
  mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_MXFAST, 0);
#endif
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (!allow_readable && !db_private(cli->db, &error)) {
    hub_server_options_clear(&o);
    return fail(error);
  }
  g_autoptr(HubStore) store = hub_store_open(cli->db, HUB_OPEN_EXISTING, (guint)readers, &error);
  /* 64 MiB a reader: a 200-stall market-year's reports read some MiB of rollups */
  HubServer *srv = store && hub_store_cache_readers(store, 64, &error)
                     ? hub_server_start(store, &o, &error) : NULL;
  if (srv == NULL) {
    hub_server_options_clear(&o);
    return fail(error);
  }
  if (hub_server_plain_public(srv))
    fprintf(stderr, "market-hub: warning: serving plain HTTP on %s: tokens and sales cross the"
                    " network in clear; use --tls-cert/--tls-key or a TLS proxy in front\n",
            o.listen);
  const char *colon = strrchr(o.listen, ':');
  printf("market-hub: listening on %s://%.*s:%u\n", o.tls_cert ? "https" : "http",
         (int)(colon - o.listen), o.listen, hub_server_port(srv));
  fflush(stdout);
  int sig = 0;
  sigwait(&sigs, &sig);
  hub_server_stop(srv);
  hub_server_options_clear(&o);
  fprintf(stderr, _("market-hub: stopped (signal %d)\n"), sig);
  return 0;
}

/*
** Sanitizer builds: pango 1.50 over fontconfig 2.14 (Debian 12), used for
** the caption of the QR PNG, keeps font patterns in caches it never frees.
** LeakSanitizer reads this hook at exit and ignores leaks allocated inside
** fontconfig only (the same rule as tests/test-receipt.c); any other leak
** still fails.
*/
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
  return "leak:libfontconfig.so\n";
}
#endif

/* ---- main ----------------------------------------------------------------------------- */

/* ---- seed ------------------------------------------------------------------------ */

/*
** Seeding a demo hub takes seconds to a minute, so it shows how far it is:
** on a terminal one line redrawn in place (a bar, the stalls done, the
** documents stored); into a pipe or a file, where carriage returns would
** pile up, one plain line per market as it is finished.
*/
typedef struct {
  gboolean terminal;
  char market[16];              /* the market being seeded, "" before the first */
  guint stall_no, n_stalls;
  guint64 documents;
} SeedMeter;

#define SEED_BAR_WIDTH 30

static void seed_meter_draw(const SeedMeter *m)
{
  char bar[SEED_BAR_WIDTH + 1];
  guint filled = m->n_stalls ? m->stall_no * SEED_BAR_WIDTH / m->n_stalls : 0;
  for (guint i = 0; i < SEED_BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[SEED_BAR_WIDTH] = '\0';
  printf("\rseeding [%s] %u/%u stalls, %" G_GUINT64_FORMAT " documents", bar, m->stall_no,
         m->n_stalls, m->documents);
  fflush(stdout);
}

static void seed_meter_market_done(const SeedMeter *m)
{
  if (m->market[0] != '\0')
    printf("seeding: %s done, %u/%u stalls, %" G_GUINT64_FORMAT " documents\n", m->market,
           m->stall_no, m->n_stalls, m->documents);
}

static void seed_progress(const SeedStall *stall, guint stall_no, guint n_stalls,
                          guint64 documents, gpointer data)
{
  SeedMeter *m = data;
  if (!m->terminal && strcmp(m->market, stall->market_code) != 0) {
    seed_meter_market_done(m);
    g_strlcpy(m->market, stall->market_code, sizeof m->market);
  }
  m->stall_no = stall_no;
  m->n_stalls = n_stalls;
  m->documents = documents;
  if (m->terminal)
    seed_meter_draw(m);
}

/* The last market's line, or the bar full and its line ended. */
static void seed_meter_finish(SeedMeter *m)
{
  m->stall_no = m->n_stalls;
  if (m->terminal && m->n_stalls > 0) {
    seed_meter_draw(m);
    putchar('\n');
  } else if (!m->terminal) {
    seed_meter_market_done(m);
  }
}

/*
** Fills the hub with the generated demo world through the real ingest
** (seeds/README.md says what it plants).  Running it again with the same
** options stores nothing new.  The world ends yesterday by default (the
** Asia/Seoul day before today, which MPOS_NOW fixes), so a demo seeded
** today reads as recent history.
*/
static int cmd_seed(const Cli *cli, int argc, char **argv)
{
  SeedOptions o;
  seed_options_init(&o);
  mb_day_format(mb_clock_day(pos_now_ms()) - 1, o.until);
  g_autofree char *until = NULL;
  gint seed = (gint)o.seed;
  GOptionEntry entries[] = {
    {"markets", 0, 0, G_OPTION_ARG_INT, &o.markets, N_("markets (default 5)"), "N"},
    {"stalls", 0, 0, G_OPTION_ARG_INT, &o.stalls, N_("stalls per market (default 20)"), "N"},
    {"days", 0, 0, G_OPTION_ARG_INT, &o.days, N_("days of sales (default 90)"), "N"},
    {"until", 0, 0, G_OPTION_ARG_FILENAME, &until, N_("last day (default yesterday)"), "DAY"},
    {"receipts", 0, 0, G_OPTION_ARG_INT, &o.receipts,
     N_("a mid-size stall's receipts on a plain day (default 40)"), "N"},
    {"seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("random seed (default 1)"), "N"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!parse_flags("[--markets N] [--stalls N] [--days N] [--until DAY] [--receipts N] "
                   "[--seed N]", entries, &argc, &argv, 0, &error))
    return fail(error);
  if (until != NULL && !wire_day_valid(until))
    return usage(_("--until takes a day YYYY-MM-DD"), NULL);
  if (until != NULL)
    g_strlcpy(o.until, until, sizeof o.until);
  o.seed = (guint32)seed;
  g_autoptr(HubStore) store = open_store(cli, &error);
  HubSeedStats st;
  SeedMeter meter = {isatty(STDOUT_FILENO), "", 0, 0, 0};
  gboolean seeded = store != NULL && hub_seed_run(store, &o, seed_progress, &meter, &st, &error);
  if (meter.n_stalls > 0)
    seed_meter_finish(&meter);
  if (!seeded) {
    if (error->domain == POS_ERROR)   /* the generator's own checks */
      return usage(error->message, NULL);
    return fail(error);
  }
  printf("seeded %u new markets, %u new stalls: %" G_GUINT64_FORMAT " documents (%"
         G_GUINT64_FORMAT " accepted, %" G_GUINT64_FORMAT " already there) in %.1f s\n",
         st.markets, st.stalls, st.documents, st.accepted, st.duplicates, st.seconds);
  return 0;
}

typedef struct {
  const char *name;
  int (*run)(const Cli *cli, int argc, char **argv);
  const char *help;
} Command;

static const Command commands[] = {
  {"init", cmd_init, N_("init [--taxonomy FILE]          create or migrate the database")},
  {"serve", cmd_serve, "serve [--listen HOST:PORT] [--tls-cert F --tls-key F] [--max-body N]\n"
                       "      [--max-events N] [--max-connections N] [--timeout S] [--readers N]\n"
                       "      [--threads N] [--max-per-address N] [--header-timeout S]\n"
                       "      [--enroll-rate N] [--auth-fail-rate N] [--no-access-log]\n"
                       "      [--allow-readable-db]"},
  {"market", cmd_market, "market add CODE --name NAME | market list"},
  {"stall", cmd_stall, "stall add CODE --market CODE --name NAME | stall list [--market CODE]"},
  {"user", cmd_user, "user add NAME --role admin|manager|consultant [--market CODE]...\n"
                     "      user revoke NAME | user token NAME | user list"},
  {"enroll-code", cmd_enroll_code, "enroll-code --stall CODE [--qr-png FILE]"},
  {"device", cmd_device, "device revoke --stall CODE [--device ID]"},
  {"taxonomy", cmd_taxonomy, "taxonomy import FILE | taxonomy list"},
  {"backup", cmd_backup, N_("backup --to DIR [--keep N]       an online backup of the database")},
  {"restore", cmd_restore, N_("restore --from FILE             replace the database with a checked backup")},
  {"seed", cmd_seed, N_("seed [--markets N] [--stalls N] [--days N] [--until DAY] [--receipts N]\n"
                        "      [--seed N]\n"
                        "      fill the hub with the generated demo markets (seeds/README.md)")},
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
  Cli cli = {g_getenv("MPOS_HUB_DB") ? g_getenv("MPOS_HUB_DB") : "hub.sqlite"};
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
      return usage(_("unknown option "), argv[i]);
    }
  }
  if (i >= argc)
    return usage("market-hub [--db FILE] COMMAND ...", NULL);
  if (*cli.db == '\0')
    return usage(_("--db needs a file name"), NULL);
  for (guint k = 0; k < G_N_ELEMENTS(commands); k++)
    if (strcmp(argv[i], commands[k].name) == 0)
      return commands[k].run(&cli, argc - i, argv + i);
  return usage(_("unknown command "), argv[i]);
}
