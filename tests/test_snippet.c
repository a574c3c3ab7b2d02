/* SPDX-License-Identifier: MIT */
/* Unit tests for snippet.c: the text shown under a search result, cut
 * around the first match with every match inside marked. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "text/snippet.h"
#include "text/utf8.h"

static const struct snippet_marks brackets = { "[", "]" };

/* Return the snippet of text for query in cols columns ("-" when there
 * is none), in a buffer the caller finishes. */
static void
snip(const char *query, const char *text, int cols, struct buf *out)
{
	struct snippet_query q;

	snippet_query_init(&q, query);
	buf_clear(out);
	if (!snippet_make(&q, text, strlen(text), cols, &brackets, out))
		buf_adds(out, "-");
	snippet_query_fini(&q);
}

/* Check that the snippet of text for query in 80 columns is want. */
static void
check(const char *query, const char *text, const char *want)
{
	struct buf out;

	buf_init(&out);
	snip(query, text, 80, &out);
	assert_string_equal(buf_str(&out), want);
	buf_fini(&out);
}

/* Matches are marked in the original text, whatever case or width it
 * was written in, and every term is marked. */
static void
test_marks(void **state)
{
	(void)state;
	check("数据", "大数据时代的数据库", "大[数据]时代的[数据]库");
	check("KERNEL", "The Kernel and the ｋｅｒｎｅｌ.",
	      "The [Kernel] and the [ｋｅｒｎｅｌ].");
	check("数据 kernel", "在 Kernel 里处理数据。",
	      "在 [Kernel] 里处理[数据]。");
	check("データ", "ﾃﾞｰﾀです", "[ﾃﾞｰﾀ]です");
	check("子计算的例", "这是量子计算的例子", "这是量[子计算的例]子");
}

/* A Latin term matches at the start of a word only, as the index
 * matches it; CJK matches anywhere. */
static void
test_word_start(void **state)
{
	(void)state;
	check("kernel", "mykernel and kernels", "mykernel and [kernel]s");
	check("kernel", "mykernel only", "-");
	check("内核", "操作系统内核", "操作系统[内核]");
	check("gpt", "数据GPT-4模型", "数据[GPT]-4模型");
}

/* Query syntax is text like any other: quotes and stars around a term
 * are not part of what is looked for; nothing searchable finds nothing. */
static void
test_query_text(void **state)
{
	(void)state;
	check("\"数据\"", "看数据", "看[数据]");
	check("GPT-4", "the GPT-4 model", "the [GPT-4] model");
	check("\"", "any text", "-");
	check("   ", "any text", "-");
	check("量子", "没有这个词", "-");
}

/* A long text is cut before and after the match, with an ellipsis each
 * side, within the columns asked for; the window does not reach back
 * over a line break. */
static void
test_window(void **state)
{
	struct buf text, out;

	(void)state;
	buf_init(&text);
	buf_init(&out);
	for (int i = 0; i < 100; i++)
		buf_adds(&text, "前文");
	buf_adds(&text, "关键词");
	for (int i = 0; i < 100; i++)
		buf_adds(&text, "后文");
	snip("关键词", buf_str(&text), 40, &out);
	assert_true(utf8_width(out.data, out.len) <= 40 + 2);	/* marks */
	assert_non_null(strstr(buf_str(&out), "[关键词]"));
	assert_memory_equal(out.data, "\xe2\x80\xa6", 3);
	assert_string_equal(out.data + out.len - 3, "\xe2\x80\xa6");
	/* The match stays near the start: at most a quarter before it. */
	assert_true(strstr(buf_str(&out), "[") - out.data <= 3 + 10 * 3);
	check("关键", "第一段很长很长\n关键在第二段", "…[关键]在第二段");
	buf_fini(&text);
	buf_fini(&out);
}

/* Lines are searched in order: the window opens on the line of the
 * first match, however far down, and matches on the lines after it
 * inside the window are marked too. */
static void
test_lines(void **state)
{
	struct buf text, out;

	(void)state;
	buf_init(&text);
	buf_init(&out);
	for (int i = 0; i < 50; i++)
		buf_adds(&text, "没有要找的词。\nnothing here\n");
	buf_adds(&text, "内核\n还有内核\n");
	snip("内核", buf_str(&text), 40, &out);
	assert_string_equal(buf_str(&out), "…[内核]\n还有[内核]\n");
	snip("here", "nowhere\nthere\nhere", 40, &out);
	assert_string_equal(buf_str(&out), "…[here]");
	buf_fini(&text);
	buf_fini(&out);
}

/* Several terms in the window are all marked, overlapping matches
 * once. */
static void
test_overlap(void **state)
{
	(void)state;
	check("数据 数据库", "数据库", "[数据库]");
	check("ab abc", "abc ab", "[abc] [ab]");
}

/* Regression (fuzzing): CR LF is one grapheme cluster whose first byte
 * is CR; the window must not run back over it into the line before. */
static void
test_crlf_ends_a_line(void **state)
{
	(void)state;
	check("bbbb", "aaaa\nbbbb", "…[bbbb]");
	check("bbbb", "aaaa\r\nbbbb", "…[bbbb]");
	check("bbbb", "aaaa\rbbbb", "…[bbbb]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crlf_ends_a_line),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_word_start),
		cmocka_unit_test(test_query_text),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
