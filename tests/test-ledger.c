/*
** test-ledger.c: the stall ledger's file under bad conditions.
**
** Every case works on a fresh ledger file in its own temporary directory and
** drives it through the public API (pos.h) only; where the case is about
** what the file itself allows (migrations from old files, the immutability
** triggers, a newer schema, a stranger's file) it opens the same file with
** plain sqlite3, as another program or a careless script would
** (ledger-testutil.h).  The ledger's business rules are in
** test-ledger-rules.c.
**
**   /ledger/reopen          sales survive close and reopen, by id and receipt no
**   /ledger/migration       every older schema version upgrades with its data
**   /ledger/newer-schema    a file from a newer program is refused (SCHEMA)
**   /ledger/constraints     duplicate PLU/barcode, triggers, CHECKs in the file
**   /ledger/read-only       a read-only ledger reads, refuses writes, is unchanged
**   /ledger/not-a-db        garbage and a cut-off ledger are refused, untouched
**   /ledger/disk-full       a capped ledger fails with FULL and stays whole
**   /ledger/foreign-db      another program's SQLite file is refused, byte for byte
**                           unchanged (runs last; see the case)
**
** Expected figures are worked out by hand in the comments next to them, so
** a wrong sum in the library fails here rather than agreeing with itself.
*/
#include "ledger-testutil.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

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
  g_auto(LtScratch) s;
  lt_scratch_init(&s);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
  g_autofree char *device = NULL;
  PosLedger *ledger = lt_new_stall(s.path, 10);
  device = lt_device_id(ledger);

  /* 1: two tofu, 5,000 taxable, cash 5,000 exactly. */
  const LtItem a[] = {{PLU_TOFU, 2000}};
  g_ptr_array_add(sales, lt_ring(ledger, a, 1, POS_TENDER_CASH, 5000, NULL));
  /* 2: pork 357 g: 18,000 x 0.357 = 6,426 -> 6,420 (unit 10), card. */
  const LtItem b[] = {{PLU_PORK, 357}};
  g_ptr_array_add(sales, lt_ring(ledger, b, 1, POS_TENDER_CARD, 6420, "77001234"));
  /* 3: cabbage + tofu = 6,500, paper Onnuri 10,000: 65% spent, 3,500 change. */
  const LtItem c[] = {{PLU_CABBAGE, 1000}, {PLU_TOFU, 1000}};
  g_ptr_array_add(sales, lt_ring(ledger, c, 2, POS_TENDER_ONNURI_PAPER, 10000, NULL));
  /* 4: split: 3 cabbages 12,000 = Zero Pay 7,000 + cash 10,000 (5,000 change),
     with a cash receipt. */
  {
    g_autoptr(GError) error = NULL;
    const LtItem d[] = {{PLU_CABBAGE, 3000}};
    g_autoptr(PosCart) cart = lt_fill_cart(ledger, d, 1);
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
  const LtItem e[] = {{PLU_TOFU, 1000}, {PLU_CABBAGE, 1000}, {PLU_PORK, 1250}};
  g_ptr_array_add(sales, lt_ring(ledger, e, 3, POS_TENDER_CASH, 50000, NULL));

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
    ledger = lt_open_ok(s.path);
    g_autofree char *again = lt_device_id(ledger);
    g_assert_cmpstr(again, ==, device);
    lt_check_ok(ledger);
    g_autoptr(GPtrArray) ids = lt_list_ids(ledger, NULL);
    g_assert_cmpuint(ids->len, ==, sales->len);
    for (guint i = 0; i < sales->len; i++) {
      const PosSale *want = g_ptr_array_index(sales, i);
      g_assert_cmpstr(g_ptr_array_index(ids, i), ==, want->id);
      g_autoptr(PosSale) by_id = lt_load_ok(ledger, want->id);
      g_autoptr(PosSale) by_no = lt_load_ok(ledger, want->receipt_no);
      lt_assert_totals_equal(by_id, want);
      lt_assert_totals_equal(by_no, want);
      g_assert_true(pos_sale_check(by_id, NULL));
    }
    g_autoptr(PosSale) four = lt_load_ok(ledger, ((PosSale *)g_ptr_array_index(sales, 3))->id);
    g_assert_cmpstr(four->cash_receipt_id, ==, "01023456789");
    g_assert_cmpstr(((PosTender *)g_ptr_array_index(four->tenders, 0))->ref, ==, "ZP-998877");
    pos_ledger_close(ledger);
  }

  /* Numbering goes on after a reopen, with no gap or repeat. */
  ledger = lt_open_ok(s.path);
  g_autoptr(PosSale) sixth = lt_ring(ledger, a, 1, POS_TENDER_CASH, 5000, NULL);
  g_autofree char *rno6 = g_strdup_printf("%s-%s-0006", device, TEST_DAY_COMPACT);
  g_assert_cmpstr(sixth->receipt_no, ==, rno6);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosSale) none = pos_ledger_load_sale(ledger, "NOPE-20260302-0001", &error);
    g_assert_null(none);
    g_assert_error(error, POS_ERROR, POS_ERROR_NOT_FOUND);
  }
  lt_check_ok(ledger);
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
  g_autoptr(LtRawDb) db = lt_raw_open(path);
  lt_raw_exec_ok(db, sql);
}

