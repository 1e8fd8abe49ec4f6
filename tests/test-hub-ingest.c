/*
** test-hub-ingest.c: POST /v1/events against a real hub, with documents
** made by the real stall ledger (pos library) and encoded by the shared
** codec.
**
** A day is rung on a ledger (piece and weighed goods, discounts, rounding,
** cash with change, card, Zero Pay, Onnuri, transfer, a split, a void, two
** partial refunds), closed, and its outbox sent in batches.  Everything is
** accepted once and a duplicate after; the summary equals the Z report to
** the won; every rollup equals what the documents say.  Then bad input of
** every kind, each followed by proof that nothing was stored; and a slow
** client that is cut off after the hub's timeout.
*/
#include "mb-clock.h"
#include "hub-testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define MAX_EVENTS 50
#define MAX_BODY 262144

typedef struct {
  char *dir, *db;
  HtHub *hub;
  char *token;
  PosLedger *ledger;
  PosZReport z;
  GPtrArray *docs;          /* PosSale* of the day, in order */
  GPtrArray *batches;       /* char* bodies as sent */
  PosProduct *p[7];
} Fx;

static Fx fx;

/* Rings one sale at a given Seoul time of the test day. */
static PosSale *ring(const char *hhmm, const int *plus, const int64_t *qty, guint n,
                     PosMoney line_disc, PosMoney sale_disc, PosTenderMethod m1, PosMoney a1,
                     const char *ref1, PosTenderMethod m2, PosMoney a2)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = g_strdup_printf("2026-11-26T%s:00+09:00", hhmm);
  g_setenv("MPOS_NOW", now, TRUE);
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  for (guint i = 0; i < n; i++)
    g_assert_true(pos_cart_add(cart, fx.p[plus[i]], qty[i], NULL, &error));
  if (line_disc)
    g_assert_true(pos_cart_discount_line(cart, 0, line_disc, "단골", &error));
  if (sale_disc)
    g_assert_true(pos_cart_discount_sale(cart, sale_disc, "마감 할인", &error));
  g_assert_true(pos_cart_add_tender(cart, m1, a1, ref1, &error));
  if (a2)
    g_assert_true(pos_cart_add_tender(cart, m2, a2, NULL, &error));
  PosSale *s = NULL;
  if (!pos_ledger_commit_sale(fx.ledger, cart, &s, &error))
    g_error("sale at %s: %s", hhmm, error->message);
  g_ptr_array_add(fx.docs, s);
  return s;
}

