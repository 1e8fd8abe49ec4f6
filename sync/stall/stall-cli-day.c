/*
** stall-cli-day.c: `stall open-day`, `cash`, `x-report`, `close-day`,
** `export` and `check`, the business day's cash and the ledger's own health.
**
** open-day starts the day with its counted float; x-report is the day so
** far, close-day ends it against the counted cash and prints the Z report
** (text, or ESC/POS with --escpos), refusing a difference above the
** stall's threshold unless --accept-difference; cash in|out records a
** paid-in or paid-out; export writes a day's documents (and, with --day,
** its cash moves) as JSON lines; check runs the ledger's integrity checks.
*/
#include "internal/stall-cli-int.h"
#include "wire-codec.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void named_total_free(PosLineTotal *t)
{
  g_free(t->line_code);
  g_free(t);
}

/*
** The product lines' Korean names from the market's taxonomy, which
** enrollment saves next to the ledger (LEDGER.taxonomy.json), for the
** printed and text reports: a code (MEAT) means nothing to a merchant.  A
** line the file does not name, or no file (not enrolled), keeps its code.
** The JSON report keeps codes: scripts and the hub key on them.  *keep
** gets the array the copy's by_line borrows (transfer full).
*/
static void name_lines(StallCli *cli, const PosZReport *z, PosZReport *named, GPtrArray **keep)
{
  g_autofree char *path = stall_cli_ledger_path(cli);
  g_autofree char *file = g_strconcat(path, ".taxonomy.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  if (g_file_get_contents(file, &text, NULL, NULL)) {
    g_autoptr(cJSON) root = wire_json_parse_object(text, strlen(text), NULL);
    g_autoptr(GPtrArray) lines = root ? wire_taxonomy_from_json(root, NULL) : NULL;
    for (guint i = 0; lines && i < lines->len; i++) {
      const WireLine *l = g_ptr_array_index(lines, i);
      if (l->name_ko && *l->name_ko)
        g_hash_table_replace(names, g_strdup(l->code), g_strdup(l->name_ko));
    }
  }
  *keep = g_ptr_array_new_with_free_func((GDestroyNotify)named_total_free);
  for (guint i = 0; z->by_line && i < z->by_line->len; i++) {
    const PosLineTotal *t = g_ptr_array_index(z->by_line, i);
    const char *name = t->line_code ? g_hash_table_lookup(names, t->line_code) : NULL;
    PosLineTotal *n = g_new0(PosLineTotal, 1);
    n->line_code = g_strdup(name ? name : t->line_code);
    n->amount = t->amount;
    g_ptr_array_add(*keep, n);
  }
  *named = *z;
  named->by_line = *keep;
}

static int print_zreport(StallCli *cli, PosZReport *z, GError **error)
{
  PosSettings st;
  int rc = -1;
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  PosZReport named;
  g_autoptr(GPtrArray) keep = NULL;
  name_lines(cli, z, &named, &keep);
  if (stall_cli_opt(cli, "escpos")) {
    g_autoptr(GBytes) bytes = pos_zreport_escpos(&named, &st, stall_cli_width(cli), error);
    if (bytes == NULL || !stall_cli_write_escpos(cli, bytes, error))
      goto out;
  }
  if (cli->json) {
    g_autoptr(cJSON) o = wire_zreport_to_json(z);
    stall_cli_print_json(o);
  } else {
    g_autofree char *text = pos_zreport_text(&named, &st, stall_cli_width(cli), error);
    if (text == NULL)
      goto out;
    fputs(text, stdout);
  }
  rc = 0;
out:
  pos_settings_clear(&st);
  return rc;
}

int stall_cmd_open_day(StallCli *cli, GError **error)
{
  PosMoney fl = 0;
  if (stall_cli_opt(cli, "float") && !stall_cli_need_money(cli, "float", &fl, error))
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
    stall_cli_print_json(o);
  } else {
    char f[32];
    printf(_("day %s opened (session %d) with a float of %s won\n"), z.business_day, z.z_no,
           pos_money_format(z.cash_float, f, sizeof f));
  }
  pos_zreport_clear(&z);
  return 0;
}

int stall_cmd_x_report(StallCli *cli, GError **error)
{
  PosZReport z;
  if (!pos_ledger_x_report(cli->ledger, &z, error))
    return -1;
  int rc = print_zreport(cli, &z, error);
  pos_zreport_clear(&z);
  return rc;
}

int stall_cmd_close_day(StallCli *cli, GError **error)
{
  PosMoney counted;
  if (stall_cli_opt(cli, "counted-cash") == NULL)
    return stall_cli_usage_error(cli, "close-day --counted-cash WON");
  if (!stall_cli_need_money(cli, "counted-cash", &counted, error))
    return -1;
  PosZReport z;
  if (!pos_ledger_close_day_checked(cli->ledger, counted,
                                    stall_cli_opt(cli, "accept-difference") != NULL, &z, error))
    return -1;
  int rc = print_zreport(cli, &z, error);
  pos_zreport_clear(&z);
  return rc;
}

