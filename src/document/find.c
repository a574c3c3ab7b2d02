/* SPDX-License-Identifier: MIT */
/*
 * find.c: search in one article.
 *
 * The rendered blocks are folded (fold.h) and searched, so hits cross
 * inline markup and line wraps and come back as source ranges. Search
 * matches the text as displayed, link numbers (text[3]) included; blocks
 * the reader hides (header repeats, folded leftovers) are not searched.
 */
#include "config.h"
#include "document/find.h"

#include <assert.h>
#include <string.h>
#include <stdlib.h>

#include "base/buf.h"
#include "document/doc.h"
#include "text/fold.h"
#include "base/xmem.h"

/* What one search carries from block to block. */
struct find_state {
	const struct doc *d;
	const char *query;	/* folded, not empty */
	size_t query_len;
	struct fold fold;	/* the current block, folded */
	struct find_hits *out;
};

void
find_hits_init(struct find_hits *h)
{
	h->hits = NULL;
	h->n = 0;
	h->cap = 0;
}

void
find_hits_fini(struct find_hits *h)
{
	if (h == NULL)
		return;
	free(h->hits);
	find_hits_init(h);
}

/* Append hit to h. */
static void
find_hits_push(struct find_hits *h, const struct find_hit *hit)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->hits = xreallocarray(h->hits, h->cap, sizeof *h->hits);
	}
	h->hits[h->n++] = *hit;
}

/* Return the index of the run of b that holds the text byte t
 * (t < b->text_len); runs cover the text in order without gaps. */
static size_t
find_run_at(const struct doc_block *b, size_t t)
{
	size_t lo = 0, hi = b->n_runs;

	assert(b->n_runs > 0);
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->runs[mid].text_off <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Return the source offset where the text byte t of run r starts (its
 * whole source range's start when r does not map one to one). */
static size_t
find_run_src_start(const struct doc_run *r, size_t t)
{
	if (r->src_len == r->len)
		return r->src_off + (t - r->text_off);
	return r->src_off;
}

/* Return the source offset where the text byte t of run r ends (its whole
 * source range's end when r does not map one to one). */
static size_t
find_run_src_end(const struct doc_run *r, size_t t)
{
	if (r->src_len == r->len)
		return r->src_off + (t - r->text_off) + 1;
	return r->src_off + r->src_len;
}

void
find_text_to_src(const struct doc_block *b, size_t text_off,
		 size_t text_end, size_t *src_off, size_t *src_end)
{
	assert(text_off < text_end && text_end <= b->text_len);
	const struct doc_run *first = &b->runs[find_run_at(b, text_off)];
	const struct doc_run *last = &b->runs[find_run_at(b, text_end - 1)];

	*src_off = find_run_src_start(first, text_off);
	*src_end = find_run_src_end(last, text_end - 1);
	if (*src_end < *src_off)	/* both ends in one synthesized run */
		*src_end = *src_off;
}

/* Return the offset of the first occurrence of q[0..qlen) in s[from..len),
 * or len when there is none. */
static size_t
find_bytes(const char *s, size_t len, size_t from, const char *q,
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

/* Record the hit at folded bytes [i, j) of block number bi; return the
 * folded offset where the search for the next hit resumes. */
static size_t
find_record(struct find_state *st, size_t bi, size_t i, size_t j)
{
	const struct doc_block *b = &st->d->blocks[bi];
	struct find_hit hit = { .block = bi };
	size_t next = fold_map(&st->fold, i, j, &hit.text_off, &hit.text_end);

	find_text_to_src(b, hit.text_off, hit.text_end, &hit.src_off,
			 &hit.src_end);
	find_hits_push(st->out, &hit);
	return next;
}

/* Search block number bi and append its hits. */
static void
find_in_block(struct find_state *st, size_t bi)
{
	const struct doc_block *b = &st->d->blocks[bi];
	const struct fold *f = &st->fold;

	if (b->text_len == 0 || b->n_runs == 0)
		return;
	fold_text(b->text, b->text_len, &st->fold);
	for (size_t i = 0;;) {
		i = find_bytes(f->text, f->len, i, st->query, st->query_len);
		if (i == f->len)
			break;
		i = find_record(st, bi, i, i + st->query_len);
	}
}

size_t
find_in_doc(const struct doc *d, const char *s, size_t len,
	    struct find_hits *out)
{
	struct buf query;
	struct find_state st = { .d = d, .out = out };

	out->n = 0;
	buf_init(&query);
	fold_query(s, len, &query);
	if (query.len > 0) {
		st.query = query.data;
		st.query_len = query.len;
		fold_init(&st.fold);
		for (size_t bi = 0; bi < d->n_blocks; bi++)
			find_in_block(&st, bi);
		fold_fini(&st.fold);
	}
	buf_fini(&query);
	return out->n;
}

size_t
find_hits_after(const struct find_hits *h, size_t off)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->hits[mid].src_off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
