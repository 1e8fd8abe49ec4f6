/*
** office-report-page.c: OfficeReportTable (see office-report-page.h).
**
** Written once for the product-lines and the core-stores pages, which
** differ only in their columns, charts and the words of their side panel.
*/
#include "office-report-page.h"

/* The selection's "changed" handler's data: the page's callback. */
typedef struct {
  int code_col;
  void (*on_selected)(const char *code, gpointer data);
  gpointer data;
} Selected;

/* Offsets of the shared template children in the page's instance. */
void office_report_table_bind(GtkWidgetClass *w, gsize offset)
{
  static const struct {
    const char *name;
    gsize field;
  } children[] = {
    {"summary_label", G_STRUCT_OFFSET(OfficeReportTable, summary_label)},
    {"side_title", G_STRUCT_OFFSET(OfficeReportTable, side_title)},
    {"side_verdict", G_STRUCT_OFFSET(OfficeReportTable, side_verdict)},
    {"table", G_STRUCT_OFFSET(OfficeReportTable, table)},
    {"parts_grid", G_STRUCT_OFFSET(OfficeReportTable, parts_grid)},
    {"explain_box", G_STRUCT_OFFSET(OfficeReportTable, explain_box)},
  };
  for (guint i = 0; i < G_N_ELEMENTS(children); i++)
    gtk_widget_class_bind_template_child_full(w, children[i].name, FALSE,
                                              (gssize)(offset + children[i].field));
}

/* The chosen row's code, or NULL, to the page. */
static void on_selection_changed(GtkTreeSelection *selection, Selected *s)
{
  GtkTreeModel *model = NULL;
  GtkTreeIter it;
  g_autofree char *code = NULL;
  if (gtk_tree_selection_get_selected(selection, &model, &it))
    gtk_tree_model_get(model, &it, s->code_col, &code, -1);
  s->on_selected(code, s->data);
}

/* The callback's data lives as long as the selection's handler. */
void office_report_table_setup(OfficeReportTable *t, gint n_cols, GType *types, int code_col,
                               int rank_col, int tooltip_col,
                               void (*on_selected)(const char *code, gpointer data),
                               gpointer data)
{
  Selected *s = g_new0(Selected, 1);
  s->code_col = code_col;
  s->on_selected = on_selected;
  s->data = data;
  t->code_col = code_col;
  t->store = gtk_list_store_newv(n_cols, types);
  t->sort = gtk_tree_model_sort_new_with_model(GTK_TREE_MODEL(t->store));
  gtk_tree_sortable_set_sort_column_id(GTK_TREE_SORTABLE(t->sort), rank_col, GTK_SORT_ASCENDING);
  gtk_tree_view_set_model(t->table, t->sort);
  gtk_tree_view_set_tooltip_column(t->table, tooltip_col);
  g_signal_connect_data(gtk_tree_view_get_selection(t->table), "changed",
                        G_CALLBACK(on_selection_changed), s, (GClosureNotify)(void (*)(void))g_free,
                        0);
}

/* The sorted view is kept alive (a reference) while the table has none. */
void office_report_table_fill_begin(OfficeReportTable *t)
{
  g_object_ref(t->sort);
  gtk_tree_view_set_model(t->table, NULL);
  gtk_list_store_clear(t->store);
}

/* Back in the table, the reference of fill_begin dropped. */
void office_report_table_fill_end(OfficeReportTable *t)
{
  gtk_tree_view_set_model(t->table, t->sort);
  g_object_unref(t->sort);
}

/* Scenarios and tests choose a row the way a click does. */
gboolean office_report_table_select(OfficeReportTable *t, const char *code)
{
  GtkTreeIter it;
  if (!office_ui_find_code(t->sort, t->code_col, code, &it))
    return FALSE;
  gtk_tree_selection_select_iter(gtk_tree_view_get_selection(t->table), &it);
  return TRUE;
}

/* No row chosen: the placeholder, no parts, no reasons. */
void office_report_table_clear_side(OfficeReportTable *t, const char *placeholder)
{
  office_ui_clear(GTK_CONTAINER(t->parts_grid));
  gtk_label_set_text(t->side_title, placeholder);
  gtk_label_set_text(t->side_verdict, "");
  office_ui_fill_explain(t->explain_box, NULL);
}

/* Parts until the first unnamed one: a score has up to AN_SCORE_PARTS. */
void office_report_table_show_side(OfficeReportTable *t, const char *title, char *verdict,
                                   const AnScorePart *parts, gboolean stores,
                                   const GPtrArray *explain)
{
  office_ui_clear(GTK_CONTAINER(t->parts_grid));
  gtk_label_set_text(t->side_title, title);
  office_ui_set_label(t->side_verdict, verdict);
  for (guint i = 0; i < AN_SCORE_PARTS && parts[i].name; i++)
    office_ui_part_row(t->parts_grid, (int)i, stores, &parts[i]);
  office_ui_fill_explain(t->explain_box, explain);
}

/* -1e300: below any figure a report holds. */
double office_report_sort_value(AnRatio r)
{
  return r.defined ? r.value : -1e300;
}

/* The template's widgets go with GTK; the models are the page's. */
void office_report_table_dispose(OfficeReportTable *t)
{
  g_clear_object(&t->sort);
  g_clear_object(&t->store);
}
