/*
** till-cash-dialog.c: paid-in and paid-out (입금/출금), cash into or out of
** the drawer outside a sale.
**
** The direction is chosen with F1 (in) or F2 (out), the amount typed on
** the keyboard or the pad, and a reason touched or typed: the ledger keeps
** every move with its reason, and the day's expected cash counts it
** (till_model_cash_move).  A paid-out with a printer set then opens the
** drawer through the drawer's own path (till_ui_open_drawer), so the
** opening has its line in the drawer log like any other.
*/
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillCashDialog {
  GtkDialog parent_instance;
  GtkLabel *message_label, *expected_label;
  GtkToggleButton *in_button, *out_button;
  GtkEntry *amount_entry, *reason_entry;
  GtkFlowBox *reasons;
  GtkWidget *ok_button;
  TillKeypad *keypad;
  TillModel *model;
  gboolean syncing;          /* the two toggles are being set together */
};

G_DEFINE_TYPE(TillCashDialog, till_cash_dialog, GTK_TYPE_DIALOG)

static const char *const reason_presets[] = {
  N_("Change from the bank"), N_("Paid a supplier"), N_("Cash to the bank"), N_("Delivery fee"),
};

/* The cash the drawer should hold now, to check a paid-out against. */
static void show_expected(TillCashDialog *d)
{
  PosZReport z;
  if (!till_model_day_open(d->model) || !till_model_x_report(d->model, &z, NULL)) {
    gtk_label_set_text(d->expected_label, _("No day is open: start the day first (F9)."));
    return;
  }
  g_autofree char *won = till_ui_won(z.expected_cash);
  g_autofree char *text = g_strdup_printf(_("The drawer should hold %s."), won);
  gtk_label_set_text(d->expected_label, text);
  pos_zreport_clear(&z);
}

/* One of the two toggles is always down: they act as a pair of radio keys. */
static void set_direction(TillCashDialog *d, PosCashDirection dir)
{
  d->syncing = TRUE;
  gtk_toggle_button_set_active(d->in_button, dir == POS_CASH_IN);
  gtk_toggle_button_set_active(d->out_button, dir == POS_CASH_OUT);
  d->syncing = FALSE;
  gtk_window_set_title(GTK_WINDOW(d), dir == POS_CASH_IN ? _("Paid in") : _("Paid out"));
}

static void on_direction(GtkToggleButton *button, TillCashDialog *d)
{
  if (d->syncing)
    return;
  set_direction(d, button == d->out_button ? POS_CASH_OUT : POS_CASH_IN);
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
}

static PosCashDirection direction(TillCashDialog *d)
{
  return gtk_toggle_button_get_active(d->out_button) ? POS_CASH_OUT : POS_CASH_IN;
}

/*
** Records the move; a paid-out then opens the drawer when a printer
** drives it.  The move stands even if the drawer does not open: the
** message line says so.
*/
static void on_ok(GtkWidget *widget, TillCashDialog *d)
{
  GError *error = NULL;
  (void)widget;
  if (*gtk_entry_get_text(d->amount_entry) != '\0'
      && *gtk_entry_get_text(d->reason_entry) == '\0'
      && gtk_widget_has_focus(GTK_WIDGET(d->amount_entry))) {
    gtk_widget_grab_focus(GTK_WIDGET(d->reason_entry));
    return;
  }
  PosCashDirection dir = direction(d);
  const char *reason = gtk_entry_get_text(d->reason_entry);
  if (!till_model_cash_move(d->model, dir, gtk_entry_get_text(d->amount_entry), reason,
                            &error)) {
    till_ui_dialog_error(d->message_label, error);
    g_clear_error(&error);
    return;
  }
  if (dir == POS_CASH_OUT && till_model_settings(d->model)->printer_path != NULL) {
    g_autofree char *why = g_strdup_printf(_("Paid out: %s"), reason);
    if (!till_ui_open_drawer(d->model, why, &error))
      g_clear_error(&error);   /* the model's message line already says why */
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* A reason key fills the reason; Enter (or the button, now focused) then records. */
static void on_reason(GtkButton *button, TillCashDialog *d)
{
  gtk_entry_set_text(d->reason_entry, gtk_button_get_label(button));
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
}

static void on_cancel(GtkButton *button, TillCashDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/* F1 and F2 choose the direction, as shown on their keys. */
static gboolean till_cash_dialog_key_press(GtkWidget *widget, GdkEventKey *event)
{
  TillCashDialog *d = TILL_CASH_DIALOG(widget);
  if (event->keyval == GDK_KEY_F1 || event->keyval == GDK_KEY_F2) {
    set_direction(d, event->keyval == GDK_KEY_F1 ? POS_CASH_IN : POS_CASH_OUT);
    gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
    return GDK_EVENT_STOP;
  }
  return GTK_WIDGET_CLASS(till_cash_dialog_parent_class)->key_press_event(widget, event);
}

GtkWidget *till_cash_dialog_new(GtkWindow *parent, TillModel *model, PosCashDirection dir)
{
  TillCashDialog *d = g_object_new(TILL_TYPE_CASH_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  d->model = g_object_ref(model);
  for (guint i = 0; i < G_N_ELEMENTS(reason_presets); i++) {
    GtkWidget *b = gtk_button_new_with_label(_(reason_presets[i]));
    gtk_widget_set_focus_on_click(b, FALSE);
    g_signal_connect(b, "clicked", G_CALLBACK(on_reason), d);
    gtk_widget_show(b);
    gtk_flow_box_insert(d->reasons, b, -1);
  }
  set_direction(d, dir);
  show_expected(d);
  till_keypad_set_entry(d->keypad, d->amount_entry);
  gtk_widget_grab_focus(GTK_WIDGET(d->amount_entry));
  return GTK_WIDGET(d);
}

/* Chooses the direction as F1/F2 would (scenarios and tests). */
void till_cash_dialog_set(TillCashDialog *d, PosCashDirection dir, const char *amount,
                          const char *reason)
{
  set_direction(d, dir);
  gtk_entry_set_text(d->amount_entry, amount ? amount : "");
  gtk_entry_set_text(d->reason_entry, reason ? reason : "");
}

static void till_cash_dialog_dispose(GObject *object)
{
  g_clear_object(&TILL_CASH_DIALOG(object)->model);
  G_OBJECT_CLASS(till_cash_dialog_parent_class)->dispose(object);
}

static void till_cash_dialog_class_init(TillCashDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  g_type_ensure(TILL_TYPE_KEYPAD);
  G_OBJECT_CLASS(klass)->dispose = till_cash_dialog_dispose;
  widget_class->key_press_event = till_cash_dialog_key_press;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-cash-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, expected_label);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, in_button);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, out_button);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, amount_entry);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, reason_entry);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, reasons);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, ok_button);
  gtk_widget_class_bind_template_child(widget_class, TillCashDialog, keypad);
  gtk_widget_class_bind_template_callback(widget_class, on_ok);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
  gtk_widget_class_bind_template_callback(widget_class, on_direction);
}

static void till_cash_dialog_init(TillCashDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
