/*
** hub-store-sqlite-rollup.c: a batch's in-memory rollups
** (../internal/hub-rollup-int.h) written into the SQLite store's rollup
** tables, inside the batch's transaction (hub-store-sqlite-ingest.c).
**
** Rollup tables (what the analytics module reads, and only that):
** roll_line_day, roll_hour, roll_tender and roll_day, one row per stall
** and day of each in-memory row.  Lines and tenders have a month twin
** (roll_line_month, roll_tender_month), the hours are also kept as heatmap
** cells per day and per month (roll_heat_day, roll_heat_month: hub-cells.h)
** and the days as daily cells per month (roll_day_cells), and lines are
** also summed per market (roll_market_line_day and _month), all flushed
** together.  Each is an upsert of one row per key the batch touched, so a
** batch costs what it changed, not what the tables hold.
*/
#include "hub-store-sqlite.h"
#include "hub-cells.h"

/*
** Each in-memory row is added to its day table and, for lines and tenders,
** to the month twin of schema 3 (and lines to the market's tables too)
** with the same bindings:
** ?1 the stall, ?2 the business day, then the figures.  The month
** statements derive their key from ?2 (substr), once per upserted row, so
** one binder serves every table.
*/
typedef void (*RollBind)(sqlite3_stmt *st, const void *row);

static gboolean upsert_all(HubConn *c, const char *const *sql, guint n, int64_t stall,
                           const char *day, RollBind bind, const void *row, const char *what,
                           GError **error)
{
  for (guint i = 0; i < n; i++) {
    sqlite3_stmt *st = hub_sq_stmt(c, sql[i], error);
    if (st == NULL)
      return FALSE;
    sqlite3_bind_int64(st, 1, stall);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
    bind(st, row);
    if (!hub_sq_done(c, st, what, error))
      return FALSE;
  }
  return TRUE;
}

#define LINE_SET " ON CONFLICT DO UPDATE SET revenue = revenue + ?4,"                   \
                 " qty_milli = qty_milli + ?5, lines = lines + ?6, receipts = receipts + ?7"
/* the market's own line is the city reference of every other market's report */
static const char *const line_sql[] = {
  "INSERT INTO roll_line_day VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)" LINE_SET,
  "INSERT INTO roll_line_month VALUES(?1, substr(?2, 1, 7), ?3, ?4, ?5, ?6, ?7)" LINE_SET,
  "INSERT INTO roll_market_line_day"
  " SELECT market_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM stall WHERE id = ?1" LINE_SET,
  "INSERT INTO roll_market_line_month"
  " SELECT market_id, substr(?2, 1, 7), ?3, ?4, ?5, ?6, ?7 FROM stall WHERE id = ?1" LINE_SET,
};

static void bind_line(sqlite3_stmt *st, const void *row)
{
  const HubRollLine *l = row;
  sqlite3_bind_text(st, 3, l->code, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, l->revenue);
  sqlite3_bind_int64(st, 5, l->qty);
  sqlite3_bind_int64(st, 6, l->lines);
  sqlite3_bind_int64(st, 7, l->receipts);
}

static const char *const hour_sql[] = {
  "INSERT INTO roll_hour VALUES(?1, ?2, ?3, ?4, ?5)"
  " ON CONFLICT DO UPDATE SET revenue = revenue + ?4, receipts = receipts + ?5",
};

static void bind_hour(sqlite3_stmt *st, const void *row)
{
  const HubRollHour *h = row;
  sqlite3_bind_int(st, 3, h->hour);
  sqlite3_bind_int64(st, 4, h->revenue);
  sqlite3_bind_int64(st, 5, h->receipts);
}

/* The cells of a day or month key, zeroed on first use. */
static int64_t *cells_slot(GHashTable *t, const char *key, guint pairs)
{
  int64_t *cells = g_hash_table_lookup(t, key);
  if (cells == NULL) {
    cells = g_new0(int64_t, 2 * pairs);
    g_hash_table_insert(t, g_strdup(key), cells);
  }
  return cells;
}

/* Adds (amount, count) to pair i. */
static void cells_put(int64_t *cells, gsize i, int64_t amount, int64_t count)
{
  cells[2 * i] += amount;
  cells[2 * i + 1] += count;
}

/*
** Every key's cells added to its row (hub-cells.h: cells_add on conflict),
** one upsert per day or month the batch touched.
*/
static gboolean cells_upsert_all(HubConn *c, const char *sql, int64_t stall, GHashTable *keys,
                                 guint pairs, GError **error)
{
  guint8 blob[HUB_CELLS_MAX_PAIRS * 2 * 8];
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, keys);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    sqlite3_stmt *st = hub_sq_stmt(c, sql, error);
    if (st == NULL)
      return FALSE;
    hub_cells_encode(v, 2 * pairs, blob);
    sqlite3_bind_int64(st, 1, stall);
    sqlite3_bind_text(st, 2, k, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, blob, (int)(16 * pairs), SQLITE_STATIC);
    if (!hub_sq_done(c, st, "rolling up cells", error))
      return FALSE;
  }
  return TRUE;
}

/* A rollup's business day, checked once more before it becomes a key. */
static gboolean parse_day(const char *text, AnDay *day, GError **error)
{
  if (an_day_parse(text, day))
    return TRUE;
  g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "business day %s", text);
  return FALSE;
}

