/*
** office-window.c: OfficeWindow (see office-window.h).
**
** The window never waits for the hub: every load is the model's, in a
** worker thread, and the window only follows the model's "changed" signal
** to say where things stand.  What the banner says is always about the
** view on screen: its state, why it failed, and how old the data still
** shown is (the last good data stays, with its time).
*/
#include "office-window.h"
#include "office-format.h"
#include "office-pages.h"
#include "office-program.h"
#include "office-ui.h"
#include "an-data.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

struct _OfficeWindow {
  GtkApplicationWindow parent_instance;
  GtkWidget *tools, *period_popover;
  GtkComboBoxText *market_combo;
  GtkLabel *period_label, *period_message, *status_label, *banner_label;
  GtkEntry *from_entry, *to_entry;
  GtkCalendar *range_calendar;
  guint calendar_year, calendar_month;   /* the month it shows, to tell paging from picking */
  gboolean picking_to;                   /* the next day picked ends the range */
  GtkWidget *days7_button, *days30_button, *days90_button;
  GtkToggleButton *overview_button, *lines_button, *stores_button, *program_button;
  GtkComboBox *compare_combo;
  GtkRevealer *banner_revealer;
  GtkWidget *banner_box, *retry_button;
  GtkWidget *refresh_button, *signout_button;   /* bound for the tests, which press them */
  GtkSpinner *banner_spinner;
  GtkStack *stack;
  GtkWidget *pages[OFFICE_N_VIEWS];
  OfficeModel *model;
  OfficeView current;           /* on screen; MARKETS is the sign-in page */
  gboolean quiet;               /* widgets being set by code, not by the user */
  char *notice;                 /* an export's outcome, until the next state change */
  gboolean notice_error;
};

