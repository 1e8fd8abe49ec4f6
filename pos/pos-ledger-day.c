/*
** pos-ledger-day.c: day sessions (the cash drawer from float to count), the
** X and Z reports, the outbox, and the ledger's self-check.
**
** The reports are sums over the stored documents of one session.  Voids and
** refunds are stored negative, so every sum is already net; the report only
** splits them out again to show them.  Expected cash is float plus the cash
** column of every document less the change handed back: the same arithmetic
** the drawer went through, plus the paid-ins less the paid-outs
** (pos-ledger-cash.c).
*/
#include "pos-int.h"
#include "mb-clock.h"
#include <string.h>

static gboolean open_session_row(PosLedger *ledger, int64_t *id, gboolean *found,
                                 GError **error)
{
  sqlite3_stmt *st =
    pos_ledger_stmt(ledger, "SELECT id FROM day_session WHERE closed_ms IS NULL", error);
  if (st == NULL)
    return FALSE;
  int rc = sqlite3_step(st);
  *found = rc == SQLITE_ROW;
  if (*found)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading the day",
                       error);
  return TRUE;
}

static gboolean insert_session(PosLedger *ledger, int64_t now, PosMoney cash_float,
                               int64_t *id, GError **error)
{
  char day[11];
  mb_clock_business_day(now, day);
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "INSERT INTO day_session(business_day, z_no, opened_ms, cash_float)"
    " SELECT ?1, coalesce(max(z_no), 0) + 1, ?2, ?3 FROM day_session WHERE business_day = ?1",
    error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, now);
  sqlite3_bind_int64(st, 3, cash_float);
  if (!pos_ledger_step_done(ledger, st, "opening the day", error))
    return FALSE;
  *id = sqlite3_last_insert_rowid(ledger->db);
  return TRUE;
}


gboolean pos_ledger_ensure_session(PosLedger *ledger, int64_t now, int64_t *session_id,
                                   GError **error)
{
  gboolean found;
  if (!open_session_row(ledger, session_id, &found, error))
    return FALSE;
  return found || insert_session(ledger, now, 0, session_id, error);
}

/*
** The start opening and closing a day share: the amount (the float or the
** counted cash) is checked, the stall is known, the write transaction is
** open and a day is open exactly when want_open says it must be (else
** state_msg).  On FALSE no transaction is left open; *id is the open
** session when there is one.
*/
static gboolean day_change_begin(PosLedger *ledger, PosMoney amount, const char *bad_amount,
                                 gboolean want_open, const char *state_msg, int64_t *id,
                                 GError **error)
{
  gboolean found;
  if (amount < 0 || amount > POS_MONEY_MAX) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "%s", bad_amount);
    return FALSE;
  }
  if (!pos_ledger_check_stall(ledger, error) || !pos_ledger_begin(ledger, error))
    return FALSE;
  if (!open_session_row(ledger, id, &found, error))
    goto fail;
  if (!found != !want_open) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE, "%s", state_msg);
    goto fail;
  }
  return TRUE;
fail:
  pos_ledger_rollback(ledger);
  return FALSE;
}

gboolean pos_ledger_open_day(PosLedger *ledger, PosMoney cash_float, GError **error)
{
  int64_t id;
  if (!day_change_begin(ledger, cash_float, "the cash float must be 0 or more won", FALSE,
                        "a day is already open: close it first (stall close-day)", &id, error))
    return FALSE;
  if (insert_session(ledger, pos_now_ms(), cash_float, &id, error)
      && pos_ledger_commit(ledger, error))
    return TRUE;
  pos_ledger_rollback(ledger);
  return FALSE;
}

/*
** The most recent close: what a merchant counted then is what the drawer
** most likely holds now, so opening the next day offers it as the float.
*/
gboolean pos_ledger_last_close(PosLedger *ledger, PosMoney *counted_cash, int64_t *closed_ms,
                               GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(ledger,
                                     "SELECT counted_cash, closed_ms FROM day_session"
                                     " WHERE closed_ms IS NOT NULL ORDER BY closed_ms DESC, id DESC"
                                     " LIMIT 1",
                                     error);
  if (st == NULL)
    return FALSE;
  int rc = sqlite3_step(st);
  *counted_cash = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  *closed_ms = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading the last close",
                       error);
  return TRUE;
}

