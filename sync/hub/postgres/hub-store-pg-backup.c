/*
** hub-store-pg-backup.c: hub_store_backup and hub_store_restore for a hub
** on PostgreSQL, by PostgreSQL's own tools rather than by hand.
**
** Backup runs pg_dump in its custom format (-Fc: compressed, read back
** only by pg_restore, which can list it and pick single tables out).
** pg_dump reads everything in one repeatable-read transaction, so the
** copy is one consistent moment of the database, and it takes only
** ACCESS SHARE locks, which no insert or update of the hub waits for: the
** hub keeps ingesting while it runs.  It writes DEST.part and renames it,
** so DEST appears complete or not at all.
**
** Restore goes only into an empty database (a new one from createdb): the
** archive is checked first (pg_restore can list it; its meta table says
** application market-hub and a schema this hub reads), then pg_restore
** runs in one transaction that stops at the first error, so a failure
** leaves the database as empty as it was.  Finally the store is opened,
** as a hub would open it.
**
** The tools are found on PATH (Debian: postgresql-client).  The database
** string goes to them as their --dbname; it is never put in an error
** message, since it may hold a password (prefer ~/.pgpass or peer
** authentication for a string on a command line).
*/
#include "hub-store-pg.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/*
** Runs a PostgreSQL client tool and waits for it; its standard output is
** returned in out when asked for (transfer full), its standard error
** becomes the message of a failure with the given code.
*/
static gboolean run_tool(const char *const *argv, char **out, HubErrorCode code,
                         const char *what, GError **error)
{
  g_autofree char *path = g_find_program_in_path(argv[0]);
  if (path == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_UNSUPPORTED,
                "%s is not installed (Debian: postgresql-client)", argv[0]);
    return FALSE;
  }
  g_autofree char *err = NULL;
  int status = 0;
  GError *spawn_error = NULL;
  if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                    &status, &spawn_error)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "%s: %s", what, spawn_error->message);
    g_error_free(spawn_error);
    return FALSE;
  }
  if (!g_spawn_check_wait_status(status, NULL)) {
    g_strdelimit(g_strchomp(err), "\n", ' ');
    g_set_error(error, HUB_ERROR, code, "%s: %s", what, err && *err ? err : "failed");
    return FALSE;
  }
  return TRUE;
}

gboolean hub_pg_backup(const char *conninfo, const char *dest, GError **error)
{
  if (g_file_test(dest, G_FILE_TEST_EXISTS)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_EXISTS, "%s already exists", dest);
    return FALSE;
  }
  g_autofree char *part = g_strconcat(dest, ".part", NULL);
  g_autofree char *file_arg = g_strconcat("--file=", part, NULL);
  g_autofree char *db_arg = g_strconcat("--dbname=", conninfo, NULL);
  const char *const argv[] = {"pg_dump", "--format=custom", "--no-password", file_arg,
                              db_arg, NULL};
  if (!run_tool(argv, NULL, HUB_ERROR_DB_UNREACHABLE, "pg_dump", error)) {
    g_unlink(part);
    return FALSE;
  }
  /* the hub's data, readable by its owner only, as the database is */
  if (g_chmod(part, 0600) != 0 || g_rename(part, dest) != 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "renaming %s: %s", part, g_strerror(errno));
    g_unlink(part);
    return FALSE;
  }
  return TRUE;
}

/*
** What the archive says of itself: the rows of its meta table, which
** pg_restore prints as the text of a COPY (key TAB value per line).
*/
static gboolean check_archive(const char *from, GError **error)
{
  g_autofree char *listing = NULL, *meta = NULL;
  const char *const list_argv[] = {"pg_restore", "--list", from, NULL};
  if (!run_tool(list_argv, &listing, HUB_ERROR_NOT_A_DB, "not a pg_dump archive", error))
    return FALSE;
  const char *const meta_argv[] = {"pg_restore", "--data-only", "--table=meta", "--file=-",
                                   from, NULL};
  if (!run_tool(meta_argv, &meta, HUB_ERROR_NOT_A_DB, "reading the archive", error))
    return FALSE;
  g_autofree char *app = NULL;
  int version = -1;
  g_auto(GStrv) lines = g_strsplit(meta, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    g_auto(GStrv) kv = g_strsplit(lines[i], "\t", 2);
    if (kv[0] == NULL || kv[1] == NULL)
      continue;
    if (strcmp(kv[0], "application") == 0) {
      g_free(app);
      app = g_strdup(kv[1]);
    }
    else if (strcmp(kv[0], "schema_version") == 0)
      version = (int)g_ascii_strtoll(kv[1], NULL, 10);
  }
  if (g_strcmp0(app, "market-hub") != 0 || version < 1) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_A_DB, "%s is not a backup of a hub", from);
    return FALSE;
  }
  if (version > hub_pg_schema_version(NULL)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_SCHEMA,
                "%s was written by a newer hub (schema %d > %d)", from, version,
                hub_pg_schema_version(NULL));
    return FALSE;
  }
  return TRUE;
}

/* EXISTS unless the database has no table, view or sequence of its own. */
static gboolean check_empty(const char *conninfo, GError **error)
{
  const char *const keys[] = {"dbname", "client_encoding", NULL};
  const char *const values[] = {conninfo, "UTF8", NULL};
  PGconn *pg = PQconnectdbParams(keys, values, 1);
  if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
    g_autofree char *msg = g_strchomp(g_strdup(pg ? PQerrorMessage(pg) : "out of memory"));
    g_strdelimit(msg, "\n\t", ' ');
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB_UNREACHABLE, "connecting to PostgreSQL: %s",
                msg);
    PQfinish(pg);
    return FALSE;
  }
  PGresult *res = PQexec(pg, "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                             " ON n.oid = c.relnamespace WHERE n.nspname NOT IN"
                             " ('pg_catalog', 'information_schema', 'pg_toast')"
                             " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')");
  gboolean ok = PQresultStatus(res) == PGRES_TUPLES_OK;
  gboolean empty = ok && strcmp(PQgetvalue(res, 0, 0), "0") == 0;
  if (!ok)
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "looking into the database: %s",
                PQresultErrorMessage(res));
  else if (!empty)
    g_set_error(error, HUB_ERROR, HUB_ERROR_EXISTS,
                "the database is not empty: restore into a new one (createdb)");
  PQclear(res);
  PQfinish(pg);
  return empty;
}

gboolean hub_pg_restore(const char *conninfo, const char *from, GError **error)
{
  if (!g_file_test(from, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no backup file %s", from);
    return FALSE;
  }
  if (!check_archive(from, error) || !check_empty(conninfo, error))
    return FALSE;
  g_autofree char *db_arg = g_strconcat("--dbname=", conninfo, NULL);
  const char *const argv[] = {"pg_restore", "--single-transaction", "--exit-on-error",
                              "--no-owner", "--no-password", db_arg, from, NULL};
  if (!run_tool(argv, NULL, HUB_ERROR_DB, "pg_restore (nothing was restored)", error))
    return FALSE;
  g_autoptr(HubStore) store = hub_pg_open(conninfo, HUB_OPEN_EXISTING, 1, error);
  return store != NULL;
}
