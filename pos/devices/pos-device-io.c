/*
** pos-device-io.c: opening, reading and writing a device with deadlines.
**
** Every descriptor is non-blocking and every wait is a poll() with the
** time left, so an unplugged printer, a full USB buffer or a scale that
** stopped talking costs at most the timeout.  Serial lines are put in raw
** 8N1 mode with termios (cfmakeraw), at the URI's speed and flow control.
** TCP goes through GSocketClient (name lookup and a connect timeout), then
** the socket's descriptor is used like the others.  A CUPS queue is fed
** through lp, CUPS's own client, with "-o raw" so the ESC/POS bytes pass
** untouched; lp gets the whole job at the end, so a queue that refuses it
** fails the job instead of half-printing it.
*/
#include "devices-int.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int pos_device_ms_left(gint64 deadline_us)
{
  gint64 left = deadline_us - g_get_monotonic_time();
  return left <= 0 ? 0 : (int)MIN((left + 999) / 1000, G_MAXINT);
}

/* DEVICE with what failed, the device and the system's reason. */
static gboolean sys_error(GError **error, const char *what, const PosDevice *dev, int e)
{
  g_set_error(error, POS_ERROR, POS_ERROR_DEVICE, "cannot %s %s: %s", what, dev->uri.path,
              g_strerror(e));
  return FALSE;
}

static gboolean timeout_error(GError **error, const char *what, const PosDevice *dev, int ms)
{
  g_set_error(error, POS_ERROR, POS_ERROR_DEVICE_TIMEOUT, "%s %s: no progress in %d ms", what,
              dev->uri.path, ms);
  return FALSE;
}

/* The speed constant of a baud rate the URI parser allowed. */
static speed_t speed_of(int baud)
{
  switch (baud) {
  case 1200: return B1200;
  case 2400: return B2400;
  case 4800: return B4800;
  case 19200: return B19200;
  case 38400: return B38400;
  case 57600: return B57600;
  case 115200: return B115200;
  default: return B9600;
  }
}

/*
** Raw 8N1: no echo, no line editing, no CR/LF translation (ESC/POS and the
** scale's frames are bytes, not text); CLOCAL so a missing modem line does
** not block the open; hardware or software flow control as asked.
*/
static gboolean serial_setup(PosDevice *dev, GError **error)
{
  struct termios tio;
  if (tcgetattr(dev->fd, &tio) != 0)
    return sys_error(error, "set up the serial line", dev, errno);
  cfmakeraw(&tio);
  tio.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
  if (dev->uri.flow == POS_FLOW_RTSCTS)
    tio.c_cflag |= CRTSCTS;
  else if (dev->uri.flow == POS_FLOW_XONXOFF)
    tio.c_iflag |= IXON | IXOFF;
  cfsetispeed(&tio, speed_of(dev->uri.baud));
  cfsetospeed(&tio, speed_of(dev->uri.baud));
  if (tcsetattr(dev->fd, TCSANOW, &tio) != 0)
    return sys_error(error, "set up the serial line", dev, errno);
  /* Bytes that waited in the line belong to nobody: a stale status answer
  ** or half a weight frame would be read as this job's. */
  tcflush(dev->fd, TCIFLUSH);
  return TRUE;
}

/* GSocketClient with the timeout; the connection keeps the descriptor. */
static gboolean tcp_open(PosDevice *dev, GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_autoptr(GError) e = NULL;
  g_socket_client_set_timeout(client, (guint)MAX(1, (dev->timeout_ms + 999) / 1000));
  dev->conn = g_socket_client_connect_to_host(client, dev->uri.path, (guint16)dev->uri.port,
                                              NULL, &e);
  if (dev->conn == NULL) {
    gboolean slow = g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    g_set_error(error, POS_ERROR, slow ? POS_ERROR_DEVICE_TIMEOUT : POS_ERROR_DEVICE,
                "cannot reach printer %s:%d: %s", dev->uri.path, dev->uri.port, e->message);
    return FALSE;
  }
  GSocket *sock = g_socket_connection_get_socket(dev->conn);
  g_socket_set_blocking(sock, FALSE);
  dev->fd = g_socket_get_fd(sock);
  return TRUE;
}

