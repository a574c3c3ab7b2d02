/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "store.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "fold.h"
#include "i18n.h"
#include "meta.h"
#include "search.h"
#include "utf8.h"
#include "xmem.h"

/* How long a write waits for another instance's lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 5000

/* Tokens (CJK characters or words) a search snippet shows at most. */
#define STORE_SNIPPET_TOKENS 24

struct store {
	sqlite3 *db;
	char *path;	/* the file as the caller named it, for messages */
	bool readonly;	/* opened without write access: writes are refused */
};

/*
 * The schema, one migration per element: migration i takes the database
 * from user_version i to i + 1. Never edit a released migration; append a
 * new one. Each runs inside the transaction that also sets user_version.
 */
static const char *const store_migrations[] = {
	/* 1: articles by path. id is the identity later tables (positions,
	 * highlights) refer to, so a renamed file only changes path. Times
	 * are unix seconds; they are NULL for an article that is known
	 * (found by a scan) but was never opened. */
	"CREATE TABLE article (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	path TEXT NOT NULL UNIQUE,\n"
	"	first_opened INTEGER,\n"
	"	last_opened INTEGER\n"
	");\n",
	/* 2: what a scan of the archive learns about each file, so the list
	 * comes from here, and the full-text index (HACKING.md, "Archive-wide
	 * search"). mtime is in nanoseconds; extra is a JSON object of the
	 * other front-matter keys; missing is 1 for a file a scan no longer
	 * finds (its row and user data stay); indexed_at (unix seconds) is
	 * NULL for a row only opened, never indexed. article_fts keeps its
	 * own copy of the text (rowid = article.id): snippets need it, and a
	 * contentless table in SQLite 3.40 cannot delete a row without it. */
	"ALTER TABLE article ADD COLUMN size INTEGER;\n"
	"ALTER TABLE article ADD COLUMN mtime INTEGER;\n"
	"ALTER TABLE article ADD COLUMN hash TEXT;\n"
	"ALTER TABLE article ADD COLUMN title TEXT;\n"
	"ALTER TABLE article ADD COLUMN source TEXT;\n"
	"ALTER TABLE article ADD COLUMN url TEXT;\n"
	"ALTER TABLE article ADD COLUMN date TEXT;\n"
	"ALTER TABLE article ADD COLUMN fetch_date TEXT;\n"
	"ALTER TABLE article ADD COLUMN length INTEGER;\n"
	"ALTER TABLE article ADD COLUMN extra TEXT;\n"
	"ALTER TABLE article ADD COLUMN missing INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE article ADD COLUMN indexed_at INTEGER;\n"
	"CREATE INDEX article_by_date ON article (date DESC, fetch_date DESC);\n"
	"CREATE INDEX article_by_url ON article (url) WHERE url IS NOT NULL;\n"
	"CREATE INDEX article_by_hash ON article (hash) WHERE hash IS NOT NULL;\n"
	"CREATE VIRTUAL TABLE article_fts USING fts5 (\n"
	"	title, source, body, tokenize = 'tsundoku'\n"
	");\n",
	/* 3: where the reader left each article: position is the source
	 * offset of the top line, percent how far the bottom of the screen
	 * got, read_at (unix seconds) when its end was first on screen. */
	"ALTER TABLE article ADD COLUMN position INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE article ADD COLUMN percent INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE article ADD COLUMN read_at INTEGER;\n",
};

#define STORE_N_MIGRATIONS \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

/*
 * Ways to open the file. Read-write is the normal case; when the file or
 * its directory is not writable, the database is opened again to be read
 * only. SQLite would then create -wal and -shm files next to a WAL
 * database, unwritable ones that later make even a writable database
 * read-only, or fail in a read-only directory; so, unless a -wal file
 * holds commits not yet in the main file, it is opened immutable, which
 * reads the main file alone and creates nothing. Immutable trusts that no
 * one writes the file meanwhile: true for a read-only directory (no room
 * for a journal), and for a file we may not write unless a program with
 * more rights shares it, which would show us stale pages.
 */
