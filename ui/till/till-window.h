/*
** till-window.h: the till screen: quick keys, the code entry and number
** pad, the cart with its totals, the pay key, the sync indicator and the
** message line.  Every command is a window action with an F-key, so the
** till works from a keyboard alone:
**   F2 quantity/weight   F3 line discount   F4 sale discount   F5 today's sales
**   F6 products          F7 reprint         F8 remove line     F9 day close
**   F10 settings         F11 sync now       F12 pay            Esc clear entry
**   Up / Down: the line above or below; Enter: the code typed or scanned
**   Ctrl+Delete: clear the sale (asked first)
** Dialogs open one at a time, non-blocking; the window keeps the open one
** (till_window_get_dialog) so tests and screenshots can drive it.
*/
#ifndef TILL_WINDOW_H
#define TILL_WINDOW_H

#include "till-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TILL_TYPE_WINDOW (till_window_get_type())
G_DECLARE_FINAL_TYPE(TillWindow, till_window, TILL, WINDOW, GtkApplicationWindow)

/* A window on model (a reference is kept). */
TillWindow *till_window_new(GtkApplication *app, TillModel *model);
TillModel *till_window_get_model(TillWindow *window);         /* transfer none */
/* The dialog on top, or NULL. Transfer none. */
GtkWidget *till_window_get_dialog(TillWindow *window);
/* Opens the receipt of the model's last document. */
void till_window_show_receipt(TillWindow *window, gboolean first_print);
/*
** Fits the window to a screen of width x height px: it takes that size,
** with the compact layout below about 1200 x 780, and its dialogs stay
** inside it.  stall-pos calls it with the monitor's work area, or --size.
*/
void till_window_fit(TillWindow *window, int width, int height);
/* The size given to till_window_fit (0 x 0 before). */
void till_window_get_screen(TillWindow *window, int *width, int *height);
/* The F-key accelerators of the window actions ("win.pay" -> "F12"...). */
void till_window_set_accels(GtkApplication *app);

G_END_DECLS
#endif
