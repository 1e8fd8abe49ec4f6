/*
** test-sync-client.c: the stall's sync client without a hub.
**
**   /sync-client/backoff        full jitter stays in [0, min(cap, base*2^n)],
**                               spreads over that range, never overflows
**   /sync-client/url-policy     https anywhere; http only to loopback unless
**                               allowed; other schemes and junk refused
**   /sync-client/batch-count    batches stop at 200 events, in outbox order
**   /sync-client/batch-bytes    big documents: the 1 MiB bound holds and is
**                               filled; a single oversized event goes alone
**   /sync-client/events         sale, void, product and day_close events carry
**                               what PROTOCOL.md says
**   /sync-client/missing-doc    an event whose document is gone is marked
**                               rejected locally, listed, and does not block
**   /sync-client/offline        refused connection and a silent server: OFFLINE
**                               within the timeouts, outbox untouched
**   /sync-client/not-enrolled   no token or hub: NOT_ENROLLED; an http hub on
**                               another host: INSECURE before any traffic
**   /sync-client/cancel         a cancelled sync stops with CANCELLED
**   /sync-client/cli            `stall sync` exit codes 5 and 7, --status lists
**                               rejected events; the token is never printed
**
** The real hub is exercised in test-sync-e2e.c.  Sockets here are bound to
** 127.0.0.1 on ports the kernel picks, so the test runs anywhere.
*/
#include "pos.h"
#include "sync-client.h"
#include "wire-codec.h"
#include "testutil.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>

#define TOKEN "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

/* ---- Fixtures -------------------------------------------------------------- */

typedef struct {
  char *dir;
  char *path;
  PosLedger *ledger;
  PosProduct *apple, *tofu;
} Stall;

/* A fresh, initialised stall with two products (one taxable, one exempt). */
static void stall_init(Stall *s)
{
  g_autoptr(GError) error = NULL;
  s->dir = tu_tmpdir();
  s->path = g_build_filename(s->dir, "ledger.sqlite", NULL);
  /* NORMAL: thousands of test sales without an fsync each. */
  s->ledger = pos_ledger_open_full(s->path, POS_SYNC_NORMAL, pos_ledger_schema_version(),
                                   &error);
  g_assert_no_error(error);
  g_assert_true(pos_ledger_init_stall(s->ledger, "행복청과", 1, &error));
  g_assert_no_error(error);
  s->apple = pos_product_new();
  s->apple->plu = 1;
  s->apple->name = g_strdup("사과");
  s->apple->line_code = g_strdup("FRUIT");
  s->apple->unit = POS_UNIT_PIECE;
  s->apple->price = 3000;
  s->apple->tax = POS_TAX_EXEMPT;
  g_assert_true(pos_ledger_product_save(s->ledger, s->apple, &error));
  g_assert_no_error(error);
  s->tofu = pos_product_new();
  s->tofu->plu = 2;
  s->tofu->name = g_strdup("손두부");
  s->tofu->line_code = g_strdup("TOFU");
  s->tofu->unit = POS_UNIT_PIECE;
  s->tofu->price = 2500;
  s->tofu->tax = POS_TAX_TAXABLE;
  g_assert_true(pos_ledger_product_save(s->ledger, s->tofu, &error));
  g_assert_no_error(error);
}

/* Closes the ledger before removing its directory (WAL files included). */
static void stall_clear(Stall *s)
{
  pos_ledger_close(s->ledger);
  pos_product_free(s->apple);
  pos_product_free(s->tofu);
  tu_tmpdir_free(s->dir);
  g_free(s->path);
  memset(s, 0, sizeof *s);
}

