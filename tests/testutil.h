/*
** testutil.h: small helpers shared by the tests.
*/
#ifndef TESTUTIL_H
#define TESTUTIL_H
#include <glib.h>
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
#endif
