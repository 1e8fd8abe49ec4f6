/*
** hub-store-sqlite-ingest.c: storing a batch of events with its rollups
** (the queries over them are in hub-store-sqlite-query.c).
**
** A batch is one transaction on the writer (several concurrent batches may
** share one, each under its own savepoint: see group commit).  Each event
** is checked against
** what is stored (event id, document id, the original of a void or refund)
** and, when new, written raw (event, doc, doc_line, doc_tender, product,
** day_close) while its figures are added to in-memory rollups
** (../internal/hub-rollup-int.h, shared with the PostgreSQL store).  The
** rollups are flushed as upserts at the end of the same transaction, one
** row per key touched (hub-store-sqlite-rollup.c).  Either the whole
** batch (events and rollups) commits or nothing does.
** A void or refund counts on its own business day, as on the till's Z
** report, so that a day's rollup always equals that day's Z.
*/
#include "mb-clock.h"
#include "hub-store-sqlite.h"
#include "hub-rules-int.h"

/* ---- Checks against the store ---------------------------------------------------- */

/* TRUE in *found when a row matches; the statement takes one text binding. */
static gboolean exists(HubConn *c, const char *sql, const char *key, int64_t *col0,
                       gboolean *found, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  *found = rc == SQLITE_ROW;
  if (*found && col0)
    *col0 = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || hub_sq_fail(c, "checking an event", error);
}

