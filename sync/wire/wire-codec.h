/*
** wire-codec.h: the JSON form of stall documents, shared by the stall's
** export, its sync client and the hub (one codec for both ends).  The wire
** depends on pos/ (the document types and pos_sale_check) and on cJSON,
** never on either end: sync/stall and sync/hub link it, not the reverse.
**
** Encoding is total: every field of a PosSale goes out.  Decoding trusts
** nothing: every field is type- and range-checked and the document must pass
** pos_sale_check() (its sums must reconcile to the won) before it is
** returned.  Field names are the wire format of docs/PROTOCOL.md.
*/
#ifndef WIRE_CODEC_H
#define WIRE_CODEC_H

#include "pos.h"
#include <cjson/cJSON.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cJSON, cJSON_Delete)

/* The document as a JSON object. Transfer full (cJSON_Delete). */
cJSON *wire_sale_to_json(const PosSale *sale);
/*
** Decodes and checks a document: INVALID names the first bad field,
** UNRECONCILED says which sum does not add up (pos_sale_check).
*/
PosSale *wire_sale_from_json(const cJSON *obj, GError **error);

/*
** Compact JSON text of a tree, integers printed exactly without printf
** (cJSON's own printer formats and re-reads every number).  Transfer full
** (g_free).
*/
char *wire_json_print(const cJSON *o);

/* The Z report as JSON (the pinned close-day fields). Transfer full. */
cJSON *wire_zreport_to_json(const PosZReport *z);

G_END_DECLS
#endif
