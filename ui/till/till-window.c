/*
** till-window.c: the till screen (see till-window.h).
**
** The window holds no sale state of its own: it forwards touches and keys
** to the model and redraws from the model's "changed" flags.  The code
** entry keeps the keyboard focus at all times (the keys, the pad and the
** rail never take it), because a keyboard-wedge scanner types wherever the
** focus is: a scan must always land in the entry.
*/
#include "mb-clock.h"
#include "till-window.h"
#include "till-cart-view.h"
#include "till-dialogs.h"
#include "till-keypad.h"
#include "till-keys-view.h"
#include "till-ui.h"
#include <glib/gi18n.h>

struct _TillWindow {
  GtkApplicationWindow parent_instance;
  GtkLabel *stall_label, *clock_label, *message_label, *sync_label;
  GtkButton *sync_button, *pay_button, *retry_button;
  GtkEntry *code_entry;
  TillKeysView *keys;
  TillCartView *cart;
  TillKeypad *keypad;
  GtkWidget *main_row, *pad_column, *sale_column, *pad_title, *hint_label;
  int screen_w, screen_h;      /* the screen the till fits (till_window_fit) */
  TillModel *model;
  gulong changed_id;
  GtkWidget *dialog;           /* the open dialog, or NULL */
  GtkWidget *receipt;          /* the receipt dialog, kept for reuse (weak) */
  guint prewarm_idle;
  guint clock_timer;
  guint pending_idle;          /* opens the weight dialog after a key */
  guint retry_timer;           /* tries the print queue while jobs wait */
  gboolean syncing_entry;      /* entry and model text are being matched */
  gboolean pay_after_open;     /* the float was asked by F12: pay once the day is open */
};

