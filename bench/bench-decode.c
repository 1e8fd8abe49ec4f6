/*
** bench-decode.c: the hub's decoding of a POST /v1/events body on its own,
** CPU per sale, without HTTP, SQLite or neighbours' noise.
**
** Why.  bench-ingest measures the whole hub against the SQLite floor, but
** on a shared machine its rates move fourfold with the load; the decoding
** half of the hub's CPU (docs/BENCHMARKS.md, "Hub ingest") is better
** compared one build against another here: the same body decoded over and
** over on one thread, timed with the thread's own CPU clock, and under
** `valgrind --tool=callgrind` counted in instructions, which no neighbour
** changes.
**
** Method.  One body of BATCH sales made as bench-ingest makes them (the
** same five products, one to three lines, cash or card; the codec's
** encoder, cJSON's compact printer), then ROUNDS rounds of REPS decodes:
** hub_batch_decode (the strict parse, every document checked to the won,
** the stored JSON), hub_batch_answer and the frees, exactly what the
** hub's connection thread does before and after the store.  Prints the
** median and the range of the rounds' CPU per sale.
**
** Usage: bench-decode [REPS [ROUNDS]]   (defaults 200 and 7)
*/
#include "bench-sales.h"
#include "hub-ingest.h"
#include "wire-codec.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BATCH 200

static PosProduct *catalog[BENCH_CATALOG_LEN];

/* Sale k of the body as event JSON (the envelope with its doc), as a till sends it. */
static void sale_event(GString *out, int k, int64_t t_ms)
{
  g_autoptr(PosSale) s = bench_sale_new(catalog, 1, k, t_ms);
  char id[POS_UUID_LEN + 1];
  pos_uuid7(t_ms, id);
  g_autoptr(cJSON) ev = wire_event_to_json(id, WIRE_EVENT_SALE, s->device_time_ms,
                                           s->business_day, wire_sale_to_json(s));
  g_autofree char *raw = wire_json_print_cjson(ev);
  g_string_append(out, raw);
}

/* This thread's CPU time in seconds: what a neighbour's load changes least. */
static double thread_cpu_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* qsort's order for the rounds' figures. */
static int cmp_dbl(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The body once, then the timed rounds, then the median and range. */
int main(int argc, char **argv)
{
  int reps = argc > 1 ? atoi(argv[1]) : 200, rounds = argc > 2 ? atoi(argv[2]) : 7;
  if (reps < 1 || rounds < 1 || rounds > 99)
    g_error("usage: bench-decode [REPS [ROUNDS]] (REPS >= 1, ROUNDS 1-99)");
  bench_catalog_init(catalog);
  int64_t t0 = 1764115200000LL;   /* 2025-11-26 09:00 KST */
  GString *body = g_string_new("{\"device_id\":\"BENCH\",\"sent_ms\":1764115400000,\"events\":[");
  for (int k = 0; k < BATCH; k++) {
    if (k)
      g_string_append_c(body, ',');
    sale_event(body, k, t0 + k * 1000);
  }
  g_string_append(body, WIRE_BATCH_TAIL);

  double per_sale[99];
  for (int r = 0; r < rounds; r++) {
    double c0 = thread_cpu_s();
    for (int i = 0; i < reps; i++) {
      g_autoptr(GError) e = NULL;
      g_autoptr(HubBatch) b = hub_batch_decode(body->str, body->len, 500, t0 + 300000, &e);
      if (b == NULL || b->events->len != BATCH)
        g_error("decode: %s", e ? e->message : "wrong event count");
      for (guint k = 0; k < b->events->len; k++)
        if (((HubEvent *)g_ptr_array_index(b->events, k))->doc == NULL)
          g_error("decode: event %u rejected", k);
      g_free(hub_batch_answer(b, t0 + 300000));
    }
    per_sale[r] = (thread_cpu_s() - c0) * 1e6 / ((double)reps * BATCH);
  }
  qsort(per_sale, (size_t)rounds, sizeof per_sale[0], cmp_dbl);
  printf("decode: %d rounds of %d batches of %d sales (%zu bytes a batch)\n"
          "| CPU per sale, median | min | max |\n| --- | --- | --- |\n"
          "| %.2f µs | %.2f µs | %.2f µs |\n",
          rounds, reps, BATCH, body->len, per_sale[rounds / 2], per_sale[0],
          per_sale[rounds - 1]);
  g_string_free(body, TRUE);
  bench_catalog_free(catalog);
  return 0;
}
