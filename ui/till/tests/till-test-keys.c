/*
** till-test-keys.c: one synthesized key, as the X server would deliver it
** (till-test-keys.h).  The event carries send_event, the keyboard of the
** default seat, and the first keycode the keymap gives for the keyval.
*/
#include "till-test-keys.h"

/* The keycode of keyval on the default display's keymap, 0 if it has none. */
static guint16 keycode_of(guint keyval)
{
  GdkKeymapKey *keys = NULL;
  gint n = 0;
  guint16 code = 0;
  if (gdk_keymap_get_entries_for_keyval(gdk_keymap_get_for_display(gdk_display_get_default()),
                                        keyval, &keys, &n) && n > 0)
    code = (guint16)keys[0].keycode;
  g_free(keys);
  return code;
}

void ttu_send_key(GtkWidget *toplevel, guint keyval, GdkModifierType state,
                  gboolean with_release)
{
  GdkDisplay *display = gdk_display_get_default();
  guint16 code = keycode_of(keyval);
  g_object_ref(toplevel);   /* the press may destroy a dialog */
  for (int release = 0; release < (with_release ? 2 : 1) && gtk_widget_get_window(toplevel);
       release++) {
    GdkEvent *ev = gdk_event_new(release ? GDK_KEY_RELEASE : GDK_KEY_PRESS);
    ev->key.window = g_object_ref(gtk_widget_get_window(toplevel));
    ev->key.keyval = keyval;
    ev->key.state = state;
    ev->key.hardware_keycode = code;
    ev->key.send_event = TRUE;
    ev->key.time = GDK_CURRENT_TIME;
    gdk_event_set_device(ev, gdk_seat_get_keyboard(gdk_display_get_default_seat(display)));
    gtk_main_do_event(ev);
    gdk_event_free(ev);
  }
  g_object_unref(toplevel);
}
