/*
** hub-store-pg.h: what the parts of the PostgreSQL store share
** (hub-store-pg.c: the connection pool, statements, the schema and its
** migrations, markets, stalls, taxonomy; hub-store-pg-auth.c: users,
** tokens, enrollment; hub-store-pg-ingest.c: a batch;
** hub-store-pg-rollup.c: the batch's rollups, written in one statement;
** hub-store-pg-query.c: summary, receipt, sync freshness;
** hub-store-pg-report.c: the report datasets).  Private to this folder,
** the only code that includes libpq-fe.h.
**
** (hub-store-pg-conn.c: the pool, statements, errors, COPY, partitions.)
**
** A HubPgConn is one libpq connection with the names of the statements
** prepared on it.  The store keeps a pool of them; a thread takes one for
** the length of an operation (a read, or a whole write transaction) and
** gives it back, so a connection is never used by two threads at once and
** every thread of the HTTP server can work at the same time: the server's
** transactions, unique keys and row locks order them, not a mutex of ours.
** Values go to the server as text parameters of prepared statements
** (HubPgArgs); nothing is ever pasted into SQL.
*/
#ifndef HUB_STORE_PG_H
#define HUB_STORE_PG_H

#include "hub-store-int.h"
#include "hub-rollup-int.h"
#include <libpq-fe.h>

typedef struct {
  PGconn *pg;
  GHashTable *prepared;    /* SQL literal (by address) -> statement name, owned */
  gint generation;         /* the store's generation when this session began */
  gboolean importing;      /* hub_store_import_begin's transaction is open on it:
                              BEGIN and COMMIT become a savepoint, and a lost
                              session is an error, never silently re-made */
} HubPgConn;

typedef struct {
  HubStore base;           /* first: a HubStore * is a HubPgStore * */
  char *conninfo;
  GAsyncQueue *pool;       /* of HubPgConn*, the idle connections */
  guint n_conns;           /* made so far (under the pool's lock) */
  guint max_conns;
  GMutex months_lock;
  GHashTable *months;      /* "YYYY-MM" whose partitions are known to exist */
  GMutex retry_lock;       /* guards the two fields below */
  gint64 retry_at_us;      /* monotonic time before which no connect is tried */
  gint64 backoff_us;       /* the wait after the last failed connect, 0 when up */
  gint generation;         /* bumped when a connection is found lost (atomic) */
  gint events_to_analyze;  /* events to store before analysing the lookups, 0: done
                              (atomic; hub-store-pg-stats.c) */
} HubPgStore;

/* The store behind a HubStore head this backend opened. */
static inline HubPgStore *hub_pg_store(HubStore *store)
{
  return (HubPgStore *)store;
}

/*
** Parameters of one statement, $1..$n in the order added.  Numbers are
** formatted into the struct itself, so a HubPgArgs on the stack needs no
** freeing; text is borrowed (transfer none) and must outlive the call.
*/
#define HUB_PG_MAX_ARGS 32
typedef struct {
  int n;
  const char *values[HUB_PG_MAX_ARGS];
  char numbers[HUB_PG_MAX_ARGS][24];
} HubPgArgs;

void hub_pg_arg_text(HubPgArgs *args, const char *text);  /* NULL: SQL NULL */
void hub_pg_arg_int(HubPgArgs *args, int64_t value);

/*
** A connection from the pool (waits for one).  A connection the server
** dropped is re-made here, so the hub outlives a database restart or a
** failover; when that fails the error is DB_UNREACHABLE and no connection
** is handed out.  Failed connects back off (HUB_PG_BACKOFF_*): until the
** next try is due every caller gets DB_UNREACHABLE at once instead of
** each waiting on a server that is not there.  Give it back with
** hub_pg_release.
*/
HubPgConn *hub_pg_acquire(HubStore *store, GError **error);
/* A second connection only if one is idle or the pool may grow: NULL at once otherwise. */
HubPgConn *hub_pg_try_acquire(HubStore *store, GError **error);
void hub_pg_release(HubStore *store, HubPgConn *conn);
/* The first and the longest wait between connects to a lost server. */
#define HUB_PG_BACKOFF_MIN_US (50 * G_TIME_SPAN_MILLISECOND)
#define HUB_PG_BACKOFF_MAX_US (2 * G_TIME_SPAN_SECOND)
/* Closes a connection of the pool (NULL-safe), when the store closes. */
void hub_pg_conn_free(HubPgConn *conn);

