/*
** an-report-pdf.c: the market-doctor consultant's report, A4 PDF.
**
** Order: a cover (market, period, comparison, key figures), the summary in
** plain Korean with the thresholds used, then one section per report:
** its table, its charts, and the reasons behind the verdicts ("판정 근거"),
** because a consultant must be able to say why a line is called
** competitive.  Text goes through pango with Noto Sans CJK KR (cairo's own
** text API cannot shape Hangul), in the build's Korean cut of it when found
** (an-fonts.c: the PDF is then several times faster to finish), charts
** through an-charts.c.
**
** Layout is a simple flow: a cursor moves down the page, a block that does
** not fit starts a new page, a table repeats its header on each page.  The
** page count therefore depends only on the rows and their texts, so the
** same data always gives the same PDF.
*/
#include "mb-clock.h"
#include "an-charts.h"
#include "an-int.h"
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PAGE_W 595.28     /* A4 in points */
#define PAGE_H 841.89
#define MARGIN 46.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 14)

static const double INK[3] = { 0.13, 0.14, 0.17 };
static const double MUTED[3] = { 0.42, 0.44, 0.48 };
static const double BAND[3] = { 0.16, 0.33, 0.55 };
static const double ROW_HI[3] = { 0.99, 0.93, 0.86 };
static const double ROW_ALT[3] = { 0.96, 0.97, 0.98 };

typedef struct {
  cairo_t *cr;
  const AnReportHead *head;
  char *period;             /* "2024-04-01 ~ 2024-04-30 (30일)" */
  guint page;               /* pages begun */
  double y;
  GHashTable *cells;        /* "align|width|text" -> PangoLayout, the tables' cells */
} Pdf;

