/*
** test-ledger.c: the stall ledger under bad conditions.
**
** Every case works on a fresh ledger file in its own temporary directory and
** drives it through the public API (pos.h) only; where the case is about
** what the file itself allows (migrations from old files, the immutability
** triggers, a newer schema, a stranger's file) it opens the same file with
** plain sqlite3, as another program or a careless script would.
**
**   /ledger/reopen          sales survive close and reopen, by id and receipt no
**   /ledger/migration       every older schema version upgrades with its data
**   /ledger/newer-schema    a file from a newer program is refused (SCHEMA)
**   /ledger/constraints     duplicate PLU/barcode, triggers, CHECKs in the file
**   /ledger/read-only       a read-only ledger reads, refuses writes, is unchanged
**   /ledger/not-a-db        garbage and a cut-off ledger are refused, untouched
**   /ledger/disk-full       a capped ledger fails with FULL and stays whole
**   /ledger/outbox          one outbox event per document, product and day close
**   /ledger/void-refund     void and refund rules and the Z report to the won
**   /ledger/business-day    receipt numbers per device and Seoul business day
**   /ledger/foreign-db      another program's SQLite file is refused, byte for byte
**                           unchanged (runs last; see the case)
**
** Expected figures are worked out by hand in the comments next to them, so
** a wrong sum in the library fails here rather than agreeing with itself.
*/
#include "pos.h"
#include "testutil.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

/* A fixed clock for the cases that check receipt numbers: 10:00 in Seoul. */
#define TEST_NOW "2026-03-02T10:00:00+09:00"
#define TEST_DAY "2026-03-02"
#define TEST_DAY_COMPACT "20260302"
#define TOFU_BARCODE "8801234567893"   /* a valid EAN-13 */

enum { PLU_TOFU = 1, PLU_CABBAGE = 2, PLU_PORK = 3 };

/* The test stall's catalog: one taxable piece, one exempt piece, one weighed. */
static const struct {
  int plu;
  const char *name;
  const char *line_code;
  PosUnit unit;
  PosMoney price;
  PosTaxClass tax;
  const char *barcode;
} catalog[] = {
  {PLU_TOFU, "손두부", "TOFU", POS_UNIT_PIECE, 2500, POS_TAX_TAXABLE, TOFU_BARCODE},
  {PLU_CABBAGE, "배추", "VEG", POS_UNIT_PIECE, 4000, POS_TAX_EXEMPT, NULL},
  {PLU_PORK, "돼지고기 앞다리살", "MEAT", POS_UNIT_KG, 18000, POS_TAX_EXEMPT, NULL},
};

typedef struct {
  int plu;
  int64_t qty_milli;
} Item;

/* ---- Scratch directory ------------------------------------------------ */

typedef struct {
  char *dir;
  char *path;   /* dir/ledger.sqlite */
} Scratch;

static void scratch_init(Scratch *s)
{
  s->dir = tu_tmpdir();
  s->path = g_build_filename(s->dir, "ledger.sqlite", NULL);
}

static void scratch_clear(Scratch *s)
{
  tu_tmpdir_free(s->dir);
  g_free(s->path);
  s->dir = s->path = NULL;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Scratch, scratch_clear)

/* ---- Raw SQLite access (another program on the same file) ------------- */

static void raw_close(sqlite3 *db)
{
  if (db != NULL)
    g_assert_cmpint(sqlite3_close(db), ==, SQLITE_OK);
}
typedef sqlite3 RawDb;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RawDb, raw_close)

static sqlite3 *raw_open(const char *path)
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
static int raw_exec(sqlite3 *db, const char *sql)
{
  int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? SQLITE_OK : sqlite3_extended_errcode(db);
}

static void raw_exec_ok(sqlite3 *db, const char *sql)
{
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error("raw SQL failed: %s\n  in: %s", sqlite3_errmsg(db), sql);
}

static char *raw_text(sqlite3 *db, const char *sql)
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
static char *ledger_fingerprint(const char *path)
{
  g_autoptr(RawDb) db = raw_open(path);
  return raw_text(
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

/* ---- Ledger helpers ---------------------------------------------------- */

static PosLedger *open_ok(const char *path)
{
  g_autoptr(GError) error = NULL;
  PosLedger *ledger = pos_ledger_open(path, &error);
  g_assert_no_error(error);
  g_assert_nonnull(ledger);
  return ledger;
}

static PosProduct *catalog_product(guint i)
{
  PosProduct *p = pos_product_new();
  p->plu = catalog[i].plu;
  p->name = g_strdup(catalog[i].name);
  p->line_code = g_strdup(catalog[i].line_code);
  p->unit = catalog[i].unit;
  p->price = catalog[i].price;
  p->tax = catalog[i].tax;
  p->barcode = g_strdup(catalog[i].barcode);
  return p;
}

static void add_catalog(PosLedger *ledger)
{
  for (guint i = 0; i < G_N_ELEMENTS(catalog); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosProduct) p = catalog_product(i);
    g_assert_true(pos_ledger_product_save(ledger, p, &error));
    g_assert_no_error(error);
    g_assert_cmpint(p->id, >, 0);
  }
}

/* A new ledger with a stall (rounding unit as given) and the catalog. */
static PosLedger *new_stall(const char *path, int rounding_unit)
{
  g_autoptr(GError) error = NULL;
  PosLedger *ledger = open_ok(path);
  g_assert_true(pos_ledger_init_stall(ledger, "할머니 반찬가게", rounding_unit, &error));
  g_assert_no_error(error);
  add_catalog(ledger);
  return ledger;
}

static char *device_id(PosLedger *ledger)
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
static PosCart *fill_cart(PosLedger *ledger, const Item *items, guint n)
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
static gboolean try_ring(PosLedger *ledger, const Item *items, guint n, PosTenderMethod method,
                         PosMoney paid, const char *ref, PosSale **out, GError **error)
{
  g_autoptr(PosCart) cart = fill_cart(ledger, items, n);
  g_autoptr(GError) local = NULL;
  g_assert_true(pos_cart_add_tender(cart, method, paid, ref, &local));
  g_assert_no_error(local);
  return pos_ledger_commit_sale(ledger, cart, out, error);
}

static PosSale *ring(PosLedger *ledger, const Item *items, guint n, PosTenderMethod method,
                     PosMoney paid, const char *ref)
{
  g_autoptr(GError) error = NULL;
  PosSale *sale = NULL;
  g_assert_true(try_ring(ledger, items, n, method, paid, ref, &sale, &error));
  g_assert_no_error(error);
  g_assert_nonnull(sale);
  return sale;
}

static GPtrArray *list_ids(PosLedger *ledger, const char *day)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = pos_ledger_list_sales(ledger, day, &error);
  g_assert_no_error(error);
  g_assert_nonnull(ids);
  return ids;
}

static PosSale *load_ok(PosLedger *ledger, const char *key)
{
  g_autoptr(GError) error = NULL;
  PosSale *s = pos_ledger_load_sale(ledger, key, &error);
  g_assert_no_error(error);
  g_assert_nonnull(s);
  return s;
}

static void check_ok(PosLedger *ledger)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = pos_ledger_check(ledger, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
}

/* Pending outbox rows of kind (any when kind < 0) naming ref (any when NULL). */
static guint outbox_count(PosLedger *ledger, int kind, const char *ref)
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

static void assert_totals_equal(const PosSale *a, const PosSale *b)
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

static GBytes *read_bytes(const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, &error));
  g_assert_no_error(error);
  return g_bytes_new_take(data, len);
}

