/*
** test-devices-scale.c: the counter scale (pos-devices.h, docs/DEVICES.md).
**
** The frame parser first, on the two CAS layouts and on what a serial
** line really delivers (noise, a frame cut in half, bytes one at a time);
** then the reader against a scale played on a pseudo-terminal: stable,
** settling, never settling, overload, negative, garbage, silent and
** unplugged; then `stall scale read` as a script would run it.
*/
#include "devices-testutil.h"
#include "pos-devices.h"
#include "testutil.h"
#include <string.h>

/* 22-byte frames: header, ',', GS/NT, ',', id, lamp, ',', 8 weight, ' ', unit, CR LF. */
#define F22_STABLE "ST,GS,\x01\x30,+001.234 kg\r\n"
#define F22_UNSTABLE "US,GS,\x01\x30,+001.190 kg\r\n"
#define F22_GRAMS "ST,NT,\x01\x30,+0000850  g\r\n"
#define F22_OVERLOAD "OL,GS,\x01\x30,-------- kg\r\n"
#define F22_NEGATIVE "ST,NT,\x01\x30,-000.120 kg\r\n"
/* 18-byte frames: header, ',', GS/NT, ',', sign, 7 weight, unit, CR LF. */
#define F18_STABLE "ST,GS,+002.500kg\r\n"
#define F18_GRAMS "US,GS,+0000600 g\r\n"

/* Parses one frame given with its CR LF. */
static gboolean parse(const char *frame, PosScaleReading *r)
{
  gsize n = strlen(frame);
  g_assert_cmpint(n, >=, 2);
  return pos_scale_frame_parse(frame, n - 2, r);
}

static void test_frames(void)
{
  PosScaleReading r;
  g_assert_cmpint(strlen(F22_STABLE), ==, 22);
  g_assert_cmpint(strlen(F18_STABLE), ==, 18);

  g_assert_true(parse(F22_STABLE, &r));
  g_assert_cmpint(r.grams, ==, 1234);
  g_assert_true(r.stable);
  g_assert_false(r.net || r.overload || r.negative);
  g_assert_cmpstr(r.unit, ==, "kg");
  g_assert_cmpint(r.frame_len, ==, 22);

  g_assert_true(parse(F22_UNSTABLE, &r));
  g_assert_false(r.stable);
  g_assert_cmpint(r.grams, ==, 1190);

  g_assert_true(parse(F22_GRAMS, &r));
  g_assert_cmpint(r.grams, ==, 850);
  g_assert_cmpstr(r.unit, ==, "g");
  g_assert_true(r.net);

  g_assert_true(parse(F22_OVERLOAD, &r));
  g_assert_true(r.overload);
  g_assert_false(r.stable);

  g_assert_true(parse(F22_NEGATIVE, &r));
  g_assert_true(r.negative);
  g_assert_cmpint(r.grams, ==, -120);

  g_assert_true(parse(F18_STABLE, &r));
  g_assert_cmpint(r.grams, ==, 2500);
  g_assert_cmpint(r.frame_len, ==, 18);
  g_assert_true(parse(F18_GRAMS, &r));
  g_assert_cmpint(r.grams, ==, 600);
  g_assert_false(r.stable);

  /* Wrong header, unit, separator, weight digits, length. */
  g_assert_false(parse("XX,GS,+002.500kg\r\n", &r));
  g_assert_false(parse("ST,XX,+002.500kg\r\n", &r));
  g_assert_false(parse("ST,GS,+002.500lb\r\n", &r));
  g_assert_false(parse("ST;GS,+002.500kg\r\n", &r));
  g_assert_false(parse("ST,GS,+00A.500kg\r\n", &r));
  g_assert_false(parse("ST,GS,+0.2.500kg\r\n", &r));
  g_assert_false(parse("ST,GS,+      .kg\r\n", &r));
  g_assert_false(parse("ST,GS,+002.5000kg\r\n", &r));
  /* Grams with a non-zero fraction are not grams. */
  g_assert_false(parse("ST,GS,+0600.50 g\r\n", &r));
}

/* Feeds text in pieces of step bytes; returns the readings' grams. */
static GArray *feed_all(PosScaleParser *p, const char *text, gsize step)
{
  GArray *grams = g_array_new(FALSE, FALSE, sizeof(gint64));
  gsize n = strlen(text);
  for (gsize i = 0; i < n; i += step) {
    PosScaleReading r;
    pos_scale_parser_feed(p, text + i, MIN(step, n - i));
    while (pos_scale_parser_next(p, &r)) {
      gint64 g = r.grams;
      g_array_append_val(grams, g);
    }
  }
  return grams;
}

