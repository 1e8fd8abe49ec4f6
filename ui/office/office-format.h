/*
** office-format.h: figures as the office screens and tooltips show them.
**
** Plain GLib (no GTK) so that the model tests can check the texts a
** manager reads.  Money is grouped by thousands with the won unit of the
** UI's language; an undefined ratio is "-" everywhere, never 0; times are
** Asia/Seoul, the markets' clock, whatever the machine's time zone.
*/
#ifndef OFFICE_FORMAT_H
#define OFFICE_FORMAT_H

#include "office-data.h"

G_BEGIN_DECLS

/* "1,234,567" (a minus sign for negatives). Transfer full. */
char *office_format_count(int64_t v);
/* "1,234,567원" / "1,234,567 won". Transfer full. */
char *office_format_won(int64_t won);
/* "12.3%" from a ratio 0.123; "-" when undefined. Transfer full. */
char *office_format_percent(AnRatio r, int decimals);
/* "62% · fragile" for a fragile call, "95%" otherwise, "-" undefined. Transfer full. */
char *office_format_confidence(AnRatio confidence, gboolean fragile);
/* "+11.1%", "−3.2%", "0.0%" from a growth ratio; "-" when undefined. Transfer full. */
char *office_format_change(AnRatio growth);
/* A plain number with the given decimals ("1.61"); "-" when undefined. Transfer full. */
char *office_format_ratio(AnRatio r, int decimals);
/* "2026-11-26 09:12" (Asia/Seoul) from Unix ms. Transfer full. */
char *office_format_time(gint64 unix_ms);
/*
** How long a stall has been silent, as of now_ms: "3 hours ago", "5 days
** ago", "never synced" (last_ms < 0).  Transfer full.
*/
char *office_format_sync_age(int64_t last_ms, gint64 now_ms);
/* "2026-10-27 – 2026-11-25". Transfer full. */
char *office_format_period(const char *from, const char *to);
/* The verdict in the UI's language ("경쟁력" / "competitive"). Transfer none. */
const char *office_verdict_label(AnVerdict verdict);
/*
** A score part's name in the UI's language ("특화(LQ)" / "Specialisation
** (LQ)"); stores: a part of the stores score.  Transfer none.
*/
const char *office_part_label(gboolean stores, const char *name, const char *hub_label);
/* A tender method in the UI's language ("현금", "온누리 종이"...). Transfer none. */
const char *office_method_label(const char *method);

G_END_DECLS
#endif
