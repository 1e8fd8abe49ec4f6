/*
** wire-sale.c: the stall's documents on the wire: a sale, void or refund
** (PosSale <-> JSON), and the day close (the Z report) both ways.
**
** Method.  Encoding is total: every field of the ledger's struct goes out,
** in the order of docs/PROTOCOL.md.  Decoding trusts nothing: every field is
** type- and range-checked through the wire-json.c primitives, the first bad
** field is named in the error, and a document must pass pos_sale_check()
** (its sums reconcile to the won) before it is returned.  A day close is
** kept whole by the hub; the decoder checks and returns its key fields.
*/
#include "wire-codec.h"
#include <string.h>

#define add_int wire_json_add_int
#define add_str wire_json_add_str

/* The document, field by field in the order of docs/PROTOCOL.md. */
cJSON *wire_sale_to_json(const PosSale *s)
{
  cJSON *o = cJSON_CreateObject();
  add_str(o, "id", s->id);
  add_str(o, "kind", pos_doc_kind_name(s->kind));
  add_str(o, "original_id", s->kind == POS_DOC_SALE ? NULL : s->original_id);
  add_str(o, "original_receipt_no",
          s->original_receipt_no[0] ? s->original_receipt_no : NULL);
  add_str(o, "receipt_no", s->receipt_no);
  add_str(o, "business_day", s->business_day);
  add_int(o, "device_time_ms", s->device_time_ms);
  add_int(o, "lines_sum", s->totals.lines);
  add_int(o, "rounding", s->totals.rounding);
  add_int(o, "line_discounts", s->totals.line_discounts);
  add_int(o, "sale_discount", s->totals.sale_discount);
  add_int(o, "total", s->totals.total);
  add_int(o, "taxable", s->totals.taxable);
  add_int(o, "supply", s->totals.supply);
  add_int(o, "vat", s->totals.vat);
  add_int(o, "exempt", s->totals.exempt);
  add_int(o, "paid", s->settlement.paid);
  add_int(o, "change", s->settlement.change);
  add_str(o, "sale_discount_reason", s->sale_discount_reason);
  add_str(o, "cash_receipt_id", s->cash_receipt_id);
  add_str(o, "reason", s->reason);
  cJSON *lines = cJSON_AddArrayToObject(o, "lines");
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    cJSON *j = cJSON_CreateObject();
    add_int(j, "plu", l->plu);
    add_str(j, "name", l->name);
    add_str(j, "line", l->line_code);
    add_str(j, "unit", l->unit == POS_UNIT_KG ? "kg" : "piece");
    add_str(j, "tax", l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable");
    add_int(j, "list_price", l->list_price);
    add_int(j, "unit_price", l->unit_price);
    add_str(j, "override_reason", l->override_reason);
    add_int(j, "qty_milli", l->qty_milli);
    add_int(j, "amount", l->amount);
    add_int(j, "rounding", l->rounding);
    add_int(j, "line_discount", l->line_discount);
    add_str(j, "discount_reason", l->discount_reason);
    add_int(j, "sale_discount_share", l->sale_discount_share);
    add_int(j, "net", l->net);
    add_int(j, "refunded_from", l->refunded_from);
    cJSON_AddBoolToObject(j, "fixed_amount", l->fixed_amount);
    cJSON_AddItemToArray(lines, j);
  }
  cJSON *tenders = cJSON_AddArrayToObject(o, "tenders");
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    cJSON *j = cJSON_CreateObject();
    add_str(j, "method", pos_tender_method_name(t->method));
    add_int(j, "amount", t->amount);
    add_str(j, "ref", t->ref);
    cJSON_AddItemToArray(tenders, j);
  }
  return o;
}

/* ---- Decoding ------------------------------------------------------------ */

typedef struct {
  GError **error;
  gboolean failed;
  const char *where;     /* "" or "lines[3]." for messages */
} Dec;

static void dec_fail(Dec *d, const char *field, const char *why)
{
  if (!d->failed)
    g_set_error(d->error, POS_ERROR, POS_ERROR_INVALID, "field %s%s: %s", d->where, field,
                why);
  d->failed = TRUE;
}

