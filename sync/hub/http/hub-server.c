/*
** hub-server.c: the HTTP service: the microhttpd daemon, limits, routing
** and authentication.  The endpoints themselves are in hub-handlers.c, the
** shape of every answer in hub-reply.c.
**
** A request is decided as early as possible.  On its first call (headers
** read, no body yet) the router checks the connection budget, the framing
** (one Content-Length, no length together with Transfer-Encoding, which
** two parsers could read as two different requests), the path and its
** version, the method, the rate limits of the client's address, the token
** and the declared body size, and answers any fault right there, before a
** byte of body is read; such an early answer closes the connection, so an
** unread body is never taken for the next request.  Only a request that
** passed all of that gets its body accumulated, up to its route's limit
** (small for the one route without a token, enrollment), and reaches its
** handler.
**
** Threads: a fixed pool of microhttpd worker threads, each polling its
** share of the connections with epoll, so a thousand slow or idle
** connections cost sockets and a little memory, never threads.  A handler
** blocks its worker while the store answers (the store gives readers their
** own connections and serialises the writer); the other workers go on
** accepting and answering, so a long batch never stalls a summary or
** /healthz.  The deadlines and the per-address rate limits are
** hub-guard.c's; microhttpd itself caps the connections per address.
**
** What microhttpd answers itself: a request line or headers it cannot
** parse, or that overflow the per-connection memory, get its own short
** HTML 400/413/414/431 before this file sees the request (0.9.75 has no
** hook for those bodies).  The hub keeps every such case it can see from
** the headers to itself: the header block's size is checked here against
** a limit below the memory that would overflow, and the framing as above.
**
** The access log (hub-log.c): one line per request on standard error,
** written when the request ends.
*/
#include "hub-server-int.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

/* Connections beyond the budget accepted only to be answered 503 busy. */
#define BUSY_RESERVE 16
/* Body bytes reserved before they arrive: a client's largest batch (1 MiB). */
#define PREALLOC_MAX (1024 * 1024)
/* The body limit of the routes without a token (an enrollment is ~200 bytes). */
#define PUBLIC_BODY_MAX 4096
/* Request line and headers, counted as the router sees them; a quarter of
** the connection memory, so the hub's own answer comes before the
** library's overflow. */
#define HEADER_BYTES_MAX(conn_memory) ((conn_memory) / 4)
/* The GnuTLS priorities: TLS 1.3 and 1.2 only, GnuTLS's normal ciphers. */
#define TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

/* ---- Routing ----------------------------------------------------------------- */

typedef enum { AUTH_NONE, AUTH_ANY, AUTH_ADMIN, AUTH_DEVICE } AuthNeed;

typedef struct {
  HubRoute route;
  const char *method;
  AuthNeed auth;
  gboolean body;
  void (*handle)(HubServer *, HubRequest *);
} RouteInfo;

static const RouteInfo routes[] = {
  {HUB_ROUTE_HEALTHZ, "GET", AUTH_NONE, FALSE, hub_handle_healthz},
  {HUB_ROUTE_METRICS, "GET", AUTH_ADMIN, FALSE, hub_handle_metrics},
  {HUB_ROUTE_RECEIPT, "GET", AUTH_NONE, FALSE, hub_handle_receipt},
  {HUB_ROUTE_ENROLL, "POST", AUTH_NONE, TRUE, hub_handle_enroll},
  {HUB_ROUTE_EVENTS, "POST", AUTH_DEVICE, TRUE, hub_handle_events},
  {HUB_ROUTE_TAXONOMY, "GET", AUTH_ANY, FALSE, hub_handle_taxonomy},
  {HUB_ROUTE_SUMMARY, "GET", AUTH_ANY, FALSE, hub_handle_summary},
  {HUB_ROUTE_ENROLL_CODE, "POST", AUTH_ANY, TRUE, hub_handle_enroll_code},
  {HUB_ROUTE_MARKETS, "GET", AUTH_ANY, FALSE, hub_handle_markets},
  {HUB_ROUTE_MARKET_STALLS, "GET", AUTH_ANY, FALSE, hub_handle_market_stalls},
  {HUB_ROUTE_REPORT, "GET", AUTH_ANY, FALSE, hub_handle_report},
  {HUB_ROUTE_ENGAGEMENTS, "GET", AUTH_ANY, FALSE, hub_handle_engagements},
  {HUB_ROUTE_ENGAGEMENT_ADD, "POST", AUTH_ANY, TRUE, hub_handle_engagement_add},
  {HUB_ROUTE_IMPACT, "GET", AUTH_ANY, FALSE, hub_handle_impact},
};

