/*
** devices-testutil.c: the pretend printers and scales (devices-testutil.h).
**
** Each fake runs in its own thread on a non-blocking descriptor with a
** short poll, so stopping it never waits on a device that went quiet.  A
** printer answers DLE EOT n from its script as soon as the request is
** complete in its input, as a real printer answers real-time commands
** even in the middle of a job.
*/
#include "devices-testutil.h"
#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* A pseudo-terminal in raw mode: master fd (non-blocking), slave path. */
static int pty_open(char **slave_path, int *slave_fd)
{
  int master = -1, slave = -1;
  char name[128];
  struct termios tio;
  memset(&tio, 0, sizeof tio);
  cfmakeraw(&tio);
  g_assert_cmpint(openpty(&master, &slave, name, &tio, NULL), ==, 0);
  g_assert_cmpint(fcntl(master, F_SETFL, O_NONBLOCK), ==, 0);
  *slave_path = g_strdup(name);
  *slave_fd = slave;
  return master;
}

struct FakePrinter {
  FakePrinterScript script;
  int fd;                  /* the master, or the accepted connection */
  int slave;               /* kept open so the pty does not hang up between opens */
  GSocket *listen_sock;
  gboolean stuck;
  char *uri;
  GByteArray *received;
  GThread *thread;
  gint stop;
};

/* Answers a complete DLE EOT n found at the end of what was received. */
static void answer(FakePrinter *p)
{
  GByteArray *in = p->received;
  if (p->script.silent || in->len < 3 || in->data[in->len - 3] != 0x10
      || in->data[in->len - 2] != 0x04)
    return;
  gboolean after = p->script.job_bytes > 0 && in->len > p->script.job_bytes;
  guint8 byte;
  switch (in->data[in->len - 1]) {
  case 1: byte = after ? p->script.after1 : p->script.status1; break;
  case 2: byte = after ? p->script.after2 : p->script.status2; break;
  case 4: byte = after ? p->script.after4 : p->script.status4; break;
  default: return;
  }
  if (write(p->fd, &byte, 1) != 1)
    g_debug("fake printer: answer lost");
}

/* Reads byte by byte (answers depend on position) until stopped or hung up. */
static void printer_serve(FakePrinter *p)
{
  while (!g_atomic_int_get(&p->stop)) {
    struct pollfd pfd = {.fd = p->fd, .events = POLLIN};
    if (poll(&pfd, 1, 20) <= 0)
      continue;
    guint8 buf[4096];
    ssize_t n = read(p->fd, buf, sizeof buf);
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      /* A pty master reads EIO while no one holds the slave: wait. */
      if (n < 0 && errno == EIO && p->slave >= 0) {
        g_usleep(5000);
        continue;
      }
      return;
    }
    for (ssize_t i = 0; i < n; i++) {
      g_byte_array_append(p->received, &buf[i], 1);
      answer(p);
    }
  }
}

static gpointer printer_thread(gpointer data)
{
  FakePrinter *p = data;
  if (p->listen_sock != NULL) {
    /* Accept with a poll so that a test that never connects still stops. */
    while (!g_atomic_int_get(&p->stop)) {
      struct pollfd pfd = {.fd = g_socket_get_fd(p->listen_sock), .events = POLLIN};
      if (poll(&pfd, 1, 20) <= 0)
        continue;
      p->fd = accept(g_socket_get_fd(p->listen_sock), NULL, NULL);
      if (p->fd >= 0)
        break;
    }
    if (p->fd < 0 || p->stuck) {
      while (!g_atomic_int_get(&p->stop))
        g_usleep(10000);
      return NULL;
    }
    fcntl(p->fd, F_SETFL, O_NONBLOCK);
  }
  printer_serve(p);
  return NULL;
}

static FakePrinter *printer_new(const FakePrinterScript *script)
{
  FakePrinter *p = g_new0(FakePrinter, 1);
  if (script != NULL)
    p->script = *script;
  p->fd = -1;
  p->slave = -1;
  p->received = g_byte_array_new();
  return p;
}

