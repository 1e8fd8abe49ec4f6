/*
** an-program-xlsx.c: the impact report and the Onnuri review list as Excel
** workbooks, in the style of the other reports' (an-report-xlsx.c, whose
** kit an-xlsx-int.h this file uses: Korean headings, frozen heading rows,
** won with separators, percentages, real dates, fitted columns).
**
** Impact: 요약 (the engagement, the effect and its 90 % interval as
** percentages, the won a day, the pre-trend, the group means, then the
** plain sentences and the warnings), 주별 추이 (a row a week: both groups'
** won per stall per day, with a native line chart of the two series, the
** PDF's chart) and 매칭 (each treated stall and its controls).
**
** Onnuri: 요약 (the market, the period, the special weeks as dates, how
** many stalls to look at, and the sentence that says the list is not an
** accusation) and 확인 목록 (a row a stall, the reasons one a line).
*/
#include "an-impact.h"
#include "an-onnuri.h"
#include "an-xlsx-int.h"
#include <string.h>

/* A label in column A (a heading cell), the value written by the caller in B. */
static void label(AnXlsxSheet *s, const char *text)
{
  s->col = 0;
  worksheet_write_string(s->ws, s->row, 0, text, s->b->head);
  s->col = 1;
}

/* The two-column sheet of labels and values every summary sheet is. */
static void summary_begin(AnXlsxSheet *s, AnXlsxBook *b, const char *name, const char *title)
{
  memset(s, 0, sizeof *s);
  s->b = b;
  s->sheet = name;
  s->ws = workbook_add_worksheet(b->wb, name);
  worksheet_write_string(s->ws, 0, 0, title, b->title);
  s->row = 2;
}

static void summary_lines(AnXlsxSheet *s, const char *heading, const GPtrArray *lines)
{
  if (lines->len == 0)
    return;
  s->row++;
  worksheet_write_string(s->ws, s->row++, 0, heading, s->b->head);
  for (guint i = 0; i < lines->len; i++)
    worksheet_write_string(s->ws, s->row++, 0, g_ptr_array_index(lines, i), NULL);
}

/* Labels 22 wide; the value columns as wide as their widest value, 14 at least. */
static void summary_end(AnXlsxSheet *s)
{
  worksheet_set_column(s->ws, 0, 0, 22, NULL);
  for (lxw_col_t c = 1; c <= 2; c++)
    worksheet_set_column(s->ws, c, c, MIN(MAX(s->width[c], 14.0), 60.0), NULL);
}

/* ---- Impact --------------------------------------------------------------------- */

static void impact_summary(AnXlsxBook *b, const AnImpactReport *r)
{
  AnXlsxSheet s;
  g_autofree char *pre = an_fmt_period(r->pre);
  g_autofree char *post = an_fmt_period(r->post);
  summary_begin(&s, b, "요약", "지원 효과 분석");
  label(&s, "시장");
  an_xlsx_put_text(&s, r->head.market_name);
  an_xlsx_next_row(&s);
  label(&s, an_column_label("engagement"));
  an_xlsx_put_int(&s, r->engagement_id);
  an_xlsx_put_text(&s, r->label);
  an_xlsx_next_row(&s);
  label(&s, an_column_label("start"));
  an_xlsx_put_day(&s, r->start);
  an_xlsx_next_row(&s);
  label(&s, "지원 전 기간");
  an_xlsx_put_text(&s, pre);
  an_xlsx_next_row(&s);
  label(&s, "지원 후 기간");
  an_xlsx_put_text(&s, post);
  an_xlsx_next_row(&s);
  label(&s, an_column_label("effect"));
  an_xlsx_put_ratio(&s, r->effect, TRUE);
  an_xlsx_next_row(&s);
  label(&s, an_column_label("ci_low"));
  an_xlsx_put_ratio(&s, r->ci_low, TRUE);
  an_xlsx_next_row(&s);
  label(&s, an_column_label("ci_high"));
  an_xlsx_put_ratio(&s, r->ci_high, TRUE);
  an_xlsx_next_row(&s);
  label(&s, "효과(원/일, 점포당)");
  if (r->effect.defined)
    an_xlsx_put_won(&s, r->effect_won);
  an_xlsx_next_row(&s);
  label(&s, "지원 전 추세(주당)");
  an_xlsx_put_ratio(&s, r->pre_trend, TRUE);
  an_xlsx_put_text(&s, r->pre_trend_flat ? "평탄" : "평탄하지 않음");
  an_xlsx_next_row(&s);
  label(&s, "지원 점포 전/후(원/일)");
  an_xlsx_put_won(&s, r->treated_pre);
  an_xlsx_put_won(&s, r->treated_post);
  an_xlsx_next_row(&s);
  label(&s, "비교 점포 전/후(원/일)");
  an_xlsx_put_won(&s, r->controls_pre);
  an_xlsx_put_won(&s, r->controls_post);
  an_xlsx_next_row(&s);
  summary_lines(&s, "설명", r->explain);
  summary_lines(&s, "주의", r->warnings);
  summary_end(&s);
}

