/*
** office-lines-page.c: OfficeLinesPage (see office-pages.h).
**
** The verdict is the column a consultant reads first, so its cell is
** tinted by verdict; the reasons behind it are one hover away (the row's
** tooltip) and, for the chosen line, in the side panel with the score's
** parts.  The charts are analytics' growth x LQ scatter and share bars,
** the ones in the PDF.
*/
#include "office-format.h"
#include "office-pages.h"
#include "office-report-page.h"
#include <glib/gi18n.h>
#include <string.h>

enum {
  COL_CODE, COL_NAME, COL_RANK, COL_RANK_TEXT, COL_VERDICT_TEXT, COL_VERDICT_BG, COL_SCORE,
  COL_SCORE_TEXT, COL_REVENUE, COL_REVENUE_TEXT, COL_SHARE, COL_SHARE_TEXT, COL_GROWTH,
  COL_GROWTH_TEXT, COL_LQ, COL_LQ_TEXT, COL_STALLS, COL_HHI, COL_HHI_TEXT, COL_PENETRATION,
  COL_PENETRATION_TEXT, COL_PRICE, COL_PRICE_TEXT, COL_CONFIDENCE,
  COL_CONFIDENCE_TEXT, COL_TOOLTIP, N_COLS
};


struct _OfficeLinesPage {
  GtkBox parent_instance;
  OfficeReportTable t;           /* the table and the side panel */
  GtkWidget *scatter_area, *share_area;
  OfficeModel *model;
  gconstpointer shown;
};

G_DEFINE_TYPE(OfficeLinesPage, office_lines_page, GTK_TYPE_BOX)

/* The tint of a verdict's cell: green competitive, blue emerging, red declining,
** amber specialised but losing ground. */
static const char *verdict_background(AnVerdict verdict)
{
  switch (verdict) {
  case AN_VERDICT_COMPETITIVE:
    return "#d4efdb";
  case AN_VERDICT_EMERGING:
    return "#d9e8fb";
  case AN_VERDICT_DECLINING:
    return "#f9dada";
  case AN_VERDICT_ERODING:
    return "#fbe8c8";
  default:
    return NULL;
  }
}

/* The lines report on screen, or NULL. */
static const AnLinesReport *lines_of(const OfficeReport *r)
{
  return r ? r->wire.lines : NULL;
}

/* ---- Charts ------------------------------------------------------------------------------ */

/* Lines without LQ or growth (under the floor, new) are left out, as the chart asks. */
static gboolean on_draw_scatter(GtkWidget *area, cairo_t *cr, OfficeLinesPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const OfficeReport *rep = office_model_get_lines(p->model);
  const AnLinesReport *l = lines_of(rep);
  guint n = l ? l->rows->len : 0, k = 0;
  g_autofree AnChartPoint *points = g_new0(AnChartPoint, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    const AnLineRow *line = l->rows->pdata[i];
    if (!line->lq.defined || !line->growth.defined)
      continue;
    points[k].label = office_report_line_name(rep, line->code);
    points[k].lq = line->lq.value;
    points[k].growth = line->growth.value;
    points[k].size = line->share.defined ? line->share.value : 0;
    points[k].highlight = line->verdict == AN_VERDICT_COMPETITIVE;
    k++;
  }
  an_chart_growth_lq_scatter(cr, &r, _("Growth against specialisation (LQ)"), points, k,
                             l ? l->head.query.config.lq_competitive : 1.25);
  return TRUE;
}

/* Biggest share first, as the PDF orders its bars. */
static int by_revenue(gconstpointer a, gconstpointer b)
{
  const AnLineRow *x = *(AnLineRow *const *)a, *y = *(AnLineRow *const *)b;
  return x->revenue == y->revenue ? 0 : (x->revenue > y->revenue ? -1 : 1);
}

/* Bars by revenue: the order the PDF uses, whatever the table's sort. */
static gboolean on_draw_share(GtkWidget *area, cairo_t *cr, OfficeLinesPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const OfficeReport *rep = office_model_get_lines(p->model);
  const AnLinesReport *l = lines_of(rep);
  guint n = l ? l->rows->len : 0;
  g_autoptr(GPtrArray) rows = g_ptr_array_new();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  g_autofree AnChartBar *bars = g_new0(AnChartBar, MAX(n, 1));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add(rows, l->rows->pdata[i]);
  g_ptr_array_sort(rows, by_revenue);
  for (guint i = 0; i < n; i++) {
    const AnLineRow *line = rows->pdata[i];
    char *text = office_format_percent(line->share, 1);
    g_ptr_array_add(texts, text);
    bars[i].label = office_report_line_name(rep, line->code);
    bars[i].value = line->share.defined ? line->share.value : 0;
    bars[i].value_text = text;
    bars[i].highlight = line->verdict == AN_VERDICT_COMPETITIVE;
  }
  an_chart_share_bars(cr, &r, _("Share of the market's revenue"), bars, n);
  return TRUE;
}

