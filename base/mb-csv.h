/*
** mb-csv.h: CSV as the project reads and writes it.
**
** Reading: RFC 4180 records, UTF-8 only; a BOM is skipped; CRLF or LF;
** quoted fields may hold commas, doubled quotes and line breaks.
** Writing: cells quoted only when needed, and a cell that would start a
** spreadsheet formula (= + - @, tab, CR) neutralised with an apostrophe
** inside quotes, the OWASP advice against CSV injection.  Rows end in CRLF
** and a file starts with MB_CSV_BOM, so Korean Excel reads UTF-8.
*/
#ifndef MB_CSV_H
#define MB_CSV_H

#include <glib.h>

G_BEGIN_DECLS

#define MB_CSV_BOM "\xEF\xBB\xBF"

typedef struct {
  int line;          /* 1-based line where the record starts */
  GStrv fields;      /* owned */
} MbCsvRow;

/*
** Parses text into rows (MbCsvRow*, owned by the array), skipping blank
** lines.  MB_ERROR_INVALID for text that is not UTF-8, holds a NUL, or
** leaves a quote open (the message names the line).  Transfer full.
*/
GPtrArray *mb_csv_parse(const char *text, gsize len, GError **error);
/* Index of a column in a header row, case-insensitive; -1 when absent. */
int mb_csv_column(const MbCsvRow *header, const char *name);
/* Field i of a row, or "" when the row is shorter. Transfer none. */
const char *mb_csv_field(const MbCsvRow *row, int i);

/* Appends one text cell (NULL: empty), quoted and guarded as above; no
** separator.  out: transfer none. */
void mb_csv_append_cell(GString *out, const char *text);

G_END_DECLS
#endif
