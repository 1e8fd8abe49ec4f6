/*
** an-impact-pdf.c: the impact report as an A4 PDF, in the consultant
** report's style (an-report-pdf.c: the same margins, ink, fonts and
** footer).
**
** Page one: the engagement, the finding in plain Korean with its interval
** and warnings, and the weekly chart of both groups (mean daily revenue
** per stall) with the start marked.  Then the matching: each helped stall,
** its main line, its revenue before the start and its controls.  Text
** grows the page downwards and a new page starts when the next block
** would cross the bottom margin, so no page is left nearly empty.
*/
#include "an-impact.h"
#include "an-charts.h"
#include "an-doc-int.h"

#define BODY 9.5           /* body text, points */
#define AXIS 8.0           /* chart labels: at least 8 pt */

static const double INK[3] = {0.13, 0.14, 0.17};
static const double MUTED[3] = {0.42, 0.44, 0.48};
static const double TREATED[3] = {0.80, 0.33, 0.10};
static const double CONTROLS[3] = {0.16, 0.33, 0.55};
static const double WARN[3] = {0.70, 0.20, 0.10};

static void rgb(cairo_t *cr, const double c[3])
{
  cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* Both groups' weekly means as lines over a won axis; the start dashed. */
static void chart(AnDocFlow *d, const AnImpactReport *r, double height)
{
  const GArray *w = r->weeks;
  cairo_t *cr = d->cr;
  an_doc_need(d, height);
  double x0 = AN_DOC_MARGIN + 52, x1 = AN_DOC_MARGIN + AN_DOC_CONTENT_W - 8, y0 = d->y + 22, y1 = d->y + height - 28;
  rgb(cr, INK);
  an_chart_text(cr, AN_DOC_MARGIN, d->y, AN_DOC_CONTENT_W, "주별 점포당 하루 평균 매출", 10, TRUE,
                AN_ALIGN_LEFT, FALSE);
  int64_t top = 1;
  for (guint i = 0; i < w->len; i++) {
    const AnImpactWeek *k = &g_array_index(w, AnImpactWeek, i);
    top = MAX(top, MAX(k->treated, k->controls));
  }
  double span = (double)top * 1.1;
  for (int t = 0; t <= 4; t++) {          /* axis: five won ticks */
    double y = y1 - (y1 - y0) * t / 4.0;
    g_autofree char *label = an_chart_won_short(span * t / 4.0);
    rgb(cr, MUTED);
    an_chart_text(cr, AN_DOC_MARGIN, y - 6, 48, label, AXIS, FALSE, AN_ALIGN_RIGHT, FALSE);
    cairo_set_source_rgb(cr, 0.88, 0.89, 0.91);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
  }
  guint n = w->len;
  double step = n > 1 ? (x1 - x0) / (n - 1) : 0;
  for (guint i = 0; i < n; i++) {          /* week labels, every other one when crowded */
    const AnImpactWeek *k = &g_array_index(w, AnImpactWeek, i);
    if (n > 10 && i % 2)
      continue;
    char day[AN_DAY_ISO_LEN];
    an_day_format(k->from, day);
    rgb(cr, MUTED);
    an_chart_text(cr, x0 + step * i - 20, y1 + 4, 40, day + 5, AXIS, FALSE, AN_ALIGN_CENTER,
                  FALSE);
    if (k->from == r->start) {
      static const double dash[] = {3, 2};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_move_to(cr, x0 + step * i, y0);
      cairo_line_to(cr, x0 + step * i, y1);
      cairo_stroke(cr);
      cairo_set_dash(cr, NULL, 0, 0);
      an_chart_text(cr, x0 + step * i + 3, y0, 60, "지원 시작", AXIS, FALSE, AN_ALIGN_LEFT,
                    FALSE);
    }
  }
  for (int g = 0; g < 2; g++) {
    rgb(cr, g == 0 ? TREATED : CONTROLS);
    cairo_set_line_width(cr, 1.6);
    for (guint i = 0; i < n; i++) {
      const AnImpactWeek *k = &g_array_index(w, AnImpactWeek, i);
      double v = (double)(g == 0 ? k->treated : k->controls);
      double x = x0 + step * i, y = y1 - (y1 - y0) * v / span;
      if (i == 0)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    an_chart_text(cr, x0 + 150 * g, y1 + 16, 140, g == 0 ? "■ 지원 점포" : "■ 비교 점포", AXIS,
                  FALSE, AN_ALIGN_LEFT, FALSE);
  }
  d->y += height;
}

static void matching(AnDocFlow *d, const AnImpactReport *r)
{
  char a[AN_NUM_LEN];
  an_doc_para(d, "비교 점포 짝짓기", 11, TRUE, INK, 0);
  for (guint i = 0; i < r->matches->len; i++) {
    const AnImpactMatch *m = g_ptr_array_index(r->matches, i);
    GString *c = g_string_new(NULL);
    for (guint k = 0; k < m->controls->len; k++)
      g_string_append_printf(c, "%s%s", k ? ", " : "", (const char *)m->controls->pdata[k]);
    g_autofree char *text = g_strdup_printf(
      "%s %s · 주력 %s · 시작 전 매출 %s → 비교: %s%s", m->code, m->name,
      m->main_line ? m->main_line : "-", an_fmt_won(a, m->pre_revenue), c->str,
      m->same_line ? "" : " (다른 상품군)");
    g_string_free(c, TRUE);
    an_doc_para(d, text, BODY, FALSE, INK, 0);
  }
}

/* The finding first, then the chart and the matching that back it. */
GBytes *an_impact_pdf_bytes(const AnImpactReport *r, GError **error)
{
  g_autofree char *period = an_fmt_period(r->head.query.period);
  g_autofree char *title = g_strdup_printf("%s 지원 효과 보고서 (지원 %" G_GINT64_FORMAT ")",
                                           r->head.market_name, r->engagement_id);
  g_autofree char *foot = g_strdup_printf("%s · 지원 %" G_GINT64_FORMAT " · %s",
                                          r->head.market_name, r->engagement_id, period);
  char start[AN_DAY_ISO_LEN];
  an_day_format(r->start, start);
  g_autofree char *sub = g_strdup_printf("%s%s지원 시작 %s · 살펴본 기간 %s", r->label,
                                         *r->label ? " · " : "", start, period);
  AnDocFlow d;
  an_doc_begin(&d, title, foot);
  an_doc_para(&d, title, 16, TRUE, INK, 0);
  an_doc_para(&d, sub, BODY, FALSE, MUTED, 0);
  d.y += 6;
  for (guint i = 0; i < r->explain->len; i++)
    an_doc_para(&d, g_ptr_array_index(r->explain, i), BODY + 0.5, FALSE, INK, 0);
  for (guint i = 0; i < r->warnings->len; i++)
    an_doc_para(&d, g_ptr_array_index(r->warnings, i), BODY, FALSE, WARN, 0);
  d.y += 8;
  chart(&d, r, 250);
  d.y += 6;
  matching(&d, r);
  return an_doc_finish(&d, error);
}
