/*
** ui-i18n.c: choosing the apps' language; see ui-i18n.h for the rule.
*/
#include "ui-i18n.h"
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

/* Compile-time paths, from ui/common/CMakeLists.txt. */
#ifndef UI_BUILD_DIR
#error "UI_BUILD_DIR must name the build tree"
#endif
#ifndef UI_INSTALL_LOCALEDIR
#error "UI_INSTALL_LOCALEDIR must name the installed locale directory"
#endif

/*
** A program under the build tree uses the catalogs msgfmt wrote there, so
** a developer never sees stale installed ones; /proc/self/exe says where
** this program is.
*/
const char *ui_i18n_localedir(void)
{
  static char *dir;
  if (dir)
    return dir;
  const char *env = g_getenv("MPOS_LOCALEDIR");
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  if (env && *env)
    dir = g_strdup(env);
  else if (exe && g_str_has_prefix(exe, UI_BUILD_DIR "/"))
    dir = g_build_filename(UI_BUILD_DIR, "locale", NULL);
  else
    dir = g_strdup(UI_INSTALL_LOCALEDIR);
  return dir;
}

/* The first of the variables gettext would read for messages, or NULL. */
static const char *messages_env(void)
{
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (guint i = 0; i < G_N_ELEMENTS(vars); i++) {
    const char *v = g_getenv(vars[i]);
    if (v && *v)
      return v;
  }
  return NULL;
}

/* See ui-i18n.h: Korean unless asked for English, even in the C locale. */
void ui_i18n_init(const char *domain)
{
  const char *language = g_getenv("LANGUAGE");
  if (language == NULL || *language == '\0') {
    const char *env = messages_env();
    g_setenv("LANGUAGE", env && g_str_has_prefix(env, "en") ? "en" : "ko", TRUE);
  }
  setlocale(LC_ALL, "");
  const char *messages = setlocale(LC_MESSAGES, NULL);
  if (messages == NULL || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0)
    setlocale(LC_ALL, "C.UTF-8");
  bindtextdomain(domain, ui_i18n_localedir());
  bind_textdomain_codeset(domain, "UTF-8");
  textdomain(domain);
}

/* The first language of LANGUAGE decides: Korean unless it is English. */
gboolean ui_i18n_korean(void)
{
  const char *language = g_getenv("LANGUAGE");
  return !(language && g_str_has_prefix(language, "en"));
}
