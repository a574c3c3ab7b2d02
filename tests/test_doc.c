/* SPDX-License-Identifier: MIT */
/* The article model: what a reader shows for the Markdown that converters
 * produce, and that every piece of shown text maps back to its source. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"

/* Return a new document made from the string s. */
static struct doc *
doc_of(const char *s)
{
	return doc_new("mem/test.md", s, strlen(s));
}

/* Return the nth block of kind in d, or fail. */
static const struct doc_block *
block_of(const struct doc *d, enum doc_block_kind kind, size_t nth)
{
	for (size_t i = 0; i < d->n_blocks; i++)
		if (d->blocks[i].kind == kind && nth-- == 0)
			return &d->blocks[i];
	fail_msg("no block %zu of kind %d", nth, (int)kind);
	return NULL;
}

/* Return the run of b whose text is exactly text, or fail. */
static const struct doc_run *
run_of(const struct doc_block *b, const char *text)
{
	for (size_t i = 0; i < b->n_runs; i++) {
		const struct doc_run *r = &b->runs[i];
		if (r->len == strlen(text) &&
		    memcmp(b->text + r->text_off, text, r->len) == 0)
			return r;
	}
	fail_msg("no run \"%s\" in \"%s\"", text, b->text);
	return NULL;
}

/* Check the invariants every consumer relies on: runs cover the text in
 * order without gaps, one-to-one runs show exactly their source bytes,
 * every range lies inside the source and blocks follow source order. */
static void
check_runs(const struct doc *d)
{
	size_t prev_off = 0;

	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		size_t t = 0;
		assert_int_equal(strlen(b->text), b->text_len);
		for (size_t k = 0; k < b->n_runs; k++) {
			const struct doc_run *r = &b->runs[k];
			assert_int_equal(r->text_off, t);
			t += r->len;
			assert_true(r->src_off + r->src_len <= d->src_len);
			assert_true(r->src_off >= b->src_off);
			assert_true(r->src_off + r->src_len <= b->src_end);
			if (r->src_len == r->len)
				assert_memory_equal(b->text + r->text_off,
						    d->src + r->src_off, r->len);
		}
		assert_int_equal(t, b->text_len);
		assert_true(b->src_off <= b->src_end);
		assert_true(b->src_end <= d->src_len);
		assert_true(b->src_off >= prev_off);
		prev_off = b->src_off;
	}
}

static void
test_sample_article(void **state)
{
	struct doc *d;
	struct err err;

	(void)state;
	err_init(&err);
	assert_true(doc_load(FIXTURES "/doc/article.txt", &d, &err));
	assert_int_equal(d->n_warnings, 0);
	assert_string_equal(doc_title(d), "城市骑行指南：从通勤到周末长途");
	assert_string_equal(d->meta.source, "轮上生活");
	assert_string_equal(d->meta.date, "2024-05-01");
	assert_memory_equal(d->src + d->body_off, "\n# 城市", 8);
	check_runs(d);
	/* The cover image, an image alone, then the repeated heading. */
	assert_int_equal(d->blocks[0].kind, DOC_HEADING);
	assert_int_equal(d->blocks[1].kind, DOC_IMAGE);
	assert_string_equal(d->blocks[1].text, "");	/* says nothing */
	assert_int_equal(d->blocks[2].kind, DOC_HEADING);
	/* The page's leftover noise is still there to read past. */
	const struct doc_block *last = &d->blocks[d->n_blocks - 1];
	assert_string_equal(last->text, "：，。");	/* CJK: no spaces */
	doc_free(d);
	err_fini(&err);
}

static void
test_headings_and_title_fallbacks(void **state)
{
	struct doc *d = doc_of("text first\n\n## Second *level*\n\n###### 六\n");

	(void)state;
	assert_int_equal(block_of(d, DOC_HEADING, 0)->level, 2);
	assert_string_equal(block_of(d, DOC_HEADING, 0)->text, "Second level");
	assert_int_equal(block_of(d, DOC_HEADING, 1)->level, 6);
	assert_string_equal(doc_title(d), "Second level");
	doc_free(d);

	d = doc_of("---\ntitle: 前置\n---\n# 正文标题\n");
	assert_string_equal(doc_title(d), "前置");
	doc_free(d);

	d = doc_new("/some/dir/000_76bff8364155c8f7.txt", "just text", 9);
	assert_string_equal(doc_title(d), "000_76bff8364155c8f7.txt");
	doc_free(d);

	d = doc_new("/some/dir/empty.txt", "", 0);
	assert_int_equal(d->n_blocks, 0);
	assert_string_equal(doc_title(d), "empty.txt");
	doc_free(d);
}

