/*
** an-int.h: what the analytics files share and nobody else sees.
**
** The scan: one pass over each kind of fact row gathers, for one market and
** its periods, every sum the three reports need, into arrays indexed by
** the market's own stall numbering (local index), by line, by method and
** by day.  All reports are then loops over those arrays, so a report costs
** O(rows + stalls x lines of that market) whatever the size of the city.
*/
#ifndef AN_INT_H
#define AN_INT_H

#include "an-charts.h"
#include "an-report.h"
#include <cairo.h>
#include <cjson/cJSON.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* ---- Rows by market (an_dataset_seal) -------------------------------------- */

typedef enum { AN_ROWS_STALL_DAYS, AN_ROWS_STALL_HOURS, AN_ROWS_STALL_TENDERS, AN_ROWS_N } AnRowKind;
/*
** The indices of the rows of one kind that belong to market; NULL, with *n
** the number of all rows, when the dataset is not sealed (read them all).
*/
const guint *an_dataset_market_rows(const AnDataset *ds, AnRowKind kind, guint market, guint *n);

/* ---- The scan ------------------------------------------------------------- */

typedef enum {
  AN_SCAN_LINES = 1 << 0,     /* line rollups: market and city line sums */
  AN_SCAN_STALL_LINES = 1 << 1, /* per stall x line revenue (needs LINES) */
  AN_SCAN_DAYS = 1 << 2,      /* stall days: sums and per stall x day arrays */
  AN_SCAN_TENDERS = 1 << 3,   /* per stall x method amounts */
  AN_SCAN_HOURS = 1 << 4      /* per stall weekday x hour */
} AnScanFlags;

typedef struct {
  int64_t revenue, prev_revenue;   /* stall-day totals */
  int64_t receipts, prev_receipts;
  guint active_days;
  int64_t line_revenue;            /* sum of its line rollups, current */
} AnStallSums;

typedef struct {
  int64_t revenue, prev_revenue, qty_milli, receipts;   /* this market */
  int64_t city_revenue, city_prev_revenue, city_qty_milli; /* every market */
} AnLineSums;

typedef struct {
  const AnDataset *ds;
  AnQuery q;
  gboolean has_prev;
  guint n_days;                  /* days of the period */
  guint n_stalls;                /* stalls of the market */
  guint *stall_ids;              /* local -> dataset index */
  gint *local;                   /* dataset index -> local, -1 elsewhere */
  AnStallSums *st;               /* [n_stalls] */
  guint n_lines;
  AnLineSums *ln;                /* [n_lines] */
  int64_t revenue, prev_revenue; /* market, line rollups */
  int64_t city_revenue, city_prev_revenue;
  guint city_markets;            /* markets with line revenue in the period */
  int64_t *stall_line;           /* [n_stalls * n_lines], current revenue */
  int64_t *daily_rev, *daily_rcpt; /* [n_stalls * n_days] */
  guint n_methods;
  int64_t *tender;               /* [n_stalls * n_methods] */
  int64_t *heat_rev, *heat_rcpt; /* [n_stalls * 7 * 24] */
} AnScan;

/* NULL only for an invalid query (INVALID / NOT_FOUND). */
AnScan *an_scan_new(const AnDataset *ds, const AnQuery *q, guint flags, GError **error);
void an_scan_free(AnScan *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnScan, an_scan_free)

/* ---- Resamples of the period's days (an-resample.c) -------------------------- */

/*
** The multiplicity of each day of the period in each resample,
** [resamples x n_days], the same for the same seed; NULL (and 0) when the
** configuration asks for none.  Transfer full (g_free).
*/
guint32 *an_resample_days(const AnScan *s, guint *n_resamples);
/* The stalls' daily revenue day-major, [n_days x n_stalls] (needs AN_SCAN_DAYS).
** Transfer full (g_free). */
int64_t *an_resample_by_day(const AnScan *s);
/* Each stall's revenue over one resample's days into out[n_stalls], from
** an_resample_by_day's rows. */
void an_resample_stall_revenue(const AnScan *s, const int64_t *by_day, const guint32 *counts,
                               int64_t *out);
/* line_revenue x resampled / total, rounded; unchanged when total <= 0. */
int64_t an_resample_scale(int64_t line_revenue, int64_t resampled, int64_t total);

/* Checks a query against a dataset (market index, periods, settings). */
gboolean an_query_check(const AnDataset *ds, const AnQuery *q, GError **error);
/* Fills a report head, taking a reference on ds. */
void an_head_init(AnReportHead *h, AnDataset *ds, const AnQuery *q);
/* Frees a report's rows, its head's dataset reference, then report. */
void an_report_release(gpointer report, AnReportHead *head, GPtrArray *rows);
/* Frees a row's explanations, then row. */
void an_row_release(gpointer row, GPtrArray *explain);
/* The stall-head fields a store row and a stall row share, from scan stall st. */
#define AN_STALL_HEAD_FILL(s, st, row)                                                        \
  an_stall_head(s, st, &(row)->stall, &(row)->code, &(row)->name, &(row)->explain,       \
                &(row)->revenue, &(row)->prev_revenue, &(row)->growth, &(row)->receipts, \
                &(row)->avg_ticket_defined, &(row)->avg_ticket, &(row)->active_days)
void an_stall_head(const AnScan *s, guint st, guint *stall, const char **code,
                   const char **name, GPtrArray **explain, int64_t *revenue,
                   int64_t *prev_revenue, AnRatio *growth, int64_t *receipts,
                   gboolean *avg_defined, int64_t *avg, guint *active_days);
