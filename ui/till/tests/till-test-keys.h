/*
** till-test-keys.h: key events for the till's tests under Xvfb.
**
** The tests type as the keyboard would: a GdkEvent synthesized into the
** window or dialog on top and delivered with gtk_main_do_event, with the
** hardware keycode the display's keymap gives the keyval (GTK's
** accelerators match on it).  Nothing here waits for GTK to catch up:
** each test settles the way its widgets need.
*/
#ifndef TILL_TEST_KEYS_H
#define TILL_TEST_KEYS_H

#include <gtk/gtk.h>

/*
** Presses keyval with the modifiers in state on toplevel (transfer none),
** then releases it when with_release is set and the toplevel still has a
** window (a press may have closed the dialog it went to).
*/
void ttu_send_key(GtkWidget *toplevel, guint keyval, GdkModifierType state,
                  gboolean with_release);

#endif
