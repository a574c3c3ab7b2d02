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
 */
#ifndef TSUNDOKU_CHROME_H
#define TSUNDOKU_CHROME_H

#include <stddef.h>

struct doc;

#define CHROME_TOP_SCAN 16	/* blocks looked at from the top */
#define CHROME_BOTTOM_SCAN 12	/* blocks looked at from the end */

/* Mark the navigation at the top of d's parsed blocks. */
void chrome_mark_top(struct doc *d);

/* Mark the navigation at the end of d's blocks (call it when the last
 * chunk is parsed, on the view of that chunk if need be). */
void chrome_mark_bottom(struct doc *d);

#endif
