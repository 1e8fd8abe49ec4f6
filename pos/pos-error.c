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

#define POS_ERROR_ROW_(id, name, http, exit, message) \
  {POS_ERROR_##id, name, http, exit, message},
static const MposErrorInfo error_rows[] = {POS_ERROR_CODES(POS_ERROR_ROW_)};
#undef POS_ERROR_ROW_

const MposErrorInfo *pos_error_info(int code)
{
  return code >= 1 && (gsize)code <= G_N_ELEMENTS(error_rows) ? &error_rows[code - 1] : NULL;
}

const char *pos_error_code_name(int code)
{
  const MposErrorInfo *info = pos_error_info(code);
  return info ? info->name : "unknown";
}

gboolean pos_error_code_from_name(const char *name, PosErrorCode *out)
{
  const MposErrorInfo *info =
    mpos_error_table_find_name(error_rows, G_N_ELEMENTS(error_rows), name);
  if (info == NULL)
    return FALSE;
  *out = (PosErrorCode)info->code;
  return TRUE;
}

const MposErrorInfo *pos_error_table(gsize *n)
{
  *n = G_N_ELEMENTS(error_rows);
  return error_rows;
}
