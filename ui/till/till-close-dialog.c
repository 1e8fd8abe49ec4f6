/*
** till-close-dialog.c: the day close.
**
** Three states, one GtkStack: a day is open (its X report so far, the cash
** the drawer should hold, and the counted cash to type); the day was just
** closed (the Z report with the drawer's over or short, to print); no day
** is open (start one with the cash float typed; a sale asks for it first,
** till_close_dialog_new_before_sale).
** The counted cash is asked before any figure is final, so the merchant
** counts the drawer rather than copying the expected amount.
**
** A count that differs from the expected by more than the merchant's
** threshold (cash_diff_threshold) is not filed at once: the first time the
** dialog asks for a recount (a miscount is the usual cause), the second
** time it says the difference in a sentence and closes only when Enter is
** pressed again on that same count.
*/
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-ui.h"
#include "mb-clock.h"
#include <glib/gi18n.h>

struct _TillCloseDialog {
  GtkDialog parent_instance;
  GtkStack *stack;
  GtkLabel *title_label, *report_label, *expected_value, *difference_value, *message_label;
  GtkLabel *count_label;     /* over the counted cash: the recount's question goes here */
  GtkEntry *counted_entry, *float_entry;
  GtkButton *close_button, *print_button, *open_button, *done_button;
  TillKeypad *keypad;
  TillModel *model;
  PosZReport z;
  gboolean have_z;
  gboolean before_sale;      /* asked by a sale: answer once the day is open */
  int asked;                 /* 0 counting, 1 recount asked, 2 confirmation asked */
  char *confirming;          /* the count the confirmation is about */
};

G_DEFINE_TYPE(TillCloseDialog, till_close_dialog, GTK_TYPE_DIALOG)

/* The X or Z report exactly as it prints. */
static void show_report(TillCloseDialog *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = till_model_zreport_text(d->model, &d->z, &error);
  gtk_label_set_text(d->report_label, text ? text : error->message);
}

/*
** No day is open: the float is typed, never assumed.  The cash counted at
** the last close is what the drawer most likely holds, so it is said (and
** shown in the empty entry) for the merchant to count against.
*/
static void show_last_close(TillCloseDialog *d)
{
  PosMoney counted;
  int64_t closed_ms;
  if (!till_model_last_counted_cash(d->model, &counted, &closed_ms)) {
    gtk_label_set_text(d->report_label, _("No day is open. Count the cash in the drawer and "
                                          "type it to start the day (0 if it is empty)."));
    gtk_entry_set_placeholder_text(d->float_entry, "0");
    return;
  }
  g_autoptr(GDateTime) when = mb_clock_local(closed_ms);
  g_autofree char *at = g_date_time_format(when, "%Y-%m-%d %H:%M");
  g_autofree char *won = till_ui_won(counted);
  g_autofree char *text = g_strdup_printf(
    _("No day is open: the last one was closed at %s with %s counted in the drawer. Count "
      "the drawer and type its cash to start a new day."),
    at, won);
  char digits[32];
  g_snprintf(digits, sizeof digits, "%" G_GINT64_FORMAT, counted);
  gtk_label_set_text(d->report_label, text);
  gtk_entry_set_placeholder_text(d->float_entry, digits);
}

/* Which page: a day open, just closed, or none. */
static void refresh(TillCloseDialog *d)
{
  GError *error = NULL;
  if (d->have_z && d->z.closed_ms > 0) {
    g_autofree char *diff = till_ui_won(d->z.cash_difference);
    gtk_label_set_text(d->difference_value, diff);
    till_ui_set_class(GTK_WIDGET(d->difference_value), "error", d->z.cash_difference != 0);
    gtk_stack_set_visible_child_name(d->stack, "closed");
    gtk_widget_hide(GTK_WIDGET(d->keypad));
    gtk_widget_grab_focus(GTK_WIDGET(d->done_button));
    show_report(d);
    return;
  }
  if (d->have_z)
    pos_zreport_clear(&d->z);
  d->have_z = till_model_day_open(d->model) && till_model_x_report(d->model, &d->z, &error);
  if (!d->have_z) {
    g_clear_error(&error);
    show_last_close(d);
    gtk_stack_set_visible_child_name(d->stack, "open");
    till_keypad_set_entry(d->keypad, d->float_entry);
    gtk_widget_grab_focus(GTK_WIDGET(d->float_entry));
    return;
  }
  g_autofree char *expected = till_ui_won(d->z.expected_cash);
  gtk_label_set_text(d->expected_value, expected);
  gtk_stack_set_visible_child_name(d->stack, "close");
  till_keypad_set_entry(d->keypad, d->counted_entry);
  gtk_widget_grab_focus(GTK_WIDGET(d->counted_entry));
  show_report(d);
}

