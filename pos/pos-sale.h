/*
** pos-sale.h: products, the cart, tenders and the committed sale document.
**
** A PosCart is the sale being rung: lines, discounts, tenders.  It lives in
** memory only; pos_ledger_commit_sale() turns it into an immutable PosSale
** document.  Voids and refunds are PosSale documents too, of another kind,
** pointing at the original; their amounts are negative so that every sum
** over documents is already net.
**
** Reconciliation, to the won, for every document:
**   lines + rounding - line_discounts - sale_discount = total
**   total = taxable + exempt,  taxable = supply + vat
**   total = paid - change
*/
#ifndef POS_SALE_H
#define POS_SALE_H

#include "pos-money.h"

G_BEGIN_DECLS

typedef enum { POS_TAX_TAXABLE = 0, POS_TAX_EXEMPT = 1 } PosTaxClass;

typedef enum {
  POS_TENDER_CASH = 0,
  POS_TENDER_CARD,
  POS_TENDER_ZEROPAY,
  POS_TENDER_ONNURI_PAPER,
  POS_TENDER_ONNURI_CARD,
  POS_TENDER_ONNURI_MOBILE,
  POS_TENDER_TRANSFER,
  POS_TENDER_N
} PosTenderMethod;

typedef enum { POS_DOC_SALE = 0, POS_DOC_VOID, POS_DOC_REFUND } PosDocKind;

/* "cash", "card", "zeropay", "onnuri-paper", ...: the pinned CLI names. */
const char *pos_tender_method_name(PosTenderMethod m);
gboolean pos_tender_method_parse(const char *name, PosTenderMethod *out);
/* Korean label for receipts ("현금", "카드", ...). */
const char *pos_tender_method_label(PosTenderMethod m);
/* TRUE for tenders approved elsewhere whose reference must be recorded. */
gboolean pos_tender_method_needs_ref(PosTenderMethod m);
const char *pos_doc_kind_name(PosDocKind k);   /* "sale", "void", "refund" */

/* ---- Catalog --------------------------------------------------------- */

#define POS_LINE_CODE_MAX 16   /* product-line codes: [A-Z0-9_-], 1..16 */
#define POS_NAME_MAX 120       /* bytes of UTF-8 */

typedef struct {
  int64_t id;            /* ledger rowid; 0 before it is stored */
  int plu;               /* 1..99999 */
  char *name;            /* UTF-8 */
  char *line_code;       /* product line (market taxonomy code) */
  PosUnit unit;
  PosMoney price;        /* won per piece, or per kg */
  PosTaxClass tax;
  char *barcode;         /* 8 or 13 digits, or NULL */
  int quick_key;         /* position on the till grid, -1 for none */
  gboolean active;
} PosProduct;

PosProduct *pos_product_new(void);                      /* transfer full */
/* A new active product with the fields a catalog entry needs; no barcode, no quick
** key.  Strings are copied.  Transfer full; not validated (see pos_product_validate). */
PosProduct *pos_product_new_simple(int plu, const char *name, const char *line_code,
                                   PosUnit unit, PosMoney price, PosTaxClass tax);
PosProduct *pos_product_copy(const PosProduct *p);      /* transfer full */
void pos_product_free(PosProduct *p);
/* Checks every field (ranges, code charset, barcode check digit). */
gboolean pos_product_validate(const PosProduct *p, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosProduct, pos_product_free)

/* Product-line code charset and length check. */
gboolean pos_line_code_valid(const char *code);

/* EAN-8/EAN-13 check digit test; digits only. */
gboolean pos_ean_valid(const char *code);

/*
** In-store barcodes (EAN-13 prefixes 20-29).  A stall describes its layout as
** a 13-character pattern: the first two digits literally, 'P' for the item
** number (matched against the PLU), 'W' for the weight in grams or 'V' for the
** price in won, 'C' for the check digit; e.g. "21PPPPPWWWWWC" or
** "22PPPPPVVVVVC".  The check digit is verified.
*/
typedef struct {
  int plu;
  gboolean has_weight;
  int64_t grams;         /* with has_weight */
  gboolean has_price;
  PosMoney price;        /* with has_price: the line amount in won */
} PosInstoreCode;

gboolean pos_instore_pattern_valid(const char *pattern, GError **error);
/* FALSE with POS_ERROR_NOT_FOUND when code does not fit pattern. */
gboolean pos_instore_decode(const char *pattern, const char *code,
                            PosInstoreCode *out, GError **error);

/* ---- Lines, tenders, totals ----------------------------------------- */

