/*
** test-file-modes.c: secrets at rest (docs/hub.md, Files and modes).  The
** hub database with its -wal and -shm, the stall ledger with its device
** token, and the enrollment QR are created 0600 whatever the umask; the
** hub refuses to serve a database others may read unless told to
** (`exposed`, exit 5); a ledger made by an older program is tightened
** before a token goes into it.
**
** Every test runs under umask 022, the common default, under which SQLite
** and cairo made these files 0644 before.
*/
#include "hub-testutil.h"
#include "mb-file.h"
#include "pos.h"
#include <sys/stat.h>

/* The permission bits of path; -1 when it does not exist. */
static int mode_of(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* path, path-wal and path-shm must all exist with mode 0600. */
static void assert_db_private(const char *path)
{
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *p = g_strconcat(path, suffixes[i], NULL);
    int mode = mode_of(p);
    if (mode != 0600)
      g_error("%s: mode %03o, want 600", p, mode);
  }
}

/* A hub database with a market and a stall, made by `market-hub init`. */
static char *hub_db(const char *dir)
{
  char *db = g_build_filename(dir, "hub.sqlite", NULL);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         "행복청과", NULL), ==, 0);
  return db;
}

/* The base helpers: create leaves an existing file alone, check and make private. */
static void test_helpers(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *p = g_build_filename(dir, "f", NULL);
  g_autoptr(GError) e = NULL;
  g_assert_true(mb_file_check_private(p, &e));            /* absent: nothing exposed */
  g_assert_true(mb_file_create_private(p, &e));
  g_assert_cmpint(mode_of(p), ==, 0600);
  g_assert_cmpint(chmod(p, 0640), ==, 0);
  g_assert_true(mb_file_create_private(p, &e));            /* existing: left as it is */
  g_assert_cmpint(mode_of(p), ==, 0640);
  g_assert_false(mb_file_check_private(p, &e));
  g_assert_error(e, MB_ERROR, MB_ERROR_EXPOSED);
  g_assert_nonnull(strstr(e->message, "640"));
  g_clear_error(&e);
  g_assert_true(mb_file_make_private(p, &e));
  g_assert_cmpint(mode_of(p), ==, 0600);
  g_assert_true(mb_file_check_private(p, &e));
  g_autofree char *nowhere = g_build_filename(dir, "no", "such", NULL);
  g_assert_false(mb_file_create_private(nowhere, &e));
  g_assert_error(e, MB_ERROR, MB_ERROR_IO);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* init makes the database 0600; serving it, its WAL and shared memory are 0600 too. */
static void test_hub_created_private(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *db = hub_db(dir);
  g_assert_cmpint(mode_of(db), ==, 0600);
  HtHub *hub = ht_hub_start(db, NULL);
  g_autofree char *token = ht_enroll(hub, db, "S001", "PN2B");   /* a write: the WAL grows */
  assert_db_private(db);
  g_assert_cmpint(mb_hub_stop(hub), ==, 0);
  g_autofree char *png = g_build_filename(dir, "code.png", NULL);
  g_assert_cmpint(ht_cmd(db, NULL, NULL, "enroll-code", "--stall", "S001", "--qr-png", png, NULL),
                  ==, 0);
  g_assert_cmpint(mode_of(png), ==, 0600);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* `market-hub serve` with a time limit, so a hub that does serve fails the test. */
static int serve_briefly(const char *db, char **err)
{
  char *argv[] = {"timeout", "20", (char *)tu_env("MPOS_HUB"), "--db", (char *)db, "serve",
                  "--listen", "127.0.0.1:0", NULL};
  return tu_run(argv, NULL, err);
}

/* A database (or its WAL) open to others: refused with exposed (5), unless allowed. */
static void test_hub_refuses_exposed(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *db = hub_db(dir);
  g_autofree char *wal = g_strconcat(db, "-wal", NULL);
  static const int modes[] = {0644, 0640, 0604, 0660};
  for (guint i = 0; i < G_N_ELEMENTS(modes); i++) {
    g_autofree char *err = NULL;
    g_assert_cmpint(chmod(db, (mode_t)modes[i]), ==, 0);
    g_assert_cmpint(serve_briefly(db, &err), ==, 5);
    g_assert_nonnull(strstr(err, "market-hub: error: exposed: "));
    g_assert_nonnull(strstr(err, "--allow-readable-db"));
  }
  g_assert_cmpint(chmod(db, 0600), ==, 0);
  g_assert_true(g_file_set_contents(wal, "", 0, NULL));
  g_assert_cmpint(chmod(wal, 0644), ==, 0);
  g_autofree char *err = NULL;
  g_assert_cmpint(serve_briefly(db, &err), ==, 5);
  g_assert_nonnull(strstr(err, "-wal"));
  g_assert_cmpint(unlink(wal), ==, 0);
  /* told so, it serves */
  g_assert_cmpint(chmod(db, 0644), ==, 0);
  const char *extra[] = {"--allow-readable-db", NULL};
  HtHub *hub = ht_hub_start(db, extra);
  g_assert_cmpint(ht_http("GET", hub, "/healthz", NULL, NULL, NULL), ==, 200);
  g_assert_cmpint(mb_hub_stop(hub), ==, 0);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* A new ledger is 0600 with its WAL and shared memory while open. */
static void test_ledger_created_private(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "stall.sqlite", NULL);
  g_autoptr(GError) e = NULL;
  PosLedger *ledger = pos_ledger_open(path, &e);
  g_assert_no_error(e);
  g_assert_true(pos_ledger_set_secret(ledger, "device_token", "0123456789abcdef", &e));
  assert_db_private(path);
  pos_ledger_close(ledger);
  /* the CLI's ledger too (--db) */
  g_autofree char *cli = g_build_filename(dir, "cli.sqlite", NULL);
  char *argv[] = {(char *)tu_env("MPOS_STALL"), "--db", cli, "init", "--stall-name", "행복청과",
                  NULL};
  g_assert_cmpint(tu_run(argv, NULL, NULL), ==, 0);
  g_assert_cmpint(mode_of(cli), ==, 0600);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* A ledger an older program made 0644 is made 0600 before the token goes in. */
static void test_ledger_tightened_for_secret(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "old.sqlite", NULL);
  g_autoptr(GError) e = NULL;
  PosLedger *ledger = pos_ledger_open(path, &e);
  g_assert_no_error(e);
  g_autofree char *wal = g_strconcat(path, "-wal", NULL), *shm = g_strconcat(path, "-shm", NULL);
  g_assert_cmpint(chmod(path, 0644), ==, 0);
  g_assert_cmpint(chmod(wal, 0644), ==, 0);
  g_assert_cmpint(chmod(shm, 0644), ==, 0);
  g_assert_true(pos_ledger_set_secret(ledger, "device_token", "0123456789abcdef", &e));
  g_assert_no_error(e);
  assert_db_private(path);
  pos_ledger_close(ledger);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  umask(022);
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/file-modes/helpers", test_helpers);
  g_test_add_func("/file-modes/hub-created-private", test_hub_created_private);
  g_test_add_func("/file-modes/hub-refuses-exposed", test_hub_refuses_exposed);
  g_test_add_func("/file-modes/ledger-created-private", test_ledger_created_private);
  g_test_add_func("/file-modes/ledger-tightened-for-secret", test_ledger_tightened_for_secret);
  return g_test_run();
}
