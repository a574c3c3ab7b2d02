/* SPDX-License-Identifier: MIT */
/*
 * view_links.h: the numbered list of an article's links and images (the
 * numbers the reader shows after link text and in image placeholders),
 * each with its text and full address, as a menu in the "links" context.
 * Choosing an item yields its index in doc->links.
 */
#ifndef TSUNDOKU_VIEW_LINKS_H
#define TSUNDOKU_VIEW_LINKS_H

struct doc;
struct view;

/* Create the link list of d (read now; d may go away afterwards). */
struct view *view_links_new(const struct doc *d);

#endif