enum { SIGNAL_EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(OfficeWindow, office_window, GTK_TYPE_APPLICATION_WINDOW)

static const char *const page_names[OFFICE_N_VIEWS] = {"signin", "overview", "stall", "lines",
                                                       "stores", "program"};

/* ---- What is on screen ------------------------------------------------------------ */

/*
** The report behind the data a view shows (a stall's: the overview its row
** is read from), or NULL when it shows none.
*/
static const OfficeReport *view_report(OfficeModel *m, OfficeView view)
{
  OfficeStallDetail *d = office_model_get_stall(m);
  switch (view) {
  case OFFICE_VIEW_OVERVIEW:
    return office_model_get_overview(m);
  case OFFICE_VIEW_STALL:
    return d ? d->overview : NULL;
  case OFFICE_VIEW_LINES:
    return office_model_get_lines(m);
  case OFFICE_VIEW_STORES:
    return office_model_get_stores(m);
  default:
    return NULL;
  }
}

/* TRUE when the view shows the chosen market and period already. */
static gboolean view_current(OfficeWindow *win, OfficeView view)
{
  const OfficeReport *r = view_report(win->model, view);
  const char *market = office_model_get_market(win->model);
  const OfficeProgram *p = office_model_get_program(win->model);
  if (view == OFFICE_VIEW_PROGRAM)
    return p && g_strcmp0(p->market, market) == 0
           && strcmp(p->from, office_model_get_from(win->model)) == 0
           && strcmp(p->to, office_model_get_to(win->model)) == 0;
  return r && g_strcmp0(office_report_head(r)->market_code, market) == 0
         && office_report_head(r)->query.compare == office_model_get_compare(win->model)
         && g_strcmp0(r->from, office_model_get_from(win->model)) == 0
         && g_strcmp0(r->to, office_model_get_to(win->model)) == 0;
}

/* Shows the banner in a state's colours, or hides it (text NULL). */
static void banner(OfficeWindow *win, const char *css, const char *text, gboolean spin,
                   gboolean retry)
{
  static const char *const classes[] = {"loading", "offline", "refused", "failed", "info"};
  for (guint i = 0; i < G_N_ELEMENTS(classes); i++)
    office_ui_set_class(win->banner_box, classes[i], css && strcmp(css, classes[i]) == 0);
  gtk_label_set_text(win->banner_label, text ? text : "");
  gtk_widget_set_visible(win->retry_button, retry);
  if (spin)
    gtk_spinner_start(win->banner_spinner);
  else
    gtk_spinner_stop(win->banner_spinner);
  gtk_widget_set_visible(GTK_WIDGET(win->banner_spinner), spin);
  gtk_revealer_set_reveal_child(win->banner_revealer, text != NULL);
}

/*
** The banner and the status line for the view on screen.  When the data
** shown is not of the market and period asked for (a refusal, an outage),
** the status line names what it is.
*/
static void update_status(OfficeWindow *win)
{
  OfficeView v = win->current;
  OfficeState st = office_model_get_state(win->model, v);
  const OfficeReport *r = view_report(win->model, v);
  const AnReportHead *h = r ? office_report_head(r) : NULL;
  g_autofree char *when = h ? office_format_time(office_model_get_fetched_ms(win->model, v))
                            : NULL;
  g_autofree char *kept = when ? g_strdup_printf(_("Still showing the data received at %s."),
                                                 when) : g_strdup("");
  g_autofree char *text = NULL;
  if (h && view_current(win, v)) {
    office_ui_set_label(win->status_label, g_strdup_printf(_("as of %s"), when));
  } else if (h) {
    gboolean same_market = g_strcmp0(h->market_code, office_model_get_market(win->model)) == 0;
    g_autofree char *period = office_format_period(r->from, r->to);
    office_ui_set_label(win->status_label,
                        g_strdup_printf(_("showing %s as of %s"),
                                        same_market ? period
                                        : h->market_name ? h->market_name : h->market_code,
                                        when));
  } else {
    gtk_label_set_text(win->status_label, "");
  }
  if (v == OFFICE_VIEW_MARKETS) {
    banner(win, NULL, NULL, FALSE, FALSE);
    return;
  }
  switch (st) {
  case OFFICE_STATE_LOADING:
    text = h ? g_strdup_printf(_("Asking the hub… %s"), kept) : g_strdup(_("Asking the hub…"));
    banner(win, "loading", text, TRUE, FALSE);
    return;
  case OFFICE_STATE_OFFLINE:
    text = g_strdup_printf(_("Offline: %s %s"), office_model_get_error(win->model, v), kept);
    banner(win, "offline", text, FALSE, TRUE);
    return;
  case OFFICE_STATE_REFUSED:
    text = g_strdup_printf(_("Refused: %s %s"), office_model_get_error(win->model, v), kept);
    banner(win, "refused", text, FALSE, TRUE);
    return;
  case OFFICE_STATE_FAILED:
    text = g_strdup_printf("%s %s", office_model_get_error(win->model, v), kept);
    banner(win, "failed", text, FALSE, TRUE);
    return;
  case OFFICE_STATE_OK:
  case OFFICE_STATE_IDLE:
    banner(win, win->notice_error ? "failed" : "info", win->notice, FALSE, FALSE);
    return;
  }
}

/* Loads a view unless it already shows the chosen market and period. */
static void ensure_loaded(OfficeWindow *win, OfficeView view)
{
  if (view_current(win, view) || office_model_get_state(win->model, view) == OFFICE_STATE_LOADING)
    return;
  office_model_reload(win->model, view);
}

/* Switches the stack and the navigation buttons to a view. */
static void show_view(OfficeWindow *win, OfficeView view)
{
  win->current = view;
  gtk_stack_set_visible_child(win->stack, win->pages[view]);
  gtk_widget_set_visible(win->tools, view != OFFICE_VIEW_MARKETS);
  win->quiet = TRUE;
  if (view == OFFICE_VIEW_LINES)
    gtk_toggle_button_set_active(win->lines_button, TRUE);
  else if (view == OFFICE_VIEW_STORES)
    gtk_toggle_button_set_active(win->stores_button, TRUE);
  else if (view == OFFICE_VIEW_PROGRAM)
    gtk_toggle_button_set_active(win->program_button, TRUE);
  else
    gtk_toggle_button_set_active(win->overview_button, TRUE);
  win->quiet = FALSE;
  g_clear_pointer(&win->notice, g_free);
  if (view != OFFICE_VIEW_MARKETS && view != OFFICE_VIEW_STALL)
    ensure_loaded(win, view);
  update_status(win);
}

/* Shows a page by name; tests and scenarios use the names. */
void office_window_show(OfficeWindow *win, const char *page)
{
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    if (g_strcmp0(page, page_names[v]) == 0)
      show_view(win, (OfficeView)v);
}

/* The name of the page on screen. */
const char *office_window_get_shown(OfficeWindow *win)
{
  return page_names[win->current];
}

/* A page widget by name, for tests and scenarios. */
GtkWidget *office_window_get_page(OfficeWindow *win, const char *page)
{
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    if (g_strcmp0(page, page_names[v]) == 0)
      return win->pages[v];
  return NULL;
}

/* The model the window follows. */
OfficeModel *office_window_get_model(OfficeWindow *win)
{
  return win->model;
}

/* What the banner says, "" when it is hidden. */
const char *office_window_banner_text(OfficeWindow *win)
{
  return gtk_revealer_get_reveal_child(win->banner_revealer)
           ? gtk_label_get_text(win->banner_label) : "";
}

/* Loads the stall and shows its page at once (with the banner saying loading). */
void office_window_open_stall(OfficeWindow *win, const char *code)
{
  office_model_load_stall(win->model, code);
  show_view(win, OFFICE_VIEW_STALL);
}

/* ---- Market and period -------------------------------------------------------------------- */

/* The calendar on the period's last day, a new range to pick; no pick is made. */
static void show_calendar(OfficeWindow *win)
{
  AnDay to = 0;
  char iso[AN_DAY_ISO_LEN];
  unsigned y = 0, m = 0, d = 0;
  gboolean quiet = win->quiet;
  if (!an_day_parse(office_model_get_to(win->model), &to))
    return;
  an_day_format(to, iso);
  if (sscanf(iso, "%4u-%2u-%2u", &y, &m, &d) != 3)
    return;
  win->quiet = TRUE;
  win->calendar_year = y;
  win->calendar_month = m - 1;
  gtk_calendar_select_month(win->range_calendar, m - 1, y);
  gtk_calendar_select_day(win->range_calendar, d);
  win->quiet = quiet;
  win->picking_to = FALSE;
}

/* The period on the button and in the popover's entries. */
static void show_period(OfficeWindow *win)
{
  office_ui_set_label(win->period_label, office_format_period(office_model_get_from(win->model),
                                                               office_model_get_to(win->model)));
  gtk_entry_set_text(win->from_entry, office_model_get_from(win->model));
  gtk_entry_set_text(win->to_entry, office_model_get_to(win->model));
  gtk_label_set_text(win->period_message, "");
  show_calendar(win);
}

/* A new market or period: the view on screen follows (a stall goes back to the overview). */
static void selection_changed(OfficeWindow *win)
{
  show_view(win, win->current == OFFICE_VIEW_STALL ? OFFICE_VIEW_OVERVIEW : win->current);
}

/* The market menu: ignored while the window fills it itself. */
static void on_market_changed(OfficeWindow *win)
{
  const char *code = gtk_combo_box_get_active_id(GTK_COMBO_BOX(win->market_combo));
  if (win->quiet || code == NULL)
    return;
  office_model_set_market(win->model, code);
  selection_changed(win);
}

/* The comparison menu: the same days just before, or the same dates a year before. */
static void on_compare_changed(OfficeWindow *win)
{
  AnCompare compare = AN_COMPARE_PREVIOUS;
  if (win->quiet || !an_compare_parse(gtk_combo_box_get_active_id(win->compare_combo), &compare))
    return;
  office_model_set_compare(win->model, compare);
  selection_changed(win);
}

/* As if chosen in the comparison menu ("previous", "last-year"). */
void office_window_set_compare(OfficeWindow *win, const char *mode)
{
  gtk_combo_box_set_active_id(win->compare_combo, mode);
}

/* As if chosen in the market menu. */
void office_window_set_market(OfficeWindow *win, const char *code)
{
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(win->market_combo), code);
}

