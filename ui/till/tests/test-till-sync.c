/*
** test-till-sync.c: the till's sync status and enrollment text, driven
** through the model with no display, and the language rule.
**
** The status is checked against a fake hub (offline, then online with one
** event rejected, and its reason shown), against the real sync client and
** a hub that never answers (the push runs in its worker while the main
** loop turns and a sale is rung; a cancel ends it), and against a port
** that refuses connections (offline at once).
*/
#include "ui-i18n.h"
#include "till-model.h"
#include "till-test-util.h"
#include "ui-test-net.h"
#include <string.h>

/* ---- Sync status ------------------------------------------------------------------ */

/* A fake hub: offline, or accepting everything but rejecting the first sale. */
static gboolean fake_offline;

/*
** Offline, or marks the outbox as a hub would: everything sent but the first
** sale, rejected.
*/
static gboolean fake_push(const char *path, GCancellable *cancellable, TillSyncReport *out,
                          GError **error)
{
  (void)cancellable;
  if (fake_offline) {
    g_set_error(error, TILL_SYNC_ERROR, TILL_SYNC_ERROR_OFFLINE, "connection refused");
    return FALSE;
  }
  g_autoptr(PosLedger) ledger = pos_ledger_open(path, error);
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(ledger, 1000, error);
  gboolean rejected_one = FALSE;
  for (guint i = 0; i < rows->len; i++) {
    const PosOutboxRow *r = g_ptr_array_index(rows, i);
    gboolean reject = r->kind == POS_EVENT_SALE && !rejected_one;
    rejected_one |= reject;
    g_assert_true(pos_ledger_outbox_mark(ledger, r->event_id,
                                         reject ? POS_OUTBOX_REJECTED : POS_OUTBOX_SENT,
                                         reject ? "unreconciled" : NULL,
                                         reject ? "sums do not add up" : NULL, error));
    out->accepted += !reject;
    out->rejected += reject;
  }
  return TRUE;
}

/* The rejected events as the real backend lists them, one line each. */
static GPtrArray *fake_rejected(const char *path, GError **error)
{
  g_autoptr(PosLedger) ledger = pos_ledger_open(path, error);
  int64_t pending, sent, rejected;
  g_assert_true(pos_ledger_outbox_counts(ledger, &pending, &sent, &rejected, error));
  GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
  for (int64_t i = 0; i < rejected; i++)
    g_ptr_array_add(lines, g_strdup("sale: unreconciled: sums do not add up"));
  return lines;
}

/* Raises the flag test_sync_silent_hub watches. */
static void on_finished(TillSync *sync, gpointer data)
{
  (void)sync;
  *(gboolean *)data = TRUE;
}

/* Starts a push and waits (on the main loop) for its end. */
static void sync_and_wait(TillModel *m)
{
  ttu_sync_wait(m, TRUE, 20000);
}

/*
** Not enrolled, pending, offline since the first failure, rejected with its
** reason.
*/
static void test_sync_status(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  GError *error = NULL;
  TillSyncBackend fake = {fake_push, NULL, fake_rejected};
  till_model_set_sync_backend(m, &fake);
  g_autofree char *id = ttu_ring_cash_sale(m);
  TillSyncStatus st;
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_NOT_ENROLLED);
  g_assert_cmpint(st.pending, ==, 17);   /* 16 products + 1 sale */
  g_autofree char *label = till_model_sync_label(m);
  g_assert_nonnull(strstr(label, "Not enrolled"));
  g_assert_false(till_model_sync_now(m, &error));
  ttu_assert_refused(error, POS_ERROR_STATE, "not enrolled");
  g_clear_error(&error);
  ttu_enroll(m, "https://hub.example");
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_PENDING);
  /* the hub is unreachable: offline since the attempt, still pending */
  fake_offline = TRUE;
  int64_t before = g_get_real_time() / 1000;
  sync_and_wait(m);
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_OFFLINE);
  g_assert_cmpint(st.offline_since_ms, >=, before);
  g_assert_cmpint(st.pending, ==, 17);
  g_autofree char *offline = till_model_sync_label(m);
  g_assert_nonnull(strstr(offline, "Offline since"));
  g_assert_nonnull(strstr(offline, "17 waiting"));
  /* a second failure keeps the first time */
  int64_t since = st.offline_since_ms;
  sync_and_wait(m);
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.offline_since_ms, ==, since);
  /* back online: one sale rejected, with its reason shown */
  fake_offline = FALSE;
  sync_and_wait(m);
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_REJECTED);
  g_assert_cmpint(st.pending, ==, 0);
  g_assert_cmpint(st.rejected, ==, 1);
  g_assert_cmpint(st.offline_since_ms, ==, 0);
  g_assert_cmpuint(st.reasons->len, ==, 1);
  g_assert_nonnull(strstr(g_ptr_array_index(st.reasons, 0), "unreconciled"));
  g_autofree char *rejected = till_model_sync_label(m);
  g_assert_nonnull(strstr(rejected, "1 rejected"));
}

