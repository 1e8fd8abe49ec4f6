/*
** office-program.c: engagements, impact and the Onnuri review list in the
** office (office-program.h).
**
** Method: the three share one worker (a GET of a path made in the UI
** thread from the model's market and period, then a reader chosen by the
** kind); the model's job struct carries the copies, so a sign-out meanwhile
** frees nothing the worker reads.  The readers take the documented JSON
** (docs/ANALYTICS.md, docs/PROTOCOL.md) strictly enough that a hub
** answering something else is a PARSE error, not a screen of zeros, and
** copy what the screens show out of the cJSON tree before it is freed.
*/
#include "office-program.h"
#include "office-format.h"
#include "office-model-private.h"
#include "sync-client.h"
#include "wire-codec.h"
#include <glib/gi18n.h>
#include <string.h>

#define REQUEST_MS_DEFAULT 20000
#define CONNECT_MS_DEFAULT 5000

typedef enum { PROGRAM_ENGAGEMENTS = 0, PROGRAM_IMPACT, PROGRAM_ONNURI } ProgramKind;

void office_engagement_free(OfficeEngagement *e)
{
  if (e == NULL)
    return;
  g_free(e->label);
  g_strfreev(e->stalls);
  g_free(e);
}

void office_impact_free(OfficeImpact *i)
{
  if (i == NULL)
    return;
  g_strfreev(i->treated);
  g_strfreev(i->controls);
  g_strfreev(i->explain);
  if (i->weekly)
    g_array_unref(i->weekly);
  g_free(i);
}

void office_program_free(OfficeProgram *p)
{
  if (p == NULL)
    return;
  g_free(p->market);
  if (p->engagements)
    g_ptr_array_unref(p->engagements);
  office_onnuri_list_free(p->onnuri);
  g_free(p);
}

static void onnuri_row_free(OfficeOnnuriRow *r)
{
  g_free(r->stall);
  g_strfreev(r->reasons);
  g_free(r);
}

void office_onnuri_list_free(OfficeOnnuriList *l)
{
  if (l == NULL)
    return;
  if (l->rows)
    g_ptr_array_unref(l->rows);
  g_free(l);
}

/* ---- Reading the answers ------------------------------------------------------------- */

/* A member that must be a string; NULL otherwise. Transfer none. */
static const char *member_string(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A day member copied into out; FALSE when it is not a real YYYY-MM-DD. */
static gboolean member_day(const cJSON *o, const char *name, char out[11])
{
  const char *s = member_string(o, name);
  AnDay day;
  if (s == NULL || !an_day_parse(s, &day))
    return FALSE;
  g_strlcpy(out, s, 11);
  return TRUE;
}

/* A whole number member (won, ids); FALSE when absent or not a number. */
static gboolean member_int(const cJSON *o, const char *name, gint64 *out)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsNumber(v))
    return FALSE;
  *out = (gint64)v->valuedouble;
  return TRUE;
}

/* A ratio member: a number, or null for "not defined"; FALSE for anything else. */
static gboolean member_ratio(const cJSON *o, const char *name, AnRatio *out)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  out->value = 0;
  out->defined = cJSON_IsNumber(v);
  if (out->defined)
    out->value = v->valuedouble;
  return out->defined || cJSON_IsNull(v);
}

/* An array of strings as a GStrv; NULL (and nothing allocated) when it is not one. */
static GStrv member_strv(const cJSON *o, const char *name)
{
  const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, name), *item;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new();
  if (!cJSON_IsArray(a))
    return NULL;
  cJSON_ArrayForEach(item, a) {
    if (!cJSON_IsString(item))
      return NULL;
    g_strv_builder_add(b, item->valuestring);
  }
  return g_strv_builder_end(b);
}

/* {"market", "engagements": [{id, start, label, stalls, created_ms}]}. */
static gpointer read_engagements(const cJSON *o, GError **error)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "engagements"), *item;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)office_engagement_free);
  if (!cJSON_IsArray(list)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "engagements: no list");
    return NULL;
  }
  cJSON_ArrayForEach(item, list) {
    OfficeEngagement *e = g_new0(OfficeEngagement, 1);
    const char *label = member_string(item, "label");
    g_ptr_array_add(out, e);
    e->label = g_strdup(label ? label : "");
    e->stalls = member_strv(item, "stalls");
    if (!member_int(item, "id", &e->id) || !member_day(item, "start", e->start)
        || e->stalls == NULL) {
      g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "engagements: a bad row");
      return NULL;
    }
  }
  return g_steal_pointer(&out);
}

