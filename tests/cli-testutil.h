/*
** cli-testutil.h: what the tests of the `stall` program (test-cli.c, the
** commands that work; test-cli-errors.c, the failures' contract) share:
** running the binary named by MPOS_STALL with a NULL-terminated argument
** list, reading its one line of --json output, a fixture ledger in a
** temporary directory (the stall of most tests: ct_fx_shop), and the
** check that a failing command left the ledger as it was.  Every helper
** asserts its own success; returned strings and JSON are transfer full.
*/
#ifndef CLI_TESTUTIL_H
#define CLI_TESTUTIL_H

#include "testutil.h"
#include <cjson/cJSON.h>
#include <stdarg.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(cJSON, cJSON_Delete)

/* The pinned clock (MPOS_NOW): 2024-05-01 14:30 in Seoul. */
#define NOW "2024-05-01T14:30:00+09:00"
#define TOFU_EAN "8801234567893"   /* a valid EAN-13 (check digit 3) */

/* One run of the program. */
typedef struct {
  char *cmd;   /* the command line, for failure messages */
  int rc;
  char *out;
  char *err;
} CtRun;

/* A ledger in a temporary directory. */
typedef struct {
  char *dir;
  char *db;
  char *device;   /* device id printed by init */
} CtFx;

void ct_run_clear(CtRun *r);
/* Runs stall [--db db] [--json] ARGS... (args: a NULL-terminated va_list). */
void ct_run_va(CtRun *r, const char *db, gboolean json, va_list ap);
void ct_run_db(CtRun *r, const char *db, gboolean json, ...) G_GNUC_NULL_TERMINATED;
/* Fails the test with the command and what it printed. */
void ct_expect_rc(const CtRun *r, int want);
/* Parses the one line of JSON a --json command prints. */
cJSON *ct_parse_one(const CtRun *r);

/* A member of a JSON object that must be there with that type (transfer none). */
gint64 ct_jint(const cJSON *o, const char *key);
const char *ct_jstr(const cJSON *o, const char *key);
const cJSON *ct_jobj(const cJSON *o, const char *key);

void ct_fx_clear(CtFx *fx);
/* An empty directory and the ledger path in it (nothing run yet). */
void ct_fx_new(CtFx *fx);
/* A file name in the fixture's directory. */
char *ct_fx_path(const CtFx *fx, const char *name);
/* stall --db fx --json ARGS...: must succeed quietly; returns its JSON. */
cJSON *ct_ok_json(CtFx *fx, ...) G_GNUC_NULL_TERMINATED;
/* Documents, outbox counts, catalog and settings as printed: what a failure leaves alone. */
char *ct_ledger_state(CtFx *fx);
/*
** Runs stall --db fx [--json] ARGS... expecting failure: exit code rc, the
** stable error code on stderr (and in JSON on stdout with --json), a message
** containing `names` (what was wrong), and the ledger unchanged.
** ct_expect_fail checks the --json error object too, ct_expect_fail_text
** only the text on stderr.
*/
void ct_expect_fail_in(CtFx *fx, gboolean json, int rc, const char *code, const char *names,
                       ...) G_GNUC_NULL_TERMINATED;
#define ct_expect_fail(fx, ...) ct_expect_fail_in(fx, TRUE, __VA_ARGS__)
#define ct_expect_fail_text(fx, ...) ct_expect_fail_in(fx, FALSE, __VA_ARGS__)

/*
** The stall of most tests: rounding unit 10, and
**   101 돼지고기 앞다리  MEAT     23,800 won/kg  exempt
**   201 두부            BANCHAN   3,000 won      taxable  EAN 8801234567893
**   301 참기름          ETC      12,000 won      taxable
**   905 산삼 세트       HERB    100,000,000 won  taxable  (the price limit)
*/
void ct_fx_shop(CtFx *fx);
/* Receipt number NNNN of day (YYYYMMDD) on the fixture's device. */
char *ct_receipt_no(const CtFx *fx, const char *day, int n);
/* Checks the pinned summary figures of a sale (or void/refund) object. */
void ct_expect_doc(const cJSON *o, const char *kind, gint64 total, gint64 taxable,
                   gint64 vat, gint64 exempt, gint64 paid, gint64 change);
/* The main sale: 350 g of pork (by PLU) and two tofu (by barcode), cash. */
cJSON *ct_sell_main(CtFx *fx);
/* Writes text to path; FALSE if it could not. */
gboolean ct_write_file(const char *path, const char *text);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CtRun, ct_run_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(CtFx, ct_fx_clear)

#endif
