/*
** test-sync-e2e.c: `stall sync` against a real `market-hub serve` on
** 127.0.0.1, with the faults a market stall actually meets.
**
**   /sync-e2e/offline       enroll; the hub goes away; a day and a half of
**                           sales (piece and weighed, cash with change, card,
**                           Zero Pay, a split, a void, a refund, a day close)
**                           still commit while `stall sync` exits 7; the hub
**                           comes back (on another port); one sync brings the
**                           hub's summary equal to the ledger per day, line and
**                           tender, to the won; a second sync sends nothing; a
**                           revoked device gets exit 5
**   /sync-e2e/kill-client   `stall sync` of a backlog is SIGKILLed after random
**                           short delays, over and over
**   /sync-e2e/kill-hub      the hub is SIGKILLed while a sync runs, restarted
**   /sync-e2e/answer-lost   the hub commits a batch and the client dies before
**                           reading the answer (a proxy forwards the request,
**                           reads the hub's answer and kills the client); the
**                           re-sent batch comes back "duplicate", exactly
**   /sync-e2e/loop          `sync --loop N` retries with backoff while the hub
**                           is down and finishes when it is back
**   /sync-e2e/limits        a hub with smaller limits: batches halve until
**                           they fit; a sale over the body limit is rejected
**                           (too_large), kept, listed, and blocks nothing
**   /sync-e2e/tls           HTTPS: an untrusted certificate and one for another
**                           host are refused (exit 7, tls); --ca-file makes
**                           enrollment and sync work
**   /sync-e2e/clock-skew    a stall whose clock is years behind is accepted,
**                           and the hub reports the skew
**
** After every fault: nothing lost (every event the ledger marked sent is at
** the hub), nothing doubled (the hub never has more events than the outbox),
** the hub database passes PRAGMA integrity_check and the ledger SQLite's
** quick_check; `stall check` (every document re-derived) runs every few
** faults and at the end of each case, after the final sync, when the hub's
** summary must also equal the ledger.
**
** Ledger figures are computed here from the documents (pos API), not taken
** from the hub or from the Z report code, so the two sides are independent.
** Random delays come from a seeded GRand (the seed is printed) so a failure
** can be replayed with G_TEST_SEED... or by reading the log.
*/
#include "hub-testutil.h"
#include "pos.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#define DAY1 "2026-03-02"
#define DAY2 "2026-03-03"
#define NOW_DAY1 "2026-03-02T10:00:00+09:00"
#define NOW_DAY1_LATE "2026-03-02T19:30:00+09:00"
#define NOW_DAY2 "2026-03-03T09:15:00+09:00"
#define NOW_PAST "2019-05-20T11:00:00+09:00"
#define PAST_DAY "2019-05-20"

/* ---- Fixture: a hub and one enrolled stall --------------------------------- */

typedef struct {
  char *dir;
  char *hdb;          /* hub database */
  char *ldb;          /* stall ledger */
  char *admin;        /* admin token */
  HtHub *hub;
} Fx;

/* Spawns `stall --db LEDGER ARGS...` with MPOS_NOW=now (NULL: real time). */
static int stall_env(Fx *fx, const char *now, char **out, char **err, ...)
  G_GNUC_NULL_TERMINATED;
static int stall_env(Fx *fx, const char *now, char **out, char **err, ...)
{
  va_list ap;
  va_start(ap, err);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_STALL"), fx->ldb, ap);
  va_end(ap);
  g_auto(GStrv) env = g_get_environ();
  env = now ? g_environ_setenv(env, "MPOS_NOW", now, TRUE) : g_environ_unsetenv(env, "MPOS_NOW");
  g_autoptr(GError) error = NULL;
  g_autofree char *ignored_out = NULL, *ignored_err = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                    out ? out : &ignored_out, err ? err : &ignored_err, &status, &error))
    g_error("spawn stall: %s", error->message);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Points the ledger at the hub's current address (it moves on restart). */
static void point_at(Fx *fx, const char *base)
{
  g_autofree char *err = NULL;
  int rc = stall_env(fx, NULL, NULL, &err, "config", "hub_url", base, NULL);
  if (rc != 0)
    g_error("stall config hub_url: %d %s", rc, err);
}

/* Starts the hub on its database and points the stall at its new port. */
static void hub_up(Fx *fx)
{
  g_assert_null(fx->hub);
  fx->hub = ht_hub_start(fx->hdb, NULL);
  point_at(fx, fx->hub->base);
}

/* A clean stop: the hub must exit 0 on SIGTERM. */
static void hub_down(Fx *fx)
{
  g_assert_cmpint(mb_hub_stop(fx->hub), ==, 0);
  fx->hub = NULL;
}

/* SIGKILL: no shutdown of any kind, as on a power cut of the server. */
static void hub_kill(Fx *fx)
{
  mb_hub_stop_with(fx->hub, SIGKILL);
  fx->hub = NULL;
}

/*
** A hub with market M01 and stall S001, an admin, and a ledger with three
** products (exempt piece, taxable piece, exempt weighed) enrolled through
** `stall enroll` over HTTP.
*/
static void fx_init(Fx *fx)
{
  memset(fx, 0, sizeof *fx);
  fx->dir = tu_tmpdir();
  fx->hdb = ht_db_new(fx->dir, "hub.sqlite");
  fx->ldb = g_build_filename(fx->dir, "ledger.sqlite", NULL);
  g_free(ht_secret(fx->hdb, "init", NULL));
  g_free(ht_secret(fx->hdb, "market", "add", "M01", "--name", "가온시장", NULL));
  g_free(ht_secret(fx->hdb, "stall", "add", "S001", "--market", "M01", "--name", "행복청과",
                   NULL));
  fx->admin = ht_secret(fx->hdb, "user", "add", "admin1", "--role", "admin", NULL);
  g_autofree char *code = ht_secret(fx->hdb, "enroll-code", "--stall", "S001", NULL);
  g_autofree char *err = NULL;
  g_assert_cmpint(stall_env(fx, NULL, NULL, &err, "init", "--stall-name", "행복청과",
                            "--rounding", "10", NULL), ==, 0);
  static const char *const products[][6] = {
    {"1", "사과", "FRUIT", "3000", "piece", "exempt"},
    {"2", "손두부", "BANCHAN", "2500", "piece", "taxable"},
    {"3", "돼지고기", "MEAT", "18000", "kg", "exempt"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(products); i++)
    g_assert_cmpint(stall_env(fx, NULL, NULL, NULL, "product", "add", "--plu", products[i][0],
                              "--name", products[i][1], "--line", products[i][2], "--price",
                              products[i][3], "--unit", products[i][4], "--tax",
                              products[i][5], NULL), ==, 0);
  fx->hub = ht_hub_start(fx->hdb, NULL);
  g_autofree char *out = NULL;
  g_clear_pointer(&err, g_free);
  int rc = stall_env(fx, NULL, &out, &err, "--json", "enroll", "--hub", fx->hub->base,
                     "--code", code, NULL);
  if (rc != 0)
    g_error("stall enroll: %d %s %s", rc, out, err);
  g_autoptr(cJSON) o = cJSON_Parse(out);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(o, "stall_code")->valuestring, ==, "S001");
  g_assert_cmpint(cJSON_GetObjectItemCaseSensitive(o, "taxonomy_lines")->valueint, >, 0);
  g_autofree char *tax = g_strconcat(fx->ldb, ".taxonomy.json", NULL);
  g_assert_true(g_file_test(tax, G_FILE_TEST_IS_REGULAR));
  /* Enrollment never shows the token, anywhere. */
  g_assert_null(strstr(out, "token\""));
}

