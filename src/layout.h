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

#include "arena.h"

struct doc;

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
	struct arena arena;		/* segments, prefixes, placeholders */
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

/* Free everything lo holds; a zeroed lo is allowed. */
void layout_fini(struct layout *lo);

/* Return the row of the first line that shows source offset off: the last
 * line starting at or before off (the first of several that start at the
 * same offset). 0 for an empty layout. */
size_t layout_row_for_off(const struct layout *lo, size_t off);

#endif
