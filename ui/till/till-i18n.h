/*
** till-i18n.h: the till's language.
**
** The till speaks Korean unless the environment asks for English: a
** merchant's machine often runs with LANG unset or C (a kiosk, a service),
** and gettext ignores translations in the C locale.  So:
**   - LANGUAGE, when set, is obeyed as gettext always does;
**   - otherwise the first of LC_ALL, LC_MESSAGES, LANG decides: a value
**     starting with "en" means English, anything else (unset, C, POSIX,
**     ko_KR...) means Korean, by setting LANGUAGE=ko;
**   - when the resulting message locale is C or POSIX, the C.UTF-8 locale
**     is used instead, because gettext only reads LANGUAGE in a locale that
**     is not C, and Hangul needs UTF-8 anyway.
** GTK must not call setlocale() itself afterwards: the app calls
** gtk_disable_setlocale() before GTK starts.
*/
#ifndef TILL_I18N_H
#define TILL_I18N_H

#include <glib.h>

G_BEGIN_DECLS

#define TILL_GETTEXT_PACKAGE "stall-pos"

/*
** Where the message catalogs are: $MPOS_LOCALEDIR, else the build tree's
** when this program runs from the build tree, else the installed one.
** Transfer none.
*/
const char *till_i18n_localedir(void);
/* Sets the locale and binds the text domain as described above. */
void till_i18n_init(void);

G_END_DECLS
#endif
