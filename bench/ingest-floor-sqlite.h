/*
** ingest-floor-sqlite.h: bench-ingest's floor on SQLite: the rows the
** SQLite store writes for accepted sales, inserted with bare sqlite3 calls.
**
** A bench helper, not a library: every failure is g_error (the run is
** void, there is nothing to recover).
*/
#ifndef INGEST_FLOOR_SQLITE_H
#define INGEST_FLOOR_SQLITE_H

#include "pos.h"

typedef struct IngestFloor IngestFloor;

/*
** Copies HUB_DB (the hub's database right after its set-up: schema, market
** and stalls; not being written) to PATH and opens the copy with the hub
** writer's settings.  Transfer full.
*/
IngestFloor *ingest_floor_open(const char *hub_db, const char *path);

/* Closes the floor and removes its files. */
void ingest_floor_close(IngestFloor *floor);

/* A batch of sales for the floor (free with g_ptr_array_unref).  Transfer full. */
GPtrArray *ingest_floor_batch_new(void);

/*
** Adds one sale: the stall's row id, the event id, the document (transfer
** full) and its JSON as the hub stores it (copied).
*/
void ingest_floor_batch_add(GPtrArray *batch, int64_t stall_id, const char *event_id,
                            PosSale *sale, const char *json);

/*
** Stores every device's batches (batches[d]: device d's, in order) from one
** connection, taking the devices in turn (batch b of each, then b + 1),
** each batch its own transaction; SQLite has one writer, so more
** connections would only queue.  The run must store expected sales
** (g_error otherwise).  Adds the CPU seconds of the calling thread to
** *cpu_s; returns sales/s.  Transfer none.
*/
double ingest_floor_store_all(IngestFloor *floor, GPtrArray *const *batches, int n_dev,
                              guint64 expected, double *cpu_s);

#endif
