/*
** an-report-xlsx.c: the reports as an Excel workbook, for consultants.
**
** Consultants work in Excel; a CSV opens there, but with English headings,
** fractions where they read percentages and text where they sort dates.
** The workbook (written with libxlsxwriter, the well-kept C writer of the
** format) has a sheet per section: 요약 (the summary sentences and the
** question), 상품군, 핵심점포, 점포 성과, 일별 매출 and 요일×시간.  Every
** table has Korean headings (an_column_label, the same as the CSV's
** `--header ko`), a frozen heading row and an autofilter, won as numbers
** with thousands separators (Excel can still sum them), percentages as
** percentages of the same fractions the JSON holds, days and sync times as
** real Excel dates, and columns as wide as their longest cell (Hangul
** counts double; the reasons column is capped and wraps).  The PDF's charts
** are native Excel charts over the sheets' own cells: line shares (bars),
** growth x LQ (scatter), the top stores by revenue (bars, from a small
** block beside the stores table, as the table is in score order), the
** market's daily revenue (line); the weekday x hour heatmap is its table
** with a colour scale, as Excel has no heatmap chart.
**
** The kit of helpers (book, sheet, cells, charts; an-xlsx-int.h) is
** shared with an-program-xlsx.c, the impact and Onnuri workbooks.
**
** libxlsxwriter 1.1 writes to a file only: the workbook goes to a private
** temporary directory, is read back whole and removed, so the caller gets
** bytes (for HTTP, like the PDF) and no half-written file is ever left.
*/
#include "mb-clock.h"
#include "an-int.h"
#include "an-xlsx-int.h"
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define WIDTH_MAX 60.0      /* the reasons column wraps beyond this */

/* Display width of UTF-8 text: Hangul and other wide characters count two. */
static double text_width(const char *s)
{
  double w = 0;
  for (const char *p = s; p && *p; p = g_utf8_next_char(p))
    w += g_unichar_iswide(g_utf8_get_char(p)) ? 2.0 : 1.0;
  return w;
}

static void widen(AnXlsxSheet *s, double w)
{
  if (s->col < AN_XLSX_MAX_COLS && w > s->width[s->col])
    s->width[s->col] = w;
}

/* The heading row (frozen), in Korean, from the JSON names. */
void an_xlsx_sheet_begin(AnXlsxSheet *s, AnXlsxBook *b, const char *name, const char *const *columns)
{
  memset(s, 0, sizeof *s);
  s->b = b;
  s->sheet = name;
  s->ws = workbook_add_worksheet(b->wb, name);
  for (guint c = 0; columns[c] != NULL && c < AN_XLSX_MAX_COLS; c++) {
    const char *label = an_column_label(columns[c]);
    worksheet_write_string(s->ws, 0, (lxw_col_t)c, label, b->head);
    s->width[c] = text_width(label) + 2;
    s->ncols = c + 1;
  }
  worksheet_freeze_panes(s->ws, 1, 0);
  s->row = 1;
  s->col = 0;
}

void an_xlsx_next_row(AnXlsxSheet *s)
{
  s->row++;
  s->col = 0;
}

void an_xlsx_put_text(AnXlsxSheet *s, const char *text)
{
  if (text != NULL && *text != '\0') {
    worksheet_write_string(s->ws, s->row, s->col, text, NULL);
    widen(s, text_width(text) + 1);
  }
  s->col++;
}

static void put_number(AnXlsxSheet *s, double v, lxw_format *f, double width)
{
  worksheet_write_number(s->ws, s->row, s->col, v, f);
  widen(s, width);
  s->col++;
}

/* Won: exact below 2^53, which every market's revenue is. */
void an_xlsx_put_won(AnXlsxSheet *s, int64_t v)
{
  char b[AN_NUM_LEN];
  put_number(s, (double)v, s->b->won, text_width(an_fmt_int(b, v)) + 2);
}

void an_xlsx_put_int(AnXlsxSheet *s, int64_t v)
{
  char b[AN_NUM_LEN];
  put_number(s, (double)v, s->b->integer, text_width(an_fmt_int(b, v)) + 2);
}

