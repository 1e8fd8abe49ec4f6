/*
** test-crash.c: crash safety of the stall ledger.
**
** A till loses power or is killed at any moment; the ledger promises that a
** sale is on disk once pos_ledger_commit_sale() returns TRUE, and that there
** is never half a sale (a document without lines, tenders or its outbox
** event, or an event without its document).
**
** /crash/fork-kill: the test forks a child that opens the ledger with the
** library and rings sales (and now and then voids one) in a loop.  After
** each commit returns TRUE the child appends "kind id total original" to a
** report file with write() + fsync(), so the report never names a document
** that was not committed first.  The parent kills the child with SIGKILL at
** a random moment: half the rounds 0-30 ms after the child's first commit
** (among commits, however slow the machine or the sanitizer build), a
** quarter 0-30 ms after it has opened the ledger (inside the first
** commits), a quarter 0-10 ms after the fork (inside the open and the WAL
** recovery of the previous crash).  Then it reopens the ledger and checks:
**   - it opens (WAL recovery) and pos_ledger_check passes: integrity_check,
**     foreign keys, every document reconciles (pos_sale_check), every
**     document has exactly one outbox event and no event lacks its document;
**   - every document the child reported exists, of its kind, with its total;
**   - at most one document per kill is committed but unreported (the child
**     died between the commit and its report), never more;
**   - no orphan lines or tenders, and receipt numbers have no gaps;
**   - the parent itself can ring a sale on the recovered ledger.
** Then the next round goes on ringing on the same ledger.
**
** /crash/stall-cli: the same with the real `stall` program ($MPOS_STALL, set
** by ctest) run in a shell loop in its own process group, killed as a group;
** every sale it printed as JSON must be in the ledger.
**
** The random delays come from a GRand with a fixed seed printed in the log
** (MPOS_CRASH_SEED overrides it), so a failing round can be replayed.  The
** parent has no threads and no ledger open when it forks; the child uses
** only the pos library (and the GLib under it), write() and fsync(), and
** leaves with _exit() when something goes wrong (else it is killed).
*/
#include "pos.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define FORK_ROUNDS 100
#define MIN_ROUNDS 40
#define CLI_ROUNDS 12
#define TIME_BUDGET_S 30.0
#define DEFAULT_SEED 20260302u

/* What the ledger must hold: id -> Expect, from reports and the parent. */
typedef struct {
  PosDocKind kind;
  PosMoney total;
  char *original_id;   /* voids only */
} Expect;

static void expect_free(Expect *e)
{
  g_free(e->original_id);
  g_free(e);
}

typedef struct {
  char *dir;
  char *path;      /* the ledger */
  char *report;    /* the child's report file */
  GHashTable *expected;   /* id -> Expect* */
  guint rounds;
  guint64 docs;           /* documents in the ledger after the last round */
  guint unreported;       /* committed but not reported (killed in between) */
  guint kills_before_ready;
  guint kills_in_loop;    /* rounds whose child had committed when killed */
} Run;

static void run_init(Run *r)
{
  memset(r, 0, sizeof *r);
  r->dir = tu_tmpdir();
  r->path = g_build_filename(r->dir, "ledger.sqlite", NULL);
  r->report = g_build_filename(r->dir, "committed.txt", NULL);
  r->expected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)expect_free);
}

static void run_clear(Run *r)
{
  g_hash_table_unref(r->expected);
  tu_tmpdir_free(r->dir);
  g_free(r->path);
  g_free(r->report);
  memset(r, 0, sizeof *r);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Run, run_clear)

static guint32 crash_seed(void)
{
  const char *env = g_getenv("MPOS_CRASH_SEED");
  guint32 seed = env ? (guint32)g_ascii_strtoull(env, NULL, 10) : DEFAULT_SEED;
  g_test_message("crash seed %u (set MPOS_CRASH_SEED to replay)", seed);
  return seed;
}

/* ---- Setting up the stall ----------------------------------------------- */

