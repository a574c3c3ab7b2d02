/* SPDX-License-Identifier: MIT */
/*
 * test_highlight.c: highlights as a user meets them: what is saved is
 * what was on screen (no Markdown syntax, across bold text and paragraph
 * ends); it is in the database file the moment the call returns; it is
 * found again after the article file is edited (text added before, after
 * or inside it, the passage moved, repeated or deleted), and a highlight
 * that cannot be placed is kept as detached, never dropped.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "document/anchor.h"
#include "data/highlight.h"
#include "data/store.h"
#include "base/xmem.h"

#define PATH "/archive/000_0123456789abcdef.txt"

struct fixture {
	char dir[64];		/* a fresh mkdtemp directory */
	char db[PATH_MAX];	/* dir/tsundoku.db */
	struct store *s;
	struct err err;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_highlight.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "%s/tsundoku.db", f->dir);
	err_init(&f->err);
	if (!store_open(f->db, &f->s, &f->err))
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX + 300];
	struct dirent *d;
	DIR *dir;

	store_close(f->s);
	err_fini(&f->err);
	dir = opendir(f->dir);
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", f->dir, d->d_name);
		unlink(path);
	}
	if (dir != NULL)
		closedir(dir);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* Return a document of the Markdown text s. */
static struct doc *
mkdoc(const char *s)
{
	return doc_new(PATH, s, strlen(s));
}

/* Return the source offset of the first occurrence of needle in d (after
 * the nth - 1 earlier ones); fail when there is none. */
static size_t
at(const struct doc *d, const char *needle, int nth)
{
	const char *p = d->src;

	for (;;) {
		p = strstr(p, needle);
		assert_non_null(p);
		if (--nth == 0)
			return (size_t)(p - d->src);
		p++;
	}
}

/* Return the source offset just past the first occurrence of needle. */
static size_t
past(const struct doc *d, const char *needle)
{
	return at(d, needle, 1) + strlen(needle);
}

/* Save a highlight of d from the start of `from` to the end of `to` in
 * colour 1 without a note; return it (the caller finis it). */
static struct highlight
add(struct fixture *f, const struct doc *d, const char *from, const char *to)
{
	struct highlight h;

	assert_true(highlight_add(f->s, PATH, d, at(d, from, 1), past(d, to),
				  1, NULL, &h, &f->err));
	return h;
}

/* Load the highlights of PATH against the text s into *hs (exactly one
 * expected) and return the document, which the caller frees. */
static struct doc *
load_one(struct fixture *f, const char *s, struct highlight_set *hs)
{
	struct doc *d = mkdoc(s);

	assert_true(highlight_load(f->s, PATH, d, hs, &f->err));
	assert_int_equal(hs->n, 1);
	return d;
}

/* Return the rendered text d shows at the highlight's range. */
static char *
shown(const struct doc *d, const struct highlight *h)
{
	struct buf q;

	buf_init(&q);
	assert_true(highlight_quote(d, h->start, h->end, &q, NULL, NULL));
	return buf_detach(&q);
}

/* Assert that h is placed in d over exactly the text quote. */
static void
assert_placed(const struct doc *d, const struct highlight *h,
	      const char *quote)
{
	char *q;

	assert_false(h->detached);
	assert_string_equal(h->quote, quote);
	q = shown(d, h);
	assert_string_equal(q, quote);
	free(q);
}

/* Return the integer result of sql on the database file at path through
 * a connection of the test's own. */
static int64_t
sql_int(const char *path, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t v;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static const char base_text[] =
	"# 标题\n\n"
	"前面的话。这是**很重要**的一句话，值得记住。后面还有话。\n\n"
	"Second paragraph with *English* words.\n";

/* A highlight saved over bold text and a paragraph end is saved as what
 * the reader showed. */
static void
test_quote_is_rendered_text(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "重要", "Second");

	assert_string_equal(h.quote, "重要的一句话，值得记住。后面还有话。\nSecond");
	assert_string_equal(h.prefix, "标题\n前面的话。这是很");
	assert_string_equal(h.suffix, " paragraph with English words.");
	assert_true(h.id > 0);
	assert_int_equal(h.color, 1);
	assert_null(h.note);
	assert_true(h.created > 0 && h.updated == h.created);
	highlight_fini(&h);
	doc_free(d);
}