/* Rings one cash sale of n_lines lines (alternating products); returns its id. */
static char *ring(Stall *s, guint n_lines)
{
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(s->ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  PosMoney due = 0;
  for (guint i = 0; i < n_lines; i++) {
    const PosProduct *p = i % 2 ? s->tofu : s->apple;
    g_assert_true(pos_cart_add(cart, p, 1000, NULL, &error));
    g_assert_no_error(error);
    due += p->price;
  }
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, due, NULL, &error));
  g_assert_no_error(error);
  g_autoptr(PosSale) sale = NULL;
  g_assert_true(pos_ledger_commit_sale(s->ledger, cart, &sale, &error));
  g_assert_no_error(error);
  return g_strdup(sale->id);
}

/* Enrolls the stall by hand (as sync_client_enroll would) with hub_url. */
static void fake_enroll(Stall *s, const char *hub_url)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(pos_ledger_set_secret(s->ledger, "device_token", TOKEN, &error));
  g_assert_true(pos_ledger_set_setting(s->ledger, "stall_code", "S001", &error));
  g_assert_true(pos_ledger_set_setting(s->ledger, "hub_url", hub_url, &error));
  g_assert_no_error(error);
}

/* Pending outbox events: the quantity a push must never lose. */
static int64_t pending_count(Stall *s)
{
  int64_t pending = -1;
  g_assert_true(pos_ledger_outbox_counts(s->ledger, &pending, NULL, NULL, NULL));
  return pending;
}

/* Parses a batch body and checks its envelope; returns the events array. */
static cJSON *parse_batch(const char *body, cJSON **root)
{
  *root = cJSON_Parse(body);
  g_assert_nonnull(*root);
  const cJSON *dev = cJSON_GetObjectItemCaseSensitive(*root, "device_id");
  g_assert_true(cJSON_IsString(dev));
  g_assert_cmpuint(strlen(dev->valuestring), >=, 4);
  g_assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(*root, "sent_ms")));
  cJSON *events = cJSON_GetObjectItemCaseSensitive(*root, "events");
  g_assert_true(cJSON_IsArray(events));
  return events;
}

/* ---- Backoff ------------------------------------------------------------------- */

/* Bounds, spread and overflow of the full-jitter delay, on a seeded generator. */
static void test_backoff(void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed(42);
  const guint64 base = 100, cap = 5000;
  for (guint attempt = 0; attempt < 80; attempt++) {
    guint64 bound = attempt < 6 ? base << attempt : cap;   /* 100..3200, then 5000 */
    if (bound > cap)
      bound = cap;
    guint64 lo = G_MAXUINT64, hi = 0, sum = 0;
    for (int i = 0; i < 2000; i++) {
      guint64 v = sync_backoff_ms(attempt, base, cap, rand);
      g_assert_cmpuint(v, <=, bound);
      lo = MIN(lo, v);
      hi = MAX(hi, v);
      sum += v;
    }
    /* Full jitter: the draws cover the range, low and high, mean near half. */
    g_assert_cmpuint(lo, <=, bound / 10);
    g_assert_cmpuint(hi, >=, bound - bound / 10);
    g_assert_cmpuint(sum / 2000, >=, bound * 4 / 10);
    g_assert_cmpuint(sum / 2000, <=, bound * 6 / 10);
  }
  /* Huge attempts and bases do not overflow past the cap. */
  g_assert_cmpuint(sync_backoff_ms(G_MAXUINT, base, cap, rand), <=, cap);
  g_assert_cmpuint(sync_backoff_ms(3, G_MAXUINT64 / 2, G_MAXUINT64, rand), <=, G_MAXUINT64);
  g_assert_cmpuint(sync_backoff_ms(5, 0, cap, rand), ==, 0);
  g_assert_cmpuint(sync_backoff_ms(0, base, cap, NULL), <=, base);
}

/* ---- URL policy ------------------------------------------------------------------ */

