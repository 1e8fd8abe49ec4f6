/*
** hub-ingest.c: decoding a POST /v1/events body into HubEvents, and the
** per-event answer.
**
** Two levels of fault, as PROTOCOL.md fixes them.  A body that is not a
** JSON object, lacks its events array, carries more events than allowed or
** has an event without a valid id is refused whole (nothing is looked at
** further, nothing stored).  Past that, each event is decoded on its own:
** one bad event is rejected with a code and a message and the others go
** on, so that one broken sale never blocks a till's backlog.
**
** The JSON of all of it is sync/wire's (wire-batch.c); this file maps the
** wire's plain structs onto HubEvents and adds the hub's own reading.
**
** Decoding happens outside the store's write lock, in the connection's
** thread: the writer only ever sees events that are already checked.
*/
#include "hub-ingest.h"
#include <string.h>

/* NULL-safe; the events array owns the events. */
void hub_batch_free(HubBatch *b)
{
  if (b == NULL)
    return;
  if (b->events)
    g_ptr_array_unref(b->events);
  g_free(b->device_id);
  g_free(b);
}

/* A wire error's message as the event's rejection, under the wire's code. */
static void reject(HubEvent *ev, const GError *error)
{
  SyncWireCode code = error->domain == WIRE_ERROR ? (SyncWireCode)error->code
                                                  : SYNC_WIRE_BAD_REQUEST;
  hub_event_reject(ev, code, "%s", error->message);
}

/*
** The wire decodes the event (envelope and payload); the hub takes what it
** keeps and adds its own reading: the till's clock skew.  Any fault rejects
** this event only.
*/
static void decode_event(const WireBatch *wb, guint i, HubEvent *ev, const HubBatch *b,
                         int64_t now)
{
  WireEvent w;
  g_autoptr(GError) error = NULL;
  gboolean ok = wire_batch_event(wb, i, &w, &error);
  ev->kind = (HubEventKind)w.kind;
  ev->device_time_ms = w.device_time_ms;
  if (ok) {
    ev->doc = g_steal_pointer(&w.doc);
    ev->product = g_steal_pointer(&w.product);
    ev->close = w.close;
    ev->json = g_steal_pointer(&w.json);
  } else {
    reject(ev, error);
  }
  wire_event_clear(&w);
  /* Skew is the till's clock against ours, measured when the batch was
  ** sent; an event from the future is skew whatever the batch says. */
  ev->skew_ms = b->has_sent ? now - b->sent_ms : 0;
  ev->skewed = (b->has_sent && (ev->skew_ms > HUB_SKEW_LIMIT_MS
                                || ev->skew_ms < -HUB_SKEW_LIMIT_MS))
               || ev->device_time_ms > now + HUB_SKEW_LIMIT_MS;
}

/*
** Two passes: every id is checked before any event is decoded, so a batch
** refused whole costs no decoding.
*/
HubBatch *hub_batch_decode(const char *body, gsize len, guint max_events, int64_t now_ms,
                           GError **error)
{
  g_auto(WireBatch) w = {0};
  g_autoptr(GError) local = NULL;
  if (!wire_batch_parse(body, len, max_events, &w, &local)) {
    HubErrorCode code = local->code == SYNC_WIRE_BAD_JSON    ? HUB_ERROR_BAD_JSON
                        : local->code == SYNC_WIRE_TOO_LARGE ? HUB_ERROR_TOO_LARGE
                                                             : HUB_ERROR_INVALID;
    g_set_error_literal(error, HUB_ERROR, code, local->message);
    return NULL;
  }
  g_autoptr(HubBatch) b = g_new0(HubBatch, 1);
  b->events = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
  b->has_sent = w.has_sent;
  b->sent_ms = w.sent_ms;
  b->device_id = g_strdup(w.device_id);
  for (guint i = 0; i < w.ids->len; i++) {
    HubEvent *ev = hub_event_new();
    g_strlcpy(ev->id, g_ptr_array_index(w.ids, i), sizeof ev->id);
    g_ptr_array_add(b->events, ev);
  }
  for (guint i = 0; i < w.events->len; i++)
    decode_event(&w, i, g_ptr_array_index(b->events, i), b, now_ms);
  return g_steal_pointer(&b);
}

/*
** One result per event, in the batch's order, which is how the client
** matches them to its outbox rows; an event never processed (PENDING) is
** answered as rejected, internal.
*/
char *hub_batch_answer(const HubBatch *b, int64_t now_ms)
{
  static const WireResultStatus st[] = {WIRE_RESULT_REJECTED, WIRE_RESULT_ACCEPTED,
                                        WIRE_RESULT_DUPLICATE, WIRE_RESULT_REJECTED};
  g_autofree WireResult *r = g_new0(WireResult, MAX(b->events->len, 1));
  for (guint i = 0; i < b->events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(b->events, i);
    r[i].id = ev->id;
    r[i].status = st[ev->status];
    r[i].code = ev->code;
    r[i].message = ev->message;
  }
  return wire_batch_answer(r, b->events->len, now_ms, b->has_sent ? now_ms - b->sent_ms : 0);
}
