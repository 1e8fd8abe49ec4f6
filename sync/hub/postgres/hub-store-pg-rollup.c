/*
** hub-store-pg-rollup.c: a batch's rollups written out on PostgreSQL in
** one statement, one round trip.
**
** The figures come from the in-memory rollups every store shares
** (../internal/hub-rollup-int.h); what is PostgreSQL's is only how they
** reach the server.  Written as one upsert per key they were about forty
** round trips a batch (a stall's day touches a dozen lines, a few hours
** and tenders, each also a market row), and the server spent most of a
** batch waiting for the hub's next statement (docs/BENCHMARKS.md).  So
** each rollup goes as columns, one array per field ($3.. below), and a
** single statement unnests them and upserts every table in a writable
** CTE: the day tables row for row, the month twins and the cells of
** schema 2 (hub-store-pg.c) grouped from the same rows by the server.
**
** The guarantees stay those of the row-by-row writes: the statement runs
** inside the batch's transaction (all or nothing with its documents);
** every INSERT takes its rows in key order (ORDER BY), and the statement's
** sub-statements run in the same order every time, so two batches that
** touch the same market rows lock them in the same order and queue rather
** than deadlock; each table is written by exactly one sub-statement, so no
** row is changed twice by one command.
*/
#include "hub-store-pg.h"
#include <string.h>

/* The statement's array parameters, $3 onwards, in this order. */
enum {
  L_DAY, L_CODE, L_REVENUE, L_QTY, L_LINES, L_RECEIPTS,
  H_DAY, H_HOUR, H_REVENUE, H_RECEIPTS,
  T_DAY, T_METHOD, T_AMOUNT,
  D_DAY, D_SALES, D_VOIDS, D_REFUNDS, D_RECEIPTS, D_GROSS, D_DISCOUNTS, D_TOTAL,
  D_TAXABLE, D_SUPPLY, D_VAT, D_EXEMPT, D_SKEWED,
  N_COLUMNS
};
G_STATIC_ASSERT(N_COLUMNS + 2 <= HUB_PG_MAX_ARGS);

#define UPSERT_LINE \
  " DO UPDATE SET revenue = r.revenue + excluded.revenue," \
  " qty_milli = r.qty_milli + excluded.qty_milli, lines = r.lines + excluded.lines," \
  " receipts = r.receipts + excluded.receipts"
#define LINE_SUMS "sum(revenue), sum(qty), sum(n), sum(receipts)"
#define UPSERT_CELLS " DO UPDATE SET cells = hub_cells_add(r.cells, excluded.cells)"

