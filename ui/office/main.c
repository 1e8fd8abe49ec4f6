/*
** main.c: market-office, the office app.  Everything is in the mpos_office
** library (office-app.c); main only sets the language before GTK starts.
*/
#include "office-app.h"
#include "mb-install.h"
#include "wire-codec.h"
#include <stdio.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
/*
** Sanitizer builds (screenshots under ASan): cairo and GTK have no frame
** pointers, so only the slow unwinder gives ui/office/tests/lsan.supp
** stacks it can match to a library's process-long caches.
*/
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

/* The language is set before GTK reads the environment. */
int main(int argc, char **argv)
{
  /* Before GTK: --version needs no display. */
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    printf("market-office %s (protocol %d)\n", mb_version(), WIRE_PROTOCOL_VERSION);
    return 0;
  }
  market_office_app_prepare();
  g_autoptr(MarketOfficeApp) app = market_office_app_new();
  int rc = g_application_run(G_APPLICATION(app), argc, argv);
  return rc != 0 ? rc : market_office_app_status(app);
}
