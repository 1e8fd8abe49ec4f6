/*
** pos-devices.h: the stall's devices -- receipt printers, the cash drawer
** behind them, and the scale on the counter -- reached by URI.
**
** One string names a device everywhere (settings, the stall CLI, the till):
**
**   usb:/dev/usb/lp0                     a character device (USB printer class)
**   serial:/dev/ttyUSB0?baud=19200&flow=rtscts
**                                        termios, 8N1; baud 1200-115200
**                                        (default 9600), flow none, rtscts or
**                                        xonxoff (default none)
**   tcp://HOST:9100                      a raw network printer (JetDirect)
**   cups:QUEUE                           a raw CUPS queue (the lp command)
**   /any/absolute/path                   a file or device written as is
**
** Every operation has a timeout ("timeout=MS" in the query overrides the
** caller's): a device that is off, unplugged or out of paper makes a
** typed error (pos-error.h: device, device_timeout, paper_out...) in
** bounded time and never hangs a sale.  Status is asked with ESC/POS
** real-time status (DLE EOT n) where the transport carries answers back:
** serial, usb and tcp; a CUPS queue and a plain file print blind.
**
** The scale reader understands the continuous output of CAS-family scales
** (the 22-byte and the 18-byte frames, docs/DEVICES.md).
**
** Ownership: functions returning a pointer are transfer full unless said;
** arguments are borrowed.
*/
#ifndef POS_DEVICES_H
#define POS_DEVICES_H

#include "pos.h"

G_BEGIN_DECLS

/* ---- Device URIs ------------------------------------------------------- */

typedef enum {
  POS_DEVICE_FILE = 0,     /* a bare path: written, never asked */
  POS_DEVICE_USB,          /* a character device, read and written */
  POS_DEVICE_SERIAL,       /* a tty set up with termios */
  POS_DEVICE_TCP,          /* a raw TCP socket */
  POS_DEVICE_CUPS          /* a CUPS queue, raw, through lp */
} PosDeviceKind;

typedef enum {
  POS_FLOW_NONE = 0,
  POS_FLOW_RTSCTS,
  POS_FLOW_XONXOFF
} PosFlowControl;

#define POS_DEVICE_TIMEOUT_DEFAULT_MS 3000
#define POS_DEVICE_TIMEOUT_MAX_MS 60000

typedef struct {
  PosDeviceKind kind;
  char *path;              /* device or file path, CUPS queue, or TCP host */
  int port;                /* TCP only */
  int baud;                /* serial only */
  PosFlowControl flow;     /* serial only */
  int timeout_ms;          /* from the query, or 0: the caller's */
} PosDeviceUri;

/* Parses uri into *out (cleared with pos_device_uri_clear); DEVICE_URI on error. */
gboolean pos_device_uri_parse(const char *uri, PosDeviceUri *out, GError **error);
void pos_device_uri_clear(PosDeviceUri *uri);
/* TRUE when the transport carries the printer's status answers back. */
gboolean pos_device_uri_has_status(const PosDeviceUri *uri);

/* ---- Opened devices ---------------------------------------------------- */

typedef struct PosDevice PosDevice;

/*
** Opens the device within timeout_ms (the URI's own timeout wins): DEVICE
** when it is missing or refused, DEVICE_TIMEOUT when a connection does not
** complete.  A CUPS queue is opened as a pipe to lp -d QUEUE -o raw.
*/
PosDevice *pos_device_open(const char *uri, int timeout_ms, GError **error);
void pos_device_close(PosDevice *dev);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosDevice, pos_device_close)
const PosDeviceUri *pos_device_uri(const PosDevice *dev);
/* Writes all n bytes, or DEVICE / DEVICE_TIMEOUT (the device stopped taking them). */
gboolean pos_device_write(PosDevice *dev, const void *data, gsize n, GError **error);
/*
** Reads what arrives within timeout_ms, up to n bytes: *got 0 after a
** silent timeout is not an error.  DEVICE when the device went away.
*/
gboolean pos_device_read(PosDevice *dev, void *buf, gsize n, int timeout_ms, gsize *got,
                         GError **error);
