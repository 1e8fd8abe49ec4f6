/*
** mb-csv.c: RFC 4180 records into rows of strings, and text cells out.
**
** Reading is one pass over the bytes with a small state machine: inside
** quotes every byte is data except a quote (which either closes the field
** or, doubled, is a literal quote); outside, commas end fields and CR/LF
** end records.  Validation happens once up front (UTF-8, no NUL), so the
** loop only has to find structure.
*/
#include "mb-csv.h"
#include "mb-error.h"
#include <string.h>

G_DEFINE_QUARK(mb-error-quark, mb_error)

/* Frees a row and its fields. */
static void row_free(MbCsvRow *row)
{
  g_strfreev(row->fields);
  g_free(row);
}

/* Takes fields over: a record becomes a row, a blank line is dropped. */
static void end_record(GPtrArray *rows, GPtrArray *fields, int line)
{
  if (fields->len == 1 && *(const char *)g_ptr_array_index(fields, 0) == '\0') {
    g_ptr_array_unref(fields);
    return;
  }
  MbCsvRow *row = g_new0(MbCsvRow, 1);
  row->line = line;
  g_ptr_array_add(fields, NULL);
  row->fields = (GStrv)g_ptr_array_free(fields, FALSE);
  g_ptr_array_add(rows, row);
}

/* The state machine described above; line counts every LF, quoted or not. */
GPtrArray *mb_csv_parse(const char *text, gsize len, GError **error)
{
  if (!g_utf8_validate_len(text, len, NULL) || memchr(text, '\0', len) != NULL) {
    g_set_error(error, MB_ERROR, MB_ERROR_INVALID,
                "not UTF-8 text (save the file as CSV UTF-8)");
    return NULL;
  }
  const char *p = text, *end = text + len;
  if (len >= 3 && memcmp(p, MB_CSV_BOM, 3) == 0)
    p += 3;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GString) f = g_string_new(NULL);
  int line = 1, record_line = 1;
  gboolean quoted = FALSE, any = FALSE;
  while (p < end) {
    char c = *p++;
    any = TRUE;
    if (quoted) {
      if (c == '"' && p < end && *p == '"') {
        g_string_append_c(f, '"');
        p++;
      } else if (c == '"') {
        quoted = FALSE;
      } else {
        if (c == '\n')
          line++;
        g_string_append_c(f, c);
      }
    } else if (c == '"') {
      quoted = TRUE;
    } else if (c == ',') {
      g_ptr_array_add(fields, g_strdup(f->str));
      g_string_truncate(f, 0);
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && p < end && *p == '\n')
        p++;
      g_ptr_array_add(fields, g_strdup(f->str));
      g_string_truncate(f, 0);
      end_record(rows, fields, record_line);
      fields = g_ptr_array_new_with_free_func(g_free);
      record_line = ++line;
      any = FALSE;
    } else {
      g_string_append_c(f, c);
    }
  }
  if (quoted) {
    g_ptr_array_unref(fields);
    g_set_error(error, MB_ERROR, MB_ERROR_INVALID,
                "line %d: a quoted field is never closed", record_line);
    return NULL;
  }
  if (any) {
    g_ptr_array_add(fields, g_strdup(f->str));
    end_record(rows, fields, record_line);
  } else {
    g_ptr_array_unref(fields);
  }
  return g_steal_pointer(&rows);
}

/* Header names are compared stripped, so " name " finds "name". */
int mb_csv_column(const MbCsvRow *header, const char *name)
{
  for (int i = 0; header->fields[i] != NULL; i++)
    if (g_ascii_strcasecmp(g_strstrip(header->fields[i]), name) == 0)
      return i;
  return -1;
}

/* Short rows read as empty cells. */
const char *mb_csv_field(const MbCsvRow *row, int i)
{
  if (i < 0 || i >= (int)g_strv_length(row->fields))
    return "";
  return row->fields[i];
}

/* Quotes only when needed, doubles quotes, defuses formulas. */
void mb_csv_append_cell(GString *out, const char *text)
{
  const char *t = text ? text : "";
  gboolean formula = t[0] != '\0' && strchr("=+-@\t\r", t[0]) != NULL;
  gboolean quote = formula || strpbrk(t, ",\"\r\n") != NULL;
  if (!quote) {
    g_string_append(out, t);
    return;
  }
  g_string_append_c(out, '"');
  if (formula)
    g_string_append_c(out, '\'');
  for (const char *p = t; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}
