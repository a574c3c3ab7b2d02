/* SPDX-License-Identifier: MIT */
/*
 * bench_layout: how fast an article gets from bytes to laid-out lines, and
 * what it costs in memory. All figures come from one run on the same
 * bytes (see bench/README.md for what each one means):
 *
 *   (a) doc_new + layout_build at 80 columns, MB/s;
 *   (b) u8_grapheme_breaks + u8_possible_linebreaks per paragraph over the
 *       same bytes, MB/s, and the ratio (a)/(b);
 *   (c) open as the reader does (doc_load_lazy + tidy_doc + lazy layout)
 *       until the first screen, and until the last one (G), ms;
 *   (d) keypresses on a lazy layout: `j` (one line down + the screen's
 *       rows), and a resize (new width + layout_lazy_at the top line), ms;
 *   (e) peak RSS of doc_load_lazy + doc_parse_all, then of that + the
 *       lazy layout walked from the first line to the last, then of that
 *       + layout_build of everything, as multiples of the file size, each
 *       in a child process of its own.
 *
 * Times are medians of at least --runs runs (5), more for short runs (up
 * to 101), on the wall clock (CLOCK_MONOTONIC); each also comes with its
 * median on this thread's CPU clock, which other processes on a busy
 * machine do not inflate. Runs of (a) and (b) alternate, so that the
 * ratio compares medians taken at the same moments.
 *
 *   bench_layout [--width N] [--rows N] [--runs N] FILE
 *   bench_layout [--width N] [--rows N] [--runs N] --kind zh|mixed|en
 *                --size BYTES [--seed N]
 *   bench_layout --only pipeline|primitives [--width N] [--runs N] FILE
 *
 * The second form generates the article (gentext.h) into a temporary
 * file first. The third runs only (a) (doc_new + layout_build +
 * layout_fini + doc_free) or only (b) (the two libunistring passes per
 * paragraph), --runs times (default 1), without warm-up, timing or
 * anything else, and prints one line: for counting instructions with
 * valgrind --tool=callgrind, which are repeatable where times on a busy
 * machine are not (bench/run.sh does it). Benchmarks only report:
 * nothing here fails on a slow figure.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <md4c.h>
#include <unigbrk.h>
#include <unilbrk.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "layout/layout.h"
#include "ui/paths.h"
#include "document/tidy.h"
#include "text/wrap.h"
#include "gentext.h"

/* The most timed runs a median is taken of (--runs), and the most
 * bench_runs picks on its own for short runs. */
#define BENCH_MAX_RUNS 199
#define BENCH_AUTO_RUNS 101

/* What --only runs. */
enum bench_only {
	BENCH_ONLY_NONE,	/* everything, timed */
	BENCH_ONLY_PIPELINE,	/* (a) alone, untimed */
	BENCH_ONLY_PRIMITIVES,	/* (b) alone, untimed */
};

/* What to measure, from the command line. */
struct bench_opts {
	const char *path;	/* the article; NULL: generate one */
	enum gentext_kind kind;
	size_t size;		/* bytes to generate */
	uint64_t seed;
	int width;		/* columns of the main layout (80) */
	int rows;		/* rows of a screen, for (c) */
	int runs;		/* timed runs per median, at least (5); with
				 * --only, runs (1) */
	enum bench_only only;
};

/* The article under test, read once. */
struct bench_text {
	const char *path;
	char *raw;
	size_t len;
};

/* A sink the compiler cannot optimise away. */
static volatile size_t bench_sink;

/* The leftover rules the reader loads (data/leftovers), loaded once;
 * bench_rules_path is empty when they were not found (no tidy_doc then). */
static struct tidy_rules bench_rules;
static char bench_rules_path[4096];

/* A point in time on two clocks: the wall clock (CLOCK_MONOTONIC, the
 * figures reported first) and this thread's CPU time, which other
 * processes on a busy machine do not inflate. Seconds. */
struct bench_stamp {
	double wall;
	double cpu;
};

/* The durations of a series of timed runs. */
struct bench_series {
	int n;
	double wall[BENCH_MAX_RUNS + 1];
	double cpu[BENCH_MAX_RUNS + 1];
};

