/*
** test-protocol-doc.c: docs/PROTOCOL.md cannot drift from the code.
**
** The page marks every ```json block with the object it shows:
**   <!-- example: TYPE -->   a valid TYPE: it must decode;
**   <!-- refused: CODE -->   a change to the example above it (objects merged
**                            member by member, arrays element by element);
**                            the result must be refused with CODE.
** An unmarked ```json block is a failure of its own.
**
** Each TYPE goes to the decoder the project has for it: stall documents to
** the codec (wire_sale_from_json) and, wrapped as an event, through the
** hub's batch decoder (hub_batch_decode), which also decodes products and
** day closes and assigns the per-event rejection codes; batches to
** hub_batch_decode; the batch answer is rebuilt with hub_batch_answer and
** must come out the same.  Objects that only the hub writes and that have
** no decoder yet (enrollment, taxonomy, summary, markets, reports, errors)
** are checked with cJSON: the members the hub writes, their types, and the
** rules the hub's own helpers state (token form, codes, ISO times, sums).
** Beyond decoding, the examples must be what the till writes: documents
** come back equal from the encoder, a void or refund equals the one the
** till builds from its sale, business days and receipt numbers follow
** the till's rules, and the Z report has the encoder's members.
**
** The checker collects failures instead of asserting, so that one run
** names every broken example, and so that /protocol/doc/checker can feed
** it broken text and see it fail.
*/
#include "hub-ingest.h"
#include "hub-server.h"
#include "an-data.h"
#include "mb-clock.h"
#include "sync-client.h"
#include "wire-report.h"
#include "testutil.h"
#include <math.h>
#include <string.h>

#ifndef MPOS_PROTOCOL_MD
#error "MPOS_PROTOCOL_MD must name docs/PROTOCOL.md (tests/CMakeLists.txt)"
#endif

/* The types of <!-- example: TYPE -->; the page must show each one. */
static const char *const TYPES[] = {
  "doc", "batch", "batch-answer", "product", "day-close", "enroll-request",
  "enroll-answer", "enroll-code-answer", "taxonomy", "summary", "markets",
  "market-stalls", "report", "error", "healthz",
};

/* What one pass over a page found. */
typedef struct {
  GPtrArray *unmarked;     /* char*: json blocks without a marker, stray markers */
  GPtrArray *invalid;      /* char*: examples that do not decode */
  GPtrArray *not_refused;  /* char*: counter-examples accepted or refused otherwise */
  GHashTable *types;       /* TYPE -> count of examples */
  GHashTable *docs;        /* document id -> PosSale*, every decoded document */
  GHashTable *doc_lines;   /* document id -> line number of its example */
  GPtrArray *error_codes;  /* char*: the codes of the page's error table */
  guint n_examples, n_refused;
  char *first_doc;         /* the text of the first doc example */
} Check;

static void check_init(Check *c)
{
  memset(c, 0, sizeof *c);
  c->unmarked = g_ptr_array_new_with_free_func(g_free);
  c->invalid = g_ptr_array_new_with_free_func(g_free);
  c->not_refused = g_ptr_array_new_with_free_func(g_free);
  c->types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  c->docs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify)pos_sale_free);
  c->doc_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  c->error_codes = g_ptr_array_new_with_free_func(g_free);
}

static void check_clear(Check *c)
{
  g_ptr_array_unref(c->unmarked);
  g_ptr_array_unref(c->invalid);
  g_ptr_array_unref(c->not_refused);
  g_hash_table_unref(c->types);
  g_hash_table_unref(c->docs);
  g_hash_table_unref(c->doc_lines);
  g_ptr_array_unref(c->error_codes);
  g_free(c->first_doc);
}

/* ---- Small JSON helpers ------------------------------------------------------ */

