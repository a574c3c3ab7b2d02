/* SPDX-License-Identifier: MIT */
/*
 * anchor.c: finding a highlight again after its file changed.
 *
 * anchor_find tries, in order: (1) the quote is still the rendered text
 * of the old range; (2) every occurrence of the quote, ranked by how much
 * of the saved context agrees (all, at least half of its bytes next to the
 * quote, less), nearest to the old start among equals: half, so that a
 * comma agreeing by chance cannot beat the nearest occurrence while an
 * edit next to the quote does not lose its own place; (3) the same with
 * white space ignored (a paragraph wrapped anew, spaces put between
 * Chinese and Latin); (4) the text between the inner halves of the saved
 * prefix and suffix, when not blank and between half and about twice the
 * quote's length (a word corrected inside it); (5) else the highlight is
 * detached, kept and listed, and placed again if the text comes back.
 * Occurrences are found in one pass (KMP) and at most 256 bytes of context
 * compared, so anchoring stays linear.
 */
/* memmem: a quote is looked for in megabytes of CJK text, where a scan
 * stopping at each occurrence of its first byte stops at every third
 * character. */
#define _GNU_SOURCE
#include "config.h"
#include "document/anchor.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "document/doc.h"
#include "base/xmem.h"

/* A quote edited in place is looked for between its saved prefix and
 * suffix only when they hold at least this many bytes together (fewer
 * would match by chance), and may have grown by this many bytes beyond
 * twice its length. */
#define ANCHOR_MIN_CONTEXT 12
#define ANCHOR_EDIT_SLACK 64

/* Context beyond this many bytes next to a quote is not compared: a
 * saved highlight has 32 characters on each side, an imported one may
 * have any amount, and each occurrence of the quote compares it. */
#define ANCHOR_MAX_CONTEXT 256

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

/* Build t from the blocks [first, last) of d. */
static void
anchor_text_build(struct anchor_text *t, const struct doc *d, size_t first,
		  size_t last)
{
	size_t cap = 0;

	buf_init(&t->text);
	buf_adds(&t->text, "");
	buf_init(&t->squeezed);
	t->squeeze_map = NULL;
	t->segs = NULL;
	t->n_segs = 0;
	t->src_len = d->src_len;
	for (size_t bi = first; bi < last; bi++) {
		const struct doc_block *b = &d->blocks[bi];
		/* A rule has no text: it adds no line of its own. */
		if (b->text_len == 0)
			continue;
		if (t->text.len > 0)
			buf_addc(&t->text, '\n');
		anchor_add_runs(t, b, t->text.len, &cap);
		buf_add(&t->text, b->text, b->text_len);
	}
	t->ordered = true;
	for (size_t i = 1; i < t->n_segs && t->ordered; i++)
		t->ordered = t->segs[i].src_off >=
			t->segs[i - 1].src_off + t->segs[i - 1].src_len;
}

void
anchor_text_init(struct anchor_text *t, const struct doc *d)
{
	assert(doc_is_complete(d));
	anchor_text_build(t, d, 0, d->n_blocks);
}

/* Return the index of the first block of d that ends after source offset
 * off (d->n_blocks when none does); blocks are in source order. */