/* The impact report's fields the page shows (docs/ANALYTICS.md, Program impact). */
static gpointer read_impact(const cJSON *o, GError **error)
{
  g_autoptr(OfficeImpact) i = g_new0(OfficeImpact, 1);
  const cJSON *eng = cJSON_GetObjectItemCaseSensitive(o, "engagement");
  const cJSON *weekly = cJSON_GetObjectItemCaseSensitive(o, "weekly"), *w;
  const cJSON *flat = cJSON_GetObjectItemCaseSensitive(o, "pre_trend_flat");
  i->treated = member_strv(o, "treated");
  i->controls = member_strv(o, "controls");
  i->explain = member_strv(o, "explain");
  i->weekly = g_array_new(FALSE, TRUE, sizeof(OfficeImpactWeek));
  if (g_strcmp0(member_string(o, "report"), "impact") != 0 || !member_int(eng, "id", &i->engagement)
      || !member_day(eng, "start", i->start) || !member_ratio(o, "effect", &i->effect)
      || !member_ratio(o, "ci_low", &i->ci_low) || !member_ratio(o, "ci_high", &i->ci_high)
      || !member_ratio(o, "pre_trend", &i->pre_trend) || !cJSON_IsBool(flat)
      || i->treated == NULL || i->controls == NULL || i->explain == NULL
      || !cJSON_IsArray(weekly)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "impact: not the documented report");
    return NULL;
  }
  i->pre_trend_flat = cJSON_IsTrue(flat);
  cJSON_ArrayForEach(w, weekly) {
    const cJSON *after = cJSON_GetObjectItemCaseSensitive(w, "after_start");
    OfficeImpactWeek week = {{0}, FALSE, 0, 0};
    if (!member_day(w, "from", week.from) || !cJSON_IsBool(after)
        || !member_int(w, "treated", &week.treated) || !member_int(w, "controls", &week.controls)) {
      g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "impact: a bad week");
      return NULL;
    }
    week.after_start = cJSON_IsTrue(after);
    g_array_append_val(i->weekly, week);
  }
  return g_steal_pointer(&i);
}

/* The review list's rows: stall, flagged, reasons and the Onnuri won. */
static gpointer read_onnuri(const cJSON *o, GError **error)
{
  g_autoptr(OfficeOnnuriList) l = g_new0(OfficeOnnuriList, 1);
  const cJSON *period = cJSON_GetObjectItemCaseSensitive(o, "period");
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "rows"), *row;
  l->rows = g_ptr_array_new_with_free_func((GDestroyNotify)onnuri_row_free);
  if (g_strcmp0(member_string(o, "report"), "onnuri") != 0 || !member_day(period, "from", l->from)
      || !member_day(period, "to", l->to) || !cJSON_IsArray(rows)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "onnuri: not the documented report");
    return NULL;
  }
  cJSON_ArrayForEach(row, rows) {
    const cJSON *flagged = cJSON_GetObjectItemCaseSensitive(row, "flagged");
    const char *stall = member_string(row, "stall");
    OfficeOnnuriRow *r = g_new0(OfficeOnnuriRow, 1);
    g_ptr_array_add(l->rows, r);
    r->stall = g_strdup(stall);
    r->reasons = member_strv(row, "reasons");
    r->flagged = cJSON_IsTrue(flagged);
    if (stall == NULL || !cJSON_IsBool(flagged) || r->reasons == NULL
        || !member_int(row, "onnuri", &r->onnuri)) {
      g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "onnuri: a bad row");
      return NULL;
    }
  }
  return g_steal_pointer(&l);
}

/* ---- The worker ------------------------------------------------------------------------- */

/*
** One GET of path with the job's sign-in and its answer read as a JSON
** object; NULL with the sync client's error, or PARSE.  Transfer full.
*/
static cJSON *get_object(const OfficeJob *job, const char *path, GError **error)
{
  g_autofree char *base = g_strdup(job->hub);
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) e = NULL;
  SyncClientOptions o;
  while (g_str_has_suffix(base, "/"))
    base[strlen(base) - 1] = '\0';
  url = g_strconcat(base, path, NULL);
  sync_client_options_init(&o);
  o.ca_file = job->ca_file;
  o.request_timeout_ms = job->request_ms ? (long)job->request_ms : REQUEST_MS_DEFAULT;
  o.connect_timeout_ms = job->connect_ms ? (long)job->connect_ms : CONNECT_MS_DEFAULT;
  o.cancellable = job->cancellable;
  body = sync_http_get(url, job->token, &o, error);
  if (body == NULL)
    return NULL;
  gsize len = 0;
  const char *text = g_bytes_get_data(body, &len);
  cJSON *root = wire_json_parse_object(text, len, &e);
  if (root == NULL)
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "%s", e->message);
  return root;
}

