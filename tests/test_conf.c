/* SPDX-License-Identifier: MIT */
/*
 * test_conf.c: the config file as a user writes it (archive roots, "~/",
 * quotes, comments, mistakes reported with file and line while the rest
 * still applies) and where tsundoku looks for its files (XDG directories,
 * the data directory). Each test gets a fresh mkdtemp directory and its
 * own HOME and XDG variables, restored afterwards.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "ui/conf.h"
#include "base/err.h"
#include "ui/action.h"
#include "ui/keymap.h"
#include "ui/term.h"
#include "ui/paths.h"
#include "document/tidy.h"
#include "base/xmem.h"

static const char *const test_env_vars[] = {
	"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "TSUNDOKU_DATADIR",
};
#define TEST_N_ENV (sizeof test_env_vars / sizeof test_env_vars[0])

struct fixture {
	char dir[64];			/* a fresh mkdtemp directory */
	char *saved[TEST_N_ENV];	/* the variables before the test */
	struct conf cfg;
	struct buf a, b;		/* paths; freed even when a test fails */
	struct err err;
};

/* Make a fresh directory, save the environment and start an empty conf. */
static int
test_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/test_conf.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	for (size_t i = 0; i < TEST_N_ENV; i++) {
		const char *v = getenv(test_env_vars[i]);
		f->saved[i] = v ? xstrdup(v) : NULL;
	}
	conf_init(&f->cfg);
	buf_init(&f->a);
	buf_init(&f->b);
	err_init(&f->err);
	*state = f;
	return 0;
}

/* Remove path and, when it is a directory, everything under it. */
static void
test_rm_tree(const char *path)
{
	struct dirent *e;
	struct stat st;
	struct buf sub;
	DIR *dir;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (dir = opendir(path)) != NULL) {
		buf_init(&sub);
		while ((e = readdir(dir)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			buf_clear(&sub);
			buf_printf(&sub, "%s/%s", path, e->d_name);
			test_rm_tree(buf_str(&sub));
		}
		buf_fini(&sub);
		closedir(dir);
	}
	remove(path);
}

/* Remove the test directory, restore the environment, free the conf. */
static int
test_teardown(void **state)
{
	struct fixture *f = *state;

	test_rm_tree(f->dir);
	for (size_t i = 0; i < TEST_N_ENV; i++) {
		if (f->saved[i] != NULL)
			setenv(test_env_vars[i], f->saved[i], 1);
		else
			unsetenv(test_env_vars[i]);
		free(f->saved[i]);
	}
	conf_fini(&f->cfg);
	buf_fini(&f->a);
	buf_fini(&f->b);
	err_fini(&f->err);
	free(f);
	return 0;
}

/* Write text to dir/name and put the path in out. */
static void
test_write(const struct fixture *f, const char *name, const char *text,
	   struct buf *out)
{
	FILE *fp;

