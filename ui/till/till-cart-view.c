/*
** till-cart-view.c: the cart list and the totals (see till-cart-view.h).
**
** The list is rebuilt from the model on every cart change: a sale has a
** handful of lines, and a rebuild can never show a line the ledger's cart
** does not have.  Every figure shown comes from pos_cart_totals() through
** the model, so the screen and the receipt always agree to the won.
*/
#include "till-cart-view.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillCartView {
  GtkBox parent_instance;
  GtkListBox *list;
  GtkLabel *taxable_value, *vat_value, *exempt_value, *discount_value, *total_value;
  GtkLabel *count_label;
  TillModel *model;
  gulong changed_id;
  gboolean filling;        /* selection changes while rebuilding are ours */
};

G_DEFINE_TYPE(TillCartView, till_cart_view, GTK_TYPE_BOX)

/* A label with its alignment and CSS class, the cart's building block. */
static GtkWidget *label(const char *text, const char *css_class, float xalign)
{
  GtkWidget *l = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(l), xalign);
  if (css_class)
    till_ui_set_class(l, css_class, TRUE);
  return l;
}

/* "450 g × 16,800원/kg", "4 × 2,500원". Transfer full. */
static char *line_detail(const PosLine *l)
{
  char qty[48];
  g_autofree char *price = till_ui_unit_price(l->unit_price, l->unit);
  pos_qty_format(l->qty_milli, l->unit, qty, sizeof qty);
  if (l->fixed_amount)
    return g_strdup_printf(_("%s (scale label)"), qty);
  return g_strdup_printf("%s × %s", qty, price);
}

/* One line: number, name and amount; the detail; discounts and changes below. */
static GtkWidget *make_row(const PosLine *l, guint index)
{
  GtkWidget *grid = gtk_grid_new();
  g_autofree char *no = g_strdup_printf("%u", index + 1);
  g_autofree char *detail = line_detail(l);
  char amount[32];
  int row = 2;
  gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
  GtkWidget *name = label(l->name, "line-name", 0);
  gtk_label_set_ellipsize(GTK_LABEL(name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand(name, TRUE);
  gtk_grid_attach(GTK_GRID(grid), label(no, "line-no", 0), 0, 0, 1, 1);
  gtk_grid_attach(GTK_GRID(grid), name, 1, 0, 1, 1);
  gtk_grid_attach(GTK_GRID(grid),
                  label(pos_money_format(l->amount + l->rounding, amount, sizeof amount),
                        "line-amount", 1), 2, 0, 1, 2);
  gtk_grid_attach(GTK_GRID(grid), label(detail, "line-detail", 0), 1, 1, 1, 1);
  if (l->override_reason) {
    g_autofree char *t = g_strdup_printf(_("Price changed from %s (%s)"),
                                         pos_money_format(l->list_price, amount, sizeof amount),
                                         l->override_reason);
    gtk_grid_attach(GTK_GRID(grid), label(t, "line-note", 0), 1, row++, 2, 1);
  }
  if (l->line_discount) {
    g_autofree char *won = till_ui_won(-l->line_discount);
    g_autofree char *t = g_strdup_printf(_("Discount %s (%s)"), won, l->discount_reason);
    gtk_grid_attach(GTK_GRID(grid), label(t, "line-note", 0), 1, row++, 2, 1);
  }
  GtkWidget *r = gtk_list_box_row_new();
  gtk_container_add(GTK_CONTAINER(r), grid);
  gtk_widget_set_can_focus(r, FALSE);
  gtk_widget_show_all(r);
  return r;
}

/* A money label. */
static void set_won(GtkLabel *l, PosMoney v)
{
  g_autofree char *t = till_ui_won(v);
  gtk_label_set_text(l, t);
}

/*
** Rebuilds rows and totals from the model; the selection follows the
** model's.
*/
static void fill(TillCartView *view)
{
  TillModel *m = view->model;
  guint n = till_model_n_lines(m);
  PosTotals t;
  view->filling = TRUE;
  till_ui_clear(GTK_CONTAINER(view->list));
  for (guint i = 0; i < n; i++)
    gtk_container_add(GTK_CONTAINER(view->list), make_row(till_model_line(m, i), i));
  int sel = till_model_selected(m);
  GtkListBoxRow *row = sel >= 0 ? gtk_list_box_get_row_at_index(view->list, sel) : NULL;
  gtk_list_box_select_row(view->list, row);
  view->filling = FALSE;
  till_model_totals(m, &t);
  set_won(view->taxable_value, t.supply);
  set_won(view->vat_value, t.vat);
  set_won(view->exempt_value, t.exempt);
  set_won(view->discount_value, -(t.line_discounts + t.sale_discount));
  set_won(view->total_value, t.total);
  g_autofree char *count =
    g_strdup_printf(g_dngettext(NULL, "%u line", "%u lines", n), n);
  gtk_label_set_text(view->count_label, count);
}

/* A touch selects the line in the model (not while rebuilding). */
static void on_row_selected(GtkListBox *list, GtkListBoxRow *row, TillCartView *view)
{
  (void)list;
  if (!view->filling && row)
    till_model_select(view->model, gtk_list_box_row_get_index(row));
}

/* Only cart changes redraw the cart. */
static void on_model_changed(TillModel *model, guint flags, TillCartView *view)
{
  (void)model;
  if (flags & TILL_CHANGE_CART)
    fill(view);
}

/* Follows one model for the view's life. */
void till_cart_view_set_model(TillCartView *view, TillModel *model)
{
  if (view->model) {
    g_clear_signal_handler(&view->changed_id, view->model);
    g_clear_object(&view->model);
  }
  view->model = g_object_ref(model);
  view->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), view);
  fill(view);
}