/* Colours are triples so that the palette reads as one table above. */
static void rgb(cairo_t *cr, const double c[3])
{
  cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

/* ---- Pages and flow ------------------------------------------------------- */

/* Every page but the cover says what it belongs to: pages get separated. */
static void footer(Pdf *p)
{
  char text[256];
  g_snprintf(text, sizeof text, "%s · %s · %u쪽", p->head->market_name, p->period, p->page);
  rgb(p->cr, MUTED);
  an_chart_text(p->cr, MARGIN, PAGE_H - MARGIN + 8, CONTENT_W, text, 7, FALSE, AN_ALIGN_RIGHT,
                FALSE);
}

/* Ends the current page (if any) and starts the next; the cover has no footer. */
static void new_page(Pdf *p)
{
  if (p->page > 0) {
    if (p->page > 1)
      footer(p);
    cairo_show_page(p->cr);
  }
  p->page++;
  p->y = MARGIN;
}

/* Starts a new page when a block of height would cross the bottom margin. */
static void need(Pdf *p, double height)
{
  if (p->y + height > BOTTOM)
    new_page(p);
}

/*
** A report section begins a new page only when the current one is already
** past half full: the tail of the previous section's reasons (a few lines
** spilled over) then shares its page with the next section instead of
** leaving a nearly empty page behind.
*/
static void section_break(Pdf *p)
{
  if (p->y > PAGE_H / 2) {
    new_page(p);
  } else {
    p->y += 28;
  }
}

/* A section title with a rule, never alone at the foot of a page. */
static void heading(Pdf *p, const char *text)
{
  need(p, 60);
  rgb(p->cr, BAND);
  p->y += an_chart_text(p->cr, MARGIN, p->y, CONTENT_W, text, 15, TRUE, AN_ALIGN_LEFT, FALSE);
  cairo_set_line_width(p->cr, 1.2);
  cairo_move_to(p->cr, MARGIN, p->y + 3);
  cairo_line_to(p->cr, MARGIN + CONTENT_W, p->y + 3);
  cairo_stroke(p->cr);
  p->y += 12;
}

/* Kept with at least the first lines of what follows it. */
static void subheading(Pdf *p, const char *text)
{
  need(p, 80);
  rgb(p->cr, INK);
  p->y += an_chart_text(p->cr, MARGIN, p->y, CONTENT_W, text, 11, TRUE, AN_ALIGN_LEFT, FALSE) + 4;
}

/*
** Wrapped text; moves to a new page first when it would not fit.  Laid out
** once: the layout that measured it is the one drawn.
*/
static void paragraph(Pdf *p, const char *text, double size, double indent, gboolean bold,
                      const double color[3])
{
  double h = 0;
  PangoLayout *layout = an_text_wrapped(p->cr, CONTENT_W - indent, text, size, bold, &h);
  need(p, h);
  rgb(p->cr, color);
  an_text_show(p->cr, layout, MARGIN + indent, p->y);
  g_object_unref(layout);
  p->y += h + size * 0.35;
}

/* ---- Tables --------------------------------------------------------------- */

typedef struct {
  const char *header;
  double width;             /* fraction of the content width */
  AnAlign align;
} Col;

#define ROW_H 14.0
#define TABLE_FONT 7.6

/*
** A table cell, laid out once per text, weight, width and alignment in the
** whole PDF: a market's tables repeat many of their cells ("-", "0.0%", a
** grade, a verdict, a day count) and their header on every page, and
** laying text out is most of a table's cost.  The same layout drawn again
** draws the same glyphs.
*/
static void cell_text(Pdf *p, double x, double y, double width, const char *text, gboolean bold,
                      AnAlign align)
{
  g_autofree char *key = g_strdup_printf("%d|%d|%a|%s", bold, (int)align, width, text);
  PangoLayout *layout = g_hash_table_lookup(p->cells, key);
  if (layout == NULL) {
    layout = an_text_line(p->cr, width, text, TABLE_FONT, bold, align);
    g_hash_table_insert(p->cells, g_steal_pointer(&key), layout);
  }
  an_text_show(p->cr, layout, x, y);
}

/* Repeated on every page a table spans. */
static void table_header(Pdf *p, const Col *cols, guint ncols)
{
  double x = MARGIN;
  rgb(p->cr, BAND);
  cairo_rectangle(p->cr, MARGIN, p->y, CONTENT_W, ROW_H + 2);
  cairo_fill(p->cr);
  cairo_set_source_rgb(p->cr, 1, 1, 1);
  for (guint c = 0; c < ncols; c++) {
    double w = cols[c].width * CONTENT_W;
    cell_text(p, x + 2, p->y + 2.5, w - 4, cols[c].header, TRUE, cols[c].align);
    x += w;
  }
  p->y += ROW_H + 2;
}

/*
** cells: ncols strings a row, row after row; highlight (may be NULL) shades
** the rows the section is about (competitive lines, core stores, flags).
*/
static void table(Pdf *p, const Col *cols, guint ncols, GPtrArray *cells, const gboolean *highlight)
{
  guint nrows = cells->len / ncols;
  need(p, 3 * ROW_H);
  table_header(p, cols, ncols);
  for (guint r = 0; r < nrows; r++) {
    double x = MARGIN;
    if (p->y + ROW_H > BOTTOM) {
      new_page(p);
      table_header(p, cols, ncols);
    }
    if ((highlight && highlight[r]) || r % 2 == 1) {
      rgb(p->cr, highlight && highlight[r] ? ROW_HI : ROW_ALT);
      cairo_rectangle(p->cr, MARGIN, p->y, CONTENT_W, ROW_H);
      cairo_fill(p->cr);
    }
    rgb(p->cr, INK);
    for (guint c = 0; c < ncols; c++) {
      double w = cols[c].width * CONTENT_W;
      const char *text = g_ptr_array_index(cells, r * ncols + c);
      if (*text != '\0')   /* an empty cell draws nothing: no layout to make */
        cell_text(p, x + 2, p->y + 2, w - 4, text, FALSE, cols[c].align);
      x += w;
    }
    p->y += ROW_H;
  }
  if (nrows == 0) {
    rgb(p->cr, MUTED);
    p->y += an_chart_text(p->cr, MARGIN, p->y + 3, CONTENT_W, "이 기간 자료가 없습니다.",
                          TABLE_FONT + 1, FALSE, AN_ALIGN_CENTER, FALSE) + 3;
  }
  p->y += 10;
}

/* Table cells are owned strings collected row after row. */
static void cell(GPtrArray *cells, char *owned)
{
  g_ptr_array_add(cells, owned);
}

/* Cell text: won with separators (the table says the unit in its header). */
static char *won(int64_t v)
{
  char b[AN_NUM_LEN];
  return g_strdup(an_fmt_int(b, v));
}

/* Cell text: a percentage, "-" when undefined. */
static char *pct(AnRatio r, gboolean sign)
{
  char b[AN_NUM_LEN];
  return g_strdup(r.defined ? an_fmt_pct(b, r, sign) : "-");
}

/* Cell text: a number, "-" when undefined. */
static char *num(AnRatio r, int digits)
{
  char b[AN_NUM_LEN];
  return g_strdup(r.defined ? an_fmt_num(b, r, digits) : "-");
}

/* Cell text: a confidence, with the word a fragile call needs. */
static char *confidence_cell(AnRatio confidence, gboolean fragile)
{
  char b[AN_NUM_LEN];
  if (!confidence.defined)
    return g_strdup("-");
  an_fmt_pct(b, an_ratio(floor(confidence.value * 100 + 0.5) / 100), FALSE);
  return fragile ? g_strdup_printf("%s 불안정", b) : g_strdup(b);
}

/*
** "부분 점수: 특화(LQ) 0.82 × 0.30 · 성장 없음 · ..." so the reader can redo
** the score: each part's value and weight, or why it is left out.
*/
static char *parts_line(const AnScorePart *parts)
{
  GString *t = g_string_new("부분 점수(값 × 가중치): ");
  for (guint i = 0; i < AN_SCORE_PARTS; i++) {
    char v[AN_NUM_LEN], w[AN_NUM_LEN];
    if (i > 0)
      g_string_append(t, " · ");
    if (parts[i].value.defined)
      g_string_append_printf(t, "%s %s × %s", parts[i].label, an_fmt_num(v, parts[i].value, 2),
                             an_fmt_num(w, an_ratio(parts[i].weight), 2));
    else
      g_string_append_printf(t, "%s 제외", parts[i].label);
  }
  return g_string_free(t, FALSE);
}

/*
** The reasons of one row: a bold title, the score's parts when it has a
** score, then each sentence as a bullet.
*/
static void reasons(Pdf *p, const char *title, const AnScorePart *parts, const GPtrArray *explain)
{
  need(p, 40);
  paragraph(p, title, 9, 0, TRUE, INK);
  if (parts != NULL) {
    g_autofree char *line = parts_line(parts);
    paragraph(p, line, 7.8, 10, FALSE, INK);
  }
  for (guint i = 0; i < explain->len; i++) {
    g_autofree char *b = g_strdup_printf("· %s", (const char *)g_ptr_array_index(explain, i));
    paragraph(p, b, 7.8, 10, FALSE, MUTED);
  }
  p->y += 4;
}

/* ---- Cover and summary --------------------------------------------------------- */

/*
** A boxed figure on the cover: the four numbers a manager asks first.  A
** figure too wide for its box (a market's billions of won) is set smaller
** until it fits on one line, never cut with an ellipsis.
*/
static void key_figure(Pdf *p, double x, double w, const char *label, const char *value)
{
  g_autoptr(PangoLayout) fit = NULL;
  double size = 15, height;
  do {
    g_clear_object(&fit);
    size -= 1;
    fit = an_text_wrapped(p->cr, w - 24, value, size, TRUE, &height);
  } while (size > 8 && height > 2 * size);
  rgb(p->cr, ROW_ALT);
  cairo_rectangle(p->cr, x, p->y, w - 8, 54);
  cairo_fill(p->cr);
  rgb(p->cr, MUTED);
  an_chart_text(p->cr, x + 8, p->y + 7, w - 24, label, 8.5, FALSE, AN_ALIGN_LEFT, FALSE);
  rgb(p->cr, INK);
  an_text_show(p->cr, fit, x + 8, p->y + 24 + (14 - size) / 2);
}

/*
** "2026년 12월 2일 14:05" in Asia/Seoul, as a Korean reader writes a date:
** the cover is read by people, the JSON keeps ISO 8601 for programs.
*/
static char *human_time(int64_t ms)
{
  g_autofree char *iso = mb_clock_iso(ms);   /* 2026-12-02T14:05:00+09:00 */
  unsigned y = 0, mo = 0, d = 0, hh = 0, mm = 0;
  if (iso == NULL || sscanf(iso, "%4u-%2u-%2uT%2u:%2u", &y, &mo, &d, &hh, &mm) != 5)
    return g_strdup(iso ? iso : "-");
  return g_strdup_printf("%u년 %u월 %u일 %02u:%02u", y, mo, d, hh, mm);
}

/* Market, period, comparison and key figures; where the numbers come from. */
static void cover(Pdf *p, const AnReportSet *set)
{
  const AnReportHead *h = p->head;
  g_autofree char *as_of = human_time(h->query.as_of_ms);
  g_autoptr(GString) parts = g_string_new(NULL);
  int64_t revenue = 0, receipts = -1;
  AnRatio growth = an_undef();
  guint stalls = 0;
  char a[AN_NUM_LEN];
  new_page(p);
  rgb(p->cr, BAND);
  cairo_rectangle(p->cr, 0, 0, PAGE_W, 210);
  cairo_fill(p->cr);
  cairo_set_source_rgb(p->cr, 1, 1, 1);
  an_chart_text(p->cr, MARGIN, 70, CONTENT_W, "시장닥터 상권 분석 보고서", 13, FALSE,
                AN_ALIGN_LEFT, FALSE);
  an_chart_text(p->cr, MARGIN, 96, CONTENT_W, h->market_name, 30, TRUE, AN_ALIGN_LEFT, FALSE);
  an_chart_text(p->cr, MARGIN, 148, CONTENT_W, h->market_code, 11, FALSE, AN_ALIGN_LEFT, FALSE);
  p->y = 240;
  {
    g_autofree char *line = g_strdup_printf("분석 기간  %s", p->period);
    paragraph(p, line, 12, 0, TRUE, INK);
  }
  if (h->query.compare != AN_COMPARE_NONE) {
    g_autofree char *cmp = an_fmt_period(h->query.compare_period);
    g_autofree char *line = g_strdup_printf("비교 기간  %s (%s)", cmp,
                                            h->query.compare == AN_COMPARE_LAST_YEAR
                                            ? "전년 같은 기간" : "직전 기간");
    paragraph(p, line, 11, 0, FALSE, INK);
  } else {
    paragraph(p, "비교 기간  없음 (성장률을 계산하지 않음)", 11, 0, FALSE, INK);
  }
  if (set->lines)
    g_string_append(parts, "상품군 경쟁력");
  if (set->stores)
    g_string_append_printf(parts, "%s핵심점포", parts->len ? " · " : "");
  if (set->stalls)
    g_string_append_printf(parts, "%s점포 성과", parts->len ? " · " : "");
  {
    g_autofree char *line = g_strdup_printf("내용  %s", parts->str);
    paragraph(p, line, 11, 0, FALSE, INK);
  }
  p->y += 24;
  if (set->stalls) {
    revenue = set->stalls->revenue;
    receipts = set->stalls->receipts;
    growth = set->stalls->growth;
    stalls = set->stalls->rows->len;
  } else if (set->stores) {
    revenue = set->stores->revenue;
    growth = set->stores->growth;
    stalls = set->stores->rows->len;
  } else {
    revenue = set->lines->revenue;
    receipts = set->lines->receipts;
    growth = set->lines->growth;
  }
  {
    g_autofree char *g = pct(growth, TRUE);
    g_autofree char *rc = receipts >= 0 ? won(receipts) : g_strdup("-");
    g_autofree char *n = stalls ? g_strdup_printf("%u곳", stalls) : g_strdup("-");
    double w = CONTENT_W / 4;
    key_figure(p, MARGIN, w, "매출", an_fmt_won(a, revenue));
    key_figure(p, MARGIN + w, w, "성장률", g);
    key_figure(p, MARGIN + 2 * w, w, "영수증(건)", rc);
    key_figure(p, MARGIN + 3 * w, w, "점포", n);
    p->y += 80;
  }
  {
    g_autofree char *note = g_strdup_printf(
      "기준 시각 %s. 모든 수치는 허브의 일별 집계(rollup)에서 계산했으며, 매출은 취소·환불을 "
      "뺀 순매출입니다. 계산식과 기준값의 근거는 docs/ANALYTICS.md에 있습니다.", as_of);
    paragraph(p, note, 8.5, 0, FALSE, MUTED);
  }
}

/* The plain-Korean summary, then the thresholds it rests on. */
static void summary(Pdf *p, const AnReportSet *set)
{
  const AnConfig *c = &p->head->query.config;
  g_autoptr(GPtrArray) sentences = an_report_summary(set);
  char a[AN_NUM_LEN], b[AN_NUM_LEN], d[AN_NUM_LEN], e[AN_NUM_LEN];
  char f[AN_NUM_LEN], g[AN_NUM_LEN], h[AN_NUM_LEN], k[AN_NUM_LEN], m[AN_NUM_LEN];
  new_page(p);
  heading(p, "요약");
  for (guint i = 0; i < sentences->len; i++) {
    g_autofree char *s = g_strdup_printf("· %s", (const char *)g_ptr_array_index(sentences, i));
    paragraph(p, s, 10.5, 0, FALSE, INK);
  }
  p->y += 12;
  subheading(p, "판정 기준값 (설정으로 바꿀 수 있음)");
  {
    g_autofree char *t = g_strdup_printf(
      "경쟁력: LQ %s 이상. 성장: 성장률 %s 이상이면서 전체 시장보다 빠름(또는 새 상품군). "
      "쇠퇴: 성장률 %s 이하. 소규모: 시장 점유율 %s 미만 또는 하루 평균 %s 미만. "
      "HHI %s 초과는 소수 점포 집중. 핵심점포: 점수 상위 %d곳. ABC: A %d%%, B %d%%, C 나머지. "
      "동기화 지연: %d일 초과. 온누리 확인: 결제의 %s 이상. 특화 약화: LQ 기준 이상이지만 "
      "성장률이 전체 시장의 같은 상품군보다 %s 이하. 불안정: 날짜를 %d번 다시 뽑아 같은 판정이 "
      "%s 미만.",
      an_fmt_num(a, an_ratio(c->lq_competitive), 2), an_fmt_pct(b, an_ratio(c->growth_emerging), TRUE),
      an_fmt_pct(d, an_ratio(c->growth_declining), TRUE), an_fmt_pct(e, an_ratio(c->lq_min_share), FALSE),
      an_fmt_won(f, c->lq_min_revenue_per_day), an_fmt_num(g, an_ratio(c->hhi_high), 0),
      c->top_n, c->abc_a_pct, c->abc_b_pct, c->stale_days,
      an_fmt_pct(h, an_ratio(c->onnuri_flag_share), FALSE),
      an_fmt_pct(k, an_ratio(c->competitive_eroding), TRUE), c->resamples,
      an_fmt_pct(m, an_ratio(c->fragile_below), FALSE));
    paragraph(p, t, 9, 0, FALSE, MUTED);
  }
}

/* ---- Sections ------------------------------------------------------------------ */

/* Bars read best from the largest down. */
static gint line_share_cmp(gconstpointer a, gconstpointer b)
{
  const AnLineRow *x = *(const AnLineRow *const *)a, *y = *(const AnLineRow *const *)b;
  if (x->revenue != y->revenue)
    return x->revenue > y->revenue ? -1 : 1;
  return strcmp(x->code, y->code);
}

/* Share bars above, growth x LQ below: together on one page when they fit. */
static void lines_charts(Pdf *p, const AnLinesReport *r)
{
  g_autoptr(GPtrArray) by_share = an_borrowed_copy(r->rows);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  guint nb = MIN(by_share->len, 15u), np = 0;
  g_autofree AnChartBar *bars = g_new0(AnChartBar, nb + 1);
  g_autofree AnChartPoint *pts = g_new0(AnChartPoint, r->rows->len + 1);
  AnRect top = { MARGIN, 0, CONTENT_W, 200 }, bottom = { MARGIN, 0, CONTENT_W, 270 };
  g_ptr_array_sort(by_share, line_share_cmp);
  for (guint i = 0; i < nb; i++) {
    const AnLineRow *l = g_ptr_array_index(by_share, i);
    char *t = pct(l->share, FALSE);
    g_ptr_array_add(texts, t);
    bars[i] = (AnChartBar){ l->name, l->share.defined ? l->share.value : 0, t,
                            l->verdict == AN_VERDICT_COMPETITIVE };
  }
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    if (l->lq.defined && l->growth.defined)
      pts[np++] = (AnChartPoint){ l->name, l->lq.value, l->growth.value,
                                  l->share.defined ? l->share.value : 0,
                                  l->verdict == AN_VERDICT_COMPETITIVE };
  }
  need(p, top.height + bottom.height + 30);
  top.y = p->y;
  an_chart_share_bars(p->cr, &top, "상품군별 매출 점유율 (주황: 경쟁력)", bars, nb);
  bottom.y = top.y + top.height + 20;
  an_chart_growth_lq_scatter(p->cr, &bottom, "성장률과 LQ (원의 크기: 점유율; 성장률이 없는 "
                             "상품군은 빠짐)", pts, np, r->head.query.config.lq_competitive);
  p->y = bottom.y + bottom.height + 16;
}

