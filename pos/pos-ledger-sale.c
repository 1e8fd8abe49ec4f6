/*
** pos-ledger-sale.c: committing sales, voids and refunds; loading them.
**
** A commit is one BEGIN IMMEDIATE transaction that writes the document, its
** lines, its tenders and its outbox event, then COMMIT with
** synchronous=FULL.  The document is fully built and checked in memory first
** (pos_sale_check), so the transaction holds only inserts and is short.
** A void or refund is built from the stored original, never from the
** caller's idea of it, and is checked against earlier voids and refunds
** inside the same transaction.
*/
#include "pos-int.h"
#include <string.h>

gboolean pos_ledger_outbox_add(PosLedger *ledger, PosEventKind kind, const char *ref,
                               int64_t now_ms, GError **error)
{
  char id[POS_UUID_LEN + 1];
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "INSERT INTO outbox(event_id, kind, ref, created_ms) VALUES(?1, ?2, ?3, ?4)",
    error);
  if (st == NULL)
    return FALSE;
  pos_uuid7(now_ms, id);
  sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, pos_event_kind_name(kind), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, ref, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 4, now_ms);
  return pos_ledger_step_done(ledger, st, "queueing the event", error);
}

static gboolean next_day_seq(PosLedger *ledger, const char *day, int *seq, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "SELECT coalesce(max(day_seq), 0) + 1 FROM doc WHERE business_day = ?1", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "numbering", error);
  }
  *seq = sqlite3_column_int(st, 0);
  sqlite3_reset(st);
  return TRUE;
}

/* Inserts doc, lines, tenders and the outbox event; inside a transaction. */
static gboolean write_doc(PosLedger *ledger, PosSale *s, GError **error)
{
  int seq = 0;
  char day_compact[9];
  if (!pos_ledger_ensure_session(ledger, s->device_time_ms, &s->session_id, error)
      || !next_day_seq(ledger, s->business_day, &seq, error))
    return FALSE;
  g_snprintf(day_compact, sizeof day_compact, "%.4s%.2s%.2s", s->business_day,
             s->business_day + 5, s->business_day + 8);
  g_snprintf(s->receipt_no, sizeof s->receipt_no, "%s-%s-%04d", ledger->device_id,
             day_compact, seq);

  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "INSERT INTO doc(id, kind, original_id, receipt_no, business_day, day_seq, device_ms,"
    " session_id, lines_sum, rounding, line_discounts, sale_discount, total, taxable,"
    " supply, vat, exempt, paid, change, sale_discount_reason, reason, cash_receipt_id)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)",
    error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, pos_doc_kind_name(s->kind), -1, SQLITE_STATIC);
  if (s->kind != POS_DOC_SALE)
    sqlite3_bind_text(st, 3, s->original_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, s->receipt_no, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, s->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 6, seq);
  sqlite3_bind_int64(st, 7, s->device_time_ms);
  sqlite3_bind_int64(st, 8, s->session_id);
  const PosTotals *t = &s->totals;
  const PosMoney sums[] = {t->lines, t->rounding, t->line_discounts, t->sale_discount,
                           t->total, t->taxable, t->supply, t->vat, t->exempt,
                           s->settlement.paid, s->settlement.change};
  for (int i = 0; i < (int)G_N_ELEMENTS(sums); i++)
    sqlite3_bind_int64(st, 9 + i, sums[i]);
  sqlite3_bind_text(st, 20, s->sale_discount_reason, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 21, s->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 22, s->cash_receipt_id, -1, SQLITE_STATIC);
  if (!pos_ledger_step_done(ledger, st, "saving the sale", error))
    return FALSE;

  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    st = pos_ledger_stmt(
      ledger,
      "INSERT INTO doc_line(doc_id, line_no, product_id, plu, name, line_code, unit, tax,"
      " list_price, unit_price, override_reason, qty_milli, amount, rounding, line_discount,"
      " discount_reason, sale_discount_share, net, refunded_from, fixed_amount)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)",
      error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)i);
    if (l->product_id > 0)
      sqlite3_bind_int64(st, 3, l->product_id);
    sqlite3_bind_int(st, 4, l->plu);
    sqlite3_bind_text(st, 5, l->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, l->line_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, l->unit == POS_UNIT_KG ? "kg" : "piece", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, l->list_price);
    sqlite3_bind_int64(st, 10, l->unit_price);
    sqlite3_bind_text(st, 11, l->override_reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, l->qty_milli);
    sqlite3_bind_int64(st, 13, l->amount);
    sqlite3_bind_int64(st, 14, l->rounding);
    sqlite3_bind_int64(st, 15, l->line_discount);
    sqlite3_bind_text(st, 16, l->discount_reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 17, l->sale_discount_share);
    sqlite3_bind_int64(st, 18, l->net);
    sqlite3_bind_int(st, 19, l->refunded_from);
    sqlite3_bind_int(st, 20, l->fixed_amount);
    if (!pos_ledger_step_done(ledger, st, "saving a sale line", error))
      return FALSE;
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *tn = g_ptr_array_index(s->tenders, i);
    st = pos_ledger_stmt(ledger,
                         "INSERT INTO doc_tender(doc_id, seq, method, amount, ref)"
                         " VALUES(?1,?2,?3,?4,?5)", error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)i);
    sqlite3_bind_text(st, 3, pos_tender_method_name(tn->method), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, tn->amount);
    sqlite3_bind_text(st, 5, tn->ref, -1, SQLITE_STATIC);
    if (!pos_ledger_step_done(ledger, st, "saving a tender", error))
      return FALSE;
  }
  PosEventKind kind = s->kind == POS_DOC_SALE   ? POS_EVENT_SALE
                      : s->kind == POS_DOC_VOID ? POS_EVENT_VOID
                                                : POS_EVENT_REFUND;
  return pos_ledger_outbox_add(ledger, kind, s->id, s->device_time_ms, error);
}

