/*
** till-model-print.c: the till's receipts and Z reports through the
** ledger's print queue (pos-ledger.h, docs/DEVICES.md "The print queue").
**
** A job is stored in the ledger before the printer is tried, after the
** sale was committed, so a receipt that could not print (paper out, cover
** open, printer off) is never lost: it stays queued with the printer's
** error and prints on "retry".  The stored bytes never hold a drawer kick;
** the kick goes in front of the bytes sent on the first print of a cash
** sale only, and a receipt the ledger queued before is a reprint, which
** never opens the drawer.  Nothing here touches a device: the worker in
** till-print.c does, and its outcome comes back through
** till_model_print_record().
*/
#include "till-model-private.h"

/* The kick for the first print of a sale taken (partly) in cash, or NULL. */
static GBytes *first_print_kick(TillModel *model, const PosSale *sale, GError **error)
{
  gboolean cash = FALSE;
  for (guint i = 0; i < sale->tenders->len; i++)
    cash |= ((const PosTender *)g_ptr_array_index(sale->tenders, i))->method
            == POS_TENDER_CASH;
  if (!cash || sale->kind != POS_DOC_SALE)
    return NULL;
  return pos_escpos_kick(model->settings.drawer_pin, model->settings.drawer_pulse_ms, error);
}

/* Stores bytes as a job and reads it back (the number, the printer). */
static PosPrintJob *enqueue(TillModel *model, PosPrintKind kind, const char *ref, GBytes *bytes,
                            GError **error)
{
  GError *local = NULL;
  int64_t id = 0;
  const char *printer = till_model_printer(model, error);
  if (printer == NULL)
    return NULL;
  PosPrintJob *job = NULL;
  if (pos_ledger_print_enqueue(model->ledger, kind, ref, printer, bytes, &id, &local))
    job = pos_ledger_print_job(model->ledger, id, &local);
  if (job == NULL)
    till_model_fail_pos(model, error, local);
  return job;
}

/*
** The ledger says whether the receipt was queued before (then this is a
** reprint and never kicks), whatever the caller thinks; first_print only
** narrows it further (the receipt dialog right after the sale).
*/
PosPrintJob *till_model_queue_receipt(TillModel *model, const PosSale *sale,
                                      gboolean first_print, GBytes **send, GError **error)
{
  GError *local = NULL;
  gboolean before = FALSE;
  *send = NULL;
  if (!pos_ledger_print_seen(model->ledger, POS_PRINT_RECEIPT, sale->id, &before, &local)) {
    till_model_fail_pos(model, error, local);
    return NULL;
  }
  g_autoptr(GBytes) bytes = till_model_receipt_escpos(model, sale, FALSE, error);
  g_autoptr(GBytes) kick = NULL;
  if (bytes == NULL)
    return NULL;
  if (first_print && !before && (kick = first_print_kick(model, sale, &local)) == NULL
      && local != NULL) {
    till_model_fail_pos(model, error, local);
    return NULL;
  }
  PosPrintJob *job = enqueue(model, POS_PRINT_RECEIPT, sale->id, bytes, error);
  if (job == NULL)
    return NULL;
  if (kick == NULL) {
    *send = g_bytes_ref(job->bytes);
  } else {
    g_autoptr(GByteArray) both = g_byte_array_new();
    g_byte_array_append(both, g_bytes_get_data(kick, NULL), (guint)g_bytes_get_size(kick));
    g_byte_array_append(both, g_bytes_get_data(job->bytes, NULL),
                        (guint)g_bytes_get_size(job->bytes));
    *send = g_byte_array_free_to_bytes(g_steal_pointer(&both));
  }
  return job;
}

/* The Z report's job names its day session, as `stall print --z` does. */
PosPrintJob *till_model_queue_zreport(TillModel *model, const PosZReport *z, GError **error)
{
  g_autoptr(GBytes) bytes = till_model_zreport_escpos(model, z, error);
  if (bytes == NULL)
    return NULL;
  g_autofree char *ref = g_strdup_printf("%lld", (long long)z->session_id);
  return enqueue(model, POS_PRINT_ZREPORT, ref, bytes, error);
}

/*
** The printer's own trouble in the merchant's words: what happened and
** what to do, with the promise that the receipt is kept.  Codes that are
** not the printer's (a bad URI) keep the module's message.
*/
char *till_model_printer_trouble(const GError *failure)
{
  const char *what = NULL;
  if (failure->domain == POS_ERROR) {
    switch (failure->code) {
    case POS_ERROR_PAPER_OUT:
      what = _("The printer is out of paper. Load paper, then press Retry.");
      break;
    case POS_ERROR_COVER_OPEN:
      what = _("The printer's cover is open. Close it, then press Retry.");
      break;
    case POS_ERROR_PRINTER_OFFLINE:
      what = _("The printer is offline. Check it, then press Retry.");
      break;
    case POS_ERROR_DEVICE_TIMEOUT:
      what = _("The printer does not answer. Check that it is on, then press Retry.");
      break;
    case POS_ERROR_DEVICE:
      what = _("The printer cannot be reached. Check its cable and power, then press Retry.");
      break;
    default:
      break;
    }
  }
  if (what == NULL)
    return g_strdup_printf(_("The printer did not print: %s"), failure->message);
  return g_strdup_printf(_("%s The receipt is kept."), what);
}

/* The attempt goes into the ledger first, then onto the message line. */
gboolean till_model_print_record(TillModel *model, int64_t id, const GError *failure,
                                 GError **error)
{
  GError *local = NULL;
  if (!pos_ledger_print_attempt(model->ledger, id, failure == NULL,
                                failure ? pos_error_code_name(failure->code) : NULL,
                                failure ? failure->message : NULL, &local))
    return till_model_fail_pos(model, error, local);
  if (failure == NULL) {
    till_model_set_message(model, FALSE, _("Printed."));
  } else {
    g_autofree char *msg = till_model_printer_trouble(failure);
    till_model_set_message(model, TRUE, msg);
  }
  till_model_emit(model, TILL_CHANGE_PRINT);
  return TRUE;
}

/* Oldest first, so a retry prints receipts in the order they were sold. */
GPtrArray *till_model_print_queued(TillModel *model, GError **error)
{
  GError *local = NULL;
  GPtrArray *jobs = pos_ledger_print_queued(model->ledger, &local);
  if (jobs == NULL)
    till_model_fail_pos(model, error, local);
  return jobs;
}

/*
** The reason is logged before anything is sent (pos_ledger_drawer_log
** refuses an empty or over-long one), so an opening never lacks its line
** in the log; the kick is made from the drawer settings (pin, pulse).
*/
GBytes *till_model_drawer_open(TillModel *model, const char *reason, GError **error)
{
  GError *local = NULL;
  g_autofree char *why = g_strstrip(g_strdup(reason ? reason : ""));
  if (*why == '\0') {
    till_model_refuse(model, error, POS_ERROR_INVALID,
                      _("Say why the drawer opens: touch a reason or type one."));
    return NULL;
  }
  if (till_model_printer(model, error) == NULL)
    return NULL;
  GBytes *kick = pos_escpos_kick(model->settings.drawer_pin, model->settings.drawer_pulse_ms,
                                 &local);
  if (kick == NULL || !pos_ledger_drawer_log(model->ledger, why, NULL, &local)) {
    g_clear_pointer(&kick, g_bytes_unref);
    till_model_fail_pos(model, error, local);
    return NULL;
  }
  return kick;
}
