/* SPDX-License-Identifier: MIT */
/*
 * anchor.h: a document's rendered text as one string, with the way back
 * to source offsets, and finding a quoted passage in it again (the W3C
 * TextQuoteSelector idea: the quote plus some context on each side).
 *
 * The rendered text is the text of every block of the document, in
 * order, joined with "\n": what the reader shows without its layout, so a
 * passage may span inline markup, list items and paragraph ends. Blocks
 * the reader may hide are included: what they hold does not depend on a
 * setting. This module knows documents, not the database.
 */
#ifndef TSUNDOKU_ANCHOR_H
#define TSUNDOKU_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct doc;

/* One run of rendered text and the source it came from (a copy of a
 * struct doc_run, with its offset in the joined text). */
struct anchor_seg {
	size_t text_off;	/* into anchor_text.text */
	size_t len;		/* bytes of rendered text */
	size_t src_off;		/* into doc->src */
	size_t src_len;		/* equal to len: byte for byte; else the run
				   stands for the whole source range */
};

/* A whole document's rendered text. */
struct anchor_text {
	struct buf text;	/* blocks joined with "\n" */
	struct anchor_seg *segs;	/* heap array, in text order */
	size_t n_segs;
	bool ordered;		/* the segments' source ranges follow each
				   other in order without overlapping (the
				   rule, always observed): lookups by source
				   offset may then search by halves */
	size_t src_len;		/* bytes of the source it was built from */
	struct buf squeezed;	/* the text without white space, made when
				   first needed by anchor_find (data NULL
				   until then) */
	uint32_t *squeeze_map;	/* its bytes' offsets in text (a document
				   is at most DOC_MAX_SIZE bytes) */
};

/* Build t from d, which must be whole (doc_parse_all). */
void anchor_text_init(struct anchor_text *t, const struct doc *d);

/* Build t from only the blocks of d (whole, as above) around the source
 * range [start, end): those it touches and enough before and after to
 * hold margin bytes of text on each side, as far as the document goes.
 * For quoting one range of a long article: a few blocks instead of
 * megabytes. Offsets into t->text are then relative to its first
 * block. */
void anchor_text_init_near(struct anchor_text *t, const struct doc *d,
			   size_t start, size_t end, size_t margin);

/* Release t's memory; NULL is allowed. */
void anchor_text_fini(struct anchor_text *t);

/* Store in [*off, *end) the rendered text of the source range
 * [start, end_src): from the first rendered byte that comes from inside
 * it to the last. Return false (and leave *off, *end alone) when no
 * rendered byte does. */
bool anchor_from_src(const struct anchor_text *t, size_t start,
		     size_t end_src, size_t *off, size_t *end);

/* Store in [*start, *end_src) the source range the rendered text
 * [off, end) came from (whole runs where a run does not map byte for
 * byte). Return false when the range holds no run's text (only "\n"
 * between blocks, or nothing). */
bool anchor_to_src(const struct anchor_text *t, size_t off, size_t end,
		   size_t *start, size_t *end_src);

/* Set prefix and suffix (each cleared first, skipped when NULL) to up to
 * n_chars code points of the rendered text before off and from end on. */
void anchor_context(const struct anchor_text *t, size_t off, size_t end,
		    size_t n_chars, struct buf *prefix, struct buf *suffix);

/* Return the offset of the first occurrence of q[0..qlen) (qlen > 0) in
 * s[from..len), or len when there is none. */
size_t anchor_search(const char *s, size_t len, size_t from, const char *q,
		     size_t qlen);

/* A passage to find again: its texts as saved and its last source
 * range. */
struct anchor_quote {
	const char *quote;	/* not empty */
	const char *prefix;	/* "" when none */
	const char *suffix;
	size_t start, end;	/* source range when saved */
};

/* Return whether q's quote is still exactly the rendered text of its old
 * source range in t (which may be built near that range alone). */
bool anchor_in_place(const struct anchor_text *t,
		     const struct anchor_quote *q);

/* How a passage was found. */
enum anchor_how {
	ANCHOR_IN_PLACE,	/* the quote is still at its source range */
	ANCHOR_CONTEXT,		/* found by the quote and its context (all
				   of it, or at least half, agrees) */
	ANCHOR_QUOTE,		/* found by the quote alone */
	ANCHOR_EDITED,		/* the quote is gone, but it stands with
				   its white space changed, or its context
				   stands around text that may be an edited
				   form of it */
	ANCHOR_LOST,		/* none of the above */
};

/* Find q in t and store its source range in [*start, *end) (unless
 * lost): at its old range if the quote is still exactly there; else at
 * an occurrence of the quote whose context agrees with the saved prefix
 * and suffix (all of it, else at least half of its bytes, next to the
 * quote), else at any occurrence: each time the nearest to the old
 * start; else, when the quote is
 * nowhere: where it stands with its white space ignored (a paragraph
 * wrapped differently), ranked the same way; else between the halves of
 * the saved prefix and suffix nearest to it, if what stands between them
 * is not blank and between half and about twice as long as the quote
 * (nearest to the old start). In those two cases the quote was edited,
 * and the caller takes the new text as its quote. t is not changed but
 * for a cache of its text without white space. */
enum anchor_how anchor_find(struct anchor_text *t,
			    const struct anchor_quote *q, size_t *start,
			    size_t *end);

#endif
