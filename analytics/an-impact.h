/*
** an-impact.h: did the program's help work?  The impact report of one
** engagement (docs/ANALYTICS.md, "Program impact").
**
** The stalls that were helped from a start day on (the treated group) are
** compared with stalls of the same market that had no engagement, matched
** on the same main product line and a similar revenue before the start
** (the controls), as a difference-in-differences of daily revenue:
**
**   effect = (T_post / T_pre) / (C_post / C_pre) - 1
**
** where T and C are the groups' revenue summed over their stalls and the
** days of the pre period (the 56 days before the start) and the post period
** (the start to the last day).  Its 90 % interval comes from a seeded,
** deterministic bootstrap over days: the same data give the same interval.
** The gap's slope before the start (the pre-trend) says whether the groups
** moved together before the help, which the method assumes.
**
** Money is int64 won (group means per stall and day, rounded half away
** from zero); the effect, its interval and the pre-trend are ratios.
*/
#ifndef AN_IMPACT_H
#define AN_IMPACT_H

#include "an-report.h"

G_BEGIN_DECLS

#define AN_IMPACT_PRE_DAYS 56          /* the pre period: 8 weeks before the start */
#define AN_IMPACT_MIN_POST_DAYS 7      /* a week at least after the start */
#define AN_IMPACT_MAX_CONTROLS 3       /* nearest in size, per treated stall */
#define AN_IMPACT_SIZE_BAND 2.0        /* pre revenue within 1/2x .. 2x */
#define AN_IMPACT_RESAMPLES 2000
#define AN_IMPACT_SEED 20260917u       /* GRand's Mersenne Twister: same draws everywhere */
#define AN_IMPACT_LEVEL 0.90

/* What is asked: strings borrowed for the call. */
typedef struct {
  int64_t engagement_id;
  const char *label;                   /* may be "" */
  const char *market_code;
  const char *start, *to;              /* YYYY-MM-DD; to is the last day looked at */
  const char *const *treated;          /* the engagement's stall codes */
  guint n_treated;
  const char *const *excluded;         /* stalls of any engagement: never controls */
  guint n_excluded;
} AnImpactQuestion;

/* A treated stall and the controls it was matched with. */
typedef struct {
  const char *code, *name;             /* borrowed from the dataset */
  const char *main_line;               /* its line with the most revenue, or NULL */
  int64_t pre_revenue;                 /* won over the pre period */
  gboolean same_line;                  /* FALSE: no control of its line, size only */
  GPtrArray *controls;                 /* const char * codes, borrowed */
} AnImpactMatch;

/* One week of the chart: mean daily revenue per stall of each group. */
typedef struct {
  AnDay from;                          /* weeks run from the start, 7 days each */
  guint days;                          /* 7, fewer for the last */
  int64_t treated, controls;           /* won per stall per day */
} AnImpactWeek;

typedef struct {
  AnReportHead head;                   /* period: the pre period's first day .. to */
  int64_t engagement_id;
  char *label;
  AnDay start;
  AnPeriod pre, post;
  GPtrArray *matches;                  /* AnImpactMatch *, treated stalls with controls */
  GPtrArray *treated;                  /* const char * codes of the compared treated stalls */
  GPtrArray *controls;                 /* const char * codes, each once */
  int64_t treated_pre, treated_post;   /* won per stall per day */
  int64_t controls_pre, controls_post;
  int64_t effect_won;                  /* per treated stall per day, after the start */
  AnRatio effect, ci_low, ci_high;     /* relative: 0.2 = +20 % */
  guint resamples, resamples_used;     /* drawn, and with a defined effect */
  AnRatio pre_trend;                   /* the gap's slope, share of the level per week */
  AnRatio pre_trend_se;                /* its standard error */
  gboolean pre_trend_flat;
  GArray *weeks;                       /* AnImpactWeek */
  GPtrArray *explain;                  /* char *, plain Korean */
  GPtrArray *warnings;                 /* char *, plain Korean */
} AnImpactReport;

/*
** Measures one engagement over ds, which must hold the market's stalls
** with daily stall totals and their line sums over the period from the
** pre period's first day to q->to (an_impact_window).  INVALID when the
** days are bad, fewer than AN_IMPACT_MIN_POST_DAYS follow the start, or no
** treated stall can be matched with a control; NOT_FOUND for an unknown
** market or stall.  Transfer full.
*/
AnImpactReport *an_impact_measure(AnDataset *ds, const AnImpactQuestion *q, GError **error);
void an_impact_report_free(AnImpactReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnImpactReport, an_impact_report_free)

/* The days the report reads: the pre period's first day .. to (INVALID). */
gboolean an_impact_window(const char *start, const char *to, AnPeriod *window, GError **error);

/* JSON (docs/ANALYTICS.md: top-level effect, ci_low, ci_high, treated,
** controls, pre_trend, weekly...).  Transfer full. */
char *an_impact_to_json(const AnImpactReport *r);
/* CSV for Korean Excel: one row a week and group; header: names or Korean.
** Transfer full. */
char *an_impact_to_csv(const AnImpactReport *r, AnHeader header, gsize *length);
/* Excel workbook: 요약, 주별 추이 (with the line chart of both groups), 매칭.
** Transfer full; IO when it cannot be written. */
GBytes *an_impact_xlsx_bytes(const AnImpactReport *r, GError **error);
/* A4 PDF: the finding, the chart of both groups by week, the matching. */
GBytes *an_impact_pdf_bytes(const AnImpactReport *r, GError **error);

G_END_DECLS
#endif
