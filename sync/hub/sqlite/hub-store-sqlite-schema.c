/*
** hub-store-sqlite-schema.c: the SQLite store's schema, version by version,
** and the migration that brings a file to the current one.
**
** Each version is the DDL that takes a database from the one before it;
** PRAGMA user_version records where a file is.  A migration runs in one
** transaction with its version bump, so a crash leaves the file at a
** version it can be opened at, and a file of another application or of a
** newer program is refused before anything is written.
*/
#include "hub-store-sqlite.h"

#define SCHEMA_VERSION 4

/*
** The schema, version 1.  Uniqueness is the database's job: event ids and
** document ids are UNIQUE, so even a bug in the ingest code cannot store an
** event twice.  Rollup tables are WITHOUT ROWID, keyed by what the analytics
** module groups on, so an upsert and a range read are one b-tree each.
*/
static const char schema_v1[] =
  "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
  "INSERT INTO meta VALUES('application', 'market-hub');"
  "CREATE TABLE market(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL, created_ms INTEGER NOT NULL) STRICT;"
  "CREATE TABLE stall(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
  "  market_id INTEGER NOT NULL REFERENCES market(id), name TEXT NOT NULL,"
  "  created_ms INTEGER NOT NULL, last_sync_ms INTEGER) STRICT;"
  "CREATE INDEX stall_market ON stall(market_id);"
  "CREATE TABLE user(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL CHECK(role IN ('admin', 'manager', 'consultant')),"
  "  created_ms INTEGER NOT NULL, revoked_ms INTEGER) STRICT;"
  "CREATE TABLE user_market(user_id INTEGER NOT NULL REFERENCES user(id),"
  "  market_id INTEGER NOT NULL REFERENCES market(id),"
  "  PRIMARY KEY(user_id, market_id)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE token(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
  "  role TEXT NOT NULL, user_id INTEGER REFERENCES user(id),"
  "  stall_id INTEGER REFERENCES stall(id), device_id TEXT,"
  "  created_ms INTEGER NOT NULL, revoked_ms INTEGER,"
  "  CHECK((role = 'device') = (stall_id IS NOT NULL))) STRICT;"
  "CREATE TABLE enroll_code(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
  "  stall_id INTEGER NOT NULL REFERENCES stall(id), created_ms INTEGER NOT NULL,"
  "  expires_ms INTEGER NOT NULL, used_ms INTEGER,"
  "  token_id INTEGER REFERENCES token(id)) STRICT;"
  "CREATE TABLE taxonomy(code TEXT PRIMARY KEY, name_ko TEXT NOT NULL,"
  "  name_en TEXT NOT NULL) STRICT;"
  "CREATE TABLE event(id INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
  "  stall_id INTEGER NOT NULL REFERENCES stall(id), kind TEXT NOT NULL,"
  "  ref TEXT NOT NULL, device_time_ms INTEGER NOT NULL,"
  "  received_ms INTEGER NOT NULL, skew_ms INTEGER NOT NULL,"
  "  skewed INTEGER NOT NULL) STRICT;"
  "CREATE TABLE doc(id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE,"
  "  event INTEGER NOT NULL REFERENCES event(id),"
  "  stall_id INTEGER NOT NULL REFERENCES stall(id), kind TEXT NOT NULL,"
  "  original_id TEXT, receipt_no TEXT NOT NULL, business_day TEXT NOT NULL,"
  "  device_time_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,"
  "  lines_sum INTEGER NOT NULL, rounding INTEGER NOT NULL,"
  "  line_discounts INTEGER NOT NULL, sale_discount INTEGER NOT NULL,"
  "  total INTEGER NOT NULL, taxable INTEGER NOT NULL, supply INTEGER NOT NULL,"
  "  vat INTEGER NOT NULL, exempt INTEGER NOT NULL, paid INTEGER NOT NULL,"
  "  change INTEGER NOT NULL, json TEXT NOT NULL) STRICT;"
  "CREATE INDEX doc_original ON doc(original_id) WHERE original_id IS NOT NULL;"
  "CREATE TABLE doc_line(doc INTEGER NOT NULL REFERENCES doc(id),"
  "  line_no INTEGER NOT NULL, plu INTEGER NOT NULL, name TEXT NOT NULL,"
  "  line_code TEXT NOT NULL, unit TEXT NOT NULL, tax TEXT NOT NULL,"
  "  list_price INTEGER NOT NULL, unit_price INTEGER NOT NULL,"
  "  qty_milli INTEGER NOT NULL, amount INTEGER NOT NULL, rounding INTEGER NOT NULL,"
  "  line_discount INTEGER NOT NULL, sale_discount_share INTEGER NOT NULL,"
  "  net INTEGER NOT NULL, refunded_from INTEGER NOT NULL,"
  "  PRIMARY KEY(doc, line_no)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE doc_tender(doc INTEGER NOT NULL REFERENCES doc(id),"
  "  seq INTEGER NOT NULL, method TEXT NOT NULL, amount INTEGER NOT NULL, ref TEXT,"
  "  PRIMARY KEY(doc, seq)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE product(stall_id INTEGER NOT NULL REFERENCES stall(id),"
  "  plu INTEGER NOT NULL, name TEXT NOT NULL, line_code TEXT NOT NULL,"
  "  unit TEXT NOT NULL, price INTEGER NOT NULL, tax TEXT NOT NULL, barcode TEXT,"
  "  active INTEGER NOT NULL, updated_ms INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, plu)) STRICT;"
  "CREATE TABLE day_close(id INTEGER PRIMARY KEY,"
  "  event INTEGER NOT NULL REFERENCES event(id),"
  "  stall_id INTEGER NOT NULL REFERENCES stall(id), business_day TEXT NOT NULL,"
  "  z_no INTEGER NOT NULL, closed_ms INTEGER NOT NULL, total INTEGER NOT NULL,"
  "  receipts INTEGER NOT NULL, json TEXT NOT NULL,"
  "  UNIQUE(stall_id, business_day, z_no)) STRICT;"
  "CREATE TABLE roll_line_day(stall_id INTEGER NOT NULL, day TEXT NOT NULL,"
  "  line_code TEXT NOT NULL, revenue INTEGER NOT NULL, qty_milli INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL, receipts INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, day, line_code)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_hour(stall_id INTEGER NOT NULL, day TEXT NOT NULL,"
  "  hour INTEGER NOT NULL, revenue INTEGER NOT NULL, receipts INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, day, hour)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_tender(stall_id INTEGER NOT NULL, day TEXT NOT NULL,"
  "  method TEXT NOT NULL, amount INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, day, method)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_day(stall_id INTEGER NOT NULL, day TEXT NOT NULL,"
  "  sales INTEGER NOT NULL, voids INTEGER NOT NULL, refunds INTEGER NOT NULL,"
  "  receipts INTEGER NOT NULL, gross INTEGER NOT NULL, discounts INTEGER NOT NULL,"
  "  total INTEGER NOT NULL, taxable INTEGER NOT NULL, supply INTEGER NOT NULL,"
  "  vat INTEGER NOT NULL, exempt INTEGER NOT NULL, skewed INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, day)) STRICT, WITHOUT ROWID;";

