/*
** hub-store-sqlite.c: the hub store on SQLite: connections, opening,
** markets, stalls and the taxonomy.  The schema and its migrations are in
** hub-store-sqlite-schema.c; users, tokens and enrollment in
** hub-store-sqlite-auth.c; ingest and the rollup queries in
** hub-store-sqlite-ingest.c.
**
** The file runs in WAL mode with synchronous=FULL: an event the hub has
** acknowledged is on disk, because the till marks it sent and will never
** send it again.  One writer connection takes every write under a mutex;
** readers have their own connections, so WAL lets them read a consistent
** snapshot while a batch is being written.  Every statement is prepared
** once per connection and cached; every value is bound, never pasted.
** The hub reaches all of it through sqlite_backend, the table at the end
** (../internal/hub-store-int.h).
*/
#include "hub-store-sqlite.h"
#include "mb-file.h"
#include "hub-cells.h"
#include <string.h>
#include <unistd.h>

/* The backend's table, at the end of the file. */
static const HubStoreBackend sqlite_backend;

/* ---- Connections ----------------------------------------------------------- */

static HubErrorCode map_rc(int rc)
{
  switch (rc & 0xff) {
  case SQLITE_BUSY:
  case SQLITE_LOCKED: return HUB_ERROR_BUSY;
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT: return HUB_ERROR_NOT_A_DB;
  case SQLITE_CANTOPEN:
  case SQLITE_READONLY:
  case SQLITE_IOERR: return HUB_ERROR_IO;
  case SQLITE_CONSTRAINT:
    return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY
             ? HUB_ERROR_EXISTS : HUB_ERROR_DB;
  default: return HUB_ERROR_DB;
  }
}

/* Always FALSE, so callers can `return hub_sq_fail(...)`. */
gboolean hub_sq_fail(HubConn *conn, const char *what, GError **error)
{
  int rc = sqlite3_extended_errcode(conn->db);
  g_set_error(error, HUB_ERROR, map_rc(rc), "%s: %s", what, sqlite3_errmsg(conn->db));
  return FALSE;
}

/* GDestroyNotify for the statement cache. */
static void stmt_free(gpointer st)
{
  sqlite3_finalize(st);
}

/* Statements are finalized before the connection closes, or close fails. */
static void conn_free(HubConn *conn)
{
  if (conn == NULL)
    return;
  if (conn->stmts)
    g_hash_table_unref(conn->stmts);   /* finalizes the statements */
  sqlite3_close(conn->db);
  g_free(conn);
}

/*
** NOMUTEX: the store hands a connection to one thread at a time, so
** SQLite's own per-connection mutex would only cost time.  Readers are
** query_only, so a bug on a read path can never write.  A database to be
** created is made 0600 first (mb-file.h): it holds every sale and the
** tokens' hashes, and its -wal and -shm take its mode.
*/
static HubConn *conn_open(const char *path, gboolean create, gboolean writer,
                          GError **error)
{
  g_autoptr(GError) made = NULL;
  if (create && strcmp(path, ":memory:") != 0 && !mb_file_create_private(path, &made)) {
    g_set_error_literal(error, HUB_ERROR, HUB_ERROR_IO, made->message);
    return NULL;
  }
  HubConn *conn = g_new0(HubConn, 1);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path, &conn->db, flags, NULL);
  conn->stmts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, stmt_free);
  if (rc != SQLITE_OK) {
    g_set_error(error, HUB_ERROR, map_rc(rc), "opening %s: %s", path,
                conn->db ? sqlite3_errmsg(conn->db) : sqlite3_errstr(rc));
    conn_free(conn);
    return NULL;
  }
  sqlite3_extended_result_codes(conn->db, 1);
  sqlite3_busy_timeout(conn->db, 5000);
  rc = hub_cells_register(conn->db);
  if (rc != SQLITE_OK) {
    hub_sq_fail(conn, "registering the cell functions", error);
    conn_free(conn);
    return NULL;
  }
  /* The writer checkpoints every 16 MiB of WAL rather than 4: pages that
  ** every batch touches (the ends of the append-only trees, the rollups)
  ** then reach the database file once per checkpoint, not once per 4 MiB.
  ** Readers keep SQLite's default cache unless hub_sqlite_cache_readers
  ** says otherwise. */
  const char *pragmas = writer ? "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                                 " PRAGMA wal_autocheckpoint = 4096;"
                                 " PRAGMA cache_size = -32768;"
                               : "PRAGMA query_only = ON;";
  if (sqlite3_exec(conn->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
    hub_sq_fail(conn, path, error);
    conn_free(conn);
    return NULL;
  }
  return conn;
}

