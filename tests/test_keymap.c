/* SPDX-License-Identifier: MIT */
/*
 * test_keymap.c: keys as a user types them: counts ("5j", "10j"), two-key
 * sequences, Esc and wrong keys cancelling what was typed, rebinding, and
 * key names that survive a round trip through the config file syntax.
 * Also the action table that the help screen and the config share.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "action.h"
#include "buf.h"
#include "keymap.h"

/* Feed the keys of a NUL-terminated ASCII string one by one and return
 * the last result; *action and *count are set when it is MATCHED. */
static enum keymap_result
test_type(const struct keymap *km, enum keymap_context ctx,
	  struct keymap_state *st, const char *keys, enum action *action,
	  int *count)
{
	enum keymap_result r = KEYMAP_UNBOUND;

	for (const char *p = keys; *p != '\0'; p++)
		r = keymap_feed(km, ctx, st, (unsigned char)*p, action, count);
	return r;
}

static void
test_default_j(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, 'j', &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_DOWN);
	assert_int_equal(n, 0);
	assert_int_equal(keymap_feed(&km, KEYMAP_READER, &st, KEYMAP_KEY_UP,
				     &a, &n), KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_UP);
	assert_int_equal(n, 0);
	keymap_fini(&km);
}

static void
test_count(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, '5', &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, 'j', &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_DOWN);
	assert_int_equal(n, 5);

	/* '0' after a digit continues the count. */
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, '1', &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, '0', &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, 'j', &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(n, 10);

	/* The count does not carry over to the next command. */
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "k", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_UP);
	assert_int_equal(n, 0);
	keymap_fini(&km);
}

static void
test_zero_alone(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	/* '0' alone is not a count (it is free to be bound, as in vi). */
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, '0', &a, &n),
			 KEYMAP_UNBOUND);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "j", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(n, 0);

	keymap_bind(&km, KEYMAP_LIST, (const int[]){ '0' }, 1, ACTION_FIRST);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "0", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_FIRST);
	keymap_fini(&km);
}

static void
test_sequence(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	keymap_bind(&km, KEYMAP_READER, (const int[]){ ']', 'h' }, 2,
		    ACTION_LAST);
	assert_int_equal(keymap_feed(&km, KEYMAP_READER, &st, ']', &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_READER, &st, 'h', &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_LAST);
	assert_int_equal(n, 0);

	/* With a count in front. */
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "3]", &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "h", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_LAST);
	assert_int_equal(n, 3);

	/* 'h' alone keeps its own binding. */
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "h", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_SCROLL_LEFT);
	keymap_fini(&km);
}

static void
test_wrong_second_key(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	keymap_bind(&km, KEYMAP_READER, (const int[]){ ']', 'h' }, 2,
		    ACTION_LAST);
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "4]", &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_READER, &st, 'x', &a, &n),
			 KEYMAP_UNBOUND);
	/* Everything was forgotten, the count included. */
	assert_int_equal(keymap_feed(&km, KEYMAP_READER, &st, 'j', &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_DOWN);
	assert_int_equal(n, 0);

	/* A wrong second key that is bound alone is not run either. */
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "]j", &a, &n),
			 KEYMAP_UNBOUND);
	assert_int_equal(st.seq_len, 0);
	assert_int_equal(st.count, 0);
	keymap_fini(&km);
}

static void
test_esc_resets(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "12", &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, KEYMAP_KEY_ESC,
				     &a, &n), KEYMAP_UNBOUND);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "j", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(n, 0);

	/* Esc also cancels a sequence under way. */
	keymap_bind(&km, KEYMAP_LIST, (const int[]){ 'z', 'z' }, 2,
		    ACTION_FIRST);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "z", &a, &n),
			 KEYMAP_PENDING);
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, KEYMAP_KEY_ESC,
				     &a, &n), KEYMAP_UNBOUND);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "z", &a, &n),
			 KEYMAP_PENDING);

	/* Where Esc is bound on its own, it runs its action. */
	keymap_state_reset(&st);
	assert_int_equal(keymap_feed(&km, KEYMAP_HELP, &st, KEYMAP_KEY_ESC,
				     &a, &n), KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_BACK);
	keymap_fini(&km);
}

