/*
** hub-store-pg-move.c: moving a hub out of and into PostgreSQL
** (hub-store.h, "Moving a hub"; the driver is ../hub-migrate.c).
**
** Export reads the registry with its ids, a stall's stored events with
** their payloads, and per-day counts and won from the raw documents,
** each in one REPEATABLE READ snapshot.  Import needs a store opened with
** one connection: it begins the one transaction on it, writes the
** registry, and marks the connection importing, so that every ingest
** the driver replays after it (the ordinary hub_pg_ingest, which builds
** the rollups) runs as a savepoint inside that transaction
** (hub_pg_begin).  A lost connection is then an error, not a reconnect
** (hub_pg_acquire), and the server rolls the whole import back: the
** database is as empty as before, whatever happened.
*/
#include "hub-store-pg.h"
#include <string.h>

/* ---- Reading ---------------------------------------------------------------------- */

static gboolean read_begin(HubPgConn *c, GError **error)
{
  return hub_pg_run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL,
                    "starting a read", error);
}

/* Runs a query without parameters; the result is the caller's to PQclear. */
static PGresult *query(HubPgConn *c, const char *sql, const char *what, GError **error)
{
  return hub_pg_exec(c, sql, NULL, what, error);
}

static gboolean read_markets_stalls(HubPgConn *c, HubRegistry *r, GError **error)
{
  PGresult *res = query(c, "SELECT id, code, name, created_ms FROM market ORDER BY id",
                        "reading the markets", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubMarketRow *m = g_new0(HubMarketRow, 1);
    m->id = hub_pg_int(res, i, 0);
    m->code = hub_pg_text(res, i, 1);
    m->name = hub_pg_text(res, i, 2);
    m->created_ms = hub_pg_int(res, i, 3);
    g_ptr_array_add(r->markets, m);
  }
  PQclear(res);
  res = query(c, "SELECT id, market_id, code, name, created_ms, last_sync_ms FROM stall"
                 " ORDER BY id", "reading the stalls", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubStallRow *s = g_new0(HubStallRow, 1);
    s->id = hub_pg_int(res, i, 0);
    s->market_id = hub_pg_int(res, i, 1);
    s->code = hub_pg_text(res, i, 2);
    s->name = hub_pg_text(res, i, 3);
    s->created_ms = hub_pg_int(res, i, 4);
    s->last_sync_ms = hub_pg_int(res, i, 5);
    g_ptr_array_add(r->stalls, s);
  }
  PQclear(res);
  return TRUE;
}

static gboolean read_users(HubPgConn *c, HubRegistry *r, GError **error)
{
  PGresult *res = query(c, "SELECT id, name, role, created_ms, revoked_ms FROM hub_user"
                           " ORDER BY id", "reading the users", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubUserRow *u = g_new0(HubUserRow, 1);
    u->id = hub_pg_int(res, i, 0);
    u->name = hub_pg_text(res, i, 1);
    u->role = hub_pg_text(res, i, 2);
    u->created_ms = hub_pg_int(res, i, 3);
    u->revoked_ms = hub_pg_int(res, i, 4);
    u->market_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    g_ptr_array_add(r->users, u);
  }
  PQclear(res);
  res = query(c, "SELECT user_id, market_id FROM user_market ORDER BY user_id, market_id",
              "reading the users' markets", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    int64_t user = hub_pg_int(res, i, 0), market = hub_pg_int(res, i, 1);
    for (guint k = 0; k < r->users->len; k++) {
      HubUserRow *u = g_ptr_array_index(r->users, k);
      if (u->id == user)
        g_array_append_val(u->market_ids, market);
    }
  }
  PQclear(res);
  return TRUE;
}

