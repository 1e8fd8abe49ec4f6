/*
** ledger-testutil.c: the stall and the raw-file helpers that the ledger's
** tests share (ledger-testutil.h).  Every helper asserts its own success,
** so a case reads as the steps of the rule it checks.
*/
#include "ledger-testutil.h"

/* The test stall's catalog: one taxable piece, one exempt piece, one weighed. */
const LtCatalogEntry lt_catalog[LT_CATALOG_LEN] = {
  {PLU_TOFU, "손두부", "TOFU", POS_UNIT_PIECE, 2500, POS_TAX_TAXABLE, TOFU_BARCODE},
  {PLU_CABBAGE, "배추", "VEG", POS_UNIT_PIECE, 4000, POS_TAX_EXEMPT, NULL},
  {PLU_PORK, "돼지고기 앞다리살", "MEAT", POS_UNIT_KG, 18000, POS_TAX_EXEMPT, NULL},
};

void lt_scratch_init(LtScratch *s)
{
  s->dir = tu_tmpdir();
  s->path = g_build_filename(s->dir, "ledger.sqlite", NULL);
}

void lt_scratch_clear(LtScratch *s)
{
  tu_tmpdir_free(s->dir);
  g_free(s->path);
  s->dir = s->path = NULL;
}

void lt_raw_close(sqlite3 *db)
{
  if (db != NULL)
    g_assert_cmpint(sqlite3_close(db), ==, SQLITE_OK);
}

sqlite3 *lt_raw_open(const char *path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    g_error("raw open %s: %s", path, sqlite3_errstr(rc));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  return db;
}

/* Runs a script; SQLITE_OK or the extended error code. */
int lt_raw_exec(sqlite3 *db, const char *sql)
{
  int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db);
}

void lt_raw_exec_ok(sqlite3 *db, const char *sql)
{
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error("raw SQL failed: %s\n  in: %s", sqlite3_errmsg(db), sql);
}

char *lt_raw_text(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
    g_error("raw query failed: %s\n  in: %s", sqlite3_errmsg(db), sql);
  const unsigned char *t = sqlite3_column_text(st, 0);
  char *v = g_strdup(t ? (const char *)t : "");
  sqlite3_finalize(st);
  return v;
}

/* One line of text with every row the ledger keeps, to compare before/after. */
char *lt_fingerprint(const char *path)
{
  g_autoptr(LtRawDb) db = lt_raw_open(path);
  return lt_raw_text(
    db,
    "SELECT coalesce((SELECT group_concat(id || ':' || kind || ':' || receipt_no || ':' || total, ',')"
    "   FROM (SELECT * FROM doc ORDER BY rowid)), '')"
    " || '|' || (SELECT count(*) FROM doc_line) || '|' || (SELECT count(*) FROM doc_tender)"
    " || '|' || coalesce((SELECT group_concat(event_id || ':' || kind || ':' || ref || ':'"
    "   || state || ':' || attempts, ',') FROM (SELECT * FROM outbox ORDER BY seq)), '')"
    " || '|' || coalesce((SELECT group_concat(id || ':' || coalesce(closed_ms, '-'), ',')"
    "   FROM (SELECT * FROM day_session ORDER BY id)), '')"
    " || '|' || coalesce((SELECT group_concat(plu || ':' || price || ':' || name, ',')"
    "   FROM (SELECT * FROM product ORDER BY plu)), '')"
    " || '|' || coalesce((SELECT group_concat(key || '=' || value, ',')"
    "   FROM (SELECT * FROM setting ORDER BY key)), '')");
}

PosLedger *lt_open_ok(const char *path)
{
  g_autoptr(GError) error = NULL;
  PosLedger *ledger = pos_ledger_open(path, &error);
  g_assert_no_error(error);
  g_assert_nonnull(ledger);
  return ledger;
}

PosProduct *lt_catalog_product(guint i)
{
  PosProduct *p = pos_product_new();
  p->plu = lt_catalog[i].plu;
  p->name = g_strdup(lt_catalog[i].name);
  p->line_code = g_strdup(lt_catalog[i].line_code);
  p->unit = lt_catalog[i].unit;
  p->price = lt_catalog[i].price;
  p->tax = lt_catalog[i].tax;
  p->barcode = g_strdup(lt_catalog[i].barcode);
  return p;
}

void lt_add_catalog(PosLedger *ledger)
{
  for (guint i = 0; i < G_N_ELEMENTS(lt_catalog); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosProduct) p = lt_catalog_product(i);
    g_assert_true(pos_ledger_product_save(ledger, p, &error));
    g_assert_no_error(error);
    g_assert_cmpint(p->id, >, 0);
  }
}

