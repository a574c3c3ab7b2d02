/* SPDX-License-Identifier: MIT */
/*
 * test_layout.c: what the reader shows, line by line, at any width: no
 * line wider than the window, Chinese punctuation where a typesetter puts
 * it, the header first, no Markdown syntax left over, every segment tied
 * to the source bytes it shows, and the same text at the top of the screen
 * after a resize. The invariants run over hand-written documents, the
 * bundled samples and the hostile fixtures, at widths from 1 to 80.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "layout/layout.h"
#include "text/utf8.h"
#include "base/xmem.h"

#define SAMPLES FIXTURES "/../../data/samples"

/* What a test holds, freed by the teardown even when an assertion fails. */
struct fixture {
	struct doc *d;
	struct layout lo, lo2;
	struct buf b, b2;
};

static int
test_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	buf_init(&f->b);
	buf_init(&f->b2);
	*state = f;
	return 0;
}

static int
test_teardown(void **state)
{
	struct fixture *f = *state;

	layout_fini(&f->lo);
	layout_fini(&f->lo2);
	doc_free(f->d);
	buf_fini(&f->b);
	buf_fini(&f->b2);
	free(f);
	return 0;
}

/* Replace the fixture's document with one built from md. */
static struct doc *
test_doc(struct fixture *f, const char *md)
{
	doc_free(f->d);
	f->d = doc_new("/articles/t.md", md, strlen(md));
	return f->d;
}

/* Replace the fixture's document with the file at path. */
static struct doc *
test_load(struct fixture *f, const char *path)
{
	struct err err;

	doc_free(f->d);
	f->d = NULL;
	err_init(&err);
	if (!doc_load(path, &f->d, &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
	return f->d;
}

/* Lay the fixture's document out again at width into lo. */
static struct layout *
test_build(struct fixture *f, struct layout *lo, int width)
{
	layout_fini(lo);
	layout_build(lo, f->d, width);
	return lo;
}

/* Put the text of line l (prefix excluded) into out. */
static const char *
test_line_text(const struct layout_line *l, struct buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < l->n_segs; i++)
		buf_add(out, l->segs[i].text, l->segs[i].len);
	return buf_str(out);
}

/* Put the text of all lines of role, joined without separators, into
 * out. */
static const char *
test_role_text(const struct layout *lo, enum layout_role role,
	       struct buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < lo->n; i++)
		for (size_t j = 0; lo->lines[i].role == role &&
		     j < lo->lines[i].n_segs; j++)
			buf_add(out, lo->lines[i].segs[j].text,
				lo->lines[i].segs[j].len);
	return buf_str(out);
}

/* Return the index of the first line of role, or lo->n. */
static size_t
test_find_role(const struct layout *lo, enum layout_role role)
{
	size_t i = 0;

	while (i < lo->n && lo->lines[i].role != role)
		i++;
	return i;
}

/* Return the index of the first line whose text contains needle, or
 * lo->n. */
static size_t
test_find_text(const struct layout *lo, const char *needle, struct buf *tmp)
{
	for (size_t i = 0; i < lo->n; i++)
		if (strstr(test_line_text(&lo->lines[i], tmp), needle) != NULL)
			return i;
	return lo->n;
}

/* Return true when line l is allowed past the width: a single grapheme
 * cluster wider than a 1-column window. */
static bool
test_may_overflow(const struct layout *lo, const struct layout_line *l)
{
	if (lo->width != 1 || l->prefix_width != 0 || l->n_segs != 1)
		return false;
	return utf8_cluster_len(l->segs[0].text, l->segs[0].len) ==
	       l->segs[0].len;
}

/* Return the block of d whose rendered text holds the segment s, or
 * NULL for synthetic text (header fields, placeholders, rules). *hint is
 * where the search starts and is left at the block found: segments come
 * in block order, so the search is short. */
static const struct doc_block *
test_block_of(const struct doc *d, const struct layout_seg *s, size_t *hint)
{
	uintptr_t p = (uintptr_t)s->text;

	for (size_t k = 0; k < d->n_blocks; k++) {
		size_t i = (*hint + k) % d->n_blocks;
		const struct doc_block *blk = &d->blocks[i];
		uintptr_t t = (uintptr_t)blk->text;
		if (blk->text != NULL && p >= t && p < t + blk->text_len) {
			*hint = i;
			return blk;
		}
	}
	return NULL;
}

/* Check that a segment taken from a block's text carries the source
 * offset of its first byte and, where its run maps byte for byte onto
 * the source, shows exactly those source bytes. Return true when the
 * segment was checked byte for byte. */
static bool
test_check_seg_src(const struct doc *d, const struct doc_block *blk,
		   const struct layout_seg *s)
{
	size_t t = (size_t)(s->text - blk->text);

	for (size_t i = 0; i < blk->n_runs; i++) {
		const struct doc_run *r = &blk->runs[i];
		if (t < r->text_off || t >= r->text_off + r->len)
			continue;
		/* Segments never straddle runs: one style each. */
		assert_true(t + s->len <= r->text_off + r->len);
		assert_int_equal(s->style & r->style, r->style);
		if (r->src_len != r->len) {
			assert_int_equal(s->src_off, r->src_off);
			return false;
		}
		assert_int_equal(s->src_off, r->src_off + (t - r->text_off));
		assert_true(s->src_off + s->len <= d->src_len);
		if (memcmp(s->text, d->src + s->src_off, s->len) != 0)
			fail_msg("segment \"%.*s\" at %zu shows \"%.*s\"",
				 (int)s->len, s->text, s->src_off, (int)s->len,
				 d->src + s->src_off);
		return true;
	}
	fail_msg("segment \"%.*s\" is in no run", (int)s->len, s->text);
	return false;
}

