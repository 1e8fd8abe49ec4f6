/*
** till-print.c: the printer job in a GTask worker (see till-print.h).
*/
#include "till-print.h"
#include "pos-devices.h"

typedef struct {
  GBytes *bytes;
  char *path;
  gboolean raw;               /* straight to the device, no status asked */
} PrintJob;

/* The bytes and the path, owned by the task. */
static void print_job_free(gpointer data)
{
  PrintJob *job = data;
  g_bytes_unref(job->bytes);
  g_free(job->path);
  g_free(job);
}

/*
** A job: pos_printer_print() opens the printer's URI (a bare path is still a
** file), asks its status before and after where it can, and writes the
** stream whole, every step bounded by the device's timeout; its errors
** (paper_out, cover_open, device...) come back to the till as they are.
*/
static void print_run(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PrintJob *job = data;
  GError *error = NULL;
  (void)source;
  (void)cancellable;
  gboolean ok;
  if (job->raw) {
    g_autoptr(PosDevice) dev = pos_device_open(job->path, 0, &error);
    ok = dev != NULL
         && pos_device_write(dev, g_bytes_get_data(job->bytes, NULL),
                             g_bytes_get_size(job->bytes), &error)
         && pos_device_finish(dev, &error);
  } else {
    ok = pos_printer_print(job->path, job->bytes, 0, NULL, &error);
  }
  if (ok)
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

/* The bytes are referenced, so the caller may drop them at once. */
static void start(GBytes *bytes, const char *path, gboolean raw, GCancellable *cancellable,
                  GAsyncReadyCallback callback, gpointer user_data)
{
  PrintJob *job = g_new0(PrintJob, 1);
  job->bytes = g_bytes_ref(bytes);
  job->path = g_strdup(path);
  job->raw = raw;
  g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
  g_task_set_task_data(task, job, print_job_free);
  g_task_run_in_thread(task, print_run);
}

void till_print_async(GBytes *bytes, const char *path, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  start(bytes, path, FALSE, cancellable, callback, user_data);
}

/*
** The drawer's kick goes without the status checks, as `stall drawer open`
** sends it: a printer out of paper still opens its drawer.
*/
void till_print_kick_async(GBytes *kick, const char *path, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  start(kick, path, TRUE, cancellable, callback, user_data);
}

/* TRUE once every byte was written. */
gboolean till_print_finish(GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean(G_TASK(result), error);
}
