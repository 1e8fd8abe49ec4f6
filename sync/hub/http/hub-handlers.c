/*
** hub-handlers.c: one function per endpoint of docs/PROTOCOL.md.
**
** By the time a handler runs, the router has checked the path, the method,
** the token and the role the route needs, and the body is complete and
** within its limit.  What is left here is the endpoint's own input, the
** scope check that needs the stall (which market, which stall), the store
** call and the JSON answer.  Store errors go through hub_reply_gerror so a
** code always maps to the same status.
*/
#include "hub-server-int.h"
#include <string.h>

/*
** A reader query, not the writer: a long batch never makes the hub look
** dead.  A store that cannot reach its database server makes the hub
** "degraded": the process is up and will reconnect by itself (the store's
** backoff), so a load balancer should hold traffic back for a while
** rather than restart it; any other failure is "unavailable".  Both 503,
** with Retry-After.
*/
void hub_handle_healthz(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  if (hub_store_ping(srv->store, &error))
    hub_reply_json(&req->reply, 200, g_strdup("{\"status\":\"ok\"}"));
  else if (g_error_matches(error, HUB_ERROR, HUB_ERROR_DB_UNREACHABLE))
    hub_reply_json(&req->reply, 503, g_strdup("{\"status\":\"degraded\"}"));
  else
    hub_reply_json(&req->reply, 503, g_strdup("{\"status\":\"unavailable\"}"));
}

/* The router already required an admin token for this route. */
void hub_handle_metrics(HubServer *srv, HubRequest *req)
{
  hub_reply_json(&req->reply, 200, hub_metrics_render(srv->metrics, srv->store, srv->warm, srv->reports,
                                                      pos_now_ms()));
  req->reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
}

/*
** The stored JSON went through the codec on the way in; decoding it again
** here gives the page typed fields to format and re-checks the document.
** Every path under /r/ comes here, so an id that is malformed or unknown
** gets the same plain HTML 404 page.
*/
void hub_handle_receipt(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(HubStall) stall = NULL;
  if (!pos_uuid_valid(req->arg) || !hub_store_receipt(srv->store, req->arg, &json, &stall, &error)) {
    if (error != NULL && !g_error_matches(error, HUB_ERROR, HUB_ERROR_NOT_FOUND)) {
      hub_reply_gerror(&req->reply, error);
      return;
    }
    /* a person with a phone followed a link: a page, not the API's JSON */
    hub_reply_json(&req->reply, 404, hub_html_not_found());
    req->reply.content_type = "text/html; charset=utf-8";
    return;
  }
  g_autoptr(cJSON) o = wire_json_parse_object(json, strlen(json), NULL);
  g_autoptr(PosSale) sale = o ? wire_sale_from_json(o, &error) : NULL;
  if (sale == NULL) {
    hub_reply_error(&req->reply, SYNC_WIRE_INTERNAL, "the stored receipt cannot be read");
    return;
  }
  hub_reply_json(&req->reply, 200, hub_html_receipt(sale, stall));
  req->reply.content_type = "text/html; charset=utf-8";
}

/* The body as a JSON object, or the strict reader's bad_json or bad_request reply. */
static cJSON *body_object(HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  cJSON *o = wire_json_parse_object((const char *)req->body->data, req->body->len, &error);
  if (o == NULL)
    hub_reply_error(&req->reply, (SyncWireCode)error->code, "%s", error->message);
  return o;
}

/* The stall with its market, as the wire's enroll answers show it. */
static WireStall wire_stall(const HubStall *s)
{
  WireStall w = {s->code, s->name, s->market_code, s->market_name};
  return w;
}

/*
** Fields are checked before the store is asked, so a malformed request
** never spends the code.
*/
void hub_handle_enroll(HubServer *srv, HubRequest *req)
{
  g_autoptr(cJSON) o = body_object(req);
  if (o == NULL)
    return;
  const char *code, *device, *name;
  g_autoptr(GError) bad = NULL;
  if (!wire_enroll_request_from_json(o, &code, &device, &name, &bad)) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST, "%s", bad->message);
    return;
  }
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(HubStall) stall = NULL;
  int64_t now = pos_now_ms();
  if (!hub_store_enroll(srv->store, code, device, now, &token, &stall, &error)) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  WireStall ws = wire_stall(stall);
  hub_reply_json(&req->reply, 200, wire_enroll_answer(token, &ws, now));
}

