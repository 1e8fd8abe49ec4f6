/*
** fuzz-catalog-csv.c: libFuzzer target for `stall product import`: a CSV
** file of any bytes imported into a ledger (pos_ledger_product_import: the
** CSV reader of base/, the header, every row checked as a product).
**
** The ledger is an in-memory one made once; the input goes through a file
** because the import reads a path, as the CLI and the till give it.
** Property: the import is all or nothing, so a refused file leaves the
** number of products as it was.
*/
#include "pos.h"
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static PosLedger *ledger;
static char *csv_path;

/* The ledger and the scratch file, once per process. */
static void setup(void)
{
  g_autoptr(GError) error = NULL;
  ledger = pos_ledger_open(":memory:", &error);
  if (ledger == NULL || !pos_ledger_init_stall(ledger, "퍼즈상회", 10, &error))
    g_error("fuzz-catalog-csv: %s", error ? error->message : "no ledger");
  csv_path = g_strdup_printf("%s/fuzz-catalog-%d.csv", g_get_tmp_dir(), (int)getpid());
}

/* The number of products, active or not. */
static guint count_products(void)
{
  g_autoptr(GPtrArray) all = pos_ledger_product_list(ledger, FALSE, NULL);
  if (all == NULL)
    abort();
  return all->len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (ledger == NULL)
    setup();
  if (!g_file_set_contents(csv_path, (const char *)data, (gssize)size, NULL))
    abort();
  guint before = count_products();
  g_autoptr(GError) error = NULL;
  PosImportStats stats;
  if (!pos_ledger_product_import(ledger, csv_path, &stats, &error) && count_products() != before)
    abort();
  g_unlink(csv_path);
  return 0;
}