	buf_clear(out);
	buf_printf(out, "%s/%s", f->dir, name);
	fp = fopen(buf_str(out), "w");
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

/* Return true when s contains needle. */
static bool
test_contains(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;

	buf_printf(&f->a, "%s/no/such/config", f->dir);
	assert_true(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_archives, 0);
	assert_int_equal(f->cfg.n_errors, 0);
}

/* A file named on the command line must exist. */
static void
test_missing_given_file(void **state)
{
	struct fixture *f = *state;

	buf_printf(&f->a, "%s/no/such/config", f->dir);
	assert_false(conf_load_given(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_errors, 1);
	assert_true(test_contains(f->cfg.errors[0], buf_str(&f->a)));
}

static void
test_archives(void **state)
{
	struct fixture *f = *state;

	setenv("HOME", "/home/读者", 1);
	test_write(f, "config",
		   "# my archives\n"
		   "\n"
		   "set archive ~/x\n"
		   "   # an indented comment\n"
		   "\t\n"
		   "set archive \"/srv/My Articles/存档\"  # trailing comment\n"
		   "set archive \"~/quoted tilde\"\n"
		   "set archive /no/newline/at/end", &f->a);
	assert_true(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_errors, 0);
	assert_int_equal(f->cfg.n_archives, 4);
	assert_string_equal(f->cfg.archives[0], "/home/读者/x");
	assert_string_equal(f->cfg.archives[1], "/srv/My Articles/存档");
	assert_string_equal(f->cfg.archives[2], "/home/读者/quoted tilde");
	assert_string_equal(f->cfg.archives[3], "/no/newline/at/end");
}

/* "~" only means HOME at the start of a path, followed by '/'. */
static void
test_tilde_only_at_start(void **state)
{
	struct fixture *f = *state;

	setenv("HOME", "/h", 1);
	assert_true(conf_exec(&f->cfg, "set archive ~", &f->err));
	assert_true(conf_exec(&f->cfg, "set archive /a/~/b", &f->err));
	assert_true(conf_exec(&f->cfg, "set archive ~user/b", &f->err));
	assert_int_equal(f->cfg.n_archives, 3);
	assert_string_equal(f->cfg.archives[0], "/h");
	assert_string_equal(f->cfg.archives[1], "/a/~/b");
	assert_string_equal(f->cfg.archives[2], "~user/b");
}

static void
test_quotes_and_escapes(void **state)
{
	struct fixture *f = *state;

	assert_true(conf_exec(&f->cfg, "set archive \"/a \\\"b\\\" c\"",
			      &f->err));
	assert_true(conf_exec(&f->cfg, "set archive \"/x#y\"", &f->err));
	assert_true(conf_exec(&f->cfg, "  set\tarchive\t/tabs  ", &f->err));
	assert_int_equal(f->cfg.n_archives, 3);
	assert_string_equal(f->cfg.archives[0], "/a \"b\" c");
	assert_string_equal(f->cfg.archives[1], "/x#y");
	assert_string_equal(f->cfg.archives[2], "/tabs");
}

/* Each bad line is reported as FILE:LINE: and skipped; the good lines
 * around it still apply. */
static void
test_bad_lines(void **state)
{
	static const int lines[] = { 2, 4, 6, 8 };
	struct fixture *f = *state;

	test_write(f, "config",
		   "set archive /one\n"			/* 1 */
		   "frobnicate 1\n"			/* 2 */
		   "# comment\n"			/* 3 */
		   "set nosuch 1\n"			/* 4 */
		   "set archive /two\n"			/* 5 */
		   "set archive\n"			/* 6 */
		   "\n"					/* 7 */
		   "set archive \"/unterminated\n"	/* 8 */
		   "set archive /three\n",		/* 9 */
		   &f->a);
	assert_false(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_archives, 3);
	assert_string_equal(f->cfg.archives[0], "/one");
	assert_string_equal(f->cfg.archives[1], "/two");
	assert_string_equal(f->cfg.archives[2], "/three");
	assert_int_equal(f->cfg.n_errors, 4);
	for (size_t i = 0; i < 4; i++) {
		buf_clear(&f->b);
		buf_printf(&f->b, "%s:%d: ", buf_str(&f->a), lines[i]);
		if (strncmp(f->cfg.errors[i], buf_str(&f->b), f->b.len) != 0)
			fail_msg("error %zu is \"%s\", want it to start with "
				 "\"%s\"", i, f->cfg.errors[i], buf_str(&f->b));
	}
	/* The messages name what was wrong. */
	assert_true(test_contains(f->cfg.errors[0], "frobnicate"));
	assert_true(test_contains(f->cfg.errors[1], "nosuch"));
}

/* Errors accumulate over several files; the return value is about the
 * file just read. */
static void
test_errors_accumulate(void **state)
{
	struct fixture *f = *state;

	test_write(f, "a", "oops\n", &f->a);
	test_write(f, "b", "set archive /b\n", &f->b);
	assert_false(conf_load(&f->cfg, buf_str(&f->a)));
	assert_true(conf_load(&f->cfg, buf_str(&f->b)));
	assert_int_equal(f->cfg.n_errors, 1);
	assert_int_equal(f->cfg.n_archives, 1);
}

/* A path that exists but cannot be read as a file is an error, not an
 * empty config. */
static void
test_unreadable(void **state)
{
	struct fixture *f = *state;

	assert_false(conf_load(&f->cfg, f->dir));
	assert_int_equal(f->cfg.n_errors, 1);
	assert_true(test_contains(f->cfg.errors[0], f->dir));
}

static void
test_exec_errors(void **state)
{
	static const char *const bad[] = {
		"frobnicate 1", "set nosuch 1", "set archive", "set",
		"set archive \"/x", "set archive /a /b", "set archive \"\"",
		"SET archive /x",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_fini(&f->err);
		if (conf_exec(&f->cfg, bad[i], &f->err))
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_true(err_msg(&f->err)[0] != '\0');
	}
	assert_int_equal(f->cfg.n_archives, 0);
	/* Blank lines and comments are valid commands that do nothing. */
	err_fini(&f->err);
	assert_true(conf_exec(&f->cfg, "", &f->err));
	assert_true(conf_exec(&f->cfg, "   # set archive /x", &f->err));
	assert_int_equal(f->cfg.n_archives, 0);
	assert_string_equal(err_msg(&f->err), "");
}

/* Return the action bound to the keys named by the words of seq in ctx
 * of f's conf. */
static enum action
test_bound(struct fixture *f, enum keymap_context ctx, const char *seq)
{
	int keys[KEYMAP_SEQ_MAX];
	size_t n;
	char *copy = xstrdup(seq), *words[KEYMAP_SEQ_MAX];
	size_t n_words = 0;
	enum action a = ACTION_NONE;

	for (char *w = strtok(copy, " "); w && n_words < KEYMAP_SEQ_MAX;
	     w = strtok(NULL, " "))
		words[n_words++] = w;
	if (keymap_seq_parse(words, n_words, keys, &n, &f->err))
		a = keymap_action(&f->cfg.keymap, ctx, keys, n);
	free(copy);
	return a;
}

static void
test_bind(void **state)
{
	struct fixture *f = *state;

	test_write(f, "config",
		   "bind reader x quit\n"
		   "bind list J move-down   # a second key\n"
		   "bind reader ]h last\n"
		   "bind reader g C-d first\n"
		   "bind list \"M-x\" help\n"
		   "bind reader j move-up\n"
		   "bind prompt C-j edit-accept\n"
		   "bind list \"#\" first  # a quoted # is a key\n"
		   "bind list \"\\\"\" last\n", &f->a);
	assert_true(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_errors, 0);
	assert_int_equal(test_bound(f, KEYMAP_READER, "x"), ACTION_QUIT);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "x"), ACTION_NONE);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "J"), ACTION_MOVE_DOWN);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "j"), ACTION_MOVE_DOWN);
	assert_int_equal(test_bound(f, KEYMAP_READER, "] h"), ACTION_LAST);
	assert_int_equal(test_bound(f, KEYMAP_READER, "g C-d"), ACTION_FIRST);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "M-x"), ACTION_HELP);
	assert_int_equal(test_bound(f, KEYMAP_READER, "j"), ACTION_MOVE_UP);
	assert_int_equal(test_bound(f, KEYMAP_PROMPT, "C-j"), ACTION_EDIT_ACCEPT);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "#"), ACTION_FIRST);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "\""), ACTION_LAST);
}

