/*
** hub-store-pg-report.c: rollup rows into an analytics dataset, on
** PostgreSQL.  The dataset must equal the SQLite store's for the same
** events (so every report is the same byte for byte), so this follows
** sqlite/hub-store-sqlite-report.c fact for fact, and since schema 2 reads
** the same kind of rows: each period as its whole months from the month
** tables and cells and only its ragged ends (hub_period_split) from the
** day tables.  Per period:
**   the market's lines        per stall x line
**   other markets' lines      per market x line (a "*CODE" stall each)
**   the market's tenders      per stall x method
**   the comparison's days     per stall, summed
** and the report period's days one by one (its whole months from the
** daily cells, a day only when it holds figures) and its heatmap cells,
** summed here per stall, weekday and hour, each dated the period's first
** day of its weekday.
**
** The market's rows are read stall by stall (a join from stall, so the
** server seeks each stall's range of the key instead of filtering every
** day of the market), and the other markets' market by market.  The
** server sums lines and tenders per key (GROUP BY), where the SQLite store
** lets the dataset sum unsummed rows: the dataset adds rows of one key, so
** the totals are the same.  Everything is read in one REPEATABLE READ
** transaction: one snapshot for the whole dataset.  Its statements run
** with their generic plans: planning each one again for its days cost
** more than running it (about a millisecond a statement, a dozen
** statements a report), and the plan is the same for any period, a range
** of the key per stall.  The cells come in the binary format, their
** bytes as stored.
*/
#include "mb-clock.h"
#include "hub-store-pg.h"
#include <string.h>

typedef struct {
  AnDataset *ds;
  GHashTable *stall_index;   /* hub stall id -> ds index + 1 */
  GHashTable *ref_index;     /* hub market id -> ds index + 1 of its "*CODE" stall */
  int64_t market_id;
  int64_t *heat;             /* [n_heat_stalls * 7 * 24 * 2], load_days_hours */
  guint n_heat_stalls;
} Loader;

/* A line code from the rollups, added to the dataset when the taxonomy lacks it. */
static guint line_index(AnDataset *ds, const char *code)
{
  guint i;
  if (!an_dataset_find_line(ds, code, &i))
    an_dataset_add_line(ds, code, code, code, &i, NULL);
  return i;
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

static gboolean bad_day(const char *text, AnDay *day, GError **error)
{
  if (an_day_parse(text, day))
    return FALSE;
  g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "rollup day '%s' is not a day", text);
  return TRUE;
}

/* Markets, taxonomy and the market's stalls, in code order as in SQLite. */
static gboolean load_registry(HubPgConn *c, Loader *l, const char *market_code, GError **error)
{
  PGresult *res = hub_pg_exec(c, "SELECT id, code, name FROM market ORDER BY code", NULL,
                              "reading markets", error);
  if (res == NULL)
    return FALSE;
  l->market_id = -1;
  for (int i = 0; i < PQntuples(res); i++) {
    int64_t id = hub_pg_int(res, i, 0);
    const char *code = PQgetvalue(res, i, 1);
    an_dataset_add_market(l->ds, code, PQgetvalue(res, i, 2), NULL, NULL);
    if (strcmp(code, market_code) == 0) {
      l->market_id = id;
    } else {
      g_autofree char *ref = g_strconcat("*", code, NULL);
      guint si;
      an_dataset_add_stall(l->ds, ref, ref, code, -1, &si, NULL);
      g_hash_table_insert(l->ref_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
    }
  }
  PQclear(res);
  if (l->market_id < 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no market %s", market_code);
    return FALSE;
  }
  res = hub_pg_exec(c, "SELECT code, name_ko, name_en FROM taxonomy ORDER BY code", NULL,
                    "reading the taxonomy", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++)
    an_dataset_add_line(l->ds, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                        PQgetvalue(res, i, 2), NULL, NULL);
  PQclear(res);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, l->market_id);
  res = hub_pg_exec(c, "SELECT id, code, name, coalesce(last_sync_ms, 0) FROM stall"
                       " WHERE market_id = $1 ORDER BY code", &a, "reading stalls", error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples(res); i++) {
    int64_t id = hub_pg_int(res, i, 0), sync = hub_pg_int(res, i, 3);
    guint si;
    an_dataset_add_stall(l->ds, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), market_code,
                         sync > 0 ? sync : -1, &si, NULL);
    g_hash_table_insert(l->stall_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
  }
  PQclear(res);
  return TRUE;
}

