/*
** hub-store-sqlite-engagement.c: the program's engagements on SQLite
** (hub-engagement.h; tables of schema 4).
**
** An engagement and its stalls are written in one transaction on the
** writer, each stall looked up under the same lock, so a stall of another
** market or a missing one leaves nothing behind.  The list is one join
** ordered by engagement and stall code, folded into records as it is read.
*/
#include "hub-store-sqlite.h"
#include <string.h>

/* The stall's id, checked to belong to the market (NOT_FOUND, INVALID). */
static gboolean stall_of_market(HubConn *conn, const char *code, int64_t market_id,
                                const char *market_code, int64_t *id, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(conn, "SELECT id, market_id FROM stall WHERE code = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  int64_t mid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hub_sq_fail(conn, "finding the stall", error);
  if (rc == SQLITE_DONE) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no stall %s", code);
    return FALSE;
  }
  if (mid != market_id) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "stall %s is not in market %s", code,
                market_code);
    return FALSE;
  }
  return TRUE;
}

static gboolean add_locked(HubConn *conn, const char *market_code, const char *const *stalls,
                           guint n_stalls, const char *start, const char *label, int64_t *id,
                           GError **error)
{
  int64_t mid;
  if (!hub_sq_market_id(conn, market_code, &mid, error))
    return FALSE;
  sqlite3_stmt *st = hub_sq_stmt(conn, "INSERT INTO engagement(market_id, start_day, label,"
                                       " created_ms) VALUES(?1, ?2, ?3, ?4)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, mid);
  sqlite3_bind_text(st, 2, start, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, label, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, pos_now_ms());
  if (!hub_sq_done(conn, st, "adding the engagement", error))
    return FALSE;
  *id = sqlite3_last_insert_rowid(conn->db);
  for (guint i = 0; i < n_stalls; i++) {
    int64_t sid = 0;
    if (!stall_of_market(conn, stalls[i], mid, market_code, &sid, error))
      return FALSE;
    st = hub_sq_stmt(conn, "INSERT INTO engagement_stall(engagement_id, stall_id)"
                           " VALUES(?1, ?2)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_int64(st, 2, sid);
    if (!hub_sq_done(conn, st, "adding the engagement's stalls", error))
      return FALSE;
  }
  return TRUE;
}

gboolean hub_sqlite_engagement_add(HubStore *store, const char *market_code,
                                   const char *const *stalls, guint n_stalls, const char *start,
                                   const char *label, int64_t *id, GError **error)
{
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = hub_sq_begin(conn, error);
  if (ok && !(ok = add_locked(conn, market_code, stalls, n_stalls, start, label, id, error)))
    hub_sq_rollback(conn);
  if (ok && !(ok = hub_sq_commit(conn, error)))
    hub_sq_rollback(conn);
  hub_sq_unlock(store);
  return ok;
}

/*
** ?1 the market code or NULL for all, ?2 one id or 0 for all; an unknown
** market is told apart from one without engagements afterwards.
*/
GPtrArray *hub_sqlite_engagement_list(HubStore *store, const char *market_code, int64_t id,
                                      GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)hub_engagement_free);
  int64_t mid = 0;
  gboolean ok = market_code == NULL || hub_sq_market_id(conn, market_code, &mid, error);
  sqlite3_stmt *st = ok ? hub_sq_stmt(
    conn, "SELECT e.id, m.code, e.start_day, e.label, e.created_ms, s.code"
          " FROM engagement e JOIN market m ON m.id = e.market_id"
          " JOIN engagement_stall es ON es.engagement_id = e.id"
          " JOIN stall s ON s.id = es.stall_id"
          " WHERE (?1 = 0 OR e.market_id = ?1) AND (?2 = 0 OR e.id = ?2)"
          " ORDER BY e.id, s.code", error) : NULL;
  int rc = SQLITE_ERROR;
  if (st) {
    sqlite3_bind_int64(st, 1, mid);
    sqlite3_bind_int64(st, 2, id);
    HubEngagement *e = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (e == NULL || e->id != sqlite3_column_int64(st, 0)) {
        e = g_new0(HubEngagement, 1);
        e->id = sqlite3_column_int64(st, 0);
        e->market_code = hub_sq_col(st, 1);
        e->start = hub_sq_col(st, 2);
        e->label = hub_sq_col(st, 3);
        e->created_ms = sqlite3_column_int64(st, 4);
        e->stalls = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(out, e);
      }
      g_ptr_array_add(e->stalls, hub_sq_col(st, 5));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
      hub_sq_fail(conn, "listing engagements", error);
  }
  hub_sq_release(store, conn);
  if (rc != SQLITE_DONE)
    g_clear_pointer(&out, g_ptr_array_unref);
  return out;
}
