/* SPDX-License-Identifier: MIT */
/* Unit tests for the base layer: buf.c (growable strings), arena.c (bump
 * allocation) and err.c (error messages). */
#include "config.h"

#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

/* A fresh buffer reads as the empty string without allocating. */
static void
test_buf_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_clear(&b);
	assert_string_equal(buf_str(&b), "");
	buf_fini(&b);
	assert_null(b.data);
}

/* Appends keep bytes exactly, NULs included, and stay NUL-terminated. */
static void
test_buf_append(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "中文");
	buf_addc(&b, '-');
	buf_add(&b, "a\0b", 3);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.data, "中文-a\0b", 10);
	assert_int_equal(b.data[b.len], '\0');
	buf_fini(&b);
}

/* A long Chinese paragraph grows the buffer without losing a byte. */
static void
test_buf_growth(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	for (int i = 0; i < 40000; i++)
		buf_adds(&b, "字");
	assert_int_equal(b.len, 120000);
	assert_true(b.cap > b.len);
	for (size_t i = 0; i < b.len; i += 3)
		assert_memory_equal(b.data + i, "字", 3);
	assert_int_equal(strlen(b.data), b.len);
	buf_fini(&b);
}

/* Formatting appends, also past the initial allocation. */
static void
test_buf_printf(void **state)
{
	struct buf b;
	char big[300];

	(void)state;
	buf_init(&b);
	buf_printf(&b, "%s:%d: ", "文章.md", 12);
	buf_printf(&b, "%zu%%", (size_t)99);
	assert_string_equal(buf_str(&b), "文章.md:12: 99%");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_clear(&b);
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, sizeof big + 1);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[b.len - 1], '>');
	buf_fini(&b);
}

/* Clearing forgets the text but keeps the memory for reuse. */
static void
test_buf_clear(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "some text");
	char *data = b.data;
	size_t cap = b.cap;
	buf_clear(&b);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	buf_adds(&b, "other");
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_str(&b), "other");
	buf_fini(&b);
}

/* Detaching hands over the string (never NULL) and empties the buffer. */
static void
test_buf_detach(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	char *empty = buf_detach(&b);
	assert_non_null(empty);
	assert_string_equal(empty, "");
	free(empty);
	buf_adds(&b, "标题");
	char *s = buf_detach(&b);
	assert_string_equal(s, "标题");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	free(s);
}

/* Arena memory is aligned for any type and allocations do not overlap. */
static void
test_arena_alloc(void **state)
{
	struct arena a;
	unsigned char *p[100];

	(void)state;
	arena_init(&a);
	for (int i = 0; i < 100; i++) {
		p[i] = arena_alloc(&a, (size_t)i * 37 + 1);
		assert_int_equal((uintptr_t)p[i] % alignof(max_align_t), 0);
		memset(p[i], i, (size_t)i * 37 + 1);
	}
	for (int i = 0; i < 100; i++)
		for (size_t k = 0; k < (size_t)i * 37 + 1; k++)
			assert_int_equal(p[i][k], i);
	assert_true(a.total >= 100);
	assert_non_null(arena_alloc(&a, 0));
	arena_fini(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

/* A request bigger than a chunk gets memory of its own, and small
 * allocations keep working afterwards. */
static void
test_arena_large(void **state)
{
	struct arena a;
	size_t big = 1024 * 1024;

	(void)state;
	arena_init(&a);
	char *small = arena_alloc(&a, 10);
	char *p = arena_alloc(&a, big);
	memset(p, 'z', big);
	memcpy(small, "ok", 3);
	char *after = arena_alloc(&a, 16);
	memcpy(after, "still", 6);
	assert_int_equal(p[0], 'z');
	assert_int_equal(p[big - 1], 'z');
	assert_string_equal(small, "ok");
	assert_string_equal(after, "still");
	arena_fini(&a);
}

/* arena_calloc zeroes; arena_strndup copies and terminates. */
static void
test_arena_calloc_strndup(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	char *dirty = arena_alloc(&a, 64);
	memset(dirty, 0xAA, 64);
	int *z = arena_calloc(&a, 1000, sizeof *z);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(z[i], 0);
	char *s = arena_strndup(&a, "中文abc", 6);
	assert_string_equal(s, "中文");
	arena_fini(&a);
}

/* err_set stores the message and returns false for one-line returns. */
static void
test_err_set(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	assert_string_equal(err_msg(&e), "");
	assert_false(err_set(&e, "cannot open %s: %s", "a.md", "denied"));
	assert_string_equal(err_msg(&e), "cannot open a.md: denied");
	assert_false(err_set(&e, "second %d", 2));
	assert_string_equal(err_msg(&e), "second 2");
	err_fini(&e);
	assert_string_equal(err_msg(&e), "");
	assert_false(err_set(NULL, "dropped %d", 1));
}

/* err_prefix adds context in front of the message. */
static void
test_err_prefix(void **state)
{
	struct err e;

	(void)state;
	err_init(&e);
	err_set(&e, "bad front matter");
	err_prefix(&e, "%s:%d: ", "笔记.md", 3);
	assert_string_equal(err_msg(&e), "笔记.md:3: bad front matter");
	err_prefix(NULL, "ignored");
	err_fini(&e);
}

/* Append a formatted string to list, as the warn helpers do. */
static void
test_addf(char ***list, size_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_list_vaddf(list, n, fmt, ap);
	va_end(ap);
}

static void
test_buf_list(void **state)
{
	char **list = NULL;
	size_t n = 0;

	(void)state;
	test_addf(&list, &n, "%s: %d", "第一", 1);
	buf_list_add(&list, &n, strdup("two"));
	test_addf(&list, &n, "%s", "");
	assert_int_equal(n, 3);
	assert_string_equal(list[0], "第一: 1");
	assert_string_equal(list[1], "two");
	assert_string_equal(list[2], "");
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_empty),
		cmocka_unit_test(test_buf_append),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_buf_list),
		cmocka_unit_test(test_buf_clear),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_arena_alloc),
		cmocka_unit_test(test_arena_large),
		cmocka_unit_test(test_arena_calloc_strndup),
		cmocka_unit_test(test_err_set),
		cmocka_unit_test(test_err_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
