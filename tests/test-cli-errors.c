/*
** test-cli-errors.c: the `stall` program's failures, run for real
** (cli-testutil.h; the commands that work are test-cli.c).
**
** The error tests check the whole contract of a failure: the documented
** exit code (0 ok, 1 internal, 2 usage, 3 invalid input or payment,
** 4 not found, 5 state or conflict, 6 ledger or file trouble), a
** "stall: CODE: message" line on standard error naming the problem, one
** {"error": {"code": ...}} object on standard output with --json, and a
** ledger left exactly as it was: the `sales`, `check` (outbox counts),
** `product list --all` and `config` outputs are taken before and after and
** must be identical.  (The weight checks: /cli/error/weight.)
*/
#include "cli-testutil.h"

#include <glib/gstdio.h>
#include <string.h>

/* ---- Errors: exit code, message, JSON, ledger unchanged ------------------- */

static void test_err_usage(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  ct_expect_fail(&fx, 2, "usage", "frobnicate", "frobnicate", NULL);
  ct_expect_fail(&fx, 2, "usage", "--colour", "sell", "--item", "201", "--pay", "cash=3000",
                 "--colour", "red", NULL);
  ct_expect_fail(&fx, 2, "usage", "--item", "sell", "--pay", "cash=1000", NULL);
  ct_expect_fail(&fx, 2, "usage", "--counted-cash", "close-day", NULL);
  ct_expect_fail(&fx, 2, "usage", "--stall-name", "init", NULL);
  ct_expect_fail(&fx, 2, "usage", "--plu", "product", "add", "--name", "x", NULL);
}

static void test_err_quantity(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  ct_expect_fail(&fx, 3, "invalid", "0g", "sell", "--item", "101=0g", "--pay", "cash=1000", NULL);
  ct_expect_fail(&fx, 3, "invalid", "-1", "sell", "--item", "201=-1", "--pay", "cash=3000", NULL);
  ct_expect_fail(&fx, 3, "invalid", "abc", "sell", "--item", "201=abc", "--pay", "cash=3000",
                 NULL);
  ct_expect_fail(&fx, 3, "invalid", "1.5", "sell", "--item", "201=1.5", "--pay", "cash=9000",
                 NULL);
  ct_expect_fail(&fx, 3, "invalid", "350g", "sell", "--item", "101", "--pay", "cash=9000", NULL);
  ct_expect_fail(&fx, 4, "not_found", "999", "sell", "--item", "999", "--pay", "cash=1000", NULL);
  ct_expect_fail(&fx, 3, "invalid", "check digit", "sell", "--item", "8801234567890", "--pay",
                 "cash=3000", NULL);
  /* A good line does not save a sale with a bad one. */
  ct_expect_fail(&fx, 4, "not_found", "998", "sell", "--item", "201", "--item", "998", "--pay",
                 "cash=9000", NULL);
}

static void test_err_money(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  ct_expect_fail(&fx, 3, "overflow", "99999999999999999", "sell", "--item", "201", "--pay",
                 "cash=99999999999999999", NULL);
  /* 100,000 x 100,000,000 won = 10^13 > 999,999,999,999. */
  ct_expect_fail(&fx, 3, "overflow", "limit", "sell", "--item", "905=100000", "--pay",
                 "cash=1", NULL);
  ct_expect_fail(&fx, 3, "overflow", "99999999999999999", "product", "add", "--plu", "500",
                 "--name", "x", "--line", "X", "--price", "99999999999999999", "--unit", "piece",
                 "--tax", "taxable", NULL);
  ct_expect_fail(&fx, 3, "underpaid", "1,000 won short", "sell", "--item", "201", "--pay",
                 "cash=2000", NULL);
  ct_expect_fail(&fx, 3, "underpaid", "short", "sell", "--item", "201", NULL);
  ct_expect_fail(&fx, 3, "overpaid", "card", "sell", "--item", "201", "--pay",
                 "card=5000:12345678", NULL);
  ct_expect_fail(&fx, 3, "invalid", "approval", "sell", "--item", "201", "--pay", "card=3000",
                 NULL);
  ct_expect_fail(&fx, 3, "onnuri_change", "60%", "sell", "--item", "201", "--pay",
                 "onnuri-paper=10000", NULL);
  ct_expect_fail(&fx, 3, "invalid", "bitcoin", "sell", "--item", "201", "--pay", "bitcoin=3000",
                 NULL);
  ct_expect_fail(&fx, 3, "invalid", "-5", "sell", "--item", "201", "--pay", "cash=-5", NULL);
  ct_expect_fail(&fx, 3, "invalid", "5000", "sell", "--item", "201", "--pay", "cash=3000",
                 "--discount", "5000:free", NULL);
}

