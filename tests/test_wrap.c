/* SPDX-License-Identifier: MIT */
/* Unit tests for wrap.c: line breaking with CJK rules, forced breaks,
 * whole grapheme clusters, trailing spaces and hanging indents. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "text/utf8.h"
#include "text/wrap.h"

/* A Chinese paragraph with Latin words, a URL, quotes, brackets and emoji,
 * written for these tests. */
static const char sample_zh[] =
	"周末的早晨，我在旧书店里翻到一本关于排版的小册子（作者只署了一个"
	"字母）。书里写道：「标点不能放在行首，这就是所谓的“避头尾”。」我把"
	"这句话抄进笔记本，又顺手查了 Unicode 的 UAX #14 文档，地址是 "
	"https://www.unicode.org/reports/tr14/。回家的路上下起了小雨，街角的"
	"面包店飘出香味；我买了两个菠萝包🍍，还看到一面🇯🇵小旗子。真奇怪！"
	"为什么会这样？谁也说不清。\n第二段只有一句话、几个顿号、一个问号？";

/* Punctuation that must not start a line, and brackets that must not end
 * one. */
static const char *const no_start[] = {
	"。", "，", "、", "！", "？", "：", "；", "）", "」",
};
static const char *const no_end[] = { "「", "（" };

/* Return the column limit of line k. */
static int
limit_of(size_t k, int first_width, int width)
{
	return k == 0 ? first_width : width;
}

/* Return true when s[0..len) starts with the NUL-terminated p. */
static bool
starts_with(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	return len >= n && memcmp(s, p, n) == 0;
}

/* Return true when s[0..len), trailing spaces ignored, ends with p. */
static bool
ends_with(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);

	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len >= n && memcmp(s + len - n, p, n) == 0;
}

/* Return the width of s[0..len) without its trailing spaces. */
static int
ink_width(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return utf8_width(s, len);
}

/* Check what every wrapping must guarantee: the lines and the LFs between
 * them give back s; lines start and end on cluster boundaries; each width
 * is right and within its limit unless the line is one wide cluster. */
static void
check_invariants(const char *s, size_t len, int fw, int w,
		 const struct wrap_lines *wl)
{
	char *gb = malloc(len + 1);
	size_t pos = 0;

	utf8_grapheme_breaks(s, len, gb);
	gb[len] = 1;
	assert_true(wl->n >= 1);
	for (size_t k = 0; k < wl->n; k++) {
		const struct wrap_line *l = &wl->lines[k];
		if (k > 0 && l->off == pos + 1) {
			assert_int_equal(s[pos], '\n');
			pos++;
		}
		assert_int_equal(l->off, pos);
		assert_true(gb[l->off] && gb[l->off + l->len]);
		assert_null(memchr(s + l->off, '\n', l->len));
		assert_int_equal(l->width, ink_width(s + l->off, l->len));
		if (utf8_cluster_len(s + l->off, l->len) < l->len)
			assert_true(l->width <= limit_of(k, fw, w));
		pos += l->len;
	}
	assert_int_equal(pos, len);
	free(gb);
}

/* Check the kinsoku rules on every line of wl. */
static void
check_kinsoku(const char *s, const struct wrap_lines *wl)
{
	for (size_t k = 0; k < wl->n; k++) {
		const char *t = s + wl->lines[k].off;
		size_t n = wl->lines[k].len;
		for (size_t i = 0; i < sizeof no_start / sizeof *no_start; i++)
			assert_false(starts_with(t, n, no_start[i]));
		for (size_t i = 0; i < sizeof no_end / sizeof *no_end; i++)
			assert_false(ends_with(t, n, no_end[i]));
	}
}

