/*
** ledger-testutil.h: what the stall ledger's tests (test-ledger.c, the file
** under bad conditions; test-ledger-rules.c, the outbox, voids, refunds and
** business days) share: a scratch directory per case, a stall with a
** three-product catalog, sales rung through the public API (pos.h), and
** raw SQLite access to the same file, as another program would have.
** Every helper asserts its own success; what they return is transfer full.
*/
#ifndef LEDGER_TESTUTIL_H
#define LEDGER_TESTUTIL_H

#include "pos.h"
#include "testutil.h"
#include <sqlite3.h>

/* A fixed clock for the cases that check receipt numbers: 10:00 in Seoul. */
#define TEST_NOW "2026-03-02T10:00:00+09:00"
#define TEST_DAY "2026-03-02"
#define TEST_DAY_COMPACT "20260302"
#define TOFU_BARCODE "8801234567893"   /* a valid EAN-13 */

enum { PLU_TOFU = 1, PLU_CABBAGE = 2, PLU_PORK = 3 };

typedef struct {
  int plu;
  const char *name;
  const char *line_code;
  PosUnit unit;
  PosMoney price;
  PosTaxClass tax;
  const char *barcode;
} LtCatalogEntry;

/* The test stall's catalog: one taxable piece, one exempt piece, one weighed. */
#define LT_CATALOG_LEN 3
extern const LtCatalogEntry lt_catalog[LT_CATALOG_LEN];

/* One cart line: a product by PLU and its quantity in thousandths. */
typedef struct {
  int plu;
  int64_t qty_milli;
} LtItem;

/* A case's own directory and the ledger path in it. */
typedef struct {
  char *dir;
  char *path;   /* dir/ledger.sqlite */
} LtScratch;

/* A raw connection to a ledger file, closed by g_autoptr. */
typedef sqlite3 LtRawDb;

/* Makes the case's directory; lt_scratch_clear removes it with its files. */
void lt_scratch_init(LtScratch *s);
void lt_scratch_clear(LtScratch *s);

/* ---- The file, as another program sees it (plain sqlite3) ---- */

/* Opens path read-write with a busy timeout; aborts the test if it cannot. */
sqlite3 *lt_raw_open(const char *path);
void lt_raw_close(sqlite3 *db);
/* Runs a script; SQLITE_OK or the extended error code. */
int lt_raw_exec(sqlite3 *db, const char *sql);
/* Runs a script that must succeed. */
void lt_raw_exec_ok(sqlite3 *db, const char *sql);
/* The first column of the first row of sql, as text ("" for NULL). */
char *lt_raw_text(sqlite3 *db, const char *sql);
/* One line of text with every row the ledger keeps, to compare before/after. */
char *lt_fingerprint(const char *path);

/* ---- The stall, through pos.h ---- */

/* Opens (or creates) the ledger at path. */
PosLedger *lt_open_ok(const char *path);
/* The catalog's entry i as a product to save. */
PosProduct *lt_catalog_product(guint i);
/* Saves the three catalog products into the ledger. */
void lt_add_catalog(PosLedger *ledger);
/* A new ledger with a stall (rounding unit as given) and the catalog. */
PosLedger *lt_new_stall(const char *path, int rounding_unit);
/* The ledger's device id (receipt numbers start with it). */
char *lt_device_id(PosLedger *ledger);
/* Fills a cart with items (by PLU). */
PosCart *lt_fill_cart(PosLedger *ledger, const LtItem *items, guint n);
/* Rings items paid with one tender; FALSE with error when the ledger refuses. */
gboolean lt_try_ring(PosLedger *ledger, const LtItem *items, guint n, PosTenderMethod method,
                     PosMoney paid, const char *ref, PosSale **out, GError **error);
/* Rings items paid with one tender; the sale must commit. */
PosSale *lt_ring(PosLedger *ledger, const LtItem *items, guint n, PosTenderMethod method,
                 PosMoney paid, const char *ref);
/* The ids of the sales of day (business day, YYYY-MM-DD), in ring order. */
GPtrArray *lt_list_ids(PosLedger *ledger, const char *day);
/* A document by id or receipt number; it must load. */
PosSale *lt_load_ok(PosLedger *ledger, const char *key);
/* The ledger's own consistency check must pass. */
void lt_check_ok(PosLedger *ledger);
/* Pending outbox rows of kind (any when kind < 0) naming ref (any when NULL). */
guint lt_outbox_count(PosLedger *ledger, int kind, const char *ref);
/* Two loads of one document agree on every total and count. */
void lt_assert_totals_equal(const PosSale *a, const PosSale *b);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(LtScratch, lt_scratch_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LtRawDb, lt_raw_close)

#endif