/* A bad period is said in the popover, and nothing changes. */
static void on_period_apply(OfficeWindow *win)
{
  g_autoptr(GError) error = NULL;
  if (!office_model_set_period(win->model, gtk_entry_get_text(win->from_entry),
                               gtk_entry_get_text(win->to_entry), &error)) {
    gtk_label_set_text(win->period_message, error->message);
    return;
  }
  gtk_popover_popdown(GTK_POPOVER(win->period_popover));
  show_period(win);
  selection_changed(win);
}

/*
** A range in two clicks on the calendar: the first day starts it (From and
** To both), the second ends it (the two swapped when it is the earlier)
** and shows the period at once.  The entries stay for typing.
*/
static void pick_day(OfficeWindow *win, const char *day)
{
  if (!win->picking_to) {
    gtk_entry_set_text(win->from_entry, day);
    gtk_entry_set_text(win->to_entry, day);
    win->picking_to = TRUE;
    return;
  }
  win->picking_to = FALSE;
  if (strcmp(day, gtk_entry_get_text(win->from_entry)) < 0) {
    g_autofree char *from = g_strdup(gtk_entry_get_text(win->from_entry));
    gtk_entry_set_text(win->from_entry, day);
    gtk_entry_set_text(win->to_entry, from);
  } else {
    gtk_entry_set_text(win->to_entry, day);
  }
  on_period_apply(win);
}

