/* SPDX-License-Identifier: MIT */
/*
 * test_store.c: the database as a user meets it: what was opened is
 * remembered across runs, files the program must not touch are left
 * byte for byte as they were, and a read-only or locked database gives a
 * message instead of a crash. The test talks to SQLite directly to build
 * hostile files and to hold locks like a second instance would.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/store.h"
#include "base/xmem.h"

struct fixture {
	char dir[64];		/* a fresh mkdtemp directory */
	char db[PATH_MAX];	/* dir/tsundoku.db, not created yet */
};

/* Make a fresh directory for one test. */
static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_store.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "%s/tsundoku.db", f->dir);
	*state = f;
	return 0;
}

/* Remove the test's directory and everything in it. */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	chmod(f->dir, 0700);
	dir = opendir(f->dir);
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", f->dir, d->d_name);
		unlink(path);
	}
	if (dir != NULL)
		closedir(dir);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Run sql on the file at path through a connection of the test's own. */
static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Return the integer result of the query sql on the file at path. */
static int
sql_int(const char *path, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int value;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	value = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return value;
}

/* Return the contents of the file at path; the caller frees them. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	data = xmalloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return data;
}

/* Assert that the file at path holds exactly len bytes of data. */
static void
assert_file_is(const char *path, const char *data, size_t len)
{
	size_t now_len;
	char *now = slurp(path, &now_len);

	assert_int_equal(now_len, len);
	assert_memory_equal(now, data, len);
	free(now);
}

/* Assert that msg mentions every one of the NULL-terminated words. */
static void
assert_mentions(const char *msg, ...)
{
	const char *word;
	va_list ap;

	va_start(ap, msg);
	while ((word = va_arg(ap, const char *)) != NULL) {
		if (strstr(msg, word) == NULL)
			fail_msg("\"%s\" does not mention \"%s\"", msg, word);
	}
	va_end(ap);
}

/* Return whether path (as a store sees it) counts as opened. */
static bool
opened(struct store *s, const char *path)
{
	struct err err;
	bool result = false;

	err_init(&err);
	if (!store_was_opened(s, path, &result, &err))
		fail_msg("store_was_opened: %s", err_msg(&err));
	err_fini(&err);
	return result;
}

/* Open the store at path, failing the test with the message if it cannot. */
static struct store *
open_ok(const char *path)
{
	struct store *s = NULL;
	struct err err;

	err_init(&err);
	if (!store_open(path, &s, &err))
		fail_msg("store_open: %s", err_msg(&err));
	err_fini(&err);
	return s;
}

/* Mark path opened, failing the test with the message if it cannot. */
static void
mark_ok(struct store *s, const char *path)
{
	struct err err;

	err_init(&err);
	if (!store_mark_opened(s, path, &err))
		fail_msg("store_mark_opened: %s", err_msg(&err));
	err_fini(&err);
}

/* Make a database at path in which /a.md was opened, then close it. */
static void
make_db_with_one_article(const char *path)
{
	struct store *s = open_ok(path);

	mark_ok(s, "/a.md");
	store_close(s);
}

/* A new database file is created at the current schema, in WAL mode so a
 * second instance can read while the first writes. */
static void
test_fresh_database_is_current(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->db);

	store_close(s);
	assert_true(store_schema_version() >= 1);
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"),
			 store_schema_version());
	assert_int_equal(sql_int(f->db,
				 "SELECT count(*) FROM pragma_journal_mode "
				 "WHERE journal_mode = 'wal'"), 1);
}

/* An opened article is remembered, others are not; marking twice is fine;
 * paths with CJK text or SQL syntax in them are just paths. */
static void
test_opened_article_is_remembered(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->db);
	static const char *const odd[] = {
		"/archive/读书笔记/东京の本屋.md",
		"/archive/it's; DROP TABLE article; --.md",
		"/archive/100% ?#.md",
	};
	size_t i;

	assert_false(opened(s, "/a.md"));
	mark_ok(s, "/a.md");
	assert_true(opened(s, "/a.md"));
	assert_false(opened(s, "/b.md"));
	mark_ok(s, "/a.md");
	assert_true(opened(s, "/a.md"));
	for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		assert_false(opened(s, odd[i]));
		mark_ok(s, odd[i]);
		assert_true(opened(s, odd[i]));
	}
	assert_true(opened(s, "/a.md"));
	store_close(s);
}

