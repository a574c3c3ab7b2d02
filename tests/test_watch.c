/* SPDX-License-Identifier: MIT */
/*
 * test_watch.c: what the archive's watch reports. Each test works in a
 * fresh temporary directory. A change is awaited with poll() on the
 * watch's descriptor (at most 5 s): a change that must not count still
 * wakes it (the kernel reports every entry), so "nothing to report" is
 * known without a sleep.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/watch.h"

struct fixture {
	char dir[64];		/* a fresh mkdtemp directory */
	char *roots[1];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_watch.XXXXXX");
	if (f == NULL || mkdtemp(f->dir) == NULL)
		return -1;
	f->roots[0] = f->dir;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Write a small file at dir/name. */
static void
put(const struct fixture *f, const char *name)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("# A title\n\nText.\n", fp);
	fclose(fp);
}

/* Make the directory dir/name. */
static void
mkdir_in(const struct fixture *f, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* Wait until w's descriptor is readable, then return what watch_read
 * says; false when nothing came within 5 s. */
static bool
changed(struct watch *w)
{
	struct pollfd p = { .fd = watch_fd(w), .events = POLLIN };

	assert_true(p.fd >= 0);
	if (poll(&p, 1, 5000) != 1)
		return false;
	return watch_read(w);
}

static void
test_articles_count(void **state)
{
	struct fixture *f = *state;
	struct watch *w = watch_new(f->roots, 1, WATCH_NOTIFY, WATCH_MAX_DIRS);

	if (watch_polling(w)) {	/* no inotify here */
		watch_free(w);
		skip();
	}
	assert_false(watch_read(w));	/* nothing yet, and no wait */
	put(f, "one.txt");
	assert_true(changed(w));
	put(f, "two.md");
	assert_true(changed(w));
	/* Hidden files and other names wake the descriptor but do not
	 * count; an article written after them does. */
	put(f, ".hidden.txt");
	put(f, "picture.jpg");
	put(f, "one.txt.part");
	assert_false(changed(w));
	put(f, "three.txt");
	assert_true(changed(w));
	watch_free(w);
}

static void
test_new_directories_are_watched(void **state)
{
	struct fixture *f = *state;
	struct watch *w = watch_new(f->roots, 1, WATCH_NOTIFY, WATCH_MAX_DIRS);

	if (watch_polling(w)) {
		watch_free(w);
		skip();
	}
	mkdir_in(f, "new");
	assert_true(changed(w));	/* a directory came */
	mkdir_in(f, "new/deeper");
	assert_true(changed(w));
	put(f, "new/deeper/late.txt");
	assert_true(changed(w));
	watch_free(w);
}

static void
test_file_root_and_missing_root(void **state)
{
	struct fixture *f = *state;
	char file[PATH_MAX], other[PATH_MAX], later[PATH_MAX];
	char *roots[3] = { file, other, later };

	put(f, "alone.txt");
	snprintf(file, sizeof file, "%s/alone.txt", f->dir);
	snprintf(other, sizeof other, "%s/other.md", f->dir);
	snprintf(later, sizeof later, "%s/later", f->dir);
	struct watch *w = watch_new(roots, 3, WATCH_NOTIFY, WATCH_MAX_DIRS);
	if (watch_polling(w)) {
		watch_free(w);
		skip();
	}
	/* Beside the file root, only its own name counts. */
	put(f, "neighbour.txt");
	assert_false(changed(w));
	put(f, "alone.txt");
	assert_true(changed(w));
	put(f, "other.md");	/* two file roots in one directory */
	assert_true(changed(w));
	/* A root that did not exist is watched once it appears. */
	mkdir_in(f, "later");
	assert_true(changed(w));
	snprintf(file, sizeof file, "later/in.md");
	put(f, file);
	assert_true(changed(w));
	watch_free(w);
}

static void
test_bound_gives_up_for_a_timer(void **state)
{
	struct fixture *f = *state;
	struct watch *w;

	mkdir_in(f, "a");
	mkdir_in(f, "b");
	w = watch_new(f->roots, 1, WATCH_NOTIFY, 2);	/* 3 directories */
	assert_true(watch_polling(w));
	assert_int_equal(watch_fd(w), -1);
	assert_false(watch_read(w));
	watch_free(w);
	w = watch_new(f->roots, 1, WATCH_POLL, WATCH_MAX_DIRS);
	assert_true(watch_polling(w));
	assert_int_equal(watch_fd(w), -1);
	watch_free(w);
	w = watch_new(f->roots, 1, WATCH_OFF, WATCH_MAX_DIRS);
	assert_false(watch_polling(w));
	assert_int_equal(watch_fd(w), -1);
	watch_free(w);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_articles_count),
		T(test_new_directories_are_watched),
		T(test_file_root_and_missing_root),
		T(test_bound_gives_up_for_a_timer),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