gboolean pos_ledger_open_session(PosLedger *ledger, int64_t *session_id, GError **error)
{
  gboolean found = FALSE;
  return open_session_row(ledger, session_id, &found, error) && found;
}

void pos_zreport_clear(PosZReport *z)
{
  if (z->by_line)
    g_ptr_array_unref(z->by_line);
  memset(z, 0, sizeof *z);
}

static void line_total_free(PosLineTotal *t)
{
  g_free(t->line_code);
  g_free(t);
}

/*
** Fills the report of one session from its documents: one pass over the
** documents, one over tenders, one over lines, all by the session index.
*/
static gboolean session_report(PosLedger *ledger, int64_t session, PosZReport *z,
                               GError **error)
{
  int rc;
  memset(z, 0, sizeof *z);
  z->by_line = g_ptr_array_new_with_free_func((GDestroyNotify)line_total_free);
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "SELECT business_day, z_no, opened_ms, cash_float, coalesce(closed_ms, 0),"
            " coalesce(counted_cash, 0) FROM day_session WHERE id = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, session);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no day session %lld", (long long)session);
    return FALSE;
  }
  z->session_id = session;
  g_strlcpy(z->business_day, (const char *)sqlite3_column_text(st, 0), sizeof z->business_day);
  z->z_no = sqlite3_column_int(st, 1);
  z->opened_ms = sqlite3_column_int64(st, 2);
  z->cash_float = sqlite3_column_int64(st, 3);
  z->closed_ms = sqlite3_column_int64(st, 4);
  z->counted_cash = sqlite3_column_int64(st, 5);
  sqlite3_reset(st);

  st = pos_ledger_stmt(
    ledger,
    "SELECT kind, count(*), coalesce(sum(total),0), coalesce(sum(taxable),0),"
    " coalesce(sum(supply),0), coalesce(sum(vat),0), coalesce(sum(exempt),0),"
    " coalesce(sum(line_discounts + sale_discount),0), coalesce(sum(change),0),"
    " count(cash_receipt_id)"
    " FROM doc WHERE session_id = ?1 GROUP BY kind", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, session);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *kind = (const char *)sqlite3_column_text(st, 0);
    int64_t n = sqlite3_column_int64(st, 1);
    PosMoney total = sqlite3_column_int64(st, 2);
    if (strcmp(kind, "sale") == 0) {
      z->receipts = n;
      z->gross = total;
      z->discounts = sqlite3_column_int64(st, 7);
      z->cash_receipts_pending = sqlite3_column_int64(st, 9);
    } else if (strcmp(kind, "void") == 0) {
      z->voids = n;
      z->voids_amount = total;
    } else {
      z->refunds = n;
      z->refunds_amount = total;
    }
    z->total += total;
    z->taxable += sqlite3_column_int64(st, 3);
    z->supply += sqlite3_column_int64(st, 4);
    z->vat += sqlite3_column_int64(st, 5);
    z->exempt += sqlite3_column_int64(st, 6);
    z->change += sqlite3_column_int64(st, 8);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    goto dbfail;

  st = pos_ledger_stmt(
    ledger,
    "SELECT t.method, sum(t.amount), sum(max(t.amount, 0)) FROM doc_tender t"
    " JOIN doc d ON d.id = t.doc_id WHERE d.session_id = ?1 GROUP BY t.method", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, session);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    PosTenderMethod m;
    if (pos_tender_method_parse((const char *)sqlite3_column_text(st, 0), &m)) {
      z->by_tender[m] = sqlite3_column_int64(st, 1);
      if (m == POS_TENDER_CASH)
        z->cash_in = sqlite3_column_int64(st, 2);
    }
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    goto dbfail;
  /* change always leaves the drawer as cash */
  z->by_tender[POS_TENDER_CASH] -= z->change;
  if (!pos_ledger_cash_sums(ledger, session, &z->paid_in, &z->paid_out, &z->cash_moves, error))
    return FALSE;
  z->expected_cash = z->cash_float + z->by_tender[POS_TENDER_CASH] + z->paid_in - z->paid_out;

  st = pos_ledger_stmt(
    ledger,
    "SELECT l.line_code, sum(l.net) FROM doc_line l JOIN doc d ON d.id = l.doc_id"
    " WHERE d.session_id = ?1 GROUP BY l.line_code ORDER BY l.line_code", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, session);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    PosLineTotal *t = g_new0(PosLineTotal, 1);
    t->line_code = pos_col_strdup(st, 0);
    t->amount = sqlite3_column_int64(st, 1);
    g_ptr_array_add(z->by_line, t);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    goto dbfail;
  if (z->closed_ms)
    z->cash_difference = z->counted_cash - z->expected_cash;
  return TRUE;
