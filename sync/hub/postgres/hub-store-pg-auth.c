/*
** hub-store-pg-auth.c: who may use the hub, on PostgreSQL: users and their
** markets, tokens, revocation, authentication of a bearer token, and the
** one-time enrollment codes.  The rules are the SQLite store's
** (sqlite/hub-store-sqlite-auth.c); only the SQL differs.
**
** Secrets never reach the database: a token or code is hashed (SHA-256)
** before it becomes a parameter, and found by that hash through a UNIQUE
** index.  Nothing is cached in process memory: every request's token is
** looked up in the database, so a revocation holds for every hub process
** sharing it from the moment its transaction commits.
*/
#include "hub-store-pg.h"
#include <string.h>

/* Inserts a token row for a user or a device inside the caller's transaction. */
static gboolean token_insert(HubPgConn *conn, HubRole role, int64_t user_id, int64_t stall_id,
                             const char *device_id, int64_t now, char **token,
                             int64_t *token_id, GError **error)
{
  g_autofree char *t = hub_token_new(error);
  if (t == NULL)
    return FALSE;
  g_autofree char *hash = hub_secret_hash(t);
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, hash);
  hub_pg_arg_text(&a, hub_role_name(role));
  if (user_id)
    hub_pg_arg_int(&a, user_id);
  else
    hub_pg_arg_text(&a, NULL);
  if (stall_id)
    hub_pg_arg_int(&a, stall_id);
  else
    hub_pg_arg_text(&a, NULL);
  hub_pg_arg_text(&a, device_id);
  hub_pg_arg_int(&a, now);
  PGresult *res = hub_pg_exec(
    conn, "INSERT INTO token(hash, role, user_id, stall_id, device_id, created_ms)"
          " VALUES($1, $2, $3, $4, $5, $6) RETURNING id", &a, "storing the token", error);
  if (res == NULL)
    return FALSE;
  if (token_id)
    *token_id = hub_pg_int(res, 0, 0);
  PQclear(res);
  *token = g_steal_pointer(&t);
  return TRUE;
}

/* A user never exists without the token that was printed for them. */
static gboolean user_add_tx(HubPgConn *conn, const char *name, HubRole role,
                            const char *const *markets, char **token, GError **error)
{
  int64_t now = pos_now_ms();
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, name);
  hub_pg_arg_text(&a, hub_role_name(role));
  hub_pg_arg_int(&a, now);
  GError *e = NULL;
  PGresult *res = hub_pg_exec(conn, "INSERT INTO hub_user(name, role, created_ms)"
                                    " VALUES($1, $2, $3) RETURNING id", &a, "user", &e);
  if (res == NULL) {
    if (g_error_matches(e, HUB_ERROR, HUB_ERROR_EXISTS)) {
      g_clear_error(&e);
      g_set_error(error, HUB_ERROR, HUB_ERROR_EXISTS, "user %s already exists", name);
    } else {
      g_propagate_error(error, e);
    }
    return FALSE;
  }
  int64_t uid = hub_pg_int(res, 0, 0);
  PQclear(res);
  for (guint i = 0; markets && markets[i]; i++) {
    int64_t mid = 0;
    if (!hub_pg_market_id(conn, markets[i], &mid, error))
      return FALSE;
    HubPgArgs m = {0};
    hub_pg_arg_int(&m, uid);
    hub_pg_arg_int(&m, mid);
    if (!hub_pg_run(conn, "INSERT INTO user_market(user_id, market_id) VALUES($1, $2)"
                          " ON CONFLICT DO NOTHING", &m, "assigning the market", error))
      return FALSE;
  }
  return token_insert(conn, role, uid, 0, NULL, now, token, NULL, error);
}

