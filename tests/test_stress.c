/* SPDX-License-Identifier: MIT */
/*
 * test_stress.c: no article shape takes tsundoku down. Each shape is a
 * 1 MiB article of one pathological kind (alternating inline styles, a
 * paragraph of 100,000 short lines, deep nesting, a huge table, thousands
 * of links, one giant unbreakable line, ...), put through what opening,
 * reading and indexing it does: parsing it whole, tidying, layout at 40
 * and 80 columns (whole and lazy), an in-article search, a snippet of its
 * indexed text, a highlight quoted and anchored again, caret motions.
 * Each runs in a child of its own and is compared with a plain article of
 * ordinary paragraphs of the same size: its CPU time within a ratio of
 * the plain one's, its peak memory within 3x the file + 20 MiB above it
 * or, for shapes made of tiny things, growing no faster than the article.
 * Ratios, never absolute times: the machine running the tests is shared.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "document/anchor.h"
#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "document/find.h"
#include "data/highlight.h"
#include "layout/layout.h"
#include "layout/motion.h"
#include "text/snippet.h"
#include "document/tidy.h"
#include "base/xmem.h"

/* AddressSanitizer's shadow memory and quarantine make peak memory
 * meaningless and address-space limits fatal: under it, only time is
 * checked. */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_STRESS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_STRESS_ASAN 1
#endif
#endif
#ifndef TEST_STRESS_ASAN
#define TEST_STRESS_ASAN 0
#endif

#define LEFTOVERS FIXTURES "/../../data/leftovers"

#define TEST_STRESS_SIZE ((size_t)1 << 20)	/* bytes of each article */

/* Knobs for looking into one shape by hand (environment): the article
 * size in bytes and the one shape to run. */
#define TEST_STRESS_SIZE_ENV "TSUNDOKU_STRESS_SIZE"
#define TEST_STRESS_ONLY_ENV "TSUNDOKU_STRESS_ONLY"
#define TEST_STRESS_TIME_RATIO 25.0	/* CPU time over the plain one's */
#define TEST_STRESS_MEM_SLACK ((size_t)20 << 20)	/* bytes */
#define TEST_STRESS_QUOTE 4096	/* bytes of source a highlight quotes */
#define TEST_STRESS_AS_ROOM ((rlim_t)768 << 20)	/* address space a child
						   may add before it fails */

/* What a child does, each stage timed on its CPU clock. */
enum test_stress_stage {
	STAGE_PARSE, STAGE_TIDY, STAGE_LAYOUT, STAGE_LAZY, STAGE_FIND,
	STAGE_SNIPPET, STAGE_ANCHOR, STAGE_MOTION, STAGE_N,
};

static const char *const test_stress_stage_names[STAGE_N] = {
	[STAGE_PARSE] = "parse", [STAGE_TIDY] = "tidy",
	[STAGE_LAYOUT] = "layout", [STAGE_LAZY] = "lazy",
	[STAGE_FIND] = "find", [STAGE_SNIPPET] = "snippet",
	[STAGE_ANCHOR] = "anchor", [STAGE_MOTION] = "motion",
};

/* What a child reports through its pipe. */
struct test_stress_result {
	double cpu;			/* seconds, all stages */
	double stage[STAGE_N];		/* seconds */
	long rss_kib;			/* peak RSS above the start */
	long stage_kib[STAGE_N];	/* the same after each stage */
	size_t lines;			/* at 80 columns, a sanity check */
	size_t hits;
};

/* One article shape: unit repeated up to the size between head and
 * tail, or made by gen. */
struct test_stress_shape {
	const char *name;
	const char *head;
	const char *unit;
	const char *tail;
	void (*gen)(struct buf *out, size_t size);
};

