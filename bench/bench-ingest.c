/*
** bench-ingest.c: how many sales a hub ingests per second, on SQLite or on
** PostgreSQL, and on PostgreSQL against a bare-libpq floor.
**
**   bench-ingest [--pg] [--hubs N] [SALES [RUNS [DEVICES...]]]
**                                     (defaults 20000, 3, and 1 10 100)
**
** Sets up a fresh hub database with one market and 100 stalls, enrolls one
** device per stall over HTTP (each gets its own token), and starts
** `market-hub serve` on 127.0.0.1 with a port it picks.  Then, for each
** device count D, RUNS times: D threads (one per device, each with its own
** connection kept alive) post SALES / D sales between them in batches of
** 200, as fast as the hub answers.  The documents are built beforehand
** through the pos API (pos_sale_from_cart: 1-3 lines, piece and weighed
** goods, cash with change or card) and encoded with the shared codec, so
** only the HTTP round trip, the hub's decoding and checking, and the
** storing with its rollups are timed.  A run counts only if every event
** came back "accepted".
**
** --pg puts the hub on PostgreSQL: the server named by $MPOS_BENCH_PG (a
** libpq keyword string for a superuser; bench/with-pg.sh starts a
** throwaway cluster as shipped and sets it), in a database bench_ingest
** made afresh.  --hubs N (PostgreSQL only) starts N hubs on that one
** database and gives device d to hub d mod N, as a load balancer would.
** On PostgreSQL each run is followed by the floor: D libpq connections
** storing the same documents, 200 a transaction, as the store's own rows
** (event_key, event, doc_key, doc, doc_line, doc_tender, the stored JSON
** included) with one COPY a table and nothing else: no HTTP, no decoding,
** no checks, no rollups.  Its database (bench_floor) has the hub's schema
** (`market-hub init`) and the month partitions made beforehand; the
** durability is the server's, the same for both.  The runs interleave, so
** the ratio hub / floor compares figures taken under the same load.
**
** Reported per D: the median sales/s over the runs with min and max, and
** the p50 and p99 latency of one batch request over all runs, and the CPU
** time (user + system) the hub processes spent per sale, which does not
** depend on what else the machine is doing; on SQLite the floor's median,
** min and max, its CPU per sale and the ratio of the medians (the floor:
** ingest-floor-sqlite.c, after each hub run, one transaction per batch, in
** a copy of the hub's database as set up; its CPU is this process's thread
** time while it runs); on PostgreSQL also the CPU the
** whole server spent per sale during the hub's runs (server_cpu), the
** floor's median, min and max and its server CPU per sale, and the ratio
** of the medians.  The hub is found
** through MPOS_HUB or next to this program (BUILD/bin/market-hub).  Figures
** go to docs/BENCHMARKS.md ("Hub ingest", "Hub on PostgreSQL").
*/
#include "bench-hub.h"
#include "bench-sales.h"
#include "ingest-floor-sqlite.h"
#include "mb-hub.h"
#include "wire-codec.h"
#include <curl/curl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 200
#define MAX_DEVICES 100
#define MAX_HUBS 4

static char *hub_path;
static char *db_path;
static char *floor_conninfo;     /* PostgreSQL: the floor's database; else NULL */
static IngestFloor *sq_floor;    /* SQLite: the floor's database; else NULL */
static char bases[MAX_HUBS][64];
static int n_hubs = 1;
static char *tokens[MAX_DEVICES];

/* market-hub --db DB ARGS... of this run; its last line of output. */
static char *hub_cmd(const char *const *args)
{
  return bench_hub_cmd(hub_path, db_path, args);
}

/* libcurl write callback: the answer into a GString. */
static size_t collect(char *data, size_t size, size_t n, void *user)
{
  g_string_append_len((GString *)user, data, (gssize)(size * n));
  return size * n;
}

/* One POST on a kept-alive handle; the answer in *answer. */
static long post(CURL *c, const char *url, const char *token, const char *body, GString *answer)
{
  struct curl_slist *h = NULL;
  g_autofree char *auth = token ? g_strdup_printf("Authorization: Bearer %s", token) : NULL;
  if (auth)
    h = curl_slist_append(h, auth);
  h = curl_slist_append(h, "Content-Type: application/json");
  h = curl_slist_append(h, "Expect:");
  g_string_truncate(answer, 0);
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, answer);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  return status;
}

