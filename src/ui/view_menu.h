/* SPDX-License-Identifier: MIT */
/*
 * view_menu.h: a titled list of text items to choose from: the article's
 * links and images, its outline. Enter chooses the selected item; a count
 * typed before Enter ("3 Enter") chooses item number 3. The view only
 * reports the choice (VIEW_CHOOSE); what choosing means is the app's.
 */
#ifndef TSUNDOKU_VIEW_MENU_H
#define TSUNDOKU_VIEW_MENU_H

#include <stddef.h>

#include "ui/view.h"

struct view;

struct view_menu_item {
	char *text;	/* heap string, sanitised; freed with the view */
	int indent;	/* columns to indent the text by */
	size_t value;	/* what the item stands for, for the caller */
	int swatch;	/* 1-4: a highlight colour shown before the text (its
			   name without colours); 0: none */
};

/* Create a menu of kind (links, outline, sources, highlights: its
 * bindings follow) with a title (copied) over the n items of the heap
 * array items, which the view takes over. */
struct view *view_menu_new(enum view_kind kind, const char *title,
			   struct view_menu_item *items, size_t n);

/* Return the value of the item chosen by the last VIEW_CHOOSE. */
size_t view_menu_chosen(const struct view *v);

/* Give the menu data of the caller's, which it needs back when an item
 * is chosen; data_free (NULL: none) frees it with the menu. */
void view_menu_set_data(struct view *v, void *data,
			void (*data_free)(void *data));

/* Return the data given with view_menu_set_data, or NULL. */
void *view_menu_data(const struct view *v);

#endif
