/*
** pos-ledger.h: the stall's local ledger (SQLite).
**
** One file holds the stall's settings, catalog, day sessions, immutable sale
** documents and the outbox of events for the hub.  It runs in WAL mode with
** synchronous=FULL: once pos_ledger_commit_sale() returns TRUE the sale is
** on disk and survives a power cut.  Every document and its outbox row are
** written in one transaction, so there is never a sale without its event or
** an event without its sale.
**
** All SQL is prepared; every failure leaves the ledger as it was and maps to
** a PosErrorCode (FULL, READONLY, NOT_A_DB, BUSY...).
*/
#ifndef POS_LEDGER_H
#define POS_LEDGER_H

#include "pos-sale.h"

G_BEGIN_DECLS

typedef struct PosLedger PosLedger;

typedef enum {
  POS_SYNC_FULL = 0,     /* default: fsync at every commit */
  POS_SYNC_NORMAL        /* benchmarks only */
} PosSyncMode;

/* Current schema version written by this program. */
int pos_ledger_schema_version(void);

/*
** Opens (creating when absent, and migrating when older) the ledger at path.
** Refuses a file that is not a ledger (NOT_A_DB) and one written by a newer
** program (SCHEMA).  Transfer full.
*/
PosLedger *pos_ledger_open(const char *path, GError **error);
PosLedger *pos_ledger_open_full(const char *path, PosSyncMode mode,
                                int target_version, GError **error);
void pos_ledger_close(PosLedger *ledger);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosLedger, pos_ledger_close)

/* Caps the ledger at max_pages pages (PRAGMA max_page_count): a bounded
** ledger, and how the tests make the disk "full". */
gboolean pos_ledger_set_page_limit(PosLedger *ledger, int max_pages, GError **error);

/* Cart rules of this stall (rounding unit, Onnuri threshold). */
void pos_ledger_cart_rules(PosLedger *ledger, PosCartRules *out);

/* Default path: $XDG_DATA_HOME/market-pos/ledger.sqlite. Transfer full. */
char *pos_ledger_default_path(void);

/* ---- Settings -------------------------------------------------------- */

/* A close differing from the expected cash by more asks again (won). */
#define POS_CASH_DIFF_DEFAULT 5000
/* A weighed line lighter than this is asked back (grams). */
#define POS_MIN_WEIGHT_G_DEFAULT 10

typedef struct {
  char *stall_name;         /* 상호 */
  char *business_no;        /* 사업자등록번호, or NULL */
  char *address;
  char *phone;
  char *device_id;          /* 4-8 chars [A-Z0-9], made at init */
  int rounding_unit;        /* 1, 10, 100 */
  int onnuri_change_pct;    /* 1..100, default 60 */
  int geun_g;               /* 근 preset in grams, default 600 */
  char *instore_pattern;    /* in-store barcode layout, or NULL */
  char *hub_url;            /* set by enrollment, or NULL */
  char *stall_code;         /* hub's code for this stall, or NULL */
  char *printer_path;       /* printer URI or path (pos-devices.h), or NULL */
  char *scale_uri;          /* scale URI (pos-devices.h), or NULL */
  int printer_width_mm;     /* 58 (32 columns) or 80 (42 columns), default 58 */
  gboolean printer_raster;  /* draw every line: a printer without Korean */
  gboolean qr_native;       /* GS ( k instead of a raster QR */
  int drawer_pin;           /* 2 or 5, default 2 */
  int drawer_pulse_ms;      /* 2-510, default 50 */
  PosMoney cash_diff_threshold; /* a close differing more asks again; default 5,000 */
  int min_weight_g;         /* lightest plausible weighed line, default 10 g */
  int64_t offline_since_ms; /* the hub out of reach since (Unix ms), 0: reachable */
} PosSettings;

void pos_settings_clear(PosSettings *s);

/* Creates the stall (once): INVALID for a bad name or rounding unit, STATE if done. */
gboolean pos_ledger_init_stall(PosLedger *ledger, const char *stall_name,
                               int rounding_unit, GError **error);
/* NOT_INITIALISED before init. Fills *out (caller clears). */
gboolean pos_ledger_get_settings(PosLedger *ledger, PosSettings *out, GError **error);
/* Validates a setting without storing it (INVALID, or STATE for device_id). */
gboolean pos_setting_check(const char *key, const char *value, GError **error);
/* Sets one setting by its key ("rounding_unit", "stall_name", ...); validated. */
gboolean pos_ledger_set_setting(PosLedger *ledger, const char *key,
                                const char *value, GError **error);
/* Secret values (the device token): stored, never returned by get_settings. */
gboolean pos_ledger_set_secret(PosLedger *ledger, const char *key, const char *value,
                               GError **error);
