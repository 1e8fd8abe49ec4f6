/*
** pos-search.h: finding a product from one typed field.
**
** One query text finds products by name (a substring, spaces and case
** ignored), by initial consonants (초성: "ㄷㅈ" finds "돼지 앞다리살", and
** mixed input such as "돼ㅈ" too), by PLU and by barcode.  Results are
** ranked: an exact PLU or barcode first, then names and codes that start
** with the query, then names that contain it; within a rank the earlier
** match, then the shorter name, then the PLU.
**
** A PosSearch is an index built once from a catalog: every name is kept
** decomposed (its characters and their initial consonants as code points),
** so a query is one linear pass over short arrays with no UTF-8 decoding
** and no allocation per product.  The index keeps its own copies of the
** products; pos_search_update() replaces one after an edit.
*/
#ifndef POS_SEARCH_H
#define POS_SEARCH_H

#include "pos-sale.h"

G_BEGIN_DECLS

typedef struct PosSearch PosSearch;

typedef enum {
  POS_SEARCH_EXACT_CODE = 0,  /* the PLU or the barcode, whole */
  POS_SEARCH_PREFIX,          /* the name, the PLU or the barcode starts with it */
  POS_SEARCH_SUBSTRING        /* the name contains it (or its 초성 do) */
} PosSearchRank;

typedef struct {
  const PosProduct *product;  /* transfer none: owned by the index */
  PosSearchRank rank;
  int position;               /* where in the name it matched (characters), 0 for codes */
  guint name_chars;           /* characters of the name, spaces left out */
} PosSearchHit;

/* An index of products (PosProduct*, copied; inactive ones are skipped).
** Transfer full. */
PosSearch *pos_search_new(GPtrArray *products);
void pos_search_free(PosSearch *search);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosSearch, pos_search_free)
/* Number of products indexed. */
guint pos_search_size(const PosSearch *search);
/* Adds or replaces (by PLU) one product, after an edit; an inactive one is dropped. */
void pos_search_update(PosSearch *search, const PosProduct *product);

/*
** The products matching text, best first, at most limit (0: all).  An
** empty or blank query matches nothing.  Array of PosSearchHit (by
** value), transfer full; the products stay valid until the next update
** or the free of the index.
*/
GArray *pos_search_query(PosSearch *search, const char *text, guint limit);

/*
** The initial consonant of a Hangul syllable (U+AC00..U+D7A3) as a
** compatibility jamo (ㄱ U+3131 ...), the consonant itself for a
** compatibility or conjoining initial, else 0.  Arithmetic on the
** syllable's code: (c - 0xAC00) / (21 * 28) is the initial's index.
*/
gunichar pos_search_chosung(gunichar c);

G_END_DECLS
#endif