static void why_add(GString *why, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void why_add(GString *why, const char *fmt, ...)
{
  va_list ap;
  if (why->len)
    g_string_append(why, "; ");
  va_start(ap, fmt);
  g_string_append_vprintf(why, fmt, ap);
  va_end(ap);
}

static const cJSON *member(const cJSON *o, const char *name)
{
  return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* An integral number, as the hub reads one. */
static gboolean is_int(const cJSON *v)
{
  return cJSON_IsNumber(v) && fabs(v->valuedouble) < 9007199254740992.0
         && v->valuedouble == floor(v->valuedouble);
}

static int64_t int_of(const cJSON *v)
{
  return is_int(v) ? (int64_t)v->valuedouble : 0;
}

static gboolean is_text(const cJSON *v)
{
  return cJSON_IsString(v) && v->valuestring && v->valuestring[0];
}

/* The members of o are exactly the NULL-terminated names (any order). */
static void want_members(const cJSON *o, const char *what, GString *why, ...)
{
  va_list ap;
  const char *name;
  guint n = 0;
  if (!cJSON_IsObject(o)) {
    why_add(why, "%s: not an object", what);
    return;
  }
  va_start(ap, why);
  while ((name = va_arg(ap, const char *)) != NULL) {
    n++;
    if (member(o, name) == NULL)
      why_add(why, "%s: member %s missing", what, name);
  }
  va_end(ap);
  if ((guint)cJSON_GetArraySize(o) != n) {
    const cJSON *m;
    cJSON_ArrayForEach(m, o) {
      gboolean known = FALSE;
      va_start(ap, why);
      while ((name = va_arg(ap, const char *)) != NULL)
        known |= strcmp(name, m->string) == 0;
      va_end(ap);
      if (!known)
        why_add(why, "%s: member %s is not one the hub writes", what, m->string);
    }
  }
}

/* The same member names (any order) in a and b. */
static void same_members(const cJSON *a, const cJSON *b, const char *what, GString *why)
{
  const cJSON *m;
  cJSON_ArrayForEach(m, a) if (member(b, m->string) == NULL)
    why_add(why, "%s: member %s is not written by the code", what, m->string);
  cJSON_ArrayForEach(m, b) if (member(a, m->string) == NULL)
    why_add(why, "%s: member %s (written by the code) missing", what, m->string);
}

/* The canonical text of a tree, for messages. */
static char *text_of(const cJSON *o)
{
  return wire_json_print(o);
}

/*
** The example with a counter-example's change applied: objects merge member
** by member, arrays element by element ({} keeps an element), anything else
** replaces.  Transfer full.
*/
static cJSON *merged(const cJSON *base, const cJSON *patch)
{
  if (cJSON_IsObject(base) && cJSON_IsObject(patch)) {
    cJSON *out = cJSON_Duplicate(base, TRUE);
    const cJSON *p;
    cJSON_ArrayForEach(p, patch) {
      cJSON *old = cJSON_GetObjectItemCaseSensitive(out, p->string);
      cJSON *v = old ? merged(old, p) : cJSON_Duplicate(p, TRUE);
      if (old)
        cJSON_ReplaceItemInObjectCaseSensitive(out, p->string, v);
      else
        cJSON_AddItemToObject(out, p->string, v);
    }
    return out;
  }
  if (cJSON_IsArray(base) && cJSON_IsArray(patch)) {
    cJSON *out = cJSON_CreateArray();
    int nb = cJSON_GetArraySize(base), np = cJSON_GetArraySize(patch);
    for (int i = 0; i < MAX(nb, np); i++) {
      const cJSON *b = i < nb ? cJSON_GetArrayItem(base, i) : NULL;
      const cJSON *p = i < np ? cJSON_GetArrayItem(patch, i) : NULL;
      cJSON_AddItemToArray(out, b && p ? merged(b, p) : cJSON_Duplicate(b ? b : p, TRUE));
    }
    return out;
  }
  return cJSON_Duplicate(patch, TRUE);
}

/* ---- The hub's batch decoder on one payload ---------------------------------------- */

#define WRAP_EVENT_ID "00000000-0000-7000-8000-000000000001"

/*
** A payload as the one event of a batch, the way the till sends it: for a
** document its own time and day (or harmless ones when those are the
** broken part), for a day close its closing time and day.
*/
static char *wrap(const char *kind, const char *payload_name, const cJSON *payload)
{
  g_autoptr(cJSON) batch = cJSON_CreateObject();
  cJSON *events = cJSON_AddArrayToObject(batch, "events");
  cJSON *ev = cJSON_CreateObject();
  const cJSON *t = member(payload, strcmp(kind, "day_close") == 0 ? "closed_ms" : "device_time_ms");
  const cJSON *day = member(payload, "business_day");
  cJSON_AddStringToObject(ev, "id", WRAP_EVENT_ID);
  cJSON_AddStringToObject(ev, "kind", kind);
  cJSON_AddNumberToObject(ev, "device_time_ms", is_int(t) && t->valuedouble >= 0 ? t->valuedouble : 0);
  cJSON_AddStringToObject(ev, "business_day",
                          cJSON_IsString(day) && wire_day_valid(day->valuestring)
                            ? day->valuestring : "2026-11-26");
  cJSON_AddItemToObject(ev, payload_name, cJSON_Duplicate(payload, TRUE));
  cJSON_AddItemToArray(events, ev);
  return wire_json_print(batch);
}

/*
** What the hub makes of a batch body: NULL when every event is accepted
** by the decoder, else the code it answers (whole batch or first event),
** and the message in *message.
*/
static const char *batch_verdict(const char *body, HubBatch **out, char **message)
{
  HubServerOptions o;
  g_autoptr(GError) error = NULL;
  hub_server_options_init(&o);
  HubBatch *b = hub_batch_decode(body, strlen(body), o.max_events, pos_now_ms(), &error);
  hub_server_options_clear(&o);
  if (b == NULL) {
    *message = g_strdup(error->message);
    return error->domain == HUB_ERROR ? hub_error_code_name(error->code) : "internal";
  }
  const char *code = NULL;
  for (guint i = 0; i < b->events->len && code == NULL; i++) {
    const HubEvent *ev = g_ptr_array_index(b->events, i);
    if (ev->status == HUB_STATUS_REJECTED) {
      code = ev->code;
      *message = g_strdup_printf("events[%u]: %s", i, ev->message);
    }
  }
  if (out)
    *out = b;
  else
    hub_batch_free(b);
  return code;
}

/* The hub's code for one payload sent as an event of KIND; NULL if accepted. */
static const char *payload_verdict(const char *kind, const char *name, const cJSON *payload,
                                   char **message)
{
  g_autofree char *body = wrap(kind, name, payload);
  return batch_verdict(body, NULL, message);
}

static const char *doc_kind(const cJSON *doc)
{
  const cJSON *k = member(doc, "kind");
  if (cJSON_IsString(k)
      && (strcmp(k->valuestring, "void") == 0 || strcmp(k->valuestring, "refund") == 0))
    return k->valuestring;
  return "sale";
}

/* ---- Checks of each type ------------------------------------------------------------- */

/* DEVICE-YYYYMMDD-NNNN of the document's own business day. */
static gboolean receipt_no_ok(const PosSale *s)
{
  const char *no = s->receipt_no, *dash = strchr(no, '-');
  size_t dev = dash ? (size_t)(dash - no) : 0;
  char day[9];
  g_snprintf(day, sizeof day, "%.4s%.2s%.2s", s->business_day, s->business_day + 5,
             s->business_day + 8);
  if (dev < 4 || dev > 8 || strspn(no, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != dev
      || strncmp(dash + 1, day, 8) != 0 || dash[9] != '-')
    return FALSE;
  size_t n = strlen(dash + 10);
  return n >= 4 && strspn(dash + 10, "0123456789") == n;
}

static void check_doc(Check *c, const cJSON *o, int line, GString *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSale) s = wire_sale_from_json(o, &error);
  if (s == NULL) {
    why_add(why, "the codec refuses it: %s", error->message);
    return;
  }
  g_autofree char *message = NULL;
  const char *code = payload_verdict(doc_kind(o), "doc", o, &message);
  if (code)
    why_add(why, "the hub refuses it as an event: %s (%s)", code, message);
  /* what the till writes: every member, and the same values */
  g_autoptr(cJSON) again = wire_sale_to_json(s);
  if (!cJSON_Compare(again, o, TRUE)) {
    g_autofree char *t = text_of(again);
    why_add(why, "the encoder writes it otherwise: %s", t);
  }
  char day[11];
  mb_clock_business_day(s->device_time_ms, day);
  if (strcmp(day, s->business_day) != 0)
    why_add(why, "business_day %s is not the Seoul date of device_time_ms (%s)",
            s->business_day, day);
  if (!receipt_no_ok(s))
    why_add(why, "receipt_no %s is not DEVICE-YYYYMMDD-NNNN of its business day",
            s->receipt_no);
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    if (s->kind == POS_DOC_SALE && l->refunded_from != -1)
      why_add(why, "lines[%u].refunded_from: the till writes -1 on a sale", i);
  }
  if (c && !g_hash_table_contains(c->docs, s->id)) {
    PosSale *kept = g_steal_pointer(&s);
    g_hash_table_insert(c->doc_lines, g_strdup(kept->id), GINT_TO_POINTER(line));
    g_hash_table_insert(c->docs, g_strdup(kept->id), kept);
  }
}

/* The members the till writes for a product (sync-client.c). */
static void product_members(const cJSON *o, const char *what, GString *why)
{
  want_members(o, what, why, "plu", "name", "line", "unit", "price", "tax", "barcode",
               "active", NULL);
}

static void check_product(const cJSON *o, GString *why)
{
  g_autofree char *message = NULL;
  const char *code = payload_verdict("product", "product", o, &message);
  if (code)
    why_add(why, "the hub refuses it: %s (%s)", code, message);
  product_members(o, "product", why);
}

/* The members of the encoder's Z report: wire_zreport_to_json of an empty one. */
static void day_close_members(const cJSON *o, const char *what, GString *why)
{
  PosZReport z;
  memset(&z, 0, sizeof z);
  g_autoptr(cJSON) enc = wire_zreport_to_json(&z);
  same_members(o, enc, what, why);
  const cJSON *bt = member(o, "by_tender");
  if (cJSON_IsObject(bt)) {
    g_autofree char *w = g_strdup_printf("%s.by_tender", what);
    same_members(bt, member(enc, "by_tender"), w, why);
  }
  const cJSON *bl = member(o, "by_line"), *v;
  if (!cJSON_IsObject(bl))
    why_add(why, "%s.by_line: not an object", what);
  else
    cJSON_ArrayForEach(v, bl) if (!pos_line_code_valid(v->string) || !is_int(v))
      why_add(why, "%s.by_line.%s: not a line code with an integer", what, v->string);
}

static void check_day_close(const cJSON *o, GString *why)
{
  g_autofree char *message = NULL;
  const char *code = payload_verdict("day_close", "day_close", o, &message);
  if (code)
    why_add(why, "the hub refuses it: %s (%s)", code, message);
  day_close_members(o, "day_close", why);
}

/* Every event of a batch as the till writes it (sync-client.c encode_event). */
static void check_batch(Check *c, const cJSON *o, int line, GString *why)
{
  g_autofree char *body = wire_json_print(o);
  g_autofree char *message = NULL;
  HubBatch *b = NULL;
  const char *code = batch_verdict(body, &b, &message);
  if (code)
    why_add(why, "the hub refuses it: %s (%s)", code, message);
  hub_batch_free(b);
  want_members(o, "batch", why, "device_id", "sent_ms", "events", NULL);
  const cJSON *ev;
  int i = 0;
  cJSON_ArrayForEach(ev, member(o, "events")) {
    g_autofree char *what = g_strdup_printf("events[%d]", i++);
    const cJSON *kind = member(ev, "kind");
    const char *k = cJSON_IsString(kind) ? kind->valuestring : "";
    const char *payload = strcmp(k, "product") == 0     ? "product"
                          : strcmp(k, "day_close") == 0 ? "day_close"
                                                        : "doc";
    want_members(ev, what, why, "id", "kind", "device_time_ms", "business_day", payload, NULL);
    const cJSON *p = member(ev, payload);
    g_autofree char *pwhat = g_strdup_printf("%s.%s", what, payload);
    if (strcmp(payload, "product") == 0) {
      product_members(p, pwhat, why);
      continue;
    }
    if (strcmp(payload, "day_close") == 0) {
      day_close_members(p, pwhat, why);
      if (int_of(member(ev, "device_time_ms")) != int_of(member(p, "closed_ms")))
        why_add(why, "%s.device_time_ms: the till sends closed_ms", what);
    } else {
      g_autoptr(GString) sub = g_string_new(NULL);
      check_doc(c, p, line, sub);
      if (sub->len)
        why_add(why, "%s: %s", pwhat, sub->str);
      if (int_of(member(ev, "device_time_ms")) != int_of(member(p, "device_time_ms")))
        why_add(why, "%s.device_time_ms: the till sends the document's", what);
    }
    const cJSON *d1 = member(ev, "business_day"), *d2 = member(p, "business_day");
    if (!cJSON_IsString(d1) || !cJSON_IsString(d2) || strcmp(d1->valuestring, d2->valuestring))
      why_add(why, "%s.business_day: the till sends the payload's", what);
  }
}

/*
** The answer is rebuilt by the hub's own writer from the statuses it shows,
** and must come out the same, member for member.
*/
static void check_batch_answer(const cJSON *o, GString *why)
{
  const cJSON *results = member(o, "results"), *r;
  want_members(o, "answer", why, "results", "hub_time_ms", "skew_ms", NULL);
  if (!cJSON_IsArray(results) || !is_int(member(o, "hub_time_ms"))
      || !is_int(member(o, "skew_ms"))) {
    why_add(why, "results must be an array, hub_time_ms and skew_ms integers");
    return;
  }
  g_autoptr(HubBatch) b = g_new0(HubBatch, 1);
  b->events = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
  b->has_sent = TRUE;
  int64_t now = int_of(member(o, "hub_time_ms"));
  b->sent_ms = now - int_of(member(o, "skew_ms"));
  cJSON_ArrayForEach(r, results) {
    const cJSON *id = member(r, "id"), *status = member(r, "status");
    const cJSON *code = member(r, "code"), *msg = member(r, "message");
    HubEvent *ev = hub_event_new();
    g_ptr_array_add(b->events, ev);
    if (!cJSON_IsString(id) || !pos_uuid_valid(id->valuestring) || !cJSON_IsString(status)) {
      why_add(why, "a result needs a lower-case UUID id and a status");
      continue;
    }
    g_strlcpy(ev->id, id->valuestring, sizeof ev->id);
    if (strcmp(status->valuestring, "accepted") == 0) {
      ev->status = HUB_STATUS_ACCEPTED;
    } else if (strcmp(status->valuestring, "duplicate") == 0) {
      ev->status = HUB_STATUS_DUPLICATE;
    } else if (strcmp(status->valuestring, "rejected") == 0 && cJSON_IsString(code)
               && cJSON_IsString(msg)) {
      SyncWireCode wc = sync_wire_code_from_name(code->valuestring);
      if (wc != SYNC_WIRE_BAD_REQUEST && !sync_wire_code_is_verdict(wc)) {
        why_add(why, "%s is not a per-event rejection code", code->valuestring);
        wc = SYNC_WIRE_BAD_REQUEST;
      }
      hub_event_reject(ev, wc, "%s", msg->valuestring);
    } else {
      why_add(why, "status %s (rejected needs code and message)", status->valuestring);
    }
  }
  g_autofree char *text = hub_batch_answer(b, now);
  g_autoptr(cJSON) again = cJSON_Parse(text);
  if (!cJSON_Compare(again, o, TRUE))
    why_add(why, "the hub writes it otherwise: %s", text);
}

/* The wire's decoder, then a code the hub can match. */
static void check_enroll_request(const cJSON *o, GString *why)
{
  const char *code, *dev, *name;
  g_autoptr(GError) bad = NULL;
  if (!wire_enroll_request_from_json(o, &code, &dev, &name, &bad)) {
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
    return;
  }
  g_autofree char *canon = hub_enroll_code_normalize(code);
  if (canon == NULL)
    why_add(why, "code: not a code the hub can match");
  if (cJSON_GetArraySize(o) > 3 || (name == NULL && cJSON_GetArraySize(o) > 2))
    why_add(why, "members beyond code, device_id, stall_name");
}

/* {"code","name","market":{"code","name"}} as the enroll answers write it. */
static void check_stall_object(const cJSON *s, GString *why)
{
  want_members(s, "stall", why, "code", "name", "market", NULL);
  want_members(member(s, "market"), "stall.market", why, "code", "name", NULL);
  const cJSON *sc = member(s, "code"), *mc = member(member(s, "market"), "code");
  if (!cJSON_IsString(sc) || !hub_code_valid(sc->valuestring) || !is_text(member(s, "name")))
    why_add(why, "stall: a code (1-16 of A-Z 0-9 _ -) and a name");
  if (!cJSON_IsString(mc) || !hub_code_valid(mc->valuestring)
      || !is_text(member(member(s, "market"), "name")))
    why_add(why, "stall.market: a code and a name");
}

static void check_enroll_answer(const cJSON *o, GString *why)
{
  WireEnrollAnswer a;
  g_autoptr(GError) bad = NULL;
  want_members(o, "answer", why, "token", "stall", "hub_time_ms", NULL);
  if (!wire_enroll_answer_from_json(o, &a, &bad))
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
  else if (!hub_token_well_formed(a.token) || !a.has_hub_time)
    why_add(why, "token: 64 lower-case hex digits; hub_time_ms: an integer");
  check_stall_object(member(o, "stall"), why);
}

/* The wire's decoder, then a code the hub could have issued: XXXX-XXXX-XXXX, canonical. */
static void check_enroll_code_answer(const cJSON *o, GString *why)
{
  WireEnrollCodeAnswer a;
  g_autoptr(GError) bad = NULL;
  want_members(o, "answer", why, "code", "stall", "expires_ms", NULL);
  if (!wire_enroll_code_answer_from_json(o, &a, &bad)) {
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
    return;
  }
  g_autofree char *canon = hub_enroll_code_normalize(a.code);
  g_auto(GStrv) parts = g_strsplit(a.code, "-", -1);
  g_autofree char *plain = g_strjoinv("", parts);
  if (canon == NULL || strlen(a.code) != 14 || a.code[4] != '-' || a.code[9] != '-'
      || strcmp(plain, canon) != 0)
    why_add(why, "code: not a code the hub issues (XXXX-XXXX-XXXX of its alphabet)");
  check_stall_object(member(o, "stall"), why);
}

/* The wire's decoder; the lines shown must be the hub's built-in ones, with their names. */
static void check_taxonomy(const cJSON *o, GString *why)
{
  g_autoptr(GPtrArray) builtin = hub_taxonomy_parse(hub_taxonomy_builtin(), NULL);
  g_autoptr(GError) bad = NULL;
  const cJSON *l;
  want_members(o, "taxonomy", why, "lines", NULL);
  cJSON_ArrayForEach(l, member(o, "lines"))
    want_members(l, "line", why, "code", "name_ko", "name_en", NULL);
  g_autoptr(GPtrArray) lines = wire_taxonomy_from_json(o, &bad);
  if (lines == NULL) {
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
    return;
  }
  if (lines->len == 0)
    why_add(why, "lines: a non-empty array");
  for (guint i = 0; i < lines->len; i++) {
    const WireLine *w = g_ptr_array_index(lines, i);
    gboolean found = FALSE;
    for (guint j = 0; builtin && j < builtin->len; j++) {
      const HubLine *h = g_ptr_array_index(builtin, j);
      found = found || (strcmp(h->code, w->code) == 0 && strcmp(h->name_ko, w->name_ko) == 0
                        && strcmp(h->name_en, w->name_en) == 0);
    }
    if (!found)
      why_add(why, "line %s: not in the built-in taxonomy with these names", w->code);
  }
}

/* Keys in order (the hub's rollups are sorted); returns their sum. */
static int64_t amounts_sum(const GArray *a, const char *what, GString *why)
{
  const char *prev = "";
  int64_t sum = 0;
  for (guint i = 0; i < a->len; i++) {
    const WireAmount *x = &g_array_index(a, WireAmount, i);
    if (strcmp(prev, x->key) >= 0)
      why_add(why, "%s.%s: keys in order", what, x->key);
    prev = x->key;
    sum += x->amount;
  }
  return sum;
}

/* The wire's decoder, then the sums the hub's rollups keep. */
static void check_summary(const cJSON *o, GString *why)
{
  g_auto(WireSummary) s = {0};
  g_autoptr(GError) bad = NULL;
  want_members(o, "summary", why, "stall", "from", "to", "receipts", "sales", "voids",
               "refunds", "total", "taxable", "supply", "vat", "exempt", "by_tender",
               "by_line", "last_sync", NULL);
  if (!wire_summary_from_json(o, &s, &bad)) {
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
    return;
  }
  if (!hub_code_valid(s.stall))
    why_add(why, "stall: a stall code");
  if (s.receipts != s.sales - s.voids)
    why_add(why, "receipts must be sales - voids");
  if (s.total != s.taxable + s.exempt || s.taxable != s.supply + s.vat)
    why_add(why, "total = taxable + exempt and taxable = supply + vat");
  if (amounts_sum(s.by_tender, "by_tender", why) != s.total)
    why_add(why, "by_tender must sum to total");
  if (amounts_sum(s.by_line, "by_line", why) != s.total)
    why_add(why, "by_line must sum to total");
}

/* The wire's decoder, then codes the hub accepts. */
static void check_markets(const cJSON *o, GString *why)
{
  const cJSON *m;
  g_autoptr(GError) bad = NULL;
  want_members(o, "markets", why, "markets", NULL);
  cJSON_ArrayForEach(m, member(o, "markets"))
    want_members(m, "market", why, "code", "name", "stalls", NULL);
  g_autoptr(GArray) markets = wire_markets_from_json(o, &bad);
  if (markets == NULL) {
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
    return;
  }
  for (guint i = 0; i < markets->len; i++)
    if (!hub_code_valid(g_array_index(markets, WireMarket, i).code))
      why_add(why, "market %s: not a market code", g_array_index(markets, WireMarket, i).code);
}

/* The wire's decoder (which checks the two sync members agree), then the market's code. */
static void check_market_stalls(const cJSON *o, GString *why)
{
  const cJSON *s;
  const char *market = NULL;
  g_autoptr(GError) bad = NULL;
  want_members(o, "market-stalls", why, "market", "stalls", NULL);
  cJSON_ArrayForEach(s, member(o, "stalls"))
    want_members(s, "stall", why, "code", "name", "last_sync", "last_sync_ms", NULL);
  g_autoptr(GArray) stalls = wire_market_stalls_from_json(o, &market, &bad);
  if (stalls == NULL)
    why_add(why, "the wire's decoder refuses it: %s", bad->message);
  else if (!hub_code_valid(market))
    why_add(why, "market: a market code");
}

/* The pinned row fields of docs/ANALYTICS.md (Outputs), per report. */
static void check_report(const cJSON *o, GString *why)
{
  static const char *const pinned[][12] = {
    {"lines", "line", "revenue", "share", "growth", "lq", "stalls", "hhi", "penetration",
     "price_index", "score", "verdict"},
    {"stores", "stall", "revenue", "growth", "receipts", "avg_ticket", "active_days",
     "stability", "score", "abc", "core", NULL},
    {"stalls", "stall", "revenue", "receipts", "avg_ticket", "percentile", "onnuri_share",
     "last_sync", NULL, NULL, NULL, NULL},
  };
  want_members(o, "report", why, "report", "version", "market", "period", "compare", "as_of",
               "config", "summary", "totals", "rows", NULL);
  want_members(member(o, "market"), "market", why, "code", "name", NULL);
  const cJSON *period = member(o, "period"), *cmp = member(o, "compare");
  want_members(period, "period", why, "from", "to", "days", NULL);
  const cJSON *from = member(period, "from"), *to = member(period, "to");
  AnPeriod p;
  if (!cJSON_IsString(from) || !cJSON_IsString(to)
      || !an_period_parse(from->valuestring, to->valuestring, &p, NULL)
      || (guint)int_of(member(period, "days")) != an_period_days(p)) {
    why_add(why, "period: from, to and its number of days");
    return;
  }
  if (!cJSON_IsNull(cmp)) {
    want_members(cmp, "compare", why, "mode", "from", "to", "days", NULL);
    const cJSON *mode = member(cmp, "mode");
    AnCompare c;
    char f[AN_DAY_ISO_LEN], t[AN_DAY_ISO_LEN];
    if (!cJSON_IsString(mode) || !an_compare_parse(mode->valuestring, &c) || c == AN_COMPARE_NONE) {
      why_add(why, "compare.mode: previous or last-year");
    } else {
      AnPeriod q = c == AN_COMPARE_PREVIOUS ? an_period_previous(p) : an_period_last_year(p);
      an_day_format(q.from, f);
      an_day_format(q.to, t);
      const cJSON *cf = member(cmp, "from"), *ct = member(cmp, "to");
      if (!cJSON_IsString(cf) || !cJSON_IsString(ct) || strcmp(cf->valuestring, f)
          || strcmp(ct->valuestring, t) || (guint)int_of(member(cmp, "days")) != an_period_days(q))
        why_add(why, "compare: the %s period is %s to %s", mode->valuestring, f, t);
    }
  }
  int64_t as_of_ms = 0;
  if (!wire_sync_time_parse(cJSON_GetStringValue(member(o, "as_of")), &as_of_ms))
    why_add(why, "as_of: an ISO time in Asia/Seoul");
  if (!is_int(member(o, "version")))
    why_add(why, "version: an integer");
  g_auto(WireReport) decoded = {0};
  g_autoptr(GError) bad = NULL;
  if (!wire_report_from_json(o, &decoded, &bad))
    why_add(why, "the wire's report decoder refuses it: %s", bad->message);
  const cJSON *kind = member(o, "report"), *row;
  guint k = 0;
  while (k < G_N_ELEMENTS(pinned) && !(cJSON_IsString(kind)
                                       && strcmp(pinned[k][0], kind->valuestring) == 0))
    k++;
  if (k == G_N_ELEMENTS(pinned)) {
    why_add(why, "report: lines, stores or stalls");
    return;
  }
  cJSON_ArrayForEach(row, member(o, "rows"))
    for (guint i = 1; i < 12 && pinned[k][i]; i++)
      if (member(row, pinned[k][i]) == NULL)
        why_add(why, "rows: pinned field %s missing", pinned[k][i]);
}

static void check_error(Check *c, const cJSON *o, GString *why)
{
  const cJSON *e = member(o, "error");
  want_members(o, "error body", why, "error", NULL);
  want_members(e, "error", why, "code", "message", NULL);
  const cJSON *code = member(e, "code");
  gboolean listed = FALSE;
  for (guint i = 0; cJSON_IsString(code) && i < c->error_codes->len; i++)
    listed |= strcmp(g_ptr_array_index(c->error_codes, i), code->valuestring) == 0;
  if (!listed || !is_text(member(e, "message")))
    why_add(why, "error.code must be a code of the error table, with a message");
}

static void check_healthz(const cJSON *o, GString *why)
{
  const cJSON *s = member(o, "status");
  want_members(o, "healthz", why, "status", NULL);
  if (!cJSON_IsString(s) || strcmp(s->valuestring, "ok") != 0)
    why_add(why, "status: \"ok\"");
}

/* Decodes one example; the reasons it is not valid go to why. */
static void check_example(Check *c, const char *type, const cJSON *o, int line, GString *why)
{
  if (strcmp(type, "doc") == 0)
    check_doc(c, o, line, why);
  else if (strcmp(type, "batch") == 0)
    check_batch(c, o, line, why);
  else if (strcmp(type, "batch-answer") == 0)
    check_batch_answer(o, why);
  else if (strcmp(type, "product") == 0)
    check_product(o, why);
  else if (strcmp(type, "day-close") == 0)
    check_day_close(o, why);
  else if (strcmp(type, "enroll-request") == 0)
    check_enroll_request(o, why);
  else if (strcmp(type, "enroll-answer") == 0)
    check_enroll_answer(o, why);
  else if (strcmp(type, "enroll-code-answer") == 0)
    check_enroll_code_answer(o, why);
  else if (strcmp(type, "taxonomy") == 0)
    check_taxonomy(o, why);
  else if (strcmp(type, "summary") == 0)
    check_summary(o, why);
  else if (strcmp(type, "markets") == 0)
    check_markets(o, why);
  else if (strcmp(type, "market-stalls") == 0)
    check_market_stalls(o, why);
  else if (strcmp(type, "report") == 0)
    check_report(o, why);
  else if (strcmp(type, "error") == 0)
    check_error(c, o, why);
  else if (strcmp(type, "healthz") == 0)
    check_healthz(o, why);
  else
    why_add(why, "unknown example type '%s'", type);
}

/*
** The code the hub refuses a counter-example with (NULL: accepted), for the
** types it decodes.  *message says why, or that the type has no decoder.
*/
static const char *refusal(const char *type, const cJSON *o, char **message)
{
  if (strcmp(type, "doc") == 0)
    return payload_verdict(doc_kind(o), "doc", o, message);
  if (strcmp(type, "product") == 0)
    return payload_verdict("product", "product", o, message);
  if (strcmp(type, "day-close") == 0)
    return payload_verdict("day_close", "day_close", o, message);
  if (strcmp(type, "batch") == 0) {
    g_autofree char *body = wire_json_print(o);
    return batch_verdict(body, NULL, message);
  }
  *message = g_strdup_printf("no decoder refuses a %s: counter-examples only for doc, "
                             "product, day-close and batch", type);
  return "(none)";
}

/*
** A void or refund is what the till would build from its sale: the sale's
** lines and tenders negated (pos_sale_void_of), or the lines it names taken
** back in one tender (pos_sale_refund_of).
*/
static void check_undo(Check *c)
{
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, c->docs);
  while (g_hash_table_iter_next(&it, &key, &value)) {
    const PosSale *d = value;
    const PosSale *orig = d->kind == POS_DOC_SALE ? NULL
                                                  : g_hash_table_lookup(c->docs, d->original_id);
    if (orig == NULL)
      continue;
    g_autoptr(PosSale) built = NULL;
    if (d->kind == POS_DOC_VOID) {
      built = pos_sale_void_of(orig, d->device_time_ms, d->reason);
    } else {
      g_autofree int *nos = g_new0(int, d->lines->len + 1);
      PosTenderMethod m = POS_TENDER_CASH;
      for (guint i = 0; i < d->lines->len; i++)
        nos[i] = ((const PosLine *)g_ptr_array_index(d->lines, i))->refunded_from;
      if (d->tenders->len)
        m = ((const PosTender *)g_ptr_array_index(d->tenders, 0))->method;
      built = pos_sale_refund_of(orig, nos, d->lines->len, m, d->device_time_ms, d->reason,
                                 NULL);
    }
    int line = GPOINTER_TO_INT(g_hash_table_lookup(c->doc_lines, d->id));
    if (built == NULL) {
      g_ptr_array_add(c->invalid, g_strdup_printf("PROTOCOL.md:%d: %s %s: the till cannot "
                                                  "build it from its sale", line,
                                                  pos_doc_kind_name(d->kind), d->id));
      continue;
    }
    g_strlcpy(built->id, d->id, sizeof built->id);
    g_strlcpy(built->receipt_no, d->receipt_no, sizeof built->receipt_no);
    g_autoptr(cJSON) a = wire_sale_to_json(built), b = wire_sale_to_json(d);
    if (!cJSON_Compare(a, b, TRUE)) {
      g_autofree char *t = text_of(a);
      g_ptr_array_add(c->invalid, g_strdup_printf("PROTOCOL.md:%d: %s %s differs from the "
                                                  "one the till builds from its sale: %s",
                                                  line, pos_doc_kind_name(d->kind), d->id, t));
    }
  }
}