/*
** Decode outside the store's lock, then one transaction for the batch; a
** store failure answers 500 and nothing of the batch is kept.
*/
void hub_handle_events(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  int64_t now = pos_now_ms();
  g_autoptr(HubBatch) b = hub_batch_decode((const char *)req->body->data, req->body->len,
                                           srv->opts.max_events, now, &error);
  if (b == NULL) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  if (!hub_store_ingest(srv->store, req->who->stall_id, b->events, now, &error)) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  hub_metrics_events(srv->metrics, b->events);
  hub_reply_json(&req->reply, 200, hub_batch_answer(b, now));
}

/* Any valid token: tills pull the lines, offices show their names. */
void hub_handle_taxonomy(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = hub_store_taxonomy_list(srv->store, &error);
  if (lines == NULL) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  g_autoptr(cJSON) o = wire_taxonomy_new();
  for (guint i = 0; i < lines->len; i++) {
    const HubLine *l = g_ptr_array_index(lines, i);
    wire_taxonomy_add(o, l->code, l->name_ko, l->name_en);
  }
  hub_reply_json(&req->reply, 200, wire_json_print_cjson(o));
}

/* The stall of the path, checked against the principal; NULL when answered. */
static HubStall *scoped_stall(HubServer *srv, HubRequest *req, gboolean enroll)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HubStall) stall = hub_store_stall_get(srv->store, req->arg, &error);
  if (stall == NULL) {
    hub_reply_gerror(&req->reply, error);
    return NULL;
  }
  if (enroll ? !hub_principal_can_enroll(req->who, stall)
             : !hub_principal_can_read(req->who, stall)) {
    hub_reply_error(&req->reply, SYNC_WIRE_FORBIDDEN, "this token does not cover stall %s",
                    stall->code);
    return NULL;
  }
  return g_steal_pointer(&stall);
}

/* The rollup's amounts as the wire's (keys borrowed from a). Transfer full. */
static GArray *wire_amounts(const GPtrArray *a)
{
  GArray *out = wire_amounts_new();
  for (guint i = 0; i < a->len; i++) {
    const HubAmount *x = g_ptr_array_index(a, i);
    WireAmount w = {x->key, x->amount};
    g_array_append_val(out, w);
  }
  return out;
}

/*
** Days are validated before the stall is looked up, so a bad query costs no
** store work; the figures come from the rollups only.
*/
void hub_handle_summary(HubServer *srv, HubRequest *req)
{
  const char *from = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "from");
  const char *to = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "to");
  if (!wire_day_valid(from) || !wire_day_valid(to) || strcmp(from, to) > 0) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST,
                    "from and to must be days YYYY-MM-DD with from <= to");
    return;
  }
  g_autoptr(HubStall) stall = scoped_stall(srv, req, FALSE);
  if (stall == NULL)
    return;
  g_autoptr(GError) error = NULL;
  HubSummary s;
  if (!hub_store_summary(srv->store, stall->id, from, to, &s, &error)) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  g_auto(WireSummary) w = {stall->code, from, to, s.receipts, s.sales, s.voids,
                           s.refunds, s.total, s.taxable, s.supply, s.vat, s.exempt,
                           wire_amounts(s.by_tender), wire_amounts(s.by_line), s.last_sync_ms};
  g_autoptr(cJSON) o = wire_summary_to_json(&w);
  hub_summary_clear(&s);
  hub_reply_json(&req->reply, 200, wire_json_print_cjson(o));
}

/* Managers bring stalls of their markets in from the office (the QR is theirs to show). */
void hub_handle_enroll_code(HubServer *srv, HubRequest *req)
{
  g_autoptr(HubStall) stall = scoped_stall(srv, req, TRUE);
  if (stall == NULL)
    return;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  int64_t expires = 0;
  if (!hub_store_enroll_code_new(srv->store, stall->code, pos_now_ms(), &code, &expires,
                                 &error)) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  WireStall ws = wire_stall(stall);
  hub_reply_json(&req->reply, 200, wire_enroll_code_answer(code, &ws, expires));
}
