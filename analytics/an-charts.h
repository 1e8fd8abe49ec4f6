/*
** an-charts.h: the report charts, drawn with cairo, text with pango.
**
** Each chart draws into any cairo context inside a rectangle, from plain
** arrays: the PDF writer uses them on an A4 PDF surface, and the GTK office
** app can call the same functions from a drawing area's "draw" handler
** with figures it parsed from the hub's JSON.  They never allocate state
** that outlives the call, never change the context's state for the caller
** (cairo_save / cairo_restore), and draw nothing but a note ("자료 없음")
** when there is nothing to draw.
**
** Units are the context's user units (points on a PDF surface, pixels in
** a widget); text is "Noto Sans CJK KR" so that Hangul renders, in sizes
** relative to the rectangle (on the report PDF, the build's Korean cut of
** it: an-fonts.c).
*/
#ifndef AN_CHARTS_H
#define AN_CHARTS_H

#include "an-report.h"
#include <cairo.h>

G_BEGIN_DECLS

#define AN_CHART_FONT "Noto Sans CJK KR"

typedef struct {
  double x, y, width, height;
} AnRect;

/* One horizontal bar. */
typedef struct {
  const char *label;            /* left of the bar */
  double value;                 /* length; negative values draw as 0 */
  const char *value_text;       /* at the bar's end, may be NULL */
  gboolean highlight;           /* accent colour (competitive line, core store) */
} AnChartBar;

/* One bubble of the growth x LQ scatter. */
typedef struct {
  const char *label;
  double lq;                    /* x */
  double growth;                /* y, as a ratio (0.10 = +10%) */
  double size;                  /* relative area, e.g. the share; >= 0 */
  gboolean highlight;
} AnChartPoint;

/* Lines by share of the market, in the order given (sort them first). */
void an_chart_share_bars(cairo_t *cr, const AnRect *area, const char *title,
                         const AnChartBar *bars, guint n);

/*
** Growth (y) against LQ (x), bubbles sized by share; a line at LQ = 1, a
** dashed one at lq_cut and one at zero growth split the plot into the four
** readings of docs/ANALYTICS.md.  Points with an undefined measure must be
** left out by the caller.
*/
void an_chart_growth_lq_scatter(cairo_t *cr, const AnRect *area, const char *title,
                                const AnChartPoint *points, guint n, double lq_cut);

/* Stores by revenue, core ones highlighted, in the order given. */
void an_chart_top_stores(cairo_t *cr, const AnRect *area, const char *title,
                         const AnChartBar *bars, guint n);

/* Daily revenue as bars (every day of the period, zeros included). */
void an_chart_daily_trend(cairo_t *cr, const AnRect *area, const char *title,
                          const AnDailyPoint *points, guint n);

/* Weekday (rows, Monday first) x hour (columns) of revenue, shaded. */
void an_chart_heatmap(cairo_t *cr, const AnRect *area, const char *title,
                      const int64_t revenue[AN_WEEKDAYS][AN_HOURS]);

/* ---- Text, shared with the PDF writer ---------------------------------------- */

typedef enum { AN_ALIGN_LEFT, AN_ALIGN_CENTER, AN_ALIGN_RIGHT } AnAlign;

/*
** Draws UTF-8 text with its top at y inside [x, x + width] in the current
** source colour: wrapped at width when wrap, else cut with an ellipsis.
** Returns the height it took.
*/
double an_chart_text(cairo_t *cr, double x, double y, double width, const char *text,
                     double size, gboolean bold, AnAlign align, gboolean wrap);

/* Axis figures in Korean units: "3억", "1,250만", "800". Transfer full. */
char *an_chart_won_short(double won);

G_END_DECLS
#endif