enum store_mode {
	STORE_READWRITE,	/* creates the file if needed */
	STORE_READONLY,		/* reads through an existing -wal file */
	STORE_IMMUTABLE,	/* reads the main file alone */
};

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
static const char *
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

/* Report that opening s failed with rc and return rc. */
static int
store_open_failed(struct store *s, int rc, struct err *err)
{
	err_set(err, _("cannot open database %s: %s"), s->path,
		store_reason(s->db, rc));
	return rc;
}

/* Report that upgrading the schema of s failed with rc. */
static void
store_upgrade_failed(struct store *s, int rc, struct err *err)
{
	err_set(err, _("cannot upgrade database %s to schema version %d: %s"),
		s->path, STORE_N_MIGRATIONS, store_reason(s->db, rc));
}

/* Report that saving to s failed with rc; return false. */
static bool
store_save_failed(struct store *s, int rc, struct err *err)
{
	return err_set(err, _("cannot save to database %s: %s"), s->path,
		       store_reason(s->db, rc));
}

/* Run sql, which takes no parameters, and return SQLite's result code. */
static int
store_exec(struct store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

/* Run the one-row, one-column query sql and store its value in *out. */
static int
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

/*
 * The "tsundoku" FTS5 tokenizer (HACKING.md, "Archive-wide search"). Text
 * is folded with fold.h, as in-article search folds it, and split into
 * CJK characters, words and separators. Every character of a CJK run is
 * one token: itself and the next character of the run (a bigram), or
 * itself alone at the end of the run; its offsets are its own source
 * bytes, so a highlight covers exactly the characters matched. A word is
 * a run of other letters and digits. Queries go through the same code.
 */

/* A tokenizer instance: scratch space reused from one text to the next. */
struct store_tok {
	struct fold fold;
};

/* Where store_tok_emit sends tokens: FTS5's callback and context. */
struct store_tok_out {
	const struct fold *fold;
	void *ctx;
	int (*token)(void *ctx, int flags, const char *tok, int len,
		     int start, int end);
};

/* Hand one token to FTS5 with the source offsets of its folded range. */
static int
store_tok_emit(void *arg, const char *tok, size_t len, size_t start,
	       size_t end)
{
	struct store_tok_out *out = arg;
	size_t off, src_end;

	fold_map(out->fold, start, end, &off, &src_end);
	return out->token(out->ctx, 0, tok, (int)len, (int)off, (int)src_end);
}

/* FTS5 xCreate: make a tokenizer; it takes no arguments. */
static int
store_tok_create(void *unused, const char **argv, int argc,
		 Fts5Tokenizer **out)
{
	struct store_tok *t;

	if (argc != 0)
		return SQLITE_ERROR;
	t = xcalloc(1, sizeof *t);
	fold_init(&t->fold);
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

/* FTS5 xDelete: free a tokenizer. */
static void
store_tok_delete(Fts5Tokenizer *tok)
{
	struct store_tok *t = (struct store_tok *)tok;

	fold_fini(&t->fold);
	free(t);
}

/* FTS5 xTokenize: fold text[0..len) and emit its tokens; documents,
 * queries and highlights are all tokenized the same way. */
static int
store_tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
		   const char *text, int len,
		   int (*token)(void *, int, const char *, int, int, int))
{
	struct store_tok *t = (struct store_tok *)tok;
	struct store_tok_out out = { .fold = &t->fold, .ctx = ctx,
				     .token = token };

	if (len <= 0)
		return SQLITE_OK;
	fold_text(text, (size_t)len, &t->fold);
	return search_tokens(t->fold.text, t->fold.len, store_tok_emit, &out);
}

/* Register the "tsundoku" tokenizer on s's connection; every connection
 * needs it before it touches article_fts. */
static int
store_register_tokenizer(struct store *s)
{
	fts5_tokenizer tokenizer = {
		.xCreate = store_tok_create,
		.xDelete = store_tok_delete,
		.xTokenize = store_tok_tokenize,
	};
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;	/* "no such function": built without FTS5 */
	rc = sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc == SQLITE_OK && (api == NULL || api->iVersion < 2))
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "tsundoku", NULL, &tokenizer,
					   NULL);
	return rc;
}

