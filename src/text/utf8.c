/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "text/utf8.h"

#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "base/buf.h"
#include "base/xmem.h"

/* Marks a code point that utf8_sanitize drops. */
#define UTF8_DROP 0xFFFFFFFFu

/* Bytes of grapheme breaks a walk computes at first; it doubles the window
 * only while a cluster does not end inside it. */
#define UTF8_WINDOW 64

/* A range of code points whose width uc_width gets different from glibc's
 * wcwidth, which is what ncurses advances the cursor by. */
struct utf8_width_patch {
	uint32_t lo;
	uint32_t hi;
	int width;
};

/* The 93 assigned code points where libunistring 1.0 and glibc 2.36
 * disagree, set to the glibc value (U+2028 and U+2029, -1 to glibc, are
 * drawn as U+FFFD and so take 1 column). Sorted by lo. */
static const struct utf8_width_patch utf8_width_patches[] = {
	{ .lo = 0x00AD, .hi = 0x00AD, .width = 1 },
	{ .lo = 0x0600, .hi = 0x0605, .width = 1 },
	{ .lo = 0x06DD, .hi = 0x06DD, .width = 1 },
	{ .lo = 0x070F, .hi = 0x070F, .width = 1 },
	{ .lo = 0x0890, .hi = 0x0891, .width = 1 },
	{ .lo = 0x08E2, .hi = 0x08E2, .width = 1 },
	{ .lo = 0x0CBF, .hi = 0x0CBF, .width = 0 },
	{ .lo = 0x0CC6, .hi = 0x0CC6, .width = 0 },
	{ .lo = 0x2028, .hi = 0x2029, .width = 1 },
	{ .lo = 0x3248, .hi = 0x324F, .width = 2 },
	{ .lo = 0x4DC0, .hi = 0x4DFF, .width = 2 },
	{ .lo = 0x110BD, .hi = 0x110BD, .width = 1 },
	{ .lo = 0x110CD, .hi = 0x110CD, .width = 1 },
	{ .lo = 0x11A07, .hi = 0x11A08, .width = 0 },
	{ .lo = 0x11C3F, .hi = 0x11C3F, .width = 0 },
};

/* A range of code points, both ends included. */
struct utf8_range {
	uint32_t lo;
	uint32_t hi;
};

/* Blocks of utf8_is_cjk, sorted by lo. Hangul
 * is left out on purpose: Korean separates words with spaces, so a soft
 * line break between two syllables is a word space (CSS Text 3, segment
 * break transformation). */
static const struct utf8_range utf8_cjk_ranges[] = {
	{ .lo = 0x2E80, .hi = 0x2FDF },		/* radicals, Kangxi */
	{ .lo = 0x2FF0, .hi = 0x30FF },		/* IDC, punctuation, kana */
	{ .lo = 0x3100, .hi = 0x312F },		/* Bopomofo */
	{ .lo = 0x3190, .hi = 0x31FF },		/* Kanbun .. kana extension */
	{ .lo = 0x3200, .hi = 0x4DBF },		/* enclosed, compat, ext. A */
	{ .lo = 0x4E00, .hi = 0x9FFF },		/* unified ideographs */
	{ .lo = 0xF900, .hi = 0xFAFF },		/* compatibility ideographs */
	{ .lo = 0xFE10, .hi = 0xFE1F },		/* vertical forms */
	{ .lo = 0xFE30, .hi = 0xFE4F },		/* compatibility forms */
	{ .lo = 0xFF00, .hi = 0xFF9F },		/* full width, half-width kana */
	{ .lo = 0xFFE0, .hi = 0xFFEF },		/* full-width signs */
	{ .lo = 0x16FE0, .hi = 0x16FFF },	/* ideographic symbols */
	{ .lo = 0x1B000, .hi = 0x1B16F },	/* kana supplement, small kana */
	{ .lo = 0x20000, .hi = 0x3FFFF },	/* extensions B.., supplement */
};

