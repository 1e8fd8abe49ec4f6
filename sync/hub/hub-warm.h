/*
** hub-warm.h: the warm-up a serving hub does just after it starts to
** listen, so that the first report a consultant asks for is not the one
** that pays for a cold process.
**
** A hub just started has its readers' page caches empty, the operating
** system's cache perhaps too, no font loaded and no report code run: its
** first reports took several times what the same reports take a moment
** later (docs/BENCHMARKS.md).  The warm-up builds, in a thread of its own,
** for each market in turn, the reports that read the most of what the
** others read, and throws them away (the report cache is not filled: what
** it holds must be what was asked).  It starts after the server listens,
** so neither listening nor /healthz waits for it, holds one reader at a
** time, and stops between two reports when asked.
*/
#ifndef HUB_WARM_H
#define HUB_WARM_H

#include "hub-store.h"

G_BEGIN_DECLS

/* At most this many markets are warmed, and none is begun after this long:
** a city hub of a hundred markets warms the first ones and stops. */
#define HUB_WARM_MARKETS_MAX 16
#define HUB_WARM_SECONDS_MAX 30

typedef struct HubWarm HubWarm;

/*
** Starts warming store in a new thread; today_ms (Unix ms) ends the periods
** it builds.  The store must outlive the warm-up (hub_warm_stop first).
*/
HubWarm *hub_warm_start(HubStore *store, int64_t today_ms);
/*
** TRUE once the warm-up has ended, whether it built everything, met its
** bounds or was stopped; *reports gets how many reports it built.
*/
gboolean hub_warm_finished(HubWarm *warm, guint *reports);
/* Asks the warm-up to stop, waits for the report in hand, frees it; NULL-safe. */
void hub_warm_stop(HubWarm *warm);

G_END_DECLS
#endif