/*
** The batch's hours and days as cells (schema 3): the heatmap per day (24
** hours) and per month (7 weekdays x 24 hours), the daily totals per month
** (31 days).  A batch of one stall's day is then three upserts, however
** many hours it held.
*/
static gboolean flush_cells(HubConn *c, int64_t stall, HubRollup *r, GError **error)
{
  g_autoptr(GHashTable) heat_days = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) heat_months = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) day_months = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter it;
  gpointer v;
  char month[8];
  AnDay day;
  g_hash_table_iter_init(&it, r->hour);
  while (g_hash_table_iter_next(&it, NULL, &v)) {
    const HubRollHour *h = v;
    if (!parse_day(h->day, &day, error))
      return FALSE;
    g_strlcpy(month, h->day, sizeof month);
    cells_put(cells_slot(heat_days, h->day, HUB_HEAT_DAY_PAIRS), (gsize)h->hour, h->revenue,
              h->receipts);
    cells_put(cells_slot(heat_months, month, HUB_HEAT_MONTH_PAIRS),
              (gsize)an_day_weekday(day) * 24 + (gsize)h->hour, h->revenue, h->receipts);
  }
  g_hash_table_iter_init(&it, r->day);
  while (g_hash_table_iter_next(&it, NULL, &v)) {
    const HubRollDay *d = v;
    int y, m, mday;
    if (!parse_day(d->day, &day, error))
      return FALSE;
    mb_day_civil(day, &y, &m, &mday);
    g_strlcpy(month, d->day, sizeof month);
    cells_put(cells_slot(day_months, month, HUB_DAY_CELLS_PAIRS), (gsize)mday - 1, d->total,
              d->receipts);
  }
  return cells_upsert_all(c, "INSERT INTO roll_heat_day VALUES(?1, ?2, ?3)"
                             " ON CONFLICT DO UPDATE SET cells = cells_add(cells, excluded.cells)",
                          stall, heat_days, HUB_HEAT_DAY_PAIRS, error)
         && cells_upsert_all(c, "INSERT INTO roll_heat_month VALUES(?1, ?2, ?3)"
                                " ON CONFLICT DO UPDATE SET cells = cells_add(cells, excluded.cells)",
                             stall, heat_months, HUB_HEAT_MONTH_PAIRS, error)
         && cells_upsert_all(c, "INSERT INTO roll_day_cells VALUES(?1, ?2, ?3)"
                                " ON CONFLICT DO UPDATE SET cells = cells_add(cells, excluded.cells)",
                             stall, day_months, HUB_DAY_CELLS_PAIRS, error);
}

#define TENDER_SET " ON CONFLICT DO UPDATE SET amount = amount + ?4"
static const char *const tender_sql[] = {
  "INSERT INTO roll_tender VALUES(?1, ?2, ?3, ?4)" TENDER_SET,
  "INSERT INTO roll_tender_month VALUES(?1, substr(?2, 1, 7), ?3, ?4)" TENDER_SET,
};

static void bind_tender(sqlite3_stmt *st, const void *row)
{
  const HubRollTender *t = row;
  sqlite3_bind_text(st, 3, t->method, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, t->amount);
}

#define DAY_VALUES "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"               \
  " ON CONFLICT DO UPDATE SET sales = sales + ?3, voids = voids + ?4,"                     \
  " refunds = refunds + ?5, receipts = receipts + ?6, gross = gross + ?7,"                 \
  " discounts = discounts + ?8, total = total + ?9, taxable = taxable + ?10,"             \
  " supply = supply + ?11, vat = vat + ?12, exempt = exempt + ?13, skewed = skewed + ?14"
static const char *const day_sql[] = {
  "INSERT INTO roll_day VALUES(?1, ?2, " DAY_VALUES,
};

static void bind_day(sqlite3_stmt *st, const void *row)
{
  const HubRollDay *d = row;
  const int64_t n[] = {d->sales, d->voids, d->refunds, d->receipts, d->gross, d->discounts,
                       d->total, d->taxable, d->supply, d->vat, d->exempt, d->skewed};
  for (int i = 0; i < (int)G_N_ELEMENTS(n); i++)
    sqlite3_bind_int64(st, 3 + i, n[i]);
}

/* Every row of one in-memory table into its rollup tables. */
static gboolean flush_table(HubConn *c, int64_t stall, GHashTable *rows, const char *const *sql,
                            guint n, RollBind bind, const char *what, GError **error)
{
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init(&it, rows);
  while (g_hash_table_iter_next(&it, NULL, &v))
    /* every Roll* row starts with its day */
    if (!upsert_all(c, sql, n, stall, (const char *)v, bind, v, what, error))
      return FALSE;
  return TRUE;
}

gboolean hub_sq_rollup_flush(HubConn *c, int64_t stall, HubRollup *r, GError **error)
{
  return flush_table(c, stall, r->line, line_sql, G_N_ELEMENTS(line_sql), bind_line,
                     "rolling up lines", error)
         && flush_table(c, stall, r->hour, hour_sql, G_N_ELEMENTS(hour_sql), bind_hour,
                        "rolling up hours", error)
         && flush_table(c, stall, r->tender, tender_sql, G_N_ELEMENTS(tender_sql), bind_tender,
                        "rolling up tenders", error)
         && flush_table(c, stall, r->day, day_sql, G_N_ELEMENTS(day_sql), bind_day,
                        "rolling up days", error)
         && flush_cells(c, stall, r, error);
}
