/* SPDX-License-Identifier: MIT */
/*
 * md.h: Markdown (md4c, GitHub dialect) to document blocks. Internal to
 * the document layer: doc.c calls it; nothing else should.
 */
#ifndef TSUNDOKU_MD_H
#define TSUNDOKU_MD_H

#include <stdbool.h>
#include <stddef.h>

struct doc;
struct doc_block;
struct doc_link;

/* A stretch of d->src made of whole blocks (doc.c cuts the body into
 * such chunks) and what parsing it gives. */
struct md_chunk {
	size_t start;		/* in: the source range [start, end) */
	size_t end;
	size_t link_base;	/* in: document index of the chunk's first link */
	bool unnumbered;	/* in: link numbers are not known yet (the
				   chunks before are not parsed): links are
				   followed by "[?]", not "[3]" */
	int table_base;		/* in: tables before the chunk; out: tables
				   before the chunk and in it */
	struct doc_block *blocks;	/* out: heap array, the caller's */
	size_t n_blocks;
	struct doc_link *links;		/* out: heap array, the caller's; runs
					   index it from link_base on */
	size_t n_links;
};

/* Parse c->start .. c->end of d->src and return its blocks and links,
 * whose text is allocated in d->arena. md4c accepts any input, and odd
 * constructs (empty image addresses, doubled emphasis markers) render as
 * plain text. Reference definitions are seen only inside the chunk.
 * Return false when md4c gave up part way (out of memory, or stopped
 * because a chunk grew too many table cells): what it gave is kept, and
 * the caller warns that part of the article may be missing. */
bool md_render_chunk(struct doc *d, struct md_chunk *c);

#endif
