/*
** mb-hub.h: a `market-hub serve` child on loopback, for the tests, the
** benchmarks and the office's demo hub: one way to start it, find its
** port, wait until it answers, and stop it.
**
** The child runs `PROGRAM --db DB serve --listen LISTEN EXTRA...` with our
** environment (GSubprocess), and dies with us (PR_SET_PDEATHSIG), so a
** failed assertion or a killed screenshot never leaves a server behind.
** Its first line of output ("market-hub: listening on http://H:P") gives
** the port, which is how LISTEN "127.0.0.1:0" lets the hub pick a free one.
*/
#ifndef MB_HUB_H
#define MB_HUB_H

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  guint16 port;              /* the port the hub listens on */
  char *base;                /* "http://127.0.0.1:PORT" (https with TLS) */
  GPid pid;                  /* the child, for /proc figures; do not reap it */
  GSubprocess *process;      /* private */
} MbHub;

/*
** Starts the hub (listen NULL: "127.0.0.1:0"; extra: NULL-terminated, may
** be NULL), reads its port and, over plain HTTP, waits for GET /healthz
** to answer 200: timeout_ms for each (0: 15 s).  MB_ERROR_HUB when it does
** not start or answer; the child is stopped then.  Transfer full
** (mb_hub_stop).
*/
MbHub *mb_hub_start(const char *program, const char *db, const char *listen,
                    const char *const *extra, guint timeout_ms, GError **error);
/* Sends signum (SIGTERM for a clean stop, SIGKILL for a power cut), waits,
** and frees hub.  Returns the exit status, -1 when killed by a signal. */
int mb_hub_stop_with(MbHub *hub, int signum);
/* mb_hub_stop_with(hub, SIGTERM); NULL is a no-op returning -1. */
int mb_hub_stop(MbHub *hub);

G_END_DECLS
#endif
