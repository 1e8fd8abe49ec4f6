/*
** office-model.c: OfficeModel (see office-model.h).
**
** Threading.  The model lives in the UI thread.  A load copies what the
** worker needs (URLs, token, options, references to immutable parsed data)
** into a Job, runs it with g_task_run_in_thread, and the worker only
** fetches, parses and returns a Result: it never touches the model.  The
** completion runs back in the caller's main context and is the only place a
** slot changes.  Each slot's serial number tells a current answer from one
** that a newer request superseded.
**
** Fetch helpers, export and the error wording are in office-model-fetch.c
** (office-model-private.h).
*/
#include "mb-clock.h"
#include "office-model-private.h"
#include "an-data.h"
#include <glib/gi18n.h>
#include <string.h>

enum { SIGNAL_CHANGED, SIGNAL_SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_TYPE(OfficeModel, office_model, G_TYPE_OBJECT)

/* Names for logs, test messages and scenarios' errors. */
const char *office_state_name(OfficeState state)
{
  static const char *const names[] = {"idle", "loading", "ok", "offline", "refused", "failed"};
  return (guint)state < G_N_ELEMENTS(names) ? names[state] : "?";
}

/* Names for logs, test messages and scenarios' errors. */
const char *office_view_name(OfficeView view)
{
  static const char *const names[] = {"markets", "overview", "stall", "lines", "stores",
                                      "program"};
  return (guint)view < G_N_ELEMENTS(names) ? names[view] : "?";
}

/* ---- Slots -------------------------------------------------------------------- */

/* Drops a slot's data (signing out); a fetch on its way is cancelled. */
static void slot_clear(OfficeSlot *s)
{
  if (s->cancellable)
    g_cancellable_cancel(s->cancellable);
  g_clear_object(&s->cancellable);
  if (s->data && s->free_data)
    s->free_data(s->data);
  s->data = NULL;
  g_clear_pointer(&s->error, g_free);
  s->fetched_ms = 0;
  s->state = OFFICE_STATE_IDLE;
  s->serial++;
}

/* The one way a slot's change is announced (fetch jobs use it too). */
void office_model_emit_changed(OfficeModel *m, OfficeView view)
{
  g_signal_emit(m, signals[SIGNAL_CHANGED], 0, (int)view);
}

/*
** A job for slot view: the serial makes older jobs of the slot stale, and
** the previous fetch of the slot is cancelled (its answer would be dropped
** anyway).  The slot goes LOADING with its last good data kept.
*/
OfficeJob *office_model_job_new(OfficeModel *m, OfficeView view, OfficeJobKind kind)
{
  OfficeSlot *s = &m->slots[view];
  OfficeJob *job = g_new0(OfficeJob, 1);
  if (s->cancellable)
    g_cancellable_cancel(s->cancellable);
  g_clear_object(&s->cancellable);
  s->cancellable = g_cancellable_new();
  s->serial++;
  s->state = OFFICE_STATE_LOADING;
  job->view = view;
  job->kind = kind;
  job->serial = s->serial;
  job->hub = g_strdup(m->hub_url);
  job->token = g_strdup(m->token);
  job->ca_file = g_strdup(m->ca_file);
  job->request_ms = m->request_ms;
  job->connect_ms = m->connect_ms;
  job->cancellable = g_object_ref(s->cancellable);
  job->market = g_strdup(m->market);
  g_strlcpy(job->from, m->from, sizeof job->from);
  g_strlcpy(job->to, m->to, sizeof job->to);
  office_model_get_previous(m, job->prev_from, job->prev_to);
  job->compare = m->compare;
  return job;
}

/* The sign-in results the model keeps beside the MARKETS slot. */
static void apply_sign_in(OfficeModel *m, OfficeJob *job, OfficeResult *r)
{
  g_free(m->hub_url);
  m->hub_url = g_strdup(r->hub ? r->hub : job->hub);
  if (m->token)
    memset(m->token, 0, strlen(m->token));
  g_free(m->token);
  m->token = g_strdup(r->token ? r->token : job->token);
  g_clear_pointer(&m->taxonomy, office_taxonomy_unref);
  m->taxonomy = r->taxonomy ? office_taxonomy_ref(r->taxonomy) : NULL;
  m->token_store = r->store;
  g_free(m->token_error);
  m->token_error = g_strdup(r->store_error);
  GPtrArray *markets = m->slots[OFFICE_VIEW_MARKETS].data;
  gboolean known = FALSE;
  for (guint i = 0; m->market && i < markets->len; i++)
    known = known || strcmp(((OfficeMarket *)markets->pdata[i])->code, m->market) == 0;
  if (!known) {
    g_free(m->market);
    m->market = markets->len ? g_strdup(((OfficeMarket *)markets->pdata[0])->code) : NULL;
  }
}

/*
** The only place a slot changes after a fetch.  A stale answer (the slot
** has a newer serial, or the model signed out) is dropped unread.
*/
static void on_job_done(GObject *source, GAsyncResult *result, gpointer data)
{
  OfficeModel *m = OFFICE_MODEL(source);
  OfficeJob *job = g_task_get_task_data(G_TASK(result));
  OfficeSlot *s = &m->slots[job->view];
  g_autoptr(GError) error = NULL;
  OfficeResult *r = g_task_propagate_pointer(G_TASK(result), &error);
  (void)data;
  m->pending--;
  if (job->serial != s->serial) {
    office_result_free(r);
    return;
  }
  g_clear_object(&s->cancellable);
  if (r == NULL) {
    s->state = office_error_state(error);
    g_free(s->error);
    s->error = office_error_text(error, job);
    office_model_emit_changed(m, job->view);
    return;
  }
  if (job->kind == OFFICE_JOB_SIGN_IN && r->data == NULL) {
    /* A restore with nothing saved: nothing happened. */
    s->state = s->data ? OFFICE_STATE_OK : OFFICE_STATE_IDLE;
    office_result_free(r);
    office_model_emit_changed(m, job->view);
    return;
  }
  if (s->data && s->free_data)
    s->free_data(s->data);
  s->data = g_steal_pointer(&r->data);
  s->free_data = r->free_data;
  s->fetched_ms = office_model_now_ms(m);
  s->state = OFFICE_STATE_OK;
  g_clear_pointer(&s->error, g_free);
  if (job->kind == OFFICE_JOB_SIGN_IN)
    apply_sign_in(m, job, r);
  office_result_free(r);
  office_model_emit_changed(m, job->view);
  if (job->kind == OFFICE_JOB_SIGN_IN)
    g_signal_emit(m, signals[SIGNAL_SIGNED_IN], 0);
}

/* Starts a job in a worker thread; the model stays alive until it ends. */
void office_model_run(OfficeModel *m, OfficeJob *job)
{
  GTask *task = g_task_new(m, job->cancellable, on_job_done, NULL);
  g_task_set_task_data(task, job, (GDestroyNotify)office_job_free);
  g_task_set_return_on_cancel(task, FALSE);
  m->pending++;
  g_task_run_in_thread(task, office_job_thread);
  g_object_unref(task);
  office_model_emit_changed(m, job->view);
}

/* ---- Settings ------------------------------------------------------------------------ */

/* Tests shorten them to see OFFLINE quickly; 0 keeps the defaults. */
void office_model_set_timeouts(OfficeModel *m, guint request_ms, guint connect_ms)
{
  m->request_ms = request_ms;
  m->connect_ms = connect_ms;
}

/* A private hub's CA, for the next fetches. */
void office_model_set_ca_file(OfficeModel *m, const char *path)
{
  g_free(m->ca_file);
  m->ca_file = g_strdup(path);
}

/* The sign-in form's box; read when a sign-in succeeds. */
void office_model_set_remember(OfficeModel *m, gboolean remember)
{
  m->remember = remember;
}

/* Screenshots and tests pin the clock the sync ages are read against. */
void office_model_set_now_ms(OfficeModel *m, gint64 now_ms)
{
  m->now_ms = now_ms;
}

/* The pinned clock, or the real one. */
gint64 office_model_now_ms(OfficeModel *m)
{
  return m->now_ms > 0 ? m->now_ms : mb_clock_now_ms();
}

/* The highlight threshold (--silent-days). */
void office_model_set_silent_days(OfficeModel *m, int days)
{
  m->silent_days = MAX(0, days);
}

/* The highlight threshold, for the overview's card. */
int office_model_get_silent_days(OfficeModel *m)
{
  return m->silent_days;
}

/* "Silent for over N days": a stall that synced N days and a minute ago is. */
gboolean office_model_stall_silent(OfficeModel *m, const AnStallRow *stall)
{
  if (stall->last_sync_ms <= 0)
    return TRUE;
  return office_model_now_ms(m) - stall->last_sync_ms
         > (gint64)m->silent_days * 24 * 3600 * 1000;
}

/* ---- Sign-in ------------------------------------------------------------------------------ */

/* Checked here so that a typo never reaches the network; the rest is the job's. */
gboolean office_model_sign_in(OfficeModel *m, const char *hub_url, const char *token,
                              GError **error)
{
  g_autofree char *url = g_strstrip(g_strdup(hub_url ? hub_url : ""));
  g_autofree char *tok = g_strstrip(g_strdup(token ? token : ""));
  gsize n = strlen(url);
  while (n > 0 && url[n - 1] == '/')
    url[--n] = '\0';
  if (!office_hub_url_check(url, error))
    return FALSE;
  if (*tok == '\0') {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "%s",
                _("Type or paste your personal token."));
    return FALSE;
  }
  OfficeJob *job = office_model_job_new(m, OFFICE_VIEW_MARKETS, OFFICE_JOB_SIGN_IN);
  g_free(job->hub);
  job->hub = g_steal_pointer(&url);
  if (job->token)
    memset(job->token, 0, strlen(job->token));
  g_free(job->token);
  job->token = g_steal_pointer(&tok);
  job->remember = m->remember;
  office_model_run(m, job);
  return TRUE;
}

