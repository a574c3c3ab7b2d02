/* SPDX-License-Identifier: MIT */
/* The tidy pass: header repeats at the top, page leftovers at the end,
 * and the rules file that describes the leftovers. */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "document/tidy.h"
#include "text/utf8.h"

#define SAMPLES FIXTURES "/../../data/samples"
#define LEFTOVERS FIXTURES "/../../data/leftovers"

/* Return the document loaded from path, or fail. */
static struct doc *
load(const char *path)
{
	struct doc *d;
	struct err err;

	err_init(&err);
	if (!doc_load(path, &d, &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
	return d;
}

/* Load the installed rules (data/leftovers) into r, or fail. */
static void
load_data_rules(struct tidy_rules *r)
{
	struct err err;

	err_init(&err);
	tidy_rules_init(r);
	if (!tidy_rules_load(r, LEFTOVERS, &err))
		fail_msg("%s", err_msg(&err));
	assert_true(r->n_rules > 0);
	err_fini(&err);
}

/* Add rules written inline to r, or fail. */
static void
parse(struct tidy_rules *r, const char *text)
{
	struct err err;

	err_init(&err);
	if (!tidy_rules_parse(r, "inline", text, strlen(text), &err))
		fail_msg("%s", err_msg(&err));
	err_fini(&err);
}

/* Return the index of the first block of d whose text starts with text,
 * or fail. */
static size_t
find(const struct doc *d, const char *text)
{
	for (size_t i = 0; i < d->n_blocks; i++)
		if (strncmp(d->blocks[i].text, text, strlen(text)) == 0)
			return i;
	fail_msg("no block starting \"%s\"", text);
	return 0;
}

/* Return the flags of the first block starting with text. */
static unsigned
flags_of(const struct doc *d, const char *text)
{
	return d->blocks[find(d, text)].flags;
}

/* Return how many blocks of d carry flag. */
static size_t
count(const struct doc *d, unsigned flag)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_blocks; i++)
		n += (d->blocks[i].flags & flag) != 0;
	return n;
}

static void
test_repeats_marked(void **state)
{
	struct tidy_rules r;
	struct doc *d = load(FIXTURES "/tidy/repeat.md");

	(void)state;
	tidy_rules_init(&r);
	tidy_doc(d, &r);
	/* Title heading twice (once with a final 。), the cover image kept,
	 * the source name twice. */
	assert_int_equal(d->blocks[0].flags, DOC_BLOCK_REPEAT);
	assert_int_equal(d->blocks[1].kind, DOC_IMAGE);
	assert_int_equal(d->blocks[1].flags, 0);
	assert_int_equal(d->blocks[2].flags, DOC_BLOCK_REPEAT);
	assert_int_equal(d->blocks[3].flags, DOC_BLOCK_REPEAT);
	assert_int_equal(d->blocks[4].flags, DOC_BLOCK_REPEAT);
	/* The real first paragraph and everything after it stay. */
	assert_int_equal(flags_of(d, "烤面包并不难"), 0);
	assert_int_equal(count(d, DOC_BLOCK_REPEAT), 4);
	assert_int_equal(count(d, DOC_BLOCK_LEFTOVER), 0);
	doc_free(d);

	d = load(FIXTURES "/tidy/repeat-en.md");
	tidy_doc(d, &r);
	assert_int_equal(d->blocks[0].flags, DOC_BLOCK_REPEAT);	/* case, "!" */
	assert_int_equal(d->blocks[1].flags, DOC_BLOCK_REPEAT);
	assert_int_equal(d->blocks[2].flags, DOC_BLOCK_REPEAT);
	assert_int_equal(flags_of(d, "The first real"), 0);
	assert_int_equal(d->blocks[d->n_blocks - 1].flags, 0);
	assert_int_equal(count(d, DOC_BLOCK_REPEAT), 3);
	doc_free(d);
	tidy_rules_fini(&r);
}

static void
test_repeats_without_front_matter(void **state)
{
	static const char text[] = "# 只有标题\n\n![](a.png)\n\n正文第一段。\n\n# 只有标题\n";
	struct tidy_rules r;
	struct doc *d = doc_new("mem/plain.md", text, strlen(text));

	(void)state;
	tidy_rules_init(&r);
	tidy_doc(d, &r);
	/* The title comes from the first heading, which the header shows. */
	assert_int_equal(d->blocks[0].flags, DOC_BLOCK_REPEAT);
	assert_int_equal(d->blocks[1].flags, 0);
	assert_int_equal(d->blocks[2].flags, 0);
	assert_int_equal(d->blocks[3].flags, 0);
	doc_free(d);
	tidy_rules_fini(&r);
}

