/* SPDX-License-Identifier: MIT */
/*
 * test_motion.c: the reader's caret motions as a user sees them: l steps
 * over a ZWJ family or a flag as one character, w in Chinese jumps over a
 * run of Han characters to the punctuation and on to the Katakana, ( and
 * ) find sentences after 。！？ and closing quotes but not inside 3.14,
 * { and } go by paragraph, j and k keep the column across wrapped lines,
 * and S and P select the sentence and the paragraph under the caret.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "layout/layout.h"
#include "layout/motion.h"
#include "text/utf8.h"
#include "text/words.h"
#include "base/xmem.h"

/* A document laid out at some width, with its motion context. */
struct fix {
	struct doc *d;
	struct layout_lazy ll;
	struct motion m;
	struct motion_pos pos;
	int want;
};

static struct fix *
fix_new(const char *md, int width)
{
	struct fix *f = xcalloc(1, sizeof *f);
	struct layout_opts opts = { .width = width };

	f->d = doc_new("/t.md", md, strlen(md));
	doc_parse_all(f->d);
	layout_lazy_init(&f->ll, f->d, &opts);
	f->m = (struct motion){ .d = f->d, .ll = &f->ll };
	assert_true(motion_from_src(&f->m, 0, &f->pos));
	f->want = -1;
	return f;
}

static void
fix_free(struct fix *f)
{
	layout_lazy_fini(&f->ll);
	doc_free(f->d);
	free(f);
}

/* Assert that the caret stands on text starting with want. */
static void
at(struct fix *f, const char *want)
{
	const char *t = f->d->blocks[f->pos.block].text + f->pos.off;

	if (strncmp(t, want, strlen(want)) != 0)
		fail_msg("caret on \"%.20s\", expected \"%s\"", t, want);
}

static void
go(struct fix *f, enum motion_kind k, int count)
{
	motion_move(&f->m, k, count, &f->pos, &f->want);
}

/* Return the segments of s as "a|b|c". */
static char *
segs(const char *s)
{
	size_t len = strlen(s), k = 0;
	char *wb = xmalloc(len), *out = xmalloc(2 * len + 1);

	words_breaks(s, len, wb);
	for (size_t i = 0; i < len; i++) {
		if (wb[i] && i > 0)
			out[k++] = '|';
		out[k++] = s[i];
	}
	out[k] = '\0';
	free(wb);
	return out;
}

static void
test_words_cjk_runs(void **state)
{
	(void)state;
	char *s = segs("我们今天讨论カタカナとひらがな words，好的");
	assert_string_equal(s, "我们今天讨论|カタカナ|とひらがな| |words|，|好的");
	free(s);
	s = segs("It's 3.14 foo_bar U.S.A 👨‍👩‍👧 🇯🇵🇰🇷");
	assert_string_equal(s, "It's| |3.14| |foo_bar| |U.S.A| |👨‍👩‍👧| |🇯🇵🇰🇷");
	free(s);
}

static void
test_words_sentences(void **state)
{
	(void)state;
	const char *s = "第一句。第二句！“第三句？”然后 Pi is 3.14 here. Next?! Yes";
	size_t len = strlen(s);
	char *sb = xmalloc(len);
	const char *want[] = { "第一句", "第二句", "“第三句", "然后", "Next",
			       "Yes" };
	size_t n = 0;

	words_sentences(s, len, sb);
	for (size_t i = 0; i < len; i++) {
		if (!sb[i])
			continue;
		assert_true(n < sizeof want / sizeof want[0]);
		assert_memory_equal(s + i, want[n], strlen(want[n]));
		n++;
	}
	assert_int_equal(n, 6);
	free(sb);
}

static void
test_cluster_steps_emoji(void **state)
{
	(void)state;
	struct fix *f = fix_new("a👨‍👩‍👧b🇯🇵🇰🇷c e\xcc\x81x\n", 80);

	at(f, "a");
	go(f, MOTION_RIGHT, 1);
	at(f, "👨‍👩‍👧b");
	go(f, MOTION_RIGHT, 1);
	at(f, "b");
	go(f, MOTION_RIGHT, 1);
	at(f, "🇯🇵🇰🇷");
	go(f, MOTION_RIGHT, 1);
	at(f, "🇰🇷c");
	go(f, MOTION_RIGHT, 3);
	at(f, "e\xcc\x81x");
	go(f, MOTION_RIGHT, 1);
	at(f, "x");
	go(f, MOTION_LEFT, 1);
	at(f, "e\xcc\x81");
	go(f, MOTION_LEFT, 6);
	at(f, "👨‍👩‍👧");
	fix_free(f);
}

