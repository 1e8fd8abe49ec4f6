/*
** bench-till.c: the till's speed and memory (docs/BENCHMARKS.md, "Till").
**
**   bench-till startup STALL_POS RUNS    start to usable till, and its RSS
**   bench-till sale N                    pay -> committed -> receipt drawn
**
** startup makes a ledger with the demo stall and catalog, then runs
** `stall-pos --bench-startup --size 1024x768 --db LEDGER` RUNS times (the
** 15-inch POS panel, compact layout): the clock runs from
** the spawn to the line the program prints after drawing its first frame
** (so it counts exec, the dynamic linker, GTK's start, opening the ledger,
** the catalog and the first layout); the CPU time the child used (user +
** system, from wait4) is reported too, as it depends less on what else the
** machine is doing; and the program reports its resident memory then.
**
** sale rings N sales in this process on the real window fitted to
** 1024x768, the day opened first (two lines: a
** piece product and a weighed one), opens the payment dialog, types cash
** and touches "Done": the time to the end of that touch (the sale is on
** disk with synchronous=FULL, the receipt dialog built) and to the first
** draw of the receipt dialog are recorded.  The resident memory after the
** N sales is the till's after a day's work.  Needs a display (xvfb-run).
*/
#include "till-dialogs.h"
#include "till-scenario.h"
#include "till-ui.h"
#include "till-window.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* qsort order for the samples. */
static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median, p95, min and max of n samples (sorted in place), in ms. */
static void report(const char *what, double *v, int n)
{
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  int p95 = (int)((n - 1) * 95 / 100);
  printf("%-34s median %7.2f ms  p95 %7.2f ms  min %7.2f ms  max %7.2f ms  (n=%d)\n", what,
         v[n / 2], v[p95], v[0], v[n - 1], n);
}

/*
** A field of /proc/self/status in KiB: the kernel's own account of our
** memory.
*/
static long status_kib(const char *field)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents("/proc/self/status", &status, NULL, NULL))
    return 0;
  const char *p = strstr(status, field);
  return p ? strtol(p + strlen(field), NULL, 10) : 0;
}

/* ---- startup --------------------------------------------------------------------- */

/* A ledger like a stall's: the demo header and catalog, in a temporary directory. */
static char *make_ledger(void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("bench-till-XXXXXX", &error);
  g_autofree char *path = dir ? g_build_filename(dir, "ledger.sqlite", NULL) : NULL;
  g_autofree char *csv = dir ? g_build_filename(dir, "catalog.csv", NULL) : NULL;
  g_autoptr(GBytes) data = till_ui_demo_catalog();
  g_autoptr(PosLedger) ledger = path ? pos_ledger_open(path, &error) : NULL;
  PosImportStats st;
  if (ledger == NULL || !pos_ledger_init_stall(ledger, "행복청과", 10, &error)
      || !g_file_set_contents(csv, g_bytes_get_data(data, NULL),
                              (gssize)g_bytes_get_size(data), &error)
      || !pos_ledger_product_import(ledger, csv, &st, &error)) {
    fprintf(stderr, "bench-till: %s\n", error ? error->message : "no temporary directory");
    g_free(dir);
    return NULL;
  }
  return g_steal_pointer(&path);
}

/*
** Spawns the till RUNS times on one prepared ledger; the medians smooth out
** a busy machine.
*/
static int bench_startup(const char *stall_pos, int runs)
{
  g_autofree double *wall = g_new0(double, runs);
  g_autofree double *inner = g_new0(double, runs);
  g_autofree double *cpu = g_new0(double, runs);
  long rss_max = 0;
  g_autofree char *ledger = make_ledger();
  if (ledger == NULL)
    return 1;
  for (int i = 0; i < runs; i++) {
    char *argv[] = {(char *)stall_pos, "--bench-startup", "--size", "1024x768", "--db", ledger,
                    NULL};
    g_autoptr(GError) error = NULL;
    int out_fd = -1;
    GPid pid;
    gint64 t0 = g_get_monotonic_time();
    if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                  NULL, &out_fd, NULL, &error)) {
      fprintf(stderr, "bench-till: %s\n", error->message);
      return 1;
    }
    g_autoptr(GIOChannel) ch = g_io_channel_unix_new(out_fd);
    g_io_channel_set_close_on_unref(ch, TRUE);
    g_autofree char *line = NULL;
    g_io_channel_read_line(ch, &line, NULL, NULL, NULL);
    wall[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
    double ms = 0;
    long rss = 0;
    if (line == NULL || sscanf(line, "first-frame-ms %lf rss-kib %ld", &ms, &rss) != 2) {
      fprintf(stderr, "bench-till: stall-pos printed no first frame\n");
      return 1;
    }
    inner[i] = ms;
    rss_max = MAX(rss_max, rss);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    g_spawn_close_pid(pid);
    cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0
             + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
  }
  report("start to first frame (spawn)", wall, runs);
  report("start to first frame (in main)", inner, runs);
  report("CPU time of the start (user+sys)", cpu, runs);
  printf("%-34s %ld KiB (max of %d runs)\n", "resident memory at first frame", rss_max, runs);
  return 0;
}

