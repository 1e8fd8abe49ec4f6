/*
** till-test-util.c: helpers shared by the till's tests.
*/
#include "till-test-util.h"
#include <string.h>

/* The seeds file itself, so the tests and the demo never drift apart. */
GBytes *ttu_demo_catalog(void)
{
  const char *src = g_getenv("MPOS_SRCDIR");
  g_assert_nonnull(src);
  g_autofree char *path = g_build_filename(src, "seeds", "demo-stall-catalog.csv", NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, &error));
  return g_bytes_new_take(data, len);
}

/*
** Aborts the test when the demo ledger cannot be made: nothing else could
** pass.
*/
TillModel *ttu_demo_model(void)
{
  g_autoptr(GBytes) csv = ttu_demo_catalog();
  g_autoptr(GError) error = NULL;
  TillModel *model = till_model_new_demo(csv, &error);
  g_assert_no_error(error);
  g_assert_nonnull(model);
  return model;
}

/* A device token and a hub address are all the sync client needs to try. */
void ttu_enroll(TillModel *model, const char *hub_url)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(pos_ledger_set_secret(till_model_ledger(model), "device_token",
                                      "0123456789abcdef0123456789abcdef"
                                      "0123456789abcdef0123456789abcdef", &error));
  g_assert_true(till_model_set_setting(model, "hub_url", hub_url, &error));
  g_assert_no_error(error);
}

/* Tests make their own codes rather than trust a hand-computed check digit. */
char *ttu_ean13(const char *twelve)
{
  int sum = 0;
  g_assert_cmpuint(strlen(twelve), ==, 12);
  for (int i = 0; i < 12; i++)
    sum += (twelve[i] - '0') * (i % 2 ? 3 : 1);
  return g_strdup_printf("%s%d", twelve, (10 - sum % 10) % 10);
}

/* Raises the flag ttu_wait_for() polls. */
static gboolean on_timeout(gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Turns the main loop: GTask callbacks and timers need it. */
gboolean ttu_wait_for(const gboolean *flag, guint timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add(timeout_ms, on_timeout, &expired);
  while (!*flag && !expired)
    g_main_context_iteration(NULL, TRUE);
  if (!expired)
    g_source_remove(id);
  return *flag;
}

void ttu_init(int *argc, char ***argv)
{
  g_setenv("MPOS_NOW", TTU_NOW, TRUE);
  g_test_init(argc, argv, NULL);
}

/* Asserts a refusal: the code, and a message that contains want. */
void ttu_assert_refused(GError *error, int code, const char *want)
{
  g_assert_nonnull(error);
  g_assert_true(error->domain == POS_ERROR);
  g_assert_cmpint(error->code, ==, code);
  if (strstr(error->message, want) == NULL)
    g_error("message '%s' lacks '%s'", error->message, want);
}

/* A cart of 4 apples and 450 g of pork: 10,000 + 7,560 = 17,560 won. */
void ttu_fill_cart(TillModel *m)
{
  till_model_entry_set(m, "4");
  g_assert_true(till_model_add_plu(m, 1, NULL));
  till_model_entry_set(m, "450g");
  g_assert_true(till_model_add_plu(m, 13, NULL));
  PosTotals t;
  till_model_totals(m, &t);
  g_assert_cmpint(t.total, ==, 17560);
}

/* Rings and pays one cash sale of fill_cart(); returns its id. */
char *ttu_ring_cash_sale(TillModel *m)
{
  g_autoptr(GError) error = NULL;
  ttu_fill_cart(m);
  g_assert_true(till_model_pay_add(m, POS_TENDER_CASH, "20000", NULL, &error));
  g_assert_true(till_model_pay_commit(m, &error));
  g_assert_no_error(error);
  return g_strdup(till_model_last_sale(m)->id);
}

/* Raises the flag ttu_sync_wait() waits on. */
static void on_sync_finished(TillSync *sync, gpointer data)
{
  (void)sync;
  *(gboolean *)data = TRUE;
}

void ttu_sync_wait(TillModel *m, gboolean start, guint timeout_ms)
{
  gboolean finished = FALSE;
  gulong id = g_signal_connect(till_model_sync(m), "finished", G_CALLBACK(on_sync_finished),
                               &finished);
  if (start) {
    g_autoptr(GError) error = NULL;
    g_assert_true(till_model_sync_now(m, &error));
    g_assert_no_error(error);
  }
  g_assert_true(ttu_wait_for(&finished, timeout_ms));
  g_signal_handler_disconnect(till_model_sync(m), id);
}
