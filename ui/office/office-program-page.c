/*
** office-program-page.c: OfficeProgramPage (see office-pages.h).
**
** The page shows the model's PROGRAM slot: the market's engagements and
** the period's Onnuri review list.  Choosing an engagement asks the hub
** for its impact up to the period's last day (office_model_impact_async);
** a newer choice cancels the older ask, so a slow answer never overwrites
** the one chosen last.  The impact is said in the office's own sentences
** (office_impact_summary: the effect with its 90 % interval, against how
** many stalls, whether it may be chance, the pre-trend warning) with the
** hub's explain under it.  The review list is worded as a list to look at
** together with the stall, never as a finding: a flagged row says "worth
** a look", and the reasons are the hub's sentences with their figures.
*/
#include "office-format.h"
#include "office-pages.h"
#include "office-program.h"
#include "office-ui.h"
#include <glib/gi18n.h>
#include <string.h>

enum { ENG_ID, ENG_ID_TEXT, ENG_START, ENG_LABEL, ENG_STALLS, ENG_N_COLS };
enum { ON_STALL, ON_FLAG_TEXT, ON_AMOUNT, ON_AMOUNT_TEXT, ON_REASONS, ON_BACKGROUND, ON_N_COLS };

#define FLAGGED_BACKGROUND "#fff4d6"

struct _OfficeProgramPage {
  GtkBox parent_instance;
  GtkTreeView *engagements_table, *onnuri_table;
  GtkLabel *impact_label, *onnuri_note;
  GtkBox *explain_box;
  GtkListStore *engagements, *onnuri;
  OfficeModel *model;
  gconstpointer shown;
  GCancellable *impact_cancellable;   /* of the impact asked last */
  gint64 impact_id;                   /* shown or asked for, 0: none */
  gboolean filling;                   /* selection changes made by fill() */
};

G_DEFINE_TYPE(OfficeProgramPage, office_program_page, GTK_TYPE_BOX)

static const char *const default_impact_text =
  N_("Choose an engagement to see whether the helped stalls did better than comparable stalls.");

/* The hub's explain sentences under the summary. */
static void show_explain(OfficeProgramPage *p, GStrv explain)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new();
  for (guint i = 0; explain && explain[i]; i++)
    g_ptr_array_add(lines, explain[i]);
  office_ui_fill_explain(p->explain_box, lines);
}

/* The impact arrived (or failed): shown unless a newer choice superseded it. */
static void on_impact(GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(OfficeProgramPage) p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OfficeImpact) impact = office_model_impact_finish(OFFICE_MODEL(source), result,
                                                              &error);
  if (g_cancellable_is_cancelled(g_task_get_cancellable(G_TASK(result))) || p->model == NULL)
    return;
  if (impact == NULL || impact->engagement != p->impact_id) {
    if (error == NULL)
      return;
    office_ui_set_label(p->impact_label, g_strdup_printf(_("The impact cannot be shown: %s"),
                                                         error->message));
    show_explain(p, NULL);
    return;
  }
  office_ui_set_label(p->impact_label, office_impact_summary(impact));
  show_explain(p, impact->explain);
}

/* Asks for the impact of the engagement chosen, cancelling the previous ask. */
static void ask_impact(OfficeProgramPage *p, gint64 id)
{
  if (p->impact_cancellable)
    g_cancellable_cancel(p->impact_cancellable);
  g_clear_object(&p->impact_cancellable);
  p->impact_id = id;
  show_explain(p, NULL);
  if (id <= 0) {
    gtk_label_set_text(p->impact_label, _(default_impact_text));
    return;
  }
  p->impact_cancellable = g_cancellable_new();
  gtk_label_set_text(p->impact_label, _("Asking the hub…"));
  office_model_impact_async(p->model, id, p->impact_cancellable, on_impact, g_object_ref(p));
}

/* A row chosen by the manager. */
static void on_engagement_selected(GtkTreeSelection *selection, OfficeProgramPage *p)
{
  GtkTreeModel *model;
  GtkTreeIter iter;
  gint64 id = 0;
  if (p->filling)
    return;
  if (gtk_tree_selection_get_selected(selection, &model, &iter))
    gtk_tree_model_get(model, &iter, ENG_ID, &id, -1);
  if (id != p->impact_id)
    ask_impact(p, id);
}