/* ---- Documents --------------------------------------------------------------- */

static PosProduct *catalog[BENCH_CATALOG_LEN];

/* ---- The floor's rows ---------------------------------------------------------- */

/* One transaction of the floor: COPY text for each table the store fills. */
typedef struct {
  GString *event_keys, *events, *doc_keys, *docs, *lines, *tenders;
  int sales;
} FloorBatch;

static FloorBatch *floor_batch_new(void)
{
  FloorBatch *f = g_new0(FloorBatch, 1);
  f->event_keys = g_string_new(NULL);
  f->events = g_string_new(NULL);
  f->doc_keys = g_string_new(NULL);
  f->docs = g_string_new(NULL);
  f->lines = g_string_new(NULL);
  f->tenders = g_string_new(NULL);
  return f;
}

static void floor_batch_free(gpointer data)
{
  FloorBatch *f = data;
  g_string_free(f->event_keys, TRUE);
  g_string_free(f->events, TRUE);
  g_string_free(f->doc_keys, TRUE);
  g_string_free(f->docs, TRUE);
  g_string_free(f->lines, TRUE);
  g_string_free(f->tenders, TRUE);
  g_free(f);
}

/* A text field of COPY's text format: backslash escapes; NULL is \N. */
static void copy_text(GString *row, const char *text, gboolean last)
{
  if (text == NULL)
    g_string_append(row, "\\N");
  for (const char *p = text; p && *p; p++) {
    if (*p == '\\' || *p == '\t' || *p == '\n' || *p == '\r')
      g_string_append_c(row, '\\');
    g_string_append_c(row, *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p);
  }
  g_string_append_c(row, last ? '\n' : '\t');
}

static void copy_int(GString *row, int64_t value, gboolean last)
{
  g_string_append_printf(row, "%" G_GINT64_FORMAT "%c", value, last ? '\n' : '\t');
}

/*
** The rows the PostgreSQL store writes for one accepted sale (see
** sync/hub/postgres/hub-store-pg-ingest.c), the same columns and values:
** market 1, the device's stall, received when the till says it was sold.
*/
static void floor_rows(FloorBatch *f, int d, const char *event_id, const PosSale *s,
                       const char *json)
{
  f->sales++;
  copy_int(f->event_keys, 1, FALSE);
  copy_text(f->event_keys, event_id, TRUE);

  copy_int(f->events, 1, FALSE);
  copy_int(f->events, d + 1, FALSE);
  copy_text(f->events, event_id, FALSE);
  copy_text(f->events, "sale", FALSE);
  copy_text(f->events, s->id, FALSE);
  copy_int(f->events, s->device_time_ms, FALSE);
  copy_int(f->events, s->device_time_ms, FALSE);
  copy_text(f->events, s->business_day, FALSE);
  copy_int(f->events, 0, FALSE);
  copy_int(f->events, 0, TRUE);

  copy_int(f->doc_keys, 1, FALSE);
  copy_text(f->doc_keys, s->id, FALSE);
  copy_int(f->doc_keys, d + 1, FALSE);
  copy_text(f->doc_keys, "sale", FALSE);
  copy_text(f->doc_keys, s->business_day, TRUE);

  GString *r = f->docs;
  copy_int(r, 1, FALSE);
  copy_int(r, d + 1, FALSE);
  copy_text(r, s->id, FALSE);
  copy_text(r, event_id, FALSE);
  copy_text(r, "sale", FALSE);
  copy_text(r, NULL, FALSE);
  copy_text(r, s->receipt_no, FALSE);
  copy_text(r, s->business_day, FALSE);
  copy_int(r, s->device_time_ms, FALSE);
  copy_int(r, s->device_time_ms, FALSE);
  const PosMoney v[] = {s->totals.lines, s->totals.rounding, s->totals.line_discounts,
                        s->totals.sale_discount, s->totals.total, s->totals.taxable,
                        s->totals.supply, s->totals.vat, s->totals.exempt,
                        s->settlement.paid, s->settlement.change};
  for (guint i = 0; i < G_N_ELEMENTS(v); i++)
    copy_int(r, v[i], FALSE);
  copy_text(r, json, TRUE);

  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    GString *w = f->lines;
    copy_int(w, 1, FALSE);
    copy_text(w, s->business_day, FALSE);
    copy_text(w, s->id, FALSE);
    copy_int(w, i, FALSE);
    copy_int(w, l->plu, FALSE);
    copy_text(w, l->name, FALSE);
    copy_text(w, l->line_code, FALSE);
    copy_text(w, l->unit == POS_UNIT_KG ? "kg" : "piece", FALSE);
    copy_text(w, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", FALSE);
    const int64_t n[] = {l->list_price, l->unit_price, l->qty_milli, l->amount, l->rounding,
                         l->line_discount, l->sale_discount_share, l->net};
    for (guint k = 0; k < G_N_ELEMENTS(n); k++)
      copy_int(w, n[k], FALSE);
    copy_int(w, l->refunded_from, TRUE);
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    GString *w = f->tenders;
    copy_int(w, 1, FALSE);
    copy_text(w, s->business_day, FALSE);
    copy_text(w, s->id, FALSE);
    copy_int(w, i, FALSE);
    copy_text(w, pos_tender_method_name(t->method), FALSE);
    copy_int(w, t->amount, FALSE);
    copy_text(w, t->ref, TRUE);
  }
}

