/*
** till-dialogs.h: the till's dialogs, one object per file, each a GtkDialog
** with its own .ui template.  Each takes the model, does its own model
** calls, shows refusals in its own message line, and ends with a response:
** GTK_RESPONSE_ACCEPT when it did what it is for (a sale paid, a weight
** given...), GTK_RESPONSE_CANCEL otherwise.  All are non-blocking: the
** caller shows them and listens to "response".
*/
#ifndef TILL_DIALOGS_H
#define TILL_DIALOGS_H

#include "till-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Quantity or weight: of the pending product (line -1) or of a cart line. */
#define TILL_TYPE_WEIGHT_DIALOG (till_weight_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillWeightDialog, till_weight_dialog, TILL, WEIGHT_DIALOG, GtkDialog)
GtkWidget *till_weight_dialog_new(GtkWindow *parent, TillModel *model, int line);

/* A line discount or price change (whole_sale FALSE), or the sale discount. */
#define TILL_TYPE_DISCOUNT_DIALOG (till_discount_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillDiscountDialog, till_discount_dialog, TILL, DISCOUNT_DIALOG,
                     GtkDialog)
GtkWidget *till_discount_dialog_new(GtkWindow *parent, TillModel *model, gboolean whole_sale);

/* Opening the cash drawer without a sale, with a reason that is logged. */
#define TILL_TYPE_DRAWER_DIALOG (till_drawer_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillDrawerDialog, till_drawer_dialog, TILL, DRAWER_DIALOG, GtkDialog)
GtkWidget *till_drawer_dialog_new(GtkWindow *parent, TillModel *model);

/* Paid-in / paid-out (입금/출금): direction (F1/F2), amount, reason; logged. */
#define TILL_TYPE_CASH_DIALOG (till_cash_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillCashDialog, till_cash_dialog, TILL, CASH_DIALOG, GtkDialog)
GtkWidget *till_cash_dialog_new(GtkWindow *parent, TillModel *model, PosCashDirection dir);
/* Fills the dialog as the keys would (scenarios and tests). */
void till_cash_dialog_set(TillCashDialog *dialog, PosCashDirection dir, const char *amount,
                          const char *reason);

/* Taking the money: tenders, split tender, quick cash, change; commits. */
#define TILL_TYPE_PAYMENT_DIALOG (till_payment_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillPaymentDialog, till_payment_dialog, TILL, PAYMENT_DIALOG, GtkDialog)
GtkWidget *till_payment_dialog_new(GtkWindow *parent, TillModel *model);
/* Chooses the tender method as its button would. */
void till_payment_dialog_set_method(TillPaymentDialog *dialog, PosTenderMethod method);

/*
** A document on screen with its QR; print and reprint.  One dialog serves
** every receipt of the day (the window keeps it and hides it on close):
** showing a receipt right after a sale then costs no new window.
*/
#define TILL_TYPE_RECEIPT_DIALOG (till_receipt_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillReceiptDialog, till_receipt_dialog, TILL, RECEIPT_DIALOG, GtkDialog)
GtkWidget *till_receipt_dialog_new(GtkWindow *parent, TillModel *model);
/* Shows a document (loaded again from the ledger); FALSE, with the model's
** message set, when it cannot be loaded. */
gboolean till_receipt_dialog_set_sale(TillReceiptDialog *dialog, const PosSale *sale,
                                      gboolean first_print);

/* Today's documents; void, refund, reprint. */
#define TILL_TYPE_SALES_DIALOG (till_sales_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillSalesDialog, till_sales_dialog, TILL, SALES_DIALOG, GtkDialog)
GtkWidget *till_sales_dialog_new(GtkWindow *parent, TillModel *model);
/* Selects the document with this id in the list; FALSE when absent. */
gboolean till_sales_dialog_select(TillSalesDialog *dialog, const char *sale_id);

/* The day: the X report, counted cash, the Z report; opening a day. */
#define TILL_TYPE_CLOSE_DIALOG (till_close_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillCloseDialog, till_close_dialog, TILL, CLOSE_DIALOG, GtkDialog)
GtkWidget *till_close_dialog_new(GtkWindow *parent, TillModel *model);
/*
** The same dialog asked before a sale when no day is open: it opens on
** the float and answers GTK_RESPONSE_ACCEPT once the day is open.
*/
GtkWidget *till_close_dialog_new_before_sale(GtkWindow *parent, TillModel *model);

/* Products: add, edit, deactivate, import CSV, arrange the quick keys. */
#define TILL_TYPE_PRODUCTS_DIALOG (till_products_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillProductsDialog, till_products_dialog, TILL, PRODUCTS_DIALOG,
                     GtkDialog)
GtkWidget *till_products_dialog_new(GtkWindow *parent, TillModel *model);

/* Receipt header, rounding, printer, scale layout, hub and enrollment. */
#define TILL_TYPE_SETTINGS_DIALOG (till_settings_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillSettingsDialog, till_settings_dialog, TILL, SETTINGS_DIALOG,
                     GtkDialog)
GtkWidget *till_settings_dialog_new(GtkWindow *parent, TillModel *model);

/* The sync status in full: counts, offline since, rejected reasons; sync now. */
#define TILL_TYPE_SYNC_DIALOG (till_sync_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillSyncDialog, till_sync_dialog, TILL, SYNC_DIALOG, GtkDialog)
GtkWidget *till_sync_dialog_new(GtkWindow *parent, TillModel *model);

/* The printer (URI, paper, Korean, QR, drawer) and the scale; test page, live weight. */
#define TILL_TYPE_DEVICES_DIALOG (till_devices_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillDevicesDialog, till_devices_dialog, TILL, DEVICES_DIALOG, GtkDialog)
GtkWidget *till_devices_dialog_new(GtkWindow *parent, TillModel *model);

/*
** Finding a product by name, 초성, PLU or barcode (text: what to start
** with, or NULL); Enter adds the highlighted match to the sale.
*/
#define TILL_TYPE_SEARCH_DIALOG (till_search_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillSearchDialog, till_search_dialog, TILL, SEARCH_DIALOG, GtkDialog)
GtkWidget *till_search_dialog_new(GtkWindow *parent, TillModel *model, const char *text);

/*
** A refund of any day's sale, in part: found by receipt number or QR
** (receipt: what to look up at once, or NULL), how much of each line,
** then a confirmation with the amounts, VAT and tender before it is written.
*/
#define TILL_TYPE_REFUND_DIALOG (till_refund_dialog_get_type())
G_DECLARE_FINAL_TYPE(TillRefundDialog, till_refund_dialog, TILL, REFUND_DIALOG, GtkDialog)
GtkWidget *till_refund_dialog_new(GtkWindow *parent, TillModel *model, const char *receipt);
/* The sale found, or NULL. Transfer none. */
const PosSale *till_refund_dialog_sale(TillRefundDialog *dialog);

G_END_DECLS
#endif
