/*
** hub-rollup-int.h: a batch's rollups in memory, shared by the stores
** (sqlite/, postgres/); private to sync/hub and its backends.
**
** A store walks the batch's new documents into a HubRollup (one row per
** key the batch touched) and writes each row out as one upsert at the end
** of the batch's transaction: a batch of 200 sales of one stall on one day
** touches a few dozen rollup rows, not a thousand.  The figures are the
** same for every store because they are computed here, once.
**
** Rows (each starts with its business day, so a store can read any of
** them as a day first):
**   HubRollLine    day x line code: revenue (net), qty, lines, receipts
**                  containing the line
**   HubRollHour    day x hour (Asia/Seoul): revenue, receipts
**   HubRollTender  day x method: amount net of change (change is cash)
**   HubRollDay     day: sales, voids, refunds, receipts (sales - voids),
**                  gross, discounts, total, taxable, supply, vat, exempt,
**                  skewed events
** A void or refund counts on its own business day, as on the till's Z
** report, so that a day's rollup always equals that day's Z.
*/
#ifndef HUB_ROLLUP_INT_H
#define HUB_ROLLUP_INT_H

#include "hub-store.h"

G_BEGIN_DECLS

#define HUB_ROLL_DAY_SIZE 11

typedef struct {
  char day[HUB_ROLL_DAY_SIZE];
  char code[POS_LINE_CODE_MAX + 1];
  PosMoney revenue;
  int64_t qty, lines, receipts;
} HubRollLine;

typedef struct {
  char day[HUB_ROLL_DAY_SIZE];
  int hour;
  PosMoney revenue;
  int64_t receipts;
} HubRollHour;

typedef struct {
  char day[HUB_ROLL_DAY_SIZE];
  char method[24];
  PosMoney amount;
} HubRollTender;

typedef struct {
  char day[HUB_ROLL_DAY_SIZE];
  int64_t sales, voids, refunds, receipts, skewed;
  PosMoney gross, discounts, total, taxable, supply, vat, exempt;
} HubRollDay;

/* key text -> HubRoll* row, both owned by the tables. */
typedef struct {
  GHashTable *line, *hour, *tender, *day;
} HubRollup;

void hub_rollup_init(HubRollup *r);
/* Frees the rows whether or not they were written out. */
void hub_rollup_clear(HubRollup *r);
/*
** Adds one stored document (sale, void or refund) to the rollups.  Amounts
** arrive signed (voids and refunds negative); counts take the sign of the
** kind.  A refund's receipts per line need what the store holds and are
** added by the store (hub_rollup_line(...)->receipts -= 1).
*/
void hub_rollup_doc(HubRollup *r, const PosSale *s, gboolean skewed);
/* The line row of a day and code, made on first use. Transfer none. */
HubRollLine *hub_rollup_line(HubRollup *r, const char *day, const char *code);

/*
** A period as the SQLite store's rollups keep it, which the PostgreSQL
** store follows too so that both give the same dataset: the days before
** its first whole month (head), after its last (tail), and the whole
** months between ("YYYY-MM" in months); a range that is empty comes as
** from > to ("9" .. "0").  A period with no whole month is all head.
*/
void hub_period_split(AnPeriod p, char head[2][AN_DAY_ISO_LEN], char tail[2][AN_DAY_ISO_LEN],
                      char months[2][AN_DAY_ISO_LEN]);

G_END_DECLS
#endif
