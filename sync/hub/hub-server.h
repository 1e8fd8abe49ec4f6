/*
** hub-server.h: the hub's HTTP service (libmicrohttpd) over a HubStore,
** implemented in http/ (whose hub-server-int.h stays private there).
**
** A bounded pool of worker threads, each polling its connections with
** epoll: at most max_connections are served (a few more are accepted only
** to be told 503 busy), at most per_address from one client address, each
** with a memory cap, deadlines for its headers and its body, an idle
** timeout and a body limit.  Every answer is JSON except the receipt page
** and /metrics; every error carries a stable code (docs/PROTOCOL.md).
** Strings of the options are owned by them (transfer full into the
** options; hub_server_start copies what it keeps).
*/
#ifndef HUB_SERVER_H
#define HUB_SERVER_H

#include "hub-store.h"

G_BEGIN_DECLS

typedef struct {
  char *listen;            /* "HOST:PORT" ("[::1]:8080" for IPv6); port 0 picks one */
  char *tls_cert;          /* PEM file, or NULL for plain HTTP */
  char *tls_key;           /* PEM file, with tls_cert */
  gsize max_body;          /* bytes of a request body */
  guint max_events;        /* events in one batch */
  guint max_connections;
  guint timeout_s;         /* idle connection timeout; also the body's deadline */
  gsize conn_memory;       /* per-connection buffer memory */
  guint threads;           /* worker threads */
  guint per_address;       /* connections from one client address */
  guint header_timeout_s;  /* a request's headers must arrive within this */
  guint enroll_per_minute; /* enrollment attempts per address */
  guint auth_failures_per_minute; /* failed authentications per address */
  gboolean access_log;     /* one line per request on standard error */
  gboolean warm_up;        /* build some reports once listening (hub-warm.h) */
  gsize report_cache_bytes; /* reports kept for repeated questions; 0: none */
} HubServerOptions;

/* The defaults of docs/PROTOCOL.md; listen "127.0.0.1:8080". */
void hub_server_options_init(HubServerOptions *o);
void hub_server_options_clear(HubServerOptions *o);

typedef struct HubServer HubServer;

/* Starts serving (threads of its own); LISTEN or IO on failure. */
HubServer *hub_server_start(HubStore *store, const HubServerOptions *opts, GError **error);
/* TRUE when serving plain HTTP on an address that is not loopback. */
gboolean hub_server_plain_public(HubServer *server);
/* The bound port (the real one when asked for port 0). */
guint16 hub_server_port(HubServer *server);
/* Stops accepting, finishes the requests in flight, frees the server. */
void hub_server_stop(HubServer *server);

G_END_DECLS
#endif
