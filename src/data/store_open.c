/* SPDX-License-Identifier: MIT */
/*
 * store_open.c: the database's life: opening the file (read-write, else
 * read-only or immutable), the schema's migrations, what every connection
 * registers (the list's collation, the search tokenizer), and closing.
 * The helpers every store file uses are in store.c; this file is the
 * only one that calls into the others' registrations, so none of them
 * calls back here.
 */
#include "config.h"
#include "data/store.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/i18n.h"
#include "base/xmem.h"
#include "data/store_impl.h"

/* How long a write waits for another instance's lock before giving up. */
#define STORE_BUSY_TIMEOUT_MS 5000

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
	/* 4: highlights and their notes. start and end are source byte
	 * offsets into the sanitised text as it was when last anchored;
	 * quote, prefix and suffix are the rendered text (no Markdown) of
	 * the range and of about 32 characters around it, so a highlight can
	 * be found again after the file changes (highlight.h). A highlight
	 * that could not be found is kept with detached = 1. color is 1-4;
	 * created and updated are unix milliseconds. */
	"CREATE TABLE highlight (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	article_id INTEGER NOT NULL\n"
	"		REFERENCES article (id) ON DELETE CASCADE,\n"
	"	start INTEGER,\n"
	"	end INTEGER,\n"
	"	quote TEXT NOT NULL,\n"
	"	prefix TEXT NOT NULL DEFAULT '',\n"
	"	suffix TEXT NOT NULL DEFAULT '',\n"
	"	note TEXT,\n"
	"	color INTEGER NOT NULL DEFAULT 1,\n"
	"	detached INTEGER NOT NULL DEFAULT 0,\n"
	"	created INTEGER NOT NULL,\n"
	"	updated INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX highlight_by_article ON highlight (article_id, start);\n",
	/* 5: indexing in two phases (HACKING.md, "Indexing"): a row is listed
	 * as soon as its metadata is recorded, with text_indexed = 0 until
	 * its full-text entry is written too. Rows from before were written
	 * with their text, hence the default. */
	"ALTER TABLE article ADD COLUMN text_indexed INTEGER NOT NULL "
	"DEFAULT 1;\n",
	/* 6: no index on url or hash. Nothing queries by hash (the indexer
	 * reads every row once), import looks urls up in memory, and keeping
	 * the two up to date, at random places in large trees, was half of
	 * the listing phase's time at 100,000 articles. */
	"DROP INDEX IF EXISTS article_by_url;\n"
	"DROP INDEX IF EXISTS article_by_hash;\n",
	/* 7: quarantine (HACKING.md, "Quarantine"): a file that was being
	 * parsed when a tsundoku died is not parsed again until it changes
	 * (its size or mtime, recorded then, differ) or `index --retry`.
	 * quarantined is when that was found, unix seconds; NULL: not. */
	"ALTER TABLE article ADD COLUMN quarantined INTEGER;\n",
	/* 8: learned chrome (chrome.h). chrome_seen: the hashes of each
	 * article's short blocks near either end (8 bytes each, little
	 * endian) under its site's key; chrome: for each site, hash 0 with
	 * the number of its articles and the hashes found in at least
	 * CHROME_MIN_ARTICLES of them, with that number, rebuilt from
	 * chrome_seen after indexing and after a purge (store_chrome.c). */
	"CREATE TABLE chrome_seen (\n"
	"	article_id INTEGER PRIMARY KEY REFERENCES article (id)\n"
	"		ON DELETE CASCADE,\n"
	"	site TEXT NOT NULL, hashes BLOB NOT NULL);\n"
	"CREATE TABLE chrome (site TEXT NOT NULL, hash INTEGER NOT NULL,\n"
	"	n INTEGER NOT NULL, PRIMARY KEY (site, hash)) WITHOUT ROWID;\n",
	/* 9: when the user last changed an article's reading state (read,
	 * unread, place), unix milliseconds; NULL: never. Every change
	 * goes through store_write_state, which stamps it, so that the
	 * latest of two changes can be told (device sync will merge by
	 * it). */
	"ALTER TABLE article ADD COLUMN state_at INTEGER;\n",
	/* 10: device sync (HACKING.md, "Several devices"; store_sync.c).
	 * sync_meta: this device's id and name, the sync folder's clock;
	 * sync_field: for each article field (key "u:url", "h:hash" or
	 * "p:path"; field "read" or "place") and each highlight (key
	 * "hl:" uid; field "body", "note", "color") the journal record
	 * that wins so far (latest ms, c, then dev), settled = 1 once the
	 * user's tables hold it; sync_file: how far each journal file was
	 * read; sync_device: what was seen of each device. A highlight
	 * from another device keeps its uid; one made here has none (its
	 * uid is this device's id, "-", its row id). */
	"CREATE TABLE sync_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)\n"
	"	WITHOUT ROWID;\n"
	"CREATE TABLE sync_field (key TEXT NOT NULL, field TEXT NOT NULL,\n"
	"	ms INTEGER NOT NULL, c INTEGER NOT NULL, dev TEXT NOT NULL,\n"
	"	rec TEXT NOT NULL, settled INTEGER NOT NULL DEFAULT 0,\n"
	"	PRIMARY KEY (key, field)) WITHOUT ROWID;\n"
	"CREATE INDEX sync_field_unsettled ON sync_field (key)\n"
	"	WHERE settled = 0;\n"
	"CREATE TABLE sync_file (name TEXT PRIMARY KEY, size INTEGER NOT NULL,\n"
	"	off INTEGER NOT NULL, line INTEGER NOT NULL,\n"
	"	head INTEGER NOT NULL) WITHOUT ROWID;\n"
	"CREATE TABLE sync_device (dev TEXT PRIMARY KEY, ms INTEGER NOT NULL,\n"
	"	c INTEGER NOT NULL, arrived INTEGER NOT NULL,\n"
	"	n INTEGER NOT NULL) WITHOUT ROWID;\n"
	"ALTER TABLE highlight ADD COLUMN uid TEXT;\n"
	"CREATE UNIQUE INDEX highlight_by_uid ON highlight (uid)\n"
	"	WHERE uid IS NOT NULL;\n",
	/* 11: the reading log and the review schedule (data/readlog.h,
	 * data/review.c). A session is keyed by its article and start, so
	 * writing it again as it grows leaves one row; times are unix
	 * milliseconds, han and words count the text its spans (source
	 * offsets, "start-end,...") cover; source is the article's when the
	 * session was written, so the statistics read no article rows (the
	 * two indexes cover their queries: bench/bench_stats). review holds
	 * each reviewed highlight's schedule: due_day is a local day number
	 * (days since 1970-01-01 in the calendar), state 0 learning, 1
	 * mastered, 2 discarded. */
	"CREATE TABLE reading_session (\n"
	"	article_id INTEGER NOT NULL REFERENCES article (id)\n"
	"		ON DELETE CASCADE,\n"
	"	start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,\n"
	"	active_ms INTEGER NOT NULL, han INTEGER NOT NULL,\n"
	"	words INTEGER NOT NULL, spans TEXT NOT NULL DEFAULT '',\n"
	"	source TEXT,\n"
	"	PRIMARY KEY (article_id, start_ms)) WITHOUT ROWID;\n"
	"CREATE INDEX reading_session_by_start ON reading_session "
	"(start_ms, active_ms, han, words, source);\n"
	"CREATE TABLE review (\n"
	"	highlight_id INTEGER PRIMARY KEY REFERENCES highlight (id)\n"
	"		ON DELETE CASCADE,\n"
	"	due_day INTEGER NOT NULL, interval_days INTEGER NOT NULL,\n"
	"	ease_pct INTEGER NOT NULL, reps INTEGER NOT NULL,\n"
	"	state INTEGER NOT NULL, updated INTEGER NOT NULL);\n"
	"CREATE INDEX article_by_read ON article (read_at, fetch_date, source)\n"
	"	WHERE read_at IS NOT NULL;\n",
	/* 12: a contentless full-text index (issue 16): the text is in the
	 * archive, so the index no longer keeps a copy of it (0.9x the
	 * text); snippets are cut from the file. SQLite 3.40 cannot delete
	 * a row of a contentless table without its old text, so an entry is
	 * never deleted: fts_rowid is the entry that holds an article's
	 * current text (NULL: none), id + k * 2^32 for the k-th free one
	 * (store_put_fts), and a query keeps a match only where it is. Every
	 * listed row's text is indexed again by the next indexer run. */
	"DROP TABLE article_fts;\n"
	"CREATE VIRTUAL TABLE article_fts USING fts5 (\n"
	"	title, source, body, tokenize = 'tsundoku', content = ''\n"
	");\n"
	"ALTER TABLE article ADD COLUMN fts_rowid INTEGER;\n"
	"UPDATE article SET text_indexed = 0\n"
	"WHERE indexed_at IS NOT NULL AND quarantined IS NULL;\n",
	/* 13: the full-text index in STORE_SHARDS files of its own beside
	 * the database (issue 16), each written by its own thread and
	 * connection, so FTS5's work runs on several cores; article id
	 * lives in shard id % STORE_SHARDS (store_shards_attach). The one
	 * of migration 12 goes, and every text is indexed again. */
	"DROP TABLE article_fts;\n"
	"UPDATE article SET text_indexed = 0, fts_rowid = NULL\n"
	"WHERE indexed_at IS NOT NULL AND quarantined IS NULL;\n",
	/* 14: the list's counts (store_count_rows, every first screen) and
	 * the sources' read a covering index instead of the whole article
	 * table: at 100,000 articles the table is 42 MB and its scan took
	 * most of the first screen's time (issue 16, keys within 50 ms). */
	"CREATE INDEX article_counts ON article\n"
	"	(missing, indexed_at, read_at, source, path);\n",
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