/* Return a heap "file:" URI naming path for sqlite3_open_v2, so that no
 * character of the path is read as URI syntax; the caller frees it. */
static char *
store_uri(const char *path, enum store_mode mode)
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
	if (mode == STORE_IMMUTABLE)
		buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

/* Open s->path in the given mode and set the busy timeout. */
static int
store_connect(struct store *s, enum store_mode mode)
{
	int flags = SQLITE_OPEN_URI | (mode == STORE_READWRITE
		? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
		: SQLITE_OPEN_READONLY);
	char *uri = store_uri(s->path, mode);
	int rc = sqlite3_open_v2(uri, &s->db, flags, NULL);

	free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	return rc;
}

/* Set the connection's modes; WAL only when we may write, since switching
 * is a write and a read-only connection reads in whatever mode it finds. */
static int
store_configure(struct store *s)
{
	int rc = SQLITE_OK;

	/* The result row names the mode in effect; when WAL is impossible
	 * (some file systems) the old mode stays and that is fine. */
	if (!s->readonly)
		rc = store_exec(s, "PRAGMA journal_mode=WAL");
	if (rc == SQLITE_OK)
		rc = store_exec(s, "PRAGMA synchronous=NORMAL");
	if (rc == SQLITE_OK)
		rc = store_exec(s, "PRAGMA foreign_keys=ON");
	return rc;
}

/* Check that version is one we can use or upgrade, and that a database
 * without a version is empty, so we never change another program's file;
 * return SQLITE_OK or report and return SQLITE_ERROR. */