/* Check that the WeChat tail of the sample at path, from the block
 * starting with "预览时标签不可点" to the end, is all leftover and that
 * nothing before it is. */
static void
check_wechat_tail(const char *path)
{
	struct tidy_rules r;
	struct doc *d = load(path);

	load_data_rules(&r);
	tidy_doc(d, &r);
	size_t first = find(d, "预览时标签不可点");
	assert_true(first > 5);
	for (size_t i = 0; i < d->n_blocks; i++)
		if (i >= first)
			assert_int_equal(d->blocks[i].flags, DOC_BLOCK_LEFTOVER);
		else
			assert_false(d->blocks[i].flags & DOC_BLOCK_LEFTOVER);
	assert_true(d->blocks[0].flags & DOC_BLOCK_REPEAT);
	doc_free(d);
	tidy_rules_fini(&r);
}

static void
test_wechat_tails_folded(void **state)
{
	(void)state;
	check_wechat_tail(SAMPLES "/000_cece56143c996f50.txt");
	check_wechat_tail(SAMPLES "/010_2b8d7662e771b5a8.txt");
}

/* Fail when a leftover block of d has a source line of 40 columns or
 * more: that is a real paragraph, not page furniture. Images are not
 * measured (their address is not text). */
static void
check_no_paragraph_hidden(const struct doc *d)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		if (!(b->flags & DOC_BLOCK_LEFTOVER) || b->kind == DOC_IMAGE)
			continue;
		const char *s = d->src + b->src_off, *end = d->src + b->src_end;
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t len = (size_t)((nl != NULL ? nl : end) - s);
			if (utf8_width(s, len) >= 40)
				fail_msg("%s: block %zu hidden: %.*s", d->path, i,
					 (int)len, s);
			s += len + 1;
		}
	}
}

/* Fail unless the REPEAT blocks of d are among the first ones. */
static void
check_repeats_on_top(const struct doc *d)
{
	for (size_t i = TIDY_REPEAT_SCAN; i < d->n_blocks; i++)
		assert_false(d->blocks[i].flags & DOC_BLOCK_REPEAT);
}

static void
test_samples_keep_paragraphs(void **state)
{
	struct tidy_rules r;
	DIR *dir = opendir(SAMPLES);
	struct dirent *e;
	struct buf path;
	size_t n = 0, leftovers = 0;

	(void)state;
	assert_non_null(dir);
	load_data_rules(&r);
	buf_init(&path);
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		buf_clear(&path);
		buf_printf(&path, "%s/%s", SAMPLES, e->d_name);
		struct doc *d = load(buf_str(&path));
		tidy_doc(d, &r);
		check_no_paragraph_hidden(d);
		check_repeats_on_top(d);
		leftovers += count(d, DOC_BLOCK_LEFTOVER);
		doc_free(d);
		n++;
	}
	closedir(dir);
	buf_fini(&path);
	tidy_rules_fini(&r);
	assert_true(n >= 11);
	assert_true(leftovers > 30);
}

static void
test_guard_keeps_long_text(void **state)
{
	struct tidy_rules r;
	struct doc *d = load(FIXTURES "/tidy/guard.md");

	(void)state;
	load_data_rules(&r);
	tidy_doc(d, &r);
	/* A marker inside a long paragraph is no marker. */
	assert_int_equal(flags_of(d, "微信扫一扫下面"), 0);
	assert_int_equal(flags_of(d, "最后一段"), 0);
	assert_int_equal(flags_of(d, "预览时标签不可点"), DOC_BLOCK_LEFTOVER);
	/* A long paragraph after the marker stays; the short ones fold. */
	assert_int_equal(flags_of(d, "这一段出现在标记之后"), 0);
	assert_int_equal(flags_of(d, "继续滑动看下一个"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "赞"), DOC_BLOCK_LEFTOVER);
	check_no_paragraph_hidden(d);
	doc_free(d);
	tidy_rules_fini(&r);
}

