/* SPDX-License-Identifier: MIT */
/*
 * store_highlight.c: the highlight rows: adding, changing, deleting and
 * listing them, counting them per article, and the import side of the
 * JSON format (read with SQLite's JSON functions, merged in one
 * transaction). Where a highlight lies in the current text is decided by
 * highlight.c; this file only keeps what it is told.
 *
 * Every write is one BEGIN IMMEDIATE transaction committed before the
 * call returns, so "saved" is true when shown; in WAL mode with
 * synchronous=NORMAL only a power cut may lose the last commits. Import
 * checks every row before writing any, then merges: same article and
 * quote, and same range or same created time, is the same highlight,
 * updated only when the imported one is newer; never duplicated. An
 * article unknown by path is matched by url when exactly one has it.
 */
#include "config.h"
#include "data/store.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "base/err.h"
#include "base/i18n.h"
#include "data/store_impl.h"
#include "base/xmem.h"

/* The columns every highlight query selects, in store_highlight_row's
 * order. */
#define STORE_HL_COLUMNS \
	"h.id, h.start, h.end, h.quote, h.prefix, h.suffix, h.note, " \
	"h.color, h.detached, h.created, h.updated"

void
store_highlight_fini(struct store_highlight *h)
{
	if (h == NULL)
		return;
	free(h->quote);
	free(h->prefix);
	free(h->suffix);
	free(h->note);
	memset(h, 0, sizeof *h);
}

void
store_highlights_free(struct store_highlight *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		store_highlight_fini(&v[i]);
	free(v);
}

void
store_highlight_entries_free(struct store_highlight_entry *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		store_highlight_fini(&v[i].h);
		free(v[i].path);
		free(v[i].title);
		free(v[i].source);
		free(v[i].date);
		free(v[i].url);
	}
	free(v);
}

/* Return a non-negative column value as an offset. */
static size_t
store_col_off(sqlite3_stmt *st, int i)
{
	sqlite3_int64 v = sqlite3_column_int64(st, i);

	return v > 0 ? (size_t)v : 0;
}

/* Fill h from the STORE_HL_COLUMNS of st starting at column i. */
static void
store_highlight_row(sqlite3_stmt *st, int i, struct store_highlight *h)
{
	const char *s;

	h->id = sqlite3_column_int64(st, i);
	h->start = store_col_off(st, i + 1);
	h->end = store_col_off(st, i + 2);
	s = store_col(st, i + 3);
	h->quote = xstrdup(s ? s : "");
	s = store_col(st, i + 4);
	h->prefix = xstrdup(s ? s : "");
	s = store_col(st, i + 5);
	h->suffix = xstrdup(s ? s : "");
	h->note = store_strdup(store_col(st, i + 6));
	h->color = sqlite3_column_int(st, i + 7);
	h->detached = sqlite3_column_int(st, i + 8) != 0;
	h->created = sqlite3_column_int64(st, i + 9);
	h->updated = sqlite3_column_int64(st, i + 10);
}

/* Make room in the heap array *v of *n elements of size size for one
 * more (capacity *cap) and return a pointer to the zeroed new element. */
static void *
store_push(void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xreallocarray(*v, *cap, size);
	}
	char *slot = (char *)*v + (*n)++ * size;
	memset(slot, 0, size);
	return slot;
}

bool
store_highlight_list(struct store *s, const char *path,
		     struct store_highlight **out, size_t *n,
		     struct err *err)
{
	static const char sql[] =
		"SELECT " STORE_HL_COLUMNS " FROM highlight AS h\n"
		"JOIN article AS a ON a.id = h.article_id\n"
		"WHERE a.path = ?1 ORDER BY h.start, h.end, h.id";
	struct store_highlight *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	*n = 0;
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_highlight_row(st, 0, store_push((void **)&v, n, &cap,
						       sizeof *v));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_highlights_free(v, *n);
		*n = 0;
		return store_read_failed(s, rc, err);
	}
	*out = v;
	return true;
}