/* "CODE/rest" -> CODE when rest matches; NULL otherwise. */
static char *stall_path(const char *tail, const char *rest)
{
  const char *slash = strchr(tail, '/');
  if (slash == NULL || slash == tail || strcmp(slash, rest) != 0)
    return NULL;
  char *code = g_strndup(tail, (gsize)(slash - tail));
  if (!hub_code_valid(code))
    g_clear_pointer(&code, g_free);
  return code;
}

/* "CODE/reports/KIND": the market code and the kind (checked by the handler). */
static gboolean report_path(const char *tail, HubRequest *req)
{
  const char *slash = strchr(tail, '/');
  if (slash == NULL || slash == tail || !g_str_has_prefix(slash, "/reports/")
      || slash[9] == '\0' || strchr(slash + 9, '/') != NULL)
    return FALSE;
  g_autofree char *code = g_strndup(tail, (gsize)(slash - tail));
  if (!hub_code_valid(code))
    return FALSE;
  req->arg = g_steal_pointer(&code);
  req->kind = g_strdup(slash + 9);
  return TRUE;
}

/* "CODE/engagements/ID/impact": the market code and the id's text. */
static gboolean impact_path(const char *tail, HubRequest *req)
{
  g_auto(GStrv) parts = g_strsplit(tail, "/", -1);
  if (g_strv_length(parts) != 4 || strcmp(parts[1], "engagements") != 0
      || strcmp(parts[3], "impact") != 0 || !hub_code_valid(parts[0]) || parts[2][0] == '\0')
    return FALSE;
  req->arg = g_strdup(parts[0]);
  req->kind = g_strdup(parts[2]);
  return TRUE;
}

/*
** Maps a path to its route, or answers 404.  "/vN/..." with any N other
** than 1 is a version this hub does not serve, which a client must be able
** to tell from a typo: unsupported_version rather than not_found.
*/
static const RouteInfo *route_for(const char *url, HubRequest *req)
{
  HubRoute r = HUB_ROUTE_OTHER;
  if (strcmp(url, "/healthz") == 0)
    r = HUB_ROUTE_HEALTHZ;
  else if (strcmp(url, "/metrics") == 0)
    r = HUB_ROUTE_METRICS;
  else if (g_str_has_prefix(url, "/r/")) {   /* the handler checks the id */
    r = HUB_ROUTE_RECEIPT;
    req->arg = g_strdup(url + 3);
  } else if (strcmp(url, "/v1/enroll") == 0)
    r = HUB_ROUTE_ENROLL;
  else if (strcmp(url, "/v1/events") == 0)
    r = HUB_ROUTE_EVENTS;
  else if (strcmp(url, "/v1/taxonomy") == 0)
    r = HUB_ROUTE_TAXONOMY;
  else if (g_str_has_prefix(url, "/v1/stalls/")
           && (req->arg = stall_path(url + 11, "/summary")) != NULL)
    r = HUB_ROUTE_SUMMARY;
  else if (g_str_has_prefix(url, "/v1/stalls/")
           && (req->arg = stall_path(url + 11, "/enroll-code")) != NULL)
    r = HUB_ROUTE_ENROLL_CODE;
  else if (strcmp(url, "/v1/markets") == 0)
    r = HUB_ROUTE_MARKETS;
  else if (g_str_has_prefix(url, "/v1/markets/")
           && (req->arg = stall_path(url + 12, "/stalls")) != NULL)
    r = HUB_ROUTE_MARKET_STALLS;
  else if (g_str_has_prefix(url, "/v1/markets/") && report_path(url + 12, req))
    r = HUB_ROUTE_REPORT;
  else if (g_str_has_prefix(url, "/v1/markets/")
           && (req->arg = stall_path(url + 12, "/engagements")) != NULL)
    r = g_strcmp0(req->method, "POST") == 0 ? HUB_ROUTE_ENGAGEMENT_ADD : HUB_ROUTE_ENGAGEMENTS;
  else if (g_str_has_prefix(url, "/v1/markets/") && impact_path(url + 12, req))
    r = HUB_ROUTE_IMPACT;
  req->route = r;
  for (guint i = 0; i < G_N_ELEMENTS(routes); i++)
    if (routes[i].route == r)
      return &routes[i];
  size_t digits = url[0] == '/' && url[1] == 'v' ? strspn(url + 2, "0123456789") : 0;
  gboolean v1 = digits == 1 && url[2] == '1';
  if (digits > 0 && !v1 && (url[2 + digits] == '/' || url[2 + digits] == '\0'))
    hub_reply_error(&req->reply, SYNC_WIRE_UNSUPPORTED_VERSION,
                    "this hub serves protocol version 1 only (/v1/...)");
  else
    hub_reply_error(&req->reply, SYNC_WIRE_NOT_FOUND, "no such path");
  return NULL;
}

