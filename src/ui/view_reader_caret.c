/* SPDX-License-Identifier: MIT */
/*
 * view_reader_caret.c: the reader's caret mode. The caret is a motion.h
 * position; motions move it and scroll just enough to keep it on screen,
 * the reader's paging keys scroll and carry it along at the same screen
 * row, and a selection runs from an anchor to it.
 */
#include "config.h"
#include "ui/view_reader_impl.h"

#include "document/doc.h"

/* Point the motions at the document and the layout as they are now. */
static void
view_reader_caret_setup(struct view_reader *vr)
{
	view_reader_sync(vr, vr->width);
	vr->m = (struct motion){
		.d = vr->doc, .ll = &vr->ll, .hidden = view_reader_hidden(vr),
	};
}

/* Return the screen row of line p, or -1 when it is not on screen. */
static long
view_reader_caret_row(struct view_reader *vr, struct layout_pos p)
{
	struct layout_pos q = vr->top;
	long rows = vr->base.rows > 0 ? vr->base.rows : 1;

	if (layout_pos_cmp(p, q) < 0)
		return -1;
	for (long row = 0; row < rows; row++) {
		if (layout_pos_cmp(p, q) == 0)
			return row;
		if (layout_lazy_move(&vr->ll, &q, 1) == 0)
			break;
	}
	return -1;
}

/* Scroll as little as needed for the caret's line to be on screen. */
static void
view_reader_caret_show(struct view_reader *vr)
{
	struct layout_pos p = motion_line(&vr->m, vr->caret.pos, NULL);
	long rows = vr->base.rows > 0 ? vr->base.rows : 1;

	if (view_reader_caret_row(vr, p) >= 0)
		return;
	if (layout_pos_cmp(p, vr->top) > 0)
		layout_lazy_move(&vr->ll, &p, -(rows - 1));
	view_reader_set_top(vr, p);
}

bool
view_reader_caret_screen(struct view_reader *vr, int *row, int *col)
{
	long r;

	view_reader_caret_setup(vr);
	r = view_reader_caret_row(vr, motion_line(&vr->m, vr->caret.pos, col));
	*row = (int)r;
	return r >= 0;
}

bool
view_reader_caret_enter(struct view_reader *vr)
{
	struct view_reader_caret *c = &vr->caret;

	doc_parse_all(vr->doc);	/* block indices are global only then */
	view_reader_caret_setup(vr);
	if (!c->valid ||
	    view_reader_caret_row(vr, motion_line(&vr->m, c->pos, NULL)) < 0) {
		if (!motion_from_src(&vr->m, vr->top_off, &c->pos))
			return false;
	}
	c->on = c->valid = true;
	c->selecting = false;
	c->want_col = -1;
	vr->base.context = KEYMAP_CARET;
	view_reader_caret_show(vr);
	return true;
}

void
view_reader_caret_to(struct view_reader *vr, size_t off)
{
	view_reader_caret_setup(vr);
	if (motion_from_src(&vr->m, off, &vr->caret.pos))
		view_reader_caret_show(vr);
	vr->caret.want_col = -1;
}

bool
view_reader_selection(const struct view_reader *vr, struct motion_pos *first,
		      struct motion_pos *last)
{
	const struct view_reader_caret *c = &vr->caret;

	if (!c->on || !c->selecting)
		return false;
	bool before = motion_pos_cmp(c->anchor, c->pos) <= 0;
	*first = before ? c->anchor : c->pos;
	*last = before ? c->pos : c->anchor;
	return true;
}

/* Return the caret motion an action stands for, or -1. */
static int
view_reader_caret_kind(enum action a)
{
	static const struct { enum action a; enum motion_kind k; } map[] = {
		{ ACTION_CARET_LEFT, MOTION_LEFT },
		{ ACTION_CARET_RIGHT, MOTION_RIGHT },
		{ ACTION_MOVE_DOWN, MOTION_LINE_DOWN },
		{ ACTION_MOVE_UP, MOTION_LINE_UP },
		{ ACTION_WORD_NEXT, MOTION_WORD_NEXT },
		{ ACTION_WORD_PREV, MOTION_WORD_PREV },
		{ ACTION_WORD_END, MOTION_WORD_END },
		{ ACTION_SENTENCE_NEXT, MOTION_SENTENCE_NEXT },
		{ ACTION_SENTENCE_PREV, MOTION_SENTENCE_PREV },
		{ ACTION_PARAGRAPH_NEXT, MOTION_PARA_NEXT },
		{ ACTION_PARAGRAPH_PREV, MOTION_PARA_PREV },
		{ ACTION_LINE_START, MOTION_LINE_START },
		{ ACTION_LINE_END, MOTION_LINE_END },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].a == a)
			return (int)map[i].k;
	return -1;
}

/* Put the caret on screen row row (or the nearest row below, else
 * above, that shows text) at the column it aims for. */
