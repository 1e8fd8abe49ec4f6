/*
** test-hub-rules.c: the ledger's document rules, the taxonomy's line codes
** and sync freshness as a real hub enforces them (issue 12, items 3-5),
** on SQLite and, as test-hub-rules-pg, on PostgreSQL.
**
** Sales are rung on a real stall ledger; the voids and refunds the ledger
** would refuse are made with the pos library's own builders
** (pos_sale_void_of, pos_sale_refund_of), which check nothing of what came
** before, as a buggy or hostile till could.  Each refused event must carry
** its own code, leave no row and no rollup behind, and let the rest of its
** batch through; the order inside one batch counts.  Then two hub
** processes on one database (SQLite file or PostgreSQL database) receive
** voids of the same sales at once, and exactly one void per sale may be
** stored.
*/
#include "hub-testutil.h"
#include "mb-csv.h"
#include "seed-gen.h"

typedef struct {
  char *dir, *db;
  HtHub *hub;
  char *token;
  PosLedger *ledger;
  PosProduct *apple, *cabbage, *typo;
} Fx;

static Fx fx;

/* A sale of three apples and two cabbages (two lines), cash. */
static PosSale *ring(void)
{
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx.apple, 3000, NULL, &error));
  g_assert_true(pos_cart_add(cart, fx.cabbage, 2000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 18000, NULL, &error));
  PosSale *s = NULL;
  if (!pos_ledger_commit_sale(fx.ledger, cart, &s, &error))
    g_error("sale: %s", error->message);
  return s;
}

/* The receipt number the ledger would give the document when writing it. */
static PosSale *numbered(PosSale *d)
{
  static int seq;
  g_snprintf(d->receipt_no, sizeof d->receipt_no, "RULE-%.4s%.2s%.2s-%04d", d->business_day,
             d->business_day + 5, d->business_day + 8, 9000 + ++seq);
  return d;
}

static PosSale *void_of(const PosSale *orig)
{
  return numbered(pos_sale_void_of(orig, pos_now_ms(), "test"));
}

static PosSale *refund_of(const PosSale *orig, int line_no)
{
  g_autoptr(GError) error = NULL;
  PosSale *d = pos_sale_refund_of(orig, (int[]){line_no}, 1, POS_TENDER_CASH, pos_now_ms(),
                                  "test", &error);
  g_assert_no_error(error);
  return numbered(d);
}

/* Posts the documents (NULL-terminated) as one batch; returns ht_results. */
static char *send_docs(const char *token, ...)
{
  va_list ap;
  va_start(ap, token);
  cJSON *events = cJSON_CreateArray();
  for (const PosSale *s = va_arg(ap, const PosSale *); s; s = va_arg(ap, const PosSale *))
    cJSON_AddItemToArray(events, ht_doc_event(s));
  va_end(ap);
  g_autofree char *body = ht_batch(events);
  g_autofree char *answer = NULL;
  long st = ht_http("POST", fx.hub, "/v1/events", token, body, &answer);
  g_assert_cmpint(st, ==, 200);
  return ht_results(answer);
}

/* How many voids (kind 'void') or refunds the hub holds of one original. */
static int64_t undo_count(const char *kind, const PosSale *orig)
{
  g_autofree char *q = g_strdup_printf("SELECT count(*) FROM doc WHERE kind = '%s'"
                                       " AND original_id = '%s'", kind, orig->id);
  return ht_db_int(fx.db, q);
}

/* The rollup's voids of the day, every stall. */
static int64_t rolled_voids(void)
{
  return ht_db_int(fx.db, "SELECT coalesce(sum(voids), 0) FROM roll_day");
}

