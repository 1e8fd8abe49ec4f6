/*
** test-hub-report-cache.c: the hub's report cache (hub-report-cache.h) on a
** small seeded SQLite hub: a repeated question is a hit with the bytes of
** hub_report_build; a write, through this store or another one on the same
** file, empties it; past its byte limit the oldest report goes first, a
** report larger than the limit is answered but not kept; errors are
** answered and never kept.  (The HTTP side, on both stores, is
** test-hub-reports' cache-follows-data.)
*/
#include "testutil.h"
#include "hub-report-cache.h"
#include "hub-seed.h"
#include "seed-gen.h"

static char *dir, *path;
static HubStore *store;

static void setup(void)
{
  g_autoptr(GError) e = NULL;
  dir = tu_tmpdir();
  path = g_build_filename(dir, "hub.sqlite", NULL);
  store = hub_store_open(path, HUB_OPEN_CREATE, 2, &e);
  g_assert_no_error(e);
  g_autoptr(GPtrArray) lines = hub_taxonomy_parse(hub_taxonomy_builtin(), &e);
  g_assert_no_error(e);
  g_assert_true(hub_store_taxonomy_import(store, lines, &e));
  SeedOptions o;
  HubSeedStats st;
  seed_options_init(&o);
  o.markets = 2;
  o.stalls = 3;
  o.days = 20;
  g_assert_true(hub_seed_run(store, &o, NULL, NULL, &st, &e));
  g_assert_no_error(e);
}

/* One report through the cache; asserts success and the hit flag. */
static GBytes *get(HubReportCache *c, HubReportKind kind, const char *from, gboolean want_hit)
{
  g_autoptr(GError) e = NULL;
  gboolean hit = !want_hit;
  GBytes *b = hub_report_cache_get(c, store, kind, "M01", from, SEED_FIXED_UNTIL,
                                   AN_COMPARE_PREVIOUS, HUB_FORMAT_JSON, &hit, &e);
  g_assert_no_error(e);
  g_assert_nonnull(b);
  g_assert_cmpint(hit, ==, want_hit);
  return b;
}

static void test_hit_and_invalidation(void)
{
  g_autoptr(HubReportCache) c = hub_report_cache_new(64u << 20);
  g_autoptr(GError) e = NULL;
  g_autoptr(GBytes) first = get(c, HUB_REPORT_STORES, "2026-11-12", FALSE);
  g_autoptr(GBytes) again = get(c, HUB_REPORT_STORES, "2026-11-12", TRUE);
  g_assert_true(g_bytes_equal(first, again));
  g_autoptr(GBytes) built = hub_report_build(store, HUB_REPORT_STORES, "M01", "2026-11-12",
                                             SEED_FIXED_UNTIL, AN_COMPARE_PREVIOUS,
                                             HUB_FORMAT_JSON, &e);
  g_assert_true(g_bytes_equal(first, built));
  /* another question is another entry */
  g_autoptr(GBytes) lines = get(c, HUB_REPORT_LINES, "2026-11-12", FALSE);
  guint n;
  gsize bytes;
  hub_report_cache_stats(c, &n, &bytes);
  g_assert_cmpuint(n, ==, 2);
  g_assert_cmpuint(bytes, ==, g_bytes_get_size(first) + g_bytes_get_size(lines));

  /* a write through this store: every entry goes */
  g_assert_true(hub_store_stall_add(store, "M01-S90", "M01", "새가게", &e));
  g_autoptr(GBytes) added = get(c, HUB_REPORT_STORES, "2026-11-12", FALSE);
  g_assert_false(g_bytes_equal(added, first));
  hub_report_cache_stats(c, &n, &bytes);
  g_assert_cmpuint(n, ==, 1);

  /* a write through another store on the file (another process, as the CLI) */
  g_autoptr(HubStore) other = hub_store_open(path, HUB_OPEN_EXISTING, 1, &e);
  g_assert_no_error(e);
  g_assert_true(hub_store_stall_add(other, "M01-S91", "M01", "또가게", &e));
  g_autoptr(GBytes) added2 = get(c, HUB_REPORT_STORES, "2026-11-12", FALSE);
  g_assert_nonnull(g_strstr_len(g_bytes_get_data(added2, NULL), g_bytes_get_size(added2),
                                "M01-S91"));
  g_autoptr(GBytes) again2 = get(c, HUB_REPORT_STORES, "2026-11-12", TRUE);
  g_assert_true(g_bytes_equal(added2, again2));
}

static void test_byte_limit(void)
{
  g_autoptr(GBytes) a = NULL, b = NULL;
  {
    /* sizes first, with a cache that keeps everything */
    g_autoptr(HubReportCache) big = hub_report_cache_new(64u << 20);
    a = get(big, HUB_REPORT_LINES, "2026-11-12", FALSE);
    b = get(big, HUB_REPORT_LINES, "2026-11-19", FALSE);
  }
  /* room for the larger of the two, not both: the older goes */
  gsize room = MAX(g_bytes_get_size(a), g_bytes_get_size(b));
  g_autoptr(HubReportCache) c = hub_report_cache_new(room);
  g_bytes_unref(get(c, HUB_REPORT_LINES, "2026-11-12", FALSE));
  g_bytes_unref(get(c, HUB_REPORT_LINES, "2026-11-12", TRUE));
  g_bytes_unref(get(c, HUB_REPORT_LINES, "2026-11-19", FALSE));
  g_bytes_unref(get(c, HUB_REPORT_LINES, "2026-11-19", TRUE));
  g_bytes_unref(get(c, HUB_REPORT_LINES, "2026-11-12", FALSE));   /* a went for b */
  guint n;
  gsize bytes;
  hub_report_cache_stats(c, &n, &bytes);
  g_assert_cmpuint(n, ==, 1);
  g_assert_cmpuint(bytes, <=, room);
  /* a report larger than the whole cache is answered, never kept */
  g_autoptr(HubReportCache) none = hub_report_cache_new(0);
  g_autoptr(GBytes) z1 = get(none, HUB_REPORT_LINES, "2026-11-12", FALSE);
  g_bytes_unref(get(none, HUB_REPORT_LINES, "2026-11-12", FALSE));
  g_assert_true(g_bytes_equal(z1, a));
  hub_report_cache_stats(none, &n, &bytes);
  g_assert_cmpuint(n, ==, 0);
  g_assert_cmpuint(bytes, ==, 0);
}

static void test_errors_not_kept(void)
{
  g_autoptr(HubReportCache) c = hub_report_cache_new(64u << 20);
  for (int i = 0; i < 2; i++) {
    g_autoptr(GError) e = NULL;
    gboolean hit = TRUE;
    g_autoptr(GBytes) b = hub_report_cache_get(c, store, HUB_REPORT_LINES, "M99", "2026-11-12",
                                               SEED_FIXED_UNTIL, AN_COMPARE_PREVIOUS,
                                               HUB_FORMAT_JSON, &hit, &e);
    g_assert_null(b);
    g_assert_error(e, HUB_ERROR, HUB_ERROR_NOT_FOUND);
    g_assert_false(hit);
  }
  guint n;
  gsize bytes;
  hub_report_cache_stats(c, &n, &bytes);
  g_assert_cmpuint(n, ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  setup();
  g_test_add_func("/hub/report-cache/hit-and-invalidation", test_hit_and_invalidation);
  g_test_add_func("/hub/report-cache/byte-limit", test_byte_limit);
  g_test_add_func("/hub/report-cache/errors-not-kept", test_errors_not_kept);
  int rc = g_test_run();
  hub_store_close(store);
  g_free(path);
  tu_tmpdir_free(dir);
  return rc;
}