/*
** Statements are cached by the address of their SQL text: every statement
** is a string literal at one call site, so the address is its identity and
** the lookup costs no hashing of a long string.
*/
sqlite3_stmt *hub_sq_stmt(HubConn *conn, const char *sql, GError **error)
{
  sqlite3_stmt *st = g_hash_table_lookup(conn->stmts, sql);
  if (st != NULL) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
  }
  if (sqlite3_prepare_v3(conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)
      != SQLITE_OK) {
    hub_sq_fail(conn, "preparing a statement", error);
    return NULL;
  }
  g_hash_table_insert(conn->stmts, (gpointer)sql, st);
  return st;
}

/*
** Resetting right away ends the statement's read snapshot: a cached
** statement must never pin an old WAL snapshot between requests.
*/
gboolean hub_sq_done(HubConn *conn, sqlite3_stmt *st, const char *what, GError **error)
{
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return hub_sq_fail(conn, what, error);
  return TRUE;
}

/* Transaction control through the statement cache like everything else. */
static gboolean run(HubConn *conn, const char *sql, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(conn, sql, error);
  return st != NULL && hub_sq_done(conn, st, sql, error);
}

/*
** IMMEDIATE: the write lock is taken at BEGIN, so a batch never fails half
** way with BUSY against a CLI command writing at the same time.
*/
gboolean hub_sq_begin(HubConn *conn, GError **error)
{
  return run(conn, "BEGIN IMMEDIATE", error);
}

/* With synchronous=FULL the WAL is on disk when this returns. */
gboolean hub_sq_commit(HubConn *conn, GError **error)
{
  return run(conn, "COMMIT", error);
}