static void
test_unbind(void **state)
{
	struct fixture *f = *state;

	test_write(f, "config",
		   "unbind list j\n"
		   "unbind list j\n"		/* 2: nothing left */
		   "unbind reader PageDown\n"
		   "unbind nowhere j\n"		/* 4 */
		   "unbind list\n", &f->a);	/* 5 */
	assert_false(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(test_bound(f, KEYMAP_LIST, "j"), ACTION_NONE);
	assert_int_equal(test_bound(f, KEYMAP_LIST, "Down"), ACTION_MOVE_DOWN);
	assert_int_equal(test_bound(f, KEYMAP_READER, "PageDown"), ACTION_NONE);
	assert_int_equal(test_bound(f, KEYMAP_READER, "j"), ACTION_MOVE_DOWN);
	assert_int_equal(f->cfg.n_errors, 3);
	assert_true(test_contains(f->cfg.errors[0], "config:2: "));
	assert_true(test_contains(f->cfg.errors[1], "config:4: "));
	assert_true(test_contains(f->cfg.errors[1], "nowhere"));
	assert_true(test_contains(f->cfg.errors[2], "config:5: "));
}

/* Every way a bind line can be wrong is reported, and binds nothing. */
static void
test_bind_errors(void **state)
{
	static const char *const bad[] = {
		"bind", "bind reader", "bind reader x", "bind nowhere x quit",
		"bind reader x frobnicate", "bind reader Pgdn quit",
		"bind reader abcde quit", "bind reader a b c d e quit",
		"bind prompt g g edit-accept", "bind reader x none",
		"bind prompt C-x quit", "bind reader x edit-accept",
		"unbind", "unbind reader", "unbind reader Nope",
		"bind list x links", "bind help s sort",
	};
	struct fixture *f = *state;
	size_t before = f->cfg.keymap.n;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_fini(&f->err);
		if (conf_exec(&f->cfg, bad[i], &f->err))
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_true(err_msg(&f->err)[0] != '\0');
	}
	assert_int_equal(f->cfg.keymap.n, before);
}

