/*
** test-analytics-pdf-fonts.c: the report PDF's fonts (analytics/an-fonts.c).
**
** The PDF embeds build-time Korean cuts of Noto Sans CJK KR (fast to
** finish), keeps the system's full font behind them for what they lack,
** and uses the system fonts alone when no cut is found.  Which fonts a
** process uses is decided once, at its first PDF, from MPOS_FONT_DIR, so
** each case runs in a child process (g_test_trap_subprocess) with the
** variable the parent set:
**   subset    MPOS_FONT_DIR = the build's cuts: pango resolves Hangul to
**             the cut files, Regular and Bold, and a Hanja to the system's
**             "Noto Sans CJK KR"; a Hangul-only PDF embeds two small font
**             programs (the cuts: no subroutines), the one with the Hanja
**             name the full font as well, and pdftotext reads the Korean,
**             the Hanja and the symbols back;
**   fallback  MPOS_FONT_DIR = an empty directory: no cut is used, and the
**             PDF still embeds Noto Sans CJK KR and reads back the same
**             text in the same order;
**   threads   four threads write PDFs at once through the font-map pool:
**             every PDF has the bytes of one written alone.
** The stall names carry what the cut must hold (㈜, ㎏ in a line name) and
** what it must not (中央, a Hanja name), so both paths are drawn.
*/
#include "an-charts.h"
#include "an-int.h"
#include "analytics-testutil.h"
#include "testutil.h"
#include <glib/gstdio.h>
#include <pango/pangofc-font.h>
#include <string.h>

static const char *const LINES[][2] = {
  { "MEAT", "정육" }, { "VEG", "채소 (㎏)" }, { "FISH", "수산" },
};

static const AtuStall STALLS[] = {
  { "S01", "中央정육", 0, 800000 }, { "S02", "㈜싱싱채소", 1, 300000 },
  { "S03", "바다수산", 2, 500000 }, { "S04", "할매정육", 0, 200000 },
};

/*
** A small market over two weeks, compared with the two weeks before; with
** hanja FALSE the first stall is "중앙정육" (Hangul only) instead.
*/
static AnDataset *market(gboolean hanja)
{
  AnDataset *ds = an_dataset_new();
  guint cash, ref;
  AnDay from = 0;
  g_assert_true(an_day_parse("2024-04-01", &from));
  g_assert_true(an_dataset_add_market(ds, "JUNGANG", "중앙시장", NULL, NULL));
  g_assert_true(an_dataset_add_market(ds, "CITY", "기타 시장", NULL, NULL));
  atu_add_lines(ds, LINES, G_N_ELEMENTS(LINES));
  cash = an_dataset_method(ds, "cash");
  for (guint i = 0; i < G_N_ELEMENTS(STALLS); i++)
    g_assert_true(an_dataset_add_stall(ds, STALLS[i].code,
                                       i == 0 && !hanja ? "중앙정육" : STALLS[i].name, "JUNGANG",
                                       G_GINT64_CONSTANT(1713600000000), NULL, NULL));
  g_assert_true(an_dataset_add_stall(ds, "REF", "합계", "CITY", 0, &ref, NULL));
  for (guint i = 0; i < G_N_ELEMENTS(STALLS); i++) {
    for (int d = -14; d < 14; d++) {
      int64_t rev = STALLS[i].daily + 10000 * ((d * 7 + (int)i * 3) % 11);
      AnLineDay ld = { i, STALLS[i].line, from + d, rev, rev / 20, 30, 30 };
      AnStallDay sd = { i, from + d, 30, rev };
      AnStallTender t = { i, from + d, cash, rev };
      AnStallHour h = { i, from + d, 11, rev, 30 };
      g_assert_true(an_dataset_add_line_day(ds, &ld, NULL));
      g_assert_true(an_dataset_add_stall_day(ds, &sd, NULL));
      g_assert_true(an_dataset_add_stall_tender(ds, &t, NULL));
      g_assert_true(an_dataset_add_stall_hour(ds, &h, NULL));
    }
  }
  for (guint l = 0; l < G_N_ELEMENTS(LINES); l++) {
    AnLineDay now = { ref, l, from, 90000000, 9000000, 5000, 5000 };
    AnLineDay before = { ref, l, from - 14, 85000000, 8500000, 4800, 4800 };
    g_assert_true(an_dataset_add_line_day(ds, &now, NULL));
    g_assert_true(an_dataset_add_line_day(ds, &before, NULL));
  }
  return ds;
}

