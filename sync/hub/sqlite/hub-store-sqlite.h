/*
** hub-store-sqlite.h: what the parts of the SQLite store share
** (hub-store-sqlite.c: connections, opening, markets, stalls, taxonomy;
** hub-store-sqlite-schema.c: the schema's versions and their migration;
** hub-store-sqlite-auth.c: users, tokens, enrollment;
** hub-store-sqlite-ingest.c: ingest, group commit;
** hub-store-sqlite-rollup.c: a batch's rollups into the rollup tables;
** hub-store-sqlite-query.c: summary, receipt, sync freshness;
** hub-store-sqlite-report.c: the report datasets;
** hub-store-sqlite-engagement.c: the program's engagements).  Private to the store.
**
** The store's operations are the hub_sqlite_* functions below, reached
** only through hub_sqlite_backend (../internal/hub-store-int.h); each
** takes the HubStore head of a HubSqStore.
**
** A HubConn is one SQLite connection with its cache of prepared statements.
** The store owns one writer connection, used under write_lock, and a pool of
** reader connections handed out one thread at a time; a connection is
** therefore never used by two threads at once and is opened NOMUTEX.
*/
#ifndef HUB_STORE_SQLITE_H
#define HUB_STORE_SQLITE_H

#include "an-data.h"
#include "hub-store-int.h"
#include "hub-rollup-int.h"
#include <sqlite3.h>

typedef struct {
  sqlite3 *db;
  GHashTable *stmts;       /* SQL literal (by address) -> sqlite3_stmt*, owned */
} HubConn;

typedef struct {
  HubStore base;           /* first: a HubStore * is a HubSqStore * */
  char *path;
  int hold_fd;             /* flock(LOCK_SH) on the file while open (restore's guard) */
  GMutex write_lock;       /* the one writer */
  HubConn *writer;
  GAsyncQueue *readers;    /* of HubConn*, the idle readers */
  GMutex watch_lock;       /* guards watch: */
  HubConn *watch;          /*   reads only PRAGMA data_version, so sees every commit */
  guint n_readers;
  GMutex group_lock;       /* group commit of ingest batches: */
  GCond group_cond;        /*   followers wait here */
  GQueue group_queue;      /*   batches waiting for the writer */
  gboolean group_busy;     /*   a leader is writing a group */
  gboolean importing;      /* hub_store_import_begin's transaction is open on the
                              writer: ingest groups run inside it (under the lock) */
} HubSqStore;

/* The store behind a HubStore head this backend opened. */
static inline HubSqStore *hub_sq_store(HubStore *store)
{
  return (HubSqStore *)store;
}

/* The operations, as hub-store.h's (same arguments, same ownership). */
void hub_sqlite_close(HubStore *store);
int hub_sqlite_schema_version(HubStore *store);
gboolean hub_sqlite_cache_readers(HubStore *store, guint mib, GError **error);
gboolean hub_sqlite_ping(HubStore *store, GError **error);
gboolean hub_sqlite_data_version(HubStore *store, char out[HUB_DATA_VERSION_LEN],
                                 GError **error);
gboolean hub_sqlite_market_add(HubStore *store, const char *code, const char *name,
                               GError **error);
GPtrArray *hub_sqlite_market_list(HubStore *store, GError **error);
gboolean hub_sqlite_stall_add(HubStore *store, const char *code, const char *market_code,
                              const char *name, GError **error);
GPtrArray *hub_sqlite_stall_list(HubStore *store, const char *market_code, GError **error);
HubStall *hub_sqlite_stall_get(HubStore *store, const char *code, GError **error);
gboolean hub_sqlite_user_add(HubStore *store, const char *name, HubRole role,
                             const char *const *market_codes, char **token, GError **error);
gboolean hub_sqlite_user_token(HubStore *store, const char *name, char **token,
                               GError **error);
gboolean hub_sqlite_user_revoke(HubStore *store, const char *name, guint *n_tokens,
                                GError **error);
GPtrArray *hub_sqlite_user_list(HubStore *store, GError **error);
gboolean hub_sqlite_device_revoke(HubStore *store, const char *stall_code,
                                  const char *device_id, guint *n_tokens, GError **error);
HubPrincipal *hub_sqlite_authenticate(HubStore *store, const char *token, GError **error);
gboolean hub_sqlite_enroll_code_new(HubStore *store, const char *stall_code, int64_t now_ms,
                                    char **code, int64_t *expires_ms, GError **error);
gboolean hub_sqlite_enroll(HubStore *store, const char *code, const char *device_id,
                           int64_t now_ms, char **token, HubStall **stall, GError **error);
gboolean hub_sqlite_taxonomy_import(HubStore *store, GPtrArray *lines, GError **error);
GPtrArray *hub_sqlite_taxonomy_list(HubStore *store, GError **error);
gboolean hub_sqlite_ingest(HubStore *store, int64_t stall_id, GPtrArray *events,
                           int64_t received_ms, GError **error);
gboolean hub_sqlite_summary(HubStore *store, int64_t stall_id, const char *from,
                            const char *to, HubSummary *out, GError **error);
