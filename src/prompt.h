/* SPDX-License-Identifier: MIT */
/*
 * prompt.h: a one-line editor for the ':' command line (and, later, search
 * patterns). It holds UTF-8 text and a cursor that moves by grapheme
 * cluster, so a Chinese character typed through an input method is
 * inserted, stepped over and deleted whole. Drawing is the caller's: it
 * asks for the cursor's column to place the real terminal cursor there,
 * where an input method's candidate window then appears.
 */
#ifndef TSUNDOKU_PROMPT_H
#define TSUNDOKU_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct prompt {
	struct buf text;	/* the line being edited */
	size_t cursor;		/* byte offset, on a cluster boundary */
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

/* Apply one key (a keymap.h code) to p: characters are inserted at the
 * cursor; Left/Right/Home/End/C-a/C-e move; Backspace/Delete/C-u/C-w/C-k
 * delete; Enter finishes; Esc cancels. Other keys are ignored. */
enum prompt_result prompt_key(struct prompt *p, int key);

/* Return the display width of the text before the cursor. */
int prompt_cursor_width(const struct prompt *p);

#endif
