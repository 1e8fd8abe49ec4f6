/*
** an-onnuri-out.c: the Onnuri review list as JSON, CSV and an A4 PDF.
**
** JSON: {"report": "onnuri", "version", "market", "period",
** "special": [{from, to}], "flagged", "thresholds", "rows": [{stall, name,
** flagged, reasons, signals, main_line, revenue, receipts, onnuri,
** onnuri_share, peer_share, paper, paper_receipts, round_receipts,
** round_amount, round_share, onnuri_receipts, usual_ticket, onnuri_ticket,
** ticket_ratio, burst_paper, burst_rise, market_rise}]}.  The CSV has the
** same fields a row a stall (reasons in one cell; the heading row in
** English names or Korean, an_column_label); the workbook is
** an-program-xlsx.c; the PDF lists the
** stalls to look at first, each with its sentences, then the others.
*/
#include "an-onnuri.h"
#include "an-doc-int.h"
#include "mb-csv.h"
#include <math.h>

static void put_opt_int(cJSON *o, const char *key, gboolean defined, int64_t v)
{
  if (defined)
    an_json_int(o, key, v);
  else
    cJSON_AddNullToObject(o, key);
}

char *an_onnuri_to_json(const AnOnnuriReport *r)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "report", "onnuri");
  an_json_int(o, "version", 1);
  cJSON *m = cJSON_AddObjectToObject(o, "market");
  cJSON_AddStringToObject(m, "code", r->head.market_code);
  cJSON_AddStringToObject(m, "name", r->head.market_name);
  cJSON_AddItemToObject(o, "period", an_json_period(r->head.query.period));
  cJSON *sp = cJSON_AddArrayToObject(o, "special");
  for (guint i = 0; i < r->special->len; i++) {
    cJSON *w = cJSON_CreateObject();
    an_json_day(w, "from", g_array_index(r->special, AnPeriod, i).from);
    an_json_day(w, "to", g_array_index(r->special, AnPeriod, i).to);
    cJSON_AddItemToArray(sp, w);
  }
  an_json_int(o, "flagged", r->flagged);
  cJSON *t = cJSON_AddObjectToObject(o, "thresholds");
  an_json_int(t, "round_unit", AN_ONNURI_ROUND_UNIT);
  an_json_int(t, "round_min", AN_ONNURI_ROUND_MIN);
  an_json_ratio(t, "round_share", an_ratio(AN_ONNURI_ROUND_SHARE));
  an_json_ratio(t, "peer_gap", an_ratio(AN_ONNURI_PEER_GAP));
  an_json_ratio(t, "ticket_ratio", an_ratio(AN_ONNURI_TICKET_RATIO));
  an_json_int(t, "ticket_min", AN_ONNURI_TICKET_MIN);
  an_json_ratio(t, "burst_ratio", an_ratio(AN_ONNURI_BURST_RATIO));
  an_json_int(t, "burst_min", AN_ONNURI_BURST_MIN);
  cJSON *rows = cJSON_AddArrayToObject(o, "rows");
  for (guint i = 0; i < r->rows->len; i++) {
    const AnOnnuriRow *x = g_ptr_array_index(r->rows, i);
    cJSON *row = cJSON_CreateObject();
    cJSON_AddStringToObject(row, "stall", x->code);
    cJSON_AddStringToObject(row, "name", x->name);
    cJSON_AddBoolToObject(row, "flagged", x->flagged);
    cJSON_AddItemToObject(row, "reasons", an_json_strings(x->reasons));
    cJSON *sig = cJSON_AddArrayToObject(row, "signals");
    for (guint k = 0; k < AN_ONNURI_SIGNALS; k++)
      if (x->signal[k])
        cJSON_AddItemToArray(sig, cJSON_CreateString(an_onnuri_signal_name(k)));
    if (x->main_line)
      cJSON_AddStringToObject(row, "main_line", x->main_line);
    else
      cJSON_AddNullToObject(row, "main_line");
    an_json_int(row, "revenue", x->revenue);
    an_json_int(row, "receipts", x->receipts);
    an_json_int(row, "onnuri", x->onnuri);
    an_json_ratio(row, "onnuri_share", x->onnuri_share);
    an_json_ratio(row, "peer_share", x->peer_share);
    an_json_int(row, "paper", x->paper);
    an_json_int(row, "paper_receipts", x->paper_receipts);
    an_json_int(row, "round_receipts", x->round_receipts);
    an_json_int(row, "round_amount", x->round_amount);
    an_json_ratio(row, "round_share", x->round_share);
    an_json_int(row, "onnuri_receipts", x->onnuri_receipts);
    put_opt_int(row, "usual_ticket", x->usual_ticket_defined, x->usual_ticket);
    put_opt_int(row, "onnuri_ticket", x->onnuri_ticket_defined, x->onnuri_ticket);
    an_json_ratio(row, "ticket_ratio", x->ticket_ratio);
    an_json_int(row, "burst_paper", x->burst_paper);
    an_json_ratio(row, "burst_rise", x->burst_rise);
    an_json_ratio(row, "market_rise", x->market_rise);
    cJSON_AddItemToArray(rows, row);
  }
  return an_json_finish(o);
}

/* ---- CSV ----------------------------------------------------------------------- */

/* A comma before every cell but a row's first (*first says which, and is cleared). */
static void cell_text(GString *s, gboolean *first, const char *text)
{
  if (!*first)
    g_string_append_c(s, ',');
  *first = FALSE;
  mb_csv_append_cell(s, text);
}

static void cell_int(GString *s, gboolean defined, int64_t v)
{
  g_string_append_c(s, ',');
  if (defined)
    g_string_append_printf(s, "%" G_GINT64_FORMAT, (gint64)v);
}

