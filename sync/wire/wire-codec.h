/*
** wire-codec.h: every object of docs/PROTOCOL.md, encoded and decoded in
** one place for both ends.  The stall's export and sync client, the hub,
** the till and the office all read and write the protocol's JSON through
** these functions and nowhere else.  The wire depends on pos/ (the document
** types, pos_sale_check) and on cJSON, never on either end: sync/stall and
** sync/hub link it, not the reverse.
**
** One file an object (each explains its method on top):
**   wire-json.c      integers, strings, days, parsing and printing
**   wire-sale.c      sale/void/refund documents, the day close (Z report)
**   wire-product.c   a catalog product
**   wire-batch.c     POST /v1/events: the batch, its events, the answer
**   wire-enroll.c    POST /v1/enroll request and answer, the stall object
**   wire-taxonomy.c  GET /v1/taxonomy
**   wire-summary.c   GET /v1/stalls/CODE/summary
**   wire-market.c    GET /v1/markets and GET /v1/markets/CODE/stalls
**   wire-error.c     the error codes and the error body (wire-error.h)
**
** Decoders trust nothing: type, range and length of every field are
** checked and the first bad one is named.  Unless a function says
** otherwise, its errors are WIRE_ERROR with a SyncWireCode as the code
** (BAD_REQUEST for a bad field).  Field names are the wire format.
*/
#ifndef WIRE_CODEC_H
#define WIRE_CODEC_H

#include "mb-clock.h"
#include "pos.h"
#include "wire-error.h"
#include <cjson/cJSON.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cJSON, cJSON_Delete)

/* Errors of the decoders; the code is a SyncWireCode. */
/* The protocol version of docs/PROTOCOL.md: the /v1/ of every path.  The
** programs' --version prints it. */
#define WIRE_PROTOCOL_VERSION 1

#define WIRE_ERROR (wire_error_quark())
GQuark wire_error_quark(void);

/* Times on the wire: Unix ms in the market clock's range (mb-clock.h). */
#define WIRE_TIME_MAX MB_TIME_MAX_MS

/* ---- JSON primitives (wire-json.c) ---------------------------------------- */

/* Members written into o: an integer (exact below 2^53); a string, JSON null for NULL. */
void wire_json_add_int(cJSON *o, const char *name, int64_t v);
void wire_json_add_str(cJSON *o, const char *name, const char *v);
/* A new empty object appended to o's array member named array. Transfer none (in o). */
cJSON *wire_json_add_entry(cJSON *o, const char *array);
/* TRUE and *out when v is a number, integral and within [lo, hi]; else FALSE, *out untouched. */
gboolean wire_json_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out);
/* wire_json_int on member name of o (o may be NULL). */
gboolean wire_json_get_int(const cJSON *o, const char *name, int64_t lo, int64_t hi,
                           int64_t *out);
/* Member name as 1..max bytes of UTF-8, or NULL. Transfer none (lives in o). */
const char *wire_json_get_str(const cJSON *o, const char *name, size_t max);
/* A day written YYYY-MM-DD, as the market clock reads it (mb_day_parse). */
gboolean wire_day_valid(const char *day);
/* The longest string or member name any message may hold, in bytes. */
#define WIRE_JSON_STRING_MAX 65536
/*
** The one JSON reader of the protocol, for every decoder of both ends: a
** body of exactly one JSON object and nothing after it but whitespace.
** BAD_JSON: not JSON, not an object, bytes after it, a control byte.
** BAD_REQUEST: a string or member name holding a NUL (\u0000), not UTF-8
** or over WIRE_JSON_STRING_MAX bytes; an object with a member twice.
** error may be NULL.  Transfer full (cJSON_Delete).
*/
cJSON *wire_json_parse_object(const char *body, gsize len, GError **error);
/*
** A region the parse of one body allocates its whole tree in, freed at once
** (wire-json.c, "The parse arena", says why and how).  hint: the first chunk's size in bytes.
** Transfer full (wire_arena_free, which frees every tree parsed into it).
*/
typedef struct WireArena WireArena;
WireArena *wire_arena_new(gsize hint);
void wire_arena_free(WireArena *a);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(WireArena, wire_arena_free)
/*
** wire_json_parse_object with the tree in arena.  Transfer none: the tree
** lives as long as the arena; never cJSON_Delete it.
*/
cJSON *wire_json_parse_object_in(WireArena *arena, const char *body, gsize len,
                                 GError **error);