/* Kills a hub still running, removes the files, resets MPOS_NOW. */
static void fx_clear(Fx *fx)
{
  if (fx->hub)
    hub_kill(fx);
  tu_tmpdir_free(fx->dir);
  g_free(fx->hdb);
  g_free(fx->ldb);
  g_free(fx->admin);
  g_unsetenv("MPOS_NOW");
}

/* ---- Ringing sales in bulk through the pos API ------------------------------ */

/* A second connection to the stall's ledger, as the till would have. */
static PosLedger *open_ledger(Fx *fx)
{
  g_autoptr(GError) error = NULL;
  PosLedger *l = pos_ledger_open_full(fx->ldb, POS_SYNC_NORMAL, pos_ledger_schema_version(),
                                      &error);
  g_assert_no_error(error);
  return l;
}

/*
** n sales cycling through the catalog and the tenders: two lines each, paid
** cash with change, card (with its approval number), Zero Pay, or split.
*/
static void ring_many(Fx *fx, int n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) l = open_ledger(fx);
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosProduct) a = pos_ledger_product_by_plu(l, 1, &error);
  g_autoptr(PosProduct) b = pos_ledger_product_by_plu(l, 2, &error);
  g_autoptr(PosProduct) m = pos_ledger_product_by_plu(l, 3, &error);
  g_assert_no_error(error);
  for (int i = 0; i < n; i++) {
    g_autoptr(PosCart) cart = pos_cart_new(&rules);
    g_assert_true(pos_cart_add(cart, i % 3 == 2 ? m : a, i % 3 == 2 ? 350 + i % 200 : 1000 + 1000 * (i % 3),
                               NULL, &error));
    g_assert_true(pos_cart_add(cart, b, 1000, NULL, &error));
    PosTotals t;
    g_assert_true(pos_cart_totals(cart, &t, &error));
    g_assert_no_error(error);
    switch (i % 4) {
    case 0:
      g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, (t.total / 1000 + 1) * 1000,
                                        NULL, &error));
      break;
    case 1:
      g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, t.total, "30012345", &error));
      break;
    case 2:
      g_assert_true(pos_cart_add_tender(cart, POS_TENDER_ZEROPAY, t.total, "ZP-77", &error));
      break;
    default:
      g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CARD, t.total / 2, "30099", &error));
      g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, t.total - t.total / 2, NULL,
                                        &error));
    }
    g_assert_no_error(error);
    g_autoptr(PosSale) s = NULL;
    g_assert_true(pos_ledger_commit_sale(l, cart, &s, &error));
    g_assert_no_error(error);
  }
}

/*
** ring_many with the process clock at now: every caller that rang sales on a
** given day set MPOS_NOW, rang, and unset it again; one place does that.
*/
static void ring_many_on(Fx *fx, const char *now, int n)
{
  g_setenv("MPOS_NOW", now, TRUE);
  ring_many(fx, n);
  g_unsetenv("MPOS_NOW");
}

/* ---- Ledger figures versus the hub's summary --------------------------------- */

typedef struct {
  int64_t sales, voids, refunds, receipts;
  int64_t total, taxable, supply, vat, exempt;
  GHashTable *by_tender, *by_line;   /* char* -> int64_t* */
} Figures;

/* Frees one day's figures. */
static void figures_free(Figures *f)
{
  g_hash_table_unref(f->by_tender);
  g_hash_table_unref(f->by_line);
  g_free(f);
}

/* Empty figures with amount maps keyed by method or line code. */
static Figures *figures_new(void)
{
  Figures *f = g_new0(Figures, 1);
  f->by_tender = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  f->by_line = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  return f;
}

/* Adds v to the amount under key, creating it at 0. */
static void add_to(GHashTable *t, const char *key, int64_t v)
{
  int64_t *p = g_hash_table_lookup(t, key);
  if (p == NULL) {
    p = g_new0(int64_t, 1);
    g_hash_table_insert(t, g_strdup(key), p);
  }
  *p += v;
}

