/*
** test-analytics-pdf.c: the consultant's PDF, checked with poppler.
**
** A market of twelve stalls over April 2024 (compared with March), built
** from a fixed seed: eight product lines, sales every open day, hours and
** tenders; one stall never synced and sold nothing, one takes mostly Onnuri
** certificates.  The test writes the PDF with all three reports and asks
** pdfinfo (it opens, A4, the expected pages) and pdftotext (the market name,
** the period, the top line, the Korean headings survive as text).  Set
** MPOS_KEEP_PDF=path to keep a copy for looking at the pages.
*/
#include "an-report.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <string.h>

static const char *const LINES[][2] = {
  { "MEAT", "정육" }, { "VEG", "채소" }, { "FRUIT", "과일" }, { "FISH", "수산" },
  { "BANCHAN", "반찬" }, { "TTEOK", "떡" }, { "GRAIN", "곡물" }, { "HOUSE", "생활용품" },
};

/* Stall, name, main line index, revenue a day (won), open weekdays mask. */
static const AtuStall STALLS[] = {
  { "S01", "한우명가", 0, 900000 }, { "S02", "정육나라", 0, 600000 },
  { "S03", "싱싱채소", 1, 300000 }, { "S04", "초록농산", 1, 250000 },
  { "S05", "달콤과일", 2, 350000 }, { "S06", "바다수산", 3, 500000 },
  { "S07", "엄마반찬", 4, 280000 }, { "S08", "할매반찬", 4, 220000 },
  { "S09", "전통떡집", 5, 400000 }, { "S10", "오곡상회", 6, 150000 },
  { "S11", "생활마트", 7, 120000 }, { "S12", "새가게", 7, 0 },
};

static void add_day(AnDataset *ds, GRand *rng, guint stall, guint line, AnDay d, int64_t base,
                    double trend, guint cash, guint onnuri)
{
  int64_t rev = (int64_t)((double)base * trend * g_rand_double_range(rng, 0.6, 1.4));
  int64_t receipts = MAX(1, rev / g_rand_int_range(rng, 9000, 16000));
  int64_t side = rev / 5;
  AnLineDay ld = { stall, line, d, rev - side, (rev - side) / 20, receipts, receipts };
  AnLineDay ld2 = { stall, (line + 1) % G_N_ELEMENTS(LINES), d, side, side / 10, receipts / 3,
                    receipts / 3 };
  AnStallDay sd = { stall, d, receipts, rev };
  AnStallTender cash_t = { stall, d, cash, rev * 6 / 10 };
  AnStallTender onnuri_t = { stall, d, onnuri, rev - rev * 6 / 10 };
  g_assert_true(an_dataset_add_line_day(ds, &ld, NULL));
  g_assert_true(an_dataset_add_line_day(ds, &ld2, NULL));
  g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
  if (stall == 10) {   /* S11: mostly Onnuri */
    cash_t.amount = rev / 10;
    onnuri_t.amount = rev - rev / 10;
  }
  g_assert_true(an_dataset_add_stall_tender(ds, &cash_t, NULL));
  g_assert_true(an_dataset_add_stall_tender(ds, &onnuri_t, NULL));
  for (int h = 8; h < 20; h++) {
    /* Busy late morning and early evening, more at weekends. */
    int w = an_day_weekday(d);
    double weight = (h >= 10 && h <= 12 ? 2.0 : h >= 16 && h <= 18 ? 1.6 : 0.6)
                    * (w >= 5 ? 1.5 : 1.0);
    AnStallHour hr = { stall, d, h, (int64_t)((double)rev * weight / 14.0), receipts / 12 };
    g_assert_true(an_dataset_add_stall_hour(ds, &hr, NULL));
  }
}