/*
** Every query takes $1 the market id, then the parts of a period it reads
** (hub_period_split), in this order: with ENDS the head's first and last
** day and the tail's ($2..$5), with MONTHS the whole months' first and
** last ('YYYY-MM'; after the ends' when both).  Its rows' first column is
** a hub stall id (or a market id for the city reference); rows of stalls
** outside the registry are skipped.  With BINARY the rows come in the
** server's binary format (the cells: hub_pg_exec_binary).
*/
enum { ENDS = 1, MONTHS = 2, BINARY = 4 };

typedef gboolean (*RowFunc)(Loader *l, const PGresult *res, int row, guint stall, AnPeriod p,
                            GError **error);

/* 8 bytes big-endian (memcpy: a value need not be aligned). */
static int64_t be64(const char *p)
{
  guint64 v;
  memcpy(&v, p, 8);
  return (int64_t)GUINT64_FROM_BE(v);
}

/* A bigint cell of a binary result (0 for anything that is not 8 bytes). */
static int64_t binary_int(const PGresult *res, int row, int col)
{
  return PQgetlength(res, row, col) == 8 ? be64(PQgetvalue(res, row, col)) : 0;
}

static gboolean each_row(HubPgConn *c, Loader *l, const char *sql, int parts, GHashTable *index,
                         AnPeriod p, RowFunc fn, const char *what, GError **error)
{
  char head[2][AN_DAY_ISO_LEN], tail[2][AN_DAY_ISO_LEN], months[2][AN_DAY_ISO_LEN];
  hub_period_split(p, head, tail, months);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, l->market_id);
  if (parts & ENDS) {
    hub_pg_arg_text(&a, head[0]);
    hub_pg_arg_text(&a, head[1]);
    hub_pg_arg_text(&a, tail[0]);
    hub_pg_arg_text(&a, tail[1]);
  }
  if (parts & MONTHS) {
    hub_pg_arg_text(&a, months[0]);
    hub_pg_arg_text(&a, months[1]);
  }
  PGresult *res = (parts & BINARY) ? hub_pg_exec_binary(c, sql, &a, what, error)
                                    : hub_pg_exec(c, sql, &a, what, error);
  if (res == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (int i = 0; ok && i < PQntuples(res); i++) {
    guint stall;
    int64_t id = (parts & BINARY) ? binary_int(res, i, 0) : hub_pg_int(res, i, 0);
    if (index_of(index, id, &stall))
      ok = fn(l, res, i, stall, p, error);
  }
  PQclear(res);
  return ok;
}

/* (id, line, revenue, qty, lines, receipts). */
static gboolean line_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                         GError **error)
{
  AnLineDay row = {stall, line_index(l->ds, PQgetvalue(res, i, 1)), p.from,
                   hub_pg_int(res, i, 2), hub_pg_int(res, i, 3), hub_pg_int(res, i, 4),
                   hub_pg_int(res, i, 5)};
  return an_dataset_add_line_day(l->ds, &row, error);
}

/* (stall, method, amount). */
static gboolean tender_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                           GError **error)
{
  AnStallTender row = {stall, p.from, an_dataset_method(l->ds, PQgetvalue(res, i, 1)),
                       hub_pg_int(res, i, 2)};
  return an_dataset_add_stall_tender(l->ds, &row, error);
}

/* (stall, receipts, total) of a part of the comparison period. */
static gboolean total_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                          GError **error)
{
  AnStallDay row = {stall, p.from, hub_pg_int(res, i, 1), hub_pg_int(res, i, 2)};
  return an_dataset_add_stall_day(l->ds, &row, error);
}

