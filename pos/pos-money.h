/*
** pos-money.h: money and quantities.
**
** Money is int64 won (KRW has no minor unit); no float touches it.  Every
** amount a ledger stores lies within [-POS_MONEY_MAX, POS_MONEY_MAX]; the
** checked helpers below refuse anything outside with POS_ERROR_OVERFLOW, so
** arithmetic on stored amounts can never overflow int64.
**
** Quantity is int64 thousandths of the selling unit: pieces x1000, weight in
** grams (the price is per kg).  A line amount is price x qty / 1000 rounded
** half up; weighed lines are then rounded down to the stall's unit.  The
** rules and their reasons: docs/DOMAIN.md (Money, Quantities, Line amounts
** and rounding, Metric units).
*/
#ifndef POS_MONEY_H
#define POS_MONEY_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

typedef int64_t PosMoney;

/* 10^12 - 1 won: far above any stall's sale, far below int64 limits. */
#define POS_MONEY_MAX ((PosMoney)999999999999LL)
/* Quantities: up to 100,000 pieces or 100 t. */
#define POS_QTY_MAX ((int64_t)100000000LL)

/* Geun (근) presets, in grams: a quick-entry shortcut only, never printed. */
#define POS_GEUN_MEAT_G 600
#define POS_GEUN_PRODUCE_G 400

typedef enum { POS_UNIT_PIECE = 0, POS_UNIT_KG = 1 } PosUnit;

gboolean pos_money_add(PosMoney a, PosMoney b, PosMoney *out, GError **error);
/* TRUE when |v| <= POS_MONEY_MAX. */
gboolean pos_money_in_range(PosMoney v);

/* price x qty_milli / 1000, half up (for qty >= 0), checked. */
gboolean pos_money_line_amount(PosMoney price, int64_t qty_milli,
                               PosMoney *out, GError **error);
/* Rounds a non-negative amount down to unit (1, 10 or 100). */
PosMoney pos_money_round_down(PosMoney amount, int unit);

/*
** Parses a quantity for the unit: a piece count ("3") for pieces; for
** weighed goods grams ("350g", "350"), kilograms ("1.2kg", up to 3
** decimals) or geun ("1근", "1.5근", geun_g grams each).  Refuses zero,
** negatives, junk and anything above POS_QTY_MAX with POS_ERROR_INVALID.
*/
gboolean pos_qty_parse(const char *text, PosUnit unit, int geun_g,
                       int64_t *qty_milli, GError **error);

/* Parses a non-negative decimal won amount ("12000", "12,000"). */
gboolean pos_money_parse(const char *text, PosMoney *out, GError **error);

/* "12,345" into buf (thousands separators, minus sign); returns buf. */
char *pos_money_format(PosMoney v, char *buf, size_t size);
/* "350 g", "1.2 kg" or "3" (pieces) into buf; returns buf. */
char *pos_qty_format(int64_t qty_milli, PosUnit unit, char *buf, size_t size);

G_END_DECLS
#endif
