/*
** pos-escpos.c: the receipt's QR (as a PNG and as a printer raster) and the
** ESC/POS byte stream for thermal receipt printers.
**
** The stream prints the text of pos-receipt.c line for line; the options
** (PosEscposOptions, from the stall's printer settings) choose the paper
** width, drawing every line for a printer without a Korean font, the
** printer's own QR instead of a raster, and the drawer's pin and pulse.  Korean
** printers carry a KS X 1001 font reached through the Hangul (Kanji) mode:
** FS & enters it, FS . leaves it, and inside it each character is two
** EUC-KR bytes printed two columns wide.  KS X 1001 holds only 2,350 of the
** 11,172 Hangul syllables (똠, 햏 and many names are missing) and no emoji,
** so a line that cannot go out as text is drawn instead: pango renders the
** whole line into a 1-bit image sent with GS v 0.  Drawing the whole line,
** not just the missing character, keeps its columns where the text layout
** put them.  The QR is sent as a GS v 0 image as well, because GS ( k (the
** printer's own QR) is missing on many cheap printers and differs between
** makers, while every ESC/POS printer takes a raster.
**
** Command references: Epson ESC/POS Application Programming Guide (ESC @,
** ESC p, ESC d, FS &, FS ., GS v 0, GS V); the Korean FS & usage is the
** one in docs/DOMAIN.md, "Printing, scanning, weighing".
*/
#include "pos-receipt.h"
#include "mb-error.h"
#include "mb-qr.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <unistd.h>

/* Print widths in dots at 203 dpi: 48 mm of 58 mm paper, 72 mm of 80 mm. */
#define NARROW_COLS 32
#define NARROW_PX 384
#define WIDE_COLS 42
#define WIDE_PX 576
/* Bigger modules only waste paper; 32 px keeps a version 40 PNG sane. */
#define QR_PNG_MODULE_MAX 32
/* About 30 mm on paper for a short URL: easy for a phone, fits 58 mm. */
#define QR_PRINT_MODULE_MAX 6
/* Rows per GS v 0 command: far below the 2303 of Epson's guide. */
#define RASTER_BAND_ROWS 256
/* The most a GS ( k store command is given: well inside a version 40 QR. */
#define QR_NATIVE_MAX_BYTES 2000
/* The drawer's rest after a kick, in ESC p units of 2 ms: 500 ms. */
#define DRAWER_REST_UNITS 250
/* Blank lines fed before the cut so the last line clears the cutter. */
#define CUT_FEED_LINES 3
/*
** Monospaced first so that spaces in a drawn line keep the column layout;
** both families come with fonts-noto-cjk.
*/
#define RASTER_FONT "Noto Sans Mono CJK KR, Noto Sans CJK KR"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(cairo_surface_t, cairo_surface_destroy)

/*
** A base error (mb-error.h) carried into POS_ERROR: the message as it is,
** INVALID for an encoding failure and IO for a write.
*/
static void carry_error(GError **error, GError *e)
{
  g_set_error(error, POS_ERROR, e->code == MB_ERROR_IO ? POS_ERROR_IO : POS_ERROR_INVALID, "%s",
              e->message);
}

/*
** The receipt's QR drawn by the shared QR writer (mb-qr.h): black modules
** on white with the standard quiet zone, written as PNG.
*/
gboolean pos_receipt_qr_png(const PosSale *sale, const PosSettings *stall,
                            const char *path, int module_px, GError **error)
{
  g_autoptr(GError) e = NULL;

  if (sale == NULL || path == NULL || module_px < 1 || module_px > QR_PNG_MODULE_MAX) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "QR PNG needs a document, a path and 1..%d px per module (got %d)",
                QR_PNG_MODULE_MAX, module_px);
    return FALSE;
  }
  g_autofree char *payload = pos_receipt_qr_payload(sale, stall);
  g_autoptr(cairo_surface_t) surface = mb_qr_surface(payload, module_px, 0, &e);
  gboolean ok = surface != NULL && mb_qr_write_png(surface, path, &e);
  if (!ok)
    carry_error(error, e);
  return ok;
}