/* Return the seconds of clock c. */
static double
bench_clock(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Return the time now on both clocks. */
static struct bench_stamp
bench_now(void)
{
	return (struct bench_stamp){
		.wall = bench_clock(CLOCK_MONOTONIC),
		.cpu = bench_clock(CLOCK_THREAD_CPUTIME_ID),
	};
}

/* Add the run from a to b to s; return its wall-clock seconds. */
static double
bench_add(struct bench_series *s, struct bench_stamp a, struct bench_stamp b)
{
	if (s->n <= BENCH_MAX_RUNS) {
		s->wall[s->n] = b.wall - a.wall;
		s->cpu[s->n++] = b.cpu - a.cpu;
	}
	return b.wall - a.wall;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Return the median of t[0..n) (sorted in place); 0 when n is 0. */
static double
bench_median_of(double *t, int n)
{
	if (n == 0)
		return 0;
	qsort(t, (size_t)n, sizeof *t, bench_cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* Return the median wall-clock seconds of s. */
static double
bench_wall(struct bench_series *s)
{
	return bench_median_of(s->wall, s->n);
}

/* Return the median CPU seconds of s. */
static double
bench_cpu(struct bench_series *s)
{
	return bench_median_of(s->cpu, s->n);
}

/* Return how many timed runs to take the median of: at least min, more
 * (up to BENCH_AUTO_RUNS) when one run takes less than a tenth of a
 * second, so that medians of short runs survive a busy machine. Odd. */
static int
bench_runs(int min, double one_run)
{
	int n = one_run > 0.5 / BENCH_AUTO_RUNS ? (int)(0.5 / one_run) :
		BENCH_AUTO_RUNS;

	if (n < min)
		n = min;
	return n | 1;
}

/* Return megabytes (10^6 bytes) per second. */
static double
bench_mbps(size_t bytes, double seconds)
{
	return seconds > 0 ? (double)bytes / seconds / 1e6 : 0;
}

/* Read all of path into a malloc'd buffer; exit on failure (a benchmark
 * without its input has nothing to report). */
static void
bench_read(const char *path, struct bench_text *t)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, len = 0;
	char *p = malloc(cap);

	if (f == NULL || p == NULL) {
		fprintf(stderr, "bench_layout: cannot read %s: %s\n", path,
			strerror(errno));
		exit(1);
	}
	for (;;) {
		if (len == cap && (p = realloc(p, cap *= 2)) == NULL) {
			fprintf(stderr, "bench_layout: out of memory\n");
			exit(1);
		}
		size_t n = fread(p + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "bench_layout: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	t->path = path;
	t->raw = p;
	t->len = len;
}

/* Generate the article the options ask for into a temporary file and
 * return its path (malloc'd); the caller unlinks it. */
static char *
bench_generate(const struct bench_opts *o)
{
	const char *dir = getenv("TMPDIR");
	size_t len;
	char *text = gentext_article(o->kind, o->size, o->seed, &len);
	char *path = malloc(4096);

	if (text == NULL || path == NULL) {
		fprintf(stderr, "bench_layout: out of memory\n");
		exit(1);
	}
	snprintf(path, 4096, "%s/bench_layout.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) != 0) {
		fprintf(stderr, "bench_layout: cannot write %s: %s\n", path,
			strerror(errno));
		exit(1);
	}
	free(text);
	return path;
}

/* Open path as the reader does: doc_load_lazy, then tidy_doc when the
 * rules were found. NULL (and a message in err) when it cannot be read. */
static struct doc *
bench_open_lazy(const char *path, struct err *err)
{
	struct doc *d;

	if (!doc_load_lazy(path, &d, err))
		return NULL;
	if (bench_rules_path[0] != '\0')
		tidy_doc(d, &bench_rules);
	return d;
}

/* The layout options of the reader at width columns (leftovers folded,
 * code blocks scrolled, as it starts). */
static struct layout_opts
bench_reader_opts(int width)
{
	return (struct layout_opts){ .width = width };
}

/* How far bench_peak_child goes. */
enum bench_peak_stage {
	BENCH_PEAK_PARSE,	/* doc_load_lazy + tidy + doc_parse_all */
	BENCH_PEAK_LAZY,	/* + the lazy layout walked to the last line */
	BENCH_PEAK_FULL,	/* + layout_build of everything */
};

/* Child side of bench_peak: open the article lazily, parse all of it and
 * go as far as stage says, then send the peak RSS before and after, in
 * KB, through fd. Never returns. */
static void
bench_peak_child(int fd, const char *path, int width,
		 enum bench_peak_stage stage)
{
	struct rusage ru;
	struct layout_lazy ll;
	struct layout_opts opts = bench_reader_opts(width);
	struct err err;
	long kb[2];

	getrusage(RUSAGE_SELF, &ru);
	kb[0] = ru.ru_maxrss;
	err_init(&err);
	struct doc *d = bench_open_lazy(path, &err);
	if (d == NULL)
		_exit(1);
	doc_parse_all(d);
	if (stage >= BENCH_PEAK_LAZY) {
		layout_lazy_init(&ll, d, &opts);
		struct layout_pos p = layout_lazy_first(&ll);
		long n = 0, step;
		while ((step = layout_lazy_move(&ll, &p, 1000)) > 0)
			n += step;
		bench_sink = (size_t)n;
	}
	if (stage >= BENCH_PEAK_FULL) {
		struct layout lo;
		layout_build_opts(&lo, d, &opts);
		bench_sink = lo.n;
	}
	getrusage(RUSAGE_SELF, &ru);
	kb[1] = ru.ru_maxrss;
	_exit(write(fd, kb, sizeof kb) == (ssize_t)sizeof kb ? 0 : 1);
}

/* Measure, in a fresh child process, the peak RSS of opening path as far
 * as stage says, above the child's RSS at its start. Return false when
 * the child failed. */
static bool
bench_peak(const char *path, int width, enum bench_peak_stage stage,
	   long *kb_out)
{
	int p[2], status;
	long kb[2];

	fflush(stdout);
	if (pipe(p) != 0)
		return false;
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		close(p[0]);
		bench_peak_child(p[1], path, width, stage);
	}
	close(p[1]);
	ssize_t n = read(p[0], kb, sizeof kb);
	close(p[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || n != (ssize_t)sizeof kb)
		return false;
	*kb_out = kb[1] - kb[0];
	return true;
}

/* The figures of (e), in KB of ru_maxrss above each child's start. */
struct bench_memory {
	bool ok;
	long parse_kb;		/* doc_load_lazy + tidy + doc_parse_all */
	long lazy_kb;		/* + lazy layout walked to the end */
	long full_kb;		/* + layout_build of everything */
};

/* (e): peak memory of opening the article, one child per measurement. */
static void
bench_memory(const char *path, int width, struct bench_memory *m)
{
	m->ok = bench_peak(path, width, BENCH_PEAK_PARSE, &m->parse_kb) &&
		bench_peak(path, width, BENCH_PEAK_LAZY, &m->lazy_kb) &&
		bench_peak(path, width, BENCH_PEAK_FULL, &m->full_kb);
}

/* Print (e). */
static void
bench_memory_print(const struct bench_memory *m, size_t len, int width)
{
	double parse = (double)m->parse_kb * 1024;
	double lazy = (double)m->lazy_kb * 1024;
	double full = (double)m->full_kb * 1024;
	double target = 3.0 * (double)len + 20.0 * 1024 * 1024;

	if (!m->ok) {
		printf("(e) peak memory: the child process failed\n");
		return;
	}
	printf("(e) peak RSS above the child's start (ru_maxrss, one child "
	       "each): doc_load_lazy + tidy + doc_parse_all %.1f MB = %.1fx "
	       "the file; + lazy layout %d cols walked to the end (at most "
	       "%d chunks kept) %.1f MB = %.1fx; + layout_build of everything "
	       "%.1f MB = %.1fx; target < 3x file + 20 MiB = %.1f MB: %s\n",
	       parse / 1e6, parse / (double)len, width, LAYOUT_LAZY_KEEP,
	       lazy / 1e6, lazy / (double)len, full / 1e6,
	       full / (double)len, target / 1e6,
	       lazy < target ? "met" : "missed");
}

/* The timings of (a) and (b). */
struct bench_pipeline {
	struct bench_series doc_new;
	struct bench_series layout;
	struct bench_series total;	/* doc_new + layout_build */
	struct bench_series md4c;
	struct bench_series wrap;
	struct bench_series prims;	/* (b) */
	size_t n_blocks;
	size_t n_lines;
	size_t n_paras;
};

static int
bench_md_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	return 0;
}

static int
bench_md_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	return 0;
}

static int
bench_md_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE len, void *userdata)
{
	*(size_t *)userdata += len;
	return 0;
}

/* Time md4c alone over the body of d into s, with callbacks that do
 * nothing (the parser's own share of doc_new). */
static void
bench_md4c_once(const struct doc *d, struct bench_series *s)
{
	const MD_PARSER parser = {
		.flags = MD_DIALECT_GITHUB,
		.enter_block = bench_md_block,
		.leave_block = bench_md_block,
		.enter_span = bench_md_span,
		.leave_span = bench_md_span,
		.text = bench_md_text,
	};
	size_t text = 0;
	struct bench_stamp t0 = bench_now();

	md_parse(d->src + d->body_off, (MD_SIZE)(d->src_len - d->body_off),
		 &parser, &text);
	bench_sink = text;
	bench_add(s, t0, bench_now());
}

/* Time wrap_text over the text of every block of d at width columns into
 * s (the line breaker's share of layout_build). */
static void
bench_wrap_once(const struct doc *d, int width, struct bench_series *s)
{
	struct wrap_lines w;
	size_t lines = 0;
	struct bench_stamp t0 = bench_now();

	wrap_lines_init(&w);
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		w.n = 0;
		if (b->kind != DOC_RULE)
			lines += wrap_text(b->text, b->text_len, width, width, &w);
	}
	wrap_lines_fini(&w);
	bench_sink = lines;
	bench_add(s, t0, bench_now());
}

/* One run of (a): doc_new and layout_build over the article; when s is
 * not NULL, their times go to s, then md4c and wrap_text alone are timed
 * on the same document. Return the run's wall-clock seconds. */
static double
bench_pipeline_run(const struct bench_text *t, const struct bench_opts *o,
		   struct bench_pipeline *r, bool timed)
{
	struct layout lo;
	struct bench_stamp t0 = bench_now();
	struct doc *d = doc_new(t->path, t->raw, t->len);
	struct bench_stamp t1 = bench_now();
	layout_build(&lo, d, o->width);
	struct bench_stamp t2 = bench_now();

	r->n_blocks = d->n_blocks;
	r->n_lines = lo.n;
	layout_fini(&lo);
	if (timed) {
		bench_add(&r->doc_new, t0, t1);
		bench_add(&r->layout, t1, t2);
		bench_add(&r->total, t0, t2);
		bench_md4c_once(d, &r->md4c);
		bench_wrap_once(d, o->width, &r->wrap);
	}
	doc_free(d);
	return t2.wall - t0.wall;
}

/* Split s[0..len) into paragraphs at blank lines: store the start and
 * length of each non-empty one in *starts / *lens (malloc'd) and return
 * how many there are; *max gets the longest. */
static size_t
bench_paragraphs(const char *s, size_t len, size_t **starts, size_t **lens,
		 size_t *max)
{
	size_t n = 0, cap = 1024, start = 0;

	*starts = malloc(cap * sizeof **starts);
	*lens = malloc(cap * sizeof **lens);
	*max = 0;
	for (size_t i = 0; i <= len; i++) {
		bool end = i == len || (s[i] == '\n' && i + 1 < len &&
					s[i + 1] == '\n');
		if (!end)
			continue;
		if (i > start) {
			if (n == cap) {
				cap *= 2;
				*starts = realloc(*starts, cap * sizeof **starts);
				*lens = realloc(*lens, cap * sizeof **lens);
			}
			if (*starts == NULL || *lens == NULL) {
				fprintf(stderr, "bench_layout: out of memory\n");
				exit(1);
			}
			(*starts)[n] = start;
			(*lens)[n++] = i - start;
			if (i - start > *max)
				*max = i - start;
		}
		while (i < len && s[i] == '\n')
			i++;
		start = i;
	}
	return n;
}

/* The raw file's paragraphs, for (b), and the break arrays it reuses. */
struct bench_paras {
	size_t *starts;
	size_t *lens;
	size_t n;
	char *gb;
	char *brk;
};

/* Split t into the paragraphs (b) runs on. */
static void
bench_paras_init(const struct bench_text *t, struct bench_paras *pa)
{
	size_t max;

	pa->n = bench_paragraphs(t->raw, t->len, &pa->starts, &pa->lens, &max);
	pa->gb = malloc(max + 1);
	pa->brk = malloc(max + 1);
	if (pa->gb == NULL || pa->brk == NULL) {
		fprintf(stderr, "bench_layout: out of memory\n");
		exit(1);
	}
}

static void
bench_paras_fini(struct bench_paras *pa)
{
	free(pa->gb);
	free(pa->brk);
	free(pa->starts);
	free(pa->lens);
}

/* One run of (b): u8_grapheme_breaks + u8_possible_linebreaks on every
 * paragraph; its time goes to s when not NULL. Return its wall-clock
 * seconds. */
static double
bench_primitives_run(const struct bench_text *t, const struct bench_paras *pa,
		     struct bench_series *s)
{
	struct bench_stamp t0 = bench_now();

	for (size_t k = 0; k < pa->n; k++) {
		const uint8_t *p = (const uint8_t *)t->raw + pa->starts[k];
		u8_grapheme_breaks(p, pa->lens[k], pa->gb);
		u8_possible_linebreaks(p, pa->lens[k], "UTF-8", pa->brk);
	}
	struct bench_stamp t1 = bench_now();
	bench_sink = (size_t)pa->gb[0] + (size_t)pa->brk[0];
	if (s != NULL)
		bench_add(s, t0, t1);
	return t1.wall - t0.wall;
}

/* (a) and (b): one warm-up run of each, then timed runs of the two taken
 * in turn, so that both medians see the same machine: on a shared one a
 * change of load or clock between two separate series moved the ratio
 * by more than the code did. */
static void
bench_pipeline_primitives(const struct bench_text *t,
			  const struct bench_opts *o, struct bench_pipeline *r)
{
	struct bench_paras pa;

	bench_paras_init(t, &pa);
	int runs_a = bench_runs(o->runs, bench_pipeline_run(t, o, r, false));
	int runs_b = bench_runs(o->runs, bench_primitives_run(t, &pa, NULL));
	for (int i = 0; i < (runs_a > runs_b ? runs_a : runs_b); i++) {
		bench_pipeline_run(t, o, r, true);
		bench_primitives_run(t, &pa, &r->prims);
	}
	r->n_paras = pa.n;
	bench_paras_fini(&pa);
}

/* Return a sum over the rows lines from p down (fewer at the end) of
 * ll, standing for painting them as the reader does: each line after the
 * first is one layout_lazy_move away. */
static size_t
bench_touch_screen(struct layout_lazy *ll, struct layout_pos p, int rows)
{
	size_t sum = 0;

	for (int row = 0; row < rows; row++) {
		if (row > 0 && layout_lazy_move(ll, &p, 1) == 0)
			break;
		const struct layout_line *l = layout_lazy_line(ll, p);
		if (l == NULL)
			break;
		for (size_t k = 0; k < l->n_segs; k++)
			sum += (size_t)l->segs[k].width;
	}
	return sum;
}

/* One open of (c): doc_load_lazy + tidy_doc + a lazy layout, then the
 * first screen (last false) or the last one (G); add its time to s and
 * return its wall-clock seconds, or -1 when the file cannot be read. */
static double
bench_open_once(const struct bench_text *t, const struct bench_opts *o,
		bool last, struct bench_series *s)
{
	struct layout_lazy ll;
	struct layout_opts opts = bench_reader_opts(o->width);
	struct layout_pos p;
	struct err err;
	double sec;

	err_init(&err);
	struct bench_stamp t0 = bench_now();
	struct doc *d = bench_open_lazy(t->path, &err);
	if (d == NULL) {
		printf("(c) open: %s\n", err_msg(&err));
		err_fini(&err);
		return -1;
	}
	layout_lazy_init(&ll, d, &opts);
	if (last) {
		p = layout_lazy_last(&ll);
		layout_lazy_move(&ll, &p, -(long)(o->rows - 1));
	} else {
		p = layout_lazy_first(&ll);
		struct layout_pos end = p;
		layout_lazy_move(&ll, &end, o->rows - 1);
	}
	bench_sink = bench_touch_screen(&ll, p, o->rows);
	struct bench_stamp t1 = bench_now();
	sec = s != NULL ? bench_add(s, t0, t1) : t1.wall - t0.wall;
	layout_lazy_fini(&ll);
	doc_free(d);
	err_fini(&err);
	return sec;
}

/* (c): open the file as the reader does and reach the first screen, and
 * (another open) the last one (G); one warm-up open each, then medians
 * of runs. */
static void
bench_open(const struct bench_text *t, const struct bench_opts *o)
{
	static struct bench_series first, last;
	double one;

	if ((one = bench_open_once(t, o, false, NULL)) < 0)
		return;
	for (int r = 0, n = bench_runs(o->runs, one); r < n; r++)
		bench_open_once(t, o, false, &first);
	if ((one = bench_open_once(t, o, true, NULL)) < 0)
		return;
	for (int r = 0, n = bench_runs(o->runs, one); r < n; r++)
		bench_open_once(t, o, true, &last);
	printf("(c) open %.2f MB lazily (doc_load_lazy + %s + "
	       "layout_lazy %d cols), %d rows: first screen %.2f ms (cpu "
	       "%.2f ms, median of %d), target < 30 ms; last screen (G: "
	       "layout_lazy_last + %d up) %.2f ms (cpu %.2f ms, median of "
	       "%d), target < 150 ms\n", (double)t->len / 1e6,
	       bench_rules_path[0] ? "tidy_doc" : "no tidy", o->width,
	       o->rows, bench_wall(&first) * 1e3, bench_cpu(&first) * 1e3,
	       first.n, o->rows - 1, bench_wall(&last) * 1e3,
	       bench_cpu(&last) * 1e3, last.n);
}

/* (d): keypresses on the article opened as the reader opens it, laid out
 * lazily with the top line at 40 % of the source: `j` (the top one line
 * down, back to 40 % at the end, + the screen's rows) and a resize
 * (alternately width + 20 and width: layout_lazy_set_opts +
 * layout_lazy_at the top line's offset + the screen's rows); medians of
 * runs. Drawing is not included. */
static void
bench_keys(const struct bench_text *t, const struct bench_opts *o, int runs)
{
	static struct bench_series j, resize;
	struct layout_lazy ll;
	struct layout_opts opts = bench_reader_opts(o->width);
	struct err err;

	err_init(&err);
	struct doc *d = bench_open_lazy(t->path, &err);
	if (d == NULL) {
		printf("(d) keypress proxy: %s\n", err_msg(&err));
		err_fini(&err);
		return;
	}
	err_fini(&err);
	layout_lazy_init(&ll, d, &opts);
	size_t start = t->len / 5 * 2;
	struct layout_pos top = layout_lazy_at(&ll, start);
	bench_sink = bench_touch_screen(&ll, top, o->rows);
	for (int r = 0; r < runs; r++) {
		struct bench_stamp t0 = bench_now();
		if (layout_lazy_move(&ll, &top, 1) == 0)
			top = layout_lazy_at(&ll, start);
		bench_sink = bench_touch_screen(&ll, top, o->rows);
		bench_add(&j, t0, bench_now());
	}
	for (int r = 0; r < runs; r++) {
		size_t off = layout_lazy_line(&ll, top)->src_off;
		opts.width = r % 2 == 0 ? o->width + 20 : o->width;
		struct bench_stamp t0 = bench_now();
		layout_lazy_set_opts(&ll, &opts);
		top = layout_lazy_at(&ll, off);
		bench_sink = bench_touch_screen(&ll, top, o->rows);
		bench_add(&resize, t0, bench_now());
	}
	printf("(d) keypress proxy, lazy layout, top at 40%%, %d rows: j "
	       "(move 1 + the screen's rows) %.3f ms (cpu %.3f ms); resize "
	       "(%d <-> %d cols: layout_lazy_set_opts + layout_lazy_at + the "
	       "screen's rows) %.2f ms (cpu %.2f ms); medians of %d; target "
	       "< 5 ms\n", o->rows, bench_wall(&j) * 1e3, bench_cpu(&j) * 1e3,
	       o->width, o->width + 20, bench_wall(&resize) * 1e3,
	       bench_cpu(&resize) * 1e3, runs);
	layout_lazy_fini(&ll);
	doc_free(d);
}

/* Load the leftover rules as the reader does, from the data directory
 * (TSUNDOKU_DATADIR, else ../data next to the binary, else the installed
 * one); leave bench_rules_path empty when there is no leftovers file. */
static void
bench_load_rules(const char *argv0)
{
	struct buf path;
	struct stat st;
	struct err err;

	tidy_rules_init(&bench_rules);
	buf_init(&path);
	err_init(&err);
	paths_data_dir(argv0, &path);
	buf_adds(&path, "/leftovers");
	if (stat(buf_str(&path), &st) != 0 || !S_ISREG(st.st_mode)) {
		printf("tidy: no leftover rules at %s (set TSUNDOKU_DATADIR): "
		       "(c)-(e) run without tidy_doc\n", buf_str(&path));
	} else {
		if (!tidy_rules_load(&bench_rules, buf_str(&path), &err))
			printf("tidy: %s\n", err_msg(&err));
		snprintf(bench_rules_path, sizeof bench_rules_path, "%s",
			 buf_str(&path));
		printf("tidy: rules from %s (%zu rules)\n", bench_rules_path,
		       bench_rules.n_rules);
	}
	err_fini(&err);
	buf_fini(&path);
}

/* Print what the article is made of. */
static void
bench_describe(const struct bench_text *t, const struct bench_pipeline *p,
	       int width)
{
	size_t ascii = 0, cps = 0;

	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->raw[i];
		ascii += c < 0x80;
		cps += (c & 0xC0) != 0x80;
	}
	printf("article %s: %zu bytes, %zu code points, %.1f%% ASCII bytes, "
	       "%zu paragraphs, %zu blocks, %zu lines at %d cols\n",
	       t->path, t->len, cps, t->len ? 100.0 * (double)ascii /
	       (double)t->len : 0, p->n_paras, p->n_blocks, p->n_lines, width);
}

