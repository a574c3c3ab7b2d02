/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/keymap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* The action table's AW_* bits follow enum keymap_context. */
_Static_assert(AW_LIST == 1u << KEYMAP_LIST && AW_READER == 1u << KEYMAP_READER
	       && AW_HELP == 1u << KEYMAP_HELP && AW_LINKS == 1u << KEYMAP_LINKS
	       && AW_OUTLINE == 1u << KEYMAP_OUTLINE
	       && AW_CARET == 1u << KEYMAP_CARET
	       && AW_HIGHLIGHTS == 1u << KEYMAP_HIGHLIGHTS
	       && AW_RESULTS == 1u << KEYMAP_RESULTS
	       && AW_PROMPT == 1u << KEYMAP_PROMPT
	       && AW_SOURCES == 1u << KEYMAP_SOURCES
	       && AW_STATS == 1u << KEYMAP_STATS
	       && AW_REVIEW == 1u << KEYMAP_REVIEW
	       && KEYMAP_N_CONTEXTS == 12,
	       "enum action_where and enum keymap_context disagree");

#define B(ctx, k1, act) { .context = KEYMAP_##ctx, .keys = { k1 }, \
			  .action = ACTION_##act }
#define B2(ctx, k1, k2, act) { .context = KEYMAP_##ctx, .keys = { k1, k2 }, \
			       .action = ACTION_##act }

/* Scrolling, the same in every menu, the help screen and the
 * statistics; then moving, choosing and leaving in a menu. Every screen
 * also pages with C-f and C-b, half pages with C-d and C-u and repaints
 * with C-l, as less and vim do. */
#define SCROLL_BINDINGS(ctx) \
	B(ctx, 'j', MOVE_DOWN), B(ctx, KEYMAP_KEY_DOWN, MOVE_DOWN), \
	B(ctx, 'k', MOVE_UP), B(ctx, KEYMAP_KEY_UP, MOVE_UP), \
	B(ctx, ' ', PAGE_DOWN), B(ctx, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN), \
	B(ctx, KEYMAP_CTRL('f'), PAGE_DOWN), \
	B(ctx, 'b', PAGE_UP), B(ctx, KEYMAP_KEY_PAGE_UP, PAGE_UP), \
	B(ctx, KEYMAP_CTRL('b'), PAGE_UP), \
	B(ctx, KEYMAP_CTRL('d'), HALF_PAGE_DOWN), \
	B(ctx, KEYMAP_CTRL('u'), HALF_PAGE_UP), \
	B(ctx, 'g', FIRST), B(ctx, KEYMAP_KEY_HOME, FIRST), \
	B(ctx, 'G', LAST), B(ctx, KEYMAP_KEY_END, LAST)
#define MENU_BINDINGS(ctx) \
	SCROLL_BINDINGS(ctx), \
	B(ctx, KEYMAP_KEY_ENTER, OPEN), \
	B(ctx, 'q', BACK), B(ctx, KEYMAP_KEY_ESC, BACK), \
	B(ctx, '?', HELP), B(ctx, ':', COMMAND), \
	B(ctx, KEYMAP_CTRL('l'), REDRAW), \
	B(ctx, KEYMAP_CTRL('c'), ASK_QUIT)

