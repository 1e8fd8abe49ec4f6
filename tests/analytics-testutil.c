/*
** analytics-testutil.c: see analytics-testutil.h.  Plain wrappers over the
** dataset's lookups that fail the test (g_assert) instead of returning
** FALSE, so the fixtures read as data.
*/
#include "analytics-testutil.h"
#include <string.h>

/* an_day_parse, asserted: the fixtures' dates are literals. */
AnDay atu_day(const char *iso)
{
  AnDay d = 0;
  g_assert_true(an_day_parse(iso, &d));
  return d;
}

/* an_dataset_find_stall, asserted: the fixtures add the stall first. */
void atu_query(AnQuery *q, AnDataset *ds, const char *market, const char *from, const char *to,
               AnCompare compare)
{
  g_autoptr(GError) e = NULL;
  g_assert_true(an_query_init(q, ds, market, from, to, compare, NULL, &e));
  g_assert_no_error(e);
}

void atu_add_lines(AnDataset *ds, const char *const (*lines)[2], guint n)
{
  for (guint i = 0; i < n; i++)
    g_assert_true(an_dataset_add_line(ds, lines[i][0], lines[i][1], NULL, NULL, NULL));
}

guint atu_stall_ix(AnDataset *ds, const char *code)
{
  guint ix = 0;
  g_assert_true(an_dataset_find_stall(ds, code, &ix));
  return ix;
}

void atu_line_day(AnDataset *ds, const char *stall, const char *line, const char *iso_day,
                  int64_t revenue)
{
  AnLineDay r = { 0 };
  r.stall = atu_stall_ix(ds, stall);
  g_assert_true(an_dataset_find_line(ds, line, &r.line));
  r.day = atu_day(iso_day);
  r.revenue = revenue;
  r.qty_milli = revenue / 10;
  r.receipts = 1;
  g_assert_true(an_dataset_add_line_day(ds, &r, NULL));
}

/* The stall-day row most fixtures need: a total and its receipts. */
void atu_stall_day(AnDataset *ds, const char *stall, AnDay day, int64_t total, int64_t receipts)
{
  AnStallDay r = { 0 };
  r.stall = atu_stall_ix(ds, stall);
  r.day = day;
  r.total = total;
  r.receipts = receipts;
  g_assert_true(an_dataset_add_stall_day(ds, &r, NULL));
}

/* A linear search: the fixtures' reports have a handful of rows. */
gconstpointer atu_find_row(const GPtrArray *rows, size_t code_offset, const char *code)
{
  for (guint i = 0; i < rows->len; i++) {
    const char *row = g_ptr_array_index(rows, i);
    const char *row_code = *(const char *const *)(row + code_offset);
    if (strcmp(row_code, code) == 0)
      return row;
  }
  g_error("no row %s", code);
  return NULL;
}

/* The three ranks in the order the stores report wants (it reuses lines). */
GBytes *atu_report_pdf(AnDataset *ds, const AnQuery *q, AnLinesReport **lines_out)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(AnLinesReport) lines = an_lines_rank(ds, q, &e);
  g_assert_no_error(e);
  g_autoptr(AnStoresReport) stores = an_stores_rank(ds, q, lines, &e);
  g_assert_no_error(e);
  g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, q, &e);
  g_assert_no_error(e);
  AnReportSet set = { lines, stores, stalls };
  GBytes *pdf = an_report_pdf_bytes(&set, &e);
  g_assert_no_error(e);
  g_assert_nonnull(pdf);
  if (lines_out != NULL)
    *lines_out = g_steal_pointer(&lines);
  return pdf;
}
