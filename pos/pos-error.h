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
** X(CODE, name, HTTP status, exit status, default message).  New codes go at
** the end, so that the numbers of the others never change.
*/
#define POS_ERROR_CODES(X)                                                                \
  X(POS_ERROR_INVALID, "invalid", 0, MPOS_EXIT_INPUT, "malformed or out-of-range input")  \
  X(POS_ERROR_OVERFLOW, "overflow", 0, MPOS_EXIT_INPUT,                                   \
    "an amount beyond 999,999,999,999 won")                                               \
  X(POS_ERROR_NOT_FOUND, "not_found", 0, MPOS_EXIT_NOT_FOUND,                             \
    "no such product, sale or line")                                                      \
  X(POS_ERROR_UNDERPAID, "underpaid", 0, MPOS_EXIT_INPUT,                                 \
    "the tenders are less than the total")                                                \
  X(POS_ERROR_OVERPAID, "overpaid", 0, MPOS_EXIT_INPUT,                                   \
    "a non-cash tender beyond what is due")                                               \
  X(POS_ERROR_ONNURI_CHANGE, "onnuri_change", 0, MPOS_EXIT_INPUT,                         \
    "paper Onnuri change refused by the threshold rule")                                  \
  X(POS_ERROR_STATE, "state", 0, MPOS_EXIT_REFUSED,                                       \
    "not allowed now: already voided, no open day, a day already open")                   \
  X(POS_ERROR_CONFLICT, "conflict", 0, MPOS_EXIT_REFUSED,                                 \
    "a PLU or barcode that is already taken")                                             \
  X(POS_ERROR_DB, "db", 0, MPOS_EXIT_STORAGE, "the ledger database failed")               \
  X(POS_ERROR_READONLY, "readonly", 0, MPOS_EXIT_STORAGE,                                 \
    "the ledger file cannot be written")                                                  \
  X(POS_ERROR_NOT_A_DB, "not_a_db", 0, MPOS_EXIT_STORAGE,                                 \
    "the file is not a stall ledger, or damaged")                                         \
  X(POS_ERROR_FULL, "full", 0, MPOS_EXIT_STORAGE, "the disk or the database is full")     \
  X(POS_ERROR_BUSY, "busy", 0, MPOS_EXIT_STORAGE, "another process holds the ledger")     \
  X(POS_ERROR_SCHEMA, "schema", 0, MPOS_EXIT_STORAGE,                                     \
    "the ledger was written by a newer program")                                          \
  X(POS_ERROR_IO, "io", 0, MPOS_EXIT_STORAGE,                                             \
    "a file outside the ledger cannot be read or written")                                \
  X(POS_ERROR_NOT_INITIALISED, "not_initialised", 0, MPOS_EXIT_REFUSED,                   \
    "the ledger has no stall yet: run 'stall init'")                                      \
  X(POS_ERROR_UNRECONCILED, "unreconciled", 0, MPOS_EXIT_INPUT,                           \
    "a document whose sums do not add up")                                                \
  X(POS_ERROR_UNKNOWN_LINE, "unknown_line", 0, MPOS_EXIT_INPUT,                           \
    "a product line the market's taxonomy does not know")                                 \
  X(POS_ERROR_DEVICE_URI, "device_uri", 0, MPOS_EXIT_INPUT,                               \
    "not a device URI: usb:PATH, serial:PATH?baud=N, tcp://HOST:PORT, cups:QUEUE")        \
  X(POS_ERROR_DEVICE, "device", 0, MPOS_EXIT_DEVICE,                                      \
    "the device cannot be opened, reached or written: unplugged, off or refused")         \
  X(POS_ERROR_DEVICE_TIMEOUT, "device_timeout", 0, MPOS_EXIT_DEVICE,                      \
    "the device did not answer in time")                                                  \
  X(POS_ERROR_PAPER_OUT, "paper_out", 0, MPOS_EXIT_DEVICE, "the printer is out of paper") \
  X(POS_ERROR_COVER_OPEN, "cover_open", 0, MPOS_EXIT_DEVICE, "the printer's cover is open") \
  X(POS_ERROR_PRINTER_OFFLINE, "printer_offline", 0, MPOS_EXIT_DEVICE,                    \
    "the printer reports itself offline or in error")                                     \
  X(POS_ERROR_SCALE_SILENT, "scale_silent", 0, MPOS_EXIT_DEVICE,                          \
    "no weight frame from the scale in time")                                             \
  X(POS_ERROR_SCALE_UNSTABLE, "scale_unstable", 0, MPOS_EXIT_DEVICE,                      \
    "the weight did not settle in time")                                                  \
  X(POS_ERROR_SCALE_OVERLOAD, "scale_overload", 0, MPOS_EXIT_INPUT,                       \
    "the load is beyond the scale's capacity")                                            \
  X(POS_ERROR_SCALE_NEGATIVE, "scale_negative", 0, MPOS_EXIT_INPUT,                       \
    "the scale shows a negative weight: clear the pan or re-zero the tare")            \
  X(POS_ERROR_CASH_DIFFERENCE, "cash_difference", 0, MPOS_EXIT_REFUSED,                   \
    "the counted cash differs from the expected by more than the stall's threshold")      \
  X(POS_ERROR_WEIGHT_UNIT, "weight_unit", 0, MPOS_EXIT_INPUT,                             \
    "a weight without a unit: say g, kg or 근")                                            \
  X(POS_ERROR_WEIGHT_MIN, "weight_min", 0, MPOS_EXIT_INPUT,                               \
    "a weight below the stall's minimum")

/* POS_ERROR_NONE is not a code: the numbering starts at 1. */
MPOS_ERROR_ENUM(PosErrorCode, POS_ERROR_NONE, POS_ERROR_CODES);

/*
** The lookups (mpos-errors.h): pos_error_info(code) the row, NULL for an
** unknown code; pos_error_code_name(code) the stable name ("overflow",
** "not_found"...), never NULL; pos_error_code_from_name(name, &out) FALSE
** for an unknown name; pos_error_table(&n) the whole table in code order.
*/
MPOS_ERROR_DOMAIN_DECLARE(PosErrorCode, pos_error);

G_END_DECLS
#endif