/* What was opened is still known after the program exits and restarts,
 * however often it restarts: migrations do not run again over the data. */
static void
test_state_survives_reopen(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	int run;

	make_db_with_one_article(f->db);
	for (run = 0; run < 3; run++) {
		s = open_ok(f->db);
		assert_true(opened(s, "/a.md"));
		assert_false(opened(s, "/b.md"));
		store_close(s);
	}
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"),
			 store_schema_version());
}

/* A database from a newer tsundoku is refused with both versions named,
 * and not changed in any byte. */
static void
test_newer_schema_is_refused_untouched(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct err err;
	char supported[32];
	size_t len;
	char *before;

	sql_exec(f->db, "CREATE TABLE article (id INTEGER PRIMARY KEY, "
			"path TEXT, future TEXT);"
			"INSERT INTO article VALUES (1, '/a.md', 'x');"
			"PRAGMA user_version = 42;");
	before = slurp(f->db, &len);
	snprintf(supported, sizeof supported, "(%d)", store_schema_version());
	err_init(&err);
	assert_false(store_open(f->db, &s, &err));
	assert_null(s);
	assert_mentions(err_msg(&err), f->db, "42", supported, "newer", NULL);
	err_fini(&err);
	assert_file_is(f->db, before, len);
	assert_int_equal(sql_int(f->db, "PRAGMA user_version"), 42);
	free(before);
}

/* A file that is not a database gets a clear message and stays as it
 * was; tsundoku does not "repair" it into an empty database. */
static void
test_not_a_database_is_refused_untouched(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct err err;
	char garbage[8192];
	size_t i;
	FILE *fp;

	for (i = 0; i < sizeof garbage; i++)
		garbage[i] = "notes about reading, not SQLite\n"[i % 32];
	fp = fopen(f->db, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(garbage, 1, sizeof garbage, fp), sizeof garbage);
	fclose(fp);
	err_init(&err);
	assert_false(store_open(f->db, &s, &err));
	assert_mentions(err_msg(&err), f->db, "not a database", NULL);
	err_fini(&err);
	assert_file_is(f->db, garbage, sizeof garbage);
}

/* Another program's SQLite database (tables but no version) given by
 * mistake is refused rather than having our tables added to it. */
static void
test_foreign_database_is_refused_untouched(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct err err;
	size_t len;
	char *before;

	sql_exec(f->db, "CREATE TABLE contacts (name TEXT);"
			"INSERT INTO contacts VALUES ('Ada');");
	before = slurp(f->db, &len);
	err_init(&err);
	assert_false(store_open(f->db, &s, &err));
	assert_mentions(err_msg(&err), f->db, "not a tsundoku database", NULL);
	err_fini(&err);
	assert_file_is(f->db, before, len);
	free(before);
}

/* A database in a directory that does not exist is an error naming it. */
static void
test_missing_directory_is_reported(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	char path[PATH_MAX];
	struct err err;

	snprintf(path, sizeof path, "%s/missing/tsundoku.db", f->dir);
	err_init(&err);
	assert_false(store_open(path, &s, &err));
	assert_mentions(err_msg(&err), path, NULL);
	err_fini(&err);
	assert_int_equal(access(path, F_OK), -1);
}

/* Skip the test when path can be written despite its mode: root (or
 * CAP_DAC_OVERRIDE) writes through chmod, so there is nothing to test. */
static void
skip_if_writable(const char *path, bool is_dir)
{
	char probe[PATH_MAX];
	int fd;

	snprintf(probe, sizeof probe, "%s/probe", path);
	fd = is_dir ? open(probe, O_WRONLY | O_CREAT, 0600)
		    : open(path, O_WRONLY);
	if (fd < 0)
		return;
	close(fd);
	if (is_dir)
		unlink(probe);
	/* Running as root: permissions do not stop writes. */
	skip();
}

/* Assert that s reads the remembered article and refuses to save, with a
 * message naming the file and saying why. */
static void
assert_reads_but_refuses_writes(struct store *s, const char *db)
{
	struct err err;

	assert_true(opened(s, "/a.md"));
	assert_false(opened(s, "/b.md"));
	err_init(&err);
	assert_false(store_mark_opened(s, "/b.md", &err));
	assert_mentions(err_msg(&err), db, "read-only", NULL);
	err_fini(&err);
	assert_false(opened(s, "/b.md"));
}

/* A read-only database file still opens for reading; saving fails with a
 * message, and nothing saved before is lost. */
