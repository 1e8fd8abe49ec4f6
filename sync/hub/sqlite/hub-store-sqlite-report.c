/*
** hub-store-sqlite-report.c: rollup rows into an analytics dataset.
**
** The analytics need the reported market in detail and the rest of the
** city only as totals per line (docs/ANALYTICS.md; an-data.h says which
** granularity each measure reads).  So per period the store reads, on a
** reader connection and in one read transaction:
**   the market's line rollups          per stall x line
**   other markets' market line rollups  per market x line (a "*CODE" stall each)
**   the market's tender rollups         per stall x method
**   the market's day totals             per stall (the comparison period)
** the daily totals of the report period day by day, and its heatmap cells
** (hub-cells.h), summed here per stall.
**
** Each period is read as its whole months from the month tables and cells
** (schema 3) and only its ragged ends from the day tables
** (hub_period_split), so a year of a 200-stall market is a few thousand
** rows, not the 830,000 hour and 67,000 day rows of its days.  The rows
** come unsummed and the dataset sums them (an-data.h allows several rows
** per key), which costs a quarter of a SQL GROUP BY's sort.
*/
#include "mb-clock.h"
#include "hub-store-sqlite.h"
#include "hub-cells.h"
#include <string.h>

typedef struct {
  AnDataset *ds;
  GHashTable *stall_index;   /* hub stall id -> ds index + 1 */
  GHashTable *ref_index;     /* hub market id -> ds index + 1 of its "*CODE" stall */
  int64_t market_id;
  int64_t *heat;             /* [n_heat_stalls * 7 * 24 * 2], load_days_hours */
  guint n_heat_stalls;
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
** Every rollup query takes ?1 the market id, then the parts of a period
** (hub_period_split): ?2..?3 the head's days, ?4..?5 the tail's, ?6..?7 the
** whole months; each statement names those it reads.  Its rows'
** first column is a hub stall id (or, for the city reference, a market
** id); each table's row function turns one row into a dataset fact.  Rows
** of stalls outside the loaded registry are skipped.
*/
typedef gboolean (*RowFunc)(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p,
                            GError **error);

static gboolean each_row(HubConn *c, Loader *l, const char *sql, GHashTable *index,
                         AnPeriod p, RowFunc fn, const char *what, GError **error)
{
  char r[6][AN_DAY_ISO_LEN];
  int rc;
  hub_period_split(p, r, r + 2, r + 4);
  sqlite3_stmt *st = hub_sq_stmt(c, sql, error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, l->market_id);
  for (int i = 2; i <= sqlite3_bind_parameter_count(st) && i <= 7; i++)
    sqlite3_bind_text(st, i, r[i - 2], -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    guint stall;
    if (index_of(index, sqlite3_column_int64(st, 0), &stall) && !fn(l, st, stall, p, error)) {
      sqlite3_reset(st);
      return FALSE;
    }
  }
  sqlite3_reset(st);
  return rc == SQLITE_DONE || hub_sq_fail(c, what, error);
}

/* (id, line, revenue, qty, lines, receipts), any part of a period. */
static gboolean line_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p, GError **error)
{
  AnLineDay row = {stall, line_index(l->ds, (const char *)sqlite3_column_text(st, 1)), p.from,
                   sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                   sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)};
  return an_dataset_add_line_day(l->ds, &row, error);
}

/* (stall, method, amount), any part of a period. */
static gboolean tender_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p, GError **error)
{
  AnStallTender row = {stall, p.from,
                       an_dataset_method(l->ds, (const char *)sqlite3_column_text(st, 1)),
                       sqlite3_column_int64(st, 2)};
  return an_dataset_add_stall_tender(l->ds, &row, error);
}

/* (stall, day, receipts, total): a day, or (day NULL) a part of the comparison period. */
static gboolean day_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p, GError **error)
{
  AnStallDay row = {stall, p.from, sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3)};
  return (sqlite3_column_type(st, 1) == SQLITE_NULL
          || !bad_day((const char *)sqlite3_column_text(st, 1), &row.day, error))
         && an_dataset_add_stall_day(l->ds, &row, error);
}

