/*
** main.c: market-office, the office app.  Everything is in the mpos_office
** library (office-app.c); main only sets the language before GTK starts.
*/
#include "office-app.h"

int main(int argc, char **argv)
{
  market_office_app_prepare();
  g_autoptr(MarketOfficeApp) app = market_office_app_new();
  int rc = g_application_run(G_APPLICATION(app), argc, argv);
  return rc != 0 ? rc : market_office_app_status(app);
}
