/*
** stall-cli.c: `stall`, the stall ledger from the command line.
**
**   stall [--db PATH] [--json] COMMAND [OPTIONS]
**
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
#include "pos.h"
#include "wire-codec.h"
#include "sync-client.h"
#include "stall-cli-devices.h"
#include "mb-install.h"
#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *db_path;
  gboolean json;
  GHashTable *opts;        /* option name -> GPtrArray of values ("" for flags) */
  GPtrArray *args;         /* positional arguments */
  PosLedger *ledger;
} Cli;

/* ---- Output and errors ------------------------------------------------------ */

static void print_json(cJSON *o)
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
static int report_error(Cli *cli, const GError *e, cJSON *o)
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
    print_json(obj);
  }
  return (int)mpos_error_exit(info);
}

static int fail(Cli *cli, const GError *e)
{
  return report_error(cli, e, NULL);
}

static int usage_error(Cli *cli, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static int usage_error(Cli *cli, const char *fmt, ...)
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
    print_json(o);
  }
  return MPOS_EXIT_USAGE;
}

/* ---- Options ------------------------------------------------------------------ */

static const char *opt(Cli *cli, const char *name)
{
  GPtrArray *v = g_hash_table_lookup(cli->opts, name);
  return v && v->len ? g_ptr_array_index(v, v->len - 1) : NULL;
}

static GPtrArray *opt_all(Cli *cli, const char *name)
{
  return g_hash_table_lookup(cli->opts, name);
}

/*
** Splits argv after the command into options and positional arguments.
** allowed lists "name" for options with a value and "name!" for flags;
** anything else is a usage error, so a typo never passes silently.
*/
static gboolean parse_opts(Cli *cli, int argc, char **argv, const char *const *allowed,
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

static gboolean open_ledger(Cli *cli, GError **error)
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

static gboolean need_money(Cli *cli, const char *name, PosMoney *out, GError **error)
{
  const char *v = opt(cli, name);
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

/* ---- Commands ------------------------------------------------------------------ */

static int cmd_init(Cli *cli, GError **error)
{
  const char *name = opt(cli, "stall-name");
  const char *rounding = opt(cli, "rounding");
  if (name == NULL)
    return usage_error(cli, _("init needs --stall-name NAME"));
  int unit = rounding ? atoi(rounding) : 1;
  if (rounding && strcmp(rounding, "1") != 0 && strcmp(rounding, "10") != 0
      && strcmp(rounding, "100") != 0)
    unit = -1;
  static const char *const extra[] = {"business-no", "address", "phone", "instore-pattern",
                                      "onnuri-change-pct"};
  char *keys[G_N_ELEMENTS(extra)];
  /* every option is checked before anything is written: a bad one changes nothing */
  for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
    keys[i] = g_strdelimit(g_strdup(extra[i]), "-", '_');
    if (opt(cli, extra[i]) && !pos_setting_check(keys[i], opt(cli, extra[i]), error)) {
      for (guint k = 0; k <= i; k++)
        g_free(keys[k]);
      return -1;
    }
  }
  gboolean ok = pos_ledger_init_stall(cli->ledger, name, unit, error);
  for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
    if (ok && opt(cli, extra[i]))
      ok = pos_ledger_set_setting(cli->ledger, keys[i], opt(cli, extra[i]), error);
    g_free(keys[i]);
  }
  if (!ok)
    return -1;
  PosSettings s;
  if (!pos_ledger_get_settings(cli->ledger, &s, error))
    return -1;
  if (cli->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "stall_name", s.stall_name);
    cJSON_AddStringToObject(o, "device_id", s.device_id);
    cJSON_AddNumberToObject(o, "rounding", s.rounding_unit);
    print_json(o);
  } else {
    printf(_("stall '%s' ready (device %s, weighed lines rounded down to %d won)\n"),
           s.stall_name, s.device_id, s.rounding_unit);
  }
  pos_settings_clear(&s);
  return 0;
}

static int cmd_config(Cli *cli, GError **error)
{
  PosSettings s;
  if (!pos_ledger_get_settings(cli->ledger, &s, error))   /* refuses before init */
    return -1;
  pos_settings_clear(&s);
  if (cli->args->len == 2) {
    if (!pos_ledger_set_setting(cli->ledger, g_ptr_array_index(cli->args, 0),
                                g_ptr_array_index(cli->args, 1), error))
      return -1;
  } else if (cli->args->len != 0) {
    return usage_error(cli, "config [KEY VALUE]");
  }
  if (!pos_ledger_get_settings(cli->ledger, &s, error))
    return -1;
  g_autoptr(cJSON) o = cJSON_CreateObject();
  const struct { const char *k; const char *v; } texts[] = {
    {"stall_name", s.stall_name}, {"business_no", s.business_no}, {"address", s.address},
    {"phone", s.phone}, {"device_id", s.device_id}, {"instore_pattern", s.instore_pattern},
    {"hub_url", s.hub_url}, {"stall_code", s.stall_code}, {"printer_path", s.printer_path},
    {"scale_uri", s.scale_uri}};
  for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
    if (texts[i].v)
      cJSON_AddStringToObject(o, texts[i].k, texts[i].v);
    else
      cJSON_AddNullToObject(o, texts[i].k);
  }
  cJSON_AddNumberToObject(o, "rounding_unit", s.rounding_unit);
  cJSON_AddNumberToObject(o, "onnuri_change_pct", s.onnuri_change_pct);
  cJSON_AddNumberToObject(o, "geun_g", s.geun_g);
  pos_settings_clear(&s);
  if (cli->json) {
    print_json(o);
  } else {
    g_autofree char *text = cJSON_Print(o);
    printf("%s\n", text);
  }
  return 0;
}