char *pos_ledger_get_secret(PosLedger *ledger, const char *key, GError **error);

/* ---- Catalog --------------------------------------------------------- */

/*
** The product lines a product may have from now on (NULL-terminated,
** copied: transfer none), or NULL for any well-formed code.  pos/ keeps
** no taxonomy: the caller gives the one it has (the sync client's file
** after enrollment, the built-in one before), and saving or importing a
** product with another line fails with POS_ERROR_UNKNOWN_LINE.
*/
void pos_ledger_set_line_codes(PosLedger *ledger, const char *const *codes);

/* Inserts (id 0) or updates (by id) a product, with a product outbox event. */
gboolean pos_ledger_product_save(PosLedger *ledger, PosProduct *product, GError **error);
/* Looks a product up by PLU, barcode or in-store barcode (code as scanned).
** For in-store codes *qty_milli / *amount get what the code carries (else -1). */
PosProduct *pos_ledger_product_lookup(PosLedger *ledger, const char *code,
                                      int64_t *qty_milli, PosMoney *amount,
                                      GError **error);
PosProduct *pos_ledger_product_by_plu(PosLedger *ledger, int plu, GError **error);
/* All products (active_only), by quick key then PLU. Array of PosProduct*. */
GPtrArray *pos_ledger_product_list(PosLedger *ledger, gboolean active_only,
                                   GError **error);

typedef struct {
  guint64 rows;        /* data rows read */
  guint64 inserted;
  guint64 updated;
} PosImportStats;

/*
** Imports a UTF-8 CSV (BOM tolerated, header row required) with columns
** plu,name,line,price,unit,tax[,barcode][,quick_key][,active] in any order.
** All or nothing: the first bad row aborts with its line number in the
** message and the catalog unchanged.
*/
gboolean pos_ledger_product_import(PosLedger *ledger, const char *path,
                                   PosImportStats *stats, GError **error);

/* ---- Day sessions ---------------------------------------------------- */

/* Opens the cash drawer with a float; STATE when one is open. */
gboolean pos_ledger_open_day(PosLedger *ledger, PosMoney cash_float, GError **error);
/*
** The counted cash and the time of the most recent close; 0 and 0 when no
** day was ever closed.
*/
gboolean pos_ledger_last_close(PosLedger *ledger, PosMoney *counted_cash, int64_t *closed_ms,
                               GError **error);
/* TRUE and the session's id when a session is open. */
gboolean pos_ledger_open_session(PosLedger *ledger, int64_t *session_id, GError **error);

/* ---- Paid-in / paid-out (pos-ledger-cash.c) --------------------------- */

/*
** Cash put into the drawer (change brought from the bank) or taken out of
** it (a supplier paid, cash to the bank) outside a sale.  Each move is
** kept in the open session, append-only like the drawer log, and counts
** in the session's expected cash.  Cash moves stay in the stall's ledger:
** the hub sees them only through the day close's figures.
*/
typedef enum {
  POS_CASH_IN = 0,
  POS_CASH_OUT
} PosCashDirection;

/* "in" / "out"; parse returns FALSE for anything else. */
const char *pos_cash_direction_name(PosCashDirection d);
gboolean pos_cash_direction_parse(const char *s, PosCashDirection *out);

typedef struct {
  int64_t id;
  int64_t session_id;
  int64_t at_ms;
  PosCashDirection direction;
  PosMoney amount;          /* > 0 in both directions */
  char *reason;
} PosCashMove;

void pos_cash_move_free(PosCashMove *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosCashMove, pos_cash_move_free)

/*
** Records a move in the open session: INVALID for an amount not 1 won or
** more, or a reason not 1-200 bytes of UTF-8; STATE when no day is open,
** or when a paid-out is more than the drawer should hold.  *out (may be
** NULL) gets the stored move, transfer full.
*/
gboolean pos_ledger_cash_move(PosLedger *ledger, PosCashDirection direction, PosMoney amount,
                              const char *reason, PosCashMove **out, GError **error);
/* The moves of one session, oldest first.  Array of PosCashMove*, transfer full. */
GPtrArray *pos_ledger_cash_moves(PosLedger *ledger, int64_t session_id, GError **error);

/* ---- Sales ----------------------------------------------------------- */

/*
** Settles and commits the cart as a sale (opening a day with a zero float
** when none is open, so a sale is never refused for that).  On success the
** cart is cleared and *out (transfer full) holds the stored document.
*/
gboolean pos_ledger_commit_sale(PosLedger *ledger, PosCart *cart, PosSale **out,
                                GError **error);
/* Voids a whole sale: STATE if it is already voided or has refunds. */
gboolean pos_ledger_void(PosLedger *ledger, const char *sale_id, const char *reason,
                         PosSale **out, GError **error);
