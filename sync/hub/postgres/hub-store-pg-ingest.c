/*
** hub-store-pg-ingest.c: storing a batch of events with its rollups on
** PostgreSQL.  The rules and statuses are the SQLite store's
** (sqlite/hub-store-sqlite-ingest.c), and the figures come from the same
** in-memory rollups (../internal/hub-rollup-int.h), so both stores hold
** the same numbers to the won.
**
** A batch is one transaction on one connection of the pool, in a few round
** trips rather than one per row:
**   1. in one pipeline (batch_open): the transaction's start, the stall's
**      market, the taxonomy's codes, the documents the batch names (its
**      own ids and the originals of its voids and refunds, from doc_key)
**      and the claim of every event id at once, INSERT INTO event_key ...
**      ON CONFLICT DO NOTHING RETURNING: the ids that come back are new.
**      A retried batch that lands on another hub process waits at its
**      claim for the first attempt's transaction, then finds the ids
**      taken (and reads the documents again, which that transaction may
**      have stored);
**   2. the stored originals of the batch's voids and refunds are locked
**      (SELECT ... FOR UPDATE, in id order), and the documents read again
**      if there were any: a second hub on the same database holding a void
**      of the same sale waits here for the first one's transaction, then
**      sees its void and refuses its own (already_voided);
**   3. the events are decided in order exactly as the SQLite store decides
**      them, against what was read plus what this batch accepted so far (a
**      void may follow its sale in the batch), the document rules against
**      each original's HubUndo (read once, after the lock, then kept up to
**      date by the batch's own voids and refunds); ids claimed by events
**      that were turned away are given back;
**   4. the accepted documents go in with one COPY per raw table, routed to
**      their month partitions by the server (hub-store-pg-rows.c; COPY
**      cannot join a pipeline: two round trips each);
**   5. in one more pipeline (batch_close): the sync time, the rollups, all
**      of them in one statement (hub-store-pg-rollup.c: upserts in key
**      order, so two batches touching the same rows queue rather than
**      deadlock), and the commit.  The sync time moves only when some
**      event was stored or confirmed as a repeat.
** About 12 round trips for a batch of sales, where one statement a step
** was 19 (docs/BENCHMARKS.md).  The taxonomy is read with every batch
** rather than cached: in the pipeline it costs no round trip, and a code
** added by `market-hub taxonomy` counts from the next batch on every hub
** process, with nothing to invalidate.
** Unique keys decide exactly-once, not process memory: event_key and
** doc_key.  The month partitions the batch needs are made first, before
** any row is written (hub_pg_partition_ensure).
**
** A connection lost in the middle (the server restarted, the backend was
** terminated) fails the statement, the transaction is gone with it and the
** batch is refused whole with DB_UNREACHABLE: the till keeps its events
** and sends them again.
**
** The rules themselves are in ../hub-rules.c, the rollups' writing in
** hub-store-pg-rollup.c.
*/
#include "hub-store-pg.h"
#include "hub-rules-int.h"
#include "mb-clock.h"
#include <string.h>

/* A document stored before the batch, or accepted in it (sale set). */
typedef struct {
  int64_t stall;
  char kind[8];
  char day[MB_DAY_LEN];
  const PosSale *sale;       /* accepted in this batch: its lines; else NULL */
} KnownDoc;

/* The claim of an event id: given to the first event that stores itself. */
enum { CLAIM_FREE = 1, CLAIM_USED = 2 };

/* One batch of one stall, while it is decided and written. */
typedef struct {
  int64_t stall, market;
  int64_t now;
  char received_day[MB_DAY_LEN];
  GHashTable *docs;          /* doc id -> KnownDoc*, owned */
  GHashTable *claims;        /* event id -> CLAIM_* (borrowed keys) */
  GHashTable *refunded;      /* "original|line code" -> lines refunded in the batch */
  GHashTable *undos;         /* original id -> HubUndo*, owned: the document rules */
  GHashTable *codes;         /* the taxonomy's line codes (hub-rules-int.h) */
  HubPgRows rows;            /* the accepted events' raw rows, for COPY */
} Batch;