G_DEFINE_TYPE(TillWindow, till_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- Dialogs ------------------------------------------------------------------ */

static void on_dialog_response(GtkDialog *dialog, int response, TillWindow *win);

/* Shows dialog as the one on top; one opened while another is up is dropped. */
static void open_dialog(TillWindow *win, GtkWidget *dialog)
{
  if (dialog == NULL)
    return;
  if (win->dialog) {
    if (dialog != win->receipt)
      gtk_widget_destroy(dialog);
    return;
  }
  win->dialog = dialog;
  if (dialog != win->receipt) {
    till_ui_fit_dialog(GTK_WINDOW(dialog), win->screen_w, win->screen_h);
    g_signal_connect_after(dialog, "response", G_CALLBACK(on_dialog_response), win);
  }
  gtk_widget_show(dialog);
}

/*
** Dialogs go when answered, except the receipt dialog, which is hidden.
** Connected after the dialog's own response handler (a payment left takes
** its tenders back through its model), which must run before the dialog
** is destroyed.
*/
static void on_dialog_response(GtkDialog *dialog, int response, TillWindow *win)
{
  /* a sale paid or a refund written: its receipt to print or hand over */
  gboolean paid = (TILL_IS_PAYMENT_DIALOG(dialog) || TILL_IS_REFUND_DIALOG(dialog))
                  && response == GTK_RESPONSE_ACCEPT;
  gboolean pay_now = win->pay_after_open && response == GTK_RESPONSE_ACCEPT
                     && till_model_day_open(win->model);
  win->pay_after_open = FALSE;
  win->dialog = NULL;
  if (GTK_WIDGET(dialog) == win->receipt)
    gtk_widget_hide(GTK_WIDGET(dialog));
  else
    gtk_widget_destroy(GTK_WIDGET(dialog));
  if (paid)
    till_window_show_receipt(win, TRUE);
  gtk_widget_grab_focus(GTK_WIDGET(win->code_entry));
  if (pay_now)
    g_action_group_activate_action(G_ACTION_GROUP(win), "pay", NULL);
}

/* The receipt dialog, made (and realized, styles and all) once. */
static GtkWidget *receipt_dialog(TillWindow *win)
{
  if (win->receipt == NULL) {
    win->receipt = till_receipt_dialog_new(GTK_WINDOW(win), win->model);
    g_object_add_weak_pointer(G_OBJECT(win->receipt), (gpointer *)&win->receipt);
    g_signal_connect_after(win->receipt, "response", G_CALLBACK(on_dialog_response), win);
    till_ui_fit_dialog(GTK_WINDOW(win->receipt), win->screen_w, win->screen_h);
    gtk_widget_realize(win->receipt);
  }
  return win->receipt;
}

/* After the first frame, at leisure: the first sale's receipt then shows as fast as the rest. */
static gboolean prewarm(gpointer data)
{
  TillWindow *win = data;
  win->prewarm_idle = 0;
  receipt_dialog(win);
  return G_SOURCE_REMOVE;
}

/* The open dialog, for tests and scenarios. */
GtkWidget *till_window_get_dialog(TillWindow *win)
{
  return win->dialog;
}

/* The last document in the one receipt dialog. */
void till_window_show_receipt(TillWindow *win, gboolean first_print)
{
  const PosSale *sale = till_model_last_sale(win->model);
  if (sale == NULL) {
    till_model_set_message(win->model, TRUE, _("No receipt yet today."));
    return;
  }
  GtkWidget *d = receipt_dialog(win);
  if (win->dialog == NULL && till_receipt_dialog_set_sale(TILL_RECEIPT_DIALOG(d), sale,
                                                          first_print))
    open_dialog(win, d);
}

/* A weighed product was touched with no weight: ask for it, once. */
static gboolean open_pending(gpointer data)
{
  TillWindow *win = data;
  win->pending_idle = 0;
  if (till_model_pending(win->model) && win->dialog == NULL)
    open_dialog(win, till_weight_dialog_new(GTK_WINDOW(win), win->model, -1));
  return G_SOURCE_REMOVE;
}

/* ---- Actions ------------------------------------------------------------------ */

/*
** F12.  With no day open (the first sale of the day, or one after the
** close) the float is asked first; the payment follows once the day is
** open (on_dialog_response).
*/
static void act_pay(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  if (win->dialog != NULL)
    return;
  if (till_model_n_lines(win->model) > 0 && !till_model_day_open(win->model)) {
    win->pay_after_open = TRUE;
    open_dialog(win, till_close_dialog_new_before_sale(GTK_WINDOW(win), win->model));
    return;
  }
  if (till_model_pay_begin(win->model, NULL))
    open_dialog(win, till_payment_dialog_new(GTK_WINDOW(win), win->model));
}

/* F2: the selected line's quantity or weight. */
static void act_qty(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  if (till_model_selected(win->model) < 0) {
    till_model_set_message(win->model, TRUE, _("Touch a line of the sale first."));
    return;
  }
  open_dialog(win, till_weight_dialog_new(GTK_WINDOW(win), win->model,
                                          till_model_selected(win->model)));
}

/*
** F3 and F4 differ only in what must be there first (a selected line, or
** any line) and the dialog's mode: one path says what is missing or opens
** the discount dialog.
*/
static void open_discount(TillWindow *win, gboolean whole_sale)
{
  if (whole_sale ? till_model_n_lines(win->model) == 0 : till_model_selected(win->model) < 0) {
    till_model_set_message(win->model, TRUE,
                           whole_sale ? _("The sale is empty: add a product first.")
                                      : _("Touch a line of the sale first."));
    return;
  }
  open_dialog(win, till_discount_dialog_new(GTK_WINDOW(win), win->model, whole_sale));
}

/* F3: the selected line's discount or price. */
static void act_discount_line(GSimpleAction *a, GVariant *p, gpointer data)
{
  (void)a;
  (void)p;
  open_discount(data, FALSE);
}

/* F4: a discount on the whole sale. */
static void act_discount_sale(GSimpleAction *a, GVariant *p, gpointer data)
{
  (void)a;
  (void)p;
  open_discount(data, TRUE);
}

/* F8: the selected line goes. */
static void act_remove_line(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  till_model_remove_line(win->model, -1, NULL);
}

/* Clearing a whole sale asks first: the lines would be lost. */
static void on_clear_answer(GtkDialog *dialog, int response, TillWindow *win)
{
  gtk_widget_destroy(GTK_WIDGET(dialog));
  if (response == GTK_RESPONSE_YES)
    till_model_clear_cart(win->model);
  gtk_widget_grab_focus(GTK_WIDGET(win->code_entry));
}

/* Asks first (see on_clear_answer). */
static void act_clear_sale(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  if (till_model_n_lines(win->model) == 0)
    return;
  GtkWidget *ask = gtk_message_dialog_new(GTK_WINDOW(win), GTK_DIALOG_MODAL,
                                          GTK_MESSAGE_QUESTION, GTK_BUTTONS_YES_NO,
                                          _("Clear this sale? Its lines are not stored."));
  /* Enter keeps the sale (the safe answer), as Esc does */
  gtk_dialog_set_default_response(GTK_DIALOG(ask), GTK_RESPONSE_NO);
  g_signal_connect(ask, "response", G_CALLBACK(on_clear_answer), win);
  gtk_widget_show(ask);
}

/* F7: the last receipt again (a reprint never opens the drawer). */
static void act_reprint(GSimpleAction *a, GVariant *p, gpointer data)
{
  (void)a;
  (void)p;
  till_window_show_receipt(data, FALSE);
}

/* Shift+F7: the receipts the printer could not print, oldest first. */
static void act_print_retry(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  till_ui_print_retry(win->model);
}

/* Ctrl+M: paid-in / paid-out (입금/출금), with a reason. */
static void act_cash_move(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  open_dialog(win, till_cash_dialog_new(GTK_WINDOW(win), win->model, POS_CASH_IN));
}

/* Ctrl+O: the drawer without a sale, with a reason. */
static void act_open_drawer(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  open_dialog(win, till_drawer_dialog_new(GTK_WINDOW(win), win->model));
}

/* The screens with no condition to open: F5 sales, F6 products, F9 close, F10 settings. */
#define DIALOG_ACTION(name, ctor)                                     \
  static void name(GSimpleAction *a, GVariant *p, gpointer data)      \
  {                                                                   \
    TillWindow *win = data;                                           \
    (void)a;                                                          \
    (void)p;                                                          \
    open_dialog(win, ctor(GTK_WINDOW(win), win->model));              \
  }
DIALOG_ACTION(act_sales, till_sales_dialog_new)
DIALOG_ACTION(act_products, till_products_dialog_new)
DIALOG_ACTION(act_close_day, till_close_dialog_new)
DIALOG_ACTION(act_settings, till_settings_dialog_new)
DIALOG_ACTION(act_sync_details, till_sync_dialog_new)

/* Ctrl+F (or the Find key): the product search, on an empty field. */
static void act_search(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  open_dialog(win, till_search_dialog_new(GTK_WINDOW(win), win->model, NULL));
}

/* Ctrl+R (or the Refund key): a refund of any day's sale. */
static void act_refund(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  open_dialog(win, till_refund_dialog_new(GTK_WINDOW(win), win->model, NULL));
}

/* F11: a push in the background. */
static void act_sync_now(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  till_model_sync_now(win->model, NULL);
}

/* Up and Down move the selection through the sale's lines. */
static void move_selection(TillWindow *win, int delta)
{
  int n = (int)till_model_n_lines(win->model);
  int sel = till_model_selected(win->model);
  if (n > 0)
    till_model_select(win->model, CLAMP(sel < 0 ? n - 1 : sel + delta, 0, n - 1));
}

/* Up: the line above. */
static void act_line_up(GSimpleAction *a, GVariant *p, gpointer data)
{
  (void)a;
  (void)p;
  move_selection(data, -1);
}

/* Down: the line below. */
static void act_line_down(GSimpleAction *a, GVariant *p, gpointer data)
{
  (void)a;
  (void)p;
  move_selection(data, 1);
}

/* Esc: a fresh entry, focused for the scanner. */
static void act_clear_entry(GSimpleAction *a, GVariant *p, gpointer data)
{
  TillWindow *win = data;
  (void)a;
  (void)p;
  gtk_entry_set_text(win->code_entry, "");
  gtk_widget_grab_focus(GTK_WIDGET(win->code_entry));
}

static const GActionEntry actions[] = {
  {"pay", act_pay, NULL, NULL, NULL, {0}},
  {"qty", act_qty, NULL, NULL, NULL, {0}},
  {"discount-line", act_discount_line, NULL, NULL, NULL, {0}},
  {"discount-sale", act_discount_sale, NULL, NULL, NULL, {0}},
  {"sales", act_sales, NULL, NULL, NULL, {0}},
  {"products", act_products, NULL, NULL, NULL, {0}},
  {"reprint", act_reprint, NULL, NULL, NULL, {0}},
  {"print-retry", act_print_retry, NULL, NULL, NULL, {0}},
  {"open-drawer", act_open_drawer, NULL, NULL, NULL, {0}},
  {"cash-move", act_cash_move, NULL, NULL, NULL, {0}},
  {"remove-line", act_remove_line, NULL, NULL, NULL, {0}},
  {"close-day", act_close_day, NULL, NULL, NULL, {0}},
  {"settings", act_settings, NULL, NULL, NULL, {0}},
  {"sync-now", act_sync_now, NULL, NULL, NULL, {0}},
  {"sync-details", act_sync_details, NULL, NULL, NULL, {0}},
  {"search", act_search, NULL, NULL, NULL, {0}},
  {"refund", act_refund, NULL, NULL, NULL, {0}},
  {"clear-sale", act_clear_sale, NULL, NULL, NULL, {0}},
  {"clear-entry", act_clear_entry, NULL, NULL, NULL, {0}},
  {"line-up", act_line_up, NULL, NULL, NULL, {0}},
  {"line-down", act_line_down, NULL, NULL, NULL, {0}},
};

/* Application-wide, so every window of the till has the same keys. */
void till_window_set_accels(GtkApplication *app)
{
  static const char *const keys[][2] = {
    {"win.qty", "F2"},           {"win.discount-line", "F3"}, {"win.discount-sale", "F4"},
    {"win.sales", "F5"},         {"win.products", "F6"},      {"win.reprint", "F7"},
    {"win.print-retry", "<Shift>F7"}, {"win.open-drawer", "<Control>o"},
    {"win.cash-move", "<Control>m"},
    {"win.remove-line", "F8"},   {"win.close-day", "F9"},     {"win.settings", "F10"},
    {"win.sync-now", "F11"},     {"win.pay", "F12"},          {"win.clear-entry", "Escape"},
    {"win.line-up", "Up"},       {"win.line-down", "Down"},   {"win.clear-sale", "<Control>Delete"},
    {"win.search", "<Control>f"},  {"win.refund", "<Control>r"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
    const char *accels[] = {keys[i][1], NULL};
    gtk_application_set_accels_for_action(app, keys[i][0], accels);
  }
}

/* ---- The entry ------------------------------------------------------------------ */

static gboolean has_digit(const char *text)
{
  for (; *text; text++)
    if (g_ascii_isdigit(*text))
      return TRUE;
  return FALSE;
}

/* Enter in the entry: the scanner's code, the pad's number, or words to search for. */
static void on_code_activate(GtkEntry *entry, TillWindow *win)
{
  g_autofree char *text = g_strdup(gtk_entry_get_text(entry));
  if (*g_strstrip(text) == '\0')
    return;
  if (!has_digit(text)) {
    /* letters, not a code: a name or its 초성, typed on a keyboard */
    gtk_entry_set_text(entry, "");
    if (win->dialog == NULL)
      open_dialog(win, till_search_dialog_new(GTK_WINDOW(win), win->model, text));
    return;
  }
  till_model_add_code(win->model, text, NULL);
}

/* The model mirrors the entry (the keys read the quantity from it). */
static void on_code_changed(GtkEditable *editable, TillWindow *win)
{
  if (!win->syncing_entry)
    till_model_entry_set(win->model, gtk_entry_get_text(GTK_ENTRY(editable)));
}

/* ---- Redrawing -------------------------------------------------------------------- */

/* The weekday by name from our own catalog: the C.UTF-8 locale the till
** may run in would spell it in English. */
static void update_clock(TillWindow *win)
{
  static const char *const days[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                     N_("Fri"), N_("Sat"), N_("Sun")};
  g_autoptr(GDateTime) now = mb_clock_local(pos_now_ms());
  g_autofree char *date = g_date_time_format(now, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format(now, "%H:%M");
  g_autofree char *text = g_strdup_printf("%s (%s) %s", date,
                                          _(days[g_date_time_get_day_of_week(now) - 1]), time);
  gtk_label_set_text(win->clock_label, text);
}

/* Keeps the clock current. */
static gboolean on_clock(gpointer data)
{
  update_clock(data);
  return G_SOURCE_CONTINUE;
}

/* The indicator: its words from the model, its colour from the state. */
static void update_sync(TillWindow *win)
{
  static const char *const classes[] = {"sync-none", "sync-ok", "sync-pending", "sync-busy",
                                        "sync-offline", "sync-failed", "sync-rejected"};
  TillSyncStatus st;
  till_model_sync_status(win->model, &st);
  g_autofree char *label = till_model_sync_label(win->model);
  gtk_label_set_text(win->sync_label, label);
  for (guint i = 0; i < G_N_ELEMENTS(classes); i++)
    till_ui_set_class(GTK_WIDGET(win->sync_button), classes[i], i == (guint)st.state);
}

/*
** A printer that comes back (paper loaded, cover closed) prints the queue
** without a touch: while jobs wait, the queue is tried every
** PRINT_RETRY_S.  The module asks the printer's status before it sends a
** byte, so a printer still in trouble prints nothing and the job stays.
*/
#define PRINT_RETRY_S 20

static gboolean on_retry_timer(gpointer data)
{
  TillWindow *win = data;
  till_ui_print_retry_quiet(win->model);
  return G_SOURCE_CONTINUE;
}

/* The retry button shows, and the timer runs, only while jobs wait. */
static void update_print_queue(TillWindow *win)
{
  g_autoptr(GPtrArray) jobs = till_model_print_queued(win->model, NULL);
  gboolean waiting = jobs != NULL && jobs->len > 0;
  gtk_widget_set_visible(GTK_WIDGET(win->retry_button), waiting);
  if (waiting && win->retry_timer == 0)
    win->retry_timer = g_timeout_add_seconds(PRINT_RETRY_S, on_retry_timer, win);
  else if (!waiting)
    g_clear_handle_id(&win->retry_timer, g_source_remove);
}

/* Actions that need lines or a selection are off without them. */
static void update_actions(TillWindow *win)
{
  gboolean any = till_model_n_lines(win->model) > 0;
  gboolean sel = till_model_selected(win->model) >= 0;
  const char *need_lines[] = {"pay", "discount-sale", "clear-sale"};
  const char *need_sel[] = {"qty", "discount-line", "remove-line"};
  for (guint i = 0; i < G_N_ELEMENTS(need_lines); i++)
    g_simple_action_set_enabled(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(win), need_lines[i])), any);
  for (guint i = 0; i < G_N_ELEMENTS(need_sel); i++)
    g_simple_action_set_enabled(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(win), need_sel[i])), sel);
}

