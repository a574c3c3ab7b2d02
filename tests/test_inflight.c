/* SPDX-License-Identifier: MIT */
/*
 * test_inflight.c: the in-flight record as a crash leaves it. A child
 * process enters a file and dies without leaving it (SIGKILL, or a
 * SIGSEGV): the parent, a later start, collects that path once, and the
 * record is gone. A file left normally is not collected; the record of a
 * live process is never collected, however often it is looked at.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/inflight.h"
#include "base/xmem.h"

struct fixture {
	char dir[64];
	char db[128];
	char *got[8];		/* paths collected */
	size_t n_got;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_inflight.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "%s/tsundoku.db", f->dir);
	*state = f;
	return 0;
}

/* Return how many entries f->dir holds. */
static int
n_files(struct fixture *f)
{
	DIR *d = opendir(f->dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[512];
	DIR *d = opendir(f->dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
		if (e->d_name[0] != '.')
			unlink(path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(f->dir);
	for (size_t i = 0; i < f->n_got; i++)
		free(f->got[i]);
	free(f);
	return 0;
}

static bool
on_path(const char *path, void *ctx)
{
	struct fixture *f = ctx;

	if (f->n_got < 8)
		f->got[f->n_got++] = xstrdup(path);
	return true;
}

/* Collect the dead records of f->db into f->got. */
static void
collect(struct fixture *f)
{
	struct err err;

	err_init(&err);
	assert_true(inflight_collect(f->db, on_path, f, &err));
	err_fini(&err);
}

/* In a child: open a record of 3 slots, enter path in slot 1 (and
 * leave it when leave), then die by sig (0: exit normally, record
 * closed). */
static void
child(struct fixture *f, const char *path, bool leave, int sig)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct inflight *r;
		if (!inflight_open(f->db, 3, &r, NULL))
			_exit(2);
		inflight_enter(r, 0, "/a/left");
		inflight_leave(r, 0);
		inflight_enter(r, 1, path);
		if (leave)
			inflight_leave(r, 1);
		if (sig == 0) {
			inflight_close(r);
			_exit(0);
		}
		signal(sig, SIG_DFL);
		raise(sig);
		_exit(3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (sig == SIGKILL)
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == sig);
	else if (sig != 0)	/* a sanitizer reports a SIGSEGV and exits */
		assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	else
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_killed_mid_parse_is_collected_once(void **state)
{
	struct fixture *f = *state;

	child(f, "/archive/文章 1.md", false, SIGKILL);
	assert_int_equal(n_files(f), 1);
	collect(f);
	assert_int_equal(f->n_got, 1);
	assert_string_equal(f->got[0], "/archive/文章 1.md");
	assert_int_equal(n_files(f), 0);	/* the record is gone */
	collect(f);
	assert_int_equal(f->n_got, 1);
}

static void
test_segv_mid_parse_is_collected(void **state)
{
	struct fixture *f = *state;

	child(f, "/archive/crash.md", false, SIGSEGV);
	collect(f);
	assert_int_equal(f->n_got, 1);
	assert_string_equal(f->got[0], "/archive/crash.md");
}

static void
test_left_file_is_not_collected(void **state)
{
	struct fixture *f = *state;

	child(f, "/archive/fine.md", true, SIGKILL);
	collect(f);
	assert_int_equal(f->n_got, 0);
	assert_int_equal(n_files(f), 0);
}

static void
test_normal_exit_leaves_no_record(void **state)
{
	struct fixture *f = *state;

	child(f, "/archive/fine.md", false, 0);
	assert_int_equal(n_files(f), 0);
}

static void
test_live_record_is_not_collected(void **state)
{
	struct fixture *f = *state;
	struct inflight *r;
	struct err err;

	err_init(&err);
	assert_true(inflight_open(f->db, 2, &r, &err));
	inflight_enter(r, 1, "/archive/being-read.md");
	collect(f);
	collect(f);
	assert_int_equal(f->n_got, 0);
	assert_int_equal(n_files(f), 1);
	inflight_close(r);
	assert_int_equal(n_files(f), 0);
	err_fini(&err);
}

static void
test_record_written_by_hand(void **state)
{
	struct fixture *f = *state;
	char path[256];
	FILE *fp;

	/* The format a test or a dying process leaves: NUL-terminated
	 * paths at multiples of INFLIGHT_SLOT_SIZE, a short last slot. */
	snprintf(path, sizeof path, "%s.inflight.byhand", f->db);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("/x/one.md", fp);
	for (size_t i = strlen("/x/one.md"); i < INFLIGHT_SLOT_SIZE; i++)
		fputc('\0', fp);
	fputs("/x/two.md", fp);
	fputc('\0', fp);
	fclose(fp);
	/* Another database's record in the same directory stays. */
	snprintf(path, sizeof path, "%s/other.db.inflight.x", f->dir);
	fp = fopen(path, "w");
	fputs("/y/other.md", fp);
	fputc('\0', fp);
	fclose(fp);
	collect(f);
	assert_int_equal(f->n_got, 2);
	assert_string_equal(f->got[0], "/x/one.md");
	assert_string_equal(f->got[1], "/x/two.md");
	assert_int_equal(n_files(f), 1);
}

static void
test_leftover_temporary_record_is_swept(void **state)
{
	struct fixture *f = *state;
	struct timeval old[2] = { { .tv_sec = 1000000000 },
				  { .tv_sec = 1000000000 } };
	char path[256];
	FILE *fp;

	/* A maker died between making its record and renaming it: an old
	 * one goes, a new one may be about to be locked and stays. */
	snprintf(path, sizeof path, "%s.inflight-new.aaaaaa", f->db);
	fp = fopen(path, "w");
	fclose(fp);
	assert_int_equal(utimes(path, old), 0);
	snprintf(path, sizeof path, "%s.inflight-new.bbbbbb", f->db);
	fp = fopen(path, "w");
	fclose(fp);
	collect(f);
	assert_int_equal(f->n_got, 0);
	assert_int_equal(n_files(f), 1);
	assert_int_equal(access(path, F_OK), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_killed_mid_parse_is_collected_once),
		T(test_segv_mid_parse_is_collected),
		T(test_left_file_is_not_collected),
		T(test_normal_exit_leaves_no_record),
		T(test_live_record_is_not_collected),
		T(test_record_written_by_hand),
		T(test_leftover_temporary_record_is_swept),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