/* The bearer token of the request, or NULL. */
static const char *bearer(struct MHD_Connection *conn)
{
  const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                              MHD_HTTP_HEADER_AUTHORIZATION);
  if (h == NULL || g_ascii_strncasecmp(h, "Bearer ", 7) != 0)
    return NULL;
  h += 7;
  while (*h == ' ')
    h++;
  return h;
}

/*
** Authentication first (401 for no, unknown or revoked tokens), then the
** role the route needs (403).  Scope within a role (which stall, which
** market) is the handler's: it needs the stall to decide.  An address
** that failed too often in the last minute is not even asked for its
** token (429), and every failure counts against it, so guessing tokens
** goes at the rate limit's pace.
*/
static gboolean authorise(HubServer *srv, HubRequest *req, AuthNeed need)
{
  g_autoptr(GError) error = NULL;
  if (need == AUTH_NONE)
    return TRUE;
  const char *address = hub_watch_address(req->watch);
  guint wait = hub_guard_auth_blocked(srv->guard, address);
  if (wait > 0) {
    hub_reply_error(&req->reply, SYNC_WIRE_RATE_LIMITED,
                    "too many failed authentications from this address; retry in %u s", wait);
    req->reply.retry_after = wait;
    return FALSE;
  }
  const char *token = bearer(req->conn);
  if (token == NULL) {
    hub_guard_auth_failed(srv->guard, address);
    hub_reply_error(&req->reply, SYNC_WIRE_UNAUTHORIZED, "Authorization: Bearer TOKEN required");
    return FALSE;
  }
  req->who = hub_store_authenticate(srv->store, token, &error);
  if (req->who == NULL) {
    if (hub_error_wire_code(error) == SYNC_WIRE_UNAUTHORIZED)
      hub_guard_auth_failed(srv->guard, address);
    hub_reply_gerror(&req->reply, error);
    return FALSE;
  }
  if ((need == AUTH_ADMIN && req->who->role != HUB_ROLE_ADMIN)
      || (need == AUTH_DEVICE && req->who->role != HUB_ROLE_DEVICE)) {
    hub_reply_error(&req->reply, SYNC_WIRE_FORBIDDEN, "a %s token cannot use this endpoint",
                    hub_role_name(req->who->role));
    return FALSE;
  }
  return TRUE;
}

/* ---- The request lifecycle ----------------------------------------------------- */

/*
** close_after: an answer given before the body was read closes the
** connection, so the unread body is not parsed as a next request.
*/
static enum MHD_Result answer(HubRequest *req, gboolean close_after)
{
  HubReply *r = &req->reply;
  gsize len = r->body_len ? r->body_len : r->body ? strlen(r->body) : 0;
  struct MHD_Response *resp = MHD_create_response_from_buffer_with_free_callback(
    len, g_steal_pointer(&r->body), g_free);
  if (resp == NULL)
    return MHD_NO;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                          r->content_type ? r->content_type : "application/json");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
                          " form-action 'none'; frame-ancestors 'none'");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  if (r->allow)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
  if (r->status == 503 && r->retry_after == 0)
    r->retry_after = 1;
  if (r->retry_after > 0) {
    char secs[16];
    g_snprintf(secs, sizeof secs, "%u", r->retry_after);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
  }
  if (close_after)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  req->answered = TRUE;
  req->status = r->status;
  req->sent = len;
  return ok;
}

