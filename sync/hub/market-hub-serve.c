/*
** market-hub-serve.c: `serve`: checks the limits and the database's
** permissions, raises the open-file limit, starts the HTTP service
** (hub-server.h) and waits for SIGINT or SIGTERM to stop it cleanly.
*/
#include "market-hub-int.h"
#include "mb-file.h"
#include "hub-server.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <glib/gi18n.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* ---- serve ------------------------------------------------------------------------ */

/*
** Every sale of a market and the hashes of its tokens are in the database:
** a hub does not serve one that other local users may read (or its WAL,
** which holds the latest batches), unless told so.  A file that cannot be
** examined is left to the store's open to report.
*/
static gboolean db_private(const char *path, GError **error)
{
  g_autoptr(GError) local = NULL;
  if (mb_db_check_private(path, &local) || !g_error_matches(local, MB_ERROR, MB_ERROR_EXPOSED))
    return TRUE;
  g_set_error(error, HUB_ERROR, HUB_ERROR_EXPOSED,
              "%s; or serve it anyway with --allow-readable-db", local->message);
  return FALSE;
}

/*
** Every connection is a file descriptor, and so is every database file and
** reader: the soft limit (often 1024) is raised to the hard one, which
** only the administrator can move.  When even that is too small for the
** connection limit, the limit is lowered to fit and said so: past it, the
** kernel would refuse accept() with EMFILE and the listening socket would
** stay ready, a connection no one answers until one closes.
*/
static void raise_file_limit(HubServerOptions *o)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return;
  if (rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
      getrlimit(RLIMIT_NOFILE, &rl);
  }
  /* the busy reserve, the store's files and readers, the daemon's own */
  rlim_t spare = 16 + 300;
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < o->max_connections + spare) {
    guint fit = rl.rlim_cur > spare + 1 ? (guint)(rl.rlim_cur - spare) : 1;
    fprintf(stderr, "market-hub: warning: the open-file limit (%llu) leaves room for %u"
                    " connections, not %u; raise it (ulimit -n, LimitNOFILE=)\n",
            (unsigned long long)rl.rlim_cur, fit, o->max_connections);
    o->max_connections = fit;
  }
}