/* ---- The page ----------------------------------------------------------------------- */

/* Only spaces, tabs or a carriage return. */
static gboolean blank(const char *line)
{
  return line[strspn(line, " \t\r")] == '\0';
}

/* "<!-- example: X -->" or "<!-- refused: X -->": the word in *kind, X returned. */
static char *marker(const char *line, gboolean *refused)
{
  g_autofree char *t = g_strstrip(g_strdup(line));
  const char *rest = NULL;
  if (g_str_has_prefix(t, "<!-- example:"))
    rest = t + 13, *refused = FALSE;
  else if (g_str_has_prefix(t, "<!-- refused:"))
    rest = t + 13, *refused = TRUE;
  if (rest == NULL || !g_str_has_suffix(rest, "-->"))
    return NULL;
  char *x = g_strndup(rest, strlen(rest) - 3);
  return g_strstrip(x);
}

/* The codes of the page's error table: rows "| `code` | NNN | ...". */
static void error_table(Check *c, char **lines)
{
  for (guint i = 0; lines[i]; i++) {
    const char *l = lines[i], *end;
    if (!g_str_has_prefix(l, "| `") || (end = strstr(l + 3, "` | ")) == NULL)
      continue;
    if (strspn(end + 4, "0123456789") == 3)
      g_ptr_array_add(c->error_codes, g_strndup(l + 3, (gsize)(end - l - 3)));
  }
}

