/*
** office-scenario.c: the scripted states behind --screenshot (see
** office-scenario.h).
**
** Each state is reached through the widgets a person would use: the form
** is filled and its button pressed, the market is chosen in the menu, a
** row is activated, a tab toggled.  Only the "refused" consultant is
** pointed at the other market through the model, because the menu never
** offers a market the token may not read.
*/
#include "office-scenario.h"
#include "office-pages.h"
#include "office-program.h"
#include <string.h>

static const char *const names[] = {"signin", "overview", "stall", "lines", "stores",
                                    "program", "offline", "refused", NULL};

/* How long a scenario waits for the demo hub's answers. */
#define ANSWER_MS 60000

/* For --help's list and the unknown-scenario message. */
const char *const *office_scenario_names(void)
{
  return names;
}

/* Checked before any window or demo hub exists. */
gboolean office_scenario_valid(const char *name)
{
  return name && g_strv_contains(names, name);
}

/* Scenarios wait for the hub like a person would: the main loop runs. */
OfficeState office_scenario_wait(OfficeModel *model, OfficeView view, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  while (office_model_get_state(model, view) == OFFICE_STATE_LOADING
         && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  return office_model_get_state(model, view);
}

/* Waits for a view and turns anything but OK into an error naming it. */
static gboolean wait_ok(OfficeModel *model, OfficeView view, GError **error)
{
  OfficeState st = office_scenario_wait(model, view, ANSWER_MS);
  if (st == OFFICE_STATE_OK)
    return TRUE;
  g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "%s: %s (%s)", office_view_name(view),
              office_state_name(st), office_model_get_error(model, view));
  return FALSE;
}

/* Signs in through the form, as user, and waits for the overview. */
static gboolean sign_in(OfficeWindow *win, OfficeDemoHub *hub, OfficeDemoUser user,
                        GError **error)
{
  OfficeSigninPage *page = OFFICE_SIGNIN_PAGE(office_window_get_page(win, "signin"));
  OfficeModel *model = office_window_get_model(win);
  office_signin_page_fill(page, office_demo_hub_url(hub), office_demo_hub_token(hub, user));
  office_signin_page_submit(page);
  return wait_ok(model, OFFICE_VIEW_MARKETS, error)
         && wait_ok(model, OFFICE_VIEW_OVERVIEW, error);
}

/* The hub goes away after the overview arrived; the manager presses refresh. */
static gboolean offline(OfficeWindow *win, OfficeDemoHub **hub, GError **error)
{
  OfficeModel *model = office_window_get_model(win);
  if (!sign_in(win, *hub, OFFICE_DEMO_MANAGER, error))
    return FALSE;
  g_clear_pointer(hub, office_demo_hub_stop);
  g_action_group_activate_action(G_ACTION_GROUP(win), "refresh", NULL);
  return office_scenario_wait(model, OFFICE_VIEW_OVERVIEW, ANSWER_MS) == OFFICE_STATE_OFFLINE;
}

/* The consultant's M01 data is on screen when M02 is asked for. */
static gboolean refused(OfficeWindow *win, OfficeDemoHub *hub, GError **error)
{
  OfficeModel *model = office_window_get_model(win);
  if (!sign_in(win, hub, OFFICE_DEMO_CONSULTANT, error))
    return FALSE;
  office_model_set_market(model, "M02");
  office_window_show(win, "overview");
  return office_scenario_wait(model, OFFICE_VIEW_OVERVIEW, ANSWER_MS) == OFFICE_STATE_REFUSED;
}

