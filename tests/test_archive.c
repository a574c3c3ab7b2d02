/* SPDX-License-Identifier: MIT */
/* Finding articles: what the list shows for a directory of saved pages,
 * and that odd corners of a file system never stop a scan. */
#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "document/archive.h"
#include "base/err.h"

#define ARCHIVE FIXTURES "/archive"

/* Return the entry whose path ends with suffix, or fail. */
static const struct archive_entry *
entry_of(const struct archive *a, const char *suffix)
{
	size_t n = strlen(suffix);

	for (size_t i = 0; i < a->n; i++) {
		size_t len = strlen(a->entries[i].path);
		if (len >= n && strcmp(a->entries[i].path + len - n, suffix) == 0)
			return &a->entries[i];
	}
	fail_msg("no entry for %s", suffix);
	return NULL;
}

static void
test_article_names(void **state)
{
	(void)state;
	assert_true(archive_is_article_name("000_76bff8364155c8f7.txt"));
	assert_true(archive_is_article_name("notes.md"));
	assert_true(archive_is_article_name("long.markdown"));
	assert_true(archive_is_article_name("SHOUT.TXT"));
	assert_false(archive_is_article_name(".hidden.txt"));
	assert_false(archive_is_article_name("meta.json"));
	assert_false(archive_is_article_name("cover.png"));
	assert_false(archive_is_article_name("README"));
	assert_false(archive_is_article_name(".txt"));
	assert_false(archive_is_article_name("txt"));
	assert_false(archive_is_article_name(""));
}

static void
test_scan_finds_articles_only(void **state)
{
	struct archive a;
	struct err err;

	(void)state;
	archive_init(&a);
	err_init(&err);
	assert_true(archive_add_path(&a, ARCHIVE, &err));
	assert_int_equal(a.n, 6);
	assert_int_equal(a.n_warnings, 0);
	for (size_t i = 0; i < a.n; i++) {
		const char *p = a.entries[i].path;
		/* Only the part below the root: the root itself may hold
		 * "/.." in a VPATH build. */
		assert_true(strncmp(p, ARCHIVE "/", strlen(ARCHIVE) + 1) == 0);
		const char *rel = p + strlen(ARCHIVE);
		assert_null(strstr(rel, "/."));
		assert_null(strstr(rel, ".json"));
		assert_null(strstr(rel, ".png"));
		assert_null(strstr(rel, "README"));
	}
	archive_fini(&a);
	err_fini(&err);
}

static void
test_titles_and_fields(void **state)
{
	struct archive a;
	const struct archive_entry *e;

	(void)state;
	archive_init(&a);
	assert_true(archive_add_path(&a, ARCHIVE "/", NULL));
	e = entry_of(&a, "/001_0123456789abcdef.txt");
	assert_string_equal(e->title, "前置标题：有冒号");
	assert_string_equal(e->source, "甲号");
	assert_string_equal(e->date, "2024-05-01");
	assert_string_equal(e->fetch_date, "2024-05-02T08:00:00.000001");
	assert_string_equal(e->url, "https://example.com/1");
	e = entry_of(&a, "/002_fedcba9876543210.md");
	assert_string_equal(e->title, "Heading with markup & entity");
	assert_null(e->source);
	assert_null(e->date);
	e = entry_of(&a, "/sub/003_1111111111111111.markdown");
	assert_string_equal(e->title, "003_1111111111111111.markdown");
	assert_string_equal(e->path, ARCHIVE "/sub/003_1111111111111111.markdown");
	archive_fini(&a);
}

static void
test_sort_newest_first(void **state)
{
	static const char *const order[] = {
		"/004_2222222222222222.TXT",	/* 2024-05-01, fetched June */
		"/001_0123456789abcdef.txt",	/* 2024-05-01, fetched May */
		"/005_3333333333333333.txt",	/* 2023 */
		"/003_1111111111111111.markdown",	/* undated: by title */
		"/002_fedcba9876543210.md",	/* "Heading ..." */
		"/006_4444444444444444.txt",	/* "Undated article" */
	};
	struct archive a;

	(void)state;
	archive_init(&a);
	assert_true(archive_add_path(&a, ARCHIVE, NULL));
	archive_sort(&a);
	assert_int_equal(a.n, 6);
	for (size_t i = 0; i < a.n; i++) {
		const char *p = a.entries[i].path;
		size_t n = strlen(order[i]);
		assert_string_equal(p + strlen(p) - n, order[i]);
	}
	archive_fini(&a);
}