/* Applies --name, --line, ... to p; plu is handled by the caller. */
static gboolean product_fields(Cli *cli, PosProduct *p, GError **error)
{
  const char *v;
  if ((v = opt(cli, "name"))) {
    g_free(p->name);
    p->name = g_strdup(v);
  }
  if ((v = opt(cli, "line"))) {
    g_free(p->line_code);
    p->line_code = g_strdup(v);
  }
  if ((v = opt(cli, "price")) && !need_money(cli, "price", &p->price, error))
    return FALSE;
  if ((v = opt(cli, "unit"))) {
    if (strcmp(v, "piece") != 0 && strcmp(v, "kg") != 0)
      goto bad;
    p->unit = strcmp(v, "kg") == 0 ? POS_UNIT_KG : POS_UNIT_PIECE;
  }
  if ((v = opt(cli, "tax"))) {
    if (strcmp(v, "taxable") != 0 && strcmp(v, "exempt") != 0)
      goto bad;
    p->tax = strcmp(v, "exempt") == 0 ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  }
  if ((v = opt(cli, "barcode"))) {
    g_free(p->barcode);
    p->barcode = *v ? g_strdup(v) : NULL;
  }
  if ((v = opt(cli, "quick-key"))) {
    char *end = NULL;
    long key = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || key < -1 || key > 9999) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                  "--quick-key '%s' must be a position 0-9999 (or -1 for none)", v);
      return FALSE;
    }
    p->quick_key = (int)key;
  }
  if ((v = opt(cli, "active"))) {
    if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
      goto bad;
    p->active = v[0] == '1';
  }
  return TRUE;
bad:
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
              "'%s': unit is piece|kg, tax is taxable|exempt, active is 0|1", v);
  return FALSE;
}

static int parse_plu(const char *v)
{
  char *end = NULL;
  long n = v ? strtol(v, &end, 10) : -1;
  return v && *v && *end == '\0' && n >= 1 && n <= 99999 ? (int)n : -1;
}

/* The ledger file, as open_ledger() chose it (sync opens a second connection). */
static char *ledger_path(Cli *cli)
{
  return cli->db_path ? g_strdup(cli->db_path) : pos_ledger_default_path();
}

/*
** Products are held to the taxonomy the till has (sync_client_line_codes:
** the hub's after enrollment, the built-in one before), so a line the
** market does not know is refused when the product is made or imported.
*/
static int cmd_product(Cli *cli, GError **error)
{
  const char *sub = cli->args->len ? g_ptr_array_index(cli->args, 0) : "";
  g_autofree char *path = ledger_path(cli);
  g_autofree char *taxonomy = g_strconcat(path, ".taxonomy.json", NULL);
  g_auto(GStrv) codes = sync_client_line_codes(taxonomy);
  pos_ledger_set_line_codes(cli->ledger, (const char *const *)codes);
  if (strcmp(sub, "add") == 0 || strcmp(sub, "edit") == 0) {
    gboolean add = sub[0] == 'a';
    int plu = parse_plu(opt(cli, "plu"));
    if (plu < 0)
      return usage_error(cli, _("product %s needs --plu N (1-99999)"), sub);
    g_autoptr(PosProduct) p = NULL;
    if (add) {
      static const char *const req[] = {"name", "line", "price", "unit", "tax"};
      for (guint i = 0; i < G_N_ELEMENTS(req); i++)
        if (opt(cli, req[i]) == NULL)
          return usage_error(cli, _("product add needs --%s"), req[i]);
      p = pos_product_new();
      p->plu = plu;
    } else if ((p = pos_ledger_product_by_plu(cli->ledger, plu, error)) == NULL) {
      return -1;
    }
    if (!product_fields(cli, p, error) || !pos_ledger_product_save(cli->ledger, p, error))
      return -1;
    if (cli->json) {
      g_autoptr(cJSON) o = wire_product_to_json(p, TRUE);
      print_json(o);
    } else {
      printf(_("product %d %s saved\n"), p->plu, p->name);
    }
    return 0;
  }
  if (strcmp(sub, "list") == 0) {
    g_autoptr(GPtrArray) list = pos_ledger_product_list(cli->ledger, !opt(cli, "all"), error);
    if (list == NULL)
      return -1;
    g_autoptr(cJSON) arr = cJSON_CreateArray();
    for (guint i = 0; i < list->len; i++) {
      const PosProduct *p = g_ptr_array_index(list, i);
      if (cli->json) {
        cJSON_AddItemToArray(arr, wire_product_to_json(p, TRUE));
      } else {
        char price[32];
        printf("%5d  %-6s %-5s %10s %-7s %s%s\n", p->plu, p->line_code,
               p->unit == POS_UNIT_KG ? "kg" : "piece", pos_money_format(p->price, price, 32),
               p->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", p->name,
               p->active ? "" : " (inactive)");
      }
    }
    if (cli->json) {
      g_autoptr(cJSON) o = cJSON_CreateObject();
      cJSON_AddItemToObject(o, "products", g_steal_pointer(&arr));
      print_json(o);
    }
    return 0;
  }
  if (strcmp(sub, "import") == 0) {
    if (cli->args->len != 2)
      return usage_error(cli, "product import FILE.csv");
    PosImportStats st;
    if (!pos_ledger_product_import(cli->ledger, g_ptr_array_index(cli->args, 1), &st, error))
      return -1;
    if (cli->json) {
      g_autoptr(cJSON) o = cJSON_CreateObject();
      cJSON_AddNumberToObject(o, "rows", (double)st.rows);
      cJSON_AddNumberToObject(o, "inserted", (double)st.inserted);
      cJSON_AddNumberToObject(o, "updated", (double)st.updated);
      print_json(o);
    } else {
      printf("%" G_GUINT64_FORMAT " rows: %" G_GUINT64_FORMAT " new, %" G_GUINT64_FORMAT
             " changed\n", st.rows, st.inserted, st.updated);
    }
    return 0;
  }
  return usage_error(cli, "product add|edit|list|import");
}