/* Which fetch a task is, by its source tag (the public starter). */
static ProgramKind kind_of(GTask *task)
{
  gpointer tag = g_task_get_source_tag(task);
  if (tag == (gpointer)office_model_engagements_async)
    return PROGRAM_ENGAGEMENTS;
  return tag == (gpointer)office_model_impact_async ? PROGRAM_IMPACT : PROGRAM_ONNURI;
}

/* The GET of the job's path (in job->path), then the kind's reader. */
static void program_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const OfficeJob *job = data;
  ProgramKind kind = kind_of(task);
  static const GDestroyNotify frees[] = {(GDestroyNotify)g_ptr_array_unref,
                                         (GDestroyNotify)office_impact_free,
                                         (GDestroyNotify)office_onnuri_list_free};
  GError *error = NULL;
  gpointer out = NULL;
  (void)source;
  (void)cancellable;
  cJSON *root = get_object(job, job->path, &error);
  if (root != NULL)
    out = kind == PROGRAM_ENGAGEMENTS ? read_engagements(root, &error)
          : kind == PROGRAM_IMPACT    ? read_impact(root, &error)
                                      : read_onnuri(root, &error);
  cJSON_Delete(root);
  if (out != NULL)
    g_task_return_pointer(task, out, frees[kind]);
  else
    g_task_return_error(task, error);
}

/*
** The PROGRAM view's job, in the model's worker: the engagements, then the
** review list of the job's period; either failing fails the view (the
** slot keeps its last good pair).
*/
OfficeResult *office_program_run(OfficeJob *job, GError **error)
{
  g_autoptr(OfficeProgram) p = g_new0(OfficeProgram, 1);
  g_autofree char *market = g_uri_escape_string(job->market ? job->market : "", NULL, FALSE);
  g_autofree char *list_path = g_strdup_printf("/v1/markets/%s/engagements", market);
  g_autofree char *onnuri_path = g_strdup_printf("/v1/markets/%s/reports/onnuri?from=%s&to=%s",
                                                 market, job->from, job->to);
  if (job->market == NULL || *job->market == '\0') {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID, "%s",
                _("No market is chosen: this token may read no market."));
    return NULL;
  }
  p->market = g_strdup(job->market);
  g_strlcpy(p->from, job->from, sizeof p->from);
  g_strlcpy(p->to, job->to, sizeof p->to);
  cJSON *root = get_object(job, list_path, error);
  p->engagements = root ? read_engagements(root, error) : NULL;
  cJSON_Delete(root);
  if (p->engagements == NULL)
    return NULL;
  root = get_object(job, onnuri_path, error);
  p->onnuri = root ? read_onnuri(root, error) : NULL;
  cJSON_Delete(root);
  if (p->onnuri == NULL)
    return NULL;
  OfficeResult *r = g_new0(OfficeResult, 1);
  r->data = g_steal_pointer(&p);
  r->free_data = (GDestroyNotify)office_program_free;
  return r;
}

/*
** A job with copies of the model's sign-in and market, and the path
** (taken); refused at once without a sign-in or a market.
*/
static void program_start(OfficeModel *m, gpointer tag, char *path, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  OfficeJob *job = g_new0(OfficeJob, 1);
  GTask *task = g_task_new(m, cancellable, callback, user_data);
  job->kind = OFFICE_JOB_OVERVIEW;        /* refusals are worded for the market */
  job->view = OFFICE_VIEW_OVERVIEW;
  job->hub = g_strdup(m->hub_url);
  job->token = g_strdup(m->token);
  job->ca_file = g_strdup(m->ca_file);
  job->request_ms = m->request_ms;
  job->connect_ms = m->connect_ms;
  job->cancellable = cancellable ? g_object_ref(cancellable) : g_cancellable_new();
  job->market = g_strdup(m->market);
  job->path = path;
  g_task_set_source_tag(task, tag);
  g_task_set_task_data(task, job, (GDestroyNotify)office_job_free);
  if (m->hub_url == NULL || m->token == NULL || m->market == NULL || *m->market == '\0')
    g_task_return_new_error(task, OFFICE_ERROR, OFFICE_ERROR_INVALID, "%s",
                            _("Sign in and choose a market first."));
  else
    g_task_run_in_thread(task, program_thread);
  g_object_unref(task);
}