static void
test_inline_styles_and_links(void **state)
{
	const char *s = "前文**粗体**、*斜体*、`代码`、~~删除~~和"
			"[链接](http://e.com/?a=1&amp;b=2)。";
	struct doc *d = doc_of(s);
	const struct doc_block *b = block_of(d, DOC_PARAGRAPH, 0);

	(void)state;
	assert_string_equal(b->text, "前文粗体、斜体、代码、删除和链接[1]。");
	assert_int_equal(run_of(b, "粗体")->style, DOC_STYLE_STRONG);
	assert_int_equal(run_of(b, "斜体")->style, DOC_STYLE_EMPH);
	assert_int_equal(run_of(b, "代码")->style, DOC_STYLE_CODE);
	assert_int_equal(run_of(b, "删除")->style, DOC_STYLE_STRIKE);
	const struct doc_run *link = run_of(b, "链接");
	assert_int_equal(link->style, DOC_STYLE_LINK);
	assert_int_equal(link->link, 0);
	assert_int_equal(run_of(b, "前文")->link, -1);
	assert_int_equal(d->n_links, 1);
	assert_string_equal(d->links[0].url, "http://e.com/?a=1&b=2");
	assert_false(d->links[0].is_image);
	check_runs(d);
	doc_free(d);
}

static void
test_images(void **state)
{
	struct doc *d = doc_of("![]()\n\n![封面](http://x/a.png)\n\n"
			       "看图![](http://x/b.png)之后\n");
	const struct doc_block *b;

	(void)state;
	assert_int_equal(d->n_links, 3);
	b = block_of(d, DOC_IMAGE, 0);
	assert_int_equal(b->text_len, 0);
	assert_int_equal(b->n_runs, 1);	/* empty, but carries the link */
	assert_int_equal(b->runs[0].link, 0);
	assert_string_equal(d->links[0].url, "");
	assert_true(d->links[0].is_image);
	assert_memory_equal(d->src + b->src_off, "![]()", 5);
	assert_int_equal(b->src_end - b->src_off, 5);

	b = block_of(d, DOC_IMAGE, 1);
	assert_string_equal(b->text, "封面");
	assert_int_equal(b->runs[0].link, 1);
	assert_string_equal(d->links[1].url, "http://x/a.png");

	b = block_of(d, DOC_PARAGRAPH, 0);
	assert_string_equal(b->text, "看图 [image 3] 之后");
	const struct doc_run *r = run_of(b, "[image 3]");
	assert_true(r->style & DOC_STYLE_IMAGE);
	assert_true(r->style & DOC_STYLE_MARK);
	assert_int_equal(r->link, 2);
	assert_memory_equal(d->src + r->src_off, "![](http://x/b.png)", r->src_len);
	assert_int_equal(r->src_len, strlen("![](http://x/b.png)"));
	check_runs(d);
	doc_free(d);
}

/* An inline image shows its alt text only when it says something; the
 * alt text keeps its source bytes, the marker around it stands for none. */
static void
test_inline_image_markers(void **state)
{
	struct doc *d = doc_of("盲区。![image](http://x/a.png)![](b)下文"
			       "![一张路线图](c.png)，![photo.JPG](d) end\n");
	const struct doc_block *b = &d->blocks[0];

	(void)state;
	assert_int_equal(d->n_blocks, 1);
	assert_string_equal(b->text, "盲区。 [image 1] [image 2] 下文 "
			    "[image 3: 一张路线图] ， [image 4] end");
	const struct doc_run *r = run_of(b, "一张路线图");
	assert_false(r->style & DOC_STYLE_MARK);
	assert_int_equal(r->src_len, r->len);
	assert_true(run_of(b, "]")->style & DOC_STYLE_MARK);
	check_runs(d);
	doc_free(d);
}

