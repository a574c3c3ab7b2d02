/* SPDX-License-Identifier: MIT */
/*
 * store_impl.h: what the store's source files (store*.c) share and nobody
 * else sees: the handle, and the helpers every query uses. sqlite3.h is
 * included by those files only.
 */
#ifndef TSUNDOKU_STORE_IMPL_H
#define TSUNDOKU_STORE_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <sqlite3.h>

struct buf;
struct err;
struct store_hit;
struct store_highlight;
struct store_highlight_entry;

/* The reading-state statements (store_state.c), prepared once. */
enum store_state_stmt {
	STORE_STATE_OPENED,
	STORE_STATE_PLACE,
	STORE_STATE_READ,
	STORE_STATE_GET,
	STORE_STATE_HL_NOTE,
	STORE_STATE_HL_COLOR,
	STORE_STATE_HL_DELETE,
	STORE_STATE_HL_NEXT_ID,
	STORE_STATE_N_STMTS
};

/* The sync statements (store_sync.c), prepared once. */
enum store_sync_stmt {
	STORE_SYNC_META_GET, STORE_SYNC_META_PUT, STORE_SYNC_ARTICLES,
	STORE_SYNC_ARTICLE, STORE_SYNC_HL_UID, STORE_SYNC_FILE_GET,
	STORE_SYNC_FILE_PUT, STORE_SYNC_FOLD, STORE_SYNC_FIELD_GET,
	STORE_SYNC_SETTLE, STORE_SYNC_UNSETTLED, STORE_SYNC_PUT_READ,
	STORE_SYNC_PUT_PLACE, STORE_SYNC_HL_FIND, STORE_SYNC_HL_INSERT,
	STORE_SYNC_HL_UPDATE, STORE_SYNC_HL_DELETE, STORE_SYNC_SAW,
	STORE_SYNC_DEVICES, STORE_SYNC_DUMP_ARTICLES, STORE_SYNC_DUMP_HL,
	STORE_SYNC_OWN, STORE_SYNC_HL_ALL,
	STORE_SYNC_N_STMTS
};

struct store {
	sqlite3 *db;
	char *path;	/* the file as the caller named it, for messages */
	bool readonly;	/* opened without write access: writes are refused */
	sqlite3_stmt *put_row;	/* the article upsert, prepared once: the
				   indexer writes thousands of rows a second,
				   and compiling it took most of the time */
	sqlite3_stmt *put_keys;	/* and its indexed columns' update */
	sqlite3_stmt *chrome_add;	/* store_chrome.c's, likewise */
	char **scope;		/* heap canonical roots (store_set_scope):
				   what is listed and searched lies at or
				   below one of them */
	size_t n_scope;		/* 0: everything */
	sqlite3_stmt *state_stmts[STORE_STATE_N_STMTS];	/* NULL until
							   first used */
	sqlite3_stmt *sync_stmts[STORE_SYNC_N_STMTS];	/* likewise */
	sqlite3_stmt *readlog_stmts[4];	/* store_readlog.c's, likewise */
	int busy_ms;	/* the busy timeout set, restored after a write
			   that would not wait */
	sqlite3 *fts;		/* the search connection: the database
				   with the shards attached, opened when
				   first needed (store_fts_db) */
	sqlite3 *fts_beside;	/* a second search connection, for a
				   shard's work in another thread (NULL
				   until needed; store_search.c) */
	struct store_rank_lens *rank_lens;	/* per shard, the lengths of
				   its entries (store_rank.c; made when
				   a connection registers tsundoku_rank,
				   filled by ranked searches) */
	unsigned fts_absent;	/* bit k: shard k is not attached to fts
				   (read-only, its file never made) */
	bool immutable;		/* db was opened immutable (store_open.c):
				   so are the shards */
	bool unsynced;		/* a shard's writer with synchronous=OFF
				   and its marker made (store_unsynced.c) */
	const struct store_tokens *pretok;	/* set around one full-text
				   insert: the tokenizer replays these tokens
				   for a text they were made from */
};

