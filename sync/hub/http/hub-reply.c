/*
** hub-reply.c: the options' defaults and the shape of every answer, apart
** from the daemon and the routing (hub-server.c) that use them.
**
** Every error answer goes through hub_reply_error, whose status, code and
** default message come from one row of the wire table (wire-error.h), so
** a code never goes out with two different statuses; hub_reply_gerror
** decides which errors are the hub's own trouble and keep their details in
** the log.
*/
#include "hub-server-int.h"
#include <stdarg.h>
#include <string.h>

/* The limits of PROTOCOL.md, so a bare `serve` behaves as documented. */
void hub_server_options_init(HubServerOptions *o)
{
  memset(o, 0, sizeof *o);
  o->listen = g_strdup("127.0.0.1:8080");
  o->max_body = 4 * 1024 * 1024;
  o->max_events = 500;
  o->max_connections = 1024;
  o->timeout_s = 30;
  o->conn_memory = 64 * 1024;
  o->threads = CLAMP(g_get_num_processors() * 16, 32, 256);
  o->per_address = 64;
  o->header_timeout_s = 10;
  o->enroll_per_minute = 30;
  o->auth_failures_per_minute = 30;
  o->access_log = TRUE;
  o->warm_up = TRUE;
  o->report_cache_bytes = HUB_REPORT_CACHE_BYTES;
}

/* Options own their strings; clearing twice is harmless. */
void hub_server_options_clear(HubServerOptions *o)
{
  g_free(o->listen);
  g_free(o->tls_cert);
  g_free(o->tls_key);
  memset(o, 0, sizeof *o);
}

/* ---- Replies --------------------------------------------------------------- */

void hub_reply_json(HubReply *r, int status, char *body)
{
  g_free(r->body);
  r->status = status;
  r->content_type = "application/json";
  r->body = body;
  r->body_len = 0;
}

/*
** The one error shape of the protocol: the status, the code and the body
** all come from the code's row of the wire table (wire-error.h), so
** a code always goes out with the same status.  The code is remembered
** for the metrics.  A code that is not an answer's (a per-event verdict)
** is a bug here, answered as internal.
*/
void hub_reply_error(HubReply *r, SyncWireCode code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  const MposErrorInfo *info = sync_wire_info(code);
  if (info == NULL || sync_wire_code_is_verdict(code)) {
    g_warning("not an answer's error code: %d (%s)", (int)code, msg);
    code = SYNC_WIRE_INTERNAL;
    info = sync_wire_info(code);
    g_clear_pointer(&msg, g_free);   /* the row's own message */
  }
  hub_reply_json(r, info->http_status, sync_wire_error_body(code, msg));
  r->error_code = info->name;
}

/*
** HubErrors become answers through the two tables: the hub table says
** whether the error is the hub's own trouble (500: "internal", with the
** wire row's message and nothing about the database) or the caller's,
** whose code goes out with its message.  Another domain is always internal.
** A database out of reach is the hub's trouble too, but a passing one:
** its own code (503, Retry-After) so the till waits and retries, and
** still only the wire row's message, the server's words go to the log.
*/
void hub_reply_gerror(HubReply *r, const GError *error)
{
  SyncWireCode code = hub_error_wire_code(error);
  if (code == SYNC_WIRE_INTERNAL || code == SYNC_WIRE_DB_UNREACHABLE) {
    g_warning("%s: %s", code == SYNC_WIRE_INTERNAL ? "internal error" : "database unreachable",
              error->message);
    hub_reply_error(r, code, "%s", sync_wire_info(code)->message);
  } else {
    hub_reply_error(r, code, "%s", error->message);
  }
}
