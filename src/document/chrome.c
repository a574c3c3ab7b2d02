/* SPDX-License-Identifier: MIT */
/*
 * chrome.c: a site's navigation by features, and learned chrome.
 *
 * Learned chrome is stored as one blob of hashes per article and counted
 * per site once per indexing run (store_chrome_rebuild), not by triggers
 * per article: triggers cost about 20% more indexing CPU, the blob and one
 * count under 5% (bench/README.md, "Learned chrome"). Digits and link
 * numbers are left out of a block's hash so that a footer with a date
 * still matches.
 */
#include "config.h"
#include "document/chrome.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "document/doc.h"
#include "text/utf8.h"

void
chrome_url_host(const char *url, const char **host, size_t *len)
{
	const char *p = strstr(url, "://");

	p = p != NULL ? p + 3 : (strncmp(url, "//", 2) == 0 ? url + 2 : url);
	size_t n = strcspn(p, "/?#");
	const char *at = memchr(p, '@', n);
	if (at != NULL) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	const char *colon = memchr(p, ':', n);
	*host = p;
	*len = colon != NULL ? (size_t)(colon - p) : n;
}

/* A block's shallow features. */
struct chrome_feat {
	int width;		/* columns of its text */
	int own_links;		/* columns of links to the article's host */
	int other_links;	/* columns of links elsewhere */
	bool ends_sentence;	/* its text ends with . ! ? 。！？ etc. */
};

/* Return true when url's host is host[0..len) or a subdomain of it, or
 * the url is relative (a site's own page). */
static bool
chrome_own_url(const char *url, const char *host, size_t len)
{
	const char *h;
	size_t n;

	if (url[0] == '/' || url[0] == '#' || strstr(url, "://") == NULL)
		return url[0] != '\0' && strncmp(url, "mailto:", 7) != 0;
	chrome_url_host(url, &h, &n);
	return len > 0 && n >= len && strncasecmp(h + n - len, host, len) == 0 &&
	       (n == len || h[n - len - 1] == '.');
}

/* Return true when text[0..len) ends with sentence punctuation. */
static bool
chrome_ends_sentence(const char *text, size_t len)
{
	static const char *const enders[] = {
		".", "!", "?", ":", "。", "！", "？", "：", "…", "\"", "”", "」",
	};

	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
		len--;
	for (size_t i = 0; i < sizeof enders / sizeof *enders; i++) {
		size_t k = strlen(enders[i]);
		if (len >= k && memcmp(text + len - k, enders[i], k) == 0)
			return true;
	}
	return false;
}

/* Measure b's features; host[0..len) is the article's host. */
static void
chrome_measure(const struct doc *d, const struct doc_block *b,
	       const char *host, size_t len, struct chrome_feat *f)
{
	*f = (struct chrome_feat){ .width = 0 };
	for (size_t i = 0; i < b->n_runs; i++) {
		const struct doc_run *r = &b->runs[i];
		int w = utf8_width(b->text + r->text_off, r->len);
		f->width += w;
		if (!(r->style & DOC_STYLE_LINK) || r->link < 0 ||
		    (size_t)r->link >= d->n_links)
			continue;
		if (chrome_own_url(d->links[r->link].url, host, len))
			f->own_links += w;
		else
			f->other_links += w;
	}
	f->ends_sentence = chrome_ends_sentence(b->text, b->text_len);
}

/* Return true when b is navigation: text at most two thirds of which is
 * not links to the site itself, little of it links elsewhere. */
static bool
chrome_is_nav(const struct chrome_feat *f)
{
	return f->width > 0 && 3 * f->own_links >= f->width &&
	       2 * f->other_links < f->width &&
	       (2 * f->own_links >= f->width || f->width <= 80);
}

/* Return true when b is a short label without a sentence's ending
 * ("Share this post", "相关推荐"). */
static bool
chrome_is_label(const struct chrome_feat *f)
{
	return f->width > 0 && f->width <= 20 && !f->ends_sentence &&
	       f->other_links == 0;
}

/* Return true when b may be chrome at all: text outside tables and
 * code, not a header repeat. */
static bool
chrome_kind_ok(const struct doc_block *b)
{
	return (b->kind == DOC_PARAGRAPH || b->kind == DOC_RULE) &&
	       !(b->flags & DOC_BLOCK_REPEAT);
}

/* Store the article's host in *host and *len ("" without a url). */
static void
chrome_host(const struct doc *d, const char **host, size_t *len)
{
	*host = "";
	*len = 0;
	if (d->meta.url != NULL)
		chrome_url_host(d->meta.url, host, len);
}

void
chrome_mark_top(struct doc *d)
{
	const char *host;
	size_t len;
	struct chrome_feat f;

	chrome_host(d, &host, &len);
	if (len == 0)
		return;
	for (size_t i = 0; i < d->n_blocks && i < CHROME_TOP_SCAN; i++) {
		struct doc_block *b = &d->blocks[i];
		if (b->kind == DOC_RULE)
			continue;
		if (!chrome_kind_ok(b))
			break;
		chrome_measure(d, b, host, len, &f);
		if (!chrome_is_nav(&f))
			break;
		b->flags |= DOC_BLOCK_LEFTOVER;
	}
}

