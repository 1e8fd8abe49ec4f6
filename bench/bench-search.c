/*
** bench-search.c: how long one keystroke of the till's product search
** takes on a large catalog, against a floor.
**
**   bench-search [N_PRODUCTS] [ROUNDS]
**
** Makes N_PRODUCTS (default 5,000) Korean product names from a stall's
** vocabulary (a place, a kind, a cut or a dish, a size, and a number so no
** two are alike), builds the search index once (timed), then runs every
** query of the table below ROUNDS times (default 300): 1, 2 and 3
** characters of initial consonants (초성) and of a name, and a PLU.  Each
** call of pos_search_query (decode the query, scan every name, rank and
** sort the hits, keep the first 20) is timed alone.
**
** The floor is a plain strstr() pass over the same names with the query's
** UTF-8, counting matches: the least any name search can do.  It is timed
** right after each search call, so both see the same neighbours on a
** shared machine; the ratio is of the medians.  A floor for 초성 does not
** exist (strstr cannot match initials), so the 초성 queries are held to the
** floor of a name query of the same length: the question is what the
** keystroke costs above scanning the names once.
*/
#include "pos.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static const char *const places[] = {"국내산", "제주", "한우", "수입", "햇", "유기농", "강원", "남해"};
static const char *const kinds[] = {"돼지", "소", "닭", "오리", "배추", "무", "고등어", "갈치",
                                    "사과", "배", "두부", "떡", "김", "멸치", "콩", "고추"};
static const char *const cuts[] = {"앞다리살", "목살", "삼겹살", "등심", "안심", "김치", "조림",
                                   "구이", "볶음", "절임", "말림", "가루", "떡볶이", "전", "국"};
static const char *const sizes[] = {"", " 대", " 중", " 소", " 특", " 한근", " 1kg", " 500g"};

typedef struct {
  const char *label;
  const char *query;
  const char *floor_query;   /* what strstr looks for */
} Query;

static const Query queries[] = {
  {"초성 1 (ㄷ)", "ㄷ", "돼"},
  {"초성 2 (ㄷㅈ)", "ㄷㅈ", "돼지"},
  {"초성 3 (ㄷㅈㅇ)", "ㄷㅈㅇ", "돼지 앞"},
  {"name 1 (돼)", "돼", "돼"},
  {"name 2 (돼지)", "돼지", "돼지"},
  {"name 3 (돼지앞)", "돼지앞", "돼지 앞"},
  {"mixed (돼ㅈ)", "돼ㅈ", "돼지"},
  {"PLU 3 digits (123)", "123", "123"},
};

int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 5000;
  int rounds = argc > 2 ? atoi(argv[2]) : 300;
  if (n < 1 || n > 99999 || rounds < 1) {
    fprintf(stderr, "usage: bench-search [N_PRODUCTS 1-99999] [ROUNDS]\n");
    return 2;
  }
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func((GDestroyNotify)pos_product_free);
  GRand *rng = g_rand_new_with_seed(14);
  for (int i = 0; i < n; i++) {
    g_autofree char *name = g_strdup_printf(
      "%s %s %s%s %d", places[g_rand_int_range(rng, 0, G_N_ELEMENTS(places))],
      kinds[g_rand_int_range(rng, 0, G_N_ELEMENTS(kinds))],
      cuts[g_rand_int_range(rng, 0, G_N_ELEMENTS(cuts))],
      sizes[g_rand_int_range(rng, 0, G_N_ELEMENTS(sizes))], i + 1);
    g_ptr_array_add(products, pos_product_new_simple(i + 1, name, "ETC", POS_UNIT_PIECE, 1000,
                                                     POS_TAX_TAXABLE));
  }
  g_rand_free(rng);

  int64_t t0 = g_get_monotonic_time();
  g_autoptr(PosSearch) index = pos_search_new(products);
  int64_t build_us = g_get_monotonic_time() - t0;
  printf("bench-search: %d products, %d rounds per query; index built in %.2f ms\n", n, rounds,
         build_us / 1000.0);

  g_autofree int64_t *us = g_new(int64_t, rounds);
  g_autofree int64_t *floor_us = g_new(int64_t, rounds);
  volatile guint sink = 0;
  for (guint q = 0; q < G_N_ELEMENTS(queries); q++) {
    guint hits_seen = 0, floor_hits = 0;
    for (int r = 0; r < rounds; r++) {
      int64_t a = g_get_monotonic_time();
      GArray *hits = pos_search_query(index, queries[q].query, 20);
      int64_t b = g_get_monotonic_time();
      hits_seen = hits->len;
      g_array_unref(hits);
      guint count = 0;
      int64_t c = g_get_monotonic_time();
      for (guint i = 0; i < products->len; i++)
        if (strstr(((const PosProduct *)g_ptr_array_index(products, i))->name,
                   queries[q].floor_query))
          count++;
      int64_t d = g_get_monotonic_time();
      floor_hits = count;
      sink += count;
      us[r] = b - a;
      floor_us[r] = d - c;
    }
    qsort(us, (size_t)rounds, sizeof *us, cmp_i64);
    qsort(floor_us, (size_t)rounds, sizeof *floor_us, cmp_i64);
    int64_t med = us[rounds / 2], p99 = us[(rounds * 99) / 100];
    int64_t fmed = floor_us[rounds / 2], fp99 = floor_us[(rounds * 99) / 100];
    printf("%-22s search median %6.3f ms  p99 %6.3f ms  max %6.3f ms | strstr floor median "
           "%6.3f ms  p99 %6.3f ms (%u names) | ratio of medians %.1f | shown %u\n",
           queries[q].label, med / 1000.0, p99 / 1000.0, us[rounds - 1] / 1000.0,
           fmed / 1000.0, fp99 / 1000.0, floor_hits,
           fmed > 0 ? (double)med / (double)fmed : 0.0, hits_seen);
  }
  return sink == 0 ? 1 : 0;
}