static void
view_reader_caret_at_row(struct view_reader *vr, long row, int col)
{
	long rows = vr->base.rows > 0 ? vr->base.rows : 1;

	for (long step = 0; step < 2 * rows; step++) {
		long r = step % 2 == 0 ? row + step / 2 : row - (step + 1) / 2;
		struct layout_pos p = vr->top;
		if (r < 0 || r >= rows || layout_lazy_move(&vr->ll, &p, r) != r)
			continue;
		if (motion_on_line(&vr->m, p, col, &vr->caret.pos))
			return;
	}
}

/* Scroll as the reader does, and carry the caret: the first or last
 * character of the text for g and G, else the same screen row. */
static unsigned
view_reader_caret_scroll(struct view_reader *vr, enum action a, int count)
{
	struct view_reader_caret *c = &vr->caret;
	int col;
	long row = view_reader_caret_row(vr, motion_line(&vr->m, c->pos, &col));
	unsigned r = view_reader_motion(vr, a, count);

	if (r & VIEW_UNHANDLED)
		return r;
	view_reader_caret_setup(vr);
	if (a == ACTION_FIRST || a == ACTION_LAST) {
		motion_from_src(&vr->m, a == ACTION_FIRST ? 0 : vr->doc->src_len,
				&c->pos);
		c->want_col = -1;
		view_reader_caret_show(vr);
		return r;
	}
	if (c->want_col >= 0)
		col = c->want_col;
	view_reader_caret_at_row(vr, row >= 0 ? row : 0, col);
	c->want_col = col;
	return r;
}

/* v: start a selection at the caret, or end the one under way. */
static unsigned
view_reader_caret_toggle(struct view_reader *vr)
{
	vr->caret.selecting = !vr->caret.selecting;
	vr->caret.anchor = vr->caret.pos;
	return VIEW_REDRAW;
}

/* S and P: select the sentence or the paragraph under the caret, the
 * caret at its end. */
static unsigned
view_reader_caret_select(struct view_reader *vr, bool sentence)
{
	struct view_reader_caret *c = &vr->caret;

	if (sentence)
		motion_sentence(&vr->m, c->pos, &c->anchor, &c->pos);
	else
		motion_paragraph(&vr->m, c->pos, &c->anchor, &c->pos);
	c->selecting = true;
	c->want_col = -1;
	view_reader_caret_show(vr);
	return VIEW_REDRAW;
}

/* Esc and q step back: from a selection to the caret, from the caret to
 * reading. */
static unsigned
view_reader_caret_back(struct view_reader *vr)
{
	if (vr->caret.selecting) {
		vr->caret.selecting = false;
		return VIEW_REDRAW;
	}
	vr->caret.on = false;
	vr->base.context = KEYMAP_READER;
	return VIEW_REDRAW;
}

unsigned
view_reader_caret_handle(struct view_reader *vr, enum action a, int count,
			 struct view_request *req)
{
	struct view_reader_caret *c = &vr->caret;
	int kind = view_reader_caret_kind(a);

	view_reader_caret_setup(vr);
	if (kind >= 0) {
		motion_move(&vr->m, (enum motion_kind)kind, count, &c->pos,
			    &c->want_col);
		view_reader_caret_show(vr);
		return VIEW_REDRAW;
	}
	switch (a) {
	case ACTION_BACK: return view_reader_caret_back(vr);
	case ACTION_CARET: return view_reader_caret_toggle(vr);
	case ACTION_SWAP_ENDS:
		if (c->selecting) {
			struct motion_pos t = c->anchor;
			c->anchor = c->pos;
			c->pos = t;
			c->want_col = -1;
			view_reader_caret_show(vr);
		}
		return VIEW_REDRAW;
	case ACTION_HIGHLIGHT: case ACTION_HIGHLIGHT_COLOR_1:
	case ACTION_HIGHLIGHT_COLOR_2: case ACTION_HIGHLIGHT_COLOR_3:
	case ACTION_HIGHLIGHT_COLOR_4: case ACTION_NOTE: case ACTION_COPY:
	case ACTION_DELETE_HIGHLIGHT: case ACTION_UNDO: case ACTION_HIGHLIGHTS:
		return view_reader_caret_request(vr, a, req);
	case ACTION_NEXT_HIGHLIGHT: return view_reader_hl_step(vr, 1, count);
	case ACTION_PREV_HIGHLIGHT: return view_reader_hl_step(vr, -1, count);
	case ACTION_SELECT_SENTENCE: return view_reader_caret_select(vr, true);
	case ACTION_SELECT_PARAGRAPH: return view_reader_caret_select(vr, false);
	case ACTION_SEARCH_NEXT: case ACTION_SEARCH_PREV: {
		unsigned r = view_reader_step_hit(vr, a == ACTION_SEARCH_NEXT ?
						  count : -count);
		if (!(r & VIEW_UNHANDLED))
			view_reader_caret_to(vr, vr->hits.hits[vr->hit].src_off);
		return r;
	}
	default: return view_reader_caret_scroll(vr, a, count);
	}
}

