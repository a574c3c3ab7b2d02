/* SPDX-License-Identifier: MIT */
/*
 * view.h: what every screen (list, reader, help) provides, as a small
 * vtable in the style of tig. A view paints rows of the screen and
 * performs actions; it never decides what happens next: a handler returns
 * a reaction bitmask and the app's loop alone acts on it (open an
 * article, close the view, quit, repaint).
 */
#ifndef TSUNDOKU_VIEW_H
#define TSUNDOKU_VIEW_H

#include <stdbool.h>

#include "action.h"
#include "keymap.h"

struct buf;
struct view;

/* What the loop must do after a handler ran; bits may be combined. */
enum view_reaction {
	VIEW_NOTHING = 0,
	VIEW_REDRAW = 1 << 0,	/* repaint the screen */
	VIEW_OPEN = 1 << 1,	/* open the selected article */
	VIEW_CLOSE = 1 << 2,	/* pop this view */
	VIEW_QUIT = 1 << 3,	/* leave the program */
	VIEW_UNHANDLED = 1 << 4,	/* the action means nothing here */
	VIEW_CHOOSE = 1 << 5,	/* a menu item was chosen */
	VIEW_REQUEST = 1 << 6,	/* the view asks the app to save or copy
				   something (see the view's request) */
};

struct view_ops {
	/* Paint rows [0, rows) of the screen, cols columns wide. Called after
	 * every change and after a resize; the view re-lays itself out when
	 * cols changed. */
	void (*draw)(struct view *v, int rows, int cols);
	/* Perform action a; count is the number typed before the key, 0 when
	 * none (most actions repeat count times, at least once). */
	unsigned (*handle)(struct view *v, enum action a, int count);
	/* Append the status line's left part (what is shown) to left and its
	 * right part (where: counts, a percentage) to right. */
	void (*status)(struct view *v, struct buf *left, struct buf *right);
	/* Free the view and everything it owns. */
	void (*free)(struct view *v);
};

/* The part every view starts with. */
struct view {
	const struct view_ops *ops;
	enum keymap_context context;	/* bindings that apply while on top */
	int rows;	/* size of the last paint, for paging */
	int cols;
};

/* Apply a motion action (move, page, half page, first, last), count
 * times (0 counts as 1), to a position *pos in [0, last] with pages of
 * page rows, clamping the result. Return false, leaving *pos alone, when
 * a is not a motion. */
bool view_motion(enum action a, int count, long page, long last, long *pos);

#endif
