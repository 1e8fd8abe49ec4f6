/*
** hub-store-sqlite-auth.c: who may use the hub, on SQLite: users and their
** markets, tokens (users' and devices'), revocation, authentication of a
** bearer token, and the one-time enrollment codes a till trades for its
** device token.
**
** Secrets never reach the database: a token or code is hashed (SHA-256)
** before it is bound to a statement, and looked up by that hash through a
** UNIQUE index.  Spending a code and creating the token it buys happen in
** one transaction.
*/
#include "hub-store-sqlite.h"
#include <string.h>

/* ---- Users and tokens --------------------------------------------------------- */

/*
** A write whose parameters are all ids or times (?1..?n, in order): the
** prepare, bind and step that assigning markets, revoking and spending a code
** share.  The caller holds the writer; what names the step in an error.
*/
static gboolean write_ids(HubConn *conn, const char *sql, const char *what,
                          const int64_t *v, int n, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(conn, sql, error);
  if (st == NULL)
    return FALSE;
  for (int i = 0; i < n; i++)
    sqlite3_bind_int64(st, i + 1, v[i]);
  return hub_sq_done(conn, st, what, error);
}

/* Inserts a token row for a user or a device; the caller holds the writer. */
static gboolean token_insert(HubConn *conn, HubRole role, int64_t user_id, int64_t stall_id,
                             const char *device_id, int64_t now, char **token,
                             int64_t *token_id, GError **error)
{
  g_autofree char *t = hub_token_new(error);
  if (t == NULL)
    return FALSE;
  g_autofree char *hash = hub_secret_hash(t);
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "INSERT INTO token(hash, role, user_id, stall_id, device_id, created_ms)"
          " VALUES(?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, hub_role_name(role), -1, SQLITE_STATIC);
  if (user_id)
    sqlite3_bind_int64(st, 3, user_id);
  if (stall_id)
    sqlite3_bind_int64(st, 4, stall_id);
  sqlite3_bind_text(st, 5, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 6, now);
  if (!hub_sq_done(conn, st, "storing the token", error))
    return FALSE;
  if (token_id)
    *token_id = sqlite3_last_insert_rowid(conn->db);
  *token = g_steal_pointer(&t);
  return TRUE;
}

/*
** User, markets and first token in one transaction: a user never exists
** without the token that was printed for them.
*/
static gboolean user_add_tx(HubConn *conn, const char *name, HubRole role,
                            const char *const *markets, char **token, GError **error)
{
  int64_t now = pos_now_ms();
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "INSERT INTO user(name, role, created_ms) VALUES(?1, ?2, ?3)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, hub_role_name(role), -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, now);
  if (!hub_sq_insert_named(conn, st, "user", name, error))
    return FALSE;
  int64_t uid = sqlite3_last_insert_rowid(conn->db);
  for (guint i = 0; markets && markets[i]; i++) {
    int64_t mid = 0;
    if (!hub_sq_market_id(conn, markets[i], &mid, error))
      return FALSE;
    if (!write_ids(conn, "INSERT OR IGNORE INTO user_market(user_id, market_id)"
                         " VALUES(?1, ?2)", "assigning the market",
                   (const int64_t[]){ uid, mid }, 2, error))
      return FALSE;
  }
  return token_insert(conn, role, uid, 0, NULL, now, token, NULL, error);
}

/*
** Admins cover every market by definition, so a market list for one is a
** mistake worth reporting; a manager or consultant without markets could
** see nothing and is refused as well.
*/
gboolean hub_sqlite_user_add(HubStore *store, const char *name, HubRole role,
                            const char *const *market_codes, char **token,
                            GError **error)
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
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = hub_sq_begin(conn, error)
                && user_add_tx(conn, name, role, market_codes, token, error)
                && hub_sq_commit(conn, error);
  if (!ok) {
    hub_sq_rollback(conn);
    if (token)
      g_clear_pointer(token, g_free);
  }
  hub_sq_unlock(store);
  return ok;
}

/* Finds a user, revoked or not; the caller decides what revocation means. */
static gboolean active_user(HubConn *conn, const char *name, int64_t *id, HubRole *role,
                            gboolean *revoked, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "SELECT id, role, revoked_ms IS NOT NULL FROM user WHERE name = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    hub_role_parse((const char *)sqlite3_column_text(st, 1), role);
    *revoked = sqlite3_column_int(st, 2);
  }
  sqlite3_reset(st);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no user %s", name);
  else
    hub_sq_fail(conn, "finding the user", error);
  return FALSE;
}

/* A revoked user stays revoked: no new token brings them back. */
gboolean hub_sqlite_user_token(HubStore *store, const char *name, char **token,
                              GError **error)
{
  int64_t uid = 0;
  HubRole role = HUB_ROLE_ADMIN;
  gboolean revoked = FALSE;
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = active_user(conn, name, &uid, &role, &revoked, error);
  if (ok && revoked) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_FORBIDDEN, "user %s was revoked", name);
    ok = FALSE;
  }
  ok = ok && token_insert(conn, role, uid, 0, NULL, pos_now_ms(), token, NULL, error);
  hub_sq_unlock(store);
  return ok;
}

