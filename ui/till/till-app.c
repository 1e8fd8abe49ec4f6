/*
** till-app.c: StallPosApp (see till-app.h).
**
** The application opens the ledger, makes the one window, turns on the
** background sync, and handles the non-interactive modes: a screenshot
** of a scenario, and the startup benchmark.  A ledger that cannot be
** opened is said in a dialog (or on stderr in the batch modes) and ends
** the program: the till never runs on a ledger it cannot write.
*/
#include "till-app.h"
#include "ui-batch.h"
#include "ui-i18n.h"
#include "ui-startup.h"
#include "till-scenario.h"
#include "till-ui.h"
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _StallPosApp {
  GtkApplication parent_instance;
  char *db_path;
  char *screenshot;
  char *scenario;
  char *size;
  gboolean demo;
  gboolean fullscreen;
  gboolean bench_startup;
  int status;
  TillModel *model;
};

G_DEFINE_TYPE(StallPosApp, stall_pos_app, GTK_TYPE_APPLICATION)

static gint64 started_at;

/* The environment GTK starts in (ui-startup.h), the font map already warming. */
void stall_pos_app_prepare(gint64 started_us)
{
  started_at = started_us;
  /*
  ** Pango initialises fontconfig (its configuration, the font caches) in a
  ** thread of its own when the font map is made, and the first text layout
  ** waits for it.  Making the font map now runs that in parallel with GTK's
  ** start (display, theme) instead of after it.
  */
  pango_cairo_font_map_get_default();
  ui_startup_prepare(UI_DOMAIN_TILL);
}

/* Non-zero after a failed batch run (screenshot, benchmark). */
int stall_pos_app_status(StallPosApp *app)
{
  return app->status;
}

/* Batch modes report on stderr and exit non-zero; the till shows a dialog. */
static void fatal(StallPosApp *app, const char *what, const GError *error)
{
  app->status = 1;
  ui_batch_fail(GTK_APPLICATION(app), "stall-pos", app->screenshot || app->bench_startup, what,
                error);
}

/*
** The given ledger, the default one, or a throwaway demo for --demo and
** screenshots.
*/
static TillModel *open_model(StallPosApp *app, GError **error)
{
  if (app->db_path || !(app->demo || app->screenshot))
    return till_model_new(app->db_path, error);
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  return till_model_new_demo(csv, error);
}

/* Resident memory from /proc/self/status, in KiB (0 when unknown). */
static long rss_kib(void)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
    return 0;
  const char *p = strstr(status, "VmRSS:");
  return p ? strtol(p + 6, NULL, 10) : 0;
}

/*
** --bench-startup: the first frame of the window is the till ready to use.
** Prints the time since main() began and the resident memory then.
*/
static gboolean on_first_draw(GtkWidget *widget, cairo_t *cr, StallPosApp *app)
{
  (void)cr;
  g_signal_handlers_disconnect_by_func(widget, on_first_draw, app);
  printf("first-frame-ms %.1f rss-kib %ld\n",
         (double)(g_get_monotonic_time() - started_at) / 1000.0, rss_kib());
  fflush(stdout);
  g_application_quit(G_APPLICATION(app));
  return FALSE;
}

/*
** Lays out, drives the scenario, writes the PNG, quits: no window stays
** behind.
*/
static void run_screenshot(StallPosApp *app, TillWindow *win)
{
  g_autoptr(GError) error = NULL;
  ui_batch_settle(GTK_WIDGET(win), 5000);
  if (!till_scenario_apply(win, app->scenario ? app->scenario : "empty", &error)
      || !till_scenario_snapshot(win, app->screenshot, &error))
    fatal(app, _("Screenshot failed"), error);
  g_application_quit(G_APPLICATION(app));
}

/*
** "WxH" from --size: two whole numbers of pixels, each from 320 to 8192
** (smaller than any till screen, larger than any panel).
*/
static gboolean parse_size(const char *text, int *width, int *height)
{
  guint64 w, h;
  g_auto(GStrv) parts = g_strsplit(text, "x", -1);
  if (g_strv_length(parts) != 2
      || !g_ascii_string_to_unsigned(parts[0], 10, 320, 8192, &w, NULL)
      || !g_ascii_string_to_unsigned(parts[1], 10, 320, 8192, &h, NULL))
    return FALSE;
  *width = (int)w;
  *height = (int)h;
  return TRUE;
}

/*
** The screen the till fits: --size when given (screenshots of every size on
** any display), else the work area of the monitor it opens on (all of it
** when full screen), at most the 1280 x 800 a window starts at on a large
** desktop.
*/
static void fit_screen(StallPosApp *app, TillWindow *win)
{
  int w = 1280, h = 800;
  GdkDisplay *display = gtk_widget_get_display(GTK_WIDGET(win));
  GdkMonitor *monitor = gdk_display_get_primary_monitor(display);
  if (monitor == NULL && gdk_display_get_n_monitors(display) > 0)
    monitor = gdk_display_get_monitor(display, 0);
  if (app->size && parse_size(app->size, &w, &h)) {
    till_window_fit(win, w, h);
    return;
  }
  if (monitor) {
    GdkRectangle area;
    if (app->fullscreen)
      gdk_monitor_get_geometry(monitor, &area);
    else
      gdk_monitor_get_workarea(monitor, &area);
    w = app->fullscreen ? area.width : MIN(w, area.width);
    h = app->fullscreen ? area.height : MIN(h, area.height);
  }
  till_window_fit(win, w, h);
}

