/*
** hub-rules.c: the ledger's document rules and the taxonomy's line codes
** as the hub enforces them (internal/hub-rules-int.h).
**
** The rules mirror pos/pos-ledger-sale.c (undo_begin, pos_ledger_refund):
**   - anything after a void of the original is refused (already_voided);
**   - a void after any refund, partial or full, is refused
**     (already_refunded): the ledger says "refund the rest instead";
**   - a refund line must name a line of the original (refunded_from), and
**     all refunds of that line together, this one included, may take at
**     most the quantity and the net amount the line sold (over_refund);
**     the ledger holds its refunds, whole lines or parts, to the same limit
**     (pos_ledger_refund_parts: never more than is left).
** Magnitudes are compared: undo documents carry negative quantities and
** amounts (pos_sale_check holds their signs), sales positive ones.
*/
#include "hub-rules-int.h"

struct HubUndo {
  guint n_lines;
  gboolean voided, refunded;
  int64_t *sold_qty, *taken_qty;   /* per line of the original, milli */
  PosMoney *sold_net, *taken_net;  /* per line of the original, won */
};

HubUndo *hub_undo_new(guint n_lines)
{
  HubUndo *u = g_new0(HubUndo, 1);
  u->n_lines = n_lines;
  u->sold_qty = g_new0(int64_t, MAX(n_lines, 1));
  u->taken_qty = g_new0(int64_t, MAX(n_lines, 1));
  u->sold_net = g_new0(PosMoney, MAX(n_lines, 1));
  u->taken_net = g_new0(PosMoney, MAX(n_lines, 1));
  return u;
}

void hub_undo_free(HubUndo *u)
{
  if (u == NULL)
    return;
  g_free(u->sold_qty);
  g_free(u->taken_qty);
  g_free(u->sold_net);
  g_free(u->taken_net);
  g_free(u);
}

void hub_undo_sold(HubUndo *u, guint line_no, int64_t qty_milli, PosMoney net)
{
  if (line_no >= u->n_lines)
    return;
  u->sold_qty[line_no] = qty_milli;
  u->sold_net[line_no] = net;
}

/*
** What is stored was admitted once (or predates these rules): it is
** counted as it is, never judged again, so a hub that stored a double
** refund before still refuses the next one.
*/
void hub_undo_stored(HubUndo *u, const char *kind, int refunded_from, int64_t qty_milli,
                     PosMoney net)
{
  if (g_strcmp0(kind, "void") == 0) {
    u->voided = TRUE;
    return;
  }
  u->refunded = TRUE;
  if (refunded_from >= 0 && (guint)refunded_from < u->n_lines) {
    u->taken_qty[refunded_from] -= qty_milli;
    u->taken_net[refunded_from] -= net;
  }
}

/*
** A refund's lines are summed per original line first (one refund may
** name a line twice), then held to what is left of each; only when every
** line fits is anything counted.
*/
static gboolean admit_refund(HubUndo *u, HubEvent *ev)
{
  const PosSale *s = ev->doc;
  g_autofree int64_t *qty = g_new0(int64_t, MAX(u->n_lines, 1));
  g_autofree PosMoney *net = g_new0(PosMoney, MAX(u->n_lines, 1));
  for (guint i = 0; i < s->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(s->lines, i);
    if (l->refunded_from < 0 || (guint)l->refunded_from >= u->n_lines) {
      hub_event_reject(ev, SYNC_WIRE_OVER_REFUND,
                       "line %u of refund %s refunds line %d, which sale %s does not have",
                       i + 1, s->id, l->refunded_from + 1, s->original_id);
      return FALSE;
    }
    qty[l->refunded_from] -= l->qty_milli;
    net[l->refunded_from] -= l->net;
  }
  for (guint k = 0; k < u->n_lines; k++)
    if (u->taken_qty[k] + qty[k] > u->sold_qty[k] || u->taken_net[k] + net[k] > u->sold_net[k]) {
      hub_event_reject(ev, SYNC_WIRE_OVER_REFUND,
                       "refund %s takes more of line %u of sale %s than is left of it"
                       " (sold %" G_GINT64_FORMAT " milli for %" G_GINT64_FORMAT " won,"
                       " refunded before %" G_GINT64_FORMAT " milli for %" G_GINT64_FORMAT
                       " won)", s->id, k + 1, s->original_id, u->sold_qty[k], u->sold_net[k],
                       u->taken_qty[k], u->taken_net[k]);
      return FALSE;
    }
  for (guint k = 0; k < u->n_lines; k++) {
    u->taken_qty[k] += qty[k];
    u->taken_net[k] += net[k];
  }
  u->refunded = TRUE;
  return TRUE;
}

gboolean hub_undo_admit(HubUndo *u, HubEvent *ev)
{
  const PosSale *s = ev->doc;
  if (u->voided) {
    hub_event_reject(ev, SYNC_WIRE_ALREADY_VOIDED, "sale %s was already voided", s->original_id);
    return FALSE;
  }
  if (s->kind == POS_DOC_VOID) {
    if (u->refunded) {
      hub_event_reject(ev, SYNC_WIRE_ALREADY_REFUNDED,
                       "sale %s was already refunded in part: refund the rest instead",
                       s->original_id);
      return FALSE;
    }
    u->voided = TRUE;
    return TRUE;
  }
  return admit_refund(u, ev);
}

GHashTable *hub_line_codes_new(void)
{
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

gboolean hub_lines_known(GHashTable *codes, HubEvent *ev)
{
  if (g_hash_table_size(codes) == 0)
    return TRUE;
  if (ev->product != NULL && !g_hash_table_contains(codes, ev->product->line_code)) {
    hub_event_reject(ev, SYNC_WIRE_UNKNOWN_LINE,
                     "product %d has line %s, which the hub's taxonomy does not know",
                     ev->product->plu, ev->product->line_code);
    return FALSE;
  }
  for (guint i = 0; ev->doc != NULL && i < ev->doc->lines->len; i++) {
    const PosLine *l = g_ptr_array_index(ev->doc->lines, i);
    if (!g_hash_table_contains(codes, l->line_code)) {
      hub_event_reject(ev, SYNC_WIRE_UNKNOWN_LINE,
                       "line %u of document %s has line %s, which the hub's taxonomy does"
                       " not know", i + 1, ev->doc->id, l->line_code);
      return FALSE;
    }
  }
  return TRUE;
}
