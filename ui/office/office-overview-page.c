/*
** office-overview-page.c: OfficeOverviewPage (see office-pages.h).
**
** The stalls table is a GtkListStore behind a GtkTreeModelFilter (the
** search and the "silent only" box) behind a GtkTreeModelSort (the column
** headers).  Every text a cell shows is formatted once, when the data
** arrives, and kept in its own column beside the number it sorts by: a
** row drawn while scrolling costs no allocation and no formatting, which
** keeps 200 rows scrolling and sorting inside a frame.
*/
#include "office-format.h"
#include "office-pages.h"
#include "office-ui.h"
#include "spark-renderer.h"
#include <glib/gi18n.h>
#include <string.h>

enum {
  COL_CODE, COL_NAME, COL_RANK, COL_RANK_TEXT, COL_REVENUE, COL_REVENUE_TEXT, COL_GROWTH,
  COL_GROWTH_TEXT, COL_SPARK, COL_PERCENTILE, COL_PERCENTILE_TEXT, COL_RECEIPTS,
  COL_RECEIPTS_TEXT, COL_TICKET, COL_TICKET_TEXT, COL_ONNURI, COL_ONNURI_TEXT, COL_ONNURI_FG,
  COL_SYNC, COL_SYNC_TEXT, COL_SYNC_FG, COL_SILENT, COL_BACKGROUND, COL_SEARCH, COL_TOOLTIP,
  N_COLS
};

/* Sorts undefined ratios below every real one. */
#define UNDEFINED_SORT (-1e300)
#define SILENT_BACKGROUND "#fdecea"
#define SILENT_FOREGROUND "#b3261e"
#define FLAG_FOREGROUND "#b35c00"

struct _OfficeOverviewPage {
  GtkBox parent_instance;
  GtkLabel *revenue_value, *revenue_change, *receipts_value, *receipts_change;
  GtkLabel *ticket_value, *ticket_change, *onnuri_value, *onnuri_change;
  GtkLabel *silent_value, *silent_change, *count_label;
  GtkWidget *silent_card;
  GtkSearchEntry *search_entry;
  GtkToggleButton *silent_check;
  GtkTreeView *table;
  GtkListStore *store;
  GtkTreeModel *filter, *sort;
  OfficeModel *model;
  gconstpointer shown;          /* the overview on screen */
  char *needle;                 /* the search, case-folded */
};