static gboolean read_tokens_codes(HubPgConn *c, HubRegistry *r, GError **error)
{
  PGresult *res = query(c, "SELECT id, hash, role, user_id, stall_id, device_id, created_ms,"
                           " revoked_ms FROM token ORDER BY id", "reading the tokens", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubTokenRow *t = g_new0(HubTokenRow, 1);
    t->id = hub_pg_int(res, i, 0);
    t->hash = hub_pg_text(res, i, 1);
    t->role = hub_pg_text(res, i, 2);
    t->user_id = hub_pg_int(res, i, 3);
    t->stall_id = hub_pg_int(res, i, 4);
    t->device_id = hub_pg_text(res, i, 5);
    t->created_ms = hub_pg_int(res, i, 6);
    t->revoked_ms = hub_pg_int(res, i, 7);
    g_ptr_array_add(r->tokens, t);
  }
  PQclear(res);
  res = query(c, "SELECT id, hash, stall_id, created_ms, expires_ms, used_ms, token_id"
                 " FROM enroll_code ORDER BY id", "reading the enrollment codes", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubEnrollRow *e = g_new0(HubEnrollRow, 1);
    e->id = hub_pg_int(res, i, 0);
    e->hash = hub_pg_text(res, i, 1);
    e->stall_id = hub_pg_int(res, i, 2);
    e->created_ms = hub_pg_int(res, i, 3);
    e->expires_ms = hub_pg_int(res, i, 4);
    e->used_ms = hub_pg_int(res, i, 5);
    e->token_id = hub_pg_int(res, i, 6);
    g_ptr_array_add(r->enroll_codes, e);
  }
  PQclear(res);
  res = query(c, "SELECT code, name_ko, name_en FROM taxonomy ORDER BY code",
              "reading the taxonomy", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubLine *l = g_new0(HubLine, 1);
    l->code = hub_pg_text(res, i, 0);
    l->name_ko = hub_pg_text(res, i, 1);
    l->name_en = hub_pg_text(res, i, 2);
    g_ptr_array_add(r->lines, l);
  }
  PQclear(res);
  return TRUE;
}

/* The engagements, then their stalls handed to them (both in engagement order). */
static gboolean read_engagements(HubPgConn *c, HubRegistry *r, GError **error)
{
  PGresult *res = query(c, "SELECT id, market_id, start_day, label, created_ms"
                           " FROM engagement ORDER BY id", "reading the engagements", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    HubEngagementRow *e = hub_registry_add_engagement(r);
    e->id = hub_pg_int(res, i, 0);
    e->market_id = hub_pg_int(res, i, 1);
    e->start_day = hub_pg_text(res, i, 2);
    e->label = hub_pg_text(res, i, 3);
    e->created_ms = hub_pg_int(res, i, 4);
  }
  PQclear(res);
  res = query(c, "SELECT engagement_id, stall_id FROM engagement_stall"
                 " ORDER BY engagement_id, stall_id", "reading the engagements' stalls", error);
  if (res == NULL)
    return FALSE;
  guint cursor = 0;
  gboolean orphan = FALSE;
  for (int i = 0; i < PQntuples(res); i++)
    orphan |= !hub_registry_add_engagement_stall(r, &cursor, hub_pg_int(res, i, 0),
                                                 hub_pg_int(res, i, 1));
  PQclear(res);
  if (orphan)
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB,
                "a stall of the engagements belongs to no engagement");
  return !orphan;
}

HubRegistry *hub_pg_export_registry(HubStore *store, GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return NULL;
  g_autoptr(HubRegistry) r = hub_registry_new();
  gboolean ok = read_begin(c, error) && read_markets_stalls(c, r, error)
                && read_users(c, r, error) && read_tokens_codes(c, r, error)
                && read_engagements(c, r, error) && hub_pg_commit(c, error);
  if (!ok)
    hub_pg_rollback(c);
  hub_pg_release(store, c);
  return ok ? g_steal_pointer(&r) : NULL;
}

