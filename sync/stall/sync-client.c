/*
** sync-client.c: enrollment, outbox push and taxonomy pull.
**
** The requests themselves go through sync-http.c (the HTTP policy, libcurl
** and the typed errors).  The method, in short:
**   - the outbox is the source of truth; this file never deletes or rewrites
**     an event, it only marks one sent (after the hub answered "accepted" or
**     "duplicate") or rejected (after the hub said why);
**   - at least once on the wire, exactly once in effect: the hub deduplicates
**     by event id, so any failure before a mark is safe to repeat;
**   - no SQLite transaction is open while bytes are on the wire, so the till
**     can always commit (see sync-client.h for the threading contract);
**   - every transport failure becomes one typed SyncErrorCode, so callers
**     (CLI exit codes, the till's status light, retry loops) decide on codes,
**     never on message text.
*/
#include "sync-client.h"
#include "sync-http-int.h"
#include "mb-clock.h"
#include "wire-codec.h"
#include <string.h>

/* All zero means "the defaults", so callers set only what they change. */
void sync_client_options_init(SyncClientOptions *o)
{
  memset(o, 0, sizeof *o);
}

/* ---- Backoff --------------------------------------------------------------------- */

/*
** "Full jitter" (M. Brooker, AWS Architecture Blog, "Exponential Backoff And
** Jitter", 2015): sleeping a uniform random time up to the exponential bound
** spreads the retries of many tills that lost the hub at the same moment, so
** they do not hammer it in lock-step when it comes back.  The doubling stops
** at the cap before it can overflow.
*/
guint64 sync_backoff_ms(guint attempt, guint64 base_ms, guint64 cap_ms, GRand *rand)
{
  guint64 bound = base_ms;
  for (guint i = 0; i < attempt && bound < cap_ms; i++)
    bound = bound > G_MAXUINT64 / 2 ? G_MAXUINT64 : bound * 2;
  if (bound > cap_ms)
    bound = cap_ms;
  if (bound == 0)
    return 0;
  /* g_rand_double_range gives [0, bound); +1 makes the bound reachable. */
  double r = rand ? g_rand_double(rand) : g_random_double();
  guint64 v = (guint64)(r * ((double)bound + 1.0));
  return v > bound ? bound : v;
}

/* ---- The ledger's enrollment --------------------------------------------------- */

/* Hub URL and token, or NOT_ENROLLED: the one question every push asks first. */
static gboolean load_enrollment(PosLedger *ledger, char **hub_url, char **token,
                                GError **error)
{
  PosSettings s;
  if (!pos_ledger_get_settings(ledger, &s, error))
    return FALSE;
  *hub_url = g_steal_pointer(&s.hub_url);
  pos_settings_clear(&s);
  g_autoptr(GError) local = NULL;
  *token = pos_ledger_get_secret(ledger, "device_token", &local);
  if (*hub_url == NULL || *token == NULL) {
    if (local && !g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
      g_propagate_error(error, g_steal_pointer(&local));
    } else {
      g_set_error(error, SYNC_ERROR, SYNC_ERROR_NOT_ENROLLED,
                  "this stall is not enrolled with a hub: run 'stall enroll --hub URL "
                  "--code CODE' with a code from the market office");
    }
    g_clear_pointer(hub_url, g_free);
    g_clear_pointer(token, sync_secret_free);
    return FALSE;
  }
  return TRUE;
}

/* ---- Events -------------------------------------------------------------------- */

/*
** Products by ledger id.  pos/ has no lookup by id, so the catalog is listed
** once per batch (and only for a batch with a product event): a few hundred
** products, read once, beats a scan per event.
*/
static GHashTable *product_table(PosLedger *ledger, GError **error)
{
  g_autoptr(GPtrArray) list = pos_ledger_product_list(ledger, FALSE, error);
  if (list == NULL)
    return NULL;
  GHashTable *t = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        (GDestroyNotify)pos_product_free);
  g_ptr_array_set_free_func(list, NULL);
  for (guint i = 0; i < list->len; i++) {
    PosProduct *p = g_ptr_array_index(list, i);
    g_hash_table_replace(t, &p->id, p);
  }
  return t;
}

