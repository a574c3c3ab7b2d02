/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "view_reader.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "doc.h"
#include "i18n.h"
#include "layout.h"
#include "term.h"
#include "utf8.h"
#include "view.h"
#include "xmem.h"

struct view_reader {
	struct view base;
	struct doc *doc;	/* owned */
	const struct conf *conf;	/* text-width; the app's */
	struct layout lo;	/* for lo.width columns; n == 0 before the
				   first paint */
	size_t top;		/* row of lo shown first */
	size_t top_off;		/* its source offset: the reading position */
	bool show_leftovers;	/* leftovers drawn, not folded (z) */
	bool stale;		/* lo must be laid out again */
};

/* Return the screen element for lines of role r. */
static enum term_element
view_reader_element(enum layout_role r)
{
	static const enum term_element map[] = {
		[LAYOUT_BLANK] = TERM_NORMAL, [LAYOUT_TITLE] = TERM_TITLE,
		[LAYOUT_META] = TERM_META, [LAYOUT_URL] = TERM_META,
		[LAYOUT_TEXT] = TERM_NORMAL, [LAYOUT_HEADING] = TERM_HEADING,
		[LAYOUT_CODE] = TERM_CODE, [LAYOUT_RULE] = TERM_DIM,
		[LAYOUT_IMAGE] = TERM_DIM, [LAYOUT_FOLD] = TERM_DIM,
	};

	return map[r];
}

/* Return the element and attributes for a segment's inline style. */
static enum term_element
view_reader_style(enum term_element el, unsigned style, unsigned *attrs)
{
	*attrs = 0;
	if (style & DOC_STYLE_STRONG)
		*attrs |= TERM_BOLD;
	if (style & DOC_STYLE_EMPH)
		*attrs |= TERM_ITALIC;
	if (style & DOC_STYLE_STRIKE)
		*attrs |= TERM_DIM_ATTR;
	if (style & DOC_STYLE_LINK)
		return TERM_LINK;
	if (style & DOC_STYLE_CODE)
		return TERM_CODE;
	return el;
}

/* Paint one laid-out line on screen row row, from column left on,
 * within cols columns. */
static void
view_reader_line(const struct layout_line *l, int row, int left, int cols)
{
	enum term_element el = view_reader_element(l->role);
	int x = term_draw(row, left, cols, l->prefix, strlen(l->prefix),
			  TERM_DIM, 0);

	for (size_t i = 0; i < l->n_segs && x < cols; i++) {
		const struct layout_seg *s = &l->segs[i];
		unsigned attrs;
		enum term_element sel = view_reader_style(el, s->style, &attrs);
		x += term_draw(row, left + x, cols - x, s->text, s->len, sel,
			       attrs);
	}
}

/* Return the largest useful top row for rows screen rows. */
static size_t
view_reader_max_top(const struct view_reader *vr, int rows)
{
	return vr->lo.n > (size_t)rows ? vr->lo.n - (size_t)rows : 0;
}

/* Set the top row, clamped, and remember its source offset. */
static void
view_reader_set_top(struct view_reader *vr, long top, int rows)
{
	long max = (long)view_reader_max_top(vr, rows);

	vr->top = (size_t)(top < 0 ? 0 : top > max ? max : top);
	if (vr->lo.n > 0)
		vr->top_off = vr->lo.lines[vr->top].src_off;
}

/* Lay the document out again for cols columns, keeping the text at the
 * top of the screen. */
static void
view_reader_relayout(struct view_reader *vr, int cols)
{
	struct layout_opts opts = {
		.width = cols,
		.show_leftovers = vr->show_leftovers,
	};

	layout_fini(&vr->lo);
	layout_build_opts(&vr->lo, vr->doc, &opts);
	vr->top = layout_row_for_off(&vr->lo, vr->top_off);
	vr->stale = false;
}

/* Return the width to lay the text out at in a window cols wide: the
 * text-width setting when the window is wider, else the window's. */
static int
view_reader_text_width(const struct view_reader *vr, int cols)
{
	int tw = vr->conf->text_width;

	return tw > 0 && tw < cols ? tw : cols;
}

