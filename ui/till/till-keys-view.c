/*
** till-keys-view.c: the product-line tabs (the rail) and the quick-key grid.
**
** Keys are rebuilt from the model's catalog whenever it changes (a stall has
** tens of products, so a rebuild is instant) and never hold product data
** of their own beyond the PLU: the price shown is always the catalog's.
*/
#include "till-keys-view.h"
#include "till-ui.h"

struct _TillKeysView {
  GtkBox parent_instance;
  GtkFlowBox *rail;
  GtkFlowBox *grid;
  GtkLabel *empty_label;
  TillModel *model;
  gulong changed_id;
  char *line;              /* the product line shown */
  gboolean building;       /* rail radios toggle while rebuilt: ignore */
};

G_DEFINE_TYPE(TillKeysView, till_keys_view, GTK_TYPE_BOX)

/* A touch on a key: the model does the ringing; the entry keeps the focus. */
static void on_key_clicked(GtkButton *button, TillKeysView *view)
{
  int plu = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "plu"));
  till_model_add_plu(view->model, plu, NULL);
}

/* One key: the name (two lines at most) over the price. */
static GtkWidget *make_key(const PosProduct *p)
{
  GtkWidget *button = gtk_button_new();
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new(p->name);
  g_autofree char *price_text = till_ui_unit_price(p->price, p->unit);
  GtkWidget *price = gtk_label_new(price_text);
  gtk_label_set_line_wrap(GTK_LABEL(name), TRUE);
  gtk_label_set_line_wrap_mode(GTK_LABEL(name), PANGO_WRAP_WORD);
  gtk_label_set_lines(GTK_LABEL(name), 2);
  gtk_label_set_ellipsize(GTK_LABEL(name), PANGO_ELLIPSIZE_END);
  gtk_label_set_justify(GTK_LABEL(name), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars(GTK_LABEL(name), 8);
  till_ui_set_class(name, "key-name", TRUE);
  till_ui_set_class(price, "key-price", TRUE);
  gtk_box_pack_start(GTK_BOX(box), name, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(box), price, FALSE, FALSE, 0);
  gtk_container_add(GTK_CONTAINER(button), box);
  gtk_widget_set_focus_on_click(button, FALSE);
  till_ui_set_class(button, "quick-key", TRUE);
  till_ui_set_class(button, "weighed", p->unit == POS_UNIT_KG);
  g_object_set_data(G_OBJECT(button), "plu", GINT_TO_POINTER(p->plu));
  gtk_widget_show_all(button);
  return button;
}

/* The keys of the current line; the flow box children never take the focus. */
static void fill_grid(TillKeysView *view)
{
  till_ui_clear(GTK_CONTAINER(view->grid));
  GPtrArray *products = till_model_products(view->model);
  guint shown = 0;
  for (guint i = 0; i < products->len; i++) {
    const PosProduct *p = g_ptr_array_index(products, i);
    if (!p->active || g_strcmp0(p->line_code, view->line) != 0)
      continue;
    GtkWidget *key = make_key(p);
    g_signal_connect(key, "clicked", G_CALLBACK(on_key_clicked), view);
    gtk_flow_box_insert(view->grid, key, -1);
    gtk_widget_set_can_focus(gtk_widget_get_parent(key), FALSE);
    shown++;
  }
  gtk_widget_set_visible(GTK_WIDGET(view->empty_label), shown == 0);
}

/* A tab shows its line (not while the rail is rebuilt). */
static void on_rail_toggled(GtkToggleButton *button, TillKeysView *view)
{
  if (view->building || !gtk_toggle_button_get_active(button))
    return;
  till_keys_view_show_line(view, g_object_get_data(G_OBJECT(button), "line"));
}

/* The rail: one radio per product line; the current line stays chosen. */
static void fill_rail(TillKeysView *view)
{
  GPtrArray *lines = till_model_lines(view->model);
  GSList *group = NULL;
  view->building = TRUE;
  till_ui_clear(GTK_CONTAINER(view->rail));
  if (lines->len && (view->line == NULL
                     || !g_ptr_array_find_with_equal_func(lines, view->line, g_str_equal,
                                                          NULL))) {
    g_free(view->line);
    view->line = g_strdup(g_ptr_array_index(lines, 0));
  }
  for (guint i = 0; i < lines->len; i++) {
    const char *code = g_ptr_array_index(lines, i);
    GtkWidget *b = gtk_radio_button_new_with_label(group,
                                                   till_model_line_label(view->model, code));
    group = gtk_radio_button_get_group(GTK_RADIO_BUTTON(b));
    gtk_toggle_button_set_mode(GTK_TOGGLE_BUTTON(b), FALSE);
    gtk_widget_set_focus_on_click(b, FALSE);
    till_ui_set_class(b, "rail-button", TRUE);
    g_object_set_data_full(G_OBJECT(b), "line", g_strdup(code), g_free);
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(b), g_strcmp0(code, view->line) == 0);
    g_signal_connect(b, "toggled", G_CALLBACK(on_rail_toggled), view);
    gtk_widget_show(b);
    gtk_flow_box_insert(view->rail, b, -1);
    gtk_widget_set_can_focus(gtk_widget_get_parent(b), FALSE);
  }
  view->building = FALSE;
  fill_grid(view);
}

