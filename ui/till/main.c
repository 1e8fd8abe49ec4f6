/*
** main.c: stall-pos, the till.  Everything is in the mpos_till library
** (till-app.c); main only sets the language before GTK starts.
*/
#include "till-app.h"
#include "mb-install.h"
#include "pos.h"
#include "wire-codec.h"
#include <stdio.h>
#include <string.h>

/* The language first: GTK reads the locale when it starts. */
int main(int argc, char **argv)
{
  /* Before GTK: --version needs no display. */
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    printf("stall-pos %s (ledger schema %d, protocol %d)\n", mb_version(),
           pos_ledger_schema_version(), WIRE_PROTOCOL_VERSION);
    return 0;
  }
  stall_pos_app_prepare(g_get_monotonic_time());
  g_autoptr(StallPosApp) app = stall_pos_app_new();
  int rc = g_application_run(G_APPLICATION(app), argc, argv);
  return rc != 0 ? rc : stall_pos_app_status(app);
}
