/*
** office-scenario.h: scripted states of the office app, and pictures of them.
**
** `market-office --screenshot FILE.png --scenario NAME` starts a demo hub
** (office-demo-hub.h), builds the window, drives it as a manager or a
** consultant would (sign-in form, market menu, rows, tabs), waits for the
** hub's answers, lets GTK lay out, and writes the window as a PNG.
**   signin    the sign-in form, the demo hub's address filled in
**   overview  a manager's morning: M01's figures and stalls (one never synced)
**   stall     one stall opened from the table: trend, heatmap, payments, lines
**   lines     a consultant's product lines of M01, the fish line chosen
**   stores    core stores of M01, the first one chosen
**   offline   the overview after the hub went away: the banner, the data kept
**   refused   a consultant asking for a market outside the token's role
** The demo "is" the morning after the seed's last day, so ages of syncs
** read the same on every run.
*/
#ifndef OFFICE_SCENARIO_H
#define OFFICE_SCENARIO_H

#include "office-demo-hub.h"
#include "ui-batch.h"   /* ui_batch_settle, for the callers of a scenario */
#include "office-window.h"

G_BEGIN_DECLS

/* The scenario names, NULL-terminated. */
const char *const *office_scenario_names(void);
gboolean office_scenario_valid(const char *name);
/*
** Drives win to the state name against the demo hub; the hub may be
** stopped on the way (offline), which is why it is passed by address.
*/
gboolean office_scenario_apply(OfficeWindow *win, OfficeDemoHub **hub, const char *name,
                               GError **error);
/* Runs the main loop until the view is no longer loading, at most timeout_ms. */
OfficeState office_scenario_wait(OfficeModel *model, OfficeView view, guint timeout_ms);
/* Renders the window into a PNG file. */
gboolean office_scenario_snapshot(OfficeWindow *win, const char *png_path, GError **error);
/*
** The speed figures of the brief for a signed-out window: sign-in to the
** first screen drawn, then scrolling and sorting the stalls table; printed
** on stdout.  FALSE when a step did not finish.
*/
gboolean office_scenario_bench(OfficeWindow *win, const char *hub_url, const char *token,
                               const char *market, GError **error);

G_END_DECLS
#endif
