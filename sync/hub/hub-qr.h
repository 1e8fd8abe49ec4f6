/*
** hub-qr.h: enrollment codes as QR images, for a till's 2D scanner.
*/
#ifndef HUB_QR_H
#define HUB_QR_H

#include <glib.h>

G_BEGIN_DECLS

/*
** Writes text as a QR code PNG at path (8 px modules, a 4-module quiet
** zone, the text printed underneath for eyes).  HUB_ERROR_IO on failure.
*/
gboolean hub_qr_write_png(const char *text, const char *path, GError **error);

G_END_DECLS
#endif
