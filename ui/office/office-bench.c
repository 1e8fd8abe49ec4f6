/*
** office-bench.c: `market-office --bench`, the speed figures of the brief
** (see office_scenario_bench in office-scenario.h).
**
**   first screen   from pressing "Sign in" to the first frame drawn with
**                  the market's overview in it (markets, taxonomy, the
**                  overview's three requests, the table filled, laid out
**                  and painted)
**   scroll, sort   the stalls table is scrolled top to bottom and back in
**                  steps, and sorted by several columns each way; for each
**                  step the time of the frame that shows it is measured
**                  from the frame clock's "before-paint" (always emitted,
**                  unlike "update" and "layout") to its "after-paint"
**                  (plus, for a sort, the click itself).  A frame over
**                  16.7 ms would miss a 60 Hz display's refresh: a
**                  dropped frame.
*/
#include "office-pages.h"
#include "office-scenario.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FRAME_BUDGET_US 16667
#define SCROLL_STEPS 80

typedef struct {
  OfficeModel *model;
  GtkWidget *overview;
  gint64 submitted, overview_ok, first_drawn;
  gint64 frame_start, last_frame_us;
  gint64 cpu_start, last_cpu_us;
  guint frames;
} Bench;

/* The overview's data arrived: the clock for "fetched" stops here. */
static void on_changed(OfficeModel *model, int view, Bench *b)
{
  if (view == OFFICE_VIEW_OVERVIEW && b->overview_ok == 0
      && office_model_get_state(model, OFFICE_VIEW_OVERVIEW) == OFFICE_STATE_OK)
    b->overview_ok = g_get_monotonic_time();
}

/* The first window frame drawn after the overview arrived is the first screen. */
static gboolean on_draw(GtkWidget *widget, cairo_t *cr, Bench *b)
{
  (void)widget;
  (void)cr;
  if (b->first_drawn == 0 && b->overview_ok != 0 && gtk_widget_get_mapped(b->overview))
    b->first_drawn = g_get_monotonic_time();
  return FALSE;
}

/* CPU time of the UI thread: what a frame costs us, whatever else the machine runs. */
static gint64 thread_cpu_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A frame starts: the wall clock and the UI thread's CPU clock. */
static void on_before_paint(GdkFrameClock *clock, Bench *b)
{
  (void)clock;
  b->frame_start = g_get_monotonic_time();
  b->cpu_start = thread_cpu_us();
}

/* A frame ends: its cost, and one more frame seen. */
static void on_after_paint(GdkFrameClock *clock, Bench *b)
{
  (void)clock;
  b->last_frame_us = g_get_monotonic_time() - b->frame_start;
  b->last_cpu_us = thread_cpu_us() - b->cpu_start;
  b->frames++;
}