static void cell_ratio(GString *s, AnRatio r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_c(s, ',');
  if (r.defined && isfinite(r.value))
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.6g", r.value == 0 ? 0.0 : r.value));
}

char *an_onnuri_to_csv(const AnOnnuriReport *r, AnHeader header, gsize *length)
{
  static const char *const head[] = {
    "market", "from", "to", "stall", "name", "flagged", "signals", "main_line", "revenue",
    "receipts", "onnuri", "onnuri_share", "peer_share", "paper", "paper_receipts",
    "round_receipts", "round_amount", "round_share", "onnuri_receipts", "usual_ticket",
    "onnuri_ticket", "ticket_ratio", "burst_paper", "burst_rise", "market_rise", "reasons",
    NULL};
  GString *s = g_string_new(MB_CSV_BOM);
  gboolean first = TRUE;
  for (guint i = 0; head[i]; i++)
    cell_text(s, &first, header == AN_HEADER_KOREAN ? an_column_label(head[i]) : head[i]);
  g_string_append(s, "\r\n");
  char from[AN_DAY_ISO_LEN], to[AN_DAY_ISO_LEN];
  an_day_format(r->head.query.period.from, from);
  an_day_format(r->head.query.period.to, to);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnOnnuriRow *x = g_ptr_array_index(r->rows, i);
    g_autoptr(GString) sig = g_string_new(NULL), why = g_string_new(NULL);
    for (guint k = 0; k < AN_ONNURI_SIGNALS; k++)
      if (x->signal[k])
        g_string_append_printf(sig, "%s%s", sig->len ? " " : "", an_onnuri_signal_name(k));
    for (guint k = 0; k < x->reasons->len; k++)
      g_string_append_printf(why, "%s%s", k ? " / " : "", (const char *)x->reasons->pdata[k]);
    first = TRUE;
    cell_text(s, &first, r->head.market_code);
    cell_text(s, &first, from);
    cell_text(s, &first, to);
    cell_text(s, &first, x->code);
    cell_text(s, &first, x->name);
    cell_text(s, &first, x->flagged ? "TRUE" : "FALSE");
    cell_text(s, &first, sig->str);
    cell_text(s, &first, x->main_line);
    cell_int(s, TRUE, x->revenue);
    cell_int(s, TRUE, x->receipts);
    cell_int(s, TRUE, x->onnuri);
    cell_ratio(s, x->onnuri_share);
    cell_ratio(s, x->peer_share);
    cell_int(s, TRUE, x->paper);
    cell_int(s, TRUE, x->paper_receipts);
    cell_int(s, TRUE, x->round_receipts);
    cell_int(s, TRUE, x->round_amount);
    cell_ratio(s, x->round_share);
    cell_int(s, TRUE, x->onnuri_receipts);
    cell_int(s, x->usual_ticket_defined, x->usual_ticket);
    cell_int(s, x->onnuri_ticket_defined, x->onnuri_ticket);
    cell_ratio(s, x->ticket_ratio);
    cell_int(s, TRUE, x->burst_paper);
    cell_ratio(s, x->burst_rise);
    cell_ratio(s, x->market_rise);
    cell_text(s, &first, why->str);
    g_string_append(s, "\r\n");
  }
  if (length)
    *length = s->len;
  return g_string_free(s, FALSE);
}

/* ---- PDF -------------------------------------------------------------------------- */

static const double INK[3] = {0.13, 0.14, 0.17};
static const double MUTED[3] = {0.42, 0.44, 0.48};
static const double MARK[3] = {0.70, 0.35, 0.05};

/* The lead says what the list is (and is not); then the stalls with a reason. */
GBytes *an_onnuri_pdf_bytes(const AnOnnuriReport *r, GError **error)
{
  char a[AN_NUM_LEN], b[AN_NUM_LEN];
  g_autofree char *period = an_fmt_period(r->head.query.period);
  g_autofree char *title = g_strdup_printf("%s 온누리상품권 확인 목록", r->head.market_name);
  g_autofree char *foot = g_strdup_printf("%s · 온누리 확인 목록 · %s", r->head.market_name,
                                          period);
  AnDocFlow d;
  an_doc_begin(&d, title, foot);
  an_doc_para(&d, title, 16, TRUE, INK, 0);
  an_doc_para(&d, period, 9.5, FALSE, MUTED, 0);
  g_autofree char *lead = g_strdup_printf(
    "살펴볼 점포 %u곳. 이 목록은 결제 유형이 눈에 띄는 점포를 알려 줄 뿐, 부정을 뜻하지 "
    "않습니다. 온누리 비중이 높은 것만으로는 목록에 오르지 않습니다.", r->flagged);
  an_doc_para(&d, lead, 10, FALSE, INK, 0);
  d.y += 6;
  for (guint i = 0; i < r->rows->len; i++) {
    const AnOnnuriRow *x = g_ptr_array_index(r->rows, i);
    if (!x->flagged && x->reasons->len == 0)
      continue;
    g_autofree char *head = g_strdup_printf("%s%s %s · 온누리 %s (%s)", x->flagged ? "● " : "",
                                            x->code, x->name, an_fmt_won(a, x->onnuri),
                                            an_fmt_pct(b, x->onnuri_share, FALSE));
    an_doc_para(&d, head, 10, TRUE, x->flagged ? MARK : INK, 0);
    for (guint k = 0; k < x->reasons->len; k++)
      an_doc_para(&d, x->reasons->pdata[k], 9, FALSE, INK, 12);
    d.y += 4;
  }
  return an_doc_finish(&d, error);
}