/*
** A 1-bit image in the printer's raster layout: rows of stride bytes, the
** leftmost pixel in the most significant bit, 1 for black (burnt dot).
*/
typedef struct {
  int width_px;
  int height;
  gsize stride; /* ceil(width_px / 8) */
  guint8 *data; /* owned */
} Bits;

/* Allocates an all-white image of width_px x height. */
static void bits_init(Bits *b, int width_px, int height)
{
  b->width_px = width_px;
  b->height = height;
  b->stride = ((gsize)width_px + 7) / 8;
  b->data = g_malloc0(b->stride * (gsize)height);
}

/* Frees the pixels; safe on a zeroed Bits. */
static void bits_clear(Bits *b)
{
  g_clear_pointer(&b->data, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Bits, bits_clear)

/* Burns the dot at (x, y). */
static void bits_set(Bits *b, int x, int y)
{
  b->data[(gsize)y * b->stride + (gsize)x / 8] |= (guint8)(0x80u >> (x % 8));
}

/*
** Appends the image as GS v 0 (normal density) commands, in bands of at
** most RASTER_BAND_ROWS rows so that no single command exceeds the height a
** printer accepts: 1D 76 30 00 xL xH yL yH, then the rows.
*/
static void bits_emit(const Bits *b, GByteArray *out)
{
  for (int y0 = 0; y0 < b->height; y0 += RASTER_BAND_ROWS) {
    int rows = MIN(RASTER_BAND_ROWS, b->height - y0);
    const guint8 head[] = { 0x1D, 0x76, 0x30, 0x00,
                            (guint8)(b->stride & 0xFF), (guint8)(b->stride >> 8),
                            (guint8)(rows & 0xFF), (guint8)(rows >> 8) };
    g_byte_array_append(out, head, sizeof head);
    g_byte_array_append(out, b->data + (gsize)y0 * b->stride, (guint)(b->stride * (gsize)rows));
  }
}

/*
** State of one stream: the bytes so far, the EUC-KR converter (opened once,
** not per character), and pango, set up only when a line first needs to be
** drawn: most receipts never do, and loading fontconfig takes a noticeable
** moment on a slow till.
*/
typedef struct {
  GByteArray *out;
  GIConv to_euckr; /* (GIConv)-1 when the C library has no EUC-KR */
  PangoContext *pango;
  PangoFontDescription *font;
  int width_px;
  int cell_px;     /* dots per text column */
  gboolean raster_text; /* draw every line: a printer without a Korean font */
} Printer;

/* Starts a stream for width columns (already checked to be 32 or 42). */
static void printer_init(Printer *pr, int width)
{
  pr->out = g_byte_array_new();
  pr->to_euckr = g_iconv_open("EUC-KR", "UTF-8");
  pr->pango = NULL;
  pr->font = NULL;
  pr->width_px = width == WIDE_COLS ? WIDE_PX : NARROW_PX;
  pr->cell_px = pr->width_px / width;
}

/* Releases what printer_init() and the drawing set up; safe on a zeroed one. */
static void printer_clear(Printer *pr)
{
  if (pr->to_euckr != NULL && pr->to_euckr != (GIConv)-1)
    g_iconv_close(pr->to_euckr);
  pr->to_euckr = NULL;
  g_clear_pointer(&pr->out, g_byte_array_unref);
  g_clear_object(&pr->pango);
  g_clear_pointer(&pr->font, pango_font_description_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Printer, printer_clear)

/* Appends raw command bytes. */
static void put_bytes(Printer *pr, const guint8 *bytes, guint n)
{
  g_byte_array_append(pr->out, bytes, n);
}

/*
** Encodes a line as printer text into out: ASCII as it is, each run of
** other characters as EUC-KR between FS & and FS . .  Returns FALSE when a
** character cannot be printed that way, and the caller draws the line.
** Besides characters outside KS X 1001, that includes the narrow ones
** inside it ('·', '±'...): the printer prints every double-byte code two
** columns wide, so such a character would shift the rest of the line.
*/
static gboolean encode_text_line(Printer *pr, const char *line, GByteArray *out)
{
  static const guint8 hangul_on[] = { 0x1C, 0x26 }, hangul_off[] = { 0x1C, 0x2E };
  const char *p = line;

  while (*p != '\0') {
    const char *run = p;
    gsize n = 0;
    g_autofree char *euc = NULL;

    if ((guchar)*p < 0x80) {
      g_byte_array_append(out, (const guint8 *)p, 1);
      p++;
      continue;
    }
    while (*p != '\0' && (guchar)*p >= 0x80) {
      if (!g_unichar_iswide(g_utf8_get_char(p)))
        return FALSE;
      p = g_utf8_next_char(p);
    }
    if (pr->to_euckr == (GIConv)-1)
      return FALSE;
    euc = g_convert_with_iconv(run, p - run, pr->to_euckr, NULL, &n, NULL);
    if (euc == NULL)
      return FALSE;
    g_byte_array_append(out, hangul_on, sizeof hangul_on);
    g_byte_array_append(out, (const guint8 *)euc, (guint)n);
    g_byte_array_append(out, hangul_off, sizeof hangul_off);
  }
  return TRUE;
}

/*
** Turns a rendered RGB image into printer dots: a pixel darker than mid
** grey burns.  Pango's grey anti-aliasing then thresholds into glyphs about
** as heavy as the printer's own font.
*/
static void bits_from_surface(Bits *b, cairo_surface_t *surface)
{
  const guint8 *data;
  int stride;

  cairo_surface_flush(surface);
  data = cairo_image_surface_get_data(surface);
  stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < b->height; y++) {
    for (int x = 0; x < b->width_px; x++) {
      guint32 px;
      memcpy(&px, data + (gsize)y * (gsize)stride + 4 * (gsize)x, sizeof px);
      if (((px >> 16) & 0xFF) + ((px >> 8) & 0xFF) + (px & 0xFF) < 3 * 128)
        bits_set(b, x, y);
    }
  }
}

/*
** Draws a line with pango, black on white, across the full print width and
** sends it as a raster.  The font is sized to two columns per em (24 px on
** 58 mm, 26 px on 80 mm), the grid of the printer's 12 x 24 font, so a drawn
** line lines up with the text lines around it.  Text wider than the paper
** (emoji from a fallback font can be) wraps inside the image rather than
** being cut off.  A cairo failure (out of memory, in practice) is an IO
** error: the stream cannot be produced.
*/
static gboolean draw_line(Printer *pr, const char *line, GError **error)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_auto(Bits) bits = { 0 };
  PangoRectangle logical;

  if (pr->pango == NULL) {
    pr->pango = pango_font_map_create_context(pango_cairo_font_map_get_default());
    pr->font = pango_font_description_from_string(RASTER_FONT);
    pango_font_description_set_absolute_size(pr->font, 2.0 * pr->cell_px * PANGO_SCALE);
  }
  layout = pango_layout_new(pr->pango);
  pango_layout_set_font_description(layout, pr->font);
  pango_layout_set_width(layout, pr->width_px * PANGO_SCALE);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(layout, line, -1);
  pango_layout_get_pixel_extents(layout, NULL, &logical);

  bits_init(&bits, pr->width_px, MAX(logical.height, 1));
  surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, bits.width_px, bits.height);
  cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  pango_cairo_show_layout(cr, layout);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, POS_ERROR, POS_ERROR_IO, "cannot draw receipt line: %s",
                cairo_status_to_string(cairo_status(cr)));
    return FALSE;
  }
  bits_from_surface(&bits, surface);
  bits_emit(&bits, pr->out);
  return TRUE;
}