/* (stall, day, receipts, total): a day of the report period's ends, as it is. */
static gboolean day_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                        GError **error)
{
  AnStallDay row = {stall, 0, hub_pg_int(res, i, 2), hub_pg_int(res, i, 3)};
  (void)p;
  return !bad_day(PQgetvalue(res, i, 1), &row.day, error)
         && an_dataset_add_stall_day(l->ds, &row, error);
}

/*
** Cells (hub-store-pg.c, schema 2: n int64 big-endian in a bytea, read in
** the binary format as they lie) added into sum; any other size is a
** damaged row, never a short sum.
*/
static gboolean add_cells(int64_t *sum, guint n, const PGresult *res, int row, int col,
                          const char *table, GError **error)
{
  const char *v = PQgetvalue(res, row, col);
  if ((gsize)PQgetlength(res, row, col) != (gsize)n * 8) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "%s: cells of the wrong size", table);
    return FALSE;
  }
  for (guint i = 0; i < n; i++)
    sum[i] += be64(v + (gsize)i * 8);
  return TRUE;
}

/*
** A roll_day_cells row (stall, month, 31 x (total, receipts)) read into
** cells; *first is the month's first day.  Figures on a day the month does
** not have (a 31st of April) mean a damaged row, not a sale.
*/
#define DAY_PAIRS 31
static gboolean day_cells(const PGresult *res, int i, int64_t cells[DAY_PAIRS * 2],
                          AnDay *first, GError **error)
{
  char day[AN_DAY_ISO_LEN];
  g_snprintf(day, sizeof day, "%s-01", PQgetvalue(res, i, 1));
  if (bad_day(day, first, error))
    return FALSE;
  memset(cells, 0, sizeof(int64_t) * DAY_PAIRS * 2);
  if (!add_cells(cells, DAY_PAIRS * 2, res, i, 2, "roll_day_cells", error))
    return FALSE;
  int y, month, d, m;
  mb_day_civil(*first, &y, &month, &d);
  for (guint k = 28; k < DAY_PAIRS; k++) {
    mb_day_civil(*first + (AnDay)k, &y, &m, &d);
    if (m != month && (cells[2 * k] != 0 || cells[2 * k + 1] != 0)) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "roll_day_cells: a day after the month's end");
      return FALSE;
    }
  }
  return TRUE;
}

/* A whole month of the report period, as a row for each day that holds figures. */
static gboolean day_cells_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                              GError **error)
{
  int64_t cells[DAY_PAIRS * 2];
  AnDay first;
  (void)p;
  if (!day_cells(res, i, cells, &first, error))
    return FALSE;
  for (guint k = 0; k < DAY_PAIRS; k++) {
    AnStallDay row = {stall, first + (AnDay)k, cells[2 * k + 1], cells[2 * k]};
    if ((row.total != 0 || row.receipts != 0) && !an_dataset_add_stall_day(l->ds, &row, error))
      return FALSE;
  }
  return TRUE;
}

/* A whole month of the comparison period, summed into one row. */
static gboolean day_cells_sum_row(Loader *l, const PGresult *res, int i, guint stall,
                                  AnPeriod p, GError **error)
{
  int64_t cells[DAY_PAIRS * 2];
  AnDay first;
  AnStallDay row = {stall, p.from, 0, 0};
  if (!day_cells(res, i, cells, &first, error))
    return FALSE;
  for (guint k = 0; k < DAY_PAIRS; k++) {
    row.total += cells[2 * k];
    row.receipts += cells[2 * k + 1];
  }
  return an_dataset_add_stall_day(l->ds, &row, error);
}

/*
** The heatmap: the market's stalls' cells summed here into l->heat, per
** dataset stall 7 weekdays x 24 hours x (revenue, receipts), the layout of
** a month's cells, so a month adds as one array.
*/
#define HEAT_CELLS (7 * 24 * 2)

