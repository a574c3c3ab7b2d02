/* SPDX-License-Identifier: MIT */
/*
 * store_sync.c: the SQL of device sync (store_sync.h). Every statement is
 * prepared once per connection; applying 100,000 records runs a few
 * statements each inside batches, so compiling them would dominate.
 */
#include "config.h"
#include "data/store_sync.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/store.h"
#include "data/store_impl.h"

/* A highlight from another device takes a row id this far above the
 * largest: the loop's state API hands out the next ids itself while
 * its adds wait for the indexer's lock (state_highlight_add), and the
 * sync thread's insert must not take one of those. */
#define STORE_SYNC_ID_GAP "65536"

/* The statements, in the order of enum store_sync_stmt. */
static const char *const store_sync_sql[STORE_SYNC_N_STMTS] = {
	[STORE_SYNC_META_GET] = "SELECT value FROM sync_meta WHERE key = ?1",
	[STORE_SYNC_META_PUT] =
		"INSERT INTO sync_meta (key, value) VALUES (?1, ?2)\n"
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[STORE_SYNC_ARTICLES] = "SELECT id, url, hash, path FROM article",
	[STORE_SYNC_ARTICLE] =
		"SELECT id, url, hash, path FROM article WHERE id = ?1",
	[STORE_SYNC_HL_UID] =
		"SELECT coalesce(uid, ?2 || '-' || id) FROM highlight WHERE id = ?1",
	[STORE_SYNC_FILE_GET] =
		"SELECT size, off, line, head FROM sync_file WHERE name = ?1",
	[STORE_SYNC_FILE_PUT] =
		"INSERT OR REPLACE INTO sync_file (name, size, off, line, head)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5)",
	[STORE_SYNC_FOLD] =
		"INSERT INTO sync_field (key, field, ms, c, dev, rec, settled)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)\n"
		"ON CONFLICT (key, field) DO UPDATE SET ms = excluded.ms,\n"
		"	c = excluded.c, dev = excluded.dev, rec = excluded.rec,\n"
		"	settled = excluded.settled\n"
		"WHERE (excluded.ms, excluded.c, excluded.dev, excluded.rec) >\n"
		"	(ms, c, dev, rec)",
	[STORE_SYNC_FIELD_GET] =
		"SELECT ms, c, dev, rec, settled FROM sync_field\n"
		"WHERE key = ?1 AND field = ?2",
	[STORE_SYNC_SETTLE] =
		"UPDATE sync_field SET settled = 1 WHERE key = ?1 AND field = ?2",
	[STORE_SYNC_UNSETTLED] =
		"SELECT key, field FROM sync_field WHERE settled = 0 ORDER BY key",
	[STORE_SYNC_PUT_READ] =
		"UPDATE article SET\n"
		"	read_at = CASE WHEN ?2 THEN coalesce(read_at, ?3 / 1000) END,\n"
		"	state_at = max(coalesce(state_at, 0), ?3) WHERE id = ?1",
	[STORE_SYNC_PUT_PLACE] =
		"UPDATE article SET position = ?2, percent = ?3,\n"
		"	first_opened = coalesce(first_opened, ?4 / 1000),\n"
		"	state_at = max(coalesce(state_at, 0), ?4) WHERE id = ?1",
	[STORE_SYNC_HL_FIND] =
		"SELECT id FROM highlight WHERE uid = ?1\n"
		"UNION ALL SELECT id FROM highlight WHERE id = ?2 AND uid IS NULL\n"
		"LIMIT 1",
	[STORE_SYNC_HL_INSERT] =
		"INSERT INTO highlight (article_id, start, end, quote, prefix,\n"
		"	suffix, note, color, created, updated, uid, id)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,\n"
		"	(SELECT coalesce(max(id), 0) + " STORE_SYNC_ID_GAP
		" FROM highlight))",
	[STORE_SYNC_HL_UPDATE] =
		"UPDATE highlight SET article_id = ?1, note = ?7, color = ?8,\n"
		"	updated = ?10 WHERE id = ?12",
	[STORE_SYNC_HL_DELETE] = "DELETE FROM highlight WHERE id = ?1",
	[STORE_SYNC_SAW] =
		"INSERT INTO sync_device (dev, ms, c, arrived, n)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5)\n"
		"ON CONFLICT (dev) DO UPDATE SET n = n + ?5, arrived = ?4,\n"
		"	ms = CASE WHEN (?2, ?3) > (ms, c) THEN ?2 ELSE ms END,\n"
		"	c = CASE WHEN (?2, ?3) > (ms, c) THEN ?3 ELSE c END",
	[STORE_SYNC_DEVICES] =
		"SELECT dev, ms, c, arrived, n FROM sync_device ORDER BY dev",
	[STORE_SYNC_DUMP_ARTICLES] =
		"SELECT id, url, hash, path, read_at IS NOT NULL, position,\n"
		"	percent FROM article",
	[STORE_SYNC_OWN] =
		"SELECT rec FROM sync_field WHERE dev = ?1\n"
		"GROUP BY rec ORDER BY min(ms), min(c)",
	[STORE_SYNC_HL_ALL] =
		"SELECT coalesce(uid, ?1 || '-' || id), article_id, start, end,\n"
		"	quote, prefix, suffix, note, color, created, updated\n"
		"FROM highlight",
	[STORE_SYNC_DUMP_HL] =
		"SELECT coalesce(uid, ?1 || '-' || id), article_id, quote, note,\n"
		"	color FROM highlight",
};