/* ---- sale --------------------------------------------------------------------------- */

static gint64 drawn_at;

/* The receipt dialog's first draw after a sale: the moment it is on screen. */
static gboolean on_receipt_draw(GtkWidget *w, cairo_t *cr, gpointer data)
{
  (void)cr;
  (void)data;
  if (drawn_at == 0)
    drawn_at = g_get_monotonic_time();
  g_signal_handlers_disconnect_by_func(w, on_receipt_draw, data);
  return FALSE;
}

/* A template child of a dialog by its .ui id, as the tests find them. */
static GtkWidget *child(GtkWidget *w, const char *id)
{
  return GTK_WIDGET(gtk_widget_get_template_child(w, G_OBJECT_TYPE(w), id));
}

/*
** Rings n sales through the real window and dialogs, timing each "Done"
** touch.
*/
static int bench_sale(int n)
{
  g_autoptr(GBytes) csv = till_ui_demo_catalog();
  g_autoptr(GError) error = NULL;
  g_autoptr(TillModel) model = till_model_new_demo(csv, &error);
  if (model == NULL) {
    fprintf(stderr, "bench-till: %s\n", error->message);
    return 1;
  }
  /* the day is open (the till asks for the float before the first sale) */
  if (!till_model_open_day(model, "50000", &error)) {
    fprintf(stderr, "bench-till: %s\n", error->message);
    return 1;
  }
  TillWindow *win = till_window_new(NULL, model);
  till_window_fit(win, 1024, 768);
  gtk_widget_show(GTK_WIDGET(win));
  ui_batch_settle(GTK_WIDGET(win), 3000);
  long rss_start = status_kib("VmRSS:");
  g_autofree double *click = g_new0(double, n);
  g_autofree double *drawn = g_new0(double, n);
  for (int i = 0; i < n; i++) {
    till_model_entry_set(model, "3");
    if (!till_model_add_plu(model, 1, &error) || !till_model_add_plu(model, 13, &error)
        || !till_model_give_weight(model, "450", &error)) {
      fprintf(stderr, "bench-till: %s\n", error->message);
      return 1;
    }
    g_action_group_activate_action(G_ACTION_GROUP(win), "pay", NULL);
    GtkWidget *d = till_window_get_dialog(win);
    ui_batch_settle(d, 2000);
    gtk_entry_set_text(GTK_ENTRY(child(d, "amount_entry")), "20000");
    drawn_at = 0;
    gint64 t0 = g_get_monotonic_time();
    gtk_button_clicked(GTK_BUTTON(child(d, "done_button")));
    gint64 t1 = g_get_monotonic_time();
    GtkWidget *r = till_window_get_dialog(win);
    if (r == NULL || !TILL_IS_RECEIPT_DIALOG(r)) {
      fprintf(stderr, "bench-till: the sale did not commit\n");
      return 1;
    }
    g_signal_connect_after(r, "draw", G_CALLBACK(on_receipt_draw), NULL);
    while (drawn_at == 0)
      g_main_context_iteration(NULL, TRUE);
    click[i] = (double)(t1 - t0) / 1000.0;
    drawn[i] = (double)(drawn_at - t0) / 1000.0;
    gtk_button_clicked(GTK_BUTTON(child(r, "close_button")));
    ui_batch_settle(GTK_WIDGET(win), 2000);
  }
  report("pay -> committed, receipt built", click, n);
  report("pay -> receipt drawn", drawn, n);
  printf("%-34s %ld KiB at start, %ld KiB after %d sales (peak %ld KiB)\n",
         "resident memory (in process)", rss_start, status_kib("VmRSS:"), n,
         status_kib("VmHWM:"));
  gtk_widget_destroy(GTK_WIDGET(win));
  return 0;
}

/* startup or sale; the sale bench needs GTK, the startup bench only spawns. */
int main(int argc, char **argv)
{
  /* as stall-pos does (till-app.c): no GLX, no Mesa */
  g_setenv("GDK_GL", "disable", FALSE);
  gtk_disable_setlocale();
  if (argc == 4 && strcmp(argv[1], "startup") == 0)
    return bench_startup(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 10);
  if (argc == 3 && strcmp(argv[1], "sale") == 0) {
    gtk_init(&argc, &argv);
    till_ui_load_css();
    return bench_sale(atoi(argv[2]) > 0 ? atoi(argv[2]) : 50);
  }
  fprintf(stderr, "usage: bench-till startup STALL_POS RUNS | bench-till sale N\n");
  return 2;
}
