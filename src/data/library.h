/* SPDX-License-Identifier: MIT */
/*
 * library.h: the articles the list shows, read from the database in the
 * list's order and filter, never from the files, so that even 100,000
 * articles are listed at once. The list, J and K in the reader, and "mark
 * all read" all work on these rows. Which articles belong to the archive
 * at all is the store's scope (store_set_scope).
 */
#ifndef TSUNDOKU_LIBRARY_H
#define TSUNDOKU_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "data/store.h"

struct err;

struct library_row {
	int64_t id;		/* the article's row in the database */
	const char *path;	/* strings live in the library's arena */
	const char *title;	/* never NULL (the file name at worst) */
	const char *source;	/* NULL when unknown, as are the next three */
	const char *date;
	const char *fetch_date;
	struct store_place place;	/* how far it was read */
	int64_t last_opened;		/* unix seconds; 0: never */
	size_t highlights;		/* how many it has */
	bool quarantined;		/* shown with a "!": it crashed a
					   tsundoku (store_quarantine) */
};

struct library {
	struct library_row *rows;	/* heap array in the list's order */
	size_t n;			/* rows loaded */
	size_t n_total;			/* articles passing the filter */
	size_t n_unread;		/* of those, not read to the end */
	bool complete;			/* all n_total rows are loaded */
	struct arena strings;
	/* How the rows are chosen and ordered; change, then reload. */
	enum store_sort sort;
	bool unread_only;
	char *source;			/* heap; NULL: every source */
};

/* Make lib empty, sorted by date, unfiltered; library_fini frees it. */
void library_init(struct library *lib);
void library_fini(struct library *lib);

/* Show only articles from source (NULL: all). */
void library_set_source(struct library *lib, const char *source);

/* Sort the rows loaded again in lib->sort, without reading the
 * database: for a complete list whose order changed. */
void library_resort(struct library *lib);

/* Read the rows again from s with the current order and filters, the
 * first limit of them (0: all), and count them all. The first screen of
 * a 100,000-article list needs a fraction of the time the whole list
 * does: load that much, paint, then load the rest. On failure the old
 * rows stay. */
bool library_load(struct library *lib, struct store *s, size_t limit,
		  struct err *err);

/* Return the index of the row with database id, or lib->n when it is
 * not shown. */
size_t library_find(const struct library *lib, int64_t id);

/* Store in *f the filter lib's settings describe (borrowing its
 * strings). */
void library_filter(const struct library *lib, struct store_filter *f);

/* Return the untranslated name of sort order s, for the status line. */
const char *library_sort_name(enum store_sort s);

#endif
