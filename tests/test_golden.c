/* SPDX-License-Identifier: MIT */
/*
 * test_golden.c: golden layout tests. Each fixture in tests/fixtures/golden
 * (one Markdown construct each) is loaded, tidied with the bundled
 * leftover rules and laid out at 20, 40 and 80 columns with the default
 * options (leftovers folded, code not wrapped); the lines must equal
 * tests/golden/<fixture>.<width>.txt byte for byte.
 *
 * One layout line is one text line:
 *
 *	T |• 第一项，加粗| {S:10-14}
 *
 * first the role, padded to two columns (B blank, H1..H6 heading, t title,
 * m meta, u url, T text, C code, R rule, I image, F fold); between the
 * bars the prefix followed by the segments, so trailing blanks stay
 * visible. When a segment is styled, a summary follows: for
 * each style (S strong, E emphasis, C code, L link, X strike, M image) the
 * display-column ranges it covers, start inclusive, end exclusive,
 * counted from the left edge with the prefix included.
 *
 * To (re)write the golden files after an intended layout change, run
 *
 *	TSUNDOKU_UPDATE_GOLDEN=1 tests/test_golden
 *
 * in the build tree: it writes into the source tree's tests/golden (found
 * through FIXTURES) and passes. Read the diff before committing it.
 * Without that variable the source tree is never written to. A fixture
 * commented out in main() with a BUG note lays out wrongly today: enable
 * it, and write its golden files, with the fix.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "layout/layout.h"
#include "document/tidy.h"
#include "text/utf8.h"
#include "base/xmem.h"

#define GOLDEN_FIXTURES FIXTURES "/golden"
#define GOLDEN_DIR FIXTURES "/../golden"
#define LEFTOVERS FIXTURES "/../../data/leftovers"

static const int test_widths[] = { 20, 40, 80 };

/* What one fixture's test holds, freed by the teardown even when an
 * assertion fails. */
struct test_golden {
	const char *name;	/* fixture name without ".md" */
	struct doc *d;
	struct layout lo;
	struct tidy_rules rules;
	struct buf got, want, tmp;
};

/* Allocate the test's state for the fixture named by *state. */
static int
test_setup(void **state)
{
	struct test_golden *g = xcalloc(1, sizeof *g);

	g->name = *state;
	tidy_rules_init(&g->rules);
	buf_init(&g->got);
	buf_init(&g->want);
	buf_init(&g->tmp);
	*state = g;
	return 0;
}

/* Free everything the test's state holds. */
static int
test_teardown(void **state)
{
	struct test_golden *g = *state;

	layout_fini(&g->lo);
	doc_free(g->d);
	tidy_rules_fini(&g->rules);
	buf_fini(&g->got);
	buf_fini(&g->want);
	buf_fini(&g->tmp);
	free(g);
	return 0;
}

/* Return the two-column tag of line l's role. */
static const char *
test_tag(const struct layout_line *l)
{
	static const char *const headings[] = {
		"H1", "H2", "H3", "H4", "H5", "H6",
	};

	switch (l->role) {
	case LAYOUT_BLANK:
		return "B ";
	case LAYOUT_TITLE:
		return "t ";
	case LAYOUT_META:
		return "m ";
	case LAYOUT_URL:
		return "u ";
	case LAYOUT_TEXT:
		return "T ";
	case LAYOUT_HEADING:
		return l->level >= 1 && l->level <= 6 ? headings[l->level - 1] :
			"H?";
	case LAYOUT_CODE:
		return "C ";
	case LAYOUT_RULE:
		return "R ";
	case LAYOUT_IMAGE:
		return "I ";
	case LAYOUT_FOLD:
		return "F ";
	}
	return "??";
}

/* Append to out the column ranges of l's segments that carry style bit,
 * adjacent ones merged, each as "K:a-b" (K the style's letter) after
 * " {" for the first range of the line (*first) and "," for later ones. */
