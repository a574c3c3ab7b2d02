/* SPDX-License-Identifier: MIT */
/*
 * render.h: a laid-out document as plain text lines, for standard output
 * (`tsundoku show`): each layout line becomes its prefix and segments and
 * a line feed, so what a pipe gets is what the reader shows, line for
 * line. With colour, SGR escape sequences of our own stand for roles and
 * inline styles (the 8-colour look of the reader); the article's own
 * bytes never carry one, since every control character in them is made
 * visible here, whatever the sanitising before did. Knows nothing about
 * terminals beyond those sequences; the caller decides when to colour.
 */
#ifndef TSUNDOKU_RENDER_H
#define TSUNDOKU_RENDER_H

#include <stdbool.h>

struct buf;
struct doc;
struct layout;

/* Lay d out for width columns as the reader does (code wrapped too, the
 * whole title, leftovers folded unless raw) and append its lines and
 * then its links to out, coloured when color. */
void render_article(const struct doc *d, int width, bool color, bool raw,
		    struct buf *out);

/* Append every line of lo to out, each ended by "\n"; with color, each
 * styled stretch is wrapped in SGR sequences and a line never ends with
 * one left on. */
void render_layout(const struct layout *lo, bool color, struct buf *out);

/* Append the list of d's links and images as `w3m -dump` ends a page: a
 * blank line, a heading, then "[n] address" for each, in number order,
 * wrapped to width columns (at least 1) under the address's start.
 * Nothing when d has no links. */
void render_links(const struct doc *d, int width, bool color,
		  struct buf *out);

#endif
