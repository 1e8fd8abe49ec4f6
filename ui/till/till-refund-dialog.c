/*
** till-refund-dialog.c: a refund of any day's sale, in part, confirmed.
**
** Two pages.  "pick": the receipt is found by its number or by scanning
** its QR into the field (Enter), then each line shows what was sold and
** what is left to refund beside a field for how much comes back (pieces,
** or a weight: "300g", "0.3kg", "1근"; empty is none); the reason is
** offered filled in.  "confirm": the refund as it would be written -- the
** lines, the amount, the VAT and the tender it goes back to (the sale's own
** by default, F4 for another) -- and only Enter there commits it.  Esc
** goes back from the confirmation and leaves from the first page.  Every
** field and button is 64 px high; the keys are written on the buttons.
*/
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>
#include <string.h>

struct _TillRefundDialog {
  GtkDialog parent_instance;
  GtkStack *pages;
  GtkEntry *receipt_entry, *reason_entry;
  GtkLabel *sale_label, *summary_label, *message_label;
  GtkGrid *lines_grid;
  GtkButton *method_button, *review_button, *refund_button, *back_button, *cancel_button;
  TillModel *model;
  PosSale *sale;             /* the sale found, or NULL */
  GPtrArray *qty_entries;    /* GtkEntry* per line of sale, borrowed */
  GArray *parts;             /* PosRefundPart of the confirmation */
  PosTenderMethod method;
};

G_DEFINE_TYPE(TillRefundDialog, till_refund_dialog, GTK_TYPE_DIALOG)

/* A refusal in the dialog's message line (the error is freed). */
static void say(TillRefundDialog *d, GError *error)
{
  till_ui_dialog_error(d->message_label, error);
}

/* One line: "1. 사과 · sold 4 · left 2" and the field for how much comes back. */
static void add_line_row(TillRefundDialog *d, guint i, const PosLine *l, const PosRefundLeft *left)
{
  char sold[32], rest[32];
  g_autofree char *won = till_ui_won(l->net);
  g_autofree char *text = g_strdup_printf(
    _("%u. %s · sold %s (%s) · left %s"), i + 1, l->name,
    pos_qty_format(l->qty_milli, l->unit, sold, sizeof sold), won,
    pos_qty_format(left->qty_milli, l->unit, rest, sizeof rest));
  GtkWidget *label = gtk_label_new(text);
  gtk_label_set_xalign(GTK_LABEL(label), 0);
  gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand(label, TRUE);
  GtkWidget *entry = gtk_entry_new();
  gtk_entry_set_width_chars(GTK_ENTRY(entry), 7);
  gtk_entry_set_placeholder_text(GTK_ENTRY(entry), "0");
  gtk_widget_set_sensitive(entry, left->qty_milli > 0);
  gtk_style_context_add_class(gtk_widget_get_style_context(entry), "refund-qty");
  g_signal_connect_swapped(entry, "activate", G_CALLBACK(gtk_button_clicked), d->review_button);
  gtk_grid_attach(d->lines_grid, label, 0, (int)i, 1, 1);
  gtk_grid_attach(d->lines_grid, entry, 1, (int)i, 1, 1);
  gtk_widget_show(label);
  gtk_widget_show(entry);
  g_ptr_array_add(d->qty_entries, entry);
}

/* The sale's lines and what is left of them; focus on the first line left. */
static void show_sale(TillRefundDialog *d)
{
  GError *error = NULL;
  till_ui_clear(GTK_CONTAINER(d->lines_grid));
  g_ptr_array_set_size(d->qty_entries, 0);
  g_autofree PosRefundLeft *left = till_model_refund_left(d->model, d->sale, &error);
  if (left == NULL) {
    say(d, error);
    return;
  }
  d->method = pos_refund_default_method(d->sale);
  g_autofree char *won = till_ui_won(d->sale->totals.total);
  g_autofree char *info = g_strdup_printf(_("Sale %s of %s: %s, paid by %s"),
                                          d->sale->receipt_no, d->sale->business_day, won,
                                          till_tender_label(d->method));
  gtk_label_set_text(d->sale_label, info);
  GtkWidget *first = NULL;
  for (guint i = 0; i < d->sale->lines->len; i++) {
    add_line_row(d, i, g_ptr_array_index(d->sale->lines, i), &left[i]);
    if (first == NULL && left[i].qty_milli > 0)
      first = g_ptr_array_index(d->qty_entries, i);
  }
  if (first == NULL)
    till_ui_show_message(d->message_label, _("Nothing is left to refund on this sale."), TRUE);
  else
    gtk_widget_grab_focus(first);
}

