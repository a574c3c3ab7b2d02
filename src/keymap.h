/* SPDX-License-Identifier: MIT */
/*
 * keymap.h: key bindings by context, and the small state machine that
 * turns keystrokes into actions: an optional count ("5j") followed by a
 * sequence of up to KEYMAP_SEQ_MAX keys ("]h"). Keys are Unicode code
 * points, or the KEYMAP_KEY_* codes above the Unicode range for keys that
 * are not characters; term.c translates the terminal's keys into these,
 * so this module knows nothing about curses.
 */
#ifndef TSUNDOKU_KEYMAP_H
#define TSUNDOKU_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"

struct buf;
struct err;

enum keymap_key {
	KEYMAP_KEY_ESC = 27,
	KEYMAP_KEY_ENTER = 10,
	KEYMAP_KEY_TAB = 9,
	KEYMAP_KEY_SPECIAL = 0x110000,	/* first code outside Unicode */
	KEYMAP_KEY_UP = KEYMAP_KEY_SPECIAL,
	KEYMAP_KEY_DOWN,
	KEYMAP_KEY_LEFT,
	KEYMAP_KEY_RIGHT,
	KEYMAP_KEY_PAGE_UP,
	KEYMAP_KEY_PAGE_DOWN,
	KEYMAP_KEY_HOME,
	KEYMAP_KEY_END,
	KEYMAP_KEY_BACKSPACE,
	KEYMAP_KEY_DELETE,
	KEYMAP_KEY_F1,			/* F1..F12 follow in order */
	KEYMAP_KEY_F12 = KEYMAP_KEY_F1 + 11,
	KEYMAP_KEY_RESIZE,		/* the window size changed */
	KEYMAP_KEY_SIGNAL,		/* SIGTERM, SIGHUP or SIGINT arrived */
	KEYMAP_KEY_NONE,		/* nothing arrived before the timeout */
	KEYMAP_KEY_NEWLINE,		/* Ctrl-J (LF), told apart from Enter
					   (CR) only where a line break can
					   be typed; Enter everywhere else */
	KEYMAP_KEY_ALT_ENTER,		/* Esc then Enter, at once */
};

/* Key for Ctrl plus a letter, e.g. KEYMAP_CTRL('d') == 4. */
#define KEYMAP_CTRL(c) ((c) & 0x1f)

enum keymap_context {
	KEYMAP_LIST,
	KEYMAP_READER,
	KEYMAP_HELP,
	KEYMAP_LINKS,		/* the list of an article's links */
	KEYMAP_OUTLINE,		/* the list of an article's headings */
	KEYMAP_CARET,		/* the reader's caret and selection */
	KEYMAP_HIGHLIGHTS,	/* a list of highlights */
	KEYMAP_RESULTS,		/* archive-wide search results */
	KEYMAP_PROMPT,		/* a line being typed after : or / */
	KEYMAP_SOURCES,		/* the sources to filter the list by */
	KEYMAP_N_CONTEXTS
};

#define KEYMAP_SEQ_MAX 4

struct keymap_binding {
	enum keymap_context context;
	int keys[KEYMAP_SEQ_MAX];	/* unused tail is 0 */
	enum action action;
};

struct keymap {
	struct keymap_binding *bindings;	/* heap array */
	size_t n;
	size_t cap;
};

/* What keymap_feed made of a key. */
enum keymap_result {
	KEYMAP_PENDING,		/* a count or the start of a sequence */
	KEYMAP_MATCHED,		/* *action and *count are set */
	KEYMAP_UNBOUND,		/* the keys typed so far mean nothing */
};

/* Input state between keys: the count and sequence typed so far. */
struct keymap_state {
	int count;		/* 0 when no count was typed */
	int seq[KEYMAP_SEQ_MAX];
	size_t seq_len;
};

/* Fill km with the default bindings; keymap_fini frees it. */
void keymap_init(struct keymap *km);
void keymap_fini(struct keymap *km);

/* Bind the n keys (1..KEYMAP_SEQ_MAX) in context ctx to action, replacing
 * any binding of the same keys there. */
void keymap_bind(struct keymap *km, enum keymap_context ctx, const int *keys,
		 size_t n, enum action action);

/* Forget the state's count and sequence. */
void keymap_state_reset(struct keymap_state *st);

/* Feed one key typed in context ctx. Digits 1-9 (and 0 after another
 * digit) build a count unless a sequence is under way. A sequence that is
 * a prefix of some binding is PENDING; one that completes a binding is
 * MATCHED with *count set to the count typed (0 when none); anything else
 * is UNBOUND and resets the state. Esc always resets and is UNBOUND
 * unless bound on its own. */
enum keymap_result keymap_feed(const struct keymap *km,
			       enum keymap_context ctx,
			       struct keymap_state *st, int key,
			       enum action *action, int *count);

/* Append the display name of key ("j", "Down", "C-d", "Space") to out. */
void keymap_key_name(int key, struct buf *out);

/* Parse a key name as written by keymap_key_name into *key. */
bool keymap_key_parse(const char *name, int *key);

/* Return the name of context ctx ("list", "reader", "help"). */
const char *keymap_context_name(enum keymap_context ctx);

#endif