/* What the headers say of the body's framing, counted over every header. */
typedef struct {
  guint lengths;              /* Content-Length headers */
  guint encodings;            /* Transfer-Encoding headers */
  gboolean chunked;           /* the one encoding is exactly "chunked" */
  gsize header_bytes;         /* names and values of every header */
  gboolean host;
} Framing;

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
  Framing *f = cls;
  (void)kind;
  f->header_bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
  if (g_ascii_strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
    f->lengths++;
  else if (g_ascii_strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
    f->encodings++;
    f->chunked = value && g_ascii_strcasecmp(value, "chunked") == 0;
  } else if (g_ascii_strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
    f->host = TRUE;
  return MHD_YES;
}

/*
** One way to read the body, or 400: more than one Content-Length (equal or
** not: a proxy in front may have kept another one), a Transfer-Encoding
** together with a length, or an encoding other than plain chunked, which
** microhttpd would read as a body running to the end of the connection.
** HTTP/1.1 without Host is refused too (RFC 9112 3.2), here so that the
** answer is the protocol's.
*/
static gboolean framing_ok(HubServer *srv, HubRequest *req, const char *url,
                           const char *version)
{
  Framing f = {0};
  MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_header, &f);
  if (f.header_bytes + strlen(url) > HEADER_BYTES_MAX(srv->opts.conn_memory)) {
    hub_reply_error(&req->reply, SYNC_WIRE_TOO_LARGE,
                    "the request line and headers are over %" G_GSIZE_FORMAT " bytes",
                    HEADER_BYTES_MAX(srv->opts.conn_memory));
    return FALSE;
  }
  const char *fault = f.lengths > 1                  ? "more than one Content-Length"
                      : f.encodings > 0 && f.lengths ? "both Transfer-Encoding and Content-Length"
                      : f.encodings > 1 || (f.encodings == 1 && !f.chunked)
                        ? "a Transfer-Encoding other than chunked"
                      : !f.host && strcmp(version, MHD_HTTP_VERSION_1_1) == 0
                        ? "HTTP/1.1 without a Host header"
                        : NULL;
  if (fault) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST, "ambiguous request: %s", fault);
    return FALSE;
  }
  return TRUE;
}

/* The largest body the route takes: small where no token is asked. */
static gsize body_limit(HubServer *srv, const RouteInfo *info)
{
  return info->auth == AUTH_NONE ? MIN(PUBLIC_BODY_MAX, srv->opts.max_body)
                                 : srv->opts.max_body;
}

/* Checks everything knowable from the headers; FALSE when already answered. */
static gboolean begin(HubServer *srv, HubRequest *req, const char *url, const char *method,
                      const char *version, const RouteInfo **info)
{
  if ((guint)g_atomic_int_get(&srv->open_connections) > srv->opts.max_connections) {
    hub_reply_error(&req->reply, SYNC_WIRE_BUSY, "the hub is at its connection limit");
    return FALSE;
  }
  if (!framing_ok(srv, req, url, version))
    return FALSE;
  if ((*info = route_for(url, req)) == NULL)
    return FALSE;
  if (strcmp(method, (*info)->method) != 0) {
    hub_reply_error(&req->reply, SYNC_WIRE_METHOD_NOT_ALLOWED, "use %s", (*info)->method);
    req->reply.allow = (*info)->method;
    return FALSE;
  }
  if ((*info)->route == HUB_ROUTE_ENROLL) {
    guint wait = hub_guard_enroll(srv->guard, hub_watch_address(req->watch));
    if (wait > 0) {
      hub_reply_error(&req->reply, SYNC_WIRE_RATE_LIMITED,
                      "too many enrollments from this address; retry in %u s", wait);
      req->reply.retry_after = wait;
      return FALSE;
    }
  }
  if (!authorise(srv, req, (*info)->auth))
    return FALSE;
  const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
  if ((*info)->body && cl && g_ascii_strtoull(cl, NULL, 10) > body_limit(srv, *info)) {
    hub_reply_error(&req->reply, SYNC_WIRE_TOO_LARGE,
                    "the body is over %" G_GSIZE_FORMAT " bytes", body_limit(srv, *info));
    return FALSE;
  }
  return TRUE;
}

