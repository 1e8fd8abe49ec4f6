/*
** till-weight-dialog.c: the weight (or quantity) of a product.
**
** Opened for a weighed product touched with no weight (the model's pending
** product) or to change a cart line's quantity.  The weight is typed the
** way a merchant says it: grams (450), kilograms (1.2kg) or 근 with the
** stall's preset; a live line shows weight, unit price and amount, rounded
** as the ledger will round it, before anything is added.
**
** When the stall has a scale (setting scale_uri), its live weight shows
** beside the product: a worker thread reads one frame at a time
** (till-scale.c), and "Scale weight" (F2) takes it only when the scale
** says stable, refusing an overload or a negative weight with what to do.
** Typing stays possible all along, so a silent scale never stops a sale.
**
** A weight typed without its unit is ambiguous ("3": 3 g rings 50 won
** where 3 kg was meant), so it is asked back with both readings on two
** keys (G and K); a weight under the stall's minimum (min_weight_g) is
** asked back too, and rung only when Enter is pressed again on it.
*/
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-scale.h"
#include "till-ui.h"
#include <gdk/gdkkeysyms.h>
#include <glib/gi18n.h>
#include <string.h>

struct _TillWeightDialog {
  GtkDialog parent_instance;
  GtkLabel *title_label, *price_label, *preview_label, *message_label;
  GtkEntry *weight_entry;
  GtkWidget *units_box, *geun_button, *half_geun_button, *hint_label;
  GtkWidget *ask_box, *ask_g_button, *ask_kg_button;
  GtkLabel *ask_label;
  char *light_ok;            /* a light weight the merchant confirmed, as typed */
  GtkWidget *scale_box;
  GtkLabel *scale_label;
  GCancellable *reading;     /* the live weight's, or NULL without a scale */
  guint pause_id;
  PosScaleReading last;      /* the last frame read */
  gboolean have_last;        /* FALSE until a frame came, and after a read failed */
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

/* A weight ending in a digit (or a dot) has no unit. */
static gboolean bare_number(const char *text)
{
  g_autofree char *t = g_strstrip(g_strdup(text));
  size_t n = strlen(t);
  return n > 0 && (g_ascii_isdigit(t[n - 1]) || t[n - 1] == '.');
}

/* "3 g? 3 kg?": both readings on their keys. */
static void ask_unit(TillWeightDialog *d, const char *text)
{
  g_autofree char *t = g_strstrip(g_strdup(text));
  g_autofree char *q = g_strdup_printf(_("%s g or %s kg?"), t, t);
  g_autofree char *g = g_strdup_printf(_("%s g · G"), t);
  g_autofree char *kg = g_strdup_printf(_("%s kg · K"), t);
  gtk_label_set_text(d->ask_label, q);
  gtk_button_set_label(GTK_BUTTON(d->ask_g_button), g);
  gtk_button_set_label(GTK_BUTTON(d->ask_kg_button), kg);
  gtk_widget_show(d->ask_box);
  till_ui_show_message(d->message_label, _("Which unit? Press G or K, or type the unit."),
                       TRUE);
}

/*
** TRUE when the weight may be given: it has a unit, and it is not under
** the stall's minimum unless the merchant pressed Enter again on it.
*/
static gboolean weight_plausible(TillWeightDialog *d, const char *text)
{
  int64_t qty;
  const PosSettings *s = till_model_settings(d->model);
  if (d->unit != POS_UNIT_KG)
    return TRUE;
  if (bare_number(text)) {
    ask_unit(d, text);
    return FALSE;
  }
  gtk_widget_hide(d->ask_box);
  if (!pos_qty_parse(text, d->unit, s->geun_g, &qty, NULL) || qty >= s->min_weight_g
      || g_strcmp0(d->light_ok, text) == 0)
    return TRUE;   /* a bad weight is the model's to refuse */
  char grams[24];
  g_snprintf(grams, sizeof grams, "%" G_GINT64_FORMAT, qty);
  g_autofree char *msg = g_strdup_printf(
    _("Only %s g? That is under this stall's smallest weight of %d g. Press Enter again to "
      "ring it, or type the weight with its unit."),
    grams, s->min_weight_g);
  g_free(d->light_ok);
  d->light_ok = g_strdup(text);
  till_ui_show_message(d->message_label, msg, TRUE);
  return FALSE;
}

/* A refused weight keeps the dialog open with the reason. */
static void on_ok(GtkWidget *widget, TillWeightDialog *d)
{
  GError *error = NULL;
  const char *text = gtk_entry_get_text(d->weight_entry);
  (void)widget;
  if (!weight_plausible(d, text)) {
    gtk_widget_grab_focus(GTK_WIDGET(d->weight_entry));
    return;
  }
  gboolean ok = d->line < 0 ? till_model_give_weight(d->model, text, &error)
                            : till_model_set_qty(d->model, d->line, text, &error);
  if (!ok) {
    till_ui_dialog_error(d->message_label, error);
    gtk_widget_grab_focus(GTK_WIDGET(d->weight_entry));
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/*
** F2 or the button: the last frame, if the scale says it is stable and a
** weight to sell, goes into the entry as grams and is given as typed.
*/
static void on_take(GtkWidget *widget, TillWeightDialog *d)
{
  (void)widget;
  const char *refusal = NULL;
  if (!d->have_last)
    refusal = _("The scale does not answer: type the weight.");
  else if (d->last.overload)
    refusal = _("The scale is overloaded: take some off and weigh again.");
  else if (d->last.negative || d->last.grams < 0)
    refusal = _("The scale shows less than zero: empty the pan and zero it.");
  else if (!d->last.stable)
    refusal = _("The weight is still settling: wait until the scale is still.");
  if (refusal != NULL) {
    till_ui_show_message(d->message_label, refusal, TRUE);
    return;
  }
  g_autofree char *grams = g_strdup_printf("%lldg", (long long)d->last.grams);
  gtk_entry_set_text(d->weight_entry, grams);
  on_ok(NULL, d);
}

static void start_read(TillWeightDialog *d);

/* The pause between two reads is over. */
static gboolean on_pause_over(gpointer data)
{
  TillWeightDialog *d = data;
  d->pause_id = 0;
  start_read(d);
  return G_SOURCE_REMOVE;
}

/* Each frame on screen; a silent or unplugged scale says so and is tried again. */
static void on_read(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TillWeightDialog) d = data;   /* kept alive until the read ends */
  g_autoptr(GError) error = NULL;
  g_autofree PosScaleReading *r = till_scale_read_finish(result, &error);
  (void)source;
  if (d->reading == NULL || g_cancellable_is_cancelled(d->reading))
    return;
  d->have_last = r != NULL;
  if (r == NULL) {
    g_autofree char *text = till_scale_trouble_text(error);
    till_ui_show_message(d->scale_label, text, TRUE);
  } else {
    d->last = *r;
    g_autofree char *text = till_scale_reading_text(r);
    till_ui_show_message(d->scale_label, text, r->overload || r->negative);
  }
  d->pause_id = g_timeout_add(TILL_SCALE_PAUSE_MS, on_pause_over, d);
}

static void start_read(TillWeightDialog *d)
{
  till_scale_read_async(till_model_settings(d->model)->scale_uri, d->reading, on_read,
                        g_object_ref(d));
}

/* Stops the live weight; a read in flight finishes unseen. */
static void stop_reading(TillWeightDialog *d)
{
  g_clear_handle_id(&d->pause_id, g_source_remove);
  if (d->reading != NULL)
    g_cancellable_cancel(d->reading);
  g_clear_object(&d->reading);
}

/* The answer to "3 g or 3 kg?": the unit goes after the number, then OK. */
static void on_answer(GtkButton *button, TillWeightDialog *d)
{
  g_autofree char *t = g_strstrip(g_strdup(gtk_entry_get_text(d->weight_entry)));
  g_autofree char *with_unit = g_strconcat(t, gtk_widget_get_name(GTK_WIDGET(button)), NULL);
  gtk_entry_set_text(d->weight_entry, with_unit);
  gtk_widget_hide(d->ask_box);
  on_ok(NULL, d);
}

/*
** F2 takes the scale's weight while the entry keeps the keyboard; while
** the unit is asked, G and K answer.
*/
static gboolean on_key(GtkWidget *widget, GdkEventKey *event, gpointer data)
{
  TillWeightDialog *d = TILL_WEIGHT_DIALOG(widget);
  (void)data;
  if (gtk_widget_get_visible(d->ask_box)
      && (event->keyval == GDK_KEY_g || event->keyval == GDK_KEY_G
          || event->keyval == GDK_KEY_k || event->keyval == GDK_KEY_K)) {
    gboolean grams = event->keyval == GDK_KEY_g || event->keyval == GDK_KEY_G;
    on_answer(GTK_BUTTON(grams ? d->ask_g_button : d->ask_kg_button), d);
    return GDK_EVENT_STOP;
  }
  if (event->keyval != GDK_KEY_F2 || d->reading == NULL)
    return GDK_EVENT_PROPAGATE;
  on_take(NULL, d);
  return GDK_EVENT_STOP;
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
  stop_reading(d);
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
  gtk_widget_set_visible(d->hint_label, d->unit == POS_UNIT_KG);
  if (l) {
    /* grams for a weight (with its unit), the count for pieces */
    char q[48];
    if (d->unit == POS_UNIT_KG)
      g_snprintf(q, sizeof q, "%" G_GINT64_FORMAT "g", l->qty_milli);
    else
      g_snprintf(q, sizeof q, "%" G_GINT64_FORMAT, l->qty_milli / 1000);
    gtk_entry_set_text(d->weight_entry, q);
  }
  const char *scale = till_model_settings(model)->scale_uri;
  if (d->unit == POS_UNIT_KG && scale != NULL && *scale != '\0') {
    gtk_widget_show(d->scale_box);
    gtk_label_set_text(d->scale_label, _("Reading the scale…"));
    d->reading = g_cancellable_new();
    start_read(d);
  }
  const char *typed = l ? NULL : till_model_pending_typed(model);
  if (typed != NULL) {
    gtk_entry_set_text(d->weight_entry, typed);
    ask_unit(d, typed);
  }
  on_weight_changed(NULL, d);
  gtk_widget_grab_focus(GTK_WIDGET(d->weight_entry));
  return GTK_WIDGET(d);
}

/* Drops the model. */
static void till_weight_dialog_dispose(GObject *object)
{
  stop_reading(TILL_WEIGHT_DIALOG(object));
  g_clear_object(&TILL_WEIGHT_DIALOG(object)->model);
  g_clear_pointer(&TILL_WEIGHT_DIALOG(object)->light_ok, g_free);
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
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, hint_label);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, ask_box);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, ask_label);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, ask_g_button);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, ask_kg_button);
  gtk_widget_class_bind_template_callback(widget_class, on_answer);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, keypad);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, scale_box);
  gtk_widget_class_bind_template_child(widget_class, TillWeightDialog, scale_label);
  gtk_widget_class_bind_template_callback(widget_class, on_take);
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
  g_signal_connect(d, "key-press-event", G_CALLBACK(on_key), NULL);
}