/*
** One pass over a page: every fenced block whose info string is json is
** decoded according to its marker.  Fences are lines starting with ```.
*/
static void check_markdown(const char *text, Check *c)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_autofree char *last_type = NULL;
  g_autoptr(cJSON) last_example = NULL;
  error_table(c, lines);
  for (int i = 0; lines[i]; i++) {
    gboolean refused = FALSE;
    g_autofree char *mk = marker(lines[i], &refused);
    if (!g_str_has_prefix(lines[i], "```")) {
      if (mk) {
        int j = i + 1;
        while (lines[j] && blank(lines[j]))
          j++;
        if (lines[j] == NULL || !g_str_has_prefix(lines[j], "```json"))
          g_ptr_array_add(c->unmarked, g_strdup_printf("PROTOCOL.md:%d: a marker without a "
                                                       "```json block after it", i + 1));
      }
      continue;
    }
    const char *info = lines[i] + 3;
    int start = i + 1, end = start;
    while (lines[end] && !g_str_has_prefix(lines[end], "```"))
      end++;
    if (lines[end] == NULL) {
      g_ptr_array_add(c->unmarked, g_strdup_printf("PROTOCOL.md:%d: unclosed fence", i + 1));
      return;
    }
    gboolean json = strncmp(info, "json", 4) == 0 && blank(info + 4);
    int fence = i;
    i = end;
    if (!json)
      continue;
    int k = fence - 1;
    while (k >= 0 && blank(lines[k]))
      k--;
    gboolean m_refused = FALSE;
    g_autofree char *what = k >= 0 ? marker(lines[k], &m_refused) : NULL;
    if (what == NULL) {
      g_ptr_array_add(c->unmarked, g_strdup_printf("PROTOCOL.md:%d: a ```json block without "
                                                   "<!-- example: TYPE --> or <!-- refused: "
                                                   "CODE -->", fence + 1));
      continue;
    }
    g_autofree char *body = NULL;
    {
      g_autoptr(GString) s = g_string_new(NULL);
      for (int l = start; l < end; l++)
        g_string_append_printf(s, "%s\n", lines[l]);
      body = g_string_free(g_steal_pointer(&s), FALSE);
    }
    g_autoptr(cJSON) o = cJSON_Parse(body);
    GPtrArray *failures = m_refused ? c->not_refused : c->invalid;
    if (!cJSON_IsObject(o)) {
      g_ptr_array_add(failures, g_strdup_printf("PROTOCOL.md:%d: not a JSON object", fence + 1));
      continue;
    }
    if (!m_refused) {
      g_autoptr(GString) why = g_string_new(NULL);
      c->n_examples++;
      g_hash_table_replace(c->types, g_strdup(what),
                           GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(c->types, what))
                                            + 1));
      check_example(c, what, o, fence + 1, why);
      if (why->len)
        g_ptr_array_add(c->invalid, g_strdup_printf("PROTOCOL.md:%d: example %s: %s", fence + 1,
                                                    what, why->str));
      if (strcmp(what, "doc") == 0 && c->first_doc == NULL)
        c->first_doc = g_strdup(body);
      g_free(last_type);
      last_type = g_strdup(what);
      cJSON_Delete(last_example);
      last_example = g_steal_pointer(&o);
      continue;
    }
    c->n_refused++;
    if (last_example == NULL) {
      g_ptr_array_add(c->not_refused, g_strdup_printf("PROTOCOL.md:%d: a counter-example "
                                                      "with no example above it", fence + 1));
      continue;
    }
    g_autoptr(cJSON) changed = merged(last_example, o);
    g_autofree char *message = NULL;
    const char *code = refusal(last_type, changed, &message);
    if (g_strcmp0(code, what) != 0)
      g_ptr_array_add(c->not_refused,
                      g_strdup_printf("PROTOCOL.md:%d: counter-example of %s: documented as "
                                      "refused with %s, but the hub %s%s%s%s", fence + 1,
                                      last_type, what, code ? "answers " : "accepts it",
                                      code ? code : "", message ? ": " : "",
                                      message ? message : ""));
  }
  check_undo(c);
}