/* A cursor over the grapheme clusters of s[0..len). Breaks are computed a
 * window at a time, starting at a known cluster start (where no earlier
 * context matters) and ending on a code point boundary (so every break
 * inside is final); the head of a long text is thus cheap to look at. */
struct utf8_walk {
	const char *s;
	size_t len;
	size_t off;		/* start of the next cluster */
	size_t win_off;		/* first byte of the window */
	size_t win_end;		/* end of the window, win_off when none */
	char *gb;		/* breaks of s[win_off..win_end) */
	size_t gb_cap;		/* bytes allocated for gb */
};

/* Return how many bytes an invalid sequence at s[0..len) spans: the
 * longest prefix that could start a well-formed sequence, at least 1 (the
 * Unicode "maximal subpart" practice, as in the WHATWG decoder). */
static size_t
utf8_bad_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, n = 1;

	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else
		return 1;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	while (n < need && n < len && s[n] >= lo && s[n] <= hi) {
		n++;
		lo = 0x80;
		hi = 0xBF;
	}
	return n;
}

/* Return what utf8_sanitize writes for the valid code point cp: cp
 * itself, a visible stand-in, or UTF8_DROP. CR is handled by the caller. */
static uint32_t
utf8_sanitize_cp(uint32_t cp)
{
	if (cp < 0x20 && cp != '\t' && cp != '\n')
		return 0x2400 + cp;
	if (cp == 0x7F)
		return 0x2421;
	if (cp >= 0x80 && cp < 0xA0)
		return 0xFFFD;
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return UTF8_DROP;
	return cp;
}

/* Sanitise the character at s[0..len) into out, count a replacement or
 * removal in *n, and return the bytes consumed. */
static size_t
utf8_sanitize_one(const char *s, size_t len, struct buf *out, size_t *n)
{
	ucs4_t cp;
	int l = u8_mbtoucr(&cp, (const uint8_t *)s, len);

	if (l < 0) {
		utf8_encode(0xFFFD, out);
		(*n)++;
		return utf8_bad_len((const unsigned char *)s, len);
	}
	if (cp == '\r') {
		if (len == 1 || s[1] != '\n')
			buf_addc(out, '\n');
		return 1;
	}
	uint32_t rep = utf8_sanitize_cp(cp);
	if (rep != cp)
		(*n)++;
	if (rep == cp)
		buf_add(out, s, (size_t)l);
	else if (rep != UTF8_DROP)
		utf8_encode(rep, out);
	return (size_t)l;
}

size_t
utf8_sanitize(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, n = 0;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (utf8_is_clean(s + i, len - i)) {
		buf_add(out, s + i, len - i);
		return 0;
	}
	buf_reserve(out, len - i);
	buf_add(out, "", 0);	/* terminate, should everything be dropped */
	while (i < len)
		i += utf8_sanitize_one(s + i, len - i, out, &n);
	return n;
}

/* Return the length of the well-formed UTF-8 character at s[0..n)
 * (n > 0) when utf8_sanitize keeps it as it is, else 0. */
static size_t
utf8_clean_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return (c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n';
	if (c < 0xC2 || c > 0xF4 || n < 2 || (s[1] & 0xC0) != 0x80)
		return 0;
	if (c < 0xE0)	/* C1 controls are U+0080 to U+009F */
		return c != 0xC2 || s[1] >= 0xA0 ? 2 : 0;
	if (n < 3 || (s[2] & 0xC0) != 0x80)
		return 0;
	if (c < 0xF0) {
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0;	/* overlong, surrogate */
		if (c == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
			return 0;	/* U+202A to U+202E */
		if (c == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
			return 0;	/* U+2066 to U+2069 */
		return 3;
	}
	if (n < 4 || (s[3] & 0xC0) != 0x80 || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] >= 0x90))
		return 0;
	return 4;
}

/* Return true when the eight bytes at u are all printable ASCII
 * (0x20 to 0x7E), tested a word at a time. */