/* "1" -> 0: the CLI numbers cart and receipt lines from 1, like the receipt. */
static int parse_line_no(const char *v, GError **error)
{
  int n = parse_plu(v);
  if (n < 1) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "line number '%s' must be 1 or more",
                v ? v : "");
    return -1;
  }
  return n - 1;
}

/* Splits "A=B" or "A:B" at the first sep; FALSE when absent. */
static gboolean split2(const char *s, char sep, char **a, char **b)
{
  const char *p = strchr(s, sep);
  if (p == NULL)
    return FALSE;
  *a = g_strndup(s, (gsize)(p - s));
  *b = g_strdup(p + 1);
  return TRUE;
}

/* --item CODE[=QTY]: a PLU or barcode; QTY by the product's unit. */
static gboolean add_item(Cli *cli, PosCart *cart, const char *spec, int geun_g, GError **error)
{
  g_autofree char *code = NULL, *qty_text = NULL;
  if (!split2(spec, '=', &code, &qty_text))
    code = g_strdup(spec);
  int64_t coded_qty, qty;
  PosMoney coded_amount;
  g_autoptr(PosProduct) p =
    pos_ledger_product_lookup(cli->ledger, code, &coded_qty, &coded_amount, error);
  if (p == NULL)
    return FALSE;
  if (coded_amount >= 0 && qty_text == NULL)
    return pos_cart_add_priced(cart, p, coded_amount, NULL, error);
  if (qty_text == NULL && coded_qty > 0)
    qty = coded_qty;
  else if (qty_text == NULL && p->unit == POS_UNIT_PIECE)
    qty = 1000;
  else if (qty_text == NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s is sold by weight: give it as %s=350g, =1.2kg or =1근", p->name, code);
    return FALSE;
  } else if (!pos_qty_parse(qty_text, p->unit, geun_g, &qty, error)) {
    return FALSE;
  }
  return pos_cart_add(cart, p, qty, NULL, error);
}

/* "N=WON:REASON" for line discounts and price overrides. */
static gboolean parse_line_amount(const char *spec, int *line, PosMoney *won, char **reason,
                                  GError **error)
{
  g_autofree char *n = NULL, *rest = NULL, *amount = NULL;
  if (!split2(spec, '=', &n, &rest) || !split2(rest, ':', &amount, reason)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "'%s' must be LINE=WON:REASON", spec);
    return FALSE;
  }
  return (*line = parse_line_no(n, error)) >= 0 && pos_money_parse(amount, won, error);
}

static cJSON *sale_summary(const PosSale *s)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "id", s->id);
  cJSON_AddStringToObject(o, "receipt_no", s->receipt_no);
  cJSON_AddStringToObject(o, "kind", pos_doc_kind_name(s->kind));
  cJSON_AddStringToObject(o, "business_day", s->business_day);
  cJSON_AddNumberToObject(o, "total", (double)s->totals.total);
  cJSON_AddNumberToObject(o, "taxable", (double)s->totals.taxable);
  cJSON_AddNumberToObject(o, "supply", (double)s->totals.supply);
  cJSON_AddNumberToObject(o, "vat", (double)s->totals.vat);
  cJSON_AddNumberToObject(o, "exempt", (double)s->totals.exempt);
  cJSON_AddNumberToObject(o, "paid", (double)s->settlement.paid);
  cJSON_AddNumberToObject(o, "change", (double)s->settlement.change);
  cJSON_AddNumberToObject(o, "lines", s->lines->len);
  return o;
}

