/*
** ui-test-net.c: see ui-test-net.h.  Every step is asserted: a test that
** cannot get its port has nothing to test.
*/
#include "ui-test-net.h"

/* A socket bound to 127.0.0.1 on a port the kernel picks; *port says which. */
static GSocket *bound_socket(guint16 *port)
{
  g_autoptr(GError) error = NULL;
  GSocket *s = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                            &error);
  g_assert_no_error(error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, 0);
  g_assert_true(g_socket_bind(s, addr, TRUE, &error));
  g_assert_no_error(error);
  g_autoptr(GSocketAddress) local = g_socket_get_local_address(s, &error);
  g_assert_no_error(error);
  *port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(local));
  return s;
}

GSocket *uitu_silent_port(guint16 *port)
{
  g_autoptr(GError) error = NULL;
  GSocket *s = bound_socket(port);
  g_socket_set_listen_backlog(s, 16);
  g_assert_true(g_socket_listen(s, &error));
  g_assert_no_error(error);
  return s;
}

guint16 uitu_closed_port(void)
{
  guint16 port = 0;
  g_autoptr(GSocket) s = bound_socket(&port);
  g_socket_close(s, NULL);
  return port;
}