/* Enter in the receipt field: the number typed or the QR scanned. */
static void on_find(GtkWidget *widget, TillRefundDialog *d)
{
  GError *error = NULL;
  (void)widget;
  PosSale *sale = till_model_find_sale(d->model, gtk_entry_get_text(d->receipt_entry), &error);
  if (sale == NULL) {
    say(d, error);
    return;
  }
  g_clear_pointer(&d->sale, pos_sale_free);
  d->sale = sale;
  till_ui_show_message(d->message_label, "", FALSE);
  show_sale(d);
}

/* The text of the confirmation: each line, the amount, VAT, and where the money goes. */
static char *summary_text(TillRefundDialog *d, const PosSale *doc)
{
  GString *s = g_string_new(NULL);
  char qty[32], a[32], b[32], c[32], e[32];
  for (guint i = 0; i < doc->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(doc->lines, i);
    g_string_append_printf(s, "%d. %s  %s  %s\n", l->refunded_from + 1, l->name,
                           pos_qty_format(-l->qty_milli, l->unit, qty, sizeof qty),
                           pos_money_format(-l->net, a, sizeof a));
  }
  g_string_append_printf(s, _("Back to the customer: %s won\n"),
                         pos_money_format(-doc->totals.total, a, sizeof a));
  g_string_append_printf(s, _("Taxable %s (VAT %s) · exempt %s\n"),
                         pos_money_format(-doc->totals.taxable, b, sizeof b),
                         pos_money_format(-doc->totals.vat, c, sizeof c),
                         pos_money_format(-doc->totals.exempt, e, sizeof e));
  g_string_append_printf(s, _("Paid back by: %s"), till_tender_label(d->method));
  return g_string_free(s, FALSE);
}

/* Rebuilds the confirmation for the parts and the method chosen; FALSE when refused. */
static gboolean preview(TillRefundDialog *d)
{
  GError *error = NULL;
  g_autoptr(PosSale) doc = till_model_refund_preview(
    d->model, d->sale, (const PosRefundPart *)(void *)d->parts->data, d->parts->len, d->method,
    &error);
  if (doc == NULL) {
    say(d, error);
    return FALSE;
  }
  g_autofree char *text = summary_text(d, doc);
  gtk_label_set_text(d->summary_label, text);
  g_autofree char *m = g_strdup_printf(_("Pay back by: %s · F4"), till_tender_label(d->method));
  gtk_button_set_label(d->method_button, m);
  return TRUE;
}

/* The page and the two buttons that belong to it. */
static void show_page(TillRefundDialog *d, gboolean confirm)
{
  gtk_stack_set_visible_child_name(d->pages, confirm ? "confirm" : "pick");
  gtk_widget_set_visible(GTK_WIDGET(d->cancel_button), !confirm);
  gtk_widget_set_visible(GTK_WIDGET(d->review_button), !confirm);
  gtk_widget_set_visible(GTK_WIDGET(d->back_button), confirm);
  gtk_widget_set_visible(GTK_WIDGET(d->refund_button), confirm);
}

/* Review: the quantities typed, parsed by each line's unit, then the confirmation. */
static void on_review(GtkWidget *widget, TillRefundDialog *d)
{
  GError *error = NULL;
  (void)widget;
  if (d->sale == NULL) {
    on_find(NULL, d);
    return;
  }
  g_array_set_size(d->parts, 0);
  for (guint i = 0; i < d->qty_entries->len; i++) {
    g_autofree char *t = g_strstrip(g_strdup(gtk_entry_get_text(g_ptr_array_index(d->qty_entries, i))));
    if (*t == '\0')
      continue;
    const PosLine *l = g_ptr_array_index(d->sale->lines, i);
    PosRefundPart p = {(int)i, 0};
    if (!till_model_parse_qty(d->model, t, l->unit, &p.qty_milli, &error)) {
      say(d, error);
      gtk_widget_grab_focus(g_ptr_array_index(d->qty_entries, i));
      return;
    }
    g_array_append_val(d->parts, p);
  }
  if (!preview(d))
    return;
  till_ui_show_message(d->message_label, "", FALSE);
  show_page(d, TRUE);
  gtk_widget_grab_focus(GTK_WIDGET(d->refund_button));
}

/* F4 on the confirmation: the next method (the ledger still refuses a wrong one). */
static void on_method(GtkButton *button, TillRefundDialog *d)
{
  (void)button;
  d->method = (PosTenderMethod)((d->method + 1) % POS_TENDER_N);
  preview(d);
}

