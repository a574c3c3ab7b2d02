/* SPDX-License-Identifier: MIT */
/*
 * store_article.c: the article rows: what the indexer records about each
 * file, and where the reader left it (opened, position, percent, read).
 */
#include "config.h"
#include "data/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "document/meta.h"
#include "data/store_impl.h"

/* Insert or update the article row for path as opened at now. */
static int
store_upsert_opened(struct store *s, const char *path, int64_t now)
{
	static const char sql[] =
		"INSERT INTO article (path, first_opened, last_opened)\n"
		"VALUES (?1, ?2, ?2)\n"
		"ON CONFLICT (path) DO UPDATE SET\n"
		"	first_opened = coalesce(first_opened,\n"
		"		excluded.first_opened),\n"
		"	last_opened = excluded.last_opened";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, now);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

/* Record the open in one short BEGIN IMMEDIATE transaction, which takes
 * the write lock up front so it never fails with SQLITE_BUSY_SNAPSHOT. */
bool
store_mark_opened(struct store *s, const char *path, struct err *err)
{
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_upsert_opened(s, path, (int64_t)time(NULL));
	return store_end_write(s, rc, err);
}

/* Look the path up; a row made by a scan but never opened counts as not
 * opened. */
bool
store_was_opened(struct store *s, const char *path, bool *opened,
		 struct err *err)
{
	struct store_place pl;
	bool ok = store_get_place(s, path, &pl, err);

	*opened = pl.opened;
	return ok;
}

/* Append the JSON string literal for s to b. */
void
store_json_string(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_addc(b, '\\');
		if (c < 0x20)
			buf_printf(b, "\\u%04x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

/* Set b to a's other front-matter keys as a JSON object; return NULL when
 * there are none, else the text (owned by b). */
static const char *
store_extra_json(const struct store_article *a, struct buf *b)
{
	size_t i;

	if (a->n_extra == 0)
		return NULL;
	buf_addc(b, '{');
	for (i = 0; i < a->n_extra; i++) {
		if (i > 0)
			buf_addc(b, ',');
		store_json_string(b, a->extra[i].key);
		buf_addc(b, ':');
		store_json_string(b, a->extra[i].value ? a->extra[i].value : "");
	}
	buf_addc(b, '}');
	return buf_str(b);
}

/* Bind a's fields to parameters 1-11 of the article upsert. */
static int
store_bind_article(sqlite3_stmt *st, const struct store_article *a,
		   const char *extra)
{
	int rc = store_bind_str(st, 1, a->path);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, a->size);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, a->mtime_ns);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 4, a->hash);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 5, a->title);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 6, a->source);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 7, a->url);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 8, a->date);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 9, a->fetch_date);
	if (rc == SQLITE_OK)
		rc = a->length < 0 ? sqlite3_bind_null(st, 10)
			: sqlite3_bind_int64(st, 10, a->length);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 11, extra);
	return rc;
}

/* Prepare *st from sql once per connection and keep it there. */
static int
store_prepare_kept(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (*st != NULL)
		return SQLITE_OK;
	return sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				  st, NULL);
}

/* Step st, which was bound and returns at most one row, then reset it
 * and clear its bindings, so nothing stays bound to a caller's text. */
static int
store_step_kept(sqlite3_stmt *st, int64_t *id, int64_t *fts_rowid)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW && id != NULL) {
		*id = sqlite3_column_int64(st, 0);
		*fts_rowid = sqlite3_column_int64(st, 1);
	}
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Give the row id the columns that indexes hold (source, date,
 * fetch_date, missing, indexed_at) unless it has them already. SQLite
 * rewrites an index entry whenever an UPDATE names one of its columns,
 * same value or not; when the text phase wrote the whole row again, each
 * batch of 1024 rows rewrote nearly every page of the date index, which
 * was most of what the main database wrote (bench/README.md, "Issue 16",
 * third session). indexed_at keeps the time the row was first listed:
 * only whether it is set is ever read. */
static int
store_put_keys(struct store *s, int64_t id, const struct store_article *a,
	       int64_t now)
{
	static const char sql[] =
		"UPDATE article SET source = ?2, date = ?3, fetch_date = ?4,\n"
		"	missing = 0, indexed_at = coalesce(indexed_at, ?5)\n"
		"WHERE id = ?1 AND (source IS NOT ?2 OR date IS NOT ?3 OR\n"
		"	fetch_date IS NOT ?4 OR missing OR indexed_at IS NULL)";
	int rc = store_prepare_kept(s, sql, &s->put_keys);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s->put_keys, 1, id);
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->put_keys, 2, a->source);
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->put_keys, 3, a->date);
	if (rc == SQLITE_OK)
		rc = store_bind_str(s->put_keys, 4, a->fetch_date);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s->put_keys, 5, now);
	return rc == SQLITE_OK ? store_step_kept(s->put_keys, NULL, NULL) : rc;
}

/* Insert or update the article row of a, indexed at now, with its text
 * indexed (text_indexed) or still to be, and store its id in *id and its
 * current full-text row id (0: none) in *fts_rowid. An existing row gets
 * its indexed columns from store_put_keys. */
