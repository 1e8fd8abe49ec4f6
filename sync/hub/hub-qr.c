/*
** hub-qr.c: a QR code PNG of an enrollment code (libqrencode + cairo).
**
** The manager prints the code or shows it on screen; the till's 2D scanner
** types what it reads into the enrollment field, so the QR holds the code
** itself, nothing else.  Error correction M survives a crumpled printout;
** the code is also written under the symbol (pango) for typing by hand.
*/
#include "hub-qr.h"
#include "hub-store.h"
#include <pango/pangocairo.h>
#include <qrencode.h>

#define MODULE_PX 8
#define QUIET 4
#define CAPTION_PX 40

/* Centred under the symbol, in a monospace face so 0/O and 1/I differ. */
static void draw_caption(cairo_t *cr, const char *text, int width, int top)
{
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string("Monospace Bold 16");
  int w, h;
  pango_layout_set_font_description(layout, font);
  pango_layout_set_text(layout, text, -1);
  pango_layout_get_pixel_size(layout, &w, &h);
  cairo_move_to(cr, (width - w) / 2.0, top + (CAPTION_PX - h) / 2.0);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(font);
  g_object_unref(layout);
}

/*
** One cairo rectangle per dark module, filled at once; RGB24 keeps the PNG
** small and every scanner reads black on white.
*/
gboolean hub_qr_write_png(const char *text, const char *path, GError **error)
{
  QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "cannot encode the QR code");
    return FALSE;
  }
  int side = (qr->width + 2 * QUIET) * MODULE_PX;
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, side,
                                                     side + CAPTION_PX);
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        cairo_rectangle(cr, (x + QUIET) * MODULE_PX, (y + QUIET) * MODULE_PX, MODULE_PX,
                        MODULE_PX);
  cairo_fill(cr);
  draw_caption(cr, text, side, side - QUIET * MODULE_PX / 2);
  cairo_destroy(cr);
  QRcode_free(qr);
  cairo_status_t st = cairo_surface_write_to_png(surf, path);
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "writing %s: %s", path,
                cairo_status_to_string(st));
    return FALSE;
  }
  return TRUE;
}