/* Prints a committed document: summary JSON, or its 42-column receipt. */
static int print_doc(Cli *cli, const PosSale *s, GError **error)
{
  if (cli->json) {
    g_autoptr(cJSON) o = sale_summary(s);
    print_json(o);
    return 0;
  }
  PosSettings st;
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  g_autofree char *text = pos_receipt_text(s, &st, 42, error);
  pos_settings_clear(&st);
  if (text == NULL)
    return -1;
  fputs(text, stdout);
  return 0;
}

static int cmd_sell(Cli *cli, GError **error)
{
  GPtrArray *items = opt_all(cli, "item"), *pays = opt_all(cli, "pay");
  if (items == NULL)
    return usage_error(cli, _("sell needs at least one --item CODE=QTY"));
  PosCartRules rules;
  PosSettings st;
  pos_ledger_cart_rules(cli->ledger, &rules);
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  int geun_g = st.geun_g;
  pos_settings_clear(&st);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  for (guint i = 0; i < items->len; i++)
    if (!add_item(cli, cart, g_ptr_array_index(items, i), geun_g, error))
      return -1;
  GPtrArray *list;
  if ((list = opt_all(cli, "price-override")))
    for (guint i = 0; i < list->len; i++) {
      int line;
      PosMoney won;
      g_autofree char *reason = NULL;
      if (!parse_line_amount(g_ptr_array_index(list, i), &line, &won, &reason, error)
          || !pos_cart_override_price(cart, line, won, reason, error))
        return -1;
    }
  if ((list = opt_all(cli, "line-discount")))
    for (guint i = 0; i < list->len; i++) {
      int line;
      PosMoney won;
      g_autofree char *reason = NULL;
      if (!parse_line_amount(g_ptr_array_index(list, i), &line, &won, &reason, error)
          || !pos_cart_discount_line(cart, line, won, reason, error))
        return -1;
    }
  const char *disc = opt(cli, "discount");
  if (disc) {
    g_autofree char *won_text = NULL, *reason = NULL;
    PosMoney won;
    if (!split2(disc, ':', &won_text, &reason)) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "--discount must be WON:REASON");
      return -1;
    }
    if (!pos_money_parse(won_text, &won, error)
        || !pos_cart_discount_sale(cart, won, reason, error))
      return -1;
  }
  const char *cr = opt(cli, "cash-receipt");
  if (cr && !pos_cart_set_cash_receipt(cart, cr, error))
    return -1;
  for (guint i = 0; pays && i < pays->len; i++) {
    const char *spec = g_ptr_array_index(pays, i);
    g_autofree char *method = NULL, *rest = NULL, *amount = NULL, *ref = NULL;
    PosTenderMethod m;
    PosMoney won;
    if (!split2(spec, '=', &method, &rest)) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "--pay '%s' must be METHOD=WON[:REF]",
                  spec);
      return -1;
    }
    if (!split2(rest, ':', &amount, &ref))
      amount = g_strdup(rest);
    if (!pos_tender_method_parse(method, &m)) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                  "unknown payment method '%s': cash, card, zeropay, onnuri-paper, "
                  "onnuri-card, onnuri-mobile or transfer", method);
      return -1;
    }
    if (!pos_money_parse(amount, &won, error)
        || !pos_cart_add_tender(cart, m, won, ref, error))
      return -1;
  }
  g_autoptr(PosSale) s = NULL;
  if (!pos_ledger_commit_sale(cli->ledger, cart, &s, error))
    return -1;
  return print_doc(cli, s, error);
}

static int cmd_void(Cli *cli, GError **error)
{
  if (cli->args->len != 1)
    return usage_error(cli, "void ID|RECEIPT_NO [--reason TEXT]");
  g_autoptr(PosSale) s = NULL;
  if (!pos_ledger_void(cli->ledger, g_ptr_array_index(cli->args, 0), opt(cli, "reason"), &s,
                       error))
    return -1;
  return print_doc(cli, s, error);
}

static int cmd_refund(Cli *cli, GError **error)
{
  GPtrArray *lines = opt_all(cli, "line");
  if (cli->args->len != 1 || lines == NULL)
    return usage_error(cli, "refund ID --line N [--line N]... [--to METHOD] [--reason TEXT]");
  g_autofree int *nos = g_new0(int, lines->len);
  for (guint i = 0; i < lines->len; i++)
    if ((nos[i] = parse_line_no(g_ptr_array_index(lines, i), error)) < 0)
      return -1;
  PosTenderMethod m = POS_TENDER_CASH;
  const char *to = opt(cli, "to");
  if (to && !pos_tender_method_parse(to, &m)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "unknown payment method '%s'", to);
    return -1;
  }
  g_autoptr(PosSale) s = NULL;
  if (!pos_ledger_refund(cli->ledger, g_ptr_array_index(cli->args, 0), nos, lines->len, m,
                         opt(cli, "reason"), &s, error))
    return -1;
  return print_doc(cli, s, error);
}

