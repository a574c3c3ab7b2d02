/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/prompt.h"

#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "text/utf8.h"
#include "base/xmem.h"

void
prompt_init(struct prompt *p)
{
	buf_init(&p->text);
	buf_adds(&p->text, "");
	p->cursor = 0;
	p->history = NULL;
	p->hist_pos = 0;
	p->draft = NULL;
}

void
prompt_fini(struct prompt *p)
{
	buf_fini(&p->text);
	free(p->draft);
	p->draft = NULL;
	p->cursor = 0;
}

void
prompt_start(struct prompt *p, struct prompt_history *history)
{
	prompt_fini(p);
	prompt_init(p);
	p->history = history;
	p->hist_pos = history != NULL ? history->n : 0;
}

/* Remove the bytes [from, to) of the text and put the cursor at from. */
static void
prompt_delete(struct prompt *p, size_t from, size_t to)
{
	memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
}

/* Insert the code point cp at the cursor. */
static void
prompt_insert(struct prompt *p, int cp)
{
	struct buf enc;

	buf_init(&enc);
	utf8_encode((uint32_t)cp, &enc);
	buf_reserve(&p->text, enc.len);
	memmove(p->text.data + p->cursor + enc.len, p->text.data + p->cursor,
		p->text.len - p->cursor + 1);
	memcpy(p->text.data + p->cursor, enc.data, enc.len);
	p->text.len += enc.len;
	p->cursor += enc.len;
	buf_fini(&enc);
}

/* Return the cursor position one cluster to the left. */
static size_t
prompt_left(const struct prompt *p)
{
	return p->cursor - utf8_cluster_len_before(p->text.data, p->cursor);
}

/* Return the cursor position one cluster to the right. */
static size_t
prompt_right(const struct prompt *p)
{
	return p->cursor + utf8_cluster_len(p->text.data + p->cursor,
					    p->text.len - p->cursor);
}

/* Return the start of the word before the cursor (for C-w). */
static size_t
prompt_word_start(const struct prompt *p)
{
	size_t i = p->cursor;

	while (i > 0 && p->text.data[i - 1] == ' ')
		i--;
	while (i > 0 && p->text.data[i - 1] != ' ')
		i--;
	return i;
}

/* Replace the text with s and put the cursor at its end. */
static void
prompt_set_text(struct prompt *p, const char *s)
{
	buf_clear(&p->text);
	buf_adds(&p->text, s);
	p->cursor = p->text.len;
}

/* Show the history line delta steps away (-1 older, +1 newer), keeping
 * the line being typed as a draft to come back to. */
static void
prompt_history_step(struct prompt *p, int delta)
{
	struct prompt_history *h = p->history;

	if (h == NULL || (delta < 0 && p->hist_pos == 0) ||
	    (delta > 0 && p->hist_pos >= h->n))
		return;
	if (p->hist_pos == h->n) {
		free(p->draft);
		p->draft = xstrdup(buf_str(&p->text));
	}
	p->hist_pos = delta < 0 ? p->hist_pos - 1 : p->hist_pos + 1;
	prompt_set_text(p, p->hist_pos < h->n ? h->lines[p->hist_pos] :
			p->draft != NULL ? p->draft : "");
}

/* Apply an editing action; return false when a is not one. */
static bool
prompt_edit(struct prompt *p, enum action a)
{
	switch (a) {
	case ACTION_EDIT_LEFT: p->cursor = prompt_left(p); break;
	case ACTION_EDIT_RIGHT: p->cursor = prompt_right(p); break;
	case ACTION_EDIT_START: p->cursor = 0; break;
	case ACTION_EDIT_END: p->cursor = p->text.len; break;
	case ACTION_EDIT_BACKSPACE: prompt_delete(p, prompt_left(p), p->cursor); break;
	case ACTION_EDIT_DELETE: prompt_delete(p, p->cursor, prompt_right(p)); break;
	case ACTION_EDIT_KILL_START: prompt_delete(p, 0, p->cursor); break;
	case ACTION_EDIT_KILL_END: prompt_delete(p, p->cursor, p->text.len); break;
	case ACTION_EDIT_KILL_WORD: prompt_delete(p, prompt_word_start(p), p->cursor); break;
	case ACTION_EDIT_HISTORY_PREV: prompt_history_step(p, -1); break;
	case ACTION_EDIT_HISTORY_NEXT: prompt_history_step(p, 1); break;
	default: return false;
	}
	return true;
}

/* Return true when key is a character that may go into the text: not a
 * control, not a surrogate, not a special key. */
static bool
prompt_is_text(int key)
{
	if (key < 32 || (key >= 127 && key < 0xA0))
		return false;
	return !(key >= 0xD800 && key <= 0xDFFF) && key < KEYMAP_KEY_SPECIAL;
}

enum prompt_result
prompt_do(struct prompt *p, enum action a)
{
	if (a == ACTION_EDIT_ACCEPT)
		return PROMPT_DONE;
	if (a == ACTION_EDIT_CANCEL ||
	    (a == ACTION_EDIT_BACKSPACE && p->text.len == 0))
		return PROMPT_CANCEL;
	prompt_edit(p, a);
	return PROMPT_EDITING;
}

enum prompt_result
prompt_key(struct prompt *p, const struct keymap *km, int key)
{
	enum action a = keymap_action(km, KEYMAP_PROMPT, &key, 1);

	if (a != ACTION_NONE)
		return prompt_do(p, a);
	if (prompt_is_text(key))
		prompt_insert(p, key);
	return PROMPT_EDITING;
}

void
prompt_history_add(struct prompt_history *h, const char *line)
{
	if (line[0] == '\0' ||
	    (h->n > 0 && strcmp(h->lines[h->n - 1], line) == 0))
		return;
	h->lines = xreallocarray(h->lines, h->n + 1, sizeof *h->lines);
	h->lines[h->n++] = xstrdup(line);
}

void
prompt_history_fini(struct prompt_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i]);
	free(h->lines);
	h->lines = NULL;
	h->n = 0;
}

int
prompt_cursor_width(const struct prompt *p)
{
	return utf8_width(p->text.data, p->cursor);
}
