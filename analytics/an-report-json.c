/*
** an-report-json.c: the reports as one JSON object each.
**
** Shape: {"report", "version", "market", "period", "compare", "as_of",
** "config", "totals", "summary", "rows"}.  The row fields pinned by the
** issue (docs/ANALYTICS.md lists them) never change; others may be added.
**
** Numbers are written as raw tokens that we format ourselves: won as exact
** integers (a double would round above 2^53), ratios with ten significant
** digits through g_ascii_formatd (no locale comma).  An undefined ratio, and
** any non-finite value that slipped through, is null: JSON has no NaN.
*/
#include "mb-clock.h"
#include "an-int.h"
#include <math.h>

#define AN_JSON_VERSION 1

/* Exact integers, even above 2^53 where a double would round. */
static void put_int(cJSON *obj, const char *key, int64_t v)
{
  char buf[32];
  g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64)v);
  cJSON_AddItemToObject(obj, key, cJSON_CreateRaw(buf));
}

/* A ratio or null; never NaN or Infinity, which are not JSON. */
static cJSON *ratio_item(AnRatio r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!r.defined || !isfinite(r.value))
    return cJSON_CreateNull();
  g_ascii_formatd(buf, sizeof buf, "%.10g", r.value == 0 ? 0.0 : r.value);
  return cJSON_CreateRaw(buf);
}

/* See ratio_item. */
static void put_ratio(cJSON *obj, const char *key, AnRatio r)
{
  cJSON_AddItemToObject(obj, key, ratio_item(r));
}

