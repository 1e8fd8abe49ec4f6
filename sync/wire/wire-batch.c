/*
** wire-batch.c: POST /v1/events on the wire: the batch a till sends, each
** event in it, and the hub's answer.
**
** Method.  Two levels of fault, as docs/PROTOCOL.md fixes them.  A body that
** is not a JSON object, lacks its events array, carries more events than
** allowed or has an event without a valid id is refused whole
** (wire_batch_parse: nothing of an event but its id is looked at).  Past
** that each event is decoded on its own (wire_event_from_json): one bad
** event gets a code and a message and the others go on.  What the hub does
** with the events (skew, storage, verdicts) is the hub's; this file only
** turns JSON into plain structs and back.
**
** The sending side builds the body as text (wire_batch_head, one printed
** event after another, WIRE_BATCH_TAIL) so that the till knows its exact
** size before adding an event.
*/
#include "wire-codec.h"
#include <string.h>

static const char *const kind_names[] = {"sale", "void", "refund", "day_close", "product"};
static const char *const payload_keys[] = {"doc", "doc", "doc", "day_close", "product"};

static const char *const status_names[] = {"accepted", "duplicate", "rejected"};

/* "sale", "void", "refund", "day_close", "product" (the envelope's "kind"). */
static const char *event_kind_name(WireEventKind kind)
{
  return (guint)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : "unknown";
}

/* Envelope fields in the order tills have always sent them, then the payload. */
cJSON *wire_event_to_json(const char *id, WireEventKind kind, int64_t device_time_ms,
                          const char *business_day, cJSON *payload)
{
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "kind", event_kind_name(kind));
  wire_json_add_int(ev, "device_time_ms", device_time_ms);
  cJSON_AddStringToObject(ev, "business_day", business_day);
  cJSON_AddItemToObject(ev, payload_keys[kind], payload);
  return ev;
}

/* The head object printed by cJSON, its closing brace replaced by the events array. */
char *wire_batch_head(const char *device_id, int64_t sent_ms)
{
  g_autoptr(cJSON) head = cJSON_CreateObject();
  cJSON_AddStringToObject(head, "device_id", device_id);
  wire_json_add_int(head, "sent_ms", sent_ms);
  g_autofree char *text = wire_json_print_cjson(head);
  GString *s = g_string_new_len(text, (gssize)strlen(text) - 1);
  g_string_append(s, ",\"events\":[");
  return g_string_free(s, FALSE);
}

/* Frees the arrays and the arena with the tree in it; safe on a zeroed or cleared batch. */
void wire_batch_clear(WireBatch *b)
{
  g_clear_pointer(&b->events, g_ptr_array_unref);
  g_clear_pointer(&b->ids, g_ptr_array_unref);
  g_clear_pointer(&b->raw, g_array_unref);
  g_clear_pointer(&b->arena, wire_arena_free);
  memset(b, 0, sizeof *b);
}

/* ---- Each payload's own bytes ------------------------------------------------ */

/*
** Where an event's payload is in the body: for each payload key (doc,
** day_close, product: raw_slot) its first byte and length, or NULL.
*/
typedef struct {
  const char *text[3];
  gsize len[3];
} RawPayload;

/* The slot of a payload key; -1 for any other member. */
static int raw_slot(const char *key, gsize n)
{
  if (n == 3 && memcmp(key, "doc", 3) == 0)
    return 0;
  if (n == 9 && memcmp(key, "day_close", 9) == 0)
    return 1;
  if (n == 7 && memcmp(key, "product", 7) == 0)
    return 2;
  return -1;
}

/* A cursor over a body the strict reader has accepted (so: valid JSON). */
typedef struct {
  const char *p, *end;
} Scan;

