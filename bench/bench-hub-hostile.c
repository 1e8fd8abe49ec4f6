/*
** bench-hub-hostile.c: what a neighbour sees of the hub while one address
** attacks it.
**
**   bench-hub-hostile [SECONDS [CONNECTIONS [uncapped]]]   (defaults 10 and 1000)
**
** Sets up a hub database with one market and one stall, enrolls the
** stall's device, and starts `market-hub serve` on 127.0.0.1 with its
** defaults (and --no-access-log, so the attack's thousands of lines do not
** go to the terminal); "uncapped" lifts the per-address and total
** connection caps (--max-per-address and --max-connections 10000), so the
** attacker really holds its connections and what is measured is the
** worker pool and the deadlines alone.  Then, for SECONDS each, five
** phases:
**
**   quiet      no attack, the reference;
**   slow       CONNECTIONS connections from 127.0.0.1, each sending a
**              request's first line and then one header line every 500 ms,
**              reopened a second after the hub closes one;
**   idle       the same number, sending nothing;
**   oversized  250 connections declaring 4 MiB bodies to POST /v1/enroll
**              and sending 16 KiB of it every 100 ms;
**   bad tokens two threads sending GET /v1/markets with made-up tokens as
**              fast as the hub answers.
**
** Meanwhile a neighbour on 127.0.0.2 asks GET /healthz every 100 ms and
** syncs a real sale (POST /v1/events, one new sale, which must come back
** "accepted") every 500 ms, each on a new connection, and the hub's
** resident memory is read from /proc every 100 ms.  Printed per phase: the
** attacker's connections open at the end, the neighbour's /healthz and
** sync latency (median, p99, max, and how many got no 200), and the hub's
** peak RSS; at the end the hub's VmHWM.  The hub is found through MPOS_HUB
** or next to this program.  Figures go to docs/BENCHMARKS.md ("Hostile
** clients").
*/
#include "bench-hub.h"
#include "mb-hub.h"
#include "wire-codec.h"
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define ATTACKER "127.0.0.1"
#define NEIGHBOUR "127.0.0.2"

static char *hub_path;
static char *db_path;
static guint16 port;
static GPid hub_pid;
static char *token;
static PosProduct *apple;

/* market-hub --db DB ARGS... of this run; its last line of output. */
static char *hub_cmd(const char *const *args)
{
  return bench_hub_cmd(hub_path, db_path, args);
}

/* ---- Sockets ---------------------------------------------------------------- */

/* A non-blocking TCP connection to the hub from a source address; -1 on failure. */
static int connect_from(const char *source)
{
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
  inet_pton(AF_INET, source, &src.sin_addr);
  inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
  dst.sin_port = htons(port);
  if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0
      || connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* One request on a new connection from the neighbour; the status (0: none). */
static int exchange(const char *request, gsize len, GString *answer)
{
  g_string_truncate(answer, 0);
  int fd = connect_from(NEIGHBOUR);
  if (fd < 0)
    return 0;
  struct timeval tv = {.tv_sec = 10};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (gsize off = 0; off < len;) {
    ssize_t n = send(fd, request + off, len - off, MSG_NOSIGNAL);
    if (n <= 0)
      break;
    off += (gsize)n;
  }
  char buf[8192];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0)
    g_string_append_len(answer, buf, n);
  close(fd);
  return g_str_has_prefix(answer->str, "HTTP/1.") && answer->len > 12 ? atoi(answer->str + 9)
                                                                      : 0;
}