/* Each URL with the verdict the policy must give, one table so gaps show. */
static void test_url_policy(void)
{
  static const struct {
    const char *url;
    gboolean allow_http;
    int code;   /* 0: accepted */
  } cases[] = {
    {"https://hub.example.kr", FALSE, 0},
    {"https://10.0.0.1:8443/mpos", FALSE, 0},
    {"http://127.0.0.1:8080", FALSE, 0},
    {"http://127.200.3.4", FALSE, 0},
    {"http://localhost:9000/", FALSE, 0},
    {"http://LOCALHOST", FALSE, 0},
    {"http://[::1]:8080", FALSE, 0},
    {"http://[::ffff:127.0.0.1]:8080", FALSE, 0},
    {"http://10.0.0.1:8080", FALSE, SYNC_ERROR_INSECURE},
    {"http://10.0.0.1:8080", TRUE, 0},
    {"http://192.168.0.10", FALSE, SYNC_ERROR_INSECURE},
    {"http://128.0.0.1", FALSE, SYNC_ERROR_INSECURE},
    {"http://127.0.0.1.evil.example", FALSE, SYNC_ERROR_INSECURE},
    {"http://localhost.evil.example", FALSE, SYNC_ERROR_INSECURE},
    {"http://[::2]", FALSE, SYNC_ERROR_INSECURE},
    {"http://hub.example.kr", FALSE, SYNC_ERROR_INSECURE},
    {"ftp://127.0.0.1/", FALSE, SYNC_ERROR_BAD_URL},
    {"file:///etc/passwd", TRUE, SYNC_ERROR_BAD_URL},
    {"not a url", FALSE, SYNC_ERROR_BAD_URL},
    {"", FALSE, SYNC_ERROR_BAD_URL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    gboolean ok = sync_url_check(cases[i].url, cases[i].allow_http, &error);
    if (cases[i].code == 0) {
      g_assert_no_error(error);
      g_assert_true(ok);
    } else {
      if (!g_error_matches(error, SYNC_ERROR, cases[i].code))
        g_error("%s: expected %s, got %s", cases[i].url,
                sync_error_code_name(cases[i].code),
                error ? sync_error_code_name(error->code) : "success");
      g_assert_false(ok);
    }
  }
  g_assert_false(sync_url_check(NULL, FALSE, NULL));
}

/* ---- Batches ------------------------------------------------------------------- */

/* 452 events go out as 200, 200, 52, in outbox order, unmarked until answered. */
static void test_batch_count(void)
{
  Stall s;
  stall_init(&s);
  for (int i = 0; i < 450; i++)
    g_free(ring(&s, 1));
  SyncClientOptions o;
  sync_client_options_init(&o);
  g_autoptr(GError) error = NULL;
  /* 2 product events + 450 sales = 452: batches of 200, 200, 52. */
  guint sizes[3];
  int64_t prev_time = 0;
  for (int b = 0; b < 3; b++) {
    g_autoptr(GPtrArray) ids = NULL;
    guint local = 0;
    g_autofree char *body = sync_client_next_batch(s.ledger, &o, 1000 + b, &ids, &local,
                                                   &error);
    g_assert_no_error(error);
    g_assert_nonnull(body);
    g_assert_cmpuint(strlen(body), <=, SYNC_BATCH_MAX_BYTES);
    g_autoptr(cJSON) root = NULL;
    cJSON *events = parse_batch(body, &root);
    sizes[b] = (guint)cJSON_GetArraySize(events);
    g_assert_cmpuint(sizes[b], ==, ids->len);
    /* Outbox order: the ids in the body are the ids reported, in order. */
    for (guint i = 0; i < ids->len; i++) {
      const cJSON *ev = cJSON_GetArrayItem(events, (int)i);
      g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(ev, "id")->valuestring, ==,
                      g_ptr_array_index(ids, i));
      const cJSON *t = cJSON_GetObjectItemCaseSensitive(ev, "device_time_ms");
      g_assert_true(cJSON_IsNumber(t));
      g_assert_cmpint((int64_t)t->valuedouble, >=, prev_time);
      prev_time = (int64_t)t->valuedouble;
    }
    /* Nothing is marked until the hub answers: the same batch comes again. */
    g_autoptr(GPtrArray) again = NULL;
    g_autofree char *body2 = sync_client_next_batch(s.ledger, &o, 1000 + b, &again, NULL,
                                                    &error);
    g_assert_cmpstr(body2, ==, body);
    for (guint i = 0; i < ids->len; i++)
      g_assert_true(pos_ledger_outbox_mark(s.ledger, g_ptr_array_index(ids, i),
                                           POS_OUTBOX_SENT, NULL, NULL, &error));
  }
  g_assert_cmpuint(sizes[0], ==, 200);
  g_assert_cmpuint(sizes[1], ==, 200);
  g_assert_cmpuint(sizes[2], ==, 52);
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *none = sync_client_next_batch(s.ledger, &o, 1, &ids, NULL, &error);
  g_assert_no_error(error);
  g_assert_null(none);
  g_assert_null(ids);
  /* A smaller count bound is honoured too. */
  g_free(ring(&s, 1));
  g_free(ring(&s, 1));
  o.max_events = 1;
  g_autofree char *one = sync_client_next_batch(s.ledger, &o, 1, &ids, NULL, &error);
  g_assert_cmpuint(ids->len, ==, 1);
  stall_clear(&s);
}

