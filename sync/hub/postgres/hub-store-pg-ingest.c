/*
** hub-store-pg-ingest.c: storing a batch of events with its rollups on
** PostgreSQL.  The rules and statuses are the SQLite store's
** (sqlite/hub-store-sqlite-ingest.c), and the figures come from the same
** in-memory rollups (../internal/hub-rollup-int.h), so both stores hold
** the same numbers to the won.
**
** A batch is one transaction on one connection of the pool.  Several hubs
** may ingest into one database at once, so the database decides every
** question of identity:
**   - an event is new when INSERT INTO event_key ... ON CONFLICT DO NOTHING
**     inserts its (market, event id); a retried batch that lands on another
**     hub process waits on the first one's key and then finds it taken;
**   - a document is known by doc_key (market, doc id), which also tells
**     its stall, kind and business day (to find its partition);
**   - rollups are upserts (x = x + excluded.x) written in key order, so
**     two batches touching the same rows queue rather than deadlock.
** The month partitions a batch needs are made first, before any row is
** written (hub_pg_partition_ensure), so no insert ever waits on DDL.
**
** A connection lost in the middle (the server restarted, the backend was
** terminated) fails the statement, the transaction is gone with it and the
** batch is refused whole with DB_UNREACHABLE: the till keeps its events
** and sends them again.
*/
#include "hub-store-pg.h"
#include "hub-rollup-int.h"
#include "mb-clock.h"
#include <string.h>

/* What ingest needs to know of the batch's stall. */
typedef struct {
  int64_t stall, market;
  int64_t now;
  char received_day[MB_DAY_LEN];
} Batch;

static const char *const kind_names[] = {"sale", "void", "refund", "day_close", "product"};

/* ---- Raw rows ------------------------------------------------------------------ */

/*
** Claims the event id for this market; *fresh is FALSE when it was
** already claimed (a repeat), and then nothing else of the event is
** written.  The raw event row goes to its month partition.
*/
static gboolean insert_event(HubPgConn *c, const Batch *b, const HubEvent *ev,
                             const char *ref, gboolean *fresh, GError **error)
{
  HubPgArgs k = {0};
  hub_pg_arg_int(&k, b->market);
  hub_pg_arg_text(&k, ev->id);
  PGresult *res = hub_pg_exec(c, "INSERT INTO event_key(market_id, event_id) VALUES($1, $2)"
                                 " ON CONFLICT DO NOTHING", &k, "claiming the event", error);
  if (res == NULL)
    return FALSE;
  *fresh = hub_pg_changes(res) == 1;
  PQclear(res);
  if (!*fresh)
    return TRUE;
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_int(&a, b->stall);
  hub_pg_arg_text(&a, ev->id);
  hub_pg_arg_text(&a, kind_names[ev->kind]);
  hub_pg_arg_text(&a, ref);
  hub_pg_arg_int(&a, ev->device_time_ms);
  hub_pg_arg_int(&a, b->now);
  hub_pg_arg_text(&a, b->received_day);
  hub_pg_arg_int(&a, ev->skew_ms);
  hub_pg_arg_int(&a, ev->skewed ? 1 : 0);
  return hub_pg_run(c, "INSERT INTO event(market_id, stall_id, event_id, kind, ref,"
                       " device_time_ms, received_ms, received_day, skew_ms, skewed)"
                       " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", &a,
                    "storing the event", error);
}

