/*
** market-hub-backup.c: `backup` and `restore`.  The copying itself is the
** store's (hub_store_backup, hub_store_restore: SQLite's online backup or
** pg_dump); this file names the files by time and prunes old ones.
*/
#include "market-hub-int.h"
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

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
int mh_cmd_backup(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *to = NULL;
  int keep = 0;
  GOptionEntry entries[] = {
    {"to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("directory of the backups"), "DIR"},
    {"keep", 0, 0, G_OPTION_ARG_INT, &keep, N_("keep the newest N backups (default: all)"), "N"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("--to DIR [--keep N]", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  if (to == NULL || keep < 0)
    return mh_usage("market-hub backup --to DIR [--keep N] (N at least 1)", NULL);
  if (g_mkdir_with_parents(to, 0700) != 0) {
    g_set_error(&error, HUB_ERROR, HUB_ERROR_IO, "making %s: %s", to, g_strerror(errno));
    return mh_fail(error);
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
    return mh_fail(error);
  /* a PostgreSQL string may hold a password: never echoed */
  printf(_("backup of %s written:\n%s\n"),
         hub_store_is_postgres(cli->db) ? "PostgreSQL" : cli->db, dest);
  return 0;
}

/* Replaces the database with a checked backup (hub_store_restore says what is checked). */
int mh_cmd_restore(const MhCli *cli, int argc, char **argv)
{
  g_autofree char *from = NULL;
  GOptionEntry entries[] = {
    {"from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("the backup file"), "FILE"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("--from FILE", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  if (from == NULL)
    return mh_usage("market-hub restore --from FILE", NULL);
  if (!hub_store_restore(cli->db, from, &error))
    return mh_fail(error);
  if (hub_store_is_postgres(cli->db))
    printf(_("%s restored from %s\n"), "PostgreSQL", from);
  else
    printf(_("%s restored from %s (the replaced file is %s.before-restore)\n"), cli->db, from,
           cli->db);
  return 0;
}
