/*
** till-payment-dialog.c: taking the money.
**
** The fast path is two touches: the amount starts at what is due, so
** "Done" takes exact cash; a customer's 50,000 won note is one quick-cash
** touch, and the change shows at once, big.  A split tender is "Add" per
** part: each part becomes a tender in the cart at once, and the amount
** field moves on to what is still due.  Card, Zero Pay, Onnuri card and
** mobile and transfers are approved elsewhere (the terminal, the customer's
** phone): the till asks for the approval number and records it.
**
** The sale commits on "Done" through the model, which returns only once
** the sale is on disk; nothing here touches the network or the printer.
*/
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillPaymentDialog {
  GtkDialog parent_instance;
  GtkLabel *total_value, *paid_value, *due_value, *change_value, *message_label;
  GtkBox *methods, *quick_box;
  GtkWidget *ref_box;
  GtkEntry *amount_entry, *ref_entry, *cash_receipt_entry;
  GtkListBox *tenders;
  GtkButton *done_button, *add_button;
  TillKeypad *keypad;
  TillModel *model;
  gulong changed_id;
  PosTenderMethod method;
  gboolean untouched;        /* the amount is still the suggested one */
  gboolean setting;          /* the amount is being set by code */
};

G_DEFINE_TYPE(TillPaymentDialog, till_payment_dialog, GTK_TYPE_DIALOG)

/* A programmatic change, not a keystroke: the amount stays "untouched". */
static void set_amount(TillPaymentDialog *d, PosMoney won)
{
  char buf[32];
  g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, won);
  d->setting = TRUE;
  gtk_entry_set_text(d->amount_entry, won > 0 ? buf : "");
  d->setting = FALSE;
  gtk_editable_set_position(GTK_EDITABLE(d->amount_entry), -1);
}

/* The figures: total, paid, still due, and the change the typed cash would give. */
static void update_figures(TillPaymentDialog *d)
{
  PosTotals t;
  PosMoney typed = 0;
  till_model_totals(d->model, &t);
  pos_money_parse(gtk_entry_get_text(d->amount_entry), &typed, NULL);
  PosMoney paid = till_model_pay_paid(d->model);
  PosMoney change = till_model_pay_change(d->model);
  gboolean gives_change = d->method == POS_TENDER_CASH || d->method == POS_TENDER_ONNURI_PAPER;
  if (gives_change && paid + typed > t.total)
    change = paid + typed - t.total;
  g_autofree char *total = till_ui_won(t.total);
  g_autofree char *paid_text = till_ui_won(paid);
  g_autofree char *due = till_ui_won(till_model_pay_due(d->model));
  g_autofree char *change_text = till_ui_won(change);
  gtk_label_set_text(d->total_value, total);
  gtk_label_set_text(d->paid_value, paid_text);
  gtk_label_set_text(d->due_value, due);
  gtk_label_set_text(d->change_value, change_text);
}

/* The part taken back; the amount offers what is now due. */
static void on_remove_tender(GtkButton *button, TillPaymentDialog *d)
{
  guint index = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(button), "index"));
  till_model_pay_remove(d->model, index, NULL);
  set_amount(d, till_model_pay_due(d->model));
  d->untouched = TRUE;
}

/* The tenders taken so far, each with a key to take it back. */
static void fill_tenders(TillPaymentDialog *d)
{
  till_ui_clear(GTK_CONTAINER(d->tenders));
  for (guint i = 0; i < till_model_pay_n_tenders(d->model); i++) {
    const PosTender *t = till_model_pay_tender(d->model, i);
    g_autofree char *won = till_ui_won(t->amount);
    g_autofree char *text = t->ref ? g_strdup_printf("%s  %s  (%s)", till_tender_label(t->method),
                                                     won, t->ref)
                                   : g_strdup_printf("%s  %s", till_tender_label(t->method), won);
    GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *label = gtk_label_new(text);
    GtkWidget *remove = gtk_button_new_with_label("✕");
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_widget_set_focus_on_click(remove, FALSE);
    g_object_set_data(G_OBJECT(remove), "index", GUINT_TO_POINTER(i));
    g_signal_connect(remove, "clicked", G_CALLBACK(on_remove_tender), d);
    gtk_box_pack_start(GTK_BOX(box), label, TRUE, TRUE, 0);
    gtk_box_pack_end(GTK_BOX(box), remove, FALSE, FALSE, 0);
    gtk_widget_show_all(box);
    gtk_container_add(GTK_CONTAINER(d->tenders), box);
  }
}

/* Tenders and figures follow the model. */
static void on_model_changed(TillModel *model, guint flags, TillPaymentDialog *d)
{
  (void)model;
  if (flags & (TILL_CHANGE_PAYMENT | TILL_CHANGE_CART)) {
    fill_tenders(d);
    update_figures(d);
  }
}

static void on_method_toggled(GtkToggleButton *button, TillPaymentDialog *d);

