/*
** hub-ingest.h: a POST /v1/events body decoded into HubEvents, and the
** per-event answer (docs/PROTOCOL.md, "Events").
**
** The decoder is the hub's reading of the wire: it knows the batch format
** and the codec, and nothing of HTTP.  The HTTP service calls it on a
** complete body and hands the events to hub_store_ingest; anything else
** that holds a body (a test, a benchmark, another transport) can too.
*/
#ifndef HUB_INGEST_H
#define HUB_INGEST_H

#include "hub-store.h"

G_BEGIN_DECLS

typedef struct {
  char *device_id;
  gboolean has_sent;
  int64_t sent_ms;
  GPtrArray *events;          /* HubEvent*, owned */
} HubBatch;

void hub_batch_free(HubBatch *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubBatch, hub_batch_free)
/*
** Decodes a POST /v1/events body.  Whole-batch faults fail with BAD_JSON,
** INVALID or TOO_LARGE; a fault inside one event only marks that event
** REJECTED.
*/
HubBatch *hub_batch_decode(const char *body, gsize len, guint max_events, int64_t now_ms,
                           GError **error);
/* The answer body: per-event results, hub time, skew. Transfer full. */
char *hub_batch_answer(const HubBatch *b, int64_t now_ms);

G_END_DECLS
#endif
