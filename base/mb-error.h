/*
** mb-error.h: the error domain of the leaf library (MB_ERROR).  Callers in
** other modules carry the message over into their own domain.
*/
#ifndef MB_ERROR_H
#define MB_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define MB_ERROR (mb_error_quark())

typedef enum {
  MB_ERROR_INVALID = 1,  /* bad input: text that is not CSV, a QR too large */
  MB_ERROR_IO,           /* a file could not be written */
  MB_ERROR_HUB,          /* a hub child did not start or is not healthy */
  MB_ERROR_EXPOSED       /* a file holding secrets is open to group or others */
} MbError;

GQuark mb_error_quark(void);

G_END_DECLS
#endif
