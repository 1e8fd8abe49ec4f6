/*
** bench-duckdb-export.c: a SQLite hub's raw documents as CSV files, the
** input of the DuckDB peer (bench/duckdb/, bench/bench-duckdb.sh).
**
**   bench-duckdb-export HUB.sqlite DIR
**
** Writes DIR/markets.csv, stalls.csv, docs.csv, lines.csv and tenders.csv:
** the registry and every stored document, line and tender as ingest kept
** them, before any rollup.  The peer must compute every report figure from
** these alone, so nothing summed by the hub is exported (no roll_* table).
** A void or refund names its original by the original's row id
** (`original`, empty for a sale), which is all the rollups need of it.
**
** It reads the database file directly, read-only, with one prepared
** statement per file: the store's own calls hand documents out a stall at a
** time for moving a hub (hub-migrate.c) and are private to the hub.  Every
** text cell is quoted (RFC 4180), numbers are plain integers.  Exit 0 and
** a line of counts on success; 1 with the reason on stderr, and no file
** left half-written (each is written under a temporary name and renamed).
*/
#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>

typedef struct {
  const char *file;
  const char *header;
  const char *sql;
} ExportTable;

/* Columns typed by SQLite: integers as integers, text quoted, NULL empty. */
static const ExportTable tables[] = {
  {"markets.csv", "market_id,code", "SELECT id, code FROM market ORDER BY id"},
  {"stalls.csv", "stall_id,code,market_id", "SELECT id, code, market_id FROM stall ORDER BY id"},
  {"docs.csv", "doc,stall_id,kind,original,business_day,device_time_ms,total,change",
   "SELECT d.id, d.stall_id, d.kind, o.id, d.business_day, d.device_time_ms, d.total,"
   " d.change FROM doc d LEFT JOIN doc o ON o.doc_id = d.original_id ORDER BY d.id"},
  {"lines.csv", "doc,line_no,line_code,qty_milli,net",
   "SELECT doc, line_no, line_code, qty_milli, net FROM doc_line ORDER BY doc, line_no"},
  {"tenders.csv", "doc,seq,method,amount",
   "SELECT doc, seq, method, amount FROM doc_tender ORDER BY doc, seq"},
};

/* One cell: an integer as is, text in quotes with inner quotes doubled. */
static void append_cell(GString *out, sqlite3_stmt *st, int col)
{
  if (sqlite3_column_type(st, col) == SQLITE_INTEGER) {
    g_string_append_printf(out, "%" G_GINT64_FORMAT, (gint64)sqlite3_column_int64(st, col));
    return;
  }
  if (sqlite3_column_type(st, col) == SQLITE_NULL)
    return;
  const char *text = (const char *)sqlite3_column_text(st, col);
  g_string_append_c(out, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

/*
** One table to DIR/file through a temporary file, flushed every 1 MB so a
** year's lines (millions of rows) never sit whole in memory.  Returns the
** rows written, or -1 with the reason printed.
*/
static gint64 export_table(sqlite3 *db, const ExportTable *t, const char *dir)
{
  g_autofree char *path = g_build_filename(dir, t->file, NULL);
  g_autofree char *tmp = g_strconcat(path, ".part", NULL);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, t->sql, -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "bench-duckdb-export: %s: %s\n", t->file, sqlite3_errmsg(db));
    return -1;
  }
  FILE *f = g_fopen(tmp, "wb");
  if (f == NULL) {
    fprintf(stderr, "bench-duckdb-export: %s: %s\n", tmp, g_strerror(errno));
    sqlite3_finalize(st);
    return -1;
  }
  g_autoptr(GString) out = g_string_new(t->header);
  g_string_append_c(out, '\n');
  gint64 rows = 0;
  const char *why = NULL;   /* the first failure, printed once */
  int rc;
  while (why == NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      if (c > 0)
        g_string_append_c(out, ',');
      append_cell(out, st, c);
    }
    g_string_append_c(out, '\n');
    rows++;
    if (out->len >= 1 << 20) {
      if (fwrite(out->str, 1, out->len, f) != out->len)
        why = g_strerror(errno);
      g_string_truncate(out, 0);
    }
  }
  if (why == NULL && rc != SQLITE_DONE)
    why = sqlite3_errmsg(db);
  if (why == NULL && fwrite(out->str, 1, out->len, f) != out->len)
    why = g_strerror(errno);
  if (fclose(f) != 0 && why == NULL)
    why = g_strerror(errno);
  if (why == NULL && g_rename(tmp, path) != 0)
    why = g_strerror(errno);
  if (why != NULL) {
    fprintf(stderr, "bench-duckdb-export: %s: %s\n", path, why);
    g_remove(tmp);
  }
  sqlite3_finalize(st);
  return why == NULL ? rows : -1;
}

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: bench-duckdb-export HUB.sqlite DIR\n");
    return 2;
  }
  sqlite3 *db = NULL;
  /* read-only and never created: a mistyped path must not become a hub */
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    fprintf(stderr, "bench-duckdb-export: %s: %s\n", argv[1], sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
  }
  if (g_mkdir_with_parents(argv[2], 0755) != 0) {
    fprintf(stderr, "bench-duckdb-export: %s: %s\n", argv[2], g_strerror(errno));
    sqlite3_close(db);
    return 1;
  }
  /* one read transaction: the five files are one snapshot of a live hub */
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  GString *counts = g_string_new(NULL);
  int status = 0;
  for (guint i = 0; i < G_N_ELEMENTS(tables) && status == 0; i++) {
    gint64 rows = export_table(db, &tables[i], argv[2]);
    if (rows < 0)
      status = 1;
    else
      g_string_append_printf(counts, "%s%s %" G_GINT64_FORMAT, i ? ", " : "", tables[i].file,
                             rows);
  }
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(db);
  if (status == 0)
    printf("exported %s to %s\n", counts->str, argv[2]);
  g_string_free(counts, TRUE);
  return status;
}