/* Enter on the confirmation: written, or refused with the reason. */
static void on_refund(GtkButton *button, TillRefundDialog *d)
{
  GError *error = NULL;
  (void)button;
  if (!till_model_refund_parts(d->model, d->sale->id,
                               (const PosRefundPart *)(void *)d->parts->data, d->parts->len,
                               d->method, gtk_entry_get_text(d->reason_entry), &error)) {
    say(d, error);
    return;
  }
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_ACCEPT);
}

/* Back to the quantities, as typed, the first line focused. */
static void go_back(TillRefundDialog *d)
{
  show_page(d, FALSE);
  if (d->qty_entries->len)
    gtk_widget_grab_focus(g_ptr_array_index(d->qty_entries, 0));
}

/* The Back button: as Esc on the confirmation. */
static void on_back(GtkButton *button, TillRefundDialog *d)
{
  (void)button;
  go_back(d);
}

/* Nothing refunded. */
static void on_cancel(GtkButton *button, TillRefundDialog *d)
{
  (void)button;
  gtk_dialog_response(GTK_DIALOG(d), GTK_RESPONSE_CANCEL);
}

/* Esc backs out one page; F4 changes the method on the confirmation. */
static gboolean on_key(GtkWidget *widget, GdkEventKey *event, TillRefundDialog *d)
{
  (void)widget;
  gboolean confirming = g_strcmp0(gtk_stack_get_visible_child_name(d->pages), "confirm") == 0;
  if (confirming && event->keyval == GDK_KEY_Escape) {
    go_back(d);
    return GDK_EVENT_STOP;
  }
  if (confirming && event->keyval == GDK_KEY_F4) {
    on_method(NULL, d);
    return GDK_EVENT_STOP;
  }
  return GDK_EVENT_PROPAGATE;
}

/* The reason offered filled in; the receipt field focused, or the sale looked up at once. */
GtkWidget *till_refund_dialog_new(GtkWindow *parent, TillModel *model, const char *receipt)
{
  TillRefundDialog *d = g_object_new(TILL_TYPE_REFUND_DIALOG, NULL);
  till_ui_dialog_setup(GTK_DIALOG(d), parent);
  d->model = g_object_ref(model);
  gtk_entry_set_text(d->reason_entry, _("Returned goods"));
  gtk_widget_grab_focus(GTK_WIDGET(d->receipt_entry));
  if (receipt) {
    gtk_entry_set_text(d->receipt_entry, receipt);
    on_find(NULL, d);
  }
  return GTK_WIDGET(d);
}

/* The sale found, by the scenarios and tests. */
const PosSale *till_refund_dialog_sale(TillRefundDialog *d)
{
  return d->sale;
}

/* Drops the model, the sale and the parts. */
static void till_refund_dialog_dispose(GObject *object)
{
  TillRefundDialog *d = TILL_REFUND_DIALOG(object);
  g_clear_object(&d->model);
  g_clear_pointer(&d->sale, pos_sale_free);
  g_clear_pointer(&d->qty_entries, g_ptr_array_unref);
  g_clear_pointer(&d->parts, g_array_unref);
  G_OBJECT_CLASS(till_refund_dialog_parent_class)->dispose(object);
}

/* The template and its children. */
static void till_refund_dialog_class_init(TillRefundDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  G_OBJECT_CLASS(klass)->dispose = till_refund_dialog_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-refund-dialog.ui");
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, pages);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, receipt_entry);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, reason_entry);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, sale_label);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, summary_label);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, lines_grid);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, method_button);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, review_button);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, refund_button);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, back_button);
  gtk_widget_class_bind_template_child(widget_class, TillRefundDialog, cancel_button);
  gtk_widget_class_bind_template_callback(widget_class, on_find);
  gtk_widget_class_bind_template_callback(widget_class, on_review);
  gtk_widget_class_bind_template_callback(widget_class, on_method);
  gtk_widget_class_bind_template_callback(widget_class, on_refund);
  gtk_widget_class_bind_template_callback(widget_class, on_back);
  gtk_widget_class_bind_template_callback(widget_class, on_cancel);
  gtk_widget_class_bind_template_callback(widget_class, on_key);
}

/* Builds the template; no sale yet. */
static void till_refund_dialog_init(TillRefundDialog *d)
{
  gtk_widget_init_template(GTK_WIDGET(d));
  /* Tab to a line below the fold scrolls it into view */
  GtkWidget *viewport = gtk_widget_get_parent(GTK_WIDGET(d->lines_grid));
  if (GTK_IS_SCROLLABLE(viewport))
    gtk_container_set_focus_vadjustment(GTK_CONTAINER(d->lines_grid),
                                        gtk_scrollable_get_vadjustment(GTK_SCROLLABLE(viewport)));
  d->qty_entries = g_ptr_array_new();
  d->parts = g_array_new(FALSE, FALSE, sizeof(PosRefundPart));
}