/* The default bindings; the help screen lists them in this order. */
static const struct keymap_binding keymap_defaults[] = {
	B(LIST, 'j', MOVE_DOWN), B(LIST, KEYMAP_KEY_DOWN, MOVE_DOWN),
	B(LIST, 'k', MOVE_UP), B(LIST, KEYMAP_KEY_UP, MOVE_UP),
	B(LIST, ' ', PAGE_DOWN), B(LIST, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN),
	B(LIST, 'b', PAGE_UP), B(LIST, KEYMAP_KEY_PAGE_UP, PAGE_UP),
	B(LIST, KEYMAP_CTRL('f'), PAGE_DOWN), B(LIST, KEYMAP_CTRL('b'), PAGE_UP),
	B(LIST, KEYMAP_CTRL('d'), HALF_PAGE_DOWN),
	B(LIST, KEYMAP_CTRL('u'), HALF_PAGE_UP),
	B(LIST, 'g', FIRST), B(LIST, KEYMAP_KEY_HOME, FIRST),
	B(LIST, 'G', LAST), B(LIST, KEYMAP_KEY_END, LAST),
	B(LIST, KEYMAP_KEY_ENTER, OPEN), B(LIST, 'l', OPEN),
	B(LIST, KEYMAP_KEY_RIGHT, OPEN),
	B(LIST, 'q', QUIT), B(LIST, KEYMAP_CTRL('c'), ASK_QUIT),
	B(LIST, '?', HELP), B(LIST, ':', COMMAND),
	B(LIST, KEYMAP_CTRL('l'), REDRAW),
	B(LIST, 'H', HIGHLIGHTS),
	B(LIST, 'N', TOGGLE_READ), B(LIST, 'M', TOGGLE_READ),
	B(LIST, 'A', MARK_ALL_READ), B(LIST, 's', SORT),
	B(LIST, 'U', FILTER_UNREAD), B(LIST, 'F', FILTER_SOURCE),
	B(LIST, 'R', RESCAN),
	B(LIST, 'I', STATS), B(LIST, 'D', REVIEW),
	B(LIST, '/', SEARCH),

	B(READER, 'j', MOVE_DOWN), B(READER, KEYMAP_KEY_DOWN, MOVE_DOWN),
	B(READER, KEYMAP_KEY_ENTER, MOVE_DOWN),
	B(READER, 'k', MOVE_UP), B(READER, KEYMAP_KEY_UP, MOVE_UP),
	B(READER, ' ', PAGE_DOWN), B(READER, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN),
	B(READER, 'b', PAGE_UP), B(READER, KEYMAP_KEY_PAGE_UP, PAGE_UP),
	B(READER, KEYMAP_CTRL('f'), PAGE_DOWN),
	B(READER, KEYMAP_CTRL('b'), PAGE_UP),
	B(READER, 'd', HALF_PAGE_DOWN),
	B(READER, KEYMAP_CTRL('d'), HALF_PAGE_DOWN),
	B(READER, 'u', HALF_PAGE_UP), B(READER, KEYMAP_CTRL('u'), HALF_PAGE_UP),
	B(READER, 'g', FIRST), B(READER, KEYMAP_KEY_HOME, FIRST),
	B(READER, 'G', LAST), B(READER, KEYMAP_KEY_END, LAST),
	B(READER, '%', GOTO_PERCENT),
	B(READER, 'q', BACK), B(READER, KEYMAP_CTRL('c'), ASK_QUIT),
	B(READER, KEYMAP_KEY_LEFT, SCROLL_LEFT), B(READER, 'h', SCROLL_LEFT),
	B(READER, KEYMAP_KEY_RIGHT, SCROLL_RIGHT), B(READER, 'l', SCROLL_RIGHT),
	B(READER, 'w', TOGGLE_CODE_WRAP),
	B(READER, '?', HELP), B(READER, ':', COMMAND),
	B(READER, KEYMAP_CTRL('l'), REDRAW),
	B(READER, 'f', LINKS), B(READER, 'o', OPEN_URL), B(READER, 't', OUTLINE),
	B(READER, 'z', TOGGLE_LEFTOVERS), B(READER, '/', SEARCH),
	B(READER, 'n', SEARCH_NEXT), B(READER, 'N', SEARCH_PREV),
	B(READER, 'v', CARET), B(READER, 'H', HIGHLIGHTS),
	B2(READER, ']', 'h', NEXT_HIGHLIGHT), B2(READER, '[', 'h', PREV_HIGHLIGHT),
	B(READER, 'M', TOGGLE_READ),
	B(READER, 'J', NEXT_ARTICLE), B(READER, 'K', PREV_ARTICLE),

	SCROLL_BINDINGS(HELP),
	B(HELP, 'q', BACK), B(HELP, KEYMAP_KEY_ESC, BACK), B(HELP, '?', BACK),
	B(HELP, ':', COMMAND), B(HELP, KEYMAP_CTRL('l'), REDRAW),
	B(HELP, KEYMAP_CTRL('c'), ASK_QUIT),

	MENU_BINDINGS(LINKS),
	MENU_BINDINGS(OUTLINE),
	MENU_BINDINGS(HIGHLIGHTS),
	B(HIGHLIGHTS, '/', SEARCH), B(HIGHLIGHTS, 'e', EXPORT),
	MENU_BINDINGS(RESULTS),
	B(RESULTS, 's', TOGGLE_RANK), B(RESULTS, '/', SEARCH),
	MENU_BINDINGS(SOURCES),

	/* The statistics scroll as the help screen does. */
	SCROLL_BINDINGS(STATS),
	B(STATS, 't', TOGGLE_TABLE), B(STATS, KEYMAP_KEY_TAB, TOGGLE_TABLE),
	B(STATS, 'q', BACK), B(STATS, KEYMAP_KEY_ESC, BACK),
	B(STATS, KEYMAP_KEY_BACKSPACE, BACK),
	B(STATS, '?', HELP), B(STATS, ':', COMMAND),
	B(STATS, KEYMAP_CTRL('l'), REDRAW),
	B(STATS, KEYMAP_CTRL('c'), ASK_QUIT),

	/* The review: a letter a choice. */
	B(REVIEW, 'k', REVIEW_KEEP), B(REVIEW, 'm', REVIEW_MASTER),
	B(REVIEW, 'x', REVIEW_DISCARD), B(REVIEW, 'e', REVIEW_NOTE),
	B(REVIEW, 'o', OPEN), B(REVIEW, KEYMAP_KEY_ENTER, OPEN),
	B(REVIEW, 'q', BACK), B(REVIEW, KEYMAP_KEY_ESC, BACK),
	B(REVIEW, '?', HELP), B(REVIEW, ':', COMMAND),
	B(REVIEW, KEYMAP_CTRL('l'), REDRAW),
	B(REVIEW, KEYMAP_CTRL('c'), ASK_QUIT),

	/* The caret moves as in vim; the reader's paging and search keys
	 * carry it along. */
	B(CARET, 'h', CARET_LEFT), B(CARET, KEYMAP_KEY_LEFT, CARET_LEFT),
	B(CARET, 'l', CARET_RIGHT), B(CARET, KEYMAP_KEY_RIGHT, CARET_RIGHT),
	B(CARET, 'j', MOVE_DOWN), B(CARET, KEYMAP_KEY_DOWN, MOVE_DOWN),
	B(CARET, 'k', MOVE_UP), B(CARET, KEYMAP_KEY_UP, MOVE_UP),
	B(CARET, 'w', WORD_NEXT), B(CARET, 'b', WORD_PREV),
	B(CARET, 'e', WORD_END),
	B(CARET, ')', SENTENCE_NEXT), B(CARET, '(', SENTENCE_PREV),
	B(CARET, '}', PARAGRAPH_NEXT), B(CARET, '{', PARAGRAPH_PREV),
	B(CARET, '0', LINE_START), B(CARET, '$', LINE_END),
	B(CARET, ' ', PAGE_DOWN), B(CARET, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN),
	B(CARET, KEYMAP_KEY_PAGE_UP, PAGE_UP),
	B(CARET, KEYMAP_CTRL('f'), PAGE_DOWN), B(CARET, KEYMAP_CTRL('b'), PAGE_UP),
	B(CARET, KEYMAP_CTRL('d'), HALF_PAGE_DOWN),
	B(CARET, KEYMAP_CTRL('u'), HALF_PAGE_UP),
	B(CARET, 'g', FIRST), B(CARET, KEYMAP_KEY_HOME, FIRST),
	B(CARET, 'G', LAST), B(CARET, KEYMAP_KEY_END, LAST),
	B(CARET, '/', SEARCH),
	B(CARET, 'n', SEARCH_NEXT), B(CARET, 'N', SEARCH_PREV),
	B(CARET, 'v', CARET), B(CARET, 'o', SWAP_ENDS),
	B(CARET, 'S', SELECT_SENTENCE), B(CARET, 'P', SELECT_PARAGRAPH),
	B(CARET, KEYMAP_KEY_ENTER, HIGHLIGHT),
	B2(CARET, 'c', '1', HIGHLIGHT_COLOR_1),
	B2(CARET, 'c', '2', HIGHLIGHT_COLOR_2),
	B2(CARET, 'c', '3', HIGHLIGHT_COLOR_3),
	B2(CARET, 'c', '4', HIGHLIGHT_COLOR_4),
	B(CARET, 'a', NOTE), B(CARET, 'y', COPY),
	B(CARET, 'x', DELETE_HIGHLIGHT), B(CARET, 'u', UNDO),
	B2(CARET, ']', 'h', NEXT_HIGHLIGHT), B2(CARET, '[', 'h', PREV_HIGHLIGHT),
	B(CARET, 'H', HIGHLIGHTS),
	B(CARET, 'q', BACK), B(CARET, KEYMAP_KEY_ESC, BACK),
	B(CARET, '?', HELP), B(CARET, ':', COMMAND),
	B(CARET, KEYMAP_CTRL('l'), REDRAW),
	B(CARET, KEYMAP_CTRL('c'), ASK_QUIT),

	/* The line editor: keys of readline and emacs; every other
	   character is text. */
	B(PROMPT, KEYMAP_KEY_ENTER, EDIT_ACCEPT),
	B(PROMPT, KEYMAP_KEY_ESC, EDIT_CANCEL),
	B(PROMPT, KEYMAP_CTRL('c'), EDIT_CANCEL),
	B(PROMPT, KEYMAP_KEY_LEFT, EDIT_LEFT),
	B(PROMPT, KEYMAP_CTRL('b'), EDIT_LEFT),
	B(PROMPT, KEYMAP_KEY_RIGHT, EDIT_RIGHT),
	B(PROMPT, KEYMAP_CTRL('f'), EDIT_RIGHT),
	B(PROMPT, KEYMAP_KEY_HOME, EDIT_START),
	B(PROMPT, KEYMAP_CTRL('a'), EDIT_START),
	B(PROMPT, KEYMAP_KEY_END, EDIT_END),
	B(PROMPT, KEYMAP_CTRL('e'), EDIT_END),
	B(PROMPT, KEYMAP_KEY_BACKSPACE, EDIT_BACKSPACE),
	B(PROMPT, KEYMAP_KEY_DELETE, EDIT_DELETE),
	B(PROMPT, KEYMAP_CTRL('d'), EDIT_DELETE),
	B(PROMPT, KEYMAP_CTRL('u'), EDIT_KILL_START),
	B(PROMPT, KEYMAP_CTRL('w'), EDIT_KILL_WORD),
	B(PROMPT, KEYMAP_CTRL('k'), EDIT_KILL_END),
	B(PROMPT, KEYMAP_KEY_UP, EDIT_HISTORY_PREV),
	B(PROMPT, KEYMAP_CTRL('p'), EDIT_HISTORY_PREV),
	B(PROMPT, KEYMAP_KEY_DOWN, EDIT_HISTORY_NEXT),
	B(PROMPT, KEYMAP_CTRL('n'), EDIT_HISTORY_NEXT),
};

