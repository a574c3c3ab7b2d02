/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "document/archive.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "base/i18n.h"
#include "document/meta.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* How much of each file the list reads: front matter and the first
 * heading are near the top; a whole body can be megabytes. */
#define ARCHIVE_HEAD_SIZE ((size_t)64 * 1024)

/* Name endings of article files, compared without regard to case. */
static const char *const archive_exts[] = { ".txt", ".md", ".markdown" };

/* A directory already scanned, by identity, so that symlink loops and
 * second paths to the same place are skipped. */
struct archive_dir_id {
	dev_t dev;
	ino_t ino;
};

/* The state of one recursive scan. */
struct archive_scan {
	struct archive *a;
	struct archive_dir_id *seen;	/* heap array */
	size_t n_seen;
	size_t cap_seen;
};

void
archive_init(struct archive *a)
{
	memset(a, 0, sizeof *a);
}

void
archive_fini(struct archive *a)
{
	for (size_t i = 0; i < a->n; i++) {
		struct archive_entry *e = &a->entries[i];
		free(e->path);
		free(e->title);
		free(e->source);
		free(e->date);
		free(e->fetch_date);
		free(e->url);
	}
	free(a->entries);
	for (size_t i = 0; i < a->n_warnings; i++)
		free(a->warnings[i]);
	free(a->warnings);
	archive_init(a);
}

bool
archive_is_article_name(const char *name)
{
	size_t len = strlen(name);

	if (name[0] == '.' || name[0] == '\0')
		return false;
	for (size_t i = 0; i < sizeof archive_exts / sizeof archive_exts[0];
	     i++) {
		size_t n = strlen(archive_exts[i]);
		if (len > n && strcasecmp(name + len - n, archive_exts[i]) == 0)
			return true;
	}
	return false;
}

/* Add a formatted, already translated warning to a. */
static void
archive_warn(struct archive *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
archive_warn(struct archive *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_list_vaddf(&a->warnings, &a->n_warnings, fmt, ap);
	va_end(ap);
}

/* Read at most ARCHIVE_HEAD_SIZE bytes from the start of path into out;
 * return 0 or an errno value. */
static int
archive_read_head(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return errno;
	buf_reserve(out, ARCHIVE_HEAD_SIZE);
	while (out->len < ARCHIVE_HEAD_SIZE) {
		ssize_t n = read(fd, out->data + out->len,
				 ARCHIVE_HEAD_SIZE - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : 0;
			close(fd);
			return e;
		}
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	close(fd);
	return 0;
}

/* Return the length of the line at s[0..len), without its LF. */
static size_t
archive_line_len(const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);

	return nl != NULL ? (size_t)(nl - s) : len;
}

/* Classify the line s[0..len): 1 for an ATX heading ("# Title"), 2 for a
 * code fence (``` or ~~~), else 0. */
static int
archive_line_kind(const char *s, size_t len)
{
	size_t i = 0, hashes = 0;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (len - i >= 3 && (memcmp(s + i, "```", 3) == 0 ||
			     memcmp(s + i, "~~~", 3) == 0))
		return 2;
	while (i < len && s[i] == '#') {
		i++;
		hashes++;
	}
	if (hashes < 1 || hashes > 6)
		return 0;
	return i == len || s[i] == ' ' || s[i] == '\t' ? 1 : 0;
}

/* Find the first ATX heading of s[0..len) outside code fences; store its
 * line in *off and *line_len and return true, or return false. */
static bool
archive_find_heading(const char *s, size_t len, size_t *off, size_t *line_len)
{
	bool in_fence = false;

	for (size_t i = 0; i < len;) {
		size_t n = archive_line_len(s + i, len - i);
		int kind = archive_line_kind(s + i, n);
		if (kind == 2)
			in_fence = !in_fence;
		if (kind == 1 && !in_fence) {
			*off = i;
			*line_len = n;
			return true;
		}
		i += n + 1;
	}
	return false;
}

/* Return, as a heap string, the rendered text of the first heading in the
 * body s[0..len) (markup and entities resolved), or NULL. */
static char *
archive_heading_title(const char *path, const char *s, size_t len)
{
	size_t off, n;
	char *title = NULL;

	if (!archive_find_heading(s, len, &off, &n))
		return NULL;
	struct doc *d = doc_new(path, s + off, n);
	if (d->n_blocks > 0 && d->blocks[0].kind == DOC_HEADING &&
	    d->blocks[0].text_len > 0)
		title = xstrdup(d->blocks[0].text);
	doc_free(d);
	return title;
}

/* Return the file name part of path. */
static const char *
archive_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* Fill e's fields from the sanitised head src[0..len) of the file at path:
 * front matter first, then the first heading, then the file name. */
static void
archive_fill_entry(struct archive_entry *e, const char *path, const char *src,
		   size_t len)
{
	struct meta m;
	size_t body_off;

	meta_init(&m);
	if (!meta_parse(src, len, &m, &body_off, NULL))
		body_off = 0;
	e->path = xstrdup(path);
	e->title = m.title;
	e->source = m.source;
	e->date = m.date;
	e->fetch_date = m.fetch_date;
	e->url = m.url;
	m.title = m.source = m.date = m.fetch_date = m.url = NULL;
	meta_fini(&m);
	if (e->title == NULL)
		e->title = archive_heading_title(path, src + body_off,
						 len - body_off);
	if (e->title == NULL)
		e->title = xstrdup(archive_basename(path));
}

/* Read the head of the article at path and append its entry to a; return
 * 0 or the errno value that kept it from being read. */
static int
archive_add_file(struct archive *a, const char *path)
{
	struct buf raw, src;

	buf_init(&raw);
	int e = archive_read_head(path, &raw);
	if (e != 0) {
		buf_fini(&raw);
		return e;
	}
	buf_init(&src);
	utf8_sanitize(buf_str(&raw), raw.len, &src);
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->entries = xreallocarray(a->entries, a->cap,
					   sizeof *a->entries);
	}
	struct archive_entry *entry = &a->entries[a->n++];
	memset(entry, 0, sizeof *entry);
	archive_fill_entry(entry, path, buf_str(&src), src.len);
	buf_fini(&src);
	buf_fini(&raw);
	return 0;
}

