/* SPDX-License-Identifier: MIT */
/*
 * test_store_search.c: the archive-wide index. The recall test compares
 * store_search with an independent scan of the same articles: each body
 * is rendered the way the program renders it (doc_new, block texts joined
 * with "\n"), title, source and body are folded with fold.h, and a term
 * matches where its folded form occurs as a substring. One rule differs
 * from a plain substring scan, and the scan applies it: a term that
 * starts with a Latin letter or digit matches only at the start of a
 * word (the index matches Latin words by prefix: "kernel" finds
 * "kernels" but not "mykernel"). In this corpus Latin words touch only
 * ASCII punctuation, spaces and CJK characters, so "start of a word" is
 * "not after an ASCII letter or digit".
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "text/fold.h"
#include "data/store.h"
#include "data/store_impl.h"
#include "document/tidy.h"
#include "base/xmem.h"
#include "fts_shards.h"

/* The corpus: Markdown articles with front matter, as saved on disk. */
struct article_src {
	const char *path;
	const char *raw;
};

static const struct article_src corpus[] = {
	{ "zh/01.md", "---\ntitle: 数据库的索引\nsource: 技术周刊\n"
	  "date: 2024-05-01\n---\n\n# 数据库的索引\n\n"
	  "索引让查询更快，数据量大时尤其明显。\n" },
	{ "zh/02.md", "---\ntitle: 量子计算入门\nsource: 科学松鼠会\n"
	  "date: 2024-04-01\n---\n\n量子计算利用叠加态。它和经典计算不同。\n" },
	{ "zh/03.md", "---\ntitle: 粗体跨越\nsource: 测试\ndate: 2024-03-01\n"
	  "---\n\n这是**量子**计算的例子，还有数**据**二字。\n" },
	{ "zh/04.md", "---\ntitle: 空格分开\nsource: 测试\ndate: 2024-02-01\n"
	  "---\n\n数 据 不相连，数。据 也不相连。\n" },
	{ "zh/05.md", "---\ntitle: 只有标题有数据\nsource: 测试\n"
	  "date: 2023-12-01\n---\n\n正文里没有那两个字。\n" },
	{ "zh/06.md", "---\ntitle: 来源\nsource: 数据之家\ndate: 2023-11-01\n"
	  "---\n\n正文没有它们。\n" },
	{ "zh/07.md", "---\ntitle: 混合\nsource: LWN\ndate: 2023-10-01\n---\n\n"
	  "Linux kernel 的数据结构，数据kernel 紧挨着。\n" },
	{ "zh/08.md", "---\ntitle: 全角\nsource: 测试\ndate: 2023-09-01\n---\n\n"
	  "全角字母ＫＥＲＮＥＬ也算，全角数字２０２４年。\n" },
	{ "zh/09.md", "---\ntitle: 列表\nsource: 测试\ndate: 2023-08-01\n---\n\n"
	  "- 第一项：大数据\n- 第二项：量子\n- 第三项：计算\n" },
	{ "zh/10.md", "---\ntitle: 引用\nsource: 测试\ndate: 2023-07-01\n---\n\n"
	  "> 引用里的量子计\n> 算跨行了\n" },
	{ "zh/11.md", "---\ntitle: 链接\nsource: 测试\ndate: 2023-06-01\n---\n\n"
	  "看[这里](https://kernel.org/数据)的说明。\n" },
	{ "zh/12.md", "---\ntitle: 代码\nsource: 测试\ndate: 2023-05-01\n---\n\n"
	  "```\nmake kernel 数据\n```\n" },
	{ "zh/13.md", "---\ntitle: 单字\nsource: 测试\ndate: 2023-04-01\n---\n\n"
	  "目\n\n的\n" },
	{ "zh/14.md", "---\ntitle: 没有日期的数据\nsource: 测试\n---\n\n"
	  "日期缺失排在最后。\n" },
	{ "zh/15.md", "---\ntitle: 抓取日期\nsource: 测试\ndate: 2024-05-01\n"
	  "fetch_date: 2024-05-02T10:00:00\n---\n\n同一天的数据，后抓取。\n" },
	{ "en/01.md", "---\ntitle: The Kernel\nsource: LWN\ndate: 2022-01-01\n"
	  "---\n\nThe kernel schedules tasks.\n" },
	{ "en/02.md", "---\ntitle: Loadable modules\nsource: LWN\n"
	  "date: 2022-02-01\n---\n\nKERNELS and modules, loaded at boot.\n" },
	{ "en/03.md", "---\ntitle: Not a word start\nsource: Blog\n"
	  "date: 2022-03-01\n---\n\nmykernel is a project name.\n" },
	{ "en/04.md", "---\ntitle: Bold split\nsource: Blog\ndate: 2022-04-01\n"
	  "---\n\nThe ker**nel** was rebuilt.\n" },
	{ "en/05.md", "---\ntitle: Query syntax\nsource: Manual\n"
	  "date: 2022-05-01\n---\n\nUse AND, OR and NEAR(a b); quote with \""
	  " and star with *; run it with -xyzzy.\n" },
	{ "en/06.md", "---\ntitle: Gardening\nsource: Almanac\n"
	  "date: 2022-06-01\n---\n\nTomatoes need sun, water, patience.\n" },
	{ "en/07.md", "---\ntitle: Cooking\nsource: Almanac\ndate: 2022-07-01\n"
	  "---\n\nCaf\xc3\xa9 recipes with sugar.\n" },
	{ "ja/01.md", "---\ntitle: 東京のデータ\nsource: 日経\ndate: 2021-01-01\n"
	  "---\n\n東京都のデータベースは大きい。\n" },
	{ "ja/02.md", "---\ntitle: 半角カナ\nsource: 日経\ndate: 2021-02-01\n"
	  "---\n\n\xef\xbe\x83\xef\xbe\x9e\xef\xbd\xb0\xef\xbe\x80は半角です。\n" },
	{ "ko/01.md", "---\ntitle: 한국어 데이터\nsource: 조선\n"
	  "date: 2021-03-01\n---\n\n데이터베이스 커널 kernel 설명.\n" },
	{ "mix/01.md", "---\ntitle: 混排\nsource: 少数派\ndate: 2020-01-01\n"
	  "---\n\n在 Kernel 里处理数据，以及 kernel panic。\n" },
	{ "mix/02.md", "---\ntitle: 数据 kernel\nsource: 少数派\n"
	  "date: 2020-02-01\n---\n\n标题里两个词都有。\n" },
	{ "mix/03.md", "---\ntitle: 只有数据\nsource: 少数派\n"
	  "date: 2020-03-01\n---\n\n没有那个英文词，数据倒是有的。\n" },
	{ "mix/04.md", "---\ntitle: 表格\nsource: 少数派\ndate: 2020-04-01\n"
	  "---\n\n| 名称 | 说明 |\n|---|---|\n| 量子 | 计算 |\n" },
	{ "mix/05.md", "---\ntitle: 标题\nsource: 少数派\ndate: 2020-05-01\n"
	  "---\n\n## 量子计算\n\n标题下的正文。\n" },
};

