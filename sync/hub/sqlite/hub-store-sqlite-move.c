/*
** hub-store-sqlite-move.c: moving a hub out of and into a SQLite file
** (hub-store.h, "Moving a hub"; the driver is ../hub-migrate.c).
**
** Export reads the registry with its ids, a stall's stored events with
** their payloads, and per-day counts and won from the raw documents.
** Import writes the registry into an empty hub inside one transaction on
** the writer, which stays open while the driver replays the events
** through the ordinary ingest: HubSqStore.importing makes each ingest
** group run inside it (every batch still under its own savepoint), so
** the rollups are the ingest's own and a failure anywhere, or a crash,
** leaves the file as empty as it was.
*/
#include "hub-store-sqlite.h"
#include <string.h>

/* ---- Reading ---------------------------------------------------------------------- */

typedef void (*RowFn)(sqlite3_stmt *st, gpointer out);

/* Steps st to its end, handing each row to fn; resets it either way. */
static gboolean each_row(HubConn *c, sqlite3_stmt *st, RowFn fn, gpointer out,
                         const char *what, GError **error)
{
  if (st == NULL)
    return FALSE;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    fn(st, out);
  sqlite3_reset(st);
  return rc == SQLITE_DONE || hub_sq_fail(c, what, error);
}

static void market_row(sqlite3_stmt *st, gpointer out)
{
  HubMarketRow *m = g_new0(HubMarketRow, 1);
  m->id = sqlite3_column_int64(st, 0);
  m->code = hub_sq_col(st, 1);
  m->name = hub_sq_col(st, 2);
  m->created_ms = sqlite3_column_int64(st, 3);
  g_ptr_array_add(out, m);
}

static void stall_row(sqlite3_stmt *st, gpointer out)
{
  HubStallRow *s = g_new0(HubStallRow, 1);
  s->id = sqlite3_column_int64(st, 0);
  s->market_id = sqlite3_column_int64(st, 1);
  s->code = hub_sq_col(st, 2);
  s->name = hub_sq_col(st, 3);
  s->created_ms = sqlite3_column_int64(st, 4);
  s->last_sync_ms = sqlite3_column_int64(st, 5);
  g_ptr_array_add(out, s);
}

static void user_row(sqlite3_stmt *st, gpointer out)
{
  HubUserRow *u = g_new0(HubUserRow, 1);
  u->id = sqlite3_column_int64(st, 0);
  u->name = hub_sq_col(st, 1);
  u->role = hub_sq_col(st, 2);
  u->created_ms = sqlite3_column_int64(st, 3);
  u->revoked_ms = sqlite3_column_int64(st, 4);
  u->market_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
  g_ptr_array_add(out, u);
}

/* A user's market, found by the user's id among the rows read before. */
static void user_market_row(sqlite3_stmt *st, gpointer out)
{
  GPtrArray *users = out;
  int64_t user = sqlite3_column_int64(st, 0), market = sqlite3_column_int64(st, 1);
  for (guint i = 0; i < users->len; i++) {
    HubUserRow *u = g_ptr_array_index(users, i);
    if (u->id == user)
      g_array_append_val(u->market_ids, market);
  }
}

static void token_row(sqlite3_stmt *st, gpointer out)
{
  HubTokenRow *t = g_new0(HubTokenRow, 1);
  t->id = sqlite3_column_int64(st, 0);
  t->hash = hub_sq_col(st, 1);
  t->role = hub_sq_col(st, 2);
  t->user_id = sqlite3_column_int64(st, 3);
  t->stall_id = sqlite3_column_int64(st, 4);
  t->device_id = hub_sq_col(st, 5);
  t->created_ms = sqlite3_column_int64(st, 6);
  t->revoked_ms = sqlite3_column_int64(st, 7);
  g_ptr_array_add(out, t);
}

static void enroll_row(sqlite3_stmt *st, gpointer out)
{
  HubEnrollRow *e = g_new0(HubEnrollRow, 1);
  e->id = sqlite3_column_int64(st, 0);
  e->hash = hub_sq_col(st, 1);
  e->stall_id = sqlite3_column_int64(st, 2);
  e->created_ms = sqlite3_column_int64(st, 3);
  e->expires_ms = sqlite3_column_int64(st, 4);
  e->used_ms = sqlite3_column_int64(st, 5);
  e->token_id = sqlite3_column_int64(st, 6);
  g_ptr_array_add(out, e);
}