/* A numeric outbox reference; NOT_FOUND (so the event is rejected locally) if not. */
static gboolean parse_ref_id(const PosOutboxRow *row, int64_t *id, GError **error)
{
  guint64 v;
  if (!g_ascii_string_to_unsigned(row->ref, 10, 1, G_MAXINT64, &v, NULL)) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "outbox event %s: bad reference '%s'",
                row->event_id, row->ref);
    return FALSE;
  }
  *id = (int64_t)v;
  return TRUE;
}

/*
** One outbox row as a wire event.  The document is read back from the ledger
** at send time (the outbox holds only a reference), which is safe because
** documents are immutable; a product event carries the product as it is now,
** which is what the hub's catalog copy should converge to.
*/
static cJSON *encode_event(PosLedger *ledger, const PosOutboxRow *row, GHashTable **products,
                           GError **error)
{
  char day[11];
  switch (row->kind) {
  case POS_EVENT_SALE:
  case POS_EVENT_VOID:
  case POS_EVENT_REFUND: {
    g_autoptr(PosSale) s = pos_ledger_load_sale(ledger, row->ref, error);
    if (s == NULL)
      return NULL;
    WireEventKind kind = row->kind == POS_EVENT_SALE   ? WIRE_EVENT_SALE
                         : row->kind == POS_EVENT_VOID ? WIRE_EVENT_VOID
                                                       : WIRE_EVENT_REFUND;
    return wire_event_to_json(row->event_id, kind, s->device_time_ms, s->business_day,
                              wire_sale_to_json(s));
  }
  case POS_EVENT_DAY_CLOSE: {
    int64_t session;
    PosZReport z;
    if (!parse_ref_id(row, &session, error)
        || !pos_ledger_session_report(ledger, session, &z, error))
      return NULL;
    cJSON *ev = wire_event_to_json(row->event_id, WIRE_EVENT_DAY_CLOSE,
                                   z.closed_ms ? z.closed_ms : row->created_ms,
                                   z.business_day, wire_zreport_to_json(&z));
    pos_zreport_clear(&z);
    return ev;
  }
  case POS_EVENT_PRODUCT: {
    int64_t id;
    if (!parse_ref_id(row, &id, error))
      return NULL;
    if (*products == NULL && (*products = product_table(ledger, error)) == NULL)
      return NULL;
    const PosProduct *p = g_hash_table_lookup(*products, &id);
    if (p == NULL) {
      g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no product with id %s", row->ref);
      return NULL;
    }
    mb_clock_business_day(row->created_ms, day);
    return wire_event_to_json(row->event_id, WIRE_EVENT_PRODUCT, row->created_ms, day,
                              wire_product_to_json(p, FALSE));
  }
  default:
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "outbox event %s of unknown kind",
                row->event_id);
    return NULL;
  }
}

