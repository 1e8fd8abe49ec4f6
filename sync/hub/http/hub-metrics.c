/*
** hub-metrics.c: counters of the running hub and their Prometheus text
** exposition (format 0.0.4) for GET /metrics.
**
** Every label set is fixed in advance (routes, status codes, error codes,
** histogram buckets), so the counters are plain arrays under one mutex and
** a client cannot grow the metrics by sending odd paths.  The per-stall
** sync freshness is not counted here but asked of the store at scrape time.
*/
#include "hub-server-int.h"
#include <string.h>

static const char *const route_names[HUB_ROUTE_N] = {
  "/healthz", "/metrics", "/r", "/v1/enroll", "/v1/events", "/v1/taxonomy",
  "/v1/stalls/summary", "/v1/stalls/enroll-code", "/v1/markets", "/v1/markets/stalls",
  "/v1/markets/reports", "other"};

/* Route patterns, not paths: a label set that clients cannot grow. */
const char *hub_route_name(HubRoute route)
{
  return (unsigned)route < HUB_ROUTE_N ? route_names[route] : "other";
}

static const int statuses[] = {200, 400, 401, 403, 404, 405, 408, 409, 413, 500, 503, 0};
#define N_STATUS G_N_ELEMENTS(statuses)

static const char *const codes[] = {
  "bad_json", "bad_request", "unauthorized", "forbidden", "not_found",
  "unsupported_version", "method_not_allowed", "code_used", "too_large", "timeout",
  "busy", "internal", "unreconciled", "unknown_original", "wrong_stall", "other"};
#define N_CODES G_N_ELEMENTS(codes)

static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.25,  0.5,    1,     2.5,  5,    10};
/* The labels as text: Prometheus wants '.' whatever the process locale. */
static const char *const bucket_labels[] = {"0.001", "0.0025", "0.005", "0.01", "0.025",
                                            "0.05",  "0.1",    "0.25",  "0.5",  "1",
                                            "2.5",   "5",      "10"};
#define N_BUCKETS G_N_ELEMENTS(buckets)

struct HubMetrics {
  GMutex lock;
  guint64 requests[HUB_ROUTE_N][N_STATUS];
  guint64 rejects[N_CODES];
  guint64 accepted, duplicate, rejected, skewed;
  guint64 hist[N_BUCKETS + 1];     /* the last is +Inf */
  double latency_sum;
  guint64 latency_count;
};

/* Counters start at zero with the process, as Prometheus expects. */
HubMetrics *hub_metrics_new(void)
{
  HubMetrics *m = g_new0(HubMetrics, 1);
  g_mutex_init(&m->lock);
  return m;
}

/* NULL-safe, for the server's error paths. */
void hub_metrics_free(HubMetrics *m)
{
  if (m == NULL)
    return;
  g_mutex_clear(&m->lock);
  g_free(m);
}

/* Indexes are found before the lock; the lock only covers the increments. */
void hub_metrics_request(HubMetrics *m, HubRoute route, int status, double seconds)
{
  guint s = 0, b = 0;
  while (s < N_STATUS - 1 && statuses[s] != status)
    s++;
  while (b < N_BUCKETS && seconds > buckets[b])
    b++;
  g_mutex_lock(&m->lock);
  m->requests[(unsigned)route < HUB_ROUTE_N ? route : HUB_ROUTE_OTHER][s]++;
  m->hist[b]++;
  m->latency_sum += seconds;
  m->latency_count++;
  g_mutex_unlock(&m->lock);
}

/* An unknown code counts as "other" rather than growing the label set. */
static guint code_index(const char *code)
{
  guint i = 0;
  while (i < N_CODES - 1 && g_strcmp0(codes[i], code) != 0)
    i++;
  return i;
}

/* Request-level refusals (bad_json, unauthorized, too_large...). */
void hub_metrics_reject(HubMetrics *m, const char *code)
{
  guint i = code_index(code);
  g_mutex_lock(&m->lock);
  m->rejects[i]++;
  g_mutex_unlock(&m->lock);
}

/* Per-event outcomes of a stored batch, and the codes of its rejections. */
void hub_metrics_events(HubMetrics *m, const GPtrArray *events)
{
  g_mutex_lock(&m->lock);
  for (guint i = 0; i < events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(events, i);
    if (ev->status == HUB_STATUS_ACCEPTED) {
      m->accepted++;
      m->skewed += ev->skewed;
    } else if (ev->status == HUB_STATUS_DUPLICATE) {
      m->duplicate++;
    } else {
      m->rejected++;
      m->rejects[code_index(ev->code)]++;
    }
  }
  g_mutex_unlock(&m->lock);
}

