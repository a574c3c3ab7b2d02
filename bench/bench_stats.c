/* SPDX-License-Identifier: MIT */
/*
 * bench_stats.c: how long the statistics take to load (what the
 * statistics screen waits for before its first paint) on a generated
 * history: two years of reading sessions over 100,000 articles, with
 * 40% of them finished, against the time the sqlite3 shell takes to
 * count the same rows. `make bench-stats`, or part of `make bench`.
 *
 *   bench/bench_stats [--articles N] [--sessions N] [--runs N] [--db FILE]
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/err.h"
#include "data/stats.h"
#include "data/store.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A small deterministic generator (xorshift64*). */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Fill the database at path: n articles, m sessions over the two
 * years before now_ms. Rows go in directly, in one transaction: this
 * is a generator, not a user (the API's own costs are the unit tests'
 * and bench_open's business). */
static int
fill(const char *path, long n, long m, int64_t now_ms)
{
	sqlite3 *db;
	sqlite3_stmt *a, *r;
	uint64_t seed = 88172645463325252ULL;
	int64_t span_ms = 730LL * 86400000;
	char buf[64], day[16];

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO article (id, path, source, fetch_date,"
			   " first_opened, read_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			   -1, &a, NULL);
	sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO reading_session (article_id,"
			   " start_ms, end_ms, active_ms, han, words, spans, source)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, '0-4000',"
			   " (SELECT source FROM article WHERE id = ?1))", -1, &r, NULL);
	for (long i = 1; i <= n; i++) {
		int64_t saved = now_ms - (int64_t)(rnd(&seed) % (uint64_t)span_ms);
		time_t t = (time_t)(saved / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
		snprintf(buf, sizeof buf, "/archive/%06ld.txt", i);
		sqlite3_bind_int64(a, 1, i);
		sqlite3_bind_text(a, 2, buf, -1, SQLITE_TRANSIENT);
		snprintf(buf, sizeof buf, "source %d", (int)(rnd(&seed) % 300));
		sqlite3_bind_text(a, 3, buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(a, 4, day, -1, SQLITE_TRANSIENT);
		if (rnd(&seed) % 10 < 4) {
			int64_t read = saved / 1000 + (int64_t)(rnd(&seed) % 864000);
			sqlite3_bind_int64(a, 5, read);
			sqlite3_bind_int64(a, 6, read);
		} else {
			sqlite3_bind_null(a, 5);
			sqlite3_bind_null(a, 6);
		}
		sqlite3_step(a);
		sqlite3_reset(a);
	}
	for (long i = 0; i < m; i++) {
		int64_t start = now_ms - (int64_t)(rnd(&seed) % (uint64_t)span_ms);
		int64_t active = 60000 + (int64_t)(rnd(&seed) % 1800000);
		sqlite3_bind_int64(r, 1, 1 + (int64_t)(rnd(&seed) % (uint64_t)n));
		sqlite3_bind_int64(r, 2, start);
		sqlite3_bind_int64(r, 3, start + active);
		sqlite3_bind_int64(r, 4, active);
		sqlite3_bind_int64(r, 5, active / 200);
		sqlite3_bind_int64(r, 6, active / 3000);
		sqlite3_step(r);
		sqlite3_reset(r);
	}
	sqlite3_finalize(a);
	sqlite3_finalize(r);
	int rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "articles", required_argument, NULL, 'a' },
		{ "sessions", required_argument, NULL, 's' },
		{ "runs", required_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	long n = 100000, m = 40000, runs = 5;
	char path[256] = "", cmd[600];
	bool keep = false;
	int c;
	struct store *s;
	struct err err;
	int64_t now_ms = (int64_t)time(NULL) * 1000;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'a') n = atol(optarg);
		else if (c == 's') m = atol(optarg);
		else if (c == 'r') runs = atol(optarg);
		else if (c == 'd') keep = true, snprintf(path, sizeof path, "%s", optarg);
		else return 2;
	}
	if (path[0] == '\0')
		snprintf(path, sizeof path, "%s/bench_stats.%d.db",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	unlink(path);
	err_init(&err);
	if (!store_open(path, &s, &err)) {
		fprintf(stderr, "bench_stats: %s\n", err_msg(&err));
		return 1;
	}
	store_close(s);
	double t0 = now_s();
	if (fill(path, n, m, now_ms) != 0)
		return 1;
	printf("generated %ld articles, %ld sessions over 730 days in %.1f s\n",
	       n, m, now_s() - t0);

	double best = 1e9;
	for (long i = 0; i < runs; i++) {
		struct stats st;
		t0 = now_s();
		if (!store_open(path, &s, &err) ||
		    !stats_load(&st, s, now_ms, 0, &err)) {
			fprintf(stderr, "bench_stats: %s\n", err_msg(&err));
			return 1;
		}
		double t = now_s() - t0;
		best = t < best ? t : best;
		if (i == 0)
			printf("streak %" PRId64 " days, longest %" PRId64
			       ", %.0f chars/min\n", st.streak, st.longest,
			       st.chars_per_min);
		stats_fini(&st);
		store_close(s);
	}
	printf("statistics loaded (open + every query + computing): %.1f ms (best of %ld)\n",
	       best * 1000, runs);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'SELECT count(*), sum(active_ms) "
		 "FROM reading_session; SELECT count(*) FROM article WHERE read_at "
		 "IS NOT NULL;' >/dev/null 2>&1", path);
	best = 1e9;
	for (long i = 0; i < runs; i++) {
		t0 = now_s();
		if (system(cmd) != 0) {
			printf("sqlite3 shell: not found, no comparison\n");
			best = -1;
			break;
		}
		double t = now_s() - t0;
		best = t < best ? t : best;
	}
	if (best >= 0)
		printf("sqlite3 shell counting the same rows (process start included): %.1f ms\n",
		       best * 1000);
	err_fini(&err);
	if (!keep)
		unlink(path);
	return 0;
}
