/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "text/wrap.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>

#include "text/utf8.h"
#include "base/xmem.h"

/* Characters a forced break must not put at the start of a line: closing
 * punctuation, iteration marks, the prolonged sound mark and small kana,
 * which UAX #14 (as libunistring applies it) treats as non-starters. Breaks
 * at UAX #14 opportunities never do this on their own. */
static const uint32_t wrap_no_start[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x2019, 0x201D, 0x2026, 0x3001, 0x3002, 0x3005, 0x3009, 0x300B,
	0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301C, 0x3041,
	0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
	0x308E, 0x3095, 0x3096, 0x309D, 0x309E, 0x30A1, 0x30A3, 0x30A5,
	0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5,
	0x30F6, 0x30FB, 0x30FC, 0x30FD, 0x30FE, 0xFF01, 0xFF09, 0xFF0C,
	0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E, 0xFF61,
	0xFF63, 0xFF64, 0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B, 0xFF6C,
	0xFF6D, 0xFF6E, 0xFF6F, 0xFF70,
};

/* Characters a forced break must not leave at the end of a line: opening
 * brackets and quotes. */
static const uint32_t wrap_no_end[] = {
	'(', '[', '{', 0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E,
	0x3010, 0x3014, 0x3016, 0x3018, 0xFF08, 0xFF3B, 0xFF5B, 0xFF62,
};

/* The greedy fitter's state for one paragraph. Columns are counted from
 * the start of the current line. */
struct wrap_fit {
	const char *s;
	size_t len;
	char *brk;		/* UAX #14 break before s[i], from libunistring */
	char *gb;		/* cluster starts */
	signed char *cw;	/* the width of the cluster starting at i */
	bool lone;		/* every code point is a cluster (gb holds
				   nothing else) */
	int first_width;	/* limit of the paragraph's first line */
	int width;		/* limit of every later line */
	struct wrap_lines *out;
	size_t n;		/* lines appended so far */
	size_t start;		/* first byte of the current line */
	size_t opp;		/* last break opportunity after start, or 0 */
	int opp_ink;		/* ink at opp */
	int col;		/* columns used, trailing spaces included */
	int ink;		/* columns up to the end of the last non-space */
};

void
wrap_lines_init(struct wrap_lines *w)
{
	w->lines = NULL;
	w->n = 0;
	w->cap = 0;
}

void
wrap_lines_fini(struct wrap_lines *w)
{
	free(w->lines);
	wrap_lines_init(w);
}

/* Append the line s[start..end) of ink columns and start a new line at
 * next (past the LF for a mandatory break). */
static void
wrap_fit_emit(struct wrap_fit *f, size_t end, int ink, size_t next)
{
	struct wrap_lines *w = f->out;

	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->lines = xreallocarray(w->lines, w->cap, sizeof *w->lines);
	}
	w->lines[w->n++] = (struct wrap_line){
		.off = f->start, .len = end - f->start, .width = ink,
	};
	f->n++;
	f->start = next;
	f->opp = 0;
	f->col = 0;
	f->ink = 0;
}

/* Return the column limit of the current line. */
static int
wrap_fit_limit(const struct wrap_fit *f)
{
	return f->n == 0 ? f->first_width : f->width;
}

/* Return the end of the grapheme cluster that starts at i; an LF ends
 * it even after a CR (unsanitised CR LF is one cluster). */
static inline size_t
wrap_fit_cluster_end(const struct wrap_fit *f, size_t i)
{
	unsigned char c = (unsigned char)f->s[i];
	size_t j = i + 1;

	if (f->lone) {	/* valid UTF-8: the lead byte says the length */
		j = i + (c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4);
		return j < f->len ? j : f->len;
	}
	while (j < f->len && !f->gb[j] && f->s[j] != '\n')
		j++;
	return j;
}

