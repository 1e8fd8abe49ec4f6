/*
** till-model-refund.c: refunds of any day's sale, in part (issue 14).
**
** The refund dialog finds the sale by whatever the merchant has in hand:
** the receipt number typed, or the receipt's own QR scanned (the scanner
** types its payload into the field; pos_ledger_load_sale knows both).
** It then asks, line by line, how much comes back, shows the refund as it
** would be written (pos_sale_refund_parts_of on what the ledger says is
** left: nothing stored) and only then commits it through the ledger, which
** checks it again inside its own transaction.  Refusals are put in the
** merchant's words; the ledger's own text stays in the log.
*/
#include "till-model-private.h"
#include <string.h>

/* Only a sale can be refunded: a void or refund found by its number is refused here. */
PosSale *till_model_find_sale(TillModel *model, const char *text, GError **error)
{
  GError *local = NULL;
  g_autofree char *key = g_strstrip(g_strdup(text ? text : ""));
  if (*key == '\0') {
    till_model_refuse(model, error, POS_ERROR_INVALID,
                      _("Type the receipt number or scan the receipt's QR."));
    return NULL;
  }
  PosSale *sale = pos_ledger_load_sale(model->ledger, key, &local);
  if (sale == NULL) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
      g_autofree char *msg = g_strdup_printf(_("No receipt %s in this till."), key);
      till_model_fail(model, error, local, msg);
    } else {
      till_model_fail_pos(model, error, local);
    }
    return NULL;
  }
  if (sale->kind != POS_DOC_SALE) {
    till_model_refuse(model, error, POS_ERROR_STATE,
                      _("Receipt %s is itself a void or a refund: find the sale."),
                      sale->receipt_no);
    pos_sale_free(sale);
    return NULL;
  }
  return sale;
}

/* The ledger's count, with a message for the screen when it cannot be read. */
PosRefundLeft *till_model_refund_left(TillModel *model, const PosSale *sale, GError **error)
{
  GError *local = NULL;
  PosRefundLeft *left = pos_ledger_refund_left(model->ledger, sale, &local);
  if (left == NULL)
    till_model_fail_pos(model, error, local);
  return left;
}

/* The ledger's refusals of a refund, for the merchant. */
static gboolean refund_refused(TillModel *model, GError **error, GError *local)
{
  if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
    g_autofree char *msg = g_strdup_printf(
      _("Less is left to refund than that (the sale was refunded before, or voided): %s"),
      local->message);
    return till_model_fail(model, error, local, msg);
  }
  if (g_error_matches(local, POS_ERROR, POS_ERROR_INVALID)
      && strstr(local->message, "onnuri-paper") != NULL) {
    g_autofree char *msg = g_strdup(
      _("This sale was paid with paper Onnuri and no cash: give certificates back, not cash."));
    return till_model_fail(model, error, local, msg);
  }
  return till_model_fail_pos(model, error, local);
}

/* The pure builder on what is left now: the ledger repeats the check when committing. */
PosSale *till_model_refund_preview(TillModel *model, const PosSale *sale,
                                   const PosRefundPart *parts, guint n, PosTenderMethod method,
                                   GError **error)
{
  GError *local = NULL;
  if (n == 0) {
    till_model_refuse(model, error, POS_ERROR_INVALID,
                      _("Type how much of a line comes back (a number, or a weight such as "
                        "300g)."));
    return NULL;
  }
  g_autofree PosRefundLeft *left = till_model_refund_left(model, sale, error);
  if (left == NULL)
    return NULL;
  PosSale *doc = pos_sale_refund_parts_of(sale, parts, n, left, method, pos_now_ms(), NULL,
                                          &local);
  if (doc == NULL)
    refund_refused(model, error, local);
  return doc;
}

/* The refund becomes the last document (the receipt on screen); sync picks it up. */
gboolean till_model_refund_parts(TillModel *model, const char *sale_id,
                                 const PosRefundPart *parts, guint n, PosTenderMethod method,
                                 const char *reason, GError **error)
{
  GError *local = NULL;
  PosSale *doc = NULL;
  g_autofree char *r = g_strstrip(g_strdup(reason ? reason : ""));
  if (*r == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Choose or type the reason first."));
  if (!pos_ledger_refund_parts(model->ledger, sale_id, parts, n, method, r, &doc, &local))
    return refund_refused(model, error, local);
  char won[32];
  g_autofree char *msg = g_strdup_printf(_("Refund of sale %s: %s won back by %s."),
                                         doc->original_receipt_no,
                                         pos_money_format(-doc->totals.total, won, sizeof won),
                                         till_tender_label(method));
  g_clear_pointer(&model->last_sale, pos_sale_free);
  model->last_sale = doc;
  till_model_set_message(model, FALSE, msg);
  till_model_emit(model, TILL_CHANGE_SALES);
  till_model_after_document(model);
  return TRUE;
}
