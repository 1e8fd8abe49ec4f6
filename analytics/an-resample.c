/*
** an-resample.c: resamples of a period's days, for the confidence of a
** verdict or of a core call (docs/ANALYTICS.md, "Confidence").
**
** Method: a bootstrap over days.  Resample k draws as many days as the
** period has, with replacement, and keeps only how often each day was drawn
** (its multiplicity), so that a report re-weighs its daily arrays instead
** of copying them.  The draws come from GLib's Mersenne Twister seeded with
** the configured seed, so the same data and settings give the same
** confidence on every machine and every run; the lines and the stores of a
** question see the very same resamples.
**
** Why days: a consultant's doubt is "would another month of the same market
** have said the same?"; days are the unit the stalls' takings vary by (a
** festival day, a rainy week, a stall closed for a funeral).
*/
#include "an-int.h"
#include <string.h>

/* Multiplicities [resamples x n_days]; NULL when resamples is 0 or no day. */
guint32 *an_resample_days(const AnScan *s, guint *n_resamples)
{
  guint k_max = (guint)s->q.config.resamples;
  g_autoptr(GRand) rng = NULL;
  guint32 *counts;
  *n_resamples = 0;
  if (k_max == 0 || s->n_days == 0)
    return NULL;
  rng = g_rand_new_with_seed((guint32)s->q.config.seed);
  counts = g_new0(guint32, (gsize)k_max * s->n_days);
  for (guint k = 0; k < k_max; k++)
    for (guint i = 0; i < s->n_days; i++)
      counts[(gsize)k * s->n_days + (guint)g_rand_int_range(rng, 0, (gint32)s->n_days)]++;
  *n_resamples = k_max;
  return counts;
}

/*
** The stalls' daily revenue day-major, [n_days x n_stalls]: a resample
** then adds whole rows of the stalls, one for each day it drew, instead of
** walking every stall's every day (a third of which a resample never
** draws); the rows are contiguous, so the adds vectorise.
*/
int64_t *an_resample_by_day(const AnScan *s)
{
  int64_t *t = g_new(int64_t, (gsize)s->n_days * s->n_stalls + 1);
  for (guint st = 0; st < s->n_stalls; st++)
    for (guint d = 0; d < s->n_days; d++)
      t[(gsize)d * s->n_stalls + st] = s->daily_rev[(gsize)st * s->n_days + d];
  return t;
}

/*
** Every stall's revenue in one resample: the sum of its daily revenue, each
** day as often as it was drawn.  Integers (won), so the order of the adds
** does not change the sums.
*/
void an_resample_stall_revenue(const AnScan *s, const int64_t *by_day, const guint32 *counts,
                               int64_t *out)
{
  memset(out, 0, sizeof *out * s->n_stalls);
  for (guint d = 0; d < s->n_days; d++) {
    const int64_t c = counts[d];
    const int64_t *row = by_day + (gsize)d * s->n_stalls;
    if (c == 0)
      continue;
    for (guint st = 0; st < s->n_stalls; st++)
      out[st] += c * row[st];
  }
}

/* A stall's line revenue re-weighed by its takings in a resample. */
int64_t an_resample_scale(int64_t line_revenue, int64_t resampled, int64_t total)
{
  if (total <= 0 || line_revenue == 0)
    return line_revenue;
  return an_muldiv_round(line_revenue, resampled, total);
}