static void
test_explicit_file_and_errors(void **state)
{
	struct archive a;
	struct err err;

	(void)state;
	archive_init(&a);
	err_init(&err);
	/* Named on the command line, any file is opened as an article. */
	assert_true(archive_add_path(&a, ARCHIVE "/README", &err));
	assert_int_equal(a.n, 1);
	assert_string_equal(a.entries[0].title, "README");
	assert_false(archive_add_path(&a, ARCHIVE "/nonexistent", &err));
	assert_non_null(strstr(err.msg, ARCHIVE "/nonexistent"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	assert_int_equal(a.n, 1);
	archive_fini(&a);
	err_fini(&err);
}

/* Remove the temporary tree at path, links not followed. */
static void
rm_tree(const char *path)
{
	struct stat sb;
	struct dirent *ent;
	DIR *dir;

	if (lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	dir = opendir(path);
	assert_non_null(dir);
	while ((ent = readdir(dir)) != NULL) {
		char child[4096];
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof child, "%s/%s", path, ent->d_name);
		rm_tree(child);
	}
	closedir(dir);
	rmdir(path);
}

/* Create the file path holding s. */
static void
put_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

/* Build a tree with an unreadable directory, a symlink loop, a dangling
 * link and a second link to an already scanned directory. */
static char *
make_hostile_tree(void)
{
	char *root = strdup("/tmp/test_archive.XXXXXX");
	char path[4096];

	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof path, "%s/a.txt", root);
	put_file(path, "# 甲\n");
	snprintf(path, sizeof path, "%s/sub", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/sub/b.md", root);
	put_file(path, "# 乙\n");
	snprintf(path, sizeof path, "%s/sub/loop", root);
	assert_int_equal(symlink("..", path), 0);
	snprintf(path, sizeof path, "%s/again", root);
	assert_int_equal(symlink("sub", path), 0);
	snprintf(path, sizeof path, "%s/gone.txt", root);
	assert_int_equal(symlink("does-not-exist.txt", path), 0);
	snprintf(path, sizeof path, "%s/locked", root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/locked/c.txt", root);
	put_file(path, "# 丙\n");
	snprintf(path, sizeof path, "%s/locked", root);
	chmod(path, 0);
	return root;
}

static void
test_hostile_tree(void **state)
{
	char *root = make_hostile_tree();
	char locked[4096];
	struct archive a;
	struct err err;

	(void)state;
	snprintf(locked, sizeof locked, "%s/locked", root);
	bool can_lock = access(locked, R_OK) != 0;	/* not as root */
	archive_init(&a);
	err_init(&err);
	assert_true(archive_add_path(&a, root, &err));
	/* a.txt and sub/b.md once each, despite the loop and the second
	 * link; locked/c.txt only when locking is effective. */
	assert_int_equal(a.n, can_lock ? 2 : 3);
	assert_int_equal(a.n_warnings, can_lock ? 2 : 1);
	bool gone = false, lock_warned = false;
	for (size_t i = 0; i < a.n_warnings; i++) {
		gone |= strstr(a.warnings[i], "gone.txt") != NULL;
		lock_warned |= strstr(a.warnings[i], "locked") != NULL &&
			       strstr(a.warnings[i], strerror(EACCES)) != NULL;
	}
	assert_true(gone);
	assert_true(lock_warned == can_lock);
	archive_fini(&a);
	err_fini(&err);
	rm_tree(root);
	free(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_names),
		cmocka_unit_test(test_scan_finds_articles_only),
		cmocka_unit_test(test_titles_and_fields),
		cmocka_unit_test(test_sort_newest_first),
		cmocka_unit_test(test_explicit_file_and_errors),
		cmocka_unit_test(test_hostile_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