/*
** Garbage before a frame, a frame cut in half followed by a whole one, a
** line of noise, bytes one at a time: every whole frame comes out, in
** order, and the rest is counted as dropped.
*/
static void test_resync(void)
{
  static const char stream[] = "\x7f\xff garbage\r\n" F22_STABLE "ST,GS,\x01\x30,+00" F18_STABLE
                               "!!noise!!\r\n" F22_UNSTABLE;
  for (gsize step = 1; step <= 7; step += 3) {
    g_autoptr(PosScaleParser) p = pos_scale_parser_new();
    g_autoptr(GArray) grams = feed_all(p, stream, step);
    g_assert_cmpint(grams->len, ==, 3);
    g_assert_cmpint(g_array_index(grams, gint64, 0), ==, 1234);
    g_assert_cmpint(g_array_index(grams, gint64, 1), ==, 2500);
    g_assert_cmpint(g_array_index(grams, gint64, 2), ==, 1190);
    g_assert_cmpint(pos_scale_parser_dropped(p), ==, 2);
  }
}

/*
** A frame glued to the end of a long run of noise on one line is found
** whether it arrives in one read or byte by byte (the fuzzer found the
** byte-by-byte parser losing it: fuzz-scale-frames.c).
*/
static void test_noise_then_frame(void)
{
  g_autoptr(GString) line = g_string_new(NULL);
  for (int i = 0; i < 70; i++)
    g_string_append_c(line, (char)('a' + i % 26));
  g_string_append(line, F22_STABLE);
  for (gsize step = 1; step <= line->len; step += line->len - 1) {
    g_autoptr(PosScaleParser) p = pos_scale_parser_new();
    g_autoptr(GArray) grams = feed_all(p, line->str, step);
    g_assert_cmpint(grams->len, ==, 1);
    g_assert_cmpint(g_array_index(grams, gint64, 0), ==, 1234);
  }
}

/* Noise without any line end does not grow the buffer for ever. */
static void test_endless_noise(void)
{
  g_autoptr(PosScaleParser) p = pos_scale_parser_new();
  PosScaleReading r;
  char noise[4096];
  memset(noise, 'x', sizeof noise);
  for (int i = 0; i < 100; i++) {
    pos_scale_parser_feed(p, noise, sizeof noise);
    g_assert_false(pos_scale_parser_next(p, &r));
  }
  g_assert_cmpint(pos_scale_parser_dropped(p), >=, 100);
  pos_scale_parser_feed(p, "\r\n" F18_STABLE, strlen("\r\n" F18_STABLE));
  g_assert_true(pos_scale_parser_next(p, &r));
  g_assert_cmpint(r.grams, ==, 2500);
}

/* Reads a fake scale sending frames; the device is opened and closed here. */
static gboolean read_scale(const char *const *frames, gboolean stable, int timeout_ms,
                           PosScaleReading *r, GError **error)
{
  FakeScale *s = fake_scale_start(frames);
  g_autoptr(PosDevice) dev = pos_device_open(fake_scale_uri(s), 1000, error);
  g_assert_nonnull(dev);
  gboolean ok = pos_scale_read(dev, stable, timeout_ms, r, error);
  fake_scale_stop(s);
  return ok;
}