static void
test_words_cjk_and_latin(void **state)
{
	(void)state;
	struct fix *f = fix_new("中文分词很难，カタカナも。Mixed English 文字 text.\n\n"
				"第二段落。\n", 80);

	go(f, MOTION_WORD_NEXT, 1);
	at(f, "，");
	go(f, MOTION_WORD_NEXT, 1);
	at(f, "カタカナ");
	go(f, MOTION_WORD_NEXT, 1);
	at(f, "も");
	go(f, MOTION_WORD_NEXT, 2);
	at(f, "Mixed");
	go(f, MOTION_WORD_NEXT, 2);	/* a count */
	at(f, "文字");
	go(f, MOTION_WORD_END, 1);
	at(f, "字");
	go(f, MOTION_WORD_END, 1);
	at(f, "t.");
	go(f, MOTION_WORD_NEXT, 2);	/* over the end of the paragraph */
	at(f, "第二段落");
	go(f, MOTION_WORD_PREV, 1);
	at(f, ".");
	go(f, MOTION_WORD_PREV, 3);
	at(f, "English");
	go(f, MOTION_WORD_PREV, 99);
	at(f, "中文");
	fix_free(f);
}

static void
test_sentences_and_paragraphs(void **state)
{
	(void)state;
	struct fix *f = fix_new("# 标题\n\n第一句。第二句！“第三句？”最后 one. Two\n\n"
				"Next paragraph.\n", 80);
	struct motion_pos a, b;

	go(f, MOTION_PARA_NEXT, 1);
	at(f, "第一句");
	go(f, MOTION_SENTENCE_NEXT, 2);
	at(f, "“第三句");
	motion_sentence(&f->m, f->pos, &a, &b);
	assert_int_equal(motion_pos_cmp(a, f->pos), 0);
	assert_string_equal(f->d->blocks[b.block].text + b.off,
			    "”最后 one. Two");
	go(f, MOTION_RIGHT, 2);
	go(f, MOTION_SENTENCE_PREV, 1);
	at(f, "“第三句");
	go(f, MOTION_SENTENCE_NEXT, 2);
	at(f, "Two");
	go(f, MOTION_SENTENCE_NEXT, 1);
	at(f, "Next paragraph");
	go(f, MOTION_SENTENCE_PREV, 1);
	at(f, "Two");
	go(f, MOTION_PARA_PREV, 1);
	at(f, "第一句");
	go(f, MOTION_PARA_PREV, 1);
	at(f, "标题");
	go(f, MOTION_PARA_NEXT, 1);
	go(f, MOTION_RIGHT, 3);
	motion_paragraph(&f->m, f->pos, &a, &b);
	assert_int_equal(a.off, 0);
	assert_string_equal(f->d->blocks[b.block].text + b.off, "o");
	fix_free(f);
}

static void
test_lines(void **state)
{
	(void)state;
	/* 20 columns: ten Han characters per line. */
	struct fix *f = fix_new("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯\n\n"
				"abc\n", 20);
	int col;

	go(f, MOTION_RIGHT, 3);
	at(f, "四");
	struct layout_pos p = motion_line(&f->m, f->pos, &col);
	assert_non_null(layout_lazy_line(&f->ll, p));
	assert_int_equal(col, 6);
	go(f, MOTION_LINE_DOWN, 1);
	at(f, "丁");
	go(f, MOTION_LINE_DOWN, 1);
	at(f, "卯");		/* the line is shorter: its last character */
	go(f, MOTION_LINE_DOWN, 1);	/* over the blank line */
	at(f, "c");
	go(f, MOTION_LINE_UP, 2);
	at(f, "丁");		/* the column wanted is kept */
	go(f, MOTION_LINE_END, 1);
	at(f, "癸");
	go(f, MOTION_LINE_START, 1);
	at(f, "甲");
	go(f, MOTION_LINE_UP, 5);
	at(f, "一");
	fix_free(f);
}

/* Katakana with its long vowel mark is one word; Hangul words end at
 * spaces; a selection of a sentence leaves the spaces after it out. */
