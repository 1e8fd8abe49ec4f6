/*
** test-cli.c: the `stall` program, run for real, as a script would run it:
** the commands that work (the failures are test-cli-errors.c).
** (Paid-in/out, the close's difference threshold and the implicitly
** opened day: /cli/cash-moves, /cli/sell/implicit-day.)
**
** Every test works on its own ledger in a fresh temporary directory and runs
** the binary named by MPOS_STALL (set by CTest).  MPOS_NOW pins the clock to
** 2024-05-01 14:30 in Seoul, so business days and receipt numbers
** (DEVICE-20240501-NNNN) are known in advance.  Results are read from the
** --json output with cJSON and compared with figures worked out by hand in
** the comments: weighed lines (price x grams / 1000, half up, then down to
** the stall's rounding unit), the VAT split (supply = round(T / 1.1),
** VAT = T - supply), discounts spread over the lines, tenders and change.
*/
#include "cli-testutil.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Happy paths --------------------------------------------------------- */

static void test_help(void)
{
  g_auto(CtRun) r = {0};
  ct_run_db(&r, NULL, FALSE, "help", NULL);
  ct_expect_rc(&r, 0);
  g_assert_true(g_str_has_prefix(r.out, "usage: stall [--db PATH] [--json] COMMAND"));
  g_assert_nonnull(strstr(r.out, "Exit codes: 0 ok"));
  /* No command at all: usage on stderr, exit 2. */
  ct_run_db(&r, NULL, FALSE, NULL);
  ct_expect_rc(&r, 2);
  g_assert_cmpstr(r.out, ==, "");
  g_assert_true(g_str_has_prefix(r.err, "usage: stall"));
}

static void test_init_and_products(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) cfg = ct_ok_json(&fx, "config", NULL);
  g_assert_cmpstr(ct_jstr(cfg, "stall_name"), ==, "순대네 정육");
  g_assert_cmpstr(ct_jstr(cfg, "device_id"), ==, fx.device);
  g_assert_cmpint(ct_jint(cfg, "rounding_unit"), ==, 10);
  g_assert_cmpint(ct_jint(cfg, "onnuri_change_pct"), ==, 60);   /* the default */
  g_assert_cmpint(ct_jint(cfg, "geun_g"), ==, 600);

  g_autoptr(cJSON) list = ct_ok_json(&fx, "product", "list", NULL);
  const cJSON *products = ct_jobj(list, "products");
  g_assert_cmpint(cJSON_GetArraySize(products), ==, 4);
  const cJSON *tofu = cJSON_GetArrayItem(products, 1);
  g_assert_cmpint(ct_jint(tofu, "plu"), ==, 201);
  g_assert_cmpstr(ct_jstr(tofu, "unit"), ==, "piece");
  g_assert_cmpstr(ct_jstr(tofu, "tax"), ==, "taxable");
  g_assert_cmpstr(ct_jstr(tofu, "barcode"), ==, TOFU_EAN);
  const cJSON *pork = cJSON_GetArrayItem(products, 0);
  g_assert_cmpstr(ct_jstr(pork, "unit"), ==, "kg");
  g_assert_cmpstr(ct_jstr(pork, "tax"), ==, "exempt");
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(pork, "barcode")));

  /* Four product events wait in the outbox. */
  g_autoptr(cJSON) check = ct_ok_json(&fx, "check", NULL);
  g_assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(check, "ok")));
  g_assert_cmpint(ct_jint(check, "pending"), ==, 4);
}

static void test_sell_weighed_mix(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  /*
  ** pork 350 g x 23,800/kg = 8,330 (exempt; already a multiple of 10)
  ** tofu 2 x 3,000          = 6,000 (taxable)
  ** total 14,330; supply round(6,000 / 1.1) = round(5,454.5) = 5,455,
  ** VAT 6,000 - 5,455 = 545; cash 20,000 - 14,330 = 5,670 change.
  */
  ct_expect_doc(s, "sale", 14330, 6000, 545, 8330, 20000, 5670);
  g_assert_cmpint(ct_jint(s, "supply"), ==, 5455);
  g_assert_cmpint(ct_jint(s, "lines"), ==, 2);
  g_assert_cmpstr(ct_jstr(s, "business_day"), ==, "2024-05-01");
  g_autofree char *no1 = ct_receipt_no(&fx, "20240501", 1);
  g_assert_cmpstr(ct_jstr(s, "receipt_no"), ==, no1);
  /* UUIDv7: version nibble 7, variant 8-b. */
  g_assert_true(g_regex_match_simple(
    "^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", ct_jstr(s, "id"), 0,
    0));

  /* The next receipt of the day is 0002. */
  g_autoptr(cJSON) s2 = ct_ok_json(&fx, "sell", "--item", "201", "--pay", "cash=3000", NULL);
  g_autofree char *no2 = ct_receipt_no(&fx, "20240501", 2);
  g_assert_cmpstr(ct_jstr(s2, "receipt_no"), ==, no2);
  /* 3,000 taxable: supply round(2,727.27) = 2,727, VAT 273. */
  ct_expect_doc(s2, "sale", 3000, 3000, 273, 0, 3000, 0);
  g_autoptr(cJSON) check = ct_ok_json(&fx, "check", NULL);
  g_assert_cmpint(ct_jint(check, "pending"), ==, 4 + 2);
}