static void
test_style_ranges(const struct layout_line *l, unsigned bit, char letter,
		  bool *first, struct buf *out)
{
	int col = l->prefix_width, start = -1;

	for (size_t i = 0; i <= l->n_segs; i++) {
		bool on = i < l->n_segs && (l->segs[i].style & bit);
		if (on && start < 0)
			start = col;
		if (!on && start >= 0) {
			if (col > start)
				buf_printf(out, "%s%c:%d-%d", *first ? " {" : ",",
					   letter, start, col);
			*first = *first && col == start;
			start = -1;
		}
		if (i < l->n_segs)
			col += l->segs[i].width;
	}
}

/* Append line l to out as one text line, in the format described at the
 * top of this file. */
static void
test_render_line(const struct layout_line *l, struct buf *out)
{
	static const struct {
		unsigned bit;
		char letter;
	} styles[] = {
		{ DOC_STYLE_STRONG, 'S' }, { DOC_STYLE_EMPH, 'E' },
		{ DOC_STYLE_CODE, 'C' }, { DOC_STYLE_LINK, 'L' },
		{ DOC_STYLE_STRIKE, 'X' }, { DOC_STYLE_IMAGE, 'M' },
	};
	bool first = true;

	buf_adds(out, test_tag(l));
	buf_addc(out, '|');
	buf_adds(out, l->prefix);
	for (size_t i = 0; i < l->n_segs; i++)
		buf_add(out, l->segs[i].text, l->segs[i].len);
	buf_addc(out, '|');
	for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
		test_style_ranges(l, styles[i].bit, styles[i].letter, &first,
				  out);
	buf_adds(out, first ? "\n" : "}\n");
}

/* Return how many grapheme clusters s[0..len) holds. */
static size_t
test_clusters(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t off = 0; off < len; n++)
		off += utf8_cluster_len(s + off, len - off);
	return n;
}

/* Check the structural invariants of line i of lo: widths add up, no
 * line but code (never wrapped) or a lone cluster wider than the window
 * is wider than the window, offsets never go back. */
static void
test_check_line(const struct test_golden *g, size_t i)
{
	const struct layout_line *l = &g->lo.lines[i];
	int w = utf8_width(l->prefix, strlen(l->prefix));
	size_t clusters = 0;

	assert_int_equal(l->prefix_width, w);
	for (size_t j = 0; j < l->n_segs; j++) {
		assert_int_equal(l->segs[j].width,
				 utf8_width(l->segs[j].text, l->segs[j].len));
		w += l->segs[j].width;
		clusters += test_clusters(l->segs[j].text, l->segs[j].len);
	}
	assert_int_equal(l->width, w);
	if (l->width > g->lo.width && l->role != LAYOUT_CODE &&
	    !(l->prefix_width == 0 && clusters == 1))
		fail_msg("%s at %d: line %zu is %d columns wide", g->name,
			 g->lo.width, i, l->width);
	if (i > 0 && l->src_off < g->lo.lines[i - 1].src_off)
		fail_msg("%s at %d: line %zu starts before line %zu", g->name,
			 g->lo.width, i, i - 1);
}

/* Return the path of the golden file for the fixture at width in tmp. */
static const char *
test_golden_path(struct test_golden *g, int width)
{
	buf_clear(&g->tmp);
	buf_printf(&g->tmp, "%s/%s.%d.txt", GOLDEN_DIR, g->name, width);
	return buf_str(&g->tmp);
}

/* Read the file at path into out; false when it cannot be read. */
static bool
test_read_file(const char *path, struct buf *out)
{
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	buf_clear(out);
	if (fp == NULL)
		return false;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(out, chunk, n);
	bool ok = !ferror(fp);
	fclose(fp);
	return ok;
}

/* Write s[0..len) to the file at path, or fail. */
static void
test_write_file(const char *path, const char *s, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	bool ok = fwrite(s, 1, len, fp) == len;
	if (fclose(fp) != 0 || !ok)
		fail_msg("cannot write %s: %s", path, strerror(errno));
}

/* Return the length of the line starting at s[off] in s[0..len), its LF
 * excluded. */
static size_t
test_line_len(const char *s, size_t len, size_t off)
{
	const char *nl = memchr(s + off, '\n', len - off);

	return nl != NULL ? (size_t)(nl - (s + off)) : len - off;
}

