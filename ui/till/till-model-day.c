/*
** till-model-day.c: today's sales, voids and refunds, the day close, the
** settings, and the sync status.
**
** Voids and refunds are new documents pointing at the original (the
** ledger's rule); the model only asks for a reason first, because a
** manager reading the Z report later has nothing else to go on.
**
** Sync.  The model owns a TillSync and reads the outbox counts on its own
** connection (one indexed count, cheap enough after every document).  The
** status combines both: what is waiting, what the hub rejected and why,
** and whether the last attempt reached the hub at all.  Automatic pushes
** run on a timer that backs off while the hub is unreachable (30 s
** doubling to 5 min) and shortly after each document.
*/
#include "till-model-private.h"
#include "mb-clock.h"
#include <string.h>

#define SYNC_INTERVAL_S 30
#define SYNC_INTERVAL_MAX_S 300
#define SYNC_KICK_S 2

/* ---- Today's sales ---------------------------------------------------------- */

GPtrArray *till_model_sales_today(TillModel *model, GError **error)
{
  char day[11];
  GError *local = NULL;
  mb_clock_business_day(pos_now_ms(), day);
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(model->ledger, day, &local);
  if (ids == NULL) {
    till_model_fail_pos(model, error, local);
    return NULL;
  }
  GPtrArray *docs = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
  for (guint i = ids->len; i-- > 0;) {
    PosSale *s = pos_ledger_load_sale(model->ledger, g_ptr_array_index(ids, i), &local);
    if (s == NULL) {
      g_ptr_array_unref(docs);
      till_model_fail_pos(model, error, local);
      return NULL;
    }
    g_ptr_array_add(docs, s);
  }
  return docs;
}

/* A sale is taken back when a void or refund points at it. */
gboolean till_model_sale_reversed(GPtrArray *docs, const PosSale *sale)
{
  for (guint i = 0; docs && i < docs->len; i++) {
    const PosSale *d = g_ptr_array_index(docs, i);
    if (d->kind != POS_DOC_SALE && strcmp(d->original_id, sale->id) == 0)
      return TRUE;
  }
  return FALSE;
}