static void test_sell_rounding(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  /*
  ** 333 g x 23,800/kg = 7,925.4 -> 7,925 (half up), then down to the
  ** stall's 10 won: 7,920 (rounding -5).  1.2 kg = 28,560.  1근 is the meat
  ** preset of 600 g: 14,280.  Total 7,920 + 28,560 + 14,280 = 50,760, all
  ** exempt, so no VAT; cash 60,000 gives 9,240 change.
  */
  g_autoptr(cJSON) s = ct_ok_json(&fx, "sell", "--item", "101=333g", "--item", "101=1.2kg",
                                  "--item", "101=1근", "--pay", "cash=60000", NULL);
  ct_expect_doc(s, "sale", 50760, 0, 0, 50760, 60000, 9240);

  /* The export carries the line detail: amount 7,925, rounding -5. */
  g_auto(CtRun) r = {0};
  ct_run_db(&r, fx.db, FALSE, "export", NULL);
  ct_expect_rc(&r, 0);
  g_autoptr(cJSON) doc = ct_parse_one(&r);
  const cJSON *line = cJSON_GetArrayItem(ct_jobj(doc, "lines"), 0);
  g_assert_cmpint(ct_jint(line, "qty_milli"), ==, 333);
  g_assert_cmpint(ct_jint(line, "amount"), ==, 7925);
  g_assert_cmpint(ct_jint(line, "rounding"), ==, -5);
  g_assert_cmpint(ct_jint(line, "net"), ==, 7920);
  g_assert_cmpint(ct_jint(cJSON_GetArrayItem(ct_jobj(doc, "lines"), 2), "qty_milli"), ==, 600);
  g_assert_cmpint(ct_jint(doc, "rounding"), ==, -5);
  g_assert_cmpint(ct_jint(doc, "lines_sum"), ==, 50765);
}

static void test_sell_split_tender(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  /*
  ** 2 sesame oil 24,000 + 1 tofu 3,000 = 27,000, all taxable:
  ** supply round(27,000 / 1.1) = round(24,545.45) = 24,545, VAT 2,455.
  ** Card 10,000 (approval 12345678), paper Onnuri 5,000 (fully spent),
  ** cash 20,000 for the 12,000 left: paid 35,000, change 8,000.
  */
  g_autoptr(cJSON) s = ct_ok_json(&fx, "sell", "--item", "301=2", "--item", "201", "--pay",
                                  "card=10000:12345678", "--pay", "onnuri-paper=5000", "--pay",
                                  "cash=20000", NULL);
  ct_expect_doc(s, "sale", 27000, 27000, 2455, 0, 35000, 8000);
  g_assert_cmpint(ct_jint(s, "supply"), ==, 24545);

  /* The full document records every tender with its reference. */
  g_autoptr(cJSON) doc = ct_ok_json(&fx, "receipt", ct_jstr(s, "id"), NULL);
  const cJSON *tenders = ct_jobj(doc, "tenders");
  g_assert_cmpint(cJSON_GetArraySize(tenders), ==, 3);
  const cJSON *card = cJSON_GetArrayItem(tenders, 0);
  g_assert_cmpstr(ct_jstr(card, "method"), ==, "card");
  g_assert_cmpint(ct_jint(card, "amount"), ==, 10000);
  g_assert_cmpstr(ct_jstr(card, "ref"), ==, "12345678");
  g_assert_cmpstr(ct_jstr(cJSON_GetArrayItem(tenders, 1), "method"), ==, "onnuri-paper");
  g_assert_cmpstr(ct_jstr(cJSON_GetArrayItem(tenders, 2), "method"), ==, "cash");

  /* Every other method is accepted by its pinned name. */
  g_autoptr(cJSON) s2 = ct_ok_json(&fx, "sell", "--item", "201=5", "--pay", "zeropay=3000:ZP1",
                                   "--pay", "onnuri-card=3000:OC1", "--pay",
                                   "onnuri-mobile=3000:OM1", "--pay", "transfer=3000:TR1",
                                   "--pay", "cash=3000", NULL);
  /* 15,000 taxable: supply round(13,636.36) = 13,636, VAT 1,364. */
  ct_expect_doc(s2, "sale", 15000, 15000, 1364, 0, 15000, 0);
}

static void test_sell_discount(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  /*
  ** 3 tofu 9,000 (taxable) + 1근 = 600 g pork 14,280 (exempt) = 23,280.
  ** A 500 won sale discount is spread by amount, largest remainder:
  ** tofu 500 x 9,000 / 23,280 = 193.30 -> 193, pork 306.70 -> 307.
  ** Taxable 8,807, exempt 13,973, total 22,780.
  ** Supply round(8,807 / 1.1) = round(8,006.36) = 8,006, VAT 801.
  ** Paper Onnuri 10,000 is spent whole; cash 20,000 pays 12,780: change 7,220.
  */
  g_autoptr(cJSON) s = ct_ok_json(&fx, "sell", "--item", "201=3", "--item", "101=1근",
                                  "--discount", "500:단골", "--pay", "onnuri-paper=10000",
                                  "--pay", "cash=20000", NULL);
  ct_expect_doc(s, "sale", 22780, 8807, 801, 13973, 30000, 7220);
}