/* Signing in with the saved token happens off the UI thread: the keyring may be slow. */
void office_model_restore(OfficeModel *m)
{
  OfficeJob *job = office_model_job_new(m, OFFICE_VIEW_MARKETS, OFFICE_JOB_SIGN_IN);
  job->restore = TRUE;
  office_model_run(m, job);
}

/* Everything of the token goes: data, token, the saved copy. */
void office_model_sign_out(OfficeModel *m)
{
  g_autoptr(GError) error = NULL;
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    slot_clear(&m->slots[v]);
  if (m->token)
    memset(m->token, 0, strlen(m->token));
  g_clear_pointer(&m->token, g_free);
  g_clear_pointer(&m->taxonomy, office_taxonomy_unref);
  m->token_store = OFFICE_TOKEN_NOWHERE;
  g_clear_pointer(&m->token_error, g_free);
  if (!office_token_forget(&error))
    g_warning("forgetting the saved sign-in: %s", error->message);
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    office_model_emit_changed(m, (OfficeView)v);
}

/* Signed in means a token and a market list the hub gave for it. */
gboolean office_model_signed_in(OfficeModel *m)
{
  return m->token != NULL && m->slots[OFFICE_VIEW_MARKETS].data != NULL;
}

/* The hub of the last successful sign-in. */
const char *office_model_get_hub_url(OfficeModel *m)
{
  return m->hub_url;
}

