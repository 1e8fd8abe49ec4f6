/*
** mb-install.h: where a program's version, translations and data are,
** decided at run time.
**
** Packages install under /usr, a developer under /usr/local or a scratch
** prefix (cmake --install build --prefix DIR), and nobody wants the Korean
** messages or the report fonts to vanish because the tree moved.  So no
** absolute install path is compiled in: each program finds its own file
** (/proc/self/exe) and goes from its bin directory to the data by the
** relative path CMake computed between the two (bin -> ../share/locale).
** A program still in the build tree (BUILD/bin) uses what the build wrote
** there instead, so a developer never runs against stale installed files.
**
** The version is the one of CMakeLists.txt's project(), through the
** generated mb-version.h: nothing else spells it.
*/
#ifndef MB_INSTALL_H
#define MB_INSTALL_H

#include <glib.h>

G_BEGIN_DECLS

/* "0.1.0": the project's version.  Transfer none. */
const char *mb_version(void);

/*
** The message catalogs (.../share/locale, or BUILD/locale), or
** MPOS_LOCALEDIR when set.  Computed once.  Transfer none.
*/
const char *mb_install_localedir(void);

/*
** The project's data directory (.../share/market-pos), or NULL for a
** program in the build tree (its data lives where each module built it).
** Transfer none.
*/
const char *mb_install_datadir(void);

/*
** The command-line programs' language: Korean when the environment asks
** for Korean (LANGUAGE, LC_ALL, LC_MESSAGES or LANG starting with "ko"),
** English otherwise, even when the named locale is not generated on the
** machine (then C.UTF-8 carries the messages).  Binds domain to
** mb_install_localedir().  Call first thing in main.
*/
void mb_i18n_cli_init(const char *domain);

/* The text domain of stall, market-hub and market-report (po/, one catalog). */
#define MB_CLI_DOMAIN "market-pos"

G_END_DECLS
#endif
