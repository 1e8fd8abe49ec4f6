/*
** till-print.h: writing to the receipt printer off the UI thread.
**
** An ESC/POS printer is named by a device URI (usb:, serial:, tcp://,
** cups:, docs/DEVICES.md) or, as before and in tests, a plain path.  A device that is off, out of paper or unplugged
** can block a write for seconds; the till must not freeze for that, so the
** write runs in a worker thread and the result comes back as a callback.
*/
#ifndef TILL_PRINT_H
#define TILL_PRINT_H

#include <gio/gio.h>

G_BEGIN_DECLS

/* Prints bytes on the printer uri in a worker thread; callback on the calling thread. */
void till_print_async(GBytes *bytes, const char *path, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data);
/* The drawer kick, written straight to the device (no status asked). */
void till_print_kick_async(GBytes *kick, const char *path, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);
/* For either: TRUE once every byte was written. */
gboolean till_print_finish(GAsyncResult *result, GError **error);

G_END_DECLS
#endif
