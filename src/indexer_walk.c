/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "indexer_walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "buf.h"
#include "i18n.h"
#include "xmem.h"

/* A directory already walked, by identity. */
struct indexer_walk_dir_id {
	dev_t dev;
	ino_t ino;
};

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
	f->mtime_ns = sb ? (int64_t)sb->st_mtim.tv_sec * 1000000000 +
		      sb->st_mtim.tv_nsec : -1;
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
		if (w->stop != NULL && atomic_load(w->stop))
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

void
indexer_walk_done(struct indexer_walk *w)
{
	size_t n = 0;

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
