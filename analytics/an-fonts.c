/*
** an-fonts.c: the fonts of the report PDF.
**
** Why: cairo embeds a font in a PDF by subsetting it when the PDF is
** finished, and its CFF subsetter first reads the whole CFF table of the
** face: with the system's Noto Sans CJK collection that is about 118 ms for
** each of Regular and Bold in every PDF, more than the rest of a report.
** The build therefore cuts both faces down to the Korean a report holds
** (analytics/CMakeLists.txt, hb-subset) and this file makes pango use them.
**
** Where the cut fonts are looked for, once per process: MPOS_FONT_DIR when
** set (alone: an explicit choice is not second-guessed), else the install
** directory found beside the running program (mb_install_datadir(), so any
** prefix works), else this build's directory (compiled in).  A directory
** counts only when both files are there and fontconfig reads them.  When
** none does, an_fonts_acquire() returns NULL and the PDF uses pango's
** default font map with the system's "Noto Sans CJK KR", as before: the
** same document, only slower.  Nothing is drawn with a wrong font silently.
**
** How pango is made to use them: a private fontconfig configuration, made
** once per process, holding the system's configuration and fonts (as the
** default font map sees them) plus the two cut files, renamed to the family
** AN_REPORT_SUBSET_FAMILY by a scan rule.  The rename matters: under their
** own name "Noto Sans CJK KR" the cut files and the system's full font would
** match a request equally and fontconfig could pick either.  The PDF then
** asks for "AN_REPORT_SUBSET_FAMILY,Noto Sans CJK KR": pango takes each
** character from the first font of that list that has it, so Hangul comes
** from the cut font and a character outside the cut (a Hanja in a stall's
** name, decomposed jamo) from the full system font, then from whatever
** fontconfig would pick by default, exactly as before.  The embedded PDF
** then holds the cut font and, only when such a character occurs, the
** full one as well.
**
** Threads: the hub writes PDFs on several threads, and a pango font map may
** not be used by two threads at once (pango's own default font map is one
** per thread for that reason).  The fontconfig configuration is shared;
** font maps are lent from a small pool, one PDF at a time, and returned, so
** that a warm font map (its fonts already loaded) serves the next PDF
** whatever thread writes it.
*/
#include "an-int.h"
#include "mb-install.h"
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

/* The cut files, written by the build; Regular first. */
static const char *const SUBSET_FILES[] = { "report-sans-kr-regular.otf",
                                            "report-sans-kr-bold.otf" };

/* Idle font maps kept for reuse; more than this many at once are dropped. */
#define POOL_MAX 8

typedef struct {
  FcConfig *config;   /* system fonts + the cut files; NULL: use pango's default */
  char *dir;          /* where the cut files came from; NULL with config */
} ReportFonts;

static GMutex pool_lock;
static GSList *pool;  /* idle PangoFontMap *, the warmest first */

/* Both cut files are in dir (as files: a directory named so would not do). */
static gboolean has_subsets(const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS(SUBSET_FILES); i++) {
    g_autofree char *path = g_build_filename(dir, SUBSET_FILES[i], NULL);
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
      return FALSE;
  }
  return TRUE;
}

/*
** The directory to use, absolute (fontconfig's scan rule below compares
** file names), or NULL.  MPOS_FONT_DIR, when set, is the only candidate:
** a test or an operator who names a directory means that one, and is told
** when it does not hold the fonts.
*/
static char *find_dir(void)
{
  const char *env = g_getenv("MPOS_FONT_DIR");
  const char *datadir = mb_install_datadir();
  g_autofree char *installed = datadir ? g_build_filename(datadir, "fonts", NULL) : NULL;
  const char *const builtin[] = {
    installed ? installed : "",
#ifdef MPOS_FONT_BUILD_DIR
    MPOS_FONT_BUILD_DIR,
#endif
    NULL
  };
  if (env != NULL && *env != '\0') {
    if (has_subsets(env))
      return g_canonicalize_filename(env, NULL);
    g_message("report fonts: MPOS_FONT_DIR=%s holds no %s and %s: the PDF uses the system "
              "fonts (same output, slower)", env, SUBSET_FILES[0], SUBSET_FILES[1]);
    return NULL;
  }
  for (guint i = 0; builtin[i] != NULL; i++)
    if (*builtin[i] != '\0' && has_subsets(builtin[i]))
      return g_canonicalize_filename(builtin[i], NULL);
  g_debug("report fonts: no cut fonts installed or built: the PDF uses the system fonts");
  return NULL;
}

/*
** The scan rule that renames the cut files' family when fontconfig reads
** them, matched on their exact file names so that no other font changes.
*/
static char *rename_rules(char *const paths[], guint n)
{
  GString *xml = g_string_new("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM "
                              "\"urn:fontconfig:fonts.dtd\">\n<fontconfig>\n");
  for (guint i = 0; i < n; i++) {
    g_autofree char *file = g_markup_escape_text(paths[i], -1);
    g_string_append_printf(xml,
                           "<match target=\"scan\"><test name=\"file\"><string>%s</string></test>"
                           "<edit name=\"family\" mode=\"assign_replace\"><string>%s</string>"
                           "</edit></match>\n", file, AN_REPORT_SUBSET_FAMILY);
  }
  g_string_append(xml, "</fontconfig>\n");
  return g_string_free(xml, FALSE);
}

