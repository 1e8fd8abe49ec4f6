/*
** test-analytics-xlsx.c: the Excel workbook and the Korean CSV headings
** (docs/ANALYTICS.md, "Outputs").
**
** A market of three stalls against the rest of the city, April 2024
** against March (the planted market of test-analytics-verdicts.c, with a
** synced stall so that a sync time is written).  The workbook of all three
** reports is unzipped (unzip -p) and read back: its sheets by name, the
** Korean headings, the number formats (won with separators, percentages,
** dates), the frozen heading row, each line's revenue and share against the
** JSON of the same report (share as the same fraction, shown as a
** percentage), the daily sheet's real dates and the charts the PDF has.
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "xlsx-testutil.h"
#include "testutil.h"
#include <cjson/cJSON.h>
#include <string.h>

#define NOW "2024-04-01"
#define BEFORE "2024-03-15"

static AnDataset *city(void)
{
  AnDataset *ds = an_dataset_new();
  static const struct {
    const char *stall, *name, *line;
    int64_t before, now, ref_before, ref_now;
  } plant[] = {
    { "S1", "특화가게", "SPEC", 3000000, 3000000, 1300000, 2000000 },
    { "S2", "버팀가게", "HOLD", 2500000, 3000000, 1700000, 2000000 },
    { "S3", "보통가게", "OTHER", 4000000, 4000000, 30000000, 30000000 },
  };
  AnDay apr = atu_day(NOW);
  g_assert_true(an_dataset_add_market(ds, "M1", "엑셀시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "M2", "이웃시장", NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "REF", NULL, "M2", 0, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(plant); i++) {
    g_assert_true(an_dataset_add_line(ds, plant[i].line, NULL, NULL, NULL, NULL));
    /* S1 synced on 2024-04-30 at 18:30 Seoul (09:30 UTC) */
    g_assert_true(an_dataset_add_stall(ds, plant[i].stall, plant[i].name, "M1",
                                       i == 0 ? G_GINT64_CONSTANT(1714469400000) : -1, NULL,
                                       NULL));
    atu_line_day(ds, plant[i].stall, plant[i].line, BEFORE, plant[i].before);
    atu_line_day(ds, plant[i].stall, plant[i].line, NOW, plant[i].now);
    atu_line_day(ds, "REF", plant[i].line, BEFORE, plant[i].ref_before);
    atu_line_day(ds, "REF", plant[i].line, NOW, plant[i].ref_now);
    for (AnDay d = 0; d < 30; d++)
      atu_stall_day(ds, plant[i].stall, apr + d, plant[i].now / 30, 10);
    atu_stall_day(ds, plant[i].stall, atu_day(BEFORE), plant[i].before, 300);
  }
  return ds;
}