/* The engagements, newest first as the hub numbers them. */
static void fill_engagements(OfficeProgramPage *p, const GPtrArray *list)
{
  gtk_list_store_clear(p->engagements);
  for (guint i = list->len; i-- > 0;) {
    const OfficeEngagement *e = g_ptr_array_index(list, i);
    g_autofree char *id = g_strdup_printf("%" G_GINT64_FORMAT, e->id);
    g_autofree char *stalls = g_strjoinv(", ", e->stalls);
    gtk_list_store_insert_with_values(p->engagements, NULL, -1, ENG_ID, e->id, ENG_ID_TEXT, id,
                                      ENG_START, e->start, ENG_LABEL, e->label, ENG_STALLS,
                                      stalls, -1);
  }
}

/* The review list in the hub's order (flagged first), reasons a line each. */
static void fill_onnuri(OfficeProgramPage *p, const OfficeOnnuriList *l)
{
  guint flagged = 0;
  gtk_list_store_clear(p->onnuri);
  for (guint i = 0; i < l->rows->len; i++) {
    const OfficeOnnuriRow *r = g_ptr_array_index(l->rows, i);
    g_autofree char *amount = office_format_won(r->onnuri);
    g_autofree char *reasons = g_strjoinv("\n", r->reasons);
    flagged += r->flagged;
    gtk_list_store_insert_with_values(p->onnuri, NULL, -1, ON_STALL, r->stall, ON_FLAG_TEXT,
                                      r->flagged ? _("Worth a look") : "", ON_AMOUNT, r->onnuri,
                                      ON_AMOUNT_TEXT, amount, ON_REASONS, reasons, ON_BACKGROUND,
                                      r->flagged ? FLAGGED_BACKGROUND : NULL, -1);
  }
  g_autofree char *period = office_format_period(l->from, l->to);
  office_ui_set_label(p->onnuri_note,
                      g_strdup_printf(_("%s: %u stall(s) worth a second look with the stall holder. The signs are reasons to look together, not proof of misuse."),
                                      period, flagged));
}

/* New data in the slot: both lists, and the chosen engagement again if it is still there. */
static void on_model_changed(OfficeModel *model, int view, OfficeProgramPage *p)
{
  const OfficeProgram *prog = office_model_get_program(model);
  GtkTreeIter iter;
  gboolean found = FALSE;
  if (view != OFFICE_VIEW_PROGRAM || prog == p->shown)
    return;
  p->shown = prog;
  if (prog == NULL)
    return;
  p->filling = TRUE;
  fill_engagements(p, prog->engagements);
  fill_onnuri(p, prog->onnuri);
  for (gboolean ok = gtk_tree_model_get_iter_first(GTK_TREE_MODEL(p->engagements), &iter);
       ok && p->impact_id > 0 && !found;
       ok = gtk_tree_model_iter_next(GTK_TREE_MODEL(p->engagements), &iter)) {
    gint64 id = 0;
    gtk_tree_model_get(GTK_TREE_MODEL(p->engagements), &iter, ENG_ID, &id, -1);
    found = id == p->impact_id;
  }
  if (found)
    gtk_tree_selection_select_iter(gtk_tree_view_get_selection(p->engagements_table), &iter);
  p->filling = FALSE;
  /* the period may have moved: the impact is asked again up to its last day */
  ask_impact(p, found ? p->impact_id : 0);
}

/* Chooses an engagement as a click would (scenarios, tests). */
gboolean office_program_page_select(OfficeProgramPage *page, gint64 id)
{
  GtkTreeIter iter;
  GtkTreeModel *m = GTK_TREE_MODEL(page->engagements);
  for (gboolean ok = gtk_tree_model_get_iter_first(m, &iter); ok;
       ok = gtk_tree_model_iter_next(m, &iter)) {
    gint64 row = 0;
    gtk_tree_model_get(m, &iter, ENG_ID, &row, -1);
    if (row == id) {
      gtk_tree_selection_select_iter(gtk_tree_view_get_selection(page->engagements_table), &iter);
      return TRUE;
    }
  }
  return FALSE;
}

/* The impact text on screen (tests). Transfer none. */
const char *office_program_page_impact_text(OfficeProgramPage *page)
{
  return gtk_label_get_text(page->impact_label);
}