static void line_row(sqlite3_stmt *st, gpointer out)
{
  HubLine *l = g_new0(HubLine, 1);
  l->code = hub_sq_col(st, 0);
  l->name_ko = hub_sq_col(st, 1);
  l->name_en = hub_sq_col(st, 2);
  g_ptr_array_add(out, l);
}

static void engagement_row(sqlite3_stmt *st, gpointer out)
{
  HubEngagementRow *e = hub_registry_add_engagement(out);
  e->id = sqlite3_column_int64(st, 0);
  e->market_id = sqlite3_column_int64(st, 1);
  e->start_day = hub_sq_col(st, 2);
  e->label = hub_sq_col(st, 3);
  e->created_ms = sqlite3_column_int64(st, 4);
}

/* The engagements' stalls, handed to their rows (both in engagement order). */
static gboolean read_engagement_stalls(HubConn *c, HubRegistry *r, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, "SELECT engagement_id, stall_id FROM engagement_stall"
                                    " ORDER BY engagement_id, stall_id", error);
  if (st == NULL)
    return FALSE;
  guint cursor = 0;
  gboolean orphan = FALSE;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    orphan |= !hub_registry_add_engagement_stall(r, &cursor, sqlite3_column_int64(st, 0),
                                                 sqlite3_column_int64(st, 1));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return hub_sq_fail(c, "reading the engagements' stalls", error);
  if (orphan)
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB,
                "a stall of the engagements belongs to no engagement");
  return !orphan;
}