enum { SIGNAL_STALL_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(OfficeOverviewPage, office_overview_page, GTK_TYPE_BOX)

/* ---- Key figures ------------------------------------------------------------------- */

/* "+11.1% · previous 343,873,040 won": the change and what it is against. */
static char *change_text(AnRatio growth, const char *previous)
{
  g_autofree char *change = office_format_change(growth);
  if (previous == NULL)
    return g_strdup(_("no comparison period"));
  /* TRANSLATORS: a change, then the previous period's figure. */
  return g_strdup_printf(_("%s · previous %s"), change, previous);
}

/* a / b − 1, undefined without a positive b. */
static AnRatio growth_of(double a, double b)
{
  AnRatio r = {0, FALSE};
  if (b > 0) {
    r.value = a / b - 1.0;
    r.defined = TRUE;
  }
  return r;
}

/* Half up, as the hub rounds an average ticket. */
static int64_t average(int64_t revenue, int64_t receipts)
{
  return receipts > 0 ? (revenue + receipts / 2) / receipts : 0;
}

/* The five cards: the period against the previous one, and the silent count. */
static void show_figures(OfficeOverviewPage *p, const OfficeReport *r, guint silent)
{
  const AnStallsReport *o = r->wire.stalls;
  gboolean compare = o->head.query.compare != AN_COMPARE_NONE;
  g_autofree char *prev_rev = compare ? office_format_won(o->prev_revenue) : NULL;
  office_ui_set_label(p->revenue_value, office_format_won(o->revenue));
  office_ui_set_label(p->revenue_change, change_text(o->growth, prev_rev));
  office_ui_set_label(p->receipts_value, office_format_count(o->receipts));
  if (r->prev_known) {
    g_autofree char *prev = office_format_count(r->prev_receipts);
    office_ui_set_label(p->receipts_change,
                        change_text(growth_of((double)o->receipts, (double)r->prev_receipts),
                                    prev));
  } else {
    office_ui_set_label(p->receipts_change, change_text(o->growth, NULL));
  }
  int64_t ticket = average(o->revenue, o->receipts);
  office_ui_set_label(p->ticket_value, o->receipts > 0 ? office_format_won(ticket)
                                                       : g_strdup("-"));
  if (r->prev_known && r->prev_receipts > 0) {
    int64_t prev_ticket = average(o->prev_revenue, r->prev_receipts);
    g_autofree char *prev = office_format_won(prev_ticket);
    office_ui_set_label(p->ticket_change,
                        change_text(growth_of((double)ticket, (double)prev_ticket), prev));
  } else {
    office_ui_set_label(p->ticket_change, change_text(o->growth, NULL));
  }
  office_ui_set_label(p->onnuri_value, office_format_percent(o->onnuri_share, 1));
  AnRatio flag = {o->head.query.config.onnuri_flag_share, TRUE};
  g_autofree char *cut = office_format_percent(flag, 0);
  office_ui_set_label(p->onnuri_change, g_strdup_printf(_("a stall at %s or more is flagged"),
                                                        cut));
  office_ui_set_label(p->silent_value,
                      g_strdup_printf(ngettext("%u stall", "%u stalls", silent), silent));
  int days = office_model_get_silent_days(p->model);
  office_ui_set_label(p->silent_change,
                      g_strdup_printf(ngettext("none for over %d day, or never",
                                               "none for over %d days, or never",
                                               (unsigned long)days), days));
  office_ui_set_class(p->silent_card, "alert", silent > 0);
}

/* ---- Table ------------------------------------------------------------------------------ */

/* One stall as a row: every text formatted now, never while drawing. */
static void append_row(OfficeOverviewPage *p, const AnStallRow *s, gint64 now_ms)
{
  GtkTreeIter it;
  g_autofree gint64 *daily = g_new0(gint64, MAX(s->daily->len, 1));
  for (guint i = 0; i < s->daily->len; i++)
    daily[i] = g_array_index(s->daily, AnDailyPoint, i).revenue;
  gboolean silent = office_model_stall_silent(p->model, s);
  g_autofree char *rank = s->rank ? g_strdup_printf("%u", s->rank) : g_strdup("-");
  g_autofree char *revenue = office_format_count(s->revenue);
  g_autofree char *growth = office_format_change(s->growth);
  g_autofree char *percentile = office_format_ratio(s->percentile, 0);
  g_autofree char *receipts = office_format_count(s->receipts);
  g_autofree char *ticket = s->avg_ticket_defined ? office_format_count(s->avg_ticket)
                                                  : g_strdup("-");
  g_autofree char *onnuri = office_format_percent(s->onnuri_share, 1);
  g_autofree char *sync = office_format_sync_age(s->last_sync_ms, now_ms);
  g_autofree char *search = g_utf8_casefold(s->code, -1);
  g_autofree char *name_fold = g_utf8_casefold(s->name, -1);
  g_autofree char *tooltip = office_ui_explain_markup(s->name, s->explain);
  g_autoptr(GBytes) spark = mpos_spark_values_from_int64(daily, s->daily->len);
  g_autofree char *haystack = g_strconcat(search, " ", name_fold, NULL);
  gtk_list_store_insert_with_values(
    p->store, &it, -1, COL_CODE, s->code, COL_NAME, s->name, COL_RANK, s->rank ? s->rank : G_MAXUINT,
    COL_RANK_TEXT, rank, COL_REVENUE, (gint64)s->revenue, COL_REVENUE_TEXT, revenue,
    COL_GROWTH, s->growth.defined ? s->growth.value : UNDEFINED_SORT, COL_GROWTH_TEXT, growth,
    COL_SPARK, spark, COL_PERCENTILE, s->percentile.defined ? s->percentile.value : UNDEFINED_SORT,
    COL_PERCENTILE_TEXT, percentile, COL_RECEIPTS, (gint64)s->receipts, COL_RECEIPTS_TEXT, receipts,
    COL_TICKET, (gint64)(s->avg_ticket_defined ? s->avg_ticket : -1), COL_TICKET_TEXT, ticket,
    COL_ONNURI, s->onnuri_share.defined ? s->onnuri_share.value : UNDEFINED_SORT,
    COL_ONNURI_TEXT, onnuri, COL_ONNURI_FG, s->onnuri_flag ? FLAG_FOREGROUND : NULL,
    COL_SYNC, (gint64)s->last_sync_ms, COL_SYNC_TEXT, sync,
    COL_SYNC_FG, silent ? SILENT_FOREGROUND : NULL, COL_SILENT, silent,
    COL_BACKGROUND, silent ? SILENT_BACKGROUND : NULL, COL_SEARCH, haystack,
    COL_TOOLTIP, tooltip, -1);
}

/* "12 of 200 stalls": what the search and the filter leave. */
static void update_count(OfficeOverviewPage *p)
{
  int shown = gtk_tree_model_iter_n_children(p->sort, NULL);
  int all = gtk_tree_model_iter_n_children(GTK_TREE_MODEL(p->store), NULL);
  office_ui_set_label(p->count_label,
                      g_strdup_printf(ngettext("%d of %d stall", "%d of %d stalls",
                                               (unsigned long)all), shown, all));
}

/*
** The store is refilled detached from the view (no per-row signals to a
** view that would lay out each insertion), keeping the user's sort.
*/
static void fill_table(OfficeOverviewPage *p, const OfficeReport *o)
{
  const GPtrArray *rows = o->wire.stalls->rows;
  gint64 now = office_model_now_ms(p->model);
  guint silent = 0;
  g_object_ref(p->sort);
  gtk_tree_view_set_model(p->table, NULL);
  gtk_list_store_clear(p->store);
  for (guint i = 0; i < rows->len; i++) {
    const AnStallRow *s = rows->pdata[i];
    append_row(p, s, now);
    silent += office_model_stall_silent(p->model, s) ? 1 : 0;
  }
  gtk_tree_view_set_model(p->table, p->sort);
  g_object_unref(p->sort);
  show_figures(p, o, silent);
  update_count(p);
}

/* The search and the silent box: a row stays when both let it. */
static gboolean row_visible(GtkTreeModel *model, GtkTreeIter *it, gpointer data)
{
  OfficeOverviewPage *p = data;
  gboolean silent = FALSE;
  g_autofree char *haystack = NULL;
  gtk_tree_model_get(model, it, COL_SILENT, &silent, COL_SEARCH, &haystack, -1);
  if (gtk_toggle_button_get_active(p->silent_check) && !silent)
    return FALSE;
  return p->needle == NULL || (haystack && strstr(haystack, p->needle));
}

/* Case-folded once per keystroke, not per row. */
static void on_search_changed(OfficeOverviewPage *p)
{
  const char *text = gtk_entry_get_text(GTK_ENTRY(p->search_entry));
  g_free(p->needle);
  p->needle = text && *text ? g_utf8_casefold(text, -1) : NULL;
  gtk_tree_model_filter_refilter(GTK_TREE_MODEL_FILTER(p->filter));
  update_count(p);
}

/* A double click (or Enter) on a row opens the stall. */
static void on_row_activated(OfficeOverviewPage *p, GtkTreePath *path, GtkTreeViewColumn *col)
{
  GtkTreeIter it;
  g_autofree char *code = NULL;
  (void)col;
  if (!gtk_tree_model_get_iter(p->sort, &it, path))
    return;
  gtk_tree_model_get(p->sort, &it, COL_CODE, &code, -1);
  g_signal_emit(p, signals[SIGNAL_STALL_ACTIVATED], 0, code);
}

/*
** Every column has a fixed width and the view a fixed row height: GTK then
** never measures the cells of rows scrolled into view (in fixed height
** mode it takes the first row's height for all), which is most of a
** frame's cost at 200 rows.  The name column takes the width left over.
*/
static GtkTreeViewColumn *fixed(GtkTreeViewColumn *col, int width)
{
  gtk_tree_view_column_set_sizing(col, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width(col, width);
  return col;
}

/* A text column whose foreground may come from a colour column (-1: none). */
static GtkTreeViewColumn *add_column(OfficeOverviewPage *p, const char *title, int text, int sort,
                                     gboolean numeric, int fg, int width)
{
  GtkTreeViewColumn *col = office_ui_text_column(p->table, title, text, sort, numeric,
                                                 COL_BACKGROUND);
  if (fg >= 0) {
    g_autoptr(GList) cells = gtk_cell_layout_get_cells(GTK_CELL_LAYOUT(col));
    gtk_tree_view_column_add_attribute(col, cells->data, "foreground", fg);
  }
  return fixed(col, width);
}

/* The store behind a filter behind a sort; fixed-size columns (see fixed()). */
static void build_table(OfficeOverviewPage *p)
{
  p->store = gtk_list_store_new(N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING,
                                G_TYPE_INT64, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_BYTES, G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_INT64,
                                G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_DOUBLE,
                                G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING,
                                G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_STRING,
                                G_TYPE_STRING);
  p->filter = gtk_tree_model_filter_new(GTK_TREE_MODEL(p->store), NULL);
  gtk_tree_model_filter_set_visible_func(GTK_TREE_MODEL_FILTER(p->filter), row_visible, p, NULL);
  p->sort = gtk_tree_model_sort_new_with_model(p->filter);
  gtk_tree_sortable_set_sort_column_id(GTK_TREE_SORTABLE(p->sort), COL_REVENUE,
                                       GTK_SORT_DESCENDING);
  gtk_tree_view_set_model(p->table, p->sort);
  gtk_tree_view_set_tooltip_column(p->table, COL_TOOLTIP);
  add_column(p, _("Rank"), COL_RANK_TEXT, COL_RANK, TRUE, -1, 60);
  add_column(p, _("Stall"), COL_NAME, COL_NAME, FALSE, -1, 150);
  GtkTreeViewColumn *code = add_column(p, _("Code"), COL_CODE, COL_CODE, FALSE, -1, 92);
  gtk_tree_view_column_set_expand(code, FALSE);
  add_column(p, _("Revenue (won)"), COL_REVENUE_TEXT, COL_REVENUE, TRUE, -1, 124);
  add_column(p, C_("growth", "Change"), COL_GROWTH_TEXT, COL_GROWTH, TRUE, -1, 76);
  GtkCellRenderer *spark = mpos_spark_renderer_new();
  GtkTreeViewColumn *col = gtk_tree_view_column_new_with_attributes(
    _("Daily revenue"), spark, "values", COL_SPARK, "cell-background", COL_BACKGROUND, NULL);
  gtk_tree_view_append_column(p->table, fixed(col, 136));
  add_column(p, _("Percentile"), COL_PERCENTILE_TEXT, COL_PERCENTILE, TRUE, -1, 92);
  add_column(p, _("Receipts"), COL_RECEIPTS_TEXT, COL_RECEIPTS, TRUE, -1, 84);
  add_column(p, _("Avg. ticket (won)"), COL_TICKET_TEXT, COL_TICKET, TRUE, -1, 132);
  add_column(p, _("Onnuri"), COL_ONNURI_TEXT, COL_ONNURI, TRUE, COL_ONNURI_FG, 76);
  add_column(p, _("Last sync"), COL_SYNC_TEXT, COL_SYNC, TRUE, COL_SYNC_FG, 130);
  gtk_tree_view_set_fixed_height_mode(p->table, TRUE);
}

/* Redraws when the overview's data changed (a state change alone changes nothing here). */
static void on_model_changed(OfficeModel *model, int view, OfficeOverviewPage *p)
{
  OfficeReport *o = office_model_get_overview(model);
  if (view != OFFICE_VIEW_OVERVIEW || o == p->shown)
    return;
  p->shown = o;
  if (o)
    fill_table(p, o);
  else
    gtk_list_store_clear(p->store);
}

/* For the bench and the tests, which scroll and sort it. */
GtkTreeView *office_overview_page_get_table(OfficeOverviewPage *page)
{
  return page->table;
}

/* Types into the search entry as a person would. */
void office_overview_page_search(OfficeOverviewPage *page, const char *text)
{
  gtk_entry_set_text(GTK_ENTRY(page->search_entry), text ? text : "");
  on_search_changed(page);
}

/* Rows after the search and the silent filter. */
int office_overview_page_visible_rows(OfficeOverviewPage *page)
{
  return gtk_tree_model_iter_n_children(page->sort, NULL);
}

/* Activates the stall's row as a double click would. */
gboolean office_overview_page_open(OfficeOverviewPage *page, const char *code)
{
  GtkTreeIter it;
  if (!office_ui_find_code(page->sort, COL_CODE, code, &it))
    return FALSE;
  g_autoptr(GtkTreePath) path = gtk_tree_model_get_path(page->sort, &it);
  gtk_tree_view_row_activated(page->table, path, gtk_tree_view_get_column(page->table, 1));
  return TRUE;
}

/* Drops the models and the model; the template's widgets go with GTK. */
static void office_overview_page_dispose(GObject *object)
{
  OfficeOverviewPage *p = OFFICE_OVERVIEW_PAGE(object);
  g_clear_object(&p->sort);
  g_clear_object(&p->filter);
  g_clear_object(&p->store);
  g_clear_object(&p->model);
  G_OBJECT_CLASS(office_overview_page_parent_class)->dispose(object);
}

/* The search text. */
static void office_overview_page_finalize(GObject *object)
{
  g_free(OFFICE_OVERVIEW_PAGE(object)->needle);
  G_OBJECT_CLASS(office_overview_page_parent_class)->finalize(object);
}

/* Template, bindings, callbacks and the stall-activated signal. */
static void office_overview_page_class_init(OfficeOverviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_overview_page_dispose;
  G_OBJECT_CLASS(klass)->finalize = office_overview_page_finalize;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(widget_class,
                                              OFFICE_RESOURCE_PATH "office-overview-page.ui");
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, revenue_value);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, revenue_change);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, receipts_value);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, receipts_change);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, ticket_value);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, ticket_change);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, onnuri_value);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, onnuri_change);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, silent_value);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, silent_change);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, silent_card);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, count_label);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, search_entry);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, silent_check);
  gtk_widget_class_bind_template_child(widget_class, OfficeOverviewPage, table);
  gtk_widget_class_bind_template_callback(widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback(widget_class, on_row_activated);
  signals[SIGNAL_STALL_ACTIVATED] =
    g_signal_new("stall-activated", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                 NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

/* The template first: build_table needs its tree view. */
static void office_overview_page_init(OfficeOverviewPage *p)
{
  gtk_widget_init_template(GTK_WIDGET(p));
  build_table(p);
}

/* The page follows the model's overview slot from now on. */
GtkWidget *office_overview_page_new(OfficeModel *model)
{
  OfficeOverviewPage *p = g_object_new(OFFICE_TYPE_OVERVIEW_PAGE, NULL);
  p->model = g_object_ref(model);
  g_signal_connect_object(model, "changed", G_CALLBACK(on_model_changed), p, 0);
  on_model_changed(model, OFFICE_VIEW_OVERVIEW, p);
  return GTK_WIDGET(p);
}