static int compare_names(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

/* Names in dir, sorted, joined with spaces. */
static char *dir_listing(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  g_assert_nonnull(d);
  while ((name = g_dir_read_name(d)) != NULL)
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  return g_strjoinv(" ", (char **)names->pdata);
}

/* ---- /ledger/reopen ----------------------------------------------------- */

/*
** Five different sales (taxable, exempt, weighed with rounding, split
** tenders, paper Onnuri with change, a cash receipt), then close and reopen:
** every document loads by id and by receipt number with the same figures.
*/
static void test_reopen(void)
{
  g_auto(Scratch) s;
  scratch_init(&s);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
  g_autofree char *device = NULL;
  PosLedger *ledger = new_stall(s.path, 10);
  device = device_id(ledger);

  /* 1: two tofu, 5,000 taxable, cash 5,000 exactly. */
  const Item a[] = {{PLU_TOFU, 2000}};
  g_ptr_array_add(sales, ring(ledger, a, 1, POS_TENDER_CASH, 5000, NULL));
  /* 2: pork 357 g: 18,000 x 0.357 = 6,426 -> 6,420 (unit 10), card. */
  const Item b[] = {{PLU_PORK, 357}};
  g_ptr_array_add(sales, ring(ledger, b, 1, POS_TENDER_CARD, 6420, "77001234"));
  /* 3: cabbage + tofu = 6,500, paper Onnuri 10,000: 65% spent, 3,500 change. */
  const Item c[] = {{PLU_CABBAGE, 1000}, {PLU_TOFU, 1000}};
  g_ptr_array_add(sales, ring(ledger, c, 2, POS_TENDER_ONNURI_PAPER, 10000, NULL));
  /* 4: split: 3 cabbages 12,000 = Zero Pay 7,000 + cash 10,000 (5,000 change),
     with a cash receipt. */
  {
    g_autoptr(GError) error = NULL;
    const Item d[] = {{PLU_CABBAGE, 3000}};
    g_autoptr(PosCart) cart = fill_cart(ledger, d, 1);
    PosSale *sale = NULL;
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ZEROPAY, 7000, "ZP-998877", &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
    g_assert_true(pos_cart_set_cash_receipt(cart, "010-2345-6789", &error));
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &sale, &error));
    g_assert_no_error(error);
    g_assert_cmpuint(pos_cart_n_lines(cart), ==, 0);   /* a committed cart is cleared */
    g_ptr_array_add(sales, sale);
  }
  /* 5: all three, cash 50,000. */
  const Item e[] = {{PLU_TOFU, 1000}, {PLU_CABBAGE, 1000}, {PLU_PORK, 1250}};
  g_ptr_array_add(sales, ring(ledger, e, 3, POS_TENDER_CASH, 50000, NULL));

  const PosMoney totals[] = {5000, 6420, 6500, 12000, 2500 + 4000 + 22500};
  const PosMoney changes[] = {0, 0, 3500, 5000, 50000 - 29000};
  for (guint i = 0; i < sales->len; i++) {
    const PosSale *sale = g_ptr_array_index(sales, i);
    g_autofree char *rno = g_strdup_printf("%s-%s-%04u", device, TEST_DAY_COMPACT, i + 1);
    g_assert_cmpint(sale->totals.total, ==, totals[i]);
    g_assert_cmpint(sale->settlement.change, ==, changes[i]);
    g_assert_cmpstr(sale->receipt_no, ==, rno);
    g_assert_true(pos_uuid_valid(sale->id));
  }
  g_assert_cmpint(((PosSale *)g_ptr_array_index(sales, 1))->totals.rounding, ==, -6);
  pos_ledger_close(ledger);

  for (int pass = 0; pass < 2; pass++) {
    ledger = open_ok(s.path);
    g_autofree char *again = device_id(ledger);
    g_assert_cmpstr(again, ==, device);
    check_ok(ledger);
    g_autoptr(GPtrArray) ids = list_ids(ledger, NULL);
    g_assert_cmpuint(ids->len, ==, sales->len);
    for (guint i = 0; i < sales->len; i++) {
      const PosSale *want = g_ptr_array_index(sales, i);
      g_assert_cmpstr(g_ptr_array_index(ids, i), ==, want->id);
      g_autoptr(PosSale) by_id = load_ok(ledger, want->id);
      g_autoptr(PosSale) by_no = load_ok(ledger, want->receipt_no);
      assert_totals_equal(by_id, want);
      assert_totals_equal(by_no, want);
      g_assert_true(pos_sale_check(by_id, NULL));
    }
    g_autoptr(PosSale) four = load_ok(ledger, ((PosSale *)g_ptr_array_index(sales, 3))->id);
    g_assert_cmpstr(four->cash_receipt_id, ==, "01023456789");
    g_assert_cmpstr(((PosTender *)g_ptr_array_index(four->tenders, 0))->ref, ==, "ZP-998877");
    pos_ledger_close(ledger);
  }

  /* Numbering goes on after a reopen, with no gap or repeat. */
  ledger = open_ok(s.path);
  g_autoptr(PosSale) sixth = ring(ledger, a, 1, POS_TENDER_CASH, 5000, NULL);
  g_autofree char *rno6 = g_strdup_printf("%s-%s-0006", device, TEST_DAY_COMPACT);
  g_assert_cmpstr(sixth->receipt_no, ==, rno6);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosSale) none = pos_ledger_load_sale(ledger, "NOPE-20260302-0001", &error);
    g_assert_null(none);
    g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  }
  check_ok(ledger);
  pos_ledger_close(ledger);
  g_unsetenv("MPOS_NOW");
}

/* ---- /ledger/migration --------------------------------------------------- */

/*
** Data as a version-1 program wrote it: settings, two products (no quick
** key, which came in version 2), an open day and one complete sale with its
** lines, tender and outbox events.  Only version-1 columns are named, so the
** same script is valid at every later version too.
**
** The sale: 2 x 콩나물 1,500 = 3,000 exempt; 김치 357 g at 12,000/kg = 4,284,
** rounded down to 10 won: 4,280 (rounding -4) taxable.  Total 7,280;
** supply round(4,280 / 1.1) = 3,891, VAT 389; cash 10,000, change 2,720.
*/
static void write_v1_data(const char *path, const char *sale_id, int64_t now_ms)
{
  char ev[3][POS_UUID_LEN + 1];
  for (int i = 0; i < 3; i++)
    pos_uuid7(now_ms, ev[i]);
  g_autofree char *sql = g_strdup_printf(
    "BEGIN;"
    "INSERT INTO setting(key, value) VALUES('stall_name', '옛날 반찬'),"
    " ('rounding_unit', '10'), ('device_id', 'OLD1');"
    "INSERT INTO product(id, plu, name, line_code, unit, price, tax, barcode, active, updated_ms)"
    " VALUES(1, 7, '콩나물', 'VEG', 'piece', 1500, 'exempt', NULL, 1, %" G_GINT64_FORMAT "),"
    " (2, 8, '배추김치', 'KIMCHI', 'kg', 12000, 'taxable', NULL, 1, %" G_GINT64_FORMAT ");"
    "INSERT INTO day_session(id, business_day, z_no, opened_ms, cash_float)"
    " VALUES(1, '" TEST_DAY "', 1, %" G_GINT64_FORMAT ", 30000);"
    "INSERT INTO doc(id, kind, original_id, receipt_no, business_day, day_seq, device_ms,"
    " session_id, lines_sum, rounding, line_discounts, sale_discount, total, taxable, supply,"
    " vat, exempt, paid, change) VALUES('%s', 'sale', NULL, 'OLD1-" TEST_DAY_COMPACT "-0001',"
    " '" TEST_DAY "', 1, %" G_GINT64_FORMAT ", 1, 7284, -4, 0, 0, 7280, 4280, 3891, 389, 3000,"
    " 10000, 2720);"
    "INSERT INTO doc_line(doc_id, line_no, product_id, plu, name, line_code, unit, tax,"
    " list_price, unit_price, qty_milli, amount, rounding, line_discount, sale_discount_share,"
    " net) VALUES('%s', 0, 1, 7, '콩나물', 'VEG', 'piece', 'exempt', 1500, 1500, 2000, 3000,"
    " 0, 0, 0, 3000),"
    " ('%s', 1, 2, 8, '배추김치', 'KIMCHI', 'kg', 'taxable', 12000, 12000, 357, 4284, -4, 0, 0,"
    " 4280);"
    "INSERT INTO doc_tender(doc_id, seq, method, amount) VALUES('%s', 0, 'cash', 10000);"
    "INSERT INTO outbox(event_id, kind, ref, created_ms) VALUES"
    " ('%s', 'product', '1', %" G_GINT64_FORMAT "), ('%s', 'product', '2', %" G_GINT64_FORMAT "),"
    " ('%s', 'sale', '%s', %" G_GINT64_FORMAT ");"
    "COMMIT;",
    now_ms, now_ms, now_ms, sale_id, now_ms, sale_id, sale_id, sale_id, ev[0], now_ms, ev[1],
    now_ms, ev[2], sale_id, now_ms);
  g_autoptr(RawDb) db = raw_open(path);
  raw_exec_ok(db, sql);
}

