/*
** test-analytics-speed.c: the speed targets of the issue, measured.
**
** Market-year: one market of 200 stalls, a year of daily rollups (line,
** stall-day, hour, tender rows) compared with the year before, plus the
** rest of the city pre-summed.  Target: every report (lines, stores,
** stalls: measures, JSON and CSV) under 100 ms.
**
** City-year (only with -m perf, it builds about 2 million rows): 50 markets
** x 100 stalls, line and tender rows pre-summed per period, stall days
** daily, hours pre-summed per weekday (all as an-data.h allows), sealed;
** every report of every market under 1 s.
**
** Timings are printed; the assertions are ten times looser than the
** targets, to catch a quadratic slip without failing on a busy machine, and
** are skipped under the sanitizers, which slow everything down.
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <string.h>

#include <time.h>

#if defined(__SANITIZE_ADDRESS__)
#define TIMED 0
#else
#define TIMED 1
#endif

#define N_LINES 12

static void add_market(AnDataset *ds, GRand *rng, guint m, guint n_stalls, gboolean daily_lines,
                       AnDay from, guint days, guint *methods)
{
  char code[16];
  g_snprintf(code, sizeof code, "M%02u", m);
  g_assert_true(an_dataset_add_market(ds, code, NULL, NULL, NULL));
  for (guint s = 0; s < n_stalls; s++) {
    guint ix, main_line = (guint)g_rand_int_range(rng, 0, N_LINES);
    int64_t base = g_rand_int_range(rng, 100000, 1500000);
    int64_t year_rev[2] = { 0, 0 }, week[7][24] = { { 0 } };
    char stall[24];
    g_snprintf(stall, sizeof stall, "M%02uS%03u", m, s);
    g_assert_true(an_dataset_add_stall(ds, stall, NULL, code, 1700000000000, &ix, NULL));
    for (guint d = 0; d < 2 * days; d++) {
      AnDay day = from - (AnDay)days + (AnDay)d;
      gboolean now = d >= days;
      int64_t rev = base * g_rand_int_range(rng, 50, 150) / 100;
      int64_t receipts = rev / 12000 + 1;
      if (an_day_weekday(day) == 6)
        continue;
      year_rev[now] += rev;
      if (daily_lines) {
        AnLineDay a = { ix, main_line, day, rev * 4 / 5, rev / 20, receipts, receipts };
        AnLineDay b = { ix, (main_line + 1) % N_LINES, day, rev - rev * 4 / 5, rev / 80,
                        receipts / 3, receipts / 3 };
        g_assert_true(an_dataset_add_line_day(ds, &a, NULL));
        g_assert_true(an_dataset_add_line_day(ds, &b, NULL));
      }
      if (now || daily_lines) {
        AnStallDay sd = { ix, day, receipts, rev };
        g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
      }
      if (!now)
        continue;
      for (int h = 9; h < 19; h++) {
        if (daily_lines) {
          AnStallHour hr = { ix, day, h, rev / 10, receipts / 10 };
          g_assert_true(an_dataset_add_stall_hour(ds, &hr, NULL));
        } else {
          week[an_day_weekday(day)][h] += rev / 10;
        }
      }
      if (daily_lines) {
        for (guint t = 0; t < 3; t++) {
          AnStallTender tr = { ix, day, methods[t], rev / 3 };
          g_assert_true(an_dataset_add_stall_tender(ds, &tr, NULL));
        }
      }
    }
    if (!daily_lines) {
      /* Pre-summed: one line row per period, prior stall days as one row,
      ** hours per weekday (dated on a day of that weekday), tenders. */
      for (int now = 0; now < 2; now++) {
        AnDay day = now ? from : from - (AnDay)days;
        AnLineDay a = { ix, main_line, day, year_rev[now], year_rev[now] / 20, 1000, 1000 };
        g_assert_true(an_dataset_add_line_day(ds, &a, NULL));
      }
      {
        AnStallDay sd = { ix, from - 1, 9000, year_rev[0] };
        g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
      }
      for (int w = 0; w < 7; w++)
        for (int h = 9; h < 19; h++) {
          AnStallHour hr = { ix, from + ((w - an_day_weekday(from)) + 7) % 7, h, week[w][h], 1 };
          g_assert_true(an_dataset_add_stall_hour(ds, &hr, NULL));
        }
      for (guint t = 0; t < 3; t++) {
        AnStallTender tr = { ix, from, methods[t], year_rev[1] / 3 };
        g_assert_true(an_dataset_add_stall_tender(ds, &tr, NULL));
      }
    }
  }
}

static AnDataset *dataset(guint n_markets, guint n_stalls, gboolean daily_lines, AnDay from)
{
  AnDataset *ds = an_dataset_new();
  g_autoptr(GRand) rng = g_rand_new_with_seed(1400);
  guint methods[3];
  for (guint l = 0; l < N_LINES; l++) {
    char code[8];
    g_snprintf(code, sizeof code, "L%02u", l);
    g_assert_true(an_dataset_add_line(ds, code, NULL, NULL, NULL, NULL));
  }
  methods[0] = an_dataset_method(ds, "cash");
  methods[1] = an_dataset_method(ds, "card");
  methods[2] = an_dataset_method(ds, "onnuri-paper");
  for (guint m = 0; m < n_markets; m++)
    add_market(ds, rng, m, n_stalls, daily_lines && m == 0, from, 365, methods);
  return ds;
}