typedef struct {
  int64_t product_id;
  int plu;
  char *name;
  char *line_code;
  PosUnit unit;
  PosTaxClass tax;
  PosMoney list_price;     /* catalog price */
  PosMoney unit_price;     /* price charged (after an override) */
  char *override_reason;   /* NULL unless unit_price != list_price */
  int64_t qty_milli;       /* negative on refund/void documents */
  PosMoney amount;         /* unit_price x qty, half up; or a fixed amount
                              from a price-carrying barcode */
  PosMoney rounding;       /* <= 0 on sales: weighed rounding down */
  PosMoney line_discount;  /* >= 0 on sales */
  char *discount_reason;
  PosMoney sale_discount_share; /* this line's part of the sale discount */
  PosMoney net;            /* amount + rounding - line_discount - share */
  int refunded_from;       /* on refunds: the original line number, else -1 */
  gboolean fixed_amount;   /* amount came from a price barcode: qty is derived */
} PosLine;

typedef struct {
  PosTenderMethod method;
  PosMoney amount;        /* face value handed over (negative on refunds) */
  char *ref;              /* approval / reference number, or NULL */
} PosTender;

typedef struct {
  PosMoney lines;          /* sum of amounts */
  PosMoney rounding;
  PosMoney line_discounts;
  PosMoney sale_discount;
  PosMoney total;
  PosMoney taxable;        /* VAT-inclusive taxable total */
  PosMoney supply;         /* round(taxable / 1.1) */
  PosMoney vat;            /* taxable - supply */
  PosMoney exempt;
} PosTotals;

typedef struct {
  PosMoney paid;           /* sum of tenders */
  PosMoney change;         /* handed back in cash */
  PosMoney onnuri_paper_spent; /* part of the paper face value spent */
} PosSettlement;

/*
** Splits a VAT-inclusive taxable total: supply = round(T / 1.1) half away
** from zero, vat = T - supply (docs/DOMAIN.md, VAT).
*/
void pos_vat_split(PosMoney taxable, PosMoney *supply, PosMoney *vat);

/*
** The paper Onnuri change rule, in one place.  Cash back on the unspent
** face value only once spent * 100 >= threshold_pct * face.  Default 60:
** 소상공인시장진흥공단, 온누리상품권 취급 안내 (as reported in 2019); some
** sources give 80% for larger notes, hence a per-stall setting
** (docs/DOMAIN.md, Onnuri certificates).
*/
#define POS_ONNURI_CHANGE_PCT_DEFAULT 60
gboolean pos_onnuri_change_allowed(PosMoney face, PosMoney spent, int threshold_pct);

/* ---- The cart -------------------------------------------------------- */

typedef struct PosCart PosCart;

typedef struct {
  int rounding_unit;        /* 1, 10 or 100: weighed lines round down */
  int onnuri_change_pct;    /* see pos_onnuri_change_allowed() */
} PosCartRules;

PosCart *pos_cart_new(const PosCartRules *rules);     /* transfer full */
void pos_cart_free(PosCart *cart);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosCart, pos_cart_free)

/* Adds qty_milli of product; returns the new line's index via *index. */
gboolean pos_cart_add(PosCart *cart, const PosProduct *product, int64_t qty_milli,
                      int *index, GError **error);
/* Adds a line whose amount was fixed by a price-carrying barcode. */
gboolean pos_cart_add_priced(PosCart *cart, const PosProduct *product,
                             PosMoney amount, int *index, GError **error);
gboolean pos_cart_set_qty(PosCart *cart, int index, int64_t qty_milli, GError **error);
gboolean pos_cart_remove(PosCart *cart, int index, GError **error);
/* Price override (haggling): reason required. */
gboolean pos_cart_override_price(PosCart *cart, int index, PosMoney unit_price,
                                 const char *reason, GError **error);
/* Line discount in won (덤, haggling): reason required; 0 clears it. */
gboolean pos_cart_discount_line(PosCart *cart, int index, PosMoney won,
                                const char *reason, GError **error);
gboolean pos_cart_discount_sale(PosCart *cart, PosMoney won, const char *reason,
                                GError **error);
/* Customer identifier for a 현금영수증: 10-18 digits (phone, 사업자번호, card). */
gboolean pos_cart_set_cash_receipt(PosCart *cart, const char *identifier, GError **error);

gboolean pos_cart_add_tender(PosCart *cart, PosTenderMethod method, PosMoney amount,
                             const char *ref, GError **error);
void pos_cart_clear_tenders(PosCart *cart);
void pos_cart_clear(PosCart *cart);

