/*
** ui-batch.c: see ui-batch.h.
**
** Settling polls the main loop (g_main_context_iteration without
** blocking) so that a quiet period can be seen to pass: 150 ms with no
** event source dispatched, once the window is mapped, means laid out and
** drawn.
*/
#include "ui-batch.h"
#include <stdio.h>
#include <string.h>

/* Quiet for this long, after mapping, means laid out and drawn. */
#define SETTLE_QUIET_US (150 * 1000)

/* The scenario must be known and go with --screenshot. */
int ui_batch_check_scenario(const char *prog, const char *scenario, const char *screenshot,
                            const char *const *names)
{
  if (scenario == NULL)
    return -1;
  if (!g_strv_contains(names, scenario)) {
    g_autofree char *all = g_strjoinv(", ", (char **)names);
    fprintf(stderr, "%s: unknown scenario '%s' (one of %s)\n", prog, scenario, all);
    return 2;
  }
  if (screenshot == NULL) {
    fprintf(stderr, "%s: --scenario goes with --screenshot FILE.png\n", prog);
    return 2;
  }
  return -1;
}

/* Iterates without blocking, so a quiet period can be seen to pass. */
void ui_batch_settle(GtkWidget *window, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  gint64 quiet_since = g_get_monotonic_time();
  while (g_get_monotonic_time() < end) {
    if (g_main_context_iteration(NULL, FALSE)) {
      quiet_since = g_get_monotonic_time();
      continue;
    }
    if (gtk_widget_get_mapped(window) && g_get_monotonic_time() - quiet_since > SETTLE_QUIET_US)
      return;
    g_usleep(5000);
  }
}

/* cairo's status as a GError. */
gboolean ui_batch_write_png(cairo_surface_t *surface, const char *png_path, GError **error)
{
  cairo_status_t st = cairo_surface_write_to_png(surface, png_path);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s: %s", png_path,
                cairo_status_to_string(st));
    return FALSE;
  }
  return TRUE;
}

/* The dialog closes itself; the app goes on. */
void ui_batch_fail(GtkApplication *app, const char *prog, gboolean batch, const char *what,
                   const GError *error)
{
  g_autofree char *msg = g_strdup_printf("%s: %s", what, error ? error->message : "?");
  if (batch) {
    fprintf(stderr, "%s: %s\n", prog, msg);
    return;
  }
  GtkWidget *d = gtk_message_dialog_new(NULL, GTK_DIALOG_MODAL, GTK_MESSAGE_ERROR,
                                        GTK_BUTTONS_CLOSE, "%s", msg);
  gtk_window_set_application(GTK_WINDOW(d), app);
  g_signal_connect(d, "response", G_CALLBACK(gtk_widget_destroy), NULL);
  gtk_widget_show(d);
}