/*
** Redraws what changed; a pending product opens its weight dialog from an
** idle.
*/
static void on_model_changed(TillModel *model, guint flags, TillWindow *win)
{
  if (flags & TILL_CHANGE_MESSAGE) {
    gboolean is_error;
    const char *text = till_model_message(model, &is_error);
    till_ui_show_message(win->message_label, text, is_error);
  }
  if (flags & TILL_CHANGE_SETTINGS)
    gtk_label_set_text(win->stall_label, till_model_settings(model)->stall_name);
  if (flags & TILL_CHANGE_SYNC)
    update_sync(win);
  if (flags & TILL_CHANGE_PRINT)
    update_print_queue(win);
  if (flags & TILL_CHANGE_CART)
    update_actions(win);
  if ((flags & TILL_CHANGE_ENTRY)
      && g_strcmp0(gtk_entry_get_text(win->code_entry), till_model_entry(model)) != 0) {
    win->syncing_entry = TRUE;
    gtk_entry_set_text(win->code_entry, till_model_entry(model));
    win->syncing_entry = FALSE;
  }
  if ((flags & TILL_CHANGE_ENTRY) && till_model_pending(model) && win->pending_idle == 0)
    win->pending_idle = g_idle_add(open_pending, win);
}

/* ---- Fitting the screen ------------------------------------------------------------- */

