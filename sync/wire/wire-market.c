/*
** wire-market.c: GET /v1/markets (the markets a token reads, with their
** stall counts) and GET /v1/markets/CODE/stalls (a market's stall registry
** with each stall's last sync) on the wire.
**
** Method.  Written like the taxonomy: an empty object with its array
** (wire_markets_new, wire_market_stalls_new), then one entry at a time
** (wire_json_add_entry) in the hub's order, so the hub needs no
** intermediate list.  Read strictly:
** every entry needs a code and a name, counts are integers, and a stall's
** two sync members are both null (never synced) or the same time, the ISO
** text being the one the encoder writes for the ms.  One bad entry refuses
** the whole answer.  Decoded entries borrow their strings from the tree.
*/
#include "mb-clock.h"
#include "wire-codec.h"

/* Codes and names as the hub stores them. */
#define MARKET_CODE_MAX 16
#define MARKET_NAME_MAX 256

/* Member name of o if it is an array; else NULL and a BAD_REQUEST naming it. */
static const cJSON *array_member(const cJSON *o, const char *name, GError **error)
{
  const cJSON *arr = o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
  if (cJSON_IsArray(arr))
    return arr;
  g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "no %s array", name);
  return NULL;
}

/* An entry's code and name (in the tree); FALSE when either is missing. */
static gboolean entry_names(const cJSON *item, const char **code, const char **name)
{
  *code = wire_json_get_str(item, "code", MARKET_CODE_MAX);
  *name = wire_json_get_str(item, "name", MARKET_NAME_MAX);
  return *code && *name;
}

/* {"markets":[]}. */
cJSON *wire_markets_new(void)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddArrayToObject(o, "markets");
  return o;
}

/* One market appended, in the order given. */
void wire_markets_add(cJSON *markets, const char *code, const char *name, int64_t stalls)
{
  cJSON *j = wire_json_add_entry(markets, "markets");
  cJSON_AddStringToObject(j, "code", code);
  cJSON_AddStringToObject(j, "name", name);
  wire_json_add_int(j, "stalls", stalls);
}

/* All markets or none. */
GArray *wire_markets_from_json(const cJSON *o, GError **error)
{
  const cJSON *arr = array_member(o, "markets", error), *item;
  if (arr == NULL)
    return NULL;
  g_autoptr(GArray) out = g_array_new(FALSE, TRUE, sizeof(WireMarket));
  cJSON_ArrayForEach(item, arr) {
    WireMarket m = {0};
    if (!entry_names(item, &m.code, &m.name)
        || !wire_json_get_int(item, "stalls", 0, G_MAXINT, &m.stalls)) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                  "a market without a code, a name or an integer count of stalls");
      return NULL;
    }
    g_array_append_val(out, m);
  }
  return g_steal_pointer(&out);
}

/* {"market":CODE,"stalls":[]}. */
cJSON *wire_market_stalls_new(const char *market)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "market", market);
  cJSON_AddArrayToObject(o, "stalls");
  return o;
}

/* One stall appended; last_sync_ms <= 0 writes both sync members null. */
void wire_market_stalls_add(cJSON *registry, const char *code, const char *name,
                            int64_t last_sync_ms)
{
  cJSON *j = wire_json_add_entry(registry, "stalls");
  cJSON_AddStringToObject(j, "code", code);
  cJSON_AddStringToObject(j, "name", name);
  if (last_sync_ms > 0) {
    g_autofree char *iso = mb_clock_iso(last_sync_ms);
    cJSON_AddStringToObject(j, "last_sync", iso);
    wire_json_add_int(j, "last_sync_ms", last_sync_ms);
  } else {
    cJSON_AddNullToObject(j, "last_sync");
    cJSON_AddNullToObject(j, "last_sync_ms");
  }
}

/* Both null, or the ms and the ISO text of the same second. */
static gboolean stall_sync(const cJSON *item, int64_t *ms)
{
  const cJSON *iso = cJSON_GetObjectItemCaseSensitive(item, "last_sync");
  int64_t at = 0;
  if (cJSON_IsNull(iso) && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(item, "last_sync_ms")))
    return TRUE;
  return wire_json_get_int(item, "last_sync_ms", 1, WIRE_TIME_MAX, ms)
         && wire_sync_time_parse(cJSON_GetStringValue(iso), &at) && at == *ms / 1000 * 1000;
}

/* The market's code into *market (in o); all stalls or none. */
GArray *wire_market_stalls_from_json(const cJSON *o, const char **market, GError **error)
{
  *market = wire_json_get_str(o, "market", MARKET_CODE_MAX);
  if (*market == NULL) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field market: not a market code");
    return NULL;
  }
  const cJSON *arr = array_member(o, "stalls", error), *item;
  if (arr == NULL)
    return NULL;
  g_autoptr(GArray) out = g_array_new(FALSE, TRUE, sizeof(WireStallSync));
  cJSON_ArrayForEach(item, arr) {
    WireStallSync s = {0};
    if (!entry_names(item, &s.code, &s.name)) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "a stall without a code or a name");
      return NULL;
    }
    if (!stall_sync(item, &s.last_sync_ms)) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                  "stall %s: last_sync and last_sync_ms both null or the same time", s.code);
      return NULL;
    }
    g_array_append_val(out, s);
  }
  return g_steal_pointer(&out);
}
