/*
** office-model-fetch.c: the worker side of OfficeModel (office-model-private.h).
**
** A job's requests go out together: each extra URL gets its own thread, so
** the overview's three answers (registry, the period's report, the
** previous period's totals) cost the slowest of them, not their sum; that
** is most of the "first screen under a second" of a 200-stall market.
** Nothing here touches the model: jobs carry copies, results go back
** through the GTask.
*/
#include "office-model-private.h"
#include "an-data.h"
#include "sync-client.h"
#include <glib/gi18n.h>
#include <string.h>

/* Defaults: a hub slower than this is, for the office, not answering. */
#define REQUEST_MS_DEFAULT 20000
#define CONNECT_MS_DEFAULT 5000
#define MAX_PARALLEL 4

/* The token is wiped before its memory goes back to the heap. */
static void wipe_free(char *secret)
{
  if (secret)
    memset(secret, 0, strlen(secret));
  g_free(secret);
}

/* A job's token is wiped, as the model's is. */
void office_job_free(OfficeJob *job)
{
  if (job == NULL)
    return;
  g_free(job->hub);
  wipe_free(job->token);
  g_free(job->ca_file);
  g_clear_object(&job->cancellable);
  g_free(job->market);
  g_free(job->stall);
  g_clear_pointer(&job->overview, office_report_unref);
  g_clear_pointer(&job->taxonomy, office_taxonomy_unref);
  g_free(job->path);
  g_clear_pointer(&job->detail, office_stall_detail_unref);
  g_free(job);
}

/* A result's token (a restore) is wiped too. */
void office_result_free(OfficeResult *r)
{
  if (r == NULL)
    return;
  if (r->data && r->free_data)
    r->free_data(r->data);
  g_free(r->hub);
  wipe_free(r->token);
  g_clear_pointer(&r->taxonomy, office_taxonomy_unref);
  g_free(r->store_error);
  g_free(r);
}

/* ---- Requests -------------------------------------------------------------------- */

/* One GET of the job's hub, on its own thread or the job's. */
typedef struct {
  const OfficeJob *job;
  char *url;
  GBytes *body;
  GError *error;
} Request;

/* sync_http_get with the job's token, timeouts and trust anchor. */
static gpointer request_run(gpointer data)
{
  Request *rq = data;
  const OfficeJob *job = rq->job;
  SyncClientOptions o;
  sync_client_options_init(&o);
  o.ca_file = job->ca_file;
  o.request_timeout_ms = job->request_ms ? (long)job->request_ms : REQUEST_MS_DEFAULT;
  o.connect_timeout_ms = job->connect_ms ? (long)job->connect_ms : CONNECT_MS_DEFAULT;
  o.cancellable = job->cancellable;
  rq->body = sync_http_get(rq->url, job->token, &o, &rq->error);
  return NULL;
}

/*
** GETs every path (NULL entries are skipped, their body stays NULL) at
** once.  On failure the first error in path order is returned, because
** the first path is the one the view stands on.
*/
static gboolean fetch_all(const OfficeJob *job, const char *const *paths, guint n,
                          GBytes **bodies, GError **error)
{
  Request rq[MAX_PARALLEL];
  GThread *threads[MAX_PARALLEL] = {NULL};
  gboolean ok = TRUE;
  g_assert(n <= MAX_PARALLEL);
  memset(rq, 0, sizeof rq);
  for (guint i = 0; i < n; i++) {
    rq[i].job = job;
    rq[i].url = paths[i] ? g_strconcat(job->hub, paths[i], NULL) : NULL;
  }
  for (guint i = 1; i < n; i++)
    if (rq[i].url)
      threads[i] = g_thread_new("office-fetch", request_run, &rq[i]);
  if (rq[0].url)
    request_run(&rq[0]);
  for (guint i = 0; i < n; i++) {
    if (threads[i])
      g_thread_join(threads[i]);
    bodies[i] = rq[i].body;
    if (rq[i].error && ok) {
      g_propagate_error(error, rq[i].error);
      ok = FALSE;
    } else {
      g_clear_error(&rq[i].error);
    }
    g_free(rq[i].url);
  }
  for (guint i = 0; !ok && i < n; i++)
    g_clear_pointer(&bodies[i], g_bytes_unref);
  return ok;
}

/*
** "/v1/markets/M01/reports/KIND?from=..&to=..&compare=C[&format=F]": C is
** the job's mode, or "none" when the report needs no comparison.  Full.
*/
static char *report_path(const OfficeJob *job, const char *kind, const char *from,
                         const char *to, gboolean compare, const char *format)
{
  g_autofree char *market = g_uri_escape_string(job->market ? job->market : "", NULL, FALSE);
  AnCompare mode = !compare ? AN_COMPARE_NONE
                   : job->compare == AN_COMPARE_LAST_YEAR ? AN_COMPARE_LAST_YEAR
                                                          : AN_COMPARE_PREVIOUS;
  return g_strdup_printf("/v1/markets/%s/reports/%s?from=%s&to=%s&compare=%s%s%s", market, kind,
                         from, to, an_compare_name(mode), format ? "&format=" : "",
                         format ? format : "");
}

