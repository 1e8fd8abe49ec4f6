/*
** test-wire.c: round trips of every object of sync/wire but the sale
** document (test-codec.c has that): each is encoded, printed, parsed and
** decoded back equal, and refused variants must fail with the documented
** code (docs/PROTOCOL.md) and name the bad field.
*/
#include "wire-codec.h"
#include "wire-report.h"
#include "testutil.h"
#include <string.h>

/* Encoded tree -> text -> tree, as it crosses the network. */
static cJSON *reparse(const cJSON *o)
{
  g_autofree char *text = wire_json_print(o);
  cJSON *back = wire_json_parse_object(text, strlen(text), NULL);
  g_assert_nonnull(back);
  return back;
}

/* Integers: range-checked, no fraction, no strings; strings: length and UTF-8. */
static void test_json(void)
{
  g_autoptr(cJSON) o = cJSON_Parse("{\"a\":12,\"b\":1.5,\"c\":\"12\",\"d\":1e300,\"s\":\"abc\","
                                   "\"e\":\"\",\"n\":null}");
  int64_t v = -1;
  g_assert_true(wire_json_get_int(o, "a", 0, 12, &v));
  g_assert_cmpint(v, ==, 12);
  g_assert_false(wire_json_get_int(o, "a", 0, 11, &v));
  g_assert_false(wire_json_get_int(o, "b", 0, 100, &v));
  g_assert_false(wire_json_get_int(o, "c", 0, 100, &v));
  g_assert_false(wire_json_get_int(o, "d", 0, G_MAXINT64, &v));
  g_assert_false(wire_json_get_int(o, "missing", 0, 100, &v));
  g_assert_false(wire_json_get_int(NULL, "a", 0, 100, &v));
  g_assert_cmpint(v, ==, 12);
  g_assert_cmpstr(wire_json_get_str(o, "s", 3), ==, "abc");
  g_assert_null(wire_json_get_str(o, "s", 2));
  g_assert_null(wire_json_get_str(o, "e", 10));
  g_assert_null(wire_json_get_str(o, "n", 10));
  g_assert_true(wire_day_valid("2026-02-28"));
  g_assert_false(wire_day_valid("2026-02-30"));
  g_assert_false(wire_day_valid("1999-01-01"));
  g_assert_null(wire_json_parse_object("[1]", 3, NULL));
  g_autoptr(cJSON) big = cJSON_CreateObject();
  wire_json_add_int(big, "t", G_GINT64_CONSTANT(4503599627370495));
  wire_json_add_str(big, "z", NULL);
  g_autofree char *text = wire_json_print(big);
  g_assert_cmpstr(text, ==, "{\"t\":4503599627370495,\"z\":null}");
}

static PosProduct *sample_product(void)
{
  PosProduct *p = pos_product_new();
  p->plu = 42;
  p->name = g_strdup("\"배추\" 김치\n");
  p->line_code = g_strdup("BANCHAN");
  p->unit = POS_UNIT_KG;
  p->price = 12345;
  p->tax = POS_TAX_EXEMPT;
  p->barcode = g_strdup("8801234567893");
  p->quick_key = 7;
  p->active = TRUE;
  return p;
}

static void test_product_roundtrip(void)
{
  g_autoptr(PosProduct) p = sample_product();
  g_autoptr(cJSON) j = wire_product_to_json(p, FALSE);
  g_assert_null(cJSON_GetObjectItemCaseSensitive(j, "quick_key"));
  g_autoptr(cJSON) parsed = reparse(j);
  g_autoptr(GError) e = NULL;
  g_autoptr(PosProduct) back = wire_product_from_json(parsed, &e);
  g_assert_no_error(e);
  g_assert_cmpint(back->plu, ==, p->plu);
  g_assert_cmpstr(back->name, ==, p->name);
  g_assert_cmpstr(back->line_code, ==, p->line_code);
  g_assert_cmpint(back->unit, ==, p->unit);
  g_assert_cmpint(back->price, ==, p->price);
  g_assert_cmpint(back->tax, ==, p->tax);
  g_assert_cmpstr(back->barcode, ==, p->barcode);
  g_assert_cmpint(back->active, ==, p->active);
  /* The stall's listing: the same fields, quick_key before active. */
  g_autoptr(cJSON) local = wire_product_to_json(p, TRUE);
  g_autofree char *text = cJSON_PrintUnformatted(local);
  g_assert_nonnull(strstr(text, "\"barcode\":\"8801234567893\",\"quick_key\":7,\"active\":true}"));
}

