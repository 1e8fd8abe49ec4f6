/*
** fuzz-scale-frames.c: libFuzzer target for the counter scale's frame
** parser (pos/devices/pos-scale.c): the bytes of a serial line, as a CAS
** scale in continuous mode (or noise, or a cable pulled mid-frame) sends
** them.  The first byte picks how the rest is cut into reads (1-16
** bytes), as a serial driver hands over whatever has arrived.
**
** Properties: every reading is a whole frame (18 or 22 bytes) in kg or g;
** an overload carries no weight; "negative" is exactly a weight below
** zero; and the same bytes give the same readings whether they come in
** one piece or in many.
*/
#include "pos-devices.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The readings of data fed step bytes at a time, as one string of grams. */
static GString *read_all(const uint8_t *data, size_t size, size_t step)
{
  g_autoptr(PosScaleParser) p = pos_scale_parser_new();
  GString *seen = g_string_new(NULL);
  for (size_t i = 0; i < size; i += step) {
    PosScaleReading r;
    pos_scale_parser_feed(p, data + i, MIN(step, size - i));
    while (pos_scale_parser_next(p, &r)) {
      if ((r.frame_len != 18 && r.frame_len != 22)
          || (strcmp(r.unit, "kg") != 0 && strcmp(r.unit, "g") != 0)
          || (r.overload && (r.grams != 0 || r.stable)) || r.negative != (r.grams < 0))
        abort();
      g_string_append_printf(seen, "%" G_GINT64_FORMAT "%c%c,", r.grams, r.stable ? 's' : 'u',
                             r.overload ? 'o' : '-');
    }
  }
  return seen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  PosScaleReading one;
  if (size == 0)
    return 0;
  size_t step = 1 + data[0] % 16;
  pos_scale_frame_parse((const char *)data + 1, size - 1, &one);
  g_autoptr(GString) whole = read_all(data + 1, size - 1, size);
  g_autoptr(GString) pieces = read_all(data + 1, size - 1, step);
  if (strcmp(whole->str, pieces->str) != 0)
    abort();
  return 0;
}
