/* SPDX-License-Identifier: MIT */
/*
 * xmem.h: allocation that dies cleanly. Running out of memory is the one
 * failure the program does not try to recover from: these print one line on
 * stderr and abort. Everything else reports errors through struct err.
 */
#ifndef TSUNDOKU_XMEM_H
#define TSUNDOKU_XMEM_H

#include <stddef.h>

/* Return n bytes of uninitialised memory; never NULL. */
void *xmalloc(size_t n);

/* Return nmemb * size zeroed bytes; never NULL, overflow checked. */
void *xcalloc(size_t nmemb, size_t size);

/* Resize p to nmemb * size bytes; never NULL, overflow checked. */
void *xreallocarray(void *p, size_t nmemb, size_t size);

/* Return a heap copy of the NUL-terminated s. The caller frees it. */
char *xstrdup(const char *s);

/* Return a NUL-terminated heap copy of the first len bytes of s. */
char *xstrndup(const char *s, size_t len);

#endif
