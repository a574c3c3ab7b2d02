/* SPDX-License-Identifier: MIT */
/*
 * tally.h: how much text there is, in units a reader of mixed Chinese
 * and Latin text thinks in: Han characters (字, kana counted with them)
 * and words of the other scripts (runs of letters and digits, as
 * `wc -w` would see them in English). Punctuation, symbols, spaces and
 * markup characters count as neither. Text layer: plain bytes in, two
 * numbers out.
 */
#ifndef TSUNDOKU_TALLY_H
#define TSUNDOKU_TALLY_H

#include <stddef.h>
#include <stdint.h>

/* What a stretch of text holds. */
struct tally {
	int64_t han;	/* CJK ideographs and kana, one each */
	int64_t words;	/* runs of letters or digits of other scripts */
};

/* Add to *t what s[0..len) holds. A word cut by the end of s counts
 * once, here; so a caller adding up adjacent pieces may count a word
 * cut between them twice (at most one per piece). Invalid UTF-8 counts
 * as neither. */
void tally_text(const char *s, size_t len, struct tally *t);

#endif