/* (stall, day, 24 hour cells) from roll_heat_day: into that day's weekday. */
static gboolean heat_day_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                             GError **error)
{
  AnDay day;
  (void)p;
  if (bad_day(PQgetvalue(res, i, 1), &day, error))
    return FALSE;
  return add_cells(l->heat + (gsize)stall * HEAT_CELLS + (gsize)an_day_weekday(day) * 48, 48,
                   res, i, 2, "roll_heat_day", error);
}

/* (stall, month, 7 x 24 cells) from roll_heat_month. */
static gboolean heat_month_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                               GError **error)
{
  (void)p;
  return add_cells(l->heat + (gsize)stall * HEAT_CELLS, HEAT_CELLS, res, i, 2,
                   "roll_heat_month", error);
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

/* The market's rows of table t (alias r) stall by stall; the others' market by market. */
#define OF_MARKET(t) " FROM stall s JOIN " t " r ON r.market_id = s.market_id" \
  " AND r.stall_id = s.id WHERE s.market_id = $1"
#define OF_OTHERS(t) " FROM market m JOIN " t " r ON r.market_id = m.id WHERE m.id <> $1"
#define IN_HEAD " AND r.day BETWEEN $2 AND $3"
#define IN_TAIL " AND r.day BETWEEN $4 AND $5"
#define IN_MONTHS " AND r.month BETWEEN $6 AND $7"
#define IN_MONTHS_ONLY " AND r.month BETWEEN $2 AND $3"

#define LINE_COLS "r.line_code, r.revenue, r.qty_milli, r.lines, r.receipts"
#define LINE_SUMS(id) "SELECT x." id ", x.line_code, sum(x.revenue), sum(x.qty_milli)," \
  " sum(x.lines), sum(x.receipts) FROM ("
#define TENDER_COLS "r.stall_id, r.method, r.amount"

/* Lines of the market and of the others, tenders: one period. */
static gboolean load_period(HubPgConn *c, Loader *l, AnPeriod p, HubDatasetNeeds needs,
                            GError **error)
{
  return each_row(c, l,
                  LINE_SUMS("stall_id")
                  "SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_day") IN_HEAD
                  " UNION ALL SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_day") IN_TAIL
                  " UNION ALL SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_month")
                  IN_MONTHS ") x GROUP BY 1, 2 ORDER BY 1, 2",
                  ENDS | MONTHS, l->stall_index, p, line_row, "reading line rollups", error)
         && each_row(c, l,
                     LINE_SUMS("market_id")
                     "SELECT r.market_id, " LINE_COLS OF_OTHERS("roll_market_line_day") IN_HEAD
                     " UNION ALL SELECT r.market_id, " LINE_COLS
                     OF_OTHERS("roll_market_line_day") IN_TAIL
                     " UNION ALL SELECT r.market_id, " LINE_COLS
                     OF_OTHERS("roll_market_line_month") IN_MONTHS
                     ") x GROUP BY 1, 2 ORDER BY 1, 2",
                     ENDS | MONTHS, l->ref_index, p, line_row, "reading market rollups", error)
         && (!(needs & HUB_NEED_HOURS_TENDERS)
             || each_row(c, l,
                         "SELECT x.stall_id, x.method, sum(x.amount) FROM ("
                         "SELECT " TENDER_COLS OF_MARKET("roll_tender") IN_HEAD
                         " UNION ALL SELECT " TENDER_COLS OF_MARKET("roll_tender") IN_TAIL
                         " UNION ALL SELECT " TENDER_COLS OF_MARKET("roll_tender_month")
                         IN_MONTHS ") x GROUP BY 1, 2 ORDER BY 1, 2",
                         ENDS | MONTHS, l->stall_index, p, tender_row,
                         "reading tender rollups", error));
}

#define DAY_COLS "r.receipts, r.total"