static int width_opt(Cli *cli)
{
  const char *w = opt(cli, "width");
  return w ? atoi(w) : 42;
}

/* Writes ESC/POS bytes to --escpos PATH when given. */
static gboolean maybe_escpos(Cli *cli, GBytes *bytes, GError **error)
{
  const char *path = opt(cli, "escpos");
  return path == NULL || pos_escpos_write(bytes, path, error);
}

static int cmd_receipt(Cli *cli, GError **error)
{
  if (cli->args->len != 1)
    return usage_error(cli, "receipt ID|RECEIPT_NO [--width 32|42] [--qr-png FILE] "
                            "[--escpos FILE] [--kick]");
  g_autoptr(PosSale) s = pos_ledger_load_sale(cli->ledger, g_ptr_array_index(cli->args, 0),
                                              error);
  PosSettings st;
  if (s == NULL || !pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  int rc = -1;
  g_autofree char *text = pos_receipt_text(s, &st, width_opt(cli), error);
  if (text == NULL)
    goto out;
  const char *png = opt(cli, "qr-png");
  if (png && !pos_receipt_qr_png(s, &st, png, 8, error))
    goto out;
  if (opt(cli, "escpos")) {
    g_autoptr(GBytes) bytes =
      pos_receipt_escpos(s, &st, width_opt(cli), opt(cli, "kick") != NULL, error);
    if (bytes == NULL || !maybe_escpos(cli, bytes, error))
      goto out;
  }
  if (cli->json) {
    g_autoptr(cJSON) o = wire_sale_to_json(s);
    cJSON_AddStringToObject(o, "text", text);
    g_autofree char *qr = pos_receipt_qr_payload(s, &st);
    cJSON_AddStringToObject(o, "qr", qr);
    print_json(o);
  } else {
    fputs(text, stdout);
  }
  rc = 0;
out:
  pos_settings_clear(&st);
  return rc;
}

static int cmd_sales(Cli *cli, GError **error)
{
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(cli->ledger, opt(cli, "day"), error);
  if (ids == NULL)
    return -1;
  g_autoptr(cJSON) arr = cJSON_CreateArray();
  for (guint i = 0; i < ids->len; i++) {
    g_autoptr(PosSale) s = pos_ledger_load_sale(cli->ledger, g_ptr_array_index(ids, i), error);
    if (s == NULL)
      return -1;
    if (cli->json) {
      cJSON_AddItemToArray(arr, sale_summary(s));
    } else {
      char total[32];
      printf("%s  %-6s %12s  %s\n", s->receipt_no, pos_doc_kind_name(s->kind),
             pos_money_format(s->totals.total, total, sizeof total), s->id);
    }
  }
  if (cli->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "sales", g_steal_pointer(&arr));
    print_json(o);
  }
  return 0;
}

static int print_zreport(Cli *cli, PosZReport *z, GError **error)
{
  PosSettings st;
  int rc = -1;
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  if (opt(cli, "escpos")) {
    g_autoptr(GBytes) bytes = pos_zreport_escpos(z, &st, width_opt(cli), error);
    if (bytes == NULL || !maybe_escpos(cli, bytes, error))
      goto out;
  }
  if (cli->json) {
    g_autoptr(cJSON) o = wire_zreport_to_json(z);
    print_json(o);
  } else {
    g_autofree char *text = pos_zreport_text(z, &st, width_opt(cli), error);
    if (text == NULL)
      goto out;
    fputs(text, stdout);
  }
  rc = 0;
out:
  pos_settings_clear(&st);
  return rc;
}

static int cmd_open_day(Cli *cli, GError **error)
{
  PosMoney fl = 0;
  if (opt(cli, "float") && !need_money(cli, "float", &fl, error))
    return -1;
  if (!pos_ledger_open_day(cli->ledger, fl, error))
    return -1;
  PosZReport z;
  if (!pos_ledger_x_report(cli->ledger, &z, error))
    return -1;
  if (cli->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "business_day", z.business_day);
    cJSON_AddNumberToObject(o, "z_no", z.z_no);
    cJSON_AddNumberToObject(o, "cash_float", (double)z.cash_float);
    print_json(o);
  } else {
    char f[32];
    printf(_("day %s opened (session %d) with a float of %s won\n"), z.business_day, z.z_no,
           pos_money_format(z.cash_float, f, sizeof f));
  }
  pos_zreport_clear(&z);
  return 0;
}

static int cmd_x_report(Cli *cli, GError **error)
{
  PosZReport z;
  if (!pos_ledger_x_report(cli->ledger, &z, error))
    return -1;
  int rc = print_zreport(cli, &z, error);
  pos_zreport_clear(&z);
  return rc;
}

static int cmd_close_day(Cli *cli, GError **error)
{
  PosMoney counted;
  if (opt(cli, "counted-cash") == NULL)
    return usage_error(cli, "close-day --counted-cash WON");
  if (!need_money(cli, "counted-cash", &counted, error))
    return -1;
  PosZReport z;
  if (!pos_ledger_close_day(cli->ledger, counted, &z, error))
    return -1;
  int rc = print_zreport(cli, &z, error);
  pos_zreport_clear(&z);
  return rc;
}

