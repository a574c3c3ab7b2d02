/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "prompt.h"

#include <string.h>

#include "keymap.h"
#include "utf8.h"

void
prompt_init(struct prompt *p)
{
	buf_init(&p->text);
	buf_adds(&p->text, "");
	p->cursor = 0;
}

void
prompt_fini(struct prompt *p)
{
	buf_fini(&p->text);
	p->cursor = 0;
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

/* Apply an editing key; return false when the key is not one. */
static bool
prompt_edit(struct prompt *p, int key)
{
	switch (key) {
	case KEYMAP_KEY_LEFT: p->cursor = prompt_left(p); break;
	case KEYMAP_KEY_RIGHT: p->cursor = prompt_right(p); break;
	case KEYMAP_KEY_HOME: case KEYMAP_CTRL('a'): p->cursor = 0; break;
	case KEYMAP_KEY_END: case KEYMAP_CTRL('e'): p->cursor = p->text.len; break;
	case KEYMAP_KEY_BACKSPACE: prompt_delete(p, prompt_left(p), p->cursor); break;
	case KEYMAP_KEY_DELETE: prompt_delete(p, p->cursor, prompt_right(p)); break;
	case KEYMAP_CTRL('u'): prompt_delete(p, 0, p->cursor); break;
	case KEYMAP_CTRL('k'): prompt_delete(p, p->cursor, p->text.len); break;
	case KEYMAP_CTRL('w'): prompt_delete(p, prompt_word_start(p), p->cursor); break;
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
prompt_key(struct prompt *p, int key)
{
	if (key == KEYMAP_KEY_ENTER)
		return PROMPT_DONE;
	if (key == KEYMAP_KEY_ESC ||
	    (key == KEYMAP_KEY_BACKSPACE && p->text.len == 0))
		return PROMPT_CANCEL;
	if (prompt_edit(p, key))
		return PROMPT_EDITING;
	if (prompt_is_text(key))
		prompt_insert(p, key);
	return PROMPT_EDITING;
}

int
prompt_cursor_width(const struct prompt *p)
{
	return utf8_width(p->text.data, p->cursor);
}
