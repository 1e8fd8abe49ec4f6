/*
** office-enroll.c: a stall's enrollment code from the office (office-enroll.h).
**
** Method: one POST with the signed-in token, on a worker thread as every
** request of the model (office-model-fetch.c), with the same timeouts and
** trust anchor; the answer goes through the wire's strict reader and its
** enroll-code decoder, the same as the tills' tests read it, and its
** strings are copied out before the JSON tree is freed.  The hub decides
** who may: an admin or a manager of the stall's market.
*/
#include "office-enroll.h"
#include "office-model-private.h"
#include "sync-client.h"
#include "wire-codec.h"
#include <glib/gi18n.h>
#include <string.h>

#define REQUEST_MS_DEFAULT 20000
#define CONNECT_MS_DEFAULT 5000

void office_enroll_code_free(OfficeEnrollCode *c)
{
  if (c == NULL)
    return;
  g_free(c->code);
  g_free(c->stall);
  g_free(c->stall_name);
  g_free(c);
}

/* The hub's answer, read strictly; PARSE when it is not the documented one. */
static OfficeEnrollCode *read_answer(GBytes *body, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data(body, &len);
  g_autoptr(GError) e = NULL;
  cJSON *o = wire_json_parse_object(data, len, &e);
  WireEnrollCodeAnswer a;
  OfficeEnrollCode *c;
  if (o == NULL || !wire_enroll_code_answer_from_json(o, &a, &e)) {
    g_set_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE, "%s", e ? e->message : "enroll-code");
    cJSON_Delete(o);
    return NULL;
  }
  c = g_new0(OfficeEnrollCode, 1);
  c->code = g_strdup(a.code);
  c->stall = g_strdup(a.stall.code);
  c->stall_name = g_strdup(a.stall.name ? a.stall.name : a.stall.code);
  c->expires_ms = a.expires_ms;
  cJSON_Delete(o);
  return c;
}

/* Runs in a worker: the POST, then the answer read. */
static void enroll_thread(GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  const OfficeJob *job = data;
  g_autofree char *base = g_strdup(job->hub);
  g_autofree char *stall = g_uri_escape_string(job->stall, NULL, FALSE);
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  OfficeEnrollCode *c = NULL;
  SyncClientOptions o;
  (void)source;
  (void)cancellable;
  while (g_str_has_suffix(base, "/"))
    base[strlen(base) - 1] = '\0';
  url = g_strdup_printf("%s/v1/stalls/%s/enroll-code", base, stall);
  sync_client_options_init(&o);
  o.ca_file = job->ca_file;
  o.request_timeout_ms = job->request_ms ? (long)job->request_ms : REQUEST_MS_DEFAULT;
  o.connect_timeout_ms = job->connect_ms ? (long)job->connect_ms : CONNECT_MS_DEFAULT;
  o.cancellable = job->cancellable;
  body = sync_http_post(url, job->token, "{}", 2, &o, &error);
  if (body != NULL)
    c = read_answer(body, &error);
  if (c != NULL)
    g_task_return_pointer(task, c, (GDestroyNotify)office_enroll_code_free);
  else
    g_task_return_error(task, error);
}

/* The job carries copies: the model may sign out meanwhile. */
void office_model_enroll_code_async(OfficeModel *m, const char *stall, GCancellable *cancellable,
                                    GAsyncReadyCallback callback, gpointer user_data)
{
  OfficeJob *job = g_new0(OfficeJob, 1);
  GTask *task = g_task_new(m, cancellable, callback, user_data);
  job->kind = OFFICE_JOB_STALL;           /* refusals are worded for a stall */
  job->view = OFFICE_VIEW_STALL;
  job->hub = g_strdup(m->hub_url);
  job->token = g_strdup(m->token);
  job->ca_file = g_strdup(m->ca_file);
  job->request_ms = m->request_ms;
  job->connect_ms = m->connect_ms;
  job->cancellable = cancellable ? g_object_ref(cancellable) : g_cancellable_new();
  job->market = g_strdup(m->market);
  job->stall = g_strdup(stall);
  g_task_set_source_tag(task, office_model_enroll_code_async);
  g_task_set_task_data(task, job, (GDestroyNotify)office_job_free);
  if (m->hub_url == NULL || m->token == NULL || stall == NULL)
    g_task_return_new_error(task, OFFICE_ERROR, OFFICE_ERROR_INVALID, "%s",
                            _("Sign in and choose a stall first."));
  else
    g_task_run_in_thread(task, enroll_thread);
  g_object_unref(task);
}

/* The error, when there is one, is reworded as the model's others are. */
OfficeEnrollCode *office_model_enroll_code_finish(OfficeModel *m, GAsyncResult *result,
                                                  GError **error)
{
  g_autoptr(GError) local = NULL;
  OfficeEnrollCode *c;
  g_return_val_if_fail(g_task_is_valid(result, m), NULL);
  c = g_task_propagate_pointer(G_TASK(result), &local);
  if (c == NULL) {
    const OfficeJob *job = g_task_get_task_data(G_TASK(result));
    GError *worded = g_error_copy(local);
    g_free(worded->message);
    worded->message = office_error_text(local, job);
    g_propagate_error(error, worded);
  }
  return c;
}
