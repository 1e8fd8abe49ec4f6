/*
** ui-batch.h: what the till's and the office's batch modes share
** (--screenshot with --scenario, the benchmarks): checking those options,
** waiting until GTK has laid out and drawn, writing the PNG, and saying a
** failure.  The two apps used to carry a copy each; one copy keeps the
** screenshots and their errors alike.  GTK only: ui/ alone uses it.
*/
#ifndef UI_BATCH_H
#define UI_BATCH_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
** handle-local-options for --scenario: 2 (the exit status) after saying on
** stderr, as PROG, that the scenario is not one of names (a NULL-terminated
** list) or has no --screenshot to go with; -1 (go on) otherwise.
*/
int ui_batch_check_scenario(const char *prog, const char *scenario, const char *screenshot,
                            const char *const *names);

/*
** Runs the main loop without blocking until the window is mapped and GTK
** has had nothing to do for a moment (laid out, drawn), or timeout_ms.
*/
void ui_batch_settle(GtkWidget *window, guint timeout_ms);

/* Writes surface to png_path as PNG and destroys it; FALSE with error. */
gboolean ui_batch_write_png(cairo_surface_t *surface, const char *png_path, GError **error);

/*
** A failure "what: error": on stderr as PROG when batch (the mode exits
** non-zero), else in an error dialog of app.
*/
void ui_batch_fail(GtkApplication *app, const char *prog, gboolean batch, const char *what,
                   const GError *error);

G_END_DECLS
#endif
