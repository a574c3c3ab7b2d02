/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "text/fold.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

#include "base/buf.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* Bytes of the stack buffer u8_casefold writes into; a longer result
 * (a long combining sequence) comes back on the heap. */
#define FOLD_STACK 64

/* A range of code points, both ends included. */
struct fold_range {
	uint32_t lo;
	uint32_t hi;
};

/* Code points that fold to themselves when they form a cluster alone:
 * the bulk of Chinese, Japanese and Korean text and its punctuation.
 * Checked against u8_casefold by tests/test_fold.c. Sorted by lo. */
static const struct fold_range fold_stable[] = {
	{ .lo = 0x00E0, .hi = 0x00FF },		/* Latin-1 lower case */
	{ .lo = 0x0430, .hi = 0x045F },		/* Cyrillic lower case */
	{ .lo = 0x2010, .hi = 0x2010 },		/* hyphen */
	{ .lo = 0x2012, .hi = 0x2016 },		/* dashes, double bar */
	{ .lo = 0x2018, .hi = 0x2023 },		/* quotes, daggers, bullets */
	{ .lo = 0x3001, .hi = 0x3035 },		/* CJK punctuation 、。「」 */
	{ .lo = 0x3041, .hi = 0x309A },		/* hiragana */
	{ .lo = 0x309D, .hi = 0x309E },		/* hiragana iteration marks */
	{ .lo = 0x30A0, .hi = 0x30FE },		/* katakana */
	{ .lo = 0x3400, .hi = 0x4DBF },		/* ideographs, extension A */
	{ .lo = 0x4E00, .hi = 0x9FFF },		/* unified ideographs */
	{ .lo = 0xAC00, .hi = 0xD7A3 },		/* Hangul syllables */
};

/* Full-width forms of ASCII !..~, which NFKC maps to ASCII. */
#define FOLD_FULL_LO 0xFF01
#define FOLD_FULL_HI 0xFF5E
#define FOLD_FULL_SHIFT 0xFEE0

void
fold_init(struct fold *f)
{
	memset(f, 0, sizeof *f);
}

void
fold_fini(struct fold *f)
{
	if (f == NULL)
		return;
	free(f->text);
	free(f->map);
	free(f->gb);
	fold_init(f);
}

/* Make room in f for extra more folded bytes plus the final NUL and map
 * entry. */
static void
fold_reserve(struct fold *f, size_t extra)
{
	size_t need = f->len + extra + 1;

	if (need <= f->cap)
		return;
	size_t cap = f->cap ? f->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	f->text = xreallocarray(f->text, cap, 1);
	f->map = xreallocarray(f->map, cap, sizeof *f->map);
	f->cap = cap;
}

/* Append the folded bytes s[0..len) of the cluster at source offset off. */
static void
fold_push(struct fold *f, const char *s, size_t len, size_t off)
{
	fold_reserve(f, len);
	memcpy(f->text + f->len, s, len);
	for (size_t k = 0; k < len; k++)
		f->map[f->len + k] = off;
	f->len += len;
}

/* Append one folded byte c of the cluster at source offset off. */
static void
fold_push_byte(struct fold *f, char c, size_t off)
{
	fold_reserve(f, 1);
	f->text[f->len] = c;
	f->map[f->len] = off;
	f->len++;
}

/* Return c lower-cased if it is an ASCII capital, else c. */
static char
fold_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Return true when every byte of s[0..len) is ASCII. */
static bool
fold_is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* Fold the ASCII text s[0..len) into f: every byte is a cluster of its
 * own, except that LF after CR belongs to the CR. */
static void
fold_ascii(const char *s, size_t len, struct fold *f)
{
	fold_reserve(f, len);
	for (size_t i = 0; i < len; i++) {
		bool crlf = i > 0 && s[i] == '\n' && s[i - 1] == '\r';
		f->text[f->len + i] = fold_ascii_lower(s[i]);
		f->map[f->len + i] = crlf ? i - 1 : i;
	}
	f->len += len;
}

/* Return true when cp folds to itself as a cluster of its own. */
static bool
fold_is_stable(uint32_t cp)
{
	size_t lo = 0, hi = sizeof fold_stable / sizeof fold_stable[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < fold_stable[mid].lo)
			hi = mid;
		else if (cp > fold_stable[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* Fold the cluster s[0..len) at source offset off without libunistring
 * when it is a single code point the fast path knows; return false to
 * leave it to u8_casefold. */
static bool
fold_cluster_fast(const char *s, size_t len, size_t off, struct fold *f)
{
	uint32_t cp;

	if (len == 1 && (unsigned char)s[0] < 0x80) {
		fold_push_byte(f, fold_ascii_lower(s[0]), off);
		return true;
	}
	if (utf8_decode(s, len, &cp) != len)
		return false;
	if (cp >= FOLD_FULL_LO && cp <= FOLD_FULL_HI) {
		fold_push_byte(f, fold_ascii_lower((char)(cp - FOLD_FULL_SHIFT)),
			       off);
		return true;
	}
	if (!fold_is_stable(cp))
		return false;
	fold_push(f, s, len, off);
	return true;
}

/* Fold the cluster s[0..len) at source offset off into f. */
static void
fold_cluster(const char *s, size_t len, size_t off, struct fold *f)
{
	uint8_t stack[FOLD_STACK];
	size_t n = sizeof stack;
	uint8_t *r;

	if (fold_cluster_fast(s, len, off, f))
		return;
	r = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFKC, stack,
			&n);
	if (r == NULL) {
		fold_push(f, s, len, off);	/* out of memory: keep it */
		return;
	}
	fold_push(f, (const char *)r, n, off);
	if (r != stack)
		free(r);
}

/* Fold s[0..len), which is not all ASCII, cluster by cluster into f. */
static void
fold_clusters(const char *s, size_t len, struct fold *f)
{
	if (f->gb_cap < len) {
		free(f->gb);
		f->gb = xmalloc(len);
		f->gb_cap = len;
	}
	utf8_grapheme_breaks(s, len, f->gb);
	fold_reserve(f, len);
	for (size_t i = 0; i < len;) {
		size_t j = i + 1;
		while (j < len && !f->gb[j])
			j++;
		fold_cluster(s + i, j - i, i, f);
		i = j;
	}
}

void
fold_text(const char *s, size_t len, struct fold *out)
{
	out->len = 0;
	if (fold_is_ascii(s, len))
		fold_ascii(s, len, out);
	else
		fold_clusters(s, len, out);
	fold_reserve(out, 0);
	out->text[out->len] = '\0';
	out->map[out->len] = len;
}

size_t
fold_map(const struct fold *f, size_t i, size_t j, size_t *off, size_t *end)
{
	assert(i < j && j <= f->len);
	size_t last = f->map[j - 1];

	while (j < f->len && f->map[j] == last)
		j++;
	*off = f->map[i];
	*end = f->map[j];
	return j;
}

bool
fold_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void
fold_query(const char *s, size_t len, struct buf *out)
{
	struct fold f;
	size_t a = 0, b;

	fold_init(&f);
	fold_text(s, len, &f);
	b = f.len;
	while (a < b && fold_is_blank(f.text[a]))
		a++;
	while (b > a && fold_is_blank(f.text[b - 1]))
		b--;
	buf_add(out, f.text + a, b - a);
	fold_fini(&f);
}