/* Writes a checked document in its own transaction. */
static gboolean commit_doc(PosLedger *ledger, PosSale *s, GError **error)
{
  if (!pos_ledger_check_stall(ledger, error))
    return FALSE;
  if (!pos_sale_check(s, error) || !pos_ledger_begin(ledger, error))
    return FALSE;
  if (!write_doc(ledger, s, error) || !pos_ledger_commit(ledger, error)) {
    pos_ledger_rollback(ledger);
    return FALSE;
  }
  return TRUE;
}

gboolean pos_ledger_commit_sale(PosLedger *ledger, PosCart *cart, PosSale **out,
                                GError **error)
{
  g_autoptr(PosSale) s = pos_sale_from_cart(cart, pos_now_ms(), error);
  if (s == NULL || !commit_doc(ledger, s, error))
    return FALSE;
  pos_cart_clear(cart);
  if (out)
    *out = g_steal_pointer(&s);
  return TRUE;
}

/* ---- Loading ---------------------------------------------------------- */

static gboolean load_children(PosLedger *ledger, PosSale *s, GError **error)
{
  int rc;
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT product_id, plu, name, line_code, unit, tax, list_price, unit_price,"
    " override_reason, qty_milli, amount, rounding, line_discount, discount_reason,"
    " sale_discount_share, net, refunded_from, fixed_amount"
    " FROM doc_line WHERE doc_id = ?1 ORDER BY line_no", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    PosLine *l = g_new0(PosLine, 1);
    l->product_id = sqlite3_column_int64(st, 0);
    l->plu = sqlite3_column_int(st, 1);
    l->name = pos_col_strdup(st, 2);
    l->line_code = pos_col_strdup(st, 3);
    l->unit = pos_col_unit(st, 4);
    l->tax = pos_col_tax(st, 5);
    l->list_price = sqlite3_column_int64(st, 6);
    l->unit_price = sqlite3_column_int64(st, 7);
    l->override_reason = pos_col_strdup(st, 8);
    l->qty_milli = sqlite3_column_int64(st, 9);
    l->amount = sqlite3_column_int64(st, 10);
    l->rounding = sqlite3_column_int64(st, 11);
    l->line_discount = sqlite3_column_int64(st, 12);
    l->discount_reason = pos_col_strdup(st, 13);
    l->sale_discount_share = sqlite3_column_int64(st, 14);
    l->net = sqlite3_column_int64(st, 15);
    l->refunded_from = sqlite3_column_int(st, 16);
    l->fixed_amount = sqlite3_column_int(st, 17) != 0;
    g_ptr_array_add(s->lines, l);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading lines", error);
  st = pos_ledger_stmt(ledger, "SELECT method, amount, ref FROM doc_tender WHERE doc_id = ?1"
                               " ORDER BY seq", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    PosTender *t = g_new0(PosTender, 1);
    pos_tender_method_parse((const char *)sqlite3_column_text(st, 0), &t->method);
    t->amount = sqlite3_column_int64(st, 1);
    t->ref = pos_col_strdup(st, 2);
    g_ptr_array_add(s->tenders, t);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading tenders",
                       error);
  return TRUE;
}

