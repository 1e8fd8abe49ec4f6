/*
** stall-cli-devices.c: `stall print`, `stall printer`, `stall drawer` and
** `stall scale`, the devices from the command line (docs/DEVICES.md).
**
**   stall print --receipt ID|RECEIPT_NO [--printer URI] [--kick]
**   stall print --z DAY [--printer URI]
**   stall print --queued [--printer URI]
**   stall printer test|status [--printer URI] [--width 58|80] [--raster] [--native-qr]
**   stall drawer open --reason TEXT [--printer URI]
**   stall scale read [--device URI] [--stable] [--timeout MS]
**
** Printing always goes through the ledger's queue: the job is stored
** first, then tried, and a failure leaves it queued with the error's code
** for `print --queued` (or the till) to retry.  The drawer kick rides only
** on the first print of a receipt: a reprint or a retry never opens the
** drawer.  The printer and the scale default to the ledger's settings
** (printer_path, scale_uri), and every device wait is bounded by
** --timeout (or the URI's timeout=).
*/
#include "internal/stall-cli-int.h"
#include "pos-devices.h"
#include "wire-codec.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long `scale read --stable` waits for the weight to settle by default. */
#define SCALE_WAIT_DEFAULT_MS 5000

const char *const stall_print_options[] = {"receipt", "z", "queued!", "printer", "kick!",
                                           "timeout", "width", NULL};
const char *const stall_printer_options[] = {"printer", "width", "raster!", "native-qr!",
                                             "timeout", NULL};
const char *const stall_drawer_options[] = {"printer", "reason", "timeout", NULL};
const char *const stall_scale_options[] = {"device", "stable!", "timeout", NULL};

/* --timeout MS (100-60000), or 0 for the device's default; -1 when malformed. */
static int timeout_opt(StallCli *a)
{
  const char *v = stall_cli_opt(a, "timeout");
  char *end = NULL;
  if (v == NULL)
    return 0;
  long ms = strtol(v, &end, 10);
  return *v != '\0' && *end == '\0' && ms >= 100 && ms <= POS_DEVICE_TIMEOUT_MAX_MS ? (int)ms
                                                                                     : -1;
}

/* The printer: --printer, else the printer_path setting; NULL when neither. */
static const char *printer_of(StallCli *a, const PosSettings *st)
{
  const char *p = stall_cli_opt(a, "printer");
  return p ? p : st->printer_path;
}

/*
** The stream options from the settings, with --width 58|80, --raster and
** --native-qr on top; FALSE for a width that is neither.
*/
static gboolean escpos_options(StallCli *a, const PosSettings *st,
                               PosEscposOptions *o)
{
  const char *w = stall_cli_opt(a, "width");
  pos_escpos_options_from_settings(st, o);
  if (w != NULL && strcmp(w, "58") != 0 && strcmp(w, "80") != 0)
    return FALSE;
  if (w != NULL)
    o->width = strcmp(w, "80") == 0 ? 42 : 32;
  if (g_hash_table_contains(a->opts, "raster"))
    o->raster_text = TRUE;
  if (g_hash_table_contains(a->opts, "native-qr"))
    o->qr_native = TRUE;
  return TRUE;
}

/* The status fields every command that asked a printer reports. */
static void add_status(cJSON *o, const PosPrinterStatus *st)
{
  cJSON *s = cJSON_AddObjectToObject(o, "status");
  cJSON_AddBoolToObject(s, "known", st->known);
  cJSON_AddBoolToObject(s, "paper_out", st->paper_out);
  cJSON_AddBoolToObject(s, "near_end", st->near_end);
  cJSON_AddBoolToObject(s, "cover_open", st->cover_open);
  cJSON_AddBoolToObject(s, "offline", st->offline || st->error);
  cJSON_AddStringToObject(s, "summary", pos_printer_status_summary(st));
}

/*
** One attempt at a queued job, recorded either way.  extra (the drawer
** kick of a first print) goes in front of the stored bytes for this
** attempt only.  On failure the error names the job, so the merchant
** knows it is kept and how to retry.
*/
static gboolean attempt(StallCli *a, const PosPrintJob *job, const char *printer,
                        GBytes *extra, int timeout_ms, PosPrinterStatus *st, GError **error)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(GBytes) bytes = g_bytes_ref(job->bytes);
  if (extra != NULL) {
    g_autoptr(GByteArray) both = g_byte_array_new();
    g_byte_array_append(both, g_bytes_get_data(extra, NULL), (guint)g_bytes_get_size(extra));
    g_byte_array_append(both, g_bytes_get_data(job->bytes, NULL),
                        (guint)g_bytes_get_size(job->bytes));
    g_bytes_unref(bytes);
    bytes = g_byte_array_free_to_bytes(g_steal_pointer(&both));
  }
  gboolean ok = pos_printer_print(printer, bytes, timeout_ms, st, &e);
  if (!pos_ledger_print_attempt(a->ledger, job->id, ok, ok ? NULL : pos_error_code_name(e->code),
                                ok ? NULL : e->message, error))
    return FALSE;
  if (!ok) {
    g_prefix_error(&e, "print job %lld stays queued ('stall print --queued' retries it): ",
                   (long long)job->id);
    g_propagate_error(error, g_steal_pointer(&e));
  }
  return ok;
}