static size_t
anchor_block_after(const struct doc *d, size_t off)
{
	size_t lo = 0, hi = d->n_blocks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->blocks[mid].src_end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A block's text is its own plus the line break joining it to the next,
 * so margin bytes of whole blocks hold at least margin / 4 characters. */
void
anchor_text_init_near(struct anchor_text *t, const struct doc *d,
		      size_t start, size_t end, size_t margin)
{
	size_t first = anchor_block_after(d, start);
	size_t last = anchor_block_after(d, end > start ? end - 1 : end);
	size_t got;

	assert(doc_is_complete(d));
	if (last < d->n_blocks)
		last++;
	for (got = 0; first > 0 && got < margin; first--)
		got += d->blocks[first - 1].text_len + 1;
	for (got = 0; last < d->n_blocks && got < margin; last++)
		got += d->blocks[last].text_len + 1;
	anchor_text_build(t, d, first, last);
}

void
anchor_text_fini(struct anchor_text *t)
{
	if (t == NULL)
		return;
	buf_fini(&t->text);
	buf_fini(&t->squeezed);
	free(t->squeeze_map);
	t->squeeze_map = NULL;
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

/* Return the index of the first segment that may hold source bytes from
 * off on: when the segments are in source order, the first whose range
 * (a run for no bytes counting as one byte) ends after off; else 0. */
static size_t
anchor_seg_from(const struct anchor_text *t, size_t off)
{
	size_t lo = 0, hi = t->n_segs;

	if (!t->ordered)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct anchor_seg *seg = &t->segs[mid];
		if (seg->src_off + (seg->src_len ? seg->src_len : 1) <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* In source order (the rule) the scan starts where the range does and
 * stops where it ends; otherwise every segment is looked at. */
bool
anchor_from_src(const struct anchor_text *t, size_t start, size_t end_src,
		size_t *off, size_t *end)
{
	bool found = false;
	size_t lo = 0, hi = 0;

	for (size_t i = anchor_seg_from(t, start); i < t->n_segs; i++) {
		const struct anchor_seg *seg = &t->segs[i];
		size_t a, b;
		if (t->ordered && seg->src_off >= end_src)
			break;
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

/* Widen [*start, *end_src) to hold the source of segments i..j for the
 * text [off, end) (parts of byte-for-byte ones, the whole range of the
 * others, the place of synthesized ones): when the segments are out of
 * source order, the first and the last are not the ends. */
static void
anchor_widen(const struct anchor_text *t, size_t i, size_t j, size_t off,
	     size_t end, size_t *start, size_t *end_src)
{
	for (size_t k = i; k <= j; k++) {
		const struct anchor_seg *seg = &t->segs[k];
		size_t a = seg->src_off, b = seg->src_off + seg->src_len;

		if (anchor_seg_exact(seg) && off > seg->text_off)
			a += off - seg->text_off;
		if (anchor_seg_exact(seg) && end < seg->text_off + seg->len)
			b = seg->src_off + (end - seg->text_off);
		if (a < *start)
			*start = a;
		if (b > *end_src)
			*end_src = b;
	}
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
	if (!t->ordered)
		anchor_widen(t, i, j, off, end, start, end_src);
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

bool
anchor_in_place(const struct anchor_text *t, const struct anchor_quote *q)
{
	size_t off, end, len = strlen(q->quote);

	/* A range past the end of a text that shrank can still map what is
	   left of it onto the same quote: it is not in place. */
	if (q->start >= q->end || q->end > t->src_len)
		return false;
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
	const char *p;

	if (from >= len)
		return len;
	p = memmem(s + from, len - from, q, qlen);
	return p != NULL ? (size_t)(p - s) : len;
}

/* Every occurrence of a string in a text, overlapping ones included,
 * in one pass (Knuth, Morris and Pratt): a quote that occurs at every
 * offset of a repetitive page costs its length once, not once for each
 * occurrence as a memmem from each one on did. */
struct anchor_finder {
	const char *q;
	size_t qlen;		/* > 0 */
	size_t *fail;		/* heap: fail[k], the longest proper border
				   of q[0..k] */
	size_t k;		/* bytes of q matched before pos */
	size_t pos;		/* the next byte of the text to read */
};

static void
anchor_finder_init(struct anchor_finder *f, const char *q, size_t qlen)
{
	assert(qlen > 0);
	f->q = q;
	f->qlen = qlen;
	f->fail = xreallocarray(NULL, qlen, sizeof *f->fail);
	f->fail[0] = 0;
	for (size_t i = 1, k = 0; i < qlen; i++) {
		while (k > 0 && q[i] != q[k])
			k = f->fail[k - 1];
		if (q[i] == q[k])
			k++;
		f->fail[i] = k;
	}
	f->k = 0;
	f->pos = 0;
}

static void
anchor_finder_fini(struct anchor_finder *f)
{
	free(f->fail);
	f->fail = NULL;
}

/* Return where the next occurrence in s[0..len) starts, or len. */
static size_t
anchor_finder_next(struct anchor_finder *f, const char *s, size_t len)
{
	while (f->pos < len) {
		if (f->k == 0) {	/* skip to a byte that can start it */
			const char *p = memchr(s + f->pos, f->q[0], len - f->pos);
			if (p == NULL)
				break;
			f->pos = (size_t)(p - s);
		}
		char c = s[f->pos++];
		while (f->k > 0 && c != f->q[f->k])
			f->k = f->fail[f->k - 1];
		if (c == f->q[f->k])
			f->k++;
		if (f->k == f->qlen) {
			f->k = f->fail[f->k - 1];
			return f->pos - f->qlen;
		}
	}
	f->pos = len;
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

/* Return how well the text s[0..len) around the occurrence [p, p + qlen)
 * agrees with q's saved prefix and suffix. A character or two agreeing
 * by chance (a comma) says nothing, hence the half. */
static enum anchor_rank
anchor_rank(const char *s, size_t len, const struct anchor_quote *q,
	    size_t p, size_t qlen)
{
	size_t plen = strlen(q->prefix), slen = strlen(q->suffix);
	size_t before = anchor_agree_before(s, p, q->prefix);
	size_t after = anchor_agree_after(s + p + qlen, len - p - qlen,
					  q->suffix);

	if (before == plen && after == slen)
		return ANCHOR_RANK_FULL;
	if (2 * (before + after) >= plen + slen)
		return ANCHOR_RANK_HALF;
	return ANCHOR_RANK_NONE;
}

/* Weigh the occurrence of q at offset p of s[0..len), which is t->text
 * or its squeezed form, against the best so far: better context first,
 * then nearer to the old start. */
static void
anchor_weigh_in(const struct anchor_text *t, const char *s, size_t len,
		const struct anchor_quote *q, size_t p, size_t qlen,
		struct anchor_best *best)
{
	enum anchor_rank rank = anchor_rank(s, len, q, p, qlen);
	size_t off = p, end = p + qlen, start, src_end, distance;

	if (s != t->text.data) {	/* squeezed: back to t->text */
		off = t->squeeze_map[p];
		end = t->squeeze_map[p + qlen - 1] + 1;
	}
	if (!anchor_to_src(t, off, end, &start, &src_end))
		return;
	distance = start > q->start ? start - q->start : q->start - start;
	if (best->found && (rank < best->rank ||
			    (rank == best->rank && distance >= best->distance)))
		return;
	*best = (struct anchor_best){
		.found = true, .rank = rank, .distance = distance,
		.start = start, .end = src_end,
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

/* Return how many bytes at the end of s[0..len) make up its last half,
 * starting on a character. */
static size_t
anchor_tail(const char *s, size_t len)
{
	size_t a = len / 2;

	while (a > 0 && !anchor_is_lead((unsigned char)s[a]))
		a--;
	return len - a;
}

/* Return how many bytes at the start of s[0..len) make up its first
 * half, ending on a character. */
static size_t
anchor_head(const char *s, size_t len)
{
	size_t b = (len + 1) / 2;

	while (b < len && !anchor_is_lead((unsigned char)s[b]))
		b++;
	return b;
}

/* Look for the passage between the halves of its saved prefix and suffix
 * next to it, the quote between them edited; keep the candidate nearest
 * to the old start in *best. Halves, so that an edit in the outer part of
 * the context (a paragraph added just before) does not lose it. */
static void
anchor_bracket(const struct anchor_text *t, const struct anchor_quote *q,
	       struct anchor_best *best)
{
	const char *s = buf_str(&t->text);
	size_t plen = strlen(q->prefix), slen = strlen(q->suffix);
	size_t qlen = strlen(q->quote), len = t->text.len;
	size_t tail = anchor_tail(q->prefix, plen);
	size_t head = anchor_head(q->suffix, slen);
	const char *pre = q->prefix + plen - tail;

	if (tail == 0 || head == 0 || tail + head < ANCHOR_MIN_CONTEXT)
		return;
	struct anchor_finder fp, fs;
	size_t e = 0;
	bool e_read = false;

	anchor_finder_init(&fp, pre, tail);
	anchor_finder_init(&fs, q->suffix, head);
	for (size_t p; (p = anchor_finder_next(&fp, s, len)) < len;) {
		size_t g = p + tail, start, end, distance;
		while (!e_read || (e < g && e < len)) {	/* the first at or after g */
			e = anchor_finder_next(&fs, s, len);
			e_read = true;
		}
		if (e == len)
			break;
		if (!anchor_gap_fits(s + g, e - g, qlen) ||
		    !anchor_to_src(t, g, e, &start, &end))
			continue;
		distance = start > q->start ? start - q->start
			: q->start - start;
		if (best->found && distance >= best->distance)
			continue;
		*best = (struct anchor_best){ .found = true,
			.distance = distance, .start = start, .end = end };
	}
	anchor_finder_fini(&fp);
	anchor_finder_fini(&fs);
}

/* Return whether c is white space as the rendered text has it. */
static bool
anchor_is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t';
}

/* Append s without its white space to out. */
static void
anchor_squeeze(const char *s, struct buf *out)
{
	for (; *s != '\0'; s++)
		if (!anchor_is_space(*s))
			buf_addc(out, *s);
}

/* Build t's text without white space, and the map from each of its
 * bytes to the byte of t->text it is, once per text. */
static void
anchor_squeezed(struct anchor_text *t)
{
	size_t n = 0;

	if (t->squeezed.data != NULL)
		return;
	buf_reserve(&t->squeezed, t->text.len);
	t->squeeze_map = xreallocarray(NULL, t->text.len + 1,
				       sizeof *t->squeeze_map);
	for (size_t i = 0; i < t->text.len; i++) {
		if (anchor_is_space(t->text.data[i]))
			continue;
		t->squeeze_map[n++] = (uint32_t)i;
		buf_addc(&t->squeezed, t->text.data[i]);
	}
	buf_adds(&t->squeezed, "");
}

/* Look for the quote with its white space ignored (a paragraph wrapped
 * differently turns a line end between two words into a space, or into
 * nothing between CJK characters); rank the occurrences by context, as
 * anchor_weigh_in does, in the squeezed text. */
static void
anchor_squeezed_find(struct anchor_text *t, const struct anchor_quote *q,
		     struct anchor_best *best)
{
	struct buf sq, sp, ss;
	struct anchor_quote squeezed;

	buf_init(&sq);
	buf_init(&sp);
	buf_init(&ss);
	buf_adds(&sp, "");
	buf_adds(&ss, "");
	anchor_squeeze(q->quote, &sq);
	anchor_squeeze(q->prefix, &sp);
	anchor_squeeze(q->suffix, &ss);
	squeezed = (struct anchor_quote){ .quote = sq.data, .prefix = sp.data,
		.suffix = ss.data, .start = q->start, .end = q->end };
	if (sq.len > 0) {
		struct anchor_finder f;
		anchor_squeezed(t);
		anchor_finder_init(&f, sq.data, sq.len);
		for (size_t p; (p = anchor_finder_next(&f, t->squeezed.data,
						       t->squeezed.len)) <
			       t->squeezed.len;)
			anchor_weigh_in(t, t->squeezed.data, t->squeezed.len,
					&squeezed, p, sq.len, best);
		anchor_finder_fini(&f);
	}
	buf_fini(&sq);
	buf_fini(&sp);
	buf_fini(&ss);
}

/* Keep in *out at most ANCHOR_MAX_CONTEXT bytes of q's context next to
 * the quote, whole characters (the suffix copied into *suffix). */
static void
anchor_trim_context(const struct anchor_quote *q, struct anchor_quote *out,
		    struct buf *suffix)
{
	size_t plen = strlen(q->prefix), slen = strlen(q->suffix);

	*out = *q;
	if (plen > ANCHOR_MAX_CONTEXT) {
		size_t a = plen - ANCHOR_MAX_CONTEXT;
		while (a < plen && !anchor_is_lead((unsigned char)q->prefix[a]))
			a++;
		out->prefix = q->prefix + a;
	}
	if (slen > ANCHOR_MAX_CONTEXT) {
		size_t b = ANCHOR_MAX_CONTEXT;
		while (b > 0 && !anchor_is_lead((unsigned char)q->suffix[b]))
			b--;
		buf_add(suffix, q->suffix, b);
		out->suffix = buf_str(suffix);
	}
}

/* anchor_find with q's context at most ANCHOR_MAX_CONTEXT bytes. */
static enum anchor_how
anchor_find_trimmed(struct anchor_text *t, const struct anchor_quote *q,
		    size_t *start, size_t *end)
{
	size_t qlen = strlen(q->quote);
	struct anchor_best best = { .found = false };
	const char *s = buf_str(&t->text);
	struct anchor_finder f;

	assert(qlen > 0);
	if (anchor_in_place(t, q)) {
		*start = q->start;
		*end = q->end;
		return ANCHOR_IN_PLACE;
	}
	anchor_finder_init(&f, q->quote, qlen);
	for (size_t p; (p = anchor_finder_next(&f, s, t->text.len)) < t->text.len;)
		anchor_weigh_in(t, s, t->text.len, q, p, qlen, &best);
	anchor_finder_fini(&f);
	if (best.found) {
		*start = best.start;
		*end = best.end;
		return best.rank > ANCHOR_RANK_NONE ? ANCHOR_CONTEXT
			: ANCHOR_QUOTE;
	}
	anchor_squeezed_find(t, q, &best);
	if (!best.found)
		anchor_bracket(t, q, &best);
	if (!best.found)
		return ANCHOR_LOST;
	*start = best.start;
	*end = best.end;
	return ANCHOR_EDITED;
}

enum anchor_how
anchor_find(struct anchor_text *t, const struct anchor_quote *q,
	    size_t *start, size_t *end)
{
	struct anchor_quote trimmed;
	struct buf suffix;
	enum anchor_how how;

	buf_init(&suffix);
	anchor_trim_context(q, &trimmed, &suffix);
	how = anchor_find_trimmed(t, &trimmed, start, end);
	buf_fini(&suffix);
	return how;
}