/*
** On a compact screen (till_ui_screen_is_compact): narrower columns, one
** column of quick keys at least, no title over the pad (nor the hint under
** it on a short screen), smaller type where it is large (till.css, the
** "compact" class), the same actions and targets of 64 px.
*/
/* Below this width (800 x 600) the columns close up too ("narrow"). */
#define NARROW_WIDTH 900

/*
** The till takes the size of the screen it is given (a 15-inch panel's
** 1024 x 768, a small one's 800 x 600...), with the layout that fits it,
** and keeps its dialogs inside that size (till_ui_fit_dialog).
*/
void till_window_fit(TillWindow *win, int width, int height)
{
  gboolean compact = till_ui_screen_is_compact(width, height);
  gboolean narrow = width < NARROW_WIDTH;
  win->screen_w = width;
  win->screen_h = height;
  till_ui_set_class(GTK_WIDGET(win), "compact", compact);
  till_ui_set_class(GTK_WIDGET(win), "narrow", narrow);
  g_object_set(win->main_row, "margin", narrow ? 4 : 10, NULL);
  gtk_box_set_spacing(GTK_BOX(win->main_row), narrow ? 6 : 12);
  gtk_widget_set_size_request(win->pad_column, compact ? 270 : 280, -1);
  gtk_widget_set_size_request(win->sale_column, compact ? (narrow ? 300 : 400) : 440, -1);
  gtk_widget_set_visible(win->pad_title, !compact);
  /* under 700 px the pad's column has no room for it; the weight dialog
  ** shows the ways to type a weight in its entry */
  gtk_widget_set_visible(win->hint_label, height >= 700);
  till_keys_view_set_compact(win->keys, compact);
  till_cart_view_set_compact(win->cart, narrow);
  gtk_grid_set_column_spacing(GTK_GRID(win->keypad), narrow ? 3 : 6);
  gtk_window_set_default_size(GTK_WINDOW(win), width, height);
  gtk_window_resize(GTK_WINDOW(win), width, height);
}

