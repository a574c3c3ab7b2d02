/* SPDX-License-Identifier: MIT */
/*
 * words.c: words and sentences for caret motions.
 *
 * UAX #29 makes every Han or kana character a word of its own; for the
 * caret that is useless, so runs of one script are merged into one word.
 * A sentence ends after 。！？ and after . ! ? followed by white space.
 */
#include "config.h"
#include "text/words.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uniwbrk.h>

#include "text/utf8.h"
#include "base/xmem.h"

/* Scripts whose runs make one word, though UAX #29 splits them into
 * single characters: 0 for every other character. */
enum words_script { WORDS_OTHER, WORDS_HAN, WORDS_HIRAGANA, WORDS_KATAKANA };

/* Return the CJK script class of cp (the prolonged sound mark ー goes
 * with Katakana, the iteration marks with Han). */
static enum words_script
words_script(uint32_t cp)
{
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
	    (cp >= 0x3005 && cp <= 0x3007))
		return WORDS_HAN;
	if (cp >= 0x3041 && cp <= 0x309F)
		return WORDS_HIRAGANA;
	if ((cp >= 0x30A0 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	    (cp >= 0xFF66 && cp <= 0xFF9F))
		return WORDS_KATAKANA;
	return WORDS_OTHER;
}

/* Return the class of code point cp. */
static enum words_class
words_class_cp(uint32_t cp)
{
	if (uc_is_property_white_space(cp))
		return WORDS_SPACE;
	if (uc_is_general_category(cp, UC_LETTER) ||
	    uc_is_general_category(cp, UC_NUMBER) ||
	    uc_is_general_category(cp, UC_MARK) || cp == '_')
		return WORDS_WORD;
	return WORDS_PUNCT;
}

enum words_class
words_class(const char *s, size_t len)
{
	uint32_t cp;

	utf8_decode(s, len, &cp);
	return words_class_cp(cp);
}

/* Return true when a UAX #29 break between code points a and b is to be
 * dropped: both in one CJK script, both white space, or both
 * punctuation. */
static bool
words_merge(uint32_t a, uint32_t b)
{
	enum words_script sa = words_script(a);
	enum words_class ca = words_class_cp(a), cb = words_class_cp(b);

	if (sa != WORDS_OTHER)
		return sa == words_script(b);
	return ca == cb && ca != WORDS_WORD;
}

void
words_breaks(const char *s, size_t len, char *wb)
{
	char *gb = wb;	/* grapheme starts first, then word starts */
	uint32_t prev = 0;

	if (len == 0)
		return;
	utf8_grapheme_breaks(s, len, gb);
	/* u8_wordbreaks writes an array of its own; gb is read meanwhile. */
	char *p = xmalloc(len);
	u8_wordbreaks((const uint8_t *)s, len, p);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (i == 0)
			wb[i] = 1;
		else if (!gb[i])
			wb[i] = 0;
		else
			wb[i] = p[i] && !words_merge(prev, cp);
		for (size_t k = 1; k < n && i + k < len; k++)
			wb[i + k] = 0;
		prev = cp;
		i += n;
	}
	free(p);
}

/* Return true when cp ends a sentence wherever it stands. */
static bool
words_is_cjk_stop(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E ||
	       cp == 0xFF61 || cp == 0x203C || cp == 0x2047 || cp == 0x2048 ||
	       cp == 0x2049;
}

/* Return true when cp may close a sentence after its full stop: quotes
 * and closing brackets. */
static bool
words_is_closer(uint32_t cp)
{
	static const uint32_t closers[] = {
		'"', '\'', ')', ']', 0x2019, 0x201D, 0x300D, 0x300F, 0xFF09,
		0x3011, 0x300B, 0x3009, 0xFF3D, 0x00BB, 0x203A,
	};

	for (size_t i = 0; i < sizeof closers / sizeof closers[0]; i++)
		if (closers[i] == cp)
			return true;
	return false;
}

/* Return where the sentence whose stop character starts at i ends: after
 * the run of stops and closers that follows; 0 when the stop at i does
 * not end a sentence (an ASCII stop not followed by white space or the
 * end: "3.14", "U.S.A", "e.g."). */
static size_t
words_sentence_end(const char *s, size_t len, size_t i)
{
	bool cjk = false;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (words_is_cjk_stop(cp))
			cjk = true;
		else if (cp != '.' && cp != '!' && cp != '?' && cp != 0x2026 &&
			 !words_is_closer(cp))
			break;
		i += n;
	}
	if (cjk || i == len)
		return i;
	utf8_decode(s + i, len - i, &cp);
	return uc_is_property_white_space(cp) ? i : 0;
}

/* Return true when cp can be the first character of a sentence end. */
static bool
words_is_stop(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || words_is_cjk_stop(cp);
}

void
words_sentences(const char *s, size_t len, char *sb)
{
	bool want = true;	/* the next non-space character starts one */

	memset(sb, 0, len);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (uc_is_property_white_space(cp)) {
			i += n;
			continue;
		}
		if (want) {
			sb[i] = 1;
			want = false;
		}
		size_t end = words_is_stop(cp) ? words_sentence_end(s, len, i) : 0;
		if (end > 0) {
			want = true;
			i = end;
		} else {
			i += utf8_cluster_len(s + i, len - i);
		}
	}
}
