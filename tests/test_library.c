/* SPDX-License-Identifier: MIT */
/*
 * test_library.c: the list as read from the database: the five orders
 * (titles in the locale's collation, pinyin under zh_CN.UTF-8), the
 * unread, source and path filters, the unread count, marking
 * articles read and unread, and the rest of the list read in the
 * background (library_bg).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "data/library.h"
#include "data/state.h"
#include "data/store.h"

struct fixture {
	char dir[64];
	char db[96];
	struct store *s;
};

/* Articles: path, title, source, date, fetch date. */
static const char *const articles[][5] = {
	{ "/a/sh.txt", "上海地铁", "城市", "2024-03-01", "2024-05-01" },
	{ "/a/bj.txt", "北京胡同", "城市", "2023-01-01", "2024-06-01" },
	{ "/a/al.txt", "阿里山", "旅行", "2025-01-01", "2024-01-01" },
	{ "/b/en.txt", "Zebra notes", NULL, NULL, "2024-02-01" },
};
#define N_ARTICLES (sizeof articles / sizeof articles[0])

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct err err;

	strcpy(f->dir, "/tmp/tsundoku-lib.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/t.db", f->dir);
	err_init(&err);
	assert_true(store_open(f->db, &f->s, &err));
	for (size_t i = 0; i < N_ARTICLES; i++) {
		struct store_article a = {
			.path = articles[i][0], .title = articles[i][1],
			.source = articles[i][2], .date = articles[i][3],
			.fetch_date = articles[i][4], .length = 10,
		};
		assert_true(store_put_article(f->s, &a, "text", 4, &err));
	}
	err_fini(&err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

	store_close(f->s);
	snprintf(path, sizeof path, "rm -rf '%s'", f->dir);
	assert_int_equal(system(path), 0);
	free(f);
	return 0;
}

/* Return the paths of lib's rows in order, joined with spaces. */
static const char *
paths_of(const struct library *lib)
{
	static char out[2048];

	out[0] = '\0';
	for (size_t i = 0; i < lib->n; i++) {
		if (i > 0)
			strcat(out, " ");
		strcat(out, lib->rows[i].path);
	}
	return out;
}

/* Mark ids[0..n) read or unread through the state API. */
static bool
mark(struct store *s, const int64_t *ids, size_t n, bool read,
     struct err *err)
{
	struct state *st = state_new(s);
	bool ok = state_set_read(st, ids, n, read, err) &&
		  !state_pending(st);

	state_free(st);
	return ok;
}

/* Load lib from f and return the paths in order, joined with spaces. */
static const char *
order(struct fixture *f, struct library *lib)
{
	struct err err;

	err_init(&err);
	assert_true(library_load(lib, f->s, 0, &err));
	err_fini(&err);
	return paths_of(lib);
}

static void
test_orders(void **state)
{
	struct fixture *f = *state;
	struct library lib;

	library_init(&lib);
	/* Newest first by date; no date last. */
	assert_string_equal(order(f, &lib),
			    "/a/al.txt /a/sh.txt /a/bj.txt /b/en.txt");
	lib.sort = STORE_SORT_FETCHED;
	assert_string_equal(order(f, &lib),
			    "/a/bj.txt /a/sh.txt /b/en.txt /a/al.txt");
	lib.sort = STORE_SORT_SOURCE;	/* 城市 before 旅行 in any order;
					   no source last */
	assert_string_equal(order(f, &lib),
			    "/a/sh.txt /a/bj.txt /a/al.txt /b/en.txt");
	/* The first rows only, and the count of all. */
	lib.sort = STORE_SORT_DATE;
	struct err err;
	err_init(&err);
	assert_true(library_load(&lib, f->s, 2, &err));
	err_fini(&err);
	assert_int_equal(lib.n, 2);
	assert_int_equal(lib.n_total, 4);
	assert_false(lib.complete);
	assert_string_equal(lib.rows[1].path, "/a/sh.txt");
	library_fini(&lib);
}