dbfail:
  return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "day report", error);
}

gboolean pos_ledger_x_report(PosLedger *ledger, PosZReport *out, GError **error)
{
  int64_t id;
  gboolean found;
  if (!open_session_row(ledger, &id, &found, error))
    return FALSE;
  if (!found) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE, "no day is open");
    return FALSE;
  }
  return session_report(ledger, id, out, error);
}

/*
** The merchant's threshold (setting cash_diff_threshold): a difference
** beyond it is more often a miscount or a missed paid-out than a real
** loss, so the close asks again rather than filing it.  The check reads
** the report inside the close's own transaction, the figures it files.
*/
static gboolean difference_allowed(PosLedger *ledger, const PosZReport *z, PosMoney counted,
                                   GError **error)
{
  PosSettings st;
  if (!pos_ledger_get_settings(ledger, &st, error))
    return FALSE;
  PosMoney threshold = st.cash_diff_threshold;
  pos_settings_clear(&st);
  PosMoney diff = counted - z->expected_cash;
  if (diff <= threshold && -diff <= threshold)
    return TRUE;
  char d[32], t[32], e[32];
  g_set_error(error, POS_ERROR, POS_ERROR_CASH_DIFFERENCE,
              "the counted cash is %s won %s than the expected %s won, more than the"
              " threshold of %s won: count again, or accept the difference",
              pos_money_format(diff < 0 ? -diff : diff, d, sizeof d),
              diff < 0 ? "less" : "more", pos_money_format(z->expected_cash, e, sizeof e),
              pos_money_format(threshold, t, sizeof t));
  return FALSE;
}

gboolean pos_ledger_close_day(PosLedger *ledger, PosMoney counted_cash, PosZReport *out,
                              GError **error)
{
  return pos_ledger_close_day_checked(ledger, counted_cash, TRUE, out, error);
}

gboolean pos_ledger_close_day_checked(PosLedger *ledger, PosMoney counted_cash,
                                      gboolean accept_difference, PosZReport *out,
                                      GError **error)
{
  int64_t id;
  if (!day_change_begin(ledger, counted_cash, "counted cash must be 0 or more won", TRUE,
                        "no day is open: nothing to close", &id, error))
    return FALSE;
  if (!accept_difference) {
    PosZReport before;
    if (!session_report(ledger, id, &before, error))
      goto fail;
    gboolean ok = difference_allowed(ledger, &before, counted_cash, error);
    pos_zreport_clear(&before);
    if (!ok)
      goto fail;
  }
  int64_t now = pos_now_ms();
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "UPDATE day_session SET closed_ms = ?1, counted_cash = ?2 WHERE id = ?3", error);
  if (st == NULL)
    goto fail;
  sqlite3_bind_int64(st, 1, now);
  sqlite3_bind_int64(st, 2, counted_cash);
  sqlite3_bind_int64(st, 3, id);
  char ref[24];
  g_snprintf(ref, sizeof ref, "%lld", (long long)id);
  PosZReport z;
  if (!pos_ledger_step_done(ledger, st, "closing the day", error)
      || !pos_ledger_outbox_add(ledger, POS_EVENT_DAY_CLOSE, ref, now, error)
      || !session_report(ledger, id, &z, error))
    goto fail;
  if (!pos_ledger_commit(ledger, error)) {
    pos_zreport_clear(&z);
    return FALSE;
  }
  if (out)
    *out = z;
  else
    pos_zreport_clear(&z);
  return TRUE;
