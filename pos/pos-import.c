/*
** pos-import.c: catalog import from CSV.
**
** The file is read whole (at most 64 MiB) and parsed by mb_csv_parse (RFC
** 4180, BOM skipped, CRLF or LF).  The header names
** the columns, in any order.  All rows go in one transaction: the first bad
** row rolls everything back and its line number is in the message, so a
** merchant's half-good spreadsheet never leaves a half-imported catalog.
** A row whose product is unchanged writes nothing (no event either).
*/
#include "mb-csv.h"
#include "pos-int.h"
#include <stdarg.h>
#include <string.h>

#define IMPORT_MAX_BYTES (64u << 20)

enum { COL_PLU, COL_NAME, COL_LINE, COL_PRICE, COL_UNIT, COL_TAX, COL_BARCODE,
       COL_QUICK_KEY, COL_ACTIVE, COL_N };
static const char *const col_names[COL_N] = {"plu", "name", "line", "price", "unit", "tax",
                                             "barcode", "quick_key", "active"};

static gboolean row_error(GError **error, const char *path, int line, const char *fmt, ...)
  G_GNUC_PRINTF(4, 5);

static gboolean row_error(GError **error, const char *path, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "%s line %d: %s", path, line, msg);
  return FALSE;
}

/* Fills p from one record; field positions come from the header. */
static gboolean row_to_product(const MbCsvRow *row, const int *col, PosProduct *p,
                               const char *path, int line, GError **error)
{
#define FIELD(c) mb_csv_field(row, col[c])
  char *end;
  const char *v = FIELD(COL_PLU);
  long plu = strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0')
    return row_error(error, path, line, "plu '%s' is not a number", v);
  p->plu = (int)CLAMP(plu, -1, 100000);
  g_free(p->name);
  p->name = g_strstrip(g_strdup(FIELD(COL_NAME)));
  g_free(p->line_code);
  p->line_code = g_strdup(FIELD(COL_LINE));
  g_autoptr(GError) local = NULL;
  if (!pos_money_parse(FIELD(COL_PRICE), &p->price, &local))
    return row_error(error, path, line, "%s", local->message);
  v = FIELD(COL_UNIT);
  if (strcmp(v, "piece") == 0)
    p->unit = POS_UNIT_PIECE;
  else if (strcmp(v, "kg") == 0)
    p->unit = POS_UNIT_KG;
  else
    return row_error(error, path, line, "unit '%s' must be piece or kg", v);
  v = FIELD(COL_TAX);
  if (strcmp(v, "taxable") == 0)
    p->tax = POS_TAX_TAXABLE;
  else if (strcmp(v, "exempt") == 0)
    p->tax = POS_TAX_EXEMPT;
  else
    return row_error(error, path, line, "tax '%s' must be taxable or exempt", v);
  g_free(p->barcode);
  v = FIELD(COL_BARCODE);
  p->barcode = *v ? g_strdup(v) : NULL;
  v = FIELD(COL_QUICK_KEY);
  p->quick_key = *v ? (int)strtol(v, &end, 10) : -1;
  if (*v && *end != '\0')
    return row_error(error, path, line, "quick_key '%s' is not a number", v);
  v = FIELD(COL_ACTIVE);
  if (*v == '\0' || strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
    p->active = TRUE;
  else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
    p->active = FALSE;
  else
    return row_error(error, path, line, "active '%s' must be 1/0 or true/false", v);
  if (!pos_product_validate(p, &local))
    return row_error(error, path, line, "%s", local->message);
  return TRUE;
#undef FIELD
}

static gboolean same_product(const PosProduct *a, const PosProduct *b)
{
  return a->plu == b->plu && strcmp(a->name, b->name) == 0
         && strcmp(a->line_code, b->line_code) == 0 && a->unit == b->unit
         && a->price == b->price && a->tax == b->tax
         && g_strcmp0(a->barcode, b->barcode) == 0 && a->quick_key == b->quick_key
         && a->active == b->active;
}

static gboolean read_header(const MbCsvRow *header, int *col, const char *path,
                            GError **error)
{
  for (int c = 0; c < COL_N; c++)
    col[c] = mb_csv_column(header, col_names[c]);
  for (int c = 0; c <= COL_TAX; c++)
    if (col[c] < 0)
      return row_error(error, path, header->line, "the header lacks the column '%s'",
                       col_names[c]);
  return TRUE;
}

static gboolean import_rows(PosLedger *ledger, GPtrArray *rows, const char *path,
                            PosImportStats *stats, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
  int col[COL_N];
  int64_t now = pos_now_ms();
  if (rows->len == 0)
    return row_error(error, path, 1, "%s", "the file is empty: a header row is needed");
  if (!read_header(g_ptr_array_index(rows, 0), col, path, error))
    return FALSE;
  for (guint i = 1; i < rows->len; i++) {
    const MbCsvRow *row = g_ptr_array_index(rows, i);
    g_autoptr(PosProduct) p = pos_product_new();
    if (!row_to_product(row, col, p, path, row->line, error))
      return FALSE;
    if (g_hash_table_contains(seen, GINT_TO_POINTER(p->plu)))
      return row_error(error, path, row->line, "PLU %d appears twice in the file", p->plu);
    g_hash_table_add(seen, GINT_TO_POINTER(p->plu));
    stats->rows++;
    g_autoptr(GError) local = NULL;
    g_autoptr(PosProduct) old = pos_ledger_product_by_plu(ledger, p->plu, &local);
    if (old == NULL && !g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    g_clear_error(&local);   /* NOT_FOUND just means a new product */
    if (old != NULL && same_product(old, p))
      continue;
    p->id = old ? old->id : 0;
    if (!pos_ledger_product_write(ledger, p, now, &local)) {
      if (!g_error_matches(local, POS_ERROR, POS_ERROR_UNKNOWN_LINE))
        return row_error(error, path, row->line, "%s", local->message);
      g_propagate_prefixed_error(error, g_steal_pointer(&local), "%s line %d: ", path,
                                 row->line);
      return FALSE;
    }
    if (old)
      stats->updated++;
    else
      stats->inserted++;
  }
  return TRUE;
}

gboolean pos_ledger_product_import(PosLedger *ledger, const char *path,
                                   PosImportStats *stats, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) local = NULL;
  PosImportStats s = {0};
  if (!g_file_get_contents(path, &data, &len, &local)) {
    g_set_error(error, POS_ERROR, POS_ERROR_IO, "%s", local->message);
    return FALSE;
  }
  if (len > IMPORT_MAX_BYTES) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "%s: larger than 64 MiB", path);
    return FALSE;
  }
  g_autoptr(GPtrArray) rows = mb_csv_parse(data, len, &local);
  if (rows == NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "%s: %s", path, local->message);
    return FALSE;
  }
  if (!pos_ledger_begin(ledger, error))
    return FALSE;
  if (!import_rows(ledger, rows, path, &s, error) || !pos_ledger_commit(ledger, error)) {
    pos_ledger_rollback(ledger);
    return FALSE;
  }
  if (stats)
    *stats = s;
  return TRUE;
}