/* A ratio, or an empty cell when it does not exist (never 0 pretending). */
void an_xlsx_put_ratio(AnXlsxSheet *s, AnRatio r, gboolean percent)
{
  if (!r.defined || !isfinite(r.value)) {
    s->col++;
    return;
  }
  put_number(s, r.value, percent ? s->b->pct : s->b->ratio, 10);
}

void an_xlsx_put_bool(AnXlsxSheet *s, gboolean v)
{
  worksheet_write_boolean(s->ws, s->row, s->col, v ? 1 : 0, NULL);
  widen(s, 7);
  s->col++;
}

void an_xlsx_put_day(AnXlsxSheet *s, AnDay day)
{
  char iso[AN_DAY_ISO_LEN];
  lxw_datetime dt = { 0 };
  unsigned y = 0, m = 0, d = 0;
  an_day_format(day, iso);
  if (sscanf(iso, "%4u-%2u-%2u", &y, &m, &d) == 3) {
    dt.year = (int)y;
    dt.month = (int)m;
    dt.day = (int)d;
    worksheet_write_datetime(s->ws, s->row, s->col, &dt, s->b->date);
  }
  widen(s, 12);
  s->col++;
}

/* A sync instant, in Seoul time as the JSON's ISO text says it; empty if never. */
static void put_time(AnXlsxSheet *s, int64_t ms)
{
  g_autofree char *iso = ms >= 0 ? mb_clock_iso(ms) : NULL;
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (iso != NULL && sscanf(iso, "%4u-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi, &sec) == 6) {
    lxw_datetime dt = { (int)y, (int)mo, (int)d, (int)h, (int)mi, (double)sec };
    worksheet_write_datetime(s->ws, s->row, s->col, &dt, s->b->time);
    widen(s, 17);
  }
  s->col++;
}

/* The reasons, one sentence a line in one wrapped cell. */
void an_xlsx_put_explain(AnXlsxSheet *s, const GPtrArray *explain)
{
  g_autoptr(GString) t = g_string_new(NULL);
  double widest = 0;
  for (guint i = 0; i < explain->len; i++) {
    const char *line = g_ptr_array_index(explain, i);
    g_string_append_printf(t, "%s%s", i ? "\n" : "", line);
    widest = MAX(widest, text_width(line));
  }
  worksheet_write_string(s->ws, s->row, s->col, t->str, s->b->wrap);
  widen(s, MIN(widest + 1, WIDTH_MAX));
  s->col++;
}

/* Column widths from the widest cell, and an autofilter over the table. */
void an_xlsx_sheet_end(AnXlsxSheet *s)
{
  for (guint c = 0; c < s->ncols; c++)
    worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, MIN(s->width[c], WIDTH_MAX), NULL);
  if (s->ncols > 0)
    worksheet_autofilter(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 1, (lxw_col_t)(s->ncols - 1));
}

/* A chart series over cells of a sheet (rows first..last, one column each). */
void an_xlsx_series(lxw_chart *chart, const char *sheet, lxw_row_t first, lxw_row_t last,
                   lxw_col_t cat_col, lxw_col_t val_col, const char *name)
{
  lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
  chart_series_set_categories(se, sheet, first, cat_col, last, cat_col);
  chart_series_set_values(se, sheet, first, val_col, last, val_col);
  if (name != NULL)
    chart_series_set_name(se, name);
}

/* A chart with a Korean title and no legend (one series). */
lxw_chart *an_xlsx_chart_new(AnXlsxBook *b, uint8_t type, const char *title)
{
  lxw_chart *c = workbook_add_chart(b->wb, type);
  chart_title_set_name(c, title);
  chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
  return c;
}

void an_xlsx_insert_chart(AnXlsxSheet *s, lxw_row_t row, lxw_col_t col, lxw_chart *chart)
{
  lxw_chart_options o = { .x_scale = 1.5, .y_scale = 1.3 };
  worksheet_insert_chart_opt(s->ws, row, col, chart, &o);
}

/* ---- Sheets ------------------------------------------------------------------ */

