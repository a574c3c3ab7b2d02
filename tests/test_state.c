/* SPDX-License-Identifier: MIT */
/*
 * test_state.c: the user's reading state through state.h: a change
 * reads back at once, is written by article id with its time, and never
 * waits for another connection's write lock: it is kept, seen by reads,
 * and written once the lock is free (from the loop, or by the other
 * connection's thread through state_flush_on).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/err.h"
#include "data/highlight.h"
#include "data/state.h"
#include "data/store.h"

struct fixture {
	char dir[64];
	char path[96];
	struct store *s;	/* the loop's connection */
	struct store *other;	/* the indexer's */
	int64_t id;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err err;

	snprintf(f->dir, sizeof f->dir, "/tmp/test_state.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/db", f->dir);
	err_init(&err);
	assert_true(store_open(f->path, &f->s, &err));
	assert_true(store_open(f->path, &f->other, &err));
	assert_true(store_mark_opened(f->s, "/a/one.txt", &err));
	assert_true(store_batch_find(f->s, "/a/one.txt", &f->id, &err));
	assert_true(f->id > 0);
	err_fini(&err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	store_close(f->s);
	store_close(f->other);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Return the place of f's article as a fresh connection reads it. */
static struct store_place
reread(struct fixture *f)
{
	struct store *s;
	struct store_place pl;
	struct err err;

	err_init(&err);
	assert_true(store_open(f->path, &s, &err));
	assert_true(store_get_state(s, f->id, &pl, &err));
	store_close(s);
	err_fini(&err);
	return pl;
}

/* A place and a read mark are written at once, by id, and read back;
 * unread keeps the place and the opened mark. */
static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct state *st = state_new(f->s);
	struct store_place pl = { .opened = true, .percent = 51,
				  .position = 1234 }, got;
	struct err err;

	err_init(&err);
	assert_true(state_set_place(st, f->id, &pl, &err));
	assert_false(state_pending(st));
	got = reread(f);
	assert_int_equal(got.position, 1234);
	assert_int_equal(got.percent, 51);
	assert_false(got.read);
	assert_true(state_set_read(st, &f->id, 1, true, &err));
	assert_true(reread(f).read);
	assert_true(state_set_read(st, &f->id, 1, false, &err));
	got = reread(f);
	assert_false(got.read);
	assert_true(got.opened);
	assert_int_equal(got.percent, 51);
	assert_int_equal(got.position, 1234);
	state_free(st);
	err_fini(&err);
}

/* Return the seconds since ts. */
static double
since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e9;
}

/* While another connection holds the write lock, a change returns at
 * once, is kept and seen by reads; the other connection's thread writes
 * it between its transactions. */
static void
test_never_waits(void **state)
{
	struct fixture *f = *state;
	struct state *st = state_new(f->s);
	struct store_place pl = { .opened = true, .percent = 30,
				  .position = 99 }, got;
	struct timespec t0;
	struct err err;

	err_init(&err);
	assert_true(store_batch_begin(f->other, &err));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_true(state_set_place(st, f->id, &pl, &err));
	assert_true(state_set_read(st, &f->id, 1, true, &err));
	assert_true(state_flush(st, false, &err));
	assert_true(since(&t0) < 0.5);	/* the busy timeout is 5 s */
	assert_true(state_pending(st));
	assert_true(state_get(st, f->id, &got, &err));
	assert_int_equal(got.position, 99);
	assert_true(got.read);
	assert_false(reread(f).read);
	assert_true(store_batch_end(f->other, true, &err));
	state_flush_on(st, f->other);	/* as the indexer does */
	assert_false(state_pending(st));
	got = reread(f);
	assert_int_equal(got.position, 99);
	assert_true(got.read);
	state_free(st);
	err_fini(&err);
}

/* Changes kept back are written by the loop's own flush too, in order. */
static void
test_flush_later(void **state)
{
	struct fixture *f = *state;
	struct state *st = state_new(f->s);
	struct store_place pl = { .opened = true, .percent = 100,
				  .position = 7, .read = true };
	struct err err;

	err_init(&err);
	assert_true(store_batch_begin(f->other, &err));
	assert_true(state_set_place(st, f->id, &pl, &err));
	assert_true(state_set_read(st, &f->id, 1, false, &err));
	assert_true(state_pending(st));
	assert_true(store_batch_end(f->other, true, &err));
	assert_true(state_flush(st, false, &err));
	assert_false(state_pending(st));
	assert_false(reread(f).read);	/* the later change won */
	assert_int_equal(reread(f).position, 7);
	state_free(st);
	err_fini(&err);
}

/* A highlight added while another connection holds the lock gets its id
 * at once; its note, written next, follows it in order; both are in the
 * database once the lock is free. A delete kept back goes too. */
static void
test_highlight_kept(void **state)
{
	struct fixture *f = *state;
	struct state *st = state_new(f->s);
	struct highlight h = { .start = 3, .end = 9, .color = 2,
			       .quote = (char *)"quoted", .prefix = (char *)"",
			       .suffix = (char *)"" };
	struct store_highlight *rows = NULL;
	size_t n = 0;
	struct err err;

	err_init(&err);
	assert_true(store_batch_begin(f->other, &err));
	assert_true(state_highlight_add(st, f->id, &h, &err));
	assert_true(h.id > 0);
	assert_true(state_highlight_set_note(st, f->id, h.id, "a note", &err));
	assert_true(state_highlights_pending(st, f->id));
	assert_true(store_highlight_list(f->s, "/a/one.txt", &rows, &n, &err));
	assert_int_equal(n, 0);
	store_highlights_free(rows, n);
	assert_true(store_batch_end(f->other, true, &err));
	state_flush_on(st, f->other);
	assert_false(state_highlights_pending(st, f->id));
	assert_true(store_highlight_list(f->s, "/a/one.txt", &rows, &n, &err));
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, h.id);
	assert_string_equal(rows[0].quote, "quoted");
	assert_string_equal(rows[0].note, "a note");
	assert_int_equal(rows[0].color, 2);
	store_highlights_free(rows, n);
	assert_true(state_highlight_delete(st, f->id, h.id, &err));
	assert_true(store_highlight_list(f->s, "/a/one.txt", &rows, &n, &err));
	assert_int_equal(n, 0);
	store_highlights_free(rows, n);
	state_free(st);
	err_fini(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_highlight_kept, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
