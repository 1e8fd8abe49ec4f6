/*
** bench-sale.c: how long one committed sale takes on this disk, against
** the floor: bare SQLite committing the same rows with the same durability.
**
**   bench-sale [N] [DIR]
**
** Rings N sales (default 2000; a piece and a weighed line, split cash and
** card) through pos_ledger_commit_sale, first with synchronous=FULL (the
** ledger's setting) and then NORMAL.  Only the commit is timed: the cart is
** filled before the clock starts, as the till fills it while the merchant
** weighs and scans.
**
** The floor is timed in the same loop, sale by sale, so that both see the
** same neighbours on a shared machine: right after the ledger commits sale
** i, a second ledger file (made by pos_ledger_init_stall, so the same
** schema, checks, indexes and triggers; same journal mode, synchronous and
** foreign keys) receives exactly the rows the ledger wrote for it -- the
** document, its lines, its tenders and its outbox row -- through bare
** prepared INSERTs between BEGIN IMMEDIATE and COMMIT.  The floor does not
** build the document from the cart, check it, find the open day or number
** the receipt: that is what the ledger adds, and the ratio ledger / floor
** (median and p99) is what the ledger costs above SQLite itself.
**
** It also times a bare write+fsync of 4 KiB on the same directory: in WAL
** mode with FULL, a commit is one fsync of the WAL.  DIR defaults to a
** temporary directory (put it on the disk the till will use).
*/
#include "pos.h"
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_i64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* Sorts us[] and prints its median, p99, extremes and rate. */
static void report(const char *what, int64_t *us, int n, int64_t total_us)
{
  qsort(us, (size_t)n, sizeof *us, cmp_i64);
  printf("%-34s n=%d  median %7.3f ms  p99 %7.3f ms  min %7.3f ms  max %7.3f ms  %8.0f/s\n",
         what, n, us[n / 2] / 1000.0, us[(n * 99) / 100] / 1000.0, us[0] / 1000.0,
         us[n - 1] / 1000.0, n * 1e6 / (double)total_us);
}

static PosProduct *product(int plu, PosUnit unit, PosMoney price)
{
  PosProduct *p = pos_product_new();
  p->plu = plu;
  p->name = g_strdup(unit == POS_UNIT_KG ? "돼지고기 앞다리" : "두부");
  p->line_code = g_strdup(unit == POS_UNIT_KG ? "MEAT" : "BANCHAN");
  p->unit = unit;
  p->price = price;
  p->tax = unit == POS_UNIT_KG ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
  return p;
}

/* ---- The floor ------------------------------------------------------------------ */

typedef struct {
  sqlite3 *db;
  sqlite3_stmt *begin, *commit, *session, *doc, *line, *tender, *outbox;
} Floor;

