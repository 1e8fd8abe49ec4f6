/*
** hub-store-pg-conn.c: the PostgreSQL store's plumbing: the pool of libpq
** connections (made lazily, re-made after the server dropped one),
** statements prepared once per connection and run with text parameters,
** the mapping of the server's SQLSTATEs to HUB_ERROR codes, rows for COPY,
** and the month partitions of the raw tables.  Everything the other files
** of the store say to the server goes through here (hub-store-pg.h).
*/
#include "hub-store-pg.h"
#include <string.h>

#define LOCK_PARTITION HUB_PG_LOCK_PARTITION

/* ---- Parameters and results ------------------------------------------------- */

void hub_pg_arg_text(HubPgArgs *args, const char *text)
{
  g_assert(args->n < HUB_PG_MAX_ARGS);
  args->values[args->n++] = text;
}

void hub_pg_arg_int(HubPgArgs *args, int64_t value)
{
  g_assert(args->n < HUB_PG_MAX_ARGS);
  g_snprintf(args->numbers[args->n], sizeof args->numbers[0], "%" G_GINT64_FORMAT, value);
  args->values[args->n] = args->numbers[args->n];
  args->n++;
}

/* Numbers come back as text; NULL reads as 0 as coalesce would. */
int64_t hub_pg_int(const PGresult *res, int row, int col)
{
  if (PQgetisnull(res, row, col))
    return 0;
  return g_ascii_strtoll(PQgetvalue(res, row, col), NULL, 10);
}

char *hub_pg_text(const PGresult *res, int row, int col)
{
  return PQgetisnull(res, row, col) ? NULL : g_strdup(PQgetvalue(res, row, col));
}

int64_t hub_pg_changes(PGresult *res)
{
  return g_ascii_strtoll(PQcmdTuples(res), NULL, 10);
}

/* ---- Errors ---------------------------------------------------------------- */

/*
** By SQLSTATE class: what a caller can act on gets its own code, the rest
** is DB.  A connection the server closed (class 08, an administrator's
** shutdown or pg_terminate_backend: 57P0x) is DB_UNREACHABLE, which the
** till reads as "try again later".
*/
static HubErrorCode map_sqlstate(const char *state)
{
  if (state == NULL)
    return HUB_ERROR_DB_UNREACHABLE;   /* no answer from the server at all */
  if (strcmp(state, "23505") == 0)
    return HUB_ERROR_EXISTS;
  if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0
      || strcmp(state, "55P03") == 0)
    return HUB_ERROR_BUSY;
  if (g_str_has_prefix(state, "08") || g_str_has_prefix(state, "57P"))
    return HUB_ERROR_DB_UNREACHABLE;
  if (g_str_has_prefix(state, "28"))
    return HUB_ERROR_DB_LOGIN;
  return HUB_ERROR_DB;
}

/* Always FALSE, so callers can `return hub_pg_fail(...)`. */
gboolean hub_pg_fail(HubPgConn *conn, PGresult *res, const char *what, GError **error)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *text = res ? PQresultErrorMessage(res) : "";
  if (text == NULL || *text == '\0')
    text = PQerrorMessage(conn->pg);
  HubErrorCode code = PQstatus(conn->pg) == CONNECTION_BAD ? HUB_ERROR_DB_UNREACHABLE
                                                            : map_sqlstate(state);
  g_autofree char *msg = g_strchomp(g_strdup(text));
  g_set_error(error, HUB_ERROR, code, "%s: %s", what, msg);
  return FALSE;
}

/* ---- Connections --------------------------------------------------------------- */

/* The server's notices (IF NOT EXISTS, ...) are for a log, not stderr. */
static void notice_quiet(void *arg G_GNUC_UNUSED, const char *message)
{
  g_debug("postgresql: %s", message);
}

void hub_pg_conn_free(HubPgConn *conn)
{
  if (conn == NULL)
    return;
  g_hash_table_unref(conn->prepared);
  PQfinish(conn->pg);
  g_free(conn);
}

