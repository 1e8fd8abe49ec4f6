/*
** ingest-floor-sqlite.c: what bare SQLite costs to store what the hub
** stores for a sale, with the same durability: bench-ingest's floor when
** the hub is on SQLite.
**
** The hub's SQLite store (sync/hub/sqlite/hub-store-sqlite-ingest.c)
** writes, for each accepted sale, one event row, one doc row with the
** document's JSON, its doc_line and doc_tender rows, in the batch's
** transaction, on a connection with synchronous=FULL, foreign keys on and
** a 16 MiB checkpoint interval.  The floor writes exactly those rows with
** those settings into a copy of the hub's database taken right after its
** set-up (same schema, indexes, market and stalls), from one connection,
** one transaction per batch of the till's, with statements prepared once:
** no HTTP, no JSON decoding, no checks, no repeat detection beyond the
** UNIQUE indexes themselves, no rollups.  What the hub spends above this is
** its own work.
*/
#include "ingest-floor-sqlite.h"
#include <sqlite3.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct IngestFloor {
  char *path;
  sqlite3 *db;
  sqlite3_stmt *begin, *commit, *event, *doc, *line, *tender;
};

/* One sale of a batch: what the store would write for it. */
typedef struct {
  int64_t stall_id;
  char event_id[POS_UUID_LEN + 1];
  PosSale *sale;
  char *json;
} FloorSale;

static void floor_sale_free(gpointer data)
{
  FloorSale *f = data;
  pos_sale_free(f->sale);
  g_free(f->json);
  g_free(f);
}

GPtrArray *ingest_floor_batch_new(void)
{
  return g_ptr_array_new_with_free_func(floor_sale_free);
}

void ingest_floor_batch_add(GPtrArray *batch, int64_t stall_id, const char *event_id,
                            PosSale *sale, const char *json)
{
  FloorSale *f = g_new0(FloorSale, 1);
  f->stall_id = stall_id;
  g_strlcpy(f->event_id, event_id, sizeof f->event_id);
  f->sale = sale;
  f->json = g_strdup(json);
  g_ptr_array_add(batch, f);
}

static sqlite3_stmt *prepare(IngestFloor *f, const char *sql)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(f->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    g_error("ingest floor: %s: %s", sql, sqlite3_errmsg(f->db));
  return st;
}

/*
** A byte copy of the hub's file (no WAL beside it: the set-up's CLI
** commands have closed it), opened with the hub writer's pragmas
** (hub-store-sqlite.c); the statements the store runs, prepared once.
*/
IngestFloor *ingest_floor_open(const char *hub_db, const char *path)
{
  IngestFloor *f = g_new0(IngestFloor, 1);
  g_autofree char *image = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents(hub_db, &image, &size, &error)
      || !g_file_set_contents(path, image, (gssize)size, &error))
    g_error("copying the hub's database for the floor: %s", error->message);
  f->path = g_strdup(path);
  /* as the hub's store does before its first open (hub-store-sqlite.c):
  ** no allocation counting under SQLite's global mutex */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  if (sqlite3_open_v2(path, &f->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK
      || sqlite3_exec(f->db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                             " PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 4096;"
                             " PRAGMA cache_size = -32768;", NULL, NULL, NULL) != SQLITE_OK)
    g_error("ingest floor %s: %s", path, sqlite3_errmsg(f->db));
  f->begin = prepare(f, "BEGIN IMMEDIATE");
  f->commit = prepare(f, "COMMIT");
  f->event = prepare(f, "INSERT INTO event(event_id, stall_id, kind, ref, device_time_ms,"
                        " received_ms, skew_ms, skewed) VALUES(?1, ?2, 'sale', ?3, ?4, ?5, 0, 0)");
  f->doc = prepare(
    f, "INSERT INTO doc(doc_id, event, stall_id, kind, original_id, receipt_no,"
       " business_day, device_time_ms, received_ms, lines_sum, rounding, line_discounts,"
       " sale_discount, total, taxable, supply, vat, exempt, paid, change, json)"
       " VALUES(?1, ?2, ?3, 'sale', NULL, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
       " ?15, ?16, ?17, ?18, ?19)");
  f->line = prepare(
    f, "INSERT INTO doc_line(doc, line_no, plu, name, line_code, unit, tax, list_price,"
       " unit_price, qty_milli, amount, rounding, line_discount, sale_discount_share,"
       " net, refunded_from) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
       " ?13, ?14, ?15, ?16)");
  f->tender = prepare(f, "INSERT INTO doc_tender(doc, seq, method, amount, ref)"
                         " VALUES(?1, ?2, ?3, ?4, ?5)");
  return f;
}

