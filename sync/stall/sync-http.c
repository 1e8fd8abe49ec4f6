/*
** sync-http.c: the stall side's HTTP policy over libcurl, and its errors.
**
** The one place a request to the hub is made, for the sync client
** (sync-client.c) and for the programs that read the hub's reports
** (sync_http_get: market-report --hub, the office app).  The method:
**   - the URL policy first: https, or plain http only on a literal loopback
**     host (sync_url_check), decided without resolving a name;
**   - every option that matters for safety set explicitly on the curl
**     handle (verification, protocols, no redirects, timeouts, no signals);
**   - the token only in a header buffer that is wiped after the request;
**   - every failure a typed SyncErrorCode carrying, as data, the answer's
**     status, the hub's own error code (through the wire table) and the
**     transport's words, so no caller reads message text.
** Shared with sync-client.c through sync-http-int.h; the only file of the
** project that includes curl.
*/
#include "sync-http-int.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>

/* The hub's answers are small (a result per event); anything beyond this is
** not a hub speaking our protocol. */
#define ANSWER_MAX (16u * 1024u * 1024u)

/* ---- Errors --------------------------------------------------------------- */

/*
** What a SYNC_ERROR carries besides its code and message (sync-client.h):
** the answer's status, the hub's code and message, the transport's words.
** GLib keeps it with the GError, copies it with g_error_copy (so it
** survives a GTask) and clears it with g_error_free.
*/
typedef struct {
  int http_status;
  SyncWireCode hub_code;
  char *hub_name;
  char *hub_message;
  char *reason;
} SyncErrorPrivate;

static void sync_error_private_init(SyncErrorPrivate *p)
{
  memset(p, 0, sizeof *p);
}

static void sync_error_private_copy(const SyncErrorPrivate *src, SyncErrorPrivate *dest)
{
  dest->http_status = src->http_status;
  dest->hub_code = src->hub_code;
  dest->hub_name = g_strdup(src->hub_name);
  dest->hub_message = g_strdup(src->hub_message);
  dest->reason = g_strdup(src->reason);
}

static void sync_error_private_clear(SyncErrorPrivate *p)
{
  g_free(p->hub_name);
  g_free(p->hub_message);
  g_free(p->reason);
  memset(p, 0, sizeof *p);
}

G_DEFINE_EXTENDED_ERROR(SyncError, sync_error)

/*
** sync_error_info, sync_error_code_name, sync_error_code_from_name,
** sync_error_table.  Names are part of the CLI's --json output: add, never
** rename.
*/
MPOS_ERROR_DOMAIN_DEFINE(SyncErrorCode, sync_error, SYNC_ERROR_CODES);

/* The error's data, or NULL for another domain (and for NULL). */
static const SyncErrorPrivate *data_of(const GError *error)
{
  return error && error->domain == SYNC_ERROR ? sync_error_get_private(error) : NULL;
}

int sync_error_http_status(const GError *error)
{
  const SyncErrorPrivate *p = data_of(error);
  return p ? p->http_status : 0;
}

SyncWireCode sync_error_hub_code(const GError *error)
{
  const SyncErrorPrivate *p = data_of(error);
  return p ? p->hub_code : SYNC_WIRE_NONE;
}

const char *sync_error_hub_name(const GError *error)
{
  const SyncErrorPrivate *p = data_of(error);
  return p ? p->hub_name : NULL;
}

const char *sync_error_hub_message(const GError *error)
{
  const SyncErrorPrivate *p = data_of(error);
  return p ? p->hub_message : NULL;
}

const char *sync_error_reason(const GError *error)
{
  const SyncErrorPrivate *p = data_of(error);
  return p ? p->reason : NULL;
}

/*
** An unexpected answer is best described by the hub's own code when it
** gave one; the client's more precise codes (unauthorized, code_used,
** refused) keep their own row.
*/
const MposErrorInfo *sync_error_info_of(const GError *error)
{
  if (error == NULL)
    return NULL;
  if (error->domain == POS_ERROR)
    return pos_error_info(error->code);
  if (error->domain != SYNC_ERROR)
    return NULL;
  const MposErrorInfo *hub = sync_wire_info(sync_error_hub_code(error));
  if (error->code == SYNC_ERROR_HTTP && hub != NULL)
    return hub;
  return sync_error_info(error->code);
}