/* The months the documents fall in ("YYYY-MM"), for the floor's partitions. */
static GHashTable *floor_months;

/*
** One sale event (as JSON text) for device d, sale number k; with floor
** or sq set, also the rows the store would write for it.
*/
static void sale_event(GString *out, FloorBatch *floor, GPtrArray *sq, int d, int k,
                       int64_t t_ms)
{
  g_autoptr(PosSale) s = bench_sale_new(catalog, d, k, t_ms);
  char id[POS_UUID_LEN + 1];
  pos_uuid7(t_ms, id);
  g_autoptr(cJSON) ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "kind", "sale");
  cJSON_AddNumberToObject(ev, "device_time_ms", (double)s->device_time_ms);
  cJSON_AddStringToObject(ev, "business_day", s->business_day);
  cJSON *doc = wire_sale_to_json(s);
  cJSON_AddItemToObject(ev, "doc", doc);
  if (floor) {
    char *payload = cJSON_PrintUnformatted(doc);
    floor_rows(floor, d, id, s, payload);
    cJSON_free(payload);
    g_hash_table_add(floor_months, g_strndup(s->business_day, 7));
  }
  if (sq) {
    char *payload = cJSON_PrintUnformatted(doc);
    ingest_floor_batch_add(sq, d + 1, id, g_steal_pointer(&s), payload);
    cJSON_free(payload);
  }
  char *raw = cJSON_PrintUnformatted(ev);
  g_string_append(out, raw);
  cJSON_free(raw);
}

/* ---- Devices ---------------------------------------------------------------- */

typedef struct {
  int device;
  GPtrArray *bodies;       /* char*: the batches this device sends */
  GPtrArray *floor;        /* FloorBatch*: the same batches as the floor's rows, or NULL */
  GPtrArray *sq_floor;     /* GPtrArray* (ingest_floor_batch_new): the same on SQLite */
  GArray *latency_us;      /* int64_t per request */
  guint64 accepted;
  gboolean failed;
} Device;

/* One till: its batches in order on one kept-alive connection, each timed. */
static gpointer device_run(gpointer data)
{
  Device *dev = data;
  CURL *c = curl_easy_init();
  g_autoptr(GString) answer = g_string_new(NULL);
  g_autofree char *url = g_strconcat(bases[dev->device % n_hubs], "/v1/events", NULL);
  for (guint b = 0; b < dev->bodies->len; b++) {
    gint64 t0 = g_get_monotonic_time();
    long st = post(c, url, tokens[dev->device], g_ptr_array_index(dev->bodies, b), answer);
    int64_t us = g_get_monotonic_time() - t0;
    g_array_append_val(dev->latency_us, us);
    if (st != 200) {
      fprintf(stderr, "device %d: HTTP %ld %s\n", dev->device, st, answer->str);
      dev->failed = TRUE;
      break;
    }
    for (const char *p = answer->str; (p = strstr(p, "\"accepted\"")); p++)
      dev->accepted++;
  }
  curl_easy_cleanup(c);
  return NULL;
}

