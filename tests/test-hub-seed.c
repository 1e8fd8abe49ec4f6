/*
** test-hub-seed.c: `market-hub seed`, the demo world through the program.
**
** The generator itself is test-seed's; here is what the command adds on
** top: the world ends yesterday in Asia/Seoul unless --until says
** otherwise (and MPOS_NOW moves "today", as `make demo` relies on to run
** on any day), --receipts scales the traffic, progress is one plain line a
** market into a pipe and a redrawn bar on a terminal, and bad options are
** refused before anything is written.  Each test reads the database the
** program wrote, so a command that claims success without storing fails.
*/
#include "hub-testutil.h"

/* A fresh hub database in a fresh directory: init done. */
static char *new_hub(char **dir)
{
  *dir = tu_tmpdir();
  char *db = g_build_filename(*dir, "hub.sqlite", NULL);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "init", NULL), ==, 0);
  return db;
}

static char *db_text(const char *db, const char *sql)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *st = NULL;
  g_assert_cmpint(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(h, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
  char *text = g_strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return text;
}

/*
** Seoul's New Year's Day begins at 15:00 UTC on 31 December: at 16:30 UTC
** "yesterday" is already 2026-12-31, the last day of the year.
*/
static void test_until_yesterday(void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = new_hub(&dir);
  g_autofree char *out = NULL;
  g_setenv("MPOS_NOW", "2026-12-31T16:30:00Z", TRUE);
  int rc = ht_cmd(db, &out, NULL, "seed", "--markets", "1", "--stalls", "3", "--days", "3", NULL);
  g_unsetenv("MPOS_NOW");
  g_assert_cmpint(rc, ==, 0);
  g_autofree char *first = db_text(db, "SELECT min(day) FROM roll_day");
  g_autofree char *last = db_text(db, "SELECT max(day) FROM roll_day");
  g_assert_cmpstr(first, ==, "2026-12-29");
  g_assert_cmpstr(last, ==, "2026-12-31");
  /* --until wins over the clock */
  g_autofree char *db2 = g_build_filename(dir, "until.sqlite", NULL);
  g_assert_cmpint(ht_cmd(db2, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db2, NULL, NULL, "seed", "--markets", "1", "--stalls", "3", "--days",
                         "2", "--until", "2027-02-28", NULL), ==, 0);
  g_autofree char *until_last = db_text(db2, "SELECT max(day) FROM roll_day");
  g_assert_cmpstr(until_last, ==, "2027-02-28");
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* Into a pipe: one line a market as it is done, the counts adding up. */
static void test_progress_lines(void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = new_hub(&dir);
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(db, &out, NULL, "seed", "--markets", "2", "--stalls", "2", "--days",
                         "5", "--until", "2026-11-25", NULL), ==, 0);
  g_assert_null(strchr(out, '\r'));
  g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), >=, 3);
  guint64 docs1 = 0, docs2 = 0, total = 0;
  g_assert_cmpint(sscanf(lines[0], "seeding: M01 done, 2/4 stalls, %" G_GUINT64_FORMAT
                         " documents", &docs1), ==, 1);
  g_assert_cmpint(sscanf(lines[1], "seeding: M02 done, 4/4 stalls, %" G_GUINT64_FORMAT
                         " documents", &docs2), ==, 1);
  g_assert_cmpint(sscanf(lines[2], "seeded 2 new markets, 4 new stalls: %" G_GUINT64_FORMAT,
                         &total), ==, 1);
  g_assert_cmpuint(docs1, >, 0);
  g_assert_cmpuint(docs2, >, docs1);
  g_assert_cmpuint(docs2, ==, total);
  g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc"), ==, (int64_t)total);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* On a terminal (script(1) gives it one): the bar, redrawn in place, ends full. */
static void test_progress_bar(void)
{
  g_autofree char *script = g_find_program_in_path("script");
  g_assert_nonnull(script);   /* bsdutils, scripts/install-deps.sh */
  g_autofree char *dir = NULL;
  g_autofree char *db = new_hub(&dir);
  g_autofree char *hub = g_shell_quote(tu_env("MPOS_HUB"));
  g_autofree char *qdb = g_shell_quote(db);
  g_autofree char *cmd = g_strdup_printf("%s --db %s seed --markets 2 --stalls 2 --days 5 "
                                         "--until 2026-11-25", hub, qdb);
  char *argv[] = {script, (char *)"-qec", cmd, (char *)"/dev/null", NULL};
  g_autofree char *out = NULL;
  g_assert_cmpint(tu_run(argv, &out, NULL), ==, 0);
  g_assert_nonnull(strstr(out, "\rseeding [##"));
  g_assert_nonnull(strstr(out, "[##############################] 4/4 stalls"));
  g_assert_null(strstr(out, "seeding: M01 done"));
  g_assert_cmpint(ht_db_int(db, "SELECT count(DISTINCT stall_id) FROM doc"), ==, 4);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* --receipts scales the traffic: four times the receipts, about four times the documents. */
static void test_receipts(void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = new_hub(&dir);
  g_autofree char *db2 = g_build_filename(dir, "busy.sqlite", NULL);
  g_assert_cmpint(ht_cmd(db2, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "seed", "--markets", "1", "--stalls", "4", "--days",
                         "14", "--until", "2026-11-25", "--receipts", "10", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db2, NULL, NULL, "seed", "--markets", "1", "--stalls", "4", "--days",
                         "14", "--until", "2026-11-25", "--receipts", "40", NULL), ==, 0);
  double light = (double)ht_db_int(db, "SELECT count(*) FROM doc");
  double busy = (double)ht_db_int(db2, "SELECT count(*) FROM doc");
  g_test_message("documents: --receipts 10: %.0f, 40: %.0f", light, busy);
  g_assert_cmpfloat(busy / light, >, 3.0);
  g_assert_cmpfloat(busy / light, <, 5.0);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* Refused with the usage status, and the database as empty as before. */
static void test_bad_options(void)
{
  static const char *const bad[][2] = {
    {"--receipts", "0"}, {"--receipts", "1001"}, {"--until", "2026-02-30"},
    {"--until", "yesterday"}, {"--days", "0"}};
  g_autofree char *dir = NULL;
  g_autofree char *db = new_hub(&dir);
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *err = NULL;
    g_assert_cmpint(ht_cmd(db, NULL, &err, "seed", bad[i][0], bad[i][1], NULL), ==,
                    MPOS_EXIT_USAGE);
    g_assert_nonnull(strstr(err, "market-hub: error: usage: "));
    g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM market"), ==, 0);
    g_assert_cmpint(ht_db_int(db, "SELECT count(*) FROM doc"), ==, 0);
  }
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/hub-seed/until-yesterday", test_until_yesterday);
  g_test_add_func("/hub-seed/progress-lines", test_progress_lines);
  g_test_add_func("/hub-seed/progress-bar", test_progress_bar);
  g_test_add_func("/hub-seed/receipts", test_receipts);
  g_test_add_func("/hub-seed/bad-options", test_bad_options);
  return g_test_run();
}
