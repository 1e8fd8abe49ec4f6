/*
** till-devices-dialog.c: choosing and trying the printer and the scale.
**
** The printer is a device URI (docs/DEVICES.md) with its paper width, how
** Korean goes out (the printer's font or drawn), the QR mode and the
** drawer's pin and pulse; the scale is a device URI.  "Test page" prints
** the test page with what the form says now, before it is saved, so the
** merchant can try settings until the Hangul line comes out right.  "Live
** weight" reads the scale again and again in a worker thread and shows
** each frame, so the cable and the baud rate can be checked by putting a
** weight on the pan.  Devices are only touched off the UI thread, each
** read and print bounded by the devices module's timeouts.  "Save"
** writes the settings that changed, each checked by the ledger.
*/
#include "till-dialogs.h"
#include "till-print.h"
#include "till-scale.h"
#include "till-ui.h"
#include "pos-devices.h"
#include <glib/gi18n.h>
#include <string.h>

struct _TillDevicesDialog {
  GtkDialog parent_instance;
  GtkEntry *printer_entry, *pulse_entry, *scale_entry;
  GtkComboBoxText *width_combo, *hangul_combo, *qr_combo, *pin_combo;
  GtkLabel *weight_label, *message_label;
  GtkToggleButton *live_button;
  GtkWidget *test_button, *save_button;
  TillModel *model;
  GCancellable *reading;   /* the live weight's, or NULL when stopped */
  guint pause_id;
};

G_DEFINE_TYPE(TillDevicesDialog, till_devices_dialog, GTK_TYPE_DIALOG)

/* A combo's choices: id and label pairs, then the setting's value chosen. */
static void fill_combo(GtkComboBoxText *combo, const char *const *pairs, const char *active)
{
  for (const char *const *p = pairs; *p; p += 2)
    gtk_combo_box_text_append(combo, p[0], _(p[1]));
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(combo), active);
}

/* The form from the ledger's settings. */
static void load(TillDevicesDialog *d)
{
  const PosSettings *s = till_model_settings(d->model);
  char pulse[16];
  gtk_entry_set_text(d->printer_entry, s->printer_path ? s->printer_path : "");
  gtk_entry_set_text(d->scale_entry, s->scale_uri ? s->scale_uri : "");
  g_snprintf(pulse, sizeof pulse, "%d", s->drawer_pulse_ms);
  gtk_entry_set_text(d->pulse_entry, pulse);
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->width_combo),
                              s->printer_width_mm == 80 ? "80" : "58");
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->hangul_combo),
                              s->printer_raster ? "raster" : "text");
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->qr_combo), s->qr_native ? "native" : "raster");
  gtk_combo_box_set_active_id(GTK_COMBO_BOX(d->pin_combo), s->drawer_pin == 5 ? "5" : "2");
}

/* The combo's id, never NULL. */
static const char *combo_id(GtkComboBoxText *combo)
{
  const char *id = gtk_combo_box_get_active_id(GTK_COMBO_BOX(combo));
  return id ? id : "";
}

/* Only what changed is written; the first refusal stops, naming the field. */
static void on_save(GtkWidget *widget, TillDevicesDialog *d)
{
  const PosSettings *s = till_model_settings(d->model);
  char pulse[16], width[8], pin[8];
  g_snprintf(pulse, sizeof pulse, "%d", s->drawer_pulse_ms);
  g_snprintf(width, sizeof width, "%d", s->printer_width_mm == 80 ? 80 : 58);
  g_snprintf(pin, sizeof pin, "%d", s->drawer_pin == 5 ? 5 : 2);
  const struct {
    const char *key, *label, *old, *now;
  } fields[] = {
    {"printer_path", _("Receipt printer"), s->printer_path, gtk_entry_get_text(d->printer_entry)},
    {"printer_width", _("Paper"), width, combo_id(d->width_combo)},
    {"printer_hangul", _("Korean"), s->printer_raster ? "raster" : "text",
     combo_id(d->hangul_combo)},
    {"printer_qr", _("QR code"), s->qr_native ? "native" : "raster", combo_id(d->qr_combo)},
    {"drawer_pin", _("Drawer pin"), pin, combo_id(d->pin_combo)},
    {"drawer_pulse_ms", _("Drawer pulse (ms)"), pulse, gtk_entry_get_text(d->pulse_entry)},
    {"scale_uri", _("Scale"), s->scale_uri, gtk_entry_get_text(d->scale_entry)},
  };
  (void)widget;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++)
    g_ptr_array_add(values, g_strdup(fields[i].now));
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
    g_autoptr(GError) error = NULL;
    const char *now = g_ptr_array_index(values, i);
    if (g_strcmp0(fields[i].old ? fields[i].old : "", now) == 0)
      continue;
    if (!till_model_set_setting(d->model, fields[i].key, now, &error)) {
      g_autofree char *msg = g_strdup_printf("%s: %s", fields[i].label, error->message);
      till_ui_show_message(d->message_label, msg, TRUE);
      return;
    }
  }
  till_ui_show_message(d->message_label, _("Settings saved."), FALSE);
  load(d);
}

/* The test page's outcome: the printer's own trouble, in its words. */
static void on_test_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TillDevicesDialog) d = data;
  g_autoptr(GError) error = NULL;
  (void)source;
  gtk_widget_set_sensitive(d->test_button, TRUE);
  if (till_print_finish(result, &error)) {
    till_ui_show_message(d->message_label, _("Test page printed: check the Hangul line."),
                         FALSE);
  } else {
    g_autofree char *msg = g_strdup_printf(_("The printer did not print: %s"), error->message);
    till_ui_show_message(d->message_label, msg, TRUE);
  }
}

