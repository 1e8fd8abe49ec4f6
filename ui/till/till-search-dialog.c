/*
** till-search-dialog.c: finding a product by name, 초성, PLU or barcode.
**
** One field, and the matches below it as rows of 64 px, best first
** (till_model_search, the shared matcher of pos-search.h).  The list is
** redrawn at every keystroke: the index answers in well under a
** millisecond for thousands of products (docs/BENCHMARKS.md), so there is
** no delay and no "search" button.  The focus never leaves the field:
** Up and Down move the highlighted row, Enter adds it (the top one unless
** moved), Esc backs out.  A touch on a row adds that row.  Adding goes
** through till_model_add_plu, as a quick key does: the number typed in the
** till's entry before opening is the quantity, and a weighed product with
** none is asked for its weight once the dialog has closed.
*/
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>

#define SEARCH_LIMIT 30

struct _TillSearchDialog {
  GtkDialog parent_instance;
  GtkEntry *search_entry;
  GtkListBox *results;
  GtkScrolledWindow *scroller;
  GtkLabel *message_label;
  TillModel *model;
};

G_DEFINE_TYPE(TillSearchDialog, till_search_dialog, GTK_TYPE_DIALOG)

/* One match: the name large, the PLU, line and price beside it. */
static GtkWidget *result_row(TillSearchDialog *d, const PosProduct *p)
{
  GtkWidget *row = gtk_list_box_row_new();
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *plu = g_strdup_printf("%d", p->plu);
  g_autofree char *price = till_ui_unit_price(p->price, p->unit);
  GtkWidget *no = gtk_label_new(plu);
  GtkWidget *name = gtk_label_new(p->name);
  GtkWidget *line = gtk_label_new(till_model_line_label(d->model, p->line_code));
  GtkWidget *amount = gtk_label_new(price);
  gtk_widget_set_size_request(no, 64, -1);
  gtk_label_set_xalign(GTK_LABEL(no), 0);
  gtk_label_set_xalign(GTK_LABEL(name), 0);
  gtk_label_set_ellipsize(GTK_LABEL(name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand(name, TRUE);
  gtk_style_context_add_class(gtk_widget_get_style_context(no), "line-no");
  gtk_style_context_add_class(gtk_widget_get_style_context(name), "line-name");
  gtk_style_context_add_class(gtk_widget_get_style_context(line), "line-detail");
  gtk_style_context_add_class(gtk_widget_get_style_context(amount), "line-detail");
  gtk_container_add(GTK_CONTAINER(box), no);
  gtk_container_add(GTK_CONTAINER(box), name);
  gtk_container_add(GTK_CONTAINER(box), line);
  gtk_container_add(GTK_CONTAINER(box), amount);
  gtk_container_add(GTK_CONTAINER(row), box);
  g_object_set_data(G_OBJECT(row), "plu", GINT_TO_POINTER(p->plu));
  gtk_widget_show_all(row);
  return row;
}

/* The matches of the field as it stands; the first one highlighted. */
static void refresh(TillSearchDialog *d)
{
  const char *text = gtk_entry_get_text(d->search_entry);
  g_autoptr(GArray) hits = till_model_search(d->model, text, SEARCH_LIMIT);
  till_ui_clear(GTK_CONTAINER(d->results));
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_insert(d->results,
                        result_row(d, g_array_index(hits, PosSearchHit, i).product), -1);
  GtkListBoxRow *first = gtk_list_box_get_row_at_index(d->results, 0);
  gtk_list_box_select_row(d->results, first);
  if (*text != '\0' && hits->len == 0)
    till_ui_show_message(d->message_label, _("No product matches. Try fewer letters, or initial consonants such as ㄷㅈ."), TRUE);
  else
    till_ui_show_message(d->message_label, "", FALSE);
}

/* Every keystroke redraws the list: the index is fast enough for no delay. */
static void on_changed(GtkEditable *editable, TillSearchDialog *d)
{
  (void)editable;
  refresh(d);
}

/* Rings the product of row, or says why not. */
static void add_row(TillSearchDialog *d, GtkListBoxRow *row)
{
  GError *error = NULL;
  if (row == NULL) {
    till_ui_show_message(d->message_label, _("Type part of a name, its initial consonants or a code first."), TRUE);
    return;
  }
  int plu = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "plu"));
  if (!till_model_add_plu(d->model, plu, &error)) {
    till_ui_dialog_error(d->message_label, error);
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* Enter in the field, or the add button. */
static void on_add(GtkWidget *widget, TillSearchDialog *d)
{
  (void)widget;
  add_row(d, gtk_list_box_get_selected_row(d->results));
}

/* A touch on a row. */
static void on_row_activated(GtkListBox *box, GtkListBoxRow *row, TillSearchDialog *d)
{
  (void)box;
  add_row(d, row);
}

/* Nothing added. */
static void on_cancel(GtkButton *button, TillSearchDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/* Up and Down move the highlight while the focus stays in the field. */
static gboolean on_key(GtkWidget *widget, GdkEventKey *event, TillSearchDialog *d)
{
  (void)widget;
  int delta = event->keyval == GDK_KEY_Up || event->keyval == GDK_KEY_KP_Up       ? -1
              : event->keyval == GDK_KEY_Down || event->keyval == GDK_KEY_KP_Down ? 1
                                                                                   : 0;
  if (delta == 0)
    return GDK_EVENT_PROPAGATE;
  GtkListBoxRow *sel = gtk_list_box_get_selected_row(d->results);
  int at = sel ? gtk_list_box_row_get_index(sel) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index(d->results, MAX(at, 0));
  if (next) {
    gtk_list_box_select_row(d->results, next);
    GtkAdjustment *adj = gtk_list_box_get_adjustment(d->results);
    GtkAllocation a;
    gtk_widget_get_allocation(GTK_WIDGET(next), &a);
    if (adj)
      gtk_adjustment_clamp_page(adj, a.y, a.y + a.height);
  }
  return GDK_EVENT_STOP;
}

/* The field holds text (letters typed in the till's entry) and has the focus. */
GtkWidget *till_search_dialog_new(GtkWindow *parent, TillModel *model, const char *text)
{
  TillSearchDialog *d = g_object_new(TILL_TYPE_SEARCH_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  d->model = g_object_ref(model);
  gtk_list_box_set_adjustment(d->results, gtk_scrolled_window_get_vadjustment(d->scroller));
  gtk_entry_set_text(d->search_entry, text ? text : "");
  gtk_editable_set_position(GTK_EDITABLE(d->search_entry), -1);
  refresh(d);
  gtk_widget_grab_focus(GTK_WIDGET(d->search_entry));
  return GTK_WIDGET(d);
}

/* Drops the model. */
static void till_search_dialog_dispose(GObject *object)
{
  g_clear_object(&TILL_SEARCH_DIALOG(object)->model);
  G_OBJECT_CLASS(till_search_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_search_dialog_class_init(TillSearchDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_search_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-search-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillSearchDialog, search_entry);
  gtk_widget_class_bind_template_child(widget_class, TillSearchDialog, results);
  gtk_widget_class_bind_template_child(widget_class, TillSearchDialog, scroller);
  gtk_widget_class_bind_template_child(widget_class, TillSearchDialog, message_label);
  gtk_widget_class_bind_template_callback(widget_class, on_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_add);
  gtk_widget_class_bind_template_callback(widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
  gtk_widget_class_bind_template_callback(widget_class, on_key);
}

/* Builds the template. */
static void till_search_dialog_init(TillSearchDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
}
