/*
** analytics-pdf-lsan.c: the sanitizer settings of the tests that write a
** report PDF (test-analytics-pdf, -pdf-fonts, -speed, -stalls, -impact), linked into
** those five only, so that the others keep the sanitizers' defaults.
**
** Two leaks of the system libraries, not ours, accepted under LeakSanitizer:
** pango over fontconfig (Debian 12) keeps font patterns in caches (as in
** test-receipt.c), and cairo 1.16 loses 768 bytes a font inside
** cairo_surface_finish when it subsets an embedded font into a PDF (a
** ten-line program with one pango line shows it).  Matching on the finish
** call keeps our own cairo objects checked: they are made elsewhere.  The
** call is only seen with the slow unwinder (cairo has no frame pointers).
*/

/* Hooks the sanitizer runtime looks up by name; without it, unused. */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

/* The slow unwinder: the leak's stack goes through cairo. */
const char *__asan_default_options(void)
{
  return "fast_unwind_on_malloc=0";
}

/* The two leaks above, by library and by function. */
const char *__lsan_default_suppressions(void)
{
  return "leak:libfontconfig.so\nleak:cairo_surface_finish\n";
}
