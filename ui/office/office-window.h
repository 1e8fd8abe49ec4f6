/*
** office-window.h: OfficeWindow, the office app's one window.
**
** A bar on top (the market, the period, the three views, refresh, export,
** sign out), a banner under it that says when the hub is being asked,
** cannot be reached or refused, and the pages (office-pages.h).  The
** window decides what to load when: a view is loaded when it is shown and
** its data is missing or of another market or period; refresh loads it
** again.  Export asks where to save with a native file chooser.
**
** Signal "exported" (const char *error_or_null): an export ended.
*/
#ifndef OFFICE_WINDOW_H
#define OFFICE_WINDOW_H

#include "office-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OFFICE_TYPE_WINDOW (office_window_get_type())
G_DECLARE_FINAL_TYPE(OfficeWindow, office_window, OFFICE, WINDOW, GtkApplicationWindow)

OfficeWindow *office_window_new(GtkApplication *app, OfficeModel *model);
OfficeModel *office_window_get_model(OfficeWindow *win);          /* transfer none */
/*
** Shows a page by name: "signin", "overview", "stall", "lines", "stores"
** (loading its data when needed).
*/
void office_window_show(OfficeWindow *win, const char *page);
const char *office_window_get_shown(OfficeWindow *win);           /* transfer none */
/* The page widget by name. Transfer none. */
GtkWidget *office_window_get_page(OfficeWindow *win, const char *page);
/* Chooses a market (as the market menu does). */
void office_window_set_market(OfficeWindow *win, const char *code);
/* As if chosen in the comparison menu: "previous" or "last-year". */
void office_window_set_compare(OfficeWindow *win, const char *mode);
/* As if day (YYYY-MM-DD) were clicked on the period's calendar: the second pick shows the range. */
void office_window_pick_day(OfficeWindow *win, const char *day);
/* Opens a stall's page and loads it. */
void office_window_open_stall(OfficeWindow *win, const char *code);
/* Exports the current view to path without asking ("exported" follows). */
void office_window_export_to(OfficeWindow *win, OfficeExportFormat format, const char *path);
/* The banner's text ("" when hidden), for tests. Transfer none. */
const char *office_window_banner_text(OfficeWindow *win);
/* Registers the window's keyboard shortcuts on app. */
void office_window_set_accels(GtkApplication *app);

G_END_DECLS
#endif
