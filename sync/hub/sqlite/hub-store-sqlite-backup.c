/*
** hub-store-sqlite-backup.c: hub_store_backup and hub_store_restore for a
** SQLite file (hub_sqlite_backup, hub_sqlite_restore, which hub-store.c
** calls), and the file hold that keeps a restore from replacing a
** database in use.
**
** Backup: VACUUM INTO on a read-only connection of its own.  In WAL mode
** that is one read transaction: a snapshot of one moment, which the hub's
** writer never waits for (it appends to the WAL meanwhile; only the
** checkpoint stops short of the snapshot until it ends).  SQLite's backup
** API was the other choice, but stepping it restarts whenever another
** connection writes, so under steady ingest it may never finish.  The copy
** is written to DEST.part and renamed: a crash leaves a .part, never a
** half backup under the real name.  VACUUM INTO writes a rollback-journal
** file, which is what a backup should be (one file, no -wal beside it).
**
** Restore checks the backup before touching anything: SQLite's
** integrity_check, the hub's marker in meta, a schema version this build
** reads (an older one is migrated by the next open, as any old hub file).
** It then holds an exclusive flock on the live file, which every
** hub_store_open holds shared, so a running hub or admin command makes the
** restore refuse (BUSY) rather than pull the file from under it.  The
** copy is made by VACUUM INTO from the backup, switched to WAL as the hub
** runs, and renamed over the database; the replaced file and its WAL go
** to DB.before-restore, so nothing is lost by a restore either.
**
** PostgreSQL database strings get UNSUPPORTED here: pg_dump is a later
** backend's job, and a clear "not yet" beats an SQLite error about a file
** named "postgresql://...".
*/
#include "hub-store-sqlite.h"
#include "mb-file.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* A PostgreSQL database is backed up with the server's tools (docs/hub.md). */
int hub_sq_hold(const char *path, gboolean exclusive, GError **error)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "opening %s: %s", path, g_strerror(errno));
    return -1;
  }
  if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    int e = errno;
    close(fd);
    g_set_error(error, HUB_ERROR, e == EWOULDBLOCK ? HUB_ERROR_BUSY : HUB_ERROR_IO,
                exclusive ? "%s is in use by a running hub or command: stop it first (%s)"
                          : "%s is being restored: try again when the restore is done (%s)",
                path, g_strerror(e));
    return -1;
  }
  return fd;
}

