/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_help.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "ui/term.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "base/xmem.h"

/* One row of the help screen. */
struct view_help_row {
	char *keys;		/* "j, Down"; NULL for a heading row */
	const char *name;	/* action config name */
	char *text;		/* translated description or heading */
};

struct view_help {
	struct view base;
	enum keymap_context ctx;
	struct view_help_row *rows;
	size_t n;
	size_t top;
};

/* Return v as the view it is (asserted). */
static struct view_help *
view_help_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_HELP);
	return (struct view_help *)v;
}

#define VIEW_HELP_KEYS_WIDTH 18
#define VIEW_HELP_NAME_WIDTH 17

/* Return the translated heading for context ctx. */
static const char *
view_help_title(enum keymap_context ctx)
{
	static const char *const titles[KEYMAP_N_CONTEXTS] = {
		[KEYMAP_LIST] = N_("Keys in the article list"),
		[KEYMAP_READER] = N_("Keys in the reader"),
		[KEYMAP_HELP] = N_("Keys in this help screen"),
		[KEYMAP_LINKS] = N_("Keys in the list of links"),
		[KEYMAP_OUTLINE] = N_("Keys in the outline"),
		[KEYMAP_CARET] = N_("Keys in caret mode and with a selection"),
		[KEYMAP_HIGHLIGHTS] = N_("Keys in a list of highlights"),
		[KEYMAP_RESULTS] = N_("Keys in the search results"),
		[KEYMAP_PROMPT] = N_("Keys while typing a command or search"),
		[KEYMAP_SOURCES] = N_("Keys in the list of sources"),
	};

	return _(titles[ctx]);
}

/* Append a row to vh. */
static void
view_help_add(struct view_help *vh, char *keys, const char *name, char *text)
{
	vh->rows = xreallocarray(vh->rows, vh->n + 1, sizeof *vh->rows);
	vh->rows[vh->n++] = (struct view_help_row){
		.keys = keys, .name = name, .text = text,
	};
}

/* Append the names of every key sequence bound to action a in ctx,
 * separated by commas, to out. */
static void
view_help_keys(const struct keymap *km, enum keymap_context ctx,
	       enum action a, struct buf *out)
{
	for (size_t i = 0; i < km->n; i++) {
		const struct keymap_binding *b = &km->bindings[i];
		if (b->context != ctx || b->action != a)
			continue;
		size_t n = 0;
		while (n < KEYMAP_SEQ_MAX && b->keys[n])
			n++;
		if (out->len > 0)
			buf_adds(out, ", ");
		keymap_seq_name(b->keys, n, out);
	}
}

/* Add one row per action bound in ctx, in action-table order. */
static void
view_help_bindings(struct view_help *vh, const struct keymap *km,
		   enum keymap_context ctx)
{
	for (int a = ACTION_NONE + 1; a < ACTION_N; a++) {
		struct buf keys;
		buf_init(&keys);
		view_help_keys(km, ctx, (enum action)a, &keys);
		if (keys.len == 0) {
			buf_fini(&keys);
			continue;
		}
		const struct action_info *ai = action_info((enum action)a);
		view_help_add(vh, buf_detach(&keys), ai->name,
			      xstrdup(_(ai->help)));
	}
}

/* Paint one row: keys, action name, description, each clipped. */
static void
view_help_row(const struct view_help_row *r, int row, int cols)
{
	int x = 1;

	if (r->keys == NULL) {
		term_draw(row, 1, cols - 1, r->text, strlen(r->text),
			  TERM_HEADING, 0);
		return;
	}
	term_draw(row, x, cols - x, r->keys, strlen(r->keys), TERM_NORMAL,
		  TERM_BOLD);
	x += VIEW_HELP_KEYS_WIDTH;
	if (x < cols)
		term_draw(row, x, cols - x, r->name, strlen(r->name), TERM_META,
			  0);
	x += VIEW_HELP_NAME_WIDTH;
	if (x < cols)
		term_draw(row, x, cols - x, r->text, strlen(r->text),
			  TERM_NORMAL, 0);
}