/* One COPY of a batch's rows into table (columns as the store names them). */
static gboolean floor_copy(PGconn *pg, const char *sql, const GString *rows)
{
  if (rows->len == 0)
    return TRUE;
  PGresult *res = PQexec(pg, sql);
  gboolean ok = PQresultStatus(res) == PGRES_COPY_IN;
  PQclear(res);
  ok = ok && PQputCopyData(pg, rows->str, (int)rows->len) == 1 && PQputCopyEnd(pg, NULL) == 1;
  while ((res = PQgetResult(pg)) != NULL) {
    ok = ok && PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
  }
  return ok;
}

/* A statement without rows; FALSE when the server refuses it. */
static gboolean floor_exec(PGconn *pg, const char *sql)
{
  PGresult *res = PQexec(pg, sql);
  gboolean ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  PQclear(res);
  return ok;
}

/*
** The month partitions the floor's documents need, made before it is timed
** (the hub makes those it meets inside the batch that meets them, once).
*/
static void floor_partitions(void)
{
  static const char *const tables[] = {"event", "doc", "doc_line", "doc_tender"};
  PGconn *pg = PQconnectdb(floor_conninfo);
  if (!floor_exec(pg, "SET client_min_messages = warning"))   /* no "already exists" */
    g_error("floor: %s", PQerrorMessage(pg));
  GHashTableIter it;
  gpointer month;
  g_hash_table_iter_init(&it, floor_months);
  while (g_hash_table_iter_next(&it, &month, NULL)) {
    int y = atoi(month), m = atoi((char *)month + 5);
    for (guint i = 0; i < G_N_ELEMENTS(tables); i++) {
      g_autofree char *ddl = g_strdup_printf(
        "CREATE TABLE IF NOT EXISTS %s_p%04d%02d PARTITION OF %s"
        " FOR VALUES FROM ('%04d-%02d-01') TO ('%04d-%02d-01')", tables[i], y, m, tables[i], y,
        m, m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
      if (!floor_exec(pg, ddl))
        g_error("floor partition: %s", PQerrorMessage(pg));
    }
  }
  PQfinish(pg);
}

/*
** The floor for one device: its batches on its own connection, each one
** transaction of six COPYs, committed with the server's durability.
*/
static gpointer floor_run(gpointer data)
{
  Device *dev = data;
  PGconn *pg = PQconnectdb(floor_conninfo);
  if (PQstatus(pg) != CONNECTION_OK) {
    fprintf(stderr, "floor: %s", PQerrorMessage(pg));
    dev->failed = TRUE;
  }
  for (guint b = 0; !dev->failed && b < dev->floor->len; b++) {
    const FloorBatch *f = g_ptr_array_index(dev->floor, b);
    gboolean ok =
      floor_exec(pg, "BEGIN")
      && floor_copy(pg, "COPY event_key(market_id, event_id) FROM STDIN", f->event_keys)
      && floor_copy(pg, "COPY event(market_id, stall_id, event_id, kind, ref, device_time_ms,"
                        " received_ms, received_day, skew_ms, skewed) FROM STDIN", f->events)
      && floor_copy(pg, "COPY doc_key(market_id, doc_id, stall_id, kind, business_day)"
                        " FROM STDIN", f->doc_keys)
      && floor_copy(pg, "COPY doc(market_id, stall_id, doc_id, event_id, kind, original_id,"
                        " receipt_no, business_day, device_time_ms, received_ms, lines_sum,"
                        " rounding, line_discounts, sale_discount, total, taxable, supply,"
                        " vat, exempt, paid, change, json) FROM STDIN", f->docs)
      && floor_copy(pg, "COPY doc_line(market_id, business_day, doc_id, line_no, plu, name,"
                        " line_code, unit, tax, list_price, unit_price, qty_milli, amount,"
                        " rounding, line_discount, sale_discount_share, net, refunded_from)"
                        " FROM STDIN", f->lines)
      && floor_copy(pg, "COPY doc_tender(market_id, business_day, doc_id, seq, method, amount,"
                        " ref) FROM STDIN", f->tenders)
      && floor_exec(pg, "COMMIT");
    if (!ok) {
      fprintf(stderr, "floor, device %d: %s", dev->device, PQerrorMessage(pg));
      dev->failed = TRUE;
    } else {
      dev->accepted += (guint64)f->sales;
    }
  }
  PQfinish(pg);
  return NULL;
}

/* qsort order for latencies. */
static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* qsort order for rates. */
static int cmp_dbl(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/*
** CPU seconds (user + system) process pid has used so far; with_children
** adds those of its children that have exited (the kernel adds them to
** the parent when it reaps them).
*/
static double proc_cpu(int pid, gboolean with_children)
{
  g_autofree char *path = g_strdup_printf("/proc/%d/stat", pid), *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return 0;
  const char *p = strrchr(text, ')');
  unsigned long ut = 0, st = 0;
  long cut = 0, cst = 0;
  if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld",
                          &ut, &st, &cut, &cst) != 4)
    return 0;
  double ticks = (double)(ut + st) + (with_children ? (double)(cut + cst) : 0);
  return ticks / (double)sysconf(_SC_CLK_TCK);
}