/*
** Prints one line of text, as text when the printer's font has it, else as
** a drawing.  Invalid UTF-8 is replaced and ASCII control bytes become
** spaces first: this entry point takes any caller's text, and a control
** byte sent as is would be a printer command.
*/
static gboolean print_line(Printer *pr, const char *line, GError **error)
{
  static const guint8 lf[] = { 0x0A };
  g_autofree char *clean = g_utf8_make_valid(line, -1);
  g_autoptr(GByteArray) text = g_byte_array_new();

  for (char *p = clean; *p != '\0'; p++) {
    if ((guchar)*p < 0x20 || *p == 0x7F)
      *p = ' ';
  }
  if (pr->raster_text || !encode_text_line(pr, clean, text))
    return draw_line(pr, clean, error);
  put_bytes(pr, text->data, text->len);
  put_bytes(pr, lf, sizeof lf);
  return TRUE;
}

/*
** Prints the QR centred: modules as large as fit, up to
** QR_PRINT_MODULE_MAX dots, with the quiet zone kept white around them.
** The largest symbol (version 40, 185 modules with the margin) still gets
** two dots a module on 58 mm paper, so the scale is never below one.
*/
static gboolean print_qr(Printer *pr, const char *payload, GError **error)
{
  g_autoptr(GError) e = NULL;
  int width = 0;
  g_autofree guint8 *qr = mb_qr_modules(payload, &width, &e);
  g_auto(Bits) bits = { 0 };
  int modules, scale, left;

  if (qr == NULL) {
    carry_error(error, e);
    return FALSE;
  }
  modules = width + 2 * MB_QR_QUIET;
  scale = MIN(pr->width_px / modules, QR_PRINT_MODULE_MAX);
  left = (pr->width_px - modules * scale) / 2 + MB_QR_QUIET * scale;
  bits_init(&bits, pr->width_px, modules * scale);
  for (int y = 0; y < width * scale; y++) {
    for (int x = 0; x < width * scale; x++) {
      if (qr[(y / scale) * width + x / scale])
        bits_set(&bits, left + x, MB_QR_QUIET * scale + y);
    }
  }
  bits_emit(&bits, pr->out);
  return TRUE;
}

