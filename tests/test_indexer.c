/* SPDX-License-Identifier: MIT */
/*
 * test_indexer.c: reconciling the database with the disk as a user sees
 * it: new files appear, an edited file stays the same article, a moved
 * file keeps its reading state, files gone from a directory that was
 * scanned are marked missing (and only those), missing articles keep
 * their reading state until purged, and a second indexer backs off.
 * Indexing has two phases: the rows are listed first, their full text
 * follows; a run stopped between them (stop_at_text) shows what a user
 * sees meanwhile: every article listed, search not finding them yet.
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
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/indexer.h"
#include "data/indexer_file.h"
#include "data/indexer_shard.h"
#include "data/indexer_walk.h"
#include "base/inflight.h"
#include "data/store.h"
#include "base/xmem.h"
#include "fts_shards.h"

struct fixture {
	char dir[256];		/* a fresh directory, canonical */
	char db[PATH_MAX];	/* dir/tsundoku.db */
	struct indexer_progress last;	/* the last run's final report */
	int stop_after;		/* stop the run after this many commits */
	bool stop_at_text;	/* stop the run as the text phase begins */
	bool retry;		/* run with opts.retry */
	const char *add_at_first;	/* write this article (relative) when
					   the first rows are committed */
	size_t first_committed;	/* the rows that first commit listed */
	bool first_scanning;	/* whether the walk had begun by then */
	size_t n_warnings;	/* the last run's warnings */
	char warning[1024];	/* its first one */
	struct indexer *ix;	/* the run in progress */
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char tmpl[] = "/tmp/test_indexer.XXXXXX";
	char real[PATH_MAX];

	if (mkdtemp(tmpl) == NULL || realpath(tmpl, real) == NULL ||
	    strlen(real) >= sizeof f->dir)
		return -1;
	strcpy(f->dir, real);
	snprintf(f->db, sizeof f->db, "%s/tsundoku.db", f->dir);
	*state = f;
	return 0;
}

/* Remove path and everything below it. */
static void
rm_tree(const char *path)
{
	char child[PATH_MAX];
	struct dirent *d;
	struct stat sb;
	DIR *dir;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && (dir = opendir(path)) != NULL) {
		while ((d = readdir(dir)) != NULL) {
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			snprintf(child, sizeof child, "%s/%s", path, d->d_name);
			rm_tree(child);
		}
		closedir(dir);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	rm_tree(f->dir);
	free(f);
	return 0;
}

/* Return f->dir/rel in a static buffer (one at a time). */
static const char *
at(struct fixture *f, const char *rel)
{
	static char path[2][2048];
	static int i;

	i = !i;
	assert_true(strlen(rel) < 1024);
	snprintf(path[i], sizeof path[i], "%s/%.1000s", f->dir, rel);
	return path[i];
}

/* Write an article at f->dir/rel (making its directory); url may be
 * NULL. */
static void
write_article(struct fixture *f, const char *rel, const char *title,
	      const char *url, const char *body)
{
	char dir[PATH_MAX];
	FILE *fp;

	snprintf(dir, sizeof dir, "%s", at(f, rel));
	*strrchr(dir, '/') = '\0';
	mkdir(dir, 0700);
	fp = fopen(at(f, rel), "w");
	assert_non_null(fp);
	fprintf(fp, "---\ntitle: %s\n", title);
	if (url != NULL)
		fprintf(fp, "url: %s\n", url);
	fprintf(fp, "---\n\n%s\n", body);
	fclose(fp);
}

static void
on_progress(const struct indexer_progress *p, void *ctx)
{
	struct fixture *f = ctx;

	f->last = *p;
	if (p->committed > 0 && f->first_committed == 0) {
		f->first_committed = p->committed;
		if (f->add_at_first != NULL)
			write_article(f, f->add_at_first, "Late", NULL, "late");
	}
	if (f->stop_after > 0 && p->committed >= (size_t)f->stop_after)
		indexer_stop(f->ix);
	if (f->stop_at_text && p->text)
		indexer_stop(f->ix);
}

static void
on_warning(const char *msg, void *ctx)
{
	struct fixture *f = ctx;

	if (f->n_warnings++ == 0)
		snprintf(f->warning, sizeof f->warning, "%s", msg);
}

/* Index the paths (relative to f->dir, NULL-terminated) with a batch of
 * batch_size articles and return how the run ended. */
static enum indexer_status
run_batch(struct fixture *f, size_t batch_size, const char *rel, ...)
{
	char *paths[8];
	size_t n = 0;
	va_list ap;
	struct err err;

	va_start(ap, rel);
	for (; rel != NULL && n < 8; rel = va_arg(ap, const char *))
		paths[n++] = xstrdup(at(f, rel));
	va_end(ap);
	struct indexer_opts o = {
		.db_path = f->db, .paths = paths, .n_paths = n,
		.batch_size = batch_size, .on_progress = on_progress, .ctx = f,
		.on_warning = on_warning, .retry = f->retry,
	};
	memset(&f->last, 0, sizeof f->last);
	f->n_warnings = 0;
	f->warning[0] = '\0';
	err_init(&err);
	f->ix = indexer_new(&o);
	enum indexer_status st = indexer_run(f->ix, &err);
	indexer_free(f->ix);
	f->ix = NULL;
	if (st == INDEXER_FAILED)
		fprintf(stderr, "indexer: %s\n", err_msg(&err));
	err_fini(&err);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	return st;
}

