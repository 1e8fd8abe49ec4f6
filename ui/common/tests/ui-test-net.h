/*
** ui-test-net.h: the ports the till's and the office's tests point their
** clients at to see a hub that never answers or refuses to connect.  Both
** apps' tests used to carry a copy; GLib (GIO) only, no GTK.
*/
#ifndef UI_TEST_NET_H
#define UI_TEST_NET_H

#include <gio/gio.h>

G_BEGIN_DECLS

/*
** A TCP port on 127.0.0.1 that listens but never accepts or reads: the
** kernel completes the handshake from the backlog, then nothing answers.
** Returns the socket (close it with g_object_unref).
*/
GSocket *uitu_silent_port(guint16 *port);

/* A port just bound and freed: nothing listens there (connections are refused). */
guint16 uitu_closed_port(void);

G_END_DECLS

#endif
