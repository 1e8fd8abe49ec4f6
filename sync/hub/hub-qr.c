/*
** hub-qr.c: a QR code PNG of an enrollment code (the shared QR writer, mb-qr.h, and pango).
**
** The manager prints the code or shows it on screen; the till's 2D scanner
** types what it reads into the enrollment field, so the QR holds the code
** itself, nothing else.  Error correction M survives a crumpled printout;
** the code is also written under the symbol (pango) for typing by hand.
*/
#include "hub-qr.h"
#include "hub-store.h"
#include <pango/pangocairo.h>
#include "mb-file.h"
#include "mb-qr.h"

#define MODULE_PX 8
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
** The symbol comes from the shared QR writer (mb-qr.h) with CAPTION_PX of
** white below it; the caption is drawn there, then the PNG is written.
** The code enrolls a till until it expires, so its image is a secret: the
** file is made 0600 before cairo writes into it (an existing file is
** tightened after).
*/
gboolean hub_qr_write_png(const char *text, const char *path, GError **error)
{
  g_autoptr(GError) e = NULL;
  cairo_surface_t *surf = mb_qr_surface(text, MODULE_PX, CAPTION_PX, &e);
  if (surf == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "%s", e->message);
    return FALSE;
  }
  int side = cairo_image_surface_get_width(surf);
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 0, 0, 0);
  draw_caption(cr, text, side, side - MB_QR_QUIET * MODULE_PX / 2);
  cairo_destroy(cr);
  gboolean ok = mb_file_create_private(path, &e) && mb_qr_write_png(surf, path, &e)
                && mb_file_make_private(path, &e);
  cairo_surface_destroy(surf);
  if (!ok)
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "%s", e->message);
  return ok;
}
