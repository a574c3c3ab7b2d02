/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "keymap.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmem.h"

#define B(ctx, k1, act) { .context = KEYMAP_##ctx, .keys = { k1 }, \
			  .action = ACTION_##act }
#define B2(ctx, k1, k2, act) { .context = KEYMAP_##ctx, .keys = { k1, k2 }, \
			       .action = ACTION_##act }

/* Moving, choosing and leaving, the same in every menu. */
#define MENU_BINDINGS(ctx) \
	B(ctx, 'j', MOVE_DOWN), B(ctx, KEYMAP_KEY_DOWN, MOVE_DOWN), \
	B(ctx, 'k', MOVE_UP), B(ctx, KEYMAP_KEY_UP, MOVE_UP), \
	B(ctx, ' ', PAGE_DOWN), B(ctx, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN), \
	B(ctx, 'b', PAGE_UP), B(ctx, KEYMAP_KEY_PAGE_UP, PAGE_UP), \
	B(ctx, 'g', FIRST), B(ctx, KEYMAP_KEY_HOME, FIRST), \
	B(ctx, 'G', LAST), B(ctx, KEYMAP_KEY_END, LAST), \
	B(ctx, KEYMAP_KEY_ENTER, OPEN), \
	B(ctx, 'q', BACK), B(ctx, KEYMAP_KEY_ESC, BACK), \
	B(ctx, '?', HELP), B(ctx, ':', COMMAND)

/* The default bindings; the help screen lists them in this order. */
static const struct keymap_binding keymap_defaults[] = {
	B(LIST, 'j', MOVE_DOWN), B(LIST, KEYMAP_KEY_DOWN, MOVE_DOWN),
	B(LIST, 'k', MOVE_UP), B(LIST, KEYMAP_KEY_UP, MOVE_UP),
	B(LIST, ' ', PAGE_DOWN), B(LIST, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN),
	B(LIST, 'b', PAGE_UP), B(LIST, KEYMAP_KEY_PAGE_UP, PAGE_UP),
	B(LIST, KEYMAP_CTRL('d'), HALF_PAGE_DOWN),
	B(LIST, KEYMAP_CTRL('u'), HALF_PAGE_UP),
	B(LIST, 'g', FIRST), B(LIST, KEYMAP_KEY_HOME, FIRST),
	B(LIST, 'G', LAST), B(LIST, KEYMAP_KEY_END, LAST),
	B(LIST, KEYMAP_KEY_ENTER, OPEN), B(LIST, 'l', OPEN),
	B(LIST, KEYMAP_KEY_RIGHT, OPEN),
	B(LIST, 'q', QUIT), B(LIST, '?', HELP), B(LIST, ':', COMMAND),
	B(LIST, 'H', HIGHLIGHTS),
	B(LIST, 'N', TOGGLE_READ), B(LIST, 'M', TOGGLE_READ),
	B(LIST, 'A', MARK_ALL_READ), B(LIST, 's', SORT),
	B(LIST, 'U', FILTER_UNREAD), B(LIST, 'F', FILTER_SOURCE),
	B(LIST, '/', SEARCH),

	B(READER, 'j', MOVE_DOWN), B(READER, KEYMAP_KEY_DOWN, MOVE_DOWN),
	B(READER, KEYMAP_KEY_ENTER, MOVE_DOWN),
	B(READER, 'k', MOVE_UP), B(READER, KEYMAP_KEY_UP, MOVE_UP),
	B(READER, ' ', PAGE_DOWN), B(READER, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN),
	B(READER, 'b', PAGE_UP), B(READER, KEYMAP_KEY_PAGE_UP, PAGE_UP),
	B(READER, 'd', HALF_PAGE_DOWN),
	B(READER, KEYMAP_CTRL('d'), HALF_PAGE_DOWN),
	B(READER, 'u', HALF_PAGE_UP), B(READER, KEYMAP_CTRL('u'), HALF_PAGE_UP),
	B(READER, 'g', FIRST), B(READER, KEYMAP_KEY_HOME, FIRST),
	B(READER, 'G', LAST), B(READER, KEYMAP_KEY_END, LAST),
	B(READER, '%', GOTO_PERCENT),
	B(READER, 'q', BACK),
	B(READER, KEYMAP_KEY_LEFT, SCROLL_LEFT), B(READER, 'h', SCROLL_LEFT),
	B(READER, KEYMAP_KEY_RIGHT, SCROLL_RIGHT), B(READER, 'l', SCROLL_RIGHT),
	B(READER, 'w', TOGGLE_CODE_WRAP),
	B(READER, '?', HELP), B(READER, ':', COMMAND),
	B(READER, 'f', LINKS), B(READER, 'o', OPEN_URL), B(READER, 't', OUTLINE),
	B(READER, 'z', TOGGLE_LEFTOVERS), B(READER, '/', SEARCH),
	B(READER, 'n', SEARCH_NEXT), B(READER, 'N', SEARCH_PREV),
	B(READER, 'v', CARET), B(READER, 'H', HIGHLIGHTS),
	B2(READER, ']', 'h', NEXT_HIGHLIGHT), B2(READER, '[', 'h', PREV_HIGHLIGHT),
	B(READER, 'M', TOGGLE_READ),
	B(READER, 'J', NEXT_ARTICLE), B(READER, 'K', PREV_ARTICLE),

	B(HELP, 'j', MOVE_DOWN), B(HELP, KEYMAP_KEY_DOWN, MOVE_DOWN),
	B(HELP, 'k', MOVE_UP), B(HELP, KEYMAP_KEY_UP, MOVE_UP),
	B(HELP, ' ', PAGE_DOWN), B(HELP, KEYMAP_KEY_PAGE_DOWN, PAGE_DOWN),
	B(HELP, 'b', PAGE_UP), B(HELP, KEYMAP_KEY_PAGE_UP, PAGE_UP),
	B(HELP, 'g', FIRST), B(HELP, 'G', LAST),
	B(HELP, 'q', BACK), B(HELP, KEYMAP_KEY_ESC, BACK), B(HELP, '?', BACK),
	B(HELP, ':', COMMAND),

	MENU_BINDINGS(LINKS),
	MENU_BINDINGS(OUTLINE),
	MENU_BINDINGS(HIGHLIGHTS),
	B(HIGHLIGHTS, '/', SEARCH), B(HIGHLIGHTS, 'e', EXPORT),
	MENU_BINDINGS(RESULTS),
	B(RESULTS, 's', TOGGLE_RANK), B(RESULTS, '/', SEARCH),
	MENU_BINDINGS(SOURCES),

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
};

#undef B
#undef B2

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

	if (st->seq_len == 0 && ((key >= '1' && key <= '9') ||
				 (key == '0' && st->count > 0))) {
		keymap_add_digit(st, key);
		return KEYMAP_PENDING;
	}
	if (st->seq_len == KEYMAP_SEQ_MAX) {
		keymap_state_reset(st);
		return KEYMAP_UNBOUND;
	}
	st->seq[st->seq_len++] = key;
	const struct keymap_binding *b = keymap_lookup(km, ctx, st, &is_prefix);
	if (is_prefix && key != KEYMAP_KEY_ESC)
		return KEYMAP_PENDING;
	if (b == NULL) {
		keymap_state_reset(st);
		return KEYMAP_UNBOUND;
	}
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
	};

	assert(ctx < KEYMAP_N_CONTEXTS);
	return names[ctx];
}