/* A connection of its own (no statement cache: each SQL runs once). */
static sqlite3 *open_plain(const char *path, int flags, GError **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, flags, NULL);
  if (rc != SQLITE_OK) {
    g_set_error(error, HUB_ERROR, rc == SQLITE_CANTOPEN ? HUB_ERROR_IO : HUB_ERROR_DB,
                "opening %s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

/* Runs one prepared statement to its end; *text gets the first row's first column. */
static gboolean run_one(sqlite3 *db, const char *sql, const char *bind, char **text,
                        HubErrorCode code, const char *what, GError **error)
{
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK && bind != NULL)
    rc = sqlite3_bind_text(st, 1, bind, -1, SQLITE_TRANSIENT);
  while (rc == SQLITE_OK || rc == SQLITE_ROW) {
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && text != NULL && *text == NULL)
      *text = g_strdup((const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error(error, HUB_ERROR, (rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT
                                  ? HUB_ERROR_NOT_A_DB
                                  : code,
              "%s: %s", what, sqlite3_errmsg(db));
  return FALSE;
}

/*
** VACUUM INTO part, then part renamed to dest; dest must not exist (a
** second backup in the same instant is refused, never overwritten).
*/
static gboolean copy_into(sqlite3 *src, const char *dest, const char *wal_mode,
                          GError **error)
{
  g_autofree char *part = g_strconcat(dest, ".part", NULL);
  if (g_file_test(dest, G_FILE_TEST_EXISTS)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_EXISTS, "%s already exists", dest);
    return FALSE;
  }
  g_unlink(part);
  /* A backup holds every sale: made 0600 before SQLite writes into it
  ** (VACUUM INTO accepts an empty file), as the database itself is. */
  if (!mb_file_create_private(part, error)) {
    g_prefix_error(error, "%s: ", dest);
    return FALSE;
  }
  if (!run_one(src, "VACUUM INTO ?1", part, NULL, HUB_ERROR_IO, dest, error)) {
    g_unlink(part);
    return FALSE;
  }
  if (wal_mode != NULL) {
    sqlite3 *copy = open_plain(part, SQLITE_OPEN_READWRITE, error);
    g_autofree char *mode = NULL;
    gboolean ok = copy && run_one(copy, wal_mode, NULL, &mode, HUB_ERROR_DB, part, error);
    sqlite3_close(copy);
    if (!ok) {
      g_unlink(part);
      return FALSE;
    }
  }
  if (g_rename(part, dest) != 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "renaming %s: %s", part, g_strerror(errno));
    g_unlink(part);
    return FALSE;
  }
  return TRUE;
}

gboolean hub_sqlite_backup(const char *db, const char *dest, GError **error)
{
  if (!g_file_test(db, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_INITIALISED, "%s does not exist", db);
    return FALSE;
  }
  sqlite3 *src = open_plain(db, SQLITE_OPEN_READONLY, error);
  gboolean ok = src != NULL && copy_into(src, dest, NULL, error);
  sqlite3_close(src);
  return ok;
}

/* The checks of a backup before it may replace anything (see the top). */
static gboolean check_backup(sqlite3 *b, const char *from, GError **error)
{
  g_autofree char *verdict = NULL, *version = NULL, *app = NULL;
  if (!run_one(b, "PRAGMA integrity_check", NULL, &verdict, HUB_ERROR_NOT_A_DB, from, error))
    return FALSE;
  if (g_strcmp0(verdict, "ok") != 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_A_DB, "%s fails SQLite's integrity check: %s",
                from, verdict ? verdict : "no answer");
    return FALSE;
  }
  if (!run_one(b, "PRAGMA user_version", NULL, &version, HUB_ERROR_NOT_A_DB, from, error))
    return FALSE;
  gint64 v = g_ascii_strtoll(version ? version : "0", NULL, 10);
  g_autoptr(GError) no_meta = NULL;
  if (v < 1 || !run_one(b, "SELECT value FROM meta WHERE key = 'application'", NULL, &app,
                        HUB_ERROR_NOT_A_DB, from, &no_meta)
      || g_strcmp0(app, "market-hub") != 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_A_DB, "%s is not a hub database", from);
    return FALSE;
  }
  if (v > hub_sqlite_schema_version(NULL)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_SCHEMA,
                "%s was written by a newer hub (schema %d > %d)", from, (int)v,
                hub_sqlite_schema_version(NULL));
    return FALSE;
  }
  return TRUE;
}

/* DB, DB-wal and DB-shm moved to DB.before-restore(-wal, -shm); absent ones skipped. */
static gboolean set_aside(const char *db, GError **error)
{
  static const char *const tails[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(tails); i++) {
    g_autofree char *from = g_strconcat(db, tails[i], NULL);
    g_autofree char *to = g_strconcat(db, ".before-restore", tails[i], NULL);
    g_unlink(to);
    if (g_rename(from, to) != 0 && errno != ENOENT) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "moving %s aside: %s", from,
                  g_strerror(errno));
      return FALSE;
    }
  }
  return TRUE;
}

gboolean hub_sqlite_restore(const char *db, const char *from, GError **error)
{
  if (!g_file_test(from, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no backup file %s", from);
    return FALSE;
  }
  sqlite3 *b = open_plain(from, SQLITE_OPEN_READONLY, error);
  if (b == NULL)
    return FALSE;
  gboolean ok = check_backup(b, from, error);
  int hold = -1;
  if (ok && g_file_test(db, G_FILE_TEST_EXISTS)) {
    hold = hub_sq_hold(db, TRUE, error);
    ok = hold >= 0;
  }
  g_autofree char *incoming = g_strconcat(db, ".restoring", NULL);
  g_unlink(incoming);
  ok = ok && copy_into(b, incoming, "PRAGMA journal_mode = WAL", error)
       && set_aside(db, error);
  if (ok && g_rename(incoming, db) != 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "renaming %s: %s", incoming, g_strerror(errno));
    ok = FALSE;
  }
  if (!ok)
    g_unlink(incoming);
  if (hold >= 0)
    close(hold);
  sqlite3_close(b);
  return ok;
}
