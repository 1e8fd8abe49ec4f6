/*
** pos-ledger-catalog.c: products in the ledger: save, look up by what the
** scanner typed, list, and CSV import.
**
** Every change of a product also queues a "product" outbox event in the same
** transaction: the till owns its catalog and the hub's analytics need it.
*/
#include "pos-int.h"
#include <string.h>

#define PRODUCT_COLS "id, plu, name, line_code, unit, price, tax, barcode, quick_key, active"

static PosProduct *product_from_row(sqlite3_stmt *st)
{
  PosProduct *p = pos_product_new();
  p->id = sqlite3_column_int64(st, 0);
  p->plu = sqlite3_column_int(st, 1);
  p->name = pos_col_strdup(st, 2);
  p->line_code = pos_col_strdup(st, 3);
  p->unit = pos_col_unit(st, 4);
  p->price = sqlite3_column_int64(st, 5);
  p->tax = pos_col_tax(st, 6);
  p->barcode = pos_col_strdup(st, 7);
  p->quick_key = sqlite3_column_int(st, 8);
  p->active = sqlite3_column_int(st, 9) != 0;
  return p;
}

/* Runs a one-row product query; NULL with NOT_FOUND when there is none. */
static PosProduct *product_query(PosLedger *ledger, sqlite3_stmt *st, const char *what,
                                 GError **error)
{
  PosProduct *p = NULL;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    p = product_from_row(st);
  else if (rc == SQLITE_DONE)
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no product %s", what);
  else
    pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading products", error);
  sqlite3_reset(st);
  return p;
}

PosProduct *pos_ledger_product_by_plu(PosLedger *ledger, int plu, GError **error)
{
  sqlite3_stmt *st =
    pos_ledger_stmt(ledger, "SELECT " PRODUCT_COLS " FROM product WHERE plu = ?1", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int(st, 1, plu);
  g_autofree char *what = g_strdup_printf("with PLU %d", plu);
  return product_query(ledger, st, what, error);
}

static PosProduct *product_by_barcode(PosLedger *ledger, const char *code, GError **error)
{
  sqlite3_stmt *st =
    pos_ledger_stmt(ledger, "SELECT " PRODUCT_COLS " FROM product WHERE barcode = ?1", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
  g_autofree char *what = g_strdup_printf("with barcode %s", code);
  return product_query(ledger, st, what, error);
}

/*
** What a scanner or the keyboard typed: up to 5 digits is a PLU; 8 or 13
** digits a barcode, tried as a catalog barcode first and then, for prefixes
** 20-29, through the stall's in-store layout (weight or price inside).
*/
PosProduct *pos_ledger_product_lookup(PosLedger *ledger, const char *code,
                                      int64_t *qty_milli, PosMoney *amount, GError **error)
{
  size_t len = code ? strlen(code) : 0;
  if (qty_milli)
    *qty_milli = -1;
  if (amount)
    *amount = -1;
  if (len == 0 || strspn(code, "0123456789") != len || (len > 5 && len != 8 && len != 13)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "'%s' is neither a PLU (1-5 digits) nor a barcode (8 or 13 digits)",
                code ? code : "");
    return NULL;
  }
  if (len <= 5)
    return pos_ledger_product_by_plu(ledger, atoi(code), error);
  if (!pos_ean_valid(code)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "barcode %s has a wrong check digit: scan it again", code);
    return NULL;
  }
  g_autoptr(GError) local = NULL;
  PosProduct *p = product_by_barcode(ledger, code, &local);
  if (p != NULL || !g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
    if (local)
      g_propagate_error(error, g_steal_pointer(&local));
    return p;
  }
  PosSettings s;
  PosInstoreCode ic;
  if (len == 13 && code[0] == '2' && pos_ledger_get_settings(ledger, &s, NULL)) {
    gboolean fits = s.instore_pattern && pos_instore_decode(s.instore_pattern, code, &ic, NULL);
    pos_settings_clear(&s);
    if (fits) {
      p = pos_ledger_product_by_plu(ledger, ic.plu, error);
      if (p && ic.has_weight && qty_milli)
        *qty_milli = ic.grams;
      if (p && ic.has_price && amount)
        *amount = ic.price;
      return p;
    }
  }
  g_propagate_error(error, g_steal_pointer(&local));
  return NULL;
}

