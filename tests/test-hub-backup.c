/*
** test-hub-backup.c: `market-hub backup` and `market-hub restore`
** (hub_store_backup, hub_store_restore).
**
** The promise under test is the operator's: a backup taken while tills
** are syncing holds every sale the hub had acknowledged when the backup
** began, and restoring it gives a hub that serves again and takes the
** tills' retries as duplicates, not as new sales.  So a feeder thread plays
** a till, posting its outbox to a real hub in small batches and recording
** each acknowledged event, while the main thread takes the backup; the
** backup is then restored over the live file once the hub is stopped.
**
** Around it, what must be refused and how: a restore while the hub holds
** the file (busy), a damaged file, a file that is not a hub, a hub of a
** newer schema; and --keep keeps the newest backups only.
**
** Under MPOS_TEST_STORE=postgres (test-hub-backup-pg) the hub is on the
** test cluster, the backup is pg_dump's archive and the restore goes into
** a new, empty database (a restore never overwrites a PostgreSQL hub);
** the refusals there: a database that is not empty, a file that is not an
** archive, an archive of something else than a hub, a missing file.
*/
#include "hub-testutil.h"
#include <glib/gstdio.h>

#define N_SALES 240
#define BATCH 8

typedef struct {
  char *dir, *db, *backups;
  HtHub *hub;
  char *token;
  PosLedger *ledger;
  GPtrArray *events;        /* char* event JSON, one a sale, in ring order */
  GMutex lock;
  GPtrArray *acked;         /* char* event ids the hub answered "accepted" */
  guint duplicates;         /* answered "duplicate" */
} Fx;

static Fx fx;

/* One sale of one product, paid in cash; its wire event keeps the outbox's id. */
static void ring_sales(void)
{
  g_autoptr(GError) error = NULL;
  fx.ledger = tu_ledger(fx.dir, "행복청과", 10);
  g_autoptr(PosProduct) apple =
    tu_product(fx.ledger, 1, "사과", "FRUIT", POS_UNIT_PIECE, 3000, POS_TAX_EXEMPT);
  g_assert_true(pos_ledger_open_day(fx.ledger, 50000, &error));
  PosCartRules rules;
  pos_ledger_cart_rules(fx.ledger, &rules);
  for (guint i = 0; i < N_SALES; i++) {
    g_autoptr(PosCart) cart = pos_cart_new(&rules);
    g_assert_true(pos_cart_add(cart, apple, 1000 * (1 + i % 3), NULL, &error));
    g_assert_true(pos_cart_add_tender(cart, POS_TENDER_CASH, 10000, NULL, &error));
    g_autoptr(PosSale) s = NULL;
    if (!pos_ledger_commit_sale(fx.ledger, cart, &s, &error))
      g_error("sale %u: %s", i, error->message);
    g_autoptr(cJSON) ev = ht_doc_event(s);
    char *raw = cJSON_PrintUnformatted(ev);
    g_ptr_array_add(fx.events, g_strdup(raw));
    cJSON_free(raw);
  }
}

/* The id of an event's JSON (a copy). */
static char *event_id(const char *json)
{
  g_autoptr(cJSON) o = cJSON_Parse(json);
  return g_strdup(cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring);
}

/*
** The till: every event, BATCH at a time, in order; an event counts as
** acknowledged only once its batch's answer says so.  A batch that fails
** ends the test (the hub must keep serving while the backup runs).
*/
static gpointer feed(gpointer hub)
{
  for (guint first = 0; first < fx.events->len; first += BATCH) {
    cJSON *events = cJSON_CreateArray();
    for (guint i = first; i < MIN(first + BATCH, fx.events->len); i++)
      cJSON_AddItemToArray(events, cJSON_Parse(g_ptr_array_index(fx.events, i)));
    g_autofree char *body = ht_batch(events), *answer = NULL;
    long status = ht_http("POST", hub, "/v1/events", fx.token, body, &answer);
    if (status != 200)
      g_error("batch at %u: HTTP %ld %s", first, status, answer);
    g_autofree char *results = ht_results(answer);
    g_auto(GStrv) verdicts = g_strsplit(results, ",", -1);
    g_mutex_lock(&fx.lock);
    for (guint k = 0; verdicts[k] != NULL; k++) {
      if (strcmp(verdicts[k], "accepted") == 0)
        g_ptr_array_add(fx.acked, event_id(g_ptr_array_index(fx.events, first + k)));
      else if (strcmp(verdicts[k], "duplicate") == 0)
        fx.duplicates++;
      else
        g_error("event %u: %s", first + k, verdicts[k]);
    }
    g_mutex_unlock(&fx.lock);
  }
  return NULL;
}

