/*
** pos-printer.c: a receipt printer's real-time status and one print job.
**
** ESC/POS printers answer DLE EOT n (10 04 n) at once, even in the middle
** of a job, with one byte whose bits 0, 1, 4 and 7 are fixed at 0, 1, 1, 0,
** which tells an answer from stray bytes.  n = 1 is the printer (offline,
** the drawer switch), n = 2 why it is offline (cover open, paper end, an
** error), n = 4 the paper sensors (near end, end).  Asking before the job
** keeps a receipt from being sent to a printer that cannot print it;
** asking after catches the paper that ran out during the job, so the
** caller keeps it queued.  A printer that never answers (many USB ones
** with their status off, a CUPS queue, a file) prints blind: known FALSE.
**
** Reference: Epson ESC/POS command reference, "DLE EOT".
*/
#include "devices-int.h"

/* The fixed bits of every status byte. */
#define STATUS_FIXED_MASK 0x93
#define STATUS_FIXED_BITS 0x12
/* How long a printer may take to answer one status request. */
#define STATUS_ANSWER_MS 500

gboolean pos_printer_status_parse(int n, guint8 byte, PosPrinterStatus *st)
{
  if ((byte & STATUS_FIXED_MASK) != STATUS_FIXED_BITS)
    return FALSE;
  st->known = TRUE;
  switch (n) {
  case 1:
    st->drawer_open = (byte & 0x04) != 0;
    st->offline = (byte & 0x08) != 0;
    return TRUE;
  case 2:
    st->cover_open = (byte & 0x04) != 0;
    st->paper_out = st->paper_out || (byte & 0x20) != 0;
    st->error = (byte & 0x40) != 0;
    return TRUE;
  case 4:
    st->near_end = (byte & 0x0C) != 0;
    st->paper_out = st->paper_out || (byte & 0x60) != 0;
    return TRUE;
  default:
    return FALSE;
  }
}

/*
** Bytes already waiting (an answer that came late, an automatic status
** the printer sends on its own) would be read as the next answer: read
** them away first, without waiting.
*/
static gboolean drain_input(PosDevice *dev, GError **error)
{
  guint8 junk[64];
  gsize got = 0;
  do {
    if (!pos_device_read(dev, junk, sizeof junk, 0, &got, error))
      return FALSE;
  } while (got > 0);
  return TRUE;
}

/* One request; *answered FALSE when no status byte came in time. */
static gboolean ask(PosDevice *dev, int n, int timeout_ms, PosPrinterStatus *st,
                    gboolean *answered, GError **error)
{
  const guint8 request[] = {0x10, 0x04, (guint8)n};
  gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  *answered = FALSE;
  if (!drain_input(dev, error) || !pos_device_write(dev, request, sizeof request, error))
    return FALSE;
  while (!*answered) {
    guint8 byte;
    gsize got = 0;
    int left = pos_device_ms_left(deadline);
    if (left == 0)
      return TRUE;
    if (!pos_device_read(dev, &byte, 1, left, &got, error))
      return FALSE;
    if (got == 0)
      return TRUE;
    *answered = pos_printer_status_parse(n, byte, st);
  }
  return TRUE;
}

gboolean pos_printer_status_query(PosDevice *dev, int timeout_ms, PosPrinterStatus *st,
                                  GError **error)
{
  static const int requests[] = {1, 2, 4};
  int wait = timeout_ms > 0 ? MIN(timeout_ms, STATUS_ANSWER_MS) : STATUS_ANSWER_MS;
  memset(st, 0, sizeof *st);
  if (!pos_device_uri_has_status(&dev->uri))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(requests); i++) {
    gboolean answered = FALSE;
    if (!ask(dev, requests[i], wait, st, &answered, error))
      return FALSE;
    /* Silent to the first question: a printer with its status off. */
    if (!answered && i == 0)
      return TRUE;
  }
  return TRUE;
}

gboolean pos_printer_status_check(const PosPrinterStatus *st, GError **error)
{
  if (!st->known)
    return TRUE;
  if (st->paper_out)
    g_set_error(error, POS_ERROR, POS_ERROR_PAPER_OUT, "the printer is out of paper");
  else if (st->cover_open)
    g_set_error(error, POS_ERROR, POS_ERROR_COVER_OPEN, "the printer's cover is open");
  else if (st->offline || st->error)
    g_set_error(error, POS_ERROR, POS_ERROR_PRINTER_OFFLINE,
                st->error ? "the printer reports an error (cutter jam or overheating)"
                          : "the printer is offline");
  else
    return TRUE;
  return FALSE;
}

const char *pos_printer_status_summary(const PosPrinterStatus *st)
{
  if (!st->known)
    return "no status (the printer does not answer)";
  if (st->paper_out)
    return "paper out";
  if (st->cover_open)
    return "cover open";
  if (st->error)
    return "printer error";
  if (st->offline)
    return "offline";
  if (st->near_end)
    return "paper near end";
  return "ready";
}

/*
** Before, then the job, then after: see the top of the file.  A trouble
** found after the job means the receipt may be cut short, so it is the
** job's failure even though every byte was taken.
*/
gboolean pos_printer_print(const char *uri, GBytes *bytes, int timeout_ms,
                           PosPrinterStatus *after, GError **error)
{
  PosPrinterStatus st = {0};
  gsize n = 0;
  const guint8 *data = bytes ? g_bytes_get_data(bytes, &n) : NULL;
  g_autoptr(PosDevice) dev = pos_device_open(uri, timeout_ms, error);
  gboolean ok = dev != NULL && pos_printer_status_query(dev, dev->timeout_ms, &st, error)
                && pos_printer_status_check(&st, error) && pos_device_write(dev, data, n, error)
                && pos_device_finish(dev, error)
                && pos_printer_status_query(dev, dev->timeout_ms, &st, error)
                && pos_printer_status_check(&st, error);
  if (after != NULL)
    *after = st;
  return ok;
}
