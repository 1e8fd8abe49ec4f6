/*
** mb-file.h: files that hold secrets (a hub database with its tokens' hashes
** and every sale, a stall ledger with its device token, token files).
**
** A file is "private" when neither its group nor others may read or write
** it (mode & 077 == 0).  SQLite creates a database's -wal and -shm with the
** mode of the database file, so a database created private keeps its WAL
** and shared memory private too; these helpers make the first file so.
** Errors: MB_ERROR_IO (a file that cannot be made or examined),
** MB_ERROR_EXPOSED (mb_file_check_private: a file others may read).
*/
#ifndef MB_FILE_H
#define MB_FILE_H

#include "mb-error.h"
#include <glib.h>

G_BEGIN_DECLS

/*
** Creates path as an empty file of mode 0600 when nothing is there yet; an
** existing file is left as it is (TRUE).  For the path of a database about
** to be created: call it before the database library opens the path.
*/
gboolean mb_file_create_private(const char *path, GError **error);
/* FALSE with MB_ERROR_EXPOSED naming path and its mode when group or others have access; TRUE
** when private or absent. */
gboolean mb_file_check_private(const char *path, GError **error);
/* Takes group's and others' access away from path (absent: nothing to do). */
gboolean mb_file_make_private(const char *path, GError **error);
/*
** A database and its companions, path, path-wal and path-shm, through
** mb_file_check_private or mb_file_make_private: the first failure wins.
*/
gboolean mb_db_check_private(const char *path, GError **error);
gboolean mb_db_make_private(const char *path, GError **error);

G_END_DECLS
#endif
