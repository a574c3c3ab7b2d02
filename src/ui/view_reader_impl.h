/* SPDX-License-Identifier: MIT */
/*
 * view_reader_impl.h: what the reader's source files share and nobody
 * else sees: the view's state and the helpers that move it. view_reader.c
 * lays out, paints and scrolls; view_reader_caret.c runs the caret and
 * the selection.
 */
#ifndef TSUNDOKU_VIEW_READER_IMPL_H
#define TSUNDOKU_VIEW_READER_IMPL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "document/find.h"
#include "data/highlight.h"
#include "data/readlog.h"
#include "text/tally.h"
#include "layout/layout.h"
#include "layout/motion.h"
#include "data/store.h"
#include "ui/view.h"
#include "ui/view_reader.h"

struct conf;
struct doc;

/* The caret and the selection. The selection runs from anchor to pos,
 * both clusters included, whichever comes first. */
struct view_reader_caret {
	bool on;		/* caret mode: the view's context is CARET */
	bool valid;		/* pos was set once (kept after leaving) */
	bool selecting;		/* anchor is set */
	struct motion_pos pos;
	struct motion_pos anchor;
	int want_col;		/* the column j and k aim for; -1: pos's */
};

struct view_reader {
	struct view base;
	struct doc *doc;	/* owned */
	const struct conf *conf;	/* text-width; the app's */
	struct layout_lazy ll;	/* laid out as far as shown; set up at the
				   first paint (ready) */
	bool ready;
	unsigned gen;		/* ll.generation that top belongs to */
	int width;		/* the text width of the last paint */
	struct layout_pos top;	/* the line shown first */
	size_t top_off;		/* its source offset: the reading position */
	bool show_leftovers;	/* leftovers drawn, not folded (z) */
	bool wrap_code;		/* code blocks wrapped, not scrolled (w) */
	bool debug;		/* the status shows how much is laid out */
	int hscroll;		/* columns of code lines scrolled off left */
	struct find_hits hits;	/* of the last search, in shown blocks */
	size_t hit;		/* the current hit, < hits.n */
	bool hit_away;		/* a jump (outline, percentage) left the
				   current hit: its number is not shown,
				   and n and N go on from the screen */
	int percent;		/* of the last paint, for the status line */
	/* The reading session: the reader owns its article's reading state
	 * while it is open; the app saves what view_reader_session gives. */
	int64_t article_id;	/* the article's row id */
	bool read;		/* read: its end was on screen, or marked so */
	bool end_shown;		/* the end was on screen at the last paint:
				   it marks the article read only when it
				   comes into view, so mark-unread sticks */
	struct store_place saved;	/* what was saved last */
	struct timespec saved_at;	/* when (CLOCK_MONOTONIC) */
	char *date;		/* the header's date in date-format; heap,
				   NULL when the article has none */
	struct view_reader_caret caret;
	struct highlight_set hl;	/* the article's, as the app loaded them */
	struct highlight deleted;	/* deleted last, for undo; id 0: none */
	bool hl_stale;		/* hl lacks changes not yet written */
	struct motion m;	/* the caret's motions over doc and ll */
	size_t caret_pending;	/* 1 + a source offset for the caret at the
				   next paint, or 0 */
	size_t hl_jump;		/* 1 + the start of the highlight ]h or [h
				   went to without the caret, or 0 */
	size_t hl_jump_top;	/* top_off right after that jump: the next
				   ]h or [h goes on from that highlight while
				   the reader has not scrolled since */
	struct readlog log;	/* this opening's reading session */
	int64_t logged_active_ms;	/* what view_reader_log gave last */
	size_t logged_seen;
	struct tally logged_tally;	/* what logged_seen bytes hold */
	double chars_per_min;	/* reading speed, for the time left; 0:
				   unknown */
	struct tally total;	/* what the whole text holds; zero until
				   the status needs it */
	int cursor_row;		/* where the paint drew the caret, or -1 */
	int cursor_col;
};

/* Return v as the reader it is (asserted). */
static inline struct view_reader *
view_reader_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_READER);
	return (struct view_reader *)v;
}

static inline const struct view_reader *
view_reader_cof(const struct view *v)
{
	assert(v->kind == VIEW_KIND_READER);
	return (const struct view_reader *)v;
}


/* Make the layout ready for width columns and the options in force, and
 * the top line valid. */
void view_reader_sync(struct view_reader *vr, int width);

/* Show line p at the top, clamped, and remember its source offset. */
void view_reader_set_top(struct view_reader *vr, struct layout_pos p);

/* Perform a scrolling motion (view_motion's actions) on the top line. */
unsigned view_reader_motion(struct view_reader *vr, enum action a, int count);

/* Step count search hits on (back when negative), wrapping around. */
unsigned view_reader_step_hit(struct view_reader *vr, long count);

/* Return the block flags of the blocks the reader does not show. */
unsigned view_reader_hidden(const struct view_reader *vr);

/* Move the top line up as far as needed for rows lines to follow it
 * down to the end, when there are that many. */
void view_reader_clamp(struct view_reader *vr, int rows);

/* Scroll so that the current hit is on screen: where it is if it
 * already shows, else a third of the way down. */
void view_reader_show_hit(struct view_reader *vr);

/* Perform an action in caret mode (view_reader_caret.c); a highlight
 * action fills *req. */
unsigned view_reader_caret_handle(struct view_reader *vr, enum action a,
				  int count, struct view_request *req);

/* Enter caret mode: the caret where it was if that is on screen, else at
 * the start of the first line shown. Return false when the article has
 * no text to put it on. */
bool view_reader_caret_enter(struct view_reader *vr);

/* Store where the caret is on screen: its row and its column in the
 * text (the line's prefix included); false when it is off screen. For
 * a caret the paint did not draw (white space at the end of a line). */
bool view_reader_caret_screen(struct view_reader *vr, int *row, int *col);

/* Put the caret on source offset off and scroll it into view (a search
 * hit, a highlight). */
void view_reader_caret_to(struct view_reader *vr, size_t off);

/* Return the index in vr->hl of the innermost (shortest) placed
 * highlight holding source offset off, or vr->hl.n when none does. */
size_t view_reader_hl_at(const struct view_reader *vr, size_t off);

/* Perform the caret's highlight actions: fill *req for the app
 * (view_reader_caret.c). */
unsigned view_reader_caret_request(struct view_reader *vr, enum action a,
				   struct view_request *req);

/* Go to the next (step 1) or previous (-1) highlight from the caret or
 * the top of the screen; VIEW_UNHANDLED when there is none. */
unsigned view_reader_hl_step(struct view_reader *vr, int step, int count);

/* Return the selection's ends in order; false without a selection. */
bool view_reader_selection(const struct view_reader *vr,
			   struct motion_pos *first, struct motion_pos *last);

#endif
