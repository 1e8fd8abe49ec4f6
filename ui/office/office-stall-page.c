/*
** office-stall-page.c: OfficeStallPage (see office-pages.h).
**
** The four charts are the analytics module's (an-charts.h), drawn from the
** figures the model parsed: the same pictures as the consultant's PDF, at
** the size of the window.  Drawing reads the model's last good stall
** detail on every "draw", so a chart never shows half-old data.
*/
#include "office-format.h"
#include "office-pages.h"
#include "office-ui.h"
#include "office-enroll.h"
#include "qr-view.h"
#include "mb-clock.h"
#include <glib/gi18n.h>
#include <string.h>

struct _OfficeStallPage {
  GtkBox parent_instance;
  GtkLabel *title_label, *subtitle_label;
  GtkLabel *revenue_value, *revenue_note, *receipts_value, *receipts_note;
  GtkLabel *ticket_value, *ticket_note, *days_value, *days_note, *onnuri_value, *onnuri_note;
  GtkWidget *trend_area, *heat_area, *payment_area, *lines_area;
  GtkBox *explain_box;
  GtkWidget *back_button;       /* bound for the tests, which press it */
  GtkWidget *enroll_button;
  GtkLabel *code_label;         /* the last code shown, in its dialog */
  GCancellable *enrolling;
  OfficeModel *model;
  gconstpointer shown;
};