/* The question, then the summary sentences (the PDF's first page). */
static void summary_sheet(AnXlsxBook *b, const AnReportSet *set, const AnReportHead *h)
{
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "요약");
  g_autoptr(GPtrArray) sentences = an_report_summary(set);
  g_autofree char *period = an_fmt_period(h->query.period);
  g_autofree char *cmp = h->query.compare != AN_COMPARE_NONE
                         ? an_fmt_period(h->query.compare_period) : g_strdup("없음");
  lxw_row_t r = 0;
  worksheet_write_string(ws, r++, 0, "시장닥터 상권 분석", b->title);
  worksheet_write_string(ws, r, 0, "시장", b->head);
  worksheet_write_string(ws, r++, 1, h->market_name, NULL);
  worksheet_write_string(ws, r, 0, "분석 기간", b->head);
  worksheet_write_string(ws, r++, 1, period, NULL);
  worksheet_write_string(ws, r, 0, "비교 기간", b->head);
  worksheet_write_string(ws, r++, 1, cmp, NULL);
  r++;
  for (guint i = 0; i < sentences->len; i++)
    worksheet_write_string(ws, r++, 0, g_ptr_array_index(sentences, i), NULL);
  worksheet_set_column(ws, 0, 0, 12, NULL);
  worksheet_set_column(ws, 1, 1, 60, NULL);
}

static void lines_sheet(AnXlsxBook *b, const AnLinesReport *r)
{
  static const char *const cols[] = {
    "rank", "line", "name", "revenue", "prev_revenue", "share", "growth", "lq", "stalls", "hhi",
    "penetration", "price_index", "national_effect", "industry_mix_effect",
    "competitive_effect", "score", "verdict_ko", "confidence", "fragile", "explain", NULL
  };
  AnXlsxSheet s;
  guint n = r->rows->len;
  an_xlsx_sheet_begin(&s, b, "상품군", cols);
  for (guint i = 0; i < n; i++, an_xlsx_next_row(&s)) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    an_xlsx_put_int(&s, l->rank);
    an_xlsx_put_text(&s, l->code);
    an_xlsx_put_text(&s, l->name);
    an_xlsx_put_won(&s, l->revenue);
    an_xlsx_put_won(&s, l->prev_revenue);
    an_xlsx_put_ratio(&s, l->share, TRUE);
    an_xlsx_put_ratio(&s, l->growth, TRUE);
    an_xlsx_put_ratio(&s, l->lq, FALSE);
    an_xlsx_put_int(&s, l->stalls);
    an_xlsx_put_ratio(&s, l->hhi, FALSE);
    an_xlsx_put_ratio(&s, l->penetration, TRUE);
    an_xlsx_put_ratio(&s, l->price_index, FALSE);
    if (l->shift_defined) {
      an_xlsx_put_won(&s, l->national);
      an_xlsx_put_won(&s, l->industry_mix);
      an_xlsx_put_won(&s, l->competitive);
    } else {
      s.col += 3;
    }
    an_xlsx_put_ratio(&s, l->score, FALSE);
    an_xlsx_put_text(&s, an_verdict_label(l->verdict));
    an_xlsx_put_ratio(&s, l->confidence, TRUE);
    an_xlsx_put_bool(&s, l->fragile);
    an_xlsx_put_explain(&s, l->explain);
  }
  an_xlsx_sheet_end(&s);
  if (n > 0) {
    lxw_chart *bars = an_xlsx_chart_new(b, LXW_CHART_BAR, "상품군별 매출 점유율");
    lxw_chart *scatter = an_xlsx_chart_new(b, LXW_CHART_SCATTER, "성장률과 LQ");
    an_xlsx_series(bars, s.sheet, 1, n, 2, 5, "점유율");
    chart_axis_set_num_format(bars->x_axis, "0%");
    chart_axis_set_reverse(bars->y_axis);
    an_xlsx_insert_chart(&s, n + 2, 2, bars);
    an_xlsx_series(scatter, s.sheet, 1, n, 7, 6, "상품군");
    chart_axis_set_name(scatter->x_axis, "LQ (특화도)");
    chart_axis_set_name(scatter->y_axis, "성장률");
    chart_axis_set_num_format(scatter->y_axis, "0%");
    an_xlsx_insert_chart(&s, n + 2, 9, scatter);
  }
}