/*
** One business day of a stall, with every kind of document and tender, each
** at its own time of day so that the hour rollup has something to show.
*/
static void ring_day(void)
{
  g_autoptr(GError) error = NULL;
  fx.ledger = tu_ledger(fx.dir, "행복청과", 10);
  g_setenv("MPOS_NOW", "2026-11-26T08:00:00+09:00", TRUE);
  fx.p[1] = tu_product(fx.ledger, 1, "사과", "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  fx.p[2] = tu_product(fx.ledger, 2, "배추", "VEG", POS_UNIT_PIECE, 4500, POS_TAX_EXEMPT);
  fx.p[3] = tu_product(fx.ledger, 3, "김치", "BANCHAN", POS_UNIT_KG, 12000, POS_TAX_TAXABLE);
  fx.p[4] = tu_product(fx.ledger, 4, "고등어", "FISH", POS_UNIT_PIECE, 5000, POS_TAX_EXEMPT);
  fx.p[5] = tu_product(fx.ledger, 5, "가래떡", "TTEOK", POS_UNIT_PIECE, 3500, POS_TAX_TAXABLE);
  fx.p[6] = tu_product(fx.ledger, 6, "돼지고기", "MEAT", POS_UNIT_KG, 21000, POS_TAX_EXEMPT);
  g_assert_true(pos_ledger_open_day(fx.ledger, 50000, &error));
  const PosTenderMethod CASH = POS_TENDER_CASH, CARD = POS_TENDER_CARD;
  ring("09:05", (int[]){1, 3}, (int64_t[]){3000, 350}, 2, 0, 0, CASH, 20000, NULL, CASH, 0);
  ring("09:40", (int[]){2, 4}, (int64_t[]){1000, 2000}, 2, 0, 0, CARD, 14500, "A1234", CASH, 0);
  ring("10:15", (int[]){5}, (int64_t[]){2000}, 1, 0, 0, POS_TENDER_ZEROPAY, 7000, "Z77", CASH, 0);
  ring("10:50", (int[]){6}, (int64_t[]){637}, 1, 370, 0, CASH, 13000, NULL, CASH, 0);
  ring("11:20", (int[]){1, 3}, (int64_t[]){2000, 500}, 2, 0, 1000, CARD, 5000, "B55", CASH, 10000);
  ring("12:05", (int[]){4}, (int64_t[]){1000}, 1, 0, 0, POS_TENDER_ONNURI_MOBILE, 5000, "M1",
       CASH, 0);
  ring("13:30", (int[]){2}, (int64_t[]){2000}, 1, 0, 0, POS_TENDER_TRANSFER, 9000, "T9", CASH, 0);
  PosSale *to_void = ring("14:10", (int[]){5, 1}, (int64_t[]){1000, 1000}, 2, 0, 0, CASH, 6500,
                          NULL, CASH, 0);
  PosSale *to_refund = ring("15:00", (int[]){3, 4, 1}, (int64_t[]){1000, 1000, 1000}, 3, 0, 0,
                            CARD, 20000, "C99", CASH, 0);
  ring("16:45", (int[]){1}, (int64_t[]){5000}, 1, 0, 0, POS_TENDER_ONNURI_PAPER, 15000, NULL,
       CASH, 0);
  PosSale *d = NULL;
  g_setenv("MPOS_NOW", "2026-11-26T14:20:00+09:00", TRUE);
  g_assert_true(pos_ledger_void(fx.ledger, to_void->id, "잘못 입력", &d, &error));
  g_ptr_array_add(fx.docs, d);
  g_setenv("MPOS_NOW", "2026-11-26T17:10:00+09:00", TRUE);
  g_assert_true(pos_ledger_refund(fx.ledger, to_refund->id, (int[]){1}, 1, POS_TENDER_CASH,
                                  "상함", &d, &error));
  g_ptr_array_add(fx.docs, d);
  g_setenv("MPOS_NOW", "2026-11-26T17:40:00+09:00", TRUE);
  g_assert_true(pos_ledger_refund(fx.ledger, to_refund->id, (int[]){2}, 1, POS_TENDER_CARD,
                                  "변심", &d, &error));
  g_ptr_array_add(fx.docs, d);
  g_setenv("MPOS_NOW", "2026-11-26T19:00:00+09:00", TRUE);
  g_assert_true(pos_ledger_close_day(fx.ledger, 100000, &fx.z, &error));
}

/* The wire form of one outbox row, with the outbox's own event id. */
static cJSON *encode_row(const PosOutboxRow *row)
{
  g_autoptr(GError) error = NULL;
  cJSON *ev = NULL;
  if (row->kind <= POS_EVENT_REFUND) {
    g_autoptr(PosSale) s = pos_ledger_load_sale(fx.ledger, row->ref, &error);
    g_assert_no_error(error);
    ev = ht_doc_event(s);
  } else {
    ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "kind", pos_event_kind_name(row->kind));
    cJSON_AddNumberToObject(ev, "device_time_ms", (double)row->created_ms);
    cJSON_AddStringToObject(ev, "business_day", "2026-11-26");
    if (row->kind == POS_EVENT_DAY_CLOSE) {
      PosZReport z;
      g_assert_true(pos_ledger_session_report(fx.ledger, g_ascii_strtoll(row->ref, NULL, 10),
                                              &z, &error));
      cJSON_AddItemToObject(ev, "day_close", wire_zreport_to_json(&z));
      pos_zreport_clear(&z);
    } else {
      const PosProduct *p = NULL;
      for (int i = 1; i <= 6; i++)
        if (fx.p[i]->id == g_ascii_strtoll(row->ref, NULL, 10))
          p = fx.p[i];
      g_assert_nonnull(p);
      cJSON *o = cJSON_AddObjectToObject(ev, "product");
      cJSON_AddNumberToObject(o, "plu", p->plu);
      cJSON_AddStringToObject(o, "name", p->name);
      cJSON_AddStringToObject(o, "line", p->line_code);
      cJSON_AddStringToObject(o, "unit", p->unit == POS_UNIT_KG ? "kg" : "piece");
      cJSON_AddNumberToObject(o, "price", (double)p->price);
      cJSON_AddStringToObject(o, "tax", p->tax == POS_TAX_EXEMPT ? "exempt" : "taxable");
      cJSON_AddNullToObject(o, "barcode");
      cJSON_AddBoolToObject(o, "active", p->active);
    }
  }
  cJSON_DeleteItemFromObject(ev, "id");
  cJSON_AddStringToObject(ev, "id", row->event_id);
  return ev;
}

/*
** One hub for the whole file, with limits small enough to test (--timeout 2,
** --max-events 50, --max-body 256 KiB), and the day rung before any test.
*/
static void setup(void)
{
  fx.dir = tu_tmpdir();
  fx.db = ht_db_new(fx.dir, "hub.sqlite");
  fx.docs = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
  fx.batches = g_ptr_array_new_with_free_func(g_free);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         "행복청과", NULL), ==, 0);
  g_autofree char *max_events = g_strdup_printf("%d", MAX_EVENTS);
  g_autofree char *max_body = g_strdup_printf("%d", MAX_BODY);
  const char *extra[] = {"--timeout", "2", "--max-events", max_events, "--max-body", max_body, NULL};
  fx.hub = ht_hub_start(fx.db, extra);
  fx.token = ht_enroll(fx.hub, fx.db, "S001", "69SG");
  ring_day();
}

