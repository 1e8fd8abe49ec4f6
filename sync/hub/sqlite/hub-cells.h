/*
** hub-cells.h: fixed arrays of int64 figures kept in one SQLite BLOB.
**
** The heatmap of a stall is 7 weekdays x 24 hours x (revenue, receipts);
** kept as rows it is about a hundred rows per stall and month, and a year's
** report of a 200-stall market stepped through 200,000 of them.  Kept as one
** BLOB per stall and month (and one of 24 hours x 2 per stall and day) it is
** a dozen rows per stall-year, each a memcpy away from an array.  The daily
** trend's totals are kept the same way, 31 days x (total, receipts) per
** stall and month.
**
** Format: n little-endian int64, nothing else (the table says what n is).
** Two SQL functions, registered on every hub connection, keep such blobs
** inside SQL so that an upsert or a migration stays one statement:
**   cells_add(a, b)                 element-wise a + b (a NULL: b); both the
**                                   same length, a multiple of 8 bytes
**   cells_sum(n, i, revenue, receipts)  aggregate: a blob of n pairs, pair i
**                                   adding (revenue, receipts); 0 <= i < n
** Any other input is an SQL error ("cells_add: ..."), never a silent sum.
** Private to the store.
*/
#ifndef HUB_CELLS_H
#define HUB_CELLS_H

#include <glib.h>
#include <sqlite3.h>
#include <stdint.h>

#define HUB_HEAT_DAY_PAIRS 24          /* roll_heat_day: hour */
#define HUB_HEAT_MONTH_PAIRS (7 * 24)  /* roll_heat_month: weekday (0 Monday) x 24 + hour */
#define HUB_DAY_CELLS_PAIRS 31         /* roll_day_cells: day of the month - 1 */
#define HUB_CELLS_MAX_PAIRS HUB_HEAT_MONTH_PAIRS

/* Registers cells_add and cells_sum on db; an SQLite result code. */
int hub_cells_register(sqlite3 *db);

/* n int64 into 8 * n bytes at out, little-endian. */
void hub_cells_encode(const int64_t *cells, guint n, guint8 *out);

/* Adds a blob of exactly n int64 into sum; FALSE (sum untouched) when its size is not 8 * n. */
gboolean hub_cells_add_blob(int64_t *sum, guint n, const void *blob, int bytes);

#endif
