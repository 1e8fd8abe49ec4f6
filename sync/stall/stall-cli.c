/*
** stall-cli.c: `stall`, the stall ledger from the command line.
**
**   stall [--db PATH] [--json] COMMAND [OPTIONS]
**
** This file is the program: the options, the command table, the errors.
** The commands live one file per subject (internal/stall-cli-int.h).
** Every command opens the ledger, does one thing in one transaction, and
** prints a result (human text, or one JSON object with --json).  Errors go
** to standard error as "stall: CODE: message" (and as {"error": {...}} on
** standard output with --json) and leave the ledger unchanged.  The exit
** status is the one scheme of every program (docs/ERRORS.md, mpos-errors.h),
** read from the error code's row (pos-error.h, sync-client.h), never from
** the message:
**   0 ok, 1 internal, 2 usage, 3 invalid input or payment, 4 not found,
**   5 state, conflict or refused, 6 ledger or file trouble, 7 network trouble.
*/
#include "internal/stall-cli-int.h"
#include "wire-codec.h"
#include "sync-client.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Output and errors ------------------------------------------------------ */

void stall_cli_print_json(cJSON *o)
{
  g_autofree char *text = cJSON_PrintUnformatted(o);
  printf("%s\n", text);
}

/*
** One error, told once: "stall: CODE: message" on standard error and, with
** --json, {"error":{"code","message"[,"http_status"]}} on standard output,
** added to o (the partial results of a sync) when given.  The code and the
** exit status are the error's row: the ledger's, the sync client's, or the
** hub's own code when an unexpected answer named one; any other domain is
** "internal", exit 1.
*/
int stall_cli_report_error(const StallCli *cli, const GError *e, cJSON *o)
{
  const MposErrorInfo *info = sync_error_info_of(e);
  const char *code = info ? info->name : "internal";
  /* A ledger without a stall is most often the default one, which the user
  ** never made on purpose (no --db): naming the file makes the fix plain. */
  g_autofree char *path = NULL, *named = NULL;
  if (strcmp(code, "not_initialised") == 0) {
    path = cli->db_path ? g_strdup(cli->db_path) : pos_ledger_default_path();
    named = g_strdup_printf("%s: %s", path, e->message);
  }
  const char *message = named ? named : e->message;
  fprintf(stderr, "stall: %s: %s\n", code, message);
  if (cli->json) {
    g_autoptr(cJSON) fresh = o ? NULL : cJSON_CreateObject();
    cJSON *obj = o ? o : fresh;
    cJSON *err = cJSON_AddObjectToObject(obj, "error");
    cJSON_AddStringToObject(err, "code", code);
    cJSON_AddStringToObject(err, "message", message);
    if (sync_error_http_status(e) != 0)
      cJSON_AddNumberToObject(err, "http_status", sync_error_http_status(e));
    stall_cli_print_json(obj);
  }
  return (int)mpos_error_exit(info);
}

static int fail(const StallCli *cli, const GError *e)
{
  return stall_cli_report_error(cli, e, NULL);
}

int stall_cli_usage_error(const StallCli *cli, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, _("stall: usage: %s (see 'stall help')\n"), msg);
  if (cli->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON *err = cJSON_AddObjectToObject(o, "error");
    cJSON_AddStringToObject(err, "code", "usage");
    cJSON_AddStringToObject(err, "message", msg);
    stall_cli_print_json(o);
  }
  return MPOS_EXIT_USAGE;
}

/* ---- Options ------------------------------------------------------------------ */

const char *stall_cli_opt(const StallCli *cli, const char *name)
{
  GPtrArray *v = g_hash_table_lookup(cli->opts, name);
  return v && v->len ? g_ptr_array_index(v, v->len - 1) : NULL;
}

GPtrArray *stall_cli_opt_all(const StallCli *cli, const char *name)
{
  return g_hash_table_lookup(cli->opts, name);
}

const char *stall_cli_arg(const StallCli *cli, guint i)
{
  return i < cli->args->len ? g_ptr_array_index(cli->args, i) : NULL;
}

