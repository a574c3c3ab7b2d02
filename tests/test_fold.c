/* SPDX-License-Identifier: MIT */
/* Unit tests for fold.c: which texts fold alike, that the map leads every
 * hit back to exactly its source text, odd input, and that the fast path
 * agrees with u8_casefold on every code point. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include "base/buf.h"
#include "text/fold.h"

/* Check the map's contract for f folded from s[0..len): non-decreasing,
 * every entry the start of a cluster, map[len] the source length. */
static void
check_map(const struct fold *f, size_t len)
{
	assert_int_equal(f->map[f->len], len);
	assert_int_equal(strlen(f->text), f->len);
	for (size_t i = 0; i < f->len; i++) {
		assert_true(f->map[i] <= f->map[i + 1]);
		assert_true(f->map[i] < len);
	}
}

/* Check that s folds to want. */
static void
check_fold(const char *s, const char *want)
{
	struct fold f;

	fold_init(&f);
	fold_text(s, strlen(s), &f);
	assert_string_equal(f.text, want);
	assert_int_equal(f.len, strlen(want));
	check_map(&f, strlen(s));
	fold_fini(&f);
}

/* Check that a and b fold to the same bytes. */
static void
check_same(const char *a, const char *b)
{
	struct fold fa, fb;

	fold_init(&fa);
	fold_init(&fb);
	fold_text(a, strlen(a), &fa);
	fold_text(b, strlen(b), &fb);
	assert_string_equal(fa.text, fb.text);
	fold_fini(&fa);
	fold_fini(&fb);
}

/* Fold s and the query q, find the nth occurrence of q in folded s and
 * check that it maps back to want in s; return the resume offset. */
static size_t
check_hit(const char *s, const char *q, size_t nth, const char *want)
{
	struct fold f;
	struct buf fq;
	size_t off, end, next, i = 0;
	const char *p = NULL;

	fold_init(&f);
	buf_init(&fq);
	fold_text(s, strlen(s), &f);
	fold_query(q, strlen(q), &fq);
	for (size_t k = 0; k <= nth; k++) {
		p = strstr(f.text + i, buf_str(&fq));
		assert_non_null(p);
		i = (size_t)(p - f.text) + fq.len;
	}
	next = fold_map(&f, (size_t)(p - f.text), i, &off, &end);
	assert_true(next >= i);
	assert_int_equal(end - off, strlen(want));
	assert_memory_equal(s + off, want, end - off);
	buf_fini(&fq);
	fold_fini(&f);
	return next;
}

static void
test_case_and_width(void **state)
{
	(void)state;
	check_fold("ＡＢＣ", "abc");
	check_same("ＡＢＣ", "abc");
	check_same("ABC", "abc");
	check_fold("Hello, World!", "hello, world!");
	check_fold("ＡＢＣ１２３ｄｅｆ", "abc123def");
	check_same("１２３４５６７８９０", "1234567890");
	check_fold("１０％ ＯＦＦ！", "10% off!");
	check_same("ΣΑΣ", "σας");
}

static void
test_kana_and_cjk(void **state)
{
	(void)state;
	check_fold("ｶﾀｶﾅ", "カタカナ");
	check_same("ｶﾀｶﾅ", "カタカナ");
	check_fold("ｶﾞｷﾞ", "ガギ");
	check_fold("中文的文本「引号」、还有。", "中文的文本「引号」、还有。");
	check_fold("한국어 ひらがな", "한국어 ひらがな");
	check_fold("中文，真的！", "中文,真的!");
	check_fold("㈱ ① ㌔ ﬁ", "(株) 1 キロ fi");
}

static void
test_sharp_s_and_accents(void **state)
{
	(void)state;
	check_fold("Straße", "strasse");
	check_same("Straße", "STRASSE");
	check_same("É", "é");
	check_same("é", "e\xCC\x81");
	check_same("ÉCOLE", "e\xCC\x81" "cole");
	check_fold("e\xCC\x81", "é");
}

/* A hit maps back to exactly the source text it stands for. */
static void
test_map_hits(void **state)
{
	(void)state;
	check_hit("xxＡＢＣyy", "abc", 0, "ＡＢＣ");
	check_hit("xxＡＢＣyy", "xａ", 0, "xＡ");
	check_hit("Straße", "SS", 0, "ß");
	check_hit("Straße", "straße", 0, "Straße");
	check_hit("café, cafe\xCC\x81", "CAFÉ", 1, "cafe\xCC\x81");
	check_hit("ｶﾀｶﾅｶﾞｷﾞ", "ギ", 0, "ｷﾞ");
	check_hit("株式会社㈱です", "(株)", 0, "㈱");
	check_hit("中文Ｔｅｘｔ中文", "t中", 0, "ｔ中");
	check_hit("一二三", "二", 0, "二");
}

/* A hit ending inside a cluster's folded form takes the whole cluster,
 * and the next search starts after it, so hits never share a cluster. */