/* ---- What is stored already ------------------------------------------------------- */

/*
** The documents the batch names, in one query: a document id is looked up
** across markets, as the SQLite store's UNIQUE doc_id does; the original of
** a void or refund must be a sale of the same stall, which the caller
** checks on the KnownDoc.
*/
static guint docs_array(const GPtrArray *events, GString *array)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new();
  for (guint i = 0; i < events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status == HUB_STATUS_REJECTED || ev->doc == NULL)
      continue;
    g_ptr_array_add(ids, ev->doc->id);
    if (ev->doc->kind != POS_DOC_SALE)
      g_ptr_array_add(ids, ev->doc->original_id);
  }
  if (ids->len > 0)
    hub_pg_array_text(array, (const char *const *)ids->pdata, ids->len);
  return ids->len;
}

#define READ_DOCS \
  "SELECT doc_id, stall_id, kind, business_day FROM doc_key WHERE doc_id = ANY($1::text[])"

/* The rows of READ_DOCS into b->docs (transfer none: res stays the caller's). */
static void docs_take(Batch *b, const PGresult *res)
{
  for (int i = 0; i < PQntuples(res); i++) {
    KnownDoc *d = g_new0(KnownDoc, 1);
    d->stall = hub_pg_int(res, i, 1);
    g_strlcpy(d->kind, PQgetvalue(res, i, 2), sizeof d->kind);
    g_strlcpy(d->day, PQgetvalue(res, i, 3), sizeof d->day);
    /* one id in two markets: this stall's row is the one its checks need */
    const KnownDoc *had = g_hash_table_lookup(b->docs, PQgetvalue(res, i, 0));
    if (had == NULL || d->stall == b->stall)
      g_hash_table_insert(b->docs, g_strdup(PQgetvalue(res, i, 0)), d);
    else
      g_free(d);
  }
}

/* The documents again, after a claim or a lock waited for another transaction. */
static gboolean read_docs(HubPgConn *c, Batch *b, GPtrArray *events, GError **error)
{
  g_autoptr(GString) array = g_string_new(NULL);
  g_hash_table_remove_all(b->docs);
  if (docs_array(events, array) == 0)
    return TRUE;
  HubPgArgs a = {0};
  hub_pg_arg_text(&a, array->str);
  PGresult *res = hub_pg_exec(c, READ_DOCS, &a, "checking documents", error);
  if (res == NULL)
    return FALSE;
  docs_take(b, res);
  PQclear(res);
  return TRUE;
}

/* strcmp for sorting the ids of a claim. */
static int compare_ids(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
** The batch's event ids to claim, sorted (two batches claiming the same
** ids lock them in the same order); seen maps each to the event's own
** string.  Returns how many.
*/
static guint claim_array(const GPtrArray *events, GHashTable *seen, GString *array)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new();
  for (guint i = 0; i < events->len; i++) {
    HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status != HUB_STATUS_REJECTED && g_hash_table_add(seen, ev->id))
      g_ptr_array_add(ids, ev->id);
  }
  if (ids->len == 0)
    return 0;
  g_ptr_array_sort(ids, compare_ids);
  hub_pg_array_text(array, (const char *const *)ids->pdata, ids->len);
  return ids->len;
}

/*
** Claims every id at once, under the stall's market (no row when there is
** no such stall: the batch then fails NOT_FOUND and nothing stays).  The
** set-returning unnest over the one-row subquery keeps the sorted order.
*/
#define CLAIM_IDS \
  "INSERT INTO event_key(market_id, event_id)" \
  " SELECT m.market_id, unnest($2::text[]) FROM (SELECT market_id FROM stall WHERE id = $1) m" \
  " ON CONFLICT DO NOTHING RETURNING event_id"