static int
store_put_row(struct store *s, const struct store_article *a, int64_t now,
	      bool text_indexed, int64_t *id, int64_t *fts_rowid)
{
	static const char sql[] =
		"INSERT INTO article (path, size, mtime, hash, title, source,\n"
		"	url, date, fetch_date, length, extra, missing, indexed_at,\n"
		"	text_indexed)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12,\n"
		"	?13)\n"
		"ON CONFLICT (path) DO UPDATE SET\n"
		"	size = excluded.size, mtime = excluded.mtime,\n"
		"	hash = excluded.hash, title = excluded.title,\n"
		"	url = excluded.url, length = excluded.length,\n"
		"	extra = excluded.extra,\n"
		"	text_indexed = excluded.text_indexed, quarantined = NULL\n"
		"RETURNING id, coalesce(fts_rowid, 0)";
	struct buf extra;
	int rc = store_prepare_kept(s, sql, &s->put_row);

	if (rc != SQLITE_OK)
		return rc;
	buf_init(&extra);
	*id = 0;
	rc = store_bind_article(s->put_row, a, store_extra_json(a, &extra));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s->put_row, 12, now);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(s->put_row, 13, text_indexed);
	if (rc == SQLITE_OK)
		rc = store_step_kept(s->put_row, id, fts_rowid);
	else
		sqlite3_clear_bindings(s->put_row);
	buf_fini(&extra);
	if (rc == SQLITE_OK && *id <= 0)
		rc = SQLITE_INTERNAL;	/* RETURNING gave no row */
	return rc == SQLITE_OK ? store_put_keys(s, *id, a, now) : rc;
}

/* Run the statement sql, binding id to ?1 and the strings v[0..n) to ?2,
 * ?3...; v[n - 1] has vlen bytes, the others are NUL-terminated. */
static int
store_run_with(sqlite3 *db, const char *sql, int64_t id,
	       const char *const *v, int n, size_t vlen)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	int i;

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_int64(st, 1, id);
	for (i = 0; i < n - 1 && rc == SQLITE_OK; i++)
		rc = store_bind_str(st, i + 2, v[i]);
	if (rc == SQLITE_OK && n > 0)
		rc = sqlite3_bind_text64(st, n + 1, v[n - 1], vlen,
					 SQLITE_STATIC, SQLITE_UTF8);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

/* Store in *rowid the full-text row id for a new text of article id in
 * the shard schema of db ("main" on a shard's own connection, "fts<k>"
 * on the store's search connection), whose text is at *rowid now (0: none): id itself the
 * first time, else the next of id + k * 2^32 that no entry holds. The
 * contentless index cannot delete the old entry (migration 12); it
 * stays, and queries skip it because article.fts_rowid no longer names
 * it. */
static int
store_fts_rowid(sqlite3 *db, const char *schema, int64_t id,
		int64_t *rowid)
{
	const int64_t step = (int64_t)1 << 32;
	sqlite3_stmt *st;
	int64_t r = *rowid > 0 ? *rowid + step : id;
	char sql[64];
	int rc;

	snprintf(sql, sizeof sql, "SELECT 1 FROM %s.article_fts "
		 "WHERE rowid = ?1", schema);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK) {
		sqlite3_reset(st);
		rc = sqlite3_bind_int64(st, 1, r);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			r += step;	/* an old entry, or a deleted row's */
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			break;
		}
	}
	sqlite3_finalize(st);
	*rowid = r;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Insert the full-text entry of article id (its current one at *rowid,
 * 0: none) into the shard schema of db, whose tokenizer replays s's
 * pretok: tokens when not NULL; store its new row id in *rowid. */
static int
store_insert_fts(struct store *s, sqlite3 *db, const char *schema,
		 int64_t id, int64_t *rowid, const char *const v[3],
		 size_t body_len, const struct store_tokens *tokens)
{
	char sql[96];
	int rc = store_fts_rowid(db, schema, id, rowid);

	snprintf(sql, sizeof sql, "INSERT INTO %s.article_fts (rowid, title, "
		 "source, body) VALUES (?1, ?2, ?3, ?4)", schema);
	s->pretok = tokens;
	if (rc == SQLITE_OK)
		rc = store_run_with(db, sql, *rowid, v, 3, body_len);
	s->pretok = NULL;
	return rc;
}

/* Give article id, whose current entry is rowid (0: none), a new
 * full-text entry and point its row at it: the entry through the search
 * connection, committed on its own (taking the shard's lock alone), then
 * the row, in the caller's transaction. */