/* Only when a transaction is open: SQLite may have rolled back already. */
void hub_sq_rollback(HubConn *conn)
{
  if (!sqlite3_get_autocommit(conn->db))
    sqlite3_exec(conn->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A copy: column text is only valid until the next step. */
char *hub_sq_col(sqlite3_stmt *st, int col)
{
  const unsigned char *t = sqlite3_column_text(st, col);
  return g_strdup(t ? (const char *)t : NULL);
}

/*
** Blocks while all readers are busy: a bounded pool, not a connection per
** request.
*/
HubConn *hub_sq_reader(HubStore *store)
{
  return g_async_queue_pop(hub_sq_store(store)->readers);
}

/*
** Back to the pool, its statements reset by their last use.  At the front,
** so the next request takes the reader used last: its page cache holds what
** recent reports read, where a queue would hand out the coldest of the
** pool (eight readers: a report was cold eight times over).
*/
void hub_sq_release(HubStore *store, HubConn *conn)
{
  g_async_queue_push_front(hub_sq_store(store)->readers, conn);
}

/*
** The one writer: SQLite allows one anyway; a mutex makes waiting cheap
** and fair instead of busy-timeout polling.
*/
HubConn *hub_sq_lock(HubStore *store)
{
  HubSqStore *sq = hub_sq_store(store);
  g_mutex_lock(&sq->write_lock);
  return sq->writer;
}

/* Pairs with hub_sq_lock on every path. */
void hub_sq_unlock(HubStore *store)
{
  g_mutex_unlock(&hub_sq_store(store)->write_lock);
}

/* ---- Opening and migrating --------------------------------------------------- */

/* One integer from a statement of one row, e.g. a PRAGMA (hub-store-sqlite.h). */
gboolean hub_sq_query_int(HubConn *conn, const char *sql, int64_t *out, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(conn, sql, error);
  if (st == NULL)
    return FALSE;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW || hub_sq_fail(conn, "reading the database", error);
}


/*
** SQLite counts every allocation it makes (sqlite3_memory_used) under one
** process-wide mutex; the hub never reads those counts, and at ingest the
** lock and unlock around each of SQLite's allocations were 2.5% of the
** hub's CPU.  The setting is the library's, so it is made once, before the
** first database is opened; if the library is already initialised (a
** program that opened one before), SQLite refuses it and nothing changes.
*/
static void sqlite_no_memstatus(void)
{
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    g_once_init_leave(&done, 1);
  }
}

/*
** The writer opens (and migrates) first; readers open only a database that
** is known to be a hub at the current schema.
*/
HubStore *hub_sqlite_open(const char *path, HubOpenMode mode, guint n_readers,
                          GError **error)
{
  sqlite_no_memstatus();
  if (mode != HUB_OPEN_CREATE && !g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_INITIALISED,
                "%s does not exist: run 'market-hub --db %s init'", path, path);
    return NULL;
  }
  HubSqStore *sq = g_new0(HubSqStore, 1);
  sq->base.backend = &sqlite_backend;
  g_autoptr(HubStore) store = &sq->base;
  sq->path = g_strdup(path);
  g_mutex_init(&sq->write_lock);
  g_mutex_init(&sq->watch_lock);
  g_mutex_init(&sq->group_lock);
  g_cond_init(&sq->group_cond);
  g_queue_init(&sq->group_queue);
  sq->readers = g_async_queue_new();
  sq->hold_fd = -1;
  sq->writer = conn_open(path, mode == HUB_OPEN_CREATE, TRUE, error);
  if (sq->writer == NULL)
    return NULL;
  /* The file exists now (init creates it): hold it before reading it. */
  sq->hold_fd = hub_sq_hold(path, FALSE, error);
  if (sq->hold_fd < 0 || !hub_sq_migrate(sq->writer, mode, path, error))
    return NULL;
  sq->watch = conn_open(path, FALSE, FALSE, error);
  if (sq->watch == NULL)
    return NULL;
  for (guint i = 0; i < MAX(n_readers, 1); i++) {
    HubConn *r = conn_open(path, FALSE, FALSE, error);
    if (r == NULL)
      return NULL;
    g_async_queue_push(sq->readers, r);
    sq->n_readers++;
  }
  return g_steal_pointer(&store);
}

/* Each reader in turn, out of the pool and back (no other thread uses it yet). */
gboolean hub_sqlite_cache_readers(HubStore *store, guint mib, GError **error)
{
  HubSqStore *sq = hub_sq_store(store);
  g_autofree char *sql = g_strdup_printf("PRAGMA cache_size = -%u", mib * 1024);
  gboolean ok = TRUE;
  for (guint i = 0; i < sq->n_readers; i++) {
    HubConn *r = g_async_queue_pop(sq->readers);
    if (ok && sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK)
      ok = hub_sq_fail(r, "sizing a reader's cache", error);
    g_async_queue_push(sq->readers, r);
  }
  return ok;
}

/* Waits for every reader to come home: closing under a live query would crash. */
void hub_sqlite_close(HubStore *store)
{
  HubSqStore *sq = hub_sq_store(store);
  for (guint i = 0; i < sq->n_readers; i++)
    conn_free(g_async_queue_pop(sq->readers));
  g_async_queue_unref(sq->readers);
  if (sq->watch)
    conn_free(sq->watch);
  if (sq->writer) {
    sqlite3_exec(sq->writer->db, "PRAGMA optimize", NULL, NULL, NULL);
    conn_free(sq->writer);
  }
  if (sq->hold_fd >= 0)
    close(sq->hold_fd);
  g_mutex_clear(&sq->write_lock);
  g_mutex_clear(&sq->watch_lock);
  g_mutex_clear(&sq->group_lock);
  g_cond_clear(&sq->group_cond);
  g_free(sq->path);
  g_free(sq);
}