/*
** Per business day, from the documents: counts, the VAT split, tenders net
** of change (change always leaves as cash) and line nets by product line.
** "*" collects every day.
*/
static GHashTable *ledger_figures(Fx *fx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) l = open_ledger(fx);
  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(l, NULL, &error);
  g_assert_no_error(error);
  GHashTable *days = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)figures_free);
  for (guint i = 0; i < ids->len; i++) {
    g_autoptr(PosSale) s = pos_ledger_load_sale(l, g_ptr_array_index(ids, i), &error);
    g_assert_no_error(error);
    const char *keys[] = {s->business_day, "*"};
    for (guint k = 0; k < 2; k++) {
      Figures *f = g_hash_table_lookup(days, keys[k]);
      if (f == NULL) {
        f = figures_new();
        g_hash_table_insert(days, g_strdup(keys[k]), f);
      }
      f->sales += s->kind == POS_DOC_SALE;
      f->voids += s->kind == POS_DOC_VOID;
      f->refunds += s->kind == POS_DOC_REFUND;
      f->receipts += s->kind == POS_DOC_SALE ? 1 : s->kind == POS_DOC_VOID ? -1 : 0;
      f->total += s->totals.total;
      f->taxable += s->totals.taxable;
      f->supply += s->totals.supply;
      f->vat += s->totals.vat;
      f->exempt += s->totals.exempt;
      for (guint t = 0; t < s->tenders->len; t++) {
        const PosTender *td = g_ptr_array_index(s->tenders, t);
        add_to(f->by_tender, pos_tender_method_name(td->method), td->amount);
      }
      if (s->settlement.change)
        add_to(f->by_tender, pos_tender_method_name(POS_TENDER_CASH), -s->settlement.change);
      for (guint j = 0; j < s->lines->len; j++) {
        const PosLine *ln = g_ptr_array_index(s->lines, j);
        add_to(f->by_line, ln->line_code, ln->net);
      }
    }
  }
  return days;
}

/* A required integer member; a missing one fails the test with its name. */
static int64_t jint(const cJSON *o, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsNumber(v))
    g_error("summary: no number %s", name);
  return (int64_t)v->valuedouble;
}

/* Equal maps, a missing key counting as 0 on either side. */
static void same_amounts(const char *what, const char *day, GHashTable *mine, const cJSON *hub)
{
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, mine);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(hub, k);
    int64_t hv = cJSON_IsNumber(h) ? (int64_t)h->valuedouble : 0;
    if (hv != *(int64_t *)v)
      g_error("%s %s[%s]: ledger %" G_GINT64_FORMAT ", hub %" G_GINT64_FORMAT, day, what,
              (char *)k, *(int64_t *)v, hv);
  }
  const cJSON *h;
  cJSON_ArrayForEach(h, hub) {
    int64_t *mv = g_hash_table_lookup(mine, h->string);
    if ((int64_t)h->valuedouble != (mv ? *mv : 0))
      g_error("%s %s[%s]: hub %g, ledger none", day, what, h->string, h->valuedouble);
  }
}

/* GET /v1/stalls/S001/summary with the admin token; must answer 200. */
static cJSON *summary(Fx *fx, const char *from, const char *to)
{
  g_autofree char *path = g_strdup_printf("/v1/stalls/S001/summary?from=%s&to=%s", from, to);
  g_autofree char *body = NULL;
  long st = ht_http("GET", fx->hub, path, fx->admin, NULL, &body);
  if (st != 200)
    g_error("summary %s..%s: %ld %s", from, to, st, body);
  cJSON *o = cJSON_Parse(body);
  g_assert_nonnull(o);
  return o;
}

/* The hub's summary equals the ledger for every day and for all days at once. */
static void assert_hub_equals_ledger(Fx *fx)
{
  g_autoptr(GHashTable) days = ledger_figures(fx);
  g_assert_cmpuint(g_hash_table_size(days), >=, 2);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, days);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const char *day = k;
    const Figures *f = v;
    g_autoptr(cJSON) s = strcmp(day, "*") == 0 ? summary(fx, "2000-01-01", "2099-12-31")
                                               : summary(fx, day, day);
    const struct { const char *name; int64_t mine; } nums[] = {
      {"sales", f->sales}, {"voids", f->voids}, {"refunds", f->refunds},
      {"receipts", f->receipts}, {"total", f->total}, {"taxable", f->taxable},
      {"supply", f->supply}, {"vat", f->vat}, {"exempt", f->exempt}};
    for (guint i = 0; i < G_N_ELEMENTS(nums); i++)
      if (jint(s, nums[i].name) != nums[i].mine)
        g_error("%s %s: ledger %" G_GINT64_FORMAT ", hub %" G_GINT64_FORMAT, day,
                nums[i].name, nums[i].mine, jint(s, nums[i].name));
    same_amounts("by_tender", day, f->by_tender,
                 cJSON_GetObjectItemCaseSensitive(s, "by_tender"));
    same_amounts("by_line", day, f->by_line, cJSON_GetObjectItemCaseSensitive(s, "by_line"));
  }
}

/* ---- Invariants after a fault ------------------------------------------------------ */

/* The ledger's outbox counts through the pos API. */
static void outbox_counts(Fx *fx, int64_t *pending, int64_t *sent, int64_t *rejected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) l = open_ledger(fx);
  g_assert_true(pos_ledger_outbox_counts(l, pending, sent, rejected, &error));
  g_assert_no_error(error);
}