/* ---- Tests ---------------------------------------------------------------------------- */

static char *read_page(void)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  if (!g_file_get_contents(MPOS_PROTOCOL_MD, &text, NULL, &error))
    g_error("%s", error->message);
  return text;
}

/* Shows every failure, then fails when there was any. */
static void assert_none(GPtrArray *failures, const char *what)
{
  for (guint i = 0; i < failures->len; i++)
    g_test_message("%s", (const char *)g_ptr_array_index(failures, i));
  if (failures->len)
    g_test_fail_printf("%u %s (see the messages above)", failures->len, what);
}

static void run_page(Check *c)
{
  g_autofree char *text = read_page();
  check_init(c);
  check_markdown(text, c);
}

/* Every ```json block carries a marker, and every marker a block. */
static void test_markers(void)
{
  Check c;
  run_page(&c);
  assert_none(c.unmarked, "unmarked blocks or stray markers");
  g_assert_cmpuint(c.n_examples, >, 0);
  check_clear(&c);
}

/* Every example decodes with the code's decoder for its object. */
static void test_examples(void)
{
  Check c;
  run_page(&c);
  assert_none(c.invalid, "examples the code does not accept as written");
  check_clear(&c);
}

/* Every counter-example is refused, with the code the page says. */
static void test_refused(void)
{
  Check c;
  run_page(&c);
  assert_none(c.not_refused, "counter-examples not refused as documented");
  g_assert_cmpuint(c.n_refused, >, 0);
  check_clear(&c);
}

