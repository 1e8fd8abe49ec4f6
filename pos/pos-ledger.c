/*
** pos-ledger.c: opening the stall ledger, its schema and migrations, the
** prepared-statement cache, settings, secrets and the catalog.
**
** The schema is a list of migrations; PRAGMA user_version says how many have
** run and PRAGMA application_id marks the file as ours, so a stranger's
** SQLite file is refused rather than "migrated".  Each migration runs in its
** own transaction: a power cut mid-upgrade leaves the previous version.
**
** Sale documents are immutable in the schema itself (triggers), not only in
** this code: a bug elsewhere cannot rewrite a completed sale.
*/
#include "pos-int.h"
#include "mb-file.h"
#include <errno.h>
#include <string.h>

#define LEDGER_APP_ID 0x4d504f53   /* "MPOS" */

/*
** Version 1: the first release.  Version 2 added quick keys and 현금영수증.
** Version 3 added the print queue and the drawer log (pos-ledger-print.c).
** Version 4 added paid-in / paid-out (cash_move, pos-ledger-cash.c): kept
** like the drawer log, never changed or deleted, each in its day session.
*/
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE setting(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE secret(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE product("
  " id INTEGER PRIMARY KEY,"
  " plu INTEGER NOT NULL UNIQUE CHECK(plu BETWEEN 1 AND 99999),"
  " name TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 120),"
  " line_code TEXT NOT NULL CHECK(length(line_code) BETWEEN 1 AND 16),"
  " unit TEXT NOT NULL CHECK(unit IN ('piece','kg')),"
  " price INTEGER NOT NULL CHECK(typeof(price)='integer' AND price BETWEEN 0 AND 100000000),"
  " tax TEXT NOT NULL CHECK(tax IN ('taxable','exempt')),"
  " barcode TEXT UNIQUE CHECK(barcode IS NULL OR length(barcode) IN (8,13)),"
  " active INTEGER NOT NULL DEFAULT 1 CHECK(active IN (0,1)),"
  " updated_ms INTEGER NOT NULL);"
  "CREATE TABLE day_session("
  " id INTEGER PRIMARY KEY,"
  " business_day TEXT NOT NULL CHECK(length(business_day)=10),"
  " z_no INTEGER NOT NULL CHECK(z_no >= 1),"
  " opened_ms INTEGER NOT NULL,"
  " cash_float INTEGER NOT NULL CHECK(cash_float BETWEEN 0 AND 999999999999),"
  " closed_ms INTEGER,"
  " counted_cash INTEGER CHECK(counted_cash IS NULL OR counted_cash >= 0),"
  " CHECK((closed_ms IS NULL) = (counted_cash IS NULL)),"
  " UNIQUE(business_day, z_no));"
  "CREATE UNIQUE INDEX day_session_one_open ON day_session(closed_ms IS NULL)"
  " WHERE closed_ms IS NULL;"
  "CREATE TRIGGER day_session_closed_final BEFORE UPDATE ON day_session"
  " WHEN OLD.closed_ms IS NOT NULL BEGIN SELECT RAISE(ABORT,'closed day is final'); END;"
  "CREATE TRIGGER day_session_no_delete BEFORE DELETE ON day_session"
  " BEGIN SELECT RAISE(ABORT,'day sessions are kept'); END;"
  "CREATE TABLE doc("
  " id TEXT PRIMARY KEY CHECK(length(id)=36),"
  " kind TEXT NOT NULL CHECK(kind IN ('sale','void','refund')),"
  " original_id TEXT REFERENCES doc(id),"
  " receipt_no TEXT NOT NULL UNIQUE,"
  " business_day TEXT NOT NULL CHECK(length(business_day)=10),"
  " day_seq INTEGER NOT NULL CHECK(day_seq >= 1),"
  " device_ms INTEGER NOT NULL,"
  " session_id INTEGER NOT NULL REFERENCES day_session(id),"
  " lines_sum INTEGER NOT NULL, rounding INTEGER NOT NULL,"
  " line_discounts INTEGER NOT NULL, sale_discount INTEGER NOT NULL,"
  " total INTEGER NOT NULL, taxable INTEGER NOT NULL, supply INTEGER NOT NULL,"
  " vat INTEGER NOT NULL, exempt INTEGER NOT NULL,"
  " paid INTEGER NOT NULL, change INTEGER NOT NULL,"
  " sale_discount_reason TEXT, reason TEXT,"
  " CHECK((kind = 'sale') = (original_id IS NULL)),"
  " CHECK(total = lines_sum + rounding - line_discounts - sale_discount),"
  " CHECK(total = taxable + exempt), CHECK(taxable = supply + vat),"
  " CHECK(total = paid - change),"
  " UNIQUE(business_day, day_seq));"
  "CREATE UNIQUE INDEX doc_one_void ON doc(original_id) WHERE kind = 'void';"
  "CREATE INDEX doc_session ON doc(session_id);"
  "CREATE INDEX doc_original ON doc(original_id) WHERE original_id IS NOT NULL;"
  "CREATE TABLE doc_line("
  " doc_id TEXT NOT NULL REFERENCES doc(id),"
  " line_no INTEGER NOT NULL CHECK(line_no >= 0),"
  " product_id INTEGER REFERENCES product(id),"
  " plu INTEGER NOT NULL, name TEXT NOT NULL, line_code TEXT NOT NULL,"
  " unit TEXT NOT NULL CHECK(unit IN ('piece','kg')),"
  " tax TEXT NOT NULL CHECK(tax IN ('taxable','exempt')),"
  " list_price INTEGER NOT NULL, unit_price INTEGER NOT NULL, override_reason TEXT,"
  " qty_milli INTEGER NOT NULL CHECK(qty_milli <> 0),"
  " amount INTEGER NOT NULL, rounding INTEGER NOT NULL,"
  " line_discount INTEGER NOT NULL, discount_reason TEXT,"
  " sale_discount_share INTEGER NOT NULL, net INTEGER NOT NULL,"
  " refunded_from INTEGER NOT NULL DEFAULT -1, fixed_amount INTEGER NOT NULL DEFAULT 0,"
  " CHECK(net = amount + rounding - line_discount - sale_discount_share),"
  " PRIMARY KEY(doc_id, line_no)) WITHOUT ROWID;"
  "CREATE TABLE doc_tender("
  " doc_id TEXT NOT NULL REFERENCES doc(id),"
  " seq INTEGER NOT NULL,"
  " method TEXT NOT NULL CHECK(method IN ('cash','card','zeropay','onnuri-paper',"
  "  'onnuri-card','onnuri-mobile','transfer')),"
  " amount INTEGER NOT NULL CHECK(amount <> 0), ref TEXT,"
  " PRIMARY KEY(doc_id, seq)) WITHOUT ROWID;"
  "CREATE TABLE outbox("
  " seq INTEGER PRIMARY KEY,"
  " event_id TEXT NOT NULL UNIQUE CHECK(length(event_id)=36),"
  " kind TEXT NOT NULL CHECK(kind IN ('sale','void','refund','day_close','product')),"
  " ref TEXT NOT NULL, created_ms INTEGER NOT NULL,"
  " state TEXT NOT NULL DEFAULT 'pending' CHECK(state IN ('pending','sent','rejected')),"
  " attempts INTEGER NOT NULL DEFAULT 0,"
  " reject_code TEXT, reject_message TEXT);"
  "CREATE INDEX outbox_pending ON outbox(seq) WHERE state = 'pending';"
  "CREATE TRIGGER doc_immutable BEFORE UPDATE ON doc"
  " BEGIN SELECT RAISE(ABORT,'completed documents are immutable'); END;"
  "CREATE TRIGGER doc_no_delete BEFORE DELETE ON doc"
  " BEGIN SELECT RAISE(ABORT,'completed documents are immutable'); END;"
  "CREATE TRIGGER doc_line_immutable BEFORE UPDATE ON doc_line"
  " BEGIN SELECT RAISE(ABORT,'completed documents are immutable'); END;"
  "CREATE TRIGGER doc_line_no_delete BEFORE DELETE ON doc_line"
  " BEGIN SELECT RAISE(ABORT,'completed documents are immutable'); END;"
  "CREATE TRIGGER doc_tender_immutable BEFORE UPDATE ON doc_tender"
  " BEGIN SELECT RAISE(ABORT,'completed documents are immutable'); END;"
  "CREATE TRIGGER doc_tender_no_delete BEFORE DELETE ON doc_tender"
  " BEGIN SELECT RAISE(ABORT,'completed documents are immutable'); END;"
  "CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox"
  " BEGIN SELECT RAISE(ABORT,'outbox rows are never dropped'); END;",
  /* 2 */
  "ALTER TABLE product ADD COLUMN quick_key INTEGER NOT NULL DEFAULT -1"
  " CHECK(quick_key BETWEEN -1 AND 9999);"
  "ALTER TABLE doc ADD COLUMN cash_receipt_id TEXT"
  " CHECK(cash_receipt_id IS NULL OR length(cash_receipt_id) BETWEEN 10 AND 18);",
  /* 3 */
  "CREATE TABLE print_job("
  " id INTEGER PRIMARY KEY,"
  " kind TEXT NOT NULL CHECK(kind IN ('receipt','zreport','test')),"
  " ref TEXT NOT NULL CHECK(length(ref) BETWEEN 1 AND 64),"
  " printer TEXT NOT NULL CHECK(length(printer) BETWEEN 1 AND 200),"
  " bytes BLOB NOT NULL CHECK(typeof(bytes)='blob'),"
  " created_ms INTEGER NOT NULL,"
  " state TEXT NOT NULL DEFAULT 'queued' CHECK(state IN ('queued','printed')),"
  " attempts INTEGER NOT NULL DEFAULT 0, printed_ms INTEGER,"
  " last_code TEXT, last_message TEXT);"
  "CREATE INDEX print_job_queued ON print_job(id) WHERE state = 'queued';"
  "CREATE INDEX print_job_ref ON print_job(kind, ref);"
  "CREATE TABLE drawer_open("
  " id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,"
  " reason TEXT NOT NULL CHECK(length(reason) BETWEEN 1 AND 200),"
  " ref TEXT);"
  "CREATE TRIGGER drawer_open_kept BEFORE DELETE ON drawer_open"
  " BEGIN SELECT RAISE(ABORT,'the drawer log is kept'); END;",
  /* 4 */
  "CREATE TABLE cash_move("
  " id INTEGER PRIMARY KEY,"
  " session_id INTEGER NOT NULL REFERENCES day_session(id),"
  " at_ms INTEGER NOT NULL,"
  " direction TEXT NOT NULL CHECK(direction IN ('in','out')),"
  " amount INTEGER NOT NULL CHECK(typeof(amount)='integer' AND amount BETWEEN 1 AND 999999999999),"
  " reason TEXT NOT NULL CHECK(length(reason) BETWEEN 1 AND 200));"
  "CREATE INDEX cash_move_session ON cash_move(session_id);"
  "CREATE TRIGGER cash_move_immutable BEFORE UPDATE ON cash_move"
  " BEGIN SELECT RAISE(ABORT,'cash moves are kept'); END;"
  "CREATE TRIGGER cash_move_kept BEFORE DELETE ON cash_move"
  " BEGIN SELECT RAISE(ABORT,'cash moves are kept'); END;",
};

#define SCHEMA_VERSION ((int)G_N_ELEMENTS(migrations))

int pos_ledger_schema_version(void)
{
  return SCHEMA_VERSION;
}

/*
** One table from SQLite's result codes to ours.  The extended code tells a
** UNIQUE clash (CONFLICT: the input names something that exists) from a
** CHECK failure (INVALID: the input itself is wrong).
*/
gboolean pos_db_fail(sqlite3 *db, int rc, const char *what, GError **error)
{
  int code;
  switch (rc & 0xff) {
  case SQLITE_FULL: code = POS_ERROR_FULL; break;
  case SQLITE_READONLY: code = POS_ERROR_READONLY; break;
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT: code = POS_ERROR_NOT_A_DB; break;
  case SQLITE_BUSY:
  case SQLITE_LOCKED: code = POS_ERROR_BUSY; break;
  case SQLITE_CONSTRAINT:
    code = (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
             ? POS_ERROR_CONFLICT
             : POS_ERROR_INVALID;
    break;
  case SQLITE_CANTOPEN:
  case SQLITE_IOERR:
  case SQLITE_PERM: code = POS_ERROR_IO; break;
  default: code = POS_ERROR_DB; break;
  }
  const char *hint = code == POS_ERROR_FULL ? " (disk or ledger full)"
                     : code == POS_ERROR_READONLY ? " (the ledger cannot be written)"
                     : code == POS_ERROR_NOT_A_DB ? " (not a stall ledger, or damaged)"
                                                  : "";
  g_set_error(error, POS_ERROR, code, "%s: %s%s", what,
              db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), hint);
  return FALSE;
}

sqlite3_stmt *pos_ledger_stmt(PosLedger *ledger, const char *sql, GError **error)
{
  sqlite3_stmt *st = g_hash_table_lookup(ledger->stmts, sql);
  if (st != NULL) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
  }
  int rc = sqlite3_prepare_v3(ledger->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
  if (rc != SQLITE_OK) {
    pos_db_fail(ledger->db, rc, "prepare", error);
    return NULL;
  }
  g_hash_table_insert(ledger->stmts, (gpointer)sql, st);
  return st;
}

gboolean pos_ledger_step_done(PosLedger *ledger, sqlite3_stmt *st, const char *what,
                              GError **error)
{
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    int ext = sqlite3_extended_errcode(ledger->db);
    sqlite3_reset(st);
    return pos_db_fail(ledger->db, ext ? ext : rc, what, error);
  }
  sqlite3_reset(st);
  return TRUE;
}

/*
** The listing loop the ledger's list queries share: every row of a bound
** statement becomes one element through row(), the statement is reset, and
** a step error frees what was read and is reported with what.
*/
GPtrArray *pos_ledger_list(PosLedger *ledger, sqlite3_stmt *st,
                           gpointer (*row)(sqlite3_stmt *st), GDestroyNotify free_row,
                           const char *what, GError **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func(free_row);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    g_ptr_array_add(list, row(st));
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    g_ptr_array_unref(list);
    pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), what, error);
    return NULL;
  }
  return list;
}

