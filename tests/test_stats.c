/* SPDX-License-Identifier: MIT */
/*
 * test_stats.c: reading statistics (stats.h): calendar day numbers, the
 * streak rules in several time zones and across DST changes (TZ set by
 * the test), the totals of today, this week and this month, the pile
 * and the median delay, against hand-worked figures.
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

#include "base/buf.h"
#include "data/stats.h"

/* Return the unix ms of local time y-m-d h:mi under the TZ in force. */
static int64_t
local_ms(int y, int m, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
			 .tm_hour = h, .tm_min = mi, .tm_isdst = -1 };

	return (int64_t)mktime(&tm) * 1000;
}

static void
set_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static void
test_days(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(stats_civil_day(1970, 1, 1), 0);
	assert_int_equal(stats_civil_day(2000, 3, 1), 11017);
	assert_int_equal(stats_civil_day(2024, 2, 29) + 1,
			 stats_civil_day(2024, 3, 1));
	stats_day_date(stats_civil_day(2026, 12, 31), &y, &m, &d);
	assert_true(y == 2026 && m == 12 && d == 31);
	assert_int_equal(stats_parse_day("2025-01-02T03:04:05"),
			 stats_civil_day(2025, 1, 2));
	assert_int_equal(stats_parse_day("2025-1-2"), -1);
	assert_int_equal(stats_parse_day(NULL), -1);
	set_tz("UTC");
	assert_int_equal(stats_day(0), 0);
	assert_int_equal(stats_day(-1), -1);
}

/* Return the stats of sessions at the local times v[0..n) (y, m, d, h,
 * mi each), of ten minutes each, with today at the local noon of ty-tm-td. */
static void
streaks(struct stats *st, const int (*v)[5], size_t n, int ty, int tm, int td)
{
	stats_init(st, local_ms(ty, tm, td, 12, 0), 0);
	for (size_t i = 0; i < n; i++)
		stats_add_session(st, local_ms(v[i][0], v[i][1], v[i][2],
					       v[i][3], v[i][4]),
				  600000, 100, 10, "s");
	stats_end(st);
}

/* The same instants make different days, and so different streaks, in
 * Shanghai and in UTC: a day is the user's calendar day. */
static void
test_streak_tz(void **state)
{
	static const int v[][5] = {
		{ 2026, 3, 1, 23, 50 }, { 2026, 3, 2, 23, 50 },
		{ 2026, 3, 3, 23, 50 }, { 2026, 3, 5, 0, 10 },
	};
	struct stats st;
	int64_t t[4];

	(void)state;
	set_tz("Asia/Shanghai");
	streaks(&st, v, 4, 2026, 3, 5);
	assert_int_equal(st.longest, 3);
	assert_int_equal(st.streak, 1);
	assert_int_equal(st.today_t.active_ms, 600000);
	stats_fini(&st);
	for (int i = 0; i < 4; i++)	/* the same instants, elsewhere */
		t[i] = local_ms(v[i][0], v[i][1], v[i][2], v[i][3], v[i][4]);
	set_tz("UTC");	/* 15:50 on the 1st, 2nd, 3rd; 16:10 on the 4th */
	stats_init(&st, local_ms(2026, 3, 5, 12, 0), 0);
	for (int i = 0; i < 4; i++)
		stats_add_session(&st, t[i], 600000, 0, 0, NULL);
	stats_end(&st);
	assert_int_equal(st.longest, 4);
	assert_int_equal(st.streak, 4);	/* up to yesterday */
	assert_int_equal(st.today_t.active_ms, 0);
	stats_fini(&st);
}

/* Across the spring and autumn changes in Berlin (23- and 25-hour
 * days), just after midnight and just before, days follow each other. */
static void
test_streak_dst(void **state)
{
	static const int spring[][5] = {
		{ 2026, 3, 28, 0, 30 }, { 2026, 3, 29, 0, 30 },
		{ 2026, 3, 29, 23, 30 }, { 2026, 3, 30, 0, 30 },
	};
	static const int autumn[][5] = {
		{ 2026, 10, 24, 23, 30 }, { 2026, 10, 25, 23, 30 },
		{ 2026, 10, 26, 0, 5 },
	};
	struct stats st;

	(void)state;
	set_tz("Europe/Berlin");
	streaks(&st, spring, 4, 2026, 3, 30);
	assert_int_equal(st.streak, 3);
	assert_int_equal(st.longest, 3);
	assert_int_equal(st.days[STATS_DAYS - 2].active_ms, 1200000);
	stats_fini(&st);
	streaks(&st, spring, 4, 2026, 3, 31);	/* not read yet today */
	assert_int_equal(st.streak, 3);
	stats_fini(&st);
	streaks(&st, spring, 4, 2026, 4, 1);	/* a day missed */
	assert_int_equal(st.streak, 0);
	assert_int_equal(st.longest, 3);
	stats_fini(&st);
	streaks(&st, autumn, 3, 2026, 10, 26);
	assert_int_equal(st.streak, 3);
	stats_fini(&st);
	set_tz("America/New_York");	/* the other side, other dates */
	static const int ny[][5] = {
		{ 2026, 3, 7, 23, 59 }, { 2026, 3, 8, 1, 59 },
		{ 2026, 3, 8, 3, 0 }, { 2026, 3, 9, 0, 0 },
	};
	streaks(&st, ny, 4, 2026, 3, 9);
	assert_int_equal(st.streak, 3);
	assert_int_equal(st.days[STATS_DAYS - 2].active_ms, 1200000);
	stats_fini(&st);
}