static void test_migration(void)
{
  const int latest = pos_ledger_schema_version();
  g_assert_cmpint(latest, >=, 2);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  for (int v = 1; v < latest; v++) {
    g_auto(Scratch) s;
    g_autoptr(GError) error = NULL;
    char sale_id[POS_UUID_LEN + 1];
    scratch_init(&s);
    g_test_message("schema version %d -> %d", v, latest);

    /* A ledger made by the version-v program. */
    PosLedger *old = pos_ledger_open_full(s.path, POS_SYNC_FULL, v, &error);
    g_assert_no_error(error);
    g_assert_nonnull(old);
    pos_ledger_close(old);
    {
      g_autoptr(RawDb) db = raw_open(s.path);
      g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, v);
      /* version 1 has no quick keys: the migration is really still to run */
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM pragma_table_info('product')"
                                  " WHERE name = 'quick_key'"), ==, v >= 2);
    }
    pos_uuid7(pos_now_ms(), sale_id);
    write_v1_data(s.path, sale_id, pos_now_ms());

    /* Opened by this program: migrated in place. */
    g_autoptr(PosLedger) ledger = open_ok(s.path);
    {
      g_autoptr(RawDb) db = raw_open(s.path);
      g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, latest);
      g_assert_cmpint(tu_sql_int(db, "PRAGMA application_id"), ==, 0x4d504f53);
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc"), ==, 1);
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_line"), ==, 2);
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM outbox"), ==, 3);
    }
    check_ok(ledger);
    g_autofree char *device = device_id(ledger);
    g_assert_cmpstr(device, ==, "OLD1");
    PosCartRules rules;
    pos_ledger_cart_rules(ledger, &rules);
    g_assert_cmpint(rules.rounding_unit, ==, 10);

    g_autoptr(PosProduct) kimchi = pos_ledger_product_by_plu(ledger, 8, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(kimchi->name, ==, "배추김치");
    g_assert_cmpint(kimchi->price, ==, 12000);
    g_assert_cmpint(kimchi->unit, ==, POS_UNIT_KG);
    g_assert_cmpint(kimchi->tax, ==, POS_TAX_TAXABLE);
    g_assert_cmpint(kimchi->quick_key, ==, -1);   /* the version-2 default */

    g_autoptr(PosSale) old_sale = load_ok(ledger, "OLD1-" TEST_DAY_COMPACT "-0001");
    g_assert_cmpstr(old_sale->id, ==, sale_id);
    g_assert_cmpint(old_sale->totals.total, ==, 7280);
    g_assert_cmpint(old_sale->totals.supply, ==, 3891);
    g_assert_cmpint(old_sale->totals.vat, ==, 389);
    g_assert_cmpint(old_sale->settlement.change, ==, 2720);
    g_assert_null(old_sale->cash_receipt_id);
    g_assert_cmpuint(old_sale->lines->len, ==, 2);
    g_assert_cmpint(((PosLine *)g_ptr_array_index(old_sale->lines, 1))->rounding, ==, -4);

    /* The upgraded ledger takes version-2 data: a quick key, a cash receipt. */
    g_autoptr(PosProduct) sprouts = pos_ledger_product_by_plu(ledger, 7, &error);
    g_assert_no_error(error);
    sprouts->quick_key = 3;
    g_assert_true(pos_ledger_product_save(ledger, sprouts, &error));
    g_assert_no_error(error);
    g_autoptr(PosCart) cart = pos_cart_new(&rules);
    g_assert_true(pos_cart_add(cart, sprouts, 3000, NULL, &error));   /* 4,500 */
    g_assert_true(pos_cart_add(cart, kimchi, 500, NULL, &error));     /* 6,000 */
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 11000, NULL, &error));
    g_assert_true(pos_cart_set_cash_receipt(cart, "01099998888", &error));
    g_assert_no_error(error);
    g_autoptr(PosSale) sale = NULL;
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &sale, &error));
    g_assert_no_error(error);
    g_assert_cmpstr(sale->receipt_no, ==, "OLD1-" TEST_DAY_COMPACT "-0002");
    g_assert_cmpint(sale->session_id, ==, 1);   /* the day opened by the old program */
    g_assert_cmpint(sale->totals.total, ==, 10500);
    g_assert_cmpint(sale->settlement.change, ==, 500);
    g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, NULL), ==, 2);
    g_assert_cmpuint(outbox_count(ledger, POS_EVENT_PRODUCT, NULL), ==, 3);
    g_clear_pointer(&ledger, pos_ledger_close);

    /* A second open finds nothing to migrate and loses nothing. */
    ledger = open_ok(s.path);
    check_ok(ledger);
    g_autoptr(PosSale) again = load_ok(ledger, sale->id);
    assert_totals_equal(again, sale);
    g_autoptr(PosProduct) sprouts2 = pos_ledger_product_by_plu(ledger, 7, &error);
    g_assert_no_error(error);
    g_assert_cmpint(sprouts2->quick_key, ==, 3);
    g_autoptr(GPtrArray) ids = list_ids(ledger, NULL);
    g_assert_cmpuint(ids->len, ==, 2);
  }
  g_unsetenv("MPOS_NOW");
}

/* ---- /ledger/newer-schema ------------------------------------------------ */

static void test_newer_schema(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  const int latest = pos_ledger_schema_version();
  scratch_init(&s);
  PosLedger *ledger = new_stall(s.path, 1);
  const Item a[] = {{PLU_CABBAGE, 1000}};
  g_autoptr(PosSale) sale = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  pos_ledger_close(ledger);
  {
    g_autoptr(RawDb) db = raw_open(s.path);
    g_autofree char *bump = g_strdup_printf("PRAGMA user_version=%d", latest + 1);
    raw_exec_ok(db, bump);
  }
  g_autofree char *before = ledger_fingerprint(s.path);

  ledger = pos_ledger_open(s.path, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_SCHEMA);
  g_clear_error(&error);
  /* asking for an older target does not make it acceptable either */
  ledger = pos_ledger_open_full(s.path, POS_SYNC_FULL, 1, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_SCHEMA);

  g_autoptr(RawDb) db = raw_open(s.path);
  g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, latest + 1);
  g_autofree char *after = ledger_fingerprint(s.path);
  g_assert_cmpstr(after, ==, before);
}

/* ---- /ledger/constraints ------------------------------------------------- */

static void assert_raw_fails(sqlite3 *db, const char *sql, int want_rc)
{
  int rc = raw_exec(db, sql);
  if (rc != want_rc)
    g_error("'%s' gave %d (%s), expected %d", sql, rc, sqlite3_errmsg(db), want_rc);
}

/* A doc row in raw SQL with its figures; all identities hold unless exempt is off. */
static char *raw_doc_insert(const char *id, int64_t session, PosMoney exempt)
{
  return g_strdup_printf(
    "INSERT INTO doc(id, kind, receipt_no, business_day, day_seq, device_ms, session_id,"
    " lines_sum, rounding, line_discounts, sale_discount, total, taxable, supply, vat, exempt,"
    " paid, change) VALUES('%s', 'sale', 'RAW-19990101-0001', '1999-01-01', 1, 0,"
    " %" G_GINT64_FORMAT ", 1000, 0, 0, 0, 1000, 0, 0, 0, %" G_GINT64_FORMAT ", 1000, 0)",
    id, session, exempt);
}