static void make_stall(const char *path)
{
  static const struct {
    int plu;
    const char *name, *line;
    PosUnit unit;
    PosMoney price;
    PosTaxClass tax;
  } products[] = {
    {1, "손두부", "TOFU", POS_UNIT_PIECE, 2500, POS_TAX_TAXABLE},
    {2, "배추", "VEG", POS_UNIT_PIECE, 4000, POS_TAX_EXEMPT},
    {3, "돼지고기 앞다리살", "MEAT", POS_UNIT_KG, 18000, POS_TAX_EXEMPT},
    {4, "고등어", "FISH", POS_UNIT_PIECE, 6900, POS_TAX_EXEMPT},
    {5, "참기름", "OIL", POS_UNIT_PIECE, 12500, POS_TAX_TAXABLE},
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) ledger = pos_ledger_open(path, &error);
  g_assert_no_error(error);
  g_assert_true(pos_ledger_init_stall(ledger, "정든 시장 반찬", 10, &error));
  g_assert_no_error(error);
  /* tu_product builds and saves each one, as the other ledger fixtures do. */
  for (guint i = 0; i < G_N_ELEMENTS(products); i++)
    pos_product_free(tu_product(ledger, products[i].plu, products[i].name, products[i].line,
                                products[i].unit, products[i].price, products[i].tax));
}

/*
** A random cart over the catalog: 1-4 lines, pieces or grams, sometimes a
** line discount; paid by card exactly or by cash rounded up to 10,000 won.
** NULL when something refused (the caller reports and exits).
*/
static PosCart *random_cart(PosLedger *ledger, GPtrArray *products, GRand *rand)
{
  PosCartRules rules;
  pos_ledger_cart_rules(ledger, &rules);
  PosCart *cart = pos_cart_new(&rules);
  int n = g_rand_int_range(rand, 1, 5);
  for (int i = 0; i < n; i++) {
    const PosProduct *p = g_ptr_array_index(products, g_rand_int_range(rand, 0, (gint32)products->len));
    int64_t qty = p->unit == POS_UNIT_KG ? g_rand_int_range(rand, 100, 2500)
                                         : 1000 * g_rand_int_range(rand, 1, 4);
    if (!pos_cart_add(cart, p, qty, NULL, NULL))
      goto fail;
    if (g_rand_int_range(rand, 0, 5) == 0
        && !pos_cart_discount_line(cart, i, 100, "덤", NULL))
      goto fail;
  }
  PosTotals t;
  if (!pos_cart_totals(cart, &t, NULL))
    goto fail;
  gboolean ok = g_rand_boolean(rand)
                  ? pos_cart_add_tender(cart, POS_TENDER_CASH, (t.total / 10000 + 1) * 10000,
                                        NULL, NULL)
                  : pos_cart_add_tender(cart, POS_TENDER_CARD, t.total, "30000001", NULL);
  if (ok)
    return cart;
fail:
  pos_cart_free(cart);
  return NULL;
}

/* ---- The child ------------------------------------------------------------ */

static gboolean write_all(int fd, const char *buf, size_t len)
{
  while (len > 0) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    buf += n;
    len -= (size_t)n;
  }
  return TRUE;
}

static void child_fail(const char *what, const GError *error, int code) G_GNUC_NORETURN;
static void child_fail(const char *what, const GError *error, int code)
{
  char buf[512];
  int n = g_snprintf(buf, sizeof buf, "crash child: %s: %s\n", what,
                     error ? error->message : "failed");
  write_all(STDERR_FILENO, buf, (size_t)MIN(n, (int)sizeof buf - 1));
  _exit(code);
}

/* Appends one committed document to the report, on disk before going on. */
static void report_doc(int fd, const PosSale *s)
{
  char line[160];
  int n = g_snprintf(line, sizeof line, "%s %s %" G_GINT64_FORMAT " %s\n",
                     pos_doc_kind_name(s->kind), s->id, s->totals.total,
                     s->kind == POS_DOC_SALE ? "-" : s->original_id);
  if (n <= 0 || n >= (int)sizeof line || !write_all(fd, line, (size_t)n) || fsync(fd) != 0)
    child_fail("report", NULL, 12);
}

/*
** Rings until killed.  Every seventh document voids the previous sale when
** that sale is still untouched, so voids (read, check, write in one
** transaction) are killed mid-way as well.
*/
static void child_main(const char *path, const char *report, int ready_fd, guint32 seed)
  G_GNUC_NORETURN;