/*
** Runs a statement (sql must be a string literal: prepared once per
** connection, known by its address) with args (NULL for none).  Returns
** the result of a command or a query (transfer full: PQclear it), or NULL
** with error set from the server's SQLSTATE (hub_pg_fail); what names the
** step in the message.
*/
PGresult *hub_pg_exec(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                      const char *what, GError **error);
/*
** hub_pg_exec with every column of the result in the server's binary
** format (bigint as 8 bytes big-endian, text as its bytes, an array as
** array_send writes it), for the reads where formatting numbers as text
** would cost more than reading them: the report's cells.
*/
PGresult *hub_pg_exec_binary(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                             const char *what, GError **error);
/*
** Several statements in one round trip (libpq's pipeline mode): each a
** literal with its arguments, its result wanted as text (0) or binary (1);
** on success every result is set (transfer full: PQclear each).  On
** failure none is, error says the first statement that failed, and a
** transaction the statements began is left for the caller to roll back.
*/
typedef struct {
  const char *sql;
  HubPgArgs args;
  int result_format;
  PGresult *result;
} HubPgStatement;
gboolean hub_pg_pipeline(HubPgConn *conn, HubPgStatement *stmts, guint n, const char *what,
                         GError **error);
/* hub_pg_exec for a command whose result is only success. */
gboolean hub_pg_run(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                    const char *what, GError **error);
/* The number of rows the command touched (PQcmdTuples) after hub_pg_exec. */
int64_t hub_pg_changes(PGresult *res);
/* Sets error from a failed result (or the connection when res is NULL). */
gboolean hub_pg_fail(HubPgConn *conn, PGresult *res, const char *what, GError **error);

/*
** Bulk rows for COPY ... FROM STDIN in text format: each value escaped
** (backslash, tab, newline, carriage return), NULL as \N, tab between
** values, newline after a row.  hub_pg_copy sends them as one COPY
** statement (sql, a literal) and checks the server's answer.
*/
void hub_pg_copy_text(GString *rows, const char *text, gboolean last);
void hub_pg_copy_int(GString *rows, int64_t value, gboolean last);
gboolean hub_pg_copy(HubPgConn *conn, const char *sql, const GString *rows, const char *what,
                     GError **error);
/* Appends a text[] literal of the strings to out, each quoted and escaped. */
void hub_pg_array_text(GString *out, const char *const *items, guint n);

/* Constant SQL without parameters (DDL, several statements) through PQexec. */
gboolean hub_pg_exec_plain(HubPgConn *conn, const char *sql, const char *what,
                           GError **error);

/*
** The planner's statistics (hub-store-pg-stats.c): the whole database
** analysed, or vacuumed and analysed after a bulk copy; at open, whether
** the lookups still need their first statistics; after a committed
** batch, the analysis of the lookups once HUB_PG_ANALYZE_AFTER events
** were stored.
*/
#define HUB_PG_ANALYZE_AFTER 1000
gboolean hub_pg_analyze_all(HubPgConn *conn, GError **error);
gboolean hub_pg_vacuum_analyze_all(HubPgConn *conn, GError **error);
gboolean hub_pg_stats_open(HubPgStore *ps, HubPgConn *conn, GError **error);
void hub_pg_stats_ingested(HubPgStore *ps, HubPgConn *conn, guint n);

/* pg_advisory_xact_lock keys of the hub's two kinds of DDL ("mhub" + n). */
#define HUB_PG_LOCK_MIGRATE "1835558242001"
#define HUB_PG_LOCK_PARTITION "1835558242002"

/*
** BEGIN, COMMIT, ROLLBACK (rollback never fails loudly); on a connection
** that is importing (HubPgConn.importing) a savepoint, its release, and a
** rollback to it.
*/
gboolean hub_pg_begin(HubPgConn *conn, GError **error);
gboolean hub_pg_commit(HubPgConn *conn, GError **error);
void hub_pg_rollback(HubPgConn *conn);

/* A cell as int64 (0 for NULL) or as a new string (NULL for NULL). */
int64_t hub_pg_int(const PGresult *res, int row, int col);
char *hub_pg_text(const PGresult *res, int row, int col);

/*
** A stall from the STALL_COLUMNS of a row, from column col on: id, code,
** name, market id, market code and name, last sync (0 for never).
*/
HubStall *hub_pg_stall_row(const PGresult *res, int row, int col);
#define HUB_PG_STALL_COLUMNS \
  "SELECT s.id, s.code, s.name, s.market_id, m.code, m.name, coalesce(s.last_sync_ms, 0)" \
  " FROM stall s JOIN market m ON m.id = s.market_id "
/* A stall with its market by code or by id, on the caller's connection. */
HubStall *hub_pg_stall_by_code(HubPgConn *conn, const char *code, GError **error);
HubStall *hub_pg_stall_by_id(HubPgConn *conn, int64_t id, GError **error);
/* A market's id by code (NOT_FOUND). */
gboolean hub_pg_market_id(HubPgConn *conn, const char *code, int64_t *id, GError **error);
/* An INSERT whose unique conflict becomes EXISTS naming "what code". */
gboolean hub_pg_insert_named(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                             const char *what, const char *code, GError **error);

/*
** The month partitions of the raw tables (event by received day; doc,
** doc_line, doc_tender by business day) for the month of day ('YYYY-MM-DD'
** or 'YYYY-MM'), created when missing under a transaction-scoped advisory
** lock, so two hubs meeting a new month at once do not race.  Call inside
** a transaction.
*/
gboolean hub_pg_partition_ensure(HubPgConn *conn, const char *day, GError **error);

