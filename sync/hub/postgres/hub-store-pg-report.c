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
** The market's day rows are read stall by stall (a join from stall, so the
** server seeks each stall's range of the key instead of filtering every
** day of the market), its month rows in one range of the market's key, and
** the other markets' market by market.  The
** server sums lines and tenders per key (GROUP BY), where the SQLite store
** lets the dataset sum unsummed rows: the dataset adds rows of one key, so
** the totals are the same.  Everything is read in one REPEATABLE READ
** transaction: one snapshot for the whole dataset.  Its statements run
** with their generic plans: planning each one again for its days cost
** more than running it (about a millisecond a statement, a dozen
** statements a report), and the plan is the same for any period, a range
** of the key per stall.  The cells come in the binary format, their
** bytes as stored.  The comparison periods and the tenders may be read
** on a second connection in the same snapshot, at the same time
** (hub_pg_dataset).
*/
#include "mb-clock.h"
#include "hub-store-pg.h"
#include <string.h>

typedef struct {
  AnDataset *ds;
  GHashTable *stall_index;   /* hub stall id -> ds index + 1 */
  GHashTable *ref_index;     /* hub market id -> ds index + 1 of its "*CODE" stall */
  const char *market_code;
  GPtrArray *queries;        /* of Query*: the rollup reads, in the order they run */
  int side;                  /* the connection the next queries go to (SIDE_*) */
  int64_t *heat;             /* [n_heat_stalls * 7 * 24 * 2], made by the first heat row */
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

/* The registry's three reads, sent first (hub_pg_dataset). */
static const char markets_sql[] = "SELECT id, code, name FROM market ORDER BY code";
static const char taxonomy_sql[] = "SELECT code, name_ko, name_en FROM taxonomy ORDER BY code";
static const char stalls_sql[] =
  "SELECT s.id, s.code, s.name, coalesce(s.last_sync_ms, 0) FROM stall s"
  " JOIN market m ON m.id = s.market_id WHERE m.code = $1 ORDER BY s.code";

/* Markets, taxonomy and the market's stalls, in code order as in SQLite. */
static gboolean load_registry(Loader *l, const PGresult *markets, const PGresult *taxonomy,
                              const PGresult *stalls, GError **error)
{
  gboolean found = FALSE;
  for (int i = 0; i < PQntuples(markets); i++) {
    int64_t id = hub_pg_int(markets, i, 0);
    const char *code = PQgetvalue(markets, i, 1);
    an_dataset_add_market(l->ds, code, PQgetvalue(markets, i, 2), NULL, NULL);
    if (strcmp(code, l->market_code) == 0) {
      found = TRUE;
    } else {
      g_autofree char *ref = g_strconcat("*", code, NULL);
      guint si;
      an_dataset_add_stall(l->ds, ref, ref, code, -1, &si, NULL);
      g_hash_table_insert(l->ref_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
    }
  }
  if (!found) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no market %s", l->market_code);
    return FALSE;
  }
  for (int i = 0; i < PQntuples(taxonomy); i++)
    an_dataset_add_line(l->ds, PQgetvalue(taxonomy, i, 0), PQgetvalue(taxonomy, i, 1),
                        PQgetvalue(taxonomy, i, 2), NULL, NULL);
  for (int i = 0; i < PQntuples(stalls); i++) {
    int64_t id = hub_pg_int(stalls, i, 0), sync = hub_pg_int(stalls, i, 3);
    guint si;
    an_dataset_add_stall(l->ds, PQgetvalue(stalls, i, 1), PQgetvalue(stalls, i, 2),
                         l->market_code, sync > 0 ? sync : -1, &si, NULL);
    g_hash_table_insert(l->stall_index, g_memdup2(&id, sizeof id), GUINT_TO_POINTER(si + 1));
  }
  return TRUE;
}

/*
** Every query takes $1 the market's code, then the parts of a period it
** reads (hub_period_split), in this order: with ENDS the head's first and
** last day and the tail's ($2..$5), with MONTHS the whole months' first
** and last ('YYYY-MM'; after the ends' when both).  Its rows' first column
** is a hub stall id (or a market id for the city reference); rows of
** stalls outside the registry are skipped.  With BINARY the rows come in
** the server's binary format (the cells).  The queries are only queued
** here (add_query): hub_pg_dataset sends them all in one round trip and
** then hands each result's rows to its RowFunc, in the queued order.
*/
enum { ENDS = 1, MONTHS = 2, BINARY = 4 };

typedef gboolean (*RowFunc)(Loader *l, const PGresult *res, int row, guint stall, AnPeriod p,
                            GError **error);

/*
** The two connections a report's reads may be split over (hub_pg_dataset):
** the first has the registry and the report period's lines, days and
** hours; the second the comparison periods and the report period's
** tenders, which are as many rows as the lines (four methods against
** three lines a stall and day), so that the two take about as long.
*/
enum { SIDE_FIRST, SIDE_SECOND };

typedef struct {
  const char *sql;
  int parts;
  int side;
  guint at;                 /* its statement's index in its side's pipeline */
  GHashTable *index;
  AnPeriod p;
  RowFunc fn;
  char ranges[6][AN_DAY_ISO_LEN];   /* the period split: the arguments point here */
} Query;

static void add_query(Loader *l, const char *sql, int parts, GHashTable *index, AnPeriod p,
                      RowFunc fn)
{
  Query *q = g_new0(Query, 1);
  q->sql = sql;
  q->parts = parts;
  q->side = l->side;
  q->index = index;
  q->p = p;
  q->fn = fn;
  hub_period_split(p, q->ranges, q->ranges + 2, q->ranges + 4);
  g_ptr_array_add(l->queries, q);
}

/* The statement of a queued query; its text arguments borrow q's and the market's code. */
static void query_statement(const Loader *l, const Query *q, HubPgStatement *st)
{
  st->sql = q->sql;
  st->result_format = (q->parts & BINARY) ? 1 : 0;
  hub_pg_arg_text(&st->args, l->market_code);
  for (int i = 0; i < 4 && (q->parts & ENDS); i++)
    hub_pg_arg_text(&st->args, q->ranges[i]);
  for (int i = 4; i < 6 && (q->parts & MONTHS); i++)
    hub_pg_arg_text(&st->args, q->ranges[i]);
}

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

static gboolean query_rows(Loader *l, const Query *q, const PGresult *res, GError **error)
{
  for (int i = 0; i < PQntuples(res); i++) {
    guint stall;
    int64_t id = (q->parts & BINARY) ? binary_int(res, i, 0) : hub_pg_int(res, i, 0);
    if (index_of(q->index, id, &stall) && !q->fn(l, res, i, stall, q->p, error))
      return FALSE;
  }
  return TRUE;
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

/* The heatmap's sums, made on the first heat row: every stall is in the dataset by then. */
static int64_t *heat_of(Loader *l, guint stall)
{
  if (l->heat == NULL) {
    l->n_heat_stalls = l->ds->stalls->len;
    l->heat = g_new0(int64_t, (gsize)l->n_heat_stalls * HEAT_CELLS + 1);
  }
  return l->heat + (gsize)stall * HEAT_CELLS;
}

/* (stall, day, 24 hour cells) from roll_heat_day: into that day's weekday. */
static gboolean heat_day_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                             GError **error)
{
  AnDay day;
  (void)p;
  if (bad_day(PQgetvalue(res, i, 1), &day, error))
    return FALSE;
  return add_cells(heat_of(l, stall) + (gsize)an_day_weekday(day) * 48, 48,
                   res, i, 2, "roll_heat_day", error);
}

/* (stall, month, 7 x 24 cells) from roll_heat_month. */
static gboolean heat_month_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                               GError **error)
{
  (void)p;
  return add_cells(heat_of(l, stall), HEAT_CELLS, res, i, 2,
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

/*
** The market's rows of a day table t (alias r) stall by stall; of a month
** table in one range of the market's key; the others' market by market.
** A day table holds a row per stall and day, so a period's days are a
** range of each stall's key, sought stall by stall.  A month table holds
** a dozen rows a stall a year, so the whole market's range is read at
** once: joined to stall as the day tables are, the generic plan drove
** from the month rows and probed stall for each (3 buffers a row, 9,900
** for the lines of twelve months of a 100-stall market, EXPLAIN ANALYZE
** in docs/BENCHMARKS.md).  Rows of a stall outside the market's registry
** are skipped in query_rows as before, so the rows read are the same.
*/
#define OF_MARKET(t) " FROM market m JOIN stall s ON s.market_id = m.id JOIN " t " r" \
  " ON r.market_id = s.market_id AND r.stall_id = s.id WHERE m.code = $1"
#define OF_MARKET_MONTHS(t) " FROM market m JOIN " t " r ON r.market_id = m.id WHERE m.code = $1"
#define OF_OTHERS(t) " FROM market m JOIN " t " r ON r.market_id = m.id WHERE m.code <> $1"
/*
** Each part of a period also says, by its bounds alone, whether it is
** empty ($2 <= $3 ..., an empty part's bounds are "9" and "0",
** hub_period_split): a condition on parameters only, which the generic
** plan checks once before the part runs (a one-time filter), so an empty
** part costs nothing.  Without it a period of whole months probed every
** stall's key twice for its empty ends, two hundred index probes a
** statement for no row on a 100-stall market (EXPLAIN ANALYZE,
** docs/BENCHMARKS.md), the most of a lines report over January-June.
*/
#define IN_HEAD " AND $2::text <= $3::text COLLATE \"C\" AND r.day BETWEEN $2 AND $3"
#define IN_TAIL " AND $4::text <= $5::text COLLATE \"C\" AND r.day BETWEEN $4 AND $5"
#define IN_MONTHS " AND $6::text <= $7::text COLLATE \"C\" AND r.month BETWEEN $6 AND $7"
#define IN_MONTHS_ONLY " AND $2::text <= $3::text COLLATE \"C\" AND r.month BETWEEN $2 AND $3"

#define LINE_COLS "r.line_code, r.revenue, r.qty_milli, r.lines, r.receipts"
#define LINE_SUMS(id) "SELECT x." id ", x.line_code, sum(x.revenue), sum(x.qty_milli)," \
  " sum(x.lines), sum(x.receipts) FROM ("
#define TENDER_COLS "r.stall_id, r.method, r.amount"

/*
** Lines of the market and of the others (when the report reads lines) of
** one period, and the report period's tenders: no measure reads the
** comparison period's (the SQLite store reads the same rows).
*/
static void load_period(Loader *l, AnPeriod p, gboolean report, HubDatasetNeeds needs)
{
  if (needs & HUB_NEED_LINES) {
    add_query(l,
              LINE_SUMS("stall_id")
              "SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_day") IN_HEAD
              " UNION ALL SELECT r.stall_id, " LINE_COLS OF_MARKET("roll_line_day") IN_TAIL
              " UNION ALL SELECT r.stall_id, " LINE_COLS OF_MARKET_MONTHS("roll_line_month")
              IN_MONTHS ") x GROUP BY 1, 2 ORDER BY 1, 2",
              ENDS | MONTHS, l->stall_index, p, line_row);
    add_query(l,
              LINE_SUMS("market_id")
              "SELECT r.market_id, " LINE_COLS OF_OTHERS("roll_market_line_day") IN_HEAD
              " UNION ALL SELECT r.market_id, " LINE_COLS OF_OTHERS("roll_market_line_day") IN_TAIL
              " UNION ALL SELECT r.market_id, " LINE_COLS OF_OTHERS("roll_market_line_month")
              IN_MONTHS ") x GROUP BY 1, 2 ORDER BY 1, 2",
              ENDS | MONTHS, l->ref_index, p, line_row);
  }
  int side = l->side;
  l->side = SIDE_SECOND;
  if (report && (needs & HUB_NEED_HOURS_TENDERS))
    add_query(l,
              "SELECT x.stall_id, x.method, sum(x.amount) FROM ("
              "SELECT " TENDER_COLS OF_MARKET("roll_tender") IN_HEAD
              " UNION ALL SELECT " TENDER_COLS OF_MARKET("roll_tender") IN_TAIL
              " UNION ALL SELECT " TENDER_COLS OF_MARKET_MONTHS("roll_tender_month") IN_MONTHS
              ") x GROUP BY 1, 2 ORDER BY 1, 2",
              ENDS | MONTHS, l->stall_index, p, tender_row);
  l->side = side;
}

#define DAY_COLS "r.receipts, r.total"

/*
** Stall totals: day by day in the report period (the daily trend, active
** days and stability read each day), summed in the comparison periods
** (only their totals are read); the whole months from the daily cells.
** The report period's hours as heatmap cells.
*/
static void load_days_hours(Loader *l, const AnPeriod *periods, guint n_periods,
                            HubDatasetNeeds needs)
{
  AnPeriod report = periods[0];
  l->side = SIDE_FIRST;
  add_query(l,
            "SELECT r.stall_id, r.day, " DAY_COLS OF_MARKET("roll_day") IN_HEAD
            " UNION ALL SELECT r.stall_id, r.day, " DAY_COLS OF_MARKET("roll_day") IN_TAIL
            " ORDER BY 1, 2",
            ENDS, l->stall_index, report, day_row);
  add_query(l,
            "SELECT r.stall_id, r.month, r.cells" OF_MARKET_MONTHS("roll_day_cells") IN_MONTHS_ONLY
            " ORDER BY 1, 2",
            MONTHS | BINARY, l->stall_index, report, day_cells_row);
  for (guint i = 1; i < n_periods; i++) {
    l->side = SIDE_SECOND;
    add_query(l,
              "SELECT x.stall_id, sum(x.receipts), sum(x.total) FROM ("
              "SELECT r.stall_id, " DAY_COLS OF_MARKET("roll_day") IN_HEAD
              " UNION ALL SELECT r.stall_id, " DAY_COLS OF_MARKET("roll_day") IN_TAIL
              ") x GROUP BY 1 ORDER BY 1",
              ENDS, l->stall_index, periods[i], total_row);
    add_query(l,
              "SELECT r.stall_id, r.month, r.cells" OF_MARKET_MONTHS("roll_day_cells")
              IN_MONTHS_ONLY
              " ORDER BY 1, 2",
              MONTHS | BINARY, l->stall_index, periods[i], day_cells_sum_row);
  }
  if (!(needs & HUB_NEED_HOURS_TENDERS))
    return;
  l->side = SIDE_FIRST;
  add_query(l,
            "SELECT r.stall_id, r.day, r.cells" OF_MARKET("roll_heat_day") IN_HEAD
            " UNION ALL SELECT r.stall_id, r.day, r.cells" OF_MARKET("roll_heat_day") IN_TAIL,
            ENDS | BINARY, l->stall_index, report, heat_day_row);
  add_query(l,
            "SELECT r.stall_id, r.month, r.cells" OF_MARKET_MONTHS("roll_heat_month")
            IN_MONTHS_ONLY,
            MONTHS | BINARY, l->stall_index, report, heat_month_row);
}

/*
** The second side's reads on a second connection, in the report's
** snapshot (see hub_pg_dataset).  SET TRANSACTION SNAPSHOT takes no
** parameter, so the identifier pg_export_snapshot returned is checked to
** be only what the server makes of one (hex digits and dashes) before it
** goes into the statement.
*/
typedef struct {
  HubPgConn *c;
  HubPgStatement *st;
  guint n;
  char sql[128];
  gboolean ok;
  GError *error;
} Second;

static gboolean snapshot_statement(const char *id, char *sql, gsize size, GError **error)
{
  gsize len = strlen(id);
  if (len == 0 || len > 64 || strspn(id, "0123456789ABCDEF-") != len) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "an unexpected snapshot identifier");
    return FALSE;
  }
  g_snprintf(sql, size,
             "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '%s'",
             id);
  return TRUE;
}