/*
** Splits argv after the command into options and positional arguments.
** allowed lists "name" for options with a value and "name!" for flags;
** anything else is a usage error, so a typo never passes silently.
*/
static gboolean parse_opts(StallCli *cli, int argc, char **argv, const char *const *allowed,
                           char **bad)
{
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!g_str_has_prefix(a, "--") || a[2] == '\0') {
      g_ptr_array_add(cli->args, g_strdup(a));
      continue;
    }
    g_autofree char *name = g_strdup(a + 2);
    char *eq = strchr(name, '=');
    const char *value = NULL;
    if (eq) {
      *eq = '\0';
      value = a + 2 + (eq - name) + 1;
    }
    gboolean known = FALSE, flag = FALSE;
    for (const char *const *p = allowed; *p; p++) {
      size_t n = strlen(*p);
      gboolean is_flag = (*p)[n - 1] == '!';
      if (strncmp(*p, name, is_flag ? n - 1 : n) == 0 && strlen(name) == (is_flag ? n - 1 : n)) {
        known = TRUE;
        flag = is_flag;
      }
    }
    if (!known) {
      *bad = g_strdup_printf(_("unknown option --%s"), name);
      return FALSE;
    }
    if (flag)
      value = "";
    else if (value == NULL) {
      if (i + 1 >= argc) {
        *bad = g_strdup_printf(_("--%s needs a value"), name);
        return FALSE;
      }
      value = argv[++i];
    }
    GPtrArray *list = g_hash_table_lookup(cli->opts, name);
    if (list == NULL) {
      list = g_ptr_array_new_with_free_func(g_free);
      g_hash_table_insert(cli->opts, g_strdup(name), list);
    }
    g_ptr_array_add(list, g_strdup(value));
  }
  return TRUE;
}

static gboolean open_ledger(StallCli *cli, GError **error)
{
  g_autofree char *path = cli->db_path ? g_strdup(cli->db_path) : pos_ledger_default_path();
  if (cli->db_path == NULL) {
    g_autofree char *dir = g_path_get_dirname(path);
    if (g_mkdir_with_parents(dir, 0700) != 0) {
      g_set_error(error, POS_ERROR, POS_ERROR_IO, "cannot create %s", dir);
      return FALSE;
    }
  }
  cli->ledger = pos_ledger_open(path, error);
  return cli->ledger != NULL;
}

gboolean stall_cli_need_money(const StallCli *cli, const char *name, PosMoney *out, GError **error)
{
  const char *v = stall_cli_opt(cli, name);
  if (v == NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "--%s WON is required", name);
    return FALSE;
  }
  if (!pos_money_parse(v, out, error)) {
    g_prefix_error(error, "--%s: ", name);
    return FALSE;
  }
  return TRUE;
}
/* A PLU: 1-99999, or -1. */
int stall_cli_parse_plu(const char *v)
{
  char *end = NULL;
  long n = v ? strtol(v, &end, 10) : -1;
  return v && *v && *end == '\0' && n >= 1 && n <= 99999 ? (int)n : -1;
}

/* The ledger file, as open_ledger() chose it (sync opens a second connection). */
char *stall_cli_ledger_path(const StallCli *cli)
{
  return cli->db_path ? g_strdup(cli->db_path) : pos_ledger_default_path();
}


int stall_cli_width(const StallCli *cli)
{
  const char *w = stall_cli_opt(cli, "width");
  return w ? atoi(w) : 42;
}

/* Writes ESC/POS bytes to --escpos PATH when given. */
gboolean stall_cli_write_escpos(const StallCli *cli, GBytes *bytes, GError **error)
{
  const char *path = stall_cli_opt(cli, "escpos");
  return path == NULL || pos_escpos_write(bytes, path, error);
}