/* product_from_row as pos_ledger_list's row callback. */
static gpointer product_row(sqlite3_stmt *st)
{
  return product_from_row(st);
}

GPtrArray *pos_ledger_product_list(PosLedger *ledger, gboolean active_only, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger,
    "SELECT " PRODUCT_COLS " FROM product WHERE active OR NOT ?1"
    " ORDER BY quick_key < 0, quick_key, plu", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int(st, 1, active_only);
  return pos_ledger_list(ledger, st, product_row, (GDestroyNotify)pos_product_free,
                         "listing products", error);
}

void pos_ledger_set_line_codes(PosLedger *ledger, const char *const *codes)
{
  g_clear_pointer(&ledger->line_codes, g_hash_table_destroy);
  if (codes == NULL)
    return;
  ledger->line_codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; codes[i]; i++)
    g_hash_table_add(ledger->line_codes, g_strdup(codes[i]));
}

/*
** Inside a transaction: insert or update one product and queue its event.
** The line is checked here, where every add, edit and import passes, so
** that a merchant hears of a line the market does not know when making
** the product, not when the hub refuses its sales.
*/
gboolean pos_ledger_product_write(PosLedger *ledger, PosProduct *p, int64_t now,
                                  GError **error)
{
  sqlite3_stmt *st;
  if (ledger->line_codes != NULL && !g_hash_table_contains(ledger->line_codes, p->line_code)) {
    g_set_error(error, POS_ERROR, POS_ERROR_UNKNOWN_LINE,
                "product %d: the market's taxonomy has no product line %s", p->plu,
                p->line_code);
    return FALSE;
  }
  if (p->id == 0)
    st = pos_ledger_stmt(ledger,
                         "INSERT INTO product(plu, name, line_code, unit, price, tax, barcode,"
                         " quick_key, active, updated_ms) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                         error);
  else
    st = pos_ledger_stmt(ledger,
                         "UPDATE product SET plu=?1, name=?2, line_code=?3, unit=?4, price=?5,"
                         " tax=?6, barcode=?7, quick_key=?8, active=?9, updated_ms=?10"
                         " WHERE id=?11", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int(st, 1, p->plu);
  sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, p->line_code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, p->unit == POS_UNIT_KG ? "kg" : "piece", -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, p->price);
  sqlite3_bind_text(st, 6, p->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", -1, SQLITE_STATIC);
  if (p->barcode)
    sqlite3_bind_text(st, 7, p->barcode, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 8, p->quick_key);
  sqlite3_bind_int(st, 9, p->active);
  sqlite3_bind_int64(st, 10, now);
  if (p->id != 0)
    sqlite3_bind_int64(st, 11, p->id);
  g_autoptr(GError) local = NULL;
  if (!pos_ledger_step_done(ledger, st, "saving a product", &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_CONFLICT))
      g_prefix_error(&local, "PLU %d or barcode %s is taken: ", p->plu,
                     p->barcode ? p->barcode : "-");
    g_propagate_error(error, g_steal_pointer(&local));
    return FALSE;
  }
  if (p->id == 0)
    p->id = sqlite3_last_insert_rowid(ledger->db);
  else if (sqlite3_changes(ledger->db) == 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no product with id %lld",
                (long long)p->id);
    return FALSE;
  }
  char ref[24];
  g_snprintf(ref, sizeof ref, "%lld", (long long)p->id);
  return pos_ledger_outbox_add(ledger, POS_EVENT_PRODUCT, ref, now, error);
}

gboolean pos_ledger_product_save(PosLedger *ledger, PosProduct *product, GError **error)
{
  int64_t id = product->id;
  if (!pos_product_validate(product, error) || !pos_ledger_begin(ledger, error))
    return FALSE;
  if (!pos_ledger_product_write(ledger, product, pos_now_ms(), error)
      || !pos_ledger_commit(ledger, error)) {
    pos_ledger_rollback(ledger);
    product->id = id;
    return FALSE;
  }
  return TRUE;
}