/* A void or refund needs a reason: the manager reading the Z report asks why. */
static gboolean reversal_reason(TillModel *model, const char *reason, GError **error)
{
  g_autofree char *r = g_strstrip(g_strdup(reason ? reason : ""));
  if (*r == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Choose or type the reason first."));
  return TRUE;
}

/* The new document becomes the receipt on screen; sync picks it up. */
static void reversal_done(TillModel *model, PosSale *doc, const char *msg)
{
  g_clear_pointer(&model->last_sale, pos_sale_free);
  model->last_sale = doc;
  till_model_set_message(model, FALSE, msg);
  till_model_emit(model, TILL_CHANGE_SALES);
  till_model_after_document(model);
}

/* The whole sale back, as a new document. */
gboolean till_model_void(TillModel *model, const char *sale_id, const char *reason,
                         GError **error)
{
  GError *local = NULL;
  PosSale *doc = NULL;
  if (!reversal_reason(model, reason, error))
    return FALSE;
  if (!pos_ledger_void(model->ledger, sale_id, reason, &doc, &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
      g_autofree char *msg =
        g_strdup(_("This sale was already voided or refunded: it cannot be voided."));
      return till_model_fail(model, error, local, msg);
    }
    return till_model_fail_pos(model, error, local);
  }
  g_autofree char *msg = g_strdup_printf(_("Sale %s voided."), doc->original_receipt_no);
  reversal_done(model, doc, msg);
  return TRUE;
}

/* Chosen lines back, paid out by method, as a new document. */
gboolean till_model_refund(TillModel *model, const char *sale_id, const int *line_nos,
                           guint n_lines, PosTenderMethod method, const char *reason,
                           GError **error)
{
  GError *local = NULL;
  PosSale *doc = NULL;
  if (n_lines == 0)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Choose the lines the customer brings back."));
  if (!reversal_reason(model, reason, error))
    return FALSE;
  if (!pos_ledger_refund(model->ledger, sale_id, line_nos, n_lines, method, reason, &doc,
                         &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
      g_autofree char *msg =
        g_strdup(_("A chosen line was already refunded, or the sale was voided."));
      return till_model_fail(model, error, local, msg);
    }
    return till_model_fail_pos(model, error, local);
  }
  g_autofree char *msg =
    g_strdup_printf(_("Lines of sale %s refunded."), doc->original_receipt_no);
  reversal_done(model, doc, msg);
  return TRUE;
}

/* ---- The day ------------------------------------------------------------------- */

gboolean till_model_day_open(TillModel *model)
{
  int64_t id;
  return pos_ledger_open_session(model->ledger, &id, NULL);
}

/*
** What the drawer should hold when a day opens: the cash counted at the
** last close (0 and FALSE when there was none, or it cannot be read).
*/
gboolean till_model_last_counted_cash(TillModel *model, PosMoney *counted, int64_t *closed_ms)
{
  *counted = 0;
  *closed_ms = 0;
  return pos_ledger_last_close(model->ledger, counted, closed_ms, NULL) && *closed_ms > 0;
}

/*
** The till asks for the float before a sale when no day is open (the
** window); the ledger itself still opens one with no float, for scripts.
*/
gboolean till_model_open_day(TillModel *model, const char *cash_float, GError **error)
{
  PosMoney won;
  GError *local = NULL;
  if (!till_model_parse_money(model, cash_float, &won, error))
    return FALSE;
  if (!pos_ledger_open_day(model->ledger, won, &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
      g_autofree char *msg = g_strdup(_("The day is already open."));
      return till_model_fail(model, error, local, msg);
    }
    return till_model_fail_pos(model, error, local);
  }
  till_model_set_message(model, FALSE, _("The day is open."));
  till_model_emit(model, TILL_CHANGE_SALES);
  return TRUE;
}

/* The open day's figures so far. */
gboolean till_model_x_report(TillModel *model, PosZReport *out, GError **error)
{
  GError *local = NULL;
  if (pos_ledger_x_report(model->ledger, out, &local))
    return TRUE;
  if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
    g_autofree char *msg = g_strdup(_("No day is open: the first sale opens one."));
    return till_model_fail(model, error, local, msg);
  }
  return till_model_fail_pos(model, error, local);
}

/*
** A paid-in or paid-out.  The amount and reason are checked here in the
** merchant's words before the ledger sees them; the ledger's own refusals
** (no day open, more out than the drawer holds) are said the same way.
*/
gboolean till_model_cash_move(TillModel *model, PosCashDirection direction, const char *amount,
                              const char *reason, GError **error)
{
  PosMoney won;
  GError *local = NULL;
  g_autofree char *why = g_strstrip(g_strdup(reason ? reason : ""));
  if (!till_model_parse_money(model, amount, &won, error))
    return FALSE;
  if (won <= 0)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Type an amount of 1 won or more."));
  if (*why == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Say why the cash moves: touch a reason or type one."));
  if (!till_model_day_open(model))
    return till_model_refuse(model, error, POS_ERROR_STATE,
                             _("No day is open: start the day (F9) before moving cash."));
  if (!pos_ledger_cash_move(model->ledger, direction, won, why, NULL, &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
      g_autofree char *msg = g_strdup(
        _("The drawer does not hold that much: check the amount (a zero too many?)."));
      return till_model_fail(model, error, local, msg);
    }
    return till_model_fail_pos(model, error, local);
  }
  char buf[32];
  g_autofree char *w = g_strdup_printf(_("%s won"), pos_money_format(won, buf, sizeof buf));
  g_autofree char *msg = g_strdup_printf(
    direction == POS_CASH_IN ? _("Paid in %s (%s).") : _("Paid out %s (%s)."), w, why);
  till_model_set_message(model, FALSE, msg);
  till_model_emit(model, TILL_CHANGE_SALES);
  return TRUE;
}

/*
** The counted cash's difference from the expected, when it is beyond the
** merchant's threshold (cash_diff_threshold): TRUE and *difference
** (counted - expected) then.  FALSE when within it, or when no day is open.
*/
gboolean till_model_difference_beyond(TillModel *model, PosMoney counted, PosMoney *difference)
{
  PosZReport z;
  if (!pos_ledger_x_report(model->ledger, &z, NULL))
    return FALSE;
  PosMoney diff = counted - z.expected_cash;
  pos_zreport_clear(&z);
  *difference = diff;
  PosMoney limit = model->settings.cash_diff_threshold;
  return diff > limit || -diff > limit;
}

/* Refused while a sale is on screen: it would fall into no day. */
gboolean till_model_close_day(TillModel *model, const char *counted_cash, PosZReport *out,
                              GError **error)
{
  PosMoney won;
  GError *local = NULL;
  if (pos_cart_n_lines(model->cart) > 0)
    return till_model_refuse(model, error, POS_ERROR_STATE,
                             _("Finish or clear the sale on screen before closing the day."));
  if (!till_model_parse_money(model, counted_cash, &won, error))
    return FALSE;
  if (!pos_ledger_close_day(model->ledger, won, out, &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE)) {
      g_autofree char *msg = g_strdup(_("No day is open: there is nothing to close."));
      return till_model_fail(model, error, local, msg);
    }
    return till_model_fail_pos(model, error, local);
  }
  till_model_set_message(model, FALSE, _("The day is closed."));
  till_model_emit(model, TILL_CHANGE_SALES);
  till_model_after_document(model);
  return TRUE;
}