enum { SIGNAL_BACK, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(OfficeStallPage, office_stall_page, GTK_TYPE_BOX)

/* The detail to draw, or NULL while there is none. */
static const OfficeStallDetail *detail(OfficeStallPage *p)
{
  return office_model_get_stall(p->model);
}

/* ---- Charts ------------------------------------------------------------------------ */

/* Every day of the period, zeros included, as the hub sends them. */
static gboolean on_draw_trend(GtkWidget *area, cairo_t *cr, OfficeStallPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const OfficeStallDetail *d = detail(p);
  const GArray *daily = d ? d->stall->daily : NULL;
  an_chart_daily_trend(cr, &r, _("Daily revenue"),
                       daily ? (const AnDailyPoint *)(const void *)daily->data : NULL,
                       daily ? daily->len : 0);
  return TRUE;
}

/* Monday first, as the hub's heatmap and the PDF. */
static gboolean on_draw_heat(GtkWidget *area, cairo_t *cr, OfficeStallPage *p)
{
  static const int64_t empty[AN_WEEKDAYS][AN_HOURS];
  AnRect r = office_ui_chart_begin(area, cr);
  const OfficeStallDetail *d = detail(p);
  an_chart_heatmap(cr, &r, _("Revenue by weekday and hour"),
                   d ? (const int64_t(*)[AN_HOURS])d->stall->heat_revenue : empty);
  return TRUE;
}

/* Onnuri methods are highlighted: they are what the flag is about. */
static gboolean on_draw_payment(GtkWidget *area, cairo_t *cr, OfficeStallPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const OfficeStallDetail *d = detail(p);
  guint n = d ? d->stall->payment->len : 0;
  g_autofree AnChartBar *bars = g_new0(AnChartBar, MAX(n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++) {
    const AnTenderShare *pay = &g_array_index(d->stall->payment, AnTenderShare, i);
    char *text = office_format_percent(pay->share, 1);
    g_ptr_array_add(texts, text);
    bars[i].label = office_method_label(pay->method);
    bars[i].value = pay->share.defined ? pay->share.value : 0;
    bars[i].value_text = text;
    bars[i].highlight = g_str_has_prefix(pay->method, "onnuri");
  }
  an_chart_share_bars(cr, &r, _("Payment mix"), bars, n);
  return TRUE;
}

/* The stall's product lines from its summary, biggest first. */
static gboolean on_draw_lines(GtkWidget *area, cairo_t *cr, OfficeStallPage *p)
{
  AnRect r = office_ui_chart_begin(area, cr);
  const OfficeStallDetail *d = detail(p);
  guint n = d ? d->lines->len : 0;
  g_autofree AnChartBar *bars = g_new0(AnChartBar, MAX(n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < n; i++) {
    const OfficeAmount *a = d->lines->pdata[i];
    char *text = an_chart_won_short((double)a->amount);
    g_ptr_array_add(texts, text);
    bars[i].label = a->name;
    bars[i].value = d->total > 0 ? (double)a->amount / (double)d->total : 0;
    bars[i].value_text = text;
    bars[i].highlight = i == 0;
  }
  an_chart_share_bars(cr, &r, _("Product lines"), bars, n);
  return TRUE;
}

/* ---- Figures ---------------------------------------------------------------------------- */

/* Figures and reasons for a new stall detail; the charts redraw from the model. */
static void show(OfficeStallPage *p, const OfficeStallDetail *d)
{
  const AnStallRow *s = d->stall;
  const AnStallsReport *o = d->overview->wire.stalls;
  gint64 now = office_model_now_ms(p->model);
  gboolean silent = office_model_stall_silent(p->model, s);
  g_autofree char *age = office_format_sync_age(s->last_sync_ms, now);
  g_autofree char *pct = office_format_ratio(s->percentile, 0);
  gtk_label_set_text(p->title_label, s->name);
  office_ui_set_label(p->subtitle_label,
                      s->rank ? g_strdup_printf(_("%s · rank %u of %u · percentile %s · last sync %s"),
                                                s->code, s->rank, o->rows->len, pct, age)
                              : g_strdup_printf(_("%s · no sales in the period · last sync %s"),
                                                s->code, age));
  office_ui_set_class(GTK_WIDGET(p->subtitle_label), "alert-text", silent);
  office_ui_set_label(p->revenue_value, office_format_won(s->revenue));
  g_autofree char *prev = office_format_won(s->prev_revenue);
  g_autofree char *change = office_format_change(s->growth);
  office_ui_set_label(p->revenue_note, g_strdup_printf(_("%s · previous %s"), change, prev));
  office_ui_set_label(p->receipts_value, office_format_count(s->receipts));
  int nv = (int)MIN(d->voids, G_MAXINT), nr = (int)MIN(d->refunds, G_MAXINT);
  g_autofree char *voids = g_strdup_printf(ngettext("%d void", "%d voids", (unsigned long)nv), nv);
  g_autofree char *refunds = g_strdup_printf(ngettext("%d refund", "%d refunds",
                                                      (unsigned long)nr), nr);
  office_ui_set_label(p->receipts_note, g_strdup_printf("%s, %s", voids, refunds));
  office_ui_set_label(p->ticket_value, s->avg_ticket_defined ? office_format_won(s->avg_ticket)
                                                             : g_strdup("-"));
  gtk_label_set_text(p->ticket_note, "");
  office_ui_set_label(p->days_value, g_strdup_printf("%u / %d", s->active_days,
                                                    an_period_days(o->head.query.period)));
  gtk_label_set_text(p->days_note, _("days with at least one receipt"));
  office_ui_set_label(p->onnuri_value, office_format_percent(s->onnuri_share, 1));
  gtk_label_set_text(p->onnuri_note, s->onnuri_flag ? _("flagged: worth a look")
                                                    : _("not flagged"));
  office_ui_set_class(GTK_WIDGET(p->onnuri_note), "alert-text", s->onnuri_flag);
  office_ui_fill_explain(p->explain_box, s->explain);
}

/* Redraws when the stall's data changed. */
static void on_model_changed(OfficeModel *model, int view, OfficeStallPage *p)
{
  const OfficeStallDetail *d = office_model_get_stall(model);
  if (view != OFFICE_VIEW_STALL || d == p->shown)
    return;
  p->shown = d;
  if (d)
    show(p, d);
  gtk_widget_queue_draw(GTK_WIDGET(p));
}

/* The back button: the window goes back to the overview. */
static void on_back(OfficeStallPage *p)
{
  g_signal_emit(p, signals[SIGNAL_BACK], 0);
}

/* Drops the model; the template's widgets go with GTK. */
static void office_stall_page_dispose(GObject *object)
{
  OfficeStallPage *p = OFFICE_STALL_PAGE(object);
  if (p->enrolling)
    g_cancellable_cancel(p->enrolling);
  g_clear_object(&p->enrolling);
  g_clear_object(&p->model);
  G_OBJECT_CLASS(office_stall_page_parent_class)->dispose(object);
}

/* ---- Enrollment code -------------------------------------------------------------------- */

/*
** The code in a dialog: large, selectable text to read out or type, the
** same as a QR for the till's camera, and when it expires.
*/
static void show_code(OfficeStallPage *p, const OfficeEnrollCode *c)
{
  GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(p));
  GtkWidget *dialog = gtk_dialog_new_with_buttons(
    _("Enrollment code"), GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL,
    GTK_DIALOG_DESTROY_WITH_PARENT, _("_Close"), GTK_RESPONSE_CLOSE, NULL);
  GtkWidget *box = gtk_dialog_get_content_area(GTK_DIALOG(dialog));
  GtkWidget *qr = g_object_new(MPOS_TYPE_QR_VIEW, NULL);
  g_autoptr(GDateTime) until = mb_clock_local(c->expires_ms);
  g_autofree char *when = until ? g_date_time_format(until, "%Y-%m-%d %H:%M") : g_strdup("?");
  g_autofree char *markup = g_markup_printf_escaped("<span size=\"xx-large\" weight=\"bold\">%s</span>",
                                                    c->code);
  GtkWidget *code = gtk_label_new(NULL);
  GtkWidget *note = gtk_label_new(NULL);
  gtk_label_set_markup(GTK_LABEL(code), markup);
  gtk_label_set_selectable(GTK_LABEL(code), TRUE);
  office_ui_set_label(GTK_LABEL(note),
                      g_strdup_printf(_("For %s (%s). Type it or scan it on the stall's till "
                                        "(Settings → Enroll). Valid once, until %s."),
                                      c->stall_name, c->stall, when));
  gtk_label_set_line_wrap(GTK_LABEL(note), TRUE);
  gtk_label_set_max_width_chars(GTK_LABEL(note), 40);
  mpos_qr_view_set_text(MPOS_QR_VIEW(qr), c->code);
  gtk_widget_set_size_request(qr, 240, 240);
  gtk_container_set_border_width(GTK_CONTAINER(box), 16);
  gtk_box_set_spacing(GTK_BOX(box), 12);
  gtk_box_pack_start(GTK_BOX(box), code, FALSE, FALSE, 0);
  gtk_box_pack_start(GTK_BOX(box), qr, TRUE, TRUE, 0);
  gtk_box_pack_start(GTK_BOX(box), note, FALSE, FALSE, 0);
  g_signal_connect(dialog, "response", G_CALLBACK(gtk_widget_destroy), NULL);
  p->code_label = GTK_LABEL(code);
  g_object_add_weak_pointer(G_OBJECT(code), (gpointer *)&p->code_label);
  gtk_widget_show_all(dialog);
}

/* The hub's answer: the code shown, or why not in a message dialog. */
static void on_enroll_done(GObject *source, GAsyncResult *result, gpointer data)
{
  OfficeStallPage *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OfficeEnrollCode) c = office_model_enroll_code_finish(OFFICE_MODEL(source), result,
                                                                  &error);
  if (error && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_object_unref(p);
    return;
  }
  gtk_widget_set_sensitive(p->enroll_button, TRUE);
  g_clear_object(&p->enrolling);
  if (c != NULL) {
    show_code(p, c);
  } else {
    GtkWidget *top = gtk_widget_get_toplevel(GTK_WIDGET(p));
    GtkWidget *msg = gtk_message_dialog_new(GTK_IS_WINDOW(top) ? GTK_WINDOW(top) : NULL,
                                            GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR,
                                            GTK_BUTTONS_CLOSE, "%s", error->message);
    g_signal_connect(msg, "response", G_CALLBACK(gtk_widget_destroy), NULL);
    gtk_widget_show(msg);
  }
  g_object_unref(p);
}

/* Asks the hub for a code for the stall on screen; one request at a time. */
static void on_enroll(OfficeStallPage *p)
{
  const OfficeStallDetail *d = detail(p);
  if (d == NULL || p->enrolling != NULL)
    return;
  p->enrolling = g_cancellable_new();
  gtk_widget_set_sensitive(p->enroll_button, FALSE);
  office_model_enroll_code_async(p->model, d->stall->code, p->enrolling, on_enroll_done,
                                 g_object_ref(p));
}

/* The code of the last dialog still open, or NULL (tests). */
const char *office_stall_page_enroll_code(OfficeStallPage *page)
{
  return page->code_label ? gtk_label_get_text(page->code_label) : NULL;
}

/* Template, bindings, draw handlers; the GResource is registered first. */
static void office_stall_page_class_init(OfficeStallPageClass *klass)
{
  GtkWidgetClass *w = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = office_stall_page_dispose;
  office_ui_ensure_resources();
  gtk_widget_class_set_template_from_resource(w, OFFICE_RESOURCE_PATH "office-stall-page.ui");
  gtk_widget_class_bind_template_child(w, OfficeStallPage, title_label);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, subtitle_label);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, revenue_value);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, revenue_note);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, receipts_value);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, receipts_note);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, ticket_value);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, ticket_note);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, days_value);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, days_note);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, onnuri_value);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, onnuri_note);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, trend_area);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, heat_area);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, payment_area);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, lines_area);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, explain_box);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, back_button);
  gtk_widget_class_bind_template_child(w, OfficeStallPage, enroll_button);
  gtk_widget_class_bind_template_callback(w, on_back);
  gtk_widget_class_bind_template_callback(w, on_enroll);
  gtk_widget_class_bind_template_callback(w, on_draw_trend);
  gtk_widget_class_bind_template_callback(w, on_draw_heat);
  gtk_widget_class_bind_template_callback(w, on_draw_payment);
  gtk_widget_class_bind_template_callback(w, on_draw_lines);
  signals[SIGNAL_BACK] = g_signal_new("back", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* Everything is in the template. */
static void office_stall_page_init(OfficeStallPage *p)
{
  gtk_widget_init_template(GTK_WIDGET(p));
}

/* The page follows the model's stall slot from now on. */
GtkWidget *office_stall_page_new(OfficeModel *model)
{
  OfficeStallPage *p = g_object_new(OFFICE_TYPE_STALL_PAGE, NULL);
  p->model = g_object_ref(model);
  g_signal_connect_object(model, "changed", G_CALLBACK(on_model_changed), p, 0);
  on_model_changed(model, OFFICE_VIEW_STALL, p);
  return GTK_WIDGET(p);
}
