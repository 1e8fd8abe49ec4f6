/*
** till-discount-dialog.c: a discount on a line or on the whole sale, or a
** line's price changed (haggling), always with a reason.
**
** The reasons a market stall actually gives are one touch away (덤, 단골,
** 흥정, 떨이, 흠집); any other can be typed.  The reason goes on the
** receipt and into the ledger, where a manager can see why money was given.
*/
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillDiscountDialog {
  GtkDialog parent_instance;
  GtkLabel *title_label, *subject_label, *message_label;
  GtkWidget *mode_box;
  GtkToggleButton *amount_mode, *price_mode;
  GtkEntry *amount_entry, *reason_entry;
  GtkFlowBox *reasons;
  TillKeypad *keypad;
  TillModel *model;
  gboolean whole_sale;
};

G_DEFINE_TYPE(TillDiscountDialog, till_discount_dialog, GTK_TYPE_DIALOG)

static const char *const reason_presets[] = {
  N_("Extra (덤)"), N_("Regular customer"), N_("Haggling"), N_("End of day"), N_("Damaged"),
};

/* One path for every kind: sale discount, line price, line discount. */
static void apply(TillDiscountDialog *d, const char *amount)
{
  GError *error = NULL;
  const char *reason = gtk_entry_get_text(d->reason_entry);
  gboolean ok;
  if (d->whole_sale)
    ok = till_model_discount_sale(d->model, amount, reason, &error);
  else if (gtk_toggle_button_get_active(d->price_mode))
    ok = till_model_override_price(d->model, -1, amount, reason, &error);
  else
    ok = till_model_discount_line(d->model, -1, amount, reason, &error);
  if (!ok) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* The amount typed. */
static void on_ok(GtkWidget *widget, TillDiscountDialog *d)
{
  (void)widget;
  apply(d, gtk_entry_get_text(d->amount_entry));
}

/* "No discount": the amount 0 clears it (a price goes back to the list price). */
static void on_remove(GtkButton *button, TillDiscountDialog *d)
{
  (void)button;
  if (!d->whole_sale && gtk_toggle_button_get_active(d->price_mode)) {
    const PosLine *l = till_model_line(d->model, (guint)till_model_selected(d->model));
    char list[32];
    g_snprintf(list, sizeof list, "%" G_GINT64_FORMAT, l ? l->list_price : 0);
    apply(d, list);
  } else {
    apply(d, "0");
  }
}

/* Leaves the line or sale as it was. */
static void on_cancel(GtkButton *button, TillDiscountDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/* A reason key fills the reason; the amount keeps the focus. */
static void on_reason(GtkButton *button, TillDiscountDialog *d)
{
  gtk_entry_set_text(d->reason_entry, gtk_button_get_label(button));
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
}

/* The field says what it takes: a discount or a new unit price. */
static void on_mode_toggled(GtkToggleButton *button, TillDiscountDialog *d)
{
  (void)button;
  gtk_entry_set_placeholder_text(d->amount_entry,
                                 gtk_toggle_button_get_active(d->price_mode)
                                   ? _("New unit price in won")
                                   : _("Discount in won"));
}

/* The keys written on the buttons. */
static const TillUiKey button_keys[] = {
  {GDK_KEY_F5, 0, "amount_mode"},
  {GDK_KEY_F6, 0, "price_mode"},
  {GDK_KEY_Delete, GDK_CONTROL_MASK, "remove_button"},
};

static gboolean on_button_key(GtkWidget *widget, GdkEventKey *event, gpointer data)
{
  (void)data;
  return till_ui_key_click(widget, event, button_keys, G_N_ELEMENTS(button_keys))
           ? GDK_EVENT_STOP
           : GDK_EVENT_PROPAGATE;
}

/* NULL when there is no line to discount. */
GtkWidget *till_discount_dialog_new(GtkWindow *parent, TillModel *model, gboolean whole_sale)
{
  int sel = till_model_selected(model);
  const PosLine *l = sel >= 0 ? till_model_line(model, (guint)sel) : NULL;
  if (!whole_sale && l == NULL)
    return NULL;
  TillDiscountDialog *d = g_object_new(TILL_TYPE_DISCOUNT_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  g_signal_connect(d, "key-press-event", G_CALLBACK(on_button_key), NULL);
  d->model = g_object_ref(model);
  d->whole_sale = whole_sale;
  PosTotals t;
  till_model_totals(model, &t);
  g_autofree char *won = till_ui_won(whole_sale ? t.total + t.sale_discount
                                                : l->amount + l->rounding);
  g_autofree char *subject = g_strdup_printf("%s · %s", whole_sale ? _("Whole sale") : l->name,
                                             won);
  const char *title = whole_sale ? _("Sale discount") : _("Line discount or price");
  gtk_window_set_title(GTK_WINDOW(d), title);
  gtk_label_set_text(d->title_label, title);
  gtk_label_set_text(d->subject_label, subject);
  gtk_widget_set_visible(d->mode_box, !whole_sale && !l->fixed_amount);
  for (guint i = 0; i < G_N_ELEMENTS(reason_presets); i++) {
    GtkWidget *b = gtk_button_new_with_label(_(reason_presets[i]));
    gtk_widget_set_focus_on_click(b, FALSE);
    g_signal_connect(b, "clicked", G_CALLBACK(on_reason), d);
    gtk_widget_show(b);
    gtk_flow_box_insert(d->reasons, b, -1);
  }
  on_mode_toggled(NULL, d);
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
  return GTK_WIDGET(d);
}

/* Drops the model. */
static void till_discount_dialog_dispose(GObject *object)
{
  g_clear_object(&TILL_DISCOUNT_DIALOG(object)->model);
  G_OBJECT_CLASS(till_discount_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_discount_dialog_class_init(TillDiscountDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  g_type_ensure(TILL_TYPE_KEYPAD);
  G_OBJECT_CLASS(klass)->dispose = till_discount_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-discount-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, title_label);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, subject_label);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, mode_box);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, amount_mode);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, price_mode);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, amount_entry);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, reason_entry);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, reasons);
  gtk_widget_class_bind_template_child(widget_class, TillDiscountDialog, keypad);
  gtk_widget_class_bind_template_callback(widget_class, on_ok);
  gtk_widget_class_bind_template_callback(widget_class, on_remove);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
  gtk_widget_class_bind_template_callback(widget_class, on_mode_toggled);
}

/* The pad types into the amount. */
static void till_discount_dialog_init(TillDiscountDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
  till_keypad_set_entry(d->keypad, d->amount_entry);
}
