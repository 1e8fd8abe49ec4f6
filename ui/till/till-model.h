/*
** till-model.h: the till without its widgets.
**
** A TillModel is everything the till screen shows and does, in plain C on
** GLib: the ledger, the cart being rung, the entry buffer the scanner types
** into, the selected line, the payment in progress, the last committed sale,
** the message line and the sync status.  The GTK layer (till-window.c and
** the dialogs) only forwards touches and keys here and redraws on the
** "changed" signal, so every flow of the till can be driven and checked by
** a test without a display.
**
** Errors.  Every fallible call returns FALSE with a GError whose domain and
** code are the ledger's (POS_ERROR, PosErrorCode) but whose message is
** written for the merchant, translated, and says what to do.  The same
** message is also kept as the model's message line.
**
** Threads.  A TillModel lives on the thread that made it (the UI thread).
** The only work done elsewhere is sync and printing, each on its own
** connection or file handle (till-sync.h, till-print.h).
*/
#ifndef TILL_MODEL_H
#define TILL_MODEL_H

#include "pos.h"
#include "till-sync.h"
#include <glib-object.h>

G_BEGIN_DECLS

/* What changed, as flags of the "changed" signal. */
typedef enum {
  TILL_CHANGE_CART = 1 << 0,     /* lines, totals, selection */
  TILL_CHANGE_ENTRY = 1 << 1,    /* the entry buffer, a product waiting for a weight */
  TILL_CHANGE_PAYMENT = 1 << 2,  /* tenders of the payment in progress */
  TILL_CHANGE_CATALOG = 1 << 3,  /* products, quick keys */
  TILL_CHANGE_SETTINGS = 1 << 4, /* receipt header, rounding, printer, hub */
  TILL_CHANGE_SYNC = 1 << 5,     /* outbox counts, sync state */
  TILL_CHANGE_MESSAGE = 1 << 6,  /* the message line */
  TILL_CHANGE_SALES = 1 << 7,    /* a document was committed: sale, void, refund, close */
  TILL_CHANGE_PRINT = 1 << 8,    /* the print queue: a job printed or kept */
  TILL_CHANGE_ALL = 0x1ff
} TillChange;

#define TILL_TYPE_MODEL (till_model_get_type())
G_DECLARE_FINAL_TYPE(TillModel, till_model, TILL, MODEL, GObject)

/*
** Opens the ledger at path (NULL: the default path), creating it when
** absent.  A ledger without a stall yet is initialised with a placeholder
** name, so the till can ring at once; till_model_is_new() tells the UI to
** open the settings.  Transfer full.
*/
TillModel *till_model_new(const char *ledger_path, GError **error);
/*
** A throwaway ledger in a fresh temporary directory (removed when the model
** is finalised) with the demo stall's header and the catalog from
** catalog_csv: for screenshots, benchmarks and tests.  Transfer full.
*/
TillModel *till_model_new_demo(GBytes *catalog_csv, GError **error);

gboolean till_model_is_new(TillModel *model);
PosLedger *till_model_ledger(TillModel *model);             /* transfer none */
const PosSettings *till_model_settings(TillModel *model);   /* transfer none */
/* The message line, and whether it reports an error. Transfer none. */
const char *till_model_message(TillModel *model, gboolean *is_error);
void till_model_set_message(TillModel *model, gboolean is_error, const char *text);

/* ---- Entry and adding ------------------------------------------------ */

const char *till_model_entry(TillModel *model);             /* transfer none */
void till_model_entry_set(TillModel *model, const char *text);

/*
** Rings what the scanner or the keypad typed: a PLU (1-5 digits), an EAN,
** or an in-store barcode carrying a weight or a price.  A weighed product
** whose code carries no weight is parked as the pending product: the UI
** asks for the weight and calls till_model_give_weight().  The entry is
** cleared on success.
*/
gboolean till_model_add_code(TillModel *model, const char *code, GError **error);
/*
** A quick key: the entry, when not empty, is the quantity ("3" pieces,
** "450" grams, "1.2kg", "1근"); an empty entry means one piece, or asks
** for the weight of a weighed product.
*/
gboolean till_model_add_plu(TillModel *model, int plu, GError **error);
const PosProduct *till_model_pending(TillModel *model);    /* transfer none, or NULL */
/* A number typed before the pending product without a unit ("3"): the
** weight dialog asks 3 g or 3 kg.  Transfer none, or NULL. */
const char *till_model_pending_typed(TillModel *model);
gboolean till_model_give_weight(TillModel *model, const char *text, GError **error);
void till_model_cancel_pending(TillModel *model);
/* Parses a quantity for unit (grams, kg, 근 with the stall's preset). */
gboolean till_model_parse_qty(TillModel *model, const char *text, PosUnit unit,
                              int64_t *qty_milli, GError **error);
