/*
** hub-server-int.h: the pieces of the HTTP service shared between
** hub-server.c (daemon, routing, limits), hub-reply.c (the options'
** defaults, the answers' shape), hub-guard.c (deadlines and rate
** limits), hub-log.c (the access log), hub-handlers.c and
** hub-handlers-market.c (one function per endpoint), hub-metrics.c and
** hub-html.c.  Private to the HTTP service: a batch is decoded by the hub
** core (hub-ingest.h), which knows nothing of HTTP.
*/
#ifndef HUB_SERVER_INT_H
#define HUB_SERVER_INT_H

#include "hub-ingest.h"
#include "hub-server.h"
#include "hub-report-cache.h"
#include "hub-warm.h"
#include "wire-codec.h"
#include <microhttpd.h>

/* Routes, also the path label of the metrics. */
typedef enum {
  HUB_ROUTE_HEALTHZ = 0,
  HUB_ROUTE_METRICS,
  HUB_ROUTE_RECEIPT,
  HUB_ROUTE_ENROLL,
  HUB_ROUTE_EVENTS,
  HUB_ROUTE_TAXONOMY,
  HUB_ROUTE_SUMMARY,
  HUB_ROUTE_ENROLL_CODE,
  HUB_ROUTE_MARKETS,
  HUB_ROUTE_MARKET_STALLS,
  HUB_ROUTE_REPORT,
  HUB_ROUTE_ENGAGEMENTS,      /* GET /v1/markets/CODE/engagements */
  HUB_ROUTE_ENGAGEMENT_ADD,   /* POST the same path */
  HUB_ROUTE_IMPACT,           /* GET /v1/markets/CODE/engagements/ID/impact */
  HUB_ROUTE_OTHER,
  HUB_ROUTE_N
} HubRoute;

/* What a handler answers; the server turns it into an MHD response. */
typedef struct {
  int status;
  const char *content_type;   /* static */
  char *body;                 /* owned */
  gsize body_len;             /* bytes of body; 0: it is text (strlen) */
  const char *allow;          /* for 405 */
  const char *error_code;     /* static: the error's wire code name, for the metrics */
  guint retry_after;          /* seconds, for 429 and 503; 0: no header */
} HubReply;

typedef struct HubWatch HubWatch;

/* One request from first header to completion. */
typedef struct {
  struct MHD_Connection *conn;
  HubRoute route;
  char *arg;                  /* stall code, market code or receipt id from the path */
  char *kind;                 /* report kind from the path */
  HubPrincipal *who;          /* NULL on routes without a token */
  GByteArray *body;
  gboolean too_large;
  gsize discarded;
  gboolean answered;
  int status;
  gint64 start_us;
  char *method;               /* for the access log */
  char *path;                 /* the path, without the query */
  gsize sent;                 /* bytes of the answer's body */
  HubWatch *watch;            /* the connection's deadlines (hub-guard.c) */
  HubReply reply;
} HubRequest;

typedef struct HubMetrics HubMetrics;
typedef struct HubGuard HubGuard;

/*
** The reports kept for repeated questions (hub-report-cache.h): a year's
** stalls JSON of a 200-stall market is about 1.3 MB, its full PDF 0.1 MB,
** so 64 MiB holds every report a day's office work asks for.  The default
** of `serve --report-cache`.
*/
#define HUB_REPORT_CACHE_BYTES (64u << 20)

struct HubServer {
  HubStore *store;
  HubReportCache *reports;
  HubWarm *warm;              /* NULL without a warm-up (--no-warm-up) */
  HubServerOptions opts;
  struct MHD_Daemon *daemon;
  HubMetrics *metrics;
  HubGuard *guard;
  gint open_connections;      /* atomic */
  char *cert_pem, *key_pem;
  gboolean plain_public;      /* plain HTTP on a non-loopback address */
};


/* Replies (JSON, with the error shape of PROTOCOL.md). */
void hub_reply_json(HubReply *r, int status, char *body);
/* An error answer: status and code from the code's row, the message from fmt. */
void hub_reply_error(HubReply *r, SyncWireCode code, const char *fmt, ...)
  G_GNUC_PRINTF(3, 4);
/* Maps an error to its code and HTTP status through the hub and wire tables. */
void hub_reply_gerror(HubReply *r, const GError *error);

