/* SPDX-License-Identifier: MIT */
/*
 * buf.h: growable byte strings. The data is always NUL-terminated (so it
 * can be handed to C string functions) but may contain NULs of its own;
 * len is authoritative.
 */
#ifndef TSUNDOKU_BUF_H
#define TSUNDOKU_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated once anything was added; NULL before */
	size_t len;	/* bytes in use, excluding the terminating NUL */
	size_t cap;	/* bytes allocated */
};

/* Make b empty without allocating. */
void buf_init(struct buf *b);

/* Release b's memory and make it empty again. */
void buf_fini(struct buf *b);

/* Forget the contents but keep the allocation. */
void buf_clear(struct buf *b);

/* Ensure room for extra more bytes plus the NUL. */
void buf_reserve(struct buf *b, size_t extra);

/* Append len bytes of s. */
void buf_add(struct buf *b, const char *s, size_t len);

/* Append the NUL-terminated s. */
void buf_adds(struct buf *b, const char *s);

/* Append one byte. */
void buf_addc(struct buf *b, char c);

/* Append printf-style formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Return the contents as a NUL-terminated heap string ("" when empty) and
 * leave b empty; the caller frees the string. */
char *buf_detach(struct buf *b);

/* Return the contents as a C string, "" when nothing was added. The pointer
 * stays valid until b changes. */
const char *buf_str(const struct buf *b);

/* Append the heap string s to the heap array *list of *n strings. */
void buf_list_add(char ***list, size_t *n, char *s);

/* Append a heap string formatted like printf to *list (of *n). */
void buf_list_vaddf(char ***list, size_t *n, const char *fmt, va_list ap);

#endif