/* Whether the request announced a body (which an early answer leaves unread). */
static gboolean has_body(struct MHD_Connection *conn)
{
  const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_LENGTH);
  return MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL
         || (cl != NULL && g_ascii_strtoull(cl, NULL, 10) > 0);
}

/*
** microhttpd calls this once with the headers, then once per piece of body,
** then once with no data: the three stages of begin / accumulate / handle.
*/
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
  HubServer *srv = cls;
  HubRequest *req = *con_cls;
  if (req == NULL) {
    const RouteInfo *info = NULL;
    const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    req = g_new0(HubRequest, 1);
    req->conn = conn;
    req->start_us = g_get_monotonic_time();
    req->route = HUB_ROUTE_OTHER;
    req->method = g_strdup(method);
    req->path = g_strdup(url);
    req->watch = ci ? ci->socket_context : NULL;
    *con_cls = req;
    if (!begin(srv, req, url, method, version, &info))
      return answer(req, has_body(conn));
    hub_guard_phase(srv->guard, req->watch, info->body ? HUB_PHASE_BODY : HUB_PHASE_HANDLING);
    /* One allocation for a body of declared length (already checked against
    ** the limit) instead of doubling through a batch's 300 KB; but no more
    ** than a client's largest batch up front, so that idle connections
    ** merely claiming big bodies cannot reserve the body limit each. */
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    guint64 declared = info->body && cl ? g_ascii_strtoull(cl, NULL, 10) : 0;
    req->body = g_byte_array_sized_new((guint)MIN(declared, PREALLOC_MAX));
    if (info->body)
      return MHD_YES;   /* the body follows */
    info->handle(srv, req);
    return answer(req, FALSE);
  }
  if (req->answered) {
    *upload_size = 0;
    return MHD_YES;
  }
  const RouteInfo *info = NULL;
  for (guint i = 0; i < G_N_ELEMENTS(routes); i++)
    if (routes[i].route == req->route)
      info = &routes[i];
  gsize limit = body_limit(srv, info);
  if (*upload_size > 0) {
    /* Past the limit the rest is read and dropped (chunked bodies have no
    ** length to refuse up front), but only so far: then the connection goes. */
    if (req->too_large || req->body->len + *upload_size > limit) {
      req->too_large = TRUE;
      req->discarded += *upload_size;
      if (req->discarded > 4 * limit)
        return MHD_NO;
    } else {
      g_byte_array_append(req->body, (const guint8 *)upload_data, (guint)*upload_size);
    }
    *upload_size = 0;
    return MHD_YES;
  }
  hub_guard_phase(srv->guard, req->watch, HUB_PHASE_HANDLING);
  if (req->too_large) {
    hub_reply_error(&req->reply, SYNC_WIRE_TOO_LARGE,
                    "the body is over %" G_GSIZE_FORMAT " bytes", limit);
    return answer(req, FALSE);
  }
  info->handle(srv, req);
  return answer(req, FALSE);
}

/*
** Every request ends here, answered or not: metrics, the access log, the
** connection's next phase (its next request's headers), then the request
** is freed.
*/
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
  HubServer *srv = cls;
  HubRequest *req = *con_cls;
  (void)conn;
  if (req == NULL)
    return;
  gint64 micros = g_get_monotonic_time() - req->start_us;
  gboolean late = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED
                  || hub_guard_was_cut(srv->guard, req->watch);
  int status = req->answered ? req->status : late ? 408 : 0;
  hub_metrics_request(srv->metrics, req->route, status, (double)micros / 1e6);
  if (status == 408)
    hub_metrics_reject(srv->metrics, sync_wire_code_name(SYNC_WIRE_TIMEOUT));
  else if (req->reply.error_code)
    hub_metrics_reject(srv->metrics, req->reply.error_code);
  if (srv->opts.access_log)
    hub_access_log(hub_watch_address(req->watch), req->method, req->path, status,
               req->answered ? req->sent : 0, micros, req->who);
  hub_guard_phase(srv->guard, req->watch, HUB_PHASE_HEADERS);
  hub_principal_free(req->who);
  if (req->body)
    g_byte_array_unref(req->body);
  g_free(req->arg);
  g_free(req->kind);
  g_free(req->method);
  g_free(req->path);
  g_free(req->reply.body);
  g_free(req);
  *con_cls = NULL;
}

