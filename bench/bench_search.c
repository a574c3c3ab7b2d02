/* SPDX-License-Identifier: MIT */
/*
 * bench_search: time archive-wide search and the list query on an indexed
 * database, in process, through the same calls the program makes.
 *
 *   bench_search --db FILE [--runs 7] [--limit 50] [--rows 24]
 *                [--prefix DIR] [--only page|list] [--leftovers FILE]
 *                [QUERY...]
 *
 * For each query (default: the recall test's set, see bench_queries):
 *
 * - page: store_search for the first --limit hits newest first, without
 *   snippets, then store_snippets for the hits a --rows terminal shows
 *   ((rows - 1) / 2, two rows each below the title row), as the results
 *   view does;
 * - page+all: the same, with the snippets of every hit of the page;
 * - ranked: the same as page, ordered by relevance (bm25).
 *
 * Each is run once to warm up, then --runs times. Per query the median;
 * then, pooled over every run of every query, the median and the 90th
 * percentile (nearest rank), on the wall clock and on this process's CPU
 * clock (which other processes on a busy machine do not stretch). Last, the list query alone: library_load of
 * every row, median of --runs. With --prefix DIR the searches and the list
 * see only the articles below DIR, as the program's scope limits them to
 * its roots (store_set_scope). With --leftovers FILE (data/leftovers, as
 * the program loads it) snippets are cut from each article's file as the
 * reader shows it (store_query.tidy), else from the indexed text.
 * Machine-readable lines start with "search " and "list ".
 *
 * --only page runs the page series alone, --only list the list query
 * alone: for instruction counts (bench/library.sh runs callgrind with
 * --runs 1 and --runs 2; the difference is one page of each query, or
 * one list query, without start-up and warm-up).
 */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "data/library.h"
#include "data/store.h"
#include "document/tidy.h"

/* The recall test's queries (tests/test_store_search.c), with the words
 * bench/gen --archive puts in: 内核调度 is written **内核**调度 in a
 * quarter of its occurrences, so it is the term across bold markup. */
static const char *const bench_queries[] = {
	"的", "数据", "量子计算", "Kernel", "kernel",
	"\xef\xbd\x8b\xef\xbd\x85\xef\xbd\x92\xef\xbd\x8e\xef\xbd\x85"
	"\xef\xbd\x8c",	/* full-width ｋｅｒｎｅｌ */
	"数据 kernel", "内核调度",
};

#define BENCH_N(a) (sizeof (a) / sizeof (a)[0])
#define BENCH_MAX_RUNS 101
#define BENCH_MAX_LIMIT 1000

/* What --only asked for. */
enum bench_only {
	BENCH_ALL,
	BENCH_ONLY_PAGE,
	BENCH_ONLY_LIST,
};

/* What the command line asked for. */
struct bench_opts {
	enum bench_only only;
	const char *db;
	const char *prefix;
	const char *leftovers;
	const struct tidy_rules *tidy;	/* loaded from leftovers, or NULL */
	int runs;
	size_t limit;
	size_t visible;		/* hits whose snippets a page shows */
	const char *const *queries;
	size_t n_queries;
};

/* Milliseconds of one kind of measurement, pooled over the queries. */
struct bench_pool {
	const char *name;
	double *ms;		/* wall clock */
	double *cpu_ms;		/* this process's CPU time */
	size_t n;
};

/* One measurement. */
struct bench_time {
	double ms;
	double cpu_ms;
};

/* The hits of one search: their ids, for store_snippets. */
struct bench_hits {
	int64_t ids[BENCH_MAX_LIMIT];
	size_t n;
};