/* Memory. A shape may take 3x the file + 20 MiB more than the plain
 * article at its peak. Shapes made of tiny things take more, in
 * proportion: a run every two bytes (40 bytes each in the document, a
 * 32-byte segment in a layout, a 40-byte search hit), a block or a line
 * every three (~120 and 72 bytes). Such a shape must show that it grows
 * no faster than the article instead: its peak at full size at most
 * TEST_STRESS_GROWTH times its peak at half size (linear growth gives
 * 2, quadratic 4), and never more than TEST_STRESS_MEM_CAP files. */
#define TEST_STRESS_MEM_FACTOR 3
#define TEST_STRESS_GROWTH 2.5
#define TEST_STRESS_GROWTH_SLACK ((long)4 << 10)	/* KiB */
#define TEST_STRESS_MEM_CAP 256

/* Append ordinary paragraphs: Chinese with some Latin words. */
static void
test_stress_plain(struct buf *out, size_t size)
{
	static const char *const words[] = {
		"我们", "今天", "讨论", "中文", "分词", "的", "问题", "，",
		"数据库", "全文检索", "a ", "kernel ", "and a ", "。", "终端",
		"阅读器", "文章", "保存", "“引号”", "GPT-4 ",
	};
	uint32_t x = 12345;

	while (out->len < size) {
		size_t para = 200 + out->len % 700, start = out->len;
		while (out->len - start < para) {
			x = x * 1103515245u + 12345u;
			buf_adds(out, words[(x >> 16) % (sizeof words / sizeof *words)]);
		}
		buf_adds(out, "。\n\n");
	}
}

/* Append a table with n header cells of text, then rows of one cell. */
static void
test_stress_table_head(struct buf *out, size_t n, const char *text)
{
	buf_addc(out, '|');
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, text);
		buf_addc(out, '|');
	}
	buf_adds(out, "\n|");
	for (size_t i = 0; i < n; i++)
		buf_adds(out, "---|");
	buf_addc(out, '\n');
}

/* Append a table whose 2,000 header cells md4c gives to each short row
 * that follows. */
static void
test_stress_table_wide(struct buf *out, size_t size)
{
	test_stress_table_head(out, 2000, " h ");
	while (out->len < size)
		buf_adds(out, "| a\n");
}

/* Append a table of 60 columns, every row one cell. */
static void
test_stress_table_padded(struct buf *out, size_t size)
{
	test_stress_table_head(out, 60, " h ");
	while (out->len < size)
		buf_adds(out, "| a\n");
}

/* Append a table of 16 header cells of 4 KB each over rows of 16 short
 * cells: too wide for columns, so every row is a record that repeats
 * the headers (whole, they made it quadratic). */
static void
test_stress_table_labels(struct buf *out, size_t size)
{
	struct buf h;

	buf_init(&h);
	while (h.len < 4096)
		buf_adds(&h, "header ");
	test_stress_table_head(out, 16, buf_str(&h));
	buf_fini(&h);
	while (out->len < size) {
		for (int i = 0; i < 16; i++)
			buf_adds(out, i == 0 ? "| abcd |" : " abcd |");
		buf_addc(out, '\n');
	}
}

/* Append a quote that deepens by one level each line. */
static void
test_stress_quote_stairs(struct buf *out, size_t size)
{
	for (size_t depth = 1; out->len < size; depth++) {
		for (size_t i = 0; i < depth; i++)
			buf_adds(out, "> ");
		buf_adds(out, "a b\n");
	}
}

/* Append a list that deepens by one level each line. */
static void
test_stress_list_stairs(struct buf *out, size_t size)
{
	for (size_t depth = 0; out->len < size; depth++) {
		for (size_t i = 0; i < depth; i++)
			buf_adds(out, "  ");
		buf_adds(out, "- a b\n");
	}
}