/* Runs the loop until the next frame is painted; FALSE after 2 s without one. */
static gboolean next_frame(Bench *b)
{
  guint seen = b->frames;
  gint64 end = g_get_monotonic_time() + 2 * G_USEC_PER_SEC;
  while (b->frames == seen && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  return b->frames != seen;
}

/* Frame times sorted for the median and the 95th percentile. */
static int cmp_gint64(gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* "frames N median-ms M p95-ms P max-ms X over-budget K" for a set of frame times. */
static void report(const char *what, GArray *us)
{
  guint over = 0;
  g_array_sort(us, cmp_gint64);
  for (guint i = 0; i < us->len; i++)
    over += g_array_index(us, gint64, i) > FRAME_BUDGET_US;
  if (us->len == 0) {
    printf("office-bench %s frames 0\n", what);
    return;
  }
  printf("office-bench %s frames %u median-ms %.2f p95-ms %.2f max-ms %.2f over-16.7ms %u\n",
         what, us->len, g_array_index(us, gint64, us->len / 2) / 1000.0,
         g_array_index(us, gint64, (us->len * 95) / 100) / 1000.0,
         g_array_index(us, gint64, us->len - 1) / 1000.0, over);
}

/* Top to bottom and back in SCROLL_STEPS steps, a frame each. */
static void bench_scroll(Bench *b, GtkTreeView *table, GArray *out, GArray *cpu)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment(GTK_SCROLLABLE(table));
  double top = gtk_adjustment_get_lower(adj);
  double bottom = gtk_adjustment_get_upper(adj) - gtk_adjustment_get_page_size(adj);
  for (int i = 0; i <= 2 * SCROLL_STEPS; i++) {
    int k = i <= SCROLL_STEPS ? i : 2 * SCROLL_STEPS - i;
    gtk_adjustment_set_value(adj, top + (bottom - top) * k / SCROLL_STEPS);
    if (next_frame(b)) {
      g_array_append_val(out, b->last_frame_us);
      g_array_append_val(cpu, b->last_cpu_us);
    }
  }
}

/* Each sortable column, both ways: the click and the frame that shows it. */
static void bench_sort(Bench *b, GtkTreeView *table, GArray *out, GArray *cpu)
{
  guint n = gtk_tree_view_get_n_columns(table);
  for (int round = 0; round < 2; round++)
    for (guint c = 0; c < n; c++) {
      GtkTreeViewColumn *col = gtk_tree_view_get_column(table, (int)c);
      if (gtk_tree_view_column_get_sort_column_id(col) < 0)
        continue;
      gint64 t = g_get_monotonic_time(), t_cpu = thread_cpu_us();
      gtk_tree_view_column_clicked(col);
      gint64 click = g_get_monotonic_time() - t, click_cpu = thread_cpu_us() - t_cpu;
      if (next_frame(b)) {
        gint64 total = click + b->last_frame_us, total_cpu = click_cpu + b->last_cpu_us;
        g_array_append_val(out, total);
        g_array_append_val(cpu, total_cpu);
      }
    }
}

/* Signs in through the form, then scrolls and sorts; every figure on stdout. */
gboolean office_scenario_bench(OfficeWindow *win, const char *hub_url, const char *token,
                               const char *market, GError **error)
{
  Bench b = {0};
  b.model = office_window_get_model(win);
  b.overview = office_window_get_page(win, "overview");
  OfficeSigninPage *signin = OFFICE_SIGNIN_PAGE(office_window_get_page(win, "signin"));
  GtkTreeView *table = office_overview_page_get_table(OFFICE_OVERVIEW_PAGE(b.overview));
  g_autoptr(GArray) scroll = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) sort = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) scroll_cpu = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) sort_cpu = g_array_new(FALSE, FALSE, sizeof(gint64));
  ui_batch_settle(GTK_WIDGET(win), 3000);
  GdkFrameClock *clock = gtk_widget_get_frame_clock(GTK_WIDGET(win));
  gulong changed = g_signal_connect(b.model, "changed", G_CALLBACK(on_changed), &b);
  gulong drawn = g_signal_connect_after(win, "draw", G_CALLBACK(on_draw), &b);
  gulong update = g_signal_connect(clock, "before-paint", G_CALLBACK(on_before_paint), &b);
  gulong painted = g_signal_connect_after(clock, "after-paint", G_CALLBACK(on_after_paint), &b);
  if (market)
    office_model_set_market(b.model, market);
  office_signin_page_fill(signin, hub_url, token);
  b.submitted = g_get_monotonic_time();
  office_signin_page_submit(signin);
  gint64 end = b.submitted + 60 * G_USEC_PER_SEC;
  while (b.first_drawn == 0 && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  g_signal_handler_disconnect(win, drawn);
  g_signal_handler_disconnect(b.model, changed);
  if (b.first_drawn == 0) {
    g_signal_handler_disconnect(clock, update);
    g_signal_handler_disconnect(clock, painted);
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "no first screen within 60 s: %s",
                office_window_banner_text(win));
    return FALSE;
  }
  OfficeReport *o = office_model_get_overview(b.model);
  printf("office-bench stalls %u first-screen-ms %.1f (data fetched and parsed %.1f, "
         "table filled and drawn %.1f)\n",
         o->wire.stalls->rows->len, (b.first_drawn - b.submitted) / 1000.0,
         (b.overview_ok - b.submitted) / 1000.0, (b.first_drawn - b.overview_ok) / 1000.0);
  ui_batch_settle(GTK_WIDGET(win), 2000);
  bench_scroll(&b, table, scroll, scroll_cpu);
  report("scroll wall", scroll);
  report("scroll cpu", scroll_cpu);
  bench_sort(&b, table, sort, sort_cpu);
  report("sort wall", sort);
  report("sort cpu", sort_cpu);
  fflush(stdout);
  g_signal_handler_disconnect(clock, update);
  g_signal_handler_disconnect(clock, painted);
  return TRUE;
}
