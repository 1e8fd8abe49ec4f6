/*
** test-money.c: won arithmetic, line amounts, weighed rounding, quantity
** and amount parsing, VAT split, the Onnuri threshold, EAN and in-store
** barcodes.  Every expected figure is worked out by hand in a comment.
*/
#include "pos.h"

static void test_checked_add(void)
{
  PosMoney r = 0;
  g_autoptr(GError) e = NULL;
  g_assert_true(pos_money_add(0, 0, &r, NULL));
  g_assert_cmpint(r, ==, 0);
  g_assert_true(pos_money_add(1, 0, &r, NULL));
  g_assert_cmpint(r, ==, 1);
  g_assert_true(pos_money_add(POS_MONEY_MAX - 1, 1, &r, NULL));
  g_assert_cmpint(r, ==, POS_MONEY_MAX);
  g_assert_false(pos_money_add(POS_MONEY_MAX, 1, &r, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
  g_clear_error(&e);
  g_assert_false(pos_money_add(INT64_MAX, 1, &r, &e));   /* int64 overflow itself */
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
  g_clear_error(&e);
  g_assert_false(pos_money_add(-POS_MONEY_MAX, -1, &r, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
}

static void test_line_amount(void)
{
  PosMoney a = -1;
  g_autoptr(GError) e = NULL;
  /* 350 g at 23,800/kg = 8,330 exactly */
  g_assert_true(pos_money_line_amount(23800, 350, &a, NULL));
  g_assert_cmpint(a, ==, 8330);
  /* 333 g at 1,000/kg = 333; 1 g at 499/kg = 0.499 -> 0; at 500/kg = 0.5 -> 1 (half up) */
  g_assert_true(pos_money_line_amount(1000, 333, &a, NULL));
  g_assert_cmpint(a, ==, 333);
  g_assert_true(pos_money_line_amount(499, 1, &a, NULL));
  g_assert_cmpint(a, ==, 0);
  g_assert_true(pos_money_line_amount(500, 1, &a, NULL));
  g_assert_cmpint(a, ==, 1);
  /* refunds mirror: -1 g at 500/kg = -1 */
  g_assert_true(pos_money_line_amount(500, -1, &a, NULL));
  g_assert_cmpint(a, ==, -1);
  /* three pieces at 3,000 */
  g_assert_true(pos_money_line_amount(3000, 3000, &a, NULL));
  g_assert_cmpint(a, ==, 9000);
  /* 100 t at 100,000,000/kg would be 10^13 won: refused */
  g_assert_false(pos_money_line_amount(100000000, POS_QTY_MAX, &a, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
  g_clear_error(&e);
  /* a product of int64 size is refused, not wrapped */
  g_assert_false(pos_money_line_amount(POS_MONEY_MAX, INT64_MAX / 1000, &a, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
}

static void test_round_down(void)
{
  g_assert_cmpint(pos_money_round_down(8337, 1), ==, 8337);
  g_assert_cmpint(pos_money_round_down(8337, 10), ==, 8330);
  g_assert_cmpint(pos_money_round_down(8337, 100), ==, 8300);
  g_assert_cmpint(pos_money_round_down(8300, 100), ==, 8300);
  g_assert_cmpint(pos_money_round_down(0, 100), ==, 0);
}

static void test_qty_parse(void)
{
  int64_t q = 0;
  g_autoptr(GError) e = NULL;
  g_assert_true(pos_qty_parse("3", POS_UNIT_PIECE, 600, &q, NULL));
  g_assert_cmpint(q, ==, 3000);
  g_assert_true(pos_qty_parse("350g", POS_UNIT_KG, 600, &q, NULL));
  g_assert_cmpint(q, ==, 350);
  g_assert_true(pos_qty_parse("350", POS_UNIT_KG, 600, &q, NULL));
  g_assert_cmpint(q, ==, 350);
  g_assert_true(pos_qty_parse("1.2kg", POS_UNIT_KG, 600, &q, NULL));
  g_assert_cmpint(q, ==, 1200);
  g_assert_true(pos_qty_parse("0.125kg", POS_UNIT_KG, 600, &q, NULL));
  g_assert_cmpint(q, ==, 125);
  g_assert_true(pos_qty_parse("1근", POS_UNIT_KG, 600, &q, NULL));
  g_assert_cmpint(q, ==, 600);
  g_assert_true(pos_qty_parse("1.5근", POS_UNIT_KG, 400, &q, NULL));
  g_assert_cmpint(q, ==, 600);
  static const char *const bad_weights[] = {"0g", "0", "-5g", "abc", "", "1.2345kg", "350.5g",
                                            "1 kg", "100001kg", "1lb"};
  for (guint i = 0; i < G_N_ELEMENTS(bad_weights); i++) {
    g_assert_false(pos_qty_parse(bad_weights[i], POS_UNIT_KG, 600, &q, &e));
    g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
    g_clear_error(&e);
  }
  static const char *const bad_pieces[] = {"0", "1.5", "-1", "1근", "100001", "3g"};
  for (guint i = 0; i < G_N_ELEMENTS(bad_pieces); i++) {
    g_assert_false(pos_qty_parse(bad_pieces[i], POS_UNIT_PIECE, 600, &q, &e));
    g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
    g_clear_error(&e);
  }
}

static void test_money_parse_format(void)
{
  PosMoney v = 0;
  char buf[32];
  g_autoptr(GError) e = NULL;
  g_assert_true(pos_money_parse("12,000", &v, NULL));
  g_assert_cmpint(v, ==, 12000);
  g_assert_true(pos_money_parse("0", &v, NULL));
  g_assert_cmpint(v, ==, 0);
  g_assert_true(pos_money_parse("999999999999", &v, NULL));
  g_assert_cmpint(v, ==, POS_MONEY_MAX);
  g_assert_false(pos_money_parse("1000000000000", &v, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
  g_clear_error(&e);
  g_assert_false(pos_money_parse("99999999999999999999999", &v, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_OVERFLOW);
  g_clear_error(&e);
  static const char *const bad[] = {"", "-1", "1.5", "abc", ",100", "1e3"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_false(pos_money_parse(bad[i], &v, &e));
    g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
    g_clear_error(&e);
  }
  g_assert_cmpstr(pos_money_format(1234567, buf, sizeof buf), ==, "1,234,567");
  g_assert_cmpstr(pos_money_format(-1000, buf, sizeof buf), ==, "-1,000");
  g_assert_cmpstr(pos_money_format(999, buf, sizeof buf), ==, "999");
  g_assert_cmpstr(pos_qty_format(350, POS_UNIT_KG, buf, sizeof buf), ==, "350 g");
  g_assert_cmpstr(pos_qty_format(1200, POS_UNIT_KG, buf, sizeof buf), ==, "1.2 kg");
  g_assert_cmpstr(pos_qty_format(1250, POS_UNIT_KG, buf, sizeof buf), ==, "1.25 kg");
  g_assert_cmpstr(pos_qty_format(2000, POS_UNIT_KG, buf, sizeof buf), ==, "2 kg");
  g_assert_cmpstr(pos_qty_format(3000, POS_UNIT_PIECE, buf, sizeof buf), ==, "3");
}

static void test_vat_split(void)
{
  PosMoney s, v;
  /* 11,000 -> 10,000 + 1,000 */
  pos_vat_split(11000, &s, &v);
  g_assert_cmpint(s, ==, 10000);
  g_assert_cmpint(v, ==, 1000);
  /* 1 won: 1/1.1 = 0.909 -> 1, VAT 0 */
  pos_vat_split(1, &s, &v);
  g_assert_cmpint(s, ==, 1);
  g_assert_cmpint(v, ==, 0);
  /* 0 */
  pos_vat_split(0, &s, &v);
  g_assert_cmpint(s + v, ==, 0);
  /* 7,842 / 1.1 = 7,129.09 -> 7,129, VAT 713 */
  pos_vat_split(7842, &s, &v);
  g_assert_cmpint(s, ==, 7129);
  g_assert_cmpint(v, ==, 713);
  /* exactly half: 11.55 won would be 10.5; in won 1,155 / 1.1 = 1,050 exactly,
     and 16 / 1.1 = 14.545 -> 15 (rounded, not truncated) */
  pos_vat_split(1155, &s, &v);
  g_assert_cmpint(s, ==, 1050);
  pos_vat_split(16, &s, &v);
  g_assert_cmpint(s, ==, 15);
  g_assert_cmpint(v, ==, 1);
  /* refunds mirror */
  pos_vat_split(-7842, &s, &v);
  g_assert_cmpint(s, ==, -7129);
  g_assert_cmpint(v, ==, -713);
  /* the largest total stays exact */
  pos_vat_split(POS_MONEY_MAX, &s, &v);
  g_assert_cmpint(s + v, ==, POS_MONEY_MAX);
  g_assert_cmpint(s, ==, 909090909090);   /* 999,999,999,999 / 1.1 = 909,090,909,090.0 */
}

static void test_onnuri_rule(void)
{
  /* 10,000 face: 6,000 spent is exactly 60% -> change; 5,999 is not */
  g_assert_true(pos_onnuri_change_allowed(10000, 6000, 60));
  g_assert_false(pos_onnuri_change_allowed(10000, 5999, 60));
  g_assert_true(pos_onnuri_change_allowed(10000, 10000, 60));
  /* with the 80% setting */
  g_assert_false(pos_onnuri_change_allowed(50000, 39999, 80));
  g_assert_true(pos_onnuri_change_allowed(50000, 40000, 80));
  g_assert_false(pos_onnuri_change_allowed(0, 0, 60));
}

static void test_ean(void)
{
  g_assert_true(pos_ean_valid("8801234567893"));
  g_assert_false(pos_ean_valid("8801234567890"));
  g_assert_true(pos_ean_valid("96385074"));         /* EAN-8 */
  g_assert_false(pos_ean_valid("880123456789"));    /* 12 digits */
  g_assert_false(pos_ean_valid("88012345678a3"));
  g_assert_false(pos_ean_valid(NULL));
}

static void test_instore(void)
{
  PosInstoreCode c;
  g_autoptr(GError) e = NULL;
  /* 21 00042 00350 C: item 42, 350 g; GS1 check digit 7 */
  g_assert_true(pos_ean_valid("2100042003507"));
  g_assert_true(pos_instore_decode("21PPPPPWWWWWC", "2100042003507", &c, NULL));
  g_assert_cmpint(c.plu, ==, 42);
  g_assert_true(c.has_weight);
  g_assert_cmpint(c.grams, ==, 350);
  g_assert_false(c.has_price);
  /* price layout: 22 PPPP VVVVVV C -> item 7, 12,500 won; check digit 1 */
  g_assert_true(pos_ean_valid("2200070125001"));
  g_assert_true(pos_instore_decode("22PPPPVVVVVVC", "2200070125001", &c, NULL));
  g_assert_cmpint(c.plu, ==, 7);
  g_assert_true(c.has_price);
  g_assert_cmpint(c.price, ==, 12500);
  /* wrong prefix for the pattern */
  g_assert_false(pos_instore_decode("21PPPPPWWWWWC", "2200070125001", &c, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&e);
  /* bad check digit */
  g_assert_false(pos_instore_decode("21PPPPPWWWWWC", "2100042003509", &c, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_NOT_FOUND);
  g_clear_error(&e);
  static const char *const bad[] = {"21PPPPPWWWWW", "31PPPPPWWWWWC", "21PPPPPWWVVVC",
                                    "21XXXXXWWWWWC", "2100000WWWWWC"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_assert_false(pos_instore_pattern_valid(bad[i], &e));
    g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
    g_clear_error(&e);
  }
}

static void test_uuid7(void)
{
  char a[POS_UUID_LEN + 1], b[POS_UUID_LEN + 1];
  pos_uuid7(1764118800000, a);
  g_assert_true(pos_uuid_valid(a));
  g_assert_cmpint(a[14], ==, '7');                       /* version */
  g_assert_true(strchr("89ab", a[19]) != NULL);          /* variant */
  g_assert_true(g_str_has_prefix(a, "019abdac-a680"));   /* 48-bit ms, big-endian */
  /* same millisecond, many ids: strictly increasing */
  for (int i = 0; i < 5000; i++) {
    pos_uuid7(1764118800000, b);
    g_assert_cmpstr(a, <, b);
    memcpy(a, b, sizeof a);
  }
  g_assert_false(pos_uuid_valid("019AC0C9-2A00-7000-8000-000000000000"));
  g_assert_false(pos_uuid_valid("not-a-uuid"));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/money/add", test_checked_add);
  g_test_add_func("/money/line-amount", test_line_amount);
  g_test_add_func("/money/round-down", test_round_down);
  g_test_add_func("/money/qty-parse", test_qty_parse);
  g_test_add_func("/money/parse-format", test_money_parse_format);
  g_test_add_func("/money/vat-split", test_vat_split);
  g_test_add_func("/money/onnuri-rule", test_onnuri_rule);
  g_test_add_func("/barcode/ean", test_ean);
  g_test_add_func("/barcode/instore", test_instore);
  g_test_add_func("/id/uuid7", test_uuid7);
  return g_test_run();
}