static void test_migration(void)
{
  const int latest = pos_ledger_schema_version();
  g_assert_cmpint(latest, >=, 2);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  for (int v = 1; v < latest; v++) {
    g_auto(LtScratch) s;
    g_autoptr(GError) error = NULL;
    char sale_id[POS_UUID_LEN + 1];
    lt_scratch_init(&s);
    g_test_message("schema version %d -> %d", v, latest);

    /* A ledger made by the version-v program. */
    PosLedger *old = pos_ledger_open_full(s.path, POS_SYNC_FULL, v, &error);
    g_assert_no_error(error);
    g_assert_nonnull(old);
    pos_ledger_close(old);
    {
      g_autoptr(LtRawDb) db = lt_raw_open(s.path);
      g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, v);
      /* version 1 has no quick keys: the migration is really still to run */
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM pragma_table_info('product')"
                                  " WHERE name = 'quick_key'"), ==, v >= 2);
    }
    pos_uuid7(pos_now_ms(), sale_id);
    write_v1_data(s.path, sale_id, pos_now_ms());

    /* Opened by this program: migrated in place. */
    g_autoptr(PosLedger) ledger = lt_open_ok(s.path);
    {
      g_autoptr(LtRawDb) db = lt_raw_open(s.path);
      g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, latest);
      g_assert_cmpint(tu_sql_int(db, "PRAGMA application_id"), ==, 0x4d504f53);
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc"), ==, 1);
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_line"), ==, 2);
      g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM outbox"), ==, 3);
    }
    lt_check_ok(ledger);
    g_autofree char *device = lt_device_id(ledger);
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

    g_autoptr(PosSale) old_sale = lt_load_ok(ledger, "OLD1-" TEST_DAY_COMPACT "-0001");
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
    g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, NULL), ==, 2);
    g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_PRODUCT, NULL), ==, 3);
    g_clear_pointer(&ledger, pos_ledger_close);

    /* A second open finds nothing to migrate and loses nothing. */
    ledger = lt_open_ok(s.path);
    lt_check_ok(ledger);
    g_autoptr(PosSale) again = lt_load_ok(ledger, sale->id);
    lt_assert_totals_equal(again, sale);
    g_autoptr(PosProduct) sprouts2 = pos_ledger_product_by_plu(ledger, 7, &error);
    g_assert_no_error(error);
    g_assert_cmpint(sprouts2->quick_key, ==, 3);
    g_autoptr(GPtrArray) ids = lt_list_ids(ledger, NULL);
    g_assert_cmpuint(ids->len, ==, 2);
  }
  g_unsetenv("MPOS_NOW");
}

/* ---- /ledger/newer-schema ------------------------------------------------ */