/* A job on a market view needs a market: the token may read none. */
static gboolean need_market(const OfficeJob *job, GError **error)
{
  if (job->market && *job->market)
    return TRUE;
  g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "%s",
              _("No market is chosen: this token may read no market."));
  return FALSE;
}

/* ---- Jobs --------------------------------------------------------------------------- */

/*
** The market list and the taxonomy with the new token, then (remember)
** the token saved.  A taxonomy that fails is not fatal: the reports carry
** Korean line names of their own.
*/
static OfficeResult *run_sign_in(OfficeJob *job, GError **error)
{
  g_autoptr(GError) local = NULL;
  OfficeResult *r = g_new0(OfficeResult, 1);
  if (job->restore) {
    char *hub = NULL, *token = NULL;
    if (!office_token_load(&hub, &token, &r->store, error)) {
      if (error && *error) {
        office_result_free(r);
        return NULL;
      }
      return r;
    }
    g_free(job->hub);
    wipe_free(job->token);
    job->hub = hub;
    job->token = token;
    r->hub = g_strdup(hub);
    r->token = g_strdup(token);
  }
  const char *paths[] = {"/v1/markets", "/v1/taxonomy"};
  GBytes *bodies[2] = {NULL, NULL};
  if (!fetch_all(job, paths, 2, bodies, error)) {
    office_result_free(r);
    return NULL;
  }
  r->data = office_parse_markets(bodies[0], error);
  r->free_data = (GDestroyNotify)g_ptr_array_unref;
  r->taxonomy = office_parse_taxonomy(bodies[1], NULL);
  g_bytes_unref(bodies[0]);
  g_bytes_unref(bodies[1]);
  if (r->data == NULL) {
    office_result_free(r);
    return NULL;
  }
  if (job->remember && !office_token_save(job->hub, job->token, &r->store, &local))
    r->store_error = g_strdup(local->message);
  return r;
}

/*
** Registry, the period's stalls report, and the previous period's receipts.
** Those come from the previous period's lines report (compare=none): its
** totals carry the market's receipts, and it costs the hub a tenth of a
** stalls report (no per-stall series), which matters for the first screen.
*/
static OfficeResult *run_overview(OfficeJob *job, GError **error)
{
  if (!need_market(job, error))
    return NULL;
  g_autofree char *market = g_uri_escape_string(job->market, NULL, FALSE);
  g_autofree char *registry = g_strdup_printf("/v1/markets/%s/stalls", market);
  g_autofree char *report = report_path(job, "stalls", job->from, job->to, TRUE, NULL);
  g_autofree char *prev = report_path(job, "lines", job->prev_from, job->prev_to, FALSE, NULL);
  const char *paths[] = {report, registry, prev};
  GBytes *bodies[3] = {NULL, NULL, NULL};
  if (!fetch_all(job, paths, 3, bodies, error))
    return NULL;
  OfficeReport *o = office_parse_overview(bodies[0], bodies[2], bodies[1], error);
  for (guint i = 0; i < 3; i++)
    g_bytes_unref(bodies[i]);
  if (o == NULL)
    return NULL;
  OfficeResult *r = g_new0(OfficeResult, 1);
  r->data = o;
  r->free_data = (GDestroyNotify)office_report_unref;
  return r;
}

/* The stall's summary, with the stalls report too when the model had none. */
static OfficeResult *run_stall(OfficeJob *job, GError **error)
{
  if (!need_market(job, error))
    return NULL;
  g_autofree char *stall = g_uri_escape_string(job->stall ? job->stall : "", NULL, FALSE);
  g_autofree char *summary = g_strdup_printf("/v1/stalls/%s/summary?from=%s&to=%s", stall,
                                             job->from, job->to);
  g_autofree char *report = job->overview ? NULL
                                          : report_path(job, "stalls", job->from, job->to,
                                                        TRUE, NULL);
  const char *paths[] = {summary, report};
  GBytes *bodies[2] = {NULL, NULL};
  if (!fetch_all(job, paths, 2, bodies, error))
    return NULL;
  g_autoptr(OfficeReport) o = job->overview ? office_report_ref(job->overview)
                                            : office_parse_overview(bodies[1], NULL, NULL, error);
  OfficeStallDetail *d = o ? office_parse_stall(o, job->stall, bodies[0], job->taxonomy, error)
                           : NULL;
  g_bytes_unref(bodies[0]);
  if (bodies[1])
    g_bytes_unref(bodies[1]);
  if (d == NULL)
    return NULL;
  OfficeResult *r = g_new0(OfficeResult, 1);
  r->data = d;
  r->free_data = (GDestroyNotify)office_stall_detail_unref;
  return r;
}

