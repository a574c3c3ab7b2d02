/* SPDX-License-Identifier: MIT */
/*
 * fold.h: search folding. Text and queries are folded the same way, so a
 * plain byte search in folded text is case- and width-insensitive: each
 * grapheme cluster goes through u8_casefold with NFKC (ＡＢＣ and ABC fold to
 * abc, ｶﾞ to ガ, Straße to strasse, É and e + U+0301 to é, full-width digits
 * to ASCII digits); CJK text is unchanged. Lengths change, so folded text
 * keeps a map from every folded byte back to the source cluster it came
 * from, which turns a hit in folded text into a source range.
 *
 * Folding works per grapheme cluster because normalisation never composes
 * across a cluster boundary (ｶ + ﾞ is one cluster). ASCII, Han, kana,
 * Hangul syllables and the common CJK and full-width punctuation take a fast
 * path that needs no call into libunistring (the tests check it against
 * u8_casefold code point by code point).
 *
 * Input is meant to be sanitised text (utf8_sanitize); anything else is
 * accepted, and an invalid sequence folds to U+FFFD as sanitising would
 * make it (mapped back to the invalid bytes).
 * This module knows nothing about documents; find.c applies it to them.
 */
#ifndef TSUNDOKU_FOLD_H
#define TSUNDOKU_FOLD_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Folded text with its map back to the source. Read text, len and map;
 * the other members are scratch space kept between calls. */
struct fold {
	char *text;	/* folded bytes, NUL-terminated; NULL before use */
	size_t len;	/* bytes of folded text */
	size_t *map;	/* len + 1 entries: map[i] is the source offset where
			   the cluster that folded byte i came from starts;
			   map[len] is the source length; non-decreasing */
	size_t cap;	/* entries allocated in text and map */
	char *gb;	/* grapheme breaks of the source (scratch) */
	size_t gb_cap;	/* bytes allocated for gb */
};

/* Make f empty without allocating. */
void fold_init(struct fold *f);

/* Release f's memory and make it empty again; NULL is allowed. */
void fold_fini(struct fold *f);

/* Fold s[0..len) into out, replacing what it held (its memory is reused,
 * so folding many blocks one after the other allocates little). The result
 * stays valid until the next fold_text or fold_fini on out. */
void fold_text(const char *s, size_t len, struct fold *out);

/* Map the folded range [i, j) of f (i < j <= f->len) back to the source
 * f was folded from: *off is where the source cluster holding folded byte i
 * starts, *end where the cluster holding folded byte j - 1 ends. A hit may
 * end inside the folded form of a cluster (query "s" in "ß"); the whole
 * cluster is then part of the source range. Return the folded offset where
 * that last cluster's bytes end (>= j): a search for the next hit resumes
 * there, so two hits never share a source cluster. */
size_t fold_map(const struct fold *f, size_t i, size_t j, size_t *off,
		size_t *end);

/* Return whether c is ASCII white space, all that folded white space
 * can be: what separates the terms of a query. */
bool fold_is_blank(char c);

/* Append the folded form of the user's query s[0..len) to out, without
 * the white space around it (ASCII blanks, and whatever folds to them such
 * as U+3000 and NBSP). Appends nothing for a query of white space only. */
void fold_query(const char *s, size_t len, struct buf *out);

#endif
