/* SPDX-License-Identifier: MIT */
/*
 * stats.h: reading statistics from the reading log (readlog.h) and the
 * articles' read and saved dates: totals for today, this week (from
 * Monday) and this month, reading time per day for a year, streaks of
 * days read, time and articles finished per source, reading speed, and
 * the pile (articles saved against articles finished, per week).
 *
 * Days are calendar days in the local time zone (TZ), numbered from
 * 1970-01-01 (stats_day), so a day is a day whatever its length: DST
 * changes make 23- and 25-hour days, and a session belongs to the day
 * its start falls on where the user is. Layer 3: reads through
 * store_readlog.h, knows nothing of the screen; the computations take
 * plain rows, for unit tests.
 */
#ifndef TSUNDOKU_STATS_H
#define TSUNDOKU_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct err;
struct store;

/* Days kept per day (the year heatmap: 53 weeks of 7 days). */
#define STATS_DAYS 371
/* Weeks in the pile chart, sources in the top list. */
#define STATS_WEEKS 12
#define STATS_TOP 10

/* What was read over some days. */
struct stats_total {
	int64_t active_ms;	/* reading time */
	int64_t han, words;	/* characters and words read */
	int64_t finished;	/* articles finished (read) */
};

/* One source's part. */
struct stats_source {
	char *name;		/* heap; "" for articles without one */
	int64_t active_ms;
	int64_t finished;
};

/* One week of the pile. */
struct stats_week {
	int64_t first_day;	/* its Monday */
	int64_t saved;		/* articles saved (by fetch_date) */
	int64_t finished;
	int64_t unread;		/* saved but not read at its end */
};

struct stats {
	int64_t today;		/* the day number of now */
	int64_t since_day;	/* --since: the first day counted; 0: all */
	struct stats_total today_t, week, month, all;
	struct stats_total days[STATS_DAYS];	/* days[STATS_DAYS - 1] is
						   today */
	int64_t streak;		/* days read in a row up to today (or up
				   to yesterday while today is not read
				   yet) */
	int64_t longest;	/* the longest such run ever */
	struct stats_source *sources;	/* by time, then finished; heap */
	size_t n_sources;
	double chars_per_min;	/* (han + words) per minute read; 0:
				   nothing read */
	struct stats_week weeks[STATS_WEEKS];	/* oldest first */
	double median_days;	/* saving to finishing, -1: unknown */
	/* Private: every day read (sorted and merged by stats_end), every
	 * saving-to-finishing delay. */
	int64_t *read_days;
	size_t n_read_days, cap_days;
	int64_t *delays;
	size_t n_delays, cap_delays;
	int64_t saved_before;	/* saved before the first week */
	int64_t finished_before;
	uint32_t *slots;	/* sources by name hash, see stats.c */
	size_t n_slots;
	int64_t cache_day, cache_lo, cache_hi;	/* the last day looked up
						   and its bounds, unix ms */
};

/* Return the day number (days since 1970-01-01 in the calendar) of the
 * local date of unix time t_ms. */
int64_t stats_day(int64_t t_ms);

/* Return the day number of the calendar date y-m-d (m 1-12), and store
 * a day's date in *y, *m, *d. */
int64_t stats_civil_day(int y, int m, int d);
void stats_day_date(int64_t day, int *y, int *m, int *d);

/* Return the unix ms of the local midnight that starts day (the first
 * instant of the day, where DST skips midnight). */
int64_t stats_day_start_ms(int64_t day);

/* Return the day number of the date "YYYY-MM-DD..." at the start of s,
 * or -1 when it does not start with one. */
int64_t stats_parse_day(const char *s);

/* Return "now" in unix ms: TSUNDOKU_NOW when env (its value) is set
 * ("YYYY-MM-DD" for noon that day, local time, or "YYYY-MM-DDTHH:MM"),
 * else the clock. For tests only: the value is documented in HACKING. */
int64_t stats_now_ms(const char *env);

/* Start st for "now" now_ms, counting from day since_day on (0: all).
 * Free with stats_fini. */
void stats_init(struct stats *st, int64_t now_ms, int64_t since_day);
void stats_fini(struct stats *st);

/* Count one session (started at start_ms) of an article from source
 * (NULL: none). */
void stats_add_session(struct stats *st, int64_t start_ms, int64_t active_ms,
		       int64_t han, int64_t words, const char *source);

/* Count one article finished at read_ms, saved on day saved_day (-1:
 * unknown). */
void stats_add_finished(struct stats *st, int64_t read_ms, int64_t saved_day,
			const char *source);

/* Count n articles saved on day. */
void stats_add_saved(struct stats *st, int64_t day, int64_t n);

/* Work out what depends on everything added: streaks, the order of the
 * sources, speed, the pile's unread counts, the median. */
void stats_end(struct stats *st);

/* Fill st from the database s, for now_ms and since_day. */
bool stats_load(struct stats *st, struct store *s, int64_t now_ms,
		int64_t since_day, struct err *err);

/* Append st as one JSON object to out. */
void stats_json(const struct stats *st, struct buf *out);

/* Return the seconds left to read the rest of an article, han
 * characters and words, at st's speed; -1 when the speed is unknown. */
int64_t stats_time_left(double chars_per_min, int64_t han, int64_t words);

#endif