/* Return clock c in milliseconds. */
static double
bench_clock_ms(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Return the wall and CPU clocks now. */
static struct bench_time
bench_now(void)
{
	struct bench_time t = {
		.ms = bench_clock_ms(CLOCK_MONOTONIC),
		.cpu_ms = bench_clock_ms(CLOCK_PROCESS_CPUTIME_ID),
	};
	return t;
}

/* Return b - a. */
static struct bench_time
bench_since(struct bench_time a, struct bench_time b)
{
	struct bench_time d = { b.ms - a.ms, b.cpu_ms - a.cpu_ms };
	return d;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Return the q-quantile (nearest rank) of t[0..n), n > 0; sorts t. */
static double
bench_quantile(double *t, size_t n, double q)
{
	size_t rank = (size_t)(q * (double)n + 0.999999);

	qsort(t, n, sizeof *t, bench_cmp_double);
	return t[rank > 0 ? (rank <= n ? rank - 1 : n - 1) : 0];
}

/* store_hit_fn: keep the hit's id. */
static bool
bench_keep_hit(const struct store_hit *hit, void *ctx)
{
	struct bench_hits *h = ctx;

	if (h->n < BENCH_N(h->ids))
		h->ids[h->n++] = hit->id;
	return true;
}

/* store_snippet_fn: read the snippet, as drawing it would. */
static bool
bench_take_snippet(int64_t id, const char *snippet, void *ctx)
{
	size_t *bytes = ctx;

	(void)id;
	*bytes += strlen(snippet);
	return true;
}

/* Run one page of query text: the first o->limit hits in the given
 * order, then the snippets of the first n_snippets of them; return its
 * milliseconds, or negative ones on failure. */
static struct bench_time
bench_page(struct store *s, const struct bench_opts *o, const char *text,
	   bool by_rank, size_t n_snippets)
{
	struct store_query q = {
		.text = text, .limit = o->limit, .by_rank = by_rank,
		.mark_open = "\x01", .mark_close = "\x02", .tidy = o->tidy,
	};
	struct bench_hits h = { .n = 0 };
	struct err err;
	size_t bytes = 0;
	bool ok;

	err_init(&err);
	struct bench_time t0 = bench_now();
	ok = store_search(s, &q, bench_keep_hit, &h, &err) &&
	     store_snippets(s, &q, h.ids, h.n < n_snippets ? h.n : n_snippets,
			    bench_take_snippet, &bytes, &err);
	struct bench_time d = bench_since(t0, bench_now());
	if (!ok) {
		fprintf(stderr, "bench_search: %s: %s\n", text, err_msg(&err));
		d.ms = d.cpu_ms = -1.0;
	}
	err_fini(&err);
	return d;
}

/* Time one kind of page for query text o->runs times (after a warm-up)
 * into pool; return the median, or a negative number on failure. */
static double
bench_series(struct store *s, const struct bench_opts *o, const char *text,
	     bool by_rank, size_t n_snippets, struct bench_pool *pool)
{
	double t[BENCH_MAX_RUNS];

	if (bench_page(s, o, text, by_rank, n_snippets).ms < 0)
		return -1.0;
	for (int i = 0; i < o->runs; i++) {
		struct bench_time d = bench_page(s, o, text, by_rank,
						 n_snippets);
		if (d.ms < 0)
			return -1.0;
		t[i] = d.ms;
		pool->cpu_ms[pool->n] = d.cpu_ms;
		pool->ms[pool->n++] = d.ms;
	}
	return bench_quantile(t, (size_t)o->runs, 0.5);
}

/* Time the three kinds of page for one query and print a line. */
static bool
bench_query(struct store *s, const struct bench_opts *o, const char *text,
	    struct bench_pool pools[3])
{
	size_t n = 0;
	struct err err;

	err_init(&err);
	bool ok = store_count_matches(s, text, &n, &err);
	err_fini(&err);
	bool every = o->only == BENCH_ALL;
	double page = bench_series(s, o, text, false, o->visible, &pools[0]);
	double all = every ? bench_series(s, o, text, false, o->limit,
					  &pools[1]) : 0.0;
	double rank = every ? bench_series(s, o, text, true, o->visible,
					   &pools[2]) : 0.0;
	if (!ok || page < 0 || all < 0 || rank < 0)
		return false;
	printf("query \"%s\": %zu hits; page %.2f ms, page+all %.2f ms,"
	       " ranked %.2f ms (medians of %d)\n", text, n, page, all, rank,
	       o->runs);
	return true;
}

/* Print the pooled median and 90th percentile of each kind of page. */
static void
bench_print_pools(const struct bench_opts *o, struct bench_pool pools[3])
{
	static const char *const what[] = {
		"newest first, snippets of a screen",
		"newest first, snippets of every hit",
		"by relevance, snippets of a screen",
	};

	for (size_t k = 0; k < 3; k++) {
		struct bench_pool *p = &pools[k];
		if (p->n == 0)
			continue;
		double p90 = bench_quantile(p->ms, p->n, 0.9);
		double med = bench_quantile(p->ms, p->n, 0.5);
		double cpu_p90 = bench_quantile(p->cpu_ms, p->n, 0.9);
		double cpu_med = bench_quantile(p->cpu_ms, p->n, 0.5);
		printf("search %s: median %.2f ms, p90 %.2f ms, cpu median "
		       "%.2f ms, cpu p90 %.2f ms (%s; %zu queries x %d runs, "
		       "first %zu hits)\n", p->name, med, p90, cpu_med,
		       cpu_p90, what[k], o->n_queries, o->runs, o->limit);
	}
}

/* Time library_load of every row, as the list's first paint needs. */
static bool
bench_list(struct store *s, const struct bench_opts *o)
{
	double t[BENCH_MAX_RUNS], cpu[BENCH_MAX_RUNS];
	size_t rows = 0;
	struct err err;
	bool ok = true;

	err_init(&err);
	for (int i = 0; ok && i <= o->runs; i++) {
		struct library lib;
		library_init(&lib);
		struct bench_time t0 = bench_now();
		ok = library_load(&lib, s, 0, &err);
		struct bench_time d = bench_since(t0, bench_now());
		if (i > 0) {	/* run 0 warms up */
			t[i - 1] = d.ms;
			cpu[i - 1] = d.cpu_ms;
		}
		rows = lib.n;
		library_fini(&lib);
	}
	if (!ok)
		fprintf(stderr, "bench_search: list: %s\n", err_msg(&err));
	else
		printf("list library_load: %.2f ms median, cpu %.2f ms, %zu "
		       "rows (%d runs%s)\n",
		       bench_quantile(t, (size_t)o->runs, 0.5),
		       bench_quantile(cpu, (size_t)o->runs, 0.5), rows, o->runs,
		       o->prefix ? ", limited to --prefix" : "");
	err_fini(&err);
	return ok;
}

static void
bench_usage(FILE *f)
{
	fprintf(f, "usage: bench_search --db FILE [--runs N] [--limit N] "
		"[--rows N] [--prefix DIR]\n"
		"                    [--only page|list] [--leftovers FILE] "
		"[QUERY...]\n");
}

/* Parse the command line into o; return false on a mistake. */
static bool
bench_parse(int argc, char **argv, struct bench_opts *o)
{
	int i, rows = 24;

	for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *a = argv[i], *v = argv[i + 1];
		if (strcmp(a, "--db") == 0)
			o->db = v;
		else if (strcmp(a, "--prefix") == 0)
			o->prefix = v;
		else if (strcmp(a, "--leftovers") == 0)
			o->leftovers = v;
		else if (strcmp(a, "--only") == 0 && strcmp(v, "page") == 0)
			o->only = BENCH_ONLY_PAGE;
		else if (strcmp(a, "--only") == 0 && strcmp(v, "list") == 0)
			o->only = BENCH_ONLY_LIST;
		else if (strcmp(a, "--runs") == 0)
			o->runs = atoi(v);
		else if (strcmp(a, "--limit") == 0)
			o->limit = (size_t)atol(v);
		else if (strcmp(a, "--rows") == 0)
			rows = atoi(v);
		else
			return false;
	}
	if (i < argc && strncmp(argv[i], "--", 2) == 0)
		return false;
	if (i < argc) {
		o->queries = (const char *const *)&argv[i];
		o->n_queries = (size_t)(argc - i);
	}
	o->visible = rows > 2 ? (size_t)(rows - 1) / 2 : 1;
	return o->db != NULL && o->runs > 0 && o->runs <= BENCH_MAX_RUNS &&
	       o->limit > 0 && o->limit <= BENCH_MAX_LIMIT;
}

int
main(int argc, char **argv)
{
	struct bench_opts o = {
		.runs = 7, .limit = 50, .queries = bench_queries,
		.n_queries = BENCH_N(bench_queries),
	};
	struct bench_pool pools[3] = {
		{ .name = "page" }, { .name = "page+all" }, { .name = "ranked" },
	};
	struct store *s = NULL;
	struct tidy_rules rules;
	struct err err;
	bool ok = true;

	setlocale(LC_ALL, "");	/* the list's collation, as the program */
	if (!bench_parse(argc, argv, &o)) {
		bench_usage(stderr);
		return 2;
	}
	err_init(&err);
	tidy_rules_init(&rules);
	if (o.leftovers != NULL && !tidy_rules_load(&rules, o.leftovers, &err)) {
		fprintf(stderr, "bench_search: %s\n", err_msg(&err));
		return 1;
	}
	o.tidy = o.leftovers != NULL ? &rules : NULL;
	if (!store_open(o.db, &s, &err)) {
		fprintf(stderr, "bench_search: %s\n", err_msg(&err));
		err_fini(&err);
		return 1;
	}
	if (o.prefix != NULL) {
		char *roots[] = { (char *)o.prefix };
		store_set_scope(s, roots, 1);
	}
	for (size_t k = 0; k < 3; k++) {
		pools[k].ms = calloc(o.n_queries * (size_t)o.runs,
				     sizeof (double));
		pools[k].cpu_ms = calloc(o.n_queries * (size_t)o.runs,
					 sizeof (double));
		ok = ok && pools[k].ms != NULL && pools[k].cpu_ms != NULL;
	}
	for (size_t i = 0; ok && o.only != BENCH_ONLY_LIST && i < o.n_queries;
	     i++)
		ok = bench_query(s, &o, o.queries[i], pools);
	if (ok && o.only != BENCH_ONLY_LIST)
		bench_print_pools(&o, pools);
	if (o.only != BENCH_ONLY_PAGE)
		ok = ok && bench_list(s, &o);
	for (size_t k = 0; k < 3; k++) {
		free(pools[k].ms);
		free(pools[k].cpu_ms);
	}
	store_close(s);
	tidy_rules_fini(&rules);
	err_fini(&err);
	return ok ? 0 : 1;
}
