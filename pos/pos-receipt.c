/*
** pos-receipt.c: receipts and the Z report laid out as plain text, and the
** QR payload that names a receipt.
**
** Everything the till shows or prints of a document starts here as text of
** a fixed number of columns (32 on 58 mm paper, 42 on 80 mm), one '\n' per
** printed line.  The ESC/POS encoder (pos-escpos.c) prints these lines as
** they are, so the screen, the tests and the paper all see one layout.
**
** Columns are counted as the printer counts them: Hangul and the other East
** Asian wide characters take two, combining marks none.  Lines are cut only
** between whole characters, so no wide character ever straddles the right
** edge.  Text that comes from people (names, reasons, references) is cleaned
** before it is laid out: invalid UTF-8 is replaced and control characters
** become spaces, because an ESC or GS byte inside a product name would
** otherwise reach the printer as a command, and a newline would break the
** column layout.
**
** Money goes through pos_money_format() and quantities through
** pos_qty_format(): weighed goods in g or kg with the price per kg, never in
** 근, which the 계량에 관한 법률 bans from trade documents.
*/
#include "pos-receipt.h"
#include "mb-clock.h"

#include <string.h>

/* The two roll widths in columns of the printer's 12-dot font A. */
#define NARROW_COLS 32
#define WIDE_COLS 42
/* Room for pos_money_format() and pos_qty_format(): "-999,999,999,999". */
#define NUM_BUF 32
/* Indent of the continuation lines of a wrapped note or header row. */
#define NOTE_HANG 4
/* Characters of a reference left readable when it is masked. */
#define MASK_KEEP 4

/*
** A document being laid out: the lines so far, each already within width
** columns.  Every emitter below appends only lines that fit, so the width
** promise of the header holds by construction instead of by a final check.
** The width is always 32 or 42, so a single character always fits a line
** and the wrapping loops always advance.
*/
typedef struct {
  GPtrArray *lines; /* of char *, owned */
  int width;
} Sheet;

/* Starts an empty sheet of width columns. */
static void sheet_init(Sheet *sh, int width)
{
  sh->lines = g_ptr_array_new_with_free_func(g_free);
  sh->width = width;
}

/* Releases the lines of a sheet that was not finished (error paths). */
static void sheet_clear(Sheet *sh)
{
  g_clear_pointer(&sh->lines, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Sheet, sheet_clear)

/*
** Joins the lines, each ending in '\n', into the caller's string and leaves
** the sheet empty.
*/
static char *sheet_finish(Sheet *sh)
{
  GString *text = g_string_new(NULL);
  for (guint i = 0; i < sh->lines->len; i++) {
    g_string_append(text, g_ptr_array_index(sh->lines, i));
    g_string_append_c(text, '\n');
  }
  sheet_clear(sh);
  return g_string_free(text, FALSE);
}

/* Columns one character takes on the printer. */
static int char_cols(gunichar c)
{
  if (g_unichar_iszerowidth(c))
    return 0;
  return g_unichar_iswide(c) ? 2 : 1;
}

/*
** Walks the text character by character.  A byte that does not start a
** valid UTF-8 sequence counts as one column and the walk resumes at the next
** byte, so that a damaged string still gets a width instead of an abort.
*/
int pos_text_width(const char *utf8)
{
  int cols = 0;
  const char *p = utf8;

  if (p == NULL)
    return 0;
  while (*p != '\0') {
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      cols++;
      p++;
      continue;
    }
    cols += char_cols(c);
    p = g_utf8_next_char(p);
  }
  return cols;
}