/* The PDF with all three reports of the market above. */
static GBytes *write_pdf(gboolean hanja)
{
  g_autoptr(AnDataset) ds = market(hanja);
  g_autoptr(GError) e = NULL;
  AnQuery q;
  atu_query(&q, ds, "JUNGANG", "2024-04-01", "2024-04-14", AN_COMPARE_PREVIOUS);
  return atu_report_pdf(ds, &q, NULL);
}

/* Where a child writes its PDF: the parent's temporary directory. */
static void save_pdf(GBytes *pdf, const char *name)
{
  g_autofree char *path = g_build_filename(tu_env("MPOS_TEST_PDF_DIR"), name, NULL);
  g_assert_true(an_write_file(path, g_bytes_get_data(pdf, NULL), g_bytes_get_size(pdf), NULL));
}

/* The build's cuts, or NULL (the test is skipped) in a build without them. */
static char *build_fonts_dir(void)
{
  char *dir;
  if (g_strcmp0(g_getenv("MPOS_REPORT_FONTS"), "OFF") == 0)
    return NULL;
  dir = g_build_filename(tu_env("MPOS_BUILDDIR"), "analytics", "fonts", NULL);
  return dir;
}

/*
** The font pango takes for the first character of text in the report's
** font map: its file and family, as fontconfig describes it.
*/
static void resolve(PangoFontMap *fm, const char *text, gboolean bold, char **file,
                    char **family)
{
  PangoContext *ctx = pango_font_map_create_context(fm);
  PangoLayout *layout = pango_layout_new(ctx);
  PangoFontDescription *fd = pango_font_description_new();
  PangoLayoutLine *line;
  PangoLayoutRun *run;
  FcPattern *pat;
  FcChar8 *s = NULL;
  pango_font_description_set_family(fd, AN_REPORT_FONT_FAMILIES);
  pango_font_description_set_absolute_size(fd, 12 * PANGO_SCALE);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, fd);
  pango_layout_set_text(layout, text, -1);
  line = pango_layout_get_line_readonly(layout, 0);
  g_assert_nonnull(line);
  g_assert_nonnull(line->runs);
  run = line->runs->data;
  pat = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
  g_assert_cmpint(FcPatternGetString(pat, FC_FILE, 0, &s), ==, FcResultMatch);
  *file = g_strdup((const char *)s);
  g_assert_cmpint(FcPatternGetString(pat, FC_FAMILY, 0, &s), ==, FcResultMatch);
  *family = g_strdup((const char *)s);
  pango_font_description_free(fd);
  g_object_unref(layout);
  g_object_unref(ctx);
}

/* Child: with the build's cuts. */
static void child_subset(void)
{
  g_autofree char *dir = NULL, *regular = NULL, *bold = NULL;
  PangoFontMap *fm;
  if (!g_test_subprocess()) {
    g_test_skip("run by /analytics/pdf-fonts/subset");
    return;
  }
  dir = g_canonicalize_filename(g_getenv("MPOS_FONT_DIR"), NULL);
  regular = g_build_filename(dir, "report-sans-kr-regular.otf", NULL);
  bold = g_build_filename(dir, "report-sans-kr-bold.otf", NULL);
  g_assert_cmpstr(an_report_font_dir(), ==, dir);
  fm = an_fonts_acquire();
  g_assert_nonnull(fm);
  {
    /* Hangul and the symbols of the cut come from the cut files ... */
    static const char *const in_cut[] = { "가", "힣", "㈜", "㎏", "₩", "≥", "▲", "·" };
    for (guint i = 0; i < G_N_ELEMENTS(in_cut); i++) {
      for (int b = 0; b < 2; b++) {
        g_autofree char *file = NULL, *family = NULL;
        resolve(fm, in_cut[i], b, &file, &family);
        g_assert_cmpstr(file, ==, b ? bold : regular);
        g_assert_cmpstr(family, ==, AN_REPORT_SUBSET_FAMILY);
      }
    }
  }
  {
    /* ... a Hanja from the system's full Noto Sans CJK KR behind them. */
    g_autofree char *file = NULL, *family = NULL;
    resolve(fm, "中", FALSE, &file, &family);
    g_assert_cmpstr(family, ==, AN_CHART_FONT);
    g_assert_false(g_str_has_prefix(file, dir));
  }
  an_fonts_release(fm);
  {
    g_autoptr(GBytes) pdf = write_pdf(TRUE);
    g_autoptr(GBytes) hangul = write_pdf(FALSE);
    save_pdf(pdf, "subset.pdf");
    save_pdf(hangul, "subset-hangul.pdf");
  }
}

