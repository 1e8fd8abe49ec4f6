/*
** till-weight-dialog.c: the weight (or quantity) of a product.
**
** Opened for a weighed product touched with no weight (the model's pending
** product) or to change a cart line's quantity.  The weight is typed the
** way a merchant says it: grams (450), kilograms (1.2kg) or 근 with the
** stall's preset; a live line shows weight, unit price and amount, rounded
** as the ledger will round it, before anything is added.
*/
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillWeightDialog {
  GtkDialog parent_instance;
  GtkLabel *title_label, *price_label, *preview_label, *message_label;
  GtkEntry *weight_entry;
  GtkWidget *units_box, *geun_button, *half_geun_button;
  TillKeypad *keypad;
  TillModel *model;
  int line;                  /* -1: the pending product */
  PosUnit unit;
  PosMoney price;
};

G_DEFINE_TYPE(TillWeightDialog, till_weight_dialog, GTK_TYPE_DIALOG)

/* "450 g × 16,800원/kg = 7,560원" while typing; nothing for junk. */
static void on_weight_changed(GtkEditable *editable, TillWeightDialog *d)
{
  int64_t qty;
  PosMoney amount;
  (void)editable;
  const char *text = gtk_entry_get_text(d->weight_entry);
  g_autoptr(GError) error = NULL;
  gtk_label_set_text(d->preview_label, "");
  if (*text == '\0' || !pos_qty_parse(text, d->unit, till_model_settings(d->model)->geun_g,
                                      &qty, NULL)
      || !till_model_preview_amount(d->model, d->price, d->unit, qty, &amount, &error))
    return;
  char q[48];
  g_autofree char *won = till_ui_won(amount);
  g_autofree char *price = till_ui_unit_price(d->price, d->unit);
  g_autofree char *t =
    g_strdup_printf("%s × %s = %s", pos_qty_format(qty, d->unit, q, sizeof q), price, won);
  gtk_label_set_text(d->preview_label, t);
}

/* A refused weight keeps the dialog open with the reason. */
static void on_ok(GtkWidget *widget, TillWeightDialog *d)
{
  GError *error = NULL;
  const char *text = gtk_entry_get_text(d->weight_entry);
  (void)widget;
  gboolean ok = d->line < 0 ? till_model_give_weight(d->model, text, &error)
                            : till_model_set_qty(d->model, d->line, text, &error);
  if (!ok) {
    till_ui_dialog_error(d->message_label, error);
    gtk_widget_grab_focus(GTK_WIDGET(d->weight_entry));
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* Leaves without a weight. */
static void on_cancel(GtkButton *button, TillWeightDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/* The unit keys complete what was typed: "450" + g, "1.2" + kg. */
static void on_unit(GtkButton *button, TillWeightDialog *d)
{
  const char *name = gtk_widget_get_name(GTK_WIDGET(button));
  g_autofree char *digits = g_strdup(gtk_entry_get_text(d->weight_entry));
  g_strdelimit(digits, "gk근", ' ');
  g_strstrip(digits);
  g_autofree char *t = NULL;
  if (g_strcmp0(name, "geun") == 0)
    t = g_strdup("1근");
  else if (g_strcmp0(name, "half-geun") == 0)
    t = g_strdup("0.5근");
  else
    t = g_strconcat(*digits ? digits : "0", name, NULL);
  gtk_entry_set_text(d->weight_entry, t);
  gtk_widget_grab_focus(GTK_WIDGET(d->weight_entry));
  gtk_editable_set_position(GTK_EDITABLE(d->weight_entry), -1);
}

/* Any way out but OK drops the product waiting for its weight. */
static void till_weight_dialog_response(GtkDialog *dialog, int response)
{
  TillWeightDialog *d = TILL_WEIGHT_DIALOG(dialog);
  if (response != GTK_RESPONSE_ACCEPT && d->line < 0)
    till_model_cancel_pending(d->model);
}

/* NULL when there is no pending product or no such line. */
GtkWidget *till_weight_dialog_new(GtkWindow *parent, TillModel *model, int line)
{
  TillWeightDialog *d = g_object_new(TILL_TYPE_WEIGHT_DIALOG, NULL);
  const PosProduct *p = till_model_pending(model);
  const PosLine *l = line >= 0 ? till_model_line(model, (guint)line) : NULL;
  if ((line < 0 && p == NULL) || (line >= 0 && l == NULL)) {
    gtk_widget_destroy(GTK_WIDGET(d));
    return NULL;
  }
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  d->model = g_object_ref(model);
  d->line = line;
  d->unit = l ? l->unit : p->unit;
  d->price = l ? l->unit_price : p->price;
  const char *name = l ? l->name : p->name;
  g_autofree char *title = d->unit == POS_UNIT_KG ? g_strdup_printf(_("Weight of %s"), name)
                                                  : g_strdup_printf(_("How many %s?"), name);
  g_autofree char *price = till_ui_unit_price(d->price, d->unit);
  g_autofree char *geun = g_strdup_printf(_("1 근 (%d g)"), till_model_settings(model)->geun_g);
  gtk_window_set_title(GTK_WINDOW(d), title);
  gtk_label_set_text(d->title_label, title);
  gtk_label_set_text(d->price_label, price);
  gtk_button_set_label(GTK_BUTTON(d->geun_button), geun);
  gtk_widget_set_visible(d->units_box, d->unit == POS_UNIT_KG);
  if (l) {
    /* grams for a weight, the count for pieces: both read back as typed */
    char q[48];
    g_snprintf(q, sizeof q, "%" G_GINT64_FORMAT,
               d->unit == POS_UNIT_KG ? l->qty_milli : l->qty_milli / 1000);
    gtk_entry_set_text(d->weight_entry, q);
  }
  on_weight_changed(NULL, d);
  gtk_widget_grab_focus(GTK_WIDGET(d->weight_entry));
  return GTK_WIDGET(d);
}

/* Drops the model. */
static void till_weight_dialog_dispose(GObject *object)
{
  g_clear_object(&TILL_WEIGHT_DIALOG(object)->model);
  G_OBJECT_CLASS(till_weight_dialog_parent_class)->dispose(object);
}

/* The template, its children, and the cancel rule. */
static void till_weight_dialog_class_init(TillWeightDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  g_type_ensure(TILL_TYPE_KEYPAD);
  G_OBJECT_CLASS(klass)->dispose = till_weight_dialog_dispose;
  GTK_DIALOG_CLASS(klass)->response = till_weight_dialog_response;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-weight-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, title_label);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, price_label);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, preview_label);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, weight_entry);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, units_box);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, geun_button);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, half_geun_button);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, keypad);
  gtk_widget_class_bind_template_callback(widget_class, on_weight_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_ok);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
  gtk_widget_class_bind_template_callback(widget_class, on_unit);
}

/* The pad types into the weight. */
static void till_weight_dialog_init(TillWeightDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
  till_keypad_set_entry(d->keypad, d->weight_entry);
}
