/*
** hub-handlers-program.c: the market-doctor program's endpoints
** (docs/PROTOCOL.md): a market's engagements, listed and added, the impact
** report of one, and the managers' Onnuri review list.
**
** Who may: an admin, and the managers and consultants of that market (the
** same scope as the market's reports); a till's token never.  The reports
** are built by the functions `market-report --db` uses (hub-impact.h,
** hub-onnuri.h), so the file and the answer are the same bytes.
*/
#include "hub-server-int.h"
#include "hub-engagement.h"
#include "hub-impact.h"
#include "hub-onnuri.h"
#include <string.h>

/* The path's market for a user allowed to read it; NULL when answered. */
static gboolean market_in_scope(HubServer *srv, HubRequest *req)
{
  g_autoptr(GPtrArray) markets = hub_user_market_list(srv, req);
  return markets != NULL && hub_scoped_market(req, markets) != NULL;
}

static cJSON *engagement_json(const HubEngagement *e)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "id", (double)e->id);
  cJSON_AddStringToObject(o, "start", e->start);
  cJSON_AddStringToObject(o, "label", e->label);
  cJSON *stalls = cJSON_AddArrayToObject(o, "stalls");
  for (guint k = 0; k < e->stalls->len; k++)
    cJSON_AddItemToArray(stalls, cJSON_CreateString(e->stalls->pdata[k]));
  cJSON_AddNumberToObject(o, "created_ms", (double)e->created_ms);
  return o;
}

/* {"market": CODE, "engagements": [{id, start, label, stalls, created_ms}]} by id. */
void hub_handle_engagements(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  if (!market_in_scope(srv, req))
    return;
  g_autoptr(GPtrArray) all = hub_store_engagement_list(srv->store, req->arg, &error);
  if (all == NULL) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "market", req->arg);
  cJSON *list = cJSON_AddArrayToObject(o, "engagements");
  for (guint i = 0; i < all->len; i++)
    cJSON_AddItemToArray(list, engagement_json(g_ptr_array_index(all, i)));
  hub_reply_json(&req->reply, 200, wire_json_print_cjson(o));
}

/*
** {"stalls": [CODE...], "start": DAY, "label": TEXT?} -> 200 {"id": N}.
** The shape is checked here, the values by the store (bad_request,
** not_found), which stores nothing on any error.
*/
void hub_handle_engagement_add(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  if (!market_in_scope(srv, req))
    return;
  g_autoptr(cJSON) o = wire_json_parse_object((const char *)req->body->data, req->body->len,
                                              &error);
  if (o == NULL) {
    hub_reply_error(&req->reply, (SyncWireCode)error->code, "%s", error->message);
    return;
  }
  const cJSON *stalls = cJSON_GetObjectItemCaseSensitive(o, "stalls");
  const cJSON *start = cJSON_GetObjectItemCaseSensitive(o, "start");
  const cJSON *label = cJSON_GetObjectItemCaseSensitive(o, "label");
  gboolean ok = cJSON_IsArray(stalls) && cJSON_IsString(start)
                && (label == NULL || cJSON_IsString(label));
  g_autoptr(GPtrArray) codes = g_ptr_array_new();
  const cJSON *s, *items = ok ? stalls : NULL;
  cJSON_ArrayForEach(s, items) {
    ok = ok && cJSON_IsString(s);
    if (ok)
      g_ptr_array_add(codes, s->valuestring);
  }
  if (!ok) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST,
                    "want {\"stalls\": [codes], \"start\": \"YYYY-MM-DD\", \"label\": text}");
    return;
  }
  int64_t id = 0;
  if (!hub_store_engagement_add(srv->store, req->arg, (const char *const *)codes->pdata,
                                codes->len, start->valuestring,
                                label ? label->valuestring : NULL, &id, &error)) {
    hub_reply_gerror(&req->reply, error);
    return;
  }
  g_autoptr(cJSON) answer = cJSON_CreateObject();
  cJSON_AddNumberToObject(answer, "id", (double)id);
  hub_reply_json(&req->reply, 200, wire_json_print_cjson(answer));
}

/* Bytes of a report as the answer, with the format's content type. */
static void reply_bytes(HubRequest *req, GBytes *bytes, HubReportFormat format)
{
  gsize len = 0;
  gpointer data = g_bytes_unref_to_data(bytes, &len);
  g_free(req->reply.body);
  req->reply.status = 200;
  req->reply.content_type = hub_report_content_type(format);
  req->reply.body = data;
  req->reply.body_len = len;
}

/* ?to=DAY&format=json|csv|csv-ko|pdf|xlsx; an engagement of another market is not found here. */
void hub_handle_impact(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *to = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "to");
  const char *fmt = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "format");
  HubReportFormat format;
  char *end = NULL;
  gint64 id = g_ascii_strtoll(req->kind, &end, 10);
  if (end == req->kind || *end != '\0' || id <= 0) {
    hub_reply_error(&req->reply, SYNC_WIRE_NOT_FOUND, "no engagement %s", req->kind);
    return;
  }
  if (!hub_report_format_parse(fmt ? fmt : "json", &format) || format == HUB_FORMAT_TEXT) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST,
                    "format must be json, csv, csv-ko, pdf or xlsx");
    return;
  }
  if (!market_in_scope(srv, req))
    return;
  g_autoptr(HubEngagement) e = hub_store_engagement_get(srv->store, id, &error);
  if (e == NULL || strcmp(e->market_code, req->arg) != 0) {
    if (e != NULL)
      hub_reply_error(&req->reply, SYNC_WIRE_NOT_FOUND, "no engagement %s in market %s",
                      req->kind, req->arg);
    else
      hub_reply_gerror(&req->reply, error);
    return;
  }
  GBytes *bytes = hub_impact_build(srv->store, id, to, format, &error);
  if (bytes == NULL)
    hub_reply_gerror(&req->reply, error);
  else
    reply_bytes(req, bytes, format);
}

/* GET /v1/markets/CODE/reports/onnuri?from&to[&special=FROM:TO,...][&format]. */
void hub_handle_onnuri(HubServer *srv, HubRequest *req)
{
  g_autoptr(GError) error = NULL;
  const char *from = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "from");
  const char *to = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "to");
  const char *fmt = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "format");
  const char *special = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "special");
  HubReportFormat format;
  AnPeriod period;
  if (!hub_report_format_parse(fmt ? fmt : "json", &format) || format == HUB_FORMAT_TEXT) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST,
                    "format must be json, csv, csv-ko, pdf or xlsx");
    return;
  }
  if (from == NULL || to == NULL || !an_period_parse(from, to, &period, NULL)) {
    hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST, "from and to must be days in order");
    return;
  }
  g_auto(GStrv) weeks = g_strsplit(special ? special : "", ",", -1);
  guint n = special && *special ? g_strv_length(weeks) : 0;
  g_autofree AnPeriod *periods = g_new0(AnPeriod, n + 1);
  for (guint i = 0; i < n; i++) {
    g_auto(GStrv) days = g_strsplit(weeks[i], ":", -1);
    if (g_strv_length(days) != 2 || !an_period_parse(days[0], days[1], &periods[i], NULL)) {
      hub_reply_error(&req->reply, SYNC_WIRE_BAD_REQUEST,
                      "special is FROM:TO[,FROM:TO...], days in order");
      return;
    }
  }
  if (!market_in_scope(srv, req))
    return;
  GBytes *bytes = hub_onnuri_build(srv->store, req->arg, from, to, periods, n, format, &error);
  if (bytes == NULL)
    hub_reply_gerror(&req->reply, error);
  else
    reply_bytes(req, bytes, format);
}