/* Child: MPOS_FONT_DIR names a directory without the cuts. */
static void child_fallback(void)
{
  if (!g_test_subprocess()) {
    g_test_skip("run by /analytics/pdf-fonts/fallback");
    return;
  }
  g_assert_null(an_report_font_dir());
  g_assert_null(an_fonts_acquire());
  {
    g_autoptr(GBytes) pdf = write_pdf(TRUE);
    save_pdf(pdf, "system.pdf");
  }
}

/* The PDF bytes without the creation date (seconds that differ between runs). */
static char *undated(GBytes *pdf, gsize *len)
{
  char *copy = g_memdup2(g_bytes_get_data(pdf, len), g_bytes_get_size(pdf) + 1);
  const char *key = "/CreationDate (D:";
  char *at = NULL;
  copy[*len] = '\0';
  /* A byte search, not strstr: the compressed streams hold NULs. */
  for (gsize i = 0; at == NULL && i + strlen(key) <= *len; i++)
    if (memcmp(copy + i, key, strlen(key)) == 0)
      at = copy + i;
  g_assert_nonnull(at);
  for (char *c = at + strlen(key); c < copy + *len && g_ascii_isdigit(*c); c++)
    *c = '0';
  return copy;
}

/* One thread's share: two PDFs, each through a font map of the pool. */
static gpointer thread_pdfs(gpointer unused)
{
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  (void)unused;
  for (int i = 0; i < 2; i++)
    g_ptr_array_add(out, write_pdf(TRUE));
  return out;
}

/* Child: PDFs written on four threads at once equal one written alone. */
static void child_threads(void)
{
  g_autoptr(GBytes) alone = NULL;
  g_autofree char *want = NULL;
  GThread *threads[4];
  gsize want_len = 0;
  if (!g_test_subprocess()) {
    g_test_skip("run by /analytics/pdf-fonts/threads");
    return;
  }
  g_assert_nonnull(an_report_font_dir());
  alone = write_pdf(TRUE);
  want = undated(alone, &want_len);
  for (guint t = 0; t < G_N_ELEMENTS(threads); t++)
    threads[t] = g_thread_new("pdf", thread_pdfs, NULL);
  for (guint t = 0; t < G_N_ELEMENTS(threads); t++) {
    g_autoptr(GPtrArray) pdfs = g_thread_join(threads[t]);
    for (guint i = 0; i < pdfs->len; i++) {
      gsize len = 0;
      g_autofree char *got = undated(g_ptr_array_index(pdfs, i), &len);
      g_assert_cmpmem(got, len, want, want_len);
    }
  }
}

/* Runs a poppler tool on path; its standard output. */
static char *poppler(const char *prog, const char *opt, const char *path)
{
  g_autofree char *exe = g_find_program_in_path(prog);
  char *argv[6] = { exe, NULL };
  char *out = NULL;
  int i = 1;
  if (exe == NULL)
    g_error("%s is not installed (poppler-utils)", prog);
  if (opt != NULL)
    argv[i++] = (char *)opt;
  argv[i++] = (char *)path;
  if (strcmp(prog, "pdftotext") == 0)
    argv[i++] = (char *)"-";
  argv[i] = NULL;
  g_assert_cmpint(tu_run(argv, &out, NULL), ==, 0);
  return out;
}