/*
** Counts open connections for the busy check (atomics) and puts each under
** the guard's deadlines.  A connection the watchdog cut is a timeout in
** the metrics and a line of the access log (it had no request to answer).
*/
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode toe)
{
  HubServer *srv = cls;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    g_atomic_int_inc(&srv->open_connections);
    const union MHD_ConnectionInfo *fd =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *peer =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    *socket_ctx = hub_guard_watch(srv->guard, fd ? fd->connect_fd : -1,
                                  peer ? peer->client_addr : NULL);
    return;
  }
  g_atomic_int_add(&srv->open_connections, -1);
  HubWatch *w = *socket_ctx;
  *socket_ctx = NULL;
  if (w == NULL)
    return;
  char address[INET6_ADDRSTRLEN];
  g_strlcpy(address, hub_watch_address(w), sizeof address);
  gint64 age_us = 0;
  if (hub_guard_unwatch(srv->guard, w, &age_us)) {
    hub_metrics_reject(srv->metrics, sync_wire_code_name(SYNC_WIRE_TIMEOUT));
    if (srv->opts.access_log)
      hub_access_log(address, "-", "-", 408, 0, age_us, NULL);
  }
}

/*
** microhttpd's own complaints (resets, timeouts) are debug noise for a
** server facing the internet; G_MESSAGES_DEBUG shows them.  fmt is
** microhttpd's own printf format, declared as one so clang checks it.
*/
static void on_mhd_log(void *cls, const char *fmt, va_list ap) G_GNUC_PRINTF(2, 0);
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
  (void)cls;
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  g_debug("microhttpd: %s", g_strchomp(msg));
}

/* ---- Starting and stopping ------------------------------------------------------ */

/* "HOST:PORT", "[V6]:PORT": numeric addresses only, the hub resolves nothing. */
static gboolean parse_listen(const char *listen, struct sockaddr_storage *ss, gboolean *v6,
                             GError **error)
{
  const char *colon = listen ? strrchr(listen, ':') : NULL;
  g_autofree char *host = colon ? g_strndup(listen, (gsize)(colon - listen)) : NULL;
  guint64 port = 0;
  memset(ss, 0, sizeof *ss);
  if (colon == NULL || !g_ascii_string_to_unsigned(colon + 1, 10, 0, 65535, &port, NULL)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "--listen must be HOST:PORT, not %s",
                listen ? listen : "(none)");
    return FALSE;
  }
  size_t hl = strlen(host);
  if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    host[hl - 1] = '\0';
    *v6 = TRUE;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) == 1)
      return TRUE;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    *v6 = FALSE;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &a->sin_addr) == 1)
      return TRUE;
  }
  g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
              "--listen: %s is not a numeric IPv4 or [IPv6] address", host);
  return FALSE;
}

/* 127.0.0.0/8 and ::1 (an IPv4 loopback mapped into IPv6 too). */
static gboolean loopback(const struct sockaddr_storage *ss)
{
  if (ss->ss_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
  const struct in6_addr *a6 = &((const struct sockaddr_in6 *)ss)->sin6_addr;
  return IN6_IS_ADDR_LOOPBACK(a6) || (IN6_IS_ADDR_V4MAPPED(a6) && a6->s6_addr[12] == 127);
}

/*
** Reads both PEM files at start: a missing or unreadable file fails the
** start with IO rather than the first handshake.
*/
static gboolean load_tls(HubServer *srv, GError **error)
{
  const HubServerOptions *o = &srv->opts;
  if (o->tls_cert == NULL && o->tls_key == NULL)
    return TRUE;
  if (o->tls_cert == NULL || o->tls_key == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "--tls-cert and --tls-key go together");
    return FALSE;
  }
  if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_LISTEN, "this libmicrohttpd has no TLS support");
    return FALSE;
  }
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(o->tls_cert, &srv->cert_pem, NULL, &io)
      || !g_file_get_contents(o->tls_key, &srv->key_pem, NULL, &io)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "TLS: %s", io->message);
    return FALSE;
  }
  return TRUE;
}