static int
store_check_version(struct store *s, int version, struct err *err)
{
	int n_tables = 0;
	int rc;

	if (version < 0) {
		err_set(err, _("%s: database schema version %d is not valid"),
			s->path, version);
		return SQLITE_ERROR;
	}
	if (version > STORE_N_MIGRATIONS) {
		err_set(err, _("%s: database schema version %d is newer than "
			       "this tsundoku supports (%d); upgrade tsundoku"),
			s->path, version, STORE_N_MIGRATIONS);
		return SQLITE_ERROR;
	}
	if (version > 0)
		return SQLITE_OK;
	rc = store_query_int(s, "SELECT count(*) FROM sqlite_master", &n_tables);
	if (rc != SQLITE_OK)
		return store_open_failed(s, rc, err);
	if (n_tables > 0) {
		err_set(err, _("%s is not a tsundoku database; refusing to "
			       "change it"), s->path);
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

/* Apply migrations from version on and record the new version; the
 * caller holds the write transaction. */
static int
store_apply_migrations(struct store *s, int version)
{
	char sql[48];
	int rc = SQLITE_OK;

	if (version == STORE_N_MIGRATIONS)
		return SQLITE_OK;	/* another instance just did it */
	for (; version < STORE_N_MIGRATIONS && rc == SQLITE_OK; version++)
		rc = store_exec(s, store_migrations[version]);
	if (rc != SQLITE_OK)
		return rc;
	/* PRAGMA takes no parameters; version is our own integer. */
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", version);
	return store_exec(s, sql);
}

/* Bring the schema up to date in one write transaction, re-reading the
 * version under the lock since another instance may have just done it. */
static int
store_migrate(struct store *s, struct err *err)
{
	int version = 0;
	int rc = store_exec(s, "BEGIN IMMEDIATE");

	if (rc != SQLITE_OK)
		return store_open_failed(s, rc, err);
	rc = store_query_int(s, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK) {
		store_upgrade_failed(s, rc, err);
	} else if ((rc = store_check_version(s, version, err)) == SQLITE_OK) {
		rc = store_apply_migrations(s, version);
		if (rc == SQLITE_OK)
			rc = store_exec(s, "COMMIT");
		if (rc != SQLITE_OK)
			store_upgrade_failed(s, rc, err);
	}
	if (!sqlite3_get_autocommit(s->db))
		store_exec(s, "ROLLBACK");
	return rc;
}

/* Open and prepare s in one mode; return SQLite's code for the first
 * failure (with err filled) or SQLITE_OK. Nothing is written before the
 * version is known to be ours, so a refused file is left as it was. */
static int
store_open_as(struct store *s, enum store_mode mode, struct err *err)
{
	int version = 0;
	int rc = store_connect(s, mode);

	/* SQLite opens an unwritable file read-only without a word; catch
	 * that before the first read creates files beside it. */
	if (rc == SQLITE_OK && mode == STORE_READWRITE
	    && sqlite3_db_readonly(s->db, "main") == 1)
		rc = SQLITE_READONLY;
	/* Before anything reads or creates the full-text table. */
	if (rc == SQLITE_OK)
		rc = store_register_tokenizer(s);
	if (rc == SQLITE_OK)
		rc = store_query_int(s, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK)
		return store_open_failed(s, rc, err);
	if ((rc = store_check_version(s, version, err)) != SQLITE_OK)
		return rc;
	s->readonly = mode != STORE_READWRITE;
	if ((rc = store_configure(s)) != SQLITE_OK)
		return store_open_failed(s, rc, err);
	if (version == STORE_N_MIGRATIONS)
		return SQLITE_OK;
	if (s->readonly) {
		err_set(err, _("%s: database schema version %d needs an "
			       "upgrade to %d, but the database is read-only"),
			s->path, version, STORE_N_MIGRATIONS);
		return SQLITE_READONLY;
	}
	return store_migrate(s, err);
}

/* Return whether a write-ahead log file lies next to the database. */
static bool
store_has_wal(const struct store *s)
{
	struct buf wal;
	bool has_wal;

	buf_init(&wal);
	buf_printf(&wal, "%s-wal", s->path);
	has_wal = access(buf_str(&wal), F_OK) == 0;
	buf_fini(&wal);
	return has_wal;
}

/* Return whether opening to read only is worth a try after the read-write
 * open failed with rc: the file exists and we lacked write access to it or
 * to its directory. */
static bool
store_may_read_only(const struct store *s, int rc)
{
	if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN)
		return false;
	return access(s->path, F_OK) == 0;
}

/* Open the database, falling back to read-only access when writing is not
 * allowed; see store.h. */
bool
store_open(const char *path, struct store **out, struct err *err)
{
	struct store *s;
	int rc;

	assert(path[0] != '\0');
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	rc = store_open_as(s, STORE_READWRITE, err);
	if (rc != SQLITE_OK && store_may_read_only(s, rc)) {
		sqlite3_close(s->db);
		s->db = NULL;
		rc = store_open_as(s, store_has_wal(s) ? STORE_READONLY
				   : STORE_IMMUTABLE, err);
	}
	if (rc != SQLITE_OK) {
		store_close(s);
		return false;
	}
	*out = s;
	return true;
}

/* Close the connection and free s; NULL is allowed. */
void
store_close(struct store *s)
{
	int rc;

	if (s == NULL)
		return;
	/* Every statement is finalized where it is used, so this cannot
	 * fail with SQLITE_BUSY. */
	rc = sqlite3_close(s->db);
	assert(rc == SQLITE_OK);
	(void)rc;
	free(s->path);
	free(s);
}

/* Return how many migrations this program knows, its schema version. */
int
store_schema_version(void)
{
	return STORE_N_MIGRATIONS;
}

/* Set how long writes wait for another program's lock. */
void
store_set_busy_timeout(struct store *s, int timeout_ms)
{
	sqlite3_busy_timeout(s->db, timeout_ms);
}

/* Finish a write transaction that got as far as rc: commit, or report
 * the failure and roll back; return whether it was saved. */
static bool
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

	if (s->readonly)
		return err_set(err, _("cannot save to database %s: %s"),
			       s->path, _("the database is read-only"));
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

/* Bind the string v, or NULL when v is NULL, to parameter i of st. */
static int
store_bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Append the JSON string literal for s to b. */
static void
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

/* Insert or update the article row of a, indexed at now, and store its
 * id in *id. */
static int
store_put_row(struct store *s, const struct store_article *a, int64_t now,
	      int64_t *id)
{
	static const char sql[] =
		"INSERT INTO article (path, size, mtime, hash, title, source,\n"
		"	url, date, fetch_date, length, extra, missing, indexed_at)\n"
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0, ?12)\n"
		"ON CONFLICT (path) DO UPDATE SET\n"
		"	size = excluded.size, mtime = excluded.mtime,\n"
		"	hash = excluded.hash, title = excluded.title,\n"
		"	source = excluded.source, url = excluded.url,\n"
		"	date = excluded.date, fetch_date = excluded.fetch_date,\n"
		"	length = excluded.length, extra = excluded.extra,\n"
		"	missing = 0, indexed_at = excluded.indexed_at\n"
		"RETURNING id";
	struct buf extra;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	buf_init(&extra);
	rc = store_bind_article(st, a, store_extra_json(a, &extra));
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, 12, now);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	buf_fini(&extra);
	return rc;
}

