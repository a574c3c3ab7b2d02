/* SPDX-License-Identifier: MIT */
/*
 * test_noteedit.c: the note editor as a user types in it: Chinese from an
 * input method is inserted, stepped over and deleted a character at a
 * time, an emoji sequence is one character, Ctrl-J and Alt-Enter break
 * the line while Enter saves, Up and Down keep the column across lines
 * of wide characters, and Esc asks before throwing changes away.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ui/keymap.h"
#include "ui/noteedit.h"
#include "text/utf8.h"

/* Type s as the code points an input method sends. */
static void
type(struct noteedit *ne, const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		assert_int_equal(noteedit_key(ne, (int)cp), NOTEEDIT_EDITING);
	}
}

static void
press(struct noteedit *ne, int key, int n)
{
	while (n-- > 0)
		assert_int_equal(noteedit_key(ne, key), NOTEEDIT_EDITING);
}

static void
test_chinese_and_clusters(void **state)
{
	struct noteedit ne;
	size_t line;
	int col;

	(void)state;
	noteedit_init(&ne, NULL);
	type(&ne, "好句子👨‍👩‍👧");
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(line, 0);
	assert_int_equal(col, 8);	/* three wide characters, a family */
	press(&ne, KEYMAP_KEY_LEFT, 1);	/* over the whole family */
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(col, 6);
	press(&ne, KEYMAP_KEY_BACKSPACE, 1);
	assert_string_equal(buf_str(&ne.text), "好句👨‍👩‍👧");
	press(&ne, KEYMAP_KEY_LEFT, 1);
	type(&ne, "的");
	assert_string_equal(buf_str(&ne.text), "好的句👨‍👩‍👧");
	press(&ne, KEYMAP_KEY_END, 1);
	press(&ne, KEYMAP_KEY_BACKSPACE, 1);
	assert_string_equal(buf_str(&ne.text), "好的句");
	type(&ne, "\x01");	/* a control is not text */
	assert_string_equal(buf_str(&ne.text), "好的句");
	noteedit_fini(&ne);
}

static void
test_lines(void **state)
{
	struct noteedit ne;
	size_t line;
	int col;

	(void)state;
	noteedit_init(&ne, NULL);
	type(&ne, "第一行文字");
	press(&ne, KEYMAP_KEY_NEWLINE, 1);
	type(&ne, "ab");
	press(&ne, KEYMAP_META(KEYMAP_KEY_ENTER), 1);
	type(&ne, "第三行");
	assert_string_equal(buf_str(&ne.text), "第一行文字\nab\n第三行");
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 6);
	press(&ne, KEYMAP_KEY_UP, 1);	/* the line is shorter: its end */
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 2);
	press(&ne, KEYMAP_KEY_UP, 1);	/* column 6 kept */
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(line, 0);
	assert_int_equal(col, 6);
	press(&ne, KEYMAP_KEY_HOME, 1);
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(col, 0);
	press(&ne, KEYMAP_KEY_DOWN, 2);
	press(&ne, KEYMAP_KEY_END, 1);
	press(&ne, KEYMAP_KEY_RIGHT, 1);	/* at the end: stays */
	noteedit_cursor(&ne, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 6);
	assert_int_equal(noteedit_key(&ne, KEYMAP_KEY_ENTER), NOTEEDIT_DONE);
	noteedit_fini(&ne);
}

static void
test_cancel_asks_when_changed(void **state)
{
	struct noteedit ne;

	(void)state;
	noteedit_init(&ne, "旧笔记");
	assert_int_equal(noteedit_key(&ne, KEYMAP_KEY_ESC), NOTEEDIT_CANCEL);
	noteedit_fini(&ne);

	noteedit_init(&ne, "旧笔记");
	type(&ne, "！");
	assert_true(noteedit_changed(&ne));
	assert_int_equal(noteedit_key(&ne, KEYMAP_KEY_ESC), NOTEEDIT_EDITING);
	assert_true(ne.asking);
	assert_int_equal(noteedit_key(&ne, 'n'), NOTEEDIT_EDITING);
	assert_false(ne.asking);
	assert_string_equal(buf_str(&ne.text), "旧笔记！");	/* n typed nothing */
	assert_int_equal(noteedit_key(&ne, KEYMAP_KEY_ESC), NOTEEDIT_EDITING);
	assert_int_equal(noteedit_key(&ne, 'y'), NOTEEDIT_CANCEL);
	noteedit_fini(&ne);

	noteedit_init(&ne, "旧笔记");	/* emptied: saving removes the note */
	press(&ne, KEYMAP_KEY_BACKSPACE, 3);
	assert_string_equal(buf_str(&ne.text), "");
	assert_int_equal(noteedit_key(&ne, KEYMAP_KEY_ENTER), NOTEEDIT_DONE);
	noteedit_fini(&ne);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_and_clusters),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_cancel_asks_when_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