/*
** Inserts the event row unless its id is already stored; *rowid is 0 then
** (a repeat).  The UNIQUE index answers both questions in one step, which
** is why every other check of an event comes before this insert.
*/
static gboolean insert_event(HubConn *c, int64_t stall, const HubEvent *ev, const char *ref,
                             int64_t now, int64_t *rowid, GError **error)
{
  static const char *const kinds[] = {"sale", "void", "refund", "day_close", "product"};
  sqlite3_stmt *st = hub_sq_stmt(
    c, "INSERT INTO event(event_id, stall_id, kind, ref, device_time_ms, received_ms,"
       " skew_ms, skewed) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
       " ON CONFLICT(event_id) DO NOTHING", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, ev->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, stall);
  sqlite3_bind_text(st, 3, kinds[ev->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 5, ev->device_time_ms);
  sqlite3_bind_int64(st, 6, now);
  sqlite3_bind_int64(st, 7, ev->skew_ms);
  sqlite3_bind_int(st, 8, ev->skewed);
  if (!hub_sq_done(c, st, "storing the event", error))
    return FALSE;
  *rowid = sqlite3_changes(c->db) == 1 ? sqlite3_last_insert_rowid(c->db) : 0;
  return TRUE;
}

/* ---- Documents -------------------------------------------------------------------- */

static gboolean insert_doc(HubConn *c, int64_t stall, int64_t event, const HubEvent *ev,
                           int64_t now, int64_t *rowid, GError **error)
{
  const PosSale *s = ev->doc;
  sqlite3_stmt *st = hub_sq_stmt(
    c, "INSERT INTO doc(doc_id, event, stall_id, kind, original_id, receipt_no,"
       " business_day, device_time_ms, received_ms, lines_sum, rounding, line_discounts,"
       " sale_discount, total, taxable, supply, vat, exempt, paid, change, json)"
       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
       " ?17, ?18, ?19, ?20, ?21)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, event);
  sqlite3_bind_int64(st, 3, stall);
  sqlite3_bind_text(st, 4, pos_doc_kind_name(s->kind), -1, SQLITE_STATIC);
  if (s->kind != POS_DOC_SALE)
    sqlite3_bind_text(st, 5, s->original_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, s->receipt_no, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 7, s->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 8, s->device_time_ms);
  sqlite3_bind_int64(st, 9, now);
  const PosMoney v[] = {s->totals.lines, s->totals.rounding, s->totals.line_discounts,
                        s->totals.sale_discount, s->totals.total, s->totals.taxable,
                        s->totals.supply, s->totals.vat, s->totals.exempt,
                        s->settlement.paid, s->settlement.change};
  for (int i = 0; i < (int)G_N_ELEMENTS(v); i++)
    sqlite3_bind_int64(st, 10 + i, v[i]);
  sqlite3_bind_text(st, 21, ev->json, -1, SQLITE_STATIC);
  if (!hub_sq_done(c, st, "storing the document", error))
    return FALSE;
  *rowid = sqlite3_last_insert_rowid(c->db);
  return TRUE;
}

/*
** Lines and tenders keep their order (line_no, seq) so a refund's
** refunded_from still points at the right line.
*/
static gboolean insert_lines(HubConn *c, int64_t doc, const PosSale *s, GError **error)
{
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO doc_line(doc, line_no, plu, name, line_code, unit, tax, list_price,"
         " unit_price, qty_milli, amount, rounding, line_discount, sale_discount_share,"
         " net, refunded_from) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
         " ?13, ?14, ?15, ?16)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, (int)i);
    sqlite3_bind_int(st, 3, l->plu);
    sqlite3_bind_text(st, 4, l->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, l->line_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, l->unit == POS_UNIT_KG ? "kg" : "piece", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", -1,
                      SQLITE_STATIC);
    const int64_t v[] = {l->list_price, l->unit_price, l->qty_milli, l->amount, l->rounding,
                         l->line_discount, l->sale_discount_share, l->net, l->refunded_from};
    for (int k = 0; k < (int)G_N_ELEMENTS(v); k++)
      sqlite3_bind_int64(st, 8 + k, v[k]);
    if (!hub_sq_done(c, st, "storing a line", error))
      return FALSE;
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    sqlite3_stmt *st = hub_sq_stmt(
      c, "INSERT INTO doc_tender(doc, seq, method, amount, ref) VALUES(?1, ?2, ?3, ?4, ?5)",
      error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, (int)i);
    sqlite3_bind_text(st, 3, pos_tender_method_name(t->method), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, t->amount);
    sqlite3_bind_text(st, 5, t->ref, -1, SQLITE_STATIC);
    if (!hub_sq_done(c, st, "storing a tender", error))
      return FALSE;
  }
  return TRUE;
}

/*
** A refund takes lines off a receipt.  The receipt stops containing line
** code X when the refunds of its original (this one included, already
** stored) have taken as many X lines as the original had, and did not
** before this refund.  Runs after the refund's lines are inserted.
*/
static gboolean refund_receipts(HubConn *c, int64_t orig_rowid, const PosSale *s, HubRollup *r,
                                GError **error)
{
  g_autoptr(GHashTable) here = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    int n = GPOINTER_TO_INT(g_hash_table_lookup(here, l->line_code));
    g_hash_table_insert(here, l->line_code, GINT_TO_POINTER(n + 1));
  }
  GHashTableIter it;
  gpointer code, count;
  g_hash_table_iter_init(&it, here);
  while (g_hash_table_iter_next(&it, &code, &count)) {
    sqlite3_stmt *st = hub_sq_stmt(
      c, "SELECT (SELECT count(*) FROM doc_line WHERE doc = ?1 AND line_code = ?3),"
         " (SELECT count(*) FROM doc_line l JOIN doc d ON d.id = l.doc"
         "  WHERE d.original_id = ?2 AND d.kind = 'refund' AND l.line_code = ?3)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, orig_rowid);
    sqlite3_bind_text(st, 2, s->original_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
      sqlite3_reset(st);
      return hub_sq_fail(c, "counting refunded lines", error);
    }
    int64_t n_orig = sqlite3_column_int64(st, 0), n_refunded = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (n_refunded >= n_orig && n_refunded - GPOINTER_TO_INT(count) < n_orig)
      hub_rollup_line(r, s->business_day, code)->receipts -= 1;
  }
  return TRUE;
}

/*
** What was sold on the original (its lines) and what its stored voids and
** refunds took, for hub_undo_admit.  The batch's own voids and refunds
** are stored by the time the next event is judged, so the order inside a
** batch counts without more bookkeeping; the one writer holds everything
** still meanwhile.
*/
static HubUndo *load_undo(HubConn *c, int64_t stall, int64_t orig_rowid, const char *orig_id,
                          GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, "SELECT line_no, qty_milli, net FROM doc_line"
                                    " WHERE doc = ?1 ORDER BY line_no", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, orig_rowid);
  typedef struct {
    int64_t line_no, qty_milli, net;
  } SoldLine;
  g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(SoldLine));
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    SoldLine row = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                    sqlite3_column_int64(st, 2)};
    g_array_append_val(rows, row);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    hub_sq_fail(c, "reading the original's lines", error);
    return NULL;
  }
  g_autoptr(HubUndo) u = hub_undo_new(rows->len);
  for (guint i = 0; i < rows->len; i++) {
    const SoldLine *row = &g_array_index(rows, SoldLine, i);
    if (row->line_no >= 0 && row->line_no < (int64_t)rows->len)
      hub_undo_sold(u, (guint)row->line_no, row->qty_milli, row->net);
  }
  st = hub_sq_stmt(c, "SELECT d.kind, l.refunded_from, l.qty_milli, l.net FROM doc d"
                      " JOIN doc_line l ON l.doc = d.id"
                      " WHERE d.original_id = ?1 AND d.stall_id = ?2", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text(st, 1, orig_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, stall);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    hub_undo_stored(u, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    hub_sq_fail(c, "reading the original's voids and refunds", error);
    return NULL;
  }
  return g_steal_pointer(&u);
}