/* Run the statement sql, binding id to ?1 and the strings v[0..n) to ?2,
 * ?3...; v[n - 1] has vlen bytes, the others are NUL-terminated. */
static int
store_run_with(struct store *s, const char *sql, int64_t id,
	       const char *const *v, int n, size_t vlen)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
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

/* Replace the full-text entry of article id. */
static int
store_put_fts(struct store *s, int64_t id, const struct store_article *a,
	      const char *body, size_t body_len)
{
	const char *v[] = { a->title, a->source, body };
	int rc = store_run_with(s, "DELETE FROM article_fts WHERE rowid = ?1",
				id, NULL, 0, 0);

	if (rc == SQLITE_OK)
		rc = store_run_with(s, "INSERT INTO article_fts (rowid, title,"
				    " source, body) VALUES (?1, ?2, ?3, ?4)",
				    id, v, 3, body_len);
	return rc;
}

/* Record the article and its text in one BEGIN IMMEDIATE transaction. */
bool
store_put_article(struct store *s, const struct store_article *a,
		  const char *body, size_t body_len, struct err *err)
{
	int64_t id = 0;
	int rc;

	if (s->readonly)
		return err_set(err, _("cannot save to database %s: %s"),
			       s->path, _("the database is read-only"));
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_put_row(s, a, (int64_t)time(NULL), &id);
	if (rc == SQLITE_OK)
		rc = store_put_fts(s, id, a, body ? body : "",
				   body ? body_len : 0);
	return store_end_write(s, rc, err);
}

/* Return true when c is ASCII white space (all that folded white space
 * can be). */
static bool
store_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* search_token_fn that counts tokens in *(size_t *)ctx. */
static int
store_count_token(void *ctx, const char *tok, size_t len, size_t start,
		  size_t end)
{
	++*(size_t *)ctx;
	return SQLITE_OK;
}

/* Append s[0..len) to b as an FTS5 string: in double quotes, each double
 * quote doubled, so nothing in it is query syntax. */