static guint acked_count(void)
{
  g_mutex_lock(&fx.lock);
  guint n = fx.acked->len;
  g_mutex_unlock(&fx.lock);
  return n;
}

/* How many of ids (char*, from first on) the hub database db holds. */
static guint held_in(const char *db, GPtrArray *ids, guint first, guint n)
{
  if (hub_store_is_postgres(db)) {
    /* the ids are UUIDs the test made itself: safe to list in the query */
    g_autoptr(GString) sql = g_string_new("SELECT count(*) FROM event WHERE event_id IN (''");
    for (guint i = first; i < first + n; i++)
      g_string_append_printf(sql, ",'%s'", (char *)g_ptr_array_index(ids, i));
    g_string_append_c(sql, ')');
    return (guint)ht_db_int(db, sql->str);
  }
  sqlite3 *d = NULL;
  sqlite3_stmt *st = NULL;
  g_assert_cmpint(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_prepare_v2(d, "SELECT count(*) FROM event WHERE event_id = ?", -1, &st,
                                     NULL), ==, SQLITE_OK);
  guint held = 0;
  for (guint i = first; i < first + n; i++) {
    sqlite3_bind_text(st, 1, g_ptr_array_index(ids, i), -1, SQLITE_STATIC);
    g_assert_cmpint(sqlite3_step(st), ==, SQLITE_ROW);
    held += (guint)sqlite3_column_int(st, 0);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_close(d);
  return held;
}

/* The single backup file of dir (the test keeps one there at a time). */
static char *only_backup(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  char *found = NULL;
  for (const char *n; (n = g_dir_read_name(d)) != NULL;) {
    g_assert_null(found);
    found = g_build_filename(dir, n, NULL);
  }
  g_assert_nonnull(found);
  return found;
}

/*
** The PostgreSQL end of the main case: the backup goes into a new
** database; it holds everything acknowledged before it began, once each;
** a hub on it serves, and the till's retry of every sale stores each
** missing one once.
*/
static void restore_pg_and_retry(const char *backup, GPtrArray *before)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  fx.hub = NULL;
  g_autofree char *fresh = ht_pg_database_new(), *out = NULL, *err = NULL;
  int rc = ht_cmd(fresh, &out, &err, "restore", "--from", backup, NULL);
  if (rc != 0)
    g_error("restore: %d %s", rc, err);
  g_assert_null(strstr(out, "dbname="));   /* the string is never echoed */
  g_assert_cmpuint(held_in(fresh, before, 0, before->len), ==, before->len);
  gint64 restored = ht_db_int(fresh, "SELECT count(*) FROM event");
  g_assert_cmpint(restored, >=, before->len);
  g_assert_cmpint(restored, <=, N_SALES);
  g_assert_cmpint(ht_db_int(fresh, "SELECT count(*) FROM (SELECT event_id FROM event"
                                   " GROUP BY event_id HAVING count(*) > 1) d"), ==, 0);
  g_assert_cmpint(ht_db_int(fresh, "SELECT sum(receipts) FROM roll_day"), ==, restored);
  fx.hub = ht_hub_start(fresh, NULL);
  g_ptr_array_set_size(fx.acked, 0);
  fx.duplicates = 0;
  feed(fx.hub);
  g_assert_cmpuint(fx.duplicates, ==, restored);
  g_assert_cmpuint(fx.acked->len, ==, N_SALES - restored);
  g_assert_cmpint(ht_db_int(fresh, "SELECT count(*) FROM event"), ==, N_SALES);
  g_assert_cmpint(ht_db_int(fresh, "SELECT sum(receipts) FROM roll_day"), ==, N_SALES);
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  fx.hub = ht_hub_start(fx.db, NULL);
}

