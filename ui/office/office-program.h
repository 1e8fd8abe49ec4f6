/*
** office-program.h: the market-doctor program's reports in the office: the
** market's engagements, one engagement's impact, and the Onnuri review
** list of the period (docs/PROTOCOL.md, docs/ANALYTICS.md).
**
** Each is one GET with the signed-in token on a worker thread, with the
** model's timeouts and trust anchor; the answer is read into a plain
** struct (transfer full, its _free) and errors are worded as the model's
** others.  The model's slots are not used: these are asked for by the
** page that shows them, and a newer ask cancels nothing by itself.
*/
#ifndef OFFICE_PROGRAM_H
#define OFFICE_PROGRAM_H

#include "office-model.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char start[11];               /* YYYY-MM-DD */
  char *label;                  /* "" when none */
  GStrv stalls;                 /* codes, sorted */
} OfficeEngagement;

typedef struct {
  char from[11];                /* the week's first day */
  gboolean after_start;
  gint64 treated, controls;     /* won per stall per day */
} OfficeImpactWeek;

typedef struct {
  gint64 engagement;
  char start[11];
  AnRatio effect, ci_low, ci_high;  /* relative: 0.2 is +20 %; 90 % interval */
  GStrv treated, controls;
  AnRatio pre_trend;            /* the gap's slope per week, a share of the level */
  gboolean pre_trend_flat;
  GStrv explain;                /* the hub's plain Korean sentences */
  GArray *weekly;               /* OfficeImpactWeek */
} OfficeImpact;

typedef struct {
  char *stall;
  gboolean flagged;
  GStrv reasons;                /* plain sentences with the figures */
  gint64 onnuri;                /* won of Onnuri tenders in the period */
} OfficeOnnuriRow;

typedef struct {
  char from[11], to[11];
  GPtrArray *rows;              /* OfficeOnnuriRow *, flagged first */
} OfficeOnnuriList;

/* The PROGRAM view: what was asked, and both lists. */
struct _OfficeProgram {
  char *market;
  char from[11], to[11];
  GPtrArray *engagements;       /* OfficeEngagement *, by id */
  OfficeOnnuriList *onnuri;
};

void office_program_free(OfficeProgram *p);
void office_engagement_free(OfficeEngagement *e);
void office_impact_free(OfficeImpact *i);
void office_onnuri_list_free(OfficeOnnuriList *l);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeImpact, office_impact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeOnnuriList, office_onnuri_list_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(OfficeProgram, office_program_free)

/* The market's engagements: a GPtrArray of OfficeEngagement * (transfer full). */
void office_model_engagements_async(OfficeModel *m, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data);
GPtrArray *office_model_engagements_finish(OfficeModel *m, GAsyncResult *result,
                                           GError **error);
/* The impact of engagement id up to the period's last day. */
void office_model_impact_async(OfficeModel *m, gint64 id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
OfficeImpact *office_model_impact_finish(OfficeModel *m, GAsyncResult *result, GError **error);
/* The Onnuri review list of the model's market and period. */
void office_model_onnuri_async(OfficeModel *m, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
OfficeOnnuriList *office_model_onnuri_finish(OfficeModel *m, GAsyncResult *result,
                                             GError **error);

/*
** The impact in a manager's words: the effect with its 90 % interval,
** against how many comparable stalls, whether it may be chance, and the
** pre-trend warning.  Transfer full.
*/
char *office_impact_summary(const OfficeImpact *impact);

G_END_DECLS
#endif