/* The thread of the second connection: its transaction, its pipeline, its COMMIT. */
static gpointer second_run(gpointer data)
{
  Second *second = data;
  second->ok = hub_pg_exec_plain(second->c, second->sql, "sharing the report's snapshot",
                                 &second->error)
               && hub_pg_pipeline(second->c, second->st, second->n, "reading the rollups",
                                  &second->error);
  if (!second->ok)
    hub_pg_rollback(second->c);
  return NULL;
}

/*
** The transaction, the registry and every rollup read go out in one
** pipeline (hub_pg_pipeline): the statements before the rollups open the
** snapshot, choose the generic plans and read the registry, which the
** rollups' rows need and so are handed over first.  A report is then one
** round trip, whatever its periods.
**
** The report waits on the server, not on this process (its statements
** take five to ten times our CPU), and the server runs one backend's
** statements one after another.  So when the pool has a second
** connection free, the second side's reads (SIDE_SECOND) go to it and
** run at the same time on another core: the first connection exports its
** snapshot (pg_export_snapshot) and the second imports it before reading,
** as pg_dump -j does, so both read the very same committed state and the
** dataset is what one transaction would have read.  The first keeps its
** transaction open until the second is done (an export lives only as long
** as its transaction).  The rows are handed to the dataset in the queued
** order either way, so the dataset is the same row for row.
*/
enum { ST_BEGIN, ST_PLANS, ST_EXPORT };
enum { ST_MARKETS, ST_TAXONOMY, ST_STALLS, ST_QUERIES };