static const char flush_sql[] =
  "WITH l AS (SELECT * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[],"
  "   $7::bigint[], $8::bigint[]) AS u(day, code, revenue, qty, n, receipts)),"
  " h AS (SELECT * FROM unnest($9::text[], $10::integer[], $11::bigint[], $12::bigint[])"
  "   AS u(day, hour, revenue, receipts)),"
  " t AS (SELECT * FROM unnest($13::text[], $14::text[], $15::bigint[]) AS u(day, method,"
  "   amount)),"
  " d AS (SELECT * FROM unnest($16::text[], $17::bigint[], $18::bigint[], $19::bigint[],"
  "   $20::bigint[], $21::bigint[], $22::bigint[], $23::bigint[], $24::bigint[],"
  "   $25::bigint[], $26::bigint[], $27::bigint[], $28::bigint[]) AS u(day, sales, voids,"
  "   refunds, receipts, gross, discounts, total, taxable, supply, vat, exempt, skewed)),"
  " w_line_day AS (INSERT INTO roll_line_day AS r SELECT $1, $2, day, code, revenue, qty,"
  "   n, receipts FROM l ORDER BY 3, 4"
  "   ON CONFLICT(market_id, stall_id, day, line_code)" UPSERT_LINE "),"
  " w_line_month AS (INSERT INTO roll_line_month AS r SELECT $1, $2, left(day, 7), code,"
  "   " LINE_SUMS " FROM l GROUP BY 3, 4 ORDER BY 3, 4"
  "   ON CONFLICT(market_id, stall_id, month, line_code)" UPSERT_LINE "),"
  " w_market_day AS (INSERT INTO roll_market_line_day AS r SELECT $1, day, code,"
  "   " LINE_SUMS " FROM l GROUP BY 2, 3 ORDER BY 2, 3"
  "   ON CONFLICT(market_id, day, line_code)" UPSERT_LINE "),"
  " w_market_month AS (INSERT INTO roll_market_line_month AS r SELECT $1, left(day, 7),"
  "   code, " LINE_SUMS " FROM l GROUP BY 2, 3 ORDER BY 2, 3"
  "   ON CONFLICT(market_id, month, line_code)" UPSERT_LINE "),"
  " w_hour AS (INSERT INTO roll_hour AS r SELECT $1, $2, day, hour, revenue, receipts"
  "   FROM h ORDER BY 3, 4 ON CONFLICT(market_id, stall_id, day, hour) DO UPDATE"
  "   SET revenue = r.revenue + excluded.revenue, receipts = r.receipts + excluded.receipts),"
  " w_heat_day AS (INSERT INTO roll_heat_day AS r SELECT $1, $2, day,"
  "   hub_cells_sum(24, hour, revenue, receipts) FROM h GROUP BY 3 ORDER BY 3"
  "   ON CONFLICT(market_id, stall_id, day)" UPSERT_CELLS "),"
  " w_heat_month AS (INSERT INTO roll_heat_month AS r SELECT $1, $2, left(day, 7),"
  "   hub_cells_sum(168, " HUB_PG_HEAT_CELL("day", "hour") ", revenue, receipts)"
  "   FROM h GROUP BY 3 ORDER BY 3 ON CONFLICT(market_id, stall_id, month)" UPSERT_CELLS "),"
  " w_tender AS (INSERT INTO roll_tender AS r SELECT $1, $2, day, method, amount FROM t"
  "   ORDER BY 3, 4 ON CONFLICT(market_id, stall_id, day, method) DO UPDATE"
  "   SET amount = r.amount + excluded.amount),"
  " w_tender_month AS (INSERT INTO roll_tender_month AS r SELECT $1, $2, left(day, 7),"
  "   method, sum(amount) FROM t GROUP BY 3, 4 ORDER BY 3, 4"
  "   ON CONFLICT(market_id, stall_id, month, method) DO UPDATE"
  "   SET amount = r.amount + excluded.amount),"
  " w_day AS (INSERT INTO roll_day AS r SELECT $1, $2, day, sales, voids, refunds, receipts,"
  "   gross, discounts, total, taxable, supply, vat, exempt, skewed FROM d ORDER BY 3"
  "   ON CONFLICT(market_id, stall_id, day) DO UPDATE SET"
  "   sales = r.sales + excluded.sales, voids = r.voids + excluded.voids,"
  "   refunds = r.refunds + excluded.refunds, receipts = r.receipts + excluded.receipts,"
  "   gross = r.gross + excluded.gross, discounts = r.discounts + excluded.discounts,"
  "   total = r.total + excluded.total, taxable = r.taxable + excluded.taxable,"
  "   supply = r.supply + excluded.supply, vat = r.vat + excluded.vat,"
  "   exempt = r.exempt + excluded.exempt, skewed = r.skewed + excluded.skewed)"
  " INSERT INTO roll_day_cells AS r SELECT $1, $2, left(day, 7),"
  "   hub_cells_sum(31, " HUB_PG_DAY_CELL("day") ", total, receipts) FROM d GROUP BY 3"
  "   ORDER BY 3 ON CONFLICT(market_id, stall_id, month)" UPSERT_CELLS;

/* One more element of an array literal: '{' first, ',' after. */
static void next_item(GString *a)
{
  g_string_append_c(a, a->len == 0 ? '{' : ',');
}

static void add_int(GString *a, int64_t v)
{
  next_item(a);
  g_string_append_printf(a, "%" G_GINT64_FORMAT, v);
}

/* Quoted, with the two characters an array literal escapes. */
static void add_text(GString *a, const char *text)
{
  next_item(a);
  g_string_append_c(a, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_c(a, '\\');
    g_string_append_c(a, *p);
  }
  g_string_append_c(a, '"');
}

