/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "text/search.h"

#include <stdint.h>

#include "text/utf8.h"

enum search_class {
	SEARCH_SEP,	/* separates tokens */
	SEARCH_WORD,	/* letter or digit of a word */
	SEARCH_CJK,	/* Han, kana, Hangul, Bopomofo: one token each */
	SEARCH_MARK,	/* combining mark, selector: belongs to what precedes */
};

/* A range of code points of one class, both ends included. */
struct search_class_range {
	uint32_t lo;
	uint32_t hi;
	enum search_class cls;
};

/* Non-ASCII code points that are not word characters, sorted by lo; the
 * rest are. Folded text only: NFKC has already turned full-width ASCII,
 * half-width kana and most compatibility forms into their plain forms. */
static const struct search_class_range search_classes[] = {
	{ 0x0080, 0x00BF, SEARCH_SEP },		/* Latin-1 punctuation */
	{ 0x00D7, 0x00D7, SEARCH_SEP },		/* multiplication sign */
	{ 0x00F7, 0x00F7, SEARCH_SEP },		/* division sign */
	{ 0x0300, 0x036F, SEARCH_MARK },		/* combining diacritics */
	{ 0x1100, 0x11FF, SEARCH_CJK },		/* Hangul jamo */
	{ 0x1AB0, 0x1AFF, SEARCH_MARK },
	{ 0x1DC0, 0x1DFF, SEARCH_MARK },
	{ 0x2000, 0x200C, SEARCH_SEP },		/* spaces, zero width */
	{ 0x200D, 0x200D, SEARCH_MARK },		/* zero width joiner */
	{ 0x200E, 0x20CF, SEARCH_SEP },		/* punctuation, currency */
	{ 0x20D0, 0x20FF, SEARCH_MARK },
	{ 0x2100, 0x2BFF, SEARCH_SEP },		/* symbols, arrows, boxes */
	{ 0x2E00, 0x2E7F, SEARCH_SEP },		/* more punctuation */
	{ 0x2E80, 0x2FDF, SEARCH_CJK },		/* radicals */
	{ 0x2FF0, 0x3004, SEARCH_SEP },		/* ideographic space, 、。 */
	{ 0x3005, 0x3007, SEARCH_CJK },		/* 々〆〇 */
	{ 0x3008, 0x3020, SEARCH_SEP },		/* brackets 「」【】 */
	{ 0x3021, 0x3029, SEARCH_CJK },		/* Hangzhou numerals */
	{ 0x302A, 0x302F, SEARCH_MARK },
	{ 0x3030, 0x3030, SEARCH_SEP },
	{ 0x3031, 0x3035, SEARCH_CJK },		/* kana repeat marks */
	{ 0x3036, 0x3037, SEARCH_SEP },
	{ 0x3038, 0x303C, SEARCH_CJK },
	{ 0x303D, 0x3040, SEARCH_SEP },
	{ 0x3041, 0x3098, SEARCH_CJK },		/* hiragana */
	{ 0x3099, 0x309A, SEARCH_MARK },		/* combining voicing marks */
	{ 0x309B, 0x309F, SEARCH_CJK },
	{ 0x30A0, 0x30A0, SEARCH_SEP },
	{ 0x30A1, 0x30FA, SEARCH_CJK },		/* katakana */
	{ 0x30FB, 0x30FB, SEARCH_SEP },		/* katakana middle dot */
	{ 0x30FC, 0x30FF, SEARCH_CJK },		/* prolonged sound mark */
	{ 0x3100, 0x31BF, SEARCH_CJK },		/* Bopomofo, Hangul jamo */
	{ 0x31C0, 0x31EF, SEARCH_SEP },		/* strokes */
	{ 0x31F0, 0x31FF, SEARCH_CJK },		/* katakana extension */
	{ 0x3200, 0x33FF, SEARCH_SEP },		/* enclosed, squared forms */
	{ 0x3400, 0x4DBF, SEARCH_CJK },		/* ideographs, extension A */
	{ 0x4DC0, 0x4DFF, SEARCH_SEP },		/* hexagrams */
	{ 0x4E00, 0x9FFF, SEARCH_CJK },		/* unified ideographs */
	{ 0xA960, 0xA97F, SEARCH_CJK },		/* Hangul jamo extension A */
	{ 0xAC00, 0xD7FF, SEARCH_CJK },		/* Hangul syllables, jamo */
	{ 0xE000, 0xF8FF, SEARCH_SEP },		/* private use */
	{ 0xF900, 0xFAFF, SEARCH_CJK },		/* compatibility ideographs */
	{ 0xFE00, 0xFE0F, SEARCH_MARK },		/* variation selectors */
	{ 0xFE10, 0xFE1F, SEARCH_SEP },
	{ 0xFE20, 0xFE2F, SEARCH_MARK },
	{ 0xFE30, 0xFE6F, SEARCH_SEP },		/* CJK compatibility forms */
	{ 0xFEFF, 0xFF65, SEARCH_SEP },		/* full-width punctuation */
	{ 0xFF66, 0xFFDC, SEARCH_CJK },		/* half-width kana, Hangul */
	{ 0xFFE0, 0xFFFF, SEARCH_SEP },		/* U+FFFD among others */
	{ 0x1B000, 0x1B16F, SEARCH_CJK },	/* kana supplement */
	{ 0x1F000, 0x1FAFF, SEARCH_SEP },	/* emoji, symbols */
	{ 0x20000, 0x3FFFF, SEARCH_CJK },	/* ideographs, extensions */
	{ 0xE0000, 0xE007F, SEARCH_SEP },	/* tags */
	{ 0xE0100, 0xE01EF, SEARCH_MARK },	/* variation selectors */
};

