/* SPDX-License-Identifier: MIT */
/* Unit tests for find.c: hits in a document's rendered text, found across
 * markup and line breaks, reported as the source ranges they came from. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "document/doc.h"
#include "document/find.h"

/* Return a new document made from the string s. */
static struct doc *
doc_of(const char *s)
{
	return doc_new("mem/test.md", s, strlen(s));
}

/* Check what every search result promises: hits in document order, not
 * overlapping, ranges inside their block's text and the source. */
static void
check_order(const struct doc *d, const struct find_hits *h)
{
	for (size_t k = 0; k < h->n; k++) {
		const struct find_hit *hit = &h->hits[k];
		assert_true(hit->block < d->n_blocks);
		const struct doc_block *b = &d->blocks[hit->block];
		assert_true(hit->text_off < hit->text_end);
		assert_true(hit->text_end <= b->text_len);
		assert_true(hit->src_off <= hit->src_end);
		assert_true(hit->src_off >= b->src_off);
		assert_true(hit->src_end <= b->src_end);
		if (k == 0)
			continue;
		const struct find_hit *prev = &h->hits[k - 1];
		assert_true(prev->block <= hit->block);
		if (prev->block == hit->block)
			assert_true(prev->text_end <= hit->text_off);
		assert_true(prev->src_end <= hit->src_off);
	}
}

/* Search d for q and check that the hits cover exactly the source texts
 * want[0..n), in order. */
static void
check_find(const struct doc *d, const char *q, const char *const *want,
	   size_t n)
{
	struct find_hits h;

	find_hits_init(&h);
	assert_int_equal(find_in_doc(d, q, strlen(q), &h), n);
	assert_int_equal(h.n, n);
	check_order(d, &h);
	for (size_t k = 0; k < n; k++) {
		const struct find_hit *hit = &h.hits[k];
		assert_int_equal(hit->src_end - hit->src_off, strlen(want[k]));
		assert_memory_equal(d->src + hit->src_off, want[k],
				    strlen(want[k]));
	}
	find_hits_fini(&h);
}

/* A two-character Chinese query is found in headings, paragraphs, list
 * items and quotes, at its exact source bytes. */
static void
test_chinese(void **state)
{
	struct doc *d = doc_of("# 中文标题\n\n这是中文。还有**中文**！\n\n"
			       "- 列表里的中文\n\n> 引用中文，中\n> 文\n");
	static const char *const want[] = {
		"中文", "中文", "中文", "中文", "中文", "中\n> 文",
	};
	struct find_hits h;

	(void)state;
	check_find(d, "中文", want, 6);
	find_hits_init(&h);
	find_in_doc(d, "中文", strlen("中文"), &h);
	assert_int_equal(h.hits[0].block, 0);
	assert_memory_equal(d->blocks[0].text + h.hits[0].text_off, "中文", 6);
	assert_int_equal(h.hits[2].text_end - h.hits[2].text_off, 6);
	find_hits_fini(&h);
	doc_free(d);
}

static void
test_latin_case(void **state)
{
	struct doc *d = doc_of("Hello WORLD, hello world.\n\n"
			       "## HELLO again\n\nShalom, not h-ello.\n");
	static const char *const want[] = { "Hello", "hello", "HELLO" };
	static const char *const want_world[] = { "WORLD", "world" };

	(void)state;
	check_find(d, "hello", want, 3);
	check_find(d, "HeLLo", want, 3);
	check_find(d, "ｗｏｒｌｄ", want_world, 2);
	doc_free(d);
}

/* A full-width query finds ASCII text and the other way round. */
static void
test_width(void **state)
{
	struct doc *d = doc_of("abc and ABC and ＡＢＣ, then ｶﾀｶﾅ.\n");
	static const char *const want[] = { "abc", "ABC", "ＡＢＣ" };
	static const char *const want_kana[] = { "ｶﾀｶﾅ" };

	(void)state;
	check_find(d, "ＡＢＣ", want, 3);
	check_find(d, "abc", want, 3);
	check_find(d, "カタカナ", want_kana, 1);
	doc_free(d);
}

/* Block text has no markup, so a hit spans bold and plain text; its
 * source range starts inside the bold and ends after it. */
static void
test_across_markup(void **state)
{
	struct doc *d = doc_of("前面**粗体**和普通文字，*斜*体和`代码`。\n");
	static const char *const want[] = { "体**和", "体和" };
	static const char *const want_code[] = { "和`代" };

	(void)state;
	check_find(d, "体和", want, 2);
	check_find(d, "和代", want_code, 1);
	doc_free(d);
}

/* A hit spans a soft line break: joined without a space between CJK
 * characters, with one between words. */
static void
test_across_lines(void **state)
{
	struct doc *d = doc_of("第一行的结\n尾和下一行\n\nfoo\nbar baz\n");
	static const char *const want[] = { "结\n尾" };
	static const char *const want_en[] = { "foo\nbar" };

	(void)state;
	check_find(d, "结尾", want, 1);
	check_find(d, "foo bar", want_en, 1);
	doc_free(d);
}

