/*
** an-xlsx-int.h: the workbook kit the Excel writers share (defined in
** an-report-xlsx.c, used by an-program-xlsx.c for the impact and Onnuri
** workbooks).  Private to analytics.
**
** A book owns the libxlsxwriter workbook, its shared cell formats and the
** private temporary directory it is written into; a sheet is one table
** being written left to right, row by row, remembering the widest cell of
** each column so the columns fit.  Every heading is Korean (an_column_label,
** the CSV's `--header ko`), the heading row frozen, won as numbers with
** thousands separators, ratios as percentages or two decimals, days as
** real Excel dates.  All pointers here are borrowed: transfer none, except
** an_xlsx_book_finish's bytes (transfer full).
*/
#ifndef AN_XLSX_INT_H
#define AN_XLSX_INT_H

#include "an-int.h"
#include <xlsxwriter.h>

G_BEGIN_DECLS

#define AN_XLSX_MAX_COLS 32

typedef struct {
  lxw_workbook *wb;
  lxw_format *head, *won, *integer, *pct, *ratio, *date, *time, *wrap, *title;
  char *dir, *path;                 /* the private temporary file */
} AnXlsxBook;

/* One table being written: its sheet, the next row, the widest cells. */
typedef struct {
  AnXlsxBook *b;
  lxw_worksheet *ws;
  const char *sheet;
  lxw_row_t row;
  lxw_col_t col;
  guint ncols;
  double width[AN_XLSX_MAX_COLS];
} AnXlsxSheet;

/* Opens a workbook with the shared formats (IO on failure; nothing left). */
gboolean an_xlsx_book_start(AnXlsxBook *b, const char *title, GError **error);
/* Closes it, reads it back, removes the file: the bytes or NULL (IO). */
GBytes *an_xlsx_book_finish(AnXlsxBook *b, GError **error);

/* A new sheet with its Korean heading row (columns: JSON names, NULL-ended). */
void an_xlsx_sheet_begin(AnXlsxSheet *s, AnXlsxBook *b, const char *name,
                         const char *const *columns);
void an_xlsx_next_row(AnXlsxSheet *s);
void an_xlsx_put_text(AnXlsxSheet *s, const char *text);      /* NULL or "": empty */
void an_xlsx_put_won(AnXlsxSheet *s, int64_t v);
void an_xlsx_put_int(AnXlsxSheet *s, int64_t v);
void an_xlsx_put_ratio(AnXlsxSheet *s, AnRatio r, gboolean percent); /* undefined: empty */
void an_xlsx_put_bool(AnXlsxSheet *s, gboolean v);
void an_xlsx_put_day(AnXlsxSheet *s, AnDay day);
void an_xlsx_put_explain(AnXlsxSheet *s, const GPtrArray *explain); /* one wrapped cell */
/* Fits the columns and puts an autofilter over the table. */
void an_xlsx_sheet_end(AnXlsxSheet *s);

/* A chart (Korean title, no legend) and its series over a sheet's cells. */
lxw_chart *an_xlsx_chart_new(AnXlsxBook *b, uint8_t type, const char *title);
void an_xlsx_series(lxw_chart *chart, const char *sheet, lxw_row_t first, lxw_row_t last,
                    lxw_col_t cat_col, lxw_col_t val_col, const char *name);
void an_xlsx_insert_chart(AnXlsxSheet *s, lxw_row_t row, lxw_col_t col, lxw_chart *chart);

G_END_DECLS
#endif
