/*
** till-receipt-dialog.c: a document on screen, exactly as the printer
** would lay it out (the ledger's 42-column text), with its QR drawn by
** the shared QR view once the till is enrolled (only then does it lead to
** the hub's receipt page), the change in big figures, and print / reprint.
**
** The dialog keeps its own copy of the document, loaded from the ledger:
** what is shown is what was stored.  The window makes one receipt dialog
** and reuses it (hide on close, new content on show): realizing a new
** toplevel with its styles and fonts costs more than the commit itself.
*/
#include "till-dialogs.h"
#include "qr-view.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillReceiptDialog {
  GtkDialog parent_instance;
  GtkLabel *headline_label, *receipt_label, *number_label, *message_label;
  MposQrView *qr;
  GtkWidget *qr_hint;        /* "scan it to keep it": only with a QR */
  GtkButton *print_button, *close_button;
  TillModel *model;
  gulong changed_id;
  PosSale *sale;
  gboolean first_print;    /* the first print of a new cash sale opens the drawer */
};

G_DEFINE_TYPE(TillReceiptDialog, till_receipt_dialog, GTK_TYPE_DIALOG)

/* Printing runs in the background; its outcome comes as a message. */
static void on_print(GtkButton *button, TillReceiptDialog *d)
{
  GError *error = NULL;
  (void)button;
  if (d->sale == NULL)
    return;
  if (till_model_printer(d->model, &error) == NULL) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  if (!till_ui_print_receipt(d->model, d->sale, d->first_print, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  d->first_print = FALSE;
  /* Enter goes on to the next sale, whatever key or touch printed */
  gtk_widget_grab_focus(GTK_WIDGET(d->close_button));
}

/* F7 prints, as F7 reprints on the till's screen; Enter is the next sale. */
static gboolean till_receipt_dialog_key_press(GtkWidget *widget, GdkEventKey *event)
{
  if (event->keyval == GDK_KEY_F7) {
    on_print(NULL, TILL_RECEIPT_DIALOG(widget));
    return GDK_EVENT_STOP;
  }
  return GTK_WIDGET_CLASS(till_receipt_dialog_parent_class)->key_press_event(widget, event);
}

/* Next sale: the dialog hides and waits for the next receipt. */
static void on_close(GtkButton *button, TillReceiptDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* The printer's answer comes through the model's message line. */
static void on_model_changed(TillModel *model, guint flags, TillReceiptDialog *d)
{
  if ((flags & TILL_CHANGE_MESSAGE) && gtk_widget_get_visible(GTK_WIDGET(d))) {
    gboolean is_error;
    const char *text = till_model_message(model, &is_error);
    till_ui_show_message(d->message_label, text, is_error);
  }
}

/* "Change 7,440 won" for a sale; what the document is for the others. */
static char *headline(const PosSale *s)
{
  g_autofree char *won = till_ui_won(s->settlement.change);
  g_autofree char *total = till_ui_won(s->totals.total);
  switch (s->kind) {
  case POS_DOC_SALE:
    return g_strdup_printf(_("Change %s"), won);
  case POS_DOC_VOID:
    return g_strdup_printf(_("Void of %s: %s"), s->original_receipt_no, total);
  case POS_DOC_REFUND:
    return g_strdup_printf(_("Refund of %s: %s"), s->original_receipt_no, total);
  }
  return g_strdup("");
}

/* Reloads the document so the screen shows what the ledger holds. */
gboolean till_receipt_dialog_set_sale(TillReceiptDialog *d, const PosSale *sale,
                                      gboolean first_print)
{
  GError *error = NULL;
  PosSale *copy = pos_ledger_load_sale(till_model_ledger(d->model), sale->id, &error);
  if (copy == NULL) {
    till_model_set_message(d->model, TRUE, error->message);
    g_error_free(error);
    return FALSE;
  }
  g_clear_pointer(&d->sale, pos_sale_free);
  d->sale = copy;
  d->first_print = first_print;
  till_ui_show_message(d->message_label, "", FALSE);
  g_autofree char *text = till_model_receipt_text(d->model, copy, &error);
  if (text == NULL)
    till_ui_dialog_error(d->message_label, error);
  gtk_label_set_text(d->receipt_label, text ? text : "");
  g_autofree char *qr = till_model_receipt_qr(d->model, copy);
  if (qr != NULL)
    mpos_qr_view_set_text(d->qr, qr);
  gtk_widget_set_visible(GTK_WIDGET(d->qr), qr != NULL);
  gtk_widget_set_visible(d->qr_hint, qr != NULL);
  g_autofree char *head = headline(copy);
  gtk_label_set_text(d->headline_label, head);
  gtk_label_set_text(d->number_label, copy->receipt_no);
  gtk_widget_grab_focus(GTK_WIDGET(d->close_button));
  return TRUE;
}

/* Empty until a sale is set. */
GtkWidget *till_receipt_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillReceiptDialog *d = g_object_new(TILL_TYPE_RECEIPT_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  gtk_window_set_title(GTK_WINDOW(d), _("Receipt"));
  d->model = g_object_ref(model);
  d->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), d);
  return GTK_WIDGET(d);
}

/* Drops the model and the document. */
static void till_receipt_dialog_dispose(GObject *object)
{
  TillReceiptDialog *d = TILL_RECEIPT_DIALOG(object);
  if (d->model) {
    g_clear_signal_handler(&d->changed_id, d->model);
    g_clear_object(&d->model);
  }
  g_clear_pointer(&d->sale, pos_sale_free);
  G_OBJECT_CLASS(till_receipt_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_receipt_dialog_class_init(TillReceiptDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  widget_class->key_press_event = till_receipt_dialog_key_press;
  till_ui_ensure_resources();
  g_type_ensure(MPOS_TYPE_QR_VIEW);
  G_OBJECT_CLASS(klass)->dispose = till_receipt_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-receipt-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, headline_label);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, receipt_label);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, number_label);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, qr);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, qr_hint);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, print_button);
  gtk_widget_class_bind_template_child(widget_class, TillReceiptDialog, close_button);
  gtk_widget_class_bind_template_callback(widget_class, on_print);
  gtk_widget_class_bind_template_callback(widget_class, on_close);
}

/* Builds the template. */
static void till_receipt_dialog_init(TillReceiptDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
