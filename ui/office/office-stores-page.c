/*
** office-stores-page.c: OfficeStoresPage (see office-pages.h).
**
** The candidates come in the hub's rank order (by score); the core stores
** (the top N) are tinted.  What drives a store's score is its parts: the
** side panel shows each part's value and weight for the chosen store, with
** the hub's reasons; the row's tooltip has the reasons too.
*/
#include "office-format.h"
#include "office-pages.h"
#include "office-report-page.h"
#include <glib/gi18n.h>
#include <string.h>

enum {
  COL_CODE, COL_NAME, COL_RANK, COL_RANK_TEXT, COL_CORE_TEXT, COL_ABC, COL_SCORE, COL_SCORE_TEXT,
  COL_LINE, COL_REVENUE, COL_REVENUE_TEXT, COL_GROWTH, COL_GROWTH_TEXT, COL_TICKET,
  COL_TICKET_TEXT, COL_DAYS, COL_STABILITY, COL_STABILITY_TEXT, COL_RELATIVE, COL_RELATIVE_TEXT,
  COL_WEIGHT, COL_WEIGHT_TEXT, COL_CONFIDENCE, COL_CONFIDENCE_TEXT, COL_BACKGROUND, COL_TOOLTIP,
  N_COLS
};

#define TOP_STORES 10

struct _OfficeStoresPage {
  GtkBox parent_instance;
  OfficeReportTable t;           /* the table and the side panel */
  GtkWidget *top_area, *abc_area;
  OfficeModel *model;
  gconstpointer shown;
};

G_DEFINE_TYPE(OfficeStoresPage, office_stores_page, GTK_TYPE_BOX)

/* The stores report on screen, or NULL. */
static const AnStoresReport *stores_of(const OfficeReport *r)
{
  return r ? r->wire.stores : NULL;
}

/* ---- Charts ------------------------------------------------------------------------ */

/* Largest revenue first. */
static int by_revenue(gconstpointer a, gconstpointer b)
{
  const AnStoreRow *x = *(AnStoreRow *const *)a, *y = *(AnStoreRow *const *)b;
  return x->revenue == y->revenue ? 0 : (x->revenue > y->revenue ? -1 : 1);
}

/* The ten biggest stores, core ones in the accent colour. */
static gboolean on_draw_top(GtkWidget *area, cairo_t *cr, OfficeStoresPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const AnStoresReport *s = stores_of(office_model_get_stores(p->model));
  g_autoptr(GPtrArray) rows = g_ptr_array_new();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  AnChartBar bars[TOP_STORES];
  for (guint i = 0; s && i < s->rows->len; i++)
    g_ptr_array_add(rows, s->rows->pdata[i]);
  g_ptr_array_sort(rows, by_revenue);
  guint n = MIN(rows->len, TOP_STORES);
  for (guint i = 0; i < n; i++) {
    const AnStoreRow *st = rows->pdata[i];
    char *text = an_chart_won_short((double)st->revenue);
    g_ptr_array_add(texts, text);
    bars[i].label = st->name;
    bars[i].value = (double)st->revenue;
    bars[i].value_text = text;
    bars[i].highlight = st->core;
  }
  an_chart_top_stores(cr, &r, _("Stores by revenue (core stores highlighted)"), bars, n);
  return TRUE;
}

/* A, B and C: how much of the market's revenue each class holds. */
static gboolean on_draw_abc(GtkWidget *area, cairo_t *cr, OfficeStoresPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const AnStoresReport *s = stores_of(office_model_get_stores(p->model));
  AnChartBar bars[3];
  char labels[3][64], values[3][32];
  guint count[3] = {0, 0, 0};
  int64_t revenue[3] = {0, 0, 0}, total = 0;
  for (guint i = 0; s && i < s->rows->len; i++) {
    const AnStoreRow *st = s->rows->pdata[i];
    count[st->abc - 'A']++;
    revenue[st->abc - 'A'] += st->revenue;
    total += st->revenue;
  }
  for (int c = 0; s && c < 3; c++) {
    AnRatio share = {total > 0 ? (double)revenue[c] / (double)total : 0, total > 0};
    g_autofree char *pct = office_format_percent(share, 1);
    g_snprintf(labels[c], sizeof labels[c],
               ngettext("Class %c · %u stall", "Class %c · %u stalls", count[c]), 'A' + c,
               count[c]);
    g_strlcpy(values[c], pct, sizeof values[c]);
    bars[c].label = labels[c];
    bars[c].value = share.value;
    bars[c].value_text = values[c];
    bars[c].highlight = c == 0;
  }
  an_chart_share_bars(cr, &r, _("ABC classes: share of revenue"), bars, s ? 3 : 0);
  return TRUE;
}

/* ---- Table and side panel ------------------------------------------------------------- */

