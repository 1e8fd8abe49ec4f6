/*
** internal/stall-cli-int.h: what the files of the `stall` program share.
**
** stall-cli.c owns the program: it parses the global flags and the
** command's options (each command lists the ones it accepts, so a typo is
** a usage error), opens the ledger, runs one command and reports its
** error.  The commands live one file per subject:
**   stall-cli-setup.c    init, config, product
**   stall-cli-sale.c     sell, void, refund, receipt, sales
**   stall-cli-day.c      open-day, cash, x-report, close-day, export, check
**   stall-cli-sync.c     enroll, sync
**   stall-cli-devices.c  print, printer, drawer, scale
**
** Every command returns an exit status (0, or the status of an error it
** already told, such as a usage error), or -1 with *error set, which
** stall-cli.c tells through stall_cli_report_error.  Everything passed in
** is borrowed (transfer none); the StallCli and its ledger belong to main().
*/
#ifndef STALL_CLI_INT_H
#define STALL_CLI_INT_H

#include "pos.h"
#include <cjson/cJSON.h>

G_BEGIN_DECLS

typedef struct {
  const char *db_path;     /* --db, or NULL for the default ledger */
  gboolean json;           /* --json: one JSON object on standard output */
  GHashTable *opts;        /* option name -> GPtrArray of values ("" for flags) */
  GPtrArray *args;         /* positional arguments */
  PosLedger *ledger;
} StallCli;

/* ---- Output and errors (stall-cli.c) ---- */

/* Prints o as one line of JSON on standard output. */
void stall_cli_print_json(cJSON *o);
/* Tells e as "stall: CODE: message" (and as JSON with --json, added to o
** when given) and returns the exit status of its code. */
int stall_cli_report_error(const StallCli *cli, const GError *e, cJSON *o);
/* Tells a usage error and returns MPOS_EXIT_USAGE (2). */
int stall_cli_usage_error(const StallCli *cli, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* ---- Options (stall-cli.c) ---- */

/* The last value of --name, "" for a flag given, NULL when absent. */
const char *stall_cli_opt(const StallCli *cli, const char *name);
/* Every value of --name in order, or NULL when absent. */
GPtrArray *stall_cli_opt_all(const StallCli *cli, const char *name);
/* The positional argument i, or NULL. */
const char *stall_cli_arg(const StallCli *cli, guint i);
/* --name WON, required, as money. */
gboolean stall_cli_need_money(const StallCli *cli, const char *name, PosMoney *out,
                              GError **error);
/* A PLU: 1-99999, or -1. */
int stall_cli_parse_plu(const char *v);
/* --width, 42 columns when absent. */
int stall_cli_width(const StallCli *cli);
/* Writes bytes to --escpos PATH when given. */
gboolean stall_cli_write_escpos(const StallCli *cli, GBytes *bytes, GError **error);
/* The ledger's file, as main() opened it (transfer full). */
char *stall_cli_ledger_path(const StallCli *cli);

/* ---- The commands ---- */

int stall_cmd_init(StallCli *cli, GError **error);
int stall_cmd_config(StallCli *cli, GError **error);
int stall_cmd_product(StallCli *cli, GError **error);

int stall_cmd_sell(StallCli *cli, GError **error);
int stall_cmd_void(StallCli *cli, GError **error);
int stall_cmd_refund(StallCli *cli, GError **error);
int stall_cmd_receipt(StallCli *cli, GError **error);
int stall_cmd_sales(StallCli *cli, GError **error);

int stall_cmd_open_day(StallCli *cli, GError **error);
int stall_cmd_cash(StallCli *cli, GError **error);
int stall_cmd_x_report(StallCli *cli, GError **error);
int stall_cmd_close_day(StallCli *cli, GError **error);
int stall_cmd_export(StallCli *cli, GError **error);
int stall_cmd_check(StallCli *cli, GError **error);

int stall_cmd_enroll(StallCli *cli, GError **error);
int stall_cmd_sync(StallCli *cli, GError **error);

/* The options each device command accepts, in the "name" / "flag!" form. */
extern const char *const stall_print_options[];
extern const char *const stall_printer_options[];
extern const char *const stall_drawer_options[];
extern const char *const stall_scale_options[];

int stall_cmd_print(StallCli *cli, GError **error);
int stall_cmd_printer(StallCli *cli, GError **error);
int stall_cmd_drawer(StallCli *cli, GError **error);
int stall_cmd_scale(StallCli *cli, GError **error);

G_END_DECLS
#endif
