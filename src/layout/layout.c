/* SPDX-License-Identifier: MIT */
/*
 * layout.c: display lines for one width.
 *
 * Positions are source offsets, never rows: a place is the offset of the
 * top line, and a resize lays out again and finds the line showing it
 * (layout_row_for_off). layout_lazy lays out and keeps chunks of a lazy
 * document for one width, a place being a chunk and a line (struct
 * layout_pos); the percentage is the bottom line's source offset over the
 * source length, right without the rest laid out.
 *
 * Linear whatever the shape: a line finds the runs it shows by halving
 * (runs cover the block's text in order) and gets room for those alone, so
 * a paragraph of half a million runs is laid out like any other; a record
 * (a table too wide for columns) cuts its header label to 24 columns,
 * since every row repeats it. tests/test_stress.c holds the line.
 */
#include "config.h"
#include "layout/layout.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/i18n.h"
#include "text/utf8.h"
#include "text/wrap.h"
#include "base/xmem.h"

/* A width no code line reaches: code lines break only at their ends. */
#define LAYOUT_NO_WRAP (1 << 28)

/* What the block being laid out contributes besides its own text. */
struct layout_block {
	const char *text;		/* the text to wrap */
	size_t text_len;
	const struct doc_run *runs;	/* NULL for synthetic text */
	size_t n_runs;
	size_t src_off;			/* for synthetic text */
	size_t index;			/* doc block index, or LAYOUT_NO_BLOCK */
	enum layout_role role;
	int level;
	unsigned style;			/* added to every segment */
};

/* Append an empty line of role to lo and return it. */
static struct layout_line *
layout_push(struct layout *lo, enum layout_role role, size_t src_off)
{
	if (lo->n == lo->cap) {
		lo->cap = lo->cap ? 2 * lo->cap : 256;
		lo->lines = xreallocarray(lo->lines, lo->cap, sizeof *lo->lines);
	}
	struct layout_line *l = &lo->lines[lo->n++];
	memset(l, 0, sizeof *l);
	l->role = role;
	l->block = LAYOUT_NO_BLOCK;
	l->prefix = "";
	l->src_off = src_off;
	l->src_end = src_off;
	if (lo->n > 1 && l->src_off < lo->lines[lo->n - 2].src_off)
		l->src_off = l->src_end = lo->lines[lo->n - 2].src_off;
	return l;
}

/* Return the index of the run of b (which has runs) that text offset t
 * falls in: the first run ending after t, or the last run when none
 * does. Runs cover the text in order, so their ends never decrease and
 * halving finds it: a line never scans the runs of lines before it. */
static size_t
layout_run_at(const struct layout_block *b, size_t t)
{
	size_t lo = 0, hi = b->n_runs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->runs[mid].text_off + b->runs[mid].len > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < b->n_runs ? lo : b->n_runs - 1;
}

/* Map text offset t, inside run r or past it, to a source offset. */
static size_t
layout_run_to_src(const struct doc_run *r, size_t t)
{
	return r->src_len == r->len && t >= r->text_off ?
	       r->src_off + (t - r->text_off) : r->src_off;
}

/* Map the end t of text ending inside run r to the source offset just
 * past the bytes it came from. */
static size_t
layout_run_end_to_src(const struct doc_run *r, size_t t)
{
	return r->src_len == r->len ? r->src_off + (t - r->text_off) :
	       r->src_off + r->src_len;
}

/* Map an offset into a block's text to a source offset through its runs. */
static size_t
layout_text_to_src(const struct layout_block *b, size_t t)
{
	if (b->runs == NULL)
		return b->src_off;
	return layout_run_to_src(&b->runs[layout_run_at(b, t)], t);
}

/* Return how many runs of b text [off, end) may touch, and the first of
 * them in *first: an upper bound on the segments it splits into. */
static size_t
layout_runs_in(const struct layout_block *b, size_t off, size_t end,
	       size_t *first)
{
	size_t i = layout_run_at(b, off), lo = i, hi = b->n_runs;

	while (lo < hi) {	/* the first run starting at or after end */
		size_t mid = lo + (hi - lo) / 2;
		if (b->runs[mid].text_off >= end)
			hi = mid;
		else
			lo = mid + 1;
	}
	*first = i;
	return lo - i;
}

/* Add one segment for text [off, end) of b, inside run r (NULL for
 * synthetic text), with the width in columns (measured here when
 * width < 0). */
static void
layout_add_seg(struct layout_line *l, const struct layout_block *b,
	       const struct doc_run *r, size_t off, size_t end, int width)
{
	struct layout_seg *s = &l->segs[l->n_segs++];

	s->text = b->text + off;
	s->len = end - off;
	s->width = width >= 0 ? width : utf8_width(s->text, s->len);
	s->style = (r != NULL ? r->style : 0) | b->style;
	s->src_off = r != NULL ? layout_run_to_src(r, off) : b->src_off;
	l->width += s->width;
	size_t src_end = r != NULL ? layout_run_end_to_src(r, end) : b->src_off;
	if (src_end > l->src_end)
		l->src_end = src_end;
}

