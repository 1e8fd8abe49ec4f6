/*
** office-i18n.h: the office app's language.
**
** Like the till, the office speaks Korean unless the environment asks for
** English: LANGUAGE is obeyed when set; otherwise the first of LC_ALL,
** LC_MESSAGES and LANG decides (a value starting with "en" is English,
** anything else, unset and C included, is Korean), and a C or POSIX message
** locale becomes C.UTF-8 so that gettext reads LANGUAGE and Hangul is UTF-8.
** The catalogs are po/ko.po and po/en.po compiled under the text domain
** "market-office" (ui/office/CMakeLists.txt).
*/
#ifndef OFFICE_I18N_H
#define OFFICE_I18N_H

#include <glib.h>

G_BEGIN_DECLS

#define OFFICE_GETTEXT_PACKAGE "market-office"

/*
** Where the catalogs are: $MPOS_LOCALEDIR, else the build tree's when the
** program runs from the build tree, else the installed ones.  Transfer none.
*/
const char *office_i18n_localedir(void);
/* Sets the locale and binds the text domain; call before GTK starts. */
void office_i18n_init(void);
/* TRUE when messages are shown in Korean (the default). */
gboolean office_i18n_korean(void);

G_END_DECLS
#endif
