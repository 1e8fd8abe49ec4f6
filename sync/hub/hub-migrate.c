/*
** hub-migrate.c: moving a hub between stores (hub-migrate.h says what is
** promised).
**
** The method: the source's backend exports its registry, then each
** stall's stored events; the target's backend imports the registry in
** one transaction that stays open, and each stall's events go through
** hub_store_ingest inside it, a batch per received time as the tills
** sent them (so each event keeps its received time, device time and
** skew).  The stored payloads are turned back into wire events and
** decoded by the wire's own decoder, the same path a till's batch takes:
** nothing here knows SQL, and nothing here builds a rollup.  Every
** replayed event must come back ACCEPTED; a DUPLICATE says the target's
** uniqueness is wider than the source's (an event or document id that two
** markets share: PostgreSQL keys them per market, SQLite hub-wide), a
** REJECTED that the two hubs' rules differ.  Either fails the whole copy.
*/
#include "hub-migrate.h"
#include "mb-clock.h"
#include <glib/gstdio.h>
#include <string.h>

/* How many differences the summary lists before it only counts them. */
#define MISMATCH_LIST_MAX 20

/* ---- Refusals before anything is written ------------------------------------------ */

/*
** The same string, or two paths of one SQLite file.  Two strings of one
** PostgreSQL database are caught by the target's emptiness instead (a
** source worth moving is not empty).
*/
static gboolean same_database(const char *from, const char *to, GError **error)
{
  GStatBuf a, b;
  gboolean same = strcmp(from, to) == 0
                  || (!hub_store_is_postgres(from) && !hub_store_is_postgres(to)
                      && g_stat(from, &a) == 0 && g_stat(to, &b) == 0 && a.st_dev == b.st_dev
                      && a.st_ino == b.st_ino);
  if (same)
    g_set_error(error, HUB_ERROR, HUB_ERROR_MIGRATE_SAME,
                "the source and the target are the same database");
  return same;
}

/* A SQLite target the migration made, and the files SQLite kept beside it. */
static void remove_sqlite(const char *path)
{
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *p = g_strconcat(path, suffixes[i], NULL);
    g_remove(p);
  }
}

/* ---- Replaying the events ----------------------------------------------------------- */

/*
** A stored event as the wire event a till sent: its payload parsed (or,
** for a product, the product as stored now encoded), wrapped in the
** envelope and decoded by wire_event_from_json, then given the skew the
** hub measured when it first received it.
*/
static HubEvent *replay_event(const HubStoredEvent *s, GError **error)
{
  g_autoptr(GError) local = NULL;
  cJSON *payload = NULL;
  char day[MB_DAY_LEN];
  if (s->kind == HUB_EVENT_PRODUCT && s->product != NULL) {
    payload = wire_product_to_json(s->product, FALSE);
    mb_clock_business_day(s->device_time_ms, day);
  } else if (s->kind != HUB_EVENT_PRODUCT && s->json != NULL) {
    payload = wire_json_parse_object(s->json, strlen(s->json), &local);
    g_strlcpy(day, s->business_day, sizeof day);
  }
  if (payload == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_MIGRATE_MISMATCH,
                "event %s: no stored payload in the source%s%s", s->id, local ? ": " : "",
                local ? local->message : "");
    return NULL;
  }
  g_autoptr(cJSON) envelope = wire_event_to_json(s->id, (WireEventKind)s->kind,
                                                 s->device_time_ms, day, payload);
  WireEvent w;
  gboolean ok = wire_event_from_json(envelope, &w, &local);
  if (!ok) {
    wire_event_clear(&w);
    g_set_error(error, HUB_ERROR, HUB_ERROR_MIGRATE_MISMATCH, "event %s does not decode: %s",
                s->id, local->message);
    return NULL;
  }
  HubEvent *ev = hub_event_new();
  g_strlcpy(ev->id, s->id, sizeof ev->id);
  ev->kind = s->kind;
  ev->device_time_ms = s->device_time_ms;
  ev->skew_ms = s->skew_ms;
  ev->skewed = s->skewed;
  ev->doc = g_steal_pointer(&w.doc);
  ev->product = g_steal_pointer(&w.product);
  ev->close = w.close;
  ev->json = g_steal_pointer(&w.json);
  wire_event_clear(&w);
  return ev;
}