/* The context is about 32 characters, counted in characters, not bytes:
 * Chinese context is not cut in the middle of a character. */
static void
test_context_is_32_characters(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc("一二三四五六七八九十一二三四五六七八九十"
			      "一二三四五六七八九十一二三四五六七八九十"
			      "【重点】"
			      "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸"
			      "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸\n");
	struct highlight h = add(f, d, "【", "】");

	assert_string_equal(h.quote, "【重点】");
	assert_string_equal(h.prefix, "九十一二三四五六七八九十"
			    "一二三四五六七八九十一二三四五六七八九十");
	assert_int_equal(strlen(h.prefix), 32 * 3);
	assert_int_equal(strlen(h.suffix), 32 * 3);
	assert_memory_equal(h.suffix, "甲乙丙", 9);
	highlight_fini(&h);
	doc_free(d);
}

/* Return the last n characters of s[0..len) (UTF-8) as a heap string. */
static char *
last_chars(const char *s, size_t len, int n)
{
	size_t a = len;

	while (a > 0 && n > 0)
		if (((unsigned char)s[--a] & 0xc0) != 0x80)
			n--;
	return xstrndup(s + a, len - a);
}

/* In a long article the context still reaches across paragraph ends
 * into the paragraphs around the quote, as the reader shows them. */
static void
test_context_across_paragraphs(void **state)
{
	struct fixture *f = *state;
	struct buf md, shown_text;
	struct highlight h;

	buf_init(&md);
	buf_init(&shown_text);
	for (int i = 0; i < 60; i++) {
		buf_printf(&md, "第%d段，*短*。\n\n", i);
		buf_printf(&shown_text, "%s第%d段，短。", i ? "\n" : "", i);
	}
	struct doc *d = mkdoc(md.data);
	assert_true(highlight_add(f->s, PATH, d, at(d, "第30段", 1),
				  past(d, "第30段"), 1, NULL, &h, &f->err));
	const char *q = strstr(shown_text.data, "第30段");
	char *want = last_chars(shown_text.data, (size_t)(q - shown_text.data),
				32);
	assert_string_equal(h.prefix, want);
	free(want);
	/* The suffix: the 32 characters after it. */
	const char *after = q + strlen("第30段");
	size_t k = 0;
	for (int n = 0; n < 32 && after[k] != '\0'; n++)
		while (((unsigned char)after[++k] & 0xc0) == 0x80)
			;
	want = xstrndup(after, k);
	assert_string_equal(h.suffix, want);
	assert_memory_equal(h.suffix, "，短。\n第31段", strlen("，短。\n第31段"));
	free(want);
	highlight_fini(&h);
	doc_free(d);
	buf_fini(&md);
	buf_fini(&shown_text);
}

/* A range of markup only holds nothing to highlight; nothing is saved. */
static void
test_markup_only_range_is_refused(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h;
	size_t stars = at(d, "**", 1);
	struct highlight_set hs = { 0 };

	assert_false(highlight_add(f->s, PATH, d, stars, stars + 2, 1, NULL,
				   &h, &f->err));
	assert_non_null(strstr(err_msg(&f->err), "nothing"));
	doc_free(d);
	/* A line end inside a paragraph shows as one space: blank. */
	d = mkdoc("First line\nsecond line.\n");
	size_t lf = at(d, "\n", 1);
	assert_false(highlight_add(f->s, PATH, d, lf, lf + 1, 1, NULL, &h,
				   &f->err));
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 0);
	highlight_set_fini(&hs);
	doc_free(d);
}

/* Saved means in the file: a fresh connection, as after a crash, sees the
 * highlight and its note the moment highlight_add returns. */
static void
test_saved_highlight_is_in_the_file(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h;
	struct highlight_set hs = { 0 };
	struct store *again;

	assert_true(highlight_add(f->s, PATH, d, at(d, "值得", 1),
				  past(d, "记住"), 3, "要记住的笔记", &h,
				  &f->err));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM highlight"
				 " WHERE quote = '值得记住' AND color = 3"
				 " AND note = '要记住的笔记'"), 1);
	assert_true(store_open(f->db, &again, &f->err));
	assert_true(highlight_load(again, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.v[0].id, h.id);
	assert_int_equal(hs.v[0].start, h.start);
	assert_string_equal(hs.v[0].note, "要记住的笔记");
	highlight_set_fini(&hs);
	store_close(again);
	highlight_fini(&h);
	doc_free(d);
}