static void test_err_state(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  /* No sale yet, so no day is open. */
  ct_expect_fail(&fx, 5, "state", "no day is open", "close-day", "--counted-cash", "0", NULL);
  ct_expect_fail(&fx, 5, "state", "already", "init", "--stall-name", "다른 가게", NULL);
  ct_expect_fail(&fx, 5, "conflict", "201", "product", "add", "--plu", "201", "--name", "순두부",
                 "--line", "BANCHAN", "--price", "2500", "--unit", "piece", "--tax", "taxable",
                 NULL);
  ct_expect_fail(&fx, 5, "conflict", TOFU_EAN, "product", "add", "--plu", "202", "--name",
                 "순두부", "--line", "BANCHAN", "--price", "2500", "--unit", "piece", "--tax",
                 "taxable", "--barcode", TOFU_EAN, NULL);

  g_autoptr(cJSON) s = ct_sell_main(&fx);
  const char *id = ct_jstr(s, "id");
  ct_expect_fail(&fx, 4, "not_found", "018f32a1-0000-7000-8000-000000000000", "void",
                 "018f32a1-0000-7000-8000-000000000000", NULL);
  ct_expect_fail(&fx, 4, "not_found", "nope", "receipt", "nope", NULL);
  ct_expect_fail(&fx, 4, "not_found", "line 3", "refund", id, "--line", "3", NULL);

  g_autoptr(cJSON) d = ct_ok_json(&fx, "sell", "--item", "201=3", "--pay", "cash=9000", NULL);
  g_autoptr(cJSON) rf = ct_ok_json(&fx, "refund", ct_jstr(d, "id"), "--line", "1", NULL);
  ct_expect_fail(&fx, 5, "state", "already refunded", "refund", ct_jstr(d, "id"), "--line", "1",
                 NULL);
  ct_expect_fail(&fx, 5, "state", "refunded", "void", ct_jstr(d, "id"), NULL);

  g_autoptr(cJSON) v = ct_ok_json(&fx, "void", id, NULL);
  ct_expect_fail(&fx, 5, "state", "already voided", "void", id, NULL);
  ct_expect_fail(&fx, 5, "state", "voided", "refund", id, "--line", "1", NULL);
  ct_expect_fail(&fx, 5, "state", "not a sale", "void", ct_jstr(v, "id"), NULL);
}

/*
** Weighed goods: a bare number is refused (weight_unit, exit 3) whatever
** it would have meant, and a weight under min_weight_g (weight_min).
*/
static void test_err_weight(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  ct_expect_fail(&fx, 3, "weight_unit", "101=3g, =3kg or =3근", "sell", "--item", "101=3",
                 "--pay", "cash=100000", NULL);
  ct_expect_fail(&fx, 3, "weight_unit", "350", "sell", "--item", "101=350", "--pay",
                 "cash=100000", NULL);
  ct_expect_fail(&fx, 3, "weight_min", "below this stall's minimum of 10 g", "sell", "--item",
                 "101=3g", "--pay", "cash=100000", NULL);
  ct_expect_fail(&fx, 3, "weight_min", "9 g", "sell", "--item", "101=0.009kg", "--pay",
                 "cash=100000", NULL);
  /* 10 g exactly is allowed: 23,800 x 10 / 1000 = 238, down to 230. */
  g_autoptr(cJSON) ten = ct_ok_json(&fx, "sell", "--item", "101=10g", "--pay", "cash=230", NULL);
  g_assert_cmpint(ct_jint(ten, "total"), ==, 230);
  /* A stall that weighs saffron lowers its minimum. */
  g_autoptr(cJSON) cfg = ct_ok_json(&fx, "config", "min_weight_g", "1", NULL);
  g_assert_cmpint(ct_jint(cfg, "min_weight_g"), ==, 1);
  g_autoptr(cJSON) s = ct_ok_json(&fx, "sell", "--item", "101=3g", "--pay", "cash=70", NULL);
  g_assert_cmpint(ct_jint(s, "total"), ==, 70);   /* 71.4 -> 71 -> 70 */
  ct_expect_fail(&fx, 3, "invalid", "min_weight_g", "config", "min_weight_g", "0", NULL);
}

