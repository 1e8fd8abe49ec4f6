/*
** hub-store-pg-rows.c: a batch's raw rows (events, document keys,
** documents, lines, tenders) as COPY text, and their writing, one COPY a
** table.  COPY is what a bare client would use to load the same rows (the
** floor of bench-ingest does exactly that), and the server routes each row
** to its month partition.  Split from hub-store-pg-ingest.c, which decides
** the events and calls these for the accepted ones.
*/
#include "hub-store-pg.h"

static const char *const kind_names[] = {"sale", "void", "refund", "day_close", "product"};

void hub_pg_rows_init(HubPgRows *rows)
{
  rows->events = g_string_new(NULL);
  rows->keys = g_string_new(NULL);
  rows->docs = g_string_new(NULL);
  rows->lines = g_string_new(NULL);
  rows->tenders = g_string_new(NULL);
}

void hub_pg_rows_clear(HubPgRows *rows)
{
  g_string_free(rows->events, TRUE);
  g_string_free(rows->keys, TRUE);
  g_string_free(rows->docs, TRUE);
  g_string_free(rows->lines, TRUE);
  g_string_free(rows->tenders, TRUE);
}

void hub_pg_rows_event(HubPgRows *rows, int64_t market, int64_t stall, const HubEvent *ev,
                       const char *ref, int64_t now, const char *received_day)
{
  GString *r = rows->events;
  hub_pg_copy_int(r, market, FALSE);
  hub_pg_copy_int(r, stall, FALSE);
  hub_pg_copy_text(r, ev->id, FALSE);
  hub_pg_copy_text(r, kind_names[ev->kind], FALSE);
  hub_pg_copy_text(r, ref, FALSE);
  hub_pg_copy_int(r, ev->device_time_ms, FALSE);
  hub_pg_copy_int(r, now, FALSE);
  hub_pg_copy_text(r, received_day, FALSE);
  hub_pg_copy_int(r, ev->skew_ms, FALSE);
  hub_pg_copy_int(r, ev->skewed ? 1 : 0, TRUE);
}

/* The document's key row, the document, its lines and tenders (in their order). */
void hub_pg_rows_doc(HubPgRows *rows, int64_t market, int64_t stall, const HubEvent *ev,
                     int64_t now)
{
  const PosSale *s = ev->doc;
  hub_pg_copy_int(rows->keys, market, FALSE);
  hub_pg_copy_text(rows->keys, s->id, FALSE);
  hub_pg_copy_int(rows->keys, stall, FALSE);
  hub_pg_copy_text(rows->keys, pos_doc_kind_name(s->kind), FALSE);
  hub_pg_copy_text(rows->keys, s->business_day, TRUE);

  GString *r = rows->docs;
  hub_pg_copy_int(r, market, FALSE);
  hub_pg_copy_int(r, stall, FALSE);
  hub_pg_copy_text(r, s->id, FALSE);
  hub_pg_copy_text(r, ev->id, FALSE);
  hub_pg_copy_text(r, pos_doc_kind_name(s->kind), FALSE);
  hub_pg_copy_text(r, s->kind != POS_DOC_SALE ? s->original_id : NULL, FALSE);
  hub_pg_copy_text(r, s->receipt_no, FALSE);
  hub_pg_copy_text(r, s->business_day, FALSE);
  hub_pg_copy_int(r, s->device_time_ms, FALSE);
  hub_pg_copy_int(r, now, FALSE);
  const PosMoney v[] = {s->totals.lines, s->totals.rounding, s->totals.line_discounts,
                        s->totals.sale_discount, s->totals.total, s->totals.taxable,
                        s->totals.supply, s->totals.vat, s->totals.exempt,
                        s->settlement.paid, s->settlement.change};
  for (guint i = 0; i < G_N_ELEMENTS(v); i++)
    hub_pg_copy_int(r, v[i], FALSE);
  hub_pg_copy_text(r, ev->json, TRUE);

  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    GString *w = rows->lines;
    hub_pg_copy_int(w, market, FALSE);
    hub_pg_copy_text(w, s->business_day, FALSE);
    hub_pg_copy_text(w, s->id, FALSE);
    hub_pg_copy_int(w, i, FALSE);
    hub_pg_copy_int(w, l->plu, FALSE);
    hub_pg_copy_text(w, l->name, FALSE);
    hub_pg_copy_text(w, l->line_code, FALSE);
    hub_pg_copy_text(w, l->unit == POS_UNIT_KG ? "kg" : "piece", FALSE);
    hub_pg_copy_text(w, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", FALSE);
    const int64_t n[] = {l->list_price, l->unit_price, l->qty_milli, l->amount, l->rounding,
                         l->line_discount, l->sale_discount_share, l->net};
    for (guint k = 0; k < G_N_ELEMENTS(n); k++)
      hub_pg_copy_int(w, n[k], FALSE);
    hub_pg_copy_int(w, l->refunded_from, TRUE);
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    GString *w = rows->tenders;
    hub_pg_copy_int(w, market, FALSE);
    hub_pg_copy_text(w, s->business_day, FALSE);
    hub_pg_copy_text(w, s->id, FALSE);
    hub_pg_copy_int(w, i, FALSE);
    hub_pg_copy_text(w, pos_tender_method_name(t->method), FALSE);
    hub_pg_copy_int(w, t->amount, FALSE);
    hub_pg_copy_text(w, t->ref, TRUE);
  }
}

/* The batch's raw rows, one COPY a table (none for a table without rows). */
gboolean hub_pg_rows_write(HubPgConn *c, const HubPgRows *rows, GError **error)
{
  return (rows->events->len == 0
          || hub_pg_copy(c, "COPY event(market_id, stall_id, event_id, kind, ref,"
                            " device_time_ms, received_ms, received_day, skew_ms, skewed)"
                            " FROM STDIN", rows->events, "storing the events", error))
         && (rows->keys->len == 0
             || hub_pg_copy(c, "COPY doc_key(market_id, doc_id, stall_id, kind, business_day)"
                               " FROM STDIN", rows->keys, "storing the documents", error))
         && (rows->docs->len == 0
             || hub_pg_copy(c, "COPY doc(market_id, stall_id, doc_id, event_id, kind,"
                               " original_id, receipt_no, business_day, device_time_ms,"
                               " received_ms, lines_sum, rounding, line_discounts,"
                               " sale_discount, total, taxable, supply, vat, exempt, paid,"
                               " change, json) FROM STDIN", rows->docs,
                            "storing the documents", error))
         && (rows->lines->len == 0
             || hub_pg_copy(c, "COPY doc_line(market_id, business_day, doc_id, line_no, plu,"
                               " name, line_code, unit, tax, list_price, unit_price,"
                               " qty_milli, amount, rounding, line_discount,"
                               " sale_discount_share, net, refunded_from) FROM STDIN",
                            rows->lines, "storing the lines", error))
         && (rows->tenders->len == 0
             || hub_pg_copy(c, "COPY doc_tender(market_id, business_day, doc_id, seq, method,"
                               " amount, ref) FROM STDIN", rows->tenders, "storing the tenders",
                            error));
}
