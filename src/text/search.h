/* SPDX-License-Identifier: MIT */
/*
 * search.h: how the full-text index cuts text into tokens (HACKING.md,
 * "Archive-wide search"). Text already folded by fold.h is split into
 * CJK characters, words and separators: every character of a CJK run is
 * one token together with the next character of the run (a bigram), or
 * alone at the run's end; a word is a run of other letters and digits.
 * store.c feeds the tokens to SQLite's FTS5 for documents and queries
 * alike; this file knows nothing of SQLite.
 */
#ifndef TSUNDOKU_SEARCH_H
#define TSUNDOKU_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

/* Receive one token: its bytes tok[0..len) and the range [start, end) of
 * folded text it stands for. Return 0 to go on, anything else to stop. */
typedef int (*search_token_fn)(void *ctx, const char *tok, size_t len,
			       size_t start, size_t end);

/* Split the folded text t[0..n) into tokens and pass each to cb; return
 * the first non-zero result of cb, or 0. */
int search_tokens(const char *t, size_t n, search_token_fn cb, void *ctx);

/* Return whether the folded text t[0..n) is one CJK character (with the
 * marks that go with it): a token of its own, and a prefix of the
 * bigrams that start with it. */
bool search_is_one_cjk(const char *t, size_t n);

/* Return whether the folded text t[0..n) has a word going on across the
 * offset off (0 < off < n): letters or digits both before and after it.
 * The index finds a Latin term only at the start of a word, so a match
 * starting there is not one. */
bool search_inside_word(const char *t, size_t n, size_t off);

#endif