/* Large documents: the byte bound holds, batches are filled, none is stuck. */
static void test_batch_bytes(void)
{
  Stall s;
  stall_init(&s);
  g_autoptr(GError) error = NULL;
  /* 40 sales of 400 lines: roughly 150 KB each, so bytes bind before count. */
  for (int i = 0; i < 40; i++)
    g_free(ring(&s, 400));
  SyncClientOptions o;
  sync_client_options_init(&o);
  guint total = 0, batches = 0;
  for (;;) {
    g_autoptr(GPtrArray) ids = NULL;
    g_autofree char *body = sync_client_next_batch(s.ledger, &o, 1, &ids, NULL, &error);
    g_assert_no_error(error);
    if (body == NULL)
      break;
    gsize len = strlen(body);
    g_assert_cmpuint(len, <=, SYNC_BATCH_MAX_BYTES);
    g_autoptr(cJSON) root = NULL;
    cJSON *events = parse_batch(body, &root);
    g_assert_cmpuint((guint)cJSON_GetArraySize(events), ==, ids->len);
    /* Filled: another document would not have fitted (unless none was left). */
    if (pending_count(&s) > ids->len) {
      const cJSON *last = cJSON_GetArrayItem(events, cJSON_GetArraySize(events) - 1);
      g_autofree char *one = cJSON_PrintUnformatted(last);
      g_assert_cmpuint(len + 1 + strlen(one), >, SYNC_BATCH_MAX_BYTES);
    }
    total += ids->len;
    batches++;
    for (guint i = 0; i < ids->len; i++)
      g_assert_true(pos_ledger_outbox_mark(s.ledger, g_ptr_array_index(ids, i),
                                           POS_OUTBOX_SENT, NULL, NULL, &error));
  }
  g_assert_cmpuint(total, ==, 42);
  g_assert_cmpuint(batches, >=, 4);
  g_assert_cmpuint(batches, <, 42);

  /* A bound below one event: each event goes alone, none is stuck. */
  for (int i = 0; i < 3; i++)
    g_free(ring(&s, 1));
  o.max_bytes = 100;
  for (int i = 0; i < 3; i++) {
    g_autoptr(GPtrArray) ids = NULL;
    g_autofree char *body = sync_client_next_batch(s.ledger, &o, 1, &ids, NULL, &error);
    g_assert_no_error(error);
    g_assert_nonnull(body);
    g_assert_cmpuint(ids->len, ==, 1);
    g_assert_cmpuint(strlen(body), >, 100);
    g_assert_true(pos_ledger_outbox_mark(s.ledger, g_ptr_array_index(ids, 0),
                                         POS_OUTBOX_SENT, NULL, NULL, &error));
  }
  stall_clear(&s);
}

