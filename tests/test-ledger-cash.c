/*
** test-ledger-cash.c: paid-in and paid-out in the ledger (schema 4), and
** the close that differs from the expected cash by more than the stall's
** threshold.
**
**   /ledger-cash/migration   a schema-3 ledger with an open day and a sale
**                            upgrades to 4 in place; the open day takes
**                            cash moves and its report counts them
**   /ledger-cash/moves       the rules: an open day, a positive amount, a
**                            reason, no paid-out beyond the drawer; the
**                            sums and the expected cash to the won
**   /ledger-cash/kept        the file itself refuses to change or delete a
**                            move (triggers), and a bad row (CHECKs)
**   /ledger-cash/threshold   close_day_checked refuses a difference above
**                            cash_diff_threshold and leaves the day open;
**                            accepted, it closes with the difference filed
**
** Each case works on its own ledger in a fresh temporary directory through
** the public API (pos.h), and looks into the file with plain sqlite3 where
** the case is about what the file allows (ledger-testutil.h).  Figures are
** worked out by hand in the comments.
*/
#include "ledger-testutil.h"

#include <string.h>

/* Sells n pieces of p for cash, paid with `paid`; asserts it commits. */
static void sell_cash(PosLedger *l, const PosProduct *p, int64_t n, PosMoney paid)
{
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, p, n * 1000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, paid, NULL, &error));
  g_autoptr(PosSale) s = NULL;
  g_assert_true(pos_ledger_commit_sale(l, cart, &s, &error));
  g_assert_no_error(error);
}

static PosZReport x_report(PosLedger *l)
{
  g_autoptr(GError) error = NULL;
  PosZReport z;
  g_assert_true(pos_ledger_x_report(l, &z, &error));
  g_assert_no_error(error);
  return z;
}

static void move_ok(PosLedger *l, PosCashDirection d, PosMoney amount, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosCashMove) m = NULL;
  g_assert_true(pos_ledger_cash_move(l, d, amount, reason, &m, &error));
  g_assert_no_error(error);
  g_assert_cmpint(m->direction, ==, d);
  g_assert_cmpint(m->amount, ==, amount);
  g_assert_cmpstr(m->reason, ==, reason);
  g_assert_cmpint(m->id, >, 0);
}

static void move_fails(PosLedger *l, PosCashDirection d, PosMoney amount, const char *reason,
                       int code, const char *names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosCashMove) m = NULL;
  g_assert_false(pos_ledger_cash_move(l, d, amount, reason, &m, &error));
  g_assert_error(error, POS_ERROR, code);
  g_assert_nonnull(strstr(error->message, names));
  g_assert_null(m);
}

/* ---- /ledger-cash/migration ---------------------------------------------- */

static void test_migration(void)
{
  g_auto(LtScratch) s;
  g_autoptr(GError) error = NULL;
  lt_scratch_init(&s);
  g_setenv("MPOS_NOW", TEST_NOW, TRUE);
  g_assert_cmpint(pos_ledger_schema_version(), >=, 4);

  /* A schema-3 ledger with a stall, a product, a day opened with 30,000 and a sale. */
  {
    PosLedger *old = pos_ledger_open_full(s.path, POS_SYNC_FULL, 3, &error);
    g_assert_no_error(error);
    g_assert_true(pos_ledger_init_stall(old, "옛날 반찬", 1, &error));
    g_autoptr(PosProduct) p = tu_product(old, 1, "콩나물", "VEG", POS_UNIT_PIECE, 1500,
                                         POS_TAX_EXEMPT);
    g_assert_true(pos_ledger_open_day(old, 30000, &error));
    g_assert_no_error(error);
    sell_cash(old, p, 2, 5000);   /* 3,000, change 2,000 */
    pos_ledger_close(old);
    sqlite3 *db = lt_raw_open(s.path);
    g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, 3);
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE name='cash_move'"),
                    ==, 0);
    sqlite3_close(db);
  }

  /* Opened by this program: migrated, the day still open, its figures intact. */
  g_autoptr(PosLedger) l = pos_ledger_open(s.path, &error);
  g_assert_no_error(error);
  {
    sqlite3 *db = lt_raw_open(s.path);
    g_assert_cmpint(tu_sql_int(db, "PRAGMA user_version"), ==, pos_ledger_schema_version());
    g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM cash_move"), ==, 0);
    sqlite3_close(db);
  }
  PosZReport z = x_report(l);
  g_assert_cmpint(z.paid_in, ==, 0);
  g_assert_cmpint(z.paid_out, ==, 0);
  g_assert_cmpint(z.cash_moves, ==, 0);
  g_assert_cmpint(z.expected_cash, ==, 33000);   /* 30,000 + 5,000 - 2,000 */
  pos_zreport_clear(&z);

  /* The day the old program opened takes a move. */
  move_ok(l, POS_CASH_OUT, 8000, "도매상 대금");
  z = x_report(l);
  g_assert_cmpint(z.paid_out, ==, 8000);
  g_assert_cmpint(z.expected_cash, ==, 25000);
  pos_zreport_clear(&z);
  g_assert_true(pos_ledger_check(l, &error));
  g_assert_no_error(error);
  g_unsetenv("MPOS_NOW");
}