/* For /healthz: proves a reader can open a snapshot and read. */
gboolean hub_sqlite_ping(HubStore *store, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  int64_t n = 0;
  gboolean ok = hub_sq_query_int(conn, "SELECT count(*) FROM meta", &n, error);
  hub_sq_release(store, conn);
  return ok;
}

/*
** PRAGMA data_version on the watch connection: it changes when another
** connection commits, and the watch never writes, so every commit of the
** writer here or of any other process counts.  It reads the WAL index
** only: microseconds, under its own lock.
*/
gboolean hub_sqlite_data_version(HubStore *store, char out[HUB_DATA_VERSION_LEN],
                                 GError **error)
{
  HubSqStore *sq = hub_sq_store(store);
  int64_t v = 0;
  g_mutex_lock(&sq->watch_lock);
  gboolean ok = hub_sq_query_int(sq->watch, "PRAGMA data_version", &v, error);
  g_mutex_unlock(&sq->watch_lock);
  if (ok)
    g_snprintf(out, HUB_DATA_VERSION_LEN, "sqlite:%" G_GINT64_FORMAT, v);
  return ok;
}

/* ---- Markets and stalls ------------------------------------------------------- */

/* Runs one insert on the writer with an EXISTS message that names the code. */
gboolean hub_sq_insert_named(HubConn *conn, sqlite3_stmt *st, const char *what,
                             const char *code, GError **error)
{
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (map_rc(sqlite3_extended_errcode(conn->db)) == HUB_ERROR_EXISTS) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_EXISTS, "%s %s already exists", what, code);
    return FALSE;
  }
  return hub_sq_fail(conn, what, error);
}

/* Validation before the lock: a bad name never waits for the writer. */
gboolean hub_sqlite_market_add(HubStore *store, const char *code, const char *name,
                              GError **error)
{
  if (!hub_code_check(code, "market", error) || !hub_name_check(name, "market", error))
    return FALSE;
  HubConn *conn = hub_sq_lock(store);
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "INSERT INTO market(code, name, created_ms) VALUES(?1, ?2, ?3)", error);
  gboolean ok = FALSE;
  if (st) {
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, pos_now_ms());
    ok = hub_sq_insert_named(conn, st, "market", code, error);
  }
  hub_sq_unlock(store);
  return ok;
}

/* Sorted by code, the order scripts and the office expect. */
GPtrArray *hub_sqlite_market_list(HubStore *store, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)hub_market_free);
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "SELECT m.id, m.code, m.name, (SELECT count(*) FROM stall s"
          " WHERE s.market_id = m.id) FROM market m ORDER BY m.code", error);
  int rc = SQLITE_ERROR;
  while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    HubMarket *m = g_new0(HubMarket, 1);
    m->id = sqlite3_column_int64(st, 0);
    m->code = hub_sq_col(st, 1);
    m->name = hub_sq_col(st, 2);
    m->n_stalls = sqlite3_column_int64(st, 3);
    g_ptr_array_add(out, m);
  }
  if (st)
    sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    if (st)
      hub_sq_fail(conn, "listing markets", error);
    g_clear_pointer(&out, g_ptr_array_unref);
  }
  hub_sq_release(store, conn);
  return out;
}

