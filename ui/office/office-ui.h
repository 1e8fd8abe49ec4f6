/*
** office-ui.h: small helpers every office widget uses: the GResource and
** the CSS, charts in drawing areas, tables, and texts shared by the views.
*/
#ifndef OFFICE_UI_H
#define OFFICE_UI_H

#include "an-charts.h"
#include "office-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OFFICE_RESOURCE_PATH "/org/marketpos/Office/"

/* Registers the office's GResource once; every widget class calls it first. */
void office_ui_ensure_resources(void);
/* Installs the office's CSS on the default screen once. */
void office_ui_load_css(void);
/* Sets or clears a CSS class. */
void office_ui_set_class(GtkWidget *widget, const char *css_class, gboolean on);
/* Removes every child of a container. */
void office_ui_clear(GtkContainer *container);

/*
** Starts a chart's draw handler: paints the drawing area white and gives
** the rectangle to draw in (the allocation less a margin).
*/
AnRect office_ui_chart_begin(GtkWidget *area, cairo_t *cr);

/*
** A text column of a table: the text from text_col, sorted by sort_col (-1:
** not sortable), right-aligned when numeric; background_col (-1: none)
** names a string column of colours for the whole row.  Transfer none.
*/
GtkTreeViewColumn *office_ui_text_column(GtkTreeView *view, const char *title, int text_col,
                                         int sort_col, gboolean numeric, int background_col);
/*
** The row of model whose string column code_col holds code, as *iter;
** FALSE when no row does.
*/
gboolean office_ui_find_code(GtkTreeModel *model, int code_col, const char *code,
                             GtkTreeIter *iter);
/* Escaped explain sentences (char *, may be NULL) as one tooltip, a line each. Transfer full. */
char *office_ui_explain_markup(const char *title, const GPtrArray *explain);
/* "12.3 won" figure labels: sets a label's text from a newly allocated string and frees it. */
void office_ui_set_label(GtkLabel *label, char *text);
/*
** A score part as a row of grid: its label, a bar (0..1), the value and
** the weight.  Used by the lines' and stores' side panels.
*/
void office_ui_part_row(GtkGrid *grid, int row, gboolean stores, const AnScorePart *part);
/* The explain sentences (char *, may be NULL) as wrapped labels in box (emptied first). */
void office_ui_fill_explain(GtkBox *box, const GPtrArray *explain);

G_END_DECLS
#endif
