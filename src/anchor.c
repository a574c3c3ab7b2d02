/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "anchor.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "xmem.h"

/* A quote edited in place is looked for between its saved prefix and
 * suffix only when they hold at least this many bytes together (fewer
 * would match by chance), and may have grown by this many bytes beyond
 * twice its length. */
#define ANCHOR_MIN_CONTEXT 12
#define ANCHOR_EDIT_SLACK 64

/* Append the runs of block b, whose text starts at text offset base in
 * t->text, to t->segs (capacity *cap). */
static void
anchor_add_runs(struct anchor_text *t, const struct doc_block *b,
		size_t base, size_t *cap)
{
	for (size_t i = 0; i < b->n_runs; i++) {
		const struct doc_run *r = &b->runs[i];
		if (r->len == 0)
			continue;
		if (t->n_segs == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			t->segs = xreallocarray(t->segs, *cap, sizeof *t->segs);
		}
		t->segs[t->n_segs++] = (struct anchor_seg){
			.text_off = base + r->text_off, .len = r->len,
			.src_off = r->src_off, .src_len = r->src_len,
		};
	}
}

void
anchor_text_init(struct anchor_text *t, const struct doc *d)
{
	size_t cap = 0;

	assert(doc_is_complete(d));
	buf_init(&t->text);
	t->segs = NULL;
	t->n_segs = 0;
	for (size_t bi = 0; bi < d->n_blocks; bi++) {
		const struct doc_block *b = &d->blocks[bi];
		/* A rule has no text: it adds no line of its own. */
		if (b->text_len == 0)
			continue;
		if (t->text.len > 0)
			buf_addc(&t->text, '\n');
		anchor_add_runs(t, b, t->text.len, &cap);
		buf_add(&t->text, b->text, b->text_len);
	}
}

void
anchor_text_fini(struct anchor_text *t)
{
	if (t == NULL)
		return;
	buf_fini(&t->text);
	free(t->segs);
	t->segs = NULL;
	t->n_segs = 0;
}

/* Return whether seg maps its text onto the source byte for byte. */
static bool
anchor_seg_exact(const struct anchor_seg *seg)
{
	return seg->src_len == seg->len;
}

/* Store in [*a, *b) the bytes of seg (relative to its text) that come
 * from inside the source range [start, end); return false when none do.
 * A run that does not map byte for byte is inside as a whole when its
 * source range meets [start, end); one standing for no source bytes (a
 * joined soft break) counts as the one byte at its offset. */
static bool
anchor_seg_inside(const struct anchor_seg *seg, size_t start, size_t end,
		  size_t *a, size_t *b)
{
	size_t seg_end;

	if (anchor_seg_exact(seg)) {
		seg_end = seg->src_off + seg->len;
		if (seg_end <= start || seg->src_off >= end)
			return false;
		*a = start > seg->src_off ? start - seg->src_off : 0;
		*b = (end < seg_end ? end : seg_end) - seg->src_off;
		return true;
	}
	seg_end = seg->src_off + (seg->src_len > 0 ? seg->src_len : 1);
	if (seg_end <= start || seg->src_off >= end)
		return false;
	*a = 0;
	*b = seg->len;
	return true;
}

/* Runs are in text order, and nearly always in source order too, but a
 * synthesized run (a link number) may stand at an earlier offset: so the
 * whole list is scanned, which costs one pass per call. */
bool
anchor_from_src(const struct anchor_text *t, size_t start, size_t end_src,
		size_t *off, size_t *end)
{
	bool found = false;
	size_t lo = 0, hi = 0;

	for (size_t i = 0; i < t->n_segs; i++) {
		const struct anchor_seg *seg = &t->segs[i];
		size_t a, b;
		if (!anchor_seg_inside(seg, start, end_src, &a, &b))
			continue;
		if (!found)
			lo = seg->text_off + a;
		hi = seg->text_off + b;
		found = true;
	}
	if (found) {
		*off = lo;
		*end = hi;
	}
	return found;
}

/* Return the index of the first segment that ends after text offset off
 * (t->n_segs when none does). */
