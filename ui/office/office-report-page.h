/*
** office-report-page.h: what the product-lines page and the core-stores
** page share.
**
** Both pages are the same screen over a different report: a summary line,
** two charts, a sortable table of the report's rows (in the hub's rank
** order, a tooltip of reasons on each) and a side panel that explains the
** chosen row (a title, a verdict line, the score's weighted parts, the
** hub's sentences).  OfficeReportTable is that common part, embedded in
** each page's instance struct; its template children are bound by offset,
** so each page keeps its own .ui file and its own columns and charts.
*/
#ifndef OFFICE_REPORT_PAGE_H
#define OFFICE_REPORT_PAGE_H

#include "office-ui.h"

G_BEGIN_DECLS

typedef struct {
  GtkLabel *summary_label, *side_title, *side_verdict;   /* template children */
  GtkTreeView *table;
  GtkGrid *parts_grid;
  GtkBox *explain_box;
  GtkListStore *store;          /* owned: the rows */
  GtkTreeModel *sort;           /* owned: the store as the table sorts it */
  int code_col;                 /* the store's column of row codes */
} OfficeReportTable;

/*
** Binds the table's template children (summary_label, side_title,
** side_verdict, table, parts_grid, explain_box) of a page class whose
** instance holds an OfficeReportTable at offset.
*/
void office_report_table_bind(GtkWidgetClass *widget_class, gsize offset);
/*
** Makes the store (n_cols columns of types), its sorted view in rank_col
** order, and the row tooltips from tooltip_col; on_selected(code, data)
** is called with the chosen row's code (NULL: none) on every change of
** the selection.  After gtk_widget_init_template.
*/
void office_report_table_setup(OfficeReportTable *t, gint n_cols, GType *types, int code_col,
                               int rank_col, int tooltip_col,
                               void (*on_selected)(const char *code, gpointer data),
                               gpointer data);
/*
** Empties the store and detaches it from the table (no per-row signals
** while it is refilled); office_report_table_fill_end puts it back with the
** user's sort.
*/
void office_report_table_fill_begin(OfficeReportTable *t);
void office_report_table_fill_end(OfficeReportTable *t);
/* Chooses the row of code as a click would; FALSE when no row has it. */
gboolean office_report_table_select(OfficeReportTable *t, const char *code);
/* The side panel with no row chosen: placeholder as its title. */
void office_report_table_clear_side(OfficeReportTable *t, const char *placeholder);
/*
** The side panel for a chosen row: title, the verdict line (transfer
** full), its score's parts (stores: the stores score's labels) and the
** reasons (char *).
*/
void office_report_table_show_side(OfficeReportTable *t, const char *title, char *verdict,
                                   const AnScorePart *parts, gboolean stores,
                                   const GPtrArray *explain);
/* A ratio as a sort key: undefined sorts below every real figure, never as 0. */
double office_report_sort_value(AnRatio r);
/* Drops the store and its sorted view (from the page's dispose). */
void office_report_table_dispose(OfficeReportTable *t);

G_END_DECLS
#endif