static void child_main(const char *path, const char *report, int ready_fd, guint32 seed)
{
  GError *error = NULL;
  int fd = open(report, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    child_fail("open report", NULL, 10);
  PosLedger *ledger = pos_ledger_open(path, &error);
  if (ledger == NULL)
    child_fail("open ledger", error, 11);
  GPtrArray *products = pos_ledger_product_list(ledger, TRUE, &error);
  if (products == NULL || products->len == 0)
    child_fail("products", error, 11);
  if (!write_all(ready_fd, "R", 1))
    child_fail("ready", NULL, 10);

  GRand *rand = g_rand_new_with_seed(seed);
  char last_sale[POS_UUID_LEN + 1] = "";
  for (guint i = 1;; i++) {
    PosSale *s = NULL;
    if (i % 7 == 0 && last_sale[0] != '\0') {
      if (!pos_ledger_void(ledger, last_sale, "crash test", &s, &error))
        child_fail("void", error, 13);
      last_sale[0] = '\0';
    } else {
      PosCart *cart = random_cart(ledger, products, rand);
      if (cart == NULL)
        child_fail("cart", NULL, 14);
      if (!pos_ledger_commit_sale(ledger, cart, &s, &error))
        child_fail("commit", error, 13);
      pos_cart_free(cart);
      g_strlcpy(last_sale, s->id, sizeof last_sale);
    }
    report_doc(fd, s);
    pos_sale_free(s);
    if (ready_fd >= 0) {   /* the first document is in: say so once */
      if (!write_all(ready_fd, "C", 1))
        child_fail("ready", NULL, 10);
      close(ready_fd);
      ready_fd = -1;
    }
  }
}

/* ---- The parent's checks ---------------------------------------------------- */

/*
** Reads the report, adds complete lines to expected and cuts off a partial
** last line (a kill inside write()) so the next child appends cleanly.
** Returns the number of documents it added.
*/
static guint read_report(Run *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  guint added = 0;
  if (!g_file_test(r->report, G_FILE_TEST_EXISTS))
    return 0;
  g_assert_true(g_file_get_contents(r->report, &text, &len, &error));
  g_assert_no_error(error);
  const char *end = g_strrstr_len(text, (gssize)len, "\n");
  gsize complete = end ? (gsize)(end - text) + 1 : 0;
  if (complete < len) {
    g_test_message("cutting a partial report line of %zu bytes", len - complete);
    g_assert_cmpint(truncate(r->report, (off_t)complete), ==, 0);
  }
  text[complete] = '\0';
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++) {
    if (lines[i][0] == '\0')
      continue;
    g_auto(GStrv) f = g_strsplit(lines[i], " ", 4);
    g_assert_cmpuint(g_strv_length(f), ==, 4);
    if (g_hash_table_contains(r->expected, f[1]))
      continue;
    Expect *e = g_new0(Expect, 1);
    e->kind = strcmp(f[0], "void") == 0 ? POS_DOC_VOID : POS_DOC_SALE;
    g_assert_true(strcmp(f[0], "void") == 0 || strcmp(f[0], "sale") == 0);
    e->total = g_ascii_strtoll(f[2], NULL, 10);
    e->original_id = strcmp(f[3], "-") == 0 ? NULL : g_strdup(f[3]);
    g_assert_true(pos_uuid_valid(f[1]));
    g_hash_table_insert(r->expected, g_strdup(f[1]), e);
    added++;
  }
  return added;
}

/* What plain SQLite sees in the recovered file. */
static void check_raw(const char *path)
{
  sqlite3 *db = NULL;
  g_assert_cmpint(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM pragma_quick_check WHERE quick_check <> 'ok'"),
                  ==, 0);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_line l"
                              " WHERE NOT EXISTS (SELECT 1 FROM doc d WHERE d.id = l.doc_id)"), ==, 0);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc_tender t"
                              " WHERE NOT EXISTS (SELECT 1 FROM doc d WHERE d.id = t.doc_id)"), ==, 0);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM doc d"
                              " WHERE NOT EXISTS (SELECT 1 FROM doc_tender t WHERE t.doc_id = d.id)"),
                  ==, 0);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM outbox o WHERE o.kind IN ('sale','void')"
                              " AND (SELECT count(*) FROM doc d WHERE d.id = o.ref) <> 1"), ==, 0);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM outbox WHERE kind IN ('sale','void')"), ==,
                  tu_sql_int(db, "SELECT count(*) FROM doc"));
  /* receipt numbers 1..n on each day: a crash never burns or repeats one */
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM (SELECT business_day FROM doc"
                              " GROUP BY business_day HAVING count(*) <> max(day_seq))"), ==, 0);
  g_assert_cmpint(tu_sql_int(db, "SELECT count(*) FROM (SELECT original_id FROM doc"
                              " WHERE kind = 'void' GROUP BY original_id HAVING count(*) > 1)"), ==, 0);
  g_assert_cmpint(sqlite3_close(db), ==, SQLITE_OK);
}