/* The nth event of a kind in a batch, or NULL. */
static const cJSON *event_of_kind(const cJSON *events, const char *kind, int nth)
{
  const cJSON *ev;
  cJSON_ArrayForEach(ev, events) {
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(ev, "kind");
    if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0 && nth-- == 0)
      return ev;
  }
  return NULL;
}

/* One event of each kind, checked field by field against PROTOCOL.md. */
static void test_events(void)
{
  Stall s;
  stall_init(&s);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ring(&s, 3);
  g_autoptr(PosSale) voided = NULL;
  g_assert_true(pos_ledger_void(s.ledger, id, "wrong item", &voided, &error));
  g_assert_no_error(error);
  PosZReport z;
  g_assert_true(pos_ledger_close_day(s.ledger, 0, &z, &error));
  g_assert_no_error(error);
  SyncClientOptions o;
  sync_client_options_init(&o);
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *body = sync_client_next_batch(s.ledger, &o, 77, &ids, NULL, &error);
  g_assert_no_error(error);
  g_autoptr(cJSON) root = NULL;
  cJSON *events = parse_batch(body, &root);
  g_assert_cmpint(cJSON_GetArraySize(events), ==, 5);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(root, "sent_ms")->valuedouble, ==, 77);

  const cJSON *prod = event_of_kind(events, "product", 1);
  g_assert_nonnull(prod);
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(prod, "product");
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(p, "plu")->valueint, ==, 2);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(p, "line")->valuestring, ==, "TOFU");
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(p, "tax")->valuestring, ==, "taxable");
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(p, "price")->valuedouble, ==, 2500);
  g_assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "active")));
  g_assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(p, "barcode")));

  const cJSON *sale = event_of_kind(events, "sale", 0);
  const cJSON *doc = cJSON_GetObjectItemCaseSensitive(sale, "doc");
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(doc, "id")->valuestring, ==, id);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(sale, "business_day")->valuestring, ==,
                  cJSON_GetObjectItemCaseSensitive(doc, "business_day")->valuestring);
  /* The document round-trips through the hub's decoder. */
  g_autoptr(PosSale) back = wire_sale_from_json(doc, &error);
  g_assert_no_error(error);
  g_assert_cmpint(back->totals.total, ==, 3000 + 2500 + 3000);

  const cJSON *v = event_of_kind(events, "void", 0);
  const cJSON *vdoc = cJSON_GetObjectItemCaseSensitive(v, "doc");
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(vdoc, "original_id")->valuestring, ==, id);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(vdoc, "total")->valuedouble, ==, -8500);

  const cJSON *close = event_of_kind(events, "day_close", 0);
  const cJSON *dc = cJSON_GetObjectItemCaseSensitive(close, "day_close");
  g_assert_nonnull(dc);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(dc, "z_no")->valueint, ==, z.z_no);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(dc, "total")->valuedouble, ==, 0);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(close, "business_day")->valuestring, ==,
                  z.business_day);
  pos_zreport_clear(&z);
  stall_clear(&s);
}

