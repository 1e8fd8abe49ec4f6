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
** libxlsxwriter 1.1 writes to a file only: the workbook goes to a private
** temporary directory, is read back whole and removed, so the caller gets
** bytes (for HTTP, like the PDF) and no half-written file is ever left.
*/
#include "mb-clock.h"
#include "an-int.h"
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#define WIDTH_MAX 60.0      /* the reasons column wraps beyond this */
#define MAX_COLS 32

/* The cell kinds of a table column: each has its own number format. */
typedef enum { K_TEXT, K_WON, K_INT, K_PCT, K_RATIO, K_BOOL, K_DATE, K_TIME, K_WRAP } Kind;

typedef struct {
  lxw_workbook *wb;
  lxw_format *head, *won, *integer, *pct, *ratio, *date, *time, *wrap, *title;
} Book;

/* One table being written: its sheet, the next row, the widest cells. */
typedef struct {
  Book *b;
  lxw_worksheet *ws;
  const char *sheet;
  lxw_row_t row;
  lxw_col_t col;
  guint ncols;
  double width[MAX_COLS];
} Sheet;

/* Display width of UTF-8 text: Hangul and other wide characters count two. */
static double text_width(const char *s)
{
  double w = 0;
  for (const char *p = s; p && *p; p = g_utf8_next_char(p))
    w += g_unichar_iswide(g_utf8_get_char(p)) ? 2.0 : 1.0;
  return w;
}

static void widen(Sheet *s, double w)
{
  if (s->col < MAX_COLS && w > s->width[s->col])
    s->width[s->col] = w;
}

/* The heading row (frozen), in Korean, from the JSON names. */
static void sheet_begin(Sheet *s, Book *b, const char *name, const char *const *columns)
{
  memset(s, 0, sizeof *s);
  s->b = b;
  s->sheet = name;
  s->ws = workbook_add_worksheet(b->wb, name);
  for (guint c = 0; columns[c] != NULL && c < MAX_COLS; c++) {
    const char *label = an_column_label(columns[c]);
    worksheet_write_string(s->ws, 0, (lxw_col_t)c, label, b->head);
    s->width[c] = text_width(label) + 2;
    s->ncols = c + 1;
  }
  worksheet_freeze_panes(s->ws, 1, 0);
  s->row = 1;
  s->col = 0;
}

static void next_row(Sheet *s)
{
  s->row++;
  s->col = 0;
}

static void put_text(Sheet *s, const char *text)
{
  if (text != NULL && *text != '\0') {
    worksheet_write_string(s->ws, s->row, s->col, text, NULL);
    widen(s, text_width(text) + 1);
  }
  s->col++;
}

static void put_number(Sheet *s, double v, lxw_format *f, double width)
{
  worksheet_write_number(s->ws, s->row, s->col, v, f);
  widen(s, width);
  s->col++;
}

/* Won: exact below 2^53, which every market's revenue is. */
static void put_won(Sheet *s, int64_t v)
{
  char b[AN_NUM_LEN];
  put_number(s, (double)v, s->b->won, text_width(an_fmt_int(b, v)) + 2);
}

static void put_int(Sheet *s, int64_t v)
{
  char b[AN_NUM_LEN];
  put_number(s, (double)v, s->b->integer, text_width(an_fmt_int(b, v)) + 2);
}

/* A ratio, or an empty cell when it does not exist (never 0 pretending). */
static void put_ratio(Sheet *s, AnRatio r, gboolean percent)
{
  if (!r.defined || !isfinite(r.value)) {
    s->col++;
    return;
  }
  put_number(s, r.value, percent ? s->b->pct : s->b->ratio, 10);
}

static void put_bool(Sheet *s, gboolean v)
{
  worksheet_write_boolean(s->ws, s->row, s->col, v ? 1 : 0, NULL);
  widen(s, 7);
  s->col++;
}

static void put_day(Sheet *s, AnDay day)
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
static void put_time(Sheet *s, int64_t ms)
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
static void put_explain(Sheet *s, const GPtrArray *explain)
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
static void sheet_end(Sheet *s)
{
  for (guint c = 0; c < s->ncols; c++)
    worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, MIN(s->width[c], WIDTH_MAX), NULL);
  if (s->ncols > 0)
    worksheet_autofilter(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 1, (lxw_col_t)(s->ncols - 1));
}

/* A chart series over cells of a sheet (rows first..last, one column each). */
static void series(lxw_chart *chart, const char *sheet, lxw_row_t first, lxw_row_t last,
                   lxw_col_t cat_col, lxw_col_t val_col, const char *name)
{
  lxw_chart_series *se = chart_add_series(chart, NULL, NULL);
  chart_series_set_categories(se, sheet, first, cat_col, last, cat_col);
  chart_series_set_values(se, sheet, first, val_col, last, val_col);
  if (name != NULL)
    chart_series_set_name(se, name);
}