/* Check the invariants every layout of d must keep, whatever the text:
 * widths add up and fit, offsets never go back and stay in the source,
 * segments show the source bytes they claim. Return how many segments
 * were checked byte for byte against the source. */
static size_t
test_check_layout(const struct doc *d, const struct layout *lo, int width)
{
	size_t n_checked = 0, hint = 0;

	assert_int_equal(lo->width, width > 0 ? width : 1);
	assert_true(lo->n > 0);
	assert_int_equal(lo->lines[0].role, LAYOUT_TITLE);
	for (size_t i = 0; i < lo->n; i++) {
		const struct layout_line *l = &lo->lines[i];
		int w = l->prefix_width;

		assert_non_null(l->prefix);
		assert_int_equal(l->prefix_width,
				 utf8_width(l->prefix, strlen(l->prefix)));
		for (size_t j = 0; j < l->n_segs; j++) {
			const struct layout_seg *s = &l->segs[j];
			const struct doc_block *blk = test_block_of(d, s, &hint);
			assert_true(s->len > 0);
			assert_int_equal(s->width, utf8_width(s->text, s->len));
			w += s->width;
			if (blk != NULL)
				n_checked += test_check_seg_src(d, blk, s);
		}
		assert_int_equal(w, l->width);
		if (l->width > lo->width && !test_may_overflow(lo, l))
			fail_msg("line %zu is %d columns wide at width %d: "
				 "\"%s\" + \"%.*s\"", i, l->width, lo->width,
				 l->prefix, l->n_segs ? (int)l->segs[0].len : 0,
				 l->n_segs ? l->segs[0].text : "");
		if (i > 0 && l->src_off < lo->lines[i - 1].src_off)
			fail_msg("line %zu starts at %zu, before line %zu (%zu)",
				 i, l->src_off, i - 1, lo->lines[i - 1].src_off);
		assert_true(l->src_off <= l->src_end);
		if (l->src_end > d->src_len)
			fail_msg("line %zu (role %d) ends at %zu, past the "
				 "source (%zu bytes)", i, (int)l->role,
				 l->src_end, d->src_len);
	}
	return n_checked;
}

/* Check that, for every line of a, the line b shows first for a's
 * offset holds that offset: after a resize from a to b the text at the
 * top of the screen stays there. */
static void
test_check_resize(const struct layout *a, const struct layout *b)
{
	for (size_t i = 0; i < a->n; i++) {
		size_t off = a->lines[i].src_off;
		size_t row = layout_row_for_off(b, off);
		assert_true(row < b->n);
		const struct layout_line *l = &b->lines[row];
		/* The byte at off may be shown by no line at all (a trailing
		 * space trimmed at the new width): then the line before it
		 * is right, provided the next line starts after it. */
		bool hidden = off >= l->src_end &&
			(row + 1 == b->n || b->lines[row + 1].src_off > off);
		if (l->src_off > off ||
		    (l->src_off != off && off >= l->src_end && !hidden))
			fail_msg("width %d line %zu starts at %zu; width %d "
				 "row %zu shows [%zu, %zu)", a->width, i, off,
				 b->width, row, l->src_off, l->src_end);
	}
}

/* Return true when cp is in the UTF-8 string set. */
static bool
test_cp_in(uint32_t cp, const char *set)
{
	size_t len = strlen(set);

	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_decode(set + i, len - i, &c);
		if (c == cp)
			return true;
	}
	return false;
}

/* Return true when line l shows a Han ideograph: a place where the line
 * could have been broken instead. */
static bool
test_has_han(const struct layout_line *l)
{
	for (size_t i = 0; i < l->n_segs; i++)
		for (size_t j = 0; j < l->segs[i].len;) {
			uint32_t cp;
			j += utf8_decode(l->segs[i].text + j, l->segs[i].len - j,
					 &cp);
			if (cp >= 0x4E00 && cp <= 0x9FFF)
				return true;
		}
	return false;
}

/* Return true when lines a and b are consecutive lines of one paragraph
 * and a had another place to break. */
static bool
test_same_para(const struct doc *d, const struct layout_line *a,
	       const struct layout_line *b)
{
	if (a->role != LAYOUT_TEXT || b->role != LAYOUT_TEXT ||
	    a->n_segs == 0 || b->n_segs == 0 || !test_has_han(a))
		return false;
	for (size_t i = a->src_end; i + 1 < b->src_off && i + 1 < d->src_len; i++)
		if (d->src[i] == '\n' && d->src[i + 1] == '\n')
			return false;
	return b->src_off >= a->src_end;
}

/* Chinese typesetting (kinsoku): inside a paragraph, closing punctuation
 * never starts a line and opening punctuation never ends one. */
