/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_list.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ui/conf.h"
#include "base/i18n.h"
#include "data/library.h"
#include "data/store.h"
#include "ui/term.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "base/xmem.h"

struct view_list {
	struct view base;
	const struct library *lib;	/* the app's */
	const struct conf *conf;	/* the app's: date-format */
	size_t cur;		/* selected row */
	int64_t cur_id;		/* its article, kept across reloads */
	size_t top;		/* row on the first list row */
};

/* Return v as the view it is (asserted). */
static struct view_list *
view_list_of(struct view *v)
{
	assert(v->kind == VIEW_KIND_LIST);
	return (struct view_list *)v;
}

static const struct view_list *
view_list_cof(const struct view *v)
{
	assert(v->kind == VIEW_KIND_LIST);
	return (const struct view_list *)v;
}

/* Column widths for one paint. */
struct view_list_cols {
	int state, marks, date, source, title;
};

#define VIEW_LIST_GAP 2
/* Below this many columns for the title, the source and then the date
 * give theirs up. */
#define VIEW_LIST_TITLE_MIN 8

/* Append the date to show for e to out: its date, else its fetch date,
 * as the date-format setting says (the calendar date in ISO 8601 by
 * default). */
static void
view_list_date(const struct view_list *vl, const struct library_row *e,
	       struct buf *out)
{
	const char *d = e->date ? e->date : e->fetch_date;

	if (d != NULL)
		conf_format_date(vl->conf, d, out);
}

/* Return the header of the highlights column. */
static const char *
view_list_marks_header(void)
{
	/* TRANSLATORS: header of the list's narrow column that counts
	   each article's highlights; at most 4 columns wide. */
	return _("HL");
}

/* Split cols columns between the list's columns; the headers are
 * translated, so their widths count too. */
static struct view_list_cols
view_list_layout(const struct view_list *vl, int cols)
{
	struct view_list_cols c;
	const char *date = _("Date"), *source = _("Source");
	const char *marks = view_list_marks_header();
	int date_w = utf8_width(date, strlen(date));
	int source_w = utf8_width(source, strlen(source));
	int marks_w = utf8_width(marks, strlen(marks));
	struct buf sample;

	/* As wide as today's date in the user's format, at least. */
	buf_init(&sample);
	conf_format_date(vl->conf, "2026-12-31", &sample);
	if (utf8_width(sample.data, sample.len) > date_w)
		date_w = utf8_width(sample.data, sample.len);
	buf_fini(&sample);
	c.state = 4;	/* "99%" and a blank */
	c.marks = (marks_w > 3 ? marks_w : 3) + 1;
	c.date = date_w > 10 ? date_w : 10;
	c.source = cols / 6;
	if (c.source < source_w)
		c.source = source_w;
	if (c.source > 20)
		c.source = 20;
	c.title = cols - c.state - c.marks - c.date - c.source
		  - 2 * VIEW_LIST_GAP;
	if (c.title < VIEW_LIST_TITLE_MIN) {	/* narrow: the source goes, */
		c.title += c.source + VIEW_LIST_GAP;
		c.source = 0;
	}
	if (c.title < VIEW_LIST_TITLE_MIN) {	/* then the date: the title stays */
		c.title += c.date + VIEW_LIST_GAP;
		c.date = 0;
	}
	return c;
}

/* Draw s truncated to width columns at (row, col). */
static void
view_list_cell(int row, int col, int width, const char *s, size_t len,
	       enum term_element el)
{
	struct buf b;

	if (width <= 0)
		return;
	buf_init(&b);
	utf8_truncate(s, len, width, &b);
	term_draw(row, col, width, buf_str(&b), b.len, el, 0);
	buf_fini(&b);
}

