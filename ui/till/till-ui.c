/*
** till-ui.c: helpers shared by the till's widgets (see till-ui.h).
*/
#include "till-ui.h"
#include "till-print.h"
#include <glib/gi18n.h>

/* From glib-compile-resources --manual-register (ui/till/CMakeLists.txt): a
** static library would drop an automatic constructor nobody references. */
void till_register_resource(void);

/* Once, whichever widget class comes first. */
void till_ui_ensure_resources(void)
{
  static gsize once;
  if (g_once_init_enter(&once)) {
    till_register_resource();
    g_once_init_leave(&once, 1);
  }
}

/* Application priority: above the theme, below a user's own CSS. */
void till_ui_load_css(void)
{
  static gboolean done;
  GdkScreen *screen = gdk_screen_get_default();
  if (done || screen == NULL)
    return;
  till_ui_ensure_resources();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new();
  gtk_css_provider_load_from_resource(css, TILL_RESOURCE_PATH "till.css");
  gtk_style_context_add_provider_for_screen(screen, GTK_STYLE_PROVIDER(css),
                                            GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  done = TRUE;
}

/* The demo catalog travels in the binary: screenshots need no files. */
GBytes *till_ui_demo_catalog(void)
{
  till_ui_ensure_resources();
  return g_resources_lookup_data(TILL_RESOURCE_PATH "demo-catalog.csv",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* Money the way the screen says it (Korean: 17,560원). */
char *till_ui_won(PosMoney v)
{
  char buf[32];
  return g_strdup_printf(_("%s won"), pos_money_format(v, buf, sizeof buf));
}

/* Per kg for weighed goods, per piece otherwise. */
char *till_ui_unit_price(PosMoney price, PosUnit unit)
{
  char buf[32];
  pos_money_format(price, buf, sizeof buf);
  return unit == POS_UNIT_KG ? g_strdup_printf(_("%s won/kg"), buf)
                             : g_strdup_printf(_("%s won"), buf);
}

/* CSS classes carry every state the eye must catch. */
void till_ui_set_class(GtkWidget *widget, const char *css_class, gboolean on)
{
  GtkStyleContext *ctx = gtk_widget_get_style_context(widget);
  if (on)
    gtk_style_context_add_class(ctx, css_class);
  else
    gtk_style_context_remove_class(ctx, css_class);
}

/* Errors in red and bold, other messages plain. */
void till_ui_show_message(GtkLabel *label, const char *text, gboolean is_error)
{
  gtk_label_set_text(label, text ? text : "");
  till_ui_set_class(GTK_WIDGET(label), "error", is_error && text && *text);
}

/* The model is kept alive until the printer answers. */
static void on_printed(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TillModel) model = data;
  g_autoptr(GError) error = NULL;
  (void)source;
  if (till_print_finish(result, &error)) {
    till_model_set_message(model, FALSE, _("Printed."));
  } else {
    g_autofree char *msg = g_strdup_printf(_("The printer did not print: %s"), error->message);
    till_model_set_message(model, TRUE, msg);
  }
}

/* No printer set is said through the model; nothing blocks. */
void till_ui_print(TillModel *model, GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  const char *path = till_model_printer(model, &error);
  if (path == NULL || bytes == NULL)
    return;
  till_model_set_message(model, FALSE, _("Printing…"));
  till_print_async(bytes, path, NULL, on_printed, g_object_ref(model));
}

/* For lists rebuilt from the model. */
void till_ui_clear(GtkContainer *container)
{
  g_autoptr(GList) children = gtk_container_get_children(container);
  for (GList *l = children; l; l = l->next)
    gtk_widget_destroy(GTK_WIDGET(l->data));
}

/* Every dialog modal and centred over the till, with its look. */
void till_ui_dialog_setup(GtkDialog *dialog, GtkWindow *parent)
{
  gtk_window_set_transient_for(GTK_WINDOW(dialog), parent);
  gtk_window_set_modal(GTK_WINDOW(dialog), TRUE);
  gtk_window_set_destroy_with_parent(GTK_WINDOW(dialog), TRUE);
  gtk_window_set_position(GTK_WINDOW(dialog), GTK_WIN_POS_CENTER_ON_PARENT);
  till_ui_set_class(GTK_WIDGET(dialog), "till", TRUE);
}

/* The refusal in the dialog where it happened. */
void till_ui_dialog_error(GtkLabel *label, GError *error)
{
  till_ui_show_message(label, error ? error->message : "", error != NULL);
  if (error)
    g_error_free(error);
}
