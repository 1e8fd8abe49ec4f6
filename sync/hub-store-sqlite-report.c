/*
** hub-store-sqlite-report.c: rollup rows into an analytics dataset.
**
** The analytics need the reported market in detail and the rest of the
** city only as totals per line (docs/ANALYTICS.md; an-data.h says which
** granularity each measure reads).  So per period the store sums, in SQL
** and on a reader connection:
**   the market's roll_line_day     per stall x line     (one row per period)
**   other markets' roll_market_line_day  per market x line  (a "*CODE" stall each)
**   the market's roll_tender       per stall x method
** and reads daily roll_day rows of the market, and roll_hour of the report
** period summed per stall x weekday x hour.  A city-year thus costs a few
** GROUP BYs over the (stall, day) keys, not millions of rows in C.
*/
#include "hub-report.h"
#include "hub-store-sqlite.h"
#include <string.h>

typedef struct {
  AnDataset *ds;
  GHashTable *stall_index;   /* hub stall id -> ds index + 1 */
  GHashTable *ref_index;     /* hub market id -> ds index + 1 of its "*CODE" stall */
  int64_t market_id;
} Loader;

static gboolean bad_day(const char *text, AnDay *day, GError **error)
{
  if (an_day_parse(text, day))
    return FALSE;
  g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "rollup day '%s' is not a day", text);
  return TRUE;
}

/* A line code from the rollups, added to the dataset when the taxonomy lacks it. */
static guint line_index(AnDataset *ds, const char *code)
{
  guint i;
  if (!an_dataset_find_line(ds, code, &i))
    an_dataset_add_line(ds, code, code, code, &i, NULL);
  return i;
}

static gboolean load_registry(HubConn *c, Loader *l, const char *market_code, GError **error)
{
  int rc;
  sqlite3_stmt *st = hub_sq_stmt(c, "SELECT id, code, name FROM market ORDER BY code", error);
  if (st == NULL)
    return FALSE;
  l->market_id = -1;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const char *code = (const char *)sqlite3_column_text(st, 1);
    guint mi;
    an_dataset_add_market(l->ds, code, (const char *)sqlite3_column_text(st, 2), &mi, NULL);
    if (strcmp(code, market_code) == 0) {
      l->market_id = id;
    } else {
      g_autofree char *ref = g_strconcat("*", code, NULL);
      guint si;
      an_dataset_add_stall(l->ds, ref, ref, code, -1, &si, NULL);
      g_hash_table_insert(l->ref_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
    }
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return hub_sq_fail(c, "reading markets", error);
  if (l->market_id < 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no market %s", market_code);
    return FALSE;
  }
  st = hub_sq_stmt(c, "SELECT code, name_ko, name_en FROM taxonomy ORDER BY code", error);
  if (st == NULL)
    return FALSE;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    an_dataset_add_line(l->ds, (const char *)sqlite3_column_text(st, 0),
                        (const char *)sqlite3_column_text(st, 1),
                        (const char *)sqlite3_column_text(st, 2), NULL, NULL);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE)
    return hub_sq_fail(c, "reading the taxonomy", error);
  st = hub_sq_stmt(c, "SELECT id, code, name, coalesce(last_sync_ms, 0) FROM stall"
                      " WHERE market_id = ?1 ORDER BY code", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, l->market_id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    int64_t sync = sqlite3_column_int64(st, 3);
    guint si;
    an_dataset_add_stall(l->ds, (const char *)sqlite3_column_text(st, 1),
                         (const char *)sqlite3_column_text(st, 2), market_code,
                         sync > 0 ? sync : -1, &si, NULL);
    g_hash_table_insert(l->stall_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE || hub_sq_fail(c, "reading stalls", error);
}

/* Index of a hub stall (or a market's reference stall) in the dataset. */
static gboolean index_of(GHashTable *map, int64_t id, guint *out)
{
  gpointer v = g_hash_table_lookup(map, &id);
  if (v == NULL)
    return FALSE;
  *out = GPOINTER_TO_UINT(v) - 1;
  return TRUE;
}

/*
** Every rollup query takes (market id, first day, last day) and yields rows
** whose first column is a hub stall id (or, for the city reference, a
** market id); each table's row function turns one row into a dataset fact.
** Rows of stalls outside the loaded registry are skipped.
*/
typedef gboolean (*RowFunc)(Loader *l, sqlite3_stmt *st, guint stall, AnDay day,
                            GError **error);

static gboolean each_row(HubConn *c, Loader *l, const char *sql, GHashTable *index,
                         AnPeriod p, RowFunc fn, const char *what, GError **error)
{
  char from[AN_DAY_ISO_LEN], to[AN_DAY_ISO_LEN];
  int rc;
  an_day_format(p.from, from);
  an_day_format(p.to, to);
  sqlite3_stmt *st = hub_sq_stmt(c, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, l->market_id);
  sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    guint stall;
    if (index_of(index, sqlite3_column_int64(st, 0), &stall) && !fn(l, st, stall, p.from, error)) {
      sqlite3_reset(st);
      return FALSE;
    }
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE || hub_sq_fail(c, what, error);
}

/* (id, line, revenue, qty, lines, receipts), summed over a period. */
static gboolean line_row(Loader *l, sqlite3_stmt *st, guint stall, AnDay day, GError **error)
{
  AnLineDay row = {stall, line_index(l->ds, (const char *)sqlite3_column_text(st, 1)), day,
                   sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                   sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)};
  return an_dataset_add_line_day(l->ds, &row, error);
}

/* (stall, method, amount), summed over a period. */
static gboolean tender_row(Loader *l, sqlite3_stmt *st, guint stall, AnDay day, GError **error)
{
  AnStallTender row = {stall, day,
                       an_dataset_method(l->ds, (const char *)sqlite3_column_text(st, 1)),
                       sqlite3_column_int64(st, 2)};
  return an_dataset_add_stall_tender(l->ds, &row, error);
}

/* (stall, day, receipts, total, taxable, supply, vat, exempt), daily. */
static gboolean day_row(Loader *l, sqlite3_stmt *st, guint stall, AnDay period_from,
                        GError **error)
{
  AnStallDay row = {stall, period_from, sqlite3_column_int64(st, 2),
                    sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4),
                    sqlite3_column_int64(st, 5), sqlite3_column_int64(st, 6),
                    sqlite3_column_int64(st, 7)};
  return !bad_day((const char *)sqlite3_column_text(st, 1), &row.day, error)
         && an_dataset_add_stall_day(l->ds, &row, error);
}