/* One read transaction: every table from the same snapshot. */
HubRegistry *hub_sqlite_export_registry(HubStore *store, GError **error)
{
  g_autoptr(HubRegistry) r = hub_registry_new();
  HubConn *c = hub_sq_reader(store);
  gboolean ok = sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                || hub_sq_fail(c, "starting a read", error);
  ok = ok
       && each_row(c, hub_sq_stmt(c, "SELECT id, code, name, created_ms FROM market"
                                     " ORDER BY id", error),
                   market_row, r->markets, "reading the markets", error)
       && each_row(c, hub_sq_stmt(c, "SELECT id, market_id, code, name, created_ms,"
                                     " coalesce(last_sync_ms, 0) FROM stall ORDER BY id", error),
                   stall_row, r->stalls, "reading the stalls", error)
       && each_row(c, hub_sq_stmt(c, "SELECT id, name, role, created_ms, coalesce(revoked_ms, 0)"
                                     " FROM user ORDER BY id", error),
                   user_row, r->users, "reading the users", error)
       && each_row(c, hub_sq_stmt(c, "SELECT user_id, market_id FROM user_market"
                                     " ORDER BY user_id, market_id", error),
                   user_market_row, r->users, "reading the users' markets", error)
       && each_row(c, hub_sq_stmt(c, "SELECT id, hash, role, coalesce(user_id, 0),"
                                     " coalesce(stall_id, 0), device_id, created_ms,"
                                     " coalesce(revoked_ms, 0) FROM token ORDER BY id", error),
                   token_row, r->tokens, "reading the tokens", error)
       && each_row(c, hub_sq_stmt(c, "SELECT id, hash, stall_id, created_ms, expires_ms,"
                                     " coalesce(used_ms, 0), coalesce(token_id, 0)"
                                     " FROM enroll_code ORDER BY id", error),
                   enroll_row, r->enroll_codes, "reading the enrollment codes", error)
       && each_row(c, hub_sq_stmt(c, "SELECT code, name_ko, name_en FROM taxonomy"
                                     " ORDER BY code", error),
                   line_row, r->lines, "reading the taxonomy", error)
       && each_row(c, hub_sq_stmt(c, "SELECT id, market_id, start_day, label, created_ms"
                                     " FROM engagement ORDER BY id", error),
                   engagement_row, r, "reading the engagements", error)
       && read_engagement_stalls(c, r, error);
  sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
  hub_sq_release(store, c);
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

/*
** The columns of export_events' query: the event, then the document's or
** the day close's day and JSON, then the product's row.
*/
static void event_row(sqlite3_stmt *st, gpointer out)
{
  HubStoredEvent *e = g_new0(HubStoredEvent, 1);
  g_strlcpy(e->id, (const char *)sqlite3_column_text(st, 0), sizeof e->id);
  e->kind = kind_of((const char *)sqlite3_column_text(st, 1));
  e->device_time_ms = sqlite3_column_int64(st, 2);
  e->received_ms = sqlite3_column_int64(st, 3);
  e->skew_ms = sqlite3_column_int64(st, 4);
  e->skewed = sqlite3_column_int(st, 5) != 0;
  if (sqlite3_column_type(st, 6) != SQLITE_NULL)
    g_strlcpy(e->business_day, (const char *)sqlite3_column_text(st, 6),
              sizeof e->business_day);
  e->json = hub_sq_col(st, 7);
  if (e->kind == HUB_EVENT_PRODUCT && sqlite3_column_type(st, 8) != SQLITE_NULL) {
    PosProduct *p = g_new0(PosProduct, 1);
    p->plu = sqlite3_column_int(st, 8);
    p->name = hub_sq_col(st, 9);
    p->line_code = hub_sq_col(st, 10);
    p->unit = g_strcmp0((const char *)sqlite3_column_text(st, 11), "kg") == 0 ? POS_UNIT_KG
                                                                               : POS_UNIT_PIECE;
    p->price = sqlite3_column_int64(st, 12);
    p->tax = g_strcmp0((const char *)sqlite3_column_text(st, 13), "exempt") == 0
               ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
    p->barcode = hub_sq_col(st, 14);
    p->active = sqlite3_column_int(st, 15) != 0;
    p->quick_key = -1;
    e->product = p;
  }
  g_ptr_array_add(out, e);
}

/*
** The event table's row ids are the order of storing.  A document is
** found by its id (the event's ref), a day close by "DAY#Z" and a product
** by its PLU, each through its unique index.
*/
GPtrArray *hub_sqlite_export_events(HubStore *store, int64_t stall_id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)hub_stored_event_free);
  HubConn *c = hub_sq_reader(store);
  sqlite3_stmt *st = hub_sq_stmt(
    c, "SELECT e.event_id, e.kind, e.device_time_ms, e.received_ms, e.skew_ms, e.skewed,"
       "  coalesce(d.business_day, z.business_day), coalesce(d.json, z.json),"
       "  p.plu, p.name, p.line_code, p.unit, p.price, p.tax, p.barcode, p.active"
       " FROM event e"
       " LEFT JOIN doc d ON e.kind IN ('sale', 'void', 'refund') AND d.doc_id = e.ref"
       " LEFT JOIN day_close z ON e.kind = 'day_close' AND z.stall_id = e.stall_id"
       "  AND z.business_day = substr(e.ref, 1, 10)"
       "  AND z.z_no = CAST(substr(e.ref, 12) AS INTEGER)"
       " LEFT JOIN product p ON e.kind = 'product' AND p.stall_id = e.stall_id"
       "  AND p.plu = CAST(e.ref AS INTEGER)"
       " WHERE e.stall_id = ?1 ORDER BY e.id", error);
  if (st)
    sqlite3_bind_int64(st, 1, stall_id);
  gboolean ok = each_row(c, st, event_row, out, "reading the events", error);
  hub_sq_release(store, c);
  return ok ? g_steal_pointer(&out) : NULL;
}

typedef struct {
  GHashTable *table;
  const char *kind;        /* NULL: the row's third column */
} TotalsSink;

static void totals_row(sqlite3_stmt *st, gpointer out)
{
  TotalsSink *s = out;
  const char *day = (const char *)sqlite3_column_text(st, 1);
  hub_day_totals_add(s->table, sqlite3_column_int64(st, 0), day ? day : "",
                     s->kind ? s->kind : (const char *)sqlite3_column_text(st, 2),
                     sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4));
}

/* From the raw tables, one snapshot, so that a rollup bug cannot hide. */
GPtrArray *hub_sqlite_export_totals(HubStore *store, GError **error)
{
  g_autoptr(GHashTable) table = hub_day_totals_table();
  TotalsSink docs = {table, NULL}, closes = {table, "day_close"}, events = {table, "event"};
  HubConn *c = hub_sq_reader(store);
  gboolean ok = sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                || hub_sq_fail(c, "starting a read", error);
  ok = ok
       && each_row(c, hub_sq_stmt(c, "SELECT stall_id, business_day, kind, count(*), sum(total)"
                                     " FROM doc GROUP BY stall_id, business_day, kind", error),
                   totals_row, &docs, "summing the documents", error)
       && each_row(c, hub_sq_stmt(c, "SELECT stall_id, business_day, '', count(*), 0"
                                     " FROM day_close GROUP BY stall_id, business_day", error),
                   totals_row, &closes, "counting the day closes", error)
       && each_row(c, hub_sq_stmt(c, "SELECT stall_id, NULL, '', count(*), 0 FROM event"
                                     " GROUP BY stall_id", error),
                   totals_row, &events, "counting the events", error);
  sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
  hub_sq_release(store, c);
  return ok ? hub_day_totals_sorted(table) : NULL;
}