gboolean pos_ledger_exec(PosLedger *ledger, const char *sql, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(ledger, sql, error);
  return st != NULL && pos_ledger_step_done(ledger, st, sql, error);
}

gboolean pos_ledger_check_stall(const PosLedger *ledger, GError **error)
{
  if (ledger->device_id != NULL)
    return TRUE;
  g_set_error(error, POS_ERROR, POS_ERROR_NOT_INITIALISED,
              "no stall in this ledger yet: run 'stall init --stall-name NAME'");
  return FALSE;
}

gboolean pos_ledger_begin(PosLedger *ledger, GError **error)
{
  return pos_ledger_exec(ledger, "BEGIN IMMEDIATE", error);
}

gboolean pos_ledger_commit(PosLedger *ledger, GError **error)
{
  if (pos_ledger_exec(ledger, "COMMIT", error))
    return TRUE;
  pos_ledger_rollback(ledger);
  return FALSE;
}

void pos_ledger_rollback(PosLedger *ledger)
{
  if (!sqlite3_get_autocommit(ledger->db))
    sqlite3_exec(ledger->db, "ROLLBACK", NULL, NULL, NULL);
}

char *pos_col_strdup(sqlite3_stmt *st, int col)
{
  const unsigned char *t = sqlite3_column_text(st, col);
  return t ? g_strdup((const char *)t) : NULL;
}