static void test_err_not_initialised(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_new(&fx);
  ct_expect_fail(&fx, 5, "not_initialised", "init", "sell", "--item", "201", "--pay",
                 "cash=3000", NULL);
  ct_expect_fail(&fx, 5, "not_initialised", "init", "close-day", "--counted-cash", "0", NULL);
  ct_expect_fail(&fx, 3, "invalid", "rounding", "init", "--stall-name", "x", "--rounding", "5",
                 NULL);
}

/* enroll and sync refuse, without any network, what can be refused locally. */
static void test_err_sync(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autoptr(cJSON) s = ct_sell_main(&fx);
  g_autoptr(cJSON) st = ct_ok_json(&fx, "sync", "--status", NULL);
  g_assert_cmpint(ct_jint(st, "pending"), ==, 4 + 1);
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(st, "hub_url")));
  g_assert_cmpint(cJSON_GetArraySize(ct_jobj(st, "rejected_events")), ==, 0);
  ct_expect_fail(&fx, 5, "not_enrolled", "enroll", "sync", NULL);
  ct_expect_fail(&fx, 3, "insecure", "http://", "enroll", "--hub", "http://example.com",
                 "--code", "ABCD1234", NULL);
  ct_expect_fail(&fx, 3, "bad_url", "ftp://", "enroll", "--hub", "ftp://example.com", "--code",
                 "ABCD1234", NULL);
  ct_expect_fail(&fx, 2, "usage", "--code", "enroll", "--hub", "https://example.com", NULL);
  ct_expect_fail(&fx, 2, "usage", "--loop", "sync", "--loop", "0", NULL);
}

/*
** A failed init must leave no stall behind: a bad extra setting is refused
** and the merchant can run init again with the fixed value.
*/
static void test_err_init_setting(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_new(&fx);
  ct_expect_fail(&fx, 3, "invalid", "onnuri_change_pct", "init", "--stall-name", "x",
                 "--onnuri-change-pct", "500", NULL);
  g_autoptr(cJSON) init =
    ct_ok_json(&fx, "init", "--stall-name", "x", "--onnuri-change-pct", "80", NULL);
  g_autoptr(cJSON) cfg = ct_ok_json(&fx, "config", NULL);
  g_assert_cmpint(ct_jint(cfg, "onnuri_change_pct"), ==, 80);
}

static void test_err_import(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autofree char *csv = ct_fx_path(&fx, "bad.csv");
  /* Line 2 is good, line 3 has a unit that does not exist: nothing goes in. */
  g_assert_true(ct_write_file(csv,
    "plu,name,line,price,unit,tax\r\n"
    "401,고등어,FISH,4500,piece,exempt\r\n"
    "402,사과,FRUIT,9000,bag,exempt\r\n"
    "403,배,FRUIT,5000,piece,exempt\r\n"));
  ct_expect_fail(&fx, 3, "invalid", "line 3", "product", "import", csv, NULL);
  /* A quoted field spanning lines still counts the lines of the file. */
  g_assert_true(ct_write_file(csv,
    "plu,name,line,price,unit,tax\n"
    "401,\"고등어\n자반\",FISH,4500,piece,exempt\n"
    "402,사과,FRUIT,-9000,kg,exempt\n"));
  ct_expect_fail(&fx, 3, "invalid", "line 4", "product", "import", csv, NULL);
  g_autofree char *missing = ct_fx_path(&fx, "missing.csv");
  ct_expect_fail(&fx, 6, "io", "missing.csv", "product", "import", missing, NULL);
  g_assert_true(ct_write_file(csv, "plu,name,price\n1,a,100\n"));
  ct_expect_fail(&fx, 3, "invalid", "line", "product", "import", csv, NULL);
}

