/*
** stall-cli-sync.c: `stall enroll` and `stall sync`, the stall's side of
** the sync with the hub (sync-client.h, docs/sync-client.md).
**
** enroll trades a one-time code for the device's token and the market's
** taxonomy; sync pushes the outbox (or, with --status, counts it without
** the network).  Both open their own connection to the ledger's file:
** the sync client runs its own transactions.
*/
#include "internal/stall-cli-int.h"
#include "wire-codec.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* --ca-file and --allow-http, shared by enroll and sync. */
static void sync_options(StallCli *cli, SyncClientOptions *o)
{
  sync_client_options_init(o);
  o->ca_file = stall_cli_opt(cli, "ca-file");
  o->allow_insecure_http = stall_cli_opt(cli, "allow-http") != NULL;
}

/*
** The taxonomy lives in a file next to the ledger (LEDGER.taxonomy.json):
** pos/ has no table for it, and settings are a fixed, validated set.
*/
int stall_cmd_enroll(StallCli *cli, GError **error)
{
  const char *hub = stall_cli_opt(cli, "hub"), *code = stall_cli_opt(cli, "code");
  if (hub == NULL || code == NULL)
    return stall_cli_usage_error(cli, "enroll --hub URL --code CODE [--ca-file F] [--allow-http]");
  g_autofree char *path = stall_cli_ledger_path(cli);
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
    stall_cli_print_json(j);
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
static int sync_status(StallCli *cli, GError **error)
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
    stall_cli_print_json(o);
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
int stall_cmd_sync(StallCli *cli, GError **error)
{
  g_autofree char *path = stall_cli_ledger_path(cli);
  int attempts = 1;
  const char *loop = stall_cli_opt(cli, "loop");
  if (loop) {
    guint64 n;
    if (!g_ascii_string_to_unsigned(loop, 10, 1, 1000, &n, NULL))
      return stall_cli_usage_error(cli, _("sync --loop N needs N from 1 to 1000"));
    attempts = (int)n;
  }
  if (stall_cli_opt(cli, "retry-rejected")) {
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
  if (stall_cli_opt(cli, "status"))
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
    return stall_cli_report_error(cli, local, j);
  if (cli->json) {
    stall_cli_print_json(j);
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