/*
** A SYNC_ERROR with its data: status 0 and hub NULL for none.  The data is
** set on the new GError before it is handed over.
*/
void sync_set_error_data(GError **error, SyncErrorCode code, long status,
                         const SyncWireError *hub, const char *reason, const char *fmt, ...)
{
  if (error == NULL)
    return;
  va_list ap;
  va_start(ap, fmt);
  GError *e = g_error_new_valist(SYNC_ERROR, code, fmt, ap);
  va_end(ap);
  SyncErrorPrivate *p = sync_error_get_private(e);
  p->http_status = (int)status;
  if (hub) {
    p->hub_code = hub->code;
    p->hub_name = g_strdup(hub->name);
    p->hub_message = g_strdup(hub->message);
  }
  p->reason = g_strdup(reason);
  g_propagate_error(error, e);
}

/*
** Transient means "the same request may work later": the network, a hub that
** is down, busy or failing, a TLS hiccup: the errors whose row says
** MPOS_EXIT_NETWORK.  PROTOCOL is one because a hub killed mid-answer can
** leave a truncated body that curl still calls a success; an unexpected
** status is one unless the hub's own code says otherwise (not_found and
** bad_request do not go away by waiting).  Everything else needs a person
** (enroll, fix the URL).
*/
gboolean sync_error_is_transient(const GError *error)
{
  if (error == NULL || error->domain != SYNC_ERROR)
    return FALSE;
  return mpos_error_exit(sync_error_info_of(error)) == MPOS_EXIT_NETWORK;
}

/* ---- Secrets in memory ------------------------------------------------------- */

/* Wipes a token before freeing it, so that it does not linger in freed heap
** pages that a crash dump or a later bug could show. */
void sync_secret_free(char *s)
{
  if (s == NULL)
    return;
  volatile char *p = s;
  while (*p)
    *p++ = '\0';
  g_free(s);
}


/* ---- URL policy ------------------------------------------------------------------- */

/*
** Loopback is decided on the literal host, never by resolving it: a name
** other than "localhost" could resolve anywhere, so only numeric 127/8, ::1
** (and its IPv4-mapped form) and the name localhost count.  Short forms like
** "127.1" are not recognised and so are treated as remote (the safe side).
*/
static gboolean host_is_loopback(const char *host)
{
  g_autofree char *h = g_ascii_strdown(host, -1);
  size_t n = strlen(h);
  if (n > 0 && h[n - 1] == '.')
    h[--n] = '\0';
  if (strcmp(h, "localhost") == 0 || g_str_has_suffix(h, ".localhost"))
    return TRUE;
  struct in_addr a4;
  if (inet_pton(AF_INET, h, &a4) == 1)
    return (ntohl(a4.s_addr) >> 24) == 127;
  if (n > 2 && h[0] == '[' && h[n - 1] == ']') {
    h[n - 1] = '\0';
    struct in6_addr a6;
    if (inet_pton(AF_INET6, h + 1, &a6) != 1)
      return FALSE;
    if (IN6_IS_ADDR_LOOPBACK(&a6))
      return TRUE;
    if (IN6_IS_ADDR_V4MAPPED(&a6))
      return a6.s6_addr[12] == 127;
  }
  return FALSE;
}

/* libcurl's own URL parser decides scheme and host, so the policy sees the
** URL exactly as the transfer will (no second, disagreeing parser). */
gboolean sync_url_check(const char *url, gboolean allow_insecure_http, GError **error)
{
  if (url == NULL || *url == '\0') {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_BAD_URL, "no hub URL");
    return FALSE;
  }
  CURLU *u = curl_url();
  char *scheme = NULL, *host = NULL;
  gboolean ok = FALSE;
  if (u == NULL
      || curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK
      || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK
      || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_BAD_URL, "'%s' is not a URL", url);
  } else if (g_ascii_strcasecmp(scheme, "https") == 0) {
    ok = TRUE;
  } else if (g_ascii_strcasecmp(scheme, "http") != 0) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_BAD_URL,
                "'%s': the hub URL must start with https:// (or http:// on loopback)", url);
  } else if (allow_insecure_http || host_is_loopback(host)) {
    ok = TRUE;
  } else {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_INSECURE,
                "refusing plain http:// to %s: the device token and the sales would "
                "cross the network unencrypted; use https:// (or --allow-http on a "
                "private test network)", host);
  }
  curl_free(scheme);
  curl_free(host);
  curl_url_cleanup(u);
  return ok;
}

/* Hub URL plus an endpoint path, tolerating a trailing slash in the setting. */
char *sync_http_endpoint(const char *hub_url, const char *path)
{
  size_t n = strlen(hub_url);
  while (n > 0 && hub_url[n - 1] == '/')
    n--;
  return g_strdup_printf("%.*s%s", (int)n, hub_url, path);
}