/*
** What a failed connection was: libpq knows when a password was wanted
** and none given (PQconnectionNeedsPassword); a refused login and a
** missing database are known only from the server's message (in English
** unless the server's lc_messages says otherwise; then they fall to
** DB_UNREACHABLE, still with the server's words).  Anything else is a
** server that cannot be reached.
*/
static void connect_error(PGconn *pg, GError **error)
{
  /* libpq's hints go on indented lines of their own: one line for the CLI */
  g_autofree char *msg = g_strchomp(g_strdup(PQerrorMessage(pg)));
  g_strdelimit(msg, "\n\t", ' ');
  HubErrorCode code = HUB_ERROR_DB_UNREACHABLE;
  if (strstr(msg, "FATAL:  database \"") != NULL && strstr(msg, "does not exist") != NULL)
    code = HUB_ERROR_NOT_INITIALISED;
  else if (PQconnectionNeedsPassword(pg) || strstr(msg, "authentication failed") != NULL
           || strstr(msg, "FATAL:  role \"") != NULL)
    code = HUB_ERROR_DB_LOGIN;
  const char *hint = code == HUB_ERROR_NOT_INITIALISED
                       ? " (create it with createdb, then run 'market-hub init')" : "";
  g_set_error(error, HUB_ERROR, code, "connecting to PostgreSQL: %s%s", msg, hint);
}

/*
** One connection of the pool, the string expanded by libpq (dbname with
** expand_dbname); client_encoding is forced to UTF8 (names are Korean),
** the application name is only a default the string may change.
*/
static HubPgConn *conn_open(const char *conninfo, GError **error)
{
  const char *const keys[] = {"dbname", "client_encoding", "fallback_application_name",
                              NULL};
  const char *const values[] = {conninfo, "UTF8", "market-hub", NULL};
  PGconn *pg = PQconnectdbParams(keys, values, 1);
  if (pg == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB, "libpq is out of memory");
    return NULL;
  }
  if (PQstatus(pg) != CONNECTION_OK) {
    connect_error(pg, error);
    PQfinish(pg);
    return NULL;
  }
  PQsetNoticeProcessor(pg, notice_quiet, NULL);
  HubPgConn *conn = g_new0(HubPgConn, 1);
  conn->pg = pg;
  conn->prepared = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  return conn;
}

/*
** The backoff after a failed connect: doubling from HUB_PG_BACKOFF_MIN_US
** to HUB_PG_BACKOFF_MAX_US, reset by the first connect that works.  While
** the server is away, at most one connect per wait is tried by the whole
** pool; the others answer at once, which the HTTP side turns into 503
** with Retry-After.  libpq itself walks a multi-host string in order on
** every connect, so with target_session_attrs=read-write the first
** connect after a promotion finds the new primary.
*/
static gboolean connect_due(HubPgStore *ps, GError **error)
{
  g_mutex_lock(&ps->retry_lock);
  gint64 wait = ps->retry_at_us - g_get_monotonic_time();
  g_mutex_unlock(&ps->retry_lock);
  if (wait <= 0)
    return TRUE;
  g_set_error(error, HUB_ERROR, HUB_ERROR_DB_UNREACHABLE,
              "the database is unreachable; next connect in %" G_GINT64_FORMAT " ms",
              wait / G_TIME_SPAN_MILLISECOND + 1);
  return FALSE;
}

static void connect_outcome(HubPgStore *ps, gboolean ok)
{
  g_mutex_lock(&ps->retry_lock);
  if (ok) {
    ps->backoff_us = 0;
    ps->retry_at_us = 0;
  } else {
    ps->backoff_us = CLAMP(ps->backoff_us * 2, HUB_PG_BACKOFF_MIN_US, HUB_PG_BACKOFF_MAX_US);
    ps->retry_at_us = g_get_monotonic_time() + ps->backoff_us;
  }
  g_mutex_unlock(&ps->retry_lock);
}