static void test_product_refused(void)
{
  static const struct {
    const char *field, *json;
  } bad[] = {
    {"plu", "0"}, {"plu", "1.5"}, {"name", "\"\""}, {"line", "\"nope\""}, {"unit", "\"g\""},
    {"price", "-1"}, {"tax", "\"vat\""}, {"barcode", "\"8801234567890\""}, {"active", "1"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(PosProduct) p = sample_product();
    g_autoptr(cJSON) j = wire_product_to_json(p, FALSE);
    cJSON_ReplaceItemInObjectCaseSensitive(j, bad[i].field, cJSON_Parse(bad[i].json));
    g_autoptr(GError) e = NULL;
    g_autoptr(PosProduct) back = wire_product_from_json(j, &e);
    g_assert_null(back);
    g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
    g_autofree char *want = g_strdup_printf("field product.%s:", bad[i].field);
    g_assert_true(g_str_has_prefix(e->message, want));
  }
}

static void sample_zreport(PosZReport *z)
{
  memset(z, 0, sizeof *z);
  g_strlcpy(z->business_day, "2026-03-14", sizeof z->business_day);
  z->z_no = 12;
  z->closed_ms = G_GINT64_CONSTANT(1773500000000);
  z->total = 987650;
  z->receipts = 41;
}

static void test_day_close_roundtrip(void)
{
  PosZReport z;
  sample_zreport(&z);
  g_autoptr(cJSON) j = wire_zreport_to_json(&z);
  g_autoptr(cJSON) parsed = reparse(j);
  WireDayClose d;
  g_autoptr(GError) e = NULL;
  g_assert_true(wire_day_close_from_json(parsed, &d, &e));
  g_assert_no_error(e);
  g_assert_cmpstr(d.business_day, ==, z.business_day);
  g_assert_cmpint(d.z_no, ==, z.z_no);
  g_assert_cmpint(d.closed_ms, ==, z.closed_ms);
  g_assert_cmpint(d.total, ==, z.total);
  g_assert_cmpint(d.receipts, ==, z.receipts);
  cJSON_ReplaceItemInObjectCaseSensitive(parsed, "z_no", cJSON_CreateNumber(0));
  g_clear_error(&e);
  g_assert_false(wire_day_close_from_json(parsed, &d, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_assert_true(g_str_has_prefix(e->message, "field day_close.z_no:"));
  g_assert_cmpint(d.z_no, ==, 0);
}

#define ID1 "0b9e5c1e-6f3a-4c1e-9a55-2a7d3f1b8c01"
#define ID2 "0b9e5c1e-6f3a-4c1e-9a55-2a7d3f1b8c02"

/* A till's batch as the sync client builds it, decoded as the hub does. */
static char *sample_batch(void)
{
  g_autoptr(PosProduct) p = sample_product();
  PosZReport z;
  sample_zreport(&z);
  g_autoptr(cJSON) e1 = wire_event_to_json(ID1, WIRE_EVENT_PRODUCT, 1000, "2026-03-14",
                                           wire_product_to_json(p, FALSE));
  g_autoptr(cJSON) e2 = wire_event_to_json(ID2, WIRE_EVENT_DAY_CLOSE, z.closed_ms,
                                           z.business_day, wire_zreport_to_json(&z));
  g_autofree char *head = wire_batch_head("till-1", 5000);
  g_autofree char *t1 = wire_json_print_cjson(e1), *t2 = wire_json_print_cjson(e2);
  return g_strconcat(head, t1, ",", t2, WIRE_BATCH_TAIL, NULL);
}

static void test_batch_roundtrip(void)
{
  g_autofree char *body = sample_batch();
  g_assert_true(g_str_has_prefix(body, "{\"device_id\":\"till-1\",\"sent_ms\":5000,\"events\":[{"));
  g_auto(WireBatch) b = {0};
  g_autoptr(GError) e = NULL;
  g_assert_true(wire_batch_parse(body, strlen(body), 10, &b, &e));
  g_assert_no_error(e);
  g_assert_cmpstr(b.device_id, ==, "till-1");
  g_assert_true(b.has_sent);
  g_assert_cmpint(b.sent_ms, ==, 5000);
  g_assert_cmpuint(b.ids->len, ==, 2);
  g_assert_cmpstr(g_ptr_array_index(b.ids, 1), ==, ID2);
  WireEvent ev;
  g_assert_true(wire_event_from_json(g_ptr_array_index(b.events, 0), &ev, &e));
  g_assert_cmpint(ev.kind, ==, WIRE_EVENT_PRODUCT);
  g_assert_cmpint(ev.device_time_ms, ==, 1000);
  g_assert_cmpint(ev.product->plu, ==, 42);
  g_assert_nonnull(strstr(ev.json, "\"plu\":42"));
  wire_event_clear(&ev);
  g_assert_true(wire_event_from_json(g_ptr_array_index(b.events, 1), &ev, &e));
  g_assert_cmpint(ev.kind, ==, WIRE_EVENT_DAY_CLOSE);
  g_assert_cmpint(ev.close.z_no, ==, 12);
  wire_event_clear(&ev);
  /* Too many events: refused whole. */
  g_auto(WireBatch) small = {0};
  g_assert_false(wire_batch_parse(body, strlen(body), 1, &small, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_TOO_LARGE);
  g_clear_error(&e);
  g_assert_false(wire_batch_parse("[]", 2, 10, &small, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_JSON);
  g_clear_error(&e);
  static const char no_id[] = "{\"events\":[{\"id\":\"X\"}]}";
  g_assert_false(wire_batch_parse(no_id, strlen(no_id), 10, &small, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_assert_null(small.root);
}

#define ID0 "0b9e5c1e-6f3a-4c1e-9a55-2a7d3f1b8c00"

/* A sale of the sample product: a document that reconciles. Transfer full. */
static cJSON *sample_sale_json(void)
{
  g_autoptr(GError) e = NULL;
  PosCartRules rules = {10, 60};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_autoptr(PosProduct) p = sample_product();
  g_assert_true(pos_cart_add(cart, p, 1500, NULL, &e));
  PosTotals t;
  g_assert_true(pos_cart_totals(cart, &t, &e));
  g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, t.total, NULL, &e));
  g_autoptr(PosSale) s = pos_sale_from_cart(cart, 1773450000000, &e);
  g_assert_no_error(e);
  g_strlcpy(s->id, ID0, sizeof s->id);
  g_strlcpy(s->receipt_no, "T1-20260314-0001", sizeof s->receipt_no);
  return wire_sale_to_json(s);
}

/*
** wire_batch_event keeps each payload as the bytes the till sent: the
** whitespace of a pretty-printed event, a member the codec does not know,
** strings holding braces, quotes and backslashes, a "doc" nested deeper
** that is not the payload.  A member name written with an escape cannot
** be placed without decoding it, so then the payload is printed from the
** tree (compact) and still decodes the same.
*/
static void test_batch_raw_payloads(void)
{
  g_autoptr(cJSON) doc = sample_sale_json();
  cJSON_AddStringToObject(doc, "note", "a \"}{\" ] b\\ [");
  g_autoptr(cJSON) e0 = wire_event_to_json(ID0, WIRE_EVENT_SALE, 1773450000000, "2026-03-14",
                                           cJSON_Duplicate(doc, TRUE));
  cJSON *extra = cJSON_CreateObject();
  cJSON_AddItemToObject(extra, "doc", cJSON_CreateString("not the payload {"));
  cJSON_AddItemToObject(e0, "extra", extra);
  g_autoptr(PosProduct) p = sample_product();
  g_autoptr(cJSON) product = wire_product_to_json(p, FALSE);
  g_autoptr(cJSON) e1 = wire_event_to_json(ID1, WIRE_EVENT_PRODUCT, 1000, "2026-03-14",
                                           cJSON_Duplicate(product, TRUE));
  char *pretty = cJSON_Print(e0);
  g_autofree char *t0 = g_strdup(pretty);
  cJSON_free(pretty);
  g_autofree char *t1 = wire_json_print_cjson(e1);
  g_autofree char *want1 = wire_json_print_cjson(product);
  g_autofree char *body = g_strconcat("{ \"device_id\" : \"till-1\" ,\n \"events\" : [ ", t0,
                                      " ,\n", t1, " ] }\n", NULL);
  g_assert_nonnull(strchr(t0, '\n'));

  g_auto(WireBatch) b = {0};
  g_autoptr(GError) e = NULL;
  g_assert_true(wire_batch_parse(body, strlen(body), 10, &b, &e));
  WireEvent ev;
  gboolean ok = wire_batch_event(&b, 0, &ev, &e);
  g_assert_no_error(e);
  g_assert_true(ok);
  g_assert_nonnull(strstr(body, ev.json));        /* the body's own bytes ... */
  g_assert_nonnull(strchr(ev.json, '\n'));        /* ... not printed again */
  g_assert_true(g_str_has_prefix(ev.json, "{") && g_str_has_suffix(ev.json, "}"));
  g_autoptr(cJSON) back = cJSON_Parse(ev.json);
  g_assert_true(cJSON_Compare(back, doc, TRUE));
  wire_event_clear(&ev);
  g_assert_true(wire_batch_event(&b, 1, &ev, &e));
  g_assert_cmpstr(ev.json, ==, want1);
  wire_event_clear(&ev);

  /* "\u0064oc" is "doc": the scan gives up and the tree is printed. */
  g_autoptr(GString) esc = g_string_new(body);
  g_assert_cmpuint(g_string_replace(esc, "\"doc\":", "\"\\u0064oc\":", 1), ==, 1);
  g_auto(WireBatch) b2 = {0};
  g_assert_true(wire_batch_parse(esc->str, esc->len, 10, &b2, &e));
  g_assert_null(b2.raw);
  g_assert_true(wire_batch_event(&b2, 0, &ev, &e));
  g_assert_null(strchr(ev.json, '\n'));
  g_autoptr(cJSON) back2 = cJSON_Parse(ev.json);
  g_assert_true(cJSON_Compare(back2, doc, TRUE));
  g_assert_cmpstr(ev.doc->id, ==, ID0);
  wire_event_clear(&ev);
}

static void test_batch_event_refused(void)
{
  static const char *const bad[] = {
    "{\"id\":\"" ID1 "\",\"kind\":\"gift\",\"device_time_ms\":1,\"business_day\":\"2026-03-14\"}",
    "{\"id\":\"" ID1 "\",\"kind\":\"sale\",\"device_time_ms\":-1,\"business_day\":\"2026-03-14\"}",
    "{\"id\":\"" ID1 "\",\"kind\":\"sale\",\"device_time_ms\":1,\"business_day\":\"2026-13-01\"}",
    "{\"id\":\"" ID1 "\",\"kind\":\"sale\",\"device_time_ms\":1,\"business_day\":\"2026-03-14\","
    "\"doc\":7}",
    "{\"id\":\"" ID1 "\",\"kind\":\"product\",\"device_time_ms\":1,\"business_day\":\"2026-03-14\","
    "\"product\":{}}",
  };
  static const char *const named[] = {"field kind:", "field device_time_ms:",
                                      "field business_day:", "field doc:", "field product.plu:"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(cJSON) j = cJSON_Parse(bad[i]);
    WireEvent ev;
    g_autoptr(GError) e = NULL;
    g_assert_false(wire_event_from_json(j, &ev, &e));
    g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
    g_assert_true(g_str_has_prefix(e->message, named[i]));
    wire_event_clear(&ev);
  }
}

static void test_batch_answer_roundtrip(void)
{
  WireResult r[] = {
    {ID1, WIRE_RESULT_ACCEPTED, NULL, NULL, NULL},
    {ID2, WIRE_RESULT_REJECTED, NULL, "unreconciled", "total differs"},
  };
  g_autofree char *body = wire_batch_answer(r, 2, 9000, -25);
  g_assert_cmpstr(body, ==,
                  "{\"results\":[{\"id\":\"" ID1 "\",\"status\":\"accepted\"},{\"id\":\"" ID2
                  "\",\"status\":\"rejected\",\"code\":\"unreconciled\",\"message\":\"total "
                  "differs\"}],\"hub_time_ms\":9000,\"skew_ms\":-25}");
  g_auto(WireBatchAnswer) a = {0};
  g_assert_true(wire_batch_answer_parse(body, strlen(body), &a, NULL));
  g_assert_cmpuint(a.results->len, ==, 2);
  const WireResult *x = &g_array_index(a.results, WireResult, 1);
  g_assert_cmpstr(x->id, ==, ID2);
  g_assert_cmpint(x->status, ==, WIRE_RESULT_REJECTED);
  g_assert_cmpstr(x->code, ==, "unreconciled");
  g_assert_cmpstr(x->message, ==, "total differs");
  g_assert_true(a.has_skew);
  g_assert_cmpint(a.skew_ms, ==, -25);
  static const char odd[] = "{\"results\":[{\"id\":\"a\",\"status\":\"lost\"}]}";
  g_auto(WireBatchAnswer) b = {0};
  g_assert_true(wire_batch_answer_parse(odd, strlen(odd), &b, NULL));
  g_assert_cmpint(g_array_index(b.results, WireResult, 0).status, ==, WIRE_RESULT_OTHER);
  g_assert_false(b.has_skew);
  g_auto(WireBatchAnswer) c = {0};
  GError *e = NULL;
  g_assert_false(wire_batch_answer_parse("{}", 2, &c, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_error_free(e);
}

#define TOKEN "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_enroll_roundtrip(void)
{
  g_autofree char *req = wire_enroll_request("ABCD-1234", "till-1", "김 씨네");
  g_autoptr(cJSON) rj = wire_json_parse_object(req, strlen(req), NULL);
  const char *code, *device, *name;
  g_autoptr(GError) e = NULL;
  g_assert_true(wire_enroll_request_from_json(rj, &code, &device, &name, &e));
  g_assert_cmpstr(code, ==, "ABCD-1234");
  g_assert_cmpstr(device, ==, "till-1");
  g_assert_cmpstr(name, ==, "김 씨네");
  cJSON_ReplaceItemInObjectCaseSensitive(rj, "device_id", cJSON_CreateString("a b"));
  g_assert_false(wire_enroll_request_from_json(rj, &code, &device, &name, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_assert_true(g_str_has_prefix(e->message, "field device_id:"));

  WireStall s = {"S01", "김 씨네", "M1", "망원시장"};
  g_autofree char *ans = wire_enroll_answer(TOKEN, &s, 1234);
  g_autoptr(cJSON) aj = wire_json_parse_object(ans, strlen(ans), NULL);
  WireEnrollAnswer a;
  g_assert_true(wire_enroll_answer_from_json(aj, &a, NULL));
  g_assert_cmpstr(a.token, ==, TOKEN);
  g_assert_cmpstr(a.stall.code, ==, "S01");
  g_assert_cmpstr(a.stall.name, ==, s.name);
  g_assert_cmpstr(a.stall.market_code, ==, "M1");
  g_assert_cmpstr(a.stall.market_name, ==, s.market_name);
  g_assert_true(a.has_hub_time);
  g_assert_cmpint(a.hub_time_ms, ==, 1234);
  cJSON_ReplaceItemInObjectCaseSensitive(aj, "token", cJSON_CreateString("ABC"));
  g_clear_error(&e);
  g_assert_false(wire_enroll_answer_from_json(aj, &a, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_assert_null(a.token);

  g_autofree char *codeans = wire_enroll_code_answer("WXYZ-9876", &s, 777);
  g_assert_cmpstr(codeans, ==,
                  "{\"code\":\"WXYZ-9876\",\"stall\":{\"code\":\"S01\",\"name\":\"김 씨네\","
                  "\"market\":{\"code\":\"M1\",\"name\":\"망원시장\"}},\"expires_ms\":777}");
  g_autoptr(cJSON) cj = wire_json_parse_object(codeans, strlen(codeans), NULL);
  WireEnrollCodeAnswer c;
  g_assert_true(wire_enroll_code_answer_from_json(cj, &c, NULL));
  g_assert_cmpstr(c.code, ==, "WXYZ-9876");
  g_assert_cmpstr(c.stall.market_name, ==, s.market_name);
  g_assert_cmpint(c.expires_ms, ==, 777);
  cJSON_ReplaceItemInObjectCaseSensitive(cj, "expires_ms", cJSON_CreateString("soon"));
  g_clear_error(&e);
  g_assert_false(wire_enroll_code_answer_from_json(cj, &c, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_assert_null(c.code);
}

static void test_taxonomy_roundtrip(void)
{
  g_autoptr(cJSON) t = wire_taxonomy_new();
  wire_taxonomy_add(t, "FRUIT", "과일", "Fruit");
  wire_taxonomy_add(t, "BANCHAN", "반찬", "Side dishes");
  g_autoptr(cJSON) parsed = reparse(t);
  g_autoptr(GError) e = NULL;
  g_autoptr(GPtrArray) lines = wire_taxonomy_from_json(parsed, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(lines->len, ==, 2);
  const WireLine *l = g_ptr_array_index(lines, 1);
  g_assert_cmpstr(l->code, ==, "BANCHAN");
  g_assert_cmpstr(l->name_ko, ==, "반찬");
  g_assert_cmpstr(l->name_en, ==, "Side dishes");
  /* No English name: the Korean one. */
  g_autoptr(cJSON) ko = cJSON_Parse("{\"lines\":[{\"code\":\"FRUIT\",\"name_ko\":\"과일\"}]}");
  g_autoptr(GPtrArray) only = wire_taxonomy_from_json(ko, NULL);
  g_assert_cmpstr(((WireLine *)g_ptr_array_index(only, 0))->name_en, ==, "과일");
  static const char *const bad[] = {
    "{}", "{\"lines\":[{\"code\":\"fruit!\",\"name_ko\":\"x\"}]}",
    "{\"lines\":[{\"code\":\"FRUIT\"}]}",
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(cJSON) j = cJSON_Parse(bad[i]);
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) none = wire_taxonomy_from_json(j, &err);
    g_assert_null(none);
    g_assert_error(err, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  }
}

/* The summary's figures, its amounts and its last sync survive the trip; the text is pinned. */
static void test_summary_roundtrip(void)
{
  int64_t synced = G_GINT64_CONSTANT(1764118800000); /* whole seconds */
  WireAmount tender[] = {{"card", 9000}, {"cash", 3000}};
  WireAmount line[] = {{"FRUIT", 12000}};
  g_auto(WireSummary) s = {"S01", "2026-11-01", "2026-11-02", 3, 4, 1, 0, 12000, 11000,
                           10000, 1000, 1000, wire_amounts_new(), wire_amounts_new(), synced};
  g_array_append_vals(s.by_tender, tender, G_N_ELEMENTS(tender));
  g_array_append_vals(s.by_line, line, G_N_ELEMENTS(line));
  g_autoptr(cJSON) o = wire_summary_to_json(&s);
  g_autoptr(cJSON) parsed = reparse(o);
  g_autoptr(GError) e = NULL;
  g_auto(WireSummary) back = {0};
  g_assert_true(wire_summary_from_json(parsed, &back, &e));
  g_assert_no_error(e);
  g_assert_cmpstr(back.stall, ==, "S01");
  g_assert_cmpstr(back.to, ==, "2026-11-02");
  g_assert_cmpint(back.receipts, ==, 3);
  g_assert_cmpint(back.exempt, ==, 1000);
  g_assert_cmpint(back.last_sync_ms, ==, synced);
  g_assert_cmpuint(back.by_tender->len, ==, 2);
  g_assert_cmpstr(g_array_index(back.by_tender, WireAmount, 1).key, ==, "cash");
  g_assert_cmpint(g_array_index(back.by_line, WireAmount, 0).amount, ==, 12000);
  /* Never synced: null, and the bytes the hub has always written. */
  s.last_sync_ms = 0;
  g_array_set_size(s.by_tender, 1);
  g_autoptr(cJSON) never = wire_summary_to_json(&s);
  g_autofree char *text = wire_json_print_cjson(never);
  g_assert_cmpstr(text, ==,
                  "{\"stall\":\"S01\",\"from\":\"2026-11-01\",\"to\":\"2026-11-02\","
                  "\"receipts\":3,\"sales\":4,\"voids\":1,\"refunds\":0,\"total\":12000,"
                  "\"taxable\":11000,\"supply\":10000,\"vat\":1000,\"exempt\":1000,"
                  "\"by_tender\":{\"card\":9000},\"by_line\":{\"FRUIT\":12000},"
                  "\"last_sync\":null}");
}

/* An unknown tender method is refused with BAD_REQUEST naming it. */
static void test_summary_refused(void)
{
  g_autoptr(cJSON) j = cJSON_Parse(
    "{\"stall\":\"S01\",\"from\":\"2026-11-01\",\"to\":\"2026-11-01\",\"receipts\":0,"
    "\"sales\":0,\"voids\":0,\"refunds\":0,\"total\":5,\"taxable\":5,\"supply\":5,\"vat\":0,"
    "\"exempt\":0,\"by_tender\":{\"bitcoin\":5},\"by_line\":{},\"last_sync\":null}");
  g_autoptr(GError) err = NULL;
  g_auto(WireSummary) s = {0};
  g_assert_false(wire_summary_from_json(j, &s, &err));
  g_assert_error(err, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_assert_nonnull(strstr(err->message, "by_tender.bitcoin"));
  g_assert_null(s.by_tender);
}

/* The market list both ways, its text pinned; a market without a count is refused. */
static void test_markets(void)
{
  g_autoptr(cJSON) o = wire_markets_new();
  wire_markets_add(o, "M01", "망원시장", 12);
  wire_markets_add(o, "M02", "Tongin", 0);
  g_autofree char *text = wire_json_print_cjson(o);
  g_assert_cmpstr(text, ==,
                  "{\"markets\":[{\"code\":\"M01\",\"name\":\"망원시장\",\"stalls\":12},"
                  "{\"code\":\"M02\",\"name\":\"Tongin\",\"stalls\":0}]}");
  g_autoptr(cJSON) parsed = reparse(o);
  g_autoptr(GError) e = NULL;
  g_autoptr(GArray) m = wire_markets_from_json(parsed, &e);
  g_assert_no_error(e);
  g_assert_cmpuint(m->len, ==, 2);
  g_assert_cmpstr(g_array_index(m, WireMarket, 0).name, ==, "망원시장");
  g_assert_cmpint(g_array_index(m, WireMarket, 0).stalls, ==, 12);
  g_autoptr(cJSON) bad = cJSON_Parse("{\"markets\":[{\"code\":\"M01\",\"name\":\"x\"}]}");
  g_autoptr(GError) err = NULL;
  g_autoptr(GArray) none = wire_markets_from_json(bad, &err);
  g_assert_null(none);
  g_assert_error(err, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
}

/* A registry with a synced and a never-synced stall; disagreeing sync members are refused. */
static void test_market_stalls(void)
{
  int64_t synced = G_GINT64_CONSTANT(1764118800123);
  g_autoptr(cJSON) o = wire_market_stalls_new("M01");
  wire_market_stalls_add(o, "S01", "Apple", synced);
  wire_market_stalls_add(o, "S02", "Pear", 0);
  g_autoptr(cJSON) parsed = reparse(o);
  g_autoptr(GError) e = NULL;
  const char *market = NULL;
  g_autoptr(GArray) s = wire_market_stalls_from_json(parsed, &market, &e);
  g_assert_no_error(e);
  g_assert_cmpstr(market, ==, "M01");
  g_assert_cmpuint(s->len, ==, 2);
  g_assert_cmpint(g_array_index(s, WireStallSync, 0).last_sync_ms, ==, synced);
  g_assert_cmpstr(g_array_index(s, WireStallSync, 1).name, ==, "Pear");
  g_assert_cmpint(g_array_index(s, WireStallSync, 1).last_sync_ms, ==, 0);
  const cJSON *second = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "stalls"), 1);
  g_autofree char *never = wire_json_print_cjson(second);
  g_assert_cmpstr(never, ==,
                  "{\"code\":\"S02\",\"name\":\"Pear\",\"last_sync\":null,\"last_sync_ms\":null}");
  g_autoptr(cJSON) bad = cJSON_Parse("{\"market\":\"M01\",\"stalls\":[{\"code\":\"S01\","
                                     "\"name\":\"x\",\"last_sync\":null,\"last_sync_ms\":5}]}");
  g_autoptr(GError) err = NULL;
  g_autoptr(GArray) none = wire_market_stalls_from_json(bad, &market, &err);
  g_assert_null(none);
  g_assert_error(err, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
}

/*
** A small market for the reports: two markets (the city), three stalls in
** M1 over two weeks, two lines, hours and tenders, compared with the week
** before.
*/
static AnDataset *sample_dataset(void)
{
  AnDataset *ds = an_dataset_new();
  g_assert_true(an_dataset_add_market(ds, "M1", "망원시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "M2", "통인시장", NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "FRUIT", "과일", "Fruit", NULL, NULL));
  g_assert_true(an_dataset_add_line(ds, "BANCHAN", "반찬", "Side dishes", NULL, NULL));
  static const char *const stalls[] = { "S01", "S02", "S03", "T01" };
  for (guint i = 0; i < G_N_ELEMENTS(stalls); i++)
    g_assert_true(an_dataset_add_stall(ds, stalls[i], NULL, i < 3 ? "M1" : "M2",
                                       i == 2 ? -1 : 1714000000000 + i, NULL, NULL));
  guint cash = an_dataset_method(ds, "cash"), onnuri = an_dataset_method(ds, "onnuri-paper");
  AnDay first = 0;
  g_assert_true(an_day_parse("2024-04-01", &first));
  for (AnDay d = first; d < first + 14; d++)
    for (guint s = 0; s < 4; s++) {
      if (s == 1 && d % 3 == 0)
        continue;
      int64_t rev = 10000 * (s + 1) + 700 * (d - first) + (s == 0 ? 3 : 0);
      AnLineDay ld = { s, s % 2, d, rev, 1500 * (s + 1), 2, 3 + s };
      AnStallDay sd = { s, d, 3 + s, rev };
      AnStallHour sh = { s, d, 9 + (int)s, rev, 3 + s };
      AnStallTender t1 = { s, d, cash, rev / 3 }, t2 = { s, d, onnuri, rev - rev / 3 };
      g_assert_true(an_dataset_add_line_day(ds, &ld, NULL));
      g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
      g_assert_true(an_dataset_add_stall_hour(ds, &sh, NULL));
      g_assert_true(an_dataset_add_stall_tender(ds, &t1, NULL));
      g_assert_true(an_dataset_add_stall_tender(ds, &t2, NULL));
    }
  return ds;
}

/* The envelope decoded and written again is the same text: every field came back. */
static void assert_report_roundtrip(const char *json, WireReportKind kind)
{
  g_auto(WireReport) r = { 0 };
  g_autoptr(GError) e = NULL;
  g_assert_true(wire_report_parse(json, strlen(json), &r, &e));
  g_assert_no_error(e);
  g_assert_cmpint(r.kind, ==, kind);
  g_assert_cmpstr(wire_report_head(&r)->market_code, ==, "M1");
  g_assert_cmpuint(r.summary->len, >, 0);
  g_autofree char *again = kind == WIRE_REPORT_LINES ? an_lines_to_json(r.lines)
                           : kind == WIRE_REPORT_STORES ? an_stores_to_json(r.stores)
                                                        : an_stalls_to_json(r.stalls);
  g_assert_cmpstr(again, ==, json);
}

/* The three reports: encode, decode, encode again; then refused variants. */
static void test_report_roundtrip(void)
{
  g_autoptr(AnDataset) ds = sample_dataset();
  AnQuery q;
  g_assert_true(an_query_init(&q, ds, "M1", "2024-04-08", "2024-04-14", AN_COMPARE_PREVIOUS,
                              NULL, NULL));
  g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, NULL);
  g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, lines, NULL);
  g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, &q, NULL);
  g_autofree char *lj = an_lines_to_json(lines);
  g_autofree char *sj = an_stores_to_json(stores);
  g_autofree char *tj = an_stalls_to_json(stalls);
  assert_report_roundtrip(lj, WIRE_REPORT_LINES);
  assert_report_roundtrip(sj, WIRE_REPORT_STORES);
  assert_report_roundtrip(tj, WIRE_REPORT_STALLS);
  /* Each fault names its field; the report is refused whole. */
  static const struct { const char *from, *to, *field; } bad[] = {
    { "\"report\":\"stalls\"", "\"report\":\"areas\"", "field report:" },
    { "\"rows\":[", "\"rows\":\"x\",\"y\":[", "field rows:" },
    { "\"revenue\":", "\"revenue\":\"1\",\"x\":", "revenue: must be an integer" },
    { "\"onnuri_share\":", "\"onnuri_share\":\"0.5\",\"x\":", "onnuri_share: must be a number" },
    { "\"stall\":\"S01\"", "\"stall\":1", "field row.stall:" },
    { "\"from\":\"2024-04-08\"", "\"from\":\"2024-02-30\"", "field period:" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    const char *at = strstr(tj, bad[i].from);
    g_assert_nonnull(at);
    g_autofree char *head = g_strndup(tj, (gsize)(at - tj));
    g_autofree char *text = g_strconcat(head, bad[i].to, at + strlen(bad[i].from), NULL);
    g_auto(WireReport) r = { 0 };
    g_autoptr(GError) e = NULL;
    g_assert_false(wire_report_parse(text, strlen(text), &r, &e));
    g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
    g_assert_nonnull(strstr(e->message, bad[i].field));
    g_assert_null(r.stalls);
  }
  g_auto(WireReport) none = { 0 };
  g_autoptr(GError) e = NULL;
  g_assert_false(wire_report_parse("[1]", 3, &none, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_JSON);
}

/* One body through the strict reader: its code, or 0 when it is taken. */
static int strict_code(const char *body, gsize len)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(cJSON) o = wire_json_parse_object(body, len, &e);
  if (o != NULL)
    return 0;
  g_assert_true(e != NULL && e->domain == WIRE_ERROR);
  return e->code;
}

/*
** The strict reader every decoder goes through: bytes after the object
** (cJSON stopped at the brace and the hub answered 200), a \u0000 that cut
** a string, a key given twice, a string that is not UTF-8, a control byte.
** Each case failed before the reader was strict.
*/
static void test_json_strict(void)
{
  static const struct {
    const char *body;
    int code;
  } cases[] = {
    {"{\"events\":[]}", 0},
    {"  {\"events\":[]} \r\n\t", 0},
    {"{\"a\":\"\\\\u0000\"}", 0},                /* a backslash, then u0000: text */
    {"{\"a\":\"x\\\"\\u0041\"}", 0},               /* an escaped quote, then \u0041 */
    {"{\"events\":[]}x", SYNC_WIRE_BAD_JSON},
    {"{\"events\":[]}{}", SYNC_WIRE_BAD_JSON},
    {"{\"events\":[]} 1", SYNC_WIRE_BAD_JSON},
    {"{}\x01", SYNC_WIRE_BAD_JSON},
    {"{\"a\":\"x\x01y\"}", SYNC_WIRE_BAD_JSON},
    {"{\"abcdefgh\":\"0123456789\x1f\"}", SYNC_WIRE_BAD_JSON},        /* past the first word */
    {"{\n\t\"a\":\r\n\t1\x02}", SYNC_WIRE_BAD_JSON},                 /* beside allowed space */
    {"{\n\t\"a\":\r\n\t1,\n\t\"b\":\"\xea\xb0\x80\xed\x9e\xa3\"\n}\n", 0},  /* pretty, Korean */
    {"[]", SYNC_WIRE_BAD_JSON},
    {"", SYNC_WIRE_BAD_JSON},
    {"{\"name\":\"abc\\u0000def\"}", SYNC_WIRE_BAD_REQUEST},
    {"{\"a\\u0000b\":1}", SYNC_WIRE_BAD_REQUEST},
    {"{\"x\":[{\"n\":\"\\\\\\u0000\"}]}", SYNC_WIRE_BAD_REQUEST}, /* \\ then \u0000 */
    {"{\"id\":\"a\",\"id\":\"b\"}", SYNC_WIRE_BAD_REQUEST},
    {"{\"doc\":{\"lines\":[{\"amount\":1,\"amount\":2}]}}", SYNC_WIRE_BAD_REQUEST},
    {"{\"a\":\"\xff\xfe\"}", SYNC_WIRE_BAD_REQUEST},
    {"{\"\xc3\x28\":1}", SYNC_WIRE_BAD_REQUEST},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    int got = strict_code(cases[i].body, strlen(cases[i].body));
    if (got != cases[i].code)
      g_error("case %u (%s): code %d, want %d", i, cases[i].body, got, cases[i].code);
  }
  /* a raw NUL byte, inside a string and after the object */
  g_assert_cmpint(strict_code("{\"a\":\"x\0y\"}", 12), ==, SYNC_WIRE_BAD_JSON);
  g_assert_cmpint(strict_code("{}\0", 3), ==, SYNC_WIRE_BAD_JSON);
  /* many members: the hash set finds the one duplicate at the end */
  GString *big = g_string_new("{");
  for (int i = 0; i < 1000; i++)
    g_string_append_printf(big, "\"k%d\":%d,", i, i);
  g_string_append(big, "\"k7\":0}");
  g_assert_cmpint(strict_code(big->str, big->len), ==, SYNC_WIRE_BAD_REQUEST);
  g_string_truncate(big, big->len - 7);
  g_string_append(big, "\"end\":0}");
  g_assert_cmpint(strict_code(big->str, big->len), ==, 0);
  /* the longest string taken, one byte more refused */
  g_string_assign(big, "{\"s\":\"");
  for (int i = 0; i < WIRE_JSON_STRING_MAX; i++)
    g_string_append_c(big, 'x');
  g_string_append(big, "\"}");
  g_assert_cmpint(strict_code(big->str, big->len), ==, 0);
  g_string_insert_c(big, 7, 'x');
  g_assert_cmpint(strict_code(big->str, big->len), ==, SYNC_WIRE_BAD_REQUEST);
  g_string_free(big, TRUE);
  /* every decoder of a body reads through it: a batch, its answer, a report */
  g_auto(WireBatch) b = {0};
  g_autoptr(GError) e = NULL;
  g_assert_false(wire_batch_parse("{\"events\":[]}x", 15, 10, &b, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_JSON);
  g_clear_error(&e);
  g_auto(WireBatchAnswer) a = {0};
  const char *dup = "{\"results\":[],\"results\":[]}";
  g_assert_false(wire_batch_answer_parse(dup, strlen(dup), &a, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST);
  g_clear_error(&e);
  WireReport r;
  g_assert_false(wire_report_parse("{} []", 5, &r, &e));
  g_assert_error(e, WIRE_ERROR, SYNC_WIRE_BAD_JSON);
  SyncWireError we;
  const char *err = "{\"error\":{\"code\":\"busy\",\"message\":\"a\"}}";
  g_assert_true(sync_wire_error_parse(err, strlen(err), &we));
  sync_wire_error_clear(&we);
  const char *cut = "{\"error\":{\"code\":\"bu\\u0000sy\"}}";
  g_assert_false(sync_wire_error_parse(cut, strlen(cut), &we));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/wire/json", test_json);
  g_test_add_func("/wire/json/strict", test_json_strict);
  g_test_add_func("/wire/product/roundtrip", test_product_roundtrip);
  g_test_add_func("/wire/product/refused", test_product_refused);
  g_test_add_func("/wire/day-close/roundtrip", test_day_close_roundtrip);
  g_test_add_func("/wire/batch/roundtrip", test_batch_roundtrip);
  g_test_add_func("/wire/batch/event-refused", test_batch_event_refused);
  g_test_add_func("/wire/batch/raw-payloads", test_batch_raw_payloads);
  g_test_add_func("/wire/batch/answer-roundtrip", test_batch_answer_roundtrip);
  g_test_add_func("/wire/enroll/roundtrip", test_enroll_roundtrip);
  g_test_add_func("/wire/taxonomy/roundtrip", test_taxonomy_roundtrip);
  g_test_add_func("/wire/summary/roundtrip", test_summary_roundtrip);
  g_test_add_func("/wire/summary/refused", test_summary_refused);
  g_test_add_func("/wire/markets", test_markets);
  g_test_add_func("/wire/market-stalls", test_market_stalls);
  g_test_add_func("/wire/report/roundtrip", test_report_roundtrip);
  return g_test_run();
}