fail:
  pos_ledger_rollback(ledger);
  return FALSE;
}

gboolean pos_ledger_session_report(PosLedger *ledger, int64_t session_id, PosZReport *out,
                                   GError **error)
{
  return session_report(ledger, session_id, out, error);
}

/* ---- Outbox ------------------------------------------------------------ */

const char *pos_event_kind_name(PosEventKind k)
{
  switch (k) {
  case POS_EVENT_SALE: return "sale";
  case POS_EVENT_VOID: return "void";
  case POS_EVENT_REFUND: return "refund";
  case POS_EVENT_DAY_CLOSE: return "day_close";
  case POS_EVENT_PRODUCT: return "product";
  }
  return "unknown";
}

void pos_outbox_row_free(PosOutboxRow *row)
{
  if (row == NULL)
    return;
  g_free(row->ref);
  g_free(row->reject_code);
  g_free(row->reject_message);
  g_free(row);
}

/*
** The rows of one state in seq order, at most limit of them.  Both queries
** select the same columns, so one loop reads them.
*/
static GPtrArray *outbox_rows(PosLedger *ledger, const char *sql, guint limit,
                              PosOutboxState state, GError **error)
{
  static const char *const kinds[] = {"sale", "void", "refund", "day_close", "product"};
  sqlite3_stmt *st = pos_ledger_stmt(ledger, sql, error);
  int rc;
  if (st == NULL)
    return NULL;
  sqlite3_bind_int(st, 1, (int)MIN(limit, (guint)G_MAXINT));
  GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)pos_outbox_row_free);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    PosOutboxRow *r = g_new0(PosOutboxRow, 1);
    r->seq = sqlite3_column_int64(st, 0);
    g_strlcpy(r->event_id, (const char *)sqlite3_column_text(st, 1), sizeof r->event_id);
    const char *kind = (const char *)sqlite3_column_text(st, 2);
    for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
      if (strcmp(kind, kinds[k]) == 0)
        r->kind = (PosEventKind)k;
    r->ref = pos_col_strdup(st, 3);
    r->created_ms = sqlite3_column_int64(st, 4);
    r->attempts = sqlite3_column_int(st, 5);
    r->reject_code = pos_col_strdup(st, 6);
    r->reject_message = pos_col_strdup(st, 7);
    r->state = state;
    g_ptr_array_add(rows, r);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    g_ptr_array_unref(rows);
    pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading the outbox", error);
    return NULL;
  }
  return rows;
}

GPtrArray *pos_ledger_outbox_pending(PosLedger *ledger, guint limit, GError **error)
{
  return outbox_rows(ledger,
                     "SELECT seq, event_id, kind, ref, created_ms, attempts, reject_code,"
                     " reject_message FROM outbox WHERE state = 'pending' ORDER BY seq"
                     " LIMIT ?1",
                     limit, POS_OUTBOX_PENDING, error);
}

GPtrArray *pos_ledger_outbox_rejected(PosLedger *ledger, GError **error)
{
  return outbox_rows(ledger,
                     "SELECT seq, event_id, kind, ref, created_ms, attempts, reject_code,"
                     " reject_message FROM outbox WHERE state = 'rejected' ORDER BY seq"
                     " LIMIT ?1",
                     G_MAXUINT, POS_OUTBOX_REJECTED, error);
}