/* Every expected document is in the ledger as it was reported. */
static void check_expected(PosLedger *ledger, GHashTable *expected)
{
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, expected);
  while (g_hash_table_iter_next(&it, &key, &value)) {
    const Expect *e = value;
    g_autoptr(GError) error = NULL;
    g_autoptr(PosSale) s = pos_ledger_load_sale(ledger, key, &error);
    if (s == NULL)
      g_error("reported document %s is missing after the crash: %s", (const char *)key,
              error->message);
    g_assert_cmpint(s->kind, ==, e->kind);
    g_assert_cmpint(s->totals.total, ==, e->total);
    g_assert_cmpuint(s->lines->len, >, 0);
    g_assert_cmpuint(s->tenders->len, >, 0);
    if (e->kind == POS_DOC_VOID)
      g_assert_cmpstr(s->original_id, ==, e->original_id);
    g_assert_true(pos_sale_check(s, &error));
    g_assert_no_error(error);
  }
}

/*
** After a kill: the ledger opens, checks, holds what was reported and at
** most `max_unreported` more than before; then the parent rings a sale.
*/
static void verify_round(Run *r, guint new_reports, guint max_unreported, GRand *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PosLedger) ledger = pos_ledger_open(r->path, &error);
  g_assert_no_error(error);
  g_assert_nonnull(ledger);
  g_assert_true(pos_ledger_check(ledger, &error));
  g_assert_no_error(error);
  check_expected(ledger, r->expected);

  g_autoptr(GPtrArray) ids = pos_ledger_list_sales(ledger, NULL, &error);
  g_assert_no_error(error);
  guint64 new_docs = ids->len - r->docs;
  g_assert_cmpuint(ids->len, >=, r->docs);
  g_assert_cmpuint(new_docs, >=, new_reports);
  g_assert_cmpuint(new_docs - new_reports, <=, max_unreported);
  r->unreported += (guint)(new_docs - new_reports);
  g_assert_cmpuint(ids->len, >=, g_hash_table_size(r->expected));
  g_assert_cmpuint(ids->len - g_hash_table_size(r->expected), ==, r->unreported);

  /* the recovered ledger takes a new sale at once */
  g_autoptr(GPtrArray) products = pos_ledger_product_list(ledger, TRUE, &error);
  g_assert_no_error(error);
  g_autoptr(PosCart) cart = random_cart(ledger, products, rand);
  g_assert_nonnull(cart);
  g_autoptr(PosSale) s = NULL;
  g_assert_true(pos_ledger_commit_sale(ledger, cart, &s, &error));
  g_assert_no_error(error);
  Expect *e = g_new0(Expect, 1);
  e->kind = POS_DOC_SALE;
  e->total = s->totals.total;
  g_hash_table_insert(r->expected, g_strdup(s->id), e);
  r->docs = ids->len + 1;
  g_clear_pointer(&ledger, pos_ledger_close);
  check_raw(r->path);
}

/* ---- /crash/fork-kill --------------------------------------------------------- */

/* Waits up to timeout_ms for the byte want from the child; FALSE if it died first. */
static gboolean wait_byte(int fd, char want, int timeout_ms)
{
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int n;
  do
    n = poll(&p, 1, timeout_ms);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return FALSE;
  char c;
  return read(fd, &c, 1) == 1 && c == want;
}

typedef enum { ANCHOR_FORK, ANCHOR_OPEN, ANCHOR_COMMIT } Anchor;
static const char *const anchor_names[] = {"fork  ", "open  ", "commit"};

static void kill_and_reap(pid_t pid)
{
  int status = 0;
  g_assert_cmpint(kill(pid, SIGKILL), ==, 0);
  g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
  if (WIFEXITED(status))
    g_error("the child stopped by itself with status %d (see its stderr)", WEXITSTATUS(status));
  g_assert_true(WIFSIGNALED(status));
  g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);
}

