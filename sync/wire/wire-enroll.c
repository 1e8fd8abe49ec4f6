/*
** wire-enroll.c: POST /v1/enroll on the wire (the till trades a one-time
** code for a device token) and the enroll-code answer the office shows as a
** QR code.
**
** Method.  Requests and answers are small flat objects; each is written by
** one function here and read by one.  The hub's checks of a request (a code,
** a safe device id, an optional stall name) and the till's checks of an
** answer (a 64-hex-digit token, a stall code) are decoding, so they live
** here; what a token is worth is the hub's business.  Strings that are read
** point into the caller's tree: transfer none.
*/
#include "wire-codec.h"
#include <string.h>

/* {"code","device_id","stall_name"}, printed by cJSON as tills always sent it. */
char *wire_enroll_request(const char *code, const char *device_id, const char *stall_name)
{
  g_autoptr(cJSON) req = cJSON_CreateObject();
  cJSON_AddStringToObject(req, "code", code);
  cJSON_AddStringToObject(req, "device_id", device_id);
  cJSON_AddStringToObject(req, "stall_name", stall_name);
  return wire_json_print_cjson(req);
}

/* Device ids are the till's own: short, plain, safe to show anywhere. */
static gboolean device_id_ok(const char *id)
{
  size_t n = id ? strlen(id) : 0;
  return n >= 1 && n <= 32
         && strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

/* Fields checked in order; the first bad one is named. */
gboolean wire_enroll_request_from_json(const cJSON *o, const char **code,
                                       const char **device_id, const char **stall_name,
                                       GError **error)
{
  *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "code"));
  *device_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "device_id"));
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "stall_name");
  *stall_name = cJSON_GetStringValue(name);
  if (*code == NULL) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field code: must be a string");
    return FALSE;
  }
  if (!device_id_ok(*device_id)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field device_id: 1-32 letters, digits, '-' or '_'");
    return FALSE;
  }
  if (name && !cJSON_IsNull(name) && !cJSON_IsString(name)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field stall_name: must be a string");
    return FALSE;
  }
  return TRUE;
}

/* The stall with its market, as both enroll answers show it. */
static cJSON *stall_json(const WireStall *s)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "code", s->code);
  cJSON_AddStringToObject(o, "name", s->name);
  cJSON *m = cJSON_AddObjectToObject(o, "market");
  cJSON_AddStringToObject(m, "code", s->market_code);
  cJSON_AddStringToObject(m, "name", s->market_name);
  return o;
}

/* {KEY: value, "stall": {...}, TIME_KEY: ms}: the shape of both enroll answers. */
static char *stall_answer(const char *key, const char *value, const WireStall *stall,
                          const char *time_key, int64_t ms)
{
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, key, value);
  cJSON_AddItemToObject(o, "stall", stall_json(stall));
  wire_json_add_int(o, time_key, ms);
  return wire_json_print_cjson(o);
}

/* One secret, the stall it belongs to, and the hub's clock for the till's skew. */
char *wire_enroll_answer(const char *token, const WireStall *stall, int64_t hub_time_ms)
{
  return stall_answer("token", token, stall, "hub_time_ms", hub_time_ms);
}

/* The code to show (as text and QR), its stall and when it stops working. */
char *wire_enroll_code_answer(const char *code, const WireStall *stall, int64_t expires_ms)
{
  return stall_answer("code", code, stall, "expires_ms", expires_ms);
}

/* 64 lower-case hex digits (PROTOCOL.md); anything else is not a token. */
static gboolean token_valid(const char *t)
{
  return t && strlen(t) == 64 && strspn(t, "0123456789abcdef") == 64;
}

/* The stall object of both answers into *out (strings in the tree); FALSE without a code. */
static gboolean stall_from_json(const cJSON *stall, WireStall *out)
{
  const cJSON *market = stall ? cJSON_GetObjectItemCaseSensitive(stall, "market") : NULL;
  out->code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stall, "code"));
  out->name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(stall, "name"));
  out->market_code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(market, "code"));
  out->market_name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(market, "name"));
  return out->code != NULL;
}

/* The token and the stall code are required; names and the clock are not. */
gboolean wire_enroll_answer_from_json(const cJSON *o, WireEnrollAnswer *out, GError **error)
{
  memset(out, 0, sizeof *out);
  const cJSON *hub_time = o ? cJSON_GetObjectItemCaseSensitive(o, "hub_time_ms") : NULL;
  out->token = o ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "token")) : NULL;
  if (!token_valid(out->token)
      || !stall_from_json(o ? cJSON_GetObjectItemCaseSensitive(o, "stall") : NULL, &out->stall)) {
    memset(out, 0, sizeof *out);
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "the answer lacks a valid token or stall code");
    return FALSE;
  }
  out->has_hub_time = wire_json_int(hub_time, 0, WIRE_TIME_MAX, &out->hub_time_ms);
  return TRUE;
}

/* The code, the stall's code and the expiry are required; the names are not. */
gboolean wire_enroll_code_answer_from_json(const cJSON *o, WireEnrollCodeAnswer *out,
                                           GError **error)
{
  memset(out, 0, sizeof *out);
  out->code = o ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "code")) : NULL;
  if (out->code == NULL
      || !stall_from_json(o ? cJSON_GetObjectItemCaseSensitive(o, "stall") : NULL, &out->stall)
      || !wire_json_get_int(o, "expires_ms", 0, WIRE_TIME_MAX, &out->expires_ms)) {
    memset(out, 0, sizeof *out);
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "the answer lacks a code, a stall code or an integer expires_ms");
    return FALSE;
  }
  return TRUE;
}