static void test_constraints(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  g_autoptr(PosLedger) ledger = new_stall(s.path, 1);

  /* Duplicate PLU: CONFLICT, the product keeps id 0, nothing queued. */
  g_autoptr(PosProduct) dup = pos_product_new();
  dup->plu = PLU_TOFU;
  dup->name = g_strdup("다른 두부");
  dup->line_code = g_strdup("TOFU");
  dup->price = 3000;
  g_assert_false(pos_ledger_product_save(ledger, dup, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_cmpint(dup->id, ==, 0);
  /* Duplicate barcode under a free PLU: CONFLICT as well. */
  dup->plu = 50;
  dup->barcode = g_strdup(TOFU_BARCODE);
  g_assert_false(pos_ledger_product_save(ledger, dup, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_CONFLICT);
  g_clear_error(&error);
  g_assert_cmpint(dup->id, ==, 0);
  /* Updating an existing product onto another's PLU: CONFLICT. */
  g_autoptr(PosProduct) cabbage = pos_ledger_product_by_plu(ledger, PLU_CABBAGE, &error);
  g_assert_no_error(error);
  cabbage->plu = PLU_PORK;
  g_assert_false(pos_ledger_product_save(ledger, cabbage, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_CONFLICT);
  g_clear_error(&error);
  g_autoptr(GPtrArray) products = pos_ledger_product_list(ledger, FALSE, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(products->len, ==, G_N_ELEMENTS(catalog));
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_PRODUCT, NULL), ==, G_N_ELEMENTS(catalog));
  g_autoptr(PosProduct) still = pos_ledger_product_by_plu(ledger, PLU_CABBAGE, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(still->name, ==, "배추");
  /* and the same PLU is free again for a valid save */
  dup->plu = 51;
  g_clear_pointer(&dup->barcode, g_free);
  g_assert_true(pos_ledger_product_save(ledger, dup, &error));
  g_assert_no_error(error);

  const Item a[] = {{PLU_TOFU, 1000}, {PLU_CABBAGE, 2000}};
  g_autoptr(PosSale) sale = ring(ledger, a, 2, POS_TENDER_CASH, 20000, NULL);
  g_autofree char *before = ledger_fingerprint(s.path);

  /* Another program on the same file, while the ledger is open. */
  g_autoptr(RawDb) db = raw_open(s.path);
  static const char *const forbidden[] = {
    "UPDATE doc SET total = total + 1, paid = paid + 1",
    "UPDATE doc SET reason = 'oops'",
    "DELETE FROM doc",
    "UPDATE doc_line SET name = 'x'",
    "DELETE FROM doc_line",
    "UPDATE doc_tender SET amount = 1",
    "DELETE FROM doc_tender",
    "DELETE FROM outbox",
    "DELETE FROM day_session",
  };
  for (guint i = 0; i < G_N_ELEMENTS(forbidden); i++) {
    assert_raw_fails(db, forbidden[i], SQLITE_CONSTRAINT_TRIGGER);
    const char *msg = sqlite3_errmsg(db);
    g_assert_true(strstr(msg, "immutable") || strstr(msg, "never dropped")
                  || strstr(msg, "are kept"));
  }
  /* A closed day is final. */
  g_assert_true(pos_ledger_close_day(ledger, 20000, NULL, &error));
  g_assert_no_error(error);
  assert_raw_fails(db, "UPDATE day_session SET counted_cash = 0", SQLITE_CONSTRAINT_TRIGGER);
  g_free(before);
  before = ledger_fingerprint(s.path);

  /* The CHECKs: the same row is accepted when it reconciles... */
  g_autofree char *good = raw_doc_insert("00000000-0000-7000-8000-000000000001",
                                         sale->session_id, 1000);
  raw_exec_ok(db, "BEGIN");
  raw_exec_ok(db, good);
  raw_exec_ok(db, "ROLLBACK");
  /* ...and refused when total != taxable + exempt (1,000 != 0 + 900). */
  g_autofree char *bad = raw_doc_insert("00000000-0000-7000-8000-000000000002",
                                        sale->session_id, 900);
  assert_raw_fails(db, bad, SQLITE_CONSTRAINT_CHECK);
  /* A line whose net is not amount - discounts, and a zero tender. */
  g_autofree char *bad_line = g_strdup_printf(
    "INSERT INTO doc_line(doc_id, line_no, plu, name, line_code, unit, tax, list_price,"
    " unit_price, qty_milli, amount, rounding, line_discount, sale_discount_share, net)"
    " VALUES('%s', 9, 1, 'x', 'GEN', 'piece', 'taxable', 100, 100, 1000, 100, 0, 0, 0, 99)",
    sale->id);
  assert_raw_fails(db, bad_line, SQLITE_CONSTRAINT_CHECK);
  g_autofree char *zero_tender = g_strdup_printf(
    "INSERT INTO doc_tender(doc_id, seq, method, amount) VALUES('%s', 9, 'cash', 0)", sale->id);
  assert_raw_fails(db, zero_tender, SQLITE_CONSTRAINT_CHECK);

  g_autofree char *after = ledger_fingerprint(s.path);
  g_assert_cmpstr(after, ==, before);
  check_ok(ledger);
  g_autoptr(PosSale) back = load_ok(ledger, sale->id);
  assert_totals_equal(back, sale);
  g_assert_cmpint(back->totals.total, ==, 2500 + 8000);
}

/* ---- /ledger/read-only ---------------------------------------------------- */

/* Every write the API offers must fail with READONLY on this ledger. */
static void assert_writes_refused(PosLedger *ledger, const char *sale_id)
{
  g_autoptr(GError) error = NULL;
  const Item a[] = {{PLU_TOFU, 1000}};
  g_autoptr(PosCart) cart = fill_cart(ledger, a, 1);
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 2500, NULL, &error));
  g_assert_false(pos_ledger_commit_sale(ledger, cart, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
  g_clear_error(&error);
  g_assert_cmpuint(pos_cart_n_lines(cart), ==, 1);   /* the sale is still in the cart */

  g_assert_false(pos_ledger_void(ledger, sale_id, "wrong item", NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
  g_clear_error(&error);

  const int line0 = 0;
  g_assert_false(pos_ledger_refund(ledger, sale_id, &line0, 1, POS_TENDER_CASH, "x", NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
  g_clear_error(&error);

  g_autoptr(PosProduct) p = pos_ledger_product_by_plu(ledger, PLU_TOFU, &error);
  g_assert_no_error(error);
  p->price = 2700;
  g_assert_false(pos_ledger_product_save(ledger, p, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
  g_clear_error(&error);

  g_assert_false(pos_ledger_set_setting(ledger, "phone", "02-123-4567", &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
  g_clear_error(&error);

  g_assert_false(pos_ledger_close_day(ledger, 0, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
  g_clear_error(&error);

  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(ledger, 1, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(rows->len, ==, 1);
  const PosOutboxRow *r = g_ptr_array_index(rows, 0);
  g_assert_false(pos_ledger_outbox_mark(ledger, r->event_id, POS_OUTBOX_SENT, NULL, NULL,
                                        &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
}

static void assert_reads_work(PosLedger *ledger, GPtrArray *sales)
{
  g_autoptr(GPtrArray) ids = list_ids(ledger, NULL);
  g_assert_cmpuint(ids->len, ==, sales->len);
  for (guint i = 0; i < sales->len; i++) {
    const PosSale *want = g_ptr_array_index(sales, i);
    g_autoptr(PosSale) got = load_ok(ledger, want->receipt_no);
    assert_totals_equal(got, want);
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = pos_ledger_product_list(ledger, TRUE, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(products->len, ==, G_N_ELEMENTS(catalog));
  PosZReport x;
  g_assert_true(pos_ledger_x_report(ledger, &x, &error));
  g_assert_no_error(error);
  g_assert_cmpint(x.receipts, ==, (gint64)sales->len);
  pos_zreport_clear(&x);
  check_ok(ledger);
}

static void test_read_only(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
  PosLedger *ledger = new_stall(s.path, 1);
  const Item a[] = {{PLU_TOFU, 2000}};
  const Item b[] = {{PLU_PORK, 600}, {PLU_CABBAGE, 1000}};
  g_ptr_array_add(sales, ring(ledger, a, 1, POS_TENDER_CASH, 10000, NULL));
  g_ptr_array_add(sales, ring(ledger, b, 2, POS_TENDER_CARD, 10800 + 4000, "12345678"));
  pos_ledger_close(ledger);
  g_autofree char *before = ledger_fingerprint(s.path);
  const char *sale_id = ((PosSale *)g_ptr_array_index(sales, 0))->id;

  /* Opened read-only by URI (root ignores file modes, the URI does not). */
  g_autofree char *escaped = g_uri_escape_string(s.path, "/", FALSE);
  g_autofree char *uri = g_strdup_printf("file:%s?mode=ro", escaped);
  ledger = pos_ledger_open(uri, &error);
  g_assert_no_error(error);
  g_assert_nonnull(ledger);
  assert_reads_work(ledger, sales);
  assert_writes_refused(ledger, sale_id);
  assert_reads_work(ledger, sales);
  pos_ledger_close(ledger);
  g_autofree char *after = ledger_fingerprint(s.path);
  g_assert_cmpstr(after, ==, before);

  /* A read-only ledger that still needs a migration is refused, not half-upgraded. */
  {
    g_autofree char *old_path = g_build_filename(s.dir, "v1.sqlite", NULL);
    PosLedger *old = pos_ledger_open_full(old_path, POS_SYNC_FULL, 1, &error);
    g_assert_no_error(error);
    pos_ledger_close(old);
    g_autofree char *old_escaped = g_uri_escape_string(old_path, "/", FALSE);
    g_autofree char *old_uri = g_strdup_printf("file:%s?mode=ro", old_escaped);
    old = pos_ledger_open(old_uri, &error);
    g_assert_null(old);
    g_assert_error(error, POS_ERROR, POS_ERROR_READONLY);
    g_clear_error(&error);
    g_autoptr(RawDb) db = raw_open(old_path);
    g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, 1);
  }

  /* File modes, when they bind (not as root). */
  if (geteuid() != 0) {
    g_assert_cmpint(g_chmod(s.path, 0444), ==, 0);
    ledger = pos_ledger_open(s.path, &error);
    g_assert_no_error(error);
    g_assert_nonnull(ledger);
    assert_reads_work(ledger, sales);
    assert_writes_refused(ledger, sale_id);
    pos_ledger_close(ledger);
    g_assert_cmpint(g_chmod(s.path, 0644), ==, 0);
    g_free(after);
    after = ledger_fingerprint(s.path);
    g_assert_cmpstr(after, ==, before);
  } else {
    g_test_message("running as root: chmod 0444 does not bind, URI mode=ro covered it");
  }

  /* Back read-write: the same sales, and it takes new ones. */
  ledger = open_ok(s.path);
  assert_reads_work(ledger, sales);
  g_autoptr(PosSale) third = ring(ledger, a, 1, POS_TENDER_CASH, 5000, NULL);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, NULL), ==, 3);
  check_ok(ledger);
  pos_ledger_close(ledger);
}

/* ---- /ledger/not-a-db ------------------------------------------------------ */

static void test_not_a_db(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);

  /* 4 KiB of text and binary junk, deterministic. */
  GString *junk = g_string_new(NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed(4096);
  while (junk->len < 4096) {
    g_string_append(junk, "이것은 장부가 아닙니다. This is not a ledger.\n");
    for (int i = 0; i < 40; i++)
      g_string_append_c(junk, (char)g_rand_int_range(rand, 0, 256));
  }
  g_string_truncate(junk, 4096);
  g_autoptr(GBytes) want = g_string_free_to_bytes(junk);
  g_assert_true(g_file_set_contents(s.path, g_bytes_get_data(want, NULL),
                                    (gssize)g_bytes_get_size(want), &error));
  g_assert_no_error(error);

  PosLedger *ledger = pos_ledger_open(s.path, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_A_DB);
  g_clear_error(&error);
  g_autoptr(GBytes) got = read_bytes(s.path);
  g_assert_true(g_bytes_equal(got, want));
  g_autofree char *listing = dir_listing(s.dir);
  g_assert_cmpstr(listing, ==, "ledger.sqlite");   /* no -wal, -shm or -journal left */

  /* A file that ends inside the header (a cut copy) is no ledger either. */
  g_autofree char *cut = g_build_filename(s.dir, "cut.sqlite", NULL);
  g_autoptr(GBytes) cut_want = NULL;
  {
    PosLedger *good = new_stall(cut, 1);
    pos_ledger_close(good);
    g_autoptr(GBytes) whole = read_bytes(cut);
    g_assert_cmpuint(g_bytes_get_size(whole), >, 100);
    cut_want = g_bytes_new_from_bytes(whole, 0, 60);
    g_assert_true(g_file_set_contents(cut, g_bytes_get_data(cut_want, NULL), 60, &error));
    g_assert_no_error(error);
  }
  ledger = pos_ledger_open(cut, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_A_DB);
  g_autoptr(GBytes) cut_got = read_bytes(cut);
  g_assert_true(g_bytes_equal(cut_got, cut_want));
}

/* ---- /ledger/foreign-db ----------------------------------------------------- */

/*
** An SQLite database of another program (a table x, no application id) is
** refused with NOT_A_DB and left exactly as it was: no tables, no
** user_version, and not a byte of it changed, not even the journal mode
** (header bytes 18-19: 1 = rollback journal, 2 = WAL), since its owner may
** not be able to use WAL (network file systems, read-only directories).
** Registered last: it is the case that fails while the ledger switches a
** file to WAL before deciding whether the file is its own.
*/
static void test_foreign_db(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  {
    sqlite3 *db = NULL;
    g_assert_cmpint(sqlite3_open(s.path, &db), ==, SQLITE_OK);
    raw_exec_ok(db, "CREATE TABLE x(a); INSERT INTO x VALUES(42), ('김치');");
    raw_close(db);
  }
  g_autoptr(GBytes) before = read_bytes(s.path);
  g_assert_cmpuint(g_bytes_get_size(before), >, 100);

  PosLedger *ledger = pos_ledger_open(s.path, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_A_DB);
  g_clear_error(&error);
  /* asking for version 1 only changes nothing */
  ledger = pos_ledger_open_full(s.path, POS_SYNC_FULL, 1, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_A_DB);
  g_autoptr(GBytes) after = read_bytes(s.path);
  g_autofree char *listing = dir_listing(s.dir);

  {
    g_autoptr(RawDb) db = raw_open(s.path);
    g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, 0);
    g_assert_cmpint(tu_sql_int(db, "PRAGMA application_id"), ==, 0);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM sqlite_schema"), ==, 1);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM x"), ==, 2);
  }
  const guint8 *b = g_bytes_get_data(before, NULL), *a = g_bytes_get_data(after, NULL);
  g_assert_cmpuint(g_bytes_get_size(after), ==, g_bytes_get_size(before));
  g_assert_cmpint(b[18], ==, 1);
  g_assert_cmpint(a[18], ==, b[18]);   /* write format: still rollback journal */
  g_assert_cmpint(a[19], ==, b[19]);   /* read format */
  g_assert_true(g_bytes_equal(after, before));
  g_assert_cmpstr(listing, ==, "ledger.sqlite");   /* no -wal or -shm beside it */
}

/* ---- /ledger/disk-full ------------------------------------------------------ */

static void test_disk_full(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  g_autoptr(PosLedger) ledger = new_stall(s.path, 1);
  gint64 pages;
  {
    g_autoptr(RawDb) db = raw_open(s.path);
    pages = tu_sql_int(db, "PRAGMA page_count");
  }
  g_assert_cmpint(pages, >, 1);
  g_assert_true(pos_ledger_set_page_limit(ledger, (int)pages, &error));
  g_assert_no_error(error);

  g_autoptr(GPtrArray) committed = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(PosCart) cart = NULL;
  gboolean full = FALSE;
  for (int i = 0; i < 5000 && !full; i++) {
    /* a sale that needs room: three lines, a note, a cash receipt */
    const Item items[] = {{PLU_TOFU, 1000 * (1 + i % 3)}, {PLU_CABBAGE, 1000}, {PLU_PORK, 300 + i % 500}};
    g_clear_pointer(&cart, pos_cart_free);
    cart = fill_cart(ledger, items, G_N_ELEMENTS(items));
    g_assert_true(pos_cart_discount_line(cart, 2, 100, "단골 손님 덤 (regular customer)", &error));
    g_assert_true(pos_cart_set_cash_receipt(cart, "010-5555-0000", &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 100000, NULL, &error));
    g_assert_no_error(error);
    PosSale *sale = NULL;
    if (pos_ledger_commit_sale(ledger, cart, &sale, &error)) {
      g_ptr_array_add(committed, g_strdup(sale->id));
      pos_sale_free(sale);
    } else {
      g_assert_error(error, POS_ERROR, POS_ERROR_FULL);
      g_assert_null(sale);
      full = TRUE;
    }
  }
  g_assert_true(full);
  g_test_message("%u sales fitted in %" G_GINT64_FORMAT " pages", committed->len, pages);
  g_clear_error(&error);
  /* The refused sale is still in the cart, ready to ring again. */
  g_assert_cmpuint(pos_cart_n_lines(cart), ==, 3);
  g_assert_cmpuint(pos_cart_n_tenders(cart), ==, 1);

  /* Exactly the committed sales, each with its event, nothing of the failed one. */
  g_autoptr(GPtrArray) ids = list_ids(ledger, NULL);
  g_assert_cmpuint(ids->len, ==, committed->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr(g_ptr_array_index(ids, i), ==, g_ptr_array_index(committed, i));
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, NULL), ==, committed->len);
  g_assert_cmpuint(outbox_count(ledger, -1, NULL), ==, committed->len + G_N_ELEMENTS(catalog));
  check_ok(ledger);
  {
    g_autoptr(RawDb) db = raw_open(s.path);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc"), ==, (gint64)committed->len);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_line"), ==, 3 * (gint64)committed->len);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_tender"), ==, (gint64)committed->len);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM outbox"), ==,
                    (gint64)committed->len + (gint64)G_N_ELEMENTS(catalog));
  }

  /* Still full for the next try; room again once the cap is lifted. */
  g_assert_false(pos_ledger_commit_sale(ledger, cart, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_FULL);
  g_clear_error(&error);
  g_assert_true(pos_ledger_set_page_limit(ledger, 1 << 20, &error));
  g_assert_no_error(error);
  g_autoptr(PosSale) last = NULL;
  g_assert_true(pos_ledger_commit_sale(ledger, cart, &last, &error));
  g_assert_no_error(error);
  g_autofree char *want_no = g_strdup_printf("-%04u", committed->len + 1);
  g_assert_true(g_str_has_suffix(last->receipt_no, want_no));   /* no number was burnt */
  g_clear_pointer(&ledger, pos_ledger_close);

  ledger = open_ok(s.path);
  g_autoptr(GPtrArray) ids2 = list_ids(ledger, NULL);
  g_assert_cmpuint(ids2->len, ==, committed->len + 1);
  g_assert_cmpstr(g_ptr_array_index(ids2, committed->len), ==, last->id);
  check_ok(ledger);
}

/* ---- /ledger/outbox ----------------------------------------------------------- */

static void test_outbox(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  g_autoptr(PosLedger) ledger = open_ok(s.path);
  g_assert_true(pos_ledger_init_stall(ledger, "생선가게", 1, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(outbox_count(ledger, -1, NULL), ==, 0);   /* settings are not events */

  add_catalog(ledger);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_PRODUCT, NULL), ==, G_N_ELEMENTS(catalog));
  g_autoptr(PosProduct) tofu = pos_ledger_product_by_plu(ledger, PLU_TOFU, &error);
  g_assert_no_error(error);
  g_autofree char *tofu_ref = g_strdup_printf("%" G_GINT64_FORMAT, tofu->id);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_PRODUCT, tofu_ref), ==, 1);
  tofu->price = 2800;   /* a price change is an event too */
  g_assert_true(pos_ledger_product_save(ledger, tofu, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_PRODUCT, tofu_ref), ==, 2);

  const Item a[] = {{PLU_TOFU, 1000}, {PLU_CABBAGE, 1000}};
  g_autoptr(PosSale) s1 = ring(ledger, a, 2, POS_TENDER_CASH, 10000, NULL);
  g_autoptr(PosSale) s2 = ring(ledger, a, 2, POS_TENDER_CARD, 6800, "55554444");
  /* Refused documents queue nothing: underpaid sale, void of a missing sale. */
  g_assert_false(try_ring(ledger, a, 2, POS_TENDER_CASH, 100, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_UNDERPAID);
  g_clear_error(&error);
  g_assert_false(pos_ledger_void(ledger, "no-such-sale", NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_cmpuint(outbox_count(ledger, -1, NULL), ==, G_N_ELEMENTS(catalog) + 1 + 2);

  g_autoptr(PosSale) v1 = NULL;
  g_assert_true(pos_ledger_void(ledger, s1->id, "잘못 찍음", &v1, &error));
  g_assert_no_error(error);
  const int line1 = 1;
  g_autoptr(PosSale) r2 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s2->id, &line1, 1, POS_TENDER_CARD, "시든 배추", &r2,
                                  &error));
  g_assert_no_error(error);
  int64_t session = 0;
  g_assert_true(pos_ledger_open_session(ledger, &session, &error));
  g_assert_no_error(error);
  g_assert_true(pos_ledger_close_day(ledger, 0, NULL, &error));
  g_assert_no_error(error);
  g_autofree char *session_ref = g_strdup_printf("%" G_GINT64_FORMAT, session);

  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, s1->id), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, s2->id), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_VOID, v1->id), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_REFUND, r2->id), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_DAY_CLOSE, session_ref), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, -1, s1->id), ==, 1);   /* nothing else names s1 */
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, NULL), ==, 2);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_VOID, NULL), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_REFUND, NULL), ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_DAY_CLOSE, NULL), ==, 1);
  const guint total = G_N_ELEMENTS(catalog) + 1 + 2 + 1 + 1 + 1;
  g_assert_cmpuint(outbox_count(ledger, -1, NULL), ==, total);

  /* In the order things happened, with unique event ids. */
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(ledger, 1000, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(rows->len, ==, total);
  static const PosEventKind order[] = {
    POS_EVENT_PRODUCT, POS_EVENT_PRODUCT, POS_EVENT_PRODUCT, POS_EVENT_PRODUCT,
    POS_EVENT_SALE, POS_EVENT_SALE, POS_EVENT_VOID, POS_EVENT_REFUND, POS_EVENT_DAY_CLOSE};
  G_STATIC_ASSERT(G_N_ELEMENTS(order) == G_N_ELEMENTS(catalog) + 6);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(rows, i);
    g_assert_cmpint(r->kind, ==, order[i]);
    g_assert_true(pos_uuid_valid(r->event_id));
    g_assert_true(g_hash_table_add(seen, (gpointer)r->event_id));
    g_assert_cmpint(r->attempts, ==, 0);
    if (i > 0)
      g_assert_cmpint(r->seq, >, ((PosOutboxRow *)g_ptr_array_index(rows, i - 1))->seq);
  }

  /* Marking: sent rows leave the pending list, rejected rows are kept. */
  const PosOutboxRow *first = g_ptr_array_index(rows, 0);
  const PosOutboxRow *fifth = g_ptr_array_index(rows, 4);
  g_assert_true(pos_ledger_outbox_mark(ledger, first->event_id, POS_OUTBOX_SENT, NULL, NULL,
                                       &error));
  g_assert_true(pos_ledger_outbox_mark(ledger, fifth->event_id, POS_OUTBOX_REJECTED,
                                       "bad_stall", "unknown stall code", &error));
  g_assert_no_error(error);
  g_assert_false(pos_ledger_outbox_mark(ledger, "01900000-0000-7000-8000-000000000000",
                                        POS_OUTBOX_SENT, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&error);
  int64_t pending = -1, sent = -1, rejected = -1;
  g_assert_true(pos_ledger_outbox_counts(ledger, &pending, &sent, &rejected, &error));
  g_assert_no_error(error);
  g_assert_cmpint(pending, ==, total - 2);
  g_assert_cmpint(sent, ==, 1);
  g_assert_cmpint(rejected, ==, 1);
  g_assert_cmpuint(outbox_count(ledger, POS_EVENT_SALE, s1->id), ==, 0);
  g_assert_cmpuint(outbox_count(ledger, -1, NULL), ==, total - 2);
  check_ok(ledger);
}