/* Unchanged file: the highlight is where it was. */
static void
test_unchanged_text_keeps_place(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };

	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.v[0].start, h.start);
	assert_int_equal(hs.v[0].end, h.end);
	assert_placed(d, &hs.v[0], "很重要的一句话");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
}

/* Text inserted before: the highlight moves with its passage, and the new
 * range is written back to the database. */
static void
test_text_inserted_before(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n新加的一段，**很长**很长。\n\n"
				  "前面的话。这是**很重要**的一句话，值得记住。"
				  "后面还有话。\n", &hs);

	assert_int_equal(hs.v[0].start, at(d2, "很重要", 1));
	assert_placed(d2, &hs.v[0], "很重要的一句话");
	assert_int_equal(sql_int(f->db, "SELECT start FROM highlight"),
			 (int64_t)at(d2, "很重要", 1));
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* A highlight across bold text and a paragraph end is found again after
 * a paragraph is added before it and the markup inside it changes (bold
 * made italic, a line broken between two Chinese characters): what the
 * reader shows is what counts. */
static void
test_span_survives_markup_edits(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "重要", "Second");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n新的一段。\n\n"
				  "前面的话。这是*很重要*的一句话，值得\n记住。"
				  "后面还有话。\n\n"
				  "Second paragraph with **English** words.\n",
				  &hs);

	assert_int_equal(hs.v[0].start, at(d2, "重要", 1));
	assert_int_equal(hs.v[0].end, past(d2, "Second"));
	assert_placed(d2, &hs.v[0], "重要的一句话，值得记住。后面还有话。\nSecond");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* A link added inside the passage (the reader shows its number) and a
 * paragraph added just before it: the half of the context next to the
 * passage still brackets it, and it takes the new text. */
static void
test_link_added_inside(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "重要", "Second");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n新的一段。\n\n"
				  "前面的话。这是很[重要](https://example.com)"
				  "的一句话，值得记住。后面还有话。\n\n"
				  "Second paragraph with *English* words.\n",
				  &hs);

	assert_int_equal(hs.v[0].start, at(d2, "重要", 1));
	assert_int_equal(hs.v[0].end, past(d2, "Second"));
	assert_placed(d2, &hs.v[0],
		      "重要[1]的一句话，值得记住。后面还有话。\nSecond");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* Spaces put between Chinese and Latin words (a common clean-up): the
 * passage is found with its white space ignored, and takes the new
 * spacing. */
static void
test_spacing_changed(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc("开头。用Rust写的parser很快，比C++的版本还快。结尾。\n");
	struct highlight h = add(f, d, "Rust", "parser很快");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "开头。用 Rust 写的 parser 很快，比 C++ "
				  "的版本还快。结尾。\n", &hs);

	assert_int_equal(hs.v[0].start, at(d2, "Rust", 1));
	assert_placed(d2, &hs.v[0], "Rust 写的 parser 很快");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* Text added after the highlight: nothing moves. */
static void
test_text_inserted_after(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n前面的话。这是**很重要**的一句话"
				  "（补充说明），值得记住。\n\n新的结尾。\n", &hs);

	assert_int_equal(hs.v[0].start, h.start);
	assert_int_equal(hs.v[0].end, h.end);
	assert_placed(d2, &hs.v[0], "很重要的一句话");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* The passage deleted: the highlight is kept, detached, with its quote;
 * when the passage comes back it is placed again. */
