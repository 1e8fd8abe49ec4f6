/*
** pos-csv.h: a small RFC 4180 reader for the project's CSV inputs (catalog
** import, seed data).  UTF-8 only; a BOM is skipped; CRLF or LF; quoted
** fields may hold commas, doubled quotes and line breaks.
*/
#ifndef POS_CSV_H
#define POS_CSV_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int line;          /* 1-based line where the record starts */
  GStrv fields;      /* owned */
} PosCsvRow;

/*
** Parses text into rows (PosCsvRow*, owned by the array), skipping blank
** lines.  INVALID for text that is not UTF-8, holds a NUL, or leaves a
** quote open (the message names the line).  Transfer full.
*/
GPtrArray *pos_csv_parse(const char *text, gsize len, GError **error);

/* Index of a column in a header row, case-insensitive; -1 when absent. */
int pos_csv_column(const PosCsvRow *header, const char *name);
/* Field i of a row, or "" when the row is shorter. Transfer none. */
const char *pos_csv_field(const PosCsvRow *row, int i);

G_END_DECLS
#endif