static const AnStoreRow *find_store(OfficeStoresPage *p, const char *code)
{
  const AnStoresReport *s = stores_of(office_model_get_stores(p->model));
  for (guint i = 0; s && code && i < s->rows->len; i++) {
    const AnStoreRow *st = s->rows->pdata[i];
    if (strcmp(st->code, code) == 0)
      return st;
  }
  return NULL;
}

/* The chosen store: its class, its score's parts with their weights, the reasons. */
static void show_side(OfficeStoresPage *p, const AnStoreRow *st)
{
  if (st == NULL) {
    office_report_table_clear_side(&p->t, _("Choose a store to see what drives its score"));
    return;
  }
  g_autofree char *score = office_format_ratio(st->score, 1);
  g_autofree char *confidence = office_format_confidence(st->confidence, st->fragile);
  office_report_table_show_side(&p->t, st->name,
                                g_strdup_printf(_("%s · class %c · score %s · confidence %s"),
                                                st->core ? _("Core store") : _("Candidate"),
                                                st->abc, score, confidence),
                                st->parts, TRUE, st->explain);
}

/* Choosing a row shows what drives its score beside the table. */
static void on_selected(const char *code, gpointer data)
{
  OfficeStoresPage *p = data;
  show_side(p, find_store(p, code));
}

/* One store as a row: texts made once, numbers kept to sort by. */
static void append_row(OfficeStoresPage *p, const OfficeReport *r, const AnStoreRow *st)
{
  g_autofree char *rank = g_strdup_printf("%u", st->rank);
  g_autofree char *abc = g_strdup_printf("%c", st->abc);
  g_autofree char *score = office_format_ratio(st->score, 1);
  g_autofree char *revenue = office_format_count(st->revenue);
  g_autofree char *growth = office_format_change(st->growth);
  g_autofree char *ticket = st->avg_ticket_defined ? office_format_count(st->avg_ticket)
                                                   : g_strdup("-");
  g_autofree char *stability = office_format_ratio(st->stability, 2);
  g_autofree char *relative = office_format_ratio(st->relative_share, 2);
  g_autofree char *weight = office_format_percent(st->competitive_weight, 0);
  g_autofree char *confidence = office_format_confidence(st->confidence, st->fragile);
  g_autofree char *tooltip = office_ui_explain_markup(st->name, st->explain);
  const char *line = st->main_line ? office_report_line_name(r, st->main_line) : "-";
  int64_t ticket_sort = st->avg_ticket_defined ? st->avg_ticket : -1;
  gtk_list_store_insert_with_values(
    p->t.store, NULL, -1, COL_CODE, st->code, COL_NAME, st->name, COL_RANK, st->rank,
    COL_RANK_TEXT, rank, COL_CORE_TEXT, st->core ? "★" : "", COL_ABC, abc,
    COL_SCORE, office_report_sort_value(st->score), COL_SCORE_TEXT, score, COL_LINE, line,
    COL_REVENUE, (gint64)st->revenue, COL_REVENUE_TEXT, revenue,
    COL_GROWTH, office_report_sort_value(st->growth), COL_GROWTH_TEXT, growth,
    COL_TICKET, (gint64)ticket_sort, COL_TICKET_TEXT, ticket, COL_DAYS, st->active_days,
    COL_STABILITY, office_report_sort_value(st->stability), COL_STABILITY_TEXT, stability,
    COL_RELATIVE, office_report_sort_value(st->relative_share), COL_RELATIVE_TEXT, relative,
    COL_WEIGHT, office_report_sort_value(st->competitive_weight), COL_WEIGHT_TEXT, weight,
    COL_CONFIDENCE, office_report_sort_value(st->confidence), COL_CONFIDENCE_TEXT, confidence,
    COL_BACKGROUND, st->core ? "#fff1c9" : NULL, COL_TOOLTIP, tooltip, -1);
}

/* New data: table, summary line and charts together, the side panel reset. */
static void fill(OfficeStoresPage *p, const OfficeReport *r)
{
  const AnStoresReport *s = r->wire.stores;
  g_autoptr(GString) lines = g_string_new(NULL);
  OfficeTaxonomy *tax = office_model_get_taxonomy(p->model);
  for (guint i = 0; i < s->competitive_lines->len; i++)
    g_string_append_printf(lines, "%s%s", i ? ", " : "",
                           office_taxonomy_name(tax, s->competitive_lines->pdata[i]));
  office_report_table_fill_begin(&p->t);
  for (guint i = 0; i < s->rows->len; i++)
    append_row(p, r, s->rows->pdata[i]);
  office_report_table_fill_end(&p->t);
  office_ui_set_label(p->t.summary_label,
                      g_strdup_printf(_("Top %d by score are core stores · competitive lines: %s · hover a row for its reasons"),
                                      s->head.query.config.top_n,
                                      lines->len ? lines->str : _("none")));
  show_side(p, NULL);
  gtk_widget_queue_draw(p->top_area);
  gtk_widget_queue_draw(p->abc_area);
}