/* The hub must stop with status 0 (in sanitizer builds: no leaks). */
static void teardown(void)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  pos_zreport_clear(&fx.z);
  for (int i = 1; i <= 6; i++)
    pos_product_free(fx.p[i]);
  pos_ledger_close(fx.ledger);
  g_ptr_array_unref(fx.docs);
  g_ptr_array_unref(fx.batches);
  g_free(fx.token);
  g_free(fx.db);
  tu_tmpdir_free(fx.dir);
}

/* POST as the stall's device. */
static char *post(const char *path, const char *body, long *status)
{
  char *answer = NULL;
  *status = ht_http("POST", fx.hub, path, fx.token, body, &answer);
  return answer;
}

/* Sends the outbox in batches of 7 (voids and refunds land after their originals). */
static void test_accept_then_duplicate(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = pos_ledger_outbox_pending(fx.ledger, 1000, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(rows->len, ==, 6 + 13 + 1);
  g_ptr_array_set_free_func(rows, (GDestroyNotify)pos_outbox_row_free);
  for (guint i = 0; i < rows->len; i += 7) {
    cJSON *events = cJSON_CreateArray();
    for (guint k = i; k < MIN(i + 7, rows->len); k++)
      cJSON_AddItemToArray(events, encode_row(g_ptr_array_index(rows, k)));
    g_ptr_array_add(fx.batches, ht_batch(events));
  }
  for (guint round = 0; round < 2; round++) {
    for (guint b = 0; b < fx.batches->len; b++) {
      long st;
      g_autofree char *ans = post("/v1/events", g_ptr_array_index(fx.batches, b), &st);
      g_assert_cmpint(st, ==, 200);
      g_autofree char *res = ht_results(ans);
      g_auto(GStrv) parts = g_strsplit(res, ",", -1);
      for (guint k = 0; parts[k]; k++)
        g_assert_cmpstr(parts[k], ==, round == 0 ? "accepted" : "duplicate");
    }
    g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM event"), ==, rows->len);
  }
  /* the same documents under new event ids: still duplicates, by document id */
  cJSON *events = cJSON_CreateArray();
  for (guint i = 0; i < fx.docs->len; i++)
    cJSON_AddItemToArray(events, ht_doc_event(g_ptr_array_index(fx.docs, i)));
  g_autofree char *again = ht_batch(events);
  long st;
  g_autofree char *ans = post("/v1/events", again, &st);
  g_assert_cmpint(st, ==, 200);
  g_autofree char *res = ht_results(ans);
  g_assert_null(strstr(res, "accepted"));
  g_assert_null(strstr(res, "rejected"));
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM doc"), ==, 13);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM product"), ==, 6);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM day_close"), ==, 1);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT total FROM day_close"), ==, fx.z.total);
  /* both clocks are kept; the ledger's fixed 2026 clock is far from the hub's */
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM event WHERE received_ms > 0"
                                   " AND device_time_ms > 0"), ==, rows->len);
}

/* A field that must be there and be a number. */
static int64_t json_int(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  g_assert_true(cJSON_IsNumber(v));
  return (int64_t)v->valuedouble;
}

/* A key of a by_* object, 0 when absent. */
static int64_t json_key(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* The summary, read from the rollups, equals the till's Z report to the won. */
static void test_summary_equals_z(void)
{
  g_autofree char *body = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, "/v1/stalls/S001/summary?from=2026-11-26&to=2026-11-26",
                          fx.token, NULL, &body), ==, 200);
  g_autoptr(cJSON) o = cJSON_Parse(body);
  const PosZReport *z = &fx.z;
  g_assert_cmpint(z->voids, ==, 1);
  g_assert_cmpint(z->refunds, ==, 2);
  g_assert_cmpint(json_int(o, "total"), ==, z->total);
  g_assert_cmpint(json_int(o, "taxable"), ==, z->taxable);
  g_assert_cmpint(json_int(o, "supply"), ==, z->supply);
  g_assert_cmpint(json_int(o, "vat"), ==, z->vat);
  g_assert_cmpint(json_int(o, "exempt"), ==, z->exempt);
  g_assert_cmpint(json_int(o, "receipts"), ==, z->receipts - z->voids);
  g_assert_cmpint(json_int(o, "sales"), ==, z->receipts);
  const cJSON *bt = cJSON_GetObjectItemCaseSensitive(o, "by_tender");
  PosMoney sum = 0;
  for (int m = 0; m < POS_TENDER_N; m++) {
    g_assert_cmpint(json_key(bt, pos_tender_method_name((PosTenderMethod)m)), ==, z->by_tender[m]);
    sum += z->by_tender[m];
  }
  g_assert_cmpint(sum, ==, z->total);
  const cJSON *bl = cJSON_GetObjectItemCaseSensitive(o, "by_line");
  g_assert_cmpint(cJSON_GetArraySize(bl), ==, (int)z->by_line->len);
  for (guint i = 0; i < z->by_line->len; i++) {
    const PosLineTotal *t = g_ptr_array_index(z->by_line, i);
    g_assert_cmpint(json_key(bl, t->line_code), ==, t->amount);
  }
  const cJSON *ls = cJSON_GetObjectItemCaseSensitive(o, "last_sync");
  g_assert_true(cJSON_IsString(ls) && g_str_has_suffix(ls->valuestring, "+09:00"));
  /* a range without the day is empty, not an error */
  g_autofree char *b2 = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, "/v1/stalls/S001/summary?from=2026-11-27&to=2026-12-31",
                          fx.token, NULL, &b2), ==, 200);
  g_assert_nonnull(strstr(b2, "\"total\":0"));
}