/* The same refusals as the SQLite store, before any connection. */
gboolean hub_pg_user_add(HubStore *store, const char *name, HubRole role,
                         const char *const *market_codes, char **token, GError **error)
{
  gboolean has_markets = market_codes && market_codes[0];
  const char *why = !hub_user_name_valid(name) ? "user name must be 1-64 bytes, no spaces"
                    : role == HUB_ROLE_DEVICE   ? "devices enroll, they are not added"
                    : role == HUB_ROLE_ADMIN && has_markets
                      ? "an admin covers every market: no --market"
                    : role != HUB_ROLE_ADMIN && !has_markets
                      ? "a manager or consultant needs at least one --market" : NULL;
  if (why) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "%s", why);
    return FALSE;
  }
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = hub_pg_begin(conn, error)
                && user_add_tx(conn, name, role, market_codes, token, error)
                && hub_pg_commit(conn, error);
  if (!ok) {
    hub_pg_rollback(conn);
    if (token)
      g_clear_pointer(token, g_free);
  }
  hub_pg_release(store, conn);
  return ok;
}

/* Finds a user, revoked or not (FOR UPDATE inside a transaction). */
static gboolean find_user(HubPgConn *conn, const char *name, int64_t *id, HubRole *role,
                          gboolean *revoked, GError **error)
{
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, name);
  PGresult *res = hub_pg_exec(conn, "SELECT id, role, revoked_ms IS NOT NULL FROM hub_user"
                                    " WHERE name = $1", &a, "finding the user", error);
  if (res == NULL)
    return FALSE;
  gboolean found = PQntuples(res) > 0;
  if (found) {
    *id = hub_pg_int(res, 0, 0);
    hub_role_parse(PQgetvalue(res, 0, 1), role);
    *revoked = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
  } else {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no user %s", name);
  }
  PQclear(res);
  return found;
}

/* A revoked user stays revoked: no new token brings them back. */
gboolean hub_pg_user_token(HubStore *store, const char *name, char **token, GError **error)
{
  int64_t uid = 0;
  HubRole role = HUB_ROLE_ADMIN;
  gboolean revoked = FALSE;
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = find_user(conn, name, &uid, &role, &revoked, error);
  if (ok && revoked) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_FORBIDDEN, "user %s was revoked", name);
    ok = FALSE;
  }
  ok = ok && token_insert(conn, role, uid, 0, NULL, pos_now_ms(), token, NULL, error);
  hub_pg_release(store, conn);
  return ok;
}

/* The user and their tokens in one transaction; twice is not an error. */
gboolean hub_pg_user_revoke(HubStore *store, const char *name, guint *n_tokens,
                            GError **error)
{
  int64_t uid = 0, now = pos_now_ms();
  HubRole role = HUB_ROLE_ADMIN;
  gboolean revoked = FALSE;
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = hub_pg_begin(conn, error)
                && find_user(conn, name, &uid, &role, &revoked, error);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, uid);
  hub_pg_arg_int(&a, now);
  ok = ok && hub_pg_run(conn, "UPDATE hub_user SET revoked_ms = coalesce(revoked_ms, $2)"
                              " WHERE id = $1", &a, "revoking the user", error);
  PGresult *res = ok ? hub_pg_exec(conn, "UPDATE token SET revoked_ms = $2 WHERE user_id = $1"
                                         " AND revoked_ms IS NULL", &a,
                                   "revoking the tokens", error)
                     : NULL;
  ok = res != NULL;
  if (ok)
    *n_tokens = (guint)hub_pg_changes(res);
  PQclear(res);
  ok = ok && hub_pg_commit(conn, error);
  if (!ok)
    hub_pg_rollback(conn);
  hub_pg_release(store, conn);
  return ok;
}

/* Pre-formatted lines: the CLI is the only reader of this list. */
GPtrArray *hub_pg_user_list(HubStore *store, GError **error)
{
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return NULL;
  PGresult *res = hub_pg_exec(
    conn, "SELECT u.name, u.role, coalesce(string_agg(m.code, ',' ORDER BY m.id), '-'),"
          " u.revoked_ms IS NOT NULL FROM hub_user u"
          " LEFT JOIN user_market um ON um.user_id = u.id"
          " LEFT JOIN market m ON m.id = um.market_id GROUP BY u.id"
          " ORDER BY u.name", NULL, "listing users", error);
  hub_pg_release(store, conn);
  if (res == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < PQntuples(res); i++)
    g_ptr_array_add(out, g_strdup_printf("%s\t%s\t%s\t%s", PQgetvalue(res, i, 0),
                                         PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                                         strcmp(PQgetvalue(res, i, 3), "t") == 0
                                           ? "revoked" : "active"));
  PQclear(res);
  return out;
}