/* The form's printer settings, not yet saved, make the test page. */
static void on_test(GtkWidget *widget, TillDevicesDialog *d)
{
  g_autoptr(GError) error = NULL;
  const char *uri = gtk_entry_get_text(d->printer_entry);
  PosEscposOptions o = {.width = strcmp(combo_id(d->width_combo), "80") == 0 ? 42 : 32,
                        .raster_text = strcmp(combo_id(d->hangul_combo), "raster") == 0,
                        .qr_native = strcmp(combo_id(d->qr_combo), "native") == 0};
  PosDeviceUri parsed;
  (void)widget;
  if (!pos_device_uri_parse(uri, &parsed, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  pos_device_uri_clear(&parsed);
  g_autoptr(GBytes) page = pos_escpos_test_page(&o, &error);
  if (page == NULL) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  till_ui_show_message(d->message_label, _("Printing the test page…"), FALSE);
  /* One page at a time: a slow printer would otherwise queue a pile. */
  gtk_widget_set_sensitive(d->test_button, FALSE);
  till_print_async(page, uri, NULL, on_test_printed, g_object_ref(d));
}

static void start_read(TillDevicesDialog *d);

/* The pause between two reads is over. */
static gboolean on_pause_over(gpointer data)
{
  TillDevicesDialog *d = data;
  d->pause_id = 0;
  start_read(d);
  return G_SOURCE_REMOVE;
}

/*
** A reading on screen in kilograms with three decimals, its state beside
** it; an error stays on screen until the next read succeeds.
*/
static void on_read(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TillDevicesDialog) d = data;   /* kept alive until the read ends */
  g_autoptr(GError) error = NULL;
  g_autofree PosScaleReading *r = till_scale_read_finish(result, &error);
  (void)source;
  if (d->reading == NULL || g_cancellable_is_cancelled(d->reading))
    return;
  if (r == NULL) {
    till_ui_show_message(d->weight_label, error->message, TRUE);
  } else {
    g_autofree char *text = till_scale_reading_text(r);
    till_ui_show_message(d->weight_label, text, r->overload || r->negative);
  }
  d->pause_id = g_timeout_add(TILL_SCALE_PAUSE_MS, on_pause_over, d);
}

/* Reads the scale named in the form now. */
static void start_read(TillDevicesDialog *d)
{
  till_scale_read_async(gtk_entry_get_text(d->scale_entry), d->reading, on_read, g_object_ref(d));
}

/* Stops the live weight; a read in flight finishes unseen. */
static void stop_reading(TillDevicesDialog *d)
{
  if (d->pause_id != 0)
    g_source_remove(d->pause_id);
  d->pause_id = 0;
  if (d->reading != NULL)
    g_cancellable_cancel(d->reading);
  g_clear_object(&d->reading);
}

static void on_live_toggled(GtkToggleButton *button, TillDevicesDialog *d)
{
  stop_reading(d);
  if (!gtk_toggle_button_get_active(button)) {
    gtk_label_set_text(d->weight_label, "");
    return;
  }
  d->reading = g_cancellable_new();
  gtk_label_set_text(d->weight_label, _("Reading the scale…"));
  start_read(d);
}

static void on_close(GtkButton *button, TillDevicesDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

GtkWidget *till_devices_dialog_new(GtkWindow *parent, TillModel *model)
{
  static const char *const widths[] = {"58", N_("58 mm (32 columns)"), "80",
                                       N_("80 mm (42 columns)"), NULL};
  static const char *const hangul[] = {"text", N_("The printer's Korean font"), "raster",
                                       N_("Drawn (printers without Korean)"), NULL};
  static const char *const qr[] = {"raster", N_("Drawn (every printer)"), "native",
                                   N_("The printer's own QR"), NULL};
  static const char *const pins[] = {"2", N_("Pin 2"), "5", N_("Pin 5"), NULL};
  TillDevicesDialog *d = g_object_new(TILL_TYPE_DEVICES_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  gtk_window_set_title(GTK_WINDOW(d), _("Printer and scale"));
  d->model = g_object_ref(model);
  fill_combo(d->width_combo, widths, NULL);
  fill_combo(d->hangul_combo, hangul, NULL);
  fill_combo(d->qr_combo, qr, NULL);
  fill_combo(d->pin_combo, pins, NULL);
  load(d);
  /* Enter in any field saves. */
  gtk_widget_set_can_default(d->save_button, TRUE);
  gtk_window_set_default(GTK_WINDOW(d), d->save_button);
  return GTK_WIDGET(d);
}

/* Stops the scale and lets the model go. */
static void till_devices_dialog_dispose(GObject *object)
{
  TillDevicesDialog *d = TILL_DEVICES_DIALOG(object);
  stop_reading(d);
  g_clear_object(&d->model);
  G_OBJECT_CLASS(till_devices_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_devices_dialog_class_init(TillDevicesDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_devices_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-devices-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, printer_entry);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, pulse_entry);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, scale_entry);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, width_combo);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, hangul_combo);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, qr_combo);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, pin_combo);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, weight_label);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, live_button);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, test_button);
  gtk_widget_class_bind_template_child(widget_class, TillDevicesDialog, save_button);
  gtk_widget_class_bind_template_callback(widget_class, on_save);
  gtk_widget_class_bind_template_callback(widget_class, on_test);
  gtk_widget_class_bind_template_callback(widget_class, on_live_toggled);
  gtk_widget_class_bind_template_callback(widget_class, on_close);
}

/* Builds the template. */
static void till_devices_dialog_init(TillDevicesDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
