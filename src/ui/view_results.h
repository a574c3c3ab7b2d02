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

struct store_hit;
struct store_query;
struct view;

/* Make the results of query (copied), newest first; empty until the app
 * feeds them. Free with v->ops->free. */
struct view *view_results_new(const char *query);

/* Fill *q with the search the view shows (its text, order, how many
 * hits); return true when its hits must be fetched (again): at first,
 * after s (order) and near the end of those fetched. The app then calls
 * view_results_clear, store_search with view_results_add_hit and v as
 * its context, and view_results_fed, before the next paint. */
bool view_results_wants_hits(const struct view *v, struct store_query *q);

/* Say how far the indexing under way is (0-100), whose articles may
 * still add hits, or that none is (-1): the count says it may grow. */
void view_results_set_indexing(struct view *v, int percent);

/* Forget the hits, for new ones. */
void view_results_clear(struct view *v);

/* store_hit_fn: add one hit to the view ctx. */
bool view_results_add_hit(const struct store_hit *h, void *ctx);

/* The hits are in: keep the cursor on one. */
void view_results_fed(struct view *v);

/* Store in ids[0..max) the ids of the results a paint of rows rows will
 * show without a snippet yet, and in *q the search to make them for;
 * return how many. Those without one after store_snippets (with
 * view_results_add_snippet and v as context) show a blank line. */
size_t view_results_wants_snippets(struct view *v, int rows, int64_t *ids,
				   size_t max, struct store_query *q);

/* store_snippet_fn: give the result with id its snippet in view ctx. */
bool view_results_add_snippet(int64_t id, const char *snippet, void *ctx);

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