/* Ends the job: a CUPS job is handed over and lp's answer checked (DEVICE). */
gboolean pos_device_finish(PosDevice *dev, GError **error);

/* ---- Printer status (DLE EOT n) ---------------------------------------- */

typedef struct {
  gboolean known;          /* the printer answered */
  gboolean offline;        /* DLE EOT 1 bit 3 */
  gboolean cover_open;     /* DLE EOT 2 bit 2 */
  gboolean paper_out;      /* DLE EOT 2 bit 5, or 4 bits 5-6 */
  gboolean near_end;       /* DLE EOT 4 bits 2-3 */
  gboolean error;          /* DLE EOT 2 bit 6: a cutter jam, overheating */
  gboolean drawer_open;    /* DLE EOT 1 bit 2 (the drawer's own switch) */
} PosPrinterStatus;

/*
** Folds one status byte, the answer to DLE EOT n (n 1, 2 or 4), into *st.
** FALSE for a byte that is not a status answer (bits 0, 1, 4, 7 are fixed
** at 0, 1, 1, 0), which the caller treats as no answer.
*/
gboolean pos_printer_status_parse(int n, guint8 byte, PosPrinterStatus *st);
/* Asks DLE EOT 1, 2 and 4; st->known FALSE when the printer stays silent. */
gboolean pos_printer_status_query(PosDevice *dev, int timeout_ms, PosPrinterStatus *st,
                                  GError **error);
/* FALSE with PAPER_OUT, COVER_OPEN or PRINTER_OFFLINE when st is trouble. */
gboolean pos_printer_status_check(const PosPrinterStatus *st, GError **error);
/* A short English line for people ("paper near end", "ready"); transfer none. */
const char *pos_printer_status_summary(const PosPrinterStatus *st);

/*
** One job: opens uri, asks the status (where the transport answers) and
** refuses to start on trouble, writes the bytes, asks again and fails
** when the printer ran out of paper or opened during the job, so the
** caller keeps the job queued.  *after (may be NULL) is the last status.
*/
gboolean pos_printer_print(const char *uri, GBytes *bytes, int timeout_ms,
                           PosPrinterStatus *after, GError **error);

/* ---- The scale --------------------------------------------------------- */

typedef struct {
  int64_t grams;           /* the weight in grams (kg frames: three decimals) */
  gboolean stable;         /* ST: the weight has settled */
  gboolean overload;       /* OL: beyond capacity; grams is 0 */
  gboolean negative;       /* a '-' sign: grams is below 0 */
  gboolean net;            /* NT: tare subtracted (else GS: gross) */
  int frame_len;           /* 22 or 18 */
  char unit[3];            /* "kg" or "g" as the scale sent it */
} PosScaleReading;

/*
** The frame parser, fed any bytes as they come: it cuts lines at CR LF,
** finds the last frame header in each (so the tail of a frame cut in half
** and garbage before a frame are skipped), and drops lines that are not a
** whole frame.  A line longer than any frame without CR LF is dropped too.
*/
typedef struct PosScaleParser PosScaleParser;

PosScaleParser *pos_scale_parser_new(void);
void pos_scale_parser_free(PosScaleParser *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PosScaleParser, pos_scale_parser_free)
void pos_scale_parser_feed(PosScaleParser *p, const void *data, gsize n);
/* The next whole frame fed so far into *out; FALSE when none is ready. */
gboolean pos_scale_parser_next(PosScaleParser *p, PosScaleReading *out);
/* Lines dropped as not frames since the parser was made. */
guint pos_scale_parser_dropped(const PosScaleParser *p);
/* Parses exactly one frame without its CR LF (for tests and the fuzzer). */
gboolean pos_scale_frame_parse(const char *frame, gsize n, PosScaleReading *out);

/*
** Reads the scale until a frame comes (a stable one when want_stable)
** within timeout_ms.  SCALE_SILENT when no frame came, SCALE_UNSTABLE when
** frames came but none stable; with want_stable, SCALE_OVERLOAD and
** SCALE_NEGATIVE for such a frame.  DEVICE when the scale went away.
*/
gboolean pos_scale_read(PosDevice *dev, gboolean want_stable, int timeout_ms,
                        PosScaleReading *out, GError **error);

G_END_DECLS
#endif