static void test_fork_kill(void)
{
  g_auto(Run) r;
  run_init(&r);
  guint32 seed = crash_seed();
  g_autoptr(GRand) rand = g_rand_new_with_seed(seed);
  g_autoptr(GTimer) timer = g_timer_new();
  make_stall(r.path);
  {
    /* the product events only: no document yet */
    g_autoptr(PosLedger) ledger = pos_ledger_open(r.path, NULL);
    g_assert_nonnull(ledger);
    g_assert_true(pos_ledger_check(ledger, NULL));
  }

  guint round;
  for (round = 0; round < FORK_ROUNDS; round++) {
    if (round >= MIN_ROUNDS && g_timer_elapsed(timer, NULL) > TIME_BUDGET_S)
      break;
    /* where the delay starts: 1 in 4 at the fork (kills in open and WAL
       recovery), 1 in 4 when the ledger is open (kills in the first commits),
       else after the first commit (kills among commits, however slow the
       machine or the sanitizer build) */
    Anchor anchor = round % 4 == 3 ? ANCHOR_FORK : round % 4 == 1 ? ANCHOR_OPEN : ANCHOR_COMMIT;
    guint delay_us = anchor == ANCHOR_FORK ? (guint)g_rand_int_range(rand, 0, 10001)
                                           : (guint)g_rand_int_range(rand, 0, 30001);
    guint32 child_seed = g_rand_int(rand);
    int ready[2];
    g_assert_cmpint(pipe(ready), ==, 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
      close(ready[0]);
      child_main(r.path, r.report, ready[1], child_seed);
    }
    close(ready[1]);
    if (anchor == ANCHOR_FORK) {
      r.kills_before_ready++;
    } else if (!wait_byte(ready[0], 'R', 20000)
               || (anchor == ANCHOR_COMMIT && !wait_byte(ready[0], 'C', 20000))) {
      int status = 0;
      waitpid(pid, &status, 0);
      g_error("round %u: the child died before it was ready (status 0x%x)", round, status);
    }
    g_usleep(delay_us);
    kill_and_reap(pid);
    close(ready[0]);

    guint added = read_report(&r);
    guint unreported = r.unreported;
    verify_round(&r, added, 1, rand);
    if (added > 0 || r.unreported > unreported)
      r.kills_in_loop++;
    g_test_message("round %3u: killed %s+%5u us, %u reported, %" G_GUINT64_FORMAT
                   " documents so far", round, anchor_names[anchor], delay_us, added, r.docs);
  }
  r.rounds = round;
  double secs = g_timer_elapsed(timer, NULL);
  guint reported_by_child = g_hash_table_size(r.expected) - r.rounds;  /* less the parent's */
  g_test_message("%u rounds in %.1f s (%u killed before ready, %u among commits): %"
                 G_GUINT64_FORMAT " documents, %u reported by the children, %u committed "
                 "but killed before the report", r.rounds, secs, r.kills_before_ready,
                 r.kills_in_loop, r.docs, reported_by_child, r.unreported);
  g_assert_cmpuint(r.rounds, >=, MIN_ROUNDS);
  /* enough kills landed among commits, or the test proved nothing */
  g_assert_cmpuint(r.kills_in_loop, >=, r.rounds / 2);
  g_assert_cmpuint(reported_by_child, >=, r.rounds / 2);
}

/* ---- /crash/stall-cli ---------------------------------------------------------- */

static void new_process_group(gpointer data)
{
  (void)data;
  setpgid(0, 0);
}

/* Adds each complete JSON line of text to expected; returns how many. */
static guint add_printed_sales(Run *r, const char *text)
{
  guint added = 0;
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  guint n = g_strv_length(lines);
  /* the last piece has no newline: empty, or a print cut short by the kill */
  for (guint i = 0; i + 1 < n; i++) {
    cJSON *o = cJSON_Parse(lines[i]);
    if (o == NULL)
      g_error("stall printed a line that is not JSON: %s", lines[i]);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(o, "total");
    g_assert_true(cJSON_IsString(id) && cJSON_IsNumber(total));
    g_assert_true(pos_uuid_valid(id->valuestring));
    Expect *e = g_new0(Expect, 1);
    e->kind = POS_DOC_SALE;
    e->total = (PosMoney)total->valuedouble;
    g_assert_cmpint(e->total, ==, 10400);
    g_assert_true(g_hash_table_insert(r->expected, g_strdup(id->valuestring), e));
    cJSON_Delete(o);
    added++;
  }
  return added;
}

