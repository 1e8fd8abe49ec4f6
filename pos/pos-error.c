/*
** pos-error.c: the POS_ERROR domain and the stable names of its codes.
*/
#include "pos-error.h"

G_DEFINE_QUARK(mpos-pos-error-quark, pos_error)

/*
** Names are part of the CLI and JSON contract (docs/stall.md): scripts test
** them, so an existing name never changes.
*/
const char *pos_error_code_name(int code)
{
  switch ((PosErrorCode)code) {
  case POS_ERROR_INVALID: return "invalid";
  case POS_ERROR_OVERFLOW: return "overflow";
  case POS_ERROR_NOT_FOUND: return "not_found";
  case POS_ERROR_UNDERPAID: return "underpaid";
  case POS_ERROR_OVERPAID: return "overpaid";
  case POS_ERROR_ONNURI_CHANGE: return "onnuri_change";
  case POS_ERROR_STATE: return "state";
  case POS_ERROR_CONFLICT: return "conflict";
  case POS_ERROR_DB: return "db";
  case POS_ERROR_READONLY: return "readonly";
  case POS_ERROR_NOT_A_DB: return "not_a_db";
  case POS_ERROR_FULL: return "full";
  case POS_ERROR_BUSY: return "busy";
  case POS_ERROR_SCHEMA: return "schema";
  case POS_ERROR_IO: return "io";
  case POS_ERROR_NOT_INITIALISED: return "not_initialised";
  }
  return "unknown";
}
