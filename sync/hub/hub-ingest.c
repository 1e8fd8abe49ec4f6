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
** Decoding happens outside the store's write lock, in the connection's
** thread: the writer only ever sees events that are already checked.
*/
#include "hub-ingest.h"
#include "wire-codec.h"
#include <math.h>
#include <string.h>

#define MONEY POS_MONEY_MAX
#define TIME_MAX (G_GINT64_CONSTANT(1) << 52)

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

/*
** cJSON keeps numbers as doubles: exact for every integer below 2^53, and
** all our ranges are far below.  A fraction, an exponent-sized value or a
** string where a number belongs is a wrong type, not something to round.
*/
static gboolean get_int(const cJSON *o, const char *name, int64_t lo, int64_t hi,
                        int64_t *out)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsNumber(v))
    return FALSE;
  double x = v->valuedouble;
  if (!isfinite(x) || x != floor(x) || x < (double)lo || x > (double)hi)
    return FALSE;
  *out = (int64_t)x;
  return TRUE;
}

static const char *get_str(const cJSON *o, const char *name, size_t max)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsString(v) || v->valuestring == NULL || v->valuestring[0] == '\0'
      || strlen(v->valuestring) > max || !g_utf8_validate(v->valuestring, -1, NULL))
    return NULL;
  return v->valuestring;
}

/*
** The codec reports a malformed field as POS_ERROR_INVALID and a document
** whose sums do not add up (pos_sale_check) as POS_ERROR_UNRECONCILED: the
** code, not the message, picks the event's verdict.
*/
static void decode_doc(const cJSON *j, HubEvent *ev)
{
  const cJSON *doc = cJSON_GetObjectItemCaseSensitive(j, "doc");
  g_autoptr(GError) error = NULL;
  if (!cJSON_IsObject(doc)) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST, "field doc: must be an object");
    return;
  }
  ev->doc = wire_sale_from_json(doc, &error);
  if (ev->doc == NULL) {
    gboolean sums = g_error_matches(error, POS_ERROR, POS_ERROR_UNRECONCILED);
    hub_event_reject(ev, sums ? SYNC_WIRE_UNRECONCILED : SYNC_WIRE_BAD_REQUEST, "%s",
                     error->message);
    return;
  }
  static const PosDocKind kinds[] = {POS_DOC_SALE, POS_DOC_VOID, POS_DOC_REFUND};
  if (ev->doc->kind != kinds[ev->kind]) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST, "field doc.kind: differs from the event's kind");
    return;
  }
  ev->device_time_ms = ev->doc->device_time_ms;
  /* The document as received: the codec has just checked every field of it. */
  ev->json = wire_json_print(doc);
}

/*
** The fields of the till's product (PROTOCOL.md); the first bad field is
** named, and nothing is half-filled on failure.
*/
static void decode_product(const cJSON *j, HubEvent *ev)
{
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(j, "product");
  if (!cJSON_IsObject(o)) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST, "field product: must be an object");
    return;
  }
  g_autoptr(PosProduct) p = pos_product_new();
  int64_t plu = 0, price = 0;
  const char *name = get_str(o, "name", POS_NAME_MAX), *line = get_str(o, "line", 16);
  const char *unit = get_str(o, "unit", 8), *tax = get_str(o, "tax", 8);
  const cJSON *barcode = cJSON_GetObjectItemCaseSensitive(o, "barcode");
  const cJSON *active = cJSON_GetObjectItemCaseSensitive(o, "active");
  const char *bad =
    !get_int(o, "plu", 1, 99999, &plu)                  ? "plu"
    : name == NULL                                      ? "name"
    : !pos_line_code_valid(line)                        ? "line"
    : g_strcmp0(unit, "piece") && g_strcmp0(unit, "kg") ? "unit"
    : !get_int(o, "price", 0, 100000000, &price)        ? "price"
    : g_strcmp0(tax, "taxable") && g_strcmp0(tax, "exempt") ? "tax"
    : !(barcode == NULL || cJSON_IsNull(barcode)
        || (cJSON_IsString(barcode) && pos_ean_valid(barcode->valuestring)))
      ? "barcode"
    : !cJSON_IsBool(active) ? "active" : NULL;
  if (bad) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST,
                     "field product.%s: missing, wrong type or out of range", bad);
    return;
  }
  p->plu = (int)plu;
  p->name = g_strdup(name);
  p->line_code = g_strdup(line);
  p->unit = strcmp(unit, "kg") == 0 ? POS_UNIT_KG : POS_UNIT_PIECE;
  p->price = price;
  p->tax = strcmp(tax, "exempt") == 0 ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  p->barcode = cJSON_IsString(barcode) ? g_strdup(barcode->valuestring) : NULL;
  p->active = cJSON_IsTrue(active);
  ev->product = g_steal_pointer(&p);
  ev->json = wire_json_print(o);
}