/* ---- /ledger/void-refund ------------------------------------------------------- */

static PosLineTotal *line_total(const PosZReport *z, guint i)
{
  g_assert_cmpuint(i, <, z->by_line->len);
  return g_ptr_array_index(z->by_line, i);
}

static void assert_zreport(const PosZReport *z)
{
  /* Sales S1 9,000 (cash 10,000, change 1,000), S2 17,100 (card),
     S3 2,500 (cash 3,000, change 500); S3 voided; S1 line 1 (cabbage 4,000)
     refunded in cash, S2 line 1 (pork net 9,100) refunded by transfer. */
  g_assert_cmpint(z->z_no, ==, 1);
  g_assert_cmpint(z->cash_float, ==, 50000);
  g_assert_cmpint(z->receipts, ==, 3);
  g_assert_cmpint(z->gross, ==, 9000 + 17100 + 2500);
  g_assert_cmpint(z->voids, ==, 1);
  g_assert_cmpint(z->voids_amount, ==, -2500);
  g_assert_cmpint(z->refunds, ==, 2);
  g_assert_cmpint(z->refunds_amount, ==, -4000 - 9100);
  g_assert_cmpint(z->total, ==, 28600 - 2500 - 13100);
  /* taxable: tofu 5,000 (S1) + 2,500 (S3) - 2,500 (void) = 5,000;
     supply: 4,545 + 2,273 - 2,273; VAT 455 + 227 - 227 */
  g_assert_cmpint(z->taxable, ==, 5000);
  g_assert_cmpint(z->supply, ==, 4545);
  g_assert_cmpint(z->vat, ==, 455);
  /* exempt: 4,000 + 17,100 - 4,000 - 9,100 */
  g_assert_cmpint(z->exempt, ==, 8000);
  g_assert_cmpint(z->discounts, ==, 800);
  /* cash: in 10,000 + 3,000, back 3,000 (void) + 4,000 (refund), change
     1,000 + 500 - 500 (the void takes S3's change back) */
  g_assert_cmpint(z->by_tender[POS_TENDER_CASH], ==, 13000 - 3000 - 4000 - 1000);
  g_assert_cmpint(z->by_tender[POS_TENDER_CARD], ==, 17100);
  g_assert_cmpint(z->by_tender[POS_TENDER_TRANSFER], ==, -9100);
  g_assert_cmpint(z->by_tender[POS_TENDER_ZEROPAY], ==, 0);
  g_assert_cmpint(z->by_tender[POS_TENDER_ONNURI_PAPER], ==, 0);
  PosMoney sum = 0;
  for (int m = 0; m < POS_TENDER_N; m++)
    sum += z->by_tender[m];
  g_assert_cmpint(sum, ==, z->total);
  g_assert_cmpint(z->cash_in, ==, 13000);
  g_assert_cmpint(z->change, ==, 1000);
  /* float + cash - change - cash refunds (the void's cash counted out too) */
  g_assert_cmpint(z->expected_cash, ==, 50000 + (13000 - 3000) - 1000 - 4000);
  g_assert_cmpint(z->cash_receipts_pending, ==, 1);
  g_assert_cmpuint(z->by_line->len, ==, 3);
  g_assert_cmpstr(line_total(z, 0)->line_code, ==, "MEAT");
  g_assert_cmpint(line_total(z, 0)->amount, ==, 9100 - 9100);
  g_assert_cmpstr(line_total(z, 1)->line_code, ==, "TOFU");
  g_assert_cmpint(line_total(z, 1)->amount, ==, 5000 + 2500 - 2500);
  g_assert_cmpstr(line_total(z, 2)->line_code, ==, "VEG");
  g_assert_cmpint(line_total(z, 2)->amount, ==, 4000 + 8000 - 4000);
}