/* Print (a), (b) and their ratio, on the wall clock and on CPU time. */
static void
bench_pipeline_print(struct bench_pipeline *p, size_t len, int width)
{
	printf("(a) pipeline, median of %d: doc_new + layout_build %d cols "
	       "%.1f ms (cpu %.1f ms); on cpu time: doc_new %.1f ms (md4c "
	       "parse alone %.1f ms), layout_build %.1f ms (wrap_text alone "
	       "%.1f ms)\n", p->total.n, width, bench_wall(&p->total) * 1e3,
	       bench_cpu(&p->total) * 1e3, bench_cpu(&p->doc_new) * 1e3,
	       bench_cpu(&p->md4c) * 1e3, bench_cpu(&p->layout) * 1e3,
	       bench_cpu(&p->wrap) * 1e3);
	printf("(b) primitives, median of %d: u8_grapheme_breaks + "
	       "u8_possible_linebreaks per paragraph %.1f ms (cpu %.1f ms)\n",
	       p->prims.n, bench_wall(&p->prims) * 1e3,
	       bench_cpu(&p->prims) * 1e3);
	double a = bench_mbps(len, bench_wall(&p->total));
	double b = bench_mbps(len, bench_wall(&p->prims));
	printf("layout %d cols: %.1f MB/s; primitives: %.1f MB/s; ratio %.2f "
	       "(target >= 0.5)\n", width, a, b, b > 0 ? a / b : 0);
	a = bench_mbps(len, bench_cpu(&p->total));
	b = bench_mbps(len, bench_cpu(&p->prims));
	printf("cpu time: layout %d cols: %.1f MB/s; primitives: %.1f MB/s; "
	       "ratio %.2f\n", width, a, b, b > 0 ? a / b : 0);
}

