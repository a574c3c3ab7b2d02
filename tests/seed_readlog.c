/* SPDX-License-Identifier: MIT */
/*
 * seed_readlog.c: fill a test database with a reading history through
 * the state API, as reading would have: `seed_readlog DB TODAY PATH...`
 * with TODAY as YYYY-MM-DD (local time) and the article files (indexed
 * or not). The end-to-end tests of statistics and review run tsundoku
 * on it with TSUNDOKU_NOW=TODAY.
 *
 * What it records, day 0 being TODAY: a week of sessions, day -6 to 0,
 * of 10, 0, 25, 40, 5, 60 and 15 minutes, at 20:00, reading 300 字 and
 * 20 words a minute, round the articles; eleven days of 5 minutes from
 * day -40 to -30 (the longest streak); the first article finished on
 * day -2, the second on day 0; and highlights: two in the first article
 * (one with a note), two in the second, one detached in the third.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "data/highlight.h"
#include "data/state.h"
#include "data/stats.h"
#include "data/store.h"

/* Return unix ms of hour h on day (stats.h's numbering), local time. */
static int64_t
seed_at(int64_t day, int h)
{
	int y, m, d;
	struct tm tm = { 0 };

	stats_day_date(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static bool
seed_session(struct state *st, int64_t id, int64_t day, int minutes,
	     struct err *err)
{
	struct store_session x = {
		.start_ms = seed_at(day, 20),
		.active_ms = (int64_t)minutes * 60000,
		.han = (int64_t)minutes * 300, .words = (int64_t)minutes * 20,
		.spans = "0-100",
	};

	x.end_ms = x.start_ms + x.active_ms;
	return minutes == 0 || state_log_session(st, id, &x, err);
}

static bool
seed_highlight(struct state *st, int64_t id, const char *quote,
	       const char *note, bool detached, struct err *err)
{
	struct highlight h = { .start = 0, .end = strlen(quote),
			       .quote = (char *)quote, .prefix = "",
			       .suffix = "", .color = 1,
			       .detached = detached };

	return state_highlight_add(st, id, &h, err) &&
	       (note == NULL || state_highlight_set_note(st, id, h.id, note, err));
}

static bool
seed(struct store *s, struct state *st, int64_t today, char **paths, int n,
     struct err *err)
{
	static const int week[7] = { 10, 0, 25, 40, 5, 60, 15 };
	int64_t ids[8];

	for (int i = 0; i < n && i < 8; i++) {
		char *p = realpath(paths[i], NULL);	/* as the index has it */
		bool ok = p != NULL && store_batch_find(s, p, &ids[i], err) &&
			  (ids[i] != 0 || (store_mark_opened(s, p, err) &&
					   store_batch_find(s, p, &ids[i], err)));
		free(p);
		if (!ok)
			return false;
	}
	for (int d = 0; d < 7; d++)
		if (!seed_session(st, ids[d % n], today - 6 + d, week[d], err))
			return false;
	for (int d = 40; d >= 30; d--)
		if (!seed_session(st, ids[d % n], today - d, 5, err))
			return false;
	if (!state_set_read_at(st, &ids[0], 1, true, seed_at(today - 2, 21), err) ||
	    (n > 1 && !state_set_read_at(st, &ids[1], 1, true,
					 seed_at(today, 21), err)))
		return false;
	return seed_highlight(st, ids[0], "读书百遍，其义自见。", "慢慢读", false, err) &&
	       seed_highlight(st, ids[0], "The second quote.", NULL, false, err) &&
	       (n < 2 || seed_highlight(st, ids[1], "第二篇的句子。", NULL, false, err)) &&
	       (n < 2 || seed_highlight(st, ids[1], "Another one.", NULL, false, err)) &&
	       (n < 3 || seed_highlight(st, ids[2], "找不到的旧句子。", NULL, true, err));
}

int
main(int argc, char **argv)
{
	struct store *s;
	struct state *st;
	struct err err;
	int64_t today;
	bool ok;

	if (argc < 4 || (today = stats_parse_day(argv[2])) < 0) {
		fprintf(stderr, "usage: seed_readlog DB YYYY-MM-DD PATH...\n");
		return 2;
	}
	err_init(&err);
	if (!store_open(argv[1], &s, &err)) {
		fprintf(stderr, "seed_readlog: %s\n", err_msg(&err));
		return 1;
	}
	st = state_new(s);
	ok = seed(s, st, today, argv + 3, argc - 3, &err) &&
	     state_flush(st, true, &err);
	if (!ok)
		fprintf(stderr, "seed_readlog: %s\n", err_msg(&err));
	state_free(st);
	store_close(s);
	err_fini(&err);
	return ok ? 0 : 1;
}
