/* SPDX-License-Identifier: MIT */
/*
 * bench_sync.c: applying another device's journal. Writes 100,000
 * records (places, read states, highlights, notes over 2,000 articles)
 * as a device would, then times sync_run reading and applying them in a
 * thread, as the interface does, next to the time `cat` takes to read
 * the same bytes; meanwhile the main thread makes state changes through
 * the state API, as keys would, and the longest one is reported: they
 * must not wait for the apply. Usage: bench_sync [RECORDS [ARTICLES]].
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/journal.h"
#include "data/state.h"
#include "data/store.h"
#include "data/sync.h"

#define FAKE_DEV "00000000feedbeef"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct err *err)
{
	fprintf(stderr, "bench_sync: %s: %s\n", what, err ? err_msg(err) : "");
	exit(1);
}

/* Write n records of device FAKE_DEV over n_art articles to path. */
static void
write_journal(const char *path, long n, long n_art)
{
	FILE *f = fopen(path, "w");
	struct buf line;
	char url[64], hl[64], quote[64];

	if (f == NULL)
		die(path, NULL);
	buf_init(&line);
	srand(7);
	for (long i = 0; i < n; i++) {
		long a = rand() % n_art;
		struct journal_rec r = {
			.dev = FAKE_DEV, .at = { .ms = 1796000000000 + i, .c = 0 },
			.url = url, .path = NULL,
		};
		int what = rand() % 20;
		snprintf(url, sizeof url, "https://example.com/article/%ld", a);
		snprintf(hl, sizeof hl, FAKE_DEV "-%ld", i % (n / 10 + 1));
		snprintf(quote, sizeof quote, "引用的句子 %ld", i);
		if (what < 12) {
			r.kind = JOURNAL_PLACE;
			r.position = rand() % 100000;
			r.percent = rand() % 101;
		} else if (what < 16) {
			r.kind = JOURNAL_READ;
			r.read = rand() % 2;
		} else if (what < 19) {
			r.kind = JOURNAL_HL;
			r.hl = hl;
			r.quote = quote;
			r.prefix = "前文";
			r.suffix = "后文";
			r.color = 1 + rand() % 4;
			r.end = 10;
		} else {
			r.kind = JOURNAL_NOTE;
			r.hl = hl;
			r.note = "一条笔记";
		}
		buf_clear(&line);
		journal_format(&r, &line);
		fwrite(line.data, 1, line.len, f);
	}
	buf_fini(&line);
	fclose(f);
}

struct apply {
	struct sync *sy;
	struct sync_tally t;
	double secs;
	double cpu_secs;	/* the thread's own CPU time */
	atomic_bool done;
};

static void *
apply_thread(void *arg)
{
	struct apply *ap = arg;
	struct err err;
	double t0 = now_s();

	err_init(&err);
	if (!sync_run(ap->sy, NULL, NULL, &ap->t, &err))
		die("sync_run", &err);
	ap->secs = now_s() - t0;
	struct timespec cpu;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
	ap->cpu_secs = (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9;
	atomic_store(&ap->done, true);
	err_fini(&err);
	return NULL;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	long n_art = argc > 2 ? atol(argv[2]) : 2000;
	char dir[] = "/tmp/bench_sync.XXXXXX", path[320], db[256], sdir[256];
	char cmd[512];
	struct store *s, *s2;
	struct state *st;
	struct sync_opts o = { 0 };
	struct apply ap = { 0 };
	struct err err;
	pthread_t th;
	double t0, cat_s, worst = 0;
	long changes = 0;
	struct stat sb;

	if (mkdtemp(dir) == NULL)
		die("mkdtemp", NULL);
	snprintf(db, sizeof db, "%s/db", dir);
	snprintf(sdir, sizeof sdir, "%s/sync", dir);
	snprintf(path, sizeof path, "%s/" FAKE_DEV, sdir);
	err_init(&err);
	if (!store_open(db, &s, &err))
		die("store_open", &err);
	if (!store_batch_begin(s, &err))
		die("batch", &err);
	for (long a = 0; a < n_art; a++) {
		char p[128], url[64];
		struct store_article art = { .path = p, .url = url, .size = 1,
					     .mtime_ns = 1, .length = -1 };
		snprintf(p, sizeof p, "/archive/%ld.txt", a);
		snprintf(url, sizeof url, "https://example.com/article/%ld", a);
		if (!store_batch_put_meta(s, &art, &err))
			die("put", &err);
	}
	if (!store_batch_end(s, true, &err))
		die("commit", &err);
	mkdir(sdir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/" FAKE_DEV "/2026-12.jsonl", sdir);
	write_journal(path, n, n_art);
	stat(path, &sb);

	snprintf(cmd, sizeof cmd, "cat '%s' > /dev/null", path);
	t0 = now_s();
	if (system(cmd) != 0)
		die("cat", NULL);
	cat_s = now_s() - t0;

	/* The interface's way: the loop's connection for the state API, a
	 * connection of its own for the apply. */
	st = state_new(s);
	if (!store_open(db, &s2, &err))
		die("store_open", &err);
	o.dir = sdir;
	if (!sync_open(s2, &o, &ap.sy, &err))
		die("sync_open", &err);
	pthread_create(&th, NULL, apply_thread, &ap);
	while (getenv("BENCH_SYNC_ALONE") == NULL && !atomic_load(&ap.done)) {
		struct store_place pl = { .opened = true,
					  .position = (size_t)changes };
		double c0 = now_s();
		if (!state_set_place(st, 1 + changes % n_art, &pl, &err))
			die("state_set_place", &err);
		double d = now_s() - c0;
		worst = d > worst ? d : worst;
		changes++;
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	pthread_join(th, NULL);	/* alone: the apply without the keys */
	state_flush(st, true, &err);
	printf("sync: %zu records (%.1f MB) applied in %.2f s, %.2f s of CPU "
	       "(%zu changes, %zu waiting); cat read them in %.3f s\n",
	       ap.t.records, (double)sb.st_size / 1e6, ap.secs, ap.cpu_secs,
	       ap.t.applied, ap.t.waiting, cat_s);
	printf("sync: %ld state changes made meanwhile, the longest %.1f ms\n",
	       changes, worst * 1000);
	sync_close(ap.sy);
	state_free(st);
	store_close(s2);
	store_close(s);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	err_fini(&err);
	/* The target is 2 s; on a machine shared with other work the wall
	 * time says little, so CPU time decides. */
	return ap.cpu_secs < 2.0 ? 0 : 1;
}