static void test_workbook(void)
{
  g_autoptr(AnDataset) ds = city();
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "report.xlsx", NULL);
  AnQuery q;
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, NULL);
    g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, lines, NULL);
    g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, &q, NULL);
    AnReportSet set = { lines, stores, stalls };
    g_autoptr(GError) e = NULL;
    g_autoptr(GBytes) xlsx = an_report_xlsx_bytes(&set, &e);
    g_autofree char *json = an_lines_to_json(lines);
    g_autofree char *book = NULL, *strings = NULL, *styles = NULL, *sheet = NULL;
    g_autofree char *daily = NULL, *stall_sheet = NULL, *chart = NULL;
    cJSON *doc = cJSON_Parse(json), *rows = cJSON_GetObjectItem(doc, "rows");
    static const char *const sheets[] = { "요약", "상품군", "핵심점포", "점포 성과", "일별 매출",
                                          "요일×시간" };
    static const char *const headings[] = { "매출(원)", "점유율", "성장률", "신뢰도", "판정",
                                            "영업일", "마지막 동기화", "날짜" };
    const char *at;
    g_assert_no_error(e);
    g_assert_true(an_write_file(path, g_bytes_get_data(xlsx, NULL), g_bytes_get_size(xlsx), NULL));
    book = xu_member(path, "xl/workbook.xml");
    at = book;
    for (guint i = 0; i < G_N_ELEMENTS(sheets); i++) {   /* every sheet, in order */
      g_autofree char *key = g_strdup_printf("<sheet name=\"%s\"", sheets[i]);
      at = strstr(at, key);
      g_assert_nonnull(at);
    }
    strings = xu_member(path, "xl/sharedStrings.xml");
    for (guint i = 0; i < G_N_ELEMENTS(headings); i++)
      g_assert_nonnull(strstr(strings, headings[i]));
    g_assert_null(strstr(strings, ">prev_revenue<"));      /* no English headings */
    styles = xu_member(path, "xl/styles.xml");
    sheet = xu_member(path, "xl/worksheets/sheet2.xml");
    g_assert_nonnull(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));   /* frozen */
    g_assert_nonnull(strstr(sheet, "<autoFilter"));
    g_assert_nonnull(strstr(sheet, "customWidth=\"1\""));
    g_assert_cmpint(cJSON_GetArraySize(rows), ==, 3);
    for (int i = 0; i < cJSON_GetArraySize(rows); i++) {
      cJSON *row = cJSON_GetArrayItem(rows, i);
      char ref[8];
      guint style;
      g_autofree char *rev = NULL, *share = NULL, *rev_fmt = NULL, *share_fmt = NULL;
      g_snprintf(ref, sizeof ref, "D%d", i + 2);          /* 매출(원) */
      xu_cell_of(sheet, ref, &style, &rev);
      g_assert_cmpfloat(g_ascii_strtod(rev, NULL), ==,
                        cJSON_GetObjectItem(row, "revenue")->valuedouble);
      rev_fmt = xu_format_of(styles, style);
      g_assert_cmpstr(rev_fmt, ==, "#,##0");
      g_snprintf(ref, sizeof ref, "F%d", i + 2);          /* 점유율 */
      xu_cell_of(sheet, ref, &style, &share);
      g_assert_cmpfloat_with_epsilon(g_ascii_strtod(share, NULL),
                                     cJSON_GetObjectItem(row, "share")->valuedouble, 1e-12);
      share_fmt = xu_format_of(styles, style);
      g_assert_cmpstr(share_fmt, ==, "0.0%");
    }
    {
      guint style;
      g_autofree char *day = NULL, *day_fmt = NULL, *sync = NULL, *sync_fmt = NULL;
      daily = xu_member(path, "xl/worksheets/sheet5.xml");
      xu_cell_of(daily, "A2", &style, &day);
      g_assert_cmpstr(day, ==, "45383");                  /* 2024-04-01 as an Excel date */
      day_fmt = xu_format_of(styles, style);
      g_assert_cmpstr(day_fmt, ==, "yyyy-mm-dd");
      stall_sheet = xu_member(path, "xl/worksheets/sheet4.xml");
      g_assert_nonnull(strstr(strings, "특화가게"));
      /* the synced stall's last sync: 2024-04-30 18:30 Seoul = 45412.7708... */
      for (int r = 2; r <= 4 && sync == NULL; r++) {  /* only S1 has a sync cell */
        g_autofree char *key = g_strdup_printf("<c r=\"M%d\"", r);
        char ref[8];
        g_snprintf(ref, sizeof ref, "M%d", r);
        if (strstr(stall_sheet, key) != NULL)
          xu_cell_of(stall_sheet, ref, &style, &sync);
      }
      g_assert_nonnull(sync);
      g_assert_cmpfloat_with_epsilon(g_ascii_strtod(sync, NULL), 45412 + 18.5 / 24, 1e-6);
      sync_fmt = xu_format_of(styles, style);
      g_assert_cmpstr(sync_fmt, ==, "yyyy-mm-dd hh:mm");
    }
    /* the PDF's charts: share bars and growth x LQ, top stores, the daily trend */
    chart = xu_member(path, "xl/charts/chart1.xml");
    g_assert_nonnull(strstr(chart, "<c:barChart>"));
    g_clear_pointer(&chart, g_free);
    chart = xu_member(path, "xl/charts/chart2.xml");
    g_assert_nonnull(strstr(chart, "<c:scatterChart>"));
    g_clear_pointer(&chart, g_free);
    chart = xu_member(path, "xl/charts/chart4.xml");
    g_assert_nonnull(strstr(chart, "<c:lineChart>"));
    g_assert_nonnull(strstr(chart, "일별 매출"));
    cJSON_Delete(doc);
  }
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* No report, no workbook: a clear INVALID, nothing written. */
static void test_empty_set(void)
{
  AnReportSet none = { 0 };
  g_autoptr(GError) e = NULL;
  g_assert_null(an_report_xlsx_bytes(&none, &e));
  g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
}

/* Korean headings: every column has its own, none falls back to the name. */
static void test_csv_korean(void)
{
  g_autoptr(AnDataset) ds = city();
  AnQuery q;
  atu_query(&q, ds, "M1", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, NULL);
    g_autoptr(AnStoresReport) stores = an_stores_rank(ds, &q, lines, NULL);
    g_autoptr(AnStallsReport) stalls = an_stalls_rank(ds, &q, NULL);
    char *csv[6] = {
      an_lines_to_csv(lines, AN_HEADER_NAMES, NULL), an_lines_to_csv(lines, AN_HEADER_KOREAN, NULL),
      an_stores_to_csv(stores, AN_HEADER_NAMES, NULL),
      an_stores_to_csv(stores, AN_HEADER_KOREAN, NULL),
      an_stalls_to_csv(stalls, AN_HEADER_NAMES, NULL),
      an_stalls_to_csv(stalls, AN_HEADER_KOREAN, NULL),
    };
    g_assert_true(g_str_has_prefix(csv[1], "\xEF\xBB\xBF" "시장,시작일,종료일,순위,상품군 코드,"
                                   "이름,매출(원),"));
    for (guint k = 0; k < 6; k += 2) {
      g_auto(GStrv) names = NULL, labels = NULL;
      char *eol_n = strstr(csv[k], "\r\n"), *eol_k = strstr(csv[k + 1], "\r\n");
      g_autofree char *head_n = g_strndup(csv[k] + 3, (gsize)(eol_n - csv[k] - 3));
      g_autofree char *head_k = g_strndup(csv[k + 1] + 3, (gsize)(eol_k - csv[k + 1] - 3));
      names = g_strsplit(head_n, ",", -1);
      labels = g_strsplit(head_k, ",", -1);
      g_assert_cmpuint(g_strv_length(names), ==, g_strv_length(labels));
      for (guint i = 0; names[i] != NULL; i++) {
        g_assert_cmpstr(names[i], !=, labels[i]);
        g_assert_cmpstr(an_column_label(names[i]), ==, labels[i]);
      }
      /* the rows are the same bytes */
      g_assert_cmpstr(eol_n, ==, eol_k);
    }
    for (guint k = 0; k < 6; k++)
      g_free(csv[k]);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/xlsx/workbook", test_workbook);
  g_test_add_func("/analytics/xlsx/empty-set", test_empty_set);
  g_test_add_func("/analytics/xlsx/csv-korean", test_csv_korean);
  return g_test_run();
}