void
chrome_mark_bottom(struct doc *d)
{
	const char *host;
	size_t len, n = d->n_blocks;
	struct chrome_feat f;
	bool below = false;	/* navigation was found below */

	chrome_host(d, &host, &len);
	if (len == 0)
		return;
	for (size_t i = n; i-- > 0 && n - i <= CHROME_BOTTOM_SCAN; ) {
		struct doc_block *b = &d->blocks[i];
		if (b->flags & DOC_BLOCK_LEFTOVER) {
			/* Folded already (tidy's rules, learned chrome):
			 * navigation below only if it looks like it. */
			if (b->kind == DOC_PARAGRAPH) {
				chrome_measure(d, b, host, len, &f);
				below = below || chrome_is_nav(&f);
			}
			continue;
		}
		if (!chrome_kind_ok(b) || (b->kind == DOC_RULE && !below))
			break;
		if (b->kind != DOC_RULE) {
			chrome_measure(d, b, host, len, &f);
			bool footer = n - i <= 2 && f.own_links > 0 &&
				      f.other_links == 0 && f.width <= 80;
			if (!chrome_is_nav(&f) && !footer &&
			    !(below && chrome_is_label(&f)))
				break;
		}
		b->flags |= DOC_BLOCK_LEFTOVER;
		below = true;
	}
}

/* ---- Learned chrome ---- */

void
chrome_key(const struct doc *d, struct buf *out)
{
	const char *host;
	size_t len;

	chrome_host(d, &host, &len);
	if (len > 0) {
		for (size_t i = 0; i < len; i++)
			buf_addc(out, host[i] >= 'A' && host[i] <= 'Z' ?
				 (char)(host[i] - 'A' + 'a') : host[i]);
	} else if (d->meta.source != NULL) {
		buf_adds(out, "source:");
		buf_adds(out, d->meta.source);
	}
}

/* Return true when b can be learned: a paragraph or heading of text. */
static bool
chrome_learnable(const struct doc_block *b)
{
	return (b->kind == DOC_PARAGRAPH || b->kind == DOC_HEADING) &&
	       b->text_len > 0 && b->text_len <= CHROME_MAX_BLOCK;
}

/* Return the hash of b's text without what differs from one article of
 * a site to the next: the made-up link numbers, digits (dates, counts)
 * and white space; ASCII letters folded to lower case. FNV-1a, never 0;
 * 0 when nothing is left. */
static uint64_t
chrome_hash(const struct doc_block *b)
{
	uint64_t h = 14695981039346656037u;
	bool any = false;

	for (size_t i = 0; i < b->n_runs; i++) {
		const struct doc_run *r = &b->runs[i];
		if (r->style & DOC_STYLE_MARK)
			continue;
		for (size_t k = 0; k < r->len; k++) {
			unsigned char c = (unsigned char)b->text[r->text_off + k];
			if (c == ' ' || c == '\n' || (c >= '0' && c <= '9'))
				continue;
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			h = (h ^ c) * 1099511628211u;
			any = true;
		}
	}
	return !any ? 0 : h != 0 ? h : 1;
}

/* Add the hash of block i of d to out (n so far) unless it is there. */
static size_t
chrome_add(const struct doc *d, size_t i, uint64_t *out, size_t n)
{
	uint64_t h = chrome_hash(&d->blocks[i]);

	if (h == 0 || n == CHROME_MAX_HASHES)
		return n;
	for (size_t k = 0; k < n; k++)
		if (out[k] == h)
			return n;
	out[n] = h;
	return n + 1;
}

size_t
chrome_hashes(const struct doc *d, uint64_t out[CHROME_MAX_HASHES])
{
	size_t n = 0, seen = 0, first_end = d->n_blocks;

	for (size_t i = 0; i < d->n_blocks && seen < CHROME_LEARN_EDGE; i++) {
		if (d->blocks[i].kind == DOC_IMAGE || d->blocks[i].kind == DOC_RULE)
			continue;
		seen++;
		first_end = i + 1;
		if (chrome_learnable(&d->blocks[i]))
			n = chrome_add(d, i, out, n);
	}
	seen = 0;
	for (size_t i = d->n_blocks; i-- > first_end && seen < CHROME_LEARN_EDGE; ) {
		if (d->blocks[i].kind == DOC_IMAGE || d->blocks[i].kind == DOC_RULE)
			continue;
		seen++;
		if (chrome_learnable(&d->blocks[i]))
			n = chrome_add(d, i, out, n);
	}
	return n;
}

int64_t
chrome_threshold(int64_t n)
{
	int64_t t = n / 5;

	if (n < CHROME_MIN_ARTICLES)
		return 0;
	return t < CHROME_MIN_ARTICLES ? CHROME_MIN_ARTICLES : t > 50 ? 50 : t;
}

/* Compare two hashes, for bsearch. */
static int
chrome_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Return true when b is learned chrome of d's site. */
static bool
chrome_is_learned(const struct doc *d, const struct doc_block *b)
{
	uint64_t h;

	if (d->n_chrome == 0 || !chrome_learnable(b) ||
	    (h = chrome_hash(b)) == 0)
		return false;
	return bsearch(&h, d->chrome, d->n_chrome, sizeof h, chrome_cmp) != NULL;
}

/* Mark learned chrome going from block i by step (+1 or -1) while the
 * blocks are chrome, folded already, images or rules; stop after limit
 * blocks. */
static void
chrome_mark_run(struct doc *d, size_t i, int step, size_t limit)
{
	for (size_t k = 0; i < d->n_blocks && k < limit; k++, i += (size_t)step) {
		struct doc_block *b = &d->blocks[i];
		if (b->kind == DOC_IMAGE || b->kind == DOC_RULE ||
		    (b->flags & (DOC_BLOCK_LEFTOVER | DOC_BLOCK_REPEAT)))
			continue;
		if (!chrome_is_learned(d, b))
			break;
		b->flags |= DOC_BLOCK_LEFTOVER;
	}
}

void
chrome_mark_learned_top(struct doc *d)
{
	chrome_mark_run(d, 0, 1, CHROME_TOP_SCAN);
}

void
chrome_mark_learned_bottom(struct doc *d)
{
	if (d->n_blocks > 0)
		chrome_mark_run(d, d->n_blocks - 1, -1, CHROME_BOTTOM_SCAN);
}
