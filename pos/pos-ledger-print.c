/*
** pos-ledger-print.c: the print queue and the drawer log in the ledger.
**
** Devices fail in ways the ledger must outlive: a receipt printer runs out
** of paper in the middle of a rush, a network printer is switched off.
** The queue is the answer: the finished ESC/POS stream is stored before
** the printer is tried, each attempt is recorded with the error's stable
** code, and a job leaves the queue only once a printer took it whole and
** said it was well.  Storing the bytes, not the recipe, means a retry
** prints exactly what the merchant saw at the sale, whatever the settings
** became since.
**
** The drawer log is append-only (a trigger refuses deletes): every opening
** that was not part of a cash sale has a reason, for the day's cash count.
*/
#include "pos-int.h"
#include <string.h>

static const char *const kind_names[] = {
  [POS_PRINT_RECEIPT] = "receipt",
  [POS_PRINT_ZREPORT] = "zreport",
  [POS_PRINT_TEST] = "test",
};

const char *pos_print_kind_name(PosPrintKind kind)
{
  return (unsigned)kind < G_N_ELEMENTS(kind_names) ? kind_names[kind] : "receipt";
}

/* The kind of a stored name; the schema's CHECK allows no other. */
static PosPrintKind kind_parse(const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS(kind_names); i++)
    if (name != NULL && strcmp(name, kind_names[i]) == 0)
      return (PosPrintKind)i;
  return POS_PRINT_RECEIPT;
}

void pos_print_job_free(PosPrintJob *job)
{
  if (job == NULL)
    return;
  g_free(job->ref);
  g_free(job->printer);
  g_clear_pointer(&job->bytes, g_bytes_unref);
  g_free(job->last_code);
  g_free(job->last_message);
  g_free(job);
}

#define JOB_COLUMNS                                                                        \
  "SELECT id, kind, ref, printer, bytes, created_ms, state = 'printed', attempts,"         \
  " last_code, last_message FROM print_job"

/* One row of JOB_COLUMNS as a job. */
static gpointer job_from_row(sqlite3_stmt *st)
{
  PosPrintJob *job = g_new0(PosPrintJob, 1);
  job->id = sqlite3_column_int64(st, 0);
  job->kind = kind_parse((const char *)sqlite3_column_text(st, 1));
  job->ref = pos_col_strdup(st, 2);
  job->printer = pos_col_strdup(st, 3);
  job->bytes = g_bytes_new(sqlite3_column_blob(st, 4), (gsize)sqlite3_column_bytes(st, 4));
  job->created_ms = sqlite3_column_int64(st, 5);
  job->printed = sqlite3_column_int(st, 6) != 0;
  job->attempts = sqlite3_column_int(st, 7);
  job->last_code = pos_col_strdup(st, 8);
  job->last_message = pos_col_strdup(st, 9);
  return job;
}

/*
** A single INSERT is its own transaction in SQLite, so the job is durable
** when this returns: a crash before the printer is tried keeps it queued.
*/
gboolean pos_ledger_print_enqueue(PosLedger *ledger, PosPrintKind kind, const char *ref,
                                  const char *printer, GBytes *bytes, int64_t *id,
                                  GError **error)
{
  gsize size = bytes ? g_bytes_get_size(bytes) : 0;
  if (size == 0 || ref == NULL || printer == NULL) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "a print job needs bytes, a reference and a printer");
    return FALSE;
  }
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "INSERT INTO print_job(kind, ref, printer, bytes, created_ms)"
            " VALUES(?1, ?2, ?3, ?4, ?5)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, pos_print_kind_name(kind), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, printer, -1, SQLITE_STATIC);
  sqlite3_bind_blob64(st, 4, g_bytes_get_data(bytes, NULL), size, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, pos_now_ms());
  if (!pos_ledger_step_done(ledger, st, "queueing a print job", error))
    return FALSE;
  if (id != NULL)
    *id = sqlite3_last_insert_rowid(ledger->db);
  return TRUE;
}