static void
test_check_kinsoku(const struct doc *d, const struct layout *lo)
{
	static const char closing[] = "。，、！？：；）」";
	static const char opening[] = "「（";

	for (size_t i = 1; i < lo->n; i++) {
		const struct layout_line *prev = &lo->lines[i - 1];
		const struct layout_line *l = &lo->lines[i];
		const struct layout_seg *s0, *s1;
		uint32_t first, last;
		size_t n;

		if (!test_same_para(d, prev, l))
			continue;
		s0 = &l->segs[0];
		s1 = &prev->segs[prev->n_segs - 1];
		n = utf8_cluster_len_before(s1->text, s1->len);
		utf8_decode(s0->text, s0->len, &first);
		utf8_decode(s1->text + s1->len - n, n, &last);
		if (test_cp_in(first, closing))
			fail_msg("width %d line %zu starts with U+%04X: "
				 "\"%.*s\"", lo->width, i, (unsigned)first,
				 (int)s0->len, s0->text);
		if (test_cp_in(last, opening))
			fail_msg("width %d line %zu ends with U+%04X: \"%.*s\"",
				 lo->width, i - 1, (unsigned)last, (int)s1->len,
				 s1->text);
	}
}

/* Build a Markdown document whose paragraphs put each punctuation mark
 * exactly where a naive line breaker would break at width: closing marks
 * just after a full line, opening marks in its last column. */
static void
test_kinsoku_doc(struct buf *out, int width)
{
	static const char *const closing[] = {
		"。", "，", "、", "！", "？", "：", "；", "）", "」",
	};
	static const char *const opening[] = { "「", "（" };
	static const char *const han[] = {
		"读", "书", "人", "的", "文", "章", "保", "存", "在", "终",
	};
	int n = width / 2;

	buf_adds(out, "---\ntitle: 标点\n---\n");
	for (size_t k = 0; k < sizeof closing / sizeof closing[0]; k++) {
		buf_adds(out, "\n");
		for (int i = 0; i < n; i++)
			buf_adds(out, han[i % 10]);
		buf_adds(out, closing[k]);
		buf_adds(out, "后面还有一些文字。\n");
	}
	for (size_t k = 0; k < sizeof opening / sizeof opening[0]; k++) {
		buf_adds(out, "\n");
		for (int i = 0; i < n - 1; i++)
			buf_adds(out, han[i % 10]);
		buf_adds(out, opening[k]);
		buf_adds(out, "引文内容很长很长很长很长很长很长很长。\n");
	}
}

static const char test_article[] =
	"---\n"
	"title: 终端里的十年\n"
	"source: 小工具\n"
	"date: 2023-03-31\n"
	"url: https://example.org/2023/03/ten-years\n"
	"---\n"
	"\n"
	"# 第一章：开始\n"
	"\n"
	"十年前，我写过一篇短文（略带自得），说要把整个工作日都搬进终端窗口："
	"邮件、笔记、日历、音乐播放器——一切都是文本，一切都可以写脚本。"
	"有位读者最近问我：「你现在还这样工作吗？」老实说，答案是「大部分是」，"
	"而有意思的部分，恰恰在「大部分」这三个字里。编辑器留了下来；"
	"shell 的历史记录也留了下来，而且比我装过的任何聪明工具都更有价值！\n"
	"\n"
	"## 第二节\n"
	"\n"
	"这是**粗体**和*斜体*，还有`代码`与[链接](http://x.y/z)。\n"
	"\n"
	"- 第一项\n"
	"- 第二项，这一项的文字比较长，需要折成好几行才能放得下，对吧？\n"
	"  1. 嵌套的第一项\n"
	"  2. 嵌套的第二项\n"
	"\n"
	"> 引用的文字，也要折行，而且每一行前面都要有竖线标记。引用的文字。\n"
	"\n"
	"![一张图片](img/a.png)\n"
	"\n"
	"```\n"
	"int main(void) { return 0; }\n"
	"printf(\"中文\");\n"
	"```\n"
	"\n"
	"---\n"
	"\n"
	"最后一段。\n";

/* Lay the article out at many widths: the invariants hold everywhere
 * and the punctuation rules hold where a line has room for them. */
static void
test_article_widths(void **state)
{
	static const int widths[] = { 1, 2, 3, 5, 7, 20, 21, 25, 39, 40, 80 };
	struct fixture *f = *state;

	test_doc(f, test_article);
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		test_build(f, &f->lo, widths[i]);
		assert_true(test_check_layout(f->d, &f->lo, widths[i]) > 0);
		if (widths[i] >= 20)
			test_check_kinsoku(f->d, &f->lo);
	}
}

static void
test_kinsoku(void **state)
{
	static const int widths[] = { 20, 40, 80 };
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		buf_clear(&f->b);
		test_kinsoku_doc(&f->b, widths[i]);
		test_doc(f, buf_str(&f->b));
		test_build(f, &f->lo, widths[i]);
		test_check_layout(f->d, &f->lo, widths[i]);
		test_check_kinsoku(f->d, &f->lo);
		/* Moving the mark made the previous line shorter, not
		 * wider: every paragraph still takes at least two lines. */
		assert_true(f->lo.n >= 2 + 2 * 11);
	}
}