/*
** Makes text from outside safe to lay out and print: invalid sequences
** become U+FFFD, and control characters and line or paragraph separators
** become spaces (see the file comment for why).  NULL gives "".
*/
static char *clean_text(const char *text)
{
  g_autofree char *valid = g_utf8_make_valid(text != NULL ? text : "", -1);
  GString *out = g_string_sized_new(strlen(valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    switch (g_unichar_type(c)) {
    case G_UNICODE_CONTROL:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      g_string_append_c(out, ' ');
      break;
    default:
      g_string_append_unichar(out, c);
      break;
    }
  }
  return g_string_free(out, FALSE);
}

/*
** Bytes of the longest prefix of clean text s within cols columns.  A
** zero-width character fits wherever it comes, so combining marks stay on
** the line of the character they belong to.
*/
static gsize fit_prefix(const char *s, int cols)
{
  const char *p = s;
  int used = 0;

  while (*p != '\0') {
    int w = char_cols(g_utf8_get_char(p));
    if (used + w > cols)
      break;
    used += w;
    p = g_utf8_next_char(p);
  }
  return (gsize)(p - s);
}

/*
** Appends text over as many lines as it needs, continuation lines indented
** by hang columns so that a wrapped note stays visibly under its item.
** Each line takes as many whole characters as fit; when the text goes on,
** the break moves back to the last space of that line if there is one,
** because a name cut inside a word ("국내산 한우 등|심") reads worse than
** one cut between words.  Spaces at the start of a continuation line are
** dropped.  hang is at most 4 of at least 32 columns, so a wide character
** always fits and every round advances.
*/
static void sheet_wrap_hang(Sheet *sh, const char *text, int hang)
{
  g_autofree char *clean = clean_text(text);
  const char *p = clean;
  int indent = 0;

  do {
    gsize fit = fit_prefix(p, sh->width - indent);
    gsize cut = fit, next = fit;
    g_autofree char *piece = NULL;
    if (p[fit] != '\0') {
      for (gsize i = fit; i > 0; i--) {
        if (p[i] == ' ') {
          cut = i;
          next = i + 1;
          break;
        }
      }
    }
    piece = g_strchomp(g_strndup(p, cut));
    g_ptr_array_add(sh->lines, g_strdup_printf("%*s%s", indent, "", piece));
    indent = hang;
    p += next;
    while (*p == ' ')
      p++;
  } while (*p != '\0');
}

/* Wraps with no hanging indent: names, values, free text. */
static void sheet_wrap(Sheet *sh, const char *text)
{
  sheet_wrap_hang(sh, text, 0);
}

/*
** Appends a label on the left and a value flush right, the layout of every
** figure on a receipt.  When both do not fit on one line the label wraps on
** its own and the value follows on the next line, still flush right (or
** wrapped itself when it is wider than the paper, like a 36-character id
** on 58 mm).
*/
static void sheet_pair(Sheet *sh, const char *label, const char *value)
{
  g_autofree char *l = clean_text(label);
  g_autofree char *v = clean_text(value);
  int lw = pos_text_width(l);
  int vw = pos_text_width(v);

  if (lw + 1 + vw <= sh->width) {
    g_ptr_array_add(sh->lines,
                    g_strdup_printf("%s%*s%s", l, sh->width - lw - vw, "", v));
    return;
  }
  sheet_wrap(sh, l);
  if (vw <= sh->width)
    g_ptr_array_add(sh->lines, g_strdup_printf("%*s%s", sh->width - vw, "", v));
  else
    sheet_wrap(sh, v);
}

/* A label with an amount, the common case of sheet_pair(). */
static void sheet_money(Sheet *sh, const char *label, PosMoney amount)
{
  char buf[NUM_BUF];
  sheet_pair(sh, label, pos_money_format(amount, buf, sizeof buf));
}

/* Appends text centred, or wrapped when it is as wide as the paper. */
static void sheet_center(Sheet *sh, const char *text)
{
  g_autofree char *clean = clean_text(text);
  int w = pos_text_width(clean);

  if (w >= sh->width) {
    sheet_wrap(sh, clean);
    return;
  }
  g_ptr_array_add(sh->lines, g_strdup_printf("%*s%s", (sh->width - w) / 2, "", clean));
}

/* Appends a full-width rule of c ('-' between sections, '=' around totals). */
static void sheet_rule(Sheet *sh, char c)
{
  g_ptr_array_add(sh->lines, g_strnfill((gsize)sh->width, c));
}

/* Refuses any width but the two paper widths, before any work is done. */
static gboolean check_width(int width, GError **error)
{
  if (width == NARROW_COLS || width == WIDE_COLS)
    return TRUE;
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
              "receipt width %d: must be %d (58 mm) or %d (80 mm) columns", width,
              NARROW_COLS, WIDE_COLS);
  return FALSE;
}