static void
test_quote_deleted_is_detached_not_dropped(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n前面的话。后面还有话。\n", &hs);

	assert_true(hs.v[0].detached);
	assert_string_equal(hs.v[0].quote, "很重要的一句话");
	assert_int_equal(sql_int(f->db, "SELECT detached FROM highlight"), 1);
	doc_free(d2);
	d2 = load_one(f, base_text, &hs);
	assert_placed(d2, &hs.v[0], "很重要的一句话");
	assert_int_equal(sql_int(f->db, "SELECT detached FROM highlight"), 0);
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* Text inserted inside the passage: the quote is gone, but its context
 * still stands around it, so the highlight covers the passage as it now
 * reads. */
static void
test_text_inserted_inside(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n前面的话。这是**很重要**而且"
				  "*很有趣*的一句话，值得记住。后面还有话。\n\n"
				  "Second paragraph with *English* words.\n",
				  &hs);

	assert_int_equal(hs.v[0].start, at(d2, "很重要", 1));
	assert_int_equal(hs.v[0].end, past(d2, "一句话"));
	assert_placed(d2, &hs.v[0], "很重要而且很有趣的一句话");
	highlight_set_fini(&hs);
	/* The new quote was saved: the next load finds it in place. */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM highlight WHERE"
				 " quote = '很重要而且很有趣的一句话'"), 1);
	assert_true(highlight_load(f->s, PATH, d2, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_placed(d2, &hs.v[0], "很重要而且很有趣的一句话");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* A word of the passage corrected: the highlight follows the edit. */
static void
test_quote_edited(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc("The quick brown fox jumps over the lazy dog, "
			      "and the cat sleeps on the warm mat all day.\n");
	struct highlight h = add(f, d, "jumps", "dog");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "The quick brown fox leaps over the lazy "
				  "dog, and the cat sleeps on the warm mat all "
				  "day.\n", &hs);

	assert_placed(d2, &hs.v[0], "leaps over the lazy dog");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* The passage rewritten beyond recognition, its context too: detached. */
static void
test_quote_rewritten_is_detached(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "# 标题\n\n完全不同的内容。\n", &hs);

	assert_true(hs.v[0].detached);
	assert_string_equal(hs.v[0].quote, "很重要的一句话");
	assert_int_equal(hs.v[0].start, h.start);
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

static const char twice_text[] =
	"数据库很快，大家都喜欢。\n\n后来发现数据库很慢，没人喜欢。\n";

/* A passage that occurs twice: the context tells which one was meant,
 * even when the other one has come nearer to where it was. */
static void
test_repeated_quote_found_by_context(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(twice_text);
	struct highlight h;
	struct highlight_set hs = { 0 };
	struct doc *d2;

	assert_true(highlight_add(f->s, PATH, d, at(d, "数据库", 2),
				  at(d, "数据库", 2) + strlen("数据库"), 2,
				  NULL, &h, &f->err));
	assert_string_equal(h.suffix, "很慢，没人喜欢。");
	/* Cut the first paragraph to its end, so the first occurrence now
	 * stands right where the second was; add a first one before. */
	d2 = load_one(f, "数据库很慢？不。\n\n"
		      "一段新的开头，长得足够让位置都变了。数据库很快，大家都喜欢。"
		      "\n\n后来发现数据库很慢，没人喜欢。\n", &hs);
	assert_int_equal(hs.v[0].start, at(d2, "数据库", 3));
	assert_placed(d2, &hs.v[0], "数据库");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* When no occurrence has the old context, the nearest to the old place
 * wins. */
static void
test_quote_alone_nearest(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc("甲乙丙，关键词在这里，丁戊己。\n");
	struct highlight h = add(f, d, "关键词", "关键词");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "关键词一。\n\n新的话，关键词二。"
				  "\n\n很远很远很远很远很远很远的关键词三。\n",
				  &hs);

	assert_int_equal(hs.v[0].start, at(d2, "关键词", 1));
	assert_placed(d2, &hs.v[0], "关键词");
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* Mixed Chinese, English and emoji, across a link and list items. */
static void
test_mixed_text_across_list_items(void **state)
{
	struct fixture *f = *state;
	static const char text[] =
		"用 [Rust](https://example.com/rust) 写的 parser 很快 👍。\n\n"
		"- 第一项 item one\n- 第二项 item two\n";
	struct doc *d = mkdoc(text);
	struct highlight h = add(f, d, "parser", "item one\n- 第二");
	struct highlight_set hs = { 0 };
	struct doc *d2;

	assert_string_equal(h.quote, "parser 很快 👍。\n第一项 item one\n第二");
	assert_string_equal(h.prefix, "用 Rust[1] 写的 ");
	/* Wrap the first paragraph differently and add an item before. */
	d2 = load_one(f, "导言。\n\n用 [Rust](https://example.com/rust) 写的\n"
		      "parser 很快 👍。\n\n- 第一项 item one\n- 第二项 item two\n",
		      &hs);
	assert_placed(d2, &hs.v[0], "parser 很快 👍。\n第一项 item one\n第二");
	assert_int_equal(hs.v[0].start, at(d2, "parser", 1));
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* An article read lazily, in chunks, once parsed whole: the highlight
 * lies in a late chunk and is found after an edit near the top. */
static void
test_lazy_document_parsed_whole(void **state)
{
	struct fixture *f = *state;
	struct buf text;
	struct doc *d;
	struct highlight h;
	struct highlight_set hs = { 0 };

	buf_init(&text);
	for (int i = 0; i < 200; i++)
		buf_printf(&text, "第%d段，随便写一些字填满。\n\n", i);
	buf_adds(&text, "结尾的**金句**在这里。\n");
	d = doc_new_lazy(PATH, text.data, text.len, 512);
	doc_parse_all(d);
	assert_true(d->n_chunks > 1);
	h = add(f, d, "金句", "这里");
	assert_string_equal(h.quote, "金句在这里");
	doc_free(d);
	d = doc_new_lazy(PATH, text.data + 3, text.len - 3, 512);
	doc_parse_all(d);
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_placed(d, &hs.v[0], "金句在这里");
	assert_int_equal(hs.v[0].start, h.start - 3);
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	buf_fini(&text);
}

/* A note is set, changed in Chinese, and removed by saving it empty: the
 * highlight stays. Each change moves the update time, never the creation
 * time. */
static void
test_note_set_and_removed(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "值得", "记住");
	struct highlight_set hs = { 0 };

	assert_true(highlight_set_note(f->s, h.id, "第一行\n第二行", &f->err));
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_string_equal(hs.v[0].note, "第一行\n第二行");
	assert_true(hs.v[0].updated >= h.created);
	assert_int_equal(hs.v[0].created, h.created);
	assert_true(highlight_set_note(f->s, h.id, "", &f->err));
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_null(hs.v[0].note);
	assert_true(highlight_set_note(f->s, h.id, "再写", &f->err));
	assert_true(highlight_set_note(f->s, h.id, NULL, &f->err));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM highlight"
				 " WHERE note IS NULL"), 1);
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
}

/* Recolouring is saved; a highlight deleted meanwhile is an error. */
static void
test_color_and_delete(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h = add(f, d, "值得", "记住");

	assert_true(highlight_set_color(f->s, h.id, 4, &f->err));
	assert_int_equal(sql_int(f->db, "SELECT color FROM highlight"), 4);
	assert_true(highlight_delete(f->s, h.id, &f->err));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM highlight"), 0);
	assert_false(highlight_set_color(f->s, h.id, 2, &f->err));
	assert_false(highlight_set_note(f->s, h.id, "x", &f->err));
	assert_false(highlight_delete(f->s, h.id, &f->err));
	highlight_fini(&h);
	doc_free(d);
}

/* Undo of a deletion brings back the same highlight: id, range, note,
 * colour and times. */
static void
test_restore_after_delete(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight h;
	struct highlight_set hs = { 0 };

	assert_true(highlight_add(f->s, PATH, d, at(d, "值得", 1),
				  past(d, "记住"), 2, "笔记", &h, &f->err));
	assert_true(highlight_delete(f->s, h.id, &f->err));
	assert_true(highlight_restore(f->s, PATH, &h, &f->err));
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.v[0].id, h.id);
	assert_int_equal(hs.v[0].start, h.start);
	assert_int_equal(hs.v[0].end, h.end);
	assert_int_equal(hs.v[0].color, 2);
	assert_string_equal(hs.v[0].note, "笔记");
	assert_int_equal(hs.v[0].created, h.created);
	assert_int_equal(hs.v[0].updated, h.updated);
	/* Restoring twice would duplicate it: refused. */
	assert_false(highlight_restore(f->s, PATH, &h, &f->err));
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
}