/* An address written in a link's text is the link's text, not a link of
 * its own; the number after a link is marked as made up. */
static void
test_no_links_inside_links(void **state)
{
	struct doc *d = doc_of("[https://blog.example.net/gitblog\\_00274/a]"
			       "(https://blog.example.net/gitblog_00274/a)\n");
	const struct doc_block *b = &d->blocks[0];

	(void)state;
	assert_int_equal(d->n_links, 1);
	assert_string_equal(b->text,
			    "https://blog.example.net/gitblog_00274/a[1]");
	assert_true(run_of(b, "[1]")->style & DOC_STYLE_MARK);
	check_runs(d);
	doc_free(d);
}

static void
test_soft_breaks(void **state)
{
	struct doc *d = doc_of("中文的第一行\n接着第二行。\n\nEnglish line\nwraps here\n\n"
			       "中文\nthen English\n\n**粗体**\n**相连**\n");

	(void)state;
	assert_string_equal(d->blocks[0].text, "中文的第一行接着第二行。");
	assert_string_equal(d->blocks[1].text, "English line wraps here");
	assert_string_equal(d->blocks[2].text, "中文 then English");
	assert_string_equal(d->blocks[3].text, "粗体相连");
	check_runs(d);
	doc_free(d);
}

static void
test_hard_breaks_and_entities(void **state)
{
	struct doc *d = doc_of("one  \ntwo\\\nthree &copy; &#x4E2D; &mdash; &bogus;\n");
	const struct doc_block *b = &d->blocks[0];

	(void)state;
	assert_string_equal(b->text, "one\ntwo\nthree © 中 — &bogus;");
	const struct doc_run *r = run_of(b, "©");
	assert_memory_equal(d->src + r->src_off, "&copy;", 6);
	assert_int_equal(r->src_len, 6);
	assert_int_equal(run_of(b, "中")->src_len, 8);
	check_runs(d);
	doc_free(d);
}

static void
test_doubled_markers(void **state)
{
	struct doc *d = doc_of("**一、选车：****先想清楚用途**\n\n"
			       "前 ****中**** 后\n\n**\n\n正常的 * 星号\n");

	(void)state;
	for (size_t i = 0; i < d->n_blocks; i++)
		if (strstr(d->blocks[i].text, "星号") == NULL)
			assert_null(strchr(d->blocks[i].text, '*'));
	assert_string_equal(d->blocks[0].text, "一、选车：先想清楚用途");
	assert_string_equal(d->blocks[1].text, "前 中 后");
	assert_string_equal(d->blocks[d->n_blocks - 1].text, "正常的 * 星号");
	check_runs(d);
	doc_free(d);
}

static void
test_lists_and_quotes(void **state)
{
	struct doc *d = doc_of("- 甲\n- 乙\n  - 内层\n\n3. three\n4. four\n\n"
			       "- [ ] todo\n- [x] done\n\n> 引用\n> > 再引用\n");

	(void)state;
	assert_string_equal(d->blocks[0].marker, "• ");
	assert_string_equal(d->blocks[0].text, "甲");
	assert_int_equal(d->blocks[0].list_depth, 1);
	assert_string_equal(d->blocks[2].text, "内层");
	assert_int_equal(d->blocks[2].list_depth, 2);
	assert_string_equal(d->blocks[3].marker, "3. ");
	assert_string_equal(d->blocks[4].marker, "4. ");
	assert_string_equal(d->blocks[5].marker, "[ ] ");
	assert_string_equal(d->blocks[5].text, "todo");
	assert_string_equal(d->blocks[6].marker, "[x] ");
	assert_string_equal(d->blocks[7].text, "引用");
	assert_int_equal(d->blocks[7].quote_depth, 1);
	assert_null(d->blocks[7].marker);
	assert_int_equal(d->blocks[7].list_depth, 0);
	assert_int_equal(d->blocks[8].quote_depth, 2);
	check_runs(d);
	doc_free(d);
}

