/*
** office-model.h: OfficeModel, the office app without widgets.
**
** The model holds the sign-in (hub URL and token), the markets the token
** may read, the market and period being looked at, and one slot per view
** (the market list, the overview, a stall, product lines, core stores).
** Every fetch runs in a worker thread (a GTask over sync_http_get): the
** UI thread never waits for the hub.  Each slot has a state, the last good
** data with the time it arrived, and the reason of the last failure:
**
**   IDLE     nothing asked yet
**   LOADING  a fetch is on its way (the last good data, if any, stays)
**   OK       the data is what the hub answered just now
**   OFFLINE  the hub cannot be reached or did not answer in time
**   REFUSED  the hub refused the token (401: unknown or revoked; 403: its
**            role does not cover that market)
**   FAILED   the hub answered something else (an error, or bad JSON)
**
** A failed fetch never drops the last good data: the screen keeps it,
** with its time.  A newer request for a slot supersedes (and cancels) an
** older one, so an answer that comes late never overwrites a newer one.
**
** Signals (emitted in the thread-default main context of the caller):
**   changed(view)       a slot's state or data changed
**   signed-in           the market list arrived after office_model_sign_in
** The model is plain GLib (no GTK): tests drive it headless.
*/
#ifndef OFFICE_MODEL_H
#define OFFICE_MODEL_H

#include "office-data.h"
#include "office-token.h"
#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  OFFICE_VIEW_MARKETS = 0,
  OFFICE_VIEW_OVERVIEW,
  OFFICE_VIEW_STALL,
  OFFICE_VIEW_LINES,
  OFFICE_VIEW_STORES,
  OFFICE_VIEW_PROGRAM,          /* engagements and the Onnuri review list */
  OFFICE_N_VIEWS
} OfficeView;

typedef enum {
  OFFICE_STATE_IDLE = 0,
  OFFICE_STATE_LOADING,
  OFFICE_STATE_OK,
  OFFICE_STATE_OFFLINE,
  OFFICE_STATE_REFUSED,
  OFFICE_STATE_FAILED
} OfficeState;

typedef enum { OFFICE_EXPORT_CSV = 0, OFFICE_EXPORT_PDF } OfficeExportFormat;

/* The PROGRAM view's data (office-program.h). */
typedef struct _OfficeProgram OfficeProgram;

/* Stable lower-case names ("offline"...), for logs and tests. */
const char *office_state_name(OfficeState state);
const char *office_view_name(OfficeView view);

#define OFFICE_TYPE_MODEL (office_model_get_type())
G_DECLARE_FINAL_TYPE(OfficeModel, office_model, OFFICE, MODEL, GObject)

OfficeModel *office_model_new(void);

/* ---- Settings ----------------------------------------------------------------- */

/* Per request (0: 20 s) and for connecting (0: 5 s). */
void office_model_set_timeouts(OfficeModel *m, guint request_ms, guint connect_ms);
/* An extra CA bundle for a hub with a private certificate (NULL: none). */
void office_model_set_ca_file(OfficeModel *m, const char *path);
/* Whether a successful sign-in saves the token (office-token.h). Default FALSE. */
void office_model_set_remember(OfficeModel *m, gboolean remember);
/*
** The clock the sync ages are read against, Unix ms (0: the real clock, or
** $MPOS_NOW as every program reads it, mb-clock.h): screenshots and tests
** pin it.
*/
void office_model_set_now_ms(OfficeModel *m, gint64 now_ms);
gint64 office_model_now_ms(OfficeModel *m);
/* Stalls silent for more than this many days are highlighted (default 3). */
void office_model_set_silent_days(OfficeModel *m, int days);
int office_model_get_silent_days(OfficeModel *m);
/* TRUE when the stall is silent (never synced, or over silent_days). */
gboolean office_model_stall_silent(OfficeModel *m, const AnStallRow *stall);

/* ---- Sign-in -------------------------------------------------------------------- */

/*
** Starts a sign-in: the market list and the taxonomy are fetched with the
** token; on success the model is signed in (and saves the token when
** remember is on).  The MARKETS slot tells how it went.  FALSE (and no
** fetch) for a URL sync_url_check refuses or an empty token.
*/
gboolean office_model_sign_in(OfficeModel *m, const char *hub_url, const char *token,
                              GError **error);