/* Rank order by score (unscored last), then revenue, then code; qsort-style. */
gint an_score_order(AnRatio xs, int64_t xrev, const char *xcode, AnRatio ys, int64_t yrev,
                    const char *ycode);

/* ---- Arithmetic ------------------------------------------------------------- */

static inline AnRatio an_ratio(double v)
{
  AnRatio r = { v, TRUE };
  return r;
}

static inline AnRatio an_undef(void)
{
  AnRatio r = { 0.0, FALSE };
  return r;
}

/* a / b as a ratio, undefined when b is 0. */
AnRatio an_div(int64_t a, int64_t b);
/* now / before - 1, undefined unless before > 0. */
AnRatio an_growth(int64_t now, int64_t before);
/* a / b in integers, half away from zero; b != 0. */
int64_t an_div_round(int64_t a, int64_t b);
/* a * b / c in integers (128-bit product), half away from zero; c != 0. */
int64_t an_muldiv_round(int64_t a, int64_t b, int64_t c);
double an_clamp01(double v);
/* The weighted mean of the defined parts x 100; undefined if none is. */
AnRatio an_score(const AnScorePart *parts, guint n);

/*
** A second view of rows for another order: the pointers, without the free
** function (g_ptr_array_copy would copy it and free the rows twice).
*/
GPtrArray *an_borrowed_copy(GPtrArray *rows);

/* ---- Text --------------------------------------------------------------------- */

#define AN_NUM_LEN 40
/* Appends v in decimal (no printf: series of thousands of figures). */
void an_string_append_int(GString *s, int64_t v);
/* "1,234,567" (thousands separators, sign). */
const char *an_fmt_int(char buf[AN_NUM_LEN], int64_t v);
/* "1,234,567원". */
const char *an_fmt_won(char buf[AN_NUM_LEN], int64_t v);
/* "+12.3%" (signed) or "12.3%"; "없음" when undefined. */
const char *an_fmt_pct(char buf[AN_NUM_LEN], AnRatio r, gboolean sign);
/* "1.62" with digits decimals; "없음" when undefined. */
const char *an_fmt_num(char buf[AN_NUM_LEN], AnRatio r, int digits);
/* Appends a printf sentence to an explain array. */
void an_explain(GPtrArray *explain, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* "2024-01-01 ~ 2024-03-31 (91일)". Transfer full. */
char *an_fmt_period(AnPeriod p);

/*
** Text wrapped at width, laid out as an_chart_text would draw it (left
** aligned) but not drawn; *height is the height it takes.  Draw it with
** an_text_show() after deciding where: measuring does not cost a second
** layout.  Transfer full.
*/
PangoLayout *an_text_wrapped(cairo_t *cr, double width, const char *text, double size,
                             gboolean bold, double *height);
/*
** One line cut with an ellipsis at width, aligned in it, as an_chart_text
** lays it out, not drawn: the PDF's table cells, laid out once per text and
** drawn as often as the text recurs.  Transfer full.
*/
PangoLayout *an_text_line(cairo_t *cr, double width, const char *text, double size,
                          gboolean bold, AnAlign align);
/* Draws a layout of an_text_wrapped() or an_text_line(), in the current source colour. */
void an_text_show(cairo_t *cr, PangoLayout *layout, double x, double y);

/* ---- Report fonts (an-fonts.c) -------------------------------------------------- */

/*
** The family the build-time Korean cuts of Noto Sans CJK KR are given in the
** report's private fontconfig configuration, and the list the PDF asks for:
** the cut first, the system's full font for what the cut lacks.
*/
#define AN_REPORT_SUBSET_FAMILY "Market POS Report Sans KR"
#define AN_REPORT_FONT_FAMILIES AN_REPORT_SUBSET_FAMILY "," AN_CHART_FONT

/*
** A font map over the cut fonts for one PDF at a time, or NULL when they
** were not found (then pango's default font map, as in a widget).  Any
** thread; give it back with an_fonts_release() once the PDF is finished.
*/
PangoFontMap *an_fonts_acquire(void);
void an_fonts_release(PangoFontMap *fm);

/*
** Makes an_chart_text and an_text_wrapped on cr lay text out in ctx (a
** context of an_fonts_acquire()'s font map) with AN_REPORT_FONT_FAMILIES,
** instead of a context of pango's default font map per text.  cr keeps a
** reference until it is destroyed.
*/
void an_text_use_context(cairo_t *cr, PangoContext *ctx);

/* ---- What store and stall rows share (the JSON and CSV writers) ---------------- */

/* The fields both rows open with, in the pinned order of the outputs. */
typedef struct {
  const char *code, *name;
  guint rank;
  int64_t revenue, prev_revenue;
  AnRatio growth;
  int64_t receipts;
  gboolean avg_ticket_defined;
  int64_t avg_ticket;
  guint active_days;
} AnStallHead;

/* Those fields of an AnStoreRow or an AnStallRow (both name them alike). */
#define AN_STALL_HEAD(row)                                                                \
  ((AnStallHead){ (row)->code, (row)->name, (row)->rank, (row)->revenue,                 \
                  (row)->prev_revenue, (row)->growth, (row)->receipts,                   \
                  (row)->avg_ticket_defined, (row)->avg_ticket, (row)->active_days })

/* ---- JSON helpers (an-report-json.c) ------------------------------------------ */

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cJSON, cJSON_Delete)

G_END_DECLS
#endif
