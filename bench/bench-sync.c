/*
** bench-sync.c: how long a stall's backlog takes to reach a local hub.
**
**   bench-sync [SALES [RUNS]]        (defaults 10000 and 5)
**
** Each run builds a fresh hub database (market-hub init, a market, a stall,
** an enrollment code), starts `market-hub serve` on 127.0.0.1 with a port it
** picks, rings SALES sales into a fresh ledger (through the pos API, with
** synchronous=NORMAL so that building the backlog is quick), enrolls the
** stall with `stall enroll`, and then times one `stall --json sync`, the
** command a merchant (or the till's worker) runs: process start, reading
** the outbox, encoding, HTTP, the hub's ingest with its rollups, and the
** marks.  The run counts only if everything arrived (pending 0, accepted =
** SALES + the catalog's events).
**
** The programs are found through MPOS_STALL and MPOS_HUB, or next to this
** one (BUILD/bin/stall, BUILD/bin/market-hub), as a build tree lays them out.
** Figures go to docs/BENCHMARKS.md ("Sync backlog").
*/
#include "mb-hub.h"
#include "pos.h"
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* A program of the build tree: from the environment, else beside this one. */
static char *program(const char *env, const char *name, const char *argv0)
{
  const char *v = g_getenv(env);
  if (v)
    return g_strdup(v);
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname(self ? self : argv0);
  return g_build_filename(dir, name, NULL);
}

/* Runs argv to completion; its standard output (may be NULL); FALSE on failure. */
static gboolean run(char **argv, char **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status,
                    &error)) {
    fprintf(stderr, "bench-sync: %s: %s\n", argv[0], error->message);
    return FALSE;
  }
  if (!g_spawn_check_wait_status(status, NULL)) {
    fprintf(stderr, "bench-sync: %s %s failed: %s\n", argv[0], argv[3] ? argv[3] : "",
            err ? err : "");
    return FALSE;
  }
  return TRUE;
}

/* The last non-empty line of text, where market-hub prints a secret. */
static char *last_line(const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
  for (int i = (int)g_strv_length(lines) - 1; i >= 0; i--)
    if (lines[i][0])
      return g_strdup(lines[i]);
  return g_strdup("");
}


/* Rings n sales of two lines each (one exempt, one taxable), cash or card. */
static gboolean build_backlog(const char *path, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) ledger =
    pos_ledger_open_full(path, POS_SYNC_NORMAL, pos_ledger_schema_version(), &error);
  if (ledger == NULL || !pos_ledger_init_stall(ledger, "행복청과", 10, &error))
    goto fail;
  static const struct { int plu; const char *name, *line; PosMoney price; PosTaxClass tax; }
  cat[] = {{1, "사과", "FRUIT", 3000, POS_TAX_EXEMPT}, {2, "손두부", "BANCHAN", 2500, POS_TAX_TAXABLE},
           {3, "고등어", "FISH", 4500, POS_TAX_EXEMPT}};
  PosProduct *prods[G_N_ELEMENTS(cat)];
  for (guint i = 0; i < G_N_ELEMENTS(cat); i++) {
    prods[i] = pos_product_new();
    prods[i]->plu = cat[i].plu;
    prods[i]->name = g_strdup(cat[i].name);
    prods[i]->line_code = g_strdup(cat[i].line);
    prods[i]->unit = POS_UNIT_PIECE;
    prods[i]->price = cat[i].price;
    prods[i]->tax = cat[i].tax;
    if (!pos_ledger_product_save(ledger, prods[i], &error))
      goto fail;
  }
  PosCartRules rules;
  pos_ledger_cart_rules(ledger, &rules);
  for (int i = 0; i < n; i++) {
    g_autoptr(PosCart) cart = pos_cart_new(&rules);
    const PosProduct *a = prods[i % 3], *b = prods[(i + 1) % 3];
    PosMoney due = a->price * (1 + i % 2) + b->price;
    g_autoptr(PosSale) sale = NULL;
    if (!pos_cart_add(cart, a, 1000 * (1 + i % 2), NULL, &error)
        || !pos_cart_add(cart, b, 1000, NULL, &error)
        || !pos_cart_add_tender(cart, i % 4 == 0 ? POS_TENDER_CARD : POS_TENDER_CASH, due,
                                i % 4 == 0 ? "30012345" : NULL, &error)
        || !pos_ledger_commit_sale(ledger, cart, &sale, &error))
      goto fail;
  }
  for (guint i = 0; i < G_N_ELEMENTS(cat); i++)
    pos_product_free(prods[i]);
  return TRUE;
fail:
  fprintf(stderr, "bench-sync: building the backlog: %s\n", error ? error->message : "?");
  return FALSE;
}

/* qsort order for the medians. */
static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* CPU seconds (user + system) the process pid has used so far, from /proc. */
static double proc_cpu(GPid pid)
{
  g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid);
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return -1;
  /* Fields after the command name, which is in parentheses and may hold spaces. */
  const char *p = strrchr(text, ')');
  g_auto(GStrv) f = g_strsplit(p ? p + 2 : "", " ", -1);
  if (g_strv_length(f) < 13)
    return -1;
  return (g_ascii_strtod(f[11], NULL) + g_ascii_strtod(f[12], NULL)) / sysconf(_SC_CLK_TCK);
}