/*
** The printer's own QR (GS ( k, function 165 of the ESC/POS reference):
** model 2, module size, error correction M, store the data, print it,
** centred with ESC a 1.  Smaller streams than a raster and sharper
** modules, but not every printer has it: settings choose (printer_qr).
*/
static gboolean print_qr_native(Printer *pr, const char *payload, GError **error)
{
  static const guint8 centre[] = {0x1B, 0x61, 0x01}, left[] = {0x1B, 0x61, 0x00};
  static const guint8 model2[] = {0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00};
  static const guint8 level_m[] = {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31};
  static const guint8 print[] = {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30};
  gsize n = strlen(payload);
  if (n == 0 || n > QR_NATIVE_MAX_BYTES) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "a printer QR holds 1-%d bytes (got %" G_GSIZE_FORMAT ")", QR_NATIVE_MAX_BYTES, n);
    return FALSE;
  }
  const guint8 size[] = {0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43,
                         pr->width_px == WIDE_PX ? QR_PRINT_MODULE_MAX : QR_PRINT_MODULE_MAX - 1};
  const guint8 store[] = {0x1D, 0x28, 0x6B, (guint8)((n + 3) & 0xFF), (guint8)((n + 3) >> 8),
                          0x31, 0x50, 0x30};
  put_bytes(pr, centre, sizeof centre);
  put_bytes(pr, model2, sizeof model2);
  put_bytes(pr, size, sizeof size);
  put_bytes(pr, level_m, sizeof level_m);
  put_bytes(pr, store, sizeof store);
  put_bytes(pr, (const guint8 *)payload, (guint)n);
  put_bytes(pr, print, sizeof print);
  put_bytes(pr, left, sizeof left);
  return TRUE;
}

/*
** ESC p m t1 t2: m 0 fires pin 2 of the drawer connector, 1 pin 5; t1 is
** the pulse and t2 the rest after it, in units of 2 ms.  The rest is at
** least 500 ms (and never shorter than the pulse), which the solenoids of
** common drawers need.
*/
static gboolean kick_bytes(int pin, int pulse_ms, guint8 out[5], GError **error)
{
  if ((pin != 2 && pin != 5) || pulse_ms < 2 || pulse_ms > 510) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "the drawer kick needs pin 2 or 5 and a pulse of 2-510 ms (got pin %d, %d ms)",
                pin, pulse_ms);
    return FALSE;
  }
  out[0] = 0x1B;
  out[1] = 0x70;
  out[2] = pin == 5 ? 1 : 0;
  out[3] = (guint8)(pulse_ms / 2);
  out[4] = (guint8)MAX(out[3], DRAWER_REST_UNITS);
  return TRUE;
}