/* Revenue order for the chart block (the table is in score order). */
static gint store_revenue_cmp(gconstpointer a, gconstpointer b)
{
  const AnStoreRow *x = *(const AnStoreRow *const *)a, *y = *(const AnStoreRow *const *)b;
  if (x->revenue != y->revenue)
    return x->revenue > y->revenue ? -1 : 1;
  return strcmp(x->code, y->code);
}

static void stores_sheet(AnXlsxBook *b, const AnStoresReport *r)
{
  static const char *const cols[] = {
    "rank", "stall", "name", "revenue", "prev_revenue", "growth", "receipts", "avg_ticket",
    "active_days", "stability", "main_line", "relative_share", "competitive_weight", "score",
    "abc", "core", "confidence", "fragile", "explain", NULL
  };
  AnXlsxSheet s;
  g_autoptr(GPtrArray) by_rev = an_borrowed_copy(r->rows);
  guint top = MIN(r->rows->len, 15u);
  lxw_col_t block;
  an_xlsx_sheet_begin(&s, b, "핵심점포", cols);
  for (guint i = 0; i < r->rows->len; i++, an_xlsx_next_row(&s)) {
    const AnStoreRow *st = g_ptr_array_index(r->rows, i);
    char abc[2] = { st->abc, '\0' };
    an_xlsx_put_int(&s, st->rank);
    an_xlsx_put_text(&s, st->code);
    an_xlsx_put_text(&s, st->name);
    an_xlsx_put_won(&s, st->revenue);
    an_xlsx_put_won(&s, st->prev_revenue);
    an_xlsx_put_ratio(&s, st->growth, TRUE);
    an_xlsx_put_int(&s, st->receipts);
    if (st->avg_ticket_defined)
      an_xlsx_put_won(&s, st->avg_ticket);
    else
      s.col++;
    an_xlsx_put_int(&s, st->active_days);
    an_xlsx_put_ratio(&s, st->stability, FALSE);
    an_xlsx_put_text(&s, st->main_line_name);
    an_xlsx_put_ratio(&s, st->relative_share, FALSE);
    an_xlsx_put_ratio(&s, st->competitive_weight, TRUE);
    an_xlsx_put_ratio(&s, st->score, FALSE);
    an_xlsx_put_text(&s, abc);
    an_xlsx_put_bool(&s, st->core);
    an_xlsx_put_ratio(&s, st->confidence, TRUE);
    an_xlsx_put_bool(&s, st->fragile);
    an_xlsx_put_explain(&s, st->explain);
  }
  an_xlsx_sheet_end(&s);
  if (top == 0)
    return;
  /* the chart's own block, right of the table: the top stores by revenue */
  block = (lxw_col_t)(s.ncols + 1);
  g_ptr_array_sort(by_rev, store_revenue_cmp);
  worksheet_write_string(s.ws, 0, block, "매출 상위 점포", b->head);
  worksheet_write_string(s.ws, 0, block + 1, an_column_label("revenue"), b->head);
  for (guint i = 0; i < top; i++) {
    const AnStoreRow *st = g_ptr_array_index(by_rev, i);
    worksheet_write_string(s.ws, (lxw_row_t)(i + 1), block, st->name, NULL);
    worksheet_write_number(s.ws, (lxw_row_t)(i + 1), block + 1, (double)st->revenue, b->won);
  }
  worksheet_set_column(s.ws, block, block + 1, 16, NULL);
  {
    lxw_chart *bars = an_xlsx_chart_new(b, LXW_CHART_BAR, "매출 상위 점포");
    an_xlsx_series(bars, s.sheet, 1, top, block, block + 1, "매출");
    chart_axis_set_num_format(bars->x_axis, "#,##0");
    chart_axis_set_reverse(bars->y_axis);
    an_xlsx_insert_chart(&s, top + 2, block, bars);
  }
}

