/*
** office-app.c: MarketOfficeApp (see office-app.h).
**
** The application parses the options, makes the model and the one
** window, and runs the non-interactive modes.  Starting a demo hub is the
** only thing done before the window shows (it seeds a database: seconds,
** once per cache); after that every exchange with a hub is the model's,
** off the UI thread.
*/
#include "office-app.h"
#include "office-demo-hub.h"
#include "ui-batch.h"
#include "ui-i18n.h"
#include "ui-startup.h"
#include "office-pages.h"
#include "office-scenario.h"
#include "office-ui.h"
#include "office-window.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

struct _MarketOfficeApp {
  GtkApplication parent_instance;
  char *hub, *token_file, *market, *period, *ca_file, *screenshot, *scenario;
  int silent_days;
  gboolean demo, bench;
  int status;
  OfficeModel *model;
  OfficeDemoHub *demo_hub;
};

G_DEFINE_TYPE(MarketOfficeApp, market_office_app, GTK_TYPE_APPLICATION)

/* As the till does (ui-startup.h). */
void market_office_app_prepare(void)
{
  ui_startup_prepare(UI_DOMAIN_OFFICE);
}

/* The exit status of the batch modes. */
int market_office_app_status(MarketOfficeApp *app)
{
  return app->status;
}

/* Batch modes say it on stderr and exit non-zero; the window shows a dialog. */
static void fatal(MarketOfficeApp *app, const char *what, const GError *error)
{
  app->status = 1;
  ui_batch_fail(GTK_APPLICATION(app), "market-office", app->screenshot || app->bench, what,
                error);
}

/*
** The demo hub's seed: a bench needs one 200-stall market, the rest a few
** small ones; $MPOS_OFFICE_DEMO_DIR names a hub `make demo` prepared
** instead (office-demo-hub.h).
*/
static OfficeDemoHub *start_demo(MarketOfficeApp *app, GError **error)
{
  OfficeDemoOptions o = {3, 12, 63, NULL, TRUE, NULL};
  const char *cache = g_getenv("MPOS_OFFICE_DEMO_CACHE");
  const char *prepared = g_getenv("MPOS_OFFICE_DEMO_DIR");
  if (prepared && *prepared && !app->bench) {
    o.prepared_dir = prepared;
    return office_demo_hub_start(&o, error);
  }
  if (app->bench) {
    o.markets = 1;
    o.stalls = 200;
    o.days = 60;
    o.unsynced_stall = FALSE;
  }
  g_autofree char *dir = cache && *cache ? g_strdup_printf("%s/demo-r%d-%dx%dx%d%s", cache,
                                                           OFFICE_DEMO_RECIPE, o.markets,
                                                           o.stalls, o.days,
                                                           o.unsynced_stall ? "-u" : "")
                                         : NULL;
  o.cache_dir = dir;
  return office_demo_hub_start(&o, error);
}

/* The token of --token-file, trimmed. Transfer full. */
static char *read_token(const char *path, GError **error)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, error))
    return NULL;
  return g_strdup(g_strstrip(text));
}

/* --period FROM..TO, or the defaults of office-app.h. */
static gboolean apply_period(MarketOfficeApp *app, GError **error)
{
  char from[11], to[11];
  if (app->period) {
    g_auto(GStrv) days = g_strsplit(app->period, "..", 2);
    return office_model_set_period(app->model, days[0], days[1], error);
  }
  office_model_default_period(app->demo_hub ? office_demo_hub_now_ms(app->demo_hub) : 0, 30,
                              from, to);
  return office_model_set_period(app->model, from, to, error);
}

/* The model as the options say. */
static gboolean setup_model(MarketOfficeApp *app, GError **error)
{
  app->model = office_model_new();
  if ((app->demo || app->screenshot || (app->bench && app->hub == NULL))
      && (app->demo_hub = start_demo(app, error)) == NULL)
    return FALSE;
  if (app->demo_hub)
    office_model_set_now_ms(app->model, office_demo_hub_now_ms(app->demo_hub));
  if (app->silent_days > 0)
    office_model_set_silent_days(app->model, app->silent_days);
  office_model_set_ca_file(app->model, app->ca_file);
  office_model_set_market(app->model, app->market);
  return apply_period(app, error);
}