/* Return statement k of s, prepared once, reset and unbound; NULL with
 * *rc set on a failure. */
static sqlite3_stmt *
store_sync_stmt(struct store *s, enum store_sync_stmt k, int *rc)
{
	*rc = SQLITE_OK;
	if (s->sync_stmts[k] == NULL)
		*rc = sqlite3_prepare_v3(s->db, store_sync_sql[k], -1,
					 SQLITE_PREPARE_PERSISTENT,
					 &s->sync_stmts[k], NULL);
	return s->sync_stmts[k];
}

/* Finish statement st after a step that returned rc: reset and unbind
 * it; return SQLITE_OK for a write that ran. */
static int
store_sync_done(sqlite3_stmt *st, int rc)
{
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Bind text parameters 1.. of st to v[0..n) (NULL binds NULL). */
static int
store_sync_bind(sqlite3_stmt *st, const char *const *v, int n)
{
	int rc = SQLITE_OK;

	for (int i = 0; i < n && rc == SQLITE_OK; i++)
		rc = store_bind_str(st, i + 1, v[i]);
	return rc;
}

bool
store_sync_meta_get(struct store *s, const char *key, char **value,
		    struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_META_GET, &rc);

	*value = NULL;
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, key);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*value = store_strdup(store_col(st, 0));
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_meta_put(struct store *s, const char *key, const char *value,
		    struct err *err)
{
	int rc;
	sqlite3_stmt *st;

	if (!store_batch_begin(s, err))
		return false;
	st = store_sync_stmt(s, STORE_SYNC_META_PUT, &rc);
	if (rc == SQLITE_OK)
		rc = store_sync_bind(st, (const char *[]){ key, value }, 2);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return store_end_write(s, rc, err);
}

/* Call cb for each row (id, url, hash, path) of the bound statement st. */
static int
store_sync_each_article(sqlite3_stmt *st,
			void (*cb)(const struct store_sync_article *a, void *ctx),
			void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_sync_article a = {
			.id = sqlite3_column_int64(st, 0),
			.url = store_col(st, 1), .hash = store_col(st, 2),
			.path = store_col(st, 3),
		};
		cb(&a, ctx);
	}
	return rc;
}

bool
store_sync_articles(struct store *s,
		    void (*cb)(const struct store_sync_article *a, void *ctx),
		    void *ctx, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_ARTICLES, &rc);

	if (rc == SQLITE_OK)
		rc = store_sync_each_article(st, cb, ctx);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_article(struct store *s, int64_t id,
		   void (*cb)(const struct store_sync_article *a, void *ctx),
		   void *ctx, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_ARTICLE, &rc);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = store_sync_each_article(st, cb, ctx);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_hl_uid(struct store *s, int64_t id, const char *dev, char **uid,
		  struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_HL_UID, &rc);

	*uid = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 2, dev);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*uid = store_strdup(store_col(st, 0));
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_file_get(struct store *s, const char *name,
		    struct store_sync_file *f, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_FILE_GET, &rc);

	memset(f, 0, sizeof *f);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, name);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->size = sqlite3_column_int64(st, 0);
		f->off = sqlite3_column_int64(st, 1);
		f->line = sqlite3_column_int64(st, 2);
		f->head = sqlite3_column_int64(st, 3);
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_file_put(struct store *s, const char *name,
		    const struct store_sync_file *f, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_FILE_PUT, &rc);

	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, name);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, f->size);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, f->off);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, f->line);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, f->head);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_sync_fold(struct store *s, const char *key, const char *field,
		struct hlc at, const char *dev, const char *rec, bool settled,
		bool *won, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_FOLD, &rc);

	*won = false;
	if (rc == SQLITE_OK)
		rc = store_sync_bind(st, (const char *[]){ key, field }, 2);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, at.ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, at.c);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 5, dev);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 6, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 7, settled);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
		*won = sqlite3_changes(s->db) > 0;
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