/*
** The ids CLAIM_IDS returned are new; *taken says whether some id was
** claimed already, by a stored event or by a batch that was in flight on
** another connection.
*/
static void claim_take(Batch *b, const PGresult *res, GHashTable *seen, guint n,
                       gboolean *taken)
{
  for (int i = 0; i < PQntuples(res); i++) {
    const char *id = PQgetvalue(res, i, 0);
    char *mine = g_hash_table_lookup(seen, id);   /* the event's own string */
    g_hash_table_insert(b->claims, mine, GINT_TO_POINTER(CLAIM_FREE));
  }
  *taken = (guint)PQntuples(res) < n;
}

/* TRUE when the event's id was claimed and no event of the batch used it yet. */
static gboolean use_claim(Batch *b, const HubEvent *ev)
{
  if (GPOINTER_TO_INT(g_hash_table_lookup(b->claims, ev->id)) != CLAIM_FREE)
    return FALSE;
  g_hash_table_insert(b->claims, (gpointer)ev->id, GINT_TO_POINTER(CLAIM_USED));
  return TRUE;
}

/* Gives back the ids of events that were turned away after all. */
static gboolean release_claims(HubPgConn *c, Batch *b, GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new();
  GHashTableIter it;
  gpointer id, state;
  g_hash_table_iter_init(&it, b->claims);
  while (g_hash_table_iter_next(&it, &id, &state))
    if (GPOINTER_TO_INT(state) == CLAIM_FREE)
      g_ptr_array_add(ids, id);
  if (ids->len == 0)
    return TRUE;
  g_autoptr(GString) array = g_string_new(NULL);
  hub_pg_array_text(array, (const char *const *)ids->pdata, ids->len);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_text(&a, array->str);
  return hub_pg_run(c, "DELETE FROM event_key WHERE market_id = $1"
                       " AND event_id = ANY($2::text[])", &a, "releasing event ids", error);
}

/* ---- Deciding each event ------------------------------------------------------------- */

/*
** A refund takes lines off a receipt: the receipt stops containing line
** code X when the refunds of its original (this one included) have taken
** as many X lines as the original had, and did not before this refund.
** The SQLite store's rule; the refunds counted are those stored before the
** batch (read now: the batch's own rows are written at its end) plus this
** batch's so far, and the original's lines are the batch's own when it was
** accepted in the batch.
*/
static gboolean refund_receipts(HubPgConn *c, Batch *b, const KnownDoc *orig, const PosSale *s,
                                HubRollup *r, GError **error)
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
    hub_pg_arg_text(&a, orig->day);
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
    if (orig->sale != NULL) {
      n_orig = 0;
      for (guint i = 0; i < orig->sale->lines->len; i++)
        n_orig += strcmp(((const PosLine *)g_ptr_array_index(orig->sale->lines, i))->line_code,
                         code) == 0;
    }
    g_autofree char *key = g_strconcat(s->original_id, "|", (const char *)code, NULL);
    int64_t in_batch = GPOINTER_TO_INT(g_hash_table_lookup(b->refunded, key))
                       + GPOINTER_TO_INT(count);
    g_hash_table_insert(b->refunded, g_steal_pointer(&key), GINT_TO_POINTER((int)in_batch));
    n_refunded += in_batch;
    if (n_refunded >= n_orig && n_refunded - GPOINTER_TO_INT(count) < n_orig)
      hub_rollup_line(r, s->business_day, code)->receipts -= 1;
  }
  return TRUE;
}

