/*
** devices-testutil.h: pretend devices for the device tests.
**
** A pseudo-terminal pair (openpty) stands for a serial cable: the code
** under test opens the slave's path as serial:/dev/pts/N, the fake device
** works the master from a thread.  A loopback TCP listener stands for a
** network printer.  Every fake records what it received.
*/
#ifndef DEVICES_TESTUTIL_H
#define DEVICES_TESTUTIL_H
#include <glib.h>

/* ---- Printers ----------------------------------------------------------- */

typedef struct {
  /* The answers to DLE EOT 1, 2 and 4 before the job ends... */
  guint8 status1, status2, status4;
  /* ...and once job_bytes have arrived (paper out in the middle of a job). */
  gsize job_bytes;
  guint8 after1, after2, after4;
  gboolean silent;         /* never answers a status request */
} FakePrinterScript;

typedef struct FakePrinter FakePrinter;

/* A printer on a pseudo-terminal; its URI is serial:SLAVE?baud=19200. */
FakePrinter *fake_printer_serial(const FakePrinterScript *script);
/* A printer on 127.0.0.1:PORT; its URI is tcp://127.0.0.1:PORT. */
FakePrinter *fake_printer_tcp(const FakePrinterScript *script);
/* A listener that accepts and never reads: a printer with a full buffer. */
FakePrinter *fake_printer_tcp_stuck(void);
const char *fake_printer_uri(const FakePrinter *p);
/* Stops the printer and returns every byte it received.  Transfer full. */
GBytes *fake_printer_stop(FakePrinter *p);

/* A status byte: fixed bits plus the given ones. */
#define FAKE_STATUS(bits) ((guint8)(0x12 | (bits)))

/* ---- Scales ------------------------------------------------------------- */

typedef struct FakeScale FakeScale;

/*
** A scale on a pseudo-terminal sending the frames (NULL-terminated, sent
** as given, CR LF included by the caller) in a loop, one every 20 ms; no
** frames at all is a silent scale.  The URI is serial:SLAVE?baud=9600.
*/
FakeScale *fake_scale_start(const char *const *frames);
const char *fake_scale_uri(const FakeScale *s);
/* Closes the master within 20 ms: the cable is pulled. */
void fake_scale_unplug(FakeScale *s);
void fake_scale_stop(FakeScale *s);

#endif