/* NOT_FOUND names the code, which is what an operator mistyped. */
gboolean hub_sq_market_id(HubConn *conn, const char *code, int64_t *id, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(conn, "SELECT id FROM market WHERE code = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return hub_sq_fail(conn, "finding the market", error);
  g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no market %s", code);
  return FALSE;
}

/* The market is resolved under the same lock as the insert. */
gboolean hub_sqlite_stall_add(HubStore *store, const char *code, const char *market_code,
                             const char *name, GError **error)
{
  int64_t mid = 0;
  if (!hub_code_check(code, "stall", error) || !hub_name_check(name, "stall", error))
    return FALSE;
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = hub_sq_market_id(conn, market_code, &mid, error);
  sqlite3_stmt *st = ok ? hub_sq_stmt(conn, "INSERT INTO stall(code, market_id, name,"
                                            " created_ms) VALUES(?1, ?2, ?3, ?4)", error)
                        : NULL;
  ok = st != NULL;
  if (ok) {
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, mid);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, pos_now_ms());
    ok = hub_sq_insert_named(conn, st, "stall", code, error);
  }
  hub_sq_unlock(store);
  return ok;
}

#define STALL_COLUMNS \
  "SELECT s.id, s.code, s.name, s.market_id, m.code, m.name, coalesce(s.last_sync_ms, 0)" \
  " FROM stall s JOIN market m ON m.id = s.market_id "

/*
** Reads the STALL_COLUMNS of the current row from column col on: the stall
** lists here and the receipt query (after its document) select them alike.
*/
HubStall *hub_sq_stall_row(sqlite3_stmt *st, int col)
{
  HubStall *s = g_new0(HubStall, 1);
  s->id = sqlite3_column_int64(st, col);
  s->code = hub_sq_col(st, col + 1);
  s->name = hub_sq_col(st, col + 2);
  s->market_id = sqlite3_column_int64(st, col + 3);
  s->market_code = hub_sq_col(st, col + 4);
  s->market_name = hub_sq_col(st, col + 5);
  s->last_sync_ms = sqlite3_column_int64(st, col + 6);
  return s;
}

/*
** An unknown market is NOT_FOUND rather than an empty list: a typo must not
** look like a market without stalls.
*/
GPtrArray *hub_sqlite_stall_list(HubStore *store, const char *market_code, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  int64_t mid = 0;
  GPtrArray *out = NULL;
  sqlite3_stmt *st = NULL;
  if (market_code == NULL || hub_sq_market_id(conn, market_code, &mid, error))
    st = hub_sq_stmt(conn, STALL_COLUMNS "WHERE ?1 IS NULL OR m.code = ?1 ORDER BY s.code",
                     error);
  if (st) {
    int rc;
    out = g_ptr_array_new_with_free_func((GDestroyNotify)hub_stall_free);
    sqlite3_bind_text(st, 1, market_code, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      g_ptr_array_add(out, hub_sq_stall_row(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
      hub_sq_fail(conn, "listing stalls", error);
      g_clear_pointer(&out, g_ptr_array_unref);
    }
  }
  hub_sq_release(store, conn);
  return out;
}

/* One row by code (text) or by id; NOT_FOUND when there is none. */
static HubStall *stall_by(HubConn *conn, const char *sql, const char *text, int64_t id,
                          GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(conn, sql, error);
  if (st == NULL)
    return NULL;
  if (text)
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64(st, 1, id);
  HubStall *s = NULL;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    s = hub_sq_stall_row(st, 0);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE)
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no stall %s", text ? text : "");
  else if (rc != SQLITE_ROW)
    hub_sq_fail(conn, "finding the stall", error);
  return s;
}

/* On the caller's connection, so it can run inside a write transaction. */
HubStall *hub_sq_stall_by_code(HubConn *conn, const char *code, GError **error)
{
  return stall_by(conn, STALL_COLUMNS "WHERE s.code = ?1", code, 0, error);
}

/* By row id, as tokens and codes refer to stalls. */
HubStall *hub_sq_stall_by_id(HubConn *conn, int64_t id, GError **error)
{
  return stall_by(conn, STALL_COLUMNS "WHERE s.id = ?1", NULL, id, error);
}

/* A reader lookup, for the HTTP scope checks. */
HubStall *hub_sqlite_stall_get(HubStore *store, const char *code, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  HubStall *s = hub_sq_stall_by_code(conn, code, error);
  hub_sq_release(store, conn);
  return s;
}

/* ---- Taxonomy ----------------------------------------------------------------------- */

gboolean hub_sqlite_taxonomy_import(HubStore *store, GPtrArray *lines, GError **error)
{
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = hub_sq_begin(conn, error);
  for (guint i = 0; ok && i < lines->len; i++) {
    const HubLine *l = g_ptr_array_index(lines, i);
    sqlite3_stmt *st = hub_sq_stmt(
      conn, "INSERT INTO taxonomy(code, name_ko, name_en) VALUES(?1, ?2, ?3)"
            " ON CONFLICT(code) DO UPDATE SET name_ko = excluded.name_ko,"
            " name_en = excluded.name_en", error);
    if ((ok = st != NULL)) {
      sqlite3_bind_text(st, 1, l->code, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 2, l->name_ko, -1, SQLITE_STATIC);
      sqlite3_bind_text(st, 3, l->name_en, -1, SQLITE_STATIC);
      ok = hub_sq_done(conn, st, "storing the taxonomy", error);
    }
  }
  ok = ok && hub_sq_commit(conn, error);
  if (!ok)
    hub_sq_rollback(conn);
  hub_sq_unlock(store);
  return ok;
}

/* Sorted by code so answers are stable. */
GPtrArray *hub_sqlite_taxonomy_list(HubStore *store, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)wire_line_free);
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "SELECT code, name_ko, name_en FROM taxonomy ORDER BY code", error);
  int rc = SQLITE_ERROR;
  while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    HubLine *l = g_new0(HubLine, 1);
    l->code = hub_sq_col(st, 0);
    l->name_ko = hub_sq_col(st, 1);
    l->name_en = hub_sq_col(st, 2);
    g_ptr_array_add(out, l);
  }
  if (st)
    sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    if (st)
      hub_sq_fail(conn, "reading the taxonomy", error);
    g_clear_pointer(&out, g_ptr_array_unref);
  }
  hub_sq_release(store, conn);
  return out;
}