static void stalls_sheet(AnXlsxBook *b, const AnStallsReport *r)
{
  static const char *const cols[] = {
    "rank", "stall", "name", "revenue", "prev_revenue", "growth", "receipts", "avg_ticket",
    "active_days", "percentile", "onnuri_share", "onnuri_flag", "last_sync", "stale", "explain",
    NULL
  };
  AnXlsxSheet s;
  an_xlsx_sheet_begin(&s, b, "점포 성과", cols);
  for (guint i = 0; i < r->rows->len; i++, an_xlsx_next_row(&s)) {
    const AnStallRow *st = g_ptr_array_index(r->rows, i);
    an_xlsx_put_int(&s, st->rank);
    an_xlsx_put_text(&s, st->code);
    an_xlsx_put_text(&s, st->name);
    an_xlsx_put_won(&s, st->revenue);
    an_xlsx_put_won(&s, st->prev_revenue);
    an_xlsx_put_ratio(&s, st->growth, TRUE);
    an_xlsx_put_int(&s, st->receipts);
    if (st->avg_ticket_defined)
      an_xlsx_put_won(&s, st->avg_ticket);
    else
      s.col++;
    an_xlsx_put_int(&s, st->active_days);
    an_xlsx_put_ratio(&s, st->percentile, FALSE);
    an_xlsx_put_ratio(&s, st->onnuri_share, TRUE);
    an_xlsx_put_bool(&s, st->onnuri_flag);
    put_time(&s, st->last_sync_ms);
    an_xlsx_put_bool(&s, st->stale);
    an_xlsx_put_explain(&s, st->explain);
  }
  an_xlsx_sheet_end(&s);
}

/* The market's daily revenue and receipts, with the PDF's trend as a line chart. */
static void daily_sheet(AnXlsxBook *b, const AnStallsReport *r)
{
  static const char *const cols[] = { "day", "revenue", "receipts", NULL };
  AnXlsxSheet s;
  guint n = r->daily->len;
  an_xlsx_sheet_begin(&s, b, "일별 매출", cols);
  for (guint i = 0; i < n; i++, an_xlsx_next_row(&s)) {
    const AnDailyPoint *d = &g_array_index(r->daily, AnDailyPoint, i);
    an_xlsx_put_day(&s, d->day);
    an_xlsx_put_won(&s, d->revenue);
    an_xlsx_put_int(&s, d->receipts);
  }
  an_xlsx_sheet_end(&s);
  if (n > 0) {
    lxw_chart *line = an_xlsx_chart_new(b, LXW_CHART_LINE, "시장 일별 매출");
    an_xlsx_series(line, s.sheet, 1, n, 0, 1, "매출");
    chart_axis_set_num_format(line->y_axis, "#,##0");
    chart_axis_set_num_format(line->x_axis, "mm-dd");
    an_xlsx_insert_chart(&s, 1, 4, line);
  }
}

/* Weekday x hour revenue with a colour scale: Excel's way of a heatmap. */
static void heat_sheet(AnXlsxBook *b, const AnStallsReport *r)
{
  static const char *const weekdays[AN_WEEKDAYS] = { "월", "화", "수", "목", "금", "토", "일" };
  lxw_worksheet *ws = workbook_add_worksheet(b->wb, "요일×시간");
  lxw_conditional_format scale = { 0 };
  worksheet_write_string(ws, 0, 0, an_column_label("weekday"), b->head);
  for (guint h = 0; h < AN_HOURS; h++) {
    char label[8];
    g_snprintf(label, sizeof label, "%u시", h);
    worksheet_write_string(ws, 0, (lxw_col_t)(h + 1), label, b->head);
  }
  for (guint w = 0; w < AN_WEEKDAYS; w++) {
    worksheet_write_string(ws, (lxw_row_t)(w + 1), 0, weekdays[w], b->head);
    for (guint h = 0; h < AN_HOURS; h++)
      worksheet_write_number(ws, (lxw_row_t)(w + 1), (lxw_col_t)(h + 1),
                             (double)r->heat_revenue[w][h], b->won);
  }
  worksheet_freeze_panes(ws, 1, 1);
  worksheet_set_column(ws, 0, 0, 6, NULL);
  worksheet_set_column(ws, 1, AN_HOURS, 12, NULL);
  scale.type = LXW_CONDITIONAL_2_COLOR_SCALE;
  scale.min_color = 0xF4F6FA;
  scale.max_color = 0x2A548C;
  worksheet_conditional_format_range(ws, 1, 1, AN_WEEKDAYS, AN_HOURS, &scale);
}

