/*
** office-data.h: what the office app shows, parsed from the hub's JSON.
**
** The hub answers the office with the documents of docs/PROTOCOL.md (the
** market list, a market's stall registry, a stall's summary, the taxonomy)
** and the reports of docs/ANALYTICS.md.  The parsers here turn those bodies
** into plain structs once, in the worker thread that fetched them, so the
** UI thread only reads figures and never walks JSON.  No GTK here: the model
** tests read the same structs headless.
**
** Every struct that a view keeps is reference counted (atomically: it is
** built in a worker and handed to the UI thread), so a view can keep the
** last good data on screen while a newer fetch replaces the model's copy.
** Ratios the hub sends as null stay undefined (OfficeRatio.defined FALSE):
** the screen shows "-" for them, never 0.
*/
#ifndef OFFICE_DATA_H
#define OFFICE_DATA_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define OFFICE_ERROR (office_error_quark())
GQuark office_error_quark(void);

typedef enum {
  OFFICE_ERROR_PARSE = 1,     /* the hub's answer is not the documented JSON */
  OFFICE_ERROR_INVALID,       /* a bad argument: a day, a period, a market */
  OFFICE_ERROR_IO             /* a file could not be read or written */
} OfficeErrorCode;

/* A ratio that may not exist (JSON null). */
typedef struct {
  double value;
  gboolean defined;
} OfficeRatio;

#define OFFICE_WEEKDAYS 7
#define OFFICE_HOURS 24

/* ---- Small documents ---------------------------------------------------------- */

typedef struct {
  char *code, *name;
  int stalls;
} OfficeMarket;

void office_market_free(OfficeMarket *m);

/* GET /v1/markets: an array of OfficeMarket * (transfer full). */
GPtrArray *office_parse_markets(GBytes *body, GError **error);

/* The product-line names of GET /v1/taxonomy, by code. */
typedef struct _OfficeTaxonomy OfficeTaxonomy;

/* Transfer full (office_taxonomy_unref). */
OfficeTaxonomy *office_parse_taxonomy(GBytes *body, GError **error);
OfficeTaxonomy *office_taxonomy_ref(OfficeTaxonomy *t);
void office_taxonomy_unref(OfficeTaxonomy *t);
/* The line's name in the UI's language, or the code itself. Transfer none. */
const char *office_taxonomy_name(const OfficeTaxonomy *t, const char *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeTaxonomy, office_taxonomy_unref)

/* ---- What every report says about its question ---------------------------------- */

typedef struct {
  char *market_code, *market_name;
  char *from, *to;                  /* ISO days */
  int days;
  char *compare_from, *compare_to;  /* NULL when there is no comparison */
  GStrv summary;                    /* plain Korean sentences */
  gint64 fetched_ms;                /* wall clock when the answer arrived */
} OfficeHead;

/* One weighted part of a score (docs/ANALYTICS.md, Score). */
typedef struct {
  char *name;                       /* "lq", "growth", ... */
  char *label;                      /* the hub's Korean label */
  OfficeRatio value;                /* 0..1 */
  double weight;
} OfficeScorePart;

/* ---- Overview: the market and its stalls -------------------------------------------- */

typedef struct {
  char *method;                     /* "cash", "onnuri-paper", ... */
  int64_t amount;
  OfficeRatio share;
} OfficePayment;

typedef struct {
  char *code, *name;
  guint rank;                       /* by revenue, 1 = highest; 0: not in the report */
  int64_t revenue, prev_revenue, receipts;
  OfficeRatio growth, percentile, onnuri_share;
  gboolean avg_ticket_defined;
  int64_t avg_ticket;
  guint active_days;
  gboolean onnuri_flag;             /* at or above the hub's flag share */
  int64_t last_sync_ms;             /* from the registry; -1: never synced */
  char *first_day;                  /* ISO day of daily_revenue[0] */
  GArray *daily_revenue;            /* int64_t, every day of the period */
  GArray *daily_receipts;           /* int64_t */
  int64_t heat[OFFICE_WEEKDAYS][OFFICE_HOURS];   /* revenue, Monday first */
  GArray *payment;                  /* OfficePayment, by amount */
  GStrv explain;
} OfficeStall;

typedef struct {
  OfficeHead head;
  int64_t revenue, prev_revenue, receipts;
  gboolean prev_known;              /* the comparison period's receipts were read */
  int64_t prev_receipts;
  OfficeRatio growth, onnuri_share;
  double onnuri_flag_share;         /* the hub's settings */
  int stale_days;
  GPtrArray *stalls;                /* OfficeStall *, by revenue */
} OfficeOverview;

