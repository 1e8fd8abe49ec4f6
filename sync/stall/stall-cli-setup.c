/*
** stall-cli-setup.c: `stall init`, `stall config` and `stall product`, the
** stall's identity, its settings and its catalog.
**
** init makes the ledger's stall once; config shows or changes one setting
** through the ledger's validated set (pos-settings.c); product adds, edits,
** lists and imports products, each held to the product lines the till
** knows, so a line the market does not have is refused when it is made.
*/
#include "internal/stall-cli-int.h"
#include "wire-codec.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int stall_cmd_init(StallCli *cli, GError **error)
{
  const char *name = stall_cli_opt(cli, "stall-name");
  const char *rounding = stall_cli_opt(cli, "rounding");
  if (name == NULL)
    return stall_cli_usage_error(cli, _("init needs --stall-name NAME"));
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
    if (stall_cli_opt(cli, extra[i]) && !pos_setting_check(keys[i], stall_cli_opt(cli, extra[i]), error)) {
      for (guint k = 0; k <= i; k++)
        g_free(keys[k]);
      return -1;
    }
  }
  gboolean ok = pos_ledger_init_stall(cli->ledger, name, unit, error);
  for (guint i = 0; i < G_N_ELEMENTS(extra); i++) {
    if (ok && stall_cli_opt(cli, extra[i]))
      ok = pos_ledger_set_setting(cli->ledger, keys[i], stall_cli_opt(cli, extra[i]), error);
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
    stall_cli_print_json(o);
  } else {
    printf(_("stall '%s' ready (device %s, weighed lines rounded down to %d won)\n"),
           s.stall_name, s.device_id, s.rounding_unit);
  }
  pos_settings_clear(&s);
  return 0;
}

int stall_cmd_config(StallCli *cli, GError **error)
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
    return stall_cli_usage_error(cli, "config [KEY VALUE]");
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
  cJSON_AddNumberToObject(o, "cash_diff_threshold", (double)s.cash_diff_threshold);
  cJSON_AddNumberToObject(o, "min_weight_g", s.min_weight_g);
  pos_settings_clear(&s);
  if (cli->json) {
    stall_cli_print_json(o);
  } else {
    g_autofree char *text = cJSON_Print(o);
    printf("%s\n", text);
  }
  return 0;
}

/* Applies --name, --line, ... to p; plu is handled by the caller. */
static gboolean product_fields(StallCli *cli, PosProduct *p, GError **error)
{
  const char *v;
  if ((v = stall_cli_opt(cli, "name"))) {
    g_free(p->name);
    p->name = g_strdup(v);
  }
  if ((v = stall_cli_opt(cli, "line"))) {
    g_free(p->line_code);
    p->line_code = g_strdup(v);
  }
  if ((v = stall_cli_opt(cli, "price")) && !stall_cli_need_money(cli, "price", &p->price, error))
    return FALSE;
  if ((v = stall_cli_opt(cli, "unit"))) {
    if (strcmp(v, "piece") != 0 && strcmp(v, "kg") != 0)
      goto bad;
    p->unit = strcmp(v, "kg") == 0 ? POS_UNIT_KG : POS_UNIT_PIECE;
  }
  if ((v = stall_cli_opt(cli, "tax"))) {
    if (strcmp(v, "taxable") != 0 && strcmp(v, "exempt") != 0)
      goto bad;
    p->tax = strcmp(v, "exempt") == 0 ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  }
  if ((v = stall_cli_opt(cli, "barcode"))) {
    g_free(p->barcode);
    p->barcode = *v ? g_strdup(v) : NULL;
  }
  if ((v = stall_cli_opt(cli, "quick-key"))) {
    char *end = NULL;
    long key = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || key < -1 || key > 9999) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                  "--quick-key '%s' must be a position 0-9999 (or -1 for none)", v);
      return FALSE;
    }
    p->quick_key = (int)key;
  }
  if ((v = stall_cli_opt(cli, "active"))) {
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

/*
** `product search TEXT [--limit N]`: the till's own matcher (pos-search.h)
** over the active catalog, best first, so what a script finds is what the
** till's search field shows.
*/
static int product_search(StallCli *cli, GError **error)
{
  const char *text = stall_cli_arg(cli, 1);
  const char *limit_text = stall_cli_opt(cli, "limit");
  guint64 limit = 0;
  if (text == NULL)
    return stall_cli_usage_error(cli, _("product search needs TEXT (a name, 초성, PLU or barcode)"));
  if (limit_text && (!g_ascii_string_to_unsigned(limit_text, 10, 1, 1000, &limit, NULL)))
    return stall_cli_usage_error(cli, _("--limit must be 1-1000"));
  g_autoptr(GPtrArray) list = pos_ledger_product_list(cli->ledger, TRUE, error);
  if (list == NULL)
    return -1;
  g_autoptr(PosSearch) index = pos_search_new(list);
  g_autoptr(GArray) hits = pos_search_query(index, text, (guint)limit);
  static const char *const rank_names[] = {"exact-code", "prefix", "substring"};
  g_autoptr(cJSON) arr = cJSON_CreateArray();
  for (guint i = 0; i < hits->len; i++) {
    const PosSearchHit *h = &g_array_index(hits, PosSearchHit, i);
    if (cli->json) {
      cJSON *o = wire_product_to_json(h->product, TRUE);
      cJSON_AddStringToObject(o, "match", rank_names[h->rank]);
      cJSON_AddItemToArray(arr, o);
    } else {
      char price[32];
      printf("%5d  %10s%s  %s\n", h->product->plu,
             pos_money_format(h->product->price, price, 32),
             h->product->unit == POS_UNIT_KG ? "/kg" : "   ", h->product->name);
    }
  }
  if (cli->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "query", text);
    cJSON_AddItemToObject(o, "products", g_steal_pointer(&arr));
    stall_cli_print_json(o);
  } else if (hits->len == 0) {
    printf(_("no product matches %s\n"), text);
  }
  return 0;
}