/*
** The rows of one in-memory rollup in key order: the arrays then list them
** as the statement will lock them anyway, and the literal is the same for
** the same batch.
*/
static GPtrArray *sorted_rows(GHashTable *table)
{
  g_autoptr(GList) keys = g_hash_table_get_keys(table);
  keys = g_list_sort(keys, (GCompareFunc)strcmp);
  GPtrArray *rows = g_ptr_array_new();
  for (GList *k = keys; k; k = k->next)
    g_ptr_array_add(rows, g_hash_table_lookup(table, k->data));
  return rows;
}

static void line_columns(GString **col, GHashTable *table)
{
  g_autoptr(GPtrArray) rows = sorted_rows(table);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollLine *l = g_ptr_array_index(rows, i);
    add_text(col[L_DAY], l->day);
    add_text(col[L_CODE], l->code);
    add_int(col[L_REVENUE], l->revenue);
    add_int(col[L_QTY], l->qty);
    add_int(col[L_LINES], l->lines);
    add_int(col[L_RECEIPTS], l->receipts);
  }
}

static void hour_columns(GString **col, GHashTable *table)
{
  g_autoptr(GPtrArray) rows = sorted_rows(table);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollHour *h = g_ptr_array_index(rows, i);
    add_text(col[H_DAY], h->day);
    add_int(col[H_HOUR], h->hour);
    add_int(col[H_REVENUE], h->revenue);
    add_int(col[H_RECEIPTS], h->receipts);
  }
}

static void tender_columns(GString **col, GHashTable *table)
{
  g_autoptr(GPtrArray) rows = sorted_rows(table);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollTender *t = g_ptr_array_index(rows, i);
    add_text(col[T_DAY], t->day);
    add_text(col[T_METHOD], t->method);
    add_int(col[T_AMOUNT], t->amount);
  }
}

static void day_columns(GString **col, GHashTable *table)
{
  g_autoptr(GPtrArray) rows = sorted_rows(table);
  for (guint i = 0; i < rows->len; i++) {
    const HubRollDay *d = g_ptr_array_index(rows, i);
    const int64_t n[] = {d->sales, d->voids, d->refunds, d->receipts, d->gross, d->discounts,
                         d->total, d->taxable, d->supply, d->vat, d->exempt, d->skewed};
    G_STATIC_ASSERT(G_N_ELEMENTS(n) == D_SKEWED - D_DAY);
    add_text(col[D_DAY], d->day);
    for (guint k = 0; k < G_N_ELEMENTS(n); k++)
      add_int(col[D_SALES + k], n[k]);
  }
}

/*
** Every stored document adds a day row, so a batch without one (products,
** Z reports, repeats only) has nothing to roll up and sends nothing.  An
** empty rollup is sent as '{}', which unnests to no rows.  The statement
** goes out in the batch's last pipeline with the commit
** (hub-store-pg-ingest.c), so its argument texts are handed over in *keep.
*/
gboolean hub_pg_rollup_statement(int64_t market, int64_t stall, const HubRollup *rollup,
                                 HubPgStatement *st, GPtrArray **keep)
{
  *keep = NULL;
  if (g_hash_table_size(rollup->day) == 0)
    return FALSE;
  GString *col[N_COLUMNS];
  for (guint i = 0; i < N_COLUMNS; i++)
    col[i] = g_string_sized_new(256);
  line_columns(col, rollup->line);
  hour_columns(col, rollup->hour);
  tender_columns(col, rollup->tender);
  day_columns(col, rollup->day);
  memset(st, 0, sizeof *st);
  st->sql = flush_sql;
  hub_pg_arg_int(&st->args, market);
  hub_pg_arg_int(&st->args, stall);
  *keep = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < N_COLUMNS; i++) {
    g_string_append(col[i], col[i]->len == 0 ? "{}" : "}");
    char *text = g_string_free(col[i], FALSE);
    g_ptr_array_add(*keep, text);
    hub_pg_arg_text(&st->args, text);
  }
  return TRUE;
}
