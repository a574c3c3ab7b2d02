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

#include <stdlib.h>
#include <string.h>

#include "ui/action.h"
#include "base/buf.h"
#include "base/err.h"
#include "ui/keymap.h"

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
	/* And each with Alt. */
	for (int key = 1; key < 127; key++)
		bad += !test_parse_back(KEYMAP_META(key), &b);
	for (int key = KEYMAP_KEY_SPECIAL; key <= KEYMAP_KEY_F12; key++)
		bad += !test_parse_back(KEYMAP_META(key), &b);
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

/* Alt keys: "M-" and the name of the key without it. */
static void
test_meta_names(void **state)
{
	static const char *const bad[] = { "M-", "M-M-x", "M-Foo", "m-x" };
	int key;

	(void)state;
	test_name_round_trip(KEYMAP_META('x'), "M-x");
	test_name_round_trip(KEYMAP_META('M'), "M-M");
	test_name_round_trip(KEYMAP_META(KEYMAP_CTRL('d')), "M-C-d");
	test_name_round_trip(KEYMAP_META(KEYMAP_KEY_ENTER), "M-Enter");
	test_name_round_trip(KEYMAP_META(KEYMAP_KEY_UP), "M-Up");
	test_name_round_trip(KEYMAP_META(0x4E2D), "M-中");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (keymap_key_parse(bad[i], &key))
			fail_msg("\"%s\" was accepted as key %d", bad[i], key);
}

/* Parse words as a sequence; return the number of keys, or -1 on an
 * error (whose message must not be empty). */
static int
test_seq(const char *const *words, size_t n_words, int *keys)
{
	struct err err;
	size_t n = 0;
	bool ok;

	err_init(&err);
	ok = keymap_seq_parse((char *const *)words, n_words, keys, &n, &err);
	if (!ok)
		assert_true(err_msg(&err)[0] != '\0');
	err_fini(&err);
	return ok ? (int)n : -1;
}

static void
test_seq_parse(void **state)
{
	int keys[KEYMAP_SEQ_MAX];

	(void)state;
	assert_int_equal(test_seq((const char *[]){ "g", "C-d" }, 2, keys), 2);
	assert_int_equal(keys[0], 'g');
	assert_int_equal(keys[1], KEYMAP_CTRL('d'));
	assert_int_equal(test_seq((const char *[]){ "]h" }, 1, keys), 2);
	assert_int_equal(keys[0], ']');
	assert_int_equal(keys[1], 'h');
	assert_int_equal(test_seq((const char *[]){ "gg" }, 1, keys), 2);
	assert_int_equal(test_seq((const char *[]){ "中文" }, 1, keys), 2);
	assert_int_equal(keys[1], 0x6587);
	assert_int_equal(test_seq((const char *[]){ "Up", "]" }, 2, keys), 2);
	assert_int_equal(keys[0], KEYMAP_KEY_UP);
	/* A single name stays one key. */
	assert_int_equal(test_seq((const char *[]){ "PageDown" }, 1, keys), 1);
	assert_int_equal(keys[0], KEYMAP_KEY_PAGE_DOWN);
	/* Misspelt names are errors, not characters typed in a row. */
	assert_int_equal(test_seq((const char *[]){ "Pageup" }, 1, keys), -1);
	assert_int_equal(test_seq((const char *[]){ "F13" }, 1, keys), -1);
	assert_int_equal(test_seq((const char *[]){ "C-dd" }, 1, keys), -1);
	assert_int_equal(test_seq((const char *[]){ "Gg" }, 1, keys), -1);
	/* Too long, or nothing at all. */
	assert_int_equal(test_seq((const char *[]){ "abcde" }, 1, keys), -1);
	assert_int_equal(test_seq((const char *[]){ "a", "b", "c", "d", "e" },
				  5, keys), -1);
	assert_int_equal(test_seq((const char *[]){ "" }, 1, keys), -1);
	assert_int_equal(test_seq(NULL, 0, keys), -1);
}

/* A sequence's name reads back as the same keys, so the help screen and
 * data/config show what the config file accepts. */
