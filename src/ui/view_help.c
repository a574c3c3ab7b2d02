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
#include "text/wrap.h"
#include "ui/view.h"
#include "base/xmem.h"

/* One row of the help screen. */
struct view_help_row {
	char *keys;		/* "j, Down"; NULL for a heading row */
	const char *name;	/* action config name */
	char *text;		/* translated description or heading */
};

/* One screen line of the help at the width last painted: a row's keys
 * and name, or a piece of its description wrapped at a word boundary
 * (between characters in Chinese, kinsoku kept), or both. */
struct view_help_line {
	size_t row;		/* index into rows */
	bool head;		/* the row's keys and name are on this line */
	size_t off, len;	/* the piece of the row's text shown */
	int x;			/* column of that piece */
};

struct view_help {
	struct view base;
	enum keymap_context ctx;
	struct view_help_row *rows;
	size_t n;
	struct view_help_line *lines;	/* heap array for width cols */
	size_t n_lines;
	int cols;			/* width lines were made for; 0: none */
	size_t top;			/* first line shown */
};

/* Return v as the view it is (asserted). */
static struct view_help *
view_help_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_HELP);
	return (struct view_help *)v;
}

/* The keys column is as wide as its widest entry up to this; wider keys
 * get a line of their own. A description narrower than the minimum goes
 * under its name instead of beside it. */
#define VIEW_HELP_KEYS_MAX 22
#define VIEW_HELP_TEXT_MIN 24

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
		[KEYMAP_STATS] = N_("Keys in the reading statistics"),
		[KEYMAP_REVIEW] = N_("Keys in the daily review"),
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

/* What an action does in one context when the action table's words,
 * shared by every context, would not tell: Enter and / above all. */
static const struct {
	enum keymap_context ctx;
	enum action action;
	const char *help;	/* untranslated */
} view_help_in_context[] = {
	{ KEYMAP_LIST, ACTION_SEARCH,
	  N_("Search the whole archive and list the articles found") },
	{ KEYMAP_LIST, ACTION_TOGGLE_READ,
	  N_("Mark the selected article read, or unread again (here N does not step back through search hits)") },
	{ KEYMAP_READER, ACTION_SEARCH,
	  N_("Search this article; n and N go to the next and previous hit") },
	{ KEYMAP_CARET, ACTION_SEARCH,
	  N_("Search this article and take the caret to the hit; n and N go to the next and previous hit") },
	{ KEYMAP_LINKS, ACTION_OPEN, N_("Open the selected link in a browser") },
	{ KEYMAP_OUTLINE, ACTION_OPEN, N_("Go to the selected heading") },
	{ KEYMAP_SOURCES, ACTION_OPEN,
	  N_("Show only the articles of the selected source") },
	{ KEYMAP_HIGHLIGHTS, ACTION_OPEN,
	  N_("Open the article at the selected highlight") },
	{ KEYMAP_HIGHLIGHTS, ACTION_SEARCH,
	  N_("Filter the list by text in the quote or the note") },
	{ KEYMAP_RESULTS, ACTION_OPEN,
	  N_("Open the selected article at its first hit") },
	{ KEYMAP_RESULTS, ACTION_SEARCH, N_("Search the whole archive again") },
	{ KEYMAP_REVIEW, ACTION_OPEN,
	  N_("Open the highlight's article at its place (q there comes back to the review)") },
	{ KEYMAP_REVIEW, ACTION_BACK, N_("End the review") },
};

/* Return the translated description of action a in ctx. */
static const char *
view_help_text(enum keymap_context ctx, enum action a)
{
	size_t n = sizeof view_help_in_context / sizeof view_help_in_context[0];

	for (size_t i = 0; i < n; i++)
		if (view_help_in_context[i].ctx == ctx &&
		    view_help_in_context[i].action == a)
			return _(view_help_in_context[i].help);
	return _(action_info(a)->help);
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
			      xstrdup(view_help_text(ctx, (enum action)a)));
	}
}

/* Append a screen line to vh. */
static void
view_help_line_add(struct view_help *vh, struct view_help_line l)
{
	vh->lines = xreallocarray(vh->lines, vh->n_lines + 1,
				  sizeof *vh->lines);
	vh->lines[vh->n_lines++] = l;
}

/* The columns of the action name and the description at width cols. */
struct view_help_cols {
	int keys_width;		/* widest keys that share their line */
	int name_x;
	int text_x;		/* 0: descriptions go under the name */
};

/* Fit the columns to the rows: the keys column as wide as its widest
 * entry (capped), the name column as wide as the longest name, so that
 * neither runs into the next. */