/*
** Version 2: the city reference.  Every market's report reads every other
** market's line revenue over two periods; summed per stall that is millions
** of rows for a city-year, per market a few thousand.  Kept at ingest with
** the stall rollups, and filled from them for a hub of version 1.
*/
static const char schema_v2[] =
  "CREATE TABLE roll_market_line_day(market_id INTEGER NOT NULL, day TEXT NOT NULL,"
  "  line_code TEXT NOT NULL, revenue INTEGER NOT NULL, qty_milli INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL, receipts INTEGER NOT NULL,"
  "  PRIMARY KEY(market_id, day, line_code)) STRICT, WITHOUT ROWID;"
  "INSERT INTO roll_market_line_day SELECT s.market_id, r.day, r.line_code,"
  "  sum(r.revenue), sum(r.qty_milli), sum(r.lines), sum(r.receipts)"
  "  FROM roll_line_day r JOIN stall s ON s.id = r.stall_id GROUP BY 1, 2, 3;";

/*
** Version 3: month rollups.  A report of a year read every stall's days:
** 830,000 hour rows and 67,000 day rows for one 200-stall market.  The line
** and tender tables get a month twin keyed the same way with the month
** ('YYYY-MM') in place of the day.  What a report reads cell by cell is kept
** as cells (hub-cells.h), one BLOB of (amount, count) pairs per key: the
** heatmap per stall and day (24 hours) and per stall and month (7 weekdays,
** Monday first, x 24 hours), and the daily totals per stall and month (31
** days of the month: total, receipts), which the daily trend reads.  A
** period is then read as its whole months from the month tables and its
** ragged ends from the day tables (hub-store-sqlite-report.c).  roll_hour
** and roll_day stay, rows a person can query.  Kept at ingest in the same
** transaction as the day rows; filled from the day rows for a hub of
** version 2.
*/
#define MONTHS_FILL \
  "INSERT INTO roll_line_month SELECT stall_id, substr(day, 1, 7), line_code," \
  "  sum(revenue), sum(qty_milli), sum(lines), sum(receipts)" \
  "  FROM roll_line_day GROUP BY 1, 2, 3;" \
  "INSERT INTO roll_market_line_month SELECT market_id, substr(day, 1, 7), line_code," \
  "  sum(revenue), sum(qty_milli), sum(lines), sum(receipts)" \
  "  FROM roll_market_line_day GROUP BY 1, 2, 3;" \
  "INSERT INTO roll_heat_day SELECT stall_id, day, cells_sum(24, hour, revenue, receipts)" \
  "  FROM roll_hour GROUP BY 1, 2;" \
  /* strftime's %w counts from Sunday; the heatmap's rows start on Monday */ \
  "INSERT INTO roll_heat_month SELECT stall_id, substr(day, 1, 7)," \
  "  cells_sum(168, ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) * 24 + hour," \
  "  revenue, receipts) FROM roll_hour GROUP BY 1, 2;" \
  "INSERT INTO roll_tender_month SELECT stall_id, substr(day, 1, 7), method, sum(amount)" \
  "  FROM roll_tender GROUP BY 1, 2, 3;" \
  "INSERT INTO roll_day_cells SELECT stall_id, substr(day, 1, 7)," \
  "  cells_sum(31, CAST(substr(day, 9, 2) AS INTEGER) - 1, total, receipts)" \
  "  FROM roll_day GROUP BY 1, 2;"

