/*
** hub-html.c: the receipt page, GET /r/ID (the QR printed on a receipt).
**
** Anyone holding the receipt may open it, with no token, so the page shows
** that one document and nothing else: no links, no scripts, no other
** receipts of the stall.  Every string that came from a till (names,
** reasons, the receipt number) is escaped with g_markup_escape_text; the
** numbers are formatted here.  The Content-Security-Policy the server sends
** with it forbids anything but the inline style.
*/
#include "mb-clock.h"
#include "hub-server-int.h"
#include <string.h>

/* Appends text escaped for HTML element content and attribute values. */
static void put_esc(GString *s, const char *text)
{
  g_autofree char *e = g_markup_escape_text(text ? text : "", -1);
  g_string_append(s, e);
}

/* Thousands separators as on the paper receipt. */
static void put_money(GString *s, PosMoney v)
{
  char buf[40];
  pos_money_format(v, buf, sizeof buf);
  g_string_append(s, buf);
}

/* Labels are escaped too: tender labels come from the pos library. */
static void put_row(GString *s, const char *label, PosMoney v)
{
  g_string_append(s, "<tr><th>");
  put_esc(s, label);
  g_string_append(s, "</th><td class=\"n\">");
  put_money(s, v);
  g_string_append(s, "</td></tr>\n");
}

static const char page_head[] =
  "<!DOCTYPE html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">\n"
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
  "<meta name=\"referrer\" content=\"no-referrer\">\n<title>";

static const char page_style[] =
  "</title>\n<style>body{font-family:sans-serif;max-width:26em;margin:1em auto;"
  "padding:0 1em}h1{font-size:1.3em;margin-bottom:0}table{width:100%;"
  "border-collapse:collapse;margin:.6em 0}th{text-align:left;font-weight:normal}"
  ".n{text-align:right;white-space:nowrap;padding-left:.8em}.t th,.t td{font-weight:bold;"
  "border-top:1px solid #000}</style>\n</head><body>\n";

/*
** The layout follows a paper receipt: stall, document, lines, totals with
** the VAT split the law asks for (과세물품가액, 부가세, 면세물품가액),
** tenders and change.
*/
char *hub_html_receipt(const PosSale *sale, const HubStall *stall)
{
  static const char *const titles[] = {"영수증", "취소 영수증", "환불 영수증"};
  GString *s = g_string_sized_new(4096);
  g_string_append(s, page_head);
  put_esc(s, titles[sale->kind]);
  g_string_append(s, " ");
  put_esc(s, sale->receipt_no);
  g_string_append(s, page_style);

  g_string_append(s, "<h1>");
  put_esc(s, stall->name);
  g_string_append(s, "</h1>\n<p>");
  put_esc(s, stall->market_name);
  g_string_append(s, "</p>\n<p>");
  put_esc(s, titles[sale->kind]);
  g_string_append(s, " ");
  put_esc(s, sale->receipt_no);
  /* "" outside the clock's years: never read past it (the wire keeps times
  ** inside, but a database written by an older hub may not) */
  g_autofree char *when = mb_clock_iso(sale->device_time_ms);
  if (strlen(when) >= 16) {
    g_string_append(s, "<br>");
    g_string_append_len(s, when, 10);
    g_string_append_c(s, ' ');
    g_string_append_len(s, when + 11, 5);
  }
  g_string_append(s, "</p>\n");

  g_string_append(s, "<table><tr><th>상품</th><th class=\"n\">수량</th>"
                     "<th class=\"n\">금액</th></tr>\n");
  for (guint i = 0; i < sale->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(sale->lines, i);
    char qty[40];
    pos_qty_format(l->qty_milli, l->unit, qty, sizeof qty);
    g_string_append(s, "<tr><td>");
    put_esc(s, l->name);
    g_string_append(s, l->tax == POS_TAX_EXEMPT ? " (면세)" : "");
    g_string_append(s, "</td><td class=\"n\">");
    put_esc(s, qty);
    g_string_append(s, "</td><td class=\"n\">");
    put_money(s, l->net);
    g_string_append(s, "</td></tr>\n");
  }
  g_string_append(s, "</table>\n<table>\n");
  PosMoney discounts = sale->totals.line_discounts + sale->totals.sale_discount;
  if (discounts != 0)
    put_row(s, "할인", -discounts);
  if (sale->totals.rounding != 0)
    put_row(s, "단수 조정", sale->totals.rounding);
  put_row(s, "과세물품가액", sale->totals.supply);
  put_row(s, "부가세", sale->totals.vat);
  put_row(s, "면세물품가액", sale->totals.exempt);
  g_string_append(s, "<tr class=\"t\"><th>합계</th><td class=\"n\">");
  put_money(s, sale->totals.total);
  g_string_append(s, "</td></tr>\n</table>\n<table>\n");
  for (guint i = 0; i < sale->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(sale->tenders, i);
    put_row(s, pos_tender_method_label(t->method), t->amount);
  }
  if (sale->settlement.change != 0)
    put_row(s, "거스름돈", sale->settlement.change);
  g_string_append(s, "</table>\n");
  if (sale->reason) {
    g_string_append(s, "<p>사유: ");
    put_esc(s, sale->reason);
    g_string_append(s, "</p>\n");
  }
  g_string_append(s, "</body></html>\n");
  return g_string_free(s, FALSE);
}

/*
** What a phone shows for a receipt the hub does not have, or an address
** that is no receipt id at all: a plain page in the receipt's language,
** nothing of the request echoed back.
*/
char *hub_html_not_found(void)
{
  GString *s = g_string_new(page_head);
  g_string_append(s, "영수증 없음");
  g_string_append(s, page_style);
  g_string_append(s, "<h1>영수증을 찾을 수 없습니다</h1>\n"
                     "<p>주소를 다시 확인해 주세요. (404)</p>\n</body></html>\n");
  return g_string_free(s, FALSE);
}