/*
** Compact JSON text of a tree, integers printed exactly without printf
** (cJSON's own printer formats and re-reads every number).  Transfer full
** (g_free).
*/
char *wire_json_print(const cJSON *o);
/* cJSON's compact printer, in g_malloc memory (answers keep its bytes). Transfer full. */
char *wire_json_print_cjson(const cJSON *o);

/* ---- Documents and the day close (wire-sale.c) ----------------------------- */

/* The document as a JSON object. Transfer full (cJSON_Delete). */
cJSON *wire_sale_to_json(const PosSale *sale);
/*
** Decodes and checks a document: POS_ERROR_INVALID names the first bad
** field, POS_ERROR_UNRECONCILED says which sum does not add up
** (pos_sale_check).  Transfer full.
*/
PosSale *wire_sale_from_json(const cJSON *obj, GError **error);

/* The Z report as JSON (the pinned close-day fields). Transfer full. */
cJSON *wire_zreport_to_json(const PosZReport *z);

/* The key fields of a day close, as the hub keeps them beside the whole JSON. */
typedef struct {
  char business_day[11];
  int z_no;
  int64_t closed_ms;
  PosMoney total;
  int64_t receipts;
} WireDayClose;

/* Decodes a day close's key fields into *out (zeroed on failure). */
gboolean wire_day_close_from_json(const cJSON *o, WireDayClose *out, GError **error);

/* ---- Products (wire-product.c) --------------------------------------------- */

/*
** A product as JSON; with_quick_key adds the stall's local "quick_key"
** (its CLI listing; never on the wire).  Transfer full.
*/
cJSON *wire_product_to_json(const PosProduct *p, gboolean with_quick_key);
/* Decodes and checks a product ("field product.NAME: ..."). Transfer full. */
PosProduct *wire_product_from_json(const cJSON *o, GError **error);

/* ---- Batches of events (wire-batch.c) -------------------------------------- */

typedef enum {
  WIRE_EVENT_SALE = 0,
  WIRE_EVENT_VOID,
  WIRE_EVENT_REFUND,
  WIRE_EVENT_DAY_CLOSE,
  WIRE_EVENT_PRODUCT
} WireEventKind;

/*
** One event to send: the envelope, and its payload (a document, a day close
** or a product, made by the encoders above) under the kind's key.  Takes
** the payload (transfer full); returns the event, transfer full.
*/
cJSON *wire_event_to_json(const char *id, WireEventKind kind, int64_t device_time_ms,
                          const char *business_day, cJSON *payload);
/*
** The head of a batch body as text, up to and including the opening of its
** events array: {"device_id":..,"sent_ms":..,"events":[ .  The events
** follow, comma-separated (cJSON_PrintUnformatted of wire_event_to_json),
** then WIRE_BATCH_TAIL.  Transfer full (g_free).
*/
char *wire_batch_head(const char *device_id, int64_t sent_ms);
#define WIRE_BATCH_TAIL "]}"

/* A received batch, checked as a whole; the events are decoded one by one. */
typedef struct {
  WireArena *arena;          /* owned: holds root and everything in it */
  cJSON *root;               /* the parsed body, in arena */
  const char *device_id;     /* or NULL; in root */
  gboolean has_sent;
  int64_t sent_ms;
  GPtrArray *events;         /* const cJSON*, in root */
  GPtrArray *ids;            /* const char*, each a lower-case UUID, in root */
  GArray *raw;               /* per event, where its payload's bytes are in the body; or NULL */
} WireBatch;

/*
** Parses a POST /v1/events body and checks the batch as a whole: the strict
** reader's BAD_JSON or BAD_REQUEST (wire_json_parse_object), BAD_REQUEST
** (events, sent_ms, device_id or an event id),
** TOO_LARGE (more than max_events).  Nothing of an event but its id is
** looked at.
*/
gboolean wire_batch_parse(const char *body, gsize len, guint max_events, WireBatch *out,
                          GError **error);
void wire_batch_clear(WireBatch *b);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(WireBatch, wire_batch_clear)

