/* SPDX-License-Identifier: MIT */
/*
 * arena.h: bump allocation for data that lives exactly as long as one
 * article or one layout. Nothing is freed individually; arena_fini releases
 * everything at once. Allocations are aligned for any scalar type.
 */
#ifndef TSUNDOKU_ARENA_H
#define TSUNDOKU_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena_owned;

struct arena {
	struct arena_chunk *head;	/* newest chunk, allocated from */
	size_t used;			/* bytes used in head */
	size_t total;			/* bytes handed out, for statistics */
	struct arena_owned *owned;	/* heap blocks given to the arena */
};

/* Make a an empty arena; no memory is taken until the first allocation. */
void arena_init(struct arena *a);

/* Release every chunk of a and make it empty again. */
void arena_fini(struct arena *a);

/* Return n bytes, aligned, valid until arena_fini; never NULL. */
void *arena_alloc(struct arena *a, size_t n);

/* Make a own the heap block p (from xmalloc or xreallocarray): it is
 * freed by arena_fini. A large array built on the heap then joins the
 * arena without being copied. */
void arena_own(struct arena *a, void *p);

/* Return n zeroed elements of size bytes each. */
void *arena_calloc(struct arena *a, size_t n, size_t size);

/* Return a NUL-terminated copy of len bytes of s, owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

#endif