/* Return how many segments b's text [off, end) needs at most. */
static size_t
layout_range_segs(const struct layout_block *b, size_t off, size_t end)
{
	size_t first;

	return b->runs != NULL ? layout_runs_in(b, off, end, &first) : 1;
}

/* Append to l the segments of b's text [off, end), split at the n runs
 * from first on that it touches (layout_runs_in). When the range's width
 * is known (width >= 0), the last segment's width is what the others
 * leave of it, so a line of one style is never measured twice. */
static void
layout_add_runs(struct layout_line *l, const struct layout_block *b,
		size_t off, size_t end, int width, size_t first, size_t n)
{
	int base = l->width;

	for (size_t i = first; i < first + n; i++) {
		const struct doc_run *r = &b->runs[i];
		size_t s = r->text_off > off ? r->text_off : off;
		size_t e = r->text_off + r->len < end ? r->text_off + r->len : end;
		if (s >= e)
			continue;
		int w = width >= 0 && e == end ? width - (l->width - base) : -1;
		layout_add_seg(l, b, r, s, e, w);
	}
}

/* Append to l (whose segs have room for layout_range_segs) the segments
 * of b's text [off, end), split at run edges, as layout_add_runs. */
static void
layout_add_range(struct layout_line *l, const struct layout_block *b,
		 size_t off, size_t end, int width)
{
	size_t first;

	if (b->runs == NULL) {
		if (end > off)
			layout_add_seg(l, b, NULL, off, end, width);
		return;
	}
	size_t n = layout_runs_in(b, off, end, &first);
	layout_add_runs(l, b, off, end, width, first, n);
}

/* Fill l with the segments of b's text [off, end), split at run edges;
 * width is the range's width when the line breaker already knows it,
 * else -1. Only the runs the line touches get room. */
static void
layout_segments(struct layout *lo, struct layout_line *l,
		const struct layout_block *b, size_t off, size_t end, int width)
{
	size_t first, n;

	if (b->runs == NULL) {
		l->segs = arena_calloc(&lo->arena, 1, sizeof *l->segs);
		layout_add_range(l, b, off, end, width);
		return;
	}
	n = layout_runs_in(b, off, end, &first);
	l->segs = arena_calloc(&lo->arena, n > 0 ? n : 1, sizeof *l->segs);
	layout_add_runs(l, b, off, end, width, first, n);
}

/* Return how many bytes of line [off, off+len) remain once trailing
 * spaces are dropped. */
static size_t
layout_trim(const char *text, size_t off, size_t len)
{
	while (len > 0 && text[off + len - 1] == ' ')
		len--;
	return len;
}

/* Build the prefix for a block's line: quote bars, then the list marker
 * on the first line or blanks as wide as it on the others. */
static const char *
layout_prefix(struct layout *lo, const struct doc_block *blk, bool first,
	      int *width)
{
	struct buf b;
	const char *marker = first ? blk->marker : NULL;
	int blanks = blk->indent;

	*width = 0;
	if (marker == NULL && blanks == 0 && blk->quote_depth == 0)
		return "";	/* most blocks: no quote, no list */
	if (marker != NULL)	/* the marker sits just left of the text */
		blanks -= utf8_width(marker, strlen(marker));
	buf_init(&b);
	for (int i = 0; i < blk->quote_depth; i++)
		buf_adds(&b, "│ ");
	for (int i = 0; i < blanks; i++)
		buf_addc(&b, ' ');
	if (marker != NULL)
		buf_adds(&b, marker);
	*width = utf8_width(buf_str(&b), b.len);
	char *p = arena_strndup(&lo->arena, buf_str(&b), b.len);
	buf_fini(&b);
	return p;
}

/* Runs of a wrapped range whose starts fit on the stack. */
#define LAYOUT_STACK_CUTS 32

/* Wrap b's text [off, end) into w, each run starting a grapheme
 * cluster: segments are drawn one by one, so a cluster Unicode would
 * join across two runs is measured as the two the terminal draws. */
static void
layout_wrap_cut(const struct layout_block *b, size_t off, size_t end,
		int first_width, int width, struct wrap_lines *w)
{
	size_t stack[LAYOUT_STACK_CUTS], *cuts = stack, n = 0, first;

	if (b->runs != NULL) {
		size_t k = layout_runs_in(b, off, end, &first);
		if (k > LAYOUT_STACK_CUTS)
			cuts = xreallocarray(NULL, k, sizeof *cuts);
		for (size_t i = first; i < first + k; i++)
			if (b->runs[i].text_off > off)
				cuts[n++] = b->runs[i].text_off - off;
	}
	wrap_text_cut(b->text + off, end - off, first_width, width,
		      n > 0 ? cuts : NULL, n, w);
	if (cuts != stack)
		free(cuts);
}