static gboolean bad_cells(const char *table, GError **error)
{
  g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "%s: cells of the wrong size", table);
  return FALSE;
}

/*
** A roll_day_cells row (stall, month, 31 x (total, receipts)) read into
** cells; *first is the month's first day.  Figures on a day the month does
** not have (a 31st of April) mean a damaged row, not a sale.
*/
static gboolean day_cells(sqlite3_stmt *st, int64_t cells[HUB_DAY_CELLS_PAIRS * 2], AnDay *first,
                          GError **error)
{
  char day[AN_DAY_ISO_LEN];
  int y, month, d, m;
  g_snprintf(day, sizeof day, "%s-01", (const char *)sqlite3_column_text(st, 1));
  if (bad_day(day, first, error))
    return FALSE;
  memset(cells, 0, sizeof(int64_t) * HUB_DAY_CELLS_PAIRS * 2);
  if (!hub_cells_add_blob(cells, HUB_DAY_CELLS_PAIRS * 2, sqlite3_column_blob(st, 2),
                          sqlite3_column_bytes(st, 2)))
    return bad_cells("roll_day_cells", error);
  mb_day_civil(*first, &y, &month, &d);
  for (guint i = 28; i < HUB_DAY_CELLS_PAIRS; i++) {
    mb_day_civil(*first + (AnDay)i, &y, &m, &d);
    if (m != month && (cells[2 * i] != 0 || cells[2 * i + 1] != 0)) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "roll_day_cells: a day after the month's end");
      return FALSE;
    }
  }
  return TRUE;
}

/* A whole month of the report period, as a row for each day that holds figures. */
static gboolean day_cells_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p,
                              GError **error)
{
  int64_t cells[HUB_DAY_CELLS_PAIRS * 2];
  AnDay first;
  (void)p;
  if (!day_cells(st, cells, &first, error))
    return FALSE;
  for (guint i = 0; i < HUB_DAY_CELLS_PAIRS; i++) {
    AnStallDay row = {stall, first + (AnDay)i, cells[2 * i + 1], cells[2 * i]};
    if ((row.total != 0 || row.receipts != 0) && !an_dataset_add_stall_day(l->ds, &row, error))
      return FALSE;
  }
  return TRUE;
}

/* A whole month of the comparison period, summed into one row. */
static gboolean day_cells_sum_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p,
                                  GError **error)
{
  int64_t cells[HUB_DAY_CELLS_PAIRS * 2];
  AnDay first;
  AnStallDay row = {stall, p.from, 0, 0};
  if (!day_cells(st, cells, &first, error))
    return FALSE;
  for (guint i = 0; i < HUB_DAY_CELLS_PAIRS; i++) {
    row.total += cells[2 * i];
    row.receipts += cells[2 * i + 1];
  }
  return an_dataset_add_stall_day(l->ds, &row, error);
}

/*
** The heatmap: the market's stalls' cells (hub-cells.h) summed here into
** l->heat, per dataset stall 7 weekdays x 24 hours x (revenue, receipts),
** the layout of a month's blob, so a month adds as one array.
*/
#define HEAT_CELLS (HUB_HEAT_MONTH_PAIRS * 2)

/* (stall, day, 24 hour cells) from roll_heat_day: into that day's weekday. */
static gboolean heat_day_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p,
                             GError **error)
{
  int64_t hours[HUB_HEAT_DAY_PAIRS * 2] = {0};
  AnDay day;
  (void)p;
  if (bad_day((const char *)sqlite3_column_text(st, 1), &day, error))
    return FALSE;
  if (!hub_cells_add_blob(hours, G_N_ELEMENTS(hours), sqlite3_column_blob(st, 2),
                          sqlite3_column_bytes(st, 2)))
    return bad_cells("roll_heat_day", error);
  int64_t *row = l->heat + (gsize)stall * HEAT_CELLS + (gsize)an_day_weekday(day) * 48;
  for (guint i = 0; i < G_N_ELEMENTS(hours); i++)
    row[i] += hours[i];
  return TRUE;
}