/* Titles in pinyin order under zh_CN.UTF-8 (ā, běi, shàng), where code
 * point order would be 上 (U+4E0A), 北 (U+5317), 阿 (U+963F). */
static void
test_title_collation(void **state)
{
	struct fixture *f = *state;
	struct library lib;

	if (setlocale(LC_COLLATE, "zh_CN.UTF-8") == NULL) {
		if (getenv("CI") != NULL)
			fail_msg("CI must generate the zh_CN.UTF-8 locale");
		skip();
	}
	library_init(&lib);
	lib.sort = STORE_SORT_TITLE;
	/* glibc's zh_CN order puts Han before Latin letters. */
	assert_string_equal(order(f, &lib),
			    "/a/al.txt /a/bj.txt /a/sh.txt /b/en.txt");
	library_fini(&lib);
	setlocale(LC_COLLATE, "C");
}

/* Remove the first occurrence of word from s. */
static void
drop(char *s, const char *word)
{
	char *at = strstr(s, word);

	assert_non_null(at);
	memmove(at, at + strlen(word), strlen(at + strlen(word)) + 1);
}

/* store_row_fn: append the row's path and a space to the string at
 * ctx. */
static bool
add_path(const struct store_row *r, void *ctx)
{
	char *out = ctx;

	strcat(out, r->path);
	strcat(out, " ");
	return true;
}

/* The list sorts all its rows itself (titles and sources by strxfrm
 * keys): each order is the one SQLite gives (with strcoll for
 * titles and sources), ties and unknown values included, over titles
 * mixing Han, kana, Latin in both cases, digits and punctuation. */
static void
test_collation_agrees(void **state)
{
	static const char *const titles[] = {
		"数据库", "数据", "Data", "data", "数据2", "数据10", "东京",
		"とうきょう", "Ärger", "arm", "「引号」", "上海地铁", "",
		"Zebra notes", "北京胡同",
		/* Alike for longer than the part of a key kept. */
		"数据库索引与查询优化实践：上篇", "数据库索引与查询优化实践：下篇",
		"数据库索引与查询优化实践", "Database indexing in practice, part 2",
		"Database indexing in practice, part 10",
		/* In the C locale a key is the string: 24 bytes exactly, and
		 * the same 24 bytes going on. */
		"abcdefghijklmnopqrstuvwxy", "abcdefghijklmnopqrstuvwx",
		"abcdefghijklmnopqrstuvwxa", "abcdefghijklmnopqrstuvw",
	};
	static const char *const locales[] = { "zh_CN.UTF-8", "C" };
	static const char *const sources[] = { "城市", NULL, "旅行", "Ａ" };
	struct fixture *f = *state;
	static char want[2048], got[2048];
	struct store_filter none = { .unread_only = false };
	struct err err;
	char path[32];

	if (setlocale(LC_COLLATE, "zh_CN.UTF-8") == NULL) {
		if (getenv("CI") != NULL)
			fail_msg("CI must generate the zh_CN.UTF-8 locale");
		skip();
	}
	err_init(&err);
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		snprintf(path, sizeof path, "/c/%02zu.txt", i);
		struct store_article a = {
			.path = path, .title = titles[i], .length = 10,
			.source = sources[i % 4], .date = i % 3 ? "2024-01-01"
			: NULL, .fetch_date = i % 5 ? "2024-02-01" : NULL,
		};
		assert_true(store_put_article(f->s, &a, "text", 4, &err));
	}
	assert_true(store_mark_opened(f->s, "/c/07.txt", &err));
	assert_true(store_mark_opened(f->s, "/c/03.txt", &err));
	for (size_t l = 0; l < 2; l++)
	for (enum store_sort so = STORE_SORT_DATE; so < STORE_N_SORTS;
	     so++) {
		assert_non_null(setlocale(LC_COLLATE, locales[l]));
		struct library lib;
		want[0] = got[0] = '\0';
		assert_true(store_list_rows(f->s, so, &none, 0, add_path, want,
					    &err));
		library_init(&lib);
		lib.sort = so;
		strcat(got, order(f, &lib));
		strcat(got, " ");
		/* Sorting the rows held gives the same. */
		lib.sort = so == STORE_SORT_DATE ? STORE_SORT_TITLE
			   : STORE_SORT_DATE;
		library_resort(&lib);
		lib.sort = so;
		library_resort(&lib);
		assert_true(strncmp(got, paths_of(&lib), strlen(got) - 1) == 0);
		library_fini(&lib);
		if (so == STORE_SORT_TITLE) {	/* "" shows its file name, */
			drop(want, "/c/12.txt ");	/* sorted as such */
			drop(got, "/c/12.txt ");
		}
		assert_string_equal(got, want);
	}
	err_fini(&err);
	setlocale(LC_COLLATE, "C");
}