/* A chart with a Korean title and no legend (one series). */
static lxw_chart *chart_new(Book *b, uint8_t type, const char *title)
{
  lxw_chart *c = workbook_add_chart(b->wb, type);
  chart_title_set_name(c, title);
  chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
  return c;
}

static void insert_chart(Sheet *s, lxw_row_t row, lxw_col_t col, lxw_chart *chart)
{
  lxw_chart_options o = { .x_scale = 1.5, .y_scale = 1.3 };
  worksheet_insert_chart_opt(s->ws, row, col, chart, &o);
}

/* ---- Sheets ------------------------------------------------------------------ */

/* The question, then the summary sentences (the PDF's first page). */
static void summary_sheet(Book *b, const AnReportSet *set, const AnReportHead *h)
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

static void lines_sheet(Book *b, const AnLinesReport *r)
{
  static const char *const cols[] = {
    "rank", "line", "name", "revenue", "prev_revenue", "share", "growth", "lq", "stalls", "hhi",
    "penetration", "price_index", "national_effect", "industry_mix_effect",
    "competitive_effect", "score", "verdict_ko", "confidence", "fragile", "explain", NULL
  };
  Sheet s;
  guint n = r->rows->len;
  sheet_begin(&s, b, "상품군", cols);
  for (guint i = 0; i < n; i++, next_row(&s)) {
    const AnLineRow *l = g_ptr_array_index(r->rows, i);
    put_int(&s, l->rank);
    put_text(&s, l->code);
    put_text(&s, l->name);
    put_won(&s, l->revenue);
    put_won(&s, l->prev_revenue);
    put_ratio(&s, l->share, TRUE);
    put_ratio(&s, l->growth, TRUE);
    put_ratio(&s, l->lq, FALSE);
    put_int(&s, l->stalls);
    put_ratio(&s, l->hhi, FALSE);
    put_ratio(&s, l->penetration, TRUE);
    put_ratio(&s, l->price_index, FALSE);
    if (l->shift_defined) {
      put_won(&s, l->national);
      put_won(&s, l->industry_mix);
      put_won(&s, l->competitive);
    } else {
      s.col += 3;
    }
    put_ratio(&s, l->score, FALSE);
    put_text(&s, an_verdict_label(l->verdict));
    put_ratio(&s, l->confidence, TRUE);
    put_bool(&s, l->fragile);
    put_explain(&s, l->explain);
  }
  sheet_end(&s);
  if (n > 0) {
    lxw_chart *bars = chart_new(b, LXW_CHART_BAR, "상품군별 매출 점유율");
    lxw_chart *scatter = chart_new(b, LXW_CHART_SCATTER, "성장률과 LQ");
    series(bars, s.sheet, 1, n, 2, 5, "점유율");
    chart_axis_set_num_format(bars->x_axis, "0%");
    chart_axis_set_reverse(bars->y_axis);
    insert_chart(&s, n + 2, 2, bars);
    series(scatter, s.sheet, 1, n, 7, 6, "상품군");
    chart_axis_set_name(scatter->x_axis, "LQ (특화도)");
    chart_axis_set_name(scatter->y_axis, "성장률");
    chart_axis_set_num_format(scatter->y_axis, "0%");
    insert_chart(&s, n + 2, 9, scatter);
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

static void stores_sheet(Book *b, const AnStoresReport *r)
{
  static const char *const cols[] = {
    "rank", "stall", "name", "revenue", "prev_revenue", "growth", "receipts", "avg_ticket",
    "active_days", "stability", "main_line", "relative_share", "competitive_weight", "score",
    "abc", "core", "confidence", "fragile", "explain", NULL
  };
  Sheet s;
  g_autoptr(GPtrArray) by_rev = an_borrowed_copy(r->rows);
  guint top = MIN(r->rows->len, 15u);
  lxw_col_t block;
  sheet_begin(&s, b, "핵심점포", cols);
  for (guint i = 0; i < r->rows->len; i++, next_row(&s)) {
    const AnStoreRow *st = g_ptr_array_index(r->rows, i);
    char abc[2] = { st->abc, '\0' };
    put_int(&s, st->rank);
    put_text(&s, st->code);
    put_text(&s, st->name);
    put_won(&s, st->revenue);
    put_won(&s, st->prev_revenue);
    put_ratio(&s, st->growth, TRUE);
    put_int(&s, st->receipts);
    if (st->avg_ticket_defined)
      put_won(&s, st->avg_ticket);
    else
      s.col++;
    put_int(&s, st->active_days);
    put_ratio(&s, st->stability, FALSE);
    put_text(&s, st->main_line_name);
    put_ratio(&s, st->relative_share, FALSE);
    put_ratio(&s, st->competitive_weight, TRUE);
    put_ratio(&s, st->score, FALSE);
    put_text(&s, abc);
    put_bool(&s, st->core);
    put_ratio(&s, st->confidence, TRUE);
    put_bool(&s, st->fragile);
    put_explain(&s, st->explain);
  }
  sheet_end(&s);
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
    lxw_chart *bars = chart_new(b, LXW_CHART_BAR, "매출 상위 점포");
    series(bars, s.sheet, 1, top, block, block + 1, "매출");
    chart_axis_set_num_format(bars->x_axis, "#,##0");
    chart_axis_set_reverse(bars->y_axis);
    insert_chart(&s, top + 2, block, bars);
  }
}

static void stalls_sheet(Book *b, const AnStallsReport *r)
{
  static const char *const cols[] = {
    "rank", "stall", "name", "revenue", "prev_revenue", "growth", "receipts", "avg_ticket",
    "active_days", "percentile", "onnuri_share", "onnuri_flag", "last_sync", "stale", "explain",
    NULL
  };
  Sheet s;
  sheet_begin(&s, b, "점포 성과", cols);
  for (guint i = 0; i < r->rows->len; i++, next_row(&s)) {
    const AnStallRow *st = g_ptr_array_index(r->rows, i);
    put_int(&s, st->rank);
    put_text(&s, st->code);
    put_text(&s, st->name);
    put_won(&s, st->revenue);
    put_won(&s, st->prev_revenue);
    put_ratio(&s, st->growth, TRUE);
    put_int(&s, st->receipts);
    if (st->avg_ticket_defined)
      put_won(&s, st->avg_ticket);
    else
      s.col++;
    put_int(&s, st->active_days);
    put_ratio(&s, st->percentile, FALSE);
    put_ratio(&s, st->onnuri_share, TRUE);
    put_bool(&s, st->onnuri_flag);
    put_time(&s, st->last_sync_ms);
    put_bool(&s, st->stale);
    put_explain(&s, st->explain);
  }
  sheet_end(&s);
}

/* The market's daily revenue and receipts, with the PDF's trend as a line chart. */
static void daily_sheet(Book *b, const AnStallsReport *r)
{
  static const char *const cols[] = { "day", "revenue", "receipts", NULL };
  Sheet s;
  guint n = r->daily->len;
  sheet_begin(&s, b, "일별 매출", cols);
  for (guint i = 0; i < n; i++, next_row(&s)) {
    const AnDailyPoint *d = &g_array_index(r->daily, AnDailyPoint, i);
    put_day(&s, d->day);
    put_won(&s, d->revenue);
    put_int(&s, d->receipts);
  }
  sheet_end(&s);
  if (n > 0) {
    lxw_chart *line = chart_new(b, LXW_CHART_LINE, "시장 일별 매출");
    series(line, s.sheet, 1, n, 0, 1, "매출");
    chart_axis_set_num_format(line->y_axis, "#,##0");
    chart_axis_set_num_format(line->x_axis, "mm-dd");
    insert_chart(&s, 1, 4, line);
  }
}

/* Weekday x hour revenue with a colour scale: Excel's way of a heatmap. */
static void heat_sheet(Book *b, const AnStallsReport *r)
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
static void book_formats(Book *b)
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
** Writes the workbook into a private temporary directory, reads it back and
** removes it: only a complete workbook leaves this function.
*/
GBytes *an_report_xlsx_bytes(const AnReportSet *set, GError **error)
{
  const AnReportHead *h = set->lines ? &set->lines->head
                          : set->stores ? &set->stores->head
                          : set->stalls ? &set->stalls->head : NULL;
  g_autoptr(GError) e = NULL;
  g_autofree char *dir = NULL, *path = NULL, *data = NULL;
  g_autofree char *title = NULL;
  lxw_doc_properties props = { 0 };
  Book b = { 0 };
  lxw_error status;
  gsize len = 0;
  if (h == NULL) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "a workbook needs at least one report");
    return NULL;
  }
  dir = g_dir_make_tmp("mpos-xlsx-XXXXXX", &e);
  if (dir == NULL) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: %s", e->message);
    return NULL;
  }
  path = g_build_filename(dir, "report.xlsx", NULL);
  b.wb = workbook_new(path);
  if (b.wb == NULL) {
    g_rmdir(dir);
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: cannot start %s", path);
    return NULL;
  }
  title = g_strdup_printf("%s 시장 분석", h->market_name);
  props.title = title;
  props.author = "Market POS market-report";
  workbook_set_properties(b.wb, &props);
  book_formats(&b);
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
  status = workbook_close(b.wb);
  if (status == LXW_NO_ERROR && !g_file_get_contents(path, &data, &len, &e)) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: %s", e->message);
    status = LXW_ERROR_CREATING_TMPFILE;
  } else if (status != LXW_NO_ERROR) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "workbook: %s", lxw_strerror(status));
  }
  g_unlink(path);
  g_rmdir(dir);
  if (status != LXW_NO_ERROR)
    return NULL;
  return g_bytes_new_take(g_steal_pointer(&data), len);
}