static void
test_rebind(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;
	size_t before;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	before = km.n;
	keymap_bind(&km, KEYMAP_LIST, (const int[]){ 'j' }, 1, ACTION_MOVE_UP);
	assert_int_equal(km.n, before);	/* replaced, not added */
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "j", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_UP);

	/* The other contexts keep their own 'j'. */
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "j", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_DOWN);
	assert_int_equal(test_type(&km, KEYMAP_HELP, &st, "j", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_DOWN);

	/* Binding to ACTION_NONE unbinds. */
	keymap_bind(&km, KEYMAP_LIST, (const int[]){ 'j' }, 1, ACTION_NONE);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "j", &a, &n),
			 KEYMAP_UNBOUND);
	keymap_fini(&km);
}

static void
test_context_no_leak(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	keymap_bind(&km, KEYMAP_READER, (const int[]){ 'x' }, 1, ACTION_QUIT);
	keymap_bind(&km, KEYMAP_READER, (const int[]){ ']', 'h' }, 2,
		    ACTION_LAST);
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "x", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_QUIT);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "x", &a, &n),
			 KEYMAP_UNBOUND);
	assert_int_equal(test_type(&km, KEYMAP_HELP, &st, "x", &a, &n),
			 KEYMAP_UNBOUND);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "]", &a, &n),
			 KEYMAP_UNBOUND);
	/* Reader-only defaults stay there too. */
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "d", &a, &n),
			 KEYMAP_UNBOUND);
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "d", &a, &n),
			 KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_HALF_PAGE_DOWN);
	keymap_fini(&km);
}

/* Assert that key is named name and that name parses back to key. */
static void
test_name_round_trip(int key, const char *name)
{
	struct buf b;
	int parsed = -1;

	buf_init(&b);
	keymap_key_name(key, &b);
	assert_string_equal(buf_str(&b), name);
	assert_true(keymap_key_parse(name, &parsed));
	assert_int_equal(parsed, key);
	buf_fini(&b);
}

static void
test_key_names(void **state)
{
	(void)state;
	test_name_round_trip('j', "j");
	test_name_round_trip('G', "G");
	test_name_round_trip(KEYMAP_KEY_DOWN, "Down");
	test_name_round_trip(KEYMAP_CTRL('d'), "C-d");
	test_name_round_trip(' ', "Space");
	test_name_round_trip(KEYMAP_KEY_ENTER, "Enter");
	test_name_round_trip(KEYMAP_KEY_ESC, "Esc");
	test_name_round_trip(KEYMAP_KEY_TAB, "Tab");
	test_name_round_trip(KEYMAP_KEY_PAGE_DOWN, "PageDown");
	test_name_round_trip(KEYMAP_KEY_BACKSPACE, "Backspace");
	test_name_round_trip(KEYMAP_KEY_F1, "F1");
	test_name_round_trip(KEYMAP_KEY_F1 + 4, "F5");
	test_name_round_trip(KEYMAP_KEY_F12, "F12");
	test_name_round_trip(0x4E2D, "中");
}

/* Return true when the name of key parses back to key; say which key
 * did not. */
static bool
test_parse_back(int key, struct buf *b)
{
	int parsed = -1;

	buf_clear(b);
	keymap_key_name(key, b);
	if (keymap_key_parse(buf_str(b), &parsed) && parsed == key)
		return true;
	print_message("key %d: name \"%s\" parses to %d\n", key, buf_str(b),
		      parsed);
	return false;
}

/* Every key a binding can name must come back from its name: otherwise
 * the help screen shows a key the config file cannot bind. */
static void
test_key_names_all_round_trip(void **state)
{
	static const int chars[] = { 127, 0xA0, 0x3000, 0x4E2D, 0x1F600 };
	struct buf b;
	int bad = 0;

	(void)state;
	buf_init(&b);
	for (int key = 1; key < 127; key++)
		bad += !test_parse_back(key, &b);
	for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++)
		bad += !test_parse_back(chars[i], &b);
	for (int key = KEYMAP_KEY_SPECIAL; key <= KEYMAP_KEY_F12; key++)
		bad += !test_parse_back(key, &b);
	buf_fini(&b);
	assert_int_equal(bad, 0);
}