static void
store_quote(struct buf *b, const char *s, size_t len)
{
	const char *end = s + len;

	buf_addc(b, '"');
	for (; s < end; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Append to out the FTS5 expression for the user's query q: each term
 * (split at white space) that has a token becomes the phrase of its
 * tokens with the last one a prefix, and all are ANDed; return the
 * number of terms (0: nothing to search). */
static size_t
store_match_expr(const char *q, struct buf *out)
{
	struct fold f;
	size_t i = 0, j, n = 0, n_tok, off, end;

	fold_init(&f);
	fold_text(q, strlen(q), &f);
	while (i < f.len) {
		for (; i < f.len && store_is_blank(f.text[i]); i++)
			;
		for (j = i; j < f.len && !store_is_blank(f.text[j]); j++)
			;
		n_tok = 0;
		search_tokens(f.text + i, j - i, store_count_token, &n_tok);
		if (n_tok > 0) {
			/* The raw term: FTS5 folds it like the documents. */
			fold_map(&f, i, j, &off, &end);
			buf_adds(out, n++ > 0 ? " AND " : "");
			store_quote(out, q + off, end - off);
			buf_addc(out, '*');
		}
		i = j;
	}
	fold_fini(&f);
	return n;
}

/* Report that reading s failed with rc; return false. */
static bool
store_read_failed(struct store *s, int rc, struct err *err)
{
	return err_set(err, _("cannot read database %s: %s"), s->path,
		       store_reason(s->db, rc));
}

/* Return the text of column i of st, NULL for NULL. */
static const char *
store_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Prepare the statement that finds the articles matching ?1 in q's order,
 * at most ?2 of them. */
static int
store_prepare_hits(struct store *s, const struct store_query *q,
		   sqlite3_stmt **st)
{
	static const char sql[] =
		"SELECT a.id, a.path, a.title, a.source, a.date, a.fetch_date\n"
		"FROM article_fts JOIN article AS a ON a.id = article_fts.rowid\n"
		"WHERE article_fts MATCH ?1 AND NOT a.missing\n"
		"ORDER BY %s\n"
		"LIMIT ?2";
	/* Titles weigh most, then sources, then bodies. */
	static const char by_rank[] = "bm25(article_fts, 10.0, 4.0, 1.0), a.id";
	static const char by_date[] =
		"a.date DESC, a.fetch_date DESC, a.title, a.path";
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, sql, q->by_rank ? by_rank : by_date);
	rc = sqlite3_prepare_v2(s->db, buf_str(&b), -1, st, NULL);
	buf_fini(&b);
	return rc;
}

/* Prepare the statement that gives the snippets, with the marks ?2 and
 * ?3, of the articles matching the expression ?1 whose ids are in the
 * JSON array ?4. The ids are not offered to FTS5 ("+rowid"): it would
 * evaluate the whole expression again for each, and a prefix term as
 * common as "的"* costs tens of milliseconds each time; one pass over the
 * matches costs that once. */
static int
store_prepare_snippets(struct store *s, const char *expr,
		       const struct store_query *q, sqlite3_stmt **st)
{
	static const char sql[] =
		"SELECT rowid, snippet(article_fts, -1, ?2, ?3, '\xe2\x80\xa6',"
		" %d)\n"
		"FROM article_fts WHERE article_fts MATCH ?1\n"
		"	AND +rowid IN (SELECT value FROM json_each(?4))";
	char text[sizeof sql + 16];
	int rc;

	snprintf(text, sizeof text, sql, STORE_SNIPPET_TOKENS);
	rc = sqlite3_prepare_v2(s->db, text, -1, st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 1, expr, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 2, q->mark_open ? q->mark_open : "",
				       -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*st, 3, q->mark_close ? q->mark_close
				       : "", -1, SQLITE_STATIC);
	return rc;
}

/* Call cb with the snippet of each article in ids[0..n) that matches
 * the expression expr, in row id order. */
static int
store_run_snippets(struct store *s, const char *expr,
		   const struct store_query *q, const int64_t *ids, size_t n,
		   store_snippet_fn cb, void *ctx)
{
	sqlite3_stmt *st = NULL;
	struct buf json;
	size_t i;
	int rc;

	buf_init(&json);
	buf_addc(&json, '[');
	for (i = 0; i < n; i++)
		buf_printf(&json, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	buf_addc(&json, ']');
	rc = store_prepare_snippets(s, expr, q, &st);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 4, buf_str(&json), -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *snippet = store_col(st, 1);
		rc = cb(sqlite3_column_int64(st, 0), snippet ? snippet : "", ctx)
			? SQLITE_OK : SQLITE_DONE;
	}
	sqlite3_finalize(st);
	buf_fini(&json);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Hits copied out of their statement so that they can get snippets
 * before they go to the caller; strings are heap copies. */
struct store_hits {
	struct store_hit *v;
	size_t n;
	size_t cap;
};

/* Return a heap copy of s, or NULL for NULL. */
static char *
store_strdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Append a copy of hit to h. */
static void
store_hits_add(struct store_hits *h, const struct store_hit *hit)
{
	struct store_hit *c;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	c = &h->v[h->n++];
	c->id = hit->id;
	c->path = store_strdup(hit->path);
	c->title = store_strdup(hit->title);
	c->source = store_strdup(hit->source);
	c->date = store_strdup(hit->date);
	c->fetch_date = store_strdup(hit->fetch_date);
	c->snippet = "";
}

/* Free everything h holds. */
static void
store_hits_fini(struct store_hits *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free((char *)h->v[i].path);
		free((char *)h->v[i].title);
		free((char *)h->v[i].source);
		free((char *)h->v[i].date);
		free((char *)h->v[i].fetch_date);
		if (h->v[i].snippet[0] != '\0')
			free((char *)h->v[i].snippet);
	}
	free(h->v);
}

/* store_hit_fn that copies the hit into the struct store_hits at ctx. */
static bool
store_keep_hit(const struct store_hit *hit, void *ctx)
{
	store_hits_add(ctx, hit);
	return true;
}

/* Order hits by row id, for qsort and bsearch. */
static int
store_cmp_hit_id(const void *a, const void *b)
{
	int64_t x = ((const struct store_hit *)a)->id;
	int64_t y = ((const struct store_hit *)b)->id;

	return (x > y) - (x < y);
}

/* store_snippet_fn that stores the snippet in the hit with that id of
 * the id-sorted struct store_hits at ctx. */
static bool
store_give_snippet(int64_t id, const char *snippet, void *ctx)
{
	struct store_hits *h = ctx;
	struct store_hit key = { .id = id };
	struct store_hit *hit = bsearch(&key, h->v, h->n, sizeof *h->v,
					store_cmp_hit_id);

	if (hit != NULL && snippet[0] != '\0' && hit->snippet[0] == '\0')
		hit->snippet = xstrdup(snippet);
	return true;
}

/* Call cb for each row of the prepared, bound statement hits; return
 * SQLITE_OK, or SQLITE_DONE when cb asked to stop, or the failure. */
static int
store_step_hits(sqlite3_stmt *hits, store_hit_fn cb, void *ctx)
{
	struct store_hit hit = { .snippet = "" };
	int rc;

	while ((rc = sqlite3_step(hits)) == SQLITE_ROW) {
		hit.id = sqlite3_column_int64(hits, 0);
		hit.path = store_col(hits, 1);
		hit.title = store_col(hits, 2);
		hit.source = store_col(hits, 3);
		hit.date = store_col(hits, 4);
		hit.fetch_date = store_col(hits, 5);
		if (!cb(&hit, ctx))
			return SQLITE_DONE;
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Find the hits of the expression expr in q's order and pass them to cb
 * (to store_keep_hit when they need snippets first). */
static int
store_find_hits(struct store *s, const char *expr,
		const struct store_query *q, store_hit_fn cb, void *ctx)
{
	sqlite3_stmt *hits = NULL;
	int rc = store_prepare_hits(s, q, &hits);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(hits, 1, expr, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(hits, 2, q->limit == 0 || q->limit
					> INT64_MAX ? -1 : (int64_t)q->limit);
	if (rc == SQLITE_OK)
		rc = store_step_hits(hits, cb, ctx);
	sqlite3_finalize(hits);
	return rc;
}

/* Find the hits, give them their snippets, and pass them to cb in q's
 * order. */
static int
store_find_with_snippets(struct store *s, const char *expr,
			 const struct store_query *q, store_hit_fn cb,
			 void *ctx)
{
	struct store_hits h = { .v = NULL }, by_id;
	int64_t *ids;
	size_t i;
	int rc = store_find_hits(s, expr, q, store_keep_hit, &h);

	/* by_id: the same hits (sharing their strings) sorted by id. */
	by_id.n = by_id.cap = h.n;
	by_id.v = xreallocarray(NULL, h.n + 1, sizeof *by_id.v);
	ids = xreallocarray(NULL, h.n + 1, sizeof *ids);
	for (i = 0; i < h.n; i++)
		ids[i] = h.v[i].id;
	if (h.n > 0) {	/* h.v is NULL without hits */
		memcpy(by_id.v, h.v, h.n * sizeof *by_id.v);
		qsort(by_id.v, h.n, sizeof *by_id.v, store_cmp_hit_id);
	}
	if (rc == SQLITE_OK && h.n > 0)
		rc = store_run_snippets(s, expr, q, ids, h.n,
					store_give_snippet, &by_id);
	for (i = 0; i < h.n; i++)
		h.v[i].snippet = ((struct store_hit *)bsearch(&h.v[i], by_id.v,
			h.n, sizeof *by_id.v, store_cmp_hit_id))->snippet;
	for (i = 0; rc == SQLITE_OK && i < h.n && cb(&h.v[i], ctx); i++)
		;
	free(by_id.v);
	free(ids);
	store_hits_fini(&h);
	return rc;
}

/* Search the index; see store.h and HACKING.md for the rules. */
bool
store_search(struct store *s, const struct store_query *q, store_hit_fn cb,
	     void *ctx, struct err *err)
{
	struct buf expr;
	int rc = SQLITE_OK;

	buf_init(&expr);
	if (store_match_expr(q->text, &expr) > 0 && q->snippets)
		rc = store_find_with_snippets(s, buf_str(&expr), q, cb, ctx);
	else if (expr.len > 0)
		rc = store_find_hits(s, buf_str(&expr), q, cb, ctx);
	buf_fini(&expr);
	return rc == SQLITE_OK || rc == SQLITE_DONE
		|| store_read_failed(s, rc, err);
}

/* Make the snippets of some articles; see store.h. */
bool
store_snippets(struct store *s, const struct store_query *q,
	       const int64_t *ids, size_t n, store_snippet_fn cb, void *ctx,
	       struct err *err)
{
	struct buf expr;
	int rc = SQLITE_OK;

	buf_init(&expr);
	if (n > 0 && store_match_expr(q->text, &expr) > 0)
		rc = store_run_snippets(s, buf_str(&expr), q, ids, n, cb, ctx);
	buf_fini(&expr);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* Count the matches of a query; see store.h. */
bool
store_count_matches(struct store *s, const char *text, size_t *n,
		    struct err *err)
{
	static const char sql[] =
		"SELECT count(*)\n"
		"FROM article_fts JOIN article AS a ON a.id = article_fts.rowid\n"
		"WHERE article_fts MATCH ?1 AND NOT a.missing";
	struct buf expr;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_OK;

	*n = 0;
	buf_init(&expr);
	if (store_match_expr(text, &expr) > 0
	    && (rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) == SQLITE_OK
	    && (rc = sqlite3_bind_text(st, 1, buf_str(&expr), -1,
				       SQLITE_STATIC)) == SQLITE_OK
	    && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = (size_t)sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	buf_fini(&expr);
	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* List the indexed articles newest first; see store.h. */
bool
store_list_articles(struct store *s, bool unread_only, store_hit_fn cb,
		    void *ctx, struct err *err)
{
	static const char sql[] =
		"SELECT id, path, title, source, date, fetch_date FROM article\n"
		"WHERE NOT missing AND indexed_at IS NOT NULL\n"
		"  AND (?1 = 0 OR first_opened IS NULL)\n"
		"ORDER BY date DESC, fetch_date DESC, title, path";
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, 1, unread_only);
	if (rc == SQLITE_OK)
		rc = store_step_hits(st, cb, ctx);
	sqlite3_finalize(st);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return err_set(err, _("cannot read database %s: %s"), s->path,
			       store_reason(s->db, rc));
	return true;
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
		err_set(err, _("cannot read database %s: %s"), s->path,
			store_reason(s->db, rc));
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

	if (s->readonly)
		return err_set(err, _("cannot save to database %s: %s"),
			       s->path, _("the database is read-only"));
	rc = store_exec(s, "BEGIN IMMEDIATE");
	if (rc == SQLITE_OK)
		rc = store_upsert_opened(s, path, now);
	if (rc == SQLITE_OK)
		rc = store_update_place(s, path, pl, now);
	return store_end_write(s, rc, err);
}
