/*
** mb-file.c: creating, checking and tightening the modes of files that
** hold secrets.
**
** Method.  A database library creates its file with the process's umask
** (0644 on most systems), so the file is made first, here, with
** O_CREAT|O_EXCL and mode 0600: the library then opens an existing empty
** file and takes it as a new database, and SQLite gives the -wal and -shm
** it creates the database file's mode.  O_EXCL never changes a file that
** someone else made in between.  Checking and tightening work on the mode
** from stat(); a path that does not exist has nothing to expose.
*/
#include "mb-file.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define MB_FILE_OTHERS 077   /* group and others: read, write, execute */

/* O_EXCL: an existing file (EEXIST) is the caller's, not ours to change. */
gboolean mb_file_create_private(const char *path, GError **error)
{
  int fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return TRUE;
  if (fd < 0) {
    int err = errno;
    g_set_error(error, MB_ERROR, MB_ERROR_IO, "cannot create %s: %s", path, g_strerror(err));
    return FALSE;
  }
  close(fd);
  return TRUE;
}

/* stat(), ENOENT as "absent" (*exists FALSE), any other failure an error. */
static gboolean file_mode(const char *path, gboolean *exists, mode_t *mode, GError **error)
{
  GStatBuf st;
  *exists = g_stat(path, &st) == 0;
  if (!*exists && errno != ENOENT) {
    int err = errno;
    g_set_error(error, MB_ERROR, MB_ERROR_IO, "cannot examine %s: %s", path, g_strerror(err));
    return FALSE;
  }
  *mode = *exists ? st.st_mode : 0;
  return TRUE;
}

gboolean mb_file_check_private(const char *path, GError **error)
{
  gboolean exists;
  mode_t mode;
  if (!file_mode(path, &exists, &mode, error))
    return FALSE;
  if (exists && (mode & MB_FILE_OTHERS) != 0) {
    g_set_error(error, MB_ERROR, MB_ERROR_EXPOSED,
                "%s is open to group or others (mode %03o): chmod 600 it", path,
                (unsigned)(mode & 0777));
    return FALSE;
  }
  return TRUE;
}

gboolean mb_file_make_private(const char *path, GError **error)
{
  gboolean exists;
  mode_t mode;
  if (!file_mode(path, &exists, &mode, error))
    return FALSE;
  if (!exists || (mode & MB_FILE_OTHERS) == 0)
    return TRUE;
  if (g_chmod(path, (int)(mode & 0700)) != 0) {
    int err = errno;
    g_set_error(error, MB_ERROR, MB_ERROR_IO, "cannot make %s private: %s", path,
                g_strerror(err));
    return FALSE;
  }
  return TRUE;
}

/* The database file first, then its WAL and shared-memory files. */
static gboolean each_db_file(const char *path, gboolean (*fn)(const char *, GError **),
                             GError **error)
{
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *p = g_strconcat(path, suffixes[i], NULL);
    if (!fn(p, error))
      return FALSE;
  }
  return TRUE;
}

gboolean mb_db_check_private(const char *path, GError **error)
{
  return each_db_file(path, mb_file_check_private, error);
}

gboolean mb_db_make_private(const char *path, GError **error)
{
  return each_db_file(path, mb_file_make_private, error);
}
