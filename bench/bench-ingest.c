/*
** bench-ingest.c: how many sales a hub on SQLite ingests per second.
**
**   bench-ingest [SALES [RUNS [DEVICES...]]]   (defaults 20000, 3, and 1 10 100)
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
** Reported per D: the median sales/s over the runs with min and max, and
** the p50 and p99 latency of one batch request over all runs, and the CPU
** time (user + system) the hub process spent per sale, which does not
** depend on what else the machine is doing.  The hub is
** found through MPOS_HUB or next to this program (BUILD/bin/market-hub).
** Figures go to docs/BENCHMARKS.md ("Hub ingest").
*/
#include "mb-hub.h"
#include "wire-codec.h"
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH 200
#define MAX_DEVICES 100

static char *hub_path;
static char *db_path;
static char base[64];
static char *tokens[MAX_DEVICES];

/* As bench-sync finds it: the environment, else beside this program. */
static char *hub_program(const char *argv0)
{
  const char *v = g_getenv("MPOS_HUB");
  if (v)
    return g_strdup(v);
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname(self ? self : argv0);
  return g_build_filename(dir, "market-hub", NULL);
}

/* Runs market-hub --db DB ARGS...; returns its last line of output. */
static char *hub_cmd(const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, hub_path);
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, db_path);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (char *)args[i]);
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) e = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, &e) || !g_spawn_check_wait_status(status, NULL))
    g_error("market-hub %s: %s", args[0], e ? e->message : err);
  g_strchomp(out);
  const char *nl = strrchr(out, '\n');
  return g_strdup(nl ? nl + 1 : out);
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

static PosProduct *catalog[5];

/* One sale event (as JSON text) for device d, sale number k. */
static void sale_event(GString *out, int d, int k, int64_t t_ms)
{
  g_autoptr(GError) e = NULL;
  PosCartRules rules = {10, 60};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  int n = 1 + (k % 3);
  for (int i = 0; i < n; i++) {
    const PosProduct *p = catalog[(k + i * 2) % 5];
    int64_t qty = p->unit == POS_UNIT_KG ? 250 + (k * 37) % 900 : 1000 * (1 + k % 3);
    if (!pos_cart_add(cart, p, qty, NULL, &e))
      g_error("cart: %s", e->message);
  }
  PosTotals t;
  if (!pos_cart_totals(cart, &t, &e))
    g_error("totals: %s", e->message);
  if (k % 2)
    pos_cart_add_tender(cart, POS_TENDER_CARD, t.total, "A12345", &e);
  else
    pos_cart_add_tender(cart, POS_TENDER_CASH, (t.total / 10000 + 1) * 10000, NULL, &e);
  g_autoptr(PosSale) s = pos_sale_from_cart(cart, t_ms, &e);
  if (s == NULL)
    g_error("sale: %s", e->message);
  g_snprintf(s->receipt_no, sizeof s->receipt_no, "B%03d-%.4s%.2s%.2s-%04d", d,
             s->business_day, s->business_day + 5, s->business_day + 8, k % 10000);
  char id[POS_UUID_LEN + 1];
  pos_uuid7(t_ms, id);
  g_autoptr(cJSON) ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "kind", "sale");
  cJSON_AddNumberToObject(ev, "device_time_ms", (double)s->device_time_ms);
  cJSON_AddStringToObject(ev, "business_day", s->business_day);
  cJSON_AddItemToObject(ev, "doc", wire_sale_to_json(s));
  char *raw = cJSON_PrintUnformatted(ev);
  g_string_append(out, raw);
  cJSON_free(raw);
}

/* ---- Devices ---------------------------------------------------------------- */

typedef struct {
  int device;
  GPtrArray *bodies;       /* char*: the batches this device sends */
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
  g_autofree char *url = g_strconcat(base, "/v1/events", NULL);
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

/* CPU seconds (user + system) the hub process has used so far. */
static double hub_cpu(GPid pid)
{
  g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int)pid), *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return 0;
  const char *p = strrchr(text, ')');
  unsigned long ut = 0, st = 0;
  if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
                          &st) != 2)
    return 0;
  return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int64_t clock_ms = 1764115200000LL;   /* 2025-11-26 09:00 KST, advancing */

/* One run with n_dev devices; returns sales/s, appends latencies. */
static double run(int n_dev, int sales, GArray *lat)
{
  Device devs[MAX_DEVICES];
  int per = sales / n_dev;
  for (int d = 0; d < n_dev; d++) {
    devs[d] = (Device){d, g_ptr_array_new_with_free_func(g_free),
                       g_array_new(FALSE, FALSE, sizeof(int64_t)), 0, FALSE};
    for (int k = 0; k < per; k += BATCH) {
      GString *b = g_string_new("{\"device_id\":\"BENCH\",\"events\":[");
      for (int i = k; i < MIN(k + BATCH, per); i++) {
        if (i > k)
          g_string_append_c(b, ',');
        sale_event(b, d, i, clock_ms += 1000);
      }
      g_string_append(b, "]}");
      g_ptr_array_add(devs[d].bodies, g_string_free(b, FALSE));
    }
  }
  GThread *threads[MAX_DEVICES];
  gint64 t0 = g_get_monotonic_time();
  for (int d = 0; d < n_dev; d++)
    threads[d] = g_thread_new("device", device_run, &devs[d]);
  guint64 accepted = 0;
  gboolean failed = FALSE;
  for (int d = 0; d < n_dev; d++) {
    g_thread_join(threads[d]);
    accepted += devs[d].accepted;
    failed |= devs[d].failed;
  }
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  for (int d = 0; d < n_dev; d++) {
    g_array_append_vals(lat, devs[d].latency_us->data, devs[d].latency_us->len);
    g_array_unref(devs[d].latency_us);
    g_ptr_array_unref(devs[d].bodies);
  }
  if (failed || accepted != (guint64)(per * n_dev))
    g_error("run with %d devices: %" G_GUINT64_FORMAT " of %d accepted", n_dev, accepted,
            per * n_dev);
  return (double)accepted / secs;
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
  g_strlcpy(base, h->base, sizeof base);
  return h;
}