static sqlite3_stmt *floor_prepare(Floor *f, const char *sql)
{
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v3(f->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
    g_error("floor: %s: %s", sql, sqlite3_errmsg(f->db));
  return st;
}

/*
** A fresh ledger made by the ledger's own code (schema and pragmas) with
** the same two products (the lines refer to them, under the same ids: both
** ledgers save them first), then reopened with bare sqlite3 and the
** ledger's connection settings.
*/
static void floor_open(Floor *f, const char *dir, PosSyncMode mode)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(PosProduct) tofu = product(1, POS_UNIT_PIECE, 2500);
  g_autoptr(PosProduct) pork = product(2, POS_UNIT_KG, 16800);
  g_autofree char *path = g_build_filename(dir, mode == POS_SYNC_FULL ? "floor-full.sqlite"
                                                                      : "floor-normal.sqlite",
                                           NULL);
  PosLedger *l = pos_ledger_open_full(path, mode, 0, &e);
  if (l == NULL || !pos_ledger_init_stall(l, "floor", 10, &e)
      || !pos_ledger_product_save(l, tofu, &e) || !pos_ledger_product_save(l, pork, &e))
    g_error("floor ledger: %s", e->message);
  pos_ledger_close(l);
  if (sqlite3_open_v2(path, &f->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK
      || sqlite3_exec(f->db, mode == POS_SYNC_FULL ? "PRAGMA synchronous=FULL"
                                                   : "PRAGMA synchronous=NORMAL",
                      NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec(f->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK)
    g_error("floor: %s", sqlite3_errmsg(f->db));
  f->begin = floor_prepare(f, "BEGIN IMMEDIATE");
  f->commit = floor_prepare(f, "COMMIT");
  f->session = floor_prepare(f, "INSERT INTO day_session(id, business_day, z_no, opened_ms,"
                                " cash_float) VALUES(?1, ?2, 1, ?3, 0)");
  f->doc = floor_prepare(
    f, "INSERT INTO doc(id, kind, original_id, receipt_no, business_day, day_seq, device_ms,"
       " session_id, lines_sum, rounding, line_discounts, sale_discount, total, taxable,"
       " supply, vat, exempt, paid, change, sale_discount_reason, reason, cash_receipt_id)"
       " VALUES(?1,?2,NULL,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,"
       " NULL,NULL,NULL)");
  f->line = floor_prepare(
    f, "INSERT INTO doc_line(doc_id, line_no, product_id, plu, name, line_code, unit, tax,"
       " list_price, unit_price, override_reason, qty_milli, amount, rounding, line_discount,"
       " discount_reason, sale_discount_share, net, refunded_from, fixed_amount)"
       " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,NULL,?11,?12,?13,?14,NULL,?15,?16,?17,?18)");
  f->tender = floor_prepare(f, "INSERT INTO doc_tender(doc_id, seq, method, amount, ref)"
                               " VALUES(?1,?2,?3,?4,?5)");
  f->outbox = floor_prepare(f, "INSERT INTO outbox(event_id, kind, ref, created_ms)"
                               " VALUES(?1, 'sale', ?2, ?3)");
}

static void floor_close(Floor *f)
{
  sqlite3_stmt *all[] = {f->begin, f->commit, f->session, f->doc, f->line, f->tender, f->outbox};
  for (guint i = 0; i < G_N_ELEMENTS(all); i++)
    sqlite3_finalize(all[i]);
  sqlite3_close(f->db);
}

static void floor_step(Floor *f, sqlite3_stmt *st)
{
  if (sqlite3_step(st) != SQLITE_DONE)
    g_error("floor: %s", sqlite3_errmsg(f->db));
  sqlite3_reset(st);
}

/* The ledger's day session of the sales, made once before anything is timed. */
static void floor_session(Floor *f, const PosSale *s)
{
  sqlite3_bind_int64(f->session, 1, s->session_id);
  sqlite3_bind_text(f->session, 2, s->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int64(f->session, 3, s->device_time_ms);
  floor_step(f, f->session);
}

/*
** The rows the ledger wrote for s, in one transaction.  The receipt's day
** number is the last field of its receipt number (DEVICE-YYYYMMDD-NNNN).
*/
static void floor_commit(Floor *f, const PosSale *s, const char *event_id)
{
  const char *seq = strrchr(s->receipt_no, '-');
  floor_step(f, f->begin);
  sqlite3_stmt *st = f->doc;
  sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, pos_doc_kind_name(s->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, s->receipt_no, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, s->business_day, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 5, seq ? atoi(seq + 1) : 0);
  sqlite3_bind_int64(st, 6, s->device_time_ms);
  sqlite3_bind_int64(st, 7, s->session_id);
  const PosTotals *t = &s->totals;
  const PosMoney sums[] = {t->lines, t->rounding, t->line_discounts, t->sale_discount,
                           t->total, t->taxable, t->supply, t->vat, t->exempt,
                           s->settlement.paid, s->settlement.change};
  for (int i = 0; i < (int)G_N_ELEMENTS(sums); i++)
    sqlite3_bind_int64(st, 8 + i, sums[i]);
  floor_step(f, st);
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    st = f->line;
    sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)i);
    if (l->product_id > 0)
      sqlite3_bind_int64(st, 3, l->product_id);
    else
      sqlite3_bind_null(st, 3);
    sqlite3_bind_int(st, 4, l->plu);
    sqlite3_bind_text(st, 5, l->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, l->line_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, l->unit == POS_UNIT_KG ? "kg" : "piece", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, l->tax == POS_TAX_EXEMPT ? "exempt" : "taxable", -1,
                      SQLITE_STATIC);
    const int64_t v[] = {l->list_price, l->unit_price, l->qty_milli, l->amount, l->rounding,
                         l->line_discount, l->sale_discount_share, l->net, l->refunded_from,
                         l->fixed_amount};
    for (int k = 0; k < (int)G_N_ELEMENTS(v); k++)
      sqlite3_bind_int64(st, 9 + k, v[k]);
    floor_step(f, st);
  }
  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *tn = g_ptr_array_index(s->tenders, i);
    st = f->tender;
    sqlite3_bind_text(st, 1, s->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, (int)i);
    sqlite3_bind_text(st, 3, pos_tender_method_name(tn->method), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, tn->amount);
    sqlite3_bind_text(st, 5, tn->ref, -1, SQLITE_STATIC);
    floor_step(f, st);
  }
  sqlite3_bind_text(f->outbox, 1, event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(f->outbox, 2, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(f->outbox, 3, s->device_time_ms);
  floor_step(f, f->outbox);
  floor_step(f, f->commit);
}

/* ---- The ledger, interleaved with the floor --------------------------------------- */

static void ring(const char *dir, PosSyncMode mode, int n)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *path = g_build_filename(dir, mode == POS_SYNC_FULL ? "full.sqlite"
                                                                      : "normal.sqlite", NULL);
  g_autoptr(PosLedger) l = pos_ledger_open_full(path, mode, 0, &e);
  if (l == NULL || !pos_ledger_init_stall(l, "bench", 10, &e))
    g_error("ledger: %s", e->message);
  g_autoptr(PosProduct) tofu = product(1, POS_UNIT_PIECE, 2500);
  g_autoptr(PosProduct) pork = product(2, POS_UNIT_KG, 16800);
  if (!pos_ledger_product_save(l, tofu, &e) || !pos_ledger_product_save(l, pork, &e))
    g_error("product: %s", e->message);
  Floor f;
  floor_open(&f, dir, mode);
  PosCartRules rules;
  pos_ledger_cart_rules(l, &rules);
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  g_autofree int64_t *us = g_new(int64_t, n), *floor_us = g_new(int64_t, n);
  int64_t total = 0, floor_total = 0;
  for (int i = 0; i < n; i++) {
    PosSale *s = NULL;
    if (!pos_cart_add(cart, tofu, 2000, NULL, &e) || !pos_cart_add(cart, pork, 350 + i % 500, NULL, &e)
        || !pos_cart_add_tender(cart, POS_TENDER_CARD, 5000, "12345678", &e)
        || !pos_cart_add_tender(cart, POS_TENDER_CASH, 50000, NULL, &e))
      g_error("cart %d: %s", i, e->message);
    int64_t t0 = g_get_monotonic_time();
    if (!pos_ledger_commit_sale(l, cart, &s, &e))
      g_error("sale %d: %s", i, e->message);
    us[i] = g_get_monotonic_time() - t0;
    total += us[i];
    char event_id[POS_UUID_LEN + 1];
    pos_uuid7(s->device_time_ms, event_id);
    if (i == 0)
      floor_session(&f, s);
    t0 = g_get_monotonic_time();
    floor_commit(&f, s, event_id);
    floor_us[i] = g_get_monotonic_time() - t0;
    floor_total += floor_us[i];
    pos_sale_free(s);
  }
  floor_close(&f);
  gboolean full = mode == POS_SYNC_FULL;
  report(full ? "sale commit, synchronous=FULL" : "sale commit, synchronous=NORMAL", us, n,
         total);
  report(full ? "floor, same rows, FULL" : "floor, same rows, NORMAL", floor_us, n,
         floor_total);
  printf("%-34s median %.2f  p99 %.2f\n", "ledger / floor",
         (double)us[n / 2] / (double)floor_us[n / 2],
         (double)us[(n * 99) / 100] / (double)floor_us[(n * 99) / 100]);
}

static void fsync_cost(const char *dir, int n)
{
  g_autofree char *path = g_build_filename(dir, "fsync.bin", NULL);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  char block[4096] = {0};
  g_autofree int64_t *us = g_new(int64_t, n);
  if (fd < 0)
    g_error("open %s", path);
  int64_t start = g_get_monotonic_time();
  for (int i = 0; i < n; i++) {
    int64_t t0 = g_get_monotonic_time();
    if (pwrite(fd, block, sizeof block, 0) != (ssize_t)sizeof block || fsync(fd) != 0)
      g_error("write/fsync failed");
    us[i] = g_get_monotonic_time() - t0;
  }
  close(fd);
  report("4 KiB write + fsync", us, n, g_get_monotonic_time() - start);
}

int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 2000;
  g_autofree char *tmp = argc > 2 ? g_strdup(argv[2]) : g_dir_make_tmp("bench-sale-XXXXXX", NULL);
  if (n < 10 || tmp == NULL) {
    fprintf(stderr, "usage: bench-sale [N>=10] [DIR]\n");
    return 2;
  }
  double load[3] = {0};
  FILE *la = fopen("/proc/loadavg", "r");
  if (la == NULL || fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
    load[0] = -1;
  if (la)
    fclose(la);
  printf("bench-sale: %d sales in %s, load average %.2f %.2f %.2f\n", n, tmp, load[0], load[1],
         load[2]);
  fsync_cost(tmp, n / 4);
  ring(tmp, POS_SYNC_FULL, n);
  ring(tmp, POS_SYNC_NORMAL, n);
  return 0;
}
