/*
** wire-summary.c: GET /v1/stalls/CODE/summary on the wire, a stall's
** rolled-up figures for a period with its amounts by tender and by
** product line.
**
** Method.  One struct (WireSummary) both ways: the hub fills it from its
** rollups and the encoder writes its members in the pinned order
** (docs/PROTOCOL.md), its integer figures through one table of names and
** offsets (FIGURES) that the decoder reads back the same way, the amounts as objects keyed by tender method or line
** code in the array's order; the decoder fills it back, every figure an
** integer, every key a known tender method or a valid line code, the days
** real with from <= to.  The last sync travels as an ISO time in Seoul
** (mb_clock_iso, whole seconds) or null; the decoder accepts only the text
** the encoder would write for the time it reads, so the round trip is
** exact to the second.
*/
#include "mb-clock.h"
#include "wire-codec.h"
#include <string.h>

/* Any figure the wire reads exactly. */
#define SUMMARY_INT (G_GINT64_CONSTANT(1) << 53)

/* The integer figures, in the pinned order: one table for both directions. */
static const struct {
  const char *name;
  glong offset;
} FIGURES[] = {
  {"receipts", G_STRUCT_OFFSET(WireSummary, receipts)},
  {"sales", G_STRUCT_OFFSET(WireSummary, sales)},
  {"voids", G_STRUCT_OFFSET(WireSummary, voids)},
  {"refunds", G_STRUCT_OFFSET(WireSummary, refunds)},
  {"total", G_STRUCT_OFFSET(WireSummary, total)},
  {"taxable", G_STRUCT_OFFSET(WireSummary, taxable)},
  {"supply", G_STRUCT_OFFSET(WireSummary, supply)},
  {"vat", G_STRUCT_OFFSET(WireSummary, vat)},
  {"exempt", G_STRUCT_OFFSET(WireSummary, exempt)},
};

/* An empty array of WireAmount. */
GArray *wire_amounts_new(void)
{
  return g_array_new(FALSE, TRUE, sizeof(WireAmount));
}

/* Frees the arrays only: the strings belong to the caller or the tree. */
void wire_summary_clear(WireSummary *s)
{
  g_clear_pointer(&s->by_tender, g_array_unref);
  g_clear_pointer(&s->by_line, g_array_unref);
}

/* An object keyed by method or line code, in the array's order. */
static cJSON *amounts_to_json(const GArray *a)
{
  cJSON *o = cJSON_CreateObject();
  for (guint i = 0; a && i < a->len; i++) {
    const WireAmount *x = &g_array_index(a, WireAmount, i);
    wire_json_add_int(o, x->key, x->amount);
  }
  return o;
}

/* Members in the order docs/PROTOCOL.md shows them. */
cJSON *wire_summary_to_json(const WireSummary *s)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "stall", s->stall);
  cJSON_AddStringToObject(o, "from", s->from);
  cJSON_AddStringToObject(o, "to", s->to);
  for (guint i = 0; i < G_N_ELEMENTS(FIGURES); i++)
    wire_json_add_int(o, FIGURES[i].name, G_STRUCT_MEMBER(int64_t, s, FIGURES[i].offset));
  cJSON_AddItemToObject(o, "by_tender", amounts_to_json(s->by_tender));
  cJSON_AddItemToObject(o, "by_line", amounts_to_json(s->by_line));
  if (s->last_sync_ms > 0) {
    g_autofree char *iso = mb_clock_iso(s->last_sync_ms);
    cJSON_AddStringToObject(o, "last_sync", iso);
  } else {
    cJSON_AddNullToObject(o, "last_sync");
  }
  return o;
}

/*
** The ISO time of a last sync, as mb_clock_iso writes it, into Unix ms;
** FALSE for any other text.
*/
gboolean wire_sync_time_parse(const char *text, int64_t *ms)
{
  g_autoptr(GDateTime) dt = text ? g_date_time_new_from_iso8601(text, NULL) : NULL;
  if (dt == NULL)
    return FALSE;
  int64_t v = g_date_time_to_unix(dt) * 1000;
  g_autofree char *again = mb_clock_iso(v);
  if (v <= 0 || strcmp(again, text) != 0)
    return FALSE;
  *ms = v;
  return TRUE;
}

/* Each member an integer under a known key (tender method or line code). */
static GArray *amounts_from_json(const cJSON *o, gboolean methods, const char *name,
                                 GError **error)
{
  if (!cJSON_IsObject(o)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field %s: not an object", name);
    return NULL;
  }
  g_autoptr(GArray) out = wire_amounts_new();
  const cJSON *v;
  cJSON_ArrayForEach(v, o) {
    PosTenderMethod m;
    WireAmount a = {v->string, 0};
    gboolean key_ok = methods ? pos_tender_method_parse(v->string, &m)
                              : pos_line_code_valid(v->string);
    if (!key_ok || !wire_json_int(v, -SUMMARY_INT, SUMMARY_INT, &a.amount)) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                  "field %s.%s: a known key with an integer", name, v->string);
      return NULL;
    }
    g_array_append_val(out, a);
  }
  return g_steal_pointer(&out);
}

/* The first bad field is named; *out is cleared on failure. */
gboolean wire_summary_from_json(const cJSON *o, WireSummary *out, GError **error)
{
  memset(out, 0, sizeof *out);
  out->stall = wire_json_get_str(o, "stall", 16);
  out->from = wire_json_get_str(o, "from", 10);
  out->to = wire_json_get_str(o, "to", 10);
  if (out->stall == NULL) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field stall: not a stall code");
    return FALSE;
  }
  if (!wire_day_valid(out->from) || !wire_day_valid(out->to)
      || strcmp(out->from, out->to) > 0) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "fields from, to: days YYYY-MM-DD with from <= to");
    return FALSE;
  }
  for (guint i = 0; i < G_N_ELEMENTS(FIGURES); i++)
    if (!wire_json_get_int(o, FIGURES[i].name, -SUMMARY_INT, SUMMARY_INT,
                           &G_STRUCT_MEMBER(int64_t, out, FIGURES[i].offset))) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "field %s: not an integer",
                  FIGURES[i].name);
      return FALSE;
    }
  const cJSON *ls = cJSON_GetObjectItemCaseSensitive(o, "last_sync");
  if (!cJSON_IsNull(ls) && !wire_sync_time_parse(cJSON_GetStringValue(ls), &out->last_sync_ms)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field last_sync: null or an ISO time at +09:00");
    return FALSE;
  }
  out->by_tender = amounts_from_json(cJSON_GetObjectItemCaseSensitive(o, "by_tender"), TRUE,
                                     "by_tender", error);
  if (out->by_tender)
    out->by_line = amounts_from_json(cJSON_GetObjectItemCaseSensitive(o, "by_line"), FALSE,
                                     "by_line", error);
  if (out->by_line == NULL) {
    wire_summary_clear(out);
    return FALSE;
  }
  return TRUE;
}
