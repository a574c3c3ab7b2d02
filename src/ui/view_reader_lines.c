/* SPDX-License-Identifier: MIT */
/*
 * view_reader_lines.c: the reader's laid-out lines: keeping the layout in
 * step with the width and the document, the top line and its source
 * offset, hidden (folded) lines, search hits and the highlight under a
 * line. view_reader.c (the view) and view_reader_caret.c (the caret) both
 * use these; they call neither.
 */
#include "config.h"
#include "ui/view_reader_impl.h"

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
#include "base/xmem.h"

/* The header shows at most this many lines of a title; the outline (t)
 * has all of it. */
#define VIEW_READER_TITLE_LINES 3

size_t
view_reader_hl_at(const struct view_reader *vr, size_t off)
{
	long i = highlight_at(&vr->hl, off);

	return i < 0 ? vr->hl.n : (size_t)i;
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
void
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

/* Scroll so that the current hit is on screen: where it is if it
 * already shows, else a third of the way down. */
void
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

unsigned
view_reader_hidden(const struct view_reader *vr)
{
	return DOC_BLOCK_REPEAT | (vr->show_leftovers ? 0 : DOC_BLOCK_LEFTOVER);
}