/*
** Parses the stalls report of the period, and optionally (prev may be
** NULL) any report of the comparison period whose totals carry the
** market's "receipts" (the model fetches the lines report, compare=none,
** the cheapest), and merges the registry of GET /v1/markets/CODE/stalls
** (may be NULL): its last sync is newer than the report's, and a stall
** the report lacks is listed with no figures.  Transfer full.
*/
OfficeOverview *office_parse_overview(GBytes *report, GBytes *prev, GBytes *registry,
                                      GError **error);
OfficeOverview *office_overview_ref(OfficeOverview *o);
void office_overview_unref(OfficeOverview *o);
/* The stall with that code, or NULL. Transfer none. */
const OfficeStall *office_overview_find(const OfficeOverview *o, const char *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeOverview, office_overview_unref)

/* ---- One stall ----------------------------------------------------------------------- */

/* A code, its display name and an amount: a product line or a tender. */
typedef struct {
  char *code, *name;
  int64_t amount;
} OfficeAmount;

typedef struct {
  OfficeHead head;
  OfficeOverview *overview;         /* a reference: the stall's row lives there */
  const OfficeStall *stall;         /* borrowed from overview */
  int64_t total, receipts, voids, refunds;
  GPtrArray *lines;                 /* OfficeAmount *, by amount, names from the taxonomy */
} OfficeStallDetail;

/*
** The stall's row from overview and its GET /v1/stalls/CODE/summary for
** the product lines (named with taxonomy, may be NULL).  Transfer full.
*/
OfficeStallDetail *office_parse_stall(OfficeOverview *overview, const char *code,
                                      GBytes *summary, const OfficeTaxonomy *taxonomy,
                                      GError **error);
OfficeStallDetail *office_stall_detail_ref(OfficeStallDetail *d);
void office_stall_detail_unref(OfficeStallDetail *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeStallDetail, office_stall_detail_unref)

/* ---- Product lines --------------------------------------------------------------------- */

typedef struct {
  char *code, *name;
  guint rank;
  int64_t revenue, prev_revenue;
  OfficeRatio share, growth, lq, hhi, penetration, price_index, score;
  OfficeRatio city_share, city_growth;
  guint stalls;
  char *verdict;                    /* "competitive", "emerging", "stable", "declining", "minor" */
  gboolean above_floor;
  gboolean shift_defined;
  int64_t national, industry_mix, competitive;
  GArray *parts;                    /* OfficeScorePart */
  GStrv explain;
} OfficeLine;

typedef struct {
  OfficeHead head;
  int64_t revenue, prev_revenue;
  OfficeRatio growth, city_growth;
  double lq_cut;                    /* the hub's lq_competitive */
  double hhi_high;
  GPtrArray *rows;                  /* OfficeLine *, in rank order */
} OfficeLines;

/* The lines report. Transfer full. */
OfficeLines *office_parse_lines(GBytes *report, const OfficeTaxonomy *taxonomy,
                                GError **error);
OfficeLines *office_lines_ref(OfficeLines *l);
void office_lines_unref(OfficeLines *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeLines, office_lines_unref)

/* ---- Core stores ------------------------------------------------------------------------ */

typedef struct {
  char *code, *name;
  guint rank;
  int64_t revenue, prev_revenue, receipts;
  OfficeRatio growth, stability, score, relative_share, competitive_weight;
  gboolean avg_ticket_defined;
  int64_t avg_ticket;
  guint active_days;
  char abc;                         /* 'A', 'B', 'C' */
  gboolean core;
  char *main_line, *main_line_name; /* NULL for a stall without sales */
  GArray *parts;                    /* OfficeScorePart */
  GStrv explain;
} OfficeStore;

typedef struct {
  OfficeHead head;
  int64_t revenue, prev_revenue;
  OfficeRatio growth;
  int top_n;
  GStrv competitive_lines;          /* codes */
  guint abc_count[3];               /* stalls in A, B, C */
  int64_t abc_revenue[3];           /* their revenue */
  GPtrArray *rows;                  /* OfficeStore *, in rank order */
} OfficeStores;

/* The stores report. Transfer full. */
OfficeStores *office_parse_stores(GBytes *report, const OfficeTaxonomy *taxonomy,
                                  GError **error);
OfficeStores *office_stores_ref(OfficeStores *s);
void office_stores_unref(OfficeStores *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeStores, office_stores_unref)

/* ---- CSV ----------------------------------------------------------------------------------- */

/*
** The stall's daily series as CSV in the hub's conventions (UTF-8 with a
** BOM, CRLF, ISO days, integer won): market, stall, day, revenue,
** receipts.  Transfer full.
*/
GBytes *office_stall_daily_csv(const OfficeStallDetail *d);

G_END_DECLS
#endif
