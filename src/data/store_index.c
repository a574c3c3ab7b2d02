/* SPDX-License-Identifier: MIT */
/*
 * store_index.c: the queries of the indexer (indexer.c): the rows it
 * compares with the disk, and the batches in which it records new,
 * changed, moved and missing articles. A batch is one BEGIN IMMEDIATE
 * transaction: the write lock is taken up front, so a batch never fails
 * half-way with SQLITE_BUSY_SNAPSHOT, and another instance waits at most
 * one batch (tens of milliseconds) for its own writes.
 */
#include "config.h"
#include "data/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/store_impl.h"

bool
store_known_articles(struct store *s, store_known_fn cb, void *ctx,
		     struct err *err)
{
	static const char sql[] =
		"SELECT id, path, coalesce(size, -1), coalesce(mtime, -1),\n"
		"	hash, url, missing, indexed_at IS NOT NULL, text_indexed,\n"
		"	quarantined IS NOT NULL\n"
		"FROM article\n"
		"ORDER BY path";	/* through the path index: no sort */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	struct store_known k;

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		k.id = sqlite3_column_int64(st, 0);
		k.path = store_col(st, 1);
		k.size = sqlite3_column_int64(st, 2);
		k.mtime_ns = sqlite3_column_int64(st, 3);
		k.hash = store_col(st, 4);
		k.url = store_col(st, 5);
		k.missing = sqlite3_column_int(st, 6) != 0;
		k.indexed = sqlite3_column_int(st, 7) != 0;
		k.text_indexed = sqlite3_column_int(st, 8) != 0;
		k.quarantined = sqlite3_column_int(st, 9) != 0;
		rc = cb(&k, ctx) ? SQLITE_OK : SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || store_read_failed(s, rc, err);
}

bool
store_is_writable(const struct store *s)
{
	return !s->readonly;
}

bool
store_batch_begin(struct store *s, struct err *err)
{
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_batch_put(struct store *s, const struct store_article *a,
		const char *body, size_t body_len,
		const struct store_tokens *tokens, struct err *err)
{
	int rc = store_put_in_txn(s, a, body, body_len, tokens);

	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_batch_put_meta(struct store *s, const struct store_article *a,
		     struct err *err)
{
	int rc = store_put_meta_in_txn(s, a);

	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

/* Run sql with the integer id as ?1 and the string v (may be NULL) as
 * ?2, inside the caller's transaction; return SQLite's result code. */
static int
store_index_run(struct store *s, const char *sql, int64_t id, const char *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK && v != NULL)
		rc = store_bind_str(st, 2, v);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

bool
store_batch_move(struct store *s, int64_t id, const char *path,
		 struct err *err)
{
	int rc = store_index_run(s, "UPDATE article SET path = ?2 WHERE id = ?1",
				 id, path);

	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_batch_find(struct store *s, const char *path, int64_t *id,
		 struct err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT id FROM article "
				    "WHERE path = ?1", -1, &st, NULL);

	*id = 0;
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, path);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ||
	       store_read_failed(s, rc, err);
}

bool
store_batch_set_missing(struct store *s, int64_t id, struct err *err)
{
	int rc = store_index_run(s, "UPDATE article SET missing = 1 "
				 "WHERE id = ?1", id, NULL);

	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_batch_end(struct store *s, bool commit, struct err *err)
{
	if (commit)
		return store_end_write(s, SQLITE_OK, err);
	if (!sqlite3_get_autocommit(s->db))
		store_exec(s, "ROLLBACK");
	return false;
}

bool
store_quarantine(struct store *s, const char *path, int64_t size,
		 int64_t mtime_ns, struct err *err)
{
	/* A new row is listed at once, its text "indexed" (there is none
	 * to index); an old one keeps its title, text and reading state. */
	static const char sql[] =
		"INSERT INTO article (path, size, mtime, indexed_at,\n"
		"	text_indexed, quarantined)\n"
		"VALUES (?1, ?2, ?3, ?4, 1, ?4)\n"
		"ON CONFLICT (path) DO UPDATE SET\n"
		"	size = excluded.size, mtime = excluded.mtime, missing = 0,\n"
		"	indexed_at = coalesce(indexed_at, excluded.indexed_at),\n"
		"	quarantined = coalesce(quarantined, excluded.quarantined)";
	sqlite3_stmt *st = NULL;
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, path);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, size);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, mtime_ns);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return store_end_write(s, rc, err);
}

bool
store_is_quarantined(struct store *s, const char *path, bool *quarantined,
		     struct err *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT quarantined IS NOT NULL "
				    "FROM article WHERE path = ?1", -1, &st,
				    NULL);

	*quarantined = false;
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, path);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*quarantined = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ||
	       store_read_failed(s, rc, err);
}

bool
store_count_missing(struct store *s, size_t *n, struct err *err)
{
	int count = 0;
	int rc = store_query_int(s, "SELECT count(*) FROM article "
				 "WHERE missing", &count);

	*n = count > 0 ? (size_t)count : 0;
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* Delete the missing articles; the caller holds the write transaction.
 * Tables that hang off article.id (highlights) go with the row through
 * ON DELETE CASCADE. Their full-text entries stay (the contentless index
 * cannot delete them without their text) and match nothing: no row
 * names them in fts_rowid. */
static int
store_delete_missing(struct store *s)
{
	return store_exec(s, "DELETE FROM article WHERE missing");
}

bool
store_purge_missing(struct store *s, size_t *n, struct err *err)
{
	int rc;

	*n = 0;
	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_delete_missing(s);
	if (rc == SQLITE_OK)
		*n = (size_t)sqlite3_changes(s->db);
	return store_end_write(s, rc, err) &&
	       (*n == 0 || store_chrome_rebuild(s, err));
}
