/*
** test-base-clock.c: the market clock (base/mb-clock.h) at its edges:
** midnight in Seoul against midnight in UTC, year ends, the leap day,
** times before 1970, the day <-> ms round trip, the strict day parser and
** the ISO 8601 form the hub and the reports write.
*/
#include "mb-clock.h"
#include <string.h>

/* 2026-11-26 00:00 KST is 2026-11-25 15:00 UTC. */
#define KST_MIDNIGHT G_GINT64_CONSTANT(1795618800000)

/* One Unix ms and the Seoul day and hour it must give. */
static void check(int64_t ms, const char *day, int hour)
{
  char out[MB_DAY_LEN];
  mb_clock_business_day(ms, out);
  g_assert_cmpstr(out, ==, day);
  g_assert_cmpint(mb_clock_hour(ms), ==, hour);
}

/* The business day turns at 00:00 KST (15:00 UTC), not at 00:00 UTC. */
static void test_midnight(void)
{
  check(KST_MIDNIGHT - 1, "2026-11-25", 23);
  check(KST_MIDNIGHT, "2026-11-26", 0);
  check(KST_MIDNIGHT + 9 * 3600000, "2026-11-26", 9);   /* 00:00 UTC on the 26th */
  check(KST_MIDNIGHT - 1000, "2026-11-25", 23);
  /* 2026-11-26 14:59:59 UTC is 23:59:59 in Seoul; one second later is the 27th. */
  check(G_GINT64_CONSTANT(1795705199000), "2026-11-26", 23);
  check(G_GINT64_CONSTANT(1795705200000), "2026-11-27", 0);
}

/* Year ends and the leap day, in Seoul. */
static void test_calendar(void)
{
  int64_t d;
  g_assert_true(mb_day_parse("2024-12-31", &d));
  check(mb_clock_day_start_ms(d + 1) - 1, "2024-12-31", 23);
  check(mb_clock_day_start_ms(d + 1), "2025-01-01", 0);
  g_assert_true(mb_day_parse("2024-02-28", &d));
  check(mb_clock_day_start_ms(d + 1), "2024-02-29", 0);
  check(mb_clock_day_start_ms(d + 2), "2024-03-01", 0);
  g_assert_true(mb_day_parse("2024-02-29", &d));
  g_assert_false(mb_day_parse("2023-02-29", &d));
  g_assert_false(mb_day_parse("1900-02-29", &d));
  g_assert_true(mb_day_parse("2000-02-29", &d));
  g_assert_false(mb_day_parse("2024-13-01", &d));
  g_assert_false(mb_day_parse("2024-1-01x", &d));
  g_assert_false(mb_day_parse("2024-01-1", &d));
  g_assert_false(mb_day_parse("0000-01-01", &d));
  g_assert_false(mb_day_parse("2026-W48-4", &d));
  g_assert_false(mb_day_parse(NULL, &d));
}

/*
** The one range every module shares: 2000-01-01 to 9999-12-31 (a document
** dated 1999 was stored by the hub and never read back by the reports), and
** no other ISO 8601 form.  Times: the epoch to the end of 9999 in Seoul.
*/
static void test_range(void)
{
  int64_t d = -1;
  g_assert_true(mb_day_parse("2000-01-01", &d));
  g_assert_cmpint(d, ==, MB_DAY_MIN);
  g_assert_true(mb_day_parse("9999-12-31", &d));
  g_assert_cmpint(d, ==, MB_DAY_MAX);
  static const char *const refused[] = {
    "1999-12-31", "1900-01-01", "0000-01-01", "0001-01-01", "2026-W48-4", "2026-330",
    "+02026-11-26", "2026-11-26T00:00", "2026-11-26 ", " 2026-11-26", "20261126", "",
  };
  for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
    d = -1;
    g_assert_false(mb_day_parse(refused[i], &d));
    g_assert_cmpint(d, ==, -1);
  }
  g_assert_cmpint(mb_clock_day_start_ms(MB_DAY_MAX + 1) - 1, ==, MB_TIME_MAX_MS);
  g_assert_true(mb_time_valid(0));
  g_assert_true(mb_time_valid(MB_TIME_MAX_MS));
  g_assert_false(mb_time_valid(MB_TIME_MAX_MS + 1));
  g_assert_false(mb_time_valid(-1));
  char day[MB_DAY_LEN];
  mb_clock_business_day(MB_TIME_MAX_MS, day);
  g_assert_cmpstr(day, ==, "9999-12-31");
  /* Epoch and before: UTC 1970-01-01 00:00 is 09:00 in Seoul. */
  check(0, "1970-01-01", 9);
  check(-9 * 3600000, "1970-01-01", 0);
  check(-9 * 3600000 - 1, "1969-12-31", 23);
  g_assert_cmpint(mb_clock_day(-9 * 3600000 - 1), ==, -1);
}

/* Day number <-> date <-> ms, over three centuries of the range. */
static void test_round_trip(void)
{
  for (int64_t d = MB_DAY_MIN; d < mb_day_from_civil(2300, 1, 1); d += 7) {
    char text[MB_DAY_LEN];
    int64_t back = 0;
    mb_day_format(d, text);
    g_assert_true(mb_day_parse(text, &back));
    g_assert_cmpint(back, ==, d);
    g_assert_cmpint(mb_clock_day(mb_clock_day_start_ms(d)), ==, d);
    g_assert_cmpint(mb_clock_day(mb_clock_day_start_ms(d) - 1), ==, d - 1);
  }
  g_assert_cmpint(mb_day_from_civil(1970, 1, 1), ==, 0);
  g_assert_cmpint(mb_clock_day_start_ms(0), ==, -9 * 3600000);
}

/* The ISO form, against GLib's formatting of the same instant. */
static void test_iso(void)
{
  g_autofree char *a = mb_clock_iso(KST_MIDNIGHT + 10 * 3600000 + 999);
  g_assert_cmpstr(a, ==, "2026-11-26T10:00:00+09:00");
  g_autofree char *b = mb_clock_iso(KST_MIDNIGHT - 1);
  g_assert_cmpstr(b, ==, "2026-11-25T23:59:59+09:00");
  g_autofree char *c = mb_clock_iso(-1);
  g_assert_cmpstr(c, ==, "1970-01-01T08:59:59+09:00");
  g_autofree char *far = mb_clock_iso(G_MAXINT64);
  g_assert_cmpstr(far, ==, "");
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset(9 * 3600);
  for (int64_t ms = 0; ms < G_GINT64_CONSTANT(4102444800000); ms += G_GINT64_CONSTANT(86399937)) {
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(ms / 1000);
    g_autoptr(GDateTime) local = g_date_time_to_timezone(utc, tz);
    g_autofree char *want = g_date_time_format(local, "%Y-%m-%dT%H:%M:%S%:z");
    g_autofree char *got = mb_clock_iso(ms);
    g_assert_cmpstr(got, ==, want);
    g_autoptr(GDateTime) t = mb_clock_local(ms);
    g_assert_cmpint(g_date_time_get_hour(t), ==, mb_clock_hour(ms));
  }
  char day[MB_DAY_LEN];
  mb_clock_business_day(G_MAXINT64, day);
  g_assert_cmpstr(day, ==, "1970-01-01");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/base/clock/midnight", test_midnight);
  g_test_add_func("/base/clock/calendar", test_calendar);
  g_test_add_func("/base/clock/range", test_range);
  g_test_add_func("/base/clock/round-trip", test_round_trip);
  g_test_add_func("/base/clock/iso", test_iso);
  return g_test_run();
}