static void test_newer_schema(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  const int latest = pos_ledger_schema_version();
  lt_scratch_init(&s);
  PosLedger *ledger = lt_new_stall(s.path, 1);
  const LtItem a[] = {{PLU_CABBAGE, 1000}};
  g_autoptr(PosSale) sale = lt_ring(ledger, a, 1, POS_TENDER_CASH, 4000, NULL);
  pos_ledger_close(ledger);
  {
    g_autoptr(LtRawDb) db = lt_raw_open(s.path);
    g_autofree char *bump = g_strdup_printf("PRAGMA user_version=%d", latest + 1);
    lt_raw_exec_ok(db, bump);
  }
  g_autofree char *before = lt_fingerprint(s.path);

  ledger = pos_ledger_open(s.path, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_SCHEMA);
  g_clear_error(&error);
  /* asking for an older target does not make it acceptable either */
  ledger = pos_ledger_open_full(s.path, POS_SYNC_FULL, 1, &error);
  g_assert_null(ledger);
  g_assert_error(error, POS_ERROR, POS_ERROR_SCHEMA);

  g_autoptr(LtRawDb) db = lt_raw_open(s.path);
  g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, latest + 1);
  g_autofree char *after = lt_fingerprint(s.path);
  g_assert_cmpstr(after, ==, before);
}

/* ---- /ledger/constraints ------------------------------------------------- */

static void assert_raw_fails(sqlite3 *db, const char *sql, int want_rc)
{
  int rc = lt_raw_exec(db, sql);
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
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  g_autoptr(PosLedger) ledger = lt_new_stall(s.path, 1);

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
  g_assert_cmpuint(products->len, ==, G_N_ELEMENTS(lt_catalog));
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_PRODUCT, NULL), ==, G_N_ELEMENTS(lt_catalog));
  g_autoptr(PosProduct) still = pos_ledger_product_by_plu(ledger, PLU_CABBAGE, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(still->name, ==, "배추");
  /* and the same PLU is free again for a valid save */
  dup->plu = 51;
  g_clear_pointer(&dup->barcode, g_free);
  g_assert_true(pos_ledger_product_save(ledger, dup, &error));
  g_assert_no_error(error);

  const LtItem a[] = {{PLU_TOFU, 1000}, {PLU_CABBAGE, 2000}};
  g_autoptr(PosSale) sale = lt_ring(ledger, a, 2, POS_TENDER_CASH, 20000, NULL);
  g_autofree char *before = lt_fingerprint(s.path);

  /* Another program on the same file, while the ledger is open. */
  g_autoptr(LtRawDb) db = lt_raw_open(s.path);
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
  before = lt_fingerprint(s.path);

  /* The CHECKs: the same row is accepted when it reconciles... */
  g_autofree char *good = raw_doc_insert("00000000-0000-7000-8000-000000000001",
                                         sale->session_id, 1000);
  lt_raw_exec_ok(db, "BEGIN");
  lt_raw_exec_ok(db, good);
  lt_raw_exec_ok(db, "ROLLBACK");
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

  g_autofree char *after = lt_fingerprint(s.path);
  g_assert_cmpstr(after, ==, before);
  lt_check_ok(ledger);
  g_autoptr(PosSale) back = lt_load_ok(ledger, sale->id);
  lt_assert_totals_equal(back, sale);
  g_assert_cmpint(back->totals.total, ==, 2500 + 8000);
}

/* ---- /ledger/read-only ---------------------------------------------------- */