static void test_onnuri_rule(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  /* 6,000 of a 10,000 note is exactly 60%: change 4,000 in cash. */
  g_autoptr(cJSON) s =
    ct_ok_json(&fx, "sell", "--item", "201=2", "--pay", "onnuri-paper=10000", NULL);
  ct_expect_doc(s, "sale", 6000, 6000, 545, 0, 10000, 4000);
  /* 3,000 of 10,000 (30%) is refused under the default... */
  ct_expect_fail(&fx, 3, "onnuri_change", "60%", "sell", "--item", "201", "--pay",
                 "onnuri-paper=10000", NULL);
  /* ...and allowed once the stall's threshold is 30%. */
  g_autoptr(cJSON) cfg = ct_ok_json(&fx, "config", "onnuri_change_pct", "30", NULL);
  g_assert_cmpint(ct_jint(cfg, "onnuri_change_pct"), ==, 30);
  g_autoptr(cJSON) s2 =
    ct_ok_json(&fx, "sell", "--item", "201", "--pay", "onnuri-paper=10000", NULL);
  ct_expect_doc(s2, "sale", 3000, 3000, 273, 0, 10000, 7000);
}

static void test_void_and_refund(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  g_autoptr(cJSON) v = ct_ok_json(&fx, "void", ct_jstr(s, "id"), "--reason", "잘못 찍음", NULL);
  /* A void is the sale negated, change included. */
  ct_expect_doc(v, "void", -14330, -6000, -545, -8330, -20000, -5670);
  g_autofree char *no2 = ct_receipt_no(&fx, "20240501", 2);
  g_assert_cmpstr(ct_jstr(v, "receipt_no"), ==, no2);
  g_autoptr(cJSON) vdoc = ct_ok_json(&fx, "receipt", ct_jstr(v, "id"), NULL);
  g_assert_cmpstr(ct_jstr(vdoc, "original_id"), ==, ct_jstr(s, "id"));
  g_assert_cmpstr(ct_jstr(vdoc, "reason"), ==, "잘못 찍음");

  /* A void by receipt number works too. */
  g_autoptr(cJSON) s2 = ct_ok_json(&fx, "sell", "--item", "301", "--pay", "cash=12000", NULL);
  g_autoptr(cJSON) v2 = ct_ok_json(&fx, "void", ct_jstr(s2, "receipt_no"), NULL);
  /* 12,000 taxable: supply round(10,909.09) = 10,909, VAT 1,091. */
  ct_expect_doc(v2, "void", -12000, -12000, -1091, 0, -12000, 0);

  /* Refund of line 1 (the tofu) of the discounted sale: its net, 8,807. */
  g_autoptr(cJSON) d = ct_ok_json(&fx, "sell", "--item", "201=3", "--item", "101=1근",
                                  "--discount", "500:단골", "--pay", "onnuri-paper=10000",
                                  "--pay", "cash=20000", NULL);
  g_autoptr(cJSON) rf = ct_ok_json(&fx, "refund", ct_jstr(d, "id"), "--line", "1", NULL);
  ct_expect_doc(rf, "refund", -8807, -8807, -801, 0, -8807, 0);
  /* The other line can still be refunded, to another method. */
  g_autoptr(cJSON) rf2 =
    ct_ok_json(&fx, "refund", ct_jstr(d, "id"), "--line", "2", "--to", "transfer", NULL);
  ct_expect_doc(rf2, "refund", -13973, 0, 0, -13973, -13973, 0);
}

/*
** refund --line N=QTY (issue 14): two tofus of three by the receipt
** number, the rest by the receipt's QR as scanned, 300 g of pork; more
** than is left is refused with what is left; the sale's tender by default.
*/
static void test_refund_parts(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) d = ct_ok_json(&fx, "sell", "--item", "201=3", "--item", "101=500g",
                                  "--pay", "card=20900:7001", NULL);
  g_autoptr(cJSON) r1 =
    ct_ok_json(&fx, "refund", ct_jstr(d, "receipt_no"), "--line", "1=2", "--reason", "파손", NULL);
  ct_expect_doc(r1, "refund", -6000, -6000, -545, 0, -6000, 0);
  g_autoptr(cJSON) doc = ct_ok_json(&fx, "receipt", ct_jstr(r1, "id"), NULL);
  cJSON *tenders = cJSON_GetObjectItem(doc, "tenders");
  g_assert_cmpstr(ct_jstr(cJSON_GetArrayItem(tenders, 0), "method"), ==, "card");
  ct_expect_fail(&fx, 5, "state", "only 1 left", "refund", ct_jstr(d, "id"), "--line", "1=2", NULL);
  g_autofree char *qr = g_strdup_printf("urn:uuid:%s", ct_jstr(d, "id"));
  g_autoptr(cJSON) r2 = ct_ok_json(&fx, "refund", qr, "--line", "1", "--to", "cash", NULL);
  ct_expect_doc(r2, "refund", -3000, -3000, -273, 0, -3000, 0);
  /* 300 g of 500 g at 23,800 won/kg: 7,140 */
  g_autoptr(cJSON) r3 = ct_ok_json(&fx, "refund", ct_jstr(d, "id"), "--line", "2=300g", NULL);
  ct_expect_doc(r3, "refund", -7140, 0, 0, -7140, -7140, 0);
  ct_expect_fail(&fx, 3, "invalid", "whole number", "refund", ct_jstr(d, "id"), "--line", "2=0.1kg",
                 "--line", "1=0.5", NULL);
  ct_expect_fail(&fx, 5, "state", "already refunded", "refund", ct_jstr(d, "id"), "--line", "1",
                 NULL);
}