static cJSON *cash_move_json(const PosCashMove *m)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "id", (double)m->id);
  cJSON_AddNumberToObject(o, "session_id", (double)m->session_id);
  cJSON_AddNumberToObject(o, "at_ms", (double)m->at_ms);
  cJSON_AddStringToObject(o, "direction", pos_cash_direction_name(m->direction));
  cJSON_AddNumberToObject(o, "amount", (double)m->amount);
  cJSON_AddStringToObject(o, "reason", m->reason);
  return o;
}

/* stall cash in|out --amount WON --reason TEXT: one paid-in or paid-out. */
int stall_cmd_cash(StallCli *cli, GError **error)
{
  PosCashDirection dir;
  PosMoney amount;
  const char *reason = stall_cli_opt(cli, "reason");
  if (!pos_cash_direction_parse(stall_cli_arg(cli, 0), &dir) || reason == NULL
      || stall_cli_opt(cli, "amount") == NULL)
    return stall_cli_usage_error(cli, "cash in|out --amount WON --reason TEXT");
  if (!stall_cli_need_money(cli, "amount", &amount, error))
    return -1;
  g_autoptr(PosCashMove) m = NULL;
  if (!pos_ledger_cash_move(cli->ledger, dir, amount, reason, &m, error))
    return -1;
  PosZReport z;
  if (!pos_ledger_x_report(cli->ledger, &z, error))
    return -1;
  if (cli->json) {
    g_autoptr(cJSON) o = cash_move_json(m);
    cJSON_AddNumberToObject(o, "expected_cash", (double)z.expected_cash);
    stall_cli_print_json(o);
  } else {
    char a[32], e[32];
    printf(dir == POS_CASH_IN ? _("paid in %s won (%s); the drawer should now hold %s won\n")
                              : _("paid out %s won (%s); the drawer should now hold %s won\n"),
           pos_money_format(amount, a, sizeof a), reason,
           pos_money_format(z.expected_cash, e, sizeof e));
  }
  pos_zreport_clear(&z);
  return 0;
}

/*
** The cash moves of every session of one business day, one JSON line each
** as {"cash_move": {...}} so that a reader of the export tells them from
** the documents at the first key.
*/
static gboolean export_cash_moves(StallCli *cli, const char *day, GError **error)
{
  int64_t last;
  g_autoptr(GError) none = NULL;
  if (!pos_ledger_day_session(cli->ledger, day, &last, &none)) {
    if (g_error_matches(none, POS_ERROR, POS_ERROR_NOT_FOUND))
      return TRUE;
    g_propagate_error(error, g_steal_pointer(&none));
    return FALSE;
  }
  /* sessions are made one after another as time goes, so a day's are
  ** consecutive ids ending at its last one */
  for (int64_t id = last; id > 0; id--) {
    PosZReport z;
    if (!pos_ledger_session_report(cli->ledger, id, &z, error))
      return FALSE;
    gboolean same = strcmp(z.business_day, day) == 0;
    pos_zreport_clear(&z);
    if (!same)
      break;
    g_autoptr(GPtrArray) moves = pos_ledger_cash_moves(cli->ledger, id, error);
    if (moves == NULL)
      return FALSE;
    for (guint i = 0; i < moves->len; i++) {
      g_autoptr(cJSON) o = cJSON_CreateObject();
      cJSON_AddItemToObject(o, "cash_move", cash_move_json(g_ptr_array_index(moves, i)));
      stall_cli_print_json(o);
    }
  }
  return TRUE;
}

int stall_cmd_export(StallCli *cli, GError **error)
{
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(cli->ledger, stall_cli_opt(cli, "day"), error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++) {
    g_autoptr(PosSale) s = pos_ledger_load_sale(cli->ledger, g_ptr_array_index(ids, i), error);
    if (s == NULL)
      return -1;
    g_autoptr(cJSON) o = wire_sale_to_json(s);
    stall_cli_print_json(o);
  }
  const char *day = stall_cli_opt(cli, "day");
  if (day != NULL && !export_cash_moves(cli, day, error))
    return -1;
  return 0;
}

int stall_cmd_check(StallCli *cli, GError **error)
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
    stall_cli_print_json(o);
  } else {
    printf("ledger ok; outbox: %" G_GINT64_FORMAT " pending, %" G_GINT64_FORMAT " sent, %"
           G_GINT64_FORMAT " rejected\n", pending, sent, rejected);
  }
  return 0;
}