/* One batch into the target; each of its events must be new there. */
static gboolean replay_batch(HubStore *dst, const HubStallRow *stall, GPtrArray *batch,
                             int64_t received_ms, GError **error)
{
  static const char *const status[] = {"pending", "accepted", "duplicate", "rejected"};
  if (!hub_store_ingest(dst, stall->id, batch, received_ms, error))
    return FALSE;
  for (guint i = 0; i < batch->len; i++) {
    const HubEvent *ev = g_ptr_array_index(batch, i);
    if (ev->status != HUB_STATUS_ACCEPTED) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_MIGRATE_MISMATCH,
                  "event %s of stall %s came back %s%s%s from the target", ev->id, stall->code,
                  status[ev->status], ev->code ? ": " : "", ev->code ? ev->code : "");
      return FALSE;
    }
  }
  return TRUE;
}

/* A stall's events, a batch per received time, in the order they were stored. */
static gboolean replay_stall(HubStore *src, HubStore *dst, const HubStallRow *stall,
                             guint64 *n_events, GError **error)
{
  g_autoptr(GPtrArray) stored = hub_store_export_events(src, stall->id, error);
  if (stored == NULL)
    return FALSE;
  guint i = 0;
  while (i < stored->len) {
    int64_t received = ((const HubStoredEvent *)g_ptr_array_index(stored, i))->received_ms;
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func((GDestroyNotify)hub_event_free);
    for (; i < stored->len; i++) {
      const HubStoredEvent *s = g_ptr_array_index(stored, i);
      if (s->received_ms != received)
        break;
      HubEvent *ev = replay_event(s, error);
      if (ev == NULL)
        return FALSE;
      g_ptr_array_add(batch, ev);
    }
    if (!replay_batch(dst, stall, batch, received, error))
      return FALSE;
    *n_events += batch->len;
  }
  return TRUE;
}

/* ---- Comparing the two hubs ----------------------------------------------------------- */

static const char *stall_code_of(const HubRegistry *reg, int64_t id)
{
  for (guint i = 0; i < reg->stalls->len; i++) {
    const HubStallRow *s = g_ptr_array_index(reg->stalls, i);
    if (s->id == id)
      return s->code;
  }
  return "?";
}

static int64_t market_of(const HubRegistry *reg, int64_t stall_id)
{
  for (guint i = 0; i < reg->stalls->len; i++) {
    const HubStallRow *s = g_ptr_array_index(reg->stalls, i);
    if (s->id == stall_id)
      return s->market_id;
  }
  return 0;
}

static gboolean totals_equal(const HubDayTotals *a, const HubDayTotals *b)
{
  return a->stall_id == b->stall_id && strcmp(a->day, b->day) == 0 && a->events == b->events
         && a->sales == b->sales && a->voids == b->voids && a->refunds == b->refunds
         && a->closes == b->closes && a->sales_won == b->sales_won
         && a->voids_won == b->voids_won && a->refunds_won == b->refunds_won;
}

static cJSON *totals_json(const HubDayTotals *t)
{
  cJSON *o = cJSON_CreateObject();
  if (t == NULL)
    return o;
  wire_json_add_int(o, "events", t->events);
  wire_json_add_int(o, "sales", t->sales);
  wire_json_add_int(o, "voids", t->voids);
  wire_json_add_int(o, "refunds", t->refunds);
  wire_json_add_int(o, "day_closes", t->closes);
  wire_json_add_int(o, "sales_won", t->sales_won);
  wire_json_add_int(o, "voids_won", t->voids_won);
  wire_json_add_int(o, "refunds_won", t->refunds_won);
  return o;
}

