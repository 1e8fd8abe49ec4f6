/*
** till-scale.h: reading the counter scale off the UI thread.
**
** A scale that is unplugged or silent makes a read wait its whole timeout;
** the till must not freeze for that, so each read opens the scale named
** by its URI (pos-devices.h), waits for one frame in a worker thread, and
** returns the reading through a callback on the calling thread.  Callers
** that show a live weight chain reads with a short pause between them.
*/
#ifndef TILL_SCALE_H
#define TILL_SCALE_H

#include "pos-devices.h"
#include <gio/gio.h>

G_BEGIN_DECLS

/* How long one read waits for a frame, and the pause between two live reads. */
#define TILL_SCALE_READ_MS 1000
#define TILL_SCALE_PAUSE_MS 200

/* Reads one frame (stable or not) of the scale at uri in a worker thread. */
void till_scale_read_async(const char *uri, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);
/* The reading (transfer full, g_free), or NULL with the device's error. */
PosScaleReading *till_scale_read_finish(GAsyncResult *result, GError **error);
/*
** A failed read in a few words for the weight dialog, which keeps typing
** open: the scale missing, silent, or the device's own message. Transfer full.
*/
char *till_scale_trouble_text(const GError *error);
/* The reading as the screen says it: "1.234 kg · stable". Transfer full. */
char *till_scale_reading_text(const PosScaleReading *r);

G_END_DECLS
#endif