/* --only pipeline: doc_new + layout_build + layout_fini + doc_free, runs
 * times, untimed; one line on what was done. */
static void
bench_only_pipeline(const struct bench_text *t, const struct bench_opts *o)
{
	size_t blocks = 0, lines = 0;

	for (int r = 0; r < o->runs; r++) {
		struct layout lo;
		struct doc *d = doc_new(t->path, t->raw, t->len);
		layout_build(&lo, d, o->width);
		blocks = d->n_blocks;
		lines = lo.n;
		layout_fini(&lo);
		doc_free(d);
	}
	printf("only pipeline, %d run%s on %s (%zu bytes): doc_new + "
	       "layout_build %d cols + layout_fini + doc_free: %zu blocks, "
	       "%zu lines\n", o->runs, o->runs == 1 ? "" : "s", t->path,
	       t->len, o->width, blocks, lines);
}

/* --only primitives: split the raw bytes into paragraphs (once), then
 * u8_grapheme_breaks + u8_possible_linebreaks on each, runs times,
 * untimed; one line on what was done. */
static void
bench_only_primitives(const struct bench_text *t, const struct bench_opts *o)
{
	size_t *starts, *lens, max;
	size_t n = bench_paragraphs(t->raw, t->len, &starts, &lens, &max);
	char *gb = malloc(max + 1), *brk = malloc(max + 1);

	if (gb == NULL || brk == NULL) {
		fprintf(stderr, "bench_layout: out of memory\n");
		exit(1);
	}
	for (int r = 0; r < o->runs; r++) {
		for (size_t k = 0; k < n; k++) {
			const uint8_t *p = (const uint8_t *)t->raw + starts[k];
			u8_grapheme_breaks(p, lens[k], gb);
			u8_possible_linebreaks(p, lens[k], "UTF-8", brk);
		}
		bench_sink = (size_t)gb[0] + (size_t)brk[0];
	}
	printf("only primitives, %d run%s on %s (%zu bytes): "
	       "u8_grapheme_breaks + u8_possible_linebreaks on %zu "
	       "paragraphs\n", o->runs, o->runs == 1 ? "" : "s", t->path,
	       t->len, n);
	free(gb);
	free(brk);
	free(starts);
	free(lens);
}