/* One event decoded: the envelope and its payload. */
typedef struct {
  WireEventKind kind;        /* set as soon as it is read (SALE before) */
  int64_t device_time_ms;    /* the envelope's, then the document's */
  PosSale *doc;              /* sale, void, refund: decoded and reconciled; owned */
  PosProduct *product;       /* product; owned */
  WireDayClose close;        /* day_close */
  char *json;                /* the payload as received or printed compactly; owned */
} WireEvent;

/*
** Decodes one event of a batch: BAD_REQUEST names the bad field,
** UNRECONCILED says a document's sums do not add up.  Fields read before the
** fault (kind, device_time_ms) stay in *out; clear it either way.
*/
gboolean wire_event_from_json(const cJSON *j, WireEvent *out, GError **error);
/*
** Event i of a parsed batch, as wire_event_from_json, except that the
** payload's json is a copy of the bytes the body held for it (what the
** till sent, not printed again) whenever wire_batch_parse could place
** them.  The body given to wire_batch_parse must still be alive.
*/
gboolean wire_batch_event(const WireBatch *b, guint i, WireEvent *out, GError **error);
void wire_event_clear(WireEvent *e);

typedef enum {
  WIRE_RESULT_ACCEPTED = 0,
  WIRE_RESULT_DUPLICATE,
  WIRE_RESULT_REJECTED,
  WIRE_RESULT_OTHER          /* read only: a status this build does not know */
} WireResultStatus;

/* One event's verdict in a batch answer.  Strings: transfer none. */
typedef struct {
  const char *id;
  WireResultStatus status;
  const char *status_name;   /* as written (read side) */
  const char *code;          /* REJECTED only */
  const char *message;       /* REJECTED only */
} WireResult;

/* The answer to a batch: results in the batch's order. Transfer full. */
char *wire_batch_answer(const WireResult *results, guint n, int64_t hub_time_ms,
                        int64_t skew_ms);

/* A batch answer, read. */
typedef struct {
  cJSON *root;               /* owned */
  GArray *results;           /* WireResult, strings in root (id, status may be NULL) */
  gboolean has_skew;
  int64_t skew_ms;
} WireBatchAnswer;

/* FALSE: the strict reader's error (wire_json_parse_object), or BAD_REQUEST without a results array. */
gboolean wire_batch_answer_parse(const char *body, gsize len, WireBatchAnswer *out,
                                 GError **error);
void wire_batch_answer_clear(WireBatchAnswer *a);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(WireBatchAnswer, wire_batch_answer_clear)

/* ---- Enrollment (wire-enroll.c) -------------------------------------------- */

/* A stall with its market, as the enroll answers show it.  Transfer none. */
typedef struct {
  const char *code, *name;
  const char *market_code, *market_name;
} WireStall;

/* The request body {"code","device_id","stall_name"}. Transfer full (g_free). */
char *wire_enroll_request(const char *code, const char *device_id, const char *stall_name);
/* A request's fields (strings in o, stall_name may be NULL): BAD_REQUEST names the bad one. */
gboolean wire_enroll_request_from_json(const cJSON *o, const char **code,
                                       const char **device_id, const char **stall_name,
                                       GError **error);
/* The answer {"token","stall","hub_time_ms"}. Transfer full (g_free). */
char *wire_enroll_answer(const char *token, const WireStall *stall, int64_t hub_time_ms);
/* The enroll-code answer {"code","stall","expires_ms"}. Transfer full (g_free). */
char *wire_enroll_code_answer(const char *code, const WireStall *stall, int64_t expires_ms);

/* An enroll answer, read; strings live in the tree it was read from. */
typedef struct {
  const char *token;         /* 64 lower-case hex digits */
  WireStall stall;           /* code set; the others may be NULL */
  gboolean has_hub_time;
  int64_t hub_time_ms;
} WireEnrollAnswer;

/* FALSE (BAD_REQUEST) without a valid token or a stall code. */
gboolean wire_enroll_answer_from_json(const cJSON *o, WireEnrollAnswer *out, GError **error);

/* An enroll-code answer, read; strings live in the tree it was read from. */
typedef struct {
  const char *code;          /* as the hub wrote it */
  WireStall stall;           /* code set; the others may be NULL */
  int64_t expires_ms;
} WireEnrollCodeAnswer;

/* FALSE (BAD_REQUEST) without a code, a stall code or an integer expires_ms. */
gboolean wire_enroll_code_answer_from_json(const cJSON *o, WireEnrollCodeAnswer *out,
                                           GError **error);

/* ---- Taxonomy (wire-taxonomy.c) -------------------------------------------- */

