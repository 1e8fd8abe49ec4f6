/*
** cli-testutil.c: running the `stall` program as a script would, and the
** fixture ledger the CLI tests share (cli-testutil.h).
*/
#include "cli-testutil.h"

#include <stdlib.h>
#include <string.h>
void ct_run_clear(CtRun *r)
{
  g_free(r->cmd);
  g_free(r->out);
  g_free(r->err);
  memset(r, 0, sizeof *r);
}

/* Runs stall [--db db] [--json] ARGS... (args: a NULL-terminated va_list). */
void ct_run_va(CtRun *r, const char *db, gboolean json, va_list ap)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new();
  g_strv_builder_add(b, tu_env("MPOS_STALL"));
  if (db != NULL) {
    g_strv_builder_add(b, "--db");
    g_strv_builder_add(b, db);
  }
  if (json)
    g_strv_builder_add(b, "--json");
  for (const char *a = va_arg(ap, const char *); a != NULL; a = va_arg(ap, const char *))
    g_strv_builder_add(b, a);
  g_auto(GStrv) argv = g_strv_builder_end(b);
  ct_run_clear(r);
  r->cmd = g_strjoinv(" ", argv);
  r->rc = tu_run(argv, &r->out, &r->err);
}

void ct_run_db(CtRun *r, const char *db, gboolean json, ...)
{
  va_list ap;
  va_start(ap, json);
  ct_run_va(r, db, json, ap);
  va_end(ap);
}

/* Fails the test with the command and what it printed. */
void ct_expect_rc(const CtRun *r, int want)
{
  if (r->rc != want)
    g_printerr("\n$ %s\nexit %d (wanted %d)\nstdout: %s\nstderr: %s\n", r->cmd, r->rc, want,
               r->out, r->err);
  g_assert_cmpint(r->rc, ==, want);
}

/* Parses the one line of JSON a --json command prints. */
cJSON *ct_parse_one(const CtRun *r)
{
  const char *nl = strchr(r->out, '\n');
  if (nl == NULL || nl[1] != '\0')
    g_printerr("\n$ %s\nstdout is not one line: '%s'\n", r->cmd, r->out);
  g_assert_nonnull(nl);
  g_assert_cmpint(nl[1], ==, '\0');
  cJSON *o = cJSON_Parse(r->out);
  if (o == NULL)
    g_printerr("\n$ %s\nstdout is not JSON: '%s'\n", r->cmd, r->out);
  g_assert_nonnull(o);
  g_assert_true(cJSON_IsObject(o));
  return o;
}

gint64 ct_jint(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!cJSON_IsNumber(v))
    g_error("JSON field '%s' missing or not a number", key);
  return (gint64)v->valuedouble;
}

const char *ct_jstr(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!cJSON_IsString(v))
    g_error("JSON field '%s' missing or not a string", key);
  return v->valuestring;
}

const cJSON *ct_jobj(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (v == NULL || !(cJSON_IsObject(v) || cJSON_IsArray(v)))
    g_error("JSON field '%s' missing or not an object or array", key);
  return v;
}

void ct_fx_clear(CtFx *fx)
{
  tu_tmpdir_free(fx->dir);
  g_free(fx->db);
  g_free(fx->device);
  memset(fx, 0, sizeof *fx);
}

void ct_fx_new(CtFx *fx)
{
  fx->dir = tu_tmpdir();
  fx->db = g_build_filename(fx->dir, "ledger.sqlite", NULL);
}

char *ct_fx_path(const CtFx *fx, const char *name)
{
  return g_build_filename(fx->dir, name, NULL);
}

/* stall --db fx --json ARGS...: must succeed quietly; returns its JSON. */
cJSON *ct_ok_json(CtFx *fx, ...)
{
  g_auto(CtRun) r = {0};
  va_list ap;
  va_start(ap, fx);
  ct_run_va(&r, fx->db, TRUE, ap);
  va_end(ap);
  ct_expect_rc(&r, 0);
  g_assert_cmpstr(r.err, ==, "");
  return ct_parse_one(&r);
}

/*
** Everything a failed command must leave alone: documents, outbox counts,
** catalog and settings, each as printed (with its exit code).
*/
char *ct_ledger_state(CtFx *fx)
{
  static const char *const cmds[][3] = {
    {"sales", NULL, NULL}, {"check", NULL, NULL}, {"product", "list", "--all"},
    {"config", NULL, NULL}};
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < G_N_ELEMENTS(cmds); i++) {
    g_auto(CtRun) r = {0};
    ct_run_db(&r, fx->db, TRUE, cmds[i][0], cmds[i][1], cmds[i][2], NULL);
    g_string_append_printf(s, "%s -> %d: %s", cmds[i][0], r.rc, r.out);
  }
  return g_string_free(s, FALSE);
}

