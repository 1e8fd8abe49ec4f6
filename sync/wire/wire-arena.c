/*
** wire-arena.c: a parsed JSON tree in one region of memory, freed at once.
**
** Why.  A 200-event batch parses into some ten thousand cJSON nodes, each
** with its member name and most with a string, every one a malloc, and
** cJSON_Delete frees them one by one: the hub's profile put a fifth of its
** CPU in glibc's allocator for that tree alone (docs/BENCHMARKS.md, "Hub
** ingest").  Here the nodes of one parse are cut from large chunks and the
** chunks are freed together when the tree is no longer needed.
**
** Method.  cJSON takes one process-wide pair of allocation hooks
** (cJSON_InitHooks), and the hub parses on many threads at once, so the
** hooks must be right for every thread and every tree.  They are installed
** once, before main (a constructor: no thread runs yet, and no tree made
** before them is freed through them in a way they would get wrong), and
** they behave exactly as malloc and free unless the calling thread is
** inside wire_arena_parse: a thread-local pointer names the arena being
** filled, only for the length of one cJSON_ParseWithLengthOpts call.
** During that call every allocation is the arena's and every free is of
** the arena's memory (cJSON frees only what that parse made, when it
** fails half way), so a free is then a no-op.  A tree parsed into an arena
** is never given to cJSON_Delete: wire_arena_free releases it.
**
** Under AddressSanitizer each chunk is poisoned and each allocation made
** addressable on its own, with a poisoned gap after it, so that a read past
** a string is still caught as it is with malloc.
*/
#include "wire-codec.h"
#include "wire-arena-int.h"
#include <sanitizer/asan_interface.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_GAP 16
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_GAP 16
#endif
#endif
#ifndef ARENA_GAP
#define ARENA_GAP 0
#endif

typedef struct Chunk {
  struct Chunk *prev;
  gsize size;
  alignas(max_align_t) char data[];
} Chunk;

struct WireArena {
  Chunk *chunk;              /* the one being cut; older ones through prev */
  gsize used;                /* bytes of chunk->data handed out */
  gsize next_size;           /* the next chunk's size: each doubles */
};

/* The arena this thread's current parse fills, or NULL: plain malloc. */
static _Thread_local WireArena *filling;

/* Room for n bytes, at least next_size; the new chunk becomes the current one. */
static void arena_grow(WireArena *a, gsize n)
{
  gsize size = MAX(a->next_size, n);
  Chunk *c = g_malloc(sizeof(Chunk) + size);
  c->prev = a->chunk;
  c->size = size;
  ASAN_POISON_MEMORY_REGION(c->data, size);
  a->chunk = c;
  a->used = 0;
  a->next_size = MIN(size * 2, (gsize)16 << 20);
}

/* Bump allocation, aligned as malloc's memory is. */
static void *arena_alloc(WireArena *a, gsize n)
{
  const gsize align = alignof(max_align_t);
  gsize need = (n + ARENA_GAP + align - 1) & ~(align - 1);
  if (a->chunk == NULL || a->chunk->size - a->used < need)
    arena_grow(a, need);
  void *p = a->chunk->data + a->used;
  a->used += need;
  ASAN_UNPOISON_MEMORY_REGION(p, n);
  return p;
}

static void *hook_malloc(size_t n)
{
  WireArena *a = filling;
  return a ? arena_alloc(a, n) : malloc(n);
}

/* Inside a parse into an arena everything cJSON frees is the arena's. */
static void hook_free(void *p)
{
  if (filling == NULL)
    free(p);
}

__attribute__((constructor)) static void arena_install_hooks(void)
{
  cJSON_Hooks hooks = {hook_malloc, hook_free};
  cJSON_InitHooks(&hooks);
}

/* The first chunk sized from the body: a compact batch parses to about six times its bytes. */
WireArena *wire_arena_new(gsize hint)
{
  WireArena *a = g_new0(WireArena, 1);
  a->next_size = CLAMP(hint, (gsize)4096, (gsize)16 << 20);
  return a;
}

/* Every chunk, with every tree parsed into them. */
void wire_arena_free(WireArena *a)
{
  if (a == NULL)
    return;
  Chunk *c = a->chunk;
  while (c) {
    Chunk *prev = c->prev;
    ASAN_UNPOISON_MEMORY_REGION(c->data, c->size);
    g_free(c);
    c = prev;
  }
  g_free(a);
}

/* cJSON's parse with this thread's allocations redirected into a. */
cJSON *wire_arena_parse(WireArena *a, const char *body, gsize len, const char **end)
{
  filling = a;
  cJSON *o = cJSON_ParseWithLengthOpts(body, len, end, FALSE);
  filling = NULL;
  return o;
}
