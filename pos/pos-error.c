/*
** pos-error.c: the POS_ERROR domain and its table (pos-error.h).
**
** The table is made from the same POS_ERROR_CODES list as the enum, one
** row per code in code order, so a lookup by code is an index and nothing
** can be left out.  Names are part of the CLI and JSON contract
** (docs/ERRORS.md): an existing name never changes.
*/
#include "pos-error.h"

G_DEFINE_QUARK(mpos-pos-error-quark, pos_error)

/* pos_error_info, pos_error_code_name, pos_error_code_from_name, pos_error_table. */
MPOS_ERROR_DOMAIN_DEFINE(PosErrorCode, pos_error, POS_ERROR_CODES);
