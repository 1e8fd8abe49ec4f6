/*
** till-settings-dialog.c: the stall's settings and its enrollment.
**
** The receipt header (상호, 사업자등록번호, 주소, 전화), the rounding unit
** of weighed lines, the 근 preset, the paper Onnuri change threshold, the
** scale's barcode layout and the printer are ledger settings; "Save"
** writes the ones changed, each checked by the ledger, and stops at the
** first refusal with the field named.  Enrollment trades the code from
** the market office (typed, or scanned: a 2D scanner types the QR's
** contents here) for a device token, in the background.
*/
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>
#include <string.h>

struct _TillSettingsDialog {
  GtkDialog parent_instance;
  GtkEntry *stall_name_entry, *business_no_entry, *address_entry, *phone_entry;
  GtkEntry *geun_entry, *onnuri_entry, *pattern_entry, *printer_entry;
  GtkEntry *hub_entry, *code_entry, *min_weight_entry, *cash_diff_entry;
  GtkComboBoxText *rounding_combo;
  GtkLabel *enroll_label, *message_label;
  TillModel *model;
  gulong changed_id;
};

G_DEFINE_TYPE(TillSettingsDialog, till_settings_dialog, GTK_TYPE_DIALOG)

/* An entry from a setting that may be unset. */
static void set_text(GtkEntry *entry, const char *text)
{
  gtk_entry_set_text(entry, text ? text : "");
}

/* An entry from a number. */
static void set_int(GtkEntry *entry, int v)
{
  char buf[16];
  g_snprintf(buf, sizeof buf, "%d", v);
  gtk_entry_set_text(entry, buf);
}

/* Whether, and where, the till is enrolled. */
static void show_enrollment(TillSettingsDialog *d)
{
  const PosSettings *s = till_model_settings(d->model);
  TillSyncStatus st;
  till_model_sync_status(d->model, &st);
  g_autofree char *text =
    st.state == TILL_SYNC_NOT_ENROLLED
      ? g_strdup(_("Not enrolled: sales are kept on this till until it is."))
      : g_strdup_printf(_("Enrolled with %s as stall %s."), s->hub_url ? s->hub_url : "?",
                        s->stall_code ? s->stall_code : "?");
  gtk_label_set_text(d->enroll_label, text);
}

/* The form from the ledger's settings. */
static void load(TillSettingsDialog *d)
{
  const PosSettings *s = till_model_settings(d->model);
  char unit[8];
  set_text(d->stall_name_entry, s->stall_name);
  set_text(d->business_no_entry, s->business_no);
  set_text(d->address_entry, s->address);
  set_text(d->phone_entry, s->phone);
  set_int(d->geun_entry, s->geun_g);
  set_int(d->onnuri_entry, s->onnuri_change_pct);
  set_int(d->min_weight_entry, s->min_weight_g);
  set_int(d->cash_diff_entry, (int)s->cash_diff_threshold);
  set_text(d->pattern_entry, s->instore_pattern);
  set_text(d->printer_entry, s->printer_path);
  set_text(d->hub_entry, s->hub_url);
  g_snprintf(unit, sizeof unit, "%d", s->rounding_unit);
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->rounding_combo), unit);
  show_enrollment(d);
}

/*
** Field by field: only what changed is written; the first refusal stops.
** Both the stored and the typed values are copied first: each write
** reloads the model's settings, which frees the strings read from them.
*/
static void on_save(GtkWidget *widget, TillSettingsDialog *d)
{
  const PosSettings *s = till_model_settings(d->model);
  char geun[16], pct[16], unit[8], min_g[16], diff[24];
  g_snprintf(geun, sizeof geun, "%d", s->geun_g);
  g_snprintf(min_g, sizeof min_g, "%d", s->min_weight_g);
  g_snprintf(diff, sizeof diff, "%" G_GINT64_FORMAT, s->cash_diff_threshold);
  g_snprintf(pct, sizeof pct, "%d", s->onnuri_change_pct);
  g_snprintf(unit, sizeof unit, "%d", s->rounding_unit);
  const struct {
    const char *key, *label, *old, *now;
  } fields[] = {
    {"stall_name", _("Stall name"), s->stall_name, gtk_entry_get_text(d->stall_name_entry)},
    {"business_no", _("Business no."), s->business_no, gtk_entry_get_text(d->business_no_entry)},
    {"address", _("Address"), s->address, gtk_entry_get_text(d->address_entry)},
    {"phone", _("Phone"), s->phone, gtk_entry_get_text(d->phone_entry)},
    {"rounding_unit", _("Round weighed lines down to"), unit,
     gtk_combo_box_get_active_id(GTK_COMBO_BOX(d->rounding_combo))},
    {"geun_g", _("One 근 is"), geun, gtk_entry_get_text(d->geun_entry)},
    {"onnuri_change_pct", _("Onnuri paper: change from"), pct,
     gtk_entry_get_text(d->onnuri_entry)},
    {"min_weight_g", _("Smallest weight (grams)"), min_g, gtk_entry_get_text(d->min_weight_entry)},
    {"cash_diff_threshold", _("Cash difference to ask about (won)"), diff,
     gtk_entry_get_text(d->cash_diff_entry)},
    {"instore_pattern", _("Scale barcode layout"), s->instore_pattern,
     gtk_entry_get_text(d->pattern_entry)},
    {"printer_path", _("Receipt printer"), s->printer_path, gtk_entry_get_text(d->printer_entry)},
  };
  (void)widget;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) olds = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
    g_ptr_array_add(values, g_strdup(fields[i].now ? fields[i].now : ""));
    g_ptr_array_add(olds, g_strdup(fields[i].old ? fields[i].old : ""));
  }
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
    GError *error = NULL;
    const char *now = g_ptr_array_index(values, i);
    if (strcmp(g_ptr_array_index(olds, i), now) == 0)
      continue;
    if (!till_model_set_setting(d->model, fields[i].key, now, &error)) {
      g_autofree char *msg = g_strdup_printf("%s: %s", fields[i].label, error->message);
      till_ui_show_message(d->message_label, msg, TRUE);
      g_error_free(error);
      return;
    }
  }
  till_ui_show_message(d->message_label, _("Settings saved."), FALSE);
  load(d);
}

