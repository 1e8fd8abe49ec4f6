/*
** wire-arena-int.h: sync/wire's own entry into the parse arena
** (wire-arena.c); nothing outside sync/wire includes it.
*/
#ifndef WIRE_ARENA_INT_H
#define WIRE_ARENA_INT_H

#include "wire-codec.h"

/*
** cJSON_ParseWithLengthOpts (no terminating NUL required) with every node
** allocated in a.  Transfer none: the tree lives until wire_arena_free(a)
** and is never passed to cJSON_Delete.
*/
cJSON *wire_arena_parse(WireArena *a, const char *body, gsize len, const char **end);

#endif
