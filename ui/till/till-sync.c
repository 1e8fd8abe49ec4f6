/*
** till-sync.c: one background sync job at a time, state for the indicator.
**
** A job runs the backend in a GTask worker thread and hands its outcome back
** on the thread that started it, where this object's state changes and
** "finished" is emitted.  Nothing here ever blocks the caller: starting a job
** only copies its arguments, and a second start while one runs is refused
** (BUSY) rather than queued, since the next push sends whatever is pending
** by then anyway.
*/
#include "till-sync.h"

G_DEFINE_QUARK(till-sync-error-quark, till_sync_error)

struct _TillSync {
  GObject parent_instance;
  char *ledger_path;
  TillSyncBackend backend;
  GCancellable *cancellable;   /* of the running job, or NULL */
  int64_t last_ok_ms;
  int64_t offline_since_ms;
  GError *last_error;
  gboolean last_was_enroll;
  GPtrArray *rejected;         /* char* */
};

G_DEFINE_TYPE(TillSync, till_sync, G_TYPE_OBJECT)

enum { SIG_FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What a job needs and what it brings back; owned by the GTask. */
typedef struct {
  char *ledger_path;
  TillSyncBackend backend;
  gboolean enroll;
  char *hub_url, *code;
  int64_t started_ms;
  TillSyncReport report;
  GPtrArray *rejected;
} SyncJob;

/* Everything a job owns. */
static void sync_job_free(gpointer data)
{
  SyncJob *job = data;
  g_free(job->ledger_path);
  g_free(job->hub_url);
  g_free(job->code);
  g_clear_pointer(&job->rejected, g_ptr_array_unref);
  g_free(job);
}

/*
** The worker.  The rejected events are listed after every job, whatever
** its outcome: they are local facts the merchant must see even while the
** hub is unreachable.
*/
static void sync_job_run(GTask *task, gpointer source, gpointer data,
                         GCancellable *cancellable)
{
  SyncJob *job = data;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  (void)source;
  if (job->enroll)
    ok = job->backend.enroll
           ? job->backend.enroll(job->ledger_path, job->hub_url, job->code, cancellable,
                                 &error)
           : (g_set_error(&error, TILL_SYNC_ERROR, TILL_SYNC_ERROR_REFUSED,
                          "this build has no sync client"), FALSE);
  else
    ok = job->backend.push
           ? job->backend.push(job->ledger_path, cancellable, &job->report, &error)
           : (g_set_error(&error, TILL_SYNC_ERROR, TILL_SYNC_ERROR_NOT_ENROLLED,
                          "this build has no sync client"), FALSE);
  if (job->backend.list_rejected)
    job->rejected = job->backend.list_rejected(job->ledger_path, NULL);
  if (ok)
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, g_steal_pointer(&error));
}

/*
** Back on the starting thread: an unreachable hub starts (or continues) the
** "offline since" clock; any success stops it.
*/
static void sync_job_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
  TillSync *sync = TILL_SYNC(source);
  SyncJob *job = g_task_get_task_data(G_TASK(result));
  g_autoptr(GError) error = NULL;
  (void)user_data;
  gboolean ok = g_task_propagate_boolean(G_TASK(result), &error);
  g_clear_object(&sync->cancellable);
  g_clear_error(&sync->last_error);
  sync->last_was_enroll = job->enroll;
  if (ok) {
    sync->last_ok_ms = g_get_real_time() / 1000;
    sync->offline_since_ms = 0;
  } else {
    if (g_error_matches(error, TILL_SYNC_ERROR, TILL_SYNC_ERROR_OFFLINE)
        && sync->offline_since_ms == 0)
      sync->offline_since_ms = job->started_ms;
    sync->last_error = g_steal_pointer(&error);
  }
  if (job->rejected) {
    g_clear_pointer(&sync->rejected, g_ptr_array_unref);
    sync->rejected = g_steal_pointer(&job->rejected);
  }
  g_signal_emit(sync, signals[SIG_FINISHED], 0);
}

/* Starts job unless one runs; takes ownership of job either way. */
static gboolean sync_start(TillSync *sync, SyncJob *job, GError **error)
{
  if (sync->cancellable != NULL) {
    sync_job_free(job);
    g_set_error(error, TILL_SYNC_ERROR, TILL_SYNC_ERROR_BUSY, "a sync is already running");
    return FALSE;
  }
  job->ledger_path = g_strdup(sync->ledger_path);
  job->backend = sync->backend;
  job->started_ms = g_get_real_time() / 1000;
  sync->cancellable = g_cancellable_new();
  g_autoptr(GTask) task = g_task_new(sync, sync->cancellable, sync_job_done, NULL);
  g_task_set_task_data(task, job, sync_job_free);
  g_task_set_return_on_cancel(task, FALSE);
  g_task_run_in_thread(task, sync_job_run);
  return TRUE;
}

/* A push job. */
gboolean till_sync_push(TillSync *sync, GError **error)
{
  return sync_start(sync, g_new0(SyncJob, 1), error);
}

/* An enrollment job. */
gboolean till_sync_enroll(TillSync *sync, const char *hub_url, const char *code,
                          GError **error)
{
  SyncJob *job = g_new0(SyncJob, 1);
  job->enroll = TRUE;
  job->hub_url = g_strdup(hub_url);
  job->code = g_strdup(code);
  return sync_start(sync, job, error);
}

/* Whether a job is running. */
gboolean till_sync_running(TillSync *sync)
{
  return sync->cancellable != NULL;
}

/* The worker notices at its next step or transfer. */
void till_sync_cancel(TillSync *sync)
{
  if (sync->cancellable)
    g_cancellable_cancel(sync->cancellable);
}

/* When the last job succeeded (0: not yet). */
int64_t till_sync_last_ok_ms(TillSync *sync)
{
  return sync->last_ok_ms;
}

/* When the hub was first out of reach, 0 when it is not. */
int64_t till_sync_offline_since_ms(TillSync *sync)
{
  return sync->offline_since_ms;
}

/* Why the last job failed, or NULL. */
const GError *till_sync_last_error(TillSync *sync)
{
  return sync->last_error;
}

/* Tells an enrollment's outcome from a push's. */
gboolean till_sync_last_was_enroll(TillSync *sync)
{
  return sync->last_was_enroll;
}

/* The rejected events' lines. */
GPtrArray *till_sync_rejected(TillSync *sync)
{
  return sync->rejected;
}

/* Nothing runs until a job is started. */
TillSync *till_sync_new(const char *ledger_path, const TillSyncBackend *backend)
{
  TillSync *sync = g_object_new(TILL_TYPE_SYNC, NULL);
  sync->ledger_path = g_strdup(ledger_path);
  if (backend)
    sync->backend = *backend;
  return sync;
}

/* A job still running keeps this object alive through its GTask. */
static void till_sync_finalize(GObject *object)
{
  TillSync *sync = TILL_SYNC(object);
  g_free(sync->ledger_path);
  g_clear_error(&sync->last_error);
  g_clear_pointer(&sync->rejected, g_ptr_array_unref);
  G_OBJECT_CLASS(till_sync_parent_class)->finalize(object);
}

/* One signal: a job finished. */
static void till_sync_class_init(TillSyncClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = till_sync_finalize;
  /* Emitted on the starting thread when a push or an enrollment ends. */
  signals[SIG_FINISHED] = g_signal_new("finished", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* No job, no state yet. */
static void till_sync_init(TillSync *sync)
{
  (void)sync;
}
