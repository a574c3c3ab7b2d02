/* SPDX-License-Identifier: MIT */
/*
 * indexer_shard.h: the writers of the full-text shards (store.h). Each
 * shard has a thread with its own connection that takes texts from a
 * small queue and inserts them in long transactions, so FTS5's work
 * (the pending terms' hash, building and merging segments) runs on every
 * core and each page is written a few times, not once per short batch.
 * Nobody else writes a shard, so a long transaction makes no one wait.
 * The indexer's writer points the rows at what a shard committed
 * (indexer_shard_take), in its own short batches.
 */
#ifndef TSUNDOKU_INDEXER_SHARD_H
#define TSUNDOKU_INDEXER_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct inflight;
struct indexer_shard;
struct store;
struct store_tokens;

/* One text for a shard: what store_shard_put takes, and whose it is. */
struct indexer_shard_text {
	int64_t id;		/* the article */
	int64_t rowid;		/* its current full-text entry, 0: none */
	const char *path;	/* recorded in flight while it is inserted */
	const char *title, *source, *body;	/* title, source may be NULL */
	size_t body_len;
	const struct store_tokens *tokens;
	void *owner;		/* holds the above; released once written */
};

/* Where a shard's thread records the file it inserts (crash.h), and
 * what frees a text's owner; both outlive the shard. */
struct indexer_shard_opts {
	struct inflight *inflight;	/* NULL: nothing recorded */
	size_t slot;			/* the shard's slot in it */
	void (*release)(void *owner);
};

/* Open shard k of the database db and start its thread; on failure
 * return false with err set. */
bool indexer_shard_start(struct store *db, int k,
			 const struct indexer_shard_opts *o,
			 struct indexer_shard **out, struct err *err);

/* Queue t for the shard, waiting while its queue is full. The shard
 * releases t's owner once it is written, or at once when it failed
 * (then return false: indexer_shard_take tells why). */
bool indexer_shard_push(struct indexer_shard *sh,
			const struct indexer_shard_text *t);

/* Append to *rowids (a heap array of *n, the caller frees it) the
 * entries the shard committed since the last call; return false, with
 * err set, when the shard failed. */
bool indexer_shard_take(struct indexer_shard *sh, int64_t **rowids,
			size_t *n, struct err *err);

/* Commit what the shard was given, end its thread and close it; then
 * indexer_shard_take gives the last entries. */
void indexer_shard_finish(struct indexer_shard *sh);

/* Free a finished shard; NULL is allowed. */
void indexer_shard_free(struct indexer_shard *sh);

#endif