gboolean hub_sqlite_receipt(HubStore *store, const char *doc_id, char **json,
                            HubStall **stall, GError **error);
gboolean hub_sqlite_sync_windows(HubStore *store, int64_t now_ms, const int64_t *windows,
                                 guint n_windows, int64_t *counts, int64_t *n_stalls,
                                 GError **error);
HubRegistry *hub_sqlite_export_registry(HubStore *store, GError **error);
GPtrArray *hub_sqlite_export_events(HubStore *store, int64_t stall_id, GError **error);
GPtrArray *hub_sqlite_export_totals(HubStore *store, GError **error);
gboolean hub_sqlite_import_begin(HubStore *store, const HubRegistry *reg, GError **error);
gboolean hub_sqlite_import_end(HubStore *store, const HubRegistry *reg, gboolean commit,
                               GError **error);
AnDataset *hub_sqlite_dataset(HubStore *store, const char *market_code,
                              const AnPeriod *periods, guint n_periods,
                              HubDatasetNeeds needs, GError **error);
gboolean hub_sqlite_engagement_add(HubStore *store, const char *market_code,
                                   const char *const *stalls, guint n_stalls, const char *start,
                                   const char *label, int64_t *id, GError **error);
GPtrArray *hub_sqlite_engagement_list(HubStore *store, const char *market_code, int64_t id,
                                      GError **error);
GArray *hub_sqlite_onnuri_receipts(HubStore *store, const char *market_code, const char *from,
                           const char *to, GError **error);

/*
** Takes a shared flock on the database file for as long as the store is
** open (an exclusive one for restore): restore must not replace a file a
** hub holds.  flock is separate from SQLite's own fcntl locks on Linux, so
** neither disturbs the other.  Returns the descriptor, or -1 with BUSY when
** the other kind is held, IO when the file cannot be opened.
*/
int hub_sq_hold(const char *path, gboolean exclusive, GError **error);

/* A reader from the pool (waits for one); give it back with hub_sq_release. */
HubConn *hub_sq_reader(HubStore *store);
void hub_sq_release(HubStore *store, HubConn *conn);
/* Takes the write lock and returns the writer; hub_sq_unlock gives it back. */
HubConn *hub_sq_lock(HubStore *store);
void hub_sq_unlock(HubStore *store);

/* A cached prepared statement, reset with its bindings cleared; sql must
** be a string literal (the cache is keyed by its address). */
sqlite3_stmt *hub_sq_stmt(HubConn *conn, const char *sql, GError **error);
/* Maps the connection's last SQLite error to a HubError; returns FALSE. */
gboolean hub_sq_fail(HubConn *conn, const char *what, GError **error);
/* Steps a statement that returns no rows, then resets it. */
gboolean hub_sq_done(HubConn *conn, sqlite3_stmt *st, const char *what, GError **error);
/* BEGIN IMMEDIATE, COMMIT, ROLLBACK (rollback never fails loudly). */
gboolean hub_sq_begin(HubConn *conn, GError **error);
gboolean hub_sq_commit(HubConn *conn, GError **error);
void hub_sq_rollback(HubConn *conn);
/* sqlite3_column_text as a new string (NULL for SQL NULL). */
char *hub_sq_col(sqlite3_stmt *st, int col);
/* Steps an INSERT; a UNIQUE conflict becomes EXISTS naming "what code". */
gboolean hub_sq_insert_named(HubConn *conn, sqlite3_stmt *st, const char *what,
                             const char *code, GError **error);
/* A stall of the current row: id, code, name, market id, market code and
** name, last sync (0 for never), from column col on. */
HubStall *hub_sq_stall_row(sqlite3_stmt *st, int col);
/* A market's row id by code (NOT_FOUND). */
gboolean hub_sq_market_id(HubConn *conn, const char *code, int64_t *id, GError **error);
/* A stall with its market, by code or row id (NOT_FOUND). Transfer full. */
HubStall *hub_sq_stall_by_code(HubConn *conn, const char *code, GError **error);
HubStall *hub_sq_stall_by_id(HubConn *conn, int64_t id, GError **error);

/*
** Writes the batch's rollups r of stall into the rollup tables, on the
** writer inside the batch's transaction (hub-store-sqlite-rollup.c).
*/
gboolean hub_sq_rollup_flush(HubConn *c, int64_t stall, HubRollup *r, GError **error);
/* One integer from a statement that returns one row (a PRAGMA, a count). */
gboolean hub_sq_query_int(HubConn *conn, const char *sql, int64_t *out, GError **error);
/*
** Brings the writer's file to the current schema (hub-store-sqlite-schema.c):
** an empty file becomes a hub only when mode is HUB_OPEN_CREATE; another
** application's database or a newer schema is refused, nothing written.
*/
gboolean hub_sq_migrate(HubConn *conn, HubOpenMode mode, const char *path, GError **error);

/*
** SQL that fills the month tables of schema 3 from the day tables (the
** migration's second half; also for tools that write day rollups straight
** in).  Needs the cell functions (hub-cells.h) on the connection.
*/
extern const char hub_sq_months_fill[];

#endif