static void
test_color(void **state)
{
	static const char *const bad[] = {
		"color", "color status", "color status red",
		"color nosuch red blue", "color status purple blue",
		"color status red blue blinking", "color status color256 blue",
		"color status colorx blue", "color status brightpink blue",
	};
	struct fixture *f = *state;
	enum term_element st = term_element_by_name("status");
	enum term_element hit = term_element_by_name("search-hit");

	assert_int_not_equal(st, TERM_N_ELEMENTS);
	assert_int_not_equal(hit, TERM_N_ELEMENTS);
	assert_false(f->cfg.colors[st].set);
	assert_true(conf_exec(&f->cfg, "color status brightwhite color25 bold underline", &f->err));
	assert_true(f->cfg.colors[st].set);
	assert_int_equal(f->cfg.colors[st].fg, 15);
	assert_int_equal(f->cfg.colors[st].bg, 25);
	assert_int_equal(f->cfg.colors[st].attrs, TERM_BOLD | TERM_UNDERLINE);
	assert_true(conf_exec(&f->cfg, "color search-hit default yellow none", &f->err));
	assert_int_equal(f->cfg.colors[hit].fg, TERM_COLOR_DEFAULT);
	assert_int_equal(f->cfg.colors[hit].bg, 3);
	assert_int_equal(f->cfg.colors[hit].attrs, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_fini(&f->err);
		if (conf_exec(&f->cfg, bad[i], &f->err))
			fail_msg("\"%s\" was accepted", bad[i]);
	}
	/* The good lines stay as they were. */
	assert_int_equal(f->cfg.colors[st].fg, 15);
}

/* Every element has a name that finds it again. */
static void
test_element_names(void **state)
{
	(void)state;
	for (int el = 0; el < TERM_N_ELEMENTS; el++) {
		const char *name = term_element_name((enum term_element)el);
		assert_non_null(name);
		assert_int_equal(term_element_by_name(name), el);
	}
	assert_int_equal(term_element_by_name("Status"), TERM_N_ELEMENTS);
}

static void
test_settings(void **state)
{
	struct fixture *f = *state;
	size_t n;
	const struct conf_setting *t = conf_settings_table(&n);

	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].name);
		/* Every row says what it is: the man page and data/config
		   are written from these. */
		if (t[i].meaning == NULL || t[i].meaning[0] == '\0' ||
		    t[i].def == NULL)
			fail_msg("setting %s has no default or meaning", t[i].name);
		assert_non_null(conf_type_name(t[i].type));
		/* The default, written back, is accepted. */
		if (t[i].def[0] != '\0') {
			buf_clear(&f->a);
			buf_printf(&f->a, "set %s \"%s\"", t[i].name, t[i].def);
			assert_true(conf_exec(&f->cfg, buf_str(&f->a), &f->err));
		}
	}
	assert_int_equal(f->cfg.text_width, CONF_TEXT_WIDTH_DEFAULT);
	assert_false(f->cfg.mouse);
	assert_true(conf_exec(&f->cfg, "set mouse yes", &f->err));
	assert_true(f->cfg.mouse);
	assert_false(conf_exec(&f->cfg, "set mouse maybe", &f->err));
	assert_true(f->cfg.mouse);
	assert_false(conf_exec(&f->cfg, "set date-format \"\"", &f->err));
	assert_string_equal(f->cfg.date_format, "%Y-%m-%d");
}