/* An article's highlights come sorted by start, the shorter first among
 * those starting together, the detached ones last. */
static void
test_set_order(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight a = add(f, d, "后面", "有话");
	struct highlight b = add(f, d, "很重要", "记住");
	struct highlight c = add(f, d, "很重要", "一句话");
	struct highlight_set hs = { 0 };

	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 3);
	assert_int_equal(hs.v[0].id, c.id);
	assert_int_equal(hs.v[1].id, b.id);
	assert_int_equal(hs.v[2].id, a.id);
	highlight_set_fini(&hs);
	doc_free(d);
	d = mkdoc("# 标题\n\n前面的话。后面还有话。\n");
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 3);
	assert_int_equal(hs.v[0].id, a.id);
	assert_false(hs.v[0].detached);
	assert_true(hs.v[1].detached && hs.v[2].detached);
	highlight_set_fini(&hs);
	highlight_fini(&a);
	highlight_fini(&b);
	highlight_fini(&c);
	doc_free(d);
}

/* Count callback: remember the count for PATH and how many articles. */
struct counts {
	size_t n_articles;
	size_t n_path;
};

static void
count_cb(const char *path, size_t n, void *ctx)
{
	struct counts *c = ctx;

	c->n_articles++;
	if (strcmp(path, PATH) == 0)
		c->n_path = n;
}

