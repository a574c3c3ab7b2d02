/* SPDX-License-Identifier: MIT */
/*
 * noteedit.h: the editor of a highlight's note: UTF-8 text of several
 * lines and a cursor that moves by grapheme cluster (a Chinese character
 * from an input method, an emoji sequence, a letter with its accents)
 * and by line. Enter finishes; Ctrl-J or Alt-Enter breaks the line; Esc
 * cancels at once when nothing changed, else asks first. Drawing is the
 * caller's: noteedit_cursor says where the real cursor goes, so an input
 * method's window opens at the insertion point. Knows no terminal.
 */
#ifndef TSUNDOKU_NOTEEDIT_H
#define TSUNDOKU_NOTEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct noteedit {
	struct buf text;	/* lines separated by LF */
	size_t cursor;		/* byte offset, on a cluster boundary */
	char *orig;		/* the text it started with; heap */
	bool asking;		/* Esc with changes: waiting for y or n */
	int want_col;		/* the column Up and Down aim for; -1: the
				   cursor's */
};

/* What a key did. */
enum noteedit_result {
	NOTEEDIT_EDITING,	/* still editing (or asking) */
	NOTEEDIT_DONE,		/* Enter: save the text */
	NOTEEDIT_CANCEL,	/* leave without saving */
};

/* Start editing text (copied; NULL is empty) with the cursor at its
 * end; noteedit_fini frees it. */
void noteedit_init(struct noteedit *ne, const char *text);
void noteedit_fini(struct noteedit *ne);

/* Apply one key (a keymap.h code): characters are inserted (controls
 * ignored); KEYMAP_KEY_NEWLINE and Alt-Enter
 * (KEYMAP_META(KEYMAP_KEY_ENTER)) insert a line break; Left/Right move by cluster, Up/Down by line, Home/End (C-a/C-e)
 * to the ends of the line; Backspace/Delete delete a cluster; Enter
 * finishes; Esc cancels, or asks first when the text changed: then y
 * cancels and any other key goes back to editing. */
enum noteedit_result noteedit_key(struct noteedit *ne, int key);

/* Return true when the text differs from the one editing started with. */
bool noteedit_changed(const struct noteedit *ne);

/* Store the cursor's line (0 for the first) and its column on that line
 * in display columns. */
void noteedit_cursor(const struct noteedit *ne, size_t *line, int *col);

#endif