/* Wrap b into lines, each starting with the block's prefix. */
static void
layout_wrap(struct layout *lo, const struct layout_block *b,
	    const struct doc_block *blk)
{
	struct wrap_lines *w = lo->scratch;
	int pw_first = 0, pw_rest = 0;
	const char *p_first = "", *p_rest = "";

	if (blk != NULL) {
		p_first = layout_prefix(lo, blk, true, &pw_first);
		p_rest = layout_prefix(lo, blk, false, &pw_rest);
	}
	if (pw_first + 2 > lo->width || pw_rest + 2 > lo->width) {
		p_first = p_rest = "";	/* too narrow for indents: drop them */
		pw_first = pw_rest = 0;
	}
	int w_first = lo->width - pw_first > 0 ? lo->width - pw_first : 1;
	int w_rest = lo->width - pw_rest > 0 ? lo->width - pw_rest : 1;
	if (b->role == LAYOUT_CODE && !lo->wrap_code)
		w_first = w_rest = LAYOUT_NO_WRAP;
	w->n = 0;
	layout_wrap_cut(b, 0, b->text_len, w_first, w_rest, w);
	for (size_t i = 0; i < w->n; i++) {
		size_t off = w->lines[i].off;
		size_t len = layout_trim(b->text, off, w->lines[i].len);
		struct layout_line *l = layout_push(lo, b->role,
						    layout_text_to_src(b, off));
		l->level = b->level;
		l->block = b->index;
		l->prefix = i == 0 ? p_first : p_rest;
		l->prefix_width = i == 0 ? pw_first : pw_rest;
		l->width = l->prefix_width;
		layout_segments(lo, l, b, off, off + len, w->lines[i].width);
	}
}

/* Lay out synthetic text (header fields, placeholders) as one block. */
static void
layout_text(struct layout *lo, const char *text, enum layout_role role,
	    size_t src_off, unsigned style, const struct doc_block *blk)
{
	struct layout_block b = {
		.text = arena_strndup(&lo->arena, text, strlen(text)),
		.text_len = strlen(text),
		.src_off = src_off,
		.index = LAYOUT_NO_BLOCK,
		.role = role,
		.style = style,
	};

	layout_wrap(lo, &b, blk);
}

/* Keep at most max (> 0) of the title's lines, from line first on; the
 * last one kept then ends with "…". */
static void
layout_clip_title(struct layout *lo, size_t first, int max)
{
	struct buf b;

	if (lo->n - first <= (size_t)max)
		return;
	lo->n = first + (size_t)max;
	struct layout_line *l = &lo->lines[lo->n - 1];
	if (l->n_segs == 0)
		return;
	struct layout_seg *s = &l->segs[l->n_segs - 1];
	buf_init(&b);
	buf_add(&b, s->text, utf8_fit(s->text, s->len,
				      lo->width - l->width + s->width - 1, NULL));
	buf_adds(&b, "…");
	l->width -= s->width;
	s->text = arena_strndup(&lo->arena, buf_str(&b), b.len);
	s->len = b.len;
	s->width = utf8_width(s->text, s->len);
	l->width += s->width;
	buf_fini(&b);
}

/* Lay out the header: title (at most opts->title_lines lines of it),
 * "source · date", url, then a blank line. */
static void
layout_header(struct layout *lo, const struct doc *d,
	      const struct layout_opts *opts)
{
	const char *source = d->meta.source, *date = d->meta.date;
	size_t first = lo->n;

	if (date != NULL && opts->date != NULL)
		date = opts->date;
	struct buf b;

	layout_text(lo, doc_title(d), LAYOUT_TITLE, 0, DOC_STYLE_STRONG, NULL);
	if (opts->title_lines > 0)
		layout_clip_title(lo, first, opts->title_lines);
	buf_init(&b);
	if (source != NULL)
		buf_adds(&b, source);
	if (d->author != NULL &&
	    (source == NULL || strcmp(d->author, source) != 0))
		buf_printf(&b, "%s%s", b.len > 0 ? " · " : "", d->author);
	if (b.len > 0 && date != NULL)
		buf_adds(&b, " · ");
	if (date != NULL)
		buf_adds(&b, date);
	if (b.len > 0)
		layout_text(lo, buf_str(&b), LAYOUT_META, 0, 0, NULL);
	if (d->meta.url != NULL)
		layout_text(lo, d->meta.url, LAYOUT_URL, 0, 0, NULL);
	buf_fini(&b);
}

/* Append n (>= 0) horizontal box-drawing bars "─" to b, sixteen at a
 * time. */
static void
layout_add_bars(struct buf *b, int n)
{
	static const char bars[] = "────────────────";
	const int per = (int)(sizeof bars - 1) / 3;

	for (; n > 0; n -= per)
		buf_add(b, bars, 3 * (size_t)(n < per ? n : per));
}

/* Lay out a horizontal rule as a line of box-drawing characters. */
static void
layout_rule(struct layout *lo, const struct doc_block *blk)
{
	struct buf b;
	int n = lo->width > 40 ? 40 : lo->width;

	buf_init(&b);
	layout_add_bars(&b, n);
	layout_text(lo, buf_str(&b), LAYOUT_RULE, blk->src_off, 0, NULL);
	buf_fini(&b);
}