/* A batch of one new sale (the hub must accept it). Transfer full. */
static char *sale_batch(void)
{
  g_autoptr(GError) e = NULL;
  PosCartRules rules = {10, 60};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  if (!pos_cart_add(cart, apple, 2000, NULL, &e)
      || !pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &e))
    g_error("cart: %s", e->message);
  int64_t now = pos_now_ms();
  g_autoptr(PosSale) s = pos_sale_from_cart(cart, now, &e);
  if (s == NULL)
    g_error("sale: %s", e->message);
  static gint receipt;
  g_snprintf(s->receipt_no, sizeof s->receipt_no, "H-%06d", g_atomic_int_add(&receipt, 1));
  char id[POS_UUID_LEN + 1];
  pos_uuid7(now, id);
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "kind", "sale");
  cJSON_AddNumberToObject(ev, "device_time_ms", (double)s->device_time_ms);
  cJSON_AddStringToObject(ev, "business_day", s->business_day);
  cJSON_AddItemToObject(ev, "doc", wire_sale_to_json(s));
  g_autoptr(cJSON) batch = cJSON_CreateObject();
  cJSON_AddStringToObject(batch, "device_id", "H001");
  cJSON_AddNumberToObject(batch, "sent_ms", (double)now);
  cJSON *events = cJSON_AddArrayToObject(batch, "events");
  cJSON_AddItemToArray(events, ev);
  char *raw = cJSON_PrintUnformatted(batch);
  char *out = g_strdup(raw);
  cJSON_free(raw);
  return out;
}

/* The hub's VmRSS or VmHWM in KiB. */
static gint64 hub_memory_kib(const char *field)
{
  g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)hub_pid);
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return 0;
  const char *f = strstr(text, field);
  return f ? g_ascii_strtoll(f + strlen(field), NULL, 10) : 0;
}

/* ---- The attack ------------------------------------------------------------- */

typedef enum { ATTACK_NONE, ATTACK_SLOW, ATTACK_IDLE, ATTACK_OVERSIZED, ATTACK_TOKENS } Attack;

static const char *const attack_names[] = {"quiet", "slow", "idle", "oversized", "bad tokens"};

typedef struct {
  Attack kind;
  guint slots;
  volatile gint stop;
  gint open_at_end;
} AttackRun;

/* Whether the hub closed the socket (EOF or reset); reads what it sent. */
static gboolean hub_closed(int fd)
{
  char buf[4096];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0)
      return TRUE;
    if (n < 0)
      return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

