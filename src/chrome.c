/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "chrome.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "tidy.h"
#include "utf8.h"

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
	tidy_url_host(url, &h, &n);
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
		tidy_url_host(d->meta.url, host, len);
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
		if (b->flags & DOC_BLOCK_LEFTOVER)
			continue;	/* tidy's already */
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
