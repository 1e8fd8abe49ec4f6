/*
** test-hub-hostile.c: the hub against hostile and broken HTTP clients
** (issue 12, items 6, 7, 9 and 10): ambiguous framing and oversized
** headers answered with the protocol's JSON error, the header deadline,
** the per-address connection cap, a thousand slow connections from one
** address while another address syncs, small bodies without a token, the
** rate limits with 429 and Retry-After, TLS older than 1.2 refused, the
** plain-HTTP warning and the access log.
**
** The hostile clients are raw sockets (libcurl would not send a broken
** request, nor trickle one); the clients that must still be served bind
** to 127.0.0.2, another loopback address, so the hub sees two addresses
** on one machine.  Each test starts its own hub with the limits it
** tests, small enough to be reached in a second or two.
*/
#include "hub-testutil.h"
#include <arpa/inet.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define ATTACKER "127.0.0.1"
#define NEIGHBOUR "127.0.0.2"

typedef struct {
  char *dir;
  char *db;
} Fx;

static void fx_setup(Fx *f, gconstpointer data)
{
  (void)data;
  f->dir = tu_tmpdir();
  f->db = g_build_filename(f->dir, "hub.sqlite", NULL);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL),
                  ==, 0);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         "행복청과", NULL),
                  ==, 0);
}

static void fx_teardown(Fx *f, gconstpointer data)
{
  (void)data;
  g_free(f->db);
  tu_tmpdir_free(f->dir);
}

/* ---- Raw sockets ------------------------------------------------------------- */

/* A TCP connection to 127.0.0.1:port from the source address; -1 when refused. */
static int connect_from(const char *source, guint16 port)
{
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint(fd, >=, 0);
  struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
  inet_pton(AF_INET, source, &src.sin_addr);
  inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
  dst.sin_port = htons(port);
  g_assert_cmpint(bind(fd, (struct sockaddr *)&src, sizeof src), ==, 0);
  if (connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void send_all(int fd, const char *data, gsize len)
{
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n <= 0)
      return;   /* the hub closed it: what the caller looks at next */
    data += n;
    len -= (gsize)n;
  }
}

/*
** Reads until the hub closes the connection or timeout_ms pass; *closed
** says which.  The bytes read are returned (transfer full).
*/
static char *read_until_closed(int fd, int timeout_ms, gboolean *closed)
{
  GString *got = g_string_new(NULL);
  gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  *closed = FALSE;
  for (;;) {
    gint64 left = (deadline - g_get_monotonic_time()) / 1000;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (left <= 0 || poll(&p, 1, (int)left) <= 0)
      break;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      *closed = TRUE;
      break;
    }
    g_string_append_len(got, buf, n);
  }
  return g_string_free(got, FALSE);
}

/* An answer read off a socket. */
typedef struct {
  int status;                 /* 0: none */
  char *headers;              /* the header block, lower-cased */
  char *body;
  gint64 micros;              /* from sending to the answer's end */
} Answer;

static void answer_clear(Answer *a)
{
  g_free(a->headers);
  g_free(a->body);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Answer, answer_clear)

/* Splits a raw HTTP answer (one, closed by the server or complete). */
static void parse_answer(const char *raw, Answer *a)
{
  const char *end = strstr(raw, "\r\n\r\n");
  a->status = 0;
  if (g_str_has_prefix(raw, "HTTP/1.") && strlen(raw) > 12)
    a->status = atoi(raw + 9);
  a->headers = g_ascii_strdown(raw, end ? end - raw : -1);
  a->body = g_strdup(end ? end + 4 : "");
}

/*
** Sends a whole request from the source address and reads until the hub
** closes (the requests say Connection: close, or are refused early).
*/
static void exchange(const char *source, guint16 port, const char *request, gsize len,
                     Answer *a)
{
  gint64 t0 = g_get_monotonic_time();
  int fd = connect_from(source, port);
  g_assert_cmpint(fd, >=, 0);
  send_all(fd, request, len);
  gboolean closed = FALSE;
  g_autofree char *raw = read_until_closed(fd, 10000, &closed);
  close(fd);
  parse_answer(raw, a);
  a->micros = g_get_monotonic_time() - t0;
}