static const struct test_stress_shape test_stress_shapes[] = {
	{ .name = "emphasis", .unit = "*a" },
	{ .name = "strong", .unit = "**a" },
	{ .name = "code-open", .unit = "`a" },
	{ .name = "code-spans", .unit = "`a` b " },
	{ .name = "styles", .unit = "*a* **b** `c` ~~d~~ " },
	{ .name = "soft-breaks", .unit = "abcdefgh\n" },
	{ .name = "soft-breaks-cjk", .unit = "中文字\n" },
	{ .name = "hard-breaks", .unit = "abc\\\n" },
	{ .name = "quote-line", .unit = "> ", .tail = "a\n" },
	{ .name = "quote-stairs", .gen = test_stress_quote_stairs },
	{ .name = "list-line", .unit = "- ", .tail = "a\n" },
	{ .name = "list-stairs", .gen = test_stress_list_stairs },
	{ .name = "table", .head = "| a | b | c | d |\n|---|---|---|---|\n",
	  .unit = "| 1 | 中文 | *x* | [l](u) |\n" },
	{ .name = "table-cell", .head = "| a | b |\n|---|---|\n| x | ",
	  .unit = "*a* b ", .tail = "|\n" },
	{ .name = "table-wide", .gen = test_stress_table_wide },
	{ .name = "table-padded", .gen = test_stress_table_padded },
	{ .name = "table-labels", .gen = test_stress_table_labels },
	{ .name = "links", .unit = "[link](http://example.com/x) and " },
	{ .name = "images", .unit = "![alt](http://example.com/i.png) " },
	{ .name = "link-lines", .unit = "[a](x)\n" },
	{ .name = "image-lines", .unit = "![](x)\n" },
	{ .name = "images-alone", .unit = "![](http://example.com/i.png)\n\n" },
	{ .name = "references", .unit = "[a][r] ", .tail = "\n\n[r]: /x\n" },
	{ .name = "giant-line", .unit = "a" },
	{ .name = "giant-cjk", .unit = "中文字" },
	{ .name = "giant-punct", .unit = "（" },
	{ .name = "headings", .unit = "# heading\n\n" },
	{ .name = "tiny-paragraphs", .unit = "a\n\n" },
	{ .name = "entities", .unit = "&amp;&lt;" },
	{ .name = "code-block", .head = "```\n", .unit = "int a = 1;\n",
	  .tail = "```\n" },
	{ .name = "code-lines", .head = "```\n", .unit = "a\n",
	  .tail = "```\n" },
	{ .name = "html-inline", .unit = "<b>a</b> " },
};

/* Return the size of the articles: TEST_STRESS_SIZE unless the
 * environment says otherwise. */
static size_t
test_stress_size(void)
{
	const char *e = getenv(TEST_STRESS_SIZE_ENV);

	return e != NULL && atol(e) > 0 ? (size_t)atol(e) : TEST_STRESS_SIZE;
}

/* Make the article of shape s (NULL: the plain one) of about size
 * bytes in out. */
static void
test_stress_article(const struct test_stress_shape *s, size_t size,
		    struct buf *out)
{
	buf_adds(out, "---\ntitle: stress\nsource: test\n---\n\n");
	if (s == NULL) {
		test_stress_plain(out, size);
		return;
	}
	if (s->head != NULL)
		buf_adds(out, s->head);
	if (s->gen != NULL)
		s->gen(out, size);
	else
		while (out->len < size)
			buf_adds(out, s->unit);
	if (s->tail != NULL)
		buf_adds(out, s->tail);
}

