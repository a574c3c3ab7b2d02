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
#include "data/state.h"
#include "text/tally.h"
#include "data/stats.h"
#include "text/utf8.h"
#include "ui/view.h"
#include "ui/view_reader_impl.h"
#include "base/xmem.h"

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

/* Return the width to lay the text out at in a window cols wide: the
 * text-width setting when the window is wider, else the window's. */
static int
view_reader_text_width(const struct view_reader *vr, int cols)
{
	int tw = vr->conf->text_width;

	return tw > 0 && tw < cols ? tw : cols;
}

static int view_reader_percent(struct view_reader *vr);
static void view_reader_time_left(struct view_reader *vr, struct buf *right);

/* Return the source offset where the text the screen shows ends (the
 * end of its last line), at the last paint of rows rows. */
static size_t
view_reader_bottom_off(struct view_reader *vr, int rows)
{
	struct layout_pos p = vr->top;
	long want = rows > 1 ? rows - 1 : 0;

	if (!vr->ready || layout_lazy_move(&vr->ll, &p, want) < want)
		return vr->doc->src_len;
	const struct layout_line *l = layout_lazy_line(&vr->ll, p);
	return l != NULL ? l->src_end : vr->doc->src_len;
}

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
	readlog_seen(&vr->log, vr->top_off, view_reader_bottom_off(vr, rows));
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

/* Go to pct percent of the source bytes (the line showing that byte at
 * the top); return VIEW_UNHANDLED without a percentage. */
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

	readlog_key(&view_reader_of(v)->log, state_now_ms());
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
	view_reader_time_left(vr, right);
	buf_printf(right, "%d%%", vr->percent);	/* from the paint */
	if (vr->debug)
		view_reader_debug(vr, right);
}

/* Append the estimated time left to read, at the reading speed set,
 * from the counts of the whole text (made once) in proportion to the
 * bytes below the screen. */
static void
view_reader_time_left(struct view_reader *vr, struct buf *right)
{
	size_t len = vr->doc->src_len;

	if (vr->chars_per_min <= 0 || vr->percent >= 100 || len == 0)
		return;
	if (vr->total.han + vr->total.words == 0)
		tally_text(vr->doc->src, len, &vr->total);
	double rest = (double)(100 - vr->percent) / 100.0;
	int64_t secs = stats_time_left(vr->chars_per_min,
				       (int64_t)((double)vr->total.han * rest),
				       (int64_t)((double)vr->total.words * rest));
	if (secs >= 0)
		/* TRANSLATORS: the reader's status line: the estimated
		 * minutes left to read the article at the user's speed. */
		buf_printf(right, _("~%d min left  "),
			   (int)((secs + 59) / 60));
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
	readlog_fini(&vr->log);
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
	readlog_init(&vr->log, id, state_now_ms());
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

void
view_reader_pause(struct view *v)
{
	readlog_pause(&view_reader_of(v)->log, state_now_ms());
}


bool
view_reader_log(struct view *v, struct store_session *out, struct buf *spans)
{
	struct view_reader *vr = view_reader_of(v);
	size_t seen = readlog_seen_len(&vr->log);

	if (vr->log.active_ms == vr->logged_active_ms && seen == vr->logged_seen)
		return false;
	vr->logged_active_ms = vr->log.active_ms;
	if (seen != vr->logged_seen) {	/* count again only what changed */
		vr->logged_tally = (struct tally){ 0 };
		readlog_tally(&vr->log, vr->doc->src, vr->doc->src_len,
			      &vr->logged_tally);
	}
	vr->logged_seen = seen;
	struct tally t = vr->logged_tally;
	buf_clear(spans);
	readlog_spans_text(&vr->log, spans);
	*out = (struct store_session){
		.start_ms = vr->log.start_ms, .end_ms = vr->log.end_ms,
		.active_ms = vr->log.active_ms, .han = t.han, .words = t.words,
		.spans = (char *)buf_str(spans),
	};
	return true;
}

void
view_reader_set_speed(struct view *v, double chars_per_min)
{
	view_reader_of(v)->chars_per_min = chars_per_min;
}
