/*
** pos-ledger-cash.c: paid-in and paid-out, cash that enters or leaves the
** drawer outside a sale (change brought from the bank, a supplier paid in
** cash).
**
** A move is one row of cash_move (schema 4) in the open day session, with
** its direction, a positive amount in won and the merchant's reason.  Rows
** are append-only (triggers refuse UPDATE and DELETE, as for the drawer
** log): a mistake is corrected by the opposite move, so the day's record
** shows both.  The day report adds the sums into the expected cash.
**
** A paid-out larger than what the drawer should hold is refused: the
** drawer cannot go below zero, and such a move is almost always a typo
** (an extra zero).  The check runs inside the write transaction, so two
** tills on one ledger cannot both take the last won.
*/
#include "pos-int.h"
#include <string.h>

const char *pos_cash_direction_name(PosCashDirection d)
{
  return d == POS_CASH_OUT ? "out" : "in";
}

gboolean pos_cash_direction_parse(const char *s, PosCashDirection *out)
{
  if (g_strcmp0(s, "in") == 0)
    *out = POS_CASH_IN;
  else if (g_strcmp0(s, "out") == 0)
    *out = POS_CASH_OUT;
  else
    return FALSE;
  return TRUE;
}

void pos_cash_move_free(PosCashMove *m)
{
  if (m == NULL)
    return;
  g_free(m->reason);
  g_free(m);
}

gboolean pos_ledger_cash_sums(PosLedger *ledger, int64_t session_id, PosMoney *paid_in,
                              PosMoney *paid_out, int64_t *moves, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT coalesce(sum(amount) FILTER (WHERE direction = 'in'), 0),"
    " coalesce(sum(amount) FILTER (WHERE direction = 'out'), 0), count(*)"
    " FROM cash_move WHERE session_id = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, session_id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading cash moves",
                       error);
  }
  *paid_in = sqlite3_column_int64(st, 0);
  *paid_out = sqlite3_column_int64(st, 1);
  *moves = sqlite3_column_int64(st, 2);
  sqlite3_reset(st);
  return TRUE;
}

static PosCashMove *move_from_row(sqlite3_stmt *st)
{
  PosCashMove *m = g_new0(PosCashMove, 1);
  m->id = sqlite3_column_int64(st, 0);
  m->session_id = sqlite3_column_int64(st, 1);
  m->at_ms = sqlite3_column_int64(st, 2);
  pos_cash_direction_parse((const char *)sqlite3_column_text(st, 3), &m->direction);
  m->amount = sqlite3_column_int64(st, 4);
  m->reason = pos_col_strdup(st, 5);
  return m;
}

GPtrArray *pos_ledger_cash_moves(PosLedger *ledger, int64_t session_id, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT id, session_id, at_ms, direction, amount, reason FROM cash_move"
    " WHERE session_id = ?1 ORDER BY id", error);
  int rc;
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, session_id);
  GPtrArray *moves = g_ptr_array_new_with_free_func((GDestroyNotify)pos_cash_move_free);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_ptr_array_add(moves, move_from_row(st));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    g_ptr_array_unref(moves);
    pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading cash moves", error);
    return NULL;
  }
  return moves;
}

/*
** Validates, then in one write transaction: finds the open session, for a
** paid-out reads the expected cash through the day report, inserts the row.
*/
gboolean pos_ledger_cash_move(PosLedger *ledger, PosCashDirection direction, PosMoney amount,
                              const char *reason, PosCashMove **out, GError **error)
{
  int64_t session;
  if (amount < 1 || amount > POS_MONEY_MAX) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "a paid-in or paid-out must be 1 won or more");
    return FALSE;
  }
  if ((unsigned)direction > POS_CASH_OUT) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "a cash move is either in or out");
    return FALSE;
  }
  if (reason == NULL || *reason == '\0' || strlen(reason) > 200
      || !g_utf8_validate(reason, -1, NULL)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "a paid-in or paid-out needs a reason of 1-200 bytes of UTF-8");
    return FALSE;
  }
  if (!pos_ledger_check_stall(ledger, error) || !pos_ledger_begin(ledger, error))
    return FALSE;
  if (!pos_ledger_open_session(ledger, &session, error)) {
    if (error != NULL && *error == NULL)
      g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                  "no day is open: open the day first (stall open-day)");
    goto fail;
  }
  if (direction == POS_CASH_OUT) {
    PosZReport z;
    if (!pos_ledger_session_report(ledger, session, &z, error))
      goto fail;
    PosMoney expected = z.expected_cash;
    pos_zreport_clear(&z);
    if (amount > expected) {
      char a[32], e[32];
      g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                  "a paid-out of %s won is more than the %s won the drawer should hold",
                  pos_money_format(amount, a, sizeof a), pos_money_format(expected, e, sizeof e));
      goto fail;
    }
  }
  int64_t now = pos_now_ms();
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "INSERT INTO cash_move(session_id, at_ms, direction, amount, reason)"
    " VALUES(?1, ?2, ?3, ?4, ?5)", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64(st, 1, session);
  sqlite3_bind_int64(st, 2, now);
  sqlite3_bind_text(st, 3, pos_cash_direction_name(direction), -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, amount);
  sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
  if (!pos_ledger_step_done(ledger, st, "recording the cash move", error))
    goto fail;
  int64_t id = sqlite3_last_insert_rowid(ledger->db);
  if (!pos_ledger_commit(ledger, error))
    goto fail;
  if (out != NULL) {
    PosCashMove *m = g_new0(PosCashMove, 1);
    m->id = id;
    m->session_id = session;
    m->at_ms = now;
    m->direction = direction;
    m->amount = amount;
    m->reason = g_strdup(reason);
    *out = m;
  }
  return TRUE;
fail:
  pos_ledger_rollback(ledger);
  return FALSE;
}
