/*
** ui-startup.c: the environment GTK starts in; see ui-startup.h for why.
*/
#include "ui-startup.h"
#include "ui-i18n.h"
#include <gtk/gtk.h>

/* TRUE when a D-Bus session bus can be reached without starting one. */
static gboolean have_session_bus(void)
{
  const char *address = g_getenv("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime = g_getenv("XDG_RUNTIME_DIR");
  if (address && *address)
    return TRUE;
  g_autofree char *socket = runtime ? g_build_filename(runtime, "bus", NULL) : NULL;
  return socket && g_file_test(socket, G_FILE_TEST_EXISTS);
}

void ui_startup_prepare(const char *domain)
{
  g_setenv("GDK_GL", "disable", FALSE);
  if (!have_session_bus()) {
    g_setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", FALSE);
    g_setenv("NO_AT_BRIDGE", "1", FALSE);
  }
  gtk_disable_setlocale();
  ui_i18n_init(domain);
}