#define N_CORPUS (sizeof corpus / sizeof corpus[0])

struct fixture {
	char dir[64];		/* a fresh mkdtemp directory */
	char db[PATH_MAX];	/* dir/tsundoku.db */
	struct store *store;	/* open on db, the corpus in it */
	char *title[N_CORPUS];	/* each article as the index got it */
	char *source[N_CORPUS];
	char *body[N_CORPUS];
};

/* Append the rendered text of d to out the way the program indexes it:
 * the blocks' texts joined with "\n". */
static void
render(const struct doc *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		if (i > 0)
			buf_addc(out, '\n');
		buf_add(out, d->blocks[i].text, d->blocks[i].text_len);
	}
}

/* Put art and its body into s as the indexer does: in a batch, with its
 * tokens made ahead by store_tokens_new from the texts tok_title and
 * tok_body (the indexed ones, or others to check they are not used). */
static void
put_batch(struct store *s, const struct store_article *art, const char *body,
	  size_t body_len, const char *tok_title, const char *tok_body)
{
	struct store_tokens *t = store_tokens_new(tok_title, art->source,
						  tok_body, strlen(tok_body));
	struct err err;

	err_init(&err);
	if (!store_batch_begin(s, &err) ||
	    !store_batch_put(s, art, body, body_len, t, &err) ||
	    !store_batch_end(s, true, &err))
		fail_msg("batch put %s: %s", art->path, err_msg(&err));
	store_tokens_free(t);
	err_fini(&err);
}

/* Put article a into s as the program would, keeping copies of the
 * indexed title, source and body in f (slot k) when f is not NULL. Every
 * other article goes in as the indexer writes it (tokens made ahead), so
 * the recall test covers both ways. */
static void
put_source(struct store *s, const struct article_src *a, struct fixture *f,
	   size_t k)
{
	struct doc *d = doc_new(a->path, a->raw, strlen(a->raw));
	struct store_article art = {
		.path = a->path, .size = (int64_t)strlen(a->raw),
		.mtime_ns = 1, .hash = "h", .title = doc_title(d),
		.source = d->meta.source, .url = d->meta.url,
		.date = d->meta.date, .fetch_date = d->meta.fetch_date,
		.length = -1, .extra = d->meta.extra,
		.n_extra = d->meta.n_extra,
	};
	struct buf body;
	struct err err;

	buf_init(&body);
	render(d, &body);
	err_init(&err);
	if (k % 2 == 1)
		put_batch(s, &art, buf_str(&body), body.len, art.title,
			  buf_str(&body));
	else if (!store_put_article(s, &art, buf_str(&body), body.len, &err))
		fail_msg("put %s: %s", a->path, err_msg(&err));
	err_fini(&err);
	if (f != NULL) {
		f->title[k] = xstrdup(doc_title(d));
		f->source[k] = xstrdup(d->meta.source ? d->meta.source : "");
		f->body[k] = buf_detach(&body);
	}
	buf_fini(&body);
	doc_free(d);
}

/* Open (creating) the store at path or fail the test. */
static struct store *
open_store(const char *path)
{
	struct store *s = NULL;
	struct err err;

	err_init(&err);
	if (!store_open(path, &s, &err))
		fail_msg("store_open: %s", err_msg(&err));
	err_fini(&err);
	return s;
}

/* Write the corpus's files below the current directory: snippets are
 * cut from them (the index keeps no copy of the text). */
