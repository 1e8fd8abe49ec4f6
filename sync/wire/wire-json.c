/*
** wire-json.c: the JSON primitives every object of the wire is made of.
**
** Method.  Money, counts and times travel as JSON integers.  cJSON keeps
** numbers as doubles, which hold every integer up to 2^53 exactly; all our
** figures are far below, so reading one checks that the double is finite,
** integral and inside the caller's range before it becomes an int64, and a
** fraction, an exponent-sized value or a string where a number belongs is a
** wrong type, never something to round.  Strings are read with a byte
** limit and must be valid UTF-8.  Writing goes through cJSON's tree; the
** one printer of our own (wire_json_print) writes integers exactly without
** printf.  Nothing outside sync/wire reads or writes a protocol number
** another way.
*/
#include "wire-codec.h"
#include "mb-clock.h"
#include <math.h>
#include <string.h>

G_DEFINE_QUARK(wire-error-quark, wire_error)

/* An integer member through a double: exact below 2^53. */
void wire_json_add_int(cJSON *o, const char *name, int64_t v)
{
  cJSON_AddItemToObject(o, name, cJSON_CreateNumber((double)v));
}

/* A string member, or JSON null for NULL. */
void wire_json_add_str(cJSON *o, const char *name, const char *v)
{
  if (v)
    cJSON_AddStringToObject(o, name, v);
  else
    cJSON_AddNullToObject(o, name);
}

/* An empty object appended to the array member of o; returned to be filled. */
cJSON *wire_json_add_entry(cJSON *o, const char *array)
{
  cJSON *j = cJSON_CreateObject();
  cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(o, array), j);
  return j;
}

/* The number must be finite, integral and within [lo, hi]. */
gboolean wire_json_int(const cJSON *v, int64_t lo, int64_t hi, int64_t *out)
{
  if (!cJSON_IsNumber(v))
    return FALSE;
  double x = v->valuedouble;
  if (!isfinite(x) || x != floor(x) || x < (double)lo || x > (double)hi)
    return FALSE;
  *out = (int64_t)x;
  return TRUE;
}

/* NULL-safe member lookup, then wire_json_int. */
gboolean wire_json_get_int(const cJSON *o, const char *name, int64_t lo, int64_t hi,
                           int64_t *out)
{
  return wire_json_int(o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL, lo, hi, out);
}

/* A string member of 1..max bytes of UTF-8, or NULL. */
const char *wire_json_get_str(const cJSON *o, const char *name, size_t max)
{
  const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, name) : NULL;
  if (!cJSON_IsString(v) || v->valuestring == NULL || v->valuestring[0] == '\0'
      || strlen(v->valuestring) > max || !g_utf8_validate(v->valuestring, -1, NULL))
    return NULL;
  return v->valuestring;
}

/*
** A business day as the protocol writes it: the market clock's parser and
** range, unchanged, so a day the wire takes is one the hub can store and
** the analytics can read back.
*/
gboolean wire_day_valid(const char *day)
{
  int64_t n;
  return mb_day_parse(day, &n);
}

/* A body that is a JSON object, or NULL (anything else is freed). */
cJSON *wire_json_parse_object(const char *body, gsize len)
{
  cJSON *o = body ? cJSON_ParseWithLength(body, len) : NULL;
  if (o && !cJSON_IsObject(o)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* ---- Printing ------------------------------------------------------------- */

/* JSON string body: quotes, backslashes and control characters escaped. */
static void put_string(GString *s, const char *v)
{
  g_string_append_c(s, '"');
  const char *run = v;
  for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
    if (*p != '"' && *p != '\\' && *p >= 0x20)
      continue;
    g_string_append_len(s, run, (const char *)p - run);
    if (*p < 0x20) {
      g_string_append_printf(s, "\\u%04x", *p);
    } else {
      g_string_append_c(s, '\\');
      g_string_append_c(s, (char)*p);
    }
    run = (const char *)p + 1;
  }
  g_string_append(s, run);
  g_string_append_c(s, '"');
}

/* Decimal digits of an integer below 2^53 in magnitude, without printf. */
static void put_int(GString *s, gint64 v)
{
  char buf[24];
  int i = sizeof buf;
  guint64 u = v < 0 ? (guint64)(-v) : (guint64)v;
  do {
    buf[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0)
    buf[--i] = '-';
  g_string_append_len(s, buf + i, (gssize)sizeof buf - i);
}

static void put_value(GString *s, const cJSON *v);

/*
** Prints a JSON tree compactly.  Unlike cJSON_PrintUnformatted, which
** formats every number with "%1.15g" and reads it back with sscanf to check
** the round trip, an integral number (every number of a decoded document
** is one) is written as an integer directly: at ingest rates that check
** was a third of the decoding time.  Anything else falls back to "%.17g",
** which round-trips a double exactly.
*/
static void put_value(GString *s, const cJSON *v)
{
  const cJSON *c;
  if (cJSON_IsNumber(v)) {
    double x = v->valuedouble;
    if (isfinite(x) && x == floor(x) && fabs(x) < 9007199254740992.0)
      put_int(s, (gint64)x);
    else if (isfinite(x)) {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.17g", x));
    } else
      g_string_append(s, "null");
  } else if (cJSON_IsString(v)) {
    put_string(s, v->valuestring);
  } else if (cJSON_IsTrue(v) || cJSON_IsFalse(v)) {
    g_string_append(s, cJSON_IsTrue(v) ? "true" : "false");
  } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
    gboolean obj = cJSON_IsObject(v), first = TRUE;
    g_string_append_c(s, obj ? '{' : '[');
    cJSON_ArrayForEach(c, v) {
      if (!first)
        g_string_append_c(s, ',');
      first = FALSE;
      if (obj) {
        put_string(s, c->string);
        g_string_append_c(s, ':');
      }
      put_value(s, c);
    }
    g_string_append_c(s, obj ? '}' : ']');
  } else {
    g_string_append(s, "null");
  }
}

/* A document of one or two lines prints in well under 2 KB: one allocation. */
char *wire_json_print(const cJSON *o)
{
  GString *s = g_string_sized_new(2048);
  put_value(s, o);
  return g_string_free(s, FALSE);
}

/* cJSON's own compact form, copied into g_malloc memory. */
char *wire_json_print_cjson(const cJSON *o)
{
  char *raw = cJSON_PrintUnformatted(o);
  char *out = g_strdup(raw);
  cJSON_free(raw);
  return out;
}