/* Return this process's CPU time in seconds. */
static double
test_stress_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Return this process's peak resident memory in KiB. */
static long
test_stress_maxrss(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Charge the CPU time since *t to stage st of res. */
static void
test_stress_lap(struct test_stress_result *res, enum test_stress_stage st,
		double *t)
{
	double now = test_stress_cpu();

	res->stage[st] += now - *t;
	res->stage_kib[st] = test_stress_maxrss();
	*t = now;
}

/* Lay d out whole at 40 and 80 columns; return the lines at 80. */
static size_t
test_stress_layout(const struct doc *d)
{
	struct layout lo;
	size_t n;

	layout_build(&lo, d, 40);
	layout_fini(&lo);
	layout_build(&lo, d, 80);
	n = lo.n;
	layout_fini(&lo);
	return n;
}

/* Walk a lazy layout of d at 80 columns to the end and back to the
 * middle of the source. */
static void
test_stress_lazy(struct layout_lazy *ll, struct doc *d)
{
	struct layout_opts opts = { .width = 80 };
	struct layout_pos p;

	layout_lazy_init(ll, d, &opts);
	p = layout_lazy_first(ll);
	layout_lazy_move(ll, &p, LONG_MAX / 2);
	layout_lazy_at(ll, d->src_len / 2);
}

/* Make a snippet of d's indexed text (its block texts joined by LF). */
static void
test_stress_snippet(const struct doc *d)
{
	static const struct snippet_marks marks = { "[", "]" };
	struct snippet_query q;
	struct buf text, out;

	buf_init(&text);
	buf_init(&out);
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (i > 0)
			buf_addc(&text, '\n');
		buf_add(&text, d->blocks[i].text, d->blocks[i].text_len);
	}
	snippet_query_init(&q, "a");
	snippet_occurs(&q, buf_str(&text), text.len);
	snippet_make(&q, buf_str(&text), text.len, 96, &marks, &out);
	snippet_query_fini(&q);
	buf_fini(&text);
	buf_fini(&out);
}

/* Quote up to TEST_STRESS_QUOTE source bytes from the middle block of d
 * and anchor them again: in place, moved (every occurrence ranked: in a
 * repetitive page a long quote occurs at every offset), and lost (found
 * by its context). */
static void
test_stress_anchor(const struct doc *d)
{
	struct buf quote, prefix, suffix;
	struct anchor_text t;
	size_t start, end;

	buf_init(&quote);
	buf_init(&prefix);
	buf_init(&suffix);
	start = d->n_blocks > 0 ? d->blocks[d->n_blocks / 2].src_off : 0;
	end = start + TEST_STRESS_QUOTE < d->src_len ? start + TEST_STRESS_QUOTE
						      : d->src_len;
	if (highlight_quote(d, start, end, &quote, &prefix, &suffix) &&
	    quote.len > 0) {
		struct anchor_quote q = {
			.quote = buf_str(&quote), .prefix = buf_str(&prefix),
			.suffix = buf_str(&suffix), .start = start, .end = end,
		};
		anchor_text_init(&t, d);
		anchor_find(&t, &q, &start, &end);
		q.start = 0;
		q.end = 1;
		anchor_find(&t, &q, &start, &end);
		q.quote = "\x01 nowhere";
		anchor_find(&t, &q, &start, &end);
		anchor_text_fini(&t);
	}
	buf_fini(&quote);
	buf_fini(&prefix);
	buf_fini(&suffix);
}

/* Move the caret about the middle of d as a reader would, with counts. */
static void
test_stress_motion(const struct doc *d, struct layout_lazy *ll)
{
	static const struct { enum motion_kind k; int count; } keys[] = {
		{ MOTION_WORD_NEXT, 20 }, { MOTION_WORD_END, 20 },
		{ MOTION_WORD_PREV, 40 }, { MOTION_SENTENCE_NEXT, 5 },
		{ MOTION_SENTENCE_PREV, 5 }, { MOTION_LINE_DOWN, 20 },
		{ MOTION_LINE_UP, 20 }, { MOTION_LINE_END, 1 },
		{ MOTION_LINE_START, 1 }, { MOTION_RIGHT, 20 },
		{ MOTION_LEFT, 20 }, { MOTION_PARA_NEXT, 3 },
		{ MOTION_PARA_PREV, 3 },
	};
	struct motion m = { .d = d, .ll = ll };
	struct motion_pos pos, first, last;
	int col = -1;

	if (!motion_from_src(&m, d->src_len / 2, &pos))
		return;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		motion_move(&m, keys[i].k, keys[i].count, &pos, &col);
	motion_sentence(&m, pos, &first, &last);
	motion_paragraph(&m, pos, &first, &last);
	motion_src(&m, pos, NULL);
	if (motion_from_src(&m, d->src_len, &pos))	/* the very end */
		motion_move(&m, MOTION_WORD_PREV, 20, &pos, &col);
}

