/*
** till-model-pay.c: taking the money, committing the sale, receipts.
**
** Tenders go straight into the ledger's cart (pos_cart_add_tender), so the
** split tender on screen is exactly what pos_ledger_commit_sale() will
** settle: the screen's "still due" and "change" come from the same
** pos_cart_settle() that guards the commit.  The checks made here first
** only exist to say, in the merchant's words, why the ledger would refuse.
*/
#include "till-model-private.h"
#include <string.h>

/* The ledger's labels are Korean only; the till's follow the language. */
const char *till_tender_label(PosTenderMethod method)
{
  switch (method) {
  case POS_TENDER_CASH: return _("Cash");
  case POS_TENDER_CARD: return _("Card");
  case POS_TENDER_ZEROPAY: return _("Zero Pay");
  case POS_TENDER_ONNURI_PAPER: return _("Onnuri paper");
  case POS_TENDER_ONNURI_CARD: return _("Onnuri card");
  case POS_TENDER_ONNURI_MOBILE: return _("Onnuri mobile");
  case POS_TENDER_TRANSFER: return _("Bank transfer");
  case POS_TENDER_N: break;
  }
  return "?";
}

/* The notes a customer hands over: 1,000, 5,000, 10,000 and 50,000 won. */
const PosMoney *till_quick_cash(void)
{
  static const PosMoney amounts[] = {1000, 5000, 10000, 50000, 0};
  return amounts;
}

/* A payment starts clean: tenders from an abandoned attempt are dropped. */
gboolean till_model_pay_begin(TillModel *model, GError **error)
{
  PosTotals t;
  GError *local = NULL;
  if (pos_cart_n_lines(model->cart) == 0)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The sale is empty: add a product first."));
  if (!pos_cart_totals(model->cart, &t, &local))
    return till_model_fail_pos(model, error, local);
  pos_cart_clear_tenders(model->cart);
  model->paying = TRUE;
  g_clear_pointer(&model->pending, pos_product_free);
  till_model_set_message(model, FALSE, "");
  till_model_emit(model, TILL_CHANGE_PAYMENT);
  return TRUE;
}

/* Whether a payment is in progress. */
gboolean till_model_paying(TillModel *model)
{
  return model->paying;
}

/* Back to the sale, as it was. */
void till_model_pay_cancel(TillModel *model)
{
  pos_cart_clear_tenders(model->cart);
  model->paying = FALSE;
  till_model_emit(model, TILL_CHANGE_PAYMENT);
}

/* The tenders taken so far. */
guint till_model_pay_n_tenders(TillModel *model)
{
  return pos_cart_n_tenders(model->cart);
}

/* One tender taken so far. */
const PosTender *till_model_pay_tender(TillModel *model, guint index)
{
  return pos_cart_tender(model->cart, index);
}

/* Face values summed: what the customer handed over. */
PosMoney till_model_pay_paid(TillModel *model)
{
  PosMoney paid = 0;
  for (guint i = 0; i < pos_cart_n_tenders(model->cart); i++)
    paid += pos_cart_tender(model->cart, i)->amount;
  return paid;
}

/* What is still to take, never negative. */
PosMoney till_model_pay_due(TillModel *model)
{
  PosTotals t;
  till_model_totals(model, &t);
  PosMoney paid = till_model_pay_paid(model);
  return paid >= t.total ? 0 : t.total - paid;
}

/* The ledger's own settlement decides the change (the Onnuri rule included). */
PosMoney till_model_pay_change(TillModel *model)
{
  PosTotals t;
  PosSettlement s;
  return pos_cart_settle(model->cart, &t, &s, NULL) ? s.change : 0;
}

/* Sum of the tenders that can never give change (card, Zero Pay, ...). */
static PosMoney electronic_paid(TillModel *model)
{
  PosMoney sum = 0;
  for (guint i = 0; i < pos_cart_n_tenders(model->cart); i++) {
    const PosTender *t = pos_cart_tender(model->cart, i);
    if (t->method != POS_TENDER_CASH && t->method != POS_TENDER_ONNURI_PAPER)
      sum += t->amount;
  }
  return sum;
}

