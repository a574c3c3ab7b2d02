/* SPDX-License-Identifier: MIT */
/*
 * motion.h: the reader's caret motions over a document's rendered text.
 * A caret position is a block and a byte offset into that block's text,
 * always at the start of a grapheme cluster: the caret stands on a
 * character, as in vim's normal mode. Motions by cluster, word,
 * sentence and paragraph (a block) work on the block texts and cross
 * from block to block; motions by line (j, k, 0, $) ask the lazy layout
 * which line shows the caret. Blocks without text and blocks the reader
 * hides (flags in `hidden`) are skipped. Word and sentence rules are
 * words.h's. The document must be parsed whole (doc_parse_all): the
 * block indices of a lazy layout are global only then.
 */
#ifndef TSUNDOKU_MOTION_H
#define TSUNDOKU_MOTION_H

#include <stdbool.h>
#include <stddef.h>

#include "layout/layout.h"

struct doc;

struct motion_pos {
	size_t block;	/* index into d->blocks */
	size_t off;	/* byte offset into that block's text */
};

/* What the motions work on; the caller owns everything. */
struct motion {
	const struct doc *d;
	struct layout_lazy *ll;	/* for line motions; laid out for d */
	unsigned hidden;	/* enum doc_block_flag bits of skipped blocks */
};

enum motion_kind {
	MOTION_LEFT,		/* h: one cluster back */
	MOTION_RIGHT,		/* l: one cluster on */
	MOTION_WORD_NEXT,	/* w: start of the next word */
	MOTION_WORD_PREV,	/* b: start of this or the previous word */
	MOTION_WORD_END,	/* e: last cluster of this or the next word */
	MOTION_SENTENCE_NEXT,	/* ): start of the next sentence */
	MOTION_SENTENCE_PREV,	/* (: start of this or the previous one */
	MOTION_PARA_NEXT,	/* }: start of the next paragraph */
	MOTION_PARA_PREV,	/* {: start of this or the previous one */
	MOTION_LINE_START,	/* 0: first cluster of the screen line */
	MOTION_LINE_END,	/* $: last cluster of the screen line */
	MOTION_LINE_DOWN,	/* j: same column on the next line */
	MOTION_LINE_UP,		/* k: same column on the line above */
};

/* Find the first caret position at or after source offset src (the
 * document's end: the last one) into *pos; false when the document has
 * no text the caret can stand on. */
bool motion_from_src(const struct motion *m, size_t src,
		     struct motion_pos *pos);

/* Return the source offset where the cluster at pos starts, and store
 * the one where it ends in *end (may be NULL). */
size_t motion_src(const struct motion *m, struct motion_pos pos,
		  size_t *end);

/* Return the byte length of the cluster at pos. */
size_t motion_cluster_len(const struct motion *m, struct motion_pos pos);

/* Move *pos by count (at least 1) motions of kind k; stop at either end
 * of the text. *want_col is the column j and k aim for (vim's curswant):
 * they keep it, every other motion sets it to the new column; -1 means
 * "unknown, take the caret's". Return true when *pos moved. */
bool motion_move(const struct motion *m, enum motion_kind k, int count,
		 struct motion_pos *pos, int *want_col);

/* Store the sentence around pos: its first cluster in *first, its last
 * one (trailing white space left out) in *last. */
void motion_sentence(const struct motion *m, struct motion_pos pos,
		     struct motion_pos *first, struct motion_pos *last);

/* The same for the paragraph (the block) around pos. */
void motion_paragraph(const struct motion *m, struct motion_pos pos,
		      struct motion_pos *first, struct motion_pos *last);

/* Return the line of the layout showing pos and store the caret's column
 * on it (the line's prefix included) in *col (may be NULL). */
struct layout_pos motion_line(const struct motion *m, struct motion_pos pos,
			      int *col);

/* Find the cluster on line p under column col (the last one when the
 * line is shorter) into *pos; false when the line shows no block text. */
bool motion_on_line(const struct motion *m, struct layout_pos p, int col,
		    struct motion_pos *pos);

/* Return <0, 0 or >0 as a is before, at or after b. */
int motion_pos_cmp(struct motion_pos a, struct motion_pos b);

#endif