/* ---- HTTP ------------------------------------------------------------------------- */

/*
** One curl easy handle per push or enrollment: it keeps the connection (and
** the TLS session) alive across batches, which is most of the speed of a
** long backlog.
*/
struct SyncHttp {
  CURL *curl;
  GByteArray *answer;
  gboolean too_big;
  GCancellable *cancellable;
};

/* Frees the handle and the answer buffer; NULL is fine (early failures). */
void sync_http_free(SyncHttp *h)
{
  if (h == NULL)
    return;
  if (h->curl)
    curl_easy_cleanup(h->curl);
  if (h->answer)
    g_byte_array_unref(h->answer);
  g_free(h);
}

/* The last answer's bytes, kept until the next request on the handle. */
GByteArray *sync_http_answer(SyncHttp *h)
{
  return h->answer;
}

/* curl_global_init is not thread-safe in every libcurl: do it once, first. */
static gboolean curl_ready(void)
{
  static gsize once = 0;
  static gboolean ok = FALSE;
  if (g_once_init_enter(&once)) {
    ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    g_once_init_leave(&once, 1);
  }
  return ok;
}

/* Accumulates the answer, refusing more than ANSWER_MAX. */
static size_t on_data(char *data, size_t size, size_t n, void *user)
{
  SyncHttp *h = user;
  size_t len = size * n;
  if (h->answer->len + len > ANSWER_MAX) {
    h->too_big = TRUE;
    return 0;
  }
  g_byte_array_append(h->answer, (const guint8 *)data, (guint)len);
  return len;
}

/* Lets a cancelled GCancellable abort a transfer in flight. */
static int on_progress(void *user, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
  SyncHttp *h = user;
  (void)dt, (void)dn, (void)ut, (void)un;
  return h->cancellable && g_cancellable_is_cancelled(h->cancellable) ? 1 : 0;
}

/*
** Every option that matters for safety is set explicitly rather than left to
** libcurl defaults that a distribution could change: verification on, only
** http and https, no redirects, bounded connect and total time, no signals
** (we may run in a worker thread).
*/
SyncHttp *sync_http_new(const SyncClientOptions *o, GError **error)
{
  if (!curl_ready()) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_OFFLINE, "libcurl failed to initialise");
    return NULL;
  }
  g_autoptr(SyncHttp) h = g_new0(SyncHttp, 1);
  h->cancellable = o->cancellable;
  h->answer = g_byte_array_new();
  h->curl = curl_easy_init();
  if (h->curl == NULL) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_OFFLINE, "libcurl failed to initialise");
    return NULL;
  }
  CURL *c = h->curl;
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (o->ca_file)
    curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   o->connect_timeout_ms > 0 ? o->connect_timeout_ms
                                             : (long)SYNC_CONNECT_TIMEOUT_MS);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   o->request_timeout_ms > 0 ? o->request_timeout_ms
                                             : (long)SYNC_REQUEST_TIMEOUT_MS);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "market-pos-stall/1");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  return g_steal_pointer(&h);
}

/* Maps a curl failure to the error a merchant can act on. */
static void transport_error(SyncHttp *h, CURLcode rc, const char *url, GError **error)
{
  SyncErrorCode code = SYNC_ERROR_OFFLINE;
  switch (rc) {
  case CURLE_ABORTED_BY_CALLBACK:
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_CANCELLED, "sync cancelled");
    return;
  case CURLE_WRITE_ERROR:
    if (h->too_big) {
      g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL,
                  "%s: the answer is over %u bytes", url, ANSWER_MAX);
      return;
    }
    break;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_USE_SSL_FAILED:
    code = SYNC_ERROR_TLS;
    break;
  default:
    break;
  }
  sync_set_error_data(error, code, 0, NULL, curl_easy_strerror(rc), "%s: %s", url,
                 curl_easy_strerror(rc));
}