/* Queues bytes as a job of kind for ref, then tries it once. */
static int queue_and_print(StallCli *a, PosPrintKind kind, const char *ref,
                           const char *printer, GBytes *bytes, GBytes *kick, gboolean reprint,
                           int timeout_ms, GError **error)
{
  int64_t id = 0;
  PosPrinterStatus st = {0};
  if (!pos_ledger_print_enqueue(a->ledger, kind, ref, printer, bytes, &id, error))
    return -1;
  g_autoptr(PosPrintJob) job = pos_ledger_print_job(a->ledger, id, error);
  if (job == NULL || !attempt(a, job, printer, kick, timeout_ms, &st, error))
    return -1;
  if (a->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "job", (double)id);
    cJSON_AddStringToObject(o, "kind", pos_print_kind_name(kind));
    cJSON_AddStringToObject(o, "ref", ref);
    cJSON_AddBoolToObject(o, "printed", TRUE);
    cJSON_AddBoolToObject(o, "reprint", reprint);
    cJSON_AddBoolToObject(o, "drawer", kick != NULL);
    add_status(o, &st);
    stall_cli_print_json(o);
  } else {
    printf(_("printed job %lld (%s %s)%s; printer: %s\n"), (long long)id,
           pos_print_kind_name(kind), ref, kick ? _(", drawer opened") : "",
           pos_printer_status_summary(&st));
  }
  return 0;
}

/* Every queued job in order; stops at the first that fails, keeping order. */
static int print_queued(StallCli *a, int timeout_ms, GError **error)
{
  g_autoptr(GPtrArray) jobs = pos_ledger_print_queued(a->ledger, error);
  if (jobs == NULL)
    return -1;
  g_autoptr(cJSON) printed = cJSON_CreateArray();
  for (guint i = 0; i < jobs->len; i++) {
    const PosPrintJob *job = g_ptr_array_index(jobs, i);
    const char *printer = stall_cli_opt(a, "printer") ? stall_cli_opt(a, "printer") : job->printer;
    PosPrinterStatus st;
    if (!attempt(a, job, printer, NULL, timeout_ms, &st, error))
      return -1;
    cJSON_AddItemToArray(printed, cJSON_CreateNumber((double)job->id));
    if (!a->json)
      printf(_("printed job %lld (%s %s)\n"), (long long)job->id, pos_print_kind_name(job->kind),
             job->ref);
  }
  if (a->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "printed", g_steal_pointer(&printed));
    stall_cli_print_json(o);
  } else if (jobs->len == 0) {
    printf(_("the print queue is empty\n"));
  }
  return 0;
}

/*
** The kick for a first print of a sale when --kick is given: a reprint
** (the receipt was queued before) never opens the drawer.
*/
static GBytes *first_print_kick(StallCli *a, const PosSettings *st, gboolean reprint,
                                GError **error)
{
  if (!g_hash_table_contains(a->opts, "kick") || reprint)
    return NULL;
  return pos_escpos_kick(st->drawer_pin, st->drawer_pulse_ms, error);
}