GBytes *pos_escpos_kick(int pin, int pulse_ms, GError **error)
{
  guint8 kick[5];
  if (!kick_bytes(pin, pulse_ms, kick, error))
    return NULL;
  return g_bytes_new(kick, sizeof kick);
}

void pos_escpos_options_from_settings(const PosSettings *stall, PosEscposOptions *out)
{
  memset(out, 0, sizeof *out);
  out->width = stall != NULL && stall->printer_width_mm == 80 ? WIDE_COLS : NARROW_COLS;
  out->raster_text = stall != NULL && stall->printer_raster;
  out->qr_native = stall != NULL && stall->qr_native;
  out->kick_pin = 0;
  out->kick_pulse_ms = stall != NULL && stall->drawer_pulse_ms > 0 ? stall->drawer_pulse_ms : 50;
}

/*
** ESC @ resets the printer (a previous job may have left Hangul mode or a
** font size on); the drawer kick comes right after it so the drawer opens
** while the receipt prints; after the text and the QR, ESC d feeds the
** last line past the cutter and GS V 66 0 cuts partially, leaving a tab
** so the receipt does not fall to the floor.
*/
GBytes *pos_escpos_render(const char *text, const PosEscposOptions *o, const char *qr_payload,
                          GError **error)
{
  static const guint8 init[] = { 0x1B, 0x40 };
  static const guint8 feed_cut[] = { 0x1B, 0x64, CUT_FEED_LINES, 0x1D, 0x56, 0x42, 0x00 };
  g_auto(Printer) pr = { 0 };
  g_auto(GStrv) lines = NULL;
  guint8 kick[5];
  guint n;

  if (text == NULL || o == NULL || (o->width != NARROW_COLS && o->width != WIDE_COLS)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "ESC/POS needs text and a width of %d or %d columns (got %d)", NARROW_COLS,
                WIDE_COLS, o ? o->width : 0);
    return NULL;
  }
  if (o->kick_pin != 0 && !kick_bytes(o->kick_pin, o->kick_pulse_ms, kick, error))
    return NULL;
  printer_init(&pr, o->width);
  pr.raster_text = o->raster_text;
  put_bytes(&pr, init, sizeof init);
  if (o->kick_pin != 0)
    put_bytes(&pr, kick, sizeof kick);

  lines = g_strsplit(text, "\n", -1);
  n = g_strv_length(lines);
  /* The text ends with '\n': the piece after it is not a line. */
  if (n > 0 && lines[n - 1][0] == '\0')
    n--;
  for (guint i = 0; i < n; i++) {
    if (!print_line(&pr, lines[i], error))
      return NULL;
  }
  if (qr_payload != NULL
      && !(o->qr_native ? print_qr_native(&pr, qr_payload, error)
                        : print_qr(&pr, qr_payload, error)))
    return NULL;
  put_bytes(&pr, feed_cut, sizeof feed_cut);
  return g_byte_array_free_to_bytes(g_steal_pointer(&pr.out));
}

/* The historical defaults: pin 2, a 50 ms pulse, Hangul as text, raster QR. */
GBytes *pos_escpos_from_text(const char *text, int width, const char *qr_payload,
                             gboolean kick_drawer, GError **error)
{
  PosEscposOptions o = {.width = width, .kick_pin = kick_drawer ? 2 : 0, .kick_pulse_ms = 50};
  return pos_escpos_render(text, &o, qr_payload, error);
}

/* The receipt text laid out for the options' width, then its QR. */
GBytes *pos_receipt_escpos_with(const PosSale *sale, const PosSettings *stall,
                                const PosEscposOptions *o, GError **error)
{
  g_autofree char *text = pos_receipt_text(sale, stall, o ? o->width : 0, error);
  g_autofree char *payload = NULL;

  if (text == NULL)
    return NULL;
  payload = pos_receipt_qr_payload(sale, stall);
  return pos_escpos_render(text, o, payload, error);
}