/* Record the directory described by sb as scanned; return false when it
 * was already. */
static bool
archive_mark_dir(struct archive_scan *scan, const struct stat *sb)
{
	for (size_t i = 0; i < scan->n_seen; i++)
		if (scan->seen[i].dev == sb->st_dev &&
		    scan->seen[i].ino == sb->st_ino)
			return false;
	if (scan->n_seen == scan->cap_seen) {
		scan->cap_seen = scan->cap_seen ? 2 * scan->cap_seen : 16;
		scan->seen = xreallocarray(scan->seen, scan->cap_seen,
					   sizeof *scan->seen);
	}
	scan->seen[scan->n_seen++] = (struct archive_dir_id){
		.dev = sb->st_dev, .ino = sb->st_ino,
	};
	return true;
}

static void archive_scan_dir(struct archive_scan *scan, const char *path,
			     DIR *dir);

/* Handle one entry of a directory scan: recurse into directories, add
 * article files, warn about what cannot be read. */
static void
archive_scan_entry(struct archive_scan *scan, const char *path,
		   const char *name)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		archive_warn(scan->a, _("cannot read %s: %s"), path,
			     strerror(errno));
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		if (!archive_mark_dir(scan, &sb))
			return;
		DIR *dir = opendir(path);
		if (dir == NULL)
			archive_warn(scan->a, _("cannot read %s: %s"), path,
				     strerror(errno));
		else
			archive_scan_dir(scan, path, dir);
		return;
	}
	int e = S_ISREG(sb.st_mode) && archive_is_article_name(name) ?
		archive_add_file(scan->a, path) : 0;
	if (e != 0)
		archive_warn(scan->a, _("cannot read %s: %s"), path,
			     strerror(e));
}

/* Scan the open directory dir at path recursively, skipping hidden
 * entries, and close it. */
static void
archive_scan_dir(struct archive_scan *scan, const char *path, DIR *dir)
{
	struct dirent *ent;
	struct buf child;
	size_t plen = strlen(path);

	buf_init(&child);
	while ((ent = readdir(dir)) != NULL) {
		if (ent->d_name[0] == '.')
			continue;
		buf_clear(&child);
		buf_add(&child, path, plen);
		if (plen > 0 && path[plen - 1] != '/')
			buf_addc(&child, '/');
		buf_adds(&child, ent->d_name);
		archive_scan_entry(scan, buf_str(&child), ent->d_name);
	}
	closedir(dir);
	buf_fini(&child);
}

/* Scan the directory at path, which must be readable itself. */
static bool
archive_add_dir(struct archive *a, const char *path, const struct stat *sb,
		struct err *err)
{
	struct archive_scan scan = { .a = a };
	DIR *dir = opendir(path);

	if (dir == NULL)
		return err_set(err, _("cannot read %s: %s"), path,
			       strerror(errno));
	archive_mark_dir(&scan, sb);
	archive_scan_dir(&scan, path, dir);
	free(scan.seen);
	return true;
}

bool
archive_add_path(struct archive *a, const char *path, struct err *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return err_set(err, _("cannot open %s: %s"), path,
			       strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return archive_add_dir(a, path, &sb, err);
	if (!S_ISREG(sb.st_mode))
		return err_set(err, _("cannot open %s: %s"), path,
			       _("not a regular file"));
	int e = archive_add_file(a, path);
	if (e != 0)
		return err_set(err, _("cannot read %s: %s"), path,
			       strerror(e));
	return true;
}

/* Compare two optional strings so that the larger comes first and a
 * missing one last. */
static int
archive_cmp_desc(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return (x == NULL) - (y == NULL);
	return strcmp(y, x);
}

/* qsort comparator of archive_sort. */
static int
archive_cmp(const void *p, const void *q)
{
	const struct archive_entry *x = p, *y = q;
	int r = archive_cmp_desc(x->date, y->date);

	if (r == 0)
		r = archive_cmp_desc(x->fetch_date, y->fetch_date);
	if (r == 0)
		r = strcmp(x->title, y->title);
	return r != 0 ? r : strcmp(x->path, y->path);
}

void
archive_sort(struct archive *a)
{
	if (a->n > 1)
		qsort(a->entries, a->n, sizeof *a->entries, archive_cmp);
}