/* product search: 초성, a name part and a PLU, best first, as the till finds them. */
static void test_product_search(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) a = ct_ok_json(&fx, "product", "search", "ㅇㄷㄹ", NULL);
  cJSON *list = cJSON_GetObjectItem(a, "products");
  g_assert_cmpint(cJSON_GetArraySize(list), ==, 1);
  g_assert_cmpint(ct_jint(cJSON_GetArrayItem(list, 0), "plu"), ==, 101);
  g_autoptr(cJSON) b = ct_ok_json(&fx, "product", "search", "기", NULL);
  list = cJSON_GetObjectItem(b, "products");
  g_assert_cmpint(cJSON_GetArraySize(list), ==, 2);   /* 돼지고기, 참기름 */
  g_autoptr(cJSON) c = ct_ok_json(&fx, "product", "search", "201", NULL);
  list = cJSON_GetObjectItem(c, "products");
  g_assert_cmpint(ct_jint(cJSON_GetArrayItem(list, 0), "plu"), ==, 201);
  g_assert_cmpstr(ct_jstr(cJSON_GetArrayItem(list, 0), "match"), ==, "exact-code");
  g_autoptr(cJSON) e = ct_ok_json(&fx, "product", "search", "ㅋㅋ", NULL);
  g_assert_cmpint(cJSON_GetArraySize(cJSON_GetObjectItem(e, "products")), ==, 0);
  ct_expect_fail(&fx, 2, "usage", "--limit", "product", "search", "두", "--limit", "0", NULL);
}

static gboolean file_starts_with(const char *path, const guint8 *magic, gsize n)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  return g_file_get_contents(path, &data, &len, NULL) && len > n && memcmp(data, magic, n) == 0;
}

static void test_receipt(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  const char *id = ct_jstr(s, "id");

  /* Text: the 42-column receipt with its number and total. */
  g_auto(CtRun) r = {0};
  ct_run_db(&r, fx.db, FALSE, "receipt", ct_jstr(s, "receipt_no"), NULL);
  ct_expect_rc(&r, 0);
  g_assert_nonnull(strstr(r.out, ct_jstr(s, "receipt_no")));
  g_assert_nonnull(strstr(r.out, "14,330"));
  g_assert_nonnull(strstr(r.out, "350 g x 23,800/kg"));

  /* Files: a PNG of the QR, and ESC/POS bytes starting with ESC @. */
  g_autofree char *png = ct_fx_path(&fx, "qr.png");
  g_autofree char *esc = ct_fx_path(&fx, "receipt.bin");
  g_autoptr(cJSON) doc =
    ct_ok_json(&fx, "receipt", id, "--qr-png", png, "--escpos", esc, "--width", "32", NULL);
  static const guint8 png_magic[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  static const guint8 esc_init[] = {0x1B, 0x40};
  g_assert_true(file_starts_with(png, png_magic, sizeof png_magic));
  g_assert_true(file_starts_with(esc, esc_init, sizeof esc_init));
  /* Not enrolled with a hub: the QR names the document by its UUID. */
  g_autofree char *urn = g_strconcat("urn:uuid:", id, NULL);
  g_assert_cmpstr(ct_jstr(doc, "qr"), ==, urn);
  g_assert_cmpstr(ct_jstr(doc, "id"), ==, id);
  g_assert_nonnull(strstr(ct_jstr(doc, "text"), "14,330"));
}

static void test_export(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) a = ct_sell_main(&fx);
  g_autoptr(cJSON) b = ct_ok_json(&fx, "sell", "--item", "301=2", "--pay", "cash=30000", NULL);
  g_autoptr(cJSON) c = ct_ok_json(&fx, "sell", "--item", "201=3", "--item", "101=1근",
                                  "--pay", "cash=30000", NULL);
  g_autoptr(cJSON) v = ct_ok_json(&fx, "void", ct_jstr(b, "id"), NULL);
  g_autoptr(cJSON) rf = ct_ok_json(&fx, "refund", ct_jstr(c, "id"), "--line", "2", NULL);
  /* Five documents: three sales, a void, a refund. */
  g_autoptr(cJSON) sales = ct_ok_json(&fx, "sales", NULL);
  const cJSON *list = ct_jobj(sales, "sales");
  g_assert_cmpint(cJSON_GetArraySize(list), ==, 5);

  g_auto(CtRun) r = {0};
  ct_run_db(&r, fx.db, FALSE, "export", NULL);
  ct_expect_rc(&r, 0);
  g_assert_cmpstr(r.err, ==, "");
  g_auto(GStrv) lines = g_strsplit(r.out, "\n", -1);
  /* One object per line, then the empty string after the last newline. */
  g_assert_cmpint(g_strv_length(lines), ==, 5 + 1);
  g_assert_cmpstr(lines[5], ==, "");
  static const char *const kinds[] = {"sale", "sale", "sale", "void", "refund"};
  for (int i = 0; i < 5; i++) {
    g_autoptr(cJSON) o = cJSON_Parse(lines[i]);
    g_assert_nonnull(o);
    g_assert_true(cJSON_IsObject(o));
    const cJSON *summary = cJSON_GetArrayItem(list, i);
    g_assert_cmpstr(ct_jstr(o, "id"), ==, ct_jstr(summary, "id"));
    g_assert_cmpstr(ct_jstr(o, "kind"), ==, kinds[i]);
    g_assert_cmpint(ct_jint(o, "total"), ==, ct_jint(summary, "total"));
  }
  /* --json changes nothing: export is always JSON lines. */
  g_auto(CtRun) rj = {0};
  ct_run_db(&rj, fx.db, TRUE, "export", NULL);
  ct_expect_rc(&rj, 0);
  g_assert_cmpstr(rj.out, ==, r.out);
  /* --day filters by business day. */
  ct_run_db(&r, fx.db, FALSE, "export", "--day", "2024-04-30", NULL);
  ct_expect_rc(&r, 0);
  g_assert_cmpstr(r.out, ==, "");
}


