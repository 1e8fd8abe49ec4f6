/*
** hub-metrics.c: counters of the running hub and their Prometheus text
** exposition (format 0.0.4) for GET /metrics.
**
** Every label set is fixed in advance (routes, status codes, error codes,
** histogram buckets; the codes and statuses are the wire table's), so the
** counters are plain arrays under one mutex and a client cannot grow the
** metrics by sending odd paths.  The per-stall sync freshness is not
** counted here but asked of the store at scrape time; the warm-up's state
** is asked of the warm-up (hub-warm.h), so a script or a test can wait for
** it (mhub_warm_up_done), and the report cache's size of the cache itself.
*/
#include "hub-server-int.h"
#include <string.h>

/* Route patterns, not paths: a label set that clients cannot grow. */
static const char *const route_names[HUB_ROUTE_N] = {
  "/healthz", "/metrics", "/r", "/v1/enroll", "/v1/events", "/v1/taxonomy",
  "/v1/stalls/summary", "/v1/stalls/enroll-code", "/v1/markets", "/v1/markets/stalls",
  "/v1/markets/reports", "/v1/markets/engagements", "/v1/markets/engagements/add",
  "/v1/markets/engagements/impact", "other"};

/*
** The label sets of statuses and codes come from the wire table
** (wire-error.h): every code of the table is a label of
** mhub_rejects_total, and every status an answer can have is a label of
** mhub_requests_total, so a new code cannot go uncounted.  "other" (code)
** and 0 (status) take whatever the table does not know.
*/
#define N_CODES_MAX 64
#define N_STATUS_MAX (N_CODES_MAX + 2)

typedef struct {
  int statuses[N_STATUS_MAX];      /* 200, the table's error statuses ascending, 0 */
  guint n_status;
  const char *codes[N_CODES_MAX + 1];   /* the table's names, then "other" */
  guint n_codes;
} Labels;

static Labels labels;

/* Adds s to the sorted statuses unless it is there already. */
static void add_status(Labels *l, int s)
{
  guint i = 0;
  while (i < l->n_status && l->statuses[i] < s)
    i++;
  if (i < l->n_status && l->statuses[i] == s)
    return;
  memmove(&l->statuses[i + 1], &l->statuses[i], (l->n_status - i) * sizeof l->statuses[0]);
  l->statuses[i] = s;
  l->n_status++;
}

/* Built once per process from the table; the same for every HubMetrics. */
static const Labels *labels_get(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    gsize n = 0;
    const MposErrorInfo *rows = sync_wire_table(&n);
    g_assert(n <= N_CODES_MAX);
    add_status(&labels, 200);
    for (gsize i = 0; i < n; i++) {
      labels.codes[labels.n_codes++] = rows[i].name;
      add_status(&labels, rows[i].http_status);
    }
    labels.codes[labels.n_codes++] = "other";
    labels.statuses[labels.n_status++] = 0;   /* last: anything else */
    g_once_init_leave(&once, 1);
  }
  return &labels;
}

static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.25,  0.5,    1,     2.5,  5,    10};
/* The labels as text: Prometheus wants '.' whatever the process locale. */
static const char *const bucket_labels[] = {"0.001", "0.0025", "0.005", "0.01", "0.025",
                                            "0.05",  "0.1",    "0.25",  "0.5",  "1",
                                            "2.5",   "5",      "10"};
#define N_BUCKETS G_N_ELEMENTS(buckets)

struct HubMetrics {
  GMutex lock;
  const Labels *labels;
  guint64 requests[HUB_ROUTE_N][N_STATUS_MAX];
  guint64 rejects[N_CODES_MAX + 1];
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
  m->labels = labels_get();
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
  while (s < m->labels->n_status - 1 && m->labels->statuses[s] != status)
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
static guint code_index(const HubMetrics *m, const char *code)
{
  SyncWireCode c = sync_wire_code_from_name(code);
  return c != SYNC_WIRE_NONE ? (guint)c - 1 : m->labels->n_codes - 1;
}

/* Request-level refusals (bad_json, unauthorized, too_large...). */
void hub_metrics_reject(HubMetrics *m, const char *code)
{
  guint i = code_index(m, code);
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
      m->rejects[code_index(m, ev->code)]++;
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
char *hub_metrics_render(HubMetrics *m, HubStore *store, HubWarm *warm,
                         HubReportCache *reports, int64_t now_ms)
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
    for (guint k = 0; k < m->labels->n_status; k++)
      if (m->requests[r][k])
        g_string_append_printf(s, "mhub_requests_total{path=\"%s\",code=\"%d\"} %" G_GUINT64_FORMAT "\n",
                               route_names[r], m->labels->statuses[k], m->requests[r][k]);
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
  for (guint i = 0; i < m->labels->n_codes; i++)
    g_string_append_printf(s, "mhub_rejects_total{code=\"%s\"} %" G_GUINT64_FORMAT "\n",
                           m->labels->codes[i], m->rejects[i]);
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
  guint cached = 0;
  gsize cached_bytes = 0;
  hub_report_cache_stats(reports, &cached, &cached_bytes);
  g_string_append_printf(s, "# HELP mhub_report_cache_entries Reports kept for repeated questions.\n"
                            "# TYPE mhub_report_cache_entries gauge\nmhub_report_cache_entries %u\n"
                            "# HELP mhub_report_cache_bytes Bytes of the reports kept.\n"
                            "# TYPE mhub_report_cache_bytes gauge\nmhub_report_cache_bytes %"
                            G_GSIZE_FORMAT "\n", cached, cached_bytes);
  if (warm != NULL) {
    guint built = 0;
    gboolean done = hub_warm_finished(warm, &built);
    g_string_append_printf(s, "# HELP mhub_warm_up_done Whether the warm-up of the start has ended.\n"
                              "# TYPE mhub_warm_up_done gauge\nmhub_warm_up_done %d\n"
                              "# HELP mhub_warm_up_reports Reports the warm-up built.\n"
                              "# TYPE mhub_warm_up_reports gauge\nmhub_warm_up_reports %u\n",
                           done ? 1 : 0, built);
  }
  g_string_append_printf(s, "# HELP mhub_up Whether the store answered.\n# TYPE mhub_up gauge\n"
                            "mhub_up %d\n", store_ok ? 1 : 0);
  return g_string_free(s, FALSE);
}