/* Wrap s and compare the lines with want, "|"-separated. */
static void
check_lines(const char *s, int fw, int w, const char *want)
{
	struct wrap_lines wl;
	struct buf got;

	wrap_lines_init(&wl);
	buf_init(&got);
	size_t n = wrap_text(s, strlen(s), fw, w, &wl);
	assert_int_equal(n, wl.n);
	check_invariants(s, strlen(s), fw, w, &wl);
	for (size_t k = 0; k < wl.n; k++) {
		if (k > 0)
			buf_addc(&got, '|');
		buf_add(&got, s + wl.lines[k].off, wl.lines[k].len);
	}
	assert_string_equal(buf_str(&got), want);
	buf_fini(&got);
	wrap_lines_fini(&wl);
}

/* Full stop and comma are pulled down with the preceding character. */
static void
test_kinsoku_width8(void **state)
{
	(void)state;
	check_lines("中文中文。中文中文，中文", 8, 8,
		    "中文中|文。中文|中文，中|文");
}

/* Property: at every width the invariants hold; from 8 columns on (the
 * widest run that must stay together, 尾”。」, is 8) no line starts with
 * closing punctuation or ends with an opening bracket. Below that the
 * width limit wins. */
static void
test_kinsoku_property(void **state)
{
	(void)state;
	size_t len = strlen(sample_zh);

	for (int w = 2; w <= 40; w++) {
		struct wrap_lines wl;
		wrap_lines_init(&wl);
		wrap_text(sample_zh, len, w, w, &wl);
		check_invariants(sample_zh, len, w, w, &wl);
		if (w >= 8)
			check_kinsoku(sample_zh, &wl);
		wrap_lines_fini(&wl);
	}
}

/* Hanging indents of either sign keep the same guarantees. */
static void
test_property_indents(void **state)
{
	(void)state;
	size_t len = strlen(sample_zh);

	for (int fw = 8; fw <= 30; fw += 11) {
		for (int w = 8; w <= 30; w += 7) {
			struct wrap_lines wl;
			wrap_lines_init(&wl);
			wrap_text(sample_zh, len, fw, w, &wl);
			check_invariants(sample_zh, len, fw, w, &wl);
			check_kinsoku(sample_zh, &wl);
			wrap_lines_fini(&wl);
		}
	}
}

/* A 200-character URL is cut into full lines of 20 columns. */
static void
test_forced_url(void **state)
{
	(void)state;
	struct buf url;
	struct wrap_lines wl;

	buf_init(&url);
	buf_adds(&url, "https://example.com/");
	for (int i = 0; i < 180; i++)
		buf_addc(&url, (char)('a' + i % 26));
	wrap_lines_init(&wl);
	assert_int_equal(wrap_text(url.data, url.len, 20, 20, &wl), 10);
	check_invariants(url.data, url.len, 20, 20, &wl);
	for (size_t k = 0; k < wl.n; k++)
		assert_int_equal(wl.lines[k].width, 20);
	wrap_lines_fini(&wl);
	buf_fini(&url);
}

/* A word longer than the line moves to its own line, then is cut. */
static void
test_forced_long_word(void **state)
{
	(void)state;
	check_lines("a Pneumonoultramicroscopicsilicovolcanoconiosis b", 10, 10,
		    "a |Pneumonoul|tramicrosc|opicsilico|volcanocon|iosis b");
}

/* Unspaced CJK with no break opportunity is still cut, and a forced cut
 * avoids putting small kana and ー at a line start where it can. */
static void
test_forced_cjk(void **state)
{
	(void)state;
	check_lines("ねゃっ。ーーーーー", 6, 6, "ねゃっ|。ーー|ーーー");
	check_lines("中文中文", 1, 1, "中|文|中|文");
}

/* A forced cut inside a run without opportunities moves back rather than
 * start a line with a full stop or end one with an opening bracket. */
static void
test_forced_kinsoku(void **state)
{
	(void)state;
	check_lines("abcdefgh。ijk", 8, 8, "abcdefg|h。ijk");
	check_lines("abcdefg(hij", 8, 8, "abcdefg|(hij");
}

/* Emoji sequences, flags and combining marks are never split, even at
 * widths below their own. */
