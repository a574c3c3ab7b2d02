/* SPDX-License-Identifier: MIT */
/*
 * view.h: what every screen (list, reader, help, menus, results) and
 * every modal part of one (the line editor, the note editor, a yes/no
 * question) provides, as a small vtable in the style of tig. A view
 * paints and performs actions, or takes keys itself; it never decides
 * what happens next: a handler returns a typed reaction (flags plus a
 * request value) and the app's loop alone acts on it (open an article,
 * close the view, save a highlight, quit, repaint). Views are told
 * apart by their kind, and each module's downcast asserts it.
 */
#ifndef TSUNDOKU_VIEW_H
#define TSUNDOKU_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/action.h"
#include "ui/keymap.h"

struct buf;
struct view;

/* What a view is; the app and each view's own functions go by it. */
enum view_kind {
	VIEW_KIND_LIST,
	VIEW_KIND_READER,	/* reading, or with its caret */
	VIEW_KIND_HELP,
	VIEW_KIND_LINKS,	/* menus (view_menu.c): an article's links, */
	VIEW_KIND_OUTLINE,	/* its headings, */
	VIEW_KIND_SOURCES,	/* the sources to filter the list by, */
	VIEW_KIND_HIGHLIGHTS,	/* a list of highlights */
	VIEW_KIND_RESULTS,
	VIEW_KIND_PROMPT,	/* a line typed after :, / or e */
	VIEW_KIND_NOTE,		/* a highlight's note being written */
	VIEW_KIND_QUESTION,	/* a yes/no question */
	VIEW_KIND_STATS,	/* reading statistics */
	VIEW_KIND_REVIEW,	/* the daily review of highlights */
};

/* Return true for the kinds of view_menu.c's views. */
static inline bool
view_kind_is_menu(enum view_kind k)
{
	return k == VIEW_KIND_LINKS || k == VIEW_KIND_OUTLINE ||
	       k == VIEW_KIND_SOURCES || k == VIEW_KIND_HIGHLIGHTS;
}

/* What the loop must do after a handler ran; bits may be combined. */
enum view_flag {
	VIEW_NOTHING = 0,
	VIEW_REDRAW = 1 << 0,	/* repaint the screen */
	VIEW_OPEN = 1 << 1,	/* open the selected article */
	VIEW_CLOSE = 1 << 2,	/* pop this view */
	VIEW_QUIT = 1 << 3,	/* leave the program */
	VIEW_UNHANDLED = 1 << 4,	/* the action means nothing here */
	VIEW_CHOOSE = 1 << 5,	/* an item was chosen, a line typed, a
				   question answered yes, a note written:
				   the view's kind says what to read */
};

/* What the reader asks the app to do about highlights (it owns the
 * database and the terminal). */
enum view_request_kind {
	VIEW_REQ_NONE,
	VIEW_REQ_HL_ADD,	/* save [start, end) in color; note: then
				   open the note editor for it */
	VIEW_REQ_HL_RECOLOR,	/* give highlight index color */
	VIEW_REQ_HL_NOTE,	/* edit the note of highlight index */
	VIEW_REQ_HL_DELETE,	/* delete highlight index */
	VIEW_REQ_HL_UNDO,	/* bring back the highlight deleted last */
	VIEW_REQ_COPY,		/* copy the text of [start, end) */
	VIEW_REQ_HL_LIST,	/* list the article's highlights */
	VIEW_REQ_READ,		/* the reading session's read mark changed */
};

/* The request value of a reaction. */
struct view_request {
	enum view_request_kind kind;
	size_t start, end;	/* source range: HL_ADD, COPY */
	int color;		/* 1-4: HL_ADD, HL_RECOLOR; 0: the default */
	bool note;		/* HL_ADD: write a note next */
	size_t index;		/* HL_RECOLOR, HL_NOTE, HL_DELETE: in the
				   reader's set (its size: none there) */
};

/* A handler's answer: flags, and what it asks for. */
struct view_reaction {
	unsigned flags;		/* enum view_flag bits */
	struct view_request req;
};

/* Return a reaction of flags alone. */
static inline struct view_reaction
view_react(unsigned flags)
{
	return (struct view_reaction){ .flags = flags };
}

struct view_ops {
	/* Paint rows [0, rows) of the screen, cols columns wide. Called after
	 * every change and after a resize; the view re-lays itself out when
	 * cols changed. An overlay is given the whole screen, the status
	 * line included, and paints only its own rows over the view below. */
	void (*draw)(struct view *v, int rows, int cols);
	/* Perform action a; count is the number typed before the key, 0 when
	 * none (most actions repeat count times, at least once). NULL for a
	 * view that takes keys (key). */
	struct view_reaction (*handle)(struct view *v, enum action a,
				       int count);
	/* Take one key (a keymap.h code) as it was typed; NULL for a view
	 * whose keys go through the keymap to handle. */
	struct view_reaction (*key)(struct view *v, int key);
	/* Append the status line's left part (what is shown) to left and its
	 * right part (where: counts, a percentage) to right. NULL for an
	 * overlay. */
	void (*status)(struct view *v, struct buf *left, struct buf *right);
	/* Free the view and everything it owns. */
	void (*free)(struct view *v);
};

/* The part every view starts with. */
struct view {
	const struct view_ops *ops;
	enum view_kind kind;
	enum keymap_context context;	/* bindings that apply while on top */
	bool overlay;	/* painted over the view below (the prompt, the
			   note editor, a question) */
	int rows;	/* size of the last paint, for paging */
	int cols;
};

/* Apply a motion action (move, page, half page, first, last), count
 * times (0 counts as 1), to a position *pos in [0, last] with pages of
 * page rows, clamping the result. With a count, first and last both go
 * to position count - 1 (12G is row 12, as in less and vim). Return false, leaving *pos alone, when
 * a is not a motion. */
bool view_motion(enum action a, int count, long page, long last, long *pos);

/* Append "KEY label" to out (after two spaces when out holds text), KEY
 * the key bound to action a in ctx of km (keymap_key_for): how a
 * screen's status line names its own keys, so that a rebound key is
 * named as bound. Nothing when km is NULL or a is unbound there. */
void view_status_key(const struct keymap *km, enum keymap_context ctx,
		     enum action a, const char *label, struct buf *out);

#endif
