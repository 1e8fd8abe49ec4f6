/*
** hub-handlers-market.c: the endpoints the office app reads a market with:
** the markets a token may read, a market's stalls with their sync state, and
** the analytics reports (docs/PROTOCOL.md).
**
** These are user endpoints: a till's device token reads its own stall's
** summary, never a market.  A report is built by hub_report_build, the same
** function `market-report --db` uses, so the API and the file agree byte
** for byte; it runs on the connection's own thread and a reader connection,
** so a long PDF never holds up ingest.  A question asked again while the
** data stands is answered from the server's report cache
** (hub-report-cache.h): the same bytes, without building them again.
*/
#include "hub-server-int.h"
#include "hub-report.h"
#include <string.h>

/* The market of the path, checked against the principal; NULL when answered. */
HubMarket *hub_scoped_market(HubRequest *req, GPtrArray *markets)
{
  for (guint i = 0; i < markets->len; i++) {
    HubMarket *m = g_ptr_array_index(markets, i);
    if (strcmp(m->code, req->arg) != 0)
      continue;
    if (!hub_principal_can_read_market(req->who, m->id)) {
      hub_reply_error(&req->reply, SYNC_WIRE_FORBIDDEN, "this token does not cover market %s",
                      m->code);
      return NULL;
    }
    return m;
  }
  hub_reply_error(&req->reply, SYNC_WIRE_NOT_FOUND, "no market %s", req->arg);
  return NULL;
}

static gboolean users_only(HubRequest *req)
{
  if (req->who->role != HUB_ROLE_DEVICE)
    return TRUE;
  hub_reply_error(&req->reply, SYNC_WIRE_FORBIDDEN,
                  "a till's token reads its own stall, not a market");
  return FALSE;
}

/*
** The opening every market endpoint shares: refuse a till's token, then list
** the markets.  NULL when the request has been answered (forbidden, or the
** store failed); the caller owns the array.
*/
GPtrArray *hub_user_market_list(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  if (!users_only(req))
    return NULL;
  GPtrArray *markets = hub_store_market_list(srv->store, &error);
  if (markets == NULL)
    hub_reply_gerror(&req->reply, error);
  return markets;
}

void hub_handle_markets(HubServer *srv, HubRequest *req)
{
  g_autoptr(GPtrArray) markets = hub_user_market_list(srv, req);
  if (markets == NULL)
    return;
  g_autoptr(cJSON) o = wire_markets_new();
  for (guint i = 0; i < markets->len; i++) {
    const HubMarket *m = g_ptr_array_index(markets, i);
    if (!hub_principal_can_read_market(req->who, m->id))
      continue;
    wire_markets_add(o, m->code, m->name, m->n_stalls);
  }
  hub_reply_json(&req->reply, 200, wire_json_print_cjson(o));
}

void hub_handle_market_stalls(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) markets = hub_user_market_list(srv, req);
  if (markets == NULL)
    return;
  const HubMarket *m = hub_scoped_market(req, markets);
  if (m == NULL)
    return;
  g_autoptr(GPtrArray) stalls = hub_store_stall_list(srv->store, m->code, &error);
  if (stalls == NULL) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  g_autoptr(cJSON) o = wire_market_stalls_new(m->code);
  for (guint i = 0; i < stalls->len; i++) {
    const HubStall *s = g_ptr_array_index(stalls, i);
    wire_market_stalls_add(o, s->code, s->name, s->last_sync_ms);
  }
  hub_reply_json(&req->reply, 200, wire_json_print_cjson(o));
}

/*
** Query checks come first (they cost nothing), then the scope, then the
** report.  The body may be binary (PDF): its length is given explicitly.
*/
void hub_handle_report(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *from = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "from");
  const char *to = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "to");
  const char *cmp = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "compare");
  const char *fmt = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "format");
  HubReportQuery q;
  if (strcmp(req->kind, "onnuri") == 0) {   /* its own query: hub-handlers-program.c */
    hub_handle_onnuri(srv, req);
    return;
  }
  if (!hub_report_query_parse(req->kind, from, to, cmp, fmt, &q, &error)) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  g_autoptr(GPtrArray) markets = hub_user_market_list(srv, req);
  if (markets == NULL)
    return;
  if (hub_scoped_market(req, markets) == NULL)
    return;
  g_autoptr(GBytes) bytes = hub_report_cache_get(srv->reports, srv->store, q.kind, req->arg,
                                                 from, to, q.compare, q.format, NULL, &error);
  if (bytes == NULL) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  gsize len = 0;
  gpointer data = g_bytes_unref_to_data(g_steal_pointer(&bytes), &len);
  g_free(req->reply.body);
  req->reply.status = 200;
  req->reply.content_type = hub_report_content_type(q.format);
  req->reply.body = data;
  req->reply.body_len = len;
}