/* The screen's size the till fits, for the dialogs opened outside it. */
void till_window_get_screen(TillWindow *win, int *width, int *height)
{
  *width = win->screen_w;
  *height = win->screen_h;
}

/* ---- Construction ------------------------------------------------------------------- */

TillWindow *till_window_new(GtkApplication *app, TillModel *model)
{
  TillWindow *win = g_object_new(TILL_TYPE_WINDOW, "application", app, NULL);
  win->model = g_object_ref(model);
  win->changed_id = g_signal_connect(model, "changed", G_CALLBACK(on_model_changed), win);
  till_keys_view_set_model(win->keys, model);
  till_cart_view_set_model(win->cart, model);
  on_model_changed(model, TILL_CHANGE_ALL, win);
  update_clock(win);
  win->clock_timer = g_timeout_add_seconds(20, on_clock, win);
  win->prewarm_idle = g_idle_add_full(G_PRIORITY_LOW, prewarm, win, NULL);
  gtk_widget_grab_focus(GTK_WIDGET(win->code_entry));
  return win;
}

/* The model shown. */
TillModel *till_window_get_model(TillWindow *win)
{
  return win->model;
}

/* Timers, the kept receipt dialog, the model. */
static void till_window_dispose(GObject *object)
{
  TillWindow *win = TILL_WINDOW(object);
  g_clear_handle_id(&win->clock_timer, g_source_remove);
  g_clear_handle_id(&win->pending_idle, g_source_remove);
  g_clear_handle_id(&win->prewarm_idle, g_source_remove);
  g_clear_handle_id(&win->retry_timer, g_source_remove);
  if (win->receipt) {
    g_object_remove_weak_pointer(G_OBJECT(win->receipt), (gpointer *)&win->receipt);
    gtk_widget_destroy(win->receipt);
    win->receipt = NULL;
  }
  if (win->model) {
    g_clear_signal_handler(&win->changed_id, win->model);
    g_clear_object(&win->model);
  }
  G_OBJECT_CLASS(till_window_parent_class)->dispose(object);
}