/* Choosing the method already chosen still resets the amount, like a touch. */
void till_payment_dialog_set_method(TillPaymentDialog *d, PosTenderMethod method)
{
  g_autoptr(GList) buttons = gtk_container_get_children(GTK_CONTAINER(d->methods));
  for (GList *l = buttons; l; l = l->next) {
    if (GPOINTER_TO_INT(g_object_get_data(l->data, "method")) != (int)method)
      continue;
    if (gtk_toggle_button_get_active(l->data))
      on_method_toggled(l->data, d);
    else
      gtk_toggle_button_set_active(l->data, TRUE);
  }
}

/*
** A method offers the amount due, its fields, and the focus where typing
** goes next.
*/
static void on_method_toggled(GtkToggleButton *button, TillPaymentDialog *d)
{
  if (!gtk_toggle_button_get_active(button))
    return;
  d->method = (PosTenderMethod)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "method"));
  gboolean needs_ref = pos_tender_method_needs_ref(d->method);
  gtk_widget_set_visible(d->ref_box, needs_ref);
  gtk_widget_set_visible(GTK_WIDGET(d->quick_box),
                         d->method == POS_TENDER_CASH || d->method == POS_TENDER_ONNURI_PAPER);
  set_amount(d, till_model_pay_due(d->model));
  d->untouched = TRUE;
  update_figures(d);
  /* the amount first, all of it selected: digits typed next replace the
  ** suggestion; Enter then asks for the approval number (on_amount_enter) */
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
  gtk_editable_select_region(GTK_EDITABLE(d->amount_entry), 0, -1);
}

/* A note handed over: the first replaces the suggestion, the next ones add up. */
static void on_quick(GtkButton *button, TillPaymentDialog *d)
{
  PosMoney add = (PosMoney)GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(button), "won"));
  PosMoney now = 0;
  if (add == 0) {
    set_amount(d, till_model_pay_due(d->model));
  } else {
    if (!d->untouched)
      pos_money_parse(gtk_entry_get_text(d->amount_entry), &now, NULL);
    set_amount(d, now + add);
  }
  d->untouched = add == 0;
  update_figures(d);
}

/* Typing makes the amount the merchant's own; the change preview follows. */
static void on_amount_changed(GtkEditable *editable, TillPaymentDialog *d)
{
  (void)editable;
  if (!d->setting)
    d->untouched = FALSE;
  update_figures(d);
}

/* Takes the amount typed with the chosen method; FALSE with the reason shown. */
static gboolean take_amount(TillPaymentDialog *d)
{
  GError *error = NULL;
  if (!till_model_pay_add(d->model, d->method, gtk_entry_get_text(d->amount_entry),
                          gtk_entry_get_text(d->ref_entry), &error)) {
    till_ui_dialog_error(d->message_label, error);
    return FALSE;
  }
  till_ui_show_message(d->message_label, "", FALSE);
  gtk_entry_set_text(d->ref_entry, "");
  return TRUE;
}

/* One part of a split; the rest defaults to cash, the usual last part. */
static void on_add(GtkWidget *widget, TillPaymentDialog *d)
{
  (void)widget;
  if (!take_amount(d))
    return;
  if (d->method != POS_TENDER_CASH)
    till_payment_dialog_set_method(d, POS_TENDER_CASH);
  set_amount(d, till_model_pay_due(d->model));
  d->untouched = TRUE;
  update_figures(d);
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
}