/* For a lost till: its token stops working at the next request. */
gboolean hub_pg_device_revoke(HubStore *store, const char *stall_code, const char *device_id,
                              guint *n_tokens, GError **error)
{
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr(HubStall) stall = hub_pg_stall_by_code(conn, stall_code, error);
  PGresult *res = NULL;
  if (stall) {
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, stall->id);
    hub_pg_arg_text(&a, device_id);
    hub_pg_arg_int(&a, pos_now_ms());
    res = hub_pg_exec(conn, "UPDATE token SET revoked_ms = $3 WHERE role = 'device'"
                            " AND stall_id = $1 AND ($2::text IS NULL OR device_id = $2)"
                            " AND revoked_ms IS NULL", &a, "revoking device tokens", error);
  }
  if (res)
    *n_tokens = (guint)hub_pg_changes(res);
  PQclear(res);
  hub_pg_release(store, conn);
  return res != NULL;
}

/*
** One indexed lookup by hash, the user's markets in the same query: a
** request costs one round trip to authenticate.
*/
HubPrincipal *hub_pg_authenticate(HubStore *store, const char *token, GError **error)
{
  if (!hub_token_well_formed(token)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_UNAUTHORIZED, "no valid bearer token");
    return NULL;
  }
  g_autofree char *hash = hub_secret_hash(token);
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return NULL;
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, hash);
  PGresult *res = hub_pg_exec(
    conn, "SELECT t.id, t.role, coalesce(t.user_id, 0), coalesce(t.stall_id, 0),"
          " coalesce(s.market_id, 0), coalesce(u.name, t.device_id, ''),"
          " (SELECT string_agg(um.market_id::text, ',') FROM user_market um"
          "   WHERE um.user_id = t.user_id) FROM token t"
          " LEFT JOIN hub_user u ON u.id = t.user_id LEFT JOIN stall s ON s.id = t.stall_id"
          " WHERE t.hash = $1 AND t.revoked_ms IS NULL AND u.revoked_ms IS NULL", &a,
    "checking the token", error);
  hub_pg_release(store, conn);
  if (res == NULL)
    return NULL;
  g_autoptr(HubPrincipal) p = NULL;
  if (PQntuples(res) > 0) {
    p = g_new0(HubPrincipal, 1);
    p->token_id = hub_pg_int(res, 0, 0);
    const char *role = PQgetvalue(res, 0, 1);
    if (strcmp(role, "device") == 0)
      p->role = HUB_ROLE_DEVICE;
    else if (!hub_role_parse(role, &p->role))
      g_clear_pointer(&p, hub_principal_free);
  }
  if (p) {
    p->user_id = hub_pg_int(res, 0, 2);
    p->stall_id = hub_pg_int(res, 0, 3);
    p->market_id = hub_pg_int(res, 0, 4);
    p->name = hub_pg_text(res, 0, 5);
    p->markets = g_array_new(FALSE, FALSE, sizeof(int64_t));
    g_auto(GStrv) ids = g_strsplit(PQgetvalue(res, 0, 6), ",", -1);
    for (guint i = 0; ids[i] && *ids[i]; i++) {
      int64_t mid = g_ascii_strtoll(ids[i], NULL, 10);
      g_array_append_val(p->markets, mid);
    }
  }
  PQclear(res);
  if (p == NULL)
    g_set_error(error, HUB_ERROR, HUB_ERROR_UNAUTHORIZED, "unknown or revoked token");
  return g_steal_pointer(&p);
}

/* ---- Enrollment -------------------------------------------------------------------- */