/*
** A row whose barcode belongs to another product: the message must name
** the taken barcode and the line, with no GLib warning, catalog unchanged.
*/
static void test_err_import_barcode(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  g_autofree char *csv = ct_fx_path(&fx, "dup.csv");
  g_assert_true(ct_write_file(csv,
    "plu,name,line,price,unit,tax,barcode\n"
    "401,고등어,FISH,4500,piece,exempt,\n"
    "402,순두부,BANCHAN,2500,piece,taxable," TOFU_EAN "\n"));
  g_autofree char *before = ct_ledger_state(&fx);
  g_auto(CtRun) r = {0};
  ct_run_db(&r, fx.db, TRUE, "product", "import", csv, NULL);
  if (strstr(r.err, TOFU_EAN) == NULL || strstr(r.err, "WARNING") != NULL)
    g_printerr("\n$ %s\nexit %d\nstdout: %s\nstderr: %s\n", r.cmd, r.rc, r.out, r.err);
  g_assert_true(r.rc == 3 || r.rc == 5);
  g_assert_null(strstr(r.err, "WARNING"));
  g_assert_nonnull(strstr(r.err, "line 3"));
  g_assert_nonnull(strstr(r.err, TOFU_EAN));
  g_autoptr(cJSON) o = ct_parse_one(&r);
  g_assert_nonnull(strstr(ct_jstr(ct_jobj(o, "error"), "message"), TOFU_EAN));
  g_autofree char *after = ct_ledger_state(&fx);
  g_assert_cmpstr(before, ==, after);
}

/*
** A product line the till's taxonomy does not know (issue 12 item 4): the
** built-in one before enrollment, the hub's file (LEDGER.taxonomy.json)
** after.  Refused at add, edit and import with unknown_line, nothing
** written; a line the file has but the built-in lacks is taken once the
** file is there, and a built-in line the file lacks is refused then.
*/
static void test_err_unknown_line(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  ct_expect_fail(&fx, 3, "unknown_line", "FRUTI", "product", "add", "--plu", "402", "--name",
                 "사과", "--line", "FRUTI", "--price", "9000", "--unit", "piece", "--tax",
                 "exempt", NULL);
  ct_expect_fail(&fx, 3, "unknown_line", "TOFU", "product", "edit", "--plu", "201", "--line",
                 "TOFU", NULL);
  g_autofree char *csv = ct_fx_path(&fx, "lines.csv");
  g_assert_true(ct_write_file(csv,
    "plu,name,line,price,unit,tax\n"
    "401,고등어,FISH,4500,piece,exempt\n"
    "402,사과,FRUTI,9000,piece,exempt\n"));
  ct_expect_fail(&fx, 3, "unknown_line", "line 3", "product", "import", csv, NULL);

  /* enrolled: the hub's taxonomy, here one with a line of its own and no FISH */
  g_autofree char *tax = g_strconcat(fx.db, ".taxonomy.json", NULL);
  g_assert_true(ct_write_file(tax, "{\"lines\":[{\"code\":\"FRUTI\",\"name_ko\":\"과일\","
                                "\"name_en\":\"Fruit\"},{\"code\":\"BANCHAN\","
                                "\"name_ko\":\"반찬\",\"name_en\":\"Side dishes\"}]}"));
  ct_expect_fail(&fx, 3, "unknown_line", "line 2", "product", "import", csv, NULL);
  g_autoptr(cJSON) o = ct_ok_json(&fx, "product", "add", "--plu", "402", "--name", "사과",
                                  "--line", "FRUTI", "--price", "9000", "--unit", "piece",
                                  "--tax", "exempt", NULL);
  g_assert_cmpstr(ct_jstr(o, "line"), ==, "FRUTI");
  ct_expect_fail(&fx, 3, "unknown_line", "FISH", "product", "add", "--plu", "403", "--name",
                 "고등어", "--line", "FISH", "--price", "4500", "--unit", "piece", "--tax",
                 "exempt", NULL);
}