/*
** Both lists are sorted by stall and day: a merge walk finds a day one
** side lacks as well as a day whose figures differ.
*/
static guint compare_totals(const HubRegistry *reg, GPtrArray *a, GPtrArray *b,
                            cJSON *mismatches)
{
  guint i = 0, k = 0, n = 0;
  while (i < a->len || k < b->len) {
    const HubDayTotals *x = i < a->len ? g_ptr_array_index(a, i) : NULL;
    const HubDayTotals *y = k < b->len ? g_ptr_array_index(b, k) : NULL;
    int order = x == NULL ? 1 : y == NULL ? -1
                : x->stall_id != y->stall_id ? (x->stall_id < y->stall_id ? -1 : 1)
                : strcmp(x->day, y->day);
    const HubDayTotals *in_a = order <= 0 ? x : NULL, *in_b = order >= 0 ? y : NULL;
    i += order <= 0;
    k += order >= 0;
    if (in_a && in_b && totals_equal(in_a, in_b))
      continue;
    if (n++ >= MISMATCH_LIST_MAX)
      continue;
    const HubDayTotals *any = in_a ? in_a : in_b;
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "stall", stall_code_of(reg, any->stall_id));
    cJSON_AddStringToObject(m, "day", any->day[0] ? any->day : "all");
    cJSON_AddItemToObject(m, "source", totals_json(in_a));
    cJSON_AddItemToObject(m, "target", totals_json(in_b));
    cJSON_AddItemToArray(mismatches, m);
  }
  return n;
}

/* The source's figures summed per market, for the summary. */
static cJSON *markets_json(const HubRegistry *reg, GPtrArray *totals)
{
  cJSON *arr = cJSON_CreateArray();
  for (guint m = 0; m < reg->markets->len; m++) {
    const HubMarketRow *market = g_ptr_array_index(reg->markets, m);
    HubDayTotals sum = {0};
    int64_t days = 0, stalls = 0;
    for (guint i = 0; i < reg->stalls->len; i++)
      stalls += ((const HubStallRow *)g_ptr_array_index(reg->stalls, i))->market_id
                == market->id;
    for (guint i = 0; i < totals->len; i++) {
      const HubDayTotals *t = g_ptr_array_index(totals, i);
      if (market_of(reg, t->stall_id) != market->id)
        continue;
      days += t->day[0] != '\0';
      sum.events += t->events;
      sum.sales += t->sales;
      sum.voids += t->voids;
      sum.refunds += t->refunds;
      sum.closes += t->closes;
      sum.sales_won += t->sales_won;
      sum.voids_won += t->voids_won;
      sum.refunds_won += t->refunds_won;
    }
    cJSON *o = totals_json(&sum);
    cJSON_AddStringToObject(o, "market", market->code);
    wire_json_add_int(o, "stalls", stalls);
    wire_json_add_int(o, "stall_days", days);
    cJSON_AddItemToArray(arr, o);
  }
  return arr;
}

/* The registries agree row for row on what a till or a user relies on. */
static guint compare_registry(const HubRegistry *a, const HubRegistry *b, cJSON *mismatches)
{
  guint n = 0;
  const GPtrArray *pairs[][2] = {{a->markets, b->markets}, {a->stalls, b->stalls},
                                 {a->users, b->users}, {a->tokens, b->tokens},
                                 {a->enroll_codes, b->enroll_codes}, {a->lines, b->lines},
                                 {a->engagements, b->engagements}};
  static const char *const names[] = {"markets", "stalls", "users", "tokens",
                                      "enrollment codes", "product lines", "engagements"};
  for (guint i = 0; i < G_N_ELEMENTS(pairs); i++)
    if (pairs[i][0]->len != pairs[i][1]->len) {
      cJSON *m = cJSON_CreateObject();
      cJSON_AddStringToObject(m, "registry", names[i]);
      wire_json_add_int(m, "source", pairs[i][0]->len);
      wire_json_add_int(m, "target", pairs[i][1]->len);
      cJSON_AddItemToArray(mismatches, m);
      n++;
    }
  for (guint i = 0; i < a->tokens->len && i < b->tokens->len; i++) {
    const HubTokenRow *x = g_ptr_array_index(a->tokens, i), *y = g_ptr_array_index(b->tokens, i);
    if (x->id != y->id || strcmp(x->hash, y->hash) != 0 || x->revoked_ms != y->revoked_ms) {
      cJSON *m = cJSON_CreateObject();
      cJSON_AddStringToObject(m, "registry", "token");
      wire_json_add_int(m, "id", x->id);
      cJSON_AddItemToArray(mismatches, m);
      n++;
    }
  }
  return n;
}

