/*
** till-sync-dialog.c: the sync status in full.
**
** The indicator on the till says one line; this says all of it: how many
** events wait, how many the hub has, how many it rejected and why (a
** rejected sale is kept and shown, never dropped), since when the hub has
** been out of reach, and the last error in the sync client's words.
** "Sync now" starts a push in the background and returns at once.
*/
#include "mb-clock.h"
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillSyncDialog {
  GtkDialog parent_instance;
  GtkLabel *state_label, *pending_value, *sent_value, *rejected_value;
  GtkLabel *since_label, *error_label, *message_label;
  GtkListBox *reasons;
  GtkButton *sync_button;
  TillModel *model;
  gulong changed_id;
};

G_DEFINE_TYPE(TillSyncDialog, till_sync_dialog, GTK_TYPE_DIALOG)

/* A count with thousands separators. */
static void set_count(GtkLabel *label, int64_t n)
{
  char buf[32];
  gtk_label_set_text(label, pos_money_format(n, buf, sizeof buf));
}

/* "14:02" or a date and time, local. Transfer full. */
static char *when(int64_t ms)
{
  g_autoptr(GDateTime) t = mb_clock_local(ms);
  return t ? g_date_time_format(t, "%Y-%m-%d %H:%M") : g_strdup("?");
}

/* Everything from the model's status, each time it changes. */
static void refresh(TillSyncDialog *d)
{
  TillSyncStatus st;
  till_model_sync_status(d->model, &st);
  g_autofree char *label = till_model_sync_label(d->model);
  gtk_label_set_text(d->state_label, label);
  set_count(d->pending_value, st.pending);
  set_count(d->sent_value, st.sent);
  set_count(d->rejected_value, st.rejected);
  g_autofree char *since = NULL;
  if (st.offline_since_ms) {
    g_autofree char *t = when(st.offline_since_ms);
    since = g_strdup_printf(_("The hub has been out of reach since %s. Sales are safe on this "
                              "till and go out when it answers."), t);
  } else if (st.last_ok_ms) {
    g_autofree char *t = when(st.last_ok_ms);
    since = g_strdup_printf(_("Last synced at %s."), t);
  }
  gtk_label_set_text(d->since_label, since ? since : "");
  gtk_label_set_text(d->error_label, st.error ? st.error : "");
  till_ui_clear(GTK_CONTAINER(d->reasons));
  for (guint i = 0; st.reasons && i < st.reasons->len; i++) {
    GtkWidget *l = gtk_label_new(g_ptr_array_index(st.reasons, i));
    gtk_label_set_xalign(GTK_LABEL(l), 0);
    gtk_label_set_line_wrap(GTK_LABEL(l), TRUE);
    gtk_widget_show(l);
    gtk_container_add(GTK_CONTAINER(d->reasons), l);
  }
  gtk_widget_set_sensitive(GTK_WIDGET(d->sync_button), st.state != TILL_SYNC_SYNCING);
}

/* Sync and settings changes redraw the status. */
static void on_model_changed(TillModel *model, guint flags, TillSyncDialog *d)
{
  (void)model;
  if (flags & (TILL_CHANGE_SYNC | TILL_CHANGE_SETTINGS))
    refresh(d);
}

/* Returns at once: the push runs in the background. */
static void on_sync(GtkButton *button, TillSyncDialog *d)
{
  GError *error = NULL;
  (void)button;
  if (!till_model_sync_now(d->model, &error))
    till_ui_dialog_error(d->message_label, error);
  else
    till_ui_show_message(d->message_label, _("Syncing in the background: keep selling."),
                         FALSE);
}

/* Leaves; sync goes on in the background. */
static void on_close(GtkButton *button, TillSyncDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* Follows the model while open. */
GtkWidget *till_sync_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillSyncDialog *d = g_object_new(TILL_TYPE_SYNC_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  gtk_window_set_title(GTK_WINDOW(d), _("Sync"));
  d->model = g_object_ref(model);
  d->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), d);
  refresh(d);
  return GTK_WIDGET(d);
}

/* Stops following the model. */
static void till_sync_dialog_dispose(GObject *object)
{
  TillSyncDialog *d = TILL_SYNC_DIALOG(object);
  if (d->model) {
    g_clear_signal_handler(&d->changed_id, d->model);
    g_clear_object(&d->model);
  }
  G_OBJECT_CLASS(till_sync_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_sync_dialog_class_init(TillSyncDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_sync_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-sync-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, state_label);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, pending_value);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, sent_value);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, rejected_value);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, since_label);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, error_label);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, reasons);
  gtk_widget_class_bind_template_child(widget_class, TillSyncDialog, sync_button);
  gtk_widget_class_bind_template_callback(widget_class, on_sync);
  gtk_widget_class_bind_template_callback(widget_class, on_close);
}

/* Builds the template. */
static void till_sync_dialog_init(TillSyncDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