#define run(f, ...) run_batch(f, 0, __VA_ARGS__, (const char *)NULL)

/* The full-text entries an article points at: the contentless index
 * keeps entries it cannot delete (a changed or purged article's), which
 * no row names (store.c, migration 9). */
#define LIVE_FTS "SELECT count(*) FROM article JOIN fts_docsize " \
	"AS d ON d.id = article.fts_rowid"


/* Return the integer the query sql (with the string arg as ?1, may be
 * NULL) gives, or -1 for no row. */
static long long
query(struct fixture *f, const char *sql, const char *arg)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	attach_shards(db, f->db);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Return the row id of the article at f->dir/rel, or -1. */
static long long
id_of(struct fixture *f, const char *rel)
{
	return query(f, "SELECT id FROM article WHERE path = ?1", at(f, rel));
}

/* Return the missing flag of the article at rel, or -1 without a row. */
static long long
missing(struct fixture *f, const char *rel)
{
	return query(f, "SELECT missing FROM article WHERE path = ?1",
		     at(f, rel));
}

/* Count listed articles (indexed, not missing). */
static long long
n_listed(struct fixture *f)
{
	return query(f, "SELECT count(*) FROM article WHERE NOT missing AND "
		     "indexed_at IS NOT NULL", NULL);
}

/* Count listed articles whose text is not indexed yet. */
static long long
n_pending(struct fixture *f)
{
	return query(f, "SELECT count(*) FROM article WHERE NOT missing AND "
		     "indexed_at IS NOT NULL AND NOT text_indexed", NULL);
}

/* Return the title of the article at rel as the list shows it, in a
 * static buffer ("" without a row). */
static const char *
title_of(struct fixture *f, const char *rel)
{
	static char title[256];
	sqlite3 *db;
	sqlite3_stmt *st;

	title[0] = '\0';
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT title FROM article "
					    "WHERE path = ?1", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, at(f, rel), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(title, sizeof title, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return title;
}

/* Return how many articles archive-wide search finds for text. */
static size_t
n_found(struct fixture *f, const char *text)
{
	struct store *s;
	struct err err;
	size_t n = 0;

	err_init(&err);
	assert_true(store_open(f->db, &s, &err));
	assert_true(store_count_matches(s, text, &n, &err));
	store_close(s);
	err_fini(&err);
	return n;
}

/* Run over rel, stopping as the text phase begins: the state a user
 * sees between the phases. */
static enum indexer_status
run_until_text(struct fixture *f, const char *rel)
{
	f->stop_at_text = true;
	enum indexer_status st = run(f, rel);
	f->stop_at_text = false;
	return st;
}

/* Save a reading place for the article at rel, as the reader does. */
static void
read_some(struct fixture *f, const char *rel, size_t position)
{
	struct store *s;
	struct err err;
	struct store_place pl = { .opened = true, .percent = 40,
				  .position = position };

	err_init(&err);
	assert_true(store_open(f->db, &s, &err));
	assert_true(store_save_place(s, at(f, rel), &pl, &err));
	store_close(s);
	err_fini(&err);
}

/* Add a highlight to the article with row id id, as the reader does. */
static void
add_highlight(struct fixture *f, long long id)
{
	sqlite3 *db;
	char sql[160];

	snprintf(sql, sizeof sql, "INSERT INTO highlight (article_id, quote, "
		 "created, updated) VALUES (%lld, 'q', 0, 0)", id);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* Return how many highlights the article at rel has (0 without a row). */
static long long
highlights_of(struct fixture *f, const char *rel)
{
	return query(f, "SELECT count(*) FROM highlight JOIN article ON "
		     "article.id = article_id WHERE path = ?1", at(f, rel));
}

/* Return the saved position of the article at rel. */
static long long
position_of(struct fixture *f, const char *rel)
{
	return query(f, "SELECT position FROM article WHERE path = ?1",
		     at(f, rel));
}

/* Make the file at rel look modified later than before. */
static void
touch_later(struct fixture *f, const char *rel)
{
	struct timeval tv[2] = { { .tv_sec = 2000000000 },
				 { .tv_sec = 2000000000 } };

	assert_int_equal(utimes(at(f, rel), tv), 0);
}

static void
test_new_files_are_listed(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "Alpha", "https://e.test/a", "数据 one");
	write_article(f, "arch/sub/b.md", "Beta", NULL, "two");
	write_article(f, "arch/notes.json", "Not an article", NULL, "x");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_new, 2);
	assert_int_equal(f->last.done, 2);
	assert_int_equal(n_listed(f), 2);
	assert_true(id_of(f, "arch/sub/b.md") > 0);
	/* A second run finds nothing to do. */
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.total, 0);
	assert_int_equal(f->last.n_new + f->last.n_changed, 0);
}