/* Parses a won amount as typed ("12000", "12,000"); FALSE with a message. */
gboolean till_model_parse_money(TillModel *model, const char *text, PosMoney *out,
                                GError **error);
/* Preview of a weighed line: amount after the stall's rounding. */
gboolean till_model_preview_amount(TillModel *model, PosMoney unit_price, PosUnit unit,
                                   int64_t qty_milli, PosMoney *amount, GError **error);

/* ---- The cart -------------------------------------------------------- */

guint till_model_n_lines(TillModel *model);
const PosLine *till_model_line(TillModel *model, guint index);   /* transfer none */
int till_model_selected(TillModel *model);                        /* -1: none */
void till_model_select(TillModel *model, int index);
/* Quantity or weight of a line, as typed ("3", "350g", "1.2kg", "1근"). */
gboolean till_model_set_qty(TillModel *model, int index, const char *text, GError **error);
gboolean till_model_remove_line(TillModel *model, int index, GError **error);
/* Discount of a line in won ("0" clears it); a reason is required. */
gboolean till_model_discount_line(TillModel *model, int index, const char *won,
                                  const char *reason, GError **error);
gboolean till_model_discount_sale(TillModel *model, const char *won, const char *reason,
                                  GError **error);
gboolean till_model_override_price(TillModel *model, int index, const char *won,
                                   const char *reason, GError **error);
PosMoney till_model_sale_discount(TillModel *model);
/* Totals of the cart; all zero for an empty cart. */
void till_model_totals(TillModel *model, PosTotals *out);
void till_model_clear_cart(TillModel *model);

/* ---- Payment (till-model-pay.c) ---------------------------------------- */

/* Starts paying the cart (INVALID when it is empty); drops earlier tenders. */
gboolean till_model_pay_begin(TillModel *model, GError **error);
gboolean till_model_paying(TillModel *model);
void till_model_pay_cancel(TillModel *model);
/* Adds a tender of amount text; ref is required for card, Zero Pay... */
gboolean till_model_pay_add(TillModel *model, PosTenderMethod method, const char *amount,
                            const char *ref, GError **error);
gboolean till_model_pay_remove(TillModel *model, guint index, GError **error);
guint till_model_pay_n_tenders(TillModel *model);
const PosTender *till_model_pay_tender(TillModel *model, guint index);  /* transfer none */
/* Sum of the tenders so far, and what is still due (0 when covered). */
PosMoney till_model_pay_paid(TillModel *model);
PosMoney till_model_pay_due(TillModel *model);
/* Change in cash the tenders so far would give (0 when short). */
PosMoney till_model_pay_change(TillModel *model);
/* A 현금영수증 request: the customer's phone, business or card number. */
gboolean till_model_set_cash_receipt(TillModel *model, const char *identifier, GError **error);
/* Commits the sale: it is on disk when this returns TRUE. */
gboolean till_model_pay_commit(TillModel *model, GError **error);
/* The last committed document, or NULL. Transfer none. */
const PosSale *till_model_last_sale(TillModel *model);


/* Labels of tender methods for the screen, translated. */
const char *till_tender_label(PosTenderMethod method);
/* Quick cash amounts in won, 0-terminated. */
const PosMoney *till_quick_cash(void);

/* ---- Receipts and printing (till-model-pay.c) ---------------------------- */

char *till_model_receipt_text(TillModel *model, const PosSale *sale, GError **error);
/* The QR for the screen: the hub's receipt page, or NULL before enrollment. */
char *till_model_receipt_qr(TillModel *model, const PosSale *sale);
/* ESC/POS of a receipt (kicking the cash drawer on the first print of a
** cash sale) or a Z report for the stall's printer. Transfer full. */
GBytes *till_model_receipt_escpos(TillModel *model, const PosSale *sale, gboolean first_print,
                                  GError **error);
GBytes *till_model_zreport_escpos(TillModel *model, const PosZReport *z, GError **error);
/* The printer path, or NULL with a message when none is set. Transfer none. */
const char *till_model_printer(TillModel *model, GError **error);

