/*
** hub-store-int.h: the seam between the store interface (hub-store.h) and
** its backends, private to sync/hub/ and its backend folders.
**
** The method is curl's lib/vtls/: one public API, a table of function
** pointers per backend.  Every backend's store struct begins with a
** HubStore, whose only member is the backend's table; hub-store.c
** implements each hub_store_* by calling through store->backend, and
** hub_store_open picks the backend from the database string
** (hub_store_is_postgres).  A backend's operations receive the HubStore
** they were opened as and cast it to their own struct, which is safe
** because the HubStore is that struct's first member.
**
** Ownership is the public header's (hub-store.h) for every operation:
** what hub_store_x returns with "transfer full" the backend's x returns
** the same way.  The tables themselves are static and never freed
** (transfer none).
*/
#ifndef HUB_STORE_INT_H
#define HUB_STORE_INT_H

#include "hub-store.h"
#include "hub-engagement.h"
#include "hub-onnuri.h"

G_BEGIN_DECLS

/* One function per hub_store_* operation, same arguments and ownership. */
typedef struct {
  void (*close)(HubStore *store);
  int (*schema_version)(HubStore *store);
  gboolean (*cache_readers)(HubStore *store, guint mib, GError **error);
  gboolean (*ping)(HubStore *store, GError **error);
  gboolean (*data_version)(HubStore *store, char out[HUB_DATA_VERSION_LEN], GError **error);
  gboolean (*market_add)(HubStore *store, const char *code, const char *name,
                         GError **error);
  GPtrArray *(*market_list)(HubStore *store, GError **error);
  gboolean (*stall_add)(HubStore *store, const char *code, const char *market_code,
                        const char *name, GError **error);
  GPtrArray *(*stall_list)(HubStore *store, const char *market_code, GError **error);
  HubStall *(*stall_get)(HubStore *store, const char *code, GError **error);
  gboolean (*user_add)(HubStore *store, const char *name, HubRole role,
                       const char *const *market_codes, char **token, GError **error);
  gboolean (*user_token)(HubStore *store, const char *name, char **token, GError **error);
  gboolean (*user_revoke)(HubStore *store, const char *name, guint *n_tokens,
                          GError **error);
  GPtrArray *(*user_list)(HubStore *store, GError **error);
  gboolean (*device_revoke)(HubStore *store, const char *stall_code, const char *device_id,
                            guint *n_tokens, GError **error);
  HubPrincipal *(*authenticate)(HubStore *store, const char *token, GError **error);
  gboolean (*enroll_code_new)(HubStore *store, const char *stall_code, int64_t now_ms,
                              char **code, int64_t *expires_ms, GError **error);
  gboolean (*enroll)(HubStore *store, const char *code, const char *device_id,
                     int64_t now_ms, char **token, HubStall **stall, GError **error);
  gboolean (*taxonomy_import)(HubStore *store, GPtrArray *lines, GError **error);
  GPtrArray *(*taxonomy_list)(HubStore *store, GError **error);
  gboolean (*ingest)(HubStore *store, int64_t stall_id, GPtrArray *events,
                     int64_t received_ms, GError **error);
  gboolean (*summary)(HubStore *store, int64_t stall_id, const char *from, const char *to,
                      HubSummary *out, GError **error);
  gboolean (*receipt)(HubStore *store, const char *doc_id, char **json, HubStall **stall,
                      GError **error);
  gboolean (*sync_windows)(HubStore *store, int64_t now_ms, const int64_t *windows,
                           guint n_windows, int64_t *counts, int64_t *n_stalls,
                           GError **error);
  AnDataset *(*dataset)(HubStore *store, const char *market_code, const AnPeriod *periods,
                        guint n_periods, HubDatasetNeeds needs, GError **error);
  /* hub-engagement.h: checked arguments (hub-engagement.c), deduplicated stalls */
  gboolean (*engagement_add)(HubStore *store, const char *market_code,
                             const char *const *stalls, guint n_stalls, const char *start,
                             const char *label, int64_t *id, GError **error);
  GPtrArray *(*engagement_list)(HubStore *store, const char *market_code, int64_t id,
                                GError **error);
  /* hub-onnuri.h: the market's sales with an Onnuri tender, checked arguments */
  GArray *(*onnuri_receipts)(HubStore *store, const char *market_code, const char *from,
                             const char *to, GError **error);
  HubRegistry *(*export_registry)(HubStore *store, GError **error);
  GPtrArray *(*export_events)(HubStore *store, int64_t stall_id, GError **error);
  GPtrArray *(*export_totals)(HubStore *store, GError **error);
  gboolean (*import_begin)(HubStore *store, const HubRegistry *reg, GError **error);
  gboolean (*import_end)(HubStore *store, const HubRegistry *reg, gboolean commit,
                         GError **error);
} HubStoreBackend;

/*
** export_totals's sums, the same for both backends: a table keyed by
** stall and day (hub_day_totals_table, transfer full), counts and won
** added per kind ("sale", "void", "refund", "day_close", or "event" with
** day "" for a stall's events of every kind), then the rows by stall and
** day (hub_day_totals_sorted: HubDayTotals*, transfer full; the table
** keeps nothing).
*/
GHashTable *hub_day_totals_table(void);
/*
** Building a registry's engagements while exporting (hub-common.c): a new
** row (transfer none, the registry owns it), then each (engagement,
** stall) pair in engagement order; FALSE for a pair of no engagement.
*/
HubEngagementRow *hub_registry_add_engagement(HubRegistry *r);
gboolean hub_registry_add_engagement_stall(HubRegistry *r, guint *cursor, int64_t engagement_id,
                                           int64_t stall_id);
void hub_day_totals_add(GHashTable *table, int64_t stall_id, const char *day,
                        const char *kind, int64_t n, int64_t won);
GPtrArray *hub_day_totals_sorted(GHashTable *table);

/* The head of every backend's store struct. */
struct HubStore {
  const HubStoreBackend *backend;
};

/*
** The backends' constructors, as hub_store_open; each returns its struct's
** HubStore head.  Transfer full.
*/
HubStore *hub_sqlite_open(const char *path, HubOpenMode mode, guint n_readers,
                          GError **error);
HubStore *hub_pg_open(const char *conninfo, HubOpenMode mode, guint n_readers,
                      GError **error);
/*
** Backup and restore of a database string of each kind, as
** hub_store_backup and hub_store_restore (they work on a string, not on
** an open store: restore replaces or fills the database).
*/
gboolean hub_sqlite_backup(const char *path, const char *dest, GError **error);
gboolean hub_sqlite_restore(const char *path, const char *from, GError **error);
gboolean hub_pg_backup(const char *conninfo, const char *dest, GError **error);
gboolean hub_pg_restore(const char *conninfo, const char *from, GError **error);
/* What each backend writes, for any store of its kind (NULL is fine). */
int hub_sqlite_schema_version(HubStore *store);
int hub_pg_schema_version(HubStore *store);

G_END_DECLS
#endif
