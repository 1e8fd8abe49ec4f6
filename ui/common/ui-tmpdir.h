/*
** ui-tmpdir.h: removing the throwaway directories both apps make for their
** demo databases (the till's demo ledger, the office's demo hub).  Each app
** used to carry its own copy; GLib only, so the headless models use it.
*/
#ifndef UI_TMPDIR_H
#define UI_TMPDIR_H

#include <glib.h>

G_BEGIN_DECLS

/*
** Removes dir and the files in it (a database with the WAL and journal
** files SQLite leaves beside it).  Flat on purpose: a demo directory holds
** no subdirectories, and one that does is left in place rather than walked.
*/
void ui_tmpdir_remove(const char *dir);

G_END_DECLS

#endif
