/* SPDX-License-Identifier: MIT */
/* The shown text: an article as the reader shows it after the tidy
 * pass, as plain text for search snippets. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "base/err.h"
#include "document/shown.h"
#include "document/tidy.h"
#include "text/utf8.h"

#define LEFTOVERS FIXTURES "/../../data/leftovers"

/* A saved WeChat page: the title twice as a heading, a cover image, the
 * account name on its own line, text with an inline image and a link,
 * and the reading page's controls at the end. */
static const char wechat[] =
	"---\n"
	"title: 雨季的菜园：番茄为什么裂果\n"
	"url: https://mp.weixin.qq.com/s?__biz=MzAxNjQ==&mid=7#rd\n"
	"source: 阳台种菜手记\n"
	"date: 2024-07-02\n"
	"---\n\n"
	"# 雨季的菜园：番茄为什么裂果\n\n"
	"![cover_image](https://mmbiz.qpic.cn/x/0?wx_fmt=jpeg)\n\n"
	"# 雨季的菜园：番茄为什么裂果\n\n"
	"阳台种菜手记\n\n"
	"连下三天雨，番茄一夜之间裂开了口子。果皮长得慢，果肉吸水长得快，"
	"皮就撑破了。\n\n"
	"浇水要匀 ![示意图](https://mmbiz.qpic.cn/y/1) 土面见干再浇，"
	"详见[上一篇](https://example.org/prev)。\n\n"
	"![](https://mmbiz.qpic.cn/z/2?wx_fmt=png)\n\n"
	"![裂开的番茄特写](https://mmbiz.qpic.cn/w/3)\n\n"
	"预览时标签不可点\n\n"
	"微信扫一扫\n关注该公众号\n\n"
	"继续滑动看下一个\n\n"
	"，\n\n，\n\n，\n";