/* Today, this week from Monday, this month, --since, sources, speed. */
static void
test_totals(void **state)
{
	struct stats st;
	struct buf b;

	(void)state;
	set_tz("UTC");
	/* 2026-12-09 is a Wednesday */
	stats_init(&st, local_ms(2026, 12, 9, 12, 0), stats_civil_day(2026, 11, 1));
	stats_add_session(&st, local_ms(2026, 12, 9, 8, 0), 60000, 300, 0, "甲");
	stats_add_session(&st, local_ms(2026, 12, 7, 8, 0), 120000, 0, 100, "乙");
	stats_add_session(&st, local_ms(2026, 12, 6, 8, 0), 60000, 60, 0, "甲");
	stats_add_session(&st, local_ms(2026, 11, 30, 8, 0), 60000, 0, 0, "甲");
	stats_add_session(&st, local_ms(2026, 10, 30, 8, 0), 600000, 9, 9, "丙");
	stats_add_finished(&st, local_ms(2026, 12, 9, 9, 0),
			   stats_civil_day(2026, 12, 1), "甲");
	stats_add_finished(&st, local_ms(2026, 12, 8, 9, 0),
			   stats_civil_day(2026, 12, 8), "乙");
	stats_add_finished(&st, local_ms(2026, 12, 2, 9, 0),
			   stats_civil_day(2026, 11, 30), "乙");
	stats_add_saved(&st, stats_civil_day(2026, 12, 8), 4);
	stats_add_saved(&st, stats_civil_day(2020, 1, 1), 10);
	stats_end(&st);
	assert_int_equal(st.today_t.active_ms, 60000);
	assert_int_equal(st.today_t.finished, 1);
	assert_int_equal(st.week.active_ms, 180000);
	assert_int_equal(st.week.han + st.week.words, 400);
	assert_int_equal(st.week.finished, 2);
	assert_int_equal(st.month.active_ms, 240000);
	assert_int_equal(st.month.finished, 3);
	assert_int_equal(st.all.active_ms, 300000);	/* since Nov 1 */
	assert_int_equal(st.n_sources, 2);
	assert_string_equal(st.sources[0].name, "甲");
	assert_int_equal(st.sources[0].finished, 1);
	assert_int_equal(st.sources[1].finished, 2);
	assert_true(st.chars_per_min > 91.9 && st.chars_per_min < 92.1);
	assert_true(st.median_days > 1.9 && st.median_days < 2.1);
	assert_int_equal(st.weeks[STATS_WEEKS - 1].saved, 4);
	assert_int_equal(st.weeks[STATS_WEEKS - 1].finished, 2);
	assert_int_equal(st.weeks[STATS_WEEKS - 1].unread, 14 - 3);
	assert_int_equal(stats_time_left(st.chars_per_min, 920, 0), 600);
	assert_int_equal(stats_time_left(0, 920, 0), -1);
	buf_init(&b);
	stats_json(&st, &b);
	assert_non_null(strstr(buf_str(&b), "\"today\":\"2026-12-09\""));
	assert_non_null(strstr(buf_str(&b),
		"\"day\":{\"seconds\":60,\"finished\":1,\"han\":300,\"words\":0}"));
	assert_non_null(strstr(buf_str(&b), "\"streak\":{\"current\":1,\"longest\":2}"));
	buf_fini(&b);
	stats_fini(&st);
}

/* A day starts at its first instant, where DST skips midnight too
 * (Havana springs from 00:00 to 01:00) and where midnight comes twice
 * (and falls back from 01:00 to 00:00), and lasts 23, 24 or 25 hours. */
static void
test_day_start(void **state)
{
	int64_t day;

	(void)state;
	set_tz("Europe/Berlin");
	day = stats_civil_day(2026, 3, 29);
	assert_int_equal(stats_day_start_ms(day), local_ms(2026, 3, 29, 0, 0));
	assert_int_equal(stats_day_start_ms(day + 1) - stats_day_start_ms(day),
			 23 * 3600000LL);
	day = stats_civil_day(2026, 10, 25);
	assert_int_equal(stats_day_start_ms(day + 1) - stats_day_start_ms(day),
			 25 * 3600000LL);
	set_tz("America/Havana");
	day = stats_civil_day(2026, 3, 8);
	assert_int_equal(stats_day(stats_day_start_ms(day)), day);
	assert_int_equal(stats_day(stats_day_start_ms(day) - 1), day - 1);
	assert_int_equal(stats_day_start_ms(day), local_ms(2026, 3, 8, 1, 0));
	day = stats_civil_day(2026, 11, 1);	/* midnight comes twice */
	assert_int_equal(stats_day(stats_day_start_ms(day) - 1), day - 1);
	assert_int_equal(stats_day_start_ms(day + 1) - stats_day_start_ms(day),
			 25 * 3600000LL);
}

static void
test_now(void **state)
{
	(void)state;
	set_tz("Asia/Taipei");
	assert_int_equal(stats_day(stats_now_ms("2026-05-04")),
			 stats_civil_day(2026, 5, 4));
	assert_int_equal(stats_now_ms("2026-05-04T00:30"),
			 local_ms(2026, 5, 4, 0, 30));
	assert_true(stats_now_ms(NULL) > stats_now_ms("2020-01-01"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_streak_tz),
		cmocka_unit_test(test_streak_dst),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_day_start),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