static int cmd_export(Cli *cli, GError **error)
{
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(cli->ledger, opt(cli, "day"), error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++) {
    g_autoptr(PosSale) s = pos_ledger_load_sale(cli->ledger, g_ptr_array_index(ids, i), error);
    if (s == NULL)
      return -1;
    g_autoptr(cJSON) o = wire_sale_to_json(s);
    print_json(o);
  }
  return 0;
}

static int cmd_check(Cli *cli, GError **error)
{
  if (!pos_ledger_check(cli->ledger, error))
    return -1;
  int64_t pending, sent, rejected;
  if (!pos_ledger_outbox_counts(cli->ledger, &pending, &sent, &rejected, error))
    return -1;
  if (cli->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "ok", TRUE);
    cJSON_AddNumberToObject(o, "pending", (double)pending);
    cJSON_AddNumberToObject(o, "sent", (double)sent);
    cJSON_AddNumberToObject(o, "rejected", (double)rejected);
    print_json(o);
  } else {
    printf("ledger ok; outbox: %" G_GINT64_FORMAT " pending, %" G_GINT64_FORMAT " sent, %"
           G_GINT64_FORMAT " rejected\n", pending, sent, rejected);
  }
  return 0;
}

/* ---- Sync with the hub (sync-client.h) ---------------------------------------- */

/* --ca-file and --allow-http, shared by enroll and sync. */
static void sync_options(Cli *cli, SyncClientOptions *o)
{
  sync_client_options_init(o);
  o->ca_file = opt(cli, "ca-file");
  o->allow_insecure_http = opt(cli, "allow-http") != NULL;
}

/*
** The taxonomy lives in a file next to the ledger (LEDGER.taxonomy.json):
** pos/ has no table for it, and settings are a fixed, validated set.
*/
static int cmd_enroll(Cli *cli, GError **error)
{
  const char *hub = opt(cli, "hub"), *code = opt(cli, "code");
  if (hub == NULL || code == NULL)
    return usage_error(cli, "enroll --hub URL --code CODE [--ca-file F] [--allow-http]");
  g_autofree char *path = ledger_path(cli);
  g_autofree char *taxonomy = g_strconcat(path, ".taxonomy.json", NULL);
  SyncClientOptions o;
  sync_options(cli, &o);
  o.taxonomy_path = taxonomy;
  SyncEnrollResult r;
  if (!sync_client_enroll(cli->ledger, hub, code, &o, &r, error))
    return -1;
  if (r.taxonomy_error)
    fprintf(stderr, _("stall: warning: enrolled, but the taxonomy was not pulled: %s\n"),
            r.taxonomy_error);
  if (cli->json) {
    g_autoptr(cJSON) j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "stall_code", r.stall_code);
    cJSON_AddStringToObject(j, "stall_name", r.stall_name ? r.stall_name : "");
    cJSON_AddStringToObject(j, "market_code", r.market_code ? r.market_code : "");
    cJSON_AddStringToObject(j, "market_name", r.market_name ? r.market_name : "");
    cJSON_AddNumberToObject(j, "skew_ms", (double)r.skew_ms);
    cJSON_AddNumberToObject(j, "taxonomy_lines", r.taxonomy_lines);
    cJSON_AddStringToObject(j, "taxonomy_file", taxonomy);
    if (r.taxonomy_error)
      cJSON_AddStringToObject(j, "taxonomy_error", r.taxonomy_error);
    print_json(j);
  } else {
    printf(_("enrolled as stall %s (%s) of market %s (%s)\n"), r.stall_code,
           r.stall_name ? r.stall_name : "?", r.market_code ? r.market_code : "?",
           r.market_name ? r.market_name : "?");
    if (r.taxonomy_lines >= 0)
      printf(_("%d product lines saved to %s\n"), r.taxonomy_lines, taxonomy);
  }
  sync_enroll_result_clear(&r);
  return 0;
}

