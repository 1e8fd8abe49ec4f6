/*
** seed-int.h: the generator's insides, shared by seed-gen.c (the world)
** and seed-sales.c (the documents).
*/
#ifndef SEED_INT_H
#define SEED_INT_H

#include "seed-gen.h"
#include <gio/gio.h>

GResource *seeds_get_resource(void);   /* made by glib-compile-resources */

typedef struct {
  char *market;          /* "*" for every market */
  char *line;
  double weight, trend_from, trend_to;
} Profile;

typedef struct {
  char *line;
  char *name;
  PosUnit unit;
  PosMoney price;
  PosTaxClass tax;
  int min_qty, max_qty;  /* pieces, or grams */
} CatalogRow;

/* 설날 or 추석: the day itself (days since epoch), when the markets shut. */
typedef struct {
  int64_t day;
} Holiday;

struct SeedWorld {
  SeedOptions opt;
  int64_t first_day, last_day;   /* days since 1970-01-01 */
  GPtrArray *markets, *stalls, *lines;
  GPtrArray *profiles;           /* Profile* */
  GHashTable *signature;         /* market code -> core line */
  GPtrArray *catalog_rows;       /* CatalogRow* */
  GHashTable *catalogs;          /* line code -> GPtrArray of PosProduct* */
  GArray *holidays;              /* Holiday */
};

/* The catalog row a product was made from. Transfer none. */
CatalogRow *seed_catalog_row(SeedWorld *w, const PosProduct *p);

#endif