/*
** The user and their tokens in one transaction; revoking twice is not an
** error (0 tokens the second time).
*/
gboolean hub_sqlite_user_revoke(HubStore *store, const char *name, guint *n_tokens,
                               GError **error)
{
  int64_t uid = 0, now = pos_now_ms();
  HubRole role = HUB_ROLE_ADMIN;
  gboolean revoked = FALSE;
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = hub_sq_begin(conn, error)
                && active_user(conn, name, &uid, &role, &revoked, error);
  ok = ok && write_ids(conn, "UPDATE user SET revoked_ms = coalesce(revoked_ms, ?2)"
                            " WHERE id = ?1", "revoking the user",
                       (const int64_t[]){ uid, now }, 2, error);
  ok = ok && write_ids(conn, "UPDATE token SET revoked_ms = ?2 WHERE user_id = ?1"
                            " AND revoked_ms IS NULL", "revoking the tokens",
                       (const int64_t[]){ uid, now }, 2, error);
  if (ok)
    *n_tokens = (guint)sqlite3_changes(conn->db);
  ok = ok && hub_sq_commit(conn, error);
  if (!ok)
    hub_sq_rollback(conn);
  hub_sq_unlock(store);
  return ok;
}

/* Pre-formatted lines: the CLI is the only reader of this list. */
GPtrArray *hub_sqlite_user_list(HubStore *store, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "SELECT u.name, u.role, coalesce(group_concat(m.code, ','), '-'),"
          " u.revoked_ms IS NOT NULL FROM user u"
          " LEFT JOIN user_market um ON um.user_id = u.id"
          " LEFT JOIN market m ON m.id = um.market_id GROUP BY u.id ORDER BY u.name", error);
  int rc = SQLITE_ERROR;
  while (st && (rc = sqlite3_step(st)) == SQLITE_ROW)
    g_ptr_array_add(out, g_strdup_printf("%s\t%s\t%s\t%s", sqlite3_column_text(st, 0),
                                         sqlite3_column_text(st, 1),
                                         sqlite3_column_text(st, 2),
                                         sqlite3_column_int(st, 3) ? "revoked" : "active"));
  if (st)
    sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    if (st)
      hub_sq_fail(conn, "listing users", error);
    g_clear_pointer(&out, g_ptr_array_unref);
  }
  hub_sq_release(store, conn);
  return out;
}

/* For a lost till: its token stops working at the next request. */
gboolean hub_sqlite_device_revoke(HubStore *store, const char *stall_code,
                                 const char *device_id, guint *n_tokens, GError **error)
{
  HubConn *conn = hub_sq_lock(store);
  g_autoptr(HubStall) stall = hub_sq_stall_by_code(conn, stall_code, error);
  sqlite3_stmt *st = stall ? hub_sq_stmt(
    conn, "UPDATE token SET revoked_ms = ?3 WHERE role = 'device' AND stall_id = ?1"
          " AND (?2 IS NULL OR device_id = ?2) AND revoked_ms IS NULL", error) : NULL;
  gboolean ok = st != NULL;
  if (ok) {
    sqlite3_bind_int64(st, 1, stall->id);
    sqlite3_bind_text(st, 2, device_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, pos_now_ms());
    ok = hub_sq_done(conn, st, "revoking device tokens", error);
    *n_tokens = (guint)sqlite3_changes(conn->db);
  }
  hub_sq_unlock(store);
  return ok;
}

/*
** One indexed lookup by hash decides the token; a revoked user's tokens die
** with the user even if a row was missed.  Managers and consultants get
** their market list loaded once per request.  A malformed token never
** reaches the database.
*/
HubPrincipal *hub_sqlite_authenticate(HubStore *store, const char *token, GError **error)
{
  if (!hub_token_well_formed(token)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_UNAUTHORIZED, "no valid bearer token");
    return NULL;
  }
  g_autofree char *hash = hub_secret_hash(token);
  HubConn *conn = hub_sq_reader(store);
  g_autoptr(HubPrincipal) p = NULL;
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "SELECT t.id, t.role, coalesce(t.user_id, 0), coalesce(t.stall_id, 0),"
          " coalesce(s.market_id, 0), coalesce(u.name, t.device_id, '') FROM token t"
          " LEFT JOIN user u ON u.id = t.user_id LEFT JOIN stall s ON s.id = t.stall_id"
          " WHERE t.hash = ?1 AND t.revoked_ms IS NULL AND u.revoked_ms IS NULL", error);
  int rc = SQLITE_ERROR;
  if (st) {
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      p = g_new0(HubPrincipal, 1);
      p->token_id = sqlite3_column_int64(st, 0);
      const char *role = (const char *)sqlite3_column_text(st, 1);
      if (g_strcmp0(role, "device") == 0)
        p->role = HUB_ROLE_DEVICE;
      else if (!hub_role_parse(role, &p->role))
        g_clear_pointer(&p, hub_principal_free);
    }
    if (p) {
      p->user_id = sqlite3_column_int64(st, 2);
      p->stall_id = sqlite3_column_int64(st, 3);
      p->market_id = sqlite3_column_int64(st, 4);
      p->name = hub_sq_col(st, 5);
      p->markets = g_array_new(FALSE, FALSE, sizeof(int64_t));
    }
    sqlite3_reset(st);
  }
  if (st && p && p->user_id) {
    st = hub_sq_stmt(conn, "SELECT market_id FROM user_market WHERE user_id = ?1", error);
    if (st) {
      sqlite3_bind_int64(st, 1, p->user_id);
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t mid = sqlite3_column_int64(st, 0);
        g_array_append_val(p->markets, mid);
      }
      sqlite3_reset(st);
    }
  }
  if (st == NULL) {
    g_clear_pointer(&p, hub_principal_free);   /* *error is set */
  } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    hub_sq_fail(conn, "checking the token", error);
    g_clear_pointer(&p, hub_principal_free);
  } else if (p == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_UNAUTHORIZED, "unknown or revoked token");
  }
  hub_sq_release(store, conn);
  return g_steal_pointer(&p);
}