static void
bench_usage(FILE *f)
{
	fprintf(f, "usage: bench_layout [--width N] [--rows N] [--runs N] FILE\n"
		"       bench_layout [--width N] [--rows N] [--runs N] "
		"--kind zh|mixed|en --size BYTES [--seed N]\n"
		"       bench_layout --only pipeline|primitives [--width N] "
		"[--runs N] FILE\n");
}

/* Parse a positive number into *out; false when s is not one. */
static bool
bench_parse_num(const char *s, unsigned long long max,
		unsigned long long *out)
{
	char *end;

	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s < '0' || *s > '9' ||
	    v > max)
		return false;
	*out = v;
	return true;
}

/* Handle option a with value val into o; false when a is unknown or val
 * is not a valid value. */
static bool
bench_parse_opt(const char *a, const char *val, struct bench_opts *o)
{
	unsigned long long v;

	if (strcmp(a, "--kind") == 0)
		return gentext_kind_parse(val, &o->kind);
	if (strcmp(a, "--only") == 0) {
		o->only = strcmp(val, "pipeline") == 0 ? BENCH_ONLY_PIPELINE :
			  strcmp(val, "primitives") == 0 ?
			  BENCH_ONLY_PRIMITIVES : BENCH_ONLY_NONE;
		return o->only != BENCH_ONLY_NONE;
	}
	unsigned long long max = strcmp(a, "--seed") == 0 ? UINT64_MAX :
				 strcmp(a, "--size") == 0 ? GENTEXT_MAX_SIZE :
				 strcmp(a, "--runs") == 0 ? BENCH_MAX_RUNS : 10000;

	if (!bench_parse_num(val, max, &v))
		return false;
	if (strcmp(a, "--size") == 0)
		o->size = (size_t)v;
	else if (strcmp(a, "--seed") == 0)
		o->seed = v;
	else if (v == 0)
		return false;
	else if (strcmp(a, "--width") == 0)
		o->width = (int)v;
	else if (strcmp(a, "--rows") == 0)
		o->rows = (int)v;
	else if (strcmp(a, "--runs") == 0)
		o->runs = (int)v;
	else
		return false;
	return true;
}