void
store_sync_field_fini(struct store_sync_field *f)
{
	free(f->dev);
	free(f->rec);
	memset(f, 0, sizeof *f);
}

bool
store_sync_field_get(struct store *s, const char *key, const char *field,
		     struct store_sync_field *f, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_FIELD_GET, &rc);

	memset(f, 0, sizeof *f);
	if (rc == SQLITE_OK)
		rc = store_sync_bind(st, (const char *[]){ key, field }, 2);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		f->found = true;
		f->at.ms = sqlite3_column_int64(st, 0);
		f->at.c = (uint32_t)sqlite3_column_int64(st, 1);
		f->dev = store_strdup(store_col(st, 2));
		f->rec = store_strdup(store_col(st, 3));
		f->settled = sqlite3_column_int(st, 4) != 0;
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_settle(struct store *s, const char *key, const char *field,
		  struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_SETTLE, &rc);

	if (rc == SQLITE_OK)
		rc = store_sync_bind(st, (const char *[]){ key, field }, 2);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_sync_unsettled(struct store *s,
		     bool (*cb)(const char *key, const char *field, void *ctx),
		     void *ctx, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_UNSETTLED, &rc);

	while (rc == SQLITE_OK || rc == SQLITE_ROW) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW &&
		    !cb(store_col(st, 0), store_col(st, 1), ctx))
			rc = SQLITE_DONE;
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_put_read(struct store *s, int64_t id, bool read, int64_t at,
		    struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_PUT_READ, &rc);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 2, read);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, at);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_sync_put_place(struct store *s, int64_t id, int64_t position,
		     int percent, int64_t at, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_PUT_PLACE, &rc);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, position);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 3, percent);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, at);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

/* Store in *id the local row of the highlight with uid, 0 for none. */
static int
store_sync_hl_find(struct store *s, const char *uid, const char *dev,
		   int64_t *id)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_HL_FIND, &rc);
	size_t n = strlen(dev);
	int64_t mine = -1;

	/* "<this device>-<n>": a highlight made here, row n, no uid. */
	if (strncmp(uid, dev, n) == 0 && uid[n] == '-' && uid[n + 1] != '\0' &&
	    strspn(uid + n + 1, "0123456789") == strlen(uid + n + 1) &&
	    strlen(uid + n + 1) < 18)
		mine = strtoll(uid + n + 1, NULL, 10);
	*id = 0;
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, uid);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, mine);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	return store_sync_done(st, rc);
}

/* Bind h to the parameters of the insert (row 0) or of the update of
 * row; the update names only ?1, ?7, ?8, ?10 and ?12. */
static int
store_sync_bind_hl(sqlite3_stmt *st, const struct store_sync_hl *h,
		   int64_t row)
{
	int rc = sqlite3_bind_int64(st, 1, h->article_id);

	if (rc == SQLITE_OK && row == 0)
		rc = sqlite3_bind_int64(st, 2, h->start);
	if (rc == SQLITE_OK && row == 0)
		rc = sqlite3_bind_int64(st, 3, h->end);
	if (rc == SQLITE_OK && row == 0)
		rc = store_bind_str(st, 4, h->quote);
	if (rc == SQLITE_OK && row == 0)
		rc = store_bind_str(st, 5, h->prefix != NULL ? h->prefix : "");
	if (rc == SQLITE_OK && row == 0)
		rc = store_bind_str(st, 6, h->suffix != NULL ? h->suffix : "");
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 7, h->note);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 8, h->color);
	if (rc == SQLITE_OK && row == 0)
		rc = sqlite3_bind_int64(st, 9, h->created);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 10, h->updated);
	if (rc == SQLITE_OK && row == 0)
		rc = store_bind_str(st, 11, h->uid);
	if (rc == SQLITE_OK && row != 0)
		rc = sqlite3_bind_int64(st, 12, row);
	return rc;
}