/*
** Locks the stored originals the batch's voids and refunds name, in one
** statement in id order (two batches lock in the same order), so the
** document rules are judged against a still original; *locked says
** whether there were any.  Originals accepted in this batch need no lock:
** no other transaction sees them yet.
*/
static gboolean lock_originals(HubPgConn *c, Batch *b, GPtrArray *events, gboolean *locked,
                               GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new();
  for (guint i = 0; i < events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status == HUB_STATUS_REJECTED || ev->doc == NULL || ev->doc->kind == POS_DOC_SALE)
      continue;
    const KnownDoc *orig = g_hash_table_lookup(b->docs, ev->doc->original_id);
    if (orig != NULL && orig->stall == b->stall)
      g_ptr_array_add(ids, ev->doc->original_id);
  }
  *locked = ids->len > 0;
  if (ids->len == 0)
    return TRUE;
  g_autoptr(GString) array = g_string_new(NULL);
  hub_pg_array_text(array, (const char *const *)ids->pdata, ids->len);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_text(&a, array->str);
  PGresult *res = hub_pg_exec(c, "SELECT doc_id FROM doc_key WHERE market_id = $1"
                                 " AND doc_id = ANY($2::text[]) ORDER BY doc_id FOR UPDATE",
                              &a, "locking the originals", error);
  if (res == NULL)
    return FALSE;
  PQclear(res);
  return TRUE;
}

/* The taxonomy's codes, read with every batch (a dozen rows, no round trip of their own). */
#define READ_CODES "SELECT code FROM taxonomy"

static void codes_take(Batch *b, const PGresult *res)
{
  for (int i = 0; i < PQntuples(res); i++)
    g_hash_table_add(b->codes, g_strdup(PQgetvalue(res, i, 0)));
}

/*
** The original's HubUndo: made on the batch's first void or refund of it
** (its lines from the batch when the batch accepted it, else from
** doc_line; the voids and refunds stored against it), then kept by the
** batch, which hub_undo_admit updates with every one it admits.
*/
static HubUndo *undo_of(HubPgConn *c, Batch *b, const KnownDoc *orig, const char *orig_id,
                        GError **error)
{
  HubUndo *u = g_hash_table_lookup(b->undos, orig_id);
  if (u != NULL)
    return u;
  if (orig->sale != NULL) {
    u = hub_undo_new(orig->sale->lines->len);
    for (guint i = 0; i < orig->sale->lines->len; i++) {
      const PosLine *l = g_ptr_array_index(orig->sale->lines, i);
      hub_undo_sold(u, i, l->qty_milli, l->net);
    }
    g_hash_table_insert(b->undos, g_strdup(orig_id), u);
    return u;
  }
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, b->market);
  hub_pg_arg_text(&a, orig->day);
  hub_pg_arg_text(&a, orig_id);
  PGresult *res = hub_pg_exec(c, "SELECT line_no, qty_milli, net FROM doc_line"
                                 " WHERE market_id = $1 AND business_day = $2 AND doc_id = $3",
                              &a, "reading the original's lines", error);
  if (res == NULL)
    return NULL;
  g_autoptr(HubUndo) made = hub_undo_new((guint)PQntuples(res));
  for (int i = 0; i < PQntuples(res); i++) {
    int64_t no = hub_pg_int(res, i, 0);
    if (no >= 0 && no < PQntuples(res))
      hub_undo_sold(made, (guint)no, hub_pg_int(res, i, 1), hub_pg_int(res, i, 2));
  }
  PQclear(res);
  HubPgArgs k = {0};
  hub_pg_arg_int(&k, b->market);
  hub_pg_arg_text(&k, orig_id);
  hub_pg_arg_int(&k, b->stall);
  res = hub_pg_exec(c, "SELECT d.kind, l.refunded_from, l.qty_milli, l.net FROM doc d"
                       " JOIN doc_line l ON l.market_id = d.market_id"
                       " AND l.business_day = d.business_day AND l.doc_id = d.doc_id"
                       " WHERE d.market_id = $1 AND d.original_id = $2 AND d.stall_id = $3",
                    &k, "reading the original's voids and refunds", error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples(res); i++)
    hub_undo_stored(made, PQgetvalue(res, i, 0), (int)hub_pg_int(res, i, 1),
                    hub_pg_int(res, i, 2), hub_pg_int(res, i, 3));
  PQclear(res);
  u = g_steal_pointer(&made);
  g_hash_table_insert(b->undos, g_strdup(orig_id), u);
  return u;
}

