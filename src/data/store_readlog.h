/* SPDX-License-Identifier: MIT */
/*
 * store_readlog.h: the queries behind statistics and the daily review
 * (store_readlog.c): reading sessions, finished articles, the saving
 * pile, and highlights with their review schedule. Writes go through
 * the state API (state.h: state_log_session, state_review); these only
 * read, so they never wait for a writer.
 */
#ifndef TSUNDOKU_STORE_READLOG_H
#define TSUNDOKU_STORE_READLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "data/store.h"	/* struct store_review, held by value */

struct err;
struct store;

/* One session row with its article's source when it was written
 * (borrowed: valid during the callback only; NULL when unknown). Only
 * what the index reading_session_by_start holds, so the query reads
 * no table rows. */
struct store_session_row {
	int64_t article_id;
	int64_t start_ms, active_ms;
	int64_t han, words;
	const char *source;
};

/* Call cb for each session that started at or after since_ms, by start;
 * cb returns false to stop. */
bool store_sessions_each(struct store *s, int64_t since_ms,
			 bool (*cb)(const struct store_session_row *row,
				    void *ctx),
			 void *ctx, struct err *err);

/* Store in *chars_per_min the reading speed over every session: Han
 * characters and words read per minute of active time (0: nothing
 * read yet, or less than a minute). */
bool store_reading_speed(struct store *s, double *chars_per_min,
			 struct err *err);

/* Store in *active_ms, *han and *words the sums over the sessions that
 * started at or after since_ms (today's, for the daily goal). */
bool store_today_totals(struct store *s, int64_t since_ms, int64_t *active_ms,
			int64_t *han, int64_t *words, struct err *err);

/* One article read: when it was saved (fetch_date, "YYYY-MM-DD..." or
 * NULL) and read (unix seconds), its source. */
struct store_finished_row {
	const char *fetch_date;
	int64_t read_s;
	const char *source;
};

/* Call cb for each article read at or after since_s. */
bool store_finished_each(struct store *s, int64_t since_s,
			 bool (*cb)(const struct store_finished_row *row,
				    void *ctx),
			 void *ctx, struct err *err);

/* Call cb(fetch_date, n, ctx) for articles saved (fetch_date,
 * "YYYY-MM-DD...") from since_day on, n of them with that fetch_date
 * (in no particular order; the same date may come again). */
bool store_saved_each(struct store *s, const char *since_day,
		      bool (*cb)(const char *day, int64_t n, void *ctx),
		      void *ctx, struct err *err);

/* Store in *n the number of articles saved (fetch_date) before day
 * ("YYYY-MM-DD"). */
bool store_saved_before(struct store *s, const char *day, int64_t *n,
			struct err *err);

/* A highlight that may be reviewed, with its article and its schedule
 * (review.interval_days 0, reps 0, state 0, due_day 0 for one never
 * reviewed). Strings borrowed, valid during the callback only. */
struct store_review_row {
	int64_t id, article_id;
	const char *quote, *prefix, *suffix, *note;	/* note NULL: none */
	bool detached;
	size_t start;		/* source offset, when last anchored */
	int64_t created;	/* unix ms */
	const char *title, *source, *path;
	struct store_review review;
};

/* Call cb for each highlight due on day today or before that is not
 * discarded (mastered ones come back when due, much later). */
bool store_review_each(struct store *s, int64_t today,
		       bool (*cb)(const struct store_review_row *row, void *ctx),
		       void *ctx, struct err *err);

#endif