static void
test_edited_file_keeps_its_row(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "Old title", NULL, "one");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	long long id = id_of(f, "arch/a.txt");
	read_some(f, "arch/a.txt", 7);
	write_article(f, "arch/a.txt", "New title", NULL, "one, longer now");
	touch_later(f, "arch/a.txt");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_changed, 1);
	assert_int_equal(f->last.n_new, 0);
	assert_int_equal(id_of(f, "arch/a.txt"), id);
	assert_int_equal(position_of(f, "arch/a.txt"), 7);
	assert_int_equal(query(f, "SELECT count(*) FROM article WHERE title = "
			       "'New title'", NULL), 1);
}

static void
test_missing_only_below_scanned_directories(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", NULL, "a");
	write_article(f, "other/o1.txt", "O1", NULL, "o1");
	write_article(f, "other/o2.txt", "O2", NULL, "o2");
	assert_int_equal(run(f, "arch", "other"), INDEXER_DONE);
	assert_int_equal(f->last.n_new, 3);
	unlink(at(f, "arch/a.txt"));
	unlink(at(f, "other/o2.txt"));
	/* other/ is not scanned, only one file in it: o2 is not missing. */
	assert_int_equal(run(f, "arch", "other/o1.txt"), INDEXER_DONE);
	assert_int_equal(f->last.n_missing, 1);
	assert_int_equal(missing(f, "arch/a.txt"), 1);
	assert_int_equal(missing(f, "other/o2.txt"), 0);
	/* A root that does not exist marks nothing missing. */
	rm_tree(at(f, "other"));
	assert_int_equal(run(f, "other"), INDEXER_DONE);
	assert_int_equal(f->last.n_unreadable, 1);
	assert_int_equal(missing(f, "other/o1.txt"), 0);
	assert_int_equal(n_listed(f), 2);
}

static void
test_rename_by_url_keeps_reading_state(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", "https://e.test/a?x=1#rd", "text");
	write_article(f, "arch/b.txt", "B", "https://e.test/b", "other");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	long long id = id_of(f, "arch/a.txt");
	read_some(f, "arch/a.txt", 123);
	add_highlight(f, id);
	/* Moved into a subdirectory, and edited on the way. */
	write_article(f, "arch/2024/renamed.txt", "A, edited",
		      "https://e.test/a?x=1#rd", "text and more");
	unlink(at(f, "arch/a.txt"));
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_renamed, 1);
	assert_int_equal(f->last.n_new, 0);
	assert_int_equal(f->last.n_missing, 0);
	assert_int_equal(id_of(f, "arch/2024/renamed.txt"), id);
	assert_int_equal(position_of(f, "arch/2024/renamed.txt"), 123);
	assert_int_equal(highlights_of(f, "arch/2024/renamed.txt"), 1);
	assert_int_equal(id_of(f, "arch/a.txt"), -1);
	assert_int_equal(n_listed(f), 2);
}

static void
test_rename_by_hash_without_url(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", NULL, "same bytes");
	write_article(f, "arch/b.txt", "B", NULL, "different bytes");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	long long id = id_of(f, "arch/a.txt");
	read_some(f, "arch/a.txt", 5);
	assert_int_equal(rename(at(f, "arch/a.txt"), at(f, "arch/c.txt")), 0);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_renamed, 1);
	assert_int_equal(id_of(f, "arch/c.txt"), id);
	assert_int_equal(position_of(f, "arch/c.txt"), 5);
	/* Different content without a url is a new article. */
	write_article(f, "arch/d.txt", "B", NULL, "different bytes, edited");
	unlink(at(f, "arch/b.txt"));
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_renamed, 0);
	assert_int_equal(f->last.n_new, 1);
	assert_int_equal(missing(f, "arch/b.txt"), 1);
}

static void
test_same_url_two_files_two_articles(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", "https://e.test/same", "first");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	write_article(f, "arch/b.txt", "A again", "https://e.test/same",
		      "second");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_new, 1);
	assert_int_equal(f->last.n_renamed, 0);
	assert_true(id_of(f, "arch/a.txt") != id_of(f, "arch/b.txt"));
	assert_int_equal(n_listed(f), 2);
}

static void
test_missing_keeps_user_data_until_purge(void **state)
{
	struct fixture *f = *state;
	struct store *s;
	struct err err;
	size_t n = 0;

	write_article(f, "arch/a.txt", "A", NULL, "a");
	write_article(f, "arch/b.txt", "B", NULL, "b");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	read_some(f, "arch/a.txt", 9);
	add_highlight(f, id_of(f, "arch/a.txt"));
	unlink(at(f, "arch/a.txt"));
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(missing(f, "arch/a.txt"), 1);
	assert_int_equal(position_of(f, "arch/a.txt"), 9);
	assert_int_equal(highlights_of(f, "arch/a.txt"), 1);
	assert_int_equal(n_listed(f), 1);
	/* Still there after another run. */
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_missing, 0);
	assert_int_equal(position_of(f, "arch/a.txt"), 9);
	err_init(&err);
	assert_true(store_open(f->db, &s, &err));
	assert_true(store_count_missing(s, &n, &err));
	assert_int_equal(n, 1);
	assert_true(store_purge_missing(s, &n, &err));
	assert_int_equal(n, 1);
	store_close(s);
	err_fini(&err);
	assert_int_equal(id_of(f, "arch/a.txt"), -1);
	assert_int_equal(query(f, "SELECT count(*) FROM highlight", NULL), 0);
	assert_int_equal(query(f, LIVE_FTS, NULL), 1);
	assert_int_equal(n_listed(f), 1);
}