/* Lay out an image block as a numbered placeholder with its alt text. */
static void
layout_image(struct layout *lo, const struct doc *d,
	     const struct doc_block *blk)
{
	struct buf b;
	int number = blk->n_runs > 0 ? blk->runs[0].link + 1 : 0;

	buf_init(&b);
	if (lo->unnumbered && blk->text_len > 0)
		/* TRANSLATORS: an image placeholder with alt text whose
		   number is not known yet. */
		buf_printf(&b, _("[image ?: %s]"), blk->text);
	else if (lo->unnumbered)
		/* TRANSLATORS: an image placeholder whose number is not
		   known yet. */
		buf_adds(&b, _("[image ?]"));
	else if (blk->text_len > 0)
		/* TRANSLATORS: an image placeholder: number and alt text. */
		buf_printf(&b, _("[image %d: %s]"), number, blk->text);
	else
		/* TRANSLATORS: an image placeholder without alt text. */
		buf_printf(&b, _("[image %d]"), number);
	layout_text(lo, buf_str(&b), LAYOUT_IMAGE, blk->src_off,
		    DOC_STYLE_IMAGE, blk);
	buf_fini(&b);
	(void)d;
}

/* Tables ---------------------------------------------------------------
 * A table is laid out whole when its first row comes up: column widths
 * from the cells' display widths, the widest columns narrowed until the
 * table fits, each cell wrapped inside its column. When even narrow
 * columns do not fit, each row becomes a record of "header: value"
 * lines instead. */

#define LAYOUT_TABLE_SEP " │ "
#define LAYOUT_TABLE_SEP_WIDTH 3
#define LAYOUT_TABLE_MIN_COL 4	/* columns are not narrowed below this */
#define LAYOUT_TABLE_MAX_COLS 64
#define LAYOUT_TABLE_LABEL_MAX 24	/* columns of a header cell in front of
					   each value of a record: every row
					   repeats it */

struct layout_table {
	const struct doc_block *rows;	/* consecutive row blocks */
	size_t n_rows;
	size_t n_cols;
	size_t first;			/* doc block index of rows[0] */
	int widths[LAYOUT_TABLE_MAX_COLS];
};

/* Store the text range of cell c of row; false when the row has fewer
 * cells. */
static bool
layout_table_cell(const struct doc_block *row, size_t c, size_t *off,
		  size_t *end)
{
	if (c >= row->n_cells)
		return false;
	*off = row->cells[c];
	*end = c + 1 < row->n_cells ? row->cells[c + 1] - 3 : row->text_len;
	return *end >= *off;
}

/* Set each column to its widest cell; return the table's total width. */
static int
layout_table_natural(struct layout_table *t)
{
	int total = LAYOUT_TABLE_SEP_WIDTH * ((int)t->n_cols - 1);
	size_t off, end;

	for (size_t c = 0; c < t->n_cols; c++) {
		t->widths[c] = 1;
		for (size_t r = 0; r < t->n_rows; r++) {
			const struct doc_block *row = &t->rows[r];
			if (!layout_table_cell(row, c, &off, &end))
				continue;
			int w = utf8_width(row->text + off, end - off);
			if (w > t->widths[c])
				t->widths[c] = w;
		}
		total += t->widths[c];
	}
	return total;
}

/* Narrow the widest columns until the table fits avail columns; return
 * false when it cannot without going below the minimum. */
static bool
layout_table_fit(struct layout_table *t, int avail)
{
	int total = layout_table_natural(t);

	while (total > avail) {
		size_t widest = 0;
		for (size_t c = 1; c < t->n_cols; c++)
			if (t->widths[c] > t->widths[widest])
				widest = c;
		if (t->widths[widest] <= LAYOUT_TABLE_MIN_COL)
			return false;
		t->widths[widest]--;
		total--;
	}
	return true;
}

/* Append a generated segment (padding, separator) to l. */
static void
layout_table_synth(struct layout_line *l, const char *text, size_t len,
		   int width)
{
	struct layout_seg *s = &l->segs[l->n_segs++];

	s->text = text;
	s->len = len;
	s->width = width;
	s->style = 0;
	s->src_off = l->src_off;
	l->width += width;
}

/* Return a string of n blanks from the arena. */
static const char *
layout_blanks(struct layout *lo, int n)
{
	char *s = arena_alloc(&lo->arena, (size_t)n + 1);

	memset(s, ' ', (size_t)n);
	s[n] = '\0';
	return s;
}

/* Store in [*s, *e) the text of b that line k of a cell starting at
 * text offset off (wrapped into w) shows; false when the cell has fewer
 * lines. */
static bool
layout_table_piece(const struct layout_block *b, const struct wrap_lines *w,
		   size_t k, size_t off, size_t *s, size_t *e)
{
	if (k >= w->n)
		return false;
	*s = off + w->lines[k].off;
	*e = *s + layout_trim(b->text, *s, w->lines[k].len);
	return true;
}

/* Append line k of cell c (wrapped into w) to l, padded to its column. */
static void
layout_table_fragment(struct layout *lo, struct layout_line *l,
		      const struct layout_block *b, const struct wrap_lines *w,
		      size_t k, size_t off, int width)
{
	int used = l->width;
	size_t s, e;

	if (layout_table_piece(b, w, k, off, &s, &e))
		layout_add_range(l, b, s, e, w->lines[k].width);
	used = l->width - used;
	if (used < width)
		layout_table_synth(l, layout_blanks(lo, width - used),
				   (size_t)(width - used), width - used);
}

/* Return the text offset where cell c of row starts (0 for a cell the
 * row lacks, which has no lines). */