/* Fail with the first line where got differs from want, expected and
 * got one above the other, unified-diff style. */
static void
test_report_diff(const char *path, const struct buf *want,
		 const struct buf *got)
{
	const char *w = buf_str(want), *o = buf_str(got);
	size_t a = 0, b = 0, line = 1;

	while (a < want->len || b < got->len) {
		bool ea = a >= want->len, eb = b >= got->len;
		size_t la = ea ? 0 : test_line_len(w, want->len, a);
		size_t lb = eb ? 0 : test_line_len(o, got->len, b);
		if (ea || eb || la != lb || memcmp(w + a, o + b, la) != 0) {
			print_error("--- %s\n+++ layout\n@@ line %zu @@\n"
				    "-%.*s\n+%.*s\n", path, line,
				    (int)la, ea ? "" : w + a, (int)lb,
				    eb ? "" : o + b);
			fail_msg("%s differs from the layout at line %zu%s "
				 "(TSUNDOKU_UPDATE_GOLDEN=1 rewrites it)", path,
				 line, ea ? ", past its end" :
				 eb ? ", past the layout's end" : "");
		}
		a += la + 1;
		b += lb + 1;
		line++;
	}
	fail_msg("%s differs from the layout in its final newline", path);
}

/* Lay the fixture out at each width and compare with (or, when
 * TSUNDOKU_UPDATE_GOLDEN=1, rewrite) its golden files. */
static void
test_golden(void **state)
{
	struct test_golden *g = *state;
	const char *update = getenv("TSUNDOKU_UPDATE_GOLDEN");
	struct err err;

	err_init(&err);
	buf_printf(&g->tmp, "%s/%s.md", GOLDEN_FIXTURES, g->name);
	if (!doc_load(buf_str(&g->tmp), &g->d, &err) ||
	    !tidy_rules_load(&g->rules, LEFTOVERS, &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
	tidy_doc(g->d, &g->rules);
	for (size_t k = 0; k < sizeof test_widths / sizeof test_widths[0]; k++) {
		struct layout_opts opts = { .width = test_widths[k] };
		layout_fini(&g->lo);
		layout_build_opts(&g->lo, g->d, &opts);
		buf_clear(&g->got);
		for (size_t i = 0; i < g->lo.n; i++) {
			test_check_line(g, i);
			test_render_line(&g->lo.lines[i], &g->got);
		}
		const char *path = test_golden_path(g, test_widths[k]);
		if (update != NULL && strcmp(update, "1") == 0)
			test_write_file(path, buf_str(&g->got), g->got.len);
		else if (!test_read_file(path, &g->want))
			fail_msg("cannot read %s: %s (TSUNDOKU_UPDATE_GOLDEN=1 "
				 "writes it)", path, strerror(errno));
		else if (g->want.len != g->got.len ||
			 memcmp(buf_str(&g->want), buf_str(&g->got),
				g->got.len) != 0)
			test_report_diff(path, &g->want, &g->got);
	}
}

/* One test per fixture, named after it. */
#define TEST_GOLDEN(fixture) { .name = fixture, .test_func = test_golden, \
	.setup_func = test_setup, .teardown_func = test_teardown, \
	.initial_state = fixture }

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST_GOLDEN("headings"),
		TEST_GOLDEN("inline"),
		TEST_GOLDEN("markers-space"),
		TEST_GOLDEN("softbreak"),
		TEST_GOLDEN("quote"),
		TEST_GOLDEN("lists"),
		TEST_GOLDEN("lists-indent"),
		TEST_GOLDEN("lists-adjacent"),
		TEST_GOLDEN("code"),
		TEST_GOLDEN("table"),
		TEST_GOLDEN("links"),
		TEST_GOLDEN("rule"),
		TEST_GOLDEN("html"),
		TEST_GOLDEN("kinsoku"),
		TEST_GOLDEN("emoji"),
		TEST_GOLDEN("korean"),
		TEST_GOLDEN("longrun"),
		TEST_GOLDEN("domain"),
		TEST_GOLDEN("wechat"),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
