/*
** office-app.h: MarketOfficeApp, the office app's GtkApplication.
**
**   market-office [--hub URL [--token-file FILE]] [--market CODE]
**                 [--period FROM..TO] [--silent-days N] [--ca-file FILE]
**   market-office --demo
**   market-office --screenshot FILE.png [--scenario NAME]
**   market-office --bench [--hub URL --token-file FILE --market CODE]
**
** Without --hub the saved sign-in is tried (office-token.h), else the
** sign-in form is shown.  --demo, --screenshot and --bench (without --hub)
** start a seeded demo hub on loopback (office-demo-hub.h); the seeded
** database is reused from $MPOS_OFFICE_DEMO_CACHE when that names a
** directory.  The period defaults to the 30 days ending yesterday (Asia/
** Seoul); with a demo hub, to the 30 days ending at the seed's last day.
** The application is not unique: a screenshot never reaches into a
** running office, and none needs a D-Bus session.
*/
#ifndef OFFICE_APP_H
#define OFFICE_APP_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MARKET_OFFICE_TYPE_APP (market_office_app_get_type())
G_DECLARE_FINAL_TYPE(MarketOfficeApp, market_office_app, MARKET_OFFICE, APP, GtkApplication)

/*
** Sets the language (ui-i18n.h) and the environment GTK starts in;
** call first thing in main().
*/
void market_office_app_prepare(void);
MarketOfficeApp *market_office_app_new(void);
/* The exit status after g_application_run (a failed screenshot, ...). */
int market_office_app_status(MarketOfficeApp *app);

G_END_DECLS
#endif