/* ---- Settings ------------------------------------------------------------------- */

/* What each setting the till edits must look like, said for the form. */
static const struct {
  const char *key;
  const char *rule;
} setting_rules[] = {
  {"stall_name", N_("The stall name must be 1 to 40 letters.")},
  {"business_no", N_("The business number has 10 digits, like 123-45-67890.")},
  {"address", N_("The address is too long.")},
  {"phone", N_("The phone number is too long.")},
  {"rounding_unit", N_("Rounding is to 1, 10 or 100 won.")},
  {"onnuri_change_pct", N_("The Onnuri share is a percentage from 1 to 100.")},
  {"geun_g", N_("One 근 is from 100 to 1,000 grams.")},
  {"cash_diff_threshold", N_("The allowed cash difference is 0 to 100,000,000 won.")},
  {"min_weight_g", N_("The smallest weight is 1 to 1,000 grams.")},
  {"instore_pattern", N_("The scale's barcode layout looks like 21PPPPPWWWWWC.")},
  {"hub_url", N_("The hub address starts with https:// (or http:// on this computer).")},
  {"printer_path", N_("The printer is a device like usb:/dev/usb/lp0, "
                      "serial:/dev/ttyUSB0 or tcp://192.168.0.50:9100, or a file path.")},
  {"scale_uri", N_("The scale is a device like serial:/dev/ttyUSB0?baud=9600.")},
};

/* The ledger validates; the model says which rule was broken. */
gboolean till_model_set_setting(TillModel *model, const char *key, const char *value,
                                GError **error)
{
  GError *local = NULL;
  g_autofree char *v = g_strstrip(g_strdup(value ? value : ""));
  if (!pos_ledger_set_setting(model->ledger, key, v, &local)) {
    for (guint i = 0; i < G_N_ELEMENTS(setting_rules); i++)
      if (strcmp(setting_rules[i].key, key) == 0) {
        g_autofree char *msg = g_strdup(_(setting_rules[i].rule));
        return till_model_fail(model, error, local, msg);
      }
    return till_model_fail_pos(model, error, local);
  }
  if (!till_model_reload_settings(model, error))
    return FALSE;
  till_model_refresh_sync(model);
  till_model_emit(model, TILL_CHANGE_SETTINGS);
  return TRUE;
}

/* ---- Sync ------------------------------------------------------------------------ */

/* Enrolled: a hub address and a device token in the ledger. */
static gboolean enrolled(TillModel *model)
{
  if (model->settings.hub_url == NULL || *model->settings.hub_url == '\0')
    return FALSE;
  g_autofree char *token = pos_ledger_get_secret(model->ledger, "device_token", NULL);
  return token != NULL;
}