PosDevice *pos_device_open(const char *uri, int timeout_ms, GError **error)
{
  g_autoptr(PosDevice) dev = g_new0(PosDevice, 1);
  dev->fd = -1;
  if (!pos_device_uri_parse(uri, &dev->uri, error))
    return NULL;
  dev->timeout_ms = dev->uri.timeout_ms > 0 ? dev->uri.timeout_ms
                    : timeout_ms > 0        ? MIN(timeout_ms, POS_DEVICE_TIMEOUT_MAX_MS)
                                            : POS_DEVICE_TIMEOUT_DEFAULT_MS;
  switch (dev->uri.kind) {
  case POS_DEVICE_TCP:
    return tcp_open(dev, error) ? g_steal_pointer(&dev) : NULL;
  case POS_DEVICE_CUPS:
    dev->spool = g_byte_array_new();
    return g_steal_pointer(&dev);
  case POS_DEVICE_FILE:
    dev->fd = open(dev->uri.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0644);
    break;
  case POS_DEVICE_USB:
  case POS_DEVICE_SERIAL:
    dev->fd = open(dev->uri.path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    break;
  }
  if (dev->fd < 0) {
    sys_error(error, "open", dev, errno);
    return NULL;
  }
  if (dev->uri.kind == POS_DEVICE_SERIAL && !serial_setup(dev, error))
    return NULL;
  return g_steal_pointer(&dev);
}

void pos_device_close(PosDevice *dev)
{
  if (dev == NULL)
    return;
  if (dev->conn != NULL) {
    g_io_stream_close(G_IO_STREAM(dev->conn), NULL, NULL);
    g_object_unref(dev->conn);
  } else if (dev->fd >= 0) {
    close(dev->fd);
  }
  if (dev->spool != NULL)
    g_byte_array_unref(dev->spool);
  pos_device_uri_clear(&dev->uri);
  g_free(dev);
}

const PosDeviceUri *pos_device_uri(const PosDevice *dev)
{
  return &dev->uri;
}

/*
** Writes in a loop: a device takes what its buffer holds and says EAGAIN;
** poll() then waits for room, at most the device's timeout per wait, so a
** printer that stopped (paper out with a full buffer) ends the job as
** DEVICE_TIMEOUT instead of hanging it.
*/
gboolean pos_device_write(PosDevice *dev, const void *data, gsize n, GError **error)
{
  const guint8 *p = data;
  gsize done = 0;
  if (dev->spool != NULL) {
    g_byte_array_append(dev->spool, data, (guint)n);
    return TRUE;
  }
  while (done < n) {
    ssize_t w = write(dev->fd, p + done, n - done);
    if (w > 0) {
      done += (gsize)w;
      continue;
    }
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
      return sys_error(error, "write to", dev, errno);
    struct pollfd pfd = {.fd = dev->fd, .events = POLLOUT};
    int r = poll(&pfd, 1, dev->timeout_ms);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return sys_error(error, "wait for", dev, errno);
    if (r == 0)
      return timeout_error(error, "writing to", dev, dev->timeout_ms);
    if ((pfd.revents & (POLLERR | POLLHUP)) && !(pfd.revents & POLLOUT))
      return sys_error(error, "write to", dev, EPIPE);
  }
  return TRUE;
}

/*
** One wait for input.  POLLHUP without data (a pseudo-terminal whose other
** end closed, a USB device unplugged, a peer that hung up) and a read of 0
** are the device going away: DEVICE, so "unplugged" is not mistaken for
** "silent".
*/
gboolean pos_device_read(PosDevice *dev, void *buf, gsize n, int timeout_ms, gsize *got,
                         GError **error)
{
  gint64 deadline = g_get_monotonic_time() + (gint64)MAX(timeout_ms, 0) * 1000;
  *got = 0;
  if (dev->fd < 0 || dev->uri.kind == POS_DEVICE_FILE) {
    g_set_error(error, POS_ERROR, POS_ERROR_DEVICE, "%s cannot be read from", dev->uri.path);
    return FALSE;
  }
  for (;;) {
    struct pollfd pfd = {.fd = dev->fd, .events = POLLIN};
    int r = poll(&pfd, 1, pos_device_ms_left(deadline));
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return sys_error(error, "wait for", dev, errno);
    if (r == 0)
      return TRUE;
    ssize_t k = read(dev->fd, buf, n);
    if (k > 0) {
      *got = (gsize)k;
      return TRUE;
    }
    if (k < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
      continue;
    return sys_error(error, "read from", dev, k == 0 ? ENODEV : errno);
  }
}

/* Ends lp's wait: the timeout source and the communicate callback. */
typedef struct {
  gboolean done, timed_out;
  GAsyncResult *result;
} LpWait;

static gboolean lp_timeout(gpointer data)
{
  ((LpWait *)data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void lp_done(GObject *source, GAsyncResult *result, gpointer data)
{
  LpWait *w = data;
  (void)source;
  w->result = g_object_ref(result);
  w->done = TRUE;
}

/*
** Hands the spooled job to lp on a private main context, so the caller's
** loop (the till's) is not run from here, and kills lp when it overruns
** the timeout.  lp's own words become the error's message.
*/
static gboolean cups_submit(PosDevice *dev, GError **error)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *dest = g_strdup_printf("-d%s", dev->uri.path);
  g_autoptr(GSubprocess) lp = g_subprocess_new(
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
      | G_SUBPROCESS_FLAGS_STDERR_MERGE, &e, "lp", dest, "-oraw", "-tMarket POS", "-", NULL);
  if (lp == NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_DEVICE, "cannot run lp for CUPS queue %s: %s",
                dev->uri.path, e->message);
    return FALSE;
  }
  g_autoptr(GMainContext) ctx = g_main_context_new();
  g_main_context_push_thread_default(ctx);
  LpWait w = {0};
  g_autoptr(GBytes) job = g_bytes_new(dev->spool->data, dev->spool->len);
  g_autoptr(GSource) timer = g_timeout_source_new((guint)dev->timeout_ms);
  g_source_set_callback(timer, lp_timeout, &w, NULL);
  g_source_attach(timer, ctx);
  g_subprocess_communicate_async(lp, job, NULL, lp_done, &w);
  while (!w.done && !w.timed_out)
    g_main_context_iteration(ctx, TRUE);
  g_source_destroy(timer);
  if (!w.done) {
    g_subprocess_force_exit(lp);
    while (!w.done)
      g_main_context_iteration(ctx, TRUE);
  }
  g_autoptr(GBytes) out = NULL;
  gboolean ran = g_subprocess_communicate_finish(lp, w.result, &out, NULL, &e);
  g_object_unref(w.result);
  g_main_context_pop_thread_default(ctx);
  if (w.timed_out) {
    g_set_error(error, POS_ERROR, POS_ERROR_DEVICE_TIMEOUT,
                "lp did not take the job for CUPS queue %s in %d ms", dev->uri.path,
                dev->timeout_ms);
    return FALSE;
  }
  if (!ran || !g_subprocess_get_if_exited(lp) || g_subprocess_get_exit_status(lp) != 0) {
    g_autofree char *said =
      out ? g_strstrip(g_strndup(g_bytes_get_data(out, NULL), g_bytes_get_size(out))) : NULL;
    g_set_error(error, POS_ERROR, POS_ERROR_DEVICE, "CUPS queue %s refused the job: %s",
                dev->uri.path, said && *said ? said : e ? e->message : "lp failed");
    return FALSE;
  }
  return TRUE;
}

/*
** The end of a job: a CUPS job goes to lp; a file is synced so "printed
** to a file" means on disk (a device says EINVAL, which is no failure).
** A serial line is not drained here: tcdrain() has no timeout, and the
** status asked after the job tells more.
*/
gboolean pos_device_finish(PosDevice *dev, GError **error)
{
  if (dev->spool != NULL)
    return cups_submit(dev, error);
  if (dev->uri.kind == POS_DEVICE_FILE && fsync(dev->fd) != 0 && errno != EINVAL)
    return sys_error(error, "flush", dev, errno);
  return TRUE;
}
