/*
** pos-settings.c: the stall's settings and secrets.
**
** Settings are key/value rows, each key with its own validation in one
** table below, so the CLI, the till and enrollment all go through the same
** checks.  Secrets (the device token) live in their own table and are never
** returned with the settings, so no listing can print them by accident.
*/
#include "pos-int.h"
#include "mb-file.h"
#include <stdlib.h>
#include <string.h>

typedef gboolean (*SettingCheck)(const char *value);

static gboolean check_name(const char *v)
{
  return v && *v && strlen(v) <= POS_NAME_MAX && g_utf8_validate(v, -1, NULL);
}
static gboolean check_text(const char *v)
{
  return v && strlen(v) <= 200 && g_utf8_validate(v, -1, NULL);
}
static gboolean check_rounding(const char *v)
{
  return v && (strcmp(v, "1") == 0 || strcmp(v, "10") == 0 || strcmp(v, "100") == 0);
}
static gboolean check_int_range(const char *v, int lo, int hi)
{
  char *end = NULL;
  if (v == NULL || *v == '\0')
    return FALSE;
  long n = strtol(v, &end, 10);
  return *end == '\0' && n >= lo && n <= hi;
}
static gboolean check_pct(const char *v) { return check_int_range(v, 1, 100); }
static gboolean check_geun(const char *v) { return check_int_range(v, 100, 1000); }
static gboolean check_pattern(const char *v)
{
  return v && (*v == '\0' || pos_instore_pattern_valid(v, NULL));
}
static gboolean check_url(const char *v)
{
  return v && (g_str_has_prefix(v, "http://") || g_str_has_prefix(v, "https://"))
         && strlen(v) <= 200 && strpbrk(v, " \t\r\n") == NULL;
}
static gboolean check_business_no(const char *v)
{
  /* 사업자등록번호: 10 digits, often written 123-45-67890 */
  int digits = 0;
  for (const char *p = v ? v : ""; *p; p++) {
    if (*p >= '0' && *p <= '9')
      digits++;
    else if (*p != '-')
      return FALSE;
  }
  return v && (*v == '\0' || digits == 10);
}
static gboolean check_device(const char *v)
{
  size_t n = v ? strlen(v) : 0;
  return n >= 4 && n <= 8 && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n;
}

/*
** A printer or scale setting: a bare absolute path (older ledgers held one)
** or one of the device URI schemes.  Only the shape is checked here; the
** devices module (pos/devices/) parses the query and says what is wrong.
*/
static gboolean check_device_uri(const char *v)
{
  static const char *const schemes[] = {"usb:", "serial:", "tcp://", "cups:", "/"};
  if (v == NULL || *v == '\0')
    return v != NULL;
  if (strlen(v) > 200 || strpbrk(v, " \t\r\n") != NULL)
    return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++)
    if (g_str_has_prefix(v, schemes[i]) && v[strlen(schemes[i])] != '\0')
      return TRUE;
  return FALSE;
}
static gboolean check_one_of(const char *v, const char *a, const char *b)
{
  return v && (strcmp(v, a) == 0 || strcmp(v, b) == 0);
}
static gboolean check_width(const char *v) { return check_one_of(v, "58", "80"); }
static gboolean check_hangul(const char *v) { return check_one_of(v, "text", "raster"); }
static gboolean check_qr(const char *v) { return check_one_of(v, "raster", "native"); }
static gboolean check_pin(const char *v) { return check_one_of(v, "2", "5"); }
static gboolean check_pulse(const char *v) { return check_int_range(v, 2, 510); }
static gboolean check_diff(const char *v) { return check_int_range(v, 0, 100000000); }
static gboolean check_min_weight(const char *v) { return check_int_range(v, 1, 1000); }
/* Unix ms, or empty to clear: a time too large for check_int_range's long on 32 bits. */
static gboolean check_ms(const char *v)
{
  return v && strlen(v) <= 15 && strspn(v, "0123456789") == strlen(v);
}