/* Table, charts, then the reasons of every line. */
static void lines_section(Pdf *p, const AnLinesReport *r)
{
  static const Col cols[] = {
    { "순위", .05, AN_ALIGN_RIGHT }, { "상품군", .13, AN_ALIGN_LEFT },
    { "매출(원)", .12, AN_ALIGN_RIGHT }, { "점유율", .07, AN_ALIGN_RIGHT },
    { "성장률", .08, AN_ALIGN_RIGHT }, { "LQ", .05, AN_ALIGN_RIGHT },
    { "점포", .04, AN_ALIGN_RIGHT }, { "HHI", .06, AN_ALIGN_RIGHT },
    { "침투율", .07, AN_ALIGN_RIGHT }, { "가격지수", .07, AN_ALIGN_RIGHT },
    { "점수", .06, AN_ALIGN_RIGHT }, { "판정", .09, AN_ALIGN_CENTER },
    { "신뢰도", .11, AN_ALIGN_RIGHT },
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
  g_autofree gboolean *hi = g_new0(gboolean, r->rows->len + 1);
  section_break(p);
  heading(p, "1. 상품군 경쟁력");
  paragraph(p, "LQ는 이 시장 매출에서 상품군이 차지하는 비중을 전체 시장의 비중으로 나눈 값입니다 "
            "(1보다 크면 이 시장이 그 상품군에 특화). 점수(0-100)는 특화·성장·경쟁 효과·점유율·"
            "침투율·분산을 가중해 합친 값이며, 판정의 근거와 부분 점수는 이 절 끝에 있습니다. "
            "신뢰도는 기간의 날짜를 다시 뽑아(부트스트랩) 같은 판정이 나온 비율이며, 기준 미만은 "
            "'불안정'으로 표시합니다.", 8.5, 0, FALSE, MUTED);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    hi[i] = l->verdict == AN_VERDICT_COMPETITIVE;
    cell(cells, g_strdup_printf("%u", l->rank));
    cell(cells, g_strdup(l->name));
    cell(cells, won(l->revenue));
    cell(cells, pct(l->share, FALSE));
    cell(cells, pct(l->growth, TRUE));
    cell(cells, num(l->lq, 2));
    cell(cells, g_strdup_printf("%u", l->stalls));
    cell(cells, num(l->hhi, 0));
    cell(cells, pct(l->penetration, FALSE));
    cell(cells, num(l->price_index, 2));
    cell(cells, num(l->score, 1));
    cell(cells, g_strdup(an_verdict_label(l->verdict)));
    cell(cells, confidence_cell(l->confidence, l->fragile));
  }
  table(p, cols, G_N_ELEMENTS(cols), cells, hi);
  if (r->rows->len > 0)
    lines_charts(p, r);
  subheading(p, "판정 근거");
  for (guint i = 0; i < r->rows->len; i++) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    g_autofree char *score = num(l->score, 1);
    g_autofree char *conf = confidence_cell(l->confidence, l->fragile);
    g_autofree char *title = g_strdup_printf("%u. %s (%s) — %s, 점수 %s, 신뢰도 %s", l->rank,
                                             l->name, l->code, an_verdict_label(l->verdict),
                                             score, conf);
    reasons(p, title, l->score.defined ? l->parts : NULL, l->explain);
  }
}