static void
test_read_only_file(void **state)
{
	struct fixture *f = *state;
	struct store *s;

	make_db_with_one_article(f->db);
	assert_int_equal(chmod(f->db, 0444), 0);
	skip_if_writable(f->db, false);
	s = open_ok(f->db);
	assert_reads_but_refuses_writes(s, f->db);
	store_close(s);
	assert_int_equal(chmod(f->db, 0644), 0);
	s = open_ok(f->db);
	assert_true(opened(s, "/a.md"));
	mark_ok(s, "/b.md");
	store_close(s);
}

/* A database in a read-only directory (say a mounted backup) opens for
 * reading too, although SQLite cannot create its -shm file there. */
static void
test_read_only_directory(void **state)
{
	struct fixture *f = *state;
	struct store *s;

	make_db_with_one_article(f->db);
	assert_int_equal(chmod(f->dir, 0555), 0);
	skip_if_writable(f->dir, true);
	s = open_ok(f->db);
	assert_reads_but_refuses_writes(s, f->db);
	store_close(s);
	assert_int_equal(chmod(f->dir, 0700), 0);
	s = open_ok(f->db);
	assert_true(opened(s, "/a.md"));
	store_close(s);
}

/* While another instance holds the write lock past the busy timeout,
 * saving fails with a message (reading still works), and it succeeds
 * once the lock is gone. */
static void
test_locked_database_fails_cleanly(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	struct err err;
	sqlite3 *other;

	make_db_with_one_article(f->db);
	s = open_ok(f->db);
	store_set_busy_timeout(s, 50);
	assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
				      NULL), SQLITE_OK);
	err_init(&err);
	assert_false(store_mark_opened(s, "/b.md", &err));
	assert_mentions(err_msg(&err), f->db, "locked", NULL);
	err_fini(&err);
	assert_true(opened(s, "/a.md"));
	assert_false(opened(s, "/b.md"));
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(other);
	mark_ok(s, "/b.md");
	assert_true(opened(s, "/b.md"));
	store_close(s);
}

/* A second instance starts without waiting while the first is writing:
 * opening a current database takes no write lock. */
static void
test_open_while_another_writes(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	sqlite3 *other;

	make_db_with_one_article(f->db);
	assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE;"
				      "DELETE FROM article;", NULL, NULL,
				      NULL), SQLITE_OK);
	s = open_ok(f->db);
	assert_true(opened(s, "/a.md"));
	store_close(s);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(other);
}

/* Where quarantine_row looks for one path's row. */
struct quarantine_probe {
	const char *path;
	int listed;		/* -1: not listed, else its flag */
	int known;		/* -1: no row, else store_known's flag */
};

static bool
quarantine_row(const struct store_row *r, void *ctx)
{
	struct quarantine_probe *p = ctx;

	if (strcmp(r->path, p->path) == 0)
		p->listed = r->quarantined;
	return true;
}

static bool
quarantine_known(const struct store_known *k, void *ctx)
{
	struct quarantine_probe *p = ctx;

	if (strcmp(k->path, p->path) == 0)
		p->known = k->quarantined;
	return true;
}

/* Fill a probe for path from the list and from the indexer's rows. */
static struct quarantine_probe
probe(struct store *s, const char *path)
{
	struct quarantine_probe p = { .path = path, .listed = -1, .known = -1 };
	struct store_filter all = { 0 };
	struct err err;

	err_init(&err);
	assert_true(store_list_rows(s, STORE_SORT_NONE, &all, 0,
				    quarantine_row, &p, &err));
	assert_true(store_known_articles(s, quarantine_known, &p, &err));
	err_fini(&err);
	return p;
}

/* Return store_is_quarantined for path. */
static bool
quarantined(struct store *s, const char *path)
{
	struct err err;
	bool q = true;

	err_init(&err);
	assert_true(store_is_quarantined(s, path, &q, &err));
	err_fini(&err);
	return q;
}

/* A quarantined file the database did not know is listed at once (the
 * crash may have come before its first row); one it knew keeps its row
 * and reading state; recording the file again (it changed, or a retry)
 * ends the quarantine. */
