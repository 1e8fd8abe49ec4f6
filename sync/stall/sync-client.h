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
** names from sync_error_code_name()), or POS_ERROR from the ledger.
*/
#ifndef SYNC_CLIENT_H
#define SYNC_CLIENT_H

#include "pos.h"
#include <gio/gio.h>

G_BEGIN_DECLS

#define SYNC_ERROR (sync_error_quark())
GQuark sync_error_quark(void);

typedef enum {
  SYNC_ERROR_OFFLINE = 1,     /* no connection: refused, unresolvable, timed out, cut */
  SYNC_ERROR_HTTP,            /* the hub answered an unexpected status (5xx, 408...) */
  SYNC_ERROR_UNAUTHORIZED,    /* 401/403: token unknown, revoked or out of scope */
  SYNC_ERROR_PROTOCOL,        /* the answer is not what PROTOCOL.md promises */
  SYNC_ERROR_TLS,             /* certificate or handshake failure */
  SYNC_ERROR_NOT_ENROLLED,    /* no hub URL or device token in the ledger */
  SYNC_ERROR_INSECURE,        /* http:// to a host that is not loopback */
  SYNC_ERROR_BAD_URL,         /* not an http(s) URL */
  SYNC_ERROR_CODE_USED,       /* enrollment code already traded or expired */
  SYNC_ERROR_REFUSED,         /* the hub refused the request (400 on enroll...) */
  SYNC_ERROR_CANCELLED        /* options.cancellable fired */
} SyncErrorCode;

/* Stable lower-case name ("offline", "not_enrolled"...); never NULL. */
const char *sync_error_code_name(int code);
/* TRUE for errors worth retrying later without any change (offline, http, tls). */
gboolean sync_error_is_transient(const GError *error);

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
** answers: UNAUTHORIZED (401/403), HTTP (anything else, with the hub's error
** code in the message); transport failures as for sync.  Transfer full.
*/
GBytes *sync_http_get(const char *url, const char *token, const SyncClientOptions *options,
                      GError **error);

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