static void
test_no_url_uses_only_generic_rules(void **state)
{
	struct tidy_rules r;
	struct doc *d = load(FIXTURES "/tidy/nourl.md");

	(void)state;
	load_data_rules(&r);
	tidy_doc(d, &r);
	/* [*]: punctuation lines and button words at the very end only, a
	 * link's reference number notwithstanding. */
	assert_int_equal(d->blocks[d->n_blocks - 1].flags, DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "赞分享"), DOC_BLOCK_LEFTOVER);
	/* WeChat's markers and lines do not apply without its host. */
	assert_int_equal(flags_of(d, "微信扫一扫"), 0);
	assert_int_equal(flags_of(d, "预览时标签不可点"), 0);
	assert_int_equal(count(d, DOC_BLOCK_LEFTOVER), 2);
	doc_free(d);
	tidy_rules_fini(&r);
}

static void
test_hosts_and_settings(void **state)
{
	static const char rules[] =
		"[*]\nmax-line 4\npunct\n"
		"[example.org]   # and its subdomains\nmax-line 10\n"
		"marker 扫码\n";
	static const char body[] = "正文。\n\n扫码\n\n。。。\n";
	static const struct {
		const char *url;
		unsigned marker, punct;
	} cases[] = {
		{ "https://example.org/a", DOC_BLOCK_LEFTOVER, DOC_BLOCK_LEFTOVER },
		{ "http://user@www.Example.ORG:8080/a?b#c", DOC_BLOCK_LEFTOVER,
		  DOC_BLOCK_LEFTOVER },
		{ "https://notexample.org/a", 0, 0 },
		{ "https://example.org.evil.net/", 0, 0 },
		{ NULL, 0, 0 },
	};
	struct tidy_rules r;
	struct buf text;

	(void)state;
	tidy_rules_init(&r);
	parse(&r, rules);
	buf_init(&text);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_clear(&text);
		if (cases[i].url != NULL)
			buf_printf(&text, "---\nurl: %s\n---\n", cases[i].url);
		buf_adds(&text, body);
		struct doc *d = doc_new("mem/host.md", text.data, text.len);
		tidy_doc(d, &r);
		/* "。。。" is 6 columns: short only by example.org's max-line. */
		assert_int_equal(flags_of(d, "扫码"), cases[i].marker);
		assert_int_equal(flags_of(d, "。。。"), cases[i].punct);
		assert_int_equal(flags_of(d, "正文"), 0);
		doc_free(d);
	}
	buf_fini(&text);
	tidy_rules_fini(&r);
}

static void
test_rule_syntax(void **state)
{
	static const char rules[] =
		"line C# tips   # a comment after a space\n"
		"\t line   Share this post  \n"
		"line 댓글*\n"
		"image 作者头像\n"
		"empty-image\n";
	static const char body[] =
		"Real text first.\n\nC# tips\n\n![作者头像](a.png)\n\n![]()\n\n"
		"댓글 12\n\nshare THIS post\n";
	struct tidy_rules r;

	(void)state;
	tidy_rules_init(&r);
	parse(&r, rules);
	assert_int_equal(r.n_sections, 1);	/* rules before a header: [*] */
	assert_string_equal(r.sections[0].host, "*");
	assert_int_equal(r.n_rules, 5);
	assert_string_equal(r.rules[0].text, "C# tips");
	assert_string_equal(r.rules[1].text, "Share this post");
	assert_null(r.rules[4].text);
	struct doc *d = doc_new("mem/syntax.md", body, strlen(body));
	tidy_doc(d, &r);
	assert_int_equal(d->blocks[0].flags, 0);
	for (size_t i = 1; i < d->n_blocks; i++)
		assert_int_equal(d->blocks[i].flags, DOC_BLOCK_LEFTOVER);
	doc_free(d);
	tidy_rules_fini(&r);
}

