/*
** wire-error.c: the table of the hub's answer codes, the error body
** and its reading (wire-error.h).
**
** The table is made from SYNC_WIRE_CODES, one row per code in code order,
** so a lookup by code is an index; a lookup by name scans the table.  The
** body is built and read with cJSON here only, so both ends share one
** shape of the answer.
*/
#include "wire-error.h"
#include "wire-codec.h"
#include <cjson/cJSON.h>
#include <string.h>

/* sync_wire_info, sync_wire_code_name, sync_wire_table (mpos-errors.h). */
MPOS_ERROR_TABLE_DEFINE(sync_wire, SYNC_WIRE_CODES, SyncWireCode);

/* Not through an out-parameter: the clients read an answer's code as a value. */
SyncWireCode sync_wire_code_from_name(const char *name)
{
  const MposErrorInfo *info =
    mpos_error_table_find_name(sync_wire_rows_, G_N_ELEMENTS(sync_wire_rows_), name);
  return info ? (SyncWireCode)info->code : SYNC_WIRE_NONE;
}

gboolean sync_wire_code_is_verdict(SyncWireCode code)
{
  const MposErrorInfo *info = sync_wire_info(code);
  return info && info->http_status == 200;
}

/* Printed by the wire's one cJSON printer (g_malloc memory). */
char *sync_wire_error_body(SyncWireCode code, const char *message)
{
  const MposErrorInfo *info = sync_wire_info(code);
  cJSON *o = cJSON_CreateObject();
  cJSON *e = cJSON_AddObjectToObject(o, "error");
  cJSON_AddStringToObject(e, "code", info ? info->name : "internal");
  cJSON_AddStringToObject(e, "message", message ? message : info ? info->message : "");
  char *out = wire_json_print_cjson(o);
  cJSON_Delete(o);
  return out;
}

gboolean sync_wire_error_parse(const char *body, gsize len, SyncWireError *out)
{
  memset(out, 0, sizeof *out);
  cJSON *o = wire_json_parse_object(body, len, NULL);
  const cJSON *e = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, "error") : NULL;
  const cJSON *code = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "code") : NULL;
  const cJSON *msg = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "message") : NULL;
  gboolean ok = cJSON_IsString(code) && code->valuestring != NULL;
  if (ok) {
    out->name = g_strdup(code->valuestring);
    out->code = sync_wire_code_from_name(out->name);
    if (cJSON_IsString(msg) && msg->valuestring)
      out->message = g_strdup(msg->valuestring);
  }
  cJSON_Delete(o);
  return ok;
}

/* Zeroes, so a cleared value can be cleared again. */
void sync_wire_error_clear(SyncWireError *e)
{
  g_free(e->name);
  g_free(e->message);
  memset(e, 0, sizeof *e);
}
