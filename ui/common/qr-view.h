/*
** qr-view.h: a widget that shows a QR code, drawn with cairo from
** libqrencode's modules.  Shared by the till (the receipt's QR) and the
** office app.
**
** The code is drawn crisp: each module is a whole number of pixels, the
** largest that fits the allocation with the standard quiet zone of four
** modules, centred on white.  Text that does not encode (too long) draws
** the white square only, so a layout never jumps.
*/
#ifndef QR_VIEW_H
#define QR_VIEW_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MPOS_TYPE_QR_VIEW (mpos_qr_view_get_type())
G_DECLARE_FINAL_TYPE(MposQrView, mpos_qr_view, MPOS, QR_VIEW, GtkDrawingArea)

/* The text to encode (UTF-8, byte mode), or NULL for none. */
void mpos_qr_view_set_text(MposQrView *view, const char *text);
const char *mpos_qr_view_get_text(MposQrView *view);   /* transfer none */
/* Modules per side of the current code, 0 when there is none. */
int mpos_qr_view_get_modules(MposQrView *view);

G_END_DECLS
#endif