/* Open s->path in the given mode and set the busy timeout. */
static int
store_connect(struct store *s, enum store_mode mode)
{
	int flags = SQLITE_OPEN_URI | (mode == STORE_READWRITE
		? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
		: SQLITE_OPEN_READONLY);
	char *uri = store_uri(s->path, mode == STORE_IMMUTABLE);
	int rc = sqlite3_open_v2(uri, &s->db, flags, NULL);

	free(uri);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	s->busy_ms = STORE_BUSY_TIMEOUT_MS;
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
	/* A page cache of 8 MB instead of 2: a search reads megabytes of
	 * FTS5 lists (first page at 100,000 articles: median 11 -> 6 ms).
	 * Not a memory map: its pages count as the process's memory, and
	 * listing 100,000 articles then peaked at 224 MB instead of 62. */
	if (rc == SQLITE_OK)
		rc = store_exec(s, "PRAGMA cache_size=-8192");
	/* Checkpoint the WAL every 32 MB rather than 4: the indexer's
	 * commits wrote the same pages again and again, each checkpoint
	 * costing two fsyncs. */
	if (rc == SQLITE_OK)
		rc = store_exec(s, "PRAGMA wal_autocheckpoint=8192");
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

	s->immutable = mode == STORE_IMMUTABLE;
	/* SQLite opens an unwritable file read-only without a word; catch
	 * that before the first read creates files beside it. */
	if (rc == SQLITE_OK && mode == STORE_READWRITE
	    && sqlite3_db_readonly(s->db, "main") == 1)
		rc = SQLITE_READONLY;
	/* Before anything reads or creates the full-text table. */
	if (rc == SQLITE_OK)
		rc = store_register_tokenizer(s, s->db);
	if (rc == SQLITE_OK)
		rc = store_register_collation(s);
	if (rc == SQLITE_OK)
		rc = store_query_int(s, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK)
		return store_open_failed(s, rc, err);
	if ((rc = store_check_version(s, version, err)) != SQLITE_OK)
		return rc;
	s->readonly = mode != STORE_READWRITE;
	if ((rc = store_configure(s)) != SQLITE_OK)
		return store_open_failed(s, rc, err);
	if (version != STORE_N_MIGRATIONS && s->readonly) {
		err_set(err, _("%s: database schema version %d needs an "
			       "upgrade to %d, but the database is read-only"),
			s->path, version, STORE_N_MIGRATIONS);
		return SQLITE_READONLY;
	}
	return version == STORE_N_MIGRATIONS ? SQLITE_OK
					     : store_migrate(s, err);
}