/* A text column tinted like its row (core stores). */
static void add_column(OfficeStoresPage *p, const char *title, int text, int sort, gboolean num)
{
  office_ui_text_column(p->t.table, title, text, sort, num, COL_BACKGROUND);
}

/* Columns are made here because their renderers need the store's columns. */
static void build_table(OfficeStoresPage *p)
{
  GType types[N_COLS] = {G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING,
                                G_TYPE_STRING, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_DOUBLE,
                                G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_UINT,
                                G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_DOUBLE, G_TYPE_STRING, G_TYPE_DOUBLE, G_TYPE_STRING,
                                G_TYPE_STRING, G_TYPE_STRING};
  office_report_table_setup(&p->t, N_COLS, types, COL_CODE, COL_RANK, COL_TOOLTIP, on_selected, p);
  add_column(p, _("Rank"), COL_RANK_TEXT, COL_RANK, TRUE);
  GtkTreeViewColumn *name = office_ui_text_column(p->t.table, _("Stall"), COL_NAME, COL_NAME, FALSE,
                                                  COL_BACKGROUND);
  gtk_tree_view_column_set_min_width(name, 100);
  gtk_tree_view_column_set_expand(name, FALSE);
  add_column(p, _("Core"), COL_CORE_TEXT, COL_CORE_TEXT, FALSE);
  add_column(p, _("Confidence"), COL_CONFIDENCE_TEXT, COL_CONFIDENCE, TRUE);
  add_column(p, "ABC", COL_ABC, COL_ABC, FALSE);
  add_column(p, _("Score"), COL_SCORE_TEXT, COL_SCORE, TRUE);
  add_column(p, _("Main line"), COL_LINE, COL_LINE, FALSE);
  add_column(p, _("Revenue (won)"), COL_REVENUE_TEXT, COL_REVENUE, TRUE);
  add_column(p, _("Growth"), COL_GROWTH_TEXT, COL_GROWTH, TRUE);
  add_column(p, _("Avg. ticket (won)"), COL_TICKET_TEXT, COL_TICKET, TRUE);
  add_column(p, _("Days open"), COL_DAYS, COL_DAYS, TRUE);
  add_column(p, C_("column", "CV"), COL_STABILITY_TEXT, COL_STABILITY, TRUE);
  add_column(p, C_("column", "Rel. share"), COL_RELATIVE_TEXT, COL_RELATIVE, TRUE);
  add_column(p, C_("column", "In comp. lines"), COL_WEIGHT_TEXT, COL_WEIGHT, TRUE);
}

/* Redraws when the stores' data changed. */
static void on_model_changed(OfficeModel *model, int view, OfficeStoresPage *p)
{
  const OfficeReport *s = office_model_get_stores(model);
  if (view != OFFICE_VIEW_STORES || s == p->shown)
    return;
  p->shown = s;
  if (s)
    fill(p, s);
}

/* Chooses a store as a click would (scenarios, tests). */
gboolean office_stores_page_select(OfficeStoresPage *page, const char *code)
{
  return office_report_table_select(&page->t, code);
}

/* Drops the store and the model; the template's widgets go with GTK. */
static void office_stores_page_dispose(GObject *object)
{
  OfficeStoresPage *p = OFFICE_STORES_PAGE(object);
  office_report_table_dispose(&p->t);
  g_clear_object(&p->model);
  G_OBJECT_CLASS(office_stores_page_parent_class)->dispose(object);
}

/* Template and bindings; the GResource is registered first. */
static void office_stores_page_class_init(OfficeStoresPageClass *klass)
{
  GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_stores_page_dispose;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(w, OFFICE_RESOURCE_PATH "office-stores-page.ui");
  office_report_table_bind(w, G_STRUCT_OFFSET(OfficeStoresPage, t));
  gtk_widget_class_bind_template_child(w, OfficeStoresPage, top_area);
  gtk_widget_class_bind_template_child(w, OfficeStoresPage, abc_area);
  gtk_widget_class_bind_template_callback(w, on_draw_top);
  gtk_widget_class_bind_template_callback(w, on_draw_abc);
}

/* The template first: build_table needs its tree view. */
static void office_stores_page_init(OfficeStoresPage *p)
{
  gtk_widget_init_template(GTK_WIDGET(p));
  build_table(p);
}

/* The page follows the model's stores slot from now on. */
GtkWidget *office_stores_page_new(OfficeModel *model)
{
  OfficeStoresPage *p = g_object_new(OFFICE_TYPE_STORES_PAGE, NULL);
  p->model = g_object_ref(model);
  g_signal_connect_object(model, "changed", G_CALLBACK(on_model_changed), p, 0);
  on_model_changed(model, OFFICE_VIEW_STORES, p);
  return GTK_WIDGET(p);
}
