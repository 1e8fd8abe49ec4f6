/*
** hub-warm.c: the warm-up of a starting hub (hub-warm.h).
**
** Which reports: per market, the stalls report and the lines report of
** the 365 days to today against the 365 before, then the combined PDF of
** the last 30 days.  The stalls report loads the stalls' rollups (days,
** daily cells, hours, tenders) for two years, the lines report the lines'
** month and day rows of the market and of every other market (the city
** comparison), so whatever period is asked next finds its pages in the
** reader's cache and the system's; the PDF runs the rest once: the lines'
** and stores' measures, the fonts, pango, cairo.  (Without the lines
** report the first lines report of a whole month took 25 ms against 4 ms
** warm: the other markets' month rows were still on disk.)  The SQLite store hands out the reader used last first, so the
** first request after the warm-up gets the reader it warmed.
**
** The thread checks the stop flag and its bounds before each report; a
** report failing (a market without sales, a database gone) is no reason
** to stop serving, only to go on with the next market.
*/
#include "hub-warm.h"
#include "hub-report.h"
#include "mb-clock.h"

struct HubWarm {
  HubStore *store;
  int64_t today_ms;
  GThread *thread;
  gint stop;          /* atomic: set by hub_warm_stop */
  gint finished;      /* atomic: set by the thread when it ends */
  gint reports;       /* atomic: reports built */
};

/* FALSE once asked to stop or past the time bound. */
static gboolean may_go_on(HubWarm *w, gint64 started_us)
{
  return !g_atomic_int_get(&w->stop)
         && g_get_monotonic_time() - started_us < (gint64)HUB_WARM_SECONDS_MAX * G_USEC_PER_SEC;
}

/* One report built and dropped; counted when it was built. */
static void build_one(HubWarm *w, HubReportKind kind, const char *market, const char *from,
                      const char *to, HubReportFormat format)
{
  g_autoptr(GError) error = NULL;
  GBytes *b = hub_report_build(w->store, kind, market, from, to, AN_COMPARE_PREVIOUS, format,
                               &error);
  if (b != NULL) {
    g_bytes_unref(b);
    g_atomic_int_inc(&w->reports);
  }
}

/* The thread: the markets in the store's order, within the bounds. */
static gpointer warm_thread(gpointer data)
{
  HubWarm *w = data;
  gint64 started = g_get_monotonic_time();
  int64_t today = mb_clock_day(w->today_ms);
  char to[MB_DAY_LEN], year_from[MB_DAY_LEN], month_from[MB_DAY_LEN];
  mb_day_format(today, to);
  mb_day_format(today - 364, year_from);
  mb_day_format(today - 29, month_from);
  g_autoptr(GPtrArray) markets = hub_store_market_list(w->store, NULL);
  for (guint i = 0; markets && i < MIN(markets->len, (guint)HUB_WARM_MARKETS_MAX); i++) {
    const HubMarket *m = g_ptr_array_index(markets, i);
    if (!may_go_on(w, started))
      break;
    build_one(w, HUB_REPORT_STALLS, m->code, year_from, to, HUB_FORMAT_JSON);
    if (!may_go_on(w, started))
      break;
    build_one(w, HUB_REPORT_LINES, m->code, year_from, to, HUB_FORMAT_JSON);
    if (!may_go_on(w, started))
      break;
    build_one(w, HUB_REPORT_ALL, m->code, month_from, to, HUB_FORMAT_PDF);
  }
  g_atomic_int_set(&w->finished, 1);
  return NULL;
}

/* A thread of its own: the server's threads answer requests meanwhile. */
HubWarm *hub_warm_start(HubStore *store, int64_t today_ms)
{
  HubWarm *w = g_new0(HubWarm, 1);
  w->store = store;
  w->today_ms = today_ms;
  w->thread = g_thread_new("hub-warm", warm_thread, w);
  return w;
}

/* Atomics only: /metrics asks while the thread runs. */
gboolean hub_warm_finished(HubWarm *warm, guint *reports)
{
  if (reports)
    *reports = (guint)g_atomic_int_get(&warm->reports);
  return g_atomic_int_get(&warm->finished) != 0;
}

/* The flag is read before each report, so the join waits for one at most. */
void hub_warm_stop(HubWarm *warm)
{
  if (warm == NULL)
    return;
  g_atomic_int_set(&warm->stop, 1);
  g_thread_join(warm->thread);
  g_free(warm);
}
