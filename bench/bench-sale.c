/*
** bench-sale.c: how long one committed sale takes on this disk.
**
**   bench-sale [N] [DIR]
**
** Rings N sales (default 2000; a piece and a weighed line, split cash and
** card) through pos_ledger_commit_sale, first with synchronous=FULL (the
** ledger's setting) and then NORMAL, and prints the median and p99 latency
** per commit and the sales per second.  It also times a bare write+fsync
** of 4 KiB on the same directory, so the figures can be read against what
** the disk itself costs: in WAL mode with FULL, a commit is one fsync of
** the WAL.  DIR defaults to a temporary directory (put it on the disk the
** till will use).
*/
#include "pos.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static void report(const char *what, int64_t *us, int n, int64_t total_us)
{
  qsort(us, (size_t)n, sizeof *us, cmp_i64);
  printf("%-22s n=%d  median %7.3f ms  p99 %7.3f ms  min %7.3f ms  max %7.3f ms  %8.0f/s\n",
         what, n, us[n / 2] / 1000.0, us[(n * 99) / 100] / 1000.0, us[0] / 1000.0,
         us[n - 1] / 1000.0, n * 1e6 / (double)total_us);
}

static PosProduct *product(int plu, PosUnit unit, PosMoney price)
{
  PosProduct *p = pos_product_new();
  p->plu = plu;
  p->name = g_strdup(unit == POS_UNIT_KG ? "돼지고기 앞다리" : "두부");
  p->line_code = g_strdup(unit == POS_UNIT_KG ? "MEAT" : "BANCHAN");
  p->unit = unit;
  p->price = price;
  p->tax = unit == POS_UNIT_KG ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  return p;
}

static void ring(const char *dir, PosSyncMode mode, int n)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *path = g_build_filename(dir, mode == POS_SYNC_FULL ? "full.sqlite"
                                                                      : "normal.sqlite", NULL);
  g_autoptr(PosLedger) l = pos_ledger_open_full(path, mode, 0, &e);
  if (l == NULL || !pos_ledger_init_stall(l, "bench", 10, &e))
    g_error("ledger: %s", e->message);
  g_autoptr(PosProduct) tofu = product(1, POS_UNIT_PIECE, 2500);
  g_autoptr(PosProduct) pork = product(2, POS_UNIT_KG, 16800);
  if (!pos_ledger_product_save(l, tofu, &e) || !pos_ledger_product_save(l, pork, &e))
    g_error("product: %s", e->message);
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_autofree int64_t *us = g_new(int64_t, n);
  int64_t start = g_get_monotonic_time();
  for (int i = 0; i < n; i++) {
    int64_t t0 = g_get_monotonic_time();
    PosSale *s = NULL;
    if (!pos_cart_add(cart, tofu, 2000, NULL, &e) || !pos_cart_add(cart, pork, 350 + i % 500, NULL, &e)
        || !pos_cart_add_tender(cart, POS_TENDER_CARD, 5000, "12345678", &e)
        || !pos_cart_add_tender(cart, POS_TENDER_CASH, 50000, NULL, &e)
        || !pos_ledger_commit_sale(l, cart, &s, &e))
      g_error("sale %d: %s", i, e->message);
    pos_sale_free(s);
    us[i] = g_get_monotonic_time() - t0;
  }
  report(mode == POS_SYNC_FULL ? "sale, synchronous=FULL" : "sale, synchronous=NORMAL", us, n,
         g_get_monotonic_time() - start);
}

static void fsync_cost(const char *dir, int n)
{
  g_autofree char *path = g_build_filename(dir, "fsync.bin", NULL);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  char block[4096] = {0};
  g_autofree int64_t *us = g_new(int64_t, n);
  if (fd < 0)
    g_error("open %s", path);
  int64_t start = g_get_monotonic_time();
  for (int i = 0; i < n; i++) {
    int64_t t0 = g_get_monotonic_time();
    if (pwrite(fd, block, sizeof block, 0) != (ssize_t)sizeof block || fsync(fd) != 0)
      g_error("write/fsync failed");
    us[i] = g_get_monotonic_time() - t0;
  }
  close(fd);
  report("4 KiB write + fsync", us, n, g_get_monotonic_time() - start);
}

int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  g_autofree char *tmp = argc > 2 ? g_strdup(argv[2]) : g_dir_make_tmp("bench-sale-XXXXXX", NULL);
  if (n < 10 || tmp == NULL) {
    fprintf(stderr, "usage: bench-sale [N>=10] [DIR]\n");
    return 2;
  }
  printf("bench-sale: %d sales in %s\n", n, tmp);
  fsync_cost(tmp, n / 4);
  ring(tmp, POS_SYNC_FULL, n);
  ring(tmp, POS_SYNC_NORMAL, n);
  return 0;
}