/* NULL becomes null rather than "". */
static void put_str(cJSON *obj, const char *key, const char *s)
{
  cJSON_AddItemToObject(obj, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

/* Days as ISO strings. */
static void put_day(cJSON *obj, const char *key, AnDay d)
{
  char buf[AN_DAY_ISO_LEN];
  an_day_format(d, buf);
  put_str(obj, key, buf);
}

/* An explain or summary array. */
static cJSON *strings(const GPtrArray *a)
{
  cJSON *arr = cJSON_CreateArray();
  for (guint i = 0; a != NULL && i < a->len; i++)
    cJSON_AddItemToArray(arr, cJSON_CreateString(g_ptr_array_index(a, i)));
  return arr;
}

/* A period with its length, so readers need no date arithmetic. */
static cJSON *period_obj(AnPeriod p)
{
  cJSON *o = cJSON_CreateObject();
  put_day(o, "from", p.from);
  put_day(o, "to", p.to);
  put_int(o, "days", an_period_days(p));
  return o;
}

/*
** The settings used, grouped as in the key file: a figure can be traced to
** the thresholds that made it.
*/
static cJSON *config_obj(const AnConfig *c)
{
  cJSON *o = cJSON_CreateObject();
  guint n;
  const AnConfigKey *keys = an_config_keys(&n);
  for (guint i = 0; i < n; i++) {
    cJSON *group = cJSON_GetObjectItemCaseSensitive(o, keys[i].group);
    double v = an_config_value(c, &keys[i]);
    if (group == NULL)
      cJSON_AddItemToObject(o, keys[i].group, group = cJSON_CreateObject());
    if (keys[i].kind == AN_CONFIG_DOUBLE)
      put_ratio(group, keys[i].key, an_ratio(v));
    else
      put_int(group, keys[i].key, (int64_t)v);
  }
  return o;
}

/* The score taken apart: each part's value (0..1 or null) and weight. */
static cJSON *parts_array(const AnScorePart *parts)
{
  cJSON *arr = cJSON_CreateArray();
  for (guint i = 0; i < AN_SCORE_PARTS; i++) {
    cJSON *p = cJSON_CreateObject();
    put_str(p, "name", parts[i].name);
    put_str(p, "label", parts[i].label);
    put_ratio(p, "value", parts[i].value);
    put_ratio(p, "weight", an_ratio(parts[i].weight));
    cJSON_AddItemToArray(arr, p);
  }
  return arr;
}

/* The envelope every report shares; rows and totals are added by the caller. */
static cJSON *envelope(const char *kind, const AnReportHead *h, const AnReportSet *set)
{
  cJSON *o = cJSON_CreateObject(), *m = cJSON_CreateObject();
  g_autoptr(GPtrArray) summary = an_report_summary(set);
  g_autofree char *as_of = mb_clock_iso(h->query.as_of_ms);
  put_str(o, "report", kind);
  put_int(o, "version", AN_JSON_VERSION);
  put_str(m, "code", h->market_code);
  put_str(m, "name", h->market_name);
  cJSON_AddItemToObject(o, "market", m);
  cJSON_AddItemToObject(o, "period", period_obj(h->query.period));
  if (h->query.compare == AN_COMPARE_NONE) {
    cJSON_AddNullToObject(o, "compare");
  } else {
    cJSON *c = period_obj(h->query.compare_period);
    put_str(c, "mode", an_compare_name(h->query.compare));
    cJSON_AddItemToObject(o, "compare", c);
  }
  put_str(o, "as_of", as_of);
  cJSON_AddItemToObject(o, "config", config_obj(&h->query.config));
  cJSON_AddItemToObject(o, "summary", strings(summary));
  return o;
}

/* Compact output (reports are large), one trailing newline. */
static char *finish(cJSON *o)
{
  char *text = cJSON_PrintUnformatted(o);
  char *out = g_strconcat(text, "\n", NULL);
  cJSON_free(text);
  cJSON_Delete(o);
  return out;
}

/*
** Every report opens alike: the envelope, then its "totals" as every
** report starts them (the market's revenue of the period and of the
** compared one, and the growth between them), then an empty "rows".  The
** caller adds its own totals to *totals and its rows to *rows; the keys
** keep the pinned order (envelope, totals, rows).
*/
static cJSON *report_open(const char *kind, const AnReportHead *h, const AnReportSet *set,
                          int64_t revenue, int64_t prev_revenue, AnRatio growth,
                          cJSON **totals, cJSON **rows)
{
  cJSON *o = envelope(kind, h, set);
  cJSON *compare = cJSON_GetObjectItemCaseSensitive(o, "compare");
  if (cJSON_IsObject(compare))   /* last year may predate the market's data */
    cJSON_AddBoolToObject(compare, "has_data", prev_revenue != 0);
  *totals = cJSON_CreateObject();
  put_int(*totals, "revenue", revenue);
  put_int(*totals, "prev_revenue", prev_revenue);
  put_ratio(*totals, "growth", growth);
  cJSON_AddItemToObject(o, "totals", *totals);
  *rows = cJSON_CreateArray();
  cJSON_AddItemToObject(o, "rows", *rows);
  return o;
}

/* Lines: pinned fields first, then the detail. */
char *an_lines_to_json(const AnLinesReport *r)
{
  AnReportSet set = { r, NULL, NULL };
  cJSON *t, *rows;
  cJSON *o = report_open("lines", &r->head, &set, r->revenue, r->prev_revenue, r->growth, &t,
                         &rows);
  put_int(t, "receipts", r->receipts);
  put_int(t, "city_revenue", r->city_revenue);
  put_int(t, "city_prev_revenue", r->city_prev_revenue);
  put_ratio(t, "city_growth", r->city_growth);
  put_int(t, "city_markets", r->city_markets);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    cJSON *j = cJSON_CreateObject();
    put_str(j, "line", l->code);
    put_str(j, "name", l->name);
    put_int(j, "rank", l->rank);
    put_int(j, "revenue", l->revenue);
    put_int(j, "prev_revenue", l->prev_revenue);
    put_ratio(j, "share", l->share);
    put_ratio(j, "growth", l->growth);
    put_ratio(j, "lq", l->lq);
    put_int(j, "stalls", l->stalls);
    put_ratio(j, "hhi", l->hhi);
    put_ratio(j, "penetration", l->penetration);
    put_ratio(j, "price_index", l->price_index);
    put_ratio(j, "score", l->score);
    put_str(j, "verdict", an_verdict_name(l->verdict));
    put_str(j, "verdict_ko", an_verdict_label(l->verdict));
    put_ratio(j, "confidence", l->confidence);
    cJSON_AddBoolToObject(j, "fragile", l->fragile);
    cJSON_AddBoolToObject(j, "above_floor", l->above_floor);
    put_ratio(j, "city_share", l->city_share);
    put_ratio(j, "city_growth", l->city_growth);
    put_int(j, "qty_milli", l->qty_milli);
    put_int(j, "receipts", l->receipts);
    if (l->shift_defined) {
      cJSON *ss = cJSON_CreateObject();
      put_int(ss, "national", l->national);
      put_int(ss, "industry_mix", l->industry_mix);
      put_int(ss, "competitive", l->competitive);
      cJSON_AddItemToObject(j, "shift_share", ss);
    } else {
      cJSON_AddNullToObject(j, "shift_share");
    }
    cJSON_AddItemToObject(j, "score_parts", parts_array(l->parts));
    cJSON_AddItemToObject(j, "explain", strings(l->explain));
    cJSON_AddItemToArray(rows, j);
  }
  return finish(o);
}

/* The fields a store row and a stall row share, in the pinned order. */
static void put_stall_head(cJSON *j, AnStallHead h)
{
  put_str(j, "stall", h.code);
  put_str(j, "name", h.name);
  put_int(j, "rank", h.rank);
  put_int(j, "revenue", h.revenue);
  put_int(j, "prev_revenue", h.prev_revenue);
  put_ratio(j, "growth", h.growth);
  put_int(j, "receipts", h.receipts);
  if (h.avg_ticket_defined)
    put_int(j, "avg_ticket", h.avg_ticket);
  else
    cJSON_AddNullToObject(j, "avg_ticket");
  put_int(j, "active_days", h.active_days);
}

/* Stores: avg_ticket is null, not 0, when there were no receipts. */
char *an_stores_to_json(const AnStoresReport *r)
{
  AnReportSet set = { NULL, r, NULL };
  cJSON *t, *rows;
  cJSON *o = report_open("stores", &r->head, &set, r->revenue, r->prev_revenue, r->growth, &t,
                         &rows);
  cJSON_AddItemToObject(t, "competitive_lines", strings(r->competitive_lines));
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStoreRow *s = g_ptr_array_index(r->rows, i);
    cJSON *j = cJSON_CreateObject();
    char abc[2] = { s->abc, '\0' };
    put_stall_head(j, AN_STALL_HEAD(s));
    put_ratio(j, "stability", s->stability);
    put_ratio(j, "score", s->score);
    put_str(j, "abc", abc);
    cJSON_AddBoolToObject(j, "core", s->core);
    put_ratio(j, "confidence", s->confidence);
    cJSON_AddBoolToObject(j, "fragile", s->fragile);
    cJSON_AddBoolToObject(j, "sole_seller", s->sole_seller);
    put_str(j, "main_line", s->main_line);
    put_ratio(j, "relative_share", s->relative_share);
    put_ratio(j, "competitive_weight", s->competitive_weight);
    cJSON_AddItemToObject(j, "score_parts", parts_array(s->parts));
    cJSON_AddItemToObject(j, "explain", strings(s->explain));
    cJSON_AddItemToArray(rows, j);
  }
  return finish(o);
}