/* The formats every sheet shares. */
static void book_formats(AnXlsxBook *b)
{
  b->head = workbook_add_format(b->wb);
  format_set_bold(b->head);
  format_set_bg_color(b->head, 0x2A548C);
  format_set_font_color(b->head, LXW_COLOR_WHITE);
  b->title = workbook_add_format(b->wb);
  format_set_bold(b->title);
  format_set_font_size(b->title, 16);
  b->won = workbook_add_format(b->wb);
  format_set_num_format(b->won, "#,##0");
  b->integer = workbook_add_format(b->wb);
  format_set_num_format(b->integer, "#,##0");
  b->pct = workbook_add_format(b->wb);
  format_set_num_format(b->pct, "0.0%");
  b->ratio = workbook_add_format(b->wb);
  format_set_num_format(b->ratio, "0.00");
  b->date = workbook_add_format(b->wb);
  format_set_num_format(b->date, "yyyy-mm-dd");
  b->time = workbook_add_format(b->wb);
  format_set_num_format(b->time, "yyyy-mm-dd hh:mm");
  b->wrap = workbook_add_format(b->wb);
  format_set_text_wrap(b->wrap);
  format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
}

/*
** The workbook goes into a private temporary directory (libxlsxwriter
** writes files only); an_xlsx_book_finish reads it back and removes it, so
** only a complete workbook ever leaves this file.
*/
gboolean an_xlsx_book_start(AnXlsxBook *b, const char *title, GError **error)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *title_copy = g_strdup(title);   /* the properties are not const; copied */
  lxw_doc_properties props = { 0 };
  memset(b, 0, sizeof *b);
  b->dir = g_dir_make_tmp("mpos-xlsx-XXXXXX", &e);
  if (b->dir == NULL) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: %s", e->message);
    return FALSE;
  }
  b->path = g_build_filename(b->dir, "report.xlsx", NULL);
  b->wb = workbook_new(b->path);
  if (b->wb == NULL) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: cannot start %s", b->path);
    g_rmdir(b->dir);
    g_clear_pointer(&b->dir, g_free);
    g_clear_pointer(&b->path, g_free);
    return FALSE;
  }
  props.title = title_copy;
  props.author = "Market POS market-report";
  workbook_set_properties(b->wb, &props);
  book_formats(b);
  return TRUE;
}

GBytes *an_xlsx_book_finish(AnXlsxBook *b, GError **error)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  lxw_error status = workbook_close(b->wb);
  b->wb = NULL;
  if (status == LXW_NO_ERROR && !g_file_get_contents(b->path, &data, &len, &e)) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: %s", e->message);
    status = LXW_ERROR_CREATING_TMPFILE;
  } else if (status != LXW_NO_ERROR) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: %s", lxw_strerror(status));
  }
  g_unlink(b->path);
  g_rmdir(b->dir);
  g_clear_pointer(&b->dir, g_free);
  g_clear_pointer(&b->path, g_free);
  if (status != LXW_NO_ERROR)
    return NULL;
  return g_bytes_new_take(g_steal_pointer(&data), len);
}

/* The three reports' workbook: the summary first, then each report's sheets. */
GBytes *an_report_xlsx_bytes(const AnReportSet *set, GError **error)
{
  const AnReportHead *h = set->lines ? &set->lines->head
                          : set->stores ? &set->stores->head
                          : set->stalls ? &set->stalls->head : NULL;
  g_autofree char *title = NULL;
  AnXlsxBook b;
  if (h == NULL) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "a workbook needs at least one report");
    return NULL;
  }
  title = g_strdup_printf("%s 시장 분석", h->market_name);
  if (!an_xlsx_book_start(&b, title, error))
    return NULL;
  summary_sheet(&b, set, h);
  if (set->lines)
    lines_sheet(&b, set->lines);
  if (set->stores)
    stores_sheet(&b, set->stores);
  if (set->stalls) {
    stalls_sheet(&b, set->stalls);
    daily_sheet(&b, set->stalls);
    heat_sheet(&b, set->stalls);
  }
  return an_xlsx_book_finish(&b, error);
}
