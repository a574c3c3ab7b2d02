/* SPDX-License-Identifier: MIT */
/*
 * archive.h: finding article files and reading what the list shows about
 * them (front matter, else the first heading, else the file name), without
 * reading whole bodies. The list view of the walking skeleton is built
 * from this; the SQLite index replaces the per-run scan later.
 */
#ifndef TSUNDOKU_ARCHIVE_H
#define TSUNDOKU_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>

struct err;

struct archive_entry {
	char *path;		/* heap strings; path is never NULL */
	char *title;		/* never NULL (falls back to the file name) */
	char *source;		/* NULL when unknown */
	char *date;		/* NULL when unknown */
	char *fetch_date;	/* NULL when unknown */
	char *url;		/* NULL when unknown */
};

struct archive {
	struct archive_entry *entries;	/* heap array */
	size_t n;
	size_t cap;
	char **warnings;	/* translated, heap: unreadable files and dirs */
	size_t n_warnings;
};

/* Make a empty; archive_fini frees it. */
void archive_init(struct archive *a);
void archive_fini(struct archive *a);

/* Return true when a file name looks like an article: not hidden, and
 * ending in .txt, .md or .markdown. */
bool archive_is_article_name(const char *name);

/* Add the article at path, or every article below path when it is a
 * directory (recursively, hidden entries and symlink loops skipped). Files
 * and subdirectories that cannot be read become warnings. Return false
 * with err set only when path itself does not exist or cannot be read. */
bool archive_add_path(struct archive *a, const char *path, struct err *err);

/* Sort newest first: by date, then fetch_date (both descending, missing
 * last), then title, then path. */
void archive_sort(struct archive *a);

#endif