/* Every report of one market: measures, JSON and CSV; times[] gets ms per step. */
static void reports(AnDataset *ds, const char *market, double times[4])
{
  AnQuery q;
  g_autoptr(GError) e = NULL;
  gint64 t = g_get_monotonic_time(), t2;
  g_assert_true(an_query_init(&q, ds, market, "2024-01-01", "2024-12-30", AN_COMPARE_PREVIOUS,
                              NULL, &e));
  {
    g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, &e);
    g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, lines, &e);
    g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, &q, &e);
    g_autofree char *j1 = NULL, *j2 = NULL, *j3 = NULL, *c1 = NULL, *c2 = NULL, *c3 = NULL;
    t2 = g_get_monotonic_time();
    times[0] += (double)(t2 - t) / 1000.0;
    j1 = an_lines_to_json(lines);
    j2 = an_stores_to_json(stores);
    t = g_get_monotonic_time();
    times[1] += (double)(t - t2) / 1000.0;
    j3 = an_stalls_to_json(stalls);
    t2 = g_get_monotonic_time();
    times[2] += (double)(t2 - t) / 1000.0;
    c1 = an_lines_to_csv(lines, AN_HEADER_NAMES, NULL);
    c2 = an_stores_to_csv(stores, AN_HEADER_NAMES, NULL);
    c3 = an_stalls_to_csv(stalls, AN_HEADER_NAMES, NULL);
    times[3] += (double)(g_get_monotonic_time() - t2) / 1000.0;
    g_assert_no_error(e);
    g_assert_cmpuint(stores->rows->len, ==, stalls->rows->len);
  }
}

/* CPU time of this process, ms: wall time lies on a machine shared with builds. */
static double cpu_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void report_times(const char *what, const double times[4])
{
  g_test_message("%s: measures %.1f ms, lines+stores JSON %.1f ms, stalls JSON %.1f ms, "
                 "CSV %.1f ms", what, times[0], times[1], times[2], times[3]);
}

static void test_market_year(void)
{
  AnDay from;
  g_autoptr(AnDataset) ds = NULL;
  gint64 t0;
  double ms, cpu, times[4] = { 0, 0, 0, 0 };
  g_assert_true(an_day_parse("2024-01-01", &from));
  ds = dataset(3, 200, TRUE, from);
  an_dataset_seal(ds);
  g_test_message("market-year rows: %u line, %u stall-day, %u hour, %u tender",
                 ds->line_days->len, ds->stall_days->len, ds->stall_hours->len,
                 ds->stall_tenders->len);
  reports(ds, "M00", times);     /* warm the allocator */
  memset(times, 0, sizeof times);
  t0 = g_get_monotonic_time();
  cpu = cpu_ms();
  reports(ds, "M00", times);
  cpu = cpu_ms() - cpu;
  ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
  report_times("market-year", times);
  g_test_message("market-year, 200 stalls: every report in %.1f ms wall, %.1f ms CPU "
                 "(target 100 ms)", ms, cpu);
  if (TIMED)
    g_assert_cmpfloat(cpu, <, 1000.0);
  /* The PDF, for the record only: pango lays out every table cell (not
  ** under the sanitizers, where it takes most of a minute). */
  if (TIMED) {
    AnQuery q;
    atu_query(&q, ds, "M00", "2024-01-01", "2024-12-30", AN_COMPARE_PREVIOUS);
    /* The same report set as the PDF tests (atu_report_pdf); the time now
    ** includes ranking the three reports (timed on their own above). */
    cpu = cpu_ms();
    g_autoptr(GBytes) pdf = atu_report_pdf(ds, &q, NULL);
    g_test_message("market-year PDF (all three reports, ranked and laid out): %.0f ms CPU, "
                   "%zu bytes", cpu_ms() - cpu, g_bytes_get_size(pdf));
    if (g_getenv("MPOS_KEEP_PDF"))
      g_assert_true(an_write_file(g_getenv("MPOS_KEEP_PDF"), g_bytes_get_data(pdf, NULL),
                                  g_bytes_get_size(pdf), NULL));
  }
}

static void test_city_year(void)
{
  AnDay from;
  g_autoptr(AnDataset) ds = NULL;
  gint64 t0;
  double ms, cpu, times[4] = { 0, 0, 0, 0 };
  if (!g_test_perf()) {
    g_test_skip("city-year runs with -m perf");
    return;
  }
  g_assert_true(an_day_parse("2024-01-01", &from));
  ds = dataset(50, 100, FALSE, from);
  an_dataset_seal(ds);
  g_test_message("city-year rows: %u line, %u stall-day, %u hour, %u tender",
                 ds->line_days->len, ds->stall_days->len, ds->stall_hours->len,
                 ds->stall_tenders->len);
  t0 = g_get_monotonic_time();
  cpu = cpu_ms();
  for (guint m = 0; m < 50; m++) {
    char code[16];
    g_snprintf(code, sizeof code, "M%02u", m);
    reports(ds, code, times);
  }
  cpu = cpu_ms() - cpu;
  ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
  report_times("city-year", times);
  g_test_message("city-year, 50 x 100 stalls: every report of every market in %.1f ms wall, "
                 "%.1f ms CPU (target 1 s)", ms, cpu);
  if (TIMED)
    g_assert_cmpfloat(cpu, <, 10000.0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/speed/market-year", test_market_year);
  g_test_add_func("/analytics/speed/city-year", test_city_year);
  return g_test_run();
}