/*
** Entering element i of an array member (lines, tenders): stops once decoding
** has failed, points messages at "name[i]." (where is the caller's buffer,
** which must outlive the element) and requires an object.  FALSE to stop.
*/
static gboolean dec_element(Dec *d, const cJSON *j, const char *name, int i, char *where,
                            gsize where_size)
{
  if (d->failed)
    return FALSE;
  g_snprintf(where, where_size, "%s[%d].", name, i);
  d->where = where;
  if (!cJSON_IsObject(j)) {
    dec_fail(d, "", "must be an object");
    return FALSE;
  }
  return TRUE;
}

/*
** The members of an object, each looked up once: slot[i] is the first
** member named names[i], or NULL.  cJSON_GetObjectItem per field walked the
** member list from its head each time (a document's 23 fields, a line's
** 17: most of the decoder's strcmp calls).  Here the list is walked once
** and each name is first compared with the field after the last one found,
** so members in the protocol's order (what every till sends) cost one
** comparison each; any other order still finds them all.
*/
static void dec_members(const cJSON *o, const char *const *names, guint n, const cJSON **slot)
{
  memset(slot, 0, n * sizeof *slot);
  guint next = 0;
  for (const cJSON *c = o->child; c; c = c->next) {
    if (c->string == NULL)
      continue;
    for (guint k = 0; k < n; k++) {
      guint i = (next + k) % n;
      if (strcmp(c->string, names[i]) == 0) {
        if (slot[i] == NULL)
          slot[i] = c;
        next = i + 1;
        break;
      }
    }
  }
}

/* An integer field: "must be an integer" for a wrong type, else the range. */
static int64_t dec_int(Dec *d, const cJSON *v, const char *name, int64_t lo, int64_t hi)
{
  int64_t x = 0;
  if (!cJSON_IsNumber(v))
    dec_fail(d, name, "must be an integer");
  else if (!wire_json_int(v, lo, hi, &x))
    dec_fail(d, name, "integer out of range");
  return x;
}

/* A string of 1..max bytes of UTF-8 (or NULL when nullable and null). */
static const char *dec_str(Dec *d, const cJSON *v, const char *name, size_t max,
                           gboolean nullable)
{
  if (nullable && (v == NULL || cJSON_IsNull(v)))
    return NULL;
  if (!cJSON_IsString(v) || v->valuestring == NULL) {
    dec_fail(d, name, "must be a string");
    return NULL;
  }
  size_t len = strlen(v->valuestring);
  if (len == 0 || len > max || !g_utf8_validate(v->valuestring, (gssize)len, NULL)) {
    dec_fail(d, name, "string empty, too long or not UTF-8");
    return NULL;
  }
  return v->valuestring;
}

static int dec_enum(Dec *d, const cJSON *v, const char *name, const char *a, const char *b)
{
  const char *s = dec_str(d, v, name, 16, FALSE);
  if (s && strcmp(s, a) == 0)
    return 0;
  if (s && strcmp(s, b) == 0)
    return 1;
  if (s)
    dec_fail(d, name, "unknown value");
  return 0;
}

#define M POS_MONEY_MAX
#define MAX_LINES 1000
#define MAX_TENDERS 20

/* A line's members, in the order of docs/PROTOCOL.md (and of wire_sale_to_json). */
enum {
  L_PLU, L_NAME, L_LINE, L_UNIT, L_TAX, L_LIST_PRICE, L_UNIT_PRICE, L_OVERRIDE_REASON,
  L_QTY_MILLI, L_AMOUNT, L_ROUNDING, L_LINE_DISCOUNT, L_DISCOUNT_REASON,
  L_SALE_DISCOUNT_SHARE, L_NET, L_REFUNDED_FROM, L_FIXED_AMOUNT, L_N
};
static const char *const line_names[L_N] = {
  "plu", "name", "line", "unit", "tax", "list_price", "unit_price", "override_reason",
  "qty_milli", "amount", "rounding", "line_discount", "discount_reason",
  "sale_discount_share", "net", "refunded_from", "fixed_amount"};