static void
test_quarantine_lists_and_ends_on_put(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->db);
	struct store_article a = { .path = "/a/known.md", .size = 10,
				   .mtime_ns = 5, .title = "Known",
				   .length = -1 };
	struct quarantine_probe p;
	struct err err;

	err_init(&err);
	assert_false(quarantined(s, "/a/new.md"));
	assert_true(store_quarantine(s, "/a/new.md", 15, 7, &err));
	assert_true(quarantined(s, "/a/new.md"));
	p = probe(s, "/a/new.md");
	assert_int_equal(p.listed, 1);
	assert_int_equal(p.known, 1);
	/* Twice is once. */
	assert_true(store_quarantine(s, "/a/new.md", 15, 7, &err));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM article"), 1);

	assert_true(store_put_article(s, &a, "body", 4, &err));
	mark_ok(s, "/a/known.md");
	assert_true(store_quarantine(s, "/a/known.md", 11, 6, &err));
	p = probe(s, "/a/known.md");
	assert_int_equal(p.listed, 1);
	assert_true(opened(s, "/a/known.md"));
	assert_int_equal(sql_int(f->db, "SELECT size FROM article WHERE "
				 "path = '/a/known.md'"), 11);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM article WHERE "
				 "title = 'Known'"), 1);

	a.size = 12;
	assert_true(store_put_article(s, &a, "body", 4, &err));
	assert_false(quarantined(s, "/a/known.md"));
	p = probe(s, "/a/known.md");
	assert_int_equal(p.listed, 0);
	assert_int_equal(p.known, 0);
	assert_true(quarantined(s, "/a/new.md"));
	store_close(s);
	err_fini(&err);
}

/* Record path (site's) with the n chrome hashes h in one batch, and
 * count again. */
static void
put_chrome(struct store *s, const char *path, const char *site,
	   const uint64_t *h, size_t n)
{
	struct store_article a = { .path = path, .length = -1 };
	struct err err;

	err_init(&err);
	if (!store_batch_begin(s, &err) ||
	    !store_batch_put(s, &a, "", 0, NULL, &err) ||
	    !store_batch_put_chrome(s, path, site, h, n, &err) ||
	    !store_batch_end(s, true, &err) || !store_chrome_rebuild(s, &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
}

/* Return how many hashes site has learned as chrome. */
static size_t
learned(struct store *s, const char *site)
{
	uint64_t *h;
	size_t n;
	struct err err;

	err_init(&err);
	if (!store_chrome_learned(s, site, &h, &n, &err))
		fail_msg("%s", err_msg(&err));
	free(h);
	err_fini(&err);
	return n;
}

/* A block is learned once it occurs in enough of a site's articles;
 * indexing an article again replaces what it counted, and purging it
 * takes it out. */
static void
test_learned_chrome(void **state)
{
	struct fixture *f = *state;
	struct store *s = open_ok(f->db);
	const uint64_t menu[] = { 7, (uint64_t)1 << 63 }, other[] = { 9 };
	struct err err;
	size_t n;

	err_init(&err);
	put_chrome(s, "/a.md", "x.org", menu, 2);
	put_chrome(s, "/b.md", "x.org", menu, 2);
	put_chrome(s, "/c.md", "y.org", menu, 2);
	assert_int_equal(learned(s, "x.org"), 0);	/* two articles */
	put_chrome(s, "/d.md", "x.org", menu, 2);
	assert_int_equal(learned(s, "x.org"), 2);
	assert_int_equal(learned(s, "y.org"), 0);
	put_chrome(s, "/d.md", "x.org", other, 1);	/* edited */
	assert_int_equal(learned(s, "x.org"), 0);
	put_chrome(s, "/d.md", "x.org", menu, 2);
	assert_true(store_batch_begin(s, &err));
	int64_t id;
	assert_true(store_batch_find(s, "/a.md", &id, &err));
	assert_true(store_batch_set_missing(s, id, &err));
	assert_true(store_batch_end(s, true, &err));
	assert_int_equal(learned(s, "x.org"), 2);	/* still recorded */
	assert_true(store_purge_missing(s, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(learned(s, "x.org"), 0);
	assert_int_equal(sql_int(f->db, "SELECT n FROM chrome WHERE "
				 "site = 'x.org' AND hash = 0"), 2);
	store_close(s);
	err_fini(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fresh_database_is_current,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_learned_chrome,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_opened_article_is_remembered,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_survives_reopen,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_newer_schema_is_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_not_a_database_is_refused_untouched, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_foreign_database_is_refused_untouched, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_missing_directory_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_file,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_directory,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_locked_database_fails_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_while_another_writes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_quarantine_lists_and_ends_on_put, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
