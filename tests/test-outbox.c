/*
** test-outbox.c: marking outbox events in batches, as the sync client does
** after each hub answer: all of a batch in one transaction, or none.
*/
#include "pos.h"
#include "testutil.h"

static PosLedger *ledger_with_sales(const char *dir, int n)
{
  PosLedger *l = tu_ledger(dir, "outbox", 1);
  g_autoptr(PosProduct) p = tu_product(l, 1, "두부", "BANCHAN", POS_UNIT_PIECE, 2500,
                                       POS_TAX_TAXABLE);
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  for (int i = 0; i < n; i++) {
    g_assert_true(pos_cart_add(cart, p, 1000, NULL, NULL));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 5000, NULL, NULL));
    g_assert_true(pos_ledger_commit_sale(l, cart, NULL, NULL));
  }
  return l;
}

static void test_mark_many(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autoptr(PosLedger) l = ledger_with_sales(dir, 5);   /* 1 product + 5 sales */
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(l, 100, NULL);
  g_assert_cmpuint(rows->len, ==, 6);
  PosOutboxMark marks[6];
  for (guint i = 0; i < rows->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(rows, i);
    marks[i] = (PosOutboxMark){r->event_id, i == 3 ? POS_OUTBOX_REJECTED : POS_OUTBOX_SENT,
                               i == 3 ? "bad_request" : NULL, i == 3 ? "field x" : NULL};
  }
  /* an unknown id in the batch: nothing is marked */
  PosOutboxMark bad[2] = {marks[0], {"01a00000-0000-7000-8000-000000000000", POS_OUTBOX_SENT,
                                     NULL, NULL}};
  g_autoptr(GError) e = NULL;
  g_assert_false(pos_ledger_outbox_mark_many(l, bad, 2, &e));
  g_assert_error(e, POS_ERROR, POS_ERROR_NOT_FOUND);
  int64_t pending, sent, rejected;
  g_assert_true(pos_ledger_outbox_counts(l, &pending, &sent, &rejected, NULL));
  g_assert_cmpint(pending, ==, 6);
  g_assert_cmpint(sent, ==, 0);
  /* the whole batch */
  g_assert_true(pos_ledger_outbox_mark_many(l, marks, 6, NULL));
  g_assert_true(pos_ledger_outbox_counts(l, &pending, &sent, &rejected, NULL));
  g_assert_cmpint(pending, ==, 0);
  g_assert_cmpint(sent, ==, 5);
  g_assert_cmpint(rejected, ==, 1);
  g_assert_true(pos_ledger_outbox_mark_many(l, marks, 0, NULL));   /* nothing to do */
  g_assert_true(pos_ledger_check(l, NULL));
  g_clear_pointer(&l, pos_ledger_close);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/outbox/mark-many", test_mark_many);
  return g_test_run();
}