static void
test_kana_hangul_and_selection(void **state)
{
	(void)state;
	struct fix *f = fix_new("コーヒーを飲む。한국어 문장입니다.  Next one.\n", 80);
	struct motion_pos a, b;

	go(f, MOTION_WORD_END, 1);
	at(f, "ー");		/* the last ー of コーヒー */
	go(f, MOTION_WORD_NEXT, 1);
	at(f, "を飲む");	/* Hiragana, then Han: two words */
	go(f, MOTION_WORD_NEXT, 1);
	at(f, "飲む");
	go(f, MOTION_WORD_NEXT, 3);
	at(f, "한국어");
	go(f, MOTION_WORD_NEXT, 1);
	at(f, "문장입니다");
	motion_sentence(&f->m, f->pos, &a, &b);
	assert_string_equal(f->d->blocks[a.block].text + a.off,
			    "한국어 문장입니다.  Next one.");
	assert_string_equal(f->d->blocks[b.block].text + b.off, ".  Next one.");
	fix_free(f);
}

static void
test_from_src(void **state)
{
	(void)state;
	struct fix *f = fix_new("甲乙 **丙丁** 戊\n\nabc\n", 80);
	const char *src = f->d->src;

	assert_true(motion_from_src(&f->m, (size_t)(strstr(src, "丁") - src),
				    &f->pos));
	at(f, "丁");
	size_t end, s = motion_src(&f->m, f->pos, &end);
	assert_int_equal(s, (size_t)(strstr(src, "丁") - src));
	assert_int_equal(end - s, 3);
	assert_true(motion_from_src(&f->m, f->d->src_len, &f->pos));
	at(f, "c");
	fix_free(f);
}

/* w, b and e in a paragraph of many windows (motion.c segments 4 KB
 * either side of the caret) stop where the segments of the whole
 * paragraph say: every word or punctuation segment, in order. */
static void
test_words_windowed(void **state)
{
	static const char *const pieces[] = {
		"中文字", "Hello", "，", " ", "  ", "3.14", "カタカナ", "—",
		"e\xcc\x81", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "(x)",
		"don't", "a.b", "한국어", " ", "。", "x", "42", "\xe3\x80\x80",
	};
	struct buf md;
	uint32_t x = 7;

	(void)state;
	buf_init(&md);
	buf_adds(&md, "Start ");
	while (md.len < 5 * 4096) {
		x = x * 1103515245u + 12345u;
		buf_adds(&md, pieces[(x >> 16) % (sizeof pieces / sizeof *pieces)]);
	}
	buf_adds(&md, " end\n");
	struct fix *f = fix_new(buf_str(&md), 80);
	assert_int_equal(f->d->n_blocks, 1);
	const char *t = f->d->blocks[0].text;
	size_t len = f->d->blocks[0].text_len, n = 0;
	char *wb = xmalloc(len);
	size_t *stops = xcalloc(len, sizeof *stops);
	words_breaks(t, len, wb);
	for (size_t i = 0; i < len; i++)
		if (wb[i] && words_class(t + i, len - i) != WORDS_SPACE)
			stops[n++] = i;
	for (size_t k = 1; k < n; k++) {	/* w from the first stop on */
		go(f, MOTION_WORD_NEXT, 1);
		assert_int_equal(f->pos.off, stops[k]);
	}
	for (size_t k = n - 1; k-- > 0;) {	/* b back to the first */
		go(f, MOTION_WORD_PREV, 1);
		assert_int_equal(f->pos.off, stops[k]);
	}
	for (size_t k = 0; k < n; k++) {	/* e: each one's last cluster */
		size_t end = stops[k] + 1;
		while (end < len && !wb[end])
			end++;
		go(f, MOTION_WORD_END, 1);
		assert_int_equal(f->pos.off, end - utf8_cluster_len_before(t, end));
	}
	free(stops);
	free(wb);
	buf_fini(&md);
	fix_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_cjk_runs),
		cmocka_unit_test(test_words_sentences),
		cmocka_unit_test(test_cluster_steps_emoji),
		cmocka_unit_test(test_words_cjk_and_latin),
		cmocka_unit_test(test_sentences_and_paragraphs),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_kana_hangul_and_selection),
		cmocka_unit_test(test_from_src),
		cmocka_unit_test(test_words_windowed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