static void setup(void)
{
  g_autoptr(GError) error = NULL;
  fx.dir = tu_tmpdir();
  fx.db = ht_db_new(fx.dir, "hub.sqlite");
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL),
                  ==, 0);
  for (int i = 1; i <= 2; i++) {
    g_autofree char *code = g_strdup_printf("S00%d", i);
    g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "stall", "add", code, "--market", "M01",
                           "--name", "행복청과", NULL), ==, 0);
  }
  fx.hub = ht_hub_start(fx.db, NULL);
  fx.token = ht_enroll(fx.hub, fx.db, "S001", "RULE");
  fx.ledger = tu_ledger(fx.dir, "행복청과", 10);
  fx.apple = tu_product(fx.ledger, 1, "사과", "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  fx.cabbage = tu_product(fx.ledger, 2, "배추", "VEG", POS_UNIT_PIECE, 4500, POS_TAX_EXEMPT);
  /* well-formed, but no taxonomy line: a typo of FRUIT */
  fx.typo = tu_product(fx.ledger, 3, "귤", "FRUTI", POS_UNIT_PIECE, 500, POS_TAX_EXEMPT);
  g_assert_true(pos_ledger_open_day(fx.ledger, 0, &error));
}

static void teardown(void)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  pos_product_free(fx.apple);
  pos_product_free(fx.cabbage);
  pos_product_free(fx.typo);
  pos_ledger_close(fx.ledger);
  g_free(fx.token);
  g_free(fx.db);
  tu_tmpdir_free(fx.dir);
}

/* A second void of a stored sale, in the same batch and in a later one. */
static void test_second_void(void)
{
  g_autoptr(PosSale) sale = ring();
  g_autoptr(PosSale) v1 = void_of(sale);
  g_autoptr(PosSale) v2 = void_of(sale);
  g_autoptr(PosSale) v3 = void_of(sale);
  g_autofree char *r0 = send_docs(fx.token, sale, NULL);
  g_assert_cmpstr(r0, ==, "accepted");
  int64_t voids = rolled_voids();
  g_autofree char *r1 = send_docs(fx.token, v1, v2, NULL);
  g_assert_cmpstr(r1, ==, "accepted,rejected:already_voided");
  g_autofree char *before = ht_db_counts(fx.db);
  g_autofree char *r2 = send_docs(fx.token, v3, NULL);
  g_assert_cmpstr(r2, ==, "rejected:already_voided");
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(undo_count("void", sale), ==, 1);
  g_assert_cmpint(rolled_voids(), ==, voids + 1);
  /* the accepted void sent again is still a duplicate, not a refusal */
  g_autofree char *r3 = send_docs(fx.token, v1, NULL);
  g_assert_cmpstr(r3, ==, "duplicate");
}

/* Sale, void, void and a refund in one batch: order counts, the batch goes on. */
static void test_one_batch(void)
{
  g_autoptr(PosSale) sale = ring();
  g_autoptr(PosSale) other = ring();
  g_autoptr(PosSale) v1 = void_of(sale);
  g_autoptr(PosSale) v2 = void_of(sale);
  g_autoptr(PosSale) r1 = refund_of(sale, 0);
  g_autofree char *r = send_docs(fx.token, sale, v1, v2, r1, other, NULL);
  g_assert_cmpstr(r, ==, "accepted,accepted,rejected:already_voided,rejected:already_voided,"
                         "accepted");
  g_assert_cmpint(undo_count("void", sale), ==, 1);
  g_assert_cmpint(undo_count("refund", sale), ==, 0);
}