#undef B
#undef B2
#undef SCROLL_BINDINGS
#undef MENU_BINDINGS

void
keymap_init(struct keymap *km)
{
	size_t n = sizeof keymap_defaults / sizeof keymap_defaults[0];

	km->bindings = xcalloc(n, sizeof *km->bindings);
	memcpy(km->bindings, keymap_defaults, sizeof keymap_defaults);
	km->n = n;
	km->cap = n;
}

void
keymap_fini(struct keymap *km)
{
	free(km->bindings);
	km->bindings = NULL;
	km->n = km->cap = 0;
}

/* Return the length of a binding's key sequence. */
static size_t
keymap_seq_len(const struct keymap_binding *b)
{
	size_t n = 0;

	while (n < KEYMAP_SEQ_MAX && b->keys[n] != 0)
		n++;
	return n;
}

/* Return whether binding b is one key a user types as a character. */
static bool
keymap_is_char_binding(const struct keymap_binding *b)
{
	return keymap_seq_len(b) == 1 && b->keys[0] > ' ' &&
	       b->keys[0] != 127 && b->keys[0] < KEYMAP_KEY_SPECIAL;
}

bool
keymap_key_for(const struct keymap *km, enum keymap_context ctx,
	       enum action a, struct buf *out)
{
	const struct keymap_binding *pick = NULL;

	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_binding *b = &km->bindings[i];
		if (b->context != ctx || b->action != a)
			continue;
		if (pick == NULL || keymap_is_char_binding(b))
			pick = b;
	}
	if (pick == NULL)
		return false;
	keymap_seq_name(pick->keys, keymap_seq_len(pick), out);
	return true;
}