static struct view_help_cols
view_help_columns(const struct view_help *vh, int cols)
{
	struct view_help_cols c = { 0 };
	int name_width = 0;

	for (size_t i = 0; i < vh->n; i++) {
		const struct view_help_row *r = &vh->rows[i];
		if (r->keys == NULL || r->name[0] == '\0')
			continue;
		int w = utf8_width(r->keys, strlen(r->keys));
		if (w <= VIEW_HELP_KEYS_MAX && w > c.keys_width)
			c.keys_width = w;
		w = utf8_width(r->name, strlen(r->name));
		if (w > name_width)
			name_width = w;
	}
	c.name_x = 1 + c.keys_width + 2;
	c.text_x = c.name_x + name_width + 2;
	if (cols - c.text_x < VIEW_HELP_TEXT_MIN) {
		c.text_x = 0;
		/* Narrow: the name moves left to show whole; keys wider
		 * than the room left get a line of their own. */
		if (c.name_x + name_width >= cols) {
			c.name_x = cols - name_width - 1 > 3 ?
				   cols - name_width - 1 : 3;
			c.keys_width = c.name_x - 3;
		}
	}
	return c;
}

/* Add the lines of row i: its keys (on a line of their own when too wide
 * for their column), its name, and its description wrapped at word
 * boundaries to the columns left, beside the name or, on a narrow
 * screen, under the keys and name, indented a little. */
static void
view_help_layout_row(struct view_help *vh, size_t i,
		     const struct view_help_cols *c, int cols)
{
	const struct view_help_row *r = &vh->rows[i];
	bool below = r->keys != NULL && c->text_x == 0;
	int x = r->keys == NULL ? 1 : below ? 3 : c->text_x;
	int width = cols - x - 1 > 0 ? cols - x - 1 : 1;
	struct wrap_lines w;

	if (r->keys != NULL) {
		int kw = utf8_width(r->keys, strlen(r->keys));
		int room = r->name[0] != '\0' ? c->keys_width :
			   below ? cols - 2 : x - 3;
		if (kw > room)	/* the keys alone */
			view_help_line_add(vh, (struct view_help_line){
				.row = i, .x = x });
		if (below)	/* the name alone (with the keys that fit) */
			view_help_line_add(vh, (struct view_help_line){
				.row = i, .head = true, .x = x });
	}
	wrap_lines_init(&w);
	wrap_text(r->text, strlen(r->text), width, width, &w);
	for (size_t k = 0; k < w.n; k++)
		view_help_line_add(vh, (struct view_help_line){
			.row = i, .head = r->keys != NULL && k == 0 && !below,
			.off = w.lines[k].off, .len = w.lines[k].len, .x = x });
	wrap_lines_fini(&w);
}

/* Make the screen lines for width cols. */
static void
view_help_layout(struct view_help *vh, int cols)
{
	struct view_help_cols c = view_help_columns(vh, cols);

	vh->n_lines = 0;
	for (size_t i = 0; i < vh->n; i++)
		view_help_layout_row(vh, i, &c, cols);
	vh->cols = cols;
}

/* Paint one screen line: its row's keys and name when it starts the
 * row, and its piece of the description. */
static void
view_help_paint_line(const struct view_help *vh, const struct view_help_line *l,
		     const struct view_help_cols *c, int row, int cols)
{
	const struct view_help_row *r = &vh->rows[l->row];

	if (r->keys == NULL) {
		term_draw(row, 1, cols - 1, r->text + l->off, l->len,
			  TERM_HEADING, 0);
		return;
	}
	bool first = l == vh->lines || (l - 1)->row != l->row;
	if (first)
		term_draw(row, 1, cols - 1, r->keys, strlen(r->keys),
			  TERM_NORMAL, TERM_BOLD);
	if (l->head && r->name[0] != '\0' && c->name_x < cols)
		term_draw(row, c->name_x, cols - c->name_x, r->name,
			  strlen(r->name), TERM_META, 0);
	if (l->len > 0 && l->x < cols)
		term_draw(row, l->x, cols - l->x, r->text + l->off, l->len,
			  TERM_NORMAL, 0);
}

/* Paint the lines that fit, laid out again when the width changed. */
static void
view_help_draw(struct view *v, int rows, int cols)
{
	struct view_help *vh = view_help_of(v);
	struct view_help_cols c = view_help_columns(vh, cols);

	v->rows = rows;
	v->cols = cols;
	if (vh->cols != cols)
		view_help_layout(vh, cols);
	if (vh->top + (size_t)rows > vh->n_lines)
		vh->top = vh->n_lines > (size_t)rows ?
			  vh->n_lines - (size_t)rows : 0;
	for (int row = 0; row < rows && vh->top + (size_t)row < vh->n_lines;
	     row++)
		view_help_paint_line(vh, &vh->lines[vh->top + (size_t)row], &c,
				     row, cols);
}

/* Scroll, or close the screen. */
static unsigned
view_help_act(struct view *v, enum action a, int count)
{
	struct view_help *vh = view_help_of(v);
	long top = (long)vh->top;
	long last = vh->n_lines > (size_t)v->rows ?
		    (long)vh->n_lines - v->rows : 0;

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
	free(vh->lines);
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
	view_help_add(vh, xstrdup(":help [CONTEXT]"), "",
		      xstrdup(_("Show the keys of this screen, or of a context, e.g. :help caret")));
	view_help_add(vh, xstrdup(":set NAME [VALUE]"), "",
		      xstrdup(_("Change a setting, e.g. :set text-width 70; without a value, show it")));
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