/* Past JSON's whitespace (the strict reader let no other control byte through). */
static void scan_space(Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

/* Past whitespace; TRUE when the next byte is c (left under the cursor). */
static gboolean scan_at(Scan *s, char c)
{
  scan_space(s);
  return s->p < s->end && *s->p == c;
}

/* At a string's opening quote: past its closing one; *plain FALSE when it holds an escape. */
static void scan_string(Scan *s, gboolean *plain)
{
  for (s->p++; s->p < s->end && *s->p != '"'; s->p++)
    if (*s->p == '\\' && s->p + 1 < s->end) {
      *plain = FALSE;
      s->p++;
    }
  if (s->p < s->end)
    s->p++;
}

/* Past one value: a string, an object or array (brackets counted outside strings), a scalar. */
static void scan_value(Scan *s)
{
  gboolean plain = TRUE;
  scan_space(s);
  if (s->p < s->end && (*s->p == '{' || *s->p == '[')) {
    int depth = 0;
    while (s->p < s->end) {
      char c = *s->p;
      if (c == '"') {
        scan_string(s, &plain);
        continue;
      }
      s->p++;
      if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        return;
    }
  } else if (s->p < s->end && *s->p == '"') {
    scan_string(s, &plain);
  } else {
    while (s->p < s->end && strchr(",]} \t\n\r", *s->p) == NULL)
      s->p++;
  }
}

/*
** At an object's brace: each member's name to on_member with the cursor on
** its value, which on_member must pass.  FALSE on anything unexpected, a
** member name written with an escape included (it could spell any name).
*/
typedef gboolean (*ScanMember)(Scan *s, const char *key, gsize n, gpointer data);

static gboolean scan_object(Scan *s, ScanMember on_member, gpointer data)
{
  if (!scan_at(s, '{'))
    return FALSE;
  s->p++;
  if (scan_at(s, '}')) {
    s->p++;
    return TRUE;
  }
  for (;;) {
    gboolean plain = TRUE;
    if (!scan_at(s, '"'))
      return FALSE;
    const char *key = s->p + 1;
    scan_string(s, &plain);
    if (!plain || s->p == key || s->p[-1] != '"')
      return FALSE;
    gsize n = (gsize)(s->p - 1 - key);   /* up to the closing quote */
    if (!scan_at(s, ':'))
      return FALSE;
    s->p++;
    scan_space(s);
    if (!on_member(s, key, n, data))
      return FALSE;
    scan_space(s);
    if (s->p < s->end && *s->p == ',') {
      s->p++;
      continue;
    }
    if (s->p < s->end && *s->p == '}') {
      s->p++;
      return TRUE;
    }
    return FALSE;
  }
}

/* An event's member: a payload's place kept, anything else passed. */
static gboolean scan_event_member(Scan *s, const char *key, gsize n, gpointer data)
{
  RawPayload *r = data;
  int slot = raw_slot(key, n);
  const char *start = s->p;
  scan_value(s);
  if (slot >= 0) {
    r->text[slot] = start;
    r->len[slot] = (gsize)(s->p - start);
  }
  return TRUE;
}

/* The body's member: only events is looked into, one RawPayload an element. */
static gboolean scan_body_member(Scan *s, const char *key, gsize n, gpointer data)
{
  GArray *raw = data;
  if (n != 6 || memcmp(key, "events", 6) != 0) {
    scan_value(s);
    return TRUE;
  }
  if (!scan_at(s, '['))
    return FALSE;
  s->p++;
  if (scan_at(s, ']')) {
    s->p++;
    return TRUE;
  }
  for (;;) {
    RawPayload r = {{NULL, NULL, NULL}, {0, 0, 0}};
    if (!scan_object(s, scan_event_member, &r))
      return FALSE;
    g_array_append_val(raw, r);
    if (scan_at(s, ',')) {
      s->p++;
      continue;
    }
    if (scan_at(s, ']')) {
      s->p++;
      return TRUE;
    }
    return FALSE;
  }
}

/*
** Each event's payload bytes in the body, so that the stored copy is what
** the till sent rather than the tree printed again (printing was a sixth
** of the decoding).  Runs on a body the strict reader accepted, whose
** members are therefore unique; the cJSON tree and this scan see the same
** events in the same order, which the count confirms.  NULL when the
** body does not read as expected (a member name with an escape): the
** payloads are then printed from the tree, as before.
*/
static GArray *raw_payloads(const char *body, gsize len, guint events)
{
  g_autoptr(GArray) raw = g_array_sized_new(FALSE, FALSE, sizeof(RawPayload), events);
  Scan s = {body, body + len};
  if (!scan_object(&s, scan_body_member, raw) || raw->len != events)
    return NULL;
  return g_steal_pointer(&raw);
}

/*
** Checked as a whole before any event is decoded: a refused batch costs no
** decoding.  The tree goes into an arena (wire-json.c): a compact body
** parses into about six times its size, so the first chunk is sized for
** that and most batches need no second one.
*/
gboolean wire_batch_parse(const char *body, gsize len, guint max_events, WireBatch *out,
                          GError **error)
{
  memset(out, 0, sizeof *out);
  g_auto(WireBatch) b = {0};
  b.arena = wire_arena_new(len * 6 + 4096);
  b.root = wire_json_parse_object_in(b.arena, body, len, error);
  if (b.root == NULL)
    return FALSE;
  const cJSON *events = cJSON_GetObjectItemCaseSensitive(b.root, "events");
  const cJSON *sent = cJSON_GetObjectItemCaseSensitive(b.root, "sent_ms");
  const cJSON *device = cJSON_GetObjectItemCaseSensitive(b.root, "device_id");
  if (!cJSON_IsArray(events)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field events: must be an array");
    return FALSE;
  }
  if ((guint)cJSON_GetArraySize(events) > max_events) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_TOO_LARGE, "more than %u events in one batch",
                max_events);
    return FALSE;
  }
  b.has_sent = sent != NULL && !cJSON_IsNull(sent);
  if (b.has_sent && !wire_json_int(sent, 0, WIRE_TIME_MAX, &b.sent_ms)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field sent_ms: must be an integer");
    return FALSE;
  }
  b.device_id = wire_json_get_str(b.root, "device_id", 32);
  if (device != NULL && !cJSON_IsNull(device) && b.device_id == NULL) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field device_id: must be a string");
    return FALSE;
  }
  b.events = g_ptr_array_new();
  b.ids = g_ptr_array_new();
  const cJSON *j;
  int i = 0;
  cJSON_ArrayForEach(j, events) {
    const char *id = cJSON_IsObject(j) ? wire_json_get_str(j, "id", POS_UUID_LEN) : NULL;
    if (!pos_uuid_valid(id)) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                  "field events[%d].id: an event must be an object with a lower-case UUID id",
                  i);
      return FALSE;
    }
    g_ptr_array_add(b.events, (gpointer)j);
    g_ptr_array_add(b.ids, (gpointer)id);
    i++;
  }
  b.raw = raw_payloads(body, len, b.events->len);
  *out = b;
  memset(&b, 0, sizeof b);
  return TRUE;
}

