/*
** hub-store-pg-onnuri.c: a market's sales paid with Onnuri, for the review
** list (hub-onnuri.h), from the stored documents.
**
** As on SQLite, one statement: the tenders of the market and period (their
** primary key starts with market and day, so the partitions of the period
** are read by range) summed per document, joined to the sale and its line
** count; a sale with a void is left out.
*/
#include "hub-store-pg.h"
#include "an-onnuri.h"

GArray *hub_pg_onnuri_receipts(HubStore *store, const char *market_code, const char *from,
                               const char *to, GError **error)
{
  HubPgConn *conn = hub_pg_acquire(store, error);
  if (conn == NULL)
    return NULL;
  int64_t mid = 0;
  PGresult *res = NULL;
  if (hub_pg_market_id(conn, market_code, &mid, error)) {
    HubPgArgs a = {0};
    hub_pg_arg_int(&a, mid);
    hub_pg_arg_text(&a, from);
    hub_pg_arg_text(&a, to);
    res = hub_pg_exec(
      conn, "SELECT s.code, d.business_day, d.total,"
            " (SELECT count(*) FROM doc_line l WHERE l.market_id = d.market_id"
            "   AND l.business_day = d.business_day AND l.doc_id = d.doc_id), t.paper, t.onnuri"
            " FROM (SELECT business_day, doc_id,"
            "   sum(CASE WHEN method = 'onnuri-paper' THEN amount ELSE 0 END) AS paper,"
            "   sum(amount) AS onnuri FROM doc_tender WHERE market_id = $1"
            "   AND business_day BETWEEN $2 AND $3 AND method LIKE 'onnuri-%'"
            "   GROUP BY business_day, doc_id) t"
            " JOIN doc d ON d.market_id = $1 AND d.business_day = t.business_day"
            "   AND d.doc_id = t.doc_id"
            " JOIN stall s ON s.id = d.stall_id"
            " WHERE d.kind = 'sale' AND NOT EXISTS (SELECT 1 FROM doc v"
            "   WHERE v.market_id = $1 AND v.original_id = d.doc_id AND v.kind = 'void')"
            " ORDER BY s.code, d.business_day, d.doc_id", &a, "reading the Onnuri receipts",
      error);
  }
  hub_pg_release(store, conn);
  if (res == NULL)
    return NULL;
  GArray *out = g_array_new(FALSE, TRUE, sizeof(AnOnnuriReceipt));
  for (int i = 0; i < PQntuples(res); i++) {
    AnOnnuriReceipt x = {{0}, 0, 0, 0, 0, 0};
    g_autofree char *code = hub_pg_text(res, i, 0), *day = hub_pg_text(res, i, 1);
    g_strlcpy(x.stall, code, sizeof x.stall);
    an_day_parse(day, &x.day);
    x.total = hub_pg_int(res, i, 2);
    x.lines = (int)hub_pg_int(res, i, 3);
    x.paper = hub_pg_int(res, i, 4);
    x.onnuri = hub_pg_int(res, i, 5);
    g_array_append_val(out, x);
  }
  PQclear(res);
  return out;
}