PosSale *pos_ledger_load_sale(PosLedger *ledger, const char *key, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT id, kind, original_id, receipt_no, business_day, device_ms, session_id,"
    " lines_sum, rounding, line_discounts, sale_discount, total, taxable, supply, vat,"
    " exempt, paid, change, sale_discount_reason, reason, cash_receipt_id,"
    " (SELECT o.receipt_no FROM doc o WHERE o.id = doc.original_id)"
    " FROM doc WHERE id = ?1 OR receipt_no = ?1", error);
  if (st == NULL)
    return NULL;
  char qr_id[POS_UUID_LEN + 1];
  sqlite3_bind_text(st, 1, pos_receipt_qr_id(key, qr_id) ? qr_id : key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
      g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no sale with id or receipt number '%s'",
                  key);
    else
      pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading a sale", error);
    return NULL;
  }
  g_autoptr(PosSale) s = pos_sale_new();
  g_strlcpy(s->id, (const char *)sqlite3_column_text(st, 0), sizeof s->id);
  const char *kind = (const char *)sqlite3_column_text(st, 1);
  s->kind = strcmp(kind, "void") == 0     ? POS_DOC_VOID
            : strcmp(kind, "refund") == 0 ? POS_DOC_REFUND
                                          : POS_DOC_SALE;
  if (sqlite3_column_type(st, 2) != SQLITE_NULL)
    g_strlcpy(s->original_id, (const char *)sqlite3_column_text(st, 2), sizeof s->original_id);
  g_strlcpy(s->receipt_no, (const char *)sqlite3_column_text(st, 3), sizeof s->receipt_no);
  g_strlcpy(s->business_day, (const char *)sqlite3_column_text(st, 4), sizeof s->business_day);
  s->device_time_ms = sqlite3_column_int64(st, 5);
  s->session_id = sqlite3_column_int64(st, 6);
  PosMoney *sums[] = {&s->totals.lines, &s->totals.rounding, &s->totals.line_discounts,
                      &s->totals.sale_discount, &s->totals.total, &s->totals.taxable,
                      &s->totals.supply, &s->totals.vat, &s->totals.exempt,
                      &s->settlement.paid, &s->settlement.change};
  for (int i = 0; i < (int)G_N_ELEMENTS(sums); i++)
    *sums[i] = sqlite3_column_int64(st, 7 + i);
  s->sale_discount_reason = pos_col_strdup(st, 18);
  s->reason = pos_col_strdup(st, 19);
  s->cash_receipt_id = pos_col_strdup(st, 20);
  if (sqlite3_column_type(st, 21) != SQLITE_NULL)
    g_strlcpy(s->original_receipt_no, (const char *)sqlite3_column_text(st, 21),
              sizeof s->original_receipt_no);
  sqlite3_reset(st);
  if (!load_children(ledger, s, error))
    return NULL;
  return g_steal_pointer(&s);
}

static gpointer sale_id_from_row(sqlite3_stmt *st)
{
  return pos_col_strdup(st, 0);
}