/* Frees what the event owns and zeroes it. */
void wire_event_clear(WireEvent *e)
{
  g_clear_pointer(&e->doc, pos_sale_free);
  g_clear_pointer(&e->product, pos_product_free);
  g_clear_pointer(&e->json, g_free);
  memset(e, 0, sizeof *e);
}

/*
** A document: the codec reports a malformed field as POS_ERROR_INVALID and
** unreconciled sums as POS_ERROR_UNRECONCILED; the code, not the message,
** picks the wire code.
*/
static gboolean decode_doc(const cJSON *j, const RawPayload *raw, WireEvent *ev,
                           GError **error)
{
  const cJSON *doc = cJSON_GetObjectItemCaseSensitive(j, "doc");
  g_autoptr(GError) local = NULL;
  if (!cJSON_IsObject(doc)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field doc: must be an object");
    return FALSE;
  }
  ev->doc = wire_sale_from_json(doc, &local);
  if (ev->doc == NULL) {
    gboolean sums = g_error_matches(local, POS_ERROR, POS_ERROR_UNRECONCILED);
    g_set_error_literal(error, WIRE_ERROR,
                        sums ? SYNC_WIRE_UNRECONCILED : SYNC_WIRE_BAD_REQUEST, local->message);
    return FALSE;
  }
  static const PosDocKind kinds[] = {POS_DOC_SALE, POS_DOC_VOID, POS_DOC_REFUND};
  if (ev->doc->kind != kinds[ev->kind]) {
    g_clear_pointer(&ev->doc, pos_sale_free);
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field doc.kind: differs from the event's kind");
    return FALSE;
  }
  ev->device_time_ms = ev->doc->device_time_ms;
  /* The document as received: the codec has just checked every field of it. */
  ev->json = raw && raw->text[0] ? g_strndup(raw->text[0], raw->len[0]) : wire_json_print(doc);
  return TRUE;
}

/* A product or a day close: the payload object, decoded and kept as received. */
static gboolean decode_other(const cJSON *j, const RawPayload *raw, WireEvent *ev,
                             GError **error)
{
  const char *key = payload_keys[ev->kind];
  int slot = ev->kind == WIRE_EVENT_PRODUCT ? 2 : 1;
  const cJSON *o = cJSON_GetObjectItemCaseSensitive(j, key);
  if (!cJSON_IsObject(o)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field %s: must be an object", key);
    return FALSE;
  }
  if (ev->kind == WIRE_EVENT_PRODUCT) {
    if ((ev->product = wire_product_from_json(o, error)) == NULL)
      return FALSE;
  } else if (!wire_day_close_from_json(o, &ev->close, error)) {
    return FALSE;
  }
  ev->json = raw && raw->text[slot] ? g_strndup(raw->text[slot], raw->len[slot])
                                     : wire_json_print(o);
  return TRUE;
}