/* A scenario against the demo hub, then the window as a PNG. */
static void run_screenshot(MarketOfficeApp *app, OfficeWindow *win)
{
  g_autoptr(GError) error = NULL;
  ui_batch_settle(GTK_WIDGET(win), 5000);
  if (!office_scenario_apply(win, &app->demo_hub, app->scenario ? app->scenario : "overview",
                             &error)
      || !office_scenario_snapshot(win, app->screenshot, &error))
    fatal(app, _("Screenshot failed"), error);
}

/* The demo hub's 200-stall market, or --hub with --token-file. */
static void run_bench(MarketOfficeApp *app, OfficeWindow *win)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *url = app->demo_hub ? office_demo_hub_url(app->demo_hub) : app->hub;
  if (app->demo_hub)
    token = g_strdup(office_demo_hub_token(app->demo_hub, OFFICE_DEMO_ADMIN));
  else if (app->token_file)
    token = read_token(app->token_file, &error);
  else
    g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "--bench with --hub needs --token-file");
  if (token == NULL || !office_scenario_bench(win, url, token, app->market, &error))
    fatal(app, _("Benchmark failed"), error);
}

/* The saved sign-in, --hub with --token-file, or the demo hub's manager. */
static void sign_in(MarketOfficeApp *app, OfficeWindow *win)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *signin = office_window_get_page(win, "signin");
  if (app->demo_hub) {
    office_signin_page_fill(OFFICE_SIGNIN_PAGE(signin), office_demo_hub_url(app->demo_hub),
                            office_demo_hub_token(app->demo_hub, OFFICE_DEMO_MANAGER));
    return;
  }
  if (app->hub == NULL) {
    office_model_restore(app->model);
    return;
  }
  g_autofree char *token = app->token_file ? read_token(app->token_file, &error) : NULL;
  office_signin_page_fill(OFFICE_SIGNIN_PAGE(signin), app->hub, token);
  if (error)
    fatal(app, _("The token file could not be read"), error);
  else if (token)
    office_signin_page_submit(OFFICE_SIGNIN_PAGE(signin));
}

/* One window; batch modes run and end here. */
static void market_office_app_activate(GApplication *gapp)
{
  MarketOfficeApp *app = MARKET_OFFICE_APP(gapp);
  GList *windows = gtk_application_get_windows(GTK_APPLICATION(app));
  g_autoptr(GError) error = NULL;
  if (windows) {
    gtk_window_present(windows->data);
    return;
  }
  if (!setup_model(app, &error)) {
    fatal(app, _("The office could not start"), error);
    return;
  }
  OfficeWindow *win = office_window_new(GTK_APPLICATION(app), app->model);
  if (app->demo_hub || app->bench)
    office_signin_page_set_remember(OFFICE_SIGNIN_PAGE(office_window_get_page(win, "signin")),
                                    FALSE);
  gtk_window_present(GTK_WINDOW(win));
  if (app->screenshot || app->bench) {
    if (app->screenshot)
      run_screenshot(app, win);
    else
      run_bench(app, win);
    office_model_cancel_all(app->model);
    gtk_widget_destroy(GTK_WIDGET(win));
    g_application_quit(gapp);
    return;
  }
  sign_in(app, win);
}

/* CSS, shortcuts and the icon, before any window. */
static void market_office_app_startup(GApplication *gapp)
{
  G_APPLICATION_CLASS(market_office_app_parent_class)->startup(gapp);
  office_ui_load_css();
  office_window_set_accels(GTK_APPLICATION(gapp));
  gtk_window_set_default_icon_name("org.marketpos.Office");
}

