/*
** ui-i18n.c: choosing the apps' language; see ui-i18n.h for the rule.
*/
#include "ui-i18n.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

/*
** The catalogs' directory is base's (mb-install.h): the build tree's
** locale/ for a program in the build tree, else the one beside the
** installed program, so an install under any prefix stays Korean.
*/
const char *ui_i18n_localedir(void)
{
  return mb_install_localedir();
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
