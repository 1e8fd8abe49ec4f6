/*
** market-hub-admin.c: the admin commands of market-hub: init, taxonomy,
** markets, stalls, enrollment codes, users and devices.  Each opens the
** database directly (mh_open_store), does one thing through hub-store.h,
** and prints plain lines; a secret it makes is the last line alone.
*/
#include "market-hub-int.h"
#include "mb-clock.h"
#include "hub-qr.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

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
int mh_cmd_init(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *file = NULL;
  GOptionEntry entries[] = {
    {"taxonomy", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("taxonomy CSV instead of the built-in"), "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("- create or migrate the hub database", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  g_autoptr(HubStore) store = hub_store_open(cli->db, HUB_OPEN_CREATE, 1, &error);
  g_autoptr(GPtrArray) have = store ? hub_store_taxonomy_list(store, &error) : NULL;
  if (have == NULL)
    return mh_fail(error);
  g_autofree char *text = NULL;
  guint n = have->len;
  if (file && !g_file_get_contents(file, &text, NULL, &error))
    return mh_fail(error);
  if ((file || have->len == 0)
      && !import_text(store, text ? text : hub_taxonomy_builtin(), &n, &error))
    return mh_fail(error);
  /* a PostgreSQL string may hold a password: never echoed */
  printf(_("hub ready at %s (schema %d, %u product lines)\n"),
         hub_store_is_postgres(cli->db) ? _("the PostgreSQL database") : cli->db,
         hub_store_schema_version(store), n);
  return 0;
}

/* import upserts the lines of a CSV (all or nothing); list prints them. */
int mh_cmd_taxonomy(const MhCli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  gboolean import;
  int rc = mh_verb_or_list("import", "market-hub taxonomy import FILE | taxonomy list", "FILE",
                           entries, "", entries, &argc, &argv, &import);
  if (rc >= 0)
    return rc;
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  if (store == NULL)
    return mh_fail(error);
  if (import) {
    g_autofree char *text = NULL;
    guint n = 0;
    if (!g_file_get_contents(argv[1], &text, NULL, &error)
        || !import_text(store, text, &n, &error))
      return mh_fail(error);
    printf(_("%u product lines imported\n"), n);
    return 0;
  }
  g_autoptr(GPtrArray) lines = hub_store_taxonomy_list(store, &error);
  if (lines == NULL)
    return mh_fail(error);
  for (guint i = 0; i < lines->len; i++) {
    const HubLine *l = g_ptr_array_index(lines, i);
    printf("%s\t%s\t%s\n", l->code, l->name_ko, l->name_en);
  }
  return 0;
}

/* ---- markets and stalls ------------------------------------------------------- */

int mh_cmd_market(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *name = NULL;
  GOptionEntry add_entries[] = {
    {"name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("market name"), "NAME"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  GOptionEntry no_entries[] = {{NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  gboolean add;
  int rc = mh_verb_or_list("add", "market-hub market add CODE --name NAME | market list",
                           "CODE --name NAME", add_entries, "", no_entries, &argc, &argv, &add);
  if (rc >= 0)
    return rc;
  if (add && name == NULL)
    return mh_usage("market-hub market add CODE --name NAME", NULL);
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  if (store == NULL)
    return mh_fail(error);
  if (add) {
    if (!hub_store_market_add(store, argv[1], name, &error))
      return mh_fail(error);
    printf(_("market %s added\n"), argv[1]);
    return 0;
  }
  g_autoptr(GPtrArray) list = hub_store_market_list(store, &error);
  if (list == NULL)
    return mh_fail(error);
  for (guint i = 0; i < list->len; i++) {
    const HubMarket *m = g_ptr_array_index(list, i);
    printf("%s\t%s\t%" G_GINT64_FORMAT "\n", m->code, m->name, m->n_stalls);
  }
  return 0;
}

/* stall add and stall list; a stall belongs to exactly one market. */
int mh_cmd_stall(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *name = NULL, *market = NULL;
  GOptionEntry entries[] = {
    {"market", 0, 0, G_OPTION_ARG_FILENAME, &market, N_("market code"), "CODE"},
    {"name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("stall name (add)"), "NAME"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  gboolean add;
  int rc = mh_verb_or_list("add", "market-hub stall add CODE --market CODE --name NAME"
                           " | stall list [--market CODE]", "CODE --market CODE --name NAME",
                           entries, "[--market CODE]", entries, &argc, &argv, &add);
  if (rc >= 0)
    return rc;
  if (add && (name == NULL || market == NULL))
    return mh_usage("market-hub stall add CODE --market CODE --name NAME", NULL);
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  if (store == NULL)
    return mh_fail(error);
  if (add) {
    if (!hub_store_stall_add(store, argv[1], market, name, &error))
      return mh_fail(error);
    printf(_("stall %s added to market %s\n"), argv[1], market);
    return 0;
  }
  g_autoptr(GPtrArray) list = hub_store_stall_list(store, market, &error);
  if (list == NULL)
    return mh_fail(error);
  for (guint i = 0; i < list->len; i++) {
    const HubStall *s = g_ptr_array_index(list, i);
    g_autofree char *sync = s->last_sync_ms ? mb_clock_iso(s->last_sync_ms) : g_strdup("never");
    printf("%s\t%s\t%s\t%s\n", s->code, s->name, s->market_code, sync);
  }
  return 0;
}

/* ---- enrollment codes, users, devices ------------------------------------------ */

int mh_cmd_enroll_code(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *stall_code = NULL, *png = NULL;
  GOptionEntry entries[] = {
    {"stall", 0, 0, G_OPTION_ARG_FILENAME, &stall_code, N_("stall code"), "CODE"},
    {"qr-png", 0, 0, G_OPTION_ARG_FILENAME, &png, N_("also write the code as a QR PNG"), "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("--stall CODE [--qr-png FILE]", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  if (stall_code == NULL)
    return mh_usage("market-hub enroll-code --stall CODE [--qr-png FILE]", NULL);
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  g_autoptr(HubStall) stall = store ? hub_store_stall_get(store, stall_code, &error) : NULL;
  g_autofree char *code = NULL;
  int64_t expires = 0;
  if (stall == NULL
      || !hub_store_enroll_code_new(store, stall_code, pos_now_ms(), &code, &expires, &error))
    return mh_fail(error);
  if (png && !hub_qr_write_png(code, png, &error))
    return mh_fail(error);
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
    return mh_usage(_("--role must be admin, manager or consultant"), NULL);
  g_autofree char *token = NULL;
  if (!hub_store_user_add(store, name, role, (const char *const *)markets, &token, &error))
    return mh_fail(error);
  g_autofree char *list = markets ? g_strjoinv(",", markets) : g_strdup(_("all markets"));
  printf(_("user %s added: %s of %s\n"), name, role_name, list);
  printf(_("token (shown once, keep it secret):\n%s\n"), token);
  return 0;
}

/* user add, revoke, token and list share one flag table. */
int mh_cmd_user(const MhCli *cli, int argc, char **argv)
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
    return mh_usage("market-hub user add NAME --role ROLE [--market CODE]... | user revoke NAME"
                    " | user token NAME | user list", NULL);
  argc--, argv++;
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags(sub == 0 ? "NAME --role ROLE [--market CODE]..." : sub == 3 ? "" : "NAME",
                      sub == 0 ? entries : none, &argc, &argv, sub == 3 ? 0 : 1, &error))
    return mh_fail(error);
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  if (store == NULL)
    return mh_fail(error);
  if (sub == 0)
    return user_add(store, argv[1], role, markets);
  if (sub == 1) {
    guint n = 0;
    if (!hub_store_user_revoke(store, argv[1], &n, &error))
      return mh_fail(error);
    printf(_("user %s revoked (%u tokens)\n"), argv[1], n);
    return 0;
  }
  if (sub == 2) {
    g_autofree char *token = NULL;
    if (!hub_store_user_token(store, argv[1], &token, &error))
      return mh_fail(error);
    printf(_("new token for %s (shown once, keep it secret):\n%s\n"), argv[1], token);
    return 0;
  }
  g_autoptr(GPtrArray) list = hub_store_user_list(store, &error);
  if (list == NULL)
    return mh_fail(error);
  for (guint i = 0; i < list->len; i++)
    printf("%s\n", (const char *)g_ptr_array_index(list, i));
  return 0;
}

/* device revoke: for a lost or replaced till. */
int mh_cmd_device(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *stall = NULL, *device = NULL;
  GOptionEntry entries[] = {
    {"stall", 0, 0, G_OPTION_ARG_FILENAME, &stall, N_("stall code"), "CODE"},
    {"device", 0, 0, G_OPTION_ARG_FILENAME, &device, N_("one device id (default: all)"), "ID"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  if (argc < 2 || strcmp(argv[1], "revoke") != 0)
    return mh_usage("market-hub device revoke --stall CODE [--device ID]", NULL);
  argc--, argv++;
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("--stall CODE [--device ID]", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  if (stall == NULL)
    return mh_usage("market-hub device revoke --stall CODE [--device ID]", NULL);
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  guint n = 0;
  if (store == NULL || !hub_store_device_revoke(store, stall, device, &n, &error))
    return mh_fail(error);
  printf(_("%u device tokens of stall %s revoked\n"), n, stall);
  return 0;
}