static double hub_cpu(GPid pid)
{
  return proc_cpu((int)pid, FALSE);
}

/*
** CPU seconds the whole PostgreSQL server has used so far (same machine):
** the postmaster with the children it has reaped (the floor's backends
** that have ended) plus every live process (backends, WAL writer,
** checkpointer), all of which pg_stat_activity lists.
*/
static double server_cpu(void)
{
  PGconn *pg = PQconnectdb(db_path);
  PGresult *res = PQexec(pg, "SELECT pid FROM pg_stat_activity");
  double cpu = 0;
  int postmaster = 0;
  for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++) {
    int pid = atoi(PQgetvalue(res, i, 0));
    cpu += proc_cpu(pid, FALSE);
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", pid), *text = NULL;
    const char *p = g_file_get_contents(path, &text, NULL, NULL) ? strrchr(text, ')') : NULL;
    if (postmaster == 0 && p)
      sscanf(p + 2, "%*c %d", &postmaster);
  }
  PQclear(res);
  PQfinish(pg);
  return cpu + (postmaster ? proc_cpu(postmaster, TRUE) : 0);
}

/* Server CPU seconds spent in the hub's runs and in the floor's, so far. */
static double server_cpu_hub, server_cpu_floor;

static int64_t clock_ms = 1764115200000LL;   /* 2025-11-26 09:00 KST, advancing */

/* The documents of one run: each device's batches, and the floor's rows of them. */
static void make_documents(Device *devs, int n_dev, int per)
{
  for (int d = 0; d < n_dev; d++) {
    devs[d] = (Device){d, g_ptr_array_new_with_free_func(g_free),
                       floor_conninfo ? g_ptr_array_new_with_free_func(floor_batch_free) : NULL,
                       sq_floor ? g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref)
                                : NULL,
                       g_array_new(FALSE, FALSE, sizeof(int64_t)), 0, FALSE};
    for (int k = 0; k < per; k += BATCH) {
      GString *b = g_string_new("{\"device_id\":\"BENCH\",\"events\":[");
      FloorBatch *f = floor_conninfo ? floor_batch_new() : NULL;
      GPtrArray *sq = sq_floor ? ingest_floor_batch_new() : NULL;
      for (int i = k; i < MIN(k + BATCH, per); i++) {
        if (i > k)
          g_string_append_c(b, ',');
        sale_event(b, f, sq, d, i, clock_ms += 1000);
      }
      if (sq)
        g_ptr_array_add(devs[d].sq_floor, sq);
      g_string_append(b, "]}");
      g_ptr_array_add(devs[d].bodies, g_string_free(b, FALSE));
      if (f)
        g_ptr_array_add(devs[d].floor, f);
    }
  }
}

/*
** Runs body (device_run or floor_run) on one thread a device and returns
** sales/s; every sale must have been stored.
*/
static double timed(Device *devs, int n_dev, guint64 expected, GThreadFunc body,
                    const char *what)
{
  GThread *threads[MAX_DEVICES];
  gint64 t0 = g_get_monotonic_time();
  for (int d = 0; d < n_dev; d++) {
    devs[d].accepted = 0;
    threads[d] = g_thread_new(what, body, &devs[d]);
  }
  guint64 accepted = 0;
  gboolean failed = FALSE;
  for (int d = 0; d < n_dev; d++) {
    g_thread_join(threads[d]);
    accepted += devs[d].accepted;
    failed |= devs[d].failed;
  }
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  if (failed || accepted != expected)
    g_error("%s with %d devices: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " stored", what,
            n_dev, accepted, expected);
  return (double)accepted / secs;
}

