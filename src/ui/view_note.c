/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_note.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "ui/keymap.h"
#include "ui/noteedit.h"
#include "ui/term.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "base/xmem.h"

struct view_note {
	struct view base;
	int64_t id;		/* the highlight */
	struct noteedit ne;
};

/* Return v as the note editor it is (asserted). */
static struct view_note *
view_note_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_NOTE);
	return (struct view_note *)v;
}

static const struct view_note *
view_note_cof(const struct view *v)
{
	assert(v->kind == VIEW_KIND_NOTE);
	return (const struct view_note *)v;
}

/* Return the number of lines of the note. */
static size_t
view_note_lines(const struct view_note *vn)
{
	size_t n = 1;

	for (size_t i = 0; i < vn->ne.text.len; i++)
		n += vn->ne.text.data[i] == '\n';
	return n;
}

/* Paint line number k of the note on row, scrolled shift columns left. */
static void
view_note_line(const struct view_note *vn, size_t k, int row, int cols,
	       int shift)
{
	const char *s = vn->ne.text.data, *end = s + vn->ne.text.len;
	int skipped = 0;

	for (size_t i = 0; i < k; i++)
		s = (const char *)memchr(s, '\n', (size_t)(end - s)) + 1;
	const char *lf = memchr(s, '\n', (size_t)(end - s));
	size_t len = lf != NULL ? (size_t)(lf - s) : (size_t)(end - s);
	size_t skip = utf8_fit(s, len, shift, &skipped);
	term_fill(row, 0, cols, TERM_NORMAL);
	term_draw(row, 1, cols - 1, s + skip, len - skip, TERM_NORMAL, 0);
}

/* Paint the title row and the note over the bottom of the screen, up to
 * half of it, above the status line; the cursor where the text goes. */
static void
view_note_draw(struct view *v, int rows, int cols)
{
	struct view_note *vn = view_note_of(v);
	size_t lines = view_note_lines(vn), line;
	int col, max = rows / 2 > 2 ? rows / 2 - 1 : 1;
	int shown = lines < (size_t)max ? (int)lines : max;
	int top = rows - 1 - shown - 1;	/* the title row, above the text */
	const char *title = vn->ne.asking ?
		_("The note was changed: discard it? (y/n)") :
		_("Note: Enter saves, Ctrl-J breaks the line, Esc cancels");

	noteedit_cursor(&vn->ne, &line, &col);
	size_t first = line >= (size_t)shown ? line - (size_t)shown + 1 : 0;
	int shift = col > cols - 3 ? col - (cols - 3) : 0;
	term_fill(top, 0, cols, TERM_STATUS);
	term_draw(top, 1, cols - 1, title, strlen(title), TERM_STATUS, 0);
	for (int r = 0; r < shown; r++)
		view_note_line(vn, first + (size_t)r, top + 1 + r, cols,
			       first + (size_t)r == line ? shift : 0);
	term_cursor(top + 1 + (int)(line - first), 1 + col - shift);
}

/* Feed one key to the editor and say what it came to. */
static struct view_reaction
view_note_feed(struct view_note *vn, int key)
{
	switch (noteedit_key(&vn->ne, key)) {
	case NOTEEDIT_EDITING: return view_react(VIEW_REDRAW);
	case NOTEEDIT_DONE: return view_react(VIEW_CHOOSE);
	case NOTEEDIT_CANCEL: break;
	}
	return view_react(VIEW_CLOSE);
}

/* Take a key. Ctrl-C is Esc here: cancel, asking first when the text
 * changed. An Alt key other than Alt-Enter is Esc typed fast, then the
 * key. */
static struct view_reaction
view_note_key(struct view *v, int key)
{
	struct view_note *vn = view_note_of(v);

	if (key == KEYMAP_CTRL('c'))
		key = KEYMAP_KEY_ESC;
	if ((key & KEYMAP_KEY_META) && key != KEYMAP_META(KEYMAP_KEY_ENTER)) {
		struct view_reaction r = view_note_feed(vn, KEYMAP_KEY_ESC);
		if (r.flags & VIEW_CLOSE)
			return r;	/* the Esc closed the editor */
		key &= ~KEYMAP_KEY_META;
	}
	return view_note_feed(vn, key);
}

static void
view_note_free(struct view *v)
{
	struct view_note *vn = view_note_of(v);

	noteedit_fini(&vn->ne);
	free(vn);
}

static const struct view_ops view_note_ops = {
	.draw = view_note_draw,
	.key = view_note_key,
	.free = view_note_free,
};

struct view *
view_note_new(int64_t id, const char *note)
{
	struct view_note *vn = xcalloc(1, sizeof *vn);

	vn->base.ops = &view_note_ops;
	vn->base.kind = VIEW_KIND_NOTE;
	vn->base.context = KEYMAP_PROMPT;
	vn->base.overlay = true;
	vn->id = id;
	noteedit_init(&vn->ne, note);
	return &vn->base;
}

int64_t
view_note_highlight(const struct view *v)
{
	return view_note_cof(v)->id;
}

const char *
view_note_text(const struct view *v)
{
	return buf_str(&view_note_cof(v)->ne.text);
}

bool
view_note_changed(const struct view *v)
{
	return noteedit_changed(&view_note_cof(v)->ne);
}