/* Waits until the file holds a complete line; FALSE after timeout_ms. */
static gboolean wait_for_line(const char *path, int timeout_ms)
{
  for (int waited = 0; waited < timeout_ms; waited++) {
    g_autofree char *text = NULL;
    if (g_file_get_contents(path, &text, NULL, NULL) && strchr(text, '\n') != NULL)
      return TRUE;
    g_usleep(1000);
  }
  return FALSE;
}

/*
** The loop: 2 tofu (5,000) + 300 g pork (5,400) = 10,400, paid 20,000, as
** long as it lives.  $0 is the stall program, $1 the ledger, $2 the output.
*/
#define STALL_LOOP                                                                  \
  "while :; do \"$0\" --db \"$1\" --json sell --item 1=2 --item 3=300g"               \
  " --pay cash=20000 >>\"$2\" || exit 3; done"

static void test_stall_cli(void)
{
  g_auto(Run) r;
  run_init(&r);
  const char *stall = tu_env("MPOS_STALL");
  guint32 seed = crash_seed() ^ 0x5a5a5a5au;
  g_autoptr(GRand) rand = g_rand_new_with_seed(seed);
  g_autoptr(GTimer) timer = g_timer_new();
  make_stall(r.path);

  /* One run first, timed: the kill window scales with the machine. */
  g_autofree char *first = NULL;
  g_autofree char *err = NULL;
  char *once[] = {(char *)stall, (char *)"--db", r.path, (char *)"--json", (char *)"sell",
                  (char *)"--item", (char *)"1=2", (char *)"--item", (char *)"3=300g",
                  (char *)"--pay", (char *)"cash=20000", NULL};
  g_timer_start(timer);
  int rc = tu_run(once, &first, &err);
  if (rc != 0)
    g_error("stall sell failed (%d): %s", rc, err);
  guint one_run_us = (guint)(g_timer_elapsed(timer, NULL) * 1e6);
  guint printed = add_printed_sales(&r, first);
  g_assert_cmpuint(printed, ==, 1);
  r.docs = 1;
  g_test_message("one stall sell takes %u us", one_run_us);
  g_timer_start(timer);

  for (guint round = 0; round < CLI_ROUNDS; round++) {
    g_autoptr(GError) error = NULL;
    g_autofree char *out = g_strdup_printf("%s/cli-%u.jsonl", r.dir, round);
    char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)STALL_LOOP, (char *)stall, r.path,
                    out, NULL};
    GPid pid;
    g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, new_process_group,
                                NULL, &pid, &error));
    g_assert_no_error(error);
    /* odd rounds: after the first printed sale, so the kill lands among the
       next runs; even rounds: from the start, inside one of the first runs */
    gboolean after_first = round % 2 == 1;
    if (after_first && !wait_for_line(out, 20000))
      g_error("stall round %u: nothing printed in 20 s", round);
    guint delay_us = (guint)g_rand_int_range(rand, 0, (gint32)MIN(2 * one_run_us + 1, 2000000u));
    g_usleep(delay_us);
    int status = 0;
    g_assert_cmpint(kill(-pid, SIGKILL), ==, 0);
    g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
    if (WIFEXITED(status))
      g_error("the stall loop stopped by itself with status %d", WEXITSTATUS(status));
    g_spawn_close_pid(pid);

    g_autofree char *text = NULL;
    guint added = 0;
    if (g_file_get_contents(out, &text, NULL, NULL))
      added = add_printed_sales(&r, text);
    printed += added;
    verify_round(&r, added, 1, rand);
    g_test_message("stall round %2u: killed %s+%7u us, %u printed", round,
                   after_first ? "first sale" : "start     ", delay_us, added);
  }
  g_test_message("stall CLI: %u rounds in %.1f s, %u sales printed, %" G_GUINT64_FORMAT
                 " documents, %u committed but not printed", CLI_ROUNDS,
                 g_timer_elapsed(timer, NULL), printed, r.docs, r.unreported);
  g_assert_cmpuint(printed, >=, CLI_ROUNDS / 2);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_unsetenv("MPOS_NOW");
  g_test_add_func("/crash/fork-kill", test_fork_kill);
  g_test_add_func("/crash/stall-cli", test_stall_cli);
  return g_test_run();
}