/* Counts from the outbox on the till's own connection. */
void till_model_refresh_sync(TillModel *model)
{
  model->enrolled = enrolled(model);
  if (!pos_ledger_outbox_counts(model->ledger, &model->pending_events, &model->sent_events,
                                &model->rejected_events, NULL))
    model->pending_events = model->sent_events = model->rejected_events = 0;
  till_model_emit(model, TILL_CHANGE_SYNC);
}

static void schedule(TillModel *model, guint seconds);

/* The timer: push when there is something to send and nothing running. */
static gboolean on_sync_timer(gpointer data)
{
  TillModel *model = data;
  model->sync_timer = 0;
  if (model->enrolled && model->pending_events > 0 && !till_sync_running(model->sync))
    till_model_sync_now(model, NULL);
  else
    schedule(model, SYNC_INTERVAL_S);
  return G_SOURCE_REMOVE;
}

/* Re-arms the one timer; nothing runs when automatic sync is off. */
static void schedule(TillModel *model, guint seconds)
{
  if (model->sync_timer)
    g_source_remove(model->sync_timer);
  model->sync_timer = 0;
  if (model->auto_sync)
    model->sync_timer = g_timeout_add_seconds(seconds, on_sync_timer, model);
}

/*
** "Offline since" outlives a restart: the first failed attempt of an
** outage writes its time into the ledger's settings, a success clears it,
** so a till restarted during an outage still says how long it has lasted.
** A cancelled or refused attempt says nothing about reachability.
*/
static void keep_offline_since(TillModel *model, const GError *e)
{
  gboolean offline = e && g_error_matches(e, TILL_SYNC_ERROR, TILL_SYNC_ERROR_OFFLINE);
  int64_t stored = model->settings.offline_since_ms;
  if (offline && stored == 0) {
    char ms[24];
    g_snprintf(ms, sizeof ms, "%" G_GINT64_FORMAT, till_sync_offline_since_ms(model->sync));
    till_model_set_setting(model, "sync_offline_since_ms", ms, NULL);
  } else if (e == NULL && stored != 0) {
    till_model_set_setting(model, "sync_offline_since_ms", "", NULL);
  }
}

/* A job ended: new counts, the next attempt, and a word after an enrollment. */
static void on_sync_finished(TillSync *sync, gpointer data)
{
  TillModel *model = data;
  const GError *e = till_sync_last_error(sync);
  if (till_sync_last_was_enroll(sync)) {
    till_model_reload_settings(model, NULL);
    till_model_load_taxonomy(model);
    till_model_reload_catalog(model);
    if (e == NULL)
      till_model_set_message(model, FALSE, _("Enrolled with the hub: sales now sync."));
    else {
      g_autofree char *msg = g_strdup_printf(_("Enrollment failed: %s"), e->message);
      till_model_set_message(model, TRUE, msg);
    }
    till_model_emit(model, TILL_CHANGE_SETTINGS);
  }
  if (e && g_error_matches(e, TILL_SYNC_ERROR, TILL_SYNC_ERROR_OFFLINE))
    model->backoff_s = MIN(MAX(model->backoff_s * 2, SYNC_INTERVAL_S), SYNC_INTERVAL_MAX_S);
  else
    model->backoff_s = SYNC_INTERVAL_S;
  keep_offline_since(model, e);
  till_model_refresh_sync(model);
  /* a fresh enrollment sends what waited for it at once */
  schedule(model, till_sync_last_was_enroll(sync) && e == NULL ? 1 : model->backoff_s);
}

/* The real sync client, by default. */
void till_model_sync_setup(TillModel *model)
{
  till_model_set_sync_backend(model, till_sync_backend_default());
}

/* A new engine; the old one's running job is cancelled and ignored. */
void till_model_set_sync_backend(TillModel *model, const TillSyncBackend *backend)
{
  if (model->sync) {
    till_sync_cancel(model->sync);
    g_clear_signal_handler(&model->sync_handler, model->sync);
    g_clear_object(&model->sync);
  }
  model->sync = till_sync_new(model->ledger_path, backend);
  model->sync_handler =
    g_signal_connect(model->sync, "finished", G_CALLBACK(on_sync_finished), model);
  model->backoff_s = SYNC_INTERVAL_S;
  till_model_refresh_sync(model);
}