void
keymap_bind(struct keymap *km, enum keymap_context ctx, const int *keys,
	    size_t n, enum action action)
{
	struct keymap_binding nb = { .context = ctx, .action = action };

	assert(n >= 1 && n <= KEYMAP_SEQ_MAX);
	memcpy(nb.keys, keys, n * sizeof *keys);
	for (size_t i = 0; i < km->n; i++) {
		struct keymap_binding *b = &km->bindings[i];
		if (b->context == ctx && memcmp(b->keys, nb.keys,
						sizeof nb.keys) == 0) {
			b->action = action;
			return;
		}
	}
	if (km->n == km->cap) {
		km->cap = km->cap ? 2 * km->cap : 16;
		km->bindings = xreallocarray(km->bindings, km->cap,
					     sizeof *km->bindings);
	}
	km->bindings[km->n++] = nb;
}

/* Return the binding of exactly keys[0..n) in ctx, or NULL. */
static struct keymap_binding *
keymap_find(const struct keymap *km, enum keymap_context ctx,
	    const int *keys, size_t n)
{
	int want[KEYMAP_SEQ_MAX] = { 0 };

	assert(n >= 1 && n <= KEYMAP_SEQ_MAX);
	memcpy(want, keys, n * sizeof *keys);
	for (size_t i = 0; i < km->n; i++) {
		struct keymap_binding *b = &km->bindings[i];
		if (b->context == ctx && memcmp(b->keys, want,
						sizeof want) == 0)
			return b;
	}
	return NULL;
}