/* Load data/leftovers into r, or fail. */
static void
load_rules(struct tidy_rules *r)
{
	struct err err;

	err_init(&err);
	tidy_rules_init(r);
	if (!tidy_rules_load(r, LEFTOVERS, &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
}

/* Return the shown text of raw[0..len) under the data rules in out. */
static void
shown(const char *raw, size_t len, struct buf *out)
{
	struct tidy_rules r;

	load_rules(&r);
	buf_init(out);
	shown_text_of("mem/a.txt", raw, len, &r, out);
	tidy_rules_fini(&r);
}

/* Check that out is sanitised text: valid UTF-8 without controls but
 * LF and TAB, NUL-terminated at its length. */
static void
check_clean(const struct buf *out)
{
	if (out->len == 0)
		return;
	assert_true(utf8_is_clean(out->data, out->len));
	assert_int_equal(out->data[out->len], '\0');
	assert_int_equal(strlen(out->data), out->len);
}

static void
test_wechat_page(void **state)
{
	struct buf out;

	(void)state;
	shown(wechat, sizeof wechat - 1, &out);
	check_clean(&out);
	assert_string_equal(buf_str(&out),
		"连下三天雨，番茄一夜之间裂开了口子。果皮长得慢，果肉吸水长得"
		"快，皮就撑破了。\n"
		"浇水要匀 土面见干再浇，详见上一篇。");
	assert_null(strstr(buf_str(&out), "cover_image"));
	assert_null(strstr(buf_str(&out), "示意图"));
	assert_null(strstr(buf_str(&out), "特写"));
	assert_null(strstr(buf_str(&out), "番茄为什么裂果"));
	assert_null(strstr(buf_str(&out), "阳台种菜手记"));
	assert_null(strstr(buf_str(&out), "微信扫一扫"));
	assert_null(strstr(buf_str(&out), "[1]"));
	buf_fini(&out);
}

/* The shown text is appended: what out held stays, with no line added
 * before the first block. */
static void
test_appends(void **state)
{
	static const char raw[] = "第一段。\n\n第二段。\n";
	struct tidy_rules r;
	struct buf out;

	(void)state;
	tidy_rules_init(&r);
	buf_init(&out);
	buf_adds(&out, "前:");
	shown_text_of("mem/b.md", raw, sizeof raw - 1, &r, &out);
	assert_string_equal(buf_str(&out), "前:第一段。\n第二段。");
	buf_fini(&out);
	tidy_rules_fini(&r);
}

/* Without front matter the title comes from the first heading, which
 * the reader's header shows: it is not repeated. Code keeps its lines,
 * headings past the top and rules' neighbours stay. */
static void
test_no_front_matter(void **state)
{
	static const char raw[] =
		"# 只有标题\n\n![封面](a.png)\n\n正文第一段。\n\n---\n\n"
		"![图](b.png) 图后的字\n\n"
		"## 小节\n\n```\nint x;\nint y;\n```\n";
	struct buf out;

	(void)state;
	shown(raw, sizeof raw - 1, &out);
	check_clean(&out);
	assert_string_equal(buf_str(&out),
			    "正文第一段。\n图后的字\n小节\nint x;\nint y;");
	buf_fini(&out);
}

/* CJK text comes through byte for byte, however long its line. */
static void
test_cjk_intact(void **state)
{
	struct buf raw, out, para;

	(void)state;
	buf_init(&raw);
	buf_init(&para);
	for (int i = 0; i < 2000; i++)
		buf_adds(&para, i % 7 == 6 ? "。" : "汉字「引号」：");
	buf_adds(&raw, "---\ntitle: 长段落\n---\n\n");
	buf_add(&raw, para.data, para.len);
	buf_adds(&raw, "\n\n𠀀𠀁 emoji 👍🏽 e\xcc\x81 混排 mixed\n");
	shown(raw.data, raw.len, &out);
	check_clean(&out);
	assert_int_equal(out.len, para.len + 1 +
			 strlen("𠀀𠀁 emoji 👍🏽 e\xcc\x81 混排 mixed"));
	assert_memory_equal(out.data, para.data, para.len);
	assert_string_equal(out.data + para.len,
			    "\n𠀀𠀁 emoji 👍🏽 e\xcc\x81 混排 mixed");
	buf_fini(&out);
	buf_fini(&para);
	buf_fini(&raw);
}

/* Hostile bytes: invalid UTF-8, controls, a NUL, a front matter that
 * never closes; the result is still clean text. */
static void
test_hostile(void **state)
{
	static const char raw[] =
		"---\ntitle: [unclosed\n"
		"坏\xff\xfe字节\x01\x07\x1b[31m红\x7f\n\n"
		"中\0间\xe4\xb8\n\n\xf0\x9f\n";
	struct buf out;

	(void)state;
	shown(raw, sizeof raw - 1, &out);
	check_clean(&out);
	assert_non_null(strstr(buf_str(&out), "字节"));
	assert_null(strchr(buf_str(&out), '\x1b'));
	buf_fini(&out);
}

/* A page saved after another keeps its BOM: a U+FEFF (or several)
 * starting the first block shown is dropped, so the text is clean; one
 * inside a line stays. (fuzz_article found the first.) */
static void
test_leading_bom(void **state)
{
	static const char raw[] =
		"---\ntitle: 页面\n---\n\n"
		"\xef\xbb\xbf\xef\xbb\xbf第一段\xef\xbb\xbf。\n";
	struct buf out;

	(void)state;
	shown(raw, sizeof raw - 1, &out);
	check_clean(&out);
	assert_string_equal(buf_str(&out), "第一段\xef\xbb\xbf。");
	buf_fini(&out);
}

/* Nothing to show: an empty file, front matter alone, blank lines,
 * leftovers or images alone. */
static void
test_empty(void **state)
{
	static const char *const raws[] = {
		"",
		"---\ntitle: 空\nsource: 无\n---\n",
		"\n\n   \n\t\n",
		"---\ntitle: 空\n---\n\n# 空\n\n![cover_image](x.jpg)\n\n![]()\n",
		"---\ntitle: t\nurl: https://mp.weixin.qq.com/s/x\n---\n\n"
		"微信扫一扫\n关注该公众号\n\n，\n\n。\n",
	};
	struct buf out;

	(void)state;
	for (size_t i = 0; i < sizeof raws / sizeof *raws; i++) {
		shown(raws[i], strlen(raws[i]), &out);
		assert_int_equal(out.len, 0);
		buf_fini(&out);
	}
}

/* The file version: the same text as from memory; a missing file is a
 * failure with a message and nothing appended. */
static void
test_load(void **state)
{
	char path[] = "/tmp/test_shown_XXXXXX";
	int fd = mkstemp(path);
	struct tidy_rules r;
	struct buf a, b;
	struct err err;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fwrite(wechat, 1, sizeof wechat - 1, f);
	fclose(f);
	load_rules(&r);
	err_init(&err);
	buf_init(&a);
	buf_init(&b);
	assert_true(shown_text_load(path, &r, &a, &err));
	shown_text_of(path, wechat, sizeof wechat - 1, &r, &b);
	assert_string_equal(buf_str(&a), buf_str(&b));
	unlink(path);
	buf_clear(&a);
	assert_false(shown_text_load(path, &r, &a, &err));
	assert_int_equal(a.len, 0);
	assert_non_null(strstr(err_msg(&err), path));
	buf_fini(&a);
	buf_fini(&b);
	err_fini(&err);
	tidy_rules_fini(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wechat_page),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_no_front_matter),
		cmocka_unit_test(test_cjk_intact),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_leading_bom),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