/* (stall, month, 7 x 24 cells) from roll_heat_month. */
static gboolean heat_month_row(Loader *l, sqlite3_stmt *st, guint stall, AnPeriod p,
                               GError **error)
{
  (void)p;
  return hub_cells_add_blob(l->heat + (gsize)stall * HEAT_CELLS, HEAT_CELLS,
                            sqlite3_column_blob(st, 2), sqlite3_column_bytes(st, 2))
         || bad_cells("roll_heat_month", error);
}

/*
** The cells as dataset rows, each dated the period's first day of its
** weekday: a cell holds figures only if a day of that weekday is in the
** period.  Cells of nothing (none sold, or a sale and its void) add nothing.
*/
static gboolean heat_emit(Loader *l, AnPeriod p, GError **error)
{
  for (guint s = 0; s < l->n_heat_stalls; s++)
    for (int w = 0; w < 7; w++)
      for (int h = 0; h < 24; h++) {
        const int64_t *c = l->heat + (gsize)s * HEAT_CELLS + (gsize)(w * 24 + h) * 2;
        AnStallHour row = {s, p.from + (AnDay)((w - an_day_weekday(p.from) + 7) % 7), h, c[0],
                           c[1]};
        if ((c[0] != 0 || c[1] != 0) && !an_dataset_add_stall_hour(l->ds, &row, error))
          return FALSE;
      }
  return TRUE;
}

/*
** The market's stall rows of table t (alias r), stall by stall, and the
** other markets' rows, market by market: each a range of t's key.  CROSS
** JOIN keeps that order (SQLite never reorders it): left to choose, the
** planner scanned all of roll_market_line_day and looked each row's market
** up, a city's every day for a month's report.
*/
#define OF_MARKET(t) " FROM stall s CROSS JOIN " t " r ON r.stall_id = s.id WHERE s.market_id = ?1"
#define OF_OTHERS(t) " FROM market m CROSS JOIN " t " r ON r.market_id = m.id WHERE m.id <> ?1"
#define IN_DAYS " AND (r.day BETWEEN ?2 AND ?3)"
#define IN_TAIL " AND (r.day BETWEEN ?4 AND ?5)"
#define IN_MONTHS " AND (r.month BETWEEN ?6 AND ?7)"

#define LINE_COLS "r.line_code, r.revenue, r.qty_milli, r.lines, r.receipts"

/* The line sums of one period: the market's per stall, the others' per market. */
static gboolean load_lines(HubConn *c, Loader *l, AnPeriod p, GError **error)
{
  return each_row(c, l,
                  "SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_day") IN_DAYS
                  " UNION ALL SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_day") IN_TAIL
                  " UNION ALL SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_month")
                  IN_MONTHS,
                  l->stall_index, p, line_row, "reading line rollups", error)
         && each_row(c, l,
                     "SELECT r.market_id, " LINE_COLS OF_OTHERS("roll_market_line_day") IN_DAYS
                     " UNION ALL SELECT r.market_id, " LINE_COLS
                     OF_OTHERS("roll_market_line_day") IN_TAIL
                     " UNION ALL SELECT r.market_id, " LINE_COLS
                     OF_OTHERS("roll_market_line_month") IN_MONTHS,
                     l->ref_index, p, line_row, "reading market rollups", error);
}

/*
** Sums of one period: its lines when the report reads them (not the
** stalls report), and for the report period its tenders: no measure reads the
** comparison period's (the stalls report's payment mix and Onnuri share
** are of the report period), and they were two thirds of the rows a
** 30-day stalls report read.  The rows come unsummed (several per stall and line or
** method: the ends' days and the months) and the dataset sums them: a
** GROUP BY here sorted them in a temporary b-tree, four times slower than
** reading them.
*/
static gboolean load_period(HubConn *c, Loader *l, AnPeriod p, gboolean report,
                            HubDatasetNeeds needs, GError **error)
{
  return (!(needs & HUB_NEED_LINES) || load_lines(c, l, p, error))
         && (!report || !(needs & HUB_NEED_HOURS_TENDERS)
             || each_row(c, l,
                         "SELECT r.stall_id, r.method, r.amount" OF_MARKET("roll_tender") IN_DAYS
                         " UNION ALL SELECT r.stall_id, r.method, r.amount"
                         OF_MARKET("roll_tender") IN_TAIL
                         " UNION ALL SELECT r.stall_id, r.method, r.amount"
                         OF_MARKET("roll_tender_month") IN_MONTHS,
                         l->stall_index, p, tender_row, "reading tender rollups", error));
}

