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
** Opens PATH, a copy of the hub's database made after its set-up (so the
** hub's schema, market and stalls), with the hub writer's settings.
** Transfer full.
*/
IngestFloor *ingest_floor_open(const char *path);
void ingest_floor_close(IngestFloor *floor);

/* A batch of sales for the floor (free with g_ptr_array_unref).  Transfer full. */
GPtrArray *ingest_floor_batch_new(void);

/*
** Adds one sale: the stall's row id, the event id, the document (transfer
** full) and its JSON as the hub stores it (copied).
*/
void ingest_floor_batch_add(GPtrArray *batch, int64_t stall_id, const char *event_id,
                            PosSale *sale, const char *json);

/* Stores a batch's rows in one transaction.  Returns the sales stored. */
guint ingest_floor_store(IngestFloor *floor, const GPtrArray *batch);

#endif
