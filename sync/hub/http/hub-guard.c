/*
** hub-guard.c: what keeps one hostile client from taking the hub: the
** deadlines of a connection and the per-address rate limits.
**
** Deadlines.  libmicrohttpd's own timeout counts from the last byte
** received, so a client that trickles one header byte a second keeps a
** connection forever, and a thousand of them hold every slot.  The guard
** therefore keeps its own clock per connection, by phase: waiting for a
** request's headers (from the connection's start, or the end of its last
** request on a kept-alive connection) may last header_timeout_s; reading
** a body may last body_timeout_s; a request being handled is never cut.
** A watchdog thread looks four times a second and cuts a late connection
** with shutdown(2) on its socket: the daemon's next read sees the end of
** the stream and closes it the ordinary way, in its own thread, so the
** guard never frees or closes anything the daemon owns.  The socket is
** still open while the guard may touch it: the daemon tells the guard a
** connection is closed (hub_guard_unwatch, under the guard's lock) before
** it closes the socket.
**
** Rate limits.  Enrollment attempts and failed authentications are counted
** per client address in fixed one-minute windows; past the limit, the
** address is answered 429 with the seconds left in its window until the
** window ends.  A fixed window is coarse (a burst of twice the limit
** across a window's edge passes), but it needs two integers per address
** and cannot be pushed into doing work: it bounds guessing enrollment
** codes and tokens, which are 60 and 256 random bits, to a trickle.  The
** table forgets addresses whose windows are over once it grows past a
** bound, and holds at most RATE_TABLE_MAX addresses (a few MB): a client
** cycling through more addresses within a minute than that (IPv6 makes it
** possible) is not counted for the addresses past the bound rather than
** growing the hub without end; the secrets' sizes still bound what it
** can guess.
*/
#include "hub-server-int.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* How often the watchdog looks, in microseconds. */
#define WATCH_PERIOD_US (250 * 1000)
/* The rate window. */
#define RATE_WINDOW_US (60 * G_USEC_PER_SEC)
/* Addresses remembered before the expired ones are forgotten. */
#define RATE_TABLE_PRUNE 4096
/* Addresses remembered at most. */
#define RATE_TABLE_MAX 65536

struct HubWatch {
  int fd;
  char address[INET6_ADDRSTRLEN];
  HubPhase phase;
  gint64 started_us;          /* monotonic */
  gint64 phase_since_us;
  gboolean cut;               /* shut down by the watchdog */
  HubPhase cut_in;            /* the phase it was cut in */
};

typedef struct {
  gint64 enroll_window_us;    /* start of the window, monotonic */
  guint enroll_count;
  gint64 fail_window_us;
  guint fail_count;
} RateEntry;

struct HubGuard {
  GMutex lock;                /* guards everything below */
  GCond wake;                 /* the watchdog's sleep, cut short by stop */
  gboolean stopping;
  GThread *watchdog;
  GHashTable *watches;        /* set of HubWatch * */
  GHashTable *rates;          /* address -> RateEntry * */
  gint64 header_timeout_us;
  gint64 body_timeout_us;
  guint enroll_per_minute;
  guint auth_failures_per_minute;
};

/* One look over every connection; a late one is shut down once. */
static void watch_scan(HubGuard *g, gint64 now)
{
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, g->watches);
  while (g_hash_table_iter_next(&it, &key, NULL)) {
    HubWatch *w = key;
    gint64 limit = w->phase == HUB_PHASE_HEADERS ? g->header_timeout_us
                   : w->phase == HUB_PHASE_BODY  ? g->body_timeout_us
                                                 : 0;
    if (limit > 0 && !w->cut && now - w->phase_since_us > limit) {
      shutdown(w->fd, SHUT_RDWR);
      w->cut = TRUE;
      w->cut_in = w->phase;
    }
  }
}

/* The watchdog thread: scans until the guard stops. */
static gpointer watchdog_main(gpointer data)
{
  HubGuard *g = data;
  g_mutex_lock(&g->lock);
  while (!g->stopping) {
    g_cond_wait_until(&g->wake, &g->lock, g_get_monotonic_time() + WATCH_PERIOD_US);
    watch_scan(g, g_get_monotonic_time());
  }
  g_mutex_unlock(&g->lock);
  return NULL;
}

HubGuard *hub_guard_new(guint header_timeout_s, guint body_timeout_s, guint enroll_per_minute,
                        guint auth_failures_per_minute)
{
  HubGuard *g = g_new0(HubGuard, 1);
  g_mutex_init(&g->lock);
  g_cond_init(&g->wake);
  g->watches = g_hash_table_new_full(NULL, NULL, g_free, NULL);
  g->rates = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g->header_timeout_us = (gint64)header_timeout_s * G_USEC_PER_SEC;
  g->body_timeout_us = (gint64)body_timeout_s * G_USEC_PER_SEC;
  g->enroll_per_minute = enroll_per_minute;
  g->auth_failures_per_minute = auth_failures_per_minute;
  g->watchdog = g_thread_new("hub-watchdog", watchdog_main, g);
  return g;
}

/* Called after the daemon stopped: no connection is left to watch. */
void hub_guard_free(HubGuard *g)
{
  if (g == NULL)
    return;
  g_mutex_lock(&g->lock);
  g->stopping = TRUE;
  g_cond_signal(&g->wake);
  g_mutex_unlock(&g->lock);
  g_thread_join(g->watchdog);
  g_hash_table_destroy(g->watches);
  g_hash_table_destroy(g->rates);
  g_mutex_clear(&g->lock);
  g_cond_clear(&g->wake);
  g_free(g);
}