/* store_row_fn: count the rows in the size_t at ctx. */
static bool
count_row(const struct store_row *r, void *ctx)
{
	(void)r;
	++*(size_t *)ctx;
	return true;
}

/* Between store_read_begin and store_read_end the rows and counts are
 * those of one moment, whatever another connection commits meanwhile:
 * the status line's count then matches the rows listed. */
static void
test_read_snapshot(void **state)
{
	struct fixture *f = *state;
	struct store_filter none = { .unread_only = false };
	struct store_article a = { .path = "/d/new.txt", .title = "新",
				   .length = 10 };
	struct store *other;
	size_t n, unread, rows = 0;
	struct err err;

	err_init(&err);
	assert_true(store_open(f->db, &other, &err));
	assert_true(store_read_begin(f->s, &err));
	assert_true(store_count_rows(f->s, &none, &n, &unread, &err));
	assert_true(store_put_article(other, &a, "text", 4, &err));
	assert_true(store_list_rows(f->s, STORE_SORT_NONE, &none, 0,
				    count_row, &rows, &err));
	assert_int_equal(rows, n);
	store_read_end(f->s);
	rows = 0;
	assert_true(store_list_rows(f->s, STORE_SORT_NONE, &none, 0,
				    count_row, &rows, &err));
	assert_int_equal(rows, n + 1);
	store_close(other);
	err_fini(&err);
}

/* store_path_fn: append path and a space to the buf at ctx. */
static bool
outside_path(const char *path, void *ctx)
{
	buf_adds(ctx, path);
	buf_addc(ctx, ' ');
	return true;
}

static void
test_filters(void **state)
{
	struct fixture *f = *state;
	struct library lib;
	char *b[] = { "/b" }, *b_al[] = { "/b", "/a/al.txt" };
	char *partial[] = { "/a/s" }, *quote[] = { "/a'/x" };
	struct buf out;
	struct err err;

	library_init(&lib);
	library_set_source(&lib, "城市");
	assert_string_equal(order(f, &lib), "/a/sh.txt /a/bj.txt");
	library_set_source(&lib, NULL);
	store_set_scope(f->s, b, 1);
	assert_string_equal(order(f, &lib), "/b/en.txt");
	store_set_scope(f->s, b_al, 2);
	assert_string_equal(order(f, &lib), "/a/al.txt /b/en.txt");
	/* What lies outside is kept, and listed for purge. */
	buf_init(&out);
	err_init(&err);
	assert_true(store_list_outside(f->s, outside_path, &out, &err));
	assert_string_equal(buf_str(&out), "/a/bj.txt /a/sh.txt ");
	/* Roots match whole path components: "/a/s" is not "/a/sh.txt";
	 * a quote in a root is text, not SQL. */
	store_set_scope(f->s, partial, 1);
	assert_string_equal(order(f, &lib), "");
	store_set_scope(f->s, quote, 1);
	assert_string_equal(order(f, &lib), "");
	store_set_scope(f->s, NULL, 0);
	assert_string_equal(order(f, &lib),
			    "/a/al.txt /a/sh.txt /a/bj.txt /b/en.txt");
	buf_clear(&out);
	assert_true(store_list_outside(f->s, outside_path, &out, &err));
	assert_string_equal(buf_str(&out), "");
	buf_fini(&out);
	err_fini(&err);
	library_fini(&lib);
}