/*
** The body is assembled as text: {"device_id":..,"sent_ms":..,"events":[e1,e2]}
** so that its exact size is known before an event is added, and the byte
** bound holds for the bytes actually sent (not an estimate).  skip (may be
** NULL) holds the ids of the batch in flight: still pending in the ledger
** until its answer is marked, they must not go out twice in a row.
*/
static char *next_batch(PosLedger *ledger, const SyncClientOptions *options, int64_t sent_ms,
                        GHashTable *skip, GPtrArray **ids, guint *local_rejected,
                        GError **error)
{
  guint max_events = options->max_events ? options->max_events : SYNC_BATCH_MAX_EVENTS;
  gsize max_bytes = options->max_bytes ? options->max_bytes : SYNC_BATCH_MAX_BYTES;
  guint n_skip = skip ? g_hash_table_size(skip) : 0;
  *ids = NULL;
  PosSettings st;
  if (!pos_ledger_get_settings(ledger, &st, error))
    return NULL;
  g_autofree char *head_text = wire_batch_head(st.device_id, sent_ms);
  pos_settings_clear(&st);
  g_autoptr(GString) body = g_string_new(head_text);
  const gsize tail = strlen(WIRE_BATCH_TAIL);
  g_autoptr(GPtrArray) batch_ids = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GHashTable) products = NULL;
  for (;;) {
    g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(ledger, max_events + n_skip, error);
    if (rows == NULL)
      return NULL;
    guint rejected_here = 0;
    gboolean full = FALSE;
    for (guint i = 0; i < rows->len && !full; i++) {
      const PosOutboxRow *row = g_ptr_array_index(rows, i);
      if (skip && g_hash_table_contains(skip, row->event_id))
        continue;
      if (batch_ids->len >= max_events) {
        full = TRUE;
        break;
      }
      g_autoptr(GError) local = NULL;
      g_autoptr(cJSON) ev = encode_event(ledger, row, &products, &local);
      if (ev == NULL) {
        if (!g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
          g_propagate_error(error, g_steal_pointer(&local));
          return NULL;
        }
        /* Kept and shown, never dropped; the rest of the outbox moves on. */
        if (!pos_ledger_outbox_mark(ledger, row->event_id, POS_OUTBOX_REJECTED,
                                    "missing_locally", local->message, error))
          return NULL;
        if (local_rejected)
          (*local_rejected)++;
        rejected_here++;
        continue;
      }
      g_autofree char *text = wire_json_print_cjson(ev);
      gsize len = strlen(text) + (batch_ids->len ? 1 : 0);
      if (batch_ids->len > 0 && body->len + len + tail > max_bytes) {
        full = TRUE;
        break;
      }
      if (batch_ids->len)
        g_string_append_c(body, ',');
      g_string_append(body, text);
      g_ptr_array_add(batch_ids, g_strdup(row->event_id));
    }
    /* Only local rejections in this read: read the next rows. */
    if (full || batch_ids->len > 0 || rows->len == 0 || rejected_here == 0)
      break;
  }
  if (batch_ids->len == 0)
    return NULL;
  g_string_append(body, WIRE_BATCH_TAIL);
  *ids = g_steal_pointer(&batch_ids);
  return g_string_free(g_steal_pointer(&body), FALSE);
}

/* The public form: nothing in flight, so nothing to skip. */
char *sync_client_next_batch(PosLedger *ledger, const SyncClientOptions *options,
                             int64_t sent_ms, GPtrArray **ids, guint *local_rejected,
                             GError **error)
{
  return next_batch(ledger, options, sent_ms, NULL, ids, local_rejected, error);
}

/* ---- Push ------------------------------------------------------------------------ */

/* One verdict of the hub, copied out of its answer (the buffer is reused). */
typedef struct {
  char *id;
  PosOutboxState state;
  gboolean duplicate;
  char *code, *message;
} Verdict;

/* GArray clear function: verdicts own their strings. */
static void verdict_clear(gpointer p)
{
  Verdict *v = p;
  g_free(v->id);
  g_free(v->code);
  g_free(v->message);
}

/* An empty list of verdicts that frees its strings on removal. */
static GArray *verdicts_new(void)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(Verdict));
  g_array_set_clear_func(a, verdict_clear);
  return a;
}

/*
** Checks the whole answer before any of it is used: a hub that answers for an
** event it was not sent, twice for one, or with an unknown status is not
** trusted for any of them.  *missing counts the events the hub left out
** (they stay pending and go again; the caller reports the error).
*/
static gboolean parse_results(SyncHttp *h, GPtrArray *ids, GArray *verdicts, guint *missing,
                              SyncReport *rep, GError **error)
{
  g_auto(WireBatchAnswer) a = {0};
  if (!wire_batch_answer_parse((const char *)sync_http_answer(h)->data, sync_http_answer(h)->len, &a, NULL)) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL,
                "the hub's answer to a batch has no results array");
    return FALSE;
  }
  g_autoptr(GHashTable) sent = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_add(sent, g_ptr_array_index(ids, i));
  g_autoptr(GArray) out = verdicts_new();
  for (guint i = 0; i < a.results->len; i++) {
    const WireResult *r = &g_array_index(a.results, WireResult, i);
    if (r->id == NULL || r->status_name == NULL || !g_hash_table_remove(sent, r->id)) {
      g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL,
                  "the hub answered for an event it was not sent (or twice)");
      return FALSE;
    }
    Verdict v = {0};
    if (r->status == WIRE_RESULT_ACCEPTED || r->status == WIRE_RESULT_DUPLICATE) {
      v.state = POS_OUTBOX_SENT;
      v.duplicate = r->status == WIRE_RESULT_DUPLICATE;
    } else if (r->status == WIRE_RESULT_REJECTED) {
      v.state = POS_OUTBOX_REJECTED;
      v.code = g_strdup(r->code ? r->code : "unknown");
      v.message = g_strdup(r->message ? r->message : "(no message from the hub)");
    } else {
      g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL,
                  "the hub answered status '%s' for event %s", r->status_name, r->id);
      return FALSE;
    }
    v.id = g_strdup(r->id);
    g_array_append_val(out, v);
  }
  if (a.has_skew) {
    rep->have_skew = TRUE;
    rep->skew_ms = a.skew_ms;
  }
  g_array_append_vals(verdicts, out->data, out->len);
  g_array_set_clear_func(out, NULL);   /* moved, not copied */
  *missing = g_hash_table_size(sent);
  return TRUE;
}

