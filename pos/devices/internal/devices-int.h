/*
** devices-int.h: what the files of pos/devices/ share and nobody else sees.
*/
#ifndef DEVICES_INT_H
#define DEVICES_INT_H

#include "pos-devices.h"
#include <gio/gio.h>

/*
** An opened device.  fd is the one descriptor read and written for every
** kind but CUPS, whose bytes are spooled and handed to lp at the end
** (fd -1).
*/
struct PosDevice {
  PosDeviceUri uri;
  int fd;
  int timeout_ms;          /* for each write and open */
  GSocketConnection *conn; /* TCP only: owns fd */
  GByteArray *spool;       /* CUPS only: the job, handed to lp at finish */
};

/* Milliseconds left until deadline (g_get_monotonic_time() µs), at least 0. */
int pos_device_ms_left(gint64 deadline_us);

#endif