/* The day report, never with a drawer kick whatever the options say. */
GBytes *pos_zreport_escpos_with(const PosZReport *z, const PosSettings *stall,
                                const PosEscposOptions *o, GError **error)
{
  PosEscposOptions no_kick = *o;
  g_autofree char *text = pos_zreport_text(z, stall, o->width, error);

  if (text == NULL)
    return NULL;
  no_kick.kick_pin = 0;
  return pos_escpos_render(text, &no_kick, NULL, error);
}

/*
** The page `stall printer test` and the till's settings print: how Korean
** goes out (the printer's font, or drawn), a Hangul line that shows
** whether the code page is right (garbage here means the printer lacks
** KS X 1001 and wants raster), a column ruler that must end exactly at
** the right edge, the paper width in dots, and a QR in the chosen mode.
*/
GBytes *pos_escpos_test_page(const PosEscposOptions *o, GError **error)
{
  g_autoptr(GString) text = g_string_new(NULL);
  int width = o ? o->width : 0;
  if (width != NARROW_COLS && width != WIDE_COLS)
    return pos_escpos_render("", o, NULL, error);
  g_string_append(text, "Market POS printer test\n");
  g_string_append_printf(text, "paper %d mm: %d columns, %d dots\n",
                         width == WIDE_COLS ? 80 : 58, width,
                         width == WIDE_COLS ? WIDE_PX : NARROW_PX);
  g_string_append_printf(text, "Korean: %s\n",
                         o->raster_text ? "raster (GS v 0)" : "KS X 1001 text (FS &)");
  g_string_append(text, "한글 시험: 행복청과 돼지 앞다리살 1근\n");
  for (int c = 1; c <= width; c++)
    g_string_append_c(text, (char)('0' + c % 10));
  g_string_append_printf(text, "\nQR: %s\n", o->qr_native ? "native (GS ( k)" : "raster");
  return pos_escpos_render(text->str, o, "https://market-pos.example/test", error);
}

/* The receipt text, then its QR; see pos_escpos_from_text(). */
GBytes *pos_receipt_escpos(const PosSale *sale, const PosSettings *stall, int width,
                           gboolean kick_drawer, GError **error)
{
  g_autofree char *text = pos_receipt_text(sale, stall, width, error);
  g_autofree char *payload = NULL;

  if (text == NULL)
    return NULL;
  payload = pos_receipt_qr_payload(sale, stall);
  return pos_escpos_from_text(text, width, payload, kick_drawer, error);
}

/* The day report text; no QR and never a drawer kick. */
GBytes *pos_zreport_escpos(const PosZReport *z, const PosSettings *stall, int width,
                           GError **error)
{
  g_autofree char *text = pos_zreport_text(z, stall, width, error);

  if (text == NULL)
    return NULL;
  return pos_escpos_from_text(text, width, NULL, FALSE, error);
}

/* Fills error with the path and the system's reason for errno e. */
static gboolean io_error(GError **error, const char *what, const char *path, int e)
{
  g_set_error(error, POS_ERROR, POS_ERROR_IO, "cannot %s %s: %s", what, path, g_strerror(e));
  return FALSE;
}

/*
** Writes the stream in a loop, because a printer device (and a pipe) may
** take fewer bytes than asked, and retries a write interrupted by a signal.
** O_TRUNC empties a file left by an earlier job and does nothing to a
** character device.  close() is checked too: on some file systems it is
** where a failed write is first reported.
*/
gboolean pos_escpos_write(GBytes *bytes, const char *path, GError **error)
{
  const guint8 *data;
  gsize size, done = 0;
  int fd;

  if (bytes == NULL || path == NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "ESC/POS write needs bytes and a path");
    return FALSE;
  }
  data = g_bytes_get_data(bytes, &size);
  fd = g_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return io_error(error, "open", path, errno);
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      /* A device that accepts nothing would otherwise loop for ever. */
      int e = n < 0 ? errno : EIO;
      close(fd);
      return io_error(error, "write", path, e);
    }
    done += (gsize)n;
  }
  if (close(fd) != 0)
    return io_error(error, "close", path, errno);
  return TRUE;
}