static inline bool
utf8_printable8(const unsigned char *u)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;

	memcpy(&w, u, sizeof w);
	uint64_t del = w ^ (0x7F * ones);	/* a zero byte where w has DEL */
	return ((w | (w - 0x20 * ones) | (del - ones)) & highs) == 0;
}

/* Return true when u[i..len) starts with a well-formed three-byte
 * character from U+3000 on (CJK, no special case for sanitising). */
static inline bool
utf8_cjk3(const unsigned char *u, size_t i, size_t len)
{
	return i + 2 < len && (unsigned)(u[i] - 0xE3) <= 0xEF - 0xE3 &&
	       u[i] != 0xED && ((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) < 0x40;
}

size_t
utf8_clean_span(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		unsigned char c = u[i];
		if (c >= 0x20 && c < 0x7F) {		/* printable ASCII */
			i++;
			while (len - i >= 8 && utf8_printable8(u + i))
				i += 8;
			continue;
		}
		if (utf8_cjk3(u, i, len)) {
			i += 3;		/* U+3000 on: CJK, no special case */
			while (utf8_cjk3(u, i, len))
				i += 3;
			continue;
		}
		if ((n = utf8_clean_len(u + i, len - i)) == 0)
			break;
		i += n;
	}
	return i;
}

bool
utf8_is_clean(const char *s, size_t len)
{
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return false;
	return utf8_clean_span(s, len) == len;
}

/* Decode a well-formed three-byte sequence (U+0800..U+FFFF, surrogates
 * excluded) at s into *cp and return true; false for anything else,
 * which the general decoder then handles. */
static inline bool
utf8_decode_3(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len < 3 || (u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 ||
	    (u[2] & 0xC0) != 0x80)
		return false;
	uint32_t c = (uint32_t)(u[0] & 0x0F) << 12 |
		     (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))
		return false;
	*cp = c;
	return true;
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	ucs4_t uc;
	int l;

	if (len == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	if (utf8_decode_3(s, len, cp))
		return 3;	/* the bulk of CJK text, without a call */
	l = u8_mbtoucr(&uc, (const uint8_t *)s, len);
	if (l < 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = uc;
	return (size_t)l;
}

void
utf8_encode(uint32_t cp, struct buf *out)
{
	uint8_t tmp[4];
	int n = u8_uctomb(tmp, cp, sizeof tmp);

	if (n < 0)
		n = u8_uctomb(tmp, 0xFFFD, sizeof tmp);
	buf_add(out, (const char *)tmp, (size_t)n);
}

/* Return true when cp always forms a grapheme cluster on its own: the
 * text tsundoku sees most (ASCII, Latin-1, CJK ideographs, kana, Hangul
 * syllables, CJK and full-width punctuation) answered from ranges, any
 * other code point from its Grapheme_Cluster_Break property (Other or
 * Control: no rule but CR LF joins them to a neighbour; a Hangul
 * syllable joins only jamo after it, which are not lone). A text of
 * lone code points has a cluster break before each, so its width is a
 * plain sum over code points, without computing cluster breaks. U+FFFD
 * is not: utf8_decode also gives it for an invalid byte, which
 * libunistring may join to the next one. */
static bool
utf8_is_lone(uint32_t cp)
{
	if (cp < 0x300)
		return true;
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return true;
	if (cp >= 0x3000 && cp <= 0x30FF)	/* not the combining marks */
		return !(cp >= 0x302A && cp <= 0x302F) &&
		       !(cp >= 0x3099 && cp <= 0x309A);
	return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xFF01 && cp <= 0xFF9D) ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
	       (cp != 0xFFFD && (uc_graphemeclusterbreak_property(cp) == GBP_OTHER ||
				 uc_graphemeclusterbreak_property(cp) == GBP_CONTROL));
}