/*
** The per-day and per-hour series are the bulk of a stalls report (a year
** of 200 stalls is 73,000 days): they are written straight into one raw
** token each, as columns, instead of a cJSON node per figure, which made
** the report five times slower than its measures.
**   daily: {"from", "to", "revenue": [...], "receipts": [...]}, one entry
**          a day from "from" (zeros included)
**   heatmap: {"weekdays": ["mon".."sun"], "revenue": [7 x [24]],
**             "receipts": [7 x [24]]}
*/
static void append_ints(GString *s, const int64_t *v, gsize n)
{
  g_string_append_c(s, '[');
  for (gsize i = 0; i < n; i++) {
    if (i)
      g_string_append_c(s, ',');
    an_string_append_int(s, v[i]);
  }
  g_string_append_c(s, ']');
}

/* See the comment above append_ints. */
static cJSON *daily_series(const GArray *daily)
{
  g_autoptr(GString) s = g_string_sized_new(32 + daily->len * 16);
  const AnDailyPoint *p = (const AnDailyPoint *)(const void *)daily->data;
  char from[AN_DAY_ISO_LEN] = "", to[AN_DAY_ISO_LEN] = "";
  if (daily->len > 0) {
    an_day_format(p[0].day, from);
    an_day_format(p[daily->len - 1].day, to);
  }
  g_string_append_printf(s, "{\"from\":\"%s\",\"to\":\"%s\",\"revenue\":", from, to);
  for (guint i = 0; i < daily->len; i++) {
    g_string_append_c(s, i ? ',' : '[');
    an_string_append_int(s, p[i].revenue);
  }
  g_string_append(s, daily->len ? "],\"receipts\":" : "[],\"receipts\":");
  for (guint i = 0; i < daily->len; i++) {
    g_string_append_c(s, i ? ',' : '[');
    an_string_append_int(s, p[i].receipts);
  }
  g_string_append(s, daily->len ? "]}" : "[]}");
  return cJSON_CreateRaw(s->str);
}