/*
** Marks every verdict of a batch in one ledger transaction (one WAL commit,
** not one per event) and empties the list.  The till can still commit a
** sale in between: the transaction is short and holds no network I/O.
*/
static gboolean apply_verdicts(PosLedger *ledger, GArray *verdicts, SyncReport *rep,
                               GError **error)
{
  g_autofree PosOutboxMark *marks = g_new0(PosOutboxMark, MAX(verdicts->len, 1));
  for (guint i = 0; i < verdicts->len; i++) {
    const Verdict *v = &g_array_index(verdicts, Verdict, i);
    marks[i] = (PosOutboxMark){v->id, v->state, v->code, v->message};
  }
  gboolean ok = pos_ledger_outbox_mark_many(ledger, marks, verdicts->len, error);
  for (guint i = 0; ok && i < verdicts->len; i++) {
    const Verdict *v = &g_array_index(verdicts, Verdict, i);
    if (v->state == POS_OUTBOX_REJECTED)
      rep->rejected++;
    else if (v->duplicate)
      rep->duplicate++;
    else
      rep->accepted++;
  }
  g_array_set_size(verdicts, 0);
  return ok;
}

/* A request on its own thread, so that the ledger work overlaps the hub's. */
typedef struct {
  SyncHttp *h;
  const char *url, *token, *body;
  gsize len;
  long status;
  gboolean ok;
  GError *error;
} Flight;

/* The thread body: one blocking request; the result waits in the Flight. */
static gpointer flight_main(gpointer data)
{
  Flight *f = data;
  f->ok = sync_http_do(f->h, "POST", f->url, f->token, f->body, f->len, &f->status, &f->error);
  return NULL;
}