/* (stall, a day of that weekday, hour, revenue, receipts), per weekday x hour. */
static gboolean hour_row(Loader *l, sqlite3_stmt *st, guint stall, AnDay period_from,
                         GError **error)
{
  AnStallHour row = {stall, period_from, sqlite3_column_int(st, 2),
                     sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)};
  return !bad_day((const char *)sqlite3_column_text(st, 1), &row.day, error)
         && an_dataset_add_stall_hour(l->ds, &row, error);
}

/* Sums of one period: lines of the market per stall and of the others per market, tenders. */
static gboolean load_period(HubConn *c, Loader *l, AnPeriod p, HubDatasetNeeds needs,
                            GError **error)
{
  return each_row(c, l,
                  "SELECT r.stall_id, r.line_code, sum(r.revenue), sum(r.qty_milli),"
                  " sum(r.lines), sum(r.receipts) FROM roll_line_day r"
                  " JOIN stall s ON s.id = r.stall_id WHERE s.market_id = ?1"
                  " AND r.day BETWEEN ?2 AND ?3 GROUP BY r.stall_id, r.line_code",
                  l->stall_index, p, line_row, "reading line rollups", error)
         && each_row(c, l,
                     "SELECT market_id, line_code, sum(revenue), sum(qty_milli), sum(lines),"
                     " sum(receipts) FROM roll_market_line_day WHERE market_id <> ?1"
                     " AND day BETWEEN ?2 AND ?3 GROUP BY market_id, line_code",
                     l->ref_index, p, line_row, "reading market rollups", error)
         && (!(needs & HUB_NEED_HOURS_TENDERS)
             || each_row(c, l,
                     "SELECT r.stall_id, r.method, sum(r.amount) FROM roll_tender r"
                     " JOIN stall s ON s.id = r.stall_id WHERE s.market_id = ?1"
                     " AND r.day BETWEEN ?2 AND ?3 GROUP BY r.stall_id, r.method",
                     l->stall_index, p, tender_row, "reading tender rollups", error));
}

/* Daily stall totals over the whole window; hours of the report period by weekday. */
static gboolean load_days_hours(HubConn *c, Loader *l, AnPeriod window, AnPeriod report,
                                HubDatasetNeeds needs, GError **error)
{
  return each_row(c, l,
                  "SELECT r.stall_id, r.day, r.receipts, r.total, r.taxable, r.supply, r.vat,"
                  " r.exempt FROM roll_day r JOIN stall s ON s.id = r.stall_id"
                  " WHERE s.market_id = ?1 AND r.day BETWEEN ?2 AND ?3",
                  l->stall_index, window, day_row, "reading day rollups", error)
         && (!(needs & HUB_NEED_HOURS_TENDERS)
             || each_row(c, l,
                     "SELECT r.stall_id, min(r.day), r.hour, sum(r.revenue), sum(r.receipts)"
                     " FROM roll_hour r JOIN stall s ON s.id = r.stall_id"
                     " WHERE s.market_id = ?1 AND r.day BETWEEN ?2 AND ?3"
                     " GROUP BY r.stall_id, strftime('%w', r.day), r.hour",
                     l->stall_index, report, hour_row, "reading hour rollups", error));
}

AnDataset *hub_store_dataset(HubStore *store, const char *market_code,
                             const AnPeriod *periods, guint n_periods, HubDatasetNeeds needs,
                             GError **error)
{
  g_autoptr(GHashTable) stalls = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) refs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(AnDataset) ds = an_dataset_new();
  Loader l = {ds, stalls, refs, -1};
  AnPeriod window = periods[0];
  for (guint i = 1; i < n_periods; i++) {
    window.from = MIN(window.from, periods[i].from);
    window.to = MAX(window.to, periods[i].to);
  }
  HubConn *c = hub_sq_reader(store);
  /* one read transaction: every rollup from the same snapshot */
  gboolean ok = sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    hub_sq_fail(c, "starting a read", error);
  ok = ok && load_registry(c, &l, market_code, error);
  for (guint i = 0; ok && i < n_periods; i++)
    ok = load_period(c, &l, periods[i], needs, error);
  ok = ok && load_days_hours(c, &l, window, periods[0], needs, error);
  sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
  hub_sq_release(store, c);
  if (!ok)
    return NULL;
  an_dataset_seal(ds);
  return g_steal_pointer(&ds);
}
