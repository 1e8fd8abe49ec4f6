/*
** stall-cli-day.c: `stall open-day`, `x-report`, `close-day`, `export` and
** `check`, the business day's cash and the ledger's own health.
**
** open-day starts the day with its counted float; x-report is the day so
** far, close-day ends it against the counted cash and prints the Z report
** (text, or ESC/POS with --escpos); export writes a day's documents as
** JSON lines; check runs the ledger's integrity checks.
*/
#include "internal/stall-cli-int.h"
#include "wire-codec.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_zreport(StallCli *cli, PosZReport *z, GError **error)
{
  PosSettings st;
  int rc = -1;
  if (!pos_ledger_get_settings(cli->ledger, &st, error))
    return -1;
  if (stall_cli_opt(cli, "escpos")) {
    g_autoptr(GBytes) bytes = pos_zreport_escpos(z, &st, stall_cli_width(cli), error);
    if (bytes == NULL || !stall_cli_write_escpos(cli, bytes, error))
      goto out;
  }
  if (cli->json) {
    g_autoptr(cJSON) o = wire_zreport_to_json(z);
    stall_cli_print_json(o);
  } else {
    g_autofree char *text = pos_zreport_text(z, &st, stall_cli_width(cli), error);
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
  if (!pos_ledger_close_day(cli->ledger, counted, &z, error))
    return -1;
  int rc = print_zreport(cli, &z, error);
  pos_zreport_clear(&z);
  return rc;
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