/*
** an-data.h: the plain data the analytics module reads.
**
** The analytics library depends on nothing of ours (README.md, Layout): the
** hub's store reads its rollups and copies them into an AnDataset with the
** functions below; the measures (an-report.h) read only the dataset.  Nothing
** here knows about SQLite, HTTP or sale documents.
**
** What the hub fills, and from which rollup:
**   markets, stalls, lines      the registry and the product-line taxonomy
**   AnLineDay   per stall x line x day: revenue net of voids and refunds,
**               quantity, line count, receipts that hold the line
**   AnStallDay  per stall x day: receipts, total
**   AnStallHour per stall x day x hour: revenue, receipts
**   AnStallTender per stall x day x tender method: amount
** Rows outside both the report period and its comparison period are simply
** skipped, so the hub may load a wider window than it needs.
**
** Granularity the measures need (so the hub may pre-sum in SQL to save
** rows): AnLineDay rows are only summed per period, so several days of one
** stall and line inside one period may come as one row dated any day of that
** period.  AnStallDay rows must be daily in the report period (active days,
** stability and the daily trend read them day by day); in the comparison
** period only their sums are read.  AnStallHour rows are summed per
** weekday x hour.  AnStallTender rows are summed per period.
**
** The city reference (LQ, shift-share, price index) is every market in the
** dataset.  Other markets need no stall detail: they may come pre-summed,
** e.g. one stall "REF" per reference market with one AnLineDay per line and
** period.  Only the market being reported needs its real stalls.
**
** Registry entries are referred to by index (the order they were added);
** codes are unique within their kind.  The dataset is reference counted
** because every report keeps a reference to the names it shows.
**
** Money is int64 won, quantities int64 thousandths of a unit (pos-money.h);
** days are AnDay, days since 1970-01-01 (a calendar day, no time zone: the
** business day of the stall, Asia/Seoul).
*/
#ifndef AN_DATA_H
#define AN_DATA_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* ---- Errors ------------------------------------------------------------ */

#define AN_ERROR (an_error_quark())
GQuark an_error_quark(void);

typedef enum {
  AN_ERROR_INVALID = 1,   /* bad input: an index, a day, a period, a setting */
  AN_ERROR_NOT_FOUND,     /* no such market, stall, line */
  AN_ERROR_EXISTS,        /* a code added twice */
  AN_ERROR_IO             /* a file could not be read or written */
} AnErrorCode;

/* Stable lower-case name of a code ("invalid", "io"...); never NULL. */
const char *an_error_code_name(int code);

/* ---- Days and periods ---------------------------------------------------- */

typedef int32_t AnDay;            /* days since 1970-01-01 */
#define AN_DAY_ISO_LEN 11         /* "YYYY-MM-DD" and its NUL */
#define AN_PERIOD_MAX_DAYS 3700   /* about ten years: bounds per-day arrays */

/* A day "YYYY-MM-DD" as mb_day_parse reads it (2000-01-01 to 9999-12-31); FALSE otherwise. */
gboolean an_day_parse(const char *text, AnDay *out);
/* Writes "YYYY-MM-DD" into out. */
void an_day_format(AnDay day, char out[AN_DAY_ISO_LEN]);
/* 0 Monday .. 6 Sunday (the heatmap's row order). */
int an_day_weekday(AnDay day);

typedef struct {
  AnDay from, to;                 /* inclusive */
} AnPeriod;

/* A period from two ISO days; INVALID unless from <= to and not too long. */
gboolean an_period_parse(const char *from, const char *to, AnPeriod *out,
                         GError **error);
guint an_period_days(AnPeriod p);
/* The period of equal length that ends the day before p starts. */
AnPeriod an_period_previous(AnPeriod p);
/* The same calendar dates a year earlier (29 February becomes the 28th). */
AnPeriod an_period_last_year(AnPeriod p);

typedef enum {
  AN_COMPARE_NONE = 0,
  AN_COMPARE_PREVIOUS,
  AN_COMPARE_LAST_YEAR
} AnCompare;

/* "none", "previous", "last-year". */
const char *an_compare_name(AnCompare c);
gboolean an_compare_parse(const char *name, AnCompare *out);

/* ---- Registry -------------------------------------------------------------- */

typedef struct {
  char *code;
  char *name;
} AnMarket;

typedef struct {
  char *code;
  char *name;
  guint market;                   /* index into markets */
  int64_t last_sync_ms;           /* Unix ms of the last sync; -1 never (0, the
                                     hub's "never", is read as -1) */
} AnStall;

typedef struct {
  char *code;
  char *name_ko;
  char *name_en;
} AnLine;

