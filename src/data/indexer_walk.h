/* SPDX-License-Identifier: MIT */
/*
 * indexer_walk.h: the indexer's directory walk. It finds the article
 * files below the paths it is given by reading directories and stat-ing
 * entries, never reading a file, so that a walk of 100,000 files costs
 * what `find` costs. It also records which directories it read whole:
 * only below those may an article the walk did not find be called
 * missing (a root that is not mounted, an unreadable subdirectory or a
 * path given alone says nothing about its siblings).
 */
#ifndef TSUNDOKU_INDEXER_WALK_H
#define TSUNDOKU_INDEXER_WALK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct indexer_walk_dir_id;

/* One article file found by the walk. */
struct indexer_walk_file {
	char *path;		/* canonical: the root's realpath + names */
	int64_t size;
	int64_t mtime_ns;
	char *problem;		/* NULL, or why it cannot be read
				   (translated): a dangling link, a FIFO */
};

struct indexer_walk {
	struct indexer_walk_file *files;	/* heap array; sorted by
						   path, no duplicates,
						   after indexer_walk_done */
	size_t n_files;
	size_t cap_files;
	char **dirs;		/* directories walked whole (canonical) */
	size_t n_dirs;
	char **failed;		/* directories below those that could not
				   be read: their files are not missing */
	size_t n_failed;
	char **warnings;	/* translated: paths that could not be read */
	size_t n_warnings;
	size_t n_bad_paths;	/* paths given that do not exist or cannot
				   be read at all */
	struct indexer_walk_dir_id *seen;	/* directories visited, to
						   skip symlink loops */
	const atomic_bool *stop;	/* NULL, or set by another thread to
					   cut the walk short (the result is
					   then incomplete: mark nothing
					   missing from it) */
	size_t max_files;	/* 0, or stop once this many files are
				   found (the result is then incomplete,
				   as after a stop) */
	size_t n_seen;
	size_t cap_seen;
	size_t *unstatted;	/* files the directory said are regular,
				   stat-ed together in indexer_walk_done */
	size_t n_unstatted;
	size_t cap_unstatted;
};

struct stat;

/* Return the modification time in sb in nanoseconds, as rows keep it. */
int64_t indexer_mtime_ns(const struct stat *sb);

/* Make w empty; indexer_walk_fini frees it. */
void indexer_walk_init(struct indexer_walk *w);
void indexer_walk_fini(struct indexer_walk *w);

/* Add the article file at path, or every article file below the
 * directory path (recursively; hidden entries skipped). A path given
 * here is indexed whatever its name; below a directory only names
 * archive_is_article_name accepts count. Problems become warnings. */
void indexer_walk_add(struct indexer_walk *w, const char *path);

/* Stat the files the walk has not (several at a time: a cold disk
 * answers one by one slowly), then sort the files by path and drop
 * duplicates (a file given alone and found again below a directory). */
void indexer_walk_done(struct indexer_walk *w);

/* Return true when the absent file path may be called missing: it lies
 * below a directory walked whole and not below one that failed. */
bool indexer_walk_covers(const struct indexer_walk *w, const char *path);

#endif
