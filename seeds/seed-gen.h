/*
** seed-gen.h: the deterministic generator of demo markets and their sales.
**
** From a seed number and a size (markets, stalls per market, days, last
** day) it builds a world of fictional markets and stalls (the CSV files here,
** compiled in as a GResource) and then every sale, void and refund of every
** stall, as real PosSale documents built by the pos library, so they pass
** the same checks as a till's.  The same options always give the same
** documents, ids included.  What the generator plants on purpose (a
** fish-specialised market, a line growing in one market and shrinking in
** another, two core stores per market, odd paper-Onnuri use, a stall that
** never synced) is written down in seeds/README.md; tests check that the
** analytics find it.
*/
#ifndef SEED_GEN_H
#define SEED_GEN_H

#include "pos.h"

G_BEGIN_DECLS

/*
** The last day seed_options_init gives: fixed, so that a test seeds the same
** world on any day.  `market-hub seed` passes yesterday instead.
*/
#define SEED_FIXED_UNTIL "2026-11-25"

typedef struct {
  int markets;          /* 1..200; default 5 (the named demo markets first) */
  int stalls;           /* per market, 1..500; default 20 */
  int days;             /* 1..3660; default 90 */
  char until[11];       /* last day YYYY-MM-DD; default SEED_FIXED_UNTIL */
  int receipts;         /* a mid-size stall's receipts on a plain day, 1..1000;
                           default 40 (the traffic scales with it) */
  guint32 seed;         /* default 1 */
} SeedOptions;

/* Fills the defaults. */
void seed_options_init(SeedOptions *o);

typedef struct {
  char *code;           /* M01 ... */
  char *name;
  char *description;
} SeedMarket;

typedef struct {
  char *code;           /* M01-S01 ... */
  char *name;
  char *market_code;
  char *line_code;      /* the stall's product line */
  char device_id[5];
  gboolean core;        /* built to be one of the market's core stores */
  gboolean never_synced;/* has no documents at all */
  gboolean odd_onnuri;  /* takes most of its sales in paper Onnuri */
  double size;          /* relative traffic */
} SeedStall;

typedef struct {
  char *code, *name_ko, *name_en;
} SeedLine;

typedef struct SeedWorld SeedWorld;

/* Builds markets, stalls and catalogs; INVALID for options out of range. */
SeedWorld *seed_world_new(const SeedOptions *options, GError **error);  /* transfer full */
void seed_world_free(SeedWorld *world);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SeedWorld, seed_world_free)

GPtrArray *seed_world_markets(SeedWorld *world);   /* SeedMarket*, transfer none */
GPtrArray *seed_world_stalls(SeedWorld *world);    /* SeedStall*, transfer none */
GPtrArray *seed_world_lines(SeedWorld *world);     /* SeedLine*, the taxonomy */
/* The products a stall sells (PosProduct*, PLU 1..n). Transfer none. */
GPtrArray *seed_world_catalog(SeedWorld *world, const SeedStall *stall);

/*
** Receives the documents of one stall in time order, in batches of a few
** thousand (PosSale*, owned by the array: valid during the call; the
** callback may take a document by setting its slot to NULL).  Returning
** FALSE stops the generation with that error.
*/
typedef gboolean (*SeedEmit)(const SeedStall *stall, GPtrArray *docs, gpointer user_data,
                             GError **error);

/* Generates every stall's documents; *n_docs counts them. */
gboolean seed_world_generate(SeedWorld *world, SeedEmit emit, gpointer user_data,
                             guint64 *n_docs, GError **error);

G_END_DECLS
#endif