/* The Z report is kept whole for reconciliation; its key fields are checked. */
static void decode_close(const cJSON *j, HubEvent *ev)
{
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(j, "day_close");
  if (!cJSON_IsObject(o)) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST, "field day_close: must be an object");
    return;
  }
  HubDayClose *z = &ev->close;
  const char *day = get_str(o, "business_day", 10);
  int64_t z_no = 0;
  const char *bad = !hub_day_valid(day)                       ? "business_day"
                    : !get_int(o, "z_no", 1, 100000, &z_no)    ? "z_no"
                    : !get_int(o, "closed_ms", 0, TIME_MAX, &z->closed_ms) ? "closed_ms"
                    : !get_int(o, "total", -MONEY, MONEY, &z->total)       ? "total"
                    : !get_int(o, "receipts", 0, 100000000, &z->receipts)  ? "receipts"
                                                                           : NULL;
  if (bad) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST,
                     "field day_close.%s: missing, wrong type or out of range", bad);
    return;
  }
  g_strlcpy(z->business_day, day, sizeof z->business_day);
  z->z_no = (int)z_no;
  ev->json = wire_json_print(o);
}

/*
** The envelope first (kind, device time, day), then the payload of that
** kind; any fault rejects this event only.
*/
static void decode_event(const cJSON *j, HubEvent *ev, const HubBatch *b, int64_t now)
{
  static const char *const kinds[] = {"sale", "void", "refund", "day_close", "product"};
  const char *kind = get_str(j, "kind", 16);
  int k = 0;
  while (k < (int)G_N_ELEMENTS(kinds) && g_strcmp0(kind, kinds[k]) != 0)
    k++;
  if (k == (int)G_N_ELEMENTS(kinds)) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST,
                     "field kind: must be sale, void, refund, day_close or product");
    return;
  }
  ev->kind = (HubEventKind)k;
  if (!get_int(j, "device_time_ms", 0, TIME_MAX, &ev->device_time_ms)) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST, "field device_time_ms: must be an integer");
    return;
  }
  if (!hub_day_valid(get_str(j, "business_day", 10))) {
    hub_event_reject(ev, SYNC_WIRE_BAD_REQUEST, "field business_day: must be YYYY-MM-DD");
    return;
  }
  if (ev->kind <= HUB_EVENT_REFUND)
    decode_doc(j, ev);
  else if (ev->kind == HUB_EVENT_PRODUCT)
    decode_product(j, ev);
  else
    decode_close(j, ev);
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
  g_autoptr(cJSON) root = cJSON_ParseWithLength(body, len);
  if (!cJSON_IsObject(root)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_BAD_JSON, "the body is not a JSON object");
    return NULL;
  }
  g_autoptr(HubBatch) b = g_new0(HubBatch, 1);
  b->events = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
  const cJSON *events = cJSON_GetObjectItemCaseSensitive(root, "events");
  const cJSON *sent = cJSON_GetObjectItemCaseSensitive(root, "sent_ms");
  const cJSON *device = cJSON_GetObjectItemCaseSensitive(root, "device_id");
  if (!cJSON_IsArray(events)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "field events: must be an array");
    return NULL;
  }
  if ((guint)cJSON_GetArraySize(events) > max_events) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_TOO_LARGE, "more than %u events in one batch",
                max_events);
    return NULL;
  }
  b->has_sent = sent != NULL && !cJSON_IsNull(sent);
  if (b->has_sent && !get_int(root, "sent_ms", 0, TIME_MAX, &b->sent_ms)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "field sent_ms: must be an integer");
    return NULL;
  }
  if (device != NULL && !cJSON_IsNull(device) && get_str(root, "device_id", 32) == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "field device_id: must be a string");
    return NULL;
  }
  b->device_id = g_strdup(get_str(root, "device_id", 32));
  const cJSON *j;
  int i = 0;
  cJSON_ArrayForEach(j, events) {
    const char *id = cJSON_IsObject(j) ? get_str(j, "id", POS_UUID_LEN) : NULL;
    if (!pos_uuid_valid(id)) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                  "field events[%d].id: an event must be an object with a lower-case UUID id",
                  i);
      return NULL;
    }
    HubEvent *ev = hub_event_new();
    g_strlcpy(ev->id, id, sizeof ev->id);
    g_ptr_array_add(b->events, ev);
    i++;
  }
  i = 0;
  cJSON_ArrayForEach(j, events)
    decode_event(j, g_ptr_array_index(b->events, i++), b, now_ms);
  return g_steal_pointer(&b);
}

/*
** One result per event, in the batch's order, which is how the client
** matches them to its outbox rows.
*/
char *hub_batch_answer(const HubBatch *b, int64_t now_ms)
{
  static const char *const names[] = {"rejected", "accepted", "duplicate", "rejected"};
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON *results = cJSON_AddArrayToObject(o, "results");
  for (guint i = 0; i < b->events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(b->events, i);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", ev->id);
    cJSON_AddStringToObject(r, "status", names[ev->status]);
    if (ev->status == HUB_STATUS_REJECTED || ev->status == HUB_STATUS_PENDING) {
      cJSON_AddStringToObject(r, "code",
                              ev->code ? ev->code : sync_wire_code_name(SYNC_WIRE_INTERNAL));
      cJSON_AddStringToObject(r, "message", ev->message ? ev->message : "not processed");
    }
    cJSON_AddItemToArray(results, r);
  }
  cJSON_AddNumberToObject(o, "hub_time_ms", (double)now_ms);
  cJSON_AddNumberToObject(o, "skew_ms", b->has_sent ? (double)(now_ms - b->sent_ms) : 0.0);
  return wire_json_print(o);
}
