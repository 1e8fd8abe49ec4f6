/*
** hub-seed.h: filling a hub with the demo world (`market-hub seed`).
*/
#ifndef HUB_SEED_H
#define HUB_SEED_H

#include "hub-store.h"
#include "seed-gen.h"

G_BEGIN_DECLS

typedef struct {
  guint markets, stalls;        /* registered now (not counting existing ones) */
  guint64 documents;            /* generated */
  guint64 accepted, duplicates; /* as the ingest answered */
  double seconds;               /* generation and ingest, wall clock */
} HubSeedStats;

/*
** Told after each batch is stored: the stall it belonged to (transfer none),
** that stall's place in the world (1..n_stalls, the never-synced one
** included) and the documents stored so far.  Stalls come in order, market
** by market.
*/
typedef void (*HubSeedProgress)(const SeedStall *stall, guint stall_no, guint n_stalls,
                                guint64 documents, gpointer user_data);

/*
** Registers the world's markets and stalls (keeping those that exist) and
** feeds every generated document through hub_store_ingest, a stall's batch
** per transaction, with the rollups, exactly as a synced till would.  A
** second run with the same options stores nothing new: every document comes
** back DUPLICATE.  progress may be NULL.
*/
gboolean hub_seed_run(HubStore *store, const SeedOptions *options, HubSeedProgress progress,
                      gpointer progress_data, HubSeedStats *stats, GError **error);

G_END_DECLS
#endif
