/* SPDX-License-Identifier: MIT */
/*
 * test_export.c: highlights taken elsewhere and brought back. The
 * Markdown and JSON exports of two fixture articles are compared byte for
 * byte with tests/golden/export.md and export.json
 * (TSUNDOKU_UPDATE_GOLDEN=1 rewrites them); JSON read back gives the same
 * highlights; importing twice adds nothing, a newer update wins and an
 * older one does not; a bad file names its problem and leaves the
 * database as it was.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "document/doc.h"
#include "base/err.h"
#include "data/export.h"
#include "data/highlight.h"
#include "document/meta.h"
#include "data/store.h"
#include "base/xmem.h"

#define HL_FIXTURES FIXTURES "/highlights"
#define GOLDEN_DIR FIXTURES "/../golden"
#define ZH_FILE "001_5e1f0c2a9b7d3e48.txt"
#define EN_FILE "002_c4a8e2f1b0d97356.txt"
/* The articles' keys in the database: where a user's archive would be. */
#define ZH_PATH "/home/reader/archive/" ZH_FILE
#define EN_PATH "/home/reader/archive/" EN_FILE

struct fixture {
	char dir[64];
	char db[PATH_MAX];
	struct store *s;
	struct err err;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_export.XXXXXX");
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

/* Load fixture file name and record it under key as the indexer would
 * (title, source, date, url). */
static struct doc *
load_article(struct fixture *f, const char *name, const char *key)
{
	char path[PATH_MAX];
	struct doc *d;

	snprintf(path, sizeof path, "%s/%s", HL_FIXTURES, name);
	assert_true(doc_load(path, &d, &f->err));
	struct store_article a = {
		.path = key, .title = d->meta.title, .source = d->meta.source,
		.url = d->meta.url, .date = d->meta.date, .length = -1,
	};
	assert_true(store_put_article(f->s, &a, "", 0, &f->err));
	return d;
}

/* Return the source offset of needle in d; fail when absent. */
static size_t
at(const struct doc *d, const char *needle)
{
	const char *p = strstr(d->src, needle);

	assert_non_null(p);
	return (size_t)(p - d->src);
}

/* Highlight d (article key) from the start of `from` to the end of `to`. */
static void
mark(struct fixture *f, const struct doc *d, const char *key,
     const char *from, const char *to, int color, const char *note)
{
	struct highlight h;

	assert_true(highlight_add(f->s, key, d, at(d, from),
				  at(d, to) + strlen(to), color, note, &h,
				  &f->err));
	highlight_fini(&h);
}

/* Fill the database with the highlights the golden files show: across
 * bold text, list items, code and emphasis markers, a block quote; notes
 * with line breaks, quotes, a TAB and an escape character; one highlight
 * detached because its paragraph was deleted from the file. */
static void
fill(struct fixture *f)
{
	struct doc *zh = load_article(f, ZH_FILE, ZH_PATH);
	struct doc *en = load_article(f, EN_FILE, EN_PATH);
	struct highlight_set hs = { 0 };

	mark(f, zh, ZH_PATH, "真正留下来", "那几句", 2,
	     "这句是全文的核心。\n第二行笔记");
	mark(f, zh, ZH_PATH, "每篇文章", "为什么", 1, NULL);
	mark(f, zh, ZH_PATH, "Markdown 里的", "下划线", 3, "注意：*星号* 要转义");
	mark(f, zh, ZH_PATH, "慢一点", "没关系", 4, NULL);
	mark(f, en, EN_PATH, "note* beside", "itself.", 1,
	     "Say \"why\",\tnot just what \\ \x1b[31mred");
	mark(f, en, EN_PATH, "Write the note", "in a year.", 2, NULL);
	/* The last paragraph deleted from the file: one highlight detached. */
	struct buf cut;
	buf_init(&cut);
	buf_add(&cut, zh->src, at(zh, "最后一段"));
	struct doc *zh2 = doc_new(ZH_PATH, cut.data, cut.len);
	assert_true(highlight_load(f->s, ZH_PATH, zh2, &hs, &f->err));
	assert_int_equal(hs.n, 4);
	assert_true(hs.v[3].detached);
	highlight_set_fini(&hs);
	doc_free(zh2);
	buf_fini(&cut);
	doc_free(zh);
	doc_free(en);
}

/* Return all highlights with fixed times, so the output is the same on
 * every run: created 2025-01-01 plus one minute per highlight (newest
 * first, as listed), updated an hour later. */
static struct highlight_entry *
entries(struct fixture *f, size_t *n)
{
	struct highlight_entry *v;

	assert_true(highlight_list_all(f->s, NULL, &v, n, &f->err));
	for (size_t i = 0; i < *n; i++) {
		v[i].h.created = INT64_C(1735689600000) +
			(int64_t)(*n - i) * 60000;
		v[i].h.updated = v[i].h.created + 3600000;
	}
	return v;
}

/* Return the contents of the file at path (NULL when it cannot be
 * read). */
static char *
slurp(const char *path)
{
	struct buf b;
	char chunk[4096];
	size_t got;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return NULL;
	buf_init(&b);
	buf_adds(&b, "");
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, got);
	fclose(fp);
	return buf_detach(&b);
}

