/*
** escpos-decode.c: reads back what the devices module sent a printer.
**
** The tests must prove the bytes would print what was meant -- Hangul as
** Hangul, a cut, a QR, a drawer kick on the right pin, a raster image of
** the right width -- without a printer.  This reader knows exactly the
** commands the project emits (and DLE EOT, which the status requests put
** into the stream); anything else is an error, so a stray byte in a
** receipt fails a test instead of passing unseen.
*/
#include "escpos-decode.h"
#include <gio/gio.h>
#include <string.h>

typedef struct {
  const guint8 *base, *p, *end;
  GString *out;
  GByteArray *line;        /* text of the current line, UTF-8 */
  gboolean hangul;         /* inside FS & ... FS . */
  GIConv from_euckr;
} Reader;

/* n more bytes are there; else the command was cut short. */
static gboolean need(Reader *r, gsize n, GError **error)
{
  if ((gsize)(r->end - r->p) >= n)
    return TRUE;
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "command cut short at the end");
  return FALSE;
}

/* Ends the current text line (LF). */
static void flush_line(Reader *r)
{
  g_string_append(r->out, "text ");
  g_string_append_len(r->out, (const char *)r->line->data, r->line->len);
  g_string_append_c(r->out, '\n');
  g_byte_array_set_size(r->line, 0);
}

/* One EUC-KR pair inside Hangul mode, as UTF-8. */
static gboolean hangul_pair(Reader *r, GError **error)
{
  if (!need(r, 2, error))
    return FALSE;
  gsize n = 0;
  g_autofree char *utf8 = g_convert_with_iconv((const char *)r->p, 2, r->from_euckr, NULL, &n,
                                               error);
  if (utf8 == NULL)
    return FALSE;
  g_byte_array_append(r->line, (const guint8 *)utf8, (guint)n);
  r->p += 2;
  return TRUE;
}

/* GS v 0 m xL xH yL yH data (the '0' is part of the command's name). */
static gboolean raster(Reader *r, GError **error)
{
  if (!need(r, 6, error))
    return FALSE;
  gsize stride = r->p[2] | (gsize)r->p[3] << 8, rows = r->p[4] | (gsize)r->p[5] << 8;
  r->p += 6;
  if (!need(r, stride * rows, error))
    return FALSE;
  guint dots = 0;
  for (gsize i = 0; i < stride * rows; i++)
    dots += (guint)__builtin_popcount(r->p[i]);
  g_string_append_printf(r->out, "raster %" G_GSIZE_FORMAT "x%" G_GSIZE_FORMAT " dots=%u\n",
                         stride * 8, rows, dots);
  r->p += stride * rows;
  return TRUE;
}

/* GS ( k pL pH cn fn ...: the QR functions; store (80) holds the payload. */
static gboolean qr(Reader *r, GString *stored, GError **error)
{
  if (!need(r, 4, error))
    return FALSE;
  gsize len = r->p[0] | (gsize)r->p[1] << 8;
  guint8 cn = r->p[2], fn = r->p[3];
  r->p += 2;
  if (!need(r, len, error))
    return FALSE;
  if (len < 3 || cn != 0x31) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a GS ( k that is not a QR");
    return FALSE;
  }
  if (fn == 0x50)
    g_string_overwrite_len(g_string_truncate(stored, 0), 0, (const char *)r->p + 3,
                           (gssize)len - 3);
  if (fn == 0x51)
    g_string_append_printf(r->out, "qr %s\n", stored->str);
  r->p += len;
  return TRUE;
}

/* Unknown byte: say where. */
static gboolean unknown(Reader *r, const guint8 *start, GError **error)
{
  g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown command 0x%02x 0x%02x at %td",
              start[0], start + 1 < r->end ? start[1] : 0, start - r->base);
  return FALSE;
}

static gboolean step(Reader *r, GString *stored, GError **error)
{
  const guint8 *start = r->p;
  guint8 b = *r->p++;
  if (r->hangul && b >= 0xA1) {
    r->p--;
    return hangul_pair(r, error);
  }
  if (b == 0x0A) {
    flush_line(r);
    return TRUE;
  }
  if (b >= 0x20 && b < 0x7F) {
    g_byte_array_append(r->line, &b, 1);
    return TRUE;
  }
  if (!need(r, 1, error))
    return FALSE;
  guint8 c = *r->p++;
  if (b == 0x1B && c == 0x40) {
    g_string_append(r->out, "init\n");
  } else if (b == 0x1B && c == 0x70) {
    if (!need(r, 3, error))
      return FALSE;
    g_string_append_printf(r->out, "kick pin=%d on=%d off=%d\n", r->p[0] == 1 ? 5 : 2,
                           r->p[1] * 2, r->p[2] * 2);
    r->p += 3;
  } else if (b == 0x1B && (c == 0x61 || c == 0x64)) {
    if (!need(r, 1, error))
      return FALSE;
    g_string_append_printf(r->out, "%s %d\n", c == 0x61 ? "align" : "feed", *r->p++);
  } else if (b == 0x1C && (c == 0x26 || c == 0x2E)) {
    r->hangul = c == 0x26;
  } else if (b == 0x10 && c == 0x04) {
    if (!need(r, 1, error))
      return FALSE;
    g_string_append_printf(r->out, "status %d\n", *r->p++);
  } else if (b == 0x1D && c == 0x56) {
    if (!need(r, 2, error))
      return FALSE;
    r->p += 2;
    g_string_append(r->out, "cut\n");
  } else if (b == 0x1D && c == 0x76) {
    return raster(r, error);
  } else if (b == 0x1D && c == 0x28) {
    if (!need(r, 1, error))
      return FALSE;
    if (*r->p++ != 0x6B)
      return unknown(r, start, error);
    return qr(r, stored, error);
  } else {
    return unknown(r, start, error);
  }
  return TRUE;
}

char *escpos_decode(const guint8 *data, gsize n, GError **error)
{
  Reader r = {.base = data, .p = data, .end = data + n};
  g_autoptr(GString) stored = g_string_new(NULL);
  g_autoptr(GByteArray) line = g_byte_array_new();
  r.out = g_string_new(NULL);
  r.line = line;
  r.from_euckr = g_iconv_open("UTF-8", "EUC-KR");
  g_assert_true(r.from_euckr != (GIConv)-1);
  gboolean ok = TRUE;
  while (ok && r.p < r.end)
    ok = step(&r, stored, error);
  g_iconv_close(r.from_euckr);
  if (!ok) {
    g_string_free(r.out, TRUE);
    return NULL;
  }
  if (line->len > 0)
    flush_line(&r);
  return g_string_free(r.out, FALSE);
}

char *escpos_decode_bytes(GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  const guint8 *data = g_bytes_get_data(bytes, &n);
  char *text = escpos_decode(data, n, &error);
  g_assert_no_error(error);
  return text;
}

guint escpos_count(const char *decoded, const char *prefix)
{
  guint count = 0;
  g_auto(GStrv) lines = g_strsplit(decoded, "\n", -1);
  for (char **l = lines; *l; l++)
    count += g_str_has_prefix(*l, prefix);
  return count;
}