/*
** Stall totals: day by day in the report period (the daily trend, active
** days and stability read each day), summed in the comparison periods
** (only their totals are read); the whole months from the daily cells.
** The report period's hours as heatmap cells.
*/
static gboolean load_days_hours(HubPgConn *c, Loader *l, const AnPeriod *periods,
                                guint n_periods, HubDatasetNeeds needs, GError **error)
{
  AnPeriod report = periods[0];
  gboolean ok =
    each_row(c, l,
             "SELECT r.stall_id, r.day, " DAY_COLS OF_MARKET("roll_day") IN_HEAD
             " UNION ALL SELECT r.stall_id, r.day, " DAY_COLS OF_MARKET("roll_day") IN_TAIL
             " ORDER BY 1, 2",
             ENDS, l->stall_index, report, day_row, "reading day rollups", error)
    && each_row(c, l,
                "SELECT r.stall_id, r.month, r.cells" OF_MARKET("roll_day_cells")
                IN_MONTHS_ONLY " ORDER BY 1, 2",
                MONTHS | BINARY, l->stall_index, report, day_cells_row, "reading day rollups",
                error);
  for (guint i = 1; ok && i < n_periods; i++)
    ok = each_row(c, l,
                  "SELECT x.stall_id, sum(x.receipts), sum(x.total) FROM ("
                  "SELECT r.stall_id, " DAY_COLS OF_MARKET("roll_day") IN_HEAD
                  " UNION ALL SELECT r.stall_id, " DAY_COLS OF_MARKET("roll_day") IN_TAIL
                  ") x GROUP BY 1 ORDER BY 1",
                  ENDS, l->stall_index, periods[i], total_row, "reading day rollups", error)
         && each_row(c, l,
                     "SELECT r.stall_id, r.month, r.cells" OF_MARKET("roll_day_cells")
                     IN_MONTHS_ONLY " ORDER BY 1, 2",
                     MONTHS | BINARY, l->stall_index, periods[i], day_cells_sum_row,
                     "reading day rollups", error);
  if (!ok || !(needs & HUB_NEED_HOURS_TENDERS))
    return ok;
  l->n_heat_stalls = l->ds->stalls->len;
  l->heat = g_new0(int64_t, (gsize)l->n_heat_stalls * HEAT_CELLS + 1);
  return each_row(c, l,
                  "SELECT r.stall_id, r.day, r.cells" OF_MARKET("roll_heat_day") IN_HEAD
                  " UNION ALL SELECT r.stall_id, r.day, r.cells"
                  OF_MARKET("roll_heat_day") IN_TAIL,
                  ENDS | BINARY, l->stall_index, report, heat_day_row, "reading hour rollups",
                  error)
         && each_row(c, l,
                     "SELECT r.stall_id, r.month, r.cells" OF_MARKET("roll_heat_month")
                     IN_MONTHS_ONLY,
                     MONTHS | BINARY, l->stall_index, report, heat_month_row,
                     "reading hour rollups",
                     error)
         && heat_emit(l, report, error);
}

AnDataset *hub_pg_dataset(HubStore *store, const char *market_code, const AnPeriod *periods,
                          guint n_periods, HubDatasetNeeds needs, GError **error)
{
  g_autoptr(GHashTable) stalls = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) refs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(AnDataset) ds = an_dataset_new();
  Loader l = {ds, stalls, refs, -1, NULL, 0};
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return NULL;
  gboolean ok = hub_pg_exec_plain(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
                                    " SET LOCAL plan_cache_mode = force_generic_plan",
                                 "starting a read", error)
                && load_registry(c, &l, market_code, error);
  for (guint i = 0; ok && i < n_periods; i++)
    ok = load_period(c, &l, periods[i], needs, error);
  ok = ok && load_days_hours(c, &l, periods, n_periods, needs, error)
       && hub_pg_commit(c, error);
  g_free(l.heat);
  if (!ok)
    hub_pg_rollback(c);
  hub_pg_release(store, c);
  if (!ok)
    return NULL;
  an_dataset_seal(ds);
  return g_steal_pointer(&ds);
}