static void
test_seq_name_round_trip(void **state)
{
	static const int seqs[][KEYMAP_SEQ_MAX] = {
		{ ']', 'h' }, { 'g', KEYMAP_CTRL('d') }, { 'G', 'g' },
		{ 'C', '-', 'd' }, { 'M', '-' }, { 'U', 'p' }, { ' ', 'x' },
		{ 'F', '1' }, { KEYMAP_META('x'), 'y' }, { 'a', 'b', 'c', 'd' },
	};
	struct buf b;

	(void)state;
	buf_init(&b);
	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
		size_t n = 0;
		while (n < KEYMAP_SEQ_MAX && seqs[i][n])
			n++;
		char *words[KEYMAP_SEQ_MAX + 1];
		size_t n_words = 0;
		int keys[KEYMAP_SEQ_MAX];
		buf_clear(&b);
		keymap_seq_name(seqs[i], n, &b);
		char *copy = strdup(buf_str(&b));
		for (char *w = strtok(copy, " "); w; w = strtok(NULL, " "))
			words[n_words++] = w;
		int got = test_seq((const char *const *)words, n_words, keys);
		if (got != (int)n || memcmp(keys, seqs[i], n * sizeof *keys))
			fail_msg("sequence %zu is named \"%s\", which reads "
				 "back as %d keys", i, buf_str(&b), got);
		free(copy);
	}
	buf_fini(&b);
}

static void
test_unbind(void **state)
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
	assert_true(keymap_unbind(&km, KEYMAP_LIST, (const int[]){ 'j' }, 1));
	assert_int_equal(km.n, before - 1);
	assert_int_equal(test_type(&km, KEYMAP_LIST, &st, "j", &a, &n),
			 KEYMAP_UNBOUND);
	/* Down still moves, and the reader keeps its j. */
	assert_int_equal(keymap_feed(&km, KEYMAP_LIST, &st, KEYMAP_KEY_DOWN,
				     &a, &n), KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_MOVE_DOWN);
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "j", &a, &n),
			 KEYMAP_MATCHED);
	/* Nothing left to unbind. */
	assert_false(keymap_unbind(&km, KEYMAP_LIST, (const int[]){ 'j' }, 1));
	/* A sequence, then its first key alone is free again. */
	keymap_bind(&km, KEYMAP_READER, (const int[]){ ']', 'h' }, 2,
		    ACTION_LAST);
	assert_true(keymap_unbind(&km, KEYMAP_READER,
				  (const int[]){ ']', 'h' }, 2));
	assert_int_equal(test_type(&km, KEYMAP_READER, &st, "]", &a, &n),
			 KEYMAP_UNBOUND);
	keymap_fini(&km);
}

/* In the line editor digits are text: no count is collected. */
static void
test_prompt_no_count(void **state)
{
	struct keymap km;
	struct keymap_state st;
	enum action a = ACTION_NONE;
	int n = 0;

	(void)state;
	keymap_init(&km);
	keymap_state_reset(&st);
	assert_int_equal(keymap_feed(&km, KEYMAP_PROMPT, &st, '7', &a, &n),
			 KEYMAP_UNBOUND);
	assert_int_equal(st.count, 0);
	assert_int_equal(keymap_feed(&km, KEYMAP_PROMPT, &st, KEYMAP_CTRL('u'),
				     &a, &n), KEYMAP_MATCHED);
	assert_int_equal(a, ACTION_EDIT_KILL_START);
	assert_int_equal(n, 0);
	keymap_fini(&km);
}

static void
test_context_names(void **state)
{
	(void)state;
	for (int c = 0; c < KEYMAP_N_CONTEXTS; c++)
		assert_int_equal(keymap_context_by_name(
			keymap_context_name((enum keymap_context)c)), c);
	assert_int_equal(keymap_context_by_name("Reader"), KEYMAP_N_CONTEXTS);
	assert_int_equal(keymap_context_by_name(""), KEYMAP_N_CONTEXTS);
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
		/* The action table says the action means something there. */
		if (!(action_info(b->action)->where & (1u << b->context)))
			fail_msg("%s is bound in %s, outside its contexts",
				 action_info(b->action)->name,
				 keymap_context_name(b->context));
		seen[b->context] = true;
		/* No two defaults bind the same keys in one context. */
		for (size_t j = i + 1; j < km.n; j++)
			assert_false(km.bindings[j].context == b->context &&
				     memcmp(km.bindings[j].keys, b->keys,
					    sizeof b->keys) == 0);
	}
	for (int c = 0; c < KEYMAP_N_CONTEXTS; c++) {
		assert_true(seen[c]);
		assert_true(keymap_context_name((enum keymap_context)c)[0]
			    != '\0');
	}
	assert_string_equal(keymap_context_name(KEYMAP_READER), "reader");
	keymap_fini(&km);
}