/* Sync freshness windows for mhub_stalls_synced_within. */
static const int64_t windows_ms[] = {3600000LL, 86400000LL, 7 * 86400000LL};
static const char *const window_names[] = {"1h", "1d", "7d"};

/*
** The store is asked before the counters are locked, so a slow query never
** holds up request threads; a store failure shows as mhub_up 0.
*/
char *hub_metrics_render(HubMetrics *m, HubStore *store, int64_t now_ms)
{
  int64_t synced[G_N_ELEMENTS(windows_ms)] = {0}, n_stalls = 0;
  gboolean store_ok = hub_store_sync_windows(store, now_ms, windows_ms,
                                             G_N_ELEMENTS(windows_ms), synced, &n_stalls,
                                             NULL);
  GString *s = g_string_sized_new(4096);
  g_mutex_lock(&m->lock);
  g_string_append(s, "# HELP mhub_requests_total HTTP requests by route and status.\n"
                     "# TYPE mhub_requests_total counter\n");
  for (int r = 0; r < HUB_ROUTE_N; r++)
    for (guint k = 0; k < N_STATUS; k++)
      if (m->requests[r][k])
        g_string_append_printf(s, "mhub_requests_total{path=\"%s\",code=\"%d\"} %" G_GUINT64_FORMAT "\n",
                               route_names[r], statuses[k], m->requests[r][k]);
  g_string_append_printf(
    s, "# HELP mhub_events_ingested_total Events of batches by outcome.\n"
       "# TYPE mhub_events_ingested_total counter\n"
       "mhub_events_ingested_total{status=\"accepted\"} %" G_GUINT64_FORMAT "\n"
       "mhub_events_ingested_total{status=\"duplicate\"} %" G_GUINT64_FORMAT "\n"
       "mhub_events_ingested_total{status=\"rejected\"} %" G_GUINT64_FORMAT "\n"
       "# HELP mhub_events_skewed_total Accepted events whose clock was off by over 5 min.\n"
       "# TYPE mhub_events_skewed_total counter\n"
       "mhub_events_skewed_total %" G_GUINT64_FORMAT "\n",
    m->accepted, m->duplicate, m->rejected, m->skewed);
  g_string_append(s, "# HELP mhub_rejects_total Refused requests and events by error code.\n"
                     "# TYPE mhub_rejects_total counter\n");
  for (guint i = 0; i < N_CODES; i++)
    g_string_append_printf(s, "mhub_rejects_total{code=\"%s\"} %" G_GUINT64_FORMAT "\n",
                           codes[i], m->rejects[i]);
  g_string_append(s, "# HELP mhub_request_seconds Time from request headers to answer.\n"
                     "# TYPE mhub_request_seconds histogram\n");
  guint64 cum = 0;
  for (guint b = 0; b <= N_BUCKETS; b++) {
    cum += m->hist[b];
    if (b < N_BUCKETS)
      g_string_append_printf(s, "mhub_request_seconds_bucket{le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                             bucket_labels[b], cum);
    else
      g_string_append_printf(s, "mhub_request_seconds_bucket{le=\"+Inf\"} %" G_GUINT64_FORMAT "\n",
                             cum);
  }
  char sum[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(sum, sizeof sum, "%.6f", m->latency_sum);
  g_string_append_printf(s, "mhub_request_seconds_sum %s\nmhub_request_seconds_count %"
                            G_GUINT64_FORMAT "\n", sum, m->latency_count);
  g_mutex_unlock(&m->lock);
  if (store_ok) {
    g_string_append(s, "# HELP mhub_stalls_synced_within Stalls whose last sync is recent.\n"
                       "# TYPE mhub_stalls_synced_within gauge\n");
    for (guint i = 0; i < G_N_ELEMENTS(windows_ms); i++)
      g_string_append_printf(s, "mhub_stalls_synced_within{window=\"%s\"} %" G_GINT64_FORMAT "\n",
                             window_names[i], synced[i]);
    g_string_append_printf(s, "# HELP mhub_stalls Stalls registered.\n# TYPE mhub_stalls gauge\n"
                              "mhub_stalls %" G_GINT64_FORMAT "\n", n_stalls);
  }
  g_string_append_printf(s, "# HELP mhub_up Whether the store answered.\n# TYPE mhub_up gauge\n"
                            "mhub_up %d\n", store_ok ? 1 : 0);
  return g_string_free(s, FALSE);
}