/*
** Parts of lines, as the ledger writes them (pos_ledger_refund_parts): two
** apples of three, then the last one, and half the cabbages, with a sale
** discount shared over the lines; the hub takes every one, its refunds of
** the apples repay the apple line's net to the won, and one more apple
** (built without the ledger's check) is over_refund.
*/
static void test_partial_refunds(void)
{
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx.apple, 3000, NULL, &error));
  g_assert_true(pos_cart_add(cart, fx.cabbage, 2000, NULL, &error));
  g_assert_true(pos_cart_discount_sale(cart, 1000, "단골", &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 17000, NULL, &error));
  g_autoptr(PosSale) sale = NULL;
  g_assert_true(pos_ledger_commit_sale(fx.ledger, cart, &sale, &error));
  g_autoptr(PosSale) r1 = NULL, r2 = NULL, r3 = NULL;
  PosRefundPart two = {0, 2000}, rest = {0, 0}, one_cabbage = {1, 1000};
  g_assert_true(pos_ledger_refund_parts(fx.ledger, sale->id, &two, 1, POS_TENDER_CASH, "멍",
                                        &r1, &error));
  g_assert_true(pos_ledger_refund_parts(fx.ledger, sale->id, &rest, 1, POS_TENDER_CASH, NULL,
                                        &r2, &error));
  g_assert_true(pos_ledger_refund_parts(fx.ledger, sale->id, &one_cabbage, 1, POS_TENDER_CASH,
                                        NULL, &r3, &error));
  g_autoptr(PosSale) over = pos_sale_refund_parts_of(sale, &(PosRefundPart){0, 1000}, 1, NULL,
                                                     POS_TENDER_CASH, pos_now_ms(), NULL,
                                                     &error);
  g_assert_no_error(error);
  numbered(over);
  g_autofree char *r = send_docs(fx.token, sale, r1, r2, r3, over, NULL);
  g_assert_cmpstr(r, ==, "accepted,accepted,accepted,accepted,rejected:over_refund");
  const PosLine *apples = g_ptr_array_index(sale->lines, 0);
  /* r1 and r2 hold only apple lines: their totals are the apples' refunds
  ** (doc and its columns are the same in both stores, doc_line is not) */
  g_autofree char *q = g_strdup_printf(
    "SELECT -sum(total) FROM doc WHERE kind = 'refund' AND original_id = '%s'"
    " AND doc_id IN ('%s', '%s')", sale->id, r1->id, r2->id);
  g_assert_cmpint(ht_db_int(fx.db, q), ==, apples->net);
  g_assert_cmpint(undo_count("refund", sale), ==, 3);
}

/* A void after a partial refund: refused as the ledger refuses it. */
static void test_void_after_refund(void)
{
  g_autoptr(PosSale) sale = ring();
  g_autoptr(PosSale) r1 = refund_of(sale, 1);
  g_autoptr(PosSale) v1 = void_of(sale);
  g_autofree char *r = send_docs(fx.token, sale, r1, NULL);
  g_assert_cmpstr(r, ==, "accepted,accepted");
  g_autofree char *before = ht_db_counts(fx.db);
  g_autofree char *again = send_docs(fx.token, v1, NULL);
  g_assert_cmpstr(again, ==, "rejected:already_refunded");
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(after, ==, before);
  g_assert_cmpint(undo_count("void", sale), ==, 0);
}

/*
** Refunds held to what each line sold: the same line twice (in two
** documents, and twice inside one), a line the sale does not have, then
** the other line, which is still there, and nothing after the full refund.
*/
static void test_over_refund(void)
{
  g_autoptr(PosSale) sale = ring();
  g_autoptr(PosSale) first = refund_of(sale, 0);
  g_autoptr(PosSale) again = refund_of(sale, 0);
  g_autofree char *r = send_docs(fx.token, sale, first, again, NULL);
  g_assert_cmpstr(r, ==, "accepted,accepted,rejected:over_refund");

  /* lines 1 and 2 refunded, the second relabelled as line 2 again: too much of line 2 */
  g_autoptr(GError) error = NULL;
  g_autoptr(PosSale) fresh = ring();
  g_autoptr(PosSale) twice = pos_sale_refund_of(fresh, (int[]){0, 1}, 2, POS_TENDER_CASH,
                                                pos_now_ms(), "test", &error);
  g_assert_no_error(error);
  numbered(twice);
  ((PosLine *)g_ptr_array_index(twice->lines, 0))->refunded_from = 1;
  g_autoptr(PosSale) missing = refund_of(fresh, 1);
  ((PosLine *)g_ptr_array_index(missing->lines, 0))->refunded_from = 7;
  g_autofree char *r2 = send_docs(fx.token, fresh, twice, missing, NULL);
  g_assert_cmpstr(r2, ==, "accepted,rejected:over_refund,rejected:over_refund");
  g_assert_cmpint(undo_count("refund", fresh), ==, 0);

  g_autoptr(PosSale) rest = refund_of(sale, 1);
  g_autoptr(PosSale) after_full = refund_of(sale, 1);
  g_autoptr(PosSale) void_after = void_of(sale);
  g_autofree char *r3 = send_docs(fx.token, rest, after_full, void_after, NULL);
  g_assert_cmpstr(r3, ==, "accepted,rejected:over_refund,rejected:already_refunded");
  g_assert_cmpint(undo_count("refund", sale), ==, 2);
}