int mh_cmd_serve(const MhCli *cli, int argc, char **argv)
{
  HubServerOptions o;
  hub_server_options_init(&o);
  g_autofree char *listen = NULL, *cert = NULL, *key = NULL;
  gint64 max_body = (gint64)o.max_body;
  int max_events = (int)o.max_events, max_conn = (int)o.max_connections;
  int timeout = (int)o.timeout_s, readers = 8, threads = (int)o.threads;
  int per_address = (int)o.per_address, header_timeout = (int)o.header_timeout_s;
  int enroll_rate = (int)o.enroll_per_minute, auth_rate = (int)o.auth_failures_per_minute;
  int report_cache_mib = (int)(o.report_cache_bytes >> 20);
  gboolean no_access_log = FALSE, allow_readable = FALSE, no_warm_up = FALSE;
  GOptionEntry entries[] = {
    {"listen", 0, 0, G_OPTION_ARG_FILENAME, &listen, N_("address (default 127.0.0.1:8080)"), "HOST:PORT"},
    {"tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, N_("TLS certificate (PEM)"), "FILE"},
    {"tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key, N_("TLS private key (PEM)"), "FILE"},
    {"max-body", 0, 0, G_OPTION_ARG_INT64, &max_body, N_("request body limit in bytes"), "N"},
    {"max-events", 0, 0, G_OPTION_ARG_INT, &max_events, N_("events per batch"), "N"},
    {"max-connections", 0, 0, G_OPTION_ARG_INT, &max_conn, N_("concurrent connections"), "N"},
    {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("idle connection timeout"), "SECONDS"},
    {"readers", 0, 0, G_OPTION_ARG_INT, &readers, N_("read connections (PostgreSQL: the pool)"), "N"},
    {"threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("worker threads"), "N"},
    {"max-per-address", 0, 0, G_OPTION_ARG_INT, &per_address,
     N_("concurrent connections from one address"), "N"},
    {"header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
     N_("seconds for a request's headers to arrive"), "SECONDS"},
    {"enroll-rate", 0, 0, G_OPTION_ARG_INT, &enroll_rate,
     N_("enrollment attempts per address and minute"), "N"},
    {"auth-fail-rate", 0, 0, G_OPTION_ARG_INT, &auth_rate,
     N_("failed authentications per address and minute"), "N"},
    {"no-access-log", 0, 0, G_OPTION_ARG_NONE, &no_access_log,
     N_("no request lines on standard error"), NULL},
    {"report-cache", 0, 0, G_OPTION_ARG_INT, &report_cache_mib,
     N_("MiB of built reports kept for repeated questions (0: none)"), "MIB"},
    {"no-warm-up", 0, 0, G_OPTION_ARG_NONE, &no_warm_up,
     N_("build no reports at start to warm the readers"), NULL},
    {"allow-readable-db", 0, 0, G_OPTION_ARG_NONE, &allow_readable,
     N_("serve a database that group or others may read"), NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("[--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [limits]", entries,
                      &argc, &argv, 0, &error)) {
    hub_server_options_clear(&o);
    return mh_fail(error);
  }
  if (max_body < 1024 || max_body > G_GINT64_CONSTANT(1) << 30 || max_events < 1
      || max_events > 100000 || max_conn < 1 || max_conn > 10000 || timeout < 1
      || timeout > 3600 || readers < 1 || readers > 256 || threads < 1 || threads > 256
      || per_address < 1 || per_address > 10000 || header_timeout < 1 || header_timeout > 3600
      || enroll_rate < 1 || enroll_rate > 100000 || auth_rate < 1 || auth_rate > 100000
      || report_cache_mib < 0 || report_cache_mib > 4096) {
    hub_server_options_clear(&o);
    return mh_usage(_("a limit is out of range (max-body 1 KiB-1 GiB, max-events 1-100000,"
                      " max-connections 1-10000, timeout 1-3600, readers 1-256, threads 1-256,"
                      " max-per-address 1-10000, header-timeout 1-3600, enroll-rate and"
                      " auth-fail-rate 1-100000, report-cache 0-4096)"), NULL);
  }
  if (listen) {
    g_free(o.listen);
    o.listen = g_steal_pointer(&listen);
  }
  o.tls_cert = g_steal_pointer(&cert);
  o.tls_key = g_steal_pointer(&key);
  o.max_body = (gsize)max_body;
  o.max_events = (guint)max_events;
  o.max_connections = (guint)max_conn;
  o.timeout_s = (guint)timeout;
  o.threads = (guint)threads;
  o.per_address = (guint)per_address;
  o.header_timeout_s = (guint)header_timeout;
  o.enroll_per_minute = (guint)enroll_rate;
  o.auth_failures_per_minute = (guint)auth_rate;
  o.access_log = !no_access_log;
  o.warm_up = !no_warm_up;
  o.report_cache_bytes = (gsize)report_cache_mib << 20;
  raise_file_limit(&o);

  /* Signals are taken synchronously by this thread: block them before the
  ** server's threads exist so that they all inherit the mask. */
  sigset_t sigs;
#if defined(__GLIBC__)
  /* A batch allocates and frees a few hundred KB (its body, its JSON tree)
  ** per request on every connection thread.  With glibc's defaults those
  ** blocks are mmapped or trimmed back to the kernel each time, and the
  ** page faults cost more than the ingest itself; keep them in the heap.
  ** No fastbins either: a batch frees some ten thousand small blocks (its
  ** JSON tree), and every later request of 1 KiB or more (an SQLite page
  ** buffer, the answer's array) made glibc merge them all first
  ** (malloc_consolidate: 6% of the hub's CPU at ingest).  Without
  ** fastbins they merge as they are freed, which costs less in all, and
  ** the per-thread cache still serves the small sizes (docs/BENCHMARKS.md,
  ** "Hub ingest").  Since issue 16 the tree itself lives in one arena
  ** (sync/wire/wire-json.c); the decoded documents' blocks remain, and
  ** whether fastbins would now pay for them has not been measured. */
  mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_MXFAST, 0);
#endif
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (!allow_readable && !db_private(cli->db, &error)) {
    hub_server_options_clear(&o);
    return mh_fail(error);
  }
  g_autoptr(HubStore) store = hub_store_open(cli->db, HUB_OPEN_EXISTING, (guint)readers, &error);
  /* 64 MiB a reader: a 200-stall market-year's reports read some MiB of rollups */
  HubServer *srv = store && hub_store_cache_readers(store, 64, &error)
                     ? hub_server_start(store, &o, &error) : NULL;
  if (srv == NULL) {
    hub_server_options_clear(&o);
    return mh_fail(error);
  }
  if (hub_server_plain_public(srv))
    fprintf(stderr, "market-hub: warning: serving plain HTTP on %s: tokens and sales cross the"
                    " network in clear; use --tls-cert/--tls-key or a TLS proxy in front\n",
            o.listen);
  const char *colon = strrchr(o.listen, ':');
  printf("market-hub: listening on %s://%.*s:%u\n", o.tls_cert ? "https" : "http",
         (int)(colon - o.listen), o.listen, hub_server_port(srv));
  fflush(stdout);
  int sig = 0;
  sigwait(&sigs, &sig);
  hub_server_stop(srv);
  hub_server_options_clear(&o);
  fprintf(stderr, _("market-hub: stopped (signal %d)\n"), sig);
  return 0;
}

/*
** Sanitizer builds: pango 1.50 over fontconfig 2.14 (Debian 12), used for
** the caption of the QR PNG, keeps font patterns in caches it never frees.
** LeakSanitizer reads this hook at exit and ignores leaks allocated inside
** fontconfig only (the same rule as tests/test-receipt.c); any other leak
** still fails.
*/
#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
  return "leak:libfontconfig.so\n";
}
#endif