/* Fill gb as u8_grapheme_breaks would when every code point of
 * s[0..len) is a cluster of its own (utf8_is_lone), which is the common
 * case for Chinese and English text, and return true; return false,
 * with gb partly written, as soon as one code point may join another. */
static bool
utf8_lone_breaks(const char *s, size_t len, char *gb)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (c == '\r')
				return false;	/* CR LF is one cluster */
			gb[i++] = 1;
			continue;
		}
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (!utf8_is_lone(cp))
			return false;
		gb[i] = 1;
		memset(gb + i + 1, 0, n - 1);
		i += n;
	}
	return true;
}

/* Decode the code point at s[0..len) (not ASCII) into *cp and return
 * its length, three-byte sequences without a call. */
static inline size_t
utf8_decode_fast(const char *s, size_t len, uint32_t *cp)
{
	return utf8_decode_3(s, len, cp) ? 3 : utf8_decode(s, len, cp);
}

/* Return the width of the code point cp (not ASCII) as utf8_cp_width
 * gets it when cp is lone (utf8_is_lone), else -1: ideographs,
 * full-width forms and CJK punctuation answered at once. */
static inline int
utf8_lone_cp(uint32_t cp)
{
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 2;
	if (cp < 0x300 || (cp >= 0x2500 && cp <= 0x257F))
		return 1;	/* Latin, box drawing (tables, rules) */
	if ((cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0x3000 && cp <= 0x3029) ||
	    (cp >= 0x3030 && cp <= 0x303E))
		return 2;
	return utf8_is_lone(cp) ? utf8_cp_width(cp) : -1;
}

int
utf8_lone_widths(const char *s, size_t len, char *gb, signed char *cw)
{
	const unsigned char *u = (const unsigned char *)s;
	int width = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n;
		if (u[i] < 0x80) {
			if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n')
				return -1;	/* CR LF is one cluster; the
						   others are line breaks */
			gb[i] = 1;
			cw[i] = 1;
			width++;
			i++;
			continue;
		}
		n = utf8_decode_fast(s + i, len - i, &cp);
		int w = utf8_lone_cp(cp);
		if (w < 0 || (cp < 0x4E00 && (cp < 0xA0 || cp == 0x2028 ||
					       cp == 0x2029)))
			return -1;	/* C1 (NEL), U+2028, U+2029 break lines */
		gb[i] = 1;
		if (n > 1)
			gb[i + 1] = 0;
		if (n > 2)
			gb[i + 2] = 0;
		if (n > 3)
			gb[i + 3] = 0;
		cw[i] = (signed char)w;
		width += w;
		i += n;
	}
	return width;
}

void
utf8_grapheme_breaks(const char *s, size_t len, char *gb)
{
	if (!utf8_lone_breaks(s, len, gb))
		u8_grapheme_breaks((const uint8_t *)s, len, gb);
}

/* Make w a walk over s[0..len) positioned at its first cluster. */
static void
utf8_walk_init(struct utf8_walk *w, const char *s, size_t len)
{
	w->s = s;
	w->len = len;
	w->off = 0;
	w->win_off = 0;
	w->win_end = 0;
	w->gb = NULL;
	w->gb_cap = 0;
}

/* Release w's break buffer. */
static void
utf8_walk_fini(struct utf8_walk *w)
{
	free(w->gb);
	w->gb = NULL;
}

/* Compute breaks for a window of about size bytes from w->off, ending on
 * a code point boundary unless it ends the text. */
static void
utf8_walk_fill(struct utf8_walk *w, size_t size)
{
	size_t end = w->len;

	if (size < w->len - w->off) {
		end = w->off + size;
		for (int k = 0; k < 3 && ((unsigned char)w->s[end] & 0xC0) == 0x80; k++)
			end--;
	}
	if (end - w->off > w->gb_cap) {
		w->gb_cap = end - w->off;
		free(w->gb);
		w->gb = xmalloc(w->gb_cap);
	}
	utf8_grapheme_breaks(w->s + w->off, end - w->off, w->gb);
	w->win_off = w->off;
	w->win_end = end;
}

