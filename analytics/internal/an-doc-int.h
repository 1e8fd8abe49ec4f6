/*
** an-doc-int.h: what the impact and Onnuri writers share (an-doc.c): JSON
** members in the reports' number style, and a simple A4 flow of wrapped
** paragraphs for their PDFs.  Private to analytics.
**
** The flow keeps the consultant report's page (an-report-pdf.c: A4, the
** same margins, fonts through an_fonts_acquire, a footer on every page)
** but lays out only paragraphs top to bottom: the two reports are text
** with one chart, so a page breaks where the next block would cross the
** bottom margin and no page is left nearly empty.
*/
#ifndef AN_DOC_INT_H
#define AN_DOC_INT_H

#include "an-int.h"

G_BEGIN_DECLS

/* Exact integers (raw: no double rounding), ratios ten significant digits or
** null, days ISO, arrays of strings. */
void an_json_int(cJSON *obj, const char *key, int64_t v);
void an_json_ratio(cJSON *obj, const char *key, AnRatio r);
void an_json_day(cJSON *obj, const char *key, AnDay d);
cJSON *an_json_strings(const GPtrArray *a);
/* {from, to, days}. */
cJSON *an_json_period(AnPeriod p);
/* The object as text; it is deleted.  Transfer full (g_free). */
char *an_json_finish(cJSON *obj);

#define AN_DOC_PAGE_W 595.28
#define AN_DOC_PAGE_H 841.89
#define AN_DOC_MARGIN 46.0
#define AN_DOC_CONTENT_W (AN_DOC_PAGE_W - 2 * AN_DOC_MARGIN)
#define AN_DOC_BOTTOM (AN_DOC_PAGE_H - AN_DOC_MARGIN - 14)

typedef struct {
  cairo_t *cr;
  guint page;                 /* pages begun */
  double y;                   /* where the next block goes */
  /* private */
  cairo_surface_t *surface;
  GByteArray *buf;
  PangoFontMap *fonts;
  char *footer;               /* "... · N쪽" is appended */
} AnDocFlow;

/* Starts a PDF with its title (metadata) and the footer's text. */
void an_doc_begin(AnDocFlow *d, const char *title, const char *footer);
/* Makes room for a block of height: a new page when it would not fit. */
void an_doc_need(AnDocFlow *d, double height);
/* A wrapped paragraph in colour rgb, indented; d->y moves below it. */
void an_doc_para(AnDocFlow *d, const char *text, double size, gboolean bold,
                 const double rgb[3], double indent);
/* Ends the last page and the document.  Transfer full; IO on failure. */
GBytes *an_doc_finish(AnDocFlow *d, GError **error);

G_END_DECLS
#endif