static size_t
layout_table_cell_off(const struct doc_block *row, size_t c)
{
	size_t off = 0, end;

	layout_table_cell(row, c, &off, &end);
	return off;
}

/* Return how many segments line k of a row needs at most: those of
 * each cell's piece, plus padding and a separator per cell. */
static size_t
layout_table_line_segs(const struct layout_table *t,
		       const struct doc_block *row,
		       const struct layout_block *b,
		       const struct wrap_lines *w, size_t k)
{
	size_t n = 2 * t->n_cols, s, e;

	for (size_t c = 0; c < t->n_cols; c++)
		if (layout_table_piece(b, &w[c], k,
				       layout_table_cell_off(row, c), &s, &e))
			n += layout_range_segs(b, s, e);
	return n;
}

/* Lay out one row: its cells side by side, each wrapped in its column
 * into w[c] (the table's, reused from row to row). */
static void
layout_table_row(struct layout *lo, const struct layout_table *t, size_t r,
		 struct wrap_lines *w)
{
	const struct doc_block *row = &t->rows[r];
	struct layout_block b = {
		.text = row->text, .text_len = row->text_len,
		.runs = row->n_runs ? row->runs : NULL, .n_runs = row->n_runs,
		.src_off = row->src_off, .index = t->first + r,
		.role = LAYOUT_TEXT,
	};
	size_t height = 1, off, end;

	for (size_t c = 0; c < t->n_cols; c++) {
		w[c].n = 0;
		if (layout_table_cell(row, c, &off, &end) && end > off)
			layout_wrap_cut(&b, off, end, t->widths[c],
				    t->widths[c], &w[c]);
		if (w[c].n > height)
			height = w[c].n;
	}
	for (size_t k = 0; k < height; k++) {
		struct layout_line *l = layout_push(lo, LAYOUT_TEXT, row->src_off);
		l->block = b.index;
		l->segs = arena_calloc(&lo->arena,
				       layout_table_line_segs(t, row, &b, w, k),
				       sizeof *l->segs);
		for (size_t c = 0; c < t->n_cols; c++) {
			layout_table_fragment(lo, l, &b, &w[c], k,
					      layout_table_cell_off(row, c),
					      t->widths[c]);
			if (c + 1 < t->n_cols)
				layout_table_synth(l, LAYOUT_TABLE_SEP,
						   strlen(LAYOUT_TABLE_SEP),
						   LAYOUT_TABLE_SEP_WIDTH);
		}
	}
}

/* Lay out the rule under a header row: "───┼───". */
static void
layout_table_rule(struct layout *lo, const struct layout_table *t)
{
	struct buf b;

	buf_init(&b);
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c > 0)
			buf_adds(&b, "─┼─");
		layout_add_bars(&b, t->widths[c]);
	}
	layout_text(lo, buf_str(&b), LAYOUT_RULE, t->rows[0].src_end, 0, NULL);
	buf_fini(&b);
}

/* Lay out each body row as a record: one "header: value" line per cell,
 * records separated by blank lines; a long header is cut, since every
 * row repeats it (many rows under long headers were quadratic). */
static void
layout_table_records(struct layout *lo, const struct layout_table *t)
{
	const struct doc_block *head = t->rows[0].table_header ? &t->rows[0] : NULL;
	size_t off, end, hoff, hend;
	struct buf line;

	buf_init(&line);
	for (size_t r = head != NULL; r < t->n_rows; r++) {
		const struct doc_block *row = &t->rows[r];
		if (r > (head != NULL))
			layout_push(lo, LAYOUT_BLANK, row->src_off);
		for (size_t c = 0; layout_table_cell(row, c, &off, &end); c++) {
			buf_clear(&line);
			if (head != NULL && layout_table_cell(head, c, &hoff, &hend)) {
				utf8_truncate(head->text + hoff, hend - hoff,
					      LAYOUT_TABLE_LABEL_MAX, &line);
				buf_adds(&line, ": ");
			}
			buf_add(&line, row->text + off, end - off);
			layout_text(lo, buf_str(&line), LAYOUT_TEXT, row->src_off,
				    0, NULL);
		}
	}
	buf_fini(&line);
}

/* Return true when blk is the first row of its table. */
static bool
layout_table_starts(const struct doc *d, const struct doc_block *blk)
{
	const struct doc_block *prev = blk > d->blocks ? blk - 1 : NULL;

	return prev == NULL || prev->kind != DOC_TABLE_ROW ||
	       prev->table != blk->table;
}

/* Lay out the whole table whose first row is blk. */
static void
layout_table(struct layout *lo, const struct doc *d,
	     const struct doc_block *blk)
{
	struct layout_table t = { .rows = blk, .first = (size_t)(blk - d->blocks) };
	const struct doc_block *end = d->blocks + d->n_blocks;

	while (blk + t.n_rows < end && blk[t.n_rows].kind == DOC_TABLE_ROW &&
	       blk[t.n_rows].table == blk->table) {
		if (blk[t.n_rows].n_cells > t.n_cols)
			t.n_cols = blk[t.n_rows].n_cells;
		t.n_rows++;
	}
	if (t.n_cols == 0 || t.n_cols > LAYOUT_TABLE_MAX_COLS ||
	    !layout_table_fit(&t, lo->width)) {
		layout_table_records(lo, &t);
		return;
	}
	struct wrap_lines w[LAYOUT_TABLE_MAX_COLS];
	for (size_t c = 0; c < t.n_cols; c++)
		wrap_lines_init(&w[c]);
	for (size_t r = 0; r < t.n_rows; r++) {
		layout_table_row(lo, &t, r, w);
		if (r == 0 && blk->table_header && t.n_rows > 1)
			layout_table_rule(lo, &t);
	}
	for (size_t c = 0; c < t.n_cols; c++)
		wrap_lines_fini(&w[c]);
}