/*
** pdffonts' rows naming font (e.g. "NotoSansCJKkr-Regular"); each must be
** embedded, subset and with a ToUnicode map, or pdftotext could not read
** the Korean back and a viewer would need the font installed.
*/
static guint fonts_named(const char *listing, const char *font)
{
  g_auto(GStrv) rows = g_strsplit(listing, "\n", -1);
  guint n = 0;
  for (guint i = 0; rows[i] != NULL; i++) {
    g_auto(GStrv) f = NULL;
    if (strstr(rows[i], font) == NULL)
      continue;
    f = g_strsplit_set(rows[i], " ", -1);
    {
      /* name type... encoding emb sub uni object ID: the three flags come
      ** before the last two columns. */
      g_autoptr(GPtrArray) cols = g_ptr_array_new();
      for (guint k = 0; f[k] != NULL; k++)
        if (*f[k] != '\0')
          g_ptr_array_add(cols, f[k]);
      g_assert_cmpuint(cols->len, >=, 7);
      g_assert_cmpstr(g_ptr_array_index(cols, cols->len - 5), ==, "yes");
      g_assert_cmpstr(g_ptr_array_index(cols, cols->len - 4), ==, "yes");
      g_assert_cmpstr(g_ptr_array_index(cols, cols->len - 3), ==, "yes");
    }
    n++;
  }
  return n;
}

/* Offset of needle in hay[from..len), or len: a PDF is binary (NULs). */
static gsize find(const char *hay, gsize len, gsize from, const char *needle)
{
  gsize n = strlen(needle);
  for (gsize i = from; i + n <= len; i++)
    if (memcmp(hay + i, needle, n) == 0)
      return i;
  return len;
}

/*
** The stored (compressed) sizes of the CFF font programs a PDF embeds, in
** the order of the file: the bytes between "stream" and "endstream" of
** each stream whose dictionary says /Subtype /CIDFontType0C.
*/
static GArray *font_programs(const char *path)
{
  GArray *sizes = g_array_new(FALSE, FALSE, sizeof(gsize));
  g_autofree char *data = NULL;
  gsize len = 0, at = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, NULL));
  while ((at = find(data, len, at, "/Subtype /CIDFontType0C")) < len) {
    gsize start = find(data, len, at, "stream") + strlen("stream");
    gsize end;
    if (start < len && data[start] == '\r')
      start++;
    if (start < len && data[start] == '\n')
      start++;
    end = find(data, len, start, "endstream");
    g_assert_cmpuint(end, <, len);
    g_array_append_val(sizes, (gsize){ end - start });
    at = end;
  }
  return sizes;
}

/* What the PDF must read back as, whatever its fonts. */
static void assert_text(const char *text)
{
  static const char *const want[] = { "중앙시장", "中央정육", "㈜싱싱채소", "바다수산",
                                      "채소 (㎏)", "상품군 경쟁력", "핵심점포", "2024-04-01 ~ 2024-04-14" };
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    if (strstr(text, want[i]) == NULL)
      g_error("the PDF's text lacks \"%s\":\n%s", want[i], text);
}