/* Return the start of the grapheme cluster that ends at i, i > 0. */
static size_t
wrap_fit_cluster_start(const struct wrap_fit *f, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && !f->gb[j])
		j--;
	return j;
}

/* Return true when cp is one of the n code points in set. */
static bool
wrap_in_set(uint32_t cp, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp)
			return true;
	return false;
}

/* Return true when a forced break before the cluster at i, inside the
 * current line, keeps the kinsoku rules. */
static bool
wrap_fit_may_force(const struct wrap_fit *f, size_t i)
{
	uint32_t next, prev;

	utf8_decode(f->s + i, f->len - i, &next);
	size_t p = wrap_fit_cluster_start(f, i);
	utf8_decode(f->s + p, f->len - p, &prev);
	return !wrap_in_set(next, wrap_no_start,
			    sizeof wrap_no_start / sizeof wrap_no_start[0]) &&
	       !wrap_in_set(prev, wrap_no_end,
			    sizeof wrap_no_end / sizeof wrap_no_end[0]);
}

/* Return the columns of s[from..to) without its trailing spaces. */
static int
wrap_fit_ink(const struct wrap_fit *f, size_t from, size_t to)
{
	int col = 0, ink = 0;

	for (size_t i = from, j; i < to; i = j) {
		j = wrap_fit_cluster_end(f, i);
		col += f->cw[i];
		if (j != i + 1 || f->s[i] != ' ')
			ink = col;
	}
	return ink;
}

/* End the current line because the cluster at i does not fit, and return
 * where fitting resumes: at the last opportunity if there is one, else
 * (a run wider than the line) at a forced break as late as kinsoku
 * allows. */
static size_t
wrap_fit_break(struct wrap_fit *f, size_t i)
{
	size_t k = i;

	if (f->opp > f->start) {
		k = f->opp;
		wrap_fit_emit(f, k, f->opp_ink, k);
		return k;
	}
	while (k > f->start && !wrap_fit_may_force(f, k))
		k = wrap_fit_cluster_start(f, k);
	if (k == f->start)
		k = i;
	wrap_fit_emit(f, k, wrap_fit_ink(f, f->start, k), k);
	return k;
}

/* Place the cluster at i on the current line, or end the line before it;
 * return where to go on. */
static size_t
wrap_fit_step(struct wrap_fit *f, size_t i)
{
	size_t j = wrap_fit_cluster_end(f, i);
	int cw = f->cw[i];
	bool space = j == i + 1 && f->s[i] == ' ';

	if (f->brk[i] == UC_BREAK_POSSIBLE && i > f->start) {
		f->opp = i;
		f->opp_ink = f->ink;
	}
	if (!space && i > f->start && f->col + cw > wrap_fit_limit(f))
		return wrap_fit_break(f, i);	/* the line is refitted from there */
	f->col += cw;
	if (!space)
		f->ink = f->col;
	if (f->brk[i] == UC_BREAK_MANDATORY)	/* U+2028 and the like */
		wrap_fit_emit(f, j, f->ink, j);
	return j;
}

/* Forbid a break between a full stop and a letter or digit
 * ("example.org", "v1.2"), which UAX #14 rule LB29 forbids but
 * libunistring 1.0 allows; a run too long for the line is still broken
 * by force. */
static void
wrap_keep_dots(const char *s, size_t len, char *brk)
{
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			     (c >= 'A' && c <= 'Z');
		if (alnum && s[i - 1] == '.' && brk[i] == UC_BREAK_POSSIBLE)
			brk[i] = UC_BREAK_PROHIBITED;
	}
}

/* Forbid breaks inside Korean words ("keep-all"): UAX #14 allows a break
 * between any two Hangul syllables, but Korean is broken at spaces. A
 * break before a syllable is kept only after a non-alphanumeric. */
