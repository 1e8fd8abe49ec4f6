/*
** an-report.h: the measures of docs/ANALYTICS.md and their reports.
**
** Three reports, one per question a consultant or a manager asks:
**   an_lines_rank   which product lines of a market are competitive
**   an_stores_rank  which stores are the market's core
**   an_stalls_rank  how each stall is doing (trend, rank, payments, sync)
** Each reads only an AnDataset (an-data.h), in a few passes over its rows
** with per-index arrays (no pass depends on the number of stalls times the
** number of rows), and returns rows of figures.  docs/ANALYTICS.md gives
** every formula, why it is there and how to read it.
**
** Conventions:
**   money (revenue, average ticket, shift-share effects) is int64 won,
**     computed in integers and rounded half away from zero;
**   ratios are AnRatio: a double and a flag, FALSE when the ratio does not
**     exist (growth without prior revenue, LQ under its floor...).  Writers
**     print an undefined ratio as JSON null or an empty CSV cell, never NaN;
**   every row carries explain: plain Korean sentences naming the inputs
**     that made its verdict, class or flag, with the numbers;
**   a report keeps a reference to its dataset: names are borrowed from it.
*/
#ifndef AN_REPORT_H
#define AN_REPORT_H

#include "an-config.h"

G_BEGIN_DECLS

typedef struct {
  double value;
  gboolean defined;
} AnRatio;

typedef enum {
  AN_VERDICT_COMPETITIVE = 0,   /* specialised here: LQ at or above the cut */
  AN_VERDICT_EMERGING,          /* new, or growing fast and faster than the city */
  AN_VERDICT_STABLE,            /* none of the others */
  AN_VERDICT_DECLINING,         /* shrinking beyond the cut */
  AN_VERDICT_MINOR,             /* under the floor: too small to judge */
  AN_VERDICT_ERODING            /* specialised (LQ at the cut) but growing clearly
                                   slower than the city: losing ground */
} AnVerdict;

const char *an_verdict_name(AnVerdict v);    /* "competitive", ... (pinned) */
const char *an_verdict_label(AnVerdict v);   /* "경쟁력", ... */

/* One weighted part of a composite score; value in 0..1 when defined. */
typedef struct {
  const char *name;             /* static: "lq", "growth", ... */
  const char *label;            /* static Korean label */
  AnRatio value;
  double weight;
} AnScorePart;

#define AN_SCORE_PARTS 6

/* ---- The question ------------------------------------------------------ */

typedef struct {
  guint market;                 /* index in the dataset */
  AnPeriod period;
  AnCompare compare;            /* NONE: no growth, no shift-share */
  AnPeriod compare_period;      /* derived from compare by an_query_init */
  AnConfig config;
  int64_t as_of_ms;             /* sync ages are measured at this instant;
                                   0: the end of the period (Asia/Seoul) */
} AnQuery;

/*
** Fills a query: the market by code, the period from ISO days, the
** comparison period from the mode; config NULL means the defaults.
** NOT_FOUND for an unknown market, INVALID for bad days or settings.
*/
gboolean an_query_init(AnQuery *q, const AnDataset *ds, const char *market_code,
                       const char *from, const char *to, AnCompare compare,
                       const AnConfig *config, GError **error);

/* What every report repeats about the question it answers. */
typedef struct {
  AnDataset *ds;                /* a reference, dropped with the report */
  AnQuery query;
  const char *market_code;      /* borrowed from ds */
  const char *market_name;
} AnReportHead;

/* ---- Product lines ------------------------------------------------------- */