/* Return true when the cluster at w->off is a single ASCII byte, which
 * needs no break computation: two ASCII bytes other than CR LF always have
 * a cluster break between them. */
static bool
utf8_walk_is_ascii(const struct utf8_walk *w)
{
	unsigned char c = (unsigned char)w->s[w->off];

	if (c >= 0x80)
		return false;
	if (w->off + 1 == w->len)
		return true;
	unsigned char d = (unsigned char)w->s[w->off + 1];
	return d < 0x80 && !(c == '\r' && d == '\n');
}

/* Return the byte length of the next cluster and step over it; 0 at the
 * end of the text. */
static size_t
utf8_walk_next(struct utf8_walk *w)
{
	size_t size = UTF8_WINDOW, start = w->off, j;

	if (start >= w->len)
		return 0;
	if (utf8_walk_is_ascii(w)) {
		w->off++;
		return 1;
	}
	for (;;) {
		if (start < w->win_off || start >= w->win_end)
			utf8_walk_fill(w, size);
		for (j = start + 1; j < w->win_end; j++)
			if (w->gb[j - w->win_off])
				break;
		if (j < w->win_end || w->win_end == w->len)
			break;
		size *= 2;
		w->win_end = w->win_off;	/* the cluster goes on: refill */
	}
	w->off = j;
	return j - start;
}

size_t
utf8_cluster_len(const char *s, size_t len)
{
	struct utf8_walk w;

	utf8_walk_init(&w, s, len);
	size_t n = utf8_walk_next(&w);
	utf8_walk_fini(&w);
	return n;
}

/* Return the start of the code point that ends at s[end], end > 0; a
 * stray byte counts as a code point of its own. */
static size_t
utf8_prev_start(const char *s, size_t end)
{
	size_t p = end - 1;
	uint32_t cp;

	for (int k = 0; k < 3 && p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80; k++)
		p--;
	if (utf8_decode(s + p, end - p, &cp) != end - p)
		return end - 1;
	return p;
}

/* Return true when grapheme breaks computed from s[0] on are exact: the
 * code point there is no extender, joiner or regional indicator, so no
 * rule looks back past it. */
static bool
utf8_is_anchor(const char *s, size_t len)
{
	uint32_t cp;

	utf8_decode(s, len, &cp);
	switch (uc_graphemeclusterbreak_property(cp)) {
	case GBP_EXTEND:
	case GBP_ZWJ:
	case GBP_RI:
		return false;
	default:
		return true;
	}
}

/* Return the offset of the last cluster start in s[1..len), 0 if none. */
static size_t
utf8_last_break(const char *s, size_t len)
{
	char *gb = xmalloc(len);
	size_t b = len - 1;

	utf8_grapheme_breaks(s, len, gb);
	while (b > 0 && !gb[b])
		b--;
	free(gb);
	return b;
}

size_t
utf8_cluster_len_before(const char *s, size_t len)
{
	size_t q;

	if (len == 0)
		return 0;
	q = utf8_prev_start(s, len);
	while (q > 0) {
		q = utf8_prev_start(s, q);
		if (q > 0 && !utf8_is_anchor(s + q, len - q))
			continue;
		size_t b = utf8_last_break(s + q, len - q);
		if (b > 0)
			return len - q - b;
	}
	return len;
}

/* Return the patched width of cp, or -1 when uc_width agrees with glibc. */
static int
utf8_patched_width(uint32_t cp)
{
	size_t n = sizeof utf8_width_patches / sizeof utf8_width_patches[0];

	for (size_t i = 0; i < n && utf8_width_patches[i].lo <= cp; i++)
		if (cp <= utf8_width_patches[i].hi)
			return utf8_width_patches[i].width;
	return -1;
}