/* A catalog change rebuilds the tabs and keys. */
static void on_model_changed(TillModel *model, guint flags, TillKeysView *view)
{
  (void)model;
  if (flags & TILL_CHANGE_CATALOG)
    fill_rail(view);
}

/* Follows one model for the view's life. */
void till_keys_view_set_model(TillKeysView *view, TillModel *model)
{
  if (view->model) {
    g_clear_signal_handler(&view->changed_id, view->model);
    g_clear_object(&view->model);
  }
  view->model = g_object_ref(model);
  view->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), view);
  fill_rail(view);
}

/* The tab and the keys of one line. */
void till_keys_view_show_line(TillKeysView *view, const char *line_code)
{
  g_free(view->line);
  view->line = g_strdup(line_code);
  g_autoptr(GList) children = gtk_container_get_children(GTK_CONTAINER(view->rail));
  view->building = TRUE;
  for (GList *l = children; l; l = l->next) {
    GtkWidget *b = gtk_bin_get_child(GTK_BIN(l->data));
    gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(b),
                                 g_strcmp0(g_object_get_data(G_OBJECT(b), "line"), line_code)
                                   == 0);
  }
  view->building = FALSE;
  fill_grid(view);
}

/*
** On a narrow screen one column of keys is enough to be usable (more come
** as the width allows); the tabs stay two to a row, or they would fill the
** column's height.
*/
void till_keys_view_set_compact(TillKeysView *view, gboolean compact)
{
  gtk_flow_box_set_min_children_per_line(view->grid, compact ? 1 : 2);
}

/* Finds a key on the page shown, for tests and scenarios. */
GtkWidget *till_keys_view_find_key(TillKeysView *view, int plu)
{
  g_autoptr(GList) children = gtk_container_get_children(GTK_CONTAINER(view->grid));
  for (GList *l = children; l; l = l->next) {
    GtkWidget *key = gtk_bin_get_child(GTK_BIN(l->data));
    if (GPOINTER_TO_INT(g_object_get_data(G_OBJECT(key), "plu")) == plu)
      return key;
  }
  return NULL;
}

/* Stops following the model. */
static void till_keys_view_dispose(GObject *object)
{
  TillKeysView *view = TILL_KEYS_VIEW(object);
  if (view->model) {
    g_clear_signal_handler(&view->changed_id, view->model);
    g_clear_object(&view->model);
  }
  g_clear_pointer(&view->line, g_free);
  G_OBJECT_CLASS(till_keys_view_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_keys_view_class_init(TillKeysViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_keys_view_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-keys-view.ui");
  gtk_widget_class_bind_template_child(widget_class, TillKeysView, rail);
  gtk_widget_class_bind_template_child(widget_class, TillKeysView, grid);
  gtk_widget_class_bind_template_child(widget_class, TillKeysView, empty_label);
}

/* Builds the template. */
static void till_keys_view_init(TillKeysView *view)
{
  gtk_widget_init_template(GTK_WIDGET(view));
}