/* ---- Writing ---------------------------------------------------------------------- */

static void bind_opt(sqlite3_stmt *st, int i, int64_t v)
{
  if (v == 0)
    sqlite3_bind_null(st, i);
  else
    sqlite3_bind_int64(st, i, v);
}

/* Anything a hub holds beyond what init puts there (its taxonomy). */
static gboolean check_empty(HubConn *c, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(
    c, "SELECT (SELECT count(*) FROM market) + (SELECT count(*) FROM stall)"
       " + (SELECT count(*) FROM user) + (SELECT count(*) FROM token)"
       " + (SELECT count(*) FROM enroll_code) + (SELECT count(*) FROM event)", error);
  if (st == NULL)
    return FALSE;
  int rc = sqlite3_step(st);
  int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return hub_sq_fail(c, "looking at the target", error);
  if (n > 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_TARGET_NOT_EMPTY,
                "the target hub already holds %" G_GINT64_FORMAT
                " markets, stalls, users, tokens, codes or events", n);
    return FALSE;
  }
  return TRUE;
}

static gboolean write_markets_stalls(HubConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->markets->len; i++) {
    const HubMarketRow *m = g_ptr_array_index(reg->markets, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO market(id, code, name, created_ms) VALUES(?1, ?2, ?3, ?4)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, m->id);
    sqlite3_bind_text(st, 2, m->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, m->created_ms);
    if (!hub_sq_done(c, st, "copying a market", error))
      return FALSE;
  }
  for (guint i = 0; i < reg->stalls->len; i++) {
    const HubStallRow *s = g_ptr_array_index(reg->stalls, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO stall(id, code, market_id, name, created_ms) VALUES(?1, ?2, ?3, ?4, ?5)",
      error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, s->id);
    sqlite3_bind_text(st, 2, s->code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, s->market_id);
    sqlite3_bind_text(st, 4, s->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, s->created_ms);
    if (!hub_sq_done(c, st, "copying a stall", error))
      return FALSE;
  }
  return TRUE;
}

static gboolean write_users(HubConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->users->len; i++) {
    const HubUserRow *u = g_ptr_array_index(reg->users, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO user(id, name, role, created_ms, revoked_ms) VALUES(?1, ?2, ?3, ?4, ?5)",
      error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, u->id);
    sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, u->created_ms);
    bind_opt(st, 5, u->revoked_ms);
    if (!hub_sq_done(c, st, "copying a user", error))
      return FALSE;
    for (guint k = 0; k < u->market_ids->len; k++) {
      st = hub_sq_stmt(c, "INSERT INTO user_market(user_id, market_id) VALUES(?1, ?2)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64(st, 1, u->id);
      sqlite3_bind_int64(st, 2, g_array_index(u->market_ids, int64_t, k));
      if (!hub_sq_done(c, st, "copying a user's market", error))
        return FALSE;
    }
  }
  return TRUE;
}