/* Checks in the merchant's terms first; the cart checks again. */
gboolean till_model_pay_add(TillModel *model, PosTenderMethod method, const char *amount,
                            const char *ref, GError **error)
{
  PosMoney won;
  GError *local = NULL;
  char a[32];
  g_autofree char *r = g_strstrip(g_strdup(ref ? ref : ""));
  if ((unsigned)method >= POS_TENDER_N)
    return till_model_refuse(model, error, POS_ERROR_INVALID, _("Choose how the customer pays."));
  if (pos_cart_n_lines(model->cart) == 0)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The sale is empty: add a product first."));
  if (!till_model_parse_money(model, amount, &won, error))
    return FALSE;
  if (won == 0)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The amount must be more than 0 won."));
  if (pos_tender_method_needs_ref(method) && *r == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Type the approval number of the %s payment."),
                             till_tender_label(method));
  if (*r && (strlen(r) > 40 || strspn(r, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "abcdefghijklmnopqrstuvwxyz-") != strlen(r)))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The approval number may hold only letters, digits and '-' (at "
                               "most 40)."));
  if (method != POS_TENDER_CASH && method != POS_TENDER_ONNURI_PAPER) {
    PosTotals t;
    till_model_totals(model, &t);
    if (electronic_paid(model) + won > t.total)
      return till_model_refuse(model, error, POS_ERROR_OVERPAID,
                               _("%s gives no change: at most %s won can be paid this way."),
                               till_tender_label(method),
                               pos_money_format(t.total - electronic_paid(model), a, sizeof a));
  }
  if (!pos_cart_add_tender(model->cart, method, won, *r ? r : NULL, &local))
    return till_model_fail_pos(model, error, local);
  model->paying = TRUE;
  till_model_set_message(model, FALSE, "");
  till_model_emit(model, TILL_CHANGE_PAYMENT);
  return TRUE;
}

/* The cart can only clear its tenders: put back all but one. */
gboolean till_model_pay_remove(TillModel *model, guint index, GError **error)
{
  guint n = pos_cart_n_tenders(model->cart);
  if (index >= n)
    return till_model_refuse(model, error, POS_ERROR_NOT_FOUND, _("No such payment."));
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
  g_autofree PosTender *copies = g_new0(PosTender, n);
  for (guint i = 0; i < n; i++) {
    copies[i] = *pos_cart_tender(model->cart, i);
    g_ptr_array_add(keep, g_strdup(copies[i].ref));
  }
  pos_cart_clear_tenders(model->cart);
  for (guint i = 0; i < n; i++)
    if (i != index)
      pos_cart_add_tender(model->cart, copies[i].method, copies[i].amount,
                          g_ptr_array_index(keep, i), NULL);
  till_model_emit(model, TILL_CHANGE_PAYMENT);
  return TRUE;
}

/*
** A cash receipt (현금영수증) must be issued on request; issuing needs the
** network, so the request rides with the sale to the hub (docs/DOMAIN.md,
** Cash receipts).
*/
gboolean till_model_set_cash_receipt(TillModel *model, const char *identifier, GError **error)
{
  GError *local = NULL;
  if (pos_cart_set_cash_receipt(model->cart, identifier, &local))
    return TRUE;
  g_autofree char *msg = g_strdup(_("The cash-receipt number is 10 to 18 digits: a phone, "
                                    "business or card number."));
  return till_model_fail(model, error, local, msg);
}

/* Says why the ledger's settlement refused, in the merchant's words. */
static gboolean settle_failed(TillModel *model, const PosTotals *t, GError *local,
                              GError **error)
{
  char a[32], b[32], c[32];
  PosMoney paid = till_model_pay_paid(model);
  g_autofree char *msg = NULL;
  switch (local->domain == POS_ERROR ? local->code : 0) {
  case POS_ERROR_UNDERPAID:
    msg = g_strdup_printf(_("%s won short: %s of %s won paid."),
                          pos_money_format(t->total - paid, a, sizeof a),
                          pos_money_format(paid, b, sizeof b),
                          pos_money_format(t->total, c, sizeof c));
    break;
  case POS_ERROR_OVERPAID:
    msg = electronic_paid(model) > t->total
            ? g_strdup(_("Card and other electronic payments are more than the total: they "
                         "cannot give change."))
            : g_strdup(_("The Onnuri certificates already cover the total: take no cash."));
    break;
  case POS_ERROR_ONNURI_CHANGE:
    msg = g_strdup_printf(_("Paper Onnuri gives change in cash only once %d%% of its value is "
                            "spent. Take fewer certificates, or add goods."),
                          model->settings.onnuri_change_pct);
    break;
  case POS_ERROR_INVALID:
    if (pos_cart_n_lines(model->cart) == 0)
      msg = g_strdup(_("The sale is empty: add a product first."));
    break;
  default:
    break;
  }
  if (msg == NULL)
    return till_model_fail_pos(model, error, local);
  return till_model_fail(model, error, local, msg);
}

/*
** The commit.  pos_ledger_commit_sale() returns only once the sale and its
** outbox event are on disk (synchronous=FULL); the cart is then empty and
** the stored document becomes the receipt on screen.
*/
gboolean till_model_pay_commit(TillModel *model, GError **error)
{
  PosTotals t;
  PosSettlement s;
  GError *local = NULL;
  if (!pos_cart_settle(model->cart, &t, &s, &local))
    return settle_failed(model, &t, local, error);
  PosSale *sale = NULL;
  if (!pos_ledger_commit_sale(model->ledger, model->cart, &sale, &local))
    return till_model_fail_pos(model, error, local);
  g_clear_pointer(&model->last_sale, pos_sale_free);
  model->last_sale = sale;
  model->paying = FALSE;
  model->selected = -1;
  char change[32];
  g_autofree char *msg = g_strdup_printf(_("Sale %s stored. Change: %s won."), sale->receipt_no,
                                         pos_money_format(s.change, change, sizeof change));
  till_model_set_message(model, FALSE, msg);
  till_model_emit(model, TILL_CHANGE_CART | TILL_CHANGE_PAYMENT | TILL_CHANGE_SALES);
  till_model_after_document(model);
  return TRUE;
}