/* A product and a sale with a line code the taxonomy lacks; the rest goes on. */
static void test_unknown_line(void)
{
  g_autoptr(GError) error = NULL;
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_assert_true(pos_cart_add(cart, fx.apple, 1000, NULL, &error));
  g_assert_true(pos_cart_add(cart, fx.typo, 1000, NULL, &error));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 3500, NULL, &error));
  g_autoptr(PosSale) bad = NULL;
  g_assert_true(pos_ledger_commit_sale(fx.ledger, cart, &bad, &error));
  g_autoptr(PosSale) good = ring();

  cJSON *events = cJSON_CreateArray();
  char id[POS_UUID_LEN + 1];
  pos_uuid7(pos_now_ms(), id);
  cJSON *product = cJSON_CreateObject();
  cJSON_AddStringToObject(product, "id", id);
  cJSON_AddStringToObject(product, "kind", "product");
  cJSON_AddNumberToObject(product, "device_time_ms", (double)pos_now_ms());
  cJSON_AddStringToObject(product, "business_day", bad->business_day);
  cJSON *o = cJSON_AddObjectToObject(product, "product");
  cJSON_AddNumberToObject(o, "plu", fx.typo->plu);
  cJSON_AddStringToObject(o, "name", fx.typo->name);
  cJSON_AddStringToObject(o, "line", fx.typo->line_code);
  cJSON_AddStringToObject(o, "unit", "piece");
  cJSON_AddNumberToObject(o, "price", (double)fx.typo->price);
  cJSON_AddStringToObject(o, "tax", "exempt");
  cJSON_AddNullToObject(o, "barcode");
  cJSON_AddBoolToObject(o, "active", TRUE);
  cJSON_AddItemToArray(events, product);
  cJSON_AddItemToArray(events, ht_doc_event(bad));
  cJSON_AddItemToArray(events, ht_doc_event(good));
  g_autofree char *body = ht_batch(events);
  g_autofree char *answer = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/events", fx.token, body, &answer), ==, 200);
  g_autofree char *r = ht_results(answer);
  g_assert_cmpstr(r, ==, "rejected:unknown_line,rejected:unknown_line,accepted");
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM product WHERE line_code = 'FRUTI'"),
                  ==, 0);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM doc_line WHERE line_code = 'FRUTI'"),
                  ==, 0);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM roll_line_day"
                                   " WHERE line_code = 'FRUTI'"), ==, 0);
  g_autofree char *q = g_strdup_printf("SELECT count(*) FROM doc WHERE doc_id = '%s'", bad->id);
  g_assert_cmpint(ht_db_int(fx.db, q), ==, 0);
}

