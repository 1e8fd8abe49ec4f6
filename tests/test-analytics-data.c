/*
** test-analytics-data.c: days, periods, the dataset's checks, the
** configuration file, query validation, and the by-market grouping
** (an_dataset_seal) giving the same figures as a full scan.
*/
#include "mb-clock.h"
#include "an-report.h"
#include "testutil.h"
#include <glib/gstdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_days(void)
{
  AnDay d = -1;
  char buf[AN_DAY_ISO_LEN];
  int y, m, md;
  g_assert_true(an_day_parse("2000-01-01", &d));
  g_assert_cmpint(d, ==, 10957);
  g_assert_cmpint(an_day_weekday(d), ==, 5);          /* a Saturday */
  g_assert_cmpint(an_day_weekday(0), ==, 3);          /* 1970-01-01, a Thursday */
  g_assert_true(an_day_parse("2024-04-01", &d));
  g_assert_cmpint(d, ==, 19814);                      /* 54 years + 13 leap days + 91 */
  g_assert_cmpint(an_day_weekday(d), ==, 0);          /* a Monday */
  g_assert_true(an_day_parse("2024-02-29", &d));
  an_day_format(d, buf);
  g_assert_cmpstr(buf, ==, "2024-02-29");
  mb_day_civil(d + 1, &y, &m, &md);
  g_assert_cmpint(y * 10000 + m * 100 + md, ==, 20240301);
  g_assert_cmpint(an_day_weekday(-1), ==, 2);         /* before 1970 too */
  /* The market clock's one range: what the hub could store, nothing older. */
  g_assert_false(an_day_parse("1999-12-31", &d));
  g_assert_false(an_day_parse("1969-12-31", &d));
  g_assert_false(an_day_parse("2026-W48-4", &d));
  g_assert_false(an_day_parse("2023-02-29", &d));
  g_assert_false(an_day_parse("2024-4-01", &d));
  g_assert_false(an_day_parse("2024-04-31", &d));
  g_assert_false(an_day_parse("2024-04-01x", &d));
  g_assert_false(an_day_parse("1899-12-31", &d));
  g_assert_false(an_day_parse(NULL, &d));
  /* Round trip over three centuries, leap rules included. */
  AnDay from = (AnDay)MB_DAY_MIN, to = (AnDay)mb_day_from_civil(2300, 1, 1);
  for (AnDay k = from; k < to; k += 13) {
    AnDay back;
    an_day_format(k, buf);
    g_assert_true(an_day_parse(buf, &back));
    g_assert_cmpint(back, ==, k);
  }
}