/* Return the colour an action saves or recolours in: 1-4, 0 for the
 * default one. */
static int
view_reader_caret_color(enum action a)
{
	switch (a) {
	case ACTION_HIGHLIGHT_COLOR_1: return 1;
	case ACTION_HIGHLIGHT_COLOR_2: return 2;
	case ACTION_HIGHLIGHT_COLOR_3: return 3;
	case ACTION_HIGHLIGHT_COLOR_4: return 4;
	default: return 0;
	}
}

/* Fill the request for an action on the selection. */
static void
view_reader_caret_on_selection(struct view_reader *vr, enum action a,
			       struct view_request *r)
{
	struct motion_pos first, last;

	view_reader_selection(vr, &first, &last);
	r->start = motion_src(&vr->m, first, NULL);
	motion_src(&vr->m, last, &r->end);
	r->kind = a == ACTION_COPY ? VIEW_REQ_COPY : VIEW_REQ_HL_ADD;
	r->color = view_reader_caret_color(a);
	r->note = a == ACTION_NOTE;
}

/* Fill the request for an action on the highlight under the caret
 * (r->index is vr->hl.n when there is none: the app says so). */
static void
view_reader_caret_on_highlight(struct view_reader *vr, enum action a,
			       struct view_request *r)
{

	r->index = view_reader_hl_at(vr, motion_src(&vr->m, vr->caret.pos, NULL));
	r->color = view_reader_caret_color(a);
	r->start = r->end = 0;
	r->note = false;
	switch (a) {
	case ACTION_NOTE: r->kind = VIEW_REQ_HL_NOTE; break;
	case ACTION_COPY: r->kind = VIEW_REQ_COPY; break;
	case ACTION_DELETE_HIGHLIGHT: r->kind = VIEW_REQ_HL_DELETE; break;
	case ACTION_UNDO: r->kind = VIEW_REQ_HL_UNDO; break;
	case ACTION_HIGHLIGHTS: r->kind = VIEW_REQ_HL_LIST; break;
	case ACTION_HIGHLIGHT: r->kind = VIEW_REQ_HL_ADD; break;	/* empty */
	default: r->kind = VIEW_REQ_HL_RECOLOR; break;
	}
	if (r->kind == VIEW_REQ_COPY && r->index < vr->hl.n) {
		r->start = vr->hl.v[r->index].start;
		r->end = vr->hl.v[r->index].end;
	}
}

unsigned
view_reader_caret_request(struct view_reader *vr, enum action a,
			  struct view_request *req)
{
	bool on_selection = vr->caret.selecting && a != ACTION_UNDO &&
			    a != ACTION_DELETE_HIGHLIGHT &&
			    a != ACTION_HIGHLIGHTS;

	if (on_selection)
		view_reader_caret_on_selection(vr, a, req);
	else
		view_reader_caret_on_highlight(vr, a, req);
	return VIEW_NOTHING;
}

/* Return the source offset highlights are counted from: the caret's, or
 * the top of the screen's. */
static size_t
view_reader_hl_from(struct view_reader *vr)
{
	if (!vr->caret.on) {
		/* The last jump put its highlight a third of the way
		 * down: going on from the top would find it again. */
		if (vr->hl_jump != 0 && vr->top_off == vr->hl_jump_top)
			return vr->hl_jump - 1;
		return vr->top_off;
	}
	view_reader_caret_setup(vr);
	return motion_src(&vr->m, vr->caret.pos, NULL);
}

unsigned
view_reader_hl_step(struct view_reader *vr, int step, int count)
{
	size_t off = view_reader_hl_from(vr);
	long found = -1;

	for (int k = 0; k < (count > 0 ? count : 1); k++) {
		long next = highlight_next(&vr->hl, off, step > 0);
		if (next < 0)
			break;
		found = next;
		off = vr->hl.v[next].start;
	}
	if (found < 0)
		return VIEW_UNHANDLED;
	if (vr->caret.on) {
		view_reader_caret_to(vr, off);
		return VIEW_REDRAW;
	}
	struct layout_pos p;
	view_reader_caret_setup(vr);	/* v starts at the highlight */
	vr->caret.valid = motion_from_src(&vr->m, off, &vr->caret.pos);
	p = layout_lazy_at(&vr->ll, off);
	layout_lazy_move(&vr->ll, &p, -((vr->base.rows > 0 ? vr->base.rows : 1) / 3));
	view_reader_set_top(vr, p);
	vr->hl_jump = off + 1;
	vr->hl_jump_top = vr->top_off;
	return VIEW_REDRAW;
}