/* ---- Table and side panel ------------------------------------------------------------------- */

static const AnLineRow *find_line(OfficeLinesPage *p, const char *code)
{
  const AnLinesReport *l = lines_of(office_model_get_lines(p->model));
  for (guint i = 0; l && code && i < l->rows->len; i++) {
    const AnLineRow *line = l->rows->pdata[i];
    if (strcmp(line->code, code) == 0)
      return line;
  }
  return NULL;
}

/* The chosen line: verdict, the score's parts with their weights, the reasons. */
static void show_side(OfficeLinesPage *p, const AnLineRow *line)
{
  if (line == NULL) {
    office_report_table_clear_side(&p->t, _("Choose a line to see why"));
    return;
  }
  g_autofree char *score = office_format_ratio(line->score, 1);
  g_autofree char *confidence = office_format_confidence(line->confidence, line->fragile);
  office_report_table_show_side(
    &p->t, office_report_line_name(office_model_get_lines(p->model), line->code),
    g_strdup_printf(_("Verdict: %s · score %s · confidence %s"),
                    office_verdict_label(line->verdict), score, confidence),
    line->parts, FALSE, line->explain);
}

/* Choosing a row shows its verdict's reasons beside the table. */
static void on_selected(const char *code, gpointer data)
{
  OfficeLinesPage *p = data;
  show_side(p, find_line(p, code));
}

/* One line as a row: texts made once, numbers kept to sort by. */
static void append_row(OfficeLinesPage *p, const OfficeReport *r, const AnLineRow *line)
{
  const char *name = office_report_line_name(r, line->code);
  g_autofree char *rank = g_strdup_printf("%u", line->rank);
  g_autofree char *score = office_format_ratio(line->score, 1);
  g_autofree char *revenue = office_format_count(line->revenue);
  g_autofree char *share = office_format_percent(line->share, 1);
  g_autofree char *growth = office_format_change(line->growth);
  g_autofree char *lq = office_format_ratio(line->lq, 2);
  g_autofree char *hhi = office_format_ratio(line->hhi, 0);
  g_autofree char *pen = office_format_percent(line->penetration, 1);
  g_autofree char *price = office_format_ratio(line->price_index, 2);
  g_autofree char *confidence = office_format_confidence(line->confidence, line->fragile);
  g_autofree char *tooltip = office_ui_explain_markup(name, line->explain);
  gtk_list_store_insert_with_values(
    p->t.store, NULL, -1, COL_CODE, line->code, COL_NAME, name, COL_RANK, line->rank,
    COL_RANK_TEXT, rank, COL_VERDICT_TEXT, office_verdict_label(line->verdict),
    COL_VERDICT_BG, verdict_background(line->verdict),
    COL_SCORE, office_report_sort_value(line->score), COL_SCORE_TEXT, score,
    COL_REVENUE, (gint64)line->revenue, COL_REVENUE_TEXT, revenue,
    COL_SHARE, office_report_sort_value(line->share), COL_SHARE_TEXT, share,
    COL_GROWTH, office_report_sort_value(line->growth), COL_GROWTH_TEXT, growth,
    COL_LQ, office_report_sort_value(line->lq), COL_LQ_TEXT, lq, COL_STALLS, line->stalls,
    COL_HHI, office_report_sort_value(line->hhi), COL_HHI_TEXT, hhi,
    COL_PENETRATION, office_report_sort_value(line->penetration), COL_PENETRATION_TEXT, pen,
    COL_PRICE, office_report_sort_value(line->price_index), COL_PRICE_TEXT, price,
    COL_CONFIDENCE, office_report_sort_value(line->confidence), COL_CONFIDENCE_TEXT, confidence,
    COL_TOOLTIP, tooltip, -1);
}

/* New data: table, summary line and charts together, the side panel reset. */
static void fill(OfficeLinesPage *p, const OfficeReport *r)
{
  const AnLinesReport *l = r->wire.lines;
  g_autofree char *growth = office_format_change(l->growth);
  g_autofree char *city = office_format_change(l->city_growth);
  g_autofree char *cut = g_strdup_printf("%.2f", l->head.query.config.lq_competitive);
  office_report_table_fill_begin(&p->t);
  for (guint i = 0; i < l->rows->len; i++)
    append_row(p, r, l->rows->pdata[i]);
  office_report_table_fill_end(&p->t);
  office_ui_set_label(p->t.summary_label,
                      g_strdup_printf(_("Market %s against all markets %s · competitive at LQ ≥ %s · hover a row for its reasons"),
                                      growth, city, cut));
  show_side(p, NULL);
  gtk_widget_queue_draw(p->scatter_area);
  gtk_widget_queue_draw(p->share_area);
}