/* Compare out with golden file name, or rewrite it when asked to. */
static void
assert_golden(const struct buf *out, const char *name)
{
	char path[PATH_MAX];
	char *want;

	snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, name);
	if (getenv("TSUNDOKU_UPDATE_GOLDEN") != NULL) {
		FILE *fp = fopen(path, "wb");
		assert_non_null(fp);
		fwrite(out->data, 1, out->len, fp);
		fclose(fp);
	}
	want = slurp(path);
	if (want == NULL)
		fail_msg("cannot read %s (TSUNDOKU_UPDATE_GOLDEN=1 writes it)",
			 path);
	if (strcmp(want, buf_str(out)) != 0) {
		fprintf(stderr, "--- %s differs; got:\n%s\n", path,
			buf_str(out));
		fail_msg("%s differs (TSUNDOKU_UPDATE_GOLDEN=1 rewrites it)",
			 path);
	}
	free(want);
}

/* Export v[0..n) in format fmt into a fresh buffer. */
static struct buf
export(enum export_format fmt, const struct highlight_entry *v, size_t n)
{
	struct buf out;

	buf_init(&out);
	buf_adds(&out, "");
	export_write(fmt, v, n, &out);
	return out;
}

static void
test_markdown_golden(void **state)
{
	struct fixture *f = *state;
	size_t n;
	struct highlight_entry *v;

	fill(f);
	v = entries(f, &n);
	struct buf out = export(EXPORT_MARKDOWN, v, n);
	assert_golden(&out, "export.md");
	/* What a notes application needs, whatever the golden file says. */
	assert_non_null(strstr(out.data, "# 慢读的理由：一份关于笔记的备忘\n"));
	assert_non_null(strstr(out.data, "> 真正留下来的东西，多半是"));
	assert_null(strstr(out.data, "\x1b"));
	buf_fini(&out);
	highlight_entries_free(v, n);
}

static void
test_json_golden(void **state)
{
	struct fixture *f = *state;
	size_t n;
	struct highlight_entry *v;

	fill(f);
	v = entries(f, &n);
	struct buf out = export(EXPORT_JSON, v, n);
	assert_golden(&out, "export.json");
	assert_non_null(strstr(out.data, "\\u001b[31mred"));
	for (size_t i = 0; i < out.len; i++)
		assert_false((unsigned char)out.data[i] < 0x20 &&
			     out.data[i] != '\n');
	buf_fini(&out);
	highlight_entries_free(v, n);
}

/* Replace the first occurrence of from in b after the first occurrence
 * of after by to; from up to the end of its line when it ends in ": ". */
static void
replace_after(struct buf *b, const char *after, const char *from,
	      const char *to)
{
	const char *p = strstr(buf_str(b), after), *end;
	struct buf r;

	assert_non_null(p);
	p = strstr(p, from);
	assert_non_null(p);
	end = p + strlen(from);
	if (strcmp(from + strlen(from) - 2, ": ") == 0)
		end = strchr(end, '\n');
	buf_init(&r);
	buf_add(&r, b->data, (size_t)(p - b->data));
	buf_adds(&r, to);
	buf_adds(&r, end);
	buf_fini(b);
	*b = r;
}

