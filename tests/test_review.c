/* SPDX-License-Identifier: MIT */
/*
 * test_review.c: the daily review's schedule (review.h): the intervals
 * keep and master give in a row, discard, and the order of a queue:
 * most overdue first, notes favoured, never two of one article in a
 * row while another's is left, at most the size asked.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmem.h"
#include "data/review.h"

/* Keep after keep: 1, 3, 8 (3 x 2.5 rounded), 20, 50 days. */
static void
test_keep(void **state)
{
	static const int want[] = { 1, 3, 8, 20, 50, 125 };
	struct store_review r = { 0 };
	int64_t today = 20000;

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		review_answer(&r, REVIEW_KEEP, today);
		assert_int_equal(r.interval_days, want[i]);
		assert_int_equal(r.due_day, today + want[i]);
		assert_int_equal(r.state, REVIEW_LEARNING);
		assert_int_equal(r.ease_pct, REVIEW_EASE_START);
		today = r.due_day;
	}
}

/* Master: at least 30 days, three times what keep gives, the ease
 * growing; a mastered highlight kept later grows from there. */
static void
test_master_discard(void **state)
{
	struct store_review r = { 0 };

	(void)state;
	review_answer(&r, REVIEW_MASTER, 100);
	assert_int_equal(r.interval_days, 30);
	assert_int_equal(r.state, REVIEW_MASTERED);
	assert_int_equal(r.ease_pct, 270);
	review_answer(&r, REVIEW_MASTER, 130);	/* keep's 3 days grow to 31
						   at least, x 3 */
	assert_int_equal(r.interval_days, 93);
	assert_int_equal(r.ease_pct, 290);
	review_answer(&r, REVIEW_KEEP, 223);	/* 93 x 2.9, learning again */
	assert_int_equal(r.interval_days, 270);
	assert_int_equal(r.state, REVIEW_LEARNING);
	assert_int_equal(r.ease_pct, 290);
	review_answer(&r, REVIEW_DISCARD, 500);
	assert_int_equal(r.state, REVIEW_DISCARDED);
	for (int i = 0; i < 40; i++)	/* capped, never overflowing */
		review_answer(&r, REVIEW_MASTER, 500);
	assert_int_equal(r.interval_days, 36500);
	assert_int_equal(r.ease_pct, REVIEW_EASE_MAX);
}

static struct review_item
item(int64_t id, int64_t article, int64_t due, const char *note)
{
	return (struct review_item){
		.id = id, .article_id = article, .quote = xstrdup("q"),
		.note = note != NULL ? xstrdup(note) : NULL,
		.review = { .highlight_id = id, .due_day = due },
	};
}

static void
test_pick(void **state)
{
	struct review_item v[7];
	size_t n;

	(void)state;
	v[0] = item(1, 10, 100, NULL);
	v[1] = item(2, 10, 100, NULL);
	v[2] = item(3, 10, 99, NULL);	/* most overdue */
	v[3] = item(4, 20, 100, "note");	/* +3: before them all */
	v[4] = item(5, 30, 100, NULL);
	v[5] = item(6, 10, 100, NULL);
	v[6] = item(7, 40, 100, NULL);	/* beyond the size */
	n = review_pick(v, 7, 5, 100);
	assert_int_equal(n, 5);
	/* by urgency: 4 (a20), 3 (a10), 1 (a10), 2 (a10), 5 (a30); then
	 * no two of article 10 in a row: 4, 3, 5, 1, 2 cannot be helped
	 * at the end once article 10 is all that is left */
	int64_t want[] = { 4, 3, 5, 1, 2 };
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i].id, want[i]);
	for (size_t i = 0; i < n; i++)
		review_item_fini(&v[i]);
	v[0] = item(1, 10, 100, NULL);
	v[1] = item(2, 10, 100, NULL);
	v[2] = item(3, 20, 100, NULL);
	v[3] = item(4, 20, 100, NULL);
	n = review_pick(v, 4, 5, 100);
	assert_int_equal(n, 4);
	for (size_t i = 1; i < n; i++)
		assert_true(v[i].article_id != v[i - 1].article_id);
	for (size_t i = 0; i < n; i++)
		review_item_fini(&v[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_master_discard),
		cmocka_unit_test(test_pick),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
