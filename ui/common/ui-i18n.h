/*
** ui-i18n.h: the language of the GTK apps (the till and the office).
**
** Both speak Korean unless the environment asks for English: a merchant's
** or a market office's machine often runs with LANG unset or C (a kiosk, a
** service), and gettext ignores translations in the C locale.  So:
**   - LANGUAGE, when set, is obeyed as gettext always does;
**   - otherwise the first of LC_ALL, LC_MESSAGES, LANG decides: a value
**     starting with "en" means English, anything else (unset, C, POSIX,
**     ko_KR...) means Korean, by setting LANGUAGE=ko;
**   - when the resulting message locale is C or POSIX, the C.UTF-8 locale
**     is used instead, because gettext only reads LANGUAGE in a locale that
**     is not C, and Hangul needs UTF-8 anyway.
** GTK must not call setlocale() itself afterwards: the apps call
** gtk_disable_setlocale() before GTK starts.  The catalogs are po/ko.po and
** po/en.po, compiled under each app's text domain (ui/CMakeLists.txt).
** GLib only: the apps' headless models use it too.
*/
#ifndef UI_I18N_H
#define UI_I18N_H

#include <glib.h>

G_BEGIN_DECLS

#define UI_DOMAIN_TILL "stall-pos"
#define UI_DOMAIN_OFFICE "market-office"

/*
** Where the message catalogs are: $MPOS_LOCALEDIR, else the build tree's
** when this program runs from the build tree, else the installed one.
** Transfer none.
*/
const char *ui_i18n_localedir(void);
/* Sets the locale as described above and binds the text domain. */
void ui_i18n_init(const char *domain);
/*
** TRUE when messages are shown in Korean (the default): names the hub
** sends in two languages (product lines) follow the UI.
*/
gboolean ui_i18n_korean(void);

G_END_DECLS
#endif