/* Fields are checked in the protocol's order, so the first bad one is named. */
static void dec_line(Dec *d, const cJSON *j, PosLine *l)
{
  const cJSON *f[L_N];
  dec_members(j, line_names, L_N, f);
#define F(k) f[k], line_names[k]
  l->plu = (int)dec_int(d, F(L_PLU), 1, 99999);
  l->name = g_strdup(dec_str(d, F(L_NAME), POS_NAME_MAX, FALSE));
  const char *code = dec_str(d, F(L_LINE), POS_LINE_CODE_MAX, FALSE);
  if (code && !pos_line_code_valid(code))
    dec_fail(d, "line", "not a product-line code");
  l->line_code = g_strdup(code);
  l->unit = dec_enum(d, F(L_UNIT), "piece", "kg") ? POS_UNIT_KG : POS_UNIT_PIECE;
  l->tax = dec_enum(d, F(L_TAX), "taxable", "exempt") ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  l->list_price = dec_int(d, F(L_LIST_PRICE), 0, 100000000);
  l->unit_price = dec_int(d, F(L_UNIT_PRICE), 0, 100000000);
  l->override_reason = g_strdup(dec_str(d, F(L_OVERRIDE_REASON), 200, TRUE));
  l->qty_milli = dec_int(d, F(L_QTY_MILLI), -POS_QTY_MAX, POS_QTY_MAX);
  l->amount = dec_int(d, F(L_AMOUNT), -M, M);
  l->rounding = dec_int(d, F(L_ROUNDING), -1000, 1000);
  l->line_discount = dec_int(d, F(L_LINE_DISCOUNT), -M, M);
  l->discount_reason = g_strdup(dec_str(d, F(L_DISCOUNT_REASON), 200, TRUE));
  l->sale_discount_share = dec_int(d, F(L_SALE_DISCOUNT_SHARE), -M, M);
  l->net = dec_int(d, F(L_NET), -M, M);
  l->refunded_from = (int)dec_int(d, F(L_REFUNDED_FROM), -1, MAX_LINES);
#undef F
  const cJSON *fixed = f[L_FIXED_AMOUNT];
  if (!cJSON_IsBool(fixed))
    dec_fail(d, "fixed_amount", "must be true or false");
  l->fixed_amount = cJSON_IsTrue(fixed);
}

/* A document's members, in the order of docs/PROTOCOL.md (and of wire_sale_to_json). */
enum {
  S_ID, S_KIND, S_ORIGINAL_ID, S_ORIGINAL_RECEIPT_NO, S_RECEIPT_NO, S_BUSINESS_DAY,
  S_DEVICE_TIME_MS, S_LINES_SUM, S_ROUNDING, S_LINE_DISCOUNTS, S_SALE_DISCOUNT, S_TOTAL,
  S_TAXABLE, S_SUPPLY, S_VAT, S_EXEMPT, S_PAID, S_CHANGE, S_SALE_DISCOUNT_REASON,
  S_CASH_RECEIPT_ID, S_REASON, S_LINES, S_TENDERS, S_N
};
static const char *const sale_names[S_N] = {
  "id", "kind", "original_id", "original_receipt_no", "receipt_no", "business_day",
  "device_time_ms", "lines_sum", "rounding", "line_discounts", "sale_discount", "total",
  "taxable", "supply", "vat", "exempt", "paid", "change", "sale_discount_reason",
  "cash_receipt_id", "reason", "lines", "tenders"};

enum { T_METHOD, T_AMOUNT, T_REF, T_N };
static const char *const tender_names[T_N] = {"method", "amount", "ref"};

PosSale *wire_sale_from_json(const cJSON *o, GError **error)
{
  Dec d = {error, FALSE, ""};
  if (!cJSON_IsObject(o)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "a document must be a JSON object");
    return NULL;
  }
  const cJSON *f[S_N];
  dec_members(o, sale_names, S_N, f);