static void
test_header(void **state)
{
	static const int widths[] = { 20, 40, 80 };
	struct fixture *f = *state;

	test_doc(f, test_article);
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		struct layout *lo = test_build(f, &f->lo, widths[i]);
		size_t title = test_find_role(lo, LAYOUT_TITLE);
		size_t meta = test_find_role(lo, LAYOUT_META);
		size_t url = test_find_role(lo, LAYOUT_URL);
		assert_int_equal(title, 0);
		assert_true(meta > title && meta < lo->n);
		assert_true(url > meta && url < lo->n);
		/* Nothing of the body comes before the header ends. */
		for (size_t j = 0; j <= url; j++)
			assert_true(lo->lines[j].role == LAYOUT_TITLE ||
				    lo->lines[j].role == LAYOUT_META ||
				    lo->lines[j].role == LAYOUT_URL);
		assert_string_equal(test_role_text(lo, LAYOUT_TITLE, &f->b),
				    "终端里的十年");
		assert_string_equal(test_role_text(lo, LAYOUT_META, &f->b),
				    "小工具 · 2023-03-31");
		assert_string_equal(test_role_text(lo, LAYOUT_URL, &f->b),
				    "https://example.org/2023/03/ten-years");
		/* The body starts after a blank line. */
		size_t end = url;
		while (end < lo->n && lo->lines[end].role == LAYOUT_URL)
			end++;
		assert_true(end + 1 < lo->n);
		assert_int_equal(lo->lines[end].role, LAYOUT_BLANK);
		assert_int_equal(lo->lines[end + 1].role, LAYOUT_HEADING);
	}
}

/* Without front matter the title comes from the first heading, and no
 * empty META or URL line appears. */
static void
test_header_fallback(void **state)
{
	struct fixture *f = *state;

	test_doc(f, "Some text.\n\n# 真正的标题\n\nMore.\n");
	test_build(f, &f->lo, 40);
	test_check_layout(f->d, &f->lo, 40);
	assert_string_equal(test_role_text(&f->lo, LAYOUT_TITLE, &f->b),
			    "真正的标题");
	assert_int_equal(test_find_role(&f->lo, LAYOUT_META), f->lo.n);
	assert_int_equal(test_find_role(&f->lo, LAYOUT_URL), f->lo.n);

	test_doc(f, "Just text.\n");
	test_build(f, &f->lo, 40);
	test_check_layout(f->d, &f->lo, 40);
	assert_string_equal(test_role_text(&f->lo, LAYOUT_TITLE, &f->b), "t.md");
}

/* Append a URL of exactly len bytes without a break opportunity after
 * the scheme to out. */
static void
test_long_url(size_t len, struct buf *out)
{
	static const char head[] = "https://example.com/";

	buf_adds(out, head);
	for (size_t i = sizeof head - 1; i < len; i++)
		buf_addc(out, (char)('a' + i % 26));
}

static void
test_long_url_body(void **state)
{
	static const int widths[] = { 5, 20, 40, 80 };
	struct fixture *f = *state;
	const char *url;

	test_long_url(300, &f->b2);
	url = buf_str(&f->b2);
	buf_printf(&f->b, "---\ntitle: 长链接\nurl: %s\n---\n\n原文：\n%s\n\n"
		   "完。\n", url, url);
	test_doc(f, buf_str(&f->b));
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		struct layout *lo = test_build(f, &f->lo, widths[i]);
		test_check_layout(f->d, lo, widths[i]);
		/* Nothing is lost: the URL is all there, in order. */
		assert_non_null(strstr(test_role_text(lo, LAYOUT_TEXT, &f->b),
				       url));
		assert_string_equal(test_role_text(lo, LAYOUT_URL, &f->b), url);
		assert_true(lo->n > 2 * 300 / (size_t)widths[i]);
	}
}

/* Every line of a 40-column layout, looked up in an 80- and a 25-column
 * one, lands on a line showing the same text. */
static void
test_resize_keeps_place(void **state)
{
	struct fixture *f = *state;

	test_doc(f, test_article);
	test_build(f, &f->lo, 40);
	test_build(f, &f->lo2, 80);
	test_check_resize(&f->lo, &f->lo2);
	test_build(f, &f->lo2, 25);
	test_check_resize(&f->lo, &f->lo2);
	test_build(f, &f->lo2, 1);
	test_check_resize(&f->lo, &f->lo2);

	/* A line that starts inside a long paragraph maps to the line that
	 * holds its first character at the new width. */
	size_t i = test_find_text(&f->lo, "聪明", &f->b);
	assert_true(i < f->lo.n);
	size_t off = f->lo.lines[i].src_off;
	size_t row = layout_row_for_off(&f->lo2, off);
	assert_true(f->lo2.lines[row].src_off <= off);
	assert_true(off < f->lo2.lines[row].src_end);
}

static void
test_row_for_off_edges(void **state)
{
	struct fixture *f = *state;
	struct layout empty;

	memset(&empty, 0, sizeof empty);
	assert_int_equal(layout_row_for_off(&empty, 0), 0);
	assert_int_equal(layout_row_for_off(&empty, 1000), 0);

	test_doc(f, test_article);
	test_build(f, &f->lo, 30);
	/* The header lines all start at 0; the first of them is chosen. */
	assert_int_equal(layout_row_for_off(&f->lo, 0), 0);
	/* Past the end: the last line. */
	assert_int_equal(layout_row_for_off(&f->lo, f->d->src_len + 100),
			 f->lo.n - 1);
	/* Each line's own offset gives the first line with that offset. */
	for (size_t i = 0; i < f->lo.n; i++) {
		size_t row = layout_row_for_off(&f->lo, f->lo.lines[i].src_off);
		assert_true(row <= i);
		assert_int_equal(f->lo.lines[row].src_off,
				 f->lo.lines[i].src_off);
		assert_true(row == 0 || f->lo.lines[row - 1].src_off <
					f->lo.lines[i].src_off);
	}
}