/* Revenue order for the bar chart (the table is in score order). */
static gint store_revenue_cmp(gconstpointer a, gconstpointer b)
{
  const AnStoreRow *x = *(const AnStoreRow *const *)a, *y = *(const AnStoreRow *const *)b;
  if (x->revenue != y->revenue)
    return x->revenue > y->revenue ? -1 : 1;
  return strcmp(x->code, y->code);
}

/* Table, top stores by revenue, then why each core store is core. */
static void stores_section(Pdf *p, const AnStoresReport *r)
{
  static const Col cols[] = {
    { "순위", .05, AN_ALIGN_RIGHT }, { "점포", .16, AN_ALIGN_LEFT },
    { "매출(원)", .12, AN_ALIGN_RIGHT }, { "성장률", .08, AN_ALIGN_RIGHT },
    { "영수증", .07, AN_ALIGN_RIGHT }, { "객단가", .09, AN_ALIGN_RIGHT },
    { "영업일", .06, AN_ALIGN_RIGHT }, { "변동계수", .07, AN_ALIGN_RIGHT },
    { "점수", .06, AN_ALIGN_RIGHT }, { "ABC", .04, AN_ALIGN_CENTER },
    { "핵심", .06, AN_ALIGN_CENTER }, { "신뢰도", .14, AN_ALIGN_RIGHT },
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) by_rev = an_borrowed_copy(r->rows);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);
  g_autofree gboolean *hi = g_new0(gboolean, r->rows->len + 1);
  guint nb = MIN(r->rows->len, 15u);
  g_autofree AnChartBar *bars = g_new0(AnChartBar, nb + 1);
  AnRect area = { MARGIN, 0, CONTENT_W, 270 };
  section_break(p);
  heading(p, "2. 핵심점포");
  paragraph(p, "점수(0-100)는 규모(1위 점포 대비)·성장·안정성(일매출 변동계수가 낮을수록 높음)·"
            "영업일·경쟁력 상품군 비중·주력 상품군 상대 점유율을 가중해 합친 값입니다. ABC는 매출 "
            "누적 비중(파레토)에 따른 등급이고, 핵심점포는 점수 상위 점포입니다. 신뢰도는 기간의 "
            "날짜를 다시 뽑아 핵심점포 여부가 그대로인 비율이며, 아래 근거에는 핵심점포와 판정이 "
            "불안정한 점포가 나옵니다.", 8.5, 0, FALSE, MUTED);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStoreRow *s = g_ptr_array_index(r->rows, i);
    hi[i] = s->core;
    cell(cells, g_strdup_printf("%u", s->rank));
    cell(cells, g_strdup(s->name));
    cell(cells, won(s->revenue));
    cell(cells, pct(s->growth, TRUE));
    cell(cells, won(s->receipts));
    cell(cells, s->avg_ticket_defined ? won(s->avg_ticket) : g_strdup("-"));
    cell(cells, g_strdup_printf("%u", s->active_days));
    cell(cells, num(s->stability, 2));
    cell(cells, num(s->score, 1));
    cell(cells, g_strdup_printf("%c", s->abc));
    cell(cells, g_strdup(s->core ? "핵심" : ""));
    cell(cells, confidence_cell(s->confidence, s->fragile));
  }
  table(p, cols, G_N_ELEMENTS(cols), cells, hi);
  g_ptr_array_sort(by_rev, store_revenue_cmp);
  for (guint i = 0; i < nb; i++) {
    const AnStoreRow *s = g_ptr_array_index(by_rev, i);
    char *t = an_chart_won_short((double)s->revenue);
    g_ptr_array_add(texts, t);
    bars[i] = (AnChartBar){ s->name, (double)s->revenue, t, s->core };
  }
  need(p, area.height + 20);
  area.y = p->y;
  an_chart_top_stores(p->cr, &area, "매출 상위 점포 (주황: 핵심점포)", bars, nb);
  p->y += area.height + 16;
  subheading(p, "핵심점포 선정 근거");
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStoreRow *s = g_ptr_array_index(r->rows, i);
    g_autofree char *score = num(s->score, 1);
    g_autofree char *conf = confidence_cell(s->confidence, s->fragile);
    g_autofree char *title = NULL;
    if (!s->core && !s->fragile)
      continue;
    title = g_strdup_printf("%u. %s (%s) — %s, 점수 %s, ABC %c, 신뢰도 %s", s->rank, s->name,
                            s->code, s->core ? "핵심점포" : "핵심점포 아님", score, s->abc, conf);
    reasons(p, title, s->score.defined ? s->parts : NULL, s->explain);
  }
}