/* Paint the rows that fit. */
static void
view_help_draw(struct view *v, int rows, int cols)
{
	struct view_help *vh = view_help_of(v);

	v->rows = rows;
	v->cols = cols;
	if (vh->top + (size_t)rows > vh->n)
		vh->top = vh->n > (size_t)rows ? vh->n - (size_t)rows : 0;
	for (int row = 0; row < rows && vh->top + (size_t)row < vh->n; row++)
		view_help_row(&vh->rows[vh->top + (size_t)row], row, cols);
}

/* Scroll, or close the screen. */
static unsigned
view_help_act(struct view *v, enum action a, int count)
{
	struct view_help *vh = view_help_of(v);
	long top = (long)vh->top;
	long last = vh->n > (size_t)v->rows ? (long)vh->n - v->rows : 0;

	if (a == ACTION_BACK)
		return VIEW_CLOSE;
	if (!view_motion(a, count, v->rows - 1, last, &top))
		return VIEW_UNHANDLED;
	vh->top = (size_t)top;
	return VIEW_REDRAW;
}

/* Status: which screen this is. */
static void
view_help_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_help *vh = view_help_of(v);

	buf_adds(left, _("Help"));
	buf_adds(left, ": ");
	buf_adds(left, view_help_title(vh->ctx));
	buf_adds(right, _("q to close"));
}

/* Free the rows and the view. */
static void
view_help_free(struct view *v)
{
	struct view_help *vh = view_help_of(v);

	for (size_t i = 0; i < vh->n; i++) {
		free(vh->rows[i].keys);
		free(vh->rows[i].text);
	}
	free(vh->rows);
	free(vh);
}

/* Perform action a: the flags of view_help_act. */
static struct view_reaction
view_help_handle(struct view *v, enum action a, int count)
{
	return view_react(view_help_act(v, a, count));
}

static const struct view_ops view_help_ops = {
	.draw = view_help_draw,
	.handle = view_help_handle,
	.status = view_help_status,
	.free = view_help_free,
};

struct view *
view_help_new(const struct keymap *km, enum keymap_context ctx)
{
	struct view_help *vh = xcalloc(1, sizeof *vh);

	vh->base.context = KEYMAP_HELP;
	vh->base.ops = &view_help_ops;
	vh->base.kind = VIEW_KIND_HELP;
	vh->ctx = ctx;
	view_help_add(vh, NULL, NULL, xstrdup(view_help_title(ctx)));
	view_help_add(vh, NULL, NULL, xstrdup(""));
	view_help_bindings(vh, km, ctx);
	view_help_add(vh, NULL, NULL, xstrdup(""));
	view_help_add(vh, NULL, NULL, xstrdup(_("Commands (type : first)")));
	view_help_add(vh, xstrdup(":quit, :q"), "", xstrdup(_("Quit tsundoku")));
	view_help_add(vh, xstrdup(":help"), "",
		      xstrdup(_("Show the keys of this screen")));
	view_help_add(vh, xstrdup(":set NAME VALUE"), "",
		      xstrdup(_("Change a setting, e.g. :set text-width 70")));
	view_help_add(vh, xstrdup(":bind CONTEXT KEYS ACTION"), "",
		      xstrdup(_("Bind keys, e.g. :bind reader x quit")));
	view_help_add(vh, xstrdup(":unbind CONTEXT KEYS"), "",
		      xstrdup(_("Remove a binding")));
	view_help_add(vh, xstrdup(":color ELEMENT FG BG"), "",
		      xstrdup(_("Change a colour, e.g. :color status white blue bold")));
	view_help_add(vh, xstrdup(":source FILE"), "",
		      xstrdup(_("Run the commands in a file")));
	/* The line editor has no help key of its own: its keys are shown
	   with every screen's, after the commands typed with them. */
	view_help_add(vh, NULL, NULL, xstrdup(""));
	view_help_add(vh, NULL, NULL, xstrdup(view_help_title(KEYMAP_PROMPT)));
	view_help_bindings(vh, km, KEYMAP_PROMPT);
	return &vh->base;
}
