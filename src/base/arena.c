/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"

#define ARENA_CHUNK_SIZE (64 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

/* A heap block the arena frees; the record itself lives in the arena. */
struct arena_owned {
	struct arena_owned *next;
	void *p;
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
	a->total = 0;
	a->owned = NULL;
}

void
arena_fini(struct arena *a)
{
	struct arena_chunk *c = a->head;

	for (struct arena_owned *o = a->owned; o != NULL; o = o->next)
		free(o->p);
	while (c != NULL) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena_init(a);
}

/* Start a new chunk big enough for n bytes. Oversized requests get a chunk
 * of their own. */
static void
arena_grow(struct arena *a, size_t n)
{
	size_t size = n > ARENA_CHUNK_SIZE ? n : ARENA_CHUNK_SIZE;
	struct arena_chunk *c = xmalloc(sizeof *c + size);

	c->next = a->head;
	c->size = size;
	a->head = c;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);

	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	if (a->head == NULL || a->head->size - a->used < n)
		arena_grow(a, n);
	void *p = a->head->data + a->used;
	a->used += n;
	a->total += n;
	return p;
}

void
arena_own(struct arena *a, void *p)
{
	struct arena_owned *o = arena_alloc(a, sizeof *o);

	o->p = p;
	o->next = a->owned;
	a->owned = o;
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		abort();
	void *p = arena_alloc(a, n * size);
	memset(p, 0, n * size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