/* The lines or the stores report of the period. */
static OfficeResult *run_report(OfficeJob *job, GError **error)
{
  gboolean lines = job->kind == OFFICE_JOB_LINES;
  if (!need_market(job, error))
    return NULL;
  g_autofree char *path = report_path(job, lines ? "lines" : "stores", job->from, job->to,
                                      TRUE, NULL);
  const char *paths[] = {path};
  GBytes *body = NULL;
  if (!fetch_all(job, paths, 1, &body, error))
    return NULL;
  OfficeResult *r = g_new0(OfficeResult, 1);
  r->data = lines ? office_parse_lines(body, job->taxonomy, error)
                  : office_parse_stores(body, job->taxonomy, error);
  r->free_data = (GDestroyNotify)office_report_unref;
  g_bytes_unref(body);
  if (r->data == NULL) {
    office_result_free(r);
    return NULL;
  }
  return r;
}

/*
** The export's bytes: the stall's daily CSV is made here; everything else
** is the hub's own writer, so the file is the one `market-report` makes.
*/
static GBytes *export_bytes(OfficeJob *job, GError **error)
{
  static const char *const kinds[OFFICE_N_VIEWS] = {"stalls", "stalls", "stalls",
                                                    "lines",  "stores", "onnuri"};
  if (job->format == OFFICE_EXPORT_CSV && job->view == OFFICE_VIEW_STALL && job->detail)
    return office_stall_daily_csv(job->detail);
  if (!need_market(job, error))
    return NULL;
  gboolean pdf = job->format == OFFICE_EXPORT_PDF;
  /* the review list compares nothing: the hub takes no compare there */
  g_autofree char *path = report_path(job, pdf ? "all" : kinds[job->view], job->from, job->to,
                                      pdf || job->view != OFFICE_VIEW_PROGRAM, pdf ? "pdf" : "csv");
  const char *paths[] = {path};
  GBytes *body = NULL;
  return fetch_all(job, paths, 1, &body, error) ? body : NULL;
}