/*
** Every check that can turn the event away comes before it is stored, in
** the SQLite store's order: a repeat or another stall's document, the
** original, the taxonomy's line codes, the document rules.
*/
static gboolean ingest_doc(HubPgConn *c, Batch *b, HubEvent *ev, HubRollup *r, GError **error)
{
  const PosSale *s = ev->doc;
  const KnownDoc *known = g_hash_table_lookup(b->docs, s->id);
  if (known) {
    if (known->stall == b->stall)
      ev->status = HUB_STATUS_DUPLICATE;
    else
      hub_event_reject(ev, SYNC_WIRE_WRONG_STALL, "document %s belongs to another stall", s->id);
    return TRUE;
  }
  const KnownDoc *orig = NULL;
  if (s->kind != POS_DOC_SALE) {
    orig = g_hash_table_lookup(b->docs, s->original_id);
    if (orig == NULL || orig->stall != b->stall || strcmp(orig->kind, "sale") != 0) {
      hub_event_reject(ev, SYNC_WIRE_UNKNOWN_ORIGINAL, "the hub has no sale %s of this stall",
                       s->original_id);
      return TRUE;
    }
  }
  if (!hub_lines_known(b->codes, ev))
    return TRUE;
  HubUndo *undo = NULL;
  if (orig != NULL) {
    undo = undo_of(c, b, orig, s->original_id, error);
    if (undo == NULL)
      return FALSE;
  }
  /* a repeat by event id is a duplicate, not judged; a refused one keeps its claim free */
  if (GPOINTER_TO_INT(g_hash_table_lookup(b->claims, ev->id)) != CLAIM_FREE) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  if (undo != NULL && !hub_undo_admit(undo, ev))
    return TRUE;
  use_claim(b, ev);
  hub_pg_rows_event(&b->rows, b->market, b->stall, ev, s->id, b->now, b->received_day);
  hub_pg_rows_doc(&b->rows, b->market, b->stall, ev, b->now);
  KnownDoc *mine = g_new0(KnownDoc, 1);
  mine->stall = b->stall;
  g_strlcpy(mine->kind, pos_doc_kind_name(s->kind), sizeof mine->kind);
  g_strlcpy(mine->day, s->business_day, sizeof mine->day);
  mine->sale = s;
  g_hash_table_insert(b->docs, g_strdup(s->id), mine);
  hub_rollup_doc(r, s, ev->skewed);
  if (s->kind == POS_DOC_REFUND && !refund_receipts(c, b, orig, s, r, error))
    return FALSE;
  ev->status = HUB_STATUS_ACCEPTED;
  return TRUE;
}

/* Products upsert by stall and PLU; an older event never overwrites a newer one. */
static gboolean ingest_product(HubPgConn *c, Batch *b, HubEvent *ev, GError **error)
{
  const PosProduct *p = ev->product;
  char ref[16];
  g_snprintf(ref, sizeof ref, "%d", p->plu);
  if (!hub_lines_known(b->codes, ev))
    return TRUE;
  if (!use_claim(b, ev)) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  hub_pg_rows_event(&b->rows, b->market, b->stall, ev, ref, b->now, b->received_day);
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

/*
** A Z report is one per stall, day and number: a resend under a new id is a
** repeat.  Written at once (rare), so a second one in the batch sees it.
*/
static gboolean ingest_close(HubPgConn *c, Batch *b, HubEvent *ev, GError **error)
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
  if (seen || !use_claim(b, ev)) {
    ev->status = HUB_STATUS_DUPLICATE;
    return TRUE;
  }
  char ref[24];
  g_snprintf(ref, sizeof ref, "%s#%d", z->business_day, z->z_no);
  hub_pg_rows_event(&b->rows, b->market, b->stall, ev, ref, b->now, b->received_day);
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

/* ---- The batch ------------------------------------------------------------------------ */

/*
** The months whose partitions the batch may write and this process has
** not seen made yet: the received day's and every document's business
** day's (transfer full).  Usually none, and then the batch needs no
** statement for them.
*/
static GPtrArray *months_unknown(HubPgStore *ps, const Batch *b, GPtrArray *events)
{
  GPtrArray *months = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i <= events->len; i++) {
    const char *day = b->received_day;
    if (i > 0) {
      const HubEvent *ev = g_ptr_array_index(events, i - 1);
      if (ev->status == HUB_STATUS_REJECTED || ev->doc == NULL)
        continue;
      day = ev->doc->business_day;
    }
    char month[8];
    g_strlcpy(month, day, sizeof month);
    g_mutex_lock(&ps->months_lock);
    gboolean known = g_hash_table_contains(ps->months, month);
    g_mutex_unlock(&ps->months_lock);
    if (known || g_hash_table_contains(listed, month))
      continue;
    char *m = g_strdup(month);
    g_ptr_array_add(months, m);
    g_hash_table_add(listed, m);
  }
  return months;
}