/* Columns are made here because their renderers need the store's columns. */
static void build_table(OfficeLinesPage *p)
{
  GType types[N_COLS] = {G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING,
                                G_TYPE_STRING, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_INT64, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_DOUBLE,
                                G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_DOUBLE,
                                G_TYPE_STRING, G_TYPE_STRING};
  office_report_table_setup(&p->t, N_COLS, types, COL_CODE, COL_RANK, COL_TOOLTIP, on_selected, p);
  office_ui_text_column(p->t.table, _("Rank"), COL_RANK_TEXT, COL_RANK, TRUE, -1);
  GtkTreeViewColumn *name = office_ui_text_column(p->t.table, _("Line"), COL_NAME, COL_NAME, FALSE,
                                                  -1);
  GtkTreeViewColumn *verdict = office_ui_text_column(p->t.table, _("Verdict"), COL_VERDICT_TEXT,
                                                     COL_VERDICT_TEXT, FALSE, COL_VERDICT_BG);
  gtk_tree_view_column_set_min_width(name, 100);
  gtk_tree_view_column_set_min_width(verdict, 90);
  office_ui_text_column(p->t.table, _("Confidence"), COL_CONFIDENCE_TEXT, COL_CONFIDENCE, TRUE, -1);
  office_ui_text_column(p->t.table, _("Score"), COL_SCORE_TEXT, COL_SCORE, TRUE, -1);
  office_ui_text_column(p->t.table, _("Revenue (won)"), COL_REVENUE_TEXT, COL_REVENUE, TRUE, -1);
  office_ui_text_column(p->t.table, _("Share"), COL_SHARE_TEXT, COL_SHARE, TRUE, -1);
  office_ui_text_column(p->t.table, _("Growth"), COL_GROWTH_TEXT, COL_GROWTH, TRUE, -1);
  office_ui_text_column(p->t.table, "LQ", COL_LQ_TEXT, COL_LQ, TRUE, -1);
  office_ui_text_column(p->t.table, "HHI", COL_HHI_TEXT, COL_HHI, TRUE, -1);
  office_ui_text_column(p->t.table, _("Penetration"), COL_PENETRATION_TEXT, COL_PENETRATION, TRUE,
                        -1);
  office_ui_text_column(p->t.table, _("Price index"), COL_PRICE_TEXT, COL_PRICE, TRUE, -1);
}

/* Redraws when the lines' data changed. */
static void on_model_changed(OfficeModel *model, int view, OfficeLinesPage *p)
{
  const OfficeReport *l = office_model_get_lines(model);
  if (view != OFFICE_VIEW_LINES || l == p->shown)
    return;
  p->shown = l;
  if (l)
    fill(p, l);
}

/* Chooses a line as a click would (scenarios, tests). */
gboolean office_lines_page_select(OfficeLinesPage *page, const char *code)
{
  return office_report_table_select(&page->t, code);
}

/* Drops the store and the model; the template's widgets go with GTK. */
static void office_lines_page_dispose(GObject *object)
{
  OfficeLinesPage *p = OFFICE_LINES_PAGE(object);
  office_report_table_dispose(&p->t);
  g_clear_object(&p->model);
  G_OBJECT_CLASS(office_lines_page_parent_class)->dispose(object);
}

/* Template and bindings; the GResource is registered first. */
static void office_lines_page_class_init(OfficeLinesPageClass *klass)
{
  GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_lines_page_dispose;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(w, OFFICE_RESOURCE_PATH "office-lines-page.ui");
  office_report_table_bind(w, G_STRUCT_OFFSET(OfficeLinesPage, t));
  gtk_widget_class_bind_template_child(w, OfficeLinesPage, scatter_area);
  gtk_widget_class_bind_template_child(w, OfficeLinesPage, share_area);
  gtk_widget_class_bind_template_callback(w, on_draw_scatter);
  gtk_widget_class_bind_template_callback(w, on_draw_share);
}

/* The template first: build_table needs its tree view. */
static void office_lines_page_init(OfficeLinesPage *p)
{
  gtk_widget_init_template(GTK_WIDGET(p));
  build_table(p);
}

/* The page follows the model's lines slot from now on. */
GtkWidget *office_lines_page_new(OfficeModel *model)
{
  OfficeLinesPage *p = g_object_new(OFFICE_TYPE_LINES_PAGE, NULL);
  p->model = g_object_ref(model);
  g_signal_connect_object(model, "changed", G_CALLBACK(on_model_changed), p, 0);
  on_model_changed(model, OFFICE_VIEW_LINES, p);
  return GTK_WIDGET(p);
}