/* TRUE when every amount of values lies within the ledger's money range. */
static gboolean amounts_in_range(const PosMoney *values, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    if (!pos_money_in_range(values[i]))
      return FALSE;
  }
  return TRUE;
}

/*
** Checks what the layout relies on, so that a damaged document (read back
** from a bad file, or built by a buggy caller) gets INVALID instead of a
** crash: enums within their range, no NULL entries, and every amount and
** quantity within the ledger's limits, which also makes negating them safe.
** The sums themselves are pos_sale_check()'s business: a receipt prints
** the document it is given.
*/
static gboolean check_sale(const PosSale *sale, GError **error)
{
  const char *why = NULL;

  if (sale == NULL) {
    why = "no document";
  } else if ((guint)sale->kind > POS_DOC_REFUND) {
    why = "unknown document kind";
  } else {
    const PosTotals *t = &sale->totals;
    const PosSettlement *s = &sale->settlement;
    const PosMoney sums[] = { t->lines,   t->rounding, t->line_discounts, t->sale_discount,
                              t->total,   t->taxable,  t->supply,         t->vat,
                              t->exempt,  s->paid,     s->change,         s->onnuri_paper_spent };
    if (!amounts_in_range(sums, G_N_ELEMENTS(sums)))
      why = "a total is out of range";
  }
  for (guint i = 0; why == NULL && sale->lines != NULL && i < sale->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(sale->lines, i);
    if (l == NULL) {
      why = "a line is missing";
    } else {
      const PosMoney figures[] = { l->list_price, l->unit_price, l->amount, l->rounding,
                                   l->line_discount, l->sale_discount_share, l->net };
      if (!amounts_in_range(figures, G_N_ELEMENTS(figures)) ||
          l->qty_milli < -POS_QTY_MAX || l->qty_milli > POS_QTY_MAX ||
          (guint)l->unit > POS_UNIT_KG)
        why = "a line is out of range";
    }
  }
  for (guint i = 0; why == NULL && sale->tenders != NULL && i < sale->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(sale->tenders, i);
    if (t == NULL || (guint)t->method >= POS_TENDER_N || !pos_money_in_range(t->amount))
      why = "a tender is missing or out of range";
  }
  if (why == NULL)
    return TRUE;
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "cannot lay out receipt: %s", why);
  return FALSE;
}

/*
** Local time in Seoul for a Unix time in ms, "YYYY-MM-DD HH:MM:SS", by the
** market clock (mb-clock.h).  A time GLib cannot represent prints as "-"
** rather than failing the receipt.
*/
static char *format_kst(int64_t unix_ms)
{
  g_autoptr(GDateTime) dt = mb_clock_local(unix_ms);

  if (dt == NULL)
    return g_strdup("-");
  return g_date_time_format(dt, "%Y-%m-%d %H:%M:%S");
}

/*
** Masks a reference or a customer identifier for paper: '*' for every
** character but the last MASK_KEEP, which is enough to match a slip with a
** card terminal record or a phone number.  At most half of a short value is
** shown, so that a 4-digit value is never printed whole.
*/
static char *mask_tail(const char *text)
{
  g_autofree char *clean = clean_text(text);
  glong n = g_utf8_strlen(clean, -1);
  glong keep = MIN(MASK_KEEP, n / 2);
  GString *out = g_string_new(NULL);

  for (glong i = 0; i < n - keep; i++)
    g_string_append_c(out, '*');
  g_string_append(out, g_utf8_offset_to_pointer(clean, n - keep));
  return g_string_free(out, FALSE);
}