int
utf8_cp_width(uint32_t cp)
{
	int w;

	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp < 0x300 || cp > 0x10FFFF)
		return 1;	/* Latin-1 and Latin extensions; controls and
				   non-characters are drawn as U+FFFD */
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3))
		return 2;	/* the bulk of CJK text, all assigned */
	if ((cp >= 0x3000 && cp <= 0x3029) || (cp >= 0x302E && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x3096) ||
	    (cp >= 0x30A0 && cp <= 0x30FF) || (cp >= 0xFF01 && cp <= 0xFF60))
		return 2;	/* CJK punctuation, kana, full-width forms */
	if (cp >= 0x2500 && cp <= 0x257F)
		return 1;	/* box drawing, which tables are made of */
	w = utf8_patched_width(cp);
	if (w >= 0)
		return w;
	w = uc_width(cp, "UTF-8");
	if (w < 0)
		return 1;
	if (w != 1 && uc_is_general_category(cp, UC_CATEGORY_Cn))
		return 1;	/* unassigned: wcwidth -1, drawn as U+FFFD */
	return w;
}

int
utf8_cluster_width(const char *s, size_t len)
{
	uint32_t cp, next;
	size_t l;

	if (len == 0)
		return 0;
	l = utf8_decode(s, len, &cp);
	if (l < len && uc_is_property_regional_indicator(cp)) {
		utf8_decode(s + l, len - l, &next);
		if (uc_is_property_regional_indicator(next))
			return 2;
	}
	return utf8_cp_width(cp);
}


/* Store in *width the width of s[0..len) when every code point in it
 * is a cluster of its own, and return true; else return false. */
static bool
utf8_simple_width(const char *s, size_t len, int *width)
{
	int w = 0;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		if (s[i] == '\r')
			return false;	/* CR LF is one cluster */
		if ((unsigned char)s[i] < 0x80) {
			w++;		/* every ASCII byte, controls as U+FFFD */
			i++;
			continue;
		}
		i += utf8_decode_fast(s + i, len - i, &cp);
		int cw = utf8_lone_cp(cp);
		if (cw < 0)
			return false;
		w += cw;
	}
	*width = w;
	return true;
}

int
utf8_width(const char *s, size_t len)
{
	struct utf8_walk w;
	size_t off = 0, n;
	int width = 0;

	if (utf8_simple_width(s, len, &width))
		return width;
	width = 0;
	utf8_walk_init(&w, s, len);
	while ((n = utf8_walk_next(&w)) > 0) {
		width += utf8_cluster_width(s + off, n);
		off += n;
	}
	utf8_walk_fini(&w);
	return width;
}

size_t
utf8_fit(const char *s, size_t len, int max_width, int *width)
{
	struct utf8_walk w;
	size_t off = 0, n;
	int used = 0;

	utf8_walk_init(&w, s, len);
	while ((n = utf8_walk_next(&w)) > 0) {
		int cw = utf8_cluster_width(s + off, n);
		if (used + cw > max_width)
			break;
		used += cw;
		off += n;
	}
	utf8_walk_fini(&w);
	if (width != NULL)
		*width = used;
	return off;
}

int
utf8_truncate(const char *s, size_t len, int max_width, struct buf *out)
{
	int width;
	size_t n = utf8_fit(s, len, max_width, &width);

	if (n < len && max_width > 0) {
		n = utf8_fit(s, n, max_width - 1, &width);
		buf_add(out, s, n);
		buf_adds(out, "\xE2\x80\xA6");
		return width + 1;
	}
	buf_add(out, s, n);
	return width;
}

bool
utf8_is_cjk(uint32_t cp)
{
	size_t n = sizeof utf8_cjk_ranges / sizeof utf8_cjk_ranges[0];

	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return true;	/* most of them */
	if (cp < utf8_cjk_ranges[0].lo)
		return false;
	for (size_t i = 0; i < n && utf8_cjk_ranges[i].lo <= cp; i++)
		if (cp <= utf8_cjk_ranges[i].hi)
			return true;
	return false;
}
