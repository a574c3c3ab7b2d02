/* SPDX-License-Identifier: MIT */
/*
 * store_list.c: the article list as the list view shows it: rows in one
 * of five orders with the unread, source and path filters, the sources
 * to filter by, and marking articles read or unread.
 *
 * The scope: every list, count, sources and search query appends
 * store_scope_sql: per root, the path itself or +path >= 'root/' AND +path
 * < 'root0' ('0' is the byte after '/'), written as literals with quotes
 * doubled, so no query renumbers its parameters and no function runs per
 * row (a json_each per row once doubled the load). The unary + keeps
 * SQLite on the order's own index, since a scope usually covers most rows.
 * Rows outside the scope keep their user data until purged.
 */
#include "config.h"
#include "data/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/store_impl.h"
#include "base/xmem.h"

/* The WHERE clause every list query starts with: ?1 unread only, ?2
 * the source or NULL; store_list_prepare adds the scope. */
#define STORE_LIST_WHERE \
	"WHERE NOT missing AND indexed_at IS NOT NULL\n" \
	"  AND (?1 = 0 OR read_at IS NULL)\n" \
	"  AND (?2 IS NULL OR source = ?2)\n"

/* ORDER BY clauses by enum store_sort; each ends with the path so that
 * equal keys keep one order from run to run. */
static const char *const store_orders[STORE_N_SORTS] = {
	[STORE_SORT_DATE] = "date DESC, fetch_date DESC, title, path",
	[STORE_SORT_FETCHED] = "fetch_date DESC, date DESC, path",
	[STORE_SORT_TITLE] = "title COLLATE locale, path",
	[STORE_SORT_SOURCE] = "source IS NULL, source COLLATE locale,"
			      " date DESC, fetch_date DESC, path",
	[STORE_SORT_LAST_READ] = "last_opened IS NULL, last_opened DESC,"
				 " date DESC, fetch_date DESC, path",
};

/* Compare two strings of the given byte lengths with strcoll. SQLite
 * hands over text without a terminating NUL, so short ones are copied to
 * the stack and long ones to the heap. */
static int
store_collate(void *unused, int alen, const void *a, int blen, const void *b)
{
	char abuf[256], bbuf[256];
	char *as = alen < (int)sizeof abuf ? abuf : xmalloc((size_t)alen + 1);
	char *bs = blen < (int)sizeof bbuf ? bbuf : xmalloc((size_t)blen + 1);
	int r;

	(void)unused;
	memcpy(as, a, (size_t)alen);
	as[alen] = '\0';
	memcpy(bs, b, (size_t)blen);
	bs[blen] = '\0';
	r = strcoll(as, bs);
	if (r == 0)	/* distinct strings never compare equal */
		r = strcmp(as, bs);
	if (as != abuf)
		free(as);
	if (bs != bbuf)
		free(bs);
	return r;
}

/* Register the "locale" collation; see store_impl.h. */
int
store_register_collation(struct store *s)
{
	return sqlite3_create_collation(s->db, "locale", SQLITE_UTF8, NULL,
					store_collate);
}

/*
 * The scope: the archive this run shows (the paths given, else the
 * configured roots, else the samples). Each root becomes the path
 * itself or a range of paths, from "/a/b/" up to "/a/b0" ('0' being
 * the byte after '/'): two string comparisons against constants per
 * row, where a subquery or a function call per row cost as much as the
 * whole list. The roots are written into the SQL as literals (quotes
 * doubled), so every query keeps its own parameters. The unary + keeps
 * SQLite from walking the path index instead of the order's own: the
 * scope usually covers most of the database, and the first screen must
 * come from the date index at once.
 */

void
store_set_scope(struct store *s, char *const *roots, size_t n)
{
	for (size_t i = 0; i < s->n_scope; i++)
		free(s->scope[i]);
	free(s->scope);
	s->scope = NULL;
	s->n_scope = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(roots[i], "/") == 0) {	/* everything */
			store_set_scope(s, NULL, 0);
			return;
		}
		s->scope = xreallocarray(s->scope, s->n_scope + 1,
					 sizeof *s->scope);
		s->scope[s->n_scope++] = xstrdup(roots[i]);
	}
}

/* Append the SQL string literal for s followed by tail to sql. */
static void
store_literal(struct buf *sql, const char *s, const char *tail)
{
	buf_addc(sql, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_addc(sql, '\'');
		buf_addc(sql, *s);
	}
	buf_adds(sql, tail);
	buf_addc(sql, '\'');
}

void
store_scope_sql(const struct store *s, const char *col, struct buf *sql)
{
	if (s->n_scope == 0)
		return;
	buf_adds(sql, " AND (0");
	for (size_t i = 0; i < s->n_scope; i++) {
		buf_printf(sql, " OR +%s = ", col);
		store_literal(sql, s->scope[i], "");
		buf_printf(sql, " OR (+%s >= ", col);
		store_literal(sql, s->scope[i], "/");
		buf_printf(sql, " AND +%s < ", col);
		store_literal(sql, s->scope[i], "0");
		buf_addc(sql, ')');
	}
	buf_adds(sql, ")\n");
}

/* Prepare head, the filter f's WHERE clause and tail as one list query
 * in *st, and bind f to it. */
static int
store_list_prepare(struct store *s, const char *head,
		   const struct store_filter *f, const char *tail,
		   sqlite3_stmt **st)
{
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_adds(&sql, head);
	buf_adds(&sql, STORE_LIST_WHERE);
	store_scope_sql(s, "path", &sql);
	buf_adds(&sql, tail);
	rc = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, st, NULL);
	buf_fini(&sql);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(*st, 1, f->unread_only);
	if (rc == SQLITE_OK)
		rc = store_bind_str(*st, 2, f->source);
	return rc;
}

