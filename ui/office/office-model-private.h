/*
** office-model-private.h: what office-model.c (the slots, in the UI thread)
** and office-model-fetch.c (the jobs, in worker threads) share.
*/
#ifndef OFFICE_MODEL_PRIVATE_H
#define OFFICE_MODEL_PRIVATE_H

#include "office-model.h"

G_BEGIN_DECLS

/* One view's state and last good data. */
typedef struct {
  OfficeState state;
  char *error;                  /* the last failure in plain words */
  gint64 fetched_ms;            /* when data arrived */
  gpointer data;                /* the view's parsed data, or NULL */
  GDestroyNotify free_data;
  GCancellable *cancellable;    /* of the fetch on its way */
  guint serial;                 /* of the newest fetch */
} OfficeSlot;

struct _OfficeModel {
  GObject parent_instance;
  char *hub_url, *token;        /* of the last successful sign-in */
  char *ca_file;
  guint request_ms, connect_ms;
  gboolean remember;
  OfficeTokenStore token_store;
  char *token_error;
  OfficeTaxonomy *taxonomy;
  char *market;
  char from[11], to[11];
  AnCompare compare;            /* PREVIOUS or LAST_YEAR */
  gint64 now_ms;
  int silent_days;
  guint pending;
  OfficeSlot slots[OFFICE_N_VIEWS];
};

typedef enum {
  OFFICE_JOB_SIGN_IN = 0,
  OFFICE_JOB_OVERVIEW,
  OFFICE_JOB_STALL,
  OFFICE_JOB_LINES,
  OFFICE_JOB_STORES,
  OFFICE_JOB_PROGRAM,
  OFFICE_JOB_EXPORT
} OfficeJobKind;

/* Everything a worker needs, copied or referenced: it never reads the model. */
typedef struct {
  OfficeView view;
  OfficeJobKind kind;
  guint serial;
  char *hub, *token, *ca_file;
  guint request_ms, connect_ms;
  GCancellable *cancellable;
  char *market;
  char from[11], to[11], prev_from[11], prev_to[11];
  AnCompare compare;            /* what the reports compare with */
  gboolean restore;             /* sign in with the saved sign-in */
  gboolean remember;            /* save the token after a sign-in */
  char *stall;                  /* OFFICE_JOB_STALL */
  OfficeReport *overview;       /* the stall's overview when the model has it */
  OfficeTaxonomy *taxonomy;
  OfficeExportFormat format;    /* OFFICE_JOB_EXPORT */
  char *path;                   /* an export's file; a program fetch's hub path */
  OfficeStallDetail *detail;    /* a stall's CSV is made from it */
} OfficeJob;

/* What a worker hands back. */
typedef struct {
  gpointer data;                /* the slot's new data (NULL: a restore found nothing) */
  GDestroyNotify free_data;
  char *hub, *token;            /* a restore: the saved sign-in */
  OfficeTaxonomy *taxonomy;     /* a sign-in */
  OfficeTokenStore store;
  char *store_error;
} OfficeResult;

void office_job_free(OfficeJob *job);
void office_result_free(OfficeResult *r);
/* The worker of every job (GTaskThreadFunc). */
void office_job_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable);
/* A new job for view: cancels the slot's previous fetch, sets LOADING. */
OfficeJob *office_model_job_new(OfficeModel *m, OfficeView view, OfficeJobKind kind);
/* Starts job in a worker thread (takes it). */
void office_model_run(OfficeModel *m, OfficeJob *job);
void office_model_emit_changed(OfficeModel *m, OfficeView view);
/* The PROGRAM job's worker part (office-program.c). */
OfficeResult *office_program_run(OfficeJob *job, GError **error);

/* The slot state an error means (OFFLINE, REFUSED, FAILED). */
OfficeState office_error_state(const GError *error);
/* The error in plain words for the screen. Transfer full. */
char *office_error_text(const GError *error, const OfficeJob *job);
/* sync_url_check with a message a manager can act on. */
gboolean office_hub_url_check(const char *url, GError **error);

G_END_DECLS
#endif
