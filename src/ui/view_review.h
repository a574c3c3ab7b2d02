/* SPDX-License-Identifier: MIT */
/*
 * view_review.h: the daily review (D in the list, :review): today's
 * highlights one at a time, each with its quote in context, its note,
 * its article's title and source, "detached" when the quote is no
 * longer found in the text, and the progress ("3/5"); a summary at the
 * end. Its keys are the review context's (keymap.c): by default k keeps
 * a highlight (see it again later), m masters it (much later), x
 * discards it (never again), e edits its note, o or Enter opens the
 * article at its place, q or Esc goes back. The view
 * is fed its queue and writes nothing: the app asks it what was chosen
 * (view_review_take) when a key answers VIEW_CHOOSE.
 */
#ifndef TSUNDOKU_VIEW_REVIEW_H
#define TSUNDOKU_VIEW_REVIEW_H

#include <stdbool.h>

struct review_item;
struct review_queue;
struct view;

/* What the user chose for the current highlight. */
enum view_review_choice {
	VIEW_REVIEW_KEEP,
	VIEW_REVIEW_MASTER,
	VIEW_REVIEW_DISCARD,
	VIEW_REVIEW_NOTE,	/* edit its note: the view stays on it */
	VIEW_REVIEW_OPEN,	/* open its article at its place */
};

/* Make the view of queue *q, which it takes over (leaving *q empty); km
 * names the keys on its status line (it must outlive the view). */
struct keymap;
struct view *view_review_new(struct review_queue *q, const struct keymap *km);

/* Store the choice just made in *choice and return the highlight it is
 * about (the view's; valid until the view is freed). An answer (keep,
 * master, discard) moves the view on to the next highlight. */
struct review_item *view_review_take(struct view *v,
				     enum view_review_choice *choice);

/* Return the highlight shown, or NULL once the round is over. */
struct review_item *view_review_current(struct view *v);

#endif