static gboolean write_tokens_codes(HubConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->tokens->len; i++) {
    const HubTokenRow *t = g_ptr_array_index(reg->tokens, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO token(id, hash, role, user_id, stall_id, device_id, created_ms,"
         " revoked_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, t->id);
    sqlite3_bind_text(st, 2, t->hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->role, -1, SQLITE_STATIC);
    bind_opt(st, 4, t->user_id);
    bind_opt(st, 5, t->stall_id);
    sqlite3_bind_text(st, 6, t->device_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, t->created_ms);
    bind_opt(st, 8, t->revoked_ms);
    if (!hub_sq_done(c, st, "copying a token", error))
      return FALSE;
  }
  for (guint i = 0; i < reg->enroll_codes->len; i++) {
    const HubEnrollRow *e = g_ptr_array_index(reg->enroll_codes, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO enroll_code(id, hash, stall_id, created_ms, expires_ms, used_ms,"
         " token_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, e->id);
    sqlite3_bind_text(st, 2, e->hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, e->stall_id);
    sqlite3_bind_int64(st, 4, e->created_ms);
    sqlite3_bind_int64(st, 5, e->expires_ms);
    bind_opt(st, 6, e->used_ms);
    bind_opt(st, 7, e->token_id);
    if (!hub_sq_done(c, st, "copying an enrollment code", error))
      return FALSE;
  }
  return TRUE;
}

static gboolean write_taxonomy(HubConn *c, const HubRegistry *reg, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, "DELETE FROM taxonomy", error);
  if (st == NULL || !hub_sq_done(c, st, "emptying the taxonomy", error))
    return FALSE;
  for (guint i = 0; i < reg->lines->len; i++) {
    const HubLine *l = g_ptr_array_index(reg->lines, i);
    st = hub_sq_stmt(c, "INSERT INTO taxonomy(code, name_ko, name_en) VALUES(?1, ?2, ?3)",
                     error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_text(st, 1, l->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, l->name_ko, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, l->name_en, -1, SQLITE_STATIC);
    if (!hub_sq_done(c, st, "copying the taxonomy", error))
      return FALSE;
  }
  return TRUE;
}

/* Engagements with their ids, so an impact report's id stays valid. */
static gboolean write_engagements(HubConn *c, const HubRegistry *reg, GError **error)
{
  for (guint i = 0; i < reg->engagements->len; i++) {
    const HubEngagementRow *e = g_ptr_array_index(reg->engagements, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO engagement(id, market_id, start_day, label, created_ms)"
         " VALUES(?1, ?2, ?3, ?4, ?5)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, e->id);
    sqlite3_bind_int64(st, 2, e->market_id);
    sqlite3_bind_text(st, 3, e->start_day, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, e->label, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, e->created_ms);
    if (!hub_sq_done(c, st, "copying an engagement", error))
      return FALSE;
    for (guint k = 0; k < e->stall_ids->len; k++) {
      st = hub_sq_stmt(c, "INSERT INTO engagement_stall(engagement_id, stall_id)"
                          " VALUES(?1, ?2)", error);
      if (st == NULL)
        return FALSE;
      sqlite3_bind_int64(st, 1, e->id);
      sqlite3_bind_int64(st, 2, g_array_index(e->stall_ids, int64_t, k));
      if (!hub_sq_done(c, st, "copying an engagement's stall", error))
        return FALSE;
    }
  }
  return TRUE;
}

/*
** The transaction is left open on the writer when this succeeds; the
** write lock is not held between calls, ingest takes it per group.
*/
gboolean hub_sqlite_import_begin(HubStore *store, const HubRegistry *reg, GError **error)
{
  HubSqStore *sq = hub_sq_store(store);
  HubConn *c = hub_sq_lock(store);
  gboolean ok = hub_sq_begin(c, error) && check_empty(c, error)
                && write_markets_stalls(c, reg, error) && write_users(c, reg, error)
                && write_tokens_codes(c, reg, error) && write_taxonomy(c, reg, error)
                && write_engagements(c, reg, error);
  if (ok)
    sq->importing = TRUE;
  else
    hub_sq_rollback(c);
  hub_sq_unlock(store);
  return ok;
}

gboolean hub_sqlite_import_end(HubStore *store, const HubRegistry *reg, gboolean commit,
                               GError **error)
{
  HubSqStore *sq = hub_sq_store(store);
  HubConn *c = hub_sq_lock(store);
  gboolean ok = commit;
  for (guint i = 0; ok && i < reg->stalls->len; i++) {
    const HubStallRow *s = g_ptr_array_index(reg->stalls, i);
    sqlite3_stmt *st = hub_sq_stmt(c, "UPDATE stall SET last_sync_ms = ?2 WHERE id = ?1", error);
    ok = st != NULL;
    if (ok) {
      sqlite3_bind_int64(st, 1, s->id);
      bind_opt(st, 2, s->last_sync_ms);
      ok = hub_sq_done(c, st, "putting back the last sync", error);
    }
  }
  ok = ok && hub_sq_commit(c, error);
  hub_sq_rollback(c);   /* a no-op after COMMIT */
  sq->importing = FALSE;
  hub_sq_unlock(store);
  return ok;
}
