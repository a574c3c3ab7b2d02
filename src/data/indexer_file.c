/* SPDX-License-Identifier: MIT */
/*
 * indexer_file.c: what a reader thread of the indexer does with one
 * file; see indexer_file.h.
 */
#include "config.h"
#include "data/indexer_file.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document/doc.h"
#include "base/i18n.h"
#include "data/indexer_walk.h"
#include "document/meta.h"
#include "text/utf8.h"

unsigned long long
indexer_file_hash(const void *s, size_t len)
{
	/* 8 bytes at a time, each word mixed in by a multiply and a
	 * rotation, the tail byte-wise: about 10x faster than byte-wise
	 * FNV-1a, and good enough to tell files apart. */
	const unsigned char *p = s;
	uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)len;
	uint64_t w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ (w * UINT64_C(0xff51afd7ed558ccd))) *
		    UINT64_C(0xc4ceb9fe1a85ec53);
		h = (h << 29) | (h >> 35);
	}
	for (; len > 0; p++, len--)
		h = (h ^ *p) * UINT64_C(0x100000001b3);
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	return (unsigned long long)(h ^ (h >> 33));
}

/* Read the regular file path into out, whole or (head > 0) its first
 * head bytes at most, and describe it in sb; return 0 or an errno value
 * (EFBIG past DOC_MAX_SIZE). */
static int
indexer_file_slurp(const char *path, size_t head, struct buf *out,
		   struct stat *sb)
{
	/* O_NONBLOCK: a FIFO put in place of the file must not hang us. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int e = 0;

	if (fd < 0)
		return errno;
	if (fstat(fd, sb) != 0)
		e = errno;
	else if (!S_ISREG(sb->st_mode))
		e = EINVAL;
	else if ((size_t)sb->st_size > DOC_MAX_SIZE)
		e = EFBIG;
	if (e == 0)
		buf_reserve(out, head > 0 && (size_t)sb->st_size > head
			    ? head + 1 : (size_t)sb->st_size + 1);
	while (e == 0 && (head == 0 || out->len < head)) {
		size_t room = out->cap - out->len - 1;
		if (head > 0 && room > head - out->len)
			room = head - out->len;
		ssize_t n = read(fd, out->data + out->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : 0;
			break;
		}
		out->len += (size_t)n;
		if (out->len + 1 == out->cap)
			buf_reserve(out, out->cap);	/* it grew */
		if (out->len > DOC_MAX_SIZE)
			e = EFBIG;
	}
	close(fd);
	return e;
}

/* Append d's rendered text, its block texts joined by LF, to out: the
 * text the reader shows, which the full-text index holds. */
static void
indexer_file_body(const struct doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (i > 0)
			buf_addc(out, '\n');
		buf_add(out, d->blocks[i].text, d->blocks[i].text_len);
	}
}

/* Return the translated heap message for errno value e on path. */
static char *
indexer_file_problem(const char *path, int e)
{
	struct buf msg;

	buf_init(&msg);
	buf_printf(&msg, _("cannot read %s: %s"), path,
		   e == EINVAL ? _("not a regular file") : strerror(e));
	return buf_detach(&msg);
}

/* The common case: parse the front matter at the start of raw[0..len)
 * into h->meta and return true when it is closed by a plain "---\n"
 * line, valid, and has a title; sanitise only it, as doc_new does. No
 * document is made: its 64 KB arena, allocated and freed for every
 * file, cost more than the rest of the reading. */
static bool
indexer_head_meta(struct indexer_head *h, const char *raw, size_t len)
{
	size_t end = meta_end(raw, len), body_off;
	struct buf src;
	bool ok;

	if (end == 0)
		return false;
	buf_init(&src);
	utf8_sanitize(raw, end, &src);
	ok = meta_parse(buf_str(&src), src.len, &h->meta, &body_off, NULL) &&
	     h->meta.title != NULL;
	buf_fini(&src);
	if (!ok) {
		meta_fini(&h->meta);
		return false;
	}
	h->title = h->meta.title;
	return true;
}

/* Otherwise: parse the head as doc_new does, for doc_title (the first
 * heading, else the file name; the same as phase 2 finds, unless that
 * heading lies beyond the head), and take its front matter over. */
static void
indexer_head_doc(struct indexer_head *h, const char *path, const char *raw,
		 size_t len)
{
	h->doc = doc_new_lazy(path, len ? raw : "", len, 0);
	doc_parse_all(h->doc);
	h->title = doc_title(h->doc);
	if (h->doc->meta_problem != NULL) {
		struct buf msg;
		buf_init(&msg);
		buf_printf(&msg, "%s: %s", path, h->doc->meta_problem);
		h->meta_problem = buf_detach(&msg);
	}
	assert(h->doc->meta.title == NULL || h->title == h->doc->meta.title);
	if (h->doc->meta.title == NULL) {
		h->meta = h->doc->meta;
		meta_init(&h->doc->meta);
	}
}

void
indexer_head_read(const char *path, bool whole_hash, struct indexer_head *h)
{
	size_t head = whole_hash ? 0 : INDEXER_FILE_HEAD_SIZE;
	struct buf raw;
	struct stat sb;
	int e;

	memset(h, 0, sizeof *h);
	meta_init(&h->meta);
	buf_init(&raw);
	e = indexer_file_slurp(path, head, &raw, &sb);
	if (e != 0) {
		h->problem = indexer_file_problem(path, e);
		buf_fini(&raw);
		return;
	}
	h->size = (int64_t)sb.st_size;
	h->mtime_ns = indexer_mtime_ns(&sb);
	/* A head shorter than the limit, or as long as the file, is the
	 * whole file. */
	if (head == 0 || raw.len < head || (size_t)sb.st_size == raw.len)
		snprintf(h->hash, sizeof h->hash, "%016llx",
			 indexer_file_hash(raw.data, raw.len));
	if (!indexer_head_meta(h, raw.data, raw.len))
		indexer_head_doc(h, path, raw.data, raw.len);
	buf_fini(&raw);
}

void
indexer_head_fini(struct indexer_head *h)
{
	free(h->problem);
	free(h->meta_problem);
	meta_fini(&h->meta);
	doc_free(h->doc);
	memset(h, 0, sizeof *h);
}

void
indexer_file_read(const char *path, struct indexer_file *f)
{
	struct buf raw;
	struct stat sb;
	int e;

	memset(f, 0, sizeof *f);
	buf_init(&f->body);
	buf_init(&raw);
	e = indexer_file_slurp(path, 0, &raw, &sb);
	if (e != 0) {
		f->problem = indexer_file_problem(path, e);
		f->vanished = e == ENOENT;
	} else {
		f->size = (int64_t)sb.st_size;
		f->mtime_ns = indexer_mtime_ns(&sb);
		snprintf(f->hash, sizeof f->hash, "%016llx",
			 indexer_file_hash(raw.data, raw.len));
		f->doc = doc_new(path, raw.len ? raw.data : "", raw.len);
		indexer_file_body(f->doc, &f->body);
	}
	buf_fini(&raw);
}

void
indexer_file_fini(struct indexer_file *f)
{
	free(f->problem);
	doc_free(f->doc);
	buf_fini(&f->body);
	memset(f, 0, sizeof *f);
}