static HubEventKind kind_of(const char *name)
{
  static const char *const kinds[] = {"sale", "void", "refund", "day_close", "product"};
  for (guint k = 0; k < G_N_ELEMENTS(kinds); k++)
    if (g_strcmp0(name, kinds[k]) == 0)
      return (HubEventKind)k;
  return HUB_EVENT_PRODUCT;
}

/* A product event's columns (8 on) as the stall's product now. */
static PosProduct *product_of(const PGresult *res, int i)
{
  PosProduct *p = g_new0(PosProduct, 1);
  p->plu = (int)hub_pg_int(res, i, 8);
  p->name = hub_pg_text(res, i, 9);
  p->line_code = hub_pg_text(res, i, 10);
  p->unit = strcmp(PQgetvalue(res, i, 11), "kg") == 0 ? POS_UNIT_KG : POS_UNIT_PIECE;
  p->price = hub_pg_int(res, i, 12);
  p->tax = strcmp(PQgetvalue(res, i, 13), "exempt") == 0 ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  p->barcode = hub_pg_text(res, i, 14);
  p->active = strcmp(PQgetvalue(res, i, 15), "t") == 0;
  p->quick_key = -1;
  return p;
}

/*
** PostgreSQL keeps no order of storing, so the events come by received
** time (a batch's events share it), then device time, which puts a
** document before the void or refund of it, then kind and id for a
** stable order.  The joins compare text, so that no row of another kind
** is ever cast.
*/
GPtrArray *hub_pg_export_events(HubStore *store, int64_t stall_id, GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return NULL;
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, stall_id);
  PGresult *res = hub_pg_exec(
    c, "SELECT e.event_id, e.kind, e.device_time_ms, e.received_ms, e.skew_ms, e.skewed,"
       "  coalesce(d.business_day, z.business_day), coalesce(d.json, z.json),"
       "  p.plu, p.name, p.line_code, p.unit, p.price, p.tax, p.barcode, p.active"
       " FROM event e"
       " LEFT JOIN doc_key k ON e.kind IN ('sale', 'void', 'refund')"
       "  AND k.market_id = e.market_id AND k.doc_id = e.ref"
       " LEFT JOIN doc d ON d.market_id = k.market_id AND d.business_day = k.business_day"
       "  AND d.doc_id = k.doc_id"
       " LEFT JOIN day_close z ON e.kind = 'day_close' AND z.market_id = e.market_id"
       "  AND z.stall_id = e.stall_id AND z.business_day = substr(e.ref, 1, 10)"
       "  AND z.z_no::text = substr(e.ref, 12)"
       " LEFT JOIN product p ON e.kind = 'product' AND p.market_id = e.market_id"
       "  AND p.stall_id = e.stall_id AND p.plu::text = e.ref"
       " WHERE e.market_id = (SELECT market_id FROM stall WHERE id = $1) AND e.stall_id = $1"
       " ORDER BY e.received_ms, e.device_time_ms,"
       "  CASE e.kind WHEN 'product' THEN 0 WHEN 'sale' THEN 1 WHEN 'void' THEN 2"
       "  WHEN 'refund' THEN 3 ELSE 4 END, e.event_id",
    &a, "reading the events", error);
  hub_pg_release(store, c);
  if (res == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)hub_stored_event_free);
  for (int i = 0; i < PQntuples(res); i++) {
    HubStoredEvent *e = g_new0(HubStoredEvent, 1);
    g_strlcpy(e->id, PQgetvalue(res, i, 0), sizeof e->id);
    e->kind = kind_of(PQgetvalue(res, i, 1));
    e->device_time_ms = hub_pg_int(res, i, 2);
    e->received_ms = hub_pg_int(res, i, 3);
    e->skew_ms = hub_pg_int(res, i, 4);
    e->skewed = hub_pg_int(res, i, 5) != 0;
    g_strlcpy(e->business_day, PQgetvalue(res, i, 6), sizeof e->business_day);
    e->json = hub_pg_text(res, i, 7);
    if (e->kind == HUB_EVENT_PRODUCT && !PQgetisnull(res, i, 8))
      e->product = product_of(res, i);
    g_ptr_array_add(out, e);
  }
  PQclear(res);
  return out;
}