/* A job still running ends on its own; it no longer reaches this model. */
void till_model_sync_teardown(TillModel *model)
{
  g_clear_handle_id(&model->sync_timer, g_source_remove);
  g_clear_handle_id(&model->sync_kick, g_source_remove);
  if (model->sync) {
    till_sync_cancel(model->sync);
    g_clear_signal_handler(&model->sync_handler, model->sync);
    g_clear_object(&model->sync);
  }
}

/* The engine, for its "finished" signal and state. */
TillSync *till_model_sync(TillModel *model)
{
  return model->sync;
}

/* Refused plainly when not enrolled or already running. */
gboolean till_model_sync_now(TillModel *model, GError **error)
{
  if (!model->enrolled)
    return till_model_refuse(model, error, POS_ERROR_STATE,
                             _("This till is not enrolled with a hub yet (Settings). Its sales "
                               "are kept safe until then."));
  if (!till_sync_push(model->sync, NULL))
    return till_model_refuse(model, error, POS_ERROR_BUSY, _("A sync is already running."));
  till_model_emit(model, TILL_CHANGE_SYNC);
  return TRUE;
}

/* The push shortly after a document. */
static gboolean on_sync_kick(gpointer data)
{
  TillModel *model = data;
  model->sync_kick = 0;
  if (!till_sync_running(model->sync))
    till_model_sync_now(model, NULL);
  return G_SOURCE_REMOVE;
}

/* Counts now, a push soon: sales leave the till within seconds. */
void till_model_after_document(TillModel *model)
{
  till_model_refresh_sync(model);
  if (model->auto_sync && model->enrolled && model->sync_kick == 0)
    model->sync_kick = g_timeout_add_seconds(SYNC_KICK_S, on_sync_kick, model);
}

/* Tests and screenshots leave it off to stay deterministic. */
void till_model_set_auto_sync(TillModel *model, gboolean enabled)
{
  model->auto_sync = enabled;
  if (!enabled) {
    g_clear_handle_id(&model->sync_timer, g_source_remove);
    g_clear_handle_id(&model->sync_kick, g_source_remove);
    return;
  }
  schedule(model, 1);
}

/* A 2D scanner types whatever the QR holds: a bare code or a URL with one. */
gboolean till_parse_enroll_text(const char *text, char **hub_url, char **code,
                                GError **error)
{
  g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
  *hub_url = NULL;
  *code = NULL;
  const char *q = strstr(t, "code=");
  if (q != NULL && (g_str_has_prefix(t, "https://") || g_str_has_prefix(t, "http://"))) {
    const char *path = strchr(strstr(t, "://") + 3, '/');
    *hub_url = g_strndup(t, path ? (gsize)(path - t) : strlen(t));
    *code = g_strndup(q + 5, strcspn(q + 5, "&# "));
  } else {
    *code = g_strdup(t);
  }
  if (**code == '\0' || strlen(*code) > 64
      || strspn(*code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
           != strlen(*code)) {
    g_clear_pointer(hub_url, g_free);
    g_clear_pointer(code, g_free);
    g_set_error_literal(error, POS_ERROR, POS_ERROR_INVALID,
                        _("Type or scan the enrollment code from the market office, like "
                          "K7QF-29XM-PL3D."));
    return FALSE;
  }
  return TRUE;
}

/* The address typed wins over one scanned with the code. */
gboolean till_model_enroll(TillModel *model, const char *hub_url, const char *code_text,
                           GError **error)
{
  g_autofree char *scanned_url = NULL, *code = NULL;
  GError *local = NULL;
  if (!till_parse_enroll_text(code_text, &scanned_url, &code, &local))
    return till_model_fail(model, error, local, local->message);
  const char *url = hub_url && *hub_url ? hub_url : scanned_url;
  if (url == NULL || !(g_str_has_prefix(url, "https://") || g_str_has_prefix(url, "http://")))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The hub address starts with https:// (or http:// on this "
                               "computer)."));
  if (!till_sync_enroll(model->sync, url, code, NULL))
    return till_model_refuse(model, error, POS_ERROR_BUSY, _("A sync is already running."));
  till_model_set_message(model, FALSE, _("Enrolling with the hub…"));
  till_model_emit(model, TILL_CHANGE_SYNC);
  return TRUE;
}

