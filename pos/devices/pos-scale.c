/*
** pos-scale.c: reading CAS-family counter scales in continuous mode.
**
** Such a scale sends a frame several times a second over RS-232 (or a
** USB-serial adapter), whether or not anyone asks.  Two layouts are
** common; both are ASCII and end in CR LF:
**
**   22 bytes: H1 ',' H2 ',' ID LAMP ',' WWWWWWWW ' ' UU CR LF
**   18 bytes: H1 ',' H2 ',' S WWWWWWW UU CR LF
**
** H1 is ST (stable), US (unstable) or OL (overload); H2 is GS (gross) or
** NT (net, a tare subtracted); ID is the scale's device number and LAMP a
** bit field of its display lamps (both ignored); W the weight with its
** decimal point, right-aligned, the 22-byte frame carrying the sign as its
** first byte and the 18-byte one in S; UU the unit, "kg" or " g".
**
** A reader may start in the middle of a frame, a cable may be pulled in
** the middle of one, and line noise adds bytes: the parser never trusts
** position.  It cuts the stream at line ends, looks for the last header
** in a line whose tail is exactly one frame long, and drops anything else
** (counted, for setup screens and tests).  Weights are converted in
** integers, kg with up to three decimals to grams, so no float touches a
** weight that becomes money.
*/
#include "devices-int.h"
#include <string.h>

/* Frame lengths without CR LF. */
#define LONG_FRAME 20
#define SHORT_FRAME 16
/* A line longer than this without a line end cannot hold a frame. */
#define LINE_MAX_BYTES 64
/* Bytes read from the device per wait. */
#define READ_CHUNK 64

struct PosScaleParser {
  GByteArray *buf;
  guint dropped;
};

PosScaleParser *pos_scale_parser_new(void)
{
  PosScaleParser *p = g_new0(PosScaleParser, 1);
  p->buf = g_byte_array_new();
  return p;
}

void pos_scale_parser_free(PosScaleParser *p)
{
  if (p == NULL)
    return;
  g_byte_array_unref(p->buf);
  g_free(p);
}

guint pos_scale_parser_dropped(const PosScaleParser *p)
{
  return p->dropped;
}

/*
** A weight field to grams: blanks, then an optional sign (unless the
** frame gave it apart), digits with at most one '.', nothing else.
** kg may carry up to three decimals; g none that are not zero.
*/
static gboolean parse_weight(const char *w, gsize n, gboolean kg, int64_t *grams,
                             gboolean *negative)
{
  gsize i = 0;
  int64_t whole = 0, frac = 0;
  int decimals = -1, digits = 0;
  while (i < n && w[i] == ' ')
    i++;
  if (i < n && (w[i] == '+' || w[i] == '-')) {
    *negative = *negative || w[i] == '-';
    i++;
  }
  while (i < n && w[i] == ' ')
    i++;
  for (; i < n; i++) {
    if (w[i] == '.' && decimals < 0) {
      decimals = 0;
    } else if (w[i] >= '0' && w[i] <= '9') {
      digits++;
      if (decimals < 0)
        whole = whole * 10 + (w[i] - '0');
      else if (++decimals <= 3)
        frac = frac * 10 + (w[i] - '0');
      else if (w[i] != '0')
        return FALSE;
    } else {
      return FALSE;
    }
  }
  if (digits == 0)
    return FALSE;
  if (kg) {
    for (int d = MAX(decimals, 0); d < 3; d++)
      frac *= 10;
    *grams = whole * 1000 + frac;
  } else {
    if (frac != 0)
      return FALSE;
    *grams = whole;
  }
  if (*negative)
    *grams = -*grams;
  return TRUE;
}

/* The unit field: "kg", or "g" with a blank on either side. */
static gboolean parse_unit(const char *u, PosScaleReading *out)
{
  if (u[0] == 'k' && u[1] == 'g')
    g_strlcpy(out->unit, "kg", sizeof out->unit);
  else if ((u[0] == ' ' && u[1] == 'g') || (u[0] == 'g' && u[1] == ' '))
    g_strlcpy(out->unit, "g", sizeof out->unit);
  else
    return FALSE;
  return TRUE;
}