/*
** TRUE when the count may be filed now; otherwise the dialog asks for a
** recount or a confirmation (see the top of the file) and says why.
*/
static gboolean difference_settled(TillCloseDialog *d, const char *counted)
{
  GError *error = NULL;
  PosMoney won, diff;
  if (!till_model_parse_money(d->model, counted, &won, &error)) {
    till_ui_dialog_error(d->message_label, error);
    g_clear_error(&error);
    return FALSE;
  }
  if (!till_model_difference_beyond(d->model, won, &diff))
    return TRUE;
  if (d->asked == 2 && g_strcmp0(d->confirming, counted) == 0)
    return TRUE;
  g_autofree char *amount = till_ui_won(diff < 0 ? -diff : diff);
  g_autofree char *limit = till_ui_won(till_model_settings(d->model)->cash_diff_threshold);
  g_autofree char *text = NULL;
  if (d->asked == 0) {
    text = g_strdup_printf(diff < 0 ? _("The drawer is %s short of what it should hold, more "
                                        "than the %s you allow. Count it again and type the "
                                        "cash.")
                                    : _("The drawer is %s over what it should hold, more than "
                                        "the %s you allow. Count it again and type the cash."),
                           amount, limit);
    d->asked = 1;
    gtk_entry_set_text(d->counted_entry, "");
  } else {
    text = g_strdup_printf(diff < 0 ? _("Counted again, the drawer is still %s short. Close the "
                                        "day with %s missing? Press Enter again to close.")
                                    : _("Counted again, the drawer is still %s over. Close the "
                                        "day with %s too much? Press Enter again to close."),
                           amount, amount);
    d->asked = 2;
    g_free(d->confirming);
    d->confirming = g_strdup(counted);
    gtk_button_set_label(d->close_button, _("Close with the difference · Enter"));
  }
  /* said over the entry too: the message line can be scrolled out of a small screen */
  till_ui_show_message(d->message_label, text, TRUE);
  till_ui_show_message(d->count_label, text, TRUE);
  gtk_widget_grab_focus(GTK_WIDGET(d->counted_entry));
  return FALSE;
}

/* Closes with the counted cash; the Z report replaces the X report. */
static void on_close_day(GtkWidget *widget, TillCloseDialog *d)
{
  GError *error = NULL;
  PosZReport z;
  (void)widget;
  if (!difference_settled(d, gtk_entry_get_text(d->counted_entry)))
    return;
  if (!till_model_close_day(d->model, gtk_entry_get_text(d->counted_entry), &z, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  if (d->have_z)
    pos_zreport_clear(&d->z);
  d->z = z;
  d->have_z = TRUE;
  till_ui_show_message(d->message_label, _("The day is closed."), FALSE);
  refresh(d);
}

/* Starts a day with the float counted into the drawer. */
static void on_open_day(GtkWidget *widget, TillCloseDialog *d)
{
  GError *error = NULL;
  (void)widget;
  if (*gtk_entry_get_text(d->float_entry) == '\0') {
    till_ui_show_message(d->message_label,
                         _("Type the cash in the drawer first (0 if it is empty)."), TRUE);
    gtk_widget_grab_focus(GTK_WIDGET(d->float_entry));
    return;
  }
  if (!till_model_open_day(d->model, gtk_entry_get_text(d->float_entry), &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  if (d->before_sale) {
    gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
    return;
  }
  till_ui_show_message(d->message_label, _("The day is open."), FALSE);
  refresh(d);
}

/* The Z report to the printer, in the background. */
static void on_print(GtkButton *button, TillCloseDialog *d)
{
  GError *error = NULL;
  (void)button;
  if (!d->have_z || till_model_printer(d->model, &error) == NULL) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  if (!till_ui_print_zreport(d->model, &d->z, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  till_ui_show_message(d->message_label, _("Printing…"), FALSE);
}

/* Leaves the dialog; the day stays as it is. */
static void on_done(GtkButton *button, TillCloseDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* F7 prints the Z report once the day is closed, as F7 reprints on the till. */
static gboolean till_close_dialog_key_press(GtkWidget *widget, GdkEventKey *event)
{
  TillCloseDialog *d = TILL_CLOSE_DIALOG(widget);
  if (event->keyval == GDK_KEY_F7 && d->have_z && d->z.closed_ms > 0) {
    on_print(NULL, d);
    return GDK_EVENT_STOP;
  }
  return GTK_WIDGET_CLASS(till_close_dialog_parent_class)->key_press_event(widget, event);
}

/* Opens on whichever page the day is at. */
GtkWidget *till_close_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillCloseDialog *d = g_object_new(TILL_TYPE_CLOSE_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  gtk_window_set_title(GTK_WINDOW(d), _("Close the day"));
  d->model = g_object_ref(model);
  refresh(d);
  return GTK_WIDGET(d);
}

/* Asked by a sale with no day open (see till-dialogs.h). */
GtkWidget *till_close_dialog_new_before_sale(GtkWindow *parent, TillModel *model)
{
  TillCloseDialog *d = TILL_CLOSE_DIALOG(till_close_dialog_new(parent, model));
  d->before_sale = TRUE;
  gtk_window_set_title(GTK_WINDOW(d), _("Start the day"));
  gtk_label_set_text(d->title_label, _("Start the day"));
  return GTK_WIDGET(d);
}

/* Frees the report. */
static void till_close_dialog_dispose(GObject *object)
{
  TillCloseDialog *d = TILL_CLOSE_DIALOG(object);
  g_clear_object(&d->model);
  g_clear_pointer(&d->confirming, g_free);
  if (d->have_z)
    pos_zreport_clear(&d->z);
  d->have_z = FALSE;
  G_OBJECT_CLASS(till_close_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_close_dialog_class_init(TillCloseDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  g_type_ensure(TILL_TYPE_KEYPAD);
  G_OBJECT_CLASS(klass)->dispose = till_close_dialog_dispose;
  widget_class->key_press_event = till_close_dialog_key_press;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-close-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, stack);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, title_label);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, report_label);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, expected_value);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, difference_value);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, count_label);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, counted_entry);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, float_entry);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, close_button);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, print_button);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, open_button);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, done_button);
  gtk_widget_class_bind_template_child(widget_class, TillCloseDialog, keypad);
  gtk_widget_class_bind_template_callback(widget_class, on_close_day);
  gtk_widget_class_bind_template_callback(widget_class, on_open_day);
  gtk_widget_class_bind_template_callback(widget_class, on_print);
  gtk_widget_class_bind_template_callback(widget_class, on_done);
}

/* Builds the template. */
static void till_close_dialog_init(TillCloseDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