/* Where the token went, for the sign-in page's note. */
OfficeTokenStore office_model_token_store(OfficeModel *m)
{
  return m->token_store;
}

/* Why the token could not be saved, if it could not. */
const char *office_model_token_error(OfficeModel *m)
{
  return m->token_error;
}

/* Only what the hub said this token may read. */
GPtrArray *office_model_get_markets(OfficeModel *m)
{
  return m->slots[OFFICE_VIEW_MARKETS].data;
}

/* Line names in both languages, or NULL when the hub gave none. */
OfficeTaxonomy *office_model_get_taxonomy(OfficeModel *m)
{
  return m->taxonomy;
}

/* ---- Market and period ---------------------------------------------------------------------- */

/* The next loads read it; nothing is fetched here. */
void office_model_set_market(OfficeModel *m, const char *code)
{
  g_free(m->market);
  m->market = g_strdup(code);
}

/* The market the next loads ask for. */
const char *office_model_get_market(OfficeModel *m)
{
  return m->market;
}

/* A period the hub would refuse is refused here, in the manager's words. */
gboolean office_model_set_period(OfficeModel *m, const char *from, const char *to,
                                 GError **error)
{
  AnDay f, t;
  if (!from || !to || !an_day_parse(from, &f) || !an_day_parse(to, &t) || f > t
      || t - f >= AN_PERIOD_MAX_DAYS) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID,
                _("“%s” to “%s” is not a period: give two days as YYYY-MM-DD, the first not after the second."),
                from ? from : "", to ? to : "");
    return FALSE;
  }
  g_strlcpy(m->from, from, sizeof m->from);
  g_strlcpy(m->to, to, sizeof m->to);
  return TRUE;
}