/* ---- The backend ------------------------------------------------------------------- */

/* The table hub-store.c calls through (../internal/hub-store-int.h). */
static const HubStoreBackend sqlite_backend = {
  .close = hub_sqlite_close,
  .schema_version = hub_sqlite_schema_version,
  .cache_readers = hub_sqlite_cache_readers,
  .ping = hub_sqlite_ping,
  .data_version = hub_sqlite_data_version,
  .market_add = hub_sqlite_market_add,
  .market_list = hub_sqlite_market_list,
  .stall_add = hub_sqlite_stall_add,
  .stall_list = hub_sqlite_stall_list,
  .stall_get = hub_sqlite_stall_get,
  .user_add = hub_sqlite_user_add,
  .user_token = hub_sqlite_user_token,
  .user_revoke = hub_sqlite_user_revoke,
  .user_list = hub_sqlite_user_list,
  .device_revoke = hub_sqlite_device_revoke,
  .authenticate = hub_sqlite_authenticate,
  .enroll_code_new = hub_sqlite_enroll_code_new,
  .enroll = hub_sqlite_enroll,
  .taxonomy_import = hub_sqlite_taxonomy_import,
  .taxonomy_list = hub_sqlite_taxonomy_list,
  .ingest = hub_sqlite_ingest,
  .summary = hub_sqlite_summary,
  .receipt = hub_sqlite_receipt,
  .sync_windows = hub_sqlite_sync_windows,
  .dataset = hub_sqlite_dataset,
  .export_registry = hub_sqlite_export_registry,
  .export_events = hub_sqlite_export_events,
  .export_totals = hub_sqlite_export_totals,
  .import_begin = hub_sqlite_import_begin,
  .import_end = hub_sqlite_import_end,
  .engagement_add = hub_sqlite_engagement_add,
  .engagement_list = hub_sqlite_engagement_list,
  .onnuri_receipts = hub_sqlite_onnuri_receipts,
};
