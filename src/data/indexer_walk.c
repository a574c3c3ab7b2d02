/* SPDX-License-Identifier: MIT */
/*
 * indexer_walk.c: the scan of an indexing run.
 *
 * The roots are walked with readdir and stat only, never opening a file
 * (hidden entries skipped, symlink loops cut by device and inode), so a
 * run with nothing to read costs a fraction of a second even at 10,000
 * files. Paths are canonical: an article's key. An entry named like an
 * article that cannot be stat-ed or is not a regular file is kept as
 * unreadable. The walk records the directories it read whole and those it
 * could not read, because a row is gone only when its path lies below a
 * directory walked whole: an unmounted disk or an unreadable subdirectory
 * never makes its articles missing.
 */
#include "config.h"
#include "data/indexer_walk.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "document/archive.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/xmem.h"

/* Stats in flight when many files wait for one: stat-ing 100,000 files
 * one by one with a cold cache took 1.6 s here. */
#define INDEXER_WALK_STATTERS 8
/* Files each statter takes at a time, and the fewest worth threads. */
#define INDEXER_WALK_STAT_CHUNK 256

/* A directory already walked, by identity. */
struct indexer_walk_dir_id {
	dev_t dev;
	ino_t ino;
};

int64_t
indexer_mtime_ns(const struct stat *sb)
{
	return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

void
indexer_walk_init(struct indexer_walk *w)
{
	memset(w, 0, sizeof *w);
}

/* Free the strings of list[0..n) and list itself. */
static void
indexer_walk_free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
indexer_walk_fini(struct indexer_walk *w)
{
	for (size_t i = 0; i < w->n_files; i++) {
		free(w->files[i].path);
		free(w->files[i].problem);
	}
	free(w->files);
	indexer_walk_free_list(w->dirs, w->n_dirs);
	indexer_walk_free_list(w->failed, w->n_failed);
	indexer_walk_free_list(w->warnings, w->n_warnings);
	free(w->seen);
	free(w->unstatted);
	indexer_walk_init(w);
}

/* Add a formatted, translated warning. */
static void indexer_walk_warn(struct indexer_walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
indexer_walk_warn(struct indexer_walk *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_list_vaddf(&w->warnings, &w->n_warnings, fmt, ap);
	va_end(ap);
}

/* Append a file found at path, described by sb (NULL when it could not
 * be examined, problem then says why; problem is copied). */
static void
indexer_walk_file(struct indexer_walk *w, const char *path,
		  const struct stat *sb, const char *problem)
{
	struct indexer_walk_file *f;

	if (w->n_files == w->cap_files) {
		w->cap_files = w->cap_files ? 2 * w->cap_files : 256;
		w->files = xreallocarray(w->files, w->cap_files,
					 sizeof *w->files);
	}
	f = &w->files[w->n_files++];
	f->path = xstrdup(path);
	f->size = sb ? (int64_t)sb->st_size : -1;
	f->mtime_ns = sb ? indexer_mtime_ns(sb) : -1;
	f->problem = problem ? xstrdup(problem) : NULL;
}

/* Record the directory sb as visited; return false when it was. A
 * linear search: archives have hundreds of directories, not millions. */
static bool
indexer_walk_mark_dir(struct indexer_walk *w, const struct stat *sb)
{
	for (size_t i = 0; i < w->n_seen; i++)
		if (w->seen[i].dev == sb->st_dev && w->seen[i].ino == sb->st_ino)
			return false;
	if (w->n_seen == w->cap_seen) {
		w->cap_seen = w->cap_seen ? 2 * w->cap_seen : 16;
		w->seen = xreallocarray(w->seen, w->cap_seen, sizeof *w->seen);
	}
	w->seen[w->n_seen++] = (struct indexer_walk_dir_id){
		.dev = sb->st_dev, .ino = sb->st_ino,
	};
	return true;
}

static void indexer_walk_dir(struct indexer_walk *w, const char *path);

/* Handle the directory entry path (file name name) of a walk. Regular
 * files with other names are skipped without a stat when the directory
 * says what they are. */
static void
indexer_walk_entry(struct indexer_walk *w, const char *path,
		   const char *name, unsigned char type)
{
	bool article = archive_is_article_name(name);
	struct stat sb;

	if (type == DT_REG && !article)
		return;
	if (type == DT_REG) {	/* stat-ed later, with the others */
		if (w->n_unstatted == w->cap_unstatted) {
			w->cap_unstatted = w->cap_unstatted ?
				2 * w->cap_unstatted : 256;
			w->unstatted = xreallocarray(w->unstatted,
				w->cap_unstatted, sizeof *w->unstatted);
		}
		w->unstatted[w->n_unstatted++] = w->n_files;
		indexer_walk_file(w, path, NULL, NULL);
		return;
	}
	if (stat(path, &sb) != 0) {
		if (article)	/* a dangling link, a file just gone */
			indexer_walk_file(w, path, NULL, strerror(errno));
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (indexer_walk_mark_dir(w, &sb))
			indexer_walk_dir(w, path);
	} else if (article) {
		indexer_walk_file(w, path, &sb, S_ISREG(sb.st_mode) ? NULL
				  : _("not a regular file"));
	}
}

/* Walk the directory path recursively; a directory that cannot be read
 * is a warning, and no file below it will be called missing. */
static void
indexer_walk_dir(struct indexer_walk *w, const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *ent;
	struct buf child;
	size_t plen = strlen(path);

	if (dir == NULL) {
		indexer_walk_warn(w, _("cannot read %s: %s"), path,
				  strerror(errno));
		buf_list_add(&w->failed, &w->n_failed, xstrdup(path));
		return;
	}
	buf_init(&child);
	while ((ent = readdir(dir)) != NULL) {
		if ((w->stop != NULL && atomic_load(w->stop)) ||
		    (w->max_files > 0 && w->n_files >= w->max_files))
			break;	/* a cold walk of 100,000 files takes seconds */
		if (ent->d_name[0] == '.')
			continue;
		buf_clear(&child);
		buf_add(&child, path, plen);
		if (plen == 0 || path[plen - 1] != '/')
			buf_addc(&child, '/');
		buf_adds(&child, ent->d_name);
		indexer_walk_entry(w, buf_str(&child), ent->d_name,
				   ent->d_type);
	}
	closedir(dir);
	buf_fini(&child);
}

void
indexer_walk_add(struct indexer_walk *w, const char *path)
{
	char *real = realpath(path, NULL);
	struct stat sb;

	if (real == NULL || stat(real, &sb) != 0) {
		indexer_walk_warn(w, _("cannot open %s: %s"), path,
				  strerror(errno));
		w->n_bad_paths++;
	} else if (S_ISDIR(sb.st_mode)) {
		buf_list_add(&w->dirs, &w->n_dirs, xstrdup(real));
		if (indexer_walk_mark_dir(w, &sb))
			indexer_walk_dir(w, real);
	} else if (S_ISREG(sb.st_mode)) {
		indexer_walk_file(w, real, &sb, NULL);
	} else {
		indexer_walk_warn(w, _("cannot open %s: %s"), path,
				  _("not a regular file"));
		w->n_bad_paths++;
	}
	free(real);
}

/* qsort comparator: files by path. */
static int
indexer_walk_cmp(const void *p, const void *q)
{
	const struct indexer_walk_file *x = p, *y = q;

	return strcmp(x->path, y->path);
}

/* The files still to stat, shared by the statters. */
struct indexer_walk_stats {
	struct indexer_walk *w;
	int *errs;		/* per unstatted file: 0, an errno value, or
				   -1 for "not a regular file" */
	atomic_size_t next;	/* the next chunk's first index */
};

/* Stat the unstatted file k of st->w: fill its size and mtime, or its
 * entry in st->errs. Thread-safe: each file is touched by one thread. */
static void
indexer_walk_stat(struct indexer_walk_stats *st, size_t k)
{
	struct indexer_walk_file *f = &st->w->files[st->w->unstatted[k]];
	struct stat sb;

	if (stat(f->path, &sb) != 0)
		st->errs[k] = errno;
	else if (!S_ISREG(sb.st_mode))
		st->errs[k] = -1;	/* replaced since the directory said */
	else {
		f->size = (int64_t)sb.st_size;
		f->mtime_ns = indexer_mtime_ns(&sb);
	}
}

/* A statter thread: take chunks of files until none are left. */
static void *
indexer_walk_statter(void *arg)
{
	struct indexer_walk_stats *st = arg;
	size_t n = st->w->n_unstatted, k;

	while ((k = atomic_fetch_add(&st->next, INDEXER_WALK_STAT_CHUNK)) < n)
		for (size_t end = k + INDEXER_WALK_STAT_CHUNK; k < end && k < n;
		     k++)
			indexer_walk_stat(st, k);
	return NULL;
}

/* Stat the files the walk left, several at a time when there are many;
 * a file that cannot be stat-ed gets its problem. */
static void
indexer_walk_stat_all(struct indexer_walk *w)
{
	struct indexer_walk_stats st = { .w = w };
	pthread_t threads[INDEXER_WALK_STATTERS];
	int n = 0;

	if (w->n_unstatted == 0)
		return;
	st.errs = xcalloc(w->n_unstatted, sizeof *st.errs);
	atomic_init(&st.next, 0);
	if (w->n_unstatted >= 2 * INDEXER_WALK_STAT_CHUNK)
		for (; n < INDEXER_WALK_STATTERS; n++)
			if (pthread_create(&threads[n], NULL,
					   indexer_walk_statter, &st) != 0)
				break;
	indexer_walk_statter(&st);	/* this thread helps, or does all */
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	for (size_t k = 0; k < w->n_unstatted; k++)
		if (st.errs[k] != 0)
			w->files[w->unstatted[k]].problem = xstrdup(
				st.errs[k] > 0 ? strerror(st.errs[k])
				: _("not a regular file"));
	free(st.errs);
	w->n_unstatted = 0;
}

void
indexer_walk_done(struct indexer_walk *w)
{
	size_t n = 0;

	indexer_walk_stat_all(w);

	if (w->n_files > 1)
		qsort(w->files, w->n_files, sizeof *w->files, indexer_walk_cmp);
	for (size_t i = 0; i < w->n_files; i++) {
		if (n > 0 && strcmp(w->files[n - 1].path, w->files[i].path) == 0) {
			free(w->files[i].path);
			free(w->files[i].problem);
			continue;
		}
		w->files[n++] = w->files[i];
	}
	w->n_files = n;
}

/* Return true when path lies below the directory dir. */
static bool
indexer_walk_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n > 0 && dir[n - 1] == '/')	/* the root directory */
		n--;
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

bool
indexer_walk_covers(const struct indexer_walk *w, const char *path)
{
	bool covered = false;

	for (size_t i = 0; i < w->n_dirs && !covered; i++)
		covered = indexer_walk_below(path, w->dirs[i]);
	for (size_t i = 0; i < w->n_failed && covered; i++)
		covered = !indexer_walk_below(path, w->failed[i]);
	return covered;
}