/* ---- The print queue (till-model-print.c) ------------------------------- */

/*
** Queues the sale's receipt in the ledger (committed at once, never with a
** drawer kick) and gives the job and, in *send, the bytes to send now: the
** kick in front on the first print of a cash sale that was never queued
** before.  Transfer full (both).
*/
PosPrintJob *till_model_queue_receipt(TillModel *model, const PosSale *sale,
                                      gboolean first_print, GBytes **send, GError **error);
/* Queues the Z report of z's day session. Transfer full. */
PosPrintJob *till_model_queue_zreport(TillModel *model, const PosZReport *z, GError **error);
/* Records an attempt (failure NULL: printed) and says it on the message line. */
gboolean till_model_print_record(TillModel *model, int64_t id, const GError *failure,
                                 GError **error);
/* The jobs still queued, oldest first (PosPrintJob*). Transfer full. */
GPtrArray *till_model_print_queued(TillModel *model, GError **error);
/*
** Logs a drawer opening with its reason (INVALID when empty; no printer
** set is refused first) and gives the kick to send. Transfer full.
*/
GBytes *till_model_drawer_open(TillModel *model, const char *reason, GError **error);
/* The printer's trouble in the merchant's words. Transfer full. */
char *till_model_printer_trouble(const GError *failure);

/* ---- Today's sales, voids and refunds (till-model-day.c) -------------------- */

/* The documents of the business day, newest first (PosSale*). Transfer full. */
GPtrArray *till_model_sales_today(TillModel *model, GError **error);
/* TRUE when the sale has a void or refund among docs. */
gboolean till_model_sale_reversed(GPtrArray *docs, const PosSale *sale);
gboolean till_model_void(TillModel *model, const char *sale_id, const char *reason,
                         GError **error);
gboolean till_model_refund(TillModel *model, const char *sale_id, const int *line_nos,
                           guint n_lines, PosTenderMethod method, const char *reason,
                           GError **error);

/* ---- Refunds of any day, in part (till-model-refund.c) ---------------------- */

/* A sale by receipt number, id or its receipt's QR as scanned, any day
** (NOT_FOUND; STATE for a void or refund).  Transfer full. */
PosSale *till_model_find_sale(TillModel *model, const char *text, GError **error);
/* What is left to refund of each line of sale.  Transfer full (g_free). */
PosRefundLeft *till_model_refund_left(TillModel *model, const PosSale *sale, GError **error);
/* The refund as it would be written, nothing stored: for the confirmation.
** Transfer full. */
PosSale *till_model_refund_preview(TillModel *model, const PosSale *sale,
                                   const PosRefundPart *parts, guint n, PosTenderMethod method,
                                   GError **error);
/* Commits it (a reason required); it becomes the last document. */
gboolean till_model_refund_parts(TillModel *model, const char *sale_id,
                                 const PosRefundPart *parts, guint n, PosTenderMethod method,
                                 const char *reason, GError **error);

/* ---- Day close (till-model-day.c) ----------------------------------------- */

gboolean till_model_day_open(TillModel *model);
/*
** The cash counted at the most recent close and when (FALSE when no day
** was ever closed): the float the next day offers.
*/
gboolean till_model_last_counted_cash(TillModel *model, PosMoney *counted, int64_t *closed_ms);
gboolean till_model_open_day(TillModel *model, const char *cash_float, GError **error);
gboolean till_model_x_report(TillModel *model, PosZReport *out, GError **error);
/*
** Closes the day with the counted cash, whatever its difference: the close
** dialog asks for a recount and a confirmation first when
** till_model_difference_beyond says the difference is over the threshold.
*/
gboolean till_model_close_day(TillModel *model, const char *counted_cash, PosZReport *out,
                              GError **error);
/* TRUE, with counted - expected in *difference, when beyond cash_diff_threshold. */
gboolean till_model_difference_beyond(TillModel *model, PosMoney counted, PosMoney *difference);
/* A paid-in or paid-out of the open day (amount typed, reason required). */
gboolean till_model_cash_move(TillModel *model, PosCashDirection direction, const char *amount,
                              const char *reason, GError **error);
char *till_model_zreport_text(TillModel *model, const PosZReport *z, GError **error);

/* ---- Products (till-model-catalog.c) ------------------------------------- */