/* Every object of the protocol has an example, and the error table every code. */
static void test_coverage(void)
{
  Check c;
  run_page(&c);
  for (guint i = 0; i < G_N_ELEMENTS(TYPES); i++)
    if (!g_hash_table_contains(c.types, TYPES[i]))
      g_test_fail_printf("no example of %s", TYPES[i]);
  /* Every request-level code of the wire table (verdicts have their own list). */
  gsize n = 0;
  const MposErrorInfo *table = sync_wire_table(&n);
  for (gsize i = 0; i < n; i++) {
    if (table[i].http_status == 200)
      continue;
    gboolean found = FALSE;
    for (guint k = 0; k < c.error_codes->len; k++)
      found |= strcmp(g_ptr_array_index(c.error_codes, k), table[i].name) == 0;
    if (!found)
      g_test_fail_printf("the error table lacks %s", table[i].name);
  }
  check_clear(&c);
}

/* The limits and names the page states are the code's. */
static void test_limits(void)
{
  g_autofree char *text = read_page();
  HubServerOptions o;
  hub_server_options_init(&o);
  char bytes[32];
  g_autofree char *body = g_strdup_printf("| request body | %" G_GSIZE_FORMAT " MiB (%s bytes) |",
                                          o.max_body >> 20,
                                          pos_money_format((PosMoney)o.max_body, bytes,
                                                           sizeof bytes));
  g_autofree char *events = g_strdup_printf("| events per batch | %u |", o.max_events);
  g_autofree char *conns = g_strdup_printf("| concurrent connections | %u;", o.max_connections);
  g_autofree char *timeout = g_strdup_printf("| connection timeout | %u s", o.timeout_s);
  g_autofree char *memory = g_strdup_printf("| %" G_GSIZE_FORMAT " KiB of buffers",
                                            o.conn_memory >> 10);
  g_autofree char *client = g_strdup_printf("at most %u events or %u MiB of body",
                                            SYNC_BATCH_MAX_EVENTS, SYNC_BATCH_MAX_BYTES >> 20);
  g_autofree char *skew = g_strdup_printf("over %d minutes", (int)(HUB_SKEW_LIMIT_MS / 60000));
  g_autofree char *ttl = g_strdup_printf("codes live %d days",
                                         (int)(HUB_ENROLL_TTL_MS / (24 * 3600 * 1000)));
  g_autofree char *per_address =
    g_strdup_printf("| connections from one address | %u;", o.per_address);
  g_autofree char *headers = g_strdup_printf("| request headers | %u s", o.header_timeout_s);
  g_autofree char *enroll = g_strdup_printf("| enrollment attempts | %u per address and minute",
                                            o.enroll_per_minute);
  g_autofree char *auth = g_strdup_printf("| failed authentications | %u per address and minute",
                                          o.auth_failures_per_minute);
  const char *want[] = {body, events, conns, timeout, memory, client, skew, ttl,
                        per_address, headers, enroll, auth};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    if (strstr(text, want[i]) == NULL)
      g_test_fail_printf("PROTOCOL.md does not say \"%s\"", want[i]);
  hub_server_options_clear(&o);
  /* every payment method of the code, by its wire name */
  for (int m = 0; m < POS_TENDER_N; m++) {
    g_autofree char *name = g_strdup_printf("`%s`", pos_tender_method_name((PosTenderMethod)m));
    if (strstr(text, name) == NULL)
      g_test_fail_printf("PROTOCOL.md does not name the method %s", name);
  }
}

