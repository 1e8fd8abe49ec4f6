/*
** mb-install.c: the run-time paths and the CLIs' language (mb-install.h).
**
** The paths come from the program's own location: /proc/self/exe is the
** one answer that holds for a package, a scratch prefix and a build tree
** alike.  MB_BUILD_DIR, MB_BIN_TO_LOCALEDIR and MB_BIN_TO_DATADIR are set
** by base/CMakeLists.txt; the relative ones are computed there from the
** GNUInstallDirs layout, so a distribution that moves share/ is followed.
*/
#include "mb-install.h"
#include "mb-version.h"
#include <libintl.h>
#include <locale.h>
#include <string.h>

#if !defined(MB_BUILD_DIR) || !defined(MB_BIN_TO_LOCALEDIR) || !defined(MB_BIN_TO_DATADIR)
#error "base/CMakeLists.txt defines the build tree and the relative install paths"
#endif

const char *mb_version(void)
{
  return MB_VERSION;
}

/*
** The directory of this program, and whether it is the build tree's bin/.
** Computed once; a program whose link cannot be read (no /proc) is taken
** as installed beside the current directory's parent, which fails to find
** data rather than inventing a path.
*/
static const char *exe_dir(gboolean *in_build_tree)
{
  static char *dir;
  static gboolean built;
  if (dir == NULL) {
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    dir = exe ? g_path_get_dirname(exe) : g_get_current_dir();
    built = g_str_has_prefix(dir, MB_BUILD_DIR "/");
  }
  *in_build_tree = built;
  return dir;
}

const char *mb_install_localedir(void)
{
  static char *dir;
  if (dir)
    return dir;
  const char *env = g_getenv("MPOS_LOCALEDIR");
  gboolean built;
  const char *bin = exe_dir(&built);
  if (env && *env)
    dir = g_strdup(env);
  else if (built)
    dir = g_build_filename(MB_BUILD_DIR, "locale", NULL);
  else
    dir = g_canonicalize_filename(MB_BIN_TO_LOCALEDIR, bin);
  return dir;
}

const char *mb_install_datadir(void)
{
  static char *dir;
  gboolean built;
  const char *bin = exe_dir(&built);
  if (dir == NULL && !built)
    dir = g_canonicalize_filename(MB_BIN_TO_DATADIR, bin);
  return dir;
}

/* The first variable gettext would read for the messages' language, or NULL. */
static const char *language_env(void)
{
  static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  for (guint i = 0; i < G_N_ELEMENTS(vars); i++) {
    const char *v = g_getenv(vars[i]);
    if (v && *v)
      return v;
  }
  return NULL;
}

/*
** gettext ignores LANGUAGE in the "C" locale, and a bare machine has no
** ko_KR.UTF-8 generated, where setlocale("") falls back to "C".  The
** language is therefore decided from the environment first, then carried
** by LANGUAGE over C.UTF-8 (always present in Debian's libc) when the
** named locale is missing.  English is the source text: no catalog needed.
*/
void mb_i18n_cli_init(const char *domain)
{
  const char *lang = language_env();
  gboolean korean = lang && g_str_has_prefix(lang, "ko");
  const char *got = setlocale(LC_ALL, "");
  const char *messages = setlocale(LC_MESSAGES, NULL);
  if (got == NULL || messages == NULL || strcmp(messages, "C") == 0
      || strcmp(messages, "POSIX") == 0)
    setlocale(LC_ALL, "C.UTF-8");
  /* Numbers stay as scripts and the file formats expect them (1.5, not 1,5). */
  setlocale(LC_NUMERIC, "C");
  if (korean && !g_str_has_prefix(g_getenv("LANGUAGE") ? g_getenv("LANGUAGE") : "", "ko"))
    g_setenv("LANGUAGE", "ko", TRUE);
  bindtextdomain(domain, mb_install_localedir());
  bind_textdomain_codeset(domain, "UTF-8");
  textdomain(domain);
}