static const struct {
  const char *key;
  SettingCheck check;
  const char *rule;
} setting_rules[] = {
  {"stall_name", check_name, "1-120 bytes of UTF-8"},
  {"business_no", check_business_no, "10 digits (123-45-67890)"},
  {"address", check_text, "at most 200 bytes"},
  {"phone", check_text, "at most 200 bytes"},
  {"device_id", check_device, "4-8 of A-Z, 0-9"},
  {"rounding_unit", check_rounding, "1, 10 or 100"},
  {"onnuri_change_pct", check_pct, "1-100"},
  {"geun_g", check_geun, "100-1000 grams"},
  {"instore_pattern", check_pattern, "a pattern like 21PPPPPWWWWWC"},
  {"hub_url", check_url, "an http:// or https:// URL"},
  {"stall_code", check_text, "at most 200 bytes"},
  {"printer_path", check_device_uri, "a device URI (usb:, serial:, tcp://, cups:) or a path"},
  {"printer_width", check_width, "58 or 80 (mm of paper)"},
  {"printer_hangul", check_hangul, "text (the printer's Korean font) or raster"},
  {"printer_qr", check_qr, "raster or native (GS ( k)"},
  {"drawer_pin", check_pin, "2 or 5 (the drawer connector's pin)"},
  {"drawer_pulse_ms", check_pulse, "2-510 milliseconds"},
  {"scale_uri", check_device_uri, "a device URI (serial:, usb:, tcp://) or a path"},
  {"cash_diff_threshold", check_diff, "0-100000000 won"},
  {"min_weight_g", check_min_weight, "1-1000 grams"},
  {"sync_offline_since_ms", check_ms, "a time in Unix ms, or empty"},
};

void pos_settings_clear(PosSettings *s)
{
  g_free(s->stall_name);
  g_free(s->business_no);
  g_free(s->address);
  g_free(s->phone);
  g_free(s->device_id);
  g_free(s->instore_pattern);
  g_free(s->hub_url);
  g_free(s->stall_code);
  g_free(s->printer_path);
  g_free(s->scale_uri);
  memset(s, 0, sizeof *s);
}

static gboolean put_setting(PosLedger *ledger, const char *key, const char *value,
                            GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "INSERT INTO setting(key, value) VALUES(?1, ?2)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
  return pos_ledger_step_done(ledger, st, "saving a setting", error);
}

gboolean pos_setting_check(const char *key, const char *value, GError **error)
{
  for (size_t i = 0; i < G_N_ELEMENTS(setting_rules); i++) {
    if (strcmp(key, setting_rules[i].key) != 0)
      continue;
    if (!setting_rules[i].check(value)) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "setting %s: '%s' is not %s", key,
                  value ? value : "", setting_rules[i].rule);
      return FALSE;
    }
    if (strcmp(key, "device_id") == 0) {
      g_set_error(error, POS_ERROR, POS_ERROR_STATE,
                  "the device id is fixed at init: receipt numbers depend on it");
      return FALSE;
    }
    return TRUE;
  }
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "unknown setting '%s'", key);
  return FALSE;
}

gboolean pos_ledger_set_setting(PosLedger *ledger, const char *key, const char *value,
                                GError **error)
{
  return pos_setting_check(key, value, error) && put_setting(ledger, key, value, error);
}

/*
** A random device id (4 chars of a 32-letter alphabet without 0/O/1/I) goes
** in front of every receipt number, so two offline tills of one stall never
** print the same number (the OCA/l10n-spain lesson: docs/DOMAIN.md, Ids and
** receipt numbers).
*/
gboolean pos_ledger_init_stall(PosLedger *ledger, const char *stall_name, int rounding_unit,
                               GError **error)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char device[5];
  g_autofree char *rounding = g_strdup_printf("%d", rounding_unit);
  if (!check_name(stall_name) || !check_rounding(rounding)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                check_name(stall_name) ? "rounding unit must be 1, 10 or 100"
                                       : "stall name must be 1-120 bytes of UTF-8");
    return FALSE;
  }
  if (ledger->device_id != NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE, "this ledger already has a stall");
    return FALSE;
  }
  for (int i = 0; i < 4; i++)
    device[i] = alphabet[g_random_int_range(0, 32)];
  device[4] = '\0';
  if (!pos_ledger_begin(ledger, error))
    return FALSE;
  if (!put_setting(ledger, "stall_name", stall_name, error)
      || !put_setting(ledger, "rounding_unit", rounding, error)
      || !put_setting(ledger, "device_id", device, error)
      || !pos_ledger_commit(ledger, error)) {
    pos_ledger_rollback(ledger);
    return FALSE;
  }
  ledger->device_id = g_strdup(device);
  return TRUE;
}

static int setting_int(GHashTable *kv, const char *key, int fallback)
{
  const char *v = g_hash_table_lookup(kv, key);
  return v ? atoi(v) : fallback;
}