/* The statements of one side: its reads (with the registry on the first). */
static HubPgStatement *side_statements(Loader *l, int side, gboolean with_registry,
                                       guint *n_out)
{
  guint n = with_registry ? ST_QUERIES : 0;
  for (guint i = 0; i < l->queries->len; i++)
    n += ((Query *)g_ptr_array_index(l->queries, i))->side == side;
  HubPgStatement *st = g_new0(HubPgStatement, n + 2);   /* room for SET LOCAL and COMMIT */
  guint k = 0;
  if (with_registry) {
    st[ST_MARKETS].sql = markets_sql;
    st[ST_TAXONOMY].sql = taxonomy_sql;
    st[ST_STALLS].sql = stalls_sql;
    hub_pg_arg_text(&st[ST_STALLS].args, l->market_code);
    k = ST_QUERIES;
  }
  for (guint i = 0; i < l->queries->len; i++) {
    Query *q = g_ptr_array_index(l->queries, i);
    if (q->side != side)
      continue;
    q->at = k;
    query_statement(l, q, &st[k++]);
  }
  *n_out = k;
  return st;
}

/* Runs the reads on c alone, or split with a second connection when one is free. */
static gboolean read_all(HubStore *store, HubPgConn *c, HubPgStatement *mine, guint n_mine,
                         HubPgStatement *theirs, guint n_theirs, GError **error)
{
  HubPgStatement open[3];
  memset(open, 0, sizeof open);
  open[ST_BEGIN].sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  open[ST_PLANS].sql = "SET LOCAL plan_cache_mode = force_generic_plan";
  open[ST_EXPORT].sql = "SELECT pg_export_snapshot()";
  HubPgConn *other = n_theirs > 0 ? hub_pg_try_acquire(store, NULL) : NULL;
  gboolean ok;
  if (other == NULL) {
    /* one pipeline: BEGIN, SET LOCAL, every read of both sides, COMMIT */
    guint n = 2 + n_mine + n_theirs + 1;
    g_autofree HubPgStatement *all = g_new0(HubPgStatement, n);
    all[0] = open[ST_BEGIN];
    all[1] = open[ST_PLANS];
    memcpy(all + 2, mine, sizeof *mine * n_mine);
    memcpy(all + 2 + n_mine, theirs, sizeof *theirs * n_theirs);
    all[n - 1].sql = "COMMIT";
    ok = hub_pg_pipeline(c, all, n, "reading the rollups", error);
    if (!ok)
      hub_pg_rollback(c);
    for (guint i = 0; ok && i < n_mine; i++)
      mine[i].result = all[2 + i].result;
    for (guint i = 0; ok && i < n_theirs; i++)
      theirs[i].result = all[2 + n_mine + i].result;
    for (guint i = 0; ok && i < 2; i++)
      PQclear(all[i].result);
    PQclear(ok ? all[n - 1].result : NULL);
    return ok;
  }
  Second second = {other, theirs, n_theirs + 2, "", FALSE, NULL};
  ok = hub_pg_pipeline(c, open, 3, "reading the rollups", error)
       && snapshot_statement(PQgetvalue(open[ST_EXPORT].result, 0, 0), second.sql,
                             sizeof second.sql, error);
  for (guint i = 0; i < 3; i++)
    g_clear_pointer(&open[i].result, PQclear);
  if (ok) {
    /* theirs: SET LOCAL first, then the reads, then COMMIT */
    memmove(theirs + 1, theirs, sizeof *theirs * n_theirs);
    memset(&theirs[0], 0, sizeof theirs[0]);
    theirs[0].sql = "SET LOCAL plan_cache_mode = force_generic_plan";
    memset(&theirs[n_theirs + 1], 0, sizeof theirs[0]);
    theirs[n_theirs + 1].sql = "COMMIT";
    GThread *t = g_thread_new("mhub-report", second_run, &second);
    ok = hub_pg_pipeline(c, mine, n_mine, "reading the rollups", error);
    g_thread_join(t);
    ok = ok && hub_pg_commit(c, error);
    if (ok && !second.ok)
      g_propagate_error(error, g_steal_pointer(&second.error));
    ok = ok && second.ok;
    if (second.ok) {
      /* back in place: the reads' results where side_statements put them */
      PQclear(theirs[0].result);
      PQclear(theirs[n_theirs + 1].result);
      memmove(theirs, theirs + 1, sizeof *theirs * n_theirs);
      memset(&theirs[n_theirs], 0, sizeof theirs[0] * 2);
    }
  }
  g_clear_error(&second.error);
  if (!ok)
    hub_pg_rollback(c);
  hub_pg_release(store, other);
  return ok;
}