static void
write_corpus(void)
{
	for (size_t k = 0; k < N_CORPUS; k++) {
		char dir[64];
		FILE *fp;
		snprintf(dir, sizeof dir, "%.*s",
			 (int)(strchr(corpus[k].path, '/') - corpus[k].path),
			 corpus[k].path);
		mkdir(dir, 0700);
		fp = fopen(corpus[k].path, "w");
		assert_non_null(fp);
		fputs(corpus[k].raw, fp);
		assert_int_equal(fclose(fp), 0);
	}
}

/* Make a fresh directory holding the corpus's files and a database of
 * them, and make it the current directory (the paths are relative). */
static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_store_search.XXXXXX");
	if (mkdtemp(f->dir) == NULL || chdir(f->dir) != 0)
		return -1;
	write_corpus();
	snprintf(f->db, sizeof f->db, "%s/tsundoku.db", f->dir);
	f->store = open_store(f->db);
	for (size_t k = 0; k < N_CORPUS; k++)
		put_source(f->store, &corpus[k], f, k);
	*state = f;
	return 0;
}

/* nftw callback: remove one entry (children come first). */
static int
remove_entry(const char *path, const struct stat *sb, int flag,
	     struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Close the store and remove the test's directory. */
static int
teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->store);
	if (chdir("/") != 0)
		return -1;
	nftw(f->dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	for (size_t k = 0; k < N_CORPUS; k++) {
		free(f->title[k]);
		free(f->source[k]);
		free(f->body[k]);
	}
	free(f);
	return 0;
}

/* The hits of one search: paths and snippets in result order. */
struct hits {
	char *path[64];
	char *snippet[64];
	size_t n;
	size_t stop_after;	/* stop the search after this many; 0: never */
};

/* store_hit_fn that records the hit in the struct hits at ctx. */
static bool
collect(const struct store_hit *hit, void *ctx)
{
	struct hits *h = ctx;

	assert_true(h->n < 64);
	assert_non_null(hit->path);
	assert_non_null(hit->snippet);
	h->path[h->n] = xstrdup(hit->path);
	h->snippet[h->n] = xstrdup(hit->snippet);
	h->n++;
	return h->stop_after == 0 || h->n < h->stop_after;
}

/* Free what h holds. */
static void
hits_fini(struct hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->path[i]);
		free(h->snippet[i]);
	}
	h->n = 0;
}

/* Run the query q on s into h (which must be empty) or fail the test. */
static void
search(struct store *s, const struct store_query *q, struct hits *h)
{
	struct err err;

	err_init(&err);
	if (!store_search(s, q, collect, h, &err))
		fail_msg("store_search(%s): %s", q->text, err_msg(&err));
	err_fini(&err);
}

/* Return the hits of text on s, newest first, markers "[" and "]". */
static void
search_text(struct store *s, const char *text, struct hits *h)
{
	struct store_query q = { .text = text, .snippets = true,
				 .mark_open = "[", .mark_close = "]" };

	search(s, &q, h);
}

/* Compare strings through pointers, for qsort. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the paths of h, sorted, to out as "a b c ". */
static void
hits_set(const struct hits *h, struct buf *out)
{
	char *sorted[64];

	memcpy(sorted, h->path, h->n * sizeof sorted[0]);
	qsort(sorted, h->n, sizeof sorted[0], cmp_str);
	for (size_t i = 0; i < h->n; i++)
		buf_printf(out, "%s ", sorted[i]);
}