/* Both tables' columns; the reasons wrap instead of being cut. */
static void build_tables(OfficeProgramPage *p)
{
  GtkCellRenderer *cell = gtk_cell_renderer_text_new();
  GtkTreeViewColumn *col;
  p->engagements = gtk_list_store_new(ENG_N_COLS, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING);
  gtk_tree_view_set_model(p->engagements_table, GTK_TREE_MODEL(p->engagements));
  office_ui_text_column(p->engagements_table, C_("column", "No."), ENG_ID_TEXT, ENG_ID, TRUE, -1);
  office_ui_text_column(p->engagements_table, C_("column", "Start"), ENG_START, ENG_START, FALSE,
                        -1);
  office_ui_text_column(p->engagements_table, C_("column", "Label"), ENG_LABEL, -1, FALSE, -1);
  office_ui_text_column(p->engagements_table, C_("column", "Helped stalls"), ENG_STALLS, -1,
                        FALSE, -1);
  g_signal_connect(gtk_tree_view_get_selection(p->engagements_table), "changed",
                   G_CALLBACK(on_engagement_selected), p);

  p->onnuri = gtk_list_store_new(ON_N_COLS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64,
                                 G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  gtk_tree_view_set_model(p->onnuri_table, GTK_TREE_MODEL(p->onnuri));
  office_ui_text_column(p->onnuri_table, C_("column", "Stall"), ON_STALL, ON_STALL, FALSE,
                        ON_BACKGROUND);
  office_ui_text_column(p->onnuri_table, C_("column", "Review"), ON_FLAG_TEXT, -1, FALSE,
                        ON_BACKGROUND);
  office_ui_text_column(p->onnuri_table, C_("column", "Onnuri"), ON_AMOUNT_TEXT, ON_AMOUNT, TRUE,
                        ON_BACKGROUND);
  g_object_set(cell, "wrap-mode", PANGO_WRAP_WORD_CHAR, "wrap-width", 420, NULL);
  col = gtk_tree_view_column_new_with_attributes(C_("column", "Why"), cell, "text", ON_REASONS,
                                                 "cell-background", ON_BACKGROUND, NULL);
  gtk_tree_view_column_set_expand(col, TRUE);
  gtk_tree_view_append_column(p->onnuri_table, col);
}

/* Cancels an impact on its way; drops the lists and the model. */
static void office_program_page_dispose(GObject *object)
{
  OfficeProgramPage *p = OFFICE_PROGRAM_PAGE(object);
  if (p->impact_cancellable)
    g_cancellable_cancel(p->impact_cancellable);
  g_clear_object(&p->impact_cancellable);
  g_clear_object(&p->engagements);
  g_clear_object(&p->onnuri);
  g_clear_object(&p->model);
  G_OBJECT_CLASS(office_program_page_parent_class)->dispose(object);
}

/* Template and bindings; the GResource is registered first. */
static void office_program_page_class_init(OfficeProgramPageClass *klass)
{
  GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_program_page_dispose;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(w, OFFICE_RESOURCE_PATH "office-program-page.ui");
  gtk_widget_class_bind_template_child(w, OfficeProgramPage, engagements_table);
  gtk_widget_class_bind_template_child(w, OfficeProgramPage, onnuri_table);
  gtk_widget_class_bind_template_child(w, OfficeProgramPage, impact_label);
  gtk_widget_class_bind_template_child(w, OfficeProgramPage, onnuri_note);
  gtk_widget_class_bind_template_child(w, OfficeProgramPage, explain_box);
}

/* The template first: build_tables needs its tree views. */
static void office_program_page_init(OfficeProgramPage *p)
{
  gtk_widget_init_template(GTK_WIDGET(p));
  build_tables(p);
}

/* The page follows the model's PROGRAM slot from now on. */
GtkWidget *office_program_page_new(OfficeModel *model)
{
  OfficeProgramPage *p = g_object_new(OFFICE_TYPE_PROGRAM_PAGE, NULL);
  p->model = g_object_ref(model);
  g_signal_connect_object(model, "changed", G_CALLBACK(on_model_changed), p, 0);
  on_model_changed(model, OFFICE_VIEW_PROGRAM, p);
  return GTK_WIDGET(p);
}