FakePrinter *fake_printer_serial(const FakePrinterScript *script)
{
  FakePrinter *p = printer_new(script);
  g_autofree char *slave = NULL;
  p->fd = pty_open(&slave, &p->slave);
  p->uri = g_strdup_printf("serial:%s?baud=19200", slave);
  p->thread = g_thread_new("fake-printer", printer_thread, p);
  return p;
}

/* A loopback listener on a port the system picks. */
static FakePrinter *tcp_new(const FakePrinterScript *script, gboolean stuck)
{
  FakePrinter *p = printer_new(script);
  g_autoptr(GError) error = NULL;
  p->stuck = stuck;
  p->listen_sock = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error(error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new(lo, 0);
  g_assert_true(g_socket_bind(p->listen_sock, any_port, TRUE, &error));
  g_assert_true(g_socket_listen(p->listen_sock, &error));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(p->listen_sock, &error);
  g_assert_no_error(error);
  guint16 port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  p->uri = g_strdup_printf("tcp://127.0.0.1:%u?timeout=500", port);
  p->thread = g_thread_new("fake-printer", printer_thread, p);
  return p;
}

FakePrinter *fake_printer_tcp(const FakePrinterScript *script)
{
  return tcp_new(script, FALSE);
}

FakePrinter *fake_printer_tcp_stuck(void)
{
  return tcp_new(NULL, TRUE);
}

const char *fake_printer_uri(const FakePrinter *p)
{
  return p->uri;
}

GBytes *fake_printer_stop(FakePrinter *p)
{
  g_atomic_int_set(&p->stop, 1);
  g_thread_join(p->thread);
  if (p->fd >= 0)
    close(p->fd);
  if (p->slave >= 0)
    close(p->slave);
  g_clear_object(&p->listen_sock);
  g_free(p->uri);
  GBytes *got = g_byte_array_free_to_bytes(p->received);
  g_free(p);
  return got;
}

/* ---- Scales --------------------------------------------------------------- */

struct FakeScale {
  int master, slave;
  gint unplug;             /* set by fake_scale_unplug, done by the thread */
  char *uri;
  GStrv frames;
  GThread *thread;
  gint stop;
};

/* Sends the frames round and round; a full buffer (nobody reading) drops one. */
static gpointer scale_thread(gpointer data)
{
  FakeScale *s = data;
  guint i = 0, n = g_strv_length(s->frames);
  while (!g_atomic_int_get(&s->stop)) {
    if (g_atomic_int_get(&s->unplug) && s->master >= 0) {
      close(s->master);
      s->master = -1;
    }
    if (n > 0 && s->master >= 0) {
      const char *f = s->frames[i++ % n];
      if (write(s->master, f, strlen(f)) < 0)
        g_debug("fake scale: frame dropped");
    }
    g_usleep(20000);
  }
  return NULL;
}

FakeScale *fake_scale_start(const char *const *frames)
{
  FakeScale *s = g_new0(FakeScale, 1);
  g_autofree char *slave = NULL;
  s->master = pty_open(&slave, &s->slave);
  s->uri = g_strdup_printf("serial:%s?baud=9600", slave);
  s->frames = g_strdupv((char **)frames);
  s->thread = g_thread_new("fake-scale", scale_thread, s);
  return s;
}

const char *fake_scale_uri(const FakeScale *s)
{
  return s->uri;
}

void fake_scale_unplug(FakeScale *s)
{
  g_atomic_int_set(&s->unplug, 1);
}

void fake_scale_stop(FakeScale *s)
{
  g_atomic_int_set(&s->stop, 1);
  g_thread_join(s->thread);
  if (s->master >= 0)
    close(s->master);
  if (s->slave >= 0)
    close(s->slave);
  g_strfreev(s->frames);
  g_free(s->uri);
  g_free(s);
}
