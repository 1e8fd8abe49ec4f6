/*
** hub-store-sqlite-onnuri.c: a market's sales paid with Onnuri, for the
** review list (hub-onnuri.h), from the stored documents.
**
** One statement on a reader: the Onnuri tenders summed per document
** first (few documents have any), then joined to their sale, its stall and
** its number of lines; a sale with a void is left out (the void's
** original_id is indexed).  The documents have no index by stall and day,
** so this reads the tenders once, which a review list run now and then can
** afford and ingest does not pay for (docs/ANALYTICS.md, Known limits).
*/
#include "hub-store-sqlite.h"
#include "an-onnuri.h"

GArray *hub_sqlite_onnuri_receipts(HubStore *store, const char *market_code, const char *from,
                                   const char *to, GError **error)
{
  HubConn *conn = hub_sq_reader(store);
  int64_t mid = 0;
  GArray *out = NULL;
  sqlite3_stmt *st = hub_sq_market_id(conn, market_code, &mid, error) ? hub_sq_stmt(
    conn, "SELECT s.code, d.business_day, d.total,"
          " (SELECT count(*) FROM doc_line l WHERE l.doc = d.id), t.paper, t.onnuri"
          " FROM (SELECT doc, sum(CASE WHEN method = 'onnuri-paper' THEN amount ELSE 0 END)"
          "   AS paper, sum(amount) AS onnuri FROM doc_tender"
          "   WHERE method LIKE 'onnuri-%' GROUP BY doc) t"
          " JOIN doc d ON d.id = t.doc JOIN stall s ON s.id = d.stall_id"
          " WHERE s.market_id = ?1 AND d.kind = 'sale' AND d.business_day BETWEEN ?2 AND ?3"
          " AND NOT EXISTS (SELECT 1 FROM doc v WHERE v.original_id = d.doc_id"
          "   AND v.kind = 'void')"
          " ORDER BY s.code, d.business_day, d.id", error) : NULL;
  if (st) {
    sqlite3_bind_int64(st, 1, mid);
    sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
    out = g_array_new(FALSE, TRUE, sizeof(AnOnnuriReceipt));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      AnOnnuriReceipt x = {{0}, 0, 0, 0, 0, 0};
      g_strlcpy(x.stall, (const char *)sqlite3_column_text(st, 0), sizeof x.stall);
      an_day_parse((const char *)sqlite3_column_text(st, 1), &x.day);
      x.total = sqlite3_column_int64(st, 2);
      x.lines = sqlite3_column_int(st, 3);
      x.paper = sqlite3_column_int64(st, 4);
      x.onnuri = sqlite3_column_int64(st, 5);
      g_array_append_val(out, x);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
      hub_sq_fail(conn, "reading the Onnuri receipts", error);
      g_clear_pointer(&out, g_array_unref);
    }
  }
  hub_sq_release(store, conn);
  return out;
}
