/* SPDX-License-Identifier: MIT */
/*
 * view_list.h: the article list: one row per article with columns for
 * state (a mark for never opened, the percentage read while in
 * progress, "!" for a quarantined file: quarantine.h), date, source and title, wide characters truncated at
 * cluster boundaries with an ellipsis. The status line counts articles
 * and unread ones and names the order and filters.
 */
#ifndef TSUNDOKU_VIEW_LIST_H
#define TSUNDOKU_VIEW_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct conf;
struct library;
struct view;

/* Create the list over lib's rows, which stay the caller's, must
 * outlive the view, and may be reloaded between paints (then call
 * view_list_reloaded). conf (date-format) stays the caller's too. Free
 * with v->ops->free. */
struct view *view_list_new(const struct library *lib, const struct conf *conf);

/* Return the index of the selected row; the list must not be empty. */
size_t view_list_selected(const struct view *v);

/* Select row i (clamped to the rows there are). */
void view_list_select(struct view *v, size_t i);

/* The library was reloaded: select the same article again, or the row
 * where it was when it is no longer shown. */
void view_list_reloaded(struct view *v);

/* Select the entry shown on screen row row at the last paint (a mouse
 * click); return false, changing nothing, when no entry is there. */
bool view_list_click(struct view *v, int row);

#endif