static void
test_date_format(void **state)
{
	struct fixture *f = *state;

	conf_format_date(&f->cfg, "2023-04-12", &f->a);
	assert_string_equal(buf_str(&f->a), "2023-04-12");
	assert_true(conf_exec(&f->cfg, "set date-format \"%d/%m/%Y (%a)\"", &f->err));
	buf_clear(&f->a);
	conf_format_date(&f->cfg, "2023-04-12", &f->a);
	assert_string_equal(buf_str(&f->a), "12/04/2023 (Wed)");
	buf_clear(&f->a);
	assert_true(conf_exec(&f->cfg, "set date-format \"%Y %H:%M\"", &f->err));
	conf_format_date(&f->cfg, "2024-01-02T08:30:00+08:00", &f->a);
	assert_string_equal(buf_str(&f->a), "2024 08:30");
	/* Not a date: shown as written. */
	buf_clear(&f->a);
	conf_format_date(&f->cfg, "spring 2021", &f->a);
	assert_string_equal(buf_str(&f->a), "spring 2021");
}

/* source reads a file relative to the one naming it, or through "~/";
 * its errors name it; a missing one is an error of the source line. */
static void
test_source(void **state)
{
	struct fixture *f = *state;

	setenv("HOME", f->dir, 1);
	test_write(f, "keys", "bind reader x quit\nbogus\n", &f->b);
	test_write(f, "colors", "color status red blue\n", &f->b);
	test_write(f, "config",
		   "source keys\n"
		   "source ~/colors\n"
		   "source missing\n"
		   "set text-width 60\n", &f->a);
	assert_false(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(test_bound(f, KEYMAP_READER, "x"), ACTION_QUIT);
	assert_true(f->cfg.colors[term_element_by_name("status")].set);
	assert_int_equal(f->cfg.text_width, 60);
	assert_int_equal(f->cfg.n_errors, 2);
	assert_true(test_contains(f->cfg.errors[0], "/keys:2: "));
	assert_true(test_contains(f->cfg.errors[1], "/config:3: "));
	assert_true(test_contains(f->cfg.errors[1], "missing"));
}

/* A file that sources itself, directly or through another, is read once;
 * the line that would loop is the error. */
static void
test_source_loop(void **state)
{
	struct fixture *f = *state;

	test_write(f, "a", "set text-width 50\nsource b\n", &f->b);
	test_write(f, "b", "bind reader x quit\nsource a\n", &f->b);
	test_write(f, "self", "source self\n", &f->a);
	assert_false(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_errors, 1);
	assert_true(test_contains(f->cfg.errors[0], "self:1: "));
	buf_clear(&f->a);
	buf_printf(&f->a, "%s/a", f->dir);
	assert_false(conf_load(&f->cfg, buf_str(&f->a)));
	assert_int_equal(f->cfg.n_errors, 2);
	assert_true(test_contains(f->cfg.errors[1], "/b:2: "));
	assert_int_equal(f->cfg.text_width, 50);
	assert_int_equal(test_bound(f, KEYMAP_READER, "x"), ACTION_QUIT);
}

/* At run time, a sourced file's errors come back to the ':' line. */
static void
test_exec_source(void **state)
{
	struct fixture *f = *state;

	test_write(f, "more", "set text-width 33\nnope\nnope again\n", &f->a);
	buf_clear(&f->b);
	buf_printf(&f->b, "source %s", buf_str(&f->a));
	assert_false(conf_exec(&f->cfg, buf_str(&f->b), &f->err));
	assert_true(test_contains(err_msg(&f->err), "more:2: "));
	assert_true(test_contains(err_msg(&f->err), "1 more error"));
	assert_int_equal(f->cfg.text_width, 33);
}

/* The highlight settings: a colour 1-4 and osc52 yes or no. */
static void
test_highlight_settings(void **state)
{
	static const char *const bad[] = {
		"set highlight-color 0", "set highlight-color 5",
		"set highlight-color 12", "set highlight-color red",
		"set osc52 on", "set osc52 1", "set osc52 YES",
	};
	struct fixture *f = *state;

	assert_int_equal(f->cfg.highlight_color, 1);
	assert_true(f->cfg.osc52);
	assert_true(conf_exec(&f->cfg, "set highlight-color 3", &f->err));
	assert_true(conf_exec(&f->cfg, "set osc52 no", &f->err));
	assert_int_equal(f->cfg.highlight_color, 3);
	assert_false(f->cfg.osc52);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_fini(&f->err);
		if (conf_exec(&f->cfg, bad[i], &f->err))
			fail_msg("\"%s\" was accepted", bad[i]);
	}
	assert_int_equal(f->cfg.highlight_color, 3);
	assert_true(conf_exec(&f->cfg, "set osc52 yes", &f->err));
	assert_true(f->cfg.osc52);
}