/*
** Reasons for at most this many flagged stalls: when a whole market stops
** syncing, forty pages of the same sentence would hide everything else.
*/
#define FLAGGED_MAX 20

/* "2024-04-07 20:00" (Seoul), or "없음". */
static char *sync_cell(int64_t ms)
{
  g_autofree char *iso = NULL;
  if (ms < 0)
    return g_strdup("없음");
  iso = mb_clock_iso(ms);
  if (strlen(iso) >= 16)
    iso[10] = ' ', iso[16] = '\0';
  return g_strdup(iso);
}

/* What a manager should look at, in words. */
static char *flags_cell(const AnStallRow *s)
{
  g_autoptr(GString) f = g_string_new(NULL);
  if (s->last_sync_ms < 0)
    g_string_append(f, "미동기화");
  else if (s->stale)
    g_string_append(f, "동기화 지연");
  if (s->onnuri_flag)
    g_string_append_printf(f, "%s온누리 확인", f->len ? ", " : "");
  if (s->receipts <= 0)
    g_string_append_printf(f, "%s판매 없음", f->len ? ", " : "");
  return g_string_free(g_steal_pointer(&f), FALSE);
}

/*
** Table, the market's trend and heatmap, then only the stalls to check: a
** year of reasons for 200 stalls would bury them.
*/
static void stalls_section(Pdf *p, const AnStallsReport *r)
{
  static const Col cols[] = {
    { "순위", .06, AN_ALIGN_RIGHT }, { "점포", .16, AN_ALIGN_LEFT },
    { "매출(원)", .13, AN_ALIGN_RIGHT }, { "영수증", .08, AN_ALIGN_RIGHT },
    { "객단가", .10, AN_ALIGN_RIGHT }, { "백분위", .08, AN_ALIGN_RIGHT },
    { "온누리", .08, AN_ALIGN_RIGHT }, { "마지막 동기화", .15, AN_ALIGN_CENTER },
    { "비고", .16, AN_ALIGN_LEFT },
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func(g_free);
  g_autofree gboolean *hi = g_new0(gboolean, r->rows->len + 1);
  AnRect trend = { MARGIN, 0, CONTENT_W, 210 }, heat = { MARGIN, 0, CONTENT_W, 185 };
  guint flagged = 0;
  section_break(p);
  heading(p, "3. 점포 성과");
  paragraph(p, "백분위는 시장 안 점포들 사이의 매출 순위입니다 (100이 최상위). 온누리는 결제 중 "
            "온누리상품권 비중, 비고는 관리자가 확인할 점(동기화, 온누리 비중, 판매 없음)입니다.",
            8.5, 0, FALSE, MUTED);
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStallRow *s = g_ptr_array_index(r->rows, i);
    hi[i] = s->stale || s->onnuri_flag || s->receipts <= 0;
    cell(cells, g_strdup_printf("%u", s->rank));
    cell(cells, g_strdup(s->name));
    cell(cells, won(s->revenue));
    cell(cells, won(s->receipts));
    cell(cells, s->avg_ticket_defined ? won(s->avg_ticket) : g_strdup("-"));
    cell(cells, num(s->percentile, 0));
    cell(cells, pct(s->onnuri_share, FALSE));
    cell(cells, sync_cell(s->last_sync_ms));
    cell(cells, flags_cell(s));
  }
  table(p, cols, G_N_ELEMENTS(cols), cells, hi);
  need(p, trend.height + heat.height + 30);
  trend.y = p->y;
  an_chart_daily_trend(p->cr, &trend, "시장 일별 매출", (const AnDailyPoint *)(const void *)r->daily->data,
                       r->daily->len);
  heat.y = trend.y + trend.height + 18;
  an_chart_heatmap(p->cr, &heat, "요일 × 시간대별 매출", r->heat_revenue);
  p->y = heat.y + heat.height + 16;
  subheading(p, "확인이 필요한 점포");
  for (guint i = 0; i < r->rows->len; i++) {
    const AnStallRow *s = g_ptr_array_index(r->rows, i);
    g_autofree char *flags = NULL, *title = NULL;
    if (!hi[i])
      continue;
    if (++flagged > FLAGGED_MAX)
      continue;
    flags = flags_cell(s);
    title = g_strdup_printf("%s (%s) — %s", s->name, s->code, flags);
    reasons(p, title, NULL, s->explain);
  }
  if (flagged == 0) {
    paragraph(p, "동기화, 온누리 비중, 판매 기록에서 확인이 필요한 점포가 없습니다.", 9, 0, FALSE,
              MUTED);
  } else if (flagged > FLAGGED_MAX) {
    g_autofree char *more = g_strdup_printf("외 %u곳은 표의 비고를 보세요 (점포별 근거는 JSON의 "
                                            "explain에 있습니다).", flagged - FLAGGED_MAX);
    paragraph(p, more, 9, 0, FALSE, MUTED);
  }
}

