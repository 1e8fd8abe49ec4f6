/*
** till-test-util.h: helpers shared by the till's tests (ui/till/tests/).
*/
#ifndef TILL_TEST_UTIL_H
#define TILL_TEST_UTIL_H

#include "till-model.h"

/*
** The model and sync tests run at one fixed clock (MPOS_NOW), so business
** days and receipt numbers do not depend on when they run: ttu_init sets it
** and initialises GTest, in place of each main doing both.
*/
#define TTU_NOW "2026-11-26T10:00:00+09:00"
void ttu_init(int *argc, char ***argv);

/* The demo catalog from the source tree ($MPOS_SRCDIR/seeds). Transfer full. */
GBytes *ttu_demo_catalog(void);
/* A throwaway demo ledger with the demo catalog; aborts the test on failure. */
TillModel *ttu_demo_model(void);
/* Marks the till enrolled with hub_url (a device token is stored). */
void ttu_enroll(TillModel *model, const char *hub_url);
/* An EAN-13 made of the 12 digits given plus the right check digit. Transfer full. */
char *ttu_ean13(const char *twelve);
/*
** Waits (on the main loop, up to timeout_ms) for the model's sync job to
** send "finished"; with start, first starts a push (asserted), else the
** job must be running already.  The hub and the offline sync tests wait
** the same way.
*/
void ttu_sync_wait(TillModel *m, gboolean start, guint timeout_ms);
/* Runs the default main context until *flag is TRUE or timeout_ms passes. */
gboolean ttu_wait_for(const gboolean *flag, guint timeout_ms);

/* Asserts a refusal: POS_ERROR code, and a message containing want. */
void ttu_assert_refused(GError *error, int code, const char *want);
/* Four apples and 450 g of pork: 10,000 + 7,560 = 17,560 won. */
void ttu_fill_cart(TillModel *m);
/* Rings ttu_fill_cart() and pays 20,000 cash; returns the sale's id. Transfer full. */
char *ttu_ring_cash_sale(TillModel *m);

#endif