static void test_import(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autofree char *csv = ct_fx_path(&fx, "catalog.csv");
  /* Excel's "CSV UTF-8": a BOM and CRLF; columns in another order; a quoted
  ** name with a comma, a quoted price with a thousands separator, a doubled
  ** quote, and an existing PLU (201) whose price changes. */
  g_assert_true(ct_write_file(csv,
    "\xEF\xBB\xBF" "name,plu,line,price,unit,tax,barcode\r\n"
    "\"고등어, 국산\",401,FISH,\"4,500\",piece,exempt,\r\n"
    "\"\"\"왕\"\" 사과\",402,FRUIT,9000,kg,exempt,\r\n"
    "두부,201,BANCHAN,3200,piece,taxable," TOFU_EAN "\r\n"));
  g_autoptr(cJSON) st = ct_ok_json(&fx, "product", "import", csv, NULL);
  g_assert_cmpint(ct_jint(st, "rows"), ==, 3);
  g_assert_cmpint(ct_jint(st, "inserted"), ==, 2);
  g_assert_cmpint(ct_jint(st, "updated"), ==, 1);

  g_autoptr(cJSON) list = ct_ok_json(&fx, "product", "list", NULL);
  const cJSON *products = ct_jobj(list, "products");
  g_assert_cmpint(cJSON_GetArraySize(products), ==, 6);
  gboolean seen_fish = FALSE, seen_apple = FALSE;
  for (int i = 0; i < cJSON_GetArraySize(products); i++) {
    const cJSON *p = cJSON_GetArrayItem(products, i);
    switch (ct_jint(p, "plu")) {
    case 201:
      g_assert_cmpint(ct_jint(p, "price"), ==, 3200);
      break;
    case 401:
      seen_fish = TRUE;
      g_assert_cmpstr(ct_jstr(p, "name"), ==, "고등어, 국산");
      g_assert_cmpint(ct_jint(p, "price"), ==, 4500);
      g_assert_cmpstr(ct_jstr(p, "line"), ==, "FISH");
      g_assert_cmpstr(ct_jstr(p, "tax"), ==, "exempt");
      break;
    case 402:
      seen_apple = TRUE;
      g_assert_cmpstr(ct_jstr(p, "name"), ==, "\"왕\" 사과");
      g_assert_cmpstr(ct_jstr(p, "unit"), ==, "kg");
      break;
    default:
      break;
    }
  }
  g_assert_true(seen_fish && seen_apple);

  /* The same file again changes nothing. */
  g_autoptr(cJSON) again = ct_ok_json(&fx, "product", "import", csv, NULL);
  g_assert_cmpint(ct_jint(again, "rows"), ==, 3);
  g_assert_cmpint(ct_jint(again, "inserted"), ==, 0);
  g_assert_cmpint(ct_jint(again, "updated"), ==, 0);
  /* The imported fish sells: 2 x 4,500 = 9,000 exempt. */
  g_autoptr(cJSON) s = ct_ok_json(&fx, "sell", "--item", "401=2", "--pay", "cash=10000", NULL);
  ct_expect_doc(s, "sale", 9000, 0, 0, 9000, 10000, 1000);
}

