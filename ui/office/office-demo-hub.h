/*
** office-demo-hub.h: a throwaway market-hub on loopback, seeded with the
** generated demo markets, for screenshots, tests and the benchmark.
**
** `market-office --screenshot` needs nothing else: it makes a hub database,
** seeds it (`market-hub seed`, deterministic), adds three users (an admin,
** a manager of M01 and M02, a consultant of M01) and a stall of M01 that
** never synced, serves it on 127.0.0.1 with a port the hub picks, and
** waits for /healthz.  The hub process dies with ours (PR_SET_PDEATHSIG)
** and its files go with office_demo_hub_stop.
**
** The market-hub program is found through $MPOS_HUB, else beside this
** program (the build tree puts every program in BUILD/bin/, an install in
** the same bindir), else on $PATH.
** Seeding takes seconds; with cache_dir set the seeded database (and its
** users' tokens, mode 0600) is kept there and reused by later runs.  With
** prepared_dir set nothing is seeded: a hub someone else built (`make
** demo`'s, whose history ends yesterday) is served as it is, so the
** screenshots show the same figures as that demo's reports.
*/
#ifndef OFFICE_DEMO_HUB_H
#define OFFICE_DEMO_HUB_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int markets, stalls, days;    /* market-hub seed options; 0: 3, 12, 63 */
  const char *cache_dir;        /* keep and reuse the seeded hub here, or NULL */
  gboolean unsynced_stall;      /* add M01-S99, registered and never synced */
  const char *prepared_dir;     /* or serve DIR/hub.sqlite with the tokens of
                                   DIR/tokens.ini ([tokens] demo-admin,
                                   demo-manager of M01 and M02, demo-consultant
                                   of M01): never seeded, changed or removed */
} OfficeDemoOptions;

/* The seed's last day (seeds/README.md) and the morning after, when the demo "is". */
#define OFFICE_DEMO_LAST_DAY "2026-11-25"
/*
** What a seeded demo hub holds, as a number: raised whenever that changes
** (2: one engagement in M01), so that a hub cached by an older build
** ($MPOS_OFFICE_DEMO_CACHE) is not reused and made again instead.
*/
#define OFFICE_DEMO_RECIPE 2
#define OFFICE_DEMO_MORNING_MS G_GINT64_CONSTANT(1795651200000)   /* 2026-11-26 09:00 KST */

typedef struct _OfficeDemoHub OfficeDemoHub;

typedef enum {
  OFFICE_DEMO_ADMIN = 0,
  OFFICE_DEMO_MANAGER,          /* M01 and M02 */
  OFFICE_DEMO_CONSULTANT,       /* M01 only */
  OFFICE_DEMO_N_USERS
} OfficeDemoUser;

/* The market-hub program, as described above. Transfer full. */
char *office_demo_hub_program(GError **error);
/* Makes, seeds and serves a demo hub. Transfer full (office_demo_hub_stop). */
OfficeDemoHub *office_demo_hub_start(const OfficeDemoOptions *options, GError **error);
/*
** The time the demo "is", Unix ms: OFFICE_DEMO_MORNING_MS for a hub seeded
** here, 0 (the real clock, or $MPOS_NOW) for a prepared one.
*/
gint64 office_demo_hub_now_ms(OfficeDemoHub *hub);
/* http://127.0.0.1:PORT. Transfer none. */
const char *office_demo_hub_url(OfficeDemoHub *hub);
/* The token of a demo user. Transfer none. */
const char *office_demo_hub_token(OfficeDemoHub *hub, OfficeDemoUser user);
/* Runs market-hub --db THE_DB ARGS... (NULL-terminated); its stdout's last line. Full. */
char *office_demo_hub_command(OfficeDemoHub *hub, GError **error, ...) G_GNUC_NULL_TERMINATED;
/* Stops the hub (SIGTERM, wait) and removes a throwaway database. */
void office_demo_hub_stop(OfficeDemoHub *hub);

G_END_DECLS
#endif