/* One window per process; the batch modes run from here and quit. */
static void stall_pos_app_activate(GApplication *gapp)
{
  StallPosApp *app = STALL_POS_APP(gapp);
  GList *windows = gtk_application_get_windows(GTK_APPLICATION(app));
  g_autoptr(GError) error = NULL;
  if (windows) {
    gtk_window_present(windows->data);
    return;
  }
  app->model = open_model(app, &error);
  if (app->model == NULL) {
    fatal(app, _("The ledger could not be opened"), error);
    return;
  }
  TillWindow *win = till_window_new(GTK_APPLICATION(app), app->model);
  if (app->bench_startup)
    g_signal_connect_after(win, "draw", G_CALLBACK(on_first_draw), app);
  fit_screen(app, win);
  if (app->fullscreen)
    gtk_window_fullscreen(GTK_WINDOW(win));
  gtk_window_present(GTK_WINDOW(win));
  if (app->screenshot) {
    run_screenshot(app, win);
    return;
  }
  if (!app->bench_startup)
    till_model_set_auto_sync(app->model, TRUE);
  if (till_model_is_new(app->model) && !app->bench_startup)
    g_action_group_activate_action(G_ACTION_GROUP(win), "settings", NULL);
}

/* CSS and F-keys before the first window exists. */
static void stall_pos_app_startup(GApplication *gapp)
{
  G_APPLICATION_CLASS(stall_pos_app_parent_class)->startup(gapp);
  till_ui_load_css();
  till_window_set_accels(GTK_APPLICATION(gapp));
  gtk_window_set_default_icon_name("org.marketpos.StallPos");
}

/* Checks the options before any window exists; -1 goes on. */
static int stall_pos_app_handle_local_options(GApplication *gapp, GVariantDict *options)
{
  StallPosApp *app = STALL_POS_APP(gapp);
  int w, h;
  (void)options;
  if (app->size && !parse_size(app->size, &w, &h)) {
    g_printerr("stall-pos: --size wants WIDTHxHEIGHT in pixels (320-8192), as 1024x768, "
               "not '%s'\n", app->size);
    return 2;
  }
  return ui_batch_check_scenario("stall-pos", app->scenario, app->screenshot,
                                 till_scenario_names());
}

/* Drops the model after the windows: its ledger closes last. */
static void stall_pos_app_shutdown(GApplication *gapp)
{
  StallPosApp *app = STALL_POS_APP(gapp);
  G_APPLICATION_CLASS(stall_pos_app_parent_class)->shutdown(gapp);
  g_clear_object(&app->model);
}

/* Frees the option strings. */
static void stall_pos_app_finalize(GObject *object)
{
  StallPosApp *app = STALL_POS_APP(object);
  g_free(app->db_path);
  g_free(app->screenshot);
  g_free(app->scenario);
  g_free(app->size);
  g_clear_object(&app->model);
  G_OBJECT_CLASS(stall_pos_app_parent_class)->finalize(object);
}

/* Options are checked locally (handle-local-options), before any window. */
static void stall_pos_app_class_init(StallPosAppClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS(klass);
  G_OBJECT_CLASS(klass)->finalize = stall_pos_app_finalize;
  app_class->activate = stall_pos_app_activate;
  app_class->startup = stall_pos_app_startup;
  app_class->shutdown = stall_pos_app_shutdown;
  app_class->handle_local_options = stall_pos_app_handle_local_options;
}

/* The command line, parsed by GApplication into the fields. */
static void stall_pos_app_init(StallPosApp *app)
{
  const GOptionEntry entries[] = {
    {"db", 0, 0, G_OPTION_ARG_FILENAME, &app->db_path, N_("The ledger file"), N_("PATH")},
    {"demo", 0, 0, G_OPTION_ARG_NONE, &app->demo,
     N_("A throwaway ledger with the demo catalog"), NULL},
    {"fullscreen", 0, 0, G_OPTION_ARG_NONE, &app->fullscreen, N_("Fill the screen"), NULL},
    /* Tests and benchmarks only: hidden from --help, still accepted. */
    {"screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &app->screenshot,
     N_("Write the screen of a scenario to a PNG file and quit"), N_("FILE.png")},
    {"scenario", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &app->scenario,
     N_("empty, cart, payment, receipt, close, offline, weight, discount, sales, products, "
        "settings, open-day, print-queue, open-drawer or weight-scale"),
     N_("NAME")},
    {"size", 0, 0, G_OPTION_ARG_STRING, &app->size,
     N_("The screen to fit, as 1024x768 (default: the monitor's)"), N_("WxH")},
    {"bench-startup", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &app->bench_startup,
     N_("Quit after the first frame and print the time it took"), NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  g_application_add_main_option_entries(G_APPLICATION(app), entries);
}

/* Non-unique: see till-app.h. */
StallPosApp *stall_pos_app_new(void)
{
  return g_object_new(STALL_POS_TYPE_APP, "application-id", "org.marketpos.StallPos", "flags",
                      G_APPLICATION_NON_UNIQUE, NULL);
}
