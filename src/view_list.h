/* SPDX-License-Identifier: MIT */
/*
 * view_list.h: the article list: one row per article with columns for
 * state (a mark for never opened, the percentage read while in
 * progress), date, source and title, wide
 * characters truncated at cluster boundaries with an ellipsis.
 */
#ifndef TSUNDOKU_VIEW_LIST_H
#define TSUNDOKU_VIEW_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct archive;
struct store_place;
struct view;

/* Create the list over ar's entries; places[i] tells how far entry i was
 * read. Both stay owned by the caller, must outlive the view, and
 * may change between paints. Free with v->ops->free. */
struct view *view_list_new(const struct archive *ar,
			   const struct store_place *places);

/* Return the index of the selected entry; the list must not be empty. */
size_t view_list_selected(const struct view *v);

/* Select the entry shown on screen row row at the last paint (a mouse
 * click); return false, changing nothing, when no entry is there. */
bool view_list_click(struct view *v, int row);

#endif