static void test_void_refund(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  g_autoptr(PosLedger) ledger = new_stall(s.path, 100);
  g_assert_true(pos_ledger_open_day(ledger, 50000, &error));
  g_assert_no_error(error);
  g_assert_false(pos_ledger_open_day(ledger, 10000, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);

  /* S1: 2 tofu 5,000 taxable + cabbage 4,000 exempt = 9,000; cash 10,000. */
  g_autoptr(PosSale) s1 = NULL;
  {
    const Item items[] = {{PLU_TOFU, 2000}, {PLU_CABBAGE, 1000}};
    g_autoptr(PosCart) cart = fill_cart(ledger, items, 2);
    g_assert_true(pos_cart_set_cash_receipt(cart, "010-1234-5678", &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &s1, &error));
    g_assert_no_error(error);
  }
  g_assert_cmpint(s1->totals.total, ==, 9000);
  g_assert_cmpint(s1->totals.supply, ==, 4545);   /* round(5,000 / 1.1) */
  g_assert_cmpint(s1->totals.vat, ==, 455);
  g_assert_cmpint(s1->settlement.change, ==, 1000);

  /* S2: 2 cabbages 8,000 + pork 555 g: 18,000 x 0.555 = 9,990, down to the
     100 won: 9,900 (rounding -90), less 800 덤 = 9,100; total 17,100 by card. */
  g_autoptr(PosSale) s2 = NULL;
  {
    const Item items[] = {{PLU_CABBAGE, 2000}, {PLU_PORK, 555}};
    g_autoptr(PosCart) cart = fill_cart(ledger, items, 2);
    g_assert_true(pos_cart_discount_line(cart, 1, 800, "덤", &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, 17100, "30012345", &error));
    g_assert_true(pos_ledger_commit_sale(ledger, cart, &s2, &error));
    g_assert_no_error(error);
  }
  g_assert_cmpint(s2->totals.lines, ==, 17990);
  g_assert_cmpint(s2->totals.rounding, ==, -90);
  g_assert_cmpint(s2->totals.line_discounts, ==, 800);
  g_assert_cmpint(s2->totals.total, ==, 17100);
  g_assert_cmpint(s2->totals.taxable, ==, 0);

  /* S3: one tofu 2,500, cash 3,000, change 500. */
  const Item one_tofu[] = {{PLU_TOFU, 1000}};
  g_autoptr(PosSale) s3 = ring(ledger, one_tofu, 1, POS_TENDER_CASH, 3000, NULL);
  g_assert_cmpint(s3->settlement.change, ==, 500);

  /* Void S3: an exact negative copy pointing at it. */
  g_autoptr(PosSale) v3 = NULL;
  g_assert_true(pos_ledger_void(ledger, s3->id, "손님 변심", &v3, &error));
  g_assert_no_error(error);
  g_assert_cmpint(v3->kind, ==, POS_DOC_VOID);
  g_assert_cmpstr(v3->original_id, ==, s3->id);
  g_assert_cmpint(v3->totals.total, ==, -2500);
  g_assert_cmpint(v3->totals.supply, ==, -2273);
  g_assert_cmpint(v3->totals.vat, ==, -227);
  g_assert_cmpint(v3->settlement.paid, ==, -3000);
  g_assert_cmpint(v3->settlement.change, ==, -500);
  g_assert_cmpstr(v3->reason, ==, "손님 변심");

  g_autofree char *before = ledger_fingerprint(s.path);
  /* Void twice: STATE. */
  g_assert_false(pos_ledger_void(ledger, s3->id, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* By receipt number too. */
  g_assert_false(pos_ledger_void(ledger, s3->receipt_no, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* Refund of a voided sale: STATE. */
  const int line0 = 0, line1 = 1;
  g_assert_false(pos_ledger_refund(ledger, s3->id, &line0, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* A void is not a sale: it can be neither voided nor refunded. */
  g_assert_false(pos_ledger_void(ledger, v3->id, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_assert_false(pos_ledger_refund(ledger, v3->id, &line0, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_autofree char *after_refused = ledger_fingerprint(s.path);
  g_assert_cmpstr(after_refused, ==, before);

  /* Refund S1's cabbage in cash. */
  g_autoptr(PosSale) r1 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s1->id, &line1, 1, POS_TENDER_CASH, "시든 배추",
                                  &r1, &error));
  g_assert_no_error(error);
  g_assert_cmpint(r1->kind, ==, POS_DOC_REFUND);
  g_assert_cmpstr(r1->original_id, ==, s1->id);
  g_assert_cmpint(r1->totals.total, ==, -4000);
  g_assert_cmpint(r1->totals.exempt, ==, -4000);
  g_assert_cmpint(r1->totals.taxable, ==, 0);
  g_assert_cmpuint(r1->lines->len, ==, 1);
  g_assert_cmpint(((PosLine *)g_ptr_array_index(r1->lines, 0))->refunded_from, ==, 1);
  g_assert_cmpint(((PosLine *)g_ptr_array_index(r1->lines, 0))->qty_milli, ==, -1000);

  g_free(before);
  before = ledger_fingerprint(s.path);
  /* The same line twice: STATE; with a fresh line beside it: still STATE, all or nothing. */
  g_assert_false(pos_ledger_refund(ledger, s1->id, &line1, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  const int both[] = {0, 1};
  g_assert_false(pos_ledger_refund(ledger, s1->id, both, 2, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* One line twice in one request is a malformed request: INVALID. */
  const int twice[] = {0, 0};
  g_assert_false(pos_ledger_refund(ledger, s1->id, twice, 2, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&error);
  /* A line that does not exist: NOT_FOUND. */
  const int line7 = 7;
  g_assert_false(pos_ledger_refund(ledger, s1->id, &line7, 1, POS_TENDER_CASH, NULL, NULL,
                                   &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&error);
  /* Void after a partial refund: STATE. */
  g_assert_false(pos_ledger_void(ledger, s1->id, NULL, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_free(after_refused);
  after_refused = ledger_fingerprint(s.path);
  g_assert_cmpstr(after_refused, ==, before);

  /* Refund S2's pork by transfer: amount -9,990, rounding +90, discount -800. */
  g_autoptr(PosSale) r2 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s2->id, &line1, 1, POS_TENDER_TRANSFER, "상함",
                                  &r2, &error));
  g_assert_no_error(error);
  const PosLine *pork = g_ptr_array_index(r2->lines, 0);
  g_assert_cmpint(pork->amount, ==, -9990);
  g_assert_cmpint(pork->rounding, ==, 90);
  g_assert_cmpint(pork->line_discount, ==, -800);
  g_assert_cmpint(pork->net, ==, -9100);
  g_assert_cmpint(r2->totals.total, ==, -9100);

  /* Receipt numbers run on over sales, voids and refunds alike. */
  g_autofree char *device = device_id(ledger);
  g_autofree char *r2_no = g_strdup_printf("%s-%s-0006", device, TEST_DAY_COMPACT);
  g_assert_cmpstr(r2->receipt_no, ==, r2_no);

  PosZReport x;
  g_assert_true(pos_ledger_x_report(ledger, &x, &error));
  g_assert_no_error(error);
  assert_zreport(&x);
  g_assert_cmpint(x.closed_ms, ==, 0);
  pos_zreport_clear(&x);

  PosZReport z;
  g_assert_true(pos_ledger_close_day(ledger, 54500, &z, &error));
  g_assert_no_error(error);
  assert_zreport(&z);
  g_assert_cmpint(z.counted_cash, ==, 54500);
  g_assert_cmpint(z.cash_difference, ==, 54500 - 55000);
  g_assert_cmpint(z.closed_ms, >, 0);
  g_assert_cmpstr(z.business_day, ==, TEST_DAY);
  const int64_t session = z.session_id;
  pos_zreport_clear(&z);

  /* The reprint of the closed day has the same figures. */
  PosZReport again;
  g_assert_true(pos_ledger_session_report(ledger, session, &again, &error));
  g_assert_no_error(error);
  assert_zreport(&again);
  g_assert_cmpint(again.cash_difference, ==, -500);
  pos_zreport_clear(&again);

  /* The day is closed: no X report, no second close; a new sale opens Z 2. */
  g_assert_false(pos_ledger_x_report(ledger, &x, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  g_assert_false(pos_ledger_close_day(ledger, 0, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_STATE);
  g_clear_error(&error);
  /* Refunding a closed day's sale is fine and lands in the new session. */
  g_autoptr(PosSale) r3 = NULL;
  g_assert_true(pos_ledger_refund(ledger, s1->id, &line0, 1, POS_TENDER_CASH, NULL, &r3, &error));
  g_assert_no_error(error);
  g_assert_cmpint(r3->session_id, !=, session);
  g_assert_true(pos_ledger_x_report(ledger, &x, &error));
  g_assert_no_error(error);
  g_assert_cmpint(x.z_no, ==, 2);
  g_assert_cmpint(x.refunds, ==, 1);
  g_assert_cmpint(x.expected_cash, ==, -5000);   /* zero float, 5,000 paid out */
  pos_zreport_clear(&x);
  check_ok(ledger);
  g_unsetenv("MPOS_NOW");
}

/* ---- /ledger/business-day --------------------------------------------------------- */

static void test_business_day(void)
{
  g_auto(Scratch) s;
  g_autoptr(GError) error = NULL;
  scratch_init(&s);
  /* 23:59:59 in Seoul on 2 March is 14:59:59 UTC; one second later is 3 March. */
  g_setenv("MPOS_NOW", "2026-03-02T14:59:59Z", TRUE);
  g_autoptr(PosLedger) ledger = new_stall(s.path, 1);
  g_autofree char *device = device_id(ledger);
  g_assert_cmpuint(strlen(device), >=, 4);
  const Item a[] = {{PLU_CABBAGE, 1000}};

  g_autoptr(PosSale) d1a = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autoptr(PosSale) d1b = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_setenv("MPOS_NOW", "2026-03-02T15:00:00Z", TRUE);
  g_autoptr(PosSale) d2a = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autoptr(PosSale) d2b = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  /* a void on the next day takes that day's number, not the original's */
  g_autoptr(PosSale) v = NULL;
  g_assert_true(pos_ledger_void(ledger, d1b->id, NULL, &v, &error));
  g_assert_no_error(error);

  const struct {
    const PosSale *doc;
    const char *day;
    const char *number;
  } want[] = {
    {d1a, "2026-03-02", "20260302-0001"}, {d1b, "2026-03-02", "20260302-0002"},
    {d2a, "2026-03-03", "20260303-0001"}, {d2b, "2026-03-03", "20260303-0002"},
    {v, "2026-03-03", "20260303-0003"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    g_autofree char *rno = g_strdup_printf("%s-%s", device, want[i].number);
    g_assert_cmpstr(want[i].doc->business_day, ==, want[i].day);
    g_assert_cmpstr(want[i].doc->receipt_no, ==, rno);
    g_autoptr(PosSale) back = load_ok(ledger, rno);
    g_assert_cmpstr(back->id, ==, want[i].doc->id);
  }
  g_autoptr(GPtrArray) day1 = list_ids(ledger, "2026-03-02");
  g_autoptr(GPtrArray) day2 = list_ids(ledger, "2026-03-03");
  g_autoptr(GPtrArray) day3 = list_ids(ledger, "2026-03-04");
  g_assert_cmpuint(day1->len, ==, 2);
  g_assert_cmpuint(day2->len, ==, 3);
  g_assert_cmpuint(day3->len, ==, 0);
  g_assert_cmpstr(g_ptr_array_index(day2, 2), ==, v->id);

  /* A week later, in the morning: numbering restarts again. */
  g_setenv("MPOS_NOW", "2026-03-10T06:30:00+09:00", TRUE);
  g_autoptr(PosSale) d3 = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autofree char *rno3 = g_strdup_printf("%s-20260310-0001", device);
  g_assert_cmpstr(d3->receipt_no, ==, rno3);
  /* The clock set back to an earlier day continues that day's numbers: unique. */
  g_setenv("MPOS_NOW", "2026-03-02T12:00:00+09:00", TRUE);
  g_autoptr(PosSale) back_day = ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_autofree char *rno4 = g_strdup_printf("%s-20260302-0003", device);
  g_assert_cmpstr(back_day->receipt_no, ==, rno4);

  /* Another till of the same stall has its own device id, so its numbers
     for the same day never clash with these. */
  g_autofree char *path2 = g_build_filename(s.dir, "till2.sqlite", NULL);
  g_autoptr(PosLedger) till2 = new_stall(path2, 1);
  g_autofree char *device2 = device_id(till2);
  g_autoptr(PosSale) other = ring(till2, a, 1, POS_TENDER_CASH, 4000, NULL);
  g_assert_true(g_str_has_prefix(other->receipt_no, device2));
  g_assert_true(g_str_has_suffix(other->receipt_no, "-20260302-0001"));
  check_ok(ledger);
  check_ok(till2);
  g_unsetenv("MPOS_NOW");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_unsetenv("MPOS_NOW");
  g_test_add_func("/ledger/reopen", test_reopen);
  g_test_add_func("/ledger/migration", test_migration);
  g_test_add_func("/ledger/newer-schema", test_newer_schema);
  g_test_add_func("/ledger/constraints", test_constraints);
  g_test_add_func("/ledger/read-only", test_read_only);
  g_test_add_func("/ledger/not-a-db", test_not_a_db);
  g_test_add_func("/ledger/disk-full", test_disk_full);
  g_test_add_func("/ledger/outbox", test_outbox);
  g_test_add_func("/ledger/void-refund", test_void_refund);
  g_test_add_func("/ledger/business-day", test_business_day);
  g_test_add_func("/ledger/foreign-db", test_foreign_db);
  return g_test_run();
}
