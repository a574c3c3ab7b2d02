/* SPDX-License-Identifier: MIT */
/*
 * chrome.h: a site's own navigation around an article (menus at the
 * top, link lists and "Share this post" at the bottom), found by
 * shallow features of each block in the spirit of boilerpipe: how much
 * of its text is links to the article's own site, how short it is,
 * where it stands. Only runs of blocks at the very top or the very end
 * are marked (DOC_BLOCK_LEFTOVER, folded like the page leftovers of
 * tidy.h); a block in the middle of the text never is. What the rules
 * of data/leftovers say about WeChat pages is tidy.c's.
 *
 * Learned chrome: the indexer records, for each article, a hash of each
 * short text block near either end (chrome_hashes), under its site
 * (chrome_key); at the end of the run the store counts in how many
 * articles of a site each hash occurs. A block that recurs near the edges of enough articles of
 * the same site (chrome_threshold) is that site's chrome: the reader
 * asks the store which of them are and hands them to the document
 * (d->chrome), and tidy_doc folds the runs of such blocks at the top and
 * the end (chrome_mark_learned).
 */
#ifndef TSUNDOKU_CHROME_H
#define TSUNDOKU_CHROME_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct doc;

#define CHROME_LEARN_EDGE 8	/* text blocks at each end that are learned */
#define CHROME_MAX_HASHES (2 * CHROME_LEARN_EDGE)
#define CHROME_MAX_BLOCK 300	/* bytes: a longer block is never learned */
#define CHROME_MIN_ARTICLES 3	/* a site needs this many to learn from */

#define CHROME_TOP_SCAN 16	/* blocks looked at from the top */
#define CHROME_BOTTOM_SCAN 12	/* blocks looked at from the end */

/* Mark the navigation at the top of d's parsed blocks. */
void chrome_mark_top(struct doc *d);

/* Mark the navigation at the end of d's blocks (call it when the last
 * chunk is parsed, on the view of that chunk if need be). */
void chrome_mark_bottom(struct doc *d);

/* Append to out the key d's chrome is learned under: its url's host in
 * lower case, else "source:" and its source, else nothing. */
void chrome_key(const struct doc *d, struct buf *out);

/* Store in out the hashes of d's learnable blocks (text blocks of at
 * most CHROME_MAX_BLOCK bytes among the first and last
 * CHROME_LEARN_EDGE of its text blocks), each once, never 0; return
 * how many. d must be parsed whole. */
size_t chrome_hashes(const struct doc *d, uint64_t out[CHROME_MAX_HASHES]);

/* Return in how many of a site's n articles a block must occur to be
 * its chrome; 0 when n is too few to learn from. */
int64_t chrome_threshold(int64_t n);

/* Mark as leftovers the runs of blocks at the top (or, for
 * chrome_mark_learned_bottom, the end) of d whose hash is among
 * d->chrome. */
void chrome_mark_learned_top(struct doc *d);
void chrome_mark_learned_bottom(struct doc *d);

/* Store in *host and *len the host part of url (len 0 when it has none):
 * no user, no port. */
void chrome_url_host(const char *url, const char **host, size_t *len);

#endif
