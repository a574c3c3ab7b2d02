/* SPDX-License-Identifier: MIT */
/*
 * wrap.h: line breaking of one paragraph of plain (sanitised, markup-free)
 * text: UAX #14 opportunities from libunistring, which keep the CJK rules
 * (no line starts with 。，、！？：；）」 and none ends with 「（), grapheme
 * clusters never split, plus forced breaks where a run is wider than the
 * line (long URLs, unspaced text without opportunities). Widths follow
 * utf8.h's policy.
 */
#ifndef TSUNDOKU_WRAP_H
#define TSUNDOKU_WRAP_H

#include <stddef.h>

/* One output line: a byte range of the paragraph. */
struct wrap_line {
	size_t off;	/* first byte of the line */
	size_t len;	/* bytes, trailing spaces included, the LF excluded */
	int width;	/* columns, trailing spaces not counted */
};

struct wrap_lines {
	struct wrap_line *lines;	/* heap array, owned */
	size_t n;			/* lines in use */
	size_t cap;			/* lines allocated */
};

/* Make w empty; wrap_lines_fini frees it. */
void wrap_lines_init(struct wrap_lines *w);
void wrap_lines_fini(struct wrap_lines *w);

/* Break s[0..len) into lines and append them to out. The first line has
 * first_width columns, every later one width columns (hanging indents);
 * both are at least 1. An LF in s is a mandatory break and belongs to no
 * line. Trailing spaces stay on the line they end but do not count towards
 * its width. No line is wider than its limit, except a single grapheme
 * cluster wider than the limit itself (a wide character at width 1). An
 * empty s gives one empty line. Return the number of lines appended. */
size_t wrap_text(const char *s, size_t len, int first_width, int width,
		 struct wrap_lines *out);

/* As wrap_text, with a grapheme cluster starting at each offset in
 * cuts[0..n_cuts) (offsets past len are ignored). Text that is drawn in
 * pieces, as the layout draws runs of different styles, is measured as
 * the pieces are drawn: a cluster that Unicode would join across two
 * pieces (a space, then an emoji modifier starting the next run) counts
 * as the two clusters the terminal shows. */
size_t wrap_text_cut(const char *s, size_t len, int first_width, int width,
		     const size_t *cuts, size_t n_cuts,
		     struct wrap_lines *out);

#endif