/* A damaged row is rejected locally and listed; the good events still go. */
static void test_missing_doc(void)
{
  Stall s;
  stall_init(&s);
  g_autoptr(GError) error = NULL;
  /* A row whose document does not exist, as a damaged file could hold. */
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open(s.path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db,
                               "INSERT INTO outbox(event_id, kind, ref, created_ms) VALUES("
                               "'01900000-0000-7000-8000-000000000001', 'sale', 'gone', 1)",
                               NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close(db);
  g_autofree char *id = ring(&s, 1);
  SyncClientOptions o;
  sync_client_options_init(&o);
  g_autoptr(GPtrArray) ids = NULL;
  guint local = 0;
  g_autofree char *body = sync_client_next_batch(s.ledger, &o, 1, &ids, &local, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(local, ==, 1);
  g_assert_cmpuint(ids->len, ==, 3);   /* two products and the real sale */
  g_assert_null(strstr(body, "01900000-0000-7000-8000-000000000001"));
  g_assert_nonnull(strstr(body, id));
  int64_t rejected = 0;
  g_assert_true(pos_ledger_outbox_counts(s.ledger, NULL, NULL, &rejected, &error));
  g_assert_cmpint(rejected, ==, 1);
  g_autoptr(GPtrArray) list = pos_ledger_outbox_rejected(s.ledger, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(list->len, ==, 1);
  const PosOutboxRow *r = g_ptr_array_index(list, 0);
  g_assert_cmpstr(r->event_id, ==, "01900000-0000-7000-8000-000000000001");
  g_assert_cmpstr(r->reject_code, ==, "missing_locally");
  g_assert_cmpint(r->kind, ==, POS_EVENT_SALE);
  g_assert_cmpint(r->state, ==, POS_OUTBOX_REJECTED);
  g_assert_nonnull(r->reject_message);
  stall_clear(&s);
}

/* ---- Transport failures --------------------------------------------------------- */

/* A 127.0.0.1 port with nothing listening (bound, then released). */
static guint16 dead_port(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock =
    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, 0);
  g_assert_true(g_socket_bind(sock, addr, FALSE, &error));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(sock, &error);
  guint16 port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  g_socket_close(sock, NULL);
  return port;
}

/* A listener that never accepts: connects succeed, no answer ever comes. */
static GSocket *silent_server(guint16 *port)
{
  g_autoptr(GError) error = NULL;
  GSocket *sock =
    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, 0);
  g_assert_true(g_socket_bind(sock, addr, FALSE, &error));
  g_socket_set_listen_backlog(sock, 16);
  g_assert_true(g_socket_listen(sock, &error));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(sock, &error);
  *port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  return sock;
}

/* Refused and silent hubs: typed OFFLINE errors within the timeouts. */
static void test_offline(void)
{
  Stall s;
  stall_init(&s);
  for (int i = 0; i < 5; i++)
    g_free(ring(&s, 1));
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", dead_port());
  fake_enroll(&s, url);
  SyncClientOptions o;
  sync_client_options_init(&o);
  SyncReport rep;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  g_assert_false(sync_client_push(s.ledger, &o, &rep, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_OFFLINE);
  g_assert_true(sync_error_is_transient(error));
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint(pending_count(&s), ==, 7);
  g_assert_cmpuint(rep.accepted + rep.duplicate + rep.rejected, ==, 0);
  /* The token never appears in what a caller could print. */
  g_assert_null(strstr(error->message, TOKEN));
  g_clear_error(&error);

  /* run() retries transient failures with backoff, then gives up. */
  o.backoff_base_ms = 20;
  o.backoff_cap_ms = 40;
  g_assert_false(sync_client_run(s.ledger, &o, 3, &rep, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_OFFLINE);
  g_assert_cmpint(rep.attempts, ==, 3);
  g_clear_error(&error);

  /* A hub that takes the connection and never answers: the request timeout. */
  guint16 port;
  g_autoptr(GSocket) silent = silent_server(&port);
  g_autofree char *url2 = g_strdup_printf("http://127.0.0.1:%u/", port);
  g_assert_true(pos_ledger_set_setting(s.ledger, "hub_url", url2, &error));
  o.request_timeout_ms = 400;
  t0 = g_get_monotonic_time();
  g_assert_false(sync_client_push(s.ledger, &o, &rep, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_OFFLINE);
  g_assert_cmpint(g_get_monotonic_time() - t0, >=, 300 * 1000);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint(pending_count(&s), ==, 7);
  g_clear_error(&error);
  g_assert_true(pos_ledger_check(s.ledger, &error));
  g_assert_no_error(error);
  stall_clear(&s);
}

/* What a retry cannot fix fails at once, without network traffic. */
static void test_not_enrolled(void)
{
  Stall s;
  stall_init(&s);
  g_free(ring(&s, 1));
  SyncClientOptions o;
  sync_client_options_init(&o);
  g_autoptr(GError) error = NULL;
  g_assert_false(sync_client_push(s.ledger, &o, NULL, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_NOT_ENROLLED);
  g_assert_false(sync_error_is_transient(error));
  g_clear_error(&error);
  /* run() does not retry what a retry cannot fix. */
  SyncReport rep;
  o.backoff_base_ms = 10000;
  g_assert_false(sync_client_run(s.ledger, &o, 5, &rep, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_NOT_ENROLLED);
  g_assert_cmpint(rep.attempts, ==, 1);
  g_clear_error(&error);
  /* A hub URL but no token is not enrolled either. */
  g_assert_true(pos_ledger_set_setting(s.ledger, "hub_url", "http://127.0.0.1:9", &error));
  g_assert_false(sync_client_push(s.ledger, &o, NULL, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_NOT_ENROLLED);
  g_clear_error(&error);
  /* Plain http to another host is refused before a byte is sent. */
  fake_enroll(&s, "http://10.0.0.1:8080");
  g_assert_false(sync_client_push(s.ledger, &o, NULL, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_INSECURE);
  g_clear_error(&error);
  SyncEnrollResult er;
  g_assert_false(sync_client_enroll(s.ledger, "http://10.0.0.1:8080", "K7QF-29XM-PL3D", &o,
                                    &er, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_INSECURE);
  g_clear_error(&error);
  g_assert_cmpint(pending_count(&s), ==, 3);
  stall_clear(&s);
}

/* A cancelled GCancellable stops run() before it waits or connects. */
static void test_cancel(void)
{
  Stall s;
  stall_init(&s);
  guint16 port;
  g_autoptr(GSocket) silent = silent_server(&port);
  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", port);
  fake_enroll(&s, url);
  g_autoptr(GCancellable) c = g_cancellable_new();
  g_cancellable_cancel(c);
  SyncClientOptions o;
  sync_client_options_init(&o);
  o.cancellable = c;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  g_assert_false(sync_client_run(s.ledger, &o, 10, NULL, &error));
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_CANCELLED);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
  stall_clear(&s);
}

/* ---- The CLI ------------------------------------------------------------------------ */

static int stall_run(const char *db, char **out, char **err, ...) G_GNUC_NULL_TERMINATED;
static int stall_run(const char *db, char **out, char **err, ...)
{
  va_list ap;
  va_start(ap, err);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_STALL"), db, ap);
  va_end(ap);
  return tu_run((char **)argv->pdata, out, err);
}

/* The stall program: exit codes, JSON output, --status, --retry-rejected. */
static void test_cli(void)
{
  Stall s;
  stall_init(&s);
  g_free(ring(&s, 2));
  g_autofree char *o1 = NULL, *e1 = NULL;
  g_assert_cmpint(stall_run(s.path, &o1, &e1, "--json", "sync", NULL), ==, 5);
  g_assert_nonnull(strstr(o1, "\"not_enrolled\""));
  g_assert_nonnull(strstr(e1, "not_enrolled"));

  g_autofree char *url = g_strdup_printf("http://127.0.0.1:%u", dead_port());
  fake_enroll(&s, url);
  g_autofree char *o2 = NULL, *e2 = NULL;
  g_assert_cmpint(stall_run(s.path, &o2, &e2, "--json", "sync", NULL), ==, 7);
  g_assert_nonnull(strstr(o2, "\"offline\""));
  g_assert_nonnull(strstr(o2, "\"pending\":3"));
  g_assert_null(strstr(o2, TOKEN));
  g_assert_null(strstr(e2, TOKEN));

  /* The sale still commits while the hub is away. */
  g_autofree char *o3 = NULL;
  g_assert_cmpint(stall_run(s.path, &o3, NULL, "sell", "--item", "1=2", "--pay", "cash=6000",
                            NULL), ==, 0);
  g_autofree char *o4 = NULL;
  g_assert_cmpint(stall_run(s.path, &o4, NULL, "--json", "sync", "--loop", "2", NULL), ==, 7);
  g_assert_nonnull(strstr(o4, "\"attempts\":2"));
  g_assert_nonnull(strstr(o4, "\"pending\":4"));

  /* --status: counts and the rejected event with its code and message. */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(s.ledger, 1, &error);
  const PosOutboxRow *row = g_ptr_array_index(rows, 0);
  g_assert_true(pos_ledger_outbox_mark(s.ledger, row->event_id, POS_OUTBOX_REJECTED,
                                       "unreconciled", "lines do not add up", &error));
  g_autofree char *o5 = NULL;
  g_assert_cmpint(stall_run(s.path, &o5, NULL, "--json", "sync", "--status", NULL), ==, 0);
  g_autoptr(cJSON) st = cJSON_Parse(o5);
  g_assert_nonnull(st);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(st, "pending")->valueint, ==, 3);
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(st, "rejected")->valueint, ==, 1);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(st, "stall_code")->valuestring, ==, "S001");
  const cJSON *rej = cJSON_GetArrayItem(
    cJSON_GetObjectItemCaseSensitive(st, "rejected_events"), 0);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(rej, "id")->valuestring, ==,
                  row->event_id);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(rej, "code")->valuestring, ==,
                  "unreconciled");
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(rej, "message")->valuestring, ==,
                  "lines do not add up");
  g_assert_null(strstr(o5, TOKEN));
  g_autofree char *o6 = NULL;
  g_assert_cmpint(stall_run(s.path, &o6, NULL, "sync", "--status", NULL), ==, 0);
  g_assert_nonnull(strstr(o6, "unreconciled: lines do not add up"));
  /* --retry-rejected puts it back in the queue (before this offline push). */
  g_autofree char *o7 = NULL;
  g_assert_cmpint(stall_run(s.path, &o7, NULL, "--json", "sync", "--retry-rejected", NULL),
                  ==, 7);
  g_assert_nonnull(strstr(o7, "\"pending\":4"));
  g_assert_nonnull(strstr(o7, "\"rejected\":0"));

  /* Plain http to a remote host: refused as invalid input, no network. */
  g_autofree char *o8 = NULL;
  g_assert_cmpint(stall_run(s.path, &o8, NULL, "enroll", "--hub", "http://10.0.0.1:1",
                            "--code", "AAAA-BBBB-CCCC", NULL), ==, 3);
  g_autofree char *o9 = NULL;
  g_assert_cmpint(stall_run(s.path, &o9, NULL, "sync", "--loop", "0", NULL), ==, 2);
  stall_clear(&s);
}

/* The stable names scripts depend on. */
static void test_error_names(void)
{
  /* Pinned: scripts key on these. */
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_OFFLINE), ==, "offline");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_HTTP), ==, "http");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_UNAUTHORIZED), ==, "unauthorized");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_PROTOCOL), ==, "protocol");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_TLS), ==, "tls");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_NOT_ENROLLED), ==, "not_enrolled");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_INSECURE), ==, "insecure");
  g_assert_cmpstr(sync_error_code_name(SYNC_ERROR_CODE_USED), ==, "code_used");
  g_assert_cmpstr(sync_error_code_name(9999), ==, "unknown");
}

/* Registers the cases in the order of the header comment. */
int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/sync-client/backoff", test_backoff);
  g_test_add_func("/sync-client/url-policy", test_url_policy);
  g_test_add_func("/sync-client/batch-count", test_batch_count);
  g_test_add_func("/sync-client/batch-bytes", test_batch_bytes);
  g_test_add_func("/sync-client/events", test_events);
  g_test_add_func("/sync-client/missing-doc", test_missing_doc);
  g_test_add_func("/sync-client/offline", test_offline);
  g_test_add_func("/sync-client/not-enrolled", test_not_enrolled);
  g_test_add_func("/sync-client/cancel", test_cancel);
  g_test_add_func("/sync-client/cli", test_cli);
  g_test_add_func("/sync-client/error-names", test_error_names);
  return g_test_run();
}