/*
** The floor on SQLite, on the same documents; its CPU seconds are added to
** sq_floor_cpu.  Returns sales/s.
*/
static double sq_floor_cpu;

static double sq_floor_timed(Device *devs, int n_dev, guint64 expected)
{
  GPtrArray *batches[MAX_DEVICES];
  for (int d = 0; d < n_dev; d++)
    batches[d] = devs[d].sq_floor;
  return ingest_floor_store_all(sq_floor, batches, n_dev, expected, &sq_floor_cpu);
}

/*
** One run with n_dev devices: the hub, then the floor on the same
** documents.  Returns the hub's sales/s, the floor's in *floor_rate;
** appends the hub's latencies.
*/
static double run(int n_dev, int sales, GArray *lat, double *floor_rate)
{
  Device devs[MAX_DEVICES];
  int per = sales / n_dev;
  make_documents(devs, n_dev, per);
  if (floor_conninfo)
    floor_partitions();
  guint64 expected = (guint64)per * (guint64)n_dev;
  double cpu0 = floor_conninfo ? server_cpu() : 0;
  double rate = timed(devs, n_dev, expected, device_run, "hub");
  *floor_rate = 0;
  if (floor_conninfo) {
    double cpu1 = server_cpu();
    *floor_rate = timed(devs, n_dev, expected, floor_run, "floor");
    server_cpu_hub += cpu1 - cpu0;
    server_cpu_floor += server_cpu() - cpu1;
  } else if (sq_floor) {
    *floor_rate = sq_floor_timed(devs, n_dev, expected);
  }
  for (int d = 0; d < n_dev; d++) {
    g_array_append_vals(lat, devs[d].latency_us->data, devs[d].latency_us->len);
    g_array_unref(devs[d].latency_us);
    g_ptr_array_unref(devs[d].bodies);
    if (devs[d].floor)
      g_ptr_array_unref(devs[d].floor);
    if (devs[d].sq_floor)
      g_ptr_array_unref(devs[d].sq_floor);
  }
  return rate;
}

/* Port 0: the hub picks a free port (the shared fixture, base/mb-hub.h). */
static MbHub *start_hub(void)
{
  /* every device on 127.0.0.1: no per-address caps on the one address */
  static const char *const extra[] = {"--max-connections", "512", "--max-per-address", "512",
                                      "--enroll-rate", "1000", "--no-access-log", NULL};
  g_autoptr(GError) e = NULL;
  MbHub *h = mb_hub_start(hub_path, db_path, NULL, extra, 0, &e);
  if (h == NULL)
    g_error("starting the hub: %s", e->message);
  return h;
}

/* One market with 100 stalls, through the admin CLI (its output not needed). */
static void setup(void)
{
  g_free(hub_cmd((const char *[]){"init", NULL}));
  g_free(hub_cmd((const char *[]){"market", "add", "B01", "--name", "벤치시장", NULL}));
  for (int d = 0; d < MAX_DEVICES; d++) {
    char code[8];
    g_snprintf(code, sizeof code, "S%03d", d);
    g_free(hub_cmd((const char *[]){"stall", "add", code, "--market", "B01", "--name", "점포",
                                    NULL}));
  }
}

/* Each stall's device enrolls over HTTP, as a till does. */
static void enroll_all(void)
{
  CURL *c = curl_easy_init();
  g_autoptr(GString) answer = g_string_new(NULL);
  g_autofree char *url = g_strconcat(bases[0], "/v1/enroll", NULL);
  for (int d = 0; d < MAX_DEVICES; d++) {
    char stall[8];
    g_snprintf(stall, sizeof stall, "S%03d", d);
    g_autofree char *code = hub_cmd((const char *[]){"enroll-code", "--stall", stall, NULL});
    g_autofree char *body = g_strdup_printf("{\"code\":\"%s\",\"device_id\":\"D%03d\"}", code, d);
    if (post(c, url, NULL, body, answer) != 200)
      g_error("enroll %s: %s", stall, answer->str);
    g_autoptr(cJSON) o = cJSON_Parse(answer->str);
    tokens[d] = g_strdup(cJSON_GetObjectItemCaseSensitive(o, "token")->valuestring);
  }
  curl_easy_cleanup(c);
}

