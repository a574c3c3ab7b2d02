/* SPDX-License-Identifier: MIT */
/*
 * motion.c: caret motions.
 *
 * The caret is a block and a byte offset into its rendered text, always at
 * a cluster's start, so it stays put on a resize. Word motions segment
 * only 4 KB either side of the caret, cut where words_breaks always
 * breaks (motion_cut), so a motion costs the same in a megabyte-long
 * paragraph.
 */
#include "config.h"
#include "layout/motion.h"

#include <limits.h>
#include <stdlib.h>
#include <stdint.h>

#include "document/doc.h"
#include "document/find.h"
#include "text/utf8.h"
#include "text/words.h"
#include "base/xmem.h"

/* How many lines motion_line looks back for the line showing a caret
 * whose source offset the layout places a little late (a joined soft
 * break, a decoded entity). */
#define MOTION_LINE_LOOKBACK 64	/* lines, either way */

/* Return true when the caret may stand in block b. */
static bool
motion_block_ok(const struct motion *m, size_t b)
{
	const struct doc_block *blk = &m->d->blocks[b];

	return blk->text_len > 0 && !(blk->flags & m->hidden) &&
	       blk->kind != DOC_RULE && blk->kind != DOC_IMAGE;
}

/* Find the nearest block after *b (before it when step < 0) the caret
 * may stand in; false, *b unchanged, when there is none. */
static bool
motion_step_block(const struct motion *m, size_t *b, int step)
{
	for (size_t k = *b; step > 0 ? k + 1 < m->d->n_blocks : k > 0;) {
		k = step > 0 ? k + 1 : k - 1;
		if (motion_block_ok(m, k)) {
			*b = k;
			return true;
		}
	}
	return false;
}

/* Return the text of pos's block and its length in *len. */
static const char *
motion_text(const struct motion *m, size_t block, size_t *len)
{
	*len = m->d->blocks[block].text_len;
	return m->d->blocks[block].text;
}

size_t
motion_cluster_len(const struct motion *m, struct motion_pos pos)
{
	size_t len;
	const char *t = motion_text(m, pos.block, &len);

	return pos.off < len ? utf8_cluster_len(t + pos.off, len - pos.off) : 0;
}

/* Return the start of the last cluster of block b. */
static size_t
motion_last_cluster(const struct motion *m, size_t b)
{
	size_t len;
	const char *t = motion_text(m, b, &len);

	return len - utf8_cluster_len_before(t, len);
}

/* Return the cluster start at or before text offset off of block b. */
static size_t
motion_align(const struct motion *m, size_t b, size_t off)
{
	size_t len, i = 0;
	const char *t = motion_text(m, b, &len);

	while (i < len) {
		size_t n = utf8_cluster_len(t + i, len - i);
		if (i + n > off)
			break;
		i += n;
	}
	return i < len ? i : motion_last_cluster(m, b);
}

/* Return the text offset in block blk that source offset src maps to. */
static size_t
motion_src_to_text(const struct doc_block *blk, size_t src)
{
	for (size_t r = 0; r < blk->n_runs; r++) {
		const struct doc_run *run = &blk->runs[r];
		if (run->src_off + run->src_len <= src)
			continue;
		if (src <= run->src_off || run->src_len != run->len)
			return run->text_off;
		return run->text_off + (src - run->src_off);
	}
	return blk->text_len;
}

