/*
** test-devices-printer.c: receipt printers by URI, their status, the
** print queue and the drawer (pos-devices.h, docs/DEVICES.md).
**
** Printers are played by a pseudo-terminal (a serial printer answering
** DLE EOT from a script) and by loopback listeners (a network printer, and
** one that stops reading); what they received is read back with the
** ESC/POS reader (escpos-decode.c): Hangul as text or raster, the QR, the
** cut, the drawer kick.  The queue and the "never kick on a reprint" rule
** are checked through `stall`, as a merchant's script would use them.
*/
#include "devices-testutil.h"
#include "escpos-decode.h"
#include "pos-devices.h"
#include "testutil.h"
#include <glib/gstdio.h>
#include <string.h>

/* A printer that is well, and one whose paper runs out. */
static const FakePrinterScript ready = {
  .status1 = FAKE_STATUS(0), .status2 = FAKE_STATUS(0), .status4 = FAKE_STATUS(0)};

static void test_uri(void)
{
  static const char *const bad[] = {
    "", "lp0", "usb:", "usb:dev/lp0", "serial:/dev/ttyS0?baud=9601", "serial:/dev/ttyS0?flow=x",
    "serial:/dev/ttyS0?speed=9600", "usb:/dev/lp0?baud=9600", "tcp://printer", "tcp://:9100",
    "tcp://h:99999", "tcp://h:9100/x", "cups:", "cups:a b", "cups:q/../x",
    "serial:/dev/ttyS0?timeout=5", "http://h:9100", NULL};
  PosDeviceUri u;
  g_autoptr(GError) error = NULL;

  g_assert_true(pos_device_uri_parse("serial:/dev/ttyUSB0?baud=19200&flow=rtscts&timeout=800",
                                     &u, &error));
  g_assert_cmpint(u.kind, ==, POS_DEVICE_SERIAL);
  g_assert_cmpstr(u.path, ==, "/dev/ttyUSB0");
  g_assert_cmpint(u.baud, ==, 19200);
  g_assert_cmpint(u.flow, ==, POS_FLOW_RTSCTS);
  g_assert_cmpint(u.timeout_ms, ==, 800);
  g_assert_true(pos_device_uri_has_status(&u));
  pos_device_uri_clear(&u);

  g_assert_true(pos_device_uri_parse("serial:/dev/ttyS1", &u, &error));
  g_assert_cmpint(u.baud, ==, 9600);
  g_assert_cmpint(u.flow, ==, POS_FLOW_NONE);
  pos_device_uri_clear(&u);

  g_assert_true(pos_device_uri_parse("tcp://192.168.0.50:9100", &u, &error));
  g_assert_cmpint(u.kind, ==, POS_DEVICE_TCP);
  g_assert_cmpstr(u.path, ==, "192.168.0.50");
  g_assert_cmpint(u.port, ==, 9100);
  pos_device_uri_clear(&u);

  g_assert_true(pos_device_uri_parse("cups:receipt_58", &u, &error));
  g_assert_cmpint(u.kind, ==, POS_DEVICE_CUPS);
  g_assert_false(pos_device_uri_has_status(&u));
  pos_device_uri_clear(&u);

  g_assert_true(pos_device_uri_parse("/tmp/out.bin", &u, &error));
  g_assert_cmpint(u.kind, ==, POS_DEVICE_FILE);
  pos_device_uri_clear(&u);

  for (const char *const *b = bad; *b; b++) {
    g_clear_error(&error);
    if (pos_device_uri_parse(*b, &u, &error))
      g_error("'%s' was accepted", *b);
    g_assert_error(error, POS_ERROR, POS_ERROR_DEVICE_URI);
    g_assert_null(u.path);
  }
}

