/* SPDX-License-Identifier: MIT */
/*
 * layout.h: a document laid out for one width: display lines made of
 * segments, each tagged with its role and inline style and tied to the
 * source byte range it shows. Rows are derived; positions are source
 * offsets (layout_row_for_off maps back), so a new width never loses the
 * reader's place. Knows nothing about the terminal: views turn roles and
 * styles into colours.
 */
#ifndef TSUNDOKU_LAYOUT_H
#define TSUNDOKU_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

struct doc;
struct wrap_lines;

enum layout_role {
	LAYOUT_BLANK,	/* spacing between blocks */
	LAYOUT_TITLE,	/* header: the article's title */
	LAYOUT_META,	/* header: source and date */
	LAYOUT_URL,	/* header: the original address */
	LAYOUT_TEXT,	/* paragraphs, list items, table rows */
	LAYOUT_HEADING,
	LAYOUT_CODE,
	LAYOUT_RULE,
	LAYOUT_IMAGE,	/* an image placeholder line */
	LAYOUT_FOLD,	/* stands for hidden page-interface leftovers */
};

/* How to lay a document out besides the width. */
struct layout_opts {
	int width;		/* columns, at least 1 */
	bool show_leftovers;	/* draw DOC_BLOCK_LEFTOVER blocks instead of
				   one fold line */
	bool wrap_code;		/* wrap code blocks like text; otherwise
				   each code line is one layout line, as
				   wide as it is (the reader scrolls it) */
	const char *date;	/* the header's date as the user wants it
				   shown (date-format); NULL: as written in
				   the front matter. Must outlive the layout */
	int title_lines;	/* the header shows at most this many lines
				   of the title, the last ending in "…";
				   0: all of it */
};

/* A run of text on one line with a single style. */
struct layout_seg {
	const char *text;	/* points into the document or the arena */
	size_t len;		/* bytes */
	int width;		/* columns */
	unsigned style;		/* enum doc_style bits */
	size_t src_off;		/* source offset of the first byte */
};

#define LAYOUT_NO_BLOCK ((size_t)-1)

struct layout_line {
	enum layout_role role;
	size_t block;		/* index of the doc block whose text the
				   segments point into, or LAYOUT_NO_BLOCK
				   for generated text (header, placeholders) */
	int level;		/* heading level, else 0 */
	const char *prefix;	/* quote bars, indent, list marker; never NULL */
	int prefix_width;	/* columns */
	struct layout_seg *segs;
	size_t n_segs;
	int width;		/* columns, prefix included */
	size_t src_off;		/* first source byte the line shows, or the
				   place it stands for; never decreases */
	size_t src_end;		/* one past the last source byte shown */
};

struct layout {
	struct layout_line *lines;	/* heap array */
	size_t n;
	size_t cap;
	int width;			/* the width it was built for */
	bool wrap_code;			/* as in the layout_opts used */
	bool unnumbered;		/* link numbers unknown: images get
					   placeholders without one */
	struct arena arena;		/* segments, prefixes, placeholders */
	struct wrap_lines *scratch;	/* while building: the lines of the
					   block being wrapped, reused from
					   block to block; NULL after */
};

/* Which blocks of a document layout_build_range lays out. */
struct layout_range {
	size_t first;		/* blocks [first, end) of d */
	size_t end;
	bool header;		/* begin with the article's header */
	size_t off;		/* where a blank line before the first block
				   stands when no block comes before it */
	bool unnumbered;	/* link numbers are not known yet */
};

/* Lay out all of d for width columns (at least 1) into lo, which must be
 * new or finished. lo points into d: free lo first. Blocks the tidy pass
 * marked as repeating the header are left out (the header shows them);
 * leftovers become one fold line. */
void layout_build(struct layout *lo, const struct doc *d, int width);

/* The same with explicit options; layout_build wraps code blocks too,
 * so none of its lines is wider than width. */
void layout_build_opts(struct layout *lo, const struct doc *d,
		       const struct layout_opts *opts);

/* Lay out blocks [r->first, r->end) of d into lo, as layout_build_opts
 * lays them out inside the whole document: the blocks before r->first
 * decide whether a blank line comes first and whether a fold of
 * leftovers already stands for the leading ones; a fold counts the
 * leftovers after r->end too. */
void layout_build_range(struct layout *lo, const struct doc *d,
			const struct layout_opts *opts,
			const struct layout_range *r);

/* Free everything lo holds; a zeroed lo is allowed. */
void layout_fini(struct layout *lo);

/* Return the row of the first line that shows source offset off: the last
 * line starting at or before off (the first of several that start at the
 * same offset). 0 for an empty layout. */
size_t layout_row_for_off(const struct layout *lo, size_t off);

/*
 * Lazy layout: a document laid out chunk by chunk (doc.h, "Lazy
 * documents") as lines are asked for, each chunk's lines kept for the
 * options in force until the chunk is parsed again or the options
 * change; at most LAYOUT_LAZY_KEEP chunks are kept, the farthest from the
 * one being laid out dropped first. A place is a chunk and a line in it;
 * every function that takes one may lay out (and parse) chunks, and a
 * place stays valid while generation stays the same.
 */
#define LAYOUT_LAZY_KEEP 16

/* One chunk's lines. */
struct layout_part {
	struct layout lo;
	bool built;		/* lo holds the chunk's lines */
	unsigned version;	/* of the chunk they were built from; 0 never */
};

struct layout_lazy {
	struct doc *d;			/* not owned */
	struct layout_opts opts;
	struct layout_part *parts;	/* heap, by chunk */
	size_t n_parts;
	size_t n_built;			/* parts built now */
	size_t builds;			/* parts built so far (a debug counter) */
	unsigned generation;		/* changes when built lines change */
};

/* A line of a lazy layout. */
struct layout_pos {
	size_t chunk;
	size_t line;
};

/* Start an empty lazy layout of d (which must outlive it) with opts. */
void layout_lazy_init(struct layout_lazy *ll, struct doc *d,
		      const struct layout_opts *opts);

/* Free everything ll holds. */
void layout_lazy_fini(struct layout_lazy *ll);

/* Use opts from now on; when they differ, drop every chunk's lines. */
void layout_lazy_set_opts(struct layout_lazy *ll,
			  const struct layout_opts *opts);

/* Return the layout of chunk i, laying it out (and parsing it) first if
 * needed; NULL when there is no chunk i. */
const struct layout *layout_lazy_chunk(struct layout_lazy *ll, size_t i);

/* Return the line at p, which must be a place of ll. */
const struct layout_line *layout_lazy_line(struct layout_lazy *ll,
					   struct layout_pos p);

/* Return the first line: the header's. */
struct layout_pos layout_lazy_first(struct layout_lazy *ll);

/* Return the last line of the document, laying out its end only. */
struct layout_pos layout_lazy_last(struct layout_lazy *ll);

/* Return the first line showing source offset off, as
 * layout_row_for_off finds it, laying out that part only. */
struct layout_pos layout_lazy_at(struct layout_lazy *ll, size_t off);

/* Move *p by n lines (up when n < 0), stopping at either end; return how
 * many lines it moved (negative upwards). */
long layout_lazy_move(struct layout_lazy *ll, struct layout_pos *p, long n);

/* Return <0, 0 or >0 as a is before, at or after b. */
int layout_pos_cmp(struct layout_pos a, struct layout_pos b);

#endif