/* A row a week, both groups; the line chart of the two over the weeks. */
static void impact_weeks(AnXlsxBook *b, const AnImpactReport *r)
{
  static const char *const cols[] = {"week_from", "days", "after_start", "treated_revenue",
                                     "controls_revenue", NULL};
  AnXlsxSheet s;
  guint n = r->weeks->len;
  an_xlsx_sheet_begin(&s, b, "주별 추이", cols);
  for (guint i = 0; i < n; i++, an_xlsx_next_row(&s)) {
    const AnImpactWeek *w = &g_array_index(r->weeks, AnImpactWeek, i);
    an_xlsx_put_day(&s, w->from);
    an_xlsx_put_int(&s, w->days);
    an_xlsx_put_bool(&s, w->from >= r->start);
    an_xlsx_put_won(&s, w->treated);
    an_xlsx_put_won(&s, w->controls);
  }
  an_xlsx_sheet_end(&s);
  if (n == 0)
    return;
  lxw_chart *line = an_xlsx_chart_new(b, LXW_CHART_LINE, "주별 점포당 일평균 매출");
  an_xlsx_series(line, s.sheet, 1, n, 0, 3, "지원 점포");
  an_xlsx_series(line, s.sheet, 1, n, 0, 4, "비교 점포");
  chart_legend_set_position(line, LXW_CHART_LEGEND_BOTTOM);
  chart_axis_set_num_format(line->y_axis, "#,##0");
  chart_axis_set_num_format(line->x_axis, "mm-dd");
  an_xlsx_insert_chart(&s, 1, 6, line);
}

static void impact_matching(AnXlsxBook *b, const AnImpactReport *r)
{
  static const char *const cols[] = {"stall", "name", "main_line", "pre_revenue", "same_line",
                                     "controls", NULL};
  AnXlsxSheet s;
  an_xlsx_sheet_begin(&s, b, "매칭", cols);
  for (guint i = 0; i < r->matches->len; i++, an_xlsx_next_row(&s)) {
    const AnImpactMatch *x = g_ptr_array_index(r->matches, i);
    g_autoptr(GString) controls = g_string_new(NULL);
    for (guint k = 0; k < x->controls->len; k++)
      g_string_append_printf(controls, "%s%s", k ? " " : "", (const char *)x->controls->pdata[k]);
    an_xlsx_put_text(&s, x->code);
    an_xlsx_put_text(&s, x->name);
    an_xlsx_put_text(&s, x->main_line);
    an_xlsx_put_won(&s, x->pre_revenue);
    an_xlsx_put_bool(&s, x->same_line);
    an_xlsx_put_text(&s, controls->str);
  }
  an_xlsx_sheet_end(&s);
}

GBytes *an_impact_xlsx_bytes(const AnImpactReport *r, GError **error)
{
  g_autofree char *title = g_strdup_printf("%s 지원 효과 (%" G_GINT64_FORMAT ")",
                                           r->head.market_name, (gint64)r->engagement_id);
  AnXlsxBook b;
  if (!an_xlsx_book_start(&b, title, error))
    return NULL;
  impact_summary(&b, r);
  impact_weeks(&b, r);
  impact_matching(&b, r);
  return an_xlsx_book_finish(&b, error);
}

/* ---- Onnuri ------------------------------------------------------------------------ */