/*
** One SQLite self-check (`pragma` is "integrity_check" or "quick_check")
** through the C API on the file at `path`, opened with `flags`: the one
** row must read "ok", else the assertion names the first problem.  The hub
** file gets the full check read-write; the ledger, in the loops, only the
** quick one read-only.
*/
static void assert_db_pragma_ok(const char *path, int flags, const char *pragma)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *st = NULL;
  g_autofree char *sql = g_strdup_printf("PRAGMA %s", pragma);
  g_assert_cmpint(sqlite3_open_v2(path, &db, flags, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &st, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
  g_assert_cmpstr((const char *)sqlite3_column_text(st, 0), ==, "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

/*
** The hub's database whole: PRAGMA integrity_check on a SQLite file; on
** PostgreSQL (whose pages the server checks itself) the exactly-once key
** tables agree with the raw tables they guard, one key per stored row.
*/
static void assert_hub_db_ok(Fx *fx)
{
  if (!hub_store_is_postgres(fx->hdb)) {
    assert_db_pragma_ok(fx->hdb, SQLITE_OPEN_READWRITE, "integrity_check");
    return;
  }
  /* one statement, one snapshot: a batch may commit while this runs */
  g_assert_cmpint(ht_db_int(fx->hdb, "SELECT (SELECT count(*) FROM event_key)"
                                     " - (SELECT count(*) FROM event)"), ==, 0);
  g_assert_cmpint(ht_db_int(fx->hdb, "SELECT (SELECT count(*) FROM doc_key)"
                                     " - (SELECT count(*) FROM doc)"), ==, 0);
}

/*
** Nothing lost: every event the ledger marked sent is at the hub.  Nothing
** doubled: the hub holds no more events than the outbox has.  Both files
** whole (`stall check` re-derives every document: with ledger_check FALSE
** only SQLite's own integrity_check runs on the ledger, for the loops).
*/
static void assert_consistent_full(Fx *fx, gboolean ledger_check)
{
  int64_t pending, sent, rejected;
  outbox_counts(fx, &pending, &sent, &rejected);
  g_assert_cmpint(rejected, ==, 0);
  int64_t at_hub = ht_db_int(fx->hdb, "SELECT count(*) FROM event");
  g_assert_cmpint(at_hub, >=, sent);
  g_assert_cmpint(at_hub, <=, pending + sent);
  if (ledger_check) {
    g_autofree char *err = NULL;
    int rc = stall_env(fx, NULL, NULL, &err, "check", NULL);
    if (rc != 0)
      g_error("stall check: %d %s", rc, err);
  } else {
    assert_db_pragma_ok(fx->ldb, SQLITE_OPEN_READONLY, "quick_check");
  }
  assert_hub_db_ok(fx);
}

/* The full check, with `stall check`. */
static void assert_consistent(Fx *fx)
{
  assert_consistent_full(fx, TRUE);
}

/* One `stall --json sync`, parsed; *rc gets the exit code. */
static cJSON *sync_json(Fx *fx, const char *now, int *rc)
{
  g_autofree char *out = NULL, *err = NULL;
  *rc = stall_env(fx, now, &out, &err, "--json", "sync", NULL);
  cJSON *o = cJSON_Parse(out ? out : "");
  if (o == NULL)
    g_error("stall sync: %d, not JSON: %s / %s", *rc, out, err);
  return o;
}

/* Syncs until nothing is pending; the sync must succeed. */
static void sync_all(Fx *fx)
{
  int rc;
  g_autoptr(cJSON) o = sync_json(fx, NULL, &rc);
  if (rc != 0) {
    g_autofree char *text = cJSON_PrintUnformatted(o);
    g_error("stall sync failed: %d %s", rc, text);
  }
  g_assert_cmpint(jint(o, "pending"), ==, 0);
  g_assert_cmpint(jint(o, "rejected"), ==, 0);
}

/* ---- Cases ------------------------------------------------------------------------- */

/* A day and a half rung with the hub away, then one sync (see the header). */
static void test_offline(void)
{
  Fx fx;
  fx_init(&fx);
  hub_down(&fx);
  /* Day 1: piece, weighed, change, card, split, a void and a refund. */
  static const char *const day1[][5] = {
    {"--item", "1=3", "--pay", "cash=10000", NULL},
    {"--item", "3=450g", "--pay", "card=8100:3001", NULL},
    {"--item", "2=2", "--pay", "zeropay=5000:ZP1", NULL},
    {"--item", "1", "--pay", "cash=1000", NULL},
  };
  for (guint i = 0; i < G_N_ELEMENTS(day1); i++) {
    g_autofree char *out = NULL, *err = NULL;
    const char *const *a = day1[i];
    int rc = stall_env(&fx, NOW_DAY1, &out, &err, "sell", a[0], a[1], a[2], a[3], NULL);
    if (i == 3) {   /* underpaid: refused, nothing stored */
      g_assert_cmpint(rc, ==, 3);
      continue;
    }
    if (rc != 0)
      g_error("sell %u: %d %s", i, rc, err);
  }
  g_autofree char *split = NULL;
  g_assert_cmpint(stall_env(&fx, NOW_DAY1, &split, NULL, "--json", "sell", "--item", "1=2",
                            "--item", "2", "--pay", "card=4000:3002", "--pay", "cash=5000",
                            NULL), ==, 0);
  g_autoptr(cJSON) sj = cJSON_Parse(split);
  const char *split_id = cJSON_GetObjectItemCaseSensitive(sj, "id")->valuestring;
  g_assert_cmpint(stall_env(&fx, NOW_DAY1, NULL, NULL, "refund", split_id, "--line", "2",
                            "--reason", "broken", NULL), ==, 0);
  g_autofree char *s2 = NULL;
  g_assert_cmpint(stall_env(&fx, NOW_DAY1, &s2, NULL, "--json", "sell", "--item", "3=1.2kg",
                            "--pay", "cash=30000", NULL), ==, 0);
  g_autoptr(cJSON) s2j = cJSON_Parse(s2);
  g_assert_cmpint(stall_env(&fx, NOW_DAY1, NULL, NULL, "void",
                            cJSON_GetObjectItemCaseSensitive(s2j, "id")->valuestring, NULL),
                  ==, 0);
  /* a round count far from the expected: filed as is (--accept-difference) */
  g_assert_cmpint(stall_env(&fx, NOW_DAY1_LATE, NULL, NULL, "close-day", "--counted-cash",
                            "100000", "--accept-difference", NULL), ==, 0);
  /* The hub is still down: exit 7, and the sales are all there. */
  int rc;
  g_autoptr(cJSON) r1 = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 7);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(
                    cJSON_GetObjectItemCaseSensitive(r1, "error"), "code")->valuestring, ==,
                  "offline");
  /* Day 2 rings while offline too, in bulk. */
  ring_many_on(&fx, NOW_DAY2, 40);
  g_autoptr(cJSON) r2 = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 7);
  int64_t pending, sent;
  outbox_counts(&fx, &pending, &sent, NULL);
  g_assert_cmpint(sent, ==, 0);
  /* 3 products + 4 sales + refund + sale + void + day close + 40 sales. */
  g_assert_cmpint(pending, ==, 3 + 4 + 1 + 1 + 1 + 1 + 40);
  g_autofree char *sales = NULL;
  g_assert_cmpint(stall_env(&fx, NULL, &sales, NULL, "sales", "--day", DAY2, NULL), ==, 0);
  g_auto(GStrv) sale_lines = g_strsplit(sales, "\n", -1);
  g_assert_cmpuint(g_strv_length(sale_lines), ==, 41);   /* 40 and the final newline */

  /* Back online: one sync, everything accepted; the figures agree. */
  hub_up(&fx);
  g_autoptr(cJSON) r3 = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(r3, "accepted"), ==, pending);
  g_assert_cmpint(jint(r3, "duplicate"), ==, 0);
  g_assert_cmpint(jint(r3, "pending"), ==, 0);
  assert_hub_equals_ledger(&fx);
  assert_consistent(&fx);
  g_assert_cmpint(ht_db_int(fx.hdb, "SELECT count(*) FROM day_close"), ==, 1);
  /* A second sync sends nothing. */
  g_autoptr(cJSON) r4 = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(r4, "batches"), ==, 0);
  g_assert_cmpint(jint(r4, "bytes"), ==, 0);
  g_assert_cmpint(jint(r4, "accepted") + jint(r4, "duplicate"), ==, 0);
  /* --status: nothing pending, nothing rejected. */
  g_autofree char *st = NULL;
  g_assert_cmpint(stall_env(&fx, NULL, &st, NULL, "--json", "sync", "--status", NULL), ==, 0);
  g_assert_nonnull(strstr(st, "\"pending\":0,"));
  g_assert_nonnull(strstr(st, "\"rejected_events\":[]"));
  /* A revoked device: exit 5, unauthorized, nothing marked. */
  g_free(ht_secret(fx.hdb, "device", "revoke", "--stall", "S001", NULL));
  ring_many(&fx, 1);
  g_autoptr(cJSON) r5 = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 5);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(
                    cJSON_GetObjectItemCaseSensitive(r5, "error"), "code")->valuestring, ==,
                  "unauthorized");
  g_assert_cmpint(jint(r5, "pending"), ==, 1);
  fx_clear(&fx);
}