static void
test_purge_outside(void **state)
{
	struct fixture *f = *state;
	struct library lib;
	char *a[] = { "/a" };
	struct err err;
	size_t n = 0;

	err_init(&err);
	store_set_scope(f->s, a, 1);
	assert_true(store_purge_outside(f->s, &n, &err));
	assert_int_equal(n, 1);
	store_set_scope(f->s, NULL, 0);
	library_init(&lib);
	assert_string_equal(order(f, &lib), "/a/al.txt /a/sh.txt /a/bj.txt");
	library_fini(&lib);
	err_fini(&err);
}

static void
test_mark_read(void **state)
{
	struct fixture *f = *state;
	struct library lib;
	struct err err;
	int64_t ids[2];

	library_init(&lib);
	order(f, &lib);
	assert_int_equal(lib.n_unread, 4);
	ids[0] = lib.rows[0].id;
	ids[1] = lib.rows[3].id;
	err_init(&err);
	assert_true(mark(f->s, ids, 2, true, &err));
	lib.unread_only = true;
	assert_string_equal(order(f, &lib), "/a/sh.txt /a/bj.txt");
	assert_int_equal(lib.n_unread, 2);
	lib.unread_only = false;
	order(f, &lib);
	assert_true(lib.rows[0].place.read);
	/* Marked read, not opened: its place and percentage stay. */
	assert_false(lib.rows[0].place.opened);
	assert_int_equal(lib.rows[0].place.percent, 0);
	/* Unread again: back in the unread list, still never opened. */
	assert_true(mark(f->s, ids, 1, false, &err));
	lib.unread_only = true;
	assert_string_equal(order(f, &lib), "/a/al.txt /a/sh.txt /a/bj.txt");
	assert_false(lib.rows[0].place.opened);
	assert_int_equal(library_find(&lib, ids[1]), lib.n);
	err_fini(&err);
	library_fini(&lib);
}

/* store_source_fn that appends "source=n " to the buffer at ctx. */
static bool
add_source(const char *source, size_t n, void *ctx)
{
	char one[64];

	snprintf(one, sizeof one, "%s=%zu ", source, n);
	strcat(ctx, one);
	return true;
}

static void
test_sources(void **state)
{
	struct fixture *f = *state;
	struct store_filter filter = { .unread_only = false };
	char out[128] = "";
	struct err err;

	err_init(&err);
	assert_true(store_list_sources(f->s, &filter, add_source, out, &err));
	assert_string_equal(out, "城市=2 旅行=1 ");
	err_fini(&err);
}

/* Load the first n rows of lib's order from f (n 0: all). */
static void
load_first(struct fixture *f, struct library *lib, size_t n)
{
	struct err err;

	err_init(&err);
	assert_true(library_load(lib, f->s, n, &err));
	err_fini(&err);
}

/* Take what bg read into lib; return whether it was taken, asserting
 * that nothing failed. */
static bool
take(struct library_bg *bg, struct library *lib)
{
	struct err err;
	bool taken;

	err_init(&err);
	taken = library_bg_take(bg, lib, &err);
	assert_string_equal(err_msg(&err), "");
	err_fini(&err);
	return taken;
}

/* The rest of the list read in the background, behind its first rows:
 * the whole list's rows, order and counts, as library_load gives them,
 * in the order and under the scope it was started with. */
