/* SPDX-License-Identifier: MIT */
/*
 * indexer_file.h: what the indexer records of one article file, made by
 * a reader thread. For the list (phase 1): the head of the file, its
 * front matter and title, and its content hash when the head is the
 * whole file. For the full text (phase 2): the file read whole, its
 * content hash, its document and the rendered text the full-text index
 * holds. A FIFO or a file that vanished is a problem, not a hang or a
 * crash. Nothing here is shared between threads.
 */
#ifndef TSUNDOKU_INDEXER_FILE_H
#define TSUNDOKU_INDEXER_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "document/meta.h"

struct doc;

struct indexer_file {
	char *problem;		/* NULL, or why it could not be read
				   (translated, naming the file) */
	bool vanished;		/* with problem: there is no such file */
	struct doc *doc;	/* NULL when problem is set */
	char hash[17];		/* indexer_file_hash of the bytes, hex */
	int64_t size;		/* of the bytes read */
	int64_t mtime_ns;
	struct buf body;	/* the rendered text: block texts joined by LF */
};

/* How much of a file phase 1 reads: front matter and a first heading
 * are near the top, and most articles are smaller than this, so their
 * hash comes for free. */
#define INDEXER_FILE_HEAD_SIZE ((size_t)64 * 1024)

/* What the list needs of one file, read from its head. */
struct indexer_head {
	char *problem;		/* NULL, or why it could not be read
				   (translated, naming the file) */
	char *meta_problem;	/* NULL, or why its front matter could
				   not be read (translated, naming the
				   file): it is listed all the same */
	struct meta meta;	/* the front matter */
	struct doc *doc;	/* only without a title in the front
				   matter: the head parsed, for its first
				   heading; else NULL */
	const char *title;	/* as doc_title gives it: the front
				   matter's, else the first heading, else
				   the file name; NULL when problem is set */
	char hash[17];		/* indexer_file_hash of the whole file, hex;
				   "" when the file was larger than the head
				   and the hash was not asked for */
	int64_t size;		/* from fstat */
	int64_t mtime_ns;
};

/* Read the head of the file at path into *h: INDEXER_FILE_HEAD_SIZE
 * bytes, or the whole file when whole_hash is true (a rename by content
 * needs the hash). indexer_head_fini frees it. */
void indexer_head_read(const char *path, bool whole_hash,
		       struct indexer_head *h);
void indexer_head_fini(struct indexer_head *h);

/* Read and parse the file at path into *f; indexer_file_fini frees it. */
void indexer_file_read(const char *path, struct indexer_file *f);
void indexer_file_fini(struct indexer_file *f);

/* Return the 64-bit content hash recorded for s[0..len): fast and not
 * cryptographic; it only has to tell renamed files apart. */
unsigned long long indexer_file_hash(const void *s, size_t len);

#endif