/* ---- Facts (rollup rows) --------------------------------------------------- */

typedef struct {
  guint stall;                    /* index into stalls */
  guint line;                     /* index into lines */
  AnDay day;
  int64_t revenue;                /* won, net of voids and refunds */
  int64_t qty_milli;              /* thousandths of the selling unit, net */
  int64_t n_lines;                /* sale lines, net */
  int64_t receipts;               /* receipts holding the line, net */
} AnLineDay;

typedef struct {
  guint stall;
  AnDay day;
  int64_t receipts;               /* sales less voids */
  int64_t total;                  /* won, net of voids and refunds */
} AnStallDay;

typedef struct {
  guint stall;
  AnDay day;
  int hour;                       /* 0..23, local time of the sale */
  int64_t revenue;
  int64_t receipts;
} AnStallHour;

typedef struct {
  guint stall;
  AnDay day;
  guint method;                   /* index into methods (an_dataset_method) */
  int64_t amount;                 /* won, net of change, voids, refunds */
} AnStallTender;

/* ---- The dataset ------------------------------------------------------------ */

typedef struct AnDataset AnDataset;

/*
** Read-only views for the measures and the hub's checks; filled only through
** the functions below.  Arrays of the structs above, by index.
*/
struct AnDataset {
  GArray *markets;                /* AnMarket */
  GArray *stalls;                 /* AnStall */
  GArray *lines;                  /* AnLine */
  GPtrArray *methods;             /* char *, tender method names */
  GArray *line_days;              /* AnLineDay */
  GArray *stall_days;             /* AnStallDay */
  GArray *stall_hours;            /* AnStallHour */
  GArray *stall_tenders;          /* AnStallTender */
  /* private */
  GHashTable *market_ix, *stall_ix, *line_ix, *method_ix;
  struct AnDatasetIndex *index;   /* by-market grouping, an_dataset_seal */
  gint ref_count;
};

/* An empty dataset. Transfer full. */
AnDataset *an_dataset_new(void);
AnDataset *an_dataset_ref(AnDataset *ds);
void an_dataset_unref(AnDataset *ds);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnDataset, an_dataset_unref)

/*
** Registry.  Codes are any non-empty UTF-8 without control characters
** (the hub validates its own code syntax); names default to the code when
** NULL.  EXISTS for a code already added; *index (may be NULL) gets the
** new entry's index.
*/
gboolean an_dataset_add_market(AnDataset *ds, const char *code, const char *name,
                               guint *index, GError **error);
gboolean an_dataset_add_stall(AnDataset *ds, const char *code, const char *name,
                              const char *market_code, int64_t last_sync_ms,
                              guint *index, GError **error);
gboolean an_dataset_add_line(AnDataset *ds, const char *code, const char *name_ko,
                             const char *name_en, guint *index, GError **error);

/* Index of a code; FALSE when unknown. */
gboolean an_dataset_find_market(const AnDataset *ds, const char *code, guint *index);
gboolean an_dataset_find_stall(const AnDataset *ds, const char *code, guint *index);
gboolean an_dataset_find_line(const AnDataset *ds, const char *code, guint *index);
/* Index of a tender method name ("cash", "onnuri-paper"...), added when new. */
guint an_dataset_method(AnDataset *ds, const char *name);

/* Borrowed entries (transfer none); the index must be valid. */
const AnMarket *an_dataset_market(const AnDataset *ds, guint index);
const AnStall *an_dataset_stall(const AnDataset *ds, guint index);
const AnLine *an_dataset_line(const AnDataset *ds, guint index);

/*
** Facts, copied.  INVALID for an index out of range, an hour outside 0..23
** or an unknown method; nothing is added then.
*/
gboolean an_dataset_add_line_day(AnDataset *ds, const AnLineDay *row, GError **error);
gboolean an_dataset_add_stall_day(AnDataset *ds, const AnStallDay *row, GError **error);
gboolean an_dataset_add_stall_hour(AnDataset *ds, const AnStallHour *row, GError **error);
gboolean an_dataset_add_stall_tender(AnDataset *ds, const AnStallTender *row,
                                     GError **error);

/*
** Groups the stall-level rows (stall days, hours, tenders) by market so
** that a report reads only the rows of its market: call it once after
** loading a dataset of many markets (a city), before reports run, and
** before the dataset is shared between threads.  Optional: without it each
** report reads every row, with the same results.  Adding rows afterwards
** drops the grouping (call it again).  Line rows are always read whole:
** every market's lines are the city reference.
*/
void an_dataset_seal(AnDataset *ds);

G_END_DECLS
#endif