/*
** Expected rollups recomputed from the documents, the way docs/hub.md (How it
** stores) defines them.
*/
static void test_rollups(void)
{
  g_autoptr(GHashTable) basket = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify)g_hash_table_unref);
  int64_t hour_rev[24] = {0}, hour_rcpt[24] = {0};
  g_autoptr(GHashTable) lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < fx.docs->len; i++) {
    const PosSale *s = g_ptr_array_index(fx.docs, i);
    int h = mb_clock_hour(s->device_time_ms);
    hour_rev[h] += s->totals.total;
    hour_rcpt[h] += s->kind == POS_DOC_SALE ? 1 : s->kind == POS_DOC_VOID ? -1 : 0;
    const char *key = s->kind == POS_DOC_SALE ? s->id : s->original_id;
    GHashTable *codes = g_hash_table_lookup(basket, key);
    if (codes == NULL) {
      codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert(basket, g_strdup(key), codes);
    }
    for (guint k = 0; k < s->lines->len; k++) {
      const PosLine *l = g_ptr_array_index(s->lines, k);
      int d = s->kind == POS_DOC_SALE ? 1 : -1;
      g_hash_table_insert(codes, g_strdup(l->line_code),
                          GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(codes, l->line_code)) + d));
      g_hash_table_insert(lines, g_strdup(l->line_code),
                          GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(lines, l->line_code)) + d));
    }
  }
  for (int h = 0; h < 24; h++) {
    g_autofree char *q = g_strdup_printf("SELECT coalesce(sum(revenue), 0) * 1000000 +"
                                         " coalesce(sum(receipts), 0) FROM roll_hour"
                                         " WHERE hour = %d", h);
    g_assert_cmpint(ht_db_int(fx.db, q), ==, hour_rev[h] * 1000000 + hour_rcpt[h]);
  }
  for (guint i = 0; i < fx.z.by_line->len; i++) {
    const PosLineTotal *t = g_ptr_array_index(fx.z.by_line, i);
    int64_t receipts = 0;
    GHashTableIter it;
    gpointer codes;
    g_hash_table_iter_init(&it, basket);
    while (g_hash_table_iter_next(&it, NULL, &codes))
      receipts += GPOINTER_TO_INT(g_hash_table_lookup(codes, t->line_code)) > 0;
    g_autofree char *q2 = g_strdup_printf("SELECT receipts FROM roll_line_day WHERE line_code = '%s'",
                                          t->line_code);
    g_autofree char *q3 = g_strdup_printf("SELECT lines FROM roll_line_day WHERE line_code = '%s'",
                                          t->line_code);
    g_autofree char *q4 = g_strdup_printf("SELECT revenue FROM roll_line_day WHERE line_code = '%s'",
                                          t->line_code);
    g_assert_cmpint(ht_db_int(fx.db, q4), ==, t->amount);
    g_assert_cmpint(ht_db_int(fx.db, q2), ==, receipts);
    g_assert_cmpint(ht_db_int(fx.db, q3), ==,
                    GPOINTER_TO_INT(g_hash_table_lookup(lines, t->line_code)));
  }
  /* FISH and FRUIT lost a receipt each to the refunds, BANCHAN kept its */
  g_assert_cmpint(ht_db_int(fx.db, "SELECT receipts FROM roll_line_day WHERE line_code = 'FISH'"), ==, 2);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT receipts FROM roll_line_day WHERE line_code = 'BANCHAN'"), ==, 3);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT sales FROM roll_day"), ==, fx.z.receipts);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT voids FROM roll_day"), ==, fx.z.voids);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT refunds FROM roll_day"), ==, fx.z.refunds);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT gross FROM roll_day"), ==, fx.z.gross);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT discounts FROM roll_day"), ==, fx.z.discounts);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT sum(amount) FROM roll_tender"), ==, fx.z.total);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT sum(revenue) FROM roll_line_day"), ==, fx.z.total);
}

/* ---- Bad input: each refused, and nothing stored --------------------------------- */

/* A real document as JSON, to break one field of. */
static cJSON *doc_event(guint i)
{
  return ht_doc_event(g_ptr_array_index(fx.docs, i));
}

