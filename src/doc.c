/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "doc.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "i18n.h"
#include "md.h"
#include "utf8.h"
#include "xmem.h"

void
doc_warn(struct doc *d, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char **w = arena_calloc(&d->arena, d->n_warnings + 1, sizeof *w);
	if (d->n_warnings > 0)
		memcpy(w, d->warnings, d->n_warnings * sizeof *w);
	w[d->n_warnings++] = arena_strndup(&d->arena, buf_str(&b), b.len);
	d->warnings = w;
	buf_fini(&b);
}

/* Store the sanitised copy of raw in d->src, warning when characters had
 * to be replaced. Clean text is copied as it is. */
static void
doc_set_src(struct doc *d, const char *raw, size_t len)
{
	struct buf b;

	if (utf8_is_clean(raw, len)) {
		d->src = arena_strndup(&d->arena, raw, len);
		d->src_len = len;
		return;
	}
	buf_init(&b);
	size_t n = utf8_sanitize(raw, len, &b);
	d->src = arena_strndup(&d->arena, buf_str(&b), b.len);
	d->src_len = b.len;
	buf_fini(&b);
	if (n > 0)
		doc_warn(d, P_("%zu invalid or control character was replaced",
			       "%zu invalid or control characters were replaced",
			       n), n);
}

/* Show front matter that did not parse as a verbatim block of
 * src[0..end), so the reader sees its lines as they are and the body that
 * follows renders as usual. */
static void
doc_add_verbatim(struct doc *d, size_t end)
{
	size_t len = end > 0 && d->src[end - 1] == '\n' ? end - 1 : end;
	struct doc_block *b = arena_calloc(&d->arena, 1, sizeof *b);
	struct doc_run *r = arena_calloc(&d->arena, 1, sizeof *r);

	*r = (struct doc_run){ .len = len, .src_len = len, .link = -1 };
	*b = (struct doc_block){
		.kind = DOC_CODE, .text = arena_strndup(&d->arena, d->src, len),
		.text_len = len, .runs = r, .n_runs = 1, .src_end = len,
	};
	d->blocks = b;
	d->n_blocks = 1;
}

/* Parse the front matter and render the body. Broken front matter becomes
 * a warning, and body_off stays 0: the whole file is the body, the
 * rejected block shown verbatim. */
static void
doc_parse(struct doc *d)
{
	struct err err;

	err_init(&err);
	meta_init(&d->meta);
	if (meta_parse(d->src, d->src_len, &d->meta, &d->body_off, &err)) {
		md_render(d);
		err_fini(&err);
		return;
	}
	/* TRANSLATORS: %s is a message like "front matter, line 3: ...". */
	doc_warn(d, _("%s (shown as text)"), err_msg(&err));
	err_fini(&err);
	size_t end = meta_end(d->src, d->src_len);
	if (end > 0)
		doc_add_verbatim(d, end);
	d->body_off = end;
	md_render(d);
	d->body_off = 0;
}

struct doc *
doc_new(const char *path, const char *raw, size_t len)
{
	struct doc *d = xcalloc(1, sizeof *d);

	assert(path != NULL);
	arena_init(&d->arena);
	d->path = arena_strndup(&d->arena, path, strlen(path));
	doc_set_src(d, raw, len);
	doc_parse(d);
	return d;
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	meta_fini(&d->meta);
	arena_fini(&d->arena);
	free(d);
}

/* Read all of fd into out, failing with EFBIG past DOC_MAX_SIZE. The
 * size from fstat is only a hint: files change, devices have none. */
static bool
doc_read_fd(int fd, size_t hint, struct buf *out)
{
	const size_t limit = DOC_MAX_SIZE + 1;

	buf_reserve(out, hint < limit ? hint + 1 : limit);
	while (out->len < limit) {
		size_t room = out->cap - out->len - 1;
		if (room == 0) {
			buf_reserve(out, out->cap < limit - out->len ?
				    out->cap : limit - out->len);
			continue;
		}
		if (room > limit - out->len)
			room = limit - out->len;
		ssize_t n = read(fd, out->data + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	errno = EFBIG;
	return false;
}

/* Return 0 when all of fd was read into out, else an errno value. */
static int
doc_read_all(int fd, struct buf *out)
{
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return errno;
	if (S_ISDIR(sb.st_mode))
		return EISDIR;
	if (S_ISREG(sb.st_mode) && (size_t)sb.st_size > DOC_MAX_SIZE)
		return EFBIG;
	return doc_read_fd(fd, S_ISREG(sb.st_mode) ? (size_t)sb.st_size : 0,
			   out) ? 0 : errno;
}

/* Read the whole file at path into out, or fail with a message naming
 * the path. */
static bool
doc_read_file(const char *path, struct buf *out, struct err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, _("cannot open %s: %s"), path,
			       strerror(errno));
	int e = doc_read_all(fd, out);
	close(fd);
	if (e == EFBIG)
		return err_set(err, _("cannot open %s: larger than %zu MiB"),
			       path, DOC_MAX_SIZE / (1024 * 1024));
	if (e != 0)
		return err_set(err, _("cannot read %s: %s"), path, strerror(e));
	return true;
}

bool
doc_load(const char *path, struct doc **out, struct err *err)
{
	struct buf b;

	*out = NULL;
	buf_init(&b);
	if (!doc_read_file(path, &b, err)) {
		buf_fini(&b);
		return false;
	}
	*out = doc_new(path, buf_str(&b), b.len);
	buf_fini(&b);
	return true;
}

const char *
doc_title(const struct doc *d)
{
	if (d->meta.title != NULL)
		return d->meta.title;
	for (size_t i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == DOC_HEADING &&
		    d->blocks[i].text_len > 0)
			return d->blocks[i].text;
	const char *slash = strrchr(d->path, '/');
	return slash != NULL && slash[1] != '\0' ? slash + 1 : d->path;
}
