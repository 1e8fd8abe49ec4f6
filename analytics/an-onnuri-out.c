/*
** an-onnuri-out.c: the Onnuri review list as JSON, CSV and an A4 PDF.
**
** JSON: {"report": "onnuri", "version", "market", "period",
** "special": [{from, to}], "flagged", "thresholds", "rows": [{stall, name,
** flagged, reasons, signals, main_line, revenue, receipts, onnuri,
** onnuri_share, peer_share, paper, paper_receipts, round_receipts,
** round_amount, round_share, onnuri_receipts, usual_ticket, onnuri_ticket,
** ticket_ratio, burst_paper, burst_rise, market_rise}]}.  The CSV has the
** same fields a row a stall (reasons in one cell); the PDF lists the
** stalls to look at first, each with its sentences, then the others.
*/
#include "an-onnuri.h"
#include "an-charts.h"
#include "an-int.h"
#include "mb-csv.h"
#include <cairo-pdf.h>
#include <math.h>

static void put_int(cJSON *o, const char *key, int64_t v)
{
  char buf[32];
  g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64)v);
  cJSON_AddItemToObject(o, key, cJSON_CreateRaw(buf));
}

static void put_ratio(cJSON *o, const char *key, AnRatio r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!r.defined || !isfinite(r.value)) {
    cJSON_AddNullToObject(o, key);
    return;
  }
  g_ascii_formatd(buf, sizeof buf, "%.10g", r.value == 0 ? 0.0 : r.value);
  cJSON_AddItemToObject(o, key, cJSON_CreateRaw(buf));
}

static void put_day(cJSON *o, const char *key, AnDay d)
{
  char buf[AN_DAY_ISO_LEN];
  an_day_format(d, buf);
  cJSON_AddStringToObject(o, key, buf);
}

static void put_opt_int(cJSON *o, const char *key, gboolean defined, int64_t v)
{
  if (defined)
    put_int(o, key, v);
  else
    cJSON_AddNullToObject(o, key);
}

char *an_onnuri_to_json(const AnOnnuriReport *r)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "report", "onnuri");
  put_int(o, "version", 1);
  cJSON *m = cJSON_AddObjectToObject(o, "market");
  cJSON_AddStringToObject(m, "code", r->head.market_code);
  cJSON_AddStringToObject(m, "name", r->head.market_name);
  cJSON *p = cJSON_AddObjectToObject(o, "period");
  put_day(p, "from", r->head.query.period.from);
  put_day(p, "to", r->head.query.period.to);
  put_int(p, "days", an_period_days(r->head.query.period));
  cJSON *sp = cJSON_AddArrayToObject(o, "special");
  for (guint i = 0; i < r->special->len; i++) {
    cJSON *w = cJSON_CreateObject();
    put_day(w, "from", g_array_index(r->special, AnPeriod, i).from);
    put_day(w, "to", g_array_index(r->special, AnPeriod, i).to);
    cJSON_AddItemToArray(sp, w);
  }
  put_int(o, "flagged", r->flagged);
  cJSON *t = cJSON_AddObjectToObject(o, "thresholds");
  put_int(t, "round_unit", AN_ONNURI_ROUND_UNIT);
  put_int(t, "round_min", AN_ONNURI_ROUND_MIN);
  put_ratio(t, "round_share", an_ratio(AN_ONNURI_ROUND_SHARE));
  put_ratio(t, "peer_gap", an_ratio(AN_ONNURI_PEER_GAP));
  put_ratio(t, "ticket_ratio", an_ratio(AN_ONNURI_TICKET_RATIO));
  put_int(t, "ticket_min", AN_ONNURI_TICKET_MIN);
  put_ratio(t, "burst_ratio", an_ratio(AN_ONNURI_BURST_RATIO));
  put_int(t, "burst_min", AN_ONNURI_BURST_MIN);
  cJSON *rows = cJSON_AddArrayToObject(o, "rows");
  for (guint i = 0; i < r->rows->len; i++) {
    const AnOnnuriRow *x = g_ptr_array_index(r->rows, i);
    cJSON *row = cJSON_CreateObject();
    cJSON_AddStringToObject(row, "stall", x->code);
    cJSON_AddStringToObject(row, "name", x->name);
    cJSON_AddBoolToObject(row, "flagged", x->flagged);
    cJSON *rs = cJSON_AddArrayToObject(row, "reasons");
    for (guint k = 0; k < x->reasons->len; k++)
      cJSON_AddItemToArray(rs, cJSON_CreateString(x->reasons->pdata[k]));
    cJSON *sig = cJSON_AddArrayToObject(row, "signals");
    for (guint k = 0; k < AN_ONNURI_SIGNALS; k++)
      if (x->signal[k])
        cJSON_AddItemToArray(sig, cJSON_CreateString(an_onnuri_signal_name(k)));
    if (x->main_line)
      cJSON_AddStringToObject(row, "main_line", x->main_line);
    else
      cJSON_AddNullToObject(row, "main_line");
    put_int(row, "revenue", x->revenue);
    put_int(row, "receipts", x->receipts);
    put_int(row, "onnuri", x->onnuri);
    put_ratio(row, "onnuri_share", x->onnuri_share);
    put_ratio(row, "peer_share", x->peer_share);
    put_int(row, "paper", x->paper);
    put_int(row, "paper_receipts", x->paper_receipts);
    put_int(row, "round_receipts", x->round_receipts);
    put_int(row, "round_amount", x->round_amount);
    put_ratio(row, "round_share", x->round_share);
    put_int(row, "onnuri_receipts", x->onnuri_receipts);
    put_opt_int(row, "usual_ticket", x->usual_ticket_defined, x->usual_ticket);
    put_opt_int(row, "onnuri_ticket", x->onnuri_ticket_defined, x->onnuri_ticket);
    put_ratio(row, "ticket_ratio", x->ticket_ratio);
    put_int(row, "burst_paper", x->burst_paper);
    put_ratio(row, "burst_rise", x->burst_rise);
    put_ratio(row, "market_rise", x->market_rise);
    cJSON_AddItemToArray(rows, row);
  }
  char *text = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  char *out = g_strdup(text);
  cJSON_free(text);
  return out;
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