/* Breaks one top-level field of the document. */
static void set_doc_number(cJSON *ev, const char *field, double v)
{
  cJSON *doc = cJSON_GetObjectItemCaseSensitive(ev, "doc");
  cJSON_ReplaceItemInObjectCaseSensitive(doc, field, cJSON_CreateNumber(v));
}

/* Breaks one field of the first line. */
static void set_line_number(cJSON *ev, const char *field, double v)
{
  cJSON *doc = cJSON_GetObjectItemCaseSensitive(ev, "doc");
  cJSON *line = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "lines"), 0);
  cJSON_ReplaceItemInObjectCaseSensitive(line, field, cJSON_CreateNumber(v));
}

/* Sends a one-event batch and checks the one result. */
static void expect_event(cJSON *ev, const char *want)
{
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ev);
  g_autofree char *batch = ht_batch(events), *before = ht_db_counts(fx.db);
  long st;
  g_autofree char *ans = post("/v1/events", batch, &st);
  g_assert_cmpint(st, ==, 200);
  g_autofree char *res = ht_results(ans);
  if (!g_str_has_prefix(res, want))
    g_error("expected %s, got %s (%s)", want, res, ans);
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(before, ==, after);
}

/* Sends a raw body and checks the status and error code. */
static void expect_refused(const char *path, const char *body, gsize len, long status,
                           const char *code)
{
  g_autofree char *before = ht_db_counts(fx.db), *ans = NULL, *url = g_strconcat(fx.hub->base, path, NULL);
  long st = ht_http_full("POST", url, fx.token, body, len, &ans, NULL);
  g_assert_cmpint(st, ==, status);
  g_autofree char *c = ht_error_code(ans);
  g_assert_cmpstr(c, ==, code);
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(before, ==, after);
}

/* Faults of the whole batch: 400 with a code, nothing stored. */
static void test_bad_batches(void)
{
  const char *bodies[][2] = {
    {"not json", "bad_json"},
    {"[1,2,3]", "bad_json"},
    {"{\"events\":[", "bad_json"},
    {"", "bad_json"},
    {"{}", "bad_request"},
    {"{\"events\":\"x\"}", "bad_request"},
    {"{\"events\":[{\"id\":5}]}", "bad_request"},
    {"{\"events\":[{\"id\":\"01A2155D-D280-7142-8FD4-8339E1BD175E\",\"kind\":\"sale\"}]}", "bad_request"},
    {"{\"events\":[7]}", "bad_request"},
    {"{\"sent_ms\":1e300,\"events\":[]}", "bad_request"},
    {"{\"sent_ms\":\"now\",\"events\":[]}", "bad_request"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bodies); i++)
    expect_refused("/v1/events", bodies[i][0], strlen(bodies[i][0]), 400, bodies[i][1]);
  /* one good event id then one bad: the batch is refused whole */
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, doc_event(0));
  cJSON *bad = doc_event(1);
  cJSON_ReplaceItemInObjectCaseSensitive(bad, "id", cJSON_CreateString("nope"));
  cJSON_AddItemToArray(events, bad);
  g_autofree char *batch = ht_batch(events);
  expect_refused("/v1/events", batch, strlen(batch), 400, "bad_request");
}

