/*
** hub-store-pg-report.c: rollup rows into an analytics dataset, on
** PostgreSQL.  The dataset must equal the SQLite store's for the same
** events (so every report is the same byte for byte), so this follows
** sqlite/hub-store-sqlite-report.c fact for fact:
**   the market's lines        per stall x line, each period
**   other markets' lines      per market x line (a "*CODE" stall each)
**   the market's tenders      per stall x method
**   the report period's days  per stall and day; a day inside a whole
**                             month of the period only when it holds
**                             figures (the SQLite store reads those
**                             from month cells that keep no empty day)
**   the comparison's days     per stall, summed
**   the report period's hours summed per stall, weekday and hour, each
**                             dated the period's first day of its weekday
** The server sums per key (GROUP BY) where the SQLite store lets the
** dataset sum unsummed rows: the dataset adds rows of one key, so the
** totals are the same.  Everything is read in one REPEATABLE READ
** transaction: one snapshot for the whole dataset.
*/
#include "hub-store-pg.h"
#include "hub-rollup-int.h"
#include <string.h>

typedef struct {
  AnDataset *ds;
  GHashTable *stall_index;   /* hub stall id -> ds index + 1 */
  GHashTable *ref_index;     /* hub market id -> ds index + 1 of its "*CODE" stall */
  int64_t market_id;
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
** Every query takes $1 the market id, $2..$3 the period's first and last
** day; its rows' first column is a hub stall id (or a market id for the
** city reference), and rows of stalls outside the registry are skipped.
*/
typedef gboolean (*RowFunc)(Loader *l, const PGresult *res, int row, guint stall, AnPeriod p,
                            GError **error);

