/*
** pos-search.c: the product search index (pos-search.h).
**
** Method.  At build time each product's name is decoded once into code
** points with spaces dropped and letters folded to lower case, and beside
** it the initial consonant of every Hangul syllable (other characters stand
** for themselves).  A query is decoded the same way; each query character
** that is a bare consonant (ㄱ..ㅎ) is compared with the initials, every
** other character with the name's own characters, so "ㄷㅈ", "돼지" and
** "돼ㅈ" all match "돼지 앞다리살" at position 0.  The scan is a plain
** left-to-right comparison at every start position: names are short (tens
** of characters), so this beats building anything cleverer, and 5,000
** products take well under a millisecond (bench/bench-search.c).
**
** Hangul decomposition is arithmetic (Unicode chapter 3.12): a syllable
** S in U+AC00..U+D7A3 has initial index (S - 0xAC00) / (21 * 28), vowel
** and final following; no table of syllables is needed.
*/
#include "pos-search.h"
#include <string.h>

#define HANGUL_BASE 0xAC00
#define HANGUL_LAST 0xD7A3
#define HANGUL_PER_INITIAL (21 * 28)

/* The 19 initials in syllable order, as compatibility jamo (what a keyboard types). */
static const gunichar initials[19] = {
  0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
  0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
};

typedef struct {
  PosProduct *product;
  gunichar *chars;      /* the name, folded, without spaces */
  gunichar *inits;      /* chars with each syllable replaced by its initial */
  guint n;
  char plu[8];          /* the PLU as typed */
} Entry;

struct PosSearch {
  GArray *entries;      /* of Entry */
};

gunichar pos_search_chosung(gunichar c)
{
  if (c >= HANGUL_BASE && c <= HANGUL_LAST)
    return initials[(c - HANGUL_BASE) / HANGUL_PER_INITIAL];
  if (c >= 0x1100 && c <= 0x1112)         /* conjoining initials, same order */
    return initials[c - 0x1100];
  for (guint i = 0; i < G_N_ELEMENTS(initials); i++)
    if (initials[i] == c)
      return c;
  return 0;
}

/* TRUE for a query character that stands for an initial consonant. */
static gboolean is_bare_consonant(gunichar c)
{
  return !(c >= HANGUL_BASE && c <= HANGUL_LAST) && pos_search_chosung(c) != 0;
}

/*
** Decodes text into folded code points without white space; a bare
** conjoining initial becomes its compatibility form so that either kind
** of keyboard input compares equal.  Invalid UTF-8 stops the decoding.
** Transfer full; *n the count.
*/
static gunichar *fold(const char *text, guint *n)
{
  GArray *out = g_array_new(TRUE, FALSE, sizeof(gunichar));
  const char *end = text + strlen(text);
  for (const char *s = text; s < end; s = g_utf8_next_char(s)) {
    gunichar c = g_utf8_get_char_validated(s, end - s);
    if (c == (gunichar)-1 || c == (gunichar)-2)
      break;
    if (g_unichar_isspace(c))
      continue;
    if (c >= 0x1100 && c <= 0x1112)
      c = pos_search_chosung(c);
    c = g_unichar_tolower(c);
    g_array_append_val(out, c);
  }
  *n = out->len;
  return (gunichar *)g_array_free(out, FALSE);
}

/* The decoded name, its initials and the PLU as text: all a query compares. */
static void entry_fill(Entry *e, const PosProduct *p)
{
  e->product = pos_product_copy(p);
  e->chars = fold(p->name ? p->name : "", &e->n);
  e->inits = g_new(gunichar, e->n + 1);
  for (guint i = 0; i < e->n; i++) {
    gunichar ini = pos_search_chosung(e->chars[i]);
    e->inits[i] = ini ? ini : e->chars[i];
  }
  e->inits[e->n] = 0;
  g_snprintf(e->plu, sizeof e->plu, "%d", p->plu);
}

/* The GArray's clear function: an entry owns its product copy and arrays. */
static void entry_clear(gpointer data)
{
  Entry *e = data;
  pos_product_free(e->product);
  g_free(e->chars);
  g_free(e->inits);
}

