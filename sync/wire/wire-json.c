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
** another way.  The strict reader can put a whole tree in one arena freed
** at once (a hub's batch: "The parse arena" below says why).
*/
#include "wire-codec.h"
#include "mb-clock.h"
#include <math.h>
#include <sanitizer/asan_interface.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
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

/* ---- The parse arena ------------------------------------------------------ */

/*
** A parsed JSON tree in one region of memory, freed at once (WireArena).
**
** Why.  A 200-event batch parses into some ten thousand cJSON nodes, each
** with its member name and most with a string, every one a malloc, and
** cJSON_Delete frees them one by one: the hub's profile put a fifth of its
** CPU in glibc's allocator for that tree alone (docs/BENCHMARKS.md, "Hub
** ingest").  Here the nodes of one parse are cut from large chunks and the
** chunks are freed together when the tree is no longer needed.
**
** Method.  cJSON takes one process-wide pair of allocation hooks
** (cJSON_InitHooks), and the hub parses on many threads at once, so the
** hooks must be right for every thread and every tree.  They are installed
** once, before main (a constructor: no thread runs yet, and no tree made
** before them is freed through them in a way they would get wrong), and
** they behave exactly as malloc and free unless the calling thread is
** inside arena_parse: a thread-local pointer names the arena being
** filled, only for the length of one cJSON_ParseWithLengthOpts call.
** During that call every allocation is the arena's and every free is of
** the arena's memory (cJSON frees only what that parse made, when it
** fails half way), so a free is then a no-op.  A tree parsed into an arena
** is never given to cJSON_Delete: wire_arena_free releases it.
**
** Under AddressSanitizer each chunk is poisoned and each allocation made
** addressable on its own, with a poisoned gap after it, so that a read past
** a string is still caught as it is with malloc.
*/
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_GAP 16
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_GAP 16
#endif
#endif
#ifndef ARENA_GAP
#define ARENA_GAP 0
#endif

typedef struct Chunk {
  struct Chunk *prev;
  gsize size;
  alignas(max_align_t) char data[];
} Chunk;

struct WireArena {
  Chunk *chunk;              /* the one being cut; older ones through prev */
  gsize used;                /* bytes of chunk->data handed out */
  gsize next_size;           /* the next chunk's size: each doubles */
};

/* The arena this thread's current parse fills, or NULL: plain malloc. */
static _Thread_local WireArena *filling;

/* Room for n bytes, at least next_size; the new chunk becomes the current one. */
static void arena_grow(WireArena *a, gsize n)
{
  gsize size = MAX(a->next_size, n);
  Chunk *c = g_malloc(sizeof(Chunk) + size);
  c->prev = a->chunk;
  c->size = size;
  ASAN_POISON_MEMORY_REGION(c->data, size);
  a->chunk = c;
  a->used = 0;
  a->next_size = MIN(size * 2, (gsize)16 << 20);
}

/* Bump allocation, aligned as malloc's memory is. */
static void *arena_alloc(WireArena *a, gsize n)
{
  const gsize align = alignof(max_align_t);
  gsize need = (n + ARENA_GAP + align - 1) & ~(align - 1);
  if (a->chunk == NULL || a->chunk->size - a->used < need)
    arena_grow(a, need);
  void *p = a->chunk->data + a->used;
  a->used += need;
  ASAN_UNPOISON_MEMORY_REGION(p, n);
  return p;
}

/* cJSON's malloc: the arena's while this thread fills one, else malloc's. */
static void *hook_malloc(size_t n)
{
  WireArena *a = filling;
  return a ? arena_alloc(a, n) : malloc(n);
}

/* Inside a parse into an arena everything cJSON frees is the arena's. */
static void hook_free(void *p)
{
  if (filling == NULL)
    free(p);
}

/* Before main, while the process has one thread (see above). */
__attribute__((constructor)) static void arena_install_hooks(void)
{
  cJSON_Hooks hooks = {hook_malloc, hook_free};
  cJSON_InitHooks(&hooks);
}

/* The first chunk sized from the body: a compact batch parses to about six times its bytes. */
WireArena *wire_arena_new(gsize hint)
{
  WireArena *a = g_new0(WireArena, 1);
  a->next_size = CLAMP(hint, (gsize)4096, (gsize)16 << 20);
  return a;
}

/* Every chunk, with every tree parsed into them. */
void wire_arena_free(WireArena *a)
{
  if (a == NULL)
    return;
  Chunk *c = a->chunk;
  while (c) {
    Chunk *prev = c->prev;
    ASAN_UNPOISON_MEMORY_REGION(c->data, c->size);
    g_free(c);
    c = prev;
  }
  g_free(a);
}

/* cJSON's parse with this thread's allocations redirected into a. */
static cJSON *arena_parse(WireArena *a, const char *body, gsize len, const char **end)
{
  filling = a;
  cJSON *o = cJSON_ParseWithLengthOpts(body, len, end, FALSE);
  filling = NULL;
  return o;
}

/* ---- Strict parsing ------------------------------------------------------ */

/*
** cJSON is lenient where the protocol must not be: it stops at the end of
** the first value and ignores what follows, cuts a string at a \u0000
** escape, keeps both members of a duplicated key (a reader then sees the
** first and a stored copy shows both), and takes any bytes as a string.
** wire_json_parse_object closes each gap once, for every decoder of both
** ends: trailing bytes are found from cJSON's parse end; the other checks
** walk the parsed tree, and the raw text only when it holds a \u0000.
*/

/* JSON's four whitespace bytes (RFC 8259), all a value may be followed by. */
static gboolean json_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
** TRUE when a string or key of a text that cJSON accepted holds the escape
** \u0000.  Only escapes inside strings count: "\\u0000" is a backslash and
** five characters.  The text is valid JSON here, so a quote outside an
** escape always opens or closes a string.
*/
static gboolean has_nul_escape(const char *text, gsize len)
{
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len; i++) {
    if (text[i] == '"') {
      in_string = !in_string;
    } else if (in_string && text[i] == '\\' && i + 1 < len) {
      if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0000", 4) == 0)
        return TRUE;
      i++;   /* the escaped character, which may be a quote or a backslash */
    }
  }
  return FALSE;
}