static void
test_code_rules_tables(void **state)
{
	struct doc *d = doc_of("```c\nint x;\n\tindented;\nab\tc\n```\n\n***\n\n"
			       "| 距离 | 建议 |\n|---|---|\n| 5 | *走* |\n\n<div>\nraw\n</div>\n");
	const struct doc_block *b = block_of(d, DOC_CODE, 0);

	(void)state;
	assert_string_equal(b->text, "int x;\n    indented;\nab  c");
	const struct doc_run *tab = run_of(b, "  ");
	assert_int_equal(tab->src_len, 1);
	assert_int_equal(d->src[tab->src_off], '\t');

	b = block_of(d, DOC_RULE, 0);
	assert_memory_equal(d->src + b->src_off, "***", 3);
	assert_int_equal(b->src_end - b->src_off, 3);

	assert_string_equal(block_of(d, DOC_TABLE_ROW, 0)->text, "距离 | 建议");
	assert_int_equal(run_of(block_of(d, DOC_TABLE_ROW, 0), "距离")->style,
			 DOC_STYLE_STRONG);
	assert_string_equal(block_of(d, DOC_TABLE_ROW, 1)->text, "5 | 走");
	assert_string_equal(block_of(d, DOC_HTML, 0)->text, "<div>\nraw\n</div>");
	/* The table's cells and its number. */
	const struct doc_block *row = block_of(d, DOC_TABLE_ROW, 1);
	assert_int_equal(row->n_cells, 2);
	assert_string_equal(row->text + row->cells[1], "走");
	assert_int_equal(row->table, 1);
	assert_true(block_of(d, DOC_TABLE_ROW, 0)->table_header);
	assert_false(row->table_header);
	check_runs(d);
	doc_free(d);
}

/* A TAB outside code blocks also becomes spaces: a terminal cell cannot
 * show a TAB. */
static void
test_tabs_in_text(void **state)
{
	struct doc *d = doc_of("before\tafter and `co\tde`\n");
	const struct doc_block *b = block_of(d, DOC_PARAGRAPH, 0);

	(void)state;
	assert_null(strchr(b->text, '\t'));
	assert_string_equal(b->text, "before  after and co    de");
	check_runs(d);
	doc_free(d);
}

static void
test_bom_crlf_file(void **state)
{
	struct doc *d;
	struct err err;

	(void)state;
	err_init(&err);
	assert_true(doc_load(FIXTURES "/doc/bom-crlf.txt", &d, &err));
	assert_int_equal(d->n_warnings, 0);
	assert_null(memchr(d->src, '\r', d->src_len));
	assert_string_equal(d->meta.title, "换行：CRLF 测试");
	assert_string_equal(d->meta.date, "2022-02-02");
	assert_string_equal(block_of(d, DOC_HEADING, 0)->text, "正文标题");
	assert_string_equal(block_of(d, DOC_PARAGRAPH, 0)->text, "第一行第二行");
	check_runs(d);
	doc_free(d);
	err_fini(&err);
}

static void
test_broken_front_matter_is_warned_and_shown(void **state)
{
	struct doc *d;
	struct err err;

	(void)state;
	err_init(&err);
	assert_true(doc_load(FIXTURES "/doc/broken-yaml.txt", &d, &err));
	assert_int_equal(d->n_warnings, 1);
	assert_non_null(strstr(d->warnings[0], "line 3"));
	assert_int_equal(d->body_off, 0);
	assert_null(d->meta.title);
	/* The rejected lines are shown as they are, then the body. */
	assert_int_equal(d->blocks[0].kind, DOC_CODE);
	assert_string_equal(d->blocks[0].text,
			    "---\ntitle: 坏掉的头部\n  indented: value\n"
			    "this line is not yaml at all\n---");
	assert_string_equal(doc_title(d), "仍然可以阅读");
	assert_string_equal(d->blocks[2].text, "正文还在。");
	check_runs(d);
	doc_free(d);

	assert_true(doc_load(FIXTURES "/doc/unclosed.txt", &d, &err));
	assert_int_equal(d->n_warnings, 1);
	assert_non_null(strstr(d->warnings[0], "line 1"));
	assert_string_equal(doc_title(d), "标题");
	/* Its opening --- is text, not a rule. */
	doc_parse_all(d);
	for (size_t i = 0; i < d->n_blocks; i++)
		assert_int_not_equal(d->blocks[i].kind, DOC_RULE);
	assert_int_equal(d->blocks[0].kind, DOC_CODE);
	assert_string_equal(d->blocks[0].text, "---");
	doc_free(d);
	err_fini(&err);
}