GPtrArray *pos_ledger_list_sales(PosLedger *ledger, const char *business_day, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "SELECT id FROM doc WHERE ?1 IS NULL OR business_day = ?1 ORDER BY rowid", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text(st, 1, business_day, -1, SQLITE_STATIC);
  return pos_ledger_list(ledger, st, sale_id_from_row, g_free, "listing sales", error);
}

/* ---- Voids and refunds ------------------------------------------------- */

/*
** Loads the original inside the write transaction and checks what was
** already undone: a void is refused after a void or any refund; a refund
** line is refused when a void or an earlier refund already took it.
*/
static PosSale *load_original(PosLedger *ledger, const char *sale_id, GHashTable *taken,
                              gboolean *voided, GError **error)
{
  PosSale *orig = pos_ledger_load_sale(ledger, sale_id, error);
  if (orig == NULL)
    return NULL;
  if (orig->kind != POS_DOC_SALE) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                "%s is a %s, not a sale: only sales can be voided or refunded",
                orig->receipt_no, pos_doc_kind_name(orig->kind));
    pos_sale_free(orig);
    return NULL;
  }
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT d.kind, l.refunded_from FROM doc d JOIN doc_line l ON l.doc_id = d.id"
    " WHERE d.original_id = ?1", error);
  if (st == NULL) {
    pos_sale_free(orig);
    return NULL;
  }
  sqlite3_bind_text(st, 1, orig->id, -1, SQLITE_STATIC);
  *voided = FALSE;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (strcmp((const char *)sqlite3_column_text(st, 0), "void") == 0)
      *voided = TRUE;
    g_hash_table_add(taken, GINT_TO_POINTER(sqlite3_column_int(st, 1) + 1));
  }
  sqlite3_reset(st);
  return orig;
}

/*
** The start void and refund share: the stall is known, the write
** transaction is open and the original is loaded with what was already
** undone (load_original).  Refused for both after a void; a void (is_void)
** is refused too after any refund, a refund checks its own lines in taken.
** NULL with the transaction rolled back.
*/
static PosSale *undo_begin(PosLedger *ledger, const char *sale_id, GHashTable *taken,
                           gboolean is_void, GError **error)
{
  gboolean voided;
  if (!pos_ledger_check_stall(ledger, error) || !pos_ledger_begin(ledger, error))
    return NULL;
  PosSale *orig = load_original(ledger, sale_id, taken, &voided, error);
  if (orig != NULL && (voided || (is_void && g_hash_table_size(taken) > 0))) {
    if (is_void)
      g_set_error(error, POS_ERROR, POS_ERROR_STATE, "%s was already %s", orig->receipt_no,
                  voided ? "voided" : "partly refunded: refund the rest instead");
    else
      g_set_error(error, POS_ERROR, POS_ERROR_STATE, "%s was voided", orig->receipt_no);
    g_clear_pointer(&orig, pos_sale_free);
  }
  if (orig == NULL)
    pos_ledger_rollback(ledger);
  return orig;
}

/* Checks and writes an undo document inside the open transaction, commits. */
static gboolean undo_finish(PosLedger *ledger, PosSale *doc, PosSale **out, GError **error)
{
  if (!pos_sale_check(doc, error) || !write_doc(ledger, doc, error)
      || !pos_ledger_commit(ledger, error)) {
    pos_ledger_rollback(ledger);
    pos_sale_free(doc);
    return FALSE;
  }
  if (out)
    *out = doc;
  else
    pos_sale_free(doc);
  return TRUE;
}

gboolean pos_ledger_void(PosLedger *ledger, const char *sale_id, const char *reason,
                         PosSale **out, GError **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(PosSale) orig = undo_begin(ledger, sale_id, taken, TRUE, error);
  if (orig == NULL)
    return FALSE;
  PosSale *d = pos_sale_void_of(orig, pos_now_ms(), reason);
  return undo_finish(ledger, d, out, error);
}

