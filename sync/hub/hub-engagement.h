/*
** hub-engagement.h: the market-doctor program's engagements, kept in the hub.
**
** An engagement is the program's help to some stalls of one market from a
** start day on (a consultant's visits, a nurtured group): the impact
** report (hub-impact.h) compares those stalls with matched stalls that had
** none.  Each store keeps them in two tables, engagement (keyed by market)
** and engagement_stall (SQLite schema 4, PostgreSQL schema 3); the calls
** below go through the store's backend table like every hub_store_*.
*/
#ifndef HUB_ENGAGEMENT_H
#define HUB_ENGAGEMENT_H

#include "hub-store.h"

G_BEGIN_DECLS

typedef struct {
  int64_t id;
  char *market_code;
  char *start;                  /* first day of the help, YYYY-MM-DD */
  char *label;                  /* "" when none was given */
  GPtrArray *stalls;            /* char * stall codes, sorted */
  int64_t created_ms;
} HubEngagement;

void hub_engagement_free(HubEngagement *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubEngagement, hub_engagement_free)

/* Longest label, in bytes of UTF-8. */
#define HUB_ENGAGEMENT_LABEL_MAX 200

/*
** Records an engagement of the stalls (n_stalls codes, at least one; a code
** given twice counts once) of a market from start on.  INVALID for a bad
** code, day or label, or a stall of another market; NOT_FOUND for an
** unknown market or stall.  Nothing is stored on error.  *id gets the new
** engagement's id.  Strings: transfer none.
*/
gboolean hub_store_engagement_add(HubStore *store, const char *market_code,
                                  const char *const *stalls, guint n_stalls,
                                  const char *start, const char *label, int64_t *id,
                                  GError **error);

/*
** The engagements of a market (NULL: every market), by id.  NOT_FOUND for
** an unknown market.  Array of HubEngagement *, transfer full.
*/
GPtrArray *hub_store_engagement_list(HubStore *store, const char *market_code,
                                     GError **error);

/* One engagement by id; NOT_FOUND when there is none.  Transfer full. */
HubEngagement *hub_store_engagement_get(HubStore *store, int64_t id, GError **error);

G_END_DECLS
#endif
