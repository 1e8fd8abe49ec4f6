/*
** test-search.c: the product search index (pos-search.h): initial
** consonants (초성) computed arithmetically and matched alone or mixed with
** whole syllables, name substrings without regard to spaces or case, PLU
** and barcode lookups, the ranking between them, updates after an edit,
** and queries that must find nothing.
*/
#include "pos.h"
#include <string.h>

static GPtrArray *catalog(void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)pos_product_free);
  g_ptr_array_add(list, pos_product_new_simple(1, "돼지 앞다리살", "MEAT", POS_UNIT_KG, 18000,
                                               POS_TAX_EXEMPT));
  g_ptr_array_add(list, pos_product_new_simple(2, "돼지 목살", "MEAT", POS_UNIT_KG, 24000,
                                               POS_TAX_EXEMPT));
  g_ptr_array_add(list, pos_product_new_simple(3, "대전 두부", "BANCHAN", POS_UNIT_PIECE, 3000,
                                               POS_TAX_TAXABLE));
  g_ptr_array_add(list, pos_product_new_simple(12, "배추김치", "BANCHAN", POS_UNIT_KG, 9000,
                                               POS_TAX_TAXABLE));
  g_ptr_array_add(list, pos_product_new_simple(120, "Green Tea 녹차", "ETC", POS_UNIT_PIECE, 5000,
                                               POS_TAX_TAXABLE));
  PosProduct *p = pos_product_new_simple(7, "사과", "FRUIT", POS_UNIT_PIECE, 2000,
                                         POS_TAX_EXEMPT);
  p->barcode = g_strdup("8801234567893");
  g_ptr_array_add(list, p);
  PosProduct *gone = pos_product_new_simple(8, "단종 된장", "BANCHAN", POS_UNIT_PIECE, 1000,
                                            POS_TAX_TAXABLE);
  gone->active = FALSE;
  g_ptr_array_add(list, gone);
  return list;
}

/* The PLUs of the hits, in order, as "1,2,3". */
static char *plus(GArray *hits)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf(s, "%s%d", i ? "," : "",
                           g_array_index(hits, PosSearchHit, i).product->plu);
  return g_string_free(s, FALSE);
}

static char *find(PosSearch *s, const char *q)
{
  g_autoptr(GArray) hits = pos_search_query(s, q, 0);
  return plus(hits);
}

static void test_chosung_arithmetic(void)
{
  g_assert_cmpuint(pos_search_chosung(0xAC00), ==, 0x3131);   /* 가 -> ㄱ */
  g_assert_cmpuint(pos_search_chosung(0xB3FC), ==, 0x3137);   /* 돼 -> ㄷ */
  g_assert_cmpuint(pos_search_chosung(0xC9C0), ==, 0x3148);   /* 지 -> ㅈ */
  g_assert_cmpuint(pos_search_chosung(0xD7A3), ==, 0x314E);   /* 힣 -> ㅎ */
  g_assert_cmpuint(pos_search_chosung(0xAE4C), ==, 0x3132);   /* 까 -> ㄲ */
  g_assert_cmpuint(pos_search_chosung(0x1100), ==, 0x3131);   /* conjoining ㄱ */
  g_assert_cmpuint(pos_search_chosung(0x3148), ==, 0x3148);   /* ㅈ itself */
  g_assert_cmpuint(pos_search_chosung('a'), ==, 0);
  g_assert_cmpuint(pos_search_chosung(0x314F), ==, 0);        /* ㅏ: a vowel */
  g_assert_cmpuint(pos_search_chosung(0xD7A4), ==, 0);        /* past the block */
}

static void test_chosung_finds(void)
{
  g_autoptr(GPtrArray) list = catalog();
  g_autoptr(PosSearch) s = pos_search_new(list);
  g_assert_cmpuint(pos_search_size(s), ==, 6);   /* the inactive one is left out */
  g_autofree char *a = find(s, "ㄷㅈ");
  /* 돼지 (both) and 대전 at position 0; the shorter name first */
  g_assert_cmpstr(a, ==, "2,3,1");
  g_autofree char *b = find(s, "ㄷㅈㅇㄷ");
  g_assert_cmpstr(b, ==, "1");
  g_autofree char *c = find(s, "ㄱㅊ");      /* 김치 inside 배추김치: ㅂㅊㄱㅊ */
  g_assert_cmpstr(c, ==, "12");
}

static void test_chosung_mixed(void)
{
  g_autoptr(GPtrArray) list = catalog();
  g_autoptr(PosSearch) s = pos_search_new(list);
  g_autofree char *a = find(s, "돼ㅈ");
  g_assert_cmpstr(a, ==, "2,1");
  g_autofree char *b = find(s, "돼ㅈㅁ");
  g_assert_cmpstr(b, ==, "2");
  /* a syllable must match whole: 대 is not 돼 */
  g_autofree char *c = find(s, "대ㅈ");
  g_assert_cmpstr(c, ==, "3");
  /* conjoining initials as some input methods send them */
  g_autofree char *d = find(s, "\xe1\x84\x83\xe1\x84\x8c");   /* U+1103 U+110C */
  g_assert_cmpstr(d, ==, "2,3,1");
}