/*
** Refunds whole lines (0-based line numbers of the original) paid back with
** method: STATE if a line was already refunded or the sale was voided.
*/
gboolean pos_ledger_refund(PosLedger *ledger, const char *sale_id, const int *line_nos,
                           guint n_lines, PosTenderMethod method, const char *reason,
                           PosSale **out, GError **error);
/*
** Refunds parts of lines (pos_sale_refund_parts_of: a quantity or weight
** of a line, or 0 for what is left of it), never more than the sale's
** earlier refunds left (STATE, saying how much is), paid back with method
** (pos_refund_default_method gives the sale's own); paper Onnuri never
** back as cash from a sale that took no cash (INVALID).  Checked and
** written in one transaction.
*/
gboolean pos_ledger_refund_parts(PosLedger *ledger, const char *sale_id,
                                 const PosRefundPart *parts, guint n, PosTenderMethod method,
                                 const char *reason, PosSale **out, GError **error);
/* What is left to refund of each line of sale (one per line; all 0 once
** voided).  Transfer full (g_free). */
PosRefundLeft *pos_ledger_refund_left(PosLedger *ledger, const PosSale *sale, GError **error);
/* Loads any document by id, by receipt number or by the payload of its
** receipt's QR (pos_receipt_qr_payload). Transfer full. */
PosSale *pos_ledger_load_sale(PosLedger *ledger, const char *id_or_receipt_no,
                              GError **error);
/* Ids of the documents of a business day (NULL: all), in commit order. */
GPtrArray *pos_ledger_list_sales(PosLedger *ledger, const char *business_day,
                                 GError **error);

/* ---- Day close (Z report) --------------------------------------------- */

typedef struct {
  char *line_code;
  PosMoney amount;         /* net of refunds and voids */
} PosLineTotal;

typedef struct {
  int64_t session_id;
  int z_no;                 /* 1, 2, ... per business day */
  char business_day[11];    /* the day the session opened */
  int64_t opened_ms, closed_ms;
  PosMoney cash_float;
  int64_t receipts;         /* sales */
  int64_t voids;
  PosMoney voids_amount;    /* <= 0 */
  int64_t refunds;
  PosMoney refunds_amount;  /* <= 0 */
  PosMoney gross;           /* sales only */
  PosMoney total;           /* net: sales + voids + refunds */
  PosMoney taxable, supply, vat, exempt;  /* net */
  PosMoney discounts;       /* line + sale discounts on sales */
  PosMoney by_tender[POS_TENDER_N];   /* net of change, refunds, voids */
  PosMoney cash_in;         /* cash tendered */
  PosMoney change;          /* cash handed back */
  PosMoney paid_in;         /* cash moves into the drawer, >= 0 */
  PosMoney paid_out;        /* cash moves out of the drawer, >= 0 */
  int64_t cash_moves;       /* how many of both */
  PosMoney expected_cash;   /* float + cash in - change (refunds included)
                               + paid_in - paid_out */
  PosMoney counted_cash;
  PosMoney cash_difference; /* counted - expected (과부족) */
  int64_t cash_receipts_pending;
  GPtrArray *by_line;       /* of PosLineTotal*, owned, by code */
} PosZReport;

void pos_zreport_clear(PosZReport *z);

/* Figures of the open session so far (X report); counted cash 0. */
gboolean pos_ledger_x_report(PosLedger *ledger, PosZReport *out, GError **error);
/* The report of any session, open or closed (a reprint of its Z). */
gboolean pos_ledger_session_report(PosLedger *ledger, int64_t session_id, PosZReport *out,
                                   GError **error);
/*
** Closes the open session with the counted cash; writes a day_close event.
** When the counted cash differs from the expected by more than the stall's
** cash_diff_threshold the close is refused with CASH_DIFFERENCE (and the
** day stays open) unless accept_difference says the merchant confirmed it.
*/
gboolean pos_ledger_close_day_checked(PosLedger *ledger, PosMoney counted_cash,
                                      gboolean accept_difference, PosZReport *out,
                                      GError **error);
/* The same, accepting any difference: the caller already asked. */
gboolean pos_ledger_close_day(PosLedger *ledger, PosMoney counted_cash, PosZReport *out,
                              GError **error);

/* ---- Outbox ----------------------------------------------------------- */

typedef enum {
  POS_OUTBOX_PENDING = 0,
  POS_OUTBOX_SENT,
  POS_OUTBOX_REJECTED
} PosOutboxState;

typedef enum {
  POS_EVENT_SALE = 0,
  POS_EVENT_VOID,
  POS_EVENT_REFUND,
  POS_EVENT_DAY_CLOSE,
  POS_EVENT_PRODUCT
} PosEventKind;

const char *pos_event_kind_name(PosEventKind k);