static gboolean each_row(HubPgConn *c, Loader *l, const char *sql, GHashTable *index,
                         AnPeriod p, RowFunc fn, const char *what, GError **error)
{
  char from[AN_DAY_ISO_LEN], to[AN_DAY_ISO_LEN];
  an_day_format(p.from, from);
  an_day_format(p.to, to);
  HubPgArgs a = {0};
  hub_pg_arg_int(&a, l->market_id);
  hub_pg_arg_text(&a, from);
  hub_pg_arg_text(&a, to);
  PGresult *res = hub_pg_exec(c, sql, &a, what, error);
  if (res == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (int i = 0; ok && i < PQntuples(res); i++) {
    guint stall;
    if (index_of(index, hub_pg_int(res, i, 0), &stall))
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

/* (stall, receipts, total) of the comparison period. */
static gboolean total_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                          GError **error)
{
  AnStallDay row = {stall, p.from, hub_pg_int(res, i, 1), hub_pg_int(res, i, 2)};
  return an_dataset_add_stall_day(l->ds, &row, error);
}

/*
** (stall, day, receipts, total) of the report period: a day of the
** period's ragged ends always, a day of its whole months when it holds
** figures (see the top of the file).
*/
static gboolean day_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                        GError **error)
{
  char head[2][AN_DAY_ISO_LEN], tail[2][AN_DAY_ISO_LEN], months[2][AN_DAY_ISO_LEN];
  const char *text = PQgetvalue(res, i, 1);
  AnStallDay row = {stall, 0, hub_pg_int(res, i, 2), hub_pg_int(res, i, 3)};
  if (bad_day(text, &row.day, error))
    return FALSE;
  hub_period_split(p, head, tail, months);
  gboolean in_ends = (strcmp(text, head[0]) >= 0 && strcmp(text, head[1]) <= 0)
                     || (strcmp(text, tail[0]) >= 0 && strcmp(text, tail[1]) <= 0);
  if (!in_ends && row.total == 0 && row.receipts == 0)
    return TRUE;
  return an_dataset_add_stall_day(l->ds, &row, error);
}

/* (stall, weekday 0 = Monday, hour, revenue, receipts), dated in the period. */
static gboolean hour_row(Loader *l, const PGresult *res, int i, guint stall, AnPeriod p,
                         GError **error)
{
  int w = (int)hub_pg_int(res, i, 1);
  AnStallHour row = {stall, p.from + (AnDay)((w - an_day_weekday(p.from) + 7) % 7),
                     (int)hub_pg_int(res, i, 2), hub_pg_int(res, i, 3), hub_pg_int(res, i, 4)};
  if (row.revenue == 0 && row.receipts == 0)
    return TRUE;
  return an_dataset_add_stall_hour(l->ds, &row, error);
}

#define OF_MARKET(t) " FROM " t " r WHERE r.market_id = $1 AND r.day BETWEEN $2 AND $3"

/* Lines of the market and of the others, tenders: one period. */
static gboolean load_period(HubPgConn *c, Loader *l, AnPeriod p, HubDatasetNeeds needs,
                            GError **error)
{
  return each_row(c, l,
                  "SELECT r.stall_id, r.line_code, sum(r.revenue), sum(r.qty_milli),"
                  " sum(r.lines), sum(r.receipts)" OF_MARKET("roll_line_day")
                  " GROUP BY 1, 2 ORDER BY 1, 2",
                  l->stall_index, p, line_row, "reading line rollups", error)
         && each_row(c, l,
                     "SELECT r.market_id, r.line_code, sum(r.revenue), sum(r.qty_milli),"
                     " sum(r.lines), sum(r.receipts) FROM roll_market_line_day r"
                     " WHERE r.market_id <> $1 AND r.day BETWEEN $2 AND $3"
                     " GROUP BY 1, 2 ORDER BY 1, 2",
                     l->ref_index, p, line_row, "reading market rollups", error)
         && (!(needs & HUB_NEED_HOURS_TENDERS)
             || each_row(c, l,
                         "SELECT r.stall_id, r.method, sum(r.amount)" OF_MARKET("roll_tender")
                         " GROUP BY 1, 2 ORDER BY 1, 2",
                         l->stall_index, p, tender_row, "reading tender rollups", error));
}

/* Day by day in the report period, summed in the others; the report period's hours. */
static gboolean load_days_hours(HubPgConn *c, Loader *l, const AnPeriod *periods,
                                guint n_periods, HubDatasetNeeds needs, GError **error)
{
  gboolean ok = each_row(c, l,
                         "SELECT r.stall_id, r.day, r.receipts, r.total" OF_MARKET("roll_day")
                         " ORDER BY 1, 2",
                         l->stall_index, periods[0], day_row, "reading day rollups", error);
  for (guint i = 1; ok && i < n_periods; i++)
    ok = each_row(c, l,
                  "SELECT r.stall_id, sum(r.receipts), sum(r.total)" OF_MARKET("roll_day")
                  " GROUP BY 1 ORDER BY 1",
                  l->stall_index, periods[i], total_row, "reading day rollups", error);
  if (!ok || !(needs & HUB_NEED_HOURS_TENDERS))
    return ok;
  return each_row(c, l,
                  "SELECT r.stall_id, extract(isodow FROM r.day::date)::int - 1, r.hour,"
                  " sum(r.revenue), sum(r.receipts)" OF_MARKET("roll_hour")
                  " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                  l->stall_index, periods[0], hour_row, "reading hour rollups", error);
}

AnDataset *hub_pg_dataset(HubStore *store, const char *market_code, const AnPeriod *periods,
                          guint n_periods, HubDatasetNeeds needs, GError **error)
{
  g_autoptr(GHashTable) stalls = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) refs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(AnDataset) ds = an_dataset_new();
  Loader l = {ds, stalls, refs, -1};
  HubPgConn *c = hub_pg_acquire(store, error);
  if (c == NULL)
    return NULL;
  gboolean ok = hub_pg_run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL,
                           "starting a read", error)
                && load_registry(c, &l, market_code, error);
  for (guint i = 0; ok && i < n_periods; i++)
    ok = load_period(c, &l, periods[i], needs, error);
  ok = ok && load_days_hours(c, &l, periods, n_periods, needs, error)
       && hub_pg_commit(c, error);
  if (!ok)
    hub_pg_rollback(c);
  hub_pg_release(store, c);
  if (!ok)
    return NULL;
  an_dataset_seal(ds);
  return g_steal_pointer(&ds);
}