static int
store_put_fts(struct store *s, int64_t id, int64_t rowid,
	      const struct store_article *a, const char *body,
	      size_t body_len, const struct store_tokens *tokens)
{
	const char *v[] = { a->title, a->source, body };
	char schema[16];
	sqlite3 *db;
	int rc = store_fts_db(s, &db);

	snprintf(schema, sizeof schema, "fts%d", (int)(id % STORE_SHARDS));
	if (rc == SQLITE_OK)
		rc = store_insert_fts(s, db, schema, id, &rowid, v, body_len,
				      tokens);
	if (rc == SQLITE_OK)
		rc = store_run_with(s->db, "UPDATE article SET text_indexed = 1,"
				    " fts_rowid = ?1 WHERE id = ?1 & 4294967295",
				    rowid, NULL, 0, 0);
	return rc;
}

bool
store_shard_put(struct store *shard, int64_t id, int64_t *rowid,
		const char *title, const char *source, const char *body,
		size_t body_len, const struct store_tokens *tokens,
		struct err *err)
{
	const char *v[] = { title, source, body };
	int rc = store_insert_fts(shard, shard->db, "main", id, rowid, v,
				  body_len, tokens);

	return rc == SQLITE_OK || store_save_failed(shard, rc, err);
}

bool
store_batch_set_text(struct store *s, int64_t rowid, struct err *err)
{
	int rc = store_run_with(s->db, "UPDATE article SET text_indexed = 1, "
				"fts_rowid = ?1 WHERE id = ?1 & 4294967295",
				rowid, NULL, 0, 0);

	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

/* Record the row and full-text entry of a inside the caller's write
 * transaction; see store_impl.h. */
int
store_put_in_txn(struct store *s, const struct store_article *a,
		 const char *body, size_t body_len,
		 const struct store_tokens *tokens)
{
	int64_t id = 0, rowid = 0;
	int rc = store_put_row(s, a, (int64_t)time(NULL), false, &id, &rowid);

	if (rc == SQLITE_OK)
		rc = store_put_fts(s, id, rowid, a, body ? body : "",
				   body ? body_len : 0, tokens);
	return rc;
}

/* Record the row of a alone, its text still to be indexed; see
 * store_impl.h. */
int
store_put_meta_in_txn(struct store *s, const struct store_article *a)
{
	int64_t id = 0, rowid = 0;

	return store_put_row(s, a, (int64_t)time(NULL), false, &id, &rowid);
}

bool
store_batch_put_row(struct store *s, const struct store_article *a,
		    int64_t *id, int64_t *fts_rowid, struct err *err)
{
	int rc = store_put_row(s, a, (int64_t)time(NULL), false, id,
			       fts_rowid);

	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

/* Record the article and its text in one BEGIN IMMEDIATE transaction. */
bool
store_put_article(struct store *s, const struct store_article *a,
		  const char *body, size_t body_len, struct err *err)
{
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_put_in_txn(s, a, body, body_len, NULL);
	return store_end_write(s, rc, err);
}

/* List the indexed articles in the scope newest first; see store.h. */
bool
store_list_articles(struct store *s, bool unread_only, store_hit_fn cb,
		    void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_adds(&sql, "SELECT id, path, title, source, date, fetch_date "
		 "FROM article\n"
		 "WHERE NOT missing AND indexed_at IS NOT NULL\n"
		 "  AND (?1 = 0 OR read_at IS NULL)\n");
	store_scope_sql(s, "path", &sql);
	buf_adds(&sql, "ORDER BY date DESC, fetch_date DESC, title, path");
	rc = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL);
	buf_fini(&sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 1, unread_only);
	if (rc == SQLITE_OK)
		rc = store_step_hits(st, cb, ctx);
	sqlite3_finalize(st);
	return rc == SQLITE_OK || rc == SQLITE_DONE
		|| store_read_failed(s, rc, err);
}

bool
store_get_place(struct store *s, const char *path, struct store_place *pl,
		struct err *err)
{
	static const char sql[] =
		"SELECT first_opened IS NOT NULL, read_at IS NOT NULL, percent,\n"
		"	position FROM article WHERE path = ?1";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	memset(pl, 0, sizeof *pl);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		pl->opened = sqlite3_column_int(st, 0) != 0;
		pl->read = sqlite3_column_int(st, 1) != 0;
		pl->percent = sqlite3_column_int(st, 2);
		sqlite3_int64 pos = sqlite3_column_int64(st, 3);
		pl->position = pos > 0 ? (size_t)pos : 0;
	} else if (rc != SQLITE_DONE) {
		store_read_failed(s, rc, err);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* Write pl's position, percent and read mark for path (inside a write
 * transaction); a read article stays read. */
static int
store_update_place(struct store *s, const char *path,
		   const struct store_place *pl, int64_t now)
{
	static const char sql[] =
		"UPDATE article SET position = ?2, percent = ?3,\n"
		"	read_at = CASE WHEN ?4 THEN coalesce(read_at, ?5)\n"
		"		ELSE read_at END\n"
		"WHERE path = ?1";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)pl->position);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 3, pl->percent);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 4, pl->read);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, now);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	return rc;
}

bool
store_save_place(struct store *s, const char *path,
		 const struct store_place *pl, struct err *err)
{
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_upsert_opened(s, path, now);
	if (rc == SQLITE_OK)
		rc = store_update_place(s, path, pl, now);
	return store_end_write(s, rc, err);
}