/* Do everything on the article in raw, filling res. */
static void
test_stress_work(const struct buf *raw, const struct tidy_rules *rules,
		 struct test_stress_result *res)
{
	double t0 = test_stress_cpu(), t = t0;
	struct layout_lazy ll;
	struct find_hits hits;
	struct doc *d;

	d = doc_new_lazy("stress.md", raw->data, raw->len, 0);
	doc_parse_all(d);
	test_stress_lap(res, STAGE_PARSE, &t);
	tidy_doc(d, rules);
	test_stress_lap(res, STAGE_TIDY, &t);
	res->lines = test_stress_layout(d);
	test_stress_lap(res, STAGE_LAYOUT, &t);
	test_stress_lazy(&ll, d);
	test_stress_lap(res, STAGE_LAZY, &t);
	find_hits_init(&hits);
	res->hits = find_in_doc(d, "a", 1, &hits);
	find_hits_fini(&hits);
	test_stress_lap(res, STAGE_FIND, &t);
	test_stress_snippet(d);
	test_stress_lap(res, STAGE_SNIPPET, &t);
	test_stress_anchor(d);
	test_stress_lap(res, STAGE_ANCHOR, &t);
	test_stress_motion(d, &ll);
	test_stress_lap(res, STAGE_MOTION, &t);
	layout_lazy_fini(&ll);
	doc_free(d);
	res->cpu = test_stress_cpu() - t0;
}

/* Limit the child: CPU seconds, and (without ASan) the address space it
 * may add, so that a blow-up fails fast instead of taking the machine. */
static void
test_stress_limit(double cpu_limit)
{
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = (rlim_t)cpu_limit + 1;
	setrlimit(RLIMIT_CPU, &rl);
	if (!TEST_STRESS_ASAN && getrlimit(RLIMIT_AS, &rl) == 0) {
		FILE *f = fopen("/proc/self/statm", "r");
		unsigned long pages = 0;
		if (f != NULL && fscanf(f, "%lu", &pages) == 1) {
			rl.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) +
				      TEST_STRESS_AS_ROOM;
			setrlimit(RLIMIT_AS, &rl);
		}
		if (f != NULL)
			fclose(f);
	}
}

/* Run shape s (NULL: plain) at size bytes in a child limited to
 * cpu_limit seconds; return false, with a message printed, when the
 * child did not finish. */
static bool
test_stress_child(const struct test_stress_shape *s, size_t size,
		  const struct tidy_rules *rules, double cpu_limit,
		  struct test_stress_result *res)
{
	int fd[2], status;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct test_stress_result r = { 0 };
		struct buf raw;
		close(fd[0]);
		buf_init(&raw);
		test_stress_article(s, size, &raw);
		test_stress_limit(cpu_limit);
		long rss0 = test_stress_maxrss();
		test_stress_work(&raw, rules, &r);
		r.rss_kib = test_stress_maxrss() - rss0;
		for (int i = 0; i < STAGE_N; i++)
			r.stage_kib[i] -= rss0;
		buf_fini(&raw);
		_exit(write(fd[1], &r, sizeof r) == (ssize_t)sizeof r ? 0 : 1);
	}
	close(fd[1]);
	ssize_t n = read(fd[0], res, sizeof *res);
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof *res && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		return true;
	print_message("stress: %s: the child %s %d (CPU limit %.0f s)\n",
		      s != NULL ? s->name : "plain",
		      WIFSIGNALED(status) ? "was killed by signal" : "exited with",
		      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
		      cpu_limit);
	return false;
}