/* Every product, inactive too, in quick-key order (PosProduct*). Transfer none. */
GPtrArray *till_model_products(TillModel *model);
/* Product-line codes of the active products, in quick-key order (char*). */
GPtrArray *till_model_lines(TillModel *model);              /* transfer none */
/* Every product-line code the till knows: the taxonomy's, the standard
** ones, and any in use (char*, sorted). Transfer full. */
GPtrArray *till_model_known_lines(TillModel *model);
/* A product line's name for the screen (the taxonomy, else built in). */
const char *till_model_line_label(TillModel *model, const char *code);
const PosProduct *till_model_product(TillModel *model, int plu);   /* transfer none */
/* Inserts or updates (validated); a new product gets the next quick key. */
gboolean till_model_product_save(TillModel *model, PosProduct *product, GError **error);
gboolean till_model_product_set_active(TillModel *model, int plu, gboolean active,
                                       GError **error);
/* Moves a product's quick key by delta places among the active keys. */
gboolean till_model_product_move(TillModel *model, int plu, int delta, GError **error);
gboolean till_model_import_csv(TillModel *model, const char *path, PosImportStats *stats,
                               GError **error);
/*
** The active products matching text by name, 초성, PLU or barcode, best
** first, at most limit (pos-search.h; the index is rebuilt whenever the
** catalog is re-read).  Array of PosSearchHit, transfer full; the hits'
** products are valid until the catalog changes.
*/
GArray *till_model_search(TillModel *model, const char *text, guint limit);
/* First PLU not in use (for a new product). */
int till_model_next_plu(TillModel *model);

/* ---- Settings and sync (till-model-day.c) ----------------------------------- */

/* Sets one ledger setting (stall_name, business_no, address, phone,
** rounding_unit, printer_path, hub_url, geun_g...); "" clears text ones. */
gboolean till_model_set_setting(TillModel *model, const char *key, const char *value,
                                GError **error);

typedef enum {
  TILL_SYNC_NOT_ENROLLED = 0, /* no hub yet: sales wait in the outbox */
  TILL_SYNC_SYNCED,           /* nothing pending */
  TILL_SYNC_PENDING,          /* events waiting, no failure seen */
  TILL_SYNC_SYNCING,          /* a push is running */
  TILL_SYNC_OFFLINE,          /* the last attempt could not reach the hub */
  TILL_SYNC_FAILED,           /* the hub refused us (token, URL...) */
  TILL_SYNC_REJECTED          /* some events were rejected: the merchant must see why */
} TillSyncState;

typedef struct {
  TillSyncState state;
  int64_t pending, sent, rejected;
  int64_t offline_since_ms;   /* 0 unless offline */
  int64_t last_ok_ms;         /* 0 when never synced in this run */
  const char *error;          /* last failure, or NULL (transfer none) */
  GPtrArray *reasons;         /* of char*: rejected events and why (transfer none) */
} TillSyncStatus;

void till_model_sync_status(TillModel *model, TillSyncStatus *out);
/* One short line for the status indicator. Transfer full. */
char *till_model_sync_label(TillModel *model);
/* Re-reads the outbox counts (after a sale, or the sync's end). */
void till_model_refresh_sync(TillModel *model);
/* The sync engine (transfer none); the model listens to its "finished". */
TillSync *till_model_sync(TillModel *model);
/* Starts a background push now; FALSE with a message when not enrolled or busy. */
gboolean till_model_sync_now(TillModel *model, GError **error);
/* Replaces the sync backend (tests); the running job, if any, is cancelled. */
void till_model_set_sync_backend(TillModel *model, const TillSyncBackend *backend);
/*
** Enrolls with the hub in the background: code_text is what was typed or
** scanned (see till_parse_enroll_text); hub_url may be NULL when the scan
** carries it.  The outcome comes as a message and a TILL_CHANGE_SYNC.
*/
gboolean till_model_enroll(TillModel *model, const char *hub_url, const char *code_text,
                           GError **error);
/* Background pushes on a timer and shortly after each document. */
void till_model_set_auto_sync(TillModel *model, gboolean enabled);
/*
** Splits what was typed or scanned for enrollment: a bare code
** ("K7QF-29XM-PL3D") or a URL carrying it ("https://hub/enroll?code=...").
** *hub_url gets the URL's base when there is one. Transfer full.
*/
gboolean till_parse_enroll_text(const char *text, char **hub_url, char **code,
                                GError **error);

G_END_DECLS
#endif
