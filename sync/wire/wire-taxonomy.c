/*
** wire-taxonomy.c: GET /v1/taxonomy on the wire, the market's product lines
** with their Korean and English names.  The same shape is the till's file
** next to its ledger (written by the sync client, read by the till).
**
** Method.  Written by filling an empty {"lines":[]} one line at a time, so
** the hub and the stall's file writer need no intermediate list.  Read
** strictly: every line needs a valid product-line code and a Korean name;
** a missing English name falls back to the Korean one.  One bad line
** refuses the whole answer, so a reader never shows half a taxonomy.
*/
#include "wire-codec.h"
#include "wire-taxonomy-seed.h"
#include "mb-csv.h"

/* NULL-safe. */
void wire_line_free(WireLine *l)
{
  if (l == NULL)
    return;
  g_free(l->code);
  g_free(l->name_ko);
  g_free(l->name_en);
  g_free(l);
}

/* The object with its empty array. */
cJSON *wire_taxonomy_new(void)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddArrayToObject(o, "lines");
  return o;
}

/* One line appended, in the order given. */
void wire_taxonomy_add(cJSON *taxonomy, const char *code, const char *name_ko,
                       const char *name_en)
{
  cJSON *j = wire_json_add_entry(taxonomy, "lines");
  cJSON_AddStringToObject(j, "code", code);
  cJSON_AddStringToObject(j, "name_ko", name_ko);
  cJSON_AddStringToObject(j, "name_en", name_en);
}

/* All lines or none. */
GPtrArray *wire_taxonomy_from_json(const cJSON *o, GError **error)
{
  const cJSON *lines = o ? cJSON_GetObjectItemCaseSensitive(o, "lines") : NULL;
  if (!cJSON_IsArray(lines)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "no lines array");
    return NULL;
  }
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)wire_line_free);
  const cJSON *l;
  cJSON_ArrayForEach(l, lines) {
    const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "code"));
    const char *ko = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "name_ko"));
    const char *en = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "name_en"));
    if (code == NULL || !pos_line_code_valid(code) || ko == NULL) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                  "a line without a valid code or Korean name");
      return NULL;
    }
    WireLine *w = g_new0(WireLine, 1);
    w->code = g_strdup(code);
    w->name_ko = g_strdup(ko);
    w->name_en = g_strdup(en ? en : ko);
    g_ptr_array_add(out, w);
  }
  return g_steal_pointer(&out);
}

const char *wire_taxonomy_builtin_csv(void)
{
  return wire_taxonomy_seed_csv;
}

/*
** The project's CSV reader on a text this build compiled in (a failure is
** a bad build, and yields no codes); a record starting with '#' is a
** comment, the first record the header.
*/
char **wire_taxonomy_builtin_codes(void)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new();
  g_autoptr(GPtrArray) rows = mb_csv_parse(wire_taxonomy_seed_csv,
                                           sizeof wire_taxonomy_seed_csv - 1, NULL);
  for (guint i = 1; rows != NULL && i < rows->len; i++) {
    const MbCsvRow *r = g_ptr_array_index(rows, i);
    g_autofree char *code = g_strstrip(g_strdup(mb_csv_field(r, 0)));
    if (code[0] != '\0' && code[0] != '#')
      g_strv_builder_add(codes, code);
  }
  return g_strv_builder_end(codes);
}