static void test_name(void)
{
  g_autoptr(GPtrArray) list = catalog();
  g_autoptr(PosSearch) s = pos_search_new(list);
  g_autofree char *a = find(s, "앞다리");
  g_assert_cmpstr(a, ==, "1");
  g_autofree char *b = find(s, "돼지앞다리");     /* spaces ignored */
  g_assert_cmpstr(b, ==, "1");
  g_autofree char *c = find(s, "GREEN tea");      /* case ignored */
  g_assert_cmpstr(c, ==, "120");
  g_autofree char *d = find(s, "녹차");
  g_assert_cmpstr(d, ==, "120");
  g_autoptr(GArray) hits = pos_search_query(s, "녹차", 0);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 0).rank, ==, POS_SEARCH_SUBSTRING);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 0).position, ==, 8);
}

static void test_codes_and_ranking(void)
{
  g_autoptr(GPtrArray) list = catalog();
  g_autoptr(PosSearch) s = pos_search_new(list);
  /* exact PLU 12 first, then the PLUs starting with 12 */
  g_autofree char *a = find(s, "12");
  g_assert_cmpstr(a, ==, "12,120");
  g_autoptr(GArray) hits = pos_search_query(s, "12", 0);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 0).rank, ==, POS_SEARCH_EXACT_CODE);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 1).rank, ==, POS_SEARCH_PREFIX);
  g_autofree char *b = find(s, "8801234567893");
  g_assert_cmpstr(b, ==, "7");
  g_autofree char *c = find(s, "880123");          /* a barcode prefix */
  g_assert_cmpstr(c, ==, "7");
  g_autofree char *d = find(s, " 1 ");             /* PLU 1 exact, 12 and 120 by prefix */
  g_assert_cmpstr(d, ==, "1,12,120");
  g_autoptr(GArray) limited = pos_search_query(s, "ㄷ", 2);
  g_assert_cmpuint(limited->len, ==, 2);
}

/* A long name that starts with the query beats a short one that holds it. */
static void test_prefix_first(void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func((GDestroyNotify)pos_product_free);
  g_ptr_array_add(list, pos_product_new_simple(5, "왕족발", "MEAT", POS_UNIT_PIECE, 30000,
                                               POS_TAX_EXEMPT));
  g_ptr_array_add(list, pos_product_new_simple(6, "족발 세트 특대 포장", "MEAT", POS_UNIT_PIECE,
                                               45000, POS_TAX_EXEMPT));
  g_autoptr(PosSearch) s = pos_search_new(list);
  g_autofree char *a = find(s, "ㅈㅂ");
  g_assert_cmpstr(a, ==, "6,5");
  g_autofree char *b = find(s, "족발");
  g_assert_cmpstr(b, ==, "6,5");
  g_autoptr(GArray) hits = pos_search_query(s, "족발", 0);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 0).rank, ==, POS_SEARCH_PREFIX);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 1).rank, ==, POS_SEARCH_SUBSTRING);
  g_assert_cmpint(g_array_index(hits, PosSearchHit, 1).position, ==, 1);
}

static void test_update(void)
{
  g_autoptr(GPtrArray) list = catalog();
  g_autoptr(PosSearch) s = pos_search_new(list);
  g_autoptr(PosProduct) p = pos_product_new_simple(3, "부산 어묵", "BANCHAN", POS_UNIT_PIECE,
                                                   2500, POS_TAX_TAXABLE);
  pos_search_update(s, p);
  g_assert_cmpuint(pos_search_size(s), ==, 6);
  g_autofree char *a = find(s, "ㄷㅈ");
  g_assert_cmpstr(a, ==, "2,1");
  g_autofree char *b = find(s, "ㅂㅅ");
  g_assert_cmpstr(b, ==, "3");
  p->active = FALSE;
  pos_search_update(s, p);
  g_assert_cmpuint(pos_search_size(s), ==, 5);
  g_autofree char *c = find(s, "어묵");
  g_assert_cmpstr(c, ==, "");
  g_autoptr(PosProduct) fresh = pos_product_new_simple(9, "두부", "BANCHAN", POS_UNIT_PIECE,
                                                       2000, POS_TAX_TAXABLE);
  pos_search_update(s, fresh);
  g_autofree char *d = find(s, "ㄷㅂ");
  g_assert_cmpstr(d, ==, "9");
}

static void test_nothing(void)
{
  g_autoptr(GPtrArray) list = catalog();
  g_autoptr(PosSearch) s = pos_search_new(list);
  static const char *const none[] = {"", "   ", "ㅋㅋ", "소고기", "99999", "단종",
                                     "\xff\xfe", "돼지 앞다리살 두 근"};
  for (guint i = 0; i < G_N_ELEMENTS(none); i++) {
    g_autoptr(GArray) hits = pos_search_query(s, none[i], 0);
    g_assert_cmpuint(hits->len, ==, 0);
  }
  g_autoptr(PosSearch) empty = pos_search_new(NULL);
  g_autoptr(GArray) hits = pos_search_query(empty, "ㄷ", 0);
  g_assert_cmpuint(hits->len, ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/search/chosung/arithmetic", test_chosung_arithmetic);
  g_test_add_func("/search/chosung/finds", test_chosung_finds);
  g_test_add_func("/search/chosung/mixed", test_chosung_mixed);
  g_test_add_func("/search/name", test_name);
  g_test_add_func("/search/codes-and-ranking", test_codes_and_ranking);
  g_test_add_func("/search/prefix-first", test_prefix_first);
  g_test_add_func("/search/update", test_update);
  g_test_add_func("/search/nothing", test_nothing);
  return g_test_run();
}
