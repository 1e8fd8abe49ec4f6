/*
** hub-report-cache.c: the hub's reports kept per question while the data
** stands (hub-report-cache.h).
**
** One table from the question's text to the bytes, all of one data
** version, and a queue of the keys in the order they came in for evicting
** the oldest past the byte limit.  One mutex guards both; a report is
** built outside it, so two requests for a new report both build it (the
** second simply replaces the first) and a slow PDF never holds up another
** answer.
*/
#include "hub-report-cache.h"
#include <string.h>

struct HubReportCache {
  GMutex lock;
  GHashTable *reports;    /* key text -> GBytes, owned */
  GQueue order;           /* key texts (the table's own), oldest first */
  char version[HUB_DATA_VERSION_LEN]; /* of every entry; "" when empty */
  gsize bytes, max_bytes;
};

HubReportCache *hub_report_cache_new(gsize max_bytes)
{
  HubReportCache *c = g_new0(HubReportCache, 1);
  g_mutex_init(&c->lock);
  c->reports = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_bytes_unref);
  g_queue_init(&c->order);
  c->max_bytes = max_bytes;
  return c;
}

void hub_report_cache_free(HubReportCache *c)
{
  if (c == NULL)
    return;
  g_queue_clear(&c->order);
  g_hash_table_unref(c->reports);
  g_mutex_clear(&c->lock);
  g_free(c);
}

/* Under the lock: every entry goes (the data changed). */
static void drop_all(HubReportCache *c)
{
  g_queue_clear(&c->order);
  g_hash_table_remove_all(c->reports);
  c->bytes = 0;
}

/* Under the lock: the oldest entries go until there is room for need bytes. */
static void make_room(HubReportCache *c, gsize need)
{
  while (c->bytes + need > c->max_bytes && !g_queue_is_empty(&c->order)) {
    char *key = g_queue_pop_head(&c->order);
    GBytes *b = g_hash_table_lookup(c->reports, key);
    c->bytes -= g_bytes_get_size(b);
    g_hash_table_remove(c->reports, key);   /* frees key */
  }
}

/* Under the lock: replaces an entry of the same key, or adds one at the tail. */
static void keep(HubReportCache *c, const char *key, GBytes *bytes)
{
  gsize size = g_bytes_get_size(bytes);
  GBytes *old = g_hash_table_lookup(c->reports, key);
  if (old != NULL) {
    c->bytes -= g_bytes_get_size(old);
    GList *link = g_queue_find_custom(&c->order, key, (GCompareFunc)strcmp);
    g_queue_delete_link(&c->order, link);
    g_hash_table_remove(c->reports, key);
  }
  if (size > c->max_bytes)
    return;
  make_room(c, size);
  char *owned = g_strdup(key);
  g_hash_table_insert(c->reports, owned, g_bytes_ref(bytes));
  g_queue_push_tail(&c->order, owned);
  c->bytes += size;
}

GBytes *hub_report_cache_get(HubReportCache *c, HubStore *store, HubReportKind kind,
                             const char *market_code, const char *from, const char *to,
                             AnCompare compare, HubReportFormat format, gboolean *hit,
                             GError **error)
{
  char version[HUB_DATA_VERSION_LEN];
  if (hit)
    *hit = FALSE;
  /* first, so that what is built next is at least as new as this version */
  if (!hub_store_data_version(store, version, error))
    return NULL;
  g_autofree char *key = g_strdup_printf("%d|%d|%d|%s|%s|%s", kind, format, compare,
                                         market_code, from, to);
  g_mutex_lock(&c->lock);
  if (strcmp(version, c->version) != 0) {
    drop_all(c);
    g_strlcpy(c->version, version, sizeof c->version);
  }
  GBytes *found = g_hash_table_lookup(c->reports, key);
  if (found != NULL) {
    g_bytes_ref(found);
    g_mutex_unlock(&c->lock);
    if (hit)
      *hit = TRUE;
    return found;
  }
  g_mutex_unlock(&c->lock);
  GBytes *built = hub_report_build(store, kind, market_code, from, to, compare, format, error);
  if (built == NULL)
    return NULL;
  g_mutex_lock(&c->lock);
  /* another version came meanwhile: this answer is right for its request
  ** but may be older than that version, so it is not kept */
  if (strcmp(version, c->version) == 0)
    keep(c, key, built);
  g_mutex_unlock(&c->lock);
  return built;
}

void hub_report_cache_stats(HubReportCache *c, guint *entries, gsize *bytes)
{
  g_mutex_lock(&c->lock);
  *entries = g_hash_table_size(c->reports);
  *bytes = c->bytes;
  g_mutex_unlock(&c->lock);
}