/* Spawns `stall sync` without waiting; output discarded. */
static GPid sync_async(Fx *fx)
{
  char *argv[] = {(char *)tu_env("MPOS_STALL"), (char *)"--db", fx->ldb, (char *)"sync", NULL};
  GPid pid = 0;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_async(NULL, argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                       | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error))
    g_error("spawn stall sync: %s", error->message);
  return pid;
}

/* A spawned sync: its pid, and its wait status once it has ended. */
typedef struct {
  GPid pid;
  gboolean ended;
  int status;
} Child;

/* Starts `stall sync` in the background. */
static void child_spawn(Fx *fx, Child *c)
{
  memset(c, 0, sizeof *c);
  c->pid = sync_async(fx);
}

/* TRUE when the child has ended (reaping it, once). */
static gboolean child_ended(Child *c)
{
  if (!c->ended && waitpid(c->pid, &c->status, WNOHANG) == c->pid) {
    c->ended = TRUE;
    g_spawn_close_pid(c->pid);
  }
  return c->ended;
}

/* Waits for the child; TRUE when a signal ended it (it was still running). */
static gboolean child_reap(Child *c, int *exit_code)
{
  if (!c->ended) {
    while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
      ;
    g_spawn_close_pid(c->pid);
    c->ended = TRUE;
  }
  if (exit_code)
    *exit_code = WIFEXITED(c->status) ? WEXITSTATUS(c->status) : -1;
  return WIFSIGNALED(c->status);
}

/* Waits for a child spawned elsewhere; TRUE when a signal ended it. */
static gboolean reap(GPid pid, int *exit_code)
{
  Child c = {pid, FALSE, 0};
  return child_reap(&c, exit_code);
}

/*
** Where the next fault lands, scaled to how fast this machine syncs (a
** sanitized build on a loaded machine is ten times slower than a release
** build on an idle one).  *pace_ms is the time the last sync took from its
** start to its first marked batch.  Blind: a random 5..pace ms after the
** start, which may be during start-up, the first read or the first request.
** Otherwise: once the sync has marked a batch (the ledger's sent count
** moved past from), plus a random 0..pace/2 ms, which lands inside one of
** the next batches: in its request, in the hub's ingest, in the marks or in
** building the one after.  The caller keeps a backlog of several batches so
** that the sync is still running then.  FALSE when the sync ended first.
*/
static gboolean wait_for_fault_point(Fx *fx, Child *c, GRand *rand, gboolean blind,
                                     int64_t from, gint32 *pace_ms)
{
  gint64 t0 = g_get_monotonic_time();
  if (blind) {
    g_usleep((gulong)g_rand_int_range(rand, 5, MAX(*pace_ms, 10)) * 1000);
    return !child_ended(c);
  }
  g_autoptr(PosLedger) l = open_ledger(fx);
  for (;;) {
    int64_t sent = 0;
    if (child_ended(c))
      return FALSE;
    if (pos_ledger_outbox_counts(l, NULL, &sent, NULL, NULL) && sent > from)
      break;
    if (g_get_monotonic_time() - t0 > 60 * G_USEC_PER_SEC)
      g_error("the sync made no progress in 60 s");
    g_usleep(1000);
  }
  *pace_ms = (gint32)((g_get_monotonic_time() - t0) / 1000);
  g_usleep((gulong)g_rand_int_range(rand, 0, MAX(*pace_ms / 2, 2)) * 1000);
  return !child_ended(c);
}

/* Rings sales until at least want events are pending (several batches). */
static void top_up(Fx *fx, int64_t want)
{
  int64_t pending;
  outbox_counts(fx, &pending, NULL, NULL);
  if (pending < want)
    ring_many_on(fx, NOW_DAY2, (int)(want - pending));
}

/* Delays from the test framework's seed, logged so a failure can be replayed. */
static GRand *seeded_rand(void)
{
  guint32 seed = g_test_rand_int();
  g_test_message("random seed %u", seed);
  return g_rand_new_with_seed(seed);
}

/*
** The start both kill tests share: a fresh fixture with 800 day-1 sales
** pending, and the seeded delays for the fault points.
*/
static GRand *kill_fixture(Fx *fx)
{
  fx_init(fx);
  ring_many_on(fx, NOW_DAY1, 800);
  return seeded_rand();
}