/* Adds a result's rows (stall, day, kind, count, won) to the totals. */
static void add_totals(GHashTable *table, PGresult *res, const char *kind)
{
  for (int i = 0; i < PQntuples(res); i++)
    hub_day_totals_add(table, hub_pg_int(res, i, 0), PQgetvalue(res, i, 1),
                       kind ? kind : PQgetvalue(res, i, 2), hub_pg_int(res, i, 3),
                       hub_pg_int(res, i, 4));
}

/* From the raw tables, one snapshot, so that a rollup bug cannot hide. */
GPtrArray *hub_pg_export_totals(HubStore *store, GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return NULL;
  g_autoptr(GHashTable) table = hub_day_totals_table();
  PGresult *docs = NULL, *closes = NULL, *events = NULL;
  gboolean ok =
    read_begin(c, error)
    && (docs = query(c, "SELECT stall_id, business_day, kind, count(*), sum(total) FROM doc"
                        " GROUP BY stall_id, business_day, kind", "summing the documents",
                     error)) != NULL
    && (closes = query(c, "SELECT stall_id, business_day, '', count(*), 0 FROM day_close"
                          " GROUP BY stall_id, business_day", "counting the day closes",
                       error)) != NULL
    && (events = query(c, "SELECT stall_id, '', '', count(*), 0 FROM event GROUP BY stall_id",
                       "counting the events", error)) != NULL
    && hub_pg_commit(c, error);
  if (!ok)
    hub_pg_rollback(c);
  hub_pg_release(store, c);
  if (ok) {
    add_totals(table, docs, NULL);
    add_totals(table, closes, "day_close");
    add_totals(table, events, "event");
  }
  PQclear(docs);
  PQclear(closes);
  PQclear(events);
  return ok ? hub_day_totals_sorted(table) : NULL;
}

/* ---- Writing ---------------------------------------------------------------------- */

/* 0 is SQL NULL: no time, no reference. */
static void arg_opt(HubPgArgs *a, int64_t v)
{
  if (v == 0)
    hub_pg_arg_text(a, NULL);
  else
    hub_pg_arg_int(a, v);
}

/* Anything a hub holds beyond what init puts there (its taxonomy). */
static gboolean check_empty(HubPgConn *c, GError **error)
{
  PGresult *res = query(c, "SELECT (SELECT count(*) FROM market) + (SELECT count(*) FROM stall)"
                           " + (SELECT count(*) FROM hub_user) + (SELECT count(*) FROM token)"
                           " + (SELECT count(*) FROM enroll_code)"
                           " + (SELECT count(*) FROM event_key)", "looking at the target", error);
  if (res == NULL)
    return FALSE;
  int64_t n = hub_pg_int(res, 0, 0);
  PQclear(res);
  if (n > 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_TARGET_NOT_EMPTY,
                "the target hub already holds %" G_GINT64_FORMAT
                " markets, stalls, users, tokens, codes or events", n);
    return FALSE;
  }
  return TRUE;
}

static gboolean write_markets_stalls(HubPgConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->markets->len; i++) {
    const HubMarketRow *m = g_ptr_array_index(reg->markets, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, m->id);
    hub_pg_arg_text(&a, m->code);
    hub_pg_arg_text(&a, m->name);
    hub_pg_arg_int(&a, m->created_ms);
    if (!hub_pg_run(c, "INSERT INTO market(id, code, name, created_ms) VALUES($1, $2, $3, $4)",
                    &a, "copying a market", error))
      return FALSE;
  }
  for (guint i = 0; i < reg->stalls->len; i++) {
    const HubStallRow *s = g_ptr_array_index(reg->stalls, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, s->id);
    hub_pg_arg_text(&a, s->code);
    hub_pg_arg_int(&a, s->market_id);
    hub_pg_arg_text(&a, s->name);
    hub_pg_arg_int(&a, s->created_ms);
    if (!hub_pg_run(c, "INSERT INTO stall(id, code, market_id, name, created_ms)"
                       " VALUES($1, $2, $3, $4, $5)", &a, "copying a stall", error))
      return FALSE;
  }
  return TRUE;
}