/* Checks the options before any window exists; -1 goes on. */
static int market_office_app_handle_local_options(GApplication *gapp, GVariantDict *options)
{
  MarketOfficeApp *app = MARKET_OFFICE_APP(gapp);
  (void)options;
  int status = ui_batch_check_scenario("market-office", app->scenario, app->screenshot,
                                       office_scenario_names());
  if (status != -1)
    return status;
  if (app->period && strstr(app->period, "..") == NULL) {
    fprintf(stderr, "market-office: --period is FROM..TO (YYYY-MM-DD..YYYY-MM-DD)\n");
    return 2;
  }
  return -1;
}

/* The model (its jobs were cancelled) and the demo hub go. */
static void market_office_app_shutdown(GApplication *gapp)
{
  MarketOfficeApp *app = MARKET_OFFICE_APP(gapp);
  G_APPLICATION_CLASS(market_office_app_parent_class)->shutdown(gapp);
  g_clear_object(&app->model);
  g_clear_pointer(&app->demo_hub, office_demo_hub_stop);
}

/* The options' strings. */
static void market_office_app_finalize(GObject *object)
{
  MarketOfficeApp *app = MARKET_OFFICE_APP(object);
  g_free(app->hub);
  g_free(app->token_file);
  g_free(app->market);
  g_free(app->period);
  g_free(app->ca_file);
  g_free(app->screenshot);
  g_free(app->scenario);
  g_clear_object(&app->model);
  g_clear_pointer(&app->demo_hub, office_demo_hub_stop);
  G_OBJECT_CLASS(market_office_app_parent_class)->finalize(object);
}

/* GApplication's hooks. */
static void market_office_app_class_init(MarketOfficeAppClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS(klass);
  G_OBJECT_CLASS(klass)->finalize = market_office_app_finalize;
  app_class->activate = market_office_app_activate;
  app_class->startup = market_office_app_startup;
  app_class->shutdown = market_office_app_shutdown;
  app_class->handle_local_options = market_office_app_handle_local_options;
}

/* The command-line options of office-app.h. */
static void market_office_app_init(MarketOfficeApp *app)
{
  const GOptionEntry entries[] = {
    {"hub", 0, 0, G_OPTION_ARG_STRING, &app->hub, N_("The hub's address"), N_("URL")},
    {"token-file", 0, 0, G_OPTION_ARG_FILENAME, &app->token_file,
     N_("Read the personal token from this file (never on the command line)"), N_("FILE")},
    {"market", 0, 0, G_OPTION_ARG_STRING, &app->market, N_("The market to open"), N_("CODE")},
    {"period", 0, 0, G_OPTION_ARG_STRING, &app->period,
     N_("The period (default: the 30 days ending yesterday)"), N_("FROM..TO")},
    {"silent-days", 0, 0, G_OPTION_ARG_INT, &app->silent_days,
     N_("Highlight stalls silent for more days than this (default 3)"), N_("N")},
    {"ca-file", 0, 0, G_OPTION_ARG_FILENAME, &app->ca_file,
     N_("Trust this CA bundle for a hub with a private certificate"), N_("FILE")},
    {"demo", 0, 0, G_OPTION_ARG_NONE, &app->demo,
     N_("Start a seeded demo hub on this computer and sign in to it"), NULL},
    /* Tests and benchmarks only: hidden from --help, still accepted. */
    {"screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &app->screenshot,
     N_("Write the screen of a scenario to a PNG file and quit"), N_("FILE.png")},
    {"scenario", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &app->scenario,
     N_("signin, overview, stall, lines, stores, offline or refused"), N_("NAME")},
    {"bench", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &app->bench,
     N_("Measure sign-in to first screen, scrolling and sorting, and quit"), NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_application_add_main_option_entries(G_APPLICATION(app), entries);
}

/* Not unique: a screenshot never reaches into a running office. */
MarketOfficeApp *market_office_app_new(void)
{
  return g_object_new(MARKET_OFFICE_TYPE_APP, "application-id", "org.marketpos.Office", "flags",
                      G_APPLICATION_NON_UNIQUE, NULL);
}