/* Fill r from the current row of the list query st. */
static void
store_read_row(sqlite3_stmt *st, struct store_row *r)
{
	sqlite3_int64 pos = sqlite3_column_int64(st, 9);

	r->id = sqlite3_column_int64(st, 0);
	r->path = store_col(st, 1);
	r->title = store_col(st, 2);
	r->source = store_col(st, 3);
	r->date = store_col(st, 4);
	r->fetch_date = store_col(st, 5);
	r->place.opened = sqlite3_column_int(st, 6) != 0;
	r->place.read = sqlite3_column_int(st, 7) != 0;
	r->place.percent = sqlite3_column_int(st, 8);
	r->place.position = pos > 0 ? (size_t)pos : 0;
	r->highlights = (size_t)sqlite3_column_int64(st, 10);
	r->last_opened = sqlite3_column_int64(st, 11);
	r->quarantined = sqlite3_column_int(st, 12) != 0;
}

bool
store_read_begin(struct store *s, struct err *err)
{
	int rc = store_exec(s, "BEGIN");

	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

void
store_read_end(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		store_exec(s, "COMMIT");
}

/* List the articles; see store.h. */
bool
store_list_rows(struct store *s, enum store_sort sort,
		const struct store_filter *f, size_t limit, store_row_fn cb,
		void *ctx, struct err *err)
{
	static const char head[] =
		"SELECT id, path, title, source, date, fetch_date,\n"
		"	first_opened IS NOT NULL, read_at IS NOT NULL, percent,\n"
		"	position, coalesce(h.n, 0), coalesce(last_opened, 0),\n"
		"	quarantined IS NOT NULL\n"
		"FROM article LEFT JOIN (SELECT article_id, count(*) AS n\n"
		"	FROM highlight GROUP BY article_id) AS h\n"
		"	ON h.article_id = article.id\n";
	struct store_row r;
	struct buf tail;
	sqlite3_stmt *st = NULL;
	int rc;

	buf_init(&tail);
	if (sort < STORE_N_SORTS)
		buf_printf(&tail, "ORDER BY %s ", store_orders[sort]);
	buf_adds(&tail, "LIMIT ?4");
	rc = store_list_prepare(s, head, f, buf_str(&tail), &st);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 4, limit == 0 || limit > INT64_MAX
					? -1 : (int64_t)limit);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_read_row(st, &r);
		rc = cb(&r, ctx) ? SQLITE_OK : SQLITE_DONE;
	}
	sqlite3_finalize(st);
	buf_fini(&tail);
	return rc == SQLITE_DONE || store_read_failed(s, rc, err);
}

/* Count the rows of the list; see store.h. */
bool
store_count_rows(struct store *s, const struct store_filter *f, size_t *n,
		 size_t *unread, struct err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = store_list_prepare(s, "SELECT count(*), count(*) - "
				    "count(read_at) FROM article\n", f, "",
				    &st);

	*n = *unread = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = (size_t)sqlite3_column_int64(st, 0);
		*unread = (size_t)sqlite3_column_int64(st, 1);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* List the sources with counts; see store.h. */
bool
store_list_sources(struct store *s, const struct store_filter *f,
		   store_source_fn cb, void *ctx, struct err *err)
{
	struct store_filter all = *f;
	sqlite3_stmt *st = NULL;
	int rc;

	all.source = NULL;
	rc = store_list_prepare(s, "SELECT source, count(*) FROM article\n",
				&all, "  AND source IS NOT NULL\n"
				"GROUP BY source ORDER BY source COLLATE locale",
				&st);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = cb(store_col(st, 0), (size_t)sqlite3_column_int64(st, 1),
			ctx) ? SQLITE_OK : SQLITE_DONE;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || store_read_failed(s, rc, err);
}

/* Append the condition "outside the scope" on the column path to sql. */
static void
store_outside_sql(const struct store *s, struct buf *sql)
{
	buf_adds(sql, "NOT (1");
	store_scope_sql(s, "path", sql);
	buf_adds(sql, ")");
}

/* List the articles outside the scope; see store.h. */
bool
store_list_outside(struct store *s, store_path_fn cb, void *ctx,
		   struct err *err)
{
	sqlite3_stmt *st = NULL;
	struct buf sql;
	int rc = SQLITE_DONE;

	if (s->n_scope == 0)
		return true;
	buf_init(&sql);
	buf_adds(&sql, "SELECT path FROM article WHERE ");
	store_outside_sql(s, &sql);
	buf_adds(&sql, " ORDER BY path");
	rc = sqlite3_prepare_v2(s->db, buf_str(&sql), -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = cb(store_col(st, 0), ctx) ? SQLITE_OK : SQLITE_DONE;
	sqlite3_finalize(st);
	buf_fini(&sql);
	return rc == SQLITE_DONE || store_read_failed(s, rc, err);
}

/* Forget the articles outside the scope; see store.h. Highlights go
 * with their article's row (ON DELETE CASCADE). */
bool
store_purge_outside(struct store *s, size_t *n, struct err *err)
{
	struct buf rows;
	int rc;

	*n = 0;
	if (s->n_scope == 0)
		return true;
	if (!store_may_write(s, err))
		return false;
	/* Their full-text entries stay and match nothing (store_delete_missing). */
	buf_init(&rows);
	buf_adds(&rows, "DELETE FROM article WHERE ");
	store_outside_sql(s, &rows);
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_exec(s, buf_str(&rows));
	if (rc == SQLITE_OK)
		*n = (size_t)sqlite3_changes(s->db);
	buf_fini(&rows);
	return store_end_write(s, rc, err);
}
