/*
** hub-onnuri-store.c: hub_store_onnuri_receipts, its arguments checked once
** for both stores, then a call through the backend's table.
*/
#include "hub-store-int.h"

GArray *hub_store_onnuri_receipts(HubStore *store, const char *market_code, const char *from,
                                  const char *to, GError **error)
{
  AnPeriod p;
  if (!hub_code_check(market_code, "market", error))
    return NULL;
  if (!an_period_parse(from, to, &p, error)) {
    if (error && *error && (*error)->domain == AN_ERROR) {
      (*error)->domain = HUB_ERROR;
      (*error)->code = HUB_ERROR_INVALID;
    }
    return NULL;
  }
  return store->backend->onnuri_receipts(store, market_code, from, to, error);
}
