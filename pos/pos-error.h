/*
** pos-error.h: the error domain of the stall side, and its table.
**
** Every fallible pos_ function takes a GError ** last and returns FALSE (or
** NULL) on failure with a PosError code set.  The codes are defined once,
** in POS_ERROR_CODES below: the enum and the table (pos-error.c) are both
** made from that list, so a code cannot exist without its row.  Each row
** gives the code's stable name (what the CLI prints and JSON carries:
** scripts key on the name, never on the message, so names are never
** changed, only added), its exit status (mpos-errors.h, the one scheme of
** every program) and a default message.  Ledger errors never cross the
** wire as such, so their HTTP status is 0.  docs/ERRORS.md lists them.
*/
#ifndef POS_ERROR_H
#define POS_ERROR_H

#include "mpos-errors.h"

G_BEGIN_DECLS

#define POS_ERROR (pos_error_quark())
GQuark pos_error_quark(void);

/*
** X(ID, name, HTTP status, exit status, default message).  New codes go at
** the end, so that the numbers of the others never change.
*/
#define POS_ERROR_CODES(X)                                                                 \
  X(INVALID, "invalid", 0, MPOS_EXIT_INPUT, "malformed or out-of-range input")             \
  X(OVERFLOW, "overflow", 0, MPOS_EXIT_INPUT, "an amount beyond 999,999,999,999 won")      \
  X(NOT_FOUND, "not_found", 0, MPOS_EXIT_NOT_FOUND, "no such product, sale or line")       \
  X(UNDERPAID, "underpaid", 0, MPOS_EXIT_INPUT, "the tenders are less than the total")     \
  X(OVERPAID, "overpaid", 0, MPOS_EXIT_INPUT, "a non-cash tender beyond what is due")      \
  X(ONNURI_CHANGE, "onnuri_change", 0, MPOS_EXIT_INPUT,                                    \
    "paper Onnuri change refused by the threshold rule")                                   \
  X(STATE, "state", 0, MPOS_EXIT_REFUSED,                                                  \
    "not allowed now: already voided, no open day, a day already open")                    \
  X(CONFLICT, "conflict", 0, MPOS_EXIT_REFUSED, "a PLU or barcode that is already taken")  \
  X(DB, "db", 0, MPOS_EXIT_STORAGE, "the ledger database failed")                          \
  X(READONLY, "readonly", 0, MPOS_EXIT_STORAGE, "the ledger file cannot be written")       \
  X(NOT_A_DB, "not_a_db", 0, MPOS_EXIT_STORAGE, "the file is not a stall ledger, or damaged") \
  X(FULL, "full", 0, MPOS_EXIT_STORAGE, "the disk or the database is full")                \
  X(BUSY, "busy", 0, MPOS_EXIT_STORAGE, "another process holds the ledger")                \
  X(SCHEMA, "schema", 0, MPOS_EXIT_STORAGE, "the ledger was written by a newer program")   \
  X(IO, "io", 0, MPOS_EXIT_STORAGE, "a file outside the ledger cannot be read or written") \
  X(NOT_INITIALISED, "not_initialised", 0, MPOS_EXIT_REFUSED,                              \
    "the ledger has no stall yet: run 'stall init'")                                       \
  X(UNRECONCILED, "unreconciled", 0, MPOS_EXIT_INPUT,                                      \
    "a document whose sums do not add up")

#define POS_ERROR_ENUM_(id, name, http, exit, message) POS_ERROR_##id,
typedef enum {
  POS_ERROR_NONE = 0,        /* not a code: the numbering starts at 1 */
  POS_ERROR_CODES(POS_ERROR_ENUM_)
} PosErrorCode;
#undef POS_ERROR_ENUM_

/* Stable lower-case name of a code ("overflow", "not_found"...); never NULL. */
const char *pos_error_code_name(int code);
/* The code's row (name, HTTP and exit status, message); NULL for an unknown code. */
const MposErrorInfo *pos_error_info(int code);
/* The code of a name through the table; FALSE for an unknown name. */
gboolean pos_error_code_from_name(const char *name, PosErrorCode *out);
/* The whole table, in code order (for tests and docs); *n gets its length. */
const MposErrorInfo *pos_error_table(gsize *n);

G_END_DECLS
#endif