/* ---- Entry points --------------------------------------------------------------- */

/* One PDF, one market and period. */
static gboolean same_head(const AnReportHead *a, const AnReportHead *b)
{
  return a->ds == b->ds && a->query.market == b->query.market
         && a->query.period.from == b->query.period.from && a->query.period.to == b->query.period.to;
}

/* The first report present gives the cover; the others must agree with it. */
static const AnReportHead *check_set(const AnReportSet *set, GError **error)
{
  const AnReportHead *heads[3] = {
    set->lines ? &set->lines->head : NULL, set->stores ? &set->stores->head : NULL,
    set->stalls ? &set->stalls->head : NULL,
  };
  const AnReportHead *first = NULL;
  for (guint i = 0; i < 3; i++) {
    if (heads[i] == NULL)
      continue;
    if (first == NULL) {
      first = heads[i];
    } else if (!same_head(first, heads[i])) {
      g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                  "the reports of one PDF must answer the same market and period");
      return NULL;
    }
  }
  if (first == NULL)
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "a PDF needs at least one report");
  return first;
}

/* cairo's stream callback: the PDF goes to memory, for HTTP and for files. */
static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/*
** Renders the whole document in memory; only a complete PDF is returned.
** Text is laid out with the build-time Korean cuts of the font when they
** are found (an-fonts.c): one font map lent for this PDF and one pango
** context for all its texts.  The font map is given back only after
** cairo_surface_finish, which is when cairo embeds the fonts it supplied.
*/
GBytes *an_report_pdf_bytes(const AnReportSet *set, GError **error)
{
  const AnReportHead *head = check_set(set, error);
  GByteArray *buf;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pdf p = { 0 };
  g_autofree char *title = NULL;
  PangoFontMap *fonts;
  if (head == NULL)
    return NULL;
  fonts = an_fonts_acquire();
  buf = g_byte_array_new();
  surface = cairo_pdf_surface_create_for_stream(append, buf, PAGE_W, PAGE_H);
  p.head = head;
  p.period = an_fmt_period(head->query.period);
  title = g_strdup_printf("%s 시장 분석 보고서 (%s)", head->market_name, p.period);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Market POS market-report");
  p.cr = cairo_create(surface);
  p.cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
  if (fonts != NULL) {
    PangoContext *ctx = pango_font_map_create_context(fonts);
    an_text_use_context(p.cr, ctx);   /* p.cr holds it from here */
    g_object_unref(ctx);
  }
  cover(&p, set);
  summary(&p, set);
  if (set->lines)
    lines_section(&p, set->lines);
  if (set->stores)
    stores_section(&p, set->stores);
  if (set->stalls)
    stalls_section(&p, set->stalls);
  footer(&p);
  cairo_show_page(p.cr);
  g_hash_table_unref(p.cells);   /* before cr: a layout holds the context cr lent */
  cairo_destroy(p.cr);
  cairo_surface_finish(surface);
  status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  an_fonts_release(fonts);
  g_free(p.period);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_byte_array_unref(buf);
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "PDF: %s", cairo_status_to_string(status));
    return NULL;
  }
  return g_byte_array_free_to_bytes(buf);
}