/*
** The main case.  The backup starts once a third of the sales are
** acknowledged; everything acknowledged by then must be in it.  Events
** acknowledged later may or may not be (the snapshot's moment decides),
** and none may be in it twice.
*/
static void test_backup_during_ingest_restores_every_acked_sale(void)
{
  GThread *till = g_thread_new("till", feed, fx.hub);
  while (acked_count() < N_SALES / 3)
    g_usleep(2000);
  g_mutex_lock(&fx.lock);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < fx.acked->len; i++)
    g_ptr_array_add(before, g_strdup(g_ptr_array_index(fx.acked, i)));
  g_mutex_unlock(&fx.lock);
  g_autofree char *out = NULL, *err = NULL;
  int rc = ht_cmd(fx.db, &out, &err, "backup", "--to", fx.backups, NULL);
  g_assert_cmpint(rc, ==, 0);
  g_test_message("backup began after %u acknowledged sales, ended after %u", before->len,
                 acked_count());
  g_thread_join(till);
  g_assert_cmpuint(fx.acked->len, ==, N_SALES);
  g_autofree char *backup = only_backup(fx.backups);
  g_autofree char *last = ht_last_line(out);
  g_assert_cmpstr(last, ==, backup);
  /* Every sale is in it: only its owner may read it, as the database. */
  GStatBuf st;
  g_assert_cmpint(g_stat(backup, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0777, ==, 0600);
  g_assert_cmpint(g_stat(fx.backups, &st), ==, 0);
  g_assert_cmpint(st.st_mode & 0077, ==, 0);
  if (ht_store_pg()) {
    restore_pg_and_retry(backup, before);
    return;
  }

  /* A restore under the running hub is refused, and leaves the file as it was. */
  g_autofree char *err2 = NULL;
  rc = ht_cmd(fx.db, NULL, &err2, "restore", "--from", backup, NULL);
  g_assert_cmpint(rc, ==, 6);
  g_assert_nonnull(strstr(err2, "error: busy:"));
  g_assert_cmpuint(held_in(fx.db, fx.acked, 0, N_SALES), ==, N_SALES);

  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  fx.hub = NULL;
  g_clear_pointer(&err2, g_free);
  rc = ht_cmd(fx.db, NULL, &err2, "restore", "--from", backup, NULL);
  g_assert_cmpint(rc, ==, 0);
  g_assert_cmpuint(held_in(fx.db, before, 0, before->len), ==, before->len);
  g_autofree char *aside = g_strconcat(fx.db, ".before-restore", NULL);
  g_assert_cmpuint(held_in(aside, fx.acked, 0, N_SALES), ==, N_SALES);
  gint64 restored = ht_db_int(fx.db, "SELECT count(*) FROM event");
  g_assert_cmpint(restored, >=, before->len);
  g_assert_cmpint(restored, <=, N_SALES);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM (SELECT event_id FROM event"
                                   " GROUP BY event_id HAVING count(*) > 1)"), ==, 0);

  /* The restored hub serves; the till's retry of everything stores each sale once. */
  fx.hub = ht_hub_start(fx.db, NULL);
  g_ptr_array_set_size(fx.acked, 0);
  fx.duplicates = 0;
  feed(fx.hub);
  g_assert_cmpuint(fx.duplicates, ==, restored);
  g_assert_cmpuint(fx.acked->len, ==, N_SALES - restored);
  g_assert_cmpint(ht_db_int(fx.db, "SELECT count(*) FROM event"), ==, N_SALES);
}

/* Copies the one backup to name in the test's directory; the copy's path. */
static char *copy_backup(const char *name)
{
  g_autofree char *backup = only_backup(fx.backups);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(backup, &bytes, &len, NULL));
  char *copy = g_build_filename(fx.dir, name, NULL);
  g_assert_true(g_file_set_contents(copy, bytes, (gssize)len, NULL));
  return copy;
}

