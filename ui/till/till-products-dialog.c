/*
** till-products-dialog.c: the stall's products.
**
** The list shows every product in quick-key order (inactive ones greyed
** at their place); the form edits the chosen one or a new one.  Products
** are never deleted, only taken off sale: old receipts and the hub's
** analytics still name them.  Moving a product up or down moves its quick
** key on the till; a CSV import adds or updates many at once, all or
** nothing (pos_ledger_product_import).
*/
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>
#include <stdlib.h>

struct _TillProductsDialog {
  GtkDialog parent_instance;
  GtkListBox *list;
  GtkEntry *plu_entry, *name_entry, *price_entry, *barcode_entry;
  GtkComboBoxText *line_combo;
  GtkToggleButton *kg_radio, *exempt_radio;
  GtkSwitch *active_switch;
  GtkLabel *form_title, *message_label;
  TillModel *model;
  int plu;                   /* being edited; 0 for a new product */
};

G_DEFINE_TYPE(TillProductsDialog, till_products_dialog, GTK_TYPE_DIALOG)

/* PLU, name, line, price; off-sale products marked at their place. */
static GtkWidget *make_row(TillModel *model, const PosProduct *p)
{
  g_autofree char *price = till_ui_unit_price(p->price, p->unit);
  g_autofree char *text = g_strdup_printf("%d  %s  ·  %s  ·  %s%s", p->plu, p->name,
                                          till_model_line_label(model, p->line_code), price,
                                          p->active ? "" : _("  (off sale)"));
  GtkWidget *label = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
  till_ui_set_class(label, "reversed", !p->active);
  g_object_set_data(G_OBJECT(label), "plu", GINT_TO_POINTER(p->plu));
  gtk_widget_show(label);
  return label;
}

/* The form for p, or an empty one with the next free PLU. */
static void load_form(TillProductsDialog *d, const PosProduct *p)
{
  char buf[32];
  d->plu = p ? p->plu : 0;
  gtk_label_set_text(d->form_title, p ? _("Edit product") : _("New product"));
  g_snprintf(buf, sizeof buf, "%d", p ? p->plu : till_model_next_plu(d->model));
  gtk_entry_set_text(d->plu_entry, buf);
  gtk_widget_set_sensitive(GTK_WIDGET(d->plu_entry), p == NULL);
  gtk_entry_set_text(d->name_entry, p ? p->name : "");
  g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, p ? p->price : 0);
  gtk_entry_set_text(d->price_entry, p ? buf : "");
  gtk_entry_set_text(d->barcode_entry, p && p->barcode ? p->barcode : "");
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->line_combo), p ? p->line_code : "VEG");
  gtk_toggle_button_set_active(d->kg_radio, p && p->unit == POS_UNIT_KG);
  gtk_toggle_button_set_active(d->exempt_radio, p == NULL || p->tax == POS_TAX_EXEMPT);
  gtk_switch_set_active(d->active_switch, p == NULL || p->active);
}

/* The list in quick-key order, keeping the product being edited chosen. */
static void fill(TillProductsDialog *d)
{
  GPtrArray *products = till_model_products(d->model);
  GtkListBoxRow *row = NULL;
  till_ui_clear(GTK_CONTAINER(d->list));
  for (guint i = 0; i < products->len; i++) {
    const PosProduct *p = g_ptr_array_index(products, i);
    gtk_container_add(GTK_CONTAINER(d->list), make_row(d->model, p));
    if (p->plu == d->plu)
      row = gtk_list_box_get_row_at_index(d->list, (int)i);
  }
  if (row)
    gtk_list_box_select_row(d->list, row);
}

/* A product chosen goes into the form. */
static void on_row_selected(GtkListBox *list, GtkListBoxRow *row, TillProductsDialog *d)
{
  (void)list;
  if (row == NULL)
    return;
  int plu = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(gtk_bin_get_child(GTK_BIN(row))), "plu"));
  if (plu != d->plu)
    load_form(d, till_model_product(d->model, plu));
}

/* An empty form with the next free PLU. */
static void on_new(GtkButton *button, TillProductsDialog *d)
{
  (void)button;
  gtk_list_box_unselect_all(d->list);
  load_form(d, NULL);
  gtk_widget_grab_focus(GTK_WIDGET(d->name_entry));
}