/*
** Runs stall --db fx [--json] ARGS... expecting failure: exit code rc, the
** stable error code on stderr (and in JSON on stdout with --json), a message
** containing `names` (what was wrong), and the ledger unchanged.
*/
void ct_expect_fail_in(CtFx *fx, gboolean json, int rc, const char *code, const char *names,
                       ...)
{
  g_autofree char *before = ct_ledger_state(fx);
  g_auto(CtRun) r = {0};
  va_list ap;
  va_start(ap, names);
  ct_run_va(&r, fx->db, json, ap);
  va_end(ap);
  ct_expect_rc(&r, rc);
  g_autofree char *prefix = g_strdup_printf("stall: %s: ", code);
  if (!g_str_has_prefix(r.err, prefix) || strstr(r.err, names) == NULL)
    g_printerr("\n$ %s\nstderr '%s' should start with '%s' and name '%s'\n", r.cmd, r.err,
               prefix, names);
  g_assert_true(g_str_has_prefix(r.err, prefix));
  g_assert_nonnull(strstr(r.err, names));
  g_assert_null(strstr(r.err, "WARNING"));
  g_assert_null(strstr(r.err, "CRITICAL"));
  if (json) {
    g_autoptr(cJSON) o = ct_parse_one(&r);
    const cJSON *e = ct_jobj(o, "error");
    g_assert_cmpstr(ct_jstr(e, "code"), ==, code);
    g_assert_nonnull(strstr(ct_jstr(e, "message"), names));
  } else {
    g_assert_cmpstr(r.out, ==, "");
  }
  g_autofree char *after = ct_ledger_state(fx);
  if (strcmp(before, after) != 0)
    g_printerr("\n$ %s\nchanged the ledger:\nbefore: %s\nafter:  %s\n", r.cmd, before, after);
  g_assert_cmpstr(before, ==, after);
}


/*
** The stall of most tests: rounding unit 10, and
**   101 돼지고기 앞다리  MEAT     23,800 won/kg  exempt
**   201 두부            BANCHAN   3,000 won      taxable  EAN 8801234567893
**   301 참기름          ETC      12,000 won      taxable
**   905 산삼 세트       HERB    100,000,000 won  taxable  (the price limit)
*/
void ct_fx_shop(CtFx *fx)
{
  ct_fx_new(fx);
  g_autoptr(cJSON) init =
    ct_ok_json(fx, "init", "--stall-name", "순대네 정육", "--rounding", "10", NULL);
  g_assert_cmpstr(ct_jstr(init, "stall_name"), ==, "순대네 정육");
  g_assert_cmpint(ct_jint(init, "rounding"), ==, 10);
  fx->device = g_strdup(ct_jstr(init, "device_id"));
  g_assert_true(g_regex_match_simple("^[A-Z0-9]{4,8}$", fx->device, 0, 0));
  static const char *const products[][7] = {
    {"101", "돼지고기 앞다리", "MEAT", "23800", "kg", "exempt", NULL},
    {"201", "두부", "BANCHAN", "3000", "piece", "taxable", TOFU_EAN},
    {"301", "참기름", "ETC", "12000", "piece", "taxable", NULL},
    {"905", "산삼 세트", "HERB", "100000000", "piece", "taxable", NULL}};
  for (guint i = 0; i < G_N_ELEMENTS(products); i++) {
    const char *const *p = products[i];
    g_autoptr(cJSON) o =
      ct_ok_json(fx, "product", "add", "--plu", p[0], "--name", p[1], "--line", p[2], "--price",
                 p[3], "--unit", p[4], "--tax", p[5], p[6] ? "--barcode" : NULL, p[6], NULL);
    g_assert_cmpint(ct_jint(o, "plu"), ==, atoi(p[0]));
    g_assert_cmpstr(ct_jstr(o, "name"), ==, p[1]);
    g_assert_cmpstr(ct_jstr(o, "line"), ==, p[2]);
    g_assert_cmpint(ct_jint(o, "price"), ==, atoi(p[3]));
  }
}

/* Receipt number NNNN of the pinned day on this device. */
char *ct_receipt_no(const CtFx *fx, const char *day, int n)
{
  return g_strdup_printf("%s-%s-%04d", fx->device, day, n);
}

/* Checks the pinned summary figures of a sale (or void/refund) object. */
void ct_expect_doc(const cJSON *o, const char *kind, gint64 total, gint64 taxable,
                   gint64 vat, gint64 exempt, gint64 paid, gint64 change)
{
  g_assert_cmpstr(ct_jstr(o, "kind"), ==, kind);
  g_assert_cmpint(ct_jint(o, "total"), ==, total);
  g_assert_cmpint(ct_jint(o, "taxable"), ==, taxable);
  g_assert_cmpint(ct_jint(o, "vat"), ==, vat);
  g_assert_cmpint(ct_jint(o, "exempt"), ==, exempt);
  g_assert_cmpint(ct_jint(o, "paid"), ==, paid);
  g_assert_cmpint(ct_jint(o, "change"), ==, change);
  /* The identities every document keeps. */
  g_assert_cmpint(total, ==, taxable + exempt);
  g_assert_cmpint(total, ==, paid - change);
}

/* The main sale: 350 g of pork (by PLU) and two tofu (by barcode), cash. */
cJSON *ct_sell_main(CtFx *fx)
{
  return ct_ok_json(fx, "sell", "--item", "101=350g", "--item", TOFU_EAN "=2", "--pay",
                    "cash=20000", NULL);
}

/* Writes text to path; FALSE if it could not. */
gboolean ct_write_file(const char *path, const char *text)
{
  return g_file_set_contents(path, text, -1, NULL);
}