static void
test_second_indexer_backs_off(void **state)
{
	struct fixture *f = *state;
	char lock[PATH_MAX + 16];

	write_article(f, "arch/a.txt", "A", NULL, "a");
	snprintf(lock, sizeof lock, "%s.index-lock", f->db);
	int fd = open(lock, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(run(f, "arch"), INDEXER_BUSY);
	assert_int_equal(n_listed(f), 0);	/* nothing written */
	close(fd);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(n_listed(f), 1);
}

static void
test_unreadable_entries_do_not_stop_the_run(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", NULL, "a");
	assert_int_equal(symlink(at(f, "nowhere.txt"), at(f, "arch/dangling.txt")),
			 0);
	assert_int_equal(mkfifo(at(f, "arch/fifo.txt"), 0600), 0);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_new, 1);
	assert_int_equal(f->last.n_unreadable, 2);
	assert_int_equal(n_listed(f), 1);
}

/* The walk stats the files of a large directory several at a time:
 * every file gets its own size and mtime, in path order, and entries
 * named like articles that are not regular files are kept with their
 * problem. */
static void
test_walk_stats_many_files(void **state)
{
	struct fixture *f = *state;
	struct indexer_walk w;
	char rel[64];
	struct stat sb;
	size_t fifos = 0;

	for (int i = 0; i < 1500; i++) {
		snprintf(rel, sizeof rel, "big/%04d.txt", i);
		write_article(f, rel, "T", NULL, i % 2 ? "odd" : "even text");
	}
	assert_int_equal(mkfifo(at(f, "big/fifo.txt"), 0600), 0);
	indexer_walk_init(&w);
	indexer_walk_add(&w, at(f, "big"));
	indexer_walk_done(&w);
	assert_int_equal(w.n_files, 1501);
	for (size_t i = 0; i < w.n_files; i++) {
		if (i > 0)
			assert_true(strcmp(w.files[i - 1].path,
					   w.files[i].path) < 0);
		if (w.files[i].problem != NULL) {
			fifos++;
			continue;
		}
		assert_int_equal(stat(w.files[i].path, &sb), 0);
		assert_int_equal(w.files[i].size, (int64_t)sb.st_size);
		assert_int_equal(w.files[i].mtime_ns,
				 (int64_t)sb.st_mtim.tv_sec * 1000000000 +
				 sb.st_mtim.tv_nsec);
	}
	assert_int_equal(fifos, 1);
	indexer_walk_fini(&w);
}

/* A cold start lists its first files before the whole archive is walked
 * (indexer_prime), so a file written as those first rows show is found
 * by the same run's walk; every file counts as new once, and a second
 * run finds nothing to do. */
static void
test_cold_start_lists_first_rows_before_the_walk(void **state)
{
	struct fixture *f = *state;
	char rel[32];

	for (int i = 0; i < 120; i++) {
		snprintf(rel, sizeof rel, "arch/%03d.txt", i);
		write_article(f, rel, rel, NULL, rel);
	}
	f->add_at_first = "arch/zzz-late.txt";
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_true(f->first_committed > 0 && f->first_committed <= 48);
	assert_int_equal(f->last.n_new, 121);
	assert_int_equal(n_listed(f), 121);
	assert_int_equal(n_pending(f), 0);
	assert_true(id_of(f, "arch/zzz-late.txt") > 0);
	assert_int_equal(query(f, LIVE_FTS, NULL), 121);
	f->add_at_first = NULL;
	f->first_committed = 0;
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_new, 0);
	assert_int_equal(f->first_committed, 0);	/* nothing written */
}

static void
test_stopped_run_resumes_without_duplicates(void **state)
{
	struct fixture *f = *state;
	char rel[32];

	for (int i = 0; i < 40; i++) {
		snprintf(rel, sizeof rel, "arch/%02d.txt", i);
		write_article(f, rel, rel, NULL, rel);
	}
	/* Stopped while listing: whole rows, their text still to come. */
	f->stop_after = 3;
	assert_int_equal(run_batch(f, 1, "arch", (const char *)NULL),
			 INDEXER_STOPPED);
	long long listed = n_listed(f);
	assert_true(listed >= 3 && listed < 40);
	assert_int_equal(n_pending(f), listed);
	assert_int_equal(query(f, "SELECT count(*) FROM article WHERE "
			       "title IS NULL OR size IS NULL OR mtime IS NULL",
			       NULL), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM fts_docsize",
			       NULL), 0);
	f->stop_after = 0;
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_new, 40 - listed);
	assert_int_equal(f->last.total, 40);	/* every text, pending ones too */
	assert_int_equal(n_listed(f), 40);
	assert_int_equal(n_pending(f), 0);
	assert_int_equal(query(f, "SELECT count(*) FROM article", NULL), 40);
	assert_int_equal(query(f, "SELECT count(*) FROM fts_docsize",
			       NULL), 40);
	assert_int_equal(query(f, LIVE_FTS, NULL), 40);
}

