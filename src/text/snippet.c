/* SPDX-License-Identifier: MIT */
/*
 * snippet.c: cutting a result's snippet from the indexed text (snippet.h).
 *
 * Not FTS5's snippet(): it tokenizes each hit's text again (long for a
 * megabyte article) and, asked for given rows, evaluates the whole query
 * again. Here the text, read by rowid, is folded and each term found as
 * the index would match it; the window starts at most a quarter of its
 * width before the first match, not before its line. Marks may differ from
 * the index's matches at the edges (a term the index finds across a
 * separator is marked only where it occurs as typed).
 */
#define _GNU_SOURCE	/* memmem */
#include "config.h"
#include "text/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "text/search.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* "…", written where the text was cut. */
#define SNIPPET_ELLIPSIS "\xe2\x80\xa6"

/* A match: a range of the source text. */
struct snippet_range {
	size_t off;
	size_t end;
};

/* The matches inside a window, to be sorted. */
struct snippet_ranges {
	struct snippet_range *v;
	size_t n;
	size_t cap;
};

/* The first and last tokens of a term, as search_tokens finds them. */
struct snippet_span {
	size_t start;
	size_t end;
	bool any;
};

/* search_token_fn: widen the span at ctx to the token. */
static int
snippet_span_token(void *ctx, const char *tok, size_t len, size_t start,
		   size_t end)
{
	struct snippet_span *sp = ctx;

	(void)tok;
	(void)len;
	if (!sp->any)
		sp->start = start;
	sp->end = end;
	sp->any = true;
	return 0;
}

void
snippet_query_init(struct snippet_query *q, const char *text)
{
	const char *t;
	size_t i = 0, j, n;

	buf_init(&q->terms);
	q->n = 0;
	fold_init(&q->fold);
	fold_text(text, strlen(text), &q->fold);
	t = q->fold.text;
	n = q->fold.len;
	while (i < n) {
		for (; i < n && fold_is_blank(t[i]); i++)
			;
		for (j = i; j < n && !fold_is_blank(t[j]); j++)
			;
		struct snippet_span sp = { .any = false };
		search_tokens(t + i, j - i, snippet_span_token, &sp);
		if (sp.any) {
			buf_add(&q->terms, t + i + sp.start, sp.end - sp.start);
			buf_addc(&q->terms, '\0');
			q->n++;
		}
		i = j;
	}
}

void
snippet_query_fini(struct snippet_query *q)
{
	buf_fini(&q->terms);
	fold_fini(&q->fold);
}

/* Return the folded offset of the first match of term (tlen bytes) in
 * the folded text f at or after from and before to, or to when there is
 * none. */
static size_t
snippet_find(const struct fold *f, const char *term, size_t tlen,
	     size_t from, size_t to)
{
	const char *p;

	while (from < to && to - from >= tlen &&
	       (p = memmem(f->text + from, to - from, term, tlen)) != NULL) {
		size_t at = (size_t)(p - f->text);
		if (!search_inside_word(f->text, f->len, at))
			return at;
		from = at + 1;
	}
	return to;
}

/* Return the source offset where the first match of any of q's terms in
 * the folded text starts, or SIZE_MAX when none occurs. */
static size_t
snippet_first(const struct snippet_query *q)
{
	const struct fold *f = &q->fold;
	size_t best = f->len;
	const char *term = q->terms.data;

	for (size_t k = 0; k < q->n; k++) {
		size_t tlen = strlen(term);
		size_t at = snippet_find(f, term, tlen, 0, best);
		if (at < best)
			best = at;
		term += tlen + 1;
	}
	return best < f->len ? f->map[best] : SIZE_MAX;
}

/* Return where the window starts: at most lead columns before the source
 * offset hit, not before the line hit is on. */
static size_t
snippet_start(const char *text, size_t hit, int lead)
{
	size_t start = hit;
	int w = 0;

	while (start > 0) {
		size_t cl = utf8_cluster_len_before(text, start);
		int cw = utf8_cluster_width(text + start - cl, cl);
		/* CR LF is one cluster whose first byte is CR. */
		if (memchr(text + start - cl, '\n', cl) != NULL ||
		    memchr(text + start - cl, '\r', cl) != NULL || w + cw > lead)
			break;
		w += cw;
		start -= cl;
	}
	return start;
}

