/*
** sync-http-int.h: what sync-http.c shares with sync-client.c, and nothing
** else includes (private to sync/stall by name, like pos-int.h).
**
** A SyncHttp is one curl handle kept across the requests of a push or an
** enrollment (the connection and TLS session stay up); its last answer's
** bytes stay readable until the next request.  Errors are SYNC_ERROR with
** their data set by sync_set_error_data (sync-client.h for the accessors).
*/
#ifndef SYNC_HTTP_INT_H
#define SYNC_HTTP_INT_H

#include "sync-client.h"
#include "wire-codec.h"

G_BEGIN_DECLS

typedef struct SyncHttp SyncHttp;

/* A handle with the options' timeouts, CA file and cancellable. Transfer full. */
SyncHttp *sync_http_new(const SyncClientOptions *o, GError **error);
void sync_http_free(SyncHttp *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SyncHttp, sync_http_free)

/*
** One request; token may be NULL (enrollment), body NULL for a GET.  FALSE
** is a transport failure (OFFLINE, TLS, CANCELLED, PROTOCOL); any answer,
** whatever its status, is TRUE with *status set.
*/
gboolean sync_http_do(SyncHttp *h, const char *method, const char *url, const char *token,
                      const char *body, gsize body_len, long *status, GError **error);
/* The last answer's bytes. Transfer none: valid until the next request. */
GByteArray *sync_http_answer(SyncHttp *h);
/* The last answer as a JSON object, NULL when it is not one. Transfer full. */
cJSON *sync_http_answer_json(SyncHttp *h);
/* The hub's {"error":{...}} of the last answer, through the wire table. */
void sync_http_answer_error(SyncHttp *h, SyncWireError *out);
/* "CODE: message" of a read error body, for people. Transfer full. */
char *sync_http_error_text(const SyncWireError *w);
/*
** An answer neither 200 nor handled by the caller: UNAUTHORIZED for 401 and
** 403 (with advice appended when not NULL), HTTP otherwise; the status and
** the hub's code as data.
*/
void sync_http_status_error(SyncHttp *h, const char *url, long status, const char *advice,
                            GError **error);
/* hub_url without trailing slashes, then path. Transfer full. */
char *sync_http_endpoint(const char *hub_url, const char *path);

/* What a till does about a 401 or 403 from its own hub. */
#define SYNC_TOKEN_ADVICE "the device token is unknown or revoked: enroll again"

/* A SYNC_ERROR with its data: status 0 and hub NULL for none. */
void sync_set_error_data(GError **error, SyncErrorCode code, long status,
                         const SyncWireError *hub, const char *reason, const char *fmt, ...)
  G_GNUC_PRINTF(6, 7);

/* A token wiped before it is freed, so it does not linger in freed heap. */
typedef char SyncSecret;
void sync_secret_free(char *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SyncSecret, sync_secret_free)

G_END_DECLS
#endif
