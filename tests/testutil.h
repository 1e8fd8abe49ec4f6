/*
** testutil.h: small helpers shared by the tests.
*/
#ifndef TESTUTIL_H
#define TESTUTIL_H
#include "pos.h"
#include <glib.h>
#include <sqlite3.h>
#include <stdarg.h>

/* A fresh temporary directory, removed with its files by tu_tmpdir_free. */
char *tu_tmpdir(void);
void tu_tmpdir_free(char *dir);
/* Path of a build product from the environment (e.g. "MPOS_STALL"). */
const char *tu_env(const char *name);
/*
** Runs argv, capturing stdout and stderr (either may be NULL); returns the
** exit status, or -1 when the process did not exit normally.
*/
int tu_run(char **argv, char **out, char **err);
/*
** The argument vector "PROGRAM --db DB ARGS..." from a NULL-terminated
** list of ARGS, itself NULL-terminated for tu_run.  Transfer full.
*/
GPtrArray *tu_argv_db(const char *program, const char *db, va_list args);
/*
** A stall ledger the tests fill themselves: a fresh ledger.sqlite in dir,
** its stall initialised with the name and rounding unit (transfer full);
** and a product saved to it (transfer full).  Every step is asserted: a
** fixture that cannot be built ends the test.
*/
PosLedger *tu_ledger(const char *dir, const char *stall_name, PosMoney rounding);
PosProduct *tu_product(PosLedger *l, int plu, const char *name, const char *line, PosUnit unit,
                       PosMoney price, PosTaxClass tax);
/*
** The integer in the first column of the first row of sql on an open
** connection (how the tests look straight into a file); a query that fails or
** gives no row ends the test with SQLite's message and the query.
*/
gint64 tu_sql_int(sqlite3 *db, const char *sql);
#endif