/* 14 rounds of SIGKILL to `stall sync` with sales rung in between. */
static void test_kill_client(void)
{
  Fx fx;
  g_autoptr(GRand) rand = kill_fixture(&fx);
  int killed_mid_run = 0, rounds = 14;
  int64_t last_sent = 0, progressed = 0;
  gint32 pace_ms = 150;
  for (int round = 0; round < rounds; round++) {
    /* The till keeps selling between attempts: always 8+ batches waiting. */
    top_up(&fx, 1600);
    Child c;
    child_spawn(&fx, &c);
    if (wait_for_fault_point(&fx, &c, rand, round % 2 == 0, last_sent, &pace_ms))
      kill(c.pid, SIGKILL);
    int code;
    if (child_reap(&c, &code))
      killed_mid_run++;
    else
      g_assert_cmpint(code, ==, 0);
    assert_consistent_full(&fx, round % 5 == 4);
    int64_t sent;
    outbox_counts(&fx, NULL, &sent, NULL);
    progressed += sent > last_sent;
    last_sent = sent;
  }
  g_test_message("%d of %d syncs killed mid-run, %" G_GINT64_FORMAT " made progress",
                 killed_mid_run, rounds, progressed);
  /* The faults did happen, and work still got done between them. */
  g_assert_cmpint(killed_mid_run, >=, rounds - 2);
  g_assert_cmpint(progressed, >=, rounds / 2);
  sync_all(&fx);
  assert_consistent(&fx);
  assert_hub_equals_ledger(&fx);
  fx_clear(&fx);
}

/* 6 rounds of SIGKILL to the hub during a sync, restarting it each time. */
static void test_kill_hub(void)
{
  Fx fx;
  g_autoptr(GRand) rand = kill_fixture(&fx);
  int failed_syncs = 0, rounds = 6;
  int64_t last_sent = 0;
  gint32 pace_ms = 150;
  for (int round = 0; round < rounds; round++) {
    top_up(&fx, 1600);
    Child c;
    child_spawn(&fx, &c);
    wait_for_fault_point(&fx, &c, rand, round % 3 == 0, last_sent, &pace_ms);
    hub_kill(&fx);
    int code;
    g_assert_false(child_reap(&c, &code));
    /* Either it finished before the kill, or it saw the hub die: exit 7. */
    g_assert_true(code == 0 || code == 7);
    failed_syncs += code == 7;
    assert_consistent_full(&fx, FALSE);
    hub_up(&fx);   /* restarted on the killed database */
    assert_consistent_full(&fx, round == rounds - 1);
    outbox_counts(&fx, NULL, &last_sent, NULL);
  }
  g_test_message("%d of %d syncs saw the hub die", failed_syncs, rounds);
  g_assert_cmpint(failed_syncs, >=, rounds - 1);
  sync_all(&fx);
  assert_consistent(&fx);
  assert_hub_equals_ledger(&fx);
  fx_clear(&fx);
}

/* A free 127.0.0.1 port (bound, then released) for a hub that must come back on it. */
static guint16 free_port(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock =
    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, 0);
  g_assert_true(g_socket_bind(sock, addr, TRUE, &error));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(sock, &error);
  guint16 port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  g_socket_close(sock, NULL);
  return port;
}

/*
** `sync --loop N` while the hub is down: it keeps retrying with backoff, and
** finishes once the hub is back on its address.
*/
static void test_loop(void)
{
  Fx fx;
  fx_init(&fx);
  hub_down(&fx);
  ring_many(&fx, 30);
  guint16 port = free_port();
  g_autofree char *listen = g_strdup_printf("127.0.0.1:%u", port);
  g_autofree char *base = g_strdup_printf("http://127.0.0.1:%u", port);
  point_at(&fx, base);
  char *argv[] = {(char *)tu_env("MPOS_STALL"), (char *)"--db", fx.ldb, (char *)"--json",
                  (char *)"sync", (char *)"--loop", (char *)"10", NULL};
  GPid pid = 0;
  int out_fd = -1;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                                         NULL, &pid, NULL, &out_fd, NULL, &error));
  g_usleep(1200 * 1000);   /* the first attempts fail: nothing listens */
  const char *const extra[] = {"--listen", listen, NULL};
  fx.hub = ht_hub_start(fx.hdb, extra);
  g_assert_cmpuint(fx.hub->port, ==, port);
  int code;
  g_assert_false(reap(pid, &code));
  char buf[4096];
  ssize_t n = read(out_fd, buf, sizeof buf - 1);
  close(out_fd);
  g_assert_cmpint(n, >, 0);
  buf[n] = '\0';
  g_autoptr(cJSON) r = cJSON_Parse(buf);
  g_assert_nonnull(r);
  g_assert_cmpint(code, ==, 0);
  g_assert_cmpint(jint(r, "attempts"), >=, 2);
  g_assert_cmpint(jint(r, "pending"), ==, 0);
  g_assert_cmpint(jint(r, "accepted"), ==, 33);
  assert_consistent(&fx);
  fx_clear(&fx);
}

/*
** A hub with tighter limits than the client's (30 events, 64 KiB): the
** client halves its batches until they fit; one sale bigger than the hub's
** body limit is marked rejected with the hub's code, kept, listed by
** --status, and does not hold back the sales behind it.
*/
static void test_limits(void)
{
  Fx fx;
  fx_init(&fx);
  hub_down(&fx);
  ring_many(&fx, 60);
  /* 300 lines: about 110 KB of JSON, over the hub's 64 KiB. */
  g_autofree char *big_id = NULL;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PosLedger) l = open_ledger(&fx);
    PosCartRules rules;
    pos_ledger_cart_rules(l, &rules);
    g_autoptr(PosProduct) a = pos_ledger_product_by_plu(l, 1, &error);
    g_autoptr(PosCart) cart = pos_cart_new(&rules);
    for (int i = 0; i < 300; i++)
      g_assert_true(pos_cart_add(cart, a, 1000, NULL, &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 300 * 3000, NULL, &error));
    g_autoptr(PosSale) s = NULL;
    g_assert_true(pos_ledger_commit_sale(l, cart, &s, &error));
    g_assert_no_error(error);
    big_id = g_strdup(s->id);
  }
  ring_many(&fx, 40);
  const char *const extra[] = {"--max-events", "30", "--max-body", "65536", NULL};
  fx.hub = ht_hub_start(fx.hdb, extra);
  point_at(&fx, fx.hub->base);
  int rc;
  g_autoptr(cJSON) r = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(r, "accepted"), ==, 3 + 60 + 40);
  g_assert_cmpint(jint(r, "rejected_now"), ==, 1);
  g_assert_cmpint(jint(r, "rejected"), ==, 1);
  g_assert_cmpint(jint(r, "pending"), ==, 0);
  /* Batches of at most 25 (200 halved thrice), so at least five of them. */
  g_assert_cmpint(jint(r, "batches"), >=, 5);
  g_autofree char *st = NULL;
  g_assert_cmpint(stall_env(&fx, NULL, &st, NULL, "--json", "sync", "--status", NULL), ==, 0);
  g_autoptr(cJSON) so = cJSON_Parse(st);
  const cJSON *rej = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(so, "rejected_events"), 0);
  g_assert_nonnull(rej);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(rej, "ref")->valuestring, ==, big_id);
  g_assert_cmpstr(cJSON_GetObjectItemCaseSensitive(rej, "code")->valuestring, ==, "too_large");
  g_assert_cmpint(ht_db_int(fx.hdb, "SELECT count(*) FROM event"), ==, 3 + 60 + 40);
  g_autofree char *doc_q = g_strdup_printf("SELECT count(*) FROM doc WHERE doc_id = '%s'", big_id);
  g_assert_cmpint(ht_db_int(fx.hdb, doc_q), ==, 0);
  /* Nothing else waits behind it; a second sync has nothing to send. */
  g_autoptr(cJSON) r2 = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(r2, "batches"), ==, 0);
  g_autofree char *err = NULL;
  g_assert_cmpint(stall_env(&fx, NULL, NULL, &err, "check", NULL), ==, 0);
  assert_hub_db_ok(&fx);
  fx_clear(&fx);
}

