/*
** till-ui.c: helpers shared by the till's widgets (see till-ui.h).
*/
#include "till-ui.h"
#include "till-print.h"
#include <glib/gi18n.h>

/* From glib-compile-resources --manual-register (ui/till/CMakeLists.txt): a
** static library would drop an automatic constructor nobody references. */
void till_register_resource(void);

/* Once, whichever widget class comes first. */
void till_ui_ensure_resources(void)
{
  static gsize once;
  if (g_once_init_enter(&once)) {
    till_register_resource();
    g_once_init_leave(&once, 1);
  }
}

/* Application priority: above the theme, below a user's own CSS. */
void till_ui_load_css(void)
{
  static gboolean done;
  GdkScreen *screen = gdk_screen_get_default();
  if (done || screen == NULL)
    return;
  till_ui_ensure_resources();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new();
  gtk_css_provider_load_from_resource(css, TILL_RESOURCE_PATH "till.css");
  gtk_style_context_add_provider_for_screen(screen, GTK_STYLE_PROVIDER(css),
                                            GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  done = TRUE;
}

/* The demo catalog travels in the binary: screenshots need no files. */
GBytes *till_ui_demo_catalog(void)
{
  till_ui_ensure_resources();
  return g_resources_lookup_data(TILL_RESOURCE_PATH "demo-catalog.csv",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* Money the way the screen says it (Korean: 17,560원). */
char *till_ui_won(PosMoney v)
{
  char buf[32];
  return g_strdup_printf(_("%s won"), pos_money_format(v, buf, sizeof buf));
}

/* Per kg for weighed goods, per piece otherwise. */
char *till_ui_unit_price(PosMoney price, PosUnit unit)
{
  char buf[32];
  pos_money_format(price, buf, sizeof buf);
  return unit == POS_UNIT_KG ? g_strdup_printf(_("%s won/kg"), buf)
                             : g_strdup_printf(_("%s won"), buf);
}

/* CSS classes carry every state the eye must catch. */
void till_ui_set_class(GtkWidget *widget, const char *css_class, gboolean on)
{
  GtkStyleContext *ctx = gtk_widget_get_style_context(widget);
  if (on)
    gtk_style_context_add_class(ctx, css_class);
  else
    gtk_style_context_remove_class(ctx, css_class);
}

/* Errors in red and bold, other messages plain. */
void till_ui_show_message(GtkLabel *label, const char *text, gboolean is_error)
{
  gtk_label_set_text(label, text ? text : "");
  till_ui_set_class(GTK_WIDGET(label), "error", is_error && text && *text);
}

/*
** Printing goes through the ledger's queue (till-model-print.c): the job is
** stored first, then the bytes go to the printer in a worker thread
** (till-print.c, every step bounded by the device's timeouts), and the
** outcome is recorded back on the UI thread.  One job is in flight at a
** time per model (a flag on the model), so a hurried "retry" never sends a
** receipt twice.  Each job printed goes on to the oldest job still queued,
** and the first failure stops the chain: a receipt queued while another
** printed follows it, and a printer that came back prints what waited.  A
** retry goes to the printer set now (the merchant may have swapped it
** after the failure), or the job's own when none is set.
*/
#define PRINTING_KEY "till-printing"

typedef struct {
  TillModel *model;
  int64_t id;
} PrintRun;

static void print_next_queued(TillModel *model);

/* The model is kept alive until the printer answers. */
static void on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  PrintRun *run = data;
  g_autoptr(TillModel) model = run->model;
  g_autoptr(GError) failure = NULL;
  (void)source;
  gboolean printed = till_print_finish(result, &failure);
  g_object_set_data(G_OBJECT(model), PRINTING_KEY, NULL);
  till_model_print_record(model, run->id, failure, NULL);
  g_free(run);
  if (printed)
    print_next_queued(model);
}

/* Sends bytes for job id; the message line says it is printing. */
static void print_job(TillModel *model, int64_t id, const char *printer, GBytes *bytes)
{
  PrintRun *run = g_new0(PrintRun, 1);
  run->model = g_object_ref(model);
  run->id = id;
  g_object_set_data(G_OBJECT(model), PRINTING_KEY, GINT_TO_POINTER(1));
  till_model_set_message(model, FALSE, _("Printing…"));
  till_print_async(bytes, printer, NULL, on_printed, run);
}

/* The oldest job still queued, if any. */
static void print_next_queued(TillModel *model)
{
  g_autoptr(GPtrArray) jobs = till_model_print_queued(model, NULL);
  if (jobs == NULL || jobs->len == 0)
    return;
  const PosPrintJob *job = g_ptr_array_index(jobs, 0);
  const char *now = till_model_settings(model)->printer_path;
  print_job(model, job->id, now && *now ? now : job->printer, job->bytes);
}

/* TRUE when a job is with the printer (a second one waits its turn in the queue). */
static gboolean print_busy(TillModel *model)
{
  return g_object_get_data(G_OBJECT(model), PRINTING_KEY) != NULL;
}

gboolean till_ui_print_receipt(TillModel *model, const PosSale *sale, gboolean first_print,
                               GError **error)
{
  g_autoptr(GBytes) send = NULL;
  g_autoptr(PosPrintJob) job = till_model_queue_receipt(model, sale, first_print, &send, error);
  if (job == NULL)
    return FALSE;
  if (print_busy(model))
    till_model_set_message(model, FALSE, _("Queued: it prints after the receipt printing now."));
  else
    print_job(model, job->id, job->printer, send);
  return TRUE;
}

gboolean till_ui_print_zreport(TillModel *model, const PosZReport *z, GError **error)
{
  g_autoptr(PosPrintJob) job = till_model_queue_zreport(model, z, error);
  if (job == NULL)
    return FALSE;
  if (!print_busy(model))
    print_job(model, job->id, job->printer, job->bytes);
  return TRUE;
}

/* The timer's retry: nothing said when nothing waits or a job is out. */
void till_ui_print_retry_quiet(TillModel *model)
{
  if (!print_busy(model))
    print_next_queued(model);
}

void till_ui_print_retry(TillModel *model)
{
  g_autoptr(GPtrArray) jobs = till_model_print_queued(model, NULL);
  if (print_busy(model) || jobs == NULL)
    return;
  if (jobs->len == 0) {
    till_model_set_message(model, FALSE, _("Nothing is waiting to print."));
    return;
  }
  print_next_queued(model);
}

/* The drawer's outcome on the message line; the model is kept until then. */
static void on_kicked(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TillModel) model = data;
  g_autoptr(GError) error = NULL;
  (void)source;
  if (till_print_finish(result, &error)) {
    till_model_set_message(model, FALSE, _("The drawer opened (the reason is logged)."));
  } else {
    g_autofree char *msg = g_strdup_printf(_("The drawer did not open: %s"), error->message);
    till_model_set_message(model, TRUE, msg);
  }
}

gboolean till_ui_open_drawer(TillModel *model, const char *reason, GError **error)
{
  g_autoptr(GBytes) kick = till_model_drawer_open(model, reason, error);
  if (kick == NULL)
    return FALSE;
  till_print_kick_async(kick, till_model_settings(model)->printer_path, NULL, on_kicked,
                        g_object_ref(model));
  return TRUE;
}

/* For lists rebuilt from the model. */
void till_ui_clear(GtkContainer *container)
{
  g_autoptr(GList) children = gtk_container_get_children(container);
  for (GList *l = children; l; l = l->next)
    gtk_widget_destroy(GTK_WIDGET(l->data));
}

/*
** The keys written on a dialog's buttons ("Reprint · F7") do what the
** button does: one table per dialog, one lookup here.  Only Ctrl counts
** among the modifiers, so Caps Lock or Num Lock do not stop a key.
*/
gboolean till_ui_key_click(GtkWidget *dialog, const GdkEventKey *event, const TillUiKey *keys,
                           gsize n_keys)
{
  GdkModifierType mods = event->state & GDK_CONTROL_MASK;
  guint keyval = gdk_keyval_to_lower(event->keyval);
  for (gsize i = 0; i < n_keys; i++) {
    if (keys[i].keyval != keyval || keys[i].mods != mods)
      continue;
    GtkWidget *b = GTK_WIDGET(
      gtk_widget_get_template_child(dialog, G_OBJECT_TYPE(dialog), keys[i].button_id));
    if (b == NULL || !gtk_widget_is_visible(b) || !gtk_widget_is_sensitive(b))
      return FALSE;
    gtk_button_clicked(GTK_BUTTON(b));
    return TRUE;
  }
  return FALSE;
}

/* Every dialog modal and centred over the till, with its look. */
void till_ui_dialog_setup(GtkDialog *dialog, GtkWindow *parent)
{
  gtk_window_set_transient_for(GTK_WINDOW(dialog), parent);
  gtk_window_set_modal(GTK_WINDOW(dialog), TRUE);
  gtk_window_set_destroy_with_parent(GTK_WINDOW(dialog), TRUE);
  gtk_window_set_position(GTK_WINDOW(dialog), GTK_WIN_POS_CENTER_ON_PARENT);
  till_ui_set_class(GTK_WIDGET(dialog), "till", TRUE);
}

/* The refusal in the dialog where it happened. */
void till_ui_dialog_error(GtkLabel *label, GError *error)
{
  till_ui_show_message(label, error ? error->message : "", error != NULL);
  if (error)
    g_error_free(error);
}

/*
** Room a window manager may take around a dialog (a title bar, borders):
** a dialog fitted to the screen less this stays whole with or without one.
*/
#define FIT_MARGIN_W 16
#define FIT_MARGIN_H 48
/* The least height of a scrolling pane once its row is stacked. */
#define STACKED_PANE_MIN_H 180

/* The screen sizes that take the compact layout and type (till.css). */
gboolean till_ui_screen_is_compact(int screen_w, int screen_h)
{
  return screen_w < TILL_ROOMY_MIN_WIDTH || screen_h < TILL_ROOMY_MIN_HEIGHT;
}

/*
** GtkDialog's own action area: a button box, alone in a box of its own.
** The till's dialogs leave it empty and carry their buttons in their
** template.
*/
static gboolean is_action_area(GtkWidget *w)
{
  if (GTK_IS_BUTTON_BOX(w))
    return TRUE;
  if (!GTK_IS_BOX(w))
    return FALSE;
  g_autoptr(GList) inside = gtk_container_get_children(GTK_CONTAINER(w));
  return inside && inside->next == NULL && GTK_IS_BUTTON_BOX(inside->data);
}

/* The content box's own children, shown, in order. Transfer container. */
static GList *body_children(GtkBox *content)
{
  g_autoptr(GList) all = gtk_container_get_children(GTK_CONTAINER(content));
  GList *kids = NULL;
  for (GList *l = all; l; l = l->next)
    if (!is_action_area(l->data) && gtk_widget_get_visible(l->data))
      kids = g_list_append(kids, l->data);
  return kids;
}

/*
** Moves the middle children of a dialog's content box (all but its first,
** the title, and its last, the row of buttons) into a vertical scroller, so
** the title and the buttons stay on screen while the body scrolls.  The
** children keep their packing.
*/
static void scroll_body(GtkBox *content, int max_body_h)
{
  GList *kids = body_children(content);
  guint n = g_list_length(kids);
  if (n < 3) {
    g_list_free(kids);
    return;
  }
  GtkWidget *scroller = gtk_scrolled_window_new(NULL, NULL);
  GtkWidget *body = gtk_box_new(GTK_ORIENTATION_VERTICAL, gtk_box_get_spacing(content));
  gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER,
                                 GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroller), TRUE);
  gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(scroller), max_body_h);
  gtk_widget_set_vexpand(scroller, TRUE);
  guint i = 0;
  for (GList *l = kids; l; l = l->next, i++) {
    if (i == 0 || i == n - 1)
      continue;
    GtkWidget *w = l->data;
    gboolean expand, fill;
    gtk_container_child_get(GTK_CONTAINER(content), w, "expand", &expand, "fill", &fill, NULL);
    g_object_ref(w);
    gtk_container_remove(GTK_CONTAINER(content), w);
    gtk_box_pack_start(GTK_BOX(body), w, expand, fill, 0);
    g_object_unref(w);
  }
  gtk_container_add(GTK_CONTAINER(scroller), body);
  gtk_widget_show_all(scroller);
  int title_at;
  gtk_container_child_get(GTK_CONTAINER(content), kids->data, "position", &title_at, NULL);
  gtk_box_pack_start(content, scroller, TRUE, TRUE, 0);
  gtk_box_reorder_child(content, scroller, title_at + 1);
  g_list_free(kids);
}