char *an_onnuri_to_csv(const AnOnnuriReport *r, gsize *length)
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
    cell_text(s, &first, head[i]);
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

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 46.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 14)

static const double INK[3] = {0.13, 0.14, 0.17};
static const double MUTED[3] = {0.42, 0.44, 0.48};
static const double MARK[3] = {0.70, 0.35, 0.05};

typedef struct {
  cairo_t *cr;
  const AnOnnuriReport *r;
  char *period;
  guint page;
  double y;
} Doc;

static void footer(Doc *d)
{
  char text[256];
  g_snprintf(text, sizeof text, "%s · 온누리 확인 목록 · %s · %u쪽", d->r->head.market_name,
             d->period, d->page);
  cairo_set_source_rgb(d->cr, MUTED[0], MUTED[1], MUTED[2]);
  an_chart_text(d->cr, MARGIN, PAGE_H - MARGIN + 8, CONTENT_W, text, 8, FALSE, AN_ALIGN_RIGHT,
                FALSE);
}

static void para(Doc *d, const char *text, double size, gboolean bold, const double c[3],
                 double indent)
{
  double h;
  PangoLayout *l = an_text_wrapped(d->cr, CONTENT_W - indent, text, size, bold, &h);
  if (d->page == 0 || d->y + h + 4 > BOTTOM) {
    if (d->page > 0) {
      footer(d);
      cairo_show_page(d->cr);
    }
    d->page++;
    d->y = MARGIN;
  }
  cairo_set_source_rgb(d->cr, c[0], c[1], c[2]);
  an_text_show(d->cr, l, MARGIN + indent, d->y);
  g_object_unref(l);
  d->y += h + 4;
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *an_onnuri_pdf_bytes(const AnOnnuriReport *r, GError **error)
{
  PangoFontMap *fonts = an_fonts_acquire();
  GByteArray *buf = g_byte_array_new();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(append, buf, PAGE_W, PAGE_H);
  Doc d = {cairo_create(surface), r, an_fmt_period(r->head.query.period), 0, 0};
  g_autofree char *title = g_strdup_printf("%s 온누리상품권 확인 목록", r->head.market_name);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Market POS market-report");
  if (fonts != NULL) {
    PangoContext *ctx = pango_font_map_create_context(fonts);
    an_text_use_context(d.cr, ctx);
    g_object_unref(ctx);
  }
  char a[AN_NUM_LEN], b[AN_NUM_LEN];
  para(&d, title, 16, TRUE, INK, 0);
  para(&d, d.period, 9.5, FALSE, MUTED, 0);
  g_autofree char *lead = g_strdup_printf(
    "살펴볼 점포 %u곳. 이 목록은 결제 유형이 눈에 띄는 점포를 알려 줄 뿐, 부정을 뜻하지 "
    "않습니다. 온누리 비중이 높은 것만으로는 목록에 오르지 않습니다.", r->flagged);
  para(&d, lead, 10, FALSE, INK, 0);
  d.y += 6;
  for (guint i = 0; i < r->rows->len; i++) {
    const AnOnnuriRow *x = g_ptr_array_index(r->rows, i);
    if (!x->flagged && x->reasons->len == 0)
      continue;
    g_autofree char *head = g_strdup_printf("%s%s %s · 온누리 %s (%s)", x->flagged ? "● " : "",
                                            x->code, x->name, an_fmt_won(a, x->onnuri),
                                            an_fmt_pct(b, x->onnuri_share, FALSE));
    para(&d, head, 10, TRUE, x->flagged ? MARK : INK, 0);
    for (guint k = 0; k < x->reasons->len; k++)
      para(&d, x->reasons->pdata[k], 9, FALSE, INK, 12);
    d.y += 4;
  }
  footer(&d);
  cairo_show_page(d.cr);
  cairo_destroy(d.cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  an_fonts_release(fonts);
  g_free(d.period);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_byte_array_unref(buf);
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "PDF: %s", cairo_status_to_string(status));
    return NULL;
  }
  return g_byte_array_free_to_bytes(buf);
}