/* Draw the row of column names. */
static void
view_list_header(const struct view_list_cols *c, int cols)
{
	int x = c->state;
	const char *date = _("Date"), *source = _("Source"), *title = _("Title");
	const char *marks = view_list_marks_header();

	term_fill(0, 0, cols, TERM_COLUMN_HEADER);
	view_list_cell(0, x, c->marks, marks, strlen(marks), TERM_COLUMN_HEADER);
	x += c->marks;
	if (c->date > 0) {
		view_list_cell(0, x, c->date, date, strlen(date),
			       TERM_COLUMN_HEADER);
		x += c->date + VIEW_LIST_GAP;
	}
	if (c->source > 0) {
		view_list_cell(0, x, c->source, source, strlen(source),
			       TERM_COLUMN_HEADER);
		x += c->source + VIEW_LIST_GAP;
	}
	view_list_cell(0, x, c->title, title, strlen(title), TERM_COLUMN_HEADER);
}

/* Draw an article's reading state in the first width columns: nothing
 * once read (opened or only marked so), a mark when never opened, the
 * percentage read while in progress. */
static void
view_list_state(const struct store_place *pl, int row, int width,
		enum term_element el)
{
	char pct[8];

	if (pl->read)
		return;
	if (!pl->opened) {
		/* TRANSLATORS: mark of a never-opened article, at most two
		   columns wide. */
		const char *mark = _("N");
		term_draw(row, 0, width, mark, strlen(mark),
			  el == TERM_NORMAL ? TERM_NEW_MARK : el, 0);
	} else {
		int n = snprintf(pct, sizeof pct, "%d%%",
				 pl->percent > 99 ? 99 : pl->percent);
		term_draw(row, 0, width, pct, (size_t)n, el, 0);
	}
}

/* Draw the mark of a quarantined article, which crashed a tsundoku
 * once and opens as plain text, in place of its reading state. */
static void
view_list_quarantined(int row, int width, enum term_element el)
{
	term_draw(row, 0, width, "!", 1, el == TERM_NORMAL ? TERM_ERROR : el,
		  TERM_BOLD);
}

/* Draw entry i on screen row row. */
static void
view_list_row(struct view_list *vl, const struct view_list_cols *c,
	      size_t i, int row, int cols)
{
	const struct library_row *e = &vl->lib->rows[i];
	enum term_element el = i == vl->cur ? TERM_CURSOR_LINE : TERM_NORMAL;
	int x = c->state;
	struct buf date;

	term_fill(row, 0, cols, el);
	if (e->quarantined)
		view_list_quarantined(row, c->state - 1, el);
	else
		view_list_state(&e->place, row, c->state - 1, el);
	if (e->highlights > 0) {
		char n[24];
		int len = snprintf(n, sizeof n, "%zu", e->highlights);
		view_list_cell(row, x, c->marks, n, (size_t)len, el);
	}
	x += c->marks;
	if (c->date > 0) {
		buf_init(&date);
		view_list_date(vl, e, &date);
		view_list_cell(row, x, c->date, date.len ? date.data : "",
			       date.len, el);
		buf_fini(&date);
		x += c->date + VIEW_LIST_GAP;
	}
	if (c->source > 0) {
		const char *src = e->source ? e->source : "";
		view_list_cell(row, x, c->source, src, strlen(src), el);
		x += c->source + VIEW_LIST_GAP;
	}
	view_list_cell(row, x, c->title, e->title, strlen(e->title), el);
}

/* Keep the selected entry within the rows shown. */
static void
view_list_scroll(struct view_list *vl, int visible)
{
	if (visible < 1)
		visible = 1;
	if (vl->cur < vl->top)
		vl->top = vl->cur;
	if (vl->cur >= vl->top + (size_t)visible)
		vl->top = vl->cur - (size_t)visible + 1;
}