static void
test_syntax_errors_keep_good_rules(void **state)
{
	struct tidy_rules r;
	struct err err;

	(void)state;
	tidy_rules_init(&r);
	err_init(&err);
	assert_false(tidy_rules_load(&r, FIXTURES "/tidy/bad.rules", &err));
	/* The first mistake, with its file and line. */
	assert_non_null(strstr(err_msg(&err), "tidy/bad.rules:4: "));
	assert_non_null(strstr(err_msg(&err), "bogus"));
	assert_int_equal(r.n_rules, 2);
	assert_string_equal(r.rules[0].text, "甲乙丙");
	assert_string_equal(r.sections[r.rules[0].section].host, "*");
	assert_string_equal(r.rules[1].text, "戊己");
	assert_string_equal(r.sections[r.rules[1].section].host, "example.org");
	assert_int_equal(r.sections[0].max_line, -1);
	tidy_rules_fini(&r);

	/* Each kind of mistake is reported with its own line. */
	static const struct {
		const char *text;
		const char *where;
	} bad[] = {
		{ "line\n", "x:1: " },
		{ "# c\npunct now\n", "x:2: " },
		{ "[a b]\n", "x:1: " },
		{ "[]\n", "x:1: " },
		{ "[open\n", "x:1: " },
		{ "\n\nmax-line 0\n", "x:3: " },
		{ "tail 12x\n", "x:1: " },
		{ "Line 赞\n", "x:1: " },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tidy_rules_init(&r);
		assert_false(tidy_rules_parse(&r, "x", bad[i].text,
					      strlen(bad[i].text), &err));
		assert_non_null(strstr(err_msg(&err), bad[i].where));
		assert_int_equal(r.n_rules, 0);
		tidy_rules_fini(&r);
	}
	err_fini(&err);
}

static void
test_missing_rules_file(void **state)
{
	struct tidy_rules r;
	struct err err;
	struct doc *d = load(SAMPLES "/000_cece56143c996f50.txt");

	(void)state;
	tidy_rules_init(&r);
	err_init(&err);
	assert_true(tidy_rules_load(&r, FIXTURES "/tidy/no-such-file", &err));
	assert_int_equal(r.n_rules, 0);
	tidy_doc(d, &r);
	assert_int_equal(count(d, DOC_BLOCK_LEFTOVER), 0);
	assert_int_equal(count(d, DOC_BLOCK_REPEAT), 4);
	/* A directory is not a rules file. */
	assert_false(tidy_rules_load(&r, FIXTURES "/tidy", &err));
	assert_non_null(strstr(err_msg(&err), "tidy"));
	doc_free(d);
	err_fini(&err);
	tidy_rules_fini(&r);
}

static void
test_user_rules_add(void **state)
{
	struct tidy_rules r;
	struct err err;
	struct doc *d = load(SAMPLES "/010_2b8d7662e771b5a8.txt");

	(void)state;
	load_data_rules(&r);
	size_t sections = r.n_sections, rules = r.n_rules;
	tidy_doc(d, &r);
	assert_int_equal(flags_of(d, "点击「在看」"), 0);
	err_init(&err);
	assert_true(tidy_rules_load(&r, FIXTURES "/tidy/user.rules", &err));
	assert_int_equal(r.n_sections, sections);	/* same section */
	assert_int_equal(r.n_rules, rules + 1);
	/* Running again recomputes the flags with the added rule. */
	tidy_doc(d, &r);
	assert_int_equal(flags_of(d, "点击「在看」"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "你在上海坐地铁"), 0);
	assert_int_equal(d->blocks[0].flags, DOC_BLOCK_REPEAT);
	doc_free(d);
	err_fini(&err);
	tidy_rules_fini(&r);
}

static void
test_wechat_section_first(void **state)
{
	struct tidy_rules r;

	(void)state;
	load_data_rules(&r);
	assert_string_equal(r.sections[0].host, "mp.weixin.qq.com");
	assert_int_equal(r.rules[0].section, 0);
	tidy_rules_fini(&r);
}

/* The byline goes to the header with the author once; the profile card
 * is hidden; a feed converter's head is folded; a row of button labels
 * is a leftover line. */
