/*
** office-test-util.h: helpers shared by the office app's tests
** (ui/office/tests/): a small seeded demo hub, a TCP relay in front of it
** that can be told to stop answering, ports that never answer or refuse,
** and waiting for the model without blocking the main loop.
*/
#ifndef OFFICE_TEST_UTIL_H
#define OFFICE_TEST_UTIL_H

#include "office-demo-hub.h"
#include "office-model.h"
#include <gio/gio.h>

G_BEGIN_DECLS

/* The tests' period: 28 days ending at the seed's last day, and its seed. */
#define OTU_FROM "2026-10-29"
#define OTU_TO "2026-11-25"

/*
** A demo hub of 2 markets x 8 stalls x 56 days (enough for the period and
** its comparison period) with the unsynced stall M01-S99; aborts the test
** on failure.  Transfer full.
*/
OfficeDemoHub *otu_hub_start(void);

/* A relay on 127.0.0.1 to a hub: FORWARD passes bytes, SILENT holds every
** new connection open and never answers, CLOSE hangs up at once, ANSWER
** reads the request and answers 200 with the body otu_relay_set_answer
** gave (a hub that sends what no hub should). */
typedef enum {
  OTU_RELAY_FORWARD = 0,
  OTU_RELAY_SILENT,
  OTU_RELAY_CLOSE,
  OTU_RELAY_ANSWER
} OtuRelayMode;
typedef struct _OtuRelay OtuRelay;

/* Serves in the thread-default main context of the caller. Transfer full. */
OtuRelay *otu_relay_new(const char *target_url);
const char *otu_relay_url(OtuRelay *relay);               /* transfer none */
void otu_relay_set_mode(OtuRelay *relay, OtuRelayMode mode);
/* The body of every ANSWER (copied); the mode becomes ANSWER. */
void otu_relay_set_answer(OtuRelay *relay, const char *body);
void otu_relay_free(OtuRelay *relay);


/*
** Watches how long the UI thread could not run: a 10 ms timer records the
** longest gap between its ticks from start to stop (stop returns it, in
** microseconds).  otu_wait and the UI tests that measure a pending request
** share it, so the measure is the same everywhere.
*/
typedef struct {
  gint64 last, max_gap;
  guint source;
} OtuGapWatch;
void otu_gap_watch_start(OtuGapWatch *w);
gint64 otu_gap_watch_stop(OtuGapWatch *w);

/*
** Runs the main context until the view is no longer LOADING (or
** timeout_ms); returns its state.  While waiting, the longest gap between
** two ticks of a 10 ms timer goes to *max_gap_us (may be NULL): how long
** the UI thread could not run.
*/
OfficeState otu_wait(OfficeModel *m, OfficeView view, guint timeout_ms, gint64 *max_gap_us);
/* Runs the main context until every fetch of the model has ended. */
void otu_drain(OfficeModel *m, guint timeout_ms);

/* A model signed in to url with token, on the tests' period; aborts unless OK. */
OfficeModel *otu_model_signed_in(const char *url, const char *token);

G_END_DECLS
#endif
