/*
** pos-error.h: the error domain of the stall side.
**
** Every fallible pos_ function takes a GError ** last and returns FALSE (or
** NULL) on failure with a PosError code set.  Each code has a stable name,
** pos_error_code_name(), that the CLI prints and JSON carries: scripts key on
** the name, never on the message, so names are never changed, only added.
*/
#ifndef POS_ERROR_H
#define POS_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define POS_ERROR (pos_error_quark())
GQuark pos_error_quark(void);

typedef enum {
  POS_ERROR_INVALID = 1,     /* malformed or out-of-range input */
  POS_ERROR_OVERFLOW,        /* an amount beyond POS_MONEY_MAX */
  POS_ERROR_NOT_FOUND,       /* unknown product, sale, line */
  POS_ERROR_UNDERPAID,       /* tenders below the total */
  POS_ERROR_OVERPAID,        /* a non-cash tender beyond what is due */
  POS_ERROR_ONNURI_CHANGE,   /* paper Onnuri change refused by the 60% rule */
  POS_ERROR_STATE,           /* not allowed now: already voided, no open day... */
  POS_ERROR_CONFLICT,        /* duplicate PLU, barcode, ... */
  POS_ERROR_DB,              /* any other SQLite failure */
  POS_ERROR_READONLY,        /* ledger file cannot be written */
  POS_ERROR_NOT_A_DB,        /* file is not a ledger (or is corrupt) */
  POS_ERROR_FULL,            /* disk or database full */
  POS_ERROR_BUSY,            /* another process holds the ledger */
  POS_ERROR_SCHEMA,          /* ledger from a newer program */
  POS_ERROR_IO,              /* a file outside the ledger */
  POS_ERROR_NOT_INITIALISED  /* ledger has no stall yet: run init */
} PosErrorCode;

/* Stable lower-case name of a code ("overflow", "not_found"...); never NULL. */
const char *pos_error_code_name(int code);

G_END_DECLS
#endif