static void
test_listed_before_text_then_resumed(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "Alpha", "https://e.test/a", "量子计算 one");
	write_article(f, "arch/b.md", "Beta", NULL, "量子计算 two");
	/* No title in the front matter: the first heading names it. */
	assert_int_equal(mkdir(at(f, "arch/sub"), 0700), 0);
	FILE *fp = fopen(at(f, "arch/sub/c.md"), "w");
	assert_non_null(fp);
	fputs("Intro line.\n\n## The *real* title\n\n量子计算 three\n", fp);
	fclose(fp);
	assert_int_equal(run_until_text(f, "arch"), INDEXER_STOPPED);
	assert_int_equal(f->last.n_new, 3);
	/* Listed, with their titles, before any text is indexed; search
	 * does not find them yet. */
	assert_int_equal(n_listed(f), 3);
	assert_int_equal(n_pending(f), 3);
	assert_string_equal(title_of(f, "arch/a.txt"), "Alpha");
	assert_string_equal(title_of(f, "arch/sub/c.md"), "The real title");
	assert_int_equal(n_found(f, "量子计算"), 0);
	/* The next run indexes the text only. */
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_new + f->last.n_changed, 0);
	assert_int_equal(f->last.total, 3);
	assert_int_equal(n_pending(f), 0);
	assert_int_equal(n_found(f, "量子计算"), 3);
	assert_string_equal(title_of(f, "arch/sub/c.md"), "The real title");
	/* Nothing left to do. */
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.total, 0);
}

/* Write an article at rel from source on date. */
static void
write_dated(struct fixture *f, const char *rel, const char *source,
	    const char *date)
{
	FILE *fp = fopen(at(f, rel), "w");

	assert_non_null(fp);
	fprintf(fp, "---\ntitle: T\nsource: %s\ndate: %s\n---\n\nwords\n",
		source, date);
	fclose(fp);
}

/* Store in out, and return, the first column of the first row that sql
 * gives on the database file at path, or "no row". */
static const char *
text_of(const char *path, const char *sql, char *out, size_t size)
{
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	snprintf(out, size, "%s", sqlite3_step(st) == SQLITE_ROW
		 ? (const char *)sqlite3_column_text(st, 0) : "no row");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* The path of the newest article by date, read through the date index
 * as the list reads it. */
static const char *
newest_by_index(struct fixture *f, char *out, size_t size)
{
	return text_of(f->db, "SELECT path FROM article INDEXED BY "
		       "article_by_date WHERE NOT missing ORDER BY date DESC, "
		       "fetch_date DESC", out, size);
}

/* Rows are written again without naming their indexed columns unless
 * these changed (store_put_keys): a new date and source still reach
 * the indexes, and a file that comes back is listed again. */
static void
test_changed_date_and_source_reach_the_indexes(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];

	mkdir(at(f, "arch"), 0700);
	write_dated(f, "arch/a.txt", "Old", "2020-01-01");
	write_dated(f, "arch/b.txt", "Old", "2021-01-01");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_string_equal(newest_by_index(f, path, sizeof path),
			    at(f, "arch/b.txt"));
	write_dated(f, "arch/a.txt", "New", "2022-01-01");
	touch_later(f, "arch/a.txt");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_string_equal(newest_by_index(f, path, sizeof path),
			    at(f, "arch/a.txt"));
	assert_int_equal(query(f, "SELECT count(*) FROM article INDEXED BY "
			       "article_counts WHERE NOT missing AND "
			       "indexed_at IS NOT NULL AND source = 'New'",
			       NULL), 1);
	unlink(at(f, "arch/a.txt"));
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(n_listed(f), 1);
	write_dated(f, "arch/a.txt", "New", "2022-01-01");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(missing(f, "arch/a.txt"), 0);
	assert_int_equal(n_listed(f), 2);
	assert_string_equal(newest_by_index(f, path, sizeof path),
			    at(f, "arch/a.txt"));
	assert_int_equal(query(f, "SELECT count(*) FROM pragma_integrity_check "
			       "WHERE integrity_check <> 'ok'", NULL), 0);
}