static void
test_invalid_utf8_warned(void **state)
{
	static const char raw[] = "ok \xff\xfe and \x1b[31m";
	struct doc *d = doc_new("x.txt", raw, sizeof raw - 1);

	(void)state;
	assert_int_equal(d->n_warnings, 1);
	assert_non_null(strstr(d->warnings[0], "3"));
	assert_null(memchr(d->src, '\x1b', d->src_len));
	check_runs(d);
	doc_free(d);
}

static void
test_load_errors(void **state)
{
	struct doc *d = (struct doc *)&d;
	struct err err;

	(void)state;
	err_init(&err);
	assert_false(doc_load(FIXTURES "/doc/missing.txt", &d, &err));
	assert_null(d);
	assert_non_null(strstr(err.msg, "missing.txt"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));

	assert_false(doc_load(FIXTURES "/doc", &d, &err));
	assert_non_null(strstr(err.msg, FIXTURES "/doc"));
	assert_non_null(strstr(err.msg, strerror(EISDIR)));

	assert_true(doc_load(FIXTURES "/doc/empty.txt", &d, &err));
	assert_int_equal(d->n_blocks, 0);
	assert_string_equal(doc_title(d), "empty.txt");
	doc_free(d);
	err_fini(&err);
}

/* Write len bytes of s to a new temporary file; return its path. */
static char *
temp_file(const char *s, size_t len)
{
	char *path = strdup("/tmp/test_doc.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
test_unreadable_and_huge_files(void **state)
{
	struct doc *d;
	struct err err;
	char *path = temp_file("secret", 6);

	(void)state;
	err_init(&err);
	chmod(path, 0);
	if (access(path, R_OK) != 0) {	/* root reads anything */
		assert_false(doc_load(path, &d, &err));
		assert_non_null(strstr(err.msg, path));
		assert_non_null(strstr(err.msg, strerror(EACCES)));
	}
	chmod(path, 0600);
	assert_int_equal(truncate(path, (off_t)DOC_MAX_SIZE + 1), 0);
	assert_false(doc_load(path, &d, &err));
	assert_non_null(strstr(err.msg, path));
	unlink(path);
	free(path);
	err_fini(&err);
}

static void
test_twenty_megabytes(void **state)
{
	const char *para = "这是一段用来填充的中文段落，包含**粗体**和[链接](http://e.com)。\n"
			   "Second line of the same paragraph.\n\n";
	struct buf b;
	struct doc *d;
	struct err err;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "---\ntitle: 大文件\n---\n");
	while (b.len < 20 * 1024 * 1024)
		buf_adds(&b, para);
	char *path = temp_file(b.data, b.len);
	err_init(&err);
	assert_true(doc_load(path, &d, &err));
	assert_string_equal(doc_title(d), "大文件");
	assert_true(d->n_blocks > 100000);
	const struct doc_block *last = &d->blocks[d->n_blocks - 1];
	assert_true(last->src_end > 20 * 1024 * 1024 - 200);
	assert_memory_equal(d->src + last->runs[0].src_off, "这是", 6);
	doc_free(d);
	unlink(path);
	free(path);
	buf_fini(&b);
	err_fini(&err);
}

static void
test_warn(void **state)
{
	struct doc *d = doc_of("text");

	(void)state;
	doc_warn(d, "first %d", 1);
	doc_warn(d, "second %s", "two");
	assert_int_equal(d->n_warnings, 2);
	assert_string_equal(d->warnings[0], "first 1");
	assert_string_equal(d->warnings[1], "second two");
	doc_free(d);
	doc_free(NULL);
}

/* Regression (fuzzing): for "![]([)]()" md4c 0.4.8 leaves a link it
 * never entered; the bridge wrote before its link stack and the whole
 * program died at every start. The link after it is still a link. */
static void
test_unbalanced_link_close(void **state)
{
	const char *s = "![]([)]()[a](b)";
	struct doc *d = doc_of(s);
	bool found = false;

	(void)state;
	doc_parse_all(d);
	check_runs(d);
	for (size_t i = 0; i < d->n_links; i++)
		found |= strcmp(d->links[i].url, "b") == 0 && !d->links[i].is_image;
	assert_true(found);
	doc_free(d);
}

/* A quarantined file is shown as its lines: no front matter, no
 * Markdown, controls made visible, every run mapping onto the source. */
static void
test_plain_document(void **state)
{
	static const char raw[] = "---\ntitle: T\n---\n\n# ![]([)]()[a](b)\n"
				  "\n\n  *中文* \x1b[2J\r\nlast";
	struct doc *d = doc_new_plain("/a/crash.md", raw, sizeof raw - 1);

	(void)state;
	assert_true(d->plain);
	assert_true(doc_is_complete(d));
	assert_null(d->meta.title);
	assert_string_equal(doc_title(d), "crash.md");
	assert_int_equal(d->n_blocks, 6);
	assert_string_equal(d->blocks[0].text, "---");
	assert_string_equal(d->blocks[3].text, "# ![]([)]()[a](b)");
	assert_int_equal(d->blocks[3].kind, DOC_PARAGRAPH);
	assert_null(strchr(d->blocks[4].text, '\x1b'));
	assert_non_null(strstr(d->blocks[4].text, "*中文*"));
	assert_string_equal(d->blocks[5].text, "last");
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = &d->blocks[i];
		assert_int_equal(b->n_runs, 1);
		assert_memory_equal(d->src + b->runs[0].src_off, b->text,
				    b->text_len);
	}
	doc_free(d);
	d = doc_new_plain("/a/empty.md", "", 0);
	assert_int_equal(d->n_blocks, 0);
	assert_true(doc_is_complete(d));
	doc_free(d);
}