static void
test_bg_rest(void **state)
{
	struct fixture *f = *state;
	struct library lib, all;
	struct library_bg *bg;
	char *const a_only[] = { "/a" };
	char want[2048];

	library_init(&lib);
	library_init(&all);
	for (enum store_sort sort = 0; sort < STORE_N_SORTS; sort++) {
		lib.sort = STORE_SORT_DATE;
		load_first(f, &lib, 2);
		assert_false(lib.complete);
		lib.sort = all.sort = sort;
		strcpy(want, order(f, &all));
		bg = library_bg_start(&lib, f->db, NULL, 0, sort % 2 == 0);
		assert_non_null(bg);
		assert_true(take(bg, &lib));
		assert_true(lib.complete);
		assert_int_equal(lib.n, N_ARTICLES);
		assert_int_equal(lib.n_total, N_ARTICLES);
		assert_int_equal(lib.n_unread, N_ARTICLES);
		assert_string_equal(paths_of(&lib), want);
	}
	/* Under a scope: the rows of /a only. */
	lib.sort = STORE_SORT_DATE;
	load_first(f, &lib, 1);
	bg = library_bg_start(&lib, f->db, a_only, 1, false);
	assert_non_null(bg);
	while (!library_bg_done(bg))
		sched_yield();	/* it ends on its own */
	assert_true(take(bg, &lib));
	assert_string_equal(paths_of(&lib), "/a/al.txt /a/sh.txt /a/bj.txt");
	library_fini(&lib);
	library_fini(&all);
}

/* A row changed, or the list read again, while the rest was being read:
 * what was read is stale, and lib keeps its rows. */
static void
test_bg_stale(void **state)
{
	struct fixture *f = *state;
	struct library lib;
	struct library_bg *bg;
	struct store_place pl;

	library_init(&lib);
	load_first(f, &lib, 2);
	bg = library_bg_start(&lib, f->db, NULL, 0, true);
	pl = lib.rows[1].place;
	pl.read = true;
	library_set_place(&lib, lib.rows[1].id, &pl);
	assert_int_equal(lib.n_unread, N_ARTICLES - 1);
	assert_false(take(bg, &lib));
	assert_int_equal(lib.n, 2);
	assert_false(lib.complete);
	assert_true(lib.rows[1].place.read);
	/* A highlight counted, on a row not loaded yet: stale too. */
	bg = library_bg_start(&lib, f->db, NULL, 0, true);
	library_set_highlights(&lib, 999, 1, true);
	assert_false(take(bg, &lib));
	/* The list read again meanwhile. */
	bg = library_bg_start(&lib, f->db, NULL, 0, true);
	load_first(f, &lib, 3);
	assert_false(take(bg, &lib));
	assert_int_equal(lib.n, 3);
	/* The order changed meanwhile. */
	bg = library_bg_start(&lib, f->db, NULL, 0, true);
	lib.sort = STORE_SORT_TITLE;
	assert_false(take(bg, &lib));
	library_fini(&lib);
}

/* Freed before it read anything (held) or while it reads: lib keeps its
 * rows, and nothing leaks. A database that cannot be opened is an
 * error, and lib keeps its rows. */
static void
test_bg_free_and_fail(void **state)
{
	struct fixture *f = *state;
	struct library lib;
	struct library_bg *bg;
	struct err err;
	char bad[160];

	library_init(&lib);
	load_first(f, &lib, 2);
	library_bg_free(library_bg_start(&lib, f->db, NULL, 0, true));
	library_bg_free(library_bg_start(&lib, f->db, NULL, 0, false));
	library_bg_free(NULL);
	assert_int_equal(lib.n, 2);
	snprintf(bad, sizeof bad, "%s/no/such/dir/t.db", f->dir);
	bg = library_bg_start(&lib, bad, NULL, 0, false);
	err_init(&err);
	assert_false(library_bg_take(bg, &lib, &err));
	assert_string_not_equal(err_msg(&err), "");
	err_fini(&err);
	assert_int_equal(lib.n, 2);
	library_fini(&lib);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_collation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_collation_agrees, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_read_snapshot, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge_outside, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mark_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bg_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bg_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bg_free_and_fail, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