/* Stops following the model. */
static void till_cart_view_dispose(GObject *object)
{
  TillCartView *view = TILL_CART_VIEW(object);
  if (view->model) {
    g_clear_signal_handler(&view->changed_id, view->model);
    g_clear_object(&view->model);
  }
  G_OBJECT_CLASS(till_cart_view_parent_class)->dispose(object);
}

/*
** On the narrowest screens the totals' four columns close up (their type
** shrinks in till.css, the "narrow" class) so the sale's column fits.
*/
void till_cart_view_set_compact(TillCartView *view, gboolean compact)
{
  GtkWidget *grid = gtk_widget_get_parent(GTK_WIDGET(view->taxable_value));
  gtk_grid_set_column_spacing(GTK_GRID(grid), compact ? 6 : 12);
}

/* The template and its children. */
static void till_cart_view_class_init(TillCartViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_cart_view_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-cart-view.ui");
  gtk_widget_class_bind_template_child(widget_class, TillCartView, list);
  gtk_widget_class_bind_template_child(widget_class, TillCartView, taxable_value);
  gtk_widget_class_bind_template_child(widget_class, TillCartView, vat_value);
  gtk_widget_class_bind_template_child(widget_class, TillCartView, exempt_value);
  gtk_widget_class_bind_template_child(widget_class, TillCartView, discount_value);
  gtk_widget_class_bind_template_child(widget_class, TillCartView, total_value);
  gtk_widget_class_bind_template_child(widget_class, TillCartView, count_label);
  gtk_widget_class_bind_template_callback(widget_class, on_row_selected);
}

/* The empty cart says what to do instead of showing nothing. */
static void till_cart_view_init(TillCartView *view)
{
  gtk_widget_init_template(GTK_WIDGET(view));
  GtkWidget *empty = gtk_label_new(_("Touch a product or scan a barcode."));
  till_ui_set_class(empty, "dim", TRUE);
  gtk_label_set_line_wrap(GTK_LABEL(empty), TRUE);
  gtk_widget_show(empty);
  gtk_list_box_set_placeholder(view->list, empty);
}