/*
** Faults of one event: that event rejected with its code, nothing of it
** stored, and the good events of the same batch stored.
*/
static void test_bad_events(void)
{
  cJSON *ev = doc_event(0);
  cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(ev, "doc"), "total",
                                         cJSON_CreateString("13200"));
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  set_doc_number(ev, "total", 1e300);
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  set_line_number(ev, "qty_milli", 1e20);
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  set_line_number(ev, "amount", 3000.5);
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  set_line_number(ev, "qty_milli", -3000);            /* a negative quantity on a sale */
  expect_event(ev, "rejected:unreconciled");
  ev = doc_event(0);
  set_doc_number(ev, "total", (double)((PosSale *)g_ptr_array_index(fx.docs, 0))->totals.total + 1);
  expect_event(ev, "rejected:unreconciled");
  ev = doc_event(1);
  set_doc_number(ev, "vat", 1);
  expect_event(ev, "rejected:unreconciled");
  ev = doc_event(0);
  cJSON_ReplaceItemInObjectCaseSensitive(ev, "kind", cJSON_CreateString("refund"));
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  cJSON_ReplaceItemInObjectCaseSensitive(ev, "kind", cJSON_CreateString("gift"));
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  cJSON_DeleteItemFromObject(ev, "doc");
  expect_event(ev, "rejected:bad_request");
  ev = doc_event(0);
  cJSON_ReplaceItemInObjectCaseSensitive(ev, "business_day", cJSON_CreateString("2026-13-01"));
  expect_event(ev, "rejected:bad_request");
  ev = cJSON_Parse("{\"id\":\"01a2155d-d280-7142-8fd4-8339e1bd1700\",\"kind\":\"product\","
                   "\"device_time_ms\":1,\"business_day\":\"2026-11-26\",\"product\":{\"plu\":9,"
                   "\"name\":\"x\",\"line\":\"FRUIT\",\"unit\":\"piece\",\"price\":-1,"
                   "\"tax\":\"exempt\",\"barcode\":null,\"active\":true}}");
  expect_event(ev, "rejected:bad_request");
  ev = cJSON_Parse("{\"id\":\"01a2155d-d280-7142-8fd4-8339e1bd1701\",\"kind\":\"day_close\","
                   "\"device_time_ms\":1,\"business_day\":\"2026-11-26\",\"day_close\":{"
                   "\"business_day\":\"2026-11-26\",\"total\":5}}");
  expect_event(ev, "rejected:bad_request");

  /* a void of a sale the hub never got */
  g_autoptr(GError) error = NULL;
  g_setenv("MPOS_NOW", "2026-11-27T09:00:00+09:00", TRUE);
  g_autoptr(PosSale) lone = NULL, lone_void = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx.p[1], 1000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 3000, NULL, &error));
  g_assert_true(pos_ledger_commit_sale(fx.ledger, cart, &lone, &error));
  g_assert_true(pos_ledger_void(fx.ledger, lone->id, NULL, &lone_void, &error));
  expect_event(ht_doc_event(lone_void), "rejected:unknown_original");

  /* mixed: the good one is stored, the bad one is not, in the same batch */
  int64_t docs = ht_db_int(fx.db, "SELECT count(*) FROM doc");
  cJSON *events = cJSON_CreateArray();
  cJSON *broken = ht_doc_event(lone);
  set_doc_number(broken, "paid", 1);
  cJSON_AddItemToArray(events, broken);
  cJSON_AddItemToArray(events, ht_doc_event(lone));
  cJSON_AddItemToArray(events, ht_doc_event(lone_void));
  g_autofree char *batch = ht_batch(events);
  long st;
  g_autofree char *ans = post("/v1/events", batch, &st);
  g_autofree char *res = ht_results(ans);
  g_assert_cmpstr(res, ==, "rejected:unreconciled,accepted,accepted");
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM doc"), ==, docs + 2);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT total FROM roll_day WHERE day = '2026-11-27'"), ==, 0);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT receipts FROM roll_day WHERE day = '2026-11-27'"), ==, 0);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT sum(revenue) FROM roll_line_day"), ==, fx.z.total);
}

typedef struct {
  gsize left;
} Chunks;

/* libcurl read callback: an endless-looking JSON string, 16 KiB at a time. */
static size_t chunk_read(char *buf, size_t size, size_t n, void *user)
{
  Chunks *c = user;
  size_t k = MIN(size * n, MIN(c->left, (gsize)16384));
  memset(buf, 'x', k);
  if (c->left == MAX_BODY * 2)
    memcpy(buf, "{\"pad\":\"", 8);
  c->left -= k;
  return k;
}

