/* SPDX-License-Identifier: MIT */
/*
 * keymap.h: key bindings by context, and the small state machine that
 * turns keystrokes into actions: an optional count ("5j") followed by a
 * sequence of up to KEYMAP_SEQ_MAX keys ("]h"). Keys are Unicode code
 * points, or the KEYMAP_KEY_* codes above the Unicode range for keys that
 * are not characters, either possibly with the KEYMAP_KEY_META bit (Alt);
 * term.c translates the terminal's keys into these, so this module knows
 * nothing about curses.
 *
 * Key names, as the config file and the help screen write them: a
 * character ("j", "中"), "C-x" (Ctrl), "M-x" (Alt or Esc then x, also
 * "M-C-x", "M-Enter"), and Enter Esc Tab Space Backspace Delete Up Down
 * Left Right PageUp PageDown Home End F1..F12. A sequence is written as
 * key names separated by spaces ("g C-d"); a word that is not a key name
 * stands for its characters typed in a row ("]h", "gg"), unless it looks
 * like a misspelt name (a capital letter followed by a letter or digit,
 * or "C-"/"M-" followed by anything), which is an error.
 */
#ifndef TSUNDOKU_KEYMAP_H
#define TSUNDOKU_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/action.h"

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
	KEYMAP_KEY_SIGNAL,		/* SIGTERM, SIGHUP or a SIGINT sent by
					   kill arrived (Ctrl-C is a key) */
	KEYMAP_KEY_NONE,		/* nothing arrived before the timeout */
	KEYMAP_KEY_NEWLINE,		/* Ctrl-J (LF), told apart from Enter
					   (CR) only where a line break can
					   be typed; Enter everywhere else */
	KEYMAP_KEY_WHEEL_UP,		/* mouse wheel (only with set mouse) */
	KEYMAP_KEY_WHEEL_DOWN,
	KEYMAP_KEY_CLICK,		/* button 1; term_mouse_pos says where */
	KEYMAP_KEY_META = 0x400000,	/* bit: Alt held, or Esc typed first */
};

/* Key for Alt plus key, e.g. KEYMAP_META('x') for M-x. */
#define KEYMAP_META(k) ((k) | KEYMAP_KEY_META)

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
	KEYMAP_STATS,		/* the reading statistics */
	KEYMAP_REVIEW,		/* the daily review of highlights */
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
	int unbound[KEYMAP_SEQ_MAX];	/* the whole sequence last UNBOUND, */
	size_t unbound_len;		/* for the message that names it */
};

/* Fill km with the default bindings; keymap_fini frees it. */
void keymap_init(struct keymap *km);
void keymap_fini(struct keymap *km);

/* Bind the n keys (1..KEYMAP_SEQ_MAX) in context ctx to action, replacing
 * any binding of the same keys there. */
void keymap_bind(struct keymap *km, enum keymap_context ctx, const int *keys,
		 size_t n, enum action action);

/* Remove the binding of exactly the n keys in ctx. Return false when
 * there was none. */
bool keymap_unbind(struct keymap *km, enum keymap_context ctx,
		   const int *keys, size_t n);

/* Return the action bound to exactly the n keys in ctx, or ACTION_NONE. */
enum action keymap_action(const struct keymap *km, enum keymap_context ctx,
			  const int *keys, size_t n);

/* Return true when some binding in ctx starts with key (or is key). */
bool keymap_starts_with(const struct keymap *km, enum keymap_context ctx,
			int key);

/* Forget the state's count and sequence. */
void keymap_state_reset(struct keymap_state *st);

/* Feed one key typed in context ctx. Digits 1-9 (and 0 after another
 * digit) build a count unless a sequence is under way. A sequence that is
 * a prefix of some binding is PENDING; one that completes a binding is
 * MATCHED with *count set to the count typed (0 when none); anything else
 * is UNBOUND and resets the state, keeping the keys of the sequence in
 * st->unbound ("c9", not "9", for the message). Esc always resets and is UNBOUND
 * unless bound on its own. In the prompt context digits are text, never
 * a count. */
enum keymap_result keymap_feed(const struct keymap *km,
			       enum keymap_context ctx,
			       struct keymap_state *st, int key,
			       enum action *action, int *count);

/* Append to out the name of a key sequence bound to action a in ctx, as
 * the help screen writes it: the one bound last among the single
 * character keys (a key the user bound comes after the defaults), else
 * the first; return false, appending nothing, when none is. What a status
 * line names as the key for an action. */
bool keymap_key_for(const struct keymap *km, enum keymap_context ctx,
		    enum action a, struct buf *out);

/* Append the display name of key ("j", "Down", "C-d", "Space") to out. */
void keymap_key_name(int key, struct buf *out);

/* Parse a key name as written by keymap_key_name into *key. */
bool keymap_key_parse(const char *name, int *key);

/* Append the name of the n keys as a sequence: names separated by
 * spaces, or run together when every key is a one-character name
 * ("]h"). keymap_seq_parse reads it back. */
void keymap_seq_name(const int *keys, size_t n, struct buf *out);

/* Parse the n_words words of a key sequence (see the top of this file)
 * into keys[KEYMAP_SEQ_MAX]; set *n. Return false with err set when a
 * word is not a key or the sequence is longer than KEYMAP_SEQ_MAX. */
bool keymap_seq_parse(char *const *words, size_t n_words, int *keys,
		      size_t *n, struct err *err);

/* Return the name of context ctx ("list", "reader", "help"). */
const char *keymap_context_name(enum keymap_context ctx);

/* Return the context named name, or KEYMAP_N_CONTEXTS when none is. */
enum keymap_context keymap_context_by_name(const char *name);

#endif