/*
** The loop: send a batch, and while the hub ingests it, mark the previous
** batch's verdicts and build the next batch (the ledger is only touched on
** this thread; the request runs on another).  Batches still go one at a
** time and in outbox order: batch k+1 leaves only after k's answer, so a
** void never overtakes its sale.  An event is marked only from an answer
** that names it, so a kill or a failure anywhere leaves it pending.
**
** A 413 (or a 400 that refuses the whole batch) stored nothing, so the batch
** is halved and tried again; a single event that is still refused is marked
** rejected with the hub's code, because one bad event must not block every
** sale behind it (Odoo's lesson: docs/DOMAIN.md, Lessons from other systems).
*/
gboolean sync_client_push(PosLedger *ledger, const SyncClientOptions *options,
                          SyncReport *out, GError **error)
{
  SyncReport local_report;
  SyncReport *rep = out ? out : &local_report;
  SyncClientOptions o = *options;
  guint full_max = o.max_events ? o.max_events : SYNC_BATCH_MAX_EVENTS;
  memset(rep, 0, sizeof *rep);
  rep->attempts = 1;
  g_autofree char *hub_url = NULL;
  g_autoptr(SyncSecret) token = NULL;
  if (!load_enrollment(ledger, &hub_url, &token, error)
      || !sync_url_check(hub_url, o.allow_insecure_http, error))
    return FALSE;
  g_autofree char *url = sync_http_endpoint(hub_url, "/v1/events");
  g_autoptr(SyncHttp) h = sync_http_new(&o, error);
  if (h == NULL)
    return FALSE;
  o.max_events = full_max;
  g_autoptr(GArray) verdicts = verdicts_new();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) first = NULL;
  g_autofree char *body = next_batch(ledger, &o, pos_now_ms(), NULL, &ids,
                                     &rep->local_rejected, &first);
  if (first) {
    g_propagate_error(error, g_steal_pointer(&first));
    return FALSE;
  }
  while (body != NULL) {
    Flight f = {h, url, token, body, strlen(body), 0, FALSE, NULL};
    GThread *t = g_thread_new("sync-request", flight_main, &f);
    /* Overlapped with the request: last batch's marks, then the next batch. */
    g_autoptr(GHashTable) in_flight = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < ids->len; i++)
      g_hash_table_add(in_flight, g_ptr_array_index(ids, i));
    g_autoptr(GError) local = NULL;
    g_autoptr(GPtrArray) next_ids = NULL;
    g_autofree char *next = NULL;
    if (apply_verdicts(ledger, verdicts, rep, &local))
      next = next_batch(ledger, &o, pos_now_ms(), in_flight, &next_ids, &rep->local_rejected,
                        &local);
    g_thread_join(t);
    if (local) {
      g_clear_error(&f.error);
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    if (!f.ok) {
      g_propagate_error(error, f.error);
      return FALSE;
    }
    rep->bytes += f.len;
    if (f.status == 200) {
      guint missing = 0;
      rep->batches++;
      if (!parse_results(h, ids, verdicts, &missing, rep, error))
        return FALSE;
      if (missing > 0) {
        guint n = ids->len;
        if (!apply_verdicts(ledger, verdicts, rep, error))
          return FALSE;
        g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL,
                    "the hub answered for %u of %u events; the rest stay pending",
                    n - missing, n);
        return FALSE;
      }
    } else if (f.status == 413 || f.status == 400) {
      /* Nothing was stored: the batch built meanwhile is rebuilt after this. */
      g_clear_pointer(&next, g_free);
      g_clear_pointer(&next_ids, g_ptr_array_unref);
      if (ids->len > 1) {
        o.max_events = ids->len / 2;
      } else {
        g_auto(SyncWireError) w = {0};
        sync_http_answer_error(h, &w);
        g_autofree char *text = sync_http_error_text(&w);
        if (!pos_ledger_outbox_mark(ledger, g_ptr_array_index(ids, 0), POS_OUTBOX_REJECTED,
                                    w.name ? w.name : "unknown", text, error))
          return FALSE;
        rep->rejected++;
        o.max_events = full_max;
      }
      next = next_batch(ledger, &o, pos_now_ms(), NULL, &next_ids, &rep->local_rejected,
                        &local);
      if (local) {
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
      }
    } else {
      sync_http_status_error(h, url, f.status, SYNC_TOKEN_ADVICE, error);
      return FALSE;
    }
    g_free(body);
    body = g_steal_pointer(&next);
    g_clear_pointer(&ids, g_ptr_array_unref);
    ids = g_steal_pointer(&next_ids);
  }
  return apply_verdicts(ledger, verdicts, rep, error);
}

/* Sleeps ms in short slices so that a cancelled sync stops promptly. */
static gboolean sleep_cancellable(guint64 ms, GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
  for (;;) {
    if (cancellable && g_cancellable_is_cancelled(cancellable))
      return FALSE;
    gint64 left = end - g_get_monotonic_time();
    if (left <= 0)
      return TRUE;
    g_usleep((gulong)MIN(left, 100000));
  }
}

/*
** Retrying here, rather than in the caller, keeps one backoff policy for the
** CLI's --loop and the till's worker.  A push that made progress before
** failing still counts as an attempt: the bound is on time spent, and the
** next push resumes from the outbox anyway.
*/
gboolean sync_client_run(PosLedger *ledger, const SyncClientOptions *options,
                         int max_attempts, SyncReport *out, GError **error)
{
  SyncReport total = {0};
  guint64 base = options->backoff_base_ms ? options->backoff_base_ms : 500;
  guint64 cap = options->backoff_cap_ms ? options->backoff_cap_ms : 60000;
  gboolean ok = FALSE;
  g_autoptr(GError) last = NULL;
  for (int attempt = 0; attempt < MAX(max_attempts, 1); attempt++) {
    SyncReport r = {0};
    g_clear_error(&last);
    if (attempt > 0
        && !sleep_cancellable(sync_backoff_ms((guint)attempt - 1, base, cap, NULL),
                              options->cancellable)) {
      g_set_error(&last, SYNC_ERROR, SYNC_ERROR_CANCELLED, "sync cancelled");
      break;
    }
    ok = sync_client_push(ledger, options, &r, &last);
    total.attempts++;
    total.batches += r.batches;
    total.accepted += r.accepted;
    total.duplicate += r.duplicate;
    total.rejected += r.rejected;
    total.local_rejected += r.local_rejected;
    total.bytes += r.bytes;
    if (r.have_skew) {
      total.have_skew = TRUE;
      total.skew_ms = r.skew_ms;
    }
    if (ok || !sync_error_is_transient(last))
      break;
  }
  if (out)
    *out = total;
  if (!ok)
    g_propagate_error(error, g_steal_pointer(&last));
  return ok;
}

