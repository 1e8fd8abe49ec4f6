/*
** till-app.h: StallPosApp, the till's GtkApplication.
**
**   stall-pos [--db PATH] [--demo] [--fullscreen]
**   stall-pos --screenshot FILE.png [--scenario NAME] [--db PATH]
**   stall-pos --bench-startup [--db PATH]
**
** Without --db the ledger is the default one ($XDG_DATA_HOME/market-pos/
** ledger.sqlite, shared with `stall`).  --demo, and --screenshot without
** --db, use a throwaway ledger with the demo catalog.  --bench-startup
** quits after the first frame is drawn and prints how long it took.
** The application is not unique: a screenshot run never reaches into a
** running till, and a till needs no D-Bus session.
*/
#ifndef TILL_APP_H
#define TILL_APP_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define STALL_POS_TYPE_APP (stall_pos_app_get_type())
G_DECLARE_FINAL_TYPE(StallPosApp, stall_pos_app, STALL_POS, APP, GtkApplication)

/*
** Sets the language (ui-i18n.h) and keeps GTK from resetting the locale;
** call first thing in main().  started_us is g_get_monotonic_time() at the
** start of main, for --bench-startup.
*/
void stall_pos_app_prepare(gint64 started_us);
StallPosApp *stall_pos_app_new(void);
/* The exit status after g_application_run (a failed screenshot, ...). */
int stall_pos_app_status(StallPosApp *app);

G_END_DECLS
#endif
