/*
** mb-qr.c: encodes with libqrencode and draws with cairo: one rectangle
** per dark module, filled at once, on a white RGB24 image (white first,
** which is also the quiet zone).  RGB24 keeps the PNG small and every
** scanner reads black on white.
*/
#include "mb-qr.h"
#include "mb-error.h"
#include <errno.h>
#include <qrencode.h>

/* Level M, 8-bit; libqrencode keeps a module's colour in bit 0. */
guint8 *mb_qr_modules(const char *text, int *width, GError **error)
{
  QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL) {
    g_set_error(error, MB_ERROR, MB_ERROR_INVALID, "cannot encode QR for \"%s\": %s", text,
                g_strerror(errno));
    return NULL;
  }
  gsize n = (gsize)qr->width * (gsize)qr->width;
  guint8 *m = g_malloc(n);
  for (gsize i = 0; i < n; i++)
    m[i] = qr->data[i] & 1;
  *width = qr->width;
  QRcode_free(qr);
  return m;
}

/* Paints white, then the dark modules inside the quiet zone. */
cairo_surface_t *mb_qr_surface(const char *text, int module_px, int extra_px, GError **error)
{
  int w = 0;
  g_autofree guint8 *m = mb_qr_modules(text, &w, error);
  if (m == NULL)
    return NULL;
  int side = (w + 2 * MB_QR_QUIET) * module_px;
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side + extra_px);
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < w; y++)
    for (int x = 0; x < w; x++)
      if (m[y * w + x])
        cairo_rectangle(cr, (x + MB_QR_QUIET) * module_px, (y + MB_QR_QUIET) * module_px,
                        module_px, module_px);
  cairo_fill(cr);
  cairo_destroy(cr);
  return surf;
}

/* cairo reports a failed write only as a status: that status is the message. */
gboolean mb_qr_write_png(cairo_surface_t *surface, const char *path, GError **error)
{
  cairo_status_t st = cairo_surface_status(surface);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_write_to_png(surface, path);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, MB_ERROR, MB_ERROR_IO, "cannot write QR image %s: %s", path,
                cairo_status_to_string(st));
    return FALSE;
  }
  return TRUE;
}