/* CPU seconds of the reaped children so far (the stall, once it has exited). */
static double children_cpu(void)
{
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec
         + ru.ru_stime.tv_usec / 1e6;
}

/*
** One timed run; *seconds gets the wall time of `stall sync`, *stall_cpu
** and *hub_cpu the CPU time the two processes spent on it.  CPU time is
** what the two programs cost; wall time also holds the waits for a CPU on
** a shared machine.
*/
static gboolean one_run(const char *stall, const char *hub, int n, double *seconds,
                        double *stall_cpu, double *hub_cpu)
{
  g_autofree char *dir = g_dir_make_tmp("mpos-bench-sync-XXXXXX", NULL);
  g_autofree char *hdb = g_build_filename(dir, "hub.sqlite", NULL);
  g_autofree char *ldb = g_build_filename(dir, "ledger.sqlite", NULL);
  g_autofree char *code_out = NULL, *sync_out = NULL, *enroll_out = NULL;
  /* declared before the first goto: the cleanup runs on every path */
  g_autofree char *url = NULL, *the_code = NULL, *want = NULL;
  gboolean ok = FALSE;
  MbHub *h = NULL;
  g_autoptr(GError) error = NULL;
  char *init[] = {(char *)hub, (char *)"--db", hdb, (char *)"init", NULL};
  char *market[] = {(char *)hub, (char *)"--db", hdb, (char *)"market", (char *)"add",
                    (char *)"M01", (char *)"--name", (char *)"가온시장", NULL};
  char *st[] = {(char *)hub, (char *)"--db", hdb, (char *)"stall", (char *)"add",
                (char *)"S001", (char *)"--market", (char *)"M01", (char *)"--name",
                (char *)"행복청과", NULL};
  char *code[] = {(char *)hub, (char *)"--db", hdb, (char *)"enroll-code", (char *)"--stall",
                  (char *)"S001", NULL};
  if (!run(init, NULL) || !run(market, NULL) || !run(st, NULL) || !run(code, &code_out)
      || !build_backlog(ldb, n))
    goto out;
  if ((h = mb_hub_start(hub, hdb, NULL, NULL, 10000, &error)) == NULL) {
    fprintf(stderr, "bench-sync: %s\n", error->message);
    goto out;
  }
  url = g_strdup(h->base);
  the_code = last_line(code_out);
  char *enroll[] = {(char *)stall, (char *)"--db", ldb, (char *)"enroll", (char *)"--hub", url,
                    (char *)"--code", the_code, NULL};
  char *sync[] = {(char *)stall, (char *)"--db", ldb, (char *)"--json", (char *)"sync", NULL};
  if (!run(enroll, &enroll_out))
    goto out;
  double hub0 = proc_cpu(h->pid), cpu0 = children_cpu();
  gint64 t0 = g_get_monotonic_time();
  if (!run(sync, &sync_out))
    goto out;
  *seconds = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
  *stall_cpu = children_cpu() - cpu0;
  *hub_cpu = proc_cpu(h->pid) - hub0;
  want = g_strdup_printf("\"accepted\":%d,", n + 3);
  if (strstr(sync_out, want) == NULL || strstr(sync_out, "\"pending\":0,") == NULL) {
    fprintf(stderr, "bench-sync: not everything arrived: %s", sync_out);
    goto out;
  }
  ok = TRUE;
out:
  mb_hub_stop(h);
  static const char *const files[] = {"hub.sqlite", "hub.sqlite-wal", "hub.sqlite-shm",
                                      "ledger.sqlite", "ledger.sqlite-wal",
                                      "ledger.sqlite-shm", "ledger.sqlite.taxonomy.json"};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *f = g_build_filename(dir, files[i], NULL);
    g_unlink(f);
  }
  g_rmdir(dir);
  return ok;
}

/* Runs, prints each run and the median with its spread. */
int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 10000;
  int runs = argc > 2 ? atoi(argv[2]) : 5;
  if (n < 1 || runs < 1 || runs > 100) {
    fprintf(stderr, "usage: bench-sync [SALES [RUNS]]\n");
    return 2;
  }
  g_autofree char *stall = program("MPOS_STALL", "stall", argv[0]);
  g_autofree char *hub = program("MPOS_HUB", "market-hub", argv[0]);
  g_autofree double *t = g_new0(double, runs);
  g_autofree double *sc = g_new0(double, runs);
  g_autofree double *hc = g_new0(double, runs);
  for (int i = 0; i < runs; i++) {
    if (!one_run(stall, hub, n, &t[i], &sc[i], &hc[i]))
      return 1;
    printf("run %d: %d sales synced in %.3f s (%.0f events/s); CPU: stall %.3f s, hub %.3f s\n",
           i + 1, n, t[i], (n + 3) / t[i], sc[i], hc[i]);
    fflush(stdout);
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  qsort(sc, (size_t)runs, sizeof *sc, cmp_double);
  qsort(hc, (size_t)runs, sizeof *hc, cmp_double);
  printf("sync of a %d-sale backlog, %d runs: median %.3f s, min %.3f s, max %.3f s\n", n,
         runs, t[runs / 2], t[0], t[runs - 1]);
  printf("CPU medians: stall %.3f s, hub %.3f s\n", sc[runs / 2], hc[runs / 2]);
  return 0;
}