/*
** A batch whose every event is refused leaves last_sync where it was (never
** synced here); one with a duplicate, or something stored, moves it.
*/
static void test_last_sync(void)
{
  g_autofree char *token = ht_enroll(fx.hub, fx.db, "S002", "FRSH");
  const char *q = "SELECT coalesce(last_sync_ms, 0) FROM stall WHERE code = 'S002'";
  g_autoptr(PosSale) sale = ring();
  g_autoptr(PosSale) v1 = void_of(sale);
  g_autofree char *r1 = send_docs(token, v1, NULL);
  g_assert_cmpstr(r1, ==, "rejected:unknown_original");
  g_assert_cmpint(ht_db_int(fx.db, q), ==, 0);
  g_autofree char *r2 = send_docs(token, sale, NULL);
  g_assert_cmpstr(r2, ==, "accepted");
  int64_t first = ht_db_int(fx.db, q);
  g_assert_cmpint(first, >, 0);
  ht_db_exec(fx.db, "UPDATE stall SET last_sync_ms = 1 WHERE code = 'S002'");
  g_autoptr(PosSale) v2 = void_of(sale);
  g_autofree char *r3 = send_docs(token, v1, v2, NULL);
  g_assert_cmpstr(r3, ==, "accepted,rejected:already_voided");
  g_assert_cmpint(ht_db_int(fx.db, q), >=, first);
  ht_db_exec(fx.db, "UPDATE stall SET last_sync_ms = 1 WHERE code = 'S002'");
  g_autofree char *r4 = send_docs(token, v2, NULL);
  g_assert_cmpstr(r4, ==, "rejected:already_voided");
  g_assert_cmpint(ht_db_int(fx.db, q), ==, 1);
  g_autofree char *r5 = send_docs(token, v1, NULL);
  g_assert_cmpstr(r5, ==, "duplicate");
  g_assert_cmpint(ht_db_int(fx.db, q), >=, first);
  /* never synced, and a refused batch does not make it so */
  ht_db_exec(fx.db, "UPDATE stall SET last_sync_ms = NULL WHERE code = 'S002'");
  g_autofree char *r6 = send_docs(token, v2, NULL);
  g_assert_cmpstr(r6, ==, "rejected:already_voided");
  g_assert_cmpint(ht_db_int(fx.db, q), ==, 0);
}

/* One batch posted from its own thread. */
typedef struct {
  const HtHub *hub;
  char *body, *answer;
  long status;
} Post;

static gpointer post_thread(gpointer data)
{
  Post *p = data;
  p->status = ht_http("POST", p->hub, "/v1/events", fx.token, p->body, &p->answer);
  return NULL;
}

/* How many results of a batch answer have this status. */
static guint count_status(const char *results, const char *status)
{
  g_auto(GStrv) parts = g_strsplit(results, ",", -1);
  guint n = 0;
  for (guint i = 0; parts[i]; i++)
    n += g_str_has_prefix(parts[i], status);
  return n;
}

/*
** Two hub processes on one database, each sent a void of the same twenty
** sales at the same moment: twenty voids in all may be stored, whichever
** hub stores each, and the other one refuses it.
*/
static void test_two_hubs(void)
{
  enum { N = 20 };
  PosSale *sales[N];
  cJSON *stored = cJSON_CreateArray(), *first = cJSON_CreateArray(),
        *second = cJSON_CreateArray();
  for (guint i = 0; i < N; i++) {
    sales[i] = ring();
    cJSON_AddItemToArray(stored, ht_doc_event(sales[i]));
    g_autoptr(PosSale) a = void_of(sales[i]);
    g_autoptr(PosSale) b = void_of(sales[i]);
    cJSON_AddItemToArray(first, ht_doc_event(a));
    cJSON_AddItemToArray(second, ht_doc_event(b));
  }
  g_autofree char *body = ht_batch(stored);
  g_autofree char *answer = NULL;
  g_assert_cmpint(ht_http("POST", fx.hub, "/v1/events", fx.token, body, &answer), ==, 200);
  HtHub *other = ht_hub_start(fx.db, NULL);
  Post posts[2] = {{fx.hub, ht_batch(first), NULL, 0}, {other, ht_batch(second), NULL, 0}};
  GThread *t[2];
  for (guint i = 0; i < 2; i++)
    t[i] = g_thread_new("post", post_thread, &posts[i]);
  guint accepted = 0, refused = 0;
  for (guint i = 0; i < 2; i++) {
    g_thread_join(t[i]);
    g_assert_cmpint(posts[i].status, ==, 200);
    g_autofree char *r = ht_results(posts[i].answer);
    accepted += count_status(r, "accepted");
    refused += count_status(r, "rejected:already_voided");
    g_free(posts[i].body);
    g_free(posts[i].answer);
  }
  g_assert_cmpint(mb_hub_stop(other), ==, 0);
  g_assert_cmpuint(accepted, ==, N);
  g_assert_cmpuint(refused, ==, N);
  for (guint i = 0; i < N; i++) {
    g_assert_cmpint(undo_count("void", sales[i]), ==, 1);
    pos_sale_free(sales[i]);
  }
}