/*
** Slow, idle and oversized clients: one thread keeps `slots` sockets,
** ticking every 100 ms; a socket the hub closed is reopened a second later.
*/
static gpointer connections_main(gpointer data)
{
  AttackRun *run = data;
  static const char slow_start[] = "POST /v1/events HTTP/1.1\r\nHost: hub\r\n";
  static const char big_start[] = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Content-Length: 4194304\r\n\r\n";
  static char chunk[16 * 1024];
  memset(chunk, ' ', sizeof chunk);
  g_autofree int *fds = g_new(int, run->slots);
  g_autofree gint64 *retry = g_new0(gint64, run->slots);
  for (guint i = 0; i < run->slots; i++)
    fds[i] = -1;
  for (guint tick = 0; !g_atomic_int_get(&run->stop); tick++) {
    gint64 now = g_get_monotonic_time();
    for (guint i = 0; i < run->slots; i++) {
      if (fds[i] >= 0 && hub_closed(fds[i])) {
        close(fds[i]);
        fds[i] = -1;
        retry[i] = now + G_USEC_PER_SEC;
      }
      if (fds[i] < 0 && now >= retry[i]) {
        fds[i] = connect_from(ATTACKER);
        retry[i] = now + G_USEC_PER_SEC;
        if (fds[i] >= 0 && run->kind == ATTACK_SLOW)
          send(fds[i], slow_start, sizeof slow_start - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (fds[i] >= 0 && run->kind == ATTACK_OVERSIZED)
          send(fds[i], big_start, sizeof big_start - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        continue;
      }
      if (fds[i] >= 0 && run->kind == ATTACK_SLOW && tick % 5 == 0)
        send(fds[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (fds[i] >= 0 && run->kind == ATTACK_OVERSIZED)
        send(fds[i], chunk, sizeof chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    g_usleep(100 * 1000);
  }
  gint open = 0;
  for (guint i = 0; i < run->slots; i++)
    if (fds[i] >= 0) {
      open += !hub_closed(fds[i]);
      close(fds[i]);
    }
  g_atomic_int_add(&run->open_at_end, open);
  return NULL;
}

/* Made-up tokens as fast as the hub answers, each on a new connection. */
static gpointer tokens_main(gpointer data)
{
  AttackRun *run = data;
  g_autoptr(GString) answer = g_string_new(NULL);
  guint64 n = 0;
  while (!g_atomic_int_get(&run->stop)) {
    g_autofree char *req = g_strdup_printf("GET /v1/markets HTTP/1.1\r\nHost: hub\r\n"
                                           "Authorization: Bearer %064" G_GINT64_MODIFIER "x\r\n"
                                           "Connection: close\r\n\r\n", (gint64)++n);
    int fd = connect_from(ATTACKER);
    if (fd < 0)
      continue;
    send(fd, req, strlen(req), MSG_NOSIGNAL);
    char buf[1024];
    while (recv(fd, buf, sizeof buf, 0) > 0)
      ;
    close(fd);
  }
  return NULL;
}

/* ---- The neighbour ------------------------------------------------------------ */

static int cmp_i64(const void *a, const void *b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return (x > y) - (x < y);
}

/* Median, p99 and max of a latency list, in ms, sorted in place. */
static void percentiles(GArray *us, double *p50, double *p99, double *max)
{
  *p50 = *p99 = *max = 0;
  if (us->len == 0)
    return;
  qsort(us->data, us->len, sizeof(gint64), cmp_i64);
  const gint64 *v = (const gint64 *)us->data;
  *p50 = v[us->len / 2] / 1000.0;
  *p99 = v[MIN(us->len - 1, (us->len * 99) / 100)] / 1000.0;
  *max = v[us->len - 1] / 1000.0;
}

/* One phase: the attack in its threads, the neighbour here. */
static void phase(Attack kind, int seconds, guint connections)
{
  AttackRun run = {.kind = kind, .slots = kind == ATTACK_OVERSIZED ? 250 : connections};
  GThread *threads[2] = {NULL, NULL};
  if (kind == ATTACK_SLOW || kind == ATTACK_IDLE || kind == ATTACK_OVERSIZED)
    threads[0] = g_thread_new("attack", connections_main, &run);
  if (kind == ATTACK_TOKENS)
    for (int i = 0; i < 2; i++)
      threads[i] = g_thread_new("attack", tokens_main, &run);
  g_usleep(2 * G_USEC_PER_SEC);   /* the attack is in place */
  g_autoptr(GArray) healthz = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) sync = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GString) answer = g_string_new(NULL);
  guint healthz_failed = 0, sync_failed = 0;
  gint64 peak = 0, end = g_get_monotonic_time() + (gint64)seconds * G_USEC_PER_SEC;
  static const char hz[] = "GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n";
  for (guint tick = 0; g_get_monotonic_time() < end; tick++) {
    gint64 t0 = g_get_monotonic_time();
    int st = exchange(hz, sizeof hz - 1, answer);
    gint64 us = g_get_monotonic_time() - t0;
    if (st == 200)
      g_array_append_val(healthz, us);
    else
      healthz_failed++;
    if (tick % 5 == 0) {
      g_autofree char *batch = sale_batch();
      g_autofree char *req = g_strdup_printf(
        "POST /v1/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\n"
        "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
        token, strlen(batch), batch);
      t0 = g_get_monotonic_time();
      st = exchange(req, strlen(req), answer);
      us = g_get_monotonic_time() - t0;
      if (st == 200 && strstr(answer->str, "\"accepted\""))
        g_array_append_val(sync, us);
      else
        sync_failed++;
    }
    peak = MAX(peak, hub_memory_kib("VmRSS:"));
    gint64 rest = t0 + 100 * 1000 - g_get_monotonic_time();
    if (rest > 0)
      g_usleep((gulong)rest);
  }
  g_atomic_int_set(&run.stop, 1);
  for (int i = 0; i < 2; i++)
    if (threads[i])
      g_thread_join(threads[i]);
  double h50, h99, hmax, s50, s99, smax;
  percentiles(healthz, &h50, &h99, &hmax);
  percentiles(sync, &s50, &s99, &smax);
  printf("| %s | %d | %.1f / %.1f / %.1f ms | %u | %.1f / %.1f / %.1f ms | %u | %.0f MB |\n",
         attack_names[kind], run.open_at_end, h50, h99, hmax, healthz_failed, s50, s99, smax,
         sync_failed, peak / 1024.0);
  fflush(stdout);
}

/* The crowd's sockets need more than the usual 1024 descriptors. */
static void raise_file_limit(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
}

int main(int argc, char **argv)
{
  int seconds = argc > 1 ? atoi(argv[1]) : 10;
  int connections = argc > 2 ? atoi(argv[2]) : 1000;
  gboolean uncapped = argc > 3 && strcmp(argv[3], "uncapped") == 0;
  if (seconds < 1 || connections < 1 || connections > 100000 || (argc > 3 && !uncapped))
    g_error("usage: bench-hub-hostile [SECONDS [CONNECTIONS [uncapped]]]");
  raise_file_limit();
  hub_path = bench_hub_program(argv[0]);
  g_autofree char *dir = g_dir_make_tmp("bench-hub-hostile-XXXXXX", NULL);
  db_path = g_build_filename(dir, "hub.sqlite", NULL);
  apple = pos_product_new_simple(1, "사과", "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  hub_cmd((const char *[]){"init", NULL});
  hub_cmd((const char *[]){"market", "add", "B01", "--name", "벤치시장", NULL});
  hub_cmd((const char *[]){"stall", "add", "S001", "--market", "B01", "--name", "점포", NULL});
  static const char *const capped[] = {"--no-access-log", NULL};
  static const char *const lifted[] = {"--no-access-log", "--max-per-address", "10000",
                                       "--max-connections", "10000", NULL};
  g_autoptr(GError) e = NULL;
  MbHub *h = mb_hub_start(hub_path, db_path, NULL, uncapped ? lifted : capped, 0, &e);
  if (h == NULL)
    g_error("starting the hub: %s", e->message);
  port = h->port;
  hub_pid = h->pid;
  g_autofree char *code = hub_cmd((const char *[]){"enroll-code", "--stall", "S001", NULL});
  g_autofree char *enroll = g_strdup_printf(
    "{\"code\":\"%s\",\"device_id\":\"H001\",\"stall_name\":\"점포\"}", code);
  g_autofree char *req = g_strdup_printf(
    "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(enroll), enroll);
  g_autoptr(GString) answer = g_string_new(NULL);
  if (exchange(req, strlen(req), answer) != 200)
    g_error("enroll: %s", answer->str);
  g_autoptr(cJSON) o = cJSON_Parse(strstr(answer->str, "\r\n\r\n") + 4);
  token = g_strdup(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "token")));
  printf("hostile clients: %d s a phase, %d connections from %s, neighbour %s, %s\n",
         seconds, connections, ATTACKER, NEIGHBOUR,
         uncapped ? "connection caps lifted" : "the hub's defaults");
  printf("| attack | attacker's connections open | /healthz p50 / p99 / max | failed |"
         " sync p50 / p99 / max | failed | hub peak RSS |\n"
         "| --- | --- | --- | --- | --- | --- | --- |\n");
  for (Attack a = ATTACK_NONE; a <= ATTACK_TOKENS; a++)
    phase(a, seconds, (guint)connections);
  printf("hub VmHWM (peak resident memory of the whole run): %.0f MB\n",
         hub_memory_kib("VmHWM:") / 1024.0);
  int status = mb_hub_stop(h);
  pos_product_free(apple);
  g_free(token);
  g_free(hub_path);
  g_free(db_path);
  return status == 0 ? 0 : 1;
}
