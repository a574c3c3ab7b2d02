/* SPDX-License-Identifier: MIT */
/*
 * indexer_file.h: what the indexer records of one article file, made by
 * a reader thread: the file read whole (a FIFO or a file that vanished
 * is a problem, not a hang or a crash), its content hash, its document
 * and the rendered text the full-text index holds. Nothing here is
 * shared between threads.
 */
#ifndef TSUNDOKU_INDEXER_FILE_H
#define TSUNDOKU_INDEXER_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct doc;

struct indexer_file {
	char *problem;		/* NULL, or why it could not be read
				   (translated, naming the file) */
	struct doc *doc;	/* NULL when problem is set */
	char hash[17];		/* indexer_file_hash of the bytes, hex */
	int64_t size;		/* of the bytes read */
	int64_t mtime_ns;
	struct buf body;	/* the rendered text: block texts joined by LF */
};

/* Read and parse the file at path into *f; indexer_file_fini frees it. */
void indexer_file_read(const char *path, struct indexer_file *f);
void indexer_file_fini(struct indexer_file *f);

/* Return the 64-bit content hash recorded for s[0..len): fast and not
 * cryptographic; it only has to tell renamed files apart. */
unsigned long long indexer_file_hash(const void *s, size_t len);

#endif
