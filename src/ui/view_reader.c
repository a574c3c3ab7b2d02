/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ui/view_reader.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ui/conf.h"
#include "document/doc.h"
#include "document/find.h"
#include "base/i18n.h"
#include "layout/layout.h"
#include "ui/term.h"
#include "document/tidy.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "ui/view_reader_impl.h"
#include "base/xmem.h"

/* The header shows at most this many lines of a title; the outline (t)
 * has all of it. */
#define VIEW_READER_TITLE_LINES 3

/* Return the screen element for lines of role r. */
static enum term_element
view_reader_element(enum layout_role r)
{
	static const enum term_element map[] = {
		[LAYOUT_BLANK] = TERM_NORMAL, [LAYOUT_TITLE] = TERM_TITLE,
		[LAYOUT_META] = TERM_META, [LAYOUT_URL] = TERM_META,
		[LAYOUT_TEXT] = TERM_NORMAL, [LAYOUT_HEADING] = TERM_HEADING,
		[LAYOUT_CODE] = TERM_CODE, [LAYOUT_RULE] = TERM_DIM,
		[LAYOUT_IMAGE] = TERM_DIM, [LAYOUT_FOLD] = TERM_LEFTOVER,
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

/* Return the first search hit in block b that ends after text offset
 * off (hits are in document order), or hits.n. */
static size_t
view_reader_first_hit(const struct view_reader *vr, size_t b, size_t off)
{
	size_t lo = 0, hi = vr->hits.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct find_hit *h = &vr->hits.hits[mid];
		if (h->block < b || (h->block == b && h->text_end <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Return true when some cluster of the text may be drawn marked: by a
 * search hit, the caret or the selection. */
static bool
view_reader_any_marks(const struct view_reader *vr)
{
	return vr->hits.n > 0 || vr->caret.on || vr->hl.n > 0;
}

/* Return the source offset where text offset off of block blk comes
 * from (the start of its run where the run does not map byte for byte). */
static size_t
view_reader_src_of(const struct doc_block *blk, size_t off)
{
	size_t lo = 0, hi = blk->n_runs;

	while (hi - lo > 1) {	/* the last run starting at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (blk->runs[mid].text_off <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (blk->n_runs == 0)
		return blk->src_off;
	const struct doc_run *r = &blk->runs[lo];
	if (r->len != r->src_len || off < r->text_off)
		return r->src_off;
	return r->src_off + (off - r->text_off);
}

size_t
view_reader_hl_at(const struct view_reader *vr, size_t off)
{
	long i = highlight_at(&vr->hl, off);

	return i < 0 ? vr->hl.n : (size_t)i;
}

/* Return the element of the highlight, if any, holding the cluster
 * [src, src_end); add to *attrs the note's mark on the last cluster of a
 * highlight with a note. */
static enum term_element
view_reader_hl_mark(const struct view_reader *vr, size_t src, size_t src_end,
		    enum term_element el, unsigned *attrs)
{
	static const enum term_element colors[] = {
		TERM_HIGHLIGHT_1, TERM_HIGHLIGHT_2, TERM_HIGHLIGHT_3,
		TERM_HIGHLIGHT_4,
	};
	size_t i = view_reader_hl_at(vr, src);

	if (i == vr->hl.n)
		return el;
	const struct highlight *h = &vr->hl.v[i];
	if (h->note != NULL && h->note[0] != '\0' && src_end >= h->end)
		*attrs |= TERM_UNDERLINE | TERM_BOLD;
	return colors[(h->color >= 1 && h->color <= 4 ? h->color : 1) - 1];
}

/* Return the element the cluster at text offset off of block b is drawn
 * in, el when nothing marks it: the caret over the selection over a
 * search hit. */
static enum term_element
view_reader_mark(const struct view_reader *vr, size_t b, size_t off,
		 size_t len, enum term_element el, unsigned *attrs)
{
	struct motion_pos p = { .block = b, .off = off }, first, last;
	const struct doc_block *blk = &vr->doc->blocks[b];

	if (vr->caret.on && motion_pos_cmp(p, vr->caret.pos) == 0)
		return TERM_CARET;
	if (view_reader_selection(vr, &first, &last) &&
	    motion_pos_cmp(first, p) <= 0 && motion_pos_cmp(p, last) <= 0)
		return TERM_SELECTION;
	size_t h = view_reader_first_hit(vr, b, off);
	if (h < vr->hits.n && vr->hits.hits[h].block == b &&
	    vr->hits.hits[h].text_off <= off)
		return TERM_SEARCH_HIT;
	if (vr->hl.n == 0)
		return el;
	return view_reader_hl_mark(vr, view_reader_src_of(blk, off),
				   view_reader_src_of(blk, off + len - 1) + 1,
				   el, attrs);
}

/* Draw segment s of line l at (row, x) within max columns, cluster by
 * cluster where something marks them (view_reader_mark), and note where
 * the caret was drawn. Return the columns drawn. */
static int
view_reader_seg(struct view_reader *vr, const struct layout_line *l,
		const struct layout_seg *s, int row, int x, int max,
		enum term_element el, unsigned attrs)
{
	const struct doc_block *blk = l->block == LAYOUT_NO_BLOCK ? NULL :
				      &vr->doc->blocks[l->block];

	/* Generated text (table padding, separators) is not the block's. */
	if (blk == NULL || !view_reader_any_marks(vr) || s->text < blk->text ||
	    s->text + s->len > blk->text + blk->text_len)
		return term_draw(row, x, max, s->text, s->len, el, attrs);
	size_t base = (size_t)(s->text - blk->text), from = 0;
	enum term_element cur = el;
	unsigned cur_attrs = attrs;
	int used = 0, w = 0;
	for (size_t k = 0; k < s->len;) {
		size_t n = utf8_cluster_len(s->text + k, s->len - k);
		unsigned a = attrs;
		enum term_element e = view_reader_mark(vr, l->block, base + k, n,
						       el, &a);
		if (e == TERM_CARET) {
			vr->cursor_row = row;
			vr->cursor_col = x + w;
		}
		if (e != cur || a != cur_attrs) {
			used += term_draw(row, x + used, max - used, s->text + from,
					  k - from, cur, cur_attrs);
			from = k;
			cur = e;
			cur_attrs = a;
		}
		w += utf8_cluster_width(s->text + k, n);
		k += n;
	}
	return used + term_draw(row, x + used, max - used, s->text + from,
				s->len - from, cur, cur_attrs);
}

/* Draw the mark of each highlight with a note that ends on line l, in
 * the first free column after the text: after the line when it is
 * shorter than the text width, else in the right margin, if any. */
static void
view_reader_note_marks(const struct view_reader *vr,
		       const struct layout_line *l, int row, int left, int cols)
{
	static const char mark[] = "\xe2\x9c\x8e";	/* U+270E LOWER RIGHT PENCIL */
	int x = l->width < cols ? left + l->width : left + cols;

	if (x >= vr->base.cols || l->block == LAYOUT_NO_BLOCK)
		return;
	for (size_t i = 0; i < vr->hl.n; i++) {
		const struct highlight *h = &vr->hl.v[i];
		if (h->detached || h->note == NULL || h->note[0] == '\0' ||
		    h->end <= l->src_off || h->end > l->src_end)
			continue;
		term_draw(row, x, 1, mark, sizeof mark - 1, TERM_NOTE_MARK, 0);
		return;
	}
}

/* Draw what remains of segment s once skip columns are scrolled off to
 * the left; a wide character cut by the edge becomes a blank. Return the
 * columns drawn and lower *skip by the columns skipped. */
static int
view_reader_scrolled_seg(const struct layout_seg *s, int *skip, int row,
			 int x, int max, enum term_element el, unsigned attrs)
{
	int w = 0;
	size_t b = utf8_fit(s->text, s->len, *skip, &w);
	int pad = 0;

	if (w < *skip && b < s->len) {	/* a wide character on the edge */
		size_t n = utf8_cluster_len(s->text + b, s->len - b);
		pad = w + utf8_cluster_width(s->text + b, n) - *skip;
		b += n;
	}
	*skip = 0;
	if (pad > 0 && pad <= max)
		term_draw(row, x, pad, " ", 1, el, attrs);
	return pad + term_draw(row, x + pad, max - pad, s->text + b,
			       s->len - b, el, attrs);
}

/* Paint a code line scrolled hscroll columns to the left, with a mark
 * at either edge where the line goes on beyond it. */
static void
view_reader_code_line(const struct view_reader *vr,
		      const struct layout_line *l, int row, int left, int cols)
{
	int skip = vr->hscroll, x = term_draw(row, left, cols, l->prefix,
					      strlen(l->prefix), TERM_DIM, 0);
	int text_cols = cols - x;

	for (size_t i = 0; i < l->n_segs && x < cols; i++) {
		const struct layout_seg *s = &l->segs[i];
		if (skip >= s->width) {
			skip -= s->width;
			continue;
		}
		x += view_reader_scrolled_seg(s, &skip, row, left + x, cols - x,
					      TERM_CODE, 0);
	}
	if (vr->hscroll > 0 && l->width > l->prefix_width)
		term_draw(row, left + l->prefix_width, 1, "<", 1, TERM_DIM, 0);
	if (l->width - l->prefix_width - vr->hscroll > text_cols)
		term_draw(row, left + cols - 1, 1, ">", 1, TERM_DIM, 0);
}

/* Return the attributes that tell heading levels apart, adjusting *el:
 * level 1 underlined, level 2 in the heading colour, deeper levels bold
 * italic text. */
static unsigned
view_reader_heading_attrs(const struct layout_line *l, enum term_element *el)
{
	if (l->role != LAYOUT_HEADING)
		return 0;
	if (l->level <= 1)
		return TERM_BOLD | TERM_UNDERLINE;
	if (l->level == 2)
		return TERM_BOLD;
	*el = TERM_NORMAL;
	return TERM_BOLD | TERM_ITALIC;
}

/* Paint one laid-out line on screen row row, from column left on,
 * within cols columns. */
static void
view_reader_line(struct view_reader *vr, const struct layout_line *l,
		 int row, int left, int cols)
{
	enum term_element el = view_reader_element(l->role);
	unsigned level_attrs = view_reader_heading_attrs(l, &el);
	int x;

	if (l->role == LAYOUT_CODE && !vr->wrap_code) {
		view_reader_code_line(vr, l, row, left, cols);
		return;
	}
	x = term_draw(row, left, cols, l->prefix, strlen(l->prefix),
		      TERM_DIM, 0);
	for (size_t i = 0; i < l->n_segs && x < cols; i++) {
		const struct layout_seg *s = &l->segs[i];
		unsigned attrs;
		enum term_element sel = view_reader_style(el, s->style, &attrs);
		x += view_reader_seg(vr, l, s, row, left + x, cols - x, sel,
				     attrs | level_attrs);
	}
	if (vr->hl.n > 0)
		view_reader_note_marks(vr, l, row, left, cols);
}

/* Format the article's date with the date-format setting, which ':set'
 * may have changed since the last paint; keep the old string when the
 * result is the same, so the layout is not redone. Return it. */
static const char *
view_reader_date(struct view_reader *vr)
{
	struct buf b;

	if (vr->doc->meta.date == NULL)
		return NULL;
	buf_init(&b);
	conf_format_date(vr->conf, vr->doc->meta.date, &b);
	if (vr->date != NULL && strcmp(vr->date, buf_str(&b)) == 0)
		buf_fini(&b);
	else
		vr->date = buf_detach(&b);
	return vr->date;
}

/* Make the layout ready for width columns and the options in force, and
 * the top line valid: found again from the reading position when the
 * lines it was in changed. */
void
view_reader_sync(struct view_reader *vr, int width)
{
	char *old_date = vr->date;
	struct layout_opts opts = {
		.width = width > 0 ? width : 80,
		.show_leftovers = vr->show_leftovers,
		.wrap_code = vr->wrap_code,
		.date = view_reader_date(vr),
		.title_lines = VIEW_READER_TITLE_LINES,
	};

	if (!vr->ready) {
		layout_lazy_init(&vr->ll, vr->doc, &opts);
		vr->ready = true;
		vr->gen = vr->ll.generation - 1;
	}
	layout_lazy_set_opts(&vr->ll, &opts);
	if (old_date != vr->date)
		free(old_date);	/* the layout no longer points at it */
	layout_lazy_chunk(&vr->ll, vr->top.chunk);
	if (vr->ll.generation == vr->gen)
		return;
	vr->top = layout_lazy_at(&vr->ll, vr->top_off);
	vr->gen = vr->ll.generation;
}

/* Move the top line up as far as needed for rows lines to follow it
 * down to the end, when there are that many. */
static void
view_reader_clamp(struct view_reader *vr, int rows)
{
	struct layout_pos p = vr->top;
	long want = rows > 1 ? rows - 1 : 0;
	long moved = layout_lazy_move(&vr->ll, &p, want);

	if (moved < want)
		layout_lazy_move(&vr->ll, &vr->top, moved - want);
}

/* Show line p at the top, clamped, and remember its source offset. */
void
view_reader_set_top(struct view_reader *vr, struct layout_pos p)
{
	const struct layout_line *l;

	vr->top = p;
	view_reader_clamp(vr, vr->base.rows);
	layout_lazy_move(&vr->ll, &vr->top, 0);	/* valid if laid out again */
	if ((l = layout_lazy_line(&vr->ll, vr->top)) != NULL)
		vr->top_off = l->src_off;
}

/* Return the width to lay the text out at in a window cols wide: the
 * text-width setting when the window is wider, else the window's. */
static int
view_reader_text_width(const struct view_reader *vr, int cols)
{
	int tw = vr->conf->text_width;

	return tw > 0 && tw < cols ? tw : cols;
}

static int view_reader_percent(struct view_reader *vr);

/* Paint as many lines as fit, laying out what they need first; text
 * narrower than the window is centred. */
static void
view_reader_draw(struct view *v, int rows, int cols)
{
	struct view_reader *vr = view_reader_of(v);
	int width = view_reader_text_width(vr, cols);
	int left = (cols - width) / 2;
	struct layout_pos p;

	v->rows = rows;
	v->cols = cols;
	vr->width = width;
	vr->cursor_row = -1;
	view_reader_sync(vr, width);
	if (vr->caret_pending > 0) {
		size_t off = vr->caret_pending - 1;
		vr->caret_pending = 0;
		if (view_reader_caret_enter(vr))
			view_reader_caret_to(vr, off);
	}
	view_reader_clamp(vr, rows);
	p = vr->top;
	for (int row = 0; row < rows; row++) {
		if (row > 0 && layout_lazy_move(&vr->ll, &p, 1) == 0)
			break;
		const struct layout_line *l = layout_lazy_line(&vr->ll, p);
		if (l == NULL)
			break;
		view_reader_line(vr, l, row, left, width);
	}
	vr->percent = view_reader_percent(vr);
	if (vr->percent == 100 && !vr->end_shown)
		vr->read = true;	/* a one-screen article is read at once */
	vr->end_shown = vr->percent == 100;
	if (vr->caret.on && vr->cursor_row < 0 &&
	    view_reader_caret_screen(vr, &vr->cursor_row, &vr->cursor_col))
		vr->cursor_col = left + (vr->cursor_col < width ? vr->cursor_col :
					 width - 1);
	if (vr->caret.on && vr->cursor_row >= 0)	/* for input methods and */
		term_cursor(vr->cursor_row, vr->cursor_col);	/* screen readers */
}

/* Scroll so that the current hit is on screen: where it is if it
 * already shows, else a third of the way down. */
static void
view_reader_show_hit(struct view_reader *vr)
{
	size_t off = vr->hits.hits[vr->hit].src_off;
	long rows = vr->base.rows > 0 ? vr->base.rows : 1;

	if (!vr->ready) {
		vr->top_off = off;
		return;
	}
	view_reader_sync(vr, vr->width);
	struct layout_pos p = layout_lazy_at(&vr->ll, off), end = vr->top;
	layout_lazy_move(&vr->ll, &end, rows - 1);
	if (layout_pos_cmp(p, vr->top) >= 0 && layout_pos_cmp(p, end) <= 0)
		return;
	layout_lazy_move(&vr->ll, &p, -(rows / 3));
	view_reader_set_top(vr, p);
}

/* Step count hits forwards (or backwards), wrapping around the ends. */
unsigned
view_reader_step_hit(struct view_reader *vr, long count)
{
	long n = (long)vr->hits.n;

	if (n == 0)
		return VIEW_UNHANDLED;
	if (vr->hit_away) {	/* on from the top of the screen */
		long next = (long)find_hits_after(&vr->hits, vr->top_off);
		vr->hit = (size_t)(count > 0 ? next - 1 + n : next) % (size_t)n;
		vr->hit_away = false;
	}
	vr->hit = (size_t)((((long)vr->hit + count) % n + n) % n);
	view_reader_show_hit(vr);
	return VIEW_REDRAW;
}

/* Go to pct percent of the source bytes: the line showing that byte at
 * the bottom of the screen, where the percentage shown is measured
 * (view_reader_percent), so that 50% shows 50%. Return VIEW_UNHANDLED
 * without a percentage. */
static unsigned
view_reader_percent_goto(struct view_reader *vr, int pct)
{
	if (pct < 0)
		return VIEW_UNHANDLED;
	size_t off = (size_t)((double)vr->doc->src_len * (pct > 100 ? 100 : pct) /
			      100);
	view_reader_sync(vr, vr->width);
	struct layout_pos p = layout_lazy_at(&vr->ll, off);
	layout_lazy_move(&vr->ll, &p, -(vr->base.rows > 1 ? vr->base.rows - 1 : 0));
	view_reader_set_top(vr, p);
	/* The byte may fall between lines (a blank one, markup not shown):
	 * a line or two more, until the percentage shown is reached. */
	for (int k = 0; k < 4 && view_reader_percent(vr) < pct; k++) {
		if (layout_lazy_move(&vr->ll, &p, 1) == 0)
			break;
		view_reader_set_top(vr, p);
	}
	vr->hit_away = vr->hits.n > 0;
	return VIEW_REDRAW;
}

/* Perform a motion (see view_motion): FIRST and LAST go to the ends, or
 * with a count to that line; the others move the top line by the lines
 * they count. */
unsigned
view_reader_motion(struct view_reader *vr, enum action a, int count)
{
	long mid = LONG_MAX / 2, pos = mid;
	long page = vr->base.rows > 1 ? vr->base.rows - 1 : 1;
	struct layout_pos p;

	if (!view_motion(a, count, page, LONG_MAX - 1, &pos))
		return VIEW_UNHANDLED;
	view_reader_sync(vr, vr->width);
	if (a == ACTION_FIRST || (a == ACTION_LAST && count > 0)) {
		p = layout_lazy_first(&vr->ll);
		layout_lazy_move(&vr->ll, &p, count > 0 ? count - 1 : 0);
	} else if (a == ACTION_LAST)
		p = layout_lazy_last(&vr->ll);
	else {
		p = vr->top;
		layout_lazy_move(&vr->ll, &p, pos - mid);
	}
	view_reader_set_top(vr, p);
	return VIEW_REDRAW;
}

/* Perform a reading action; a request for the app goes into *req. */
static unsigned
view_reader_act(struct view_reader *vr, enum action a, int count,
		struct view_request *req)
{
	if (count < 1 && a != ACTION_GOTO_PERCENT && a != ACTION_FIRST &&
	    a != ACTION_LAST)	/* 12G is line 12, G the end */
		count = 1;
	if (vr->caret.on)
		return view_reader_caret_handle(vr, a, count, req);
	switch (a) {
	case ACTION_BACK: return VIEW_CLOSE;
	case ACTION_CARET:
		return view_reader_caret_enter(vr) ? VIEW_REDRAW : VIEW_UNHANDLED;
	case ACTION_NEXT_HIGHLIGHT: return view_reader_hl_step(vr, 1, count);
	case ACTION_PREV_HIGHLIGHT: return view_reader_hl_step(vr, -1, count);
	case ACTION_HIGHLIGHTS:
		req->kind = VIEW_REQ_HL_LIST;
		return VIEW_NOTHING;
	case ACTION_TOGGLE_READ:
		vr->read = !vr->read;
		req->kind = VIEW_REQ_READ;
		return VIEW_REDRAW;
	case ACTION_SEARCH_NEXT: return view_reader_step_hit(vr, count);
	case ACTION_SEARCH_PREV: return view_reader_step_hit(vr, -count);
	case ACTION_GOTO_PERCENT:
		return view_reader_percent_goto(vr, count > 0 ? count : -1);
	case ACTION_SCROLL_LEFT:
		vr->hscroll = vr->hscroll > 8 * count ? vr->hscroll - 8 * count : 0;
		return VIEW_REDRAW;
	case ACTION_SCROLL_RIGHT:
		if (vr->hscroll < 100000)
			vr->hscroll += 8 * count;
		return VIEW_REDRAW;
	case ACTION_TOGGLE_CODE_WRAP:
		vr->wrap_code = !vr->wrap_code;
		vr->hscroll = 0;
		return VIEW_REDRAW;
	case ACTION_TOGGLE_LEFTOVERS:
		vr->show_leftovers = !vr->show_leftovers;
		return VIEW_REDRAW;
	default: return view_reader_motion(vr, a, count);
	}
}

/* Perform action a: what view_reader_act does and asks. */
static struct view_reaction
view_reader_handle(struct view *v, enum action a, int count)
{
	struct view_reaction r = { 0 };

	r.flags = view_reader_act(view_reader_of(v), a, count, &r.req);
	return r;
}

/* Return how far through the article the bottom of the screen is, in
 * percent of the source bytes: right before the rest is laid out. */
static int
view_reader_percent(struct view_reader *vr)
{
	struct layout_pos p = vr->top, q;
	long want = vr->base.rows > 1 ? vr->base.rows - 1 : 0;

	if (!vr->ready || vr->doc->src_len == 0)
		return 100;
	view_reader_sync(vr, vr->width);
	p = vr->top;
	if (layout_lazy_move(&vr->ll, &p, want) < want)
		return 100;
	const struct layout_line *l = layout_lazy_line(&vr->ll, p);
	size_t end = l != NULL ? l->src_end : vr->doc->src_len;
	q = p;
	if (layout_lazy_move(&vr->ll, &q, 1) == 0)
		return 100;
	return (int)((double)end * 100 / (double)vr->doc->src_len);
}

/* Append to out what the lazy layout has done so far: chunks laid out,
 * of those known ("+" while the cut goes on), and how far the cut is. */
static void
view_reader_debug(struct view_reader *vr, struct buf *out)
{
	struct doc *d = vr->doc;
	size_t cut = doc_cut_offset(d);

	buf_printf(out, "  [layout %zu/%zu%s chunks, cut %d%%]", vr->ll.builds,
		   d->n_chunks, d->cut != NULL ? "+" : "",
		   d->src_len > 0 ? (int)((double)cut * 100 / (double)d->src_len) :
		   100);
}

/* Status: the title and the position as a percentage. */
static void
view_reader_status(struct view *v, struct buf *left, struct buf *right)
{
	struct view_reader *vr = view_reader_of(v);

	buf_adds(left, doc_title(vr->doc));
	if (vr->caret.on)
		/* TRANSLATORS: the reader's mode, on the status line. */
		buf_printf(right, "%s  ", vr->caret.selecting ? _("SELECT") :
			   _("CARET"));
	if (vr->hits.n > 0 && !vr->hit_away) {
		/* TRANSLATORS: the current search hit and their number. */
		buf_printf(right, _("hit %zu/%zu"), vr->hit + 1, vr->hits.n);
		buf_adds(right, "  ");
	}
	buf_printf(right, "%d%%", vr->percent);	/* from the paint */
	if (vr->debug)
		view_reader_debug(vr, right);
}

/* Free the view, its layout and its document. */
static void
view_reader_free(struct view *v)
{
	struct view_reader *vr = view_reader_of(v);

	if (vr->ready)
		layout_lazy_fini(&vr->ll);
	find_hits_fini(&vr->hits);
	highlight_set_fini(&vr->hl);
	highlight_fini(&vr->deleted);
	doc_free(vr->doc);
	free(vr->date);
	free(vr);
}

static const struct view_ops view_reader_ops = {
	.draw = view_reader_draw,
	.handle = view_reader_handle,
	.status = view_reader_status,
	.free = view_reader_free,
};

struct view *
view_reader_new(struct doc *d, const struct conf *conf, int64_t id,
		const struct store_place *pl)
{
	struct view_reader *vr = xcalloc(1, sizeof *vr);

	vr->base.context = KEYMAP_READER;
	vr->base.ops = &view_reader_ops;
	vr->base.kind = VIEW_KIND_READER;
	vr->doc = d;
	vr->conf = conf;
	find_hits_init(&vr->hits);
	vr->article_id = id;
	vr->read = pl->read;
	vr->saved = *pl;
	vr->percent = pl->percent;
	vr->top_off = pl->position;
	clock_gettime(CLOCK_MONOTONIC, &vr->saved_at);
	return &vr->base;
}

const struct doc *
view_reader_doc(const struct view *v)
{
	const struct view_reader *vr = view_reader_cof(v);

	return vr->doc;
}

void
view_reader_goto(struct view *v, size_t off)
{
	struct view_reader *vr = view_reader_of(v);

	vr->top_off = off;
	vr->hit_away = vr->hits.n > 0;
	if (!vr->ready)
		return;
	view_reader_sync(vr, vr->width);
	vr->top = layout_lazy_at(&vr->ll, off);
}

unsigned
view_reader_goto_percent(struct view *v, int pct)
{
	return view_reader_percent_goto(view_reader_of(v), pct);
}

void
view_reader_parse_all(struct view *v)
{
	struct view_reader *vr = view_reader_of(v);

	doc_parse_all(vr->doc);
}

void
view_reader_set_debug(struct view *v, bool on)
{
	struct view_reader *vr = view_reader_of(v);

	vr->debug = on;
}

unsigned
view_reader_hidden(const struct view_reader *vr)
{
	return DOC_BLOCK_REPEAT | (vr->show_leftovers ? 0 : DOC_BLOCK_LEFTOVER);
}

/* Drop the hits in blocks the reader does not show: header repeats, and
 * leftovers while they are folded. */
static void
view_reader_drop_hidden(struct view_reader *vr)
{
	unsigned hidden = view_reader_hidden(vr);
	size_t k = 0;

	for (size_t i = 0; i < vr->hits.n; i++)
		if (!(vr->doc->blocks[vr->hits.hits[i].block].flags & hidden))
			vr->hits.hits[k++] = vr->hits.hits[i];
	vr->hits.n = k;
}

size_t
view_reader_search(struct view *v, const char *query)
{
	struct view_reader *vr = view_reader_of(v);

	doc_parse_all(vr->doc);
	find_in_doc(vr->doc, query, strlen(query), &vr->hits);
	view_reader_drop_hidden(vr);
	if (vr->hits.n == 0)
		return 0;
	vr->hit_away = false;
	vr->hit = find_hits_after(&vr->hits, vr->top_off);
	if (vr->hit == vr->hits.n)
		vr->hit = 0;
	view_reader_show_hit(vr);
	if (vr->caret.on)
		view_reader_caret_to(vr, vr->hits.hits[vr->hit].src_off);
	return vr->hits.n;
}

bool
view_reader_has_search(const struct view *v)
{
	const struct view_reader *vr = view_reader_cof(v);

	return vr->hits.n > 0;
}

bool
view_reader_session(struct view *v, struct store_place *pl)
{
	struct view_reader *vr = view_reader_of(v);

	*pl = vr->saved;
	pl->opened = true;
	pl->position = vr->top_off;
	if (vr->base.rows > 0)
		pl->percent = view_reader_percent(vr);
	pl->read = vr->read;
	return pl->position != vr->saved.position ||
	       pl->percent != vr->saved.percent || pl->read != vr->saved.read;
}

void
view_reader_saved(struct view *v, const struct store_place *pl)
{
	struct view_reader *vr = view_reader_of(v);

	vr->saved = *pl;
	clock_gettime(CLOCK_MONOTONIC, &vr->saved_at);
}

double
view_reader_since_saved(const struct view *v)
{
	const struct view_reader *vr = view_reader_cof(v);
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - vr->saved_at.tv_sec) +
	       (double)(now.tv_nsec - vr->saved_at.tv_nsec) / 1e9;
}

int64_t
view_reader_article(const struct view *v)
{
	return (view_reader_cof(v))->article_id;
}

void
view_reader_set_highlights(struct view *v, struct highlight_set *hs)
{
	struct view_reader *vr = view_reader_of(v);

	highlight_set_fini(&vr->hl);
	vr->hl_stale = false;
	vr->hl = *hs;
	hs->v = NULL;
	hs->n = 0;
	/* A highlight is never folded away with the leftovers or chrome
	 * around it. */
	for (size_t i = 0; i < vr->hl.n; i++)
		if (!vr->hl.v[i].detached)
			tidy_unfold(vr->doc, vr->hl.v[i].start, vr->hl.v[i].end);
}

const struct highlight_set *
view_reader_highlights(const struct view *v)
{
	const struct view_reader *vr = view_reader_cof(v);

	return &vr->hl;
}

void
view_reader_end_selection(struct view *v)
{
	struct view_reader *vr = view_reader_of(v);

	vr->caret.selecting = false;
}

void
view_reader_show_off(struct view *v, size_t off)
{
	struct view_reader *vr = view_reader_of(v);

	if (!vr->ready) {	/* not painted yet: the caret comes then */
		vr->top_off = off;
		vr->caret_pending = off + 1;
		return;
	}
	if (!vr->caret.on && !view_reader_caret_enter(vr))
		return;
	view_reader_caret_to(vr, off);
}

bool
view_reader_is_read(const struct view *v)
{
	return view_reader_cof(v)->read;
}

void
view_reader_keep_deleted(struct view *v, struct highlight *h)
{
	struct view_reader *vr = view_reader_of(v);

	highlight_fini(&vr->deleted);
	memset(&vr->deleted, 0, sizeof vr->deleted);
	if (h != NULL)
		vr->deleted = *h;
}

const struct highlight *
view_reader_deleted(const struct view *v)
{
	const struct view_reader *vr = view_reader_cof(v);

	return vr->deleted.id != 0 ? &vr->deleted : NULL;
}

void
view_reader_mark_highlights_stale(struct view *v)
{
	view_reader_of(v)->hl_stale = true;
}

bool
view_reader_highlights_stale(const struct view *v)
{
	return view_reader_cof(v)->hl_stale;
}
