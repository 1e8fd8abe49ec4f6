/*
** hub-store.c: the public hub_store_* functions, each a call through the
** store's backend table (internal/hub-store-int.h), and the choice of the
** backend when a store opens.
**
** The choice is made from the database string alone, as libpq and the
** operator see it: a URI with the postgresql:// or postgres:// scheme, or
** a libpq keyword/value string ("host=/run/pg dbname=hub": it starts with
** a word and '='), is a PostgreSQL database; anything else is the path of
** a SQLite file.  A file name that begins "word=" would be read as libpq
** keywords; "./word=x" still names the file.
*/
#include "hub-store-int.h"
#include <string.h>

/*
** A libpq keyword is letters and '_' (dbname, host, sslmode...); the first
** non-space run ending in '=' marks a keyword/value string.
*/
gboolean hub_store_is_postgres(const char *db)
{
  if (db == NULL)
    return FALSE;
  if (g_str_has_prefix(db, "postgresql://") || g_str_has_prefix(db, "postgres://"))
    return TRUE;
  const char *p = db;
  while (*p == ' ' || *p == '\t')
    p++;
  const char *word = p;
  while (g_ascii_isalpha(*p) || *p == '_')
    p++;
  while (*p == ' ')
    p++;
  return p > word && *p == '=';
}

HubStore *hub_store_open(const char *db, HubOpenMode mode, guint n_readers, GError **error)
{
  if (db == NULL || *db == '\0') {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "no hub database given");
    return NULL;
  }
  if (hub_store_is_postgres(db))
    return hub_pg_open(db, mode, n_readers, error);
  return hub_sqlite_open(db, mode, n_readers, error);
}

gboolean hub_store_backup(const char *db, const char *dest, GError **error)
{
  return hub_store_is_postgres(db) ? hub_pg_backup(db, dest, error)
                                   : hub_sqlite_backup(db, dest, error);
}

gboolean hub_store_restore(const char *db, const char *from, GError **error)
{
  return hub_store_is_postgres(db) ? hub_pg_restore(db, from, error)
                                   : hub_sqlite_restore(db, from, error);
}

/* NULL-safe, for g_autoptr. */
void hub_store_close(HubStore *store)
{
  if (store != NULL)
    store->backend->close(store);
}

int hub_store_schema_version(HubStore *store)
{
  return store->backend->schema_version(store);
}

int hub_store_schema_version_of(gboolean postgres)
{
  return postgres ? hub_pg_schema_version(NULL) : hub_sqlite_schema_version(NULL);
}

/* The rest forward one to one. */

gboolean hub_store_cache_readers(HubStore *store, guint mib, GError **error)
{
  return store->backend->cache_readers(store, mib, error);
}

gboolean hub_store_ping(HubStore *store, GError **error)
{
  return store->backend->ping(store, error);
}

gboolean hub_store_data_version(HubStore *store, char out[HUB_DATA_VERSION_LEN], GError **error)
{
  return store->backend->data_version(store, out, error);
}

gboolean hub_store_market_add(HubStore *store, const char *code, const char *name,
                              GError **error)
{
  return store->backend->market_add(store, code, name, error);
}

GPtrArray *hub_store_market_list(HubStore *store, GError **error)
{
  return store->backend->market_list(store, error);
}

gboolean hub_store_stall_add(HubStore *store, const char *code, const char *market_code,
                             const char *name, GError **error)
{
  return store->backend->stall_add(store, code, market_code, name, error);
}

GPtrArray *hub_store_stall_list(HubStore *store, const char *market_code, GError **error)
{
  return store->backend->stall_list(store, market_code, error);
}

HubStall *hub_store_stall_get(HubStore *store, const char *code, GError **error)
{
  return store->backend->stall_get(store, code, error);
}

gboolean hub_store_user_add(HubStore *store, const char *name, HubRole role,
                            const char *const *market_codes, char **token,
                            GError **error)
{
  return store->backend->user_add(store, name, role, market_codes, token, error);
}

gboolean hub_store_user_token(HubStore *store, const char *name, char **token,
                              GError **error)
{
  return store->backend->user_token(store, name, token, error);
}

gboolean hub_store_user_revoke(HubStore *store, const char *name, guint *n_tokens,
                               GError **error)
{
  return store->backend->user_revoke(store, name, n_tokens, error);
}

GPtrArray *hub_store_user_list(HubStore *store, GError **error)
{
  return store->backend->user_list(store, error);
}

gboolean hub_store_device_revoke(HubStore *store, const char *stall_code,
                                 const char *device_id, guint *n_tokens, GError **error)
{
  return store->backend->device_revoke(store, stall_code, device_id, n_tokens, error);
}

HubPrincipal *hub_store_authenticate(HubStore *store, const char *token, GError **error)
{
  return store->backend->authenticate(store, token, error);
}

gboolean hub_store_enroll_code_new(HubStore *store, const char *stall_code,
                                   int64_t now_ms, char **code, int64_t *expires_ms,
                                   GError **error)
{
  return store->backend->enroll_code_new(store, stall_code, now_ms, code, expires_ms, error);
}

gboolean hub_store_enroll(HubStore *store, const char *code, const char *device_id,
                          int64_t now_ms, char **token, HubStall **stall,
                          GError **error)
{
  return store->backend->enroll(store, code, device_id, now_ms, token, stall, error);
}

gboolean hub_store_taxonomy_import(HubStore *store, GPtrArray *lines, GError **error)
{
  return store->backend->taxonomy_import(store, lines, error);
}

GPtrArray *hub_store_taxonomy_list(HubStore *store, GError **error)
{
  return store->backend->taxonomy_list(store, error);
}

gboolean hub_store_ingest(HubStore *store, int64_t stall_id, GPtrArray *events,
                          int64_t received_ms, GError **error)
{
  return store->backend->ingest(store, stall_id, events, received_ms, error);
}

gboolean hub_store_summary(HubStore *store, int64_t stall_id, const char *from,
                           const char *to, HubSummary *out, GError **error)
{
  return store->backend->summary(store, stall_id, from, to, out, error);
}

gboolean hub_store_receipt(HubStore *store, const char *doc_id, char **json,
                           HubStall **stall, GError **error)
{
  return store->backend->receipt(store, doc_id, json, stall, error);
}

gboolean hub_store_sync_windows(HubStore *store, int64_t now_ms, const int64_t *windows,
                                guint n_windows, int64_t *counts, int64_t *n_stalls,
                                GError **error)
{
  return store->backend->sync_windows(store, now_ms, windows, n_windows, counts, n_stalls, error);
}

AnDataset *hub_store_dataset(HubStore *store, const char *market_code,
                             const AnPeriod *periods, guint n_periods, HubDatasetNeeds needs,
                             GError **error)
{
  return store->backend->dataset(store, market_code, periods, n_periods, needs, error);
}

HubRegistry *hub_store_export_registry(HubStore *store, GError **error)
{
  return store->backend->export_registry(store, error);
}

GPtrArray *hub_store_export_events(HubStore *store, int64_t stall_id, GError **error)
{
  return store->backend->export_events(store, stall_id, error);
}

GPtrArray *hub_store_export_totals(HubStore *store, GError **error)
{
  return store->backend->export_totals(store, error);
}

gboolean hub_store_import_begin(HubStore *store, const HubRegistry *reg, GError **error)
{
  return store->backend->import_begin(store, reg, error);
}

gboolean hub_store_import_end(HubStore *store, const HubRegistry *reg, gboolean commit,
                              GError **error)
{
  return store->backend->import_end(store, reg, commit, error);
}