/* The full-text index is split into STORE_SHARDS contentless FTS5
 * tables "fts<k>.article_fts", each in a file of its own beside the
 * database (store_shard_path), attached to every connection; article id
 * has its entries in shard id % STORE_SHARDS. Two: one per core. */
#define STORE_SHARDS 2

/* Return the heap path of shard k of the database at db_path. */
char *store_shard_path(const char *db_path, int k);

/* Shards written without syncing (store_unsynced.c). Make and sync the
 * marker of the shard at shard_path, holding this boot's id; return
 * false, and make none, when there is no boot id or the marker cannot be
 * made: the writer must then sync as usual. */
bool store_unsynced_begin(const char *shard_path);

/* Sync the shard at shard_path and its log, then remove its marker;
 * return SQLITE_OK or SQLITE_IOERR_FSYNC, which leaves the marker. */
int store_unsynced_end(const char *shard_path);

/* What the marker of the shard at shard_path says. */
enum store_unsynced {
	STORE_SYNCED,		/* none: synced, or never written unsynced */
	STORE_UNSYNCED_THIS_BOOT,	/* its writer died: the kernel holds
					   what it wrote */
	STORE_UNSYNCED_STOPPED,	/* from another boot (or unreadable): the
				   machine stopped first, and the shard
				   may be damaged */
};
enum store_unsynced store_unsynced_state(const char *shard_path);

/* Return whether the file at shard_path is too damaged for its schema
 * to be read (a missing or busy one is not). */
bool store_unsynced_damaged(const char *shard_path);

/* Empty the database file at shard_path, however damaged, through a
 * connection of its own; return an SQLite result code. */
int store_unsynced_empty(const char *shard_path);

/* Return a heap "file:" URI naming path for sqlite3_open_v2 and ATTACH,
 * with "?immutable=1" when immutable; the caller frees it. */
char *store_uri(const char *path, bool immutable);

/* What store_fts_union selects from each shard's matches of ?1; a shard
 * absent from a read-only database (store.fts_absent) has none. */
enum store_fts_cols {
	STORE_FTS_ROWIDS,	/* rowid */
	STORE_FTS_RANKS,	/* rowid, r: tsundoku_rank, titles weighing
				   most */
};

/* Append to sql the matches of ?1 in every shard, a compound SELECT of
 * one arm per shard joined by UNION ALL. tsundoku_rank counts each
 * shard's articles and terms alone; ids spread evenly over the shards,
 * so the scores of two shards compare as those of one index would (for
 * a query of one term, exactly: store_rank.c). */
void store_fts_union(struct store *s, struct buf *sql,
		     enum store_fts_cols cols);

/* Return words for the failure rc that just happened on db; the text may
 * live in db, so use it before the next call on db. */
const char *store_reason(sqlite3 *db, int rc);

/* Report that saving to (or reading from) s failed with rc; return
 * false. */
bool store_save_failed(struct store *s, int rc, struct err *err);
bool store_read_failed(struct store *s, int rc, struct err *err);

/* Report that s is read-only when a write is asked of it: return false
 * when it is (with err set), true when writing may go on. */
bool store_may_write(struct store *s, struct err *err);

/* Run sql, which takes no parameters; return SQLite's result code. */
int store_exec(struct store *s, const char *sql);

/* Run the one-row, one-column query sql and store its value in *out. */
int store_query_int(struct store *s, const char *sql, int *out);

/* Finish a write transaction that got as far as rc: commit, or report
 * the failure and roll back; return whether it was saved. */
bool store_end_write(struct store *s, int rc, struct err *err);

/* Bind the string v, or NULL when v is NULL, to parameter i of st. */
int store_bind_str(sqlite3_stmt *st, int i, const char *v);

/* Return the text of column i of st, NULL for NULL. */
const char *store_col(sqlite3_stmt *st, int i);

