/*
** sync-client.h: the stall's side of the sync protocol (docs/PROTOCOL.md).
**
** Enrollment trades a one-time code for a device token; a push sends the
** outbox to the hub in batches and marks each event with the hub's verdict.
** Delivery is at least once: an event is marked sent only after the hub has
** answered for it, so a crash, a lost answer or a killed hub at worst sends
** an event again, and the hub answers "duplicate" for an event id it has.
**
** Threading and the till.  A sync must never block a sale.  The GTK till runs
** sync_client_push() (or sync_client_run()) in a worker thread (a GTask) on
** its OWN PosLedger, opened on the same file: a PosLedger handle is not
** thread-safe, and SQLite's WAL mode lets the till commit sales while the
** worker reads the outbox.  No push holds a transaction across network I/O:
** it reads a batch (short read statements), sends it with no transaction
** open, then marks the answered events one short write each.  The worker's
** connection may be opened with POS_SYNC_NORMAL: it only ever writes outbox
** marks, and a mark lost to a power cut means the event is sent again and
** comes back "duplicate".  Cancel through SyncClientOptions.cancellable; a
** transfer in flight aborts within about a second.
**
** Security.  HTTPS with certificate and host verification (libcurl defaults,
** never switched off); ca_file adds a trust anchor for a private hub.  Plain
** http:// is refused unless the host is loopback (127.0.0.0/8, ::1,
** localhost) or allow_insecure_http is set.  Redirects are not followed.  The
** device token is stored as the ledger secret "device_token" and never
** printed, logged or put into an error message.
**
** Errors are GErrors in the SYNC_ERROR domain (codes below, with stable
** names from sync_error_code_name()), or POS_ERROR from the ledger.  The
** codes are defined once, in SYNC_ERROR_CODES: the enum and the table
** (name, exit status, default message) come from that list.  SYNC_ERROR is
** an extended GError domain: an error made from an HTTP answer also
** carries, as data, the answer's status and the hub's error code and
** message ({"error":{"code","message"}}, read through wire-error.h),
** and a transport failure carries libcurl's own words; callers decide on
** those (sync_error_http_status(), sync_error_hub_code()...), never on the
** message, which is for people.
*/
#ifndef SYNC_CLIENT_H
#define SYNC_CLIENT_H

#include "pos.h"
#include "wire-error.h"
#include <gio/gio.h>

G_BEGIN_DECLS

#define SYNC_ERROR (sync_error_quark())
GQuark sync_error_quark(void);

/*
** X(CODE, name, HTTP status, exit status, default message).  The HTTP status
** is 0: these are the client's own errors (an HTTP answer's status is the
** error's data).  New codes go at the end.
*/
#define SYNC_ERROR_CODES(X)                                                               \
  X(SYNC_ERROR_OFFLINE, "offline", 0, MPOS_EXIT_NETWORK,                                  \
    "the hub cannot be reached: refused, unresolvable, timed out or cut")                 \
  X(SYNC_ERROR_HTTP, "http", 0, MPOS_EXIT_NETWORK,                                        \
    "the hub answered an unexpected status")                                              \
  X(SYNC_ERROR_UNAUTHORIZED, "unauthorized", 0, MPOS_EXIT_REFUSED,                        \
    "401/403: the token is unknown, revoked or out of scope")                             \
  X(SYNC_ERROR_PROTOCOL, "protocol", 0, MPOS_EXIT_NETWORK,                                \
    "the answer is not what PROTOCOL.md promises")                                        \
  X(SYNC_ERROR_TLS, "tls", 0, MPOS_EXIT_NETWORK, "certificate or handshake failure")      \
  X(SYNC_ERROR_NOT_ENROLLED, "not_enrolled", 0, MPOS_EXIT_REFUSED,                        \
    "no hub URL or device token in the ledger: run 'stall enroll'")                       \
  X(SYNC_ERROR_INSECURE, "insecure", 0, MPOS_EXIT_INPUT,                                  \
    "plain http:// to a host that is not loopback")                                       \
  X(SYNC_ERROR_BAD_URL, "bad_url", 0, MPOS_EXIT_INPUT, "not an http(s) URL")              \
  X(SYNC_ERROR_CODE_USED, "code_used", 0, MPOS_EXIT_REFUSED,                              \
    "the enrollment code was already traded or has expired")                              \
  X(SYNC_ERROR_REFUSED, "refused", 0, MPOS_EXIT_INPUT,                                    \
    "the hub refused the request (400 on enroll...)")                                     \
  X(SYNC_ERROR_CANCELLED, "cancelled", 0, MPOS_EXIT_INTERNAL,                             \
    "options.cancellable fired")