/*
** A fresh database NAME on the server of $MPOS_BENCH_PG; returns its
** connection string (the base string with dbname=NAME after it, which
** libpq lets win).
*/
static char *pg_fresh_database(const char *name)
{
  const char *server = g_getenv("MPOS_BENCH_PG");
  if (server == NULL)
    g_error("--pg needs $MPOS_BENCH_PG (bench/with-pg.sh sets it)");
  PGconn *pg = PQconnectdb(server);
  g_autofree char *drop = g_strdup_printf("DROP DATABASE IF EXISTS %s", name);
  g_autofree char *create = g_strdup_printf("CREATE DATABASE %s", name);
  if (PQstatus(pg) != CONNECTION_OK || !floor_exec(pg, drop) || !floor_exec(pg, create))
    g_error("making database %s: %s", name, PQerrorMessage(pg));
  PQfinish(pg);
  return g_strdup_printf("%s dbname=%s", server, name);
}

/* The server's settings the figures depend on, for the report. */
static void pg_settings(void)
{
  PGconn *pg = PQconnectdb(db_path);
  PGresult *res = PQexec(pg, "SELECT current_setting('server_version'), current_setting('fsync'),"
                             " current_setting('synchronous_commit'),"
                             " current_setting('shared_buffers'), current_setting('wal_sync_method')");
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    printf("PostgreSQL %s, fsync=%s, synchronous_commit=%s, shared_buffers=%s, "
           "wal_sync_method=%s\n", PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
           PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 4));
  PQclear(res);
  PQfinish(pg);
}

