/*
** hub-store-pg-engagement.c: the program's engagements on PostgreSQL
** (hub-engagement.h; tables of schema 3).
**
** As on SQLite: the engagement and its stalls in one transaction, each
** stall checked to be of the market, so an error leaves nothing behind;
** the list is one join folded into records as it is read.
*/
#include "hub-store-pg.h"
#include <string.h>

/* The stall's id, checked to belong to the market (NOT_FOUND, INVALID). */
static gboolean stall_of_market(HubPgConn *conn, const char *code, int64_t market_id,
                                const char *market_code, int64_t *id, GError **error)
{
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, code);
  PGresult *res = hub_pg_exec(conn, "SELECT id, market_id FROM stall WHERE code = $1", &a,
                              "finding the stall", error);
  if (res == NULL)
    return FALSE;
  gboolean found = PQntuples(res) > 0;
  gboolean ok = found && hub_pg_int(res, 0, 1) == market_id;
  if (found)
    *id = hub_pg_int(res, 0, 0);
  PQclear(res);
  if (!found)
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no stall %s", code);
  else if (!ok)
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "stall %s is not in market %s", code,
                market_code);
  return ok;
}

static gboolean add_in_tx(HubPgConn *conn, const char *market_code, const char *const *stalls,
                          guint n_stalls, const char *start, const char *label, int64_t *id,
                          GError **error)
{
  int64_t mid;
  if (!hub_pg_market_id(conn, market_code, &mid, error))
    return FALSE;
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, mid);
  hub_pg_arg_text(&a, start);
  hub_pg_arg_text(&a, label);
  hub_pg_arg_int(&a, pos_now_ms());
  PGresult *res = hub_pg_exec(conn, "INSERT INTO engagement(market_id, start_day, label,"
                                    " created_ms) VALUES($1, $2, $3, $4) RETURNING id", &a,
                              "adding the engagement", error);
  if (res == NULL)
    return FALSE;
  *id = hub_pg_int(res, 0, 0);
  PQclear(res);
  for (guint i = 0; i < n_stalls; i++) {
    int64_t sid = 0;
    if (!stall_of_market(conn, stalls[i], mid, market_code, &sid, error))
      return FALSE;
    HubPgArgs b = {0};
    hub_pg_arg_int(&b, *id);
    hub_pg_arg_int(&b, sid);
    if (!hub_pg_run(conn, "INSERT INTO engagement_stall(engagement_id, stall_id)"
                          " VALUES($1, $2)", &b, "adding the engagement's stalls", error))
      return FALSE;
  }
  return TRUE;
}

gboolean hub_pg_engagement_add(HubStore *store, const char *market_code,
                               const char *const *stalls, guint n_stalls, const char *start,
                               const char *label, int64_t *id, GError **error)
{
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = hub_pg_begin(conn, error);
  if (ok && !(ok = add_in_tx(conn, market_code, stalls, n_stalls, start, label, id, error)))
    hub_pg_rollback(conn);
  if (ok && !(ok = hub_pg_commit(conn, error)))
    hub_pg_rollback(conn);
  hub_pg_release(store, conn);
  return ok;
}

/* $1 the market's id or 0 for all, $2 one engagement or 0 for all. */
GPtrArray *hub_pg_engagement_list(HubStore *store, const char *market_code, int64_t id,
                                  GError **error)
{
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return NULL;
  int64_t mid = 0;
  PGresult *res = NULL;
  if (market_code == NULL || hub_pg_market_id(conn, market_code, &mid, error)) {
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, mid);
    hub_pg_arg_int(&a, id);
    res = hub_pg_exec(
      conn, "SELECT e.id, m.code, e.start_day, e.label, e.created_ms, s.code"
            " FROM engagement e JOIN market m ON m.id = e.market_id"
            " JOIN engagement_stall es ON es.engagement_id = e.id"
            " JOIN stall s ON s.id = es.stall_id"
            " WHERE ($1 = 0 OR e.market_id = $1) AND ($2 = 0 OR e.id = $2)"
            " ORDER BY e.id, s.code", &a, "listing engagements", error);
  }
  hub_pg_release(store, conn);
  if (res == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)hub_engagement_free);
  HubEngagement *e = NULL;
  for (int i = 0; i < PQntuples(res); i++) {
    if (e == NULL || e->id != hub_pg_int(res, i, 0)) {
      e = g_new0(HubEngagement, 1);
      e->id = hub_pg_int(res, i, 0);
      e->market_code = hub_pg_text(res, i, 1);
      e->start = hub_pg_text(res, i, 2);
      e->label = hub_pg_text(res, i, 3);
      e->created_ms = hub_pg_int(res, i, 4);
      e->stalls = g_ptr_array_new_with_free_func(g_free);
      g_ptr_array_add(out, e);
    }
    g_ptr_array_add(e->stalls, hub_pg_text(res, i, 5));
  }
  PQclear(res);
  return out;
}