/* Export as JSON, import into an empty database: the same highlights,
 * exported again byte for byte the same. */
static void
test_import_round_trip(void **state)
{
	struct fixture *f = *state;
	struct export_tally t;
	struct store *other;
	char path[PATH_MAX + 16];
	size_t n, n2;
	struct highlight_entry *v, *v2;

	fill(f);
	v = entries(f, &n);
	struct buf json = export(EXPORT_JSON, v, n);
	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_true(store_open(path, &other, &f->err));
	assert_true(export_import(other, json.data, json.len, &t, &f->err));
	assert_int_equal(t.added, 6);
	assert_int_equal(t.updated + t.unchanged, 0);
	assert_true(highlight_list_all(other, NULL, &v2, &n2, &f->err));
	assert_int_equal(n2, n);
	struct buf again = export(EXPORT_JSON, v2, n2);
	/* Only the escape character changed: imported text is sanitised. */
	replace_after(&json, "", "\\u001b", "\xe2\x90\x9b");
	assert_string_equal(again.data, json.data);
	struct buf md = export(EXPORT_MARKDOWN, v, n);
	struct buf md2 = export(EXPORT_MARKDOWN, v2, n2);
	assert_string_equal(md2.data, md.data);
	buf_fini(&md);
	buf_fini(&md2);
	buf_fini(&again);
	buf_fini(&json);
	highlight_entries_free(v, n);
	highlight_entries_free(v2, n2);
	store_close(other);
	unlink(path);
}

/* Importing what is already there adds nothing; a copy edited later wins
 * (its note and colour replace the present ones); one edited earlier
 * does not. */
static void
test_import_merges(void **state)
{
	struct fixture *f = *state;
	struct export_tally t;
	struct highlight_entry *v;
	size_t n;

	fill(f);
	/* The database's own times: what another machine would export. */
	assert_true(highlight_list_all(f->s, NULL, &v, &n, &f->err));
	struct buf json = export(EXPORT_JSON, v, n);
	highlight_entries_free(v, n);
	assert_true(export_import(f->s, json.data, json.len, &t, &f->err));
	assert_int_equal(t.added, 0);
	assert_int_equal(t.unchanged, 6);
	assert_true(export_import(f->s, json.data, json.len, &t, &f->err));
	assert_int_equal(t.added, 0);
	assert_true(highlight_list_all(f->s, NULL, &v, &n, &f->err));
	assert_int_equal(n, 6);
	highlight_entries_free(v, n);

	/* The same highlight placed elsewhere by the other side (its file
	 * changed there): still the same one, by its creation time. */
	struct buf moved = { 0 };
	buf_adds(&moved, json.data);
	replace_after(&moved, "第二行笔记", "\"start\": ", "\"start\": 1,");
	replace_after(&moved, "第二行笔记", "\"end\": ", "\"end\": 9,");
	assert_true(export_import(f->s, moved.data, moved.len, &t, &f->err));
	assert_int_equal(t.added, 0);
	assert_int_equal(t.unchanged, 6);
	buf_fini(&moved);

	/* Newer: a year after anything the database holds. */
	struct buf newer = { 0 };
	buf_adds(&newer, json.data);
	replace_after(&newer, "", "第二行笔记", "改过的笔记");
	replace_after(&newer, "改过的笔记", "\"color\": ", "\"color\": 3,");
	replace_after(&newer, "改过的笔记", "\"updated\": ",
		      "\"updated\": 2000000000000");
	assert_true(export_import(f->s, newer.data, newer.len, &t, &f->err));
	assert_int_equal(t.updated, 1);
	assert_int_equal(t.added, 0);
	assert_true(highlight_list_all(f->s, "改过的笔记", &v, &n, &f->err));
	assert_int_equal(n, 1);
	assert_int_equal(v[0].h.color, 3);
	highlight_entries_free(v, n);

	/* Older than what is there now: ignored. */
	struct buf older = { 0 };
	buf_adds(&older, json.data);
	replace_after(&older, "", "第二行笔记", "旧的笔记");
	replace_after(&older, "旧的笔记", "\"updated\": ", "\"updated\": 1");
	assert_true(export_import(f->s, older.data, older.len, &t, &f->err));
	assert_int_equal(t.updated, 0);
	assert_true(highlight_list_all(f->s, "旧的笔记", &v, &n, &f->err));
	assert_int_equal(n, 0);
	highlight_entries_free(v, n);
	buf_fini(&older);
	buf_fini(&newer);
	buf_fini(&json);
}