static void
test_roles_and_styles(void **state)
{
	struct fixture *f = *state;
	bool strong = false, emph = false, code = false, link = false;

	test_doc(f, test_article);
	test_build(f, &f->lo, 80);
	size_t h1 = test_find_text(&f->lo, "第一章：开始", &f->b);
	size_t h2 = test_find_text(&f->lo, "第二节", &f->b);
	assert_true(h1 < f->lo.n && h2 < f->lo.n);
	assert_int_equal(f->lo.lines[h1].role, LAYOUT_HEADING);
	assert_int_equal(f->lo.lines[h1].level, 1);
	assert_int_equal(f->lo.lines[h2].role, LAYOUT_HEADING);
	assert_int_equal(f->lo.lines[h2].level, 2);
	/* The heading shows its text, not its '#'. */
	assert_string_equal(test_line_text(&f->lo.lines[h1], &f->b),
			    "第一章：开始");

	size_t p = test_find_text(&f->lo, "粗体", &f->b);
	assert_true(p < f->lo.n);
	const struct layout_line *l = &f->lo.lines[p];
	assert_int_equal(l->role, LAYOUT_TEXT);
	assert_int_equal(l->level, 0);
	for (size_t i = 0; i < l->n_segs; i++) {
		const struct layout_seg *s = &l->segs[i];
		char text[64];
		snprintf(text, sizeof text, "%.*s", (int)s->len, s->text);
		if (strcmp(text, "粗体") == 0)
			strong = s->style == DOC_STYLE_STRONG;
		if (strcmp(text, "斜体") == 0)
			emph = s->style == DOC_STYLE_EMPH;
		if (strcmp(text, "代码") == 0)
			code = s->style == DOC_STYLE_CODE;
		if (strcmp(text, "链接") == 0)
			link = s->style == DOC_STYLE_LINK;
		if (strstr(text, "和") != NULL)
			assert_int_equal(s->style, 0);
	}
	assert_true(strong);
	assert_true(emph);
	assert_true(code);
	assert_true(link);
	assert_string_equal(test_line_text(l, &f->b),
			    "这是粗体和斜体，还有代码与链接[1]。");
}

/* No Markdown syntax reaches the screen. */
static void
test_no_markup(void **state)
{
	static const char *const markup[] = {
		"**", "](", "`", "[链接", "http://x.y", "](http", "# ", "- [",
	};
	struct fixture *f = *state;

	test_doc(f, "---\ntitle: x\n---\n\n**粗体** and [链接](http://x.y)\n\n"
		 "# 标题 #\n\n*斜* _体_ `码` ~~删~~\n");
	test_build(f, &f->lo, 80);
	test_check_layout(f->d, &f->lo, 80);
	for (size_t i = 1; i < f->lo.n; i++) {
		const char *text = test_line_text(&f->lo.lines[i], &f->b);
		for (size_t k = 0; k < sizeof markup / sizeof markup[0]; k++)
			if (strstr(text, markup[k]) != NULL)
				fail_msg("line %zu shows \"%s\"", i, text);
		for (const char *c = text; *c != '\0'; c++)
			if (*c == '*' || *c == '_' || *c == '~')
				fail_msg("line %zu shows \"%s\"", i, text);
	}
	assert_int_not_equal(test_find_text(&f->lo, "粗体 and 链接", &f->b),
			     f->lo.n);
	assert_int_not_equal(test_find_text(&f->lo, "斜 体 码 删", &f->b),
			     f->lo.n);
}

static void
test_image(void **state)
{
	struct fixture *f = *state;

	test_doc(f, test_article);
	test_build(f, &f->lo, 80);
	size_t i = test_find_role(&f->lo, LAYOUT_IMAGE);
	assert_true(i < f->lo.n);
	const char *text = test_line_text(&f->lo.lines[i], &f->b);
	assert_non_null(strstr(text, "一张图片"));
	assert_null(strstr(text, "img/a.png"));
	assert_null(strstr(text, "!["));
	assert_true(f->lo.lines[i].n_segs > 0);
	assert_true(f->lo.lines[i].segs[0].style & DOC_STYLE_IMAGE);
	/* The placeholder stands for the image's source: it starts there
	 * and claims nothing of the paragraph that follows. */
	const char *img = strstr(f->d->src, "![一张图片]");
	assert_int_equal(f->lo.lines[i].src_off, (size_t)(img - f->d->src));
	size_t next = test_find_text(&f->lo, "int main", &f->b);
	assert_true(next < f->lo.n);
	assert_true(f->lo.lines[i].src_end <= f->lo.lines[next].src_off);
	/* Exactly one image line: the alt text is not repeated as text. */
	assert_int_equal(test_find_role(&f->lo, LAYOUT_IMAGE), i);
	for (size_t j = i + 1; j < f->lo.n; j++)
		assert_int_not_equal(f->lo.lines[j].role, LAYOUT_IMAGE);
}