/*
** Every check that can turn the event away comes before the first insert,
** so a rejected or repeated document leaves no row behind.  The checks in
** order: a repeat or another stall's document, the original of a void or
** refund, the taxonomy's line codes, the ledger's document rules
** (hub-rules-int.h).
*/
static gboolean ingest_doc(HubConn *c, int64_t stall, HubEvent *ev, int64_t now, HubRollup *r,
                           GHashTable *codes, GError **error)
{
  const PosSale *s = ev->doc;
  int64_t owner = 0, orig_rowid = 0, ev_row = 0, doc_row = 0;
  gboolean found;
  if (!exists(c, "SELECT stall_id FROM doc WHERE doc_id = ?1", s->id, &owner, &found, error))
    return FALSE;
  if (found) {
    if (owner == stall)
      ev->status = HUB_STATUS_DUPLICATE;
    else
      hub_event_reject(ev, SYNC_WIRE_WRONG_STALL, "document %s belongs to another stall", s->id);
    return TRUE;
  }
  if (s->kind != POS_DOC_SALE) {
    sqlite3_stmt *st = hub_sq_stmt(c, "SELECT id FROM doc WHERE doc_id = ?1 AND"
                                      " stall_id = ?2 AND kind = 'sale'", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_text(st, 1, s->original_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, stall);
    int rc = sqlite3_step(st);
    orig_rowid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return hub_sq_fail(c, "finding the original", error);
    if (rc == SQLITE_DONE) {
      hub_event_reject(ev, SYNC_WIRE_UNKNOWN_ORIGINAL, "the hub has no sale %s of this stall",
                       s->original_id);
      return TRUE;
    }
  }
  if (!hub_lines_known(codes, ev))
    return TRUE;
  if (s->kind != POS_DOC_SALE) {
    g_autoptr(HubUndo) u = load_undo(c, stall, orig_rowid, s->original_id, error);
    if (u == NULL)
      return FALSE;
    if (!hub_undo_admit(u, ev))
      return TRUE;
  }
  if (!insert_event(c, stall, ev, s->id, now, &ev_row, error))
    return FALSE;
  if (ev_row == 0) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  if (!insert_doc(c, stall, ev_row, ev, now, &doc_row, error)
      || !insert_lines(c, doc_row, s, error))
    return FALSE;
  hub_rollup_doc(r, s, ev->skewed);
  if (s->kind == POS_DOC_REFUND && !refund_receipts(c, orig_rowid, s, r, error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* ---- Products and day closes ----------------------------------------------------------- */

/* Products upsert by stall and PLU; an older event never overwrites a newer one. */
static gboolean ingest_product(HubConn *c, int64_t stall, HubEvent *ev, int64_t now,
                               GHashTable *codes, GError **error)
{
  const PosProduct *p = ev->product;
  char ref[16];
  int64_t ev_row;
  if (!hub_lines_known(codes, ev))
    return TRUE;
  g_snprintf(ref, sizeof ref, "%d", p->plu);
  if (!insert_event(c, stall, ev, ref, now, &ev_row, error))
    return FALSE;
  if (ev_row == 0) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  sqlite3_stmt *st = hub_sq_stmt(
    c, "INSERT INTO product(stall_id, plu, name, line_code, unit, price, tax, barcode,"
       " active, updated_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
       " ON CONFLICT(stall_id, plu) DO UPDATE SET name = excluded.name,"
       " line_code = excluded.line_code, unit = excluded.unit, price = excluded.price,"
       " tax = excluded.tax, barcode = excluded.barcode, active = excluded.active,"
       " updated_ms = excluded.updated_ms WHERE excluded.updated_ms >= product.updated_ms",
    error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, stall);
  sqlite3_bind_int(st, 2, p->plu);
  sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, p->line_code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, p->unit == POS_UNIT_KG ? "kg" : "piece", -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 6, p->price);
  sqlite3_bind_text(st, 7, p->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", -1,
                    SQLITE_STATIC);
  sqlite3_bind_text(st, 8, p->barcode, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 9, p->active);
  sqlite3_bind_int64(st, 10, ev->device_time_ms);
  if (!hub_sq_done(c, st, "storing the product", error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* A Z report is one per stall, day and number: a resend under a new id is a repeat. */
static gboolean ingest_close(HubConn *c, int64_t stall, HubEvent *ev, int64_t now,
                             GError **error)
{
  const HubDayClose *z = &ev->close;
  sqlite3_stmt *st = hub_sq_stmt(c, "SELECT 1 FROM day_close WHERE stall_id = ?1 AND"
                                    " business_day = ?2 AND z_no = ?3", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, stall);
  sqlite3_bind_text(st, 2, z->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 3, z->z_no);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return hub_sq_fail(c, "checking the day close", error);
  if (rc == SQLITE_ROW) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  char ref[24];
  int64_t ev_row;
  g_snprintf(ref, sizeof ref, "%s#%d", z->business_day, z->z_no);
  if (!insert_event(c, stall, ev, ref, now, &ev_row, error))
    return FALSE;
  if (ev_row == 0) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  st = hub_sq_stmt(c, "INSERT INTO day_close(event, stall_id, business_day, z_no, closed_ms,"
                      " total, receipts, json) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, ev_row);
  sqlite3_bind_int64(st, 2, stall);
  sqlite3_bind_text(st, 3, z->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, z->z_no);
  sqlite3_bind_int64(st, 5, z->closed_ms);
  sqlite3_bind_int64(st, 6, z->total);
  sqlite3_bind_int64(st, 7, z->receipts);
  sqlite3_bind_text(st, 8, ev->json, -1, SQLITE_STATIC);
  if (!hub_sq_done(c, st, "storing the day close", error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* The taxonomy's codes, read once per batch (a dozen rows). */
static gboolean read_codes(HubConn *c, GHashTable *codes, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, "SELECT code FROM taxonomy", error);
  if (st == NULL)
    return FALSE;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_hash_table_add(codes, g_strdup((const char *)sqlite3_column_text(st, 0)));
  sqlite3_reset(st);
  return rc == SQLITE_DONE || hub_sq_fail(c, "reading the taxonomy", error);
}

/*
** Inside the batch transaction: events in order (a void may follow its
** sale in the same batch), then the sync time, then the rollups.  The
** sync time moves only when some event was stored or confirmed as a
** repeat: a batch whose every event was refused is no sign of a healthy
** till, and must not make its stall look fresh.
*/
static gboolean ingest_tx(HubConn *c, int64_t stall, GPtrArray *events, int64_t now,
                          HubRollup *r, GError **error)
{
  g_autoptr(GHashTable) codes = hub_line_codes_new();
  if (!read_codes(c, codes, error))
    return FALSE;
  gboolean synced = FALSE;
  for (guint i = 0; i < events->len; i++) {
    HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status == HUB_STATUS_REJECTED)
      continue;
    gboolean ok = ev->kind == HUB_EVENT_PRODUCT
                    ? ingest_product(c, stall, ev, now, codes, error)
                  : ev->kind == HUB_EVENT_DAY_CLOSE ? ingest_close(c, stall, ev, now, error)
                                                    : ingest_doc(c, stall, ev, now, r, codes,
                                                                 error);
    if (!ok)
      return FALSE;
    synced |= ev->status != HUB_STATUS_REJECTED;
  }
  if (synced) {
    sqlite3_stmt *st = hub_sq_stmt(c, "UPDATE stall SET last_sync_ms = ?2 WHERE id = ?1",
                                   error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, stall);
    sqlite3_bind_int64(st, 2, now);
    if (!hub_sq_done(c, st, "marking the sync", error))
      return FALSE;
  }
  return hub_sq_rollup_flush(c, stall, r, error);
}

/* ---- Group commit --------------------------------------------------------------------- */

/* A batch waiting for the writer, and what became of it. */
typedef struct {
  int64_t stall_id;
  GPtrArray *events;
  int64_t received_ms;
  gboolean done, ok;
  GError *error;
} Pending;

/* Transaction control on the writer through the statement cache. */
static gboolean step_sql(HubConn *c, const char *sql, GError **error)
{
  sqlite3_stmt *st = hub_sq_stmt(c, sql, error);
  return st != NULL && hub_sq_done(c, st, sql, error);
}

/*
** One batch inside the group's transaction, under a savepoint: a batch
** that fails is rolled back alone (nothing of it stays) and the others of
** the group go on.
*/
static void run_one(HubConn *c, Pending *p)
{
  HubRollup r;
  hub_rollup_init(&r);
  p->ok = step_sql(c, "SAVEPOINT batch", &p->error);
  if (p->ok) {
    p->ok = ingest_tx(c, p->stall_id, p->events, p->received_ms, &r, &p->error)
            && step_sql(c, "RELEASE batch", &p->error);
    if (!p->ok) {
      sqlite3_exec(c->db, "ROLLBACK TO batch", NULL, NULL, NULL);
      sqlite3_exec(c->db, "RELEASE batch", NULL, NULL, NULL);
    }
  }
  hub_rollup_clear(&r);
}

/*
** The batches of a group share one transaction and so one fsync of the
** WAL: with many tills posting at once, the disk's flush time is paid once
** per group instead of once per batch.  A failed COMMIT fails them all
** (none was stored).
*/
static void run_group(HubStore *store, GPtrArray *group)
{
  GError *error = NULL;
  HubConn *c = hub_sq_lock(store);
  /* while a hub is imported, every group runs inside the import's one
  ** transaction (hub_store_import_begin) and neither begins nor ends one */
  gboolean importing = hub_sq_store(store)->importing;
  gboolean began = importing || hub_sq_begin(c, &error), any = FALSE;
  for (guint i = 0; i < group->len; i++) {
    Pending *p = g_ptr_array_index(group, i);
    if (began)
      run_one(c, p);
    else
      p->error = g_error_copy(error);
    any |= p->ok;
  }
  if (began && any && !importing && !hub_sq_commit(c, &error)) {
    for (guint i = 0; i < group->len; i++) {
      Pending *p = g_ptr_array_index(group, i);
      if (p->ok)
        p->error = g_error_copy(error);
      p->ok = FALSE;
    }
  }
  if (!importing)
    hub_sq_rollback(c);   /* a no-op after COMMIT */
  hub_sq_unlock(store);
  g_clear_error(&error);
}

#define GROUP_MAX 32

/*
** Leader/follower group commit.  A batch queues itself; whoever finds the
** writer idle becomes the leader, takes everything queued (its own batch
** included, at most GROUP_MAX), runs it as one group and wakes the rest.
** Followers only wait.  One batch alone is a group of one, so a single
** till sees no difference.
*/
gboolean hub_sqlite_ingest(HubStore *store, int64_t stall_id, GPtrArray *events,
                          int64_t received_ms, GError **error)
{
  HubSqStore *sq = hub_sq_store(store);
  Pending me = {stall_id, events, received_ms, FALSE, FALSE, NULL};
  g_mutex_lock(&sq->group_lock);
  g_queue_push_tail(&sq->group_queue, &me);
  while (!me.done) {
    if (sq->group_busy) {
      g_cond_wait(&sq->group_cond, &sq->group_lock);
      continue;
    }
    sq->group_busy = TRUE;
    g_autoptr(GPtrArray) group = g_ptr_array_new();
    while (group->len < GROUP_MAX && !g_queue_is_empty(&sq->group_queue))
      g_ptr_array_add(group, g_queue_pop_head(&sq->group_queue));
    g_mutex_unlock(&sq->group_lock);
    run_group(store, group);
    g_mutex_lock(&sq->group_lock);
    for (guint i = 0; i < group->len; i++)
      ((Pending *)g_ptr_array_index(group, i))->done = TRUE;
    sq->group_busy = FALSE;
    g_cond_broadcast(&sq->group_cond);
  }
  g_mutex_unlock(&sq->group_lock);
  if (!me.ok)
    g_propagate_error(error, me.error);
  return me.ok;
}