static gboolean write_users(HubPgConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->users->len; i++) {
    const HubUserRow *u = g_ptr_array_index(reg->users, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, u->id);
    hub_pg_arg_text(&a, u->name);
    hub_pg_arg_text(&a, u->role);
    hub_pg_arg_int(&a, u->created_ms);
    arg_opt(&a, u->revoked_ms);
    if (!hub_pg_run(c, "INSERT INTO hub_user(id, name, role, created_ms, revoked_ms)"
                       " VALUES($1, $2, $3, $4, $5)", &a, "copying a user", error))
      return FALSE;
    for (guint k = 0; k < u->market_ids->len; k++) {
      HubPgArgs m = {0};
      hub_pg_arg_int(&m, u->id);
      hub_pg_arg_int(&m, g_array_index(u->market_ids, int64_t, k));
      if (!hub_pg_run(c, "INSERT INTO user_market(user_id, market_id) VALUES($1, $2)", &m,
                      "copying a user's market", error))
        return FALSE;
    }
  }
  return TRUE;
}

static gboolean write_tokens_codes(HubPgConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->tokens->len; i++) {
    const HubTokenRow *t = g_ptr_array_index(reg->tokens, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, t->id);
    hub_pg_arg_text(&a, t->hash);
    hub_pg_arg_text(&a, t->role);
    arg_opt(&a, t->user_id);
    arg_opt(&a, t->stall_id);
    hub_pg_arg_text(&a, t->device_id);
    hub_pg_arg_int(&a, t->created_ms);
    arg_opt(&a, t->revoked_ms);
    if (!hub_pg_run(c, "INSERT INTO token(id, hash, role, user_id, stall_id, device_id,"
                       " created_ms, revoked_ms) VALUES($1, $2, $3, $4, $5, $6, $7, $8)",
                    &a, "copying a token", error))
      return FALSE;
  }
  for (guint i = 0; i < reg->enroll_codes->len; i++) {
    const HubEnrollRow *e = g_ptr_array_index(reg->enroll_codes, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, e->id);
    hub_pg_arg_text(&a, e->hash);
    hub_pg_arg_int(&a, e->stall_id);
    hub_pg_arg_int(&a, e->created_ms);
    hub_pg_arg_int(&a, e->expires_ms);
    arg_opt(&a, e->used_ms);
    arg_opt(&a, e->token_id);
    if (!hub_pg_run(c, "INSERT INTO enroll_code(id, hash, stall_id, created_ms, expires_ms,"
                       " used_ms, token_id) VALUES($1, $2, $3, $4, $5, $6, $7)",
                    &a, "copying an enrollment code", error))
      return FALSE;
  }
  return TRUE;
}