/* SYNC_ERROR_NONE is not a code: the numbering starts at 1. */
MPOS_ERROR_ENUM(SyncErrorCode, SYNC_ERROR_NONE, SYNC_ERROR_CODES);

/*
** The lookups (mpos-errors.h): sync_error_info(code) the row, NULL for an
** unknown code; sync_error_code_name(code) the stable name ("offline",
** "not_enrolled"...), never NULL; sync_error_code_from_name(name, &out)
** FALSE for an unknown name; sync_error_table(&n) the whole table.
*/
MPOS_ERROR_DOMAIN_DECLARE(SyncErrorCode, sync_error);
/* TRUE for errors worth retrying later without any change (offline, http, tls). */
gboolean sync_error_is_transient(const GError *error);

/* ---- The data of a SYNC_ERROR ------------------------------------------------ */

/* The HTTP status of the hub's answer behind the error; 0: none (or another domain). */
int sync_error_http_status(const GError *error);
/* The hub's error code in that answer; SYNC_WIRE_NONE: none, or one this build does not know. */
SyncWireCode sync_error_hub_code(const GError *error);
/* The hub's code as sent (an unknown one too), or NULL. */
const char *sync_error_hub_name(const GError *error);
/* The hub's own message, or NULL. */
const char *sync_error_hub_message(const GError *error);
/* A transport failure in the transport's words ("Connection refused"), or NULL. */
const char *sync_error_reason(const GError *error);

/*
** The row that describes an error to a person or a script, for every
** program: a SYNC_ERROR_HTTP whose answer named a hub code is that code's
** row in the wire table (not_found, internal, busy...); any other
** SYNC_ERROR its own row; a POS_ERROR the ledger's row.  NULL for other
** domains (the caller's own, or "internal").
*/
const MposErrorInfo *sync_error_info_of(const GError *error);

/* Defaults from docs/PROTOCOL.md and the brief. */
#define SYNC_BATCH_MAX_EVENTS 200
#define SYNC_BATCH_MAX_BYTES (1024u * 1024u)
#define SYNC_CONNECT_TIMEOUT_MS 5000
#define SYNC_REQUEST_TIMEOUT_MS 30000

typedef struct {
  const char *ca_file;          /* extra CA bundle (CURLOPT_CAINFO), or NULL */
  gboolean allow_insecure_http; /* http:// to any host (test rigs only) */
  long connect_timeout_ms;      /* 0: SYNC_CONNECT_TIMEOUT_MS */
  long request_timeout_ms;      /* 0: SYNC_REQUEST_TIMEOUT_MS, per request */
  guint max_events;             /* per batch, 0: SYNC_BATCH_MAX_EVENTS */
  gsize max_bytes;              /* per batch body, 0: SYNC_BATCH_MAX_BYTES */
  guint backoff_base_ms;        /* sync_client_run, 0: 500 */
  guint backoff_cap_ms;         /* sync_client_run, 0: 60000 */
  const char *taxonomy_path;    /* where enrollment writes the taxonomy, or NULL */
  GCancellable *cancellable;    /* or NULL */
} SyncClientOptions;

/* Zeroes *o: every field at its default. */
void sync_client_options_init(SyncClientOptions *o);

/* ---- URL policy ---------------------------------------------------------- */

/*
** Checks a hub URL: https:// always; http:// only to a loopback host unless
** allow_insecure_http.  BAD_URL or INSECURE otherwise.
*/
gboolean sync_url_check(const char *url, gboolean allow_insecure_http, GError **error);