/* Syncing > not enrolled > rejected > offline > failed > pending > synced. */
void till_model_sync_status(TillModel *model, TillSyncStatus *out)
{
  const GError *e = till_sync_last_error(model->sync);
  memset(out, 0, sizeof *out);
  out->pending = model->pending_events;
  out->sent = model->sent_events;
  out->rejected = model->rejected_events;
  out->offline_since_ms = till_sync_offline_since_ms(model->sync);
  out->last_ok_ms = till_sync_last_ok_ms(model->sync);
  out->error = e ? e->message : NULL;
  out->reasons = till_sync_rejected(model->sync);
  if (till_sync_running(model->sync))
    out->state = TILL_SYNC_SYNCING;
  else if (!model->enrolled)
    out->state = TILL_SYNC_NOT_ENROLLED;
  else if (out->rejected > 0)
    out->state = TILL_SYNC_REJECTED;
  else if (e && g_error_matches(e, TILL_SYNC_ERROR, TILL_SYNC_ERROR_OFFLINE))
    out->state = TILL_SYNC_OFFLINE;
  else if (e && !g_error_matches(e, TILL_SYNC_ERROR, TILL_SYNC_ERROR_CANCELLED))
    out->state = TILL_SYNC_FAILED;
  else
    out->state = out->pending > 0 ? TILL_SYNC_PENDING : TILL_SYNC_SYNCED;
  if (out->state == TILL_SYNC_OFFLINE && model->settings.offline_since_ms > 0)
    out->offline_since_ms = MIN(out->offline_since_ms, model->settings.offline_since_ms);
  if (out->state != TILL_SYNC_OFFLINE)
    out->offline_since_ms = 0;
}

/* "14:02" for today, "11-25 14:02" before. */
static char *clock_text(int64_t ms)
{
  g_autoptr(GDateTime) t = mb_clock_local(ms);
  g_autoptr(GDateTime) now = mb_clock_local(g_get_real_time() / 1000);
  if (t == NULL || now == NULL)
    return g_strdup("?");
  gboolean today = g_date_time_get_year(t) == g_date_time_get_year(now)
                   && g_date_time_get_day_of_year(t) == g_date_time_get_day_of_year(now);
  return g_date_time_format(t, today ? "%H:%M" : "%m-%d %H:%M");
}

/* Rejections first: they need the merchant; the rest is information. */
char *till_model_sync_label(TillModel *model)
{
  TillSyncStatus st;
  till_model_sync_status(model, &st);
  gulong n = (gulong)st.pending;
  g_autofree char *waiting =
    g_strdup_printf(g_dngettext(NULL, "%lu waiting", "%lu waiting", n), n);
  g_autofree char *main_text = NULL;
  switch (st.state) {
  case TILL_SYNC_NOT_ENROLLED:
    main_text = g_strdup_printf(_("Not enrolled · %s"), waiting);
    break;
  case TILL_SYNC_SYNCED:
    main_text = g_strdup(_("In sync"));
    break;
  case TILL_SYNC_PENDING:
    main_text = g_strdup(waiting);
    break;
  case TILL_SYNC_SYNCING:
    main_text = g_strdup_printf(_("Syncing… · %s"), waiting);
    break;
  case TILL_SYNC_OFFLINE: {
    g_autofree char *since = clock_text(st.offline_since_ms);
    main_text = g_strdup_printf(_("Offline since %s · %s"), since, waiting);
    break;
  }
  case TILL_SYNC_FAILED:
    main_text = g_strdup_printf(_("Sync failed · %s"), waiting);
    break;
  case TILL_SYNC_REJECTED:
    main_text = g_strdup(waiting);
    break;
  }
  if (st.rejected == 0)
    return g_steal_pointer(&main_text);
  gulong r = (gulong)st.rejected;
  g_autofree char *rejected =
    g_strdup_printf(g_dngettext(NULL, "%lu rejected", "%lu rejected", r), r);
  return g_strdup_printf("%s · %s", rejected, main_text);
}