AnDataset *hub_pg_dataset(HubStore *store, const char *market_code, const AnPeriod *periods,
                          guint n_periods, HubDatasetNeeds needs, GError **error)
{
  g_autoptr(GHashTable) stalls = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) refs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(AnDataset) ds = an_dataset_new();
  Loader l = {ds, stalls, refs, market_code, queries, SIDE_FIRST, NULL, 0};
  for (guint i = 0; i < n_periods; i++) {
    l.side = i == 0 ? SIDE_FIRST : SIDE_SECOND;
    load_period(&l, periods[i], i == 0, needs);
  }
  load_days_hours(&l, periods, n_periods, needs);

  guint n_mine, n_theirs;
  g_autofree HubPgStatement *mine = side_statements(&l, SIDE_FIRST, TRUE, &n_mine);
  g_autofree HubPgStatement *theirs = side_statements(&l, SIDE_SECOND, FALSE, &n_theirs);
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return NULL;
  gboolean ok = read_all(store, c, mine, n_mine, theirs, n_theirs, error);
  hub_pg_release(store, c);
  ok = ok && load_registry(&l, mine[ST_MARKETS].result, mine[ST_TAXONOMY].result,
                           mine[ST_STALLS].result, error);
  for (guint i = 0; ok && i < queries->len; i++) {
    const Query *q = g_ptr_array_index(queries, i);
    const HubPgStatement *st = q->side == SIDE_FIRST ? mine : theirs;
    ok = query_rows(&l, q, st[q->at].result, error);
  }
  ok = ok && heat_emit(&l, periods[0], error);
  for (guint i = 0; i < n_mine; i++)
    g_clear_pointer(&mine[i].result, PQclear);
  for (guint i = 0; i < n_theirs; i++)
    g_clear_pointer(&theirs[i].result, PQclear);
  g_free(l.heat);
  if (!ok)
    return NULL;
  an_dataset_seal(ds);
  return g_steal_pointer(&ds);
}