/*
** The program tab through its button, the demo's engagement chosen in the
** table, and its impact waited for (the page asks the hub itself).
*/
static gboolean program(OfficeWindow *win, GError **error)
{
  OfficeModel *model = office_window_get_model(win);
  OfficeProgramPage *page = OFFICE_PROGRAM_PAGE(office_window_get_page(win, "program"));
  office_window_show(win, "program");
  if (!wait_ok(model, OFFICE_VIEW_PROGRAM, error))
    return FALSE;
  const GPtrArray *list = office_model_get_program(model)->engagements;
  if (list->len == 0 || !office_program_page_select(page, ((OfficeEngagement *)list->pdata[0])->id)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "program: no engagement to choose");
    return FALSE;
  }
  const char *asked = office_program_page_impact_text(page);
  g_autofree char *asking = g_strdup(asked);
  gint64 end = g_get_monotonic_time() + (gint64)ANSWER_MS * 1000;
  while (strcmp(office_program_page_impact_text(page), asking) == 0
         && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  return TRUE;
}

/* Each scenario signs in through the form first, except the form itself. */
gboolean office_scenario_apply(OfficeWindow *win, OfficeDemoHub **hub, const char *name,
                               GError **error)
{
  OfficeModel *model = office_window_get_model(win);
  if (!office_scenario_valid(name)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown scenario '%s'",
                name ? name : "");
    return FALSE;
  }
  if (strcmp(name, "signin") == 0) {
    office_signin_page_fill(OFFICE_SIGNIN_PAGE(office_window_get_page(win, "signin")),
                            office_demo_hub_url(*hub), NULL);
    return TRUE;
  }
  if (strcmp(name, "offline") == 0)
    return offline(win, hub, error);
  if (strcmp(name, "refused") == 0)
    return refused(win, *hub, error);
  gboolean consultant = strcmp(name, "lines") == 0 || strcmp(name, "stores") == 0;
  if (!sign_in(win, *hub, consultant ? OFFICE_DEMO_CONSULTANT : OFFICE_DEMO_MANAGER, error))
    return FALSE;
  if (strcmp(name, "stall") == 0) {
    GtkWidget *overview = office_window_get_page(win, "overview");
    ui_batch_settle(GTK_WIDGET(win), 2000);
    if (!office_overview_page_open(OFFICE_OVERVIEW_PAGE(overview), "M01-S01"))
      return FALSE;
    return wait_ok(model, OFFICE_VIEW_STALL, error);
  }
  if (strcmp(name, "lines") == 0) {
    office_window_show(win, "lines");
    if (!wait_ok(model, OFFICE_VIEW_LINES, error))
      return FALSE;
    return office_lines_page_select(OFFICE_LINES_PAGE(office_window_get_page(win, "lines")),
                                    "FISH");
  }
  if (strcmp(name, "program") == 0)
    return program(win, error);
  if (strcmp(name, "stores") == 0) {
    office_window_show(win, "stores");
    if (!wait_ok(model, OFFICE_VIEW_STORES, error))
      return FALSE;
    const GPtrArray *rows = office_model_get_stores(model)->wire.stores->rows;
    const char *first = rows->len ? ((const AnStoreRow *)rows->pdata[0])->code : NULL;
    return office_stores_page_select(OFFICE_STORES_PAGE(office_window_get_page(win, "stores")),
                                     first);
  }
  return TRUE;
}

/*
** The window as the X server has it: gtk_widget_draw() into an image
** surface leaves out a tree view's column headers (GTK 3 draws them into
** their own GdkWindow), so the picture is read back from the window, which
** under Xvfb nothing covers.  The drawing is only a fallback.
*/
gboolean office_scenario_snapshot(OfficeWindow *win, const char *png_path, GError **error)
{
  GtkWidget *w = GTK_WIDGET(win);
  ui_batch_settle(w, 5000);
  int width = gtk_widget_get_allocated_width(w), height = gtk_widget_get_allocated_height(w);
  g_autoptr(GdkPixbuf) shot = gdk_pixbuf_get_from_window(gtk_widget_get_window(w), 0, 0, width,
                                                         height);
  if (shot)
    return gdk_pixbuf_save(shot, png_path, "png", error, NULL);
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create(surface);
  gtk_widget_draw(w, cr);
  cairo_destroy(cr);
  return ui_batch_write_png(surface, png_path, error);
}