/* The period's first day, ISO. */
const char *office_model_get_from(OfficeModel *m)
{
  return m->from;
}

/* The period's last day, ISO. */
const char *office_model_get_to(OfficeModel *m)
{
  return m->to;
}

/* Only the two modes the office offers; "none" would leave the screens without growth. */
void office_model_set_compare(OfficeModel *m, AnCompare compare)
{
  m->compare = compare == AN_COMPARE_LAST_YEAR ? AN_COMPARE_LAST_YEAR : AN_COMPARE_PREVIOUS;
}

/* The mode the next loads ask for. */
AnCompare office_model_get_compare(OfficeModel *m)
{
  return m->compare;
}

/*
** docs/ANALYTICS.md, Periods: the analytics' own period arithmetic, so the
** office's earlier figures are those of the hub's compare block.
*/
void office_model_get_previous(OfficeModel *m, char from[11], char to[11])
{
  AnPeriod p = {0, 0};
  an_day_parse(m->from, &p.from);
  an_day_parse(m->to, &p.to);
  p = m->compare == AN_COMPARE_LAST_YEAR ? an_period_last_year(p) : an_period_previous(p);
  an_day_format(p.from, from);
  an_day_format(p.to, to);
}

/* Yesterday in Seoul: today's data is still coming in while the manager looks. */
void office_model_default_period(gint64 today_ms, int days, char from[11], char to[11])
{
  gint64 now_ms = today_ms > 0 ? today_ms : mb_clock_now_ms();
  AnDay today = (AnDay)mb_clock_day(now_ms);
  an_day_format(today - 1, to);
  an_day_format(today - MAX(1, days), from);
}

/* ---- Loading -------------------------------------------------------------------------------------- */

/* Registry and the stalls reports of both periods, in one job. */
void office_model_load_overview(OfficeModel *m)
{
  office_model_run(m, office_model_job_new(m, OFFICE_VIEW_OVERVIEW, OFFICE_JOB_OVERVIEW));
}

/*
** The stall's row comes from the overview of the same market and period
** when the model has it; otherwise the job fetches the stalls report too.
*/
void office_model_load_stall(OfficeModel *m, const char *stall_code)
{
  OfficeJob *job = office_model_job_new(m, OFFICE_VIEW_STALL, OFFICE_JOB_STALL);
  OfficeReport *o = office_model_get_overview(m);
  job->stall = g_strdup(stall_code);
  if (o && g_strcmp0(office_report_head(o)->market_code, m->market) == 0
      && strcmp(o->from, m->from) == 0 && strcmp(o->to, m->to) == 0)
    job->overview = office_report_ref(o);
  if (m->taxonomy)
    job->taxonomy = office_taxonomy_ref(m->taxonomy);
  office_model_run(m, job);
}

/* The lines report; names in the UI's language from the taxonomy. */
void office_model_load_lines(OfficeModel *m)
{
  OfficeJob *job = office_model_job_new(m, OFFICE_VIEW_LINES, OFFICE_JOB_LINES);
  if (m->taxonomy)
    job->taxonomy = office_taxonomy_ref(m->taxonomy);
  office_model_run(m, job);
}

/* The stores report; main lines named from the taxonomy. */
void office_model_load_stores(OfficeModel *m)
{
  OfficeJob *job = office_model_job_new(m, OFFICE_VIEW_STORES, OFFICE_JOB_STORES);
  if (m->taxonomy)
    job->taxonomy = office_taxonomy_ref(m->taxonomy);
  office_model_run(m, job);
}

/* Engagements and the review list together: the page shows both. */
void office_model_load_program(OfficeModel *m)
{
  office_model_run(m, office_model_job_new(m, OFFICE_VIEW_PROGRAM, OFFICE_JOB_PROGRAM));
}

/* Refresh and retry: the same view again, with the current choices. */
void office_model_reload(OfficeModel *m, OfficeView view)
{
  OfficeStallDetail *d = office_model_get_stall(m);
  switch (view) {
  case OFFICE_VIEW_MARKETS:
    if (m->hub_url && m->token) {
      g_autofree char *hub = g_strdup(m->hub_url), *token = g_strdup(m->token);
      office_model_sign_in(m, hub, token, NULL);
    }
    break;
  case OFFICE_VIEW_OVERVIEW:
    office_model_load_overview(m);
    break;
  case OFFICE_VIEW_STALL:
    if (d) {
      g_autofree char *code = g_strdup(d->stall->code);
      office_model_load_stall(m, code);
    }
    break;
  case OFFICE_VIEW_LINES:
    office_model_load_lines(m);
    break;
  case OFFICE_VIEW_STORES:
    office_model_load_stores(m);
    break;
  case OFFICE_VIEW_PROGRAM:
    office_model_load_program(m);
    break;
  case OFFICE_N_VIEWS:
    break;
  }
}