static const char test_table[] =
	"| 名称 | 说明 |\n"
	"| --- | --- |\n"
	"| 索引 | 按关键词排好序的目录，查找时先二分再翻页 |\n"
	"| key | **粗体** value |\n";

/* Tables: columns line up (every row's separator at the same column), a
 * rule follows the header, cells wrap inside their column, no line is
 * wider than the window, and a window too narrow for columns gets one
 * "header: value" record per row instead. */
static void
test_table_columns(void **state)
{
	struct fixture *f = *state;
	static const int widths[] = { 80, 30, 20 };

	test_doc(f, test_table);
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		test_build(f, &f->lo, widths[w]);
		size_t head = test_find_text(&f->lo, "名称", &f->b);
		assert_true(head < f->lo.n);
		assert_int_equal(f->lo.lines[head + 1].role, LAYOUT_RULE);
		int sep_col = -1;
		for (size_t i = head; i < f->lo.n; i++) {
			const struct layout_line *l = &f->lo.lines[i];
			assert_true(l->width <= widths[w]);
			if (l->role != LAYOUT_TEXT)
				continue;
			int col = 0;
			for (size_t k = 0; k < l->n_segs; k++) {
				if (l->segs[k].len == strlen(" │ ") &&
				    memcmp(l->segs[k].text, " │ ", l->segs[k].len) == 0)
					break;
				col += l->segs[k].width;
			}
			if (sep_col < 0)
				sep_col = col;
			assert_int_equal(col, sep_col);
		}
	}
	/* At 30 columns the long cell wraps: more lines than rows. */
	test_build(f, &f->lo, 30);
	size_t a = test_find_text(&f->lo, "索引", &f->b);
	size_t b = test_find_text(&f->lo, "key", &f->b);
	assert_true(b > a + 1);
	/* Too narrow for two columns of 4: records. */
	test_build(f, &f->lo, 10);
	assert_true(test_find_text(&f->lo, "名称: 索引", &f->b) < f->lo.n);
	for (size_t i = 0; i < f->lo.n; i++)
		assert_true(f->lo.lines[i].width <= 10);
}

/* Without wrap_code each code line stays one layout line as wide as it
 * is, so the reader can scroll it; with it, code wraps within the width
 * like text, and either way the text is the same. */
static void
test_code_unwrapped(void **state)
{
	struct fixture *f = *state;
	struct layout_opts opts = { .width = 20 };
	const char *line = "let total = items.iter().map(|x| x.price).sum();";

	test_doc(f, "Before.\n\n```\nlet total = items.iter().map(|x| "
		 "x.price).sum();\nok();\n```\n\nAfter.\n");
	layout_fini(&f->lo);
	layout_build_opts(&f->lo, f->d, &opts);
	size_t code = test_find_text(&f->lo, line, &f->b);
	assert_true(code < f->lo.n);
	assert_int_equal(f->lo.lines[code].role, LAYOUT_CODE);
	assert_int_equal(f->lo.lines[code].width, (int)strlen(line));
	assert_string_equal(test_line_text(&f->lo.lines[code + 1], &f->b),
			    "ok();");
	test_build(f, &f->lo2, 20);
	for (size_t i = 0; i < f->lo2.n; i++)
		assert_true(f->lo2.lines[i].width <= 20);
	assert_true(f->lo2.n > f->lo.n);
}

static void
test_rule_and_code(void **state)
{
	struct fixture *f = *state;

	test_doc(f, test_article);
	test_build(f, &f->lo, 80);
	size_t code = test_find_text(&f->lo, "int main(void)", &f->b);
	assert_true(code < f->lo.n);
	assert_int_equal(f->lo.lines[code].role, LAYOUT_CODE);
	/* Code keeps its lines: the next source line is the next line. */
	assert_int_equal(f->lo.lines[code + 1].role, LAYOUT_CODE);
	assert_string_equal(test_line_text(&f->lo.lines[code + 1], &f->b),
			    "printf(\"中文\");");

	size_t rule = test_find_role(&f->lo, LAYOUT_RULE);
	size_t last = test_find_text(&f->lo, "最后一段。", &f->b);
	assert_true(rule > code && rule < f->lo.n);
	assert_true(last > rule && last < f->lo.n);
	assert_true(f->lo.lines[rule].width > 0);
	/* The rule stands for its own "---" and no more. */
	const char *dashes = strstr(f->d->src, "\n---\n\n最后") + 1;
	assert_int_equal(f->lo.lines[rule].src_off,
			 (size_t)(dashes - f->d->src));
	assert_true(f->lo.lines[rule].src_end <= f->lo.lines[last].src_off);
}

