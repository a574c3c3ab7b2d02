/* SPDX-License-Identifier: MIT */
/*
 * bench_open: how long opening an article takes while the indexer
 * writes, against the same with nothing else writing, through the calls
 * the program makes on opening: state_get (where it was left),
 * state_opened (record the open), doc_load_lazy and the layout of the
 * first screen (24 lines of 80 columns at the place left).
 *
 *   bench_open [--articles N] [--opens M] [--dir DIR]
 *
 * It writes two generated archives of N articles each (bench/genarchive),
 * indexes the first into a fresh database, then opens M of its articles
 * at random, idle; then indexes the second while opening M more, a few
 * milliseconds apart, counting only the opens made while the indexer
 * runs. The indexer's writer thread writes the opens kept back between
 * its batches, as in the program (indexer_opts.between). For contrast,
 * the same during indexing the way the program did before issue 12:
 * store_mark_opened, a BEGIN IMMEDIATE on this thread that waits for the
 * indexer's lock. Prints median, 90th percentile and maximum in
 * milliseconds, and the ratio of the medians; lines start with "open ".
 */
#include "config.h"

#include <locale.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "document/doc.h"
#include "base/err.h"
#include "data/indexer.h"
#include "layout/layout.h"
#include "data/state.h"
#include "data/store.h"
#include "genarchive.h"

#define BENCH_MAX_OPENS 10000

/* The articles of the first archive, as the database lists them. */
struct bench_articles {
	int64_t *ids;
	char **paths;
	size_t n;
};

/* store_known_fn: keep one article. */
static bool
bench_keep(const struct store_known *k, void *ctx)
{
	struct bench_articles *b = ctx;

	b->ids = realloc(b->ids, (b->n + 1) * sizeof *b->ids);
	b->paths = realloc(b->paths, (b->n + 1) * sizeof *b->paths);
	if (b->ids == NULL || b->paths == NULL)
		abort();
	b->ids[b->n] = k->id;
	b->paths[b->n++] = strdup(k->path);
	return true;
}

/* Return the milliseconds since ts. */
static double
bench_ms_since(const struct timespec *ts)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - ts->tv_sec) * 1e3 +
	       (double)(now.tv_nsec - ts->tv_nsec) / 1e6;
}

/* The indexer of the second archive, in a thread. */
struct bench_indexing {
	struct indexer *ix;
	struct state *state;
	atomic_bool done;
	enum indexer_status status;
};

static void
bench_between(struct store *s, void *ctx)
{
	struct bench_indexing *g = ctx;

	state_flush_on(g->state, s);
}

static void *
bench_index_thread(void *arg)
{
	struct bench_indexing *g = arg;
	struct err err;

	err_init(&err);
	g->status = indexer_run(g->ix, &err);
	if (g->status == INDEXER_FAILED)
		fprintf(stderr, "bench_open: indexing: %s\n", err_msg(&err));
	err_fini(&err);
	atomic_store(&g->done, true);
	return NULL;
}

/* Open article i as the program does (the old way: store_mark_opened by
 * path, waiting for the lock); return the milliseconds it took. */