/* Endpoint handlers: each fills req->reply. */
void hub_handle_healthz(HubServer *srv, HubRequest *req);
void hub_handle_metrics(HubServer *srv, HubRequest *req);
void hub_handle_receipt(HubServer *srv, HubRequest *req);
void hub_handle_enroll(HubServer *srv, HubRequest *req);
void hub_handle_events(HubServer *srv, HubRequest *req);
void hub_handle_taxonomy(HubServer *srv, HubRequest *req);
void hub_handle_summary(HubServer *srv, HubRequest *req);
void hub_handle_enroll_code(HubServer *srv, HubRequest *req);
void hub_handle_markets(HubServer *srv, HubRequest *req);
void hub_handle_market_stalls(HubServer *srv, HubRequest *req);
void hub_handle_report(HubServer *srv, HubRequest *req);
/* hub-handlers-program.c: engagements, their impact, the Onnuri review */
void hub_handle_engagements(HubServer *srv, HubRequest *req);
void hub_handle_engagement_add(HubServer *srv, HubRequest *req);
void hub_handle_impact(HubServer *srv, HubRequest *req);
void hub_handle_onnuri(HubServer *srv, HubRequest *req);
/*
** The markets a user token may be asked about (a till's token is
** answered 403), and the path's market checked against the principal
** (403, or 404 for no such market).  NULL when the request has been
** answered.  hub_user_market_list: transfer full; hub_scoped_market:
** transfer none, from markets.
*/
GPtrArray *hub_user_market_list(HubServer *srv, HubRequest *req);
HubMarket *hub_scoped_market(HubRequest *req, GPtrArray *markets);

/* ---- Deadlines and rate limits (hub-guard.c) --------------------------------- */

/* Where a connection is; each phase has its own deadline. */
typedef enum {
  HUB_PHASE_HEADERS,          /* waiting for a request's headers: header_timeout_s */
  HUB_PHASE_BODY,             /* reading a body: body_timeout_s */
  HUB_PHASE_HANDLING          /* answering: never cut */
} HubPhase;

/* Starts the watchdog thread.  Transfer full (hub_guard_free). */
HubGuard *hub_guard_new(guint header_timeout_s, guint body_timeout_s, guint enroll_per_minute,
                        guint auth_failures_per_minute);
/* Stops the watchdog; only once the daemon has stopped. */
void hub_guard_free(HubGuard *g);
/* A new connection (socket fd, peer address), in the headers phase.  Transfer full,
** given back with hub_guard_unwatch before the socket is closed. */
HubWatch *hub_guard_watch(HubGuard *g, int fd, const struct sockaddr *addr);
/* Forgets (frees) the connection; TRUE when the watchdog cut it before any
** request (*age_us: how long it was open). */
gboolean hub_guard_unwatch(HubGuard *g, HubWatch *w, gint64 *age_us);
/* Whether the watchdog cut the connection. */
gboolean hub_guard_was_cut(HubGuard *g, const HubWatch *w);
void hub_guard_phase(HubGuard *g, HubWatch *w, HubPhase phase);
/* The peer address as text ("-" unknown).  Transfer none: lives with the watch. */
const char *hub_watch_address(const HubWatch *w);
/* Counts an enrollment attempt: 0 when allowed, else seconds until the next. */
guint hub_guard_enroll(HubGuard *g, const char *address);
/* 0 when the address may present a token, else seconds until it may. */
guint hub_guard_auth_blocked(HubGuard *g, const char *address);
void hub_guard_auth_failed(HubGuard *g, const char *address);

/* ---- The access log (hub-log.c) ------------------------------------------------ */

/* One line: status 0 when unanswered, 408 when cut; who NULL without a valid token. */
void hub_access_log(const char *address, const char *method, const char *path, int status,
                    gsize bytes, gint64 micros, const HubPrincipal *who);

/* ---- Metrics (hub-metrics.c) ------------------------------------------------ */

HubMetrics *hub_metrics_new(void);
void hub_metrics_free(HubMetrics *m);
void hub_metrics_request(HubMetrics *m, HubRoute route, int status, double seconds);
void hub_metrics_reject(HubMetrics *m, const char *code);
void hub_metrics_events(HubMetrics *m, const GPtrArray *events);
/* The Prometheus text exposition; warm NULL: no warm-up metrics. Transfer full. */
char *hub_metrics_render(HubMetrics *m, HubStore *store, HubWarm *warm,
                         HubReportCache *reports, int64_t now_ms);

/* ---- The receipt page (hub-html.c) ------------------------------------------- */

/* A small self-contained HTML page of one document. Transfer full. */
char *hub_html_receipt(const PosSale *sale, const HubStall *stall);
/* The page for an unknown or malformed receipt id (sent with 404). Transfer full. */
char *hub_html_not_found(void);

#endif