bool
keymap_unbind(struct keymap *km, enum keymap_context ctx, const int *keys,
	      size_t n)
{
	struct keymap_binding *b = keymap_find(km, ctx, keys, n);

	if (b == NULL)
		return false;
	/* Keep the order of the rest: the help screen lists it. */
	memmove(b, b + 1, (size_t)(km->bindings + km->n - (b + 1)) * sizeof *b);
	km->n--;
	return true;
}

enum action
keymap_action(const struct keymap *km, enum keymap_context ctx,
	      const int *keys, size_t n)
{
	const struct keymap_binding *b = keymap_find(km, ctx, keys, n);

	return b != NULL ? b->action : ACTION_NONE;
}

bool
keymap_starts_with(const struct keymap *km, enum keymap_context ctx, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->bindings[i].context == ctx &&
		    km->bindings[i].keys[0] == key &&
		    km->bindings[i].action != ACTION_NONE)
			return true;
	return false;
}

void
keymap_state_reset(struct keymap_state *st)
{
	memset(st, 0, sizeof *st);
}

/* Look the state's sequence up in ctx: return the exact match, if any,
 * and say whether some longer binding starts with it. */
static const struct keymap_binding *
keymap_lookup(const struct keymap *km, enum keymap_context ctx,
	      const struct keymap_state *st, bool *is_prefix)
{
	const struct keymap_binding *exact = NULL;

	*is_prefix = false;
	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_binding *b = &km->bindings[i];
		if (b->context != ctx || b->action == ACTION_NONE)
			continue;
		size_t len = keymap_seq_len(b);
		if (len < st->seq_len ||
		    memcmp(b->keys, st->seq, st->seq_len * sizeof *st->seq))
			continue;
		if (len == st->seq_len)
			exact = b;
		else
			*is_prefix = true;
	}
	return exact;
}

/* Reset st after an unbound sequence, keeping its keys to name. */
static enum keymap_result
keymap_unbound(struct keymap_state *st)
{
	int keys[KEYMAP_SEQ_MAX];
	size_t n = st->seq_len;

	memcpy(keys, st->seq, sizeof keys);
	keymap_state_reset(st);
	memcpy(st->unbound, keys, sizeof keys);
	st->unbound_len = n;
	return KEYMAP_UNBOUND;
}

/* Add a digit to the count, saturating well below INT_MAX. */
static void
keymap_add_digit(struct keymap_state *st, int key)
{
	if (st->count < 100000)
		st->count = st->count * 10 + (key - '0');
}

enum keymap_result
keymap_feed(const struct keymap *km, enum keymap_context ctx,
	    struct keymap_state *st, int key, enum action *action, int *count)
{
	bool is_prefix;