/* A hit in a decoded entity covers the whole entity. */
static void
test_entities(void **state)
{
	struct doc *d = doc_of("Tom &amp; Jerry &#x4E2D;文\n");
	static const char *const want[] = { "&amp;" };
	static const char *const want_cjk[] = { "&#x4E2D;文" };

	(void)state;
	check_find(d, "&", want, 1);
	check_find(d, "中文", want_cjk, 1);
	doc_free(d);
}

/* Absent text, empty and blank queries find nothing; white space around
 * a query is ignored (also the ideographic space of Chinese input). */
static void
test_no_hits_and_trimming(void **state)
{
	struct doc *d = doc_of("中文内容 with words.\n\n中文\n");
	static const char *const want[] = { "中文", "中文" };
	struct find_hits h;

	(void)state;
	check_find(d, "日本", NULL, 0);
	check_find(d, "", NULL, 0);
	check_find(d, "  \t ", NULL, 0);
	check_find(d, "  中文 ", want, 2);
	check_find(d, "\xE3\x80\x80中文\xE3\x80\x80", want, 2);
	/* A second search replaces the first one's hits. */
	find_hits_init(&h);
	assert_int_equal(find_in_doc(d, "中文", strlen("中文"), &h), 2);
	assert_int_equal(find_in_doc(d, "words", 5, &h), 1);
	assert_int_equal(find_in_doc(d, "", 0, &h), 0);
	assert_int_equal(h.n, 0);
	find_hits_fini(&h);
	find_hits_fini(&h);
	find_hits_fini(NULL);
	doc_free(d);
}

/* Hits never overlap: "aa" in "aaaaa" is found twice. */
static void
test_non_overlapping(void **state)
{
	struct doc *d = doc_of("aaaaa 哈哈哈\n");
	static const char *const want[] = { "aa", "aa" };
	static const char *const want_cjk[] = { "哈哈" };

	(void)state;
	check_find(d, "AA", want, 2);
	check_find(d, "哈哈", want_cjk, 1);
	doc_free(d);
}

/* find_text_to_src maps one-to-one runs byte for byte and other runs as a
 * whole; find_hits_after finds the next hit from a source offset. */
static void
test_text_to_src_and_after(void **state)
{
	struct doc *d = doc_of("一 &copy; 二\n\n二 三 二\n");
	const struct doc_block *b = &d->blocks[0];
	struct find_hits h;
	size_t off, end;

	(void)state;
	find_text_to_src(b, 0, 3, &off, &end);
	assert_memory_equal(d->src + off, "一", end - off);
	find_text_to_src(b, 4, 5, &off, &end);
	assert_int_equal(end - off, 6);
	assert_memory_equal(d->src + off, "&copy;", 6);
	find_hits_init(&h);
	assert_int_equal(find_in_doc(d, "二", strlen("二"), &h), 3);
	assert_int_equal(find_hits_after(&h, 0), 0);
	assert_int_equal(find_hits_after(&h, h.hits[0].src_off), 0);
	assert_int_equal(find_hits_after(&h, h.hits[0].src_off + 1), 1);
	assert_int_equal(find_hits_after(&h, h.hits[2].src_off), 2);
	assert_int_equal(find_hits_after(&h, d->src_len), 3);
	find_hits_fini(&h);
	doc_free(d);
}

/* A 2 MB article of many paragraphs is searched in one pass and every
 * occurrence is counted. */
static void
test_large_document(void **state)
{
	struct buf b;
	struct find_hits h;
	size_t n = 0;

	(void)state;
	buf_init(&b);
	while (b.len < 2 * 1024 * 1024) {
		buf_printf(&b, "第%zu段：这是**测试**文本，Keyword 出现一次；"
			   "其余都是填充的中文内容，不含关键。\n\n", n);
		n++;
	}
	struct doc *d = doc_new("mem/big.md", b.data, b.len);
	find_hits_init(&h);
	assert_int_equal(find_in_doc(d, "试文", strlen("试文"), &h), n);
	check_order(d, &h);
	assert_int_equal(h.hits[n - 1].src_end - h.hits[n - 1].src_off, 8);
	assert_memory_equal(d->src + h.hits[n - 1].src_off, "试**文", 8);
	assert_int_equal(find_in_doc(d, "KEYWORD", 7, &h), n);
	assert_int_equal(find_in_doc(d, "关键", strlen("关键"), &h), n);
	assert_int_equal(find_in_doc(d, "不存在", strlen("不存在"), &h), 0);
	find_hits_fini(&h);
	doc_free(d);
	buf_fini(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_latin_case),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_across_markup),
		cmocka_unit_test(test_across_lines),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_no_hits_and_trimming),
		cmocka_unit_test(test_non_overlapping),
		cmocka_unit_test(test_text_to_src_and_after),
		cmocka_unit_test(test_large_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