/* Return the role a block's text lines get. */
static enum layout_role
layout_role_of(const struct doc_block *blk)
{
	switch (blk->kind) {
	case DOC_HEADING:
		return LAYOUT_HEADING;
	case DOC_CODE:
		return LAYOUT_CODE;
	default:
		return LAYOUT_TEXT;
	}
}

/* Lay out one block of the body. */
static void
layout_block(struct layout *lo, const struct doc *d,
	     const struct doc_block *blk)
{
	struct layout_block b = {
		.text = blk->text,
		.text_len = blk->text_len,
		.runs = blk->runs,
		.n_runs = blk->n_runs,
		.src_off = blk->src_off,
		.index = (size_t)(blk - d->blocks),
		.role = layout_role_of(blk),
		.level = blk->level,
	};

	if (blk->kind == DOC_TABLE_ROW && blk->n_cells > 0) {
		if (layout_table_starts(d, blk))
			layout_table(lo, d, blk);
	} else if (blk->kind == DOC_RULE)
		layout_rule(lo, blk);
	else if (blk->kind == DOC_IMAGE)
		layout_image(lo, d, blk);
	else {
		if (b.text_len > 0 && b.text[b.text_len - 1] == '\n')
			b.text_len--;	/* a code block's final newline */
		if (b.runs != NULL && b.n_runs == 0)
			b.runs = NULL;
		layout_wrap(lo, &b, blk);
	}
}

/* Return true when blk continues the list that prev belongs to, so no
 * blank line separates them. */
static bool
layout_is_tight(const struct doc_block *prev, const struct doc_block *blk)
{
	if (prev != NULL && prev->kind == DOC_TABLE_ROW &&
	    blk->kind == DOC_TABLE_ROW && prev->table == blk->table)
		return true;	/* rows of one table: laid out together */
	/* Blocks of one tight list follow each other without a blank line;
	 * a loose list's items, and two lists in a row, are separated. */
	return prev != NULL && prev->list_top != 0 &&
	       prev->list_top == blk->list_top && !blk->list_loose &&
	       prev->kind != DOC_CODE;
}

/* Lay out one line standing for the n leftover blocks from blk on. */
static void
layout_fold(struct layout *lo, const struct doc_block *blk, size_t n)
{
	struct buf b;

	buf_init(&b);
	/* TRANSLATORS: shown in place of hidden page-interface leftovers
	   (button labels, "scan to follow"...) at the end of an article. */
	buf_printf(&b, P_("⋯ %zu line of page leftovers hidden (z shows it)",
			  "⋯ %zu lines of page leftovers hidden (z shows them)",
			  n), n);
	layout_text(lo, buf_str(&b), LAYOUT_FOLD, blk->src_off, 0, NULL);
	buf_fini(&b);
}

/* Return how many blocks from i on are leftovers. */
static size_t
layout_leftover_run(const struct doc *d, size_t i)
{
	size_t n = 0;

	while (i + n < d->n_blocks &&
	       (d->blocks[i + n].flags & DOC_BLOCK_LEFTOVER))
		n++;
	return n;
}

void
layout_build(struct layout *lo, const struct doc *d, int width)
{
	struct layout_opts opts = { .width = width, .wrap_code = true };

	layout_build_opts(lo, d, &opts);
}

void
layout_build_opts(struct layout *lo, const struct doc *d,
		  const struct layout_opts *opts)
{
	struct layout_range r = {
		.end = d->n_blocks, .header = true, .off = d->body_off,
	};

	layout_build_range(lo, d, opts, &r);
}

/* Return the block laid out last before block i: the last one before it
 * that is not a header repeat, or NULL. */
static const struct doc_block *
layout_prev(const struct doc *d, size_t i)
{
	while (i > 0 && (d->blocks[i - 1].flags & DOC_BLOCK_REPEAT))
		i--;
	return i > 0 ? &d->blocks[i - 1] : NULL;
}

/* Return the first block from i on that a fold line before i does not
 * already stand for. */
static size_t
layout_skip_folded(const struct doc *d, const struct layout_opts *opts,
		   size_t i)
{
	if (opts->show_leftovers || i == 0 ||
	    !(d->blocks[i - 1].flags & DOC_BLOCK_LEFTOVER))
		return i;
	return i + layout_leftover_run(d, i);
}

