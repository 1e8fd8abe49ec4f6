/*
** pos-import.c: catalog import from CSV.
**
** The file is read whole (at most 64 MiB), a UTF-8 BOM skipped, and parsed
** as RFC 4180 (quoted fields, doubled quotes, CRLF or LF).  The header names
** the columns, in any order.  All rows go in one transaction: the first bad
** row rolls everything back and its line number is in the message, so a
** merchant's half-good spreadsheet never leaves a half-imported catalog.
** A row whose product is unchanged writes nothing (no event either).
*/
#include "pos-int.h"
#include <stdarg.h>
#include <string.h>

#define IMPORT_MAX_BYTES (64u << 20)

enum { COL_PLU, COL_NAME, COL_LINE, COL_PRICE, COL_UNIT, COL_TAX, COL_BARCODE,
       COL_QUICK_KEY, COL_ACTIVE, COL_N };
static const char *const col_names[COL_N] = {"plu", "name", "line", "price", "unit", "tax",
                                             "barcode", "quick_key", "active"};

typedef struct {
  const char *p, *end;
  int line;            /* 1-based line of the record being read */
} CsvReader;

/*
** Reads one record into fields (GPtrArray of char*).  Returns FALSE at end
** of input; sets *bad on an unterminated quote.
*/
static gboolean csv_record(CsvReader *r, GPtrArray *fields, gboolean *bad)
{
  g_ptr_array_set_size(fields, 0);
  if (r->p >= r->end)
    return FALSE;
  GString *f = g_string_new(NULL);
  for (;;) {
    if (r->p < r->end && *r->p == '"') {
      r->p++;
      for (;;) {
        if (r->p >= r->end) {
          *bad = TRUE;
          g_string_free(f, TRUE);
          return FALSE;
        }
        if (*r->p == '"') {
          if (r->p + 1 < r->end && r->p[1] == '"') {
            g_string_append_c(f, '"');
            r->p += 2;
            continue;
          }
          r->p++;
          break;
        }
        if (*r->p == '\n')
          r->line++;
        g_string_append_c(f, *r->p++);
      }
    }
    while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
      g_string_append_c(f, *r->p++);
    g_ptr_array_add(fields, g_strdup(f->str));
    g_string_truncate(f, 0);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == '\r')
      r->p++;
    if (r->p < r->end && *r->p == '\n')
      r->p++;
    break;
  }
  g_string_free(f, TRUE);
  return TRUE;
}

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
static gboolean row_to_product(GPtrArray *fields, const int *col, PosProduct *p,
                               const char *path, int line, GError **error)
{
#define FIELD(c) (col[c] >= 0 && (guint)col[c] < fields->len \
                  ? (const char *)g_ptr_array_index(fields, col[c]) : "")
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

static gboolean read_header(CsvReader *r, GPtrArray *fields, int *col, const char *path,
                            GError **error)
{
  gboolean bad = FALSE;
  for (int c = 0; c < COL_N; c++)
    col[c] = -1;
  if (!csv_record(r, fields, &bad))
    return row_error(error, path, 1, "%s", "the file is empty: a header row is needed");
  for (guint i = 0; i < fields->len; i++) {
    const char *name = g_ptr_array_index(fields, i);
    for (int c = 0; c < COL_N; c++)
      if (g_ascii_strcasecmp(name, col_names[c]) == 0)
        col[c] = (int)i;
  }
  for (int c = 0; c <= COL_TAX; c++)
    if (col[c] < 0)
      return row_error(error, path, 1, "the header lacks the column '%s'", col_names[c]);
  r->line = 2;
  return TRUE;
}

static gboolean import_rows(PosLedger *ledger, CsvReader *r, const char *path,
                            PosImportStats *stats, GError **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
  int col[COL_N];
  gboolean bad = FALSE;
  int64_t now = pos_now_ms();
  if (!read_header(r, fields, col, path, error))
    return FALSE;
  for (int line = r->line; csv_record(r, fields, &bad); line = ++r->line) {
    if (fields->len == 1 && *(const char *)g_ptr_array_index(fields, 0) == '\0')
      continue;   /* blank line */
    g_autoptr(PosProduct) p = pos_product_new();
    if (!row_to_product(fields, col, p, path, line, error))
      return FALSE;
    if (g_hash_table_contains(seen, GINT_TO_POINTER(p->plu)))
      return row_error(error, path, line, "PLU %d appears twice in the file", p->plu);
    g_hash_table_add(seen, GINT_TO_POINTER(p->plu));
    stats->rows++;
    g_autoptr(GError) local = NULL;
    g_autoptr(PosProduct) old = pos_ledger_product_by_plu(ledger, p->plu, &local);
    if (old == NULL && !g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    if (old != NULL && same_product(old, p))
      continue;
    p->id = old ? old->id : 0;
    if (!pos_ledger_product_write(ledger, p, now, &local))
      return row_error(error, path, line, "%s", local->message);
    if (old)
      stats->updated++;
    else
      stats->inserted++;
  }
  if (bad)
    return row_error(error, path, r->line, "%s", "a quoted field is never closed");
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
  if (len > IMPORT_MAX_BYTES || !g_utf8_validate_len(data, len, NULL)
      || memchr(data, '\0', len) != NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "%s: not a UTF-8 text file of at most 64 MiB (save it as CSV UTF-8)", path);
    return FALSE;
  }
  CsvReader r = {data, data + len, 1};
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;
  if (!pos_ledger_begin(ledger, error))
    return FALSE;
  if (!import_rows(ledger, &r, path, &s, error) || !pos_ledger_commit(ledger, error)) {
    pos_ledger_rollback(ledger);
    return FALSE;
  }
  if (stats)
    *stats = s;
  return TRUE;
}