static void test_err_not_a_db(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_new(&fx);
  g_free(fx.db);
  fx.db = ct_fx_path(&fx, "notes.txt");
  static const char text[] = "장보기 목록: 두부, 고등어\nnot a ledger at all\n";
  g_assert_true(ct_write_file(fx.db, text));
  ct_expect_fail(&fx, 6, "not_a_db", "notes.txt", "sales", NULL);
  ct_expect_fail(&fx, 6, "not_a_db", "notes.txt", "init", "--stall-name", "x", NULL);
  ct_expect_fail(&fx, 6, "not_a_db", "notes.txt", "sell", "--item", "201", "--pay", "cash=3000",
                 NULL);
  /* The file is byte for byte as it was, and SQLite left nothing beside it. */
  g_autofree char *data = NULL;
  g_assert_true(g_file_get_contents(fx.db, &data, NULL, NULL));
  g_assert_cmpstr(data, ==, text);
  g_autofree char *wal = g_strconcat(fx.db, "-wal", NULL);
  g_autofree char *journal = g_strconcat(fx.db, "-journal", NULL);
  g_assert_false(g_file_test(wal, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(journal, G_FILE_TEST_EXISTS));
}

/* Without --json an error prints nothing on stdout. */
static void test_err_text(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  ct_expect_fail_text(&fx, 4, "not_found", "999", "sell", "--item", "999", NULL);
  ct_expect_fail_text(&fx, 2, "usage", "frobnicate", "frobnicate", NULL);
  ct_expect_fail_text(&fx, 3, "underpaid", "short", "sell", "--item", "201", NULL);
}

/*
** `config KEY VALUE` before init fails with not_initialised; it must not have
** stored the value either, so init starts from the defaults (근 = 600 g).
*/
static void test_err_config_before_init(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_new(&fx);
  ct_expect_fail(&fx, 5, "not_initialised", "init", "config", "geun_g", "400", NULL);
  g_autoptr(cJSON) init = ct_ok_json(&fx, "init", "--stall-name", "x", NULL);
  g_autoptr(cJSON) cfg = ct_ok_json(&fx, "config", NULL);
  g_assert_cmpint(ct_jint(cfg, "geun_g"), ==, 600);
}

/* A quick key that is not a number is refused, not read as key 0. */
static void test_err_quick_key(void)
{
  g_auto(CtFx) fx = {0};
  ct_fx_shop(&fx);
  ct_expect_fail(&fx, 3, "invalid", "abc", "product", "add", "--plu", "700", "--name", "파",
                 "--line", "VEG", "--price", "2000", "--unit", "piece", "--tax", "exempt",
                 "--quick-key", "abc", NULL);
}

/* --json with no command is still a usage error, and still JSON. */
static void test_err_json_no_command(void)
{
  g_auto(CtRun) r = {0};
  ct_run_db(&r, NULL, TRUE, NULL);
  ct_expect_rc(&r, 2);
  g_autoptr(cJSON) o = ct_parse_one(&r);
  g_assert_cmpstr(ct_jstr(ct_jobj(o, "error"), "code"), ==, "usage");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_setenv("MPOS_NOW", NOW, TRUE);
  g_test_add_func("/cli/error/weight", test_err_weight);
  g_test_add_func("/cli/error/usage", test_err_usage);
  g_test_add_func("/cli/error/quantity", test_err_quantity);
  g_test_add_func("/cli/error/money", test_err_money);
  g_test_add_func("/cli/error/state", test_err_state);
  g_test_add_func("/cli/error/not-initialised", test_err_not_initialised);
  g_test_add_func("/cli/error/import", test_err_import);
  g_test_add_func("/cli/error/not-a-db", test_err_not_a_db);
  g_test_add_func("/cli/error/text", test_err_text);
  g_test_add_func("/cli/error/sync", test_err_sync);
  g_test_add_func("/cli/error/init-setting", test_err_init_setting);
  g_test_add_func("/cli/error/import-barcode", test_err_import_barcode);
  g_test_add_func("/cli/error/unknown-line", test_err_unknown_line);
  g_test_add_func("/cli/error/json-no-command", test_err_json_no_command);
  g_test_add_func("/cli/error/config-before-init", test_err_config_before_init);
  g_test_add_func("/cli/error/quick-key", test_err_quick_key);
  return g_test_run();
}