/*
** What is left of each line of orig after its refunds, inside the caller's
** transaction or not: the line's quantity and net plus the (negative) sums
** of the refund lines that name it.  A voided sale has nothing left.
*/
static PosRefundLeft *left_of(PosLedger *ledger, const PosSale *orig, GError **error)
{
  g_autofree PosRefundLeft *left = g_new0(PosRefundLeft, orig->lines->len + 1);
  for (guint i = 0; i < orig->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(orig->lines, i);
    left[i].qty_milli = l->qty_milli;
    left[i].net = l->net;
  }
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT d.kind, l.refunded_from, l.qty_milli, l.net FROM doc d"
    " JOIN doc_line l ON l.doc_id = d.id WHERE d.original_id = ?1", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text(st, 1, orig->id, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int from = sqlite3_column_int(st, 1);
    if (from < 0 || (guint)from >= orig->lines->len)
      continue;
    left[from].qty_milli += sqlite3_column_int64(st, 2);
    left[from].net += sqlite3_column_int64(st, 3);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    pos_db_fail(ledger->db, rc, "reading earlier refunds", error);
    return NULL;
  }
  return g_steal_pointer(&left);
}

/* Outside a transaction: a snapshot for the screen; the refund checks again. */
PosRefundLeft *pos_ledger_refund_left(PosLedger *ledger, const PosSale *sale, GError **error)
{
  return left_of(ledger, sale, error);
}

/*
** Paper Onnuri must not come back as cash from a sale that took no cash:
** that is the certificate cashed without a purchase (상품권 깡), which the
** reports watch for (docs/DOMAIN.md, Refunds).
*/
static gboolean method_allowed(const PosSale *orig, PosTenderMethod method, GError **error)
{
  gboolean cash = FALSE, paper = FALSE;
  for (guint i = 0; i < orig->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(orig->tenders, i);
    cash |= t->method == POS_TENDER_CASH;
    paper |= t->method == POS_TENDER_ONNURI_PAPER;
  }
  if (method == POS_TENDER_CASH && paper && !cash) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s was paid with paper Onnuri, not cash: refund it in certificates "
                "(--to onnuri-paper)", orig->receipt_no);
    return FALSE;
  }
  return TRUE;
}

/* What is left is read inside the write transaction, so two tills cannot both take it. */
gboolean pos_ledger_refund_parts(PosLedger *ledger, const char *sale_id,
                                 const PosRefundPart *parts, guint n, PosTenderMethod method,
                                 const char *reason, PosSale **out, GError **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(PosSale) orig = undo_begin(ledger, sale_id, taken, FALSE, error);
  if (orig == NULL)
    return FALSE;
  g_autofree PosRefundLeft *left = left_of(ledger, orig, error);
  PosSale *d = NULL;
  if (left == NULL || !method_allowed(orig, method, error)
      || (d = pos_sale_refund_parts_of(orig, parts, n, left, method, pos_now_ms(), reason,
                                       error)) == NULL) {
    pos_ledger_rollback(ledger);
    return FALSE;
  }
  return undo_finish(ledger, d, out, error);
}

gboolean pos_ledger_refund(PosLedger *ledger, const char *sale_id, const int *line_nos,
                           guint n_lines, PosTenderMethod method, const char *reason,
                           PosSale **out, GError **error)
{
  g_autoptr(GHashTable) taken = g_hash_table_new(g_direct_hash, g_direct_equal);
  g_autoptr(PosSale) orig = undo_begin(ledger, sale_id, taken, FALSE, error);
  if (orig == NULL)
    return FALSE;
  for (guint i = 0; i < n_lines; i++) {
    int no = line_nos[i];
    if (no >= 0 && (guint)no < orig->lines->len
        && g_hash_table_contains(taken, GINT_TO_POINTER(no + 1))) {
      g_set_error(error, POS_ERROR, POS_ERROR_STATE, "line %d of %s was already refunded",
                  no + 1, orig->receipt_no);
      pos_ledger_rollback(ledger);
      return FALSE;
    }
  }
  PosSale *d = pos_sale_refund_of(orig, line_nos, n_lines, method, pos_now_ms(), reason, error);
  if (d == NULL) {
    pos_ledger_rollback(ledger);
    return FALSE;
  }
  return undo_finish(ledger, d, out, error);
}