#define F(k) f[k], sale_names[k]
  g_autoptr(PosSale) s = pos_sale_new();
  const char *id = dec_str(&d, F(S_ID), POS_UUID_LEN, FALSE);
  if (id && !pos_uuid_valid(id))
    dec_fail(&d, "id", "not a lower-case UUID");
  g_strlcpy(s->id, id ? id : "", sizeof s->id);
  const char *kind = dec_str(&d, F(S_KIND), 8, FALSE);
  s->kind = g_strcmp0(kind, "void") == 0     ? POS_DOC_VOID
            : g_strcmp0(kind, "refund") == 0 ? POS_DOC_REFUND
                                             : POS_DOC_SALE;
  if (kind && s->kind == POS_DOC_SALE && strcmp(kind, "sale") != 0)
    dec_fail(&d, "kind", "must be sale, void or refund");
  const char *orig = dec_str(&d, F(S_ORIGINAL_ID), POS_UUID_LEN, s->kind == POS_DOC_SALE);
  if (s->kind == POS_DOC_SALE && orig != NULL)
    dec_fail(&d, "original_id", "a sale has no original");
  if (orig && !pos_uuid_valid(orig))
    dec_fail(&d, "original_id", "not a lower-case UUID");
  g_strlcpy(s->original_id, orig ? orig : "", sizeof s->original_id);
  const char *ono = dec_str(&d, F(S_ORIGINAL_RECEIPT_NO), sizeof s->original_receipt_no - 1,
                            TRUE);
  g_strlcpy(s->original_receipt_no, ono ? ono : "", sizeof s->original_receipt_no);
  const char *no = dec_str(&d, F(S_RECEIPT_NO), sizeof s->receipt_no - 1, FALSE);
  g_strlcpy(s->receipt_no, no ? no : "", sizeof s->receipt_no);
  const char *day = dec_str(&d, F(S_BUSINESS_DAY), 10, FALSE);
  if (day && !wire_day_valid(day))
    dec_fail(&d, "business_day", "must be a day YYYY-MM-DD of the years 2000-9999");
  g_strlcpy(s->business_day, day ? day : "", sizeof s->business_day);
  s->device_time_ms = dec_int(&d, F(S_DEVICE_TIME_MS), 0, WIRE_TIME_MAX);
  s->totals.lines = dec_int(&d, F(S_LINES_SUM), -M, M);
  s->totals.rounding = dec_int(&d, F(S_ROUNDING), -M, M);
  s->totals.line_discounts = dec_int(&d, F(S_LINE_DISCOUNTS), -M, M);
  s->totals.sale_discount = dec_int(&d, F(S_SALE_DISCOUNT), -M, M);
  s->totals.total = dec_int(&d, F(S_TOTAL), -M, M);
  s->totals.taxable = dec_int(&d, F(S_TAXABLE), -M, M);
  s->totals.supply = dec_int(&d, F(S_SUPPLY), -M, M);
  s->totals.vat = dec_int(&d, F(S_VAT), -M, M);
  s->totals.exempt = dec_int(&d, F(S_EXEMPT), -M, M);
  s->settlement.paid = dec_int(&d, F(S_PAID), -M, M);
  s->settlement.change = dec_int(&d, F(S_CHANGE), -M, M);
  s->sale_discount_reason = g_strdup(dec_str(&d, F(S_SALE_DISCOUNT_REASON), 200, TRUE));
  const char *cr = dec_str(&d, F(S_CASH_RECEIPT_ID), 18, TRUE);
  if (cr && (strlen(cr) < 10 || strspn(cr, "0123456789") != strlen(cr)))
    dec_fail(&d, "cash_receipt_id", "must be 10-18 digits");
  s->cash_receipt_id = g_strdup(cr);
  s->reason = g_strdup(dec_str(&d, F(S_REASON), 200, TRUE));
#undef F

  const cJSON *lines = f[S_LINES];
  if (!cJSON_IsArray(lines) || cJSON_GetArraySize(lines) < 1
      || cJSON_GetArraySize(lines) > MAX_LINES)
    dec_fail(&d, "lines", "must be an array of 1-1000 lines");
  const cJSON *j;
  char where[32];
  int i = 0;
  cJSON_ArrayForEach(j, lines) {
    if (!dec_element(&d, j, "lines", i++, where, sizeof where))
      break;
    PosLine *l = g_new0(PosLine, 1);
    g_ptr_array_add(s->lines, l);   /* owned by s from here */
    dec_line(&d, j, l);
  }
  d.where = "";
  const cJSON *tenders = f[S_TENDERS];
  if (!cJSON_IsArray(tenders) || cJSON_GetArraySize(tenders) > MAX_TENDERS)
    dec_fail(&d, "tenders", "must be an array of at most 20 tenders");
  i = 0;
  cJSON_ArrayForEach(j, tenders) {
    if (!dec_element(&d, j, "tenders", i++, where, sizeof where))
      break;
    PosTender *t = g_new0(PosTender, 1);
    g_ptr_array_add(s->tenders, t);
    const cJSON *tf[T_N];
    dec_members(j, tender_names, T_N, tf);
    const char *m = dec_str(&d, tf[T_METHOD], "method", 16, FALSE);
    if (m && !pos_tender_method_parse(m, &t->method))
      dec_fail(&d, "method", "unknown payment method");
    t->amount = dec_int(&d, tf[T_AMOUNT], "amount", -M, M);
    t->ref = g_strdup(dec_str(&d, tf[T_REF], "ref", 40, TRUE));
  }
  if (d.failed)
    return NULL;
  if (!pos_sale_check(s, error))
    return NULL;
  return g_steal_pointer(&s);
}