/* Runs one child test of this program with MPOS_FONT_DIR = font_dir. */
static void run_child(const char *path, const char *font_dir, const char *out_dir)
{
  g_setenv("MPOS_FONT_DIR", font_dir, TRUE);
  g_setenv("MPOS_TEST_PDF_DIR", out_dir, TRUE);
  g_test_trap_subprocess(path, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT
                                  | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed();
  g_unsetenv("MPOS_FONT_DIR");
  g_unsetenv("MPOS_TEST_PDF_DIR");
}

/* The cuts are used, the Hanja falls back, and everything reads back. */
static void test_subset(void)
{
  g_autofree char *fonts = build_fonts_dir();
  g_autofree char *dir = NULL, *pdf = NULL, *hangul = NULL, *listing = NULL, *text = NULL;
  g_autoptr(GArray) programs = NULL;
  if (fonts == NULL) {
    g_test_skip("built with -DMPOS_REPORT_FONTS=OFF");
    return;
  }
  dir = tu_tmpdir();
  run_child("/analytics/pdf-fonts/child/subset", fonts, dir);
  /*
  ** Hangul only: two fonts, and both font programs small.  The cuts have
  ** no subroutines, so the PDF holds just the outlines it draws (about 20
  ** and 12 KB here); a face with subroutines brings nearly all of them
  ** along (about 245 KB for each of these two with cairo 1.16), so this
  ** fails if the Hangul came from the system's collection.
  */
  hangul = g_build_filename(dir, "subset-hangul.pdf", NULL);
  listing = poppler("pdffonts", NULL, hangul);
  g_test_message("%s", listing);
  g_assert_cmpuint(fonts_named(listing, "NotoSansCJKkr-Regular"), ==, 1);
  g_assert_cmpuint(fonts_named(listing, "NotoSansCJKkr-Bold"), ==, 1);
  programs = font_programs(hangul);
  g_assert_cmpuint(programs->len, ==, 2);
  for (guint i = 0; i < programs->len; i++) {
    g_test_message("font program %u: %" G_GSIZE_FORMAT " bytes", i,
                   g_array_index(programs, gsize, i));
    g_assert_cmpuint(g_array_index(programs, gsize, i), <, 64 * 1024);
  }
  g_clear_pointer(&listing, g_free);
  pdf = g_build_filename(dir, "subset.pdf", NULL);
  listing = poppler("pdffonts", NULL, pdf);
  g_test_message("%s", listing);
  /* The Regular cut, and the full font for the one Hanja name; stall names
  ** are bold only in the reasons of flagged stalls and core stores, and
  ** 中央정육 is the top core store: the Bold cut and the full Bold too. */
  g_assert_cmpuint(fonts_named(listing, "NotoSansCJKkr-Regular"), ==, 2);
  g_assert_cmpuint(fonts_named(listing, "NotoSansCJKkr-Bold"), ==, 2);
  text = poppler("pdftotext", "-raw", pdf);
  assert_text(text);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/*
** Text is compared as pdftotext -raw reads it (in drawing order): its
** other modes break a word where the font changes, so with the cuts they
** read the Hanja name as "中央 정육" though it is drawn without a gap (the
** pages look the same), while the system font alone gives "中央정육".
*/
static void test_fallback(void)
{
  g_autofree char *fonts = build_fonts_dir();
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *empty = g_build_filename(dir, "no-fonts", NULL);
  g_autofree char *sys = g_build_filename(dir, "system.pdf", NULL);
  g_autofree char *listing = NULL, *text = NULL;
  g_assert_cmpint(g_mkdir(empty, 0700), ==, 0);
  run_child("/analytics/pdf-fonts/child/fallback", empty, dir);
  listing = poppler("pdffonts", NULL, sys);
  g_test_message("%s", listing);
  /* The system's full font covers everything: one font a weight. */
  g_assert_cmpuint(fonts_named(listing, "NotoSansCJKkr-Regular"), ==, 1);
  g_assert_cmpuint(fonts_named(listing, "NotoSansCJKkr-Bold"), ==, 1);
  text = poppler("pdftotext", "-raw", sys);
  assert_text(text);
  if (fonts != NULL) {
    /* The same document as with the cuts: the same text, page for page. */
    g_autofree char *cut = g_build_filename(dir, "subset.pdf", NULL);
    g_autofree char *cut_text = NULL;
    run_child("/analytics/pdf-fonts/child/subset", fonts, dir);
    cut_text = poppler("pdftotext", "-raw", cut);
    g_assert_cmpstr(text, ==, cut_text);
  }
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* The pool under four threads at once (see child_threads). */
static void test_threads(void)
{
  g_autofree char *fonts = build_fonts_dir();
  g_autofree char *dir = NULL;
  if (fonts == NULL) {
    g_test_skip("built with -DMPOS_REPORT_FONTS=OFF");
    return;
  }
  dir = tu_tmpdir();
  run_child("/analytics/pdf-fonts/child/threads", fonts, dir);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/* The child tests run only inside g_test_trap_subprocess (skipped alone). */
int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/analytics/pdf-fonts/subset", test_subset);
  g_test_add_func("/analytics/pdf-fonts/fallback", test_fallback);
  g_test_add_func("/analytics/pdf-fonts/threads", test_threads);
  g_test_add_func("/analytics/pdf-fonts/child/subset", child_subset);
  g_test_add_func("/analytics/pdf-fonts/child/fallback", child_fallback);
  g_test_add_func("/analytics/pdf-fonts/child/threads", child_threads);
  return g_test_run();
}