/* A reference definition used over and over keeps one copy of its
 * address: a 64 KB address used a thousand times took 64 MB, and grows
 * with the square of the input. */
static void
test_reference_shared(void **state)
{
	struct buf md;

	(void)state;
	buf_init(&md);
	buf_adds(&md, "[a]: /");
	for (int i = 0; i < 64 * 1024; i++)
		buf_addc(&md, 'x');
	buf_adds(&md, "\n\n");
	for (int i = 0; i < 1000; i++)
		buf_adds(&md, "[a] [b](/y) ");
	buf_adds(&md, "\n");
	struct doc *d = doc_new("ref.md", buf_str(&md), md.len);
	assert_int_equal(d->n_links, 2000);
	for (size_t i = 2; i < d->n_links; i++)
		assert_ptr_equal(d->links[i].url, d->links[i % 2].url);
	assert_int_equal(strlen(d->links[0].url), 64 * 1024 + 1);
	assert_string_equal(d->links[1].url, "/y");
	doc_free(d);
	buf_fini(&md);
}

/* Regression (fuzzing): an image whose address md4c resolved through a
 * reference definition (with NULs and a broken scheme around it) ended
 * past the end of the source; every run stays inside it. */
static void
test_image_end_inside_source(void **state)
{
	FILE *f = fopen(FIXTURES "/../fuzz/crashes/article/image-end-past-source", "rb");
	char buf[4096];
	size_t n;
	struct doc *d;

	(void)state;
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	d = doc_new("mem/test.md", buf, n);
	doc_parse_all(d);
	check_runs(d);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_end_inside_source),
		cmocka_unit_test(test_unbalanced_link_close),
		cmocka_unit_test(test_reference_shared),
		cmocka_unit_test(test_sample_article),
		cmocka_unit_test(test_headings_and_title_fallbacks),
		cmocka_unit_test(test_inline_styles_and_links),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_inline_image_markers),
		cmocka_unit_test(test_no_links_inside_links),
		cmocka_unit_test(test_soft_breaks),
		cmocka_unit_test(test_hard_breaks_and_entities),
		cmocka_unit_test(test_doubled_markers),
		cmocka_unit_test(test_lists_and_quotes),
		cmocka_unit_test(test_code_rules_tables),
		cmocka_unit_test(test_tabs_in_text),
		cmocka_unit_test(test_bom_crlf_file),
		cmocka_unit_test(test_broken_front_matter_is_warned_and_shown),
		cmocka_unit_test(test_invalid_utf8_warned),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_unreadable_and_huge_files),
		cmocka_unit_test(test_twenty_megabytes),
		cmocka_unit_test(test_warn),
		cmocka_unit_test(test_plain_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