bool
store_sync_put_hl(struct store *s, const struct store_sync_hl *h,
		  const char *dev, struct err *err)
{
	int64_t row;
	int rc = store_sync_hl_find(s, h->uid, dev, &row);
	sqlite3_stmt *st = NULL;

	if (rc == SQLITE_OK)
		st = store_sync_stmt(s, row != 0 ? STORE_SYNC_HL_UPDATE
						 : STORE_SYNC_HL_INSERT, &rc);
	if (rc == SQLITE_OK)
		rc = store_sync_bind_hl(st, h, row);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_sync_delete_hl(struct store *s, const char *uid, const char *dev,
		     struct err *err)
{
	int64_t row;
	int rc = store_sync_hl_find(s, uid, dev, &row);
	sqlite3_stmt *st = NULL;

	if (rc == SQLITE_OK && row != 0) {
		st = store_sync_stmt(s, STORE_SYNC_HL_DELETE, &rc);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 1, row);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		rc = store_sync_done(st, rc);
	}
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_sync_saw(struct store *s, const char *dev, struct hlc at, int64_t n,
	       int64_t now_ms, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_SAW, &rc);

	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, dev);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 2, at.ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, at.c);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, now_ms);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 5, n);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_save_failed(s, rc, err);
}

bool
store_sync_devices(struct store *s,
		   void (*cb)(const struct store_sync_device *d, void *ctx),
		   void *ctx, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_DEVICES, &rc);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_sync_device d = {
			.dev = store_col(st, 0),
			.last = { .ms = sqlite3_column_int64(st, 1),
				  .c = (uint32_t)sqlite3_column_int64(st, 2) },
			.arrived_ms = sqlite3_column_int64(st, 3),
			.n = sqlite3_column_int64(st, 4),
		};
		cb(&d, ctx);
		rc = SQLITE_OK;
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_dump(struct store *s, const char *dev,
		void (*state_cb)(const struct store_sync_state *a, void *ctx),
		void (*hl_cb)(const struct store_sync_hl_state *h, void *ctx),
		void *ctx, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_DUMP_ARTICLES, &rc);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_sync_state a = {
			.id = sqlite3_column_int64(st, 0),
			.url = store_col(st, 1), .hash = store_col(st, 2),
			.path = store_col(st, 3),
			.read = sqlite3_column_int(st, 4) != 0,
			.position = sqlite3_column_int64(st, 5),
			.percent = sqlite3_column_int(st, 6),
		};
		state_cb(&a, ctx);
		rc = SQLITE_OK;
	}
	rc = store_sync_done(st, rc);
	if (rc == SQLITE_OK)
		st = store_sync_stmt(s, STORE_SYNC_DUMP_HL, &rc);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, dev);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_sync_hl_state h = {
			.uid = store_col(st, 0),
			.article_id = sqlite3_column_int64(st, 1),
			.quote = store_col(st, 2), .note = store_col(st, 3),
			.color = sqlite3_column_int(st, 4),
		};
		hl_cb(&h, ctx);
		rc = SQLITE_OK;
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_own(struct store *s, const char *dev,
	       void (*cb)(const char *rec, void *ctx), void *ctx,
	       struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_OWN, &rc);

	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, dev);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cb(store_col(st, 0), ctx);
		rc = SQLITE_OK;
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

bool
store_sync_highlights(struct store *s, const char *dev,
		      void (*cb)(const struct store_sync_hl *h, void *ctx),
		      void *ctx, struct err *err)
{
	int rc;
	sqlite3_stmt *st = store_sync_stmt(s, STORE_SYNC_HL_ALL, &rc);

	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 1, dev);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_sync_hl h = {
			.uid = store_col(st, 0),
			.article_id = sqlite3_column_int64(st, 1),
			.start = sqlite3_column_int64(st, 2),
			.end = sqlite3_column_int64(st, 3),
			.quote = store_col(st, 4), .prefix = store_col(st, 5),
			.suffix = store_col(st, 6), .note = store_col(st, 7),
			.color = sqlite3_column_int(st, 8),
			.created = sqlite3_column_int64(st, 9),
			.updated = sqlite3_column_int64(st, 10),
		};
		cb(&h, ctx);
		rc = SQLITE_OK;
	}
	rc = store_sync_done(st, rc);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}