/* Open shard k alone for its writer; see store.h. */
bool
store_shard_open(struct store *db, int k, struct store **out,
		 struct err *err)
{
	struct store *s = xcalloc(1, sizeof *s);
	sqlite3 *fts;
	int n = 0;
	int rc = store_fts_db(db, &fts);	/* creates the shards */

	s->path = store_shard_path(db->path, k);
	if (rc != SQLITE_OK) {
		err_set(err, _("cannot open database %s: %s"), s->path,
			store_reason(db->db, rc));
		store_close(s);
		return false;
	}
	rc = store_connect(s, STORE_READWRITE);
	if (rc == SQLITE_OK)
		rc = store_register_tokenizer(s, s->db);
	if (rc == SQLITE_OK)
		rc = store_configure(s);
	if (rc == SQLITE_OK)
		rc = store_query_int(s, "SELECT count(*) FROM sqlite_master "
				     "WHERE name = 'article_fts'", &n);
	if (rc == SQLITE_OK && n == 0)
		rc = SQLITE_CORRUPT;	/* store_open creates it first */
	/* FTS5 writes a segment each time its pending terms pass hashsize
	 * (1 MB by default): 32 MB leaves fewer levels to merge. Since
	 * a late text waits for the next transaction (shard_main), the
	 * hash fills up: 64 MB took 40-90 MB more memory than 32 for the
	 * same CPU (bench/README.md, "Issue 16", third session). Kept in
	 * the table's configuration; other writers commit one text at a
	 * time. */
	if (rc == SQLITE_OK)
		rc = store_exec(s, "INSERT INTO article_fts (article_fts, "
				"rank) VALUES ('hashsize', 33554432)");
	/* A transaction's merges read and write tens of megabytes: with
	 * store_configure's 8 MB of cache, pages were spilled to the log
	 * and read back again and again. With 64 MB of cache (and of
	 * hashsize, then), transactions of 10 s and writer batches of
	 * 1024 rows, indexing 100,000 articles wrote 4.0-4.3 GB instead
	 * of 6.7-6.9 GB, in as much CPU or less (bench/README.md, "Issue
	 * 16", second session). */
	if (rc == SQLITE_OK)
		rc = store_exec(s, "PRAGMA cache_size=-65536");
	/* Nothing waits for the disk while the shard is written; its
	 * marker says so until store_close syncs it (store_unsynced.c). */
	if (rc == SQLITE_OK && store_unsynced_begin(s->path)) {
		s->unsynced = true;
		rc = store_exec(s, "PRAGMA synchronous=OFF");
	}
	if (rc != SQLITE_OK) {
		store_open_failed(s, rc, err);
		store_close(s);
		return false;
	}
	*out = s;
	return true;
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

/* Return whether s's database lives in memory. */
static bool
store_in_memory(const struct store *s)
{
	const char *file = sqlite3_db_filename(s->db, "main");

	return file == NULL || *file == '\0';
}

/* Attach the full-text shards of a database in memory (store_fts_db) at
 * once: ATTACH cannot run inside the transaction of a first write. */
static int
store_attach_now(struct store *s, struct err *err)
{
	sqlite3 *db;
	int rc = store_fts_db(s, &db);

	return rc == SQLITE_OK ? rc : store_open_failed(s, rc, err);
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
	if (rc == SQLITE_OK && store_in_memory(s))
		rc = store_attach_now(s, err);
	if (rc != SQLITE_OK) {
		store_close(s);
		return false;
	}
	*out = s;
	return true;
}

/* Read PRAGMA data_version; see store.h. */
bool
store_data_version(struct store *s, int *v, struct err *err)
{
	int rc = store_query_int(s, "PRAGMA data_version", v);

	return rc == SQLITE_OK || store_read_failed(s, rc, err);
}

/* Close the connection and free s; NULL is allowed. */
void
store_close(struct store *s)
{
	int rc;

	if (s == NULL)
		return;
	/* A shard's writer syncs as usual from here, so that the last
	 * checkpoint, when sqlite3_close makes one, is synced before the
	 * log goes; then what synchronous=OFF left unsynced is synced. */
	if (s->unsynced && store_exec(s, "PRAGMA synchronous=NORMAL") ==
	    SQLITE_OK)
		store_unsynced_end(s->path);
	/* Every statement is finalized where it is used, but for the one
	 * kept for the indexer, finalized here: so this cannot fail with
	 * SQLITE_BUSY. */
	sqlite3_finalize(s->put_row);
	sqlite3_finalize(s->put_keys);
	sqlite3_finalize(s->chrome_add);
	for (int i = 0; i < STORE_STATE_N_STMTS; i++)
		sqlite3_finalize(s->state_stmts[i]);
	for (int i = 0; i < STORE_SYNC_N_STMTS; i++)
		sqlite3_finalize(s->sync_stmts[i]);
	for (size_t i = 0; i < sizeof s->readlog_stmts / sizeof s->readlog_stmts[0];
	     i++)
		sqlite3_finalize(s->readlog_stmts[i]);
	if (s->fts != s->db) {	/* a database in memory is its own */
		rc = sqlite3_close(s->fts);
		assert(rc == SQLITE_OK);
	}
	rc = sqlite3_close(s->fts_beside);	/* NULL: nothing */
	assert(rc == SQLITE_OK);
	store_rank_free(s);
	rc = sqlite3_close(s->db);
	assert(rc == SQLITE_OK);
	(void)rc;
	free(s->path);
	store_set_scope(s, NULL, 0);
	free(s);
}

int
store_shards(void)
{
	return STORE_SHARDS;
}

/* Return how many migrations this program knows, its schema version. */
int
store_schema_version(void)
{
	return STORE_N_MIGRATIONS;
}