typedef struct {
  guint line;                   /* index in the dataset */
  const char *code, *name;      /* borrowed: code, Korean name */
  guint rank;                   /* 1 = best score; minor lines after, by revenue */
  int64_t revenue, prev_revenue;
  int64_t qty_milli, receipts;  /* receipts of the market holding the line */
  AnRatio share;                /* revenue / market revenue */
  AnRatio growth;               /* revenue / prev_revenue - 1 */
  AnRatio city_share;           /* the line's share of all markets' revenue */
  AnRatio city_growth;          /* the line's growth over all markets */
  AnRatio lq;                   /* share / city_share, when above the floor */
  gboolean above_floor;         /* big enough for LQ, verdict and score */
  gboolean shift_defined;       /* prior revenue here, in the line, in the city */
  int64_t national, industry_mix, competitive;  /* shift-share, won; sum = change */
  guint stalls;                 /* stalls of the market with revenue in the line */
  AnRatio hhi;                  /* over those stalls, 0..10000 */
  AnRatio penetration;          /* receipts holding the line / market receipts */
  AnRatio price_index;          /* revenue per unit here / in the other markets */
  AnScorePart parts[AN_SCORE_PARTS];
  AnRatio score;                /* 0..100 */
  AnVerdict verdict;
  AnRatio confidence;           /* 0..1: resamples of the period's days giving
                                   the same verdict; undefined with resamples=0 */
  gboolean fragile;             /* confidence under fragile_below */
  GPtrArray *explain;           /* char *, Korean sentences */
} AnLineRow;

typedef struct {
  AnReportHead head;
  int64_t revenue, prev_revenue;        /* the market, from the line rollups */
  AnRatio growth;
  int64_t receipts;                     /* the market's receipts */
  int64_t city_revenue, city_prev_revenue;
  AnRatio city_growth;
  guint city_markets;                   /* markets with revenue in the period */
  GPtrArray *rows;                      /* AnLineRow *, in rank order */
} AnLinesReport;

/* Transfer full (an_lines_report_free). */
AnLinesReport *an_lines_rank(AnDataset *ds, const AnQuery *q, GError **error);
void an_lines_report_free(AnLinesReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnLinesReport, an_lines_report_free)

/* ---- Core stores --------------------------------------------------------- */

typedef struct {
  guint stall;
  const char *code, *name;
  guint rank;                   /* 1 = best score */
  int64_t revenue, prev_revenue; /* receipts' totals, net */
  AnRatio growth;
  int64_t receipts;
  gboolean avg_ticket_defined;
  int64_t avg_ticket;           /* revenue / receipts, won, half up */
  guint active_days;            /* days with at least one receipt */
  AnRatio stability;            /* coefficient of variation of daily revenue
                                   over active days: lower is steadier */
  const char *main_line;        /* code of its biggest line, or NULL */
  const char *main_line_name;   /* its Korean name, or NULL */
  AnRatio relative_share;       /* its main-line revenue / the line's leader's */
  AnRatio competitive_weight;   /* share of its line revenue in competitive lines */
  AnScorePart parts[AN_SCORE_PARTS];
  AnRatio score;                /* 0..100 */
  char abc;                     /* 'A', 'B', 'C' */
  gboolean core;                /* among the top_n scores */
  AnRatio confidence;           /* 0..1: resamples of the period's days in
                                   which core stays what it is */
  gboolean fragile;             /* confidence under fragile_below */
  gboolean sole_seller;         /* the only seller of its main line here */
  GPtrArray *explain;
} AnStoreRow;

typedef struct {
  AnReportHead head;
  int64_t revenue, prev_revenue;
  AnRatio growth;
  GPtrArray *competitive_lines;         /* char * codes, borrowed */
  GPtrArray *rows;                      /* AnStoreRow *, in rank order */
} AnStoresReport;

/*
** lines (may be NULL: computed then) says which lines are competitive; it
** must answer the same query.  Transfer full.
*/
AnStoresReport *an_stores_rank(AnDataset *ds, const AnQuery *q,
                               const AnLinesReport *lines, GError **error);
void an_stores_report_free(AnStoresReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnStoresReport, an_stores_report_free)

/* ---- Stall performance ---------------------------------------------------- */

typedef struct {
  AnDay day;
  int64_t revenue;
  int64_t receipts;
} AnDailyPoint;

typedef struct {
  const char *method;           /* borrowed: "cash", "onnuri-paper", ... */
  int64_t amount;
  AnRatio share;
} AnTenderShare;

#define AN_WEEKDAYS 7
#define AN_HOURS 24