static void
test_lists_and_quotes(void **state)
{
	struct fixture *f = *state;

	test_doc(f, test_article);
	test_build(f, &f->lo, 30);
	test_check_layout(f->d, &f->lo, 30);

	size_t one = test_find_text(&f->lo, "第一项", &f->b);
	assert_true(one < f->lo.n);
	assert_string_equal(f->lo.lines[one].prefix, "• ");
	assert_int_equal(f->lo.lines[one].prefix_width, 2);
	assert_string_equal(test_line_text(&f->lo.lines[one], &f->b), "第一项");

	/* A long item: marker on its first line, blanks as wide below. */
	size_t two = test_find_text(&f->lo, "第二项", &f->b);
	assert_int_equal(two, one + 1);
	assert_string_equal(f->lo.lines[two].prefix, "• ");
	assert_int_equal(f->lo.lines[two + 1].role, LAYOUT_TEXT);
	assert_string_equal(f->lo.lines[two + 1].prefix, "  ");

	/* Nested ordered items: numbered, indented deeper. */
	size_t n1 = test_find_text(&f->lo, "嵌套的第一项", &f->b);
	size_t n2 = test_find_text(&f->lo, "嵌套的第二项", &f->b);
	assert_true(n1 > two && n2 == n1 + 1);
	assert_non_null(strstr(f->lo.lines[n1].prefix, "1. "));
	assert_non_null(strstr(f->lo.lines[n2].prefix, "2. "));
	assert_true(f->lo.lines[n1].prefix_width > 2);
	assert_string_equal(test_line_text(&f->lo.lines[n1], &f->b),
			    "嵌套的第一项");

	/* Quotes: every line carries the bar, none shows '>'. */
	size_t q = test_find_text(&f->lo, "引用的文字", &f->b);
	assert_true(q < f->lo.n);
	assert_true(f->lo.lines[q + 1].role == LAYOUT_TEXT);
	for (size_t i = q; i < q + 2; i++) {
		assert_true(strncmp(f->lo.lines[i].prefix, "│", 3) == 0);
		assert_null(strchr(test_line_text(&f->lo.lines[i], &f->b),
				   '>'));
	}
}

/* Tiny windows: nothing crashes, nothing is lost, nothing overflows but
 * a single wide character in a 1-column window. */
static void
test_narrow(void **state)
{
	static const int widths[] = { 1, 2, 5 };
	struct fixture *f = *state;

	test_doc(f, "---\ntitle: 窄\nsource: 来源\ndate: 2024-01-01\n---\n\n"
		 "中文，段落。abc def\n\n- 列表\n  - 嵌套\n\n"
		 "> > 两层引用\n\n1. 一\n\n---\n\n![图](x.png)\n");
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		struct layout *lo = test_build(f, &f->lo, widths[i]);
		test_check_layout(f->d, lo, widths[i]);
		assert_non_null(strstr(test_role_text(lo, LAYOUT_TEXT, &f->b),
				       "中文，段落。abc"));
	}
	/* A width of 0 or less is treated as 1. */
	test_build(f, &f->lo, 0);
	test_check_layout(f->d, &f->lo, 1);
}

/* The shipped samples and the hostile fixtures keep every invariant at
 * every width, and keep their place across resizes. */
static void
test_files(void **state)
{
	static const char *const files[] = {
		SAMPLES "/000_cece56143c996f50.txt",
		SAMPLES "/001_43549ce56a5b4def.txt",
		SAMPLES "/002_922508f76dcb3e2c.txt",
		SAMPLES "/003_9566d8e0472cd7ef.txt",
		SAMPLES "/004_239c1653c6f4091c.txt",
		SAMPLES "/005_2e0b2255d16fb005.txt",
		SAMPLES "/006_94e8783541ae7f04.txt",
		SAMPLES "/007_4084cad5cbaadc92.txt",
		SAMPLES "/008_689cdc991d88a6be.txt",
		SAMPLES "/009_4ea64fa384a7993a.txt",
		SAMPLES "/010_2b8d7662e771b5a8.txt",
		FIXTURES "/hostile/broken-front-matter.txt",
		FIXTURES "/hostile/controls.txt",
		FIXTURES "/hostile/crlf-bom.txt",
		FIXTURES "/hostile/empty.txt",
		FIXTURES "/hostile/escape.txt",
		FIXTURES "/hostile/invalid-utf8.txt",
		FIXTURES "/hostile/long-line.txt",
		FIXTURES "/hostile/long-url.txt",
		FIXTURES "/hostile/unclosed-front-matter.txt",
	};
	static const int widths[] = { 1, 5, 25, 80 };
	struct fixture *f = *state;

	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
		test_load(f, files[k]);
		test_build(f, &f->lo, 40);
		test_check_layout(f->d, &f->lo, 40);
		test_check_kinsoku(f->d, &f->lo);
		for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
			test_build(f, &f->lo2, widths[i]);
			test_check_layout(f->d, &f->lo2, widths[i]);
			if (widths[i] >= 20)
				test_check_kinsoku(f->d, &f->lo2);
			test_check_resize(&f->lo, &f->lo2);
		}
	}
}

/* Lay out at width one paragraph of unit repeated to size bytes; return
 * the bytes the layout took: its arena (segments, prefixes) and its
 * lines. */
static size_t
test_layout_cost(struct fixture *f, const char *unit, size_t size, int width)
{
	size_t cost;

	buf_clear(&f->b);
	buf_adds(&f->b, "---\ntitle: t\n---\n\n");
	while (f->b.len < size)
		buf_adds(&f->b, unit);
	f->d = doc_new("t.md", buf_str(&f->b), f->b.len);
	layout_build(&f->lo, f->d, width);
	cost = f->lo.arena.total + f->lo.cap * sizeof *f->lo.lines;
	layout_fini(&f->lo);
	doc_free(f->d);
	f->d = NULL;
	return cost;
}

