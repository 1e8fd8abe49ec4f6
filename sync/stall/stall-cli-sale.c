/*
** stall-cli-sale.c: `stall sell`, `void`, `refund`, `receipt` and `sales`.
**
** sell builds a cart from --item specs (pieces, or weights in g, kg or 근)
** and commits it with its tenders in one ledger transaction; void and
** refund write their own documents against a committed sale, never an
** edit of it; receipt renders a committed sale as text, QR and ESC/POS;
** sales lists a day's documents.  Each prints the document it made as the
** receipt would show it, or its summary with --json.
*/
#include "internal/stall-cli-int.h"
#include "wire-codec.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_line_no(const char *v, GError **error)
{
  int n = stall_cli_parse_plu(v);
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

/*
** A weight typed without a unit ("3") is ambiguous: 3 g rings 50 won where
** 3 kg was meant.  Scripts must say the unit, so a bare number is refused
** here rather than read as grams; what ends in a letter or 근 has one.
*/
static gboolean weight_has_unit(const char *text)
{
  size_t n = strlen(text);
  return n > 0 && !g_ascii_isdigit(text[n - 1]) && text[n - 1] != '.';
}

/*
** --item CODE[=QTY]: a PLU or barcode; QTY by the product's unit.  A
** weight must carry its unit and reach the stall's minimum (min_weight_g):
** lighter than that is almost always a unit typed wrong.
*/
static gboolean add_item(StallCli *cli, PosCart *cart, const char *spec, int geun_g,
                         int min_weight_g, GError **error)
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
  } else if (p->unit == POS_UNIT_KG && !weight_has_unit(qty_text)) {
    g_set_error(error, POS_ERROR, POS_ERROR_WEIGHT_UNIT,
                "%s is sold by weight and '%s' has no unit: say %s=%sg, =%skg or =%s근", p->name,
                qty_text, code, qty_text, qty_text, qty_text);
    return FALSE;
  } else if (!pos_qty_parse(qty_text, p->unit, geun_g, &qty, error)) {
    return FALSE;
  } else if (p->unit == POS_UNIT_KG && qty < min_weight_g) {
    g_set_error(error, POS_ERROR, POS_ERROR_WEIGHT_MIN,
                "%s: %" G_GINT64_FORMAT " g is below this stall's minimum of %d g"
                " (config min_weight_g): was kg meant?", p->name, qty, min_weight_g);
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
static int print_doc(StallCli *cli, const PosSale *s, GError **error)
{
  if (cli->json) {
    g_autoptr(cJSON) o = sale_summary(s);
    stall_cli_print_json(o);
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

/*
** A sale with no day open opened one with a float of 0 (scripts keep
** working), but the drawer's count now starts from nothing: the JSON says
** so in "day_opened" and the text warns on standard error, naming the
** day and its close number, and whether a close of the same day came
** before (a second session of that day, which a merchant rarely means).
*/
static int print_implicit_day(StallCli *cli, const PosSale *s, GError **error)
{
  PosZReport z;
  if (!pos_ledger_session_report(cli->ledger, s->session_id, &z, error))
    return -1;
  gboolean after_close = z.z_no > 1;
  if (cli->json) {
    g_autoptr(cJSON) o = sale_summary(s);
    cJSON *d = cJSON_AddObjectToObject(o, "day_opened");
    cJSON_AddBoolToObject(d, "implicit", TRUE);
    cJSON_AddNumberToObject(d, "float", (double)z.cash_float);
    cJSON_AddStringToObject(d, "business_day", z.business_day);
    cJSON_AddNumberToObject(d, "z_no", z.z_no);
    cJSON_AddBoolToObject(d, "after_close", after_close);
    stall_cli_print_json(o);
    pos_zreport_clear(&z);
    return 0;
  }
  if (after_close)
    fprintf(stderr,
            _("stall: warning: day %s was already closed; this sale opened a new session"
              " (%d) of today with a float of 0 won: count the drawer with open-day next time\n"),
            z.business_day, z.z_no);
  else
    fprintf(stderr,
            _("stall: warning: no day was open; this sale opened day %s with a float of 0"
              " won (stall open-day --float WON sets the float first)\n"),
            z.business_day);
  pos_zreport_clear(&z);
  return print_doc(cli, s, error);
}

int stall_cmd_sell(StallCli *cli, GError **error)
{
  GPtrArray *items = stall_cli_opt_all(cli, "item"), *pays = stall_cli_opt_all(cli, "pay");
  if (items == NULL)
    return stall_cli_usage_error(cli, _("sell needs at least one --item CODE=QTY"));
  PosCartRules rules;
  PosSettings st;
  pos_ledger_cart_rules(cli->ledger, &rules);
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  int geun_g = st.geun_g, min_weight_g = st.min_weight_g;
  pos_settings_clear(&st);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  for (guint i = 0; i < items->len; i++)
    if (!add_item(cli, cart, g_ptr_array_index(items, i), geun_g, min_weight_g, error))
      return -1;
  GPtrArray *list;
  if ((list = stall_cli_opt_all(cli, "price-override")))
    for (guint i = 0; i < list->len; i++) {
      int line;
      PosMoney won;
      g_autofree char *reason = NULL;
      if (!parse_line_amount(g_ptr_array_index(list, i), &line, &won, &reason, error)
          || !pos_cart_override_price(cart, line, won, reason, error))
        return -1;
    }
  if ((list = stall_cli_opt_all(cli, "line-discount")))
    for (guint i = 0; i < list->len; i++) {
      int line;
      PosMoney won;
      g_autofree char *reason = NULL;
      if (!parse_line_amount(g_ptr_array_index(list, i), &line, &won, &reason, error)
          || !pos_cart_discount_line(cart, line, won, reason, error))
        return -1;
    }
  const char *disc = stall_cli_opt(cli, "discount");
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
  const char *cr = stall_cli_opt(cli, "cash-receipt");
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
  int64_t open_id = 0;
  gboolean day_was_open = pos_ledger_open_session(cli->ledger, &open_id, NULL);
  g_autoptr(PosSale) s = NULL;
  if (!pos_ledger_commit_sale(cli->ledger, cart, &s, error))
    return -1;
  if (day_was_open)
    return print_doc(cli, s, error);
  return print_implicit_day(cli, s, error);
}

int stall_cmd_void(StallCli *cli, GError **error)
{
  if (cli->args->len != 1)
    return stall_cli_usage_error(cli, "void ID|RECEIPT_NO [--reason TEXT]");
  g_autoptr(PosSale) s = NULL;
  if (!pos_ledger_void(cli->ledger, g_ptr_array_index(cli->args, 0), stall_cli_opt(cli, "reason"), &s,
                       error))
    return -1;
  return print_doc(cli, s, error);
}

/* --line N[=QTY]: a line of orig, and part of it by the line's unit (none: what is left). */
static gboolean parse_refund_part(const char *spec, const PosSale *orig, int geun_g,
                                  PosRefundPart *part, GError **error)
{
  g_autofree char *no = NULL, *qty = NULL;
  if (!split2(spec, '=', &no, &qty))
    no = g_strdup(spec);
  if ((part->line_no = parse_line_no(no, error)) < 0)
    return FALSE;
  part->qty_milli = 0;
  if (qty == NULL)
    return TRUE;
  if ((guint)part->line_no >= orig->lines->len) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "line %d of %s does not exist",
                part->line_no + 1, orig->receipt_no);
    return FALSE;
  }
  const PosLine *l = g_ptr_array_index(orig->lines, part->line_no);
  return pos_qty_parse(qty, l->unit, geun_g, &part->qty_milli, error);
}

/*
** `refund ID|RECEIPT-NO|QR --line N[=QTY]...`: the sale is found by its id,
** its receipt number (any day's) or its QR as scanned; each --line takes a
** line whole (what is left of it) or part of it; the money goes back to
** the sale's own tender unless --to says otherwise (docs/DOMAIN.md, Refunds).
*/
int stall_cmd_refund(StallCli *cli, GError **error)
{
  GPtrArray *lines = stall_cli_opt_all(cli, "line");
  if (cli->args->len != 1 || lines == NULL)
    return stall_cli_usage_error(cli, "refund ID|RECEIPT-NO|QR --line N[=QTY]... [--to METHOD] "
                                      "[--reason TEXT]");
  PosSettings st;
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  int geun_g = st.geun_g;
  pos_settings_clear(&st);
  g_autoptr(PosSale) orig = pos_ledger_load_sale(cli->ledger, g_ptr_array_index(cli->args, 0),
                                                 error);
  if (orig == NULL)
    return -1;
  g_autofree PosRefundPart *parts = g_new0(PosRefundPart, lines->len);
  for (guint i = 0; i < lines->len; i++)
    if (!parse_refund_part(g_ptr_array_index(lines, i), orig, geun_g, &parts[i], error))
      return -1;
  PosTenderMethod m = pos_refund_default_method(orig);
  const char *to = stall_cli_opt(cli, "to");
  if (to && !pos_tender_method_parse(to, &m)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "unknown payment method '%s'", to);
    return -1;
  }
  g_autoptr(PosSale) s = NULL;
  if (!pos_ledger_refund_parts(cli->ledger, orig->id, parts, lines->len, m,
                               stall_cli_opt(cli, "reason"), &s, error))
    return -1;
  return print_doc(cli, s, error);
}