static void
test_changed_file_goes_back_to_pending(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "Old title", NULL, "kernel words");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	long long id = id_of(f, "arch/a.txt");
	assert_int_equal(n_found(f, "kernel"), 1);
	write_article(f, "arch/a.txt", "New title", NULL, "scheduler words");
	touch_later(f, "arch/a.txt");
	assert_int_equal(run_until_text(f, "arch"), INDEXER_STOPPED);
	assert_int_equal(f->last.n_changed, 1);
	assert_int_equal(id_of(f, "arch/a.txt"), id);
	assert_string_equal(title_of(f, "arch/a.txt"), "New title");
	assert_int_equal(n_pending(f), 1);
	/* Its old text is not found any more, its new one not yet. */
	assert_int_equal(n_found(f, "kernel"), 0);
	assert_int_equal(n_found(f, "scheduler"), 0);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(n_pending(f), 0);
	assert_int_equal(n_found(f, "kernel"), 0);
	assert_int_equal(n_found(f, "scheduler"), 1);
	assert_int_equal(query(f, LIVE_FTS, NULL), 1);
}

static void
test_rename_by_url_in_the_listing_phase(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", "https://e.test/a", "text");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	long long id = id_of(f, "arch/a.txt");
	read_some(f, "arch/a.txt", 42);
	write_article(f, "arch/moved/a.txt", "A", "https://e.test/a",
		      "text, edited");
	unlink(at(f, "arch/a.txt"));
	/* Known before any text is read: the row moved, nothing missing. */
	assert_int_equal(run_until_text(f, "arch"), INDEXER_STOPPED);
	assert_int_equal(f->last.n_renamed, 1);
	assert_int_equal(f->last.n_new, 0);
	assert_int_equal(id_of(f, "arch/moved/a.txt"), id);
	assert_int_equal(position_of(f, "arch/moved/a.txt"), 42);
	assert_int_equal(id_of(f, "arch/a.txt"), -1);
	assert_int_equal(n_listed(f), 1);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_missing, 0);
	assert_int_equal(n_pending(f), 0);
	assert_int_equal(n_found(f, "edited"), 1);
}

static void
test_rename_by_hash_of_a_large_file(void **state)
{
	struct fixture *f = *state;
	size_t len = 3 * INDEXER_FILE_HEAD_SIZE;
	char *body = xmalloc(len + 1);

	/* Larger than the head phase 1 reads: renamed all the same, its
	 * whole content hashed because a row without a file has a hash. */
	for (size_t i = 0; i < len; i++)
		body[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	body[len] = '\0';
	write_article(f, "arch/big.txt", "Big", NULL, body);
	write_article(f, "arch/big2.txt", "Big", NULL, body);
	FILE *fp = fopen(at(f, "arch/big2.txt"), "a");	/* differs at the end */
	fputs("\nthe end\n", fp);
	fclose(fp);
	free(body);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	long long id = id_of(f, "arch/big.txt");
	read_some(f, "arch/big.txt", 9);
	assert_int_equal(rename(at(f, "arch/big.txt"), at(f, "arch/b.txt")), 0);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->last.n_renamed, 1);
	assert_int_equal(id_of(f, "arch/b.txt"), id);
	assert_int_equal(position_of(f, "arch/b.txt"), 9);
	assert_int_equal(n_listed(f), 2);
}

static void
test_vanished_before_its_text_is_missing(void **state)
{
	struct fixture *f = *state;

	write_article(f, "arch/a.txt", "A", NULL, "a");
	write_article(f, "arch/b.txt", "B", NULL, "b");
	assert_int_equal(run_until_text(f, "arch"), INDEXER_STOPPED);
	assert_int_equal(n_listed(f), 2);
	unlink(at(f, "arch/b.txt"));
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(missing(f, "arch/b.txt"), 1);
	assert_int_equal(n_listed(f), 1);
	assert_int_equal(n_pending(f), 0);
}

static void
test_hash_tells_contents_apart(void **state)
{
	(void)state;
	assert_true(indexer_file_hash("abc", 3) != indexer_file_hash("abd", 3));
	assert_true(indexer_file_hash("0123456789abcdef", 16) !=
		    indexer_file_hash("0123456789abcdeg", 16));
	assert_true(indexer_file_hash("", 0) == indexer_file_hash("", 0));
}

/* Leave behind what a process that died parsing the file at rel leaves:
 * its in-flight record, naming the file, no longer locked. */
static void
die_parsing(struct fixture *f, const char *rel)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct inflight *r;
		if (!inflight_open(f->db, 2, &r, NULL))
			_exit(1);
		inflight_enter(r, 1, at(f, rel));
		_exit(0);	/* no inflight_close: as a crash */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Return the quarantine flag of the article at rel (-1: no row). */
static long long
quarantined(struct fixture *f, const char *rel)
{
	return query(f, "SELECT quarantined IS NOT NULL FROM article WHERE "
		     "path = ?1", at(f, rel));
}