static void test_status_parse(void)
{
  PosPrinterStatus st = {0};
  g_autoptr(GError) error = NULL;
  g_assert_false(pos_printer_status_parse(1, 0xFF, &st));
  g_assert_false(pos_printer_status_parse(1, 0x00, &st));
  g_assert_false(st.known);
  g_assert_true(pos_printer_status_parse(1, 0x12, &st));
  g_assert_true(st.known);
  g_assert_true(pos_printer_status_check(&st, &error));
  g_assert_cmpstr(pos_printer_status_summary(&st), ==, "ready");

  g_assert_true(pos_printer_status_parse(4, FAKE_STATUS(0x0C), &st));
  g_assert_true(st.near_end);
  g_assert_true(pos_printer_status_check(&st, &error));
  g_assert_cmpstr(pos_printer_status_summary(&st), ==, "paper near end");

  g_assert_true(pos_printer_status_parse(2, FAKE_STATUS(0x04), &st));
  g_assert_false(pos_printer_status_check(&st, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_COVER_OPEN);
  g_clear_error(&error);

  PosPrinterStatus off = {0};
  g_assert_true(pos_printer_status_parse(1, FAKE_STATUS(0x08), &off));
  g_assert_false(pos_printer_status_check(&off, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_PRINTER_OFFLINE);
  g_clear_error(&error);

  PosPrinterStatus out = {0};
  g_assert_true(pos_printer_status_parse(4, FAKE_STATUS(0x60), &out));
  g_assert_false(pos_printer_status_check(&out, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_PAPER_OUT);
}

/* A stream with Hangul text, a native QR and a kick on pin 5. */
static GBytes *sample_job(gboolean raster)
{
  g_autoptr(GError) error = NULL;
  PosEscposOptions o = {.width = 32, .raster_text = raster, .qr_native = !raster,
                        .kick_pin = 5, .kick_pulse_ms = 100};
  GBytes *b = pos_escpos_render("행복청과 영수증\nTOTAL 7,560\n", &o, "https://h/r/1", &error);
  g_assert_no_error(error);
  return b;
}

/* The decoder itself on the project's own streams, both ways of Korean. */
static void test_decode(void)
{
  g_autoptr(GBytes) text = sample_job(FALSE);
  g_autofree char *d = escpos_decode_bytes(text);
  g_assert_nonnull(strstr(d, "init\nkick pin=5 on=100 off=500\ntext 행복청과 영수증\n"));
  g_assert_nonnull(strstr(d, "text TOTAL 7,560\n"));
  g_assert_nonnull(strstr(d, "qr https://h/r/1\n"));
  g_assert_cmpint(escpos_count(d, "cut"), ==, 1);
  g_assert_cmpint(escpos_count(d, "raster"), ==, 0);

  /* Raster Korean on 80 mm: every line an image 576 dots wide, the QR too. */
  g_autoptr(GError) error = NULL;
  PosEscposOptions wide = {.width = 42, .raster_text = TRUE};
  g_autoptr(GBytes) r = pos_escpos_render("행복청과\nTOTAL\n", &wide, "urn:x", &error);
  g_assert_no_error(error);
  g_autofree char *dr = escpos_decode_bytes(r);
  g_assert_cmpint(escpos_count(dr, "text "), ==, 0);
  g_assert_cmpint(escpos_count(dr, "raster 576x"), ==, 3);
  g_assert_null(strstr(dr, " dots=0\n"));
  g_assert_cmpint(escpos_count(dr, "kick"), ==, 0);

  /* A kick that is no kick, a width that is no width. */
  PosEscposOptions bad = {.width = 32, .kick_pin = 3, .kick_pulse_ms = 50};
  g_assert_null(pos_escpos_render("x\n", &bad, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_null(pos_escpos_kick(2, 600, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_INVALID);

  /* A byte no command explains is an error of the reader, not a pass. */
  static const guint8 stray[] = {0x1B, 0x40, 0x1B, 0x21, 0x00};
  g_clear_error(&error);
  g_assert_null(escpos_decode(stray, sizeof stray, &error));
  g_assert_nonnull(error);
}

/* The test page names its width and shows Hangul, a ruler and a QR. */
static void test_test_page(void)
{
  g_autoptr(GError) error = NULL;
  PosEscposOptions o = {.width = 42, .qr_native = TRUE};
  g_autoptr(GBytes) page = pos_escpos_test_page(&o, &error);
  g_assert_no_error(error);
  g_autofree char *d = escpos_decode_bytes(page);
  g_assert_nonnull(strstr(d, "text paper 80 mm: 42 columns, 576 dots\n"));
  g_assert_nonnull(strstr(d, "text 한글 시험"));
  g_assert_nonnull(strstr(d, "text 123456789012345678901234567890123456789012\n"));
  g_assert_cmpint(escpos_count(d, "qr "), ==, 1);
}

static void test_serial_ok(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) job = sample_job(FALSE);
  PosPrinterStatus st;
  FakePrinter *p = fake_printer_serial(&ready);
  g_assert_true(pos_printer_print(fake_printer_uri(p), job, 1000, &st, &error));
  g_assert_no_error(error);
  g_assert_true(st.known);
  g_autoptr(GBytes) got = fake_printer_stop(p);
  g_autofree char *d = escpos_decode_bytes(got);
  /* Asked before and after, the job whole in between. */
  g_assert_cmpint(escpos_count(d, "status "), ==, 6);
  g_assert_nonnull(strstr(d, "status 4\ninit\nkick pin=5"));
  g_assert_nonnull(strstr(d, "text 행복청과 영수증\n"));
  g_assert_nonnull(strstr(d, "cut\nstatus 1\n"));
}

/* Out of paper before the job: nothing but the questions is sent. */
static void test_serial_paper_out(void)
{
  FakePrinterScript script = ready;
  script.status2 = FAKE_STATUS(0x20);
  script.status4 = FAKE_STATUS(0x60);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) job = sample_job(FALSE);
  FakePrinter *p = fake_printer_serial(&script);
  g_assert_false(pos_printer_print(fake_printer_uri(p), job, 1000, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_PAPER_OUT);
  g_autoptr(GBytes) got = fake_printer_stop(p);
  g_autofree char *d = escpos_decode_bytes(got);
  g_assert_cmpstr(d, ==, "status 1\nstatus 2\nstatus 4\n");
}

/* The cover opened: its own code. */
static void test_serial_cover_open(void)
{
  FakePrinterScript script = ready;
  script.status1 = FAKE_STATUS(0x08);
  script.status2 = FAKE_STATUS(0x04);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) job = sample_job(FALSE);
  FakePrinter *p = fake_printer_serial(&script);
  g_assert_false(pos_printer_print(fake_printer_uri(p), job, 1000, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_COVER_OPEN);
  g_bytes_unref(fake_printer_stop(p));
}

/* Paper runs out during the job: every byte went, the job still failed. */
static void test_serial_paper_out_mid_job(void)
{
  g_autoptr(GBytes) job = sample_job(FALSE);
  FakePrinterScript script = ready;
  script.job_bytes = g_bytes_get_size(job) / 2;
  script.after1 = FAKE_STATUS(0x08);
  script.after2 = FAKE_STATUS(0x20);
  script.after4 = FAKE_STATUS(0x60);
  g_autoptr(GError) error = NULL;
  PosPrinterStatus st;
  FakePrinter *p = fake_printer_serial(&script);
  g_assert_false(pos_printer_print(fake_printer_uri(p), job, 1000, &st, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_PAPER_OUT);
  g_assert_true(st.paper_out);
  g_autoptr(GBytes) got = fake_printer_stop(p);
  g_autofree char *d = escpos_decode_bytes(got);
  g_assert_cmpint(escpos_count(d, "cut"), ==, 1);
}

/* A printer with its status off prints blind, within the answer wait. */
static void test_serial_silent(void)
{
  FakePrinterScript script = {.silent = TRUE};
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) job = sample_job(FALSE);
  PosPrinterStatus st;
  FakePrinter *p = fake_printer_serial(&script);
  gint64 t0 = g_get_monotonic_time();
  g_assert_true(pos_printer_print(fake_printer_uri(p), job, 300, &st, &error));
  g_assert_no_error(error);
  g_assert_false(st.known);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 3 * G_USEC_PER_SEC);
  g_bytes_unref(fake_printer_stop(p));
}

/* Missing devices and refused connections are DEVICE errors. */
static void test_unreachable(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) job = sample_job(FALSE);
  g_assert_false(pos_printer_print("usb:/dev/no-such-printer", job, 300, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_DEVICE);
  g_clear_error(&error);
  FakePrinter *p = fake_printer_tcp(&ready);
  g_autofree char *uri = g_strdup(fake_printer_uri(p));
  g_bytes_unref(fake_printer_stop(p));
  g_assert_false(pos_printer_print(uri, job, 300, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_DEVICE);
}

static void test_tcp_ok(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) job = sample_job(TRUE);
  PosPrinterStatus st;
  FakePrinter *p = fake_printer_tcp(&ready);
  g_assert_true(pos_printer_print(fake_printer_uri(p), job, 1000, &st, &error));
  g_assert_no_error(error);
  g_assert_true(st.known);
  g_autoptr(GBytes) got = fake_printer_stop(p);
  g_autofree char *d = escpos_decode_bytes(got);
  g_assert_cmpint(escpos_count(d, "raster 384x"), ==, 3);
  g_assert_nonnull(strstr(d, "kick pin=5 on=100"));
}

/* A network printer that stops reading: the write gives up in bounded time. */
static void test_tcp_stuck(void)
{
  g_autoptr(GError) error = NULL;
  gsize n = 64u << 20;
  g_autofree guint8 *big = g_malloc0(n);
  g_autoptr(GBytes) job = g_bytes_new_static(big, n);
  FakePrinter *p = fake_printer_tcp_stuck();
  gint64 t0 = g_get_monotonic_time();
  g_assert_false(pos_printer_print(fake_printer_uri(p), job, 300, NULL, &error));
  g_assert_error(error, POS_ERROR, POS_ERROR_DEVICE_TIMEOUT);
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
  g_bytes_unref(fake_printer_stop(p));
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

/*
** The queue through `stall`: a cash sale's receipt meets a printer out of
** paper (exit 8, paper_out, the sale kept and the job queued), prints on
** retry to a good printer without the drawer kick, and a reprint never
** kicks either; the Z report and the drawer's logged opening go through
** the same printers.
*/
static void test_cli_queue(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *db = g_build_filename(dir, "l.sqlite", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(stall(db, NULL, NULL, "init", "--stall-name", "행복청과", NULL), ==, 0);
  g_assert_cmpint(stall(db, NULL, NULL, "product", "add", "--plu", "1", "--name", "사과",
                        "--line", "FRUIT", "--price", "3000", "--unit", "piece", "--tax",
                        "exempt", NULL), ==, 0);
  g_assert_cmpint(stall(db, NULL, NULL, "open-day", NULL), ==, 0);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "sell", "--item", "1=2", "--pay",
                        "cash=10000", NULL), ==, 0);
  char *no = strstr(out, "\"receipt_no\":\"");
  g_assert_nonnull(no);
  g_autofree char *receipt = g_strndup(no + 14, strcspn(no + 14, "\""));

  FakePrinterScript empty = ready;
  empty.status4 = FAKE_STATUS(0x60);
  FakePrinter *p = fake_printer_serial(&empty);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(stall(db, NULL, &err, "print", "--receipt", receipt, "--printer",
                        fake_printer_uri(p), "--kick", NULL), ==, 8);
  g_assert_nonnull(strstr(err, "paper_out"));
  g_assert_nonnull(strstr(err, "stays queued"));
  g_bytes_unref(fake_printer_stop(p));

  p = fake_printer_serial(&ready);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "print", "--queued", "--printer",
                        fake_printer_uri(p), NULL), ==, 0);
  g_assert_nonnull(strstr(out, "\"printed\":[1]"));
  g_autoptr(GBytes) retried = fake_printer_stop(p);
  g_autofree char *d = escpos_decode_bytes(retried);
  g_assert_cmpint(escpos_count(d, "kick"), ==, 0);
  g_assert_nonnull(strstr(d, "행복청과"));
  g_assert_cmpint(escpos_count(d, "cut"), ==, 1);

  /* Nothing left; a reprint asked with --kick still does not open the drawer. */
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "print", "--queued", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "\"printed\":[]"));
  g_autofree char *file = g_build_filename(dir, "reprint.bin", NULL);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "print", "--receipt", receipt, "--printer",
                        file, "--kick", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "\"reprint\":true"));
  g_assert_nonnull(strstr(out, "\"drawer\":false"));
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(file, &bytes, &len, NULL));
  g_autofree char *dr = escpos_decode((const guint8 *)bytes, len, NULL);
  g_assert_nonnull(dr);
  g_assert_cmpint(escpos_count(dr, "kick"), ==, 0);

  /* The first print of a new cash sale does kick, with the configured pin and pulse. */
  g_assert_cmpint(stall(db, NULL, NULL, "config", "drawer_pin", "5", NULL), ==, 0);
  g_assert_cmpint(stall(db, NULL, NULL, "config", "drawer_pulse_ms", "120", NULL), ==, 0);
  g_assert_cmpint(stall(db, NULL, NULL, "config", "drawer_pin", "3", NULL), ==, 3);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "sell", "--item", "1=1", "--pay",
                        "cash=3000", NULL), ==, 0);
  no = strstr(out, "\"receipt_no\":\"");
  g_autofree char *second = g_strndup(no + 14, strcspn(no + 14, "\""));
  p = fake_printer_tcp(&ready);
  g_assert_cmpint(stall(db, NULL, NULL, "print", "--receipt", second, "--printer",
                        fake_printer_uri(p), "--kick", "--width", "80", NULL), ==, 0);
  g_autoptr(GBytes) first = fake_printer_stop(p);
  g_autofree char *df = escpos_decode_bytes(first);
  g_assert_nonnull(strstr(df, "status 4\nkick pin=5 on=120 off=500\ninit\n"));

  /* The drawer alone: a reason is required and logged. */
  g_autofree char *kick = g_build_filename(dir, "kick.bin", NULL);
  g_assert_cmpint(stall(db, NULL, NULL, "drawer", "open", "--printer", kick, NULL), ==, 2);
  g_assert_cmpint(stall(db, NULL, NULL, "drawer", "open", "--reason", "잔돈 교환", "--printer",
                        kick, NULL), ==, 0);
  g_clear_pointer(&bytes, g_free);
  g_assert_true(g_file_get_contents(kick, &bytes, &len, NULL));
  g_autofree char *dk = escpos_decode((const guint8 *)bytes, len, NULL);
  g_assert_cmpstr(dk, ==, "kick pin=5 on=120 off=500\n");
  sqlite3 *sql = NULL;
  g_assert_cmpint(sqlite3_open(db, &sql), ==, SQLITE_OK);
  g_assert_cmpint(tu_sql_int(sql, "SELECT count(*) FROM drawer_open WHERE reason = '잔돈 교환'"),
                  ==, 1);
  g_assert_cmpint(tu_sql_int(sql, "SELECT count(*) FROM print_job WHERE state = 'queued'"), ==, 0);
  g_assert_cmpint(tu_sql_int(sql, "SELECT attempts FROM print_job WHERE id = 1"), ==, 2);
  sqlite3_close(sql);

  /* Printer test and status; a bad printer URI; no printer at all. */
  p = fake_printer_serial(&ready);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "printer", "test", "--printer",
                        fake_printer_uri(p), "--raster", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "\"korean\":\"raster\""));
  g_autoptr(GBytes) test = fake_printer_stop(p);
  g_autofree char *dt = escpos_decode_bytes(test);
  g_assert_cmpint(escpos_count(dt, "raster 384x"), >=, 6);
  p = fake_printer_serial(&empty);
  g_clear_pointer(&err, g_free);
  g_assert_cmpint(stall(db, NULL, &err, "printer", "status", "--printer", fake_printer_uri(p),
                        NULL), ==, 8);
  g_assert_nonnull(strstr(err, "paper_out"));
  g_bytes_unref(fake_printer_stop(p));
  g_assert_cmpint(stall(db, NULL, NULL, "printer", "test", "--printer", "lpt1", NULL), ==, 3);
  g_assert_cmpint(stall(db, NULL, NULL, "print", "--z", "2026-01-01", NULL), ==, 2);
  tu_tmpdir_free(g_steal_pointer(&dir));
}