/* Collects the horizontal boxes of two or more shown children under w. */
static void find_rows(GtkWidget *w, gpointer data)
{
  GPtrArray *rows = data;
  if (GTK_IS_SCROLLED_WINDOW(w) || !gtk_widget_get_visible(w))
    return;
  if (GTK_IS_BOX(w)
      && gtk_orientable_get_orientation(GTK_ORIENTABLE(w)) == GTK_ORIENTATION_HORIZONTAL) {
    g_autoptr(GList) kids = gtk_container_get_children(GTK_CONTAINER(w));
    guint shown = 0;
    for (GList *l = kids; l; l = l->next)
      shown += gtk_widget_get_visible(l->data) ? 1 : 0;
    if (shown >= 2)
      g_ptr_array_add(rows, w);
  }
  if (GTK_IS_CONTAINER(w))
    gtk_container_foreach(GTK_CONTAINER(w), find_rows, data);
}

/* The minimum width a widget asks for. */
static int min_width(GtkWidget *w)
{
  int width;
  gtk_widget_get_preferred_width(w, &width, NULL);
  return width;
}

/*
** Side by side panes stack when the screen is too narrow for them: the
** widest row of the dialog turns into a column, then the next widest,
** until the dialog is narrow enough or no row is left.  Rows of equal keys
** (homogeneous: the payment methods, the quick notes) go last, as a column
** of keys is the least usable.  Stacked, the dialog is taller; its body
** then scrolls (till_ui_fit_dialog).
*/
static void stack_rows(GtkWindow *dialog, GtkWidget *content, int max_w)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new();
  find_rows(content, rows);
  while (min_width(GTK_WIDGET(dialog)) > max_w && rows->len > 0) {
    guint widest = 0;
    for (guint i = 1; i < rows->len; i++) {
      gboolean keys_i = gtk_box_get_homogeneous(rows->pdata[i]);
      gboolean keys_w = gtk_box_get_homogeneous(rows->pdata[widest]);
      if (keys_i != keys_w ? !keys_i
                           : min_width(rows->pdata[i]) > min_width(rows->pdata[widest]))
        widest = i;
    }
    gtk_orientable_set_orientation(GTK_ORIENTABLE(rows->pdata[widest]),
                                   GTK_ORIENTATION_VERTICAL);
    gtk_box_set_homogeneous(GTK_BOX(rows->pdata[widest]), FALSE);
    /* a list or a receipt that was a pane keeps a few rows in view */
    g_autoptr(GList) panes = gtk_container_get_children(GTK_CONTAINER(rows->pdata[widest]));
    for (GList *l = panes; l; l = l->next)
      if (GTK_IS_SCROLLED_WINDOW(l->data)
          && gtk_scrolled_window_get_min_content_height(l->data) < STACKED_PANE_MIN_H)
        gtk_scrolled_window_set_min_content_height(l->data, STACKED_PANE_MIN_H);
    g_ptr_array_remove_index(rows, widest);
  }
}