static void test_periods(void)
{
  AnPeriod p, q;
  g_autoptr(GError) e = NULL;
  char a[AN_DAY_ISO_LEN], b[AN_DAY_ISO_LEN];
  AnCompare c;
  g_assert_true(an_period_parse("2024-04-01", "2024-04-30", &p, NULL));
  g_assert_cmpuint(an_period_days(p), ==, 30);
  q = an_period_previous(p);
  an_day_format(q.from, a);
  an_day_format(q.to, b);
  g_assert_cmpstr(a, ==, "2024-03-02");
  g_assert_cmpstr(b, ==, "2024-03-31");
  g_assert_true(an_period_parse("2024-02-01", "2024-02-29", &p, NULL));
  q = an_period_last_year(p);
  an_day_format(q.to, b);
  g_assert_cmpstr(b, ==, "2023-02-28");
  g_assert_false(an_period_parse("2024-04-30", "2024-04-01", &p, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_period_parse("2000-01-01", "2024-01-01", &p, &e));   /* too long */
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  /* a report cannot ask for a day the hub would never have stored */
  g_assert_false(an_period_parse("1999-12-31", "2000-01-05", &p, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_assert_true(an_compare_parse("last-year", &c));
  g_assert_cmpint(c, ==, AN_COMPARE_LAST_YEAR);
  g_assert_true(an_compare_parse("previous", &c));
  g_assert_false(an_compare_parse("yesterday", &c));
  g_assert_cmpstr(an_compare_name(AN_COMPARE_NONE), ==, "none");
}

static void test_dataset_checks(void)
{
  g_autoptr(AnDataset) ds = an_dataset_new();
  g_autoptr(GError) e = NULL;
  guint ix = 99;
  AnStallHour h = { 0, 0, 24, 1, 1 };
  AnLineDay ld = { 0, 5, 0, 1, 1, 1, 1 };
  AnStallTender t = { 0, 0, 7, 1 };
  g_assert_true(an_dataset_add_market(ds, "M", NULL, &ix, NULL));
  g_assert_cmpuint(ix, ==, 0);
  g_assert_cmpstr(an_dataset_market(ds, 0)->name, ==, "M");   /* the code stands in */
  g_assert_false(an_dataset_add_market(ds, "M", "again", NULL, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_EXISTS);
  g_clear_error(&e);
  g_assert_false(an_dataset_add_stall(ds, "S", NULL, "NOPE", -1, NULL, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_NOT_FOUND);
  g_clear_error(&e);
  g_assert_false(an_dataset_add_line(ds, "BAD\nCODE", NULL, NULL, NULL, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_true(an_dataset_add_stall(ds, "S", "가게", "M", -5, &ix, NULL));
  g_assert_cmpint(an_dataset_stall(ds, ix)->last_sync_ms, ==, -1);
  g_assert_true(an_dataset_add_stall(ds, "S0", NULL, "M", 0, &ix, NULL));   /* the hub's never */
  g_assert_cmpint(an_dataset_stall(ds, ix)->last_sync_ms, ==, -1);
  g_assert_false(an_dataset_add_stall_hour(ds, &h, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_dataset_add_line_day(ds, &ld, &e));      /* no line 5 */
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_dataset_add_stall_tender(ds, &t, &e));   /* no method 7 */
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_cmpuint(an_dataset_method(ds, "cash"), ==, 0);
  g_assert_cmpuint(an_dataset_method(ds, "card"), ==, 1);
  g_assert_cmpuint(an_dataset_method(ds, "cash"), ==, 0);
  g_assert_true(an_dataset_find_stall(ds, "S", &ix));
  g_assert_false(an_dataset_find_line(ds, "S", &ix));
  g_assert_cmpuint(ds->line_days->len + ds->stall_hours->len + ds->stall_tenders->len, ==, 0);
  g_assert_cmpstr(an_error_code_name(AN_ERROR_EXISTS), ==, "exists");
}

static void test_config(void)
{
  AnConfig c, d;
  g_autoptr(GError) e = NULL;
  g_autofree char *text = NULL;
  an_config_init(&c);
  g_assert_true(an_config_validate(&c, NULL));
  g_assert_cmpfloat(c.lq_competitive, ==, 1.25);
  g_assert_cmpint(c.top_n, ==, 2);
  g_assert_true(an_config_load_data(&c, "[lines]\nlq_competitive=1.5\n[stores]\ntop_n=3\n", -1, &e));
  g_assert_no_error(e);
  g_assert_cmpfloat(c.lq_competitive, ==, 1.5);
  g_assert_cmpint(c.top_n, ==, 3);
  g_assert_cmpfloat(c.hhi_high, ==, 1800);            /* untouched */
  d = c;
  g_assert_false(an_config_load_data(&c, "[lines]\nlq_competetive=2\n", -1, &e));  /* typo */
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_config_load_data(&c, "[stores]\ntop_n=2.5\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_config_load_data(&c, "[stores]\nabc_a_pct=90\nabc_b_pct=15\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_config_load_data(&c, "[lines]\ngrowth_declining=0.2\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_false(an_config_load_data(&c, "[lines]\nhhi_high=20000\n", -1, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  g_assert_true(memcmp(&c, &d, sizeof c) == 0);      /* all or nothing */
  /* The printed file reads back to the same settings. */
  text = an_config_to_text(&c);
  an_config_init(&d);
  g_assert_true(an_config_load_data(&d, text, -1, &e));
  g_assert_no_error(e);
  g_assert_true(memcmp(&c, &d, sizeof c) == 0);
  g_assert_false(an_config_load_file(&d, "/nonexistent/analytics.ini", &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_IO);
}

static void test_query(void)
{
  g_autoptr(AnDataset) ds = an_dataset_new();
  g_autoptr(GError) e = NULL;
  AnQuery q;
  AnConfig bad;
  g_assert_true(an_dataset_add_market(ds, "M", NULL, NULL, NULL));
  g_assert_false(an_query_init(&q, ds, "X", "2024-04-01", "2024-04-30", AN_COMPARE_NONE, NULL, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_NOT_FOUND);
  g_clear_error(&e);
  g_assert_false(an_query_init(&q, ds, "M", "2024-04-01", "2024-13-01", AN_COMPARE_NONE, NULL, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  an_config_init(&bad);
  bad.abc_a_pct = 0;
  g_assert_false(an_query_init(&q, ds, "M", "2024-04-01", "2024-04-30", AN_COMPARE_NONE, &bad, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  /* A comparison period that overlaps the period is refused by the reports. */
  g_assert_true(an_query_init(&q, ds, "M", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS,
                              NULL, NULL));
  q.compare_period.to = q.period.from;
  g_assert_null(an_lines_rank(ds, &q, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  g_clear_error(&e);
  q.compare = AN_COMPARE_NONE;
  q.market = 7;
  g_assert_null(an_stalls_rank(ds, &q, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_NOT_FOUND);
}

/* Three markets; sealing must not change any figure of any report. */
static void test_seal_same_figures(void)
{
  g_autoptr(AnDataset) ds = an_dataset_new();
  g_autoptr(GRand) rng = g_rand_new_with_seed(7);
  AnDay from;
  guint cash, onnuri;
  g_assert_true(an_day_parse("2024-04-01", &from));
  g_assert_true(an_dataset_add_line(ds, "L0", NULL, NULL, NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "L1", NULL, NULL, NULL, NULL));
  cash = an_dataset_method(ds, "cash");
  onnuri = an_dataset_method(ds, "onnuri-card");
  for (guint m = 0; m < 3; m++) {
    char code[8];
    g_snprintf(code, sizeof code, "M%u", m);
    g_assert_true(an_dataset_add_market(ds, code, NULL, NULL, NULL));
  }
  for (guint s = 0; s < 12; s++) {
    char code[8], market[8];
    g_snprintf(code, sizeof code, "S%u", s);
    g_snprintf(market, sizeof market, "M%u", s % 3);
    g_assert_true(an_dataset_add_stall(ds, code, NULL, market, 0, NULL, NULL));
  }
  for (guint i = 0; i < 2000; i++) {
    guint s = (guint)g_rand_int_range(rng, 0, 12);
    AnDay d = from - 30 + g_rand_int_range(rng, 0, 60);
    int64_t rev = g_rand_int_range(rng, -1000, 90000);
    AnLineDay ld = { s, s % 2, d, rev, 100, 1, 1 };
    AnStallDay sd = { s, d, rev > 0 ? 1 : 0, rev };
    AnStallHour h = { s, d, g_rand_int_range(rng, 0, 24), rev, 1 };
    AnStallTender t = { s, d, i % 3 ? cash : onnuri, rev };
    g_assert_true(an_dataset_add_line_day(ds, &ld, NULL));
    g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
    g_assert_true(an_dataset_add_stall_hour(ds, &h, NULL));
    g_assert_true(an_dataset_add_stall_tender(ds, &t, NULL));
  }
  for (guint m = 0; m < 3; m++) {
    char code[8];
    AnQuery q;
    g_autofree char *l1 = NULL, *l2 = NULL, *s1 = NULL, *s2 = NULL, *t1 = NULL, *t2 = NULL;
    g_snprintf(code, sizeof code, "M%u", m);
    g_assert_true(an_query_init(&q, ds, code, "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS,
                                NULL, NULL));
    {
      g_autoptr(AnLinesReport) lr = an_lines_rank(ds, &q, NULL);
      g_autoptr(AnStoresReport) sr = an_stores_rank(ds, &q, lr, NULL);
      g_autoptr(AnStallsReport) tr = an_stalls_rank(ds, &q, NULL);
      l1 = an_lines_to_json(lr);
      s1 = an_stores_to_json(sr);
      t1 = an_stalls_to_json(tr);
    }
    an_dataset_seal(ds);
    {
      g_autoptr(AnLinesReport) lr = an_lines_rank(ds, &q, NULL);
      g_autoptr(AnStoresReport) sr = an_stores_rank(ds, &q, lr, NULL);
      g_autoptr(AnStallsReport) tr = an_stalls_rank(ds, &q, NULL);
      l2 = an_lines_to_json(lr);
      s2 = an_stores_to_json(sr);
      t2 = an_stalls_to_json(tr);
    }
    g_assert_cmpstr(l1, ==, l2);
    g_assert_cmpstr(s1, ==, s2);
    g_assert_cmpstr(t1, ==, t2);
    /* Adding a row drops the grouping; reports stay right. */
    {
      AnStallDay sd = { 0, from, 1, 5 };
      g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
    }
  }
}

/*
** A report written to a FIFO (as to /dev/null) goes through it and leaves it
** a FIFO: renaming a temporary file over it would have replaced it, which a
** report written to /dev/null as root once did to the machine's /dev/null.
** A regular file is still replaced whole, and a missing folder is IO.
*/
static void test_write_file(void)
{
  g_autofree char *dir = g_dir_make_tmp("an-write-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename(dir, "fifo", NULL);
  g_autofree char *plain = g_build_filename(dir, "plain", NULL);
  g_autofree char *nowhere = g_build_filename(dir, "no", "such", NULL);
  g_autoptr(GError) error = NULL;
  g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
  int rd = open(fifo, O_RDONLY | O_NONBLOCK);   /* a reader, so the writer's open returns */
  g_assert_cmpint(rd, >=, 0);
  g_assert_true(an_write_file(fifo, "report\n", 7, &error));
  g_assert_no_error(error);
  char got[16] = {0};
  g_assert_cmpint(read(rd, got, sizeof got - 1), ==, 7);
  g_assert_cmpstr(got, ==, "report\n");
  close(rd);
  GStatBuf st;
  g_assert_cmpint(g_stat(fifo, &st), ==, 0);
  g_assert_true(S_ISFIFO(st.st_mode));

  g_assert_true(an_write_file(plain, "one", 3, &error));
  g_assert_true(an_write_file(plain, "two", 3, &error));
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(plain, &text, NULL, NULL));
  g_assert_cmpstr(text, ==, "two");
  g_assert_false(an_write_file(nowhere, "x", 1, &error));
  g_assert_error(error, AN_ERROR, AN_ERROR_IO);
  g_unlink(fifo);
  g_unlink(plain);
  g_rmdir(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/data/days", test_days);
  g_test_add_func("/analytics/data/periods", test_periods);
  g_test_add_func("/analytics/data/dataset-checks", test_dataset_checks);
  g_test_add_func("/analytics/data/config", test_config);
  g_test_add_func("/analytics/data/query", test_query);
  g_test_add_func("/analytics/data/write-file", test_write_file);
  g_test_add_func("/analytics/data/seal", test_seal_same_figures);
  return g_test_run();
}