static void test_close_day(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) od = ct_ok_json(&fx, "open-day", "--float", "50000", NULL);
  g_assert_cmpstr(ct_jstr(od, "business_day"), ==, "2024-05-01");
  g_assert_cmpint(ct_jint(od, "cash_float"), ==, 50000);
  /* A: 14,330 (taxable 6,000, VAT 545, exempt 8,330); cash 20,000, change 5,670. */
  g_autoptr(cJSON) a = ct_sell_main(&fx);
  /* B: sesame oil 12,000 by card; supply 10,909, VAT 1,091. */
  g_autoptr(cJSON) b = ct_ok_json(&fx, "sell", "--item", "301", "--pay", "card=12000:AP77", NULL);
  /* C: tofu 3,000 by Zero Pay (VAT 273), then voided. */
  g_autoptr(cJSON) c = ct_ok_json(&fx, "sell", "--item", "201", "--pay", "zeropay=3000:ZP1", NULL);
  g_autoptr(cJSON) v = ct_ok_json(&fx, "void", ct_jstr(c, "id"), NULL);

  g_autoptr(cJSON) z = ct_ok_json(&fx, "close-day", "--counted-cash", "64000", NULL);
  /*
  ** receipts 3 (sales), voids 1.
  ** total    14,330 + 12,000 + 3,000 - 3,000 = 26,330
  ** taxable   6,000 + 12,000 + 3,000 - 3,000 = 18,000
  ** VAT          545 + 1,091 + 273 - 273      =  1,636
  ** exempt    8,330
  ** by tender: cash 20,000 - 5,670 = 14,330; card 12,000; zeropay 3,000 - 3,000 = 0
  ** by line:   MEAT 8,330; BANCHAN 6,000 + 3,000 - 3,000 = 6,000; ETC 12,000
  ** expected cash = float 50,000 + cash in 20,000 - change 5,670 = 64,330
  ** counted 64,000: difference 64,000 - 64,330 = -330.
  */
  g_assert_cmpstr(ct_jstr(z, "business_day"), ==, "2024-05-01");
  g_assert_cmpint(ct_jint(z, "receipts"), ==, 3);
  g_assert_cmpint(ct_jint(z, "voids"), ==, 1);
  g_assert_cmpint(ct_jint(z, "total"), ==, 26330);
  g_assert_cmpint(ct_jint(z, "taxable"), ==, 18000);
  g_assert_cmpint(ct_jint(z, "vat"), ==, 1636);
  g_assert_cmpint(ct_jint(z, "exempt"), ==, 8330);
  const cJSON *tender = ct_jobj(z, "by_tender");
  g_assert_true(cJSON_IsObject(tender));
  g_assert_cmpint(ct_jint(tender, "cash"), ==, 14330);
  g_assert_cmpint(ct_jint(tender, "card"), ==, 12000);
  g_assert_cmpint(ct_jint(tender, "zeropay"), ==, 0);
  static const char *const methods[] = {"cash", "card", "zeropay", "onnuri-paper",
                                        "onnuri-card", "onnuri-mobile", "transfer"};
  gint64 tender_sum = 0;
  for (guint i = 0; i < G_N_ELEMENTS(methods); i++)
    tender_sum += ct_jint(tender, methods[i]);
  g_assert_cmpint(tender_sum, ==, 26330);
  const cJSON *line = ct_jobj(z, "by_line");
  g_assert_true(cJSON_IsObject(line));
  g_assert_cmpint(ct_jint(line, "MEAT"), ==, 8330);
  g_assert_cmpint(ct_jint(line, "BANCHAN"), ==, 6000);
  g_assert_cmpint(ct_jint(line, "ETC"), ==, 12000);
  g_assert_cmpint(ct_jint(z, "expected_cash"), ==, 64330);
  g_assert_cmpint(ct_jint(z, "counted_cash"), ==, 64000);
  g_assert_cmpint(ct_jint(z, "cash_difference"), ==, -330);
  g_assert_cmpint(ct_jint(z, "cash_difference"), ==,
                  ct_jint(z, "counted_cash") - ct_jint(z, "expected_cash"));

  /* Closed: a second close is refused; the next sale opens day session 2. */
  ct_expect_fail(&fx, 5, "state", "no day is open", "close-day", "--counted-cash", "0", NULL);
  g_autoptr(cJSON) d = ct_ok_json(&fx, "sell", "--item", "201", "--pay", "cash=3000", NULL);
  g_autofree char *no5 = ct_receipt_no(&fx, "20240501", 5);
  g_assert_cmpstr(ct_jstr(d, "receipt_no"), ==, no5);
  g_autoptr(cJSON) x = ct_ok_json(&fx, "x-report", NULL);
  g_assert_cmpint(ct_jint(x, "z_no"), ==, 2);
  g_assert_cmpint(ct_jint(x, "receipts"), ==, 1);
  g_assert_cmpint(ct_jint(x, "expected_cash"), ==, 3000);
}

/* Business day in Asia/Seoul: 23:30 UTC on 1 May is 08:30 on 2 May. */
static void test_business_day(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_setenv("MPOS_NOW", "2024-05-01T23:30:00Z", TRUE);
  g_autoptr(cJSON) s = ct_ok_json(&fx, "sell", "--item", "201", "--pay", "cash=3000", NULL);
  g_setenv("MPOS_NOW", NOW, TRUE);
  g_assert_cmpstr(ct_jstr(s, "business_day"), ==, "2024-05-02");
  g_autofree char *no = ct_receipt_no(&fx, "20240502", 1);
  g_assert_cmpstr(ct_jstr(s, "receipt_no"), ==, no);
}