/* One market with 100 stalls, through the admin CLI. */
static void setup(void)
{
  hub_cmd((const char *[]){"init", NULL});
  hub_cmd((const char *[]){"market", "add", "B01", "--name", "벤치시장", NULL});
  for (int d = 0; d < MAX_DEVICES; d++) {
    char code[8];
    g_snprintf(code, sizeof code, "S%03d", d);
    hub_cmd((const char *[]){"stall", "add", code, "--market", "B01", "--name", "점포", NULL});
  }
}

/* Each stall's device enrolls over HTTP, as a till does. */
static void enroll_all(void)
{
  CURL *c = curl_easy_init();
  g_autoptr(GString) answer = g_string_new(NULL);
  g_autofree char *url = g_strconcat(base, "/v1/enroll", NULL);
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
** Device counts from the command line (default 1, 10, 100); each count
** gets RUNS fresh sets of documents on the same hub.
*/
int main(int argc, char **argv)
{
  int sales = argc > 1 ? atoi(argv[1]) : 20000, runs = argc > 2 ? atoi(argv[2]) : 3;
  int counts[8] = {1, 10, 100}, n_counts = 3;
  if (argc > 3) {
    n_counts = 0;
    for (int i = 3; i < argc && n_counts < 8; i++)
      counts[n_counts++] = CLAMP(atoi(argv[i]), 1, MAX_DEVICES);
  }
  if (sales < BATCH || runs < 1)
    g_error("usage: bench-ingest [SALES>=200 [RUNS [DEVICES...]]]");
  curl_global_init(CURL_GLOBAL_DEFAULT);
  hub_path = hub_program(argv[0]);
  g_autofree char *dir = g_dir_make_tmp("bench-ingest-XXXXXX", NULL);
  db_path = g_build_filename(dir, "hub.sqlite", NULL);
  catalog[0] = pos_product_new_simple(1, "사과", "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  catalog[1] = pos_product_new_simple(2, "김치", "BANCHAN", POS_UNIT_KG, 12000, POS_TAX_TAXABLE);
  catalog[2] = pos_product_new_simple(3, "고등어", "FISH", POS_UNIT_PIECE, 5000, POS_TAX_EXEMPT);
  catalog[3] = pos_product_new_simple(4, "돼지고기", "MEAT", POS_UNIT_KG, 21000, POS_TAX_EXEMPT);
  catalog[4] = pos_product_new_simple(5, "가래떡", "TTEOK", POS_UNIT_PIECE, 3500, POS_TAX_TAXABLE);
  setup();
  MbHub *hub = start_hub();
  enroll_all();
  printf("hub ingest: %d sales a run in batches of %d, %d runs, database %s\n", sales, BATCH,
         runs, db_path);
  printf("| devices | median sales/s | min | max | p50 request | p99 request | hub CPU per sale |\n"
         "| --- | --- | --- | --- | --- | --- | --- |\n");
  for (int i = 0; i < n_counts; i++) {
    g_autoptr(GArray) lat = g_array_new(FALSE, FALSE, sizeof(int64_t));
    double rate[32];
    int n = MIN(runs, 32);
    double cpu0 = hub_cpu(hub->pid);
    for (int r = 0; r < n; r++)
      rate[r] = run(counts[i], sales, lat);
    double cpu_us = (hub_cpu(hub->pid) - cpu0) * 1e6 / ((double)n * (sales / counts[i]) * counts[i]);
    qsort(rate, (size_t)n, sizeof *rate, cmp_dbl);
    qsort(lat->data, lat->len, sizeof(int64_t), cmp_i64);
    int64_t *l = (int64_t *)lat->data;
    printf("| %d | %.0f | %.0f | %.0f | %.1f ms | %.1f ms | %.0f µs |\n", counts[i], rate[n / 2],
           rate[0], rate[n - 1], (double)l[lat->len / 2] / 1000.0,
           (double)l[(lat->len * 99) / 100] / 1000.0, cpu_us);
    fflush(stdout);
  }
  mb_hub_stop(hub);
  for (int d = 0; d < MAX_DEVICES; d++)
    g_free(tokens[d]);
  for (int i = 0; i < 5; i++)
    pos_product_free(catalog[i]);
  g_autofree char *wal = g_strconcat(db_path, "-wal", NULL), *shm = g_strconcat(db_path, "-shm", NULL);
  unlink(db_path);
  unlink(wal);
  unlink(shm);
  rmdir(dir);
  g_free(db_path);
  g_free(hub_path);
  curl_global_cleanup();
  return 0;
}