/* Runs restore from a bad file: the exit status and code, and the live file untouched. */
static void expect_refused(const char *from, int status, const char *code)
{
  g_autofree char *counts = ht_db_counts(fx.db), *err = NULL;
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  fx.hub = NULL;
  int rc = ht_cmd(fx.db, NULL, &err, "restore", "--from", from, NULL);
  g_autofree char *want = g_strdup_printf("market-hub: error: %s:", code);
  if (rc != status || strstr(err, want) == NULL)
    g_error("restore --from %s: exit %d, %s (wanted %d, %s)", from, rc, err, status, code);
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(after, ==, counts);
  fx.hub = ht_hub_start(fx.db, NULL);
}

static void test_restore_refuses_bad_files(void)
{
  /* A page of the middle overwritten: SQLite's integrity check fails. */
  g_autofree char *damaged = copy_backup("damaged.sqlite");
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(damaged, &bytes, &len, NULL));
  g_assert_cmpuint(len, >, 16384);
  memset(bytes + len / 2, 0x5a, 8192);
  g_assert_true(g_file_set_contents(damaged, bytes, (gssize)len, NULL));
  expect_refused(damaged, 6, "not_a_db");

  /* A stall's ledger is an SQLite file, not a hub. */
  g_autofree char *ledger = g_build_filename(fx.dir, "ledger.sqlite", NULL);
  expect_refused(ledger, 6, "not_a_db");

  /* A hub of a later schema this build cannot read. */
  g_autofree char *newer = copy_backup("newer.sqlite");
  sqlite3 *d = NULL;
  g_assert_cmpint(sqlite3_open(newer, &d), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(d, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close(d);
  expect_refused(newer, 6, "schema");

  g_autofree char *missing = g_build_filename(fx.dir, "no-such.sqlite", NULL);
  expect_refused(missing, 4, "not_found");
}

/* --keep N keeps the newest N of this command's files, nothing else in the folder. */
static void test_keep_newest(void)
{
  g_autofree char *other = g_build_filename(fx.backups, "notes.txt", NULL);
  g_assert_true(g_file_set_contents(other, "keep me", -1, NULL));
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < 3; i++) {
    g_autofree char *out = NULL;
    g_assert_cmpint(ht_cmd(fx.db, &out, NULL, "backup", "--to", fx.backups, "--keep", "2", NULL),
                    ==, 0);
    g_ptr_array_add(made, ht_last_line(out));
    g_usleep(5000);   /* names carry milliseconds */
  }
  g_assert_true(g_file_test(other, G_FILE_TEST_EXISTS));
  g_assert_false(g_file_test(g_ptr_array_index(made, 0), G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(g_ptr_array_index(made, 1), G_FILE_TEST_EXISTS));
  g_assert_true(g_file_test(g_ptr_array_index(made, 2), G_FILE_TEST_EXISTS));
  g_autoptr(GDir) d = g_dir_open(fx.backups, 0, NULL);
  guint n = 0;
  while (g_dir_read_name(d) != NULL)
    n++;
  g_assert_cmpuint(n, ==, 3);
}

/* Runs restore into db and checks the exit status and the code. */
static void expect_pg_refused(const char *db, const char *from, int status, const char *code)
{
  g_autofree char *err = NULL;
  int rc = ht_cmd(db, NULL, &err, "restore", "--from", from, NULL);
  g_autofree char *want = g_strdup_printf("market-hub: error: %s:", code);
  if (rc != status || strstr(err, want) == NULL)
    g_error("restore --from %s: exit %d, %s (wanted %d, %s)", from, rc, err, status, code);
  g_assert_null(strstr(err, "dbname="));
}

/*
** What a PostgreSQL restore refuses, each leaving the target as it was:
** the live hub (not empty), a file that is not pg_dump's, an archive of a
** database that is not a hub, a missing file.
*/
static void test_postgres_refusals(void)
{
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(fx.db, &out, NULL, "backup", "--to", fx.backups, "--keep", "1", NULL),
                  ==, 0);
  g_autofree char *backup = ht_last_line(out);
  g_assert_true(g_str_has_suffix(backup, ".pgdump"));
  g_autofree char *counts = ht_db_counts(fx.db);
  expect_pg_refused(fx.db, backup, 5, "exists");
  g_autofree char *after = ht_db_counts(fx.db);
  g_assert_cmpstr(after, ==, counts);

  g_autofree char *fresh = ht_pg_database_new();
  g_autofree char *ledger = g_build_filename(fx.dir, "ledger.sqlite", NULL);
  expect_pg_refused(fresh, ledger, 6, "not_a_db");
  /* an archive of another application's database */
  g_autofree char *other = ht_pg_database_new();
  ht_pg_exec(other, "CREATE TABLE meta(key text, value text);"
                    "INSERT INTO meta VALUES ('application', 'someone-else')");
  g_autofree char *dump = g_build_filename(fx.dir, "other.pgdump", NULL);
  g_autofree char *file_arg = g_strconcat("--file=", dump, NULL);
  g_autofree char *db_arg = g_strconcat("--dbname=", other, NULL);
  char *dump_argv[] = {"pg_dump", "--format=custom", file_arg, db_arg, NULL};
  g_assert_cmpint(tu_run(dump_argv, NULL, NULL), ==, 0);
  expect_pg_refused(fresh, dump, 6, "not_a_db");
  g_autofree char *missing = g_build_filename(fx.dir, "no-such.pgdump", NULL);
  expect_pg_refused(fresh, missing, 4, "not_found");
  /* still empty: the one restore that may go in does */
  g_assert_cmpint(ht_db_int(fresh, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
                  ==, 0);
  g_assert_cmpint(ht_cmd(fresh, NULL, NULL, "restore", "--from", backup, NULL), ==, 0);
  g_assert_cmpint(ht_db_int(fresh, "SELECT count(*) FROM event"), ==,
                  ht_db_int(fx.db, "SELECT count(*) FROM event"));
}

static void setup(void)
{
  fx.dir = tu_tmpdir();
  fx.db = ht_db_new(fx.dir, "hub.sqlite");
  fx.backups = g_build_filename(fx.dir, "backups", NULL);
  fx.events = g_ptr_array_new_with_free_func(g_free);
  fx.acked = g_ptr_array_new_with_free_func(g_free);
  g_mutex_init(&fx.lock);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "init", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL),
                  ==, 0);
  g_assert_cmpint(ht_cmd(fx.db, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name",
                         "행복청과", NULL), ==, 0);
  fx.hub = ht_hub_start(fx.db, NULL);
  fx.token = ht_enroll(fx.hub, fx.db, "S001", "69SG");
  ring_sales();
}

