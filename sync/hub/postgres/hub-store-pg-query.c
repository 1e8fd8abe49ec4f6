/*
** hub-store-pg-query.c: what the HTTP side reads back from the PostgreSQL
** store: a stall's summary (from the rollups only), a stored receipt, and
** the sync freshness counts of /metrics.  The answers are the SQLite
** store's (sqlite/hub-store-sqlite-query.c) row for row: the same sums,
** the same order (byte order of the keys, which the C collation of the
** key columns gives).
**
** A summary reads several statements in one REPEATABLE READ transaction,
** so its figures come from one snapshot even while batches commit.
*/
#include "hub-store-pg.h"
#include <string.h>

static void amount_free(HubAmount *a)
{
  g_free(a->key);
  g_free(a);
}

/* key, sum(amount) rows of one stall and day range into an array. */
static gboolean amounts(HubPgConn *c, const char *sql, const HubPgArgs *args,
                        GPtrArray **out, GError **error)
{
  PGresult *res = hub_pg_exec(c, sql, args, "reading the rollups", error);
  if (res == NULL)
    return FALSE;
  *out = g_ptr_array_new_with_free_func((GDestroyNotify)amount_free);
  for (int i = 0; i < PQntuples(res); i++) {
    HubAmount *a = g_new0(HubAmount, 1);
    a->key = hub_pg_text(res, i, 0);
    a->amount = hub_pg_int(res, i, 1);
    g_ptr_array_add(*out, a);
  }
  PQclear(res);
  return TRUE;
}

/* The stall's market leads every key, so its rows are one index range. */
static gboolean summary_read(HubPgConn *c, int64_t stall, const char *from, const char *to,
                             HubSummary *out, GError **error)
{
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, stall);
  hub_pg_arg_text(&a, from);
  hub_pg_arg_text(&a, to);
  PGresult *res = hub_pg_exec(
    c, "SELECT coalesce(sum(r.receipts), 0), coalesce(sum(r.sales), 0),"
       " coalesce(sum(r.voids), 0), coalesce(sum(r.refunds), 0), coalesce(sum(r.total), 0),"
       " coalesce(sum(r.taxable), 0), coalesce(sum(r.supply), 0), coalesce(sum(r.vat), 0),"
       " coalesce(sum(r.exempt), 0),"
       " (SELECT coalesce(last_sync_ms, 0) FROM stall WHERE id = $1)"
       " FROM roll_day r JOIN stall s ON s.id = $1 AND r.market_id = s.market_id"
       " WHERE r.stall_id = $1 AND r.day BETWEEN $2 AND $3", &a, "reading the rollups",
    error);
  if (res == NULL)
    return FALSE;
  int64_t *n[] = {&out->receipts, &out->sales, &out->voids, &out->refunds, &out->total,
                  &out->taxable, &out->supply, &out->vat, &out->exempt, &out->last_sync_ms};
  for (int i = 0; i < (int)G_N_ELEMENTS(n); i++)
    *n[i] = PQntuples(res) > 0 ? hub_pg_int(res, 0, i) : 0;
  PQclear(res);
  return amounts(c, "SELECT r.method, sum(r.amount) FROM roll_tender r"
                    " JOIN stall s ON s.id = $1 AND r.market_id = s.market_id"
                    " WHERE r.stall_id = $1 AND r.day BETWEEN $2 AND $3"
                    " GROUP BY r.method ORDER BY r.method", &a, &out->by_tender, error)
         && amounts(c, "SELECT r.line_code, sum(r.revenue) FROM roll_line_day r"
                       " JOIN stall s ON s.id = $1 AND r.market_id = s.market_id"
                       " WHERE r.stall_id = $1 AND r.day BETWEEN $2 AND $3"
                       " GROUP BY r.line_code ORDER BY r.line_code", &a, &out->by_line, error);
}

/* The output is zeroed first, so a failure leaves nothing to free. */
gboolean hub_pg_summary(HubStore *store, int64_t stall_id, const char *from, const char *to,
                        HubSummary *out, GError **error)
{
  memset(out, 0, sizeof *out);
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return FALSE;
  gboolean ok = hub_pg_run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL,
                           "starting a read", error)
                && summary_read(c, stall_id, from, to, out, error)
                && hub_pg_commit(c, error);
  if (!ok) {
    hub_pg_rollback(c);
    hub_summary_clear(out);
  }
  hub_pg_release(store, c);
  return ok;
}

/* The document through its key row: the key knows the month to look in. */
gboolean hub_pg_receipt(HubStore *store, const char *doc_id, char **json, HubStall **stall,
                        GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return FALSE;
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, doc_id);
  PGresult *res = hub_pg_exec(
    c, "SELECT d.json, s.id, s.code, s.name, s.market_id, m.code, m.name,"
       " coalesce(s.last_sync_ms, 0) FROM doc_key k"
       " JOIN doc d ON d.market_id = k.market_id AND d.business_day = k.business_day"
       "   AND d.doc_id = k.doc_id"
       " JOIN stall s ON s.id = k.stall_id JOIN market m ON m.id = s.market_id"
       " WHERE k.doc_id = $1", &a, "reading the receipt", error);
  hub_pg_release(store, c);
  if (res == NULL)
    return FALSE;
  gboolean found = PQntuples(res) > 0;
  if (found) {
    *json = hub_pg_text(res, 0, 0);
    *stall = hub_pg_stall_row(res, 0, 1);
  } else {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no receipt %s", doc_id);
  }
  PQclear(res);
  return found;
}

/* One count per window plus the total (the extra last round). */
gboolean hub_pg_sync_windows(HubStore *store, int64_t now_ms, const int64_t *windows,
                             guint n_windows, int64_t *counts, int64_t *n_stalls,
                             GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (guint i = 0; ok && i <= n_windows; i++) {
    HubPgArgs a = {0};
    hub_pg_arg_text(&a, i == n_windows ? "t" : "f");
    hub_pg_arg_int(&a, i < n_windows ? now_ms - windows[i] : 0);
    PGresult *res = hub_pg_exec(c, "SELECT count(*) FROM stall WHERE $1::boolean"
                                   " OR last_sync_ms >= $2", &a, "counting synced stalls",
                                error);
    ok = res != NULL;
    if (ok)
      *(i < n_windows ? &counts[i] : n_stalls) = hub_pg_int(res, 0, 0);
    PQclear(res);
  }
  hub_pg_release(store, c);
  return ok;
}