/* A throwaway self-signed certificate for san ("IP:127.0.0.1", "DNS:..."). */
static gboolean make_cert(const char *dir, const char *name, const char *san, char **cert,
                          char **key)
{
  g_autofree char *openssl = g_find_program_in_path("openssl");
  if (openssl == NULL)
    return FALSE;
  g_autofree char *c = g_strdup_printf("%s/%s.pem", dir, name);
  g_autofree char *k = g_strdup_printf("%s/%s.key", dir, name);
  g_autofree char *ext = g_strconcat("subjectAltName=", san, NULL);
  char *argv[] = {openssl, (char *)"req", (char *)"-x509", (char *)"-newkey", (char *)"ec",
                  (char *)"-pkeyopt", (char *)"ec_paramgen_curve:prime256v1", (char *)"-nodes",
                  (char *)"-keyout", k, (char *)"-out", c, (char *)"-days", (char *)"2",
                  (char *)"-subj", (char *)"/CN=market-hub test", (char *)"-addext", ext, NULL};
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(tu_run(argv, &out, &err), ==, 0);
  *cert = g_steal_pointer(&c);
  *key = g_steal_pointer(&k);
  return TRUE;
}

/* error.code of a --json result, or "". */
static const char *error_code(const cJSON *o)
{
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "error");
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
  return cJSON_IsString(c) ? c->valuestring : "";
}

/*
** HTTPS: a hub whose certificate the stall does not trust is refused (exit 7,
** "tls"), as is a trusted certificate for another host name; with --ca-file
** the same hub works for enrollment and sync.
*/
static void test_tls(void)
{
  Fx fx;
  fx_init(&fx);
  g_autofree char *cert = NULL, *key = NULL, *wrong = NULL, *wrong_key = NULL;
  if (!make_cert(fx.dir, "hub", "IP:127.0.0.1", &cert, &key)
      || !make_cert(fx.dir, "other", "DNS:hub.example.kr", &wrong, &wrong_key)) {
    fx_clear(&fx);
    g_test_skip("no openssl to make a certificate");
    return;
  }
  hub_down(&fx);
  ring_many(&fx, 20);
  const char *const tls[] = {"--tls-cert", cert, "--tls-key", key, NULL};
  fx.hub = ht_hub_start(fx.hdb, tls);
  g_assert_true(g_str_has_prefix(fx.hub->base, "https://"));
  point_at(&fx, fx.hub->base);
  /* Untrusted: the system CAs do not know this hub. */
  g_autofree char *o1 = NULL;
  int rc = stall_env(&fx, NULL, &o1, NULL, "--json", "sync", NULL);
  g_autoptr(cJSON) j1 = cJSON_Parse(o1);
  g_assert_cmpint(rc, ==, 7);
  g_assert_cmpstr(error_code(j1), ==, "tls");
  g_assert_cmpint(jint(j1, "pending"), ==, 23);
  /* Trusted through --ca-file: enrollment again (a new code) and the sync. */
  g_autofree char *code = ht_secret(fx.hdb, "enroll-code", "--stall", "S001", NULL);
  g_autofree char *o2 = NULL, *e2 = NULL;
  rc = stall_env(&fx, NULL, &o2, &e2, "enroll", "--hub", fx.hub->base, "--code", code,
                 "--ca-file", cert, NULL);
  if (rc != 0)
    g_error("enroll over https: %d %s", rc, e2);
  g_autofree char *o3 = NULL;
  rc = stall_env(&fx, NULL, &o3, NULL, "--json", "sync", "--ca-file", cert, NULL);
  g_autoptr(cJSON) j3 = cJSON_Parse(o3);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(j3, "accepted"), ==, 23);
  hub_down(&fx);
  /* A trusted certificate for another host: the host check refuses it. */
  const char *const other[] = {"--tls-cert", wrong, "--tls-key", wrong_key, NULL};
  fx.hub = ht_hub_start(fx.hdb, other);
  point_at(&fx, fx.hub->base);
  ring_many(&fx, 1);
  g_autofree char *o4 = NULL;
  rc = stall_env(&fx, NULL, &o4, NULL, "--json", "sync", "--ca-file", wrong, NULL);
  g_autoptr(cJSON) j4 = cJSON_Parse(o4);
  g_assert_cmpint(rc, ==, 7);
  g_assert_cmpstr(error_code(j4), ==, "tls");
  g_assert_cmpint(jint(j4, "pending"), ==, 1);
  assert_consistent(&fx);
  fx_clear(&fx);
}

/* ---- A proxy that loses the hub's answer -------------------------------------------- */

typedef struct {
  GSocket *listener;
  guint16 port;
  guint16 hub_port;
  gint client_pid;       /* set before the client connects */
  long hub_status;       /* status of the answer the client never saw */
  char *error;
} Proxy;

