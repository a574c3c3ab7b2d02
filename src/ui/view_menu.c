/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_menu.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "ui/term.h"
#include "ui/view.h"
#include "base/xmem.h"

struct view_menu {
	struct view base;
	char *title;
	struct view_menu_item *items;
	size_t n;
	size_t cur;		/* selected item */
	size_t top;		/* item on the first row below the title */
	size_t chosen;		/* item of the last VIEW_CHOOSE */
	void *data;		/* the caller's, for after a choice */
	void (*data_free)(void *data);	/* frees data with the menu */
};

/* Return v as the view it is (asserted). */
static struct view_menu *
view_menu_of(struct view *v)
{
	assert(view_kind_is_menu(v->kind));
	return (struct view_menu *)v;
}

static const struct view_menu *
view_menu_cof(const struct view *v)
{
	assert(view_kind_is_menu(v->kind));
	return (const struct view_menu *)v;
}

/* Paint the swatch of highlight colour c (1-4) at (row, x): two cells
 * in that colour, or without colours its name; return the columns
 * taken, the gap after it included. */
static int
view_menu_swatch(int row, int x, int cols, int c, enum term_element el)
{
	static const char *const names[] = {
		/* TRANSLATORS: the default highlight colours, named in
		   the list of highlights when the screen has no colours;
		   at most 8 columns wide. */
		N_("green"), N_("cyan"), N_("magenta"), N_("red"),
	};

	if (c < 1 || c > 4)	/* not a colour of ours: no swatch */
		return 0;
	if (!term_is_mono()) {
		term_draw(row, x, cols - x, "  ", 2,
			  (enum term_element)(TERM_HIGHLIGHT_1 + c - 1), 0);
		return 3;
	}
	term_draw(row, x, cols - x, _(names[c - 1]), strlen(_(names[c - 1])),
		  el, 0);
	return 9;
}

/* Paint the title row and the items that fit below it. */
static void
view_menu_draw(struct view *v, int rows, int cols)
{
	struct view_menu *vm = view_menu_of(v);
	size_t visible = rows > 1 ? (size_t)rows - 1 : 1;

	v->rows = rows;
	v->cols = cols;
	term_draw(0, 1, cols - 1, vm->title, strlen(vm->title), TERM_HEADING, 0);
	if (vm->n == 0) {
		const char *msg = _("Nothing to show.");
		term_draw(2, 2, cols - 2, msg, strlen(msg), TERM_NORMAL, 0);
		return;
	}
	if (vm->cur < vm->top)
		vm->top = vm->cur;
	if (vm->cur >= vm->top + visible)
		vm->top = vm->cur - visible + 1;
	for (size_t row = 1; row <= visible && vm->top + row - 1 < vm->n; row++) {
		size_t i = vm->top + row - 1;
		const struct view_menu_item *it = &vm->items[i];
		enum term_element el = i == vm->cur ? TERM_CURSOR_LINE : TERM_NORMAL;
		int x = 1 + it->indent < cols ? 1 + it->indent : cols;
		term_fill((int)row, 0, cols, el);
		if (it->swatch > 0 && x < cols)
			x += view_menu_swatch((int)row, x, cols, it->swatch, el);
		if (x < cols)
			term_draw((int)row, x, cols - x, it->text,
				  strlen(it->text), el, 0);
	}
}

/* Choose the selected item, or item number count when one was typed. */
static unsigned
view_menu_choose(struct view_menu *vm, int count)
{
	if (count > 0) {
		if ((size_t)count > vm->n)
			return VIEW_UNHANDLED;
		vm->cur = (size_t)count - 1;
	}
	vm->chosen = vm->cur;
	return VIEW_CHOOSE | VIEW_REDRAW;
}

/* Move, choose, or close the menu. */
static unsigned
view_menu_act(struct view *v, enum action a, int count)
{
	struct view_menu *vm = view_menu_of(v);
	long cur = (long)vm->cur;

	if (a == ACTION_BACK)
		return VIEW_CLOSE;
	if (vm->n == 0)
		return VIEW_UNHANDLED;
	if (a == ACTION_OPEN)
		return view_menu_choose(vm, count);
	if (!view_motion(a, count, v->rows - 2, (long)vm->n - 1, &cur))
		return VIEW_UNHANDLED;
	vm->cur = (size_t)cur;
	return VIEW_REDRAW;
}

/* Status: the title and the selected item's number. */
static void
view_menu_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_menu *vm = view_menu_of(v);

	buf_adds(left, vm->title);
	if (vm->n > 0)
		buf_printf(right, "%zu/%zu", vm->cur + 1, vm->n);
}

/* Free the items, the title and the view. */
static void
view_menu_free(struct view *v)
{
	struct view_menu *vm = view_menu_of(v);

	for (size_t i = 0; i < vm->n; i++)
		free(vm->items[i].text);
	free(vm->items);
	free(vm->title);
	if (vm->data_free != NULL)
		vm->data_free(vm->data);
	free(vm);
}

/* Perform action a: the flags of view_menu_act. */
static struct view_reaction
view_menu_handle(struct view *v, enum action a, int count)
{
	return view_react(view_menu_act(v, a, count));
}

static const struct view_ops view_menu_ops = {
	.draw = view_menu_draw,
	.handle = view_menu_handle,
	.status = view_menu_status,
	.free = view_menu_free,
};

/* Return the bindings a menu of kind uses. */
static enum keymap_context
view_menu_context(enum view_kind kind)
{
	switch (kind) {
	case VIEW_KIND_LINKS: return KEYMAP_LINKS;
	case VIEW_KIND_OUTLINE: return KEYMAP_OUTLINE;
	case VIEW_KIND_SOURCES: return KEYMAP_SOURCES;
	case VIEW_KIND_HIGHLIGHTS: return KEYMAP_HIGHLIGHTS;
	default: break;
	}
	assert(!"not a kind of menu");
	return KEYMAP_LINKS;
}

struct view *
view_menu_new(enum view_kind kind, const char *title,
	      struct view_menu_item *items, size_t n)
{
	struct view_menu *vm = xcalloc(1, sizeof *vm);

	vm->base.ops = &view_menu_ops;
	vm->base.kind = kind;
	vm->base.context = view_menu_context(kind);
	vm->title = xstrdup(title);
	vm->items = items;
	vm->n = n;
	return &vm->base;
}

size_t
view_menu_chosen(const struct view *v)
{
	const struct view_menu *vm = view_menu_cof(v);

	return vm->items[vm->chosen].value;
}

void
view_menu_set_data(struct view *v, void *data, void (*data_free)(void *data))
{
	struct view_menu *vm = view_menu_of(v);

	vm->data = data;
	vm->data_free = data_free;
}

void *
view_menu_data(const struct view *v)
{
	return view_menu_cof(v)->data;
}
