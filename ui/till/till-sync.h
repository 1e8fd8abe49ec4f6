/*
** till-sync.h: background sync for the till, behind a small interface.
**
** The till must never wait for the network.  A TillSync runs one sync job
** at a time in a worker thread (a GTask) and reports back on the thread that
** made it with the "finished" signal.  What a job does is a TillSyncBackend:
** plain functions that get the ledger's PATH, never the till's PosLedger,
** because a PosLedger handle is not thread-safe: the backend opens its own
** connection (SQLite's WAL lets the till commit sales meanwhile).
**
** till_sync_backend_default() is the real one, over sync/stall/sync-client.h;
** tests plug in their own.  The state kept here (last success, offline
** since, the last error, the rejected events' reasons) is what the till's
** status indicator shows.
*/
#ifndef TILL_SYNC_H
#define TILL_SYNC_H

#include <gio/gio.h>
#include <stdint.h>

G_BEGIN_DECLS

#define TILL_SYNC_ERROR (till_sync_error_quark())
GQuark till_sync_error_quark(void);

typedef enum {
  TILL_SYNC_ERROR_OFFLINE = 1,   /* the hub could not be reached: retry later */
  TILL_SYNC_ERROR_NOT_ENROLLED,  /* no hub URL or device token yet */
  TILL_SYNC_ERROR_REFUSED,       /* the hub answered no: token, URL, code... */
  TILL_SYNC_ERROR_BUSY,          /* a job is already running */
  TILL_SYNC_ERROR_CANCELLED
} TillSyncErrorCode;

typedef struct {
  guint accepted, duplicate, rejected;
} TillSyncReport;

/*
** The backend, called in a worker thread.  Each function opens what it
** needs from ledger_path itself, honours cancellable, and fails with a
** TILL_SYNC_ERROR.  list_rejected returns the rejected events as lines for
** the merchant ("sale 20261126-0003: bad_request: ..."), array of char*.
*/
typedef struct {
  gboolean (*push)(const char *ledger_path, GCancellable *cancellable,
                   TillSyncReport *out, GError **error);
  gboolean (*enroll)(const char *ledger_path, const char *hub_url, const char *code,
                     GCancellable *cancellable, GError **error);
  GPtrArray *(*list_rejected)(const char *ledger_path, GError **error);
} TillSyncBackend;

/* The backend over sync/stall/sync-client.h. Transfer none (static). */
const TillSyncBackend *till_sync_backend_default(void);

#define TILL_TYPE_SYNC (till_sync_get_type())
G_DECLARE_FINAL_TYPE(TillSync, till_sync, TILL, SYNC, GObject)

/* backend is copied. Transfer full. */
TillSync *till_sync_new(const char *ledger_path, const TillSyncBackend *backend);

/* Starts a push in the background: FALSE (BUSY) when a job is running. */
gboolean till_sync_push(TillSync *sync, GError **error);
/* Starts an enrollment in the background: FALSE (BUSY) when a job is running. */
gboolean till_sync_enroll(TillSync *sync, const char *hub_url, const char *code,
                          GError **error);
gboolean till_sync_running(TillSync *sync);
/* Cancels the running job (it ends with CANCELLED shortly after). */
void till_sync_cancel(TillSync *sync);

/* State after the last finished job. */
int64_t till_sync_last_ok_ms(TillSync *sync);
int64_t till_sync_offline_since_ms(TillSync *sync);
/* The last job's error, or NULL when it succeeded. Transfer none. */
const GError *till_sync_last_error(TillSync *sync);
/* TRUE when the last finished job was an enrollment. */
gboolean till_sync_last_was_enroll(TillSync *sync);
/* Rejected events' lines as of the last push (char*). Transfer none. */
GPtrArray *till_sync_rejected(TillSync *sync);

G_END_DECLS
#endif