	if (ctx != KEYMAP_PROMPT && st->seq_len == 0 &&
	    ((key >= '1' && key <= '9') ||
				 (key == '0' && st->count > 0))) {
		keymap_add_digit(st, key);
		return KEYMAP_PENDING;
	}
	if (st->seq_len == KEYMAP_SEQ_MAX)
		return keymap_unbound(st);
	st->seq[st->seq_len++] = key;
	const struct keymap_binding *b = keymap_lookup(km, ctx, st, &is_prefix);
	if (is_prefix && key != KEYMAP_KEY_ESC)
		return KEYMAP_PENDING;
	if (b == NULL)
		return keymap_unbound(st);
	*action = b->action;
	*count = st->count;
	keymap_state_reset(st);
	return KEYMAP_MATCHED;
}

static const struct {
	int key;
	const char *name;
} keymap_names[] = {
	{ KEYMAP_KEY_ENTER, "Enter" }, { KEYMAP_KEY_ESC, "Esc" },
	{ KEYMAP_KEY_TAB, "Tab" }, { ' ', "Space" },
	{ KEYMAP_KEY_BACKSPACE, "Backspace" }, { KEYMAP_KEY_DELETE, "Delete" },
	{ KEYMAP_KEY_UP, "Up" }, { KEYMAP_KEY_DOWN, "Down" },
	{ KEYMAP_KEY_LEFT, "Left" }, { KEYMAP_KEY_RIGHT, "Right" },
	{ KEYMAP_KEY_PAGE_UP, "PageUp" }, { KEYMAP_KEY_PAGE_DOWN, "PageDown" },
	{ KEYMAP_KEY_HOME, "Home" }, { KEYMAP_KEY_END, "End" },
};

void
keymap_key_name(int key, struct buf *out)
{
	if (key & KEYMAP_KEY_META) {
		buf_adds(out, "M-");
		key &= ~KEYMAP_KEY_META;
	}
	for (size_t i = 0; i < sizeof keymap_names / sizeof keymap_names[0]; i++)
		if (keymap_names[i].key == key) {
			buf_adds(out, keymap_names[i].name);
			return;
		}
	if (key >= KEYMAP_KEY_F1 && key <= KEYMAP_KEY_F12)
		buf_printf(out, "F%d", key - KEYMAP_KEY_F1 + 1);
	else if (key > 0 && key <= 26)
		buf_printf(out, "C-%c", key + 'a' - 1);
	else if (key > 27 && key < 32)
		buf_printf(out, "C-%c", key + '@');	/* C-\ C-] C-^ C-_ */
	else if (key >= 32 && key < KEYMAP_KEY_SPECIAL)
		utf8_encode((uint32_t)key, out);
	else
		buf_printf(out, "<%d>", key);
}

bool
keymap_key_parse(const char *name, int *key)
{
	size_t len = strlen(name);
	uint32_t cp;

	if (strncmp(name, "M-", 2) == 0 && len > 2) {
		if (!keymap_key_parse(name + 2, key) || (*key & KEYMAP_KEY_META))
			return false;
		*key |= KEYMAP_KEY_META;
		return true;
	}
	for (size_t i = 0; i < sizeof keymap_names / sizeof keymap_names[0]; i++)
		if (strcmp(keymap_names[i].name, name) == 0) {
			*key = keymap_names[i].key;
			return true;
		}
	if (len == 3 && name[0] == 'C' && name[1] == '-' &&
	    ((name[2] >= 'a' && name[2] <= 'z') || strchr("\\]^_", name[2]))) {
		*key = KEYMAP_CTRL(name[2]);
		return true;
	}
	if (name[0] == 'F' && len >= 2 && len <= 3 && name[1] != '0') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12) {
			*key = KEYMAP_KEY_F1 + (int)n - 1;
			return true;
		}
	}
	if (len > 0 && utf8_decode(name, len, &cp) == len && cp >= 32) {
		*key = (int)cp;
		return true;
	}
	return false;
}

static bool keymap_looks_like_name(const char *word);

/* Return true when the n keys may be written run together: each is a
 * one-character name, and together they read as no key name. */