/* The archive-wide list: newest first, with the article's path, filtered
 * by quote or note folded like search; and the per-article counts. */
static void
test_list_all_and_counts(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight a = add(f, d, "很重要", "一句话");
	struct highlight b = add(f, d, "Second", "English");
	struct highlight c;
	struct highlight_entry *v = NULL;
	struct counts cnt = { 0 };
	size_t n;

	assert_true(highlight_add(f->s, "/archive/other.txt", d,
				  at(d, "值得", 1), past(d, "记住"), 1,
				  "ＡＢＣ的笔记", &c, &f->err));
	assert_true(highlight_list_all(f->s, NULL, &v, &n, &f->err));
	assert_int_equal(n, 3);
	assert_int_equal(v[0].h.id, c.id);
	assert_string_equal(v[0].path, "/archive/other.txt");
	assert_int_equal(v[2].h.id, a.id);
	assert_string_equal(v[2].path, PATH);
	highlight_entries_free(v, n);
	assert_true(highlight_list_all(f->s, "abc", &v, &n, &f->err));
	assert_int_equal(n, 1);
	assert_int_equal(v[0].h.id, c.id);
	highlight_entries_free(v, n);
	assert_true(highlight_list_all(f->s, "ｅｎｇｌｉｓｈ", &v, &n, &f->err));
	assert_int_equal(n, 1);
	assert_int_equal(v[0].h.id, b.id);
	highlight_entries_free(v, n);
	assert_true(highlight_list_all(f->s, "没有这个", &v, &n, &f->err));
	assert_int_equal(n, 0);
	highlight_entries_free(v, n);
	assert_true(highlight_counts(f->s, count_cb, &cnt, &f->err));
	assert_int_equal(cnt.n_articles, 2);
	assert_int_equal(cnt.n_path, 2);
	highlight_fini(&a);
	highlight_fini(&b);
	highlight_fini(&c);
	doc_free(d);
}

/* The caret's target is the innermost highlight under it; ]h and [h go
 * to the next and previous starts; detached ones are never targets. */
static void
test_at_and_next(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc(base_text);
	struct highlight outer = add(f, d, "这是", "记住");
	struct highlight inner = add(f, d, "很重要", "一句话");
	struct highlight gone = add(f, d, "Second", "words");
	struct highlight_set hs = { 0 };
	/* Drop the English paragraph: its highlight is detached. */
	struct doc *d2 = mkdoc("# 标题\n\n前面的话。这是**很重要**的一句话，值得记住。"
		   "后面还有话。\n");
	assert_true(highlight_load(f->s, PATH, d2, &hs, &f->err));
	assert_int_equal(hs.n, 3);
	long i = highlight_at(&hs, at(d2, "重要", 1));
	assert_true(i >= 0);
	assert_int_equal(hs.v[i].id, inner.id);
	i = highlight_at(&hs, at(d2, "值得", 1));
	assert_int_equal(hs.v[i].id, outer.id);
	assert_int_equal(highlight_at(&hs, at(d2, "前面", 1)), -1);
	assert_int_equal(highlight_at(&hs, at(d2, "后面", 1)), -1);
	assert_int_equal(highlight_at(&hs, gone.start), -1);
	i = highlight_next(&hs, 0, true);
	assert_int_equal(hs.v[i].id, outer.id);
	i = highlight_next(&hs, outer.start, true);
	assert_int_equal(hs.v[i].id, inner.id);
	assert_int_equal(highlight_next(&hs, inner.start, true), -1);
	i = highlight_next(&hs, d2->src_len, false);
	assert_int_equal(hs.v[i].id, inner.id);
	i = highlight_next(&hs, inner.start, false);
	assert_int_equal(hs.v[i].id, outer.id);
	assert_int_equal(highlight_next(&hs, outer.start, false), -1);
	highlight_set_fini(&hs);
	highlight_fini(&outer);
	highlight_fini(&inner);
	highlight_fini(&gone);
	doc_free(d);
	doc_free(d2);
}