/*
** The stall's identity, as a receipt must carry it: the name centred as a
** heading, then 상호, 사업자등록번호, address and phone, each only when set.
** A missing stall (not initialised yet) prints no header rather than an
** error, so that a receipt can always be shown.
*/
static void put_header(Sheet *sh, const PosSettings *stall)
{
  if (stall == NULL)
    return;

  const struct {
    const char *label;
    const char *value;
  } rows[] = {
    { "상호", stall->stall_name },
    { "사업자등록번호", stall->business_no },
    { "주소", stall->address },
    { "전화", stall->phone },
  };
  if (stall->stall_name != NULL && stall->stall_name[0] != '\0')
    sheet_center(sh, stall->stall_name);
  for (gsize i = 0; i < G_N_ELEMENTS(rows); i++) {
    if (rows[i].value != NULL && rows[i].value[0] != '\0') {
      g_autofree char *row = g_strdup_printf("%s: %s", rows[i].label, rows[i].value);
      sheet_wrap_hang(sh, row, NOTE_HANG);
    }
  }
}

/*
** One sold (or returned) line: the name, wrapped, marked '*' when exempt
** from VAT; then quantity x unit price with the amount flush right; then,
** only when they apply, the catalog price and the reason of a haggled
** price, the line discount with its reason, and the rounding of a weighed
** line.  Lines of voids and refunds keep their negative quantities.
*/
static void put_line(Sheet *sh, const PosLine *l)
{
  char qty[NUM_BUF], price[NUM_BUF], amount[NUM_BUF];
  g_autofree char *name =
    g_strdup_printf("%s%s", l->tax == POS_TAX_EXEMPT ? "*" : "", l->name != NULL ? l->name : "");
  g_autofree char *detail = NULL;

  sheet_wrap(sh, name);
  pos_qty_format(l->qty_milli, l->unit, qty, sizeof qty);
  pos_money_format(l->unit_price, price, sizeof price);
  detail = g_strdup_printf("  %s x %s%s", qty, price, l->unit == POS_UNIT_KG ? "/kg" : "");
  sheet_pair(sh, detail, pos_money_format(l->amount, amount, sizeof amount));

  if (l->override_reason != NULL || l->unit_price != l->list_price) {
    g_autofree char *note = NULL;
    pos_money_format(l->list_price, price, sizeof price);
    if (l->override_reason != NULL && l->override_reason[0] != '\0')
      note = g_strdup_printf("  정가 %s, 변경사유: %s", price, l->override_reason);
    else
      note = g_strdup_printf("  정가 %s", price);
    sheet_wrap_hang(sh, note, NOTE_HANG);
  }
  if (l->line_discount != 0) {
    g_autofree char *label = NULL;
    if (l->discount_reason != NULL && l->discount_reason[0] != '\0')
      label = g_strdup_printf("  할인 (%s)", l->discount_reason);
    else
      label = g_strdup("  할인");
    sheet_money(sh, label, -l->line_discount);
  }
  if (l->rounding != 0)
    sheet_money(sh, "  원단위 절사", l->rounding);
}

/*
** One tender with its Korean label, and its reference masked on the next
** line: the approval number of a card, the transaction number of the
** others.
*/
static void put_tender(Sheet *sh, const PosTender *t)
{
  sheet_money(sh, pos_tender_method_label(t->method), t->amount);
  if (t->ref != NULL && t->ref[0] != '\0') {
    g_autofree char *masked = mask_tail(t->ref);
    gboolean card = t->method == POS_TENDER_CARD || t->method == POS_TENDER_ONNURI_CARD;
    sheet_pair(sh, card ? "  승인번호" : "  거래번호", masked);
  }
}

/* The title of a document: a void or refund must never pass for a sale. */
static const char *doc_title(PosDocKind kind)
{
  switch (kind) {
  case POS_DOC_VOID:
    return "*** 취소 영수증 ***";
  case POS_DOC_REFUND:
    return "*** 환불 영수증 ***";
  case POS_DOC_SALE:
  default:
    return "영수증";
  }
}

