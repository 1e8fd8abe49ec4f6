/*
** hub-rollup.c: a batch's rollups in memory, the part of ingest that is
** the same for every store (internal/hub-rollup-int.h).  Each rollup is a
** hash table from its key text to its row; the stores write the rows out
** as upserts at the end of the batch's transaction.
*/
#include "hub-rollup-int.h"
#include "mb-clock.h"
#include "an-data.h"

/* slot() writes any row's day alike, and the stores read any row as its day */
G_STATIC_ASSERT(G_STRUCT_OFFSET(HubRollLine, day) == 0 && G_STRUCT_OFFSET(HubRollHour, day) == 0
                && G_STRUCT_OFFSET(HubRollTender, day) == 0
                && G_STRUCT_OFFSET(HubRollDay, day) == 0);

/* Keys and rows are owned by the tables and freed with them. */
void hub_rollup_init(HubRollup *r)
{
  r->line = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->hour = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->tender = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  r->day = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* Frees the in-memory rollups whether or not they were flushed. */
void hub_rollup_clear(HubRollup *r)
{
  g_hash_table_unref(r->line);
  g_hash_table_unref(r->hour);
  g_hash_table_unref(r->tender);
  g_hash_table_unref(r->day);
}

/*
** The slot of a day's row in one rollup under key ("day" or "day|rest",
** formatted once by the caller), zeroed on first use with its day (the
** first field of every Roll*) already set.  The four rollups find their
** rows alike, so they share this; *fresh says the caller should set its
** own key fields.  It runs for every line, tender and hour of a batch, so
** it formats nothing itself.
*/
static gpointer slot(GHashTable *t, const char *key, gsize size, gboolean *fresh,
                     const char *day)
{
  gpointer v = g_hash_table_lookup(t, key);
  *fresh = v == NULL;
  if (v == NULL) {
    v = g_malloc0(size);
    g_strlcpy(v, day, HUB_ROLL_DAY_SIZE);
    g_hash_table_insert(t, g_strdup(key), v);
  }
  return v;
}

/* The stall is the batch's, so day and line make the key. */
HubRollLine *hub_rollup_line(HubRollup *r, const char *day, const char *code)
{
  char key[48];
  gboolean fresh;
  g_snprintf(key, sizeof key, "%s|%s", day, code);
  HubRollLine *l = slot(r->line, key, sizeof *l, &fresh, day);
  if (fresh)
    g_strlcpy(l->code, code, sizeof l->code);
  return l;
}

/* A batch may span business days (a backlog): one row per day. */
static HubRollDay *roll_day(HubRollup *r, const char *day)
{
  gboolean fresh;
  return slot(r->day, day, sizeof(HubRollDay), &fresh, day);
}

/* Amounts add with their sign; change arrives here as negative cash. */
static void roll_tender(HubRollup *r, const char *day, const char *method, PosMoney amount)
{
  char key[48];
  gboolean fresh;
  g_snprintf(key, sizeof key, "%s|%s", day, method);
  HubRollTender *t = slot(r->tender, key, sizeof *t, &fresh, day);
  if (fresh)
    g_strlcpy(t->method, method, sizeof t->method);
  t->amount += amount;
}

/*
** Adds one document to the rollups.  Amounts are already signed (voids and
** refunds are negative), so they simply add; counts take the sign of the
** kind.  Receipts per line for sales and voids are counted here; refunds
** need the store (see refund_receipts) and add theirs separately.
*/
void hub_rollup_doc(HubRollup *r, const PosSale *s, gboolean skewed)
{
  int sign = s->kind == POS_DOC_SALE ? 1 : s->kind == POS_DOC_VOID ? -1 : 0;
  HubRollDay *d = roll_day(r, s->business_day);
  d->sales += s->kind == POS_DOC_SALE;
  d->voids += s->kind == POS_DOC_VOID;
  d->refunds += s->kind == POS_DOC_REFUND;
  d->receipts += sign;
  d->skewed += skewed;
  if (s->kind == POS_DOC_SALE) {
    d->gross += s->totals.total;
    d->discounts += s->totals.line_discounts + s->totals.sale_discount;
  }
  d->total += s->totals.total;
  d->taxable += s->totals.taxable;
  d->supply += s->totals.supply;
  d->vat += s->totals.vat;
  d->exempt += s->totals.exempt;

  char key[32];
  gboolean fresh;
  int hour = mb_clock_hour(s->device_time_ms);
  g_snprintf(key, sizeof key, "%s|%d", s->business_day, hour);
  HubRollHour *h = slot(r->hour, key, sizeof *h, &fresh, s->business_day);
  if (fresh)
    h->hour = hour;
  h->revenue += s->totals.total;
  h->receipts += sign;

  for (guint i = 0; i < s->tenders->len; i++) {
    const PosTender *t = g_ptr_array_index(s->tenders, i);
    roll_tender(r, s->business_day, pos_tender_method_name(t->method), t->amount);
  }
  if (s->settlement.change != 0)
    roll_tender(r, s->business_day, pos_tender_method_name(POS_TENDER_CASH),
                -s->settlement.change);

  g_autoptr(GHashTable) codes = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    HubRollLine *rl = hub_rollup_line(r, s->business_day, l->line_code);
    rl->revenue += l->net;
    rl->qty += l->qty_milli;
    rl->lines += s->kind == POS_DOC_SALE ? 1 : -1;
    if (g_hash_table_add(codes, l->line_code))
      rl->receipts += sign;
  }
}

/* ---- Periods ---------------------------------------------------------------- */

/* An empty range is bound as from > to, which no key falls in, so every
** query keeps one shape whatever parts a period has. */
static void set_range(char *from, char *to, AnDay a, AnDay b)
{
  if (a > b) {
    g_strlcpy(from, "9", AN_DAY_ISO_LEN);
    g_strlcpy(to, "0", AN_DAY_ISO_LEN);
    return;
  }
  an_day_format(a, from);
  an_day_format(b, to);
}

/*
** A period in the rollups: its whole calendar months from the month tables,
** its ragged ends (at most one partial month each side) from the day
** tables.  A period inside one month, or with no whole month, is all days.
*/
void hub_period_split(AnPeriod p, char head[2][AN_DAY_ISO_LEN], char tail[2][AN_DAY_ISO_LEN],
                      char months[2][AN_DAY_ISO_LEN])
{
  int y, m, d;
  mb_day_civil(p.from, &y, &m, &d);
  /* the first whole month starts on p.from or on the 1st after it */
  AnDay first = d == 1 ? p.from : (AnDay)mb_day_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
  /* the last whole month ends on p.to or on the last day before its month */
  mb_day_civil(p.to + 1, &y, &m, &d);
  AnDay last = d == 1 ? p.to : (AnDay)mb_day_from_civil(y, m, 1) - 1;
  if (first > last) {
    set_range(head[0], head[1], p.from, p.to);
    set_range(tail[0], tail[1], 1, 0);
    set_range(months[0], months[1], 1, 0);
    return;
  }
  set_range(head[0], head[1], p.from, first - 1);
  set_range(tail[0], tail[1], last + 1, p.to);
  an_day_format(first, months[0]);
  an_day_format(last, months[1]);
  months[0][7] = months[1][7] = '\0';   /* YYYY-MM */
}