/* Return true when c is an ASCII letter or digit (lower case: folded). */
static bool
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Return true when the folded term t occurs in the text s, folded here:
 * anywhere, or only at the start of a word when t starts with a letter
 * or digit (the index's rule for Latin words). */
static bool
scan_text(const char *s, const char *t)
{
	struct fold f;
	const char *p;
	bool found = false;

	fold_init(&f);
	fold_text(s, strlen(s), &f);
	for (p = f.text; !found && (p = strstr(p, t)) != NULL; p++)
		found = !is_alnum(t[0]) || p == f.text || !is_alnum(p[-1]);
	fold_fini(&f);
	return found;
}

/* Return true when article k of f matches every term of the query q, by
 * the independent scan described at the top of this file. */
static bool
scan_article(const struct fixture *f, size_t k, const char *q)
{
	const char *p = q;
	bool all = true;

	while (all && *p != '\0') {
		size_t n = strcspn(p, " ");
		struct buf term;
		buf_init(&term);
		fold_query(p, n, &term);
		if (term.len > 0)
			all = scan_text(f->title[k], buf_str(&term))
				|| scan_text(f->source[k], buf_str(&term))
				|| scan_text(f->body[k], buf_str(&term));
		buf_fini(&term);
		p += n + strspn(p + n, " ");
	}
	return all;
}

/* Check that the index finds exactly the articles the scan finds for q,
 * that there is at least one, and that the count agrees. */
static void
check_recall(struct fixture *f, const char *q)
{
	struct buf want, got;
	struct hits h = { .n = 0 };
	size_t count = 0;
	struct err err;
	const char *sorted[N_CORPUS];
	size_t n = 0;

	for (size_t k = 0; k < N_CORPUS; k++)
		if (scan_article(f, k, q))
			sorted[n++] = corpus[k].path;
	qsort(sorted, n, sizeof sorted[0], cmp_str);
	buf_init(&want);
	for (size_t i = 0; i < n; i++)
		buf_printf(&want, "%s ", sorted[i]);
	search_text(f->store, q, &h);
	buf_init(&got);
	hits_set(&h, &got);
	if (strcmp(buf_str(&want), buf_str(&got)) != 0)
		fail_msg("query \"%s\": scan found [%s], index [%s]", q,
			 buf_str(&want), buf_str(&got));
	assert_true(n > 0);
	err_init(&err);
	assert_true(store_count_matches(f->store, q, &count, &err));
	assert_int_equal(count, n);
	err_fini(&err);
	hits_fini(&h);
	buf_fini(&want);
	buf_fini(&got);
}

/* The recall test: for each query of the issue the index and the scan
 * agree (CJK of 1, 2 and 4 characters, a Latin word in two cases and in
 * full width, two terms, a term across bold markup), plus Japanese,
 * Korean and the word-start rule. */
static void
test_recall(void **state)
{
	static const char *const queries[] = {
		"的", "数据", "量子计算", "Kernel", "kernel",
		"\xef\xbd\x8b\xef\xbd\x85\xef\xbd\x92\xef\xbd\x8e\xef\xbd\x85"
		"\xef\xbd\x8c",	/* full-width ｋｅｒｎｅｌ */
		"数据 kernel", "子计", "ker", "kernels", "東京", "東",
		"データ", "デ", "데이터", "데", "2024", "2024年",
		"量子 计算", "算跨", "目", "café", "CAFÉ", "\xe3\x80\x80数据\xe3\x80\x80",
	};

	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
		check_recall(*state, queries[i]);
}

/* Return the paths of the hits of q on s, sorted, as "a b c ". */
static char *
paths_of(struct store *s, const char *q)
{
	struct hits h = { .n = 0 };
	struct buf b;

	search_text(s, q, &h);
	buf_init(&b);
	hits_set(&h, &b);
	hits_fini(&h);
	return buf_detach(&b);
}

/* Check that q finds exactly the paths want ("a b c " sorted). */
static void
check_paths(struct store *s, const char *q, const char *want)
{
	char *got = paths_of(s, q);

	if (strcmp(got, want) != 0)
		fail_msg("query \"%s\": want [%s], got [%s]", q, want, got);
	free(got);
}

/* The word rule stated in HACKING.md: a Latin term matches words that
 * begin with it; a term spanning bold markup is found; link targets and
 * separated characters are not text. */
static void
test_rules(void **state)
{
	struct fixture *f = *state;

	/* Prefix of a word, not the inside of one. */
	check_paths(f->store, "kern", "en/01.md en/02.md en/04.md ko/01.md "
		    "mix/01.md mix/02.md zh/07.md zh/08.md zh/12.md ");
	check_paths(f->store, "ernel", "");
	/* Across bold markup: "ker**nel**", "**量子**计算", "数**据**". */
	check_paths(f->store, "kernel rebuilt", "en/04.md ");
	check_paths(f->store, "子计算的例", "zh/03.md ");
	/* The URL of a link is not text; its label and number are. */
	check_paths(f->store, "这里", "zh/11.md ");
	check_paths(f->store, "org", "");
	/* Punctuation or a space between characters breaks a word... */
	check_paths(f->store, "数据不", "");
	/* ...but inside one term the words and characters only need to
	 * follow each other: "数据kernel" also finds "数据 kernel". */
	check_paths(f->store, "数据kernel", "mix/02.md zh/07.md ");
	check_paths(f->store, "linux-kernel", "zh/07.md ");
	/* Simplified and traditional characters are not folded together. */
	check_paths(f->store, "东京", "");
	/* Half-width katakana folds to full width, like in-article search. */
	check_paths(f->store, "データは", "ja/02.md ");
}

/* Check that queries a and b find the same articles. */
static void
check_same(struct store *s, const char *a, const char *b)
{
	char *pa = paths_of(s, a);
	char *pb = paths_of(s, b);

	if (strcmp(pa, pb) != 0)
		fail_msg("\"%s\" found [%s], \"%s\" [%s]", a, pa, b, pb);
	free(pa);
	free(pb);
}

/* What the user types is never query syntax: no error, operators are
 * words, and quotes, stars, brackets and minus signs are punctuation (a
 * query of nothing but punctuation finds nothing). */
static void
test_syntax_is_literal(void **state)
{
	struct fixture *f = *state;
	static const char *const nothing[] = {
		"\"", "*", "(", ")", "\"\"", "-", ":", "^", "'", "   ", "",
		"\" \"", "\xe3\x80\x80", "\xe3\x80\x82",
	};

	for (size_t i = 0; i < sizeof nothing / sizeof nothing[0]; i++)
		check_paths(f->store, nothing[i], "");
	check_recall(f, "AND");
	check_recall(f, "NEAR(");
	check_recall(f, "-xyzzy");
	check_recall(f, "NOT");
	check_paths(f->store, "OR NEAR(a", "en/05.md ");
	check_same(f->store, "\"kernel", "kernel");
	check_same(f->store, "kernel*", "kernel");
	check_same(f->store, "(kernel)", "kernel");
	check_paths(f->store, "title:数据", "");
	check_paths(f->store, "source:LWN", "");
	check_paths(f->store, "kernel OR tomatoes", "");
	check_paths(f->store, "tomatoes -sun", "en/06.md ");
	check_paths(f->store, "tomatoes NOT sun", "");
}

/* Return the snippet of the only hit of q on s. */
static char *
snippet_of(struct store *s, const char *q)
{
	struct hits h = { .n = 0 };
	char *snippet;

	search_text(s, q, &h);
	assert_int_equal(h.n, 1);
	snippet = xstrdup(h.snippet[0]);
	hits_fini(&h);
	return snippet;
}

/* Check that the snippet of the only hit of q on s contains want. */
static void
check_snippet(struct store *s, const char *q, const char *want)
{
	char *got = snippet_of(s, q);

	if (strstr(got, want) == NULL)
		fail_msg("query \"%s\": snippet \"%s\" lacks \"%s\"", q, got,
			 want);
	free(got);
}

/* Snippets mark exactly the characters matched, in the original text
 * (full width, upper case, half-width kana as written). */
static void
test_snippet(void **state)
{
	struct fixture *f = *state;

	check_snippet(f->store, "子计算的例", "这是量[子计算的例]子");
	check_snippet(f->store, "目", "[目]");
	check_snippet(f->store, "kernel rebuilt", "The [kernel] was [rebuilt]");
	check_snippet(f->store, "kernel 全角",
		      "[全角]字母[\xef\xbc\xab\xef\xbc\xa5\xef\xbc\xb2\xef\xbc"
		      "\xae\xef\xbc\xa5\xef\xbc\xac]也算");
	check_snippet(f->store, "データは", "[\xef\xbe\x83\xef\xbe\x9e"
		      "\xef\xbd\xb0\xef\xbe\x80\xe3\x81\xaf]");
}

/* Newest first by date, then fetch date, undated last; by rank on
 * request; the limit and an early stop are honoured. */
static void
test_order(void **state)
{
	struct fixture *f = *state;
	struct store_query q = { .text = "数据" };
	struct hits h = { .n = 0 };

	search(f->store, &q, &h);
	assert_true(h.n >= 5);
	assert_string_equal(h.path[0], "zh/15.md");	/* fetched later */
	assert_string_equal(h.path[1], "zh/01.md");
	assert_string_equal(h.path[h.n - 1], "zh/14.md");	/* no date */
	hits_fini(&h);
	q.limit = 3;
	search(f->store, &q, &h);
	assert_int_equal(h.n, 3);
	assert_string_equal(h.path[2], "zh/03.md");
	hits_fini(&h);
	q.limit = 0;
	h.stop_after = 2;
	search(f->store, &q, &h);
	assert_int_equal(h.n, 2);
	hits_fini(&h);
	h.stop_after = 0;
	q.by_rank = true;
	q.text = "kernel";
	search(f->store, &q, &h);
	assert_true(h.n > 3);
	hits_fini(&h);
}

/* A first page newest first of a one-character query, read from the
 * newest articles' text rather than from the index, is the start of the
 * whole list the index gives, in the same order: characters in the
 * title only, written half-width (ﾃﾞ for デ), or nowhere. */
static void
test_one_char_pages(void **state)
{
	static const char *const queries[] = { "的", "数", "目", "デ", "全",
					       "鑫" };
	static const size_t limits[] = { 1, 3, 100 };
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct store_query all = { .text = queries[i] };
		struct hits h_all = { .n = 0 };
		search(f->store, &all, &h_all);
		assert_true(h_all.n > 0 || strcmp(queries[i], "鑫") == 0);
		for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
			struct store_query q = { .text = queries[i],
						 .limit = limits[l] };
			struct hits h = { .n = 0 };
			search(f->store, &q, &h);
			assert_int_equal(h.n, h_all.n < limits[l] ? h_all.n
					 : limits[l]);
			for (size_t k = 0; k < h.n; k++)
				assert_string_equal(h.path[k], h_all.path[k]);
			hits_fini(&h);
		}
		hits_fini(&h_all);
	}
}

