/*
** ui-startup.h: the environment GTK starts in, the same for both apps.
**
** GDK_GL=disable: the apps draw nothing with OpenGL, but GTK 3's X11
** backend initialises GLX at startup to pick visuals, which loads the whole
** Mesa driver (with LLVM under Xvfb or without a GPU): about 50 MB of
** resident memory and a slower start, for nothing.  With no session bus (a
** kiosk session, Xvfb), GApplication, the accessibility bridge and
** libsecret would each try to autolaunch one (fork, exec of dbus-launch)
** and fail: the address "disabled:" makes them fail at once, and with no
** bus no assistive technology can be listening anyway, so the bridge is not
** loaded (NO_AT_BRIDGE).  Values already in the environment win.  Then the
** language (ui-i18n.h), with GTK kept from resetting the locale.
*/
#ifndef UI_STARTUP_H
#define UI_STARTUP_H

#include <glib.h>

G_BEGIN_DECLS

/* Call before GTK starts; domain is the app's text domain (UI_DOMAIN_*). */
void ui_startup_prepare(const char *domain);

G_END_DECLS
#endif