static void
test_clusters_whole(void **state)
{
	(void)state;
	const char *s = "👨‍👩‍👧🇯🇵🇰🇷e\xCC\x81👍🏽❤️x";
	struct wrap_lines wl;

	for (int w = 1; w <= 5; w++) {
		wrap_lines_init(&wl);
		wrap_text(s, strlen(s), w, w, &wl);
		check_invariants(s, strlen(s), w, w, &wl);
		if (w == 1)
			assert_int_equal(wl.n, 7);
		wrap_lines_fini(&wl);
	}
}

/* Trailing spaces stay on their line but do not count towards its width. */
static void
test_trailing_spaces(void **state)
{
	(void)state;
	struct wrap_lines wl;

	check_lines("aaaa bbbb", 5, 5, "aaaa |bbbb");
	check_lines("aaaa     bbbb", 5, 5, "aaaa     |bbbb");
	wrap_lines_init(&wl);
	wrap_text("aaaa     bbbb", 13, 5, 5, &wl);
	assert_int_equal(wl.lines[0].len, 9);
	assert_int_equal(wl.lines[0].width, 4);
	wrap_text("ab   ", 5, 2, 2, &wl);
	assert_int_equal(wl.n, 3);
	assert_int_equal(wl.lines[2].len, 5);
	assert_int_equal(wl.lines[2].width, 2);
	wrap_lines_fini(&wl);
}

/* The first line has its own width (hanging indents, list markers). */
static void
test_hanging_indent(void **state)
{
	(void)state;
	check_lines("aa bb cc dd ee ff", 4, 8, "aa |bb cc dd |ee ff");
	check_lines("aa bb cc dd ee ff", 8, 4, "aa bb cc |dd |ee |ff");
	check_lines("ab cdefghijkl", 12, 4, "ab |cdef|ghij|kl");
	check_lines("中文中文中文", 3, 6, "中|文中文|中文");
}

/* An LF is a mandatory break and belongs to no line; empty lines stay. */
static void
test_newlines(void **state)
{
	(void)state;
	struct wrap_lines wl;

	check_lines("ab\ncd\n\nef", 10, 10, "ab|cd||ef");
	check_lines("\n", 10, 10, "|");
	check_lines("中文\n", 2, 2, "中|文|");
	wrap_lines_init(&wl);
	wrap_text("ab\ncd\n\nef", 9, 10, 10, &wl);
	assert_int_equal(wl.lines[1].off, 3);
	assert_int_equal(wl.lines[2].off, 6);
	assert_int_equal(wl.lines[2].len, 0);
	assert_int_equal(wl.lines[3].off, 7);
	wrap_lines_fini(&wl);
}

/* Empty input gives one empty line; lines are appended to out. */
static void
test_empty(void **state)
{
	(void)state;
	struct wrap_lines wl;

	wrap_lines_init(&wl);
	assert_int_equal(wrap_text("", 0, 10, 10, &wl), 1);
	assert_int_equal(wl.lines[0].off, 0);
	assert_int_equal(wl.lines[0].len, 0);
	assert_int_equal(wl.lines[0].width, 0);
	assert_int_equal(wrap_text("a b", 3, 1, 1, &wl), 2);
	assert_int_equal(wl.n, 3);
	wrap_lines_fini(&wl);
}

/* Korean breaks at spaces, not between the syllables of a word. */
static void
test_korean_keep_all(void **state)
{
	(void)state;
	check_lines("한국어 문장은 띄어쓰기를 합니다", 10, 10,
		    "한국어 |문장은 |띄어쓰기를 |합니다");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinsoku_width8),
		cmocka_unit_test(test_kinsoku_property),
		cmocka_unit_test(test_property_indents),
		cmocka_unit_test(test_forced_url),
		cmocka_unit_test(test_forced_long_word),
		cmocka_unit_test(test_forced_cjk),
		cmocka_unit_test(test_forced_kinsoku),
		cmocka_unit_test(test_clusters_whole),
		cmocka_unit_test(test_trailing_spaces),
		cmocka_unit_test(test_hanging_indent),
		cmocka_unit_test(test_newlines),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_korean_keep_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
