/*
** test-seed.c: the demo-data generator.  It must be repeatable to the byte,
** every document must reconcile like a till's, and the truths it plants
** (seeds/README.md) must be there in the raw documents, before any
** analytics: otherwise a test of the analytics against them proves nothing.
*/
#include "seed-gen.h"
#include "wire-codec.h"
#include <string.h>

typedef struct {
  GChecksum *sum;              /* over every document's JSON */
  guint64 docs, voids, refunds;
  GHashTable *revenue;         /* "M01/FISH" and "M01-S01" -> net won (gint64*) */
  GHashTable *paper;           /* stall -> paper Onnuri tendered */
  GHashTable *first_half, *second_half;   /* "M02/BANCHAN" -> net won */
  char mid_day[11];
} Tally;

static void add(GHashTable *h, const char *key, PosMoney v)
{
  gint64 *p = g_hash_table_lookup(h, key);
  if (p == NULL) {
    p = g_new0(gint64, 1);
    g_hash_table_insert(h, g_strdup(key), p);
  }
  *p += v;
}

static PosMoney get(GHashTable *h, const char *key)
{
  gint64 *p = g_hash_table_lookup(h, key);
  return p ? *p : 0;
}

static gboolean tally(const SeedStall *stall, GPtrArray *docs, gpointer data, GError **error)
{
  Tally *t = data;
  for (guint i = 0; i < docs->len; i++) {
    const PosSale *s = g_ptr_array_index(docs, i);
    if (!pos_sale_check(s, error))
      return FALSE;
    g_autoptr(cJSON) j = wire_sale_to_json(s);
    g_autofree char *text = cJSON_PrintUnformatted(j);
    g_checksum_update(t->sum, (const guchar *)text, -1);
    t->docs++;
    t->voids += s->kind == POS_DOC_VOID;
    t->refunds += s->kind == POS_DOC_REFUND;
    add(t->revenue, stall->code, s->totals.total);
    for (guint k = 0; k < s->lines->len; k++) {
      const PosLine *l = g_ptr_array_index(s->lines, k);
      g_autofree char *key = g_strdup_printf("%s/%s", stall->market_code, l->line_code);
      add(t->revenue, key, l->net);
      add(strcmp(s->business_day, t->mid_day) < 0 ? t->first_half : t->second_half, key, l->net);
    }
    for (guint k = 0; k < s->tenders->len; k++) {
      const PosTender *tn = g_ptr_array_index(s->tenders, k);
      add(t->paper, stall->code, tn->method == POS_TENDER_ONNURI_PAPER ? tn->amount : 0);
    }
  }
  return TRUE;
}