/* Fetches and writes the export; the file is replaced whole or not at all. */
static gboolean run_export(OfficeJob *job, GError **error)
{
  g_autoptr(GBytes) bytes = export_bytes(job, error);
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data(bytes, &len) : NULL;
  if (bytes == NULL)
    return FALSE;
  return g_file_set_contents_full(job->path, data ? data : "", (gssize)len,
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/* Runs in a worker; returns a result or an error, never touches the model. */
void office_job_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  OfficeJob *job = data;
  OfficeResult *r = NULL;
  GError *error = NULL;
  (void)source;
  (void)cancellable;
  switch (job->kind) {
  case OFFICE_JOB_SIGN_IN:
    r = run_sign_in(job, &error);
    break;
  case OFFICE_JOB_OVERVIEW:
    r = run_overview(job, &error);
    break;
  case OFFICE_JOB_STALL:
    r = run_stall(job, &error);
    break;
  case OFFICE_JOB_LINES:
  case OFFICE_JOB_STORES:
    r = run_report(job, &error);
    break;
  case OFFICE_JOB_PROGRAM:
    r = office_program_run(job, &error);
    break;
  case OFFICE_JOB_EXPORT:
    if (run_export(job, &error))
      g_task_return_boolean(task, TRUE);
    else
      g_task_return_error(task, error);
    return;
  }
  if (r)
    g_task_return_pointer(task, r, (GDestroyNotify)office_result_free);
  else
    g_task_return_error(task, error);
}

/* ---- Errors in plain words ---------------------------------------------------------------- */

/*
** Offline is worth a retry; refused needs another token; failed needs a
** person.  Decided on the error's codes (sync-client.h), never its text.
*/
OfficeState office_error_state(const GError *error)
{
  if (error->domain != SYNC_ERROR)
    return OFFICE_STATE_FAILED;
  switch (error->code) {
  case SYNC_ERROR_OFFLINE:
  case SYNC_ERROR_CANCELLED:
    return OFFICE_STATE_OFFLINE;
  case SYNC_ERROR_UNAUTHORIZED:
    return OFFICE_STATE_REFUSED;
  default:
    return OFFICE_STATE_FAILED;
  }
}

/* The transport's own words ("Connection refused"), kept as data by the sync client. */
static const char *reason_of(const GError *error)
{
  const char *reason = sync_error_reason(error);
  return reason && *reason ? reason : error->message;
}

/*
** An unknown or revoked token is the hub's "unauthorized" (401); a token
** whose role does not reach is "forbidden" (403).  An answer without the
** hub's code falls back on the status.
*/
static gboolean token_unknown(const GError *error)
{
  SyncWireCode code = sync_error_hub_code(error);
  if (code != SYNC_WIRE_NONE)
    return code == SYNC_WIRE_UNAUTHORIZED;
  return sync_error_http_status(error) == 401;
}

/*
** What a manager can do about it: "sign in again" for an unknown token,
** "ask for access" for a market outside the token's role, "check the
** network" for a hub out of reach.
*/
char *office_error_text(const GError *error, const OfficeJob *job)
{
  if (error->domain == SYNC_ERROR && error->code == SYNC_ERROR_UNAUTHORIZED) {
    if (token_unknown(error))
      return g_strdup(_("The hub does not know this token, or it was revoked: sign in again with a valid personal token."));
    if (job->kind == OFFICE_JOB_SIGN_IN)
      return g_strdup(_("The hub refused: this token may not read markets. Sign in with a manager's or a consultant's token."));
    if (job->kind == OFFICE_JOB_STALL)
      return g_strdup_printf(_("The hub refused: this token's role does not cover stall %s."),
                             job->stall ? job->stall : "?");
    return g_strdup_printf(_("The hub refused: this token's role does not cover market %s."),
                           job->market ? job->market : "?");
  }
  if (error->domain == SYNC_ERROR && error->code == SYNC_ERROR_OFFLINE)
    return g_strdup_printf(_("The hub at %s cannot be reached or did not answer in time (%s)."),
                           job->hub ? job->hub : "?", reason_of(error));
  if (error->domain == SYNC_ERROR && error->code == SYNC_ERROR_CANCELLED)
    return g_strdup(_("The request was cancelled."));
  if (error->domain == SYNC_ERROR && error->code == SYNC_ERROR_TLS)
    return g_strdup_printf(_("The hub's certificate could not be verified (%s)."),
                           reason_of(error));
  if (error->domain == OFFICE_ERROR && error->code == OFFICE_ERROR_PARSE)
    return g_strdup_printf(_("The hub's answer could not be read: %s."), error->message);
  if (error->domain == OFFICE_ERROR || error->domain == G_FILE_ERROR)
    return g_strdup(error->message);
  return g_strdup_printf(_("The hub answered with an error: %s"), error->message);
}

/* The sync client's URL rule, worded for the sign-in form. */
gboolean office_hub_url_check(const char *url, GError **error)
{
  g_autoptr(GError) local = NULL;
  if (sync_url_check(url, FALSE, &local))
    return TRUE;
  if (g_error_matches(local, SYNC_ERROR, SYNC_ERROR_INSECURE))
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID,
                _("“%s” is plain http: use https:// (http:// only to this computer)."), url);
  else
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID,
                _("“%s” is not a hub address: type it as https://hub.example.kr."), url);
  return FALSE;
}

/* ---- Export ----------------------------------------------------------------------------------- */

/* Exports get three times the request timeout: the PDF takes the hub longest. */
void office_model_export_async(OfficeModel *m, OfficeView view, OfficeExportFormat format,
                               const char *path, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  OfficeJob *job = g_new0(OfficeJob, 1);
  job->view = view;
  job->kind = OFFICE_JOB_EXPORT;
  job->format = format;
  job->path = g_strdup(path);
  job->hub = g_strdup(m->hub_url);
  job->token = g_strdup(m->token);
  job->ca_file = g_strdup(m->ca_file);
  job->request_ms = m->request_ms ? m->request_ms * 3 : 0;
  job->connect_ms = m->connect_ms;
  job->cancellable = cancellable ? g_object_ref(cancellable) : g_cancellable_new();
  job->market = g_strdup(m->market);
  g_strlcpy(job->from, m->from, sizeof job->from);
  g_strlcpy(job->to, m->to, sizeof job->to);
  if (view == OFFICE_VIEW_STALL && office_model_get_stall(m))
    job->detail = office_stall_detail_ref(office_model_get_stall(m));
  GTask *task = g_task_new(m, cancellable, callback, user_data);
  g_task_set_source_tag(task, office_model_export_async);
  g_task_set_task_data(task, job, (GDestroyNotify)office_job_free);
  g_task_run_in_thread(task, office_job_thread);
  g_object_unref(task);
}

/* The error, when there is one, is reworded for the screen. */
gboolean office_model_export_finish(OfficeModel *m, GAsyncResult *result, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_return_val_if_fail(g_task_is_valid(result, m), FALSE);
  if (g_task_propagate_boolean(G_TASK(result), &local))
    return TRUE;
  const OfficeJob *job = g_task_get_task_data(G_TASK(result));
  /* A copy keeps the error's data (status, hub code); only the words change. */
  GError *worded = g_error_copy(local);
  g_free(worded->message);
  worded->message = office_error_text(local, job);
  g_propagate_error(error, worded);
  return FALSE;
}
