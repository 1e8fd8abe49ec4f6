/*
** till-scenario.c: the scripted states behind --screenshot (see
** till-scenario.h).
**
** Every state is reached through the same model calls and window actions
** a merchant's touches make, so a picture shows what the till really does;
** only the enrollment of the offline scenario is faked (a device token is
** stored and the hub address points at a closed port on this machine).
*/
#include "till-scenario.h"
#include "till-dialogs.h"
#include "till-ui.h"
#include <glib/gi18n.h>
#include <string.h>

static const char *const names[] = {"empty",    "cart",     "payment",  "receipt", "close",
                                    "offline",  "weight",   "discount", "sales",   "products",
                                    "settings", "open-day", "print-queue", "open-drawer",
                                    "weight-scale", "search", "refund", "refund-confirm",
                                    "cash-move", "weight-unit", "close-difference", NULL};

/* The names --scenario accepts. */
const char *const *till_scenario_names(void)
{
  return names;
}

/* Checked before any window exists. */
gboolean till_scenario_valid(const char *name)
{
  return name && g_strv_contains(names, name);
}

/*
** Four apples, 450 g of pork with 덤, 1.2 kg of kimchi, scanned tofu; the
** day opened first with a 50,000 won float, as the till asks before a sale.
*/
static gboolean fill_cart(TillModel *m, GError **error)
{
  if (!till_model_day_open(m) && !till_model_open_day(m, "50000", error))
    return FALSE;
  till_model_entry_set(m, "4");
  return till_model_add_plu(m, 1, error) && till_model_add_plu(m, 13, error)
         && till_model_give_weight(m, "450", error) && till_model_add_plu(m, 8, error)
         && till_model_give_weight(m, "1.2kg", error)
         && till_model_add_code(m, "8809876543213", error)
         && till_model_discount_line(m, 1, "560", "덤", error);
}

/* A template child of a dialog, by its id in the .ui file. */
static GtkWidget *child(GtkWidget *dialog, const char *id)
{
  return GTK_WIDGET(gtk_widget_get_template_child(dialog, G_OBJECT_TYPE(dialog), id));
}

/* A cash sale of one line, for the day's figures. */
static gboolean cash_sale(TillModel *m, int plu, const char *qty, const char *cash,
                          GError **error)
{
  till_model_entry_set(m, qty);
  return till_model_add_plu(m, plu, error) && till_model_pay_begin(m, error)
         && till_model_pay_add(m, POS_TENDER_CASH, cash, NULL, error)
         && till_model_pay_commit(m, error);
}

/* A port on this machine with nothing listening: the hub is unreachable. */
static guint16 closed_port(void)
{
  g_autoptr(GSocket) s =
    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, 0);
  if (s == NULL || !g_socket_bind(s, addr, TRUE, NULL))
    return 9;
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(s, NULL);
  guint16 port = bound ? g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound)) : 9;
  g_socket_close(s, NULL);
  return port;
}

/* Two sales waiting, one failed push, the sync details open. */
static gboolean offline(TillWindow *win, TillModel *m, GError **error)
{
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", closed_port());
  if (!pos_ledger_set_secret(till_model_ledger(m), "device_token",
                             "00000000000000000000000000000000"
                             "00000000000000000000000000000000", error)
      || !till_model_set_setting(m, "hub_url", url, error)
      || !cash_sale(m, 1, "2", "5000", error) || !cash_sale(m, 13, "600g", "20000", error)
      || !till_model_sync_now(m, error))
    return FALSE;
  gint64 until = g_get_monotonic_time() + 15 * G_USEC_PER_SEC;
  while (till_sync_running(till_model_sync(m)) && g_get_monotonic_time() < until)
    g_main_context_iteration(NULL, TRUE);
  g_action_group_activate_action(G_ACTION_GROUP(win), "sync-details", NULL);
  return TRUE;
}

