/* SPDX-License-Identifier: MIT */
/* Front matter: what a user sees in the list and the header of an article
 * saved by a scraper, and that broken front matter never loses the text. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/err.h"
#include "document/meta.h"

/* The result of parsing one string. */
struct parsed {
	struct meta m;
	struct err err;
	size_t body_off;
	bool ok;
};

/* Parse s into p. */
static void
parse(struct parsed *p, const char *s)
{
	meta_init(&p->m);
	err_init(&p->err);
	p->body_off = 12345;
	p->ok = meta_parse(s, strlen(s), &p->m, &p->body_off, &p->err);
}

/* Free what parse made. */
static void
done(struct parsed *p)
{
	meta_fini(&p->m);
	err_fini(&p->err);
}

static void
test_known_keys_quoted_and_plain(void **state)
{
	const char *s =
		"---\n"
		"title: \"引号里的标题\"\n"
		"url: 'https://mp.weixin.qq.com/s?__biz=QQ==&mid=1&idx=1#rd'\n"
		"source: 轮上生活\n"
		"date: 2023-03-31\n"
		"fetch_date: 2025-10-04T11:15:05.838989\n"
		"---\n"
		"# Body\n";
	struct parsed p;

	(void)state;
	parse(&p, s);
	assert_true(p.ok);
	assert_true(p.m.has_front_matter);
	assert_string_equal(p.m.title, "引号里的标题");
	assert_string_equal(p.m.url,
			    "https://mp.weixin.qq.com/s?__biz=QQ==&mid=1&idx=1#rd");
	assert_string_equal(p.m.source, "轮上生活");
	assert_string_equal(p.m.date, "2023-03-31");
	assert_string_equal(p.m.fetch_date, "2025-10-04T11:15:05.838989");
	assert_int_equal(p.m.n_extra, 0);
	assert_string_equal(s + p.body_off, "# Body\n");
	assert_string_equal(meta_get(&p.m, "source"), "轮上生活");
	assert_null(meta_get(&p.m, "author"));
	done(&p);
}

static void
test_colons_and_fullwidth_punctuation(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "---\ntitle: \"Rust: the book\"\n---\n");
	assert_true(p.ok);
	assert_string_equal(p.m.title, "Rust: the book");
	done(&p);

	parse(&p, "---\ntitle: 《三体》读后感：黑暗森林、猜疑链！（上）\n---\n");
	assert_true(p.ok);
	assert_string_equal(p.m.title, "《三体》读后感：黑暗森林、猜疑链！（上）");
	done(&p);

	/* Savers write titles unquoted; YAML rejects "a: b" as a plain
	 * value, the reader must not. */
	parse(&p, "---\ntitle: Python 3.12: what's new\nsource: 周刊\n---\nx");
	assert_true(p.ok);
	assert_string_equal(p.m.title, "Python 3.12: what's new");
	assert_string_equal(p.m.source, "周刊");
	assert_string_equal(p.err.msg ? p.err.msg : "", "");
	done(&p);
}

static void
test_unknown_keys_and_lists_kept(void **state)
{
	const char *s =
		"---\n"
		"title: T\n"
		"author: 张三\n"
		"tags: [rust, 日本語]\n"
		"topics:\n"
		"  - 骑行\n"
		"  - 通勤\n"
		"extra:\n"
		"  a: 1\n"
		"  b: [x, y]\n"
		"draft: no\n"
		"---\n";
	struct parsed p;

	(void)state;
	parse(&p, s);
	assert_true(p.ok);
	assert_int_equal(p.m.n_extra, 5);
	assert_string_equal(p.m.extra[0].key, "author");
	assert_string_equal(p.m.extra[0].value, "张三");
	assert_string_equal(meta_get(&p.m, "tags"), "rust, 日本語");
	assert_string_equal(meta_get(&p.m, "topics"), "骑行, 通勤");
	assert_string_equal(meta_get(&p.m, "extra"), "a: 1, b: x, y");
	assert_string_equal(meta_get(&p.m, "draft"), "no");
	done(&p);
}

static void
test_no_front_matter(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "# Just a heading\n\n---\n\ntext\n");
	assert_true(p.ok);
	assert_false(p.m.has_front_matter);
	assert_int_equal(p.body_off, 0);
	assert_null(p.m.title);
	done(&p);

	parse(&p, "");
	assert_true(p.ok);
	assert_int_equal(p.body_off, 0);
	done(&p);
}

static void
test_empty_front_matter_and_empty_values(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "---\n---\nbody");
	assert_true(p.ok);
	assert_true(p.m.has_front_matter);
	assert_int_equal(p.body_off, 8);
	done(&p);

	parse(&p, "---\ntitle:\nsource: ''\n---");
	assert_true(p.ok);
	assert_null(p.m.title);
	assert_null(p.m.source);
	assert_int_equal(p.body_off, strlen("---\ntitle:\nsource: ''\n---"));
	done(&p);
}

static void
test_broken_yaml_reported_with_line(void **state)
{
	const char *s =
		"---\n"
		"title: ok\n"
		"  indented: value\n"
		"this line is not yaml at all\n"
		"---\n"
		"body\n";
	struct parsed p;

	(void)state;
	parse(&p, s);
	assert_false(p.ok);
	assert_int_equal(p.body_off, 0);
	assert_null(p.m.title);
	assert_int_equal(p.m.n_extra, 0);
	assert_non_null(strstr(p.err.msg, "line 3"));
	done(&p);
}

static void
test_unclosed_front_matter(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "---\ntitle: 没有结束\n\n# 标题\n");
	assert_false(p.ok);
	assert_int_equal(p.body_off, 0);
	assert_null(p.m.title);
	assert_non_null(strstr(p.err.msg, "line 1"));
	done(&p);
}

/* Regression (fuzzing): YAML escapes put a line break in a title after
 * the file was sanitised; the index then held "aaaa\r\nbbbb" and search
 * snippets stepped before their line. A value is one clean line. */
static void
test_escapes_make_one_line(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "---\ntitle: \"aaaa\\r\\nbbbb\"\nsource: \"a\\e[31mb\\tc\"\n---\nx\n");
	assert_true(p.ok);
	assert_string_equal(p.m.title, "aaaa bbbb");
	assert_null(strchr(p.m.source, '\x1b'));
	assert_null(strchr(p.m.source, '\t'));
	assert_non_null(strstr(p.m.source, "\xe2\x90\x9b"));	/* U+241B */
	done(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes_make_one_line),
		cmocka_unit_test(test_known_keys_quoted_and_plain),
		cmocka_unit_test(test_colons_and_fullwidth_punctuation),
		cmocka_unit_test(test_unknown_keys_and_lists_kept),
		cmocka_unit_test(test_no_front_matter),
		cmocka_unit_test(test_empty_front_matter_and_empty_values),
		cmocka_unit_test(test_broken_yaml_reported_with_line),
		cmocka_unit_test(test_unclosed_front_matter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