static const char schema_v3[] =
  "CREATE TABLE roll_line_month(stall_id INTEGER NOT NULL, month TEXT NOT NULL,"
  "  line_code TEXT NOT NULL, revenue INTEGER NOT NULL, qty_milli INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL, receipts INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, month, line_code)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_market_line_month(market_id INTEGER NOT NULL, month TEXT NOT NULL,"
  "  line_code TEXT NOT NULL, revenue INTEGER NOT NULL, qty_milli INTEGER NOT NULL,"
  "  lines INTEGER NOT NULL, receipts INTEGER NOT NULL,"
  "  PRIMARY KEY(market_id, month, line_code)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_heat_day(stall_id INTEGER NOT NULL, day TEXT NOT NULL,"
  "  cells BLOB NOT NULL, PRIMARY KEY(stall_id, day)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_heat_month(stall_id INTEGER NOT NULL, month TEXT NOT NULL,"
  "  cells BLOB NOT NULL, PRIMARY KEY(stall_id, month)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_tender_month(stall_id INTEGER NOT NULL, month TEXT NOT NULL,"
  "  method TEXT NOT NULL, amount INTEGER NOT NULL,"
  "  PRIMARY KEY(stall_id, month, method)) STRICT, WITHOUT ROWID;"
  "CREATE TABLE roll_day_cells(stall_id INTEGER NOT NULL, month TEXT NOT NULL,"
  "  cells BLOB NOT NULL, PRIMARY KEY(stall_id, month)) STRICT, WITHOUT ROWID;"
  MONTHS_FILL;