/* ---- Enrollment ------------------------------------------------------------------ */

gboolean hub_sqlite_enroll_code_new(HubStore *store, const char *stall_code,
                                   int64_t now_ms, char **code, int64_t *expires_ms,
                                   GError **error)
{
  g_autofree char *c = hub_enroll_code_new(error);
  if (c == NULL)
    return FALSE;
  g_autofree char *canon = hub_enroll_code_normalize(c);
  g_autofree char *hash = hub_secret_hash(canon);
  HubConn *conn = hub_sq_lock(store);
  g_autoptr(HubStall) stall = hub_sq_stall_by_code(conn, stall_code, error);
  sqlite3_stmt *st = stall ? hub_sq_stmt(
    conn, "INSERT INTO enroll_code(hash, stall_id, created_ms, expires_ms)"
          " VALUES(?1, ?2, ?3, ?4)", error) : NULL;
  gboolean ok = st != NULL;
  if (ok) {
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, stall->id);
    sqlite3_bind_int64(st, 3, now_ms);
    sqlite3_bind_int64(st, 4, now_ms + HUB_ENROLL_TTL_MS);
    ok = hub_sq_done(conn, st, "storing the code", error);
  }
  hub_sq_unlock(store);
  if (ok) {
    *code = g_steal_pointer(&c);
    *expires_ms = now_ms + HUB_ENROLL_TTL_MS;
  }
  return ok;
}

/*
** The code is spent in the same transaction that creates the token, by an
** UPDATE that only matches an unspent, unexpired row: two tills racing with
** one code cannot both win.
*/
static gboolean enroll_tx(HubConn *conn, const char *hash, const char *device_id,
                          int64_t now, char **token, int64_t *stall_id, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(
    conn, "SELECT id, stall_id, used_ms IS NOT NULL OR expires_ms <= ?2 FROM enroll_code"
          " WHERE hash = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, now);
  int rc = sqlite3_step(st);
  int64_t code_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  *stall_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
  gboolean spent = rc == SQLITE_ROW && sqlite3_column_int(st, 2);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hub_sq_fail(conn, "finding the code", error);
  if (rc == SQLITE_DONE || spent) {
    g_set_error(error, HUB_ERROR, rc == SQLITE_DONE ? HUB_ERROR_NOT_FOUND : HUB_ERROR_CODE_USED,
                rc == SQLITE_DONE ? "no such enrollment code"
                                  : "the enrollment code was already used or has expired");
    return FALSE;
  }
  int64_t token_id = 0;
  if (!token_insert(conn, HUB_ROLE_DEVICE, 0, *stall_id, device_id, now, token, &token_id,
                    error))
    return FALSE;
  if (!write_ids(conn, "UPDATE enroll_code SET used_ms = ?2, token_id = ?3"
                       " WHERE id = ?1 AND used_ms IS NULL", "spending the code",
                 (const int64_t[]){ code_id, now, token_id }, 3, error))
    return FALSE;
  if (sqlite3_changes(conn->db) != 1) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_CODE_USED, "the enrollment code was already used");
    return FALSE;
  }
  return TRUE;
}

/*
** An unparseable code is NOT_FOUND like an unknown one: nothing about
** existing codes is revealed by the difference.
*/
gboolean hub_sqlite_enroll(HubStore *store, const char *code, const char *device_id,
                          int64_t now_ms, char **token, HubStall **stall, GError **error)
{
  g_autofree char *canon = hub_enroll_code_normalize(code);
  if (canon == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no such enrollment code");
    return FALSE;
  }
  g_autofree char *hash = hub_secret_hash(canon);
  int64_t stall_id = 0;
  HubConn *conn = hub_sq_lock(store);
  gboolean ok = hub_sq_begin(conn, error)
                && enroll_tx(conn, hash, device_id, now_ms, token, &stall_id, error)
                && hub_sq_commit(conn, error);
  if (!ok) {
    hub_sq_rollback(conn);
    g_clear_pointer(token, g_free);
  } else {
    *stall = hub_sq_stall_by_id(conn, stall_id, error);
    ok = *stall != NULL;
  }
  hub_sq_unlock(store);
  return ok;
}