static size_t
anchor_seg_after(const struct anchor_text *t, size_t off)
{
	size_t lo = 0, hi = t->n_segs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->segs[mid].text_off + t->segs[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
anchor_to_src(const struct anchor_text *t, size_t off, size_t end,
	      size_t *start, size_t *end_src)
{
	size_t i = anchor_seg_after(t, off), j;
	const struct anchor_seg *first, *last;

	if (i == t->n_segs || t->segs[i].text_off >= end)
		return false;
	j = anchor_seg_after(t, end - 1);
	if (j == t->n_segs || t->segs[j].text_off >= end)
		j--;	/* end - 1 is a block separator */
	first = &t->segs[i];
	last = &t->segs[j];
	*start = first->src_off;
	if (anchor_seg_exact(first) && off > first->text_off)
		*start += off - first->text_off;
	if (anchor_seg_exact(last) && end < last->text_off + last->len)
		*end_src = last->src_off + (end - last->text_off);
	else
		*end_src = last->src_off + last->src_len;
	if (*end_src < *start)	/* a synthesized run at either end */
		*end_src = *start;
	return true;
}

/* Return whether byte c starts a UTF-8 sequence. */
static bool
anchor_is_lead(unsigned char c)
{
	return (c & 0xc0) != 0x80;
}

void
anchor_context(const struct anchor_text *t, size_t off, size_t end,
	       size_t n_chars, struct buf *prefix, struct buf *suffix)
{
	const char *s = buf_str(&t->text);
	size_t a = off, b = end, n;

	for (n = 0; a > 0 && n < n_chars; n++)
		while (a > 0 && !anchor_is_lead((unsigned char)s[--a]))
			;
	for (n = 0; b < t->text.len && n < n_chars; n++)
		while (++b < t->text.len && !anchor_is_lead((unsigned char)s[b]))
			;
	if (prefix != NULL) {
		buf_clear(prefix);
		buf_add(prefix, s + a, off - a);
	}
	if (suffix != NULL) {
		buf_clear(suffix);
		buf_add(suffix, s + end, b - end);
	}
}

/* Return whether the quote is still exactly at its old source range. */
static bool
anchor_in_place(const struct anchor_text *t, const struct anchor_quote *q)
{
	size_t off, end, len = strlen(q->quote);

	return anchor_from_src(t, q->start, q->end, &off, &end) &&
	       end - off == len && memcmp(t->text.data + off, q->quote, len) == 0;
}

/* Return how many bytes at the end of s[0..n) agree with the end of
 * prefix. */
static size_t
anchor_agree_before(const char *s, size_t n, const char *prefix)
{
	size_t plen = strlen(prefix), k = 0;

	while (k < plen && k < n && s[n - 1 - k] == prefix[plen - 1 - k])
		k++;
	return k;
}

/* Return how many bytes at the start of s[0..n) agree with the start of
 * suffix. */
static size_t
anchor_agree_after(const char *s, size_t n, const char *suffix)
{
	size_t k = 0;

	while (suffix[k] != '\0' && k < n && s[k] == suffix[k])
		k++;
	return k;
}

size_t
anchor_search(const char *s, size_t len, size_t from, const char *q,
	      size_t qlen)
{
	while (from + qlen <= len) {
		const char *p = memchr(s + from, q[0], len - qlen + 1 - from);
		if (p == NULL)
			break;
		from = (size_t)(p - s);
		if (memcmp(p + 1, q + 1, qlen - 1) == 0)
			return from;
		from++;
	}
	return len;
}

/* How well the context of an occurrence agrees with the saved one. */
enum anchor_rank {
	ANCHOR_RANK_NONE,	/* less than half of it */
	ANCHOR_RANK_HALF,	/* at least half of its bytes */
	ANCHOR_RANK_FULL,	/* all of it */
};

/* The best occurrence so far. */
struct anchor_best {
	bool found;
	enum anchor_rank rank;
	size_t distance;	/* bytes from the old start */
	size_t start, end;	/* its source range */
};

/* Return how well the text around t's occurrence [p, p + qlen) agrees
 * with q's saved prefix and suffix. A character or two agreeing by
 * chance (a comma) says nothing, hence the half. */
static enum anchor_rank
anchor_rank(const struct anchor_text *t, const struct anchor_quote *q,
	    size_t p, size_t qlen)
{
	const char *s = t->text.data;
	size_t plen = strlen(q->prefix), slen = strlen(q->suffix);
	size_t before = anchor_agree_before(s, p, q->prefix);
	size_t after = anchor_agree_after(s + p + qlen,
					  t->text.len - p - qlen, q->suffix);

	if (before == plen && after == slen)
		return ANCHOR_RANK_FULL;
	if (2 * (before + after) >= plen + slen)
		return ANCHOR_RANK_HALF;
	return ANCHOR_RANK_NONE;
}

/* Weigh the occurrence of q at text offset p against the best so far:
 * better context first, then nearer to the old start. */
static void
anchor_weigh(const struct anchor_text *t, const struct anchor_quote *q,
	     size_t p, size_t qlen, struct anchor_best *best)
{
	enum anchor_rank rank = anchor_rank(t, q, p, qlen);
	size_t start, end, distance;

	if (!anchor_to_src(t, p, p + qlen, &start, &end))
		return;
	distance = start > q->start ? start - q->start : q->start - start;
	if (best->found && (rank < best->rank ||
			    (rank == best->rank && distance >= best->distance)))
		return;
	*best = (struct anchor_best){
		.found = true, .rank = rank, .distance = distance,
		.start = start, .end = end,
	};
}

/* Return whether s[0..len) holds something other than white space. */
static bool
anchor_has_text(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
			return true;
	return false;
}

/* Return whether a gap of gap bytes between the saved prefix and suffix
 * can be an edited form of a quote of qlen bytes: not blank, at least
 * half as long and at most about twice as long. */
static bool
anchor_gap_fits(const char *s, size_t gap, size_t qlen)
{
	return gap * 2 >= qlen && gap <= 2 * qlen + ANCHOR_EDIT_SLACK &&
	       anchor_has_text(s, gap);
}

/* Look for the passage between its whole saved prefix and suffix, the
 * quote between them edited; keep the candidate nearest to the old
 * start in *best. */
static void
anchor_bracket(const struct anchor_text *t, const struct anchor_quote *q,
	       struct anchor_best *best)
{
	const char *s = buf_str(&t->text);
	size_t plen = strlen(q->prefix), slen = strlen(q->suffix);
	size_t qlen = strlen(q->quote), len = t->text.len;

	if (plen == 0 || slen == 0 || plen + slen < ANCHOR_MIN_CONTEXT)
		return;
	for (size_t p = 0; (p = anchor_search(s, len, p, q->prefix, plen)) < len;
	     p++) {
		size_t g = p + plen;
		size_t e = anchor_search(s, len, g, q->suffix, slen);
		size_t start, end, distance;
		if (e == len || !anchor_gap_fits(s + g, e - g, qlen) ||
		    !anchor_to_src(t, g, e, &start, &end))
			continue;
		distance = start > q->start ? start - q->start
			: q->start - start;
		if (best->found && distance >= best->distance)
			continue;
		*best = (struct anchor_best){ .found = true,
			.distance = distance, .start = start, .end = end };
	}
}

enum anchor_how
anchor_find(const struct anchor_text *t, const struct anchor_quote *q,
	    size_t *start, size_t *end)
{
	size_t qlen = strlen(q->quote);
	struct anchor_best best = { .found = false };
	const char *s = buf_str(&t->text);

	assert(qlen > 0);
	if (anchor_in_place(t, q)) {
		*start = q->start;
		*end = q->end;
		return ANCHOR_IN_PLACE;
	}
	for (size_t p = 0; (p = anchor_search(s, t->text.len, p, q->quote,
					      qlen)) < t->text.len; p++)
		anchor_weigh(t, q, p, qlen, &best);
	if (best.found) {
		*start = best.start;
		*end = best.end;
		return best.rank > ANCHOR_RANK_NONE ? ANCHOR_CONTEXT
			: ANCHOR_QUOTE;
	}
	anchor_bracket(t, q, &best);
	if (!best.found)
		return ANCHOR_LOST;
	*start = best.start;
	*end = best.end;
	return ANCHOR_EDITED;
}