/* A string or member name: UTF-8 and at most WIRE_JSON_STRING_MAX bytes, in one pass. */
static gboolean string_ok(const char *v)
{
  const char *end = NULL;
  return v != NULL && g_utf8_validate(v, -1, &end) && end - v <= WIRE_JSON_STRING_MAX;
}

/*
** TRUE when an object has two members of one name.  Objects of up to 64
** members (every object of the protocol; a document has about 25) keep
** their names' hashes in an array on the stack and compare those pairwise,
** names only when two hashes meet: comparing the names themselves was a
** third of the reading time of a batch.  A larger object goes through a
** hash set, so a hostile object of many members costs linear time.
*/
static gboolean has_duplicate_key(const cJSON *o, int members)
{
  const cJSON *a;
  if (members <= 64) {
    guint hash[64];
    const char *name[64];
    int n = 0;
    for (a = o->child; a; a = a->next, n++) {
      hash[n] = g_str_hash(a->string);
      name[n] = a->string;
      for (int i = 0; i < n; i++)
        if (hash[i] == hash[n] && strcmp(name[i], name[n]) == 0)
          return TRUE;
    }
    return FALSE;
  }
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (a = o->child; a; a = a->next)
    if (!g_hash_table_add(seen, a->string))
      return TRUE;
  return FALSE;
}