void
layout_build_range(struct layout *lo, const struct doc *d,
		   const struct layout_opts *opts, const struct layout_range *r)
{
	const struct doc_block *prev = layout_prev(d, r->first);
	struct wrap_lines w;

	memset(lo, 0, sizeof *lo);
	arena_init(&lo->arena);
	wrap_lines_init(&w);
	lo->scratch = &w;
	lo->width = opts->width > 0 ? opts->width : 1;
	lo->wrap_code = opts->wrap_code;
	lo->unnumbered = r->unnumbered;
	if (r->header)
		layout_header(lo, d, opts);
	for (size_t i = layout_skip_folded(d, opts, r->first); i < r->end; i++) {
		const struct doc_block *blk = &d->blocks[i];
		size_t hidden = opts->show_leftovers ? 0 : layout_leftover_run(d, i);
		if (blk->flags & DOC_BLOCK_REPEAT)
			continue;
		if (!layout_is_tight(prev, blk) || hidden > 0)
			layout_push(lo, LAYOUT_BLANK, prev ? prev->src_end : r->off);
		if (hidden > 0) {
			layout_fold(lo, blk, hidden);
			i += hidden - 1;
			prev = &d->blocks[i];
			continue;
		}
		layout_block(lo, d, blk);
		prev = blk;
	}
	wrap_lines_fini(&w);
	lo->scratch = NULL;
}

void
layout_fini(struct layout *lo)
{
	free(lo->lines);
	arena_fini(&lo->arena);
	memset(lo, 0, sizeof *lo);
}

size_t
layout_row_for_off(const struct layout *lo, size_t off)
{
	size_t lo_i = 0, hi = lo->n;

	if (lo->n == 0)
		return 0;
	while (hi - lo_i > 1) {		/* last line with src_off <= off */
		size_t mid = lo_i + (hi - lo_i) / 2;
		if (lo->lines[mid].src_off <= off)
			lo_i = mid;
		else
			hi = mid;
	}
	while (lo_i > 0 && lo->lines[lo_i - 1].src_off == lo->lines[lo_i].src_off)
		lo_i--;
	return lo_i;
}

/* Lazy layout ----------------------------------------------------------- */

void
layout_lazy_init(struct layout_lazy *ll, struct doc *d,
		 const struct layout_opts *opts)
{
	memset(ll, 0, sizeof *ll);
	ll->d = d;
	ll->opts = *opts;
}

/* Drop the lines of part i. */
static void
layout_lazy_drop(struct layout_lazy *ll, size_t i)
{
	if (!ll->parts[i].built)
		return;
	layout_fini(&ll->parts[i].lo);
	ll->parts[i].built = false;
	ll->n_built--;
}

void
layout_lazy_fini(struct layout_lazy *ll)
{
	for (size_t i = 0; i < ll->n_parts; i++)
		layout_lazy_drop(ll, i);
	free(ll->parts);
	memset(ll, 0, sizeof *ll);
}

void
layout_lazy_set_opts(struct layout_lazy *ll, const struct layout_opts *opts)
{
	if (ll->opts.width == opts->width &&
	    ll->opts.show_leftovers == opts->show_leftovers &&
	    ll->opts.wrap_code == opts->wrap_code &&
	    ll->opts.title_lines == opts->title_lines &&
	    (ll->opts.date == opts->date || (ll->opts.date && opts->date &&
					     strcmp(ll->opts.date, opts->date) == 0)))
		return;
	ll->opts = *opts;
	for (size_t i = 0; i < ll->n_parts; i++) {
		layout_lazy_drop(ll, i);
		ll->parts[i].version = 0;
	}
	ll->generation++;
}

/* Drop the built part farthest from chunk i while too many are built. */
static void
layout_lazy_evict(struct layout_lazy *ll, size_t i)
{
	while (ll->n_built >= LAYOUT_LAZY_KEEP) {
		size_t far = i, dist = 0;
		for (size_t k = 0; k < ll->n_parts; k++) {
			size_t dk = k > i ? k - i : i - k;
			if (ll->parts[k].built && dk > dist) {
				far = k;
				dist = dk;
			}
		}
		if (far == i)
			return;
		layout_lazy_drop(ll, far);
	}
}

/* When the DONE blocks end with leftovers that chunk i ends with, parse
 * on until they end, so that its fold line counts all of them. */
static void
layout_lazy_leftovers(struct layout_lazy *ll, size_t i)
{
	struct doc *d = ll->d;

	while (!ll->opts.show_leftovers && d->n_done == i + 1 &&
	       d->n_blocks > 0 &&
	       (d->blocks[d->n_blocks - 1].flags & DOC_BLOCK_LEFTOVER) &&
	       doc_chunk_known(d, d->n_done)) {
		doc_parse_upto(d, d->n_done);
		i++;
	}
}

/* Lay out parsed chunk i into part p. */
static void
layout_lazy_build(struct layout_lazy *ll, size_t i, struct layout_part *p)
{
	struct doc *d = ll->d;
	struct layout_range r = { .header = i == 0, .off = d->chunks[i].start };
	struct doc view;

	if (d->chunks[i].state == DOC_CHUNK_DONE) {
		layout_lazy_leftovers(ll, i);
		r.first = d->chunks[i].first;
		if (r.first == 0)	/* as in the whole layout */
			r.off = d->body_off;
		r.end = r.first + d->chunks[i].n_blocks;
		layout_build_range(&p->lo, d, &ll->opts, &r);
	} else {
		doc_chunk_view(d, i, &view);
		r.end = view.n_blocks;
		r.unnumbered = true;
		layout_build_range(&p->lo, &view, &ll->opts, &r);
		for (size_t k = 0; k < p->lo.n; k++)	/* indices of the view */
			p->lo.lines[k].block = LAYOUT_NO_BLOCK;
	}
	if (p->version != 0 && p->version != d->chunks[i].version)
		ll->generation++;
	p->version = d->chunks[i].version;
	p->built = true;
	ll->n_built++;
	ll->builds++;
}