/*
** Three cash sales from a 50,000 float, one voided; counted 500 short, or
** (short_by_much) 12,000 short twice: the close then asks for the
** confirmation in words.
*/
static gboolean close_day(TillWindow *win, TillModel *m, gboolean short_by_much,
                          GError **error)
{
  PosZReport x;
  char counted[32];
  if (!till_model_open_day(m, "50000", error) || !cash_sale(m, 1, "4", "10000", error)
      || !cash_sale(m, 13, "450g", "10000", error) || !cash_sale(m, 14, "600g", "50000", error))
    return FALSE;
  g_autofree char *id = g_strdup(till_model_last_sale(m)->id);
  if (!till_model_void(m, id, _("Wrong item rung"), error) || !till_model_x_report(m, &x, error))
    return FALSE;
  g_snprintf(counted, sizeof counted, "%" G_GINT64_FORMAT,
             x.expected_cash - (short_by_much ? 12000 : 500));
  pos_zreport_clear(&x);
  g_action_group_activate_action(G_ACTION_GROUP(win), "close-day", NULL);
  GtkWidget *d = till_window_get_dialog(win);
  if (d == NULL)
    return FALSE;
  gtk_entry_set_text(GTK_ENTRY(child(d, "counted_entry")), counted);
  gtk_button_clicked(GTK_BUTTON(child(d, "close_button")));
  if (short_by_much) {   /* counted again: the same */
    gtk_entry_set_text(GTK_ENTRY(child(d, "counted_entry")), counted);
    gtk_button_clicked(GTK_BUTTON(child(d, "close_button")));
  }
  return TRUE;
}

/*
** A cash sale whose receipt went to a printer that is not there: the job
** stays queued, the message says why and the retry button shows.  The
** failure comes back from the print worker, so the loop turns until the
** message is no longer "Printing…" (a missing device fails at once).
*/
static gboolean print_queue(TillWindow *win, TillModel *m, GError **error)
{
  if (!till_model_open_day(m, "50000", error)
      || !till_model_set_setting(m, "printer_path", "usb:/dev/usb/lp9", error)
      || !cash_sale(m, 1, "4", "10000", error)
      || !till_ui_print_receipt(m, till_model_last_sale(m), TRUE, error))
    return FALSE;
  gint64 end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
  gboolean is_error = FALSE;
  while (!is_error && g_get_monotonic_time() < end) {
    g_main_context_iteration(NULL, FALSE);
    till_model_message(m, &is_error);
    g_usleep(10000);
  }
  ui_batch_settle(GTK_WIDGET(win), 2000);
  return is_error;
}

