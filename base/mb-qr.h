/*
** mb-qr.h: QR codes as images (libqrencode + cairo).
**
** One encoding for the project: error correction M (15% of the symbol can
** be lost: a smudged print still scans), 8-bit mode, case-sensitive.  The
** image is black modules on white with a quiet zone of MB_QR_QUIET modules.
*/
#ifndef MB_QR_H
#define MB_QR_H

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define MB_QR_QUIET 4     /* quiet zone, in modules, on every side */

/*
** The modules of text's symbol, row by row, 1 dark and 0 light; *width is
** the side in modules.  MB_ERROR_INVALID when it cannot be encoded.
** Transfer full (g_free).
*/
guint8 *mb_qr_modules(const char *text, int *width, GError **error);
/*
** An RGB24 image of text's symbol, module_px pixels a module, with
** extra_px blank (white) rows below the quiet zone for a caption.
** Transfer full (cairo_surface_destroy).
*/
cairo_surface_t *mb_qr_surface(const char *text, int module_px, int extra_px, GError **error);
/* Writes an image as PNG; MB_ERROR_IO names the path. surface: transfer none. */
gboolean mb_qr_write_png(cairo_surface_t *surface, const char *path, GError **error);

G_END_DECLS
#endif
