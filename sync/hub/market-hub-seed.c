/*
** market-hub-seed.c: `seed`: the generated demo world through the real
** ingest (hub-seed.h), with a progress meter on standard output.
*/
#include "market-hub-int.h"
#include "mb-clock.h"
#include "hub-seed.h"
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- seed ------------------------------------------------------------------------ */

/*
** Seeding a demo hub takes seconds to a minute, so it shows how far it is:
** on a terminal one line redrawn in place (a bar, the stalls done, the
** documents stored); into a pipe or a file, where carriage returns would
** pile up, one plain line per market as it is finished.
*/
typedef struct {
  gboolean terminal;
  char market[16];              /* the market being seeded, "" before the first */
  guint stall_no, n_stalls;
  guint64 documents;
} SeedMeter;

#define SEED_BAR_WIDTH 30

static void seed_meter_draw(const SeedMeter *m)
{
  char bar[SEED_BAR_WIDTH + 1];
  guint filled = m->n_stalls ? m->stall_no * SEED_BAR_WIDTH / m->n_stalls : 0;
  for (guint i = 0; i < SEED_BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '.';
  bar[SEED_BAR_WIDTH] = '\0';
  printf("\rseeding [%s] %u/%u stalls, %" G_GUINT64_FORMAT " documents", bar, m->stall_no,
         m->n_stalls, m->documents);
  fflush(stdout);
}

static void seed_meter_market_done(const SeedMeter *m)
{
  if (m->market[0] != '\0')
    printf("seeding: %s done, %u/%u stalls, %" G_GUINT64_FORMAT " documents\n", m->market,
           m->stall_no, m->n_stalls, m->documents);
}

static void seed_progress(const SeedStall *stall, guint stall_no, guint n_stalls,
                          guint64 documents, gpointer data)
{
  SeedMeter *m = data;
  if (!m->terminal && strcmp(m->market, stall->market_code) != 0) {
    seed_meter_market_done(m);
    g_strlcpy(m->market, stall->market_code, sizeof m->market);
  }
  m->stall_no = stall_no;
  m->n_stalls = n_stalls;
  m->documents = documents;
  if (m->terminal)
    seed_meter_draw(m);
}

/* The last market's line, or the bar full and its line ended. */
static void seed_meter_finish(SeedMeter *m)
{
  m->stall_no = m->n_stalls;
  if (m->terminal && m->n_stalls > 0) {
    seed_meter_draw(m);
    putchar('\n');
  } else if (!m->terminal) {
    seed_meter_market_done(m);
  }
}

/*
** Fills the hub with the generated demo world through the real ingest
** (seeds/README.md says what it plants).  Running it again with the same
** options stores nothing new.  The world ends yesterday by default (the
** Asia/Seoul day before today, which MPOS_NOW fixes), so a demo seeded
** today reads as recent history.
*/
int mh_cmd_seed(const MhCli *cli, int argc, char **argv)
{
  SeedOptions o;
  seed_options_init(&o);
  mb_day_format(mb_clock_day(pos_now_ms()) - 1, o.until);
  g_autofree char *until = NULL;
  gint seed = (gint)o.seed;
  GOptionEntry entries[] = {
    {"markets", 0, 0, G_OPTION_ARG_INT, &o.markets, N_("markets (default 5)"), "N"},
    {"stalls", 0, 0, G_OPTION_ARG_INT, &o.stalls, N_("stalls per market (default 20)"), "N"},
    {"days", 0, 0, G_OPTION_ARG_INT, &o.days, N_("days of sales (default 90)"), "N"},
    {"until", 0, 0, G_OPTION_ARG_FILENAME, &until, N_("last day (default yesterday)"), "DAY"},
    {"receipts", 0, 0, G_OPTION_ARG_INT, &o.receipts,
     N_("a mid-size stall's receipts on a plain day (default 40)"), "N"},
    {"seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("random seed (default 1)"), "N"},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};
  g_autoptr(GError) error = NULL;
  if (!mh_parse_flags("[--markets N] [--stalls N] [--days N] [--until DAY] [--receipts N] "
                      "[--seed N]", entries, &argc, &argv, 0, &error))
    return mh_fail(error);
  if (until != NULL && !wire_day_valid(until))
    return mh_usage(_("--until takes a day YYYY-MM-DD"), NULL);
  if (until != NULL)
    g_strlcpy(o.until, until, sizeof o.until);
  o.seed = (guint32)seed;
  g_autoptr(HubStore) store = mh_open_store(cli, &error);
  HubSeedStats st;
  SeedMeter meter = {isatty(STDOUT_FILENO), "", 0, 0, 0};
  gboolean seeded = store != NULL && hub_seed_run(store, &o, seed_progress, &meter, &st, &error);
  if (meter.n_stalls > 0)
    seed_meter_finish(&meter);
  if (!seeded) {
    if (error->domain == POS_ERROR)   /* the generator's own checks */
      return mh_usage(error->message, NULL);
    return mh_fail(error);
  }
  printf("seeded %u new markets, %u new stalls: %" G_GUINT64_FORMAT " documents (%"
         G_GUINT64_FORMAT " accepted, %" G_GUINT64_FORMAT " already there) in %.1f s\n",
         st.markets, st.stalls, st.documents, st.accepted, st.duplicates, st.seconds);
  return 0;
}
