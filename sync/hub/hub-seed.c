/*
** hub-seed.c: the demo world through the real ingest path.
**
** The generator hands over a stall's documents a few thousand at a time;
** each batch becomes HubEvents (the document's own id doubles as the event
** id, as it is unique and repeatable) with their JSON for the receipt page,
** and goes to hub_store_ingest in one transaction.  Receive time is the
** document's device time plus a few seconds, so "last sync" and skew look
** like a till that synced as it sold.  After each batch the caller's
** progress callback hears how far the world is done.
*/
#include "hub-seed.h"
#include "wire-codec.h"

/* What the ingest needs of a stall: its hub id and its place in the world. */
typedef struct {
  int64_t id;
  guint no;                    /* 1..n */
} StallSlot;

typedef struct {
  HubStore *store;
  GHashTable *stall_slots;     /* stall code -> StallSlot */
  guint n_stalls;
  HubSeedProgress progress;
  gpointer progress_data;
  HubSeedStats *stats;
} SeedCtx;

/* Adds a market or stall unless it exists; TRUE when it is there now. */
static gboolean keep_existing(gboolean added, GError **local, guint *count, GError **error)
{
  if (added) {
    (*count)++;
    return TRUE;
  }
  if (g_error_matches(*local, HUB_ERROR, HUB_ERROR_EXISTS)) {
    g_clear_error(local);
    return TRUE;
  }
  g_propagate_error(error, g_steal_pointer(local));
  return FALSE;
}

static gboolean register_world(SeedCtx *ctx, SeedWorld *w, GError **error)
{
  GPtrArray *markets = seed_world_markets(w), *stalls = seed_world_stalls(w);
  for (guint i = 0; i < markets->len; i++) {
    const SeedMarket *m = g_ptr_array_index(markets, i);
    GError *local = NULL;
    if (!keep_existing(hub_store_market_add(ctx->store, m->code, m->name, &local), &local,
                       &ctx->stats->markets, error))
      return FALSE;
  }
  for (guint i = 0; i < stalls->len; i++) {
    const SeedStall *s = g_ptr_array_index(stalls, i);
    GError *local = NULL;
    if (!keep_existing(hub_store_stall_add(ctx->store, s->code, s->market_code, s->name, &local),
                       &local, &ctx->stats->stalls, error))
      return FALSE;
    g_autoptr(HubStall) st = hub_store_stall_get(ctx->store, s->code, error);
    if (st == NULL)
      return FALSE;
    StallSlot slot = {st->id, i + 1};
    g_hash_table_insert(ctx->stall_slots, g_strdup(s->code), g_memdup2(&slot, sizeof slot));
  }
  ctx->n_stalls = stalls->len;
  return TRUE;
}

/* Takes the documents out of the generator's batch and ingests them. */
static gboolean ingest_batch(const SeedStall *stall, GPtrArray *docs, gpointer data,
                             GError **error)
{
  SeedCtx *ctx = data;
  const StallSlot *slot = g_hash_table_lookup(ctx->stall_slots, stall->code);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
  int64_t last_ms = 0;
  for (guint i = 0; i < docs->len; i++) {
    PosSale *doc = g_ptr_array_index(docs, i);
    docs->pdata[i] = NULL;   /* the event owns it now */
    HubEvent *ev = hub_event_new();
    g_strlcpy(ev->id, doc->id, sizeof ev->id);
    ev->kind = doc->kind == POS_DOC_SALE   ? HUB_EVENT_SALE
               : doc->kind == POS_DOC_VOID ? HUB_EVENT_VOID
                                           : HUB_EVENT_REFUND;
    ev->device_time_ms = doc->device_time_ms;
    g_autoptr(cJSON) j = wire_sale_to_json(doc);
    ev->json = wire_json_print(j);
    ev->doc = doc;
    last_ms = MAX(last_ms, doc->device_time_ms);
    g_ptr_array_add(events, ev);
  }
  if (!hub_store_ingest(ctx->store, slot->id, events, last_ms + 5000, error))
    return FALSE;
  for (guint i = 0; i < events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(events, i);
    ctx->stats->accepted += ev->status == HUB_STATUS_ACCEPTED;
    ctx->stats->duplicates += ev->status == HUB_STATUS_DUPLICATE;
    if (ev->status == HUB_STATUS_REJECTED) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "seed document %s rejected: %s: %s",
                  ev->id, ev->code, ev->message ? ev->message : "");
      return FALSE;
    }
  }
  if (ctx->progress)
    ctx->progress(stall, slot->no, ctx->n_stalls, ctx->stats->accepted + ctx->stats->duplicates,
                  ctx->progress_data);
  return TRUE;
}

gboolean hub_seed_run(HubStore *store, const SeedOptions *options, HubSeedProgress progress,
                      gpointer progress_data, HubSeedStats *stats, GError **error)
{
  HubSeedStats s = {0};
  int64_t t0 = g_get_monotonic_time();
  g_autoptr(SeedWorld) w = seed_world_new(options, error);
  if (w == NULL)
    return FALSE;
  g_autoptr(GHashTable) slots = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  SeedCtx ctx = {store, slots, 0, progress, progress_data, &s};
  if (!register_world(&ctx, w, error)
      || !seed_world_generate(w, ingest_batch, &ctx, &s.documents, error))
    return FALSE;
  s.seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  if (stats)
    *stats = s;
  return TRUE;
}