/*
** GtkCalendar says "day-selected" also when its month is paged (the day
** follows); a day counts as picked only within the month already shown.
*/
static void on_calendar_day(OfficeWindow *win)
{
  guint y = 0, m = 0, d = 0;
  char day[AN_DAY_ISO_LEN];
  gtk_calendar_get_date(win->range_calendar, &y, &m, &d);
  if (win->quiet)
    return;
  if (y != win->calendar_year || m != win->calendar_month) {
    win->calendar_year = y;
    win->calendar_month = m;
    return;
  }
  g_snprintf(day, sizeof day, "%04u-%02u-%02u", y, m + 1, d);
  pick_day(win, day);
}

/* As if a day were clicked on the period's calendar (tests, scenarios). */
void office_window_pick_day(OfficeWindow *win, const char *day)
{
  pick_day(win, day);
}

/* 7, 30 or 90 days ending on the period's last day. */
static void on_period_preset(OfficeWindow *win, GtkWidget *button)
{
  int days = button == win->days7_button ? 7 : button == win->days30_button ? 30 : 90;
  AnDay to = 0;
  char from[AN_DAY_ISO_LEN];
  if (!an_day_parse(gtk_entry_get_text(win->to_entry), &to))
    an_day_parse(office_model_get_to(win->model), &to);
  an_day_format(to - days + 1, from);
  gtk_entry_set_text(win->from_entry, from);
  char to_text[AN_DAY_ISO_LEN];
  an_day_format(to, to_text);
  gtk_entry_set_text(win->to_entry, to_text);
  on_period_apply(win);
}

/* The tabs: ignored while the window sets them itself. */
static void on_nav_toggled(OfficeWindow *win, GtkToggleButton *button)
{
  if (win->quiet || !gtk_toggle_button_get_active(button))
    return;
  show_view(win, button == win->lines_button     ? OFFICE_VIEW_LINES
                 : button == win->stores_button  ? OFFICE_VIEW_STORES
                 : button == win->program_button ? OFFICE_VIEW_PROGRAM
                                                 : OFFICE_VIEW_OVERVIEW);
}

