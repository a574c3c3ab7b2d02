/* SPDX-License-Identifier: MIT */
/*
 * words.h: where words and sentences start in one paragraph of plain
 * (sanitised, markup-free) text, for the reader's caret motions. Words
 * follow UAX #29 (libunistring's u8_wordbreaks), merged so that a word
 * in CJK text is a run of one script: u8_wordbreaks makes every Han and
 * every Hiragana character a word of its own, which would make `w` step
 * one character at a time. Runs of white space and runs of punctuation
 * are segments too, told apart by words_class. Sentences end after
 * 。！？ (and . ! ? before white space or the end), with the closing
 * quotes and brackets that follow. Text layer: knows nothing of
 * documents or screens.
 */
#ifndef TSUNDOKU_WORDS_H
#define TSUNDOKU_WORDS_H

#include <stddef.h>

/* What a segment is made of, by its first character. */
enum words_class {
	WORDS_SPACE,	/* white space */
	WORDS_PUNCT,	/* punctuation, symbols, emoji */
	WORDS_WORD,	/* letters, digits, marks: a word */
};

/* Fill wb[0..len) with segment starts: wb[i] != 0 iff a segment (a word,
 * a run of white space or a run of punctuation) starts at byte i. A
 * segment never starts inside a grapheme cluster; wb[0] is 1 when len >
 * 0. */
void words_breaks(const char *s, size_t len, char *wb);

/* Return the class of the character at s[0..len) (len > 0). */
enum words_class words_class(const char *s, size_t len);

/* Fill sb[0..len) with sentence starts: sb[i] != 0 iff a sentence starts
 * at byte i. The first character that is not white space starts one;
 * so does the first one after a sentence's end and the white space that
 * follows it. */
void words_sentences(const char *s, size_t len, char *sb);

#endif