/*
** Lazily up to max_conns: a command-line run uses one connection, a busy
** server grows to its pool size and then waits.  A connection that went
** bad (server restart, pg_terminate_backend, a primary lost) is reset
** here, when the backoff allows; the statements it had prepared died with
** the old session.  With wait FALSE, NULL (and no error) when every
** connection is taken and the pool is full.
*/
static HubPgConn *acquire(HubStore *store, gboolean wait, GError **error)
{
  HubPgStore *ps = hub_pg_store(store);
  HubPgConn *conn = g_async_queue_try_pop(ps->pool);
  if (conn == NULL) {
    gboolean grow = FALSE;
    g_async_queue_lock(ps->pool);
    if (ps->n_conns < ps->max_conns) {
      ps->n_conns++;
      grow = TRUE;
    }
    g_async_queue_unlock(ps->pool);
    if (grow) {
      gboolean due = connect_due(ps, error);
      gint generation = g_atomic_int_get(&ps->generation);
      conn = due ? conn_open(ps->conninfo, error) : NULL;
      if (conn != NULL)
        conn->generation = generation;
      if (due)
        connect_outcome(ps, conn != NULL);
      if (conn == NULL) {
        g_async_queue_lock(ps->pool);
        ps->n_conns--;
        g_async_queue_unlock(ps->pool);
      }
      return conn;
    }
    if (!wait)
      return NULL;
    conn = g_async_queue_pop(ps->pool);
  }
  gint generation = g_atomic_int_get(&ps->generation);
  if (conn->importing && PQstatus(conn->pg) != CONNECTION_OK) {
    /* the import's one transaction died with the session: re-made, the
    ** batches after it would each commit on their own */
    g_set_error(error, HUB_ERROR, HUB_ERROR_DB_UNREACHABLE,
                "the connection was lost during the import; nothing of it was committed");
    g_async_queue_push(ps->pool, conn);
    return NULL;
  }
  if (PQstatus(conn->pg) != CONNECTION_OK || conn->generation != generation) {
    if (!connect_due(ps, error)) {
      g_async_queue_push(ps->pool, conn);
      return NULL;
    }
    g_hash_table_remove_all(conn->prepared);
    PQreset(conn->pg);
    gboolean ok = PQstatus(conn->pg) == CONNECTION_OK;
    connect_outcome(ps, ok);
    if (ok)
      conn->generation = generation;
    if (!ok) {
      connect_error(conn->pg, error);
      g_async_queue_push(ps->pool, conn);
      return NULL;
    }
  }
  return conn;
}

HubPgConn *hub_pg_acquire(HubStore *store, GError **error)
{
  return acquire(store, TRUE, error);
}

HubPgConn *hub_pg_try_acquire(HubStore *store, GError **error)
{
  return acquire(store, FALSE, error);
}

/*
** Back to the front: the connection used last has the warmest caches.  A
** connection that came back lost says the server went away (a restart, a
** failover), and then its idle siblings are as dead, only not yet told:
** the generation moves on and every older connection is re-made when next
** taken, so one failed request refreshes the pool, not one per connection.
** Only the first to see the loss moves it (compare and exchange), so a
** burst of failures moves it once.
*/
void hub_pg_release(HubStore *store, HubPgConn *conn)
{
  if (conn == NULL)
    return;
  HubPgStore *ps = hub_pg_store(store);
  if (PQstatus(conn->pg) != CONNECTION_OK)
    g_atomic_int_compare_and_exchange(&ps->generation, conn->generation,
                                      conn->generation + 1);
  g_async_queue_push_front(ps->pool, conn);
}