/* The document's key row, then the document itself in its month. */
static gboolean insert_doc(HubPgConn *c, const Batch *b, const HubEvent *ev, GError **error)
{
  const PosSale *s = ev->doc;
  HubPgArgs k = {0};
  hub_pg_arg_int(&k, b->market);
  hub_pg_arg_text(&k, s->id);
  hub_pg_arg_int(&k, b->stall);
  hub_pg_arg_text(&k, pos_doc_kind_name(s->kind));
  hub_pg_arg_text(&k, s->business_day);
  if (!hub_pg_run(c, "INSERT INTO doc_key(market_id, doc_id, stall_id, kind, business_day)"
                     " VALUES($1, $2, $3, $4, $5)", &k, "storing the document", error))
    return FALSE;
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_int(&a, b->stall);
  hub_pg_arg_text(&a, s->id);
  hub_pg_arg_text(&a, ev->id);
  hub_pg_arg_text(&a, pos_doc_kind_name(s->kind));
  hub_pg_arg_text(&a, s->kind != POS_DOC_SALE ? s->original_id : NULL);
  hub_pg_arg_text(&a, s->receipt_no);
  hub_pg_arg_text(&a, s->business_day);
  hub_pg_arg_int(&a, s->device_time_ms);
  hub_pg_arg_int(&a, b->now);
  const PosMoney v[] = {s->totals.lines, s->totals.rounding, s->totals.line_discounts,
                        s->totals.sale_discount, s->totals.total, s->totals.taxable,
                        s->totals.supply, s->totals.vat, s->totals.exempt,
                        s->settlement.paid, s->settlement.change};
  for (guint i = 0; i < G_N_ELEMENTS(v); i++)
    hub_pg_arg_int(&a, v[i]);
  hub_pg_arg_text(&a, ev->json);
  return hub_pg_run(c, "INSERT INTO doc(market_id, stall_id, doc_id, event_id, kind,"
                       " original_id, receipt_no, business_day, device_time_ms, received_ms,"
                       " lines_sum, rounding, line_discounts, sale_discount, total, taxable,"
                       " supply, vat, exempt, paid, change, json) VALUES($1, $2, $3, $4, $5,"
                       " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,"
                       " $20, $21, $22)", &a, "storing the document", error);
}

/* Lines and tenders keep their order, so refunded_from points at the right line. */
static gboolean insert_lines(HubPgConn *c, const Batch *b, const PosSale *s, GError **error)
{
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_text(&a, s->business_day);
    hub_pg_arg_text(&a, s->id);
    hub_pg_arg_int(&a, i);
    hub_pg_arg_int(&a, l->plu);
    hub_pg_arg_text(&a, l->name);
    hub_pg_arg_text(&a, l->line_code);
    hub_pg_arg_text(&a, l->unit == POS_UNIT_KG ? "kg" : "piece");
    hub_pg_arg_text(&a, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable");
    const int64_t v[] = {l->list_price, l->unit_price, l->qty_milli, l->amount, l->rounding,
                         l->line_discount, l->sale_discount_share, l->net, l->refunded_from};
    for (guint k = 0; k < G_N_ELEMENTS(v); k++)
      hub_pg_arg_int(&a, v[k]);
    if (!hub_pg_run(c, "INSERT INTO doc_line(market_id, business_day, doc_id, line_no, plu,"
                       " name, line_code, unit, tax, list_price, unit_price, qty_milli, amount,"
                       " rounding, line_discount, sale_discount_share, net, refunded_from)"
                       " VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
                       " $15, $16, $17, $18)", &a, "storing a line", error))
      return FALSE;
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_text(&a, s->business_day);
    hub_pg_arg_text(&a, s->id);
    hub_pg_arg_int(&a, i);
    hub_pg_arg_text(&a, pos_tender_method_name(t->method));
    hub_pg_arg_int(&a, t->amount);
    hub_pg_arg_text(&a, t->ref);
    if (!hub_pg_run(c, "INSERT INTO doc_tender(market_id, business_day, doc_id, seq, method,"
                       " amount, ref) VALUES($1, $2, $3, $4, $5, $6, $7)", &a,
                    "storing a tender", error))
      return FALSE;
  }
  return TRUE;
}

/*
** A refund takes lines off a receipt: the receipt stops containing line
** code X when the refunds of its original (this one included, already
** stored) have taken as many X lines as the original had, and did not
** before this refund.  The SQLite store's rule, read from the partitions
** of the original's day and of the refunds.
*/
static gboolean refund_receipts(HubPgConn *c, const Batch *b, const char *orig_day,
                                const PosSale *s, HubRollup *r, GError **error)
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
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_text(&a, orig_day);
    hub_pg_arg_text(&a, s->original_id);
    hub_pg_arg_text(&a, code);
    PGresult *res = hub_pg_exec(
      c, "SELECT (SELECT count(*) FROM doc_line WHERE market_id = $1 AND business_day = $2"
         "   AND doc_id = $3 AND line_code = $4),"
         " (SELECT count(*) FROM doc d JOIN doc_line l ON l.market_id = d.market_id"
         "   AND l.business_day = d.business_day AND l.doc_id = d.doc_id"
         "   WHERE d.market_id = $1 AND d.original_id = $3 AND d.kind = 'refund'"
         "   AND l.line_code = $4)", &a, "counting refunded lines", error);
    if (res == NULL)
      return FALSE;
    int64_t n_orig = hub_pg_int(res, 0, 0), n_refunded = hub_pg_int(res, 0, 1);
    PQclear(res);
    if (n_refunded >= n_orig && n_refunded - GPOINTER_TO_INT(count) < n_orig)
      hub_rollup_line(r, s->business_day, code)->receipts -= 1;
  }
  return TRUE;
}

