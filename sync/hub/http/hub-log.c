/*
** hub-log.c: the hub's access log, one line per request on standard error
** (journald keeps a service's standard error), written when the request
** ends.  docs/hub.md documents the fields.
**
** What a line must never carry: a token (the caller is named from the
** principal the token resolved to, never from the header), anything of
** the query string (microhttpd hands the router the path alone), or a
** byte that would let a client forge a line (the path and method are
** escaped).  A line is built whole and written with one call so that the
** lines of concurrent workers never interleave.
*/
#include "hub-server-int.h"
#include <stdio.h>
#include <string.h>

/* Longest path the access log shows. */
#define LOG_PATH_MAX 160

/*
** Bytes a log line may show as they are: printable ASCII but space, quote
** and backslash.  The rest is %XX, so a path cannot break or forge a line.
*/
static void log_escaped(GString *line, const char *text, gsize max)
{
  gsize n = 0;
  for (const char *p = text ? text : "-"; *p && n < max; p++, n++) {
    guchar c = (guchar)*p;
    if (c > 0x20 && c < 0x7f && c != '"' && c != '\\')
      g_string_append_c(line, (char)c);
    else
      g_string_append_printf(line, "%%%02X", c);
  }
  if (text && strlen(text) > max)
    g_string_append(line, "...");
}

/*
** One access log line, written whole with one call so that the lines of
** concurrent workers never interleave.  Fields: time (UTC, milliseconds),
** address, method, path, status (0: the connection ended before an answer;
** 408: cut by a deadline), body bytes sent, duration in milliseconds, and
** the caller: "user:NAME", "device:ID@stall:N" or "-".
*/
void hub_access_log(const char *address, const char *method, const char *path, int status,
                       gsize bytes, gint64 micros, const HubPrincipal *who)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc();
  g_autofree char *when = g_date_time_format(now, "%Y-%m-%dT%H:%M:%S");
  g_autoptr(GString) line = g_string_new(NULL);
  g_string_append_printf(line, "%s.%03dZ %s ", when, g_date_time_get_microsecond(now) / 1000,
                         address);
  log_escaped(line, method, 16);
  g_string_append_c(line, ' ');
  log_escaped(line, path, LOG_PATH_MAX);
  g_string_append_printf(line, " %d %" G_GSIZE_FORMAT " %" G_GINT64_FORMAT ".%03d ", status,
                         bytes, micros / 1000, (int)(micros % 1000));
  if (who == NULL)
    g_string_append_c(line, '-');
  else if (who->role == HUB_ROLE_DEVICE) {
    g_string_append(line, "device:");
    log_escaped(line, who->name, 64);
    g_string_append_printf(line, "@stall:%" G_GINT64_FORMAT, who->stall_id);
  } else {
    g_string_append(line, "user:");
    log_escaped(line, who->name, 64);
  }
  g_string_append_c(line, '\n');
  fputs(line->str, stderr);
}
