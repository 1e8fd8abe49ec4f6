/*
** hub-store-pg-stats.c: the planner's statistics of a PostgreSQL hub,
** right from the start instead of whenever autovacuum comes by.
**
** The ingest finds its rows by key (the documents a batch names in
** doc_key, its event ids in event_key) with plans made once per
** connection.  Until a table has been analysed with rows in it, the
** planner has no idea that doc_id is nearly unique: `doc_id = ANY(200
** ids)` is then estimated to match most of the table, the plan is a
** sequential scan, and a generic plan keeps it until an ANALYZE
** invalidates it (77 ms a batch at 40,000 documents, docs/BENCHMARKS.md).
** Autovacuum analyses a table a minute or more after it grew, which is
** too late for a hub that starts taking batches at once.  So:
**   - after init and after every migration the whole database is
**     analysed (its tables are empty or just rewritten: cheap);
**   - after `market-hub migrate --to postgresql://...` the copy is
**     vacuumed and analysed (visibility map and hint bits set, so the
**     first reports neither write nor visit the heap for them);
**   - a hub that opens a database whose doc_key has no column statistics
**     yet analyses doc_key and event_key itself once it has stored
**     HUB_PG_ANALYZE_AFTER events, outside any batch's transaction: from
**     then on the statistics say "one row per id" (n_distinct is kept as
**     a fraction of the rows, so it stays right as the table grows) and
**     every plan of the lookups is an index scan.
** A failed ANALYZE changes no data: it is reported, the batch already
** committed stays, and the count starts again.
*/
#include "hub-store-pg.h"

/* Whole-database statistics, outside a transaction (init, migrations). */
gboolean hub_pg_analyze_all(HubPgConn *conn, GError **error)
{
  return hub_pg_exec_plain(conn, "ANALYZE", "analysing the tables", error);
}

/* After a bulk copy: VACUUM cannot run in a transaction, so the copy is committed by now. */
gboolean hub_pg_vacuum_analyze_all(HubPgConn *conn, GError **error)
{
  return hub_pg_exec_plain(conn, "VACUUM (ANALYZE)", "vacuuming the copy", error);
}

/*
** At open: arms the count when doc_key has no statistics for doc_id (a
** fresh hub, or one never analysed), leaves it at 0 otherwise.
*/
gboolean hub_pg_stats_open(HubPgStore *ps, HubPgConn *conn, GError **error)
{
  PGresult *res = hub_pg_exec(conn,
                              "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema()"
                              " AND tablename = 'doc_key' AND attname = 'doc_id'",
                              NULL, "reading the statistics", error);
  if (res == NULL)
    return FALSE;
  gboolean missing = hub_pg_int(res, 0, 0) == 0;
  PQclear(res);
  g_atomic_int_set(&ps->events_to_analyze, missing ? HUB_PG_ANALYZE_AFTER : 0);
  return TRUE;
}

/*
** After a committed batch of n events: the one caller that brings the
** count to zero analyses the lookup tables (the others go on).  Its
** error is only logged: the batch is stored, and the count is re-armed.
*/
void hub_pg_stats_ingested(HubPgStore *ps, HubPgConn *conn, guint n)
{
  if (n == 0 || g_atomic_int_get(&ps->events_to_analyze) <= 0)
    return;
  gint before = g_atomic_int_add(&ps->events_to_analyze, -(gint)n);
  if (before <= 0 || before > (gint)n)
    return;
  g_autoptr(GError) error = NULL;
  if (!hub_pg_exec_plain(conn, "ANALYZE doc_key, event_key", "analysing the lookups", &error)) {
    g_warning("%s", error->message);
    g_atomic_int_set(&ps->events_to_analyze, HUB_PG_ANALYZE_AFTER);
  }
}