int stall_cmd_print(StallCli *a, GError **error)
{
  const char *receipt = stall_cli_opt(a, "receipt"), *day = stall_cli_opt(a, "z");
  gboolean queued = g_hash_table_contains(a->opts, "queued");
  int timeout_ms = timeout_opt(a);
  PosSettings st;
  PosEscposOptions o;
  int rc = -1;

  if ((receipt != NULL) + (day != NULL) + queued != 1 || a->args->len != 0)
    return stall_cli_usage_error(a, "%s", "print --receipt ID|RECEIPT_NO | --z DAY | --queued [--printer URI] "
                    "[--kick] [--width 58|80] [--timeout MS]");
  if (timeout_ms < 0)
    return stall_cli_usage_error(a, "%s", "print --timeout takes 100-60000 ms");
  if (queued)
    return print_queued(a, timeout_ms, error);
  if (!pos_ledger_get_settings(a->ledger, &st, error))
    return -1;
  const char *printer = printer_of(a, &st);
  if (printer == NULL) {
    rc = stall_cli_usage_error(a, "%s", "no printer: give --printer URI or set one with "
                  "'stall config printer_path URI'");
    goto out;
  }
  if (!escpos_options(a, &st, &o)) {
    rc = stall_cli_usage_error(a, "%s", "print --width takes 58 or 80");
    goto out;
  }
  if (receipt != NULL) {
    g_autoptr(PosSale) sale = pos_ledger_load_sale(a->ledger, receipt, error);
    gboolean reprint = FALSE;
    if (sale == NULL || !pos_ledger_print_seen(a->ledger, POS_PRINT_RECEIPT, sale->id, &reprint,
                                               error))
      goto out;
    g_autoptr(GBytes) bytes = pos_receipt_escpos_with(sale, &st, &o, error);
    g_autoptr(GError) kick_error = NULL;
    g_autoptr(GBytes) kick = first_print_kick(a, &st, reprint, &kick_error);
    if (kick_error != NULL) {
      g_propagate_error(error, g_steal_pointer(&kick_error));
      goto out;
    }
    if (bytes != NULL)
      rc = queue_and_print(a, POS_PRINT_RECEIPT, sale->id, printer, bytes, kick, reprint,
                           timeout_ms, error);
  } else {
    int64_t session = 0;
    PosZReport z;
    if (!pos_ledger_day_session(a->ledger, day, &session, error)
        || !pos_ledger_session_report(a->ledger, session, &z, error))
      goto out;
    g_autoptr(GBytes) bytes = pos_zreport_escpos_with(&z, &st, &o, error);
    g_autofree char *ref = g_strdup_printf("%lld", (long long)session);
    pos_zreport_clear(&z);
    if (bytes != NULL)
      rc = queue_and_print(a, POS_PRINT_ZREPORT, ref, printer, bytes, NULL, FALSE, timeout_ms,
                           error);
  }
out:
  pos_settings_clear(&st);
  return rc;
}

/* `printer status`: asks and reports; trouble is the command's failure. */
static int printer_status(StallCli *a, const char *printer, int timeout_ms,
                          GError **error)
{
  PosPrinterStatus st;
  g_autoptr(PosDevice) dev = pos_device_open(printer, timeout_ms, error);
  if (dev == NULL || !pos_printer_status_query(dev, timeout_ms, &st, error))
    return -1;
  if (!pos_printer_status_check(&st, error))
    return -1;
  if (a->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "printer", printer);
    add_status(o, &st);
    stall_cli_print_json(o);
  } else {
    printf("%s: %s\n", printer, pos_printer_status_summary(&st));
  }
  return 0;
}

/*
** `printer test` prints the test page directly, not through the queue: a
** test that failed is not a receipt anyone is owed.
*/
int stall_cmd_printer(StallCli *a, GError **error)
{
  const char *what = stall_cli_arg(a, 0);
  int timeout_ms = timeout_opt(a);
  PosSettings st;
  PosEscposOptions o;
  PosPrinterStatus status = {0};
  int rc = -1;

  if (a->args->len != 1 || (g_strcmp0(what, "test") != 0 && g_strcmp0(what, "status") != 0))
    return stall_cli_usage_error(a, "%s", "printer test|status [--printer URI] [--width 58|80] [--raster] "
                    "[--native-qr] [--timeout MS]");
  if (timeout_ms < 0)
    return stall_cli_usage_error(a, "%s", "printer --timeout takes 100-60000 ms");
  if (!pos_ledger_get_settings(a->ledger, &st, error))
    return -1;
  const char *printer = printer_of(a, &st);
  if (printer == NULL) {
    rc = stall_cli_usage_error(a, "%s", "no printer: give --printer URI or set one with "
                  "'stall config printer_path URI'");
  } else if (!escpos_options(a, &st, &o)) {
    rc = stall_cli_usage_error(a, "%s", "printer --width takes 58 or 80");
  } else if (strcmp(what, "status") == 0) {
    rc = printer_status(a, printer, timeout_ms, error);
  } else {
    g_autoptr(GBytes) page = pos_escpos_test_page(&o, error);
    if (page != NULL && pos_printer_print(printer, page, timeout_ms, &status, error)) {
      rc = 0;
      if (a->json) {
        g_autoptr(cJSON) j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "printer", printer);
        cJSON_AddNumberToObject(j, "paper_mm", o.width == 42 ? 80 : 58);
        cJSON_AddStringToObject(j, "korean", o.raster_text ? "raster" : "text");
        cJSON_AddStringToObject(j, "qr", o.qr_native ? "native" : "raster");
        cJSON_AddNumberToObject(j, "bytes", (double)g_bytes_get_size(page));
        add_status(j, &status);
        stall_cli_print_json(j);
      } else {
        printf(_("test page sent to %s (%d mm, Korean as %s, QR %s); printer: %s\n"), printer,
               o.width == 42 ? 80 : 58, o.raster_text ? "raster" : "text",
               o.qr_native ? "native" : "raster", pos_printer_status_summary(&status));
      }
    }
  }
  pos_settings_clear(&st);
  return rc;
}

