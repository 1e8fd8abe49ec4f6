/*
** hub-report-cache.h: reports kept in memory by the hub, each for the data
** it was built from.
**
** A report is a function of its question (market, kind, format, period,
** comparison) and of the database: its "as of" is the midnight after the
** period, never the clock.  So a report built once may answer the same
** question again for as long as nothing was committed to the database,
** which hub_store_data_version tells cheaply (a few microseconds on
** SQLite) whoever wrote, this hub's ingest or another process.  The cache
** reads the version before it builds, so a commit that lands during a
** build makes that entry stale at the next look, never a stale answer.
** On a new version every entry goes at once (they were all of the old
** data); past max_bytes the oldest go first.  The bytes are those of
** hub_report_build: the cache never changes an answer, only its cost.
*/
#ifndef HUB_REPORT_CACHE_H
#define HUB_REPORT_CACHE_H

#include "hub-report.h"

G_BEGIN_DECLS

typedef struct HubReportCache HubReportCache;

/* A cache of at most max_bytes of reports (0: keeps none).  Transfer full. */
HubReportCache *hub_report_cache_new(gsize max_bytes);
void hub_report_cache_free(HubReportCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubReportCache, hub_report_cache_free)

/*
** hub_report_build's answer, from the cache when the data has not changed
** since it was built (*hit says which; may be NULL).  Errors as
** hub_report_build's, or the store's reading the data version; errors are
** never kept.  Safe from many threads.  Strings: transfer none; the bytes:
** transfer full.
*/
GBytes *hub_report_cache_get(HubReportCache *cache, HubStore *store, HubReportKind kind,
                             const char *market_code, const char *from, const char *to,
                             AnCompare compare, HubReportFormat format, gboolean *hit,
                             GError **error);

/* Entries and bytes held now (for /metrics and tests). */
void hub_report_cache_stats(HubReportCache *cache, guint *entries, gsize *bytes);

G_END_DECLS

#endif