bool
motion_from_src(const struct motion *m, size_t src, struct motion_pos *pos)
{
	const struct doc *d = m->d;
	size_t lo = 0, hi = d->n_blocks;

	while (lo < hi) {	/* the first block that ends after src */
		size_t mid = lo + (hi - lo) / 2;
		if (d->blocks[mid].src_end <= src)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t b = lo;
	if (b < d->n_blocks && motion_block_ok(m, b)) {
		pos->block = b;
		pos->off = motion_align(m, b, motion_src_to_text(&d->blocks[b], src));
		return true;
	}
	if (b < d->n_blocks && motion_step_block(m, &b, 1)) {
		pos->block = b;
		pos->off = 0;
		return true;
	}
	b = d->n_blocks;	/* past the end: the last cluster of the text */
	if (!motion_step_block(m, &b, -1))
		return false;
	pos->block = b;
	pos->off = motion_last_cluster(m, b);
	return true;
}

size_t
motion_src(const struct motion *m, struct motion_pos pos, size_t *end)
{
	const struct doc_block *blk = &m->d->blocks[pos.block];
	size_t n = motion_cluster_len(m, pos), s, e;

	if (n == 0) {
		s = e = blk->src_end;
	} else {
		find_text_to_src(blk, pos.off, pos.off + n, &s, &e);
	}
	if (end != NULL)
		*end = e;
	return s;
}

int
motion_pos_cmp(struct motion_pos a, struct motion_pos b)
{
	if (a.block != b.block)
		return a.block < b.block ? -1 : 1;
	return a.off < b.off ? -1 : a.off > b.off;
}

/* Step *pos one cluster on (back when step < 0), across blocks; false at
 * either end of the text. */
static bool
motion_cluster_step(const struct motion *m, struct motion_pos *pos, int step)
{
	size_t len;
	const char *t = motion_text(m, pos->block, &len);

	if (step > 0) {
		size_t n = utf8_cluster_len(t + pos->off, len - pos->off);
		if (pos->off + n < len) {
			pos->off += n;
			return true;
		}
		if (!motion_step_block(m, &pos->block, 1))
			return false;
		pos->off = 0;
		return true;
	}
	if (pos->off > 0) {
		pos->off -= utf8_cluster_len_before(t, pos->off);
		return true;
	}
	if (!motion_step_block(m, &pos->block, -1))
		return false;
	pos->off = motion_last_cluster(m, pos->block);
	return true;
}

/* The word segments of one block (words_breaks), worked out for a
 * window of its text around the caret: a key costs the same in a
 * paragraph of a megabyte as in one of a line. A window ends at cuts
 * where words_breaks always starts a segment, whatever the text around
 * (see motion_cut), so that its segments are those of the whole block;
 * it is moved when a lookup leaves it. */
struct motion_segs {
	const char *t;	/* the block's text */
	size_t len;
	size_t block;
	size_t lo, hi;	/* the window [lo, hi) of t */
	char *wb;	/* heap: segment starts of the window, wb[i - lo] */
	size_t cap;	/* bytes allocated in wb */
};

/* Return true when c is a printable ASCII character other than space. */
static bool
motion_is_graph(char c)
{
	return c > ' ' && c < 0x7F;
}

/* Return true when a segment starts at t[c] whatever the text before
 * and after: at either end, or between ASCII white space (space, LF)
 * and a printable ASCII character. UAX #29 breaks there (WB3a, WB3b,
 * WB999: no rule joins them, none looks past them), so do grapheme
 * breaks, and words_breaks merges only white space with white space. */
static bool
motion_cut(const char *t, size_t len, size_t c)
{
	if (c == 0 || c >= len)
		return true;
	return ((t[c - 1] == ' ' || t[c - 1] == '\n') && motion_is_graph(t[c])) ||
	       (motion_is_graph(t[c - 1]) && (t[c] == ' ' || t[c] == '\n'));
}

/* Bytes of text segmented on either side of the caret, at least. */
#define MOTION_WINDOW 4096

static void
motion_segs_init(struct motion_segs *s, const struct motion *m, size_t b)
{
	s->t = motion_text(m, b, &s->len);
	s->block = b;
	s->lo = s->hi = 0;
	s->wb = NULL;
	s->cap = 0;
}

static void
motion_segs_fini(struct motion_segs *s)
{
	free(s->wb);
	s->wb = NULL;
}

/* Make s the segments of block b, keeping its window if it already is. */
static void
motion_segs_use(struct motion_segs *s, const struct motion *m, size_t b)
{
	if (s->wb != NULL && s->block == b)
		return;
	motion_segs_fini(s);
	motion_segs_init(s, m, b);
}

/* Make sure the window holds text offset off (< len). */
static void
motion_segs_at(struct motion_segs *s, size_t off)
{
	if (s->wb != NULL && off >= s->lo && (off < s->hi || s->hi == s->len))
		return;
	size_t lo = off > MOTION_WINDOW ? off - MOTION_WINDOW : 0;
	size_t hi = s->len - off > MOTION_WINDOW ? off + MOTION_WINDOW : s->len;
	while (!motion_cut(s->t, s->len, lo))
		lo--;
	while (!motion_cut(s->t, s->len, hi))
		hi++;
	if (hi - lo + 1 > s->cap) {
		free(s->wb);
		s->cap = hi - lo + 1;
		s->wb = xmalloc(s->cap);
	}
	words_breaks(s->t + lo, hi - lo, s->wb);
	s->lo = lo;
	s->hi = hi;
}

/* Return the start of the segment holding off. */
static size_t
motion_seg_start(struct motion_segs *s, size_t off)
{
	motion_segs_at(s, off);
	while (off > s->lo && !s->wb[off - s->lo])
		off--;
	return off;
}

/* Return the start of the segment after the one holding off, or len. */
static size_t
motion_seg_next(struct motion_segs *s, size_t off)
{
	motion_segs_at(s, off);
	off++;
	while (off < s->hi && !s->wb[off - s->lo])
		off++;
	return off < s->len ? off : s->len;
}

/* Return true when the segment at off is white space. */
static bool
motion_seg_space(const struct motion_segs *s, size_t off)
{
	return words_class(s->t + off, s->len - off) == WORDS_SPACE;
}

/* Find the first word or punctuation segment at or after *pos (which is
 * a segment start), across blocks; false at the end of the text. */
static bool
motion_word_from(const struct motion *m, struct motion_pos *pos)
{
	struct motion_segs s;

	for (;;) {
		motion_segs_init(&s, m, pos->block);
		size_t i = motion_seg_start(&s, pos->off);
		while (i < s.len && motion_seg_space(&s, i))
			i = motion_seg_next(&s, i);
		motion_segs_fini(&s);
		if (i < s.len) {
			pos->off = i;
			return true;
		}
		if (!motion_step_block(m, &pos->block, 1))
			return false;
		pos->off = 0;
	}
}

/* w */
static bool
motion_word_next(const struct motion *m, struct motion_pos *pos)
{
	struct motion_segs s;
	struct motion_pos p = *pos;

	motion_segs_init(&s, m, p.block);
	p.off = motion_seg_next(&s, p.off);
	motion_segs_fini(&s);
	if (p.off == s.len) {
		if (!motion_step_block(m, &p.block, 1))
			return false;
		p.off = 0;
	}
	if (!motion_word_from(m, &p))
		return false;
	*pos = p;
	return true;
}

/* e */
static bool
motion_word_end(const struct motion *m, struct motion_pos *pos)
{
	struct motion_pos p = *pos;
	struct motion_segs s;

	if (!motion_cluster_step(m, &p, 1))
		return false;
	motion_segs_init(&s, m, p.block);
	bool space = motion_seg_space(&s, motion_seg_start(&s, p.off));
	motion_segs_fini(&s);
	if (space && !motion_word_from(m, &p))
		return false;
	motion_segs_init(&s, m, p.block);
	size_t e = motion_seg_next(&s, p.off);
	pos->block = p.block;
	pos->off = e - utf8_cluster_len_before(s.t, e);
	motion_segs_fini(&s);
	return true;
}

/* b: the segments of a block are worked out once however many blank
 * segments (a code block's empty lines) it steps back over. */
static bool
motion_word_prev(const struct motion *m, struct motion_pos *pos)
{
	struct motion_pos p = *pos;
	struct motion_segs s = { .wb = NULL };
	bool ok = motion_cluster_step(m, &p, -1);

	while (ok) {
		motion_segs_use(&s, m, p.block);
		p.off = motion_seg_start(&s, p.off);
		if (!motion_seg_space(&s, p.off))
			break;
		ok = motion_cluster_step(m, &p, -1);
	}
	motion_segs_fini(&s);
	if (ok)
		*pos = p;
	return ok;
}

/* Fill a heap array with the sentence starts of block b; store its
 * length in *len. */
static char *
motion_sentences(const struct motion *m, size_t b, size_t *len)
{
	const char *t = motion_text(m, b, len);
	char *sb = xmalloc(*len);

	words_sentences(t, *len, sb);
	return sb;
}

/* Move *pos to the first sentence start after it, across blocks. */
static bool
motion_sentence_after(const struct motion *m, struct motion_pos *pos)
{
	size_t len, i = pos->off + 1;
	char *sb = motion_sentences(m, pos->block, &len);

	while (i < len && !sb[i])
		i++;
	free(sb);
	if (i < len) {
		pos->off = i;
		return true;
	}
	for (size_t b = pos->block; motion_step_block(m, &b, 1);) {
		sb = motion_sentences(m, b, &len);
		for (i = 0; i < len && !sb[i]; i++)
			;
		free(sb);
		if (i < len) {
			pos->block = b;
			pos->off = i;
			return true;
		}
	}
	return false;
}

/* Return the last sentence start before text offset end of block b, or
 * SIZE_MAX when there is none. */
static size_t
motion_sentence_before(const struct motion *m, size_t b, size_t end)
{
	size_t len;
	char *sb = motion_sentences(m, b, &len);
	size_t i = end < len ? end : len;

	while (i > 0 && !sb[i - 1])
		i--;
	free(sb);
	return i > 0 ? i - 1 : SIZE_MAX;
}

/* ( */
static bool
motion_sentence_prev(const struct motion *m, struct motion_pos *pos)
{
	size_t i = motion_sentence_before(m, pos->block, pos->off);
	size_t b = pos->block;

	if (i != SIZE_MAX) {
		pos->off = i;
		return true;
	}
	while (motion_step_block(m, &b, -1)) {
		i = motion_sentence_before(m, b, SIZE_MAX);
		if (i != SIZE_MAX) {
			pos->block = b;
			pos->off = i;
			return true;
		}
	}
	return false;
}

/* } and { */
static bool
motion_para(const struct motion *m, struct motion_pos *pos, int step)
{
	if (step < 0 && pos->off > 0) {
		pos->off = 0;
		return true;
	}
	if (!motion_step_block(m, &pos->block, step))
		return false;
	pos->off = 0;
	return true;
}

/* Return the range of block text offsets line l shows in [*lo, *hi);
 * false when it shows none of block b's. */
static bool
motion_line_range(const struct motion *m, const struct layout_line *l,
		  size_t b, size_t *lo, size_t *hi)
{
	if (l == NULL || l->block != b)
		return false;
	const struct doc_block *blk = &m->d->blocks[b];
	bool any = false;
	for (size_t i = 0; i < l->n_segs; i++) {
		const struct layout_seg *s = &l->segs[i];
		if (s->text < blk->text || s->text + s->len > blk->text + blk->text_len)
			continue;
		size_t o = (size_t)(s->text - blk->text);
		if (!any)
			*lo = o;
		*hi = o + s->len;
		any = true;
	}
	return any;
}

/* Return true when line p shows block b from before text offset off. */
static bool
motion_line_holds(const struct motion *m, struct layout_pos p, size_t b,
		  size_t off)
{
	size_t lo, hi;

	return motion_line_range(m, layout_lazy_line(m->ll, p), b, &lo, &hi) &&
	       lo <= off;
}

/* Return the column of text offset off on line l (prefix included). */
static int
motion_col(const struct motion *m, const struct layout_line *l, size_t off)
{
	const struct doc_block *blk = &m->d->blocks[l->block];
	int x = l->prefix_width;

	for (size_t i = 0; i < l->n_segs; i++) {
		const struct layout_seg *s = &l->segs[i];
		bool own = s->text >= blk->text &&
			   s->text + s->len <= blk->text + blk->text_len;
		size_t o = own ? (size_t)(s->text - blk->text) : 0;
		if (own && o <= off && off < o + s->len)
			return x + utf8_width(s->text, off - o);
		x += s->width;
	}
	return x;
}

struct layout_pos
motion_line(const struct motion *m, struct motion_pos pos, int *col)
{
	struct layout_pos start = layout_lazy_at(m->ll, motion_src(m, pos, NULL));
	struct layout_pos p = start;

	/* Lines that start at the same offset (the header's, a blank line)
	 * come first: look ahead as well as back. */
	for (int i = 0; i < MOTION_LINE_LOOKBACK &&
	     !motion_line_holds(m, p, pos.block, pos.off); i++)
		if (layout_lazy_move(m->ll, &p, -1) == 0)
			break;
	if (!motion_line_holds(m, p, pos.block, pos.off))
		p = start;
	for (int i = 0; i < MOTION_LINE_LOOKBACK &&
	     !motion_line_holds(m, p, pos.block, pos.off); i++)
		if (layout_lazy_move(m->ll, &p, 1) == 0)
			break;
	for (;;) {
		struct layout_pos q = p;
		if (layout_lazy_move(m->ll, &q, 1) == 0 ||
		    !motion_line_holds(m, q, pos.block, pos.off))
			break;
		p = q;
	}
	if (col != NULL) {
		const struct layout_line *l = layout_lazy_line(m->ll, p);
		*col = l != NULL && l->block == pos.block ?
		       motion_col(m, l, pos.off) : 0;
	}
	return p;
}

bool
motion_on_line(const struct motion *m, struct layout_pos p, int col,
	       struct motion_pos *pos)
{
	const struct layout_line *l = layout_lazy_line(m->ll, p);
	size_t lo, hi;

	if (l == NULL || l->block == LAYOUT_NO_BLOCK ||
	    !motion_block_ok(m, l->block) ||
	    !motion_line_range(m, l, l->block, &lo, &hi))
		return false;
	const struct doc_block *blk = &m->d->blocks[l->block];
	int x = l->prefix_width;
	pos->block = l->block;
	pos->off = lo;
	for (size_t i = 0; i < l->n_segs; i++) {
		const struct layout_seg *s = &l->segs[i];
		if (s->text < blk->text ||
		    s->text + s->len > blk->text + blk->text_len) {
			x += s->width;
			continue;
		}
		for (size_t k = 0; k < s->len;) {
			size_t n = utf8_cluster_len(s->text + k, s->len - k);
			int w = utf8_cluster_width(s->text + k, n);
			pos->off = (size_t)(s->text - blk->text) + k;
			if (col < x + w)
				return true;
			x += w;
			k += n;
		}
	}
	return true;
}

/* j and k: move to the next line (step 1) or the one above (-1) that
 * shows text, at column col. */
static bool
motion_vertical(const struct motion *m, struct motion_pos *pos, int step,
		int col)
{
	struct layout_pos p = motion_line(m, *pos, NULL);

	while (layout_lazy_move(m->ll, &p, step) != 0)
		if (motion_on_line(m, p, col, pos))
			return true;
	return false;
}

/* Perform motion k once; false when it could not move. */
static bool
motion_once(const struct motion *m, enum motion_kind k,
	    struct motion_pos *pos, int col)
{
	struct layout_pos p;

	switch (k) {
	case MOTION_LEFT: return motion_cluster_step(m, pos, -1);
	case MOTION_RIGHT: return motion_cluster_step(m, pos, 1);
	case MOTION_WORD_NEXT: return motion_word_next(m, pos);
	case MOTION_WORD_PREV: return motion_word_prev(m, pos);
	case MOTION_WORD_END: return motion_word_end(m, pos);
	case MOTION_SENTENCE_NEXT: return motion_sentence_after(m, pos);
	case MOTION_SENTENCE_PREV: return motion_sentence_prev(m, pos);
	case MOTION_PARA_NEXT: return motion_para(m, pos, 1);
	case MOTION_PARA_PREV: return motion_para(m, pos, -1);
	case MOTION_LINE_START: case MOTION_LINE_END:
		p = motion_line(m, *pos, NULL);
		return motion_on_line(m, p, k == MOTION_LINE_START ? 0 : INT_MAX,
				      pos);
	case MOTION_LINE_DOWN: return motion_vertical(m, pos, 1, col);
	case MOTION_LINE_UP: return motion_vertical(m, pos, -1, col);
	}
	return false;
}

bool
motion_move(const struct motion *m, enum motion_kind k, int count,
	    struct motion_pos *pos, int *want_col)
{
	struct motion_pos start = *pos;
	bool vertical = k == MOTION_LINE_DOWN || k == MOTION_LINE_UP;

	if (vertical && *want_col < 0)
		motion_line(m, *pos, want_col);
	for (int i = 0; i < (count > 0 ? count : 1); i++)
		if (!motion_once(m, k, pos, vertical ? *want_col : 0))
			break;
	if (!vertical)
		*want_col = -1;
	return motion_pos_cmp(start, *pos) != 0;
}

/* Store in *last the last cluster of block b's text [.., end) that is
 * not white space (the cluster at or after first when all of it is). */
static void
motion_trim(const struct motion *m, size_t b, size_t first, size_t end,
	    struct motion_pos *last)
{
	size_t len;
	const char *t = motion_text(m, b, &len);

	last->block = b;
	while (end > first) {
		size_t n = utf8_cluster_len_before(t, end);
		if (words_class(t + end - n, n) != WORDS_SPACE)
			break;
		end -= n;
	}
	last->off = end > first ? end - utf8_cluster_len_before(t, end) : first;
}

void
motion_sentence(const struct motion *m, struct motion_pos pos,
		struct motion_pos *first, struct motion_pos *last)
{
	size_t len, s = pos.off, e;
	char *sb = motion_sentences(m, pos.block, &len);

	while (s > 0 && !sb[s])
		s--;
	if (!sb[s])	/* white space before the first sentence */
		while (s < len && !sb[s])
			s++;
	if (s == len)
		s = pos.off;
	for (e = s + 1; e < len && !sb[e]; e++)
		;
	free(sb);
	first->block = pos.block;
	first->off = s;
	motion_trim(m, pos.block, s, e, last);
}

void
motion_paragraph(const struct motion *m, struct motion_pos pos,
		 struct motion_pos *first, struct motion_pos *last)
{
	size_t len;

	motion_text(m, pos.block, &len);
	first->block = pos.block;
	first->off = 0;
	motion_trim(m, pos.block, 0, len, last);
}