static void
test_key_parse_rejects(void **state)
{
	static const char *const bad[] = {
		"", "jj", "Foo", "C-", "C-dd", "C-1", "F0", "F13", "F1x",
		"中文", "\x01",
	};
	int key;
	int accepted = 0;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (keymap_key_parse(bad[i], &key)) {
			print_message("\"%s\" was accepted as key %d\n",
				      bad[i], key);
			accepted++;
		}
	assert_int_equal(accepted, 0);
}

static void
test_action_by_name(void **state)
{
	(void)state;
	assert_int_equal(action_by_name("move-down"), ACTION_MOVE_DOWN);
	assert_int_equal(action_by_name("quit"), ACTION_QUIT);
	assert_int_equal(action_by_name("back"), ACTION_BACK);
	assert_int_equal(action_by_name("frobnicate"), ACTION_NONE);
	assert_int_equal(action_by_name(""), ACTION_NONE);
	assert_int_equal(action_by_name("none"), ACTION_NONE);
	assert_int_equal(action_by_name("Move-Down"), ACTION_NONE);
}

static void
test_action_table(void **state)
{
	(void)state;
	for (int a = ACTION_NONE + 1; a < ACTION_N; a++) {
		const struct action_info *ai = action_info((enum action)a);
		assert_non_null(ai->name);
		assert_non_null(ai->help);
		assert_true(ai->name[0] != '\0');
		assert_true(ai->help[0] != '\0');
		assert_null(strchr(ai->name, ' '));
		assert_int_equal(action_by_name(ai->name), a);
		for (int b = a + 1; b < ACTION_N; b++)
			assert_string_not_equal(ai->name,
						action_info((enum action)b)->name);
	}
}

static void
test_default_bindings_valid(void **state)
{
	struct keymap km;
	bool seen[KEYMAP_N_CONTEXTS] = { false };

	(void)state;
	keymap_init(&km);
	assert_true(km.n > 0);
	for (size_t i = 0; i < km.n; i++) {
		const struct keymap_binding *b = &km.bindings[i];
		assert_true(b->context < KEYMAP_N_CONTEXTS);
		assert_true(b->action > ACTION_NONE && b->action < ACTION_N);
		assert_int_not_equal(b->keys[0], 0);
		seen[b->context] = true;
		/* No two defaults bind the same keys in one context. */
		for (size_t j = i + 1; j < km.n; j++)
			assert_false(km.bindings[j].context == b->context &&
				     memcmp(km.bindings[j].keys, b->keys,
					    sizeof b->keys) == 0);
	}
	for (int c = 0; c < KEYMAP_N_CONTEXTS; c++) {
		/* Typed text, not commands, until the line editor's keys
		   become bindings. */
		if (c == KEYMAP_PROMPT)
			continue;
		assert_true(seen[c]);
		assert_true(keymap_context_name((enum keymap_context)c)[0]
			    != '\0');
	}
	assert_string_equal(keymap_context_name(KEYMAP_READER), "reader");
	keymap_fini(&km);
}

/* Every context must let the user leave it and ask for help. */
static void
test_default_essentials(void **state)
{
	struct keymap km;

	(void)state;
	keymap_init(&km);
	for (int c = 0; c < KEYMAP_N_CONTEXTS; c++) {
		struct keymap_state st;
		if (c == KEYMAP_PROMPT)	/* q and ? are text there */
			continue;
		enum action a = ACTION_NONE;
		int n = 0;
		keymap_state_reset(&st);
		assert_int_equal(keymap_feed(&km, (enum keymap_context)c, &st,
					     'q', &a, &n), KEYMAP_MATCHED);
		assert_true(a == ACTION_QUIT || a == ACTION_BACK);
		assert_int_equal(keymap_feed(&km, (enum keymap_context)c, &st,
					     '?', &a, &n), KEYMAP_MATCHED);
		assert_true(a == ACTION_HELP || a == ACTION_BACK);
	}
	keymap_fini(&km);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_j),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_zero_alone),
		cmocka_unit_test(test_sequence),
		cmocka_unit_test(test_wrong_second_key),
		cmocka_unit_test(test_esc_resets),
		cmocka_unit_test(test_rebind),
		cmocka_unit_test(test_context_no_leak),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_key_names_all_round_trip),
		cmocka_unit_test(test_key_parse_rejects),
		cmocka_unit_test(test_action_by_name),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_default_bindings_valid),
		cmocka_unit_test(test_default_essentials),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