/*
** Every check that can turn the event away comes before the first insert,
** so a rejected or repeated document leaves no row behind.  A document id
** is looked up across markets, as the SQLite store's UNIQUE doc_id does.
*/
static gboolean ingest_doc(HubPgConn *c, const Batch *b, HubEvent *ev, HubRollup *r,
                           GError **error)
{
  const PosSale *s = ev->doc;
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, s->id);
  PGresult *res = hub_pg_exec(c, "SELECT stall_id FROM doc_key WHERE doc_id = $1", &a,
                              "checking an event", error);
  if (res == NULL)
    return FALSE;
  gboolean found = PQntuples(res) > 0;
  int64_t owner = found ? hub_pg_int(res, 0, 0) : 0;
  PQclear(res);
  if (found) {
    if (owner == b->stall)
      ev->status = HUB_STATUS_DUPLICATE;
    else
      hub_event_reject(ev, SYNC_WIRE_WRONG_STALL, "document %s belongs to another stall", s->id);
    return TRUE;
  }
  g_autofree char *orig_day = NULL;
  if (s->kind != POS_DOC_SALE) {
    HubPgArgs o = {0};
    hub_pg_arg_int(&o, b->market);
    hub_pg_arg_text(&o, s->original_id);
    hub_pg_arg_int(&o, b->stall);
    res = hub_pg_exec(c, "SELECT business_day FROM doc_key WHERE market_id = $1"
                         " AND doc_id = $2 AND stall_id = $3 AND kind = 'sale'", &o,
                      "finding the original", error);
    if (res == NULL)
      return FALSE;
    orig_day = PQntuples(res) > 0 ? hub_pg_text(res, 0, 0) : NULL;
    PQclear(res);
    if (orig_day == NULL) {
      hub_event_reject(ev, SYNC_WIRE_UNKNOWN_ORIGINAL, "the hub has no sale %s of this stall",
                       s->original_id);
      return TRUE;
    }
  }
  gboolean fresh = FALSE;
  if (!insert_event(c, b, ev, s->id, &fresh, error))
    return FALSE;
  if (!fresh) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  if (!insert_doc(c, b, ev, error) || !insert_lines(c, b, s, error))
    return FALSE;
  hub_rollup_doc(r, s, ev->skewed);
  if (s->kind == POS_DOC_REFUND && !refund_receipts(c, b, orig_day, s, r, error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* Products upsert by stall and PLU; an older event never overwrites a newer one. */
static gboolean ingest_product(HubPgConn *c, const Batch *b, HubEvent *ev, GError **error)
{
  const PosProduct *p = ev->product;
  char ref[16];
  gboolean fresh = FALSE;
  g_snprintf(ref, sizeof ref, "%d", p->plu);
  if (!insert_event(c, b, ev, ref, &fresh, error))
    return FALSE;
  if (!fresh) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_int(&a, b->stall);
  hub_pg_arg_int(&a, p->plu);
  hub_pg_arg_text(&a, p->name);
  hub_pg_arg_text(&a, p->line_code);
  hub_pg_arg_text(&a, p->unit == POS_UNIT_KG ? "kg" : "piece");
  hub_pg_arg_int(&a, p->price);
  hub_pg_arg_text(&a, p->tax == POS_TAX_EXEMPT ? "exempt" : "taxable");
  hub_pg_arg_text(&a, p->barcode);
  hub_pg_arg_text(&a, p->active ? "t" : "f");
  hub_pg_arg_int(&a, ev->device_time_ms);
  if (!hub_pg_run(c, "INSERT INTO product(market_id, stall_id, plu, name, line_code, unit,"
                     " price, tax, barcode, active, updated_ms) VALUES($1, $2, $3, $4, $5, $6,"
                     " $7, $8, $9, $10, $11) ON CONFLICT(market_id, stall_id, plu) DO UPDATE"
                     " SET name = excluded.name, line_code = excluded.line_code,"
                     " unit = excluded.unit, price = excluded.price, tax = excluded.tax,"
                     " barcode = excluded.barcode, active = excluded.active,"
                     " updated_ms = excluded.updated_ms"
                     " WHERE excluded.updated_ms >= product.updated_ms", &a,
                  "storing the product", error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* A Z report is one per stall, day and number: a resend under a new id is a repeat. */
static gboolean ingest_close(HubPgConn *c, const Batch *b, HubEvent *ev, GError **error)
{
  const HubDayClose *z = &ev->close;
  HubPgArgs k = {0};
  hub_pg_arg_int(&k, b->market);
  hub_pg_arg_int(&k, b->stall);
  hub_pg_arg_text(&k, z->business_day);
  hub_pg_arg_int(&k, z->z_no);
  PGresult *res = hub_pg_exec(c, "SELECT 1 FROM day_close WHERE market_id = $1"
                                 " AND stall_id = $2 AND business_day = $3 AND z_no = $4", &k,
                              "checking the day close", error);
  if (res == NULL)
    return FALSE;
  gboolean seen = PQntuples(res) > 0;
  PQclear(res);
  if (seen) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  char ref[24];
  gboolean fresh = FALSE;
  g_snprintf(ref, sizeof ref, "%s#%d", z->business_day, z->z_no);
  if (!insert_event(c, b, ev, ref, &fresh, error))
    return FALSE;
  if (!fresh) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_int(&a, b->stall);
  hub_pg_arg_text(&a, z->business_day);
  hub_pg_arg_int(&a, z->z_no);
  hub_pg_arg_text(&a, ev->id);
  hub_pg_arg_int(&a, z->closed_ms);
  hub_pg_arg_int(&a, z->total);
  hub_pg_arg_int(&a, z->receipts);
  hub_pg_arg_text(&a, ev->json);
  if (!hub_pg_run(c, "INSERT INTO day_close(market_id, stall_id, business_day, z_no, event_id,"
                     " closed_ms, total, receipts, json) VALUES($1, $2, $3, $4, $5, $6, $7, $8,"
                     " $9)", &a, "storing the day close", error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* ---- Rollups ----------------------------------------------------------------------- */

/* The rows of one in-memory rollup sorted by key: every batch locks in one order. */
static GPtrArray *sorted_rows(GHashTable *table)
{
  g_autoptr(GList) keys = g_hash_table_get_keys(table);
  keys = g_list_sort(keys, (GCompareFunc)strcmp);
  GPtrArray *rows = g_ptr_array_new();
  for (GList *k = keys; k; k = k->next)
    g_ptr_array_add(rows, g_hash_table_lookup(table, k->data));
  return rows;
}

#define LINE_SET " DO UPDATE SET revenue = t.revenue + excluded.revenue," \
  " qty_milli = t.qty_milli + excluded.qty_milli, lines = t.lines + excluded.lines,"  \
  " receipts = t.receipts + excluded.receipts"

/* Lines per stall, and per market: the city reference of every other market. */
static gboolean flush_lines(HubPgConn *c, const Batch *b, HubRollup *r, GError **error)
{
  g_autoptr(GPtrArray) rows = sorted_rows(r->line);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollLine *l = g_ptr_array_index(rows, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_int(&a, b->stall);
    hub_pg_arg_text(&a, l->day);
    hub_pg_arg_text(&a, l->code);
    hub_pg_arg_int(&a, l->revenue);
    hub_pg_arg_int(&a, l->qty);
    hub_pg_arg_int(&a, l->lines);
    hub_pg_arg_int(&a, l->receipts);
    if (!hub_pg_run(c, "INSERT INTO roll_line_day AS t VALUES($1, $2, $3, $4, $5, $6, $7, $8)"
                       " ON CONFLICT(market_id, stall_id, day, line_code)" LINE_SET, &a, "rolling up lines", error))
      return FALSE;
  }
  for (guint i = 0; i < rows->len; i++) {
    const HubRollLine *l = g_ptr_array_index(rows, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_text(&a, l->day);
    hub_pg_arg_text(&a, l->code);
    hub_pg_arg_int(&a, l->revenue);
    hub_pg_arg_int(&a, l->qty);
    hub_pg_arg_int(&a, l->lines);
    hub_pg_arg_int(&a, l->receipts);
    if (!hub_pg_run(c, "INSERT INTO roll_market_line_day AS t VALUES($1, $2, $3, $4, $5, $6,"
                       " $7) ON CONFLICT(market_id, day, line_code)" LINE_SET, &a, "rolling up the market's lines", error))
      return FALSE;
  }
  return TRUE;
}

static gboolean flush_hours(HubPgConn *c, const Batch *b, HubRollup *r, GError **error)
{
  g_autoptr(GPtrArray) rows = sorted_rows(r->hour);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollHour *h = g_ptr_array_index(rows, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_int(&a, b->stall);
    hub_pg_arg_text(&a, h->day);
    hub_pg_arg_int(&a, h->hour);
    hub_pg_arg_int(&a, h->revenue);
    hub_pg_arg_int(&a, h->receipts);
    if (!hub_pg_run(c, "INSERT INTO roll_hour AS t VALUES($1, $2, $3, $4, $5, $6)"
                       " ON CONFLICT(market_id, stall_id, day, hour) DO UPDATE SET revenue = t.revenue + excluded.revenue,"
                       " receipts = t.receipts + excluded.receipts", &a, "rolling up hours",
                    error))
      return FALSE;
  }
  return TRUE;
}

static gboolean flush_tenders(HubPgConn *c, const Batch *b, HubRollup *r, GError **error)
{
  g_autoptr(GPtrArray) rows = sorted_rows(r->tender);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollTender *t = g_ptr_array_index(rows, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_int(&a, b->stall);
    hub_pg_arg_text(&a, t->day);
    hub_pg_arg_text(&a, t->method);
    hub_pg_arg_int(&a, t->amount);
    if (!hub_pg_run(c, "INSERT INTO roll_tender AS t VALUES($1, $2, $3, $4, $5)"
                       " ON CONFLICT(market_id, stall_id, day, method) DO UPDATE SET amount = t.amount + excluded.amount", &a,
                    "rolling up tenders", error))
      return FALSE;
  }
  return TRUE;
}

static gboolean flush_days(HubPgConn *c, const Batch *b, HubRollup *r, GError **error)
{
  g_autoptr(GPtrArray) rows = sorted_rows(r->day);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollDay *d = g_ptr_array_index(rows, i);
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, b->market);
    hub_pg_arg_int(&a, b->stall);
    hub_pg_arg_text(&a, d->day);
    const int64_t n[] = {d->sales, d->voids, d->refunds, d->receipts, d->gross, d->discounts,
                         d->total, d->taxable, d->supply, d->vat, d->exempt, d->skewed};
    for (guint k = 0; k < G_N_ELEMENTS(n); k++)
      hub_pg_arg_int(&a, n[k]);
    if (!hub_pg_run(c, "INSERT INTO roll_day AS t VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                       " $10, $11, $12, $13, $14, $15) ON CONFLICT(market_id, stall_id, day) DO UPDATE SET"
                       " sales = t.sales + excluded.sales, voids = t.voids + excluded.voids,"
                       " refunds = t.refunds + excluded.refunds,"
                       " receipts = t.receipts + excluded.receipts,"
                       " gross = t.gross + excluded.gross,"
                       " discounts = t.discounts + excluded.discounts,"
                       " total = t.total + excluded.total, taxable = t.taxable + excluded.taxable,"
                       " supply = t.supply + excluded.supply, vat = t.vat + excluded.vat,"
                       " exempt = t.exempt + excluded.exempt, skewed = t.skewed + excluded.skewed",
                    &a, "rolling up days", error))
      return FALSE;
  }
  return TRUE;
}

/* ---- The batch ------------------------------------------------------------------------ */

/*
** The months whose partitions the batch may write: the received day's
** and every document's business day's.  Ones this process has already
** seen made are skipped; the rest are made (or found) under the lock.
*/
static gboolean partitions_for(HubStore *store, HubPgConn *c, const Batch *b,
                               GPtrArray *events, GHashTable *made, GError **error)
{
  HubPgStore *ps = hub_pg_store(store);
  g_autoptr(GPtrArray) days = g_ptr_array_new();
  g_ptr_array_add(days, (gpointer)b->received_day);
  for (guint i = 0; i < events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status != HUB_STATUS_REJECTED && ev->doc != NULL)
      g_ptr_array_add(days, ev->doc->business_day);
  }
  for (guint i = 0; i < days->len; i++) {
    char month[8];
    g_strlcpy(month, g_ptr_array_index(days, i), sizeof month);
    g_mutex_lock(&ps->months_lock);
    gboolean known = g_hash_table_contains(ps->months, month);
    g_mutex_unlock(&ps->months_lock);
    if (known || g_hash_table_contains(made, month))
      continue;
    if (!hub_pg_partition_ensure(c, month, error))
      return FALSE;
    g_hash_table_add(made, g_strdup(month));
  }
  return TRUE;
}

/* Events in order (a void may follow its sale in the batch), then the sync time, then the rollups. */
static gboolean ingest_tx(HubPgConn *c, const Batch *b, GPtrArray *events, HubRollup *r,
                          GError **error)
{
  for (guint i = 0; i < events->len; i++) {
    HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status == HUB_STATUS_REJECTED)
      continue;
    gboolean ok = ev->kind == HUB_EVENT_PRODUCT     ? ingest_product(c, b, ev, error)
                  : ev->kind == HUB_EVENT_DAY_CLOSE ? ingest_close(c, b, ev, error)
                                                    : ingest_doc(c, b, ev, r, error);
    if (!ok)
      return FALSE;
  }
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->stall);
  hub_pg_arg_int(&a, b->now);
  return hub_pg_run(c, "UPDATE stall SET last_sync_ms = $2 WHERE id = $1", &a,
                    "marking the sync", error)
         && flush_lines(c, b, r, error) && flush_hours(c, b, r, error)
         && flush_tenders(c, b, r, error) && flush_days(c, b, r, error);
}

/* The stall's market, which every sales-side key starts with. */
static gboolean batch_init(HubPgConn *c, Batch *b, int64_t stall_id, int64_t received_ms,
                           GError **error)
{
  b->stall = stall_id;
  b->now = received_ms;
  mb_clock_business_day(received_ms, b->received_day);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, stall_id);
  PGresult *res = hub_pg_exec(c, "SELECT market_id FROM stall WHERE id = $1", &a,
                              "finding the stall", error);
  if (res == NULL)
    return FALSE;
  gboolean found = PQntuples(res) > 0;
  b->market = found ? hub_pg_int(res, 0, 0) : 0;
  PQclear(res);
  if (!found)
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no stall with id %" G_GINT64_FORMAT,
                stall_id);
  return found;
}

/*
** One transaction per batch; a failure anywhere rolls everything back and
** the statuses mean nothing (hub-store.h).  The months made are remembered
** only once the transaction that made them has committed.
*/
gboolean hub_pg_ingest(HubStore *store, int64_t stall_id, GPtrArray *events,
                       int64_t received_ms, GError **error)
{
  HubPgStore *ps = hub_pg_store(store);
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return FALSE;
  Batch b = {0};
  HubRollup r;
  hub_rollup_init(&r);
  g_autoptr(GHashTable) made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = hub_pg_begin(c, error) && batch_init(c, &b, stall_id, received_ms, error)
                && partitions_for(store, c, &b, events, made, error)
                && ingest_tx(c, &b, events, &r, error) && hub_pg_commit(c, error);
  if (!ok) {
    hub_pg_rollback(c);
  } else {
    GHashTableIter it;
    gpointer month;
    g_hash_table_iter_init(&it, made);
    g_mutex_lock(&ps->months_lock);
    while (g_hash_table_iter_next(&it, &month, NULL))
      g_hash_table_add(ps->months, g_strdup(month));
    g_mutex_unlock(&ps->months_lock);
  }
  hub_rollup_clear(&r);
  hub_pg_release(store, c);
  return ok;
}