/* Return the class of the code point cp of folded text. */
static enum search_class
search_class_of(uint32_t cp)
{
	size_t lo = 0, hi = sizeof search_classes / sizeof search_classes[0];

	if (cp < 0x80) {
		bool alnum = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')
			|| (cp >= 'A' && cp <= 'Z');
		return alnum ? SEARCH_WORD : SEARCH_SEP;
	}
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return SEARCH_CJK;	/* the common case, first */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < search_classes[mid].lo)
			hi = mid;
		else if (cp > search_classes[mid].hi)
			lo = mid + 1;
		else
			return search_classes[mid].cls;
	}
	return SEARCH_WORD;
}

/* Return the class of the code point at t[i] (i < n); store its byte
 * length in *len. */
static enum search_class
search_class_at(const char *t, size_t n, size_t i, size_t *len)
{
	uint32_t cp;

	*len = utf8_decode(t + i, n - i, &cp);
	return search_class_of(cp);
}

/* Return where the code points of t[0..n) from i on that are in class
 * cls or are marks end. */
static size_t
search_skip(const char *t, size_t n, size_t i, enum search_class cls)
{
	size_t len;

	while (i < n) {
		enum search_class c = search_class_at(t, n, i, &len);
		if (c != cls && c != SEARCH_MARK)
			break;
		i += len;
	}
	return i;
}

/* Emit the CJK run whose first code point is t[i..i + len): each
 * character (with its marks) together with the next one, the last alone;
 * store where the run ends in *end and return the first failing result
 * code of cb or 0. */
static int
search_tokens_cjk(const char *t, size_t n, size_t i, size_t len, size_t *end,
		  search_token_fn cb, void *ctx)
{
	size_t cur_end = search_skip(t, n, i + len, SEARCH_MARK);
	int rc = 0;

	while (rc == 0) {
		size_t next_end = cur_end;
		if (cur_end < n
		    && search_class_at(t, n, cur_end, &len) == SEARCH_CJK)
			next_end = search_skip(t, n, cur_end + len, SEARCH_MARK);
		rc = cb(ctx, t + i, next_end - i, i, cur_end);
		if (next_end == cur_end)
			break;
		i = cur_end;
		cur_end = next_end;
	}
	*end = cur_end;
	return rc;
}

int
search_tokens(const char *t, size_t n, search_token_fn cb, void *ctx)
{
	size_t i = 0, len, end;
	int rc = 0;

	while (i < n && rc == 0) {
		enum search_class c = search_class_at(t, n, i, &len);
		if (c == SEARCH_CJK) {
			rc = search_tokens_cjk(t, n, i, len, &end, cb, ctx);
			i = end;
		} else if (c == SEARCH_WORD) {
			end = search_skip(t, n, i + len, SEARCH_WORD);
			rc = cb(ctx, t + i, end - i, i, end);
			i = end;
		} else {
			i += len;
		}
	}
	return rc;
}

bool
search_inside_word(const char *t, size_t n, size_t off)
{
	size_t before = off, len;

	if (off == 0 || off >= n)
		return false;
	while (before > 0 && ((unsigned char)t[before - 1] & 0xC0) == 0x80)
		before--;	/* back over continuation bytes */
	if (before > 0)
		before--;
	return search_class_at(t, n, before, &len) == SEARCH_WORD
		&& search_class_at(t, n, off, &len) == SEARCH_WORD;
}

bool
search_is_one_cjk(const char *t, size_t n)
{
	size_t len;

	return n > 0 && search_class_at(t, n, 0, &len) == SEARCH_CJK &&
	       search_skip(t, n, len, SEARCH_MARK) == n;
}