guint pos_cart_n_lines(const PosCart *cart);
const PosLine *pos_cart_line(const PosCart *cart, guint index);   /* transfer none */
guint pos_cart_n_tenders(const PosCart *cart);
const PosTender *pos_cart_tender(const PosCart *cart, guint index); /* transfer none */
const char *pos_cart_cash_receipt(const PosCart *cart);            /* transfer none */
const char *pos_cart_sale_discount_reason(const PosCart *cart);    /* transfer none */

/* Totals of the cart as it stands (discount shares are filled in). */
gboolean pos_cart_totals(PosCart *cart, PosTotals *out, GError **error);
/* Totals plus the tender check: UNDERPAID, OVERPAID, ONNURI_CHANGE. */
gboolean pos_cart_settle(PosCart *cart, PosTotals *totals, PosSettlement *out,
                         GError **error);

/* ---- The committed document ------------------------------------------ */

#define POS_UUID_LEN 36

typedef struct {
  char id[POS_UUID_LEN + 1];          /* UUIDv7 */
  PosDocKind kind;
  char original_id[POS_UUID_LEN + 1]; /* "" for sales */
  char original_receipt_no[40];       /* the original's receipt number, or "" */
  char receipt_no[40];                /* DEVICE-YYYYMMDD-NNNN */
  char business_day[11];              /* YYYY-MM-DD, Asia/Seoul */
  int64_t device_time_ms;             /* Unix ms when committed */
  int64_t session_id;                 /* day session (cash drawer) */
  PosTotals totals;
  PosSettlement settlement;
  char *sale_discount_reason;
  char *cash_receipt_id;              /* NULL unless requested */
  char *reason;                       /* void/refund reason */
  GPtrArray *lines;                   /* of PosLine*, owned */
  GPtrArray *tenders;                 /* of PosTender*, owned */
} PosSale;

PosSale *pos_sale_new(void);          /* transfer full */
void pos_sale_free(PosSale *sale);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosSale, pos_sale_free)
/*
** Re-derives every sum of the document and checks the identities above;
** UNRECONCILED (its own code, so the hub can answer "unreconciled" without
** reading the message) when they do not hold.
*/
gboolean pos_sale_check(const PosSale *sale, GError **error);

/*
** Pure document builders, shared by the ledger and the demo-data generator.
** Each stamps the document with now_ms (id, business day); the ledger then
** numbers and stores it.  Transfer full; NULL with an error.
**   from_cart: settles the cart (UNDERPAID, OVERPAID, ONNURI_CHANGE...).
**   void_of:   the exact negation of a sale, tenders included.
**   refund_of: the negated lines given (0-based, each once: INVALID on a
**              repeat, NOT_FOUND out of range), repaid in one tender.
*/
PosSale *pos_sale_from_cart(PosCart *cart, int64_t now_ms, GError **error);
PosSale *pos_sale_void_of(const PosSale *orig, int64_t now_ms, const char *reason);
PosSale *pos_sale_refund_of(const PosSale *orig, const int *line_nos, guint n_lines,
                            PosTenderMethod method, int64_t now_ms, const char *reason,
                            GError **error);

/*
** Part of a line to refund: line_no (0-based) of the original, and
** qty_milli of it (pieces x 1000, or grams), or 0 for all that is left.
*/
typedef struct {
  int line_no;
  int64_t qty_milli;
} PosRefundPart;

/* What is left to refund of one line of a sale after its earlier refunds. */
typedef struct {
  int64_t qty_milli;
  PosMoney net;
} PosRefundLeft;

/*
** The refund of parts of lines, given what is left of each line of orig
** (left[i] for line i; NULL: nothing refunded yet).  A part takes its
** quantity back at the line's unit price, and its net in proportion of the
** line's net, half up, capped by what is left; the last part of a line
** (qty equal to what is left) takes exactly the net left, so all the
** refunds of a line together repay its net to the won.  Errors: INVALID
** (no parts, a bad method, a line given twice, a quantity <= 0 or not
** whole pieces), NOT_FOUND (no such line), STATE (more than is left: the
** message says how much is).  Transfer full.
*/
PosSale *pos_sale_refund_parts_of(const PosSale *orig, const PosRefundPart *parts, guint n,
                                  const PosRefundLeft *left, PosTenderMethod method,
                                  int64_t now_ms, const char *reason, GError **error);
/*
** The tender a refund of orig goes back to by default: the method that
** paid most of the sale (cash net of change), the first on a tie
** (docs/DOMAIN.md, Refunds).
*/
PosTenderMethod pos_refund_default_method(const PosSale *orig);

/* Makes a UUIDv7 (RFC 9562) for time ms into out[37]; monotonic per process. */
void pos_uuid7(int64_t unix_ms, char out[POS_UUID_LEN + 1]);
gboolean pos_uuid_valid(const char *text);

G_END_DECLS
#endif
