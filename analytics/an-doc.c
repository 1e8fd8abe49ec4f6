/*
** an-doc.c: the JSON members and the paragraph flow of an-doc-int.h, one
** copy for the impact and the Onnuri writers.
*/
#include "an-doc-int.h"
#include "an-charts.h"
#include <cairo-pdf.h>
#include <math.h>

void an_json_int(cJSON *obj, const char *key, int64_t v)
{
  char buf[32];
  g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64)v);
  cJSON_AddItemToObject(obj, key, cJSON_CreateRaw(buf));
}

/* Never NaN or Infinity, which are not JSON: null instead. */
void an_json_ratio(cJSON *obj, const char *key, AnRatio r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!r.defined || !isfinite(r.value)) {
    cJSON_AddNullToObject(obj, key);
    return;
  }
  g_ascii_formatd(buf, sizeof buf, "%.10g", r.value == 0 ? 0.0 : r.value);
  cJSON_AddItemToObject(obj, key, cJSON_CreateRaw(buf));
}

void an_json_day(cJSON *obj, const char *key, AnDay d)
{
  char buf[AN_DAY_ISO_LEN];
  an_day_format(d, buf);
  cJSON_AddStringToObject(obj, key, buf);
}

cJSON *an_json_strings(const GPtrArray *a)
{
  cJSON *arr = cJSON_CreateArray();
  for (guint i = 0; a != NULL && i < a->len; i++)
    cJSON_AddItemToArray(arr, cJSON_CreateString(g_ptr_array_index(a, i)));
  return arr;
}

cJSON *an_json_period(AnPeriod p)
{
  cJSON *o = cJSON_CreateObject();
  an_json_day(o, "from", p.from);
  an_json_day(o, "to", p.to);
  an_json_int(o, "days", an_period_days(p));
  return o;
}

/* cJSON's buffer goes back to cJSON; the caller gets a GLib string. */
char *an_json_finish(cJSON *obj)
{
  char *text = cJSON_PrintUnformatted(obj);
  cJSON_Delete(obj);
  char *out = g_strdup(text);
  cJSON_free(text);
  return out;
}

/* ---- The flow ------------------------------------------------------------------ */

static const double MUTED[3] = {0.42, 0.44, 0.48};

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void footer(AnDocFlow *d)
{
  g_autofree char *text = g_strdup_printf("%s · %u쪽", d->footer, d->page);
  cairo_set_source_rgb(d->cr, MUTED[0], MUTED[1], MUTED[2]);
  an_chart_text(d->cr, AN_DOC_MARGIN, AN_DOC_PAGE_H - AN_DOC_MARGIN + 8, AN_DOC_CONTENT_W, text,
                8, FALSE, AN_ALIGN_RIGHT, FALSE);
}

/* Text is laid out with the report fonts' cuts when found (an-fonts.c). */
void an_doc_begin(AnDocFlow *d, const char *title, const char *footer_text)
{
  memset(d, 0, sizeof *d);
  d->fonts = an_fonts_acquire();
  d->buf = g_byte_array_new();
  d->surface = cairo_pdf_surface_create_for_stream(append, d->buf, AN_DOC_PAGE_W, AN_DOC_PAGE_H);
  cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR,
                                 "Market POS market-report");
  d->cr = cairo_create(d->surface);
  if (d->fonts != NULL) {
    PangoContext *ctx = pango_font_map_create_context(d->fonts);
    an_text_use_context(d->cr, ctx);
    g_object_unref(ctx);
  }
  d->footer = g_strdup(footer_text);
}

void an_doc_need(AnDocFlow *d, double height)
{
  if (d->page > 0 && d->y + height <= AN_DOC_BOTTOM)
    return;
  if (d->page > 0) {
    footer(d);
    cairo_show_page(d->cr);
  }
  d->page++;
  d->y = AN_DOC_MARGIN;
}

void an_doc_para(AnDocFlow *d, const char *text, double size, gboolean bold,
                 const double rgb[3], double indent)
{
  double h;
  PangoLayout *l = an_text_wrapped(d->cr, AN_DOC_CONTENT_W - indent, text, size, bold, &h);
  an_doc_need(d, h + 4);
  cairo_set_source_rgb(d->cr, rgb[0], rgb[1], rgb[2]);
  an_text_show(d->cr, l, AN_DOC_MARGIN + indent, d->y);
  g_object_unref(l);
  d->y += h + 4;
}

/* Only a complete PDF is returned. */
GBytes *an_doc_finish(AnDocFlow *d, GError **error)
{
  an_doc_need(d, 0);   /* a document with nothing drawn still has its page */
  footer(d);
  cairo_show_page(d->cr);
  cairo_destroy(d->cr);
  cairo_surface_finish(d->surface);
  cairo_status_t status = cairo_surface_status(d->surface);
  cairo_surface_destroy(d->surface);
  an_fonts_release(d->fonts);
  g_free(d->footer);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_byte_array_unref(d->buf);
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "PDF: %s", cairo_status_to_string(status));
    return NULL;
  }
  return g_byte_array_free_to_bytes(d->buf);
}