/* Fill o from the command line: a file, or --kind and --size; false on a
 * usage error. */
static bool
bench_parse_args(int argc, char **argv, struct bench_opts *o)
{
	bool kind = false, size = false;

	*o = (struct bench_opts){ .width = 80, .rows = 24 };
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-') {
			if (o->path != NULL)
				return false;
			o->path = argv[i];
			continue;
		}
		if (i + 1 == argc || !bench_parse_opt(argv[i], argv[i + 1], o))
			return false;
		kind |= strcmp(argv[i], "--kind") == 0;
		size |= strcmp(argv[i], "--size") == 0;
		i++;
	}
	if (o->runs == 0)
		o->runs = o->only != BENCH_ONLY_NONE ? 1 : 5;
	return o->path != NULL ? !kind && !size : kind && size;
}

int
main(int argc, char **argv)
{
	static struct bench_pipeline p;
	struct bench_opts o;
	struct bench_text t;
	struct bench_memory m;
	char *tmp = NULL;

	if (!bench_parse_args(argc, argv, &o)) {
		bench_usage(stderr);
		return 2;
	}
	if (o.path == NULL)
		o.path = tmp = bench_generate(&o);
	if (o.only != BENCH_ONLY_NONE) {
		/* Nothing else: no rules, no children, no timing. */
		bench_read(o.path, &t);
		if (o.only == BENCH_ONLY_PIPELINE)
			bench_only_pipeline(&t, &o);
		else
			bench_only_primitives(&t, &o);
		free(t.raw);
		if (tmp != NULL) {
			unlink(tmp);
			free(tmp);
		}
		return 0;
	}
	bench_load_rules(argv[0]);
	/* (e) first, while this process is small: the children start as a
	 * copy of it. */
	bench_memory(o.path, o.width, &m);
	bench_read(o.path, &t);
	bench_pipeline_primitives(&t, &o, &p);
	bench_describe(&t, &p, o.width);
	bench_pipeline_print(&p, t.len, o.width);
	bench_open(&t, &o);
	bench_keys(&t, &o, BENCH_AUTO_RUNS);
	bench_memory_print(&m, t.len, o.width);
	tidy_rules_fini(&bench_rules);
	free(t.raw);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	return 0;
}