/*
** Reads both hubs back (registry and raw totals) and writes the summary;
** FALSE with MIGRATE_MISMATCH when anything differs.
*/
static gboolean verify(HubStore *src, HubStore *dst, const HubRegistry *reg,
                       const char *from, const char *to, guint64 n_events, double seconds,
                       char **summary, GError **error)
{
  g_autoptr(HubRegistry) reg_b = hub_store_export_registry(dst, error);
  g_autoptr(GPtrArray) tot_a = reg_b ? hub_store_export_totals(src, error) : NULL;
  g_autoptr(GPtrArray) tot_b = tot_a ? hub_store_export_totals(dst, error) : NULL;
  if (tot_b == NULL)
    return FALSE;
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON *mismatches = cJSON_CreateArray();
  guint n = compare_registry(reg, reg_b, mismatches) + compare_totals(reg, tot_a, tot_b,
                                                                      mismatches);
  cJSON_AddStringToObject(o, "from", hub_store_is_postgres(from) ? "postgresql" : "sqlite");
  cJSON_AddStringToObject(o, "to", hub_store_is_postgres(to) ? "postgresql" : "sqlite");
  wire_json_add_int(o, "markets", reg->markets->len);
  wire_json_add_int(o, "stalls", reg->stalls->len);
  wire_json_add_int(o, "users", reg->users->len);
  wire_json_add_int(o, "tokens", reg->tokens->len);
  wire_json_add_int(o, "enrollment_codes", reg->enroll_codes->len);
  wire_json_add_int(o, "product_lines", reg->lines->len);
  wire_json_add_int(o, "engagements", reg->engagements->len);
  wire_json_add_int(o, "events", (int64_t)n_events);
  wire_json_add_int(o, "milliseconds", (int64_t)(seconds * 1000));
  cJSON_AddBoolToObject(o, "verified", n == 0);
  wire_json_add_int(o, "mismatch_count", n);
  cJSON_AddItemToObject(o, "mismatches", mismatches);
  cJSON_AddItemToObject(o, "by_market", markets_json(reg, tot_a));
  *summary = wire_json_print(o);
  if (n > 0)
    g_set_error(error, HUB_ERROR, HUB_ERROR_MIGRATE_MISMATCH,
                "%u differences between the source and the target (the summary lists them)",
                n);
  return n == 0;
}

/* ---- The whole move ------------------------------------------------------------------ */

/* Registry, then every stall's events, inside the target's one transaction. */
static gboolean copy_all(HubStore *src, HubStore *dst, const HubRegistry *reg,
                         HubMigrateProgress progress, gpointer data, guint64 *n_events,
                         GError **error)
{
  if (!hub_store_import_begin(dst, reg, error))
    return FALSE;
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < reg->stalls->len; i++) {
    const HubStallRow *stall = g_ptr_array_index(reg->stalls, i);
    ok = replay_stall(src, dst, stall, n_events, error);
    if (ok && progress)
      progress(stall->code, i + 1, reg->stalls->len, *n_events, data);
  }
  if (!ok) {
    hub_store_import_end(dst, reg, FALSE, NULL);
    return FALSE;
  }
  return hub_store_import_end(dst, reg, TRUE, error);
}

gboolean hub_migrate(const char *from, const char *to, HubMigrateProgress progress,
                     gpointer data, char **summary, GError **error)
{
  *summary = NULL;
  if (same_database(from, to, error))
    return FALSE;
  gint64 start = g_get_monotonic_time();
  g_autoptr(HubStore) src = hub_store_open(from, HUB_OPEN_EXISTING, 1, error);
  g_autoptr(HubRegistry) reg = src ? hub_store_export_registry(src, error) : NULL;
  if (reg == NULL)
    return FALSE;
  gboolean created = !hub_store_is_postgres(to) && !g_file_test(to, G_FILE_TEST_EXISTS);
  /* one connection: the import's transaction is the only one (hub-store.h) */
  g_autoptr(HubStore) dst = hub_store_open(to, HUB_OPEN_CREATE, 1, error);
  guint64 n_events = 0;
  gboolean copied = dst != NULL
                    && copy_all(src, dst, reg, progress, data, &n_events, error);
  if (!copied) {
    g_clear_pointer(&dst, hub_store_close);
    if (created)
      remove_sqlite(to);
    return FALSE;
  }
  double seconds = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
  return verify(src, dst, reg, from, to, n_events, seconds, summary, error);
}
