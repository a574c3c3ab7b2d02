/* SPDX-License-Identifier: MIT */
/*
 * test_readlog.c: the accounting of a reading session (readlog.h): the
 * idle cut-off, spans that overlap or touch merging into one, counting
 * Han characters and words (tally.h), and a session written through the
 * state API and read back by the statistics' query, once however often
 * it is written.
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
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/readlog.h"
#include "data/state.h"
#include "data/store.h"
#include "data/store_readlog.h"
#include "text/tally.h"

#define MIN 60000

/* Keys a minute apart count in full; a pause longer than the idle
 * limit counts only up to it; the clock going back counts nothing. */
static void
test_idle_cutoff(void **state)
{
	struct readlog r;

	(void)state;
	readlog_init(&r, 1, 1000000);
	readlog_key(&r, 1000000 + MIN);
	readlog_key(&r, 1000000 + 2 * MIN);
	assert_int_equal(r.active_ms, 2 * MIN);
	readlog_key(&r, 1000000 + 12 * MIN);	/* ten minutes away */
	assert_int_equal(r.active_ms, 2 * MIN + READLOG_IDLE_MS);
	readlog_key(&r, 1000000 + 11 * MIN);	/* clock set back */
	assert_int_equal(r.active_ms, 2 * MIN + READLOG_IDLE_MS);
	assert_int_equal(r.end_ms, 1000000 + 12 * MIN);
	readlog_fini(&r);
}

/* Another view over the reader: the time up to the pause counts (at
 * most the idle limit), the time under the other view does not. */
static void
test_pause(void **state)
{
	struct readlog r;

	(void)state;
	readlog_init(&r, 1, 0 + 1);
	readlog_pause(&r, 1 + 30000);
	assert_int_equal(r.active_ms, 30000);
	readlog_key(&r, 1 + 10 * MIN);	/* back on top: starts again */
	assert_int_equal(r.active_ms, 30000);
	readlog_key(&r, 1 + 10 * MIN + 5000);
	assert_int_equal(r.active_ms, 35000);
	readlog_pause(&r, 1 + 40 * MIN);
	assert_int_equal(r.active_ms, 35000 + READLOG_IDLE_MS);
	readlog_fini(&r);
}

/* Spans merge when they overlap or touch, stay apart otherwise, and
 * scrolling back over the same page counts it once. */
static void
test_spans(void **state)
{
	struct readlog r;
	struct buf b;

	(void)state;
	readlog_init(&r, 1, 1);
	readlog_seen(&r, 100, 200);
	readlog_seen(&r, 300, 400);
	readlog_seen(&r, 150, 250);	/* overlaps the first */
	assert_int_equal(r.n_spans, 2);
	assert_int_equal(readlog_seen_len(&r), 150 + 100);
	readlog_seen(&r, 250, 300);	/* touches both: one span */
	assert_int_equal(r.n_spans, 1);
	assert_int_equal(readlog_seen_len(&r), 300);
	readlog_seen(&r, 0, 10);
	readlog_seen(&r, 500, 600);
	readlog_seen(&r, 120, 130);	/* inside: nothing new */
	readlog_seen(&r, 50, 40);	/* empty */
	buf_init(&b);
	readlog_spans_text(&r, &b);
	assert_string_equal(buf_str(&b), "0-10,100-400,500-600");
	readlog_fini(&r);
	readlog_init(&r, 1, 1);
	readlog_spans_parse(&r, "500-600,0-10,x-3,100-400,7-");
	buf_clear(&b);
	readlog_spans_text(&r, &b);
	assert_string_equal(buf_str(&b), "0-10,100-400,500-600");
	buf_fini(&b);
	readlog_fini(&r);
}

/* Han characters one by one, words of other scripts as runs; neither
 * for punctuation, spaces, Markdown marks, emoji. */
static void
test_tally(void **state)
{
	static const struct {
		const char *text;
		int64_t han, words;
	} cases[] = {
		{ "", 0, 0 },
		{ "读书，是一种习惯。", 7, 0 },
		{ "Hello, world!", 0, 2 },
		{ "我用 Linux 和 macOS 读 RSS 文章", 6, 3 },
		{ "don't stop — co-operate", 0, 3 },
		{ "**重点** _italic_ [链接](http://a.b/c)", 4, 5 },
		{ "２０２４年，ＡＢＣ", 1, 2 },
		{ "ひらがなカタカナ", 8, 0 },
		{ "Ünïcödé café 🎉 naïve", 0, 3 },
		{ "123 45.6", 0, 3 },
		{ "𠀀𠀁", 2, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tally t = { 0 };
		tally_text(cases[i].text, strlen(cases[i].text), &t);
		if (t.han != cases[i].han || t.words != cases[i].words)
			fail_msg("\"%s\": %lld han, %lld words", cases[i].text,
				 (long long)t.han, (long long)t.words);
	}
}

/* The tally of a session counts what its spans cover, each byte once. */
static void
test_session_tally(void **state)
{
	const char *src = "一二三四五六七八九十 one two three";
	struct readlog r;
	struct tally t = { 0 };

	(void)state;
	readlog_init(&r, 1, 1);
	readlog_seen(&r, 0, 9);		/* 一二三 */
	readlog_seen(&r, 6, 15);	/* 三四五: overlaps */
	readlog_seen(&r, 35, 1000);	/* "two three", cut at the end */
	readlog_tally(&r, src, strlen(src), &t);
	assert_int_equal(t.han, 5);
	assert_int_equal(t.words, 2);
	readlog_fini(&r);
}

static bool
count_rows(const struct store_session_row *row, void *ctx)
{
	int64_t *v = ctx;

	v[0]++;
	v[1] = row->active_ms;
	v[2] = row->han;
	return true;
}

/* Written through the state API, a session is one row however often
 * it is written as it grows. */
static void
test_state_log(void **state)
{
	char dir[] = "/tmp/test_readlog.XXXXXX", path[64];
	struct store *s;
	struct state *st;
	struct err err;
	int64_t id, v[3] = { 0 };
	struct store_session x = { .start_ms = 5000, .end_ms = 6000,
				   .active_ms = 1000, .han = 3, .spans = "0-9" };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/db", dir);
	err_init(&err);
	assert_true(store_open(path, &s, &err));
	assert_true(store_mark_opened(s, "/a/one.txt", &err));
	assert_true(store_batch_find(s, "/a/one.txt", &id, &err));
	st = state_new(s);
	assert_true(state_log_session(st, id, &x, &err));
	x.active_ms = 61000;
	x.han = 40;
	x.spans = "0-120";
	assert_true(state_log_session(st, id, &x, &err));
	assert_true(state_flush(st, true, &err));
	assert_true(store_sessions_each(s, 0, count_rows, v, &err));
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 61000);
	assert_int_equal(v[2], 40);
	double cpm;
	assert_true(store_reading_speed(s, &cpm, &err));
	assert_true(cpm > 39 && cpm < 40);
	state_free(st);
	store_close(s);
	err_fini(&err);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle_cutoff),
		cmocka_unit_test(test_pause),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_tally),
		cmocka_unit_test(test_session_tally),
		cmocka_unit_test(test_state_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