/* ---- Enrollment and taxonomy -------------------------------------------------- */

/* Frees the strings and zeroes, so a result can be cleared twice. */
void sync_enroll_result_clear(SyncEnrollResult *r)
{
  g_free(r->stall_code);
  g_free(r->stall_name);
  g_free(r->market_code);
  g_free(r->market_name);
  g_free(r->taxonomy_error);
  memset(r, 0, sizeof *r);
}

/*
** Validated and re-encoded before it is written, so the file next to the
** ledger always holds a well-formed {"lines":[...]} (the till reads it
** without checking again).  pos/ has no taxonomy table; the file is the
** stall's copy until it gets one.
*/
static gboolean pull_taxonomy(SyncHttp *h, const char *hub_url, const char *token,
                              const char *path, int *n_lines, GError **error)
{
  g_autofree char *url = sync_http_endpoint(hub_url, "/v1/taxonomy");
  long status = 0;
  if (!sync_http_do(h, "GET", url, token, NULL, 0, &status, error))
    return FALSE;
  if (status != 200) {
    sync_http_status_error(h, url, status, SYNC_TOKEN_ADVICE, error);
    return FALSE;
  }
  g_autoptr(cJSON) o = sync_http_answer_json(h);
  g_autoptr(GError) bad = NULL;
  g_autoptr(GPtrArray) lines = wire_taxonomy_from_json(o, &bad);
  if (lines == NULL) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL, "%s: %s", url, bad->message);
    return FALSE;
  }
  g_autoptr(cJSON) clean = wire_taxonomy_new();
  for (guint i = 0; i < lines->len; i++) {
    const WireLine *l = g_ptr_array_index(lines, i);
    wire_taxonomy_add(clean, l->code, l->name_ko, l->name_en);
  }
  g_autofree char *text = cJSON_Print(clean);
  g_autofree char *data = g_strconcat(text, "\n", NULL);
  if (!g_file_set_contents(path, data, -1, error)) {
    g_prefix_error(error, "writing the taxonomy: ");
    return FALSE;
  }
  *n_lines = (int)lines->len;
  return TRUE;
}

/* A refresh outside enrollment, with the stored token (e.g. when the hub adds lines). */
gboolean sync_client_pull_taxonomy(PosLedger *ledger, const SyncClientOptions *options,
                                   const char *path, int *n_lines, GError **error)
{
  g_autofree char *hub_url = NULL;
  g_autoptr(SyncSecret) token = NULL;
  int n = 0;
  if (!load_enrollment(ledger, &hub_url, &token, error)
      || !sync_url_check(hub_url, options->allow_insecure_http, error))
    return FALSE;
  g_autoptr(SyncHttp) h = sync_http_new(options, error);
  if (h == NULL || !pull_taxonomy(h, hub_url, token, path, &n, error))
    return FALSE;
  if (n_lines)
    *n_lines = n;
  return TRUE;
}