/* Assert that importing text fails with a message holding word, and
 * that the database still holds exactly want highlights. */
static void
assert_refused(struct fixture *f, const char *text, const char *word,
	       size_t want)
{
	struct export_tally t;
	struct highlight_entry *v;
	size_t n;

	assert_false(export_import(f->s, text, strlen(text), &t, &f->err));
	if (strstr(err_msg(&f->err), word) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err_msg(&f->err), word);
	assert_true(highlight_list_all(f->s, NULL, &v, &n, &f->err));
	assert_int_equal(n, want);
	highlight_entries_free(v, n);
}

/* A bad file: a message naming the problem; the database untouched, even
 * when the bad highlight comes after good ones. */
static void
test_import_refuses_bad_files(void **state)
{
	struct fixture *f = *state;

	assert_refused(f, "{\"format\": \"tsundoku-highlights\", \"vers",
		       "JSON", 0);
	assert_refused(f, "[1, 2, 3]", "tsundoku", 0);
	assert_refused(f, "{\"format\": \"tsundoku-highlights\", "
		       "\"version\": 2, \"articles\": []}", "version 2", 0);
	assert_refused(f, "{\"format\": \"tsundoku-highlights\", "
		       "\"version\": 1, \"articles\": {}}", "articles", 0);
	assert_refused(f, "{\"format\": \"tsundoku-highlights\", "
		       "\"version\": 1, \"articles\": [\"x\"]}", "article 1", 0);
	assert_refused(f, "{\"format\": \"tsundoku-highlights\", \"version\": 1,"
		       " \"articles\": [{\"path\": \"/a\", \"highlights\": ["
		       "{\"quote\": \"好\", \"start\": 0, \"end\": 3},"
		       "{\"quote\": \"坏\", \"start\": 0, \"end\": 3, "
		       "\"color\": 9}]}]}", "highlight 2", 0);
	assert_refused(f, "{\"format\": \"tsundoku-highlights\", \"version\": 1,"
		       " \"articles\": [{\"path\": \"/a\", \"highlights\": ["
		       "{\"quote\": \"\", \"start\": 0, \"end\": 3}]}]}",
		       "quote", 0);
	assert_refused(f, "{\"format\": \"tsundoku-highlights\", \"version\": 1,"
		       " \"articles\": [{\"path\": \"/a\", \"highlights\": ["
		       "{\"quote\": \"q\", \"start\": 5, \"end\": 3}]}]}",
		       "start", 0);
}

/* A minimal file (no context, no times, no colour) imports with
 * defaults, and control characters in it arrive as visible symbols. */
static void
test_import_minimal_and_hostile(void **state)
{
	struct fixture *f = *state;
	static const char text[] =
		"{\"format\": \"tsundoku-highlights\", \"version\": 1,"
		" \"articles\": [{\"path\": \"/a.txt\", \"url\": null,"
		" \"highlights\": [{\"quote\": \"红\\u001b[31m字\","
		" \"start\": 10, \"end\": 20, \"note\": \"\\u0007响\"}]}]}";
	struct export_tally t;
	struct highlight_entry *v;
	size_t n;

	assert_true(export_import(f->s, text, strlen(text), &t, &f->err));
	assert_int_equal(t.added, 1);
	assert_true(highlight_list_all(f->s, NULL, &v, &n, &f->err));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].path, "/a.txt");
	assert_string_equal(v[0].h.quote, "红\xe2\x90\x9b[31m字");
	assert_string_equal(v[0].h.note, "\xe2\x90\x87响");
	assert_string_equal(v[0].h.prefix, "");
	assert_int_equal(v[0].h.color, 1);
	assert_int_equal(v[0].h.start, 10);
	assert_true(v[0].h.created > 0 && v[0].h.updated == v[0].h.created);
	highlight_entries_free(v, n);
}