/* ---- /ledger-cash/moves -------------------------------------------------- */

static void test_moves(void)
{
  g_auto(LtScratch) s = {0};   /* declared first: removed after the ledger closes */
  lt_scratch_init(&s);
  const char *dir = s.dir;
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) l = tu_ledger(dir, "순대네", 10);
  g_autoptr(PosProduct) tofu = tu_product(l, 2, "두부", "BANCHAN", POS_UNIT_PIECE, 3000,
                                          POS_TAX_TAXABLE);

  /* No day open yet. */
  move_fails(l, POS_CASH_IN, 1000, "잔돈", POS_ERROR_STATE, "no day is open");

  g_assert_true(pos_ledger_open_day(l, 20000, &error));
  g_assert_no_error(error);
  sell_cash(l, tofu, 3, 10000);   /* 9,000, change 1,000: expected 29,000 */

  move_fails(l, POS_CASH_IN, 0, "잔돈", POS_ERROR_INVALID, "1 won or more");
  move_fails(l, POS_CASH_IN, -500, "잔돈", POS_ERROR_INVALID, "1 won or more");
  move_fails(l, POS_CASH_IN, POS_MONEY_MAX + 1, "잔돈", POS_ERROR_INVALID, "1 won or more");
  move_fails(l, POS_CASH_IN, 1000, "", POS_ERROR_INVALID, "reason");
  move_fails(l, POS_CASH_IN, 1000, NULL, POS_ERROR_INVALID, "reason");
  move_fails(l, POS_CASH_IN, 1000, "\xff\xfe", POS_ERROR_INVALID, "reason");
  move_fails(l, (PosCashDirection)7, 1000, "잔돈", POS_ERROR_INVALID, "in or out");
  /* More out than the 29,000 the drawer should hold. */
  move_fails(l, POS_CASH_OUT, 29001, "은행 입금", POS_ERROR_STATE, "29,000");

  move_ok(l, POS_CASH_IN, 50000, "잔돈 교환");
  move_ok(l, POS_CASH_OUT, 29001, "은행 입금");   /* now within 79,000 */
  move_ok(l, POS_CASH_OUT, 1999, "배달비");
  PosZReport z = x_report(l);
  /* 20,000 + 9,000 + 50,000 - 29,001 - 1,999 = 48,000 */
  g_assert_cmpint(z.paid_in, ==, 50000);
  g_assert_cmpint(z.paid_out, ==, 31000);
  g_assert_cmpint(z.cash_moves, ==, 3);
  g_assert_cmpint(z.expected_cash, ==, 48000);
  int64_t session = z.session_id;
  pos_zreport_clear(&z);

  g_autoptr(GPtrArray) moves = pos_ledger_cash_moves(l, session, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(moves->len, ==, 3);
  const PosCashMove *first = g_ptr_array_index(moves, 0);
  const PosCashMove *last = g_ptr_array_index(moves, 2);
  g_assert_cmpint(first->direction, ==, POS_CASH_IN);
  g_assert_cmpstr(first->reason, ==, "잔돈 교환");
  g_assert_cmpint(last->direction, ==, POS_CASH_OUT);
  g_assert_cmpint(last->amount, ==, 1999);
  g_assert_cmpint(last->session_id, ==, session);

  /* The Z report files the same figures; text and ESC/POS list the moves. */
  PosZReport closed;
  g_assert_true(pos_ledger_close_day(l, 48000, &closed, &error));
  g_assert_no_error(error);
  g_assert_cmpint(closed.expected_cash, ==, 48000);
  g_assert_cmpint(closed.cash_difference, ==, 0);
  PosSettings st;
  g_assert_true(pos_ledger_get_settings(l, &st, &error));
  g_autofree char *text = pos_zreport_text(&closed, &st, 42, &error);
  g_assert_no_error(error);
  g_assert_true(g_regex_match_simple("\n입금 +50,000\n", text, 0, 0));
  g_assert_true(g_regex_match_simple("\n출금 +-31,000\n", text, 0, 0));
  g_assert_true(g_regex_match_simple("\n예상 시재 +48,000\n", text, 0, 0));
  pos_settings_clear(&st);
  pos_zreport_clear(&closed);

  /* Closed: a move has no day to go in; the next day starts with none. */
  move_fails(l, POS_CASH_IN, 1000, "잔돈", POS_ERROR_STATE, "no day is open");
  g_assert_true(pos_ledger_open_day(l, 48000, &error));
  z = x_report(l);
  g_assert_cmpint(z.cash_moves, ==, 0);
  g_assert_cmpint(z.expected_cash, ==, 48000);
  pos_zreport_clear(&z);
}