/* Every context must let the user leave it and ask for help; the line
 * editor, where q and ? are text, is left with Esc or Enter. */
static void
test_default_essentials(void **state)
{
	struct keymap km;
	int esc = KEYMAP_KEY_ESC, enter = KEYMAP_KEY_ENTER;

	(void)state;
	keymap_init(&km);
	assert_int_equal(keymap_action(&km, KEYMAP_PROMPT, &esc, 1),
			 ACTION_EDIT_CANCEL);
	assert_int_equal(keymap_action(&km, KEYMAP_PROMPT, &enter, 1),
			 ACTION_EDIT_ACCEPT);
	for (int k = 32; k < 127; k++)	/* every character is text */
		assert_int_equal(keymap_action(&km, KEYMAP_PROMPT, &k, 1),
				 ACTION_NONE);
	for (int c = 0; c < KEYMAP_N_CONTEXTS; c++) {
		struct keymap_state st;
		if (c == KEYMAP_PROMPT)
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

/* The key a status line names for an action: a single character the
 * user bound over the defaults' first, and none once unbound. */
static void
test_key_for(void **state)
{
	struct keymap km;
	struct buf out;
	int t = 't', tab = KEYMAP_KEY_TAB, big_t = 'T', k = 'k', y = 'y';

	(void)state;
	keymap_init(&km);
	buf_init(&out);
	assert_true(keymap_key_for(&km, KEYMAP_STATS, ACTION_TOGGLE_TABLE,
				   &out));
	assert_string_equal(buf_str(&out), "t");
	keymap_bind(&km, KEYMAP_STATS, &big_t, 1, ACTION_TOGGLE_TABLE);
	buf_clear(&out);
	assert_true(keymap_key_for(&km, KEYMAP_STATS, ACTION_TOGGLE_TABLE,
				   &out));
	assert_string_equal(buf_str(&out), "T");
	assert_true(keymap_unbind(&km, KEYMAP_STATS, &big_t, 1));
	assert_true(keymap_unbind(&km, KEYMAP_STATS, &t, 1));
	buf_clear(&out);
	assert_true(keymap_key_for(&km, KEYMAP_STATS, ACTION_TOGGLE_TABLE,
				   &out));
	assert_string_equal(buf_str(&out), "Tab");
	assert_true(keymap_unbind(&km, KEYMAP_STATS, &tab, 1));
	buf_clear(&out);
	assert_false(keymap_key_for(&km, KEYMAP_STATS, ACTION_TOGGLE_TABLE,
				    &out));
	assert_int_equal(out.len, 0);
	/* The review's k keeps; moving is not bound there. */
	assert_int_equal(keymap_action(&km, KEYMAP_REVIEW, &k, 1),
			 ACTION_REVIEW_KEEP);
	assert_int_equal(keymap_action(&km, KEYMAP_REVIEW, &y, 1), ACTION_NONE);
	assert_int_equal(keymap_action(&km, KEYMAP_STATS, &k, 1), ACTION_MOVE_UP);
	buf_fini(&out);
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
		cmocka_unit_test(test_meta_names),
		cmocka_unit_test(test_seq_parse),
		cmocka_unit_test(test_seq_name_round_trip),
		cmocka_unit_test(test_unbind),
		cmocka_unit_test(test_prompt_no_count),
		cmocka_unit_test(test_context_names),
		cmocka_unit_test(test_action_by_name),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_default_bindings_valid),
		cmocka_unit_test(test_default_essentials),
		cmocka_unit_test(test_key_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