/* Return the integer result of the query sql on the file at path, read
 * through a connection of the test's own, with the database's full-text
 * shards attached (view fts_docsize) when shards. */
static int64_t
sql_value(const char *path, const char *sql, bool shards)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t value;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (shards)
		attach_shards(db, path);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return value;
}

static int64_t
sql_int(const char *path, const char *sql)
{
	return sql_value(path, sql, false);
}

static int64_t
sql_fts_int(const char *path, const char *sql)
{
	return sql_value(path, sql, true);
}

/* store_snippet_fn that appends "id:snippet;" to the struct buf at
 * ctx. */
static bool
collect_snippet(int64_t id, const char *snippet, void *ctx)
{
	buf_printf(ctx, "%lld:%s;", (long long)id, snippet);
	return true;
}

/* Snippets can be left out of a search and made later for some articles
 * (the hits on screen). */
static void
test_snippet_later(void **state)
{
	struct fixture *f = *state;
	struct store_query q = { .text = "量子计算", .mark_open = "<",
				 .mark_close = ">" };
	struct hits h = { .n = 0 };
	struct buf out, want;
	struct err err;
	int64_t ids[3];

	search(f->store, &q, &h);
	assert_int_equal(h.n, 4);
	assert_string_equal(h.snippet[0], "");
	hits_fini(&h);
	ids[0] = sql_int(f->db, "SELECT id FROM article WHERE path = "
			 "'zh/03.md'");
	ids[1] = sql_int(f->db, "SELECT id FROM article WHERE path = "
			 "'en/06.md'");	/* no match: no snippet */
	ids[2] = sql_int(f->db, "SELECT id FROM article WHERE path = "
			 "'zh/02.md'");
	buf_init(&out);
	buf_init(&want);
	err_init(&err);
	assert_true(store_snippets(f->store, &q, ids, 3, collect_snippet, &out,
				   &err));
	/* In the order asked for; from the body, which holds the term,
	 * rather than the title, which the results show anyway. */
	buf_printf(&want, "%lld:这是<量子计算>的例子，还有数据二字。;"
		   "%lld:<量子计算>利用叠加态。它和经典计算不同。;",
		   (long long)ids[0], (long long)ids[2]);
	assert_string_equal(buf_str(&out), buf_str(&want));
	buf_clear(&out);
	q.text = "\"";
	assert_true(store_snippets(f->store, &q, ids, 3, collect_snippet, &out,
				   &err));
	assert_string_equal(buf_str(&out), "");
	err_fini(&err);
	buf_fini(&out);
	buf_fini(&want);
}

