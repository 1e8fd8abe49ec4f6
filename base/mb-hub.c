/*
** mb-hub.c: the hub child.  GSubprocess starts it with a stdout pipe; the
** first line is read without blocking past a deadline (the pipe is
** pollable), then the pipe is closed, as the hub writes nothing else we
** need.  Health is a plain HTTP/1.0 GET /healthz over a GSocketClient, so
** this needs GIO and nothing more; a TLS hub is taken as ready once its
** line is printed, since it prints it after binding.
*/
#include "mb-hub.h"
#include "mb-error.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

/* Runs in the child before exec: the hub gets SIGTERM if we die. */
static void child_setup(gpointer data)
{
  (void)data;
  prctl(PR_SET_PDEATHSIG, SIGTERM);
}

/* Reads stdout until a newline, EOF or the deadline; the text read. */
static char *read_first_line(GInputStream *out, gint64 deadline)
{
  GString *line = g_string_new(NULL);
  GPollableInputStream *p = G_POLLABLE_INPUT_STREAM(out);
  while (strchr(line->str, '\n') == NULL && g_get_monotonic_time() < deadline) {
    char buf[256];
    g_autoptr(GError) e = NULL;
    gssize n = g_pollable_input_stream_read_nonblocking(p, buf, sizeof buf, NULL, &e);
    if (n < 0 && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
      g_usleep(20 * 1000);
      continue;
    }
    if (n <= 0)
      break;
    g_string_append_len(line, buf, n);
  }
  return g_string_free(line, FALSE);
}

/* One GET /healthz; TRUE on a 200 status line. */
static gboolean healthz_ok(guint16 port)
{
  static const char req[] = "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_socket_client_set_timeout(client, 5);
  g_autoptr(GSocketConnection) conn =
    g_socket_client_connect_to_host(client, "127.0.0.1", port, NULL, NULL);
  if (conn == NULL)
    return FALSE;
  GOutputStream *o = g_io_stream_get_output_stream(G_IO_STREAM(conn));
  GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(conn));
  char status[13] = "";
  gsize n = 0;
  if (!g_output_stream_write_all(o, req, sizeof req - 1, NULL, NULL, NULL)
      || !g_input_stream_read_all(in, status, 12, &n, NULL, NULL) || n < 12)
    return FALSE;
  return g_str_has_prefix(status, "HTTP/1.") && strncmp(status + 9, "200", 3) == 0;
}

/* Polls /healthz every 50 ms until it answers 200 or the deadline passes. */
static gboolean wait_healthy(guint16 port, gint64 deadline)
{
  while (g_get_monotonic_time() < deadline) {
    if (healthz_ok(port))
      return TRUE;
    g_usleep(50 * 1000);
  }
  return FALSE;
}

/* Spawns, reads the port from the last ':' of the first line, checks health. */
MbHub *mb_hub_start(const char *program, const char *db, const char *listen,
                    const char *const *extra, guint timeout_ms, GError **error)
{
  gint64 wait_us = (gint64)(timeout_ms ? timeout_ms : 15000) * 1000;
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)program);
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, (char *)db);
  g_ptr_array_add(argv, (char *)"serve");
  g_ptr_array_add(argv, (char *)"--listen");
  g_ptr_array_add(argv, (char *)(listen ? listen : "127.0.0.1:0"));
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add(argv, (char *)extra[i]);
  g_ptr_array_add(argv, NULL);

  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup(l, child_setup, NULL, NULL);
  GSubprocess *proc = g_subprocess_launcher_spawnv(l, (const char *const *)argv->pdata, error);
  if (proc == NULL)
    return NULL;
  MbHub *hub = g_new0(MbHub, 1);
  hub->process = proc;
  /* NULL once the child has already been reaped (a hub that exited at once). */
  const char *id = g_subprocess_get_identifier(proc);
  hub->pid = id ? (GPid)atoi(id) : 0;
  GInputStream *out = g_subprocess_get_stdout_pipe(proc);
  g_autofree char *line = read_first_line(out, g_get_monotonic_time() + wait_us);
  g_input_stream_close(out, NULL, NULL);
  const char *colon = strrchr(line, ':');
  int port = colon ? atoi(colon + 1) : 0;
  if (port <= 0 || port > 65535) {
    g_set_error(error, MB_ERROR, MB_ERROR_HUB, "the hub did not start: '%s'", line);
    mb_hub_stop_with(hub, SIGKILL);
    return NULL;
  }
  hub->port = (guint16)port;
  gboolean tls = strstr(line, "https://") != NULL;
  hub->base = g_strdup_printf("%s://127.0.0.1:%u", tls ? "https" : "http", hub->port);
  if (!tls && !wait_healthy(hub->port, g_get_monotonic_time() + wait_us)) {
    g_set_error(error, MB_ERROR, MB_ERROR_HUB, "the hub at %s is not healthy", hub->base);
    mb_hub_stop_with(hub, SIGKILL);
    return NULL;
  }
  return hub;
}

/* GSubprocess reaps the child: its exit status is read from it, not waitpid. */
int mb_hub_stop_with(MbHub *hub, int signum)
{
  int status = -1;
  if (hub == NULL)
    return -1;
  g_subprocess_send_signal(hub->process, signum);
  if (g_subprocess_wait(hub->process, NULL, NULL) && g_subprocess_get_if_exited(hub->process))
    status = g_subprocess_get_exit_status(hub->process);
  g_object_unref(hub->process);
  g_free(hub->base);
  g_free(hub);
  return status;
}

int mb_hub_stop(MbHub *hub)
{
  return mb_hub_stop_with(hub, SIGTERM);
}