/*
** cups: goes through lp, which stands in for CUPS here: a fake `lp` first
** on PATH writes down its arguments and the job it was given, then does
** what LP_MODE says (take it, refuse it as lp does, or hang).  What is
** tested is our side: the queue name and raw mode on lp's command line,
** the receipt's bytes on its input, lp's own words in the error when it
** refuses (exit 8, the job kept queued), and the timeout when it hangs.
** No CUPS server runs in CI, so the spooler itself is not.
*/
static void test_cups_through_lp(void)
{
  g_autofree char *dir = tu_tmpdir();
  g_autofree char *db = g_build_filename(dir, "l.sqlite", NULL);
  g_autofree char *lp = g_build_filename(dir, "lp", NULL);
  g_assert_true(g_file_set_contents(lp,
                                    "#!/bin/sh\n"
                                    "printf '%s\\n' \"$@\" > \"$LP_DIR/args\"\n"
                                    "cat > \"$LP_DIR/job\"\n"
                                    "case \"$LP_MODE\" in\n"
                                    "fail) echo 'lp: The printer or class does not exist.'; exit 1 ;;\n"
                                    "hang) exec sleep 30 ;;\n"
                                    "esac\n"
                                    "echo 'request id is Kitchen-7 (1 file(s))'\n",
                                    -1, NULL));
  g_assert_cmpint(g_chmod(lp, 0755), ==, 0);
  g_autofree char *path = g_strconcat(dir, ":", g_getenv("PATH"), NULL);
  g_autofree char *old_path = g_strdup(g_getenv("PATH"));
  g_setenv("PATH", path, TRUE);
  g_setenv("LP_DIR", dir, TRUE);
  g_setenv("LP_MODE", "take", TRUE);

  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(stall(db, NULL, NULL, "init", "--stall-name", "행복청과", NULL), ==, 0);
  g_assert_cmpint(stall(db, NULL, NULL, "product", "add", "--plu", "1", "--name", "사과",
                        "--line", "FRUIT", "--price", "3000", "--unit", "piece", "--tax",
                        "exempt", NULL), ==, 0);
  g_assert_cmpint(stall(db, NULL, NULL, "open-day", NULL), ==, 0);
  g_assert_cmpint(stall(db, &out, NULL, "--json", "sell", "--item", "1=1", "--pay",
                        "cash=3000", NULL), ==, 0);
  char *no = strstr(out, "\"receipt_no\":\"");
  g_assert_nonnull(no);
  g_autofree char *receipt = g_strndup(no + 14, strcspn(no + 14, "\""));

  g_assert_cmpint(stall(db, NULL, NULL, "print", "--receipt", receipt, "--printer",
                        "cups:Kitchen_Raw", "--kick", NULL), ==, 0);
  g_autofree char *args_path = g_build_filename(dir, "args", NULL);
  g_autofree char *job_path = g_build_filename(dir, "job", NULL);
  g_autofree char *args = NULL, *job = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(args_path, &args, NULL, NULL));
  g_assert_nonnull(strstr(args, "-dKitchen_Raw\n"));
  g_assert_nonnull(strstr(args, "-oraw\n"));
  g_assert_true(g_file_get_contents(job_path, &job, &len, NULL));
  g_autofree char *decoded = escpos_decode((const guint8 *)job, len, NULL);
  g_assert_nonnull(decoded);
  g_assert_nonnull(strstr(decoded, "행복청과"));
  g_assert_cmpint(escpos_count(decoded, "cut"), ==, 1);
  g_assert_cmpint(escpos_count(decoded, "kick"), ==, 1);   /* the cash sale's first print */

  /* lp refuses: its words reach the merchant, the job stays queued */
  g_setenv("LP_MODE", "fail", TRUE);
  g_assert_cmpint(stall(db, NULL, &err, "print", "--receipt", receipt, "--printer",
                        "cups:Nowhere", NULL), ==, 8);
  g_assert_nonnull(strstr(err, "does not exist"));
  g_assert_nonnull(strstr(err, "stays queued"));

  /* lp hangs: the device timeout, not a till that waits for ever */
  g_setenv("LP_MODE", "hang", TRUE);
  g_clear_pointer(&err, g_free);
  gint64 t0 = g_get_monotonic_time();
  g_assert_cmpint(stall(db, NULL, &err, "print", "--receipt", receipt, "--printer",
                        "cups:Kitchen_Raw?timeout=300", NULL), ==, 8);
  g_assert_nonnull(strstr(err, "device_timeout"));
  g_assert_cmpint(g_get_monotonic_time() - t0, <, 20 * G_USEC_PER_SEC);

  g_setenv("PATH", old_path, TRUE);
  g_unsetenv("LP_DIR");
  g_unsetenv("LP_MODE");
  tu_tmpdir_free(g_steal_pointer(&dir));
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/devices/printer/uri", test_uri);
  g_test_add_func("/devices/printer/status-parse", test_status_parse);
  g_test_add_func("/devices/printer/decode", test_decode);
  g_test_add_func("/devices/printer/test-page", test_test_page);
  g_test_add_func("/devices/printer/serial-ok", test_serial_ok);
  g_test_add_func("/devices/printer/serial-paper-out", test_serial_paper_out);
  g_test_add_func("/devices/printer/serial-cover-open", test_serial_cover_open);
  g_test_add_func("/devices/printer/serial-paper-out-mid-job", test_serial_paper_out_mid_job);
  g_test_add_func("/devices/printer/serial-silent", test_serial_silent);
  g_test_add_func("/devices/printer/unreachable", test_unreachable);
  g_test_add_func("/devices/printer/tcp-ok", test_tcp_ok);
  g_test_add_func("/devices/printer/tcp-stuck", test_tcp_stuck);
  g_test_add_func("/devices/printer/cli-queue", test_cli_queue);
  g_test_add_func("/devices/printer/cups-through-lp", test_cups_through_lp);
  return g_test_run();
}