/* Without --db the ledger is $XDG_DATA_HOME/market-pos/ledger.sqlite. */
static void test_default_db(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *old = g_strdup(g_getenv("XDG_DATA_HOME"));
  g_setenv("XDG_DATA_HOME", dir, TRUE);
  g_auto(CtRun) r = {0};
  ct_run_db(&r, NULL, TRUE, "init", "--stall-name", "기본", NULL);
  if (old)
    g_setenv("XDG_DATA_HOME", old, TRUE);
  else
    g_unsetenv("XDG_DATA_HOME");
  ct_expect_rc(&r, 0);
  g_autofree char *path = g_build_filename(dir, "market-pos", "ledger.sqlite", NULL);
  g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/*
** `stall sync` with no --db on a machine where nobody ran init: the error
** names the default ledger it looked in, so the user knows what to init
** or which --db was missing.
*/
static void test_default_db_named(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *old = g_strdup(g_getenv("XDG_DATA_HOME"));
  g_setenv("XDG_DATA_HOME", dir, TRUE);
  g_auto(CtRun) r = {0};
  ct_run_db(&r, NULL, FALSE, "sync", "--status", NULL);
  if (old)
    g_setenv("XDG_DATA_HOME", old, TRUE);
  else
    g_unsetenv("XDG_DATA_HOME");
  ct_expect_rc(&r, 5);
  g_autofree char *path = g_build_filename(dir, "market-pos", "ledger.sqlite", NULL);
  g_autofree char *want = g_strdup_printf("stall: not_initialised: %s: ", path);
  if (strstr(r.err, want) == NULL)
    g_error("stderr does not name the default ledger %s: %s", path, r.err);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/*
** Paid-in and paid-out (stall cash in|out) in the expected cash, on the X
** and Z reports and in the day's export; their refusals; the close that
** differs from the expected by more than cash_diff_threshold.
*/
static void test_cash_moves(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  /* No day open: a cash move has no session to go in. */
  ct_expect_fail(&fx, 5, "state", "no day is open", "cash", "in", "--amount", "1000", "--reason",
                 "잔돈", NULL);
  g_autoptr(cJSON) od = ct_ok_json(&fx, "open-day", "--float", "50000", NULL);
  /* 14,330 sold for cash 20,000, change 5,670: expected 50,000 + 14,330 = 64,330. */
  g_autoptr(cJSON) a = ct_sell_main(&fx);
  g_autoptr(cJSON) in = ct_ok_json(&fx, "cash", "in", "--amount", "30000", "--reason", "잔돈 교환",
                                   NULL);
  g_assert_cmpstr(ct_jstr(in, "direction"), ==, "in");
  g_assert_cmpint(ct_jint(in, "amount"), ==, 30000);
  g_assert_cmpstr(ct_jstr(in, "reason"), ==, "잔돈 교환");
  g_assert_cmpint(ct_jint(in, "expected_cash"), ==, 94330);
  /* More out than the drawer should hold (94,330), a zero, no reason, a bad word. */
  ct_expect_fail(&fx, 5, "state", "94,330", "cash", "out", "--amount", "100000", "--reason",
                 "공급", NULL);
  ct_expect_fail(&fx, 3, "invalid", "1 won or more", "cash", "out", "--amount", "0", "--reason",
                 "공급", NULL);
  ct_expect_fail(&fx, 2, "usage", "cash in|out", "cash", "out", "--amount", "100", NULL);
  ct_expect_fail(&fx, 2, "usage", "cash in|out", "cash", "sideways", "--amount", "100",
                 "--reason", "x", NULL);
  g_autoptr(cJSON) out = ct_ok_json(&fx, "cash", "out", "--amount", "4330", "--reason", "배달비",
                                    NULL);
  g_assert_cmpint(ct_jint(out, "expected_cash"), ==, 90000);
  g_autoptr(cJSON) x = ct_ok_json(&fx, "x-report", NULL);
  g_assert_cmpint(ct_jint(x, "paid_in"), ==, 30000);
  g_assert_cmpint(ct_jint(x, "paid_out"), ==, 4330);
  g_assert_cmpint(ct_jint(x, "cash_moves"), ==, 2);
  g_assert_cmpint(ct_jint(x, "expected_cash"), ==, 90000);
  /* The failed moves left nothing: still two, 90,000 expected (above). */

  /* The text report lists them in the drawer's section, and names the
  ** product lines as the market's taxonomy (saved by enrollment) does. */
  {
    g_autofree char *tax = g_strconcat(fx.db, ".taxonomy.json", NULL);
    g_assert_true(ct_write_file(tax, "{\"lines\":[{\"code\":\"MEAT\",\"name_ko\":\"정육\"},"
                                  "{\"code\":\"BANCHAN\",\"name_ko\":\"반찬\"},"
                                  "{\"code\":\"ETC\",\"name_ko\":\"기타\"},"
                                  "{\"code\":\"HERB\",\"name_ko\":\"약초\"}]}"));
    g_auto(CtRun) r = {0};
    ct_run_db(&r, fx.db, FALSE, "x-report", NULL);
    ct_expect_rc(&r, 0);
    g_assert_true(g_regex_match_simple("\n정육 +8,330\n", r.out, 0, 0));
    g_assert_null(strstr(r.out, "MEAT"));
    g_autoptr(cJSON) xj = ct_ok_json(&fx, "x-report", NULL);
    g_assert_cmpint(ct_jint(ct_jobj(xj, "by_line"), "MEAT"), ==, 8330);   /* JSON keeps codes */
    g_assert_true(g_regex_match_simple("입금 +30,000\n", r.out, 0, 0));
    g_assert_true(g_regex_match_simple("출금 +-4,330\n", r.out, 0, 0));
    g_assert_true(g_regex_match_simple("예상 시재 +90,000\n", r.out, 0, 0));
  }

  /* 80,000 counted: 10,000 short, over the default 5,000 won: refused, day open. */
  ct_expect_fail(&fx, 5, "cash_difference", "10,000 won less", "close-day", "--counted-cash",
                 "80000", NULL);
  g_autoptr(cJSON) still = ct_ok_json(&fx, "x-report", NULL);
  g_assert_cmpint(ct_jint(still, "closed_ms"), ==, 0);
  /* The merchant's own threshold: 0 refuses even 10 won. */
  g_autoptr(cJSON) cfg = ct_ok_json(&fx, "config", "cash_diff_threshold", "0", NULL);
  g_assert_cmpint(ct_jint(cfg, "cash_diff_threshold"), ==, 0);
  ct_expect_fail(&fx, 5, "cash_difference", "10 won less", "close-day", "--counted-cash",
                 "89990", NULL);
  ct_expect_fail(&fx, 3, "invalid", "cash_diff_threshold", "config", "cash_diff_threshold",
                 "-1", NULL);
  g_autoptr(cJSON) z = ct_ok_json(&fx, "close-day", "--counted-cash", "89990",
                                  "--accept-difference", NULL);
  g_assert_cmpint(ct_jint(z, "cash_difference"), ==, -10);
  g_assert_cmpint(ct_jint(z, "paid_in"), ==, 30000);
  g_assert_cmpint(ct_jint(z, "paid_out"), ==, 4330);

  /* The export of the day: the sale, then both moves. */
  g_auto(CtRun) e = {0};
  ct_run_db(&e, fx.db, FALSE, "export", "--day", "2024-05-01", NULL);
  ct_expect_rc(&e, 0);
  g_auto(GStrv) lines = g_strsplit(e.out, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 4);   /* three and the empty tail */
  g_autoptr(cJSON) m1 = cJSON_Parse(lines[1]), m2 = cJSON_Parse(lines[2]);
  g_assert_cmpstr(ct_jstr(ct_jobj(m1, "cash_move"), "direction"), ==, "in");
  g_assert_cmpint(ct_jint(ct_jobj(m1, "cash_move"), "amount"), ==, 30000);
  g_assert_cmpstr(ct_jstr(ct_jobj(m2, "cash_move"), "reason"), ==, "배달비");
}

/*
** A sale with no day open still goes through (scripts keep working) but
** says it opened the day with a float of 0, and after a close that it
** opened a second session of the day.
*/
static void test_sell_implicit_day(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) a = ct_sell_main(&fx);
  const cJSON *d = ct_jobj(a, "day_opened");
  g_assert_true(cJSON_IsObject(d));
  g_assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(d, "implicit")));
  g_assert_cmpint(ct_jint(d, "float"), ==, 0);
  g_assert_cmpint(ct_jint(d, "z_no"), ==, 1);
  g_assert_cmpstr(ct_jstr(d, "business_day"), ==, "2024-05-01");
  g_assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(d, "after_close")));
  /* The day is open now: no word about it. */
  g_autoptr(cJSON) b = ct_sell_main(&fx);
  g_assert_null(cJSON_GetObjectItemCaseSensitive(b, "day_opened"));
  g_autoptr(cJSON) z = ct_ok_json(&fx, "close-day", "--counted-cash", "28660", NULL);
  /* After the close, the text output warns on standard error. */
  g_auto(CtRun) r = {0};
  ct_run_db(&r, fx.db, FALSE, "sell", "--item", "201", "--pay", "cash=3000", NULL);
  ct_expect_rc(&r, 0);
  g_assert_nonnull(strstr(r.err, "warning: day 2024-05-01 was already closed"));
  g_assert_nonnull(strstr(r.err, "new session (2)"));
  g_assert_nonnull(strstr(r.out, "두부"));
  g_autoptr(cJSON) x = ct_ok_json(&fx, "x-report", NULL);
  g_assert_cmpint(ct_jint(x, "z_no"), ==, 2);
  g_assert_cmpint(ct_jint(x, "cash_float"), ==, 0);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_setenv("MPOS_NOW", NOW, TRUE);
  g_test_add_func("/cli/help", test_help);
  g_test_add_func("/cli/init-and-products", test_init_and_products);
  g_test_add_func("/cli/sell/weighed-mix", test_sell_weighed_mix);
  g_test_add_func("/cli/sell/rounding", test_sell_rounding);
  g_test_add_func("/cli/sell/split-tender", test_sell_split_tender);
  g_test_add_func("/cli/sell/discount", test_sell_discount);
  g_test_add_func("/cli/sell/onnuri-rule", test_onnuri_rule);
  g_test_add_func("/cli/void-and-refund", test_void_and_refund);
  g_test_add_func("/cli/refund-parts", test_refund_parts);
  g_test_add_func("/cli/product-search", test_product_search);
  g_test_add_func("/cli/receipt", test_receipt);
  g_test_add_func("/cli/export", test_export);
  g_test_add_func("/cli/import", test_import);
  g_test_add_func("/cli/close-day", test_close_day);
  g_test_add_func("/cli/cash-moves", test_cash_moves);
  g_test_add_func("/cli/sell/implicit-day", test_sell_implicit_day);
  g_test_add_func("/cli/business-day", test_business_day);
  g_test_add_func("/cli/default-db", test_default_db);
  g_test_add_func("/cli/default-db-named", test_default_db_named);
  return g_test_run();
}