/*
** The taxonomy replaces init's; the identities go on after the copied
** ids, so that the next market or token added gets a fresh one.
*/
static gboolean write_taxonomy_ids(HubPgConn *c, const HubRegistry *reg, GError **error)
{
  if (!hub_pg_exec_plain(c, "DELETE FROM taxonomy", "emptying the taxonomy", error))
    return FALSE;
  for (guint i = 0; i < reg->lines->len; i++) {
    const HubLine *l = g_ptr_array_index(reg->lines, i);
    HubPgArgs a = {0};
    hub_pg_arg_text(&a, l->code);
    hub_pg_arg_text(&a, l->name_ko);
    hub_pg_arg_text(&a, l->name_en);
    if (!hub_pg_run(c, "INSERT INTO taxonomy(code, name_ko, name_en) VALUES($1, $2, $3)", &a,
                    "copying the taxonomy", error))
      return FALSE;
  }
  return hub_pg_exec_plain(
    c, "SELECT setval(pg_get_serial_sequence('market', 'id'),"
       "  (SELECT coalesce(max(id), 0) + 1 FROM market), false);"
       "SELECT setval(pg_get_serial_sequence('stall', 'id'),"
       "  (SELECT coalesce(max(id), 0) + 1 FROM stall), false);"
       "SELECT setval(pg_get_serial_sequence('hub_user', 'id'),"
       "  (SELECT coalesce(max(id), 0) + 1 FROM hub_user), false);"
       "SELECT setval(pg_get_serial_sequence('token', 'id'),"
       "  (SELECT coalesce(max(id), 0) + 1 FROM token), false);"
       "SELECT setval(pg_get_serial_sequence('enroll_code', 'id'),"
       "  (SELECT coalesce(max(id), 0) + 1 FROM enroll_code), false);",
    "moving the identities on", error);
}

/* Engagements with their ids (an impact report's id stays valid), the identity after them. */
static gboolean write_engagements(HubPgConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->engagements->len; i++) {
    const HubEngagementRow *e = g_ptr_array_index(reg->engagements, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, e->id);
    hub_pg_arg_int(&a, e->market_id);
    hub_pg_arg_text(&a, e->start_day);
    hub_pg_arg_text(&a, e->label);
    hub_pg_arg_int(&a, e->created_ms);
    if (!hub_pg_run(c, "INSERT INTO engagement(id, market_id, start_day, label, created_ms)"
                       " VALUES($1, $2, $3, $4, $5)", &a, "copying an engagement", error))
      return FALSE;
    for (guint k = 0; k < e->stall_ids->len; k++) {
      HubPgArgs s = {0};
      hub_pg_arg_int(&s, e->id);
      hub_pg_arg_int(&s, g_array_index(e->stall_ids, int64_t, k));
      if (!hub_pg_run(c, "INSERT INTO engagement_stall(engagement_id, stall_id) VALUES($1, $2)",
                      &s, "copying an engagement's stall", error))
        return FALSE;
    }
  }
  return hub_pg_exec_plain(
    c, "SELECT setval(pg_get_serial_sequence('engagement', 'id'),"
       "  (SELECT coalesce(max(id), 0) + 1 FROM engagement), false);",
    "moving the engagements' identity on", error);
}

/* The transaction stays open on the pool's one connection, marked importing. */
gboolean hub_pg_import_begin(HubStore *store, const HubRegistry *reg, GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return FALSE;
  gboolean ok = hub_pg_begin(c, error) && check_empty(c, error)
                && write_markets_stalls(c, reg, error) && write_users(c, reg, error)
                && write_tokens_codes(c, reg, error) && write_taxonomy_ids(c, reg, error)
                && write_engagements(c, reg, error);
  if (ok)
    c->importing = TRUE;
  else
    hub_pg_rollback(c);
  hub_pg_release(store, c);
  return ok;
}

gboolean hub_pg_import_end(HubStore *store, const HubRegistry *reg, gboolean commit,
                           GError **error)
{
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return FALSE;
  c->importing = FALSE;
  gboolean ok = commit;
  for (guint i = 0; ok && i < reg->stalls->len; i++) {
    const HubStallRow *s = g_ptr_array_index(reg->stalls, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, s->id);
    arg_opt(&a, s->last_sync_ms);
    ok = hub_pg_run(c, "UPDATE stall SET last_sync_ms = $2 WHERE id = $1", &a,
                    "putting back the last sync", error);
  }
  ok = ok && hub_pg_commit(c, error);
  hub_pg_rollback(c);   /* a no-op after COMMIT */
  /* a bulk copy: its statistics and visibility map now (hub-store-pg-stats.c) */
  ok = ok && hub_pg_vacuum_analyze_all(c, error);
  hub_pg_release(store, c);
  return ok;
}
