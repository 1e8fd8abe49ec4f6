/*
** hub-cells.c: int64 arrays in a BLOB, and the SQL functions over them
** (hub-cells.h says why and the format).
**
** The sums are checked: a cell that would overflow int64 is an SQL error,
** as a won amount that does not fit is everywhere else in the hub.
*/
#include "hub-cells.h"
#include <string.h>

/* Reads cell i of a little-endian blob (memcpy: the blob need not be aligned). */
static int64_t cell_get(const guint8 *blob, guint i)
{
  guint64 v;
  memcpy(&v, blob + (gsize)i * 8, 8);
  return (int64_t)GUINT64_FROM_LE(v);
}

static void cell_put(guint8 *blob, guint i, int64_t value)
{
  guint64 v = GUINT64_TO_LE((guint64)value);
  memcpy(blob + (gsize)i * 8, &v, 8);
}

void hub_cells_encode(const int64_t *cells, guint n, guint8 *out)
{
  for (guint i = 0; i < n; i++)
    cell_put(out, i, cells[i]);
}

gboolean hub_cells_add_blob(int64_t *sum, guint n, const void *blob, int bytes)
{
  if (blob == NULL || bytes < 0 || (gsize)bytes != (gsize)n * 8)
    return FALSE;
  for (guint i = 0; i < n; i++)
    sum[i] += cell_get(blob, i);
  return TRUE;
}

/* cells_add(a, b): both BLOBs of one size (a multiple of 8), or a NULL. */
static void cells_add_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  (void)argc;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_value(ctx, argv[1]);
    return;
  }
  if (sqlite3_value_type(argv[0]) != SQLITE_BLOB || sqlite3_value_type(argv[1]) != SQLITE_BLOB) {
    sqlite3_result_error(ctx, "cells_add: both arguments must be cell blobs", -1);
    return;
  }
  int bytes = sqlite3_value_bytes(argv[0]);
  const guint8 *a = sqlite3_value_blob(argv[0]);
  const guint8 *b = sqlite3_value_blob(argv[1]);
  if (bytes != sqlite3_value_bytes(argv[1]) || bytes % 8 != 0 || bytes == 0) {
    sqlite3_result_error(ctx, "cells_add: blobs of different or odd sizes", -1);
    return;
  }
  guint8 *out = sqlite3_malloc(bytes);
  if (out == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  for (guint i = 0; i < (guint)bytes / 8; i++) {
    int64_t s;
    if (__builtin_add_overflow(cell_get(a, i), cell_get(b, i), &s)) {
      sqlite3_free(out);
      sqlite3_result_error(ctx, "cells_add: a cell overflows int64", -1);
      return;
    }
    cell_put(out, i, s);
  }
  sqlite3_result_blob(ctx, out, bytes, sqlite3_free);
}

/* The aggregate's state: the pairs so far, or the first error. */
typedef struct {
  guint n;               /* pairs; 0 until the first row */
  int64_t *cells;        /* [2 * n] */
  const char *error;     /* static text */
} CellsSum;

static void cells_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  (void)argc;
  CellsSum *s = sqlite3_aggregate_context(ctx, sizeof *s);
  if (s == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (s->error)
    return;
  int64_t n = sqlite3_value_int64(argv[0]);
  int64_t i = sqlite3_value_int64(argv[1]);
  if (s->n == 0) {
    if (n <= 0 || n > HUB_CELLS_MAX_PAIRS) {
      s->error = "cells_sum: the number of pairs must be 1..168";
      return;
    }
    s->n = (guint)n;
    s->cells = g_new0(int64_t, 2 * s->n);
  }
  if (n != s->n || i < 0 || i >= s->n) {
    s->error = "cells_sum: a pair index out of range";
    return;
  }
  int64_t *r = &s->cells[2 * i];
  if (__builtin_add_overflow(r[0], sqlite3_value_int64(argv[2]), &r[0])
      || __builtin_add_overflow(r[1], sqlite3_value_int64(argv[3]), &r[1]))
    s->error = "cells_sum: a cell overflows int64";
}

static void cells_sum_final(sqlite3_context *ctx)
{
  CellsSum *s = sqlite3_aggregate_context(ctx, 0);
  if (s == NULL || s->n == 0) {
    if (s && s->error)
      sqlite3_result_error(ctx, s->error, -1);
    else
      sqlite3_result_null(ctx);   /* no rows */
    return;
  }
  if (s->error) {
    sqlite3_result_error(ctx, s->error, -1);
  } else {
    guint8 *out = sqlite3_malloc((int)(16 * s->n));
    if (out == NULL) {
      sqlite3_result_error_nomem(ctx);
    } else {
      hub_cells_encode(s->cells, 2 * s->n, out);
      sqlite3_result_blob(ctx, out, (int)(16 * s->n), sqlite3_free);
    }
  }
  g_free(s->cells);
}

int hub_cells_register(sqlite3 *db)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
  int rc = sqlite3_create_function_v2(db, "cells_add", 2, flags, NULL, cells_add_func, NULL,
                                      NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "cells_sum", 4, flags, NULL, NULL, cells_sum_step,
                                    cells_sum_final, NULL);
  return rc;
}
