/*
** hub-rules-int.h: the stall ledger's document rules and the taxonomy's
** line codes, as the hub enforces them on every batch; shared by the
** stores (sqlite/, postgres/), private to sync/hub and its backends.
**
** The ledger (pos/pos-ledger-sale.c) refuses to undo a sale twice: a void
** after a void or after any refund, a refund after a void, a refund of a
** line a refund already took.  A till that is buggy or hostile can still
** send such documents, and each would subtract again from every report of
** its market, so the hub applies the same rules.  The rules live here once;
** a store only reads what is stored of one original (its lines, and the
** lines of the voids and refunds already taken from it) into a HubUndo,
** asks hub_undo_admit about each new void or refund in the batch's order,
** and writes only what was admitted.  The store must hold the original
** still while it does (SQLite: its one writer; PostgreSQL: a row lock on
** the original), or two hubs could each admit one void of the same sale.
**
** A refund is judged by quantity and by net amount per line of the
** original, net of earlier refunds, so a refund that reverses part of a
** line (which the ledger never writes, but the protocol can carry) is
** held to what is left of that line.
*/
#ifndef HUB_RULES_INT_H
#define HUB_RULES_INT_H

#include "hub-store.h"

G_BEGIN_DECLS

/* What was sold on one original and what voids and refunds took from it. */
typedef struct HubUndo HubUndo;

/* An original of n_lines lines, nothing sold or taken yet.  Transfer full. */
HubUndo *hub_undo_new(guint n_lines);
void hub_undo_free(HubUndo *u);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubUndo, hub_undo_free)

/* Line line_no of the original sold qty_milli for net won; other numbers ignored. */
void hub_undo_sold(HubUndo *u, guint line_no, int64_t qty_milli, PosMoney net);

/*
** One line of a void or refund already stored against the original
** (kind "void" or "refund", as the stores' doc.kind column holds it):
** refunded_from, qty_milli and net as stored (negative on undo documents).
*/
void hub_undo_stored(HubUndo *u, const char *kind, int refunded_from, int64_t qty_milli,
                     PosMoney net);

/*
** Judges one new void or refund of the original against what is held.
** Admitted: TRUE, and the document is counted as taken, so the next event
** of the batch is judged against it too.  Refused: FALSE with the event
** rejected (already_voided, already_refunded or over_refund) and nothing
** counted.
*/
gboolean hub_undo_admit(HubUndo *u, HubEvent *ev);

/*
** An empty set of line codes, which a store fills from its taxonomy table
** (g_hash_table_add of a g_strdup'ed code; the set frees them).  Transfer
** full.
*/
GHashTable *hub_line_codes_new(void);

/*
** TRUE when every line code of the event (a document's lines, a product's
** line) is in codes; else FALSE with the event rejected as unknown_line.
** An empty set checks nothing: a store nobody gave a taxonomy (one made
** by hub_store_open rather than `market-hub init`, which imports the
** built-in one) has no codes to hold a till to.
*/
gboolean hub_lines_known(GHashTable *codes, HubEvent *ev);

G_END_DECLS
#endif