static void tally_init(Tally *t)
{
  memset(t, 0, sizeof *t);
  t->sum = g_checksum_new(G_CHECKSUM_SHA256);
  t->revenue = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->paper = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->first_half = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  t->second_half = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static void tally_clear(Tally *t)
{
  g_checksum_free(t->sum);
  g_hash_table_unref(t->revenue);
  g_hash_table_unref(t->paper);
  g_hash_table_unref(t->first_half);
  g_hash_table_unref(t->second_half);
}

static void run(const SeedOptions *o, Tally *t, SeedWorld **world)
{
  g_autoptr(GError) e = NULL;
  tally_init(t);
  SeedWorld *w = seed_world_new(o, &e);
  g_assert_no_error(e);
  /* the middle of the period, for growth */
  g_autofree char *until_iso = g_strdup_printf("%sT00:00:00Z", o->until);
  g_autoptr(GDateTime) until = g_date_time_new_from_iso8601(until_iso, NULL);
  g_autoptr(GDateTime) mid = g_date_time_add_days(until, -(o->days / 2) + 1);
  g_autofree char *mid_text = g_date_time_format(mid, "%Y-%m-%d");
  g_strlcpy(t->mid_day, mid_text, sizeof t->mid_day);
  guint64 n = 0;
  g_assert_true(seed_world_generate(w, tally, t, &n, &e));
  g_assert_no_error(e);
  g_assert_cmpuint(n, ==, t->docs);
  *world = w;
}

static void test_repeatable(void)
{
  SeedOptions o;
  seed_options_init(&o);
  o.stalls = 6;
  o.days = 21;
  Tally a, b, c;
  g_autoptr(SeedWorld) w1 = NULL, w2 = NULL, w3 = NULL;
  run(&o, &a, &w1);
  run(&o, &b, &w2);
  o.seed = 2;
  run(&o, &c, &w3);
  g_assert_cmpuint(a.docs, >, 1000);
  g_assert_cmpstr(g_checksum_get_string(a.sum), ==, g_checksum_get_string(b.sum));
  g_assert_cmpstr(g_checksum_get_string(a.sum), !=, g_checksum_get_string(c.sum));
  tally_clear(&a);
  tally_clear(&b);
  tally_clear(&c);
}

static double share(Tally *t, const char *market, const char *line, GPtrArray *lines)
{
  PosMoney all = 0;
  for (guint i = 0; i < lines->len; i++) {
    g_autofree char *key = g_strdup_printf("%s/%s", market, ((SeedLine *)g_ptr_array_index(lines, i))->code);
    all += get(t->revenue, key);
  }
  g_autofree char *key = g_strdup_printf("%s/%s", market, line);
  return all > 0 ? (double)get(t->revenue, key) / (double)all : 0;
}

static void test_planted(void)
{
  SeedOptions o;
  seed_options_init(&o);
  o.days = 56;
  Tally t;
  g_autoptr(SeedWorld) w = NULL;
  run(&o, &t, &w);
  GPtrArray *lines = seed_world_lines(w);
  /* a fish market: FISH share in M01 over twice its share in M02 */
  double fish1 = share(&t, "M01", "FISH", lines), fish2 = share(&t, "M02", "FISH", lines);
  g_test_message("FISH share M01 %.3f, M02 %.3f", fish1, fish2);
  g_assert_cmpfloat(fish1, >, 2 * fish2);
  /* BANCHAN grows in M02 and shrinks in M03 between the two halves */
  double g2 = (double)get(t.second_half, "M02/BANCHAN") / (double)get(t.first_half, "M02/BANCHAN");
  double g3 = (double)get(t.second_half, "M03/BANCHAN") / (double)get(t.first_half, "M03/BANCHAN");
  g_test_message("BANCHAN second/first half: M02 %.2f, M03 %.2f", g2, g3);
  g_assert_cmpfloat(g2, >, 1.2);
  g_assert_cmpfloat(g3, <, 0.85);
  /* two core stalls per market, each above every ordinary stall of its market */
  GPtrArray *stalls = seed_world_stalls(w);
  for (guint m = 0; m < seed_world_markets(w)->len; m++) {
    const SeedMarket *market = g_ptr_array_index(seed_world_markets(w), m);
    PosMoney min_core = G_MAXINT64, max_other = 0;
    int n_core = 0;
    for (guint i = 0; i < stalls->len; i++) {
      const SeedStall *s = g_ptr_array_index(stalls, i);
      if (strcmp(s->market_code, market->code) != 0)
        continue;
      PosMoney r = get(t.revenue, s->code);
      if (s->core) {
        n_core++;
        min_core = MIN(min_core, r);
      } else if (!s->never_synced) {
        max_other = MAX(max_other, r);
      }
    }
    g_assert_cmpint(n_core, ==, 2);
    g_assert_cmpint(min_core, >, max_other);
  }
  /* the never-synced stall has nothing; the odd stall takes paper Onnuri */
  g_assert_cmpint(get(t.revenue, "M05-S20"), ==, 0);
  g_assert_false(g_hash_table_contains(t.revenue, "M05-S20"));
  double odd = (double)get(t.paper, "M03-S03") / (double)get(t.revenue, "M03-S03");
  double usual = (double)get(t.paper, "M03-S04") / (double)get(t.revenue, "M03-S04");
  g_test_message("paper Onnuri share: M03-S03 %.2f, M03-S04 %.2f", odd, usual);
  g_assert_cmpfloat(odd, >, 0.4);
  g_assert_cmpfloat(usual, <, 0.15);
  /* voids and refunds happen, rarely */
  g_assert_cmpuint(t.voids, >, 0);
  g_assert_cmpuint(t.refunds, >, 0);
  g_assert_cmpuint(t.voids + t.refunds, <, t.docs / 50);
  tally_clear(&t);
}

static void test_bad_options(void)
{
  SeedOptions o;
  g_autoptr(GError) e = NULL;
  seed_options_init(&o);
  o.markets = 0;
  g_assert_null(seed_world_new(&o, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&e);
  seed_options_init(&o);
  g_strlcpy(o.until, "2026-02-30", sizeof o.until);
  g_assert_null(seed_world_new(&o, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  /* beyond the five named markets the generator makes more */
  seed_options_init(&o);
  o.markets = 7;
  o.stalls = 3;
  g_autoptr(SeedWorld) w = seed_world_new(&o, NULL);
  g_assert_nonnull(w);
  g_assert_cmpuint(seed_world_markets(w)->len, ==, 7);
  g_assert_cmpuint(seed_world_stalls(w)->len, ==, 21);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/seed/repeatable", test_repeatable);
  g_test_add_func("/seed/planted", test_planted);
  g_test_add_func("/seed/bad-options", test_bad_options);
  return g_test_run();
}
