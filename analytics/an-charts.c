/*
** an-charts.c: the five report charts (an-charts.h).
**
** Deliberately plain: one accent colour for what the consultant should
** look at (competitive lines, core stores, negative days), muted greys for
** the frame, figures printed next to the marks so that a black-and-white
** printout still reads.  Sizes derive from the rectangle so the same code
** serves a half A4 page and a widget.
*/
#include "an-charts.h"
#include "an-int.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/*
** Axis labels, tick values and legends: 8 pt, the smallest a printed A4
** page reads comfortably (smaller labels were the consultants' complaint).
*/
#define AXIS_PT 8.0

static const double INK[3] = { 0.13, 0.14, 0.17 };
static const double MUTED[3] = { 0.42, 0.44, 0.48 };
static const double GRID[3] = { 0.86, 0.87, 0.89 };
static const double BASE[3] = { 0.24, 0.45, 0.70 };
static const double ACCENT[3] = { 0.88, 0.40, 0.10 };

static const char *const WEEKDAY_KO[AN_WEEKDAYS] = { "월", "화", "수", "목", "금", "토", "일" };

/* Colours are triples so that the palette reads as one table above. */
static void rgb(cairo_t *cr, const double c[3])
{
  cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* ---- Text ---------------------------------------------------------------- */

/*
** The PangoContext the report PDF attached to its cairo context (NULL in a
** widget): see an_text_use_context().
*/
static const cairo_user_data_key_t CONTEXT_KEY;

/*
** Brings ctx to cr's matrix, only when that changed.  pango_cairo_update_context
** marks the context changed every time (it sets the matrix whether or not it
** differs), and every layout of a changed context is laid out again when next
** drawn or measured: the PDF's table cells, laid out once and drawn many
** times, would each be laid out again after any new text.
*/
static void follow_matrix(cairo_t *cr, PangoContext *ctx)
{
  cairo_matrix_t m;
  const PangoMatrix *pm = pango_context_get_matrix(ctx);
  cairo_get_matrix(cr, &m);
  if (pm == NULL || pm->xx != m.xx || pm->yx != m.yx || pm->xy != m.xy || pm->yy != m.yy)
    pango_cairo_update_context(cr, ctx);
}

/*
** Kept as cairo user data so that the charts' signatures stay widget-friendly;
** brought up to date with cr (its surface's font options, its matrix) here,
** then only when the matrix changes (follow_matrix).
*/
void an_text_use_context(cairo_t *cr, PangoContext *ctx)
{
  pango_cairo_update_context(cr, ctx);
  cairo_set_user_data(cr, &CONTEXT_KEY, g_object_ref(ctx), g_object_unref);
}

/*
** One layout per text, in absolute sizes so that text is in user units on a
** PDF and in a widget alike.  In a widget, a layout of pango's default font
** map with AN_CHART_FONT; on the report PDF, a layout of the context it
** attached (its cut fonts, AN_REPORT_FONT_FAMILIES), brought up to date with
** cr's matrix first (follow_matrix: a comparison when nothing changed), which
** saves the context pango_cairo_create_layout would make for every text.
*/
static PangoLayout *layout_new(cairo_t *cr, double width, const char *text, double size,
                               gboolean bold, AnAlign align, gboolean wrap)
{
  PangoContext *ctx = cairo_get_user_data(cr, &CONTEXT_KEY);
  PangoLayout *layout;
  PangoFontDescription *fd = pango_font_description_new();
  if (ctx != NULL) {
    follow_matrix(cr, ctx);
    layout = pango_layout_new(ctx);
    pango_font_description_set_family_static(fd, AN_REPORT_FONT_FAMILIES);
  } else {
    layout = pango_cairo_create_layout(cr);
    pango_font_description_set_family_static(fd, AN_CHART_FONT);
  }
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(layout, text ? text : "", -1);
  if (width > 0) {
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    if (wrap)
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    else
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(layout, align == AN_ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                       : align == AN_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                                 : PANGO_ALIGN_LEFT);
  }
  return layout;
}

/* Draws a layout with its top-left at (x, y), leaving no current point. */
static void show_at(cairo_t *cr, PangoLayout *layout, double x, double y)
{
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  cairo_new_path(cr);   /* no current point left to join the next shape to */
}

/* Draws through a layout and clears the path, so text never joins the next shape. */
double an_chart_text(cairo_t *cr, double x, double y, double width, const char *text,
                     double size, gboolean bold, AnAlign align, gboolean wrap)
{
  PangoLayout *layout = layout_new(cr, width, text, size, bold, align, wrap);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  show_at(cr, layout, x, y);
  g_object_unref(layout);
  return (double)h / PANGO_SCALE;
}

/*
** Laid out, not drawn: the PDF flow measures a paragraph, breaks the page
** when it would not fit, then draws this same layout (text is laid out
** once, not once to measure and again to draw).
*/
PangoLayout *an_text_wrapped(cairo_t *cr, double width, const char *text, double size,
                             gboolean bold, double *height)
{
  PangoLayout *layout = layout_new(cr, width, text, size, bold, AN_ALIGN_LEFT, TRUE);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  *height = (double)h / PANGO_SCALE;
  return layout;
}

PangoLayout *an_text_line(cairo_t *cr, double width, const char *text, double size,
                          gboolean bold, AnAlign align)
{
  return layout_new(cr, width, text, size, bold, align, FALSE);
}

/*
** The context follows cr's matrix first, as in layout_new: a layout kept
** from before must be drawn as laid out in the current matrix.
*/
void an_text_show(cairo_t *cr, PangoLayout *layout, double x, double y)
{
  PangoContext *ctx = cairo_get_user_data(cr, &CONTEXT_KEY);
  if (ctx != NULL)
    follow_matrix(cr, ctx);
  show_at(cr, layout, x, y);
}

/* Korean readers count money in 만 (10^4) and 억 (10^8), not thousands. */
char *an_chart_won_short(double won)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char n[AN_NUM_LEN];
  double a = fabs(won);
  if (a >= 1e8) {
    g_ascii_formatd(buf, sizeof buf, a >= 1e9 ? "%.0f" : "%.1f", won / 1e8);
    return g_strdup_printf("%s억", buf);
  }
  if (a >= 1e4)
    return g_strdup_printf("%s만", an_fmt_int(n, (int64_t)llround(won / 1e4)));
  return g_strdup(an_fmt_int(n, (int64_t)llround(won)));
}

/* 1, 2 or 5 times a power of ten, about range / ticks. */
static double nice_step(double range, int ticks)
{
  double raw = range / ticks, mag, norm;
  if (!(raw > 0))
    return 1;
  mag = pow(10, floor(log10(raw)));
  norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/* Title on top; returns the plot rectangle below it. */
static AnRect frame(cairo_t *cr, const AnRect *area, const char *title)
{
  AnRect plot = *area;
  double size = CLAMP(area->height * 0.05, 9, 11);
  if (title != NULL && *title != '\0') {
    double h;
    rgb(cr, INK);
    h = an_chart_text(cr, area->x, area->y, area->width, title, size, TRUE, AN_ALIGN_LEFT, FALSE);
    plot.y += h + 6;
    plot.height -= h + 6;
  }
  return plot;
}

/* An empty chart says so rather than drawing empty axes. */
static void no_data(cairo_t *cr, const AnRect *plot)
{
  rgb(cr, MUTED);
  an_chart_text(cr, plot->x, plot->y + plot->height / 2 - 6, plot->width, "자료 없음", 10,
                FALSE, AN_ALIGN_CENTER, FALSE);
}

/*
** The start of a chart that draws nothing without data: saves the state and
** frames the area into *plot; with n == 0 it says so in the frame, restores
** the state and returns FALSE, and the caller returns too.
*/
static gboolean chart_begin(cairo_t *cr, const AnRect *area, const char *title, guint n,
                            AnRect *plot)
{
  cairo_save(cr);
  *plot = frame(cr, area, title);
  if (n > 0)
    return TRUE;
  no_data(cr, plot);
  cairo_restore(cr);
  return FALSE;
}

/* ---- Bars ------------------------------------------------------------------- */

/* Horizontal bars: label column, bar, figure; as many rows as fit. */
static void hbars(cairo_t *cr, const AnRect *area, const char *title, const AnChartBar *bars,
                  guint n)
{
  AnRect plot;
  double max = 0, label_w, value_w, bar_x, bar_w, row_h, font;
  guint shown;
  if (!chart_begin(cr, area, title, n, &plot))
    return;
  shown = MIN(n, (guint)MAX(1.0, floor(plot.height / (AXIS_PT + 5))));
  row_h = MIN(22.0, plot.height / shown);
  font = CLAMP(row_h * 0.5, AXIS_PT, 9.5);
  for (guint i = 0; i < shown; i++)
    max = MAX(max, bars[i].value);
  if (!(max > 0))
    max = 1;
  label_w = plot.width * 0.26;
  value_w = plot.width * 0.20;
  bar_x = plot.x + label_w + 6;
  bar_w = plot.width - label_w - value_w - 12;
  for (guint i = 0; i < shown; i++) {
    double y = plot.y + i * row_h;
    double len = bar_w * MAX(0.0, bars[i].value) / max;
    double text_y = y + (row_h - font * 1.45) / 2;
    rgb(cr, INK);
    an_chart_text(cr, plot.x, text_y, label_w, bars[i].label, font, bars[i].highlight,
                  AN_ALIGN_RIGHT, FALSE);
    rgb(cr, bars[i].highlight ? ACCENT : BASE);
    cairo_rectangle(cr, bar_x, y + row_h * 0.18, MAX(len, 0.5), row_h * 0.64);
    cairo_fill(cr);
    if (bars[i].value_text) {
      rgb(cr, MUTED);
      an_chart_text(cr, bar_x + len + 4, text_y, value_w + bar_w - len, bars[i].value_text,
                    font, FALSE, AN_ALIGN_LEFT, FALSE);
    }
  }
  if (shown < n) {
    char note[64];
    g_snprintf(note, sizeof note, "외 %u개", n - shown);
    rgb(cr, MUTED);
    an_chart_text(cr, plot.x, plot.y + shown * row_h, label_w, note, font, FALSE,
                  AN_ALIGN_RIGHT, FALSE);
  }
  cairo_restore(cr);
}

/* Shares: one bar a line, competitive lines in the accent colour. */
void an_chart_share_bars(cairo_t *cr, const AnRect *area, const char *title,
                         const AnChartBar *bars, guint n)
{
  hbars(cr, area, title, bars, n);
}

/* Stores: the same bars, won figures in 만/억, core stores accented. */
void an_chart_top_stores(cairo_t *cr, const AnRect *area, const char *title,
                         const AnChartBar *bars, guint n)
{
  hbars(cr, area, title, bars, n);
}

/* ---- Scatter ------------------------------------------------------------------ */

/* Axis percent without a minus zero. */
static void pct_label(char *buf, gsize len, double v)
{
  char n[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(n, sizeof n, "%.0f", v * 100);
  g_snprintf(buf, len, "%s%%", strcmp(n, "-0") == 0 ? "0" : n);
}

/*
** Axes fit the points but always show LQ 0..2 and growth -20%..+20%, so
** that a market with modest figures does not look dramatic; growth beyond
** -100%..+300% is pinned to the edge (a new line from a tiny base).
*/
void an_chart_growth_lq_scatter(cairo_t *cr, const AnRect *area, const char *title,
                                const AnChartPoint *points, guint n, double lq_cut)
{
  AnRect plot;
  double xmax = MAX(2.0, lq_cut * 1.2), ymin = -0.2, ymax = 0.2, smax = 0;
  double px, py, pw, ph, step;
  cairo_save(cr);
  plot = frame(cr, area, title);
  for (guint i = 0; i < n; i++) {
    xmax = MAX(xmax, points[i].lq * 1.1);
    ymin = MIN(ymin, points[i].growth - 0.05);
    ymax = MAX(ymax, points[i].growth + 0.05);
    smax = MAX(smax, points[i].size);
  }
  xmax = MIN(xmax, 10.0);
  ymin = MAX(ymin, -1.0);
  ymax = MIN(ymax, 3.0);
  px = plot.x + 38;
  py = plot.y + 4;
  pw = plot.width - 46;
  ph = plot.height - 34;
#define SX(v) (px + pw * (CLAMP((v), 0, xmax) / xmax))
#define SY(v) (py + ph * (1 - (CLAMP((v), ymin, ymax) - ymin) / (ymax - ymin)))
  cairo_set_line_width(cr, 0.5);
  step = nice_step(ymax - ymin, 5);
  for (double t = ceil(ymin / step) * step; t <= ymax + 1e-9; t += step) {
    char lab[32];
    rgb(cr, GRID);
    cairo_move_to(cr, px, SY(t));
    cairo_line_to(cr, px + pw, SY(t));
    cairo_stroke(cr);
    pct_label(lab, sizeof lab, t);
    rgb(cr, MUTED);
    an_chart_text(cr, plot.x, SY(t) - 5, 34, lab, AXIS_PT, FALSE, AN_ALIGN_RIGHT, FALSE);
  }
  step = nice_step(xmax, 5);
  for (double t = 0; t <= xmax + 1e-9; t += step) {
    char lab[G_ASCII_DTOSTR_BUF_SIZE];
    rgb(cr, GRID);
    cairo_move_to(cr, SX(t), py);
    cairo_line_to(cr, SX(t), py + ph);
    cairo_stroke(cr);
    g_ascii_formatd(lab, sizeof lab, "%.1f", t);
    rgb(cr, MUTED);
    an_chart_text(cr, SX(t) - 15, py + ph + 3, 30, lab, AXIS_PT, FALSE, AN_ALIGN_CENTER, FALSE);
  }
  rgb(cr, MUTED);
  an_chart_text(cr, px, py + ph + 14, pw, "LQ (특화도) →   세로: 성장률", AXIS_PT, FALSE,
                AN_ALIGN_CENTER, FALSE);
  /* The reading lines: LQ 1, the competitive cut (dashed), zero growth. */
  cairo_set_line_width(cr, 0.9);
  cairo_move_to(cr, SX(1.0), py);
  cairo_line_to(cr, SX(1.0), py + ph);
  cairo_move_to(cr, px, SY(0));
  cairo_line_to(cr, px + pw, SY(0));
  cairo_stroke(cr);
  {
    const double dash[] = { 3, 2 };
    rgb(cr, ACCENT);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, SX(lq_cut), py);
    cairo_line_to(cr, SX(lq_cut), py + ph);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  rgb(cr, MUTED);
  {
    /* right of the cut, or over it when the cut sits near the right edge */
    double lw = MAX(px + pw - SX(lq_cut) - 3, 50);
    an_chart_text(cr, px + pw - lw, py + 2, lw, "특화 + 성장", AXIS_PT, FALSE, AN_ALIGN_RIGHT, FALSE);
    an_chart_text(cr, px + pw - lw, py + ph - 11, lw, "특화 + 감소", AXIS_PT, FALSE, AN_ALIGN_RIGHT,
                  FALSE);
  }
  if (n == 0)
    no_data(cr, &plot);
  for (guint i = 0; i < n; i++) {
    double r = 3 + 11 * (smax > 0 ? sqrt(MAX(0.0, points[i].size) / smax) : 0);
    double x = SX(points[i].lq), y = SY(points[i].growth);
    const double *c = points[i].highlight ? ACCENT : BASE;
    cairo_set_source_rgba(cr, c[0], c[1], c[2], 0.55);
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * G_PI);
    cairo_fill_preserve(cr);
    rgb(cr, c);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
    rgb(cr, INK);
    an_chart_text(cr, x + r + 2, y - 5, 70, points[i].label, 7, points[i].highlight,
                  AN_ALIGN_LEFT, FALSE);
  }
#undef SX
#undef SY
  cairo_restore(cr);
}

/* ---- Daily trend -------------------------------------------------------------- */

/*
** Bars rather than a line: closed days are zeros and must look like gaps;
** refund-only days go below the axis in the accent colour.
*/
void an_chart_daily_trend(cairo_t *cr, const AnRect *area, const char *title,
                          const AnDailyPoint *points, guint n)
{
  AnRect plot;
  double lo = 0, hi = 0, px, py, pw, ph, step, slot;
  guint label_every;
  if (!chart_begin(cr, area, title, n, &plot))
    return;
  for (guint i = 0; i < n; i++) {
    lo = MIN(lo, (double)points[i].revenue);
    hi = MAX(hi, (double)points[i].revenue);
  }
  if (hi - lo <= 0)
    hi = 1;
  step = nice_step(hi - lo, 4);
  hi = ceil(hi / step) * step;
  lo = floor(lo / step) * step;
  px = plot.x + 44;
  py = plot.y + 4;
  pw = plot.width - 48;
  ph = plot.height - 22;
#define TY(v) (py + ph * (1 - ((v) - lo) / (hi - lo)))
  cairo_set_line_width(cr, 0.5);
  for (double t = lo; t <= hi + step * 1e-6; t += step) {
    g_autofree char *lab = an_chart_won_short(t);
    rgb(cr, GRID);
    cairo_move_to(cr, px, TY(t));
    cairo_line_to(cr, px + pw, TY(t));
    cairo_stroke(cr);
    rgb(cr, MUTED);
    an_chart_text(cr, plot.x, TY(t) - 5, 40, lab, AXIS_PT, FALSE, AN_ALIGN_RIGHT, FALSE);
  }
  slot = pw / n;
  label_every = MAX(1u, (guint)ceil(n / 8.0));
  for (guint i = 0; i < n; i++) {
    double v = (double)points[i].revenue;
    double top = TY(MAX(v, 0.0)), bottom = TY(MIN(v, 0.0));
    rgb(cr, v < 0 ? ACCENT : BASE);
    cairo_rectangle(cr, px + i * slot + slot * 0.15, top, MAX(slot * 0.7, 0.4), bottom - top);
    cairo_fill(cr);
    if (i % label_every == 0) {
      char lab[AN_DAY_ISO_LEN];
      an_day_format(points[i].day, lab);
      rgb(cr, MUTED);
      an_chart_text(cr, px + i * slot + slot / 2 - 20, py + ph + 4, 40, lab + 5, AXIS_PT, FALSE,
                    AN_ALIGN_CENTER, FALSE);
    }
  }
  rgb(cr, MUTED);
  cairo_move_to(cr, px, TY(0));
  cairo_line_to(cr, px + pw, TY(0));
  cairo_stroke(cr);
#undef TY
  cairo_restore(cr);
}

/* ---- Heatmap ----------------------------------------------------------------- */

/*
** White to blue by the busiest cell, so the shape of a week shows whatever
** the scale; empty cells stay grey to tell "closed" from "slow".
*/
void an_chart_heatmap(cairo_t *cr, const AnRect *area, const char *title,
                      const int64_t revenue[AN_WEEKDAYS][AN_HOURS])
{
  AnRect plot;
  int64_t max = 0;
  double px, py, cw, ch;
  cairo_save(cr);
  plot = frame(cr, area, title);
  for (int w = 0; w < AN_WEEKDAYS; w++)
    for (int h = 0; h < AN_HOURS; h++)
      max = MAX(max, revenue[w][h]);
  px = plot.x + 20;
  py = plot.y + 12;
  cw = (plot.width - 20) / AN_HOURS;
  ch = (plot.height - 12 - 16) / AN_WEEKDAYS;
  for (int h = 0; h < AN_HOURS; h += 3) {
    char lab[8];
    g_snprintf(lab, sizeof lab, "%d시", h);
    rgb(cr, MUTED);
    an_chart_text(cr, px + h * cw, plot.y, cw * 3, lab, AXIS_PT, FALSE, AN_ALIGN_LEFT, FALSE);
  }
  for (int w = 0; w < AN_WEEKDAYS; w++) {
    rgb(cr, INK);
    an_chart_text(cr, plot.x, py + w * ch + ch / 2 - 5, 18, WEEKDAY_KO[w], AXIS_PT, FALSE,
                  AN_ALIGN_LEFT, FALSE);
    for (int h = 0; h < AN_HOURS; h++) {
      double t = max > 0 && revenue[w][h] > 0 ? (double)revenue[w][h] / (double)max : 0;
      if (revenue[w][h] <= 0)
        cairo_set_source_rgb(cr, 0.96, 0.96, 0.97);
      else
        cairo_set_source_rgb(cr, 1 - t * (1 - BASE[0]), 1 - t * (1 - BASE[1]),
                             1 - t * (1 - BASE[2]));
      cairo_rectangle(cr, px + h * cw + 0.5, py + w * ch + 0.5, cw - 1, ch - 1);
      cairo_fill(cr);
    }
  }
  {
    g_autofree char *top = an_chart_won_short((double)max);
    g_autofree char *note = max > 0 ? g_strdup_printf("가장 진한 칸: %s원 (요일·시간별 매출 합계)",
                                                      top)
                                    : g_strdup("자료 없음");
    rgb(cr, MUTED);
    an_chart_text(cr, px, py + AN_WEEKDAYS * ch + 3, plot.width - 20, note, AXIS_PT, FALSE,
                  AN_ALIGN_LEFT, FALSE);
  }
  cairo_restore(cr);
}