/*
** The envelope first (kind, device time, day), then the payload of that
** kind, kept as raw's bytes when there are some.
*/
static gboolean event_decode(const cJSON *j, const RawPayload *raw, WireEvent *out,
                             GError **error)
{
  memset(out, 0, sizeof *out);
  const char *kind = wire_json_get_str(j, "kind", 16);
  guint k = 0;
  while (k < G_N_ELEMENTS(kind_names) && g_strcmp0(kind, kind_names[k]) != 0)
    k++;
  if (k == G_N_ELEMENTS(kind_names)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field kind: must be sale, void, refund, day_close or product");
    return FALSE;
  }
  out->kind = (WireEventKind)k;
  if (!wire_json_get_int(j, "device_time_ms", 0, WIRE_TIME_MAX, &out->device_time_ms)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field device_time_ms: must be an integer");
    return FALSE;
  }
  if (!wire_day_valid(wire_json_get_str(j, "business_day", 10))) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field business_day: must be YYYY-MM-DD");
    return FALSE;
  }
  return out->kind <= WIRE_EVENT_REFUND ? decode_doc(j, raw, out, error)
                                        : decode_other(j, raw, out, error);
}

/* An event on its own: its payload printed from the tree. */
gboolean wire_event_from_json(const cJSON *j, WireEvent *out, GError **error)
{
  return event_decode(j, NULL, out, error);
}

gboolean wire_batch_event(const WireBatch *b, guint i, WireEvent *out, GError **error)
{
  g_return_val_if_fail(i < b->events->len, FALSE);
  const RawPayload *raw = b->raw ? &g_array_index(b->raw, RawPayload, i) : NULL;
  return event_decode(g_ptr_array_index(b->events, i), raw, out, error);
}

/* results, then the hub's clock and the batch's skew. */
char *wire_batch_answer(const WireResult *results, guint n, int64_t hub_time_ms,
                        int64_t skew_ms)
{
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON *arr = cJSON_AddArrayToObject(o, "results");
  for (guint i = 0; i < n; i++) {
    const WireResult *r = &results[i];
    WireResultStatus st = r->status == WIRE_RESULT_OTHER ? WIRE_RESULT_REJECTED : r->status;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", r->id);
    cJSON_AddStringToObject(j, "status", status_names[st]);
    if (st == WIRE_RESULT_REJECTED) {
      cJSON_AddStringToObject(j, "code",
                              r->code ? r->code : sync_wire_code_name(SYNC_WIRE_INTERNAL));
      cJSON_AddStringToObject(j, "message", r->message ? r->message : "not processed");
    }
    cJSON_AddItemToArray(arr, j);
  }
  wire_json_add_int(o, "hub_time_ms", hub_time_ms);
  wire_json_add_int(o, "skew_ms", skew_ms);
  return wire_json_print(o);
}

/* Frees the tree and the results; safe twice. */
void wire_batch_answer_clear(WireBatchAnswer *a)
{
  g_clear_pointer(&a->results, g_array_unref);
  g_clear_pointer(&a->root, cJSON_Delete);
  memset(a, 0, sizeof *a);
}

/*
** Every result is read, an unknown status kept as OTHER with its name: the
** client decides what it trusts (ids it sent, each once).
*/
gboolean wire_batch_answer_parse(const char *body, gsize len, WireBatchAnswer *out,
                                 GError **error)
{
  memset(out, 0, sizeof *out);
  out->root = wire_json_parse_object(body, len, error);
  if (out->root == NULL)
    return FALSE;
  const cJSON *results = cJSON_GetObjectItemCaseSensitive(out->root, "results");
  if (!cJSON_IsArray(results)) {
    wire_batch_answer_clear(out);
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "no results array");
    return FALSE;
  }
  out->results = g_array_new(FALSE, TRUE, sizeof(WireResult));
  const cJSON *r;
  cJSON_ArrayForEach(r, results) {
    WireResult v = {0};
    v.id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id"));
    v.status_name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "status"));
    v.status = WIRE_RESULT_OTHER;
    for (guint k = 0; k < G_N_ELEMENTS(status_names); k++)
      if (g_strcmp0(v.status_name, status_names[k]) == 0)
        v.status = (WireResultStatus)k;
    if (v.status == WIRE_RESULT_REJECTED) {
      v.code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "code"));
      v.message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "message"));
    }
    g_array_append_val(out->results, v);
  }
  out->has_skew = wire_json_get_int(out->root, "skew_ms", -WIRE_TIME_MAX, WIRE_TIME_MAX,
                                    &out->skew_ms);
  return TRUE;
}
