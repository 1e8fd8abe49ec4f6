/*
** till-model-private.h: the TillModel's insides, shared by its four files
** (till-model.c: ledger, entry, cart; till-model-pay.c: payment, receipts;
** till-model-day.c: sales, voids, day close, settings, sync;
** till-model-catalog.c: products and quick keys).  Nothing outside the
** model includes it.
*/
#ifndef TILL_MODEL_PRIVATE_H
#define TILL_MODEL_PRIVATE_H

#include "till-model.h"
#include <glib/gi18n.h>

struct _TillModel {
  GObject parent_instance;
  char *ledger_path;
  char *tmpdir;               /* demo ledgers: removed at finalize */
  PosLedger *ledger;
  PosSettings settings;
  gboolean is_new;
  PosCart *cart;
  GString *entry;
  int selected;
  PosProduct *pending;        /* waiting for a weight */
  char *pending_typed;        /* a number typed before it without a unit, or NULL */
  gboolean paying;
  PosSale *last_sale;
  char *message;
  gboolean message_is_error;
  GPtrArray *products;        /* PosProduct*, all */
  PosSearch *search;          /* the active products, indexed at each catalog load */
  GPtrArray *lines;           /* char*, line codes with active products */
  GHashTable *line_labels;    /* code -> label, from the taxonomy file */
  TillSync *sync;
  gulong sync_handler;
  gboolean enrolled;          /* a hub URL and a device token */
  int64_t pending_events, sent_events, rejected_events;
  gboolean auto_sync;
  guint sync_timer;           /* periodic push */
  guint sync_kick;            /* push soon after a document */
  guint backoff_s;
};

/* Emits "changed" with flags. */
void till_model_emit(TillModel *model, TillChange flags);
/*
** Fails with a message for the merchant: sets *error (domain and code of
** src, the new text) and the message line; frees src.  Returns FALSE.
*/
gboolean till_model_fail(TillModel *model, GError **error, GError *src, const char *text);
/* The same, for a ledger error whose own message is not fit for the screen. */
gboolean till_model_fail_pos(TillModel *model, GError **error, GError *src);
/* A new POS_ERROR with a translated text; sets the message line. Returns FALSE. */
gboolean till_model_refuse(TillModel *model, GError **error, int code, const char *fmt, ...)
  G_GNUC_PRINTF(4, 5);
/* Re-reads the settings (after a change) and the cart rules. */
gboolean till_model_reload_settings(TillModel *model, GError **error);
/* Re-reads the catalog (after a change). */
void till_model_reload_catalog(TillModel *model);
/* Loads LEDGER.taxonomy.json when there is one (till-model-catalog.c). */
void till_model_load_taxonomy(TillModel *model);
/* Sync engine hookup and teardown (till-model-day.c). */
void till_model_sync_setup(TillModel *model);
void till_model_sync_teardown(TillModel *model);
/* A document was committed: refresh counts, push soon. */
void till_model_after_document(TillModel *model);

#endif