void ingest_floor_close(IngestFloor *f)
{
  sqlite3_stmt *all[] = {f->begin, f->commit, f->event, f->doc, f->line, f->tender};
  for (guint i = 0; i < G_N_ELEMENTS(all); i++)
    sqlite3_finalize(all[i]);
  sqlite3_close(f->db);
  const char *const suffixes[] = {"", "-wal", "-shm"};
  for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(f->path, suffixes[i], NULL);
    unlink(file);
  }
  g_free(f->path);
  g_free(f);
}

static void step(IngestFloor *f, sqlite3_stmt *st)
{
  if (sqlite3_step(st) != SQLITE_DONE)
    g_error("ingest floor: %s", sqlite3_errmsg(f->db));
  sqlite3_reset(st);
}

/* The rows of one sale, as insert_event, insert_doc and insert_lines write them. */
static void store_sale(IngestFloor *f, const FloorSale *fs, int64_t now)
{
  const PosSale *s = fs->sale;
  sqlite3_bind_text(f->event, 1, fs->event_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(f->event, 2, fs->stall_id);
  sqlite3_bind_text(f->event, 3, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(f->event, 4, s->device_time_ms);
  sqlite3_bind_int64(f->event, 5, now);
  step(f, f->event);
  int64_t event = sqlite3_last_insert_rowid(f->db);

  sqlite3_stmt *st = f->doc;
  sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, event);
  sqlite3_bind_int64(st, 3, fs->stall_id);
  sqlite3_bind_text(st, 4, s->receipt_no, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 5, s->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 6, s->device_time_ms);
  sqlite3_bind_int64(st, 7, now);
  const PosMoney v[] = {s->totals.lines, s->totals.rounding, s->totals.line_discounts,
                        s->totals.sale_discount, s->totals.total, s->totals.taxable,
                        s->totals.supply, s->totals.vat, s->totals.exempt,
                        s->settlement.paid, s->settlement.change};
  for (int i = 0; i < (int)G_N_ELEMENTS(v); i++)
    sqlite3_bind_int64(st, 8 + i, v[i]);
  sqlite3_bind_text(st, 19, fs->json, -1, SQLITE_STATIC);
  step(f, st);
  int64_t doc = sqlite3_last_insert_rowid(f->db);

  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    st = f->line;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, (int)i);
    sqlite3_bind_int(st, 3, l->plu);
    sqlite3_bind_text(st, 4, l->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, l->line_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, l->unit == POS_UNIT_KG ? "kg" : "piece", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", -1,
                      SQLITE_STATIC);
    const int64_t n[] = {l->list_price, l->unit_price, l->qty_milli, l->amount, l->rounding,
                         l->line_discount, l->sale_discount_share, l->net, l->refunded_from};
    for (int k = 0; k < (int)G_N_ELEMENTS(n); k++)
      sqlite3_bind_int64(st, 8 + k, n[k]);
    step(f, st);
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    st = f->tender;
    sqlite3_bind_int64(st, 1, doc);
    sqlite3_bind_int(st, 2, (int)i);
    sqlite3_bind_text(st, 3, pos_tender_method_name(t->method), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, t->amount);
    sqlite3_bind_text(st, 5, t->ref, -1, SQLITE_STATIC);
    step(f, st);
  }
}

/* One batch, one transaction; the sales stored. */
static guint store_batch(IngestFloor *f, const GPtrArray *batch)
{
  int64_t now = g_get_real_time() / 1000;
  step(f, f->begin);
  for (guint i = 0; i < batch->len; i++)
    store_sale(f, g_ptr_array_index(batch, i), now);
  step(f, f->commit);
  return batch->len;
}

static double thread_cpu(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double ingest_floor_store_all(IngestFloor *f, GPtrArray *const *batches, int n_dev,
                              guint64 expected, double *cpu_s)
{
  guint most = 0;
  for (int d = 0; d < n_dev; d++)
    most = MAX(most, batches[d]->len);
  guint64 stored = 0;
  double cpu0 = thread_cpu();
  gint64 t0 = g_get_monotonic_time();
  for (guint b = 0; b < most; b++)
    for (int d = 0; d < n_dev; d++)
      if (b < batches[d]->len)
        stored += store_batch(f, g_ptr_array_index(batches[d], b));
  double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  *cpu_s += thread_cpu() - cpu0;
  if (stored != expected)
    g_error("floor: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " stored", stored, expected);
  return (double)stored / secs;
}
