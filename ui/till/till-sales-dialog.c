/*
** till-sales-dialog.c: today's documents, newest first, with void, refund
** and reprint.
**
** A sale that was voided or refunded stays in the list, marked, because a
** completed sale is immutable: the void or refund is a document of its own,
** listed too, and printable.  A void takes the whole sale back; a refund
** takes back the lines ticked, paid out by the method chosen.
*/
#include "mb-clock.h"
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>
#include <string.h>

struct _TillSalesDialog {
  GtkDialog parent_instance;
  GtkListBox *list;
  GtkLabel *receipt_label, *message_label;
  GtkBox *lines_box;
  GtkComboBoxText *reason_combo, *method_combo;
  GtkButton *void_button, *refund_button, *print_button;
  TillModel *model;
  GPtrArray *docs;           /* PosSale*, newest first */
};

G_DEFINE_TYPE(TillSalesDialog, till_sales_dialog, GTK_TYPE_DIALOG)

static const char *const reason_presets[] = {
  N_("Wrong item rung"), N_("Customer changed mind"), N_("Returned goods"), N_("Damaged"),
};

static const PosSale *selected(TillSalesDialog *d)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row(d->list);
  return row ? g_ptr_array_index(d->docs, gtk_list_box_row_get_index(row)) : NULL;
}

static const char *kind_label(PosDocKind kind)
{
  switch (kind) {
  case POS_DOC_SALE: return _("Sale");
  case POS_DOC_VOID: return _("Void");
  case POS_DOC_REFUND: return _("Refund");
  }
  return "";
}

/* "0003  10:05  Sale  17,560원  (voided)". */
static GtkWidget *make_row(TillSalesDialog *d, const PosSale *s)
{
  g_autoptr(GDateTime) t = mb_clock_local(s->device_time_ms);
  g_autofree char *time = g_date_time_format(t, "%H:%M");
  g_autofree char *won = till_ui_won(s->totals.total);
  const char *no = strrchr(s->receipt_no, '-');
  gboolean reversed = s->kind == POS_DOC_SALE && till_model_sale_reversed(d->docs, s);
  g_autofree char *text = g_strdup_printf("%s  %s  %s  %s%s", no ? no + 1 : s->receipt_no,
                                          time, kind_label(s->kind), won,
                                          reversed ? _("  (taken back)") : "");
  GtkWidget *label = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  till_ui_set_class(label, "reversed", reversed || s->kind != POS_DOC_SALE);
  gtk_widget_show(label);
  return label;
}

/* The right side: the receipt, and a tick per line for a refund. */
static void show_selected(TillSalesDialog *d)
{
  const PosSale *s = selected(d);
  till_ui_clear(GTK_CONTAINER(d->lines_box));
  gboolean can_reverse = s && s->kind == POS_DOC_SALE && !till_model_sale_reversed(d->docs, s);
  gtk_widget_set_sensitive(GTK_WIDGET(d->void_button), can_reverse);
  gtk_widget_set_sensitive(GTK_WIDGET(d->refund_button), can_reverse);
  gtk_widget_set_sensitive(GTK_WIDGET(d->print_button), s != NULL);
  if (s == NULL) {
    gtk_label_set_text(d->receipt_label, "");
    return;
  }
  g_autoptr(GError) error = NULL;
  g_autofree char *text = till_model_receipt_text(d->model, s, &error);
  gtk_label_set_text(d->receipt_label, text ? text : error->message);
  for (guint i = 0; can_reverse && i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    g_autofree char *won = till_ui_won(l->net);
    g_autofree char *label = g_strdup_printf("%u. %s  %s", i + 1, l->name, won);
    GtkWidget *check = gtk_check_button_new_with_label(label);
    g_object_set_data(G_OBJECT(check), "line", GUINT_TO_POINTER(i));
    gtk_widget_show(check);
    gtk_box_pack_start(d->lines_box, check, FALSE, FALSE, 0);
  }
}

/* Reloads the day's documents; the chosen one stays chosen. */
static void fill(TillSalesDialog *d, const char *select_id)
{
  GError *error = NULL;
  g_clear_pointer(&d->docs, g_ptr_array_unref);
  d->docs = till_model_sales_today(d->model, &error);
  if (d->docs == NULL) {
    d->docs = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
    till_ui_dialog_error(d->message_label, error);
  }
  till_ui_clear(GTK_CONTAINER(d->list));
  for (guint i = 0; i < d->docs->len; i++)
    gtk_container_add(GTK_CONTAINER(d->list), make_row(d, g_ptr_array_index(d->docs, i)));
  if (d->docs->len && !till_sales_dialog_select(d, select_id))
    gtk_list_box_select_row(d->list, gtk_list_box_get_row_at_index(d->list, 0));
  show_selected(d);
}

/* Chooses a document by id; FALSE when it is not today's. */
gboolean till_sales_dialog_select(TillSalesDialog *d, const char *sale_id)
{
  for (guint i = 0; sale_id && i < d->docs->len; i++)
    if (strcmp(((PosSale *)g_ptr_array_index(d->docs, i))->id, sale_id) == 0) {
      gtk_list_box_select_row(d->list, gtk_list_box_get_row_at_index(d->list, (int)i));
      return TRUE;
    }
  return FALSE;
}

