/*
** hub-server-int.h: the pieces of the HTTP service shared between
** hub-server.c (daemon, routing, limits), hub-handlers.c and
** hub-handlers-market.c (one function per endpoint), hub-metrics.c and
** hub-html.c.  Private to the HTTP service: a batch is decoded by the hub
** core (hub-ingest.h), which knows nothing of HTTP.
*/
#ifndef HUB_SERVER_INT_H
#define HUB_SERVER_INT_H

#include "hub-ingest.h"
#include "hub-server.h"
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
} HubReply;

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
  HubReply reply;
} HubRequest;

typedef struct HubMetrics HubMetrics;

struct HubServer {
  HubStore *store;
  HubServerOptions opts;
  struct MHD_Daemon *daemon;
  HubMetrics *metrics;
  gint open_connections;      /* atomic */
  char *cert_pem, *key_pem;
  GMutex batch_lock;          /* guards batches_running */
  GCond batch_cond;
  guint batches_running;      /* batches being decoded and stored now */
  guint max_batches;          /* how many may be at once */
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

/* ---- Metrics (hub-metrics.c) ------------------------------------------------ */

HubMetrics *hub_metrics_new(void);
void hub_metrics_free(HubMetrics *m);
void hub_metrics_request(HubMetrics *m, HubRoute route, int status, double seconds);
void hub_metrics_reject(HubMetrics *m, const char *code);
void hub_metrics_events(HubMetrics *m, const GPtrArray *events);
/* The Prometheus text exposition. Transfer full. */
char *hub_metrics_render(HubMetrics *m, HubStore *store, int64_t now_ms);

/* ---- The receipt page (hub-html.c) ------------------------------------------- */

/* A small self-contained HTML page of one document. Transfer full. */
char *hub_html_receipt(const PosSale *sale, const HubStall *stall);
/* The page for an unknown or malformed receipt id (sent with 404). Transfer full. */
char *hub_html_not_found(void);

#endif