GPtrArray *pos_ledger_print_queued(PosLedger *ledger, GError **error)
{
  sqlite3_stmt *st =
    pos_ledger_stmt(ledger, JOB_COLUMNS " WHERE state = 'queued' ORDER BY id", error);
  if (st == NULL)
    return NULL;
  return pos_ledger_list(ledger, st, job_from_row, (GDestroyNotify)pos_print_job_free,
                         "reading the print queue", error);
}

PosPrintJob *pos_ledger_print_job(PosLedger *ledger, int64_t id, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(ledger, JOB_COLUMNS " WHERE id = ?1", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64(st, 1, id);
  g_autoptr(GPtrArray) rows = pos_ledger_list(ledger, st, job_from_row,
                                              (GDestroyNotify)pos_print_job_free,
                                              "reading a print job", error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no print job %lld", (long long)id);
    return NULL;
  }
  return g_ptr_array_steal_index(rows, 0);
}

/*
** The WHERE on state makes a second "printed" for one job a STATE error
** rather than a silent double count: two tills retrying the same queue
** cannot both claim it.
*/
gboolean pos_ledger_print_attempt(PosLedger *ledger, int64_t id, gboolean printed,
                                  const char *code, const char *message, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "UPDATE print_job SET attempts = attempts + 1,"
            " state = CASE WHEN ?2 THEN 'printed' ELSE 'queued' END,"
            " printed_ms = CASE WHEN ?2 THEN ?3 END, last_code = ?4, last_message = ?5"
            " WHERE id = ?1 AND state = 'queued'", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, printed ? 1 : 0);
  sqlite3_bind_int64(st, 3, pos_now_ms());
  sqlite3_bind_text(st, 4, printed ? NULL : code, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, printed ? NULL : message, -1, SQLITE_STATIC);
  if (!pos_ledger_step_done(ledger, st, "recording a print attempt", error))
    return FALSE;
  if (sqlite3_changes(ledger->db) == 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_STATE, "print job %lld is not queued",
                (long long)id);
    return FALSE;
  }
  return TRUE;
}

gboolean pos_ledger_print_seen(PosLedger *ledger, PosPrintKind kind, const char *ref,
                               gboolean *before, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "SELECT count(*) FROM print_job WHERE kind = ?1 AND ref = ?2", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, pos_print_kind_name(kind), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  *before = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
  sqlite3_reset(st);
  if (rc != SQLITE_ROW)
    return pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading the print queue",
                       error);
  return TRUE;
}

gboolean pos_ledger_drawer_log(PosLedger *ledger, const char *reason, const char *ref,
                               GError **error)
{
  if (reason == NULL || *reason == '\0' || strlen(reason) > 200
      || !g_utf8_validate(reason, -1, NULL)) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "opening the drawer needs a reason of 1-200 bytes of UTF-8");
    return FALSE;
  }
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "INSERT INTO drawer_open(at_ms, reason, ref) VALUES(?1, ?2, ?3)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_int64(st, 1, pos_now_ms());
  sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
  return pos_ledger_step_done(ledger, st, "logging the drawer", error);
}

gboolean pos_ledger_day_session(PosLedger *ledger, const char *business_day,
                                int64_t *session_id, GError **error)
{
  sqlite3_stmt *st = pos_ledger_stmt(
    ledger, "SELECT id FROM day_session WHERE business_day = ?1 ORDER BY z_no DESC LIMIT 1",
    error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text(st, 1, business_day ? business_day : "", -1, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *session_id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (rc == SQLITE_DONE)
    g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND, "no day session on %s",
                business_day ? business_day : "(none)");
  else if (rc != SQLITE_ROW)
    pos_db_fail(ledger->db, sqlite3_extended_errcode(ledger->db), "reading day sessions", error);
  return rc == SQLITE_ROW;
}