/*
** Lays the document out top to bottom as a Korean receipt reads: stall,
** title and document numbers, lines, adjustments down to 합계, the VAT
** split that the receipt must show, the tenders with 받은금액 and
** 거스름돈, and the 현금영수증 request.  Lines of exempt goods are marked
** '*' and explained at the foot.  Amounts of voids and refunds are printed
** with their (negative) signs, as stored, so that the paper agrees with
** every sum over documents.
*/
char *pos_receipt_text(const PosSale *sale, const PosSettings *stall, int width,
                       GError **error)
{
  g_auto(Sheet) sh = { 0 };
  g_autofree char *receipt_no = NULL, *when = NULL;
  const PosTotals *t;
  gboolean any_exempt = FALSE;

  if (!check_width(width, error) || !check_sale(sale, error))
    return NULL;
  t = &sale->totals;
  sheet_init(&sh, width);

  put_header(&sh, stall);
  sheet_rule(&sh, '-');
  sheet_center(&sh, doc_title(sale->kind));
  receipt_no = g_strndup(sale->receipt_no, sizeof sale->receipt_no);
  sheet_pair(&sh, "영수증번호", receipt_no);
  when = format_kst(sale->device_time_ms);
  sheet_pair(&sh, "일시", when);
  if (sale->kind != POS_DOC_SALE) {
    /* the original's receipt number when known: shorter and what the
       merchant sees on the customer's slip */
    g_autofree char *original =
      sale->original_receipt_no[0]
        ? g_strndup(sale->original_receipt_no, sizeof sale->original_receipt_no)
        : g_strndup(sale->original_id, sizeof sale->original_id);
    sheet_pair(&sh, "원거래", original);
    if (sale->reason != NULL && sale->reason[0] != '\0') {
      g_autofree char *why = g_strdup_printf("사유: %s", sale->reason);
      sheet_wrap_hang(&sh, why, NOTE_HANG);
    }
  }
  sheet_rule(&sh, '-');

  for (guint i = 0; sale->lines != NULL && i < sale->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(sale->lines, i);
    put_line(&sh, l);
    any_exempt = any_exempt || l->tax == POS_TAX_EXEMPT;
  }
  sheet_rule(&sh, '-');

  if (t->lines != t->total)
    sheet_money(&sh, "소계", t->lines);
  if (t->line_discounts != 0)
    sheet_money(&sh, "상품 할인", -t->line_discounts);
  if (t->rounding != 0)
    sheet_money(&sh, "원단위 절사", t->rounding);
  if (t->sale_discount != 0) {
    g_autofree char *label = NULL;
    if (sale->sale_discount_reason != NULL && sale->sale_discount_reason[0] != '\0')
      label = g_strdup_printf("할인 (%s)", sale->sale_discount_reason);
    else
      label = g_strdup("할인");
    sheet_money(&sh, label, -t->sale_discount);
  }
  sheet_rule(&sh, '=');
  sheet_money(&sh, "합계", t->total);
  sheet_rule(&sh, '=');
  sheet_money(&sh, "과세물품가액", t->supply);
  sheet_money(&sh, "부가세", t->vat);
  sheet_money(&sh, "면세물품가액", t->exempt);
  sheet_rule(&sh, '-');

  for (guint i = 0; sale->tenders != NULL && i < sale->tenders->len; i++)
    put_tender(&sh, g_ptr_array_index(sale->tenders, i));
  sheet_money(&sh, "받은금액", sale->settlement.paid);
  sheet_money(&sh, "거스름돈", sale->settlement.change);

  if (sale->cash_receipt_id != NULL && sale->cash_receipt_id[0] != '\0') {
    g_autofree char *masked = mask_tail(sale->cash_receipt_id);
    sheet_rule(&sh, '-');
    sheet_pair(&sh, "현금영수증 신청", masked);
  }
  sheet_rule(&sh, '-');
  if (any_exempt)
    sheet_wrap(&sh, "* 표시는 면세물품");
  if (sale->kind == POS_DOC_SALE)
    sheet_center(&sh, "감사합니다");
  return sheet_finish(&sh);
}

