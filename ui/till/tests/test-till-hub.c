/*
** test-till-hub.c: the till's sync against a real `market-hub serve` on
** 127.0.0.1: enrollment by code (the device token and hub address stored,
** the market's product lines pulled), sales pushed in the background until
** the indicator says "in sync", the hub holding the sale; then the hub
** stopped: the next push reports offline since that attempt, with the
** sale rung meanwhile waiting, and it goes out once the hub is back.
**
** The hub program comes from $MPOS_HUB (ui/till/CMakeLists.txt sets it);
** without it the test is skipped.
*/
#include "mb-hub.h"
#include "till-model.h"
#include "till-test-util.h"
#include "ui-test-net.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs market-hub --db DB ARGS...; returns its last output line. Transfer full. */
static char *hub_cli(const char *db, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  va_list ap;
  const char *a;
  g_ptr_array_add(argv, (char *)g_getenv("MPOS_HUB"));
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, (char *)db);
  va_start(ap, db);
  while ((a = va_arg(ap, const char *)) != NULL)
    g_ptr_array_add(argv, (char *)a);
  va_end(ap);
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                             &out, &err, &status, &error));
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("market-hub %s: %s", (char *)argv->pdata[3], err);
  g_strchomp(out);
  const char *nl = strrchr(out, '\n');
  return g_strdup(nl ? nl + 1 : out);
}

/* `serve --listen 127.0.0.1:PORT` through the shared fixture (base/mb-hub.h). */
static MbHub *hub_start(const char *db, guint16 port)
{
  g_autofree char *listen = g_strdup_printf("127.0.0.1:%u", port);
  g_autoptr(GError) error = NULL;
  MbHub *h = mb_hub_start(g_getenv("MPOS_HUB"), db, listen, NULL, 0, &error);
  if (h == NULL)
    g_error("%s", error->message);
  return h;
}

/* GET path from the hub over plain HTTP/1.0; returns the status code. */
static int hub_get(const char *base, const char *path)
{
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_autoptr(GError) error = NULL;
  const char *hostport = base + strlen("http://");
  g_autoptr(GSocketConnection) conn =
    g_socket_client_connect_to_host(client, hostport, 80, NULL, &error);
  g_assert_no_error(error);
  g_autofree char *req = g_strdup_printf("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path,
                                         hostport);
  GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(conn));
  g_assert_true(g_output_stream_write_all(out, req, strlen(req), NULL, NULL, &error));
  char buf[64] = {0};
  gsize n = 0;
  g_input_stream_read_all(g_io_stream_get_input_stream(G_IO_STREAM(conn)), buf,
                          sizeof buf - 1, &n, NULL, &error);
  int status = 0;
  return sscanf(buf, "HTTP/%*s %d", &status) == 1 ? status : -1;
}

/* Waits for the running job of the model's sync to end. */
static void wait_job(TillModel *m)
{
  ttu_sync_wait(m, FALSE, 30000);
}

static void test_enroll_and_sync(void)
{
  g_autofree char *dir = g_dir_make_tmp("till-hub-XXXXXX", NULL);
  g_autofree char *db = g_build_filename(dir, "hub.sqlite", NULL);
  g_free(hub_cli(db, "init", NULL));
  g_free(hub_cli(db, "market", "add", "M01", "--name", "가온시장", NULL));
  g_free(hub_cli(db, "stall", "add", "S001", "--market", "M01", "--name", "행복청과", NULL));
  g_autofree char *code = hub_cli(db, "enroll-code", "--stall", "S001", NULL);
  guint16 port;
  GSocket *probe = uitu_silent_port(&port);   /* a free port, kept for the restart */
  g_socket_close(probe, NULL);
  g_object_unref(probe);
  MbHub *hub = hub_start(db, port);
  g_autoptr(TillModel) m = ttu_demo_model();
  g_autoptr(GError) error = NULL;

  /* enrollment, as scanned: the URL carries the code */
  g_autofree char *scanned = g_strdup_printf("%s/enroll?code=%s", hub->base, code);
  g_assert_true(till_model_enroll(m, NULL, scanned, &error));
  g_assert_no_error(error);
  wait_job(m);
  g_assert_null(till_sync_last_error(till_model_sync(m)));
  g_assert_cmpstr(till_model_settings(m)->hub_url, ==, hub->base);
  g_assert_cmpstr(till_model_settings(m)->stall_code, ==, "S001");
  TillSyncStatus st;
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_PENDING);   /* the catalog waits */

  /* a sale, pushed with everything else */
  g_autofree char *id = ttu_ring_cash_sale(m);
  g_assert_true(till_model_sync_now(m, &error));
  wait_job(m);
  till_model_sync_status(m, &st);
  g_assert_null(st.error);
  g_assert_cmpint(st.state, ==, TILL_SYNC_SYNCED);
  g_assert_cmpint(st.pending, ==, 0);
  g_assert_cmpint(st.sent, >=, 17);
  g_autofree char *label = till_model_sync_label(m);
  g_assert_cmpstr(label, ==, "In sync");
  /* the receipt's QR now names the hub's page of the receipt, and the hub has it */
  g_autofree char *qr = till_model_receipt_qr(m, till_model_last_sale(m));
  g_assert_true(g_str_has_prefix(qr, hub->base));
  g_assert_cmpint(hub_get(hub->base, qr + strlen(hub->base)), ==, 200);

  /* the hub goes away: offline, the sale rung meanwhile waits */
  mb_hub_stop(hub);
  g_autofree char *second = ttu_ring_cash_sale(m);
  g_assert_true(till_model_sync_now(m, &error));
  wait_job(m);
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_OFFLINE);
  g_assert_cmpint(st.pending, ==, 1);
  g_assert_cmpint(st.offline_since_ms, >, 0);

  /* back: it goes out */
  hub = hub_start(db, port);
  g_assert_true(till_model_sync_now(m, &error));
  wait_job(m);
  till_model_sync_status(m, &st);
  g_assert_cmpint(st.state, ==, TILL_SYNC_SYNCED);
  g_assert_cmpint(st.offline_since_ms, ==, 0);
  mb_hub_stop(hub);
  const char *ext[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(ext); i++) {
    g_autofree char *f = g_strconcat(db, ext[i], NULL);
    unlink(f);
  }
  rmdir(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  if (g_getenv("MPOS_HUB") == NULL) {
    g_printerr("test-till-hub: MPOS_HUB (the market-hub program) is not set: skipped\n");
    return 77;
  }
  g_test_add_func("/till/hub/enroll-and-sync", test_enroll_and_sync);
  return g_test_run();
}
