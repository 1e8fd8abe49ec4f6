/*
** till-keypad.c: the number pad (see till-keypad.h).
**
** The pad's buttons never take the focus, so a scanner typing into the
** entry while a finger is on the pad still lands in the entry.
*/
#include "till-keypad.h"
#include "till-ui.h"

struct _TillKeypad {
  GtkGrid parent_instance;
  GtkEntry *entry;      /* weak */
};

G_DEFINE_TYPE(TillKeypad, till_keypad, GTK_TYPE_GRID)

/*
** Special keys are told apart by their widget name (set in the .ui file);
** every other key types its label.
*/
static void on_key_clicked(GtkButton *button, TillKeypad *pad)
{
  const char *name = gtk_widget_get_name(GTK_WIDGET(button));
  GtkEditable *e = GTK_EDITABLE(pad->entry);
  if (pad->entry == NULL)
    return;
  if (g_strcmp0(name, "enter") == 0) {
    gtk_widget_activate(GTK_WIDGET(pad->entry));
  } else if (g_strcmp0(name, "clear") == 0) {
    gtk_entry_set_text(pad->entry, "");
  } else if (g_strcmp0(name, "back") == 0) {
    int end = gtk_entry_get_text_length(pad->entry);
    if (end > 0)
      gtk_editable_delete_text(e, end - 1, end);
  } else {
    int pos = gtk_entry_get_text_length(pad->entry);
    gtk_editable_insert_text(e, gtk_button_get_label(button), -1, &pos);
    gtk_editable_set_position(e, -1);
  }
}

/* The entry was destroyed first: forget it. */
static void on_entry_gone(gpointer data, GObject *where)
{
  TillKeypad *pad = data;
  (void)where;
  pad->entry = NULL;
}

/* A weak reference: the pad never keeps a dialog's entry alive. */
void till_keypad_set_entry(TillKeypad *pad, GtkEntry *entry)
{
  if (pad->entry)
    g_object_weak_unref(G_OBJECT(pad->entry), on_entry_gone, pad);
  pad->entry = entry;
  if (entry)
    g_object_weak_ref(G_OBJECT(entry), on_entry_gone, pad);
}

/* Lets go of the entry. */
static void till_keypad_dispose(GObject *object)
{
  till_keypad_set_entry(TILL_KEYPAD(object), NULL);
  G_OBJECT_CLASS(till_keypad_parent_class)->dispose(object);
}

/* The template; all keys share one handler. */
static void till_keypad_class_init(TillKeypadClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_keypad_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-keypad.ui");
  gtk_widget_class_bind_template_callback(widget_class, on_key_clicked);
}

/* Builds the template. */
static void till_keypad_init(TillKeypad *pad)
{
  gtk_widget_init_template(GTK_WIDGET(pad));
}