static void
wrap_keep_all(const char *s, size_t len, char *brk)
{
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp, prev;

		if (c < 0xEA || c > 0xED || brk[i] != UC_BREAK_POSSIBLE)
			continue;
		utf8_decode(s + i, len - i, &cp);
		if (cp < 0xAC00 || cp > 0xD7A3)
			continue;
		size_t p = i - 1;
		while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
			p--;
		utf8_decode(s + p, i - p, &prev);
		if (uc_is_alnum(prev))
			brk[i] = UC_BREAK_PROHIBITED;
	}
}

/* Find the clusters of f's text, a cluster starting at each of
 * cuts[0..n_cuts) too, and their widths (f->gb, f->cw). Return the width
 * of the text when every code point is a cluster of its own and no cut
 * falls inside one, else -1. */
static int
wrap_fit_clusters(struct wrap_fit *f, const size_t *cuts, size_t n_cuts)
{
	int total = utf8_lone_widths(f->s, f->len, f->gb, f->cw);
	bool exact = total >= 0;

	if (!exact)
		u8_grapheme_breaks((const uint8_t *)f->s, f->len, f->gb);
	for (size_t k = 0; k < n_cuts; k++)
		if (cuts[k] < f->len && !f->gb[cuts[k]]) {
			f->gb[cuts[k]] = 1;
			exact = false;
		}
	f->lone = exact;
	if (exact)
		return total;
	for (size_t i = 0, j; i < f->len; i = j) {
		j = wrap_fit_cluster_end(f, i);
		f->cw[i] = (signed char)utf8_cluster_width(f->s + i, j - i);
	}
	return -1;
}

/* Return true when the text of f, as wide as total (-1: not known), is
 * one line: it fits the first line's limit once its trailing spaces are
 * dropped, and holds no line break. Then the fitter would find no
 * break, and UAX #14 need not be asked. */
static bool
wrap_fit_one_line(const struct wrap_fit *f, int total, int *ink)
{
	size_t end = f->len;

	if (total < 0)
		return false;
	while (end > 0 && f->s[end - 1] == ' ')
		end--;
	*ink = total - (int)(f->len - end);
	return *ink <= f->first_width &&
	       (end == 0 || memchr(f->s, '\n', end) == NULL);
}

/* Texts up to this many bytes get their break arrays on the stack. */
#define WRAP_STACK_LEN 256

/* Fit the whole text of f into lines. */
static void
wrap_fit_all(struct wrap_fit *f)
{
	size_t i = 0;

	while (i < f->len) {
		if (f->s[i] == '\n') {
			wrap_fit_emit(f, i, f->ink, i + 1);
			i++;
		} else {
			i = wrap_fit_step(f, i);
		}
	}
	wrap_fit_emit(f, f->len, f->ink, f->len);
}

size_t
wrap_text(const char *s, size_t len, int first_width, int width,
	  struct wrap_lines *out)
{
	return wrap_text_cut(s, len, first_width, width, NULL, 0, out);
}

size_t
wrap_text_cut(const char *s, size_t len, int first_width, int width,
	      const size_t *cuts, size_t n_cuts, struct wrap_lines *out)
{
	struct wrap_fit f = {
		.s = s, .len = len, .first_width = first_width,
		.width = width, .out = out,
	};
	char stack[3 * WRAP_STACK_LEN];
	char *mem = len <= WRAP_STACK_LEN ? stack : xmalloc(3 * len);
	int ink;

	assert(first_width >= 1 && width >= 1);
	f.brk = mem;
	f.gb = mem + len;
	f.cw = (signed char *)mem + 2 * len;
	if (wrap_fit_one_line(&f, wrap_fit_clusters(&f, cuts, n_cuts), &ink)) {
		wrap_fit_emit(&f, len, ink, len);
	} else {
		u8_possible_linebreaks((const uint8_t *)s, len, "UTF-8", f.brk);
		wrap_keep_all(s, len, f.brk);
		wrap_keep_dots(s, len, f.brk);
		wrap_fit_all(&f);
	}
	if (mem != stack)
		free(mem);
	return f.n;
}