/* Regression (fuzzing): a quote highlighted twice in one article, in a
 * file without times. Both became "now", the merge took the second for
 * the first (same quote, same creation time) and dropped it; importing
 * the file again then added it. Both are added, and only once. */
static void
test_import_same_quote_without_times(void **state)
{
	struct fixture *f = *state;
	static const char text[] =
		"{\"format\":\"tsundoku-highlights\",\"version\":1,"
		"\"articles\":[{\"path\":\"p\",\"highlights\":["
		"{\"quote\":\"q\",\"start\":1,\"end\":2},"
		"{\"quote\":\"q\",\"start\":1,\"end\":2}]},"
		"{\"path\":\"p\",\"url\":\"u\",\"highlights\":["
		"{\"quote\":\"q\",\"start\":3,\"end\":4}]}]}";
	struct export_tally t;
	struct highlight_entry *v;
	size_t n;

	assert_true(export_import(f->s, text, strlen(text), &t, &f->err));
	assert_int_equal(t.added, 2);
	assert_int_equal(t.updated + t.unchanged, 1);
	assert_true(export_import(f->s, text, strlen(text), &t, &f->err));
	assert_int_equal(t.added, 0);
	assert_true(highlight_list_all(f->s, NULL, &v, &n, &f->err));
	assert_int_equal(n, 2);
	highlight_entries_free(v, n);
}

/* Import the golden JSON export into f (6 highlights, all added) and
 * return the highlights the database then holds, *n of them. */
static struct highlight_entry *
import_golden(struct fixture *f, size_t *n)
{
	struct export_tally t;
	struct highlight_entry *v;
	char path[PATH_MAX];
	char *json;

	snprintf(path, sizeof path, "%s/export.json", GOLDEN_DIR);
	json = slurp(path);
	assert_non_null(json);
	assert_true(export_import(f->s, json, strlen(json), &t, &f->err));
	assert_int_equal(t.added, 6);
	assert_true(highlight_list_all(f->s, NULL, &v, n, &f->err));
	free(json);
	return v;
}

/* The archive lives elsewhere on this machine: an imported article
 * unknown by path is the one article with its url. */
static void
test_import_finds_article_by_url(void **state)
{
	struct fixture *f = *state;
	struct highlight_entry *v;
	size_t n, on_moved = 0;

	doc_free(load_article(f, ZH_FILE, "/mnt/books/" ZH_FILE));
	v = import_golden(f, &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].path, "/mnt/books/" ZH_FILE) == 0)
			on_moved++;
		/* The English article has no url: kept under its path. */
		assert_true(strcmp(v[i].path, ZH_PATH) != 0);
	}
	assert_int_equal(on_moved, 4);
	highlight_entries_free(v, n);
}

/* Two articles share the url: an imported article unknown by path is
 * neither of them, and keeps its own path. */
static void
test_import_ambiguous_url(void **state)
{
	struct fixture *f = *state;
	struct highlight_entry *v;
	size_t n, on_own = 0;

	doc_free(load_article(f, ZH_FILE, "/mnt/books/" ZH_FILE));
	doc_free(load_article(f, ZH_FILE, "/mnt/copy/" ZH_FILE));
	v = import_golden(f, &n);
	for (size_t i = 0; i < n; i++) {
		assert_true(strncmp(v[i].path, "/mnt/", 5) != 0);
		on_own += strcmp(v[i].path, ZH_PATH) == 0;
	}
	assert_int_equal(on_own, 4);
	highlight_entries_free(v, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_markdown_golden, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_golden, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_merges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_import_refuses_bad_files,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_import_minimal_and_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_import_same_quote_without_times, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_import_finds_article_by_url, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_import_ambiguous_url, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
