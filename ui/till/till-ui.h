/*
** till-ui.h: small helpers every till widget uses: the GResource and the
** CSS, money as the screen shows it, the message label, printing.
*/
#ifndef TILL_UI_H
#define TILL_UI_H

#include "till-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TILL_RESOURCE_PATH "/org/marketpos/StallPos/"

/* Registers the till's GResource once; every widget class calls it first. */
void till_ui_ensure_resources(void);
/* Installs the till's CSS on the default screen once. */
void till_ui_load_css(void);
/* The demo catalog CSV from the GResource. Transfer full. */
GBytes *till_ui_demo_catalog(void);

/* "17,560원" / "17,560 won". Transfer full. */
char *till_ui_won(PosMoney v);
/* "16,800원/kg" or "2,500원" for a unit price. Transfer full. */
char *till_ui_unit_price(PosMoney price, PosUnit unit);
/* Sets or clears a CSS class. */
void till_ui_set_class(GtkWidget *widget, const char *css_class, gboolean on);
/* Shows text in a message label, red and bold when it is an error. */
void till_ui_show_message(GtkLabel *label, const char *text, gboolean is_error);
/*
** Queues the receipt (or Z report) in the ledger, then prints it in the
** background; the outcome goes to the model's message line and, on
** failure, the job stays queued for till_ui_print_retry().  FALSE (no
** printer set, a ledger error) before anything was queued.
*/
gboolean till_ui_print_receipt(TillModel *model, const PosSale *sale, gboolean first_print,
                               GError **error);
gboolean till_ui_print_zreport(TillModel *model, const PosZReport *z, GError **error);
/* Prints the queued jobs oldest first, stopping at the first failure. */
void till_ui_print_retry(TillModel *model);
/*
** Logs the reason (till_model_drawer_open) and sends the kick in the
** background; FALSE, nothing logged nor sent, on a refusal.
*/
gboolean till_ui_open_drawer(TillModel *model, const char *reason, GError **error);
/* The same without a word when nothing waits (the window's timer). */
void till_ui_print_retry_quiet(TillModel *model);
/* Makes dialog modal over parent, with the till's look. */
void till_ui_dialog_setup(GtkDialog *dialog, GtkWindow *parent);
/* Shows an error's message in a dialog's message label and frees it. */
void till_ui_dialog_error(GtkLabel *label, GError *error);
/*
** The roomy layout needs about 1,090 x 780 px; a smaller screen gets the
** compact one (the "compact" class, till_window_fit).
*/
#define TILL_ROOMY_MIN_WIDTH 1200
#define TILL_ROOMY_MIN_HEIGHT 780
gboolean till_ui_screen_is_compact(int screen_w, int screen_h);
/*
** Holds dialog inside a screen of screen_w x screen_h (the till's, see
** till_window_fit): its default size clamped, and its body scrolling when
** it is taller than the screen.  Call it before the dialog is shown.
*/
void till_ui_fit_dialog(GtkWindow *dialog, int screen_w, int screen_h);
/* Removes every child of a container. */
void till_ui_clear(GtkContainer *container);

/* A key shown on a dialog's button: keyval (any case) with exactly mods. */
typedef struct {
  guint keyval;
  GdkModifierType mods;      /* 0 or GDK_CONTROL_MASK */
  const char *button_id;     /* the button's id in the dialog's .ui template */
} TillUiKey;
/*
** Clicks the template button whose key event is, if it is shown and
** sensitive: for a dialog's "key-press-event".  TRUE when one was clicked.
*/
gboolean till_ui_key_click(GtkWidget *dialog, const GdkEventKey *event, const TillUiKey *keys,
                           gsize n_keys);

G_END_DECLS
#endif
