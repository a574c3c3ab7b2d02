/* SPDX-License-Identifier: MIT */
/*
 * test_prompt.c: the ':' line as a user edits it: Chinese typed through
 * an input method arrives as code points and is stepped over and deleted
 * whole, like combining accents and ZWJ emoji sequences; the cursor column
 * counts two per wide character so the terminal cursor (and the input
 * method's candidate window) lands where the text ends.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keymap.h"
#include "ui/prompt.h"
#include "text/utf8.h"
#include "base/xmem.h"

/* The default bindings: the prompt's keys are the prompt context's. */
static struct keymap test_km;

/* Give each test a fresh prompt, freed even when the test fails. */
static int
test_setup(void **state)
{
	struct prompt *p = xcalloc(1, sizeof *p);

	prompt_init(p);
	*state = p;
	return 0;
}

static int
test_teardown(void **state)
{
	prompt_fini(*state);
	free(*state);
	return 0;
}

/* Type the UTF-8 string s as the code points an input method sends;
 * each must leave the prompt editing. */
static void
test_type(struct prompt *p, const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		assert_int_equal(prompt_key(p, &test_km, (int)cp), PROMPT_EDITING);
	}
}

/* Press key n times; each must leave the prompt editing. */
static void
test_press(struct prompt *p, int key, int n)
{
	while (n-- > 0)
		assert_int_equal(prompt_key(p, &test_km, key), PROMPT_EDITING);
}

/* Assert the text and the cursor, given as the text before it. */
static void
test_check(const struct prompt *p, const char *text, const char *before)
{
	assert_string_equal(buf_str(&p->text), text);
	assert_int_equal(p->text.len, strlen(text));
	assert_int_equal(p->cursor, strlen(before));
	assert_memory_equal(p->text.data, before, strlen(before));
}

static void
test_empty(void **state)
{
	struct prompt *p = *state;

	test_check(p, "", "");
	assert_int_equal(prompt_cursor_width(p), 0);
	/* Moving and deleting in an empty line do nothing. */
	test_press(p, KEYMAP_KEY_LEFT, 1);
	test_press(p, KEYMAP_KEY_RIGHT, 1);
	test_press(p, KEYMAP_KEY_DELETE, 1);
	test_press(p, KEYMAP_CTRL('w'), 1);
	test_press(p, KEYMAP_CTRL('u'), 1);
	test_press(p, KEYMAP_CTRL('k'), 1);
	test_check(p, "", "");
}

static void
test_insert(void **state)
{
	struct prompt *p = *state;

	test_type(p, "set 中文");
	test_check(p, "set 中文", "set 中文");
	assert_int_equal(prompt_cursor_width(p), 8);
	/* Insert in the middle. */
	test_press(p, KEYMAP_KEY_LEFT, 1);
	test_type(p, "，");
	test_check(p, "set 中，文", "set 中，");
	assert_int_equal(prompt_cursor_width(p), 8);
	test_press(p, KEYMAP_KEY_HOME, 1);
	test_type(p, ":");
	test_check(p, ":set 中，文", ":");
	assert_int_equal(prompt_cursor_width(p), 1);
}

static void
test_cursor_width(void **state)
{
	struct prompt *p = *state;

	test_type(p, "ab中文字");
	assert_int_equal(prompt_cursor_width(p), 8);
	test_press(p, KEYMAP_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor_width(p), 6);
	test_press(p, KEYMAP_KEY_LEFT, 2);
	assert_int_equal(prompt_cursor_width(p), 2);
	test_press(p, KEYMAP_KEY_LEFT, 1);
	assert_int_equal(prompt_cursor_width(p), 1);
	/* A combining accent adds no column. */
	test_press(p, KEYMAP_KEY_END, 1);
	test_type(p, "e\xcc\x81");
	assert_int_equal(prompt_cursor_width(p), 9);
}