/* See the comment above append_ints. */
static cJSON *heatmap(const int64_t rev[AN_WEEKDAYS][AN_HOURS],
                      const int64_t rcpt[AN_WEEKDAYS][AN_HOURS])
{
  g_autoptr(GString) s = g_string_sized_new(2048);
  g_string_append(s, "{\"weekdays\":[\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"],"
                     "\"revenue\":[");
  for (int d = 0; d < AN_WEEKDAYS; d++) {
    if (d)
      g_string_append_c(s, ',');
    append_ints(s, rev[d], AN_HOURS);
  }
  g_string_append(s, "],\"receipts\":[");
  for (int d = 0; d < AN_WEEKDAYS; d++) {
    if (d)
      g_string_append_c(s, ',');
    append_ints(s, rcpt[d], AN_HOURS);
  }
  g_string_append(s, "]}");
  return cJSON_CreateRaw(s->str);
}

/* Stalls: last_sync is null for a stall that never synced. */
char *an_stalls_to_json(const AnStallsReport *r)
{
  AnReportSet set = { NULL, NULL, r };
  cJSON *t, *rows;
  cJSON *o = report_open("stalls", &r->head, &set, r->revenue, r->prev_revenue, r->growth, &t,
                         &rows);
  put_int(t, "receipts", r->receipts);
  put_ratio(t, "onnuri_share", r->onnuri_share);
  cJSON_AddItemToObject(t, "daily", daily_series(r->daily));
  cJSON_AddItemToObject(t, "heatmap", heatmap(r->heat_revenue, r->heat_receipts));
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStallRow *s = g_ptr_array_index(r->rows, i);
    cJSON *j = cJSON_CreateObject(), *pay = cJSON_CreateArray();
    put_stall_head(j, AN_STALL_HEAD(s));
    put_ratio(j, "percentile", s->percentile);
    put_ratio(j, "onnuri_share", s->onnuri_share);
    cJSON_AddBoolToObject(j, "onnuri_flag", s->onnuri_flag);
    if (s->last_sync_ms < 0) {
      cJSON_AddNullToObject(j, "last_sync");
      cJSON_AddNullToObject(j, "last_sync_ms");
    } else {
      g_autofree char *iso = mb_clock_iso(s->last_sync_ms);
      put_str(j, "last_sync", iso);
      put_int(j, "last_sync_ms", s->last_sync_ms);
    }
    cJSON_AddBoolToObject(j, "stale", s->stale);
    for (guint k = 0; k < s->payment->len; k++) {
      const AnTenderShare *p = &g_array_index(s->payment, AnTenderShare, k);
      cJSON *pj = cJSON_CreateObject();
      put_str(pj, "method", p->method);
      put_int(pj, "amount", p->amount);
      put_ratio(pj, "share", p->share);
      cJSON_AddItemToArray(pay, pj);
    }
    cJSON_AddItemToObject(j, "payment", pay);
    cJSON_AddItemToObject(j, "daily", daily_series(s->daily));
    cJSON_AddItemToObject(j, "heatmap", heatmap(s->heat_revenue, s->heat_receipts));
    cJSON_AddItemToObject(j, "explain", strings(s->explain));
    cJSON_AddItemToArray(rows, j);
  }
  return finish(o);
}