static void
test_crashing_new_file_is_quarantined_and_listed(void **state)
{
	struct fixture *f = *state;

	write_article(f, "a/ok.md", "Fine", NULL, "text");
	write_article(f, "a/bad.md", "Crasher", NULL, "boom");
	die_parsing(f, "a/bad.md");
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(quarantined(f, "a/bad.md"), 1);
	assert_int_equal(quarantined(f, "a/ok.md"), 0);
	/* Listed, but never parsed: no title from its front matter. */
	assert_int_equal(n_listed(f), 2);
	assert_string_equal(title_of(f, "a/bad.md"), "");
	assert_int_equal(f->last.n_quarantined, 1);
	assert_int_equal(f->n_warnings, 1);
	assert_non_null(strstr(f->warning, at(f, "a/bad.md")));
	assert_non_null(strstr(f->warning, "--retry"));
	assert_int_equal(n_found(f, "boom"), 0);
	/* The next start says so again, and still does not read it. */
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(f->last.n_quarantined, 1);
	assert_int_equal(quarantined(f, "a/bad.md"), 1);
	assert_string_equal(title_of(f, "a/bad.md"), "");
}

static void
test_quarantine_ends_when_the_file_changes(void **state)
{
	struct fixture *f = *state;

	write_article(f, "a/bad.md", "Crasher", NULL, "boom");
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	read_some(f, "a/bad.md", 3);
	die_parsing(f, "a/bad.md");
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(quarantined(f, "a/bad.md"), 1);
	/* A known article keeps its row, title and reading state. */
	assert_string_equal(title_of(f, "a/bad.md"), "Crasher");
	assert_int_equal(position_of(f, "a/bad.md"), 3);
	write_article(f, "a/bad.md", "Mended", NULL, "fixed");
	touch_later(f, "a/bad.md");
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(quarantined(f, "a/bad.md"), 0);
	assert_int_equal(f->last.n_quarantined, 0);
	assert_string_equal(title_of(f, "a/bad.md"), "Mended");
	assert_int_equal(n_found(f, "fixed"), 1);
}

static void
test_retry_reads_quarantined_files_again(void **state)
{
	struct fixture *f = *state;

	write_article(f, "a/bad.md", "Crasher", NULL, "boom");
	die_parsing(f, "a/bad.md");
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(quarantined(f, "a/bad.md"), 1);
	f->retry = true;
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	f->retry = false;
	assert_int_equal(quarantined(f, "a/bad.md"), 0);
	assert_int_equal(f->n_warnings, 0);
	assert_string_equal(title_of(f, "a/bad.md"), "Crasher");
	assert_int_equal(n_found(f, "boom"), 1);
	/* It crashes again: quarantined again. */
	die_parsing(f, "a/bad.md");
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(quarantined(f, "a/bad.md"), 1);
}

static void
test_a_run_leaves_no_record_behind(void **state)
{
	struct fixture *f = *state;
	struct dirent *e;
	DIR *d;

	write_article(f, "a/ok.md", "Fine", NULL, "text");
	die_parsing(f, "a/gone.md");	/* a file since deleted */
	assert_int_equal(run(f, "a"), INDEXER_DONE);
	assert_int_equal(quarantined(f, "a/gone.md"), -1);
	d = opendir(f->dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		assert_null(strstr(e->d_name, ".inflight"));
		assert_null(strstr(e->d_name, ".unsynced"));
	}
	closedir(d);
}

/* indexer_shard_opts.release for test_late_texts: count the texts. */
static void
count_release(void *owner)
{
	(*(int *)owner)++;
}

/* Texts that reach a shard out of order wait for its next transaction
 * (shard_main) rather than cut FTS5's pending terms short: given 300 in
 * descending order, far more late texts than one transaction holds back,
 * the shard still writes each once, and releases each. */
static void
test_late_texts_are_written_once(void **state)
{
	struct fixture *f = *state;
	struct indexer_shard_opts o = { .release = count_release };
	struct indexer_shard *sh;
	struct store *s;
	struct err err;
	int64_t *rowids = NULL;
	size_t n = 0;
	int released = 0;
	char body[64];

	err_init(&err);
	assert_true(store_open(f->db, &s, &err));
	assert_true(indexer_shard_start(s, 0, &o, &sh, &err));
	for (int64_t id = 600; id > 0; id -= 2) {
		snprintf(body, sizeof body, "word%lld text", (long long)id);
		struct indexer_shard_text t = {
			.id = id, .path = "p", .title = "T", .body = body,
			.body_len = strlen(body), .owner = &released,
		};
		assert_true(indexer_shard_push(sh, &t));
	}
	indexer_shard_finish(sh);
	assert_true(indexer_shard_take(sh, &rowids, &n, &err));
	indexer_shard_free(sh);
	assert_int_equal(released, 300);
	assert_int_equal(n, 300);
	for (size_t i = 0; i < n; i++)
		assert_true(rowids[i] > 0 && rowids[i] <= 600 &&
			    rowids[i] % 2 == 0);
	free(rowids);
	store_close(s);
	err_fini(&err);
	assert_int_equal(query(f, "SELECT count(DISTINCT id) FROM "
			       "fts0.article_fts_docsize", NULL), 300);
}

/* Write the marker of shard k, as a writer with synchronous=OFF leaves
 * it (store_unsynced.c), holding boot; return its path. */
