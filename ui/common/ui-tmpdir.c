/*
** ui-tmpdir.c: see ui-tmpdir.h.  Errors are ignored: this runs while an
** app or a model goes away, when there is nobody left to tell.
*/
#include "ui-tmpdir.h"
#include <glib/gstdio.h>

void ui_tmpdir_remove(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_remove(path);
  }
  g_rmdir(dir);
}