#define DAY_COLS "r.receipts, r.total"

/*
** Stall totals: day by day in the report period (the daily trend, active
** days and stability read each day), summed in the comparison period (only
** its totals are read); the whole months from the daily cells.  The report
** period's hours as heatmap cells.
*/
static gboolean load_days_hours(HubConn *c, Loader *l, const AnPeriod *periods, guint n_periods,
                                HubDatasetNeeds needs, GError **error)
{
  AnPeriod report = periods[0];
  gboolean ok =
    each_row(c, l,
             "SELECT r.stall_id, r.day, " DAY_COLS OF_MARKET("roll_day") IN_DAYS
             " UNION ALL SELECT r.stall_id, r.day, " DAY_COLS OF_MARKET("roll_day") IN_TAIL,
             l->stall_index, report, day_row, "reading day rollups", error)
    && each_row(c, l, "SELECT r.stall_id, r.month, r.cells" OF_MARKET("roll_day_cells") IN_MONTHS,
                l->stall_index, report, day_cells_row, "reading day rollups", error);
  for (guint i = 1; ok && i < n_periods; i++)
    ok = each_row(c, l,
                  "SELECT r.stall_id, NULL, " DAY_COLS OF_MARKET("roll_day") IN_DAYS
                  " UNION ALL SELECT r.stall_id, NULL, " DAY_COLS OF_MARKET("roll_day") IN_TAIL,
                  l->stall_index, periods[i], day_row, "reading day rollups", error)
         && each_row(c, l,
                     "SELECT r.stall_id, r.month, r.cells" OF_MARKET("roll_day_cells") IN_MONTHS,
                     l->stall_index, periods[i], day_cells_sum_row, "reading day rollups",
                     error);
  if (!ok || !(needs & HUB_NEED_HOURS_TENDERS))
    return ok;
  l->n_heat_stalls = l->ds->stalls->len;
  l->heat = g_new0(int64_t, (gsize)l->n_heat_stalls * HEAT_CELLS + 1);
  return each_row(c, l,
                  "SELECT r.stall_id, r.day, r.cells" OF_MARKET("roll_heat_day") IN_DAYS
                  " UNION ALL SELECT r.stall_id, r.day, r.cells"
                  OF_MARKET("roll_heat_day") IN_TAIL,
                  l->stall_index, report, heat_day_row, "reading hour rollups", error)
         && each_row(c, l,
                     "SELECT r.stall_id, r.month, r.cells" OF_MARKET("roll_heat_month") IN_MONTHS,
                     l->stall_index, report, heat_month_row, "reading hour rollups",
                     error)
         && heat_emit(l, report, error);
}

AnDataset *hub_sqlite_dataset(HubStore *store, const char *market_code,
                             const AnPeriod *periods, guint n_periods, HubDatasetNeeds needs,
                             GError **error)
{
  g_autoptr(GHashTable) stalls = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) refs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(AnDataset) ds = an_dataset_new();
  Loader l = {ds, stalls, refs, -1, NULL, 0};
  HubConn *c = hub_sq_reader(store);
  /* one read transaction: every rollup from the same snapshot */
  gboolean ok = sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    hub_sq_fail(c, "starting a read", error);
  ok = ok && load_registry(c, &l, market_code, error);
  for (guint i = 0; ok && i < n_periods; i++)
    ok = load_period(c, &l, periods[i], i == 0, needs, error);
  ok = ok && load_days_hours(c, &l, periods, n_periods, needs, error);
  g_free(l.heat);
  sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
  hub_sq_release(store, c);
  if (!ok)
    return NULL;
  an_dataset_seal(ds);
  return g_steal_pointer(&ds);
}
