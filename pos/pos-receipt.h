/*
** pos-receipt.h: receipts and the Z report, as text, QR and ESC/POS.
**
** Text is laid out for 32 columns (58 mm paper) or 42 (80 mm); Hangul and
** other East Asian wide characters take two columns, as on the printer.
** The QR carries the hub's receipt URL (HUB/r/ID) when the stall is
** enrolled, else "urn:uuid:ID", so it always names the receipt.
**
** ESC/POS: KS X 1001 text goes out as EUC-KR inside the printer's Hangul
** mode (FS & ... FS .); a line holding any character outside KS X 1001 is
** drawn with pango into a raster image (GS v 0), as is the QR.
*/
#ifndef POS_RECEIPT_H
#define POS_RECEIPT_H

#include "pos-error.h"
#include "pos-ledger.h"

G_BEGIN_DECLS

/* Display width of UTF-8 text in printer columns (wide chars count 2). */
int pos_text_width(const char *utf8);

/* Receipt text, width 32 or 42 (else INVALID). Transfer full. */
char *pos_receipt_text(const PosSale *sale, const PosSettings *stall, int width,
                       GError **error);
char *pos_zreport_text(const PosZReport *z, const PosSettings *stall, int width,
                       GError **error);

/* The QR payload for a document. Transfer full. */
char *pos_receipt_qr_payload(const PosSale *sale, const PosSettings *stall);
/*
** The document id a scanned receipt QR names: "urn:uuid:ID" or any
** "…/r/ID" (the hub's receipt page), ID a lowercase UUID.  FALSE for
** anything else (a receipt number, a bare id).
*/
gboolean pos_receipt_qr_id(const char *scanned, char id[POS_UUID_LEN + 1]);
/* Writes the receipt's QR as a PNG (module px per module, quiet zone 4). */
gboolean pos_receipt_qr_png(const PosSale *sale, const PosSettings *stall,
                            const char *path, int module_px, GError **error);

/*
** ESC/POS stream for a receipt (with QR, cut, and the drawer kick when
** kick_drawer) or a Z report. Transfer full; the caller writes it with
** pos_escpos_write().
*/
GBytes *pos_receipt_escpos(const PosSale *sale, const PosSettings *stall, int width,
                           gboolean kick_drawer, GError **error);
GBytes *pos_zreport_escpos(const PosZReport *z, const PosSettings *stall, int width,
                           GError **error);
/*
** ESC/POS stream for text already laid out for width columns (32 or 42,
** else INVALID), one printer line per '\n'-terminated line: then the QR
** of qr_payload unless NULL, and the cut; the drawer kick first when
** kick_drawer.  The two functions above are built on it. Transfer full.
*/
GBytes *pos_escpos_from_text(const char *text, int width, const char *qr_payload,
                             gboolean kick_drawer, GError **error);
/*
** How a stream is made for one printer: pos_escpos_options_from_settings()
** fills it from the stall's printer settings (never with a kick: the
** caller adds one for a cash sale's first print).
*/
typedef struct {
  int width;               /* 32 (58 mm) or 42 (80 mm) columns */
  gboolean raster_text;    /* draw every line (GS v 0): no Korean font */
  gboolean qr_native;      /* the printer's QR (GS ( k) instead of a raster */
  int kick_pin;            /* 0: no drawer kick; 2 or 5 */
  int kick_pulse_ms;       /* 2-510 */
} PosEscposOptions;

void pos_escpos_options_from_settings(const PosSettings *stall, PosEscposOptions *out);
/* The stream for laid-out text under o (INVALID: width, kick). Transfer full. */
GBytes *pos_escpos_render(const char *text, const PosEscposOptions *o, const char *qr_payload,
                          GError **error);
/* A receipt or a Z report under o (the report never kicks). Transfer full. */
GBytes *pos_receipt_escpos_with(const PosSale *sale, const PosSettings *stall,
                                const PosEscposOptions *o, GError **error);
GBytes *pos_zreport_escpos_with(const PosZReport *z, const PosSettings *stall,
                                const PosEscposOptions *o, GError **error);
/* ESC p alone, for "open drawer" (INVALID: pin not 2 or 5, pulse not 2-510). */
GBytes *pos_escpos_kick(int pin, int pulse_ms, GError **error);
/* The printer test page (code page, Hangul, ruler, width, QR). Transfer full. */
GBytes *pos_escpos_test_page(const PosEscposOptions *o, GError **error);

/* Writes bytes to a file or device path whole (IO on failure). */
gboolean pos_escpos_write(GBytes *bytes, const char *path, GError **error);

G_END_DECLS
#endif