/* A request's JSON error code must be the one named, with its status. */
static void assert_json_error(const Answer *a, int status, const char *code)
{
  if (a->status != status)
    g_error("status %d, expected %d: %s", a->status, status, a->body);
  g_assert_nonnull(strstr(a->headers, "content-type: application/json"));
  g_autofree char *got = ht_error_code(a->body);
  g_assert_cmpstr(got, ==, code);
}

/* GET path with an optional token, from the source address. */
static void get_from(const char *source, guint16 port, const char *path, const char *token,
                     Answer *a)
{
  g_autofree char *auth = token ? g_strdup_printf("Authorization: Bearer %s\r\n", token)
                                : g_strdup("");
  g_autofree char *req = g_strdup_printf("GET %s HTTP/1.1\r\nHost: hub\r\n%s"
                                         "Connection: close\r\n\r\n", path, auth);
  exchange(source, port, req, strlen(req), a);
}

/* POST body to path with an optional token, from the source address. */
static void post_from(const char *source, guint16 port, const char *path, const char *token,
                      const char *body, Answer *a)
{
  g_autofree char *auth = token ? g_strdup_printf("Authorization: Bearer %s\r\n", token)
                                : g_strdup("");
  g_autofree char *req = g_strdup_printf("POST %s HTTP/1.1\r\nHost: hub\r\n%s"
                                         "Content-Type: application/json\r\n"
                                         "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                         path, auth, strlen(body), body);
  exchange(source, port, req, strlen(req), a);
}

/* A batch of one fresh sale, as a till sends it (transfer full). */
static char *one_sale_batch(const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = g_build_filename(dir, "till", NULL);
  g_assert_cmpint(g_mkdir_with_parents(sub, 0700), ==, 0);
  g_autoptr(PosLedger) l = tu_ledger(sub, "행복청과", 10);
  g_autoptr(PosProduct) p = tu_product(l, 1, "사과", "FRUIT", POS_UNIT_PIECE, 3000,
                                       POS_TAX_EXEMPT);
  g_assert_true(pos_ledger_open_day(l, 50000, &error));
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, p, 2000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
  g_autoptr(PosSale) s = NULL;
  g_assert_true(pos_ledger_commit_sale(l, cart, &s, &error));
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ht_doc_event(s));
  return ht_batch(events);
}

/* The hub's resident memory in KiB, from /proc. */
static gint64 hub_rss_kib(GPid pid)
{
  g_autofree char *path = g_strdup_printf("/proc/%d/status", (int)pid);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  const char *rss = strstr(text, "VmRSS:");
  g_assert_nonnull(rss);
  return g_ascii_strtoll(rss + 6, NULL, 10);
}

/* ---- Item 6: every answer the protocol's --------------------------------------- */