/* A process killed the moment highlight_add returned (no exit, no
 * close): its highlight is in the database when it is opened again. */
static void
test_survives_sigkill(void **state)
{
	struct fixture *f = *state;
	struct highlight_set hs = { 0 };
	struct doc *d = mkdoc(base_text);
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *s;
		struct highlight h;
		if (!store_open(f->db, &s, NULL) ||
		    !highlight_add(s, PATH, d, at(d, "值得", 1),
				   past(d, "记住"), 2, "杀不掉的笔记", &h, NULL))
			_exit(1);
		raise(SIGKILL);
		_exit(2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_true(highlight_load(f->s, PATH, d, &hs, &f->err));
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.v[0].note, "杀不掉的笔记");
	assert_placed(d, &hs.v[0], "值得记住");
	highlight_set_fini(&hs);
	doc_free(d);
}

/* Regression (fuzzing): a text that shrank keeps part of a highlight's
 * old range, and that part can still read as the quote. A range past the
 * end of the text is never "in place": the highlight is found again by
 * its quote inside the text, or detached. */
static void
test_range_past_a_shrunk_end(void **state)
{
	struct fixture *f = *state;
	struct doc *d = mkdoc("abc **def**\n");
	struct highlight h = add(f, d, "def", "def");
	struct highlight_set hs = { 0 };
	struct doc *d2 = load_one(f, "abc **def", &hs);
	struct anchor_text t;
	struct anchor_quote far = { .quote = "def", .prefix = "", .suffix = "",
				    .start = 6, .end = 1000000 };

	assert_true(hs.v[0].end <= d2->src_len);
	assert_placed(d2, &hs.v[0], "def");
	doc_parse_all(d2);
	anchor_text_init(&t, d2);
	assert_false(anchor_in_place(&t, &far));
	anchor_text_fini(&t);
	highlight_set_fini(&hs);
	highlight_fini(&h);
	doc_free(d);
	doc_free(d2);
}

/* Regression (fuzzing): in "*  *  * \n\t\t*" the expanded indentation
 * of the last line is a synthesized run placed after the "*" it stands
 * before, so the runs are out of source order. A quote found there got
 * the empty source range from the first run's place to the last run's
 * end, and the highlight would have held nothing. */
static void
test_found_in_runs_out_of_order(void **state)
{
	struct doc *d = mkdoc("*  *  * \n\t\t*");
	struct anchor_quote q = { .quote = " *", .prefix = "a   ",
				  .suffix = "", .start = 6, .end = 8 };
	struct anchor_text t;
	size_t start = 0, end = 0;
	struct buf quote;

	(void)state;
	doc_parse_all(d);
	anchor_text_init(&t, d);
	assert_int_not_equal(anchor_find(&t, &q, &start, &end), ANCHOR_LOST);
	assert_true(start < end);
	buf_init(&quote);
	assert_true(highlight_quote(d, start, end, &quote, NULL, NULL));
	assert_non_null(strchr(buf_str(&quote), '*'));
	buf_fini(&quote);
	anchor_text_fini(&t);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found_in_runs_out_of_order),
		cmocka_unit_test_setup_teardown(test_range_past_a_shrunk_end, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quote_is_rendered_text,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_context_is_32_characters,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_markup_only_range_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_saved_highlight_is_in_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_text_keeps_place,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_inserted_before,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_inserted_after,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_quote_deleted_is_detached_not_dropped, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_text_inserted_inside,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_quote_edited, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_quote_rewritten_is_detached, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_repeated_quote_found_by_context, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quote_alone_nearest,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_mixed_text_across_list_items, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_lazy_document_parsed_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_set_and_removed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_color_and_delete, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_restore_after_delete,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_all_and_counts,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_and_next, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_survives_sigkill, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_context_across_paragraphs, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_span_survives_markup_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_added_inside, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_spacing_changed, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
