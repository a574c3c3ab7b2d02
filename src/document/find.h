/* SPDX-License-Identifier: MIT */
/*
 * find.h: in-article search. Finds every occurrence of a query in a
 * document's rendered text, block by block, with the folding of fold.h
 * (case- and width-insensitive), and reports each hit as a source byte
 * range, the unit every position in tsundoku is kept in.
 *
 * Block text carries no markup and a paragraph is one block, so a hit may
 * span inline markup (`**粗体**和普通`: "体和") and line wraps; it never
 * spans two blocks. Layout is not involved: the reader turns source
 * offsets into rows. Each block is folded once per search and scanned
 * once, so a search is linear in the size of the article (for a query of
 * a few characters: the scan compares the query at each candidate).
 */
#ifndef TSUNDOKU_FIND_H
#define TSUNDOKU_FIND_H

#include <stddef.h>

struct doc;
struct doc_block;

/* One hit. text_off/text_end index the block's rendered text (always on
 * grapheme cluster boundaries); src_off/src_end index doc->src. Where the
 * hit lies in runs that map one to one the source range is exactly its
 * bytes; where it touches a run that does not (a decoded entity, a joined
 * soft break), that run's whole source range is included. */
struct find_hit {
	size_t block;		/* index into doc->blocks */
	size_t text_off;	/* into the block's text */
	size_t text_end;
	size_t src_off;		/* into doc->src */
	size_t src_end;
};

/* The hits of one search, in document order. */
struct find_hits {
	struct find_hit *hits;	/* heap array */
	size_t n;		/* hits in use */
	size_t cap;		/* hits allocated */
};

/* Make h empty without allocating. */
void find_hits_init(struct find_hits *h);

/* Release h's memory and make it empty again; NULL is allowed. */
void find_hits_fini(struct find_hits *h);

/* Replace the contents of out with every occurrence in d's blocks of the
 * user's query s[0..len) (raw text as typed: it is folded here and white
 * space around it is ignored), leftmost first and non-overlapping, in
 * document order. Return the number of hits; 0 for an empty or blank
 * query. Blocks are searched whatever their flags; a caller that hides
 * some blocks skips their hits by hit->block. */
size_t find_in_doc(const struct doc *d, const char *s, size_t len,
		   struct find_hits *out);

/* Map the rendered text range [text_off, text_end) of block b
 * (text_off < text_end <= b->text_len) to the source range it came from,
 * by the block's runs, into *src_off and *src_end. */
void find_text_to_src(const struct doc_block *b, size_t text_off,
		      size_t text_end, size_t *src_off, size_t *src_end);

/* Return the index of the first hit in h that starts at or after the
 * source offset off, h->n when there is none (for "next hit" from the
 * reader's place). */
size_t find_hits_after(const struct find_hits *h, size_t off);

#endif