/* Run sql on the file at path through a connection of the test's own. */
static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A saved page whose title repeats as a heading over a cover image and
 * whose end is WeChat's controls, written to dir/name and indexed. */
static const char tidy_page[] =
	"---\ntitle: 雨后番茄\nsource: 阳台菜园\n"
	"url: https://mp.weixin.qq.com/s/abc\ndate: 2024-08-01\n---\n\n"
	"# 雨后番茄\n\n![cover_image](https://mmbiz.qpic.cn/a.jpg)\n\n"
	"阳台菜园\n\n![雨中的藤架](https://mmbiz.qpic.cn/b.jpg)\n\n番茄裂果是因为雨后水分太多，果皮跟不上。\n\n"
	"预览时标签不可点\n\n微信扫一扫\n关注该公众号\n";

/* Write raw to dir/name, index it as the program would, and return its
 * row id; the path is kept in path. */
static int64_t
put_file(struct fixture *f, const char *name, const char *raw,
	 char *path, size_t size)
{
	struct buf sql;
	FILE *fp;

	snprintf(path, size, "%s/%s", f->dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(raw, fp);
	fclose(fp);
	struct article_src a = { .path = path, .raw = raw };
	put_source(f->store, &a, NULL, 0);
	buf_init(&sql);
	buf_printf(&sql, "SELECT id FROM article WHERE path = '%s'", path);
	int64_t id = sql_int(f->db, buf_str(&sql));
	buf_fini(&sql);
	return id;
}

/* Return the snippet of article id for text in out (cleared first). */
static void
tidied_snippet(struct fixture *f, const struct tidy_rules *r, const char *text,
	   int64_t id, struct buf *out)
{
	struct store_query q = { .text = text, .mark_open = "<",
				 .mark_close = ">", .tidy = r };
	struct err err;

	err_init(&err);
	buf_clear(out);
	assert_true(store_snippets(f->store, &q, &id, 1, collect_snippet, out,
				   &err));
	err_fini(&err);
}

/* With the tidy rules, a snippet is cut from the body as the reader
 * shows it: not the repeated title and source or the page's controls
 * (nor an image's alt text). A term found only in what the reader hides still makes a
 * snippet: from the title when it holds the term, else from the whole
 * text as indexed. Without rules, that text is used as before; when the
 * file is gone or quarantined there is none (the index is contentless):
 * the title. The search itself is unchanged. */
static void
test_snippet_tidied(void **state)
{
	struct fixture *f = *state;
	struct tidy_rules r;
	char path[PATH_MAX];
	struct buf out, want;
	struct err err;

	err_init(&err);
	tidy_rules_init(&r);
	assert_true(tidy_rules_load(&r, FIXTURES "/../../data/leftovers",
				    &err));
	buf_init(&out);
	buf_init(&want);
	int64_t id = put_file(f, "tidy.txt", tidy_page, path, sizeof path);
#define WANT(text) (buf_clear(&want), \
	buf_printf(&want, "%lld:%s;", (long long)id, text), buf_str(&want))
	tidied_snippet(f, &r, "番茄", id, &out);
	assert_string_equal(buf_str(&out),
			    WANT("<番茄>裂果是因为雨后水分太多，果皮跟不上。"));
	tidied_snippet(f, NULL, "番茄", id, &out);	/* as before */
	assert_non_null(strstr(buf_str(&out), "雨后<番茄>\n"));
	/* Only in the hidden title heading and the title: the title. */
	tidied_snippet(f, &r, "雨后番", id, &out);
	assert_string_equal(buf_str(&out), WANT("<雨后番>茄"));
	/* Only in hidden text: the indexed text, where the term is. */
	tidied_snippet(f, &r, "藤架", id, &out);	/* an image's alt */
	assert_non_null(strstr(buf_str(&out), "雨中的<藤架>"));
	tidied_snippet(f, &r, "微信扫一扫", id, &out);
	assert_non_null(strstr(buf_str(&out), "<微信扫一扫>"));
	/* The search finds it whatever the snippet shows. */
	struct store_query q = { .text = "微信扫一扫 藤架" };
	struct hits h = { .n = 0 };
	search(f->store, &q, &h);
	assert_int_equal(h.n, 1);
	hits_fini(&h);
	/* A quarantined file is never parsed again here, and the index
	 * keeps no copy of the text: the title. */
	sql_exec(f->db, "UPDATE article SET quarantined = 1");
	tidied_snippet(f, &r, "番茄", id, &out);
	assert_string_equal(buf_str(&out), WANT("雨后<番茄>"));
	sql_exec(f->db, "UPDATE article SET quarantined = NULL");
	/* A file gone since it was indexed: the title too. */
	unlink(path);
	tidied_snippet(f, &r, "番茄", id, &out);
	assert_string_equal(buf_str(&out), WANT("雨后<番茄>"));
#undef WANT
	buf_fini(&out);
	buf_fini(&want);
	tidy_rules_fini(&r);
	err_fini(&err);
}

