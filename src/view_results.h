/* SPDX-License-Identifier: MIT */
/*
 * view_results.h: the results of an archive-wide search: two rows per
 * article (date, source and title; then a snippet with the matches
 * marked), newest first or by relevance. Results come in pages, so the
 * first screen of a search that matches most of a large archive is
 * quick; snippets are made only for the rows shown.
 */
#ifndef TSUNDOKU_VIEW_RESULTS_H
#define TSUNDOKU_VIEW_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct store;
struct view;

/* Search s (which must outlive the view) for query and show the results,
 * newest first. Return NULL with err set when the database cannot be
 * read. */
struct view *view_results_new(struct store *s, const char *query,
			      struct err *err);

/* Return the number of articles found so far (0: nothing matched). */
size_t view_results_count(const struct view *v);

/* The query the results are for. */
const char *view_results_query(const struct view *v);

/* Return the row id and path of the result chosen by VIEW_CHOOSE. */
int64_t view_results_chosen(const struct view *v, const char **path);

/* Select the next (dir 1) or previous (-1) result, fetching more near
 * the end; return false, changing nothing, at either end. */
bool view_results_step(struct view *v, int dir);

#endif
