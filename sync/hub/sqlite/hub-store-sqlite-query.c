/*
** hub-store-sqlite-query.c: what the HTTP side reads back from the SQLite
** store: a stall's summary (from the rollups only), a stored receipt, and
** the sync freshness counts of /metrics.
**
** Every query runs on a reader connection from the pool, never on the
** writer, so in WAL mode it reads a consistent snapshot while batches are
** being written and never waits for them.
*/
#include "hub-store-sqlite.h"
#include <string.h>

static void amount_free(HubAmount *a)
{
  g_free(a->key);
  g_free(a);
}

/* key, sum(amount) rows of one stall and day range into an array. */
static gboolean amounts(HubConn *c, const char *sql, int64_t stall, const char *from,
                        const char *to, GPtrArray **out, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, sql, error);
  if (st == NULL)
    return FALSE;
  *out = g_ptr_array_new_with_free_func((GDestroyNotify)amount_free);
  sqlite3_bind_int64(st, 1, stall);
  sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    HubAmount *a = g_new0(HubAmount, 1);
    a->key = hub_sq_col(st, 0);
    a->amount = sqlite3_column_int64(st, 1);
    g_ptr_array_add(*out, a);
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE || hub_sq_fail(c, "reading the rollups", error);
}

/*
** Reads only the rollups: a month of a stall is about 30 + 30 x (lines +
** tenders) rows whatever the number of receipts.  All reads run on one
** reader connection; without an explicit transaction each is its own
** snapshot, which is fine for figures that only ever grow by whole batches.
*/
static gboolean summary_read(HubConn *c, int64_t stall, const char *from, const char *to,
                             HubSummary *out, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(
    c, "SELECT coalesce(sum(receipts), 0), coalesce(sum(sales), 0), coalesce(sum(voids), 0),"
       " coalesce(sum(refunds), 0), coalesce(sum(total), 0), coalesce(sum(taxable), 0),"
       " coalesce(sum(supply), 0), coalesce(sum(vat), 0), coalesce(sum(exempt), 0),"
       " (SELECT coalesce(last_sync_ms, 0) FROM stall WHERE id = ?1)"
       " FROM roll_day WHERE stall_id = ?1 AND day BETWEEN ?2 AND ?3", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, stall);
  sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return hub_sq_fail(c, "reading the rollups", error);
  }
  int64_t *n[] = {&out->receipts, &out->sales, &out->voids, &out->refunds, &out->total,
                  &out->taxable, &out->supply, &out->vat, &out->exempt, &out->last_sync_ms};
  for (int i = 0; i < (int)G_N_ELEMENTS(n); i++)
    *n[i] = sqlite3_column_int64(st, i);
  sqlite3_reset(st);
  return amounts(c, "SELECT method, sum(amount) FROM roll_tender WHERE stall_id = ?1"
                    " AND day BETWEEN ?2 AND ?3 GROUP BY method ORDER BY method", stall,
                 from, to, &out->by_tender, error)
         && amounts(c, "SELECT line_code, sum(revenue) FROM roll_line_day WHERE"
                       " stall_id = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY line_code"
                       " ORDER BY line_code", stall, from, to, &out->by_line, error);
}

/* The output is zeroed first, so a failure leaves nothing to free. */
gboolean hub_sqlite_summary(HubStore *store, int64_t stall_id, const char *from,
                           const char *to, HubSummary *out, GError **error)
{
  memset(out, 0, sizeof *out);
  HubConn *c = hub_sq_reader(store);
  gboolean ok = summary_read(c, stall_id, from, to, out, error);
  hub_sq_release(store, c);
  if (!ok)
    hub_summary_clear(out);
  return ok;
}

/* The document and its stall in one join: the page needs both. */
gboolean hub_sqlite_receipt(HubStore *store, const char *doc_id, char **json,
                           HubStall **stall, GError **error)
{
  HubConn *c = hub_sq_reader(store);
  sqlite3_stmt *st = hub_sq_stmt(
    c, "SELECT d.json, s.id, s.code, s.name, s.market_id, m.code, m.name,"
       " coalesce(s.last_sync_ms, 0) FROM doc d JOIN stall s ON s.id = d.stall_id"
       " JOIN market m ON m.id = s.market_id WHERE d.doc_id = ?1", error);
  int rc = SQLITE_ERROR;
  if (st) {
    sqlite3_bind_text(st, 1, doc_id, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      *json = hub_sq_col(st, 0);
      *stall = hub_sq_stall_row(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
      g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no receipt %s", doc_id);
    else if (rc != SQLITE_ROW)
      hub_sq_fail(c, "reading the receipt", error);
  }
  hub_sq_release(store, c);
  return rc == SQLITE_ROW;
}

/*
** One count per window plus the total (the extra last round), with one
** prepared statement.
*/
gboolean hub_sqlite_sync_windows(HubStore *store, int64_t now_ms, const int64_t *windows,
                                guint n_windows, int64_t *counts, int64_t *n_stalls,
                                GError **error)
{
  HubConn *c = hub_sq_reader(store);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i <= n_windows; i++) {
    sqlite3_stmt *st = hub_sq_stmt(
      c, "SELECT count(*) FROM stall WHERE ?1 OR last_sync_ms >= ?2", error);
    if (!(ok = st != NULL))
      break;
    sqlite3_bind_int(st, 1, i == n_windows);
    sqlite3_bind_int64(st, 2, i < n_windows ? now_ms - windows[i] : 0);
    ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok)
      *(i < n_windows ? &counts[i] : n_stalls) = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!ok)
      hub_sq_fail(c, "counting synced stalls", error);
  }
  hub_sq_release(store, c);
  return ok;
}