/*
** Statements are prepared on first use on each connection and named by a
** counter; the SQL literal's address is the key, as in the SQLite store.
** hub_pg_exec and hub_pg_exec_binary differ only in the results' format
** (0 text, 1 binary).
*/
static PGresult *exec_as(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                         int result_format, const char *what, GError **error)
{
  const char *name = g_hash_table_lookup(conn->prepared, sql);
  if (name == NULL) {
    g_autofree char *fresh =
      g_strdup_printf("mhub%u", g_hash_table_size(conn->prepared) + 1);
    PGresult *res = PQprepare(conn->pg, fresh, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      hub_pg_fail(conn, res, what, error);
      PQclear(res);
      return NULL;
    }
    PQclear(res);
    name = fresh;
    g_hash_table_insert(conn->prepared, (gpointer)sql, g_steal_pointer(&fresh));
  }
  PGresult *res = PQexecPrepared(conn->pg, name, args ? args->n : 0,
                                 args ? args->values : NULL, NULL, NULL, result_format);
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    hub_pg_fail(conn, res, what, error);
    PQclear(res);
    return NULL;
  }
  return res;
}

PGresult *hub_pg_exec(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                      const char *what, GError **error)
{
  return exec_as(conn, sql, args, 0, what, error);
}

PGresult *hub_pg_exec_binary(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                             const char *what, GError **error)
{
  return exec_as(conn, sql, args, 1, what, error);
}

/*
** One result of a pipeline, and the NULL that ends it.  The first failure
** becomes the error; a statement the server skipped after it
** (PIPELINE_ABORTED) adds nothing.  FALSE when the connection gave no
** result at all: then nothing more can be read.
*/
static gboolean pipeline_result(HubPgConn *conn, PGresult **out, const char *what,
                                GError **first)
{
  PGresult *res = PQgetResult(conn->pg);
  if (res == NULL) {
    if (*first == NULL)
      hub_pg_fail(conn, NULL, what, first);
    return FALSE;
  }
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    if (*first == NULL && st != PGRES_PIPELINE_ABORTED)
      hub_pg_fail(conn, res, what, first);
    else if (*first == NULL)
      g_set_error(first, HUB_ERROR, HUB_ERROR_DB, "%s: a statement was skipped", what);
    PQclear(res);
    res = NULL;
  }
  if (out)
    *out = res;
  else
    PQclear(res);
  PQclear(PQgetResult(conn->pg));   /* the NULL after each statement's result */
  return TRUE;
}

/*
** The statements go out together, each prepared first when this
** connection has not prepared it yet, with one Sync at the end; then the
** results are read in order.  A statement whose Parse succeeded is
** remembered as prepared whatever happened after it (prepared statements
** outlive a failed transaction on the server, and its name must not be
** used twice).
*/
gboolean hub_pg_pipeline(HubPgConn *conn, HubPgStatement *stmts, guint n, const char *what,
                         GError **error)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func(g_free);  /* names made here */
  g_autofree const char **names = g_new0(const char *, n);
  g_autofree gboolean *parse = g_new0(gboolean, n);
  for (guint i = 0; i < n; i++)
    stmts[i].result = NULL;
  if (PQenterPipelineMode(conn->pg) != 1)
    return hub_pg_fail(conn, NULL, what, error);
  gboolean sent = TRUE;
  for (guint i = 0; sent && i < n; i++) {
    names[i] = g_hash_table_lookup(conn->prepared, stmts[i].sql);
    for (guint j = 0; names[i] == NULL && j < i; j++)
      if (parse[j] && stmts[j].sql == stmts[i].sql)
        names[i] = names[j];
    if (names[i] == NULL) {
      char *name = g_strdup_printf("mhub%u", g_hash_table_size(conn->prepared) + fresh->len + 1);
      g_ptr_array_add(fresh, name);
      names[i] = name;
      parse[i] = TRUE;
      sent = PQsendPrepare(conn->pg, name, stmts[i].sql, 0, NULL) == 1;
    }
    const HubPgArgs *a = &stmts[i].args;
    sent = sent && PQsendQueryPrepared(conn->pg, names[i], a->n, a->values, NULL, NULL,
                                       stmts[i].result_format) == 1;
  }
  sent = sent && PQpipelineSync(conn->pg) == 1;
  GError *first = NULL;
  if (!sent)
    hub_pg_fail(conn, NULL, what, &first);
  gboolean reading = sent;
  for (guint i = 0; reading && i < n; i++) {
    if (parse[i]) {
      PGresult *prepared = NULL;
      reading = pipeline_result(conn, &prepared, what, &first);
      if (prepared != NULL) {
        guint k = 0;
        while (g_ptr_array_index(fresh, k) != names[i])
          k++;
        g_hash_table_insert(conn->prepared, (gpointer)stmts[i].sql,
                            g_steal_pointer(&g_ptr_array_index(fresh, k)));
        PQclear(prepared);
      }
    }
    reading = reading && pipeline_result(conn, &stmts[i].result, what, &first);
  }
  if (reading) {
    PGresult *sync = PQgetResult(conn->pg);
    if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC && first == NULL)
      hub_pg_fail(conn, NULL, what, &first);
    PQclear(sync);
  }
  if (PQexitPipelineMode(conn->pg) != 1 && first == NULL)
    hub_pg_fail(conn, NULL, what, &first);
  if (first == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    g_clear_pointer(&stmts[i].result, PQclear);
  g_propagate_error(error, first);
  return FALSE;
}