/* The markets the token may read, "name (code)", in the hub's order. */
static void fill_markets(OfficeWindow *win)
{
  GPtrArray *markets = office_model_get_markets(win->model);
  win->quiet = TRUE;
  gtk_combo_box_text_remove_all(win->market_combo);
  for (guint i = 0; markets && i < markets->len; i++) {
    const OfficeMarket *mk = markets->pdata[i];
    g_autofree char *label = g_strdup_printf("%s (%s)", mk->name, mk->code);
    gtk_combo_box_text_append(win->market_combo, mk->code, label);
  }
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(win->market_combo), office_model_get_market(win->model));
  win->quiet = FALSE;
}

/* The market menu, the period, then the overview. */
static void on_signed_in(OfficeModel *model, OfficeWindow *win)
{
  (void)model;
  fill_markets(win);
  show_period(win);
  show_view(win, OFFICE_VIEW_OVERVIEW);
}

/* A sign-out elsewhere sends the window back to the form. */
static void on_model_changed(OfficeModel *model, int view, OfficeWindow *win)
{
  if (view == OFFICE_VIEW_MARKETS && !office_model_signed_in(model)
      && win->current != OFFICE_VIEW_MARKETS)
    show_view(win, OFFICE_VIEW_MARKETS);
  else if (view == (int)win->current)
    update_status(win);
}

/* A stall's row was opened on the overview. */
static void on_stall_activated(OfficeWindow *win, const char *code)
{
  office_window_open_stall(win, code);
}

/* The stall page's back button. */
static void on_stall_back(OfficeWindow *win)
{
  show_view(win, OFFICE_VIEW_OVERVIEW);
}

/* ---- Actions -------------------------------------------------------------------------------------- */

/* F5, the refresh button and "try again". */
static void on_refresh(GSimpleAction *action, GVariant *param, gpointer data)
{
  OfficeWindow *win = data;
  (void)action;
  (void)param;
  g_clear_pointer(&win->notice, g_free);
  if (win->current != OFFICE_VIEW_MARKETS)
    office_model_reload(win->model, win->current);
}

/* Forgets the token and shows the form. */
static void on_sign_out(GSimpleAction *action, GVariant *param, gpointer data)
{
  OfficeWindow *win = data;
  (void)action;
  (void)param;
  office_model_sign_out(win->model);
  show_view(win, OFFICE_VIEW_MARKETS);
}

/* Who asked for an export, and where it goes. */
typedef struct {
  OfficeWindow *win;            /* a reference */
  char *path;
} Export;

/* An export ended: said in the banner, and to whoever listens (tests). */
static void on_exported(GObject *source, GAsyncResult *result, gpointer data)
{
  Export *ex = data;
  OfficeWindow *win = ex->win;
  g_autoptr(GError) error = NULL;
  gboolean ok = office_model_export_finish(OFFICE_MODEL(source), result, &error);
  g_free(win->notice);
  win->notice = ok ? g_strdup_printf(_("Saved %s"), ex->path) : g_strdup(error->message);
  win->notice_error = !ok;
  update_status(win);
  g_signal_emit(win, signals[SIGNAL_EXPORTED], 0, ok ? NULL : error->message);
  g_object_unref(win);
  g_free(ex->path);
  g_free(ex);
}

/* Exports without asking where (tests); the banner says how it went. */
void office_window_export_to(OfficeWindow *win, OfficeExportFormat format, const char *path)
{
  Export *ex = g_new0(Export, 1);
  ex->win = g_object_ref(win);
  ex->path = g_strdup(path);
  g_free(win->notice);
  win->notice = g_strdup_printf(_("Exporting to %s…"), path);
  win->notice_error = FALSE;
  update_status(win);
  office_model_export_async(win->model, win->current, format, path, NULL, on_exported, ex);
}

