/*
** office-test-util.c: helpers of the office tests (see office-test-util.h).
**
** The relay is how a test makes a hub "go slow" without touching it: the
** model signs in through the relay, loads data, and then the relay stops
** answering new connections while the hub behind it runs on.
*/
#include "office-test-util.h"
#include <stdlib.h>
#include <string.h>

/* Small enough to seed in seconds, big enough for both periods. */
OfficeDemoHub *otu_hub_start(void)
{
  OfficeDemoOptions o = {2, 8, 56, NULL, TRUE, NULL};
  g_autoptr(GError) error = NULL;
  OfficeDemoHub *hub = office_demo_hub_start(&o, &error);
  g_assert_no_error(error);
  g_assert_nonnull(hub);
  return hub;
}

/* ---- Relay ------------------------------------------------------------------ */

struct _OtuRelay {
  GSocketService *service;
  char *url;
  guint16 target_port;
  OtuRelayMode mode;
  char *answer;                 /* ANSWER's body */
  GPtrArray *held;              /* GSocketConnection *, kept open unanswered */
};

/* Nothing to do when a forwarded exchange ends: both streams are closed. */
static void on_spliced(GObject *source, GAsyncResult *result, gpointer data)
{
  (void)data;
  g_io_stream_splice_finish(result, NULL);
  (void)source;
}

/*
** Reads the request's head (the office only GETs, so no body follows) and
** answers 200 with body.  Blocking is fine: the client is the model's
** worker thread, which has sent its request by the time it connects.
** Reading first matters: closing a socket with unread input resets it, and
** the client would see a reset instead of the answer.
*/
static void answer(GSocketConnection *conn, const char *body)
{
  GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(conn));
  GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(conn));
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new(in);
  g_filter_input_stream_set_close_base_stream(G_FILTER_INPUT_STREAM(lines), FALSE);
  for (;;) {
    g_autofree char *line = g_data_input_stream_read_line(lines, NULL, NULL, NULL);
    if (line == NULL || line[0] == '\0' || strcmp(line, "\r") == 0)
      break;
  }
  g_autofree char *head = g_strdup_printf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                                          strlen(body));
  g_output_stream_write_all(out, head, strlen(head), NULL, NULL, NULL);
  g_output_stream_write_all(out, body, strlen(body), NULL, NULL, NULL);
  g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
}

/* One client connection, handled as the relay's mode says. */
static gboolean on_incoming(GSocketService *service, GSocketConnection *conn, GObject *source,
                            gpointer data)
{
  OtuRelay *r = data;
  (void)service;
  (void)source;
  if (r->mode == OTU_RELAY_SILENT) {
    g_ptr_array_add(r->held, g_object_ref(conn));
    return TRUE;
  }
  if (r->mode == OTU_RELAY_CLOSE) {
    g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
    return TRUE;
  }
  if (r->mode == OTU_RELAY_ANSWER) {
    answer(conn, r->answer);
    return TRUE;
  }
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_autoptr(GSocketConnection) up =
    g_socket_client_connect_to_host(client, "127.0.0.1", r->target_port, NULL, NULL);
  if (up == NULL) {
    g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
    return TRUE;
  }
  g_io_stream_splice_async(G_IO_STREAM(conn), G_IO_STREAM(up),
                           G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                           G_PRIORITY_DEFAULT, NULL, on_spliced, NULL);
  return TRUE;
}

/* Listens on an ephemeral loopback port, forwarding at first. */
OtuRelay *otu_relay_new(const char *target_url)
{
  OtuRelay *r = g_new0(OtuRelay, 1);
  g_autoptr(GError) error = NULL;
  const char *colon = strrchr(target_url, ':');
  g_assert_nonnull(colon);
  r->target_port = (guint16)atoi(colon + 1);
  r->held = g_ptr_array_new_with_free_func(g_object_unref);
  r->service = g_socket_service_new();
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new(lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_socket_listener_add_address(G_SOCKET_LISTENER(r->service), any, G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error(error);
  r->url = g_strdup_printf("http://127.0.0.1:%u",
                           g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound)));
  g_signal_connect(r->service, "incoming", G_CALLBACK(on_incoming), r);
  g_socket_service_start(r->service);
  return r;
}

/* The address the model signs in to. */
const char *otu_relay_url(OtuRelay *relay)
{
  return relay->url;
}

/* Takes effect for the next connection. */
void otu_relay_set_mode(OtuRelay *relay, OtuRelayMode mode)
{
  relay->mode = mode;
}

void otu_relay_set_answer(OtuRelay *relay, const char *body)
{
  g_free(relay->answer);
  relay->answer = g_strdup(body);
  relay->mode = OTU_RELAY_ANSWER;
}

/* Closes the listener and the held connections. */
void otu_relay_free(OtuRelay *relay)
{
  g_socket_service_stop(relay->service);
  g_socket_listener_close(G_SOCKET_LISTENER(relay->service));
  g_object_unref(relay->service);
  g_ptr_array_unref(relay->held);
  g_free(relay->answer);
  g_free(relay->url);
  g_free(relay);
}

/* ---- Waiting ------------------------------------------------------------------------- */

/* Each tick records how long it has been since the previous one. */
static gboolean on_tick(gpointer data)
{
  OtuGapWatch *w = data;
  gint64 now = g_get_monotonic_time();
  w->max_gap = MAX(w->max_gap, now - w->last);
  w->last = now;
  return G_SOURCE_CONTINUE;
}

void otu_gap_watch_start(OtuGapWatch *w)
{
  w->last = g_get_monotonic_time();
  w->max_gap = 0;
  w->source = g_timeout_add(10, on_tick, w);
}

gint64 otu_gap_watch_stop(OtuGapWatch *w)
{
  g_source_remove(w->source);
  w->source = 0;
  on_tick(w);   /* the gap up to now counts too */
  return w->max_gap;
}

/* The loop keeps running while the model's worker waits. */
OfficeState otu_wait(OfficeModel *m, OfficeView view, guint timeout_ms, gint64 *max_gap_us)
{
  OtuGapWatch w;
  otu_gap_watch_start(&w);
  gint64 deadline = w.last + (gint64)timeout_ms * 1000;
  while (office_model_get_state(m, view) == OFFICE_STATE_LOADING
         && g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
  gint64 gap = otu_gap_watch_stop(&w);
  if (max_gap_us)
    *max_gap_us = gap;
  return office_model_get_state(m, view);
}

/* No job outlives its test. */
void otu_drain(OfficeModel *m, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  while (office_model_pending(m) > 0 && g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
}

/* Signed in on the tests' period and the demo's clock, or the test stops. */
OfficeModel *otu_model_signed_in(const char *url, const char *token)
{
  g_autoptr(GError) error = NULL;
  OfficeModel *m = office_model_new();
  office_model_set_now_ms(m, OFFICE_DEMO_MORNING_MS);
  office_model_set_period(m, OTU_FROM, OTU_TO, &error);
  g_assert_no_error(error);
  g_assert_true(office_model_sign_in(m, url, token, &error));
  g_assert_no_error(error);
  OfficeState st = otu_wait(m, OFFICE_VIEW_MARKETS, 30000, NULL);
  if (st != OFFICE_STATE_OK)
    g_error("sign-in: %s: %s", office_state_name(st),
            office_model_get_error(m, OFFICE_VIEW_MARKETS));
  g_assert_true(office_model_signed_in(m));
  return m;
}
