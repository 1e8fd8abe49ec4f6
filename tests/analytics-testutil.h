/*
** analytics-testutil.h: what the analytics tests (tests/test-analytics-*.c)
** share to build a dataset by hand.  Each used to carry its own copy of
** these little assertions; one copy keeps them the same.
**
** analytics-testutil.c is linked into every test-analytics-* program;
** analytics-pdf-lsan.c only into those that write a PDF (see there).
*/
#ifndef ANALYTICS_TESTUTIL_H
#define ANALYTICS_TESTUTIL_H

#include "an-data.h"
#include "an-report.h"
#include <stddef.h>

/* The day of an ISO date, asserting it parses. */
AnDay atu_day(const char *iso);

/* an_query_init with no lines filter, asserted (the error is shown). */
void atu_query(AnQuery *q, AnDataset *ds, const char *market, const char *from, const char *to,
               AnCompare compare);

/*
** The synthetic markets of the PDF tests are tables: lines as {code, name}
** and stalls as below (their main line an index into the lines table, and
** revenue a day in won).  One type and one loader for the lines, so each
** test holds only its data.
*/
typedef struct {
  const char *code, *name;
  guint line;
  int64_t daily;
} AtuStall;
void atu_add_lines(AnDataset *ds, const char *const (*lines)[2], guint n);

/* The index of a stall of the dataset by its code, asserting it is there. */
guint atu_stall_ix(AnDataset *ds, const char *code);

/* Adds a line-day rollup of one receipt on the ISO day: revenue in won, a
** tenth of it as the quantity in milli-units (the fixtures need some
** quantity, never a particular one), asserted. */
void atu_line_day(AnDataset *ds, const char *stall, const char *line, const char *iso_day,
                  int64_t revenue);

/* Adds a stall-day rollup (total and receipts, the rest zero), asserted. */
void atu_stall_day(AnDataset *ds, const char *stall, AnDay day, int64_t total, int64_t receipts);

/*
** The row of a report (rows: AnLineRow*, AnStoreRow* or AnStallRow*) whose
** code is the given one; code_offset is offsetof(row type, code).  Fails
** the test when there is none.  The three row types differ but all carry
** their code, so one search serves the three reports.
*/
gconstpointer atu_find_row(const GPtrArray *rows, size_t code_offset, const char *code);

/*
** The PDF of all three reports (lines, stores, stalls) of one question,
** every step asserted.  With lines_out, the lines report is handed back
** (transfer full) for the caller's own checks of what the PDF shows.  The
** PDF tests and the font tests build the same report set the same way.
*/
GBytes *atu_report_pdf(AnDataset *ds, const AnQuery *q, AnLinesReport **lines_out);

#endif