/* ---- /ledger-cash/kept --------------------------------------------------- */

static void test_kept(void)
{
  g_auto(LtScratch) s = {0};   /* declared first: removed after the ledger closes */
  lt_scratch_init(&s);
  const char *dir = s.dir;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename(dir, "ledger.sqlite", NULL);
  {
    g_autoptr(PosLedger) l = tu_ledger(dir, "순대네", 10);
    g_assert_true(pos_ledger_open_day(l, 10000, &error));
    move_ok(l, POS_CASH_IN, 5000, "잔돈");
  }
  sqlite3 *db = lt_raw_open(path);
  g_assert_cmpint(lt_raw_exec(db, "UPDATE cash_move SET amount = 1"), ==,
                  SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint(lt_raw_exec(db, "DELETE FROM cash_move"), ==, SQLITE_CONSTRAINT_TRIGGER);
  g_assert_cmpint(lt_raw_exec(db, "INSERT INTO cash_move(session_id, at_ms, direction, amount,"
                                  " reason) VALUES(1, 0, 'in', 0, 'x')"), ==,
                  SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint(lt_raw_exec(db, "INSERT INTO cash_move(session_id, at_ms, direction, amount,"
                                  " reason) VALUES(1, 0, 'sideways', 10, 'x')"), ==,
                  SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint(lt_raw_exec(db, "INSERT INTO cash_move(session_id, at_ms, direction, amount,"
                                  " reason) VALUES(1, 0, 'in', 10, '')"), ==,
                  SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint(lt_raw_exec(db, "INSERT INTO cash_move(session_id, at_ms, direction, amount,"
                                  " reason) VALUES(1, 0, 'in', 10.5, 'x')"), ==,
                  SQLITE_CONSTRAINT_CHECK);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM cash_move"), ==, 1);
  g_assert_cmpint(tu_sql_int(db, "SELECT amount FROM cash_move"), ==, 5000);
  sqlite3_close(db);
}

/* ---- /ledger-cash/threshold ---------------------------------------------- */

static void close_fails(PosLedger *l, PosMoney counted, const char *names)
{
  g_autoptr(GError) error = NULL;
  PosZReport z;
  memset(&z, 0, sizeof z);
  g_assert_false(pos_ledger_close_day_checked(l, counted, FALSE, &z, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_CASH_DIFFERENCE);
  g_assert_nonnull(strstr(error->message, names));
  g_assert_null(z.by_line);   /* nothing handed back */
  int64_t id;
  g_assert_true(pos_ledger_open_session(l, &id, NULL));   /* still open */
}

static void test_threshold(void)
{
  g_auto(LtScratch) s = {0};   /* declared first: removed after the ledger closes */
  lt_scratch_init(&s);
  const char *dir = s.dir;
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) l = tu_ledger(dir, "순대네", 1);
  g_assert_true(pos_ledger_open_day(l, 50000, &error));
  move_ok(l, POS_CASH_OUT, 10000, "배추 값");   /* expected 40,000 */

  /* Default threshold 5,000: 5,001 over or under is asked again. */
  close_fails(l, 45001, "5,001 won more than the expected 40,000 won");
  close_fails(l, 34999, "5,001 won less");
  close_fails(l, 0, "40,000 won less");
  /* The merchant's own threshold. */
  g_assert_true(pos_ledger_set_setting(l, "cash_diff_threshold", "100", &error));
  close_fails(l, 40101, "threshold of 100 won");
  g_assert_false(pos_ledger_set_setting(l, "cash_diff_threshold", "-1", &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_false(pos_ledger_set_setting(l, "cash_diff_threshold", "1e3", &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&error);
  PosSettings st;
  g_assert_true(pos_ledger_get_settings(l, &st, &error));
  g_assert_cmpint(st.cash_diff_threshold, ==, 100);
  g_assert_cmpint(st.min_weight_g, ==, POS_MIN_WEIGHT_G_DEFAULT);
  pos_settings_clear(&st);

  /* At the threshold it closes unasked. */
  PosZReport z;
  g_assert_true(pos_ledger_close_day_checked(l, 39900, FALSE, &z, &error));
  g_assert_no_error(error);
  g_assert_cmpint(z.cash_difference, ==, -100);
  pos_zreport_clear(&z);

  /* Beyond it, accepted: closed with the difference filed. */
  g_assert_true(pos_ledger_open_day(l, 39900, &error));
  g_assert_true(pos_ledger_close_day_checked(l, 30000, TRUE, &z, &error));
  g_assert_no_error(error);
  g_assert_cmpint(z.cash_difference, ==, -9900);
  g_assert_cmpint(z.closed_ms, >, 0);
  pos_zreport_clear(&z);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ledger-cash/migration", test_migration);
  g_test_add_func("/ledger-cash/moves", test_moves);
  g_test_add_func("/ledger-cash/kept", test_kept);
  g_test_add_func("/ledger-cash/threshold", test_threshold);
  return g_test_run();
}