/* --status: counts and every rejected event, read from the ledger only. */
static int sync_status(Cli *cli, GError **error)
{
  int64_t pending, sent, rejected;
  PosSettings s;
  if (!pos_ledger_outbox_counts(cli->ledger, &pending, &sent, &rejected, error)
      || !pos_ledger_get_settings(cli->ledger, &s, error))
    return -1;
  g_autoptr(GPtrArray) list = pos_ledger_outbox_rejected(cli->ledger, error);
  if (list == NULL) {
    pos_settings_clear(&s);
    return -1;
  }
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "pending", (double)pending);
  cJSON_AddNumberToObject(o, "sent", (double)sent);
  cJSON_AddNumberToObject(o, "rejected", (double)rejected);
  if (s.hub_url)
    cJSON_AddStringToObject(o, "hub_url", s.hub_url);
  else
    cJSON_AddNullToObject(o, "hub_url");
  if (s.stall_code)
    cJSON_AddStringToObject(o, "stall_code", s.stall_code);
  else
    cJSON_AddNullToObject(o, "stall_code");
  cJSON *arr = cJSON_AddArrayToObject(o, "rejected_events");
  for (guint i = 0; i < list->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(list, i);
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", r->event_id);
    cJSON_AddStringToObject(j, "kind", pos_event_kind_name(r->kind));
    cJSON_AddStringToObject(j, "ref", r->ref ? r->ref : "");
    cJSON_AddStringToObject(j, "code", r->reject_code ? r->reject_code : "");
    cJSON_AddStringToObject(j, "message", r->reject_message ? r->reject_message : "");
    cJSON_AddNumberToObject(j, "attempts", r->attempts);
    cJSON_AddItemToArray(arr, j);
  }
  if (cli->json) {
    print_json(o);
  } else {
    printf(_("hub: %s (stall %s)\n"), s.hub_url ? s.hub_url : _("not enrolled"),
           s.stall_code ? s.stall_code : "-");
    printf("outbox: %" G_GINT64_FORMAT " pending, %" G_GINT64_FORMAT " sent, %"
           G_GINT64_FORMAT " rejected\n", pending, sent, rejected);
    for (guint i = 0; i < list->len; i++) {
      const PosOutboxRow *r = g_ptr_array_index(list, i);
      printf("  rejected %s %s %s: %s: %s\n", r->event_id, pos_event_kind_name(r->kind),
             r->ref ? r->ref : "", r->reject_code ? r->reject_code : "",
             r->reject_message ? r->reject_message : "");
    }
  }
  pos_settings_clear(&s);
  return 0;
}

