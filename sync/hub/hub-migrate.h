/*
** hub-migrate.h: moving a hub from one store to another (`market-hub
** migrate`): SQLite to PostgreSQL and back, or between two of a kind.
**
** The registry is copied with its ids and token hashes (the tills keep
** their tokens), the taxonomy replaces the target's, and every stored
** event is replayed through the target's own ingest, so the rollups are
** built by the same code as for a till's batch and the exactly-once keys
** come along.  All of it is one transaction on the target
** (hub_store_import_begin): a failure anywhere leaves the target as empty
** as it was, and a SQLite target the migration created is removed.  Then
** the counts and won of every stall's days are read back from both hubs
** and compared.
*/
#ifndef HUB_MIGRATE_H
#define HUB_MIGRATE_H

#include "hub-store.h"

G_BEGIN_DECLS

/* Called after each stall: how many are done, of how many, events so far. */
typedef void (*HubMigrateProgress)(const char *stall_code, guint stall_no, guint n_stalls,
                                   guint64 events, gpointer data);

/*
** Copies the hub from into the hub to (database strings as for
** hub_store_open; to is created when it does not exist).  Refuses the
** same database twice (MIGRATE_SAME), a target holding anything
** (TARGET_NOT_EMPTY), a source that is no hub or of a newer schema
** (NOT_A_DB, NOT_INITIALISED, SCHEMA).  An event the target does not
** accept as new, or any difference of the comparison afterwards, is
** MIGRATE_MISMATCH.  *summary (transfer full) gets the JSON summary
** whenever the copy was committed, also with MIGRATE_MISMATCH; else NULL.
*/
gboolean hub_migrate(const char *from, const char *to, HubMigrateProgress progress,
                     gpointer data, char **summary, GError **error);

G_END_DECLS
#endif
