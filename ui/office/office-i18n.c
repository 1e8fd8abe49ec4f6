/*
** office-i18n.c: choosing the office app's language (see office-i18n.h).
*/
#include "office-i18n.h"
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#ifndef OFFICE_BUILD_DIR
#error "OFFICE_BUILD_DIR must name the build tree"
#endif
#ifndef OFFICE_INSTALL_LOCALEDIR
#error "OFFICE_INSTALL_LOCALEDIR must name the installed locale directory"
#endif

/*
** A program run from the build tree reads the catalogs msgfmt wrote there,
** so a developer never sees stale installed ones; /proc/self/exe tells.
*/
const char *office_i18n_localedir(void)
{
  static char *dir;
  if (dir)
    return dir;
  const char *env = g_getenv("MPOS_LOCALEDIR");
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (env && *env)
    dir = g_strdup(env);
  else if (exe && g_str_has_prefix(exe, OFFICE_BUILD_DIR "/"))
    dir = g_build_filename(OFFICE_BUILD_DIR, "locale", NULL);
  else
    dir = g_strdup(OFFICE_INSTALL_LOCALEDIR);
  return dir;
}

/* The variable gettext would read for messages, when LANGUAGE is unset. */
static const char *messages_variable(void)
{
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (guint i = 0; i < G_N_ELEMENTS(vars); i++) {
    const char *v = g_getenv(vars[i]);
    if (v && *v)
      return v;
  }
  return NULL;
}

/*
** A market office machine is often set up with LANG unset or C; gettext
** ignores LANGUAGE in the C locale, hence the switch to C.UTF-8.
*/
void office_i18n_init(void)
{
  const char *language = g_getenv("LANGUAGE");
  if (language == NULL || *language == '\0') {
    const char *v = messages_variable();
    g_setenv("LANGUAGE", v && g_str_has_prefix(v, "en") ? "en" : "ko", TRUE);
  }
  setlocale(LC_ALL, "");
  const char *messages = setlocale(LC_MESSAGES, NULL);
  if (messages == NULL || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0)
    setlocale(LC_ALL, "C.UTF-8");
  bindtextdomain(OFFICE_GETTEXT_PACKAGE, office_i18n_localedir());
  bind_textdomain_codeset(OFFICE_GETTEXT_PACKAGE, "UTF-8");
  textdomain(OFFICE_GETTEXT_PACKAGE);
}

/*
** Names the hub sends in two languages (product lines) follow the UI: the
** first language of LANGUAGE decides, Korean unless it is English.
*/
gboolean office_i18n_korean(void)
{
  const char *language = g_getenv("LANGUAGE");
  return !(language && g_str_has_prefix(language, "en"));
}