static const char usage_text[] = N_(
  "usage: stall [--db PATH] [--json] COMMAND [OPTIONS]\n"
  "\n"
  "  init --stall-name NAME [--rounding 1|10|100] [--business-no N] [--address A]\n"
  "       [--phone P] [--instore-pattern 21PPPPPWWWWWC] [--onnuri-change-pct 60]\n"
  "  config [KEY VALUE]               show or change a setting\n"
  "  product add --plu N --name NAME --line CODE --price WON --unit piece|kg\n"
  "              --tax taxable|exempt [--barcode EAN] [--quick-key N]\n"
  "  product edit --plu N [same options] [--active 0|1]\n"
  "  product list [--all]             product import FILE.csv\n"
  "  product search TEXT [--limit N]  by name, 초성 (ㄷㅈ), PLU or barcode, best first\n"
  "  open-day [--float WON]\n"
  "  cash in|out --amount WON --reason TEXT   paid-in / paid-out of the open day\n"
  "  sell --item CODE[=QTY]... [--pay METHOD=WON[:REF]]... [--discount WON:REASON]\n"
  "       [--line-discount N=WON:REASON] [--price-override N=WON:REASON]\n"
  "       [--cash-receipt ID]\n"
  "       METHOD: cash card zeropay onnuri-paper onnuri-card onnuri-mobile transfer\n"
  "       QTY: pieces (3) or weight (350g, 1.2kg, 1근)\n"
  "  void ID [--reason TEXT]\n"
  "  refund ID|RECEIPT-NO|QR --line N[=QTY]... [--to METHOD] [--reason T]\n"
  "       N: line number; QTY: part of it (2, 300g); none: what is left of it\n"
  "  receipt ID [--width 32|42] [--qr-png FILE] [--escpos FILE] [--kick]\n"
  "  sales [--day YYYY-MM-DD]          export [--day YYYY-MM-DD]   (JSON lines)\n"
  "  x-report [--width N] [--escpos FILE]\n"
  "  close-day --counted-cash WON [--accept-difference] [--width N] [--escpos FILE]\n"
  "                                   a difference above cash_diff_threshold (config)\n"
  "                                   is refused unless accepted (exit 5)\n"
  "  check                            integrity of the ledger\n"
  "  enroll --hub URL --code CODE [--ca-file F] [--allow-http]\n"
  "                                   trade a one-time code for a device token\n"
  "  sync [--status] [--loop N] [--retry-rejected] [--ca-file F] [--allow-http]\n"
  "                                   push the outbox to the hub (--loop: up to N\n"
  "                                   attempts with backoff; --status: counts and\n"
  "                                   rejected events, no network)\n"
  "  print --receipt ID|NO [--kick] | --z DAY | --queued [--printer URI] [--width 58|80]\n"
  "                                   print through the ledger's queue (a failed job\n"
  "                                   stays queued; the kick never on a reprint)\n"
  "  printer test|status [--printer URI] [--width 58|80] [--raster] [--native-qr]\n"
  "  drawer open --reason TEXT [--printer URI]   open the cash drawer, logged\n"
  "  scale read [--device URI] [--stable] [--timeout MS]   the weight as JSON\n"
  "       URI: usb:/dev/usb/lp0  serial:/dev/ttyUSB0?baud=9600  tcp://HOST:9100\n"
  "            cups:QUEUE (docs/DEVICES.md)\n"
  "\n"
  "Exit codes: 0 ok, 1 internal, 2 usage, 3 invalid input or payment, 4 not found,\n"
  "5 state or conflict, 6 ledger or file trouble, 8 a printer or the scale\n"
  "(docs/ERRORS.md).\n"
  "enroll/sync: 5 not enrolled (or the token was revoked: enroll again),\n"
  "7 network trouble (hub offline or failing, TLS): sales are safe, retry later.\n");

typedef struct {
  const char *name;
  int (*run)(StallCli *cli, GError **error);
  const char *const *options;
  guint max_args;          /* positional arguments the command takes */
} Command;

static const char *const o_init[] = {"stall-name", "rounding", "business-no", "address",
                                     "phone", "instore-pattern", "onnuri-change-pct", NULL};
static const char *const o_none[] = {NULL};
static const char *const o_product[] = {"plu", "name", "line", "price", "unit", "tax",
                                        "barcode", "quick-key", "active", "all!", "limit", NULL};
static const char *const o_sell[] = {"item", "pay", "discount", "line-discount",
                                     "price-override", "cash-receipt", NULL};