/* Starts the enrollment in the background. */
static void on_enroll(GtkWidget *widget, TillSettingsDialog *d)
{
  GError *error = NULL;
  (void)widget;
  if (!till_model_enroll(d->model, gtk_entry_get_text(d->hub_entry),
                         gtk_entry_get_text(d->code_entry), &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  till_ui_show_message(d->message_label, _("Enrolling with the hub…"), FALSE);
}

/* The enrollment's outcome arrives later, through the model. */
static void on_model_changed(TillModel *model, guint flags, TillSettingsDialog *d)
{
  if (flags & (TILL_CHANGE_SETTINGS | TILL_CHANGE_SYNC))
    show_enrollment(d);
  if ((flags & TILL_CHANGE_SETTINGS) && till_sync_last_was_enroll(till_model_sync(model))) {
    gboolean is_error;
    const char *text = till_model_message(model, &is_error);
    till_ui_show_message(d->message_label, text, is_error);
    set_text(d->hub_entry, till_model_settings(model)->hub_url);
    if (!is_error)
      gtk_entry_set_text(d->code_entry, "");
  }
}

/* Leaves; saved settings are already in the ledger. */
static void on_close(GtkButton *button, TillSettingsDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* The printer and the scale have a dialog of their own (till-devices-dialog.c). */
static void on_devices(GtkButton *button, TillSettingsDialog *d)
{
  (void)button;
  GtkWidget *devices = till_devices_dialog_new(GTK_WINDOW(d), d->model);
  g_signal_connect(devices, "response", G_CALLBACK(gtk_widget_destroy), NULL);
  gtk_widget_show(devices);
}

/* A new till opens here with a word of welcome. */
GtkWidget *till_settings_dialog_new(GtkWindow *parent, TillModel *model)
{
  TillSettingsDialog *d = g_object_new(TILL_TYPE_SETTINGS_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  gtk_window_set_title(GTK_WINDOW(d), _("Settings"));
  d->model = g_object_ref(model);
  d->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), d);
  const char *units[] = {"1", "10", "100"};
  for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
    g_autofree char *label = g_strdup_printf(_("%s won"), units[i]);
    gtk_combo_box_text_append(d->rounding_combo, units[i], label);
  }
  load(d);
  if (till_model_is_new(model))
    till_ui_show_message(d->message_label,
                         _("Welcome: give the stall's name and receipt header first."), FALSE);
  return GTK_WIDGET(d);
}

/* Stops following the model. */
static void till_settings_dialog_dispose(GObject *object)
{
  TillSettingsDialog *d = TILL_SETTINGS_DIALOG(object);
  if (d->model) {
    g_clear_signal_handler(&d->changed_id, d->model);
    g_clear_object(&d->model);
  }
  G_OBJECT_CLASS(till_settings_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_settings_dialog_class_init(TillSettingsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_settings_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-settings-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, stall_name_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, business_no_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, address_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, phone_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, geun_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, min_weight_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, cash_diff_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, onnuri_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, pattern_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, printer_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, hub_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, code_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, rounding_combo);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, enroll_label);
  gtk_widget_class_bind_template_child(widget_class, TillSettingsDialog, message_label);
  gtk_widget_class_bind_template_callback(widget_class, on_save);
  gtk_widget_class_bind_template_callback(widget_class, on_enroll);
  gtk_widget_class_bind_template_callback(widget_class, on_close);
  gtk_widget_class_bind_template_callback(widget_class, on_devices);
}

/* Builds the template. */
static void till_settings_dialog_init(TillSettingsDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