/* Paint as many lines as fit, re-laying out first if the width changed;
 * text narrower than the window is centred. */
static void
view_reader_draw(struct view *v, int rows, int cols)
{
	struct view_reader *vr = (struct view_reader *)v;
	int width = view_reader_text_width(vr, cols);
	int left = (cols - width) / 2;

	if (vr->lo.n == 0 || vr->lo.width != width || vr->stale)
		view_reader_relayout(vr, width);
	v->rows = rows;
	v->cols = cols;
	if (vr->top > view_reader_max_top(vr, rows))
		vr->top = view_reader_max_top(vr, rows);
	for (int row = 0; row < rows; row++) {
		size_t i = vr->top + (size_t)row;
		if (i >= vr->lo.n)
			break;
		view_reader_line(&vr->lo.lines[i], row, left, width);
	}
}

/* Perform a reading action. */
static unsigned
view_reader_handle(struct view *v, enum action a, int count)
{
	struct view_reader *vr = (struct view_reader *)v;
	long top = (long)vr->top, page = v->rows > 1 ? v->rows - 1 : 1;

	if (count < 1)
		count = 1;
	switch (a) {
	case ACTION_MOVE_DOWN: top += count; break;
	case ACTION_MOVE_UP: top -= count; break;
	case ACTION_PAGE_DOWN: top += page * count; break;
	case ACTION_PAGE_UP: top -= page * count; break;
	case ACTION_HALF_PAGE_DOWN: top += (long)v->rows / 2 * count; break;
	case ACTION_HALF_PAGE_UP: top -= (long)v->rows / 2 * count; break;
	case ACTION_FIRST: top = 0; break;
	case ACTION_LAST: top = (long)vr->lo.n; break;
	case ACTION_BACK: return VIEW_CLOSE;
	case ACTION_TOGGLE_LEFTOVERS:
		vr->show_leftovers = !vr->show_leftovers;
		vr->stale = true;
		return VIEW_REDRAW;
	default: return VIEW_UNHANDLED;
	}
	view_reader_set_top(vr, top, v->rows);
	return VIEW_REDRAW;
}

/* Return how far through the article the bottom of the screen is, in
 * percent of the source bytes. */
static int
view_reader_percent(const struct view_reader *vr)
{
	size_t bottom = vr->top + (size_t)vr->base.rows;

	if (bottom >= vr->lo.n || vr->doc->src_len == 0)
		return 100;
	return (int)(vr->lo.lines[bottom - 1].src_end * 100 / vr->doc->src_len);
}

/* Status: the title and the position as a percentage. */
static void
view_reader_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_reader *vr = (struct view_reader *)v;

	buf_adds(left, doc_title(vr->doc));
	buf_printf(right, "%d%%", view_reader_percent(vr));
}

/* Free the view, its layout and its document. */
static void
view_reader_free(struct view *v)
{
	struct view_reader *vr = (struct view_reader *)v;

	layout_fini(&vr->lo);
	doc_free(vr->doc);
	free(vr);
}

static const struct view_ops view_reader_ops = {
	.draw = view_reader_draw,
	.handle = view_reader_handle,
	.status = view_reader_status,
	.free = view_reader_free,
};

struct view *
view_reader_new(struct doc *d, const struct conf *conf)
{
	struct view_reader *vr = xcalloc(1, sizeof *vr);

	vr->base.context = KEYMAP_READER;
	vr->base.ops = &view_reader_ops;
	vr->doc = d;
	vr->conf = conf;
	return &vr->base;
}

size_t
view_reader_position(const struct view *v)
{
	const struct view_reader *vr = (const struct view_reader *)v;

	return vr->top_off;
}

const struct doc *
view_reader_doc(const struct view *v)
{
	const struct view_reader *vr = (const struct view_reader *)v;

	return vr->doc;
}

void
view_reader_goto(struct view *v, size_t off)
{
	struct view_reader *vr = (struct view_reader *)v;

	vr->top_off = off;
	if (vr->lo.n > 0)
		vr->top = layout_row_for_off(&vr->lo, off);
}