/*
** The address is kept as text (the rate table's key and the access log's
** field); an IPv4 address mapped into IPv6 is shown as IPv4, so one client
** is one key whichever socket family the hub listens on.
*/
HubWatch *hub_guard_watch(HubGuard *g, int fd, const struct sockaddr *addr)
{
  HubWatch *w = g_new0(HubWatch, 1);
  w->fd = fd;
  g_strlcpy(w->address, "-", sizeof w->address);
  if (addr && addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &((const struct sockaddr_in *)addr)->sin_addr, w->address,
              sizeof w->address);
  } else if (addr && addr->sa_family == AF_INET6) {
    const struct in6_addr *a6 = &((const struct sockaddr_in6 *)addr)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(a6))
      inet_ntop(AF_INET, &a6->s6_addr[12], w->address, sizeof w->address);
    else
      inet_ntop(AF_INET6, a6, w->address, sizeof w->address);
  }
  w->phase = HUB_PHASE_HEADERS;
  w->started_us = g_get_monotonic_time();
  w->phase_since_us = w->started_us;
  g_mutex_lock(&g->lock);
  g_hash_table_add(g->watches, w);
  g_mutex_unlock(&g->lock);
  return w;
}

/*
** A connection cut while waiting for headers had no request that the
** access log and the metrics would count, so the caller is told (with the
** connection's age) to count it itself; one cut in its body was counted
** with its request.
*/
gboolean hub_guard_unwatch(HubGuard *g, HubWatch *w, gint64 *age_us)
{
  if (w == NULL)
    return FALSE;
  g_mutex_lock(&g->lock);
  gboolean unanswered = w->cut && w->cut_in == HUB_PHASE_HEADERS;
  *age_us = g_get_monotonic_time() - w->started_us;
  g_hash_table_remove(g->watches, w);
  g_mutex_unlock(&g->lock);
  return unanswered;
}

/* Whether the watchdog cut the connection (its request ends unanswered). */
gboolean hub_guard_was_cut(HubGuard *g, const HubWatch *w)
{
  if (w == NULL)
    return FALSE;
  g_mutex_lock(&g->lock);
  gboolean cut = w->cut;
  g_mutex_unlock(&g->lock);
  return cut;
}

/* A new phase starts its own clock. */
void hub_guard_phase(HubGuard *g, HubWatch *w, HubPhase phase)
{
  if (w == NULL)
    return;
  g_mutex_lock(&g->lock);
  w->phase = phase;
  w->phase_since_us = g_get_monotonic_time();
  g_mutex_unlock(&g->lock);
}

const char *hub_watch_address(const HubWatch *w)
{
  return w ? w->address : "-";
}

/*
** The address's entry; forgets the finished ones first when the table is
** full; NULL when it is full of live ones (the address is not counted).
*/
static RateEntry *rate_entry(HubGuard *g, const char *address, gint64 now)
{
  RateEntry *e = g_hash_table_lookup(g->rates, address);
  if (e)
    return e;
  if (g_hash_table_size(g->rates) >= RATE_TABLE_PRUNE) {
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, g->rates);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
      const RateEntry *old = value;
      if (now - old->enroll_window_us >= RATE_WINDOW_US
          && now - old->fail_window_us >= RATE_WINDOW_US)
        g_hash_table_iter_remove(&it);
    }
  }
  if (g_hash_table_size(g->rates) >= RATE_TABLE_MAX)
    return NULL;
  e = g_new0(RateEntry, 1);
  e->enroll_window_us = now - RATE_WINDOW_US;
  e->fail_window_us = now - RATE_WINDOW_US;
  g_hash_table_insert(g->rates, g_strdup(address), e);
  return e;
}

/* Whole seconds left in a window (at least 1): the Retry-After. */
static guint seconds_left(gint64 window_us, gint64 now)
{
  gint64 left = window_us + RATE_WINDOW_US - now;
  return (guint)MAX(1, (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* Counts an enrollment attempt: 0 when it may go on, else the seconds to wait. */
guint hub_guard_enroll(HubGuard *g, const char *address)
{
  gint64 now = g_get_monotonic_time();
  g_mutex_lock(&g->lock);
  RateEntry *e = rate_entry(g, address, now);
  guint wait = 0;
  if (e && now - e->enroll_window_us >= RATE_WINDOW_US) {
    e->enroll_window_us = now;
    e->enroll_count = 0;
  }
  if (e && e->enroll_count >= g->enroll_per_minute)
    wait = seconds_left(e->enroll_window_us, now);
  else if (e)
    e->enroll_count++;
  g_mutex_unlock(&g->lock);
  return wait;
}

/* 0 when the address may try a token, else the seconds to wait. */
guint hub_guard_auth_blocked(HubGuard *g, const char *address)
{
  gint64 now = g_get_monotonic_time();
  g_mutex_lock(&g->lock);
  const RateEntry *e = g_hash_table_lookup(g->rates, address);
  guint wait = e && now - e->fail_window_us < RATE_WINDOW_US
                   && e->fail_count >= g->auth_failures_per_minute
                 ? seconds_left(e->fail_window_us, now)
                 : 0;
  g_mutex_unlock(&g->lock);
  return wait;
}

/* One more failed authentication from the address. */
void hub_guard_auth_failed(HubGuard *g, const char *address)
{
  gint64 now = g_get_monotonic_time();
  g_mutex_lock(&g->lock);
  RateEntry *e = rate_entry(g, address, now);
  if (e && now - e->fail_window_us >= RATE_WINDOW_US) {
    e->fail_window_us = now;
    e->fail_count = 0;
  }
  if (e)
    e->fail_count++;
  g_mutex_unlock(&g->lock);
}
