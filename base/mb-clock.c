/*
** mb-clock.c: the market clock by plain arithmetic.
**
** A Unix time becomes Seoul local seconds by adding the fixed offset, then
** a day number and seconds of day by floor division (so times before 1970
** fall on the right day), and the day number a date by Howard Hinnant's
** civil_from_days.  No GDateTime and no tzdata: a report over a city's
** stalls asks for thousands of days and hours.
*/
#include "mb-clock.h"
#include <string.h>

/* Floor division for a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Hinnant's days_from_civil: March-based years make February the last month. */
int64_t mb_day_from_civil(int year, int month, int mday)
{
  int64_t y = (int64_t)year - (month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t mp = month > 2 ? month - 3 : month + 9;
  int64_t doy = (153 * mp + 2) / 5 + mday - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the inverse of the above. */
void mb_day_civil(int64_t day, int *year, int *month, int *mday)
{
  int64_t z = day + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  *year = (int)(yoe + era * 400 + (m <= 2));
  *month = (int)m;
  *mday = (int)d;
}

/* Days in a month of the Gregorian calendar. */
static int month_days(int y, int m)
{
  static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : n[m - 1];
}

/*
** Strict: exactly four, two and two digits, a day that exists, and inside
** the one range.  Every other form ISO 8601 allows (week dates, ordinal
** dates, expanded years) is refused here rather than by each caller.
*/
gboolean mb_day_parse(const char *text, int64_t *day)
{
  int v[3] = {0, 0, 0};
  static const int width[3] = {4, 2, 2};
  const char *p = text;
  if (text == NULL || strlen(text) != 10)
    return FALSE;
  for (int f = 0; f < 3; f++) {
    for (int i = 0; i < width[f]; i++, p++) {
      if (*p < '0' || *p > '9')
        return FALSE;
      v[f] = v[f] * 10 + (*p - '0');
    }
    if (f < 2 && *p++ != '-')
      return FALSE;
  }
  if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > month_days(v[0], v[1]))
    return FALSE;
  int64_t n = mb_day_from_civil(v[0], v[1], v[2]);
  if (n < MB_DAY_MIN || n > MB_DAY_MAX)
    return FALSE;
  *day = n;
  return TRUE;
}

/* The epoch to the end of 9999 in Seoul (mb-clock.h says why from the epoch). */
gboolean mb_time_valid(int64_t unix_ms)
{
  return unix_ms >= 0 && unix_ms <= MB_TIME_MAX_MS;
}

/* ISO form; g_snprintf bounds what a year past 9999 would write. */
void mb_day_format(int64_t day, char out[MB_DAY_LEN])
{
  int y, m, d;
  mb_day_civil(day, &y, &m, &d);
  g_snprintf(out, MB_DAY_LEN, "%04d-%02d-%02d", y, m, d);
}

/* Seoul local seconds since 1970-01-01 00:00 (local), floored to the second. */
static int64_t local_seconds(int64_t unix_ms)
{
  return floor_div(unix_ms, 1000) + MB_SEOUL_OFFSET_S;
}

/* The days GLib can represent, 0001-01-01 to 9999-12-31, bound what we print. */
static gboolean day_printable(int64_t day)
{
  return day >= -719162 && day <= 2932896;
}

int64_t mb_clock_day(int64_t unix_ms)
{
  return floor_div(local_seconds(unix_ms), 86400);
}

void mb_clock_business_day(int64_t unix_ms, char out[MB_DAY_LEN])
{
  int64_t day = mb_clock_day(unix_ms);
  if (!day_printable(day)) {
    g_strlcpy(out, "1970-01-01", MB_DAY_LEN);
    return;
  }
  mb_day_format(day, out);
}

int mb_clock_hour(int64_t unix_ms)
{
  int64_t h = floor_div(local_seconds(unix_ms), 3600) % 24;
  return (int)(h < 0 ? h + 24 : h);
}

int64_t mb_clock_day_start_ms(int64_t day)
{
  return day * 86400000 - (int64_t)MB_SEOUL_OFFSET_S * 1000;
}

/* Date from the day number, time from the seconds of the day. */
char *mb_clock_iso(int64_t unix_ms)
{
  int64_t s = local_seconds(unix_ms);
  int64_t day = floor_div(s, 86400);
  int64_t sec = s - day * 86400;
  int y, m, d;
  if (!day_printable(day))
    return g_strdup("");
  mb_day_civil(day, &y, &m, &d);
  return g_strdup_printf("%04d-%02d-%02dT%02d:%02d:%02d+09:00", y, m, d, (int)(sec / 3600),
                         (int)(sec / 60 % 60), (int)(sec % 60));
}

/* One zone for the process: a fixed +09:00, exact for Seoul since 1988. */
GDateTime *mb_clock_local(int64_t unix_ms)
{
  static gsize once;
  static GTimeZone *seoul;
  if (g_once_init_enter(&once)) {
    seoul = g_time_zone_new_offset(MB_SEOUL_OFFSET_S);
    g_once_init_leave(&once, 1);
  }
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(floor_div(unix_ms, 1000));
  return utc ? g_date_time_to_timezone(utc, seoul) : NULL;
}

/*
** MPOS_NOW is parsed by GLib's ISO 8601 reader on each call: "now" is asked
** for once per sale or request, not per row, and a value changed by a test
** between two calls is seen at once.  A value GLib cannot read is ignored.
*/
int64_t mb_clock_now_ms(void)
{
  const char *fixed = g_getenv("MPOS_NOW");
  if (fixed != NULL && *fixed != '\0') {
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601(fixed, NULL);
    if (dt != NULL)
      return g_date_time_to_unix(dt) * 1000 + g_date_time_get_microsecond(dt) / 1000;
  }
  return g_get_real_time() / 1000;
}