/* The annotated config shipped with the program changes nothing. */
static void
test_shipped_config(void **state)
{
	struct fixture *f = *state;

	assert_true(conf_load(&f->cfg, FIXTURES "/../../data/config"));
	assert_int_equal(f->cfg.n_errors, 0);
	assert_int_equal(f->cfg.n_archives, 0);
}

/* The lines of data/config, as heap strings. */
struct test_lines {
	char **v;
	size_t n;
};

static void
test_read_lines(const char *path, struct test_lines *out)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	assert_non_null(fp);
	out->v = NULL;
	out->n = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
		out->v[out->n++] = xstrdup(line);
	}
	free(line);
	fclose(fp);
}

static void
test_free_lines(struct test_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Return true when some line equals want (or, with prefix, starts with
 * it). */
static bool
test_has_line(const struct test_lines *l, const char *want, bool prefix)
{
	for (size_t i = 0; i < l->n; i++)
		if (prefix ? strncmp(l->v[i], want, strlen(want)) == 0 :
		    strcmp(l->v[i], want) == 0)
			return true;
	return false;
}

/* Append the "# bind CONTEXT KEYS ACTION" line of default binding b. */
static void
test_bind_line(const struct keymap_binding *b, struct buf *out)
{
	size_t n = 0;

	while (n < KEYMAP_SEQ_MAX && b->keys[n])
		n++;
	buf_printf(out, "# bind %s ", keymap_context_name(b->context));
	keymap_seq_name(b->keys, n, out);
	buf_printf(out, " %s", action_info(b->action)->name);
}

/* data/config lists every setting with its default, every default
 * binding and every colour element, and nothing else: a binding or a
 * setting added to the tables without it fails here, and the message
 * gives the line to add. */
static void
test_shipped_config_complete(void **state)
{
	struct fixture *f = *state;
	struct test_lines l;
	size_t n_set, missing = 0, n_bind = 0;
	const struct conf_setting *t = conf_settings_table(&n_set);

	test_read_lines(FIXTURES "/../../data/config", &l);
	for (size_t i = 0; i < n_set; i++) {
		buf_clear(&f->a);
		buf_printf(&f->a, "# set %s %s", t[i].name, t[i].def);
		if (!test_has_line(&l, buf_str(&f->a), t[i].def[0] == '\0')) {
			print_message("data/config lacks: %s\n", buf_str(&f->a));
			missing++;
		}
	}
	for (size_t i = 0; i < f->cfg.keymap.n; i++) {
		buf_clear(&f->a);
		test_bind_line(&f->cfg.keymap.bindings[i], &f->a);
		if (!test_has_line(&l, buf_str(&f->a), false)) {
			print_message("data/config lacks: %s\n", buf_str(&f->a));
			missing++;
		}
	}
	for (int el = 0; el < TERM_N_ELEMENTS; el++) {
		buf_clear(&f->a);
		buf_printf(&f->a, "# color %s ",
			   term_element_name((enum term_element)el));
		if (!test_has_line(&l, buf_str(&f->a), true)) {
			print_message("data/config lacks: %s...\n", buf_str(&f->a));
			missing++;
		}
	}
	/* Nothing more: every bind line is a default binding. */
	for (size_t i = 0; i < l.n; i++)
		if (strncmp(l.v[i], "# bind ", 7) == 0)
			n_bind++;
	if (n_bind != f->cfg.keymap.n) {
		print_message("data/config has %zu bind lines for %zu default "
			      "bindings\n", n_bind, f->cfg.keymap.n);
		missing++;
	}
	test_free_lines(&l);
	assert_int_equal(missing, 0);
}

/* Every command in data/config, uncommented, is valid and leaves the
 * defaults as they are. */
static void
test_shipped_config_valid(void **state)
{
	static const char *const cmds[] = { "# set ", "# bind ", "# unbind ",
					     "# color ", "# source " };
	struct fixture *f = *state;
	struct test_lines l;
	size_t bad = 0, before = f->cfg.keymap.n;

	test_read_lines(FIXTURES "/../../data/config", &l);
	for (size_t i = 0; i < l.n; i++)
		for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
			if (strncmp(l.v[i], cmds[c], strlen(cmds[c])) != 0 ||
			    strncmp(l.v[i], "# source ", 9) == 0)
				continue;
			err_fini(&f->err);
			if (!conf_exec(&f->cfg, l.v[i] + 2, &f->err)) {
				print_message("data/config:%zu: %s\n", i + 1,
					      err_msg(&f->err));
				bad++;
			}
		}
	test_free_lines(&l);
	assert_int_equal(bad, 0);
	assert_int_equal(f->cfg.keymap.n, before);
}

