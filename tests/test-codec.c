/*
** test-codec.c: the JSON codec of stall documents, the one both ends use.
** A real sale from a real ledger goes out and comes back equal; then each
** field is broken in turn and the decoder must refuse it with its code
** (INVALID, or UNRECONCILED for sums) and name it.
*/
#include "pos.h"
#include "wire-codec.h"
#include "testutil.h"

/* A ledger with a sale, a void and a refund. */
static PosLedger *ledger_with_docs(const char *dir, PosSale **sale, PosSale **refund)
{
  PosLedger *l = tu_ledger(dir, "codec", 10);
  g_autoptr(PosProduct) a = tu_product(l, 1, "사과", "FRUIT", POS_UNIT_PIECE, 3000,
                                       POS_TAX_EXEMPT);
  /* quotes and a newline survive JSON */
  g_autoptr(PosProduct) b = tu_product(l, 2, "\"따옴표\" 김치\n", "BANCHAN", POS_UNIT_KG, 12345,
                                       POS_TAX_TAXABLE);
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, a, 2000, NULL, NULL));
  g_assert_true(pos_cart_add(cart, b, 777, NULL, NULL));
  g_assert_true(pos_cart_discount_sale(cart, 333, "단골", NULL));
  g_assert_true(pos_cart_set_cash_receipt(cart, "01012345678", NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ZEROPAY, 5000, "ZP-1", NULL));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 20000, NULL, NULL));
  g_assert_true(pos_ledger_commit_sale(l, cart, sale, NULL));
  int line = 1;
  g_assert_true(pos_ledger_refund(l, (*sale)->id, &line, 1, POS_TENDER_CASH, "상함", refund,
                                  NULL));
  return l;
}

static void assert_same_doc(const PosSale *a, const PosSale *b)
{
  g_assert_cmpstr(a->id, ==, b->id);
  g_assert_cmpint(a->kind, ==, b->kind);
  g_assert_cmpstr(a->original_id, ==, b->original_id);
  g_assert_cmpstr(a->receipt_no, ==, b->receipt_no);
  g_assert_cmpstr(a->business_day, ==, b->business_day);
  g_assert_cmpint(a->device_time_ms, ==, b->device_time_ms);
  g_assert_cmpmem(&a->totals, sizeof a->totals, &b->totals, sizeof b->totals);
  g_assert_cmpint(a->settlement.paid, ==, b->settlement.paid);
  g_assert_cmpint(a->settlement.change, ==, b->settlement.change);
  g_assert_cmpstr(a->cash_receipt_id, ==, b->cash_receipt_id);
  g_assert_cmpuint(a->lines->len, ==, b->lines->len);
  for (guint i = 0; i < a->lines->len; i++) {
    const PosLine *x = g_ptr_array_index(a->lines, i), *y = g_ptr_array_index(b->lines, i);
    g_assert_cmpstr(x->name, ==, y->name);
    g_assert_cmpint(x->qty_milli, ==, y->qty_milli);
    g_assert_cmpint(x->net, ==, y->net);
    g_assert_cmpint(x->refunded_from, ==, y->refunded_from);
  }
  g_assert_cmpuint(a->tenders->len, ==, b->tenders->len);
}

static void test_roundtrip(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autoptr(PosSale) sale = NULL, refund = NULL;
  g_autoptr(PosLedger) l = ledger_with_docs(dir, &sale, &refund);
  PosSale *docs[] = {sale, refund};
  for (guint i = 0; i < G_N_ELEMENTS(docs); i++) {
    g_autoptr(cJSON) j = wire_sale_to_json(docs[i]);
    g_autofree char *text = cJSON_PrintUnformatted(j);
    g_autoptr(cJSON) parsed = cJSON_Parse(text);
    g_autoptr(GError) e = NULL;
    g_autoptr(PosSale) back = wire_sale_from_json(parsed, &e);
    g_assert_no_error(e);
    assert_same_doc(docs[i], back);
  }
  tu_tmpdir_free(g_steal_pointer(&dir));
}