/*
** The token is written first: the code is spent the moment the hub answers,
** and the token is the one thing that cannot be had again.  hub_url is
** written last because load_enrollment() reads "enrolled" as hub_url plus
** token, so a crash in between leaves the stall "not enrolled" rather than
** half-enrolled against the wrong hub.
*/
gboolean sync_client_enroll(PosLedger *ledger, const char *hub_url, const char *code,
                            const SyncClientOptions *options, SyncEnrollResult *out,
                            GError **error)
{
  memset(out, 0, sizeof *out);
  if (code == NULL || *code == '\0' || strlen(code) > 64) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_REFUSED, "an enrollment code is required");
    return FALSE;
  }
  if (!sync_url_check(hub_url, options->allow_insecure_http, error))
    return FALSE;
  PosSettings st;
  if (!pos_ledger_get_settings(ledger, &st, error))
    return FALSE;
  g_autofree char *body = wire_enroll_request(code, st.device_id, st.stall_name);
  pos_settings_clear(&st);
  g_autofree char *url = sync_http_endpoint(hub_url, "/v1/enroll");
  g_autoptr(SyncHttp) h = sync_http_new(options, error);
  long status = 0;
  if (h == NULL || !sync_http_do(h, "POST", url, NULL, body, strlen(body), &status, error))
    return FALSE;
  if (status != 200) {
    g_auto(SyncWireError) w = {0};
    sync_http_answer_error(h, &w);
    g_autofree char *text = sync_http_error_text(&w);
    if (status == 409)
      sync_set_error_data(error, SYNC_ERROR_CODE_USED, status, &w, NULL,
                     "the enrollment code was already used or has expired (%s): ask the "
                     "market office for a new one", text);
    else if (status == 400 || status == 404)
      sync_set_error_data(error, SYNC_ERROR_REFUSED, status, &w, NULL,
                     "the hub refused the code (%s)", text);
    else
      sync_http_status_error(h, url, status, NULL, error);
    return FALSE;
  }
  g_autoptr(cJSON) ans = sync_http_answer_json(h);
  WireEnrollAnswer a;
  if (!wire_enroll_answer_from_json(ans, &a, NULL)) {
    g_set_error(error, SYNC_ERROR, SYNC_ERROR_PROTOCOL,
                "%s: the answer lacks a valid token or stall code", url);
    return FALSE;
  }
  const char *token = a.token, *stall_code = a.stall.code;
  g_autofree char *clean_url = sync_http_endpoint(hub_url, "");
  if (!pos_ledger_set_secret(ledger, "device_token", token, error)
      || !pos_ledger_set_setting(ledger, "stall_code", stall_code, error)
      || !pos_ledger_set_setting(ledger, "hub_url", clean_url, error))
    return FALSE;
  /* The answer buffer held the token: wipe it before anything else runs. */
  memset((char *)token, 0, strlen(token));
  memset(sync_http_answer(h)->data, 0, sync_http_answer(h)->len);
  out->stall_code = g_strdup(stall_code);
  out->stall_name = g_strdup(a.stall.name);
  out->market_code = g_strdup(a.stall.market_code);
  out->market_name = g_strdup(a.stall.market_name);
  out->skew_ms = a.has_hub_time ? a.hub_time_ms - pos_now_ms() : 0;
  out->taxonomy_lines = -1;
  if (options->taxonomy_path) {
    g_autoptr(SyncSecret) tok = NULL;
    g_autofree char *stored_url = NULL;
    g_autoptr(GError) terr = NULL;
    int n = 0;
    if (load_enrollment(ledger, &stored_url, &tok, &terr)
        && pull_taxonomy(h, stored_url, tok, options->taxonomy_path, &n, &terr))
      out->taxonomy_lines = n;
    else
      out->taxonomy_error = g_strdup(terr->message);
  }
  return TRUE;
}

/*
** A missing or unreadable file is a till not enrolled yet (or one whose
** pull failed): the built-in lines stand in, as they do for the till's
** names of the lines.  A file that reads is the hub's word, whole.
*/
char **sync_client_line_codes(const char *taxonomy_path)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (taxonomy_path == NULL || !g_file_get_contents(taxonomy_path, &text, &len, NULL))
    return wire_taxonomy_builtin_codes();
  g_autoptr(cJSON) root = wire_json_parse_object(text, len, NULL);
  g_autoptr(GPtrArray) lines = root ? wire_taxonomy_from_json(root, NULL) : NULL;
  if (lines == NULL || lines->len == 0)
    return wire_taxonomy_builtin_codes();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new();
  for (guint i = 0; i < lines->len; i++)
    g_strv_builder_add(codes, ((const WireLine *)g_ptr_array_index(lines, i))->code);
  return g_strv_builder_end(codes);
}