/* A chunked body (no Content-Length to refuse up front) over the limit. */
static long post_chunked(char **answer)
{
  CURL *c = curl_easy_init();
  Chunks ch = {MAX_BODY * 2};
  GString *resp = g_string_new(NULL);
  struct curl_slist *h = NULL;
  g_autofree char *auth = g_strdup_printf("Authorization: Bearer %s", fx.token);
  g_autofree char *url = g_strconcat(fx.hub->base, "/v1/events", NULL);
  h = curl_slist_append(h, auth);
  h = curl_slist_append(h, "Transfer-Encoding: chunked");
  h = curl_slist_append(h, "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, chunk_read);
  curl_easy_setopt(c, CURLOPT_READDATA, &ch);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ht_collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  *answer = g_string_free(resp, FALSE);
  return status;
}

/* Sizes: a body over the limit, a batch over its count, with and without a length. */
static void test_limits(void)
{
  GString *big = g_string_new("{\"events\":[],\"pad\":\"");
  while (big->len < MAX_BODY)
    g_string_append(big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append(big, "\"}");
  expect_refused("/v1/events", big->str, big->len, 413, "too_large");
  g_string_free(big, TRUE);
  g_autofree char *before = ht_db_counts(fx.db), *ans = NULL;
  g_assert_cmpint(post_chunked(&ans), ==, 413);
  g_autofree char *code = ht_error_code(ans), *after = ht_db_counts(fx.db);
  g_assert_cmpstr(code, ==, "too_large");
  g_assert_cmpstr(before, ==, after);

  GString *many = g_string_new("{\"events\":[");
  for (int i = 0; i <= MAX_EVENTS; i++) {
    char id[POS_UUID_LEN + 1];
    pos_uuid7(pos_now_ms(), id);
    g_string_append_printf(many, "%s{\"id\":\"%s\",\"kind\":\"sale\"}", i ? "," : "", id);
  }
  g_string_append(many, "]}");
  expect_refused("/v1/events", many->str, many->len, 413, "too_large");
  g_string_free(many, TRUE);

  expect_refused("/v2/events", "{\"events\":[]}", 13, 404, "unsupported_version");
  expect_refused("/v0/events", "{\"events\":[]}", 13, 404, "unsupported_version");
  expect_refused("/v1/event", "{\"events\":[]}", 13, 404, "not_found");
}

/* Connects and returns the socket (the test's side of a slow client). */
static int connect_hub(void)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(fx.hub->port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  g_assert_cmpint(connect(fd, (struct sockaddr *)&a, sizeof a), ==, 0);
  return fd;
}

/* Seconds until the hub closes the connection (read returns 0), at most 10. */
static double seconds_to_close(int fd)
{
  gint64 t0 = g_get_monotonic_time();
  struct pollfd p = {fd, POLLIN, 0};
  char buf[512];
  while (g_get_monotonic_time() - t0 < 10 * G_USEC_PER_SEC) {
    if (poll(&p, 1, 100) > 0 && read(fd, buf, sizeof buf) <= 0)
      return (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
  }
  return 99;
}

/*
** A silent client and one that stops mid-body are both cut off after the
** 2 s timeout, and the hub keeps serving.
*/
static void test_slow_client(void)
{
  g_autofree char *before = ht_db_counts(fx.db);
  int fd = connect_hub();                   /* sends nothing at all */
  double t = seconds_to_close(fd);
  close(fd);
  g_assert_cmpfloat(t, >=, 1.0);
  g_assert_cmpfloat(t, <=, 6.0);
  fd = connect_hub();                       /* headers, then half a body */
  const char *part = "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                     "Content-Type: application/json\r\n\r\n{\"events\":[";
  g_assert_cmpint(write(fd, part, strlen(part)), ==, (ssize_t)strlen(part));
  t = seconds_to_close(fd);
  close(fd);
  g_assert_cmpfloat(t, <=, 6.0);
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(before, ==, after);
  /* and the hub still serves */
  g_assert_cmpint(ht_http("GET", fx.hub, "/healthz", NULL, NULL, NULL), ==, 200);
}

/* The counters saw what the tests above did; the receipt page shows a sale. */
static void test_metrics_and_receipt(void)
{
  g_autofree char *admin = ht_secret(fx.db, "user", "add", "root", "--role", "admin", NULL);
  g_autofree char *m = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, "/metrics", admin, NULL, &m), ==, 200);
  g_assert_nonnull(strstr(m, "mhub_events_ingested_total{status=\"accepted\"} 22\n"));
  g_assert_nonnull(strstr(m, "mhub_rejects_total{code=\"unreconciled\"} 4\n"));
  g_assert_nonnull(strstr(m, "mhub_rejects_total{code=\"too_large\"} 3\n"));
  g_assert_nonnull(strstr(m, "mhub_requests_total{path=\"/v1/events\",code=\"200\"}"));
  g_assert_nonnull(strstr(m, "mhub_request_seconds_bucket{le=\"+Inf\"}"));
  g_assert_nonnull(strstr(m, "mhub_stalls_synced_within{window=\"1h\"} 1\n"));
  const PosSale *s = g_ptr_array_index(fx.docs, 0);
  g_autofree char *path = g_strdup_printf("/r/%s", s->id), *html = NULL;
  g_assert_cmpint(ht_http("GET", fx.hub, path, NULL, NULL, &html), ==, 200);
  g_assert_nonnull(strstr(html, s->receipt_no));
  g_assert_nonnull(strstr(html, "김치"));
}

/* A copy of ev with one member of its envelope and, when doc is TRUE, of its document set. */
static cJSON *with_day(const cJSON *ev, const char *field, cJSON *value, gboolean doc)
{
  cJSON *copy = cJSON_Duplicate(ev, TRUE);
  if (doc)
    cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(copy, "doc"), field,
                                           cJSON_Duplicate(value, TRUE));
  cJSON_ReplaceItemInObjectCaseSensitive(copy, field, value);
  return copy;
}

/*
** Days and times out of the one range (mb-clock.h) or of another ISO form:
** each event refused alone with bad_request, the good event of the same
** batch stored, and no rollup row outside the range.  A document dated
** 1999 used to be stored and rolled up, and a time past 9999 stored with
** a receipt page that had no time to show.
*/
static void test_bad_days(void)
{
  g_autoptr(GError) error = NULL;
  g_setenv("MPOS_NOW", "2026-11-28T10:00:00+09:00", TRUE);
  g_autoptr(PosSale) sale = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx.p[1], 1000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 3000, NULL, &error));
  g_assert_true(pos_ledger_commit_sale(fx.ledger, cart, &sale, &error));
  g_autoptr(cJSON) good = ht_doc_event(sale);
  static const char *const days[] = {"1999-12-31", "2026-W48-4", "0000-01-01", "1900-01-01",
                                     "2026-332"};
  cJSON *events = cJSON_CreateArray();
  for (guint i = 0; i < G_N_ELEMENTS(days); i++) {
    cJSON_AddItemToArray(events, with_day(good, "business_day", cJSON_CreateString(days[i]), TRUE));
    cJSON_AddItemToArray(events, with_day(good, "business_day", cJSON_CreateString(days[i]), FALSE));
  }
  cJSON_AddItemToArray(events, with_day(good, "device_time_ms",
                                        cJSON_CreateNumber((double)(MB_TIME_MAX_MS + 1)), TRUE));
  cJSON_AddItemToArray(events, cJSON_Parse(
    "{\"id\":\"01a2155d-d280-7142-8fd4-8339e1bd1702\",\"kind\":\"day_close\","
    "\"device_time_ms\":1,\"business_day\":\"2026-11-28\",\"day_close\":{"
    "\"business_day\":\"1999-12-31\",\"z_no\":1,\"closed_ms\":1,\"total\":0,"
    "\"receipts\":0}}"));
  guint bad = (guint)cJSON_GetArraySize(events);
  cJSON_AddItemToArray(events, cJSON_Duplicate(good, TRUE));
  int64_t docs = ht_db_int(fx.db, "SELECT count(*) FROM doc");
  g_autofree char *batch = ht_batch(events);
  long st;
  g_autofree char *ans = post("/v1/events", batch, &st);
  g_assert_cmpint(st, ==, 200);
  g_autoptr(GString) want = g_string_new(NULL);
  for (guint i = 0; i < bad; i++)
    g_string_append(want, "rejected:bad_request,");
  g_string_append(want, "accepted");
  g_autofree char *res = ht_results(ans);
  g_assert_cmpstr(res, ==, want->str);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM doc"), ==, docs + 1);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT receipts FROM roll_day WHERE day = '2026-11-28'"), ==, 1);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM roll_day WHERE day < '2000'"), ==, 0);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM day_close WHERE business_day < '2000'"),
                  ==, 0);
}