static const char *
write_marker(struct fixture *f, int k, const char *boot, char *path,
	     size_t size)
{
	FILE *fp;

	snprintf(path, size, "%s-fts%d.unsynced", f->db, k);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(boot, fp);
	fclose(fp);
	return path;
}

/* A shard written without syncing whose marker is from another boot may
 * have been damaged when the machine stopped: the next run empties it
 * and indexes its texts again, however damaged the file, and says so. */
static void
test_shard_of_a_stopped_machine_is_indexed_again(void **state)
{
	struct fixture *f = *state;
	char marker[PATH_MAX + 32], shard[PATH_MAX + 32], check[256];
	static const char junk[8192] = { 'x' };
	FILE *fp;

	if (access("/proc/sys/kernel/random/boot_id", R_OK) != 0)
		skip();		/* no boot id: shards are synced as usual */
	write_article(f, "arch/a.txt", "A", NULL, "alpha words");
	write_article(f, "arch/b.txt", "B", NULL, "beta words");
	write_article(f, "arch/c.txt", "C", NULL, "gamma words");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(n_found(f, "words"), 3);
	write_marker(f, 0, "another boot\n", marker, sizeof marker);
	snprintf(shard, sizeof shard, "%s-fts0", f->db);
	fp = fopen(shard, "r+");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 4096, SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
	fclose(fp);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->n_warnings, 1);
	assert_non_null(strstr(f->warning, "machine stopped"));
	assert_int_not_equal(access(marker, F_OK), 0);
	assert_string_equal(text_of(shard, "PRAGMA integrity_check", check,
				    sizeof check), "ok");
	assert_int_equal(n_found(f, "words"), 3);
	assert_int_equal(n_found(f, "alpha"), 1);
	assert_int_equal(n_found(f, "beta"), 1);
	assert_int_equal(n_found(f, "gamma"), 1);
}

/* A shard too damaged to read (its header overwritten here) is emptied
 * and its texts indexed again, marker or none, rather than fail every
 * run. */
static void
test_unreadable_shard_is_indexed_again(void **state)
{
	struct fixture *f = *state;
	char shard[PATH_MAX + 32];
	FILE *fp;

	write_article(f, "arch/a.txt", "A", NULL, "alpha words");
	write_article(f, "arch/b.txt", "B", NULL, "beta words");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	snprintf(shard, sizeof shard, "%s-fts0", f->db);
	fp = fopen(shard, "r+");
	assert_non_null(fp);
	fputs("not a database header, not at all", fp);
	fclose(fp);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->n_warnings, 1);
	assert_non_null(strstr(f->warning, "damaged"));
	assert_int_equal(n_found(f, "words"), 2);
}

/* A marker from this boot is a writer that died: the kernel still holds
 * what it wrote, so the next run keeps the shard, syncs it and removes
 * the marker. */
static void
test_shard_of_a_dead_writer_is_kept(void **state)
{
	struct fixture *f = *state;
	char marker[PATH_MAX + 32], boot[64] = "";
	FILE *fp = fopen("/proc/sys/kernel/random/boot_id", "r");

	if (fp == NULL)
		skip();
	assert_non_null(fgets(boot, sizeof boot, fp));
	fclose(fp);
	write_article(f, "arch/a.txt", "A", NULL, "alpha words");
	write_article(f, "arch/b.txt", "B", NULL, "beta words");
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	write_marker(f, 1, boot, marker, sizeof marker);
	assert_int_equal(run(f, "arch"), INDEXER_DONE);
	assert_int_equal(f->n_warnings, 0);
	assert_int_equal(n_pending(f), 0);
	assert_int_not_equal(access(marker, F_OK), 0);
	assert_int_equal(n_found(f, "words"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_new_files_are_listed),
		T(test_edited_file_keeps_its_row),
		T(test_missing_only_below_scanned_directories),
		T(test_rename_by_url_keeps_reading_state),
		T(test_rename_by_hash_without_url),
		T(test_same_url_two_files_two_articles),
		T(test_missing_keeps_user_data_until_purge),
		T(test_second_indexer_backs_off),
		T(test_unreadable_entries_do_not_stop_the_run),
		T(test_walk_stats_many_files),
		T(test_cold_start_lists_first_rows_before_the_walk),
		T(test_stopped_run_resumes_without_duplicates),
		T(test_listed_before_text_then_resumed),
		T(test_changed_date_and_source_reach_the_indexes),
		T(test_shard_of_a_stopped_machine_is_indexed_again),
		T(test_unreadable_shard_is_indexed_again),
		T(test_shard_of_a_dead_writer_is_kept),
		T(test_late_texts_are_written_once),
		T(test_changed_file_goes_back_to_pending),
		T(test_rename_by_url_in_the_listing_phase),
		T(test_rename_by_hash_of_a_large_file),
		T(test_vanished_before_its_text_is_missing),
		T(test_hash_tells_contents_apart),
		T(test_crashing_new_file_is_quarantined_and_listed),
		T(test_quarantine_ends_when_the_file_changes),
		T(test_retry_reads_quarantined_files_again),
		T(test_a_run_leaves_no_record_behind),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