/* Done: take what is typed, then commit; short is said, not committed. */
static void on_done(GtkWidget *widget, TillPaymentDialog *d)
{
  GError *error = NULL;
  (void)widget;
  const char *typed = gtk_entry_get_text(d->amount_entry);
  const char *cash_receipt = gtk_entry_get_text(d->cash_receipt_entry);
  if (*cash_receipt && !till_model_set_cash_receipt(d->model, cash_receipt, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  if ((*typed || till_model_pay_n_tenders(d->model) == 0) && !take_amount(d))
    return;
  if (!till_model_pay_commit(d->model, &error)) {
    till_ui_dialog_error(d->message_label, error);
    set_amount(d, till_model_pay_due(d->model));
    d->untouched = TRUE;
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/*
** Enter in the amount: a method that needs an approval number and has none
** yet moves on to it; otherwise it is "Done".  Enter in the approval
** number is "Done".
*/
static void on_amount_enter(GtkEntry *entry, TillPaymentDialog *d)
{
  if (pos_tender_method_needs_ref(d->method) && *gtk_entry_get_text(d->ref_entry) == '\0') {
    gtk_widget_grab_focus(GTK_WIDGET(d->ref_entry));
    return;
  }
  on_done(GTK_WIDGET(entry), d);
}

/* Back to the sale. */
static void on_cancel(GtkButton *button, TillPaymentDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/*
** The keyboard: F1-F7 choose the method in the order of the keys on screen
** (cash first), F8 takes the amount as one part of a split, F12 is "Done"
** as on the till; Enter in the amount is "Done" (on_amount_enter).
*/
static gboolean till_payment_dialog_key_press(GtkWidget *widget, GdkEventKey *event)
{
  TillPaymentDialog *d = TILL_PAYMENT_DIALOG(widget);
  if (event->keyval >= GDK_KEY_F1 && event->keyval < GDK_KEY_F1 + POS_TENDER_N) {
    till_payment_dialog_set_method(d, (PosTenderMethod)(event->keyval - GDK_KEY_F1));
    return GDK_EVENT_STOP;
  }
  if (event->keyval == GDK_KEY_F8) {
    on_add(widget, d);
    return GDK_EVENT_STOP;
  }
  if (event->keyval == GDK_KEY_F12) {
    on_done(widget, d);
    return GDK_EVENT_STOP;
  }
  return GTK_WIDGET_CLASS(till_payment_dialog_parent_class)->key_press_event(widget, event);
}

/* Leaving without paying takes the tenders back: the cart stays as it was. */
static void till_payment_dialog_response(GtkDialog *dialog, int response)
{
  TillPaymentDialog *d = TILL_PAYMENT_DIALOG(dialog);
  if (response != GTK_RESPONSE_ACCEPT)
    till_model_pay_cancel(d->model);
}

/* The method keys and the quick-cash notes, from the model's lists. */
static void build_keys(TillPaymentDialog *d)
{
  GSList *group = NULL;
  for (int m = 0; m < POS_TENDER_N; m++) {
    g_autofree char *label = g_strdup_printf("%s\nF%d", till_tender_label(m), m + 1);
    GtkWidget *b = gtk_radio_button_new_with_label(group, label);
    gtk_label_set_justify(GTK_LABEL(gtk_bin_get_child(GTK_BIN(b))), GTK_JUSTIFY_CENTER);
    group = gtk_radio_button_get_group(GTK_RADIO_BUTTON(b));
    gtk_toggle_button_set_mode(GTK_TOGGLE_BUTTON(b), FALSE);
    gtk_widget_set_focus_on_click(b, FALSE);
    g_object_set_data(G_OBJECT(b), "method", GINT_TO_POINTER(m));
    g_signal_connect(b, "toggled", G_CALLBACK(on_method_toggled), d);
    till_ui_set_class(b, "method-button", TRUE);
    gtk_box_pack_start(d->methods, b, TRUE, TRUE, 0);
    gtk_widget_show(b);
  }
  for (const PosMoney *q = till_quick_cash();; q++) {
    char buf[32];
    g_autofree char *label = *q ? g_strdup_printf("+%s", pos_money_format(*q, buf, sizeof buf))
                                : g_strdup(_("Exact"));
    GtkWidget *b = gtk_button_new_with_label(label);
    gtk_widget_set_focus_on_click(b, FALSE);
    g_object_set_data(G_OBJECT(b), "won", GSIZE_TO_POINTER((gsize)*q));
    g_signal_connect(b, "clicked", G_CALLBACK(on_quick), d);
    till_ui_set_class(b, "quick-cash", TRUE);
    gtk_box_pack_start(d->quick_box, b, TRUE, TRUE, 0);
    gtk_widget_show(b);
    if (*q == 0)
      break;
  }
}

/* Starts on cash with the exact amount due: the fastest sale is one touch. */
GtkWidget *till_payment_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillPaymentDialog *d = g_object_new(TILL_TYPE_PAYMENT_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  gtk_window_set_title(GTK_WINDOW(d), _("Payment"));
  d->model = g_object_ref(model);
  d->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), d);
  build_keys(d);
  till_payment_dialog_set_method(d, POS_TENDER_CASH);
  fill_tenders(d);
  update_figures(d);
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
  return GTK_WIDGET(d);
}

/* Stops following the model. */
static void till_payment_dialog_dispose(GObject *object)
{
  TillPaymentDialog *d = TILL_PAYMENT_DIALOG(object);
  if (d->model) {
    g_clear_signal_handler(&d->changed_id, d->model);
    g_clear_object(&d->model);
  }
  G_OBJECT_CLASS(till_payment_dialog_parent_class)->dispose(object);
}

/* The template, its children, the F-keys. */
static void till_payment_dialog_class_init(TillPaymentDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  g_type_ensure(TILL_TYPE_KEYPAD);
  G_OBJECT_CLASS(klass)->dispose = till_payment_dialog_dispose;
  GTK_DIALOG_CLASS(klass)->response = till_payment_dialog_response;
  widget_class->key_press_event = till_payment_dialog_key_press;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-payment-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, total_value);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, paid_value);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, due_value);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, change_value);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, methods);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, quick_box);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, ref_box);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, amount_entry);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, ref_entry);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, cash_receipt_entry);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, tenders);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, done_button);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, add_button);
  gtk_widget_class_bind_template_child(widget_class, TillPaymentDialog, keypad);
  gtk_widget_class_bind_template_callback(widget_class, on_amount_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_add);
  gtk_widget_class_bind_template_callback(widget_class, on_done);
  gtk_widget_class_bind_template_callback(widget_class, on_amount_enter);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
}

/* The pad types into the amount. */
static void till_payment_dialog_init(TillPaymentDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
  till_keypad_set_entry(d->keypad, d->amount_entry);
}