/*
** Version 4: the program's engagements (hub-engagement.h), keyed by market
** for the office's list; a stall may be in several engagements.
*/
static const char schema_v4[] =
  "CREATE TABLE engagement(id INTEGER PRIMARY KEY,"
  "  market_id INTEGER NOT NULL REFERENCES market(id), start_day TEXT NOT NULL,"
  "  label TEXT NOT NULL, created_ms INTEGER NOT NULL) STRICT;"
  "CREATE INDEX engagement_market ON engagement(market_id, id);"
  "CREATE TABLE engagement_stall(engagement_id INTEGER NOT NULL REFERENCES engagement(id),"
  "  stall_id INTEGER NOT NULL REFERENCES stall(id),"
  "  PRIMARY KEY(engagement_id, stall_id)) STRICT, WITHOUT ROWID;"
  "CREATE INDEX engagement_stall_stall ON engagement_stall(stall_id);";

/* The month tables filled from the day tables (hub-store-sqlite.h). */
const char hub_sq_months_fill[] = MONTHS_FILL;

/* migrations[v] takes a database from version v to v + 1. */
static const char *const migrations[SCHEMA_VERSION] = {schema_v1, schema_v2, schema_v3,
                                                            schema_v4};

/* What this program writes; `init` reports it. */
int hub_sqlite_schema_version(HubStore *store G_GNUC_UNUSED)
{
  return SCHEMA_VERSION;
}

/*
** Decides what the file is before touching it: an empty file becomes a hub
** (CREATE only), a file with tables but no hub version is somebody else's
** database and is left alone, a newer version is refused.  Each migration
** runs in its own transaction with the version bump, so a crash leaves the
** file at a version it can be opened at.
*/
gboolean hub_sq_migrate(HubConn *conn, HubOpenMode mode, const char *path, GError **error)
{
  int64_t version = 0, tables = 0;
  if (!hub_sq_query_int(conn, "PRAGMA user_version", &version, error)
      || !hub_sq_query_int(conn, "SELECT count(*) FROM sqlite_schema", &tables, error))
    return FALSE;
  if (version == 0 && tables > 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_A_DB, "%s is not a hub database", path);
    return FALSE;
  }
  if (version == 0 && mode != HUB_OPEN_CREATE) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_INITIALISED,
                "%s has no hub yet: run 'market-hub --db %s init'", path, path);
    return FALSE;
  }
  if (version > SCHEMA_VERSION) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_SCHEMA,
                "%s was written by a newer hub (schema %d > %d)", path, (int)version,
                SCHEMA_VERSION);
    return FALSE;
  }
  if (version == 0
      && sqlite3_exec(conn->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
    return hub_sq_fail(conn, "setting WAL mode", error);
  for (int64_t v = version; v < SCHEMA_VERSION; v++) {
    g_autofree char *bump = g_strdup_printf("PRAGMA user_version = %d", (int)v + 1);
    if (!hub_sq_begin(conn, error))
      return FALSE;
    if (sqlite3_exec(conn->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK
        || sqlite3_exec(conn->db, bump, NULL, NULL, NULL) != SQLITE_OK) {
      hub_sq_fail(conn, "migrating the schema", error);
      hub_sq_rollback(conn);
      return FALSE;
    }
    if (!hub_sq_commit(conn, error)) {
      hub_sq_rollback(conn);
      return FALSE;
    }
  }
  int64_t is_hub = 0;
  if (!hub_sq_query_int(conn, "SELECT count(*) FROM meta WHERE key = 'application'"
                       " AND value = 'market-hub'", &is_hub, error))
    return FALSE;
  if (!is_hub) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_A_DB, "%s is not a hub database", path);
    return FALSE;
  }
  return TRUE;
}