/* Reads one HTTP message (headers and a Content-Length body) from s. */
static GByteArray *read_message(GSocket *s, GError **error)
{
  GByteArray *buf = g_byte_array_new();
  gssize need = -1;
  for (;;) {
    if (need < 0 && buf->len > 0) {
      const guint8 *end = (const guint8 *)g_strstr_len((const char *)buf->data, buf->len,
                                                       "\r\n\r\n");
      if (end) {
        g_autofree char *head = g_strndup((const char *)buf->data, (gsize)(end - buf->data));
        g_autofree char *lower = g_ascii_strdown(head, -1);
        const char *cl = strstr(lower, "content-length:");
        need = (gssize)(end - buf->data) + 4 + (cl ? atoll(cl + 15) : 0);
      }
    }
    if (need >= 0 && (gssize)buf->len >= need)
      return buf;
    guint8 chunk[65536];
    gssize n = g_socket_receive(s, (char *)chunk, sizeof chunk, NULL, error);
    if (n <= 0) {
      if (n == 0)
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_CLOSED, "peer closed");
      g_byte_array_unref(buf);
      return NULL;
    }
    g_byte_array_append(buf, chunk, (guint)n);
  }
}

/*
** Accepts the client, forwards its first request to the hub, reads the hub's
** whole answer (the hub has committed by then), and kills the client before
** a byte of the answer reaches it.
*/
static gpointer proxy_main(gpointer data)
{
  Proxy *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) conn = g_socket_accept(p->listener, NULL, &error);
  g_autoptr(GByteArray) req = conn ? read_message(conn, &error) : NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new();
  g_autoptr(GSocketConnection) hub =
    req ? g_socket_client_connect_to_host(client, "127.0.0.1", p->hub_port, NULL, &error)
        : NULL;
  GSocket *hs = hub ? g_socket_connection_get_socket(hub) : NULL;
  g_autoptr(GByteArray) ans = NULL;
  if (hs && g_socket_send_with_blocking(hs, (const char *)req->data, req->len, TRUE, NULL,
                                        &error) == (gssize)req->len)
    ans = read_message(hs, &error);
  if (ans) {
    kill((pid_t)g_atomic_int_get(&p->client_pid), SIGKILL);
    p->hub_status = atol((const char *)ans->data + 9);
  } else {
    p->error = g_strdup(error ? error->message : "proxy failed");
  }
  return NULL;
}

/* The first batch is committed by the hub and its answer never arrives. */
static void test_answer_lost(void)
{
  Fx fx;
  fx_init(&fx);
  g_setenv("MPOS_NOW", NOW_DAY1, TRUE);
  ring_many(&fx, 300);
  g_setenv("MPOS_NOW", NOW_DAY2, TRUE);
  ring_many(&fx, 200);
  g_unsetenv("MPOS_NOW");
  g_autoptr(GError) error = NULL;
  Proxy p = {0};
  p.listener = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                            &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(lo, 0);
  g_assert_true(g_socket_bind(p.listener, addr, FALSE, &error));
  g_assert_true(g_socket_listen(p.listener, &error));
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address(p.listener, &error);
  p.port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
  p.hub_port = fx.hub->port;
  g_autofree char *proxy_url = g_strdup_printf("http://127.0.0.1:%u", p.port);
  point_at(&fx, proxy_url);
  GThread *t = g_thread_new("proxy", proxy_main, &p);
  GPid pid = sync_async(&fx);
  g_atomic_int_set(&p.client_pid, pid);
  g_thread_join(t);
  if (p.error)
    g_error("proxy: %s", p.error);
  g_assert_true(reap(pid, NULL));          /* killed, answer unread */
  g_assert_cmpint(p.hub_status, ==, 200);  /* ... after the hub committed */
  g_object_unref(p.listener);
  int64_t pending, sent;
  outbox_counts(&fx, &pending, &sent, NULL);
  g_assert_cmpint(sent, ==, 0);
  int64_t at_hub = ht_db_int(fx.hdb, "SELECT count(*) FROM event");
  g_assert_cmpint(at_hub, ==, 200);        /* the first batch */
  assert_consistent(&fx);
  /* Straight to the hub: the lost batch comes back duplicate, exactly. */
  point_at(&fx, fx.hub->base);
  int rc;
  g_autoptr(cJSON) r = sync_json(&fx, NULL, &rc);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(r, "duplicate"), ==, 200);
  g_assert_cmpint(jint(r, "accepted"), ==, pending - 200);
  g_assert_cmpint(jint(r, "pending"), ==, 0);
  assert_consistent(&fx);
  assert_hub_equals_ledger(&fx);
  fx_clear(&fx);
}

/* A device clock in 2019 against a hub in 2026. */
static void test_clock_skew(void)
{
  Fx fx;
  fx_init(&fx);
  /* This device believes it is 2019; days of sales, and its sync, then. */
  g_autofree char *out = NULL;
  g_assert_cmpint(stall_env(&fx, NOW_PAST, &out, NULL, "sell", "--item", "1=2", "--pay",
                            "cash=6000", NULL), ==, 0);
  ring_many_on(&fx, NOW_DAY1, 3);
  int rc;
  g_autoptr(cJSON) r = sync_json(&fx, NOW_PAST, &rc);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpint(jint(r, "accepted"), ==, 3 + 1 + 3);
  /* Hub time minus the device's: at least six years. */
  g_assert_cmpint(jint(r, "skew_ms"), >, (int64_t)6 * 365 * 24 * 3600 * 1000);
  g_assert_cmpint(ht_db_int(fx.hdb, "SELECT count(*) FROM event WHERE skewed <> 0"), ==, 7);
  g_autoptr(cJSON) s = summary(&fx, PAST_DAY, PAST_DAY);
  g_assert_cmpint(jint(s, "total"), ==, 6000);
  assert_hub_equals_ledger(&fx);
  assert_consistent(&fx);
  fx_clear(&fx);
}

/* Registers the cases; see the header for what each proves. */
int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/sync-e2e/offline", test_offline);
  g_test_add_func("/sync-e2e/kill-client", test_kill_client);
  g_test_add_func("/sync-e2e/kill-hub", test_kill_hub);
  g_test_add_func("/sync-e2e/loop", test_loop);
  g_test_add_func("/sync-e2e/limits", test_limits);
  g_test_add_func("/sync-e2e/tls", test_tls);
  g_test_add_func("/sync-e2e/clock-skew", test_clock_skew);
  /* Last: it starts a thread, and the others set MPOS_NOW in this process. */
  g_test_add_func("/sync-e2e/answer-lost", test_answer_lost);
  return g_test_run();
}