/*
** Every string and member name checked, every object's keys unique; the
** first fault is named.  Recursion is bounded by cJSON's nesting limit.
** The node's type is read from its bits (cJSON.h's public constants):
** the cJSON_Is* functions are calls into the shared library, and a batch
** has some ten thousand nodes.
*/
static gboolean tree_ok(const cJSON *v, GError **error)
{
  int type = v->type & 0xff;
  if (type == cJSON_String && !string_ok(v->valuestring)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "a string is not UTF-8 or is over %d bytes", WIRE_JSON_STRING_MAX);
    return FALSE;
  }
  if (type != cJSON_Array && type != cJSON_Object)
    return TRUE;
  int members = 0;
  for (const cJSON *c = v->child; c; c = c->next, members++) {
    if (type == cJSON_Object && !string_ok(c->string)) {
      g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                  "a member name is not UTF-8 or is over %d bytes", WIRE_JSON_STRING_MAX);
      return FALSE;
    }
    if (!tree_ok(c, error))
      return FALSE;
  }
  if (type == cJSON_Object && has_duplicate_key(v, members)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST, "an object has a member twice");
    return FALSE;
  }
  return TRUE;
}

/*
** A control byte other than JSON's whitespace: never valid JSON, but cJSON
** skips one between tokens as space and keeps one inside a string (a raw
** NUL there cuts it as \u0000 would).
*/
static gboolean has_control_byte(const char *text, gsize len)
{
  /* Eight bytes at a time: (w - 0x20..) & ~w & 0x80.. is non-zero exactly
  ** when some byte of w is below 0x20; only such a word is looked at byte
  ** by byte, for the whitespace JSON allows.  A compact body has none. */
  const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
  gsize i = 0;
  for (; i + 8 <= len; i += 8) {
    guint64 w;
    memcpy(&w, text + i, 8);
    if (((w - ones * 0x20) & ~w & ones * 0x80) == 0)
      continue;
    for (gsize k = i; k < i + 8; k++)
      if ((unsigned char)text[k] < 0x20 && !json_space(text[k]))
        return TRUE;
  }
  for (; i < len; i++)
    if ((unsigned char)text[i] < 0x20 && !json_space(text[i]))
      return TRUE;
  return FALSE;
}

/*
** The raw bytes, cJSON's parse end, the tree, then the text for a NUL
** escape.  With an arena the tree is the arena's (see the parse arena above) and is
** dropped, not deleted, when a check fails; without one it is cJSON's.
*/
static cJSON *parse_strict(WireArena *arena, const char *body, gsize len, GError **error)
{
  const char *end = NULL;
  if (body && has_control_byte(body, len)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_JSON, "the body holds a control byte");
    return NULL;
  }
  cJSON *o = body == NULL ? NULL
             : arena      ? arena_parse(arena, body, len, &end)
                          : cJSON_ParseWithLengthOpts(body, len, &end, FALSE);
  if (o == NULL) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_JSON, "the body is not JSON (at byte %"
                G_GSIZE_FORMAT ")", body && end ? (gsize)(end - body) : 0);
    return NULL;
  }
  while (end < body + len && json_space(*end))
    end++;
  if (end != body + len) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_JSON,
                "bytes after the JSON value (at byte %" G_GSIZE_FORMAT ")", (gsize)(end - body));
  } else if (!cJSON_IsObject(o)) {
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_JSON, "the body is not a JSON object");
  } else if (!tree_ok(o, error)) {
    /* tree_ok named the fault */
  } else if (memchr(body, '\\', len) != NULL
             && g_strstr_len(body, (gssize)len, "\\u0000") != NULL
             && has_nul_escape(body, len)) {
    /* most bodies hold no backslash at all (memchr is the fast test); no
    ** NUL byte is left, so g_strstr_len sees the whole body */
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "a string holds a NUL character (\\u0000)");
  } else {
    return o;
  }
  if (arena == NULL)
    cJSON_Delete(o);
  return NULL;
}

/* The tree in cJSON's own allocations: the caller frees it with cJSON_Delete. */
cJSON *wire_json_parse_object(const char *body, gsize len, GError **error)
{
  return parse_strict(NULL, body, len, error);
}

/* The same reader; only where the nodes live differs. */
cJSON *wire_json_parse_object_in(WireArena *arena, const char *body, gsize len,
                                 GError **error)
{
  g_return_val_if_fail(arena != NULL, NULL);
  return parse_strict(arena, body, len, error);
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