gboolean pos_ledger_get_settings(PosLedger *ledger, PosSettings *out, GError **error)
{
  g_autoptr(GHashTable) kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *st = pos_ledger_stmt(ledger, "SELECT key, value FROM setting", error);
  int rc;
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_hash_table_insert(kv, pos_col_strdup(st, 0), pos_col_strdup(st, 1));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading settings",
                       error);
  if (!g_hash_table_contains(kv, "device_id")) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_INITIALISED,
                "no stall in this ledger yet: run 'stall init --stall-name NAME'");
    return FALSE;
  }
  memset(out, 0, sizeof *out);
#define TAKE(field) out->field = g_strdup(g_hash_table_lookup(kv, #field))
  TAKE(stall_name);
  TAKE(business_no);
  TAKE(address);
  TAKE(phone);
  TAKE(device_id);
  TAKE(instore_pattern);
  TAKE(hub_url);
  TAKE(stall_code);
  TAKE(printer_path);
  TAKE(scale_uri);
#undef TAKE
  if (out->printer_path && *out->printer_path == '\0')
    g_clear_pointer(&out->printer_path, g_free);
  if (out->scale_uri && *out->scale_uri == '\0')
    g_clear_pointer(&out->scale_uri, g_free);
  out->printer_width_mm = setting_int(kv, "printer_width", 58);
  out->printer_raster = g_strcmp0(g_hash_table_lookup(kv, "printer_hangul"), "raster") == 0;
  out->qr_native = g_strcmp0(g_hash_table_lookup(kv, "printer_qr"), "native") == 0;
  out->drawer_pin = setting_int(kv, "drawer_pin", 2);
  out->drawer_pulse_ms = setting_int(kv, "drawer_pulse_ms", 50);
  out->rounding_unit = setting_int(kv, "rounding_unit", 1);
  out->onnuri_change_pct = setting_int(kv, "onnuri_change_pct", POS_ONNURI_CHANGE_PCT_DEFAULT);
  out->geun_g = setting_int(kv, "geun_g", POS_GEUN_MEAT_G);
  out->cash_diff_threshold = setting_int(kv, "cash_diff_threshold", POS_CASH_DIFF_DEFAULT);
  out->min_weight_g = setting_int(kv, "min_weight_g", POS_MIN_WEIGHT_G_DEFAULT);
  const char *since = g_hash_table_lookup(kv, "sync_offline_since_ms");
  out->offline_since_ms = since ? g_ascii_strtoll(since, NULL, 10) : 0;
  if (out->instore_pattern && *out->instore_pattern == '\0')
    g_clear_pointer(&out->instore_pattern, g_free);
  return TRUE;
}

void pos_ledger_cart_rules(PosLedger *ledger, PosCartRules *out)
{
  PosSettings s;
  out->rounding_unit = 1;
  out->onnuri_change_pct = POS_ONNURI_CHANGE_PCT_DEFAULT;
  if (pos_ledger_get_settings(ledger, &s, NULL)) {
    out->rounding_unit = s.rounding_unit;
    out->onnuri_change_pct = s.onnuri_change_pct;
    pos_settings_clear(&s);
  }
}

/*
** The ledger is made owner-only before a secret goes in: a ledger created
** by an older program, or copied with a loose mode, is 0644, and its WAL
** would hold the token first.  Not for a ledger opened by URI (tests).
*/
gboolean pos_ledger_set_secret(PosLedger *ledger, const char *key, const char *value,
                               GError **error)
{
  g_autoptr(GError) mode = NULL;
  if (pos_ledger_path_is_file(ledger->path) && !mb_db_make_private(ledger->path, &mode)) {
    g_set_error_literal(error, POS_ERROR, POS_ERROR_IO, mode->message);
    return FALSE;
  }
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "INSERT INTO secret(key, value) VALUES(?1, ?2)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
  return pos_ledger_step_done(ledger, st, "saving a secret", error);
}

char *pos_ledger_get_secret(PosLedger *ledger, const char *key, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(ledger, "SELECT value FROM secret WHERE key = ?1", error);
  char *value = NULL;
  if (st == NULL)
    return NULL;
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    value = pos_col_strdup(st, 0);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE)
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no %s stored: enroll first", key);
  else if (rc != SQLITE_ROW)
    pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading a secret", error);
  return value;
}