static double
bench_open_one(struct store *s, struct state *st,
	       const struct bench_articles *a, size_t i, bool old_way)
{
	struct store_place pl;
	struct timespec t0;
	struct doc *d = NULL;
	struct err err;
	bool ok;

	err_init(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (old_way)
		ok = store_get_place(s, a->paths[i], &pl, &err) &&
		     store_mark_opened(s, a->paths[i], &err);
	else
		ok = state_get(st, a->ids[i], &pl, &err) &&
		     state_opened(st, a->ids[i], &err);
	ok = ok && doc_load_lazy(a->paths[i], &d, &err);
	if (ok) {	/* the first screen, as the reader's first paint */
		struct layout_opts lo = { .width = 80 };
		struct layout_lazy ll;
		layout_lazy_init(&ll, d, &lo);
		struct layout_pos p = layout_lazy_at(&ll, pl.position);
		for (int row = 0; row < 24; row++)
			if (layout_lazy_line(&ll, p) == NULL ||
			    layout_lazy_move(&ll, &p, 1) == 0)
				break;
		layout_lazy_fini(&ll);
	}
	double ms = bench_ms_since(&t0);
	if (!ok)
		fprintf(stderr, "bench_open: %s\n", err_msg(&err));
	doc_free(d);
	err_fini(&err);
	return ms;
}

static int
bench_cmp(const void *p, const void *q)
{
	double x = *(const double *)p, y = *(const double *)q;

	return x < y ? -1 : x > y;
}

/* Print one series: count, median, 90th percentile, maximum; return the
 * median. */
static double
bench_report(const char *name, double *v, size_t n)
{
	if (n == 0) {
		printf("open %-22s no opens measured\n", name);
		return 0;
	}
	qsort(v, n, sizeof *v, bench_cmp);
	double med = v[n / 2], p90 = v[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1];
	printf("open %-22s n %4zu  median %8.2f ms  p90 %8.2f ms  max %8.2f ms\n",
	       name, n, med, p90, v[n - 1]);
	return med;
}

/* Open up to m articles while g's indexer runs (all of them when g is
 * NULL), every other one the old way when old_too; store the times in
 * v_new and v_old. */
static void
bench_series(struct store *s, struct state *st, const struct bench_articles *a,
	     size_t m, struct bench_indexing *g, bool old_too,
	     double *v_new, size_t *n_new, double *v_old, size_t *n_old)
{
	*n_new = *n_old = 0;
	for (size_t k = 0; k < 2 * m && *n_new < m; k++) {
		if (g != NULL && atomic_load(&g->done))
			break;
		size_t i = (size_t)rand() % a->n;
		bool old = old_too && k % 2 == 1;
		double ms = bench_open_one(s, st, a, i, old);
		if (g != NULL && atomic_load(&g->done))
			break;	/* the indexer ended meanwhile: not counted */
		if (old)
			v_old[(*n_old)++] = ms;
		else
			v_new[(*n_new)++] = ms;
		if (g != NULL)
			usleep(5000);	/* a reader's keys come apart */
	}
}

int
main(int argc, char **argv)
{
	size_t n = 3000, m = 200;
	const char *base = NULL;
	char tmp[] = "/tmp/bench_open.XXXXXX";
	static double v_idle[BENCH_MAX_OPENS], v_busy[BENCH_MAX_OPENS],
		v_old[BENCH_MAX_OPENS], v_unused[BENCH_MAX_OPENS];
	size_t n_idle, n_busy, n_old, n_unused;

	setlocale(LC_ALL, "");
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--articles") == 0)
			n = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--opens") == 0)
			m = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--dir") == 0)
			base = argv[i + 1];
	}
	if (m > BENCH_MAX_OPENS)
		m = BENCH_MAX_OPENS;
	if (base == NULL && (base = mkdtemp(tmp)) == NULL)
		return 1;
	char one[512], two[512], db[512];
	snprintf(one, sizeof one, "%s/one", base);
	snprintf(two, sizeof two, "%s/two", base);
	snprintf(db, sizeof db, "%s/t.db", base);
	if (genarchive_write(one, n, 1, stdout) != 0 ||
	    genarchive_write(two, n, 2, stdout) != 0)
		return 1;

	char *roots1[] = { one }, *roots2[] = { one, two };
	struct indexer_opts o = { .db_path = db, .paths = roots1, .n_paths = 1 };
	struct indexer *ix = indexer_new(&o);
	struct err err;
	err_init(&err);
	if (indexer_run(ix, &err) != INDEXER_DONE) {
		fprintf(stderr, "bench_open: %s\n", err_msg(&err));
		return 1;
	}
	indexer_free(ix);

	struct store *s;
	struct bench_articles a = { 0 };
	if (!store_open(db, &s, &err) ||
	    !store_known_articles(s, bench_keep, &a, &err)) {
		fprintf(stderr, "bench_open: %s\n", err_msg(&err));
		return 1;
	}
	struct state *st = state_new(s);
	srand(1);
	bench_series(s, st, &a, m, NULL, false, v_idle, &n_idle, v_unused,
		     &n_unused);

	struct bench_indexing g = { .state = st };
	struct indexer_opts o2 = { .db_path = db, .paths = roots2, .n_paths = 2,
				   .between = bench_between, .ctx = &g };
	g.ix = indexer_new(&o2);
	pthread_t t;
	pthread_create(&t, NULL, bench_index_thread, &g);
	usleep(200000);	/* past the walk, into the writes */
	bench_series(s, st, &a, m, &g, true, v_busy, &n_busy, v_old, &n_old);
	indexer_stop(g.ix);
	pthread_join(t, NULL);
	indexer_free(g.ix);
	state_flush(st, true, &err);

	double idle = bench_report("idle", v_idle, n_idle);
	double busy = bench_report("indexing", v_busy, n_busy);
	bench_report("indexing, before #12", v_old, n_old);
	if (idle > 0)
		printf("open ratio indexing/idle (medians) %.2f\n", busy / idle);
	state_free(st);
	store_close(s);
	for (size_t i = 0; i < a.n; i++)
		free(a.paths[i]);
	free(a.paths);
	free(a.ids);
	err_fini(&err);
	if (base == tmp) {
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
		if (system(cmd) != 0)
			return 1;
	}
	return 0;
}
