/*
** wire-product.c: a product of the stall's catalog on the wire (the
** "product" event of docs/PROTOCOL.md, and the stall CLI's JSON listing).
**
** Method.  The encoder writes the protocol's fields in their fixed order;
** the stall's own listing adds its local quick_key (a till layout position
** that never travels to the hub) before "active", so one function writes
** both and the shared fields cannot drift apart.  The decoder checks every
** field (type, range, product-line code, EAN check digit), names the first
** bad one and fills nothing on failure.
*/
#include "wire-codec.h"
#include <string.h>

/* Field order of docs/PROTOCOL.md; quick_key only for the stall's own listing. */
cJSON *wire_product_to_json(const PosProduct *p, gboolean with_quick_key)
{
  cJSON *o = cJSON_CreateObject();
  wire_json_add_int(o, "plu", p->plu);
  cJSON_AddStringToObject(o, "name", p->name);
  cJSON_AddStringToObject(o, "line", p->line_code);
  cJSON_AddStringToObject(o, "unit", p->unit == POS_UNIT_KG ? "kg" : "piece");
  wire_json_add_int(o, "price", p->price);
  cJSON_AddStringToObject(o, "tax", p->tax == POS_TAX_EXEMPT ? "exempt" : "taxable");
  wire_json_add_str(o, "barcode", p->barcode);
  if (with_quick_key)
    wire_json_add_int(o, "quick_key", p->quick_key);
  cJSON_AddBoolToObject(o, "active", p->active);
  return o;
}

/*
** All fields are checked before any is copied: the first bad one is named
** as "field product.NAME" (WIRE_ERROR, SYNC_WIRE_BAD_REQUEST).
*/
PosProduct *wire_product_from_json(const cJSON *o, GError **error)
{
  int64_t plu = 0, price = 0;
  const char *name = wire_json_get_str(o, "name", POS_NAME_MAX);
  const char *line = wire_json_get_str(o, "line", 16);
  const char *unit = wire_json_get_str(o, "unit", 8), *tax = wire_json_get_str(o, "tax", 8);
  const cJSON *barcode = cJSON_GetObjectItemCaseSensitive(o, "barcode");
  const cJSON *active = cJSON_GetObjectItemCaseSensitive(o, "active");
  const char *bad =
    !cJSON_IsObject(o)                                         ? ""
    : !wire_json_get_int(o, "plu", 1, 99999, &plu)             ? ".plu"
    : name == NULL                                             ? ".name"
    : !pos_line_code_valid(line)                               ? ".line"
    : g_strcmp0(unit, "piece") && g_strcmp0(unit, "kg")        ? ".unit"
    : !wire_json_get_int(o, "price", 0, 100000000, &price)     ? ".price"
    : g_strcmp0(tax, "taxable") && g_strcmp0(tax, "exempt")    ? ".tax"
    : !(barcode == NULL || cJSON_IsNull(barcode)
        || (cJSON_IsString(barcode) && pos_ean_valid(barcode->valuestring)))
      ? ".barcode"
    : !cJSON_IsBool(active) ? ".active" : NULL;
  if (bad) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                *bad ? "field product%s: missing, wrong type or out of range"
                     : "field product%s: must be an object", bad);
    return NULL;
  }
  PosProduct *p = pos_product_new();
  p->plu = (int)plu;
  p->name = g_strdup(name);
  p->line_code = g_strdup(line);
  p->unit = strcmp(unit, "kg") == 0 ? POS_UNIT_KG : POS_UNIT_PIECE;
  p->price = price;
  p->tax = strcmp(tax, "exempt") == 0 ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  p->barcode = cJSON_IsString(barcode) ? g_strdup(barcode->valuestring) : NULL;
  p->active = cJSON_IsTrue(active);
  return p;
}