/* Append the JSON string literal for s to b. */
void store_json_string(struct buf *b, const char *s);

/* Return a heap copy of s, or NULL for NULL. */
char *store_strdup(const char *s);

/* Call cb for each row (id, path, title, source, date, fetch_date) of
 * the prepared, bound statement hits; return SQLITE_OK, or SQLITE_DONE
 * when cb asked to stop, or the failure. */
int store_step_hits(sqlite3_stmt *hits,
		    bool (*cb)(const struct store_hit *hit, void *ctx),
		    void *ctx);

/* Insert or update the row of article a and replace its full-text
 * entry with body[0..body_len) (NULL: empty), inside a write transaction
 * the caller holds (store_put_article, store_batch_put); the entry goes
 * to its shard through the search connection, committed on its own,
 * before the row names it. Return SQLite's result code. */
struct store_article;
int store_put_in_txn(struct store *s, const struct store_article *a,
		     const char *body, size_t body_len,
		     const struct store_tokens *tokens);

/* Insert or update the row of article a, listed at once but marked as
 * its text not indexed yet (text_indexed = 0), leaving its full-text
 * entry as it is (none for a new row; the old text for a changed file,
 * which search no longer finds: it asks for text_indexed). Inside a
 * write transaction the caller holds. Return SQLite's result code. */
int store_put_meta_in_txn(struct store *s, const struct store_article *a);

/* Register the "tsundoku" tokenizer on db, one of s's connections,
 * replaying s->pretok, and the "tsundoku_rank" function; every
 * connection needs them before it touches article_fts. */
int store_register_tokenizer(struct store *s, sqlite3 *db);

/* Register tsundoku_rank(article_fts, weight...) on the connection of
 * api, for s's searches: FTS5's bm25 with the length of each match read
 * from s->rank_lens (store_rank.c). */
int store_register_rank(struct store *s, fts5_api *api);

/* Free what store_rank.c keeps in s. */
void store_rank_free(struct store *s);

/* A full-text entry's row id: the article id in the low 32 bits (the
 * article's id in SQL: STORE_FTS_ID), the generation of its text above. */
#define STORE_FTS_ID_MASK INT64_C(0xffffffff)
#define STORE_FTS_ID(rowid) "((" rowid ") & 4294967295)"

/* Store in *db s's search connection, opening it the first time: the
 * database with every shard attached as "fts<k>" (created, with its
 * articles' texts to index again, when missing and s is writable). Only
 * reads and one-statement writes of a shard go through it: a BEGIN
 * IMMEDIATE there would lock every shard, so the indexer's and the
 * user's batches, on s->db, never touch a shard. */
int store_fts_db(struct store *s, sqlite3 **db);

/* Store in *id the row id of the article at path, creating its row
 * (unopened, unindexed) when there is none; meta's title, source, date
 * and url, when meta is not NULL, fill in what the row does not know
 * yet. Inside a write transaction. */
int store_article_id(struct store *s, const char *path,
		     const struct store_highlight_entry *meta, int64_t *id);

/* Insert h as a highlight of article article_id (inside a write
 * transaction; h->id 0: a new id) and store its row id in *id. */
int store_insert_highlight(struct store *s, int64_t article_id,
			   const struct store_highlight *h, int64_t *id);

/* Append " AND " and the scope's condition on the column col (such as
 * "path" or "a.path") to sql; nothing when the scope is everything. */
void store_scope_sql(const struct store *s, const char *col, struct buf *sql);

/* Write the session, or the review schedule, of change c (store_readlog.c)
 * inside the caller's write transaction; return SQLite's result code. */
struct store_state_change;
int store_session_write(struct store *s, const struct store_state_change *c);
int store_review_write(struct store *s, const struct store_state_change *c);

/* Register the "locale" collation (strcoll: the user's language's order,
 * pinyin under zh_CN.UTF-8) that the list sorts titles and sources by. */
int store_register_collation(struct store *s);

#endif