/* The Z report, every pinned close-day field. */
cJSON *wire_zreport_to_json(const PosZReport *z)
{
  cJSON *o = cJSON_CreateObject();
  add_str(o, "business_day", z->business_day);
  add_int(o, "z_no", z->z_no);
  add_int(o, "opened_ms", z->opened_ms);
  add_int(o, "closed_ms", z->closed_ms);
  add_int(o, "cash_float", z->cash_float);
  add_int(o, "receipts", z->receipts);
  add_int(o, "gross", z->gross);
  add_int(o, "total", z->total);
  add_int(o, "discounts", z->discounts);
  add_int(o, "taxable", z->taxable);
  add_int(o, "supply", z->supply);
  add_int(o, "vat", z->vat);
  add_int(o, "exempt", z->exempt);
  add_int(o, "voids", z->voids);
  add_int(o, "voids_amount", z->voids_amount);
  add_int(o, "refunds", z->refunds);
  add_int(o, "refunds_amount", z->refunds_amount);
  cJSON *bt = cJSON_AddObjectToObject(o, "by_tender");
  for (int m = 0; m < POS_TENDER_N; m++)
    add_int(bt, pos_tender_method_name((PosTenderMethod)m), z->by_tender[m]);
  cJSON *bl = cJSON_AddObjectToObject(o, "by_line");
  for (guint i = 0; z->by_line && i < z->by_line->len; i++) {
    const PosLineTotal *t = g_ptr_array_index(z->by_line, i);
    add_int(bl, t->line_code, t->amount);
  }
  add_int(o, "cash_in", z->cash_in);
  add_int(o, "change", z->change);
  add_int(o, "paid_in", z->paid_in);
  add_int(o, "paid_out", z->paid_out);
  add_int(o, "cash_moves", z->cash_moves);
  add_int(o, "expected_cash", z->expected_cash);
  add_int(o, "counted_cash", z->counted_cash);
  add_int(o, "cash_difference", z->cash_difference);
  add_int(o, "cash_receipts_pending", z->cash_receipts_pending);
  return o;
}

/*
** The key fields of a day close; the first bad one is named as
** "field day_close.NAME" (WIRE_ERROR, SYNC_WIRE_BAD_REQUEST).
*/
gboolean wire_day_close_from_json(const cJSON *o, WireDayClose *out, GError **error)
{
  memset(out, 0, sizeof *out);
  const char *day = wire_json_get_str(o, "business_day", 10);
  int64_t z_no = 0;
  const char *bad = !wire_day_valid(day)                                      ? "business_day"
                    : !wire_json_get_int(o, "z_no", 1, 100000, &z_no)     ? "z_no"
                    : !wire_json_get_int(o, "closed_ms", 0, WIRE_TIME_MAX, &out->closed_ms)
                      ? "closed_ms"
                    : !wire_json_get_int(o, "total", -M, M, &out->total) ? "total"
                    : !wire_json_get_int(o, "receipts", 0, 100000000, &out->receipts)
                      ? "receipts"
                      : NULL;
  if (bad) {
    memset(out, 0, sizeof *out);
    g_set_error(error, WIRE_ERROR, SYNC_WIRE_BAD_REQUEST,
                "field day_close.%s: missing, wrong type or out of range", bad);
    return FALSE;
  }
  g_strlcpy(out->business_day, day, sizeof out->business_day);
  out->z_no = (int)z_no;
  return TRUE;
}
