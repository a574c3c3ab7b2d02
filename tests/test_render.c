/* SPDX-License-Identifier: MIT */
/*
 * test_render.c: what `tsundoku show` prints (render_article after
 * tidy_doc with the bundled leftover rules), for the chrome fixtures and
 * the bundled samples at 40, 80 and 120 columns: no line wider than the
 * width by utf8_width, the project's own width function, and no kinsoku
 * fault (a line that goes on a paragraph starting with closing
 * punctuation, or a line ending with opening punctuation). Colour uses
 * only our own escape sequences, and control characters in an article
 * never come out raw.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "layout/layout.h"
#include "layout/render.h"
#include "document/tidy.h"
#include "text/utf8.h"

#define LEFTOVERS FIXTURES "/../../data/leftovers"
#define SAMPLES FIXTURES "/../../data/samples"

static const int test_widths[] = { 40, 80, 120 };

/* Characters that must not start a line that goes on a paragraph, and
 * that must not end one. */
static const char *const test_no_start[] = {
	"，", "。", "、", "；", "：", "？", "！", "）", "」", "』", "》",
	"】", "〉", "”", "’",
};
static const char *const test_no_end[] = {
	"（", "「", "『", "《", "【", "〈", "“", "‘",
};

/* Return true when s[0..len) starts (or ends, when end) with one of the
 * n strings of set. */
static bool
test_edge(const char *s, size_t len, const char *const *set, size_t n,
	  bool end)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(set[i]);
		if (len >= k && memcmp(end ? s + len - k : s, set[i], k) == 0)
			return true;
	}
	return false;
}

/* Check the rendering of the file at path at every test width; add the
 * faults found to *faults and the lines too wide to *wide. */
static void
test_render_file(const char *path, const struct tidy_rules *rules,
		 int *wide, int *faults)
{
	struct doc *d;
	struct err err;
	struct buf out;

	err_init(&err);
	assert_true(doc_load(path, &d, &err));
	tidy_doc(d, rules);
	buf_init(&out);
	for (size_t w = 0; w < sizeof test_widths / sizeof *test_widths; w++) {
		int width = test_widths[w];
		buf_clear(&out);
		render_article(d, width, false, false, &out);
		const char *p = buf_str(&out), *prev = NULL;
		size_t prev_len = 0;
		while (*p != '\0') {
			const char *nl = strchr(p, '\n');
			size_t len = (size_t)(nl - p);
			assert_non_null(nl);
			if (utf8_width(p, len) > width) {
				(*wide)++;
				fprintf(stderr, "%s@%d too wide: %.*s\n", path,
					width, (int)len, p);
			}
			bool goes_on = prev != NULL && prev_len > 0 && len > 0;
			if (goes_on && (test_edge(p, len, test_no_start,
				sizeof test_no_start / sizeof *test_no_start, false) ||
			    test_edge(prev, prev_len, test_no_end,
				sizeof test_no_end / sizeof *test_no_end, true))) {
				(*faults)++;
				fprintf(stderr, "%s@%d kinsoku: %.*s\n", path,
					width, (int)len, p);
			}
			prev = p;
			prev_len = len;
			p = nl + 1;
		}
	}
	buf_fini(&out);
	doc_free(d);
	err_fini(&err);
}

/* Check every .txt file in dir. */
static void
test_render_dir(const char *dir, const struct tidy_rules *rules, int *wide,
		int *faults, int *files)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	struct buf path;

	assert_non_null(dp);
	buf_init(&path);
	while ((e = readdir(dp)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		buf_clear(&path);
		buf_printf(&path, "%s/%s", dir, e->d_name);
		test_render_file(buf_str(&path), rules, wide, faults);
		(*files)++;
	}
	buf_fini(&path);
	closedir(dp);
}

/* No line of show's output is too wide; no kinsoku fault. */
static void
test_widths_and_kinsoku(void **state)
{
	struct tidy_rules rules;
	struct err err;
	int wide = 0, faults = 0, files = 0;

	(void)state;
	err_init(&err);
	tidy_rules_init(&rules);
	assert_true(tidy_rules_load(&rules, LEFTOVERS, &err));
	test_render_dir(FIXTURES "/chrome", &rules, &wide, &faults, &files);
	test_render_dir(SAMPLES, &rules, &wide, &faults, &files);
	assert_true(files >= 20);
	assert_int_equal(wide, 0);
	assert_int_equal(faults, 0);
	tidy_rules_fini(&rules);
	err_fini(&err);
}

/* An escape character in the article comes out as a visible symbol;
 * with colour the only escapes are SGR sequences of our own. */
static void
test_no_raw_controls(void **state)
{
	static const char raw[] = "---\ntitle: a\x1b]0;owned\x07 title\n---\n\n"
		"text \x1b[31mred\x1b[0m and \xc2\x9b done [l](http://x/\x1b)\n";
	struct doc *d = doc_new("t.txt", raw, sizeof raw - 1);
	struct buf out;

	(void)state;
	buf_init(&out);
	render_article(d, 80, true, false, &out);
	for (const char *p = buf_str(&out); (p = strchr(p, '\x1b')) != NULL; p++)
		assert_true(p[1] == '[' && strspn(p + 2, "0123456789;") > 0 &&
			    p[2 + strspn(p + 2, "0123456789;")] == 'm');
	assert_null(strchr(buf_str(&out), '\x07'));
	assert_null(strstr(buf_str(&out), "\xc2\x9b"));
	buf_clear(&out);
	render_article(d, 80, false, false, &out);
	assert_null(strchr(buf_str(&out), '\x1b'));
	buf_fini(&out);
	doc_free(d);
}

/* The header of show has the whole title; the reader's layout at most
 * three lines of it, the last ending in "…". */
static void
test_long_title(void **state)
{
	struct buf raw, out;
	struct layout lo;
	struct layout_opts opts = { .width = 20, .title_lines = 3 };

	(void)state;
	buf_init(&raw);
	buf_adds(&raw, "---\ntitle: ");
	for (int i = 0; i < 500; i++)
		buf_adds(&raw, "很长的标题");
	buf_adds(&raw, "\n---\n\n正文。\n");
	struct doc *d = doc_new("t.txt", raw.data, raw.len);
	layout_build_opts(&lo, d, &opts);
	size_t titles = 0;
	for (size_t i = 0; i < lo.n; i++)
		titles += lo.lines[i].role == LAYOUT_TITLE;
	assert_int_equal(titles, 3);
	const struct layout_line *l = &lo.lines[2];
	const struct layout_seg *s = &l->segs[l->n_segs - 1];
	assert_true(s->len >= 3 && memcmp(s->text + s->len - 3, "…", 3) == 0);
	assert_true(l->width <= 20);
	layout_fini(&lo);
	buf_init(&out);
	render_article(d, 20, false, false, &out);
	assert_true(strlen(buf_str(&out)) > 2500 * 3);
	buf_fini(&out);
	buf_fini(&raw);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths_and_kinsoku),
		cmocka_unit_test(test_no_raw_controls),
		cmocka_unit_test(test_long_title),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