/* The result, or NULL with the error worded as the model's others. */
static gpointer program_finish(OfficeModel *m, GAsyncResult *result, gpointer tag, GError **error)
{
  g_autoptr(GError) local = NULL;
  gpointer out;
  g_return_val_if_fail(g_task_is_valid(result, m), NULL);
  g_return_val_if_fail(g_task_get_source_tag(G_TASK(result)) == tag, NULL);
  out = g_task_propagate_pointer(G_TASK(result), &local);
  if (out == NULL) {
    const OfficeJob *job = g_task_get_task_data(G_TASK(result));
    GError *worded = g_error_copy(local);
    g_free(worded->message);
    worded->message = office_error_text(local, job);
    g_propagate_error(error, worded);
  }
  return out;
}

/* The market's code, escaped for a path. Transfer full. */
static char *market_segment(OfficeModel *m)
{
  return g_uri_escape_string(m->market ? m->market : "", NULL, FALSE);
}

void office_model_engagements_async(OfficeModel *m, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *market = market_segment(m);
  program_start(m, office_model_engagements_async,
                g_strdup_printf("/v1/markets/%s/engagements", market), cancellable, callback,
                user_data);
}

GPtrArray *office_model_engagements_finish(OfficeModel *m, GAsyncResult *result,
                                           GError **error)
{
  return program_finish(m, result, office_model_engagements_async, error);
}

/* Up to the period's last day: the manager's period bounds what is shown. */
void office_model_impact_async(OfficeModel *m, gint64 id, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *market = market_segment(m);
  program_start(m, office_model_impact_async,
                g_strdup_printf("/v1/markets/%s/engagements/%" G_GINT64_FORMAT "/impact?to=%s",
                                market, id, m->to),
                cancellable, callback, user_data);
}

OfficeImpact *office_model_impact_finish(OfficeModel *m, GAsyncResult *result, GError **error)
{
  return program_finish(m, result, office_model_impact_async, error);
}

void office_model_onnuri_async(OfficeModel *m, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autofree char *market = market_segment(m);
  program_start(m, office_model_onnuri_async,
                g_strdup_printf("/v1/markets/%s/reports/onnuri?from=%s&to=%s", market, m->from,
                                m->to),
                cancellable, callback, user_data);
}

OfficeOnnuriList *office_model_onnuri_finish(OfficeModel *m, GAsyncResult *result,
                                             GError **error)
{
  return program_finish(m, result, office_model_onnuri_async, error);
}

/* ---- Words -------------------------------------------------------------------------------- */

/*
** Three sentences: what changed (with the interval), against whom, how
** sure (an interval holding 0 may be chance; a pre-trend that is not flat
** weakens the comparison).  The hub's own explain stays beside it.
*/
char *office_impact_summary(const OfficeImpact *impact)
{
  g_autoptr(GString) s = g_string_new(NULL);
  guint controls = impact->controls ? g_strv_length(impact->controls) : 0;
  guint treated = impact->treated ? g_strv_length(impact->treated) : 0;
  if (!impact->effect.defined || !impact->ci_low.defined || !impact->ci_high.defined) {
    g_string_append(s, _("The effect could not be measured for this period."));
  } else {
    g_autofree char *effect = office_format_change(impact->effect);
    g_autofree char *low = office_format_change(impact->ci_low);
    g_autofree char *high = office_format_change(impact->ci_high);
    g_string_append_printf(s, _("Since %s the helped stalls' daily revenue changed by %s relative to comparable stalls (90%% interval %s to %s)."),
                           impact->start, effect, low, high);
    g_string_append_c(s, ' ');
    g_string_append_printf(s, _("Compared: %u helped stall(s) against %u comparable stall(s) of the market without help."),
                           treated, controls);
    g_string_append_c(s, ' ');
    if (impact->ci_low.value <= 0 && impact->ci_high.value >= 0)
      g_string_append(s, _("The interval holds zero: the change may be chance."));
    else
      g_string_append(s, _("The interval does not hold zero: the change is unlikely to be chance."));
  }
  if (!impact->pre_trend_flat) {
    g_string_append_c(s, ' ');
    g_string_append(s, _("Warning: the two groups were already drifting apart before the start, so the comparison is weaker."));
  }
  return g_string_free(g_steal_pointer(&s), FALSE);
}