/*
** The unit and tax columns as stored ('kg'/'piece', 'exempt'/'taxable'):
** products and sale lines keep them in the same words.
*/
PosUnit pos_col_unit(sqlite3_stmt *st, int col)
{
  return strcmp((const char *)sqlite3_column_text(st, col), "kg") == 0 ? POS_UNIT_KG
                                                                      : POS_UNIT_PIECE;
}

PosTaxClass pos_col_tax(sqlite3_stmt *st, int col)
{
  return strcmp((const char *)sqlite3_column_text(st, col), "exempt") == 0 ? POS_TAX_EXEMPT
                                                                           : POS_TAX_TAXABLE;
}

static gboolean pragma_int(PosLedger *ledger, const char *sql, int *out, GError **error)
{
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(ledger->db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    int ext = sqlite3_extended_errcode(ledger->db);
    sqlite3_finalize(st);
    return pos_db_fail(ledger->db, ext, ledger->path, error);
  }
  *out = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return TRUE;
}

static gboolean exec_script(PosLedger *ledger, const char *sql, GError **error)
{
  int rc = sqlite3_exec(ledger->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), ledger->path,
                       error);
  return TRUE;
}

/*
** A file with tables but without our application_id is not ours: refuse it
** before anything (even the switch to WAL, which rewrites the header) is
** written into it.  Reading the header here also turns a file that is not
** SQLite at all into NOT_A_DB.
*/
static gboolean check_ours(PosLedger *ledger, GError **error)
{
  int version = 0, app_id = 0, n_tables = 0;
  if (!pragma_int(ledger, "PRAGMA user_version", &version, error)
      || !pragma_int(ledger, "PRAGMA application_id", &app_id, error)
      || !pragma_int(ledger, "SELECT count(*) FROM sqlite_schema", &n_tables, error))
    return FALSE;
  if (app_id != LEDGER_APP_ID && (n_tables > 0 || version != 0)) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_A_DB,
                "%s is an SQLite file but not a stall ledger", ledger->path);
    return FALSE;
  }
  return TRUE;
}

