/*
** till-scale.c: one scale read in a GTask worker (see till-scale.h).
**
** The device is opened for each read and closed after it: a scale that is
** unplugged and plugged back in is found again by the next read, and no
** file descriptor outlives a dialog.  At 9600 baud a frame every 100 ms or
** so arrives well within TILL_SCALE_READ_MS.
*/
#include "till-scale.h"
#include <glib/gi18n.h>
#include <stdlib.h>

/* The worker: the URI is the task's data. */
static void read_scale(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  PosScaleReading *r = g_new0(PosScaleReading, 1);
  g_autoptr(PosDevice) dev = pos_device_open(data, TILL_SCALE_READ_MS, &error);
  (void)source;
  (void)cancellable;
  if (dev != NULL && pos_scale_read(dev, FALSE, TILL_SCALE_READ_MS, r, &error)) {
    g_task_return_pointer(task, r, g_free);
    return;
  }
  g_free(r);
  g_task_return_error(task, error);
}

void till_scale_read_async(const char *uri, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new(NULL, cancellable, callback, user_data);
  g_task_set_task_data(task, g_strdup(uri), g_free);
  g_task_run_in_thread(task, read_scale);
}

PosScaleReading *till_scale_read_finish(GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer(G_TASK(result), error);
}

/* The codes a merchant can act on get words; others keep the module's message. */
char *till_scale_trouble_text(const GError *error)
{
  if (error->domain == POS_ERROR && error->code == POS_ERROR_DEVICE)
    return g_strdup(_("No scale connected: type the weight."));
  if (error->domain == POS_ERROR
      && (error->code == POS_ERROR_SCALE_SILENT || error->code == POS_ERROR_DEVICE_TIMEOUT))
    return g_strdup(_("The scale does not answer: type the weight."));
  return g_strdup_printf(_("Scale: %s (type the weight)"), error->message);
}

/* Kilograms with three decimals, whatever unit the scale sent. */
char *till_scale_reading_text(const PosScaleReading *r)
{
  if (r->overload)
    return g_strdup(_("Overload: take the load off"));
  return g_strdup_printf("%s%lld.%03lld kg · %s", r->grams < 0 ? "-" : "",
                         llabs(r->grams) / 1000, llabs(r->grams) % 1000,
                         r->stable ? _("stable") : _("settling"));
}