/* Fuzzing found layout quadratic in lines x runs: every line of a
 * paragraph got room for all its runs (*a over 100 KB: 3.9 GB). Twice
 * the text must take about twice the memory, not four times. */
static void
test_linear_in_runs(void **state)
{
	static const char *const units[] = {
		"*a", "**a", "`a", "`a` ", "abcdefgh\n", "*a* **b** `c` ",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t small = test_layout_cost(f, units[i], 8192, 40);
		size_t big = test_layout_cost(f, units[i], 16384, 40);
		if (big >= 3 * small)
			print_message("%s: %zu bytes for 8 KB, %zu for 16 KB\n",
				      units[i], small, big);
		assert_true(big < 3 * small);
	}
}

/* The same in a table: a row's lines get room for the runs they show. */
static void
test_linear_table(void **state)
{
	struct fixture *f = *state;
	size_t cost[2];

	for (int k = 0; k < 2; k++) {
		buf_clear(&f->b2);
		buf_adds(&f->b2, "| a | b |\n|---|---|\n| x | ");
		while (f->b2.len < (size_t)8192 << k)
			buf_adds(&f->b2, "*a* b ");
		buf_adds(&f->b2, "|\n");
		f->d = doc_new("t.md", buf_str(&f->b2), f->b2.len);
		layout_build(&f->lo, f->d, 40);
		cost[k] = f->lo.arena.total + f->lo.cap * sizeof *f->lo.lines;
		layout_fini(&f->lo);
		doc_free(f->d);
		f->d = NULL;
	}
	assert_true(cost[1] < 3 * cost[0]);
}

/* A short row is not padded with the header's empty cells (md4c adds
 * them: a wide header over many short rows was quadratic), a row of
 * empty cells is still a row, and a record cuts a long header. */
static void
test_table_short_rows(void **state)
{
	struct fixture *f = *state;

	buf_clear(&f->b2);
	buf_adds(&f->b2, "| h1 | h2 | h3 |\n|---|---|---|\n| a |\n| | |\n"
		 "| b | | c |\n");
	test_doc(f, buf_str(&f->b2));
	size_t row = 0;
	for (size_t i = 0; i < f->d->n_blocks; i++) {
		const struct doc_block *b = &f->d->blocks[i];
		assert_int_equal(b->kind, DOC_TABLE_ROW);
		static const size_t cells[] = { 3, 1, 1, 3 };
		assert_true(row < 4);
		assert_int_equal(b->n_cells, cells[row++]);
	}
	assert_string_equal(f->d->blocks[1].text, "a");
	assert_string_equal(f->d->blocks[3].text, "b |  | c");
	/* Records: one line for the short row's one cell. */
	test_build(f, &f->lo, 10);
	assert_true(test_find_text(&f->lo, "h1: a", &f->b) < f->lo.n);
	assert_true(test_find_text(&f->lo, "h2:", &f->b) < f->lo.n);

	buf_clear(&f->b2);
	buf_adds(&f->b2, "| ");
	for (int i = 0; i < 100; i++)
		buf_adds(&f->b2, "long ");
	for (int c = 2; c <= 20; c++)	/* too many columns for 80 */
		buf_printf(&f->b2, "| h%d ", c);
	buf_adds(&f->b2, "|\n");
	for (int c = 1; c <= 20; c++)
		buf_adds(&f->b2, "|---");
	buf_adds(&f->b2, "|\n| x ");
	for (int c = 2; c <= 20; c++)
		buf_adds(&f->b2, "| y ");
	buf_adds(&f->b2, "|\n");
	test_doc(f, buf_str(&f->b2));
	test_build(f, &f->lo, 80);
	size_t k = test_find_text(&f->lo, "…: x", &f->b);
	assert_true(k < f->lo.n);
	assert_int_equal(f->lo.lines[k].width, 24 + 3);
}

/* Regression (fuzzing): a soft break's space and an emoji modifier
 * starting the next source line are one grapheme cluster in Unicode but
 * two runs, drawn one by one. Each segment is as wide as it is drawn,
 * and no line is wider than the window. */
static void
test_cluster_across_runs(void **state)
{
	struct fixture *f = *state;
	struct layout lo = { 0 };

	test_doc(f, "aaaa *b*\n\xf0\x9f\x8f\xbe" "cc\xcc\x81 dd\n");
	for (int width = 2; width <= 12; width++) {
		test_build(f, &lo, width);
		for (size_t i = 0; i < lo.n; i++) {
			const struct layout_line *l = &lo.lines[i];
			for (size_t k = 0; k < l->n_segs; k++)
				assert_int_equal(l->segs[k].width,
						 utf8_width(l->segs[k].text,
							    l->segs[k].len));
			assert_true(l->width <= width);
		}
	}
	layout_fini(&lo);
}

#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cluster_across_runs),
		T(test_article_widths),
		T(test_kinsoku),
		T(test_header),
		T(test_header_fallback),
		T(test_long_url_body),
		T(test_resize_keeps_place),
		T(test_row_for_off_edges),
		T(test_roles_and_styles),
		T(test_no_markup),
		T(test_image),
		T(test_table_columns),
		T(test_code_unwrapped),
		T(test_rule_and_code),
		T(test_lists_and_quotes),
		T(test_narrow),
		T(test_files),
		T(test_linear_in_runs),
		T(test_linear_table),
		T(test_table_short_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
