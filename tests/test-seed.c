/*
** test-seed.c: the demo-data generator.  It must be repeatable to the byte,
** every document must reconcile like a till's, and the truths it plants
** (seeds/README.md) must be there in the raw documents, before any
** analytics: otherwise a test of the analytics against them proves nothing.
** Whatever its last day, the world leaves no stall silent but the planted
** one, and the markets shut on 설날 and 추석 themselves only.
*/
#include "mb-clock.h"
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

/* Per stall, the last business day it sold on; per day, the documents. */
typedef struct {
  GHashTable *last_day;        /* stall code -> "YYYY-MM-DD" */
  GHashTable *per_day;         /* "YYYY-MM-DD" -> documents (guint) */
} Days;

static gboolean note_days(const SeedStall *stall, GPtrArray *docs, gpointer data,
                          GError **error)
{
  Days *d = data;
  (void)error;
  for (guint i = 0; i < docs->len; i++) {
    const PosSale *s = g_ptr_array_index(docs, i);
    const char *last = g_hash_table_lookup(d->last_day, stall->code);
    if (last == NULL || strcmp(s->business_day, last) > 0)
      g_hash_table_insert(d->last_day, g_strdup(stall->code), g_strdup(s->business_day));
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(d->per_day, s->business_day));
    g_hash_table_insert(d->per_day, g_strdup(s->business_day), GUINT_TO_POINTER(n + 1));
  }
  return TRUE;
}

/* The world ending on until (a few days, light traffic), tallied by day. */
static SeedWorld *run_days(const char *until, int days, Days *d)
{
  SeedOptions o;
  seed_options_init(&o);
  o.stalls = 8;
  o.days = days;
  o.receipts = 3;
  g_strlcpy(o.until, until, sizeof o.until);
  g_autoptr(GError) e = NULL;
  SeedWorld *w = seed_world_new(&o, &e);
  g_assert_no_error(e);
  d->last_day = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  d->per_day = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_assert_true(seed_world_generate(w, note_days, d, NULL, &e));
  g_assert_no_error(e);
  return w;
}

static void days_clear(Days *d)
{
  g_hash_table_unref(d->last_day);
  g_hash_table_unref(d->per_day);
}

/*
** The office highlights a stall with no sync for over three days, and the
** demo's history ends yesterday on whatever day it runs: so on any last
** day, around month and year ends and 설날 and 추석 included, every stall
** but the planted never-synced one has sold on the last day or the one
** before it.
*/
static void test_never_silent(void)
{
  static const char *const last_days[] = {
    "2026-09-23", "2026-09-24", "2026-09-25", "2026-09-26", "2026-09-27", "2026-09-28",
    "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2026-11-30", "2026-12-31",
    "2027-01-01", "2027-02-28", "2028-03-01"};
  for (guint k = 0; k < G_N_ELEMENTS(last_days); k++) {
    Days d;
    g_autoptr(SeedWorld) w = run_days(last_days[k], 40, &d);
    int64_t until = 0;
    g_assert_true(mb_day_parse(last_days[k], &until));
    char day_before[MB_DAY_LEN];
    mb_day_format(until - 1, day_before);
    GPtrArray *stalls = seed_world_stalls(w);
    for (guint i = 0; i < stalls->len; i++) {
      const SeedStall *s = g_ptr_array_index(stalls, i);
      const char *last = g_hash_table_lookup(d.last_day, s->code);
      if (s->never_synced) {
        g_assert_null(last);
        continue;
      }
      if (last == NULL || strcmp(last, day_before) < 0)
        g_error("until %s: %s last sold on %s", last_days[k], s->code, last ? last : "never");
    }
    days_clear(&d);
  }
}

/* 추석 2026 is 09-24..09-26: the markets shut on the day itself, 09-25, only. */
static void test_holidays(void)
{
  Days d;
  g_autoptr(SeedWorld) w = run_days("2026-09-27", 5, &d);
  g_assert_cmpuint(GPOINTER_TO_UINT(g_hash_table_lookup(d.per_day, "2026-09-25")), ==, 0);
  g_assert_cmpuint(GPOINTER_TO_UINT(g_hash_table_lookup(d.per_day, "2026-09-24")), >, 20);
  g_assert_cmpuint(GPOINTER_TO_UINT(g_hash_table_lookup(d.per_day, "2026-09-26")), >, 20);
  days_clear(&d);
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
  g_clear_error(&e);
  static const int bad_receipts[] = {0, 1001};
  for (guint i = 0; i < G_N_ELEMENTS(bad_receipts); i++) {
    seed_options_init(&o);
    o.receipts = bad_receipts[i];
    g_assert_null(seed_world_new(&o, &e));
    g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
    g_clear_error(&e);
  }
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
  g_test_add_func("/seed/never-silent", test_never_silent);
  g_test_add_func("/seed/holidays", test_holidays);
  g_test_add_func("/seed/bad-options", test_bad_options);
  return g_test_run();
}