/*
** The checker can fail: a sale with one won changed, an unmarked block, a
** counter-example the hub accepts and one refused with another code are
** all caught.
*/
static void test_checker(void)
{
  Check page;
  run_page(&page);
  g_assert_nonnull(page.first_doc);
  g_autoptr(cJSON) sale = cJSON_Parse(page.first_doc);
  cJSON *amount = cJSON_GetObjectItemCaseSensitive(
    cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sale, "lines"), 0), "amount");
  cJSON_SetNumberValue(amount, amount->valuedouble + 1);
  g_autofree char *broken = wire_json_print(sale);
  g_autofree char *md = g_strdup_printf(
    "| `bad_request` | 400 | x |\n\n"
    "<!-- example: doc -->\n```json\n%s\n```\n\n"       /* one won off: invalid */
    "```json\n{}\n```\n\n"                               /* unmarked */
    "<!-- example: doc -->\n```json\n%s\n```\n\n"       /* the real one: valid */
    "<!-- refused: bad_request -->\n```json\n{\"reason\": \"잘못\"}\n```\n\n"  /* accepted */
    "<!-- refused: bad_request -->\n```json\n{\"supply\": 1}\n```\n\n"       /* unreconciled */
    "<!-- refused: unreconciled -->\n```json\n{\"supply\": 1, \"vat\": 5428}\n```\n\n"
    "<!-- example: healthz -->\n\ntext\n",               /* marker without a block */
    broken, page.first_doc);
  Check c;
  check_init(&c);
  check_markdown(md, &c);
  g_assert_cmpuint(c.n_examples, ==, 2);
  g_assert_cmpuint(c.invalid->len, ==, 1);
  g_assert_nonnull(strstr(g_ptr_array_index(c.invalid, 0), "does not reconcile"));
  g_assert_cmpuint(c.unmarked->len, ==, 2);
  g_assert_cmpuint(c.n_refused, ==, 3);
  g_assert_cmpuint(c.not_refused->len, ==, 2);
  g_assert_nonnull(strstr(g_ptr_array_index(c.not_refused, 0), "accepts it"));
  g_assert_nonnull(strstr(g_ptr_array_index(c.not_refused, 1), "answers unreconciled"));
  check_clear(&c);
  check_clear(&page);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/protocol/doc/markers", test_markers);
  g_test_add_func("/protocol/doc/examples", test_examples);
  g_test_add_func("/protocol/doc/refused", test_refused);
  g_test_add_func("/protocol/doc/coverage", test_coverage);
  g_test_add_func("/protocol/doc/limits", test_limits);
  g_test_add_func("/protocol/doc/checker", test_checker);
  return g_test_run();
}