gboolean hub_pg_enroll_code_new(HubStore *store, const char *stall_code, int64_t now_ms,
                                char **code, int64_t *expires_ms, GError **error)
{
  g_autofree char *c = hub_enroll_code_new(error);
  if (c == NULL)
    return FALSE;
  g_autofree char *canon = hub_enroll_code_normalize(c);
  g_autofree char *hash = hub_secret_hash(canon);
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr(HubStall) stall = hub_pg_stall_by_code(conn, stall_code, error);
  gboolean ok = stall != NULL;
  if (ok) {
    HubPgArgs a = {0};
    hub_pg_arg_text(&a, hash);
    hub_pg_arg_int(&a, stall->id);
    hub_pg_arg_int(&a, now_ms);
    hub_pg_arg_int(&a, now_ms + HUB_ENROLL_TTL_MS);
    ok = hub_pg_run(conn, "INSERT INTO enroll_code(hash, stall_id, created_ms, expires_ms)"
                          " VALUES($1, $2, $3, $4)", &a, "storing the code", error);
  }
  hub_pg_release(store, conn);
  if (ok) {
    *code = g_steal_pointer(&c);
    *expires_ms = now_ms + HUB_ENROLL_TTL_MS;
  }
  return ok;
}

/*
** The code row is locked (FOR UPDATE) and spent in the transaction that
** makes the token: two tills racing with one code, even on two hubs,
** cannot both win; the second waits, then sees it used.
*/
static gboolean enroll_tx(HubPgConn *conn, const char *hash, const char *device_id,
                          int64_t now, char **token, int64_t *stall_id, GError **error)
{
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, hash);
  hub_pg_arg_int(&a, now);
  PGresult *res = hub_pg_exec(conn, "SELECT id, stall_id, used_ms IS NOT NULL"
                                    " OR expires_ms <= $2 FROM enroll_code WHERE hash = $1"
                                    " FOR UPDATE", &a, "finding the code", error);
  if (res == NULL)
    return FALSE;
  gboolean found = PQntuples(res) > 0;
  int64_t code_id = found ? hub_pg_int(res, 0, 0) : 0;
  *stall_id = found ? hub_pg_int(res, 0, 1) : 0;
  gboolean spent = found && strcmp(PQgetvalue(res, 0, 2), "t") == 0;
  PQclear(res);
  if (!found || spent) {
    g_set_error(error, HUB_ERROR, !found ? HUB_ERROR_NOT_FOUND : HUB_ERROR_CODE_USED,
                !found ? "no such enrollment code"
                       : "the enrollment code was already used or has expired");
    return FALSE;
  }
  int64_t token_id = 0;
  if (!token_insert(conn, HUB_ROLE_DEVICE, 0, *stall_id, device_id, now, token, &token_id,
                    error))
    return FALSE;
  HubPgArgs u = {0};
  hub_pg_arg_int(&u, code_id);
  hub_pg_arg_int(&u, now);
  hub_pg_arg_int(&u, token_id);
  return hub_pg_run(conn, "UPDATE enroll_code SET used_ms = $2, token_id = $3 WHERE id = $1",
                    &u, "spending the code", error);
}

/* An unparseable code is NOT_FOUND like an unknown one. */
gboolean hub_pg_enroll(HubStore *store, const char *code, const char *device_id,
                       int64_t now_ms, char **token, HubStall **stall, GError **error)
{
  g_autofree char *canon = hub_enroll_code_normalize(code);
  if (canon == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no such enrollment code");
    return FALSE;
  }
  g_autofree char *hash = hub_secret_hash(canon);
  int64_t stall_id = 0;
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = hub_pg_begin(conn, error)
                && enroll_tx(conn, hash, device_id, now_ms, token, &stall_id, error)
                && hub_pg_commit(conn, error);
  if (!ok) {
    hub_pg_rollback(conn);
    g_clear_pointer(token, g_free);
  } else {
    *stall = hub_pg_stall_by_id(conn, stall_id, error);
    ok = *stall != NULL;
  }
  hub_pg_release(store, conn);
  return ok;
}