/* Print what a child measured. */
static void
test_stress_print(const char *name, const struct test_stress_result *r)
{
	struct buf b;

	buf_init(&b);
	for (int i = 0; i < STAGE_N; i++)
		buf_printf(&b, " %s %.3f (+%.0f)", test_stress_stage_names[i],
			   r->stage[i], (double)r->stage_kib[i] / 1024);
	print_message("stress: %-16s cpu %7.3f s, peak +%6.1f MiB, %zu lines, "
		      "%zu hits;%s\n", name, r->cpu, (double)r->rss_kib / 1024,
		      r->lines, r->hits, buf_str(&b));
	buf_fini(&b);
}

/* Return false, with a message printed, when shape s, whose peak took
 * r->rss_kib at size bytes, takes more memory than the plain article's
 * (plain_kib) allows: 3x the file + 20 MiB more, or else a peak that
 * grows no faster than the article (another child at half the size). */
static bool
test_stress_memory(const struct test_stress_shape *s, size_t size,
		   const struct tidy_rules *rules, double cpu_limit,
		   const struct test_stress_result *r, long plain_kib)
{
	long max_kib = plain_kib + (long)((TEST_STRESS_MEM_FACTOR * size +
					   TEST_STRESS_MEM_SLACK) / 1024);
	long cap_kib = plain_kib + (long)(TEST_STRESS_MEM_CAP * (size / 1024));
	struct test_stress_result half;

	if (TEST_STRESS_ASAN || r->rss_kib <= max_kib)
		return true;
	if (r->rss_kib > cap_kib) {
		print_message("stress: %s: peak memory +%ld KiB, over %dx the "
			      "file\n", s->name, r->rss_kib, TEST_STRESS_MEM_CAP);
		return false;
	}
	if (!test_stress_child(s, size / 2, rules, cpu_limit, &half))
		return false;
	if (r->rss_kib <= TEST_STRESS_GROWTH * (double)half.rss_kib +
			  TEST_STRESS_GROWTH_SLACK) {
		print_message("stress: %-16s peak +%.1f MiB at half the size: "
			      "linear\n", s->name, (double)half.rss_kib / 1024);
		return true;
	}
	print_message("stress: %s: peak memory +%ld KiB, +%ld KiB at half the "
		      "size: it grows faster than the article\n", s->name,
		      r->rss_kib, half.rss_kib);
	return false;
}

/* Every shape against the plain article. */
static void
test_shapes(void **state)
{
	struct test_stress_result plain = { 0 }, r;
	const char *only = getenv(TEST_STRESS_ONLY_ENV);
	size_t size = test_stress_size(), failed = 0;
	struct tidy_rules rules;
	struct err err;

	(void)state;
	err_init(&err);
	tidy_rules_init(&rules);
	assert_true(tidy_rules_load(&rules, LEFTOVERS, &err));
	assert_true(test_stress_child(NULL, size, &rules, 600, &plain));
	test_stress_print("plain", &plain);
	double max_cpu = TEST_STRESS_TIME_RATIO *
			 (plain.cpu > 0.01 ? plain.cpu : 0.01);
	for (size_t i = 0; i < sizeof test_stress_shapes /
			       sizeof test_stress_shapes[0]; i++) {
		const struct test_stress_shape *s = &test_stress_shapes[i];
		if (only != NULL && strcmp(only, s->name) != 0)
			continue;
		bool ok = test_stress_child(s, size, &rules, 2 * max_cpu, &r);
		if (ok && r.cpu > max_cpu)	/* once more: the machine is shared */
			ok = test_stress_child(s, size, &rules, 2 * max_cpu, &r);
		if (ok)
			test_stress_print(s->name, &r);
		if (ok && r.cpu > max_cpu) {
			print_message("stress: %s: %.3f s of CPU, over %.0fx the "
				      "plain article's\n", s->name, r.cpu,
				      TEST_STRESS_TIME_RATIO);
			ok = false;
		}
		if (ok)
			ok = test_stress_memory(s, size, &rules, 2 * max_cpu, &r,
						plain.rss_kib);
		failed += !ok;
	}
	tidy_rules_fini(&rules);
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
