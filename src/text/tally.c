/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "text/tally.h"

#include <stdbool.h>
#include <stdint.h>

#include "text/utf8.h"

/* Return true when cp counts as a Han character: an ideograph or kana.
 * CJK punctuation and full-width forms are excluded (utf8_is_cjk says
 * yes to them: it is about line breaking). */
static bool
tally_is_han(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF && cp != 0x30FB && cp != 0x30FC) ||
	       (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Return true when cp is part of a word of a non-Han script: ASCII
 * letters and digits, the apostrophe and hyphen inside words being the
 * caller's business, and any letter above U+00BF that is not Han, CJK
 * punctuation or a full-width symbol. */
static bool
tally_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
		return false;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F))
		return false;	/* punctuation, symbols, CJK punctuation */
	if (cp >= 0xFF00 && cp <= 0xFFEF)	/* full-width: letters only */
		return (cp >= 0xFF10 && cp <= 0xFF19) ||
		       (cp >= 0xFF21 && cp <= 0xFF3A) ||
		       (cp >= 0xFF41 && cp <= 0xFF5A);
	return !utf8_is_cjk(cp) && !(cp >= 0x1F000 && cp <= 0x1FAFF);
}

void
tally_text(const char *s, size_t len, struct tally *t)
{
	bool in_word = false;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		bool glue = in_word && (cp == '\'' || cp == 0x2019 || cp == '-') &&
			    i + n < len;

		if (tally_is_han(cp)) {
			t->han++;
			in_word = false;
		} else if (tally_is_word(cp)) {
			t->words += !in_word;
			in_word = true;
		} else if (!glue) {
			in_word = false;
		}
		i += n;
	}
}