typedef struct {
  guint stall;
  const char *code, *name;
  guint rank;                   /* by revenue, 1 = highest */
  int64_t revenue, prev_revenue;
  AnRatio growth;
  int64_t receipts;
  gboolean avg_ticket_defined;
  int64_t avg_ticket;
  guint active_days;
  AnRatio percentile;           /* 0..100 among the market's stalls by revenue */
  AnRatio onnuri_share;         /* Onnuri tenders / all tenders */
  gboolean onnuri_flag;         /* at or above onnuri_flag_share */
  int64_t last_sync_ms;         /* -1: never synced */
  gboolean stale;               /* never, or older than stale_days at as_of */
  GArray *daily;                /* AnDailyPoint, every day of the period */
  GArray *payment;              /* AnTenderShare, by amount */
  int64_t heat_revenue[AN_WEEKDAYS][AN_HOURS];   /* Monday first */
  int64_t heat_receipts[AN_WEEKDAYS][AN_HOURS];
  GPtrArray *explain;
} AnStallRow;

typedef struct {
  AnReportHead head;
  int64_t revenue, prev_revenue, receipts;
  AnRatio growth;
  AnRatio onnuri_share;
  GArray *daily;                /* AnDailyPoint, the market's */
  int64_t heat_revenue[AN_WEEKDAYS][AN_HOURS];
  int64_t heat_receipts[AN_WEEKDAYS][AN_HOURS];
  GPtrArray *rows;              /* AnStallRow *, by revenue */
} AnStallsReport;

/* Transfer full. */
AnStallsReport *an_stalls_rank(AnDataset *ds, const AnQuery *q, GError **error);
void an_stalls_report_free(AnStallsReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnStallsReport, an_stalls_report_free)

/* ---- Writers ---------------------------------------------------------------- */

/*
** JSON: one object {"report", "market", "period", "compare", "config",
** "totals", "summary", "rows": [...]}.  Pinned row fields are listed in
** docs/ANALYTICS.md; undefined values are null.  Transfer full.
*/
char *an_lines_to_json(const AnLinesReport *r);
char *an_stores_to_json(const AnStoresReport *r);
char *an_stalls_to_json(const AnStallsReport *r);

/* The header row of a CSV: the JSON field names, or Korean headings. */
typedef enum { AN_HEADER_NAMES = 0, AN_HEADER_KOREAN } AnHeader;

/*
** CSV for Korean Excel: UTF-8 with a BOM, CRLF, one header row, integer
** won, ISO dates, ratios as decimals, undefined as an empty cell.
** Transfer full; *length (may be NULL) gets the byte count.
*/
char *an_lines_to_csv(const AnLinesReport *r, AnHeader header, gsize *length);
char *an_stores_to_csv(const AnStoresReport *r, AnHeader header, gsize *length);
char *an_stalls_to_csv(const AnStallsReport *r, AnHeader header, gsize *length);

/* The Korean heading of a CSV column (its JSON name); static, transfer none. */
const char *an_column_label(const char *name);

/* Any of the three reports, for the summary and the PDF (NULL: left out). */
typedef struct {
  const AnLinesReport *lines;
  const AnStoresReport *stores;
  const AnStallsReport *stalls;
} AnReportSet;

/* Plain Korean sentences about the reports in set. Array of char *, full. */
GPtrArray *an_report_summary(const AnReportSet *set);

/*
** The consultant's PDF (A4): a cover, the summary, then for each report
** its tables and charts.  At least one report; all must answer the same
** market and period.  pdf_bytes: transfer full.
*/
GBytes *an_report_pdf_bytes(const AnReportSet *set, GError **error);

/*
** The consultant's Excel workbook: a sheet per section with Korean
** headings, won with separators, percentages, real dates, frozen headings
** and the PDF's charts as Excel charts.  At least one report.  Transfer
** full; IO when the workbook cannot be written.
*/
GBytes *an_report_xlsx_bytes(const AnReportSet *set, GError **error);

/*
** The directory of the build-time Korean cuts of Noto Sans CJK KR the PDFs
** embed (MPOS_FONT_DIR, the install directory or the build's), or NULL
** when none was found and the PDFs embed the system's font (the same
** document, slower to write).  Decided once per process, at the first call
** or the first PDF.
*/
const char *an_report_font_dir(void);

/* Writes bytes to path atomically (a temporary file renamed), or straight
** into a device or FIFO that path already is; IO on failure. */
gboolean an_write_file(const char *path, const void *data, gsize length, GError **error);


G_END_DECLS
#endif
