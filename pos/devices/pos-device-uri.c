/*
** pos-device-uri.c: device URIs (pos-devices.h) to their parts.
**
** The grammar is small on purpose, one scheme per transport with the
** settings a merchant's installer actually changes (baud, flow control,
** timeout).  GLib's GUri would split the tcp:// form but not the opaque
** usb:/serial:/cups: ones, so the split is done here with g_uri_split for
** tcp and by hand for the rest; every number is range-checked so a typo
** is a DEVICE_URI error at setup, not a silent 9600.
*/
#include "devices-int.h"
#include <stdlib.h>
#include <string.h>

static const int bauds[] = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

void pos_device_uri_clear(PosDeviceUri *uri)
{
  g_clear_pointer(&uri->path, g_free);
  memset(uri, 0, sizeof *uri);
}

/* Fills error with the URI and what is wrong with it. */
static gboolean bad(GError **error, const char *uri, const char *why)
{
  g_set_error(error, POS_ERROR, POS_ERROR_DEVICE_URI, "device '%s': %s", uri, why);
  return FALSE;
}

/* A whole decimal in lo..hi, or FALSE. */
static gboolean parse_int(const char *s, int lo, int hi, int *out)
{
  char *end = NULL;
  if (s == NULL || *s < '0' || *s > '9')
    return FALSE;
  long v = strtol(s, &end, 10);
  if (*end != '\0' || v < lo || v > hi)
    return FALSE;
  *out = (int)v;
  return TRUE;
}

/*
** The query: key=value pairs joined by '&'.  Each key is allowed only
** where it means something (baud and flow on serial), and an unknown key
** is an error: "buad=19200" must not fall back to 9600 quietly.
*/
static gboolean parse_query(const char *uri, const char *query, PosDeviceUri *out,
                            GError **error)
{
  g_auto(GStrv) pairs = g_strsplit(query, "&", -1);
  for (char **p = pairs; *p; p++) {
    char *eq = strchr(*p, '=');
    if (eq == NULL)
      return bad(error, uri, "a query part is not KEY=VALUE");
    *eq = '\0';
    const char *key = *p, *value = eq + 1;
    if (strcmp(key, "timeout") == 0) {
      if (!parse_int(value, 100, POS_DEVICE_TIMEOUT_MAX_MS, &out->timeout_ms))
        return bad(error, uri, "timeout must be 100-60000 ms");
    } else if (strcmp(key, "baud") == 0 && out->kind == POS_DEVICE_SERIAL) {
      int b = 0;
      gboolean known = FALSE;
      if (parse_int(value, 1, 1000000, &b))
        for (guint i = 0; i < G_N_ELEMENTS(bauds); i++)
          known = known || bauds[i] == b;
      if (!known)
        return bad(error, uri, "baud must be one of 1200 2400 4800 9600 19200 38400 57600 115200");
      out->baud = b;
    } else if (strcmp(key, "flow") == 0 && out->kind == POS_DEVICE_SERIAL) {
      if (strcmp(value, "none") == 0)
        out->flow = POS_FLOW_NONE;
      else if (strcmp(value, "rtscts") == 0)
        out->flow = POS_FLOW_RTSCTS;
      else if (strcmp(value, "xonxoff") == 0)
        out->flow = POS_FLOW_XONXOFF;
      else
        return bad(error, uri, "flow must be none, rtscts or xonxoff");
    } else {
      g_autofree char *why = g_strdup_printf("unknown option '%s' for this device", key);
      return bad(error, uri, why);
    }
  }
  return TRUE;
}

/* tcp://HOST:PORT through GLib's URI splitter; the port is required. */
static gboolean parse_tcp(const char *uri, PosDeviceUri *out, GError **error)
{
  g_autofree char *host = NULL, *path = NULL, *query = NULL;
  int port = -1;
  if (!g_uri_split(uri, G_URI_FLAGS_NONE, NULL, NULL, &host, &port, &path, &query, NULL,
                   NULL))
    return bad(error, uri, "not a tcp://HOST:PORT URI");
  if (host == NULL || *host == '\0' || port < 1 || port > 65535)
    return bad(error, uri, "tcp:// needs a host and a port (tcp://192.168.0.50:9100)");
  if (path != NULL && *path != '\0' && strcmp(path, "/") != 0)
    return bad(error, uri, "tcp:// takes no path");
  out->path = g_steal_pointer(&host);
  out->port = port;
  return query == NULL || parse_query(uri, query, out, error);
}

gboolean pos_device_uri_parse(const char *uri, PosDeviceUri *out, GError **error)
{
  static const struct {
    const char *prefix;
    PosDeviceKind kind;
  } schemes[] = {
    {"usb:", POS_DEVICE_USB}, {"serial:", POS_DEVICE_SERIAL}, {"cups:", POS_DEVICE_CUPS},
  };
  memset(out, 0, sizeof *out);
  if (uri == NULL || *uri == '\0' || strlen(uri) > 200 || !g_utf8_validate(uri, -1, NULL)
      || strpbrk(uri, " \t\r\n") != NULL)
    return bad(error, uri ? uri : "", "empty, too long or holding blanks");
  out->baud = 9600;
  if (g_str_has_prefix(uri, "tcp://")) {
    out->kind = POS_DEVICE_TCP;
    if (!parse_tcp(uri, out, error)) {
      pos_device_uri_clear(out);
      return FALSE;
    }
    return TRUE;
  }
  const char *rest = NULL;
  if (uri[0] == '/') {
    out->kind = POS_DEVICE_FILE;
    rest = uri;
  }
  for (guint i = 0; rest == NULL && i < G_N_ELEMENTS(schemes); i++) {
    if (g_str_has_prefix(uri, schemes[i].prefix)) {
      out->kind = schemes[i].kind;
      rest = uri + strlen(schemes[i].prefix);
    }
  }
  if (rest == NULL)
    return bad(error, uri, "unknown scheme: use usb:, serial:, tcp://, cups: or a path");
  const char *q = out->kind == POS_DEVICE_FILE ? NULL : strchr(rest, '?');
  out->path = q ? g_strndup(rest, (gsize)(q - rest)) : g_strdup(rest);
  gboolean ok = TRUE;
  if (*out->path == '\0')
    ok = bad(error, uri, "no device path or queue name");
  else if (out->kind != POS_DEVICE_CUPS && out->path[0] != '/')
    ok = bad(error, uri, "the device path must be absolute (/dev/...)");
  else if (out->kind == POS_DEVICE_CUPS && strspn(out->path, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "abcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_-.")
                                             != strlen(out->path))
    ok = bad(error, uri, "a CUPS queue name is letters, digits, '_', '-' and '.'");
  else if (q != NULL)
    ok = parse_query(uri, q + 1, out, error);
  if (!ok)
    pos_device_uri_clear(out);
  return ok;
}

gboolean pos_device_uri_has_status(const PosDeviceUri *uri)
{
  return uri->kind == POS_DEVICE_USB || uri->kind == POS_DEVICE_SERIAL
         || uri->kind == POS_DEVICE_TCP;
}
