/* SPDX-License-Identifier: MIT */
/*
 * snippet.h: the piece of an article shown under a search result. The
 * window starts a little before the first match of the query's terms and
 * runs for a given number of columns; every match inside it is marked.
 *
 * Terms match as the full-text index matches them (HACKING.md,
 * "Archive-wide search"): folded (fold.h: case and width), a term that
 * begins with a letter or digit only at the start of a word, CJK
 * anywhere. A term is the user's text between white space, from its
 * first token to its last (search.h), so `"数据"` looks for 数据 and
 * GPT-4 for gpt-4. The index is not asked: this works on the text alone,
 * a few tens of microseconds for an article of 10 KB.
 */
#ifndef TSUNDOKU_SNIPPET_H
#define TSUNDOKU_SNIPPET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "text/fold.h"

/* A query made ready for snippets, and scratch space reused between
 * articles. */
struct snippet_query {
	struct buf terms;	/* folded terms, each followed by a NUL */
	size_t n;		/* how many */
	struct fold fold;	/* the text being cut (scratch) */
};

/* Fold and split the user's query text into q. */
void snippet_query_init(struct snippet_query *q, const char *text);

/* Release q's memory. */
void snippet_query_fini(struct snippet_query *q);

/* Return whether a term of q occurs in text[0..len), as snippet_make
 * would find it. */
bool snippet_occurs(struct snippet_query *q, const char *text, size_t len);

/* Marks put around each match; "" for none. */
struct snippet_marks {
	const char *open;
	const char *close;
};

/* Append to out the snippet of text[0..len) (sanitised UTF-8) for q:
 * about cols columns (at least 8) of text around the first match, with
 * "…" where it was cut, line breaks kept, and every match inside marked.
 * Return false, appending nothing, when no term occurs in text. */
bool snippet_make(struct snippet_query *q, const char *text, size_t len,
		  int cols, const struct snippet_marks *marks,
		  struct buf *out);

#endif