/* Return paths_config_file's answer, kept in f->a. */
static const char *
test_config_file(struct fixture *f)
{
	buf_clear(&f->a);
	paths_config_file(&f->a);
	return buf_str(&f->a);
}

/* Return paths_db_file's answer, kept in f->a. */
static const char *
test_db_file(struct fixture *f)
{
	buf_clear(&f->a);
	paths_db_file(NULL, &f->a);
	return buf_str(&f->a);
}

static void
test_xdg_paths(void **state)
{
	struct fixture *f = *state;

	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	assert_string_equal(test_config_file(f), "/cfg/tsundoku/config");
	assert_string_equal(test_db_file(f), "/data/tsundoku/tsundoku.db");

	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
	assert_string_equal(test_config_file(f),
			    "/home/u/.config/tsundoku/config");
	assert_string_equal(test_db_file(f),
			    "/home/u/.local/share/tsundoku/tsundoku.db");

	/* Relative and empty values are invalid under the XDG spec. */
	setenv("XDG_CONFIG_HOME", "relative/cfg", 1);
	setenv("XDG_DATA_HOME", "", 1);
	assert_string_equal(test_config_file(f),
			    "/home/u/.config/tsundoku/config");
	assert_string_equal(test_db_file(f),
			    "/home/u/.local/share/tsundoku/tsundoku.db");
}