/*
** Signs in with the saved sign-in, if there is one (looked up in a worker
** thread); "signed-in" or a MARKETS state follows.  Does nothing when
** nothing is saved.
*/
void office_model_restore(OfficeModel *m);
/* Forgets the token, the saved sign-in and every slot's data. */
void office_model_sign_out(OfficeModel *m);
gboolean office_model_signed_in(OfficeModel *m);
const char *office_model_get_hub_url(OfficeModel *m);          /* transfer none */
/* Where the last successful sign-in saved its token (NOWHERE: not saved). */
OfficeTokenStore office_model_token_store(OfficeModel *m);
/* Why saving the token failed, or NULL. Transfer none. */
const char *office_model_token_error(OfficeModel *m);

/* The markets this token may read: OfficeMarket * (transfer none). */
GPtrArray *office_model_get_markets(OfficeModel *m);
OfficeTaxonomy *office_model_get_taxonomy(OfficeModel *m);    /* transfer none */

/* ---- What is looked at --------------------------------------------------------------- */

/* The market by code (the views' next loads read it). */
void office_model_set_market(OfficeModel *m, const char *code);
const char *office_model_get_market(OfficeModel *m);           /* transfer none */
/* The period, inclusive ISO days; INVALID unless from <= to, both real. */
gboolean office_model_set_period(OfficeModel *m, const char *from, const char *to,
                                 GError **error);
const char *office_model_get_from(OfficeModel *m);             /* transfer none */
const char *office_model_get_to(OfficeModel *m);               /* transfer none */
/*
** What the period is compared with: AN_COMPARE_PREVIOUS (the default: the
** same number of days just before) or AN_COMPARE_LAST_YEAR (the same dates
** a year before, docs/ANALYTICS.md).  Anything else is taken as PREVIOUS.
** The reports and the overview's earlier figures follow on the next load.
*/
void office_model_set_compare(OfficeModel *m, AnCompare compare);
AnCompare office_model_get_compare(OfficeModel *m);
/* The comparison period of the period, as the compare mode says. */
void office_model_get_previous(OfficeModel *m, char from[11], char to[11]);
/*
** The default period: the days days ending the day before today in
** Asia/Seoul (today_ms 0: the real clock or $MPOS_NOW).  from and to hold
** 11 bytes.
*/
void office_model_default_period(gint64 today_ms, int days, char from[11], char to[11]);

/* ---- Loading ------------------------------------------------------------------------------ */

/* The overview of the market: registry, stalls report, previous period's totals. */
void office_model_load_overview(OfficeModel *m);
/* One stall: its row of the overview (fetched first if need be) and its summary. */
void office_model_load_stall(OfficeModel *m, const char *stall_code);
void office_model_load_lines(OfficeModel *m);
void office_model_load_stores(OfficeModel *m);
/* The market's engagements and the period's Onnuri review list. */
void office_model_load_program(OfficeModel *m);
/* Loads the view again with the current market and period. */
void office_model_reload(OfficeModel *m, OfficeView view);
/* Cancels every fetch on its way (their slots keep their last good data). */
void office_model_cancel_all(OfficeModel *m);

OfficeState office_model_get_state(OfficeModel *m, OfficeView view);
/* The last failure of the slot in plain words, or NULL. Transfer none. */
const char *office_model_get_error(OfficeModel *m, OfficeView view);
/* Wall-clock ms when the slot's data arrived (0: no data). */
gint64 office_model_get_fetched_ms(OfficeModel *m, OfficeView view);
/* The fetches started and not yet finished, over all slots. */
guint office_model_pending(OfficeModel *m);

/* The last good data of each view, or NULL (transfer none). */
OfficeReport *office_model_get_overview(OfficeModel *m);
OfficeStallDetail *office_model_get_stall(OfficeModel *m);
OfficeReport *office_model_get_lines(OfficeModel *m);
OfficeReport *office_model_get_stores(OfficeModel *m);
OfficeProgram *office_model_get_program(OfficeModel *m);

/* ---- Export -------------------------------------------------------------------------------- */

/*
** Saves what view shows, as format, to path: CSV is the view's report from
** the hub (the overview: the stalls report; a stall: its daily series, made
** here), PDF is the consultant's full report of the market and period
** ("all").  Fetched and written in a worker thread; the file is replaced
** atomically.
*/
void office_model_export_async(OfficeModel *m, OfficeView view, OfficeExportFormat format,
                               const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
gboolean office_model_export_finish(OfficeModel *m, GAsyncResult *result, GError **error);

G_END_DECLS
#endif