int stall_cmd_receipt(StallCli *cli, GError **error)
{
  if (cli->args->len != 1)
    return stall_cli_usage_error(cli, "receipt ID|RECEIPT_NO [--width 32|42] [--qr-png FILE] "
                            "[--escpos FILE] [--kick]");
  g_autoptr(PosSale) s = pos_ledger_load_sale(cli->ledger, g_ptr_array_index(cli->args, 0),
                                              error);
  PosSettings st;
  if (s == NULL || !pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  int rc = -1;
  g_autofree char *text = pos_receipt_text(s, &st, stall_cli_width(cli), error);
  if (text == NULL)
    goto out;
  const char *png = stall_cli_opt(cli, "qr-png");
  if (png && !pos_receipt_qr_png(s, &st, png, 8, error))
    goto out;
  if (stall_cli_opt(cli, "escpos")) {
    g_autoptr(GBytes) bytes =
      pos_receipt_escpos(s, &st, stall_cli_width(cli), stall_cli_opt(cli, "kick") != NULL, error);
    if (bytes == NULL || !stall_cli_write_escpos(cli, bytes, error))
      goto out;
  }
  if (cli->json) {
    g_autoptr(cJSON) o = wire_sale_to_json(s);
    cJSON_AddStringToObject(o, "text", text);
    g_autofree char *qr = pos_receipt_qr_payload(s, &st);
    cJSON_AddStringToObject(o, "qr", qr);
    stall_cli_print_json(o);
  } else {
    fputs(text, stdout);
  }
  rc = 0;
out:
  pos_settings_clear(&st);
  return rc;
}

int stall_cmd_sales(StallCli *cli, GError **error)
{
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(cli->ledger, stall_cli_opt(cli, "day"), error);
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
    stall_cli_print_json(o);
  }
  return 0;
}