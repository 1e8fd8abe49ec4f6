/*
** bench-import.c: catalog import speed.
**
**   bench-import [ROWS] [RUNS]
**
** Writes a CSV of ROWS products (default 50,000; a BOM, CRLF, Korean names,
** every fifth with an EAN-13) and imports it RUNS times (default 5) into a
** fresh ledger each time, printing rows per second for each run and the
** median.  Every imported row also queues a product event: that is part of
** the cost measured.
*/
#include "pos.h"
#include <stdio.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static char *write_csv(const char *dir, int rows)
{
  GString *csv = g_string_new("\xEF\xBB\xBFplu,name,line,price,unit,tax,barcode\r\n");
  for (int i = 1; i <= rows; i++) {
    char ean[14] = "";
    if (i % 5 == 0) {
      /* 880 + 9 digits + GS1 check digit */
      g_snprintf(ean, sizeof ean, "880%09d", i);
      int sum = 0;
      for (int k = 0; k < 12; k++)
        sum += (ean[11 - k] - '0') * (k % 2 == 0 ? 3 : 1);
      ean[12] = (char)('0' + (10 - sum % 10) % 10);
      ean[13] = '\0';
    }
    g_string_append_printf(csv, "%d,\"국산 상품 %d호, 특\",%s,%d,%s,%s,%s\r\n", i, i,
                           i % 3 ? "VEG" : "FISH", 1000 + i % 50000,
                           i % 4 ? "piece" : "kg", i % 2 ? "exempt" : "taxable", ean);
  }
  char *path = g_build_filename(dir, "catalog.csv", NULL);
  if (!g_file_set_contents(path, csv->str, (gssize)csv->len, NULL))
    g_error("cannot write %s", path);
  g_string_free(csv, TRUE);
  return path;
}

int main(int argc, char **argv)
{
  int rows = argc > 1 ? atoi(argv[1]) : 50000;
  int runs = argc > 2 ? atoi(argv[2]) : 5;
  if (rows < 1 || rows > 99999 || runs < 1) {
    fprintf(stderr, "usage: bench-import [ROWS 1..99999] [RUNS]\n");
    return 2;
  }
  g_autofree char *dir = g_dir_make_tmp("bench-import-XXXXXX", NULL);
  g_autofree char *csv = write_csv(dir, rows);
  g_autofree double *rate = g_new(double, runs);
  for (int r = 0; r < runs; r++) {
    g_autoptr(GError) e = NULL;
    g_autofree char *path = g_strdup_printf("%s/ledger-%d.sqlite", dir, r);
    g_autoptr(PosLedger) l = pos_ledger_open(path, &e);
    if (l == NULL || !pos_ledger_init_stall(l, "bench", 1, &e))
      g_error("ledger: %s", e->message);
    PosImportStats st;
    int64_t t0 = g_get_monotonic_time();
    if (!pos_ledger_product_import(l, csv, &st, &e))
      g_error("import: %s", e->message);
    double secs = (g_get_monotonic_time() - t0) / 1e6;
    rate[r] = st.rows / secs;
    printf("run %d: %" G_GUINT64_FORMAT " rows in %.3f s = %.0f rows/s\n", r + 1, st.rows, secs,
           rate[r]);
  }
  qsort(rate, (size_t)runs, sizeof *rate, cmp_double);
  printf("median %.0f rows/s (min %.0f, max %.0f) over %d runs\n", rate[runs / 2], rate[0],
         rate[runs - 1], runs);
  return 0;
}