/* A new ledger with a stall (rounding unit as given) and the catalog. */
PosLedger *lt_new_stall(const char *path, int rounding_unit)
{
  g_autoptr(GError) error = NULL;
  PosLedger *ledger = lt_open_ok(path);
  g_assert_true(pos_ledger_init_stall(ledger, "할머니 반찬가게", rounding_unit, &error));
  g_assert_no_error(error);
  lt_add_catalog(ledger);
  return ledger;
}

char *lt_device_id(PosLedger *ledger)
{
  g_autoptr(GError) error = NULL;
  PosSettings s;
  g_assert_true(pos_ledger_get_settings(ledger, &s, &error));
  g_assert_no_error(error);
  char *id = g_strdup(s.device_id);
  pos_settings_clear(&s);
  g_assert_nonnull(id);
  return id;
}

/* Fills a cart with items (by PLU). */
PosCart *lt_fill_cart(PosLedger *ledger, const LtItem *items, guint n)
{
  PosCartRules rules;
  pos_ledger_cart_rules(ledger, &rules);
  PosCart *cart = pos_cart_new(&rules);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosProduct) p = pos_ledger_product_by_plu(ledger, items[i].plu, &error);
    g_assert_no_error(error);
    g_assert_true(pos_cart_add(cart, p, items[i].qty_milli, NULL, &error));
    g_assert_no_error(error);
  }
  return cart;
}

/* Rings items paid with one tender; FALSE with error when the ledger refuses. */
gboolean lt_try_ring(PosLedger *ledger, const LtItem *items, guint n, PosTenderMethod method,
                     PosMoney paid, const char *ref, PosSale **out, GError **error)
{
  g_autoptr(PosCart) cart = lt_fill_cart(ledger, items, n);
  g_autoptr(GError) local = NULL;
  g_assert_true(pos_cart_add_tender(cart, method, paid, ref, &local));
  g_assert_no_error(local);
  return pos_ledger_commit_sale(ledger, cart, out, error);
}

PosSale *lt_ring(PosLedger *ledger, const LtItem *items, guint n, PosTenderMethod method,
                 PosMoney paid, const char *ref)
{
  g_autoptr(GError) error = NULL;
  PosSale *sale = NULL;
  g_assert_true(lt_try_ring(ledger, items, n, method, paid, ref, &sale, &error));
  g_assert_no_error(error);
  g_assert_nonnull(sale);
  return sale;
}

GPtrArray *lt_list_ids(PosLedger *ledger, const char *day)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = pos_ledger_list_sales(ledger, day, &error);
  g_assert_no_error(error);
  g_assert_nonnull(ids);
  return ids;
}

PosSale *lt_load_ok(PosLedger *ledger, const char *key)
{
  g_autoptr(GError) error = NULL;
  PosSale *s = pos_ledger_load_sale(ledger, key, &error);
  g_assert_no_error(error);
  g_assert_nonnull(s);
  return s;
}

void lt_check_ok(PosLedger *ledger)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = pos_ledger_check(ledger, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
}

/* Pending outbox rows of kind (any when kind < 0) naming ref (any when NULL). */
guint lt_outbox_count(PosLedger *ledger, int kind, const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(ledger, 1000000, &error);
  guint n = 0;
  g_assert_no_error(error);
  g_assert_nonnull(rows);
  for (guint i = 0; i < rows->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(rows, i);
    if ((kind < 0 || (int)r->kind == kind) && (ref == NULL || g_strcmp0(r->ref, ref) == 0))
      n++;
  }
  return n;
}

void lt_assert_totals_equal(const PosSale *a, const PosSale *b)
{
  g_assert_cmpstr(a->id, ==, b->id);
  g_assert_cmpstr(a->receipt_no, ==, b->receipt_no);
  g_assert_cmpint(a->kind, ==, b->kind);
  g_assert_cmpint(a->totals.lines, ==, b->totals.lines);
  g_assert_cmpint(a->totals.rounding, ==, b->totals.rounding);
  g_assert_cmpint(a->totals.line_discounts, ==, b->totals.line_discounts);
  g_assert_cmpint(a->totals.sale_discount, ==, b->totals.sale_discount);
  g_assert_cmpint(a->totals.total, ==, b->totals.total);
  g_assert_cmpint(a->totals.taxable, ==, b->totals.taxable);
  g_assert_cmpint(a->totals.supply, ==, b->totals.supply);
  g_assert_cmpint(a->totals.vat, ==, b->totals.vat);
  g_assert_cmpint(a->totals.exempt, ==, b->totals.exempt);
  g_assert_cmpint(a->settlement.paid, ==, b->settlement.paid);
  g_assert_cmpint(a->settlement.change, ==, b->settlement.change);
  g_assert_cmpuint(a->lines->len, ==, b->lines->len);
  g_assert_cmpuint(a->tenders->len, ==, b->tenders->len);
  g_assert_cmpstr(a->cash_receipt_id, ==, b->cash_receipt_id);
}