/* Return the first folded offset whose source offset is at least off. */
static size_t
snippet_folded_at(const struct fold *f, size_t off)
{
	size_t lo = 0, hi = f->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->map[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
snippet_cmp_range(const void *a, const void *b)
{
	const struct snippet_range *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;	/* longer first */
}

/* Collect in r every match of q's terms lying wholly inside the source
 * range [start, end), sorted by where they start. */
static void
snippet_matches(const struct snippet_query *q, size_t start, size_t end,
		struct snippet_ranges *r)
{
	const struct fold *f = &q->fold;
	size_t fs = snippet_folded_at(f, start), fe = snippet_folded_at(f, end);
	const char *term = q->terms.data;

	for (size_t k = 0; k < q->n; k++) {
		size_t tlen = strlen(term), at = fs, off, oend;
		while ((at = snippet_find(f, term, tlen, at, fe)) < fe) {
			if (at + tlen > fe)
				break;
			at = fold_map(f, at, at + tlen, &off, &oend);
			if (oend > end)
				break;
			if (r->n == r->cap) {
				r->cap = r->cap ? 2 * r->cap : 8;
				r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
			}
			r->v[r->n++] = (struct snippet_range){ off, oend };
		}
		term += tlen + 1;
	}
	if (r->n > 1)
		qsort(r->v, r->n, sizeof *r->v, snippet_cmp_range);
}

/* Append text[start..end) to out with the matches in r marked (a match
 * overlapping an earlier one is left out). */
static void
snippet_emit(const char *text, size_t start, size_t end,
	     const struct snippet_ranges *r, const struct snippet_marks *m,
	     struct buf *out)
{
	size_t at = start;

	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].off < at)
			continue;
		buf_add(out, text + at, r->v[i].off - at);
		buf_adds(out, m->open);
		buf_add(out, text + r->v[i].off, r->v[i].end - r->v[i].off);
		buf_adds(out, m->close);
		at = r->v[i].end;
	}
	buf_add(out, text + at, end - at);
}

/* Return the source offset in text[0..len) where the first match of any
 * of q's terms starts, or SIZE_MAX; store in *line where its line
 * starts. A term holds no white space, so no match spans a line break:
 * lines are folded one at a time until one matches, and a match early
 * in a long article costs only the lines before it. */
static size_t
snippet_first_in(struct snippet_query *q, const char *text, size_t len,
		 size_t *line)
{
	size_t ls = 0;

	while (ls < len) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl != NULL ? (size_t)(nl - text) : len;
		fold_text(text + ls, le - ls, &q->fold);
		size_t at = snippet_first(q);
		if (at != SIZE_MAX) {
			*line = ls;
			return ls + at;
		}
		ls = le + 1;
	}
	return SIZE_MAX;
}

bool
snippet_occurs(struct snippet_query *q, const char *text, size_t len)
{
	size_t line;

	return q->n > 0 && snippet_first_in(q, text, len, &line) != SIZE_MAX;
}

bool
snippet_make(struct snippet_query *q, const char *text, size_t len,
	     int cols, const struct snippet_marks *marks, struct buf *out)
{
	struct snippet_ranges r = { .v = NULL };
	size_t hit, line = 0, start, end;
	int budget, w;

	if (q->n == 0)
		return false;
	if (cols < 8)
		cols = 8;
	hit = snippet_first_in(q, text, len, &line);
	if (hit == SIZE_MAX)
		return false;
	start = snippet_start(text, hit, cols / 4);	/* on hit's line */
	budget = cols - (start > 0);
	end = start + utf8_fit(text + start, len - start, budget, &w);
	if (end < len)	/* cut at the end too: room for "…" */
		end = start + utf8_fit(text + start, len - start, budget - 1,
				       &w);
	/* Fold from the line's start, so that a match at the window's
	 * first character still has what precedes it (word starts). */
	fold_text(text + line, end - line, &q->fold);
	snippet_matches(q, start - line, end - line, &r);
	if (start > 0)
		buf_adds(out, SNIPPET_ELLIPSIS);
	snippet_emit(text + line, start - line, end - line, &r, marks, out);
	if (end < len)
		buf_adds(out, SNIPPET_ELLIPSIS);
	free(r.v);
	return true;
}
