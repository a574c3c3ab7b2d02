/* SPDX-License-Identifier: MIT */
/*
 * view_outline.h: the outline of an article, its headings indented by
 * level, as a menu in the "outline" context. Choosing a heading yields
 * its source offset, for the reader to jump to.
 */
#ifndef TSUNDOKU_VIEW_OUTLINE_H
#define TSUNDOKU_VIEW_OUTLINE_H

struct doc;
struct view;

/* Create the outline of d (read now; d may go away afterwards). */
struct view *view_outline_new(const struct doc *d);

#endif