/* "M01_2026-10-27_2026-11-25_lines.csv": sortable, and says what it holds. */
static char *suggested_name(OfficeWindow *win, OfficeExportFormat format)
{
  static const char *const what[] = {"markets", "stalls", "daily", "lines", "stores"};
  OfficeStallDetail *d = office_model_get_stall(win->model);
  const char *who = win->current == OFFICE_VIEW_STALL && d ? d->stall->code
                                                          : office_model_get_market(win->model);
  return g_strdup_printf("%s_%s_%s_%s.%s", who ? who : "market", office_model_get_from(win->model),
                         office_model_get_to(win->model),
                         format == OFFICE_EXPORT_PDF ? "report" : what[win->current],
                         format == OFFICE_EXPORT_PDF ? "pdf" : "csv");
}

/* The file chooser answered: export there, or nothing. */
static void on_save_response(GtkNativeDialog *dialog, int response, OfficeWindow *win)
{
  OfficeExportFormat format = (OfficeExportFormat)GPOINTER_TO_INT(
    g_object_get_data(G_OBJECT(dialog), "format"));
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autofree char *path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(dialog));
    if (path)
      office_window_export_to(win, format, path);
  }
  g_object_unref(dialog);
}

/* Asks where to save, with the desktop's own file chooser. */
static void ask_export(OfficeWindow *win, OfficeExportFormat format)
{
  GtkFileChooserNative *fc = gtk_file_chooser_native_new(
    format == OFFICE_EXPORT_PDF ? _("Save the consultant's report") : _("Save the table as CSV"),
    GTK_WINDOW(win), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = suggested_name(win, format);
  gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(fc), TRUE);
  gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(fc), name);
  g_object_set_data(G_OBJECT(fc), "format", GINT_TO_POINTER(format));
  g_signal_connect(fc, "response", G_CALLBACK(on_save_response), win);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(fc));
}

/* The export menu's CSV item. */
static void on_export_csv(GSimpleAction *action, GVariant *param, gpointer data)
{
  (void)action;
  (void)param;
  ask_export(data, OFFICE_EXPORT_CSV);
}

/* The export menu's PDF item. */
static void on_export_pdf(GSimpleAction *action, GVariant *param, gpointer data)
{
  (void)action;
  (void)param;
  ask_export(data, OFFICE_EXPORT_PDF);
}

/* F5 refresh, Ctrl+E CSV, Ctrl+P PDF. */
void office_window_set_accels(GtkApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    {"win.refresh", {"F5", "<Primary>r", NULL}},
    {"win.export-csv", {"<Primary>e", NULL, NULL}},
    {"win.export-pdf", {"<Primary>p", NULL, NULL}},
  };
  for (guint i = 0; i < G_N_ELEMENTS(accels); i++)
    gtk_application_set_accels_for_action(app, accels[i].action, accels[i].accels);
}

/* ---- GObject ------------------------------------------------------------------------------------------ */

/* Stops following the model before dropping it. */
static void office_window_dispose(GObject *object)
{
  OfficeWindow *win = OFFICE_WINDOW(object);
  if (win->model)
    g_signal_handlers_disconnect_by_data(win->model, win);
  g_clear_object(&win->model);
  G_OBJECT_CLASS(office_window_parent_class)->dispose(object);
}

/* The export notice. */
static void office_window_finalize(GObject *object)
{
  g_free(OFFICE_WINDOW(object)->notice);
  G_OBJECT_CLASS(office_window_parent_class)->finalize(object);
}