/* Bind meta's title, source, date and url to ?2-?5. */
static int
store_bind_meta(sqlite3_stmt *st, const struct store_highlight_entry *meta)
{
	int rc = store_bind_str(st, 2, meta->title);

	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 3, meta->source);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 4, meta->date);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 5, meta->url);
	return rc;
}

/* Store the article's row id, creating the row; see store_impl.h. */
int
store_article_id(struct store *s, const char *path,
		 const struct store_highlight_entry *meta, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO article (path, title, source, date, url)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5)\n"
		"ON CONFLICT (path) DO UPDATE SET\n"
		"	title = coalesce(title, excluded.title),\n"
		"	source = coalesce(source, excluded.source),\n"
		"	date = coalesce(date, excluded.date),\n"
		"	url = coalesce(url, excluded.url)\n"
		"RETURNING id";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = store_bind_str(st, 1, path);
	if (rc == SQLITE_OK && meta != NULL)
		rc = store_bind_meta(st, meta);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Bind h's members to parameters 2-12 of an insert or update (1 is left
 * to the caller). */
static int
store_bind_highlight(sqlite3_stmt *st, const struct store_highlight *h)
{
	int rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)h->start);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 3, (sqlite3_int64)h->end);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 4, h->quote);
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 5, h->prefix ? h->prefix : "");
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 6, h->suffix ? h->suffix : "");
	if (rc == SQLITE_OK)
		rc = store_bind_str(st, 7, h->note);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 8, h->color);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 9, h->detached);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 10, h->created);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 11, h->updated);
	if (rc == SQLITE_OK)
		rc = h->id != 0 ? sqlite3_bind_int64(st, 12, h->id)
			: sqlite3_bind_null(st, 12);
	return rc;
}

/* Insert a highlight row; see store_impl.h. */
int
store_insert_highlight(struct store *s, int64_t article_id,
		       const struct store_highlight *h, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO highlight (article_id, start, end, quote, prefix,\n"
		"	suffix, note, color, detached, created, updated, id)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)\n"
		"RETURNING id";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	assert(h->quote != NULL && h->color >= 1 && h->color <= 4);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_int64(st, 1, article_id);
	if (rc == SQLITE_OK)
		rc = store_bind_highlight(st, h);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

bool
store_highlight_add(struct store *s, const char *path,
		    const struct store_highlight *h, int64_t *id,
		    struct err *err)
{
	int64_t article_id = 0;
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_article_id(s, path, NULL, &article_id);
	if (rc == SQLITE_OK)
		rc = store_insert_highlight(s, article_id, h, id);
	return store_end_write(s, rc, err);
}

/* Run the prepared write st to its end, then reset it for the next
 * binding; SQLITE_OK when it ran. */
static int
store_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

bool
store_highlight_move(struct store *s, const struct store_highlight *v,
		     size_t n, struct err *err)
{
	static const char sql[] =
		"UPDATE highlight SET start = ?2, end = ?3, detached = ?4,\n"
		"	quote = ?5\n"
		"WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	for (size_t i = 0; i < n && rc == SQLITE_OK; i++) {
		rc = sqlite3_bind_int64(st, 1, v[i].id);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 2, (sqlite3_int64)v[i].start);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 3, (sqlite3_int64)v[i].end);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(st, 4, v[i].detached);
		if (rc == SQLITE_OK)
			rc = store_bind_str(st, 5, v[i].quote);
		if (rc == SQLITE_OK)
			rc = store_run(st);
	}
	sqlite3_finalize(st);
	return store_end_write(s, rc, err);
}

/* Run the one-row write sql with id bound to ?1 and, when bind is not
 * NULL, bind(st, ctx) binding the rest, in its own transaction; report a
 * missing row as an error. */