static void test_pty_stable(void)
{
  static const char *const frames[] = {F22_UNSTABLE, F22_UNSTABLE, F22_STABLE, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  g_assert_true(read_scale(frames, TRUE, 2000, &r, &error));
  g_assert_no_error(error);
  g_assert_true(r.stable);
  g_assert_cmpint(r.grams, ==, 1234);
}

/* Without --stable the first frame is the answer, settled or not. */
static void test_pty_any(void)
{
  static const char *const frames[] = {F18_GRAMS, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  g_assert_true(read_scale(frames, FALSE, 2000, &r, &error));
  g_assert_false(r.stable);
  g_assert_cmpint(r.grams, ==, 600);
}

static void test_pty_unstable(void)
{
  static const char *const frames[] = {F22_UNSTABLE, F18_GRAMS, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  gint64 t0 = g_get_monotonic_time();
  g_assert_false(read_scale(frames, TRUE, 300, &r, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_SCALE_UNSTABLE);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
}

static void test_pty_overload(void)
{
  static const char *const frames[] = {F22_OVERLOAD, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  g_assert_false(read_scale(frames, TRUE, 2000, &r, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_SCALE_OVERLOAD);
}

static void test_pty_negative(void)
{
  static const char *const frames[] = {F22_NEGATIVE, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  g_assert_false(read_scale(frames, TRUE, 2000, &r, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_SCALE_NEGATIVE);
}

/* Noise and a half frame on the line, then good frames: read through. */
static void test_pty_garbage(void)
{
  static const char *const frames[] = {"\x01\x02\xfe noise", "ST,GS,\x01\x30,+00",
                                       F18_STABLE, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  g_assert_true(read_scale(frames, TRUE, 2000, &r, &error));
  g_assert_cmpint(r.grams, ==, 2500);
}

static void test_pty_silent(void)
{
  static const char *const frames[] = {NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  gint64 t0 = g_get_monotonic_time();
  g_assert_false(read_scale(frames, TRUE, 300, &r, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_SCALE_SILENT);
  g_assert_cmpint(g_get_monotonic_time() - t0, >=, 250 * 1000);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
}

/* The cable pulled while the reader waits: DEVICE, not a silent timeout. */
static void test_pty_unplugged(void)
{
  static const char *const frames[] = {F22_UNSTABLE, NULL};
  g_autoptr(GError) error = NULL;
  PosScaleReading r;
  FakeScale *s = fake_scale_start(frames);
  g_autoptr(PosDevice) dev = pos_device_open(fake_scale_uri(s), 1000, &error);
  g_assert_no_error(error);
  fake_scale_unplug(s);
  gint64 t0 = g_get_monotonic_time();
  g_assert_false(pos_scale_read(dev, TRUE, 3000, &r, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_DEVICE);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 2 * G_USEC_PER_SEC);
  fake_scale_stop(s);
}

/* Runs `stall --db DB ARGS...` and returns its exit status. */
static int stall(const char *db, char **out, char **err, ...)
{
  va_list ap;
  va_start(ap, err);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_STALL"), db, ap);
  va_end(ap);
  return tu_run((char **)argv->pdata, out, err);
}

/* `stall scale read` prints JSON and exits by the error table. */
static void test_cli(void)
{
  static const char *const good[] = {F22_UNSTABLE, F22_STABLE, NULL};
  static const char *const heavy[] = {F22_OVERLOAD, NULL};
  static const char *const none[] = {NULL};
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *db = g_build_filename(dir, "l.sqlite", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(stall(db, NULL, NULL, "init", "--stall-name", "정육점", NULL), ==, 0);

  FakeScale *s = fake_scale_start(good);
  g_assert_cmpint(stall(db, &out, &err, "scale", "read", "--device", fake_scale_uri(s),
                        "--stable", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "\"grams\":1234"));
  g_assert_nonnull(strstr(out, "\"stable\":true"));
  fake_scale_stop(s);

  /* The scale from the settings, and an overload: exit 3, scale_overload. */
  s = fake_scale_start(heavy);
  g_assert_cmpint(stall(db, NULL, NULL, "config", "scale_uri", fake_scale_uri(s), NULL), ==, 0);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(stall(db, NULL, &err, "scale", "read", "--stable", NULL), ==, 3);
  g_assert_nonnull(strstr(err, "scale_overload"));
  fake_scale_stop(s);

  s = fake_scale_start(none);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(stall(db, NULL, &err, "scale", "read", "--device", fake_scale_uri(s),
                        "--timeout", "300", NULL), ==, 8);
  g_assert_nonnull(strstr(err, "scale_silent"));
  fake_scale_stop(s);

  /* A setting that is no device URI is refused when set. */
  g_assert_cmpint(stall(db, NULL, NULL, "config", "scale_uri", "ttyUSB0", NULL), ==, 3);
  g_assert_cmpint(stall(db, NULL, NULL, "scale", "read", "--device", "serial:dev?baud=7",
                        NULL), ==, 3);
  g_assert_cmpint(stall(db, NULL, NULL, "scale", "weigh", NULL), ==, 2);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/devices/scale/frames", test_frames);
  g_test_add_func("/devices/scale/resync", test_resync);
  g_test_add_func("/devices/scale/endless-noise", test_endless_noise);
  g_test_add_func("/devices/scale/noise-then-frame", test_noise_then_frame);
  g_test_add_func("/devices/scale/pty-stable", test_pty_stable);
  g_test_add_func("/devices/scale/pty-any", test_pty_any);
  g_test_add_func("/devices/scale/pty-unstable", test_pty_unstable);
  g_test_add_func("/devices/scale/pty-overload", test_pty_overload);
  g_test_add_func("/devices/scale/pty-negative", test_pty_negative);
  g_test_add_func("/devices/scale/pty-garbage", test_pty_garbage);
  g_test_add_func("/devices/scale/pty-silent", test_pty_silent);
  g_test_add_func("/devices/scale/pty-unplugged", test_pty_unplugged);
  g_test_add_func("/devices/scale/cli", test_cli);
  return g_test_run();
}
