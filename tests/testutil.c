/*
** testutil.c: helpers shared by the tests (temporary dirs, running programs,
** a stall ledger with products).
*/
#include "testutil.h"
#include <glib/gstdio.h>
#include <stdlib.h>

char *tu_tmpdir(void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("mpos-test-XXXXXX", &error);
  g_assert_no_error(error);
  return dir;
}

static void rm_rf(const char *path)
{
  if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
      const char *name;
      while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *child = g_build_filename(path, name, NULL);
        rm_rf(child);
      }
      g_dir_close(d);
    }
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

void tu_tmpdir_free(char *dir)
{
  if (dir == NULL)
    return;
  rm_rf(dir);
  g_free(dir);
}

const char *tu_env(const char *name)
{
  const char *v = g_getenv(name);
  if (v == NULL)
    g_error("test needs %s in the environment (run it through ctest)", name);
  return v;
}

int tu_run(char **argv, char **out, char **err)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err,
                    &status, &error))
    g_error("spawn %s: %s", argv[0], error->message);
  if (!WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

/* The list is read to its NULL; the strings are borrowed. */
GPtrArray *tu_argv_db(const char *program, const char *db, va_list args)
{
  GPtrArray *argv = g_ptr_array_new();
  const char *a;
  g_ptr_array_add(argv, (char *)program);
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, (char *)db);
  while ((a = va_arg(args, const char *)) != NULL)
    g_ptr_array_add(argv, (char *)a);
  g_ptr_array_add(argv, NULL);
  return argv;
}

PosLedger *tu_ledger(const char *dir, const char *stall_name, PosMoney rounding)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename(dir, "ledger.sqlite", NULL);
  PosLedger *l = pos_ledger_open(path, &error);
  g_assert_no_error(error);
  g_assert_true(pos_ledger_init_stall(l, stall_name, rounding, &error));
  return l;
}

PosProduct *tu_product(PosLedger *l, int plu, const char *name, const char *line, PosUnit unit,
                       PosMoney price, PosTaxClass tax)
{
  g_autoptr(GError) error = NULL;
  PosProduct *p = pos_product_new_simple(plu, name, line, unit, price, tax);
  if (!pos_ledger_product_save(l, p, &error))
    g_error("product %d: %s", plu, error->message);
  return p;
}

gint64 tu_sql_int(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
    g_error("raw query failed: %s\n  in: %s", sqlite3_errmsg(db), sql);
  gint64 v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}