/*
** A dialog placed when it was shown may grow later (a longer message, a
** preview filled in); GTK does not place it again, so it is moved back
** inside the screen it was fitted to (the till's, from the corner of the
** display).
*/
static void keep_inside(GtkWidget *dialog, GdkRectangle *allocation, gpointer data)
{
  int screen_w = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "till-screen-w"));
  int screen_h = GPOINTER_TO_INT(data);
  int x, y;
  gtk_window_get_position(GTK_WINDOW(dialog), &x, &y);
  int nx = CLAMP(x, 0, MAX(0, screen_w - allocation->width));
  int ny = CLAMP(y, 0, MAX(0, screen_h - allocation->height));
  if (nx != x || ny != y)
    gtk_window_move(GTK_WINDOW(dialog), nx, ny);
}

/*
** A dialog's templates were drawn for a large screen.  On a smaller one the
** dialog gets at most the screen's size less a window manager's frame: its
** panes stack when they are too wide, and when its content wants more
** height than that, the body scrolls between the title and the buttons.
** Centred on the till, whose window fills the screen from its corner, it
** is then inside the screen with or without a window manager.
*/
void till_ui_fit_dialog(GtkWindow *dialog, int screen_w, int screen_h)
{
  if (screen_w <= 0 || screen_h <= 0 || !GTK_IS_DIALOG(dialog))
    return;
  int max_w = screen_w - FIT_MARGIN_W, max_h = screen_h - FIT_MARGIN_H;
  till_ui_set_class(GTK_WIDGET(dialog), "compact", till_ui_screen_is_compact(screen_w, screen_h));
  int def_w, def_h, min_h, nat_h, min_w;
  GtkWidget *content = gtk_dialog_get_content_area(GTK_DIALOG(dialog));
  stack_rows(dialog, content, max_w);
  gtk_window_get_default_size(dialog, &def_w, &def_h);
  gtk_widget_get_preferred_width(GTK_WIDGET(dialog), &min_w, NULL);
  int w = MIN(def_w > 0 ? def_w : max_w, max_w);
  w = MAX(w, MIN(min_w, max_w));
  gtk_widget_get_preferred_height_for_width(GTK_WIDGET(dialog), w, &min_h, &nat_h);
  if (MAX(def_h, nat_h) > max_h) {
    int title_h = 0, buttons_h = 0;
    g_autoptr(GList) kids = body_children(GTK_BOX(content));
    GList *last = g_list_last(kids);
    if (kids)
      gtk_widget_get_preferred_height(kids->data, &title_h, NULL);
    if (last)
      gtk_widget_get_preferred_height(last->data, &buttons_h, NULL);
    int chrome = title_h + buttons_h + 4 * gtk_box_get_spacing(GTK_BOX(content))
                 + 2 * gtk_widget_get_margin_top(content) + 32;
    /* moving the body's widgets drops the focus: it goes back where it was */
    GtkWidget *focus = gtk_window_get_focus(dialog);
    scroll_body(GTK_BOX(content), MAX(120, max_h - chrome));
    if (focus)
      gtk_widget_grab_focus(focus);
  }
  g_object_set_data(G_OBJECT(dialog), "till-screen-w", GINT_TO_POINTER(screen_w));
  g_signal_connect(dialog, "size-allocate", G_CALLBACK(keep_inside), GINT_TO_POINTER(screen_h));
  gtk_widget_get_preferred_height_for_width(GTK_WIDGET(dialog), w, &min_h, &nat_h);
  int h = def_h > 0 ? MIN(def_h, max_h) : MIN(nat_h, max_h);
  gtk_window_set_default_size(dialog, w, MAX(h, MIN(min_h, max_h)));
}