/* Paint the header row and as many entries as fit. */
static void
view_list_draw(struct view *v, int rows, int cols)
{
	struct view_list *vl = view_list_of(v);
	struct view_list_cols c = view_list_layout(vl, cols);

	v->rows = rows;
	v->cols = cols;
	view_list_header(&c, cols);
	if (vl->lib->n == 0) {
		const char *msg = vl->lib->unread_only || vl->lib->source
			? _("No articles match the filter.")
			: _("No articles found.");
		term_draw(2, 2, cols - 2, msg, strlen(msg), TERM_NORMAL, 0);
		return;
	}
	view_list_scroll(vl, rows - 1);
	for (int row = 1; row < rows; row++) {
		size_t i = vl->top + (size_t)row - 1;
		if (i >= vl->lib->n)
			break;
		view_list_row(vl, &c, i, row, cols);
	}
}

/* Perform a list action. */
static unsigned
view_list_act(struct view *v, enum action a, int count)
{
	struct view_list *vl = view_list_of(v);
	long cur = (long)vl->cur;

	if (vl->lib->n == 0)
		return a == ACTION_OPEN ? VIEW_NOTHING : VIEW_UNHANDLED;
	if (a == ACTION_OPEN)
		return VIEW_OPEN;
	if (!view_motion(a, count, v->rows - 1, (long)vl->lib->n - 1, &cur))
		return VIEW_UNHANDLED;
	view_list_select(v, (size_t)cur);
	return VIEW_REDRAW;
}

/* Status: the number of articles and of unread ones, the order, and
 * the filters in effect. */
static void
view_list_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_list *vl = view_list_of(v);
	const struct library *lib = vl->lib;

	buf_printf(left, P_("%'zu article", "%'zu articles", lib->n_total),
		   lib->n_total);
	buf_adds(left, " · ");
	buf_printf(left, P_("%'zu unread", "%'zu unread", lib->n_unread),
		   lib->n_unread);
	buf_adds(left, " · ");
	buf_printf(left, _("sorted by %s"), _(library_sort_name(lib->sort)));
	if (lib->unread_only)
		buf_printf(left, " · %s", _("unread only"));
	if (lib->source != NULL)
		buf_printf(left, " · %s", lib->source);
	if (lib->n > 0)
		buf_printf(right, "%zu/%zu", vl->cur + 1, lib->n_total);
}

/* Free the view (the archive and flags are the caller's). */
static void
view_list_free(struct view *v)
{
	free(v);
}

/* Perform action a: the flags of view_list_act. */
static struct view_reaction
view_list_handle(struct view *v, enum action a, int count)
{
	return view_react(view_list_act(v, a, count));
}

static const struct view_ops view_list_ops = {
	.draw = view_list_draw,
	.handle = view_list_handle,
	.status = view_list_status,
	.free = view_list_free,
};

struct view *
view_list_new(const struct library *lib, const struct conf *conf)
{
	struct view_list *vl = xcalloc(1, sizeof *vl);

	vl->conf = conf;
	vl->base.context = KEYMAP_LIST;
	vl->base.ops = &view_list_ops;
	vl->base.kind = VIEW_KIND_LIST;
	vl->lib = lib;
	view_list_select(&vl->base, 0);
	return &vl->base;
}

void
view_list_select(struct view *v, size_t i)
{
	struct view_list *vl = view_list_of(v);

	vl->cur = vl->lib->n == 0 ? 0 : i < vl->lib->n ? i : vl->lib->n - 1;
	vl->cur_id = vl->lib->n > 0 ? vl->lib->rows[vl->cur].id : 0;
}

size_t
view_list_selected(const struct view *v)
{
	const struct view_list *vl = view_list_cof(v);

	return vl->cur;
}

void
view_list_reloaded(struct view *v)
{
	struct view_list *vl = view_list_of(v);
	size_t i = library_find(vl->lib, vl->cur_id);

	/* The article left the list (a filter, a deletion): stay at the
	 * same row, which now shows its neighbour. */
	view_list_select(v, i < vl->lib->n ? i : vl->cur);
}

bool
view_list_click(struct view *v, int row)
{
	struct view_list *vl = view_list_of(v);
	size_t i = vl->top + (size_t)row - 1;

	if (row < 1 || row >= v->rows || i >= vl->lib->n)
		return false;
	view_list_select(v, i);
	return true;
}