static AnDataset *market(void)
{
  AnDataset *ds = an_dataset_new();
  g_autoptr(GRand) rng = g_rand_new_with_seed(20240401);
  guint cash, onnuri, ref;
  AnDay april = atu_day("2024-04-01"), march = atu_day("2024-03-02");
  g_assert_true(an_dataset_add_market(ds, "JUNGANG", "중앙시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "CITY", "서울 기타 시장", NULL, NULL));
  atu_add_lines(ds, LINES, G_N_ELEMENTS(LINES));
  cash = an_dataset_method(ds, "cash");
  onnuri = an_dataset_method(ds, "onnuri-paper");
  for (guint i = 0; i < G_N_ELEMENTS(STALLS); i++) {
    /* Synced at 21:00 KST on 30 April, except S10 (10 April) and S12 (never). */
    int64_t sync = i == 11 ? -1 : i == 9 ? G_GINT64_CONSTANT(1712750400000)
                                         : G_GINT64_CONSTANT(1714478400000);
    g_assert_true(an_dataset_add_stall(ds, STALLS[i].code, STALLS[i].name, "JUNGANG", sync,
                                       NULL, NULL));
  }
  g_assert_true(an_dataset_add_stall(ds, "REF", "합계", "CITY", 0, &ref, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(STALLS); i++) {
    /* Meat and rice cakes grow, vegetables shrink; closed on Sundays. */
    double grow = STALLS[i].line == 0 || STALLS[i].line == 5 ? 1.25
                  : STALLS[i].line == 1 ? 0.8 : 1.0;
    if (STALLS[i].daily == 0)
      continue;
    for (AnDay d = 0; d < 30; d++) {
      if (an_day_weekday(april + d) != 6)
        add_day(ds, rng, i, STALLS[i].line, april + d, STALLS[i].daily, grow, cash, onnuri);
      if (an_day_weekday(march + d) != 6)
        add_day(ds, rng, i, STALLS[i].line, march + d, STALLS[i].daily, 1.0, cash, onnuri);
    }
  }
  /* The rest of the city, one row per line and period: even shares, 5% growth. */
  for (guint l = 0; l < G_N_ELEMENTS(LINES); l++) {
    AnLineDay now = { ref, l, april, 150000000, 15000000, 10000, 10000 };
    AnLineDay before = { ref, l, march, 142857143, 14285714, 9500, 9500 };
    g_assert_true(an_dataset_add_line_day(ds, &now, NULL));
    g_assert_true(an_dataset_add_line_day(ds, &before, NULL));
  }
  return ds;
}

/* Runs a poppler tool (found on PATH) on path; its stdout. */
static char *run(const char *prog, const char *a, const char *b, const char *c, const char *d,
                 const char *path)
{
  g_autofree char *exe = g_find_program_in_path(prog);
  char *argv[8] = { exe, NULL };
  char *out = NULL, *err = NULL;
  int i = 1;
  if (exe == NULL)
    g_error("%s is not installed (poppler-utils)", prog);
  const char *args[] = { a, b, c, d };
  for (guint k = 0; k < G_N_ELEMENTS(args); k++)
    if (args[k])
      argv[i++] = (char *)args[k];
  argv[i++] = (char *)path;
  if (g_strcmp0(prog, "pdftotext") == 0)
    argv[i++] = (char *)"-";
  argv[i] = NULL;
  g_assert_cmpint(tu_run(argv, &out, &err), ==, 0);
  g_free(err);
  return out;
}

/* The number after "Pages:" in pdfinfo's output. */
static guint pages_of(const char *info)
{
  const char *p = strstr(info, "Pages:");
  g_assert_nonnull(p);
  return (guint)g_ascii_strtoull(p + strlen("Pages:") + strspn(p + strlen("Pages:"), " "),
                                 NULL, 10);
}

static void test_pdf(void)
{
  g_autoptr(AnDataset) ds = market();
  g_autoptr(GError) e = NULL;
  AnQuery q;
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *path = g_build_filename(dir, "report.pdf", NULL);
  atu_query(&q, ds, "JUNGANG", "2024-04-01", "2024-04-30", AN_COMPARE_PREVIOUS);
  {
    g_autoptr(AnLinesReport) lines = NULL;
    g_autoptr(GBytes) pdf = atu_report_pdf(ds, &q, &lines);
    const AnLineRow *top = g_ptr_array_index(lines->rows, 0);
    g_autofree char *info = NULL, *text = NULL, *cover = NULL;
    g_assert_true(an_write_file(path, g_bytes_get_data(pdf, NULL), g_bytes_get_size(pdf), NULL));
    if (g_getenv("MPOS_KEEP_PDF"))
      g_assert_true(an_write_file(g_getenv("MPOS_KEEP_PDF"), g_bytes_get_data(pdf, NULL),
                                  g_bytes_get_size(pdf), NULL));
    info = run("pdfinfo", "-enc", "UTF-8", NULL, NULL, path);
    g_test_message("%s", info);
    g_assert_nonnull(strstr(info, "595.28 x 841.89 pts (A4)"));
    /* 1 cover; 2 summary (a section starts on the page in hand while it is
    ** under half full, else on a new one); 3 lines table; then both charts,
    ** the lines' reasons with their score parts (4-6), the stores table,
    ** chart and the core and fragile stores' reasons (6-7), the stalls
    ** table, trend and heatmap (8), the stalls to check (9). */
    g_assert_cmpuint(pages_of(info), ==, 9);
    /* no nearly empty page: each page after the cover holds at least 300
    ** characters of text (five lines of reasons) */
    for (guint pg = 2; pg <= 9; pg++) {
      char num[8];
      g_autofree char *page = NULL;
      g_snprintf(num, sizeof num, "%u", pg);
      page = run("pdftotext", "-f", num, "-l", num, path);
      g_assert_cmpuint(g_utf8_strlen(page, -1), >=, 300);
    }
    g_assert_nonnull(strstr(info, "중앙시장"));       /* the title metadata */
    text = run("pdftotext", "-enc", "UTF-8", NULL, NULL, path);
    g_assert_nonnull(strstr(text, "중앙시장"));
    g_assert_nonnull(strstr(text, top->name));
    g_assert_nonnull(strstr(text, "요약"));
    g_assert_nonnull(strstr(text, "상품군 경쟁력"));
    g_assert_nonnull(strstr(text, "핵심점포"));
    g_assert_nonnull(strstr(text, "새가게"));        /* the never-synced stall is listed */
    cover = run("pdftotext", "-f", "1", "-l", "1", path);
    g_assert_nonnull(strstr(cover, "중앙시장"));
    g_assert_nonnull(strstr(cover, "2024-04-01 ~ 2024-04-30"));
    g_assert_nonnull(strstr(cover, "기준 시각 2024년 5월 1일 00:00"));  /* a human date */
    g_assert_null(strstr(cover, "T00:00"));                         /* not ISO 8601 */
    /* every scored verdict shows its parts, every row its confidence */
    g_assert_nonnull(strstr(text, "부분 점수(값 × 가중치): 특화(LQ)"));
    g_assert_nonnull(strstr(text, "부분 점수(값 × 가중치): 규모"));
    g_assert_nonnull(strstr(text, "신뢰도"));
  }
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* One report alone makes a shorter PDF; mixing markets is refused. */
static void test_pdf_single_and_mismatch(void)
{
  g_autoptr(AnDataset) ds = market();
  g_autoptr(GError) e = NULL;
  AnQuery q, q2;
  atu_query(&q, ds, "JUNGANG", "2024-04-01", "2024-04-30", AN_COMPARE_NONE);
  atu_query(&q2, ds, "JUNGANG", "2024-04-01", "2024-04-15", AN_COMPARE_NONE);
  {
    g_autoptr(AnLinesReport) lines = an_lines_rank(ds, &q, NULL);
    g_autoptr(AnStallsReport) other = an_stalls_rank(ds, &q2, NULL);
    AnReportSet one = { lines, NULL, NULL }, bad = { lines, NULL, other }, none = { 0 };
    g_autoptr(GBytes) pdf = an_report_pdf_bytes(&one, &e);
    g_assert_no_error(e);
    g_assert_nonnull(pdf);
    g_assert_true(memcmp(g_bytes_get_data(pdf, NULL), "%PDF-", 5) == 0);
    g_assert_null(an_report_pdf_bytes(&bad, &e));
    g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
    g_clear_error(&e);
    g_assert_null(an_report_pdf_bytes(&none, &e));
    g_assert_error(e, AN_ERROR, AN_ERROR_INVALID);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/pdf/full", test_pdf);
  g_test_add_func("/analytics/pdf/single-and-mismatch", test_pdf_single_and_mismatch);
  return g_test_run();
}