/* Late answers of the cancelled fetches are dropped: the serials move on. */
void office_model_cancel_all(OfficeModel *m)
{
  for (int v = 0; v < OFFICE_N_VIEWS; v++) {
    OfficeSlot *s = &m->slots[v];
    if (s->cancellable == NULL)
      continue;
    g_cancellable_cancel(s->cancellable);
    g_clear_object(&s->cancellable);
    s->serial++;
    s->state = s->data ? OFFICE_STATE_OK : OFFICE_STATE_IDLE;
    office_model_emit_changed(m, (OfficeView)v);
  }
}

/* The state of a view's slot. */
OfficeState office_model_get_state(OfficeModel *m, OfficeView view)
{
  return m->slots[view].state;
}

/* The slot's last failure in plain words. */
const char *office_model_get_error(OfficeModel *m, OfficeView view)
{
  return m->slots[view].error;
}

/* When the data on screen arrived: shown with it, always. */
gint64 office_model_get_fetched_ms(OfficeModel *m, OfficeView view)
{
  return m->slots[view].data ? m->slots[view].fetched_ms : 0;
}

/* Tests and shutdown wait for the jobs to end. */
guint office_model_pending(OfficeModel *m)
{
  return m->pending;
}

/* The last good overview (kept through failures). */
OfficeReport *office_model_get_overview(OfficeModel *m)
{
  return m->slots[OFFICE_VIEW_OVERVIEW].data;
}

/* The last good stall detail (kept through failures). */
OfficeStallDetail *office_model_get_stall(OfficeModel *m)
{
  return m->slots[OFFICE_VIEW_STALL].data;
}

/* The last good lines report (kept through failures). */
OfficeReport *office_model_get_lines(OfficeModel *m)
{
  return m->slots[OFFICE_VIEW_LINES].data;
}

/* The last good stores report (kept through failures). */
OfficeReport *office_model_get_stores(OfficeModel *m)
{
  return m->slots[OFFICE_VIEW_STORES].data;
}

/* The last good engagements and review list (kept through failures). */
OfficeProgram *office_model_get_program(OfficeModel *m)
{
  return m->slots[OFFICE_VIEW_PROGRAM].data;
}

/* ---- GObject ---------------------------------------------------------------------------------------- */

/* Fetches on their way are cancelled; their tasks hold the model until they end. */
static void office_model_dispose(GObject *object)
{
  OfficeModel *m = OFFICE_MODEL(object);
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    if (m->slots[v].cancellable)
      g_cancellable_cancel(m->slots[v].cancellable);
  G_OBJECT_CLASS(office_model_parent_class)->dispose(object);
}

/* The token is wiped before its memory goes back to the heap. */
static void office_model_finalize(GObject *object)
{
  OfficeModel *m = OFFICE_MODEL(object);
  for (int v = 0; v < OFFICE_N_VIEWS; v++)
    slot_clear(&m->slots[v]);
  if (m->token)
    memset(m->token, 0, strlen(m->token));
  g_free(m->token);
  g_free(m->hub_url);
  g_free(m->ca_file);
  g_free(m->market);
  g_free(m->token_error);
  g_clear_pointer(&m->taxonomy, office_taxonomy_unref);
  G_OBJECT_CLASS(office_model_parent_class)->finalize(object);
}

/* "changed" carries the view (an int: OfficeView); "signed-in" nothing. */
static void office_model_class_init(OfficeModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = office_model_dispose;
  object_class->finalize = office_model_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[SIGNAL_SIGNED_IN] = g_signal_new("signed-in", G_TYPE_FROM_CLASS(klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           0);
}

/* Thirty days ending yesterday, three days of silence: the defaults of the brief. */
static void office_model_init(OfficeModel *m)
{
  m->silent_days = 3;
  m->compare = AN_COMPARE_PREVIOUS;
  office_model_default_period(0, 30, m->from, m->to);
}

/* A model signed out, on the default period. */
OfficeModel *office_model_new(void)
{
  return g_object_new(OFFICE_TYPE_MODEL, NULL);
}