/*
** Products are held to the taxonomy the till has (sync_client_line_codes:
** the hub's after enrollment, the built-in one before), so a line the
** market does not know is refused when the product is made or imported.
*/
int stall_cmd_product(StallCli *cli, GError **error)
{
  const char *sub = cli->args->len ? g_ptr_array_index(cli->args, 0) : "";
  g_autofree char *path = stall_cli_ledger_path(cli);
  g_autofree char *taxonomy = g_strconcat(path, ".taxonomy.json", NULL);
  g_auto(GStrv) codes = sync_client_line_codes(taxonomy);
  pos_ledger_set_line_codes(cli->ledger, (const char *const *)codes);
  if (strcmp(sub, "add") == 0 || strcmp(sub, "edit") == 0) {
    gboolean add = sub[0] == 'a';
    int plu = stall_cli_parse_plu(stall_cli_opt(cli, "plu"));
    if (plu < 0)
      return stall_cli_usage_error(cli, _("product %s needs --plu N (1-99999)"), sub);
    g_autoptr(PosProduct) p = NULL;
    if (add) {
      static const char *const req[] = {"name", "line", "price", "unit", "tax"};
      for (guint i = 0; i < G_N_ELEMENTS(req); i++)
        if (stall_cli_opt(cli, req[i]) == NULL)
          return stall_cli_usage_error(cli, _("product add needs --%s"), req[i]);
      p = pos_product_new();
      p->plu = plu;
    } else if ((p = pos_ledger_product_by_plu(cli->ledger, plu, error)) == NULL) {
      return -1;
    }
    if (!product_fields(cli, p, error) || !pos_ledger_product_save(cli->ledger, p, error))
      return -1;
    if (cli->json) {
      g_autoptr(cJSON) o = wire_product_to_json(p, TRUE);
      stall_cli_print_json(o);
    } else {
      printf(_("product %d %s saved\n"), p->plu, p->name);
    }
    return 0;
  }
  if (strcmp(sub, "list") == 0) {
    g_autoptr(GPtrArray) list = pos_ledger_product_list(cli->ledger, !stall_cli_opt(cli, "all"), error);
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
      stall_cli_print_json(o);
    }
    return 0;
  }
  if (strcmp(sub, "search") == 0)
    return product_search(cli, error);
  if (strcmp(sub, "import") == 0) {
    if (cli->args->len != 2)
      return stall_cli_usage_error(cli, "product import FILE.csv");
    PosImportStats st;
    if (!pos_ledger_product_import(cli->ledger, g_ptr_array_index(cli->args, 1), &st, error))
      return -1;
    if (cli->json) {
      g_autoptr(cJSON) o = cJSON_CreateObject();
      cJSON_AddNumberToObject(o, "rows", (double)st.rows);
      cJSON_AddNumberToObject(o, "inserted", (double)st.inserted);
      cJSON_AddNumberToObject(o, "updated", (double)st.updated);
      stall_cli_print_json(o);
    } else {
      printf("%" G_GUINT64_FORMAT " rows: %" G_GUINT64_FORMAT " new, %" G_GUINT64_FORMAT
             " changed\n", st.rows, st.inserted, st.updated);
    }
    return 0;
  }
  return stall_cli_usage_error(cli, "product add|edit|list|search|import");
}