/*
** Schema 2's cells (hub-store-pg.c): the index of an hour's pair in a
** month's heatmap (weekday, Monday 0, x 24 + hour) and of a day's pair in
** its month's daily cells, as SQL over a 'YYYY-MM-DD' text day.
*/
#define HUB_PG_HEAT_CELL(day, hour) \
  "(extract(isodow FROM " day "::date)::integer - 1) * 24 + " hour
#define HUB_PG_DAY_CELL(day) "substr(" day ", 9, 2)::integer - 1"
/* Fills schema 2's month tables and cells from the day rollups (empty tables). */
extern const char hub_pg_months_fill[];

/*
** A batch's raw rows as COPY text (hub-store-pg-rows.c), one buffer a
** table, filled as the batch accepts events and written at its end with
** one COPY a table that has rows, in the caller's transaction.  The
** strings are the struct's own: init, then clear.
*/
typedef struct {
  GString *events, *keys, *docs, *lines, *tenders;
} HubPgRows;
void hub_pg_rows_init(HubPgRows *rows);
void hub_pg_rows_clear(HubPgRows *rows);
/* The event's row; ref is what it refers to (a document id, a PLU, a Z report). */
void hub_pg_rows_event(HubPgRows *rows, int64_t market, int64_t stall, const HubEvent *ev,
                       const char *ref, int64_t now, const char *received_day);
/* The document's key row, the document, its lines and tenders. */
void hub_pg_rows_doc(HubPgRows *rows, int64_t market, int64_t stall, const HubEvent *ev,
                     int64_t now);
gboolean hub_pg_rows_write(HubPgConn *c, const HubPgRows *rows, GError **error);

/*
** The one statement that writes a batch's rollups (day rows and their
** month twins and cells), for the caller to run in its transaction
** (hub-store-pg-rollup.c): fills *st (its result NULL) and sets *keep
** (transfer full) to the texts st's arguments borrow, to be freed after
** the statement ran.  FALSE, *keep NULL and *st untouched when the
** rollup has no rows.
*/
gboolean hub_pg_rollup_statement(int64_t market, int64_t stall, const HubRollup *rollup,
                                 HubPgStatement *st, GPtrArray **keep);

/* The operations, as hub-store.h's (same arguments, same ownership). */
gboolean hub_pg_user_add(HubStore *store, const char *name, HubRole role,
                         const char *const *market_codes, char **token, GError **error);
gboolean hub_pg_user_token(HubStore *store, const char *name, char **token, GError **error);
gboolean hub_pg_user_revoke(HubStore *store, const char *name, guint *n_tokens,
                            GError **error);
GPtrArray *hub_pg_user_list(HubStore *store, GError **error);
gboolean hub_pg_device_revoke(HubStore *store, const char *stall_code, const char *device_id,
                              guint *n_tokens, GError **error);
HubPrincipal *hub_pg_authenticate(HubStore *store, const char *token, GError **error);
gboolean hub_pg_enroll_code_new(HubStore *store, const char *stall_code, int64_t now_ms,
                                char **code, int64_t *expires_ms, GError **error);
gboolean hub_pg_enroll(HubStore *store, const char *code, const char *device_id,
                       int64_t now_ms, char **token, HubStall **stall, GError **error);
gboolean hub_pg_ingest(HubStore *store, int64_t stall_id, GPtrArray *events,
                       int64_t received_ms, GError **error);
gboolean hub_pg_summary(HubStore *store, int64_t stall_id, const char *from, const char *to,
                        HubSummary *out, GError **error);
gboolean hub_pg_receipt(HubStore *store, const char *doc_id, char **json, HubStall **stall,
                        GError **error);
gboolean hub_pg_sync_windows(HubStore *store, int64_t now_ms, const int64_t *windows,
                             guint n_windows, int64_t *counts, int64_t *n_stalls,
                             GError **error);
HubRegistry *hub_pg_export_registry(HubStore *store, GError **error);
GPtrArray *hub_pg_export_events(HubStore *store, int64_t stall_id, GError **error);
GPtrArray *hub_pg_export_totals(HubStore *store, GError **error);
gboolean hub_pg_import_begin(HubStore *store, const HubRegistry *reg, GError **error);
gboolean hub_pg_import_end(HubStore *store, const HubRegistry *reg, gboolean commit,
                           GError **error);
AnDataset *hub_pg_dataset(HubStore *store, const char *market_code, const AnPeriod *periods,
                          guint n_periods, HubDatasetNeeds needs, GError **error);
gboolean hub_pg_engagement_add(HubStore *store, const char *market_code,
                               const char *const *stalls, guint n_stalls, const char *start,
                               const char *label, int64_t *id, GError **error);
GPtrArray *hub_pg_engagement_list(HubStore *store, const char *market_code, int64_t id,
                                  GError **error);
GArray *hub_pg_onnuri_receipts(HubStore *store, const char *market_code, const char *from,
                           const char *to, GError **error);

#endif