/*
** The push runs on a second connection opened with synchronous=NORMAL: its
** only writes are outbox marks, and a mark lost to a power cut just sends the
** event again (the hub answers "duplicate").  A fsync per mark would make a
** 10,000-sale backlog take seconds of disk flushes for no safety gain.
*/
static int cmd_sync(Cli *cli, GError **error)
{
  g_autofree char *path = ledger_path(cli);
  int attempts = 1;
  const char *loop = opt(cli, "loop");
  if (loop) {
    guint64 n;
    if (!g_ascii_string_to_unsigned(loop, 10, 1, 1000, &n, NULL))
      return usage_error(cli, _("sync --loop N needs N from 1 to 1000"));
    attempts = (int)n;
  }
  if (opt(cli, "retry-rejected")) {
    g_autoptr(GPtrArray) list = pos_ledger_outbox_rejected(cli->ledger, error);
    if (list == NULL)
      return -1;
    for (guint i = 0; i < list->len; i++) {
      const PosOutboxRow *r = g_ptr_array_index(list, i);
      if (!pos_ledger_outbox_mark(cli->ledger, r->event_id, POS_OUTBOX_PENDING, NULL, NULL,
                                  error))
        return -1;
    }
  }
  if (opt(cli, "status"))
    return sync_status(cli, error);
  g_autoptr(PosLedger) conn =
    pos_ledger_open_full(path, POS_SYNC_NORMAL, pos_ledger_schema_version(), error);
  if (conn == NULL)
    return -1;
  SyncClientOptions o;
  sync_options(cli, &o);
  SyncReport rep;
  g_autoptr(GError) local = NULL;
  gboolean ok = sync_client_run(conn, &o, attempts, &rep, &local);
  int64_t pending = -1, sent = -1, rejected = -1;
  pos_ledger_outbox_counts(conn, &pending, &sent, &rejected, NULL);
  g_autoptr(cJSON) j = cJSON_CreateObject();
  cJSON_AddNumberToObject(j, "accepted", rep.accepted);
  cJSON_AddNumberToObject(j, "duplicate", rep.duplicate);
  cJSON_AddNumberToObject(j, "rejected_now", rep.rejected + rep.local_rejected);
  cJSON_AddNumberToObject(j, "batches", rep.batches);
  cJSON_AddNumberToObject(j, "attempts", rep.attempts);
  cJSON_AddNumberToObject(j, "bytes", (double)rep.bytes);
  if (rep.have_skew)
    cJSON_AddNumberToObject(j, "skew_ms", (double)rep.skew_ms);
  else
    cJSON_AddNullToObject(j, "skew_ms");
  cJSON_AddNumberToObject(j, "pending", (double)pending);
  cJSON_AddNumberToObject(j, "sent", (double)sent);
  cJSON_AddNumberToObject(j, "rejected", (double)rejected);
  if (!ok)
    return report_error(cli, local, j);
  if (cli->json) {
    print_json(j);
  } else {
    printf(_("synced: %u accepted, %u already at the hub, %u rejected in %u batches\n"),
           rep.accepted, rep.duplicate, rep.rejected + rep.local_rejected, rep.batches);
    printf("outbox: %" G_GINT64_FORMAT " pending, %" G_GINT64_FORMAT " sent, %"
           G_GINT64_FORMAT " rejected%s\n", pending, sent, rejected,
           rejected > 0 ? " (see 'stall sync --status')" : "");
    if (rep.have_skew && (rep.skew_ms > 300000 || rep.skew_ms < -300000))
      printf("warning: this device's clock differs from the hub's by %" G_GINT64_FORMAT
             " s\n", rep.skew_ms / 1000);
  }
  return 0;
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
  "  open-day [--float WON]\n"
  "  sell --item CODE[=QTY]... [--pay METHOD=WON[:REF]]... [--discount WON:REASON]\n"
  "       [--line-discount N=WON:REASON] [--price-override N=WON:REASON]\n"
  "       [--cash-receipt ID]\n"
  "       METHOD: cash card zeropay onnuri-paper onnuri-card onnuri-mobile transfer\n"
  "       QTY: pieces (3) or weight (350g, 1.2kg, 1근)\n"
  "  void ID [--reason TEXT]           refund ID --line N... [--to METHOD] [--reason T]\n"
  "  receipt ID [--width 32|42] [--qr-png FILE] [--escpos FILE] [--kick]\n"
  "  sales [--day YYYY-MM-DD]          export [--day YYYY-MM-DD]   (JSON lines)\n"
  "  x-report [--width N] [--escpos FILE]\n"
  "  close-day --counted-cash WON [--width N] [--escpos FILE]\n"
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

/* The device commands live in stall-cli-devices.c; these hand them over. */
#define DEVICE_COMMAND(fn)                                                                 \
  static int cmd_##fn(Cli *cli, GError **error)                                            \
  {                                                                                        \
    const StallDeviceArgs a = {cli->ledger, cli->json, cli->opts, cli->args};             \
    return stall_cli_##fn(&a, error);                                                      \
  }
DEVICE_COMMAND(print)
DEVICE_COMMAND(printer)
DEVICE_COMMAND(drawer)
DEVICE_COMMAND(scale)

typedef struct {
  const char *name;
  int (*run)(Cli *cli, GError **error);
  const char *const *options;
  guint max_args;          /* positional arguments the command takes */
} Command;

static const char *const o_init[] = {"stall-name", "rounding", "business-no", "address",
                                     "phone", "instore-pattern", "onnuri-change-pct", NULL};
static const char *const o_none[] = {NULL};
static const char *const o_product[] = {"plu", "name", "line", "price", "unit", "tax",
                                        "barcode", "quick-key", "active", "all!", NULL};
static const char *const o_sell[] = {"item", "pay", "discount", "line-discount",
                                     "price-override", "cash-receipt", NULL};
static const char *const o_void[] = {"reason", NULL};
static const char *const o_refund[] = {"line", "to", "reason", NULL};
static const char *const o_receipt[] = {"width", "qr-png", "escpos", "kick!", NULL};
static const char *const o_day[] = {"day", NULL};
static const char *const o_open[] = {"float", NULL};
static const char *const o_report[] = {"width", "escpos", NULL};
static const char *const o_close[] = {"counted-cash", "width", "escpos", NULL};
static const char *const o_enroll[] = {"hub", "code", "ca-file", "allow-http!", NULL};
static const char *const o_sync[] = {"status!", "loop", "retry-rejected!", "ca-file",
                                     "allow-http!", NULL};

static const Command commands[] = {
  {"init", cmd_init, o_init, 0},
  {"config", cmd_config, o_none, 2},
  {"product", cmd_product, o_product, 2},
  {"open-day", cmd_open_day, o_open, 0},
  {"sell", cmd_sell, o_sell, 0},
  {"void", cmd_void, o_void, 1},
  {"refund", cmd_refund, o_refund, 1},
  {"receipt", cmd_receipt, o_receipt, 1},
  {"sales", cmd_sales, o_day, 0},
  {"x-report", cmd_x_report, o_report, 0},
  {"close-day", cmd_close_day, o_close, 0},
  {"export", cmd_export, o_day, 0},
  {"check", cmd_check, o_none, 0},
  {"enroll", cmd_enroll, o_enroll, 0},
  {"sync", cmd_sync, o_sync, 0},
  {"print", cmd_print, stall_print_options, 0},
  {"printer", cmd_printer, stall_printer_options, 1},
  {"drawer", cmd_drawer, stall_drawer_options, 1},
  {"scale", cmd_scale, stall_scale_options, 1},
};

static void opts_free(gpointer p)
{
  g_ptr_array_unref(p);
}

int main(int argc, char **argv)
{
  mb_i18n_cli_init(MB_CLI_DOMAIN);
  Cli cli = {0};
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
    return usage_error(&cli, _("no command given"));
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
    return usage_error(&cli, _("unknown command '%s'"), argv[i]);
  cli.opts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, opts_free);
  cli.args = g_ptr_array_new_with_free_func(g_free);
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  if (!parse_opts(&cli, argc - i - 1, argv + i + 1, cmd->options, &bad))
    rc = usage_error(&cli, "%s %s", cmd->name, bad);
  else if (cli.args->len > cmd->max_args)
    rc = usage_error(&cli, _("%s: unexpected argument '%s'"), cmd->name,
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