/* "é" written as e + U+0301 is one cluster: one step, one Backspace. */
static void
test_combining(void **state)
{
	struct prompt *p = *state;

	test_type(p, "ae\xcc\x81z");
	test_press(p, KEYMAP_KEY_LEFT, 1);
	test_check(p, "ae\xcc\x81z", "ae\xcc\x81");
	test_press(p, KEYMAP_KEY_LEFT, 1);
	test_check(p, "ae\xcc\x81z", "a");
	test_press(p, KEYMAP_KEY_RIGHT, 1);
	test_check(p, "ae\xcc\x81z", "ae\xcc\x81");
	assert_int_equal(prompt_key(p, &test_km, KEYMAP_KEY_BACKSPACE), PROMPT_EDITING);
	test_check(p, "az", "a");
	/* Delete removes the cluster after the cursor, whole. */
	test_press(p, KEYMAP_KEY_HOME, 1);
	test_press(p, KEYMAP_KEY_DELETE, 1);
	test_check(p, "z", "");
	test_type(p, "e\xcc\x81");
	test_press(p, KEYMAP_KEY_HOME, 1);
	test_press(p, KEYMAP_KEY_DELETE, 1);
	test_check(p, "z", "");
}

/* A family emoji is man ZWJ woman ZWJ girl: seven code points typed one
 * by one, one cluster to step over and delete. */
static void
test_zwj_emoji(void **state)
{
	static const char family[] = "\xf0\x9f\x91\xa8\xe2\x80\x8d"
				     "\xf0\x9f\x91\xa9\xe2\x80\x8d"
				     "\xf0\x9f\x91\xa7";
	static const char flag[] = "\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3";
	struct prompt *p = *state;
	char want[64];

	test_type(p, "x");
	test_type(p, family);
	test_type(p, "y");
	snprintf(want, sizeof want, "x%sy", family);
	test_press(p, KEYMAP_KEY_LEFT, 2);
	test_check(p, want, "x");
	test_press(p, KEYMAP_KEY_RIGHT, 1);
	snprintf(want, sizeof want, "x%s", family);
	assert_int_equal(p->cursor, strlen(want));
	assert_int_equal(prompt_cursor_width(p), 3);
	test_press(p, KEYMAP_KEY_BACKSPACE, 1);
	test_check(p, "xy", "x");

	/* A flag is two regional indicators, one cluster. */
	test_type(p, flag);
	test_press(p, KEYMAP_KEY_LEFT, 1);
	test_check(p, "x\xf0\x9f\x87\xa8\xf0\x9f\x87\xb3y", "x");
	test_press(p, KEYMAP_KEY_DELETE, 1);
	test_check(p, "xy", "x");
}

static void
test_backspace(void **state)
{
	struct prompt *p = *state;

	test_type(p, "ab中");
	test_press(p, KEYMAP_KEY_BACKSPACE, 1);
	test_check(p, "ab", "ab");
	test_press(p, KEYMAP_KEY_LEFT, 1);
	test_press(p, KEYMAP_KEY_BACKSPACE, 1);
	test_check(p, "b", "");
	/* At the start of a non-empty line Backspace does nothing. */
	test_press(p, KEYMAP_KEY_BACKSPACE, 1);
	test_check(p, "b", "");
	test_press(p, KEYMAP_KEY_END, 1);
	test_press(p, KEYMAP_KEY_BACKSPACE, 1);
	test_check(p, "", "");
	/* On the now empty line it cancels. */
	assert_int_equal(prompt_key(p, &test_km, KEYMAP_KEY_BACKSPACE), PROMPT_CANCEL);
}

static void
test_ctrl_w(void **state)
{
	struct prompt *p = *state;

	test_type(p, "set archive ~/读书  ");
	test_press(p, KEYMAP_CTRL('w'), 1);
	test_check(p, "set archive ", "set archive ");
	test_press(p, KEYMAP_CTRL('w'), 1);
	test_check(p, "set ", "set ");
	/* In the middle it keeps what follows the cursor. */
	test_type(p, "archive /x");
	test_press(p, KEYMAP_KEY_LEFT, 2);
	test_press(p, KEYMAP_CTRL('w'), 1);
	test_check(p, "set /x", "set ");
	test_press(p, KEYMAP_CTRL('w'), 1);
	test_check(p, "/x", "");
}

static void
test_ctrl_u_k(void **state)
{
	struct prompt *p = *state;

	test_type(p, "一二三四");
	test_press(p, KEYMAP_KEY_LEFT, 2);
	test_press(p, KEYMAP_CTRL('u'), 1);
	test_check(p, "三四", "");
	test_press(p, KEYMAP_KEY_RIGHT, 1);
	test_press(p, KEYMAP_CTRL('k'), 1);
	test_check(p, "三", "三");
}