const struct layout *
layout_lazy_chunk(struct layout_lazy *ll, size_t i)
{
	struct doc *d = ll->d;

	doc_parse_chunk(d, i);
	if (i >= d->n_chunks)
		return NULL;
	if (i >= ll->n_parts) {
		size_t n = d->n_chunks;
		ll->parts = xreallocarray(ll->parts, n, sizeof *ll->parts);
		memset(ll->parts + ll->n_parts, 0,
		       (n - ll->n_parts) * sizeof *ll->parts);
		ll->n_parts = n;
	}
	struct layout_part *p = &ll->parts[i];
	if (p->built && p->version == d->chunks[i].version)
		return &p->lo;
	layout_lazy_drop(ll, i);
	layout_lazy_evict(ll, i);
	layout_lazy_build(ll, i, p);
	return &p->lo;
}

const struct layout_line *
layout_lazy_line(struct layout_lazy *ll, struct layout_pos p)
{
	const struct layout *lo = layout_lazy_chunk(ll, p.chunk);

	return lo != NULL && p.line < lo->n ? &lo->lines[p.line] : NULL;
}

/* Return the number of lines of chunk i, 0 when there is none. */
static size_t
layout_lazy_lines(struct layout_lazy *ll, size_t i)
{
	const struct layout *lo = layout_lazy_chunk(ll, i);

	return lo != NULL ? lo->n : 0;
}

/* Find the nearest chunk after *i (or before, when step < 0) that has
 * lines; return false, leaving *i alone, when there is none. */
static bool
layout_lazy_next(struct layout_lazy *ll, size_t *i, int step)
{
	for (size_t k = *i; step > 0 ? doc_chunk_known(ll->d, k + 1) : k > 0;) {
		k = step > 0 ? k + 1 : k - 1;
		if (layout_lazy_lines(ll, k) > 0) {
			*i = k;
			return true;
		}
	}
	return false;
}

struct layout_pos
layout_lazy_first(struct layout_lazy *ll)
{
	struct layout_pos p = { 0, 0 };

	if (layout_lazy_lines(ll, 0) == 0)
		layout_lazy_next(ll, &p.chunk, 1);
	return p;
}

struct layout_pos
layout_lazy_last(struct layout_lazy *ll)
{
	struct layout_pos p = { doc_chunk_count(ll->d) - 1, 0 };
	size_t n = layout_lazy_lines(ll, p.chunk);

	if (n == 0 && layout_lazy_next(ll, &p.chunk, -1))
		n = layout_lazy_lines(ll, p.chunk);
	p.line = n > 0 ? n - 1 : 0;
	return p;
}

struct layout_pos
layout_lazy_at(struct layout_lazy *ll, size_t off)
{
	struct layout_pos p = { doc_chunk_at(ll->d, off), 0 };
	const struct layout *lo = layout_lazy_chunk(ll, p.chunk);

	if (lo != NULL && lo->n > 0 && lo->lines[0].src_off <= off) {
		p.line = layout_row_for_off(lo, off);
		return p;
	}
	if (!layout_lazy_next(ll, &p.chunk, -1))
		return layout_lazy_first(ll);
	p.line = layout_lazy_lines(ll, p.chunk) - 1;
	return p;
}

long
layout_lazy_move(struct layout_lazy *ll, struct layout_pos *p, long n)
{
	size_t lines = layout_lazy_lines(ll, p->chunk);
	long moved = 0;

	if (lines > 0 && p->line >= lines)	/* its chunk was laid out again */
		p->line = lines - 1;

	while (n > 0) {
		long room = (long)layout_lazy_lines(ll, p->chunk) - 1 - (long)p->line;
		if (room >= n || !layout_lazy_next(ll, &p->chunk, 1)) {
			long k = room < n ? room : n;
			p->line += (size_t)k;
			return moved + k;
		}
		moved += room + 1;
		n -= room + 1;
		p->line = 0;
	}
	while (n < 0) {
		if ((long)p->line >= -n) {
			p->line -= (size_t)-n;
			return moved + n;
		}
		size_t c = p->chunk;
		if (!layout_lazy_next(ll, &c, -1)) {
			moved -= (long)p->line;
			p->line = 0;
			return moved;
		}
		moved -= (long)p->line + 1;
		n += (long)p->line + 1;
		p->chunk = c;
		p->line = layout_lazy_lines(ll, c) - 1;
	}
	return moved;
}

int
layout_pos_cmp(struct layout_pos a, struct layout_pos b)
{
	if (a.chunk != b.chunk)
		return a.chunk < b.chunk ? -1 : 1;
	return a.line < b.line ? -1 : a.line > b.line;
}