static bool
keymap_seq_runs_together(const int *keys, size_t n)
{
	struct buf one, all;
	bool ok = n > 1;
	int key;

	buf_init(&one);
	buf_init(&all);
	for (size_t i = 0; i < n && ok; i++) {
		buf_clear(&one);
		keymap_key_name(keys[i], &one);
		ok = utf8_cluster_len(one.data, one.len) == one.len;
		buf_add(&all, one.data, one.len);
	}
	ok = ok && !keymap_looks_like_name(buf_str(&all)) &&
	     !keymap_key_parse(buf_str(&all), &key);
	buf_fini(&one);
	buf_fini(&all);
	return ok;
}

void
keymap_seq_name(const int *keys, size_t n, struct buf *out)
{
	bool together = keymap_seq_runs_together(keys, n);

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !together)
			buf_addc(out, ' ');
		keymap_key_name(keys[i], out);
	}
}

/* Return true when word looks like a key name rather than characters
 * typed in a row: a capital letter and then a letter or digit ("Pgup",
 * "F13"), or a modifier prefix. */
static bool
keymap_looks_like_name(const char *word)
{
	if (strncmp(word, "C-", 2) == 0 || strncmp(word, "M-", 2) == 0)
		return true;
	return word[0] >= 'A' && word[0] <= 'Z' &&
	       ((word[1] >= 'a' && word[1] <= 'z') ||
		(word[1] >= 'A' && word[1] <= 'Z') ||
		(word[1] >= '0' && word[1] <= '9'));
}

/* Append the key (or, for a run of characters, keys) of one word to
 * keys[*n]. */
static bool
keymap_word_parse(const char *word, int *keys, size_t *n, struct err *err)
{
	size_t len = strlen(word);
	int key;

	if (strchr(word, ' ') != NULL) {
		/* A quoted "g C-d": the same as the words unquoted. */
		char *copy = xstrdup(word), *save = NULL;
		bool ok = true;
		for (char *w = strtok_r(copy, " ", &save); w != NULL && ok;
		     w = strtok_r(NULL, " ", &save))
			ok = keymap_word_parse(w, keys, n, err);
		free(copy);
		return ok;
	}
	if (keymap_key_parse(word, &key)) {
		if (*n == KEYMAP_SEQ_MAX)
			return err_set(err, _("a key sequence has at most %d keys"), KEYMAP_SEQ_MAX);
		keys[(*n)++] = key;
		return true;
	}
	if (len == 0 || keymap_looks_like_name(word))
		return err_set(err, _("unknown key name '%s'"), word);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t l = utf8_decode(word + i, len - i, &cp);
		if (cp < 32 || cp == 127)
			return err_set(err, _("unknown key name '%s'"), word);
		if (*n == KEYMAP_SEQ_MAX)
			return err_set(err, _("a key sequence has at most %d keys"), KEYMAP_SEQ_MAX);
		keys[(*n)++] = (int)cp;
		i += l;
	}
	return true;
}

bool
keymap_seq_parse(char *const *words, size_t n_words, int *keys, size_t *n,
		 struct err *err)
{
	*n = 0;
	memset(keys, 0, KEYMAP_SEQ_MAX * sizeof *keys);
	for (size_t i = 0; i < n_words; i++)
		if (!keymap_word_parse(words[i], keys, n, err))
			return false;
	if (*n == 0)
		return err_set(err, _("no key given"));
	return true;
}

enum keymap_context
keymap_context_by_name(const char *name)
{
	for (int c = 0; c < KEYMAP_N_CONTEXTS; c++)
		if (strcmp(keymap_context_name((enum keymap_context)c), name) == 0)
			return (enum keymap_context)c;
	return KEYMAP_N_CONTEXTS;
}

const char *
keymap_context_name(enum keymap_context ctx)
{
	static const char *const names[KEYMAP_N_CONTEXTS] = {
		[KEYMAP_LIST] = "list",
		[KEYMAP_READER] = "reader",
		[KEYMAP_HELP] = "help",
		[KEYMAP_LINKS] = "links",
		[KEYMAP_OUTLINE] = "outline",
		[KEYMAP_CARET] = "caret",
		[KEYMAP_HIGHLIGHTS] = "highlights",
		[KEYMAP_RESULTS] = "results",
		[KEYMAP_PROMPT] = "prompt",
		[KEYMAP_SOURCES] = "sources",
		[KEYMAP_STATS] = "stats",
		[KEYMAP_REVIEW] = "review",
	};

	assert(ctx < KEYMAP_N_CONTEXTS);
	return names[ctx];
}