/*
** Checks what pango will get: asking the configuration for the subset
** family at weight w must give the cut file expected, with Hangul in it.
** A rule fontconfig ignored or a font it read differently fails here,
** and the PDF then falls back instead of drawing with a wrong font.
*/
static gboolean resolves_to(FcConfig *config, int weight, const char *expected)
{
  FcPattern *want = FcPatternCreate();
  FcPattern *got;
  FcResult result = FcResultNoMatch;
  FcChar8 *file = NULL;
  FcCharSet *cs = NULL;
  gboolean ok = FALSE;
  FcPatternAddString(want, FC_FAMILY, (const FcChar8 *)AN_REPORT_SUBSET_FAMILY);
  FcPatternAddInteger(want, FC_WEIGHT, weight);
  FcConfigSubstitute(config, want, FcMatchPattern);
  FcDefaultSubstitute(want);
  got = FcFontMatch(config, want, &result);
  if (got != NULL && FcPatternGetString(got, FC_FILE, 0, &file) == FcResultMatch
      && strcmp((const char *)file, expected) == 0
      && FcPatternGetCharSet(got, FC_CHARSET, 0, &cs) == FcResultMatch)
    ok = FcCharSetHasChar(cs, 0xAC00) && FcCharSetHasChar(cs, 0xD7A3);
  if (got != NULL)
    FcPatternDestroy(got);
  FcPatternDestroy(want);
  return ok;
}

/*
** The system configuration and fonts (read from fontconfig's caches, as
** FcInit does), the rename rules, then the cut files.  NULL, with a
** message, when any step fails.
*/
static FcConfig *make_config(const char *dir)
{
  char *paths[G_N_ELEMENTS(SUBSET_FILES)];
  g_autofree char *rules = NULL;
  FcConfig *config = FcInitLoadConfigAndFonts();
  gboolean ok = config != NULL;
  for (guint i = 0; i < G_N_ELEMENTS(SUBSET_FILES); i++)
    paths[i] = g_build_filename(dir, SUBSET_FILES[i], NULL);
  rules = rename_rules(paths, G_N_ELEMENTS(paths));
  ok = ok && FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)rules, FcTrue);
  for (guint i = 0; ok && i < G_N_ELEMENTS(paths); i++)
    ok = FcConfigAppFontAddFile(config, (const FcChar8 *)paths[i]);
  ok = ok && resolves_to(config, FC_WEIGHT_REGULAR, paths[0])
       && resolves_to(config, FC_WEIGHT_BOLD, paths[1]);
  if (!ok) {
    g_message("report fonts: fontconfig does not serve the fonts of %s as %s: the PDF uses the "
              "system fonts (same output, slower)", dir, AN_REPORT_SUBSET_FAMILY);
    if (config != NULL)
      FcConfigDestroy(config);
    config = NULL;
  }
  for (guint i = 0; i < G_N_ELEMENTS(paths); i++)
    g_free(paths[i]);
  return config;
}

/* g_once body: decides once per process which fonts the PDFs use. */
static gpointer load_fonts(gpointer unused)
{
  ReportFonts *f = g_new0(ReportFonts, 1);
  (void)unused;
  f->dir = find_dir();
  if (f->dir != NULL) {
    f->config = make_config(f->dir);
    if (f->config == NULL)
      g_clear_pointer(&f->dir, g_free);
  }
  return f;
}

/* The process's choice; kept for the life of the process (never freed). */
static const ReportFonts *report_fonts(void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, load_fonts, NULL);
}

/* The directory of the cut fonts in use, or NULL when the system's are. */
const char *an_report_font_dir(void)
{
  return report_fonts()->dir;
}

/*
** A font map over the cut fonts for one PDF, taken from the pool or made;
** NULL when there are none (use pango's default).  Give it back with
** an_fonts_release() when the PDF is finished, from any thread.
*/
PangoFontMap *an_fonts_acquire(void)
{
  const ReportFonts *f = report_fonts();
  PangoFontMap *fm = NULL;
  if (f->config == NULL)
    return NULL;
  g_mutex_lock(&pool_lock);
  if (pool != NULL) {
    fm = pool->data;
    pool = g_slist_delete_link(pool, pool);
  }
  g_mutex_unlock(&pool_lock);
  if (fm == NULL) {
    fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (fm == NULL)   /* cairo without FreeType: nothing to put the config in */
      return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), f->config);
  }
  return fm;
}

/* Back to the pool for the next PDF; beyond POOL_MAX idle, dropped. */
void an_fonts_release(PangoFontMap *fm)
{
  if (fm == NULL)
    return;
  g_mutex_lock(&pool_lock);
  if (g_slist_length(pool) < POOL_MAX) {
    pool = g_slist_prepend(pool, fm);
    fm = NULL;
  }
  g_mutex_unlock(&pool_lock);
  if (fm != NULL)
    g_object_unref(fm);
}