/* Like check_sale(), for the figures of a day close. */
static gboolean check_zreport(const PosZReport *z, GError **error)
{
  const char *why = NULL;

  if (z == NULL) {
    why = "no report";
  } else {
    const PosMoney sums[] = { z->cash_float, z->voids_amount, z->refunds_amount, z->gross,
                              z->total,      z->taxable,      z->supply,         z->vat,
                              z->exempt,     z->discounts,    z->cash_in,        z->change,
                              z->expected_cash, z->counted_cash, z->cash_difference,
                              z->paid_in,    z->paid_out };
    if (!amounts_in_range(sums, G_N_ELEMENTS(sums)) ||
        !amounts_in_range(z->by_tender, G_N_ELEMENTS(z->by_tender)))
      why = "an amount is out of range";
    else if (z->receipts < 0 || z->voids < 0 || z->refunds < 0 || z->cash_receipts_pending < 0
             || z->cash_moves < 0 || z->paid_in < 0 || z->paid_out < 0)
      why = "a count is negative";
  }
  for (guint i = 0; why == NULL && z->by_line != NULL && i < z->by_line->len; i++) {
    const PosLineTotal *lt = g_ptr_array_index(z->by_line, i);
    if (lt == NULL || !pos_money_in_range(lt->amount))
      why = "a product line total is missing or out of range";
  }
  if (why == NULL)
    return TRUE;
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "cannot lay out day report: %s", why);
  return FALSE;
}

/* A count with its Korean counter word, "42건". */
static void sheet_count(Sheet *sh, const char *label, int64_t n)
{
  g_autofree char *value = g_strdup_printf("%" G_GINT64_FORMAT "건", n);
  sheet_pair(sh, label, value);
}