/* The other screens, each at a moment worth seeing. */
static gboolean other_dialog(TillWindow *win, TillModel *m, const char *name, GError **error)
{
  GtkWidget *d;
  if (strcmp(name, "weight-unit") == 0) {
    /* "3" typed for pork by the kg: the till asks 3 g or 3 kg */
    if (!till_model_add_plu(m, 13, error))
      return FALSE;
    ui_batch_settle(GTK_WIDGET(win), 2000);
    d = till_window_get_dialog(win);
    if (d) {
      gtk_entry_set_text(GTK_ENTRY(child(d, "weight_entry")), "3");
      gtk_widget_activate(child(d, "weight_entry"));
    }
    return d != NULL;
  }
  if (strcmp(name, "weight") == 0) {
    till_model_entry_set(m, "3");
    if (!till_model_add_plu(m, 1, error) || !till_model_add_plu(m, 13, error))
      return FALSE;
    ui_batch_settle(GTK_WIDGET(win), 2000);
    d = till_window_get_dialog(win);
    if (d)
      gtk_entry_set_text(GTK_ENTRY(child(d, "weight_entry")), "450g");
    return d != NULL;
  }
  if (strcmp(name, "weight-scale") == 0) {
    /* a scale is set but does not answer: said beside the product, typing still works */
    if (!till_model_set_setting(m, "scale_uri", "serial:/dev/ttyUSB9?baud=9600", error)
        || !till_model_add_plu(m, 13, error))
      return FALSE;
    ui_batch_settle(GTK_WIDGET(win), 2000);
    d = till_window_get_dialog(win);
    if (d == NULL)
      return FALSE;
    gint64 end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    GtkLabel *scale = GTK_LABEL(child(d, "scale_label"));
    while (strcmp(gtk_label_get_text(scale), _("Reading the scale…")) == 0
           && g_get_monotonic_time() < end) {
      g_main_context_iteration(NULL, FALSE);
      g_usleep(10000);
    }
    gtk_entry_set_text(GTK_ENTRY(child(d, "weight_entry")), "1근");
    return TRUE;
  }
  if (strcmp(name, "search") == 0) {
    /* one 초성 typed: 대파, 돼지 앞다리살 and 두부 start with it, 깍두기 holds it */
    g_action_group_activate_action(G_ACTION_GROUP(win), "search", NULL);
    d = till_window_get_dialog(win);
    if (d)
      gtk_entry_set_text(GTK_ENTRY(child(d, "search_entry")), "ㄷ");
    return d != NULL;
  }
  if (strcmp(name, "refund") == 0 || strcmp(name, "refund-confirm") == 0) {
    /* yesterday's sale of four lines found by its number; 2 of the 4 apples
    ** and 200 g of the pork typed; the confirmation for refund-confirm */
    if (!fill_cart(m, error) || !till_model_pay_begin(m, error)
        || !till_model_pay_add(m, POS_TENDER_CARD, "20000", "30012345", error)
        || !till_model_pay_add(m, POS_TENDER_CASH, "20000", NULL, error)
        || !till_model_pay_commit(m, error))
      return FALSE;
    g_autofree char *no = g_strdup(till_model_last_sale(m)->receipt_no);
    g_action_group_activate_action(G_ACTION_GROUP(win), "refund", NULL);
    d = till_window_get_dialog(win);
    if (d == NULL)
      return FALSE;
    gtk_entry_set_text(GTK_ENTRY(child(d, "receipt_entry")), no);
    gtk_widget_activate(child(d, "receipt_entry"));
    GtkGrid *grid = GTK_GRID(child(d, "lines_grid"));
    GtkWidget *apples = gtk_grid_get_child_at(grid, 1, 0), *pork = gtk_grid_get_child_at(grid, 1, 1);
    if (apples == NULL || pork == NULL)
      return FALSE;
    gtk_entry_set_text(GTK_ENTRY(apples), "2");
    gtk_entry_set_text(GTK_ENTRY(pork), "200g");
    if (strcmp(name, "refund-confirm") == 0)
      gtk_button_clicked(GTK_BUTTON(child(d, "review_button")));
    return TRUE;
  }
  if (strcmp(name, "cash-move") == 0) {
    /* a day with a sale and a paid-in; a paid-out to a supplier being typed */
    if (!till_model_open_day(m, "50000", error) || !cash_sale(m, 1, "3", "10000", error)
        || !till_model_cash_move(m, POS_CASH_IN, "30000", _("Change from the bank"), error))
      return FALSE;
    g_action_group_activate_action(G_ACTION_GROUP(win), "cash-move", NULL);
    d = till_window_get_dialog(win);
    if (d)
      till_cash_dialog_set(TILL_CASH_DIALOG(d), POS_CASH_OUT, "12000", _("Paid a supplier"));
    return d != NULL;
  }
  if (strcmp(name, "open-drawer") == 0) {
    g_action_group_activate_action(G_ACTION_GROUP(win), "open-drawer", NULL);
    d = till_window_get_dialog(win);
    if (d)
      gtk_entry_set_text(GTK_ENTRY(child(d, "reason_entry")), _("Change for a customer"));
    return d != NULL;
  }
  if (strcmp(name, "discount") == 0) {
    if (!fill_cart(m, error))
      return FALSE;
    till_model_select(m, 2);
    g_action_group_activate_action(G_ACTION_GROUP(win), "discount-line", NULL);
    d = till_window_get_dialog(win);
    if (d) {
      gtk_entry_set_text(GTK_ENTRY(child(d, "amount_entry")), "800");
      gtk_entry_set_text(GTK_ENTRY(child(d, "reason_entry")), _("Regular customer"));
    }
    return d != NULL;
  }
  if (strcmp(name, "open-day") == 0) {
    /* the day closed with 57,500 counted; the next sale asks for the float */
    PosZReport z;
    if (!till_model_open_day(m, "50000", error) || !cash_sale(m, 1, "3", "10000", error)
        || !till_model_close_day(m, "57500", &z, error))
      return FALSE;
    pos_zreport_clear(&z);
    till_model_entry_set(m, "2");
    if (!till_model_add_plu(m, 1, error))
      return FALSE;
    g_action_group_activate_action(G_ACTION_GROUP(win), "pay", NULL);
    d = till_window_get_dialog(win);
    return d != NULL;
  }
  if (strcmp(name, "sales") == 0) {
    if (!cash_sale(m, 1, "4", "10000", error) || !cash_sale(m, 13, "450g", "10000", error)
        || !fill_cart(m, error) || !till_model_pay_add(m, POS_TENDER_CARD, "20000", "30012345",
                                                       error)
        || !till_model_pay_add(m, POS_TENDER_CASH, "20000", NULL, error)
        || !till_model_pay_commit(m, error))
      return FALSE;
    g_autofree char *id = g_strdup(till_model_last_sale(m)->id);
    g_action_group_activate_action(G_ACTION_GROUP(win), "sales", NULL);
    d = till_window_get_dialog(win);
    return d && till_sales_dialog_select(TILL_SALES_DIALOG(d), id);
  }
  g_action_group_activate_action(G_ACTION_GROUP(win), name, NULL);
  return till_window_get_dialog(win) != NULL;
}

