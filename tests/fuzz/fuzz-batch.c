/*
** fuzz-batch.c: libFuzzer target for what a till's POST /v1/events body
** reaches before the store: the strict JSON reader, the batch and every
** event decoded (hub_batch_decode: envelopes, documents with their sums,
** products, day closes), the hub's answer (hub_batch_answer) read back by
** the till's decoder, and the receipt page (hub_html_receipt) of every
** document that decoded.
**
** Properties beyond "no crash, no sanitizer report": the answer the hub
** writes must always be one its own clients accept, with one result per
** event; a receipt page is never empty; every payload the hub would store
** (since issue 16 the body's own bytes, placed by a scan of the body)
** reads back as one JSON object.  A broken property aborts, which
** libFuzzer reports like a crash.
*/
#include "hub-ingest.h"
#include "hub-server-int.h"
#include <stdlib.h>

/* A fixed "now" inside the one range of days: decoding must not depend on the clock. */
#define FUZZ_NOW_MS G_GINT64_CONSTANT(1795689060000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HubBatch) b = hub_batch_decode((const char *)data, size, 500, FUZZ_NOW_MS, &error);
  if (b == NULL)
    return 0;
  HubStall stall = {1, "S001", "<b>행복청과</b>", 1, "M01", "가온시장 & <script>", 0};
  for (guint i = 0; i < b->events->len; i++) {
    const HubEvent *ev = g_ptr_array_index(b->events, i);
    /* the kept payload (the body's own bytes, or printed again) is one JSON object */
    if (ev->json != NULL) {
      g_autoptr(cJSON) kept = wire_json_parse_object(ev->json, strlen(ev->json), NULL);
      if (kept == NULL)
        abort();
    }
    if (ev->doc == NULL)
      continue;
    g_autofree char *page = hub_html_receipt(ev->doc, &stall);
    if (page == NULL || page[0] == '\0')
      abort();
  }
  g_autofree char *answer = hub_batch_answer(b, FUZZ_NOW_MS);
  g_auto(WireBatchAnswer) a = {0};
  if (!wire_batch_answer_parse(answer, strlen(answer), &a, NULL) || a.results->len != b->events->len)
    abort();
  return 0;
}