gboolean hub_pg_run(HubPgConn *conn, const char *sql, const HubPgArgs *args,
                    const char *what, GError **error)
{
  PGresult *res = hub_pg_exec(conn, sql, args, what, error);
  PQclear(res);
  return res != NULL;
}

/* Transaction control and DDL: constant text without parameters. */
gboolean hub_pg_exec_plain(HubPgConn *conn, const char *sql, const char *what,
                           GError **error)
{
  PGresult *res = PQexec(conn->pg, sql);
  gboolean ok = PQresultStatus(res) == PGRES_COMMAND_OK
                || PQresultStatus(res) == PGRES_TUPLES_OK;
  if (!ok)
    hub_pg_fail(conn, res, what, error);
  PQclear(res);
  return ok;
}

gboolean hub_pg_begin(HubPgConn *conn, GError **error)
{
  if (conn->importing)
    return hub_pg_exec_plain(conn, "SAVEPOINT batch", "starting a batch", error);
  return hub_pg_exec_plain(conn, "BEGIN", "starting a transaction", error);
}

gboolean hub_pg_commit(HubPgConn *conn, GError **error)
{
  if (conn->importing)
    return hub_pg_exec_plain(conn, "RELEASE SAVEPOINT batch", "ending a batch", error);
  return hub_pg_exec_plain(conn, "COMMIT", "committing", error);
}

/* Only inside a transaction, and quietly: the error that led here matters. */
void hub_pg_rollback(HubPgConn *conn)
{
  if (PQstatus(conn->pg) != CONNECTION_OK || PQtransactionStatus(conn->pg) == PQTRANS_IDLE)
    return;
  PQclear(PQexec(conn->pg, conn->importing ? "ROLLBACK TO SAVEPOINT batch" : "ROLLBACK"));
}

/* ---- Bulk rows ---------------------------------------------------------------------- */

/*
** The runs between characters COPY escapes go in whole (the stored JSON is
** most of a batch's bytes and has none of them), and numbers are written
** by hand rather than through printf: together about a tenth of the hub's
** CPU per sale before (perf, docs/BENCHMARKS.md).
*/
void hub_pg_copy_text(GString *rows, const char *text, gboolean last)
{
  if (text == NULL) {
    g_string_append(rows, "\\N");
  } else {
    const char *p = text;
    for (;;) {
      size_t run = strcspn(p, "\\\t\n\r");
      g_string_append_len(rows, p, (gssize)run);
      p += run;
      if (*p == '\0')
        break;
      char esc = *p == '\\' ? '\\' : *p == '\t' ? 't' : *p == '\n' ? 'n' : 'r';
      g_string_append_c(rows, '\\');
      g_string_append_c(rows, esc);
      p++;
    }
  }
  g_string_append_c(rows, last ? '\n' : '\t');
}