/* The main screen's states first; the other screens by name. */
gboolean till_scenario_apply(TillWindow *win, const char *name, GError **error)
{
  TillModel *m = till_window_get_model(win);
  if (!till_scenario_valid(name)) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "unknown scenario '%s'",
                name ? name : "");
    return FALSE;
  }
  if (strcmp(name, "empty") == 0)
    return TRUE;
  if (strcmp(name, "close") == 0 || strcmp(name, "close-difference") == 0)
    return close_day(win, m, strcmp(name, "close-difference") == 0, error);
  if (strcmp(name, "offline") == 0)
    return offline(win, m, error);
  if (strcmp(name, "print-queue") == 0)
    return print_queue(win, m, error);
  if (strcmp(name, "cart") != 0 && strcmp(name, "payment") != 0
      && strcmp(name, "receipt") != 0)
    return other_dialog(win, m, name, error);
  if (!fill_cart(m, error))
    return FALSE;
  till_model_select(m, 2);
  if (strcmp(name, "cart") == 0)
    return TRUE;
  g_action_group_activate_action(G_ACTION_GROUP(win), "pay", NULL);
  GtkWidget *d = till_window_get_dialog(win);
  if (d == NULL || !till_model_pay_add(m, POS_TENDER_CARD, "20000", "30012345", error))
    return FALSE;
  till_payment_dialog_set_method(TILL_PAYMENT_DIALOG(d), POS_TENDER_CASH);
  gtk_entry_set_text(GTK_ENTRY(child(d, "amount_entry")), "20000");
  if (strcmp(name, "payment") == 0)
    return TRUE;
  gtk_button_clicked(GTK_BUTTON(child(d, "done_button")));
  return till_window_get_dialog(win) != NULL;
}

/* A widget as it is on screen, through GTK's own drawing. */
static cairo_surface_t *render(GtkWidget *widget)
{
  int w = gtk_widget_get_allocated_width(widget), h = gtk_widget_get_allocated_height(widget);
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create(surface);
  gtk_widget_draw(widget, cr);
  cairo_destroy(cr);
  return surface;
}

/*
** The dialog is its own toplevel, so it is drawn separately and laid over
** the window, centred, on a dimmed copy: as a modal dialog looks on the
** till's screen, whatever window manager there is (or none, under Xvfb).
*/
gboolean till_scenario_snapshot(TillWindow *win, const char *png_path, GError **error)
{
  GtkWidget *dialog = till_window_get_dialog(win);
  ui_batch_settle(GTK_WIDGET(win), 5000);
  if (dialog)
    ui_batch_settle(dialog, 5000);
  cairo_surface_t *surface = render(GTK_WIDGET(win));
  if (dialog) {
    cairo_surface_t *top = render(dialog);
    cairo_t *cr = cairo_create(surface);
    int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    int dw = cairo_image_surface_get_width(top), dh = cairo_image_surface_get_height(top);
    cairo_set_source_rgba(cr, 0, 0, 0, 0.45);
    cairo_paint(cr);
    cairo_set_source_surface(cr, top, MAX(0, (w - dw) / 2), MAX(0, (h - dh) / 2));
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 2);
    cairo_rectangle(cr, MAX(0, (w - dw) / 2) + 1, MAX(0, (h - dh) / 2) + 1, dw - 2, dh - 2);
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(top);
  }
  return ui_batch_write_png(surface, png_path, error);
}