static void teardown(void)
{
  g_assert_cmpint(mb_hub_stop(fx.hub), ==, 0);
  pos_ledger_close(fx.ledger);
  g_ptr_array_unref(fx.events);
  g_ptr_array_unref(fx.acked);
  g_mutex_clear(&fx.lock);
  g_free(fx.token);
  g_free(fx.db);
  g_free(fx.backups);
  tu_tmpdir_free(fx.dir);
}

int main(int argc, char **argv)
{
  static const HtTest sqlite_tests[] = {
    {"/hub/backup/during-ingest-restores-every-acked-sale",
     test_backup_during_ingest_restores_every_acked_sale},
    {"/hub/backup/restore-refuses-bad-files", test_restore_refuses_bad_files},
    {"/hub/backup/keep-newest", test_keep_newest},
    {NULL, NULL}};
  static const HtTest pg_tests[] = {
    {"/hub/backup/during-ingest-restores-every-acked-sale",
     test_backup_during_ingest_restores_every_acked_sale},
    {"/hub/backup/postgres-refusals", test_postgres_refusals},
    {"/hub/backup/keep-newest", test_keep_newest},
    {NULL, NULL}};
  return ht_main(argc, argv, setup, teardown, ht_store_pg() ? pg_tests : sqlite_tests);
}