static const char *const o_void[] = {"reason", NULL};
static const char *const o_refund[] = {"line", "to", "reason", NULL};
static const char *const o_receipt[] = {"width", "qr-png", "escpos", "kick!", NULL};
static const char *const o_day[] = {"day", NULL};
static const char *const o_open[] = {"float", NULL};
static const char *const o_report[] = {"width", "escpos", NULL};
static const char *const o_close[] = {"counted-cash", "accept-difference!", "width", "escpos",
                                      NULL};
static const char *const o_cash[] = {"amount", "reason", NULL};
static const char *const o_enroll[] = {"hub", "code", "ca-file", "allow-http!", NULL};
static const char *const o_sync[] = {"status!", "loop", "retry-rejected!", "ca-file",
                                     "allow-http!", NULL};

static const Command commands[] = {
  {"init", stall_cmd_init, o_init, 0},
  {"config", stall_cmd_config, o_none, 2},
  {"product", stall_cmd_product, o_product, 2},
  {"open-day", stall_cmd_open_day, o_open, 0},
  {"cash", stall_cmd_cash, o_cash, 1},
  {"sell", stall_cmd_sell, o_sell, 0},
  {"void", stall_cmd_void, o_void, 1},
  {"refund", stall_cmd_refund, o_refund, 1},
  {"receipt", stall_cmd_receipt, o_receipt, 1},
  {"sales", stall_cmd_sales, o_day, 0},
  {"x-report", stall_cmd_x_report, o_report, 0},
  {"close-day", stall_cmd_close_day, o_close, 0},
  {"export", stall_cmd_export, o_day, 0},
  {"check", stall_cmd_check, o_none, 0},
  {"enroll", stall_cmd_enroll, o_enroll, 0},
  {"sync", stall_cmd_sync, o_sync, 0},
  {"print", stall_cmd_print, stall_print_options, 0},
  {"printer", stall_cmd_printer, stall_printer_options, 1},
  {"drawer", stall_cmd_drawer, stall_drawer_options, 1},
  {"scale", stall_cmd_scale, stall_scale_options, 1},
};

static void opts_free(gpointer p)
{
  g_ptr_array_unref(p);
}

int main(int argc, char **argv)
{
  mb_i18n_cli_init(MB_CLI_DOMAIN);
  StallCli cli = {0};
  int i = 1, rc;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0)
      cli.json = TRUE;
    else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
      cli.db_path = argv[++i];
    else if (g_str_has_prefix(argv[i], "--db="))
      cli.db_path = argv[i] + 5;
    else
      break;
  }
  if (i >= argc) {
    fputs(_(usage_text), stderr);
    return stall_cli_usage_error(&cli, _("no command given"));
  }
  if (strcmp(argv[i], "--version") == 0) {
    printf("stall %s (ledger schema %d, protocol %d)\n", mb_version(),
           pos_ledger_schema_version(), WIRE_PROTOCOL_VERSION);
    return 0;
  }
  if (strcmp(argv[i], "help") == 0 || strcmp(argv[i], "--help") == 0) {
    fputs(_(usage_text), stdout);
    return 0;
  }
  const Command *cmd = NULL;
  for (guint k = 0; k < G_N_ELEMENTS(commands); k++)
    if (strcmp(argv[i], commands[k].name) == 0)
      cmd = &commands[k];
  if (cmd == NULL)
    return stall_cli_usage_error(&cli, _("unknown command '%s'"), argv[i]);
  cli.opts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, opts_free);
  cli.args = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  if (!parse_opts(&cli, argc - i - 1, argv + i + 1, cmd->options, &bad))
    rc = stall_cli_usage_error(&cli, "%s %s", cmd->name, bad);
  else if (cli.args->len > cmd->max_args)
    rc = stall_cli_usage_error(&cli, _("%s: unexpected argument '%s'"), cmd->name,
                     (const char *)g_ptr_array_index(cli.args, cmd->max_args));
  else if (!open_ledger(&cli, &error))
    rc = fail(&cli, error);
  else if ((rc = cmd->run(&cli, &error)) < 0)
    rc = fail(&cli, error);
  pos_ledger_close(cli.ledger);
  g_hash_table_unref(cli.opts);
  g_ptr_array_unref(cli.args);
  return rc;
}
