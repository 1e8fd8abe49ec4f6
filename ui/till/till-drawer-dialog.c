/*
** till-drawer-dialog.c: opening the cash drawer without a sale.
**
** Money leaves the drawer only with a reason: the reasons a stall really
** has (change for a neighbour, counting the float, cash taken to the
** bank) are one touch away, any other can be typed.  The reason is logged
** in the ledger's drawer log before the kick is sent (till_ui_open_drawer),
** so a drawer opened is never without its line in the log, even when the
** printer that drives it is off.
*/
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillDrawerDialog {
  GtkDialog parent_instance;
  GtkLabel *message_label;
  GtkEntry *reason_entry;
  GtkWidget *open_button;
  GtkFlowBox *reasons;
  TillModel *model;
};

G_DEFINE_TYPE(TillDrawerDialog, till_drawer_dialog, GTK_TYPE_DIALOG)

static const char *const reason_presets[] = {
  N_("Change for a customer"), N_("Counting the cash"), N_("Cash taken out"),
  N_("Cash put in"),
};

/* The reason typed or touched; the log refuses an empty one. */
static void on_open(GtkWidget *widget, TillDrawerDialog *d)
{
  GError *error = NULL;
  (void)widget;
  if (!till_ui_open_drawer(d->model, gtk_entry_get_text(d->reason_entry), &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* A reason key fills the entry; Enter (or the button, now focused) then opens. */
static void on_reason(GtkButton *button, TillDrawerDialog *d)
{
  gtk_entry_set_text(d->reason_entry, gtk_button_get_label(button));
  gtk_widget_grab_focus(d->open_button);
}

/* Nothing logged, nothing opened. */
static void on_cancel(GtkButton *button, TillDrawerDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

GtkWidget *till_drawer_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillDrawerDialog *d = g_object_new(TILL_TYPE_DRAWER_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  d->model = g_object_ref(model);
  for (guint i = 0; i < G_N_ELEMENTS(reason_presets); i++) {
    GtkWidget *b = gtk_button_new_with_label(_(reason_presets[i]));
    gtk_widget_set_focus_on_click(b, FALSE);
    g_signal_connect(b, "clicked", G_CALLBACK(on_reason), d);
    gtk_widget_show(b);
    gtk_flow_box_insert(d->reasons, b, -1);
  }
  gtk_widget_grab_focus(GTK_WIDGET(d->reason_entry));
  return GTK_WIDGET(d);
}

/* Drops the model. */
static void till_drawer_dialog_dispose(GObject *object)
{
  g_clear_object(&TILL_DRAWER_DIALOG(object)->model);
  G_OBJECT_CLASS(till_drawer_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_drawer_dialog_class_init(TillDrawerDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_drawer_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-drawer-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillDrawerDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillDrawerDialog, reason_entry);
  gtk_widget_class_bind_template_child(widget_class, TillDrawerDialog, reasons);
  gtk_widget_class_bind_template_child(widget_class, TillDrawerDialog, open_button);
  gtk_widget_class_bind_template_callback(widget_class, on_open);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
}

static void till_drawer_dialog_init(TillDrawerDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