/* Builds the product from the form; the model checks every field. */
static void on_save(GtkWidget *widget, TillProductsDialog *d)
{
  GError *error = NULL;
  const PosProduct *old = d->plu ? till_model_product(d->model, d->plu) : NULL;
  g_autoptr(PosProduct) p = old ? pos_product_copy(old) : pos_product_new();
  (void)widget;
  if (old == NULL) {
    const char *t = gtk_entry_get_text(d->plu_entry);
    char *end = NULL;
    long n = strtol(t, &end, 10);
    p->plu = *t && end && *end == '\0' && n > 0 && n <= 99999 ? (int)n : 0;
  }
  g_free(p->name);
  p->name = g_strstrip(g_strdup(gtk_entry_get_text(d->name_entry)));
  g_free(p->line_code);
  p->line_code = g_strdup(gtk_combo_box_get_active_id(GTK_COMBO_BOX(d->line_combo)));
  if (!till_model_parse_money(d->model, gtk_entry_get_text(d->price_entry), &p->price,
                              &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  p->unit = gtk_toggle_button_get_active(d->kg_radio) ? POS_UNIT_KG : POS_UNIT_PIECE;
  p->tax = gtk_toggle_button_get_active(d->exempt_radio) ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  g_free(p->barcode);
  const char *bc = gtk_entry_get_text(d->barcode_entry);
  p->barcode = *bc ? g_strdup(bc) : NULL;
  p->active = gtk_switch_get_active(d->active_switch);
  if (!till_model_product_save(d->model, p, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  d->plu = p->plu;
  g_autofree char *msg = g_strdup_printf(_("%s saved."), p->name);
  till_ui_show_message(d->message_label, msg, FALSE);
  fill(d);
}

/* Moves the product being edited among the quick keys. */
static void move(TillProductsDialog *d, int delta)
{
  GError *error = NULL;
  if (d->plu == 0)
    return;
  if (!till_model_product_move(d->model, d->plu, delta, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  fill(d);
}

/* One key earlier. */
static void on_up(GtkButton *button, TillProductsDialog *d)
{
  (void)button;
  move(d, -1);
}

/* One key later. */
static void on_down(GtkButton *button, TillProductsDialog *d)
{
  (void)button;
  move(d, 1);
}

/* The file chooser is native (a portal where there is one). */
static void on_import(GtkButton *button, TillProductsDialog *d)
{
  GError *error = NULL;
  PosImportStats st;
  (void)button;
  g_autoptr(GtkFileChooserNative) chooser = gtk_file_chooser_native_new(
    _("Import products (CSV)"), GTK_WINDOW(d), GTK_FILE_CHOOSER_ACTION_OPEN, _("Import"),
    _("Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new();
  gtk_file_filter_set_name(filter, _("CSV files"));
  gtk_file_filter_add_pattern(filter, "*.csv");
  gtk_file_filter_add_pattern(filter, "*.CSV");
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(chooser), filter);
  if (gtk_native_dialog_run(GTK_NATIVE_DIALOG(chooser)) != GTK_RESPONSE_ACCEPT)
    return;
  g_autofree char *path = gtk_file_chooser_get_filename(GTK_FILE_CHOOSER(chooser));
  if (!till_model_import_csv(d->model, path, &st, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  gboolean is_error;
  till_ui_show_message(d->message_label, till_model_message(d->model, &is_error), FALSE);
  fill(d);
}

/* Leaves; saved products are already in the ledger. */
static void on_close(GtkButton *button, TillProductsDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* The keys written on the buttons (Enter saves through the form's entries). */
static const TillUiKey button_keys[] = {
  {GDK_KEY_Up, GDK_CONTROL_MASK, "up_button"},
  {GDK_KEY_Down, GDK_CONTROL_MASK, "down_button"},
  {GDK_KEY_n, GDK_CONTROL_MASK, "new_button"},
  {GDK_KEY_i, GDK_CONTROL_MASK, "import_button"},
};

static gboolean on_button_key(GtkWidget *widget, GdkEventKey *event, gpointer data)
{
  (void)data;
  return till_ui_key_click(widget, event, button_keys, G_N_ELEMENTS(button_keys))
           ? GDK_EVENT_STOP
           : GDK_EVENT_PROPAGATE;
}

/* The line chooser lists every line the till knows. */
GtkWidget *till_products_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillProductsDialog *d = g_object_new(TILL_TYPE_PRODUCTS_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  g_signal_connect(d, "key-press-event", G_CALLBACK(on_button_key), NULL);
  gtk_window_set_title(GTK_WINDOW(d), _("Products"));
  d->model = g_object_ref(model);
  g_autoptr(GPtrArray) lines = till_model_known_lines(model);
  for (guint i = 0; i < lines->len; i++) {
    const char *code = g_ptr_array_index(lines, i);
    g_autofree char *text = g_strdup_printf("%s · %s", till_model_line_label(model, code), code);
    gtk_combo_box_text_append(d->line_combo, code, text);
  }
  load_form(d, NULL);
  fill(d);
  return GTK_WIDGET(d);
}

/* Drops the model. */
static void till_products_dialog_dispose(GObject *object)
{
  g_clear_object(&TILL_PRODUCTS_DIALOG(object)->model);
  G_OBJECT_CLASS(till_products_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_products_dialog_class_init(TillProductsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_products_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-products-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, list);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, plu_entry);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, name_entry);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, price_entry);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, barcode_entry);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, line_combo);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, kg_radio);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, exempt_radio);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, active_switch);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, form_title);
  gtk_widget_class_bind_template_child(widget_class, TillProductsDialog, message_label);
  gtk_widget_class_bind_template_callback(widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback(widget_class, on_new);
  gtk_widget_class_bind_template_callback(widget_class, on_save);
  gtk_widget_class_bind_template_callback(widget_class, on_up);
  gtk_widget_class_bind_template_callback(widget_class, on_down);
  gtk_widget_class_bind_template_callback(widget_class, on_import);
  gtk_widget_class_bind_template_callback(widget_class, on_close);
}

/* Builds the template. */
static void till_products_dialog_init(TillProductsDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