static void
test_mkdir_parent(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	buf_printf(&f->a, "%s/a/b/c", f->dir);
	buf_printf(&f->b, "%s/tsundoku.db", buf_str(&f->a));
	assert_true(paths_mkdir_parent(buf_str(&f->b), &f->err));
	assert_int_equal(stat(buf_str(&f->a), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	/* The file itself is not created. */
	assert_int_not_equal(stat(buf_str(&f->b), &st), 0);
	/* Existing directories are fine. */
	assert_true(paths_mkdir_parent(buf_str(&f->b), &f->err));
	assert_string_equal(err_msg(&f->err), "");
}

/* A regular file where a directory should be is a failure with a
 * message, at any depth. */
static void
test_mkdir_parent_blocked(void **state)
{
	struct fixture *f = *state;

	test_write(f, "plain", "not a directory\n", &f->a);
	buf_printf(&f->b, "%s/sub/tsundoku.db", buf_str(&f->a));
	assert_false(paths_mkdir_parent(buf_str(&f->b), &f->err));
	assert_true(test_contains(err_msg(&f->err), buf_str(&f->a)));
	err_fini(&f->err);
	buf_clear(&f->b);
	buf_printf(&f->b, "%s/tsundoku.db", buf_str(&f->a));
	assert_false(paths_mkdir_parent(buf_str(&f->b), &f->err));
	assert_true(err_msg(&f->err)[0] != '\0');
}

/* conf_load_leftovers' complaints, counted; the last kept. */
struct complaints {
	int n;
	char last[512];
};

static void
test_complain(const char *msg, void *ctx)
{
	struct complaints *c = ctx;

	c->n++;
	snprintf(c->last, sizeof c->last, "%s", msg);
}

/* Write text to the file dir/name (dir created). */
static void
test_put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The bundled rules, then the user's: both apply, and a mistake in the
 * user's file is named once while the good rules stay. */
static void
test_load_leftovers(void **state)
{
	struct fixture *f = *state;
	struct complaints c = { 0 };
	struct tidy_rules r;

	buf_printf(&f->a, "%s/data", f->dir);
	setenv("TSUNDOKU_DATADIR", buf_str(&f->a), 1);
	test_put(buf_str(&f->a), "leftovers", "[*]\nline 微信扫一扫\n");
	buf_printf(&f->b, "%s/cfg", f->dir);
	setenv("XDG_CONFIG_HOME", buf_str(&f->b), 1);
	assert_int_equal(mkdir(buf_str(&f->b), 0700), 0);
	buf_adds(&f->b, "/tsundoku");
	test_put(buf_str(&f->b), "leftovers", "[*]\nline 关注\n");
	tidy_rules_init(&r);
	conf_load_leftovers("/usr/bin/tsundoku", &r, test_complain, &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(r.n_rules, 2);
	tidy_rules_fini(&r);

	test_put(buf_str(&f->b), "leftovers", "[*]\nfrobnicate 关注\n");
	tidy_rules_init(&r);
	conf_load_leftovers("/usr/bin/tsundoku", &r, test_complain, &c);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.last, "leftovers"));
	assert_int_equal(r.n_rules, 1);
	tidy_rules_fini(&r);
}

static void
test_data_dir(void **state)
{
	struct fixture *f = *state;

	setenv("TSUNDOKU_DATADIR", "/opt/tsundoku-data", 1);
	paths_data_dir("/usr/bin/tsundoku", &f->a);
	assert_string_equal(buf_str(&f->a), "/opt/tsundoku-data");

	/* Uninstalled: the build tree's data/ next to src/. */
	unsetenv("TSUNDOKU_DATADIR");
	buf_clear(&f->a);
	buf_printf(&f->a, "%s/src", f->dir);
	assert_int_equal(mkdir(buf_str(&f->a), 0700), 0);
	buf_clear(&f->a);
	buf_printf(&f->a, "%s/data", f->dir);
	assert_int_equal(mkdir(buf_str(&f->a), 0700), 0);
	buf_adds(&f->a, "/samples");
	assert_int_equal(mkdir(buf_str(&f->a), 0700), 0);
	buf_clear(&f->a);
	buf_clear(&f->b);
	buf_printf(&f->b, "%s/src/tsundoku", f->dir);
	paths_data_dir(buf_str(&f->b), &f->a);
	buf_clear(&f->b);
	buf_printf(&f->b, "%s/src/../data", f->dir);
	assert_string_equal(buf_str(&f->a), buf_str(&f->b));

	/* Installed: the package data directory. */
	buf_clear(&f->a);
	buf_clear(&f->b);
	buf_printf(&f->b, "%s/tsundoku", f->dir);
	paths_data_dir(buf_str(&f->b), &f->a);
	assert_string_equal(buf_str(&f->a), PKGDATADIR);
	buf_clear(&f->a);
	paths_data_dir("tsundoku", &f->a);
	assert_string_equal(buf_str(&f->a), PKGDATADIR);
}

#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_missing_file),
		T(test_missing_given_file),
		T(test_archives),
		T(test_tilde_only_at_start),
		T(test_quotes_and_escapes),
		T(test_bad_lines),
		T(test_errors_accumulate),
		T(test_unreadable),
		T(test_exec_errors),
		T(test_bind),
		T(test_unbind),
		T(test_bind_errors),
		T(test_color),
		T(test_element_names),
		T(test_settings),
		T(test_date_format),
		T(test_source),
		T(test_source_loop),
		T(test_exec_source),
		T(test_highlight_settings),
		T(test_shipped_config),
		T(test_shipped_config_complete),
		T(test_shipped_config_valid),
		T(test_xdg_paths),
		T(test_mkdir_parent),
		T(test_mkdir_parent_blocked),
		T(test_load_leftovers),
		T(test_data_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