/*
** Stopping the daemon first joins every connection thread, so nothing can
** still touch the metrics or the options being freed.
*/
static void server_free(HubServer *srv)
{
  if (srv == NULL)
    return;
  if (srv->daemon)
    MHD_stop_daemon(srv->daemon);
  hub_warm_stop(srv->warm);   /* after the daemon: nothing reads its state now */
  hub_guard_free(srv->guard);
  hub_metrics_free(srv->metrics);
  hub_report_cache_free(srv->reports);
  hub_server_options_clear(&srv->opts);
  if (srv->key_pem)
    memset(srv->key_pem, 0, strlen(srv->key_pem));   /* the private key */
  g_free(srv->key_pem);
  g_free(srv->cert_pem);
  g_free(srv);
}

/*
** Options are copied (the caller may free its own); TLS options are only
** passed when a certificate was loaded, which ends the option array early
** otherwise.  The daemon: a pool of opts.threads workers on epoll (the
** pool needs the internal polling thread and no thread per connection);
** microhttpd refuses a connection over the per-address cap at accept,
** with no answer, as it does over the total cap plus the busy reserve.
** That total is split evenly between the workers, and a worker at its
** share does not watch the listening socket, so: never more workers than
** connections (a worker with a share of 0 never serves, and never wakes),
** and the inter-thread channel on, so that stopping reaches every worker
** whether it watches the listening socket or not (without it microhttpd
** stops its workers by shutting that socket: with --max-connections 2 and
** 32 workers, SIGTERM hung).
*/
HubServer *hub_server_start(HubStore *store, const HubServerOptions *opts, GError **error)
{
  struct sockaddr_storage addr;
  gboolean v6 = FALSE;
  HubServer *srv = g_new0(HubServer, 1);
  srv->store = store;
  srv->opts = *opts;
  srv->opts.listen = g_strdup(opts->listen);
  srv->opts.tls_cert = g_strdup(opts->tls_cert);
  srv->opts.tls_key = g_strdup(opts->tls_key);
  srv->metrics = hub_metrics_new();
  srv->reports = hub_report_cache_new(opts->report_cache_bytes);
  if (!parse_listen(opts->listen, &addr, &v6, error) || !load_tls(srv, error)) {
    server_free(srv);
    return NULL;
  }
  srv->plain_public = srv->cert_pem == NULL && !loopback(&addr);
  srv->guard = hub_guard_new(opts->header_timeout_s, opts->timeout_s, opts->enroll_per_minute,
                             opts->auth_failures_per_minute);
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC
                       | MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0)
                       | (srv->cert_pem ? MHD_USE_TLS : 0);
  guint total = opts->max_connections + BUSY_RESERVE;
  struct MHD_OptionItem ops[] = {
    {MHD_OPTION_SOCK_ADDR, 0, &addr},
    {MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)MIN(opts->threads, total), NULL},
    {MHD_OPTION_CONNECTION_LIMIT, (intptr_t)total, NULL},
    {MHD_OPTION_PER_IP_CONNECTION_LIMIT, (intptr_t)opts->per_address, NULL},
    {MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)opts->conn_memory, NULL},
    {MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)opts->timeout_s, NULL},
    {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv},
    {MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)on_connection, srv},
    {MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, srv},
    {srv->cert_pem ? MHD_OPTION_HTTPS_PRIORITIES : MHD_OPTION_END, 0, (void *)TLS_PRIORITIES},
    {srv->cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, srv->cert_pem},
    {srv->cert_pem ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, srv->key_pem},
    {MHD_OPTION_END, 0, NULL},
  };
  srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_ARRAY, ops,
                                 MHD_OPTION_END);
  if (srv->daemon == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_LISTEN,
                "cannot serve on %s (address in use, or a bad certificate or key)",
                opts->listen);
    server_free(srv);
    return NULL;
  }
  if (opts->warm_up)
    srv->warm = hub_warm_start(store, pos_now_ms());
  return srv;
}

/* Plain HTTP on an address other hosts can reach: the caller warns. */
gboolean hub_server_plain_public(HubServer *server)
{
  return server->plain_public;
}

/* Asked of the daemon, so port 0 reports what the kernel picked. */
guint16 hub_server_port(HubServer *server)
{
  const union MHD_DaemonInfo *info =
    MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}

/* In-flight requests finish; new connections are refused. */
void hub_server_stop(HubServer *server)
{
  server_free(server);
}