/*
** Two framings of one body are refused before any body is read, in the
** JSON error, and the connection is closed after the answer (its unread
** bytes must never become a next request).
*/
static void test_framing(Fx *f, gconstpointer data)
{
  (void)data;
  HtHub *h = ht_hub_start(f->db, NULL);
  const char *cases[] = {
    /* two lengths that differ */
    "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\n"
    "{\"a\":",
    /* two that agree: still two parsers' choice */
    "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
    /* chunked and a length */
    "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n"
    "Content-Length: 7\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    /* an encoding microhttpd would read to the end of the connection */
    "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: gzip\r\n\r\n{}",
    /* HTTP/1.1 without Host */
    "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_auto(Answer) a = {0};
    exchange(ATTACKER, h->port, cases[i], strlen(cases[i]), &a);
    g_test_message("case %u: %d %s", i, a.status, a.body);
    assert_json_error(&a, 400, "bad_request");
    g_assert_nonnull(strstr(a.body, "ambiguous request"));
  }
  /* the hub still serves */
  g_auto(Answer) ok = {0};
  get_from(NEIGHBOUR, h->port, "/healthz", NULL, &ok);
  g_assert_cmpint(ok.status, ==, 200);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** Headers over the hub's own limit (16 KiB) but within the connection's
** memory get the JSON too_large, not the library's HTML, and not a 200.
*/
static void test_header_size(Fx *f, gconstpointer data)
{
  (void)data;
  HtHub *h = ht_hub_start(f->db, NULL);
  g_autofree char *pad = g_strnfill(20 * 1024, 'a');
  g_autofree char *req = g_strdup_printf("GET /healthz HTTP/1.1\r\nHost: hub\r\nX-Pad: %s\r\n"
                                         "Connection: close\r\n\r\n", pad);
  g_auto(Answer) a = {0};
  exchange(ATTACKER, h->port, req, strlen(req), &a);
  assert_json_error(&a, 413, "too_large");
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/* ---- Item 7: hostile clients ------------------------------------------------------ */

/*
** A client trickling its headers a line every 300 ms, and one that sends
** nothing, are both cut at the header deadline (2 s here), although each
** keeps the other timeout (30 s of idleness) from ever running out.
*/
static void test_header_deadline(Fx *f, gconstpointer data)
{
  (void)data;
  const char *extra[] = {"--header-timeout", "2", NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  int idle = connect_from(ATTACKER, h->port);
  int slow = connect_from(ATTACKER, h->port);
  g_assert_cmpint(idle, >=, 0);
  g_assert_cmpint(slow, >=, 0);
  const char *start = "GET /healthz HTTP/1.1\r\nHost: hub\r\n";
  send_all(slow, start, strlen(start));
  gint64 t0 = g_get_monotonic_time();
  gboolean slow_closed = FALSE;
  for (int i = 0; i < 40 && !slow_closed; i++) {
    send_all(slow, "X-Slow: 1\r\n", 11);
    g_autofree char *got = read_until_closed(slow, 300, &slow_closed);
    g_assert_cmpstr(got, ==, "");   /* no answer: there is no request to answer */
  }
  gint64 slow_us = g_get_monotonic_time() - t0;
  g_assert_true(slow_closed);
  g_assert_cmpint(slow_us, <, 4 * G_USEC_PER_SEC);
  gboolean idle_closed = FALSE;
  g_autofree char *idle_got = read_until_closed(idle, 3000, &idle_closed);
  g_assert_true(idle_closed);
  close(idle);
  close(slow);
  /* both show in the metrics as timeouts */
  g_autofree char *admin = ht_secret(f->db, "user", "add", "root", "--role", "admin", NULL);
  g_autofree char *metrics = NULL;
  g_assert_cmpint(ht_http("GET", h, "/metrics", admin, NULL, &metrics), ==, 200);
  g_assert_nonnull(strstr(metrics, "mhub_rejects_total{code=\"timeout\"} 2"));
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** One address may hold --max-per-address connections (4 here): of eight
** it opens, four stay and the others are closed unanswered, while another
** address is served at once.  (Three may stay: the hub may not yet have
** counted out its own start-up health check's connection.)
*/
static void test_per_address(Fx *f, gconstpointer data)
{
  (void)data;
  const char *extra[] = {"--max-per-address", "4", NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  int fds[8];
  for (guint i = 0; i < G_N_ELEMENTS(fds); i++) {
    fds[i] = connect_from(ATTACKER, h->port);
    g_assert_cmpint(fds[i], >=, 0);
  }
  g_usleep(500 * 1000);   /* the hub has accepted them, or closed them */
  guint open = 0;
  for (guint i = 0; i < G_N_ELEMENTS(fds); i++) {
    gboolean closed = FALSE;
    g_autofree char *got = read_until_closed(fds[i], 50, &closed);
    g_assert_cmpstr(got, ==, "");
    open += !closed;
  }
  g_assert_cmpuint(open, <=, 4);
  g_assert_cmpuint(open, >=, 3);
  g_auto(Answer) ok = {0};
  get_from(NEIGHBOUR, h->port, "/healthz", NULL, &ok);
  g_assert_cmpint(ok.status, ==, 200);
  g_assert_cmpint(ok.micros, <, G_USEC_PER_SEC);
  for (guint i = 0; i < G_N_ELEMENTS(fds); i++)
    close(fds[i]);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** The finding itself: one address opens 1,000 connections and trickles
** headers on every one it keeps.  Meanwhile another address gets /healthz
** and a real sync (a sale stored) within a second, and the hub stays under
** 300 MB.  The hub runs with its defaults.
*/
static void test_slow_crowd(Fx *f, gconstpointer data)
{
  (void)data;
  HtHub *h = ht_hub_start(f->db, NULL);
  g_autofree char *token = ht_enroll(h, f->db, "S001", "69SG");
  g_autofree char *batch = one_sale_batch(f->dir);
  enum { CROWD = 1000 };
  g_autofree int *fds = g_new(int, CROWD);
  const char *start = "POST /v1/events HTTP/1.1\r\nHost: hub\r\n";
  for (guint i = 0; i < CROWD; i++) {
    fds[i] = connect_from(ATTACKER, h->port);
    if (fds[i] >= 0)
      send_all(fds[i], start, strlen(start));
  }
  gint64 worst_healthz = 0, worst_sync = 0, peak_rss = 0;
  for (int round = 0; round < 3; round++) {
    for (guint i = 0; i < CROWD; i++)
      if (fds[i] >= 0)
        send_all(fds[i], "X-Slow: 1\r\n", 11);
    g_auto(Answer) hz = {0};
    get_from(NEIGHBOUR, h->port, "/healthz", NULL, &hz);
    g_assert_cmpint(hz.status, ==, 200);
    worst_healthz = MAX(worst_healthz, hz.micros);
    g_auto(Answer) sync = {0};
    if (round == 0) {
      post_from(NEIGHBOUR, h->port, "/v1/events", token, batch, &sync);
      g_assert_cmpint(sync.status, ==, 200);
      g_autofree char *results = ht_results(sync.body);
      g_assert_cmpstr(results, ==, "accepted");
      worst_sync = sync.micros;
    }
    peak_rss = MAX(peak_rss, hub_rss_kib(h->pid));
    g_usleep(300 * 1000);
  }
  g_test_message("healthz %.1f ms, sync %.1f ms, hub RSS %" G_GINT64_FORMAT " KiB",
                 worst_healthz / 1000.0, worst_sync / 1000.0, peak_rss);
  g_assert_cmpint(worst_healthz, <, G_USEC_PER_SEC);
  g_assert_cmpint(worst_sync, <, G_USEC_PER_SEC);
  g_assert_cmpint(peak_rss, <, 300 * 1024);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM doc"), ==, 1);
  for (guint i = 0; i < CROWD; i++)
    if (fds[i] >= 0)
      close(fds[i]);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** Enrollment has no token, so its body limit is small: a declared 4 MiB
** is refused at once (413, before a byte of it), not waited for.
*/
static void test_enroll_body(Fx *f, gconstpointer data)
{
  (void)data;
  HtHub *h = ht_hub_start(f->db, NULL);
  const char *req = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                    "Content-Length: 4194304\r\n\r\n{\"code\":";
  g_auto(Answer) a = {0};
  exchange(ATTACKER, h->port, req, strlen(req), &a);
  assert_json_error(&a, 413, "too_large");
  g_assert_nonnull(strstr(a.headers, "connection: close"));
  g_assert_cmpint(a.micros, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** --enroll-rate 3: three tries of wrong codes are answered (not_found),
** the fourth gets 429 with Retry-After, even with a good code; another
** address still enrolls.
*/
static void test_enroll_rate(Fx *f, gconstpointer data)
{
  (void)data;
  const char *extra[] = {"--enroll-rate", "3", NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  const char *wrong = "{\"code\":\"AAAA-BBBB-CCCC\",\"device_id\":\"69SG\",\"stall_name\":\"x\"}";
  for (int i = 0; i < 3; i++) {
    g_auto(Answer) a = {0};
    post_from(ATTACKER, h->port, "/v1/enroll", NULL, wrong, &a);
    assert_json_error(&a, 404, "not_found");
  }
  g_autofree char *code = ht_secret(f->db, "enroll-code", "--stall", "S001", NULL);
  g_autofree char *good = g_strdup_printf(
    "{\"code\":\"%s\",\"device_id\":\"69SG\",\"stall_name\":\"행복청과\"}", code);
  g_auto(Answer) limited = {0};
  post_from(ATTACKER, h->port, "/v1/enroll", NULL, good, &limited);
  assert_json_error(&limited, 429, "rate_limited");
  const char *retry = strstr(limited.headers, "retry-after: ");
  g_assert_nonnull(retry);
  int secs = atoi(retry + 13);
  g_assert_cmpint(secs, >=, 1);
  g_assert_cmpint(secs, <=, 60);
  g_auto(Answer) other = {0};
  post_from(NEIGHBOUR, h->port, "/v1/enroll", NULL, good, &other);
  g_assert_cmpint(other.status, ==, 200);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** --auth-fail-rate 3: after three bad tokens from an address, even a good
** token from it gets 429 (it is not tried); another address is not
** affected.
*/
static void test_auth_rate(Fx *f, gconstpointer data)
{
  (void)data;
  const char *extra[] = {"--auth-fail-rate", "3", NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  g_autofree char *admin = ht_secret(f->db, "user", "add", "root", "--role", "admin", NULL);
  g_autofree char *bad = g_strnfill(64, 'a');
  for (int i = 0; i < 3; i++) {
    g_auto(Answer) a = {0};
    get_from(ATTACKER, h->port, "/v1/markets", bad, &a);
    assert_json_error(&a, 401, "unauthorized");
  }
  g_auto(Answer) limited = {0};
  get_from(ATTACKER, h->port, "/v1/markets", admin, &limited);
  assert_json_error(&limited, 429, "rate_limited");
  g_assert_nonnull(strstr(limited.headers, "retry-after: "));
  g_auto(Answer) other = {0};
  get_from(NEIGHBOUR, h->port, "/v1/markets", admin, &other);
  g_assert_cmpint(other.status, ==, 200);
  /* routes without a token are not limited */
  g_auto(Answer) hz = {0};
  get_from(ATTACKER, h->port, "/healthz", NULL, &hz);
  g_assert_cmpint(hz.status, ==, 200);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/* ---- Items 9 and 10: transport and the access log ------------------------------------ */

/* A hub child whose standard error goes to a file. */
typedef struct {
  GSubprocess *proc;
  guint16 port;
} LoggedHub;

static LoggedHub logged_hub_start(const char *db, const char *log, const char *listen,
                                  const char *const *extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)tu_env("MPOS_HUB"));
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, (char *)db);
  g_ptr_array_add(argv, (char *)"serve");
  g_ptr_array_add(argv, (char *)"--listen");
  g_ptr_array_add(argv, (char *)listen);
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add(argv, (char *)extra[i]);
  g_ptr_array_add(argv, NULL);
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path(l, log);
  LoggedHub hub = {0};
  hub.proc = g_subprocess_launcher_spawnv(l, (const char *const *)argv->pdata, &error);
  g_assert_no_error(error);
  g_autoptr(GDataInputStream) out =
    g_data_input_stream_new(g_subprocess_get_stdout_pipe(hub.proc));
  g_autofree char *line = g_data_input_stream_read_line(out, NULL, NULL, &error);
  g_assert_no_error(error);
  g_assert_nonnull(line);
  const char *colon = strrchr(line, ':');
  g_assert_nonnull(colon);
  hub.port = (guint16)atoi(colon + 1);
  return hub;
}

static void logged_hub_stop(LoggedHub *hub)
{
  g_subprocess_send_signal(hub->proc, SIGTERM);
  g_assert_true(g_subprocess_wait(hub->proc, NULL, NULL));
  g_assert_cmpint(g_subprocess_get_exit_status(hub->proc), ==, 0);
  g_clear_object(&hub->proc);
}

/*
** One line per request: time, address, method, path without its query,
** status, bytes, milliseconds and the caller; never the token.  A cut
** connection is a 408 line; --no-access-log writes none.
*/
static void test_access_log(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *log = g_build_filename(f->dir, "hub.log", NULL);
  g_autofree char *admin = ht_secret(f->db, "user", "add", "root", "--role", "admin", NULL);
  g_autofree char *code = ht_secret(f->db, "enroll-code", "--stall", "S001", NULL);
  const char *extra[] = {"--header-timeout", "1", NULL};
  LoggedHub hub = logged_hub_start(f->db, log, "127.0.0.1:0", extra);
  g_auto(Answer) a = {0}, b = {0}, c = {0}, d = {0};
  get_from(NEIGHBOUR, hub.port, "/v1/markets?secret=hunter2", admin, &a);
  g_assert_cmpint(a.status, ==, 200);
  g_autofree char *enroll = g_strdup_printf(
    "{\"code\":\"%s\",\"device_id\":\"69SG\",\"stall_name\":\"행복청과\"}", code);
  post_from(ATTACKER, hub.port, "/v1/enroll", NULL, enroll, &b);
  g_assert_cmpint(b.status, ==, 200);
  g_autoptr(cJSON) answer = cJSON_Parse(b.body);
  const cJSON *tok = cJSON_GetObjectItemCaseSensitive(answer, "token");
  g_assert_true(cJSON_IsString(tok));
  get_from(ATTACKER, hub.port, "/v1/stalls/S001/summary?from=2026-11-01&to=2026-11-02",
           tok->valuestring, &c);
  g_assert_cmpint(c.status, ==, 200);
  get_from(ATTACKER, hub.port, "/no%0Aforged line", NULL, &d);
  g_assert_cmpint(d.status, ==, 404);
  int idle = connect_from(ATTACKER, hub.port);
  gboolean closed = FALSE;
  g_autofree char *nothing = read_until_closed(idle, 3000, &closed);
  g_assert_true(closed);
  close(idle);
  logged_hub_stop(&hub);

  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
  g_test_message("%s", text);
  g_assert_null(strstr(text, admin));
  g_assert_null(strstr(text, tok->valuestring));
  g_assert_null(strstr(text, "hunter2"));
  g_autoptr(GRegex) markets = g_regex_new(
    "^20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z 127\\.0\\.0\\.2 GET /v1/markets 200"
    " \\d+ \\d+\\.\\d{3} user:root$", G_REGEX_MULTILINE, 0, NULL);
  g_assert_true(g_regex_match(markets, text, 0, NULL));
  g_assert_nonnull(strstr(text, " 127.0.0.1 POST /v1/enroll 200 "));
  g_autoptr(GRegex) device = g_regex_new(
    " 127\\.0\\.0\\.1 GET /v1/stalls/S001/summary 200 \\d+ \\d+\\.\\d{3} device:69SG@stall:\\d+$",
    G_REGEX_MULTILINE, 0, NULL);
  g_assert_true(g_regex_match(device, text, 0, NULL));
  g_assert_nonnull(strstr(text, " GET /no%0Aforged%20line 404 "));
  g_assert_nonnull(strstr(text, " 127.0.0.1 - - 408 0 "));

  /* and off */
  g_assert_cmpint(g_unlink(log), ==, 0);
  const char *quiet[] = {"--no-access-log", NULL};
  hub = logged_hub_start(f->db, log, "127.0.0.1:0", quiet);
  g_auto(Answer) e = {0};
  get_from(NEIGHBOUR, hub.port, "/healthz", NULL, &e);
  g_assert_cmpint(e.status, ==, 200);
  logged_hub_stop(&hub);
  g_autofree char *none = NULL;
  g_assert_true(g_file_get_contents(log, &none, NULL, NULL));
  g_assert_cmpstr(none, ==, "market-hub: stopped (signal 15)\n");
}

/* Plain HTTP off loopback is warned about on every start; on loopback not. */
static void test_plain_warning(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *log = g_build_filename(f->dir, "hub.log", NULL);
  const char *quiet[] = {"--no-access-log", NULL};
  const char *listens[] = {"0.0.0.0:0", "127.0.0.1:0", "[::1]:0"};
  for (guint i = 0; i < G_N_ELEMENTS(listens); i++) {
    LoggedHub hub = logged_hub_start(f->db, log, listens[i], quiet);
    logged_hub_stop(&hub);
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
    gboolean warned = strstr(text, "warning: serving plain HTTP on") != NULL;
    g_assert_cmpint(warned, ==, i == 0);
  }
}

/*
** Stopping a full hub: more workers asked for than connections allowed
** (64 for 8 and the busy reserve, 24), and every connection taken, so
** every worker is at its share; SIGTERM must still stop it within
** seconds.  microhttpd splits the connection limit between its workers
** and stops them through the listening socket unless told to use its
** inter-thread channel, and a worker with a share of 0 never watches that
** socket: the hub hung here (as with a bare --max-connections 2).
*/
static void test_stop_when_full(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *log = g_build_filename(f->dir, "hub.log", NULL);
  const char *extra[] = {"--max-connections", "8", "--threads", "64", "--no-access-log", NULL};
  LoggedHub hub = logged_hub_start(f->db, log, "127.0.0.1:0", extra);
  int fds[24];
  for (guint i = 0; i < G_N_ELEMENTS(fds); i++)
    fds[i] = connect_from(ATTACKER, hub.port);
  g_usleep(500 * 1000);
  g_subprocess_send_signal(hub.proc, SIGTERM);
  gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  gboolean exited = FALSE;
  /* GSubprocess reaps the child in GLib's worker thread; its identifier
  ** goes NULL then */
  while (!exited && g_get_monotonic_time() < deadline) {
    exited = g_subprocess_get_identifier(hub.proc) == NULL;
    if (!exited)
      g_usleep(50 * 1000);
  }
  if (!exited)
    g_subprocess_force_exit(hub.proc);
  g_assert_true(g_subprocess_wait(hub.proc, NULL, NULL));
  g_assert_true(exited);
  g_assert_true(g_subprocess_get_if_exited(hub.proc));
  g_assert_cmpint(g_subprocess_get_exit_status(hub.proc), ==, 0);
  g_clear_object(&hub.proc);
  for (guint i = 0; i < G_N_ELEMENTS(fds); i++)
    if (fds[i] >= 0)
      close(fds[i]);
}

/* openssl s_client at one TLS version: TRUE when the handshake succeeded. */
static gboolean tls_handshake(const char *openssl, guint16 port, const char *version)
{
  g_autofree char *connect = g_strdup_printf("127.0.0.1:%u", port);
  /* SECLEVEL=0 lets the client offer the old versions at all */
  char *argv[] = {(char *)openssl, "s_client", "-connect", connect, (char *)version,
                  "-cipher", "DEFAULT@SECLEVEL=0", NULL};
  g_autoptr(GSubprocess) p = g_subprocess_newv((const char *const *)argv,
                                               G_SUBPROCESS_FLAGS_STDIN_PIPE
                                                 | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                 | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                               NULL);
  g_assert_nonnull(p);
  g_output_stream_close(g_subprocess_get_stdin_pipe(p), NULL, NULL);
  g_assert_true(g_subprocess_wait(p, NULL, NULL));
  return g_subprocess_get_if_exited(p) && g_subprocess_get_exit_status(p) == 0;
}

/* TLS 1.0 and 1.1 are refused, 1.2 and 1.3 served. */
static void test_tls_versions(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *openssl = g_find_program_in_path("openssl");
  g_assert_nonnull(openssl);   /* scripts/install-deps.sh, group test */
  g_autofree char *cert = g_build_filename(f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename(f->dir, "key.pem", NULL);
  char *argv[] = {openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                  "-days", "2", "-subj", "/CN=127.0.0.1", NULL};
  g_assert_cmpint(tu_run(argv, NULL, NULL), ==, 0);
  const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  g_assert_false(tls_handshake(openssl, h->port, "-tls1"));
  g_assert_false(tls_handshake(openssl, h->port, "-tls1_1"));
  g_assert_true(tls_handshake(openssl, h->port, "-tls1_2"));
  g_assert_true(tls_handshake(openssl, h->port, "-tls1_3"));
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/* A thousand sockets of the crowd, and the hubs' own. */
static void raise_file_limit(void)
{
  struct rlimit rl;
  g_assert_cmpint(getrlimit(RLIMIT_NOFILE, &rl), ==, 0);
  rl.rlim_cur = rl.rlim_max;
  g_assert_cmpint(setrlimit(RLIMIT_NOFILE, &rl), ==, 0);
  g_assert_cmpuint(rl.rlim_cur, >=, 1200);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  raise_file_limit();
#define ADD(name, fn) g_test_add("/hub/hostile/" name, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("framing", test_framing);
  ADD("header-size", test_header_size);
  ADD("header-deadline", test_header_deadline);
  ADD("per-address", test_per_address);
  ADD("slow-crowd", test_slow_crowd);
  ADD("enroll-body", test_enroll_body);
  ADD("enroll-rate", test_enroll_rate);
  ADD("auth-rate", test_auth_rate);
  ADD("access-log", test_access_log);
  ADD("plain-warning", test_plain_warning);
  ADD("tls-versions", test_tls_versions);
  ADD("stop-when-full", test_stop_when_full);
  int rc = g_test_run();
  curl_global_cleanup();
  return rc;
}