/*
** The catalogs the project ships (the seed world's, the demo stall's, the
** till's demo, which is the demo stall's file) name only lines of the
** built-in taxonomy, or the hub would refuse their sales.
*/
static void test_seed_codes(void)
{
  static const struct {
    const char *file, *column;
  } files[] = {{"catalog.csv", "line"}, {"demo-stall-catalog.csv", "line"},
               {"market-lines.csv", "line"}, {"signature.csv", "core_line"}};
  g_auto(GStrv) codes = wire_taxonomy_builtin_codes();
  g_assert_cmpuint(g_strv_length(codes), >, 0);
  for (guint f = 0; f < G_N_ELEMENTS(files); f++) {
    g_autofree char *path = g_build_filename(tu_env("MPOS_SRCDIR"), "seeds", files[f].file,
                                             NULL);
    g_autofree char *text = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(path, &text, &len, NULL));
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) rows = mb_csv_parse(text, len, &error);
    g_assert_no_error(error);
    int col = mb_csv_column(g_ptr_array_index(rows, 0), files[f].column);
    g_assert_cmpint(col, >=, 0);
    for (guint i = 1; i < rows->len; i++) {
      const char *code = mb_csv_field(g_ptr_array_index(rows, i), col);
      if (!g_strv_contains((const char *const *)codes, code))
        g_error("seeds/%s line %u: line %s is not in seeds/taxonomy.csv", files[f].file,
                ((const MbCsvRow *)g_ptr_array_index(rows, i))->line, code);
    }
  }
  /* the generator's world: its taxonomy, every stall's line and product */
  g_autoptr(GError) error = NULL;
  SeedOptions options;
  seed_options_init(&options);
  g_autoptr(SeedWorld) world = seed_world_new(&options, &error);
  g_assert_no_error(error);
  GPtrArray *lines = seed_world_lines(world), *stalls = seed_world_stalls(world);
  for (guint i = 0; i < lines->len; i++)
    g_assert_true(g_strv_contains((const char *const *)codes,
                                  ((const SeedLine *)g_ptr_array_index(lines, i))->code));
  for (guint i = 0; i < stalls->len; i++) {
    const SeedStall *st = g_ptr_array_index(stalls, i);
    g_assert_true(g_strv_contains((const char *const *)codes, st->line_code));
    GPtrArray *catalog = seed_world_catalog(world, st);
    for (guint k = 0; k < catalog->len; k++)
      g_assert_true(g_strv_contains((const char *const *)codes,
                                    ((const PosProduct *)g_ptr_array_index(catalog, k))->line_code));
  }
}

int main(int argc, char **argv)
{
  static const HtTest tests[] = {
    {"/hub/rules/second-void", test_second_void},
    {"/hub/rules/one-batch-order", test_one_batch},
    {"/hub/rules/void-after-refund", test_void_after_refund},
    {"/hub/rules/over-refund", test_over_refund},
    {"/hub/rules/partial-refunds", test_partial_refunds},
    {"/hub/rules/unknown-line", test_unknown_line},
    {"/hub/rules/last-sync", test_last_sync},
    {"/hub/rules/two-hubs", test_two_hubs},
    {"/hub/rules/seed-codes", test_seed_codes},
    {NULL, NULL},
  };
  return ht_main(argc, argv, setup, teardown, tests);
}
