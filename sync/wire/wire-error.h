/*
** wire-error.h: the error codes of the hub's answers, both ends.
**
** Every error the hub answers is an HTTP status and a body
** {"error":{"code":"CODE","message":"human text"}} (docs/PROTOCOL.md), and
** every event a batch answer rejects carries a code too.  The codes are
** defined once, in SYNC_WIRE_CODES below: the enum, the table
** (wire-error.c), the hub's answers (their status and body come from
** the row), the labels of the hub's /metrics and the clients' reading of an
** answer are all made from that list.  A client maps the code string of an
** answer to the enum with sync_wire_code_from_name() and decides on the
** enum, never on the message.
**
** The HTTP status of a row is the status of an answer carrying the code;
** 200 marks a verdict on one event inside a batch answer (which is 200),
** never an error answer of its own.  The exit status is what a program
** that received the code exits with (mpos-errors.h).
*/
#ifndef SYNC_WIRE_ERROR_H
#define SYNC_WIRE_ERROR_H

#include "mpos-errors.h"

G_BEGIN_DECLS

/*
** X(CODE, name, HTTP status, exit status, default message).  Names are the
** protocol: never changed, only added, at the end.
*/
#define SYNC_WIRE_CODES(X)                                                                \
  X(SYNC_WIRE_BAD_JSON, "bad_json", 400, MPOS_EXIT_INPUT,                                 \
    "the body is not a JSON object")                                                      \
  X(SYNC_WIRE_BAD_REQUEST, "bad_request", 400, MPOS_EXIT_INPUT,                           \
    "a field is missing, of the wrong type or out of range")                              \
  X(SYNC_WIRE_UNAUTHORIZED, "unauthorized", 401, MPOS_EXIT_REFUSED,                       \
    "no token, an unknown token or a revoked one")                                        \
  X(SYNC_WIRE_FORBIDDEN, "forbidden", 403, MPOS_EXIT_REFUSED,                             \
    "the token's role or scope does not cover this")                                      \
  X(SYNC_WIRE_NOT_FOUND, "not_found", 404, MPOS_EXIT_NOT_FOUND,                           \
    "no such market, stall, receipt, enrollment code or path")                            \
  X(SYNC_WIRE_UNSUPPORTED_VERSION, "unsupported_version", 404, MPOS_EXIT_NETWORK,         \
    "this hub serves protocol version 1 only (/v1/...)")                                  \
  X(SYNC_WIRE_METHOD_NOT_ALLOWED, "method_not_allowed", 405, MPOS_EXIT_INTERNAL,          \
    "wrong HTTP method")                                                                  \
  X(SYNC_WIRE_CODE_USED, "code_used", 409, MPOS_EXIT_REFUSED,                             \
    "the enrollment code was already traded, or expired")                                 \
  X(SYNC_WIRE_TOO_LARGE, "too_large", 413, MPOS_EXIT_INPUT,                               \
    "the body is over the limit, or the batch over its event limit")                      \
  X(SYNC_WIRE_TIMEOUT, "timeout", 408, MPOS_EXIT_NETWORK,                                 \
    "the request was too slow to arrive")                                                 \
  X(SYNC_WIRE_BUSY, "busy", 503, MPOS_EXIT_NETWORK,                                       \
    "the hub is at its limit; retry with backoff")                                        \
  X(SYNC_WIRE_INTERNAL, "internal", 500, MPOS_EXIT_NETWORK,                               \
    "the hub failed; nothing was stored")                                                 \
  X(SYNC_WIRE_UNRECONCILED, "unreconciled", 200, MPOS_EXIT_INPUT,                         \
    "the document's sums do not add up")                                                  \
  X(SYNC_WIRE_UNKNOWN_ORIGINAL, "unknown_original", 200, MPOS_EXIT_INPUT,                 \
    "the hub has no original sale of this stall for the void or refund")                  \
  X(SYNC_WIRE_WRONG_STALL, "wrong_stall", 200, MPOS_EXIT_INPUT,                           \
    "the document belongs to another stall")                                              \
  X(SYNC_WIRE_EXISTS, "exists", 409, MPOS_EXIT_REFUSED, "a code or name already taken")     \
  X(SYNC_WIRE_RATE_LIMITED, "rate_limited", 429, MPOS_EXIT_NETWORK,                       \
    "too many attempts from this address; retry after Retry-After seconds")                \
  X(SYNC_WIRE_ALREADY_VOIDED, "already_voided", 200, MPOS_EXIT_INPUT,                     \
    "the original sale was voided: nothing more can be voided or refunded")                \
  X(SYNC_WIRE_ALREADY_REFUNDED, "already_refunded", 200, MPOS_EXIT_INPUT,                 \
    "the original sale was partly or fully refunded: it can no longer be voided")          \
  X(SYNC_WIRE_OVER_REFUND, "over_refund", 200, MPOS_EXIT_INPUT,                           \
    "the refund takes more of a line than the original sold, net of earlier refunds")      \
  X(SYNC_WIRE_UNKNOWN_LINE, "unknown_line", 200, MPOS_EXIT_INPUT,                         \
    "a product line code the hub's taxonomy does not know")                       \
  X(SYNC_WIRE_DB_UNREACHABLE, "db_unreachable", 503, MPOS_EXIT_NETWORK,                   \
    "the hub cannot reach its database; nothing was stored; retry after Retry-After")

/* SYNC_WIRE_NONE: no code, no error body, or a code this build does not know. */
MPOS_ERROR_ENUM(SyncWireCode, SYNC_WIRE_NONE, SYNC_WIRE_CODES);

/*
** The lookups (mpos-errors.h): sync_wire_info(code) the row, NULL for
** SYNC_WIRE_NONE and unknown values; sync_wire_code_name(code) the stable
** name ("bad_json"...), "unknown" for SYNC_WIRE_NONE, never NULL;
** sync_wire_table(&n) the whole table in code order.
*/
MPOS_ERROR_TABLE_DECLARE(sync_wire, SyncWireCode);
/* The code of a name through the table; SYNC_WIRE_NONE for NULL or an unknown name. */
SyncWireCode sync_wire_code_from_name(const char *name);
/* TRUE for the codes that only ever reject one event of a batch (status 200). */
gboolean sync_wire_code_is_verdict(SyncWireCode code);

/* The one error body: {"error":{"code":..,"message":..}}; NULL message: the row's. Full. */
char *sync_wire_error_body(SyncWireCode code, const char *message);

/* A hub's error answer, read. */
typedef struct {
  SyncWireCode code;         /* SYNC_WIRE_NONE when there was none, or an unknown one */
  char *name;                /* the code as the hub sent it (an unknown one too), or NULL */
  char *message;             /* the hub's message, or NULL */
} SyncWireError;

/*
** Reads an error body.  FALSE (and *out all NULL/NONE) when the body is not
** {"error":{"code":STRING,...}}; a code this build does not know still
** fills name, with code NONE.
*/
gboolean sync_wire_error_parse(const char *body, gsize len, SyncWireError *out);
void sync_wire_error_clear(SyncWireError *e);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SyncWireError, sync_wire_error_clear)

G_END_DECLS
#endif
