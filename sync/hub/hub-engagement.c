/*
** hub-engagement.c: the engagement calls of hub-engagement.h, checked here
** once for both stores, then passed through the backend's table.
**
** The checks that need no database (code syntax, the day, the label) run
** before a connection is taken, so a typo never waits for the pool; the
** backend checks what only the database knows (the market, each stall and
** that it belongs to the market) inside the one transaction that writes.
*/
#include "hub-store-int.h"
#include "an-data.h"
#include <string.h>

void hub_engagement_free(HubEngagement *e)
{
  if (e == NULL)
    return;
  g_free(e->market_code);
  g_free(e->start);
  g_free(e->label);
  if (e->stalls)
    g_ptr_array_unref(e->stalls);
  g_free(e);
}

/* A label is shown in tables and PDFs: UTF-8 of sane length, no control characters. */
static gboolean label_check(const char *label, GError **error)
{
  gboolean ok = strlen(label) <= HUB_ENGAGEMENT_LABEL_MAX && g_utf8_validate(label, -1, NULL);
  for (const char *p = label; ok && *p; p = g_utf8_next_char(p))
    ok = !g_unichar_iscntrl(g_utf8_get_char(p));
  if (!ok)
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                "the label must be at most %d bytes of UTF-8 without control characters",
                HUB_ENGAGEMENT_LABEL_MAX);
  return ok;
}

static int compare_codes(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

gboolean hub_store_engagement_add(HubStore *store, const char *market_code,
                                  const char *const *stalls, guint n_stalls,
                                  const char *start, const char *label, int64_t *id,
                                  GError **error)
{
  AnDay day;
  if (!hub_code_check(market_code, "market", error))
    return FALSE;
  if (n_stalls == 0) {
    g_set_error_literal(error, HUB_ERROR, HUB_ERROR_INVALID,
                        "an engagement needs at least one stall");
    return FALSE;
  }
  if (start == NULL || !an_day_parse(start, &day)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "the start must be a day YYYY-MM-DD, not '%s'",
                start ? start : "");
    return FALSE;
  }
  if (!label_check(label ? label : "", error))
    return FALSE;
  /* sorted and deduplicated, so a stall given twice is one row */
  g_autoptr(GPtrArray) codes = g_ptr_array_new();
  for (guint i = 0; i < n_stalls; i++) {
    if (!hub_code_check(stalls[i], "stall", error))
      return FALSE;
    g_ptr_array_add(codes, (gpointer)stalls[i]);
  }
  g_ptr_array_sort(codes, compare_codes);
  guint n = 0;
  for (guint i = 0; i < codes->len; i++)
    if (n == 0 || strcmp(codes->pdata[n - 1], codes->pdata[i]) != 0)
      codes->pdata[n++] = codes->pdata[i];
  char iso[AN_DAY_ISO_LEN];
  an_day_format(day, iso);
  return store->backend->engagement_add(store, market_code, (const char *const *)codes->pdata,
                                        n, iso, label ? label : "", id, error);
}

GPtrArray *hub_store_engagement_list(HubStore *store, const char *market_code, GError **error)
{
  if (market_code && !hub_code_check(market_code, "market", error))
    return NULL;
  return store->backend->engagement_list(store, market_code, 0, error);
}

HubEngagement *hub_store_engagement_get(HubStore *store, int64_t id, GError **error)
{
  g_autoptr(GPtrArray) list =
    id > 0 ? store->backend->engagement_list(store, NULL, id, error) : NULL;
  if (id > 0 && list == NULL)
    return NULL;
  if (list == NULL || list->len == 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_NOT_FOUND, "no engagement %" G_GINT64_FORMAT, id);
    return NULL;
  }
  return g_ptr_array_steal_index(list, 0);
}