/* A touch shows the document. */
static void on_row_selected(GtkListBox *list, GtkListBoxRow *row, TillSalesDialog *d)
{
  (void)list;
  (void)row;
  show_selected(d);
}

static const char *reason(TillSalesDialog *d)
{
  GtkWidget *entry = gtk_bin_get_child(GTK_BIN(d->reason_combo));
  return gtk_entry_get_text(GTK_ENTRY(entry));
}

/* After a void or refund the new document is shown, ready to print. */
static void reversed(TillSalesDialog *d)
{
  const PosSale *doc = till_model_last_sale(d->model);
  g_autofree char *id = g_strdup(doc ? doc->id : NULL);
  gboolean is_error;
  const char *msg = till_model_message(d->model, &is_error);
  till_ui_show_message(d->message_label, msg, is_error);
  fill(d, id);
}

/* The whole sale back, with the reason given. */
static void on_void(GtkButton *button, TillSalesDialog *d)
{
  GError *error = NULL;
  const PosSale *s = selected(d);
  (void)button;
  if (s == NULL)
    return;
  if (!till_model_void(d->model, s->id, reason(d), &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  reversed(d);
}

/* The ticked lines back, paid out by the chosen method. */
static void on_refund(GtkButton *button, TillSalesDialog *d)
{
  GError *error = NULL;
  const PosSale *s = selected(d);
  g_autoptr(GArray) nos = g_array_new(FALSE, FALSE, sizeof(int));
  (void)button;
  if (s == NULL)
    return;
  g_autoptr(GList) checks = gtk_container_get_children(GTK_CONTAINER(d->lines_box));
  for (GList *l = checks; l; l = l->next)
    if (gtk_toggle_button_get_active(l->data)) {
      int no = (int)GPOINTER_TO_UINT(g_object_get_data(l->data, "line"));
      g_array_append_val(nos, no);
    }
  PosTenderMethod method = (PosTenderMethod)gtk_combo_box_get_active(
    GTK_COMBO_BOX(d->method_combo));
  if (!till_model_refund(d->model, s->id, (const int *)(void *)nos->data, nos->len, method,
                         reason(d), &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  reversed(d);
}

/* A reprint never opens the drawer. */
static void on_print(GtkButton *button, TillSalesDialog *d)
{
  GError *error = NULL;
  const PosSale *s = selected(d);
  (void)button;
  if (s == NULL)
    return;
  if (till_model_printer(d->model, &error) == NULL) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  if (!till_ui_print_receipt(d->model, s, FALSE, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  till_ui_show_message(d->message_label, _("Printing…"), FALSE);
}

/* Leaves the list. */
static void on_close(GtkButton *button, TillSalesDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/* The keys written on the buttons. */
static const TillUiKey button_keys[] = {
  {GDK_KEY_F2, 0, "refund_button"},
  {GDK_KEY_F3, 0, "void_button"},
  {GDK_KEY_F7, 0, "print_button"},
};

static gboolean on_button_key(GtkWidget *widget, GdkEventKey *event, gpointer data)
{
  (void)data;
  return till_ui_key_click(widget, event, button_keys, G_N_ELEMENTS(button_keys))
           ? GDK_EVENT_STOP
           : GDK_EVENT_PROPAGATE;
}

/* Reasons and refund methods are offered, newest document first. */
GtkWidget *till_sales_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillSalesDialog *d = g_object_new(TILL_TYPE_SALES_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  g_signal_connect(d, "key-press-event", G_CALLBACK(on_button_key), NULL);
  gtk_window_set_title(GTK_WINDOW(d), _("Today's sales"));
  d->model = g_object_ref(model);
  for (guint i = 0; i < G_N_ELEMENTS(reason_presets); i++)
    gtk_combo_box_text_append_text(d->reason_combo, _(reason_presets[i]));
  for (int m = 0; m < POS_TENDER_N; m++)
    gtk_combo_box_text_append_text(d->method_combo, till_tender_label(m));
  gtk_combo_box_set_active(GTK_COMBO_BOX(d->method_combo), POS_TENDER_CASH);
  fill(d, NULL);
  return GTK_WIDGET(d);
}

/* Drops the model and the documents. */
static void till_sales_dialog_dispose(GObject *object)
{
  TillSalesDialog *d = TILL_SALES_DIALOG(object);
  g_clear_object(&d->model);
  g_clear_pointer(&d->docs, g_ptr_array_unref);
  G_OBJECT_CLASS(till_sales_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_sales_dialog_class_init(TillSalesDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_sales_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-sales-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, list);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, receipt_label);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, lines_box);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, reason_combo);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, method_combo);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, void_button);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, refund_button);
  gtk_widget_class_bind_template_child(widget_class, TillSalesDialog, print_button);
  gtk_widget_class_bind_template_callback(widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback(widget_class, on_void);
  gtk_widget_class_bind_template_callback(widget_class, on_refund);
  gtk_widget_class_bind_template_callback(widget_class, on_print);
  gtk_widget_class_bind_template_callback(widget_class, on_close);
}

/* Builds the template. */
static void till_sales_dialog_init(TillSalesDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
