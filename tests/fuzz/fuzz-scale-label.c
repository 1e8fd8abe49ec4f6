/*
** fuzz-scale-label.c: libFuzzer target for the scale-label barcodes of
** pos/pos-catalog.c: an in-store EAN-13 (prefix 20-29) read through the
** stall's pattern (P item number, W grams, V won, C check digit).  The
** input is "PATTERN\nCODE".
**
** Properties: a code that decodes is a valid EAN-13; its item number, its
** grams and its price are never negative, and a pattern has weight or
** price, never both.
*/
#include "pos.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup((const char *)data, size);
  char *code = strchr(text, '\n');
  if (code != NULL)
    *code++ = '\0';
  pos_instore_pattern_valid(text, NULL);
  pos_ean_valid(text);
  if (code == NULL)
    return 0;
  PosInstoreCode c;
  if (!pos_instore_decode(text, code, &c, NULL))
    return 0;
  if (!pos_ean_valid(code) || c.plu < 0 || c.grams < 0 || c.price < 0
      || (c.has_weight && c.has_price))
    abort();
  return 0;
}
