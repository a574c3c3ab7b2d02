/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_prompt.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "ui/keymap.h"
#include "ui/prompt.h"
#include "ui/term.h"
#include "ui/view.h"
#include "base/xmem.h"

struct view_prompt {
	struct view base;
	enum view_prompt_purpose what;
	struct prompt p;
	const struct keymap *km;	/* the caller's */
};

/* Return v as the prompt it is (asserted). */
static struct view_prompt *
view_prompt_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_PROMPT);
	return (struct view_prompt *)v;
}

static const struct view_prompt *
view_prompt_cof(const struct view *v)
{
	assert(v->kind == VIEW_KIND_PROMPT);
	return (const struct view_prompt *)v;
}

/* Paint the line over the status line: its lead, the text, the cursor
 * (where an input method's window opens). */
static void
view_prompt_draw(struct view *v, int rows, int cols)
{
	struct view_prompt *vp = view_prompt_of(v);
	int row = rows - 1;
	/* TRANSLATORS: the prompt for a file name to export to. */
	const char *lead = vp->what == VIEW_PROMPT_EXPORT ? _("Export to: ")
		/* TRANSLATORS: the prompt of / in the article list, which
		   searches every article, not the one on screen. */
		: vp->what == VIEW_PROMPT_ARCHIVE ? _("Search the archive: ")
		: vp->what == VIEW_PROMPT_COMMAND ? ":" : "/";
	int w;

	term_fill(row, 0, cols, TERM_STATUS);
	w = term_draw(row, 0, cols, lead, strlen(lead), TERM_STATUS, 0);
	term_draw(row, w, cols - w, vp->p.text.data, vp->p.text.len,
		  TERM_STATUS, 0);
	int x = w + prompt_cursor_width(&vp->p);
	term_cursor(row, x < cols ? x : cols - 1);
}

/* Take a key: edit, accept or cancel. */
static struct view_reaction
view_prompt_key(struct view *v, int key)
{
	struct view_prompt *vp = view_prompt_of(v);

	switch (prompt_key(&vp->p, vp->km, key)) {
	case PROMPT_EDITING: return view_react(VIEW_REDRAW);
	case PROMPT_CANCEL: return view_react(VIEW_CLOSE);
	case PROMPT_DONE: break;
	}
	if (vp->p.history != NULL)
		prompt_history_add(vp->p.history, buf_str(&vp->p.text));
	return view_react(VIEW_CHOOSE | VIEW_CLOSE);
}

static void
view_prompt_free(struct view *v)
{
	struct view_prompt *vp = view_prompt_of(v);

	prompt_fini(&vp->p);
	free(vp);
}

static const struct view_ops view_prompt_ops = {
	.draw = view_prompt_draw,
	.key = view_prompt_key,
	.free = view_prompt_free,
};

struct view *
view_prompt_new(enum view_prompt_purpose what, struct prompt_history *history,
		const struct keymap *km, const char *text)
{
	struct view_prompt *vp = xcalloc(1, sizeof *vp);

	vp->base.ops = &view_prompt_ops;
	vp->base.kind = VIEW_KIND_PROMPT;
	vp->base.context = KEYMAP_PROMPT;
	vp->base.overlay = true;
	vp->what = what;
	vp->km = km;
	prompt_init(&vp->p);
	prompt_start(&vp->p, history);
	if (text != NULL) {
		buf_adds(&vp->p.text, text);
		vp->p.cursor = vp->p.text.len;
	}
	return &vp->base;
}

enum view_prompt_purpose
view_prompt_purpose(const struct view *v)
{
	return view_prompt_cof(v)->what;
}

const char *
view_prompt_line(const struct view *v)
{
	return buf_str(&view_prompt_cof(v)->p.text);
}
