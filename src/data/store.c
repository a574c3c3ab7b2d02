/* SPDX-License-Identifier: MIT */
/*
 * store.c: what every store file shares: SQLite's errors in the user's
 * words, running a statement, reading a column, binding a string, and
 * ending a write. Opening, migrations and closing are store_open.c's.
 */
#include "config.h"
#include "data/store.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "data/store_impl.h"
#include "base/xmem.h"

/* Reasons shown instead of SQLite's English text, by result code; an
 * extended code is looked up before its primary code. */
static const struct {
	int code;
	const char *reason;
} store_reasons[] = {
	{ .code = SQLITE_READONLY_DIRECTORY,
	  .reason = N_("its directory is read-only") },
	{ .code = SQLITE_READONLY, .reason = N_("the database is read-only") },
	{ .code = SQLITE_BUSY,
	  .reason = N_("the database is locked by another program; "
		       "try again") },
	{ .code = SQLITE_NOTADB, .reason = N_("file is not a database") },
	{ .code = SQLITE_CORRUPT, .reason = N_("the database file is damaged") },
	{ .code = SQLITE_FULL, .reason = N_("the disk is full") },
};

/* Return the translated reason for code, or NULL if it has none. */
static const char *
store_reason_for(int code)
{
	size_t i;

	for (i = 0; i < sizeof store_reasons / sizeof store_reasons[0]; i++)
		if (store_reasons[i].code == code)
			return _(store_reasons[i].reason);
	return NULL;
}

/* Return words for the failure rc that just happened on db; the text may
 * live in db, so use it before the next call on db. */
const char *
store_reason(sqlite3 *db, int rc)
{
	int ext = sqlite3_extended_errcode(db);
	const char *reason;

	if ((ext & 0xff) == (rc & 0xff) && (reason = store_reason_for(ext)))
		return reason;
	if ((reason = store_reason_for(rc & 0xff)) != NULL)
		return reason;
	if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR)
	    && sqlite3_system_errno(db) != 0)
		return strerror(sqlite3_system_errno(db));
	return sqlite3_errmsg(db);
}

/* Report that saving to s failed with rc; return false. */
bool
store_save_failed(struct store *s, int rc, struct err *err)
{
	return err_set(err, _("cannot save to database %s: %s"), s->path,
		       store_reason(s->db, rc));
}

/* Run sql, which takes no parameters, and return SQLite's result code. */
int
store_exec(struct store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* Run the one-row, one-column query sql and store its value in *out. */
int
store_query_int(struct store *s, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Set how long writes wait for another program's lock. */
void
store_set_busy_timeout(struct store *s, int timeout_ms)
{
	sqlite3_busy_timeout(s->db, timeout_ms);
	s->busy_ms = timeout_ms;
}

/* Finish a write transaction that got as far as rc: commit, or report
 * the failure and roll back; return whether it was saved. */
bool
store_end_write(struct store *s, int rc, struct err *err)
{
	if (rc == SQLITE_OK)
		rc = store_exec(s, "COMMIT");
	if (rc == SQLITE_OK)
		return true;
	store_save_failed(s, rc, err);
	if (!sqlite3_get_autocommit(s->db))
		store_exec(s, "ROLLBACK");
	return false;
}

/* Report that reading s failed with rc; return false. */
bool
store_read_failed(struct store *s, int rc, struct err *err)
{
	return err_set(err, _("cannot read database %s: %s"), s->path,
		       store_reason(s->db, rc));
}

/* Return the text of column i of st, NULL for NULL. */
const char *
store_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Refuse a write to a read-only database; see store_impl.h. */
bool
store_may_write(struct store *s, struct err *err)
{
	if (!s->readonly)
		return true;
	return err_set(err, _("cannot save to database %s: %s"), s->path,
		       _("the database is read-only"));
}

/* Return a heap copy of s, or NULL for NULL. */
char *
store_strdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Bind the string v, or NULL when v is NULL, to parameter i of st. */
int
store_bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Return a heap "file:" URI naming path for sqlite3_open_v2, so that no
 * character of the path is read as URI syntax; the caller frees it. */
char *
store_uri(const char *path, bool immutable)
{
	struct buf b;
	const char *p;

	buf_init(&b);
	/* "file:///abs" keeps a path starting with "//" from being a host. */
	buf_adds(&b, path[0] == '/' ? "file://" : "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&b, *p);
	}
	if (immutable)
		buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

char *
store_shard_path(const char *db_path, int k)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s-fts%d", db_path, k);
	return buf_detach(&b);
}