/* The document on screen. */
const PosSale *till_model_last_sale(TillModel *model)
{
  return model->last_sale;
}

/* ---- Receipts ---------------------------------------------------------------- */

/*
** The columns of the stall's paper (setting printer_width: 32 on 58 mm,
** 42 on 80 mm); the screen shows the receipt as the printer lays it out.
*/
static int receipt_width(const TillModel *model)
{
  return model->settings.printer_width_mm == 80 ? 42 : 32;
}

/* The ledger's receipt layout, as printed. */
char *till_model_receipt_text(TillModel *model, const PosSale *sale, GError **error)
{
  return pos_receipt_text(sale, &model->settings, receipt_width(model), error);
}

/* The receipt's QR payload (hub URL or urn:uuid). */
/*
** Only an enrolled till's QR leads somewhere a customer's phone can open
** (the hub's receipt page); before, it would be a bare id, so the screen
** shows none rather than ask the customer to scan it.
*/
char *till_model_receipt_qr(TillModel *model, const PosSale *sale)
{
  return model->enrolled ? pos_receipt_qr_payload(sale, &model->settings) : NULL;
}

/*
** The printer settings (Korean drawn or as text, the QR mode, the drawer's
** pin and pulse) at the till's receipt width, which the screen shows too.
*/
static void escpos_options(TillModel *model, PosEscposOptions *o)
{
  pos_escpos_options_from_settings(&model->settings, o);
  o->width = receipt_width(model);
}

/*
** The drawer opens for the first print of a sale taken (partly) in cash
** when first_print; the print queue (till-model-print.c) asks without.
*/
GBytes *till_model_receipt_escpos(TillModel *model, const PosSale *sale, gboolean first_print,
                                  GError **error)
{
  PosEscposOptions o;
  gboolean cash = FALSE;
  for (guint i = 0; i < sale->tenders->len; i++)
    cash |= ((const PosTender *)g_ptr_array_index(sale->tenders, i))->method
            == POS_TENDER_CASH;
  escpos_options(model, &o);
  if (first_print && cash && sale->kind == POS_DOC_SALE)
    o.kick_pin = model->settings.drawer_pin;
  return pos_receipt_escpos_with(sale, &model->settings, &o, error);
}

static void named_total_free(PosLineTotal *t)
{
  g_free(t->line_code);
  g_free(t);
}

/*
** The report with each product line under its Korean name (the market's
** taxonomy, else the built-in names: till_model_line_label) instead of its
** code, which means nothing to a merchant.  pos/ keeps no taxonomy, so the
** till lays out a copy whose by_line entries carry the names; the figures
** are the same.  The copy borrows everything else from z.
*/
static PosZReport named_report(TillModel *model, const PosZReport *z, GPtrArray **keep)
{
  PosZReport named = *z;
  *keep = g_ptr_array_new_with_free_func((GDestroyNotify)named_total_free);
  for (guint i = 0; z->by_line != NULL && i < z->by_line->len; i++) {
    const PosLineTotal *t = g_ptr_array_index(z->by_line, i);
    PosLineTotal *n = g_new0(PosLineTotal, 1);
    n->line_code = g_strdup(t->line_code ? till_model_line_label(model, t->line_code) : "-");
    n->amount = t->amount;
    g_ptr_array_add(*keep, n);
  }
  named.by_line = *keep;
  return named;
}

/* The Z report for the printer, product lines by name. */
GBytes *till_model_zreport_escpos(TillModel *model, const PosZReport *z, GError **error)
{
  PosEscposOptions o;
  g_autoptr(GPtrArray) keep = NULL;
  PosZReport named = named_report(model, z, &keep);
  escpos_options(model, &o);
  return pos_zreport_escpos_with(&named, &model->settings, &o, error);
}

/* The Z report as printed, product lines by name. */
char *till_model_zreport_text(TillModel *model, const PosZReport *z, GError **error)
{
  g_autoptr(GPtrArray) keep = NULL;
  PosZReport named = named_report(model, z, &keep);
  return pos_zreport_text(&named, &model->settings, receipt_width(model), error);
}

/* No printer set is said, not silently skipped. */
const char *till_model_printer(TillModel *model, GError **error)
{
  const char *p = model->settings.printer_path;
  if (p == NULL || *p == '\0') {
    till_model_refuse(model, error, POS_ERROR_IO, _("No printer is set: choose one in Settings."));
    return NULL;
  }
  return p;
}
