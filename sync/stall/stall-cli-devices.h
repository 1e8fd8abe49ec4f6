/*
** stall-cli-devices.h: the `stall` commands that talk to devices
** (stall-cli-devices.c): print, printer, drawer, scale.
**
** stall-cli.c parses the options as for every command and hands them over
** with the opened ledger; each function returns an exit status (0, or 2
** after printing a usage error itself) or -1 with *error set, which
** stall-cli.c reports like any other command's.  Everything is borrowed
** (transfer none).
*/
#ifndef STALL_CLI_DEVICES_H
#define STALL_CLI_DEVICES_H

#include "pos.h"

G_BEGIN_DECLS

typedef struct {
  PosLedger *ledger;
  gboolean json;
  GHashTable *opts;        /* option name -> GPtrArray of values ("" for flags) */
  GPtrArray *args;         /* positional arguments */
} StallDeviceArgs;

/* The options each command accepts, in stall-cli.c's "name" / "flag!" form. */
extern const char *const stall_print_options[];
extern const char *const stall_printer_options[];
extern const char *const stall_drawer_options[];
extern const char *const stall_scale_options[];

int stall_cli_print(const StallDeviceArgs *a, GError **error);
int stall_cli_printer(const StallDeviceArgs *a, GError **error);
int stall_cli_drawer(const StallDeviceArgs *a, GError **error);
int stall_cli_scale(const StallDeviceArgs *a, GError **error);

G_END_DECLS
#endif
