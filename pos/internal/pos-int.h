/*
** pos-int.h: declarations shared inside pos/ only.
*/
#ifndef POS_INT_H
#define POS_INT_H

#include "pos.h"
#include <sqlite3.h>

void pos_line_free(PosLine *line);
void pos_tender_free(PosTender *t);
PosLine *pos_line_copy(const PosLine *line);

/* Maps an SQLite result code (and the db's message) to a PosError. */
gboolean pos_db_fail(sqlite3 *db, int rc, const char *what, GError **error);

/* The ledger handle: one connection, a cache of prepared statements. */
struct PosLedger {
  sqlite3 *db;
  char *path;
  GHashTable *stmts;        /* SQL text (static) -> sqlite3_stmt*, owned */
  char *device_id;          /* cached at open once the stall exists */
  GHashTable *line_codes;   /* pos_ledger_set_line_codes: the known lines, or NULL */
};

/* A cached prepared statement, reset and unbound; NULL with *error set. */
sqlite3_stmt *pos_ledger_stmt(PosLedger *ledger, const char *sql, GError **error);
/* Every row of a bound statement through row() into a new array; NULL on error. */
GPtrArray *pos_ledger_list(PosLedger *ledger, sqlite3_stmt *st,
                           gpointer (*row)(sqlite3_stmt *st), GDestroyNotify free_row,
                           const char *what, GError **error);
/* Runs one statement without results (BEGIN, COMMIT...). */
gboolean pos_ledger_exec(PosLedger *ledger, const char *sql, GError **error);
/* TRUE for a ledger path naming a plain file (not ":memory:", not a "file:" URI). */
gboolean pos_ledger_path_is_file(const char *path);
/* NOT_INITIALISED (with what to run) until 'stall init' has named the stall. */
gboolean pos_ledger_check_stall(const PosLedger *ledger, GError **error);
/* BEGIN IMMEDIATE / COMMIT / ROLLBACK (rollback never fails loudly). */
gboolean pos_ledger_begin(PosLedger *ledger, GError **error);
gboolean pos_ledger_commit(PosLedger *ledger, GError **error);
void pos_ledger_rollback(PosLedger *ledger);
/* Steps a statement expecting SQLITE_DONE. */
gboolean pos_ledger_step_done(PosLedger *ledger, sqlite3_stmt *st, const char *what,
                              GError **error);
/* Appends an outbox row (inside the caller's transaction). */
gboolean pos_ledger_outbox_add(PosLedger *ledger, PosEventKind kind, const char *ref,
                               int64_t now_ms, GError **error);
/* Inside a transaction: inserts (id 0) or updates a product, queues its event. */
gboolean pos_ledger_product_write(PosLedger *ledger, PosProduct *p, int64_t now,
                                  GError **error);
/* The open day session, opening one with a zero float if none (in a transaction). */
gboolean pos_ledger_ensure_session(PosLedger *ledger, int64_t now, int64_t *session_id,
                                   GError **error);
/* sqlite3_column_text as a new string, or NULL for SQL NULL. */
char *pos_col_strdup(sqlite3_stmt *st, int col);
/* The paid-in and paid-out sums and count of one session (pos-ledger-cash.c). */
gboolean pos_ledger_cash_sums(PosLedger *ledger, int64_t session_id, PosMoney *paid_in,
                              PosMoney *paid_out, int64_t *moves, GError **error);
/* A unit ('kg' or else piece) and a tax ('exempt' or else taxable) column. */
PosUnit pos_col_unit(sqlite3_stmt *st, int col);
PosTaxClass pos_col_tax(sqlite3_stmt *st, int col);

#endif
