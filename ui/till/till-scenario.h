/*
** till-scenario.h: scripted states of the till, and pictures of them.
**
** `stall-pos --screenshot FILE.png --scenario NAME` builds the window,
** drives the model (and opens a dialog) to a named state, lets GTK lay it
** out, and writes what is on screen as a PNG: the window, and the dialog
** on top as a modal dialog looks, over a dimmed window.  The same
** scenarios drive the benchmarks.
**   empty     the till, nothing rung
**   cart      weighed and piece goods, a line discount, VAT and exempt
**   payment   the payment dialog: a card part taken, cash being counted
**   receipt   a committed split-tender sale's receipt with its QR
**   close     the day closed: the Z report and the drawer's over/short
**   offline   sales waiting, the hub unreachable, the sync details
** and one per remaining screen: weight, discount, sales (today's sales
** with a split-tender sale chosen), products, settings, open-day (a sale
** after the day was closed asks for the float).
*/
#ifndef TILL_SCENARIO_H
#define TILL_SCENARIO_H

#include "till-window.h"
#include "ui-batch.h"   /* ui_batch_settle, for the callers of a scenario */

G_BEGIN_DECLS

/* The scenario names, NULL-terminated. */
const char *const *till_scenario_names(void);
gboolean till_scenario_valid(const char *name);
/* Drives win's model to the state name and opens its dialog, if any. */
gboolean till_scenario_apply(TillWindow *win, const char *name, GError **error);
/* Renders the window (and its dialog on top, if any) into a PNG file. */
gboolean till_scenario_snapshot(TillWindow *win, const char *png_path, GError **error);

G_END_DECLS
#endif