void hub_pg_copy_int(GString *rows, int64_t value, gboolean last)
{
  char buf[24];
  char *end = buf + sizeof buf, *p = end;
  /* the magnitude as unsigned: -INT64_MIN does not fit an int64 */
  guint64 v = value < 0 ? 0 - (guint64)value : (guint64)value;
  *--p = last ? '\n' : '\t';
  do {
    *--p = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len(rows, p, end - p);
}

/*
** COPY is the fastest way to load rows: one statement, one stream, the
** rows routed to their partitions by the server.  A failure (a unique key
** taken meanwhile, the connection lost) fails the COPY and with it the
** caller's transaction.
*/
gboolean hub_pg_copy(HubPgConn *conn, const char *sql, const GString *rows, const char *what,
                     GError **error)
{
  PGresult *res = PQexec(conn->pg, sql);
  if (PQresultStatus(res) != PGRES_COPY_IN) {
    hub_pg_fail(conn, res, what, error);
    PQclear(res);
    return FALSE;
  }
  PQclear(res);
  gboolean sent = PQputCopyData(conn->pg, rows->str, (int)rows->len) == 1
                  && PQputCopyEnd(conn->pg, NULL) == 1;
  gboolean ok = sent;
  gboolean reported = FALSE;
  while ((res = PQgetResult(conn->pg)) != NULL) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && !reported) {
      hub_pg_fail(conn, res, what, error);
      reported = TRUE;
      ok = FALSE;
    }
    PQclear(res);
  }
  if (!sent && !reported)
    hub_pg_fail(conn, NULL, what, error);
  return ok;
}

void hub_pg_array_text(GString *out, const char *const *items, guint n)
{
  g_string_append_c(out, '{');
  for (guint i = 0; i < n; i++) {
    g_string_append(out, i ? ",\"" : "\"");
    for (const char *p = items[i]; *p; p++) {
      if (*p == '"' || *p == '\\')
        g_string_append_c(out, '\\');
      g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
  }
  g_string_append_c(out, '}');
}

/* ---- Partitions ------------------------------------------------------------------- */

/* The raw tables partitioned by month, and the column each is split on. */
static const char *const partitioned[] = {"event", "doc", "doc_line", "doc_tender"};

/*
** DDL cannot take parameters, so the month is checked digit by digit
** before it becomes part of a table name and a bound.
*/
gboolean hub_pg_partition_ensure(HubPgConn *conn, const char *day, GError **error)
{
  if (day == NULL || strlen(day) < 7 || !g_ascii_isdigit(day[0]) || !g_ascii_isdigit(day[1])
      || !g_ascii_isdigit(day[2]) || !g_ascii_isdigit(day[3]) || day[4] != '-'
      || !g_ascii_isdigit(day[5]) || !g_ascii_isdigit(day[6])) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "not a day: %s", day ? day : "");
    return FALSE;
  }
  int year = (int)g_ascii_strtoll(day, NULL, 10);
  int month = (int)g_ascii_strtoll(day + 5, NULL, 10);
  if (month < 1 || month > 12) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "not a day: %s", day);
    return FALSE;
  }
  int next_year = month == 12 ? year + 1 : year, next_month = month == 12 ? 1 : month + 1;
  if (!hub_pg_exec_plain(conn, "SELECT pg_advisory_xact_lock(" LOCK_PARTITION ")",
                  "locking the partitions", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(partitioned); i++) {
    g_autofree char *ddl = g_strdup_printf(
      "CREATE TABLE IF NOT EXISTS %s_p%04d%02d PARTITION OF %s"
      " FOR VALUES FROM ('%04d-%02d-01') TO ('%04d-%02d-01')",
      partitioned[i], year, month, partitioned[i], year, month, next_year, next_month);
    if (!hub_pg_exec_plain(conn, ddl, "creating a month partition", error))
      return FALSE;
  }
  return TRUE;
}