/* The template, its children and handlers. */
static void till_window_class_init(TillWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  till_ui_ensure_resources();
  g_type_ensure(TILL_TYPE_KEYS_VIEW);
  g_type_ensure(TILL_TYPE_CART_VIEW);
  g_type_ensure(TILL_TYPE_KEYPAD);
  G_OBJECT_CLASS(klass)->dispose = till_window_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              TILL_RESOURCE_PATH "till-window.ui");
  gtk_widget_class_bind_template_child(widget_class, TillWindow, stall_label);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, clock_label);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, message_label);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, sync_label);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, sync_button);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, pay_button);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, retry_button);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, code_entry);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, keys);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, cart);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, keypad);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, main_row);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, pad_column);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, sale_column);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, pad_title);
  gtk_widget_class_bind_template_child(widget_class, TillWindow, hint_label);
  gtk_widget_class_bind_template_callback(widget_class, on_code_activate);
  gtk_widget_class_bind_template_callback(widget_class, on_code_changed);
}

/* Actions, and the pad typing into the code entry. */
static void till_window_init(TillWindow *win)
{
  gtk_widget_init_template(GTK_WIDGET(win));
  g_action_map_add_action_entries(G_ACTION_MAP(win), actions, G_N_ELEMENTS(actions), win);
  till_keypad_set_entry(win->keypad, win->code_entry);
}
