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
	unsigned long version;		/* moves with every load and change
					   of a row: a list read in the
					   background is stale once it moved */
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

/* Show that article id now has place pl (n_unread follows), without
 * reading the database: a change the caller has just written. */
void library_set_place(struct library *lib, int64_t id,
		       const struct store_place *pl);

/* Show that article id has n highlights, or, with add, n more (n may be
 * (size_t)-1 then: one less). */
void library_set_highlights(struct library *lib, int64_t id, size_t n,
			    bool add);

/*
 * The whole list read in a thread of its own, through a connection of
 * its own, while the loop answers keys from the first rows: at 100,000
 * articles the first screen takes a few ms and the whole list 150 ms or
 * more. The thread reads in the order and filters lib had when it
 * started; what it read is taken only while lib has not changed since
 * (version), else the caller starts another.
 */
struct library_bg;

/* Start reading every row of lib's order and filters from the database
 * at db_path, limited to roots (copied; see store_set_scope), in a new
 * thread; with hold (for tests), only once library_bg_take asks for
 * them. Return NULL when no thread could be started. */
struct library_bg *library_bg_start(const struct library *lib,
				    const char *db_path,
				    char *const *roots, size_t n_roots,
				    bool hold);

/* For tests: whether TSUNDOKU_DEBUG_HOLD_LIST asks the rest of the list
 * to be read only when a key needs it (library_bg_start's hold). */
bool library_debug_hold_rest(void);

/* Return true once bg has finished reading (it does not wait). */
bool library_bg_done(struct library_bg *bg);

/* Wait for bg to finish and free it. When it read every row and lib has
 * not changed since it started, put them in lib (complete then) and
 * return true; otherwise lib keeps its rows and false is returned, err
 * set when the database could not be read. */
bool library_bg_take(struct library_bg *bg, struct library *lib,
		     struct err *err);

/* Stop bg as soon as it can and free it, keeping nothing of what it
 * read; NULL is allowed. */
void library_bg_free(struct library_bg *bg);

/* Store in *f the filter lib's settings describe (borrowing its
 * strings). */
void library_filter(const struct library *lib, struct store_filter *f);

/* Return the untranslated name of sort order s, for the status line. */
const char *library_sort_name(enum store_sort s);

#endif