static void
test_map_partial_cluster(void **state)
{
	(void)state;
	assert_int_equal(check_hit("aßb", "s", 0, "ß"), 3);
	assert_int_equal(check_hit("aßb", "as", 0, "aß"), 3);
	check_hit("aﬁb", "f", 0, "ﬁ");
}

/* Empty text, a lone combining mark, emoji sequences, invalid bytes and
 * CR LF all fold without surprises. */
static void
test_edge_input(void **state)
{
	struct fold f;

	(void)state;
	fold_init(&f);
	fold_text("", 0, &f);
	assert_int_equal(f.len, 0);
	assert_string_equal(f.text, "");
	assert_int_equal(f.map[0], 0);
	fold_fini(&f);
	fold_fini(&f);
	fold_fini(NULL);

	check_fold("\xCC\x81", "\xCC\x81");
	check_fold("\xCC\x81" "A", "\xCC\x81" "a");
	/* man ZWJ woman ZWJ girl: one cluster, every byte maps to 0. */
	const char *fam = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9"
			  "\xE2\x80\x8D\xF0\x9F\x91\xA7";
	fold_init(&f);
	fold_text(fam, strlen(fam), &f);
	assert_string_equal(f.text, fam);
	for (size_t i = 0; i < f.len; i++)
		assert_int_equal(f.map[i], 0);
	fold_fini(&f);
	check_hit("我👍🏽了", "👍", 0, "👍🏽");

	check_fold("a\xFF" "B", "a\xEF\xBF\xBD" "b");
	check_fold("中\xE4\xB8", "中\xEF\xBF\xBD");
	check_hit("a\xFF" "B", "\xEF\xBF\xBD", 0, "\xFF");
	fold_init(&f);
	fold_text("a\r\nB", 4, &f);
	assert_string_equal(f.text, "a\r\nb");
	assert_int_equal(f.map[2], 1);
	assert_int_equal(f.map[3], 3);
	fold_fini(&f);
}

/* One struct fold reused for texts of different sizes keeps each result
 * intact. */
static void
test_reuse(void **state)
{
	struct fold f;
	struct buf big;

	(void)state;
	fold_init(&f);
	buf_init(&big);
	for (int i = 0; i < 1000; i++)
		buf_adds(&big, "ＡＢ中");
	fold_text("Short", 5, &f);
	assert_string_equal(f.text, "short");
	fold_text(big.data, big.len, &f);
	assert_int_equal(f.len, 1000 * 5);
	check_map(&f, big.len);
	assert_int_equal(f.map[f.len - 1], big.len - 3);
	fold_text("ÄB", strlen("ÄB"), &f);
	assert_string_equal(f.text, "äb");
	assert_int_equal(f.map[f.len], strlen("ÄB"));
	buf_fini(&big);
	fold_fini(&f);
}

static void
test_query(void **state)
{
	struct buf q;

	(void)state;
	buf_init(&q);
	fold_query("  ＡＢＣ \t", strlen("  ＡＢＣ \t"), &q);
	assert_string_equal(buf_str(&q), "abc");
	buf_clear(&q);
	fold_query("\xE3\x80\x80中 文\xC2\xA0", strlen("\xE3\x80\x80中 文\xC2\xA0"),
		   &q);
	assert_string_equal(buf_str(&q), "中 文");
	buf_clear(&q);
	fold_query(" \t\xE3\x80\x80 ", strlen(" \t\xE3\x80\x80 "), &q);
	assert_int_equal(q.len, 0);
	fold_query("", 0, &q);
	assert_int_equal(q.len, 0);
	buf_adds(&q, "x");
	fold_query("Y", 1, &q);
	assert_string_equal(buf_str(&q), "xy");
	buf_fini(&q);
}

/* Fold every Unicode scalar value alone, through fold_text (and so its
 * fast path) and straight through u8_casefold: the results agree. */
static void
test_fast_path_agrees(void **state)
{
	struct fold f;

	(void)state;
	fold_init(&f);
	for (ucs4_t cp = 1; cp <= 0x10FFFF; cp++) {
		uint8_t s[4], stack[64];
		size_t n = sizeof stack;
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		int len = u8_uctomb(s, cp, sizeof s);
		uint8_t *r = u8_casefold(s, (size_t)len, NULL, UNINORM_NFKC,
					 stack, &n);
		assert_non_null(r);
		fold_text((const char *)s, (size_t)len, &f);
		if (f.len != n || memcmp(f.text, r, n) != 0)
			fail_msg("U+%04X folds differently", (unsigned)cp);
		if (r != stack)
			free(r);
	}
	fold_fini(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_and_width),
		cmocka_unit_test(test_kana_and_cjk),
		cmocka_unit_test(test_sharp_s_and_accents),
		cmocka_unit_test(test_map_hits),
		cmocka_unit_test(test_map_partial_cluster),
		cmocka_unit_test(test_edge_input),
		cmocka_unit_test(test_reuse),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_fast_path_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