/* Every write the API offers must fail with READONLY on this ledger. */
static void assert_writes_refused(PosLedger *ledger, const char *sale_id)
{
  g_autoptr(GError) error = NULL;
  const LtItem a[] = {{PLU_TOFU, 1000}};
  g_autoptr(PosCart) cart = lt_fill_cart(ledger, a, 1);
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
  g_autoptr(GPtrArray) ids = lt_list_ids(ledger, NULL);
  g_assert_cmpuint(ids->len, ==, sales->len);
  for (guint i = 0; i < sales->len; i++) {
    const PosSale *want = g_ptr_array_index(sales, i);
    g_autoptr(PosSale) got = lt_load_ok(ledger, want->receipt_no);
    lt_assert_totals_equal(got, want);
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = pos_ledger_product_list(ledger, TRUE, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(products->len, ==, G_N_ELEMENTS(lt_catalog));
  PosZReport x;
  g_assert_true(pos_ledger_x_report(ledger, &x, &error));
  g_assert_no_error(error);
  g_assert_cmpint(x.receipts, ==, (gint64)sales->len);
  pos_zreport_clear(&x);
  lt_check_ok(ledger);
}

static void test_read_only(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
  PosLedger *ledger = lt_new_stall(s.path, 1);
  const LtItem a[] = {{PLU_TOFU, 2000}};
  const LtItem b[] = {{PLU_PORK, 600}, {PLU_CABBAGE, 1000}};
  g_ptr_array_add(sales, lt_ring(ledger, a, 1, POS_TENDER_CASH, 10000, NULL));
  g_ptr_array_add(sales, lt_ring(ledger, b, 2, POS_TENDER_CARD, 10800 + 4000, "12345678"));
  pos_ledger_close(ledger);
  g_autofree char *before = lt_fingerprint(s.path);
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
  g_autofree char *after = lt_fingerprint(s.path);
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
    g_autoptr(LtRawDb) db = lt_raw_open(old_path);
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
    after = lt_fingerprint(s.path);
    g_assert_cmpstr(after, ==, before);
  } else {
    g_test_message("running as root: chmod 0444 does not bind, URI mode=ro covered it");
  }

  /* Back read-write: the same sales, and it takes new ones. */
  ledger = lt_open_ok(s.path);
  assert_reads_work(ledger, sales);
  g_autoptr(PosSale) third = lt_ring(ledger, a, 1, POS_TENDER_CASH, 5000, NULL);
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, NULL), ==, 3);
  lt_check_ok(ledger);
  pos_ledger_close(ledger);
}

/* ---- /ledger/not-a-db ------------------------------------------------------ */

static void test_not_a_db(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);

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
    PosLedger *good = lt_new_stall(cut, 1);
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
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  {
    sqlite3 *db = NULL;
    g_assert_cmpint(sqlite3_open(s.path, &db), ==, SQLITE_OK);
    lt_raw_exec_ok(db, "CREATE TABLE x(a); INSERT INTO x VALUES(42), ('김치');");
    lt_raw_close(db);
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
    g_autoptr(LtRawDb) db = lt_raw_open(s.path);
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
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  g_autoptr(PosLedger) ledger = lt_new_stall(s.path, 1);
  gint64 pages;
  {
    g_autoptr(LtRawDb) db = lt_raw_open(s.path);
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
    const LtItem items[] = {{PLU_TOFU, 1000 * (1 + i % 3)}, {PLU_CABBAGE, 1000},
                            {PLU_PORK, 300 + i % 500}};
    g_clear_pointer(&cart, pos_cart_free);
    cart = lt_fill_cart(ledger, items, G_N_ELEMENTS(items));
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
  g_autoptr(GPtrArray) ids = lt_list_ids(ledger, NULL);
  g_assert_cmpuint(ids->len, ==, committed->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpstr(g_ptr_array_index(ids, i), ==, g_ptr_array_index(committed, i));
  g_assert_cmpuint(lt_outbox_count(ledger, POS_EVENT_SALE, NULL), ==, committed->len);
  g_assert_cmpuint(lt_outbox_count(ledger, -1, NULL), ==,
                   committed->len + G_N_ELEMENTS(lt_catalog));
  lt_check_ok(ledger);
  {
    g_autoptr(LtRawDb) db = lt_raw_open(s.path);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc"), ==, (gint64)committed->len);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_line"), ==, 3 * (gint64)committed->len);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_tender"), ==, (gint64)committed->len);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM outbox"), ==,
                    (gint64)committed->len + (gint64)G_N_ELEMENTS(lt_catalog));
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

  ledger = lt_open_ok(s.path);
  g_autoptr(GPtrArray) ids2 = lt_list_ids(ledger, NULL);
  g_assert_cmpuint(ids2->len, ==, committed->len + 1);
  g_assert_cmpstr(g_ptr_array_index(ids2, committed->len), ==, last->id);
  lt_check_ok(ledger);
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
  g_test_add_func("/ledger/foreign-db", test_foreign_db);
  return g_test_run();
}
