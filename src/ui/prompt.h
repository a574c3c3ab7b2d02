/* SPDX-License-Identifier: MIT */
/*
 * prompt.h: a one-line editor for the ':' command line (and, later, search
 * patterns). It holds UTF-8 text and a cursor that moves by grapheme
 * cluster, so a Chinese character typed through an input method is
 * inserted, stepped over and deleted whole. Drawing is the caller's: it
 * asks for the cursor's column to place the real terminal cursor there,
 * where an input method's candidate window then appears.
 * Its keys are bindings of the prompt context (keymap.c): a key bound
 * there runs its edit-* action, any other character is text.
 */
#ifndef TSUNDOKU_PROMPT_H
#define TSUNDOKU_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/action.h"
#include "base/buf.h"

struct keymap;

/* Lines typed before, oldest first, for edit-history-prev/next. */
struct prompt_history {
	char **lines;		/* heap strings */
	size_t n;
};

struct prompt {
	struct buf text;	/* the line being edited */
	size_t cursor;		/* byte offset, on a cluster boundary */
	struct prompt_history *history;	/* borrowed; NULL: none */
	size_t hist_pos;	/* the history line shown; history->n: the
				   line being typed */
	char *draft;		/* the line being typed, while an older one
				   is shown; heap */
};

/* What a key did to the prompt. */
enum prompt_result {
	PROMPT_EDITING,		/* still editing */
	PROMPT_DONE,		/* Enter: the text is ready */
	PROMPT_CANCEL,		/* Esc, or Backspace on an empty line */
};

/* Make p empty; prompt_fini frees it. */
void prompt_init(struct prompt *p);
void prompt_fini(struct prompt *p);

/* Empty p for a new line whose Up/Down go through history (NULL: no
 * history; the prompt only borrows it). */
void prompt_start(struct prompt *p, struct prompt_history *history);

/* Apply one key (a keymap.h code) to p: a key bound in km's prompt
 * context runs its action (prompt_do); another character is inserted at
 * the cursor; other keys are ignored. */
enum prompt_result prompt_key(struct prompt *p, const struct keymap *km,
			      int key);

/* Perform an edit-* action on p; other actions do nothing. */
enum prompt_result prompt_do(struct prompt *p, enum action a);

/* Add line to the end of h, unless it is empty or repeats the last one. */
void prompt_history_add(struct prompt_history *h, const char *line);

/* Free h's lines. */
void prompt_history_fini(struct prompt_history *h);

/* Return the display width of the text before the cursor. */
int prompt_cursor_width(const struct prompt *p);

#endif