static bool
store_highlight_write(struct store *s, const char *sql, int64_t id,
		      int (*bind)(sqlite3_stmt *st, const void *ctx),
		      const void *ctx, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!store_may_write(s, err))
		return false;
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 1, id);
	if (rc == SQLITE_OK && bind != NULL)
		rc = bind(st, ctx);
	if (rc == SQLITE_OK)
		rc = store_run(st);
	if (rc == SQLITE_OK && sqlite3_changes(s->db) == 0) {
		sqlite3_finalize(st);
		store_exec(s, "ROLLBACK");
		return err_set(err, _("highlight %lld no longer exists"),
			       (long long)id);
	}
	sqlite3_finalize(st);
	return store_end_write(s, rc, err);
}

/* What an update of one member binds: a value and the update time. */
struct store_hl_change {
	const char *note;
	int color;
	int64_t updated;
};

/* Bind a note change to ?2 and ?3. */
static int
store_bind_note(sqlite3_stmt *st, const void *ctx)
{
	const struct store_hl_change *c = ctx;
	int rc = store_bind_str(st, 2, c->note);

	return rc == SQLITE_OK ? sqlite3_bind_int64(st, 3, c->updated) : rc;
}

/* Bind a colour change to ?2 and ?3. */
static int
store_bind_color(sqlite3_stmt *st, const void *ctx)
{
	const struct store_hl_change *c = ctx;
	int rc = sqlite3_bind_int(st, 2, c->color);

	return rc == SQLITE_OK ? sqlite3_bind_int64(st, 3, c->updated) : rc;
}

bool
store_highlight_set_note(struct store *s, int64_t id, const char *note,
			 int64_t updated, struct err *err)
{
	struct store_hl_change c = { .note = note, .updated = updated };

	return store_highlight_write(s, "UPDATE highlight SET note = ?2,"
				     " updated = ?3 WHERE id = ?1", id,
				     store_bind_note, &c, err);
}

bool
store_highlight_set_color(struct store *s, int64_t id, int color,
			  int64_t updated, struct err *err)
{
	struct store_hl_change c = { .color = color, .updated = updated };

	assert(color >= 1 && color <= 4);
	return store_highlight_write(s, "UPDATE highlight SET color = ?2,"
				     " updated = ?3 WHERE id = ?1", id,
				     store_bind_color, &c, err);
}

bool
store_highlight_delete(struct store *s, int64_t id, struct err *err)
{
	return store_highlight_write(s, "DELETE FROM highlight WHERE id = ?1",
				     id, NULL, NULL, err);
}

/* Fill e from a row of STORE_HL_COLUMNS followed by the article's path,
 * title, source, date and url. */
static void
store_entry_row(sqlite3_stmt *st, struct store_highlight_entry *e)
{
	store_highlight_row(st, 0, &e->h);
	e->path = store_strdup(store_col(st, 11));
	e->title = store_strdup(store_col(st, 12));
	e->source = store_strdup(store_col(st, 13));
	e->date = store_strdup(store_col(st, 14));
	e->url = store_strdup(store_col(st, 15));
}

bool
store_highlight_list_all(struct store *s,
			 struct store_highlight_entry **out, size_t *n,
			 struct err *err)
{
	static const char sql[] =
		"SELECT " STORE_HL_COLUMNS ",\n"
		"	a.path, a.title, a.source, a.date, a.url\n"
		"FROM highlight AS h JOIN article AS a ON a.id = h.article_id\n"
		"ORDER BY h.created DESC, h.id DESC";
	struct store_highlight_entry *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	*n = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_entry_row(st, store_push((void **)&v, n, &cap,
					       sizeof *v));
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_highlight_entries_free(v, *n);
		*n = 0;
		return store_read_failed(s, rc, err);
	}
	*out = v;
	return true;
}

bool
store_highlight_counts(struct store *s,
		       void (*cb)(const char *path, size_t n, void *ctx),
		       void *ctx, struct err *err)
{
	static const char sql[] =
		"SELECT a.path, count(*) FROM highlight AS h\n"
		"JOIN article AS a ON a.id = h.article_id GROUP BY a.id";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		cb(store_col(st, 0), (size_t)sqlite3_column_int64(st, 1), ctx);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || store_read_failed(s, rc, err);
}