/* One UPDATE; the caller decides the transaction. */
static gboolean outbox_mark_one(PosLedger *ledger, const char *event_id, PosOutboxState state,
                                const char *code, const char *message, GError **error)
{
  static const char *const states[] = {"pending", "sent", "rejected"};
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "UPDATE outbox SET state = ?2, attempts = attempts + 1, reject_code = ?3,"
    " reject_message = ?4 WHERE event_id = ?1", error);
  if (st == NULL)
    return FALSE;
  if ((unsigned)state > POS_OUTBOX_REJECTED) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "unknown outbox state");
    return FALSE;
  }
  sqlite3_bind_text(st, 1, event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, states[state], -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, message, -1, SQLITE_STATIC);
  if (!pos_ledger_step_done(ledger, st, "updating the outbox", error))
    return FALSE;
  if (sqlite3_changes(ledger->db) == 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no outbox event %s", event_id);
    return FALSE;
  }
  return TRUE;
}

gboolean pos_ledger_outbox_mark(PosLedger *ledger, const char *event_id, PosOutboxState state,
                                const char *code, const char *message, GError **error)
{
  return outbox_mark_one(ledger, event_id, state, code, message, error);
}

gboolean pos_ledger_outbox_mark_many(PosLedger *ledger, const PosOutboxMark *marks, guint n,
                                     GError **error)
{
  if (n == 0)
    return TRUE;
  if (!pos_ledger_begin(ledger, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!outbox_mark_one(ledger, marks[i].event_id, marks[i].state, marks[i].code,
                         marks[i].message, error)) {
      pos_ledger_rollback(ledger);
      return FALSE;
    }
  return pos_ledger_commit(ledger, error);
}

gboolean pos_ledger_outbox_counts(PosLedger *ledger, int64_t *pending, int64_t *sent,
                                  int64_t *rejected, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT count(*) FILTER (WHERE state='pending'), count(*) FILTER (WHERE state='sent'),"
    " count(*) FILTER (WHERE state='rejected') FROM outbox", error);
  if (st == NULL)
    return FALSE;
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "outbox", error);
  }
  if (pending) *pending = sqlite3_column_int64(st, 0);
  if (sent) *sent = sqlite3_column_int64(st, 1);
  if (rejected) *rejected = sqlite3_column_int64(st, 2);
  sqlite3_reset(st);
  return TRUE;
}

/* ---- Self-check --------------------------------------------------------- */

/*
** PRAGMA integrity_check and foreign_key_check, then every document through
** pos_sale_check, then the pairing of documents and outbox events: each
** document has exactly one event and no event names a missing document.
*/
gboolean pos_ledger_check(PosLedger *ledger, GError **error)
{
  static const char *const queries[] = {
    "SELECT 'integrity: ' || integrity_check FROM pragma_integrity_check"
    " WHERE integrity_check <> 'ok'",
    "SELECT 'foreign key: ' || \"table\" FROM pragma_foreign_key_check",
    "SELECT 'document without event: ' || d.id FROM doc d"
    " WHERE (SELECT count(*) FROM outbox o WHERE o.ref = d.id) <> 1",
    "SELECT 'event without document: ' || o.event_id FROM outbox o"
    " WHERE o.kind IN ('sale','void','refund') AND NOT EXISTS"
    " (SELECT 1 FROM doc d WHERE d.id = o.ref)",
    "SELECT 'document without lines: ' || d.id FROM doc d"
    " WHERE NOT EXISTS (SELECT 1 FROM doc_line l WHERE l.doc_id = d.id)",
  };
  for (guint i = 0; i < G_N_ELEMENTS(queries); i++) {
    sqlite3_stmt *st = pos_ledger_stmt(ledger, queries[i], error);
    if (st == NULL)
      return FALSE;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      g_set_error(error, POS_ERROR, POS_ERROR_NOT_A_DB, "ledger check failed: %s",
                  sqlite3_column_text(st, 0));
      sqlite3_reset(st);
      return FALSE;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
      return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "ledger check",
                         error);
  }
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(ledger, NULL, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++) {
    g_autoptr(PosSale) s = pos_ledger_load_sale(ledger, g_ptr_array_index(ids, i), error);
    if (s == NULL || !pos_sale_check(s, error))
      return FALSE;
  }
  return TRUE;
}