typedef struct {
  int64_t seq;              /* outbox order */
  char event_id[POS_UUID_LEN + 1];
  PosEventKind kind;
  char *ref;                /* document id, session id or product id */
  int64_t created_ms;
  PosOutboxState state;
  int attempts;
  char *reject_code, *reject_message;
} PosOutboxRow;

void pos_outbox_row_free(PosOutboxRow *row);
/* Up to limit pending rows in seq order. Array of PosOutboxRow*. */
GPtrArray *pos_ledger_outbox_pending(PosLedger *ledger, guint limit, GError **error);
/*
** Every rejected row in seq order, with the hub's (or the sync client's)
** code and message and the attempts: what the merchant must see.  Array of
** PosOutboxRow*.
*/
GPtrArray *pos_ledger_outbox_rejected(PosLedger *ledger, GError **error);
/* Marks one row sent or rejected (code and message kept for the merchant). */
gboolean pos_ledger_outbox_mark(PosLedger *ledger, const char *event_id,
                                PosOutboxState state, const char *code,
                                const char *message, GError **error);
/* One verdict for pos_ledger_outbox_mark_many (all fields borrowed). */
typedef struct {
  const char *event_id;
  PosOutboxState state;
  const char *code, *message;
} PosOutboxMark;
/*
** Marks a whole batch of verdicts in one transaction: one WAL commit instead
** of one per event.  All or nothing: an unknown id (NOT_FOUND) marks none.
*/
gboolean pos_ledger_outbox_mark_many(PosLedger *ledger, const PosOutboxMark *marks, guint n,
                                     GError **error);
gboolean pos_ledger_outbox_counts(PosLedger *ledger, int64_t *pending, int64_t *sent,
                                  int64_t *rejected, GError **error);

/* ---- Print queue and drawer log (pos-ledger-print.c) ------------------ */

/*
** A print job is kept in the ledger before the printer is tried, so a
** receipt that could not print (paper out, printer off) is never lost: it
** stays queued with the last error and prints on retry.  The bytes are the
** finished ESC/POS stream without a drawer kick: a retry never opens the
** drawer.  A sale is committed before its job is made and never waits for
** a device.
*/
typedef enum {
  POS_PRINT_RECEIPT = 0,
  POS_PRINT_ZREPORT,
  POS_PRINT_TEST
} PosPrintKind;

const char *pos_print_kind_name(PosPrintKind kind);

typedef struct {
  int64_t id;
  PosPrintKind kind;
  char *ref;                /* document id, session id, or "test" */
  char *printer;            /* the printer URI it is for */
  GBytes *bytes;            /* the ESC/POS stream */
  int64_t created_ms;
  gboolean printed;
  int attempts;
  char *last_code, *last_message;   /* the last failure, or NULL */
} PosPrintJob;

void pos_print_job_free(PosPrintJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosPrintJob, pos_print_job_free)

/* Queues a job (committed at once); *id its number.  INVALID for empty bytes. */
gboolean pos_ledger_print_enqueue(PosLedger *ledger, PosPrintKind kind, const char *ref,
                                  const char *printer, GBytes *bytes, int64_t *id,
                                  GError **error);
/* Every queued job, oldest first.  Array of PosPrintJob*, transfer full. */
GPtrArray *pos_ledger_print_queued(PosLedger *ledger, GError **error);
/* One job by number (NOT_FOUND). Transfer full. */
PosPrintJob *pos_ledger_print_job(PosLedger *ledger, int64_t id, GError **error);
/*
** Records an attempt: printed, or still queued with the failure's code and
** message (both NULL when printed).  STATE for a job already printed.
*/
gboolean pos_ledger_print_attempt(PosLedger *ledger, int64_t id, gboolean printed,
                                  const char *code, const char *message, GError **error);
/* TRUE in *before when a job of kind for ref was made before: a reprint. */
gboolean pos_ledger_print_seen(PosLedger *ledger, PosPrintKind kind, const char *ref,
                               gboolean *before, GError **error);
/* Logs a drawer opening with its reason (1-200 bytes; INVALID) and ref (may be NULL). */
gboolean pos_ledger_drawer_log(PosLedger *ledger, const char *reason, const char *ref,
                               GError **error);
/* The last day session of business day (YYYY-MM-DD): NOT_FOUND when none. */
gboolean pos_ledger_day_session(PosLedger *ledger, const char *business_day,
                                int64_t *session_id, GError **error);

/* PRAGMA integrity_check plus the ledger's own identities on every document. */
gboolean pos_ledger_check(PosLedger *ledger, GError **error);

/* Now in Unix ms; MPOS_NOW (ISO 8601) overrides it for tests and demos. */
int64_t pos_now_ms(void);

G_END_DECLS
#endif