/*
** `drawer open`: the reason is logged first, then the kick is sent
** straight to the printer without the status checks of a job, since a
** printer out of paper still opens its drawer.
*/
int stall_cmd_drawer(StallCli *a, GError **error)
{
  const char *reason = stall_cli_opt(a, "reason");
  int timeout_ms = timeout_opt(a);
  PosSettings st;
  int rc = -1;
  /* before the first goto: out: frees them, so they must be set on every path */
  g_autoptr(GBytes) kick = NULL;
  g_autoptr(PosDevice) dev = NULL;

  if (g_strcmp0(stall_cli_arg(a, 0), "open") != 0 || a->args->len != 1 || reason == NULL)
    return stall_cli_usage_error(a, "%s", "drawer open --reason TEXT [--printer URI] [--timeout MS]");
  if (timeout_ms < 0)
    return stall_cli_usage_error(a, "%s", "drawer --timeout takes 100-60000 ms");
  if (!pos_ledger_get_settings(a->ledger, &st, error))
    return -1;
  const char *printer = printer_of(a, &st);
  if (printer == NULL) {
    rc = stall_cli_usage_error(a, "%s", "no printer: the drawer hangs on the printer; give --printer URI");
    goto out;
  }
  kick = pos_escpos_kick(st.drawer_pin, st.drawer_pulse_ms, error);
  if (kick == NULL || !pos_ledger_drawer_log(a->ledger, reason, NULL, error))
    goto out;
  dev = pos_device_open(printer, timeout_ms, error);
  if (dev == NULL
      || !pos_device_write(dev, g_bytes_get_data(kick, NULL), g_bytes_get_size(kick), error)
      || !pos_device_finish(dev, error))
    goto out;
  if (a->json) {
    g_autoptr(cJSON) o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "opened", TRUE);
    cJSON_AddStringToObject(o, "reason", reason);
    cJSON_AddNumberToObject(o, "pin", st.drawer_pin);
    cJSON_AddNumberToObject(o, "pulse_ms", st.drawer_pulse_ms);
    stall_cli_print_json(o);
  } else {
    printf(_("drawer opened (logged: %s)\n"), reason);
  }
  rc = 0;
out:
  pos_settings_clear(&st);
  return rc;
}

/*
** `scale read`: one frame, or with --stable the first stable one, always
** as one JSON object (it is for setup screens and scripts).
*/
int stall_cmd_scale(StallCli *a, GError **error)
{
  int timeout_ms = timeout_opt(a);
  gboolean stable = g_hash_table_contains(a->opts, "stable");
  g_autofree char *device = g_strdup(stall_cli_opt(a, "device"));
  PosScaleReading r;

  if (g_strcmp0(stall_cli_arg(a, 0), "read") != 0 || a->args->len != 1)
    return stall_cli_usage_error(a, "%s", "scale read [--device URI] [--stable] [--timeout MS]");
  if (timeout_ms < 0)
    return stall_cli_usage_error(a, "%s", "scale --timeout takes 100-60000 ms");
  if (device == NULL) {
    PosSettings st;
    if (!pos_ledger_get_settings(a->ledger, &st, error))
      return -1;
    device = g_strdup(st.scale_uri);
    pos_settings_clear(&st);
  }
  if (device == NULL)
    return stall_cli_usage_error(a, "%s", "no scale: give --device URI or set one with 'stall config scale_uri URI'");
  if (timeout_ms == 0)
    timeout_ms = SCALE_WAIT_DEFAULT_MS;
  g_autoptr(PosDevice) dev = pos_device_open(device, timeout_ms, error);
  if (dev == NULL || !pos_scale_read(dev, stable, timeout_ms, &r, error))
    return -1;
  g_autoptr(cJSON) o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "grams", (double)r.grams);
  cJSON_AddBoolToObject(o, "stable", r.stable);
  cJSON_AddBoolToObject(o, "overload", r.overload);
  cJSON_AddBoolToObject(o, "negative", r.negative);
  cJSON_AddBoolToObject(o, "net", r.net);
  cJSON_AddStringToObject(o, "unit", r.unit);
  cJSON_AddNumberToObject(o, "frame_bytes", r.frame_len);
  stall_cli_print_json(o);
  return 0;
}
