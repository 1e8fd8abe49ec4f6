/*
** mb-clock.h: the market clock, one implementation for every module.
**
** The markets keep Asia/Seoul time, UTC+9 without daylight saving since
** 1988 (docs/DOMAIN.md, Business day and clocks), so a fixed offset is
** exact and needs no tzdata.  A "day" here is a day number, days since
** 1970-01-01, of the proleptic Gregorian calendar; the Seoul day of a
** Unix time is the day number of its Seoul date.  Nothing allocates but
** mb_clock_iso and mb_clock_local.
*/
#ifndef MB_CLOCK_H
#define MB_CLOCK_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define MB_DAY_LEN 11                 /* "YYYY-MM-DD" and its NUL */
#define MB_SEOUL_OFFSET_S (9 * 3600)  /* UTC+9, all year */

/* The day number of a calendar date (no check: use with real dates). */
int64_t mb_day_from_civil(int year, int month, int mday);
/* Year, month (1-12) and day of month of a day number. */
void mb_day_civil(int64_t day, int *year, int *month, int *mday);
/*
** The one range of days every module accepts: 2000-01-01 to 9999-12-31.
** No market sale predates the project, and four-digit years keep the ISO
** form and the text order of days the same as their order in time.
*/
#define MB_DAY_MIN 10957              /* 2000-01-01 */
#define MB_DAY_MAX 2932896            /* 9999-12-31 */
/*
** The one day parser: exactly "YYYY-MM-DD", a real calendar day inside
** [MB_DAY_MIN, MB_DAY_MAX], into *day; FALSE otherwise (a week date, an
** ordinal date, 1999-12-31, 0000-01-01, trailing bytes).  The wire, the
** hub, the analytics and the stall all read days through it.
*/
gboolean mb_day_parse(const char *text, int64_t *day);
/*
** The range of times (Unix ms) the protocol accepts: from the epoch to
** the last ms of 9999-12-31 in Seoul, so every accepted time has a Seoul
** day and an ISO form.  The lower end stays at 0: the range of days is
** carried by the business-day fields, and a time far from the hub's clock
** is the hub's skew check, not a format error.
*/
#define MB_TIME_MAX_MS G_GINT64_CONSTANT(253402268399999)
/* TRUE for a time in [0, MB_TIME_MAX_MS]. */
gboolean mb_time_valid(int64_t unix_ms);
/* Writes "YYYY-MM-DD" into out. */
void mb_day_format(int64_t day, char out[MB_DAY_LEN]);

/*
** Now, Unix ms: the real clock, or the time in $MPOS_NOW when it holds an
** ISO 8601 time with a zone ("2026-11-26T19:35:00+09:00").  Every program
** reads "now" here, so tests and the demo can set the day they run on.
*/
int64_t mb_clock_now_ms(void);
/* The Seoul day number of a Unix time in ms. */
int64_t mb_clock_day(int64_t unix_ms);
/* The business day "YYYY-MM-DD" (Seoul) of a Unix time in ms; "1970-01-01"
** outside the years 0001-9999. */
void mb_clock_business_day(int64_t unix_ms, char out[MB_DAY_LEN]);
/* The Seoul hour (0-23) of a Unix time in ms. */
int mb_clock_hour(int64_t unix_ms);
/* Unix ms of 00:00 in Seoul on a day number. */
int64_t mb_clock_day_start_ms(int64_t day);
/* "2026-11-26T10:00:00+09:00" for a Unix time in ms (whole seconds, floor);
** "" outside the years 0001-9999. Transfer full. */
char *mb_clock_iso(int64_t unix_ms);
/* A GDateTime at +09:00 for a Unix time in ms (whole seconds), or NULL
** when GLib cannot represent it. Transfer full. */
GDateTime *mb_clock_local(int64_t unix_ms);

G_END_DECLS
#endif