gboolean pos_scale_frame_parse(const char *f, gsize n, PosScaleReading *out)
{
  PosScaleReading r = {0};
  const char *weight, *unit;
  gsize weight_len;
  gboolean negative = FALSE;

  if ((n != LONG_FRAME && n != SHORT_FRAME) || f[2] != ',' || f[5] != ',')
    return FALSE;
  if (memcmp(f, "ST", 2) == 0)
    r.stable = TRUE;
  else if (memcmp(f, "OL", 2) == 0)
    r.overload = TRUE;
  else if (memcmp(f, "US", 2) != 0)
    return FALSE;
  if (memcmp(f + 3, "NT", 2) == 0)
    r.net = TRUE;
  else if (memcmp(f + 3, "GS", 2) != 0)
    return FALSE;
  if (n == LONG_FRAME) {
    if (f[8] != ',' || f[17] != ' ')
      return FALSE;
    weight = f + 9;
    weight_len = 8;
    unit = f + 18;
  } else {
    if (f[6] != '+' && f[6] != '-' && f[6] != ' ')
      return FALSE;
    negative = f[6] == '-';
    weight = f + 7;
    weight_len = 7;
    unit = f + 14;
  }
  if (!parse_unit(unit, &r))
    return FALSE;
  r.frame_len = (int)n + 2;
  /* An overloaded scale shows dashes or "OL" where the weight goes. */
  if (!r.overload) {
    if (!parse_weight(weight, weight_len, strcmp(r.unit, "kg") == 0, &r.grams, &negative))
      return FALSE;
    r.negative = negative && r.grams != 0;
  }
  *out = r;
  return TRUE;
}

/*
** The last header in the line whose tail is exactly one frame: the bytes
** before it are a cut frame or noise.  Headers are tried from the end, so
** a frame that happens to follow a shorter fragment is still found.
*/
static gboolean parse_line(const char *line, gsize n, PosScaleReading *out)
{
  for (gsize k = n; k-- > 0;) {
    gsize tail = n - k;
    if (tail != LONG_FRAME && tail != SHORT_FRAME)
      continue;
    if (pos_scale_frame_parse(line + k, tail, out))
      return TRUE;
  }
  return FALSE;
}

void pos_scale_parser_feed(PosScaleParser *p, const void *data, gsize n)
{
  g_byte_array_append(p->buf, data, (guint)n);
}

gboolean pos_scale_parser_next(PosScaleParser *p, PosScaleReading *out)
{
  for (;;) {
    /* An empty GByteArray may have no data at all: memchr must not see it. */
    guint8 *nl = p->buf->len > 0 ? memchr(p->buf->data, '\n', p->buf->len) : NULL;
    if (nl == NULL) {
      /* No line end within any frame's length: noise.  Only the tail of
      ** a line can be a frame (it must end at the CR LF), so the last
      ** frame's worth and its CR are kept: a frame right after the noise
      ** is found whether the bytes came in one read or in many (the
      ** fuzzer's property, fuzz-scale-frames.c). */
      if (p->buf->len > LINE_MAX_BYTES) {
        g_byte_array_remove_range(p->buf, 0, p->buf->len - (LONG_FRAME + 1));
        p->dropped++;
      }
      return FALSE;
    }
    gsize line_len = (gsize)(nl - p->buf->data);
    gsize n = line_len > 0 && nl[-1] == '\r' ? line_len - 1 : line_len;
    gboolean ok = parse_line((const char *)p->buf->data, n, out);
    g_byte_array_remove_range(p->buf, 0, (guint)line_len + 1);
    if (ok)
      return TRUE;
    if (n > 0)
      p->dropped++;
  }
}

/*
** Reads until the deadline: see pos-devices.h for what counts as done.
** Overload is final at once (the load must come off); a negative weight
** only once it is stable, as a weight passing zero while the pan is being
** unloaded is not the merchant's answer.
*/
gboolean pos_scale_read(PosDevice *dev, gboolean want_stable, int timeout_ms,
                        PosScaleReading *out, GError **error)
{
  g_autoptr(PosScaleParser) parser = pos_scale_parser_new();
  gint64 deadline = g_get_monotonic_time() + (gint64)MAX(timeout_ms, 0) * 1000;
  gboolean saw_frame = FALSE;
  PosScaleReading r;

  for (;;) {
    while (pos_scale_parser_next(parser, &r)) {
      saw_frame = TRUE;
      if (!want_stable) {
        *out = r;
        return TRUE;
      }
      if (r.overload) {
        g_set_error(error, POS_ERROR, POS_ERROR_SCALE_OVERLOAD,
                    "the scale reports overload: take the load off");
        return FALSE;
      }
      if (r.stable && r.negative) {
        g_set_error(error, POS_ERROR, POS_ERROR_SCALE_NEGATIVE,
                    "the scale shows %lld g: clear the pan or re-zero the tare",
                    (long long)r.grams);
        return FALSE;
      }
      if (r.stable) {
        *out = r;
        return TRUE;
      }
    }
    int left = pos_device_ms_left(deadline);
    if (left == 0)
      break;
    guint8 chunk[READ_CHUNK];
    gsize got = 0;
    if (!pos_device_read(dev, chunk, sizeof chunk, left, &got, error))
      return FALSE;
    pos_scale_parser_feed(parser, chunk, got);
  }
  if (saw_frame)
    g_set_error(error, POS_ERROR, POS_ERROR_SCALE_UNSTABLE,
                "the weight did not settle in %d ms", timeout_ms);
  else
    g_set_error(error, POS_ERROR, POS_ERROR_SCALE_SILENT,
                "no frame from the scale on %s in %d ms (on? the right baud rate?)",
                dev->uri.path, timeout_ms);
  return FALSE;
}