/* One update per product: the same path as an edit, so both index alike. */
PosSearch *pos_search_new(GPtrArray *products)
{
  PosSearch *s = g_new0(PosSearch, 1);
  s->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
  g_array_set_clear_func(s->entries, entry_clear);
  for (guint i = 0; products && i < products->len; i++)
    pos_search_update(s, g_ptr_array_index(products, i));
  return s;
}

/* Frees the entries (and their product copies) with the index. */
void pos_search_free(PosSearch *search)
{
  if (search == NULL)
    return;
  g_array_unref(search->entries);
  g_free(search);
}

/* Active products indexed: what the tests check after updates. */
guint pos_search_size(const PosSearch *search)
{
  return search->entries->len;
}

/* A PLU names one product: the entry with it is replaced in place. */
void pos_search_update(PosSearch *search, const PosProduct *product)
{
  for (guint i = 0; i < search->entries->len; i++) {
    if (g_array_index(search->entries, Entry, i).product->plu == product->plu) {
      g_array_remove_index(search->entries, i);
      break;
    }
  }
  if (!product->active)
    return;
  Entry e;
  entry_fill(&e, product);
  g_array_append_val(search->entries, e);
}

/* The first position where q matches e's name, or -1. */
static int name_match(const Entry *e, const gunichar *q, const gboolean *bare, guint nq)
{
  if (nq > e->n)
    return -1;
  for (guint i = 0; i + nq <= e->n; i++) {
    guint j = 0;
    while (j < nq && (bare[j] ? e->inits[i + j] : e->chars[i + j]) == q[j])
      j++;
    if (j == nq)
      return (int)i;
  }
  return -1;
}

/* The code rank of a digits-only query, or -1 for none. */
static int code_match(const Entry *e, const char *digits)
{
  const char *bc = e->product->barcode;
  if (strcmp(e->plu, digits) == 0 || (bc && strcmp(bc, digits) == 0))
    return POS_SEARCH_EXACT_CODE;
  if (g_str_has_prefix(e->plu, digits) || (bc && g_str_has_prefix(bc, digits)))
    return POS_SEARCH_PREFIX;
  return -1;
}

/* A query of digits only may be a PLU or a barcode as well as part of a name. */
static gboolean all_digits(const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit(*s))
      return FALSE;
  return TRUE;
}

/* Rank, then the earlier match, the shorter name, the smaller PLU: a stable total order. */
static int hit_order(gconstpointer pa, gconstpointer pb)
{
  const PosSearchHit *a = pa, *b = pb;
  if (a->rank != b->rank)
    return (int)a->rank - (int)b->rank;
  if (a->position != b->position)
    return a->position - b->position;
  if (a->name_chars != b->name_chars)
    return a->name_chars < b->name_chars ? -1 : 1;
  return a->product->plu - b->product->plu;
}

/*
** One pass over the entries: codes first for a numeric query (an exact code
** needs no name match), then the name, keeping the better rank of the two.
*/
GArray *pos_search_query(PosSearch *search, const char *text, guint limit)
{
  GArray *hits = g_array_new(FALSE, FALSE, sizeof(PosSearchHit));
  guint nq = 0;
  g_autofree gunichar *q = fold(text ? text : "", &nq);
  if (nq == 0)
    return hits;
  g_autofree gboolean *bare = g_new(gboolean, nq);
  for (guint j = 0; j < nq; j++)
    bare[j] = is_bare_consonant(q[j]);
  g_autofree char *digits = g_strstrip(g_strdup(text));
  gboolean numeric = all_digits(digits);
  for (guint i = 0; i < search->entries->len; i++) {
    const Entry *e = &g_array_index(search->entries, Entry, i);
    int rank = numeric ? code_match(e, digits) : -1;
    int pos = 0;
    if (rank != POS_SEARCH_EXACT_CODE) {
      int at = name_match(e, q, bare, nq);
      int name_rank = at == 0 ? POS_SEARCH_PREFIX : at > 0 ? POS_SEARCH_SUBSTRING : -1;
      if (name_rank >= 0 && (rank < 0 || name_rank < rank)) {
        rank = name_rank;
        pos = at;
      }
    }
    if (rank < 0)
      continue;
    PosSearchHit h = {e->product, (PosSearchRank)rank, pos, e->n};
    g_array_append_val(hits, h);
  }
  g_array_sort(hits, hit_order);
  if (limit > 0 && hits->len > limit)
    g_array_set_size(hits, limit);
  return hits;
}