/*
** The strict reader on the hub's requests: bytes after the body's object
** (answered 200 before), a \u0000 inside a string (the string was cut and
** stored), a key given twice (the first was read, both were stored).  Each
** is refused whole, nothing stored.
*/
static void test_strict_json(void)
{
  g_autoptr(PosSale) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_setenv("MPOS_NOW", "2026-11-29T10:00:00+09:00", TRUE);
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx.p[1], 1000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 3000, NULL, &error));
  g_assert_true(pos_ledger_commit_sale(fx.ledger, cart, &sale, &error));
  cJSON *events = cJSON_CreateArray();
  cJSON_AddItemToArray(events, ht_doc_event(sale));
  g_autofree char *batch = ht_batch(events);
  g_autofree char *trailing = g_strconcat(batch, "x", NULL);
  expect_refused("/v1/events", trailing, strlen(trailing), 400, "bad_json");
  g_autofree char *two = g_strconcat(batch, batch, NULL);
  expect_refused("/v1/events", two, strlen(two), 400, "bad_json");
  g_autofree char *no_field = g_strdup_printf("\"receipt_no\":\"%s\"", sale->receipt_no);
  g_autofree char *nul_field = g_strdup_printf("\"receipt_no\":\"%s\\u0000X\"", sale->receipt_no);
  g_assert_nonnull(strstr(batch, no_field));
  g_autoptr(GString) nul = g_string_new(batch);
  g_string_replace(nul, no_field, nul_field, 1);
  expect_refused("/v1/events", nul->str, nul->len, 400, "bad_request");
  g_autoptr(GString) dup = g_string_new(batch);
  g_string_replace(dup, "\"events\":[", "\"events\":[],\"events\":[", 1);
  expect_refused("/v1/events", dup->str, dup->len, 400, "bad_request");
  const char *enroll = "{\"code\":\"AAAA-BBBB-CCCC\",\"code\":\"DDDD-EEEE-FFFF\","
                       "\"device_id\":\"PN2B\"}";
  expect_refused("/v1/enroll", enroll, strlen(enroll), 400, "bad_request");
  /* the same batch, well formed, is stored */
  long st;
  g_autofree char *ans = post("/v1/events", batch, &st);
  g_autofree char *res = ht_results(ans);
  g_assert_cmpstr(res, ==, "accepted");
}

/* Tests run in order on one hub: later ones rely on what earlier stored. */
int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/hub-ingest/accept-then-duplicate", test_accept_then_duplicate},
    {"/hub-ingest/summary-equals-z", test_summary_equals_z},
    {"/hub-ingest/rollups", test_rollups},
    {"/hub-ingest/bad-batches", test_bad_batches},
    {"/hub-ingest/bad-events", test_bad_events},
    {"/hub-ingest/limits", test_limits},
    {"/hub-ingest/slow-client", test_slow_client},
    {"/hub-ingest/metrics-and-receipt", test_metrics_and_receipt},
    {"/hub-ingest/bad-days", test_bad_days},
    {"/hub-ingest/strict-json", test_strict_json},
    {NULL, NULL},
  };
  return ht_main(argc, argv, setup, teardown, tests);
}