typedef struct {
  char *code, *name_ko, *name_en;
} WireLine;

void wire_line_free(WireLine *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(WireLine, wire_line_free)

/* {"lines":[]}, to be filled with wire_taxonomy_add. Transfer full. */
cJSON *wire_taxonomy_new(void);
void wire_taxonomy_add(cJSON *taxonomy, const char *code, const char *name_ko,
                       const char *name_en);
/*
** The lines of a taxonomy (WireLine*, transfer full); name_en defaults to
** name_ko.  BAD_REQUEST without a lines array, or for a line without a
** valid code or a Korean name.
*/
GPtrArray *wire_taxonomy_from_json(const cJSON *o, GError **error);
/* The built-in taxonomy, seeds/taxonomy.csv as compiled in (transfer none). */
const char *wire_taxonomy_builtin_csv(void);
/*
** The codes of the built-in taxonomy, its first column without the header
** and comment lines, NULL-terminated.  Transfer full.
*/
char **wire_taxonomy_builtin_codes(void);

/* ---- A stall's summary (wire-summary.c) ------------------------------------- */

/* An amount by tender method or product line.  key: transfer none. */
typedef struct {
  const char *key;
  int64_t amount;
} WireAmount;

/* An empty array of WireAmount. Transfer full (g_array_unref). */
GArray *wire_amounts_new(void);

/*
** GET /v1/stalls/CODE/summary.  Strings: transfer none (the caller's when
** encoding, the tree's when decoded).  by_tender and by_line are arrays of
** WireAmount owned by the struct (wire_summary_clear).  last_sync_ms: 0
** when never synced (null on the wire), whole seconds when decoded.
*/
typedef struct {
  const char *stall, *from, *to;
  int64_t receipts, sales, voids, refunds, total, taxable, supply, vat, exempt;
  GArray *by_tender, *by_line;
  int64_t last_sync_ms;
} WireSummary;

/* Frees the two arrays (NULL-safe); the strings are not the struct's. */
void wire_summary_clear(WireSummary *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(WireSummary, wire_summary_clear)
/* The summary as JSON, in the pinned member order. Transfer full (cJSON_Delete). */
cJSON *wire_summary_to_json(const WireSummary *s);
/*
** Decodes a summary into *out (strings in o; clear it after): BAD_REQUEST
** names the first bad field (days, figures, an amount's key or value,
** last_sync).  *out is cleared on failure.
*/
gboolean wire_summary_from_json(const cJSON *o, WireSummary *out, GError **error);
/* A last sync's ISO text as mb_clock_iso writes it, into Unix ms (> 0); FALSE otherwise. */
gboolean wire_sync_time_parse(const char *text, int64_t *ms);

/* ---- Markets and their stalls (wire-market.c) -------------------------------- */

/* A market of GET /v1/markets.  Strings: transfer none. */
typedef struct {
  const char *code, *name;
  int64_t stalls;
} WireMarket;

/* {"markets":[]}, to be filled with wire_markets_add. Transfer full. */
cJSON *wire_markets_new(void);
void wire_markets_add(cJSON *markets, const char *code, const char *name, int64_t stalls);
/*
** The markets (WireMarket, strings in o; the array transfer full).
** BAD_REQUEST without a markets array or for a market without a code, a
** name or an integer count.
*/
GArray *wire_markets_from_json(const cJSON *o, GError **error);

/* A stall of GET /v1/markets/CODE/stalls.  Strings: transfer none; last_sync_ms 0: never. */
typedef struct {
  const char *code, *name;
  int64_t last_sync_ms;
} WireStallSync;

/* {"market":CODE,"stalls":[]}, to be filled with wire_market_stalls_add. Transfer full. */
cJSON *wire_market_stalls_new(const char *market);
/* One stall; last_sync_ms <= 0 writes last_sync and last_sync_ms null. */
void wire_market_stalls_add(cJSON *registry, const char *code, const char *name,
                            int64_t last_sync_ms);
/*
** The stalls (WireStallSync, strings in o; the array transfer full) and
** the market's code (*market, in o).  BAD_REQUEST without a market code or
** a stalls array, for a stall without a code or a name, or whose two sync
** members disagree.
*/
GArray *wire_market_stalls_from_json(const cJSON *o, const char **market, GError **error);

G_END_DECLS
#endif