/*
** The real sync client against a hub that never answers: the push runs in
** its worker while the main loop keeps turning, and a cancel ends it.
*/
static void test_sync_silent_hub(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  guint16 port;
  g_autoptr(GSocket) silent = uitu_silent_port(&port);
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", port);
  ttu_enroll(m, url);
  g_autofree char *id = ttu_ring_cash_sale(m);
  gboolean finished = FALSE;
  g_signal_connect(till_model_sync(m), "finished", G_CALLBACK(on_finished), &finished);
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  g_assert_true(till_model_sync_now(m, &error));
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 50000);   /* starting never waits */
  TillSyncStatus st;
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_SYNCING);
  /* the UI thread goes on: ring another sale while the push hangs */
  gboolean tick = FALSE;
  g_assert_false(ttu_wait_for(&tick, 300));
  g_assert_false(finished);
  g_autofree char *second = ttu_ring_cash_sale(m);
  g_assert_false(till_model_sync_now(m, &error));   /* one job at a time */
  g_clear_error(&error);
  till_sync_cancel(till_model_sync(m));
  g_assert_true(ttu_wait_for(&finished, 10000));
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.pending, ==, 18);
}

/* A hub that refuses connections: offline at once. */
static void test_sync_refused_hub(void)
{
  g_autoptr(TillModel) m = ttu_demo_model();
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", uitu_closed_port());
  ttu_enroll(m, url);
  sync_and_wait(m);
  TillSyncStatus st;
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_OFFLINE);
  g_assert_nonnull(st.error);
  /* the merchant's words, not libcurl's ("Couldn't connect to server") */
  g_assert_nonnull(strstr(st.error, "cannot be reached"));
  g_assert_null(strstr(st.error, "onnect"));
  g_assert_null(strstr(st.error, "127.0.0.1"));
  /* "offline since" is in the ledger, so a restart keeps it ... */
  PosSettings kept;
  g_assert_true(pos_ledger_get_settings(till_model_ledger(m), &kept, NULL));
  g_assert_cmpint(kept.offline_since_ms, >, 0);
  g_assert_cmpint(kept.offline_since_ms, ==, st.offline_since_ms);
  pos_settings_clear(&kept);
  /* ... and an outage that began before this run (a restart) is told from then */
  g_assert_true(till_model_set_setting(m, "sync_offline_since_ms", "1700000000000", NULL));
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.offline_since_ms, ==, G_GINT64_CONSTANT(1700000000000));
}

/* A typed code, a scanned URL carrying one, junk; and no hub address at all. */
static void test_enroll_text(void)
{
  g_autofree char *url = NULL, *code = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true(till_parse_enroll_text(" K7QF-29XM-PL3D ", &url, &code, &error));
  g_assert_null(url);
  g_assert_cmpstr(code, ==, "K7QF-29XM-PL3D");
  g_clear_pointer(&code, g_free);
  g_assert_true(till_parse_enroll_text("https://hub.example:8443/enroll?code=AB12-CD34&x=1",
                                       &url, &code, &error));
  g_assert_cmpstr(url, ==, "https://hub.example:8443");
  g_assert_cmpstr(code, ==, "AB12-CD34");
  g_clear_pointer(&url, g_free);
  g_clear_pointer(&code, g_free);
  g_assert_false(till_parse_enroll_text("코드", &url, &code, &error));
  g_assert_nonnull(strstr(error->message, "enrollment code"));
  g_clear_error(&error);
  /* enrolling needs a hub address from somewhere */
  g_autoptr(TillModel) m = ttu_demo_model();
  g_assert_false(till_model_enroll(m, NULL, "AB12-CD34", &error));
  ttu_assert_refused(error, POS_ERROR_INVALID, "https://");
}

/* ---- Language ------------------------------------------------------------------------ */

/* In a child: the language rule of ui-i18n.h for one environment. */
static void check_language(const char *lang, const char *want)
{
  if (lang)
    g_setenv("LANG", lang, TRUE);
  else
    g_unsetenv("LANG");
  g_unsetenv("LANGUAGE");
  g_unsetenv("LC_ALL");
  g_unsetenv("LC_MESSAGES");
  g_autofree char *dir = g_build_filename(g_getenv("MPOS_BUILDDIR"), "locale", NULL);
  g_setenv("MPOS_LOCALEDIR", dir, TRUE);
  ui_i18n_init(UI_DOMAIN_TILL);
  g_assert_cmpstr(till_tender_label(POS_TENDER_CASH), ==, want);
}

/* Each environment in its own process: the locale is set once per process. */
static void test_language(void)
{
  if (g_test_subprocess()) {
    const char *which = g_getenv("TILL_TEST_LANG");
    if (strcmp(which, "C") == 0)
      check_language("C", "현금");
    else if (strcmp(which, "unset") == 0)
      check_language(NULL, "현금");
    else
      check_language("en_US.UTF-8", "Cash");
    return;
  }
  const char *cases[] = {"C", "unset", "en"};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_setenv("TILL_TEST_LANG", cases[i], TRUE);
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
  }
}

/* A fixed clock, as in test-till-model (ttu_init). */
int main(int argc, char **argv)
{
  ttu_init(&argc, &argv);
  g_test_add_func("/till/sync/status", test_sync_status);
  g_test_add_func("/till/sync/silent-hub", test_sync_silent_hub);
  g_test_add_func("/till/sync/refused-hub", test_sync_refused_hub);
  g_test_add_func("/till/sync/enroll-text", test_enroll_text);
  g_test_add_func("/till/language", test_language);
  return g_test_run();
}
