/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/noteedit.h"

#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "text/utf8.h"
#include "base/xmem.h"

void
noteedit_init(struct noteedit *ne, const char *text)
{
	buf_init(&ne->text);
	buf_adds(&ne->text, text != NULL ? text : "");
	ne->cursor = ne->text.len;
	ne->orig = xstrdup(text != NULL ? text : "");
	ne->asking = false;
	ne->want_col = -1;
}

void
noteedit_fini(struct noteedit *ne)
{
	buf_fini(&ne->text);
	free(ne->orig);
	ne->orig = NULL;
	ne->cursor = 0;
}

bool
noteedit_changed(const struct noteedit *ne)
{
	return strcmp(buf_str(&ne->text), ne->orig) != 0;
}

/* Return the start of the line holding byte offset off. */
static size_t
noteedit_line_start(const struct noteedit *ne, size_t off)
{
	while (off > 0 && ne->text.data[off - 1] != '\n')
		off--;
	return off;
}

/* Return the end (the LF or the text's end) of the line holding off. */
static size_t
noteedit_line_end(const struct noteedit *ne, size_t off)
{
	const char *lf = memchr(ne->text.data + off, '\n', ne->text.len - off);

	return lf != NULL ? (size_t)(lf - ne->text.data) : ne->text.len;
}

void
noteedit_cursor(const struct noteedit *ne, size_t *line, int *col)
{
	size_t start = noteedit_line_start(ne, ne->cursor), n = 0;

	for (size_t i = 0; i < start; i++)
		n += ne->text.data[i] == '\n';
	*line = n;
	*col = utf8_width(ne->text.data + start, ne->cursor - start);
}

/* Remove the bytes [from, to) and put the cursor at from. */
static void
noteedit_delete(struct noteedit *ne, size_t from, size_t to)
{
	memmove(ne->text.data + from, ne->text.data + to,
		ne->text.len - to + 1);
	ne->text.len -= to - from;
	ne->cursor = from;
}

/* Insert the code point cp at the cursor. */
static void
noteedit_insert(struct noteedit *ne, uint32_t cp)
{
	struct buf enc;

	buf_init(&enc);
	utf8_encode(cp, &enc);
	buf_reserve(&ne->text, enc.len);
	memmove(ne->text.data + ne->cursor + enc.len, ne->text.data + ne->cursor,
		ne->text.len - ne->cursor + 1);
	memcpy(ne->text.data + ne->cursor, enc.data, enc.len);
	ne->text.len += enc.len;
	ne->cursor += enc.len;
	buf_fini(&enc);
}

/* Return the cursor position one cluster left (an LF is one). */
static size_t
noteedit_left(const struct noteedit *ne)
{
	return ne->cursor - utf8_cluster_len_before(ne->text.data, ne->cursor);
}

/* Return the cursor position one cluster right. */
static size_t
noteedit_right(const struct noteedit *ne)
{
	return ne->cursor + utf8_cluster_len(ne->text.data + ne->cursor,
					     ne->text.len - ne->cursor);
}

/* Return the offset on the line starting at start that is nearest to
 * column col without passing it. */
static size_t
noteedit_at_col(const struct noteedit *ne, size_t start, int col)
{
	size_t end = noteedit_line_end(ne, start), i = start;
	int x = 0;

	while (i < end) {
		size_t n = utf8_cluster_len(ne->text.data + i, end - i);
		int w = utf8_cluster_width(ne->text.data + i, n);
		if (x + w > col)
			break;
		x += w;
		i += n;
	}
	return i;
}

/* Move the cursor a line up (step -1) or down (1), keeping the column. */
static void
noteedit_vertical(struct noteedit *ne, int step)
{
	size_t start = noteedit_line_start(ne, ne->cursor);
	size_t line;

	if (ne->want_col < 0)
		noteedit_cursor(ne, &line, &ne->want_col);
	if (step < 0 && start > 0)
		ne->cursor = noteedit_at_col(ne, noteedit_line_start(ne, start - 1),
					     ne->want_col);
	else if (step > 0) {
		size_t end = noteedit_line_end(ne, ne->cursor);
		if (end < ne->text.len)
			ne->cursor = noteedit_at_col(ne, end + 1, ne->want_col);
	}
}

/* Apply a moving or deleting key; false when key is not one. */
static bool
noteedit_edit(struct noteedit *ne, int key)
{
	switch (key) {
	case KEYMAP_KEY_UP: noteedit_vertical(ne, -1); return true;
	case KEYMAP_KEY_DOWN: noteedit_vertical(ne, 1); return true;
	case KEYMAP_KEY_LEFT: ne->cursor = noteedit_left(ne); break;
	case KEYMAP_KEY_RIGHT: ne->cursor = noteedit_right(ne); break;
	case KEYMAP_KEY_HOME: case KEYMAP_CTRL('a'):
		ne->cursor = noteedit_line_start(ne, ne->cursor);
		break;
	case KEYMAP_KEY_END: case KEYMAP_CTRL('e'):
		ne->cursor = noteedit_line_end(ne, ne->cursor);
		break;
	case KEYMAP_KEY_BACKSPACE:
		noteedit_delete(ne, noteedit_left(ne), ne->cursor);
		break;
	case KEYMAP_KEY_DELETE:
		noteedit_delete(ne, ne->cursor, noteedit_right(ne));
		break;
	case KEYMAP_KEY_NEWLINE: case KEYMAP_META(KEYMAP_KEY_ENTER):
		noteedit_insert(ne, '\n');
		break;
	default: return false;
	}
	ne->want_col = -1;
	return true;
}

/* Return true when key is a character that may go into the text. */
static bool
noteedit_is_text(int key)
{
	if (key < 32 || (key >= 127 && key < 0xA0))
		return false;
	return !(key >= 0xD800 && key <= 0xDFFF) && key < KEYMAP_KEY_SPECIAL;
}

enum noteedit_result
noteedit_key(struct noteedit *ne, int key)
{
	if (ne->asking) {
		ne->asking = false;
		return key == 'y' || key == 'Y' ? NOTEEDIT_CANCEL :
		       NOTEEDIT_EDITING;
	}
	if (key == KEYMAP_KEY_ENTER)
		return NOTEEDIT_DONE;
	if (key == KEYMAP_KEY_ESC) {
		ne->asking = noteedit_changed(ne);
		return ne->asking ? NOTEEDIT_EDITING : NOTEEDIT_CANCEL;
	}
	if (noteedit_edit(ne, key))
		return NOTEEDIT_EDITING;
	if (noteedit_is_text(key)) {
		noteedit_insert(ne, (uint32_t)key);
		ne->want_col = -1;
	}
	return NOTEEDIT_EDITING;
}