static void onnuri_summary(AnXlsxBook *b, const AnOnnuriReport *r)
{
  AnXlsxSheet s;
  summary_begin(&s, b, "요약", "온누리상품권 확인 목록");
  label(&s, "시장");
  an_xlsx_put_text(&s, r->head.market_name);
  an_xlsx_next_row(&s);
  label(&s, "분석 기간");
  an_xlsx_put_day(&s, r->head.query.period.from);
  an_xlsx_put_day(&s, r->head.query.period.to);
  an_xlsx_next_row(&s);
  for (guint i = 0; i < r->special->len; i++, an_xlsx_next_row(&s)) {
    label(&s, "특별할인 주간");
    an_xlsx_put_day(&s, g_array_index(r->special, AnPeriod, i).from);
    an_xlsx_put_day(&s, g_array_index(r->special, AnPeriod, i).to);
  }
  label(&s, "살펴볼 점포");
  an_xlsx_put_int(&s, r->flagged);
  an_xlsx_next_row(&s);
  s.row++;
  worksheet_write_string(s.ws, s.row, 0,
                         "이 목록은 결제 유형이 눈에 띄는 점포를 알려 줄 뿐, 부정을 뜻하지 "
                         "않습니다. 온누리 비중이 높은 것만으로는 목록에 오르지 않습니다.",
                         NULL);
  summary_end(&s);
}

static void onnuri_rows(AnXlsxBook *b, const AnOnnuriReport *r)
{
  static const char *const cols[] = {
    "stall", "name", "flagged", "signals", "main_line", "revenue", "receipts", "onnuri",
    "onnuri_share", "peer_share", "paper", "paper_receipts", "round_receipts", "round_amount",
    "round_share", "onnuri_receipts", "usual_ticket", "onnuri_ticket", "ticket_ratio",
    "burst_paper", "burst_rise", "market_rise", "reasons", NULL};
  AnXlsxSheet s;
  an_xlsx_sheet_begin(&s, b, "확인 목록", cols);
  for (guint i = 0; i < r->rows->len; i++, an_xlsx_next_row(&s)) {
    const AnOnnuriRow *x = g_ptr_array_index(r->rows, i);
    g_autoptr(GString) sig = g_string_new(NULL);
    for (guint k = 0; k < AN_ONNURI_SIGNALS; k++)
      if (x->signal[k])
        g_string_append_printf(sig, "%s%s", sig->len ? " " : "", an_onnuri_signal_name(k));
    an_xlsx_put_text(&s, x->code);
    an_xlsx_put_text(&s, x->name);
    an_xlsx_put_bool(&s, x->flagged);
    an_xlsx_put_text(&s, sig->str);
    an_xlsx_put_text(&s, x->main_line);
    an_xlsx_put_won(&s, x->revenue);
    an_xlsx_put_int(&s, x->receipts);
    an_xlsx_put_won(&s, x->onnuri);
    an_xlsx_put_ratio(&s, x->onnuri_share, TRUE);
    an_xlsx_put_ratio(&s, x->peer_share, TRUE);
    an_xlsx_put_won(&s, x->paper);
    an_xlsx_put_int(&s, x->paper_receipts);
    an_xlsx_put_int(&s, x->round_receipts);
    an_xlsx_put_won(&s, x->round_amount);
    an_xlsx_put_ratio(&s, x->round_share, TRUE);
    an_xlsx_put_int(&s, x->onnuri_receipts);
    if (x->usual_ticket_defined)
      an_xlsx_put_won(&s, x->usual_ticket);
    else
      s.col++;
    if (x->onnuri_ticket_defined)
      an_xlsx_put_won(&s, x->onnuri_ticket);
    else
      s.col++;
    an_xlsx_put_ratio(&s, x->ticket_ratio, FALSE);
    an_xlsx_put_won(&s, x->burst_paper);
    an_xlsx_put_ratio(&s, x->burst_rise, FALSE);
    an_xlsx_put_ratio(&s, x->market_rise, FALSE);
    an_xlsx_put_explain(&s, x->reasons);
  }
  an_xlsx_sheet_end(&s);
}

GBytes *an_onnuri_xlsx_bytes(const AnOnnuriReport *r, GError **error)
{
  g_autofree char *title = g_strdup_printf("%s 온누리 확인 목록", r->head.market_name);
  AnXlsxBook b;
  if (!an_xlsx_book_start(&b, title, error))
    return NULL;
  onnuri_summary(&b, r);
  onnuri_rows(&b, r);
  return an_xlsx_book_finish(&b, error);
}