/*
** The day close in the order a merchant checks it: what was sold (gross,
** voids, refunds, net), the VAT split for the tax return, the money by
** tender and by product line, then the cash drawer: float + cash taken -
** change (+ paid-in - paid-out, listed only on a day that had them, to
** spare paper) = expected, against what was counted, and the difference (과부족)
** signed so that a surplus reads "+".  Every tender is listed even at zero
** for cash, the one the drawer count depends on; other tenders only when
** used, to spare paper.  A report not yet closed (closed_ms 0, an X
** report) is titled as such, so it is never filed as the day's close.
*/
char *pos_zreport_text(const PosZReport *z, const PosSettings *stall, int width,
                       GError **error)
{
  g_auto(Sheet) sh = { 0 };
  g_autofree char *day = NULL, *z_no = NULL, *opened = NULL;
  char buf[NUM_BUF];

  if (!check_width(width, error) || !check_zreport(z, error))
    return NULL;
  sheet_init(&sh, width);

  put_header(&sh, stall);
  sheet_rule(&sh, '-');
  sheet_center(&sh, z->closed_ms > 0 ? "마감 보고서 (Z)" : "중간 보고서 (X)");
  day = g_strndup(z->business_day, sizeof z->business_day);
  sheet_pair(&sh, "영업일", day);
  z_no = g_strdup_printf("%d", z->z_no);
  sheet_pair(&sh, "Z 번호", z_no);
  opened = format_kst(z->opened_ms);
  sheet_pair(&sh, "개시", opened);
  if (z->closed_ms > 0) {
    g_autofree char *closed = format_kst(z->closed_ms);
    sheet_pair(&sh, "마감", closed);
  }
  sheet_rule(&sh, '-');

  sheet_money(&sh, "준비금", z->cash_float);
  sheet_count(&sh, "판매 건수", z->receipts);
  sheet_money(&sh, "총매출", z->gross);
  sheet_count(&sh, "취소 건수", z->voids);
  sheet_money(&sh, "취소 금액", z->voids_amount);
  sheet_count(&sh, "환불 건수", z->refunds);
  sheet_money(&sh, "환불 금액", z->refunds_amount);
  sheet_money(&sh, "할인 (참고)", z->discounts);
  sheet_rule(&sh, '=');
  sheet_money(&sh, "순매출 합계", z->total);
  sheet_rule(&sh, '=');
  sheet_money(&sh, "과세매출", z->taxable);
  sheet_money(&sh, "과세물품가액", z->supply);
  sheet_money(&sh, "부가세", z->vat);
  sheet_money(&sh, "면세물품가액", z->exempt);
  sheet_rule(&sh, '-');

  sheet_wrap(&sh, "[결제수단별]");
  for (int m = 0; m < POS_TENDER_N; m++) {
    if (m == POS_TENDER_CASH || z->by_tender[m] != 0)
      sheet_money(&sh, pos_tender_method_label((PosTenderMethod)m), z->by_tender[m]);
  }
  sheet_wrap(&sh, "[상품군별]");
  if (z->by_line == NULL || z->by_line->len == 0)
    sheet_wrap(&sh, "(없음)");
  for (guint i = 0; z->by_line != NULL && i < z->by_line->len; i++) {
    const PosLineTotal *lt = g_ptr_array_index(z->by_line, i);
    sheet_money(&sh, lt->line_code != NULL ? lt->line_code : "-", lt->amount);
  }
  sheet_rule(&sh, '-');

  sheet_wrap(&sh, "[현금 시재]");
  sheet_money(&sh, "현금 받은 금액", z->cash_in);
  sheet_money(&sh, "거스름돈", z->change);
  if (z->cash_moves > 0) {
    sheet_money(&sh, "입금", z->paid_in);
    sheet_money(&sh, "출금", -z->paid_out);
  }
  sheet_money(&sh, "예상 시재", z->expected_cash);
  sheet_money(&sh, "실제 시재", z->counted_cash);
  pos_money_format(z->cash_difference, buf, sizeof buf);
  if (z->cash_difference > 0) {
    g_autofree char *surplus = g_strdup_printf("+%s", buf);
    sheet_pair(&sh, "과부족", surplus);
  } else {
    sheet_pair(&sh, "과부족", buf);
  }
  sheet_rule(&sh, '-');
  sheet_count(&sh, "현금영수증 발급 대기", z->cash_receipts_pending);
  return sheet_finish(&sh);
}

/*
** The receipt's address on the hub when the stall is enrolled, so that a
** phone scanning the QR opens it; otherwise the bare id as a URN, which a
** 2D scanner at the till still looks up.  Trailing slashes of the hub URL
** are dropped so that "https://hub/" and "https://hub" give one address.
** NULL only for a NULL document.
*/
char *pos_receipt_qr_payload(const PosSale *sale, const PosSettings *stall)
{
  g_autofree char *id = NULL;

  if (sale == NULL)
    return NULL;
  id = g_strndup(sale->id, sizeof sale->id);
  if (stall != NULL && stall->hub_url != NULL) {
    gsize n = strlen(stall->hub_url);
    while (n > 0 && stall->hub_url[n - 1] == '/')
      n--;
    if (n > 0)
      return g_strdup_printf("%.*s/r/%s", (int)n, stall->hub_url, id);
  }
  return g_strdup_printf("urn:uuid:%s", id);
}

/* The payload's last 36 characters are the id, after its fixed lead. */
gboolean pos_receipt_qr_id(const char *scanned, char id[POS_UUID_LEN + 1])
{
  if (scanned == NULL)
    return FALSE;
  size_t n = strlen(scanned);
  if (n < POS_UUID_LEN + 3)
    return FALSE;
  const char *tail = scanned + n - POS_UUID_LEN;
  gboolean urn = n == POS_UUID_LEN + 9 && g_str_has_prefix(scanned, "urn:uuid:");
  gboolean page = strncmp(tail - 3, "/r/", 3) == 0 && strstr(scanned, "://") != NULL;
  if (!(urn || page) || !pos_uuid_valid(tail))
    return FALSE;
  g_strlcpy(id, tail, POS_UUID_LEN + 1);
  return TRUE;
}