/*
** Step 1 of the file's comment, one round trip (a pipeline): the
** transaction's start, the stall's market, the taxonomy's codes, the
** documents the batch names and the claim of its event ids.  begun says
** that the transaction was started already (to make month partitions).
** The lookups are index scans because the tables have statistics
** (hub-store-pg-stats.c), not because the planner is told so.
*/
static gboolean batch_open(HubPgConn *c, Batch *b, GPtrArray *events, gboolean begun,
                           gboolean *taken, GError **error)
{
  g_autoptr(GString) docs = g_string_new(NULL);
  g_autoptr(GString) ids = g_string_new(NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  guint n_docs = docs_array(events, docs);
  guint n_ids = claim_array(events, seen, ids);
  HubPgStatement st[5];
  memset(st, 0, sizeof st);
  guint n = 0, at_market, at_codes, at_docs = 0, at_claim = 0;
  if (!begun)
    st[n++].sql = c->importing ? "SAVEPOINT batch" : "BEGIN";
  at_market = n;
  st[n].sql = "SELECT market_id FROM stall WHERE id = $1";
  hub_pg_arg_int(&st[n++].args, b->stall);
  at_codes = n;
  st[n++].sql = READ_CODES;
  if (n_docs > 0) {
    at_docs = n;
    st[n].sql = READ_DOCS;
    hub_pg_arg_text(&st[n++].args, docs->str);
  }
  if (n_ids > 0) {
    at_claim = n;
    st[n].sql = CLAIM_IDS;
    hub_pg_arg_int(&st[n].args, b->stall);
    hub_pg_arg_text(&st[n++].args, ids->str);
  }
  if (!hub_pg_pipeline(c, st, n, "checking the batch", error))
    return FALSE;
  gboolean found = PQntuples(st[at_market].result) > 0;
  b->market = found ? hub_pg_int(st[at_market].result, 0, 0) : 0;
  codes_take(b, st[at_codes].result);
  g_hash_table_remove_all(b->docs);
  if (at_docs > 0)
    docs_take(b, st[at_docs].result);
  *taken = FALSE;
  if (at_claim > 0)
    claim_take(b, st[at_claim].result, seen, n_ids, taken);
  for (guint i = 0; i < n; i++)
    PQclear(st[i].result);
  if (!found)
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no stall with id %" G_GINT64_FORMAT,
                b->stall);
  return found;
}

