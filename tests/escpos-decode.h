/*
** escpos-decode.h: an ESC/POS reader for the device tests: what a printer
** would have done with a stream, one line per command.
*/
#ifndef ESCPOS_DECODE_H
#define ESCPOS_DECODE_H
#include <glib.h>

/*
** The stream as text, one command a line:
**   init | status N | kick pin=P on=MS off=MS | align N | feed N | cut
**   text LINE            (a line up to LF; Hangul mode's EUC-KR as UTF-8)
**   raster WxH dots=D    (GS v 0: width in dots, rows, burnt dots)
**   qr PAYLOAD           (GS ( k: stored data, printed)
** NULL with *error set (G_IO_ERROR_INVALID_DATA) on a byte no command
** explains, or a command cut short.  Transfer full.
*/
char *escpos_decode(const guint8 *data, gsize n, GError **error);
/* The decoded stream of bytes, asserted to decode.  Transfer full. */
char *escpos_decode_bytes(GBytes *bytes);
/* How many lines of decoded begin with prefix. */
guint escpos_count(const char *decoded, const char *prefix);

#endif