/* Template, bindings, callbacks and the exported signal. */
static void office_window_class_init(OfficeWindowClass *klass)
{
  GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_window_dispose;
  G_OBJECT_CLASS(klass)->finalize = office_window_finalize;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(w, OFFICE_RESOURCE_PATH "office-window.ui");
  gtk_widget_class_bind_template_child(w, OfficeWindow, tools);
  gtk_widget_class_bind_template_child(w, OfficeWindow, period_popover);
  gtk_widget_class_bind_template_child(w, OfficeWindow, market_combo);
  gtk_widget_class_bind_template_child(w, OfficeWindow, period_label);
  gtk_widget_class_bind_template_child(w, OfficeWindow, period_message);
  gtk_widget_class_bind_template_child(w, OfficeWindow, status_label);
  gtk_widget_class_bind_template_child(w, OfficeWindow, banner_label);
  gtk_widget_class_bind_template_child(w, OfficeWindow, from_entry);
  gtk_widget_class_bind_template_child(w, OfficeWindow, to_entry);
  gtk_widget_class_bind_template_child(w, OfficeWindow, range_calendar);
  gtk_widget_class_bind_template_child(w, OfficeWindow, days7_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, days30_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, days90_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, overview_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, lines_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, stores_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, program_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, compare_combo);
  gtk_widget_class_bind_template_child(w, OfficeWindow, banner_revealer);
  gtk_widget_class_bind_template_child(w, OfficeWindow, banner_box);
  gtk_widget_class_bind_template_child(w, OfficeWindow, retry_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, refresh_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, signout_button);
  gtk_widget_class_bind_template_child(w, OfficeWindow, banner_spinner);
  gtk_widget_class_bind_template_child(w, OfficeWindow, stack);
  gtk_widget_class_bind_template_callback(w, on_market_changed);
  gtk_widget_class_bind_template_callback(w, on_compare_changed);
  gtk_widget_class_bind_template_callback(w, on_period_apply);
  gtk_widget_class_bind_template_callback(w, on_period_preset);
  gtk_widget_class_bind_template_callback(w, on_calendar_day);
  gtk_widget_class_bind_template_callback(w, on_nav_toggled);
  signals[SIGNAL_EXPORTED] = g_signal_new("exported", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

/* The template and the window's actions. */
static void office_window_init(OfficeWindow *win)
{
  static const GActionEntry actions[] = {
    {"refresh", on_refresh, NULL, NULL, NULL, {0}},
    {"sign-out", on_sign_out, NULL, NULL, NULL, {0}},
    {"export-csv", on_export_csv, NULL, NULL, NULL, {0}},
    {"export-pdf", on_export_pdf, NULL, NULL, NULL, {0}},
  };
  gtk_widget_init_template(GTK_WIDGET(win));
  g_action_map_add_action_entries(G_ACTION_MAP(win), actions, G_N_ELEMENTS(actions), win);
}

/* The pages, the model's signals, and the first page: the form or the overview. */
OfficeWindow *office_window_new(GtkApplication *app, OfficeModel *model)
{
  OfficeWindow *win = g_object_new(OFFICE_TYPE_WINDOW, "application", app, NULL);
  win->model = g_object_ref(model);
  win->pages[OFFICE_VIEW_MARKETS] = office_signin_page_new(model);
  win->pages[OFFICE_VIEW_OVERVIEW] = office_overview_page_new(model);
  win->pages[OFFICE_VIEW_STALL] = office_stall_page_new(model);
  win->pages[OFFICE_VIEW_LINES] = office_lines_page_new(model);
  win->pages[OFFICE_VIEW_STORES] = office_stores_page_new(model);
  win->pages[OFFICE_VIEW_PROGRAM] = office_program_page_new(model);
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    gtk_stack_add_named(win->stack, win->pages[v], page_names[v]);
  g_signal_connect_swapped(win->pages[OFFICE_VIEW_OVERVIEW], "stall-activated",
                           G_CALLBACK(on_stall_activated), win);
  g_signal_connect_swapped(win->pages[OFFICE_VIEW_STALL], "back", G_CALLBACK(on_stall_back), win);
  g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), win);
  g_signal_connect(model, "signed-in", G_CALLBACK(on_signed_in), win);
  show_period(win);
  if (office_model_signed_in(model))
    on_signed_in(model, win);
  else
    show_view(win, OFFICE_VIEW_MARKETS);
  return win;
}