/*
** GET url with Authorization: Bearer token; the body on HTTP 200.  Other
** answers: UNAUTHORIZED (401/403), HTTP (anything else); either carries the
** status and the hub's code and message as data (sync_error_http_status(),
** sync_error_hub_code()).  Transport failures as for sync.  Transfer full.
*/
GBytes *sync_http_get(const char *url, const char *token, const SyncClientOptions *options,
                      GError **error);
/* The same as a POST of body (JSON, may be empty); the answer on HTTP 200. Transfer full. */
GBytes *sync_http_post(const char *url, const char *token, const char *body, gsize len,
                       const SyncClientOptions *options, GError **error);

/* ---- Enrollment ---------------------------------------------------------- */

typedef struct {
  char *stall_code, *stall_name;
  char *market_code, *market_name;
  int64_t skew_ms;              /* hub time minus ours at the answer */
  int taxonomy_lines;           /* -1 when the pull failed */
  char *taxonomy_error;         /* why it failed, or NULL */
} SyncEnrollResult;

void sync_enroll_result_clear(SyncEnrollResult *r);

/*
** POSTs /v1/enroll with code, stores hub_url, stall_code and the device token
** (secret "device_token"), then pulls GET /v1/taxonomy into
** options->taxonomy_path (when set).  The code is one-time: once the hub has
** answered, enrollment counts as done even if the taxonomy pull fails (that is
** reported in out->taxonomy_error and retried by sync_client_pull_taxonomy).
*/
gboolean sync_client_enroll(PosLedger *ledger, const char *hub_url, const char *code,
                            const SyncClientOptions *options, SyncEnrollResult *out,
                            GError **error);

/* GET /v1/taxonomy into path (atomically replaced); *n_lines gets its size. */
gboolean sync_client_pull_taxonomy(PosLedger *ledger, const SyncClientOptions *options,
                                   const char *path, int *n_lines, GError **error);

/*
** The product-line codes a till holds its catalog to (for
** pos_ledger_set_line_codes): those of the taxonomy file at path (written
** by enrollment) when it is there and reads, else the built-in taxonomy's,
** which the hub starts with.  NULL-terminated, transfer full.
*/
char **sync_client_line_codes(const char *taxonomy_path);

/* ---- Push ------------------------------------------------------------------ */

typedef struct {
  guint batches;                /* requests answered 200 */
  guint accepted, duplicate, rejected;   /* by the hub's verdicts */
  guint local_rejected;         /* events whose document is missing locally */
  guint64 bytes;                /* request bodies sent */
  gboolean have_skew;
  int64_t skew_ms;              /* from the last answer */
  int attempts;                 /* sync_client_run: pushes tried */
} SyncReport;

/*
** Builds the next batch from the pending outbox, in seq order, bounded by
** options->max_events and max_bytes (an event bigger than max_bytes goes
** alone).  Returns the request body (NULL with *error, or NULL and no error
** when nothing is pending) and the batch's event ids in *ids.  Events whose
** document is gone from the ledger are marked rejected ("missing_locally")
** and counted in *local_rejected, so one broken row never blocks the rest.
*/
char *sync_client_next_batch(PosLedger *ledger, const SyncClientOptions *options,
                             int64_t sent_ms, GPtrArray **ids, guint *local_rejected,
                             GError **error);

/*
** Pushes the whole pending outbox.  Stops at the first transport failure with
** a SYNC_ERROR; events answered before it stay marked.  *out (may be NULL) is
** filled either way.
*/
gboolean sync_client_push(PosLedger *ledger, const SyncClientOptions *options,
                          SyncReport *out, GError **error);

/*
** Pushes with retries: up to max_attempts pushes while the error is transient
** (sync_error_is_transient), sleeping sync_backoff_ms() between them.
*/
gboolean sync_client_run(PosLedger *ledger, const SyncClientOptions *options,
                         int max_attempts, SyncReport *out, GError **error);

/*
** Exponential backoff with full jitter: a uniform delay in
** [0, min(cap_ms, base_ms * 2^attempt)], attempt counted from 0.  rand may be
** NULL (the global GLib generator).
*/
guint64 sync_backoff_ms(guint attempt, guint64 base_ms, guint64 cap_ms, GRand *rand);

G_END_DECLS
#endif