/* Brings the file from its version up to target, one migration per transaction. */
static gboolean migrate(PosLedger *ledger, int target, GError **error)
{
  int version = 0;
  if (!pragma_int(ledger, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > SCHEMA_VERSION) {
    g_set_error(error, POS_ERROR, POS_ERROR_SCHEMA,
                "%s has schema version %d; this program knows up to %d: upgrade it",
                ledger->path, version, SCHEMA_VERSION);
    return FALSE;
  }
  for (int v = version; v < target; v++) {
    g_autofree char *bump =
      g_strdup_printf("PRAGMA application_id=%d; PRAGMA user_version=%d;", LEDGER_APP_ID,
                      v + 1);
    if (!exec_script(ledger, "BEGIN IMMEDIATE", error))
      return FALSE;
    if (!exec_script(ledger, migrations[v], error) || !exec_script(ledger, bump, error)
        || !exec_script(ledger, "COMMIT", error)) {
      pos_ledger_rollback(ledger);
      g_prefix_error(error, "migrating to schema version %d: ", v + 1);
      return FALSE;
    }
  }
  return TRUE;
}

static void cache_device_id(PosLedger *ledger)
{
  sqlite3_stmt *st = pos_ledger_stmt(ledger, "SELECT value FROM setting WHERE key='device_id'",
                                     NULL);
  if (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
    g_free(ledger->device_id);
    ledger->device_id = pos_col_strdup(st, 0);
  }
  if (st != NULL)
    sqlite3_reset(st);
}

static void stmt_finalize(gpointer st)
{
  sqlite3_finalize(st);
}

/* A plain file name: not ":memory:", not a "file:" URI (SQLITE_OPEN_URI reads those). */
gboolean pos_ledger_path_is_file(const char *path)
{
  return path[0] != '\0' && strcmp(path, ":memory:") != 0 && !g_str_has_prefix(path, "file:");
}

PosLedger *pos_ledger_open_full(const char *path, PosSyncMode mode, int target_version,
                                GError **error)
{
  g_autoptr(PosLedger) ledger = g_new0(PosLedger, 1);
  int rc;
  ledger->path = g_strdup(path);
  ledger->stmts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        stmt_finalize);
  if (target_version < 1 || target_version > SCHEMA_VERSION)
    target_version = SCHEMA_VERSION;
  /* 0600 before SQLite makes it (mb-file.h): the ledger holds the device token */
  g_autoptr(GError) made = NULL;
  if (pos_ledger_path_is_file(path) && !mb_file_create_private(path, &made)) {
    g_set_error_literal(error, POS_ERROR, POS_ERROR_IO, made->message);
    return NULL;
  }
  rc = sqlite3_open_v2(path, &ledger->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI
                         | SQLITE_OPEN_NOMUTEX,
                       NULL);
  if (rc != SQLITE_OK) {
    pos_db_fail(ledger->db, rc, path, error);
    return NULL;
  }
  sqlite3_extended_result_codes(ledger->db, 1);
  sqlite3_busy_timeout(ledger->db, 5000);
  const char *sync = mode == POS_SYNC_NORMAL ? "PRAGMA synchronous=NORMAL"
                                             : "PRAGMA synchronous=FULL";
  if (!check_ours(ledger, error))
    return NULL;
  if (!sqlite3_db_readonly(ledger->db, "main")) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ledger->db, "PRAGMA journal_mode=WAL", -1, &st, NULL) == SQLITE_OK)
      rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
      pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), path, error);
      return NULL;
    }
  }
  if (!exec_script(ledger, sync, error)
      || !exec_script(ledger, "PRAGMA foreign_keys=ON", error))
    return NULL;
  int version = 0;
  if (!pragma_int(ledger, "PRAGMA user_version", &version, error))
    return NULL;
  if (version < target_version && sqlite3_db_readonly(ledger->db, "main")) {
    g_set_error(error, POS_ERROR, POS_ERROR_READONLY,
                "%s is read-only and needs an upgrade to schema version %d", path,
                target_version);
    return NULL;
  }
  if (!migrate(ledger, target_version, error))
    return NULL;
  cache_device_id(ledger);
  return g_steal_pointer(&ledger);
}

PosLedger *pos_ledger_open(const char *path, GError **error)
{
  return pos_ledger_open_full(path, POS_SYNC_FULL, SCHEMA_VERSION, error);
}

void pos_ledger_close(PosLedger *ledger)
{
  if (ledger == NULL)
    return;
  if (ledger->stmts)
    g_hash_table_destroy(ledger->stmts);
  if (ledger->db)
    sqlite3_close(ledger->db);
  g_free(ledger->path);
  g_free(ledger->device_id);
  if (ledger->line_codes)
    g_hash_table_destroy(ledger->line_codes);
  g_free(ledger);
}

gboolean pos_ledger_set_page_limit(PosLedger *ledger, int max_pages, GError **error)
{
  g_autofree char *sql = g_strdup_printf("PRAGMA max_page_count=%d", max_pages);
  return exec_script(ledger, sql, error);
}

char *pos_ledger_default_path(void)
{
  return g_build_filename(g_get_user_data_dir(), "market-pos", "ledger.sqlite", NULL);
}