/* Put the article path with the given title and body into s. */
static void
put_text(struct store *s, const char *path, const char *title,
	 const char *body)
{
	struct store_article a = { .path = path, .title = title, .length = -1 };
	struct err err;

	err_init(&err);
	if (!store_put_article(s, &a, body, strlen(body), &err))
		fail_msg("put %s: %s", path, err_msg(&err));
	err_fini(&err);
}

/* Putting the same path again replaces its text and keeps its row, id
 * and opened state. */
static void
test_update_replaces(void **state)
{
	struct fixture *f = *state;
	struct err err;
	bool opened = false;
	int64_t id;

	err_init(&err);
	put_text(f->store, "up.md", "旧标题", "alpha 旧的正文");
	assert_true(store_mark_opened(f->store, "up.md", &err));
	id = sql_int(f->db, "SELECT id FROM article WHERE path = 'up.md'");
	check_paths(f->store, "alpha", "up.md ");
	put_text(f->store, "up.md", "新标题", "omega 新的正文");
	check_paths(f->store, "alpha", "");
	check_paths(f->store, "旧", "");
	check_paths(f->store, "omega 新标题", "up.md ");
	assert_int_equal(sql_int(f->db, "SELECT id FROM article WHERE path = "
				 "'up.md'"), id);
	/* A plain connection lacks the tokenizer: read the shadow table.
	 * The row points at its new entry; the old one, which the
	 * contentless index cannot delete, stays and matches nothing. */
	assert_int_equal(sql_fts_int(f->db, "SELECT count(*) FROM "
				 "fts_docsize WHERE id = (SELECT "
				 "fts_rowid FROM article WHERE path = 'up.md')"),
			 1);
	assert_int_equal(sql_int(f->db, "SELECT fts_rowid - id FROM article "
				 "WHERE path = 'up.md'"), (int64_t)1 << 32);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM article"),
			 N_CORPUS + 1);
	assert_true(store_was_opened(f->store, "up.md", &opened, &err));
	assert_true(opened);
	err_fini(&err);
}

/* Check tsundoku_rank against FTS5's bm25 on every match of the FTS5
 * query expr in each shard: equal to it when exact, else (one phrase:
 * the inverse document frequency left out) in a ratio to it that is the
 * same for every match. Return the matches. */
static int
check_rank_is_bm25(struct store *s, const char *expr, bool exact)
{
	sqlite3 *db;
	int n = 0;

	assert_int_equal(store_fts_db(s, &db), SQLITE_OK);
	for (int k = 0; k < store_shards(); k++) {
		double lo = 1e300, hi = -1e300;
		char sql[192];
		sqlite3_stmt *st;

		snprintf(sql, sizeof sql, "SELECT tsundoku_rank(article_fts, "
			 "10.0, 4.0, 1.0), bm25(article_fts, 10.0, 4.0, 1.0) "
			 "FROM fts%d.article_fts WHERE article_fts MATCH ?1", k);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			double ratio = sqlite3_column_double(st, 0) /
				       sqlite3_column_double(st, 1);
			lo = ratio < lo ? ratio : lo;
			hi = ratio > hi ? ratio : hi;
			n++;
		}
		sqlite3_finalize(st);
		if (hi < lo)
			continue;	/* no match in this shard */
		if (exact)
			assert_true(lo > 1.0 - 1e-9 && hi < 1.0 + 1e-9);
		else
			assert_true(lo > 0.0 && hi / lo < 1.0 + 1e-9);
	}
	return n;
}

/* tsundoku_rank, which reads a match's length from a copy in memory,
 * scores matches as bm25, which looks it up in a table: the same scores,
 * for the entries copied before and those added since. */
static void
test_rank_is_bm25(void **state)
{
	struct fixture *f = *state;

	assert_true(check_rank_is_bm25(f->store, "\"数据\" AND \"kernel\"",
				       true) >= 2);
	assert_true(check_rank_is_bm25(f->store, "\"量子\" AND \"计算\"",
				       true) >= 2);
	assert_true(check_rank_is_bm25(f->store, "\"数据\"", false) >= 8);
	assert_true(check_rank_is_bm25(f->store, "\"kernel\"", false) >= 4);
	/* A text replaced (a row id past every copied one), then a new
	 * article (a row id below the replaced text's). */
	put_text(f->store, "zh/05.md", "只有标题有数据", "数据数据 kernel");
	put_text(f->store, "new.md", "新的", "很短的数据 kernel");
	assert_true(check_rank_is_bm25(f->store, "\"数据\" AND \"kernel\"",
				       true) >= 4);
	assert_true(check_rank_is_bm25(f->store, "\"数据\"", false) >= 10);
}

