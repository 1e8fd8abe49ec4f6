/*
** till-sync-client.c: the till's sync backend over sync/stall/sync-client.h.
**
** This file is the only place the till knows the sync client.  Each call
** runs in a worker thread (till-sync.c) and opens its own PosLedger on the
** file, as sync-client.h requires: a handle is not thread-safe, and WAL
** lets the till's own connection commit sales while this one reads the
** outbox.  The worker's connection uses POS_SYNC_NORMAL: it only writes
** outbox marks, and a mark lost to a power cut means the event goes again
** and comes back "duplicate".
**
** SYNC_ERRORs become TILL_SYNC_ERRORs by what the merchant can do about
** them: wait (offline), enroll, or call the market office (refused).
** Their text is a short sentence a merchant understands, by the sync
** client's code (never libcurl's English, "Couldn't connect to server");
** the technical detail goes to the log.
*/
#include "till-sync.h"
#include "sync-client.h"
#include <glib/gi18n.h>

/* What the merchant reads for each sync client code; NULL keeps the message. */
static const char *merchant_words(const GError *src)
{
  if (src->domain != SYNC_ERROR)
    return NULL;
  switch ((SyncErrorCode)src->code) {
  case SYNC_ERROR_OFFLINE:
    return _("The market hub cannot be reached (no internet, or the hub is down). Sales are "
             "kept and sent later.");
  case SYNC_ERROR_HTTP:
    return _("The market hub has trouble right now. Sales are kept and sent later.");
  case SYNC_ERROR_UNAUTHORIZED:
    return _("The market hub no longer knows this till. Ask the market office for a new "
             "enrollment code.");
  case SYNC_ERROR_PROTOCOL:
    return _("The market hub gave an answer this till does not understand. Sales are kept; "
             "tell the market office.");
  case SYNC_ERROR_TLS:
    return _("The connection to the market hub is not safe (its certificate). Check the "
             "computer's date and time, or tell the market office.");
  case SYNC_ERROR_NOT_ENROLLED:
    return _("This till is not enrolled with a market hub yet.");
  case SYNC_ERROR_INSECURE:
  case SYNC_ERROR_BAD_URL:
    return _("The hub address is wrong: it starts with https://.");
  case SYNC_ERROR_CODE_USED:
    return _("This enrollment code was already used or has expired: ask the market office "
             "for a new one.");
  case SYNC_ERROR_REFUSED:
    return _("The market hub refused the request: check the enrollment code.");
  case SYNC_ERROR_CANCELLED:
    return _("Sync stopped.");
  case SYNC_ERROR_NONE:
    break;
  }
  return NULL;
}

/* Picks the code the indicator needs and the merchant's words; logs the detail. */
static void to_till_error(GError *src, GError **error)
{
  int code = TILL_SYNC_ERROR_REFUSED;
  if (src->domain == SYNC_ERROR) {
    if (src->code == SYNC_ERROR_NOT_ENROLLED)
      code = TILL_SYNC_ERROR_NOT_ENROLLED;
    else if (src->code == SYNC_ERROR_CANCELLED)
      code = TILL_SYNC_ERROR_CANCELLED;
    else if (sync_error_is_transient(src))
      code = TILL_SYNC_ERROR_OFFLINE;
  }
  const char *words = merchant_words(src);
  if (words != NULL && src->code != SYNC_ERROR_CANCELLED)
    g_message("sync: %s", src->message);
  g_set_error_literal(error, TILL_SYNC_ERROR, code, words ? words : src->message);
  g_error_free(src);
}

/* The worker's own connection: see the file comment. */
static PosLedger *open_ledger(const char *path, GError **error)
{
  GError *local = NULL;
  PosLedger *ledger = pos_ledger_open_full(path, POS_SYNC_NORMAL, 0, &local);
  if (ledger == NULL)
    to_till_error(local, error);
  return ledger;
}

/*
** One push of the whole outbox, cancellable; the report is filled either
** way.
*/
static gboolean client_push(const char *ledger_path, GCancellable *cancellable,
                            TillSyncReport *out, GError **error)
{
  g_autoptr(PosLedger) ledger = open_ledger(ledger_path, error);
  if (ledger == NULL)
    return FALSE;
  SyncClientOptions o;
  SyncReport rep;
  GError *local = NULL;
  sync_client_options_init(&o);
  o.cancellable = cancellable;
  gboolean ok = sync_client_push(ledger, &o, &rep, &local);
  out->accepted = rep.accepted;
  out->duplicate = rep.duplicate;
  out->rejected = rep.rejected + rep.local_rejected;
  if (!ok)
    to_till_error(local, error);
  return ok;
}

/* Enrollment also pulls the taxonomy next to the ledger, like `stall enroll`. */
static gboolean client_enroll(const char *ledger_path, const char *hub_url, const char *code,
                              GCancellable *cancellable, GError **error)
{
  g_autoptr(PosLedger) ledger = open_ledger(ledger_path, error);
  if (ledger == NULL)
    return FALSE;
  g_autofree char *taxonomy = g_strconcat(ledger_path, ".taxonomy.json", NULL);
  SyncClientOptions o;
  SyncEnrollResult r;
  GError *local = NULL;
  sync_client_options_init(&o);
  o.cancellable = cancellable;
  o.taxonomy_path = taxonomy;
  gboolean ok = sync_client_enroll(ledger, hub_url, code, &o, &r, &local);
  if (ok)
    sync_enroll_result_clear(&r);
  else
    to_till_error(local, error);
  return ok;
}

/* One line per rejected event: what it was, and the hub's code and words. */
static GPtrArray *client_list_rejected(const char *ledger_path, GError **error)
{
  g_autoptr(PosLedger) ledger = open_ledger(ledger_path, error);
  if (ledger == NULL)
    return NULL;
  GError *local = NULL;
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_rejected(ledger, &local);
  if (rows == NULL) {
    to_till_error(local, error);
    return NULL;
  }
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < rows->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(rows, i);
    g_ptr_array_add(lines, g_strdup_printf("%s %s: %s: %s", pos_event_kind_name(r->kind),
                                           r->ref ? r->ref : "",
                                           r->reject_code ? r->reject_code : "",
                                           r->reject_message ? r->reject_message : ""));
  }
  return lines;
}

/* The three functions above, static. */
const TillSyncBackend *till_sync_backend_default(void)
{
  static const TillSyncBackend backend = {client_push, client_enroll, client_list_rejected};
  return &backend;
}