static void
test_wechat_top(void **state)
{
	static const char raw[] =
		"---\ntitle: 汤\nsource: 厨房\n"
		"url: https://mp.weixin.qq.com/s/x\n---\n\n"
		"在小说阅读器读本章\n\n去阅读\n\n# 汤\n\n原创\n\n张三张三\n\n"
		"厨房\n\n微信号 kitchen\n\n功能介绍 每周一道菜。\n\n"
		"正文第一段，很长很长的一段话，讲的是怎么炖汤。\n\n"
		"短句\n\n视频 小程序 赞 ，轻点两下取消赞 在看 ，轻点两下取消在看\n";
	struct tidy_rules r;
	struct doc *d = doc_new("a.txt", raw, sizeof raw - 1);

	(void)state;
	load_data_rules(&r);
	tidy_doc(d, &r);
	assert_int_equal(flags_of(d, "在小说阅读器读本章"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "去阅读"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "原创"), DOC_BLOCK_REPEAT);
	assert_int_equal(flags_of(d, "张三张三"), DOC_BLOCK_REPEAT);
	assert_int_equal(flags_of(d, "微信号"), DOC_BLOCK_REPEAT);
	assert_int_equal(flags_of(d, "功能介绍"), DOC_BLOCK_REPEAT);
	assert_int_equal(flags_of(d, "正文第一段"), 0);
	assert_int_equal(flags_of(d, "短句"), 0);
	assert_int_equal(flags_of(d, "视频"), DOC_BLOCK_LEFTOVER);
	assert_non_null(d->author);
	assert_string_equal(d->author, "张三");
	doc_free(d);
	tidy_rules_fini(&r);
}

/* A site's menu at the top and its link list at the end are folded;
 * links elsewhere and the text between are not. */
static void
test_site_navigation(void **state)
{
	static const char raw[] =
		"---\ntitle: T\nurl: https://blog.example.com/p/1\n---\n\n"
		"[Home](/) | [About](https://blog.example.com/about)\n\n# T\n\n"
		"A paragraph of text that says what the article says.\n\n"
		"See [the spec](https://other.example.org/spec).\n\n"
		"Share this post\n\n- [Mail](https://blog.example.com/mail)\n"
		"- [Feed](https://blog.example.com/feed)\n";
	struct tidy_rules r;
	struct doc *d = doc_new("a.txt", raw, sizeof raw - 1);

	(void)state;
	tidy_rules_init(&r);
	tidy_doc(d, &r);
	assert_int_equal(flags_of(d, "Home"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "T"), DOC_BLOCK_REPEAT);
	assert_int_equal(flags_of(d, "A paragraph"), 0);
	assert_int_equal(flags_of(d, "See the spec"), 0);
	assert_int_equal(flags_of(d, "Share this post"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "Mail"), DOC_BLOCK_LEFTOVER);
	assert_int_equal(flags_of(d, "Feed"), DOC_BLOCK_LEFTOVER);
	doc_free(d);
	tidy_rules_fini(&r);
}

/* A block holding a highlight is unfolded; its chunk changes version. */
static void
test_unfold_highlighted(void **state)
{
	static const char raw[] = "---\ntitle: T\n---\n\nText of the article.\n\n"
		"赞\n\n分享\n";
	struct tidy_rules r;
	struct doc *d = doc_new("a.txt", raw, sizeof raw - 1);

	(void)state;
	load_data_rules(&r);
	tidy_doc(d, &r);
	size_t i = find(d, "赞");
	assert_int_equal(flags_of(d, "赞"), DOC_BLOCK_LEFTOVER);
	unsigned version = d->chunks[0].version;
	tidy_unfold(d, d->blocks[i].src_off, d->blocks[i].src_off + 1);
	assert_int_equal(flags_of(d, "赞"), 0);
	assert_int_equal(flags_of(d, "分享"), DOC_BLOCK_LEFTOVER);
	assert_int_not_equal(d->chunks[0].version, version);
	doc_free(d);
	tidy_rules_fini(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeats_marked),
		cmocka_unit_test(test_repeats_without_front_matter),
		cmocka_unit_test(test_wechat_tails_folded),
		cmocka_unit_test(test_samples_keep_paragraphs),
		cmocka_unit_test(test_guard_keeps_long_text),
		cmocka_unit_test(test_no_url_uses_only_generic_rules),
		cmocka_unit_test(test_hosts_and_settings),
		cmocka_unit_test(test_rule_syntax),
		cmocka_unit_test(test_syntax_errors_keep_good_rules),
		cmocka_unit_test(test_missing_rules_file),
		cmocka_unit_test(test_user_rules_add),
		cmocka_unit_test(test_wechat_section_first),
		cmocka_unit_test(test_wechat_top),
		cmocka_unit_test(test_site_navigation),
		cmocka_unit_test(test_unfold_highlighted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