/*
** One request.  token may be NULL (enrollment).  The Authorization header
** is assembled in a buffer wiped afterwards; curl's verbose output stays off,
** so the token never reaches a terminal or a log.
*/
gboolean sync_http_do(SyncHttp *h, const char *method, const char *url, const char *token,
                      const char *body, gsize body_len, long *status, GError **error)
{
  CURL *c = h->curl;
  struct curl_slist *headers = NULL;
  g_autoptr(SyncSecret) auth = NULL;
  if (h->cancellable && g_cancellable_is_cancelled(h->cancellable)) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_CANCELLED, "sync cancelled");
    return FALSE;
  }
  g_byte_array_set_size(h->answer, 0);
  h->too_big = FALSE;
  headers = curl_slist_append(headers, "Accept: application/json");
  if (body)
    headers = curl_slist_append(headers, "Content-Type: application/json");
  /* No "Expect: 100-continue" round trip before each batch. */
  headers = curl_slist_append(headers, "Expect:");
  if (token) {
    auth = g_strconcat("Authorization: Bearer ", token, NULL);
    headers = curl_slist_append(headers, auth);
  }
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (strcmp(method, "POST") == 0) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
  } else {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  }
  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
  /* curl_slist_free_all does not wipe; the copies are short-lived heap. */
  for (struct curl_slist *p = headers; p; p = p->next)
    if (g_str_has_prefix(p->data, "Authorization:"))
      memset(p->data, 0, strlen(p->data));
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    transport_error(h, rc, url, error);
    return FALSE;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
  return TRUE;
}

/* The answer as JSON; NULL when it is not a JSON object. */
cJSON *sync_http_answer_json(SyncHttp *h)
{
  return wire_json_parse_object((const char *)h->answer->data, h->answer->len, NULL);
}

/* The hub's {"error":{...}} of the answer, read through the wire table. */
void sync_http_answer_error(SyncHttp *h, SyncWireError *out)
{
  sync_wire_error_parse((const char *)h->answer->data, h->answer->len, out);
}

/* "CODE: message" of a read answer, or a note that there was none: for people. */
char *sync_http_error_text(const SyncWireError *w)
{
  if (w->name == NULL)
    return g_strdup("no JSON error body");
  return g_strdup_printf("%s: %s", w->name, w->message ? w->message : "(no message)");
}

/*
** An answer that is neither 200 nor handled by the caller: UNAUTHORIZED for
** 401 and 403, HTTP otherwise, with the status and the hub's code as data.
** advice (may be NULL) is added for UNAUTHORIZED.
*/
void sync_http_status_error(SyncHttp *h, const char *url, long status, const char *advice,
                            GError **error)
{
  g_auto(SyncWireError) w = {0};
  sync_http_answer_error(h, &w);
  g_autofree char *text = sync_http_error_text(&w);
  SyncErrorCode code = status == 401 || status == 403 ? SYNC_ERROR_UNAUTHORIZED
                                                      : SYNC_ERROR_HTTP;
  if (code == SYNC_ERROR_UNAUTHORIZED && advice)
    sync_set_error_data(error, code, status, &w, NULL, "%s: HTTP %ld (%s); %s", url, status, text,
                   advice);
  else
    sync_set_error_data(error, code, status, &w, NULL, "%s: HTTP %ld (%s)", url, status, text);
}

/* ---- Reading from the hub ------------------------------------------------------ */

/*
** One GET with a bearer token, for the programs that read reports from the
** hub (market-report, the office app): the same URL policy, timeouts, size
** limit and token hygiene as the sync itself.  Any status but 200 is an
** error carrying the hub's stable code; 401 and 403 are UNAUTHORIZED, so a
** caller can tell "refused" from "unreachable" (OFFLINE) and "broken" (HTTP).
*/
GBytes *sync_http_get(const char *url, const char *token, const SyncClientOptions *options,
                      GError **error)
{
  SyncClientOptions defaults;
  long status = 0;
  if (options == NULL) {
    sync_client_options_init(&defaults);
    options = &defaults;
  }
  if (!sync_url_check(url, options->allow_insecure_http, error))
    return NULL;
  g_autoptr(SyncHttp) h = sync_http_new(options, error);
  if (h == NULL || !sync_http_do(h, "GET", url, token, NULL, 0, &status, error))
    return NULL;
  if (status != 200) {
    sync_http_status_error(h, url, status, NULL, error);
    return NULL;
  }
  return g_byte_array_free_to_bytes(g_steal_pointer(&h->answer));
}

/* A POST with a token (the office's enrollment codes), answered like a GET. */
GBytes *sync_http_post(const char *url, const char *token, const char *body, gsize len,
                       const SyncClientOptions *options, GError **error)
{
  SyncClientOptions defaults;
  long status = 0;
  if (options == NULL) {
    sync_client_options_init(&defaults);
    options = &defaults;
  }
  if (!sync_url_check(url, options->allow_insecure_http, error))
    return NULL;
  g_autoptr(SyncHttp) h = sync_http_new(options, error);
  if (h == NULL || !sync_http_do(h, "POST", url, token, body, len, &status, error))
    return NULL;
  if (status != 200) {
    sync_http_status_error(h, url, status, NULL, error);
    return NULL;
  }
  return g_byte_array_free_to_bytes(g_steal_pointer(&h->answer));
}