typedef struct {
  const char *path;     /* "total" or "lines.0.net" or "tenders.0.amount" */
  const char *json;     /* replacement value as JSON; NULL deletes the field */
  const char *named;    /* what the error message must mention */
} Tamper;

static cJSON *find_parent(cJSON *root, const char *path, const char **leaf)
{
  g_auto(GStrv) parts = g_strsplit(path, ".", -1);
  cJSON *node = root;
  guint n = g_strv_length(parts);
  for (guint i = 0; i + 1 < n; i++)
    node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, atoi(parts[i]))
                               : cJSON_GetObjectItemCaseSensitive(node, parts[i]);
  g_assert_nonnull(node);
  *leaf = path + strlen(path) - strlen(parts[n - 1]);
  return node;
}

static void test_tampered(void)
{
  static const Tamper cases[] = {
    {"total", "24001", "reconcile"},
    {"total", "\"24000\"", "total"},
    {"total", "1e300", "total"},
    {"total", "12.5", "total"},
    {"vat", "0", "reconcile"},
    {"paid", "1", "reconcile"},
    {"change", NULL, "change"},
    {"lines.0.net", "1", "reconcile"},
    {"lines.0.qty_milli", "-2000", "reconcile"},
    {"lines.0.amount", "99999999999999999", "amount"},
    {"lines.0.unit", "\"lb\"", "unit"},
    {"lines.0.line", "\"과일\"", "line"},
    {"lines.0.fixed_amount", "1", "fixed_amount"},
    {"lines.0", "7", "lines[0]"},
    {"lines", "[]", "lines"},
    {"tenders.0.method", "\"bitcoin\"", "method"},
    {"tenders.0.amount", "-5000", "reconcile"},
    {"id", "\"0000\"", "id"},
    {"id", "\"01A2155D-D280-7142-8FD4-8339E1BD175E\"", "id"},
    {"kind", "\"gift\"", "kind"},
    {"original_id", "\"01a2155d-d280-7142-8fd4-8339e1bd175e\"", "original_id"},
    {"business_day", "\"2026-13-45\"", "business_day"},
    {"business_day", "\"1999-12-31\"", "business_day"},
    {"business_day", "\"2026-W48-4\"", "business_day"},
    {"cash_receipt_id", "\"12ab\"", "cash_receipt_id"},
  };
  g_autofree char *dir = tu_tmpdir();
  g_autoptr(PosSale) sale = NULL, refund = NULL;
  g_autoptr(PosLedger) l = ledger_with_docs(dir, &sale, &refund);
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(cJSON) j = wire_sale_to_json(sale);
    const char *leaf;
    cJSON *parent = find_parent(j, cases[i].path, &leaf);
    if (cJSON_IsArray(parent)) {
      if (cases[i].json)
        cJSON_ReplaceItemInArray(parent, atoi(leaf), cJSON_Parse(cases[i].json));
    } else if (cases[i].json) {
      cJSON_ReplaceItemInObjectCaseSensitive(parent, leaf, cJSON_Parse(cases[i].json));
    } else {
      cJSON_DeleteItemFromObjectCaseSensitive(parent, leaf);
    }
    g_autoptr(GError) e = NULL;
    g_autoptr(PosSale) back = wire_sale_from_json(j, &e);
    if (back != NULL)
      g_error("case %u (%s = %s) was accepted", i, cases[i].path, cases[i].json);
    /* A field the decoder refuses is INVALID; sums that do not add up are
    ** their own code, UNRECONCILED, which the hub answers without reading
    ** the message (the "reconcile" cases of the table). */
    int want = strcmp(cases[i].named, "reconcile") == 0 ? POS_ERROR_UNRECONCILED
                                                         : POS_ERROR_INVALID;
    g_assert_error(e, POS_ERROR, want);
    if (strstr(e->message, cases[i].named) == NULL)
      g_error("case %u: message '%s' does not name '%s'", i, e->message, cases[i].named);
  }
  g_autoptr(GError) e = NULL;
  g_assert_null(wire_sale_from_json(NULL, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_INVALID);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/codec/roundtrip", test_roundtrip);
  g_test_add_func("/codec/tampered", test_tampered);
  return g_test_run();
}