static void
test_home_end(void **state)
{
	struct prompt *p = *state;

	test_type(p, "中文 text");
	test_press(p, KEYMAP_KEY_HOME, 1);
	test_check(p, "中文 text", "");
	assert_int_equal(prompt_cursor_width(p), 0);
	test_press(p, KEYMAP_KEY_END, 1);
	test_check(p, "中文 text", "中文 text");
	assert_int_equal(prompt_cursor_width(p), 9);
	test_press(p, KEYMAP_CTRL('a'), 1);
	test_check(p, "中文 text", "");
	test_press(p, KEYMAP_CTRL('e'), 1);
	test_check(p, "中文 text", "中文 text");
	/* Moving past either end stays there. */
	test_press(p, KEYMAP_KEY_RIGHT, 3);
	test_check(p, "中文 text", "中文 text");
	test_press(p, KEYMAP_KEY_HOME, 1);
	test_press(p, KEYMAP_KEY_LEFT, 3);
	test_check(p, "中文 text", "");
}

static void
test_done_cancel(void **state)
{
	struct prompt *p = *state;

	test_type(p, "quit");
	assert_int_equal(prompt_key(p, &test_km, KEYMAP_KEY_ENTER), PROMPT_DONE);
	test_check(p, "quit", "quit");
	assert_int_equal(prompt_key(p, &test_km, KEYMAP_KEY_ESC), PROMPT_CANCEL);
	/* Enter on an empty line is done, not cancelled. */
	test_press(p, KEYMAP_CTRL('u'), 1);
	assert_int_equal(prompt_key(p, &test_km, KEYMAP_KEY_ENTER), PROMPT_DONE);
	assert_int_equal(prompt_key(p, &test_km, KEYMAP_KEY_ESC), PROMPT_CANCEL);
}

/* Return true when key left the prompt holding "ab" with the cursor
 * between the two; say which key did not. */
static bool
test_ignored(struct prompt *p, int key)
{
	if (prompt_key(p, &test_km, key) == PROMPT_EDITING &&
	    strcmp(buf_str(&p->text), "ab") == 0 && p->cursor == 1)
		return true;
	print_message("key %d changed the prompt to \"%s\" at %zu\n", key,
		      buf_str(&p->text), p->cursor);
	return false;
}

/* Control characters, surrogates and keys that are not characters never
 * end up in the text. */
static void
test_rejects(void **state)
{
	static const int keys[] = {
		0x7f, 0x80, 0x85, 0x9f, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, -1,
		KEYMAP_KEY_UP, KEYMAP_KEY_DOWN, KEYMAP_KEY_PAGE_UP,
		KEYMAP_KEY_F1, KEYMAP_KEY_F12, KEYMAP_KEY_RESIZE,
		KEYMAP_KEY_SIGNAL, KEYMAP_KEY_NONE,
	};
	struct prompt *p = *state;
	int bad = 0;

	test_type(p, "ab");
	test_press(p, KEYMAP_KEY_LEFT, 1);
	/* Control keys bound in the prompt context edit; the rest are
	   ignored. */
	for (int key = 0; key < 32; key++)
		if (keymap_action(&test_km, KEYMAP_PROMPT, &key, 1) == ACTION_NONE)
			bad += !test_ignored(p, key);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		bad += !test_ignored(p, keys[i]);
	assert_int_equal(bad, 0);
	/* No-break space, non-BMP characters and the last code points of
	 * Unicode do go in. */
	test_type(p, "\xc2\xa0\xf0\x9f\x98\x80");
	assert_int_equal(prompt_key(p, &test_km, 0x10FFFD), PROMPT_EDITING);
	test_check(p, "a\xc2\xa0\xf0\x9f\x98\x80\xf4\x8f\xbf\xbd" "b",
		   "a\xc2\xa0\xf0\x9f\x98\x80\xf4\x8f\xbf\xbd");
}

/* A long line (a pasted URL, a paragraph) is held whole. */
static void
test_long(void **state)
{
	struct prompt *p = *state;

	for (int i = 0; i < 3000; i++)
		test_type(p, "字");
	assert_int_equal(p->text.len, 9000);
	assert_int_equal(prompt_cursor_width(p), 6000);
	test_press(p, KEYMAP_CTRL('w'), 1);
	test_check(p, "", "");
}

#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_empty),
		T(test_insert),
		T(test_cursor_width),
		T(test_combining),
		T(test_zwj_emoji),
		T(test_backspace),
		T(test_ctrl_w),
		T(test_ctrl_u_k),
		T(test_home_end),
		T(test_done_cancel),
		T(test_rejects),
		T(test_long),
	};

	keymap_init(&test_km);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	keymap_fini(&test_km);
	return failed;
}