/* A page by relevance (FTS5 ranks alone, the best few pages are looked
 * up) is the start of the whole ranked list (every match joined with its
 * article, then ranked), whatever the page's size. */
static void
test_ranked_pages(void **state)
{
	static const char *const queries[] = { "的", "数据", "kernel", "计算",
					       "数据 kernel", "目" };
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct store_query q = { .text = queries[i], .by_rank = true };
		struct hits all = { .n = 0 };
		search(f->store, &q, &all);
		for (size_t limit = 1; limit <= all.n + 1; limit++) {
			struct hits page = { .n = 0 };
			q.limit = limit;
			search(f->store, &q, &page);
			assert_int_equal(page.n, limit < all.n ? limit : all.n);
			for (size_t j = 0; j < page.n; j++)
				assert_string_equal(page.path[j], all.path[j]);
			hits_fini(&page);
			q.limit = 0;
		}
		hits_fini(&all);
	}
}

/* Tokens made ahead from other texts than those inserted are not used:
 * the index holds the inserted text's. */
static void
test_tokens_ahead_checked(void **state)
{
	struct fixture *f = *state;
	struct store_article a = { .path = "ahead.md", .title = "新标题",
				   .length = -1 };
	const char *body = "omega 正文";

	put_batch(f->store, &a, body, strlen(body), "旧标题", "alpha 旧的");
	check_paths(f->store, "omega 新标题", "ahead.md ");
	check_paths(f->store, "alpha", "");
	check_paths(f->store, "旧", "");
}

/* The metadata columns hold what was put, other keys as JSON. */
static void
test_metadata(void **state)
{
	struct fixture *f = *state;
	static const char raw[] =
		"---\ntitle: 元数据\nsource: 测试\nurl: https://example.com/a\n"
		"date: 2025-01-02\nfetch_date: 2025-01-03T04:05:06\n"
		"author: \"A \\\"quoted\\\" name\"\ntags: [一, two]\n---\n\n正文。\n";
	static const struct article_src a = { "meta.md", raw };

	put_source(f->store, &a, NULL, 0);
	assert_int_equal(sql_int(f->db, "SELECT json_extract(extra, '$.author')"
				 " = 'A \"quoted\" name' FROM article WHERE "
				 "path = 'meta.md'"), 1);
	assert_int_equal(sql_int(f->db, "SELECT json_extract(extra, '$.tags')"
				 " = '一, two' FROM article WHERE path = "
				 "'meta.md'"), 1);
	assert_int_equal(sql_int(f->db, "SELECT url = 'https://example.com/a'"
				 " AND date = '2025-01-02' AND fetch_date = "
				 "'2025-01-03T04:05:06' AND title = '元数据' AND "
				 "source = '测试' AND size > 100 AND mtime = 1 "
				 "AND hash = 'h' AND length IS NULL AND NOT "
				 "missing AND indexed_at > 0 FROM article "
				 "WHERE path = 'meta.md'"), 1);
}

/* A second connection (another instance) registers the tokenizer too and
 * sees what the first one wrote. */
static void
test_second_connection(void **state)
{
	struct fixture *f = *state;
	struct store *other = open_store(f->db);

	put_text(other, "other.md", "别的实例", "第二个连接写的 zebra");
	check_paths(f->store, "zebra 连接", "other.md ");
	check_paths(other, "zebra", "other.md ");
	store_close(other);
}

/* Opening a schema 1 database upgrades it, keeps its opened rows, and
 * makes them searchable once put. */
static void
test_migrate_from_v1(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct store *s;
	struct err err;
	bool opened = false;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/v1.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE TABLE article (\n"
		"	id INTEGER PRIMARY KEY,\n"
		"	path TEXT NOT NULL UNIQUE,\n"
		"	first_opened INTEGER,\n"
		"	last_opened INTEGER\n"
		");\n"
		"INSERT INTO article VALUES (7, 'old.md', 100, 200);\n"
		"INSERT INTO article VALUES (8, 'never.md', NULL, NULL);\n"
		"PRAGMA user_version = 1;\n", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_store(path);
	assert_int_equal(sql_int(path, "PRAGMA user_version"),
			 store_schema_version());
	err_init(&err);
	assert_true(store_was_opened(s, "old.md", &opened, &err));
	assert_true(opened);
	assert_true(store_was_opened(s, "never.md", &opened, &err));
	assert_false(opened);
	check_paths(s, "旧文章", "");
	put_text(s, "old.md", "旧文章", "升级以后可以搜索");
	check_paths(s, "旧文章 搜索", "old.md ");
	assert_int_equal(sql_int(path, "SELECT id FROM article WHERE path = "
				 "'old.md' AND first_opened = 100"), 7);
	err_fini(&err);
	store_close(s);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_recall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_is_literal, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_snippet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_char_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_snippet_later, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_tidied, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_update_replaces, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ranked_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rank_is_bm25, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_tokens_ahead_checked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_connection, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v1, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