/*
** The batch's last round trip (a pipeline): the sync time when some event
** was stored or confirmed as a repeat, the rollups, and the commit (the
** savepoint's release while importing).  A statement that fails makes the
** server skip the rest, the commit included.
*/
static gboolean batch_close(HubPgConn *c, Batch *b, gboolean synced, const HubRollup *r,
                            GError **error)
{
  HubPgStatement st[3];
  memset(st, 0, sizeof st);
  guint n = 0;
  if (synced) {
    st[n].sql = "UPDATE stall SET last_sync_ms = $2 WHERE id = $1";
    hub_pg_arg_int(&st[n].args, b->stall);
    hub_pg_arg_int(&st[n++].args, b->now);
  }
  g_autoptr(GPtrArray) keep = NULL;   /* the texts the rollup's arguments borrow */
  if (hub_pg_rollup_statement(b->market, b->stall, r, &st[n], &keep))
    n++;
  st[n++].sql = c->importing ? "RELEASE SAVEPOINT batch" : "COMMIT";
  if (!hub_pg_pipeline(c, st, n, "storing the batch", error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    PQclear(st[i].result);
  return TRUE;
}

/*
** Steps 2 to 5 of the file's comment, after batch_open.  When some id was
** claimed already, the documents are read again after the claim: the
** claim waited for any transaction in flight with those ids, whose
** documents are visible now, so a retried batch whose first try committed
** meanwhile is decided against it (its events duplicates, its voids'
** originals found).
*/
static gboolean ingest_tx(HubPgConn *c, Batch *b, GPtrArray *events, gboolean taken,
                          HubRollup *r, GError **error)
{
  gboolean locked = FALSE, synced = FALSE;
  if (!lock_originals(c, b, events, &locked, error)
      || ((taken || locked) && !read_docs(c, b, events, error)))
    return FALSE;
  for (guint i = 0; i < events->len; i++) {
    HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status == HUB_STATUS_REJECTED)
      continue;
    gboolean ok = ev->kind == HUB_EVENT_PRODUCT     ? ingest_product(c, b, ev, error)
                  : ev->kind == HUB_EVENT_DAY_CLOSE ? ingest_close(c, b, ev, error)
                                                    : ingest_doc(c, b, ev, r, error);
    if (!ok)
      return FALSE;
    synced |= ev->status != HUB_STATUS_REJECTED;
  }
  return release_claims(c, b, error) && hub_pg_rows_write(c, &b->rows, error)
         && batch_close(c, b, synced, r, error);
}

static void batch_clear(Batch *b)
{
  g_hash_table_unref(b->docs);
  g_hash_table_unref(b->claims);
  g_hash_table_unref(b->refunded);
  g_hash_table_unref(b->undos);
  g_hash_table_unref(b->codes);
  hub_pg_rows_clear(&b->rows);
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
  b.docs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  b.claims = g_hash_table_new(g_str_hash, g_str_equal);
  b.refunded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  b.undos = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify)hub_undo_free);
  b.codes = hub_line_codes_new();
  hub_pg_rows_init(&b.rows);
  HubRollup r;
  hub_rollup_init(&r);
  b.stall = stall_id;
  b.now = received_ms;
  mb_clock_business_day(received_ms, b.received_day);
  /*
   * Partitions are made first, in the transaction, before any id is
   * claimed (a claim holds event_key rows that another batch making the
   * same partition could wait on).
   */
  g_autoptr(GPtrArray) made = months_unknown(ps, &b, events);
  gboolean begun = made->len > 0, taken = FALSE;
  gboolean ok = !begun || hub_pg_begin(c, error);
  for (guint i = 0; ok && i < made->len; i++)
    ok = hub_pg_partition_ensure(c, g_ptr_array_index(made, i), error);
  ok = ok && batch_open(c, &b, events, begun, &taken, error)
       && ingest_tx(c, &b, events, taken, &r, error);
  if (!ok) {
    hub_pg_rollback(c);
  } else {
    g_mutex_lock(&ps->months_lock);
    for (guint i = 0; i < made->len; i++)
      g_hash_table_add(ps->months, g_strdup(g_ptr_array_index(made, i)));
    g_mutex_unlock(&ps->months_lock);
    if (!c->importing)
      hub_pg_stats_ingested(ps, c, events->len);
  }
  hub_rollup_clear(&r);
  batch_clear(&b);
  hub_pg_release(store, c);
  return ok;
}