/*
** Device counts from the command line (default 1, 10, 100); each count
** gets RUNS fresh sets of documents on the same hub.
*/
int main(int argc, char **argv)
{
  gboolean on_pg = FALSE;
  int hubs = 1;
  const GOptionEntry entries[] = {
    {"pg", 0, 0, G_OPTION_ARG_NONE, &on_pg, "the hub on PostgreSQL ($MPOS_BENCH_PG), with the floor", NULL},
    {"hubs", 0, 0, G_OPTION_ARG_INT, &hubs, "hubs on the one database (PostgreSQL)", "N"},
    G_OPTION_ENTRY_NULL};
  g_autoptr(GOptionContext) ctx = g_option_context_new("[SALES [RUNS [DEVICES...]]]");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) opt_error = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &opt_error))
    g_error("bench-ingest: %s", opt_error->message);
  if (hubs < 1 || hubs > MAX_HUBS || (hubs > 1 && !on_pg))
    g_error("usage: --hubs 1 to %d, more than one only with --pg", MAX_HUBS);
  n_hubs = hubs;
  int sales = argc > 1 ? atoi(argv[1]) : 20000, runs = argc > 2 ? atoi(argv[2]) : 3;
  int counts[8] = {1, 10, 100}, n_counts = 3;
  if (argc > 3) {
    n_counts = 0;
    for (int i = 3; i < argc && n_counts < 8; i++)
      counts[n_counts++] = CLAMP(atoi(argv[i]), 1, MAX_DEVICES);
  }
  if (sales < BATCH || runs < 1)
    g_error("usage: bench-ingest [--pg] [--hubs N] [SALES>=200 [RUNS [DEVICES...]]]");
  curl_global_init(CURL_GLOBAL_DEFAULT);
  hub_path = bench_hub_program(argv[0]);
  g_autofree char *dir = g_dir_make_tmp("bench-ingest-XXXXXX", NULL);
  if (on_pg) {
    db_path = pg_fresh_database("bench_ingest");
    floor_conninfo = pg_fresh_database("bench_floor");
    floor_months = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    const char *init[] = {hub_path, "--db", floor_conninfo, "init", NULL};
    int status = 0;
    if (!g_spawn_sync(NULL, (char **)init, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                      NULL, &status, NULL) || !g_spawn_check_wait_status(status, NULL))
      g_error("market-hub init of the floor's database failed");
  } else {
    db_path = g_build_filename(dir, "hub.sqlite", NULL);
  }
  bench_catalog_init(catalog);
  setup();
  g_autofree char *sq_floor_path = on_pg ? NULL : g_build_filename(dir, "floor.sqlite", NULL);
  if (sq_floor_path)
    sq_floor = ingest_floor_open(db_path, sq_floor_path);
  MbHub *hub[MAX_HUBS];
  for (int h = 0; h < n_hubs; h++) {
    hub[h] = start_hub();
    g_strlcpy(bases[h], hub[h]->base, sizeof bases[h]);
  }
  enroll_all();
  if (on_pg) {
    printf("hub ingest on PostgreSQL, %d hub(s) on one database: %d sales a run in batches of %d,"
           " %d runs, each followed by the floor (bare libpq, COPY)\n", n_hubs, sales, BATCH, runs);
    pg_settings();
    printf("| devices | median sales/s | min | max | p50 request | p99 request | hub CPU per sale |"
           " server CPU per sale | floor median | floor min | floor max | floor server CPU per sale |"
           " hub / floor |\n"
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  } else {
    printf("hub ingest: %d sales a run in batches of %d, %d runs, database %s, each run"
           " followed by the floor (bare sqlite3, one transaction a batch, synchronous=FULL)\n",
           sales, BATCH, runs, db_path);
    printf("| devices | median sales/s | min | max | p50 request | p99 request | hub CPU per sale |"
           " floor median | floor min | floor max | floor CPU per sale | hub / floor |\n"
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
  }
  for (int i = 0; i < n_counts; i++) {
    g_autoptr(GArray) lat = g_array_new(FALSE, FALSE, sizeof(int64_t));
    double rate[32], floor_rate[32];
    int n = MIN(runs, 32);
    double cpu0 = 0, cpu1 = 0;
    server_cpu_hub = server_cpu_floor = sq_floor_cpu = 0;
    for (int h = 0; h < n_hubs; h++)
      cpu0 += hub_cpu(hub[h]->pid);
    for (int r = 0; r < n; r++)
      rate[r] = run(counts[i], sales, lat, &floor_rate[r]);
    for (int h = 0; h < n_hubs; h++)
      cpu1 += hub_cpu(hub[h]->pid);
    double stored = (double)n * (sales / counts[i]) * counts[i];
    double cpu_us = (cpu1 - cpu0) * 1e6 / stored;
    qsort(rate, (size_t)n, sizeof *rate, cmp_dbl);
    qsort(floor_rate, (size_t)n, sizeof *floor_rate, cmp_dbl);
    qsort(lat->data, lat->len, sizeof(int64_t), cmp_i64);
    int64_t *l = (int64_t *)lat->data;
    printf("| %d | %.0f | %.0f | %.0f | %.1f ms | %.1f ms | %.0f µs |", counts[i], rate[n / 2],
           rate[0], rate[n - 1], (double)l[lat->len / 2] / 1000.0,
           (double)l[(lat->len * 99) / 100] / 1000.0, cpu_us);
    if (on_pg)
      printf(" %.0f µs | %.0f | %.0f | %.0f | %.0f µs | %.2f |", server_cpu_hub * 1e6 / stored,
             floor_rate[n / 2], floor_rate[0], floor_rate[n - 1], server_cpu_floor * 1e6 / stored,
             rate[n / 2] / floor_rate[n / 2]);
    else
      printf(" %.0f | %.0f | %.0f | %.0f µs | %.2f |", floor_rate[n / 2], floor_rate[0],
             floor_rate[n - 1], sq_floor_cpu * 1e6 / stored, rate[n / 2] / floor_rate[n / 2]);
    printf("\n");
    fflush(stdout);
  }
  for (int h = 0; h < n_hubs; h++)
    mb_hub_stop(hub[h]);
  for (int d = 0; d < MAX_DEVICES; d++)
    g_free(tokens[d]);
  bench_catalog_free(catalog);
  if (sq_floor)
    ingest_floor_close(sq_floor);   /* removes its files */
  if (!on_pg) {
    g_autofree char *wal = g_strconcat(db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat(db_path, "-shm", NULL);
    unlink(db_path);
    unlink(wal);
    unlink(shm);
  }
  rmdir(dir);
  if (floor_months)
    g_hash_table_unref(floor_months);
  g_free(floor_conninfo);
  g_free(db_path);
  g_free(hub_path);
  curl_global_cleanup();
  return 0;
}
